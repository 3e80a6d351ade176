"""What differs between SPARQL servers, in one place: endpoints, credentials, answers, transient errors.

kg speaks standard SPARQL 1.1 (query, update, protocol) to every server; an
:class:`Engine` holds only what a server does differently, and
:func:`engine_for` picks one from the server's ``Server`` header (or
``$KG_STORE_ENGINE``). Two are known besides the standard:

- **Oxigraph** (``oxigraph serve --union-default-graph``): ``/query`` and
  ``/update`` under the base URL; no authentication.
- **Virtuoso** (7.2): one endpoint, ``/sparql``, which reads without
  credentials; updates go to ``/sparql-auth`` with HTTP digest
  authentication (``$KG_STORE_USER`` / ``$KG_STORE_PASSWORD``, a user with
  the ``SPARQL_UPDATE`` role, e.g. ``dba``). Its answers differ from the
  standard in ways :meth:`Engine.normalise` undoes: an ASK comes back as a
  one-column SELECT (``__ASK_RETVAL``, a row when true), booleans as
  ``"1"`` / ``"0"``, doubles in long or short forms. It queries the union
  of its graphs by default (as a set, not a bag) and cuts answers at
  ``ResultSetMaxRows`` (virtuoso.ini ``[SPARQL]``), which
  :meth:`Engine.check_complete` turns into an error instead of a short
  answer. A deadlock between concurrent writers (SQL state 40001) is
  transient: the request is sent again. It takes an update request of
  several operations one operation at a time, keeping the ones before an
  operation that fails (no all-or-nothing), and on long write sequences such
  requests failed with ``SR477 Error serializing the value into an ANY
  column`` or crashed the server; kg sends it one operation per request
  (:meth:`Engine.requests`).

Any other server (Fuseki, GraphDB, QLever, …) is ``standard``: the URL given
is used for queries (and its sibling ``/update`` when it ends in ``/query``
or ``/sparql``), HTTP basic or digest authentication from the same
variables when the server asks for it.
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import StoreError
from kg.store.text import update_operations

#: HTTP statuses after which a request is worth sending again (the server is busy or restarting).
TRANSIENT_STATUS = frozenset({429, 502, 503, 504})

#: Environment variables holding the credentials for a store that needs them (never on the command line).
USER_VARIABLE = "KG_STORE_USER"
PASSWORD_VARIABLE = "KG_STORE_PASSWORD"
#: Environment variable naming the engine when its ``Server`` header does not (``oxigraph``, ``virtuoso``, ``standard``).
ENGINE_VARIABLE = "KG_STORE_ENGINE"


def credentials() -> tuple[str, str] | None:
    """``(user, password)`` from :data:`USER_VARIABLE` / :data:`PASSWORD_VARIABLE`, or None when unset."""
    user = os.environ.get(USER_VARIABLE)
    if not user:
        return None
    return user, os.environ.get(PASSWORD_VARIABLE, "")


@dataclass(frozen=True)
class Engine:
    """One kind of SPARQL server: where it takes queries and updates, and how its answers differ."""

    name: str
    #: Rows asked for per request when kg reads everything (a server that caps answers); None: all at once.
    page_rows: int | None = None

    def endpoints(self, location: str, *, authenticated: bool) -> tuple[str, str]:
        """The query URL and the update URL for a store location.

        >>> ENGINES["oxigraph"].endpoints("http://h:7878", authenticated=False)
        ('http://h:7878/query', 'http://h:7878/update')
        >>> ENGINES["virtuoso"].endpoints("http://h:8890/sparql", authenticated=True)
        ('http://h:8890/sparql', 'http://h:8890/sparql-auth')
        >>> ENGINES["standard"].endpoints("http://h:3030/ds/sparql", authenticated=False)
        ('http://h:3030/ds/sparql', 'http://h:3030/ds/update')
        """
        parsed = urllib.parse.urlsplit(location)
        path = parsed.path.rstrip("/")
        if self.name == "virtuoso":
            base = path[: -len("/sparql-auth")] if path.endswith("/sparql-auth") else path
            base = base[: -len("/sparql")] if base.endswith("/sparql") else base
            query = urllib.parse.urlunsplit(parsed._replace(path=base + "/sparql"))
            update = urllib.parse.urlunsplit(
                parsed._replace(path=base + ("/sparql-auth" if authenticated else "/sparql"))
            )
            return query, update
        if not path:
            return location.rstrip("/") + "/query", location.rstrip("/") + "/update"
        if path.endswith(("/query", "/sparql")):
            return location, urllib.parse.urlunsplit(parsed._replace(path=path.rsplit("/", 1)[0] + "/update"))
        return location, location

    def graph_url(self, location: str, graph: str) -> str | None:
        """Where the server gives one named graph whole (the SPARQL Graph Store Protocol), or None.

        >>> ENGINES["virtuoso"].graph_url("http://h:8890/sparql", "http://g")
        'http://h:8890/sparql-graph-crud?graph-uri=http%3A%2F%2Fg'
        >>> ENGINES["oxigraph"].graph_url("http://h:7878", "http://g")
        'http://h:7878/store?graph=http%3A%2F%2Fg'
        """
        query, _ = self.endpoints(location, authenticated=False)
        base = query.rsplit("/", 1)[0]
        if self.name == "virtuoso":
            return base + "/sparql-graph-crud?" + urllib.parse.urlencode({"graph-uri": graph})
        if self.name == "oxigraph":
            return base + "/store?" + urllib.parse.urlencode({"graph": graph})
        return None

    def requests(self, update: str) -> list[str]:
        """The requests that carry one SPARQL Update request's operations to this server, in order.

        One request (one transaction) everywhere but on Virtuoso 7.2, which gets one per operation:
        it gives a request of several operations no all-or-nothing (the operations before one that
        fails stay applied), and replaying the roll-up test's random writes (seed 3 and 8, 40 steps)
        as one request per document failed in 2 of 3 runs (SR477 "Error serializing the value into
        an ANY column", or the server died), the same requests an operation at a time in 0 of 3, with
        no operation or value to blame: removing any of several operations from the failing request,
        or replaying it on a fresh server, made it pass.

        >>> ENGINES["oxigraph"].requests("DROP GRAPH <http://a> ; DROP GRAPH <http://b>")
        ['DROP GRAPH <http://a> ; DROP GRAPH <http://b>']
        >>> ENGINES["virtuoso"].requests("DROP GRAPH <http://a> ; DROP GRAPH <http://b>")
        ['DROP GRAPH <http://a>', 'DROP GRAPH <http://b>']
        """
        return update_operations(update) if self.name == "virtuoso" else [update]

    def is_transient(self, status: int, body: str) -> bool:
        """Whether a failed request (HTTP ``status``, response ``body``) may succeed if sent again."""
        if status in TRANSIENT_STATUS:
            return True
        return self.name == "virtuoso" and status == 500 and "40001" in body  # deadlock: retry

    def refused(self, status: int, body: str) -> bool:
        """Whether a failed request was refused for want of permission (the credentials are missing or too weak)."""
        return status in (401, 403) or (self.name == "virtuoso" and "SR186" in body)  # SECURITY: no permission

    def check_complete(self, headers: Mapping[str, str], location: str) -> None:
        """Refuse an answer the server cut short (Virtuoso: ``ResultSetMaxRows`` or an anytime timeout)."""
        if self.name != "virtuoso":
            return
        state = headers.get("X-SQL-State", "")
        if state:
            raise StoreError(
                f"{location}: Virtuoso returned a partial answer ({state}: {headers.get('X-SQL-Message', '')}); "
                "raise MaxQueryExecutionTime / ResultSetMaxRows in virtuoso.ini [SPARQL]"
            )

    def normalise(self, result: Result) -> Result:
        """The answer as the standard describes it (the embedded store's terms, an ASK as an ASK)."""
        if self.name != "virtuoso" or result.type != "SELECT":
            return result
        if [str(v) for v in result.vars or ()] == ["__ASK_RETVAL"]:
            out = Result("ASK")
            out.askAnswer = bool(result.bindings) and _truthy(next(iter(result.bindings[0].values()), None))
            return out
        for row in result.bindings:
            for name, term in row.items():
                row[name] = canonical(term)  # type: ignore[index]  # rdflib types the rows read-only
        return result


def _truthy(term: Node | None) -> bool:
    return term is not None and str(term) not in ("0", "false")


def canonical(term: Node) -> Node:
    """Virtuoso's lexical forms as the writer wrote them: booleans ``true`` / ``false``, doubles as Python prints them.

    >>> canonical(Literal("1", datatype=XSD.boolean)), canonical(Literal("0.12345678899999999734", datatype=XSD.double))
    (rdflib.term.Literal('true', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#boolean')), rdflib.term.Literal('0.123456789', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#double')))
    """
    if not isinstance(term, Literal) or term.datatype is None:
        return term
    text = str(term)
    if term.datatype == XSD.boolean and text in ("0", "1"):
        return Literal("true" if text == "1" else "false", datatype=XSD.boolean)
    if term.datatype == XSD.double:
        try:
            return Literal(repr(float(text)), datatype=XSD.double)
        except ValueError:
            return term
    return term


#: The engines kg knows, by name.
ENGINES: dict[str, Engine] = {
    "oxigraph": Engine("oxigraph"),
    "virtuoso": Engine("virtuoso", page_rows=10_000),  # its default ResultSetMaxRows
    "standard": Engine("standard"),
}


def engine_for(server_header: str, location: str) -> Engine:
    """The engine a store is: ``$KG_STORE_ENGINE`` if set, else read from the HTTP ``Server`` header.

    >>> engine_for("Virtuoso/07.20.3229 (Linux)", "http://h/sparql").name
    'virtuoso'
    >>> engine_for("", "http://h:7878").name
    'standard'
    """
    chosen = os.environ.get(ENGINE_VARIABLE, "").strip().lower()
    if chosen:
        if chosen not in ENGINES:
            raise StoreError(f"{ENGINE_VARIABLE}={chosen!r}: unknown engine (known: {', '.join(ENGINES)})")
        return ENGINES[chosen]
    header = server_header.lower()
    for name in ("virtuoso", "oxigraph"):
        if name in header:
            return ENGINES[name]
    return ENGINES["standard"]
