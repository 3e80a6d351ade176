"""A corpus written for the purpose, built by the real NLP stage: a denied relation and a turn are reported."""

from __future__ import annotations

import json

import pytest

from kg.analysis import analyze, report

pytest_plugins = ["nlp_fixtures"]

# Sentences written for this test (not from any evaluation set).
CORPUS = [
    {
        "id": "d1",
        "date": "2010-05-14",
        "title": "Athens and Ankara sign pact",
        "text": "Greece and Turkey signed a cooperation agreement on trade and migration.",
    },
    {
        "id": "d2",
        "date": "2011-03-02",
        "title": "Joint patrols",
        "text": "Greece and Turkey agreed to hold joint patrols in the Aegean.",
    },
    {
        "id": "d3",
        "date": "2019-01-10",
        "title": "Arms to Libya",
        "text": "Egypt supplied weapons to the Libyan National Army.",
    },
    {
        "id": "d4",
        "date": "2019-06-01",
        "title": "Cairo denies",
        "text": "Egypt denied supplying weapons to the Libyan National Army.",
    },
    {
        "id": "d5",
        "date": "2020-08-01",
        "title": "Aegean standoff",
        "text": "Turkey threatened Greece over drilling rights. Turkish warships attacked a Greek frigate.",
    },
    {"id": "d6", "date": "2021-02-01", "title": "Protest note", "text": "Greece condemned Turkey for the incursion."},
]


@pytest.fixture(scope="module")
def corpus_store(nlp, tmp_path_factory):
    from kg.ingest import build
    from kg.store import open_store

    path = tmp_path_factory.mktemp("corpus") / "news.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in CORPUS), encoding="utf-8")
    with open_store("memory") as store:
        assert build([path], store, progress=False).added == len(CORPUS)
        yield store


def test_asserted_then_denied_relation_is_contested_with_both_sides(corpus_store):
    a = analyze(corpus_store)
    (c,) = [c for c in a["contested"] if {c["a"], c["b"]} >= {"Egypt"} and c["polarity"] == "cooperation"]
    asserted, denied = c["evidence"]["asserted"], c["evidence"]["denied"]
    assert (asserted[0]["doc_id"], asserted[0]["date"], asserted[0]["title"]) == ("d3", "2019-01-10", "Arms to Libya")
    assert (denied[0]["doc_id"], denied[0]["date"]) == ("d4", "2019-06-01")
    assert denied[0]["sentence"] == "Egypt denied supplying weapons to the Libyan National Army."
    assert denied[0]["said_by"]  # who said it: the attributed actor, or the source


def test_cooperation_turning_to_conflict_is_reported_with_evidence_on_both_sides(corpus_store):
    a = analyze(corpus_store)
    (t,) = [t for t in a["turns"] if {t["a"], t["b"]} == {"Greece", "Turkey"}]
    assert t["summary"] == "Greece – Turkey: cooperation until 2011, conflict since 2020."
    (turn,) = t["turns"]
    assert turn["before"][0]["doc_id"] == "d2" and turn["after"][0]["doc_id"] == "d5"


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_the_report_shows_both(corpus_store, fmt):
    out = report(corpus_store, fmt)
    assert "Contested relations" in out and "Changing relations" in out
    assert "Egypt denied supplying weapons to the Libyan National Army." in out
    assert "Greece – Turkey: cooperation until 2011, conflict since 2020." in out
