"""Vocabulary terms of ``ontologies/kg.ttl`` as an rdflib ``DefinedNamespace``.

A misspelt term (``KG.suports``) raises ``AttributeError`` instead of minting a
new IRI silently; ``tests/test_ontology.py`` checks that this class and the
Turtle file declare the same terms.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

#: Where the ontology Turtle files live (the repo's ``ontologies/`` folder,
#: shipped inside the wheel as ``kg/ontologies``).
ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontologies"


class KG(DefinedNamespace):
    """Terms of the kg ontology (``https://w3id.org/kg-news/ns#``)."""

    _NS = Namespace("https://w3id.org/kg-news/ns#")
    _fail = True

    # classes
    Actor: URIRef
    State: URIRef
    Government: URIRef
    Military: URIRef
    ArmedGroup: URIRef
    Organization: URIRef
    Person: URIRef
    Group: URIRef
    Assertion: URIRef
    Polarity: URIRef
    # polarity individuals
    Cooperation: URIRef
    Conflict: URIRef
    # relation properties
    relation: URIRef
    cooperatesWith: URIRef
    conflictsWith: URIRef
    supports: URIRef
    alliedWith: URIRef
    agreesWith: URIRef
    praises: URIRef
    negotiatesWith: URIRef
    meetsWith: URIRef
    intendsToCooperateWith: URIRef
    aids: URIRef
    yieldsTo: URIRef
    investigates: URIRef
    demands: URIRef
    condemns: URIRef
    opposes: URIRef
    threatens: URIRef
    protests: URIRef
    rivalOf: URIRef
    sanctions: URIRef
    coerces: URIRef
    attacks: URIRef
    fights: URIRef
    # structural and annotation properties
    partOf: URIRef
    basedIn: URIRef
    demonym: URIRef
    metonym: URIRef
    cameoCode: URIRef
    cameoRoot: URIRef
    polarity: URIRef
    # assertion properties
    subject: URIRef
    predicate: URIRef
    object: URIRef
    evidence: URIRef
    charStart: URIRef
    charEnd: URIRef
    confidence: URIRef
    negated: URIRef
    hedged: URIRef
    attributedTo: URIRef
    contentHash: URIRef
    docId: URIRef
    # pair tallies (derived counts the store maintains, kg.store)
    PairTally: URIRef
    tally: URIRef
    cooperationSubject: URIRef
    cooperationObject: URIRef
    conflictSubject: URIRef
    conflictObject: URIRef
    mentions: URIRef
    hedgedMentions: URIRef
    negatedMentions: URIRef
    maxConfidence: URIRef
    tallyRelation: URIRef
    bestEvidence: URIRef
    mentionBand: URIRef
    tallyVersion: URIRef


#: Actor kinds (``Actor.kind``) -> ontology class.
ACTOR_CLASSES: dict[str, URIRef] = {
    name: KG[name]
    for name in ("State", "Government", "Military", "ArmedGroup", "Organization", "Person", "Group")
}

#: Polarity name used in RelationMention -> ontology individual.
POLARITIES: dict[str, URIRef] = {"cooperation": KG.Cooperation, "conflict": KG.Conflict}


def ontology_path(name: str = "kg.ttl") -> Path:
    """Path of one of the shipped ontology files (``kg.ttl``, ``actors.ttl``, ``shapes.ttl``)."""
    packaged = resources.files("kg").joinpath("ontologies", name)
    if packaged.is_file():  # installed from a wheel
        return Path(str(packaged))
    return ONTOLOGY_DIR / name


@cache
def relation_properties() -> dict[str, str]:
    """Map every relation property's local name to its polarity, as ``kg.ttl`` declares it.

    Read once per process (the file is small); callers must not mutate the result.

    Examples
    --------
    >>> relation_properties()["supports"]
    'cooperation'
    >>> relation_properties()["fights"]
    'conflict'
    """
    from rdflib import Graph

    graph = Graph().parse(ontology_path("kg.ttl"))
    names = {KG.Cooperation: "cooperation", KG.Conflict: "conflict"}
    ns = str(KG._NS)
    return {
        str(prop)[len(ns):]: names[pol]
        for prop, pol in graph.subject_objects(KG.polarity)
        if str(prop).startswith(ns)
    }


@cache
def symmetric_properties() -> frozenset[str]:
    """Local names of the relation properties ``kg.ttl`` declares ``owl:SymmetricProperty``.

    Examples
    --------
    >>> "fights" in symmetric_properties(), "attacks" in symmetric_properties()
    (True, False)
    """
    from rdflib import Graph
    from rdflib.namespace import OWL, RDF

    graph = Graph().parse(ontology_path("kg.ttl"))
    ns = str(KG._NS)
    return frozenset(str(p)[len(ns):] for p in graph.subjects(RDF.type, OWL.SymmetricProperty)
                     if str(p).startswith(ns))
