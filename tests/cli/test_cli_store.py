"""The store commands as a user runs them: one-line errors, exit codes, exports, hostile parameters."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph
from servers import store_held_open
from typer.testing import CliRunner

from kg.cli import app
from kg.rdf.namespace import KG
from kg.store import open_store

runner = CliRunner()


def kg(*args: str):
    return runner.invoke(app, list(args))


def one_error_line(result) -> str:
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("kg: error: ")]
    assert len(errors) == 1 and "Traceback" not in result.output, result.output
    return errors[0]


def test_sparql_syntax_error_is_one_line_and_exit_2(built):
    result = kg("query", "SELECT * WHERE { ?s ?p", "--store", built)
    assert result.exit_code == 2
    assert "syntax error" in one_error_line(result)


def test_unknown_query_name_lists_the_known_ones(built):
    result = kg("query", "alies-of", "--store", built)
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "unknown query 'alies-of'; did you mean: allies-of" in line and "kg queries lists them" in line


def test_an_unknown_actor_is_one_line_with_the_closest_names(built):
    result = kg("query", "allies-of", "--param", "actor=Irn", "--store", built)
    assert result.exit_code == 2 and result.stdout == ""
    assert "unknown actor 'Irn' for --param actor; closest: Iran" in one_error_line(result)


@pytest.mark.parametrize("value", ['"} ; DROP ALL ; {', "iran' } ; CLEAR ALL ; #", '\\" . ?s ?p ?o'])
def test_a_hostile_param_is_bound_as_a_literal_and_changes_nothing(built, value):
    before = kg("stats", "--json", "--store", built).output
    result = kg("query", "allies-of", "--param", f"actor={value}", "--store", built, "--format", "json")
    assert result.exit_code == 2 and result.stdout == ""  # no actor of that name: one line, nothing run
    assert f"unknown actor {value!r} for --param actor" in one_error_line(result)
    result = kg(
        "query",
        "SELECT ?a WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?actor }",
        "--param",
        f"actor={value}",
        "--store",
        built,
        "--format",
        "csv",
    )
    assert result.exit_code == 2 or result.stdout.strip() == "a"
    assert kg("stats", "--json", "--store", built).output == before


def test_named_query_table_output(built):
    result = kg("query", "allies-of", "-p", "actor=Iran", "--store", built)
    assert result.exit_code == 0
    assert "actor:shia-militias" in result.stdout and "(2 rows)" in result.stdout


def test_query_from_a_file(built, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text(f"SELECT ?x WHERE {{ ?x <{KG.fights}> ?y }}")
    result = kg("query", str(f), "--store", built, "--format", "csv")
    assert result.exit_code == 0 and sorted(result.stdout.split()) == [
        "https://w3id.org/kg-news/id/actor/iran",
        "https://w3id.org/kg-news/id/actor/usa",
        "x",
    ]


def test_queries_lists_names_descriptions_and_params():
    result = kg("queries")
    assert result.exit_code == 0
    assert "allies-of" in result.stdout and "--param actor=<actor>" in result.stdout


def test_stats(built):
    result = kg("stats", "--store", built)
    assert result.exit_code == 0
    assert "2 documents, 5 actors, 7 assertions (4 cooperation, 3 conflict; 1 negated, 1 hedged)" in result.stdout
    data = json.loads(kg("stats", "--json", "--store", built).stdout)
    assert data["documents"] == 2 and data["conflict"] == 3


def test_empty_store_stats_and_export(tmp_path):
    location = str(tmp_path / "empty")
    open_store(location).close()
    result = kg("stats", "--store", location)
    assert result.exit_code == 0 and "0 documents, 0 actors, 0 assertions" in result.stdout
    for fmt in ("turtle", "graphml", "gexf", "nquads"):  # more in tests/rdf/test_export.py
        assert kg("export", "--store", location, "--format", fmt).exit_code == 0
    Graph().parse(data=kg("export", "--store", location).stdout, format="turtle")
    assert kg("validate", "--store", location).stdout.strip() == "conforms"


def test_an_export_validates_as_written(built, tmp_path):
    """`kg validate FILE` on what `kg export` wrote (data only, no vocabulary) conforms: the shapes
    read the ontology for the relation properties, so the shipped one is taken in."""
    for fmt, name in (("turtle", "graph.ttl"), ("json-ld", "graph.jsonld")):
        assert kg("export", "--store", built, "--format", fmt, "-o", str(tmp_path / name)).exit_code == 0
        result = kg("validate", str(tmp_path / name))
        assert result.exit_code == 0 and result.stdout.strip() == "conforms", result.stdout


def test_validate_store_and_a_broken_file(built, tmp_path):
    result = kg("validate", "--store", built)
    assert result.exit_code == 0 and result.stdout.strip() == "conforms"
    ttl = kg("export", "--store", built).stdout
    broken = tmp_path / "broken.ttl"
    broken.write_text(ttl.replace('"0.9"^^xsd:double', '"1.5"^^xsd:double'))
    result = kg("validate", str(broken))
    assert result.exit_code == 1
    assert "does not conform" in result.stdout and "(value: 1.5)" in result.stdout


def test_missing_store_unknown_format_and_unknown_document_are_one_line_errors(built, tmp_path):
    result = kg("stats", "--store", str(tmp_path / "nowhere"))
    assert result.exit_code == 1 and "no such store" in one_error_line(result)
    result = kg("export", "--store", built, "--format", "yaml")
    assert result.exit_code == 2 and "unknown export format 'yaml'" in one_error_line(result)
    result = kg("remove", "nope.txt", "--store", built)
    assert result.exit_code == 1 and "no document 'nope.txt'" in one_error_line(result)
    (tmp_path / "x.txt").write_text("Iran backs Hezbollah.")
    result = kg("build", str(tmp_path / "x.txt"), "--store", str(tmp_path / "no" / "parent" / "store"))
    assert result.exit_code == 1 and "parent directory" in one_error_line(result)


def test_remove(built):
    result = kg("remove", "b.txt", "--store", built)
    assert result.exit_code == 0 and "1 document," in result.stdout


def test_store_env_variable(built, monkeypatch):
    monkeypatch.setenv("KG_STORE", built)
    assert "2 documents" in kg("stats").stdout


def test_a_store_locked_by_another_kg_process(built):
    with store_held_open(built):
        result = kg("remove", "a.txt", "--store", built)  # a write is refused at once, not queued
        assert result.exit_code == 1 and "is locked: another kg process" in one_error_line(result)
        result = kg("stats", "--store", built)  # a read opens the store read-only, beside it
        assert result.exit_code == 0 and "2 documents" in result.stdout


@pytest.mark.model
def test_build_with_one_bad_file_stores_the_rest_and_exits_non_zero(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Iran backs Hezbollah.", encoding="utf-8")
    (corpus / "bad.txt").write_bytes(b"\x00\x01\x02binary\xff" * 20)
    store = str(tmp_path / "store")
    result = kg("build", str(corpus), "--store", store, "--no-progress")
    assert result.exit_code == 1
    assert "bad.txt: binary file" in result.stderr
    stats = kg("stats", "--store", store)
    assert stats.exit_code == 0 and "1 document," in stats.stdout


def test_every_command_defaults_to_the_store_kg_store_opens_by_default():
    from kg.cli._app import DEFAULT_STORE
    from kg.store import DEFAULT_LOCATION

    assert DEFAULT_STORE == DEFAULT_LOCATION
