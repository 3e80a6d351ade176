"""The ``Store``: a kg RDF dataset, read and written with SPARQL only (subclasses send the text).

The store is an RDF dataset with one named graph per document (its IRI is
the document's IRI: article node, assertions, direct triples), one shared
graph of actor descriptions :data:`ACTORS_GRAPH` (each actor described once,
by the last document written that mentions it; removed when no document
mentions it any more), the ontology in :data:`ONTOLOGY_GRAPH` and the pair
tallies (:mod:`kg.store.tallies`). Queries see the union of the graphs.
Every write is ONE SPARQL Update request, hence one transaction; here, the
one a remote store gets per document (the embedded store writes a group of
documents as one update of data computed in Python, :mod:`kg.store.changes`)::

    DROP SILENT GRAPH <doc> ; DELETE { GRAPH <actors> { ?a ?p ?o } } WHERE { VALUES ?a { ... } ... } ;
    INSERT DATA { GRAPH <doc> { ... } GRAPH <actors> { ... } } (in operations of at most 1,000 triples) ;
    [DELETE orphaned actors ;] [the roll-up view's changes ;]
    DELETE / INSERT the pair tallies the document's old and new assertions point at

Why actors are not in the document graphs: the union is a bag, so a popular
actor's label repeated in thousands of document graphs made every query that
joins labels thousands of times slower.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.query import Result, ResultRow
from rdflib.term import Node

from kg.errors import DocumentError, QueryError
from kg.model import Document, RelationMention
from kg.rdf.iris import mint
from kg.rdf.namespace import KG, PREFIXES, bind_prefixes
from kg.rdf.ontology import ontology_path
from kg.store import rollup, tallies
from kg.store.terms import from_ox, nt_term
from kg.store.text import Bindings, as_bindings, data_operations, sparql, update_prologue

#: Named graph holding ``kg/data/kg.ttl``.
ONTOLOGY_GRAPH = mint("graph", "ontology")

#: Named graph holding one description per actor (label, kinds, aliases, links).
ACTORS_GRAPH = mint("graph", "actors")

#: Serialisation formats of :meth:`Store.dump`: name -> (pyoxigraph format, holds named graphs).
FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "json-ld": (ox.RdfFormat.JSON_LD, False),
    "xml": (ox.RdfFormat.RDF_XML, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nquads": (ox.RdfFormat.N_QUADS, True),
}


@dataclass(frozen=True)
class DocumentInfo:
    """A document as the store knows it."""

    id: str
    iri: str
    content_hash: str
    title: str | None = None
    date: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class StoreStats:
    """Counts shown by ``kg stats`` (:meth:`Store.stats`)."""

    documents: int
    actors: int
    assertions: int
    cooperation: int
    conflict: int
    negated: int
    hedged: int
    direct_triples: int
    triples: int

    def as_dict(self) -> dict[str, int]:
        """The counts as a plain dict (for JSON output)."""
        return dict(self.__dict__)


def _parent(description: Iterable[tuple[Node, Node, Node]]) -> URIRef | None:
    """The ``kg:partOf`` parent in an actor's description triples, if any."""
    return next((URIRef(str(o)) for _, p, o in description if p == KG.partOf), None)


class Store(ABC):
    """A kg RDF dataset. Subclasses differ only in how they send a query or an update.

    Use as a context manager, or call :meth:`close`.
    """

    location: str

    # -- the primitives a transport implements ----------------------------------

    @abstractmethod
    def _query(self, sparql: str, bindings: Bindings, prefixes: dict[str, str] | None) -> Result:
        """Evaluate a query over the union of the graphs."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run one SPARQL Update as one transaction (all of it or nothing)."""

    @abstractmethod
    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of every named graph, as pyoxigraph quads."""

    def close(self) -> None:  # noqa: B027  (nothing to release unless a transport holds something)
        """Release the store (the directory lock, for an embedded store)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ----------------------------------------------------------------

    def query(
        self,
        sparql: str,
        bindings: Mapping[Any, Node] | None = None,
        *,
        initBindings: Mapping[Any, Node] | None = None,  # noqa: N803  (rdflib's name)
        initNs: Mapping[str, Any] | None = None,  # noqa: N803
    ) -> Result:
        """Run a SPARQL query over the union of all graphs, like ``rdflib.Graph.query``.

        Parameters
        ----------
        sparql
            The query text.
        bindings, initBindings
            Variable name -> rdflib term, bound by ``VALUES`` blocks of
            escaped terms (see :func:`kg.store.text.inline_values`): a value is
            always one complete RDF term and cannot change the query.
            The union of graphs is a bag: a triple in two graphs matches twice.
        initNs
            Prefix -> namespace, available to the query without ``PREFIX``.

        Raises
        ------
        QueryError
            Malformed query or bad binding.
        StoreError
            The store cannot be read.
        """
        merged = {**as_bindings(initBindings), **as_bindings(bindings)}
        prefixes = {k: str(v) for k, v in (initNs or {}).items()} or None
        return self._query(sparql, merged, prefixes)

    def rows(self, text: str, bindings: Mapping[Any, Node] | None = None) -> list[ResultRow]:
        """The rows of a SELECT query (``query`` typed for the rows the store's own queries read)."""
        return cast(list[ResultRow], list(self.query(text, bindings)))

    def document_hash(self, doc_id: str) -> str | None:
        """The stored content hash of a document, or None if it is not in the store."""
        rows = self.rows(sparql("document-hash.rq"), {"g": mint("doc", doc_id)})
        return str(rows[0][1]) if rows else None

    def documents(self) -> list[DocumentInfo]:
        """Every document in the store, ordered by id."""
        out = []
        for row in self.rows(sparql("documents.rq")):
            out.append(
                DocumentInfo(
                    id=str(row.id),
                    iri=str(row.g),
                    content_hash=str(row.hash),
                    title=None if row.title is None else str(row.title),
                    date=None if row.date is None else str(row.date),
                    source=None if row.source is None else str(row.source),
                )
            )
        return out

    def stats(self) -> StoreStats:
        """Counts of documents, actors, assertions by polarity, direct relations and triples.

        Each count is an index range or reads the counts kept with the tallies
        (:mod:`kg.store.tallies`), so it takes well under a second at a million
        quads. ``triples`` counts the documents' graphs and the actor
        descriptions (what the documents say), not the ontology or the tallies
        derived from them; a direct relation stated by two documents counts in each.
        """

        def ints(name: str, **slots: str) -> list[int]:
            row = self.rows(sparql(name, **slots))[0]
            return [int(str(v)) if v is not None else 0 for v in row]

        documents, actors, assertions = ints("stats-kinds.rq")
        others = ", ".join(nt_term(g) for g in (ONTOLOGY_GRAPH, ACTORS_GRAPH, *tallies.DERIVED_GRAPHS))
        conflict, negated, hedged = ints("stats-assertions.rq", other_graphs=others)
        (direct,) = ints("stats-direct.rq", tallies_graph=nt_term(tallies.TALLIES_GRAPH))
        in_documents, in_actors = ints(
            "stats-triples.rq", tallies_graph=nt_term(tallies.TALLIES_GRAPH), actors_graph=nt_term(ACTORS_GRAPH)
        )
        return StoreStats(
            documents,
            actors,
            assertions,
            assertions - conflict,
            conflict,
            negated,
            hedged,
            direct,
            in_documents + in_actors,
        )

    def union_graph(self) -> Graph:
        """An in-memory rdflib ``Graph`` copy of the union of all graphs (for pyshacl, compare, networkx)."""
        graph = bind_prefixes(Graph())
        for quad in self.quads():
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        return graph

    def dataset(self, *, union_default: bool = False) -> Dataset:
        """An in-memory rdflib ``Dataset`` copy, one named graph per document plus the ontology.

        ``union_default``: its default graph is the union of the named graphs,
        as the store's is (rdflib's union is a set, not a bag).
        """
        ds = Dataset(default_union=union_default)
        bind_prefixes(ds)
        for quad in self.quads():
            ds.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object), from_ox(quad.graph_name)))  # type: ignore[arg-type]
        return ds

    def dump(self, format: str = "turtle") -> bytes:
        """Serialise the store: triple formats get the union, ``trig`` / ``nquads`` the named graphs.

        ``format`` is one of :data:`FORMATS`. Raises ``QueryError`` for an unknown one.
        """
        if format not in FORMATS:
            raise QueryError(f"unknown export format {format!r} (known: {', '.join(FORMATS)})")
        rdf_format, quads = FORMATS[format]
        prefixes = PREFIXES if format in ("turtle", "trig", "xml") else None
        items = self._dump_items(quads)
        if format == "xml":  # RDF/XML cannot write a prefix for a namespace ending in '/': keep ours that end in '#'
            prefixes = {k: v for k, v in PREFIXES.items() if v.endswith("#")}
        data = (
            ox.serialize(items, format=rdf_format, prefixes=prefixes)
            if prefixes
            else ox.serialize(items, format=rdf_format)
        )
        return data or b""  # pyoxigraph returns bytes when given no output file

    def _dump_items(self, quads: bool) -> Iterable[Any]:
        """Quads (sorted by graph) or the union's distinct triples (sorted by subject) to serialise."""
        if quads:
            return sorted(
                self.quads(), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))
            )
        unique = {ox.Triple(q.subject, q.predicate, q.object) for q in self.quads()}
        return sorted(unique, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))

    # -- writing ----------------------------------------------------------------

    def replace_document(self, doc: Document, mentions: Iterable[RelationMention], *, force: bool = False) -> bool:
        """Write one document's graph, replacing what it had: one SPARQL Update, one transaction.

        The same update recomputes the pair tallies the document's old and new
        assertions point at.

        Returns False (and writes nothing) when the stored content hash equals
        ``doc.content_hash`` unless ``force``. On any failure the store is left
        as it was and ``StoreError`` is raised.
        """
        if not force and self.document_hash(doc.id) == doc.content_hash:
            return False
        from kg.rdf.write import document_parts

        graph = mint("doc", doc.id)
        try:
            own, actors = document_parts(doc, mentions)
            redescribe = [nt_term(mint("actor", a)) for a in sorted(actors)]
        except ValueError as err:
            raise DocumentError(f"document {doc.id!r} cannot be written: {err}") from None
        parents = {mint("actor", a): _parent(triples) for a, triples in actors.items()}
        orphans = [a for a in self._actors_of(graph) if a not in parents]
        plan = rollup.plan_write(self, graph, rollup.assertions_of(own), parents, orphans)
        touched = set(tallies.touched_by(self, graph)) | {o for _, p, o in [*own, *plan.links] if p == KG.tally}
        parts = [f"DROP SILENT GRAPH {nt_term(graph)}"]
        if redescribe:
            parts.append(
                sparql("actors-redescribe.ru", actors_graph=nt_term(ACTORS_GRAPH), actors=" ".join(redescribe))
            )
        # the content hash goes in last (before the count that includes it): a server that takes the
        # operations one request at a time (Virtuoso) and stops half-way leaves no hash, so the next
        # build writes the document again instead of skipping it as unchanged
        hashed = [(s, p, o, graph) for s, p, o in own if p == KG.contentHash]
        try:
            parts += data_operations(
                "INSERT", [(s, p, o, graph) for s, p, o in [*own, *plan.links] if p != KG.contentHash]
            )
            parts += data_operations("INSERT", [(*t, ACTORS_GRAPH) for triples in actors.values() for t in triples])
        except ValueError as err:  # a term no SPARQL text can hold
            raise DocumentError(f"document {doc.id!r} cannot be written: {err}") from None
        if orphans:
            parts.append(self._orphan_update([nt_term(a) for a in orphans]))
        parts += plan.operations
        parts += tallies.recompute_operations(touched | plan.touched)
        parts += data_operations("INSERT", hashed)
        parts.append(tallies.document_count_operation([graph, *plan.documents]))
        self.update(self._join_operations(parts))
        return True

    def write_documents(
        self, items: Sequence[tuple[Document, Iterable[RelationMention]]]
    ) -> list[DocumentError | None]:
        """Write several documents, each whole or absent: here one update per document (the
        embedded store writes a group in one transaction where its roll-up plans allow).

        Returns, per item, the ``DocumentError`` that kept it out (None: written). A store
        failure raises ``StoreError``; the documents before it are written (writing them again
        is harmless: a write replaces).
        """
        errors: list[DocumentError | None] = []
        for doc, mentions in items:
            try:
                self.replace_document(doc, mentions, force=True)
                errors.append(None)
            except DocumentError as err:
                errors.append(err)
        return errors

    @staticmethod
    def _join_operations(operations: list[str]) -> str:
        """One SPARQL Update request (one transaction) made of several operations, with the kg prefixes."""
        return update_prologue() + " ;\n".join(operations)

    def _actors_of(self, graph: URIRef) -> list[URIRef]:
        return [URIRef(str(r[1])) for r in self.rows(sparql("actors-of.rq"), {"g": graph})]

    @staticmethod
    def _orphan_update(actors: list[str]) -> str:
        """Delete the descriptions of these actors if no document mentions them any more."""
        return sparql("actors-orphaned.ru", actors_graph=nt_term(ACTORS_GRAPH), actors=" ".join(actors))

    def remove_document(self, doc_id: str) -> bool:
        """Delete a document's graph (its assertions and the direct triples only it supported).

        The tallies its assertions counted are recomputed in the same update.
        Returns False if the store has no such document.
        """
        if self.document_hash(doc_id) is None:
            return False
        graph = mint("doc", doc_id)
        orphans = self._actors_of(graph)
        plan = rollup.plan_write(self, graph, {}, {}, orphans)
        parts = [f"DROP SILENT GRAPH {nt_term(graph)}"]
        if orphans:
            parts.append(self._orphan_update([nt_term(a) for a in orphans]))
        parts += plan.operations
        parts += tallies.recompute_operations(set(tallies.touched_by(self, graph)) | plan.touched)
        parts.append(tallies.document_count_operation([graph, *plan.documents]))
        self.update(self._join_operations(parts))
        return True

    def has_current_tallies(self) -> bool:
        """Whether the store's pair tallies have the current layout (:data:`kg.store.tallies.TALLY_VERSION`)."""
        return tallies.are_current(self)

    def lacks_tallies(self) -> bool:
        """Whether the store has assertions but no current pair tallies (the named queries cannot read it)."""
        return not self.has_current_tallies() and bool(self.query(sparql("has-assertions.rq")).askAnswer)

    def rebuild_tallies(self) -> None:
        """Recompute every pair tally (both views) and the roll-up map from the assertions, in bounded batches.

        Also points assertions written before tallies existed at their
        tallies. Used once on stores from older layouts and after a bulk
        load; it reads every assertion (:mod:`kg.store.rebuild`).
        """
        from kg.store.rebuild import rebuild

        rebuild(self)

    def select_all(self, select: str, key: str) -> Iterator[Any]:
        """Every row of a SELECT (no ORDER BY or LIMIT) whose variable ``key`` differs on every row.

        The same as :meth:`query` here; a remote store whose server caps answers reads it in pages by ``key``.
        """
        return iter(self.query(select))

    def ensure_tallies(self) -> bool:
        """Rebuild the tallies unless they are current. True if it rebuilt them."""
        if self.has_current_tallies():
            return False
        self.rebuild_tallies()
        return True

    def load_ontology(self) -> bool:
        """Put ``kg.ttl`` in the ontology graph unless the same version is there. True if it wrote."""
        text = ontology_path("kg.ttl").read_bytes()
        digest = hashlib.sha256(text).hexdigest()
        rows = self.rows(sparql("graph-hash.rq"), {"g": ONTOLOGY_GRAPH, "p": KG.contentHash})
        if rows and str(rows[0][2]) == digest:
            return False
        onto = Graph().parse(data=text, format="turtle")
        onto.add((ONTOLOGY_GRAPH, KG.contentHash, Literal(digest)))
        g = nt_term(ONTOLOGY_GRAPH)
        self.update(
            self._join_operations(
                [f"DROP SILENT GRAPH {g}", *data_operations("INSERT", [(*t, ONTOLOGY_GRAPH) for t in onto])]
            )
        )
        return True
