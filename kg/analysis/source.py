"""Reading the analysis' input: a store (or anything with ``.query(sparql)``), failures named for the user."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kg.errors import QueryError, StoreError


def read_rows(source: Any, sparql: str) -> Iterable:
    """The rows of ``sparql`` over ``source``; a store or parser failure becomes one StoreError line."""
    if not hasattr(source, "query"):
        raise StoreError(f"cannot read assertions from {type(source).__name__}: it has no .query(sparql) method")
    try:
        return source.query(sparql)
    except QueryError:
        raise
    except Exception as err:  # a store / parser failure, named for the user
        raise StoreError(f"reading assertions from the store failed: {err}") from err
