"""HTML pages -> one Document: the article's text (navigation, ads, captions dropped), title, date, canonical URL."""

from __future__ import annotations

import re

from kg.documents.clean import clean_text
from kg.documents.dates import parse_date
from kg.errors import InputError
from kg.model import Document

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "figure",
    "figcaption",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "input",
    "textarea",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "picture",
    "dialog",
    "menu",
)
_BAD_TOKENS = {
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "byline",
    "newsletter",
    "subscribe",
    "subscription",
    "share",
    "sharing",
    "social",
    "caption",
    "credit",
    "credits",
    "related",
    "ad",
    "ads",
    "advert",
    "advertisement",
    "promo",
    "sponsored",
    "cookie",
    "cookies",
    "banner",
    "sidebar",
    "breadcrumb",
    "breadcrumbs",
    "comments",
    "comment",
    "author",
    "bio",
    "masthead",
    "signup",
    "paywall",
    "popup",
    "modal",
    "toolbar",
    "outbrain",
    "taboola",
}
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "body",
    "html",
    "address",
    "hr",
    "center",
    "details",
    "summary",
}


def _bad_node(node) -> bool:
    attrs = node.attributes or {}
    if (
        attrs.get("aria-hidden") == "true"
        or "hidden" in attrs
        or attrs.get("role") in {"navigation", "banner", "contentinfo", "complementary", "search"}
    ):
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


def html_document(html: str, doc_id: str, name: str) -> Document:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    og_title = _meta(tree, "meta[property='og:title']", "meta[name='twitter:title']")
    h1 = tree.css_first("h1")
    title_node = tree.css_first("title")
    title = (
        og_title
        or (h1.text(strip=True) if h1 is not None else None)
        or (_strip_site(title_node.text(strip=True)) if title_node is not None else None)
    ) or None
    date = parse_date(
        _meta(
            tree,
            "meta[property='article:published_time']",
            "meta[name='date']",
            "meta[name='pubdate']",
            "meta[name='publication_date']",
            "meta[name='DC.date.issued']",
            "meta[name='dc.date']",
            "meta[itemprop='datePublished']",
            "time[datetime]",
        )
    )
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
