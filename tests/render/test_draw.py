"""The HTML graph page: self-contained, offline, escaped, coloured by the whole graph's camps, fixed layout,
contested and changing relations with their evidence."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph
from typer.testing import CliRunner

from kg.analysis import find_camps, signed_graph
from kg.analysis.examples import Claim, build_graph, story_graph, write_story
from kg.errors import KgError
from kg.render.draw import draw, resolve_actor
from kg.render.panels import APART, UNDECIDED, camp_colours

pytest_plugins = ["nlp_fixtures"]  # the seed test at the end builds the seeds with the real NLP stage (model tier)

EVIL_NAME = "<img src=x onerror=alert(1)>"
EVIL_SENTENCE = 'Rebels said "</script><script>alert(2)</script>" and left.'
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def hostile_graph() -> Graph:
    return build_graph(
        [("evil", EVIL_NAME, "Group"), ("beta", "Beta", "State"), ("gamma", "Gamma & Co", "Organization")],
        [
            Claim("evil", "fights", "beta", EVIL_SENTENCE, "doc-1"),
            Claim("beta", "supports", "gamma", "Beta backs Gamma.", "doc-1"),
        ],
        [("doc-1", "<b>Headline</b>", "2024-02-01")],
    )


def page_data(page: str) -> tuple[list, list, dict]:
    """The nodes, edges and options JSON embedded in the page."""

    def grab(name: str):
        m = re.search(rf"var {name} = (.*?);\n", page)
        assert m, name
        return json.loads(m.group(1))

    return grab("nodeData"), grab("edgeData"), grab("options")


def fill(node: dict) -> str:
    """A node's fill colour (a camp colour is a string, the apart / undecided styles are objects)."""
    return node["color"] if isinstance(node["color"], str) else node["color"]["background"]


def colours(page: str) -> dict[str, str]:
    return {n["id"]: fill(n) for n in page_data(page)[0]}


def side_panel(page: str) -> str:
    return page.split('<div id="kg-side">', 1)[1].split("<script>", 1)[0]


def test_story_page_is_one_file_with_everything_inlined(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # drawing writes the page and nothing else (no lib/ folder here either)
    out = draw(story_graph(), tmp_path / "sub" / "graph.html")
    assert out == tmp_path / "sub" / "graph.html"
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["sub", "sub/graph.html"]
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert "@import" not in page
    urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", page)
    assert urls and all(u.startswith("data:") for u in urls)
    assert "vis.Network" in page and "Content-Security-Policy" in page
    assert page.count("\n<script>") == page.count("</script>") == 2
    assert "sourceMappingURL" not in page
    assert "kg-endpoint" not in page  # kg draw links no endpoint


def test_story_page_colours_the_camps_of_the_data_and_carries_evidence(tmp_path):
    page = draw(story_graph(), tmp_path / "g.html").read_text()
    nodes, edges, options = page_data(page)
    by_id = {n["id"]: n for n in nodes}
    assert len(nodes) == 5 and len(edges) == 8
    c = {n: fill(by_id[n]) for n in by_id}
    # the evidence gives two camps (Iran + militias, Iraq + US); ISIS has no ally: it stands apart
    assert c["iran"] == c["shia-militias"] != c["iraq"] == c["united-states"]
    assert c["isis"] == APART["background"] and by_id["isis"]["color"]["border"] == APART["border"]
    assert APART["background"] not in {c["iran"], c["iraq"]}
    assert (
        "Stands apart: no ally in the data; against Iran, Iraq, Shia militias, United States" in by_id["isis"]["title"]
    )
    assert "Camp 1A (led by Iran)" in by_id["shia-militias"]["title"]
    assert by_id["iran"]["size"] > by_id["shia-militias"]["size"]  # size by PageRank
    us_iran = next(e for e in edges if {e["from"], e["to"]} == {"united-states", "iran"})
    assert us_iran["color"] == "#ef6c00" and us_iran["dashes"] is True
    assert "ambivalent (2 cooperation, 3 conflict)" in us_iran["title"]
    assert "Washington imposed new sanctions on Tehran." in us_iran["title"]
    backs = next(e for e in edges if {e["from"], e["to"]} == {"iran", "shia-militias"})
    assert backs["color"] == "#2e7d32" and backs["arrows"] == "to" and backs["from"] == "iran"
    fights = next(e for e in edges if {e["from"], e["to"]} == {"isis", "iraq"})
    assert fights["color"] == "#c62828" and "arrows" not in fights
    assert max(e["width"] for e in edges) == us_iran["width"] > fights["width"]  # width by evidence count
    panel = side_panel(page)
    assert "Camp 1A (Iran): Iran, Shia militias" in panel and "Camp 1B (Iraq): Iraq, United States" in panel
    assert "Stand apart: ISIS" in panel


def test_the_colours_are_the_camps_kg_analyze_reports(tmp_path):
    G = signed_graph(story_graph())
    cp = find_camps(G)
    palette = camp_colours(c.id for c in cp.camps)
    c = colours(draw(story_graph(), tmp_path / "g.html").read_text())
    for node in G:
        expected = palette[cp.camp_of[node]] if cp.status[node] == "camp" else None
        assert c[node] == (expected or (UNDECIDED if cp.status[node] == "undecided" else APART)["background"])


def test_focus_filters_and_never_recomputes_the_camps(tmp_path):
    G = signed_graph(story_graph())
    full = colours(draw(G, tmp_path / "all.html").read_text())
    page = draw(G, tmp_path / "us.html", focus="United States").read_text()
    view = colours(page)
    assert set(view) == {"united-states", "iran", "iraq", "isis"}
    assert view == {n: full[n] for n in view}
    # camps recomputed on the view alone would differ: Iran, without its militias, would stand apart
    sub = find_camps(G.subgraph(view))
    assert sub.status["iran"] != "camp" and find_camps(G).status["iran"] == "camp"
    assert "Camps (of the whole graph)" in page and "Colours are the camps of the whole graph." in page
    assert "4 of 5 actors, around United States (1 hop)" in page


def test_a_reload_draws_the_same_picture(tmp_path):
    first = draw(story_graph(), tmp_path / "a.html").read_text()
    again = draw(story_graph(), tmp_path / "b.html").read_text()
    assert first == again  # byte for byte: positions, colours, order
    nodes, _, options = page_data(first)
    assert options["physics"] == {"enabled": False}
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in nodes)  # whole pixels
    assert len({(n["x"], n["y"]) for n in nodes}) == len(nodes)
    # the same graph built in another order is drawn the same
    G = signed_graph(story_graph())
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes(data=True), reverse=True))
    H.add_edges_from(sorted(G.edges(data=True), reverse=True))
    H.graph.update(G.graph)
    a, b = (
        page_data(draw(G, tmp_path / "g.html").read_text())[0],
        page_data(draw(H, tmp_path / "h.html").read_text())[0],
    )
    assert {n["id"]: (n["x"], n["y"]) for n in a} == {n["id"]: (n["x"], n["y"]) for n in b}


def _edge(G, u, v, sign, weight=1.0):
    G.add_edge(
        u,
        v,
        sign=sign,
        net_weight=weight,
        weight=1,
        cooperation=int(sign > 0),
        conflict=int(sign < 0),
        ambivalent=False,
        evidence=[],
        directions=[],
        dates=[],
        predicates={"supports" if sign > 0 else "fights": 1},
    )


def test_isolated_groups_apart_and_undecided_actors_are_drawn_as_such(tmp_path):
    G = nx.Graph()
    for n in ("a1", "a2", "b1", "b2", "u", "x", "y", "p", "q"):
        G.add_node(n, label=n.upper(), kind="State", iri=n, parts=[])
    _edge(G, "a1", "a2", 1)
    _edge(G, "b1", "b2", 1)
    _edge(G, "a1", "b1", -1, weight=3.0)
    _edge(G, "u", "a2", 1)  # u cooperates equally with both camps: the evidence does not decide
    _edge(G, "u", "b2", 1)
    _edge(G, "x", "y", 1)  # a pair with no relation to anyone else: its own group
    _edge(G, "p", "q", -1)  # a hostile pair: no ally on either side
    page = draw(G, tmp_path / "g.html").read_text()
    nodes = {n["id"]: n for n in page_data(page)[0]}
    assert fill(nodes["u"]) == UNDECIDED["background"]
    assert nodes["u"]["shapeProperties"] == {"borderDashes": [4, 3]}
    assert "Undecided: fits camp 1" in nodes["u"]["title"] and " as well as camp 1" in nodes["u"]["title"]
    assert fill(nodes["p"]) == fill(nodes["q"]) == APART["background"]
    camp_colours_used = {fill(nodes[n]) for n in ("a1", "b1", "x")}
    assert len(camp_colours_used) == 3  # three camps, three colours: no group borrows another's camp
    assert fill(nodes["a1"]) == fill(nodes["a2"])
    panel = side_panel(page)
    assert "Group 1 (5 actors, the largest connected group)" in panel
    assert "Group 2 (2 actors, no relation to the other groups)" in panel  # P and Q
    assert "Group 3 (2 actors, no relation to the other groups)" in panel  # X and Y
    assert "Undecided: B2, U" in panel and "Stand apart: P, Q" in panel
    assert "no relation to the actors of other groups" in nodes["x"]["title"]


def test_names_and_sentences_are_escaped(tmp_path):
    page = draw(hostile_graph(), tmp_path / "g.html").read_text()
    assert "<img" not in page
    assert "<b>Headline" not in page
    assert page.count("</script>") == 2  # the sentence closes no script
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # the legend shows the name as text
    assert "Gamma &amp; Co" in page
    nodes, edges, _ = page_data(page)
    assert {n["label"] for n in nodes} == {EVIL_NAME, "Beta", "Gamma & Co"}  # canvas text, exact
    assert any(EVIL_SENTENCE in e["title"] for e in edges)
    assert "textContent" in page and "innerHTML" not in page.split("<script>")[-1]


def contested_story() -> Graph:
    """Alpha arms Beta (asserted, then denied, then reported as a claim); Alpha and Gamma cooperate, then fight."""
    return build_graph(
        [
            ("alpha", "Alpha", "State"),
            ("beta", EVIL_NAME, "ArmedGroup"),
            ("gamma", "Gamma", "State"),
            ("critics", "Critics & <i>Co</i>", "Group"),
        ],
        [
            Claim("alpha", "supports", "beta", "Alpha arms the group.", "d1", 0.9),
            Claim("alpha", "supports", "beta", EVIL_SENTENCE, "d2", 0.8, negated=True),
            Claim("alpha", "supports", "beta", "Alpha reportedly funds the group.", "d3", 0.7, hedged=True),
            Claim("alpha", "alliedWith", "gamma", "Alpha and Gamma signed a pact.", "d1", 0.9),
            Claim("alpha", "cooperatesWith", "gamma", "Alpha and Gamma held joint drills.", "d4", 0.8),
            Claim("alpha", "fights", "gamma", "Alpha and Gamma went to war.", "d5", 0.9),
            Claim("gamma", "attacks", "alpha", "Gamma shelled Alpha's border towns.", "d6", 0.9),
        ],
        [
            ("d1", "Pact signed", "2012-03-01"),
            ("d2", "<b>Denial</b>", "2013-05-01"),
            ("d3", "Rumours", "2013-06-01"),
            ("d4", "Drills", "2013-09-01"),
            ("d5", "War", "2016-02-01"),
            ("d6", "Shelling", "2017-01-10"),
        ],
    )


def test_contested_and_changing_relations_are_listed_with_their_evidence(tmp_path):
    from rdflib import URIRef

    from kg.rdf.iris import mint
    from kg.rdf.namespace import KG

    g = contested_story()
    denial = next(a for a in g.subjects(KG.negated, None) if str(g.value(a, KG.negated)) == "true")
    g.add((denial, KG.attributedTo, URIRef(mint("actor", "critics"))))  # who said it
    page = draw(g, tmp_path / "g.html").read_text()
    panel = side_panel(page)
    contested = panel.split('id="kg-contested"', 1)[1].split('id="kg-turns"', 1)[0]
    assert "Contested relations (1)" in contested
    assert "asserted in 1 document, claimed in 1, denied in 1." in contested
    assert 'data-a="beta" data-b="alpha"' in contested  # ordered by label: "<img…" sorts first
    assert "<q>Alpha arms the group.</q>" in contested and "Pact signed, 2012-03-01" in contested
    assert "Alpha reportedly funds the group." in contested and "Rumours, 2013-06-01" in contested
    # the denial: its sentence, document and date, and who said it -- all escaped
    assert "&lt;b&gt;Denial&lt;/b&gt;, 2013-05-01; said by Critics &amp; &lt;i&gt;Co&lt;/i&gt;" in contested
    assert "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in contested
    assert "<b>Denial" not in page and "<i>Co" not in page and "<img" not in page
    assert page.count("</script>") == 2
    turns = panel.split('id="kg-turns"', 1)[1]
    assert "Changing relations (1)" in turns
    assert "Alpha – Gamma: cooperation until 2013, conflict since 2016." in turns
    assert "<q>Alpha and Gamma held joint drills.</q>" in turns and "Drills, 2013-09-01" in turns
    assert "<q>Alpha and Gamma went to war.</q>" in turns and "War, 2016-02-01" in turns
    # a focus that leaves Beta out lists no contested relation with Beta
    focused = side_panel(draw(g, tmp_path / "f.html", focus="Gamma").read_text())
    assert "Contested relations (0)" in focused and "Changing relations (1)" in focused


def test_control_characters_are_shown_not_written_raw(tmp_path):
    g = build_graph(
        [("a", "Alpha\x07", "State"), ("b", "Beta", "State")],
        [
            Claim("a", "supports", "b", "Alpha\x00 arms\x1b[31m Beta.", "d1"),
            Claim("a", "supports", "b", "Alpha denied\x0c arming Beta.", "d2", negated=True),
        ],
        [("d1", "One\x7f", "2020-01-01"), ("d2", "Two", "2020-02-01")],
    )
    page = draw(g, tmp_path / "g.html").read_text()
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", page)  # HTML text cannot hold them
    panel = side_panel(page)
    assert "Alpha␀ arms␛[31m Beta." in panel and "One␡, 2020-01-01" in panel and "denied␌ arming" in panel
    nodes, edges, _ = page_data(page)
    assert "Alpha\x07" in {n["label"] for n in nodes}  # in the data the script reads: JSON escapes, exact text
    assert "\\u0007" in page


def test_a_graph_without_rows_shows_no_contested_section(tmp_path):
    page = draw(signed_graph(story_graph()), tmp_path / "g.html").read_text()
    assert 'id="kg-contested"' not in page and 'id="kg-turns"' not in page
    page = draw(story_graph(), tmp_path / "s.html").read_text()
    assert "Changing relations (1)" in page  # the story's US – Iran turn
    assert "Iran – United States: cooperation until 2014, conflict since 2015." in page


def test_endpoint_link_slot(tmp_path):
    page = draw(story_graph(), tmp_path / "g.html", endpoint="/sparql").read_text()
    assert '<a id="kg-endpoint" href="/sparql">SPARQL endpoint</a>' in page
    for bad in ("javascript:alert(1)", "//evil.example/x", "data:text/html,x"):
        with pytest.raises(ValueError, match="endpoint link"):
            draw(story_graph(), tmp_path / "x.html", endpoint=bad)
    assert not (tmp_path / "x.html").exists()


def test_focus_hops_and_unknown_actor(tmp_path):
    G = signed_graph(story_graph())
    nodes, _, _ = page_data(draw(G, tmp_path / "f.html", focus="Shia militias", hops=1).read_text())
    assert {n["id"] for n in nodes} == {"shia-militias", "iran", "isis"}
    nodes, _, _ = page_data(draw(G, tmp_path / "f2.html", focus="shia-militias", hops=2).read_text())
    assert len(nodes) == 5
    with pytest.raises(KgError, match=r"unknown actor 'Irann' for --focus; closest: Iran"):
        draw(G, tmp_path / "f3.html", focus="Irann")
    assert not (tmp_path / "f3.html").exists()
    assert resolve_actor(G, "united states") == "united-states"
    H = nx.Graph()
    H.add_node("iraq", label="Iraq", parts=["Government of Iraq"])
    assert resolve_actor(H, "government of iraq") == "iraq"


def test_min_evidence_and_since(tmp_path):
    story = story_graph()
    _, edges, _ = page_data(draw(story, tmp_path / "m.html", min_evidence=2).read_text())
    assert len(edges) == 1
    _, edges, _ = page_data(draw(story, tmp_path / "s.html", since="2015-01-01").read_text())
    assert len(edges) == 1 and "1 cooperation, 3 conflict" in edges[0]["title"]
    # the same filters on an already built graph
    _, edges, _ = page_data(draw(signed_graph(story), tmp_path / "g.html", min_evidence=2).read_text())
    assert len(edges) == 1


def test_empty_graph_gives_an_empty_but_valid_page(tmp_path):
    page = draw(Graph(), tmp_path / "e.html").read_text()
    assert "The graph has no assertions yet — run kg build." in page
    nodes, edges, _ = page_data(page)
    assert nodes == [] and edges == []
    assert page.rstrip().endswith("</html>")


def test_large_graph_gets_positions_and_no_physics(tmp_path):
    G = nx.Graph()
    for i in range(620):
        G.add_node(i, label=f"A{i}", kind="State", iri=f"x:{i}")
    for i in range(620):
        for j in (i + 1, i + 7):
            if j < 620:
                _edge(G, i, j, 1 if (i // 20) == (j // 20) else -1)
    nodes, edges, options = page_data(draw(G, tmp_path / "big.html").read_text())
    assert options["physics"] == {"enabled": False}
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in nodes)  # whole pixels
    xs = {round(n["x"]) for n in nodes}
    assert len(xs) > 300  # spread out, not stacked


def test_output_path_that_is_a_folder_is_an_error(tmp_path):
    with pytest.raises(KgError, match="is a folder"):
        draw(story_graph(), tmp_path)


def test_a_failed_write_leaves_no_page_and_no_part_file(tmp_path, monkeypatch):
    import os

    def full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(KgError, match="cannot write the graph page to .*: No space left on device"):
        draw(story_graph(), tmp_path / "g.html")
    assert list(tmp_path.iterdir()) == []


def test_cli_draw_from_a_store(tmp_path):
    from kg.cli import app

    location = str(tmp_path / "store")
    write_story(location)
    out = tmp_path / "out" / "graph.html"
    runner = CliRunner()
    r = runner.invoke(
        app,
        [
            "draw",
            "--store",
            location,
            "-o",
            str(out),
            "--focus",
            "Shia militias",
            "--hops",
            "1",
            "--min-evidence",
            "1",
            "--since",
            "2014-01-01",
            "--camp-penalty",
            "0.25",
        ],
    )
    assert r.exit_code == 0, r.output
    nodes, edges, _ = page_data(out.read_text())
    assert len(nodes) == 3 and len(edges) == 3  # the militias, Iran, ISIS and the ties among them
    r = runner.invoke(app, ["draw", "--store", location, "-o", str(tmp_path / "x.html"), "--focus", "Irak"])
    assert r.exit_code == 1
    assert "kg: error: unknown actor 'Irak' for --focus; closest: Iraq" in r.output
    r = runner.invoke(app, ["draw", "--store", "memory", "-o", str(tmp_path / "empty.html")])
    assert r.exit_code == 0 and "run kg build" in (tmp_path / "empty.html").read_text()
    r = runner.invoke(app, ["draw", "--store", location, "-o", str(tmp_path / "k.html"), "--camps", "3"])
    assert r.exit_code == 2  # the number of camps is the data's, not an option


# ------------------------------------------------------------------ the seeds, through the real NLP stage


@pytest.fixture(scope="module")
def seed_store(nlp):
    from kg.ingest import build
    from kg.store import open_store

    with open_store("memory") as store:
        build([SEEDS], store, progress=False)
        yield store


def test_hezbollah_keeps_its_colour_in_the_iran_focus_view(seed_store, tmp_path):
    full = colours(draw(seed_store, tmp_path / "all.html").read_text())
    page = draw(seed_store, tmp_path / "iran.html", focus="Iran").read_text()
    view = colours(page)
    assert "hezbollah" in view and view["hezbollah"] == full["hezbollah"] == view["iran"]
    assert view == {n: full[n] for n in view}
    assert view["isis"] == APART["background"] != view["united-states"]
