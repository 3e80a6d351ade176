"""JSONL files: one document per line (``id``, ``text``, optional ``title``, ``date``, ``url`` / ``source``).

A bad line is reported (file and line number) and the others are read:
invalid JSON, JSON nested too deeply for the parser (a 2.5 KB line of 1,200
``[`` is enough), text holding a lone surrogate (``"\\ud800"``: JSON can
escape one, no text encoding can hold it), a missing ``text``, an ``id``
used by an earlier line. A record without an ``id`` gets one derived from
its text (``<file id>#<sha256 of the text, 16 hex>``), so deleting or
moving another line does not renumber it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

from kg.documents.clean import clean_text
from kg.documents.dates import parse_date
from kg.documents.files import open_regular
from kg.documents.large import Progress
from kg.errors import InputError
from kg.model import Document

_SURROGATE = re.compile("[\ud800-\udfff]")


def content_id(file_id: str, text: str) -> str:
    """The id of a record without one: the file's id and a hash of the record's text.

    >>> content_id("news.jsonl", "Iran backs the militias.")
    'news.jsonl#4475cea578a539e5'
    """
    return f"{file_id}#{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}"


def _record(line: str, where: str) -> dict:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(f"{where}: invalid JSON ({err.msg} at column {err.colno})") from None
    except RecursionError:
        raise InputError(f"{where}: JSON nested too deeply to read") from None
    if not isinstance(rec, dict):
        raise InputError(f"{where}: not a JSON object")
    for key in ("text", "id", "title", "date", "url", "source"):
        value = rec.get(key)
        if isinstance(value, str) and _SURROGATE.search(value):
            raise InputError(f'{where}: "{key}" holds a lone surrogate escape (\\ud800-\\udfff), not text')
    return rec


def read_jsonl(path: Path, file_id: str, progress: Progress) -> Iterator[Document | InputError]:  # noqa: C901
    try:
        fh = open_regular(path)
    except InputError as err:
        yield err
        return
    seen = False
    ids: dict[str, int] = {}
    with fh:
        for lineno, raw in enumerate(fh, 1):
            if progress:
                progress(len(raw))
            if not raw.strip():
                continue
            seen = True
            where = f"{path}:{lineno}"
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError:
                yield InputError(f"{where}: not UTF-8 text")
                continue
            try:
                rec = _record(line, where)
            except InputError as err:
                yield err
                continue
            text = rec.get("text")
            if text is not None and not isinstance(text, str):
                yield InputError(f'{where}: "text" must be a string, not {type(text).__name__}')
                continue
            if not text or not text.strip():
                yield InputError(f'{where}: missing or empty "text"')
                continue
            rid = rec.get("id")
            if rid is not None and not isinstance(rid, (str, int)) or rid == "" or isinstance(rid, bool):
                yield InputError(f'{where}: "id" must be a non-empty string or number')
                continue
            doc_id = str(rid) if rid is not None else content_id(file_id, text)
            if doc_id in ids:
                what = f"id {doc_id!r}" if rid is not None else "text (so its derived id)"
                yield InputError(f"{where}: same {what} as line {ids[doc_id]}; not read")
                continue
            ids[doc_id] = lineno
            title, body = clean_text(text.replace("\r\n", "\n"), find_title=False)
            if not body.strip():
                yield InputError(f"{where}: no text left after removing boilerplate")
                continue
            title = rec.get("title") if isinstance(rec.get("title"), str) else None
            url = rec.get("url") or rec.get("source")
            yield Document(
                id=doc_id,
                text=body,
                title=title.strip() if title else None,
                date=parse_date(rec.get("date")) if isinstance(rec.get("date"), str) else None,
                source=url if isinstance(url, str) and url else file_id,
            )
    if not seen:
        yield InputError(f"{path}: empty document")
