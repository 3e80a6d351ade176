"""Who is with whom: ambivalent pairs, "enemy of my enemy", centrality and brokers."""

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
            out.append({"a": u, "b": v, "a_label": label(G, u), "b_label": label(G, v),
                        "cooperation": d.get("cooperation", 0), "conflict": d.get("conflict", 0),
                        "sign": d.get("sign", -1), "evidence": d.get("evidence", [])})
    return sorted(out, key=lambda p: (-(p["cooperation"] + p["conflict"]), p["a_label"], p["b_label"]))


def _enemy(G, u, v) -> bool:
    """A clear enemy: a negative edge without any cooperation (ambivalent ties are not enmity)."""
    return G.has_edge(u, v) and G[u][v].get("sign", 1) < 0 and not G[u][v].get("ambivalent")


def enemy_of_my_enemy(G, *, max_evidence: int = 3) -> list[dict[str, Any]]:
    """Pairs who share an enemy: rivals who both fight a third party, and allies against one.

    For every connected pair (a, b) the *shared enemies* are the actors c that
    both a and b are in plain conflict with (negative, not ambivalent, edges
    a–c and b–c). ``relation`` says what a and b are to each other:

    * ``"ambivalent"`` — they cooperate and clash (the seed's US and Iran);
    * ``"rivals"`` — their edge is negative only;
    * ``"allies"`` — their edge is positive only: allied against a common enemy.

    Each entry has ``a``, ``b``, labels, ``relation``, ``shared_enemies`` (ids
    and labels), ``evidence`` (up to ``max_evidence`` sentences for the pair
    and for each enemy edge) and a one-line ``summary``. Rivals and ambivalent
    pairs come first (they are the puzzle the rule explains), then by number of
    shared enemies.

    Examples
    --------
    >>> from kg.analysis import signed_graph
    >>> from kg.analysis.examples import story_graph
    >>> found = enemy_of_my_enemy(signed_graph(story_graph()))
    >>> found[0]["summary"]
    'Iran and United States are rivals who also cooperate (2 cooperation, 3 conflict), and both fight ISIS: the enemy of my enemy is my friend.'
    """
    out = []
    for a, b, d in G.edges(data=True):
        shared = sorted((c for c in G[a] if c != b and c in G[b] and _enemy(G, a, c) and _enemy(G, b, c)),
                        key=lambda c: label(G, c))
        if not shared:
            continue
        if d.get("ambivalent"):
            relation = "ambivalent"
        elif d.get("sign", 1) < 0:
            relation = "rivals"
        else:
            relation = "allies"
        la, lb = label(G, a), label(G, b)
        if la > lb:
            a, b, la, lb = b, a, lb, la
        names = _join([label(G, c) for c in shared])
        coop, conf = d.get("cooperation", 0), d.get("conflict", 0)
        if relation == "ambivalent":
            summary = (f"{la} and {lb} are rivals who also cooperate ({coop} cooperation, {conf} conflict), "
                       f"and both fight {names}: the enemy of my enemy is my friend.")
        elif relation == "rivals":
            summary = (f"{la} and {lb} are rivals ({conf} conflict) yet both fight {names}: "
                       f"a common enemy that could make them partners.")
        else:
            summary = f"{la} and {lb} cooperate ({coop} cooperation) and both fight {names}: allies against a common enemy."
        evidence = {f"{la} – {lb}": d.get("evidence", [])[:max_evidence]}
        for c in shared:
            for x, lx in ((a, la), (b, lb)):
                evidence[f"{lx} – {label(G, c)}"] = G[x][c].get("evidence", [])[:max_evidence]
        out.append({"a": a, "b": b, "a_label": la, "b_label": lb, "relation": relation,
                    "cooperation": coop, "conflict": conf,
                    "shared_enemies": [{"id": c, "label": label(G, c)} for c in shared],
                    "summary": summary, "evidence": evidence})
    rank = {"ambivalent": 0, "rivals": 1, "allies": 2}
    return sorted(out, key=lambda e: (rank[e["relation"]], -len(e["shared_enemies"]), e["a_label"], e["b_label"]))


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def pagerank(G, weight: str | None = "weight", alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200) -> dict:
    """PageRank of an undirected graph by power iteration (numpy; no scipy needed).

    Examples
    --------
    >>> import networkx as nx
    >>> pr = pagerank(nx.star_graph(3), weight=None)
    >>> round(sum(pr.values()), 6), max(pr, key=pr.get)
    (1.0, 0)
    """
    import numpy as np

    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    src, dst, w = [], [], []
    for u, v, d in G.edges(data=True):
        x = float(d.get(weight, 1.0)) if weight else 1.0
        src += [index[u], index[v]]
        dst += [index[v], index[u]]
        w += [x, x]
    src_a, dst_a, w_a = np.array(src, dtype=np.int64), np.array(dst, dtype=np.int64), np.array(w)
    strength = np.bincount(src_a, weights=w_a, minlength=n) if len(src) else np.zeros(n)
    dangling = strength == 0
    safe = np.where(dangling, 1.0, strength)
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        flow = np.bincount(dst_a, weights=w_a * x[src_a] / safe[src_a], minlength=n) if len(src) else np.zeros(n)
        new = alpha * (flow + x[dangling].sum() / n) + (1 - alpha) / n
        done = np.abs(new - x).sum() < n * tol
        x = new
        if done:
            break
    return {node: float(x[i]) for i, node in enumerate(nodes)}


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
    return {n: {"pagerank": round(pr[n], 6), "betweenness": round(bc[n], 6),
                "pagerank_positive": round(prp[n], 6), "betweenness_positive": round(bcp[n], 6)} for n in G}


def cross_camp_betweenness(G, partition: dict, *, max_sources: int | None = None, seed: int = 0) -> dict:
    """Share of the shortest paths between actors of *different* camps that pass through each actor.

    Endpoints do not count. Camps with more than ``max_sources`` actors
    (default 128, fewer above 1,250 actors, at least 16) are sampled (seeded)
    and scaled up.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.path_graph(["a", "b", "c", "d"])
    >>> b = cross_camp_betweenness(G, {"a": 0, "b": 0, "c": 1, "d": 1})
    >>> b["b"] == b["c"] > 0 == b["a"]
    True
    """
    import random

    import networkx as nx

    if max_sources is None:
        max_sources = max(16, min(128, 160_000 // max(1, G.number_of_nodes())))
    camps: dict[Any, list] = {}
    for node in G:
        camps.setdefault(partition.get(node), []).append(node)
    keys = sorted(camps, key=str)
    score = dict.fromkeys(G, 0.0)
    pairs = 0
    rng = random.Random(seed)
    for i, ci in enumerate(keys):
        for cj in keys[i + 1:]:
            sources, targets = camps[ci], camps[cj]
            pairs += len(sources) * len(targets)
            scale = 1.0
            if len(sources) > max_sources:
                scale = len(sources) / max_sources
                sources = rng.sample(sorted(sources, key=str), max_sources)
            part = nx.betweenness_centrality_subset(G, sources, targets, normalized=False)
            for node, value in part.items():
                score[node] += value * scale
    return {node: (value / pairs if pairs else 0.0) for node, value in score.items()}


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
        across = sorted((m for m in G[n] if G[n][m].get("sign", 1) > 0 and partition.get(m) != camp),
                        key=lambda m: label(G, m))
        if not across and cross.get(n, 0) <= 0:
            continue
        out.append({"actor": n, "label": label(G, n), "camp": camp,
                    "camps_reached": sorted({partition.get(m) for m in G[n]} | {camp}),
                    "cooperates_across": [label(G, m) for m in across],
                    "between_camps": round(cross.get(n, 0.0), 6),
                    "betweenness": cent.get(n, {}).get("betweenness", 0.0)})
    return sorted(out, key=lambda b: (-b["between_camps"], -len(b["cooperates_across"]), b["label"]))
