"""JSONL files: one document per line (``id``, ``text``, optional ``title``, ``date``, ``url`` / ``source``).

A bad line is reported (file and line number) and the others are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from kg.documents.clean import clean_text
from kg.documents.dates import parse_date
from kg.documents.large import Progress
from kg.errors import InputError
from kg.model import Document


def read_jsonl(path: Path, file_id: str, progress: Progress) -> Iterator[Document | InputError]:
    try:
        fh = open(path, "rb")
    except OSError as err:
        yield InputError(f"{path}: cannot read: {err.strerror or err}")
        return
    seen = False
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
                rec = json.loads(line)
            except json.JSONDecodeError as err:
                yield InputError(f"{where}: invalid JSON ({err.msg} at column {err.colno})")
                continue
            if not isinstance(rec, dict):
                yield InputError(f"{where}: not a JSON object")
                continue
            text = rec.get("text")
            if not isinstance(text, str) or not text.strip():
                yield InputError(f'{where}: missing or empty "text"')
                continue
            rid = rec.get("id")
            if rid is not None and not isinstance(rid, (str, int)) or rid == "":
                yield InputError(f'{where}: "id" must be a non-empty string or number')
                continue
            title, body = clean_text(text.replace("\r\n", "\n"), find_title=False)
            if not body.strip():
                yield InputError(f"{where}: no text left after removing boilerplate")
                continue
            title = rec.get("title") if isinstance(rec.get("title"), str) else None
            url = rec.get("url") or rec.get("source")
            yield Document(
                id=str(rid) if rid is not None else f"{file_id}#{lineno}",
                text=body,
                title=title.strip() if title else None,
                date=parse_date(rec.get("date")) if isinstance(rec.get("date"), str) else None,
                source=url if isinstance(url, str) and url else file_id,
            )
    if not seen:
        yield InputError(f"{path}: empty document")
