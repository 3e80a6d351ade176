"""The parser processes of a build: order kept, mentions intact, failures reported, nothing left running."""

from __future__ import annotations

import multiprocessing as mp
import os
import time

import pytest
from conftest import IRAN, ISIS, USA
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError, KgError
from kg.ingest import parsers
from kg.model import Actor, Document, RelationMention

HEZBOLLAH = Actor("hezbollah", "Hezbollah", "ArmedGroup", aliases=("Hizbullah",), part_of=None, based_in="lebanon")


def _full_mention(doc_id: str, k: int) -> RelationMention:
    """A mention with every field set (a field lost on the way back would show)."""
    return RelationMention(
        doc_id,
        IRAN,
        "supports",
        HEZBOLLAH,
        "cooperation",
        negated=k % 2 == 1,
        hedged=True,
        attributed_to=USA,
        confidence=0.5 + k / 100,
        sentence=f"Iran backs Hezbollah, US officials say ({k}) — «quoted».",
        char_start=k,
        char_end=k + 20,
        subject_text="Tehran",
        object_text="Hizbullah",
    )


def tagging_parser(settings):
    """Each document gets mentions naming the process that parsed it."""

    def parse(docs):
        time.sleep(0.01)
        return [[_full_mention(d.id, k) for k in range(int(d.text))] + [_pid_mention(d.id)] for d in docs]

    return parse


def _pid_mention(doc_id: str) -> RelationMention:
    return RelationMention(doc_id, ISIS, "fights", IRAN, "conflict", sentence=str(os.getpid()))


def failing_parser(settings):
    def parse(docs):
        if any(d.id == "d05" for d in docs):
            raise InputError("d05: the parser refuses it")
        return [[] for _ in docs]

    return parse


def dying_parser(settings):
    def parse(docs):
        if any(d.id == "d05" for d in docs):
            os._exit(3)
        return [[] for _ in docs]

    return parse


def unloadable_parser(settings):
    raise KgError(f"--model {settings['model']}: no installed spaCy pipeline or pipeline folder of that name")


def _docs(n: int, mentions: int = 2) -> list[Document]:
    return [Document(f"d{i:02d}", str(mentions)) for i in range(n)]


def test_documents_come_back_in_input_order_with_every_mention_field_from_two_parsers(monkeypatch):
    monkeypatch.setattr(parsers, "BATCH_CHARS", 1)  # one document per batch: many batches, both parsers busy
    docs = _docs(30, mentions=3)
    out = list(parsers.parse_in_processes(docs, 2, {}, load=tagging_parser))
    assert [d for d, _ in out] == docs
    for doc, mentions in out:
        assert mentions[:-1] == [_full_mention(doc.id, k) for k in range(3)]
    assert len({mentions[-1].sentence for _, mentions in out}) == 2  # both processes parsed some
    assert not mp.active_children()


def test_an_error_in_a_parser_reaches_the_build_as_itself(monkeypatch):
    monkeypatch.setattr(parsers, "BATCH_CHARS", 1)
    got = []
    with pytest.raises(InputError, match="d05: the parser refuses it"):
        for doc, _ in parsers.parse_in_processes(_docs(12), 1, {}, load=failing_parser):
            got.append(doc.id)
    assert got == [f"d{i:02d}" for i in range(5)]  # everything before it was handed on
    assert not mp.active_children()


def test_a_parser_that_cannot_load_stops_the_build_with_its_message():
    with pytest.raises(KgError, match="--model nope: no installed spaCy pipeline"):
        list(parsers.parse_in_processes(_docs(3), 2, {"model": "nope"}, load=unloadable_parser))
    assert not mp.active_children()


def test_a_parser_process_that_dies_is_one_error_not_a_hang(monkeypatch):
    monkeypatch.setattr(parsers, "BATCH_CHARS", 1)
    monkeypatch.setattr(parsers, "POLL", 0.05)
    with pytest.raises(KgError, match=r"the parser process kg-parser-0 died \(exit code 3\)"):
        list(parsers.parse_in_processes(_docs(12), 1, {}, load=dying_parser))
    assert not mp.active_children()


def test_stopping_early_ends_the_parsers_at_once(monkeypatch):
    monkeypatch.setattr(parsers, "BATCH_CHARS", 1)
    stream = parsers.parse_in_processes(_docs(40), 2, {}, load=tagging_parser)
    first, _ = next(stream)
    assert first.id == "d00" and len(mp.active_children()) == 2
    stream.close()
    assert not mp.active_children()


@settings(max_examples=200, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=0, max_value=300), max_size=60),
    parallel=st.integers(min_value=1, max_value=4),
    max_docs=st.integers(min_value=1, max_value=8),
)
def test_task_batches_cover_the_input_in_order_within_their_bounds(sizes, parallel, max_docs):
    docs = [Document(f"d{i}", "x" * n) for i, n in enumerate(sizes)]
    out = list(parsers.task_batches(iter(docs), parallel, max_docs=max_docs, chars=400))
    assert [d for batch in out for d in batch] == docs
    for batch in out:
        assert 1 <= len(batch) <= max_docs
        assert len(batch) == 1 or sum(len(d.text) for d in batch) <= 400


def test_the_last_batches_get_smaller_so_the_parsers_finish_together():
    docs = [Document(f"d{i:03d}", "x" * 100) for i in range(200)]  # 20,000 characters
    sizes = [sum(len(d.text) for d in b) for b in parsers.task_batches(docs, 2, chars=2_000)]
    assert sizes[:8] == [2_000] * 8  # full batches while more input follows
    tail = sizes[8:]
    assert sum(tail) == 20_000 - 8 * 2_000
    assert tail == sorted(tail, reverse=True) and tail[0] <= 1_000 and tail[-1] == 100
    assert [sum(len(d.text) for d in b) for b in parsers.task_batches(docs, 1, chars=2_000)] == [2_000] * 10
