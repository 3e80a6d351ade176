"""Markdown -> plain text (markdown-it-py) and its YAML front matter (PyYAML).

Only the text is kept: headings, paragraphs, list items and quotes become
lines and paragraphs; emphasis, links (their text stays), images, code,
HTML and link definitions lose their syntax or go. markdown-it-py's parser is
linear in the input, so a hostile file (thousands of unclosed ``*``) costs
no more than any other.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import cache
from typing import Any

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
#: Front-matter keys kept (lower-cased), as strings.
FRONT_KEYS = ("title", "date", "url", "source")
#: Inline tokens whose text is kept.
_INLINE_TEXT = {"text", "code_inline"}


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split ``---`` YAML front matter from Markdown: ``(metadata, rest)``.

    Only :data:`FRONT_KEYS` with a scalar value are kept, as strings (a YAML
    date as ISO). Front matter that is not a YAML mapping is dropped with no
    metadata, as a page's text it is not.

    >>> front_matter("---\\ntitle: \\"Iran deal\\"\\ndate: 2015-07-14\\ntags: [a, b]\\n---\\nText")
    ({'title': 'Iran deal', 'date': '2015-07-14'}, 'Text')
    """
    import yaml

    m = _FRONT.match(text)
    if not m:
        return {}, text
    try:
        data: Any = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        data = None
    meta: dict[str, str] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            name = str(key).strip().lower()
            if name not in FRONT_KEYS or value is None or isinstance(value, (dict, list, bool)):
                continue
            meta[name] = value.isoformat() if isinstance(value, (_dt.date, _dt.datetime)) else str(value).strip()
    return meta, text[m.end() :]


@cache
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _inline_text(children) -> str:
    out = []
    for tok in children or ():  # an image's alt text is in its own children: not the article's
        if tok.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif tok.type in _INLINE_TEXT:
            out.append(tok.content)
    return "".join(out).strip()


def strip_markdown(text: str) -> str:
    """Markdown to plain text: one paragraph per block, a tight list's items as lines of one paragraph.

    >>> strip_markdown("## Talks\\n\\n* **Iran** met [the EU](http://x) in _Vienna_.")
    'Talks\\n\\nIran met the EU in Vienna.'
    """
    paragraphs: list[str] = []
    list_depth = 0
    items: list[str] = []
    for tok in _parser().parse(text):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
            if list_depth == 0 and items:
                paragraphs.append("\n".join(items))
                items = []
        elif tok.type == "inline":
            line = _inline_text(tok.children)
            if line:
                (items if list_depth else paragraphs).append(line)
    return "\n\n".join(paragraphs)
