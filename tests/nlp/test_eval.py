"""The scorer of ``kg eval``, on small hand-made gold records and mentions."""

from __future__ import annotations

import json

import pytest

from kg.errors import InputError
from kg.model import Actor, RelationMention
from kg.nlp.eval import GoldRecord, GoldRelation, name_matches, read_gold, score


def m(rid, s, o, polarity="conflict", *, negated=False, conf=0.5, pred=None):
    pred = pred or ("attacks" if polarity == "conflict" else "supports")
    return RelationMention(
        rid, Actor(s.lower(), s), pred, Actor(o.lower(), o), polarity, negated=negated, confidence=conf
    )


def rec(rid, *rels):
    return GoldRecord(rid, "text", tuple(rels))


def g(src, tgt, polarity="conflict", negated=False):
    return GoldRelation(tuple(src), tuple(tgt), polarity, negated)


@pytest.mark.parametrize(
    "label, name, ok",
    [
        ("Gondor", "gondor", True),
        ("the Gondor", "Gondor", True),
        ("Gondor's", "Gondor", True),
        ("Gondor government", "Gondor", True),  # contains the name as whole words
        ("Government of Gondor", "gondor", True),
        ("Gondorian", "Gondor", False),  # not whole words
        ("Gondor", "Gondor government", False),  # the label must contain the name, not vice versa
    ],
)
def test_name_matching(label, name, ok):
    assert name_matches(label, name) is ok


def test_either_order_and_polarity():
    gold = [rec("r", g(["Arnor"], ["Gondor"]))]
    assert score(gold, {"r": [m("r", "Gondor", "Arnor")]}).scores()["overall"]["f1"] == 1.0
    rep = score(gold, {"r": [m("r", "Gondor", "Arnor", "cooperation")]})
    s = rep.scores()["overall"]
    assert (s["precision"], s["recall"]) == (0.0, 0.0)


def test_negated_mentions_match_only_negated_gold():
    gold = [rec("r", g(["A"], ["B"]), g(["C"], ["D"], negated=True))]
    rep = score(gold, {"r": [m("r", "A", "B", negated=True), m("r", "C", "D")]})
    s = rep.scores()["overall"]
    assert (s["tp"], s["mentions"], s["found"], s["gold"]) == (0, 2, 0, 2)
    rep = score(gold, {"r": [m("r", "A", "B"), m("r", "C", "D", negated=True)]})
    assert rep.scores()["overall"]["f1"] == 1.0


def test_neutral_gold_and_its_pair_are_ignored():
    gold = [rec("r", g(["A"], ["B"], "neutral"), g(["A"], ["C"]))]
    rep = score(gold, {"r": [m("r", "B", "A"), m("r", "A", "C")]})
    s = rep.scores()["overall"]
    assert (s["tp"], s["mentions"], s["gold"]) == (1, 1, 1)
    assert [j.verdict for j in rep.judged] == ["ignored", "tp"]


def test_mentions_of_unknown_actors_are_ignored_others_are_false_hits():
    gold = [rec("r", g(["A"], ["B"]))]
    rep = score(gold, {"r": [m("r", "X", "Y"), m("r", "A", "Y")]})
    assert [j.verdict for j in rep.judged] == ["ignored", "false"]
    assert rep.scores()["overall"]["precision"] == 0.0
    assert len(rep.misses) == 1


def test_per_polarity_pooling():
    gold = [rec("r1", g(["A"], ["B"]), g(["A"], ["C"], "cooperation")), rec("r2", g(["D"], ["E"]))]
    ms = {"r1": [m("r1", "A", "B"), m("r1", "A", "C", "conflict")], "r2": [m("r2", "D", "E")]}
    s = score(gold, ms).scores()
    assert s["conflict"]["precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert s["conflict"]["recall"] == 1.0
    assert s["cooperation"]["recall"] == 0.0
    assert s["overall"]["recall"] == pytest.approx(2 / 3, abs=1e-3)


def test_calibration_buckets():
    gold = [rec("r", g(["A"], ["B"]))]
    rep = score(gold, {"r": [m("r", "A", "B", conf=0.95), m("r", "A", "Z", conf=0.45)]})
    rows = {r["bucket"]: r for r in rep.calibration()}
    assert rows["[0.9, 1.0)"]["precision"] == 1.0
    assert rows["[0.4, 0.5)"]["precision"] == 0.0


def test_read_gold_reports_bad_line(tmp_path):
    p = tmp_path / "gold.jsonl"
    p.write_text(json.dumps({"id": "a", "text": "t", "relations": []}) + "\n{oops\n")
    with pytest.raises(InputError, match=r"line 2"):
        read_gold(p)


def _judged(pairs):
    """A report of mentions with features: (pattern, is a true hit) pairs."""
    from kg.nlp.eval import Judged, Report

    rep = Report(gold="set.jsonl")
    for k, (pattern, ok) in enumerate(pairs):
        rep.judged.append(Judged("r", m("r", "A", f"B{k}"), "tp" if ok else "false", (pattern, "kinds:State|State")))
    return rep


def test_rates_are_fitted_on_all_sets_together():
    from kg.nlp.eval import fit_rates

    model = fit_rates(
        [_judged([("verb", True)] * 9 + [("verb", False)]), _judged([("reciprocal", True), ("reciprocal", False)] * 3)]
    )
    assert model["base"]["verb"] > model["default"] > model["base"]["reciprocal"]
    assert model["measured_on"] == ["set.jsonl", "set.jsonl"]
    assert set(model["factors"]) == {"kinds:State|State"}


def test_write_rates_writes_where_it_is_told_and_the_component_loads_it(tmp_path):
    from kg.nlp.eval import write_rates
    from kg.nlp.tables import DATA_DIR, read_confidence_model

    shipped = (DATA_DIR / "confidence.json").read_text(encoding="utf-8")
    target = tmp_path / "my-confidence.json"
    write_rates([_judged([("verb", True), ("verb", False)])], target)
    assert read_confidence_model(target)["base"]["verb"] < 1
    assert (DATA_DIR / "confidence.json").read_text(encoding="utf-8") == shipped  # package untouched


def test_a_bad_confidence_file_is_reported_by_name(tmp_path):
    from kg.nlp.tables import read_confidence_model

    bad = tmp_path / "conf.json"
    bad.write_text('{"base": 3}')
    with pytest.raises(InputError, match=r"conf\.json: not a confidence model"):
        read_confidence_model(bad)
    with pytest.raises(InputError, match=r"missing\.json: cannot read"):
        read_confidence_model(tmp_path / "missing.json")


def test_the_text_report_prints_precision_per_confidence_bucket():
    from kg.nlp.eval import format_text

    gold = [rec("r", g(["A"], ["B"]))]
    text = format_text(score(gold, {"r": [m("r", "A", "B", conf=0.95), m("r", "A", "Z", conf=0.45)]}))
    assert "[0.9, 1.0)       1  precision 1.000" in text
    assert "[0.4, 0.5)       1  precision 0.000" in text


def test_the_text_report_prints_no_rate_for_a_polarity_with_nothing_to_count():
    from kg.nlp.eval import format_text

    gold = [rec("r", g(["A"], ["B"], "conflict"))]
    text = format_text(score(gold, {"r": [m("r", "A", "B", "conflict", conf=0.95)]}))
    rows = {line.split()[0]: line.split()[1:4] for line in text.splitlines()[2:5]}
    assert rows["conflict"] == ["1.000", "1.000", "1.000"]
    assert rows["cooperation"] == ["-", "-", "-"]  # no gold and nothing found: no 0.000 "failure"
