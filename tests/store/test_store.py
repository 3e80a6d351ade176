"""The store: one named graph per document, union queries with rdflib's result shape, atomic writes, clear errors."""

from __future__ import annotations

import os

import pytest
from conftest import IRAN, ISIS, MILITIAS, USA, mention
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS
from servers import store_held_open

import kg.store as store_mod
from kg.errors import QueryError, StoreError
from kg.model import Actor, Document
from kg.rdf.iris import mint
from kg.rdf.namespace import KG, sparql_prefixes
from kg.store import ONTOLOGY_GRAPH, nt_term, open_store

COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def quads(store) -> int:
    return int(next(iter(store.query(COUNT_QUADS)))[0])


def test_the_ontology_is_loaded_once_and_polarity_paths_work(store):
    rows = store.query(
        sparql_prefixes(("kg",))
        + """
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?p WHERE { ?p rdfs:subPropertyOf* kg:conflictsWith }"""
    )
    names = {str(r.p).rsplit("#", 1)[1] for r in rows}
    assert {"fights", "attacks", "rivalOf", "conflictsWith"} <= names and "supports" not in names
    before = quads(store)
    assert store.load_ontology() is False  # same kg.ttl: nothing written
    assert quads(store) == before


def test_a_changed_ontology_file_replaces_the_ontology_graph(tmp_path, monkeypatch):
    from kg.rdf.ontology import ontology_path

    location = tmp_path / "s"
    open_store(location).close()
    changed = tmp_path / "kg.ttl"
    changed.write_text(ontology_path("kg.ttl").read_text() + "\nkg:fights rdfs:seeAlso kg:attacks .\n")
    monkeypatch.setattr(store_mod.base, "ontology_path", lambda name="kg.ttl": changed)
    with open_store(location) as s:
        assert s.query(f"ASK {{ <{KG.fights}> <{RDFS.seeAlso}> ?o }}").askAnswer
        assert (
            len(
                list(
                    s.query(
                        f"SELECT DISTINCT ?g ?h WHERE {{ GRAPH ?g {{ ?g <{KG.contentHash}> ?h }} }}",
                        {"g": ONTOLOGY_GRAPH},
                    )
                )
            )
            == 1
        )


def test_replace_skip_and_replace_again(store, doc_a):
    doc, mentions = doc_a
    assert store.replace_document(doc, mentions) is True
    n = quads(store)
    assert store.replace_document(doc, mentions) is False
    assert quads(store) == n
    assert store.document_hash("a.txt") == doc.content_hash
    assert store.document_hash("nope") is None
    changed = Document(doc.id, doc.text + " Iran now fights the militias.")
    assert store.replace_document(changed, [mention("a.txt", IRAN, "fights", MILITIAS, "conflict")])
    rows = list(
        store.query(
            sparql_prefixes(("kg",)) + "SELECT ?s ?p ?o WHERE "
            "{ ?p <http://www.w3.org/2000/01/rdf-schema#subPropertyOf>+ kg:relation . ?s ?p ?o }"
        )
    )
    assert [(r.s, r.p, r.o) for r in rows] == [(mint("actor", "iran"), KG.fights, mint("actor", "shia-militias"))]
    assert [d.id for d in store.documents()] == ["a.txt"]


def test_remove_keeps_a_triple_another_document_supports(store, doc_a, doc_b):
    store.replace_document(*doc_a)
    store.replace_document(*doc_b)
    supports = (mint("actor", "iran"), KG.supports, mint("actor", "shia-militias"))
    fights = (mint("actor", "usa"), KG.fights, mint("actor", "isis"))
    assert store.remove_document("a.txt") is True
    g = store.union_graph()
    assert supports in g  # b.txt says it too
    assert fights not in g  # only a.txt said it
    assert not list(g.subjects(KG.evidence, Literal("United States fights Islamic State.")))
    assert store.remove_document("a.txt") is False
    assert [d.id for d in store.documents()] == ["b.txt"]


def test_documents_lists_metadata(store, doc_a):
    store.replace_document(*doc_a)
    (info,) = store.documents()
    assert (info.id, info.title, info.date, info.source) == (
        "a.txt",
        "Tacit allies",
        "2015-03-05",
        "https://example.org/a",
    )
    assert info.iri == str(mint("doc", "a.txt"))


def test_query_results_have_rdflib_s_shape(store, doc_a, doc_b):
    store.replace_document(*doc_a)
    store.replace_document(*doc_b)
    q = (
        sparql_prefixes(("kg",))
        + """
           PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
           SELECT DISTINCT ?a ?label ?conf WHERE { ?x kg:subject ?a ; kg:confidence ?conf . ?a rdfs:label ?label }
           ORDER BY ?label ?conf"""
    )
    ours = store.query(q)
    theirs = store.union_graph().query(q)
    assert ours.type == theirs.type == "SELECT"
    assert ours.vars == theirs.vars
    assert list(ours) == list(theirs)
    row = list(ours)[0]
    assert isinstance(row.a, URIRef) and row.conf.toPython() == pytest.approx(0.5)
    assert row["label"] == row[1]
    assert store.query("ASK { ?s a <https://schema.org/NewsArticle> }").askAnswer is True
    built = store.query(f"CONSTRUCT {{ ?s <{KG.fights}> ?o }} WHERE {{ ?s <{KG.fights}> ?o }}").graph
    assert len(built) == 2 and isinstance(built, Graph)


def test_the_union_is_a_bag_a_triple_in_two_graphs_matches_twice(store, doc_a, doc_b):
    store.replace_document(*doc_a)
    store.replace_document(*doc_b)
    supports = "SELECT %s ?s WHERE { ?s <" + str(KG.supports) + "> ?o }"
    assert len(list(store.query(supports % ""))) == 2  # iran supports militias: a.txt and b.txt
    assert len(list(store.query(supports % "DISTINCT"))) == 1
    label = "SELECT ?l WHERE { <%s> <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    assert len(list(store.query(label % mint("actor", "iran")))) == 1  # actors are described once


def test_actor_descriptions_are_shared_updated_and_removed_with_their_last_mention(store, doc_a, doc_b):
    from kg.model import Actor

    store.replace_document(*doc_a)
    store.replace_document(*doc_b)
    renamed = Actor("iran", "Islamic Republic of Iran", "State")
    store.replace_document(Document("c.txt", "x"), [mention("c.txt", renamed, "fights", ISIS, "conflict")])
    g = store.union_graph()
    assert [str(x) for x in g.objects(mint("actor", "iran"), RDFS.label)] == ["Islamic Republic of Iran"]
    store.remove_document("a.txt")  # the only one mentioning critics
    g = store.union_graph()
    assert not list(g.predicate_objects(mint("actor", "critics")))
    assert g.value(mint("actor", "isis"), RDFS.label) is not None  # c.txt still mentions isis
    store.replace_document(Document("c.txt", "changed"), [])  # c.txt no longer mentions isis
    assert store.union_graph().value(mint("actor", "isis"), RDFS.label) is None
    assert store.stats().actors == 3  # iran, usa, militias (b.txt)


def test_optional_unbound_values_are_none_like_rdflib(store, doc_b):
    store.replace_document(*doc_b)
    (row,) = store.query(
        "SELECT ?d ?title WHERE { ?d a <https://schema.org/NewsArticle> "
        "OPTIONAL { ?d <https://schema.org/headline> ?title } }"
    )
    assert row.title is None


def test_bindings_are_values_not_query_text(store, doc_a):
    store.replace_document(*doc_a)
    before = quads(store)
    q = "SELECT ?a ?label WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    for hostile in ['"} ; DROP ALL ; {', 'Iran" } UNION { ?a ?b ?label', "Iran"]:
        rows = list(store.query(q, {"label": Literal(hostile)}))
        assert rows == ([] if hostile != "Iran" else [(mint("actor", "iran"), Literal("Iran"))])
    assert quads(store) == before
    # rdflib's keyword works too
    assert len(list(store.query(q, initBindings={"label": Literal("Iran")}))) == 1
    with pytest.raises(TypeError):
        store.query(q, {"label": "plain str"})


def test_a_syntax_error_is_a_query_error(store):
    with pytest.raises(QueryError, match="syntax"):
        store.query("SELECT * WHERE {")


HOSTILE = [
    '<script>alert("x")</script>',
    'say "hi" \\ ok',
    "two\nlines\r\n",
    "} } ; DROP ALL ; { {",
    "\"\"\" ''' ",
    "\\u0022 not a quote",
    "nul\x00 bell\x07 del\x7f",
    "emoji 🛰️ ünïcödé 中文",
    "# not a comment",
    "GRAPH <http://x> { }",
]


def test_hostile_text_is_stored_verbatim_and_cannot_break_the_update(store):
    actors = [Actor(f"a{i}", text, "Group") for i, text in enumerate(HOSTILE)]
    mentions = [
        mention("h.txt", a, "threatens", USA, "conflict", sentence=a.label, start=i) for i, a in enumerate(actors)
    ]
    doc = Document("h.txt", "".join(HOSTILE), title=HOSTILE[0], source=HOSTILE[3])
    assert store.replace_document(doc, mentions)
    g = store.union_graph()
    for a in actors:
        assert str(g.value(mint("actor", a.id), RDFS.label)) == a.label
    assert {str(o) for o in g.objects(None, KG.evidence)} == set(HOSTILE)
    assert store.documents()[0].title == HOSTILE[0]
    assert store.query("ASK { GRAPH ?g { ?s ?p ?o } FILTER (?g = <http://x>) }").askAnswer is False


def test_lone_surrogates_become_replacement_characters(store):
    doc = Document("s.txt", "bad \ud800 text")
    m = mention(
        "s.txt", Actor("s", "lone \udc00 surrogate", "Group"), "fights", ISIS, "conflict", sentence="x \ud800 y"
    )
    assert store.replace_document(doc, [m])
    g = store.union_graph()
    assert str(g.value(mint("actor", "s"), RDFS.label)) == "lone \ufffd surrogate"
    assert store.document_hash("s.txt") == doc.content_hash  # unchanged next time: skipped
    assert not store.replace_document(doc, [m])


def test_nt_term_refuses_an_iri_that_would_break_out():
    with pytest.raises(ValueError):
        nt_term(URIRef("http://x> <http://y"))
    assert nt_term(Literal('a"b\nc\\d')) == '"a\\"b\\nc\\\\d"'


def test_a_write_failing_half_way_leaves_the_store_as_it_was(store, doc_a, doc_b, monkeypatch):
    store.replace_document(*doc_a)
    before = {str(q) for q in store.quads()}
    # The update drops the document's graph, then fails while executing (an unloadable LOAD):
    # the DROP must be rolled back with it.
    original = store_mod.Store._join_operations
    monkeypatch.setattr(
        store_mod.Store,
        "_join_operations",
        staticmethod(lambda ops: original(ops) + " ;\nLOAD <http://127.0.0.1:1/nothing.ttl> INTO GRAPH <http://x>"),
    )
    changed = Document("a.txt", "changed text")
    with pytest.raises(StoreError, match="nothing written"):
        store.replace_document(changed, doc_b[1][:0])
    with pytest.raises(StoreError):
        store.replace_document(*doc_b)
    assert {str(q) for q in store.quads()} == before
    assert store.document_hash("a.txt") == doc_a[0].content_hash
    assert store.document_hash("b.txt") is None


def test_a_mention_failing_mid_document_writes_nothing(store, doc_a):
    store.replace_document(*doc_a)
    n = quads(store)
    doc, mentions = doc_a

    def exploding():
        yield mentions[0]
        raise RuntimeError("extractor died")

    with pytest.raises(RuntimeError):
        store.replace_document(Document("a.txt", "new"), exploding())
    bad = mention("a.txt", IRAN, "befriends", USA, "cooperation")
    with pytest.raises(StoreError, match="befriends"):
        store.replace_document(Document("a.txt", "new"), [mentions[0], bad])
    assert quads(store) == n and store.document_hash("a.txt") == doc.content_hash


def test_on_disk_store_persists_and_reopens(tmp_path, doc_a):
    with open_store(tmp_path / "s") as s:
        s.replace_document(*doc_a)
        n = quads(s)
    with open_store(tmp_path / "s") as s:
        assert quads(s) == n and s.document_hash("a.txt") == doc_a[0].content_hash
    with open_store(tmp_path / "s", read_only=True) as s:
        assert quads(s) == n
        with pytest.raises(StoreError, match="read-only"):
            s.remove_document("a.txt")


def test_store_location_errors(tmp_path):
    with pytest.raises(StoreError, match="parent directory"):
        open_store(tmp_path / "missing" / "store")
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="not a directory"):
        open_store(tmp_path / "file")
    with pytest.raises(StoreError, match="no such store"):
        open_store(tmp_path / "absent", create=False)
    with pytest.raises(StoreError, match="no such store"):
        open_store(tmp_path / "absent", read_only=True)
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "CURRENT").write_text("garbage")
    with pytest.raises(StoreError, match="junk"):
        open_store(junk)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read anything")
def test_unreadable_store_directory(tmp_path):
    d = tmp_path / "locked-out"
    open_store(d).close()
    d.chmod(0)
    try:
        with pytest.raises(StoreError, match="permission denied"):
            open_store(d)
    finally:
        d.chmod(0o755)


def test_a_store_held_by_another_process_is_a_clear_error(tmp_path):
    location = tmp_path / "held"
    with store_held_open(location), pytest.raises(StoreError, match="locked: another kg process"):
        open_store(location)
    open_store(location).close()  # free again once the holder exits


@pytest.mark.parametrize(
    "fmt,rdflib_format", [("turtle", "turtle"), ("nt", "nt"), ("json-ld", "json-ld"), ("xml", "xml")]
)
def test_triple_exports_round_trip(store, doc_a, doc_b, fmt, rdflib_format):
    store.replace_document(*doc_a)
    store.replace_document(*doc_b)
    back = Graph().parse(data=store.dump(fmt), format=rdflib_format)
    assert isomorphic(back, store.union_graph())


@pytest.mark.parametrize("fmt,rdflib_format", [("trig", "trig"), ("nquads", "nquads")])
def test_dataset_exports_keep_one_graph_per_document(store, doc_a, doc_b, fmt, rdflib_format):
    store.replace_document(*doc_a)
    store.replace_document(*doc_b)
    back = Dataset().parse(data=store.dump(fmt), format=rdflib_format)
    ours = store.dataset()
    names = {g.identifier for g in ours.graphs() if len(g)}
    assert names == {g.identifier for g in back.graphs() if len(g)}
    assert names == {
        mint("doc", "a.txt"),
        mint("doc", "b.txt"),
        ONTOLOGY_GRAPH,
        store_mod.ACTORS_GRAPH,
        *store_mod.tallies.DERIVED_GRAPHS,
    }
    for name in names:
        assert isomorphic(back.graph(name), ours.graph(name))


def test_a_turtle_export_loads_into_a_fresh_store_identically(store, doc_a, doc_b, tmp_path):
    store.replace_document(*doc_a)
    store.replace_document(*doc_b)
    (tmp_path / "g.trig").write_bytes(store.dump("trig"))
    with open_store("memory") as fresh:
        fresh.update("CLEAR ALL")
        fresh.bulk_load(tmp_path / "g.trig", store_mod.base.ox.RdfFormat.TRIG)
        assert {str(q) for q in fresh.quads()} == {str(q) for q in store.quads()}
        assert fresh.stats() == store.stats()


def test_empty_store_stats_and_exports(store):
    s = store.stats()
    assert (s.documents, s.actors, s.assertions, s.cooperation, s.conflict, s.direct_triples) == (0,) * 6
    assert s.triples == 0  # what documents say: the ontology and the derived tallies are not counted
    for fmt in store_mod.FORMATS:
        assert store.dump(fmt)
    assert store.documents() == []


def test_stats_count_by_polarity(store, doc_a, doc_b):
    store.replace_document(*doc_a)
    store.replace_document(*doc_b)
    s = store.stats()
    assert (s.documents, s.assertions, s.cooperation, s.conflict, s.negated, s.hedged) == (2, 7, 4, 3, 1, 1)
    assert s.actors == 5  # iran, usa, militias, isis, critics
    assert s.direct_triples == 5  # supports x1 (shared), fights x2, alliedWith, rivalOf; negated one absent


def test_unknown_export_format(store):
    with pytest.raises(QueryError, match="unknown export format"):
        store.dump("yaml")


def test_values_blocks_go_into_every_subquery_that_projects_the_variable():
    from kg.store import inline_values

    iri = URIRef("http://a")
    q = (
        "SELECT ?x ?n WHERE { # a { WHERE comment\n"
        '  { SELECT ?x (COUNT(*) AS ?n) WHERE { ?x ?p "WHERE {" } GROUP BY ?x }\n'
        "  { SELECT ?y WHERE { ?y ?q ?x } } }"
    )
    out = inline_values(q, {"x": iri})
    assert out.count("VALUES (?x) { (<http://a>) }") == 2  # outer and first subquery, not the second
    assert '"WHERE {"' in out and "# a { WHERE comment" in out
    assert (
        inline_values("SELECT ?a WHERE { ?a ?b ?c }", {"b": iri})
        == "SELECT ?a WHERE { VALUES (?b) { (<http://a>) } ?a ?b ?c }"
    )
    assert inline_values("ASK { ?s ?p ?o }", {"s": iri}) == "ASK { VALUES (?s) { (<http://a>) } ?s ?p ?o }"
    assert inline_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": iri}).endswith(
        "WHERE { VALUES (?s) { (<http://a>) } ?s ?p ?o }"
    )
    with pytest.raises(QueryError, match="no WHERE"):
        inline_values("CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }", {"s": iri})
    hostile = Literal('"} ; DROP ALL ; { "')
    assert (
        inline_values("SELECT * { ?a ?b ?c }", {"c": hostile})
        == 'SELECT * { VALUES (?c) { ("\\"} ; DROP ALL ; { \\"") } ?a ?b ?c }'
    )


def test_a_binding_constrains_the_subquery_that_projects_it(store, doc_a, doc_b):
    store.replace_document(*doc_a)
    store.replace_document(*doc_b)
    q = (
        """SELECT DISTINCT ?a ?n WHERE {
             { SELECT ?a (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x <"""
        + str(KG.subject)
        + """> ?a } GROUP BY ?a }
           }"""
    )
    iran = mint("actor", "iran")
    # iran is the subject of 3 assertions (2 in a.txt, 1 in b.txt). (rdflib 7.6's initBindings
    # answers 2 here: it does not carry the binding into the aggregating subquery correctly.)
    assert [tuple(r) for r in store.query(q, {"a": iran})] == [(iran, Literal(3))]
    unbound = {r.a: r.n for r in store.union_graph().query(q)}
    assert unbound[iran] == Literal(3)
