"""The embedded store: ``pyoxigraph.Store`` on a directory (one process at a time), or in memory."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import DocumentError, QueryError, StoreError
from kg.model import Document, RelationMention
from kg.rdf.iris import mint
from kg.rdf.namespace import KG
from kg.store import changes, rollup, tallies
from kg.store.base import ACTORS_GRAPH, Store
from kg.store.tallies import Counted
from kg.store.terms import from_ox, to_ox
from kg.store.text import Bindings, inline_values


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
        rows: list[Any] = []
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


#: Update text an on-disk store takes between two flushes of its write buffers. RocksDB keeps what
#: it is given in memory tables of up to 128 MiB per index (a dozen of them, Oxigraph's settings)
#: before writing them out, so a long build grew by that much: 1,500 generated documents
#: (45k assertions) peaked at 990 MB RSS, ~340 MB flushing every 16 MB of update text.
FLUSH_BYTES = 16 * 1024 * 1024


def _give_back_freed_memory() -> None:
    """Return memory malloc holds free to the system (glibc ``malloc_trim``; nothing elsewhere).

    The freed memory tables and update texts stay in glibc's arenas (the writer thread and
    RocksDB's threads each have one), so RSS kept rising although the live data did not: 3,000
    generated documents ended at 336 MB with the store closed, 99 MB after a trim.
    """
    import ctypes
    import sys

    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):
            pass


_CONTENT_HASH = ox.NamedNode(str(KG.contentHash))

#: Terms an index reader keeps converted (past it, a new reader starts empty: memory stays bounded).
READER_TERMS = 200_000

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


class _IndexReader:
    """:class:`kg.store.changes.StoreReader` over pyoxigraph's indexes: a few prefix scans per
    document, tally and actor instead of a SPARQL join per assertion."""

    def __init__(self, store: ox.Store) -> None:
        self._ox = store
        self._terms: dict[Any, Any] = {}
        self._back: dict[Any, Node] = {}

    def size(self) -> int:
        """Terms converted and kept."""
        return len(self._terms) + len(self._back)

    def _term(self, node: Any) -> Node:
        """rdflib term of an Oxigraph term, each converted once (a Literal costs ~10 us to build)."""
        term = self._back.get(node)
        if term is None:
            term = self._back[node] = from_ox(node)
        return term

    def _node(self, term: Node) -> Any:
        node = self._terms.get(term)
        if node is None:
            node = self._terms[term] = to_ox(term)
        return node

    def _scan(self, s: Node | None, p: Node | None, o: Node | None, g: Node | None) -> Iterator[ox.Quad]:
        node = self._node
        return self._ox.quads_for_pattern(
            None if s is None else node(s),
            None if p is None else node(p),
            None if o is None else node(o),
            None if g is None else node(g),
        )

    def _counted(self, assertion: Any, graph: Any) -> Iterator[tuple[URIRef, Counted]]:
        values = {
            p: [self._term(q.object) for q in self._ox.quads_for_pattern(assertion, self._node(p), None, graph)]
            for p in tallies.COUNTED_PROPERTIES
        }
        yield from tallies.counted_rows(values, assertion.value)

    def has_graph(self, graph: URIRef) -> bool:
        return next(iter(self._scan(graph, KG.contentHash, None, graph)), None) is not None

    def graph_counted(self, graph: URIRef) -> dict[URIRef, list[Counted]]:
        values: dict[str, dict[URIRef, list[Node]]] = {}
        for p in tallies.COUNTED_PROPERTIES:
            for q in self._scan(None, p, None, graph):
                values.setdefault(str(self._term(q.subject)), {}).setdefault(p, []).append(self._term(q.object))
        out: dict[URIRef, list[Counted]] = {}
        for assertion, props in values.items():
            for t, row in tallies.counted_rows(props, assertion):
                out.setdefault(t, []).append(row)
        return out

    def graph_actors(self, graph: URIRef) -> set[URIRef]:
        return {URIRef(str(self._term(q.object))) for p in changes.MENTIONING for q in self._scan(None, p, None, graph)}

    def tally(self, tally: URIRef) -> list[tuple[Node, Node]]:
        pairs = self._scan(tally, None, None, tallies.graph_of(tally))
        return [(self._term(q.predicate), self._term(q.object)) for q in pairs]

    def tally_rows(self, tally: URIRef) -> list[tuple[URIRef, Counted]]:
        return [
            (URIRef(str(self._term(q.graph_name))), row)
            for q in self._scan(None, KG.tally, tally, None)
            for t, row in self._counted(q.subject, q.graph_name)
            if t == tally
        ]

    def counted(self, assertion: str) -> list[Counted]:
        return [row for _, row in self._counted(ox.NamedNode(assertion), None)]

    def description(self, actor: URIRef, graph: URIRef) -> set[tuple[Node, Node]]:
        return {(self._term(q.predicate), self._term(q.object)) for q in self._scan(actor, None, None, graph)}

    def steady_roots(self, parents: dict[URIRef, URIRef | None]) -> dict[URIRef, URIRef] | None:
        """The stored roots of these actors if each is stored, described with this parent (else None)."""
        roots = {}
        for actor, parent in parents.items():
            if KG.Actor not in self.objects(actor, RDF.type, ACTORS_GRAPH):
                return None
            if self.objects(actor, KG.partOf, ACTORS_GRAPH) != ([] if parent is None else [parent]):
                return None
            root = self.objects(actor, KG.countsAs, tallies.ROLLUP_GRAPH)
            if len(root) != 1:
                return None
            roots[actor] = URIRef(str(root[0]))
        return roots

    def objects(self, subject: URIRef, prop: URIRef, graph: URIRef) -> list[Node]:
        return [self._term(q.object) for q in self._scan(subject, prop, None, graph)]

    def mentioned_outside(self, actor: URIRef, graphs: set[URIRef]) -> bool:
        return any(
            URIRef(q.graph_name.value) not in graphs
            for p in changes.MENTIONING
            for q in self._scan(None, p, actor, None)
            if not isinstance(q.graph_name, ox.DefaultGraph)
        )


@dataclass
class _Group:
    """Document writes that go in one transaction, with their roll-up plans and what those read."""

    writes: list[tuple[URIRef, changes.NewGraph | None]] = field(default_factory=list)
    plans: dict[URIRef, rollup.RollupPlan] = field(default_factory=dict)
    graphs: set[URIRef] = field(default_factory=set)  # written, removed or relinked
    read: set[URIRef] = field(default_factory=set)  # actors the plans read or the documents mention
    changed: set[URIRef] = field(default_factory=set)  # actors whose description or root the writes change

    def admits(self, plan: rollup.RollupPlan, graphs: set[URIRef], read: set[URIRef]) -> bool:
        """Whether a plan made on the store before this group still holds after it, and the group's
        plans after it (neither changes an actor the other reads or mentions, nor a graph of the other):
        true for most documents once their actors are known, so groups stay large."""
        return not (graphs & self.graphs or plan.changed & self.read or self.changed & read)

    def add(
        self,
        graph: URIRef,
        content: changes.NewGraph | None,
        plan: rollup.RollupPlan,
        graphs: set[URIRef],
        read: set[URIRef],
    ) -> None:
        self.writes.append((graph, content))
        self.plans[graph] = plan
        self.graphs |= graphs
        self.read |= read
        self.changed |= plan.changed


class OxigraphStore(Store):
    """The embedded store: ``pyoxigraph.Store`` on a directory, or in memory."""

    def __init__(self, location: str, *, read_only: bool = False, create: bool = True) -> None:
        self.location = location
        self.read_only = read_only
        self._known = changes.Known()
        self._index_reader: _IndexReader | None = None
        self._unflushed = 0  # update text taken since the write buffers were last flushed
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

    def _query(self, sparql: str, bindings: Bindings, prefixes: dict[str, str] | None) -> Result:
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
        self._known.forget()  # whatever this update does, states read or written before may be stale
        self._apply(sparql)

    def _apply(self, sparql: str) -> None:
        """Run one update (one transaction); on any failure, forget what was known (it may be stale)."""
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only")
        try:
            try:
                self._ox.update(sparql)
            except SyntaxError as err:
                raise StoreError(
                    f"store {self.location}: update rejected, nothing written: {_first_line(err)}"
                ) from None
            except (OSError, RuntimeError, ValueError) as err:
                raise StoreError(f"store {self.location}: write failed, nothing written: {_first_line(err)}") from None
            self._unflushed += len(sparql)
            if self._unflushed >= FLUSH_BYTES and self.location != "memory":
                self._flush()
        except StoreError:
            self._known.forget()
            raise

    def _flush(self) -> None:
        """Write RocksDB's memory tables out (what bounds a long build's memory, see FLUSH_BYTES)."""
        self._unflushed = 0
        try:
            self._ox.flush()
        except (OSError, RuntimeError) as err:  # the update itself is committed (in the write-ahead log)
            raise StoreError(f"store {self.location}: flush failed: {_first_line(err)}") from None
        _give_back_freed_memory()

    def document_hash(self, doc_id: str) -> str | None:
        """The stored content hash of a document (one index lookup: a build asks it of every input)."""
        if self.read_only:  # a read-only view may need the query's retries (see _open_read_only)
            return super().document_hash(doc_id)
        graph = ox.NamedNode(str(mint("doc", doc_id)))
        try:
            stored = next(iter(self._ox.quads_for_pattern(graph, _CONTENT_HASH, None, graph)), None)
        except (OSError, RuntimeError) as err:
            raise StoreError(f"store {self.location}: read failed: {_first_line(err)}") from None
        return None if stored is None else str(stored.object.value)  # type: ignore[union-attr]  # a literal

    # -- writing: data computed in Python, one update per group (kg.store.changes) ---------------

    def write_documents(
        self, items: Sequence[tuple[Document, Iterable[RelationMention]]]
    ) -> list[DocumentError | None]:
        """Write several documents, each whole or absent, in one transaction where their roll-up plans
        allow it (see :mod:`kg.store.changes`): a document whose plan depends on an earlier one of the
        group (it reads an actor that one introduces, or the same document comes twice) starts a new
        transaction, so a kill can leave the first part of a group written, never part of a document.

        Returns, per item, the ``DocumentError`` that kept it out (None: written). A store
        failure raises ``StoreError`` and writes none of them.
        """
        errors: list[DocumentError | None] = []
        group = _Group()
        for doc, mentions in items:
            graph = mint("doc", doc.id)
            try:
                content = changes.document_content(doc, mentions)
            except DocumentError as err:
                errors.append(err)
                continue
            plan, graphs, read = self._plan(graph, content)
            if not group.admits(plan, graphs, read):
                # the roll-up plans of this write and the group's depend on each other (or the same
                # document comes twice): write the group first, then plan on the store it left
                self._commit(group)
                group = _Group()
                plan, graphs, read = self._plan(graph, content)
            group.add(graph, content, plan, graphs, read)
            errors.append(None)
        self._commit(group)
        return errors

    def _plan(
        self, graph: URIRef, content: changes.NewGraph | None
    ) -> tuple[rollup.RollupPlan, set[URIRef], set[URIRef]]:
        """The roll-up plan of writing (or removing) one document graph, the graphs it writes, and the
        actors it read or the document mentions (before and after)."""
        old_actors = self._reader().graph_actors(graph)
        if content is None:
            plan = rollup.plan_write(self, graph, {}, {}, old_actors)
        else:
            parents = content.parents()
            roots = None if old_actors - parents.keys() else self._steady_roots(parents)
            if roots is not None:  # the common case once a build has seen its actors: no SPARQL read
                plan = rollup.plan_unchanged(content.assertions, roots)
            else:
                plan = rollup.plan_write(self, graph, content.assertions, parents, old_actors - parents.keys())
        mentioned = old_actors | (set(content.described) if content is not None else set())
        return plan, {graph} | plan.documents, plan.actors | mentioned

    def _reader(self) -> _IndexReader:
        """The index reader of this store (one, so its term conversions are kept between groups)."""
        reader = self._index_reader
        if reader is None or reader.size() > READER_TERMS:
            reader = self._index_reader = _IndexReader(self._ox)
        return reader

    def _steady_roots(self, parents: dict[URIRef, URIRef | None]) -> dict[URIRef, URIRef] | None:
        """:meth:`_IndexReader.steady_roots`, reading only the actors not known with this parent."""
        known = self._known.roots
        unknown = {a: p for a, p in parents.items() if a not in known or known[a][0] != p}
        roots = {a: known[a][1] for a in parents if a not in unknown}
        if unknown:
            read = self._reader().steady_roots(unknown)
            if read is None:
                return None
            self._known.remember_roots({a: (unknown[a], root) for a, root in read.items()})
            roots.update(read)
        return roots

    def _commit(self, group: _Group) -> None:
        if group.writes:
            change = changes.group_changes(
                self._reader(), group.writes, actors_graph=ACTORS_GRAPH, known=self._known, plans=group.plans
            )
            self._apply(self._join_operations(change.operations()))
            changed = set().union(*(plan.changed for plan in group.plans.values()))
            self._known.remember(change, changed)  # what this update wrote (kept until another update)

    def replace_document(self, doc: Document, mentions: Iterable[RelationMention], *, force: bool = False) -> bool:
        if not force and self.document_hash(doc.id) == doc.content_hash:
            return False
        (error,) = self.write_documents([(doc, mentions)])
        if error is not None:
            raise error
        return True

    def remove_document(self, doc_id: str) -> bool:
        if self.document_hash(doc_id) is None:
            return False
        graph = mint("doc", doc_id)
        group = _Group()
        group.add(graph, None, *self._plan(graph, None))
        self._commit(group)
        return True

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
        return cast(
            Iterable[Any], self._ox.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        )

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
            self._index_reader = None  # it holds a reference too
            self._ox = None  # type: ignore[assignment]  # the RocksDB lock goes with the last reference
