"""Assemble the analysis into one report: text, markdown or JSON."""

from __future__ import annotations

import json
from typing import Any

from kg.errors import KgError

EMPTY_MESSAGE = "the graph has no assertions yet — run kg build"
FORMATS = ("text", "markdown", "json")


def analyze(source: Any, *, k: int = 2, since: str | None = None, until: str | None = None,
            min_evidence: int = 1, freq: str = "year", max_evidence: int = 3, top: int = 10,
            merge_parts: bool = True) -> dict[str, Any]:
    """Every measure of the signed graph of ``source``, as one JSON-ready dict.

    ``merge_parts``: count governments, militaries and officials as their
    state (see :func:`kg.analysis.signed_graph`).

    Keys: ``summary``, ``pairs``, ``ambivalent``, ``balance`` (triads),
    ``camps`` (k-camp frustration partition), ``weak_camps`` (k+1 camps),
    ``enemy_of_my_enemy``, ``centrality`` (top actors), ``brokers``,
    ``timeline``; ``message`` when the graph is empty.

    Examples
    --------
    >>> from kg.analysis.examples import story_graph
    >>> a = analyze(story_graph())
    >>> a["camps"]["camps"]
    [['Iran', 'Iraq', 'Shia militias', 'United States'], ['ISIS']]
    >>> a["enemy_of_my_enemy"][0]["shared_enemies"][0]["label"]
    'ISIS'
    """
    from kg.analysis.balance import frustration, triads
    from kg.analysis.signed import filter_rows, graph_from_rows, load
    from kg.analysis.structure import ambivalent_pairs, brokers, centrality, enemy_of_my_enemy
    from kg.analysis.timeline import timeline, window_of

    window_of("2000-01-01", freq)  # an unknown --freq is an error even without dated documents
    data = load(source)
    rows = list(filter_rows(data.rows, since, until))
    G = graph_from_rows(rows, data.actors, min_evidence=min_evidence, negated=data.negated, merge_parts=merge_parts)
    lab = lambda n: G.nodes[n]["label"]  # noqa: E731
    summary = {"actors": G.number_of_nodes(), "pairs": G.number_of_edges(),
               "assertions": G.graph["assertions"], "negated_excluded": G.graph["negated"],
               "documents": G.graph["documents"], "first_date": G.graph["first_date"],
               "last_date": G.graph["last_date"], "since": since, "until": until, "min_evidence": min_evidence,
               "merge_parts": merge_parts,
               "merged": {lab(n): G.nodes[n]["parts"] for n in G if G.nodes[n].get("parts")},
               "cooperation_pairs": sum(d["sign"] > 0 for _, _, d in G.edges(data=True)),
               "conflict_pairs": sum(d["sign"] < 0 for _, _, d in G.edges(data=True)),
               "ambivalent_pairs": sum(bool(d["ambivalent"]) for _, _, d in G.edges(data=True))}
    out: dict[str, Any] = {"summary": summary}
    if G.number_of_edges() == 0:
        out["message"] = (EMPTY_MESSAGE if not data.rows and not data.negated else
                          "no assertions match the filters (dates / minimum evidence / negation)")
        for key in ("pairs", "ambivalent", "enemy_of_my_enemy", "centrality", "brokers"):
            out[key] = []
        out["balance"] = {"total": 0, "counts": {}, "strong_unbalanced": 0, "weak_unbalanced": 0, "unbalanced": []}
        out["camps"] = out["weak_camps"] = {"k": k, "index": 0, "exact": True, "lower_bound": 0, "camps": [],
                                            "violated": []}
        out["timeline"] = {"freq": freq, "windows": [], "undated": 0}
        return out

    def trim(ev: list) -> list:
        return ev[:max_evidence]

    out["pairs"] = [
        {"a": min(lab(u), lab(v)), "b": max(lab(u), lab(v)), "a_id": u, "b_id": v,
         "relation": "ambivalent" if d["ambivalent"] else ("cooperation" if d["sign"] > 0 else "conflict"),
         "sign": d["sign"], "cooperation": d["cooperation"], "conflict": d["conflict"],
         "evidence_count": d["weight"], "confidence": d["confidence"], "predicates": d["predicates"],
         "directions": d["directions"], "dates": d["dates"], "evidence": trim(d["evidence"])}
        for u, v, d in sorted(G.edges(data=True), key=lambda e: (-e[2]["weight"], lab(e[0]), lab(e[1])))
    ]
    out["ambivalent"] = [{**p, "evidence": trim(p["evidence"])} for p in ambivalent_pairs(G)]
    tri = triads(G)
    out["balance"] = {"total": tri["total"], "counts": tri["counts"],
                      "strong_unbalanced": tri["strong_unbalanced"], "weak_unbalanced": tri["weak_unbalanced"],
                      "unbalanced": [{"actors": sorted(lab(n) for n in t["nodes"]), "signs": t["signs"],
                                      "strong": t["strong"], "weak": t["weak"]}
                                     for t in tri["triads"] if not t["strong"]][:50]}

    def camps_of(kk: int) -> tuple[dict, dict]:
        fr = frustration(G, k=kk)
        return fr.partition, {"k": kk, "index": fr.index, "exact": fr.exact, "lower_bound": fr.lower_bound,
                              "camps": [sorted(lab(n) for n in camp) for camp in fr.camps()],
                              "violated": [{"a": lab(u), "b": lab(v), "sign": G[u][v]["sign"]}
                                           for u, v in fr.violated]}

    partition, out["camps"] = camps_of(k)
    _, out["weak_camps"] = camps_of(k + 1)
    out["enemy_of_my_enemy"] = enemy_of_my_enemy(G, max_evidence=max_evidence)
    cent = centrality(G)
    ranked = sorted(cent, key=lambda n: (-cent[n]["pagerank"], lab(n)))[:top]
    out["centrality"] = [{"actor": lab(n), "id": n, "camp": partition[n], **cent[n]} for n in ranked]
    out["brokers"] = brokers(G, partition, cent)[:top]
    out["timeline"] = timeline(data, freq, k=k, min_evidence=min_evidence, merge_parts=merge_parts) \
        if G.graph["first_date"] else \
        {"freq": freq, "windows": [], "undated": summary["assertions"] - summary["negated_excluded"]}
    return out


# ---------------------------------------------------------------- rendering

def _md(text: Any) -> str:
    """Escape text for markdown (also neutralises raw HTML in actor names and sentences)."""
    s = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]#|":
        s = s.replace(ch, "\\" + ch)
    return s.replace("\n", " ")


def _camp_name(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else f"#{i + 1}"


def _cite(e: dict, esc) -> str:
    where = ", ".join(x for x in (e.get("title") or e.get("doc_id") or "", e.get("date") or "") if x)
    hedge = ", hedged" if e.get("hedged") else ""
    return f"“{esc(e['sentence'])}” ({esc(where)}{hedge}; {e['predicate']}, confidence {e['confidence']:.2f})"


def _lines(a: dict, md: bool) -> list[str]:
    esc = _md if md else str
    out: list[str] = []

    def head(title: str, level: int = 2) -> None:
        if out:
            out.append("")
        if md:
            out.append("#" * level + " " + title)
        else:
            out.append(title)
            out.append(("=" if level == 1 else "-") * len(title))
        out.append("")

    def item(text: str, indent: int = 0) -> None:
        out.append("  " * indent + ("- " if md else "* ") + text)

    s = a["summary"]
    head("Alliance and rivalry report", 1)
    dates = f", dated {s['first_date']} to {s['last_date']}" if s["first_date"] else ""
    out.append(f"{s['actors']} actors, {s['pairs']} related pairs ({s['cooperation_pairs']} cooperation, "
               f"{s['conflict_pairs']} conflict, {s['ambivalent_pairs']} ambivalent) from {s['assertions']} "
               f"assertions in {s['documents']} documents{dates}; {s['negated_excluded']} negated assertions ignored.")
    if s.get("merged"):
        out.append("")
        out.append("Counted as their state (governments, militaries, officials): " + "; ".join(
            f"{esc(', '.join(parts))} → {esc(name)}" for name, parts in sorted(s["merged"].items())) + ".")
    if "message" in a:
        out.append("")
        out.append(f"Nothing to analyse: {a['message']}.")
        return out

    head("Ambivalent pairs")
    if not a["ambivalent"]:
        out.append("None: every related pair is either cooperative or hostile.")
    for p in a["ambivalent"]:
        lean = "leaning conflict" if p["sign"] < 0 else "leaning cooperation"
        item(f"{esc(p['a_label'])} – {esc(p['b_label'])}: ambivalent ({p['cooperation']} cooperation, "
             f"{p['conflict']} conflict; {lean})")
        for e in p["evidence"]:
            item(f"{e['polarity']}: {_cite(e, esc)}", 1)

    head("Camps")
    c = a["camps"]
    how = "exact" if c["exact"] else f"heuristic; at least {c['lower_bound']}"
    out.append(f"Best split into {c['k']} camps (frustration index {c['index']}, {how}): "
               f"{c['index']} relation(s) go against it.")
    out.append("")
    for i, camp in enumerate(c["camps"]):
        item(f"Camp {_camp_name(i)}: {', '.join(esc(x) for x in camp)}")
    for v in c["violated"]:
        kind = "cooperate across the camps" if v["sign"] > 0 else "are hostile within one camp"
        item(f"Against the split: {esc(v['a'])} and {esc(v['b'])} {kind}")
    w = a["weak_camps"]
    out.append("")
    out.append(f"With up to {w['k']} camps (weak balance) the index is {w['index']}"
               f"{'' if w['exact'] else ' (heuristic)'}: " + "; ".join(
                   f"{_camp_name(i)}: {', '.join(esc(x) for x in camp)}" for i, camp in enumerate(w["camps"])))

    head("Structural balance")
    b = a["balance"]
    out.append(f"{b['total']} triangles; {b['strong_unbalanced']} unbalanced under Heider's rule "
               f"(an odd number of hostile ties), {b['weak_unbalanced']} under weak balance (exactly one "
               f"hostile tie: two friends of one actor are enemies).")
    for t in b["unbalanced"][:20]:
        weak = "also weakly unbalanced" if not t["weak"] else "weakly balanced"
        item(f"{', '.join(esc(x) for x in t['actors'])}: {t['signs']} ({weak})")

    head("Enemy of my enemy")
    if not a["enemy_of_my_enemy"]:
        out.append("No pair shares an enemy.")
    for e in a["enemy_of_my_enemy"][:30]:
        item(esc(e["summary"]))
        for pair, evs in e["evidence"].items():
            for ev in evs[:2]:
                item(f"evidence ({esc(pair)}): {_cite(ev, esc)}", 1)

    head("Most central actors")
    for r in a["centrality"]:
        item(f"{esc(r['actor'])} (camp {_camp_name(r['camp'])}): PageRank {r['pagerank']:.3f} "
             f"(cooperation only {r['pagerank_positive']:.3f}), betweenness {r['betweenness']:.3f}")
    head("Brokers between camps")
    if not a["brokers"]:
        out.append("No actor links the camps: no path between them runs through a third actor and "
                   "no one cooperates across them.")
    for r in a["brokers"]:
        parts = []
        if r["between_camps"] > 0:
            share = 100 * r["between_camps"]
            parts.append(f"on {share:.1f}% of the shortest paths between the camps" if share < 10 else
                         f"on {share:.0f}% of the shortest paths between the camps")
        if r["cooperates_across"]:
            parts.append(f"cooperates with {', '.join(esc(x) for x in r['cooperates_across'])} in another camp")
        item(f"{esc(r['label'])} (camp {_camp_name(r['camp'])}): " + "; ".join(parts))

    head("Pairs")
    for p in a["pairs"][:40]:
        item(f"{esc(p['a'])} – {esc(p['b'])}: {p['relation']} ({p['cooperation']} cooperation, "
             f"{p['conflict']} conflict; {', '.join(p['predicates'])})")
        for e in p["evidence"][:1]:
            item(_cite(e, esc), 1)
    if len(a["pairs"]) > 40:
        out.append(f"… and {len(a['pairs']) - 40} more pairs (see --format json).")

    t = a["timeline"]
    head(f"Over time (per {t['freq']})")
    if not t["windows"]:
        out.append("No dated documents.")
    for wdw in t["windows"]:
        item(f"{wdw['window']}: {wdw['actors']} actors, {wdw['edges']} pairs, frustration {wdw['frustration']}; "
             "camps " + " | ".join(", ".join(esc(x) for x in camp) for camp in wdw["camps"]))
        ch = wdw.get("changes")
        if ch:
            for f in ch["sign_flips"]:
                item(f"{esc(f['a'])} – {esc(f['b'])} turned {'hostile' if f['to'] == '-' else 'cooperative'}", 1)
            for m in ch["camp_changes"]:
                item(f"{esc(m['actor'])} changed camp", 1)
            if ch["new_edges"]:
                item(f"{len(ch['new_edges'])} new pair(s): " + "; ".join(
                    f"{esc(e['a'])} – {esc(e['b'])} ({e['sign']})" for e in ch["new_edges"][:10]), 1)
    if t["undated"]:
        out.append(f"({t['undated']} undated assertions are not in the timeline.)")
    return out


def report(source: Any, fmt: str = "text", **options: Any) -> str:
    """The analysis of ``source`` as text, markdown or JSON (options go to :func:`analyze`).

    Examples
    --------
    >>> from kg.analysis.examples import story_graph
    >>> text = report(story_graph())
    >>> "Iran – United States: ambivalent (2 cooperation, 3 conflict" in text
    True
    >>> "Camp B: ISIS" in text
    True
    >>> from rdflib import Graph
    >>> "run kg build" in report(Graph(), "markdown")
    True
    """
    if fmt not in FORMATS:
        raise KgError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")
    a = analyze(source, **options)
    if fmt == "json":
        return json.dumps(a, ensure_ascii=False, indent=2, default=str)
    return "\n".join(_lines(a, md=fmt == "markdown")) + "\n"
