"""Benchmark: every named query on ~1.25M generated quads, default store (Oxigraph on disk) vs rdflib in memory.

Generates documents of synthetic mentions with the real writer
(``kg.rdf.write.document_parts`` -> N-Quads, one named graph per document plus the
shared actors graph, exactly what ``kg build`` writes; governments and
militaries are parts of states, so the roll-up has work to do), bulk-loads
them into an on-disk store, builds the tallies of both views
(``Store.rebuild_tallies``, what a store gets on its first open; ``kg build``
keeps them current per document), then times each named query (parts folded
into their state, the default, and with ``--keep-parts``) for the
most-mentioned actor and for a typical one (the median rank), and for the
most-mentioned actor also on rdflib's in-memory ``Dataset`` (union default
graph): milliseconds, the ratio and the row counts (which must agree), and
``kg stats``.

    .venv/bin/python bench/store.py                      # ~1.25M quads
    .venv/bin/python bench/store.py --docs 300           # quick run
    .venv/bin/python bench/store.py --keep /tmp/bench    # build once, reuse the store on the next runs
    .venv/bin/python bench/store.py --remote oxigraph    # the first tally build through an Oxigraph server
    .venv/bin/python bench/store.py --remote virtuoso    # ... through Virtuoso (Debian's virtuoso-opensource-7-bin)

Not a test: it prints figures and takes a few minutes (rdflib is the slow side).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kg.model import Actor, Document, RelationMention
from kg.rdf.namespace import PREFIXES
from kg.rdf.ontology import relation_properties
from kg.store.rebuild import DOCUMENTS_PER_REQUEST
from kg.store.tallies import REBUILD_BATCH as TALLIES_PER_REQUEST

KINDS = ["State", "Government", "Military", "ArmedGroup", "Organization", "Person", "Group"]


def make_actors(n: int, rng: random.Random) -> list[Actor]:
    """``n`` actors of random kinds; each government and military is part of a state (the roll-up folds it)."""
    kinds = [rng.choice(KINDS) for _ in range(n)]
    states = [i for i, k in enumerate(kinds) if k == "State"]
    return [
        Actor(
            f"actor-{i}",
            f"Actor {i}",
            kind,
            wikidata=f"Q{1000 + i}",
            cameo=f"A{i:03d}",
            aliases=(f"A{i}",),
            part_of=f"actor-{states[i % len(states)]}" if kind in ("Government", "Military") and states else None,
        )
        for i, kind in enumerate(kinds)
    ]


def make_corpus(docs: int, per_doc: int, actors: list[Actor], rng: random.Random):
    """Yield (Document, mentions); actor popularity is skewed (a few actors appear everywhere)."""
    props = relation_properties()
    names = sorted(props)
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(actors))]
    for d in range(docs):
        doc_id = f"bench/doc-{d}.txt"
        text = f"Synthetic document {d}."
        mentions = []
        for k in range(per_doc):
            s, o = rng.choices(actors, weights, k=2)
            if s.id == o.id:
                o = actors[(actors.index(s) + 1) % len(actors)]
            pred = rng.choice(names)
            sentence = f"{s.label} {pred} {o.label} (sentence {k} of document {d})."
            mentions.append(
                RelationMention(
                    doc_id,
                    s,
                    pred,
                    o,
                    props[pred],
                    negated=rng.random() < 0.05,
                    hedged=rng.random() < 0.1,
                    confidence=round(rng.random(), 3),
                    sentence=sentence,
                    char_start=k * 100,
                    char_end=k * 100 + len(sentence),
                )
            )
        yield Document(doc_id, text, title=f"Doc {d}", date=f"20{10 + d % 15}-0{1 + d % 9}-1{d % 10}"), mentions


def write_nquads(path: Path, corpus) -> int:
    from kg.rdf.iris import mint
    from kg.rdf.write import document_parts
    from kg.store import ACTORS_GRAPH, nt_term

    n = 0
    described: dict[str, list] = {}
    with path.open("w", encoding="utf-8") as out:
        for doc, mentions in corpus:
            g = nt_term(mint("doc", doc.id))
            own, actors = document_parts(doc, mentions)
            described.update(actors)
            for s, p, o in own:
                out.write(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} {g} .\n")
                n += 1
        g = nt_term(ACTORS_GRAPH)
        for triples in described.values():
            for s, p, o in triples:
                out.write(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} {g} .\n")
                n += 1
    return n


def _load() -> str:
    """The 1-minute load average (uptime's first figure)."""
    import os

    return f"{os.getloadavg()[0]:.2f}"


def timed(fn, repeat: int) -> tuple[float, float, object]:
    """Median wall ms, median process CPU ms (the query runs in this process: less swayed by other
    processes on a loaded machine than the wall time), and the last result."""
    times, cpu, result = [], [], None
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(times), statistics.median(cpu), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=4400)
    ap.add_argument("--mentions", type=int, default=20, help="mentions per document")
    ap.add_argument("--actors", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=5, help="runs per query on Oxigraph (median)")
    ap.add_argument("--rdflib-timeout", type=float, default=120.0, help="seconds per rdflib query")
    ap.add_argument("--skip-rdflib", action="store_true")
    ap.add_argument("--memory", action="store_true", help="use the in-memory Oxigraph store instead of a directory")
    ap.add_argument("--keep", metavar="DIR", help="build the store in DIR once and reuse it on later runs")
    ap.add_argument(
        "--remote",
        choices=("oxigraph", "virtuoso"),
        help="load the quads into this server and time the first tally build through HTTP",
    )
    ap.add_argument(
        "--actor",
        type=int,
        default=0,
        help="rank of the frequent actor the parameterised queries ask about (0 = the most mentioned)",
    )
    ap.add_argument("--typical", type=int, default=None, help="rank of the typical actor (default: the median rank)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        nq = work / "bench.nq"
        if not nq.exists():
            rng = random.Random(7)
            t = time.perf_counter()
            n = write_nquads(nq, make_corpus(args.docs, args.mentions, make_actors(args.actors, rng), rng))
            print(
                f"generated {n:,} quads ({args.docs} documents x {args.mentions} mentions, "
                f"{args.actors} actors) in {time.perf_counter() - t:.1f}s"
            )
        if args.remote:
            remote_build(args.remote, nq, work)
            return
        store = embedded_store(args, nq, work)
        run_queries(args, store)
        store.close()


def embedded_store(args, nq: Path, work: Path):
    """The store with its tallies, built from the N-Quads (or the one ``--keep`` built before)."""
    import pyoxigraph as ox

    from kg.store import open_store

    location = "memory" if args.memory else work / "store"
    built = location != "memory" and (work / "store" / "CURRENT").exists()
    store = open_store(location)
    if built:
        print(f"reusing {location}: {len(store):,} quads")
        return store
    t = time.perf_counter()
    store.bulk_load(nq, ox.RdfFormat.N_QUADS)
    print(f"oxigraph bulk load: {time.perf_counter() - t:.1f}s, {len(store):,} quads in store")
    t = time.perf_counter()
    store.rebuild_tallies()
    print(f"tallies of both views built in {time.perf_counter() - t:.1f}s, {len(store):,} quads in store")
    if location != "memory":
        t = time.perf_counter()
        store.optimize()
        print(f"store compacted in {time.perf_counter() - t:.1f}s")
    return store


def run_queries(args, store) -> None:
    from kg.queries import named_queries
    from kg.rdf.iris import mint
    from kg.store import inline_values

    typical = args.typical if args.typical is not None else args.actors // 2
    ranks = {"most-mentioned": args.actor, "typical": typical}
    for role, i in ranks.items():
        share = next(
            iter(
                store.query(
                    "SELECT (COUNT(*) AS ?n) WHERE { { ?x kg:subject ?a } UNION { ?x kg:object ?a } }",
                    {"a": mint("actor", f"actor-{i}")},
                    initNs=PREFIXES,
                )
            )
        )[0]
        print(f"{role} actor: actor-{i}, in {int(share):,} assertions (pairs: with actor-{i + 1})")

    # Oxigraph first, before the rdflib dataset (millions of Python objects) is in this process.
    results, slow = [], []
    load_before = _load()
    for keep_parts in (False, True):
        plans = {role: make_plan(store, named_queries(), i, keep_parts) for role, i in ranks.items()}
        for (name, text, typ), (_, _, freq) in zip(plans["typical"], plans["most-mentioned"]):
            cells = []
            for bindings in (typ, freq):
                ms, cpu, res = timed(lambda t=text, b=bindings: list(store.query(t, b)), args.repeat)
                if ms >= 100:
                    slow.append(f"{name} ({'parts kept' if keep_parts else 'rolled up'})")
                cells.append((ms, len(res), cpu))
            results.append((name, keep_parts, inline_values(text, freq), cells))
    stats_ms, stats_cpu, stats = timed(store.stats, args.repeat)

    rdf = None
    if not args.skip_rdflib:
        t = time.perf_counter()
        rdf = store.dataset(union_default=True)
        print(
            f"rdflib memory dataset (union default graph): {len(rdf):,} quads, built in {time.perf_counter() - t:.1f}s"
        )

    print()
    print(
        f"median of {args.repeat} runs, ms (cpu: this process's CPU ms); 'frequent' = the most-mentioned actor; "
        f"rdflib: the frequent one, parts folded; load average while timing: {load_before} -> {_load()}"
    )
    print(
        f"{'query':<20} {'parts':<7} {'typical ms':>11} {'cpu':>6} {'rows':>6} {'frequent ms':>12} {'cpu':>6} "
        f"{'rows':>6} {'rdflib ms':>10} {'ratio':>7}"
    )
    for name, keep_parts, text, cells in results:
        line = (
            f"{name:<20} {'kept' if keep_parts else 'folded':<7} {cells[0][0]:>11.1f} {cells[0][2]:>6.1f} "
            f"{cells[0][1]:>6} {cells[1][0]:>12.1f} {cells[1][2]:>6.1f} {cells[1][1]:>6}"
        )
        if rdf is not None and not keep_parts:
            rd_ms, rd_rows = rdflib_run(rdf, text, args.rdflib_timeout)
            if rd_ms is None:
                line += (
                    f" {'>' + str(int(args.rdflib_timeout * 1000)):>10} "
                    f"{'>' + str(int(args.rdflib_timeout * 1000 / max(cells[1][0], 1e-3))):>6}x"
                )
            else:
                line += f" {rd_ms:>10.1f} {rd_ms / max(cells[1][0], 1e-3):>6.0f}x"
                if rd_rows != cells[1][1]:
                    line += f"  ROWS DIFFER: rdflib {rd_rows}"
        print(line, flush=True)
    print(
        f"{'kg stats':<28} {stats_ms:>11.1f} {stats_cpu:>6.1f}  ({stats.documents:,} documents, {stats.assertions:,} assertions, "
        f"{stats.triples:,} triples)"
    )
    print()
    print("every named query under 100 ms" if not slow else f"over 100 ms: {', '.join(sorted(set(slow)))}")


def remote_build(engine: str, nq: Path, work: Path) -> None:
    """Load the quads into a server on loopback and time the first tally build through the SPARQL protocol."""
    import os
    import subprocess

    from kg.store.remote import RemoteStore

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    import servers  # the test fixtures' server managers

    if engine == "oxigraph":
        from kg.store.server import oxigraph_executable

        data = work / "oxigraph-server"
        t = time.perf_counter()
        subprocess.run(
            [oxigraph_executable(), "load", "--location", str(data), "--file", str(nq)], check=True, capture_output=True
        )
        print(f"oxigraph load: {time.perf_counter() - t:.1f}s")
        server = servers.ManagedOxigraph(data).start()
    else:
        server = servers.ManagedVirtuoso(work / "virtuoso").start()
        os.environ.update(server.environment())
        t = time.perf_counter()
        load = f"ld_dir('{nq.parent}', '{nq.name}', 'urn:unused'); rdf_loader_run(); checkpoint;"
        subprocess.run(
            [servers.ISQL, f"127.0.0.1:{server.isql_port}", "dba", server.password, f"exec={load}"],
            check=True,
            capture_output=True,
            timeout=3600,
        )
        print(f"virtuoso load: {time.perf_counter() - t:.1f}s")
    try:
        store = RemoteStore(server.url)
        store.load_ontology()
        t = time.perf_counter()
        store.rebuild_tallies()
        print(
            f"first tally build through {engine} ({store.query_url}): {time.perf_counter() - t:.1f}s, "
            f"in requests of at most {DOCUMENTS_PER_REQUEST} documents / {TALLIES_PER_REQUEST} tallies"
        )
        t = time.perf_counter()
        stats = store.stats()
        print(
            f"kg stats through {engine}: {(time.perf_counter() - t) * 1000:.0f} ms "
            f"({stats.documents:,} documents, {stats.assertions:,} assertions, {stats.triples:,} triples)"
        )
    finally:
        server.stop()


def make_plan(store, queries, i: int, keep_parts: bool) -> list[tuple[str, str, dict]]:
    """(label, query text, bindings) for every named query asked about actor ``i`` (and ``i + 1`` for pairs)."""
    from kg.queries import bind_params

    params = {"actor": f"Actor {i}", "other": f"actor-{i + 1}", "a": f"actor-{i}", "b": f"Actor {i + 1}"}
    plan = []
    for name, query in queries.items():
        given = {p.name: params[p.name] for p in query.params if p.name in params}
        bindings, _ = bind_params(store, query, given, keep_parts=keep_parts)
        plan.append((name, query.text, bindings))
    return plan


def rdflib_run(graph, text, timeout):
    """Time one rdflib query (parameters already inlined as VALUES) in a forked child, killed after
    ``timeout`` s: (ms, rows) or (None, None)."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)

    def target():
        t = time.perf_counter()
        rows = len(list(graph.query(text)))
        child.send(((time.perf_counter() - t) * 1000, rows))

    proc = ctx.Process(target=target)
    proc.start()
    proc.join(timeout)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None, None
    return parent.recv() if parent.poll() else (None, None)


if __name__ == "__main__":
    main()
