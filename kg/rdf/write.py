"""Records -> RDF triples: what one document and its relation mentions contribute (DESIGN.md, "RDF model").

Every IRI comes from :func:`kg.rdf.iris.mint`; every literal is an rdflib
``Literal`` with an explicit datatype where the ontology gives one, so the
same triples serialise identically to Turtle, N-Triples or a SPARQL update.

Examples
--------
>>> from kg.model import Actor, Document, RelationMention
>>> iran = Actor("iran", "Iran", "State", wikidata="Q794")
>>> militias = Actor("shia-militias", "Shia militias", "ArmedGroup")
>>> m = RelationMention("a.txt", iran, "supports", militias, "cooperation",
...                     sentence="Iran backs Shia militias.", char_start=0, char_end=25)
>>> g = document_graph(Document("a.txt", "Iran backs Shia militias."), [m])
>>> (mint("actor", "iran"), KG.supports, mint("actor", "shia-militias")) in g
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.model import Actor, Document, RelationMention
from kg.rdf.iris import digest, mint, pair_iri
from kg.rdf.namespace import KG, SCHEMA, WD, bind_prefixes
from kg.rdf.ontology import ACTOR_CLASSES, POLARITIES, relation_properties, relation_property

Triple = tuple[URIRef, URIRef, URIRef | Literal]

_WIKIDATA = re.compile(r"Q[1-9][0-9]*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Terms(Protocol):
    """How the triples' terms are made: rdflib terms (:data:`RDFLIB`, the default), or another form
    of the same terms (the embedded store writes N-Triples text, ``kg.store.terms.NTriplesTerms``)."""

    def iri(self, iri: URIRef) -> Any: ...
    def string(self, value: str) -> Any: ...
    def integer(self, value: int) -> Any: ...
    def double(self, value: float) -> Any: ...
    def boolean(self, value: bool) -> Any: ...
    def typed(self, value: str, datatype: URIRef) -> Any: ...


class RdflibTerms:
    """rdflib terms, every literal with its datatype (``xsd:string`` written out)."""

    def iri(self, iri: URIRef) -> URIRef:
        return iri

    def string(self, value: str) -> Literal:
        return Literal(value, datatype=XSD.string)

    def integer(self, value: int) -> Literal:
        return Literal(int(value), datatype=XSD.integer)

    def double(self, value: float) -> Literal:
        return Literal(float(value), datatype=XSD.double)

    def boolean(self, value: bool) -> Literal:
        return Literal(bool(value), datatype=XSD.boolean)

    def typed(self, value: str, datatype: URIRef) -> Literal:
        return Literal(value, datatype=datatype)


#: The default :class:`Terms`.
RDFLIB = RdflibTerms()

# Ontology terms used per mention, looked up once (a DefinedNamespace attribute costs microseconds).
_TYPE, _LABEL, _ALT, _SAME, _PART, _BASED, _CAMEO = (
    RDF.type,
    RDFS.label,
    SKOS.altLabel,
    OWL.sameAs,
    KG.partOf,
    KG.basedIn,
    KG.cameoCode,
)
_ACTOR, _ASSERTION, _SUBJECT, _PREDICATE, _OBJECT, _POLARITY = (
    KG.Actor,
    KG.Assertion,
    KG.subject,
    KG.predicate,
    KG.object,
    KG.polarity,
)
_EVIDENCE, _START, _END, _CONFIDENCE, _NEGATED, _HEDGED, _SOURCE, _DERIVED, _TALLY = (
    KG.evidence,
    KG.charStart,
    KG.charEnd,
    KG.confidence,
    KG.negated,
    KG.hedged,
    KG.attributedTo,
    PROV.wasDerivedFrom,
    KG.tally,
)


def actor_triples(actor: Actor, terms: Terms = RDFLIB) -> Iterator[tuple[Any, Any, Any]]:
    """What one actor description contributes: types, label, aliases, links.

    A ``wikidata`` value that is not a Wikidata item id (``Q`` + digits) is
    ignored rather than turned into a malformed IRI.
    """
    t = terms
    iri = t.iri(mint("actor", actor.id))
    yield iri, t.iri(_TYPE), t.iri(_ACTOR)
    yield iri, t.iri(_TYPE), t.iri(ACTOR_CLASSES.get(actor.kind, KG.Group))
    yield iri, t.iri(_LABEL), t.string(actor.label)
    for alias in actor.aliases:
        if alias != actor.label:
            yield iri, t.iri(_ALT), t.string(alias)
    if actor.wikidata and _WIKIDATA.fullmatch(actor.wikidata):
        yield iri, t.iri(_SAME), t.iri(WD[actor.wikidata])
    if actor.cameo:
        yield iri, t.iri(_CAMEO), t.string(actor.cameo)
    if actor.part_of:
        yield iri, t.iri(_PART), t.iri(mint("actor", actor.part_of))
    if actor.based_in:
        yield iri, t.iri(_BASED), t.iri(mint("actor", actor.based_in))


def assertion_iri(mention: RelationMention) -> URIRef:
    """The assertion node's IRI: a digest of what identifies the mention."""
    return mint(
        "assertion",
        digest(
            mention.doc_id,
            mention.char_start,
            mention.char_end,
            mention.subject.id,
            mention.predicate,
            mention.object.id,
            mention.negated,
        ),
    )


def mention_triples(
    mention: RelationMention, *, actors: bool = True, terms: Terms = RDFLIB
) -> Iterator[tuple[Any, Any, Any]]:
    """Triples for one mention: both actors, the direct triple (unless negated), the assertion node.

    ``actors=False`` leaves out the actor descriptions (the store keeps those
    in one shared graph, see :func:`document_parts`).

    The polarity written is the one kg.ttl gives the predicate (the
    mention's own ``polarity`` field must agree; a mismatch is a bug upstream
    and raises ``ValueError``).
    """
    prop = relation_property(mention.predicate)
    polarity = relation_properties()[mention.predicate]
    if mention.polarity != polarity:
        raise ValueError(
            f"mention polarity {mention.polarity!r} disagrees with kg.ttl ({mention.predicate} is {polarity})"
        )
    if not 0.0 <= mention.confidence <= 1.0:
        raise ValueError(f"confidence {mention.confidence} is outside [0, 1]")
    t = terms
    subject, obj = t.iri(mint("actor", mention.subject.id)), t.iri(mint("actor", mention.object.id))
    if actors:
        yield from actor_triples(mention.subject, t)
        yield from actor_triples(mention.object, t)
        if mention.attributed_to is not None:
            yield from actor_triples(mention.attributed_to, t)
    prop_term = t.iri(prop)
    if not mention.negated:
        yield subject, prop_term, obj
    node = t.iri(assertion_iri(mention))
    yield node, t.iri(_TYPE), t.iri(_ASSERTION)
    yield node, t.iri(_SUBJECT), subject
    yield node, t.iri(_PREDICATE), prop_term
    yield node, t.iri(_OBJECT), obj
    yield node, t.iri(_POLARITY), t.iri(POLARITIES[polarity])
    yield node, t.iri(_EVIDENCE), t.string(mention.sentence)
    yield node, t.iri(_START), t.integer(mention.char_start)
    yield node, t.iri(_END), t.integer(mention.char_end)
    # four decimals: more is noise, and every SPARQL engine then prints the value as written (Virtuoso
    # answers doubles with six significant digits)
    yield node, t.iri(_CONFIDENCE), t.double(round(float(mention.confidence), 4))
    yield node, t.iri(_NEGATED), t.boolean(mention.negated)
    yield node, t.iri(_HEDGED), t.boolean(mention.hedged)
    if mention.attributed_to is not None:
        yield node, t.iri(_SOURCE), t.iri(mint("actor", mention.attributed_to.id))
    yield node, t.iri(_DERIVED), t.iri(mint("doc", mention.doc_id))
    yield node, t.iri(_TALLY), t.iri(pair_iri(mention.subject.id, mention.object.id, polarity))


def document_triples(doc: Document, terms: Terms = RDFLIB) -> Iterator[tuple[Any, Any, Any]]:
    """Triples describing the document itself (a ``schema:NewsArticle``).

    A ``date`` that is not ``YYYY-MM-DD`` is kept as a plain string rather
    than written as an invalid ``xsd:date``.
    """
    t = terms
    iri = t.iri(mint("doc", doc.id))
    yield iri, t.iri(_TYPE), t.iri(SCHEMA.NewsArticle)
    yield iri, t.iri(KG.docId), t.string(doc.id)
    yield iri, t.iri(KG.contentHash), t.string(doc.content_hash)
    if doc.title:
        yield iri, t.iri(SCHEMA.headline), t.string(doc.title)
    if doc.date:
        dtype = XSD.date if _DATE.fullmatch(doc.date) else XSD.string
        yield iri, t.iri(SCHEMA.datePublished), t.typed(doc.date, dtype)
    if doc.source:
        yield iri, t.iri(DCTERMS.source), t.string(doc.source)


def document_parts(
    doc: Document, mentions: Iterable[RelationMention], terms: Terms = RDFLIB
) -> tuple[list[tuple[Any, Any, Any]], dict[str, list[tuple[Any, Any, Any]]]]:
    """What a document contributes, split as the store keeps it.

    Returns the triples of the document's own graph (article node, assertions,
    direct triples) and, per actor id it mentions, that actor's description
    (which the store keeps once, in the shared actors graph), with terms made
    by ``terms``.
    """
    own: list[tuple[Any, Any, Any]] = []
    seen: set[tuple[Any, Any, Any]] = set()
    described: dict[str, list[tuple[Any, Any, Any]]] = {}
    last: dict[str, Actor] = {}
    for triple in document_triples(doc, terms):
        seen.add(triple)
        own.append(triple)
    for mention in mentions:
        if mention.doc_id != doc.id:
            raise ValueError(f"mention of document {mention.doc_id!r} given for {doc.id!r}")
        for triple in mention_triples(mention, actors=False, terms=terms):
            if triple not in seen:
                seen.add(triple)
                own.append(triple)
        for actor in (mention.subject, mention.object, mention.attributed_to):
            if actor is not None and last.get(actor.id) != actor:  # the same actor again: same triples
                last[actor.id] = actor
                described[actor.id] = list(actor_triples(actor, terms))
    return own, described


def document_graph(doc: Document, mentions: Iterable[RelationMention]) -> Graph:
    """Everything one document contributes as one rdflib ``Graph`` (identifier = the document IRI).

    Its own triples and the descriptions of the actors it mentions together
    (the store keeps those apart, see :func:`document_parts`).
    """
    graph = bind_prefixes(Graph(identifier=mint("doc", doc.id)))
    own, described = document_parts(doc, mentions)
    for triple in own:
        graph.add(triple)
    for triples in described.values():
        for triple in triples:
            graph.add(triple)
    return graph
