"""Named queries: headers, parameters bound as values, answers on a small hand-made graph."""

from __future__ import annotations

import json

import pytest

from kg.errors import QueryError
from kg.queries import bind_params, format_result, get_query, named_queries, parse_params, resolve_actor, run_query
from kg.rdf.iris import mint
from kg.rdf.namespace import KG, PREFIXES
from kg.store import inline_values

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture
def full(store, doc_a, doc_b):
    store.replace_document(*doc_a)
    store.replace_document(*doc_b)
    return store


def column(result, name) -> list[str]:
    return [str(row[name]).rsplit("/", 1)[-1] for row in result]


def test_the_issue_s_named_queries_exist_with_descriptions():
    queries = named_queries()
    for name in ("allies-of", "rivals-of", "evidence-for", "who-supports", "conflicts-between", "actors"):
        assert name in queries and queries[name].description
    for nq in queries.values():
        for p in nq.params:
            assert f"?{p.name}" in nq.text.split("WHERE")[0], f"{nq.name}: ?{p.name} must be projected"


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_runs_on_an_empty_store(store, name):
    params = {p.name: "iran" for p in get_query(name).params if not p.optional}
    result, _ = run_query(store, name, params)
    assert list(result) == []


def test_allies_and_rivals(full):
    allies, notes = run_query(full, "allies-of", {"actor": "Iran"})
    assert notes == []
    assert column(allies, "ally") == ["shia-militias", "usa"]  # supports x2 mentions, alliedWith (hedged) x1
    assert [int(r.mentions) for r in allies] == [2, 1]
    rivals, _ = run_query(full, "rivals-of", {"actor": "usa"})
    assert sorted(column(rivals, "rival")) == ["iran", "isis"]


def test_who_supports_leaves_out_negated_support(full):
    result, _ = run_query(full, "who-supports", {"actor": "Shia militias"})
    assert column(result, "supporter") == ["iran"]  # "Washington does not back the militias" is negated


def test_evidence_for_with_other_and_predicate(full):
    result, _ = run_query(full, "evidence-for", {"actor": "iran", "other": "usa"})
    assert sorted(str(r.relation) for r in result) == ["alliedWith", "rivalOf"]
    result, _ = run_query(full, "evidence-for", {"actor": "iran", "other": "usa", "predicate": "conflictsWith"})
    assert [str(r.evidence) for r in result] == ["United States rivalOf Iran."]
    result, _ = run_query(full, "evidence-for", {"actor": "usa", "other": "shia-militias", "predicate": "supports"})
    assert [(str(r.negated), str(r.docId)) for r in result] == [("true", "b.txt")]


def test_evidence_of_gives_each_partner_s_strongest_statement(full):
    result, _ = run_query(full, "evidence-of", {"actor": "iran"})
    rows = [(str(r.other).rsplit("/", 1)[1], str(r.relation), float(r.confidence)) for r in result]
    # most-mentioned pair first (Iran supports the militias, twice: the 0.9 sentence is the stronger)
    assert rows[0] == ("shia-militias", "supports", 0.9)
    assert sorted(rows[1:]) == [("isis", "fights", 0.8), ("usa", "alliedWith", 0.4), ("usa", "rivalOf", 0.7)]
    assert [int(r.mentions) for r in result] == [2, 1, 1, 1]


def test_evidence_for_a_pair_lists_the_most_confident_first(full):
    result, _ = run_query(full, "evidence-for", {"actor": "shia-militias", "other": "iran"})
    assert [(str(r.docId), float(r.confidence)) for r in result] == [("a.txt", 0.9), ("b.txt", 0.5)]
    result, _ = run_query(full, "evidence-for", {"actor": "iran", "other": "usa", "predicate": "supports"})
    assert list(result) == []


def test_conflicts_between(full):
    result, _ = run_query(full, "conflicts-between", {"a": "usa", "b": "Iran"})
    assert [(str(r["from"]), str(r.relation), str(r.to), int(r.mentions)) for r in result] == [
        ("United States", "rivalOf", "Iran", 1)
    ]


def test_counts_are_not_inflated_by_triples_repeated_across_documents(full):
    from conftest import IRAN, USA, mention

    from kg.model import Document

    full.replace_document(
        Document("c.txt", "Iran may threaten the US."),
        [mention("c.txt", IRAN, "threatens", USA, "conflict", hedged=True)],
    )
    result, _ = run_query(full, "conflicts-between", {"a": "usa", "b": "iran"})
    rows = {(str(r["from"]), str(r.relation)): (int(r.mentions), int(r.hedgedMentions)) for r in result}
    assert rows == {("United States", "rivalOf"): (1, 0), ("Iran", "threatens"): (1, 1)}


def test_actors_and_relations(full):
    result, _ = run_query(full, "actors")
    assert set(column(result, "actor")) == {"iran", "usa", "shia-militias", "isis", "critics"}
    kinds = {c: str(r.kind) for c, r in zip(column(result, "actor"), result)}
    assert kinds["iran"] == "State" and kinds["isis"] == "ArmedGroup" and kinds["critics"] == "Group"
    assert [str(r.wikidata) for r in result if str(r.actor).endswith("/usa")] == ["Q30"]
    rel, _ = run_query(full, "relations")
    rows = [(str(r.subject), str(r.relations), str(r.object), str(r.polarity), int(r.mentions)) for r in rel]
    assert rows[0] == ("Iran", "supports", "Shia militias", "cooperation", 2)  # most mentioned first
    assert ("United States", "rivalOf", "Iran", "conflict", 1) in rows
    assert not any(r[2] == "Shia militias" and r[0] == "United States" for r in rows)  # negated only
    mine, _ = run_query(full, "relations-of", {"actor": "usa"})
    assert {(str(r.subject), str(r.relations), str(r.object)) for r in mine} == {
        ("United States", "fights", "Islamic State"),
        ("United States", "alliedWith", "Iran"),
        ("United States", "rivalOf", "Iran"),
    }


def test_actor_resolution_by_id_label_alias_case(full):
    iran = mint("actor", "iran")
    for text in ("iran", "Iran", "IRAN", "Islamic Republic of Iran", "islamic republic of iran"):
        assert resolve_actor(full, text) == (iran, True)
    assert resolve_actor(full, "America") == (mint("actor", "usa"), True)
    assert resolve_actor(full, "Atlantis")[1] is False


@pytest.mark.parametrize(
    "value",
    [
        '"} ; DROP ALL ; {',
        "iran> } ; DROP ALL",
        'Iran" } UNION { ?x ?y ?z',
        "<https://w3id.org/kg-news/id/actor/iran>",
        "?actor",
        "*",
    ],
)
def test_injection_through_a_parameter_just_matches_nothing(full, value):
    before = next(iter(full.query(COUNT)))[0]
    result, notes = run_query(full, "allies-of", {"actor": value})
    assert list(result) == [] and notes
    assert next(iter(full.query(COUNT)))[0] == before


def test_adhoc_sparql_params_are_values(full):
    q = "SELECT ?a ?label WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    result, _ = run_query(full, q, {"label": "Iran"})
    assert column(result, "a") == ["iran"]
    result, _ = run_query(full, q, {"label": '"} ; DROP ALL ; {'})
    assert list(result) == []
    result, _ = run_query(full, q, {"a": "<https://w3id.org/kg-news/id/actor/usa>"})
    assert {str(r.label) for r in result} == {"United States"}
    with pytest.raises(QueryError):
        run_query(full, q, {"a": "<http://x> <y>"})


def test_parameter_errors(full):
    with pytest.raises(QueryError, match="needs --param actor"):
        run_query(full, "allies-of", {})
    with pytest.raises(QueryError, match="no parameter 'who'.*actor"):
        run_query(full, "allies-of", {"who": "iran"})
    with pytest.raises(QueryError, match="unknown relation 'befriends'"):
        run_query(full, "evidence-for", {"actor": "iran", "other": "usa", "predicate": "befriends"})
    with pytest.raises(QueryError, match="unknown query 'allies'.*allies-of"):
        run_query(full, "allies", {})
    with pytest.raises(QueryError, match="NAME=VALUE"):
        parse_params(["actor"])


def test_a_query_file_with_its_own_header(full, tmp_path):
    f = tmp_path / "mine.rq"
    f.write_text(
        f"# fights of one actor\n# param: who actor — the actor\nSELECT ?who ?x WHERE {{ ?who <{KG.fights}> ?x }}\n"
    )
    result, _ = run_query(full, str(f), {"who": "usa"})
    assert column(result, "x") == ["isis"]


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_the_named_queries_give_the_same_rows_on_rdflib_s_memory_dataset(full, name):
    """The .rq files are portable SPARQL 1.1: rdflib's own engine answers the same, row for row."""
    ds = full.dataset(union_default=True)
    params = {"actor": "iran", "other": "usa", "a": "usa", "b": "iran"}
    nq = get_query(name)
    for keep_parts in (False, True):
        bindings, _ = bind_params(
            full, nq, {p.name: params[p.name] for p in nq.params if p.name in params}, keep_parts=keep_parts
        )
        ours = [tuple(map(str, r)) for r in full.query(nq.text, bindings, initNs=PREFIXES)]
        theirs = [tuple(map(str, r)) for r in ds.query(inline_values(nq.text, bindings), initNs=PREFIXES)]
        assert ours == theirs and ours, (name, keep_parts)


def test_formats(full):
    result, _ = run_query(full, "allies-of", {"actor": "iran"})
    table = format_result(result, "table")
    assert table.splitlines()[0].split() == ["actor", "ally", "label", "relations", "mentions"]
    assert "(2 rows)" in table
    csv_text = format_result(result, "csv")
    assert csv_text.splitlines()[1].startswith("https://w3id.org/kg-news/id/actor/iran,")
    data = json.loads(format_result(result, "json"))
    assert data["head"]["vars"][:2] == ["actor", "ally"] and len(data["results"]["bindings"]) == 2
    ask = full.query("ASK { ?s ?p ?o }")
    assert format_result(ask) == "true"
    with pytest.raises(QueryError):
        format_result(result, "yaml")


def test_html_in_labels_is_printed_as_text(store):
    from conftest import USA, mention

    from kg.model import Actor, Document

    evil = Actor("evil", '<script>alert("x")</script>', "Group")
    store.replace_document(Document("e.txt", "x"), [mention("e.txt", evil, "attacks", USA, "conflict")])
    result, _ = run_query(store, "rivals-of", {"actor": "usa"})
    assert '<script>alert("x")</script>' in format_result(result, "table")
    assert [str(r.label) for r in result] == ['<script>alert("x")</script>']


def test_adhoc_sparql_may_use_the_usual_prefixes_undeclared():
    from kg.model import Actor, Document, RelationMention
    from kg.queries import run_query
    from kg.store import open_store

    store = open_store("memory")
    us, isis = Actor("united-states", "United States", "State"), Actor("isis", "ISIS", "ArmedGroup")
    store.replace_document(
        Document("d1", "The US fights ISIS."),
        [RelationMention("d1", us, "fights", isis, "conflict", sentence="The US fights ISIS.", char_end=19)],
    )
    result, _ = run_query(store, "SELECT ?b WHERE { actor:united-states kg:fights ?b }")
    assert [str(row[0]) for row in result] == ["https://w3id.org/kg-news/id/actor/isis"]


def test_relations_are_two_levels_deep_as_evidence_for_reads_them():
    """evidence-for finds PREDICATE's statements with one rdfs:subPropertyOf step: true while kg.ttl's relation
    properties sit at most two levels under kg:relation."""
    from rdflib import Graph
    from rdflib.namespace import RDFS

    from kg.rdf.ontology import ontology_path, relation_properties

    g = Graph().parse(ontology_path("kg.ttl"))
    for name in relation_properties():
        parents = set(g.transitive_objects(KG[name], RDFS.subPropertyOf)) - {KG[name]}
        assert parents <= {KG.relation, KG.cooperatesWith, KG.conflictsWith}, name


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_are_plain_triple_patterns_without_property_paths(name):
    """No `|`, `/`, `*`, `+`, `^` paths: every engine reads triple patterns and UNIONs alike (Virtuoso 7.2 answers
    some paths wrongly when a sub-select with a LIMIT sits beside them)."""
    from rdflib.paths import Path
    from rdflib.plugins.sparql import prepareQuery

    found = []

    def walk(node):
        if isinstance(node, Path):
            found.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(prepareQuery(get_query(name).text).algebra)
    assert found == []


def test_a_result_too_wide_for_the_terminal_prints_as_records_with_whole_sentences(full):
    """evidence-of has a dozen columns: at 80 characters a table gives each ~4, so a sentence would
    wrap a word a line; each row is printed as a block of name / value lines instead."""
    result, _ = run_query(full, "evidence-of", {"actor": "iran"})
    assert len(result.vars) * 10 > 80
    text = format_result(result, "table", width=80)
    evidence = str(next(iter(result))["evidence"])
    flat = " ".join(text.split())
    assert "── 1 ──" in text and " ".join(evidence.split()) in flat
    assert all(len(line) <= 80 for line in text.splitlines())
    assert any(line.startswith("evidence ") for line in text.splitlines())
    assert format_result(result, "table", width=200).splitlines()[0].split()[:2] == ["actor", "other"]
