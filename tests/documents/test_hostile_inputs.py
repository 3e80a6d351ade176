"""Hostile inputs a careless user or an attacker puts in a corpus folder: each is one line naming the file
(and record), and the rest of the folder is read."""

from __future__ import annotations

import json
import os
import threading

import pytest

from kg.documents import read_documents
from kg.documents.jsonl import content_id
from kg.errors import InputError
from kg.model import Document

GOOD = "Iran backs the militias in Iraq."


def read_all(paths, **kw):
    items = list(read_documents(paths, **kw))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    for message in errors:
        assert "\n" not in message
    return docs, errors


def _read_in_time(paths, **kw):
    """read_all in a thread; a reader that blocks (a pipe) fails the test instead of hanging it."""
    box = {}
    thread = threading.Thread(target=lambda: box.update(result=read_all(paths, **kw)), daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "reading the folder blocked"
    return box["result"]


def test_deeply_nested_json_record_is_one_line_and_the_next_is_read(tmp_path):
    p = tmp_path / "deep.jsonl"
    p.write_text(
        "[" * 1200
        + "]" * 1200
        + "\n"
        + '{"a": ' * 1200
        + "1"
        + "}" * 1200
        + "\n"
        + json.dumps({"id": "ok", "text": GOOD})
        + "\n"
    )
    docs, errors = read_all([p], root=tmp_path)
    assert [d.id for d in docs] == ["ok"]
    assert len(errors) == 2 and errors[0].startswith(f"{p}:1: ") and errors[1].startswith(f"{p}:2: ")
    assert "nested too deeply" in errors[1]


def test_lone_surrogate_in_a_record_is_one_line_naming_the_record(tmp_path):
    p = tmp_path / "s.jsonl"
    p.write_text(
        '{"id": "bad", "text": "Iran \\ud800 backs them."}\n'
        '{"id": "pair", "text": "Iran \\ud83d\\ude00 backs them."}\n'
        '{"id": "t", "text": "ok text here", "title": "\\udfff"}\n',
        encoding="utf-8",
    )
    docs, errors = read_all([p], root=tmp_path)
    assert [d.id for d in docs] == ["pair"]  # an escaped surrogate *pair* is one character: fine
    assert errors[0].startswith(f"{p}:1: ") and '"text" holds a lone surrogate' in errors[0]
    assert errors[1].startswith(f"{p}:3: ") and '"title"' in errors[1]


def test_records_without_id_get_a_content_id_that_survives_other_lines_going(tmp_path):
    p = tmp_path / "n.jsonl"
    p.write_text(json.dumps({"text": "First story about Iran."}) + "\n" + json.dumps({"text": GOOD}) + "\n")
    before, _ = read_all([p], root=tmp_path)
    p.write_text(json.dumps({"text": GOOD}) + "\n")  # the first line deleted
    after, _ = read_all([p], root=tmp_path)
    assert before[1].id == after[0].id == content_id("n.jsonl", GOOD)


def test_two_records_with_one_id_are_not_merged(tmp_path):
    p = tmp_path / "d.jsonl"
    p.write_text(
        json.dumps({"id": "x", "text": GOOD})
        + "\n"
        + json.dumps({"id": "x", "text": "Other."})
        + "\n"
        + json.dumps({"text": GOOD})
        + "\n"
        + json.dumps({"text": GOOD})
        + "\n"
    )
    docs, errors = read_all([p], root=tmp_path)
    assert [d.id for d in docs] == ["x", content_id("d.jsonl", GOOD)]
    assert errors == [
        f"{p}:2: same id 'x' as line 1; not read",
        f"{p}:4: same text (so its derived id) as line 3; not read",
    ]


def test_two_folders_with_the_same_relative_path_are_refused_not_merged(tmp_path):
    for name, text in (("a", GOOD), ("b", "Russia fights Ukraine.")):
        (tmp_path / name / "2015").mkdir(parents=True)
        (tmp_path / name / "2015" / "x.txt").write_text(text)
    docs, errors = read_all([tmp_path / "a", tmp_path / "b"])
    assert [(d.id, d.text) for d in docs] == [("2015/x.txt", GOOD)]
    assert errors == [
        f"{tmp_path / 'b' / '2015' / 'x.txt'}: document id '2015/x.txt' is already taken by "
        f"{tmp_path / 'a' / '2015' / 'x.txt'}; not read (give it another id, or build the folders "
        "under one root)"
    ]


def test_file_symlink_loop_is_one_line_and_the_folder_is_read(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD)
    os.symlink(tmp_path / "b.txt", tmp_path / "a.txt")
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    docs, errors = read_all([tmp_path])
    assert [d.id for d in docs] == ["good.txt"]
    assert sorted(errors) == sorted(
        [
            f"{tmp_path / 'a.txt'}: skipped: a symlink loop",
            f"{tmp_path / 'b.txt'}: skipped: a symlink loop",
            f"{tmp_path / 'dangling.txt'}: skipped: a symlink to nothing",
        ]
    )


def test_folder_symlinks_are_followed_once_never_twice(tmp_path):
    (tmp_path / "news" / "deep").mkdir(parents=True)
    (tmp_path / "news" / "deep" / "a.txt").write_text(GOOD)
    os.symlink(tmp_path / "news", tmp_path / "news" / "deep" / "loop")  # a loop back up
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "b.txt").write_text("Russia fights Ukraine.")
    os.symlink(tmp_path / "elsewhere", tmp_path / "news" / "linked")
    os.symlink(tmp_path / "news" / "deep" / "a.txt", tmp_path / "news" / "same.txt")  # one file, two paths
    docs, errors = _read_in_time([tmp_path / "news"])
    assert sorted(d.text for d in docs) == sorted([GOOD, "Russia fights Ukraine."])
    assert errors == []


def test_pipes_devices_and_a_link_to_dev_zero_are_skipped_with_a_note(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD)
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    os.symlink("/dev/null", tmp_path / "null.md")
    docs, errors = _read_in_time([tmp_path])
    assert [d.id for d in docs] == ["good.txt"]
    assert sorted(errors) == sorted(
        [
            f"{tmp_path / 'pipe.txt'}: skipped: a named pipe, not a regular file",
            f"{tmp_path / 'zero.txt'}: skipped: a device, not a regular file",
            f"{tmp_path / 'null.md'}: skipped: a device, not a regular file",
        ]
    )
    docs, errors = _read_in_time([tmp_path / "pipe.txt", tmp_path / "zero.txt"])  # named on the command line
    assert docs == [] and len(errors) == 2


def test_a_file_swapped_for_a_pipe_after_listing_is_caught_on_open(tmp_path):
    from kg.documents.files import open_regular

    os.mkfifo(tmp_path / "late.txt")
    with pytest.raises(InputError, match="a named pipe"):
        open_regular(tmp_path / "late.txt")  # returns at once: O_NONBLOCK, then fstat


def test_documents_read_whole_are_cut_into_parts_like_streamed_files(tmp_path, monkeypatch):
    import kg.documents.large as large

    monkeypatch.setattr(large, "PART_CHARS", 2000)
    para = "Iran and the United States are at odds over Iraq, while both fight ISIS. " * 5
    (tmp_path / "page.html").write_text(
        "<html><body><article>" + "".join(f"<p>{para}</p>" for _ in range(40)) + "</article></body></html>"
    )
    (tmp_path / "recs.jsonl").write_text(json.dumps({"id": "r1", "text": "\n\n".join([para] * 40)}) + "\n")
    docs, errors = read_all([tmp_path])
    assert errors == []
    html = [d for d in docs if d.id.startswith("page.html")]
    jsonl = [d for d in docs if d.id.startswith("r1")]
    for parts, name in ((html, "page.html"), (jsonl, "r1")):
        assert [d.id for d in parts] == [f"{name}#part-{n}" for n in range(1, len(parts) + 1)] and len(parts) > 5
        assert all(len(d.text) <= 2000 for d in parts)
        assert all(d.text.startswith("Iran and the United States") for d in parts)  # cut between paragraphs


def test_a_text_without_blank_lines_reaches_the_nlp_stage_in_short_paragraphs(tmp_path):
    from kg.documents.large import MAX_PARAGRAPH_CHARS

    sentence = "Iran and the United States are at odds over Iraq, while both fight ISIS. "
    (tmp_path / "flat.txt").write_text(sentence * 2000)  # 146,000 characters, one line
    docs, errors = read_all([tmp_path])
    assert errors == [] and len(docs) >= 2
    paragraphs = [p for d in docs for p in d.text.split("\n\n")]
    assert max(len(p) for p in paragraphs) <= MAX_PARAGRAPH_CHARS
    assert all(p.endswith("ISIS.") for p in paragraphs)  # cut at sentence ends
    assert sum(len(p) for p in paragraphs) >= len(sentence * 2000) - 2 * len(paragraphs)
