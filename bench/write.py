"""Write benchmark: CPU per document of the embedded store's writes, in groups as ``kg build``'s writer sends them.

The generated corpus (``bench/corpus.py``, default 240 documents) is
extracted once (the spaCy pipeline; the mentions are kept in a pickle in the
temp directory, so later runs and other checkouts time only the writes), then
written into a fresh on-disk store per group size, one ``write_documents``
call per group. Printed per group size: process CPU ms per document (all
threads: pyoxigraph applies an update on its own) and wall ms, median of the
rounds, and the store's quads.

    .venv/bin/python bench/write.py [--docs 240] [--groups 1 16 64] [--rounds 3]
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus  # noqa: E402


def extracted(n: int) -> list:
    cache = Path(tempfile.gettempdir()) / f"kg-bench-write-{n}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    from kg.nlp.pipeline import extract_documents

    items = [(doc, list(mentions)) for doc, mentions in extract_documents(make_corpus(n))]
    cache.write_bytes(pickle.dumps(items))
    return items


def write_once(items: list, group: int) -> tuple[float, float, int]:
    from kg.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "store"))
        cpu, wall = time.process_time(), time.perf_counter()
        for start in range(0, len(items), group):
            errors = store.write_documents(items[start : start + group])
            assert not any(errors), errors
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        quads = len(store)
        store.close()
    return cpu, wall, quads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=240)
    parser.add_argument("--groups", type=int, nargs="+", default=[1, 16, 64])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    items = extracted(args.docs)
    assertions = sum(len(m) for _, m in items)
    print(f"{len(items)} documents, {assertions} mentions")
    for group in args.groups:
        runs = [write_once(items, group) for _ in range(args.rounds)]
        cpu = statistics.median(r[0] for r in runs) * 1000 / len(items)
        wall = statistics.median(r[1] for r in runs) * 1000 / len(items)
        print(f"groups of {group:>3}: write CPU {cpu:6.1f} ms/doc, wall {wall:6.1f} ms/doc, {runs[0][2]} quads")


if __name__ == "__main__":
    main()
