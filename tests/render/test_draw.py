"""The HTML graph page: self-contained, offline, escaped, filtered."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from rdflib import Graph
from typer.testing import CliRunner

from kg.analysis import signed_graph
from kg.analysis.examples import Claim, build_graph, story_graph, write_story
from kg.errors import KgError
from kg.render.draw import draw, resolve_actor

EVIL_NAME = "<img src=x onerror=alert(1)>"
EVIL_SENTENCE = 'Rebels said "</script><script>alert(2)</script>" and left.'


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


def test_story_page_colours_camps_edges_and_carries_evidence(tmp_path):
    page = draw(story_graph(), tmp_path / "g.html").read_text()
    nodes, edges, options = page_data(page)
    by_id = {n["id"]: n for n in nodes}
    assert len(nodes) == 5 and len(edges) == 8
    assert by_id["isis"]["color"] != by_id["united-states"]["color"] == by_id["iran"]["color"] == by_id["iraq"]["color"]
    assert by_id["iran"]["size"] > by_id["shia-militias"]["size"]  # size by PageRank
    us_iran = next(e for e in edges if {e["from"], e["to"]} == {"united-states", "iran"})
    assert us_iran["color"] == "#ef6c00" and us_iran["dashes"] is True
    assert "ambivalent (2 cooperation, 3 conflict)" in us_iran["title"]
    assert "Washington imposed new sanctions on Tehran." in us_iran["title"]
    assert "Tehran and Washington trade barbs" in us_iran["title"]
    backs = next(e for e in edges if {e["from"], e["to"]} == {"iran", "shia-militias"})
    assert backs["color"] == "#2e7d32" and backs["arrows"] == "to" and backs["from"] == "iran"
    fights = next(e for e in edges if {e["from"], e["to"]} == {"isis", "iraq"})
    assert fights["color"] == "#c62828" and "arrows" not in fights
    assert max(e["width"] for e in edges) == us_iran["width"] > fights["width"]  # width by evidence count
    assert options["physics"]["enabled"] is True
    assert "Legend" in page and "Camp B: ISIS" in page


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
                G.add_edge(
                    i,
                    j,
                    sign=1 if (i // 20) == (j // 20) else -1,
                    weight=1,
                    cooperation=1,
                    conflict=0,
                    ambivalent=False,
                    evidence=[],
                    directions=[],
                    dates=[],
                    predicates={"supports": 1},
                )
    nodes, edges, options = page_data(draw(G, tmp_path / "big.html").read_text())
    assert options["physics"] == {"enabled": False}
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    xs = {round(n["x"]) for n in nodes}
    assert len(xs) > 300  # spread out, not stacked


def test_output_path_that_is_a_folder_is_an_error(tmp_path):
    with pytest.raises(KgError, match="is a folder"):
        draw(story_graph(), tmp_path)


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
