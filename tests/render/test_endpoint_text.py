"""What the endpoint's gate reads in a query (fast tier): fetching keywords found however they hide,
labels and IRIs that merely contain the word left alone, the kg prefixes declared where used."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.rdf.namespace import PREFIXES
from kg.render.endpoint.sparql_text import fetching_keyword, used_prefixes, with_kg_prefixes

URL = "<http://127.0.0.1:9/sparql>"


@pytest.mark.parametrize(
    "query",
    [
        f"SELECT * WHERE {{ SERVICE {URL} {{ ?s ?p ?o }} }}",
        f"select * {{ service silent {URL} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE{URL}{{?s ?p ?o}} }}",
        "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } VALUES ?endpoint { " + URL + " } }",
        # a less-than a naive lexer reads as an IRI, hiding the keyword up to a comment the engine sees
        "SELECT * WHERE { FILTER(?a<1)SERVICE?x#>\n{ ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p <http://a#b> . FILTER(?a<1)SERVICE?x#>\n{ ?s ?p ?o } }",
        # the same less-than, then a long string opened inside what the engine reads as a comment
        'SELECT * WHERE { FILTER(?a<1)#> """\n SERVICE ' + URL + ' { ?s ?p ?o } \n#""" }',
        # an escaped # in a prefixed name is not a comment
        "SELECT * WHERE { ?s ex:a\\# } SERVICE " + URL + " { ?s ?p ?o } }",
        # SPARQL 1.1 allows \\u escapes anywhere (Oxigraph 0.5 does not; a later engine may)
        "SELECT * WHERE { \\u0053ERVICE " + URL + " { ?s ?p ?o } }",
    ],
)
def test_service_is_found_however_it_is_written(query):
    assert fetching_keyword(query) == "SERVICE"


def test_load_is_found_in_an_update():
    assert fetching_keyword("LOAD <http://example.org/data.ttl> INTO GRAPH <http://e/g>") == "LOAD"
    assert fetching_keyword("load silent <http://example.org/data.ttl>") == "LOAD"


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?a WHERE { ?a rdfs:label "Federal Security Service" }',
        "SELECT ?a WHERE { ?a rdfs:label 'Load-bearing service' }",
        "SELECT ?service WHERE { ?service a <https://schema.org/Service> }",
        "SELECT * WHERE { ?a ex:SERVICE ?b } # SERVICE <http://x> in a comment",
        'INSERT DATA { <http://e/a> <http://e/b> "load" }',
    ],
)
def test_words_that_only_look_like_the_keywords_are_left_alone(query):
    assert fetching_keyword(query) is None


def test_kg_prefixes_are_declared_only_where_used_and_undeclared():
    text, added = with_kg_prefixes("SELECT ?a WHERE { ?a kg:supports actor:iran ; rdfs:label ?l }")
    assert text.startswith("PREFIX kg: ") and "PREFIX actor: " in text and "PREFIX rdfs: " in text
    assert "PREFIX skos:" not in text and "\n" not in text[:added]  # on the first line: line numbers kept
    own = "PREFIX kg: <http://example.org/mine#> SELECT * WHERE { ?a kg:x ?b }"
    assert with_kg_prefixes(own) == (own, 0)  # a query's own declaration wins
    assert used_prefixes('SELECT * { ?a ?p "kg:not-a-name" } # rdfs:comment') == (set(), set())


def test_the_readme_lists_every_predeclared_prefix():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| prefix | namespace |") :]
    table = table[: table.index("\n\n")]
    for name in PREFIXES:
        assert f"`{name}:`" in table, name
