"""Assemble the analysis into one JSON-ready dict, and render it as text, markdown or JSON."""

from __future__ import annotations

import json
from typing import Any

from kg.errors import KgError

EMPTY_MESSAGE = "the graph has no assertions yet — run kg build"
FORMATS = ("text", "markdown", "json")


def analyze(
    source: Any,
    *,
    since: str | None = None,
    until: str | None = None,
    min_evidence: int = 1,
    freq: str = "year",
    max_evidence: int = 3,
    top: int = 10,
    merge_parts: bool = True,
    penalty: float | None = None,
    predictions: int = 20,
) -> dict[str, Any]:
    """Every measure of the signed graph of ``source``, as one JSON-ready dict.

    ``merge_parts``: count governments, militaries and officials as their
    state (:mod:`kg.analysis.rollup`). ``penalty``: cost per camp
    (:func:`kg.analysis.find_camps`). ``predictions``: how many predicted
    pairs to keep.

    Keys: ``summary``, ``camps`` (groups, camps, apart and undecided actors),
    ``contested`` (relations the sources disagree on), ``turns`` (pairs whose
    relation changed over time), ``ambivalent``, ``enemy_of_my_enemy``
    (explaining existing relations), ``predictions`` (unlinked pairs with a
    shared enemy or friend), ``balance`` (triads and the two-camp frustration
    index), ``centrality``, ``brokers``, ``pairs``, ``timeline``; ``message``
    when the graph is empty.

    Examples
    --------
    >>> from kg.analysis.examples import story_graph
    >>> a = analyze(story_graph())
    >>> [c["members"] for g in a["camps"]["groups"] for c in g["camps"]]
    [['Iran', 'Shia militias'], ['Iraq', 'United States']]
    >>> a["camps"]["groups"][0]["apart"][0]["actor"]
    'ISIS'
    >>> a["enemy_of_my_enemy"][0]["shared_enemies"][0]["label"]
    'ISIS'
    """
    from kg.analysis.balance import frustration, triads
    from kg.analysis.camps import DEFAULT_PENALTY, camps_summary, find_camps
    from kg.analysis.contested import contested, turns
    from kg.analysis.enemies import enemy_of_my_enemy, predicted_pairs
    from kg.analysis.signed import empty_reason, filter_rows, graph_from_rows, load
    from kg.analysis.structure import ambivalent_pairs, brokers, centrality
    from kg.analysis.timeline import timeline, window_of

    penalty = DEFAULT_PENALTY if penalty is None else penalty
    window_of("2000-01-01", freq)  # an unknown --freq is an error even without dated documents
    data = load(source)
    rows = list(filter_rows(data.rows, since, until))
    G = graph_from_rows(rows, data.actors, min_evidence=min_evidence, negated=data.negated, merge_parts=merge_parts)
    lab = lambda n: G.nodes[n]["label"]  # noqa: E731
    summary = {
        "actors": G.number_of_nodes(),
        "pairs": G.number_of_edges(),
        "assertions": G.graph["assertions"],
        "negated_excluded": G.graph["negated"],
        "documents": G.graph["documents"],
        "first_date": G.graph["first_date"],
        "last_date": G.graph["last_date"],
        "since": since,
        "until": until,
        "min_evidence": min_evidence,
        "merge_parts": merge_parts,
        "penalty": penalty,
        "merged": {lab(n): G.nodes[n]["parts"] for n in G if G.nodes[n].get("parts")},
        "cooperation_pairs": sum(d["sign"] > 0 for _, _, d in G.edges(data=True)),
        "conflict_pairs": sum(d["sign"] < 0 for _, _, d in G.edges(data=True)),
        "ambivalent_pairs": sum(bool(d["ambivalent"]) for _, _, d in G.edges(data=True)),
    }
    out: dict[str, Any] = {"summary": summary}
    out["contested"] = contested(rows, data.actors, merge_parts=merge_parts, max_evidence=max_evidence)
    if G.number_of_edges() == 0:
        out["message"] = empty_reason(data.rows, data.negated, since=since, until=until, min_evidence=min_evidence)
        for key in ("pairs", "ambivalent", "enemy_of_my_enemy", "predictions", "centrality", "brokers", "turns"):
            out[key] = []
        out["balance"] = {
            "total": 0,
            "counts": {},
            "strong_unbalanced": 0,
            "weak_unbalanced": 0,
            "unbalanced": [],
            "frustration": {"index": 0, "exact": True, "lower_bound": 0},
        }
        out["camps"] = {"penalty": penalty, "weight": "net_weight", "exact": True, "camps": 0, "groups": []}
        out["timeline"] = {"freq": freq, "windows": [], "undated": 0}
        return out

    def trim(ev: list) -> list:
        return ev[:max_evidence]

    cp = find_camps(G, penalty=penalty)
    out["camps"] = camps_summary(G, cp)
    out["turns"] = turns(rows, data.actors, freq, merge_parts=merge_parts)
    out["ambivalent"] = [{**p, "evidence": trim(p["evidence"])} for p in ambivalent_pairs(G)]
    out["enemy_of_my_enemy"] = enemy_of_my_enemy(G, max_evidence=max_evidence)
    out["predictions"] = predicted_pairs(G, partition=cp, top=predictions)
    tri = triads(G)
    two = frustration(G, k=2)
    out["balance"] = {
        "total": tri["total"],
        "counts": tri["counts"],
        "strong_unbalanced": tri["strong_unbalanced"],
        "weak_unbalanced": tri["weak_unbalanced"],
        "unbalanced": [
            {
                "actors": sorted(lab(n) for n in t["nodes"]),
                "signs": t["signs"],
                "strong": t["strong"],
                "weak": t["weak"],
            }
            for t in tri["triads"]
            if not t["strong"]
        ][:50],
        "frustration": {"index": two.index, "exact": two.exact, "lower_bound": two.lower_bound},
    }
    cent = centrality(G)
    ranked = sorted(cent, key=lambda n: (-cent[n]["pagerank"], lab(n)))[:top]
    out["centrality"] = [
        {"actor": lab(n), "id": n, "camp": cp.camp_of[n], "status": cp.status[n], **cent[n]} for n in ranked
    ]
    out["brokers"] = [
        {**b, "camp": cp.camp_of[b["actor"]], "status": cp.status[b["actor"]]}
        for b in brokers(G, cp.placed, cent)[:top]
    ]
    out["pairs"] = [
        {
            "a": min(lab(u), lab(v)),
            "b": max(lab(u), lab(v)),
            "a_id": u,
            "b_id": v,
            "relation": "ambivalent" if d["ambivalent"] else ("cooperation" if d["sign"] > 0 else "conflict"),
            "sign": d["sign"],
            "cooperation": d["cooperation"],
            "conflict": d["conflict"],
            "evidence_count": d["weight"],
            "net_weight": d["net_weight"],
            "confidence": d["confidence"],
            "predicates": d["predicates"],
            "directions": d["directions"],
            "dates": d["dates"],
            "evidence": trim(d["evidence"]),
        }
        for u, v, d in sorted(G.edges(data=True), key=lambda e: (-e[2]["weight"], lab(e[0]), lab(e[1])))
    ]
    out["timeline"] = (
        timeline(data, freq, min_evidence=min_evidence, merge_parts=merge_parts, penalty=penalty)
        if G.graph["first_date"]
        else {"freq": freq, "windows": [], "undated": summary["assertions"] - summary["negated_excluded"]}
    )
    return out


def report(source: Any, fmt: str = "text", **options: Any) -> str:
    """The analysis of ``source`` as text, markdown or JSON (options go to :func:`analyze`).

    Examples
    --------
    >>> from kg.analysis.examples import story_graph
    >>> text = report(story_graph())
    >>> "Iran – United States: ambivalent (2 cooperation, 3 conflict" in text
    True
    >>> "Camp 1B (Iraq): Iraq, United States" in text
    True
    >>> from rdflib import Graph
    >>> "run kg build" in report(Graph(), "markdown")
    True
    """
    from kg.analysis.render import lines

    if fmt not in FORMATS:
        raise KgError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")
    a = analyze(source, **options)
    if fmt == "json":
        return json.dumps(a, ensure_ascii=False, indent=2, default=str)
    return "\n".join(lines(a, md=fmt == "markdown")) + "\n"
