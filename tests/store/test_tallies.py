"""Pair tallies: after every write they equal a count over the assertions, and the named queries read them."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest
from conftest import IRAN, MILITIAS, USA, mention
from rdflib import Literal, URIRef
from tally_check import assert_tallies_match, brute_force, stored  # noqa: F401

import kg.store as store_mod
from kg.errors import QueryError, StoreError
from kg.model import Actor, Document, RelationMention
from kg.queries import run_query
from kg.rdf import KG, pair_iri, relation_properties
from kg.rdf.iris import mint
from kg.store import TALLIES_GRAPH, open_store


def test_tallies_equal_a_count_over_the_assertions_after_build_rebuild_and_remove(store, doc_a, doc_b):
    store.replace_document(*doc_a)
    store.replace_document(*doc_b)
    assert_tallies_match(store)
    militias = stored(store)[pair_iri("iran", "shia-militias", "cooperation")]
    assert (militias["mentions"], militias["relations"], militias["maxConfidence"]) == (2, {KG.supports}, 0.9)
    negated_only = stored(store)[pair_iri("usa", "shia-militias", "cooperation")]
    assert (negated_only["mentions"], negated_only["negated"], negated_only["maxConfidence"]) == (0, 1, None)

    # a changed document replaces its share of the counts
    doc, mentions = doc_a
    store.replace_document(
        Document("a.txt", "changed"),
        mentions[:1]
        + [mention("a.txt", IRAN, "aids", MILITIAS, "cooperation", start=60, hedged=True, confidence=0.95)],
    )
    assert_tallies_match(store)
    militias = stored(store)[pair_iri("iran", "shia-militias", "cooperation")]
    assert (militias["mentions"], militias["hedged"], militias["relations"]) == (3, 1, {KG.supports, KG.aids})
    assert pair_iri("usa", "isis", "conflict") not in stored(store)  # only the old a.txt said it

    store.remove_document("b.txt")
    assert_tallies_match(store)
    assert pair_iri("usa", "shia-militias", "cooperation") not in stored(store)
    store.remove_document("a.txt")
    assert stored(store) == {}


def test_random_builds_rebuilds_and_removals_keep_tallies_exact(store):
    rng = random.Random(3)
    actors = [Actor(f"a{i}", f"Actor {i}", "State") for i in range(5)]
    props = relation_properties()
    names = sorted(props)

    def random_doc(doc_id: str) -> tuple[Document, list[RelationMention]]:
        mentions = []
        for k in range(rng.randint(0, 6)):
            s, o = rng.sample(actors, 2)
            pred = rng.choice(names)
            mentions.append(
                RelationMention(
                    doc_id,
                    s,
                    pred,
                    o,
                    props[pred],
                    negated=rng.random() < 0.2,
                    hedged=rng.random() < 0.3,
                    confidence=rng.choice([0.3, 0.5, 0.9]),
                    sentence=f"s{k}",
                    char_start=k,
                    char_end=k + 2,
                )
            )
        return Document(doc_id, f"text {rng.random()}"), mentions

    docs = [f"d{i}" for i in range(6)]
    for _step in range(25):
        doc_id = rng.choice(docs)
        if rng.random() < 0.25:
            store.remove_document(doc_id)
        else:
            store.replace_document(*random_doc(doc_id))
        assert_tallies_match(store)


def test_a_failed_write_leaves_the_tallies_as_they_were(store, doc_a, doc_b, monkeypatch):
    store.replace_document(*doc_a)
    before = stored(store)
    original = store_mod.Store._join_operations
    monkeypatch.setattr(
        store_mod.Store,
        "_join_operations",
        staticmethod(lambda ops: original(ops) + " ;\nLOAD <http://127.0.0.1:1/nothing.ttl> INTO GRAPH <http://x>"),
    )
    with pytest.raises(StoreError, match="nothing written"):
        store.replace_document(*doc_b)
    with pytest.raises(StoreError, match="nothing written"):
        store.remove_document("a.txt")
    assert stored(store) == before


def test_a_store_written_before_tallies_gets_them_on_its_first_writable_open(tmp_path, doc_a, doc_b):
    location = tmp_path / "old"
    with open_store(location) as s:
        s.replace_document(*doc_a)
        s.replace_document(*doc_b)
        expected = stored(s)
        # what a store from before tallies looked like: no tallies graph, no kg:tally links
        s.update(
            f"DROP GRAPH <{TALLIES_GRAPH}> ; DELETE {{ GRAPH ?g {{ ?a <{KG.tally}> ?t }} }} "
            f"WHERE {{ GRAPH ?g {{ ?a <{KG.tally}> ?t }} }}"
        )
        assert not s.has_current_tallies()
    with open_store(location, read_only=True) as s:  # a reader changes nothing
        assert stored(s) == {}
        # ... and a named query says why instead of answering nothing
        with pytest.raises(QueryError, match="without pair tallies"):
            run_query(s, "allies-of", {"actor": "iran"})
    with open_store(location) as s:
        assert s.has_current_tallies()
        assert stored(s) == expected
        assert_tallies_match(s)
        allies, _ = run_query(s, "allies-of", {"actor": "iran"})
        assert [str(r.ally).rsplit("/", 1)[1] for r in allies] == ["shia-militias", "usa"]


def test_rebuild_tallies_after_a_bulk_load_equals_incremental_writes(tmp_path, doc_a, doc_b):
    import pyoxigraph as ox

    with open_store("memory") as built:
        built.replace_document(*doc_a)
        built.replace_document(*doc_b)
        dump = tmp_path / "d.nq"
        dump.write_bytes(built.dump("nquads"))
        expected = stored(built)
    with open_store(tmp_path / "bulk") as s:
        s.update(f"DROP GRAPH <{TALLIES_GRAPH}>")
        s.bulk_load(dump, ox.RdfFormat.N_QUADS)
        s.update(f"DROP GRAPH <{TALLIES_GRAPH}>")
        s.rebuild_tallies()
        assert stored(s) == expected


def test_tallies_are_their_own_class_so_assertion_readers_count_nothing_twice(store, doc_a, doc_b):
    store.replace_document(*doc_a)
    store.replace_document(*doc_b)
    n = next(iter(store.query(f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a <{KG.subject}> ?s }}")))[0]
    assert int(n) == 7
    stats = store.stats()
    assert (stats.assertions, stats.cooperation, stats.conflict, stats.negated) == (7, 4, 3, 1)


@pytest.mark.parametrize("actor", ["iran", "usa", "shia-militias", "isis"])
def test_tally_backed_queries_equal_a_count_over_the_mentions(store, doc_a, doc_b, actor):
    store.replace_document(*doc_a)
    store.replace_document(*doc_b)
    live = [m for m in doc_a[1] + doc_b[1] if not m.negated]

    def expected(polarity: str, direction: str = "both") -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for m in live:
            if m.polarity != polarity:
                continue
            if m.subject.id == actor and direction in ("both", "out"):
                out[m.object.id] += 1
            if m.object.id == actor and direction in ("both", "in"):
                out[m.subject.id] += 1
        return dict(out)

    def got(name: str, column: str) -> dict[str, int]:
        result, _ = run_query(store, name, {"actor": actor})
        return {str(r[column]).rsplit("/", 1)[1]: int(r.mentions) for r in result}

    assert got("allies-of", "ally") == expected("cooperation")
    assert got("rivals-of", "rival") == expected("conflict")
    assert got("who-supports", "supporter") == expected("cooperation", "in")
    relations, _ = run_query(store, "relations-of", {"actor": actor})
    total = sum(int(r.mentions) for r in relations)
    assert total == sum(1 for m in live if actor in (m.subject.id, m.object.id))


def test_pair_tally_iris_minted_in_sparql_match_python():
    link = store_mod.tallies.link_operation()
    assert str(mint("pair", "x"))[:-1] in link
    assert pair_iri("Iran", "shia militias", "conflict") == URIRef(
        "https://w3id.org/kg-news/id/pair/iran/shia-militias/conflict"
    )


def test_literal_confidence_ties_pick_one_best_evidence(store):
    doc = Document("t.txt", "tie")
    ms = [mention("t.txt", USA, "fights", IRAN, "conflict", start=k, confidence=0.5) for k in range(3)]
    store.replace_document(doc, ms)
    assert_tallies_match(store)
    assert Literal(3) == Literal(stored(store)[pair_iri("usa", "iran", "conflict")]["mentions"])


def test_shacl_checks_tallies_a_built_graph_conforms_and_a_wrong_count_is_reported(store, doc_a, doc_b):
    from kg.rdf.validate import validate, validate_graph

    store.replace_document(*doc_a)
    store.replace_document(*doc_b)
    assert validate(store).conforms
    g = store.union_graph()
    t = pair_iri("iran", "shia-militias", "cooperation")
    g.set((t, KG.mentions, Literal(5)))
    report = validate_graph(g)
    assert not report.conforms and "counts 5 mentions but 2 assertions" in report.summary()


def _random_actor(rng: random.Random, i: int) -> Actor:
    """Actors whose descriptions change between documents (labels, aliases, parents)."""
    return Actor(
        f"a{i}",
        rng.choice([f"Actor {i}", f"The actor {i}"]),
        rng.choice(["State", "ArmedGroup", "Government"]),
        aliases=tuple(rng.sample(["X", "Y", "Z"], rng.randint(0, 2))),
        part_of=rng.choice([None, "a0"]),
    )


def _random_document(rng: random.Random, doc_id: str) -> tuple[Document, list[RelationMention]]:
    props = relation_properties()
    names = sorted(props)
    mentions = []
    for k in range(rng.randint(0, 6)):
        s, o = rng.sample(range(5), 2)
        pred = rng.choice(names)
        mentions.append(
            RelationMention(
                doc_id,
                _random_actor(rng, s),
                pred,
                _random_actor(rng, o),
                props[pred],
                negated=rng.random() < 0.2,
                hedged=rng.random() < 0.3,
                attributed_to=_random_actor(rng, 5) if rng.random() < 0.2 else None,
                confidence=rng.choice([0.3, 0.5, 0.9, 1.0, 0.123456785, 1e-7]),
                sentence=f"s{k}",
                char_start=rng.randint(0, 3),  # repeated offsets: the same assertion twice in a document
                char_end=5,
            )
        )
    return Document(doc_id, f"text {rng.random()}"), mentions


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_python_and_sparql_forms_write_identical_stores(seed):
    """The embedded store's writes (tallies computed in Python, several documents per transaction)
    leave exactly the quads the remote store's SPARQL updates leave, step by step."""
    rng = random.Random(seed)
    docs = [f"d{i}" for i in range(7)]
    with open_store("memory") as python_form, open_store("memory") as sparql_form:
        for _step in range(30):
            if rng.random() < 0.2:
                doc_id = rng.choice(docs)
                python_form.remove_document(doc_id)
                store_mod.Store.remove_document(sparql_form, doc_id)
            else:
                group = [_random_document(rng, rng.choice(docs)) for _ in range(rng.randint(1, 4))]
                assert python_form.write_documents(group) == [None] * len(group)
                for doc, mentions in group:
                    store_mod.Store.replace_document(sparql_form, doc, mentions, force=True)
            assert {str(q) for q in python_form.quads()} == {str(q) for q in sparql_form.quads()}
            assert_tallies_match(python_form)


def test_a_tally_gaining_a_relation_changes_only_what_differs():
    """A pair tally's kg:tallyRelation set is diffed by element: a group that adds one relation inserts that
    relation, and neither deletes nor re-inserts the ones already stored (they were ~5% of a build's quads)."""
    from kg.store.tallies import Counted, count, pair_of_actors, state_changes

    tally = pair_of_actors(mint("actor", "iran"), mint("actor", "hezbollah"), "cooperation")
    supports = Counted("https://example.org/a1", False, False, 0.5, frozenset({str(KG.supports)}))
    aids = Counted("https://example.org/a2", False, False, 0.4, frozenset({str(KG.aids)}))
    old = count([supports])
    delete, insert = state_changes(tally, old, count([aids], old))
    assert (tally, KG.tallyRelation, KG.aids) in insert
    assert all(p != KG.tallyRelation for _, p, _ in delete)
    assert (tally, KG.tallyRelation, KG.supports) not in insert
    assert {p for _, p, _ in delete} == {KG.mentions, KG.mentionBand}  # 1 -> 2 mentions; the rest is unchanged
