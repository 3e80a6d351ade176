"""The ontology: Python terms and kg.ttl agree; every relation property is fully described."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from kg.rdf.namespace import KG
from kg.rdf.ontology import POLARITIES, ontology_path, relation_properties

NS = str(KG._NS)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_path("kg.ttl"))


def test_python_terms_and_turtle_declare_the_same_set(onto):
    declared = {str(s)[len(NS) :] for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}
    python = set(KG.__annotations__)
    assert python == declared


def test_a_misspelt_term_fails_instead_of_minting_an_iri():
    with pytest.raises(AttributeError):
        KG.suports  # noqa: B018


def _relation_properties(onto) -> set[URIRef]:
    roots = {KG.cooperatesWith, KG.conflictsWith}
    return {p for p in onto.transitive_subjects(RDFS.subPropertyOf, KG.relation)} - {KG.relation} - roots


def test_every_relation_property_has_label_comment_polarity_cameo_root(onto):
    props = _relation_properties(onto)
    assert len(props) >= 12
    for p in props | {KG.cooperatesWith, KG.conflictsWith}:
        assert onto.value(p, RDFS.label) is not None, p
        assert onto.value(p, RDFS.comment) is not None, p
        assert onto.value(p, KG.relationPolarity) in (KG.Cooperation, KG.Conflict), p
        assert re.fullmatch(r"\d\d", str(onto.value(p, KG.cameoRoot))), p


def test_every_relation_property_sits_under_exactly_one_polarity_root_matching_its_polarity(onto):
    for p in _relation_properties(onto):
        ancestors = set(onto.transitive_objects(p, RDFS.subPropertyOf))
        roots = ancestors & {KG.cooperatesWith, KG.conflictsWith}
        assert len(roots) == 1, p
        expected = KG.Cooperation if roots == {KG.cooperatesWith} else KG.Conflict
        assert onto.value(p, KG.relationPolarity) == expected, p


def test_the_issue_s_minimum_properties_exist(onto):
    names = relation_properties()
    for name in (
        "supports",
        "alliedWith",
        "cooperatesWith",
        "negotiatesWith",
        "aids",
        "opposes",
        "fights",
        "attacks",
        "sanctions",
        "threatens",
        "condemns",
        "rivalOf",
    ):
        assert name in names
    assert set(names.values()) == set(POLARITIES)
