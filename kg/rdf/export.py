"""Export the store: RDF formats through Oxigraph, GraphML / GEXF through networkx.

RDF formats (``turtle``, ``nt``, ``json-ld``, ``xml``) hold the union of all
graphs; ``trig`` and ``nquads`` keep one named graph per document. The graph
formats (``graphml``, ``gexf``) hold the actor network: one node per actor
(label, kind, Wikidata id) and one edge per direct relation triple (predicate,
polarity, sign, number of supporting non-negated mentions, best confidence).
"""

from __future__ import annotations

import io
from pathlib import Path

from kg.errors import InputError, QueryError
from kg.rdf.namespace import sparql_prefixes

#: RDF formats the store serialises itself (``kg.store.FORMATS``), then the actor-network ones.
GRAPH_FORMATS = ("graphml", "gexf")
EXPORT_FORMATS = ("turtle", "json-ld", "nt", "trig", "nquads", "xml", *GRAPH_FORMATS)

_NODES = (
    sparql_prefixes(("kg", "rdfs", "owl"))
    + """
SELECT ?actor (SAMPLE(?l) AS ?label) (SAMPLE(?k) AS ?kind) (SAMPLE(?wd) AS ?wikidata) WHERE {
  ?actor a kg:Actor .
  OPTIONAL { ?actor rdfs:label ?l }
  OPTIONAL { ?actor a ?class . FILTER (?class != kg:Actor) BIND (STRAFTER(STR(?class), "#") AS ?k) }
  OPTIONAL { ?actor owl:sameAs ?same . BIND (STRAFTER(STR(?same), "entity/") AS ?wd) }
} GROUP BY ?actor
"""
)

_EDGES = (
    sparql_prefixes(("kg", "rdfs"))
    + """
SELECT ?s ?p ?o ?polarity (COUNT(DISTINCT ?a) AS ?mentions) (MAX(?c) AS ?confidence) WHERE {
  ?p rdfs:subPropertyOf+ kg:relation ; kg:polarity ?polarity .
  ?s ?p ?o .
  OPTIONAL { ?a kg:subject ?s ; kg:predicate ?p ; kg:object ?o ; kg:negated false ; kg:confidence ?c }
} GROUP BY ?s ?p ?o ?polarity
"""
)


def _local(iri: object, sep: str) -> str:
    return str(iri).rsplit(sep, 1)[-1]


def actor_network(store):
    """The actor network as a ``networkx.MultiDiGraph`` (edge key = predicate local name).

    Nodes are actor ids (``iran``) with ``label``, ``kind``, ``wikidata``, ``iri``;
    edges carry ``predicate``, ``polarity`` (``cooperation``/``conflict``),
    ``sign`` (+1/-1), ``mentions`` and ``confidence``.
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    for row in store.query(_NODES):
        node = _local(row.actor, "/")
        graph.add_node(
            node,
            iri=str(row.actor),
            label=str(row.label or node),
            kind=str(row.kind or "Actor"),
            wikidata=str(row.wikidata or ""),
        )
    for row in store.query(_EDGES):
        s, o, pred = _local(row.s, "/"), _local(row.o, "/"), _local(row.p, "#")
        for node, iri in ((s, row.s), (o, row.o)):
            if node not in graph:  # a relation to an actor described nowhere (kept, flagged by kind)
                graph.add_node(node, iri=str(iri), label=node, kind="Actor", wikidata="")
        polarity = _local(row.polarity, "#").lower()
        graph.add_edge(
            s,
            o,
            key=pred,
            predicate=pred,
            polarity=polarity,
            sign=1 if polarity == "cooperation" else -1,
            mentions=int(row.mentions or 0),
            confidence=float(row.confidence) if row.confidence is not None else 0.0,
        )
    return graph


def export(store, format: str = "turtle") -> bytes:
    """Serialise ``store`` in ``format`` (one of :data:`EXPORT_FORMATS`).

    Examples
    --------
    >>> from kg.store import open_store
    >>> with open_store("memory") as s:
    ...     b"@prefix kg:" in export(s, "turtle")
    True
    """
    if format not in EXPORT_FORMATS:
        raise QueryError(f"unknown export format {format!r} (known: {', '.join(EXPORT_FORMATS)})")
    if format in GRAPH_FORMATS:
        import networkx as nx

        graph = actor_network(store)
        buf = io.BytesIO()
        if format == "graphml":
            nx.write_graphml(graph, buf)
        else:
            nx.write_gexf(graph, buf)
        return buf.getvalue()
    return store.dump(format)


def export_to(store, format: str, output: str | Path | None) -> bytes | None:
    """Export to ``output`` (a file path; parent folders are created) or return the bytes if None."""
    data = export(store, format)
    if output is None or str(output) == "-":
        return data
    path = Path(output)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as err:
        raise InputError(f"cannot write {path}: {err.strerror or err}") from None
    return None
