"""Incremental builds: accumulate, skip unchanged documents before extraction, replace changed ones, remove."""

from __future__ import annotations

import pytest
from conftest import IRAN, ISIS, MILITIAS, USA, mention

from kg.errors import InputError, StoreError
from kg.ingest import build, build_documents, remove
from kg.model import Document
from kg.rdf.iris import mint
from kg.rdf.namespace import KG

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def quads(store) -> int:
    return int(next(iter(store.query(COUNT)))[0])


class HandMade:
    """The extractor seam fed with hand-made mentions; records which documents it was asked to parse."""

    def __init__(self, table: dict[str, list]):
        self.table = table
        self.parsed: list[str] = []

    def __call__(self, docs):
        for doc in docs:
            self.parsed.append(doc.id)
            yield doc, self.table.get(doc.id, [])


def test_build_accumulates_and_skips_unchanged_documents_before_extraction(store, doc_a, doc_b):
    extractor = HandMade({"a.txt": doc_a[1], "b.txt": doc_b[1]})
    r1 = build_documents([doc_a[0]], store, extractor=extractor)
    assert (r1.seen, r1.added, r1.cooperation, r1.conflict, r1.hedged) == (1, 1, 2, 2, 1)
    r2 = build_documents([doc_a[0], doc_b[0]], store, extractor=extractor)
    assert (r2.seen, r2.added, r2.unchanged, r2.updated) == (2, 1, 1, 0)
    assert extractor.parsed == ["a.txt", "b.txt"]  # a.txt was not parsed again
    n = quads(store)
    r3 = build_documents([doc_a[0], doc_b[0]], store, extractor=extractor)
    assert (r3.unchanged, r3.added, r3.updated) == (2, 0, 0) and quads(store) == n
    assert extractor.parsed == ["a.txt", "b.txt"]
    assert [d.id for d in store.documents()] == ["a.txt", "b.txt"]


def test_force_rewrites_unchanged_documents(store, doc_a):
    extractor = HandMade({"a.txt": doc_a[1]})
    build_documents([doc_a[0]], store, extractor=extractor)
    n = quads(store)
    report = build_documents([doc_a[0]], store, extractor=extractor, force=True)
    assert report.updated == 1 and quads(store) == n


def test_a_changed_document_replaces_its_assertions(store, doc_a):
    build_documents([doc_a[0]], store, extractor=HandMade({"a.txt": doc_a[1]}))
    changed = Document("a.txt", doc_a[0].text + " Now Iran attacks ISIS.")
    report = build_documents(
        [changed], store, extractor=HandMade({"a.txt": [mention("a.txt", IRAN, "attacks", ISIS, "conflict")]})
    )
    assert report.updated == 1
    g = store.union_graph()
    assert (mint("actor", "iran"), KG.attacks, mint("actor", "isis")) in g
    assert (mint("actor", "iran"), KG.supports, mint("actor", "shia-militias")) not in g
    assert len(set(g.subjects(KG.evidence, None))) == 1


def test_remove_deletes_a_document_but_not_what_another_one_supports(store, doc_a, doc_b):
    build_documents([doc_a[0], doc_b[0]], store, extractor=HandMade({"a.txt": doc_a[1], "b.txt": doc_b[1]}))
    remove("b.txt", store)
    g = store.union_graph()
    assert (mint("actor", "usa"), KG.rivalOf, mint("actor", "iran")) not in g  # only b.txt said it
    assert (mint("actor", "iran"), KG.supports, mint("actor", "shia-militias")) in g  # a.txt says it too
    with pytest.raises(InputError, match="no document 'b.txt'.*a.txt"):
        remove("b.txt", store)


def test_one_bad_input_does_not_stop_the_rest(store, doc_a, doc_b):
    bad = mention("b.txt", USA, "befriends", MILITIAS, "cooperation")
    items = [InputError("c.html: not valid UTF-8"), doc_a[0], doc_b[0], Document("a.txt", "dup")]
    report = build_documents(items, store, extractor=HandMade({"a.txt": doc_a[1], "b.txt": [bad]}))
    assert report.added == 1 and report.seen == 3
    assert report.failed[0] == "c.html: not valid UTF-8"
    assert any("b.txt" in f and "befriends" in f for f in report.failed)
    assert any("duplicate document id" in f for f in report.failed)
    assert [d.id for d in store.documents()] == ["a.txt"]


def test_summary_counts_assertions_by_polarity(store, doc_b):
    report = build_documents([doc_b[0]], store, extractor=HandMade({"b.txt": doc_b[1]}), progress=False)
    assert (report.cooperation, report.conflict, report.negated) == (2, 1, 1)
    assert "3 (2 cooperation, 1 conflict, 1 negated, 0 hedged)" in report.summary()


def test_a_bar_is_drawn_only_on_a_terminal(store, capsys, monkeypatch):
    docs = [Document(f"d{i}.txt", f"text {i}") for i in range(6)]
    table = {d.id: [mention(d.id, IRAN, "fights", ISIS, "conflict")] for d in docs}
    report = build_documents(docs, store, extractor=HandMade(table))
    assert report.added == 6
    assert capsys.readouterr().err == ""  # stderr is no terminal here: no bar, no carriage return
    monkeypatch.setattr("kg.progress.watched", lambda: True)
    shown = []
    monkeypatch.setattr("kg.progress.ProgressBar.update", lambda self, n=1: shown.append(n))
    build_documents(docs, store, extractor=HandMade(table), force=True)
    assert len(shown) == 6


def test_build_reads_files_and_folders(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text("Iran backs the militias.")
    (tmp_path / "news" / "b.md").write_text("# Rivals\n\nThe US and Iran are rivals.")
    (tmp_path / "news" / "bad.html").write_bytes(b"\xff\xfe\x00\x00garbage\x00\x00")
    table = {
        "a.txt": [mention("a.txt", IRAN, "supports", MILITIAS, "cooperation")],
        "b.md": [mention("b.md", USA, "rivalOf", IRAN, "conflict")],
    }  # ids relative to the folder given
    report = build(["news"], store, extractor=HandMade(table))
    assert report.added == 2 and len(report.failed) == 1 and "bad.html" in report.failed[0]
    assert sorted(d.id for d in store.documents()) == ["a.txt", "b.md"]
    assert build(["news"], store, extractor=HandMade(table)).unchanged == 2


@pytest.mark.slow
@pytest.mark.model
def test_building_the_seed_corpus_with_spacy(tmp_path, monkeypatch):
    """End to end: the real NLP stage over seeds/, into an on-disk store; the graph validates."""
    pytest.importorskip("kg.nlp.pipeline")
    from pathlib import Path

    from kg.rdf.validate import validate
    from kg.store import open_store

    repo = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(repo)
    with open_store(tmp_path / "store") as st:
        report = build(["seeds"], st, progress=False)
        assert report.added >= 1 and not report.failed
        stats = st.stats()
        assert stats.assertions > 0 and stats.cooperation > 0 and stats.conflict > 0
        assert validate(st).conforms
        again = build(["seeds"], st, progress=False)
        assert again.unchanged == report.added and st.stats() == stats


class FailingWrites:
    """An in-memory store whose writes fail from the ``after``-th document on, as a full disk does."""

    def __init__(self, store, after: int, message: str = "write failed, nothing written: No space left on device"):
        self.store, self.after, self.message = store, after, message
        self.attempts = 0

    def __getattr__(self, name):
        return getattr(self.store, name)

    def write_documents(self, items):
        self.attempts += len(items)
        done = len(self.store.documents())
        if done + len(items) > self.after:
            raise StoreError(f"store memory: {self.message}")
        return self.store.write_documents(items)


def _docs(n: int) -> tuple[list[Document], dict[str, list]]:
    docs = [Document(f"d{i:04d}.txt", f"text {i}") for i in range(n)]
    return docs, {d.id: [mention(d.id, IRAN, "fights", ISIS, "conflict", start=i)] for i, d in enumerate(docs)}


def test_a_store_error_that_repeats_stops_the_build_with_one_line(store):
    from kg.ingest.writer import GROUP, QUEUED

    n = 2 * (QUEUED + GROUP)  # more than can wait for the writer: the parser has to stop
    docs, table = _docs(n)
    extractor = HandMade(table)
    failing = FailingWrites(store, after=3)
    report = build_documents(docs, failing, extractor=extractor, progress=False)
    assert [d.id for d in store.documents()] == ["d0000.txt", "d0001.txt", "d0002.txt"]
    assert report.added == 3 and not report.failed  # no warning per remaining document ...
    assert report.stopped.startswith(
        "store memory: write failed, nothing written: No space left on device; build stopped:"
    )
    assert f"{n - 3} documents not written (d0003.txt, d0004.txt," in report.stopped  # every one, however far
    assert report.stopped.endswith(f"d0012.txt, … ({n - 13} more)); build again once the store is back")  # it got
    assert len(extractor.parsed) < len(docs)  # ... and the parser stopped too
    assert failing.attempts <= GROUP + 4  # a failed group is retried one by one up to the first failure, no more
    again = build_documents(docs, store, extractor=HandMade(table), progress=False)  # the store is back
    assert (again.unchanged, again.added, again.stopped) == (3, n - 3, None)


def test_an_unreadable_store_stops_the_build_at_the_first_document(store, monkeypatch):
    docs, table = _docs(50)

    def unreachable(doc_id):
        raise StoreError("cannot reach SPARQL endpoint http://127.0.0.1:9: Connection refused")

    monkeypatch.setattr(store, "document_hash", unreachable)
    report = build_documents(docs, store, extractor=HandMade(table), progress=False)
    assert report.failed == [] and report.added == 0
    assert report.stopped.startswith("cannot reach SPARQL endpoint")
    assert "50 documents not written (d0000.txt, d0001.txt" in report.stopped


def test_groups_keep_input_order_and_every_document(store):
    """Many documents queue up behind the writer: they go in groups, each one written once."""
    docs, table = _docs(300)
    report = build_documents(docs, store, extractor=HandMade(table), progress=False)
    assert report.added == 300 and report.conflict == 300
    assert [d.id for d in store.documents()] == [d.id for d in docs]
    tally = store.query("SELECT ?n WHERE { ?t kg:mentions ?n }", initNs={"kg": str(KG)})
    assert [int(r[0]) for r in tally] == [300, 300]  # the pair's tally, parts kept apart and rolled up


def test_a_crash_while_writing_reaches_the_caller_and_nothing_hangs(store, monkeypatch):
    docs, table = _docs(5)

    def broken(items):
        raise RuntimeError("bug in the writer")

    monkeypatch.setattr(store, "write_documents", broken)
    with pytest.raises(RuntimeError, match="bug in the writer"):
        build_documents(docs, store, extractor=HandMade(table), progress=False)
