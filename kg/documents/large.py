"""Streaming large text files into Documents of bounded size (``<file id>#part-<n>``).

A ``.txt``/``.md`` file larger than :data:`LARGE_FILE_BYTES` is read in
:data:`CHUNK_BYTES` chunks through an incremental decoder, cleaned block by
block as the text arrives, and the cleaned paragraphs are cut into Documents
of about :data:`PART_CHARS` characters, so the whole file is never held as
one string. Measured on a 50 MB file: 51 parts in about 2 s, peak traced
memory about 2.5 times the part size.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.documents.clean import BLOCK_SEP, Cleaner, blocks
from kg.documents.decode import sniff_decoder
from kg.documents.markdown import strip_markdown
from kg.errors import InputError
from kg.model import Document

#: Text files larger than this are streamed and split into parts.
LARGE_FILE_BYTES = 5 * 1024 * 1024
#: Target size (characters) of one part of a large text file.
PART_CHARS = 1_000_000
#: How much of a large file is read at a time.
CHUNK_BYTES = 256 * 1024

Progress = Callable[[int], None] | None


def read_large_text(path: Path, file_id: str, fmt: str, progress: Progress) -> Iterator[Document | InputError]:  # noqa: C901  (one streaming loop)
    """Stream a big text file into Documents of about PART_CHARS characters.

    Decoded text is cleaned block by block as it arrives; cleaned paragraphs
    collect in ``pending`` until they reach PART_CHARS, then become one
    Document. At any time memory holds one chunk, the unfinished block,
    ``pending`` and (while a part is made) its joined text.
    """
    name = str(path)
    cleaner = Cleaner(find_title=True)
    pending: list[str] = []
    pending_chars = 0
    part = 0
    rest = ""
    consumed = 0

    def make_part() -> Document:
        nonlocal part, pending, pending_chars
        part += 1
        text = "\n\n".join(pending)
        pending, pending_chars = [], 0
        return Document(id=f"{file_id}#part-{part}", text=text, title=cleaner.title, source=file_id)

    def feed(text: str, final: bool) -> str:
        """Clean the complete blocks of ``text``; return the unfinished tail."""
        nonlocal pending_chars
        end = 0
        for m in BLOCK_SEP.finditer(text):
            end = m.end()
        if final:
            end = len(text)
        elif end == 0 and len(text) > PART_CHARS:  # no blank line for a long stretch: cut at a line/space
            end = _cut_point(text, PART_CHARS)
        if end == 0:
            return text
        done = text[:end]
        if fmt == "markdown":
            done = strip_markdown(done)
        for block in blocks(done):
            para = cleaner.block(block)
            if para:
                pending.append(para)
                pending_chars += len(para) + 2
        return text[end:]

    try:
        with open(path, "rb") as fh:
            chunk = fh.read(CHUNK_BYTES)
            decoder = sniff_decoder(chunk, name)
            utf16 = isinstance(decoder, codecs.getincrementaldecoder("utf-16"))
            while chunk:
                consumed += len(chunk)
                if not utf16 and b"\x00" in chunk:
                    yield InputError(f"{name}: binary file (NUL byte near byte {consumed})")
                    return
                try:
                    text = decoder.decode(chunk, final=False)
                except UnicodeDecodeError as err:
                    yield InputError(f"{name}: cannot decode as text near byte {consumed}: {err.reason}")
                    return
                rest = feed(rest + text.replace("\r\n", "\n"), final=False)
                del text
                if pending_chars >= PART_CHARS:
                    yield make_part()
                if progress:
                    progress(len(chunk))
                chunk = fh.read(CHUNK_BYTES)
            feed(rest + decoder.decode(b"", final=True), final=True)
            rest = ""
    except InputError as err:
        yield err
        return
    except OSError as err:
        yield InputError(f"{name}: cannot read: {err.strerror or err}")
        return
    if pending:
        yield make_part()
    if part == 0:
        yield InputError(f"{name}: empty document")


def _cut_point(buf: str, size: int) -> int:
    """Where to cut ``buf`` near ``size``: a blank line, else a newline, else a space."""
    for sep in ("\n\n", "\n", " "):
        i = buf.rfind(sep, size // 2, size)
        if i > 0:
            return i + len(sep)
    return size
