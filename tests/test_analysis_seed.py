"""The seed corpus, built by the real NLP stage: the report tells the seeds' story.

Extraction changes; these tests assert who is with and against whom, not counts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.analysis import ambivalent_pairs, analyze, enemy_of_my_enemy, find_camps, report, signed_graph

pytest_plugins = ["nlp_fixtures"]

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seed_store(nlp):
    from kg.ingest import build
    from kg.store import open_store

    with open_store("memory") as store:
        result = build([SEEDS], store, progress=False)
        assert result.added >= 5
        yield store


@pytest.fixture(scope="module")
def seed_camps(seed_store):
    G = signed_graph(seed_store)
    return G, find_camps(G)


def test_us_iran_is_ambivalent(seed_store):
    pairs = {frozenset((p["a"], p["b"])) for p in ambivalent_pairs(signed_graph(seed_store))}
    assert frozenset(("iran", "united-states")) in pairs


def test_us_iran_isis_is_enemy_of_my_enemy(seed_store):
    found = enemy_of_my_enemy(signed_graph(seed_store))
    story = [e for e in found if {e["a"], e["b"]} == {"iran", "united-states"}]
    assert story, [e["summary"] for e in found]
    assert story[0]["relation"] == "ambivalent"
    assert "isis" in [x["id"] for x in story[0]["shared_enemies"]]
    assert found[0] is story[0]  # the report leads with it
    assert "the enemy of my enemy is my friend" in story[0]["summary"]


def test_isis_stays_apart_from_the_us_and_iran(seed_camps):
    G, cp = seed_camps
    for other in ("united-states", "iran", "iraq"):
        assert not cp.together("isis", other)
        assert cp.decidedly_apart("isis", other), other  # the evidence keeps ISIS out of their camps


def test_israel_is_not_in_isis_camp(seed_camps):
    G, cp = seed_camps
    assert cp.placed["israel"] != cp.placed["isis"]
    assert not cp.together("israel", "isis")


def test_the_conflicts_are_not_forced_into_two_global_camps(seed_camps):
    G, cp = seed_camps
    # ISIS, Russia and the US are three sides, not two: two camps would put two of them together
    assert len({cp.placed["isis"], cp.placed["russia"], cp.placed["united-states"]}) == 3
    assert cp.decidedly_apart("russia", "ukraine") and not cp.together("russia", "ukraine")
    assert not cp.together("russia", "united-states")
    # the Saudi-led coalition's members share no camp with ISIS or Russia
    coalition = [n for n in ("bahrain", "egypt", "jordan", "kuwait", "united-arab-emirates", "saudi-arabia") if n in G]
    assert coalition
    for n in coalition:
        assert cp.placed[n] not in (cp.placed["isis"], cp.placed["russia"])
    # more than two camps in all, and actors with no ally in the data are set apart, not assigned
    assert len(cp.camps) > 2
    assert any(s == "apart" for s in cp.status.values())


def test_the_text_report_tells_it(seed_store):
    text = report(seed_store)
    assert "Camps come from the evidence" in text
    assert "ISIS (against United States" in text
    assert "and both fight ISIS: the enemy of my enemy is my friend." in text
    assert "Predictions — pairs with no relation in the data" in text
    a = analyze(seed_store)
    member = {name: c["id"] for g in a["camps"]["groups"] for c in g["camps"] for name in c["members"]}
    assert "ISIS" not in member
    assert member.get("United States") != member.get("Iran")
