"""The seed corpus, built by the real NLP stage: the report tells the seed article's story."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.analysis import ambivalent_pairs, analyze, enemy_of_my_enemy, frustration, report, signed_graph

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seed_store():
    from kg.ingest import build
    from kg.store import open_store

    with open_store("memory") as store:
        result = build([SEEDS], store, progress=False)
        assert result.added >= 5
        yield store


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


def test_isis_is_in_the_other_camp_from_the_us_iran_and_iraq(seed_store):
    _, partition = frustration(signed_graph(seed_store))
    assert partition["isis"] != partition["united-states"]
    assert partition["united-states"] == partition["iran"] == partition["iraq"]


def test_the_markdown_report_says_so(seed_store):
    md = report(seed_store, "markdown")
    assert "## Enemy of my enemy" in md
    assert "and both fight ISIS: the enemy of my enemy is my friend." in md
    a = analyze(seed_store)
    camp_of = {name: i for i, camp in enumerate(a["camps"]["camps"]) for name in camp}
    assert camp_of["ISIS"] != camp_of["United States"] == camp_of["Iran"] == camp_of["Iraq"]
