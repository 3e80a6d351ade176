"""Benchmark: ``kg export`` in every format on a generated store (time, peak memory, size).

Builds an on-disk store from ``bench/store.py``'s synthetic corpus (the real
writer, bulk-loaded, tallies rebuilt), then times each export format in a
fresh process (so peak RSS is the export's own) and prints seconds, peak RSS
and output size. The full store dump (``Store.dump``, which keeps tallies and
the ontology) is timed for comparison.

    .venv/bin/python bench/export.py              # 1,000 documents x 20 mentions (~0.3M quads)
    .venv/bin/python bench/export.py --docs 300   # quick run

Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from store import make_actors, make_corpus, write_nquads  # noqa: E402

FORMATS = ("turtle", "nt", "json-ld", "xml", "trig", "nquads", "graphml", "gexf")

CHILD = """
import resource, sys, time
from kg.store import open_store
fmt, location, out = sys.argv[1:4]
with open_store(location, read_only=True) as s:
    t = time.perf_counter()
    if fmt == "dump":
        data = s.dump("nquads")
    elif fmt in ("graphml", "gexf"):
        from kg.render.network import export_network
        data = export_network(s, fmt)
    else:
        from kg.rdf.export import export
        data = export(s, fmt)
    seconds = time.perf_counter() - t
open(out, "wb").write(data)
print(f"{seconds:.2f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} {len(data) / 1e6:.1f}")
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--mentions", type=int, default=20, help="mentions per document")
    ap.add_argument("--actors", type=int, default=400)
    args = ap.parse_args()

    import pyoxigraph as ox

    from kg.store import open_store

    rng = random.Random(0)
    actors = make_actors(args.actors, rng)
    with tempfile.TemporaryDirectory() as tmp:
        nq = Path(tmp) / "corpus.nq"
        quads = write_nquads(nq, make_corpus(args.docs, args.mentions, actors, rng))
        location = str(Path(tmp) / "store")
        with open_store(location) as store:
            store.bulk_load(nq, ox.RdfFormat.N_QUADS)
            store.rebuild_tallies()
        print(f"{args.docs} documents, {quads:,} data quads (plus tallies and ontology)")
        print(f"{'format':<10} {'seconds':>8} {'peak MB':>8} {'out MB':>8}")
        for fmt in (*FORMATS, "dump"):
            out = Path(tmp) / f"out.{fmt}"
            run = subprocess.run(
                [sys.executable, "-c", CHILD, fmt, location, str(out)], capture_output=True, text=True, check=False
            )
            if run.returncode:
                print(f"{fmt:<10} failed: {run.stderr.strip().splitlines()[-1]}")
                continue
            seconds, peak, size = run.stdout.split()
            print(f"{fmt:<10} {float(seconds):>8.2f} {float(peak):>8.0f} {float(size):>8.1f}", flush=True)


if __name__ == "__main__":
    main()
