"""One doc's token attributes as hash columns, read once per doc for every step of ``kg_actors``.

Several steps look for the words of their lists among all of a doc's tokens (proper nouns the
NER missed, force and ruling nouns, references, "(" and "," before a definition). Each read its
own ``Doc.to_array``; one array of the attributes they need, made once per doc, is cheaper, and
a scan of one column for a set of hashes runs in C. The rules themselves read token attributes
one by one: they look at a few tokens each, and a per-doc view of every attribute as strings
would cost more than it saves.
"""

from __future__ import annotations

from itertools import compress
from typing import TYPE_CHECKING, NamedTuple

from spacy.attrs import DEP, LEMMA, LOWER, POS

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


class Columns(NamedTuple):
    """A doc's token attributes as hashes (ids for ``pos``), one Python list per attribute."""

    pos: list[int]
    lemma: list[int]
    lower: list[int]
    dep: list[int]


def columns(doc: Doc) -> Columns:
    """The attribute columns of ``doc`` (one ``Doc.to_array``)."""
    return Columns(*doc.to_array([POS, LEMMA, LOWER, DEP]).T.tolist())


#: (id of a vocab, a word list) -> the words' hashes in that vocab's string store
_HASHES: dict[tuple[int, frozenset[str]], frozenset[int]] = {}


def hashes(vocab, words: frozenset[str]) -> frozenset[int]:
    """The hashes of ``words`` in ``vocab``'s string store (added there), made once per vocab and list."""
    key = (id(vocab), words)
    found = _HASHES.get(key)
    if found is None:
        found = _HASHES[key] = frozenset(vocab.strings.add(w) for w in words)
    return found


def indices_in(column: list[int], wanted: frozenset[int]):
    """The indices of ``column`` whose value is in ``wanted``: scanned in C (``map``/``compress``),
    no Python-level step per token."""
    return compress(range(len(column)), map(wanted.__contains__, column))
