"""Read documents: files and folders in, one :class:`~kg.model.Document` per document out.

:func:`read_documents` is the one entry point of the pipeline. It yields a
Document per input document and, for every input it cannot read, an
:class:`~kg.errors.InputError` *instance* (not raised) whose message is one
line naming the file (and line, for JSONL) and the problem, so the caller
reports it and goes on with the other inputs. Each format has its module:
:mod:`~kg.documents.decode` (bytes), :mod:`~kg.documents.clean`
(boilerplate), :mod:`~kg.documents.html`, :mod:`~kg.documents.markdown`,
:mod:`~kg.documents.jsonl`, :mod:`~kg.documents.large` (streamed files),
:mod:`~kg.documents.dates`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.documents import large
from kg.documents.clean import clean_text
from kg.documents.dates import dateline, parse_date
from kg.documents.decode import decode_bytes
from kg.documents.html import html_document
from kg.documents.jsonl import read_jsonl
from kg.documents.large import Progress, read_large_text
from kg.documents.markdown import front_matter, strip_markdown
from kg.errors import InputError
from kg.model import Document

#: Extensions read, by format. To add a format: a module here that makes Documents, and a line in
#: :func:`_read_file` (DESIGN.md, "Contributing").
FORMATS = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}

_NOT_CONTENT = {"README", "LICENSE", "LICENCE", "CHANGELOG", "NOTICE", "COPYING"}
_UNKNOWN = "unknown format, expected .txt .md .html .htm .jsonl"


def read_documents(
    paths: Iterable[str | Path], *, root: Path | None = None, progress: Progress = None
) -> Iterator[Document | InputError]:
    """Read every document in ``paths`` (files or folders, searched recursively).

    Parameters
    ----------
    paths
        Files and folders. Folders are searched recursively in sorted order;
        hidden files and files of other extensions in folders are skipped.
    root
        Ids are file paths relative to this folder (default: each folder
        argument, or a file argument's own folder).
    progress
        Called with the number of bytes consumed after each file or chunk.

    Yields
    ------
    Document or InputError
        One Document per document; an InputError (not raised) per unreadable
        file or JSONL line, with a one-line message naming it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("Iran and Iraq signed a security pact on Monday.")
    >>> _ = (d / "b.jsonl").write_text('{"id": "x1", "text": "NATO met.", "date": "7 March 2015"}\\n[1]\\n')
    >>> for item in read_documents([d], root=d):
    ...     if isinstance(item, InputError):
    ...         print("error:", str(item).replace(str(d) + "/", ""))
    ...     else:
    ...         print(item.id, item.date)
    a.txt None
    x1 2015-03-07
    error: b.jsonl:2: not a JSON object
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for raw in paths:
        given = Path(raw)
        base = Path(root) if root is not None else (given if given.is_dir() else given.parent)
        base = base.resolve()
        for item in iter_files([given]):
            if isinstance(item, InputError):
                yield item
                continue
            yield from _read_file(item, base, progress)


def read_document(path: str | Path, *, root: Path | None = None) -> Document:
    """Read one ``.txt``/``.md``/``.html`` file as one Document (raises :class:`InputError`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "note.md"
    >>> _ = p.write_text("---\\ndate: 2015-03-04\\n---\\n# Kerry meets Zarif\\n\\nThe **US** and Iran met in Geneva.")
    >>> doc = read_document(p, root=p.parent)
    >>> doc.id, doc.title, doc.date
    ('note.md', 'Kerry meets Zarif', '2015-03-04')
    >>> doc.text
    'Kerry meets Zarif\\n\\nThe US and Iran met in Geneva.'
    """
    p = Path(path)
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None or fmt == "jsonl":
        raise InputError(
            f"{p}: {_UNKNOWN}" if fmt is None else f"{p}: a .jsonl file holds many documents; use read_documents"
        )
    root_dir = Path(root if root is not None else p.parent).resolve()
    data = _read_bytes(p)
    return _document_from_bytes(p, data, fmt, _file_id(p, root_dir))


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """The files to read: explicit files as given, folders searched recursively.

    In a folder, hidden files and folders (name starting with ``.``), files
    of other extensions, and a folder's own documentation (``README``,
    ``LICENSE``, ``CHANGELOG``, ``NOTICE`` of any extension) are skipped;
    files come in sorted path order.
    A missing path, or an explicit file of an unknown extension, gives an
    InputError.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = []
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in filenames:
                    if (
                        not name.startswith(".")
                        and Path(name).suffix.lower() in FORMATS
                        and Path(name).stem.upper() not in _NOT_CONTENT
                    ):
                        found.append(Path(dirpath) / name)
            yield from sorted(found, key=lambda f: f.relative_to(p).as_posix())
        elif p.is_file():
            if p.suffix.lower() in FORMATS:
                yield p
            else:
                yield InputError(f"{p}: {_UNKNOWN}")
        elif p.exists():
            yield InputError(f"{p}: not a regular file")
        else:
            yield InputError(f"{p}: no such file or directory")


def input_size(paths: Iterable[str | Path]) -> int:
    """Total bytes of the files :func:`iter_files` would read (for a progress bar)."""
    total = 0
    for item in iter_files(paths):
        if isinstance(item, Path):
            try:
                total += item.stat().st_size
            except OSError:
                pass
    return total


def _file_id(path: Path, root: Path) -> str:
    full = path.resolve()
    try:
        return full.relative_to(root).as_posix()
    except ValueError:
        return full.as_posix()


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from None


def _read_file(path: Path, root: Path, progress: Progress) -> Iterator[Document | InputError]:
    fmt = FORMATS[path.suffix.lower()]
    file_id = _file_id(path, root)
    try:
        size = path.stat().st_size
    except OSError as err:
        yield InputError(f"{path}: cannot read: {err.strerror or err}")
        return
    if fmt == "jsonl":
        yield from read_jsonl(path, file_id, progress)
        return
    if fmt in ("text", "markdown") and size > large.LARGE_FILE_BYTES:
        yield from read_large_text(path, file_id, fmt, progress)
        return
    try:
        data = _read_bytes(path)
        yield _document_from_bytes(path, data, fmt, file_id)
    except InputError as err:
        yield err
    finally:
        if progress:
            progress(size)


def _document_from_bytes(path: Path, data: bytes, fmt: str, doc_id: str) -> Document:
    text = decode_bytes(data, str(path))
    if fmt == "html":
        return html_document(text, doc_id, str(path))
    meta: dict[str, str] = {}
    if fmt == "markdown":
        meta, text = front_matter(text)
        text = strip_markdown(text)
    title, body = clean_text(text)
    title = meta.get("title") or title
    if not body.strip():
        raise InputError(f"{path}: no text")
    date = parse_date(meta.get("date")) or dateline(text)
    return Document(
        id=doc_id, text=body, title=title, date=date, source=meta.get("url") or meta.get("source") or doc_id
    )
