"""Every pair tally built again from the assertions, in bounded batches (one request per batch).

Used on the first writable open of a store written before the current tally
layout (:data:`kg.store.tallies.TALLY_VERSION`) and after a bulk load. On a
remote store one request for everything would run for minutes (longer than
an HTTP timeout at a million quads), so each step goes in batches of
documents or tallies, each batch its own request. Every step writes what it
writes from scratch, so a batch can be sent again after a transient error and
a rebuild cut short is simply done again: the layout version is recorded
last, and until then the named queries refuse the store.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import URIRef

from kg.store import rollup, tallies
from kg.store.terms import nt_term
from kg.store.text import sparql, update_prologue

#: Document graphs per request when assertions are linked to their tallies.
DOCUMENTS_PER_REQUEST = 200


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _send(store, operations: list[str]) -> None:
    if operations:
        store.update(update_prologue() + " ;\n".join(operations))


def rebuild(
    store, *, tallies_per_request: int = tallies.REBUILD_BATCH, documents_per_request: int = DOCUMENTS_PER_REQUEST
) -> None:
    """Link every assertion to its two tallies, write the roll-up map, count each document's triples, recompute
    every tally, record the version."""
    documents = [URIRef(row[0]) for row in store.select_all(sparql("document-graphs.rq"), "?g")]
    for chunk in _chunks(documents, documents_per_request):
        _send(store, [tallies.link_operation(chunk)])
    _send(store, rollup.map_operations(store))
    for chunk in _chunks(documents, documents_per_request):
        _send(store, tallies.rollup_link_operations(chunk))
    views = (tallies.TALLIES_GRAPH, tallies.ROLLUP_TALLIES_GRAPH)
    _send(store, [f"DROP SILENT GRAPH {nt_term(g)}" for g in views] + [tallies.band_nodes_operation(g) for g in views])
    for chunk in _chunks(documents, documents_per_request):
        _send(store, [tallies.document_count_operation(chunk)])
    every = [URIRef(row[0]) for row in store.select_all(sparql("tallies-all.rq"), "?t")]
    for chunk in _chunks(every, tallies_per_request):
        _send(store, tallies.recompute_operations(chunk))
    _send(store, [tallies.version_operation()])
