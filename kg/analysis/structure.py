"""Who is with whom: ambivalent pairs, centrality and brokers (enemy of my enemy: :mod:`kg.analysis.enemies`)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

#: Above this many actors, betweenness is estimated from a sample of sources.
BETWEENNESS_EXACT_LIMIT = 300


def label(G, node: Hashable) -> str:
    """The display label of an actor (its id if it has none)."""
    return str(G.nodes[node].get("label") or node)


def ambivalent_pairs(G) -> list[dict[str, Any]]:
    """Pairs with both cooperation and conflict assertions, most evidence first.

    Examples
    --------
    >>> from kg.analysis import signed_graph
    >>> from kg.analysis.examples import story_graph
    >>> [(p["a_label"], p["b_label"], p["cooperation"], p["conflict"]) for p in ambivalent_pairs(signed_graph(story_graph()))]
    [('Iran', 'United States', 2, 3)]
    """
    out = []
    for u, v, d in G.edges(data=True):
        if d.get("ambivalent"):
            out.append(
                {
                    "a": u,
                    "b": v,
                    "a_label": label(G, u),
                    "b_label": label(G, v),
                    "cooperation": d.get("cooperation", 0),
                    "conflict": d.get("conflict", 0),
                    "sign": d.get("sign", -1),
                    "evidence": d.get("evidence", []),
                }
            )
    return sorted(out, key=lambda p: (-(p["cooperation"] + p["conflict"]), p["a_label"], p["b_label"]))


def pagerank(G, weight: str | None = "weight", alpha: float = 0.85) -> dict:
    """PageRank (``networkx.pagerank``; an undirected edge is followed both ways).

    Examples
    --------
    >>> import networkx as nx
    >>> pr = pagerank(nx.star_graph(3), weight=None)
    >>> round(sum(pr.values()), 6), max(pr, key=pr.get)
    (1.0, 0)
    """
    import networkx as nx

    if G.number_of_nodes() == 0:
        return {}
    return nx.pagerank(G, alpha=alpha, weight=weight, tol=1e-10, max_iter=500)


def positive_part(G):
    """The subgraph of positive (cooperation-dominated) edges, keeping every actor."""
    import networkx as nx

    P = nx.Graph()
    P.add_nodes_from(G.nodes(data=True))
    P.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if d.get("sign", 1) > 0)
    return P


def _betweenness(G) -> dict:
    import networkx as nx

    n = G.number_of_nodes()
    if n > BETWEENNESS_EXACT_LIMIT:
        return nx.betweenness_centrality(G, k=max(32, min(128, 320_000 // n)), seed=0)
    return nx.betweenness_centrality(G)


def centrality(G) -> dict[Hashable, dict[str, float]]:
    """PageRank and betweenness of every actor, on the positive part and on the whole unsigned graph.

    PageRank weighs edges by their number of assertions. Betweenness is exact
    up to ``BETWEENNESS_EXACT_LIMIT`` actors, estimated beyond from 128
    sources (fewer above 2,500 actors, at least 32; seed 0).

    Returns
    -------
    dict
        actor -> ``{"pagerank", "betweenness", "pagerank_positive", "betweenness_positive"}``.

    Examples
    --------
    >>> from kg.analysis import signed_graph
    >>> from kg.analysis.examples import story_graph
    >>> c = centrality(signed_graph(story_graph()))
    >>> c["isis"]["pagerank_positive"] < c["iran"]["pagerank_positive"], c["isis"]["betweenness_positive"]
    (True, 0.0)
    """
    P = positive_part(G)
    pr, prp = pagerank(G), pagerank(P)
    bc, bcp = _betweenness(G), _betweenness(P)
    return {
        n: {
            "pagerank": round(pr[n], 6),
            "betweenness": round(bc[n], 6),
            "pagerank_positive": round(prp[n], 6),
            "betweenness_positive": round(bcp[n], 6),
        }
        for n in G
    }


def cross_camp_betweenness(G, partition: dict, *, max_sources: int | None = None, seed: int = 0) -> dict:
    """Share of the shortest paths between actors of *different* camps that pass through each actor.

    Endpoints do not count. Computed as the subset betweenness of all pairs
    minus that of the pairs inside each camp (``networkx.betweenness_centrality_subset``),
    so it costs two passes whatever the number of camps. Above ``max_sources``
    actors (default 128, fewer above 1,250 actors, at least 16) the paths are
    counted from a seeded sample of sources.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.path_graph(["a", "b", "c", "d"])
    >>> b = cross_camp_betweenness(G, {"a": 0, "b": 0, "c": 1, "d": 1})
    >>> b["b"] == b["c"] > 0 == b["a"]
    True
    >>> round(b["b"], 3)  # a-c, a-d and b-d run through b: 2 of the 4 cross pairs have b inside
    0.5
    """
    import random

    import networkx as nx

    n = G.number_of_nodes()
    if max_sources is None:
        max_sources = max(16, min(128, 160_000 // max(1, n)))
    nodes = sorted(G, key=str)
    sources = nodes if n <= max_sources else random.Random(seed).sample(nodes, max_sources)
    camps: dict[Any, list] = {}
    for node in nodes:
        camps.setdefault(partition.get(node, ("alone", node)), []).append(node)
    size = {node: len(camps[partition.get(node, ("alone", node))]) for node in nodes}
    score = nx.betweenness_centrality_subset(G, sources, nodes, normalized=False)
    chosen = set(sources)
    for members in camps.values():
        inside = [m for m in members if m in chosen]
        if len(members) > 1 and inside:
            for node, value in nx.betweenness_centrality_subset(G, inside, members, normalized=False).items():
                score[node] -= value
    pairs = 0.5 * sum(n - size[s] for s in sources)  # networkx halves undirected counts: pairs once each
    return {node: (max(0.0, value) / pairs if pairs else 0.0) for node, value in score.items()}


def brokers(G, partition: dict, cent: dict | None = None) -> list[dict[str, Any]]:
    """Actors who bridge the camps: on the paths between them, or cooperating across them.

    An actor is a broker if shortest paths between actors of different camps
    run through it (``between_camps`` > 0, see :func:`cross_camp_betweenness`)
    or if it cooperates with an actor of another camp (``cooperates_across``).
    Ranked by ``between_camps``, then by the number of cooperation ties across.
    Each entry: ``actor``, ``label``, ``camp``, ``camps_reached`` (camps of its
    partners and its own), ``cooperates_across``, ``between_camps``,
    ``betweenness`` (on the whole graph).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", sign=1); G.add_edge("b", "c", sign=-1); G.add_edge("c", "d", sign=1)
    >>> G.add_edge("b", "d", sign=1)
    >>> [(b["actor"], b["cooperates_across"]) for b in brokers(G, {"a": 0, "b": 0, "c": 1, "d": 1})]
    [('b', ['d']), ('d', ['b'])]
    """
    cent = cent if cent is not None else centrality(G)
    cross = cross_camp_betweenness(G, partition)
    out = []
    for n in G:
        camp = partition.get(n)
        across = sorted(
            (m for m in G[n] if G[n][m].get("sign", 1) > 0 and partition.get(m) != camp), key=lambda m: label(G, m)
        )
        if not across and cross.get(n, 0) <= 0:
            continue
        reached: set[Any] = {partition.get(m) for m in G[n]} | {camp}
        out.append(
            {
                "actor": n,
                "label": label(G, n),
                "camp": camp,
                "camps_reached": sorted(reached),
                "cooperates_across": [label(G, m) for m in across],
                "between_camps": round(cross.get(n, 0.0), 6),
                "betweenness": cent.get(n, {}).get("betweenness", 0.0),
            }
        )
    return sorted(out, key=lambda b: (-b["between_camps"], -len(b["cooperates_across"]), b["label"]))
