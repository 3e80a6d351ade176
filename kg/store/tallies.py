"""The pair-tally layout, in one place: where tallies live, how they are named, banded and recomputed.

Every assertion points (``kg:tally``) at the ``kg:PairTally`` of its
(subject, object, polarity), :func:`kg.rdf.iris.pair_iri`. The graph
:data:`TALLIES_GRAPH` holds per tally its counts (non-negated, hedged,
negated mentions), best confidence, relation properties, strongest assertion
and a ranking band (``kg:mentionBand``, see :data:`MENTION_BANDS`). The same
update that writes or removes a document recomputes, from the assertions, the
tallies it touched (:func:`recompute_operations`), so the tallies always equal
a count over the assertions and a failed write changes neither. The named
queries read tallies: one node per pair instead of one join per assertion.
Why and what it measured: DESIGN.md, "Pair tallies".
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal, URIRef

from kg.rdf.iris import actor_id, mint, pair_iri, pair_parts
from kg.rdf.namespace import ID_BASE
from kg.rdf.ontology import POLARITIES
from kg.store.terms import nt_term
from kg.store.text import sparql

#: Named graph holding the pair tallies (``kg:PairTally``): derived counts per
#: (subject, object, polarity), kept up to date by every document write.
TALLIES_GRAPH = mint("graph", "tallies")

#: Layout version of the tallies; a store without it gets its tallies rebuilt when opened for writing.
TALLY_VERSION = 1


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


#: ``kg:mentionBand`` values, ascending. ``relations.rq`` walks them from the top
#: (its ``# bands:`` line has kg.queries bind them, highest first).
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
    """Subject IRI, object IRI and polarity individual of a pair tally IRI.

    >>> [str(t).rsplit("/", 1)[1] for t in pair_terms(mint("pair", "iran/usa/conflict"))]
    ['iran', 'usa', 'ns#Conflict']
    """
    subject, obj, polarity = pair_parts(tally)
    return mint("actor", subject), mint("actor", obj), POLARITIES[polarity]


def pair_of_actors(subject: URIRef, obj: URIRef, polarity: str) -> URIRef:
    """The tally IRI of two actor IRIs and a polarity name."""
    return pair_iri(actor_id(subject), actor_id(obj), polarity)


def recompute_operations(tallies: Iterable[URIRef] | None = None) -> list[str]:
    """SPARQL Update operations that recompute pair tallies from the assertions.

    ``tallies`` lists the ``kg:PairTally`` IRIs to recompute (the ones a
    write touched); None recomputes all of them. Each tally is deleted, then
    written again from the assertions pointing at it (``kg:tally``) as they
    are after the earlier operations of the same request; a tally no
    assertion points at any more is not written again. Cost: a few index
    lookups per assertion of the touched pairs.
    """
    tg = nt_term(TALLIES_GRAPH)
    if tallies is None:
        values = keyed = ""
        every = ". ?t a kg:PairTally"
        ends = "kg:subject ?s ; kg:object ?o ; kg:polarity ?pol ;"
    else:
        iris = sorted(set(tallies))
        if not iris:
            return []
        values = "VALUES ?t { " + " ".join(nt_term(t) for t in iris) + " }"
        keyed = (
            "VALUES (?t ?s ?o ?pol) { "
            + " ".join("(" + " ".join(nt_term(term) for term in (t, *pair_terms(t))) + ")" for t in iris)
            + " }"
        )
        every = ends = ""
    return [
        sparql("tally-delete.ru", tallies_graph=tg, values=values, every=every),
        sparql("tally-insert.ru", tallies_graph=tg, values=values, keyed=keyed, ends=ends, band=band_expression("?n")),
    ]


def link_operation() -> str:
    """Point every assertion without a ``kg:tally`` at its tally (stores written before tallies existed).

    The IRI is minted here in SPARQL exactly as :func:`kg.rdf.iris.pair_iri` mints it in Python.
    """
    pair_base = str(mint("pair", "x"))[:-1]
    return sparql(
        "tally-link.ru", pair_base=nt_term(Literal(pair_base)), actor_base=nt_term(Literal(ID_BASE + "actor/"))
    )


def rebuild_operations() -> list[str]:
    """Link, drop and recompute every tally, then record :data:`TALLY_VERSION` (one request)."""
    g = nt_term(TALLIES_GRAPH)
    return [
        link_operation(),
        f"DROP SILENT GRAPH {g}",
        *recompute_operations(None),
        f"INSERT DATA {{ GRAPH {g} {{ {g} kg:tallyVersion {TALLY_VERSION} }} }}",
    ]


def touched_by(store, graph: URIRef) -> list[URIRef]:
    """The pair tallies the assertions of one document graph point at."""
    return [URIRef(r[1]) for r in store.query(sparql("tallies-of.rq"), {"g": graph})]


def are_current(store) -> bool:
    """Whether the store's pair tallies have the current layout (:data:`TALLY_VERSION`)."""
    return bool(store.query(sparql("tally-version.rq"), {"g": TALLIES_GRAPH, "v": Literal(TALLY_VERSION)}).askAnswer)
