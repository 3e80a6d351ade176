"""Cutting a stream into consecutive groups bounded by count and by characters (spaCy batches, parser tasks)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

_T = TypeVar("_T")


def batches(items: Iterable[_T], size: int, chars: int, length: Callable[[_T], int]) -> Iterator[list[_T]]:
    """Consecutive groups of ``items``, each of at most ``size`` items and ``chars`` characters by ``length``.

    An item longer than ``chars`` makes a group of its own. Items are read lazily, one group ahead.

    Examples
    --------
    >>> list(batches(["aa", "bbb", "c", "dddddd", "e"], size=2, chars=5, length=len))
    [['aa', 'bbb'], ['c'], ['dddddd'], ['e']]
    """
    batch: list[_T] = []
    used = 0
    for item in items:
        n = length(item)
        if batch and (len(batch) >= size or used + n > chars):
            yield batch
            batch, used = [], 0
        batch.append(item)
        used += n
    if batch:
        yield batch
