"""Balance, frustration and k-camp partitions on signed graphs whose answers are known by hand."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.analysis import balance
from kg.analysis.balance import frustration, triads, violations


def signed(edges) -> nx.Graph:
    G = nx.Graph()
    for u, v, s in edges:
        G.add_edge(u, v, sign=s)
    return G


def brute_force(G: nx.Graph, k: int) -> int:
    nodes = list(G)
    best = None
    for camps in itertools.product(range(k), repeat=len(nodes)):
        part = dict(zip(nodes, camps))
        cost = len(violations(G, part))
        best = cost if best is None else min(best, cost)
    return best or 0


def test_balanced_two_camp_graph_has_index_zero_and_the_two_camps():
    G = signed(
        [
            ("us", "iraq", 1),
            ("us", "uk", 1),
            ("iraq", "uk", 1),
            ("isis", "aq", 1),
            ("us", "isis", -1),
            ("iraq", "isis", -1),
            ("uk", "aq", -1),
        ]
    )
    result = frustration(G)
    index, partition = result
    assert index == 0 and result.exact and result.violated == []
    assert partition["us"] == partition["iraq"] == partition["uk"] != partition["isis"] == partition["aq"]
    assert result.camps() == [["iraq", "uk", "us"], ["aq", "isis"]]


def test_triangle_with_one_negative_edge_is_unbalanced_both_ways():
    G = signed([("a", "b", 1), ("b", "c", 1), ("a", "c", -1)])
    t = triads(G)
    assert t["counts"] == {"++-": 1}
    assert t["strong_unbalanced"] == 1 and t["weak_unbalanced"] == 1
    assert frustration(G).index == 1
    assert frustration(G, k=3).index == 1  # no number of camps helps: ++- is weakly unbalanced too


def test_all_negative_triangle_is_strongly_unbalanced_but_weakly_balanced():
    G = signed([("a", "b", -1), ("b", "c", -1), ("a", "c", -1)])
    (t,) = triads(G)["triads"]
    assert t["signs"] == "---" and t["strong"] is False and t["weak"] is True
    two = frustration(G, k=2)
    assert two.index == 1 and two.exact
    three = frustration(G, k=3)
    assert three.index == 0
    assert len(set(three.partition.values())) == 3  # three mutually hostile camps


def test_balanced_triads_plus_plus_plus_and_plus_minus_minus():
    G = signed([("a", "b", 1), ("b", "c", 1), ("a", "c", 1), ("x", "y", 1), ("y", "z", -1), ("x", "z", -1)])
    t = triads(G)
    assert t["total"] == 2 and t["strong_unbalanced"] == 0 and t["weak_unbalanced"] == 0
    assert sorted(t["counts"]) == ["+++", "+--"]


def test_graph_with_no_balanced_partition_for_any_number_of_camps():
    # two ++- triangles sharing nothing, plus a K4 of enemies
    G = signed([("a", "b", 1), ("b", "c", 1), ("a", "c", -1), ("d", "e", 1), ("e", "f", 1), ("d", "f", -1)])
    for k in (2, 3, 4, 5):
        r = frustration(G, k=k)
        assert r.index == 2 and r.exact and r.lower_bound == 2
        assert len(r.violated) == 2


def test_four_mutual_enemies_need_four_camps():
    G = signed([(u, v, -1) for u, v in itertools.combinations("abcd", 2)])
    assert [frustration(G, k=k).index for k in (2, 3, 4)] == [2, 1, 0]


def test_components_are_solved_independently_and_isolated_actors_get_a_camp():
    G = signed([("a", "b", -1), ("b", "c", -1), ("a", "c", -1), ("x", "y", 1)])
    G.add_node("lonely")
    index, partition = frustration(G)
    assert index == 1
    assert set(partition) == set(G)


def test_frustration_rejects_one_camp():
    with pytest.raises(ValueError):
        frustration(signed([("a", "b", 1)]), k=1)


def test_heuristic_on_a_large_component_reports_consistent_bounds(monkeypatch):
    import random

    monkeypatch.setattr(balance, "BRANCH_LIMIT_NODES", 0)

    rng = random.Random(7)
    camp = {i: i % 2 for i in range(60)}
    edges, flipped = [], 0
    for u in range(60):
        for v in range(u + 1, 60):
            if rng.random() < 0.12:
                s = 1 if camp[u] == camp[v] else -1
                if rng.random() < 0.05:
                    s, flipped = -s, flipped + 1
                edges.append((u, v, s))
    G = signed(edges)
    r = frustration(G)
    assert not (r.exact and r.index > 0 and r.lower_bound < r.index)
    assert r.lower_bound <= r.index <= flipped  # the planted partition violates exactly `flipped`
    assert len(violations(G, r.partition)) == r.index


def test_heuristic_matches_exact_search_on_small_graphs(monkeypatch):
    G = signed(
        [
            ("a", "b", -1),
            ("b", "c", -1),
            ("a", "c", -1),
            ("c", "d", 1),
            ("d", "e", -1),
            ("e", "a", 1),
            ("b", "d", 1),
            ("a", "d", -1),
        ]
    )
    exact = frustration(G)
    monkeypatch.setattr(balance, "EXACT_LIMIT", 1)
    monkeypatch.setattr(balance, "BRANCH_LIMIT_NODES", 0)
    heuristic = frustration(G, restarts=30)
    assert exact.exact and heuristic.index == exact.index == brute_force(G, 2)


@st.composite
def signed_graphs(draw, max_nodes: int = 7):
    n = draw(st.integers(1, max_nodes))
    pairs = list(itertools.combinations(range(n), 2))
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []
    G = nx.Graph()
    G.add_nodes_from(range(n))
    for u, v in chosen:
        G.add_edge(u, v, sign=draw(st.sampled_from([1, -1])))
    return G


@settings(max_examples=120, deadline=None)
@given(signed_graphs(), st.sampled_from([2, 3]))
def test_reported_frustration_is_what_the_partition_violates_and_the_minimum(G, k):
    result = frustration(G, k=k)
    index, partition = result
    assert set(partition) == set(G)
    assert len(set(partition.values())) <= k
    assert index == len(violations(G, partition)) == len(result.violated)
    assert result.lower_bound <= index
    if G.number_of_nodes() <= 6:
        assert index == brute_force(G, k)


@settings(max_examples=80, deadline=None)
@given(signed_graphs(max_nodes=7), st.sampled_from([2, 3]))
def test_branch_and_bound_is_exact(G, k):
    import kg.analysis.balance as b

    old = b.EXACT_LIMIT
    b.EXACT_LIMIT = 1  # skip enumeration: heuristic, then branch and bound
    try:
        result = frustration(G, k=k, restarts=0)
    finally:
        b.EXACT_LIMIT = old
    assert result.exact
    assert result.index == len(violations(G, result.partition)) == brute_force(G, k)


@settings(max_examples=60, deadline=None)
@given(signed_graphs(max_nodes=9))
def test_heuristic_path_is_consistent(G):
    import kg.analysis.balance as b

    old = b.EXACT_LIMIT, b.BRANCH_LIMIT_NODES
    b.EXACT_LIMIT, b.BRANCH_LIMIT_NODES = 1, 0  # the heuristic alone
    try:
        result = frustration(G, restarts=5)
    finally:
        b.EXACT_LIMIT, b.BRANCH_LIMIT_NODES = old
    assert result.index == len(violations(G, result.partition))
    assert result.lower_bound <= result.index
    assert result.index >= frustration(G).index
    if result.exact:
        assert result.index == frustration(G).index


def test_branch_and_bound_proves_a_forty_actor_optimum():
    import random

    rng = random.Random(3)
    edges = []
    for u in range(40):
        for v in range(u + 1, 40):
            if rng.random() < 0.1:
                s = 1 if (u % 2) == (v % 2) else -1
                edges.append((u, v, -s if rng.random() < 0.08 else s))
    G = signed(edges)
    r = frustration(G)
    assert r.exact and r.lower_bound == r.index == len(violations(G, r.partition))
