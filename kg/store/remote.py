"""A SPARQL 1.1 server over HTTP (Oxigraph server, Virtuoso, Fuseki, …) used through the SPARQL protocol.

Results are read with rdflib's own SPARQL result parsers (JSON, XML, CSV,
TSV) and RDF parsers (CONSTRUCT), whichever the server answers with; what a
server does differently (endpoints, credentials, its answers) is its
:class:`~kg.store.engines.Engine`. The server must evaluate queries over the
union of its named graphs (:func:`kg.store.open.open_store` checks).

A request that fails on a transient error (the server busy, restarting or
dropping the connection: HTTP 429 / 502 / 503 / 504, a reset connection,
Virtuoso's deadlock) is sent again, up to :data:`ATTEMPTS` times with a
growing pause. Sending again is safe: every update kg sends replaces what it
writes (a document's graph, a tally) instead of adding to it. A refused
connection is not retried: the server is not there.
"""

from __future__ import annotations

import http.client
import io
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import QueryError, StoreError
from kg.store.base import Store
from kg.store.engines import PASSWORD_VARIABLE, USER_VARIABLE, Engine, canonical, credentials, engine_for
from kg.store.terms import nt_term, to_ox
from kg.store.text import Bindings, inline_values, sparql

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
#: How many times a request is sent before a transient failure is reported.
ATTEMPTS = 4
#: Pause before the second attempt, in seconds; doubled before each further one.
FIRST_PAUSE = 0.5


def _plain_strings(result: Result) -> Result:
    """``xsd:string`` literals as plain literals, as the embedded store gives them."""
    if result.type == "SELECT" and result.bindings:
        for row in result.bindings:
            for name, term in row.items():
                if isinstance(term, Literal) and term.datatype == XSD.string:
                    row[name] = Literal(str(term))  # type: ignore[index]  # rdflib gives dicts, typed as Mappings
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


class _Transient(Exception):
    """A failure worth another attempt; ``message`` is what the user reads if none succeeds."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RemoteStore(Store):
    """A SPARQL 1.1 server over HTTP, used through the SPARQL protocol.

    ``location`` is the server's endpoint URL: ``http(s)://host:port`` for an
    Oxigraph server (``/query`` and ``/update`` beneath it), Virtuoso's
    ``http://host:8890/sparql``, or any endpoint URL (one ending in
    ``/query`` or ``/sparql`` takes updates at the sibling ``/update``).
    Credentials come from ``$KG_STORE_USER`` / ``$KG_STORE_PASSWORD``; a URL
    carrying them is refused (it would show in process lists and shell history).
    ``engine`` names the server kind; by default it is read from the server's
    ``Server`` header (:func:`kg.store.engines.engine_for`).
    """

    def __init__(self, location: str, *, timeout: float = 60.0, engine: Engine | None = None) -> None:
        self.location = location
        parsed = urllib.parse.urlsplit(location)
        if parsed.username or parsed.password:
            raise StoreError(
                f"SPARQL endpoint {parsed.hostname}: do not put credentials in the URL; "
                f"set {USER_VARIABLE} and {PASSWORD_VARIABLE} in the environment"
            )
        self.timeout = timeout
        self._opener = self._make_opener()
        self.engine = engine or engine_for(self._server_header(), location)
        self.query_url, self.update_url = self.engine.endpoints(location, authenticated=credentials() is not None)

    def _make_opener(self) -> urllib.request.OpenerDirector:
        """An opener that answers a basic or digest challenge with the credentials from the environment."""
        handlers: list[urllib.request.BaseHandler] = []
        creds = credentials()
        if creds:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, self.location, *creds)
            passwords.add_password(
                None, urllib.parse.urlunsplit(urllib.parse.urlsplit(self.location)[:2] + ("", "", "")), *creds
            )
            handlers += [
                urllib.request.HTTPDigestAuthHandler(passwords),
                urllib.request.HTTPBasicAuthHandler(passwords),
            ]
        return urllib.request.build_opener(*handlers)

    def _server_header(self) -> str:
        """The ``Server`` header of the endpoint's answer to a plain GET (any status)."""
        request = urllib.request.Request(self.location, method="GET")
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return response.headers.get("Server", "")
        except urllib.error.HTTPError as err:
            return err.headers.get("Server", "") if err.headers else ""
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise StoreError(f"cannot reach SPARQL endpoint {self.location}: {reason}") from None

    # -- HTTP ---------------------------------------------------------------------

    def _post(self, url: str, body: str, content_type: str, accept: str | None = None) -> tuple[str, bytes]:
        """POST ``body``; on a transient failure send it again (see the module docstring)."""
        pause = FIRST_PAUSE
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return self._post_once(url, body, content_type, accept)
            except _Transient as err:
                if attempt == ATTEMPTS:
                    raise StoreError(f"{err.message} (tried {ATTEMPTS} times)") from None
                time.sleep(pause)
                pause *= 2
        raise AssertionError("unreachable")

    def _post_once(self, url: str, body: str, content_type: str, accept: str | None) -> tuple[str, bytes]:
        headers = {"Content-Type": f"{content_type}; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        request = urllib.request.Request(url, data=body.encode("utf-8"), headers=headers, method="POST")
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                data = response.read()
                self.engine.check_complete(response.headers, self.location)
                return response.headers.get("Content-Type", ""), data
        except urllib.error.HTTPError as err:
            text = err.read().decode("utf-8", "replace").strip()
            detail = text.splitlines()
            msg = f"{self.location}: HTTP {err.code}: {detail[0] if detail else err.reason}"
            if self.engine.is_transient(err.code, text):
                raise _Transient(msg) from None
            if self.engine.refused(err.code, text):
                raise StoreError(
                    f"{self.location}: the server refused (HTTP {err.code}): "
                    f"set {USER_VARIABLE} and {PASSWORD_VARIABLE} to a user allowed to "
                    f"{'write' if url == self.update_url else 'read'}"
                ) from None
            if err.code == 400:
                raise QueryError(msg) from None
            raise StoreError(msg) from None
        except (TimeoutError, http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as err:
            raise _Transient(f"SPARQL endpoint {self.location}: {type(err).__name__}: {err}") from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            if isinstance(reason, (ConnectionResetError, TimeoutError)):
                raise _Transient(f"SPARQL endpoint {self.location}: {reason}") from None
            raise StoreError(f"cannot reach SPARQL endpoint {self.location}: {reason}") from None

    # -- the Store primitives -----------------------------------------------------

    def _query(self, sparql: str, bindings: Bindings, prefixes: dict[str, str] | None) -> Result:
        if prefixes:
            sparql = "".join(f"PREFIX {k}: {nt_term(URIRef(v))}\n" for k, v in prefixes.items()) + sparql
        # a form-encoded POST (the protocol's portable form: Virtuoso 7 never answers a direct application/sparql-query POST)
        form = urllib.parse.urlencode({"query": inline_values(sparql, bindings)})
        ctype, body = self._post(self.query_url, form, "application/x-www-form-urlencoded", ACCEPT)
        return self.engine.normalise(parse_response(ctype, body))

    def update(self, sparql: str) -> None:
        for request in self.engine.requests(sparql):  # one request, but on a server that needs them split
            self._post(self.update_url, request, "application/sparql-update")

    def select_all(self, select: str, key: str) -> Iterator[Any]:
        """Every row of a SELECT whose variable ``key`` is different on every row.

        A server that caps the rows of an answer (Virtuoso's ResultSetMaxRows, which
        also refuses to sort past it for an OFFSET) is read in pages that each start
        after the last ``key`` seen, sorted by it.
        """
        size = self.engine.page_rows
        if size is None:
            yield from self.query(select)
            return
        lines = select.strip().splitlines()
        prologue = [line for line in lines if line.lstrip().upper().startswith(("PREFIX", "BASE"))]
        body = "\n".join(line for line in lines if line not in prologue)
        after = ""
        while True:
            paged = "\n".join(prologue) + (
                f"\nSELECT * WHERE {{ {{ {body} }} FILTER (STR({key}) > {nt_term(Literal(after))}) }} "
                f"ORDER BY STR({key}) LIMIT {size}"
            )
            page = self.rows(paged)
            yield from page
            if len(page) < size:
                return
            after = str(page[-1][key.lstrip("?")])

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of kg's graphs: the fixed ones and every document's, each read whole (the Graph Store
        Protocol where the engine has it: no row cap applies) or by one SELECT."""
        from kg.store.base import ACTORS_GRAPH, ONTOLOGY_GRAPH
        from kg.store.tallies import DERIVED_GRAPHS

        documents = [URIRef(row[0]) for row in self.select_all(sparql("document-graphs.rq"), "?g")]
        for graph in [ONTOLOGY_GRAPH, ACTORS_GRAPH, *DERIVED_GRAPHS, *documents]:
            for s, p, o in self._graph_triples(graph):
                yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(graph))  # type: ignore[arg-type]  # a quad's terms

    def _graph_triples(self, graph: URIRef) -> Iterator[tuple[Node, Node, Node]]:
        url = self.engine.graph_url(self.location, graph)
        if url is None:
            yield from (
                (s, p, o) for s, p, o in self.rows("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph})
            )
            return
        request = urllib.request.Request(url, headers={"Accept": "application/n-triples"}, method="GET")
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                data = response.read()
        except urllib.error.HTTPError as err:
            if err.code == 404:  # no such graph
                return
            raise StoreError(f"{self.location}: reading graph {graph}: HTTP {err.code}") from None
        except (urllib.error.URLError, OSError) as err:
            raise StoreError(f"cannot reach SPARQL endpoint {self.location}: {getattr(err, 'reason', err)}") from None
        for s, p, o in Graph().parse(data=data.decode("utf-8"), format="nt"):
            yield s, p, canonical(o) if self.engine.name == "virtuoso" else o
