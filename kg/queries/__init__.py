"""Named, parameterised SPARQL queries (``kg/queries/*.rq``) and how they are bound, run and printed.

- :mod:`kg.queries.catalogue` — the ``.rq`` files and their header lines (``# param:``, ``# tallies:``).
- :mod:`kg.queries.run` — resolve and bind parameters, run a query.
- :mod:`kg.queries.format` — print a result as a table, CSV or JSON.
"""

from kg.queries.catalogue import NamedQuery, Param, get_query, named_queries, parse_query_file
from kg.queries.format import format_result
from kg.queries.run import bind_params, parse_params, resolve_actor, run_query

__all__ = [
    "NamedQuery",
    "Param",
    "bind_params",
    "format_result",
    "get_query",
    "named_queries",
    "parse_params",
    "parse_query_file",
    "resolve_actor",
    "run_query",
]
