"""The roll-up rule for the analysis: which actor an actor counts as.

The rule's one home is :mod:`kg.rdf.rollup` (the store materialises it for
the named queries with the same function); this module reads ``kg:partOf``
from a store for it.
"""

from __future__ import annotations

from typing import Any

from kg.rdf.namespace import sparql_prefixes
from kg.rdf.rollup import folds_into, part_roots

__all__ = ["PART_OF_QUERY", "folds_into", "part_roots", "rollup_map"]

PART_OF_QUERY = (
    sparql_prefixes(("kg",))
    + """
SELECT DISTINCT ?x ?parent WHERE { ?x a kg:Actor . OPTIONAL { ?x kg:partOf ?parent } }
"""
)


def rollup_map(source: Any) -> dict[str, str]:
    """Read ``kg:partOf`` from a store (anything with ``.query``) and return :func:`part_roots` of it (IRIs)."""
    from kg.analysis.source import read_rows

    actors: dict[str, dict[str, str]] = {}
    for row in read_rows(source, PART_OF_QUERY):
        entry = actors.setdefault(str(row[0]), {"part_of": ""})
        if row[1] is not None and not entry["part_of"]:
            entry["part_of"] = str(row[1])
    return part_roots(actors)
