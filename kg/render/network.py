"""The actor network as a file for Gephi and networkx: GraphML and GEXF 1.3 (``kg export --format graphml|gexf``).

The network is the analysis's signed graph (:func:`kg.analysis.signed_graph`),
so it says what ``kg analyze`` says: one node per actor after the roll-up
(governments, militaries and officials count as their state unless
``keep_parts``, :mod:`kg.analysis.rollup`), one undirected edge per related
pair, negated statements left out.

Nodes: ``label``, ``kind``, ``wikidata`` (a Q id, or absent), ``camp`` (the
camp of :func:`kg.analysis.find_camps` on the whole graph, for its decided
members only), ``status`` (``camp``, ``apart`` or ``undecided``), ``group``
(connected component, 1 the largest), ``parts`` (what was folded in).
Edges: ``weight`` (number of assertions: the edge weight Gephi reads),
``polarity`` (the pair's sign: ``cooperation`` / ``conflict``),
``ambivalent``, ``cooperation`` / ``conflict`` (assertion counts),
``net_weight`` (evidence the sign stands on), ``first_date`` / ``last_date``
(absent when undated), ``relations`` (``supports ×2, fights``).

XML 1.0 cannot hold most control characters; a label holding one is refused
(one line naming the actor) rather than written as a file Gephi rejects.
"""

from __future__ import annotations

import io
import re
from typing import Any

from kg.errors import KgError
from kg.rdf.export import XML_UNFIT
from kg.rdf.namespace import sparql_prefixes

NETWORK_FORMATS = ("graphml", "gexf")

_WIKIDATA = (
    sparql_prefixes(("kg", "owl", "wd"))
    + """
SELECT ?actor ?same WHERE { ?actor a kg:Actor ; owl:sameAs ?same . FILTER(STRSTARTS(STR(?same), STR(wd:))) }
"""
)
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def _wikidata_ids(source: Any) -> dict[str, str]:
    """Actor IRI -> Wikidata id (``Q794``); the smallest when an actor has several."""
    from kg.analysis.signed import _query

    out: dict[str, str] = {}
    for row in _query(source, _WIKIDATA):
        qid = str(row[1]).rsplit("/", 1)[-1]
        iri = str(row[0])
        if iri not in out or qid < out[iri]:
            out[iri] = qid
    return out


def actor_network(source: Any, *, keep_parts: bool = False):
    """The signed actor graph of ``source`` with the attributes written to GraphML / GEXF (module docstring).

    Examples
    --------
    >>> from kg.analysis.examples import story_graph
    >>> G = actor_network(story_graph())
    >>> G.nodes["iran"]["camp"], G.nodes["isis"]["status"], "camp" in G.nodes["isis"]
    ('1A', 'apart', False)
    >>> e = G.edges["iran", "united-states"]
    >>> e["weight"], e["polarity"], e["ambivalent"], e["first_date"], e["last_date"]
    (5, 'conflict', True, '2014-08-20', '2015-03-02')
    """
    import networkx as nx

    from kg.analysis.camps import find_camps
    from kg.analysis.signed import signed_graph

    signed = signed_graph(source, merge_parts=not keep_parts)
    cp = find_camps(signed) if signed.number_of_nodes() else None
    wikidata = _wikidata_ids(source) if signed.number_of_nodes() else {}
    G = nx.Graph()
    for node, d in sorted(signed.nodes(data=True)):
        attrs: dict[str, Any] = {"label": d["label"], "kind": d.get("kind") or "Actor"}
        if wikidata.get(d.get("iri", "")):
            attrs["wikidata"] = wikidata[d["iri"]]
        if cp is not None:
            attrs["status"] = cp.status[node]
            attrs["group"] = cp.group_of[node]
            if cp.camp_of[node] is not None:
                attrs["camp"] = cp.camp_of[node]
        if d.get("parts"):
            attrs["parts"] = "; ".join(d["parts"])
        G.add_node(node, **attrs)
    for u, v, d in sorted(signed.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        attrs = {
            "label": "cooperation" if d["sign"] > 0 else "conflict",
            "weight": int(d["weight"]),
            "polarity": "cooperation" if d["sign"] > 0 else "conflict",
            "ambivalent": bool(d["ambivalent"]),
            "cooperation": int(d["cooperation"]),
            "conflict": int(d["conflict"]),
            "net_weight": float(d["net_weight"]),
            "relations": ", ".join(f"{p} ×{n}" if n > 1 else p for p, n in d["predicates"].items()),
        }
        if d.get("dates"):
            attrs.update(first_date=d["dates"][0], last_date=d["dates"][-1])
        G.add_edge(u, v, **attrs)
    G.graph["name"] = "kg actor network"
    return G


def _check_text(G) -> None:
    """Refuse a node or edge whose text XML 1.0 cannot hold (one line naming it)."""

    def bad(values) -> re.Match | None:
        for value in values:
            if isinstance(value, str):
                m = XML_UNFIT.search(value)
                if m:
                    return m
        return None

    for node, d in G.nodes(data=True):
        m = bad([str(node), *d.values()])
        if m:
            raise KgError(
                f"cannot export the actor network: actor {str(node)!r} ({d.get('label', '')!r}) holds "
                f"U+{ord(m.group()):04X}, a character XML 1.0 cannot hold; export turtle or json-ld instead"
            )
    for u, v, d in G.edges(data=True):
        m = bad(d.values())
        if m:
            raise KgError(
                f"cannot export the actor network: the relation {u!r} – {v!r} holds U+{ord(m.group()):04X}, "
                "a character XML 1.0 cannot hold; export turtle or json-ld instead"
            )


def _escape_cr(data: bytes) -> bytes:
    # a carriage return in element text would be read back as a line feed (XML end-of-line handling);
    # the writers emit none of their own, so every one is from the data
    return data.replace(b"\r", b"&#13;")


def gexf_bytes(G) -> bytes:
    """GEXF 1.3 that validates against the GEXF 1.3 schema (networkx's writer, two of its slips mended).

    networkx 3.6 writes the XML Schema instance namespace without ``www.`` (so
    ``xsi:schemaLocation`` is an undeclared attribute) and a ``name`` on
    ``<graph>``, which the 1.3 schema does not allow; its meta date is the day
    of writing, dropped here so the same store gives the same file.
    """
    from networkx.readwrite.gexf import GEXFWriter

    from kg import __version__

    writer = GEXFWriter(version="1.3", prettyprint=True)
    writer.xml.set("xmlns:xsi", _XSI)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
        creator = meta.find("creator")
        if creator is not None:
            creator.text = f"kg {__version__} (networkx)"
    writer.add_graph(G)
    writer.graph_element.attrib.pop("name", None)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def network_bytes(G, format: str) -> bytes:
    """``G`` as GraphML or GEXF 1.3 bytes; refuses text XML cannot hold."""
    import networkx as nx

    if format not in NETWORK_FORMATS:
        raise KgError(f"unknown actor-network format {format!r} (known: {', '.join(NETWORK_FORMATS)})")
    _check_text(G)
    if format == "gexf":
        return _escape_cr(gexf_bytes(G))
    buf = io.BytesIO()
    nx.write_graphml(G, buf)
    return _escape_cr(buf.getvalue())


def export_network(source: Any, format: str, *, keep_parts: bool = False) -> bytes:
    """The actor network of ``source`` (a store, an rdflib graph) as ``graphml`` or ``gexf`` bytes."""
    return network_bytes(actor_network(source, keep_parts=keep_parts), format)
