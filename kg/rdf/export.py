"""``kg export``: the store's data as RDF, and the names, extensions and checks of every export format.

What leaves the store, by default: the data only -- the actor descriptions and
each document's graph (the article, its assertions, the direct relation
triples). ``with_ontology=True`` adds the vocabulary (``kg/data/kg.ttl``, the
one this version of kg reads). The pair tallies are derived counts the store
keeps for the named queries: they never leave it, nor do the assertions'
links to them (``kg:tally``) or the store's own bookkeeping.

RDF formats: ``turtle``, ``nt``, ``json-ld`` (compacted with the kg
``@context``, :mod:`kg.rdf.jsonld`), ``xml`` (RDF/XML) hold the union of the
graphs; ``trig`` and ``nquads`` keep one named graph per document. The
actor-network formats ``graphml`` and ``gexf`` are the analysis's view of the
data and are made by :mod:`kg.render.network`; this module only knows their
names. :func:`resolve_format` takes a format name (aliases such as ``ttl``,
``jsonld``) or infers it from the output file's extension.

Characters a format cannot hold: Turtle, N-Triples, TriG, N-Quads and JSON-LD
escape every character (``\\u0007``). XML 1.0 has no way to hold most control
characters, escaped or not, so RDF/XML refuses a literal with one (one line
naming it); a carriage return is written as ``&#13;``, which a parser would
otherwise read as a line feed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.errors import KgError, QueryError
from kg.names import closest
from kg.rdf.namespace import KG, PREFIXES, compact

#: RDF formats (the store's data) and actor-network formats (:mod:`kg.render.network`).
RDF_FORMATS = ("turtle", "nt", "json-ld", "xml", "trig", "nquads")
GRAPH_FORMATS = ("graphml", "gexf")
EXPORT_FORMATS = RDF_FORMATS + GRAPH_FORMATS
#: Other names accepted for a format.
ALIASES = {
    "ttl": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "jsonld": "json-ld",
    "json": "json-ld",
    "rdf": "xml",
    "rdfxml": "xml",
    "rdf-xml": "xml",
    "rdf/xml": "xml",
    "nq": "nquads",
    "n-quads": "nquads",
}
#: Output file extension -> format, when ``--format`` is not given.
EXTENSIONS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
    ".trig": "trig",
    ".nq": "nquads",
    ".graphml": "graphml",
    ".gexf": "gexf",
}

#: Characters XML 1.0 cannot hold in any form (its ``Char`` production leaves them out).
XML_UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def format_name(name: str) -> str:
    """The export format a name means (case-insensitive, aliases accepted).

    >>> format_name("TTL"), format_name("jsonld"), format_name("graphml")
    ('turtle', 'json-ld', 'graphml')
    >>> format_name("yaml")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: unknown export format 'yaml'; did you mean: xml, graphml? (known: turtle (ttl), nt, json-ld (jsonld), xml (rdf), trig, nquads (nq), graphml, gexf)
    """
    key = name.strip().lower()
    if key in EXPORT_FORMATS:
        return key
    if key in ALIASES:
        return ALIASES[key]
    short = {"turtle": "ttl", "json-ld": "jsonld", "xml": "rdf", "nquads": "nq"}
    known = ", ".join(f"{f} ({short[f]})" if f in short else f for f in EXPORT_FORMATS)
    close = closest(name, [*EXPORT_FORMATS, *ALIASES])
    hint = f"did you mean: {', '.join(dict.fromkeys(format_name(c) for c in close))}? " if close else ""
    raise QueryError(f"unknown export format {name!r}; {hint}(known: {known})")


def resolve_format(format: str | None, output: str | Path | None) -> str:
    """The format to write: ``format`` if given, else the one ``output``'s extension names, else Turtle (stdout).

    >>> resolve_format(None, "out/graph.GraphML"), resolve_format("ttl", "x.bin"), resolve_format(None, None)
    ('graphml', 'turtle', 'turtle')
    >>> resolve_format(None, "graph.yaml")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: cannot tell the export format of graph.yaml from its extension '.yaml': give --format, or use one of .ttl .nt .jsonld .json .rdf .xml .owl .trig .nq .graphml .gexf
    """
    if format:
        return format_name(format)
    if output is None or str(output) == "-":
        return "turtle"
    suffix = Path(output).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    told = f"its extension {suffix!r}" if suffix else "its name (it has no extension)"
    raise QueryError(
        f"cannot tell the export format of {output} from {told}: give --format, or use one of {' '.join(EXTENSIONS)}"
    )


# -------------------------------------------------------------------- what leaves the store


def data_quads(store) -> Iterator[Any]:
    """The store's data as pyoxigraph quads: the actors graph and the documents' graphs, without ``kg:tally`` links.

    Chosen by what they are, not by what to leave out: every other graph
    (ontology, tallies, any derived data a store keeps) stays in the store.
    """
    from kg.store import ACTORS_GRAPH

    actors, documents = str(ACTORS_GRAPH), PREFIXES["doc"]
    tally = str(KG.tally)
    for quad in store.quads():
        graph = quad.graph_name.value if hasattr(quad.graph_name, "value") else ""
        if (graph == actors or graph.startswith(documents)) and quad.predicate.value != tally:
            yield quad


def ontology_quads() -> Iterator[Any]:
    """The vocabulary (``kg.ttl``) as pyoxigraph quads in the store's ontology graph."""
    import pyoxigraph as ox

    from kg.rdf.ontology import _ontology_graph
    from kg.store import ONTOLOGY_GRAPH
    from kg.store.terms import to_ox

    graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
    for s, p, o in _ontology_graph():
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)  # type: ignore[arg-type]  # kg.ttl: no literal subjects


def check_xml_text(triples: Iterable[Any], format: str = "xml") -> None:
    """Refuse (``KgError``, one line) a literal holding a character XML 1.0 cannot hold."""
    import pyoxigraph as ox

    for t in triples:
        if isinstance(t.object, ox.Literal):
            bad = XML_UNFIT.search(t.object.value)
            if bad:
                subject = (
                    compact(t.subject.value) or t.subject.value if isinstance(t.subject, ox.NamedNode) else t.subject
                )
                predicate = compact(t.predicate.value) or t.predicate.value
                raise KgError(
                    f"cannot export as {format}: the {predicate} of {subject} holds U+{ord(bad.group()):04X}, "
                    "a character XML 1.0 cannot hold; export turtle, nt or json-ld instead (they escape it)"
                )


def export(store, format: str = "turtle", *, with_ontology: bool = False) -> bytes:
    """The store's data in an RDF format (a name or alias of :data:`RDF_FORMATS`), as bytes.

    Examples
    --------
    >>> from kg.store import open_store
    >>> with open_store("memory") as s:  # an empty store: no data, but the vocabulary if asked for
    ...     export(s, "nt"), b"owl:Ontology" in export(s, "ttl", with_ontology=True)
    (b'', True)
    """
    import pyoxigraph as ox

    from kg.store import FORMATS

    format = format_name(format)
    if format in GRAPH_FORMATS:
        raise QueryError(f"{format} is an actor-network format: use kg.render.network.export_network")
    quads: Iterable[Any] = data_quads(store)
    if with_ontology:
        quads = itertools.chain(quads, ontology_quads())
    rdf_format, named_graphs = FORMATS[format]
    # in the store's own order (grouped by graph, then subject: compact Turtle, no sort to pay for);
    # the union is a bag, so triple formats keep the first of each triple
    items: Iterable[Any] = (
        quads if named_graphs else dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    )
    if format == "json-ld":
        from kg.rdf.jsonld import compact_jsonld
        from kg.store.terms import from_ox

        return compact_jsonld((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in items)
    if format == "xml":
        items = list(items)
        check_xml_text(items)
        # RDF/XML cannot write a prefix for a namespace ending in '/': keep ours that end in '#'
        prefixes = {k: v for k, v in PREFIXES.items() if v.endswith("#")}
        return (ox.serialize(items, format=rdf_format, prefixes=prefixes) or b"").replace(b"\r", b"&#13;")
    if format in ("turtle", "trig"):
        return ox.serialize(items, format=rdf_format, prefixes=PREFIXES) or b""
    return ox.serialize(items, format=rdf_format) or b""  # (None only when given a file to write to)
