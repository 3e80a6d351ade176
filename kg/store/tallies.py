"""The pair-tally layout, in one place: where tallies live, how they are named, banded and recomputed.

Every assertion points (``kg:tally``) at two ``kg:PairTally`` nodes, one per
*view* of the actors:

- parts kept apart: the tally of its own (subject, object, polarity),
  :func:`kg.rdf.iris.pair_iri`, in :data:`TALLIES_GRAPH`;
- parts folded into their state (the default of the named queries): the
  tally of the actors its subject and object *count as*
  (:func:`kg.rdf.iris.rollup_iri`, the rule of :mod:`kg.rdf.rollup`), in
  :data:`ROLLUP_TALLIES_GRAPH`; :data:`ROLLUP_GRAPH` holds
  ``?actor kg:countsAs ?root`` for every described actor (kept by
  :mod:`kg.store.rollup`).

A tally holds, in its view's graph, its counts (non-negated, hedged, negated
mentions), best confidence, relation properties, strongest assertion and a
ranking band (``kg:mentionBand``, see :data:`MENTION_BANDS`): the fields are
listed once, in ``sparql/tally-insert.ru`` (the relation properties,
``kg:tallyRelation``, in ``sparql/tally-relations.ru``). Each tally graph also has one
``kg:MentionBand`` node per band (:func:`band_iri`) whose
``kg:talliesAbove`` is the number of its tallies in higher bands, so the
most-mentioned pairs are looked up in the top bands (``relations.rq``)
instead of sorting every tally. :data:`TALLIES_GRAPH` also
keeps each document's triple count (``kg:tripleCount``, for ``kg stats``). The same update that writes or
removes a document recomputes, from the assertions, the tallies it touched
(:func:`recompute_operations`), so the tallies always equal a count over the
assertions and a failed write changes neither. Both views are the same
computation over a different key, so the named queries read either one with
the same text (``GRAPH ?tallies``). Why and what it measured: DESIGN.md,
"Pair tallies".

Layout changes since version 1 (for code that writes tallies another way),
new in version 2: the roll-up view (its two graphs, ``kg:countsAs``, the
second ``kg:tally`` link of each assertion), the ``kg:MentionBand`` nodes
with their ``kg:talliesAbove``, and each document's ``kg:tripleCount``; a
tally's own fields are unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal, URIRef

from kg.rdf.iris import actor_id, mint, pair_iri, pair_parts, parse_iri, rollup_iri
from kg.rdf.namespace import ID_BASE
from kg.rdf.ontology import POLARITIES
from kg.store.terms import nt_term
from kg.store.text import sparql

#: Named graph holding the pair tallies with parts kept apart (``kg:PairTally``): derived counts per
#: (subject, object, polarity), kept up to date by every document write.
TALLIES_GRAPH = mint("graph", "tallies")

#: Named graph of the roll-up pair tallies: the same fields, for the actors the two ends count as.
ROLLUP_TALLIES_GRAPH = mint("graph", "rollup-tallies")

#: Named graph of the roll-up map: ``?actor kg:countsAs ?root`` for every described actor.
ROLLUP_GRAPH = mint("graph", "rollup")

#: The graphs of derived data (recomputed from the documents; not part of what a document says).
DERIVED_GRAPHS = (TALLIES_GRAPH, ROLLUP_TALLIES_GRAPH, ROLLUP_GRAPH)

#: Layout version of the tallies; a store without it gets its tallies rebuilt when opened for writing.
TALLY_VERSION = 2

#: Tallies recomputed per update when every tally is rebuilt (bounds one request's work and size).
REBUILD_BATCH = 2000


def _band_thresholds() -> list[int]:
    """Lower bounds of the ``kg:mentionBand`` bands: every count below 64, then steps of 1.25x up to 10 million.

    >>> _band_thresholds()[:3], _band_thresholds()[62:66]
    ([1, 2, 3], [63, 64, 80, 100])
    """
    out = list(range(1, 64))
    t = 64
    while t < 10**7:
        out.append(t)
        t = -(-t * 5 // 4)
    return out


#: ``kg:mentionBand`` values, ascending.
MENTION_BANDS: tuple[int, ...] = tuple(_band_thresholds())


def band_expression(var: str, bands: tuple[int, ...] = MENTION_BANDS) -> str:
    """SPARQL expression: the largest value of ``bands`` not above ``var`` (a balanced tree of IFs).

    >>> band_expression("?n", (1, 2, 4))
    'IF(?n >= 2, IF(?n >= 4, 4, 2), 1)'
    """
    if len(bands) == 1:
        return str(bands[0])
    mid = len(bands) // 2
    return f"IF({var} >= {bands[mid]}, {band_expression(var, bands[mid:])}, {band_expression(var, bands[:mid])})"


def pair_terms(tally: URIRef) -> tuple[URIRef, URIRef, URIRef]:
    """Subject IRI, object IRI and polarity individual of a pair (or roll-up) tally IRI.

    >>> [str(t).rsplit("/", 1)[1] for t in pair_terms(mint("pair", "iran/usa/conflict"))]
    ['iran', 'usa', 'ns#Conflict']
    """
    subject, obj, polarity = pair_parts(tally)
    return mint("actor", subject), mint("actor", obj), POLARITIES[polarity]


def pair_of_actors(subject: URIRef, obj: URIRef, polarity: str, *, rollup: bool = False) -> URIRef:
    """The tally IRI of two actor IRIs and a polarity name (in the roll-up view with ``rollup``)."""
    return (rollup_iri if rollup else pair_iri)(actor_id(subject), actor_id(obj), polarity)


def graph_of(tally: URIRef) -> URIRef:
    """The graph a tally lives in: :data:`ROLLUP_TALLIES_GRAPH` for a roll-up tally, else :data:`TALLIES_GRAPH`.

    >>> graph_of(rollup_iri("a", "b", "conflict")) == ROLLUP_TALLIES_GRAPH
    True
    """
    return ROLLUP_TALLIES_GRAPH if parse_iri(tally)[0] == "rollup" else TALLIES_GRAPH


def recompute_operations(tallies: Iterable[URIRef]) -> list[str]:
    """SPARQL Update operations that recompute these pair tallies (of either view) from the assertions.

    Each tally is deleted, then written again from the assertions pointing at
    it (``kg:tally``) as they are after the earlier operations of the same
    request; a tally no assertion points at any more is not written again.
    Its subject, object and polarity are read from its IRI, not from each
    assertion. Cost: a few index lookups per assertion of the touched pairs.
    """
    by_graph: dict[URIRef, list[URIRef]] = {}
    for tally in sorted(set(tallies)):
        by_graph.setdefault(graph_of(tally), []).append(tally)
    operations = []
    for graph, iris in sorted(by_graph.items()):
        values = "VALUES ?t { " + " ".join(nt_term(t) for t in iris) + " }"
        keyed = (
            "VALUES (?t ?s ?o ?pol) { "
            + " ".join("(" + " ".join(nt_term(term) for term in (t, *pair_terms(t))) + ")" for t in iris)
            + " }"
        )
        g = nt_term(graph)
        operations += [
            sparql("band-count.ru", tallies_graph=g, values=values, sign="-"),
            sparql("tally-delete.ru", tallies_graph=g, values=values),
            sparql("tally-insert.ru", tallies_graph=g, keyed=keyed, band=band_expression("?n")),
            sparql("tally-relations.ru", tallies_graph=g, values=values),
            sparql("band-count.ru", tallies_graph=g, values=values, sign="+"),
        ]
    return operations


def band_nodes_operation(graph: URIRef) -> str:
    """Write the ``kg:MentionBand`` nodes of a tally graph, each counting no tallies (a rebuild starts from here).

    Every band has its node, so the counts are updated in place and ``relations.rq`` reads
    the bands it needs off them.
    """
    nodes = " ".join(
        f"{nt_term(band_iri(b))} a kg:MentionBand ; kg:bandFloor {b} ; kg:talliesAbove 0 ." for b in MENTION_BANDS
    )
    return f"INSERT DATA {{ GRAPH {nt_term(graph)} {{ {nodes} }} }}"


def band_iri(floor: int) -> URIRef:
    """The IRI of the node counting the tallies in the band whose floor is ``floor``."""
    return mint("band", str(floor))


def link_operation(documents: Iterable[URIRef] = ()) -> str:
    """Point each assertion of these documents that has no pair tally at its tally (stores from before tallies).

    The IRI is minted here in SPARQL exactly as :func:`kg.rdf.iris.pair_iri` mints it in Python.
    """
    return sparql(
        "tally-link.ru",
        documents=" ".join(nt_term(d) for d in documents),
        pair_base=nt_term(Literal(str(mint("pair", "x"))[:-1])),
        actor_base=nt_term(Literal(ID_BASE + "actor/")),
    )


def rollup_link_operations(documents: Iterable[URIRef]) -> list[str]:
    """Point each assertion of these documents at its roll-up tally, from the ``kg:countsAs`` map (replacing old links).

    The IRI is minted in SPARQL exactly as :func:`kg.rdf.iris.rollup_iri` mints it in Python.
    """
    docs = " ".join(nt_term(d) for d in documents)
    base = nt_term(Literal(str(mint("rollup", "x"))[:-1]))
    return [
        sparql("rollup-unlink.ru", documents=docs, rollup_base=base),
        sparql(
            "rollup-link.ru",
            documents=docs,
            rollup_graph=nt_term(ROLLUP_GRAPH),
            rollup_base=base,
            actor_base=nt_term(Literal(ID_BASE + "actor/")),
        ),
    ]


def document_count_operation(documents: Iterable[URIRef]) -> str:
    """Record how many triples each document graph holds (``kg:tripleCount`` in :data:`TALLIES_GRAPH`).

    Run after the document's graph is written (or dropped: no count is kept
    for a document that is gone); ``kg stats`` adds the counts up.
    """
    return sparql(
        "document-count.ru", tallies_graph=nt_term(TALLIES_GRAPH), documents=" ".join(nt_term(d) for d in documents)
    )


def touched_by(store, graph: URIRef) -> list[URIRef]:
    """The pair tallies (both views) the assertions of one document graph point at."""
    return [URIRef(r[1]) for r in store.query(sparql("tallies-of.rq"), {"g": graph})]


def are_current(store) -> bool:
    """Whether the store's pair tallies have the current layout (:data:`TALLY_VERSION`)."""
    return bool(store.query(sparql("tally-version.rq"), {"g": TALLIES_GRAPH, "v": Literal(TALLY_VERSION)}).askAnswer)


def version_operation() -> str:
    """Record :data:`TALLY_VERSION` on the tallies graph (the last step of a rebuild)."""
    g = nt_term(TALLIES_GRAPH)
    return (
        f"DELETE WHERE {{ GRAPH {g} {{ {g} kg:tallyVersion ?v }} }} ; "
        f"INSERT DATA {{ GRAPH {g} {{ {g} kg:tallyVersion {TALLY_VERSION} }} }}"
    )
