"""What the page's side panel shows, as plain data for the template: camps, contested and changing relations.

Camps come from :func:`kg.analysis.find_camps` on the WHOLE graph (as
``kg analyze`` reports them); a focused view lists only what it shows but
never recomputes, so an actor keeps its colour in every view. Actors the
evidence puts in no camp are drawn as such: *apart* (no ally in the data)
white with a dark rim, *undecided* (fits more than one camp as well) grey
with a dashed rim. Every text here is plain text: the template escapes it.
"""

from __future__ import annotations

import colorsys
from collections.abc import Collection, Iterable
from typing import Any

#: Camp colours, in camp order (groups largest first, then camps by size); none of them
#: green, red or orange, which the edges use. Further camps get generated hues.
CAMP_COLOURS = [
    "#1f77b4",
    "#9467bd",
    "#17becf",
    "#e377c2",
    "#8c564b",
    "#bcbd22",
    "#393b79",
    "#7b4173",
    "#aec7e8",
    "#c5b0d5",
    "#9edae5",
    "#f7b6d2",
    "#c49c94",
    "#5254a3",
]
APART = {"background": "#ffffff", "border": "#424242"}
UNDECIDED = {"background": "#d6d6d6", "border": "#424242"}
MAX_MEMBERS = 8
MAX_GROUPS = 8
MAX_PAIRS = 100


def camp_colours(camp_ids: Iterable[str]) -> dict[str, str]:
    """A distinct colour per camp id, in order: the palette, then hues spaced by the golden angle.

    >>> c = camp_colours([f"1{chr(65 + i)}" for i in range(16)])
    >>> c["1A"], c["1O"], len(set(c.values()))
    ('#1f77b4', '#5594ce', 16)
    """
    out: dict[str, str] = {}
    for i, cid in enumerate(camp_ids):
        if i < len(CAMP_COLOURS):
            out[cid] = CAMP_COLOURS[i]
        else:
            hue = ((i - len(CAMP_COLOURS)) * 0.618033988749895 + 0.58) % 1.0
            r, g, b = colorsys.hls_to_rgb(hue, 0.57, 0.55)
            out[cid] = f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"
    return out


def _label(G, node) -> str:
    return str(G.nodes[node].get("label") or node) if node in G else str(node)


def camp_name(G, cp, cid: str) -> str:
    """``camp 1A (Iran)``; ``standing alone``; ``with ISIS alone`` for a one-actor camp."""
    if cid == "alone":
        return "standing alone"
    if cid in cp.by_id:
        return f"camp {cid} ({_label(G, cp.by_id[cid].lead)})"
    if "·" in cid:
        return f"with {_label(G, cid.split('·', 1)[1])} alone"
    return cid


def node_style(cp, colours: dict[str, str], node) -> dict[str, Any]:
    """vis-network colour (and border) of an actor: its camp's colour, or the apart / undecided style.

    A camp colour is given as a string: vis-network then derives a darker
    border and a lighter highlight of the same hue, so a selected actor keeps
    its camp's colour.
    """
    status = cp.status.get(node) if cp else None
    if status == "camp":
        return {"color": colours[cp.camp_of[node]]}
    style: dict[str, Any] = {"color": dict(UNDECIDED if status == "undecided" else APART), "borderWidth": 2}
    if status == "undecided":
        style["shapeProperties"] = {"borderDashes": [4, 3]}
    keep = {"background": style["color"]["background"], "border": "#000000"}  # not vis-network's light blue
    style["color"].update(highlight=dict(keep), hover=dict(keep))
    return style


def node_camp_text(G, cp, node) -> str:
    """The tooltip line that says where the evidence puts an actor."""
    if cp is None:
        return ""
    group = cp.group_of[node]
    where = f"group {group}" + (", no relation to the actors of other groups" if len(cp.groups) > 1 else "")
    status = cp.status[node]
    if status == "camp":
        return f"Camp {cp.camp_of[node]} (led by {_label(G, cp.by_id[cp.camp_of[node]].lead)}); {where}"
    if status == "undecided":
        return f"Undecided: fits {' as well as '.join(camp_name(G, cp, c) for c in cp.ties.get(node, []))}; {where}"
    against = sorted((m for m in G[node] if G[node][m].get("sign", 1) < 0), key=lambda m: _label(G, m))
    return (
        "Stands apart: no ally in the data"
        + (
            f"; against {', '.join(_label(G, m) for m in against[:6])}{' …' if len(against) > 6 else ''}"
            if against
            else ""
        )
        + f"; {where}"
    )


def camp_legend(G, cp, colours: dict[str, str], shown: Collection) -> dict[str, Any]:
    """Groups, their camps (with colour and the members shown) and their apart / undecided actors.

    Only groups and camps with an actor in ``shown`` are listed; ``more`` counts
    members not listed (not shown, or past :data:`MAX_MEMBERS`).
    """
    if cp is None:
        return {"groups": [], "more_groups": 0, "more_actors": 0}
    groups: list[dict[str, Any]] = []
    hidden_groups = hidden_actors = 0
    for g in cp.groups:
        in_view = [n for n in g.actors if n in shown]
        if not in_view:
            continue
        if len(groups) == MAX_GROUPS:
            hidden_groups += 1
            hidden_actors += len(in_view)
            continue
        camps = []
        for cid in g.camps:
            camp = cp.by_id[cid]
            members = [_label(G, n) for n in camp.members if n in shown]
            if members:
                camps.append(
                    {
                        "id": cid,
                        "colour": colours[cid],
                        "lead": _label(G, camp.lead),
                        "members": members[:MAX_MEMBERS],
                        "more": len(camp.members) - min(len(members), MAX_MEMBERS),
                    }
                )
        apart = sorted(_label(G, n) for n in in_view if cp.status[n] == "apart")
        undecided = sorted(_label(G, n) for n in in_view if cp.status[n] == "undecided")
        groups.append(
            {
                "number": g.number,
                "actors": len(g.actors),
                "shown": len(in_view),
                "camps": camps,
                "apart": apart[:MAX_MEMBERS],
                "apart_more": max(0, len(apart) - MAX_MEMBERS),
                "undecided": undecided[:MAX_MEMBERS],
                "undecided_more": max(0, len(undecided) - MAX_MEMBERS),
                "exact": g.exact,
            }
        )
    return {"groups": groups, "more_groups": hidden_groups, "more_actors": hidden_actors, "several": len(cp.groups) > 1}


def _evidence(e: dict) -> dict[str, Any]:
    return {
        "sentence": e["sentence"],
        "statement": f"{e['subject']} {e['predicate']} {e['object']}",
        "document": e.get("title") or e.get("doc_id") or "",
        "doc_id": e.get("doc_id") or "",
        "date": e.get("date") or "undated",
        "said_by": e["said_by"] if e.get("attributed") else "",
        "stance": e.get("stance", ""),
    }


def contested_view(items: list[dict], shown: Collection) -> dict[str, Any]:
    """The contested relations (:func:`kg.analysis.contested`) between actors shown, each stance with its evidence."""
    kept = [c for c in items if c["a_id"] in shown and c["b_id"] in shown]
    out = []
    for c in kept[:MAX_PAIRS]:
        stances = [
            {"stance": s, "count": c["stances"][s], "evidence": [_evidence(e) for e in ev]}
            for s, ev in c["evidence"].items()
        ]
        out.append(
            {
                "a": c["a"],
                "b": c["b"],
                "a_id": c["a_id"],
                "b_id": c["b_id"],
                "polarity": c["polarity"],
                "summary": c["summary"],
                "stances": stances,
            }
        )
    return {"pairs": out, "more": max(0, len(kept) - MAX_PAIRS)}


def turns_view(items: list[dict], shown: Collection) -> dict[str, Any]:
    """The pairs whose relation turned (:func:`kg.analysis.turns`) among actors shown, with the evidence of each turn."""
    kept = [t for t in items if t["a_id"] in shown and t["b_id"] in shown]
    out = []
    for t in kept[:MAX_PAIRS]:
        turns = [
            {
                "from": x["from"],
                "to": x["to"],
                "until": x["until"],
                "since": x["since"],
                "before": [_evidence(e) for e in x["before"]],
                "after": [_evidence(e) for e in x["after"]],
            }
            for x in t["turns"]
        ]
        out.append(
            {
                "a": t["a"],
                "b": t["b"],
                "a_id": t["a_id"],
                "b_id": t["b_id"],
                "summary": t["summary"],
                "windows": t["windows"],
                "turns": turns,
            }
        )
    return {"pairs": out, "more": max(0, len(kept) - MAX_PAIRS)}
