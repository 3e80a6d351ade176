"""A large text file through ``kg build`` (the real spaCy stage): wall time and the build's peak RSS.

Writes a news-like text file of ``--mb`` megabytes (paragraphs of sentences
naming actors, or with ``--flat`` no blank line at all, the harder case),
then runs ``kg build FILE --store TMP`` in a child process and prints its
time, peak resident memory (``getrusage`` of the child) and what it stored.
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
import time
from pathlib import Path

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
        done = subprocess.run(cmd, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"{size / 1e6:.1f} MB text ({'no blank lines' if args.flat else 'paragraphs'}), --workers {args.workers}")
    print(f"  kg build: {elapsed:.0f} s, peak RSS {peak_kb / 1024:.0f} MB (largest process), exit {done.returncode}")
    print("  " + (done.stdout.strip().splitlines() or [done.stderr.strip()[-300:]])[0])


if __name__ == "__main__":
    main()
