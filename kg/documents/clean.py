"""Web boilerplate removed from plain text, paragraph by paragraph; the first headline becomes the title.

All formats go through :func:`clean_text`, a paragraph/line-level filter that
drops web-page boilerplate by general rules: photo credits (agency names such
as Getty Images, AFP, Reuters, AP with a ``/`` or a "Photo:" lead) and the
caption line right before a credit, lines of user interface words ("menu",
"share", "more-arrow"), newsletter and subscription boxes, author bios ("X is
a senior correspondent at …"), "Filed under:"-style labels, and very short
lines that are not sentences. The first real headline line becomes the title;
it stays in the text as its first paragraph, because headlines state
relations too. :class:`Cleaner` does it one block at a time, so a large file
is cleaned as it streams.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

_AGENCIES = (
    r"Getty Images|Getty|AFP|Agence France-Presse|Reuters|Associated Press|AP Photo|AP|EPA|"
    r"EPA-EFE|Shutterstock|Anadolu Agency|Anadolu|Bloomberg|Xinhua|TASS|Sputnik|Corbis|"
    r"NurPhoto|SOPA Images|LightRocket|Alamy|Pool|Sipa|DPA|ANSA|UPI|Wikimedia Commons|"
    r"Flickr|Handout|Courtesy"
)
_CREDIT = re.compile(
    rf"(?:/\s*(?:{_AGENCIES})\b|\b(?:{_AGENCIES})\s*/|\bvia\s+(?:{_AGENCIES})\b|"
    rf"^\s*\(?(?:photo|image|picture|credit|photograph)s?(?:\s+credit)?\s*(?:by)?\s*[:©]|©|\(c\)\s*\d{{4}})",
    re.I,
)
_UI_WORDS = set(
    """
clock menu more-arrow more arrow no yes mobile search share shares tweet twitter facebook email e-mail
print comment comments close open subscribe login log in out sign up skip to content main navigation nav
home next previous prev advertisement ad ads read show hide toggle cookie cookies accept settings
privacy policy terms of use contact about us back top expand collapse play video audio listen
copy link whatsapp linkedin reddit pinterest instagram youtube rss feed copied save saved bookmark
follow newsletter newsletters menu-icon icon loading more-stories sections account profile
""".split()
)
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
    rest = line[m.end() :].strip()
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
    return len(line) <= 200 and 3 <= _word_count(line, 25) <= 25 and not line.rstrip().endswith((".", ",", ";", ":"))


BLOCK_SEP = re.compile(r"\n[ \t\f\v]*\n")


def blocks(text: str) -> Iterator[str]:
    """The blank-line separated blocks of a text, one at a time (no list of all of them)."""
    pos = 0
    for m in BLOCK_SEP.finditer(text):
        yield text[pos : m.start()]
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
    cleaner = Cleaner(find_title)
    paragraphs = [p for p in map(cleaner.block, blocks(text)) if p]
    return cleaner.title, "\n\n".join(paragraphs)


class Cleaner:
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
