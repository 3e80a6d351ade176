"""Reading documents (kg.documents): every format, every bad input, the seed article."""

from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path

import pytest

from kg.documents import (
    CHUNK_BYTES,
    LARGE_FILE_BYTES,
    PART_CHARS,
    clean_text,
    input_size,
    iter_files,
    parse_date,
    read_document,
    read_documents,
)
from kg.errors import InputError
from kg.model import Document

SEED = Path(__file__).resolve().parents[2] / "seeds" / "vox-us-iran-tacit-cooperation.txt"


def read_all(paths, **kw):
    items = list(read_documents(paths, **kw))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    return docs, errors


def one_error(path, root=None) -> str:
    docs, errors = read_all([path], root=root or path.parent)
    assert docs == [] and len(errors) == 1, (docs, errors)
    msg = str(errors[0])
    assert "\n" not in msg and str(path) in msg
    return msg


# ------------------------------------------------------------------ the seed article


def test_seed_article_boilerplate_removed_paragraphs_kept():
    doc = read_document(SEED, root=SEED.parent.parent)
    assert doc.id == "seeds/vox-us-iran-tacit-cooperation.txt"
    assert doc.title == "The US and Iran are tacitly cooperating in Iraq"
    for junk in (
        "Getty Images",
        "Sign up",
        "senior correspondent",
        "clock menu",
        "Filed under",
        "Get curated picks",
        "Zack Beauchamp",
        "kerry tv",
        "Jim Watson",
        "Samuel Corum",
        "listens to opening remarks",
    ):
        assert junk not in doc.text, junk
    for phrase in (
        "tacit sort of cooperation",
        "Iranian-backed Shia militias",
        "they’re joining forces to beat ISIS",
        "The US and Iran have been at odds for decades",
        "isn’t cooperating with Iran in Iraq",
        "This had to happen.",
        "US-Iranian cooperation is hugely controversial",
        "And empowering Iran and its militias now may backfire",
        "Working with Iran now will help defeat ISIS in the short run",
    ):
        assert phrase in doc.text, phrase
    # every real paragraph is its own paragraph
    assert len(doc.text.split("\n\n")) == 8  # headline, dek, six body paragraphs


def test_clean_text_keeps_sentences_mentioning_agencies():
    text = (
        "Reuters reported that Iran and Iraq signed a pact.\n\n"
        "The newsletter war between the two capitals is over, officials said at length in Baghdad today.\n\n"
        "Iran does not subscribe to that view."
    )
    _, body = clean_text(text)
    assert "Reuters reported" in body
    assert "subscribe to that view" in body


# ------------------------------------------------------------------ formats


def test_txt_and_ids(tmp_path, monkeypatch):
    sub = tmp_path / "news"
    sub.mkdir()
    (sub / "a.txt").write_text("Iran and Iraq signed a security pact on Monday.", encoding="utf-8")
    docs, errors = read_all([sub], root=tmp_path)
    assert errors == [] and [d.id for d in docs] == ["news/a.txt"]
    # Without a root, ids are relative to the argument: the folder given, or
    # a file's own folder; they do not depend on the working directory.
    for cwd in (tmp_path, sub, tmp_path.parent):
        monkeypatch.chdir(cwd)
        docs, _ = read_all([sub])
        assert [d.id for d in docs] == ["a.txt"]
        docs, _ = read_all([sub / "a.txt"])
        assert [d.id for d in docs] == ["a.txt"]
    docs, _ = read_all([tmp_path])
    assert [d.id for d in docs] == ["news/a.txt"]
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("Russia attacked Ukraine in February 2022.", encoding="utf-8")
    try:
        docs, _ = read_all([outside], root=tmp_path)
        assert docs[0].id == outside.resolve().as_posix()
    finally:
        outside.unlink()


def test_line_per_paragraph_and_hard_wrapped_text(tmp_path):
    p = tmp_path / "lines.txt"
    long1 = "Iran and Iraq signed a security agreement on Monday, officials in Baghdad and Tehran said. " * 2
    long2 = "The United States criticised the agreement and said it would review its support for Iraq. " * 2
    p.write_text(long1.strip() + "\n" + long2.strip() + "\n", encoding="utf-8")
    assert read_document(p).text.split("\n\n") == [long1.strip(), long2.strip()]
    p.write_text("Iran and Iraq signed a security\nagreement on Monday, officials said.\n", encoding="utf-8")
    assert read_document(p).text == "Iran and Iraq signed a security agreement on Monday, officials said."


def test_markdown_front_matter_and_syntax(tmp_path):
    p = tmp_path / "jcpoa.md"
    p.write_text(
        '---\ntitle: "Iran deal reached"\ndate: July 14, 2015\nurl: https://example.org/x\n---\n'
        "# Ignored heading title\n\nIran and the **P5+1** reached [a deal](http://e.x) in *Vienna*.\n\n"
        "- The EU welcomed it.\n",
        encoding="utf-8",
    )
    doc = read_document(p, root=tmp_path)
    assert (doc.title, doc.date, doc.source) == ("Iran deal reached", "2015-07-14", "https://example.org/x")
    assert "Iran and the P5+1 reached a deal in Vienna." in doc.text
    assert "The EU welcomed it." in doc.text
    assert "*" not in doc.text and "http" not in doc.text


def test_markdown_heading_title(tmp_path):
    p = tmp_path / "h.md"
    p.write_text("# Saudi-led coalition strikes Houthis\n\nThe coalition struck Houthi positions.", encoding="utf-8")
    assert read_document(p).title == "Saudi-led coalition strikes Houthis"


HTML = """<!doctype html><html><head><title>NATO allies pledge aid | Example News</title>
<meta property="article:published_time" content="2022-03-04T12:00:00Z">
<link rel="canonical" href="https://news.example/nato-aid">
<script>var x = "Russia attacks";</script><style>.a{}</style></head>
<body><header class="site-header"><a href="/">Home</a> <a href="/world">World</a></header>
<nav><ul><li>Politics</li><li>Sanctions menu item</li></ul></nav>
<div class="share-tools">Share on Twitter</div>
<article><h1>NATO allies pledge aid to Ukraine</h1>
<div class="byline">By Jane Roe, Staff Writer</div>
<p>NATO allies pledged more military aid to Ukraine on Friday.</p>
<figure><img src="x.jpg"><figcaption>Ministers in Brussels. Photo: AFP</figcaption></figure>
<p>Russia condemned the decision<br>and threatened a response.</p>
<div class="newsletter-signup">Sign up for our daily newsletter</div>
<aside class="related">Related: Poland sends tanks</aside>
<p>The European Union imposed new sanctions on Russia.</p></article>
<footer>© 2022 Example News. All rights reserved. Contact us</footer></body></html>"""


def test_html_main_text_only(tmp_path):
    p = tmp_path / "nato.html"
    p.write_text(HTML, encoding="utf-8")
    doc = read_document(p, root=tmp_path)
    assert doc.title == "NATO allies pledge aid to Ukraine"
    assert doc.date == "2022-03-04"
    assert doc.source == "https://news.example/nato-aid"
    assert "NATO allies pledged more military aid to Ukraine on Friday." in doc.text
    assert "Russia condemned the decision" in doc.text and "threatened a response" in doc.text
    assert "The European Union imposed new sanctions on Russia." in doc.text
    for junk in ("Home", "Politics", "Share on", "Jane Roe", "Photo", "Sign up", "Related", "©", "Contact", "var x"):
        assert junk not in doc.text, junk
    paras = doc.text.split("\n\n")
    assert "NATO allies pledged more military aid to Ukraine on Friday." in paras


def test_html_title_fallbacks_and_meta_date(tmp_path):
    p = tmp_path / "t.htm"
    p.write_text(
        "<html><head><title>Hamas and Israel agree to a truce - Wire</title>"
        "<meta name='date' content='2021-05-21'></head><body><p>Hamas and Israel agreed to a "
        "ceasefire brokered by Egypt.</p></body></html>",
        encoding="utf-8",
    )
    doc = read_document(p)
    assert (doc.title, doc.date) == ("Hamas and Israel agree to a truce", "2021-05-21")
    p.write_text(
        "<body><time datetime='2019-09-14T08:00'>Sept 14</time><p>Drones struck Saudi oil "
        "facilities at Abqaiq.</p></body>",
        encoding="utf-8",
    )
    assert read_document(p).date == "2019-09-14"


def test_broken_html_still_gives_text(tmp_path):
    p = tmp_path / "broken.html"
    p.write_text(
        "<html><body><div><p>Turkey shelled PKK positions in northern Iraq.<p>Ankara said"
        " the operation would continue <b>for weeks<div><span>unclosed " + "<div>" * 3000 + "deep text",
        encoding="utf-8",
    )
    doc = read_document(p)
    assert "Turkey shelled PKK positions in northern Iraq." in doc.text
    assert "Ankara said the operation would continue for weeks" in doc.text


def test_html_without_text(tmp_path):
    p = tmp_path / "empty.html"
    p.write_text(
        "<html><head><script>x()</script></head><body><nav>Home</nav><img src=a.png></body></html>", encoding="utf-8"
    )
    assert "no text" in one_error(p)


# ------------------------------------------------------------------ JSONL


def test_jsonl_bad_lines_reported_by_number_others_processed(tmp_path):
    p = tmp_path / "items.jsonl"
    lines = [
        json.dumps(
            {
                "id": "a1",
                "text": "Iran supports Hezbollah.",
                "date": "2019-01-02",
                "title": "T",
                "url": "https://e.x/a1",
            }
        ),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "a4", "text": "   "}),
        "",
        json.dumps({"text": "Hamas fights Israel.", "date": "March 3, 2020"}),
        json.dumps({"id": 7, "text": "The US sanctioned Russia."}),
        json.dumps({"id": "a8"}),
        json.dumps({"id": "a9", "text": 5}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, errors = read_all([p], root=tmp_path)
    from kg.documents.jsonl import content_id

    assert [d.id for d in docs] == ["a1", content_id("items.jsonl", "Hamas fights Israel."), "7"]
    assert docs[0] == Document("a1", "Iran supports Hezbollah.", "T", "2019-01-02", "https://e.x/a1")
    assert docs[1].date == "2020-03-03" and docs[1].source == "items.jsonl"
    msgs = [str(e) for e in errors]
    assert [m.split(": ")[0] for m in msgs] == [f"{p}:2", f"{p}:3", f"{p}:4", f"{p}:8", f"{p}:9"]
    assert "invalid JSON" in msgs[0] and "not a JSON object" in msgs[1]
    assert 'empty "text"' in msgs[2] and 'empty "text"' in msgs[3]
    assert msgs[4].endswith('"text" must be a string, not int')


def test_empty_jsonl(tmp_path):
    p = tmp_path / "e.jsonl"
    p.write_text("\n\n", encoding="utf-8")
    assert "empty document" in one_error(p)


# ------------------------------------------------------------------ bad files


def test_binary_file(tmp_path):
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000))
    assert "binary file" in one_error(p)


def test_control_bytes_without_a_nul_make_a_binary_file_but_a_few_do_not(tmp_path):
    noisy = tmp_path / "terminal.txt"
    noisy.write_bytes(b"Iran backs Hezbollah.\x1b[31m\x07\x08" * 50)  # a captured terminal session: 5 of 27 bytes
    assert "binary file" in one_error(noisy)
    fine = tmp_path / "pages.txt"
    fine.write_bytes(b"Iran backs Hezbollah.\n\x0c\tPage two: Syria fights ISIS.\x1b\n" * 50)  # 1 odd byte of 53
    assert [d.text[:21] for d in read_documents(fine)] == ["Iran backs Hezbollah."]


def test_empty_and_whitespace_files(tmp_path):
    for name, data in (("empty.txt", b""), ("blank.md", b"  \n\n\t \n"), ("blank.html", b"   ")):
        p = tmp_path / name
        p.write_bytes(data)
        assert "empty document" in one_error(p)


def test_cp1252_file_decoded(tmp_path):
    p = tmp_path / "old.txt"
    p.write_bytes(
        "Côte d'Ivoire and France signed a defence accord — “a new era”, said the président.".encode("cp1252")
    )
    doc = read_document(p)
    assert "Côte d'Ivoire" in doc.text and "“a new era”" in doc.text and "président" in doc.text


def test_latin1_and_utf16_files_decoded(tmp_path):
    p = tmp_path / "l1.txt"
    p.write_bytes("Les forces de Côte d'Ivoire et du Sénégal ont signé un accord à Abidjan.".encode("latin-1"))
    assert "Sénégal" in read_document(p).text
    p = tmp_path / "u16.txt"
    p.write_bytes("Türkiye and Syria met in Moscow.".encode("utf-16"))
    assert read_document(p).text == "Türkiye and Syria met in Moscow."


def test_undecodable_junk(tmp_path):
    p = tmp_path / "junk.txt"
    p.write_bytes(bytes(range(128, 256)) * 20)
    assert "cannot decode as text" in one_error(p)


def test_unknown_extension(tmp_path):
    p = tmp_path / "data.pdf"
    p.write_bytes(b"%PDF-1.4")
    msg = one_error(p)
    assert "unknown format, expected .txt .md .html .htm .jsonl" in msg
    with pytest.raises(InputError, match="unknown format"):
        read_document(p)


def test_folder_skips_hidden_and_unknown(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Iran met Iraq in Baghdad.", encoding="utf-8")
    (tmp_path / "a.md").write_text("Israel struck Hezbollah in Lebanon.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden text here.", encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text("Git text here.", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "README.md").write_text("# About this corpus", encoding="utf-8")
    assert list(iter_files([tmp_path])) == [tmp_path / "a.md", tmp_path / "b" / "z.txt"]
    docs, errors = read_all([tmp_path], root=tmp_path)
    assert [d.id for d in docs] == ["a.md", "b/z.txt"] and errors == []
    assert input_size([tmp_path]) == (tmp_path / "a.md").stat().st_size + (tmp_path / "b" / "z.txt").stat().st_size


def test_seed_folder_reads_cleanly():
    docs, errors = read_all([SEED.parent], root=SEED.parent.parent)
    assert errors == []
    assert len(docs) >= 6 and not any("README" in d.id for d in docs)
    assert all(d.date for d in docs if "vox" not in d.id), [d.id for d in docs if not d.date]


def test_missing_path(tmp_path):
    docs, errors = read_all([tmp_path / "nope.txt"])
    assert docs == [] and "no such file" in str(errors[0])


def test_errors_do_not_stop_other_files(tmp_path):
    (tmp_path / "1.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "2.txt").write_text("Hamas and Fatah met in Cairo.", encoding="utf-8")
    docs, errors = read_all([tmp_path], root=tmp_path)
    assert [d.id for d in docs] == ["2.txt"] and len(errors) == 1


def test_parse_date():
    assert parse_date("2015-07-14") == "2015-07-14"
    assert parse_date("14 July 2015") == "2015-07-14"
    assert parse_date("Tuesday, July 14th, 2015") == "2015-07-14"
    assert parse_date("not a date") is None


# ------------------------------------------------------------------ large files


@pytest.mark.slow
def test_large_file_split_in_parts_with_bounded_memory(tmp_path):
    p = tmp_path / "big.txt"
    para = (
        "Iran and the United States are at odds over Iraq, while both fight ISIS; the Iraqi "
        "government asked its allies for more help in the campaign. "
    ) * 4
    block = (para.strip() + "\n\n").encode("utf-8")
    with open(p, "wb") as fh:
        chunk = block * (1024 * 1024 // len(block) + 1)
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    size = p.stat().st_size
    assert size > LARGE_FILE_BYTES
    seen = []
    tracemalloc.start()
    try:
        n = 0
        total_chars = 0
        for item in read_documents([p], root=tmp_path, progress=seen.append):
            assert isinstance(item, Document), item
            n += 1
            total_chars += len(item.text)
            assert item.id == f"big.txt#part-{n}"
            assert len(item.text) <= PART_CHARS + CHUNK_BYTES + 1000
            assert item.text.startswith("Iran and the United States")  # cut on paragraph boundaries
            del item
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n >= size // (PART_CHARS + CHUNK_BYTES)
    assert total_chars > 0.95 * size
    assert sum(seen) == size
    # ASCII text: one byte per character, so the part size in bytes is PART_CHARS
    # a part, its joined text, and a few chunks in flight (read, decoded, joined to the unfinished block)
    bound = 3 * PART_CHARS + 4 * CHUNK_BYTES
    assert peak < bound, f"peak {peak / 1e6:.2f} MB for parts of {PART_CHARS / 1e6:.1f} M chars"


def test_large_file_threshold_is_configurable(tmp_path, monkeypatch):
    import kg.documents.large as large

    monkeypatch.setattr(large, "LARGE_FILE_BYTES", 1000)
    monkeypatch.setattr(large, "PART_CHARS", 600)
    monkeypatch.setattr(large, "CHUNK_BYTES", 256)
    p = tmp_path / "mid.txt"
    p.write_text(
        "Headline about Iran talks\n\n" + "\n\n".join(f"Paragraph {i} says Iran met Iraq." for i in range(200)),
        encoding="utf-8",
    )
    docs, errors = read_all([p], root=tmp_path)
    assert errors == [] and len(docs) > 5
    assert all(d.title == "Headline about Iran talks" for d in docs)
    text = "\n\n".join(d.text for d in docs)
    assert all(f"Paragraph {i} says Iran met Iraq." in text for i in range(200))
    p.write_bytes(b"Ok text here.\n\n" * 100 + b"\x00\x01" * 10)
    _, errors = read_all([p], root=tmp_path)
    assert len(errors) == 1 and "binary" in str(errors[0])
