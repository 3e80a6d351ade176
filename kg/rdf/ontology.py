"""What the ontology says, read from ``kg.ttl``: each relation's polarity and symmetry, actor classes.

These facts live only in ``kg/data/kg.ttl``; code asks here instead of
keeping its own list. The data files (``kg.ttl``, ``shapes.ttl``,
``actors.ttl``) are package data, found with ``importlib.resources``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import URIRef

from kg.rdf.namespace import KG, local_name

#: Actor kinds (``Actor.kind``) -> ontology class.
ACTOR_CLASSES: dict[str, URIRef] = {
    name: KG[name] for name in ("State", "Government", "Military", "ArmedGroup", "Organization", "Person", "Group")
}

#: Polarity name used in RelationMention -> ontology individual.
POLARITIES: dict[str, URIRef] = {"cooperation": KG.Cooperation, "conflict": KG.Conflict}


def ontology_path(name: str = "kg.ttl") -> Path:
    """Path of one of the shipped data files (``kg.ttl``, ``actors.ttl``, ``shapes.ttl``).

    >>> ontology_path("shapes.ttl").name
    'shapes.ttl'
    """
    resource = resources.files("kg").joinpath("data", name)
    if not resource.is_file():
        raise FileNotFoundError(f"kg package data file {name!r} is missing (a broken install?)")
    return Path(str(resource))  # the package is installed unzipped (a wheel, or editable)


@cache
def _ontology_graph():
    from rdflib import Graph

    return Graph().parse(ontology_path("kg.ttl"), format="turtle")


@cache
def relation_properties() -> dict[str, str]:
    """Map every relation property's local name to its polarity, as ``kg.ttl`` declares it.

    Includes the two roots ``cooperatesWith`` and ``conflictsWith``. Read once
    per process (the file is small); callers must not mutate the result.

    Examples
    --------
    >>> relation_properties()["supports"], relation_properties()["fights"]
    ('cooperation', 'conflict')
    >>> relation_properties()["conflictsWith"]
    'conflict'
    """
    names = {KG.Cooperation: "cooperation", KG.Conflict: "conflict"}
    return {
        local_name(str(prop)): names[pol]
        for prop, pol in _ontology_graph().subject_objects(KG.relationPolarity)
        if str(prop).startswith(str(KG._NS))
    }


@cache
def symmetric_properties() -> frozenset[str]:
    """Local names of the relation properties ``kg.ttl`` declares ``owl:SymmetricProperty``.

    >>> "fights" in symmetric_properties(), "supports" in symmetric_properties()
    (True, False)
    """
    from rdflib.namespace import OWL, RDF

    return frozenset(local_name(str(p)) for p in _ontology_graph().subjects(RDF.type, OWL.SymmetricProperty))


def relation_property(name: str) -> URIRef:
    """The ontology property for a predicate local name; ``ValueError`` if kg.ttl has none.

    >>> relation_property("fights") == KG.fights
    True
    """
    if name not in relation_properties():
        known = ", ".join(sorted(relation_properties()))
        raise ValueError(f"unknown relation property {name!r} (known: {known})")
    return KG[name]
