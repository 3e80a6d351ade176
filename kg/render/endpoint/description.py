"""The SPARQL service description (``GET /query`` without a query): it names the public URL, never the engine's.

Written with rdflib in the format the client asks for (Turtle by default).
It lists the kg prefixes the endpoint predeclares as SHACL prefix
declarations (``sh:declare``), the standard vocabulary for them.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH, XSD

from kg.rdf.namespace import PREFIXES

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
#: media type -> rdflib serializer
SERIALIZERS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}
_RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "RDF_XML",
    "JSON-LD",
)


def describe(public_url: str, *, allow_update: bool, allow_service: bool) -> Graph:
    """The description of the endpoint at ``public_url`` (its base, e.g. ``http://127.0.0.1:7878``)."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("sh", SH)
    service = BNode()
    g.add((service, RDF.type, SD.Service))
    for path in ("/query", "/sparql"):
        g.add((service, SD.endpoint, URIRef(public_url + path)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if allow_update:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    for name in _RESULT_FORMATS:
        g.add((service, SD.resultFormat, FORMATS[name]))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    if allow_service:
        g.add((service, SD.feature, SD.BasicFederatedQuery))
    for prefix, namespace in PREFIXES.items():
        declaration = BNode()
        g.add((service, SH.declare, declaration))
        g.add((declaration, SH.prefix, Literal(prefix)))
        g.add((declaration, SH.namespace, Literal(namespace, datatype=XSD.anyURI)))
    return g


def negotiate(accept: str | None) -> str:
    """The media type to answer with for an ``Accept`` header (Turtle unless another known one is asked for).

    >>> negotiate("application/ld+json, */*;q=0.1"), negotiate(None), negotiate("text/html")
    ('application/ld+json', 'text/turtle', 'text/turtle')
    """
    for part in (accept or "").split(","):
        media = part.split(";")[0].strip().lower()
        if media in SERIALIZERS:
            return media
    return "text/turtle"


def description_bytes(
    public_url: str, accept: str | None, *, allow_update: bool, allow_service: bool
) -> tuple[bytes, str]:
    """The serialised description and its media type."""
    media = negotiate(accept)
    return _serialised(public_url, media, allow_update, allow_service), media


@lru_cache(maxsize=64)  # keyed by the Host a client used; bounded
def _serialised(public_url: str, media: str, allow_update: bool, allow_service: bool) -> bytes:
    # cached: rdflib takes milliseconds to serialise it, and clients ask for it often
    graph = describe(public_url, allow_update=allow_update, allow_service=allow_service)
    return graph.serialize(format=SERIALIZERS[media], encoding="utf-8")
