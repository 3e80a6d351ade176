"""Open the RDF store by location: an Oxigraph directory, ``memory``, or a remote SPARQL endpoint.

The store is an RDF dataset with one named graph per document (its IRI is
the document's IRI: article node, assertions, direct triples), one shared
graph of actor descriptions ``mint("graph", "actors")`` (each actor
described once, by the last document written that mentions it; removed when
no document mentions it any more) and the ontology in
``mint("graph", "ontology")``. Queries see the union of the graphs. Every
write is ONE SPARQL Update, hence one transaction::

    DROP SILENT GRAPH <doc> ; DELETE { GRAPH <actors> { ?a ?p ?o } } WHERE { VALUES ?a { ... } ... } ;
    INSERT DATA { GRAPH <doc> { ... } GRAPH <actors> { ... } } [; DELETE orphaned actors]

Pair tallies: every assertion points (``kg:tally``) at the ``kg:PairTally`` of
its (subject, object, polarity); the graph ``mint("graph", "tallies")`` holds one
node per tally with its counts (non-negated, hedged, negated mentions), best
confidence, relation properties, strongest assertion and a ranking band. The
same update that writes or removes a document recomputes, from the assertions,
the tallies it touched (those its old and new assertions point at), so the
tallies always equal a count over the assertions and a failed write changes
neither. The named queries read tallies: one node per pair instead of one join
per assertion (a hub actor's 14k assertions cost a second on disk).

Why actors are not in the document graphs (as DESIGN.md first had it): the
union is a bag, so a popular actor's label repeated in thousands of document
graphs made every query that joins labels thousands of times slower.

Locations (``--store`` / ``KG_STORE``):

- a directory path: an embedded on-disk ``pyoxigraph.Store`` (created if
  missing; its parent must exist). One process at a time may open it.
- ``memory``: an in-memory Oxigraph store (gone when the process ends).
- ``http(s)://host:port``: an Oxigraph server, using ``/query`` and
  ``/update``; a URL ending in ``/query`` or ``/sparql`` uses the sibling
  ``/update`` for writes; any other URL is used for both. The server must
  evaluate queries over the union of its named graphs (Oxigraph:
  ``oxigraph serve --union-default-graph``; Fuseki: ``unionDefaultGraph``).

The union is a *bag*, as Oxigraph evaluates it: a triple stored in two
document graphs (a direct relation two documents support) matches twice. Use ``DISTINCT`` / ``COUNT(DISTINCT …)`` where that matters;
the named queries do.

Query results have the shape of ``rdflib.Graph.query``: an
``rdflib.query.Result`` (SELECT rows of rdflib terms with ``.vars``, ASK
``.askAnswer``, CONSTRUCT ``.graph``).

Examples
--------
>>> from kg.model import Actor, Document, RelationMention
>>> store = open_store("memory")
>>> doc = Document("a.txt", "Iran backs the militias.")
>>> m = RelationMention("a.txt", Actor("iran", "Iran", "State"), "supports",
...                     Actor("militias", "Militias", "ArmedGroup"), "cooperation")
>>> store.replace_document(doc, [m])
True
>>> store.replace_document(doc, [m])      # unchanged: skipped
False
>>> [str(row.label) for row in store.query(
...     "SELECT ?label WHERE { ?a kg:supports ?b . ?b rdfs:label ?label }",
...     initNs={"kg": "https://w3id.org/kg-news/ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"})]
['Militias']
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import product
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import QueryError, StoreError
from kg.iris import mint
from kg.model import Document, RelationMention
from kg.ontology import ontology_path

#: Default store location (``--store`` / ``KG_STORE`` override it).
DEFAULT_LOCATION = "kg-store"

#: Named graph holding ``ontologies/kg.ttl``.
ONTOLOGY_GRAPH = mint("graph", "ontology")

#: Named graph holding one description per actor (label, kinds, aliases, links).
ACTORS_GRAPH = mint("graph", "actors")

#: Named graph holding the pair tallies (``kg:PairTally``): derived counts per
#: (subject, object, polarity), kept up to date by every document write.
TALLIES_GRAPH = mint("graph", "tallies")

#: Layout version of the tallies; a store without it gets its tallies rebuilt when opened for writing.
TALLY_VERSION = 1

_KG = "https://w3id.org/kg-news/ns#"
_TALLY = URIRef(_KG + "tally")


def _band_thresholds() -> list[int]:
    """Lower bounds of the ``kg:mentionBand`` bands: every count below 64, then steps of 1.25x up to 10 million.

    >>> _band_thresholds()[:3], _band_thresholds()[62:66]
    ([1, 2, 3], [63, 64, 80, 100])
    """
    out = list(range(1, 64))
    t = 64
    while t < 10**7:
        out.append(t)
        t = -(-t * 5 // 4)
    return out


#: ``kg:mentionBand`` values, ascending (``relations.rq`` lists them, descending).
MENTION_BANDS: tuple[int, ...] = tuple(_band_thresholds())

#: Export formats: name -> (pyoxigraph format, holds named graphs).
FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "json-ld": (ox.RdfFormat.JSON_LD, False),
    "xml": (ox.RdfFormat.RDF_XML, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nquads": (ox.RdfFormat.N_QUADS, True),
}


def default_location() -> str:
    """``$KG_STORE`` if set, else ``kg-store``."""
    return os.environ.get("KG_STORE") or DEFAULT_LOCATION


# --------------------------------------------------------------------------- terms

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG = re.compile(r"[a-zA-Z]+(-[a-zA-Z0-9]+)*")
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_ECHAR_RE = re.compile(r'[\\"\n\r\t\b\f]')
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text as valid Unicode: a surrogate pair becomes its character, a lone surrogate U+FFFD.

    >>> clean_text("a\\ud800b")
    'a\\ufffdb'
    """
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def nt_term(term: Node) -> str:
    """One RDF term in N-Triples / SPARQL syntax, escaped so no text can end the term early.

    Strings use only the escapes SPARQL and N-Triples share (``\\\\`` ``\\"``
    ``\\n`` …), never ``\\u`` sequences, so the text means the same to every
    parser. An IRI that cannot be written safely raises ``ValueError``.

    >>> nt_term(Literal('say "hi"\\n} ; DROP ALL'))
    '"say \\\\"hi\\\\"\\\\n} ; DROP ALL"'
    >>> nt_term(Literal("1.5", datatype=XSD.double))
    '"1.5"^^<http://www.w3.org/2001/XMLSchema#double>'
    """
    if isinstance(term, URIRef):
        iri = str(term)
        if _IRI_FORBIDDEN.search(iri) or _SURROGATE.search(iri) or ":" not in iri:
            raise ValueError(f"cannot write IRI {iri!r}")
        return f"<{iri}>"
    if isinstance(term, Literal):
        text = _ECHAR_RE.sub(lambda m: _ECHAR[m.group()], clean_text(str(term)))
        if term.language:
            if not _LANG.fullmatch(term.language):
                raise ValueError(f"bad language tag {term.language!r}")
            return f'"{text}"@{term.language}'
        if term.datatype and term.datatype != XSD.string:
            return f'"{text}"^^{nt_term(URIRef(term.datatype))}'
        return f'"{text}"'
    if isinstance(term, BNode):
        return "_:b" + hashlib.sha1(str(term).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    raise TypeError(f"not an RDF term: {term!r}")


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """rdflib term -> pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        value = clean_text(str(term))
        if term.language:
            return ox.Literal(value, language=term.language)
        return ox.Literal(value, datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise TypeError(f"not an RDF term: {term!r}")


_XSD_STRING = str(XSD.string)


def from_ox(term: Any) -> Node:
    """pyoxigraph term -> rdflib term (``xsd:string`` literals come back as plain literals)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unexpected Oxigraph term {term!r}")


def _as_bindings(bindings: Mapping[Any, Node | tuple[Node, ...]] | None) -> dict[str, Node | tuple[Node, ...]]:
    out: dict[str, Node | tuple[Node, ...]] = {}
    for name, value in (bindings or {}).items():
        values = value if isinstance(value, (tuple, list)) else (value,)
        if not values or not all(isinstance(v, Node) for v in values):
            kind = type(values[0] if values else value).__name__
            raise TypeError(f"binding for ?{name} must be an rdflib term or a tuple of them, not {kind}")
        out[str(name).lstrip("?$")] = tuple(values) if isinstance(value, (tuple, list)) else value
    return out


# --------------------------------------------------------------------------- records


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
    """Counts shown by ``kg stats``."""

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


_DOCS_QUERY = """
PREFIX kg: <https://w3id.org/kg-news/ns#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?g ?id ?hash ?title ?date ?source WHERE {
  GRAPH ?g { ?g kg:docId ?id ; kg:contentHash ?hash .
    OPTIONAL { ?g schema:headline ?title }
    OPTIONAL { ?g schema:datePublished ?date }
    OPTIONAL { ?g dcterms:source ?source } }
} ORDER BY ?id
"""

_STATS_QUERY = """
PREFIX kg: <https://w3id.org/kg-news/ns#>
PREFIX schema: <https://schema.org/>
SELECT
  (SUM(IF(?t = schema:NewsArticle, 1, 0)) AS ?documents)
  (SUM(IF(?t = kg:Actor, 1, 0)) AS ?actors)
  (SUM(IF(?t = kg:Assertion, 1, 0)) AS ?assertions)
WHERE { SELECT DISTINCT ?s ?t WHERE { VALUES ?t { schema:NewsArticle kg:Actor kg:Assertion } ?s a ?t } }
"""

_ASSERTION_QUERY = """
PREFIX kg: <https://w3id.org/kg-news/ns#>
SELECT
  (SUM(IF(?pol = kg:Cooperation, 1, 0)) AS ?cooperation)
  (SUM(IF(?pol = kg:Conflict, 1, 0)) AS ?conflict)
  (SUM(IF(?neg, 1, 0)) AS ?negated)
  (SUM(IF(?hedge, 1, 0)) AS ?hedged)
WHERE { SELECT DISTINCT ?a ?pol ?neg ?hedge WHERE {
  ?a kg:polarity ?pol ; kg:negated ?neg ; kg:hedged ?hedge } }
"""

_DIRECT_QUERY = """
PREFIX kg: <https://w3id.org/kg-news/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE {
  ?p rdfs:subPropertyOf+ kg:relation . ?s ?p ?o } }
"""


# --------------------------------------------------------------------------- tallies


def _k(local: str) -> str:
    """A kg ontology term written in full (update requests carry no PREFIX lines)."""
    return f"<{_KG}{local}>"


def _band_expression(var: str, bands: tuple[int, ...] = MENTION_BANDS) -> str:
    """SPARQL expression: the largest value of ``bands`` not above ``var`` (a balanced tree of IFs).

    >>> _band_expression("?n", (1, 2, 4))
    'IF(?n >= 2, IF(?n >= 4, 4, 2), 1)'
    """
    if len(bands) == 1:
        return str(bands[0])
    mid = len(bands) // 2
    return f"IF({var} >= {bands[mid]}, {_band_expression(var, bands[mid:])}, {_band_expression(var, bands[:mid])})"


def tally_operations(tallies: Iterable[URIRef] | None = None) -> list[str]:
    """SPARQL Update operations that recompute pair tallies from the assertions.

    ``tallies`` lists the ``kg:PairTally`` IRIs to recompute (the ones a
    write touched); None recomputes all of them. Each tally is deleted, then
    written again from the assertions pointing at it (``kg:tally``) as they
    are after the earlier operations of the same request; a tally no
    assertion points at any more is not written again. Cost: a few index
    lookups per assertion of the touched pairs.
    """
    tg = nt_term(TALLIES_GRAPH)
    if tallies is None:
        values = keyed = ""
        ends = f"{_k('subject')} ?s ; {_k('object')} ?o ; {_k('polarity')} ?pol ;"
        delete = f"DELETE {{ GRAPH {tg} {{ ?t ?p ?x }} }} WHERE {{ GRAPH {tg} {{ ?t a {_k('PairTally')} ; ?p ?x }} }}"
    else:
        iris = sorted(set(tallies))
        if not iris:
            return []
        values = "VALUES ?t { " + " ".join(nt_term(t) for t in iris) + " }"
        # subject, object and polarity come from the IRI (kg.rdf.pair_iri), not from each assertion
        keyed = "VALUES (?t ?s ?o ?pol) { " + " ".join(
            "(" + " ".join(nt_term(term) for term in (t, *_pair_parts(t))) + ")" for t in iris) + " }"
        ends = ""
        delete = f"DELETE {{ GRAPH {tg} {{ ?t ?p ?x }} }} WHERE {{ {values} GRAPH {tg} {{ ?t ?p ?x }} }}"
    xsd_integer = nt_term(XSD.integer)
    # The strongest assertion: non-negated first, then confidence (9 fixed digits), then IRI.
    key = (f'CONCAT(IF(?neg, "0", "1"), SUBSTR(STR(1000000000 + {xsd_integer}(ROUND(?conf * 100000000))), 2), '
           f"STR(?a))")
    insert = f"""INSERT {{ GRAPH {tg} {{
  ?t a {_k('PairTally')} ; {_k('polarity')} ?pol ; ?sp ?s ; ?op ?o ; {_k('mentions')} ?n ; {_k('hedgedMentions')} ?h ;
     {_k('negatedMentions')} ?ng ; {_k('maxConfidence')} ?c ; {_k('mentionBand')} ?band ; {_k('bestEvidence')} ?best ;
     {_k('tallyRelation')} ?rel . }} }}
WHERE {{
  {{ SELECT ?t ?s ?o ?pol (SUM(IF(?neg, 0, 1)) AS ?n) (SUM(IF(?neg, 1, 0)) AS ?ng)
            (SUM(IF(!?neg && ?hed, 1, 0)) AS ?h) (MAX(IF(?neg, -1.0, ?conf)) AS ?c0) (MAX({key}) AS ?key)
     WHERE {{ {keyed} GRAPH ?g {{ ?a {_k('tally')} ?t ; {ends}
                                  {_k('negated')} ?neg ; {_k('hedged')} ?hed ; {_k('confidence')} ?conf }} }}
     GROUP BY ?t ?s ?o ?pol }}
  OPTIONAL {{ SELECT DISTINCT ?t ?rel WHERE {{ {values}
      GRAPH ?g2 {{ ?a2 {_k('tally')} ?t ; {_k('negated')} ?neg2 ; {_k('predicate')} ?rel }} FILTER (!?neg2) }} }}
  BIND (IF(?pol = {_k('Cooperation')}, {_k('cooperationSubject')}, {_k('conflictSubject')}) AS ?sp)
  BIND (IF(?pol = {_k('Cooperation')}, {_k('cooperationObject')}, {_k('conflictObject')}) AS ?op)
  BIND (IF(?c0 >= 0, ?c0, ?none) AS ?c)
  BIND (IF(?n > 0, {_band_expression("?n")}, ?none) AS ?band)
  BIND (IRI(SUBSTR(?key, 11)) AS ?best)
}}"""
    return [delete, insert]


def _pair_parts(tally: URIRef) -> tuple[URIRef, URIRef, URIRef]:
    """Subject, object and polarity of a pair tally IRI (the inverse of :func:`kg.rdf.pair_iri`).

    >>> [str(t).rsplit("/", 1)[1] for t in _pair_parts(mint("pair", "iran/usa/conflict"))]
    ['iran', 'usa', 'ns#Conflict']
    """
    local = str(tally)[len(str(mint("pair", "x"))) - 1:]
    subject, obj, polarity = local.split("/")
    return mint("actor", subject), mint("actor", obj), URIRef(_KG + polarity.capitalize())


def _link_operation() -> str:
    """Point every assertion without a ``kg:tally`` at its tally (stores written before tallies existed).

    The IRI is minted here in SPARQL exactly as :func:`kg.rdf.pair_iri` mints it in Python.
    """
    base = str(mint("pair", "x"))[:-1]
    return (f"INSERT {{ GRAPH ?g {{ ?a {_k('tally')} ?t }} }} WHERE {{ GRAPH ?g {{ ?a a {_k('Assertion')} ; "
            f"{_k('subject')} ?s ; {_k('object')} ?o ; {_k('polarity')} ?pol "
            f"FILTER NOT EXISTS {{ ?a {_k('tally')} ?any }} }} "
            f'BIND (IRI(CONCAT("{base}", STRAFTER(STR(?s), "/actor/"), "/", STRAFTER(STR(?o), "/actor/"), "/", '
            f'LCASE(STRAFTER(STR(?pol), "#")))) AS ?t) }}')


# --------------------------------------------------------------------------- stores


class Store(ABC):
    """A kg RDF dataset. Subclasses differ only in how they send a query or an update.

    Use as a context manager, or call :meth:`close`.
    """

    location: str

    # -- the two primitives ---------------------------------------------------

    @abstractmethod
    def _query(self, sparql: str, bindings: dict[str, Node], prefixes: dict[str, str] | None) -> Result:
        """Evaluate a query over the union of the graphs."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run one SPARQL Update as one transaction (all of it or nothing)."""

    @abstractmethod
    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of every named graph, as pyoxigraph quads."""

    def close(self) -> None:
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
            escaped terms (see :func:`inline_values`): a value is always one
            complete RDF term and cannot change the query.
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
        merged = {**_as_bindings(initBindings), **_as_bindings(bindings)}
        prefixes = {k: str(v) for k, v in (initNs or {}).items()} or None
        return self._query(sparql, merged, prefixes)

    def document_hash(self, doc_id: str) -> str | None:
        """The stored content hash of a document, or None if it is not in the store."""
        rows = list(self.query(
            "SELECT ?g ?h WHERE { GRAPH ?g { ?g <https://w3id.org/kg-news/ns#contentHash> ?h } }",
            {"g": mint("doc", doc_id)},
        ))
        return str(rows[0][1]) if rows else None

    def documents(self) -> list[DocumentInfo]:
        """Every document in the store, ordered by id."""
        out = []
        for row in self.query(_DOCS_QUERY):
            out.append(DocumentInfo(
                id=str(row.id), iri=str(row.g), content_hash=str(row.hash),
                title=None if row.title is None else str(row.title),
                date=None if row.date is None else str(row.date),
                source=None if row.source is None else str(row.source),
            ))
        return out

    def stats(self) -> StoreStats:
        """Counts of documents, actors, assertions by polarity, direct and total triples."""
        def ints(sparql: str) -> list[int]:
            row = next(iter(self.query(sparql)))
            return [int(v) if v is not None else 0 for v in row]

        documents, actors, assertions = ints(_STATS_QUERY)
        cooperation, conflict, negated, hedged = ints(_ASSERTION_QUERY)
        (direct,) = ints(_DIRECT_QUERY)
        (triples,) = ints("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
        return StoreStats(documents, actors, assertions, cooperation, conflict, negated, hedged, direct, triples)

    def union_graph(self) -> Graph:
        """An in-memory rdflib ``Graph`` copy of the union of all graphs (for pyshacl, compare, networkx)."""
        from kg.rdf import bind_prefixes

        graph = bind_prefixes(Graph())
        for quad in self.quads():
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        return graph

    def dataset(self) -> Dataset:
        """An in-memory rdflib ``Dataset`` copy, one named graph per document plus the ontology."""
        from kg.rdf import bind_prefixes

        ds = Dataset()
        bind_prefixes(ds)
        for quad in self.quads():
            ds.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object),
                    from_ox(quad.graph_name)))
        return ds

    def dump(self, format: str = "turtle") -> bytes:
        """Serialise the store: triple formats get the union, ``trig`` / ``nquads`` the named graphs.

        ``format`` is one of :data:`FORMATS`. Raises ``QueryError`` for an unknown one.
        """
        from kg.rdf import PREFIXES

        if format not in FORMATS:
            raise QueryError(f"unknown export format {format!r} (known: {', '.join(FORMATS)})")
        rdf_format, quads = FORMATS[format]
        prefixes = PREFIXES if format in ("turtle", "trig", "xml") else None
        items = self._dump_items(quads)
        if format == "xml":  # RDF/XML cannot write a prefix for a namespace ending in '/': keep ours that end in '#'
            prefixes = {k: v for k, v in PREFIXES.items() if v.endswith("#")}
        return ox.serialize(items, format=rdf_format, prefixes=prefixes) if prefixes else \
            ox.serialize(items, format=rdf_format)

    def _dump_items(self, quads: bool) -> Iterable[Any]:
        """Quads (sorted by graph) or the union's distinct triples (sorted by subject) to serialise."""
        if quads:
            return sorted(self.quads(), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate),
                                                       str(q.object)))
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
        from kg.rdf import document_parts

        graph = mint("doc", doc.id)
        try:
            own, actors = document_parts(doc, mentions)
            body = "\n".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ." for s, p, o in own)
            described = "\n".join(
                f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ." for triples in actors.values() for s, p, o in triples)
            redescribe = [nt_term(mint("actor", a)) for a in sorted(actors)]
        except ValueError as err:
            raise StoreError(f"document {doc.id!r} cannot be written: {err}") from None
        orphans = [nt_term(a) for a in self._actors_of(graph) if nt_term(a) not in set(redescribe)]
        tallies = set(self._tallies_of(graph)) | {o for _, p, o in own if p == _TALLY}
        parts = [f"DROP SILENT GRAPH {nt_term(graph)}"]
        if redescribe:
            parts.append(f"DELETE {{ GRAPH {nt_term(ACTORS_GRAPH)} {{ ?a ?p ?o }} }} WHERE {{ "
                         f"VALUES ?a {{ {' '.join(redescribe)} }} GRAPH {nt_term(ACTORS_GRAPH)} {{ ?a ?p ?o }} }}")
        parts.append(f"INSERT DATA {{ GRAPH {nt_term(graph)} {{\n{body}\n}}\n"
                     f"GRAPH {nt_term(ACTORS_GRAPH)} {{\n{described}\n}} }}")
        if orphans:
            parts.append(self._orphan_update(orphans))
        parts += tally_operations(tallies)
        self.update(self._join_operations(parts))
        return True

    @staticmethod
    def _join_operations(operations: list[str]) -> str:
        """One SPARQL Update request (one transaction) made of several operations."""
        return " ;\n".join(operations)

    def _actors_of(self, graph: URIRef) -> list[URIRef]:
        rows = self.query(
            "SELECT DISTINCT ?g ?a WHERE { GRAPH ?g { ?x <https://w3id.org/kg-news/ns#subject>"
            "|<https://w3id.org/kg-news/ns#object>|<https://w3id.org/kg-news/ns#attributedTo> ?a } }",
            {"g": graph})
        return [URIRef(r[1]) for r in rows]

    @staticmethod
    def _orphan_update(actors: list[str]) -> str:
        """Delete the descriptions of these actors if no document mentions them any more."""
        g = nt_term(ACTORS_GRAPH)
        return (f"DELETE {{ GRAPH {g} {{ ?a ?p ?o }} }} WHERE {{ VALUES ?a {{ {' '.join(actors)} }} "
                f"GRAPH {g} {{ ?a ?p ?o }} FILTER NOT EXISTS {{ GRAPH ?d {{ ?x "
                f"<https://w3id.org/kg-news/ns#subject>|<https://w3id.org/kg-news/ns#object>"
                f"|<https://w3id.org/kg-news/ns#attributedTo> ?a }} }} }}")

    @staticmethod
    def _replace_graph_update(graph: URIRef, body: str) -> str:
        g = nt_term(graph)
        return f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}"

    def remove_document(self, doc_id: str) -> bool:
        """Delete a document's graph (its assertions and the direct triples only it supported).

        The tallies its assertions counted are recomputed in the same update.
        Returns False if the store has no such document.
        """
        if self.document_hash(doc_id) is None:
            return False
        graph = mint("doc", doc_id)
        orphans = [nt_term(a) for a in self._actors_of(graph)]
        parts = [f"DROP SILENT GRAPH {nt_term(graph)}"]
        if orphans:
            parts.append(self._orphan_update(orphans))
        parts += tally_operations(self._tallies_of(graph))
        self.update(self._join_operations(parts))
        return True

    def _tallies_of(self, graph: URIRef) -> list[URIRef]:
        """The pair tallies the assertions of one document graph point at."""
        rows = self.query(f"SELECT DISTINCT ?g ?t WHERE {{ GRAPH ?g {{ ?a {_k('tally')} ?t }} }}", {"g": graph})
        return [URIRef(r[1]) for r in rows]

    def has_current_tallies(self) -> bool:
        """Whether the store's pair tallies have the current layout (:data:`TALLY_VERSION`)."""
        g = nt_term(TALLIES_GRAPH)
        return bool(self.query(
            f"ASK {{ GRAPH {g} {{ {g} {_k('tallyVersion')} {TALLY_VERSION} }} }}").askAnswer)

    def rebuild_tallies(self) -> None:
        """Recompute every pair tally from the assertions, in one update (one transaction).

        Also points assertions written before tallies existed at their tally.
        Used once on stores from before tallies and after a bulk load; it
        reads every assertion (about a minute per million triples on disk).
        """
        g = nt_term(TALLIES_GRAPH)
        parts = [_link_operation(), f"DROP SILENT GRAPH {g}", *tally_operations(None),
                 f"INSERT DATA {{ GRAPH {g} {{ {g} {_k('tallyVersion')} {TALLY_VERSION} }} }}"]
        self.update(self._join_operations(parts))

    def ensure_tallies(self) -> bool:
        """Rebuild the tallies unless they are current. True if it rebuilt them."""
        if self.has_current_tallies():
            return False
        self.rebuild_tallies()
        return True

    def load_ontology(self) -> bool:
        """Put ``kg.ttl`` in the ontology graph unless the same version is there. True if it wrote."""
        path = ontology_path("kg.ttl")
        text = path.read_bytes()
        digest = hashlib.sha256(text).hexdigest()
        hash_prop = URIRef(_KG + "contentHash")
        rows = list(self.query("SELECT ?g ?p ?h WHERE { GRAPH ?g { ?g ?p ?h } }",
                               {"g": ONTOLOGY_GRAPH, "p": hash_prop}))
        if rows and str(rows[0][2]) == digest:
            return False
        onto = Graph().parse(data=text, format="turtle")
        onto.add((ONTOLOGY_GRAPH, hash_prop, Literal(digest)))
        body = "\n".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ." for s, p, o in onto)
        self.update(self._replace_graph_update(ONTOLOGY_GRAPH, body))
        return True


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
            self._ox = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
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
        try:
            res = self._ox.query(inline_values(sparql, bindings), use_default_graph_as_union=True,
                                 prefixes=prefixes)
            return _result_from_ox(res)
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


# --------------------------------------------------------------------------- remote

_TOKEN = re.compile(
    r"""(?P<skip>\#[^\n]*|"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}"""
    r"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\x00-\x20]*>)"""
    r"""|(?P<var>[?$][A-Za-z_0-9\u00b7\u00c0-\uffff]+)|(?P<word>[A-Za-z_][A-Za-z_0-9]*)|(?P<open>\{)"""
    r"""|(?P<paren>[()])|(?P<star>\*)|.""",
    re.S,
)


def inline_values(sparql: str, bindings: Mapping[str, Node | tuple[Node, ...]]) -> str:
    """Bind variables with ``VALUES`` blocks of escaped terms, placed where the engine can use them.

    A block goes at the top of the WHERE group of every (sub)query that
    projects a bound variable (all of them for ``SELECT *``, ASK, CONSTRUCT),
    so the value constrains the evaluation from the start -- the meaning of
    SEP-0007 substitution. A bound variable no SELECT projects is joined at
    the top of the outermost WHERE group. Values are written with
    :func:`nt_term`: each is one complete term, so no value can change the
    query's structure.

    A tuple of terms binds the variable to each of them (one ``VALUES`` row
    per combination).

    Why not Oxigraph's ``substitutions``: pyoxigraph 0.5 applies them after
    evaluating the query, not during it (measured 20x slower on a 23k-quad
    store; ``bench/store.py``), and a remote endpoint has no such API anyway.

    >>> inline_values('SELECT ?x WHERE { ?x ?p "{" }', {"x": URIRef("http://a")})
    'SELECT ?x WHERE { VALUES (?x) { (<http://a>) } ?x ?p "{" }'
    >>> inline_values('SELECT ?x WHERE { ?x ?p ?o }', {"x": (URIRef("http://a"), URIRef("http://b"))})
    'SELECT ?x WHERE { VALUES (?x) { (<http://a>) (<http://b>) } ?x ?p ?o }'
    """
    if not bindings:
        return sparql
    inserts: list[tuple[int, list[str]]] = []
    top: int | None = None
    form: str | None = None
    select: set[str] | None = None   # variables of the SELECT clause being read
    star = False
    parens = 0
    after_where = False
    used: set[str] = set()
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup
        if kind == "word":
            word = m.group().upper()
            if word == "SELECT":
                select, star, parens = set(), False, 0
                form = form or "SELECT"
            elif word in ("ASK", "CONSTRUCT", "DESCRIBE") and form is None:
                form = word
            elif word == "WHERE":
                after_where = True
        elif select is not None and kind == "var":
            select.add(m.group()[1:])
        elif select is not None and kind == "paren":
            parens += 1 if m.group() == "(" else -1
        elif select is not None and kind == "star" and parens == 0:
            star = True
        elif kind == "open":
            if select is not None:
                names = sorted(bindings) if star else sorted(select & set(bindings))
                inserts.append((m.end(), names))
                used.update(names)
                top = m.end() if top is None else top
                select = None
            elif top is None and (after_where or form in ("ASK", "DESCRIBE")):
                inserts.append((m.end(), sorted(bindings)))
                used.update(bindings)
                top = m.end()
            after_where = False
    if top is None:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    rest = sorted(set(bindings) - used)
    out = sparql
    for pos, names in sorted(inserts, reverse=True):
        if pos == top:
            names = sorted(set(names) | set(rest))
        if names:
            choices = [bindings[n] if isinstance(bindings[n], tuple) else (bindings[n],) for n in names]
            rows = " ".join("(" + " ".join(nt_term(term) for term in row) + ")" for row in product(*choices))
            block = " VALUES (" + " ".join(f"?{n}" for n in names) + ") { " + rows + " }"
            out = out[:pos] + block + out[pos:]
    return out


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint over HTTP (Oxigraph server, Fuseki, …) used through the SPARQL protocol."""

    def __init__(self, location: str, *, timeout: float = 60.0) -> None:
        self.location = location
        parsed = urllib.parse.urlsplit(location)
        path = parsed.path.rstrip("/")
        if not path:
            self.query_url = location.rstrip("/") + "/query"
            self.update_url = location.rstrip("/") + "/update"
        elif path.endswith(("/query", "/sparql")):
            self.query_url = location
            self.update_url = urllib.parse.urlunsplit(parsed._replace(path=path.rsplit("/", 1)[0] + "/update"))
        else:
            self.query_url = self.update_url = location
        self.timeout = timeout

    def _post(self, url: str, body: str, content_type: str, accept: str | None = None) -> tuple[str, bytes]:
        headers = {"Content-Type": f"{content_type}; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        request = urllib.request.Request(url, data=body.encode("utf-8"), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace").strip().splitlines()
            msg = f"{self.location}: HTTP {err.code}: {detail[0] if detail else err.reason}"
            if err.code == 400:
                raise QueryError(msg) from None
            raise StoreError(msg) from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise StoreError(f"cannot reach SPARQL endpoint {self.location}: {reason}") from None

    def _query(self, sparql: str, bindings: dict[str, Node], prefixes: dict[str, str] | None) -> Result:
        if prefixes:
            sparql = "".join(f"PREFIX {k}: {nt_term(URIRef(v))}\n" for k, v in prefixes.items()) + sparql
        sparql = inline_values(sparql, bindings)
        ctype, body = self._post(
            self.query_url, sparql, "application/sparql-query",
            "application/sparql-results+json, application/n-triples;q=0.9",
        )
        if "json" in ctype:
            data = json.loads(body)
            if "boolean" in data:
                out = Result("ASK")
                out.askAnswer = bool(data["boolean"])
                return out
            out = Result("SELECT")
            out.vars = [Variable(v) for v in data["head"].get("vars", [])]
            out.bindings = [
                {Variable(k): _json_term(v) for k, v in row.items()} for row in data["results"]["bindings"]
            ]
            return out
        out = Result("CONSTRUCT")
        out.graph = Graph().parse(data=body.decode("utf-8"), format="nt")
        return out

    def update(self, sparql: str) -> None:
        self._post(self.update_url, sparql, "application/sparql-update")

    def quads(self) -> Iterator[ox.Quad]:
        res = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        for s, p, o, g in res:
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g))


def _json_term(value: dict) -> Node:
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    dtype = value.get("datatype")
    if dtype and dtype != str(XSD.string):
        return Literal(value["value"], datatype=URIRef(dtype))
    return Literal(value["value"])


# --------------------------------------------------------------------------- opening


def open_store(location: str | os.PathLike[str] | None = None, *, read_only: bool = False,
               create: bool = True) -> Store:
    """Open (or create) the store at ``location`` and make sure the ontology graph and tallies are current.

    A store written before pair tallies existed gets them built on its first
    writable open (one update; about a minute per million triples). A
    read-only open changes nothing: the named queries, which read tallies,
    answer nothing from such a store until it has been opened for writing once.

    Parameters
    ----------
    location
        A directory, ``"memory"``, or an ``http(s)://`` SPARQL endpoint URL;
        None means :func:`default_location`.
    read_only
        Open an embedded store without taking its write lock (for readers;
        do not write to it from another process meanwhile).
    create
        Create a missing store directory (False: a missing store is an error).

    Raises
    ------
    StoreError
        The location cannot be opened: missing parent, not a directory,
        permission denied, locked by another process, endpoint unreachable.
    """
    location = str(location) if location is not None else default_location()
    store: Store
    if location.startswith(("http://", "https://")):
        store = RemoteStore(location)
        store.load_ontology()
        if not store.query("ASK { <https://w3id.org/kg-news/ns#supports> ?p ?o }").askAnswer:
            raise StoreError(
                f"SPARQL endpoint {location} does not query the union of its named graphs by default "
                "(for Oxigraph start it with `oxigraph serve --union-default-graph`)"
            )
        store.ensure_tallies()
        return store
    store = OxigraphStore(location, read_only=read_only, create=create)
    if not read_only:
        try:
            store.load_ontology()
            store.ensure_tallies()
        except BaseException:
            store.close()
            raise
    return store
