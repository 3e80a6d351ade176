"""What `kg query` and `kg extract --format table` print, as a reader of a terminal sees it: ids whole at any
width, only the columns the user asked for, one plain line when nothing was found."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import IRAN, USA, mention
from typer.testing import CliRunner

from kg.cli import app
from kg.model import Actor, Document
from kg.queries import named_queries
from kg.queries.format import column_widths, render_rows
from kg.rdf.namespace import KG, compact

runner = CliRunner()

PMF = Actor("popular-mobilization-forces-of-iraq", "Popular Mobilization Forces", "ArmedGroup")
GULF = Actor("gulf-cooperation-council-member-states", "Gulf Cooperation Council member states", "Group")


def kg(*args: str, columns: int = 80):
    return runner.invoke(app, list(args), env={"COLUMNS": str(columns)})


@pytest.fixture
def long_ids(tmp_path) -> str:
    """A store whose actors have ids of 35-45 characters (``actor:popular-mobilization-forces-of-iraq``)."""
    from kg.store import open_store

    location = str(tmp_path / "store")
    sentence = "Iran backs the Popular Mobilization Forces and the Gulf Cooperation Council member states."
    doc = Document("pmf.txt", sentence)
    with open_store(location) as st:
        st.replace_document(
            doc,
            [
                mention("pmf.txt", IRAN, "supports", PMF, "cooperation", sentence=sentence),
                mention("pmf.txt", IRAN, "alliedWith", GULF, "cooperation", sentence=sentence),
                mention("pmf.txt", USA, "opposes", PMF, "conflict", sentence=sentence),
            ],
        )
    return location


def ids_shown(location: str, *args: str) -> list[str]:
    """Every compacted id the query answers (``actor:…``), read from its CSV."""
    rows = list(csv.reader(io.StringIO(kg("query", *args, "--format", "csv", "--store", location).stdout)))
    ids = {compact(cell) or "" for row in rows[1:] for cell in row}
    return sorted(i for i in ids if i.startswith("actor:"))


@pytest.mark.parametrize("columns", [40, 60, 80, 100, 200])
@pytest.mark.parametrize("query", [["allies-of", "-p", "actor=iran"], ["who-supports", "-p", "actor=" + PMF.id]])
def test_an_id_is_never_broken_across_lines_at_any_terminal_width(long_ids, query, columns):
    ids = ids_shown(long_ids, *query)
    assert "actor:" + PMF.id in ids or "actor:" + GULF.id in ids
    result = kg("query", *query, "--store", long_ids, columns=columns)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    for actor_id in ids:  # on main, at 80 columns: "actor:united-stat" / "es"
        assert any(actor_id in line.split() for line in lines), (actor_id, result.stdout)
    longest = max(len(i) for i in ids)
    if columns >= longest + 20:  # room for a name column and the id: every line fits the terminal
        assert all(len(line) <= columns for line in lines), result.stdout


def test_a_table_when_it_fits_one_block_per_row_when_it_does_not(long_ids):
    wide = kg("query", "allies-of", "-p", "actor=iran", "--store", long_ids, columns=120).stdout.splitlines()
    assert wide[0].split() == ["actor", "ally", "label", "relations", "mentions"]
    assert any(line.split()[:2] == ["actor:iran", "actor:" + PMF.id] for line in wide)
    narrow = kg("query", "allies-of", "-p", "actor=iran", "--store", long_ids, columns=60).stdout.splitlines()
    assert narrow[0] == "── 1 ──" and "ally       actor:" + GULF.id in narrow
    assert narrow[-1] == "(2 rows)"


def test_text_wraps_between_words_and_a_long_cell_is_cut_with_an_ellipsis():
    sentence = "Iran backs the militias " * 30
    text = render_rows(["id", "sentence"], [["actor:iran", sentence]], width=60)
    lines = text.splitlines()
    assert all(len(line) <= 60 for line in lines)
    words = " ".join(line[len("actor:iran") + 2 :].strip() for line in lines[2:]).split()
    assert words[-1].endswith("…") and len(" ".join(words)) < len(sentence)
    assert {*words[:-1], words[-1][:-1]} == {"Iran", "backs", "the", "militias"}  # no word cut in two


def test_a_table_is_kept_down_to_the_width_its_longest_words_need():
    headers, rows = ["label", "actor"], [["Popular Mobilization Forces", "actor:" + PMF.id]]
    need = len("Mobilization") + 2 + len("actor:" + PMF.id)
    assert column_widths(headers, rows, width=need) == [len("Mobilization"), len("actor:" + PMF.id)]
    assert column_widths(headers, rows, width=need - 1) is None
    assert render_rows(headers, rows, width=need - 1).splitlines()[0] == "── 1 ──"


@pytest.mark.parametrize("columns", [20, 80])
def test_an_empty_result_prints_0_rows_under_its_headers_if_they_fit(tmp_path, columns):
    from kg.store import open_store

    open_store(str(tmp_path / "new")).close()
    result = kg("query", "relations", "--store", str(tmp_path / "new"), columns=columns)
    assert result.exit_code == 0, result.output
    header = "subject  relations  object  polarity  mentions"
    table = [] if columns < len(header) else [header, "─" * len(header)]
    assert result.stdout.splitlines() == [*table, "(0 rows)"]


# ------------------------------------------------------------------ parameters the user did not give


def _columns(output: str, fmt: str) -> list[str]:
    if fmt == "json":
        return json.loads(output)["head"]["vars"]
    if fmt == "csv":
        return next(csv.reader(io.StringIO(output)))
    return output.splitlines()[0].split()


PARAMS = {"actor": "iran", "other": "usa", "a": "usa", "b": "iran"}


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
@pytest.mark.parametrize("name", sorted(named_queries()))
def test_a_parameter_not_given_is_not_a_column(built, name, fmt):
    """evidence-for printed its default predicate, kg:relation (the full IRI in CSV), in every row."""
    nq = named_queries()[name]
    given = {p.name: PARAMS[p.name] for p in nq.params if not p.optional}
    args = [f"--param={k}={v}" for k, v in given.items()]
    result = kg("query", name, *args, "--format", fmt, "--store", built, columns=1000)
    assert result.exit_code == 0, result.output
    shown = _columns(result.stdout, fmt)
    for p in nq.params:
        assert (p.name in shown) == (p.name in given), (p.name, shown)
    for p in nq.params:
        if p.default and p.name not in given:
            assert str(KG[p.default]) not in result.stdout and f"kg:{p.default}" not in result.stdout


def test_evidence_for_shows_the_predicate_it_was_given(built):
    given = ["-p", "actor=iran", "-p", "other=usa", "-p", "predicate=conflictsWith"]
    result = kg("query", "evidence-for", *given, "--format", "csv", "--store", built)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {r["predicate"] for r in rows} == {str(KG.conflictsWith)}
    assert {r["relation"] for r in rows} == {"rivalOf"}


def test_a_query_file_s_optional_and_default_parameters_left_out_are_not_columns(built, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text(
        "# The actors with a label, at most LIMIT.\n"
        "# param: kind string optional — an actor kind\n"
        "# param: note string = none — a note\n"
        "SELECT ?actor ?label ?kind ?note WHERE { ?actor a kg:Actor ; rdfs:label ?label }\n"
    )
    plain = kg("query", str(f), "--format", "csv", "--store", built)
    assert plain.exit_code == 0, plain.output
    assert plain.stdout.splitlines()[0] == "actor,label"
    noted = kg("query", str(f), "-p", "note=seen", "--format", "csv", "--store", built)
    assert noted.stdout.splitlines()[0] == "actor,label,note" and noted.stdout.splitlines()[1].endswith(",seen")


# ------------------------------------------------------------------ kg extract --format table


@pytest.mark.model
def test_extract_table_with_nothing_found_says_so_in_one_line(tmp_path):
    """On main: an empty header and a rule line."""
    quiet = tmp_path / "weather.txt"
    quiet.write_text("The weather was mild on Tuesday, and the markets were calm.\n")
    result = kg("extract", str(quiet), "--format", "table", "--no-progress")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Nothing found: no relation mention in 1 document.\n"


@pytest.mark.model
@pytest.mark.parametrize("columns", [60, 80, 120, 200])
def test_extract_table_keeps_document_ids_and_words_whole(tmp_path, columns):
    doc = tmp_path / "tehran-backs-hezbollah-in-southern-lebanon.txt"
    doc.write_text("Iran backs Hezbollah. Israel attacked Hezbollah in southern Lebanon on Monday.\n")
    result = kg("extract", str(doc), "--format", "table", "--no-progress", columns=columns)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert sum(doc.name in line.split() for line in lines) == 2, result.stdout  # one per mention, unbroken
    words = " ".join(lines).split()
    assert {"Hezbollah.", "Monday."} <= set(words)  # the sentences' words, none cut in two
    # a line is longer than the terminal only to keep an id whole (46 characters after 18 of label at 60)
    assert all(len(line) <= columns or doc.name in line for line in lines), result.stdout
    if columns >= 200:
        assert lines[0].split() == [
            "document",
            "subject",
            "relation",
            "object",
            "polarity",
            "flags",
            "conf.",
            "sentence",
        ]
