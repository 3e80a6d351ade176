"""SPARQL text: the store's ``.rq`` / ``.ru`` files, their prefixes, and parameters bound as ``VALUES``.

The store's own queries and updates live in ``kg/store/sparql/`` (read with
``importlib.resources``); their ``kg:`` / ``rdfs:`` … prefixes come from
:data:`kg.rdf.namespace.PREFIXES`. An update file may have ``${slot}`` places
(``string.Template``) filled only with :func:`~kg.store.terms.nt_term`-escaped
terms or with SPARQL the code generates (a ``VALUES`` block, the band
expression): never with user text.

Why a small tokenizer and not rdflib's SPARQL parser to bind parameters:
:func:`inline_values` inserts ``VALUES`` blocks into the query *text* and
leaves every other character as written, because the named queries are shaped
for how Oxigraph evaluates them (DESIGN.md, "Pair tallies"); parsing to an
algebra and serialising it back would rewrite those shapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from itertools import product
from string import Template
from typing import Any

from rdflib.term import Node

from kg.errors import QueryError
from kg.rdf.namespace import sparql_prefixes
from kg.store.terms import nt_term

Bindings = Mapping[str, Node | tuple[Node, ...]]


@cache
def _file_text(name: str) -> str:
    text = resources.files("kg.store").joinpath("sparql", name).read_text(encoding="utf-8")
    lines = text.splitlines()
    while lines and (not lines[0].strip() or lines[0].lstrip().startswith("#")):
        lines.pop(0)  # the header comment says what the file is for; it is not sent
    return "\n".join(lines)


def sparql(name: str, **slots: str) -> str:
    """The text of ``kg/store/sparql/NAME`` without its header comment, slots filled.

    A query file (``.rq``) gets its ``PREFIX`` lines; an update file (``.ru``)
    does not, because an update request carries one prologue for all its
    operations (:meth:`kg.store.base.Store.update_request`).

    >>> print(sparql("has-assertions.rq"))  # doctest: +ELLIPSIS
    PREFIX kg: <...>
    ...
    ASK { ?a a kg:Assertion }
    """
    text = Template(_file_text(name)).substitute(slots) if slots else _file_text(name)
    return sparql_prefixes() + text if name.endswith(".rq") else text


#: Triples per ``INSERT DATA`` / ``DELETE DATA`` operation. One request may hold many operations (it is
#: still one transaction), but some servers parse each operation in bounded memory: Virtuoso 7 fails on
#: one of ~5,000 triples ("SPARQL compiler ... memory exhausted") and takes 100,000 in operations of 1,000.
DATA_CHUNK = 1000


def data_operations(verb: str, quads: Iterable[tuple[Node, Node, Node, Node]]) -> list[str]:
    """``INSERT DATA`` (or ``DELETE DATA``) operations for ``(subject, predicate, object, graph)`` quads,
    at most :data:`DATA_CHUNK` quads each, every term written by :func:`~kg.store.terms.nt_term`.

    >>> from rdflib import URIRef
    >>> data_operations("INSERT", [(URIRef("http://s"), URIRef("http://p"), URIRef("http://o"), URIRef("http://g"))])
    ['INSERT DATA { GRAPH <http://g> { <http://s> <http://p> <http://o> . } }']
    """
    if verb not in ("INSERT", "DELETE"):
        raise ValueError(f"not a data operation: {verb!r}")
    rows = list(quads)
    out = []
    for start in range(0, len(rows), DATA_CHUNK):
        by_graph: dict[Node, list[str]] = {}
        for s, p, o, g in rows[start : start + DATA_CHUNK]:
            by_graph.setdefault(g, []).append(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .")
        body = " ".join(f"GRAPH {nt_term(g)} {{ {' '.join(lines)} }}" for g, lines in by_graph.items())
        out.append(f"{verb} DATA {{ {body} }}")
    return out


def update_prologue() -> str:
    """The ``PREFIX`` lines that start every update request the store sends."""
    return sparql_prefixes()


_OPERATION_WORDS = frozenset({"INSERT", "DELETE", "DROP", "CLEAR", "LOAD", "CREATE", "ADD", "MOVE", "COPY", "WITH"})


def update_operations(update: str) -> list[str]:
    """The operations of a SPARQL Update request, each with the request's prologue (its ``PREFIX`` / ``BASE``
    lines), so each can be sent as a request of its own. Operations are split at the ``;`` between them
    (outside braces, strings, IRIs and comments).

    >>> update_operations("PREFIX a: <http://a#> DROP SILENT GRAPH <http://g> ; INSERT DATA { a:s a:p 'x;y' . }")
    ['PREFIX a: <http://a#> DROP SILENT GRAPH <http://g>', "PREFIX a: <http://a#> INSERT DATA { a:s a:p 'x;y' . }"]
    """
    depth, start, prologue_end = 0, None, None
    cuts: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(update):
        token = m.group()
        if m.lastgroup == "open":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0 and prologue_end is None and m.lastgroup == "word" and token.upper() in _OPERATION_WORDS:
            if update[m.end() : m.end() + 1] != ":":  # a prefixed name such as insert:x is not a keyword
                prologue_end = start = m.start()
        elif depth == 0 and token == ";" and start is not None:
            cuts.append((start, m.start()))
            start = m.end()
    if prologue_end is None or start is None:
        return [update]
    cuts.append((start, len(update)))
    prologue = update[:prologue_end]
    return [prologue + update[a:b].strip() for a, b in cuts if update[a:b].strip()]


def as_bindings(bindings: Mapping[Any, Node | tuple[Node, ...]] | None) -> dict[str, Node | tuple[Node, ...]]:
    """Variable name (with or without ``?``) -> term or tuple of terms; ``TypeError`` for anything else."""
    out: dict[str, Node | tuple[Node, ...]] = {}
    for name, value in (bindings or {}).items():
        values = value if isinstance(value, (tuple, list)) else (value,)
        if not values or not all(isinstance(v, Node) for v in values):
            kind = type(values[0] if values else value).__name__
            raise TypeError(f"binding for ?{name} must be an rdflib term or a tuple of them, not {kind}")
        out[str(name).lstrip("?$")] = tuple(values) if isinstance(value, (tuple, list)) else value
    return out


_TOKEN = re.compile(
    r"""(?P<skip>\#[^\n]*|"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}"""
    r"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\x00-\x20]*>)"""
    r"""|(?P<var>[?$][A-Za-z_0-9\u00b7\u00c0-\uffff]+)|(?P<word>[A-Za-z_][A-Za-z_0-9]*)|(?P<open>\{)"""
    r"""|(?P<paren>[()])|(?P<star>\*)|.""",
    re.S,
)


def _as_tuple(value: Node | tuple[Node, ...]) -> tuple[Node, ...]:
    return value if isinstance(value, tuple) else (value,)


def inline_values(sparql: str, bindings: Bindings) -> str:  # noqa: C901  (one pass of one tokenizer)
    """Bind variables with ``VALUES`` blocks of escaped terms, placed where the engine can use them.

    A block goes at the top of the WHERE group of every (sub)query that
    projects a bound variable (all of them for ``SELECT *``, ASK, CONSTRUCT),
    so the value constrains the evaluation from the start -- the meaning of
    SEP-0007 substitution. A bound variable no SELECT projects is joined at
    the top of the outermost WHERE group. Values are written with
    :func:`nt_term`: each is one complete term, so no value can change the
    query's structure.

    A tuple of terms binds the variable to each of them (one ``VALUES`` row
    per combination).

    Why not Oxigraph's ``substitutions``: pyoxigraph 0.5 applies them after
    evaluating the query, not during it (measured 20x slower on a 23k-quad
    store; ``bench/store.py``), and a remote endpoint has no such API anyway.

    >>> from rdflib import URIRef
    >>> inline_values('SELECT ?x WHERE { ?x ?p "{" }', {"x": URIRef("http://a")})
    'SELECT ?x WHERE { VALUES (?x) { (<http://a>) } ?x ?p "{" }'
    >>> inline_values('SELECT ?x WHERE { ?x ?p ?o }', {"x": (URIRef("http://a"), URIRef("http://b"))})
    'SELECT ?x WHERE { VALUES (?x) { (<http://a>) (<http://b>) } ?x ?p ?o }'
    """
    if not bindings:
        return sparql
    inserts: list[tuple[int, list[str]]] = []
    top: int | None = None
    form: str | None = None
    select: set[str] | None = None  # variables of the SELECT clause being read
    star = False
    parens = 0
    after_where = False
    used: set[str] = set()
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup
        if kind == "word":
            word = m.group().upper()
            if word == "SELECT":
                select, star, parens = set(), False, 0
                form = form or "SELECT"
            elif word in ("ASK", "CONSTRUCT", "DESCRIBE") and form is None:
                form = word
            elif word == "WHERE":
                after_where = True
        elif select is not None and kind == "var":
            select.add(m.group()[1:])
        elif select is not None and kind == "paren":
            parens += 1 if m.group() == "(" else -1
        elif select is not None and kind == "star" and parens == 0:
            star = True
        elif kind == "open":
            if select is not None:
                names = sorted(bindings) if star else sorted(select & set(bindings))
                inserts.append((m.end(), names))
                used.update(names)
                top = m.end() if top is None else top
                select = None
            elif top is None and (after_where or form in ("ASK", "DESCRIBE")):
                inserts.append((m.end(), sorted(bindings)))
                used.update(bindings)
                top = m.end()
            after_where = False
    if top is None:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    rest = sorted(set(bindings) - used)
    out = sparql
    for pos, names in sorted(inserts, reverse=True):
        if pos == top:
            names = sorted(set(names) | set(rest))
        if names:
            choices: list[tuple[Node, ...]] = [_as_tuple(bindings[n]) for n in names]
            rows = " ".join("(" + " ".join(nt_term(term) for term in row) + ")" for row in product(*choices))
            block = " VALUES (" + " ".join(f"?{n}" for n in names) + ") { " + rows + " }"
            out = out[:pos] + block + out[pos:]
    return out
