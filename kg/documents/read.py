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

from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.documents import large
from kg.documents.clean import clean_text
from kg.documents.dates import dateline, parse_date
from kg.documents.decode import decode_bytes
from kg.documents.files import FORMATS, UNKNOWN, file_id, iter_files, read_regular
from kg.documents.html import html_document
from kg.documents.jsonl import read_jsonl
from kg.documents.large import Progress, read_large_text, split_document
from kg.documents.markdown import front_matter, strip_markdown
from kg.errors import InputError
from kg.model import Document


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
        file or JSONL line, with a one-line message naming it. Two inputs that
        map to one document id (two folders holding ``x.txt``, two JSONL
        records with one ``id``) are not merged: the second is refused.

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
    first: dict[str, str] = {}  # document id -> where it was read from
    for raw in paths:
        given = Path(raw)
        base = Path(root) if root is not None else (given if given.is_dir() else given.parent)
        base = base.resolve()
        for item in iter_files([given]):
            if isinstance(item, InputError):
                yield item
                continue
            for doc in _read_file(item, base, progress):
                if isinstance(doc, Document):
                    if doc.id in first:
                        doc = InputError(
                            f"{item}: document id {doc.id!r} is already taken by {first[doc.id]}; not read "
                            "(give it another id, or build the folders under one root)"
                        )
                    else:
                        first[doc.id] = str(item)
                yield doc
                del doc  # not kept while the next part of a large file is made


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
            f"{p}: {UNKNOWN}" if fmt is None else f"{p}: a .jsonl file holds many documents; use read_documents"
        )
    root_dir = Path(root if root is not None else p.parent).resolve()
    data = read_regular(p)
    return _document_from_bytes(p, data, fmt, file_id(p, root_dir))


def _read_file(path: Path, root: Path, progress: Progress) -> Iterator[Document | InputError]:
    fmt = FORMATS[path.suffix.lower()]
    fid = file_id(path, root)
    try:
        size = path.stat().st_size
    except OSError as err:
        yield InputError(f"{path}: cannot read: {err.strerror or err}")
        return
    if fmt == "jsonl":
        for item in read_jsonl(path, fid, progress):
            yield from (split_document(item) if isinstance(item, Document) else [item])
        return
    if fmt in ("text", "markdown") and size > large.LARGE_FILE_BYTES:
        yield from read_large_text(path, fid, fmt, progress)
        return
    try:
        data = read_regular(path)
        doc = _document_from_bytes(path, data, fmt, fid)
        del data
        yield from split_document(doc)
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
