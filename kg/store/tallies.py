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

import bisect
import functools
import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kg.rdf.iris import actor_id, mint, pair_iri, pair_parts, parse_iri, rollup_iri
from kg.rdf.namespace import ID_BASE, KG
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
    Its subject, object and polarity are read from its IRI (in SPARQL), not
    from each assertion. Cost: a few index lookups per assertion of the touched pairs.
    """
    by_graph: dict[URIRef, list[URIRef]] = {}
    for tally in sorted(set(tallies)):
        by_graph.setdefault(graph_of(tally), []).append(tally)
    operations = []
    actor_base = nt_term(Literal(ID_BASE + "actor/"))
    for graph, iris in sorted(by_graph.items()):
        values = "VALUES ?t { " + " ".join(nt_term(t) for t in iris) + " }"
        tally_base = nt_term(Literal(str(mint("rollup" if graph == ROLLUP_TALLIES_GRAPH else "pair", "x"))[:-1]))
        g = nt_term(graph)
        operations += [
            sparql("band-count.ru", tallies_graph=g, values=values, sign="-"),
            sparql("tally-delete.ru", tallies_graph=g, values=values),
            sparql(
                "tally-insert.ru",
                tallies_graph=g,
                values=values,
                tally_base=tally_base,
                actor_base=actor_base,
                band=band_expression("?n"),
            ),
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


# -- the Python form: what tally-insert.ru computes, from assertions in hand ------------------------
#
# The embedded store writes tallies computed here (kg.store.changes) instead of sending the
# recount as SPARQL; the remote store keeps tally-insert.ru. Both give the same quads
# (tests/store/test_tallies.py runs random build / rebuild / remove sequences through both).
# A tally field is one row of FIELDS (and its line in tally-insert.ru, or tally-relations.ru for
# kg:tallyRelation). Both views (pair and roll-up tallies) have the same fields.


class Counted(NamedTuple):
    """One assertion as its tally counts it: one row of ``tally-insert.ru``'s aggregate.

    An assertion node with two values of a counted property (never written by kg, but possible in
    a store edited by hand) is several rows, as the SPARQL join makes them. (A named tuple: a build
    makes one per assertion and tally, and a dataclass costs several times as much to make.)
    """

    assertion: str
    negated: bool
    hedged: bool
    confidence: float
    relations: frozenset[str] = frozenset()


def evidence_key(row: Counted) -> tuple[int, int, str]:
    """The order of ``kg:bestEvidence``: non-negated first, then confidence to 8 decimals, then IRI.

    The confidence is rounded half up as SPARQL's ``ROUND`` does (exactly, not ``floor(x + 0.5)``).

    >>> evidence_key(Counted("http://a", False, False, 0.123456785))
    (1, 12345679, 'http://a')
    """
    scaled = row.confidence * 100_000_000
    whole = math.floor(scaled)
    return (0 if row.negated else 1, int(whole) + (1 if scaled - whole >= 0.5 else 0), row.assertion)


class AssertionReader(Protocol):
    """What reading a stored tally back needs from the store: the rows of one assertion."""

    def counted(self, assertion: str) -> list[Counted]:
        """The rows of one assertion (whatever graph holds it)."""
        ...


def _sum(a: int, b: int) -> int:
    return a + b


def _max_present(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else max(a, b)


def _one(objects: list[Node], convert: Callable[[Node], Any], default: Any = None) -> Any:
    return convert(objects[0]) if objects else default


@dataclass(frozen=True)
class TallyField:
    """One aggregated property of a tally: an assertion's share, how two shares combine, its RDF.

    ``share`` is one row's contribution (``None``: none), ``combine`` joins two (associative,
    so a stored tally plus new rows equals a recount), ``written`` the objects stored for a value,
    ``read`` the value back from the stored objects (the reader finds the rows an IRI names).
    """

    prop: URIRef
    share: Callable[[Counted], Any]
    combine: Callable[[Any, Any], Any]
    written: Callable[[Any], list[Node]]
    read: Callable[[list[Node], AssertionReader], Any]


def _int(value: Node) -> int:
    return int(str(value))


@functools.lru_cache(maxsize=1 << 16)
def integer(n: int) -> Literal:
    """``Literal(n)``, made once per value (a Literal costs ~5 us to make; a build writes the same
    counts over and over)."""
    return Literal(n)


@functools.lru_cache(maxsize=1 << 16, typed=True)
def double(x: float) -> Literal:
    """An ``xsd:double`` literal, made once per value (see :func:`integer`)."""
    return Literal(x, datatype=XSD.double)


FIELDS: tuple[TallyField, ...] = (
    TallyField(
        KG.mentions, lambda r: 0 if r.negated else 1, _sum, lambda n: [integer(n)], lambda objs, _: _one(objs, _int, 0)
    ),
    TallyField(
        KG.hedgedMentions,
        lambda r: int(r.hedged and not r.negated),
        _sum,
        lambda n: [integer(n)],
        lambda objs, _: _one(objs, _int, 0),
    ),
    TallyField(
        KG.negatedMentions, lambda r: int(r.negated), _sum, lambda n: [integer(n)], lambda objs, _: _one(objs, _int, 0)
    ),
    TallyField(
        KG.maxConfidence,
        lambda r: None if r.negated else r.confidence,
        _max_present,
        lambda c: [] if c is None else [double(c)],
        lambda objs, _: _one(objs, lambda o: float(str(o))),
    ),
    TallyField(
        KG.tallyRelation,
        lambda r: frozenset() if r.negated else r.relations,
        frozenset.union,
        lambda rels: [URIRef(p) for p in sorted(rels)],
        lambda objs, _: frozenset(str(o) for o in objs),
    ),
    TallyField(
        KG.bestEvidence,
        evidence_key,
        max,
        lambda key: [URIRef(key[2])],
        lambda objs, reader: max((evidence_key(r) for o in objs for r in reader.counted(str(o))), default=None),
    ),
)

#: A tally's aggregated values, by property (one per :data:`FIELDS` row).
TallyState = dict[URIRef, Any]


def band_of(mentions: int) -> int:
    """The ``kg:mentionBand`` of a count (what :func:`band_expression` computes in SPARQL).

    >>> band_of(1), band_of(63), band_of(64), band_of(79), band_of(80)
    (1, 63, 64, 64, 80)
    """
    return MENTION_BANDS[bisect.bisect_right(MENTION_BANDS, mentions) - 1]


def band_moves(old: TallyState | None, new: TallyState | None) -> list[tuple[int, int]]:
    """How a tally's change moves the band nodes' ``kg:talliesAbove`` (what ``band-count.ru`` does):
    ``(floor, +1 / -1)`` for each band floor below one of its bands and not the other.

    >>> band_moves(None, {KG.mentions: 3})
    [(1, 1), (2, 1)]
    >>> band_moves({KG.mentions: 3}, {KG.mentions: 0})
    [(1, -1), (2, -1)]
    """

    def band(state: TallyState | None) -> int:
        mentions = state[_MENTIONS] if state is not None else 0
        return band_of(mentions) if mentions > 0 else 0

    before, after = band(old), band(new)
    low, high, sign = (before, after, 1) if after > before else (after, before, -1)
    return [(f, sign) for f in MENTION_BANDS if low <= f < high]


def count(rows: Iterable[Counted], state: TallyState | None = None) -> TallyState | None:
    """Fold assertion rows into a tally state (``None``: no rows, no tally)."""
    rows = list(rows)
    if not rows:
        return state
    out: TallyState = {}
    for f in FIELDS:
        shares = map(f.share, rows)
        value = next(shares) if state is None else f.combine(state[f.prop], next(shares))
        combine = f.combine
        for share in shares:
            value = combine(value, share)
        out[f.prop] = value
    return out


def read_state(stored: Iterable[tuple[Node, Node]], reader: AssertionReader) -> TallyState | None:
    """A stored tally's state from its ``(property, object)`` pairs (None if it is not stored)."""
    objects: dict[Node, list[Node]] = defaultdict(list)
    for p, o in stored:
        objects[p].append(o)
    if not objects:
        return None
    return {f.prop: f.read(objects.get(f.prop, []), reader) for f in FIELDS}


_MENTIONS, _BAND, _PAIR_TALLY, _POLARITY = KG.mentions, KG.mentionBand, KG.PairTally, KG.polarity
_COOPERATION = POLARITIES["cooperation"]
_PAIR_PROPERTIES = {  # (polarity is cooperation) -> the properties naming a tally's subject and object
    True: (KG.cooperationSubject, KG.cooperationObject),
    False: (KG.conflictSubject, KG.conflictObject),
}


def _values(state: TallyState) -> dict[URIRef, tuple[Any, Callable[[Any], list[Node]]]]:
    """Per stored property of a tally, its value and how it is written (the fields, then the band)."""
    out = {f.prop: (state[f.prop], f.written) for f in FIELDS}
    mentions = state[_MENTIONS]
    out[_BAND] = (band_of(mentions) if mentions > 0 else None, _band_written)
    return out


def _band_written(band: int | None) -> list[Node]:
    return [] if band is None else [integer(band)]


def tally_triples(tally: URIRef, state: TallyState) -> list[tuple[URIRef, URIRef, Node]]:
    """Everything a tally holds in :data:`TALLIES_GRAPH`: its pair (from its IRI), counts and band."""
    subject, obj, polarity = pair_terms(tally)
    subject_property, object_property = _PAIR_PROPERTIES[polarity == _COOPERATION]
    out: list[tuple[URIRef, URIRef, Node]] = [
        (tally, RDF.type, _PAIR_TALLY),
        (tally, _POLARITY, polarity),
        (tally, subject_property, subject),
        (tally, object_property, obj),
    ]
    for prop, (value, written) in _values(state).items():
        out.extend((tally, prop, o) for o in written(value))
    return out


def state_changes(
    tally: URIRef, old: TallyState | None, new: TallyState | None
) -> tuple[list[tuple[URIRef, URIRef, Node]], list[tuple[URIRef, URIRef, Node]]]:
    """Triples to delete and to insert to turn a tally written as ``old`` into ``new`` (only what differs:
    a set-valued field that gains a relation inserts that one, not the whole set again).
    """
    if old is None or new is None:
        return (tally_triples(tally, old) if old else []), (tally_triples(tally, new) if new else [])
    delete: list[tuple[URIRef, URIRef, Node]] = []
    insert: list[tuple[URIRef, URIRef, Node]] = []
    before = _values(old)
    for prop, (value, written) in _values(new).items():
        was = before[prop][0]
        if was != value:
            gone, made = written(was), written(value)
            delete.extend((tally, prop, o) for o in gone if o not in made)
            insert.extend((tally, prop, o) for o in made if o not in gone)
    return delete, insert


#: The assertion properties a tally counts.
COUNTED_PROPERTIES = (KG.tally, KG.negated, KG.hedged, KG.confidence, KG.predicate)
_COUNTED = frozenset(COUNTED_PROPERTIES)  # (a tuple's `in` compares rdflib terms one by one in Python)
_TALLY, _NEGATED, _HEDGED, _CONFIDENCE, _PREDICATE = COUNTED_PROPERTIES
_COUNTED_TEXT = {f"<{p}>": p for p in COUNTED_PROPERTIES}


def counted_rows(values: Mapping[URIRef, list[Any]], assertion: str) -> Iterator[tuple[URIRef, Counted]]:
    """``(tally, row)`` of one assertion from its counted properties' objects (the SPARQL join's rows).

    Literal objects may be terms or their lexical forms (only their text is read).
    """
    relations = frozenset(str(p) for p in values.get(_PREDICATE, ()))
    links, negated, hedged, confidence = (values.get(p, ()) for p in (_TALLY, _NEGATED, _HEDGED, _CONFIDENCE))
    if len(negated) == len(hedged) == len(confidence) == 1:  # as kg writes them: one row per tally link
        row = Counted(assertion, _true(negated[0]), _true(hedged[0]), float(str(confidence[0])), relations)
        for tally in links:
            yield tally, row
        return
    for tally, neg, hed, conf in itertools.product(links, negated, hedged, confidence):
        yield tally, Counted(assertion, _true(neg), _true(hed), float(str(conf)), relations)


def _true(value: Node) -> bool:
    return str(value) in ("true", "1")


def counted_in(triples: Iterable[tuple[Node, Node, Node]]) -> dict[URIRef, list[Counted]]:
    """Per tally, the rows of the assertions among some triples (one document's graph)."""
    by_node: dict[Node, dict[URIRef, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        if p in _COUNTED:
            by_node[s][URIRef(str(p))].append(o)
    return _by_tally((str(node), values) for node, values in by_node.items())


def counted_in_text(triples: Iterable[tuple[str, str, str]]) -> dict[URIRef, list[Counted]]:
    """:func:`counted_in` of triples written as N-Triples text (``kg.store.terms.NTriplesTerms``)."""
    iris: dict[str, URIRef] = {}  # each tally and relation IRI made once
    by_node: dict[str, dict[URIRef, list[Any]]] = {}
    for s, p, o in triples:
        prop = _COUNTED_TEXT.get(p)
        if prop is not None:  # an IRI's text is <...>; a literal's lexical form is between the first quotes
            if o[0] == "<":
                value: Any = iris.get(o)
                if value is None:
                    value = iris[o] = URIRef(o[1:-1])
            else:
                value = o[1 : o.index('"', 1)]
            values = by_node.get(s)
            if values is None:
                values = by_node[s] = {}
            values.setdefault(prop, []).append(value)
    return _by_tally((node[1:-1], values) for node, values in by_node.items())


def _by_tally(assertions: Iterable[tuple[str, Mapping[URIRef, list[Any]]]]) -> dict[URIRef, list[Counted]]:
    out: dict[URIRef, list[Counted]] = defaultdict(list)
    for node, values in assertions:
        for tally, row in counted_rows(values, node):
            out[tally].append(row)
    return out
