"""The embedded store: ``pyoxigraph.Store`` on a directory (one process at a time), or in memory."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Variable
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import QueryError, StoreError
from kg.store.base import Store
from kg.store.terms import from_ox
from kg.store.text import inline_values


def _result_from_ox(res: Any) -> Result:
    if isinstance(res, ox.QueryBoolean):
        out = Result("ASK")
        out.askAnswer = bool(res)
        return out
    if isinstance(res, ox.QuerySolutions):
        out = Result("SELECT")
        names = [Variable(v.value) for v in res.variables]
        out.vars = names
        # One rdflib term per distinct Oxigraph term of this result: building an
        # rdflib Literal costs ~10 us, which was most of a 400-row query's time.
        converted: dict[Any, Node] = {}
        rows = []
        for solution in res:
            row = {}
            for name, value in zip(names, solution):
                if value is not None:
                    term = converted.get(value)
                    if term is None:
                        term = converted[value] = from_ox(value)
                    row[name] = term
            rows.append(row)
        out.bindings = rows
        return out
    out = Result("CONSTRUCT")
    graph = Graph()
    for t in res:
        graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    out.graph = graph
    return out


#: Opens / queries of a read-only store retried when a writer beside it removed a file it was about to read.
_READ_ATTEMPTS = 8


def _compacted_away(err: BaseException) -> bool:
    """Whether a read failed because a writer deleted a table file (its compaction) that this view still listed."""
    text = str(err)
    return "No such file or directory" in text and ".sst" in text


def _open_read_only(path: Path) -> Any:
    """``pyoxigraph.Store.read_only``, retried while a writer beside it compacts files away.

    A read-only open takes no lock and sees the store as it is at that moment;
    Oxigraph calls reading beside a writer undefined, and what happens is that
    the writer may delete a table file the reader's view lists (compaction):
    the reader then gets "No such file". Opening again gives a current view,
    so reads beside a build retry, with a short wait, instead of failing.
    """
    import time

    for attempt in range(_READ_ATTEMPTS):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError, ValueError) as err:
            if not _compacted_away(err) or attempt == _READ_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _first_line(err: BaseException, limit: int = 200) -> str:
    text = str(err).strip().splitlines()
    line = text[0] if text else type(err).__name__
    return line if len(line) <= limit else line[: limit - 1] + "…"


class OxigraphStore(Store):
    """The embedded store: ``pyoxigraph.Store`` on a directory, or in memory."""

    def __init__(self, location: str, *, read_only: bool = False, create: bool = True) -> None:
        self.location = location
        self.read_only = read_only
        if location == "memory":
            if read_only:
                raise StoreError("an in-memory store cannot be opened read-only")
            self._ox = ox.Store()
            return
        path = Path(location)
        if path.exists() and not path.is_dir():
            raise StoreError(f"store {location}: exists and is not a directory")
        if not path.exists():
            if read_only or not create:
                raise StoreError(f"store {location}: no such store (build one with `kg build`)")
            if not path.parent.resolve().is_dir():
                raise StoreError(f"store {location}: parent directory {path.parent} does not exist")
        elif not os.access(path, os.R_OK | os.X_OK) or (not read_only and not os.access(path, os.W_OK)):
            raise StoreError(f"store {location}: permission denied")
        try:
            self._ox = _open_read_only(path) if read_only else ox.Store(str(path))
        except OSError as err:
            msg = str(err)
            if "lock" in msg.lower():
                raise StoreError(
                    f"store {location} is locked: another kg process has it open (wait for it or use another --store)"
                ) from None
            raise StoreError(f"store {location}: cannot open: {_first_line(err)}") from None
        except (RuntimeError, ValueError) as err:  # e.g. RocksDB "Corruption: ..."
            raise StoreError(f"store {location}: not a readable kg store: {_first_line(err)}") from None

    def _query(self, sparql: str, bindings: dict[str, Node], prefixes: dict[str, str] | None) -> Result:
        text = inline_values(sparql, bindings)
        try:
            for attempt in range(_READ_ATTEMPTS):
                try:
                    res = self._ox.query(text, use_default_graph_as_union=True, prefixes=prefixes)
                    return _result_from_ox(res)
                except (OSError, RuntimeError, ValueError) as err:
                    if not (self.read_only and _compacted_away(err)) or attempt == _READ_ATTEMPTS - 1:
                        raise
                    self._ox = _open_read_only(Path(self.location))  # a newer view of the writer's files
            raise AssertionError("unreachable")
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {_first_line(err)}") from None
        except RuntimeError as err:  # e.g. a bound variable missing from the projection
            raise QueryError(f"query cannot run: {_first_line(err)}") from None
        except OSError as err:
            raise StoreError(f"store {self.location}: read failed: {_first_line(err)}") from None

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only")
        try:
            self._ox.update(sparql)
        except SyntaxError as err:
            raise StoreError(f"store {self.location}: update rejected, nothing written: {_first_line(err)}") from None
        except (OSError, RuntimeError, ValueError) as err:
            raise StoreError(f"store {self.location}: write failed, nothing written: {_first_line(err)}") from None

    def quads(self) -> Iterator[ox.Quad]:
        for quad in self._ox.quads_for_pattern(None, None, None, None):
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                yield quad

    def __len__(self) -> int:
        return len(self._ox)

    def _dump_items(self, quads: bool) -> Iterable[Any]:
        # Fast path: Oxigraph streams them in index order (grouped by graph / subject), deduplicated.
        if quads:
            return self.quads()
        return self._ox.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)

    def bulk_load(self, path: str | Path, format: ox.RdfFormat) -> None:
        """Fast, non-transactional load of a whole dataset file (benchmarks, restores)."""
        self._ox.bulk_load(path=str(path), format=format)

    def optimize(self) -> None:
        """Compact the on-disk indexes now (RocksDB does it in the background over time; after a
        bulk load and a tally rebuild, doing it at once makes index lookups faster)."""
        self._ox.optimize()

    def close(self) -> None:
        if getattr(self, "_ox", None) is not None:
            if not self.read_only and self.location != "memory":
                self._ox.flush()
            self._ox = None  # the RocksDB lock goes with the last reference
