"""Small example graphs written the way ``kg.rdf`` writes a store (DESIGN.md, "RDF written per document").

They let the docstrings, tests and benchmarks of the analysis and drawing
stages run on a real rdflib graph without the NLP stage. Nothing here is used
by ``kg build``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.rdf import KG, relation_properties
from kg.rdf.iris import digest, mint
from kg.rdf.ontology import relation_property

PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_DOUBLE = URIRef("http://www.w3.org/2001/XMLSchema#double")


@dataclass(frozen=True)
class Claim:
    """One assertion to write: ``subject predicate object`` said in ``doc``."""

    subject: str
    predicate: str
    object: str
    sentence: str = ""
    doc: str = "doc-1"
    confidence: float = 0.8
    negated: bool = False
    hedged: bool = False


def add_actor(
    graph: Graph, actor_id: str, label: str | None = None, kind: str = "Group", part_of: str | None = None
) -> URIRef:
    """Describe an actor (``kg:Actor`` + its kind class, ``rdfs:label``, ``kg:partOf``) and return its IRI."""
    iri = mint("actor", actor_id)
    graph.add((iri, RDF.type, KG.Actor))
    graph.add((iri, RDF.type, KG[kind]))
    graph.add((iri, RDFS.label, Literal(label or actor_id)))
    if part_of:
        graph.add((iri, KG.partOf, mint("actor", part_of)))
    return iri


def add_document(graph: Graph, doc_id: str, title: str | None = None, date: str | None = None) -> URIRef:
    """Describe a document (``schema:NewsArticle`` with id, headline, date) and return its IRI."""
    iri = mint("doc", doc_id)
    graph.add((iri, RDF.type, SCHEMA.NewsArticle))
    graph.add((iri, KG.docId, Literal(doc_id)))
    if title:
        graph.add((iri, SCHEMA.headline, Literal(title)))
    if date:
        graph.add((iri, SCHEMA.datePublished, Literal(date, datatype=XSD_DATE)))
    return iri


def add_claim(graph: Graph, claim: Claim, offset: int = 0) -> URIRef:
    """Write one assertion node (and, unless negated, its direct triple); return the node's IRI.

    Actors and the document must have been added (their IRIs are minted from the ids).
    """
    s, o, doc = mint("actor", claim.subject), mint("actor", claim.object), mint("doc", claim.doc)
    prop = relation_property(claim.predicate)
    polarity = relation_properties()[claim.predicate]
    node = mint("assertion", digest(claim.doc, offset, claim.subject, claim.predicate, claim.object, claim.negated))
    graph.add((node, RDF.type, KG.Assertion))
    graph.add((node, KG.subject, s))
    graph.add((node, KG.predicate, prop))
    graph.add((node, KG.object, o))
    graph.add((node, KG.polarity, KG.Cooperation if polarity == "cooperation" else KG.Conflict))
    graph.add((node, KG.evidence, Literal(claim.sentence)))
    graph.add((node, KG.charStart, Literal(offset)))
    graph.add((node, KG.charEnd, Literal(offset + len(claim.sentence))))
    graph.add((node, KG.confidence, Literal(float(claim.confidence), datatype=XSD_DOUBLE)))
    graph.add((node, KG.negated, Literal(bool(claim.negated))))
    graph.add((node, KG.hedged, Literal(bool(claim.hedged))))
    graph.add((node, PROV.wasDerivedFrom, doc))
    if not claim.negated:
        graph.add((s, prop, o))
    return node


def build_graph(
    actors: Iterable[tuple],
    claims: Iterable[Claim],
    documents: Iterable[tuple[str, str | None, str | None]] = (("doc-1", "Example", "2024-01-15"),),
) -> Graph:
    """An rdflib graph holding ``actors`` ``(id, label, kind[, part_of])``, ``documents`` ``(id, title, date)`` and ``claims``.

    Examples
    --------
    >>> g = build_graph([("a", "A", "State"), ("b", "B", "State")],
    ...                 [Claim("a", "fights", "b", "A fought B.")])
    >>> len(list(g.subjects(RDF.type, KG.Assertion)))
    1
    """
    graph = Graph()
    for actor in actors:
        add_actor(graph, *actor)
    for doc_id, title, date in documents:
        add_document(graph, doc_id, title, date)
    for i, claim in enumerate(claims):
        add_claim(graph, claim, offset=i * 1000)
    return graph


STORY_ACTORS = [
    ("united-states", "United States", "State"),
    ("iran", "Iran", "State"),
    ("iraq", "Iraq", "State"),
    ("isis", "ISIS", "ArmedGroup"),
    ("shia-militias", "Shia militias", "ArmedGroup"),
]

STORY_DOCUMENTS = [
    ("seed-1", "Strange bedfellows: the US and Iran against ISIS", "2014-08-20"),
    ("seed-2", "Tehran and Washington trade barbs", "2015-03-02"),
]

STORY_CLAIMS = [
    Claim("united-states", "fights", "isis", "The United States is bombing ISIS in Iraq.", "seed-1", 0.9),
    Claim("iran", "fights", "isis", "Iran is fighting ISIS alongside Iraqi forces.", "seed-1", 0.9),
    Claim("iraq", "fights", "isis", "Iraq is battling ISIS for control of Tikrit.", "seed-1", 0.9),
    Claim("shia-militias", "fights", "isis", "Shia militias attacked ISIS positions.", "seed-1", 0.8),
    Claim("united-states", "supports", "iraq", "The United States supports the Iraqi government.", "seed-1", 0.9),
    Claim("iran", "supports", "iraq", "Iran backs the government in Baghdad.", "seed-1", 0.8),
    Claim("iran", "supports", "shia-militias", "Iran arms and trains the Shia militias.", "seed-1", 0.9),
    Claim(
        "united-states",
        "cooperatesWith",
        "iran",
        "The US and Iran are tacitly cooperating against ISIS.",
        "seed-1",
        0.6,
    ),
    Claim(
        "united-states", "negotiatesWith", "iran", "American and Iranian diplomats held talks in Geneva.", "seed-2", 0.7
    ),
    Claim("united-states", "sanctions", "iran", "Washington imposed new sanctions on Tehran.", "seed-2", 0.9),
    Claim("iran", "condemns", "united-states", "Iran condemned the United States as the Great Satan.", "seed-2", 0.9),
    Claim("united-states", "rivalOf", "iran", "The US and Iran remain bitter rivals in the region.", "seed-2", 0.8),
    Claim("iran", "attacks", "united-states", "Iran did not attack US forces.", "seed-2", 0.8, negated=True),
]


def story_graph() -> Graph:
    """The seed article's story: the US and Iran are rivals who both fight ISIS.

    United States – Iran is ambivalent (2 cooperation, 3 conflict assertions,
    plus one negated one that must be ignored); both fight ISIS with Iraq and
    the Shia militias.

    Examples
    --------
    >>> g = story_graph()
    >>> len(list(g.subjects(RDF.type, KG.Assertion)))
    13
    """
    return build_graph(STORY_ACTORS, STORY_CLAIMS, STORY_DOCUMENTS)


def write_story(location: str) -> None:
    """Write the story (:func:`story_graph`'s claims) into the kg store at ``location`` via ``kg.store``.

    The documents' texts are the claims' sentences joined; this goes through
    the real RDF writer, so it checks the analysis against what ``kg build``
    stores.
    """
    from kg.model import Actor, Document, Polarity, RelationMention
    from kg.store import open_store

    polarity = cast("dict[str, Polarity]", relation_properties())
    actors = {i: Actor(i, label, kind) for i, label, kind in STORY_ACTORS}
    store = open_store(location)
    try:
        for doc_id, title, date in STORY_DOCUMENTS:
            claims = [c for c in STORY_CLAIMS if c.doc == doc_id]
            text = " ".join(c.sentence for c in claims)
            mentions = []
            for c in claims:
                start = text.index(c.sentence)
                mentions.append(
                    RelationMention(
                        doc_id,
                        actors[c.subject],
                        c.predicate,
                        actors[c.object],
                        polarity[c.predicate],
                        c.negated,
                        c.hedged,
                        None,
                        c.confidence,
                        c.sentence,
                        start,
                        start + len(c.sentence),
                    )
                )
            store.replace_document(Document(doc_id, text, title, date), mentions)
    finally:
        store.close()
