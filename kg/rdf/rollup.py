"""The roll-up rule, its one home: which actor an actor counts as.

A government, military, ministry or official is written ``kg:partOf`` its
state by the NLP stage ("Government of Iraq" part of "Iraq"). By default an
actor counts as the outermost *described* actor of its ``kg:partOf`` chain --
as event datasets code actors by country -- and ``keep_parts``
(``--keep-parts``) turns that off. Everything that folds parts asks this
module: the analysis (``kg analyze``, ``kg draw``, graph exports) calls
:func:`folds_into` on the actors it reads, and the store writes the result of
:func:`part_roots` as data (``kg:countsAs`` and the roll-up pair tallies,
:mod:`kg.store.rollup`) for the named queries to read, so the two cannot
apply different rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping


def part_roots(actors: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """Map each part (``kg:partOf`` chain) to the outermost described actor it belongs to.

    ``actors`` maps an actor IRI to a description with a ``part_of`` IRI
    (empty if none). Only parents described in ``actors`` count; cycles are cut.

    >>> part_roots({"g": {"part_of": "s"}, "s": {"part_of": ""}, "x": {"part_of": "unknown"}})
    {'g': 's'}
    >>> part_roots({"m": {"part_of": "g"}, "g": {"part_of": "s"}, "s": {}})
    {'m': 's', 'g': 's'}
    """
    roots: dict[str, str] = {}
    for iri in actors:
        cur, seen = iri, {iri}
        while True:
            parent = actors.get(cur, {}).get("part_of") or ""
            if not parent or parent not in actors or parent in seen:
                break
            seen.add(parent)
            cur = parent
        if cur != iri:
            roots[iri] = cur
    return roots


def folds_into(actors: Mapping[str, Mapping[str, str]], *, keep_parts: bool = False) -> Callable[[str], str]:
    """The roll-up rule as a function: actor IRI -> the IRI of the actor it counts as.

    >>> rule = folds_into({"gov": {"part_of": "iraq"}, "iraq": {"part_of": ""}})
    >>> rule("gov"), rule("iraq"), rule("elsewhere")
    ('iraq', 'iraq', 'elsewhere')
    >>> folds_into({"gov": {"part_of": "iraq"}, "iraq": {}}, keep_parts=True)("gov")
    'gov'
    """
    if keep_parts:
        return lambda iri: iri
    roots = part_roots(actors)
    return lambda iri: roots.get(iri, iri)
