"""Print a query result: an aligned table, CSV, or SPARQL results JSON (CONSTRUCT as Turtle)."""

from __future__ import annotations

import csv
import io
import json
import textwrap

from rdflib import Graph, URIRef
from rdflib.query import Result
from rdflib.term import Node
from rich.cells import cell_len

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


def without_columns(result: Result, names: set[str]) -> Result:
    """``result`` without the columns ``names`` (a SELECT result; any other is returned as it is).

    A named query projects each parameter so that it can be bound (:func:`kg.store.text.inline_values`);
    a parameter the user did not give (a default, or an optional one left out) is not data to show.
    """
    if result.type != "SELECT" or not names & {str(v) for v in result.vars or ()}:
        return result
    out = Result("SELECT")
    out.vars = [v for v in result.vars or () if str(v) not in names]
    out.bindings = [{v: row[v] for v in out.vars if row.get(v) is not None} for row in result.bindings]
    return out


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

    body = render_rows(names, rows, width=width, max_width=max_width)  # nothing, for no rows as records
    return "\n".join(filter(None, [body, f"({counted(len(rows), 'row')})"]))


GAP = 2  # characters between two columns of a table: a space of padding and a space for the rule
LAST_COLUMN = 30  # the last column (a sentence, in kg extract's table) wraps in lines of at least this many
LONGEST_CELL = 300  # characters of a cell shown (a 5,000-word sentence is cut, with …)


def _cell_text(cell: str) -> str:
    text = " ".join(cell.split())
    if len(text) <= LONGEST_CELL:
        return text
    cut = text[: LONGEST_CELL - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"  # at a word's end, if it has one


def _longest_word(text: str) -> int:
    return max((cell_len(word) for word in text.split()), default=0)


def _fill(widths: list[int], caps: list[int], most: list[int], room: int) -> list[int]:
    """``widths`` grown towards ``caps`` until they add up to ``room``, a character at a time to the column
    that shows the smallest share of its longest cell (``most``): each wraps into about as many lines."""
    widths = list(widths)
    for _ in range(room - sum(widths)):
        growing = [i for i, w in enumerate(widths) if w < caps[i]]
        if not growing:
            break
        widths[min(growing, key=lambda i: widths[i] / most[i])] += 1
    return widths


def column_widths(headers: list[str], rows: list[list[str]], *, width: int, max_width: int = 60) -> list[int] | None:
    """Each column's width when the rows are a table ``width`` characters wide in which no word is broken
    (an id, an IRI, a number or a header stays whole), or None when that table would be wider.

    Columns but the last grow up to ``max_width`` first, then all share what room is left.

    >>> column_widths(["actor", "ally"], [["actor:iran", "actor:united-states"]], width=40)
    [10, 19]
    >>> column_widths(["actor", "ally"], [["actor:iran", "actor:united-states"]], width=30) is None
    True
    """
    cells = [[_cell_text(c) for c in row] for row in rows]
    columns = list(zip(*cells)) if cells else [()] * len(headers)
    least = [max([1, _longest_word(h), *(_longest_word(c) for c in col)]) for h, col in zip(headers, columns)]
    most = [max([cell_len(h), *(cell_len(c) for c in col)]) for h, col in zip(headers, columns)]
    last = len(headers) - 1
    if headers:  # a sentence read a few words a line is not read: below this, records
        least[last] = max(least[last], min(most[last], LAST_COLUMN))
    room = width - GAP * last
    if sum(least) > room:
        return None
    first = [hi if i == last else max(lo, min(hi, max_width)) for i, (lo, hi) in enumerate(zip(least, most))]
    return _fill(_fill(least, first, most, room), most, most, room)


def render_rows(headers: list[str], rows: list[list[str]], *, width: int = 100, max_width: int = 60) -> str:
    """Rows as a table if one fits ``width`` with every word whole, else as records (as psql's ``\\x auto``):
    an id such as ``actor:united-states`` is never split across lines."""
    widths = column_widths(headers, rows, width=width, max_width=max_width)
    if widths is None:
        return render_records(headers, rows, width=width)
    return render_table(headers, rows, widths)


def render_records(headers: list[str], rows: list[list[str]], *, width: int = 100) -> str:
    """Each row as a block of ``name  value`` lines, values wrapped between words to ``width`` (a word
    longer than the line, such as a long IRI, is kept whole on a line of its own).

    >>> print(render_records(["actor", "kind"], [["Iran", "State"]], width=40))
    ── 1 ──
    actor  Iran
    kind   State
    """
    pad = max((cell_len(h) for h in headers), default=0) + 2
    lines: list[str] = []
    for n, row in enumerate(rows, 1):
        lines.append(f"── {n} ──")
        for header, cell in zip(headers, row):
            wrapped = textwrap.wrap(
                _cell_text(cell), max(20, width - pad), break_long_words=False, break_on_hyphens=False
            ) or [""]
            lines.append(f"{header:<{pad}}{wrapped[0]}".rstrip())
            lines.extend(" " * pad + more for more in wrapped[1:])
    return "\n".join(lines)


def render_table(headers: list[str], rows: list[list[str]], widths: list[int]) -> str:
    """Rows under their headers in columns of ``widths`` characters (see :func:`column_widths`), cells
    wrapped between words.

    >>> print(render_table(["actor", "kind"], [["Iran", "State"]], [5, 5]))
    actor  kind
    ────────────
    Iran   State
    """
    from rich.box import SIMPLE_HEAD
    from rich.console import Console
    from rich.table import Table

    table = Table(box=SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), header_style="bold")
    for header, column_width in zip(headers, widths):
        table.add_column(header, width=column_width, overflow="fold")
    for row in rows:
        table.add_row(*(_cell_text(c) for c in row))
    total = sum(widths) + GAP * (len(widths) - 1)
    console = Console(width=total, file=io.StringIO(), color_system=None, highlight=False, emoji=False, markup=False)
    with console.capture() as captured:
        console.print(table)
    return "\n".join(line.rstrip() for line in captured.get().splitlines() if line.strip())
