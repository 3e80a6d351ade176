"""SHACL shapes: a built graph conforms; each broken shape is reported."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.rdf.iris import mint
from kg.rdf.namespace import KG, KG_NS
from kg.rdf.validate import validate, validate_graph
from kg.rdf.write import assertion_iri


@pytest.fixture
def built(store, doc_a, doc_b):
    store.replace_document(*doc_a)
    store.replace_document(*doc_b)
    return store


def test_a_built_graph_conforms(built):
    report = validate(built)
    assert report.conforms, report.summary()
    assert report.summary() == "conforms"


def test_an_empty_store_conforms(store):
    assert validate(store).conforms


def _broken(built, doc_a, edit):
    g = built.union_graph()
    node = assertion_iri(doc_a[1][0])
    edit(g, node)
    report = validate_graph(g)
    assert not report.conforms
    return report.summary()


def test_confidence_out_of_range_is_reported(built, doc_a):
    def edit(g, node):
        g.set((node, KG.confidence, Literal(1.5, datatype=XSD.double)))

    assert "confidence, an xsd:double in [0, 1] (value: 1.5)" in _broken(built, doc_a, edit)


def test_missing_evidence_is_reported(built, doc_a):
    def edit(g, node):
        g.remove((node, KG.evidence, None))

    assert "exactly one evidence sentence" in _broken(built, doc_a, edit)


def test_two_subjects_and_a_non_relation_predicate_are_reported(built, doc_a):
    def edit(g, node):
        g.add((node, KG.subject, mint("actor", "usa")))
        g.set((node, KG.predicate, RDFS.label))

    text = _broken(built, doc_a, edit)
    assert "exactly one subject" in text and "relation property" in text


def test_actor_without_label_and_unbacked_direct_triple_are_reported(built, doc_a):
    def edit(g, node):
        g.remove((mint("actor", "isis"), RDFS.label, None))
        g.add((mint("actor", "iran"), KG.attacks, mint("actor", "usa")))

    text = _broken(built, doc_a, edit)
    assert "actor:isis rdfs:label: an actor has exactly one non-empty rdfs:label" in text
    assert "has no non-negated assertion behind it" in text


def test_document_without_hash_and_bad_polarity_are_reported(built, doc_a):
    def edit(g, node):
        g.remove((mint("doc", "a.txt"), KG.contentHash, None))
        g.set((node, KG.polarity, URIRef(KG_NS + "Neutral")))
        g.add((URIRef("https://example.org/x"), RDF.type, KG.Assertion))

    text = _broken(built, doc_a, edit)
    assert "kg:contentHash" in text and "kg:Cooperation or kg:Conflict" in text
