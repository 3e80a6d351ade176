"""RelationMention / Document -> triples, as DESIGN.md "RDF written per document" says."""

from __future__ import annotations

import pytest
from conftest import CRITICS, IRAN, ISIS, MILITIAS, USA, mention
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.model import Actor, Document
from kg.rdf.iris import BASE, mint
from kg.rdf.namespace import KG, PREFIXES, SCHEMA, WD
from kg.rdf.write import assertion_iri, document_graph, document_triples, mention_triples


def _graph(triples) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


def test_direct_triple_and_assertion_node():
    m = mention("a.txt", IRAN, "supports", MILITIAS, "cooperation", confidence=0.9, start=3)
    g = _graph(mention_triples(m))
    iran, militias = mint("actor", "iran"), mint("actor", "shia-militias")
    assert (iran, KG.supports, militias) in g
    node = assertion_iri(m)
    assert (node, RDF.type, KG.Assertion) in g
    assert g.value(node, KG.subject) == iran and g.value(node, KG.object) == militias
    assert g.value(node, KG.predicate) == KG.supports
    assert g.value(node, KG.polarity) == KG.Cooperation
    assert g.value(node, KG.evidence) == Literal(m.sentence, datatype=XSD.string)
    assert g.value(node, KG.charStart) == Literal(3, datatype=XSD.integer)
    assert g.value(node, KG.charEnd) == Literal(3 + len(m.sentence), datatype=XSD.integer)
    assert g.value(node, KG.confidence) == Literal(0.9, datatype=XSD.double)
    assert g.value(node, KG.negated) == Literal(False) and g.value(node, KG.hedged) == Literal(False)
    assert g.value(node, PROV.wasDerivedFrom) == mint("doc", "a.txt")


def test_actor_description():
    m = mention("a.txt", IRAN, "supports", MILITIAS, "cooperation")
    g = _graph(mention_triples(m))
    iran = mint("actor", "iran")
    assert {KG.Actor, KG.State} == set(g.objects(iran, RDF.type))
    assert g.value(iran, RDFS.label) == Literal("Iran", datatype=XSD.string)
    assert set(g.objects(iran, SKOS.altLabel)) == {Literal("Islamic Republic of Iran", datatype=XSD.string)}
    assert g.value(iran, OWL.sameAs) == WD.Q794
    assert g.value(iran, KG.cameoCode) == Literal("IRN", datatype=XSD.string)
    assert g.value(mint("actor", "shia-militias"), KG.basedIn) == mint("actor", "iraq")


def test_negated_mention_keeps_its_node_but_makes_no_direct_triple():
    m = mention("b.txt", USA, "supports", MILITIAS, "cooperation", negated=True)
    g = _graph(mention_triples(m))
    assert (mint("actor", "usa"), KG.supports, mint("actor", "shia-militias")) not in g
    assert g.value(assertion_iri(m), KG.negated) == Literal(True)


def test_hedged_and_attributed():
    m = mention("a.txt", USA, "alliedWith", IRAN, "cooperation", hedged=True, attributed_to=CRITICS)
    g = _graph(mention_triples(m))
    node = assertion_iri(m)
    assert g.value(node, KG.hedged) == Literal(True)
    assert g.value(node, KG.attributedTo) == mint("actor", "critics")
    assert (mint("actor", "critics"), RDF.type, KG.Group) in g


def test_bad_mentions_are_refused():
    with pytest.raises(ValueError, match="unknown relation"):
        list(mention_triples(mention("a", IRAN, "befriends", USA, "cooperation")))
    with pytest.raises(ValueError, match="disagrees"):
        list(mention_triples(mention("a", IRAN, "fights", USA, "cooperation")))
    with pytest.raises(ValueError, match="outside"):
        list(mention_triples(mention("a", IRAN, "fights", USA, "conflict", confidence=1.5)))


def test_a_malformed_wikidata_id_is_not_turned_into_an_iri():
    bad = Actor("x", "X", "State", wikidata="Q1> <http://evil")
    g = _graph(mention_triples(mention("a", bad, "fights", ISIS, "conflict")))
    assert g.value(mint("actor", "x"), OWL.sameAs) is None


def test_assertion_iris_are_stable_and_distinct():
    a = mention("a.txt", IRAN, "fights", ISIS, "conflict", start=0)
    assert assertion_iri(a) == assertion_iri(mention("a.txt", IRAN, "fights", ISIS, "conflict", start=0))
    assert assertion_iri(a) != assertion_iri(mention("a.txt", IRAN, "fights", ISIS, "conflict", start=10))
    assert assertion_iri(a) != assertion_iri(mention("b.txt", IRAN, "fights", ISIS, "conflict", start=0))


def test_document_node():
    doc = Document("x/a.txt", "t", title="T", date="2015-03-05", source="https://example.org/a")
    g = _graph(document_triples(doc))
    d = mint("doc", "x/a.txt")
    assert (d, RDF.type, SCHEMA.NewsArticle) in g
    assert g.value(d, KG.docId) == Literal("x/a.txt", datatype=XSD.string)
    assert g.value(d, KG.contentHash) == Literal(doc.content_hash, datatype=XSD.string)
    assert g.value(d, SCHEMA.headline) == Literal("T", datatype=XSD.string)
    assert g.value(d, SCHEMA.datePublished) == Literal("2015-03-05", datatype=XSD.date)
    assert g.value(d, DCTERMS.source) == Literal("https://example.org/a", datatype=XSD.string)
    odd = _graph(document_triples(Document("b", "t", date="March 2015")))
    assert odd.value(mint("doc", "b"), SCHEMA.datePublished).datatype == XSD.string


def test_every_resource_iri_is_minted_and_every_vocabulary_is_a_bound_prefix(doc_a):
    g = document_graph(*doc_a)
    vocab = tuple(v for k, v in PREFIXES.items() if k not in ("actor", "doc", "assertion"))
    for term in {t for triple in g for t in triple if isinstance(t, URIRef)}:
        assert str(term).startswith(BASE) or str(term).startswith(vocab), term
    assert g.identifier == mint("doc", "a.txt")


def test_mentions_of_another_document_are_refused(doc_a):
    doc, mentions = doc_a
    with pytest.raises(ValueError, match="given for"):
        document_graph(Document("other.txt", "x"), mentions)


HOSTILE = [
    '<script>alert("x")</script>',
    'a "quoted" \\ back\\slash',
    "line\nbreak\r\ttab",
    "} ; DROP ALL ; {",
    '"""triple',
    "\\u0022 escaped",
    "emoji 🛰️ ünïcödé",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_round_trips_through_turtle_verbatim(text):
    evil = Actor("evil", text, "Group", aliases=(text + "!",))
    doc = Document("h.txt", text, title=text)
    m = mention("h.txt", evil, "threatens", USA, "conflict", sentence=text)
    g = document_graph(doc, [m])
    back = Graph().parse(data=g.serialize(format="turtle"), format="turtle")
    assert isomorphic(g, back)
    assert str(back.value(mint("actor", "evil"), RDFS.label)) == text
