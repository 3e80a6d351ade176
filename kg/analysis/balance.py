"""Structural balance of a signed graph: triads, the frustration index, k-camp partitions.

A signed graph is a ``networkx.Graph`` whose edges carry ``sign`` (+1/-1), as
:func:`kg.analysis.signed_graph` builds it (any graph with a ``sign`` edge
attribute works).

Strong balance (Heider; Cartwright & Harary): a triangle is balanced when the
product of its signs is positive (``+++`` and ``+--``). Weak balance (Davis):
only ``++-`` is unbalanced, so the all-negative triangle ``---`` is fine (three
mutually hostile camps).

The **k-camp frustration index** is the least number of edges a partition of
the actors into at most ``k`` camps violates, where a positive edge across
camps and a negative edge inside a camp are violations. ``k=2`` is the
classical frustration index (0 iff strongly balanced); ``k>=3`` measures weak
balance (clusterability).

How it is computed, per connected component (components are independent):

* a component whose optimum is obviously 0 (2-colourable under the signs for
  k=2) is solved directly;
* otherwise, when ``k**(n-1) <= EXACT_LIMIT`` (n <= 21 for k=2, n <= 13 for
  k=3) every partition is enumerated (vectorised with numpy): **exact**;
* otherwise, up to ``BRANCH_LIMIT_NODES`` actors, **branch and bound**
  (actors in max-connectivity order, camps symmetry-broken, bound = cost so
  far + for every unplaced actor its cheapest camp given the placed ones),
  started from the heuristic's value: exact if it finishes within
  ``BRANCH_LIMIT_STEPS`` search nodes;
* otherwise (or if it runs out of steps) a **heuristic**: local search (move one actor to the camp that
  violates least, until no move helps) from a spectral start and
  ``restarts`` random starts (fewer, in proportion, above 500 actors); the
  best is kept. Its value is an *upper
  bound*. A *lower bound* comes from packing edge-disjoint triangles that no
  partition can satisfy (odd number of negative edges for k=2, ``++-`` for
  k>=3): each needs at least one violated edge. When the bounds meet the
  result is exact.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterator
from typing import Any

EXACT_LIMIT = 1 << 20
#: Branch-and-bound: components up to this many actors, at most this many search nodes.
BRANCH_LIMIT_NODES = 60
BRANCH_LIMIT_STEPS = 30_000


class Frustration(tuple):
    """``(index, partition)`` — unpacks as a pair, with more detail as attributes.

    Attributes
    ----------
    index : int
        Number of edges the partition violates (an upper bound unless ``exact``).
    partition : dict
        Actor -> camp number (0 is the largest camp).
    lower_bound : int
        A proven lower bound on the true minimum.
    exact : bool
        Whether ``index`` is the proven minimum.
    violated : list of (u, v)
        The violated edges.
    k : int
        The number of camps allowed.
    """

    # the attributes, declared for the type checker (``index`` shadows tuple.index on purpose)
    index: int  # type: ignore[assignment]
    partition: dict
    lower_bound: int
    exact: bool
    violated: list
    k: int

    def __new__(cls, index: int, partition: dict, lower_bound: int, exact: bool, violated: list, k: int):
        obj = super().__new__(cls, (index, partition))
        obj.index, obj.partition, obj.lower_bound, obj.exact, obj.violated, obj.k = (
            index,
            partition,
            lower_bound,
            exact,
            violated,
            k,
        )
        return obj

    def camps(self) -> list[list[Hashable]]:
        """Actors per camp, camp 0 first."""
        out: dict[int, list] = {}
        for node, camp in self.partition.items():
            out.setdefault(camp, []).append(node)
        return [sorted(out[c], key=str) for c in sorted(out)]

    def __repr__(self) -> str:
        return f"Frustration(index={self.index}, exact={self.exact}, lower_bound={self.lower_bound}, k={self.k})"


def _sign(data: dict) -> int:
    return 1 if data.get("sign", 1) > 0 else -1


def violations(G, partition: dict) -> list[tuple]:
    """Edges of ``G`` the partition violates (positive across camps, negative inside one).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", sign=1); G.add_edge("b", "c", sign=-1)
    >>> violations(G, {"a": 0, "b": 0, "c": 0})
    [('b', 'c')]
    """
    out = []
    for u, v, d in G.edges(data=True):
        same = partition[u] == partition[v]
        if (_sign(d) > 0) != same:
            out.append((u, v))
    return out


def _triangles(G) -> Iterator[tuple]:
    order = {n: i for i, n in enumerate(G.nodes)}
    for u in G:
        nu = [w for w in G[u] if order[w] > order[u]]
        su = set(nu)
        for v in nu:
            for w in G[v]:
                if order[w] > order[v] and w in su:
                    yield u, v, w


def triads(G) -> dict[str, Any]:
    """Classify every triangle under strong (Heider) and weak (Davis) balance.

    Returns
    -------
    dict
        ``triads``: list of ``{"nodes", "signs" ("+-+"...), "strong", "weak"}``
        (``strong`` / ``weak``: balanced or not); ``counts``: by sign pattern;
        ``strong_unbalanced``, ``weak_unbalanced``, ``total``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> for u, v in ("ab", "bc", "ca"):
    ...     G.add_edge(u, v, sign=-1)
    >>> t = triads(G)["triads"][0]
    >>> t["signs"], t["strong"], t["weak"]
    ('---', False, True)
    """
    out = []
    counts: dict[str, int] = {}
    for u, v, w in _triangles(G):
        s = sorted((_sign(G[u][v]), _sign(G[v][w]), _sign(G[u][w])), reverse=True)
        pattern = "".join("+" if x > 0 else "-" for x in s)
        negatives = pattern.count("-")
        out.append({"nodes": (u, v, w), "signs": pattern, "strong": negatives % 2 == 0, "weak": negatives != 1})
        counts[pattern] = counts.get(pattern, 0) + 1
    return {
        "triads": out,
        "counts": counts,
        "total": len(out),
        "strong_unbalanced": sum(not t["strong"] for t in out),
        "weak_unbalanced": sum(not t["weak"] for t in out),
    }


# ---------------------------------------------------------------- frustration


def _two_colour(nodes: list, edges: list[tuple[int, int, int]]) -> list[int] | None:
    """A zero-violation 2-camp partition of a component, or None."""
    adj: list[list[tuple[int, int]]] = [[] for _ in nodes]
    for i, j, s in edges:
        adj[i].append((j, s))
        adj[j].append((i, s))
    camp = [-1] * len(nodes)
    camp[0] = 0
    stack = [0]
    while stack:
        i = stack.pop()
        for j, s in adj[i]:
            want = camp[i] if s > 0 else 1 - camp[i]
            if camp[j] < 0:
                camp[j] = want
                stack.append(j)
            elif camp[j] != want:
                return None
    return camp


def _cost(assign: list[int], edges: list[tuple[int, int, int]]) -> int:
    return sum((assign[i] == assign[j]) != (s > 0) for i, j, s in edges)


def _exact(n: int, edges: list[tuple[int, int, int]], k: int) -> list[int]:
    """Enumerate every assignment (node 0 fixed in camp 0) and return a best one."""
    import numpy as np

    total = k ** (n - 1)
    idx = np.arange(total, dtype=np.int64)
    digits = np.zeros((n, total), dtype=np.int8)
    for i in range(1, n):
        digits[i] = idx % k
        idx //= k
    cost = np.zeros(total, dtype=np.int32)
    for i, j, s in edges:
        same = digits[i] == digits[j]
        cost += same if s < 0 else ~same
    best = int(np.argmin(cost))
    return [int(digits[i, best]) for i in range(n)]


def _local_search(assign: list[int], adj: list[list[tuple[int, int]]], k: int) -> list[int]:
    """Move single actors to their least-violating camp until no move helps."""
    improved = True
    while improved:
        improved = False
        for i in range(len(assign)):
            cost = [0] * k
            for j, s in adj[i]:
                cj = assign[j]
                for c in range(k):
                    if (c == cj) != (s > 0):
                        cost[c] += 1
            best = min(range(k), key=lambda c: (cost[c], c != assign[i]))
            if cost[best] < cost[assign[i]]:
                assign[i] = best
                improved = True
    return assign


def _spectral_start(n: int, edges: list[tuple[int, int, int]], k: int) -> list[int]:
    """Camps from the leading eigenvector(s) of the signed adjacency matrix (power iteration)."""
    import numpy as np

    rng = np.random.default_rng(0)
    if not edges:
        return [0] * n
    src = np.array([e[0] for e in edges] + [e[1] for e in edges])
    dst = np.array([e[1] for e in edges] + [e[0] for e in edges])
    sgn = np.array([e[2] for e in edges] * 2, dtype=float)
    deg = np.bincount(src, minlength=n).astype(float) + 1.0
    vecs: list[Any] = []
    for _ in range(max(1, k - 1)):
        x = rng.standard_normal(n)
        for _ in range(100):
            y = np.bincount(src, weights=sgn * x[dst], minlength=n) + deg * x  # shift keeps it positive-definite-ish
            for v in vecs:
                y -= v * (v @ y)
            norm = np.linalg.norm(y)
            if norm == 0:
                break
            x = y / norm
        vecs.append(x)
    if k == 2:
        return [0 if v >= 0 else 1 for v in vecs[0]]
    coords = np.stack(vecs, axis=1)
    centres = coords[rng.choice(n, size=min(k, n), replace=False)]
    return [int(np.argmin(((centres - c) ** 2).sum(axis=1))) for c in coords]


def _lower_bound(n: int, edges: list[tuple[int, int, int]], k: int) -> int:
    """Greedy packing of edge-disjoint triangles no k-camp partition can satisfy."""
    adj: list[dict[int, int]] = [dict() for _ in range(n)]
    for i, j, s in edges:
        adj[i][j] = s
        adj[j][i] = s
    used: set[tuple[int, int]] = set()
    count = 0
    for u in range(n):
        for v in sorted(adj[u]):
            if v <= u or (u, v) in used:
                continue
            for w in sorted(set(adj[u]) & set(adj[v])):
                if w <= v or (u, w) in used or (v, w) in used:
                    continue
                neg = (adj[u][v] < 0) + (adj[v][w] < 0) + (adj[u][w] < 0)
                bad = neg % 2 == 1 if k == 2 else neg == 1
                if bad:
                    used.update({(u, v), (v, w), (u, w)})
                    count += 1
                    break
    return count


def _max_connectivity_order(n: int, adj: list[list[tuple[int, int]]]) -> list[int]:
    """Search order: next is the actor with most already-ordered neighbours."""
    order: list[int] = []
    placed_nb = [0] * n
    in_order = [False] * n
    for _ in range(n):
        cand = max((i for i in range(n) if not in_order[i]), key=lambda i: (placed_nb[i], len(adj[i]), -i))
        order.append(cand)
        in_order[cand] = True
        for j, _s in adj[cand]:
            placed_nb[j] += 1
    return order


def _branch_and_bound(
    n: int, edges: list[tuple[int, int, int]], k: int, best: int, best_assign: list[int], max_steps: int
) -> tuple[list[int], int, bool]:
    """Exact minimum by depth-first branch and bound; (assignment, cost, finished within max_steps)."""
    adj: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for i, j, sg in edges:
        adj[i].append((j, sg))
        adj[j].append((i, sg))
    order = _max_connectivity_order(n, adj)
    cost_to = [[0] * k for _ in range(n)]  # violations node i would add in camp c, given placed neighbours
    assign = [-1] * n
    steps = 0
    best_cost = best
    best_found = list(best_assign)
    exhausted = True

    def place(i: int, c: int, sign_: int) -> None:
        for j, sg in adj[i]:
            if assign[j] < 0:
                row = cost_to[j]
                for cc in range(k):
                    if (cc == c) != (sg > 0):
                        row[cc] += sign_

    def search(depth: int, cost: int, used: int) -> None:
        nonlocal steps, best_cost, best_found, exhausted
        if steps >= max_steps:
            exhausted = False
            return
        steps += 1
        if depth == n:
            if cost < best_cost:
                best_cost, best_found = cost, list(assign)
            return
        bound = cost + sum(min(cost_to[order[t]]) for t in range(depth, n))
        if bound >= best_cost:
            return
        i = order[depth]
        limit = min(k, used + 1)
        for c in sorted(range(limit), key=lambda c: cost_to[i][c]):
            add = cost_to[i][c]
            if cost + add >= best_cost:
                continue
            assign[i] = c
            place(i, c, 1)
            search(depth + 1, cost + add, max(used, c + 1))
            place(i, c, -1)
            assign[i] = -1
            if best_cost == 0:
                return

    search(0, 0, 0)
    return best_found, best_cost, exhausted


def _solve_component(nodes: list, edges: list[tuple[int, int, int]], k: int, restarts: int, seed: int):
    n = len(nodes)
    if n == 1:
        return [0], 0, True
    coloured = _two_colour(nodes, edges)
    if coloured is not None:  # strongly balanced: zero violations with (at most) two camps
        return coloured, 0, True
    if k ** (n - 1) <= EXACT_LIMIT:
        assign = _exact(n, edges, k)
        best = _cost(assign, edges)
        return assign, best, True
    adj: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for i, j, s in edges:
        adj[i].append((j, s))
        adj[j].append((i, s))
    rng = random.Random(seed)
    best_assign = _local_search(_spectral_start(n, edges, k), adj, k)
    best = _cost(best_assign, edges)
    lb = _lower_bound(n, edges, k)
    # big components get fewer random restarts (each local search is O(edges) per sweep)
    for _ in range(restarts if n <= 500 else max(1, restarts * 500 // n)):
        if best <= lb:
            break
        cand = _local_search([rng.randrange(k) for _ in range(n)], adj, k)
        c = _cost(cand, edges)
        if c < best:
            best, best_assign = c, cand
    if best <= lb:
        return best_assign, best, True
    if n <= BRANCH_LIMIT_NODES:
        assign, cost, finished = _branch_and_bound(n, edges, k, best, best_assign, BRANCH_LIMIT_STEPS)
        return assign, cost, finished
    return best_assign, best, False


def frustration(G, k: int = 2, *, restarts: int = 20, seed: int = 0) -> Frustration:
    """The k-camp frustration index of a signed graph and a partition that attains it.

    Parameters
    ----------
    G : networkx.Graph
        Edges carry ``sign`` (+1 / -1).
    k : int
        Most camps allowed (>= 2). ``k=2``: strong balance; ``k>=3``: weak balance.
    restarts : int
        Random restarts of the heuristic (large components only).
    seed : int
        Seed of the heuristic's random starts (results are reproducible).

    Returns
    -------
    Frustration
        ``index, partition = frustration(G)``; also ``.lower_bound``,
        ``.exact``, ``.violated``, ``.camps()``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> for u, v in ("ab", "bc", "ca"):
    ...     G.add_edge(u, v, sign=-1)
    >>> frustration(G).index, frustration(G, k=3).index
    (1, 0)
    >>> G.add_edge("a", "b", sign=1); G.add_edge("b", "c", sign=1)   # + + -
    >>> index, partition = frustration(G, k=3)
    >>> index
    1
    """
    import networkx as nx

    if k < 2:
        raise ValueError("frustration needs k >= 2 camps")
    partition: dict = {}
    total = lower = 0
    exact = True
    for comp_no, comp in enumerate(sorted(nx.connected_components(G), key=lambda c: (-len(c), sorted(map(str, c))))):
        nodes = sorted(comp, key=str)
        pos = {n: i for i, n in enumerate(nodes)}
        edges = [(pos[u], pos[v], _sign(d)) for u, v, d in G.subgraph(nodes).edges(data=True)]
        assign, cost, is_exact = _solve_component(nodes, edges, k, restarts, seed + comp_no)
        # renumber camps by size (largest first), ties by first member
        sizes: dict[int, int] = {}
        for c in assign:
            sizes[c] = sizes.get(c, 0) + 1
        order = sorted(sizes, key=lambda c: (-sizes[c], assign.index(c)))
        remap = {c: r for r, c in enumerate(order)}
        for node, c in zip(nodes, assign):
            partition[node] = remap[c]
        total += cost
        lower += cost if is_exact else _lower_bound(len(nodes), edges, k)
        exact = exact and is_exact
    violated = violations(G, partition)
    assert len(violated) == total, "internal error: partition cost mismatch"
    return Frustration(total, partition, lower, exact, violated, k)
