"""A large text file through ``kg build`` (the real spaCy stage): wall time and the build's peak RSS.

Writes a news-like text file of ``--mb`` megabytes (paragraphs of sentences
naming actors, or with ``--flat`` no blank line at all, the harder case),
then runs ``kg build FILE --store TMP`` in a child process and prints its
time, peak resident memory and what it stored. The build parses in its own
parser processes, so two peaks are printed: the largest single process
(``getrusage`` of the children) and the whole build, the summed RSS of the
build and its parsers sampled every half second (psutil).
The file is read in streamed parts of ``kg.documents.large.PART_CHARS``
characters, so peak memory should not grow with the file's size.

    .venv/bin/python bench/large_file.py --mb 50           # the issue's case (hours on 1 core: --workers)
    .venv/bin/python bench/large_file.py --mb 6 --flat     # over the streaming threshold, minutes

Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

SENTENCES = [
    "Iran and the United States are at odds over Iraq, while both fight ISIS.",
    "The Iraqi government asked its allies for more help in the campaign.",
    "Russia backs Syria, and Turkey opposes the Kurdish fighters in the north.",
    "Saudi Arabia accused Iran of arming the Houthi rebels in Yemen.",
    "Officials in Washington said the talks with Tehran would resume next week.",
]


def write_corpus(path: Path, megabytes: float, flat: bool) -> int:
    target = int(megabytes * 1024 * 1024)
    sep = " " if flat else "\n\n"
    written = 0
    with open(path, "w", encoding="utf-8") as fh:
        i = 0
        while written < target:
            para = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(4)) + sep
            fh.write(para)
            written += len(para)
            i += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the text file in MB")
    parser.add_argument("--flat", action="store_true", help="no blank lines (one paragraph)")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-large-") as tmp:
        corpus = Path(tmp) / "big.txt"
        size = write_corpus(corpus, args.mb, args.flat)
        cmd = [
            sys.executable,
            "-m",
            "kg",
            "build",
            str(corpus),
            "--store",
            str(Path(tmp) / "store"),
            "--no-progress",
            "--workers",
            str(args.workers),
        ]
        start = time.perf_counter()
        with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as child:
            tree_peak = [0]
            watcher = threading.Thread(target=_watch_tree, args=(child.pid, tree_peak), daemon=True)
            watcher.start()
            out, err = child.communicate()
            watcher.join()
        elapsed = time.perf_counter() - start
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"{size / 1e6:.1f} MB text ({'no blank lines' if args.flat else 'paragraphs'}), --workers {args.workers}")
    print(
        f"  kg build: {elapsed:.0f} s, peak RSS {tree_peak[0] / 2**20:.0f} MB (the build and its parsers together),"
        f" {peak_kb / 1024:.0f} MB (largest process), exit {child.returncode}"
    )
    print("  " + (out.strip().splitlines() or [err.strip()[-300:]])[0])


def _watch_tree(pid: int, peak: list[int]) -> None:
    """Keep in ``peak[0]`` the largest summed RSS (bytes) of process ``pid`` and its descendants, until it ends."""
    try:
        root = psutil.Process(pid)
        while root.is_running() and root.status() != psutil.STATUS_ZOMBIE:
            total = 0
            for proc in [root, *root.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass  # ended between the listing and the reading
            peak[0] = max(peak[0], total)
            time.sleep(0.5)
    except psutil.Error:
        return


if __name__ == "__main__":
    main()
