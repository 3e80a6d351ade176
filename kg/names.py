""" "Did you mean": the closest known names to one a user typed (one home for every command and the page).

Used for actor names (``kg draw --focus``, ``kg query --param actor=…``), query names,
formats and command names, so a typo gets the same kind of answer everywhere.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: How alike two names must be (difflib's ratio) to be offered.
CUTOFF = 0.5


def closest(typed: str, known: Iterable[str], n: int = 5, cutoff: float = CUTOFF) -> list[str]:
    """The known names closest to ``typed``, compared without case, best first, each once as written.

    >>> closest("Irn", ["Iran", "Iraq", "Israel", "Russia"])
    ['Iran', 'Iraq']
    >>> closest("allies", ["allies-of", "rivals-of", "actors"])
    ['allies-of']
    >>> closest("xyz", ["Iran"])
    []
    """
    shown: dict[str, str] = {}
    for name in known:
        shown.setdefault(name.casefold(), name)
    matches = difflib.get_close_matches(typed.strip().casefold(), list(shown), n=n, cutoff=cutoff)
    return [shown[m] for m in matches]


def did_you_mean(typed: str, known: Iterable[str], what: str = "names", n: int = 5) -> str:
    """The hint that ends an "unknown …" message: the closest names, or how many there are.

    >>> did_you_mean("jsnl", ["jsonl", "table"], "formats")
    'did you mean: jsonl?'
    >>> did_you_mean("q", ["turtle", "nt"], "formats")
    'known formats: turtle, nt'
    """
    known = list(known)
    close = closest(typed, known, n=n)
    if close:
        return f"did you mean: {', '.join(close)}?"
    if len(known) <= 12:
        return f"known {what}: {', '.join(known)}"
    return f"none of the {len(known)} {what} is close"
