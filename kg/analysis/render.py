"""The analysis (:func:`kg.analysis.analyze`) as lines of text or markdown."""

from __future__ import annotations

from typing import Any

from kg.wording import counted


def _md(text: Any) -> str:
    """Escape text for markdown (also neutralises raw HTML in actor names and sentences)."""
    s = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]#|":
        s = s.replace(ch, "\\" + ch)
    return s.replace("\n", " ")


def _cite(e: dict, esc) -> str:
    where = ", ".join(x for x in (e.get("title") or e.get("doc_id") or "", e.get("date") or "") if x)
    hedge = ", hedged" if e.get("hedged") else ""
    return f"“{esc(e['sentence'])}” ({esc(where)}{hedge}; {e['predicate']}, confidence {e['confidence']:.2f})"


def _quote(e: dict, esc) -> str:
    """Evidence for the contested / changing sections: sentence, document, date, who said it."""
    where = ", ".join(x for x in (e.get("title") or e.get("doc_id") or "", e.get("date") or "undated") if x)
    said = f"; said by {esc(e['said_by'])}" if e.get("attributed") else ""
    return f"“{esc(e['sentence'])}” ({esc(where)}{said})"


def _status(r: dict) -> str:
    if r.get("camp"):
        return f"camp {r['camp']}"
    return {"apart": "stands apart", "undecided": "undecided"}.get(r.get("status") or "", "no camp")


def lines(a: dict, md: bool) -> list[str]:
    """The report's lines (markdown when ``md``)."""
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

    def para(text: str) -> None:
        out.append(text)

    s = a["summary"]
    head("Alliance and rivalry report", 1)
    dates = f", dated {s['first_date']} to {s['last_date']}" if s["first_date"] else ""
    para(
        f"{s['actors']} actors, {s['pairs']} related pairs ({s['cooperation_pairs']} cooperation, "
        f"{s['conflict_pairs']} conflict, {s['ambivalent_pairs']} ambivalent) from {s['assertions']} "
        f"assertions in {counted(s['documents'], 'document')}{dates}; "
        f"{counted(s['negated_excluded'], 'negated assertion')} left out of the graph."
    )
    if s.get("merged"):
        para("")
        para(
            "Counted as their state (governments, militaries, officials): "
            + "; ".join(f"{esc(', '.join(parts))} → {esc(name)}" for name, parts in sorted(s["merged"].items()))
            + "."
        )
    if "message" in a:
        para("")
        para(f"Nothing to analyse: {a['message']}.")
        if a.get("contested"):
            _contested(a, esc, head, item, para)
        return out

    _camps(a, esc, head, item, para)
    _contested(a, esc, head, item, para)
    _turns(a, esc, head, item, para)
    _ambivalent(a, esc, head, item, para)
    _enemies(a, esc, head, item, para)
    _balance(a, esc, head, item, para)
    _central(a, esc, head, item, para)
    _pairs(a, esc, head, item, para)
    _timeline(a, esc, head, item, para)
    return out


def _ambivalent(a, esc, head, item, para) -> None:
    head("Ambivalent pairs")
    if not a["ambivalent"]:
        para("None: every related pair is either cooperative or hostile.")
    for p in a["ambivalent"]:
        lean = "leaning conflict" if p["sign"] < 0 else "leaning cooperation"
        item(
            f"{esc(p['a_label'])} – {esc(p['b_label'])}: ambivalent ({p['cooperation']} cooperation, "
            f"{p['conflict']} conflict; {lean})"
        )
        for e in p["evidence"]:
            item(f"{e['polarity']}: {_cite(e, esc)}", 1)


def _enemies(a, esc, head, item, para) -> None:
    head("Enemy of my enemy")
    para("Relations in the data that a shared enemy explains:")
    para("")
    if not a["enemy_of_my_enemy"]:
        item("none: no two related actors share an enemy.")
    for e in a["enemy_of_my_enemy"][:30]:
        item(esc(e["summary"]))
        for pair, evs in e["evidence"].items():
            for ev in evs[:1]:
                item(f"evidence ({esc(pair)}): {_cite(ev, esc)}", 1)
    para("")
    para(
        "Predictions — pairs with no relation in the data who share an enemy or a friend "
        "(the classic readings; not evidence):"
    )
    para("")
    if not a["predictions"]:
        item("none: no two unrelated actors share an enemy or a friend.")
    for p in a["predictions"][:15]:
        note = f" [{esc(p['camps'])}]" if p.get("camps") else ""
        item(f"{esc(p['a'])} and {esc(p['b'])} may cooperate: {esc(p['why'])} (evidence {p['score']:.2f}){note}")
    if len(a["predictions"]) > 15:
        para(f"… and {len(a['predictions']) - 15} more (see --format json).")


def _balance(a, esc, head, item, para) -> None:
    head("Structural balance")
    b = a["balance"]
    para(
        f"{b['total']} triangles; {b['strong_unbalanced']} unbalanced under Heider's rule "
        f"(an odd number of hostile ties), {b['weak_unbalanced']} under weak balance (exactly one "
        f"hostile tie: two friends of one actor are enemies)."
    )
    f = b["frustration"]
    how = "exact" if f["exact"] else f"heuristic, at least {f['lower_bound']}"
    para(
        f"Two-camp frustration index (Harary's line index of balance): {counted(f['index'], 'relation')} "
        f"would have to change sign for the whole graph to split into two hostile camps ({how})."
    )
    for t in b["unbalanced"][:20]:
        weak = "also weakly unbalanced" if not t["weak"] else "weakly balanced"
        item(f"{', '.join(esc(x) for x in t['actors'])}: {t['signs']} ({weak})")


def _central(a, esc, head, item, para) -> None:
    head("Most central actors")
    for r in a["centrality"]:
        item(
            f"{esc(r['actor'])} ({_status(r)}): PageRank {r['pagerank']:.3f} "
            f"(cooperation only {r['pagerank_positive']:.3f}), betweenness {r['betweenness']:.3f}"
        )
    head("Brokers between camps")
    if not a["brokers"]:
        para(
            "No actor links the camps: no path between them runs through a third actor and "
            "no one cooperates across them."
        )
    for r in a["brokers"]:
        parts = []
        if r["between_camps"] > 0:
            share = 100 * r["between_camps"]
            parts.append(
                f"on {share:.1f}% of the shortest paths between the camps"
                if share < 10
                else f"on {share:.0f}% of the shortest paths between the camps"
            )
        if r["cooperates_across"]:
            parts.append(f"cooperates with {', '.join(esc(x) for x in r['cooperates_across'])} in another camp")
        item(f"{esc(r['label'])} ({_status(r)}): " + "; ".join(parts))


def _pairs(a, esc, head, item, para) -> None:
    head("Pairs")
    for p in a["pairs"][:40]:
        item(
            f"{esc(p['a'])} – {esc(p['b'])}: {p['relation']} ({p['cooperation']} cooperation, "
            f"{p['conflict']} conflict; {', '.join(p['predicates'])})"
        )
        for e in p["evidence"][:1]:
            item(_cite(e, esc), 1)
    if len(a["pairs"]) > 40:
        para(f"… and {len(a['pairs']) - 40} more pairs (see --format json).")


def _camps(a, esc, head, item, para) -> None:
    c = a["camps"]
    head("Camps")
    para(
        f"Camps come from the evidence: each group of connected actors is split into as many camps as "
        f"minimise the evidence against the split plus {c['penalty']:g} per camp. Actors held by no "
        f"cooperation tie stand apart; actors the evidence could place elsewhere as well are undecided."
    )
    for g in c["groups"]:
        para("")
        if g["group"] == 1 and len(c["groups"]) > 1:
            where = ", the largest connected group"
        elif g["group"] > 1:
            where = ", no relation to the actors above"
        else:
            where = ""
        how = "exact" if g["exact"] else f"{g['method']}, within {g['objective'] - g['lower_bound']:.2f} of the best"
        para(
            f"Group {g['group']} ({counted(g['actors'], 'actor')}{where}; {g['disagreement']:.2f} of evidence "
            f"against the split, {how}):"
        )
        para("")
        for camp in g["camps"]:
            item(f"Camp {camp['id']} ({esc(camp['lead'])}): {', '.join(esc(x) for x in camp['members'])}")
        if g["apart"]:
            item(
                "Stand apart (no ally in the data): "
                + "; ".join(
                    f"{esc(x['actor'])} (against {', '.join(esc(y) for y in x['against'])}"
                    + (
                        f" and {x['against_count'] - len(x['against'])} more"
                        if x["against_count"] > len(x["against"])
                        else ""
                    )
                    + ")"
                    if x["against"]
                    else esc(x["actor"])
                    for x in g["apart"]
                )
            )
        for x in g["undecided"]:
            item(f"Undecided: {esc(x['actor'])} fits as well {' as '.join(esc(y) for y in x['between'])}")
        for v in g["against_the_split"][:10]:
            kind = "cooperate across camps" if v["sign"] > 0 else "are hostile inside one camp"
            item(f"Against the split: {esc(v['a'])} and {esc(v['b'])} {kind} (evidence {v['weight']:.2f})")


def _contested(a, esc, head, item, para) -> None:
    head("Contested relations")
    if not a["contested"]:
        para("None: no relation is asserted by some sources and denied, or only claimed, by others.")
    for c in a["contested"][:20]:
        item(esc(c["summary"]))
        for stance, evs in c["evidence"].items():
            for e in evs:
                item(f"{stance}: {esc(e['subject'])} {e['predicate']} {esc(e['object'])} — {_quote(e, esc)}", 1)


def _turns(a, esc, head, item, para) -> None:
    head("Changing relations")
    if not a["turns"]:
        para("None: no pair turns from cooperation to conflict or back across the dated documents.")
    for t in a["turns"][:20]:
        item(esc(t["summary"]))
        for turn in t["turns"]:
            for e in turn["before"][:1]:
                item(f"{turn['from']} ({turn['until']}): {_quote(e, esc)}", 1)
            for e in turn["after"][:1]:
                item(f"{turn['to']} ({turn['since']}): {_quote(e, esc)}", 1)


def _timeline(a, esc, head, item, para) -> None:
    t = a["timeline"]
    head(f"Over time (per {t['freq']})")
    if not t["windows"]:
        para("No dated documents.")
    for w in t["windows"]:
        camps = " | ".join(", ".join(esc(x) for x in camp) for camp in w["camps"]) or "none"
        apart = f"; apart: {', '.join(esc(x) for x in w['apart'])}" if w["apart"] else ""
        item(f"{w['window']}: {w['actors']} actors, {w['edges']} pairs; camps {camps}{apart}")
        ch = w.get("changes")
        if ch:
            for f in ch["sign_flips"]:
                item(f"{esc(f['a'])} – {esc(f['b'])} turned {'hostile' if f['to'] == '-' else 'cooperative'}", 1)
            for m in ch["camp_changes"]:
                parts = []
                if m["left"]:
                    parts.append(f"no longer in one camp with {', '.join(esc(x) for x in m['left'])}")
                if m["joined"]:
                    parts.append(f"now in one camp with {', '.join(esc(x) for x in m['joined'])}")
                item(f"{esc(m['actor'])} changed camp since {m['since']}: " + "; ".join(parts), 1)
            if ch["new_edges"]:
                item(
                    f"{len(ch['new_edges'])} new pair(s): "
                    + "; ".join(f"{esc(e['a'])} – {esc(e['b'])} ({e['sign']})" for e in ch["new_edges"][:10]),
                    1,
                )
    if t["undated"]:
        para(f"({t['undated']} undated assertions are not in the timeline.)")
