"""Ingest (`kg build`): documents -> NLP -> one transaction per document in the store.

- :mod:`kg.ingest.run` — :func:`build` / :func:`remove` and the extractor seam.
- :mod:`kg.ingest.cluster` — extractors on local processes or a Dask cluster (``[dask]`` extra).
"""

from kg.ingest.run import BuildReport, build, build_documents, default_extractor, remove

__all__ = ["BuildReport", "build", "build_documents", "default_extractor", "remove"]
