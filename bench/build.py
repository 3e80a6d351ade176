"""Build benchmark: `kg build` on the default on-disk store against the bare spaCy model, as whole processes.

The same generated corpus (``bench/corpus.py``, default 240 documents, ~100k
words) is written to a folder; then, in turns (A B C A B C ...), as
separate processes timed from outside:

* ``bare``   — the bare model (``spacy.load`` + ``nlp.pipe`` over every
  paragraph of every file, ``kg.nlp.pipeline.paragraphs``), reading the files;
* ``kg x1``  — ``kg build DIR --store FRESH`` (default on-disk store, 1 worker);
* ``kg x2``  — ``kg build DIR --store FRESH --workers 2``;
* ``bare x2`` (with ``--bare-x2``) — two bare-model processes at once, each over every other file:
  the speed-up two cores give the parser alone, the ceiling of ``kg x2 / kg x1`` on this machine.

Each includes starting Python and loading the model. Printed: median wall
seconds, words/s, CPU seconds (user + system of the command and its parser
processes: what holds on a loaded machine) and per round the ratios kg x1 / bare (words/s, target
>= 0.85) and kg x2 / kg x1 (target >= 1.7), with their medians: ratios of
runs taken side by side hold up better on a shared machine than the times.
The load average is printed before and after.

    .venv/bin/python bench/build.py [--docs 240] [--rounds 3]

With ``--sizes N1 N2`` it instead builds two corpora of N1 and N2 documents
once each (``kg build``, 1 worker, default store) and prints words/s and the
build's peak RSS for each: time should grow linearly with the input and peak
memory stay bounded (the writer's queue and the store's flushes bound it).

    .venv/bin/python bench/build.py --sizes 240 2400
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus, word_count, write_corpus  # noqa: E402

BARE = """
import sys
from pathlib import Path
import spacy
from kg.nlp.pipeline import DEFAULT_MODEL, paragraphs
nlp = spacy.load(DEFAULT_MODEL)
share, shares = (int(x) for x in (sys.argv[2] if len(sys.argv) > 2 else "0/1").split("/"))
files = sorted(Path(sys.argv[1]).iterdir())[share::shares]
texts = (p for f in files for _, p in paragraphs(f.read_text(encoding="utf-8")))
n = sum(1 for _ in nlp.pipe(texts, batch_size=64))
print(n, "paragraphs")
"""


def _run(*argvs: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the commands and the processes they waited for) of
    one command, or of several started together (wall: until the last one ends)."""
    t0 = time.perf_counter()
    children = [subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for argv in argvs]
    used = 0.0
    for argv, child in zip(argvs, children):
        _, status, usage = os.wait4(child.pid, 0)
        if status != 0:
            raise SystemExit(f"{' '.join(argv)} failed ({status}): {child.stderr.read().decode()[-500:]}")
        child.stderr.close()
        used += usage.ru_utime + usage.ru_stime
    return time.perf_counter() - t0, used


def _run_peak(argv: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of one command (its own rusage, not the largest child so far)."""
    t0 = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({status}): {child.stderr.read().decode()[-500:]}")
    return elapsed, usage.ru_maxrss // 1024


def sizes(kg: str, counts: list[int], words_per_doc: int) -> None:
    """words/s and peak RSS of `kg build` (1 worker, default store) at each corpus size."""
    work = Path(tempfile.mkdtemp(prefix="kg-bench-sizes-"))
    try:
        rows = []
        for n in counts:
            docs = make_corpus(n, words=words_per_doc)
            words = word_count(docs)
            folder = work / f"corpus-{n}"
            write_corpus(docs, folder)
            del docs
            print(f"{n} documents, {words} words (load {_load()}) ...", flush=True)
            elapsed, peak = _run_peak([kg, "build", str(folder), "--no-progress", "--store", str(work / f"store-{n}")])
            rows.append((n, words, elapsed, peak))
            shutil.rmtree(work / f"store-{n}", ignore_errors=True)
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'documents':>9} {'words':>9} {'wall s':>8} {'words/s':>8} {'peak RSS MB':>12}")
    for n, words, elapsed, peak in rows:
        print(f"{n:9d} {words:9d} {elapsed:8.1f} {words / elapsed:8.0f} {peak:12d}")
    (_, w0, t0, _), (_, w1, t1, _) = rows[0], rows[-1]
    print(f"words/s at the largest size / the smallest: {(w1 / t1) / (w0 / t0):.2f} (1.00: time linear in input)")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=240)
    parser.add_argument("--words", type=int, default=420)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-x2", action="store_true", help="leave out kg build --workers 2")
    parser.add_argument(
        "--bare-x2", action="store_true", help="also two bare-model processes at once (the parser's own 2-core ceiling)"
    )
    parser.add_argument("--sizes", type=int, nargs=2, metavar="N", help="words/s and peak RSS at two corpus sizes")
    args = parser.parse_args(argv)

    kg = str(Path(sys.executable).with_name("kg"))
    if args.sizes:
        sizes(kg, args.sizes, args.words)
        return
    docs = make_corpus(args.docs, words=args.words)
    words = word_count(docs)
    work = Path(tempfile.mkdtemp(prefix="kg-bench-build-"))
    try:
        folder = work / "corpus"
        write_corpus(docs, folder)
        commands = {
            "bare": [sys.executable, "-c", BARE, str(folder)],
            "kg x1": [kg, "build", str(folder), "--no-progress", "--store"],
            "kg x2": [kg, "build", str(folder), "--no-progress", "--workers", "2", "--store"],
        }
        if args.no_x2:
            del commands["kg x2"]
        if args.bare_x2:
            commands["bare x2"] = [sys.executable, "-c", BARE, str(folder)]
        print(f"corpus: {len(docs)} documents, {words} words; cores: {os.cpu_count()}; load: {_load()}")
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for r in range(args.rounds):
            for name, argv in commands.items():
                if name.startswith("kg"):
                    store = work / f"store-{r}-{name[-1]}"
                    argv = [*argv, str(store)]
                if name == "bare x2":
                    wall, used = _run([*argv, "0/2"], [*argv, "1/2"])
                else:
                    wall, used = _run(argv)
                times[name].append(wall)
                cpu[name].append(used)
                if name.startswith("kg"):
                    shutil.rmtree(work / f"store-{r}-{name[-1]}", ignore_errors=True)
            line = "  ".join(f"{name} {times[name][-1]:6.1f}s" for name in commands)
            print(f"round {r + 1}: {line}  (load {_load()})", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"{'command':<8} {'median s':>9} {'words/s':>8} {'CPU s':>7} {'CPU ms/doc':>11}")
    for name, ts in times.items():
        used = statistics.median(cpu[name])
        print(
            f"{name:<8} {statistics.median(ts):9.1f} {words / statistics.median(ts):8.0f} {used:7.1f}"
            f" {used * 1000 / len(docs):11.1f}"
        )
    x1 = [b / k for b, k in zip(times["bare"], times["kg x1"])]
    print(
        f"kg x1 / bare words/s, per round: {' '.join(f'{x:.3f}' for x in x1)}; median {statistics.median(x1):.3f}"
        " (target >= 0.85)"
    )
    if "kg x2" in times:
        x2 = [a / b for a, b in zip(times["kg x1"], times["kg x2"])]
        print(
            f"kg x2 / kg x1 speed, per round: {' '.join(f'{x:.2f}' for x in x2)}; median {statistics.median(x2):.2f}"
            " (target >= 1.7)"
        )
    if "bare x2" in times:
        b2 = [a / b for a, b in zip(times["bare"], times["bare x2"])]
        print(
            f"bare x2 / bare speed, per round: {' '.join(f'{x:.2f}' for x in b2)}; median {statistics.median(b2):.2f}"
            " (what two cores give the parser alone)"
        )


if __name__ == "__main__":
    main()
