"""The named queries shipped in ``kg/queries/*.rq``: their header lines, parameters and text.

Each ``.rq`` file starts with comment lines: the first is its description,
then one line per parameter::

    # param: NAME TYPE [optional | = DEFAULT] — what it means

TYPE is ``actor`` (an actor id such as ``iran`` or a label such as
``Iran``; resolved to the actor's IRI by a lookup query that binds the text
as a literal), ``relation`` (a relation property's local name, checked
against kg.ttl), ``string``, ``integer`` or ``number``. A parameter variable
must appear in the query's SELECT clause.

A query may also bind the pair tally of two actor parameters
(:func:`kg.rdf.iris.pair_iri`), computed from the resolved actors::

    # pair: NAME = SUBJECT OBJECT POLARITY

e.g. ``# pair: abConflict = a b conflict`` binds ``?abConflict`` to the tally
of ``?a``'s conflict statements about ``?b`` (nothing is bound when either
actor is not given). Several lines with one NAME bind it to each of their
tallies (one ``VALUES`` row each). A tally whose polarity a ``relation``
parameter rules out (``supports`` rules out conflict) is not bound. Why: the
IRI could be computed in SPARQL with ``BIND``, but Oxigraph then joins the
computed IRI against every assertion instead of looking it up (3 s instead
of 20 ms on a million triples); a value bound by ``VALUES`` is looked up.
Like a parameter, ``?NAME`` must be in a SELECT clause.

``# bands: NAME`` binds ``?NAME`` to the ``kg:mentionBand`` values, highest
first (:data:`kg.store.tallies.MENTION_BANDS`: the layout stays in one module).

The files use the prefixes of :data:`kg.rdf.namespace.PREFIXES` (``kg:``,
``rdfs:``, ``prov:`` …) without declaring them: :attr:`NamedQuery.text` is the
file with their ``PREFIX`` lines in front.

Examples
--------
>>> sorted(named_queries())[:3]
['actors', 'allies-of', 'conflicts-between']
>>> named_queries()["allies-of"].params[0].name
'actor'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from kg.errors import QueryError
from kg.rdf.namespace import sparql_prefixes

_PARAM = re.compile(
    r"#\s*param:\s*(?P<name>[A-Za-z_]\w*)\s+(?P<type>actor|relation|string|integer|number)"
    r"(?:\s+(?P<optional>optional)|\s*=\s*(?P<default>\S+))?\s*(?:[—–-]+\s*(?P<help>.*))?$"
)
_PAIR = re.compile(
    r"#\s*pair:\s*(?P<name>[A-Za-z_]\w*)\s*=\s*(?P<subject>[A-Za-z_]\w*)\s+(?P<object>[A-Za-z_]\w*)"
    r"\s+(?P<polarity>cooperation|conflict)\s*$"
)
_BANDS = re.compile(r"#\s*bands:\s*(?P<name>[A-Za-z_]\w*)\s*$")


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
    """A query file: its name (file stem), description, parameters and text.

    ``bands`` names the variable a ``# bands:`` line binds to the tally bands.
    """

    name: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path
    pairs: tuple[PairBinding, ...] = ()
    bands: str | None = None


def parse_query_file(path: Path) -> NamedQuery:
    """Read a ``.rq`` file and its header comments."""
    text = path.read_text(encoding="utf-8")
    description = ""
    params: list[Param] = []
    pairs: list[PairBinding] = []
    bands: str | None = None
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
        band = _BANDS.match(stripped)
        if band:
            bands = band["name"]
            continue
        if stripped.startswith("# bands"):
            raise QueryError(f"{path}: malformed bands line: {stripped}")
        m = _PARAM.match(stripped)
        if m:
            params.append(
                Param(
                    m["name"],
                    m["type"],
                    (m["help"] or "").strip(),
                    optional=bool(m["optional"] or m["default"]),
                    default=m["default"],
                )
            )
        elif stripped.startswith("# param"):
            raise QueryError(f"{path}: malformed parameter line: {stripped}")
        elif not description:
            description = stripped.lstrip("#").strip()
    declared = {p.name: p for p in params}
    for binding in pairs:
        for end in (binding.subject, binding.object):
            if end not in declared or declared[end].type != "actor":
                raise QueryError(f"{path}: pair {binding.name}: {end!r} is not an actor parameter")
    # the kg prefixes go first: the file uses them undeclared; its own PREFIX lines, if any, follow and win
    return NamedQuery(path.stem, description, tuple(params), sparql_prefixes() + text, path, tuple(pairs), bands)


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped in ``kg/queries``, by name."""
    files = sorted((f for f in resources.files("kg.queries").iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return {f.name[:-3]: parse_query_file(Path(str(f))) for f in files}


def get_query(name: str) -> NamedQuery:
    """The named query ``name``; ``QueryError`` listing the known names if there is none."""
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"unknown query {name!r} (known: {', '.join(sorted(queries))})")
    return queries[name]
