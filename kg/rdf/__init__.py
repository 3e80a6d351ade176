"""The RDF side: namespace and IRIs (one home each), what the ontology says, triples from records.

- :mod:`kg.rdf.namespace` — ``KG`` terms, :data:`PREFIXES`, the resource base.
- :mod:`kg.rdf.iris` — :func:`mint` (the one IRI maker) and :func:`parse_iri`.
- :mod:`kg.rdf.ontology` — polarity and symmetry of each relation, from ``kg.ttl``.
- :mod:`kg.rdf.write` — a document and its mentions as triples.
- :mod:`kg.rdf.validate` — SHACL check (``kg validate``).
- :mod:`kg.rdf.export` — ``kg export`` formats.
"""

from kg.rdf.iris import actor_id, mint, pair_iri, parse_iri
from kg.rdf.namespace import KG, PREFIXES, bind_prefixes, compact
from kg.rdf.ontology import ontology_path, relation_properties, symmetric_properties

__all__ = [
    "KG",
    "PREFIXES",
    "actor_id",
    "bind_prefixes",
    "compact",
    "mint",
    "ontology_path",
    "pair_iri",
    "parse_iri",
    "relation_properties",
    "symmetric_properties",
]
