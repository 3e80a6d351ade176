"""The signed graph read from assertions, and the report an analyst reads."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from kg.analysis import (
    ambivalent_pairs,
    analyze,
    brokers,
    centrality,
    enemy_of_my_enemy,
    find_camps,
    frustration,
    report,
    signed_graph,
    timeline,
    triads,
)
from kg.analysis.examples import Claim, build_graph, story_graph, write_story
from kg.errors import KgError, StoreError

ACTORS = [("a", "Alpha", "State"), ("b", "Beta", "State"), ("c", "Gamma", "ArmedGroup")]


@pytest.fixture(scope="module")
def story():
    return story_graph()


def test_story_pairs_aggregate_assertions_and_ignore_negated(story):
    G = signed_graph(story)
    assert set(G) == {"united-states", "iran", "iraq", "isis", "shia-militias"}
    assert G.nodes["isis"] == {
        "label": "ISIS",
        "kind": "ArmedGroup",
        "iri": "https://w3id.org/kg-news/id/actor/isis",
        "parts": [],
    }
    e = G.edges["united-states", "iran"]
    assert (e["cooperation"], e["conflict"], e["weight"]) == (2, 3, 5)  # the negated "did not attack" is out
    assert e["ambivalent"] and e["sign"] == -1
    assert "attacks" not in e["predicates"]
    assert e["dates"] == ["2014-08-20", "2015-03-02"]
    assert {ev["doc_id"] for ev in e["evidence"]} == {"seed-1", "seed-2"}
    assert all(ev["title"] and ev["sentence"] for ev in e["evidence"])
    assert G.graph["negated"] == 1 and G.graph["documents"] == 2


def test_direction_is_kept_for_directed_properties_only(story):
    G = signed_graph(story)
    dirs = G.edges["iran", "united-states"]["directions"]
    assert {(d["from"], d["predicate"], d["to"]) for d in dirs} == {
        ("united-states", "sanctions", "iran"),
        ("iran", "condemns", "united-states"),
    }
    assert G.edges["iran", "shia-militias"]["directions"] == [
        {"from": "iran", "predicate": "supports", "to": "shia-militias", "count": 1}
    ]
    assert G.edges["isis", "iraq"]["directions"] == []  # fights is symmetric


def test_sign_rule_confidence_weighted_ties_to_conflict_hedged_halved():
    tie = build_graph(
        ACTORS,
        [
            Claim("a", "supports", "b", "A backs B.", confidence=0.5),
            Claim("a", "condemns", "b", "A condemns B.", confidence=0.5),
        ],
    )
    assert signed_graph(tie).edges["a", "b"]["sign"] == -1
    coop = build_graph(
        ACTORS,
        [
            Claim("a", "supports", "b", "A backs B.", confidence=0.9),
            Claim("a", "condemns", "b", "A may condemn B.", confidence=0.9, hedged=True),
        ],
    )
    e = signed_graph(coop).edges["a", "b"]
    assert e["sign"] == 1 and e["ambivalent"] and e["conflict_weight"] == pytest.approx(0.45)


def test_filters_dates_and_min_evidence(story):
    assert signed_graph(story, since="2015-01-01").number_of_edges() == 1
    G = signed_graph(story, until="2014-12-31")
    assert G.number_of_edges() == 8 and not G.edges["iran", "united-states"]["ambivalent"]
    assert signed_graph(story, since="2014").number_of_edges() == 8  # a year prefix works
    assert list(signed_graph(story, min_evidence=3).edges) == [("iran", "united-states")]
    with pytest.raises(KgError, match="--until 'last week' is not an ISO date"):
        signed_graph(story, until="last week")


def test_ambivalent_pairs_and_camps_of_the_story(story):
    G = signed_graph(story)
    (pair,) = ambivalent_pairs(G)
    assert {pair["a_label"], pair["b_label"]} == {"Iran", "United States"}
    index, partition = frustration(G)
    assert index == 1
    cp = find_camps(G)
    # the US-Iran hostility (net 1.3 of evidence) outweighs Iran's backing of Iraq (0.8): two camps
    assert cp.together("iran", "shia-militias") and cp.together("iraq", "united-states")
    assert cp.decidedly_apart("iran", "united-states")
    assert cp.status["isis"] == "apart" and cp.camp_of["isis"] is None


def test_us_iran_isis_is_explained_as_enemy_of_my_enemy(story):
    G = signed_graph(story)
    found = enemy_of_my_enemy(G)
    first = found[0]
    assert {first["a"], first["b"]} == {"iran", "united-states"}
    assert first["relation"] == "ambivalent"
    assert [e["label"] for e in first["shared_enemies"]] == ["ISIS"]
    assert "enemy of my enemy" in first["summary"]
    assert any("bombing ISIS" in ev["sentence"] for evs in first["evidence"].values() for ev in evs)
    allies = {(e["a"], e["b"]) for e in found if e["relation"] == "allies"}
    assert ("iraq", "united-states") in allies
    # ISIS is not "rivals with Iran sharing the US as enemy": US–Iran is ambivalent, not enmity
    assert not any("isis" in (e["a"], e["b"]) for e in found)


def test_triads_of_the_story(story):
    t = triads(signed_graph(story))
    assert t["total"] == 5
    assert t["counts"]["---"] == 1 and t["counts"]["++-"] == 1
    assert t["strong_unbalanced"] == 2 and t["weak_unbalanced"] == 1


def test_centrality_and_brokers():
    G = signed_graph(story_graph())
    c = centrality(G)
    assert set(c["iran"]) == {"pagerank", "betweenness", "pagerank_positive", "betweenness_positive"}
    assert sum(v["pagerank"] for v in c.values()) == pytest.approx(1.0, abs=1e-4)
    assert c["iran"]["pagerank"] == max(v["pagerank"] for v in c.values())
    bridged = build_graph(
        ACTORS + [("d", "Delta", "State")],
        [
            Claim("a", "supports", "b", "A backs B."),
            Claim("b", "fights", "c", "B fights C."),
            Claim("c", "supports", "d", "C backs D."),
            Claim("d", "fights", "a", "D fights A."),
            Claim("a", "fights", "c", "A fights C."),
            Claim("b", "aids", "d", "B aids D."),
        ],
    )
    H = signed_graph(bridged)
    names = {b["label"] for b in brokers(H, find_camps(H).placed)}
    assert names and names <= {"Beta", "Delta"}


def test_timeline_windows_and_changes(story):
    t = timeline(story, "year")
    assert [w["window"] for w in t["windows"]] == ["2014", "2015"]
    assert t["windows"][0]["frustration"] == 0  # in 2014 the US and Iran only cooperated
    ch = t["windows"][1]["changes"]
    assert ch["sign_flips"] == [{"a": "Iran", "b": "United States", "from": "+", "to": "-"}]
    assert ch["new_edges"] == []
    assert timeline(story, "month")["windows"][0]["window"] == "2014-08"
    with pytest.raises(KgError, match="unknown time window"):
        timeline(story, "decade")


def test_text_report_says_it_in_words(story):
    text = report(story, "text")
    assert "Iran – United States: ambivalent (2 cooperation, 3 conflict" in text
    assert "Camp 1A (Iran): Iran, Shia militias" in text
    assert "Camp 1B (Iraq): Iraq, United States" in text
    assert "Stand apart (no ally in the data): ISIS (against Iran, Iraq, United States, Shia militias)" in text
    assert (
        "Iran and United States are rivals who also cooperate (2 cooperation, 3 conflict), "
        "and both fight ISIS: the enemy of my enemy is my friend."
    ) in text
    assert "“The United States is bombing ISIS in Iraq.”" in text
    assert "Iran – United States turned hostile" in text
    assert "Iran – United States: cooperation until 2014, conflict since 2015." in text


def test_markdown_and_json_reports(story):
    md = report(story, "markdown")
    assert md.startswith("# Alliance and rivalry report") and "## Enemy of my enemy" in md
    data = json.loads(report(story, "json"))
    assert data["camps"]["groups"][0]["apart"][0]["actor"] == "ISIS"
    assert data["ambivalent"][0]["cooperation"] == 2
    assert data["enemy_of_my_enemy"][0]["shared_enemies"] == [{"id": "isis", "label": "ISIS"}]
    with pytest.raises(KgError, match="unknown report format"):
        report(story, "pdf")


def test_markdown_escapes_hostile_names():
    g = build_graph(
        [("evil", "<img src=x onerror=alert(1)>", "Group"), ("b", "Beta", "State")],
        [Claim("evil", "fights", "b", "They wrote </script><b>*bold*</b>.")],
    )
    md = report(g, "markdown")
    assert "<img" not in md and "</script>" not in md and "<b>" not in md
    assert "&lt;img src=x onerror=alert(1)&gt;" in md


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_empty_store_gives_a_clear_message(fmt):
    out = report(Graph(), fmt)
    assert "the graph has no assertions yet — run kg build" in out
    if fmt == "json":
        assert json.loads(out)["summary"]["actors"] == 0


def test_filters_that_leave_nothing_are_explained(story):
    a = analyze(story, since="2030-01-01")
    assert "no assertion is dated on or after --since 2030-01-01 (the dated ones run from" in a["message"]
    a = analyze(story, until="1990")
    assert "no assertion is dated on or before --until 1990" in a["message"]
    a = analyze(story, min_evidence=1000)
    assert "no pair has --min-evidence 1000 assertions" in a["message"]


def test_a_source_without_query_is_a_store_error():
    with pytest.raises(StoreError, match="no .query"):
        signed_graph(object())


# ------------------------------------------------------------------ against the real store + CLI


@pytest.fixture(scope="module")
def story_store(tmp_path_factory):
    location = str(tmp_path_factory.mktemp("store") / "store")
    write_story(location)
    return location


def test_kg_store_gives_the_same_graph_as_the_example(story_store):
    from kg.store import open_store

    store = open_store(story_store, read_only=True)
    try:
        G = signed_graph(store)
    finally:
        store.close()
    H = signed_graph(story_graph())
    assert set(G.edges) == set(H.edges)
    for u, v in H.edges:
        for key in ("cooperation", "conflict", "sign", "ambivalent", "directions", "dates"):
            assert G.edges[u, v][key] == H.edges[u, v][key]


def test_cli_analyze_writes_markdown(story_store, tmp_path):
    from kg.cli import app

    out = tmp_path / "report.md"
    r = CliRunner().invoke(app, ["analyze", "--store", story_store, "--format", "markdown", "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = out.read_text()
    assert "Camp 1A (Iran)" in text and "enemy of my enemy" in text


def test_cli_analyze_prints_json_and_reports_errors(story_store, tmp_path):
    from kg.cli import app

    runner = CliRunner()
    r = runner.invoke(app, ["analyze", "--store", story_store, "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.output)["summary"]["actors"] == 5
    r = runner.invoke(app, ["analyze", "--store", story_store, "--format", "pdf"])
    assert r.exit_code == 2 and "unknown format 'pdf'; known formats: text, markdown, json" in r.output
    r = runner.invoke(app, ["analyze", "--store", str(tmp_path / "missing")])
    assert r.exit_code == 1 and "no such store" in r.output
    r = runner.invoke(app, ["analyze", "--store", "memory"])
    assert r.exit_code == 0 and "run kg build" in r.output


def test_organs_count_as_their_state_unless_kept_apart():
    g = build_graph(
        [
            ("iraq", "Iraq", "State"),
            ("iraq-government", "Government of Iraq", "Government", "iraq"),
            ("iraq-military", "Military of Iraq", "Military", "iraq"),
            ("isis", "ISIS", "ArmedGroup"),
            ("us", "United States", "State"),
        ],
        [
            Claim("us", "supports", "iraq-government", "Washington backs the Iraqi government."),
            Claim("iraq-military", "fights", "isis", "The Iraqi army fought ISIS."),
            Claim("iraq-government", "meetsWith", "iraq-military", "The cabinet met the generals."),
        ],
    )
    G = signed_graph(g)
    assert set(G) == {"iraq", "isis", "us"}
    assert sorted(G.nodes["iraq"]["parts"]) == ["Government of Iraq", "Military of Iraq"]
    assert G.edges["us", "iraq"]["evidence"][0]["object"] == "iraq-government"  # as named in the text
    assert G.edges["us", "iraq"]["directions"] == [{"from": "us", "predicate": "supports", "to": "iraq", "count": 1}]
    kept = signed_graph(g, merge_parts=False)
    assert set(kept) == {"iraq-government", "iraq-military", "isis", "us"}
    text = report(g)
    assert "Government of Iraq, Military of Iraq → Iraq" in text
