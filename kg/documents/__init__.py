"""Read news documents: ``.txt``, ``.md``, ``.html``/``.htm``, ``.jsonl`` and folders.

:func:`read_documents` (:mod:`kg.documents.read`) is the one entry point.
The flow for one file: bytes -> text (:mod:`~kg.documents.decode`) -> format
(:mod:`~kg.documents.html`, :mod:`~kg.documents.markdown`,
:mod:`~kg.documents.jsonl`; large text files streamed by
:mod:`~kg.documents.large`) -> boilerplate removed (:mod:`~kg.documents.clean`)
-> dates read (:mod:`~kg.documents.dates`) -> a :class:`~kg.model.Document`.

Document ids (stable across runs, documented in DESIGN.md "Contracts")
    - a JSONL record's ``id`` field when it has one, else ``<file id>#<line>``;
    - a file's path relative to the build root, with ``/`` separators. The
      build root is ``root`` when given; otherwise the folder argument the
      file was found in (``kg build seeds`` -> ``vox.txt``,
      ``kg build corpus`` -> ``2015/march/a.html``), or for a file given
      directly, its own folder (its name). So ids do not depend on the
      directory ``kg`` runs from, and the same corpus built twice from
      different places is the same set of documents. A file outside an
      explicit ``root`` gets its absolute path;
    - a large text file split into parts: ``<file id>#part-<n>`` (n from 1).

Give ``progress`` to :func:`read_documents` to be told how many bytes were
consumed (for a progress bar in bytes; :func:`input_size` gives the total).
"""

from kg.documents.clean import clean_text
from kg.documents.dates import dateline, parse_date
from kg.documents.decode import decode_bytes
from kg.documents.files import FORMATS, input_size, iter_files
from kg.documents.large import CHUNK_BYTES, LARGE_FILE_BYTES, PART_CHARS
from kg.documents.markdown import strip_markdown
from kg.documents.read import read_document, read_documents

__all__ = [
    "CHUNK_BYTES",
    "FORMATS",
    "LARGE_FILE_BYTES",
    "PART_CHARS",
    "clean_text",
    "dateline",
    "decode_bytes",
    "input_size",
    "iter_files",
    "parse_date",
    "read_document",
    "read_documents",
    "strip_markdown",
]
