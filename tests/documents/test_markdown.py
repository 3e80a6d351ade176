"""Markdown through markdown-it-py and its front matter through PyYAML: the text and metadata a document keeps."""

from __future__ import annotations

import pytest

from kg.documents import read_document, strip_markdown
from kg.documents.markdown import front_matter


def test_markdown_syntax_goes_and_its_text_stays():
    text = strip_markdown(
        '# Talks in *Vienna*\n\nIran met [the EU](http://e.x "t") and `the US`.\n\n'
        "![a photo of the talks](p.jpg)\n\n> Israel objected.\n\n1. Saudi Arabia agreed.\n2. Qatar agreed.\n\n"
        "```\nDROP ALL\n```\n\n<!-- a comment -->\n\n[ref]: http://example.org\n"
    )
    assert text.split("\n\n") == [
        "Talks in Vienna",
        "Iran met the EU and the US.",
        "Israel objected.",
        "Saudi Arabia agreed.\nQatar agreed.",  # a tight list: its items are lines of one paragraph
    ]


@pytest.mark.slow  # 300 KB through the parser: seconds
def test_an_unclosed_emphasis_marker_costs_no_more_than_text():
    # The regex stripper this replaced was quadratic here (48 KB took 13 s); the parser is linear,
    # so 300 KB of unclosed markers is read like any other text.
    hostile = "*a " * 100_000
    assert strip_markdown(hostile) == hostile.strip()


def test_front_matter_is_yaml_and_keeps_only_scalar_known_keys():
    meta, rest = front_matter(
        '---\ntitle: "Iran deal: reached"\ndate: 2015-07-14\nsource: https://example.org/a\n'
        "tags: [iran, deal]\nauthor: {name: x}\n---\nBody text."
    )
    assert meta == {"title": "Iran deal: reached", "date": "2015-07-14", "source": "https://example.org/a"}
    assert rest == "Body text."


def test_front_matter_that_is_not_yaml_is_dropped_and_the_text_read(tmp_path):
    p = tmp_path / "odd.md"
    p.write_text("---\ntitle: [unclosed\n---\nIran and Iraq signed a security pact on Monday.", encoding="utf-8")
    doc = read_document(p, root=tmp_path)
    assert doc.text == "Iran and Iraq signed a security pact on Monday." and doc.title is None
