"""Camps from the data: who sides with whom, as far as the evidence decides it.

:func:`find_camps` partitions a signed actor graph (:func:`kg.analysis.signed_graph`)
by correlation clustering with a penalty per camp (:mod:`kg.analysis.clustering`):
the number of camps is whatever minimises the weight of the relations that go
against the split plus ``penalty`` per camp -- never a fixed two.

* Each edge weighs its *net evidence* (``net_weight``: cooperation weight minus
  conflict weight, confidence-weighted, hedged halved), so an ambivalent pair
  whose two sides balance barely pulls either way.
* The problem falls apart into *cooperation components* (actors joined by
  chains of cooperation): putting actors with no cooperation between them in
  one camp never lowers the disagreement, it would only save a camp's
  penalty, and the evidence does not put them together. So each cooperation
  component is solved on its own (exactly when small, heuristically with a
  proven bound when large) and camps never span two of them; a camp the
  optimum would split into pieces with no cooperation between them is split.
* Camps are reported per *connected component* of the signed graph: actors
  with no path between them are not compared, an isolated group is its own
  group, not "camp A" or "camp B" of another.
* An actor alone in its camp has no cooperation tie that holds it anywhere:
  it is ``"apart"`` (the evidence says whom it is against, not whose side it
  is on). An actor that could move to another camp, or stand alone, without
  adding disagreement is ``"undecided"``. Neither is listed as a camp member.

Everything is deterministic (seeded heuristic, node-limited solver).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kg.analysis.clustering import solve

#: Default penalty per camp, in units of evidence weight (one confident assertion weighs about 1).
DEFAULT_PENALTY = 0.25
#: Margin (evidence weight) below which an actor's placement counts as undecided.
TIE = 1e-6


def edge_weight(data: dict, weight: str | None) -> float:
    """Signed weight of an edge: ``sign`` times its ``weight`` attribute (1 if absent or ``weight`` is None).

    >>> edge_weight({"sign": -1, "net_weight": 0.8}, "net_weight"), edge_weight({"sign": 1}, "net_weight")
    (-0.8, 1.0)
    """
    sign = 1.0 if data.get("sign", 1) > 0 else -1.0
    if weight is None:
        return sign
    return sign * abs(float(data.get(weight, 1.0)))


@dataclass
class Camp:
    """A camp: ``id`` ("1A"), its group (connected component) number, decided members, leading actor."""

    id: str
    group: int
    members: list
    lead: Hashable


@dataclass
class Group:
    """A connected component and how well its camps fit it."""

    number: int
    actors: list
    camps: list[str]
    disagreement: float  # weight of the relations against the split
    violated: list[tuple]  # (u, v) edges against the split
    lower_bound: float  # proven lower bound on disagreement + penalty * camps
    objective: float
    exact: bool
    method: str


@dataclass
class CampPartition:
    """Camps of a whole graph. ``camp_of`` has a camp id for decided camp members, else None.

    ``placed`` gives every actor the camp the optimum put it in (apart actors
    their own one-actor camp ``"1·<actor>"``), for measures that need a full
    partition; ``status`` is ``"camp"``, ``"apart"`` or ``"undecided"``;
    ``margin`` is the disagreement an actor's best other placement would add
    (evidence weight); ``ties`` names, for undecided actors, the camps (or
    ``"alone"``) that fit as well; ``join_cost[actor][camp]`` is the
    disagreement an actor would add by moving into a camp it has ties to.
    """

    camp_of: dict
    placed: dict
    status: dict
    margin: dict
    ties: dict
    join_cost: dict
    camps: list[Camp]
    groups: list[Group]
    group_of: dict
    penalty: float
    weight: str | None
    by_id: dict = field(default_factory=dict)

    @property
    def exact(self) -> bool:
        return all(g.exact for g in self.groups)

    @cached_property
    def placed_members(self) -> dict:
        """Camp id (one-actor camps too) -> the actors the optimum put there."""
        out: dict = {}
        for n, c in self.placed.items():
            out.setdefault(c, []).append(n)
        return out

    def members(self, camp_id: str) -> list:
        return self.by_id[camp_id].members if camp_id in self.by_id else []

    def together(self, a, b) -> bool:
        """Both decided members of the same camp."""
        return self.camp_of.get(a) is not None and self.camp_of.get(a) == self.camp_of.get(b)

    def decidedly_apart(self, a, b) -> bool:
        """a and b sit in different camps (one-actor ones too), neither undecided, and a would add
        disagreement by moving into b's camp."""
        if a not in self.placed or b not in self.placed or self.group_of[a] != self.group_of[b]:
            return False
        if "undecided" in (self.status[a], self.status[b]) or self.placed[a] == self.placed[b]:
            return False
        return self.join_cost.get(a, {}).get(self.placed[b], 0.0) > TIE


def _camp_letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else f"{i + 1}"


def _solve_cooperation_components(nodes: list, w: dict, penalty: float, seed: int, restarts: int):
    """Solve each cooperation component of one connected group on its own.

    Returns ``(local, objective, lower_bound, exact, methods)``; ``local`` maps each node to
    ``(cooperation component index, cluster)``.
    """
    import networkx as nx

    P = nx.Graph()
    P.add_nodes_from(nodes)
    P.add_edges_from((u, v) for (u, v), x in w.items() if x > 0)
    local: dict = {}
    objective = lower = 0.0
    exact = True
    methods: set[str] = set()
    parts = [sorted(part, key=str) for part in nx.connected_components(P)]
    parts.sort(key=lambda m: [str(x) for x in m])
    comp_of = {n: ci for ci, members in enumerate(parts) for n in members}
    pos = {n: i for members in parts for i, n in enumerate(members)}
    part_edges: list[list] = [[] for _ in parts]
    for (u, v), x in w.items():
        if comp_of[u] == comp_of[v]:
            part_edges[comp_of[u]].append((pos[u], pos[v], x))
    for ci, members in enumerate(parts):
        edges = part_edges[ci]
        s = solve(len(members), edges, penalty, seed=seed + ci, restarts=restarts)
        assign = _split_unconnected(list(s.assign), members, edges)
        split = len(set(assign)) - s.clusters
        for n in members:
            local[n] = (ci, assign[pos[n]])
        objective += s.objective + penalty * split
        lower += s.lower_bound
        exact = exact and s.exact and split == 0
        methods.add(s.method)
    return local, objective, lower, exact, methods


def find_camps(
    G, *, weight: str | None = "net_weight", penalty: float = DEFAULT_PENALTY, seed: int = 0, restarts: int = 20
) -> CampPartition:
    """The camps of a signed graph, per connected component, with undecided and apart actors set aside.

    Parameters
    ----------
    G : networkx.Graph
        Edges carry ``sign`` (+1/-1) and, optionally, the ``weight`` attribute.
    weight : str or None
        Edge attribute with the evidence weight (``None``: every relation weighs 1).
    penalty : float
        Cost of each camp, in the same units: a camp is opened only when it
        takes more than this much weight out of the disagreement.
    seed, restarts
        Of the heuristic used on large cooperation components.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> for u, v, s in [("us", "iraq", 1), ("iran", "iraq", 1), ("us", "isis", -1), ("iran", "isis", -1),
    ...                 ("russia", "belarus", 1), ("russia", "ukraine", -1)]:
    ...     G.add_edge(u, v, sign=s)
    >>> c = find_camps(G, weight=None)
    >>> [(camp.id, camp.members) for camp in c.camps]
    [('1A', ['iran', 'iraq', 'us']), ('2A', ['belarus', 'russia'])]
    >>> c.status["isis"], c.status["ukraine"]
    ('apart', 'apart')
    """
    import networkx as nx

    camp_of: dict = {}
    placed: dict = {}
    status: dict = {}
    margin: dict = {}
    ties: dict = {}
    join_cost: dict = {}
    camps: list[Camp] = []
    groups: list[Group] = []
    group_of: dict = {}
    comps = sorted(nx.connected_components(G), key=lambda c: (-len(c), sorted(map(str, c))))
    for number, comp in enumerate(comps, start=1):
        nodes = sorted(comp, key=str)
        for n in nodes:
            group_of[n] = number
        sub = G.subgraph(nodes)
        w = {(u, v): edge_weight(d, weight) for u, v, d in sub.edges(data=True)}
        local, objective, lower, exact, methods = _solve_cooperation_components(nodes, w, penalty, seed, restarts)
        # name camps: by size, then by their leading actor
        clusters: dict = {}
        for n in nodes:
            clusters.setdefault(local[n], []).append(n)
        strength = {n: 0.0 for n in nodes}
        for (u, v), x in w.items():
            if local[u] == local[v] and x > 0:
                strength[u] += x
                strength[v] += x
        ordered = sorted(clusters.values(), key=lambda ms: (-len(ms), str(_lead(ms, strength, sub))))
        ids = _camp_ids(number, ordered)
        placed.update(ids)
        violated = sorted(
            ((u, v) for (u, v), x in w.items() if (ids[u] == ids[v]) != (x > 0)), key=lambda e: (-abs(w[e]), str(e))
        )
        disagreement = sum(abs(w[e]) for e in violated)

        # how firmly each actor sits: disagreement added by its best other placement
        def wt(a, b, w=w) -> float:
            return w[(a, b)] if (a, b) in w else w[(b, a)]

        for n in nodes:
            pos_total = sum(wt(n, m) for m in sub[n] if wt(n, m) > 0)
            to: dict = {}  # camp -> n's disagreement there: positive weight outside it + negative inside
            for m in sub[n]:
                to[ids[m]] = to.get(ids[m], pos_total) - wt(n, m)
            cost_here = to.get(ids[n], pos_total)
            options = {c: cost - cost_here for c, cost in to.items() if c != ids[n]}
            alone = len(clusters[local[n]]) == 1
            if not alone:
                options["alone"] = pos_total - cost_here
            join_cost[n] = {c: round(d, 9) for c, d in options.items() if c != "alone"}
            best = min(options.values(), default=float("inf"))
            margin[n] = round(best, 9) if best != float("inf") else None
            if alone:
                status[n] = "apart"
                camp_of[n] = None
            elif best <= TIE:
                status[n] = "undecided"
                camp_of[n] = None
                ties[n] = sorted(c for c, d in options.items() if d <= TIE) + [ids[n]]
            else:
                status[n] = "camp"
                camp_of[n] = ids[n]
        group_camps = []
        for ms in ordered:
            if len(ms) > 1:
                cid = ids[ms[0]]
                decided = [n for n in ms if status[n] == "camp"]
                camps.append(
                    Camp(
                        cid, number, sorted(decided, key=lambda n: _label(sub, n)), _lead(decided or ms, strength, sub)
                    )
                )
                group_camps.append(cid)
        groups.append(
            Group(
                number,
                nodes,
                group_camps,
                round(disagreement, 9),
                violated,
                round(lower, 9),
                round(objective, 9),
                exact,
                "exact" if exact else ("heuristic" if "heuristic" in methods else "integer program"),
            )
        )
    result = CampPartition(camp_of, placed, status, margin, ties, join_cost, camps, groups, group_of, penalty, weight)
    result.by_id = {c.id: c for c in camps}
    return result


def _camp_ids(number: int, ordered: list[list]) -> dict:
    """Node -> camp id in group ``number``: ``1A``, ``1B`` … by the order given, ``1·actor`` for one alone."""
    ids: dict = {}
    letter = 0
    for ms in ordered:
        if len(ms) == 1:
            cid = f"{number}·{ms[0]}"
        else:
            cid = f"{number}{_camp_letter(letter)}"
            letter += 1
        for n in ms:
            ids[n] = cid
    return ids


def _label(G, n) -> str:
    return str(G.nodes[n].get("label") or n)


def _lead(members, strength, G):
    """The member with the most cooperation weight inside the camp (ties: most relations, then label)."""
    return min(members, key=lambda n: (-round(strength.get(n, 0.0), 9), -G.degree(n), _label(G, n)))


def _split_unconnected(assign: list[int], members: list, edges) -> list[int]:
    """Split any cluster whose members are not joined by cooperation inside it."""
    import networkx as nx

    H = nx.Graph()
    H.add_nodes_from(range(len(members)))
    H.add_edges_from((i, j) for i, j, x in edges if x > 0 and assign[i] == assign[j])
    out = [0] * len(members)
    for k, comp in enumerate(sorted(nx.connected_components(H), key=min)):
        for i in comp:
            out[i] = k
    return out


def camps_summary(G, cp: CampPartition, *, max_against: int = 6) -> dict[str, Any]:
    """The partition as JSON-ready data with labels: groups, camps, apart and undecided actors."""
    lab = lambda n: _label(G, n)  # noqa: E731
    out_groups: list[dict[str, Any]] = []
    for g in cp.groups:
        camps = []
        for cid in g.camps:
            camp = cp.by_id[cid]
            camps.append(
                {
                    "id": cid,
                    "lead": lab(camp.lead),
                    "members": [lab(n) for n in camp.members],
                    "member_ids": list(camp.members),
                }
            )
        apart = []
        undecided = []
        for n in sorted(g.actors, key=lab):
            if cp.status[n] == "apart":
                against = sorted(
                    (m for m in G[n] if G[n][m].get("sign", 1) < 0),
                    key=lambda m: (-abs(edge_weight(G[n][m], cp.weight)), lab(m)),
                )
                allies = sorted((m for m in G[n] if G[n][m].get("sign", 1) > 0), key=lab)
                apart.append(
                    {
                        "actor": lab(n),
                        "id": n,
                        "against": [lab(m) for m in against[:max_against]],
                        "against_count": len(against),
                        "cooperates_with": [lab(m) for m in allies],
                    }
                )
            elif cp.status[n] == "undecided":
                undecided.append(
                    {"actor": lab(n), "id": n, "between": [_camp_name(G, cp, c) for c in cp.ties.get(n, [])]}
                )
        out_groups.append(
            {
                "group": g.number,
                "actors": len(g.actors),
                "camps": camps,
                "apart": apart,
                "undecided": undecided,
                "disagreement": g.disagreement,
                "objective": g.objective,
                "lower_bound": g.lower_bound,
                "exact": g.exact,
                "method": g.method,
                "against_the_split": [
                    {
                        "a": lab(u),
                        "b": lab(v),
                        "sign": G[u][v].get("sign", 1),
                        "weight": round(abs(edge_weight(G[u][v], cp.weight)), 4),
                    }
                    for u, v in g.violated
                ],
            }
        )
    return {
        "penalty": cp.penalty,
        "weight": cp.weight,
        "exact": cp.exact,
        "camps": sum(len(g["camps"]) for g in out_groups),
        "groups": out_groups,
    }


def _camp_name(G, cp: CampPartition, cid: str) -> str:
    if cid == "alone":
        return "standing alone"
    if cid in cp.by_id:
        return f"camp {cid} ({_label(G, cp.by_id[cid].lead)})"
    if "·" in cid:  # a one-actor camp
        return f"with {_label(G, cid.split('·', 1)[1])} alone" if cid.split("·", 1)[1] in G else cid
    return cid
