"""Read news documents: ``.txt``, ``.md``, ``.html``/``.htm``, ``.jsonl`` and folders.

:func:`read_documents` is the one entry point of the pipeline. It yields a
:class:`~kg.model.Document` per input document and, for every input it cannot
read, a :class:`~kg.errors.InputError` *instance* (not raised) whose message
is one line naming the file (and line, for JSONL) and the problem, so the
caller reports it and goes on with the other inputs.

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

Text cleaning
    All formats go through :func:`clean_text`, a paragraph/line-level filter
    that drops web-page boilerplate by general rules: photo credits (agency
    names such as Getty Images, AFP, Reuters, AP with a ``/`` or a
    "Photo:" lead) and the caption line right before a credit, lines of user
    interface words ("menu", "share", "more-arrow"), newsletter and
    subscription boxes, author bios ("X is a senior correspondent at …"),
    "Filed under:"-style labels, and very short lines that are not sentences.
    The first real headline line becomes the title; it stays in the text as
    its first paragraph, because headlines state relations too.

Encodings
    Bytes are checked first: a NUL byte or many control bytes -> "binary
    file". Text is UTF-8 (a BOM is fine; UTF-16 with a BOM too), else
    Windows-1252 when that gives plausible Western text (the common case for
    old news files), else whatever ``charset_normalizer`` finds with low
    "chaos"; otherwise "cannot decode as text".

Large files
    A ``.txt``/``.md`` file larger than :data:`LARGE_FILE_BYTES` is streamed:
    it is read in :data:`CHUNK_BYTES` chunks through an incremental decoder,
    cleaned block by block as the text arrives, and the cleaned paragraphs
    are cut into Documents of about :data:`PART_CHARS` characters (ids
    ``<file id>#part-<n>``), so the whole file is never held as one string.
    Measured on a 50 MB file: 51 parts in about 2 s, peak traced memory
    about 2.5 times the part size. Give ``progress`` to
    :func:`read_documents` to be told how many bytes were consumed (for a
    progress bar in bytes; :func:`input_size` gives the total).
"""

from __future__ import annotations

import codecs
import datetime as _dt
import email.utils
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.model import Document

#: Extensions read, by format.
FORMATS = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
#: Text files larger than this are streamed and split into parts.
LARGE_FILE_BYTES = 5 * 1024 * 1024
#: Target size (characters) of one part of a large text file.
PART_CHARS = 1_000_000
#: How much of a large file is read at a time.
CHUNK_BYTES = 256 * 1024

_NOT_CONTENT = {"README", "LICENSE", "LICENCE", "CHANGELOG", "NOTICE", "COPYING"}
_UNKNOWN = "unknown format, expected .txt .md .html .htm .jsonl"
Progress = Callable[[int], None] | None


# --------------------------------------------------------------------- entry points

def read_documents(paths: Iterable[str | Path], *, root: Path | None = None,
                   progress: Progress = None) -> Iterator[Document | InputError]:
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
        raise InputError(f"{p}: {_UNKNOWN}" if fmt is None else f"{p}: a .jsonl file holds many documents; use read_documents")
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
                    if (not name.startswith(".") and Path(name).suffix.lower() in FORMATS
                            and Path(name).stem.upper() not in _NOT_CONTENT):
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


# --------------------------------------------------------------------- per file

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
        yield from _read_jsonl(path, file_id, progress)
        return
    if fmt in ("text", "markdown") and size > LARGE_FILE_BYTES:
        yield from _read_large_text(path, file_id, fmt, progress)
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
        return _html_document(text, doc_id, str(path))
    meta: dict[str, str] = {}
    if fmt == "markdown":
        meta, text = _front_matter(text)
        text = strip_markdown(text)
    title, body = clean_text(text)
    title = meta.get("title") or title
    if not body.strip():
        raise InputError(f"{path}: no text")
    date = parse_date(meta.get("date")) or dateline(text)
    return Document(id=doc_id, text=body, title=title, date=date,
                    source=meta.get("url") or meta.get("source") or doc_id)


_DATELINE = re.compile(r"^\s*(?:published|posted|updated|date|dated)\s*(?:on)?\s*:?\s*(.{6,60}?)\s*$", re.I | re.M)


def dateline(text: str) -> str | None:
    """The date of a "Published: …" / "Date: …" line near the top of a text, as ISO, or ``None``.

    >>> dateline("Iran deal reached\\nPublished: July 14, 2015\\n\\nIran and ...")
    '2015-07-14'
    """
    for m in _DATELINE.finditer(text[:3000]):
        value = re.sub(r"\s+(?:at\s+)?\d{1,2}:\d{2}.*$", "", m.group(1))
        date = parse_date(value)
        if date:
            return date
    return None


# --------------------------------------------------------------------- bytes -> str

_CONTROL = set(range(0, 32)) - {9, 10, 12, 13}


def _check_binary(data: bytes, name: str) -> None:
    sample = data[:65536]
    if b"\x00" in sample:
        raise InputError(f"{name}: binary file")
    if sample and sum(b in _CONTROL for b in sample) / len(sample) > 0.02:
        raise InputError(f"{name}: binary file")


def _plausible(text: str, *, western: bool) -> bool:
    """Whether decoded text looks like prose rather than mojibake."""
    sample = text[:65536]
    visible = [c for c in sample if not c.isspace()]
    if not visible:
        return False
    if any(unicodedata.category(c) == "Cc" for c in visible):
        return False
    if western:
        non_ascii = [c for c in visible if ord(c) > 127]
        if len(non_ascii) > 0.2 * len(visible):
            return False
        odd = [c for c in non_ascii if not unicodedata.category(c).startswith(("L", "P", "Z", "Sc", "No"))]
        if len(odd) > 0.25 * max(len(non_ascii), 1):
            return False
    return True


def decode_bytes(data: bytes, name: str = "input") -> str:
    """Decode a file's bytes to text, or raise :class:`InputError`.

    Examples
    --------
    >>> decode_bytes("Côte d'Ivoire".encode("cp1252"))
    "Côte d'Ivoire"
    >>> decode_bytes(b"\\xef\\xbb\\xbfhello")
    'hello'
    >>> decode_bytes(b"PK\\x03\\x04\\x00\\x00", "a.txt")
    Traceback (most recent call last):
    kg.errors.InputError: a.txt: binary file
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{name}: cannot decode as text (bad UTF-16)") from None
        return _empty_check(text.replace("\r\n", "\n").replace("\r", "\n"), name)
    _check_binary(data, name)
    if not data.strip():
        raise InputError(f"{name}: empty document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_other(data, name)
    return _empty_check(text.replace("\r\n", "\n").replace("\r", "\n"), name)


def _empty_check(text: str, name: str) -> str:
    if not text.strip():
        raise InputError(f"{name}: empty document")
    return text


def _decode_other(data: bytes, name: str) -> str:
    try:
        text = data.decode("cp1252")
        if _plausible(text, western=True):
            return text
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:262144]).best()
    if best is not None and best.chaos <= 0.1:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = None
        if text is not None and _plausible(text, western=False):
            return text
    raise InputError(f"{name}: cannot decode as text (not UTF-8 and no confident guess of the encoding)")


def _sniff_decoder(sample: bytes, name: str):
    """An incremental decoder for a large file, chosen from its first bytes."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return codecs.getincrementaldecoder("utf-16")()
    _check_binary(sample, name)
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=False)
        return codecs.getincrementaldecoder("utf-8-sig")()
    except UnicodeDecodeError:
        pass
    text = _decode_other(sample, name)  # raises if nothing fits
    for enc in ("cp1252",):
        try:
            if sample.decode(enc) == text:
                return codecs.getincrementaldecoder(enc)()
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return codecs.getincrementaldecoder(best.encoding)()


# --------------------------------------------------------------------- large text files

def _read_large_text(path: Path, file_id: str, fmt: str, progress: Progress) -> Iterator[Document | InputError]:
    """Stream a big text file into Documents of about PART_CHARS characters.

    Decoded text is cleaned block by block as it arrives; cleaned paragraphs
    collect in ``pending`` until they reach PART_CHARS, then become one
    Document. At any time memory holds one chunk, the unfinished block,
    ``pending`` and (while a part is made) its joined text.
    """
    name = str(path)
    cleaner = _Cleaner(find_title=True)
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
        for m in _BLOCK_SEP.finditer(text):
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
        for block in _blocks(done):
            para = cleaner.block(block)
            if para:
                pending.append(para)
                pending_chars += len(para) + 2
        return text[end:]

    try:
        with open(path, "rb") as fh:
            chunk = fh.read(CHUNK_BYTES)
            decoder = _sniff_decoder(chunk, name)
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


# --------------------------------------------------------------------- JSONL

def _read_jsonl(path: Path, file_id: str, progress: Progress) -> Iterator[Document | InputError]:
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
                yield InputError(f"{where}: missing or empty \"text\"")
                continue
            rid = rec.get("id")
            if rid is not None and not isinstance(rid, (str, int)) or rid == "":
                yield InputError(f"{where}: \"id\" must be a non-empty string or number")
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


# --------------------------------------------------------------------- dates

_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y",
                 "%b %d %Y", "%b. %d, %Y", "%d.%m.%Y", "%Y%m%d")


def parse_date(value: str | None) -> str | None:
    """An ISO ``YYYY-MM-DD`` date from common date spellings, or ``None``.

    Examples
    --------
    >>> [parse_date(v) for v in ("2015-03-07T10:00:00Z", "March 7, 2015", "7 Mar 2015",
    ...                          "Sat, 07 Mar 2015 10:00:00 GMT", "2015/03/07", "soon", None)]
    ['2015-03-07', '2015-03-07', '2015-03-07', '2015-03-07', '2015-03-07', None, None]
    """
    if not value or not isinstance(value, str):
        return None
    v = value.strip().strip("\"'")
    if not v:
        return None
    try:
        return _dt.datetime.fromisoformat(v.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    m = re.match(r"(\d{4}-\d{2}-\d{2})[T ]", v)
    if m:
        return parse_date(m.group(1))
    try:
        return email.utils.parsedate_to_datetime(v).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", v)
    cleaned = re.sub(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", "", cleaned, flags=re.I)
    for fmt in _DATE_FORMATS:
        try:
            return _dt.datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    return None


# --------------------------------------------------------------------- markdown

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split YAML-like ``---`` front matter (simple ``key: value`` lines) from markdown."""
    m = _FRONT.match(text)
    if not m:
        return {}, text
    meta = {}
    for line in m.group(1).splitlines():
        k, sep, v = line.partition(":")
        if sep and k.strip() and not k.startswith((" ", "\t", "#")):
            meta[k.strip().lower()] = v.strip().strip("\"'")
    return meta, text[m.end():]


_MD_RULES = [
    (re.compile(r"^```.*?^```[ \t]*$", re.S | re.M), ""),           # fenced code
    (re.compile(r"<!--.*?-->", re.S), ""),                            # comments
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),                        # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),                    # links
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),                   # reference links
    (re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.M), ""),              # link definitions
    (re.compile(r"^#{1,6}[ \t]+(.*?)[ \t#]*$", re.M), r"\1"),         # headings
    (re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.M), ""),           # rules
    (re.compile(r"^[ \t]*>[ \t]?", re.M), ""),                        # blockquotes
    (re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", re.M), ""),        # list markers
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),            # bold
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\w)"), r"\1"),   # *em*
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),     # _em_
    (re.compile(r"`([^`]*)`"), r"\1"),                                # inline code
    (re.compile(r"</?[a-zA-Z][^>]*>"), ""),                           # inline html
]


def strip_markdown(text: str) -> str:
    """Markdown to plain text, lightly: headings, emphasis, links, lists and quotes lose their syntax.

    >>> strip_markdown("## Talks\\n\\n* **Iran** met [the EU](http://x) in _Vienna_.")
    'Talks\\n\\nIran met the EU in Vienna.'
    """
    for rx, repl in _MD_RULES:
        text = rx.sub(repl, text)
    return text


# --------------------------------------------------------------------- boilerplate filter

_AGENCIES = (r"Getty Images|Getty|AFP|Agence France-Presse|Reuters|Associated Press|AP Photo|AP|EPA|"
             r"EPA-EFE|Shutterstock|Anadolu Agency|Anadolu|Bloomberg|Xinhua|TASS|Sputnik|Corbis|"
             r"NurPhoto|SOPA Images|LightRocket|Alamy|Pool|Sipa|DPA|ANSA|UPI|Wikimedia Commons|"
             r"Flickr|Handout|Courtesy")
_CREDIT = re.compile(
    rf"(?:/\s*(?:{_AGENCIES})\b|\b(?:{_AGENCIES})\s*/|\bvia\s+(?:{_AGENCIES})\b|"
    rf"^\s*\(?(?:photo|image|picture|credit|photograph)s?(?:\s+credit)?\s*(?:by)?\s*[:©]|©|\(c\)\s*\d{{4}})",
    re.I,
)
_UI_WORDS = set("""
clock menu more-arrow more arrow no yes mobile search share shares tweet twitter facebook email e-mail
print comment comments close open subscribe login log in out sign up skip to content main navigation nav
home next previous prev advertisement ad ads read show hide toggle cookie cookies accept settings
privacy policy terms of use contact about us back top expand collapse play video audio listen
copy link whatsapp linkedin reddit pinterest instagram youtube rss feed copied save saved bookmark
follow newsletter newsletters menu-icon icon loading more-stories sections account profile
""".split())
_PROMO = re.compile(
    r"^\s*(?:sign up|subscribe|get (?:our|the|curated|a daily|the best)|follow us|support (?:our|us|independent)|"
    r"become a (?:member|subscriber)|download (?:our|the) app|join (?:our|the) (?:newsletter|mailing))|"
    r"\bnewsletters?\b|\bin your inbox\b|\bfrom our editors\b|\bsubscribe (?:now|today|for|to (?:our|the))\b|"
    r"\bsign up (?:for|to receive|now|here)\b.*\b(?:newsletter|email|inbox|free|updates)\b",
    re.I,
)
_BIO = re.compile(
    r"^(?:[A-Z][\w.'’-]*\s){1,4}is (?:a|an|the) (?:[\w-]+\s){0,4}"
    r"(?:correspondent|reporter|editor|writer|journalist|columnist|contributor|producer|"
    r"fellow|analyst|critic|staff writer|senior writer|author)\b.{0,400}\b(?:at|for|with|of)\b",
)
_LABEL = re.compile(
    r"^\s*(?:filed under|tags?|topics?|related(?: articles| stories| coverage)?|read more|more from|"
    r"see also|share this(?: story| article)?|updated|posted|published|by|photo|image|advertisement|"
    r"most popular|recommended|trending|editor'?s note|listen to this article|this article)\b\s*:?",
    re.I,
)
_HSPACE = re.compile(r" [ \t\f\v\u00a0]+|[\t\f\v\u00a0][ \t\f\v\u00a0]*")  # not single spaces: fast


def _needs_space_fix(line: str) -> bool:
    return "  " in line or "\t" in line or "\u00a0" in line or "\f" in line or "\v" in line


_SENTENCE_END = re.compile(r"[.!?…:;\"”’)]\s*$")


def _is_credit(line: str) -> bool:
    return len(line) < 200 and bool(_CREDIT.search(line))


def _is_ui(line: str) -> bool:
    if len(line) > 160:
        return False
    words = re.findall(r"[\w'’-]+", line.lower())
    if not words or len(words) > 15:
        return False
    return sum(w in _UI_WORDS for w in words) >= 0.8 * len(words)


def _is_label(line: str) -> bool:
    m = _LABEL.match(line)
    if not m:
        return False
    rest = line[m.end():].strip()
    # "Filed under:" / "Published: 7 March 2015" / "By Jane Doe" — a label, not a sentence
    return len(line) < 120 and (not rest or not _SENTENCE_END.search(line) or line.rstrip().endswith(":"))


def _is_boilerplate(line: str) -> bool:
    s = line.strip()
    return bool(
        _is_ui(s)
        or (len(s) < 400 and _PROMO.search(s))
        or (" is " in s[:120] and _BIO.match(s))
        or _is_label(s)
        or _is_credit(s)
    )


def _word_count(line: str, limit: int) -> int:
    """Words in a space-normalised line, counting no further than ``limit + 1`` (no allocation)."""
    n, start = 1, 0
    while n <= limit:
        start = line.find(" ", start) + 1
        if not start:
            return n
        n += 1
    return n


def _looks_like_headline(line: str) -> bool:
    return (len(line) <= 200 and 3 <= _word_count(line, 25) <= 25
            and not line.rstrip().endswith((".", ",", ";", ":")))


_BLOCK_SEP = re.compile(r"\n[ \t\f\v]*\n")


def _blocks(text: str) -> Iterator[str]:
    """The blank-line separated blocks of a text, one at a time (no list of all of them)."""
    pos = 0
    for m in _BLOCK_SEP.finditer(text):
        yield text[pos:m.start()]
        pos = m.end()
    yield text[pos:]


def clean_text(text: str, *, find_title: bool = True) -> tuple[str | None, str]:
    """Remove web boilerplate from plain text; return ``(title, text)``.

    Works on lines grouped into paragraphs (blocks separated by blank
    lines). A line is dropped when it is a photo credit (and then also the
    caption line just before it in the same block), user-interface words, a
    newsletter/subscription prompt, an author bio, a label such as "Filed
    under:", or a very short line (three words or fewer) that is not a
    sentence. The title is the first remaining line that looks like a
    headline (3–25 words, no final period) when ``find_title`` is true.
    Paragraphs are joined with a blank line; lines within one with a space.

    Examples
    --------
    >>> raw = ("menu search share\\n\\nFiled under:\\n\\nIran and Iraq sign a pact\\n\\n"
    ...        "Leaders at the ceremony.\\nJane Roe/AFP/Getty Images\\n"
    ...        "John Doe is a senior reporter at Example News, where he covers Iraq.\\n\\n"
    ...        "Iran and Iraq signed a security pact on Monday.\\n\\nSign up for the newsletter")
    >>> clean_text(raw)
    ('Iran and Iraq sign a pact', 'Iran and Iraq sign a pact\\n\\nIran and Iraq signed a security pact on Monday.')
    """
    cleaner = _Cleaner(find_title)
    paragraphs = [p for p in map(cleaner.block, _blocks(text)) if p]
    return cleaner.title, "\n\n".join(paragraphs)


class _Cleaner:
    """The boilerplate filter, one block at a time (so large files can be cleaned as they stream)."""

    def __init__(self, find_title: bool = True) -> None:
        self.find_title = find_title
        self.title: str | None = None
        self.paragraphs = 0

    def block(self, block: str) -> str | None:
        """The cleaned paragraph(s) of one blank-line separated block, or ``None`` if nothing is left."""
        if not unicodedata.is_normalized("NFC", block):
            block = unicodedata.normalize("NFC", block)
        lines = [(_HSPACE.sub(" ", ln) if _needs_space_fix(ln) else ln).strip() for ln in block.split("\n")]
        lines = [ln for ln in lines if ln]
        keep = [True] * len(lines)
        first = self.find_title and self.title is None and self.paragraphs == 0
        for i, line in enumerate(lines):
            if _is_boilerplate(line):
                keep[i] = False
                if i > 0 and _is_credit(line):
                    keep[i - 1] = False  # the caption of the photo this credit belongs to
            elif _word_count(line, 3) <= 3 and not _SENTENCE_END.search(line):
                if not (first and not any(keep[:i]) and _looks_like_headline(line)):
                    keep[i] = False
        kept = [ln for ln, k in zip(lines, keep) if k]
        if not kept:
            return None
        wrapped = len(kept) > 1 and kept[1][:1].islower()  # a hard-wrapped sentence, not a headline
        if first and not wrapped and _looks_like_headline(kept[0]):
            self.title = kept[0]
            if len(kept) > 1:  # a headline line directly over its text: keep it as its own paragraph
                kept[0] += "\n"
        self.paragraphs += 1
        return _join_lines(kept)


def _join_lines(lines: list[str]) -> str:
    """Lines of one block: hard-wrapped prose is joined with spaces; one-paragraph-per-line text keeps its breaks."""
    if len(lines) == 1:
        return lines[0]
    long_sentences = sum(len(ln) > 100 and bool(_SENTENCE_END.search(ln)) for ln in lines)
    if long_sentences >= 0.5 * len(lines):
        return "\n\n".join(ln.rstrip("\n") for ln in lines)
    out = []
    for ln in lines:
        out.append(ln if ln.endswith("\n") else ln + " ")
    return "".join(out).replace("\n", "\n\n").rstrip()


# --------------------------------------------------------------------- HTML

_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "figure",
              "figcaption", "form", "iframe", "svg", "button", "select", "input", "textarea", "object",
              "embed", "canvas", "video", "audio", "picture", "dialog", "menu")
_BAD_TOKENS = {"nav", "navbar", "navigation", "menu", "footer", "byline", "newsletter", "subscribe",
               "subscription", "share", "sharing", "social", "caption", "credit", "credits", "related",
               "ad", "ads", "advert", "advertisement", "promo", "sponsored", "cookie", "cookies",
               "banner", "sidebar", "breadcrumb", "breadcrumbs", "comments", "comment", "author", "bio",
               "masthead", "signup", "paywall", "popup", "modal", "toolbar", "outbrain", "taboola"}
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
               "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th", "body", "html",
               "address", "hr", "center", "details", "summary"}


def _bad_node(node) -> bool:
    attrs = node.attributes or {}
    if (attrs.get("aria-hidden") == "true" or "hidden" in attrs
            or attrs.get("role") in {"navigation", "banner", "contentinfo", "complementary", "search"}):
        return True
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    return bool(names.strip()) and any(tok in _BAD_TOKENS for tok in re.split(r"[^a-z0-9]+", names))


def _meta(tree, *selectors: str) -> str | None:
    for sel in selectors:
        node = tree.css_first(sel)
        if node is not None:
            val = node.attributes.get("content") or node.attributes.get("datetime") or node.attributes.get("href")
            if val and val.strip():
                return val.strip()
    return None


def _html_text(node) -> str:
    """Text of a subtree with paragraph breaks at block elements (iterative; deep trees are fine)."""
    parts: list[str] = []
    stack = [(node, False)]
    while stack:
        cur, closing = stack.pop()
        if closing:
            parts.append("\n\n")
            continue
        tag = cur.tag
        if tag == "-text":
            parts.append(cur.text(deep=False) or "")
            continue
        if tag in ("-comment", "!doctype") or tag in _DROP_TAGS or (cur is not node and _bad_node(cur)):
            continue
        if tag == "br":
            parts.append("\n")
            continue
        block = tag in _BLOCK_TAGS
        if block:
            parts.append("\n\n")
            stack.append((cur, True))
        children = list(cur.iter(include_text=True))
        for child in reversed(children):
            stack.append((child, False))
    text = "".join(parts)
    out = []
    for para in re.split(r"\n\s*\n", text):
        lines = [re.sub(r"\s+", " ", ln).strip() for ln in para.split("\n")]
        para = "\n".join(ln for ln in lines if ln)
        if para:
            out.append(para)
    return "\n\n".join(out)


def _strip_site(title: str) -> str:
    parts = re.split(r"\s+[|–—-]\s+", title)
    return parts[0].strip() if len(parts) > 1 and len(parts[0]) >= 15 else title.strip()


def _html_document(html: str, doc_id: str, name: str) -> Document:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    og_title = _meta(tree, "meta[property='og:title']", "meta[name='twitter:title']")
    h1 = tree.css_first("h1")
    title_node = tree.css_first("title")
    title = (og_title or (h1.text(strip=True) if h1 is not None else None)
             or (_strip_site(title_node.text(strip=True)) if title_node is not None else None)) or None
    date = parse_date(_meta(
        tree, "meta[property='article:published_time']", "meta[name='date']", "meta[name='pubdate']",
        "meta[name='publication_date']", "meta[name='DC.date.issued']", "meta[name='dc.date']",
        "meta[itemprop='datePublished']", "time[datetime]"))
    source = _meta(tree, "link[rel='canonical']", "meta[property='og:url']") or doc_id

    candidates = tree.css("article") or tree.css("main") or tree.css("[role='main']")
    roots = [max(candidates, key=lambda n: len(n.text(deep=True) or ""))] if candidates else []
    if not roots:
        roots = [tree.body] if tree.body is not None else ([tree.root] if tree.root is not None else [])
    raw = "\n\n".join(_html_text(r) for r in roots if r is not None)
    found_title, body = clean_text(raw, find_title=title is None)
    title = title or found_title
    if not body.strip():
        raise InputError(f"{name}: no text")
    return Document(id=doc_id, text=body, title=title.strip() if title else None, date=date, source=source)
