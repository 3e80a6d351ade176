"""Words for the people reading kg's output: a count with its noun."""

from __future__ import annotations


def counted(n: int, noun: str) -> str:
    """``n`` and the noun, plural unless n is 1: "1 document", "2 documents".

    >>> counted(1, "document"), counted(2, "row"), counted(0, "hop")
    ('1 document', '2 rows', '0 hops')
    """
    return f"{n} {noun}{'' if n == 1 else 's'}"
