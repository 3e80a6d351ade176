"""Enemy of my enemy, both readings: explaining relations in the data, predicting ones that are not.

* :func:`enemy_of_my_enemy` explains existing edges: two actors who share an
  enemy are rivals who also cooperate, rivals with a common foe, or allies
  against it.
* :func:`predicted_pairs` lists actors with **no** relation in the data who
  share an enemy (the classic "the enemy of my enemy is my friend") or a
  friend ("the friend of my friend"), ranked by the evidence behind the two
  ties they share. These are predictions, labelled as such everywhere.
"""

from __future__ import annotations

from typing import Any

from kg.analysis.structure import label


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
        shared = sorted(
            (c for c in G[a] if c != b and c in G[b] and _enemy(G, a, c) and _enemy(G, b, c)), key=lambda c: label(G, c)
        )
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
            summary = (
                f"{la} and {lb} are rivals who also cooperate ({coop} cooperation, {conf} conflict), "
                f"and both fight {names}: the enemy of my enemy is my friend."
            )
        elif relation == "rivals":
            summary = (
                f"{la} and {lb} are rivals ({conf} conflict) yet both fight {names}: "
                f"a common enemy that could make them partners."
            )
        else:
            summary = (
                f"{la} and {lb} cooperate ({coop} cooperation) and both fight {names}: allies against a common enemy."
            )
        evidence = {f"{la} – {lb}": d.get("evidence", [])[:max_evidence]}
        for c in shared:
            for x, lx in ((a, la), (b, lb)):
                evidence[f"{lx} – {label(G, c)}"] = G[x][c].get("evidence", [])[:max_evidence]
        out.append(
            {
                "a": a,
                "b": b,
                "a_label": la,
                "b_label": lb,
                "relation": relation,
                "cooperation": coop,
                "conflict": conf,
                "shared_enemies": [{"id": c, "label": label(G, c)} for c in shared],
                "summary": summary,
                "evidence": evidence,
            }
        )
    rank = {"ambivalent": 0, "rivals": 1, "allies": 2}
    return sorted(out, key=lambda e: (rank[e["relation"]], -len(e["shared_enemies"]), e["a_label"], e["b_label"]))


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _clear(G, u, v, sign: int) -> bool:
    """A plain tie of this sign: no cooperation in an enmity, no conflict in a friendship."""
    d = G[u][v]
    return (1 if d.get("sign", 1) > 0 else -1) == sign and not d.get("ambivalent")


def _strength(d: dict) -> float:
    return float(d.get("net_weight", 1.0))


def predicted_pairs(G, *, partition=None, top: int | None = None, max_evidence: int = 2) -> list[dict[str, Any]]:
    """Unlinked pairs who share an enemy or a friend: relations the classic readings predict.

    For every pair (a, b) with no edge between them, ``shared_enemies`` are
    the actors c in plain conflict with both, ``shared_friends`` those in
    plain cooperation with both (ambivalent ties do not count). ``score``
    sums, over the shared actors, the weaker of the two ties' evidence
    (``net_weight``, 1 if absent), so a prediction resting on well-attested
    ties ranks first. Each entry also has ``a``, ``b`` (labels), ``a_id``,
    ``b_id``, ``reading`` (``"shared enemy"``, ``"shared friend"`` or
    ``"shared enemy and friend"``), ``prediction`` (always True),
    ``evidence`` (``{"A – C": [...]}``, up to ``max_evidence`` per tie),
    ``camps`` (with a :class:`kg.analysis.camps.CampPartition`: what the camps
    say about the pair) and a ``summary`` that says it is a prediction.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> for u in ("a", "b", "c"):
    ...     G.add_edge(u, "x", sign=-1)
    >>> [(p["a"], p["b"], p["reading"]) for p in predicted_pairs(G)]
    [('a', 'b', 'shared enemy'), ('a', 'c', 'shared enemy'), ('b', 'c', 'shared enemy')]
    >>> predicted_pairs(G)[0]["summary"]
    'Prediction (not in the data): a and b may cooperate: both are hostile to x.'
    """
    shared: dict[tuple, dict[str, dict]] = {}
    for c in G:
        for sign, kind in ((-1, "enemies"), (1, "friends")):
            ties = sorted((x for x in G[c] if _clear(G, x, c, sign)), key=str)
            for i, a in enumerate(ties):
                for b in ties[i + 1 :]:
                    if G.has_edge(a, b):
                        continue
                    key = (a, b)
                    entry = shared.setdefault(key, {"enemies": {}, "friends": {}})
                    entry[kind][c] = min(_strength(G[a][c]), _strength(G[b][c]))
    out = []
    for (a, b), entry in shared.items():
        la, lb = label(G, a), label(G, b)
        if la > lb:
            a, b, la, lb = b, a, lb, la
        enemies = sorted(entry["enemies"], key=lambda c: (-entry["enemies"][c], label(G, c)))
        friends = sorted(entry["friends"], key=lambda c: (-entry["friends"][c], label(G, c)))
        score = sum(entry["enemies"].values()) + sum(entry["friends"].values())
        reading = "shared enemy and friend" if enemies and friends else "shared enemy" if enemies else "shared friend"
        why = []
        if enemies:
            why.append(f"both are hostile to {_join([label(G, c) for c in enemies])}")
        if friends:
            why.append(f"both cooperate with {_join([label(G, c) for c in friends])}")
        evidence = {}
        for c in enemies + friends:
            for x, lx in ((a, la), (b, lb)):
                evidence[f"{lx} – {label(G, c)}"] = G[x][c].get("evidence", [])[:max_evidence]
        out.append(
            {
                "a": la,
                "b": lb,
                "a_id": a,
                "b_id": b,
                "prediction": True,
                "reading": reading,
                "shared_enemies": [{"id": c, "label": label(G, c)} for c in enemies],
                "shared_friends": [{"id": c, "label": label(G, c)} for c in friends],
                "score": round(score, 4),
                "camps": _camps_note(G, partition, a, b),
                "why": "; ".join(why),
                "summary": f"Prediction (not in the data): {la} and {lb} may cooperate: " + "; ".join(why) + ".",
                "evidence": evidence,
            }
        )
    out.sort(key=lambda p: (-p["score"], -(len(p["shared_enemies"]) + len(p["shared_friends"])), p["a"], p["b"]))
    return out[:top] if top is not None else out


def _camps_note(G, cp, a, b) -> str:
    """What the camps say about a predicted pair."""
    if cp is None:
        return ""
    if cp.group_of.get(a) != cp.group_of.get(b):
        return "not connected in the data"
    if cp.together(a, b):
        return f"already in one camp ({cp.camp_of[a]})"
    if cp.decidedly_apart(a, b) or cp.decidedly_apart(b, a):
        return "in camps the evidence keeps apart"
    sides = []
    for x in (a, b):
        st = cp.status.get(x)
        sides.append(
            f"{label(G, x)} "
            + ({"apart": "stands apart", "undecided": "is undecided"}.get(st) or f"is in camp {cp.camp_of.get(x)}")
        )
    return "; ".join(sides)
