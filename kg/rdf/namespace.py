"""The one home of every kg IRI base and prefix: ontology terms, resources, other vocabularies.

``KG`` is an rdflib ``DefinedNamespace`` of the terms ``kg.ttl`` declares: a
misspelt term (``KG.suports``) raises ``AttributeError`` instead of minting
a new IRI silently (``tests/rdf/test_ontology.py`` checks that this class and
the Turtle file declare the same terms). Resource IRIs (actors, documents,
assertions, graphs, pair tallies) sit under :data:`ID_BASE` and are made only
by :func:`kg.rdf.iris.mint`. SPARQL text gets its ``PREFIX`` lines from
:data:`PREFIXES` (:func:`sparql_prefixes`), never by typing a namespace out.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

#: Ontology terms (``kg:``).
KG_NS = "https://w3id.org/kg-news/ns#"
#: Base of every kg resource IRI (``…/id/actor/iran``, ``…/id/doc/<hash>`` …).
ID_BASE = "https://w3id.org/kg-news/id/"

SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")


class KG(DefinedNamespace):
    """Terms of the kg ontology (``https://w3id.org/kg-news/ns#``)."""

    _NS = Namespace(KG_NS)
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
    relationPolarity: URIRef  # on a relation property (kg.ttl); kg:polarity is an assertion's
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
    # what built the store (kg.store.build_info)
    builtWithModel: URIRef
    builtWithActors: URIRef
    builtWithLexicon: URIRef
    # pair tallies (derived counts the store maintains, kg.store.tallies)
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
    countsAs: URIRef
    MentionBand: URIRef
    bandFloor: URIRef
    talliesAbove: URIRef
    tripleCount: URIRef


#: Prefixes bound on every graph and export, and predefined in SPARQL the kg code runs.
PREFIXES: dict[str, str] = {
    "kg": KG_NS,
    "actor": ID_BASE + "actor/",
    "doc": ID_BASE + "doc/",
    "assertion": ID_BASE + "assertion/",
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "owl": str(OWL),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "dcterms": str(DCTERMS),
    "wd": str(WD),
}


def sparql_prefixes(names: tuple[str, ...] | None = None) -> str:
    """``PREFIX`` lines for SPARQL text (all of :data:`PREFIXES`, or the ones named).

    >>> sparql_prefixes(("kg",))
    'PREFIX kg: <https://w3id.org/kg-news/ns#>\\n'
    """
    chosen = PREFIXES if names is None else {n: PREFIXES[n] for n in names}
    return "".join(f"PREFIX {name}: <{ns}>\n" for name, ns in chosen.items())


def compact(iri: str) -> str | None:
    """``prefix:local`` for an IRI under one of :data:`PREFIXES`, else ``None``.

    >>> compact(str(KG.supports))
    'kg:supports'
    >>> compact("http://example.org/x") is None
    True
    """
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return None


def local_name(iri: str) -> str:
    """The local name of a kg ontology term (``…ns#supports`` -> ``supports``).

    >>> local_name(str(KG.fights))
    'fights'
    """
    return iri[len(KG_NS) :] if iri.startswith(KG_NS) else iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the kg prefixes on ``graph`` (returns it, for chaining)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph
