"""Scale benchmark: documents/s and words/s of a build with 1 worker, 2 workers and a Dask LocalCluster.

All three build the same generated corpus (``bench/corpus.py``, default 240
documents, ~100k words) into a fresh in-memory store, in one run, and the
ratio to 1 worker is printed. What each figure includes:

* ``local x1`` / ``local x2`` — ``kg build --workers 1`` / ``2``: 1 or 2
  parser processes beside this one, which writes (``kg.ingest.parsers``);
  includes starting them and loading the model in each, as a cold
  ``kg build`` does (this process never loads the model: its parsers would
  inherit it, and its garbage collections would walk it).
* ``dask x1`` / ``dask x2`` — ``kg build --engine dask``: a running LocalCluster
  of 1 or 2 worker processes (1 thread each); the model is preloaded on the workers by a warm-up
  build of 2 documents, as on a long-lived cluster; cluster start-up is
  reported separately.

Per build: seconds to the first document written (start-up: the local
parsers load the model), the CPU of this process (reading, hash checks,
writing; on Dask also the scheduler and nannies) and of the parsers or
workers, and how busy the parsers were (their CPU over their number times the
wall time: what is missing is waiting, for work or for a core).

The graphs built the three ways are compared too (same triples), so a fast
wrong answer cannot pass (the code must not change during the run: Dask
workers import it afresh). Run on a quiet machine: ``uptime`` is printed, and
the kernel shares the CPU between sessions (autogroup), so while other
sessions are busy, extra processes of this one cannot get more CPU and the
ratios say little.

    .venv/bin/python bench/scale.py [--docs 240] [--words 420] [--partition N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus, word_count  # noqa: E402


def _load() -> str:
    try:
        return os.popen("uptime").read().strip()
    except OSError:
        return "?"


def _machine_jiffies() -> tuple[int, int]:
    """(busy, total) CPU jiffies of the whole machine so far (Linux /proc/stat)."""
    try:
        fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    except OSError:
        return 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


def _own_cpu() -> tuple[float, float]:
    """CPU seconds of (this process, its finished children: parser processes once joined)."""
    t = os.times()
    return t.user + t.system, t.children_user + t.children_system


def _workers_cpu(client) -> float:
    if client is None:
        return 0.0

    def usage() -> float:
        import resource

        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    return sum(client.run(usage).values())


def _first_written(extractor, t0: list[float], first: list[float]):
    """``extractor``, noting when its first document comes out (start-up, then one batch parsed)."""

    def extract(docs):
        for item in extractor(docs):
            if not first:
                first.append(time.perf_counter() - t0[0])
            yield item

    return extract


def _timed_build(docs, extractor, client=None) -> dict:
    """Build into a fresh memory store: seconds, assertions, store, CPU (this process, parsers), machine busy share."""
    from kg.ingest import build_documents
    from kg.store import open_store

    store = open_store("memory")
    (own0, kids0), wcpu0, (busy0, total0) = _own_cpu(), _workers_cpu(client), _machine_jiffies()
    t0, first = [time.perf_counter()], []
    report = build_documents(iter(docs), store, progress=False, extractor=_first_written(extractor, t0, first))
    elapsed = time.perf_counter() - t0[0]
    (own1, kids1), wcpu1, (busy1, total1) = _own_cpu(), _workers_cpu(client), _machine_jiffies()
    machine = (busy1 - busy0) / (total1 - total0) if total1 > total0 else float("nan")
    if report.failed or report.added != len(docs):
        raise SystemExit(f"build failed: {report.summary()} {report.failed[:3]}")
    return {
        "secs": elapsed,
        "assertions": report.assertions,
        "store": store,
        "driver": own1 - own0,
        "parsers": kids1 - kids0 + wcpu1 - wcpu0,
        "first": first[0] if first else float("nan"),
        "machine": machine,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=240)
    parser.add_argument("--words", type=int, default=420)
    parser.add_argument("--partition", type=int, default=None, help="most documents per Dask task")
    args = parser.parse_args(argv)

    from distributed import Client
    from rdflib.compare import isomorphic

    from kg.ingest.cluster import dask_extractor, local_cluster, local_extractor

    docs = make_corpus(args.docs, words=args.words)
    words = word_count(docs)
    print(f"corpus: {len(docs)} documents, {words} words; cores: {os.cpu_count()}")
    print(f"load before: {_load()}")

    runs: dict[str, dict] = {}
    for n_workers in (1, 2):
        runs[f"local x{n_workers}"] = _timed_build(docs, local_extractor(n_workers))
        runs[f"local x{n_workers}"]["workers"] = n_workers

    partition = {"partition_size": args.partition} if args.partition else {}
    for n_workers in (1, 2):
        t0 = time.perf_counter()
        with local_cluster(n_workers) as cluster, Client(cluster) as client:
            extractor = dask_extractor(client, **partition)
            _timed_build(make_corpus(2, seed=99, words=50), extractor)  # warm-up: preload the model on the workers
            print(f"dask LocalCluster start + model preload on {n_workers} workers: {time.perf_counter() - t0:.1f}s")
            runs[f"dask x{n_workers}"] = _timed_build(docs, extractor, client)
            runs[f"dask x{n_workers}"]["workers"] = n_workers

    print(f"load after: {_load()}")
    base_wps = words / runs["local x1"]["secs"]
    print()
    print(
        f"{'engine':<10} {'seconds':>8} {'first doc':>9} {'words/s':>9} {'x 1 worker':>11} {'assertions':>11}"
        f" {'CPU s':>7} {'driver':>7} {'parsers':>8} {'parsers busy':>13} {'cores got':>10} {'machine busy':>13}"
    )
    cores = os.cpu_count() or 1
    for name, r in runs.items():
        wps = words / r["secs"]
        cpu = r["driver"] + r["parsers"]
        print(
            f"{name:<10} {r['secs']:8.2f} {r['first']:8.1f}s {wps:9.0f} {wps / base_wps:10.2f}x {r['assertions']:11d}"
            f" {cpu:7.1f} {r['driver']:7.1f} {r['parsers']:8.1f} {r['parsers'] / (r['workers'] * r['secs']):12.0%}"
            f" {cpu / r['secs']:10.2f} {r['machine']:12.0%}"
        )
    print(
        f"('first doc': seconds to the first document written; 'driver': CPU s of this process; 'parsers': of the "
        f"parser processes or Dask workers; 'parsers busy': their CPU / (their number x seconds); 'cores got': CPU s "
        f"per wall s, of {cores}; 'machine busy': all processes on the machine, including other users)"
    )

    reference = runs["local x1"]["store"].union_graph()
    for name in ("local x2", "dask x1", "dask x2"):
        same = isomorphic(reference, runs[name]["store"].union_graph())
        print(f"graph of {name} identical to local x1: {same}")
    secs = {name: r["secs"] for name, r in runs.items()}
    print(
        f"dask x2 / dask x1: {secs['dask x1'] / secs['dask x2']:.2f}x (target >= 1.7); "
        f"local x2 / local x1: {secs['local x1'] / secs['local x2']:.2f}x (target >= 1.8)"
    )


if __name__ == "__main__":
    main()
