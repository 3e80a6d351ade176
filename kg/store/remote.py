"""A SPARQL 1.1 endpoint over HTTP (Oxigraph server, Fuseki, …) used through the SPARQL protocol.

Results are read with rdflib's own SPARQL result parsers (JSON, XML, CSV,
TSV) and RDF parsers (CONSTRUCT), whichever the server answers with.
The server must evaluate queries over the union of its named graphs
(:func:`kg.store.open.open_store` checks).
"""

from __future__ import annotations

import io
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import QueryError, StoreError
from kg.store.base import Store
from kg.store.terms import nt_term, to_ox
from kg.store.text import inline_values

#: What a query asks for, best first: SPARQL results (SELECT / ASK) or an RDF graph (CONSTRUCT / DESCRIBE).
ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "application/n-triples;q=0.9, text/turtle;q=0.8"
)
#: Response media type -> rdflib result-parser name (SELECT / ASK).
RESULT_FORMATS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
#: Response media type -> rdflib RDF-parser name (CONSTRUCT / DESCRIBE).
GRAPH_FORMATS = {
    "application/n-triples": "nt",
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/n-quads": "nquads",
    "text/plain": "nt",
}


def _plain_strings(result: Result) -> Result:
    """``xsd:string`` literals as plain literals, as the embedded store gives them."""
    if result.type == "SELECT" and result.bindings:
        for row in result.bindings:
            for name, term in row.items():
                if isinstance(term, Literal) and term.datatype == XSD.string:
                    row[name] = Literal(str(term))
    return result


def parse_response(content_type: str, body: bytes) -> Result:
    """An ``rdflib.query.Result`` from a SPARQL protocol response, by its media type."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media in RESULT_FORMATS:
        return _plain_strings(Result.parse(io.BytesIO(body), format=RESULT_FORMATS[media]))
    if media in GRAPH_FORMATS:
        out = Result("CONSTRUCT")
        out.graph = Graph().parse(data=body.decode("utf-8"), format=GRAPH_FORMATS[media])
        return out
    raise StoreError(f"the SPARQL endpoint answered with {media or 'no media type'}, which kg cannot read")


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint over HTTP (Oxigraph server, Fuseki, …) used through the SPARQL protocol.

    ``location`` ``http(s)://host:port`` uses ``/query`` and ``/update``; a
    URL ending in ``/query`` or ``/sparql`` uses the sibling ``/update`` for
    writes; any other URL is used for both.
    """

    def __init__(self, location: str, *, timeout: float = 60.0) -> None:
        self.location = location
        parsed = urllib.parse.urlsplit(location)
        path = parsed.path.rstrip("/")
        if not path:
            self.query_url = location.rstrip("/") + "/query"
            self.update_url = location.rstrip("/") + "/update"
        elif path.endswith(("/query", "/sparql")):
            self.query_url = location
            self.update_url = urllib.parse.urlunsplit(parsed._replace(path=path.rsplit("/", 1)[0] + "/update"))
        else:
            self.query_url = self.update_url = location
        self.timeout = timeout

    def _post(self, url: str, body: str, content_type: str, accept: str | None = None) -> tuple[str, bytes]:
        headers = {"Content-Type": f"{content_type}; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        request = urllib.request.Request(url, data=body.encode("utf-8"), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace").strip().splitlines()
            msg = f"{self.location}: HTTP {err.code}: {detail[0] if detail else err.reason}"
            if err.code == 400:
                raise QueryError(msg) from None
            raise StoreError(msg) from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise StoreError(f"cannot reach SPARQL endpoint {self.location}: {reason}") from None

    def _query(self, sparql: str, bindings: dict[str, Node], prefixes: dict[str, str] | None) -> Result:
        if prefixes:
            sparql = "".join(f"PREFIX {k}: {nt_term(URIRef(v))}\n" for k, v in prefixes.items()) + sparql
        ctype, body = self._post(self.query_url, inline_values(sparql, bindings), "application/sparql-query", ACCEPT)
        return parse_response(ctype, body)

    def update(self, sparql: str) -> None:
        self._post(self.update_url, sparql, "application/sparql-update")

    def quads(self) -> Iterator[ox.Quad]:
        res = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        for s, p, o, g in res:
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g))
