"""kill -9 of a build: every document is whole or absent, tallies equal a recount, a rerun completes it.

The build runs in a child process with hand-made mentions (no parser, so
documents queue up behind the writer and go in large groups); the test
kills it with SIGKILL right after the writer logs that it is sending a
group, i.e. while that transaction is in flight, and then reads the store.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap

import pytest
from tally_check import assert_tallies_match

from kg.rdf.iris import mint
from kg.rdf.namespace import KG
from kg.store import ACTORS_GRAPH, open_store

pytestmark = pytest.mark.slow

N_DOCS = 400

CORPUS = textwrap.dedent(
    """
    import random
    from kg.model import Actor, Document, RelationMention
    from kg.rdf.ontology import relation_properties

    def corpus(n):
        rng = random.Random(5)
        props = relation_properties()
        names = sorted(props)
        actors = [Actor(f"a{i}", f"Actor {i}", "State", aliases=(f"A{i}",)) for i in range(12)]
        out = []
        for d in range(n):
            doc_id = f"doc-{d:04d}.txt"
            mentions = []
            for k in range(30):
                s, o = rng.sample(actors, 2)
                pred = rng.choice(names)
                mentions.append(RelationMention(doc_id, s, pred, o, props[pred], negated=rng.random() < 0.2,
                                                hedged=rng.random() < 0.3, confidence=rng.choice([0.4, 0.7, 0.9]),
                                                sentence=f"sentence {k} of {d}", char_start=k * 10, char_end=k * 10 + 9))
            out.append((Document(doc_id, f"text of {d}"), mentions))
        return out
    """
)

BUILD = CORPUS + textwrap.dedent(
    """
    import logging, sys
    from kg.ingest import build_documents
    from kg.store import open_store

    logging.basicConfig(stream=sys.stdout, format="%(message)s")
    logging.getLogger("kg.ingest.writer").setLevel(logging.DEBUG)
    table = dict((doc.id, ms) for doc, ms in corpus(int(sys.argv[2])))

    def extract(docs):
        for doc in docs:
            yield doc, table[doc.id]

    with open_store(sys.argv[1]) as store:
        report = build_documents([doc for doc, _ in corpus(int(sys.argv[2]))], store, extractor=extract,
                                 progress=False)
    print("done", report.summary(), flush=True)
    """
)


def _corpus(n: int):
    scope: dict = {}
    exec(CORPUS, scope)  # noqa: S102  (the same corpus the child builds)
    return scope["corpus"](n)


def _graphs(store) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for q in store.quads():
        out.setdefault(q.graph_name.value, set()).add(str(q))
    return out


@pytest.fixture(scope="module")
def reference():
    """A clean build of the whole corpus, in memory: the graph of each document and all quads."""
    with open_store("memory") as store:
        assert store.write_documents(_corpus(N_DOCS)) == [None] * N_DOCS
        return _graphs(store), {str(q) for q in store.quads()}


def _run_build(location, n: int = N_DOCS) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", BUILD, str(location), str(n)], stdout=subprocess.PIPE, text=True, bufsize=1
    )


@pytest.mark.parametrize("groups_before_kill", [1, 3])
def test_a_build_killed_while_a_group_is_committed_leaves_every_document_whole_or_absent(
    tmp_path, reference, groups_before_kill
):
    graphs, everything = reference
    location = tmp_path / "store"
    child = _run_build(location)
    in_flight: list[str] = []
    seen = 0
    for line in child.stdout:
        if line.startswith("writing "):
            seen += 1
            if seen == groups_before_kill:
                in_flight = line.split(": ", 1)[1].strip().split(" … ")
                os.kill(child.pid, signal.SIGKILL)  # the group's transaction is on its way
                break
        assert not line.startswith("done"), "the build finished before it could be killed"
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL and in_flight

    with open_store(location) as store:
        stored = _graphs(store)
        docs = [str(mint("doc", doc.id)) for doc, _ in _corpus(N_DOCS)]
        whole = [g for g in docs if g in stored]
        for g in whole:
            assert stored[g] == graphs[g]  # whole: exactly what a clean build writes for it
        assert len(whole) < len(docs) and (groups_before_kill == 1 or whole)  # earlier groups were written
        first, last = (docs.index(str(mint("doc", d))) for d in in_flight)
        group = docs[first : last + 1]
        assert len(group) > 1 and all(g in stored for g in docs[:first])  # the groups before it are written
        # what is written is a first part of the documents in order: a group is one transaction, or a
        # few in order where a document reads an actor an earlier one introduces (on a fresh store)
        written = [g in stored for g in docs]
        assert written == sorted(written, reverse=True)
        assert_tallies_match(store)
        mentioned = {
            str(r[0]) for r in store.query(f"SELECT DISTINCT ?a WHERE {{ ?x <{KG.subject}>|<{KG.object}> ?a }}")
        }
        described = {
            str(r[0]) for r in store.query(f"SELECT DISTINCT ?a WHERE {{ GRAPH <{ACTORS_GRAPH}> {{ ?a ?p ?o }} }}")
        }
        assert described == mentioned

    rerun = _run_build(location)
    out, _ = rerun.communicate(timeout=600)
    assert rerun.returncode == 0 and f"{len(whole)} unchanged" in out
    with open_store(location) as store:
        assert {str(q) for q in store.quads()} == everything  # completed, nothing twice


@pytest.mark.model
def test_the_parser_processes_die_with_a_killed_build(tmp_path):
    """kill -9 of `kg build --workers 2`: its forked parser processes do not outlive it."""
    import shutil
    from pathlib import Path

    import psutil

    seeds = Path(__file__).resolve().parents[2] / "seeds"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for k in range(20):  # enough text that the parsers are busy when the build is killed
        for f in sorted(seeds.glob("*.txt")):
            shutil.copy(f, corpus / f"{k:02d}-{f.name}")
    kg = Path(sys.executable).with_name("kg")
    build = psutil.Popen(
        [str(kg), "build", str(corpus), "--store", str(tmp_path / "store"), "--workers", "2", "--no-progress"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[psutil.Process] = []
    try:
        for _ in range(600):  # the model loads, then the pool forks
            workers = build.children(recursive=True)
            if len(workers) >= 2 or build.poll() is not None:
                break
            psutil.wait_procs([build], timeout=0.1)
        assert len(workers) >= 2, "the build did not start its parser processes"
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=30)
        _, alive = psutil.wait_procs(workers, timeout=20)
        assert not alive, f"parser processes outlived the killed build: {[p.pid for p in alive]}"
    finally:  # whatever happened, leave nothing running
        for p in [build, *workers]:
            with contextlib.suppress(psutil.NoSuchProcess):
                p.kill()
