"""Progress bars on stderr (rich), only where someone watches: never in a log.

A bar is drawn only when stderr is a terminal, so a piped or redirected run gets no
``\\r`` and no bar, and the command prints its one summary line instead. The bar's
total is the input's size in bytes (known before reading: :func:`kg.documents.files.input_size`),
advanced as files are read; documents are counted beside it, with the rate and the
time left. Without a total (a stream) the bar shows the count and the rate.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


class ProgressBar:
    """One task: bytes read of a known total (or a count without one), and documents done."""

    def __init__(self, total: int | None, description: str, unit: str = "bytes") -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        amount: list[Any] = [DownloadColumn(), TransferSpeedColumn()] if unit == "bytes" else [MofNCompleteColumn()]
        self.documents = 0
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            *amount,
            TextColumn("{task.fields[docs]} docs"),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
            transient=True,
        )
        self._task = self._progress.add_task(description, total=total, docs=0)
        self._progress.start()

    def read(self, n: int) -> None:
        """``n`` more bytes of input read (the ``progress`` callback of ``read_documents``)."""
        self._progress.advance(self._task, n)

    def update(self, n: int = 1) -> None:
        """``n`` more documents done."""
        self.documents += n
        self._progress.update(self._task, docs=self.documents)

    def close(self) -> None:
        self._progress.stop()


def watched() -> bool:
    """Whether someone watches stderr (a terminal): the only place a bar is drawn."""
    return sys.stderr.isatty()


def input_bar(paths: Any, description: str, enabled: bool = True) -> ProgressBar | None:
    """A bar over the bytes of the files under ``paths`` (counted first), or ``None`` when not watched."""
    if not enabled or not watched():
        return None
    from kg.documents.files import input_size

    return ProgressBar(input_size([Path(p) for p in paths]) or None, description)


def count_bar(
    description: str, enabled: bool = True, total: int | None = None, unit: str = "docs"
) -> ProgressBar | None:
    """A bar over a count (``total`` if known, else a stream), or ``None`` when not watched."""
    if not enabled or not watched():
        return None
    return ProgressBar(total, description, unit=unit)
