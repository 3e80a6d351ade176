"""Named, parameterised SPARQL queries (``kg/queries/*.rq``) and how to run and print them.

Each ``.rq`` file starts with comment lines: the first is its description,
then one line per parameter::

    # param: NAME TYPE [optional | = DEFAULT] — what it means

TYPE is ``actor`` (an actor id such as ``iran`` or a label such as
``Iran``; resolved to the actor's IRI by a lookup query that binds the text
as a literal), ``relation`` (a relation property's local name, checked
against kg.ttl), ``string``, ``integer`` or ``number``. Parameters are bound
by the store (``Store.query(..., bindings)``), never pasted into the query
text, so a value such as ``"} ; DROP ALL ; {`` can only fail to match. A
parameter variable must appear in the query's SELECT clause.

A query may also bind the pair tally of two actor parameters
(:func:`kg.rdf.pair_iri`), computed here from the resolved actors::

    # pair: NAME = SUBJECT OBJECT POLARITY

e.g. ``# pair: abConflict = a b conflict`` binds ``?abConflict`` to the tally
of ``?a``'s conflict statements about ``?b`` (nothing is bound when either
actor is not given). Several lines with one NAME bind it to each of their
tallies (one ``VALUES`` row each). A tally whose polarity a ``relation``
parameter rules out (``supports`` rules out conflict) is not bound. Why: the IRI could be computed in SPARQL with ``BIND``,
but Oxigraph then joins the computed IRI against every assertion instead of
looking it up (3 s instead of 20 ms on a million triples); a value bound by
``VALUES`` is looked up. Like a parameter, ``?NAME`` must be in a SELECT clause.

Examples
--------
>>> sorted(named_queries())[:3]
['actors', 'allies-of', 'conflicts-between']
>>> named_queries()["allies-of"].params[0].name
'actor'
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import QueryError
from kg.iris import mint
from kg.ontology import KG, relation_properties

QUERY_DIR = Path(__file__).resolve().parent

_PARAM = re.compile(
    r"#\s*param:\s*(?P<name>[A-Za-z_]\w*)\s+(?P<type>actor|relation|string|integer|number)"
    r"(?:\s+(?P<optional>optional)|\s*=\s*(?P<default>\S+))?\s*(?:[—–-]+\s*(?P<help>.*))?$"
)
_PAIR = re.compile(
    r"#\s*pair:\s*(?P<name>[A-Za-z_]\w*)\s*=\s*(?P<subject>[A-Za-z_]\w*)\s+(?P<object>[A-Za-z_]\w*)"
    r"\s+(?P<polarity>cooperation|conflict)\s*$"
)
_NAME = re.compile(r"[a-z][a-z0-9-]*")


@dataclass(frozen=True)
class Param:
    """One declared parameter of a named query."""

    name: str
    type: str
    help: str = ""
    optional: bool = False
    default: str | None = None


@dataclass(frozen=True)
class PairBinding:
    """A ``# pair:`` line: ``?name`` is bound to the tally of ``subject``'s ``polarity`` statements about ``object``."""

    name: str
    subject: str
    object: str
    polarity: str


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its name (file stem), description, parameters and text."""

    name: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path
    pairs: tuple[PairBinding, ...] = ()


def parse_query_file(path: Path) -> NamedQuery:
    """Read a ``.rq`` file and its header comments."""
    text = path.read_text(encoding="utf-8")
    description = ""
    params: list[Param] = []
    pairs: list[PairBinding] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        pair = _PAIR.match(stripped)
        if pair:
            pairs.append(PairBinding(pair["name"], pair["subject"], pair["object"], pair["polarity"]))
            continue
        if stripped.startswith("# pair"):
            raise QueryError(f"{path}: malformed pair line: {stripped}")
        m = _PARAM.match(stripped)
        if m:
            params.append(Param(m["name"], m["type"], (m["help"] or "").strip(),
                                optional=bool(m["optional"] or m["default"]), default=m["default"]))
        elif stripped.startswith("# param"):
            raise QueryError(f"{path}: malformed parameter line: {stripped}")
        elif not description:
            description = stripped.lstrip("#").strip()
    declared = {p.name: p for p in params}
    for pair in pairs:
        for end in (pair.subject, pair.object):
            if end not in declared or declared[end].type != "actor":
                raise QueryError(f"{path}: pair {pair.name}: {end!r} is not an actor parameter")
    return NamedQuery(path.stem, description, tuple(params), text, path, tuple(pairs))


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped in ``kg/queries``, by name."""
    return {p.stem: parse_query_file(p) for p in sorted(QUERY_DIR.glob("*.rq"))}


def get_query(name: str) -> NamedQuery:
    """The named query ``name``; ``QueryError`` listing the known names if there is none."""
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"unknown query {name!r} (known: {', '.join(sorted(queries))})")
    return queries[name]


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
    known = bool(list(store.query(
        "SELECT ?a WHERE { ?a a <https://w3id.org/kg-news/ns#Actor> } LIMIT 1", {"a": iri})))
    if known and re.fullmatch(r"[a-z0-9-]+", value):
        return iri, True
    for lookup in (_EXACT_LABEL, _ANY_CASE_LABEL):
        rows = list(store.query(lookup, {"text": Literal(value)}))
        if rows:
            return URIRef(rows[0][1]), True
    return iri, known


def _convert(param: Param, value: str, store, notes: list[str]) -> Node:
    if param.type == "actor":
        iri, found = resolve_actor(store, value)
        if not found:
            notes.append(f"no actor matches {value!r}")
        return iri
    if param.type == "relation":
        if value not in relation_properties() and value not in ("relation", "cooperatesWith", "conflictsWith"):
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


def bind_params(store, query: NamedQuery, params: dict[str, str]) -> tuple[dict[str, Node | tuple[Node, ...]], list[str]]:
    """Turn ``--param`` strings into rdflib terms for ``query``'s declared parameters.

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
            bindings[p.name] = _convert(p, params[p.name], store, notes)
        elif p.default is not None:
            bindings[p.name] = _convert(p, p.default, store, notes)
        elif not p.optional:
            raise QueryError(f"query {query.name!r} needs --param {p.name}=… ({p.help or p.type})")
    tallies: dict[str, list[Node]] = {}
    admitted = _polarities_admitted(query, bindings)
    for pair in query.pairs:
        if pair.subject in bindings and pair.object in bindings and pair.polarity in admitted:
            tallies.setdefault(pair.name, []).append(
                _pair_tally(bindings[pair.subject], bindings[pair.object], pair.polarity))
    for name, iris in tallies.items():
        bindings[name] = iris[0] if len(iris) == 1 else tuple(iris)
    return bindings, notes


def _polarities_admitted(query: NamedQuery, bindings: dict) -> set[str]:
    """The polarities the query's ``relation`` parameters admit (a tally of another polarity cannot match).

    >>> q = get_query("evidence-for")
    >>> sorted(_polarities_admitted(q, {"predicate": KG.supports})), sorted(_polarities_admitted(q, {}))
    (['cooperation'], ['conflict', 'cooperation'])
    """
    admitted = {"cooperation", "conflict"}
    roots = {"cooperatesWith": "cooperation", "conflictsWith": "conflict"}
    for p in query.params:
        value = bindings.get(p.name)
        if p.type == "relation" and isinstance(value, URIRef):
            name = str(value).rsplit("#", 1)[-1]
            polarity = relation_properties().get(name) or roots.get(name)
            if polarity:
                admitted &= {polarity}
    return admitted


def _pair_tally(subject: Node, obj: Node, polarity: str) -> URIRef:
    """The pair tally IRI of two actor IRIs (their ids are the IRIs' last segment)."""
    from kg.rdf import pair_iri

    return pair_iri(str(subject).rsplit("/", 1)[-1], str(obj).rsplit("/", 1)[-1], polarity)


def _adhoc_term(value: str) -> Node:
    if value.startswith("<") and value.endswith(">"):
        from kg.store import nt_term

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
    check = getattr(store, "has_current_tallies", None)
    if check is None or check():
        return
    has_assertions = store.query(f"ASK {{ ?a a <{KG.Assertion}> }}").askAnswer
    if has_assertions:
        raise QueryError(f"store {getattr(store, 'location', '')}: built by an older kg without pair tallies; "
                         "open it once for writing (e.g. `kg build` of any file) to build them")


def run_query(store, query: str, params: dict[str, str] | None = None) -> tuple[Result, list[str]]:
    """Run a named query, a ``.rq`` file or SPARQL text against ``store``.

    ``query`` is a named query's name (``allies-of``), a path to a ``.rq``
    file (its header may declare typed parameters), or SPARQL text. For
    SPARQL text, each ``--param NAME=VALUE`` binds ``?NAME`` to the string
    VALUE (or to an IRI when written ``<http://…>``); the prefixes of
    :data:`kg.rdf.PREFIXES` (``kg:``, ``actor:``, ``rdfs:`` …) are predefined.

    Returns the result and notes for the user.
    """
    params = params or {}
    path = Path(query)
    if query.endswith(".rq") or ("\n" not in query and len(query) < 4096 and path.is_file()):
        if not path.is_file():
            raise QueryError(f"query file {query}: not found")
        nq = parse_query_file(path)
        bindings, notes = bind_params(store, nq, params)
        return store.query(nq.text, bindings), notes
    if _NAME.fullmatch(query):
        nq = get_query(query)
        _check_tallies(store)
        bindings, notes = bind_params(store, nq, params)
        return store.query(nq.text, bindings), notes
    from kg.rdf import PREFIXES

    # SPARQL typed at a prompt may use kg:, rdfs:, actor: … without declaring them.
    return store.query(query, {k: _adhoc_term(v) for k, v in params.items()}, initNs=PREFIXES), []


# --------------------------------------------------------------------------- formatting


def _cell(term: Node | None) -> str:
    from kg.rdf import compact

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact(str(term)) or str(term)
    return str(term)


def format_result(result: Result, fmt: str = "table", *, max_width: int = 60) -> str:
    """Render a query result: ``table`` (aligned text), ``csv`` or ``json`` (SPARQL results JSON).

    CONSTRUCT results are written as Turtle whatever ``fmt`` is; ASK as ``true``/``false``.
    """
    if fmt not in ("table", "csv", "json"):
        raise QueryError(f"unknown output format {fmt!r} (known: table, csv, json)")
    if result.type == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) if fmt == "json" \
            else str(bool(result.askAnswer)).lower()
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        from kg.rdf import bind_prefixes

        return bind_prefixes(result.graph).serialize(format="turtle")
    if fmt == "json":
        data = result.serialize(format="json")
        return data.decode("utf-8") if isinstance(data, bytes) else data
    names = [str(v) for v in result.vars or []]
    rows = [[_cell(row.get(v) if hasattr(row, "get") else row[v]) for v in (result.vars or [])]
            for row in result.bindings]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        for row in result.bindings:
            writer.writerow(["" if row.get(v) is None else str(row.get(v)) for v in result.vars or []])
        return buf.getvalue()

    def clip(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    rows = [[clip(c) for c in row] for row in rows]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
