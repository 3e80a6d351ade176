"""tools/train_pairs.py on a tiny gold file written here: grouped folds, nested cross-validation,
the model it writes, and that model at work in kg_pairs."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from kg.nlp.learned.model import PairModel, load_model

pytest_plugins = ["nlp_fixtures"]

ROOT = Path(__file__).resolve().parents[2]
PAIRS = [
    ("Chad", "Sudan"),
    ("Kenya", "Somalia"),
    ("Peru", "Chile"),
    ("Ghana", "Togo"),
    ("Laos", "Vietnam"),
    ("Mali", "Niger"),
    ("Nepal", "India"),
    ("Egypt", "Libya"),
]


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("train_pairs", ROOT / "tools" / "train_pairs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_pairs"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules["train_pairs"]


def gold_file(path: Path) -> Path:
    """Four 'articles' of short sentences: a hostile construction the rules do not read,
    a neutral border, an attack and an agreement for each pair of states."""
    lines = []
    for k, (a, b) in enumerate(PAIRS):
        group = f"S{k % 4}"
        for rid, text, pol in (
            (f"h{k}", f"{a} and {b} remain at daggers drawn.", "conflict"),
            (f"n{k}", f"{a} and {b} share a long border in the region.", "neutral"),
            (f"a{k}", f"{a} attacked {b} last year.", "conflict"),
            (f"c{k}", f"{a} and {b} signed a trade agreement.", "cooperation"),
        ):
            lines.append(
                json.dumps(
                    {
                        "id": rid,
                        "source_id": group,
                        "text": text,
                        "relations": [{"source_names": [a], "target_names": [b], "polarity": pol}],
                    }
                )
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_folds_keep_each_article_whole(tool, nlp, tmp_path):
    data = tool.load([gold_file(tmp_path / "gold.jsonl")])
    keys = [("gold.jsonl", i) for i in range(len(data["gold.jsonl"]))]
    fold = tool.deal(data, keys, 2, seed=3)
    by_group: dict[str, set[int]] = {}
    for key, f in fold.items():
        by_group.setdefault(data["gold.jsonl"][key[1]].group, set()).add(f)
    assert sorted(by_group) == ["S0", "S1", "S2", "S3"]
    assert all(len(fs) == 1 for fs in by_group.values())
    assert sorted(fold.values()).count(0) == 16  # two articles of 8 records in each fold


#: A small, fast run: two folds, one repeat, one regularisation, no parse cache.
QUICK = ["--folds", "2", "--repeats", "1", "--l2", "1", "--no-cache"]


def test_parses_are_cached_and_the_rules_rerun_on_them(tool, nlp, tmp_path):
    gold = gold_file(tmp_path / "gold.jsonl")
    cache = tmp_path / "parses"
    fresh = tool.load([gold])
    first = tool.load([gold], cache)
    [kept] = list(cache.iterdir())
    again = tool.load([gold], cache)
    assert list(cache.iterdir()) == [kept]  # read back, not parsed again

    def seen(data):
        rps = data["gold.jsonl"]
        return [([m.to_json() for m in rp.mentions], [(ex.features, ex.labels) for ex in rp.pairs]) for rp in rps]

    assert seen(first) == seen(again) == seen(fresh)
    assert any(m for m, _ in seen(again))  # the rules ran on the cached parses


def test_training_reports_held_out_figures_and_writes_a_working_model(tool, nlp, tmp_path, capsys):
    gold = gold_file(tmp_path / "gold.jsonl")
    out = tmp_path / "pairs.json"
    extra = ["--add", "0.6", "0.8", "--tolerance", "1", "--out", str(out), "--report", str(tmp_path / "r.json")]
    assert tool.main([str(gold), *QUICK, *extra]) == 0
    printed = capsys.readouterr().out
    conflict = next(line for line in printed.splitlines() if line.startswith("gold.jsonl") and "conflict" in line)
    # the rules miss the 8 hostile relations; held-out models find them
    assert "1.000/0.500/0.667" in conflict.split()[2] and conflict.split()[3].startswith("1.000/1.000")
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["report"]["nested_cv"]["gold.jsonl"]["conflict"]["rules"]["recall"] == 0.5
    assert saved["report"]["folds"] == 2
    model = PairModel.from_json(saved)
    # a pair of states the training never saw, in the construction it learned
    doc = nlp("Benin and Gabon remain at daggers drawn.")
    from kg.nlp.learned.component import PairClassifier

    relations = PairClassifier(model=model)(doc)._.relations
    added = [(m.subject.id, m.predicate, m.object.id) for m in relations if m.predicate == "conflictsWith"]
    assert added == [("benin", "conflictsWith", "gabon")]
    assert load_model(str(out)) == model


def test_report_only_writes_no_model(tool, nlp, tmp_path):
    out = tmp_path / "pairs.json"
    gold = gold_file(tmp_path / "gold.jsonl")
    assert tool.main([str(gold), *QUICK, "--add", "0.6", "--no-write", "--out", str(out)]) == 0
    assert not out.exists()


def test_a_missing_gold_file_is_one_line_error(tool, tmp_path, capsys):
    assert tool.main([str(tmp_path / "nope.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "nope.jsonl" in err and err.count("\n") == 1


def test_a_choice_that_costs_a_file_precision_is_not_allowed(tool):
    def scores(p: float, f1: float) -> dict:
        return {"overall": {"precision": p, "f1": f1}}

    base = {"real": scores(0.90, 0.60), "plover": scores(0.88, 0.75)}
    limits = tool.Limits(f1=0.01, precision=0.01)
    assert tool.objective({"real": scores(0.90, 0.70), "plover": scores(0.875, 0.75)}, base, limits) == pytest.approx(
        0.05
    )
    assert tool.objective({"real": scores(0.90, 0.70), "plover": scores(0.86, 0.76)}, base, limits) is None
    assert tool.objective({"real": scores(0.92, 0.70), "plover": scores(0.88, 0.73)}, base, limits) is None
