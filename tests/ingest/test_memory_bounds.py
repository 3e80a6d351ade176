"""What keeps a long build's memory bounded: the writer's queue (by characters) and the store's flushes."""

from __future__ import annotations

import threading

from conftest import IRAN, ISIS, mention

from kg.ingest import build_documents
from kg.ingest.writer import Writer
from kg.model import Document


class SlowStore:
    """Writes nothing until ``go`` is set; records what the writer held at each write."""

    def __init__(self, writer_ref: list) -> None:
        self.go = threading.Event()
        self.writer_ref = writer_ref
        self.held: list[int] = []
        self.written: list[str] = []

    def write_documents(self, items):
        self.go.wait()
        self.held.append(self.writer_ref[0].held)
        self.written.extend(doc.id for doc, _ in items)
        return [None] * len(items)


def _doc(i: int, chars: int) -> Document:
    return Document(f"d{i:03d}.txt", "x" * chars)


def test_the_parser_waits_while_the_writer_holds_its_share_of_characters():
    ref: list = []
    store = SlowStore(ref)
    writer = Writer(store, lambda d, m: None, lambda d, msg: None, linger=0.01, queued_chars=3_000)
    ref.append(writer)
    put = threading.Thread(target=lambda: [writer.put(_doc(i, 1_000), []) for i in range(40)])
    put.start()
    put.join(1.0)
    assert put.is_alive()  # three documents in hand, the fourth waits for room
    assert writer.held == 3_000
    store.go.set()
    put.join()
    writer.close()
    assert store.written == [f"d{i:03d}.txt" for i in range(40)]
    assert max(store.held) <= 3_000 and writer.held == 0


def test_a_document_larger_than_the_share_still_goes_through_alone():
    ref: list = []
    store = SlowStore(ref)
    store.go.set()
    writer = Writer(store, lambda d, m: None, lambda d, msg: None, linger=0.01, queued_chars=3_000)
    ref.append(writer)
    for i, chars in enumerate((500, 10_000, 500)):
        assert writer.put(_doc(i, chars), [mention(f"d{i:03d}.txt", IRAN, "fights", ISIS, "conflict")])
    writer.close()
    assert store.written == ["d000.txt", "d001.txt", "d002.txt"] and max(store.held) <= 10_000 + 500 * 2 + 60


def _sst_files(path) -> set[str]:
    return {p.name for p in path.iterdir() if p.suffix == ".sst"}


def test_the_on_disk_store_writes_its_memory_tables_out_after_enough_update_text(tmp_path, monkeypatch):
    from kg.store import embedded, open_store

    path = tmp_path / "store"
    docs = [Document(f"d{i:03d}.txt", f"Iran fights ISIS, story {i}.") for i in range(6)]
    table = {d.id: [mention(d.id, IRAN, "fights", ISIS, "conflict")] for d in docs}
    with open_store(str(path)) as store:
        build_documents(docs[:3], store, extractor=lambda ds: ((d, table[d.id]) for d in ds), progress=False)
        before = _sst_files(path)
        build_documents(docs[3:5], store, extractor=lambda ds: ((d, table[d.id]) for d in ds), progress=False)
        # small writes stay in memory (and the write-ahead log): no new table file (RocksDB may still
        # compact the ones there, in the background)
        assert not _sst_files(path) - before
        before = _sst_files(path)
        monkeypatch.setattr(embedded, "FLUSH_BYTES", 1)
        build_documents(docs[5:], store, extractor=lambda ds: ((d, table[d.id]) for d in ds), progress=False)
        assert _sst_files(path) - before  # past FLUSH_BYTES: written out to table files
        assert [d.id for d in store.documents()] == [d.id for d in docs]


def test_the_known_tally_states_are_bounded_and_stay_correct(tmp_path):
    """The embedded store's memory of what it wrote is capped; past the cap it reads the store again."""
    from tally_check import assert_tallies_match

    from kg.store import open_store
    from kg.store.changes import Known

    docs = [Document(f"d{i:03d}.txt", f"story {i}") for i in range(12)]
    actors = [IRAN, ISIS]
    table = {
        d.id: [mention(d.id, actors[i % 2], "fights", actors[(i + 1) % 2], "conflict", start=i)]
        for i, d in enumerate(docs)
    }
    with open_store(str(tmp_path / "store")) as store:
        store._known = Known(limit=2)
        for doc in docs:  # one document per write (two tallies: both views of its pair): every write meets the cap
            build_documents([doc], store, extractor=lambda ds: ((d, table[d.id]) for d in ds), progress=False)
            assert len(store._known.tallies) <= 2 and len(store._known.actors) <= 2
        assert_tallies_match(store)
