"""The named queries shipped in ``kg/queries/*.rq``: their header lines, parameters and text.

Each ``.rq`` file starts with comment lines: the first says what the query
answers and names its parameters, then one line per parameter::

    # param: NAME TYPE [optional | = DEFAULT] — what it means

TYPE is ``actor`` (an actor id such as ``iran`` or a label such as
``Iran``; resolved to the actor's IRI by a lookup query that binds the text
as a literal), ``relation`` (a relation property's local name, checked
against kg.ttl), ``string``, ``integer`` or ``number``. A parameter variable
must appear in the query's SELECT clause (that is how it is bound); a
parameter the user does not give, a default or an optional one, is left out
of the result's columns (:func:`kg.queries.run.run_query`).

A query that reads pair tallies names the variable that holds their graph::

    # tallies: NAME

and ``?NAME`` is bound to the graph of one view of the actors
(:mod:`kg.store.tallies`): with parts (governments, militaries, officials)
folded into their state, the default, or kept apart (``kg query
--keep-parts``). The same text answers for both views. Like a parameter,
``?NAME`` must be in a SELECT clause.

The files use the prefixes of :data:`kg.rdf.namespace.PREFIXES` (``kg:``,
``rdfs:``, ``prov:`` …) without declaring them: :attr:`NamedQuery.text` is the
file with their ``PREFIX`` lines in front.

Examples
--------
>>> sorted(named_queries())[:3]
['actors', 'allies-of', 'conflicts-between']
>>> named_queries()["allies-of"].params[0].name, named_queries()["allies-of"].tallies
('actor', 'tallies')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from kg.errors import QueryError
from kg.names import did_you_mean
from kg.rdf.namespace import sparql_prefixes

_PARAM = re.compile(
    r"#\s*param:\s*(?P<name>[A-Za-z_]\w*)\s+(?P<type>actor|relation|string|integer|number)"
    r"(?:\s+(?P<optional>optional)|\s*=\s*(?P<default>\S+))?\s*(?:[—–-]+\s*(?P<help>.*))?$"
)
_TALLIES = re.compile(r"#\s*tallies:\s*(?P<name>[A-Za-z_]\w*)\s*$")


@dataclass(frozen=True)
class Param:
    """One declared parameter of a named query."""

    name: str
    type: str
    help: str = ""
    optional: bool = False
    default: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its name (file stem), description, parameters and text.

    ``tallies`` names the variable a ``# tallies:`` line binds to a tally graph.
    """

    name: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path
    tallies: str | None = None


def parse_query_file(path: Path) -> NamedQuery:
    """Read a ``.rq`` file and its header comments."""
    text = path.read_text(encoding="utf-8")
    description = ""
    params: list[Param] = []
    tallies: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        view = _TALLIES.match(stripped)
        if view:
            tallies = view["name"]
            continue
        if stripped.startswith("# tallies"):
            raise QueryError(f"{path}: malformed tallies line: {stripped}")
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
    # the kg prefixes go first: the file uses them undeclared; its own PREFIX lines, if any, follow and win
    return NamedQuery(path.stem, description, tuple(params), sparql_prefixes() + text, path, tallies)


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped in ``kg/queries``, by name."""
    files = sorted((f for f in resources.files("kg.queries").iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return {f.name[:-3]: parse_query_file(Path(str(f))) for f in files}


def get_query(name: str) -> NamedQuery:
    """The named query ``name``; ``QueryError`` listing the known names if there is none."""
    queries = named_queries()
    if name not in queries:
        raise QueryError(
            f"unknown query {name!r}; {did_you_mean(name, sorted(queries), 'queries')} (kg queries lists them)"
        )
    return queries[name]
