"""Benchmark: build and write the graph page for 100, 1,000 and 5,000 actors.

Random signed graphs with evidence (planted camps, ~2.5 pairs per actor, 1–4
assertions per pair, some ambivalent). Prints, per size: time to aggregate the
signed graph from assertion rows, time to draw (partition + PageRank +
layout + HTML) and write the page, and the page's size. Target at 5,000
actors: under 5 s and under 10 MB.

    .venv/bin/python bench/draw.py [--sizes 100 1000 5000] [--analyze] [--read 100000]

``--analyze`` also times the whole markdown report (``kg analyze``) per size.
``--read N`` also times reading N assertions from an in-memory kg store
(Oxigraph, the store ``kg build`` writes) with ``signed_graph``: the two
SPARQL SELECTs plus aggregation.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from kg.analysis.signed import Row, graph_from_rows
from kg.rdf.iris import mint
from kg.rdf.namespace import KG_NS as KG

ACTOR = str(mint("actor", "x"))[:-1]
COOP = ["supports", "alliedWith", "aids", "meetsWith", "negotiatesWith"]
CONF = ["fights", "attacks", "condemns", "sanctions", "threatens"]


def random_rows(n: int, seed: int = 0, camps: int = 4) -> tuple[list[Row], dict]:
    rng = random.Random(seed)
    camp = [rng.randrange(camps) for _ in range(n)]
    actors = {f"{ACTOR}a{i}": {"label": f"Actor {i} <{camp[i]}>", "kind": "State"} for i in range(n)}
    rows = []
    for _ in range(int(n * 2.5)):
        u, v = rng.randrange(n), rng.randrange(n)
        if u == v:
            continue
        friendly = camp[u] == camp[v]
        for k in range(rng.randint(1, 4)):
            coop = friendly if rng.random() > 0.15 else not friendly
            pred = rng.choice(COOP if coop else CONF)
            year = 2010 + (u % 500) % 15  # one date per document
            rows.append(
                Row(
                    f"{ACTOR}a{u}",
                    KG + pred,
                    f"{ACTOR}a{v}",
                    "cooperation" if coop else "conflict",
                    f"Actor {u} {pred} actor {v} in sentence {k} with some more words to read.",
                    round(rng.uniform(0.4, 1.0), 3),
                    False,
                    rng.random() < 0.1,
                    f"doc{u % 500}",
                    f"doc-{u % 500}",
                    f"Headline number {u % 500}",
                    f"{year}-06-01",
                )
            )
    return rows, actors


def to_rdf(rows: list[Row], actors: dict):
    from rdflib import Graph

    from kg.analysis.examples import Claim, add_actor, add_claim, add_document

    g = Graph()
    for iri, d in actors.items():
        add_actor(g, iri[len(ACTOR) :], d["label"], d["kind"])
    for doc in {(r.doc_id, r.title, r.date) for r in rows}:
        add_document(g, *doc)
    for i, r in enumerate(rows):
        add_claim(
            g,
            Claim(
                r.subject[len(ACTOR) :],
                r.predicate[len(KG) :],
                r.object[len(ACTOR) :],
                r.sentence,
                r.doc_id,
                r.confidence,
                r.negated,
                r.hedged,
            ),
            offset=i,
        )
    return g


def main(argv: list[str] | None = None) -> None:
    from kg.render.draw import draw

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    ap.add_argument("--analyze", action="store_true", help="also time the full report (kg analyze) per size")
    ap.add_argument("--read", type=int, default=0, metavar="N", help="also time reading N assertions from a kg store")
    args = ap.parse_args(argv)
    print(f"{'actors':>7} {'pairs':>7} {'assert.':>8} {'aggregate s':>12} {'draw+write s':>13} {'page MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            rows, actors = random_rows(n)
            t0 = time.perf_counter()
            G = graph_from_rows(rows, actors)
            t1 = time.perf_counter()
            out = draw(G, Path(tmp) / f"g{n}.html")
            t2 = time.perf_counter()
            size = out.stat().st_size / 1e6
            print(
                f"{G.number_of_nodes():7d} {G.number_of_edges():7d} {len(rows):8d} {t1 - t0:12.2f} "
                f"{t2 - t1:13.2f} {size:8.2f}",
                end="",
            )
            if args.analyze:
                from kg.analysis import report
                from kg.analysis.signed import Data

                t3 = time.perf_counter()
                report(Data(rows, actors), "markdown")
                print(f"   analyze {time.perf_counter() - t3:.2f} s", end="")
            print()
            sys.stdout.flush()
        if args.read:
            read_store(args.read, Path(tmp))


def read_store(n_assertions: int, tmp: Path) -> None:
    """Time ``signed_graph`` over an in-memory kg store holding about ``n_assertions`` assertions."""
    import pyoxigraph as ox

    from kg.analysis import signed_graph
    from kg.store import open_store

    actors_n = max(10, n_assertions // 6)
    rows, actors = random_rows(actors_n, seed=1)
    rows = rows[:n_assertions]
    g = to_rdf(rows, actors)
    nt = tmp / "read.nq"
    graph = f"<{mint('graph', 'bench')}>"
    with nt.open("w", encoding="utf-8") as fh:
        for line in g.serialize(format="nt").splitlines():
            if line.strip():
                fh.write(line.rstrip()[:-1] + graph + " .\n")
    store = open_store("memory")
    store.bulk_load(nt, ox.RdfFormat.N_QUADS)
    t0 = time.perf_counter()
    G = signed_graph(store)
    dt = time.perf_counter() - t0
    print(
        f"read {len(rows)} assertions ({len(g)} triples) from a kg store: {G.number_of_nodes()} actors, "
        f"{G.number_of_edges()} pairs in {dt:.2f} s"
    )


if __name__ == "__main__":
    main()
