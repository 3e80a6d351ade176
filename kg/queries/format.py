"""Print a query result: an aligned table, CSV, or SPARQL results JSON (CONSTRUCT as Turtle)."""

from __future__ import annotations

import csv
import io
import json
import textwrap

from rdflib import Graph, URIRef
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import QueryError
from kg.rdf.namespace import bind_prefixes, compact
from kg.wording import counted


def _cell(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact(str(term)) or str(term)
    return str(term)


def result_rows(result: Result) -> tuple[list[str], list[list[str]]]:
    """A SELECT result as column names and rows of text (IRIs compacted: ``actor:iran``), e.g. for a DataFrame:
    ``pandas.DataFrame(rows, columns=names)``."""
    names = [str(v) for v in result.vars or []]
    rows = [
        [_cell(row.get(v) if hasattr(row, "get") else row[v]) for v in (result.vars or [])] for row in result.bindings
    ]
    return names, rows


def format_result(result: Result, fmt: str = "table", *, max_width: int = 60, width: int = 100) -> str:
    """Render a query result: ``table`` (headers, fitted to ``width`` columns), ``csv`` or ``json``.

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
        graph = result.graph if result.graph is not None else Graph()
        return bind_prefixes(graph).serialize(format="turtle")
    if fmt == "json":
        data = result.serialize(format="json")
        return data.decode("utf-8") if isinstance(data, bytes) else str(data)
    names, rows = result_rows(result)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        for row in result.bindings:
            writer.writerow(["" if row.get(v) is None else str(row.get(v)) for v in result.vars or []])
        return buf.getvalue()

    # below ~10 characters a column, cells wrap a word a line: print each row as a record instead
    layout = render_table if len(names) * MIN_COLUMN <= width else render_records
    return layout(names, rows, width=width, max_width=max_width) + f"\n({counted(len(rows), 'row')})"


MIN_COLUMN = 10  # characters a table column needs to stay readable


def render_records(headers: list[str], rows: list[list[str]], *, width: int = 100, max_width: int = 60) -> str:
    """Each row as a block of ``name  value`` lines (values wrapped to ``width``), for results with more
    columns than a table can show at this width.

    >>> print(render_records(["actor", "kind"], [["Iran", "State"]], width=40))
    ── 1 ──
    actor  Iran
    kind   State
    """
    pad = max((len(h) for h in headers), default=0) + 2
    lines: list[str] = []
    for n, row in enumerate(rows, 1):
        lines.append(f"── {n} ──")
        for header, cell in zip(headers, row):
            text = " ".join(cell.split())[: max_width * 4]
            wrapped = textwrap.wrap(text, max(20, width - pad)) or [""]
            lines.append(f"{header:<{pad}}{wrapped[0]}".rstrip())
            lines.extend(" " * pad + more for more in wrapped[1:])
    return "\n".join(lines)


def render_table(headers: list[str], rows: list[list[str]], *, width: int = 100, max_width: int = 60) -> str:
    """Rows under their headers, fitted to ``width`` columns, as text: cells of the other columns are
    cut at ``max_width`` (with …), the last column wraps in the room left.

    >>> print(render_table(["actor", "kind"], [["Iran", "State"]], width=40))
    actor   kind
    ─────────────
    Iran    State
    """
    from rich.box import SIMPLE_HEAD
    from rich.console import Console
    from rich.table import Table

    table = Table(box=SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for i, header in enumerate(headers):
        if i < len(headers) - 1:  # the other columns are cut at max_width; the last one keeps a third of the room
            table.add_column(header, overflow="fold", max_width=max_width)
        else:
            table.add_column(header, ratio=1)
    for row in rows:
        table.add_row(*(" ".join(c.split())[: max_width * 4] for c in row))
    console = Console(
        width=max(40, width), file=io.StringIO(), color_system=None, highlight=False, emoji=False, markup=False
    )
    with console.capture() as captured:
        console.print(table)
    return "\n".join(line.rstrip() for line in captured.get().splitlines() if line.strip())
