"""The NLP stage on a real Dask LocalCluster (2 worker processes) and on local processes.

The cluster is shared by the module (session-scoped, it takes a few seconds
to start). Plumbing tests use a hand-made picklable partition function
(``servers.fake_partition``) so they do not depend on the parser; the
end-to-end ones parse the seed corpus with spaCy on the workers.
"""

from __future__ import annotations

import functools
import os
import signal
from pathlib import Path

import pytest
from servers import fake_extract, fake_mentions, fake_partition, make_docs, oxigraph  # noqa: F401  (fixture)

from kg.ingest.cluster import dask_extractor, local_extractor
from kg.model import Actor, RelationMention

pytestmark = [pytest.mark.slow, pytest.mark.server]

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def cluster():
    """A real LocalCluster: 2 worker processes, one thread each."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cl,
        Client(cl) as client,
    ):
        yield cl, client


def _ids(results):
    return sorted(doc.id for doc, _ in results)


def test_dask_extractor_returns_every_document_once_with_its_mentions(cluster):
    cl, client = cluster
    docs = make_docs(23)
    extract = dask_extractor(
        cl.scheduler_address, partition_size=4, partition_fn=functools.partial(fake_partition, delay=0.01)
    )
    results = list(extract(iter(docs)))
    assert _ids(results) == sorted(d.id for d in docs)
    by_id = {doc.id: mentions for doc, mentions in results}
    for doc in docs:
        assert by_id[doc.id] == fake_mentions(doc)


def _first_is_slow(docs):
    import time

    time.sleep(0.6 if docs[0].id == "doc-0000.txt" else 0.01)
    return fake_partition(docs, delay=0)


def test_results_come_back_in_input_order_even_when_early_partitions_are_slow(cluster):
    cl, _ = cluster
    docs = make_docs(12)
    extract = dask_extractor(cl.scheduler_address, partition_size=2, partition_fn=_first_is_slow)
    assert [doc.id for doc, _ in extract(docs)] == [d.id for d in docs]


def test_dask_extractor_runs_on_both_workers(cluster):
    cl, client = cluster
    pids = set(client.run(os.getpid).values())
    seen = set()
    extract = dask_extractor(cl.scheduler_address, partition_size=2, partition_fn=_pid_partition)
    for _doc, mentions in extract(make_docs(16)):
        seen.add(int(mentions[0].sentence))
    assert seen == pids  # both worker processes did work, none was done in this process
    assert os.getpid() not in seen


def _pid_partition(docs):
    import time

    time.sleep(0.05 * len(docs))
    return [[_pid_mention(doc)] for doc in docs]


def _pid_mention(doc) -> RelationMention:
    """A mention naming the process that made it (in its sentence)."""
    iran, isis = Actor("iran", "Iran", "State"), Actor("isis", "Islamic State", "ArmedGroup")
    return RelationMention(doc.id, isis, "fights", iran, "conflict", sentence=str(os.getpid()))


def test_results_stream_back_before_the_whole_corpus_is_done(cluster):
    cl, _ = cluster
    extract = dask_extractor(
        cl.scheduler_address,
        partition_size=1,
        max_in_flight=2,
        partition_fn=functools.partial(fake_partition, delay=0.02),
    )
    consumed = []

    def docs():
        for d in make_docs(12):
            consumed.append(d.id)
            yield d

    it = extract(docs())
    first = next(it)
    # the first result is yielded while most of the input is still unread
    assert len(consumed) < 12
    rest = list(it)
    assert _ids([first, *rest]) == sorted(d.id for d in make_docs(12))


def test_a_worker_killed_mid_build_loses_no_document(cluster):
    cl, client = cluster
    docs = make_docs(40)
    pids = list(client.run(os.getpid).values())
    extract = dask_extractor(
        cl.scheduler_address, partition_size=2, retries=3, partition_fn=functools.partial(fake_partition, delay=0.1)
    )
    results = []
    for item in extract(docs):
        results.append(item)
        if len(results) == 1:
            os.kill(pids[0], signal.SIGKILL)  # a worker process dies with work in flight
    assert _ids(results) == sorted(d.id for d in docs)  # every document, exactly once
    assert len(results) == len(docs)
    client.wait_for_workers(2, timeout=60)  # the nanny restarted it
    assert pids[0] not in client.run(os.getpid).values()


def test_local_cluster_started_and_stopped_when_no_scheduler_is_given():
    docs = make_docs(5)
    extract = dask_extractor(
        None, n_workers=1, partition_size=2, partition_fn=functools.partial(fake_partition, delay=0.0)
    )
    assert _ids(extract(docs)) == sorted(d.id for d in docs)


def test_a_task_sends_back_mentions_not_the_documents():
    """The driver keeps each partition's documents: a task's result carries only mentions, each actor once."""
    import pickle

    from kg.ingest.parsers import decode_mentions, encode_document, parse_encoded

    docs = make_docs(6)
    docs[2] = type(docs[2])(docs[2].id, docs[2].text + " " + "a long unquoted tail of text " * 50)
    encoded = parse_encoded(fake_partition, [encode_document(d) for d in docs])
    assert b"unquoted tail" not in pickle.dumps(encoded)
    assert decode_mentions(*encoded) == fake_partition(docs, delay=0)
    actors = encoded[0]
    assert len(actors) == len(set(actors))


def _callbacks(dask_worker):
    calls = dask_worker.periodic_callbacks
    return calls["tick"].callback_time, "profile" in calls and calls["profile"].is_running()


def test_quiet_worker_slows_the_ticks_and_stops_the_profiler_of_any_worker():
    """A worker started elsewhere (here: with Dask's defaults) is quietened by the plugin's step."""
    from distributed import Client, LocalCluster

    from kg.ingest.cluster import quiet_worker

    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=":0") as cl, Client(cl) as client:
        assert set(client.run(_callbacks).values()) == {(20, True)}  # Dask's defaults: 20 ms ticks, profiler on
        client.run(lambda dask_worker: quiet_worker(dask_worker))
        assert set(client.run(_callbacks).values()) == {(1000, False)}


def test_the_local_cluster_is_quiet_from_the_start():
    from distributed import Client

    from kg.ingest.cluster import local_cluster

    with local_cluster(1) as cl, Client(cl) as client:
        assert set(client.run(_callbacks).values()) == {(1000, False)}
        assert cl.scheduler.periodic_callbacks["tick"].callback_time == 1000


def test_extractors_reject_bad_sizes():
    with pytest.raises(ValueError):
        local_extractor(0)
    with pytest.raises(ValueError):
        dask_extractor(n_workers=0)
    with pytest.raises(ValueError):
        dask_extractor(partition_size=0)


def test_fake_extract_matches_fake_partition():
    docs = make_docs(3)
    assert list(fake_extract(docs)) == list(zip(docs, fake_partition(docs, delay=0)))


# ----------------------------------------------------------------- end to end with spaCy


@pytest.mark.model
def test_seed_corpus_three_ways_gives_isomorphic_graphs(cluster, oxigraph, tmp_path):
    """Embedded store, remote Oxigraph server, Dask cluster into the embedded store: one graph."""
    from rdflib.compare import isomorphic

    from kg.ingest import build
    from kg.store import open_store

    cl, _ = cluster
    graphs = {}
    with open_store(tmp_path / "embedded") as store:
        report = build([SEEDS], store, progress=False)
        assert report.failed == [] and report.added >= 1 and report.assertions > 0
        graphs["embedded"] = store.union_graph()
    with open_store(oxigraph.url) as store:
        report = build([SEEDS], store, progress=False)
        assert report.failed == [] and report.added >= 1
        graphs["remote"] = store.union_graph()
    with open_store(tmp_path / "dask") as store:
        report = build([SEEDS], store, progress=False, extractor=dask_extractor(cl.scheduler_address, partition_size=1))
        assert report.failed == [] and report.added >= 1
        graphs["dask"] = store.union_graph()
    assert len(graphs["embedded"]) > 100
    assert isomorphic(graphs["embedded"], graphs["remote"])
    assert isomorphic(graphs["embedded"], graphs["dask"])

    # the model was loaded once per worker and is reused by the next build
    _, client = cluster
    loaded = client.run(_pipeline_id)
    assert len(loaded) == 2 and all(v is not None for v in loaded.values())
    with open_store("memory") as store:
        build([SEEDS], store, progress=False, extractor=dask_extractor(cl.scheduler_address, partition_size=1))
    assert client.run(_pipeline_id) == loaded


def _pipeline_id():
    from kg.nlp import pipeline

    models = list(pipeline._PIPELINES.values())
    return id(models[0]) if models else None


@pytest.mark.model
def test_workers_two_gives_the_same_mentions_as_one():
    from kg.model import Document

    docs = [Document(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    docs = docs * 1 + [Document(f"copy-{d.id}", d.text) for d in docs]
    one = {d.id: m for d, m in local_extractor(1)(docs)}
    two = {d.id: m for d, m in local_extractor(2)(docs)}
    assert one == two and sum(len(m) for m in one.values()) > 0


# ----------------------------------------------------------------- errors a user can cause


def _fails_on_doc_3(docs):
    if any(d.id == "doc-0003.txt" for d in docs):
        raise ValueError("parser crashed")
    return fake_partition(docs, delay=0)


def test_a_failing_partition_names_its_documents(cluster):
    from kg.errors import KgError

    cl, _ = cluster
    extract = dask_extractor(cl.scheduler_address, partition_size=2, retries=1, partition_fn=_fails_on_doc_3)
    with pytest.raises(KgError, match=r"doc-0002\.txt, doc-0003\.txt: ValueError: parser crashed"):
        list(extract(make_docs(6)))


def test_unreachable_scheduler_is_a_clear_error():
    from kg.errors import KgError
    from kg.store.server import free_port

    extract = dask_extractor(f"tcp://127.0.0.1:{free_port()}", partition_fn=fake_partition, connect_timeout=1)
    with pytest.raises(KgError, match="cannot reach the Dask scheduler tcp://127.0.0.1:"):
        list(extract(make_docs(2)))


def test_make_extractor_checks_its_options():
    from kg.errors import InputError
    from kg.ingest.cluster import make_extractor

    with pytest.raises(InputError, match="unknown --engine 'spark'"):
        make_extractor("spark")
    with pytest.raises(InputError, match="--scheduler needs --engine dask"):
        make_extractor("local", scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(InputError, match="--workers must be at least 1"):
        make_extractor("dask", workers=0)


# ----------------------------------------------------------------- kg build --engine dask


def _kg(*args):
    from typer.testing import CliRunner

    from kg.cli import app

    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.mark.model
def test_cli_build_on_the_dask_cluster_equals_a_local_build(cluster, tmp_path):
    from rdflib.compare import isomorphic

    from kg.store import open_store

    cl, _ = cluster
    local = _kg("build", SEEDS, "--store", tmp_path / "local", "--no-progress")
    assert local.exit_code == 0, local.output
    dask = _kg(
        "build",
        SEEDS,
        "--store",
        tmp_path / "dask",
        "--no-progress",
        "--engine",
        "dask",
        "--scheduler",
        cl.scheduler_address,
    )
    assert dask.exit_code == 0, dask.output
    assert dask.stdout.splitlines()[0] == local.stdout.splitlines()[0]  # same counts
    with open_store(tmp_path / "local") as a, open_store(tmp_path / "dask") as b:
        assert isomorphic(a.union_graph(), b.union_graph())


def test_cli_build_engine_options_are_checked():
    bad = _kg("build", SEEDS, "--store", "memory", "--scheduler", "tcp://127.0.0.1:8786")
    assert bad.exit_code != 0 and "kg: error: --scheduler needs --engine dask" in bad.output
    bad = _kg("build", SEEDS, "--store", "memory", "--engine", "spark")
    assert bad.exit_code != 0 and "unknown --engine 'spark'" in bad.output
