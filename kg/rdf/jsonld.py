"""JSON-LD for kg data: a ``@context`` for the kg vocabulary, made from ``kg.ttl``, and compaction with it.

The context has the prefixes of :data:`kg.rdf.namespace.PREFIXES` and one
term per class and property ``kg.ttl`` declares: a class by its local name
(``"Assertion"``), an object property as an IRI-valued term
(``"supports": "actor:shia-militias"``), a datatype property with its
``rdfs:range`` as the value type (``"confidence": "0.93"`` read as
``xsd:double``). It is derived from the ontology, so a term added there is in
the context without a second list. Compaction is rdflib's JSON-LD serialiser;
parsing the output back gives the same triples (tested).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.rdf.namespace import KG_NS, PREFIXES


@cache
def _context() -> dict[str, Any]:
    from kg.rdf.ontology import _ontology_graph

    onto = _ontology_graph()
    terms: dict[str, Any] = {}
    for subject in sorted(set(onto.subjects(RDF.type, None)), key=str):
        iri = str(subject)
        if not iri.startswith(KG_NS) or iri == KG_NS:
            continue
        name = iri[len(KG_NS) :]
        types = set(onto.objects(subject, RDF.type))
        if OWL.ObjectProperty in types:
            terms[name] = {"@id": f"kg:{name}", "@type": "@id"}
        elif OWL.DatatypeProperty in types:
            value_type = onto.value(subject, RDFS.range)
            typed = value_type is not None and str(value_type).startswith(str(XSD)) and value_type != XSD.string
            terms[name] = {"@id": f"kg:{name}", **({"@type": f"xsd:{value_type[len(str(XSD)) :]}"} if typed else {})}
        elif OWL.Class in types:
            terms[name] = f"kg:{name}"
    return {**PREFIXES, **terms}


def jsonld_context() -> dict[str, Any]:
    """The ``@context`` of kg's JSON-LD: the kg prefixes and a term for each kg class and property.

    >>> ctx = jsonld_context()
    >>> ctx["kg"] == KG_NS, ctx["Assertion"], ctx["supports"], ctx["confidence"]
    (True, 'kg:Assertion', {'@id': 'kg:supports', '@type': '@id'}, {'@id': 'kg:confidence', '@type': 'xsd:double'})
    >>> ctx["evidence"]
    {'@id': 'kg:evidence'}
    """
    return dict(_context())


def compact_jsonld(triples: Iterable[tuple[Any, Any, Any]]) -> bytes:
    """rdflib triples as one compacted JSON-LD document (``@context`` + ``@graph``), UTF-8."""
    from rdflib import Graph

    graph = Graph()
    for triple in triples:
        graph.add(triple)
    text = graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True, ensure_ascii=False)
    return text.encode("utf-8")
