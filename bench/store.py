"""Benchmark: every named query on ~1M generated triples, default store (Oxigraph on disk) vs rdflib in memory.

Generates documents of synthetic mentions with the real writer
(``kg.rdf.write.document_parts`` -> N-Quads, one named graph per document plus the
shared actors graph, exactly what ``kg build`` writes), bulk-loads them into an
on-disk store, builds the pair tallies (``Store.rebuild_tallies``, what a
store gets on its first open; ``kg build`` keeps them current per document),
then times each named query for the most-mentioned actor and for a typical
one (the median rank), and for the most-mentioned actor also on rdflib's
in-memory ``Graph`` of the union: milliseconds, the ratio and the row counts
(which must agree). ``evidence-for`` and ``relations`` are timed in both forms
(with and without their optional parameter).

    .venv/bin/python bench/store.py            # ~1M triples
    .venv/bin/python bench/store.py --docs 300 # quick run

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

KINDS = ["State", "Government", "Military", "ArmedGroup", "Organization", "Person", "Group"]


def make_actors(n: int, rng: random.Random) -> list[Actor]:
    return [Actor(f"actor-{i}", f"Actor {i}", rng.choice(KINDS), wikidata=f"Q{1000 + i}",
                  cameo=f"A{i:03d}", aliases=(f"A{i}",)) for i in range(n)]


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
            mentions.append(RelationMention(doc_id, s, pred, o, props[pred], negated=rng.random() < 0.05,
                                            hedged=rng.random() < 0.1, confidence=round(rng.random(), 3),
                                            sentence=sentence, char_start=k * 100, char_end=k * 100 + len(sentence)))
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


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=4400)
    ap.add_argument("--mentions", type=int, default=20, help="mentions per document")
    ap.add_argument("--actors", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=5, help="runs per query on Oxigraph (median)")
    ap.add_argument("--rdflib-timeout", type=float, default=120.0, help="seconds per rdflib query")
    ap.add_argument("--skip-rdflib", action="store_true")
    ap.add_argument("--memory", action="store_true", help="use the in-memory Oxigraph store instead of a directory")
    ap.add_argument("--actor", type=int, default=0,
                    help="rank of the frequent actor the parameterised queries ask about (0 = the most mentioned)")
    ap.add_argument("--typical", type=int, default=None,
                    help="rank of the typical actor (default: the median rank)")
    args = ap.parse_args()

    import pyoxigraph as ox
    from rdflib import Graph

    from kg.rdf.iris import mint
    from kg.queries import named_queries
    from kg.store import inline_values, open_store

    rng = random.Random(7)
    actors = make_actors(args.actors, rng)
    with tempfile.TemporaryDirectory() as tmp:
        nq = Path(tmp) / "bench.nq"
        t = time.perf_counter()
        n = write_nquads(nq, make_corpus(args.docs, args.mentions, actors, rng))
        print(f"generated {n:,} quads ({args.docs} documents x {args.mentions} mentions, "
              f"{args.actors} actors) in {time.perf_counter() - t:.1f}s")

        store = open_store("memory" if args.memory else Path(tmp) / "store")
        t = time.perf_counter()
        store.bulk_load(nq, ox.RdfFormat.N_QUADS)
        print(f"oxigraph bulk load: {time.perf_counter() - t:.1f}s, {len(store):,} quads in store")

        t = time.perf_counter()
        store.rebuild_tallies()
        print(f"pair tallies built in {time.perf_counter() - t:.1f}s, {len(store):,} quads in store")
        if not args.memory:
            t = time.perf_counter()
            store.optimize()
            print(f"store compacted in {time.perf_counter() - t:.1f}s")

        typical = args.typical if args.typical is not None else args.actors // 2
        ranks = {"most-mentioned": args.actor, "typical": typical}
        for role, i in ranks.items():
            share = next(iter(store.query(
                "SELECT (COUNT(*) AS ?n) WHERE { { ?x kg:subject ?a } UNION { ?x kg:object ?a } }",
                {"a": mint("actor", f"actor-{i}")}, initNs=PREFIXES)))[0]
            print(f"{role} actor: actor-{i}, in {int(share):,} assertions (pairs: with actor-{i + 1})")
        plans = {role: make_plan(store, named_queries(), i) for role, i in ranks.items()}

        # Oxigraph first, before the rdflib graph (millions of Python objects) is in this process.
        results = []
        slow = []
        for (name, text, typ), (_, _, freq) in zip(plans["typical"], plans["most-mentioned"]):
            if text is None:
                ms, stats = timed(store.stats, max(1, args.repeat // 2))
                results.append((name, None, [(ms, stats.triples), (ms, stats.triples)]))
                continue
            cells = []
            for bindings in (typ, freq):
                ms, res = timed(lambda: list(store.query(text, bindings)), args.repeat)
                if ms >= 100:
                    slow.append(name)
                cells.append((ms, len(res)))
            results.append((name, inline_values(text, freq), cells))

        rdf = None
        if not args.skip_rdflib:
            t = time.perf_counter()
            rdf = Graph()
            for q in store.quads():
                rdf.add((_r(q.subject), _r(q.predicate), _r(q.object)))
            print(f"rdflib memory graph (union): {len(rdf):,} triples, built in {time.perf_counter() - t:.1f}s")

        print()
        print(f"median of {args.repeat} runs, ms; 'frequent' = the most-mentioned actor; rdflib: the frequent one")
        print(f"{'query':<28} {'typical ms':>11} {'rows':>6} {'frequent ms':>12} {'rows':>6} "
              f"{'rdflib ms':>10} {'ratio':>7}")
        for name, text, cells in results:
            if text is None:
                print(f"{name:<28} {cells[0][0]:>11.1f} {'':>6} {cells[1][0]:>12.1f} {'':>6}   "
                      f"(whole store: {cells[0][1]:,} triples)")
                continue
            line = f"{name:<28} {cells[0][0]:>11.1f} {cells[0][1]:>6} {cells[1][0]:>12.1f} {cells[1][1]:>6}"
            if rdf is not None:
                rd_ms, rd_rows = rdflib_run(rdf, text, args.rdflib_timeout)
                if rd_ms is None:
                    line += f" {'>' + str(int(args.rdflib_timeout * 1000)):>10} " \
                            f"{'>' + str(int(args.rdflib_timeout * 1000 / max(cells[1][0], 1e-3))):>6}x"
                else:
                    line += f" {rd_ms:>10.1f} {rd_ms / max(cells[1][0], 1e-3):>6.0f}x"
                    if rd_rows != cells[1][1]:
                        line += f"  ROWS DIFFER: rdflib {rd_rows}"
            print(line, flush=True)
        for fmt in ("turtle", "nquads"):
            ms, data = timed(lambda: store.dump(fmt), 1)
            print(f"dump {fmt:<15} {ms:>12.1f} ms  ({len(data) / 1e6:.0f} MB)")
        store.close()
        print()
        print("every named query under 100 ms" if not slow else f"over 100 ms: {', '.join(sorted(set(slow)))}")
        sys.exit(0)


def make_plan(store, queries, i: int) -> list[tuple[str, str | None, dict | None]]:
    """(label, query text, bindings) for every named query asked about actor ``i`` (and ``i + 1`` for pairs).

    Queries with an optional parameter appear twice: with it and without it.
    """
    from kg.queries import bind_params

    params = {"actor": f"Actor {i}", "other": f"actor-{i + 1}", "a": f"actor-{i}", "b": f"Actor {i + 1}"}
    plan = []
    for name, query in queries.items():
        given = {p.name: params[p.name] for p in query.params if p.name in params}
        forms = [(name, given)]
        optional = [p.name for p in query.params if p.optional and p.default is None and p.name in given]
        if optional:
            forms = [(f"{name} ({', '.join(sorted(given))})", given),
                     (f"{name} (no {', '.join(optional)})",
                      {k: v for k, v in given.items() if k not in optional})]
        for label, values in forms:
            bindings, _ = bind_params(store, query, values)
            plan.append((label, query.text, bindings))
    plan.append(("(stats)", None, None))
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


def _r(term):
    from kg.store import from_ox

    return from_ox(term)


if __name__ == "__main__":
    main()
