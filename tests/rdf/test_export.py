"""kg export: the data only, every format round trips, names and extensions, Gephi's schema, hostile text."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from conftest import IRAN, IRAQ_GOV, ISIS, MILITIAS, USA, mention
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import XSD
from typer.testing import CliRunner

from kg.cli import app
from kg.model import Actor, Document
from kg.rdf.iris import mint
from kg.rdf.jsonld import jsonld_context
from kg.rdf.namespace import KG, KG_NS, sparql_prefixes
from kg.rdf.ontology import _ontology_graph
from kg.rdf.write import document_parts
from kg.store import ACTORS_GRAPH, open_store

runner = CliRunner()
GEXF_SCHEMA = Path(__file__).parent / "gexf-1.3" / "gexf.xsd"
IRAQ = Actor("iraq", "Iraq", "State", wikidata="Q796")
POLARITY_COUNT = (
    sparql_prefixes(("kg",))
    + """
SELECT ?pol (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x kg:polarity ?pol } GROUP BY ?pol
"""
)


def kg(*args: str):
    return runner.invoke(app, list(args))


def doc_c():
    """The Iraqi government backs the militias and fights ISIS; the US backs Iraq."""
    doc = Document("c.txt", "Baghdad backs the militias. Baghdad fights ISIS. The US backs Iraq.", date="2016-05-01")
    return doc, [
        mention("c.txt", IRAQ_GOV, "supports", MILITIAS, "cooperation", confidence=0.8),
        mention("c.txt", IRAQ_GOV, "fights", ISIS, "conflict", start=27, confidence=0.9),
        mention("c.txt", USA, "supports", IRAQ, "cooperation", start=49, confidence=0.9),
    ]


@pytest.fixture
def docs(doc_a, doc_b):
    return [doc_a, doc_b, doc_c()]


@pytest.fixture
def built(tmp_path, docs):
    location = str(tmp_path / "store")
    with open_store(location) as s:
        for doc, mentions in docs:
            s.replace_document(doc, mentions)
    return location


def written(docs) -> Dataset:
    """What the writer made of the documents, graph by graph, without the store's links to its tallies."""
    ds = Dataset()
    for doc, mentions in docs:
        own, actors = document_parts(doc, mentions)
        g = ds.graph(mint("doc", doc.id))
        for t in own:
            if t[1] != KG.tally:
                g.add(t)
        for triples in actors.values():
            for t in triples:
                ds.graph(ACTORS_GRAPH).add(t)
    return ds


def plain(term):
    """RDF 1.1 makes "x"^^xsd:string and "x" one term; rdflib keeps them apart."""
    return Literal(str(term)) if isinstance(term, Literal) and term.datatype == XSD.string else term


def same(a: Graph, b: Graph) -> bool:
    """Isomorphic, taking "x"^^xsd:string and "x" as the same literal."""
    graphs = []
    for g in (a, b):
        out = Graph()
        for s, p, o in g:
            out.add((s, p, plain(o)))
        graphs.append(out)
    return isomorphic(*graphs)


def union(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _ in ds.quads():
        g.add((s, p, o))
    return g


def polarity_counts(graph: Graph) -> dict[str, int]:
    return {str(r.pol)[len(KG_NS) :]: int(r.n) for r in graph.query(POLARITY_COUNT)}


# ------------------------------------------------------------------ data only, round trips


@pytest.mark.parametrize(
    "fmt,ext,parse",
    [("turtle", "ttl", "turtle"), ("nt", "nt", "nt"), ("json-ld", "jsonld", "json-ld"), ("xml", "rdf", "xml")],
)
def test_an_rdf_export_is_exactly_the_data_written(built, docs, tmp_path, fmt, ext, parse):
    out = tmp_path / f"graph.{ext}"
    result = kg("export", "--store", built, "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    back = Graph().parse(out, format=parse)
    assert same(back, union(written(docs)))  # no ontology, no tallies, no kg:tally links
    assert not list(back.subjects(None, KG.PairTally)) and not list(back.triples((None, KG.tally, None)))


@pytest.mark.parametrize("fmt,parse", [("trig", "trig"), ("nquads", "nquads")])
def test_a_dataset_export_keeps_one_graph_per_document(built, docs, fmt, parse):
    result = kg("export", "--store", built, "--format", fmt)
    assert result.exit_code == 0, result.output
    back = Dataset().parse(data=result.stdout, format=parse)
    expected = written(docs)
    names = {g.identifier for g in back.graphs() if len(g)}
    assert names == {g.identifier for g in expected.graphs() if len(g)}
    assert names == {mint("doc", "a.txt"), mint("doc", "b.txt"), mint("doc", "c.txt"), ACTORS_GRAPH}
    for name in names:
        assert same(back.graph(name), expected.graph(name)), name


def test_derived_graphs_a_store_keeps_never_leave_it(built, docs):
    derived = mint("graph", "some-derived-data")
    with open_store(built) as s:
        s.update(f"INSERT DATA {{ GRAPH <{derived}> {{ <{mint('actor', 'iran')}> <{KG.mentions}> 7 }} }}")
    result = kg("export", "--store", built, "--format", "trig")
    back = Dataset().parse(data=result.stdout, format="trig")
    assert derived not in {g.identifier for g in back.graphs()}
    assert same(union(back), union(written(docs)))


def test_counting_assertions_by_polarity_in_the_turtle_export_gives_kg_stats(built):
    stats = json.loads(kg("stats", "--json", "--store", built).stdout)
    for extra in ([], ["--with-ontology"]):
        ttl = kg("export", "--store", built, "--format", "ttl", *extra).stdout
        counts = polarity_counts(Graph().parse(data=ttl, format="turtle"))
        assert counts == {"Cooperation": stats["cooperation"], "Conflict": stats["conflict"]}, extra
    assert stats["cooperation"] + stats["conflict"] == stats["assertions"] == 10


def test_with_ontology_adds_exactly_the_vocabulary(built, docs):
    ttl = kg("export", "--store", built, "--with-ontology").stdout
    back = Graph().parse(data=ttl, format="turtle")
    expected = union(written(docs))
    for t in _ontology_graph():
        expected.add(t)
    assert same(back, expected)
    # the vocabulary states a property's polarity with its own term, never kg:polarity
    assert back.value(KG.supports, KG.relationPolarity) == KG.Cooperation
    assert not list(back.triples((KG.supports, KG.polarity, None)))
    trig = kg("export", "--store", built, "--format", "trig", "--with-ontology").stdout
    graphs = {g.identifier for g in Dataset().parse(data=trig, format="trig").graphs() if len(g)}
    assert mint("graph", "ontology") in graphs and mint("graph", "tallies") not in graphs


def test_json_ld_is_compacted_with_the_kg_context(built, docs):
    result = kg("export", "--store", built, "--format", "jsonld")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["@context"]["kg"] == KG_NS and doc["@context"] == jsonld_context()
    nodes = {n["@id"]: n for n in doc["@graph"]}
    iran = nodes["actor:iran"]
    assert set(iran["@type"]) == {"Actor", "State"} and iran["supports"] == "actor:shia-militias"
    assertion = next(n for n in doc["@graph"] if n.get("@type") == "Assertion" and n["predicate"] == "kg:rivalOf")
    assert assertion["subject"] == "actor:usa" and assertion["polarity"] == "kg:Conflict"
    assert not any(key.startswith("http") for node in doc["@graph"] for key in node)  # nothing left expanded
    assert same(Graph().parse(data=result.stdout, format="json-ld"), union(written(docs)))


def test_the_ontology_puts_polarity_on_no_property():
    onto = _ontology_graph()
    assert {s for s in onto.subjects(KG.polarity, None)} == set()
    assert len(set(onto.subjects(KG.relationPolarity, None))) >= 20


# ------------------------------------------------------------------ names and extensions


@pytest.mark.parametrize(
    "args,name,check",
    [
        (["-o", "{d}/g.graphml"], "g.graphml", lambda p: nx.read_graphml(p).number_of_nodes() > 0),
        (["-o", "{d}/g.GEXF"], "g.GEXF", lambda p: nx.read_gexf(p).number_of_nodes() > 0),
        (["-o", "{d}/g.ttl"], "g.ttl", lambda p: len(Graph().parse(p, format="turtle")) > 0),
        (["-o", "{d}/g.jsonld"], "g.jsonld", lambda p: "@context" in json.loads(p.read_text())),
        (["-o", "{d}/g.nq"], "g.nq", lambda p: len(Dataset().parse(p, format="nquads")) > 0),
        (["--format", "ttl", "-o", "{d}/g.txt"], "g.txt", lambda p: len(Graph().parse(p, format="turtle")) > 0),
        (["--format", "JSONLD", "-o", "{d}/g.out"], "g.out", lambda p: "@graph" in json.loads(p.read_text())),
        (["-f", "nq", "-o", "{d}/g.data"], "g.data", lambda p: len(Dataset().parse(p, format="nquads")) > 0),
    ],
)
def test_the_format_comes_from_its_name_or_the_file_extension(built, tmp_path, args, name, check):
    result = kg("export", "--store", built, *[a.format(d=tmp_path) for a in args])
    assert result.exit_code == 0, result.output
    assert check(tmp_path / name)


@pytest.mark.parametrize("name", ["graph.yaml", "graph"])
def test_an_unknown_extension_is_refused_in_one_line_and_writes_nothing(built, tmp_path, name):
    result = kg("export", "--store", built, "-o", str(tmp_path / name))
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("kg: error: cannot tell the export format of"), result.output
    assert "--format" in lines[0] and ".ttl" in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_an_option_that_does_not_apply_to_the_format_is_refused(built, tmp_path):
    for args in (["-o", str(tmp_path / "a.gexf"), "--with-ontology"], ["-o", str(tmp_path / "a.ttl"), "--keep-parts"]):
        result = kg("export", "--store", built, *args)
        lines = [ln for ln in result.output.splitlines() if ln.strip()]
        assert result.exit_code == 2 and len(lines) == 1 and lines[0].startswith("kg: error: --"), result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


# ------------------------------------------------------------------ the actor network


def test_graph_exports_fold_governments_and_carry_weight_polarity_dates_camps(built, tmp_path):
    from lxml import etree

    gexf, graphml = tmp_path / "a.gexf", tmp_path / "a.graphml"
    assert kg("export", "--store", built, "-o", str(gexf)).exit_code == 0
    assert kg("export", "--store", built, "-o", str(graphml)).exit_code == 0
    schema = etree.XMLSchema(etree.parse(str(GEXF_SCHEMA)))
    assert schema.validate(etree.parse(str(gexf))), schema.error_log
    for G in (nx.read_gexf(gexf), nx.read_graphml(graphml)):
        assert "iraq-government" not in G and G.nodes["iraq"]["parts"] == "Iraqi government"  # folded like analyze
        assert G.nodes["iraq"]["kind"] == "State" and G.nodes["iraq"]["wikidata"] == "Q796"
        assert G.nodes["iran"]["wikidata"] == "Q794" and G.nodes["iran"]["label"] == "Iran"
        assert G.nodes["iran"]["camp"] == G.nodes["shia-militias"]["camp"] == G.nodes["iraq"]["camp"]
        assert "camp" not in G.nodes["isis"] and G.nodes["isis"]["status"] == "apart"
        e = G.edges["iran", "usa"]  # 1 hedged cooperation (0.2) against 1 rivalry (0.7)
        assert float(e["weight"]) == 2 and e["polarity"] == "conflict" and e["ambivalent"] in (True, "true")
        assert e["first_date"] == e["last_date"] == "2015-03-05"
        e = G.edges["iraq", "shia-militias"]
        assert (float(e["weight"]), e["polarity"], e["first_date"]) == (1, "cooperation", "2016-05-01")
        assert e["ambivalent"] in (False, "false")
    kept = tmp_path / "k.graphml"
    assert kg("export", "--store", built, "-o", str(kept), "--keep-parts").exit_code == 0
    G = nx.read_graphml(kept)
    assert G.has_edge("iraq-government", "isis") and not G.has_edge("iraq", "isis")


@pytest.mark.parametrize("fmt,read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_the_network_file_holds_what_actor_network_computed(built, fmt, read):
    import io

    from kg.render.network import actor_network, export_network

    with open_store(built, read_only=True) as s:
        expected = actor_network(s)
        data = export_network(s, fmt)
    back = read(io.BytesIO(data))
    assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))

    def edges(G) -> dict:  # GEXF gives every edge an id and reads its weight back as a float
        return {frozenset(e[:2]): {k: v for k, v in e[2].items() if k != "id"} for e in G.edges(data=True)}

    assert edges(back) == edges(expected)


# ------------------------------------------------------------------ text a format cannot hold


HOSTILE = "Bell\x07 and NUL\x00 and form feed\x0c, CR LF\r\n, tab\t and “quotes” & <tags>."


@pytest.fixture
def hostile(tmp_path):
    location = str(tmp_path / "hostile")
    with open_store(location) as s:
        s.replace_document(
            Document("h.txt", HOSTILE),
            [mention("h.txt", IRAN, "supports", MILITIAS, "cooperation", sentence=HOSTILE)],
        )
    return location


@pytest.mark.parametrize("fmt,parse", [("turtle", "turtle"), ("nt", "nt"), ("json-ld", "json-ld")])
def test_text_formats_escape_control_characters_and_keep_them(hostile, fmt, parse):
    result = kg("export", "--store", hostile, "--format", fmt)
    assert result.exit_code == 0, result.output
    back = Graph().parse(data=result.stdout_bytes, format=parse)
    assert HOSTILE in {str(o) for o in back.objects(None, KG.evidence)}


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_dataset_formats_escape_control_characters_and_keep_them(hostile, fmt):
    result = kg("export", "--store", hostile, "--format", fmt)
    back = Dataset().parse(data=result.stdout_bytes, format=fmt)
    assert HOSTILE in {str(o) for _, _, o, _ in back.quads((None, KG.evidence, None, None))}


def test_rdf_xml_refuses_a_character_xml_cannot_hold_and_leaves_no_file(hostile, tmp_path):
    out = tmp_path / "out" / "graph.rdf"
    result = kg("export", "--store", hostile, "-o", str(out))
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "kg: error: cannot export as xml: the kg:evidence of assertion:" in lines[0]
    assert "U+0000" in lines[0] or "U+0007" in lines[0]
    assert not out.exists() and not list(tmp_path.rglob("*.part"))


def test_rdf_xml_keeps_carriage_returns_and_tabs(tmp_path):
    text = "Line one\r\nline two\ttabbed & <b>bold</b>"
    location = str(tmp_path / "s")
    with open_store(location) as s:
        s.replace_document(
            Document("r.txt", text), [mention("r.txt", IRAN, "supports", MILITIAS, "cooperation", sentence=text)]
        )
    result = kg("export", "--store", location, "--format", "rdf")
    assert result.exit_code == 0, result.output
    from lxml import etree

    etree.fromstring(result.stdout_bytes)  # well-formed
    assert text in {str(o) for o in Graph().parse(data=result.stdout_bytes, format="xml").objects(None, KG.evidence)}


def test_network_formats_refuse_a_label_xml_cannot_hold(tmp_path):
    location = str(tmp_path / "s")
    evil = Actor("evil", "Evil\x1b[31m Group", "Group")
    with open_store(location) as s:
        s.replace_document(Document("e.txt", "x"), [mention("e.txt", evil, "attacks", USA, "conflict")])
    for ext in ("gexf", "graphml"):
        out = tmp_path / f"n.{ext}"
        result = kg("export", "--store", location, "-o", str(out))
        assert result.exit_code == 1
        assert "actor 'evil'" in result.output and "U+001B" in result.output and "Traceback" not in result.output
        assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_html_in_labels_is_exported_verbatim_and_escaped(tmp_path):
    location = str(tmp_path / "s")
    label = '<script>alert("pwned")</script> & </graphml>'
    with open_store(location) as s:
        s.replace_document(
            Document("x.txt", "x"), [mention("x.txt", Actor("evil", label, "Group"), "attacks", USA, "conflict")]
        )
    ttl = kg("export", "--store", location, "--format", "turtle").stdout
    assert '"<script>alert(\\"pwned\\")</script> & </graphml>"' in ttl
    assert label in {str(o) for o in Graph().parse(data=ttl, format="turtle").objects()}
    for ext, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"g.{ext}"
        assert kg("export", "--store", location, "-o", str(out)).exit_code == 0
        assert read(out).nodes["evil"]["label"] == label


# ------------------------------------------------------------------ no temp file survives a failure


def test_exporting_onto_a_folder_is_one_line_and_leaves_nothing(built, tmp_path):
    folder = tmp_path / "graph.ttl"
    folder.mkdir()
    result = kg("export", "--store", built, "-o", str(folder))
    assert result.exit_code == 1 and "it is a folder" in result.output and "Traceback" not in result.output
    assert list(folder.iterdir()) == [] and not list(tmp_path.glob("*.part"))


def test_a_failed_write_removes_its_part_file(built, tmp_path, monkeypatch):
    import os

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    out = tmp_path / "g.ttl"
    result = kg("export", "--store", built, "-o", str(out))
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_a_planted_symlink_at_the_part_name_is_not_followed(built, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / "g.ttl.part").symlink_to(victim)
    result = kg("export", "--store", built, "-o", str(tmp_path / "g.ttl"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert victim.read_text() == "keep me" and not (tmp_path / "g.ttl").exists()


def test_empty_store_exports_are_valid(tmp_path):
    location = str(tmp_path / "empty")
    open_store(location).close()
    for fmt, parse in (("turtle", "turtle"), ("json-ld", "json-ld"), ("nquads", "nquads"), ("xml", "xml")):
        result = kg("export", "--store", location, "--format", fmt)
        assert result.exit_code == 0, result.output
        assert len(Dataset().parse(data=result.stdout_bytes or b"", format=parse)) == 0
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"e.{fmt}"
        assert kg("export", "--store", location, "-o", str(out)).exit_code == 0
        assert read(out).number_of_nodes() == 0
