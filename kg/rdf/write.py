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

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.model import Actor, Document, RelationMention
from kg.rdf.iris import digest, mint, pair_iri
from kg.rdf.namespace import KG, SCHEMA, WD, bind_prefixes
from kg.rdf.ontology import ACTOR_CLASSES, POLARITIES, relation_properties, relation_property

Triple = tuple[URIRef, URIRef, URIRef | Literal]

_WIKIDATA = re.compile(r"Q[1-9][0-9]*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _string(value: str) -> Literal:
    return Literal(value, datatype=XSD.string)


def actor_triples(actor: Actor) -> Iterator[Triple]:
    """What one actor description contributes: types, label, aliases, links.

    A ``wikidata`` value that is not a Wikidata item id (``Q`` + digits) is
    ignored rather than turned into a malformed IRI.
    """
    iri = mint("actor", actor.id)
    yield iri, RDF.type, KG.Actor
    yield iri, RDF.type, ACTOR_CLASSES.get(actor.kind, KG.Group)
    yield iri, RDFS.label, _string(actor.label)
    for alias in actor.aliases:
        if alias != actor.label:
            yield iri, SKOS.altLabel, _string(alias)
    if actor.wikidata and _WIKIDATA.fullmatch(actor.wikidata):
        yield iri, OWL.sameAs, WD[actor.wikidata]
    if actor.cameo:
        yield iri, KG.cameoCode, _string(actor.cameo)
    if actor.part_of:
        yield iri, KG.partOf, mint("actor", actor.part_of)
    if actor.based_in:
        yield iri, KG.basedIn, mint("actor", actor.based_in)


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


def mention_triples(mention: RelationMention, *, actors: bool = True) -> Iterator[Triple]:
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
    subject, obj = mint("actor", mention.subject.id), mint("actor", mention.object.id)
    if actors:
        yield from actor_triples(mention.subject)
        yield from actor_triples(mention.object)
        if mention.attributed_to is not None:
            yield from actor_triples(mention.attributed_to)
    if not mention.negated:
        yield subject, prop, obj
    node = assertion_iri(mention)
    yield node, RDF.type, KG.Assertion
    yield node, KG.subject, subject
    yield node, KG.predicate, prop
    yield node, KG.object, obj
    yield node, KG.polarity, POLARITIES[polarity]
    yield node, KG.evidence, _string(mention.sentence)
    yield node, KG.charStart, Literal(int(mention.char_start), datatype=XSD.integer)
    yield node, KG.charEnd, Literal(int(mention.char_end), datatype=XSD.integer)
    # four decimals: more is noise, and every SPARQL engine then prints the value as written (Virtuoso
    # answers doubles with six significant digits)
    yield node, KG.confidence, Literal(round(float(mention.confidence), 4), datatype=XSD.double)
    yield node, KG.negated, Literal(bool(mention.negated), datatype=XSD.boolean)
    yield node, KG.hedged, Literal(bool(mention.hedged), datatype=XSD.boolean)
    if mention.attributed_to is not None:
        yield node, KG.attributedTo, mint("actor", mention.attributed_to.id)
    yield node, PROV.wasDerivedFrom, mint("doc", mention.doc_id)
    yield node, KG.tally, pair_iri(mention.subject.id, mention.object.id, polarity)


def document_triples(doc: Document) -> Iterator[Triple]:
    """Triples describing the document itself (a ``schema:NewsArticle``).

    A ``date`` that is not ``YYYY-MM-DD`` is kept as a plain string rather
    than written as an invalid ``xsd:date``.
    """
    iri = mint("doc", doc.id)
    yield iri, RDF.type, SCHEMA.NewsArticle
    yield iri, KG.docId, _string(doc.id)
    yield iri, KG.contentHash, _string(doc.content_hash)
    if doc.title:
        yield iri, SCHEMA.headline, _string(doc.title)
    if doc.date:
        dtype = XSD.date if _DATE.fullmatch(doc.date) else XSD.string
        yield iri, SCHEMA.datePublished, Literal(doc.date, datatype=dtype)
    if doc.source:
        yield iri, DCTERMS.source, _string(doc.source)


def document_parts(doc: Document, mentions: Iterable[RelationMention]) -> tuple[list[Triple], dict[str, list[Triple]]]:
    """What a document contributes, split as the store keeps it.

    Returns the triples of the document's own graph (article node, assertions,
    direct triples) and, per actor id it mentions, that actor's description
    (which the store keeps once, in the shared actors graph).
    """
    own: list[Triple] = []
    seen: set[Triple] = set()
    described: dict[str, list[Triple]] = {}
    for triple in document_triples(doc):
        seen.add(triple)
        own.append(triple)
    for mention in mentions:
        if mention.doc_id != doc.id:
            raise ValueError(f"mention of document {mention.doc_id!r} given for {doc.id!r}")
        for triple in mention_triples(mention, actors=False):
            if triple not in seen:
                seen.add(triple)
                own.append(triple)
        for actor in (mention.subject, mention.object, mention.attributed_to):
            if actor is not None:
                described[actor.id] = list(actor_triples(actor))
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
