"""Run a named query, a ``.rq`` file or SPARQL text: parameters resolved, typed and bound as values.

Parameters are bound by the store (``Store.query(..., bindings)``, ``VALUES``
blocks of escaped terms), never pasted into the query text, so a value such
as ``"} ; DROP ALL ; {`` can only fail to match.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import QueryError
from kg.names import closest
from kg.queries.catalogue import NamedQuery, Param, get_query, parse_query_file
from kg.queries.format import without_columns
from kg.rdf.iris import mint
from kg.rdf.namespace import KG, PREFIXES, local_name
from kg.rdf.ontology import relation_properties
from kg.store.tallies import ROLLUP_GRAPH, ROLLUP_TALLIES_GRAPH, TALLIES_GRAPH
from kg.store.terms import nt_term

_NAME = re.compile(r"[a-z][a-z0-9-]*")
T = TypeVar("T")


class TimeLimitExceeded(QueryError):
    """A query ran past its time limit (``kg query --timeout``)."""


def within_time_limit(work: Callable[[], T], seconds: float | None) -> T:
    """``work()``'s value, or :class:`TimeLimitExceeded` once it has run ``seconds`` (None or 0: no limit).

    The work runs in a daemon thread and this thread waits in short steps, so
    Ctrl-C (``KeyboardInterrupt``) is raised here at once whatever the query
    is doing. pyoxigraph cannot cancel a query, so the work itself goes on
    until the process ends: a command line that gives up on it must exit
    (``kg query`` does, with ``os._exit``, so no clean-up waits for it).

    >>> within_time_limit(lambda: 42, 5)
    42
    >>> import time
    >>> within_time_limit(lambda: time.sleep(5), 0.2)
    Traceback (most recent call last):
    ...
    kg.queries.run.TimeLimitExceeded: query stopped after 0.2 s (the time limit; --timeout SECONDS, 0 for none)
    """
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as err:  # noqa: BLE001 - handed to the waiting thread
            box["error"] = err

    thread = threading.Thread(target=run, name="kg-query", daemon=True)
    thread.start()
    deadline = time.monotonic() + seconds if seconds else None
    while thread.is_alive() and (deadline is None or time.monotonic() < deadline):
        thread.join(0.05 if deadline is None else max(0.0, min(0.05, deadline - time.monotonic())))
        # short waits: a signal handler (Ctrl-C) runs between them
    if thread.is_alive():
        raise TimeLimitExceeded(f"query stopped after {seconds:g} s (the time limit; --timeout SECONDS, 0 for none)")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


_EXACT_LABEL = """
SELECT ?text ?actor WHERE {
  { ?actor <http://www.w3.org/2000/01/rdf-schema#label> ?text }
  UNION { ?actor <http://www.w3.org/2004/02/skos/core#altLabel> ?text }
} ORDER BY ?actor LIMIT 1
"""

_ANY_CASE_LABEL = """
SELECT ?text ?actor ?rank WHERE {
  { SELECT DISTINCT ?actor ?l ?rank WHERE {
      { ?actor <http://www.w3.org/2000/01/rdf-schema#label> ?l BIND (0 AS ?rank) }
      UNION { ?actor <http://www.w3.org/2004/02/skos/core#altLabel> ?l BIND (1 AS ?rank) } } }
  FILTER (LCASE(STR(?l)) = LCASE(?text))
}
ORDER BY ?rank ?actor
LIMIT 1
"""


def resolve_actor(store, value: str) -> tuple[URIRef, bool]:
    """The IRI of the actor an id or label names, and whether the store has it.

    An id (``iran``) is tried first, then an exact label or alias, then a
    case-insensitive one. The text is always bound as a literal. When nothing
    matches, the IRI minted from the text is returned (it matches nothing),
    so a query simply has no rows.
    """
    iri = mint("actor", value)
    known = bool(list(store.query("SELECT ?a WHERE { ?a a ?actor } LIMIT 1", {"a": iri, "actor": KG.Actor})))
    if known and re.fullmatch(r"[a-z0-9-]+", value):
        return iri, True
    for lookup in (_EXACT_LABEL, _ANY_CASE_LABEL):
        rows = list(store.query(lookup, {"text": Literal(value)}))
        if rows:
            return URIRef(rows[0][1]), True
    return iri, known


_COUNTS_AS = "SELECT ?actor ?root WHERE { GRAPH ?view { ?actor ?countsAs ?root } }"


def counts_as(store, actor: URIRef) -> URIRef:
    """The actor ``actor`` counts as when parts fold into their state (itself if the store says nothing)."""
    rows = list(store.query(_COUNTS_AS, {"actor": actor, "view": ROLLUP_GRAPH, "countsAs": KG.countsAs}))
    return URIRef(rows[0][1]) if rows else actor


_ACTOR_LABELS = """
SELECT DISTINCT ?label WHERE { ?a a ?actor ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }
"""


class UnknownActor(QueryError):
    """An actor parameter names no actor of the store (the message gives the closest names)."""

    def __init__(self, message: str, iri: URIRef) -> None:
        super().__init__(message)
        self.iri = iri


def _closest_actors(store, value: str) -> str:
    """The hint for an unknown actor: the closest labels in the store (as ``kg draw --focus`` gives them)."""
    labels = [str(row[0]) for row in store.query(_ACTOR_LABELS, {"actor": KG.Actor})]
    close = closest(value, labels)
    if close:
        return f"closest: {', '.join(close)}"
    return f"the store has {len(labels)} actors, none close" if labels else "the store has no actors (run kg build)"


def _bound(param: Param, value: str, store, notes: list[str], strict: bool, keep_parts: bool) -> Node:
    """``_convert``, with an unknown actor as a note (matching nothing) unless ``strict``."""
    try:
        return _convert(param, value, store, notes, keep_parts)
    except UnknownActor as err:
        if strict:
            raise
        notes.append(str(err))
        return err.iri


def _convert(param: Param, value: str, store, notes: list[str], keep_parts: bool) -> Node:
    if param.type == "actor":
        iri, found = resolve_actor(store, value)
        if not found:
            raise UnknownActor(
                f"unknown actor {value!r} for --param {param.name}; {_closest_actors(store, value)}", iri
            )
        if not keep_parts:
            root = counts_as(store, iri)
            if root != iri:
                notes.append(
                    f"{value!r} counts as {local_name(str(root))!r}, the actor it is part of "
                    "(--keep-parts keeps parts apart)"
                )
                return root
        return iri
    if param.type == "relation":
        if value not in relation_properties() and value != "relation":
            known = ", ".join(sorted({*relation_properties(), "relation"}))
            raise QueryError(f"parameter {param.name}: unknown relation {value!r} (known: {known})")
        return KG[value]
    if param.type == "integer":
        try:
            return Literal(int(value), datatype=XSD.integer)
        except ValueError:
            raise QueryError(f"parameter {param.name}: {value!r} is not an integer") from None
    if param.type == "number":
        try:
            return Literal(float(value), datatype=XSD.double)
        except ValueError:
            raise QueryError(f"parameter {param.name}: {value!r} is not a number") from None
    return Literal(value)


def bind_params(
    store, query: NamedQuery, params: dict[str, str], *, keep_parts: bool = False, strict: bool = False
) -> tuple[dict[str, Node | tuple[Node, ...]], list[str]]:
    """Turn ``--param`` strings into rdflib terms for ``query``'s declared parameters, and bind its tally graph.

    Returns the bindings and notes for the user (e.g. an actor that matched
    nothing). Unknown or missing parameters raise ``QueryError``.
    """
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        names = ", ".join(declared) or "none"
        raise QueryError(f"query {query.name!r} has no parameter {unknown[0]!r} (parameters: {names})")
    bindings: dict[str, Node | tuple[Node, ...]] = {}
    notes: list[str] = []
    for p in query.params:
        if p.name in params:
            bindings[p.name] = _bound(p, params[p.name], store, notes, strict, keep_parts)
        elif p.default is not None:
            bindings[p.name] = _bound(p, p.default, store, notes, strict, keep_parts)
        elif not p.optional:
            raise QueryError(f"query {query.name!r} needs --param {p.name}=… ({p.help or p.type})")
    if query.tallies:
        bindings[query.tallies] = TALLIES_GRAPH if keep_parts else ROLLUP_TALLIES_GRAPH
    return bindings, notes


def _adhoc_term(value: str) -> Node:
    if value.startswith("<") and value.endswith(">"):
        iri = URIRef(value[1:-1])
        try:
            nt_term(iri)
        except ValueError as err:
            raise QueryError(str(err)) from None
        return iri
    return Literal(value)


def parse_params(items: list[str]) -> dict[str, str]:
    """``["actor=Iran", ...]`` -> ``{"actor": "Iran"}``; ``QueryError`` on an item without ``=``.

    >>> parse_params(["actor=Iran", "x=a=b"])
    {'actor': 'Iran', 'x': 'a=b'}
    """
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name.strip()):
            raise QueryError(f"--param {item!r}: expected NAME=VALUE")
        out[name.strip()] = value
    return out


def _check_tallies(store) -> None:
    """Named queries read pair tallies: refuse, clearly, a store with assertions but no current tallies."""
    lacks = getattr(store, "lacks_tallies", None)  # an rdflib Graph has no tallies to check
    if lacks is not None and lacks():
        raise QueryError(
            f"store {getattr(store, 'location', '')}: built by an older kg, without pair tallies or with "
            "tallies of an older layout; open it once for writing (e.g. `kg build` of any file) to rebuild them"
        )


def _run_named(
    store, nq: NamedQuery, params: dict[str, str], keep_parts: bool, strict: bool
) -> tuple[Result, list[str]]:
    """``nq`` bound with ``params`` and run; its result without the columns of the parameters the user
    did not give (defaults, optional ones)."""
    bindings, notes = bind_params(store, nq, params, keep_parts=keep_parts, strict=strict)
    result = store.query(nq.text, bindings, initNs=PREFIXES)
    return without_columns(result, {p.name for p in nq.params if p.name not in params}), notes


def run_query(
    store, query: str, params: dict[str, str] | None = None, *, keep_parts: bool = False, strict: bool = False
) -> tuple[Result, list[str]]:
    """Run a named query, a ``.rq`` file or SPARQL text against ``store``.

    ``query`` is a named query's name (``allies-of``), a path to a ``.rq``
    file (its header may declare typed parameters), or SPARQL text. For
    SPARQL text, each ``--param NAME=VALUE`` binds ``?NAME`` to the string
    VALUE (or to an IRI when written ``<http://…>``); the prefixes of
    :data:`kg.rdf.namespace.PREFIXES` (``kg:``, ``actor:``, ``rdfs:`` …) are predefined.

    ``keep_parts`` reads the tallies that keep governments, militaries and
    officials apart from their state (a ``# tallies:`` line; the default
    folds them in, as ``kg analyze`` does).

    Returns the result and notes for the user. An actor parameter that names no actor
    is a note (the query then matches nothing), or with ``strict`` an ``UnknownActor``
    error giving the closest names.
    """
    params = params or {}
    path = Path(query)
    if query.endswith(".rq") or ("\n" not in query and len(query) < 4096 and path.is_file()):
        if not path.is_file():
            raise QueryError(f"query file {query}: not found")
        return _run_named(store, parse_query_file(path), params, keep_parts, strict)
    if _NAME.fullmatch(query):
        nq = get_query(query)
        _check_tallies(store)
        return _run_named(store, nq, params, keep_parts, strict)
    # SPARQL typed at a prompt may use kg:, rdfs:, actor: … without declaring them.
    return store.query(query, {k: _adhoc_term(v) for k, v in params.items()}, initNs=PREFIXES), []
