"""Bytes -> text: binary files refused, UTF-8 / UTF-16 / Windows-1252 or a confident guess, else a clear error.

Bytes are checked first: a NUL byte or many control bytes -> "binary file".
Text is UTF-8 (a BOM is fine; UTF-16 with a BOM too), else Windows-1252 when
that gives plausible Western text (the common case for old news files), else
whatever ``charset_normalizer`` finds with low "chaos"; otherwise "cannot
decode as text".
"""

from __future__ import annotations

import codecs
import unicodedata

from kg.errors import InputError

_CONTROL = bytes(sorted(set(range(0, 32)) - {9, 10, 12, 13}))


def check_binary(data: bytes, name: str) -> None:
    sample = data[:65536]
    if b"\x00" in sample:
        raise InputError(f"{name}: binary file")
    # control bytes counted by deleting them (in C): a loop over the bytes cost ~1 ms per news file
    if sample and (len(sample) - len(sample.translate(None, _CONTROL))) / len(sample) > 0.02:
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
    check_binary(data, name)
    if not data.strip():
        raise InputError(f"{name}: empty document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = decode_other(data, name)
    return _empty_check(text.replace("\r\n", "\n").replace("\r", "\n"), name)


def _empty_check(text: str, name: str) -> str:
    if not text.strip():
        raise InputError(f"{name}: empty document")
    return text


def decode_other(data: bytes, name: str) -> str:
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
            guessed = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            guessed = None
        if guessed is not None and _plausible(guessed, western=False):
            return guessed
    raise InputError(f"{name}: cannot decode as text (not UTF-8 and no confident guess of the encoding)")


def sniff_decoder(sample: bytes, name: str):
    """An incremental decoder for a large file, chosen from its first bytes."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return codecs.getincrementaldecoder("utf-16")()
    check_binary(sample, name)
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=False)
        return codecs.getincrementaldecoder("utf-8-sig")()
    except UnicodeDecodeError:
        pass
    text = decode_other(sample, name)  # raises if nothing fits
    for enc in ("cp1252",):
        try:
            if sample.decode(enc) == text:
                return codecs.getincrementaldecoder(enc)()
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:  # nothing plausible: UTF-8 with replacement characters rather than no text at all
        return codecs.getincrementaldecoder("utf-8")("replace")
    return codecs.getincrementaldecoder(best.encoding)()
