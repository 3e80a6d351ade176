"""Print a query result: an aligned table, CSV, or SPARQL results JSON (CONSTRUCT as Turtle)."""

from __future__ import annotations

import csv
import io
import json

from rdflib import URIRef
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import QueryError
from kg.rdf.namespace import bind_prefixes, compact


def _cell(term: Node | None) -> str:
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
        return (
            json.dumps({"head": {}, "boolean": bool(result.askAnswer)})
            if fmt == "json"
            else str(bool(result.askAnswer)).lower()
        )
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return bind_prefixes(result.graph).serialize(format="turtle")
    if fmt == "json":
        data = result.serialize(format="json")
        return data.decode("utf-8") if isinstance(data, bytes) else data
    names = [str(v) for v in result.vars or []]
    rows = [
        [_cell(row.get(v) if hasattr(row, "get") else row[v]) for v in (result.vars or [])] for row in result.bindings
    ]
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
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip(), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
