"""The roll-up rule: which actor an actor counts as (one home for it).

A government, military, ministry or official is written ``kg:partOf`` its
state by the NLP stage ("Government of Iraq" part of "Iraq"). By default the
analysis counts a part as the outermost described actor of its ``kg:partOf``
chain -- as event datasets code actors by country -- and ``keep_parts``
(``--keep-parts``) turns that off. Every consumer (analysis, and the named
queries, drawing and exports when they adopt it) asks :func:`folds_into` or
:func:`rollup_map`, so the rule cannot drift between them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kg.rdf.namespace import sparql_prefixes

PART_OF_QUERY = (
    sparql_prefixes(("kg",))
    + """
SELECT DISTINCT ?x ?parent WHERE { ?x a kg:Actor . OPTIONAL { ?x kg:partOf ?parent } }
"""
)


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


def rollup_map(source: Any) -> dict[str, str]:
    """Read ``kg:partOf`` from a store (anything with ``.query``) and return :func:`part_roots` of it (IRIs)."""
    from kg.analysis.source import read_rows

    actors: dict[str, dict[str, str]] = {}
    for row in read_rows(source, PART_OF_QUERY):
        entry = actors.setdefault(str(row[0]), {"part_of": ""})
        if row[1] is not None and not entry["part_of"]:
            entry["part_of"] = str(row[1])
    return part_roots(actors)
