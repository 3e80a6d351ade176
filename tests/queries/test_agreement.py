"""Every named query and the analysis, on the same store, agree pair by pair: parts folded into their state by
default, kept apart with ``keep_parts`` / ``merge_parts=False`` (issue 12: "conflicts-between Mali Algeria"
returned nothing while ``analyze`` counted two conflict mentions, and ``who-supports Mali`` missed Russia)."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import mention

from kg.analysis import signed_graph
from kg.model import Actor, Document
from kg.queries import named_queries, run_query
from kg.rdf.rollup import folds_into

MALI = Actor("mali", "Mali", "State")
ALGERIA = Actor("algeria", "Algeria", "State")
RUSSIA = Actor("russia", "Russia", "State")
MALI_GOV = Actor("mali-government", "Government of Mali", "Government", part_of="mali")
MALI_ARMY = Actor("mali-military", "Military of Mali", "Military", part_of="mali")
ALGERIA_ARMY = Actor("algeria-military", "Military of Algeria", "Military", part_of="algeria")
RUSSIA_ARMY = Actor("russia-military", "Military of Russia", "Military", part_of="russia")
NIGER_GOV = Actor("niger-government", "Government of Niger", "Government", part_of="niger")  # no Niger anywhere
ECOWAS = Actor("ecowas", "ECOWAS", "Organization")

# (subject, relation, object, polarity, flags): a Sahel corpus with its conflicts told through the parts
STATEMENTS = [
    (ALGERIA_ARMY, "fights", MALI_ARMY, "conflict", {}),
    (ALGERIA, "condemns", MALI_GOV, "conflict", {"hedged": True}),
    (MALI_GOV, "opposes", ALGERIA, "conflict", {}),
    (RUSSIA, "supports", MALI_GOV, "cooperation", {}),
    (RUSSIA_ARMY, "aids", MALI_ARMY, "cooperation", {}),
    (RUSSIA_ARMY, "aids", MALI_ARMY, "cooperation", {"confidence": 0.6}),
    (MALI, "negotiatesWith", ALGERIA, "cooperation", {}),
    (MALI_GOV, "meetsWith", MALI_ARMY, "cooperation", {}),  # inside Mali: no pair once folded
    (ECOWAS, "sanctions", MALI_GOV, "conflict", {}),
    (ECOWAS, "supports", NIGER_GOV, "cooperation", {}),
    (ALGERIA, "supports", MALI_ARMY, "cooperation", {"negated": True}),  # denied: counted nowhere
    (NIGER_GOV, "alliedWith", MALI, "cooperation", {"hedged": True}),
]


@pytest.fixture(scope="module")
def sahel():
    from kg.store import open_store

    with open_store("memory") as store:
        by_doc: dict[str, list] = {}
        for i, (s, p, o, pol, flags) in enumerate(STATEMENTS):
            doc = f"sahel-{i % 5}.txt"
            by_doc.setdefault(doc, []).append(mention(doc, s, p, o, pol, start=100 * i, **flags))
        for doc, ms in by_doc.items():
            store.replace_document(Document(doc, doc), ms)
        yield store


def _id(term) -> str:
    return str(term).rsplit("/", 1)[-1]


def _evidence_pairs(G, fold, polarity):
    """(folded subject, folded object) -> count of the analysis's evidence of one polarity (directed)."""
    out: Counter = Counter()
    for _a, _b, data in G.edges(data=True):
        for e in data["evidence"]:
            if e["polarity"] == polarity:
                out[(fold(e["subject"]), fold(e["object"]))] += 1
    return out


@pytest.mark.parametrize("keep_parts", [False, True])
def test_every_named_query_agrees_with_the_analysis_pair_by_pair(sahel, keep_parts):
    G = signed_graph(sahel, merge_parts=not keep_parts)
    from kg.analysis import load

    actors = {
        k.rsplit("/", 1)[-1]: {"part_of": (v["part_of"] or "").rsplit("/", 1)[-1]}
        for k, v in load(sahel).actors.items()
    }
    fold = folds_into(actors, keep_parts=keep_parts)
    coop = _evidence_pairs(G, fold, "cooperation")
    checked = Counter()

    def run(name, **params):
        checked[name] += 1
        result, _ = run_query(sahel, name, params, keep_parts=keep_parts)
        return list(result)

    for a in G:
        for name, column, polarity in (("allies-of", "ally", "cooperation"), ("rivals-of", "rival", "conflict")):
            got = {_id(r[column]): int(r.mentions) for r in run(name, actor=a)}
            assert got == {b: G.edges[a, b][polarity] for b in G[a] if G.edges[a, b][polarity]}, (name, a)
        got = {_id(r.supporter): int(r.mentions) for r in run("who-supports", actor=a)}
        assert got == {s: n for (s, o), n in coop.items() if o == a}, ("who-supports", a)
        rows = run("relations-of", actor=a)
        got = Counter()
        for r in rows:
            other = str(r.object) if str(r.subject) == G.nodes[a]["label"] else str(r.subject)
            got[(other, str(r.polarity))] += int(r.mentions)
        want = Counter(
            {
                (G.nodes[b]["label"], pol): G.edges[a, b][pol]
                for b in G[a]
                for pol in ("cooperation", "conflict")
                if G.edges[a, b][pol]
            }
        )
        assert got == want, ("relations-of", a)
        partners = {_id(r.other) for r in run("evidence-of", actor=a) if int(r.mentions)}
        assert partners == set(G[a]), ("evidence-of", a)
        for b in G[a]:
            rows = run("conflicts-between", a=a, b=b)
            assert sum(int(r.mentions) for r in rows) == G.edges[a, b]["conflict"], ("conflicts-between", a, b)
            said = {str(r.evidence) for r in run("evidence-for", actor=a, other=b) if str(r.negated) == "false"}
            assert said == {e["sentence"] for e in G.edges[a, b]["evidence"]}, ("evidence-for", a, b)
    total = Counter()
    for r in run("relations"):
        total[tuple(sorted((str(r.subject), str(r.object)))) + (str(r.polarity),)] += int(r.mentions)
    want = Counter(
        {
            tuple(sorted((G.nodes[a]["label"], G.nodes[b]["label"]))) + (pol,): d[pol]
            for a, b, d in G.edges(data=True)
            for pol in ("cooperation", "conflict")
            if d[pol]
        }
    )
    assert total == want
    assert {_id(r.actor) for r in run("actors")} >= set(G)
    assert set(checked) == set(named_queries())  # every named query took part


def test_the_issue_s_examples(sahel):
    rows, _ = run_query(sahel, "conflicts-between", {"a": "Mali", "b": "Algeria"})
    assert sum(int(r.mentions) for r in rows) == 3 == signed_graph(sahel).edges["mali", "algeria"]["conflict"]
    assert {(str(r["from"]), str(r.relation), str(r.to)) for r in rows} == {
        ("Algeria", "fights", "Mali"),
        ("Algeria", "condemns", "Mali"),
        ("Mali", "opposes", "Algeria"),
    }
    rows, _ = run_query(sahel, "who-supports", {"actor": "Mali"})
    assert {str(r.label): int(r.mentions) for r in rows} == {"Russia": 3, "Government of Niger": 1}
    kept, _ = run_query(sahel, "conflicts-between", {"a": "Mali", "b": "Algeria"}, keep_parts=True)
    assert list(kept) == []  # kept apart, Mali itself fought nobody
    rows, notes = run_query(sahel, "allies-of", {"actor": "Government of Mali"})
    assert {_id(r.actor) for r in rows} == {"mali"} and "counts as 'mali'" in notes[0]
