"""Enemy-of-my-enemy predictions, contested relations, turns and camp changes on hand-built graphs."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from kg.analysis import analyze, contested, predicted_pairs, report, signed_graph, timeline, turns
from kg.analysis.examples import Claim, build_graph
from kg.analysis.signed import load

STATES = [
    ("a", "Alpha", "State"),
    ("b", "Beta", "State"),
    ("c", "Gamma", "State"),
    ("x", "Xeno", "ArmedGroup"),
    ("d", "Delta", "State"),
]


def test_three_actors_hostile_to_one_are_predicted_partners_with_evidence():
    g = build_graph(
        STATES,
        [
            Claim("a", "fights", "x", "Alpha fights Xeno.", confidence=0.9),
            Claim("a", "attacks", "x", "Alpha struck Xeno again.", confidence=0.9),
            Claim("b", "fights", "x", "Beta fights Xeno.", confidence=0.9),
            Claim("c", "condemns", "x", "Gamma condemned Xeno.", confidence=0.4),
        ],
    )
    a = analyze(g)
    assert a["enemy_of_my_enemy"] == []  # no pair is linked: nothing to explain
    found = [(p["a"], p["b"]) for p in a["predictions"]]
    assert found == [("Alpha", "Beta"), ("Alpha", "Gamma"), ("Beta", "Gamma")]  # ranked by the weaker tie
    top = a["predictions"][0]
    assert top["prediction"] is True and top["reading"] == "shared enemy"
    assert top["score"] > a["predictions"][1]["score"]
    assert top["summary"].startswith("Prediction (not in the data): Alpha and Beta may cooperate")
    assert [e["sentence"] for e in top["evidence"]["Beta – Xeno"]] == ["Beta fights Xeno."]
    text = report(g)
    assert "Predictions — pairs with no relation in the data" in text
    assert "Alpha and Beta may cooperate: both are hostile to Xeno" in text
    assert "No pair shares an enemy" not in text


def test_predictions_skip_linked_pairs_and_read_shared_friends():
    g = build_graph(
        STATES,
        [
            Claim("a", "supports", "x", "Alpha backs Xeno."),
            Claim("b", "supports", "x", "Beta backs Xeno."),
            Claim("c", "supports", "x", "Gamma backs Xeno."),
            Claim("a", "alliedWith", "b", "Alpha and Beta are allies."),
        ],
    )
    G = signed_graph(g)
    pairs = {(p["a"], p["b"]): p for p in predicted_pairs(G)}
    assert set(pairs) == {("Alpha", "Gamma"), ("Beta", "Gamma")}
    assert pairs[("Alpha", "Gamma")]["reading"] == "shared friend"


def test_ambivalent_ties_do_not_make_predictions():
    g = build_graph(
        STATES,
        [
            Claim("a", "fights", "x", "Alpha fights Xeno."),
            Claim("b", "fights", "x", "Beta fights Xeno."),
            Claim("b", "supports", "x", "Beta also pays Xeno."),
        ],
    )
    assert predicted_pairs(signed_graph(g)) == []


DOCS = [("d1", "First report", "2012-01-01"), ("d2", "Denial", "2013-01-01"), ("d3", "Claim", "2013-06-01")]


def test_contested_relation_lists_each_stance_with_document_date_and_speaker():
    g = build_graph(
        STATES,
        [
            Claim("a", "supports", "b", "Alpha arms Beta.", "d1"),
            Claim("a", "supports", "b", "Alpha denied arming Beta.", "d2", negated=True),
            Claim("a", "supports", "b", "Gamma says Alpha arms Beta.", "d3", hedged=True),
            Claim("a", "fights", "c", "Alpha fights Gamma.", "d1"),
            Claim("a", "attacks", "c", "Alpha did not attack Gamma.", "d2", negated=True),
        ],
        DOCS,
    )
    from rdflib import Literal

    from kg.rdf.iris import mint
    from kg.rdf.namespace import KG

    # the claim is attributed to Gamma ("who said it")
    for node in g.subjects(KG.evidence, Literal("Gamma says Alpha arms Beta.")):
        g.add((node, KG.attributedTo, mint("actor", "c")))
    data = load(g)
    (c,) = contested(data.rows, data.actors)  # "did not attack" does not contest "fights"
    assert (c["a"], c["b"], c["polarity"]) == ("Alpha", "Beta", "cooperation")
    assert c["stances"] == {"asserted": 1, "claimed": 1, "denied": 1}
    denied = c["evidence"]["denied"][0]
    assert (denied["sentence"], denied["doc_id"], denied["date"]) == ("Alpha denied arming Beta.", "d2", "2013-01-01")
    assert c["evidence"]["claimed"][0]["said_by"] == "Gamma" and c["evidence"]["claimed"][0]["attributed"]
    text = report(g)
    assert "Alpha – Beta (cooperation): asserted in 1 document, claimed in 1, denied in 1." in text
    assert "said by Gamma" in text
    assert json.loads(report(g, "json"))["contested"][0]["evidence"]["asserted"][0]["title"] == "First report"
    md = report(g, "markdown")
    assert "## Contested relations" in md and "Alpha denied arming Beta." in md


def test_one_stance_is_not_contested():
    g = build_graph(
        STATES,
        [
            Claim("a", "supports", "b", "Alpha may arm Beta.", "d1", hedged=True),
            Claim("a", "supports", "b", "Alpha reportedly arms Beta.", "d2", hedged=True),
        ],
        DOCS,
    )
    data = load(g)
    assert contested(data.rows, data.actors) == []


def test_turn_from_cooperation_to_conflict_cites_both_sides():
    docs = [
        ("y1", "Pact", "2012-05-01"),
        ("y2", "Talks", "2014-02-01"),
        ("y3", "Mixed", "2015-01-01"),
        ("y4", "Clash", "2016-03-01"),
    ]
    g = build_graph(
        STATES,
        [
            Claim("a", "alliedWith", "b", "Alpha and Beta signed a pact.", "y1"),
            Claim("a", "negotiatesWith", "b", "Alpha and Beta held talks.", "y2"),
            Claim("a", "meetsWith", "b", "Alpha met Beta.", "y3", confidence=0.5),
            Claim("a", "condemns", "b", "Alpha condemned Beta.", "y3", confidence=0.5),
            Claim("a", "attacks", "b", "Alpha attacked Beta.", "y4"),
        ],
        docs,
    )
    data = load(g)
    (t,) = turns(data.rows, data.actors)
    assert t["summary"] == "Alpha – Beta: cooperation until 2014, conflict since 2016."
    assert [w["state"] for w in t["windows"]] == ["cooperation", "cooperation", "mixed", "conflict"]
    (turn,) = t["turns"]
    assert turn["before"][0]["sentence"] == "Alpha and Beta held talks." and turn["before"][0]["date"] == "2014-02-01"
    assert turn["after"][0]["sentence"] == "Alpha attacked Beta."
    assert "Alpha – Beta: cooperation until 2014, conflict since 2016." in report(g)


def test_camp_change_needs_the_evidence_of_both_windows():
    docs = [("w1", "One", "2014-01-01"), ("w2", "Two", "2015-01-01"), ("w3", "Three", "2016-01-01")]
    g = build_graph(
        STATES,
        [
            Claim("a", "alliedWith", "b", "Alpha and Beta are allies.", "w1"),
            Claim("b", "fights", "x", "Beta fights Xeno.", "w1"),
            # 2015: Alpha and Beta only appear with others, unrelated to each other: nothing decided about them
            Claim("a", "supports", "c", "Alpha backs Gamma.", "w2"),
            Claim("b", "supports", "d", "Beta backs Delta.", "w2"),
            # 2016: Alpha and Beta clash
            Claim("a", "attacks", "b", "Alpha attacked Beta.", "w3"),
        ],
        docs,
    )
    t = timeline(g)
    assert t["windows"][1]["changes"]["camp_changes"] == []  # different groups in 2015: not compared
    assert t["windows"][2]["changes"]["camp_changes"] == [
        {"actor": "Alpha", "since": "2014", "left": ["Beta"], "joined": []},
        {"actor": "Beta", "since": "2014", "left": ["Alpha"], "joined": []},
    ]


def test_cli_camp_penalty(tmp_path):
    from kg.cli import app
    from kg.store import open_store

    runner = CliRunner()
    r = runner.invoke(app, ["analyze", "--store", "memory", "--camp-penalty", "-1"])
    assert r.exit_code != 0
    r = runner.invoke(app, ["analyze", "--store", "memory", "--camp-penalty", "0.5", "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.output)["summary"]["penalty"] == 0.5
    del open_store
