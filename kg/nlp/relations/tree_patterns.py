"""Construction patterns tested on a parse without spaCy's ``DependencyMatcher`` where that is exact.

A pattern of ``constructions.json`` is a dependency tree of nodes, each with attribute tests.
:class:`Anchor` is the cheap test of one node (its word list first) that decides whether a doc
can hold a match at all. :class:`TreePattern` matches a pattern whose nodes hang on each other
by ``>`` only and test plain token attributes (a value or an ``IN`` list of ``LEMMA``,
``LOWER``, ``POS``, ``TAG``, ``DEP``, ``ORTH``): it finds what ``DependencyMatcher`` finds, in
its order, from the anchor's tokens up to the pattern's root and down its children, where
spaCy's matcher first matches every node on its own over the whole doc (a node "any verb"
matches every verb, at a Python cost per token and node). Other patterns keep spaCy's matcher.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import product
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token
    from spacy.vocab import Vocab

#: One node's tests: (token attribute, the values it may take).
Tests = tuple[tuple[str, frozenset[str]], ...]

#: Token attributes a node tests, as text (the pattern keys spaCy compares by string).
_TEXT_ATTRS = {
    "LEMMA": "lemma_",
    "LOWER": "lower_",
    "ORTH": "orth_",
    "TEXT": "orth_",
    "POS": "pos_",
    "TAG": "tag_",
    "DEP": "dep_",
}


def node_tests(node: dict) -> Tests:
    """A node's plain attribute tests (other keys are left out: see :func:`exact`)."""
    tests = []
    for key, v in node.get("RIGHT_ATTRS", {}).items():
        values = _values(v)
        if key in _TEXT_ATTRS and values is not None:
            tests.append((_TEXT_ATTRS[key], frozenset(values)))
    return tuple(tests)


def _values(v) -> list[str] | None:
    """The values a plain test allows (a string, or ``{"IN": [...]}``), else None."""
    if isinstance(v, str):
        return [v]
    return v.get("IN") if isinstance(v, dict) and set(v) == {"IN"} else None


def fits(tests: Tests, tok: Token) -> bool:
    return all(getattr(tok, attr) in values for attr, values in tests)


def exact(pattern: Sequence[dict]) -> bool:
    """Whether :func:`node_tests` are the whole of each node's tests and its links are all ``>``
    (then :class:`TreePattern` matches it exactly)."""
    return all(
        all(key in _TEXT_ATTRS and _values(v) is not None for key, v in node.get("RIGHT_ATTRS", {}).items())
        and (k == 0) == ("LEFT_ID" not in node)
        and (k == 0 or node.get("REL_OP") == ">")
        for k, node in enumerate(pattern)
    )


@dataclass(frozen=True)
class Anchor:
    """A pattern's anchor node as a cheap test of a token: its word list (hashes of its LEMMA /
    LOWER values; None: it has none, any token may fit), its plain attribute tests, and those of
    the nodes the pattern links to it directly (``>``: a child of the anchor; or the anchor's
    head). Other keys of a node are not tested: a weaker test is still a necessary condition of
    the pattern matching."""

    words: frozenset[int] | None
    tests: Tests
    #: the tests of each node the pattern hangs on the anchor (one of its children must fit each)
    below: tuple[Tests, ...] = ()
    #: the tests of the node the anchor hangs on (its head must fit them), if any
    above: Tests | None = None

    @classmethod
    def of(cls, node: dict, vocab: Vocab, pattern: Sequence[dict] = ()) -> Anchor:
        tests = node_tests(node)
        words = [w for attr, values in tests if attr in ("lemma_", "lower_") for w in values]
        name = node["RIGHT_ID"]
        by_name = {n["RIGHT_ID"]: n for n in pattern}
        below = tuple(node_tests(n) for n in pattern if n.get("LEFT_ID") == name and n.get("REL_OP") == ">")
        above = (
            node_tests(by_name[node["LEFT_ID"]])
            if node.get("REL_OP") == ">" and node.get("LEFT_ID") in by_name
            else None
        )
        return cls(
            frozenset(vocab.strings.add(w) for w in words) if words else None,
            tests,
            tuple(t for t in below if t),
            above or None,
        )

    def fits(self, tok: Token) -> bool:
        return fits(self.tests, tok)

    def linked(self, tok: Token, kids: Callable[[Token], Iterable[Token]]) -> bool:
        """Whether the nodes linked to the anchor can be found around ``tok`` (it fits the anchor);
        ``kids`` gives a token's children."""
        if self.above is not None and (tok.head.i == tok.i or not fits(self.above, tok.head)):
            return False
        return all(any(fits(tests, c) for c in kids(tok)) for tests in self.below)


@dataclass(frozen=True)
class TreePattern:
    """A pattern of ``>`` links and plain tests (:func:`exact`), matched from its anchor's tokens."""

    tests: tuple[Tests, ...]
    #: the nodes hung on each node (indices, in pattern order)
    below: tuple[tuple[int, ...], ...]
    #: how many ``>`` links the anchor node is below the root
    depth: int

    @classmethod
    def of(cls, pattern: Sequence[dict], anchor: dict) -> TreePattern:
        index = {node["RIGHT_ID"]: k for k, node in enumerate(pattern)}
        parent = [index[node["LEFT_ID"]] if "LEFT_ID" in node else -1 for node in pattern]
        depth, k = 0, index[anchor["RIGHT_ID"]]
        while parent[k] >= 0:
            depth, k = depth + 1, parent[k]
        return cls(
            tuple(node_tests(node) for node in pattern),
            tuple(tuple(j for j, p in enumerate(parent) if p == k) for k in range(len(pattern))),
            depth,
        )

    def matches(self, anchors: Iterable[Token], kids: Callable[[Token], Iterable[Token]]) -> list[tuple[Token, ...]]:
        """Every match with its anchor node at one of ``anchors`` (tokens fitting the anchor), its
        tokens in pattern order; in ``DependencyMatcher``'s order (by the tokens' positions)."""
        roots: dict[int, Token] = {}
        for tok in anchors:
            for _ in range(self.depth):
                if tok.head.i == tok.i:
                    break
                tok = tok.head
            else:
                roots[tok.i] = tok
        found = [m for root in roots.values() if fits(self.tests[0], root) for m in self._below(0, root, kids)]
        ordered = sorted(found, key=lambda m: [m[k].i for k in range(len(self.tests))])
        return [tuple(m[k] for k in range(len(self.tests))) for m in ordered]

    def _below(self, k: int, tok: Token, kids: Callable[[Token], Iterable[Token]]) -> list[dict[int, Token]]:
        """The ways to fit the nodes under node ``k`` (at ``tok``) to ``tok``'s children: each node
        any fitting child, independently (as spaCy's matcher combines them)."""
        options = [
            [m for c in kids(tok) if fits(self.tests[j], c) for m in self._below(j, c, kids)] for j in self.below[k]
        ]
        out = []
        for combo in product(*options):
            match = {k: tok}
            for part in combo:
                match.update(part)
            out.append(match)
        return out
