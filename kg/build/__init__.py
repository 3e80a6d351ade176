"""Build the graph: documents -> NLP -> one transaction per document in the store.

- :mod:`kg.build.run` — :func:`build` / :func:`remove` and the extractor seam.
- :mod:`kg.build.cluster` — extractors on local processes or a Dask cluster (``[dask]`` extra).
"""

from kg.build.run import BuildReport, build, build_documents, default_extractor, remove

__all__ = ["BuildReport", "build", "build_documents", "default_extractor", "remove"]
