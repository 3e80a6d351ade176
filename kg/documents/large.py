"""Streaming large text files into Documents of bounded size (``<file id>#part-<n>``).

A ``.txt``/``.md`` file larger than :data:`LARGE_FILE_BYTES` is read in
:data:`CHUNK_BYTES` chunks through an incremental decoder, cleaned block by
block as the text arrives, and the cleaned paragraphs are cut into Documents
of about :data:`PART_CHARS` characters, so the whole file is never held as
one string. Measured on a 50 MB file: about 500 parts in about 2 s, peak
traced memory about 3 times the part size.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.documents.clean import BLOCK_SEP, Cleaner, blocks
from kg.documents.decode import sniff_decoder
from kg.documents.files import open_regular
from kg.documents.markdown import strip_markdown
from kg.errors import InputError
from kg.model import Document

#: Text files larger than this are streamed and split into parts.
LARGE_FILE_BYTES = 5 * 1024 * 1024
#: Target size (characters) of one part of a large text file, and the most any Document holds. The NLP
#: stage's memory grows with a document's length (a 1.1 MB text without blank lines peaked at 3.7 GB as one
#: document), so parts are as long as the longest text it hands spaCy at once (kg.nlp.pipeline.MAX_CHARS).
PART_CHARS = 100_000
#: Longest paragraph a Document holds; a longer one (a text with no blank lines) is cut at sentence ends.
#: The NLP stage hands spaCy a paragraph per doc, 64 docs a batch, and spaCy's memory follows the characters
#: in a batch: a 1.1 MB text without blank lines peaked at 3.7 GB RSS (kg build, one process), cut at 5,000
#: characters at 1.4 GB, at 2,000 at 0.74 GB. 2,000 is above almost every news paragraph.
MAX_PARAGRAPH_CHARS = 2_000
#: How much of a large file is read at a time.
CHUNK_BYTES = 64 * 1024

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
                para = short_paragraphs(para)
                pending.append(para)
                pending_chars += len(para) + 2
        return text[end:]

    try:
        with open_regular(path) as fh:
            chunk = fh.read(CHUNK_BYTES)
            decoder = sniff_decoder(chunk, name)
            utf16 = type(decoder) is codecs.getincrementaldecoder("utf-16")
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


_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")


def short_paragraphs(text: str, limit: int | None = None) -> str:
    """``text`` with every paragraph over ``limit`` characters cut into paragraphs at sentence ends.

    Text whose paragraphs are all short is returned as it is (the same object).

    >>> short_paragraphs("One. Two. Three. Four.", limit=10)
    'One. Two.\\n\\nThree.\\n\\nFour.'
    >>> t = "Short.\\n\\nAlso short."
    >>> short_paragraphs(t, limit=20) is t
    True
    """
    limit = limit or MAX_PARAGRAPH_CHARS
    if len(text) <= limit or all(len(b) <= limit for b in blocks(text)):
        return text
    out = []
    for block in blocks(text):
        while len(block) > limit:
            cut = max((m.end() for m in _SENTENCE_END.finditer(block, 0, limit)), default=0)
            if cut < limit // 4:
                cut = _cut_point(block, limit)
            out.append(block[:cut].rstrip())
            block = block[cut:].lstrip()
        out.append(block)
    return "\n\n".join(p for p in out if p)


def split_document(doc: Document) -> Iterator[Document]:
    """``doc`` itself, or, when its text is over :data:`PART_CHARS`, parts ``<id>#part-<n>`` cut at paragraphs.

    For what is read whole before it is cut (an HTML page, a JSONL record, a
    text file under :data:`LARGE_FILE_BYTES`): no document the NLP stage and
    the store get is larger than a part of a streamed file.

    >>> from kg.model import Document
    >>> [d.id for d in split_document(Document("a.html", "x" * 10))]
    ['a.html']
    """
    text = short_paragraphs(doc.text)
    if len(text) <= PART_CHARS:
        yield doc if text is doc.text else Document(doc.id, text, doc.title, doc.date, doc.source)
        return
    start, part = 0, 0
    while start < len(text):
        end = (
            len(text)
            if len(text) - start <= PART_CHARS
            else start + _cut_point(text[start : start + PART_CHARS], PART_CHARS)
        )
        chunk = text[start:end].strip()
        start = end
        if chunk:
            part += 1
            yield Document(id=f"{doc.id}#part-{part}", text=chunk, title=doc.title, date=doc.date, source=doc.source)


def _cut_point(buf: str, size: int) -> int:
    """Where to cut ``buf`` near ``size``: a blank line, else a newline, else a space."""
    for sep in ("\n\n", "\n", " "):
        i = buf.rfind(sep, size // 2, size)
        if i > 0:
            return i + len(sep)
    return size
