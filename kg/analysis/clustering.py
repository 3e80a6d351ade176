"""Correlation clustering of a signed, weighted graph with a penalty per cluster.

The problem (Bansal, Blum & Chawla 2004, "Correlation clustering"; weighted
form: Demaine, Emanuel, Fiat & Immorlica 2006): split the nodes into any
number of clusters so as to minimise

    W(P) + penalty * |P|

where W(P) is the weight of the *disagreements* -- positive edges between
clusters plus negative edges inside one -- and ``penalty`` is paid per
cluster, so a cluster is only opened when it resolves more disagreement than
it costs. The number of clusters is an outcome, never an input.

Nodes are ``0 .. n-1``; edges are ``(i, j, w)`` with a signed weight ``w``
(> 0 cooperation, < 0 conflict, the magnitude is the evidence). Callers
hand in one *cooperation component* at a time (see :mod:`kg.analysis.camps`
for why that loses nothing).

Two solvers:

* :func:`solve_exact` -- the integer program of Grötschel & Wakabayashi (1989,
  "A cutting plane algorithm for a clustering problem"): a binary ``x_ij`` per
  pair (1 = same cluster) under the transitivity (triangle) constraints, and
  the cluster count written with one representative variable per node
  (``r_i >= 1 - sum_{j<i} x_ji``: a node opens a cluster when no earlier node
  shares it). Solved by HiGHS through ``scipy.optimize.milp`` with a node
  limit (deterministic); the solver's dual bound is the lower bound when the
  limit is hit.
* :func:`solve_heuristic` -- Pivot / KwikCluster starts (Ailon, Charikar &
  Newman 2008, "Aggregating inconsistent information") from seeded random
  orders, each improved by best one-element moves and cluster merges (the
  local search Elsner & Schudy 2009, "Bounding and comparing methods for
  correlation clustering beyond ILP", found best on real data); the best
  result is kept. Its lower bound, :func:`lower_bound`, packs edge-disjoint
  *bad cycles* (a negative edge closed by a positive path: every partition
  disagrees with at least one edge of it) -- fractionally, by weight -- plus
  one penalty (there is at least one cluster).
"""

from __future__ import annotations

import itertools
import random
from collections import deque
from dataclasses import dataclass

EPS = 1e-9
#: Most nodes (after :func:`reduce_dominant`) handed to the integer program: 3 * C(n, 3) triangle
#: constraints; measured here, 16 solve in well under a second, 22 took up to 7 s.
EXACT_LIMIT = 16
#: Branch-and-bound nodes HiGHS may explore (a count, not a time, so results do not depend on the machine).
NODE_LIMIT = 2_000
#: Length (in positive edges) of the paths the lower bound closes into bad cycles.
BOUND_PATH_LIMIT = 4


@dataclass(frozen=True)
class Solution:
    """A partition and what it costs.

    ``assign[i]`` is node i's cluster (0, 1, ... in order of first node);
    ``disagreement`` is W(P); ``objective`` adds the penalty; ``lower_bound``
    is proven for the objective; ``exact`` says the objective is the minimum;
    ``method`` is ``"trivial"``, ``"integer program"`` or ``"heuristic"``.
    """

    assign: tuple[int, ...]
    disagreement: float
    clusters: int
    objective: float
    lower_bound: float
    exact: bool
    method: str


def disagreement(assign, edges) -> float:
    """W(P): weight of positive edges across clusters and negative edges inside one.

    >>> disagreement([0, 0, 1], [(0, 1, 1.0), (1, 2, 1.0), (0, 2, -1.0)])
    1.0
    """
    return float(sum(abs(w) for i, j, w in edges if (assign[i] == assign[j]) != (w > 0)))


def _canonical(assign) -> tuple[int, ...]:
    """Renumber clusters 0, 1, ... in order of their first node."""
    seen: dict[int, int] = {}
    return tuple(seen.setdefault(c, len(seen)) for c in assign)


def _solution(assign, edges, penalty: float, lower: float, method: str, exact: bool | None = None) -> Solution:
    assign = _canonical(assign)
    w = disagreement(assign, edges)
    k = len(set(assign))
    obj = w + penalty * k
    lower = min(lower, obj)
    if exact is None:
        exact = obj - lower <= 1e-7
    return Solution(assign, round(w, 9), k, round(obj, 9), round(lower, 9), bool(exact), method)


def solve(
    n: int, edges, penalty: float = 0.5, *, seed: int = 0, restarts: int = 20, exact_limit: int = EXACT_LIMIT
) -> Solution:
    """The best partition found: exact up to ``exact_limit`` nodes, else the heuristic with its bound.

    Examples
    --------
    Three blocs of two allies, each bloc hostile to the others:

    >>> E = [(0, 1, 1), (2, 3, 1), (4, 5, 1), (0, 2, -1), (1, 3, -1), (2, 4, -1), (3, 5, -1), (0, 4, -1)]
    >>> s = solve(6, E)
    >>> s.assign, s.disagreement, s.clusters, s.exact
    ((0, 0, 1, 1, 2, 2), 0.0, 3, True)
    """
    if n <= 1:
        return Solution(tuple([0] * n), 0.0, n, penalty * n, penalty * n, True, "trivial")
    if not any(w < 0 for _, _, w in edges):  # no conflict: one cluster disagrees with nothing
        return _solution([0] * n, edges, penalty, penalty, "trivial", True)
    group, m, reduced, offset = reduce_dominant(n, edges)
    if m == 1:
        return _solution([0] * n, edges, penalty, offset + penalty, "reduction", True)
    if m <= exact_limit:
        found = solve_exact(m, reduced, penalty)
        heur = (
            None
            if found is not None and found.exact
            else solve_heuristic(m, reduced, penalty, seed=seed, restarts=restarts)
        )
        if heur is not None and (found is None or heur.objective < found.objective):
            best, lower = heur, max(heur.lower_bound, found.lower_bound if found else 0.0)
        elif found is None:  # cannot happen: no exact solution means the heuristic ran
            raise AssertionError("neither the exact nor the heuristic solver gave a partition")
        else:
            best, lower = found, max(found.lower_bound, heur.lower_bound if heur else 0.0)
    else:
        best = solve_heuristic(m, reduced, penalty, seed=seed, restarts=restarts)
        lower = best.lower_bound
    assert best is not None
    return _solution([best.assign[g] for g in group], edges, penalty, lower + offset, best.method)


def reduce_dominant(n: int, edges):
    """Contract every node into the partner of a positive edge that outweighs all its other edges.

    If ``w(v, u) >= sum of |w|`` over v's other edges, moving v into u's
    cluster never adds disagreement nor a cluster, so some optimum keeps them
    together; contraction repeats until no edge dominates (a leaf's only
    cooperation tie always does). Returns ``(group, m, reduced_edges,
    offset)``: node i became group i of m; parallel edges are summed, and
    summing a positive a and a negative b shifts every partition's
    disagreement by ``min(a, |b|)`` (a negative edge inside a group by its
    weight): ``offset`` is that shift, added back to bounds.

    >>> reduce_dominant(3, [(0, 1, 1.0), (1, 2, 0.5), (0, 2, -2.0)])   # 1 follows 0: 1.0 >= 0.5
    ([0, 0, 1], 2, [(0, 1, -1.5)], 0.5)
    >>> reduce_dominant(4, [(0, 1, 2.0), (1, 2, 1.0), (2, 3, -1.0), (1, 3, 0.5)])
    ([0, 0, 0, 1], 2, [(0, 1, -0.5)], 0.5)
    """
    adj: list[dict[int, float]] = [dict() for _ in range(n)]
    offset = 0.0

    def combine(a: float, b: float) -> float:
        nonlocal offset
        if (a > 0) != (b > 0):
            offset += min(abs(a), abs(b))
        return a + b

    for i, j, w in edges:
        if i == j:
            continue
        adj[i][j] = combine(adj[i][j], w) if j in adj[i] else float(w)
        adj[j][i] = adj[i][j]
    parent = list(range(n))
    queue = deque(range(n))
    queued = [True] * n
    while queue:
        v = queue.popleft()
        queued[v] = False
        if parent[v] != v or not adj[v]:
            continue
        total = sum(abs(w) for w in adj[v].values())
        u, w = max(adj[v].items(), key=lambda t: (t[1], -t[0]))
        if w <= EPS or w < total - w - EPS:
            continue
        # merge v into u
        parent[v] = u
        del adj[u][v]
        for x, wx in adj[v].items():
            if x == u:
                continue
            del adj[x][v]
            merged = combine(adj[u][x], wx) if x in adj[u] else wx
            adj[u][x] = adj[x][u] = merged
        adj[v] = {}
        for x in sorted([u, *adj[u]]):
            if not queued[x]:
                queue.append(x)
                queued[x] = True

    def find(a: int) -> int:
        while parent[a] != a:
            a = parent[a]
        return a

    roots = sorted({find(i) for i in range(n)})
    index = {r: k for k, r in enumerate(roots)}
    group = [index[find(i)] for i in range(n)]
    reduced = sorted(
        (index[a], index[b], round(w, 12))
        for a in roots
        for b, w in adj[a].items()
        if index[a] < index[b] and abs(w) > EPS
    )
    return group, len(roots), reduced, round(offset, 12)


# ---------------------------------------------------------------- exact: integer program


def solve_exact(
    n: int, edges, penalty: float, *, max_clusters: int | None = None, node_limit: int = NODE_LIMIT
) -> Solution | None:
    """Minimise W(P) + penalty * |P| with the Grötschel-Wakabayashi program (HiGHS via scipy).

    ``max_clusters`` caps the number of clusters. Returns None when HiGHS
    found no feasible point within ``node_limit``.

    >>> s = solve_exact(3, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, -1.0)], 0.5)   # + + -
    >>> s.assign, s.disagreement, s.clusters, s.exact
    ((0, 0, 0), 1.0, 1, True)
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    pairs = list(itertools.combinations(range(n), 2))
    pid = {p: k for k, p in enumerate(pairs)}
    npairs = len(pairs)
    cost = np.zeros(npairs + n)
    const = 0.0
    for i, j, w in edges:
        k = pid[(i, j) if i < j else (j, i)]
        if w > 0:  # disagreement w * (1 - x)
            cost[k] -= w
            const += w
        else:  # disagreement |w| * x
            cost[k] += -w
    cost[npairs:] = penalty
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lo: list[float] = []
    hi: list[float] = []

    def row(entries, low, high):
        r = len(lo)
        for c, v in entries:
            rows.append(r)
            cols.append(c)
            vals.append(v)
        lo.append(low)
        hi.append(high)

    for i in range(n):  # r_i + sum_{j<i} x_ji >= 1
        row([(npairs + i, 1.0)] + [(pid[(j, i)], 1.0) for j in range(i)], 1.0, np.inf)
    if max_clusters is not None:
        row([(npairs + i, 1.0) for i in range(n)], -np.inf, float(max_clusters))
    for i, j, k in itertools.combinations(range(n), 3):  # transitivity
        ij, jk, ik = pid[(i, j)], pid[(j, k)], pid[(i, k)]
        row([(ij, 1.0), (jk, 1.0), (ik, -1.0)], -np.inf, 1.0)
        row([(ij, 1.0), (ik, 1.0), (jk, -1.0)], -np.inf, 1.0)
        row([(jk, 1.0), (ik, 1.0), (ij, -1.0)], -np.inf, 1.0)
    A = coo_matrix((vals, (rows, cols)), shape=(len(lo), npairs + n)).tocsr()
    res = milp(
        cost,
        constraints=LinearConstraint(A, np.array(lo), np.array(hi)),
        integrality=np.concatenate([np.ones(npairs), np.zeros(n)]),
        bounds=Bounds(np.zeros(npairs + n), np.ones(npairs + n)),
        options={"node_limit": node_limit, "presolve": True},
    )
    if res.x is None:
        return None
    # clusters: connected components of the chosen pairs (the same thing when x is transitive)
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for k, (i, j) in enumerate(pairs):
        if res.x[k] > 0.5:
            parent[find(i)] = find(j)
    assign = [find(i) for i in range(n)]
    optimal = res.status == 0
    bound = getattr(res, "mip_dual_bound", None)
    lower = res.fun + const if optimal else (bound + const if bound is not None and np.isfinite(bound) else 0.0)
    return _solution(assign, edges, penalty, lower, "integer program", True if optimal else None)


# ---------------------------------------------------------------- heuristic: pivot + local search


def _adjacency(n: int, edges) -> list[list[tuple[int, float]]]:
    adj: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for i, j, w in edges:
        adj[i].append((j, float(w)))
        adj[j].append((i, float(w)))
    return adj


def pivot(n: int, adj, order) -> list[int]:
    """KwikCluster: each unclustered node in ``order`` takes its unclustered positive neighbours."""
    assign = [-1] * n
    c = 0
    for p in order:
        if assign[p] >= 0:
            continue
        assign[p] = c
        for q, w in adj[p]:
            if w > 0 and assign[q] < 0:
                assign[q] = c
        c += 1
    return assign


def local_search(assign: list[int], adj, penalty: float) -> list[int]:
    """Best one-element moves (to another cluster or a new one) and cluster merges, until none helps."""
    n = len(assign)
    size: dict[int, int] = {}
    for c in assign:
        size[c] = size.get(c, 0) + 1
    next_id = max(assign, default=-1) + 1
    pos_total = [sum(w for _, w in adj[i] if w > 0) for i in range(n)]
    improved = True
    while improved:
        improved = False
        for i in range(n):
            here = assign[i]
            # disagreement of i in cluster c = pos_total - pos_to[c] + neg_to[c]
            pos_to, neg_to = _weights_to_clusters(adj[i], assign)

            def cost_in(c: int, i=i, pos_to=pos_to, neg_to=neg_to) -> float:
                return pos_total[i] - pos_to.get(c, 0.0) + neg_to.get(c, 0.0)

            current = cost_in(here)
            leaving_saves = penalty if size[here] == 1 else 0.0
            best_c, best_gain = here, 0.0
            for c in sorted(set(pos_to) | set(neg_to)):
                if c == here:
                    continue
                gain = current - cost_in(c) + leaving_saves
                if gain > best_gain + EPS:
                    best_c, best_gain = c, gain
            if size[here] > 1:  # open a new cluster
                gain = current - pos_total[i] - penalty
                if gain > best_gain + EPS:
                    best_c, best_gain = next_id, gain
            if best_c != here:
                if best_c == next_id:
                    next_id += 1
                size[here] -= 1
                if size[here] == 0:
                    del size[here]
                size[best_c] = size.get(best_c, 0) + 1
                assign[i] = best_c
                improved = True
        improved = _merge_clusters(assign, adj, size, penalty) or improved
    return assign


def _weights_to_clusters(neighbours, assign: list[int]) -> tuple[dict[int, float], dict[int, float]]:
    """A node's cooperation and conflict weight towards each cluster its neighbours are in."""
    pos_to: dict[int, float] = {}
    neg_to: dict[int, float] = {}
    for j, w in neighbours:
        cj = assign[j]
        if w > 0:
            pos_to[cj] = pos_to.get(cj, 0.0) + w
        else:
            neg_to[cj] = neg_to.get(cj, 0.0) - w
    return pos_to, neg_to


def _merge_clusters(assign: list[int], adj, size: dict[int, int], penalty: float) -> bool:
    """Merge pairs of clusters whose union disagrees less than it saves (in place); whether any merged."""
    n = len(assign)
    between: dict[tuple[int, int], float] = {}
    for i in range(n):
        for j, w in adj[i]:
            if i < j and assign[i] != assign[j]:
                key = (min(assign[i], assign[j]), max(assign[i], assign[j]))
                between[key] = between.get(key, 0.0) + w  # +pos satisfied, -neg violated
    merged: set[int] = set()
    for (a, b), net in sorted(between.items(), key=lambda kv: (-kv[1], kv[0])):
        if a in merged or b in merged or net + penalty <= EPS:
            continue
        for i in range(n):
            if assign[i] == b:
                assign[i] = a
        size[a] += size.pop(b)
        merged.update((a, b))
    return bool(merged)


def solve_heuristic(n: int, edges, penalty: float, *, seed: int = 0, restarts: int = 20) -> Solution:
    """Best of seeded Pivot starts (and the all-in-one start) improved by :func:`local_search`.

    >>> s = solve_heuristic(3, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, -1.0)], 0.5)
    >>> s.disagreement, s.clusters
    (1.0, 1)
    """
    adj = _adjacency(n, edges)
    rng = random.Random(seed)
    starts = [[0] * n, pivot(n, adj, sorted(range(n), key=lambda i: -len(adj[i])))]
    budget = restarts if n <= 500 else max(1, restarts * 500 // n)  # each start costs O(edges) per sweep
    for _ in range(budget):
        order = list(range(n))
        rng.shuffle(order)
        starts.append(pivot(n, adj, order))
    best: tuple[float, tuple[int, ...]] | None = None
    for start in starts:
        assign = _canonical(local_search(list(start), adj, penalty))
        obj = disagreement(assign, edges) + penalty * len(set(assign))
        if best is None or obj < best[0] - EPS:
            best = (obj, assign)
    assert best is not None
    return _solution(best[1], edges, penalty, lower_bound(n, edges, penalty), "heuristic")


# ---------------------------------------------------------------- lower bound


def lower_bound(n: int, edges, penalty: float = 0.0, *, max_path: int = BOUND_PATH_LIMIT) -> float:
    """A proven lower bound on min W(P) + penalty * |P|: a fractional packing of bad cycles.

    A negative edge (u, v) and a path of positive edges from u to v form a
    cycle with which every partition disagrees at least once (u and v
    together breaks the negative edge, apart breaks the path). Each cycle
    takes the smallest remaining weight on it; no edge gives more than its
    weight, so the total is a lower bound. Paths of at most ``max_path``
    positive edges, found breadth first (deterministic).

    >>> lower_bound(3, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, -1.0)])
    1.0
    >>> lower_bound(4, [(0, 1, 2.0), (1, 2, 2.0), (2, 3, 2.0), (0, 3, -1.5)], penalty=0.5)
    2.0
    """
    if n == 0:
        return 0.0
    cap: dict[tuple[int, int], float] = {}
    negatives = []
    pos_adj: list[list[int]] = [[] for _ in range(n)]
    for i, j, w in edges:
        key = (i, j) if i < j else (j, i)
        if w > 0:
            cap[key] = cap.get(key, 0.0) + w
            pos_adj[i].append(j)
            pos_adj[j].append(i)
        elif w < 0:
            negatives.append((-w, key))
    for nb in pos_adj:
        nb.sort()
    total = 0.0
    for w, (u, v) in sorted(negatives, key=lambda t: (-t[0], t[1])):
        left = w
        while left > EPS:
            path = _path(u, v, pos_adj, cap, max_path)
            if path is None:
                break
            take = min([left] + [cap[e] for e in path])
            for e in path:
                cap[e] -= take
            left -= take
            total += take
    return total + penalty


def _path(u: int, v: int, adj, cap, max_len: int) -> list[tuple[int, int]] | None:
    """Shortest path u -> v over edges with capacity left, at most ``max_len`` edges (as edge keys)."""
    prev = {u: -1}
    depth = {u: 0}
    queue = deque([u])
    while queue:
        a = queue.popleft()
        if depth[a] >= max_len:
            continue
        for b in adj[a]:
            key = (a, b) if a < b else (b, a)
            if b in prev or cap[key] <= EPS:
                continue
            prev[b] = a
            depth[b] = depth[a] + 1
            if b == v:
                out = []
                while b != u:
                    a2 = prev[b]
                    out.append((a2, b) if a2 < b else (b, a2))
                    b = a2
                return out
            queue.append(b)
    return None
