"""Draw the signed actor graph as ONE self-contained, offline HTML page (vis-network).

The page (``templates/graph.html``, rendered by :mod:`kg.render.page`)
inlines vis-network's script and stylesheet (vendored in the package: no CDN,
no remote font, no other request) and is written only to the path given. Cooperation edges are green, conflict red, ambivalent pairs orange and
dashed; edge width grows with the number of assertions; nodes are coloured by
camp (the frustration partition) and sized by PageRank. Hovering (or clicking)
an edge shows its evidence sentences and documents.

Safety: labels are drawn on a canvas (never parsed as HTML); tooltips are
passed as plain text and turned into DOM text nodes by the page (never
``innerHTML``); every string put into HTML is escaped (jinja2 autoescape); the
JSON embedded in ``<script>`` goes through :func:`kg.render.page.script_json`
(``<``, ``>``, ``&``, ``'`` as ``\\u00XX``), so no actor name or sentence can
close the script or run code.

Graphs over ``LAYOUT_THRESHOLD`` actors get a precomputed layout with
physics off, so the page is usable at once, and their edge tooltips keep the
first two evidence sentences (up to 200 characters each) to keep the page
small (measured by ``bench/draw.py``: 5,000 actors in about 3 s and 7 MB).
"""

from __future__ import annotations

import difflib
import math
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.render.layout import fast_layout
from kg.render.page import render_page

LAYOUT_THRESHOLD = 500
COOPERATION = "#2e7d32"
CONFLICT = "#c62828"
AMBIVALENT = "#ef6c00"
CAMP_COLOURS = [
    "#1f77b4",
    "#9467bd",
    "#17becf",
    "#bcbd22",
    "#e377c2",
    "#8c564b",
    "#7f7f7f",
    "#aec7e8",
    "#c5b0d5",
    "#9edae5",
]
EMPTY_MESSAGE = "The graph has no assertions yet — run kg build."
MAX_TOOLTIP_EVIDENCE = 5
MAX_SENTENCE = 300


def resolve_actor(G, name: str) -> Any:
    """The node of ``G`` whose id or label is ``name`` (case-insensitive).

    Raises
    ------
    KgError
        Unknown actor; the message lists the closest names.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(); G.add_node("iran", label="Iran"); G.add_node("iraq", label="Iraq")
    >>> resolve_actor(G, "IRAN")
    'iran'
    >>> resolve_actor(G, "Irn")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: unknown actor 'Irn' for --focus; closest: Iran, Iraq
    """
    wanted = name.strip().casefold()
    names: dict[str, Any] = {}
    for node, data in G.nodes(data=True):
        names.setdefault(str(data.get("label") or node), node)
        names.setdefault(str(node), node)
    for node, data in G.nodes(data=True):  # organs merged into their state find the state
        for part in data.get("parts") or ():
            names.setdefault(str(part), node)
    for shown, node in names.items():
        if shown.casefold() == wanted:
            return node
    folded = {shown.casefold(): shown for shown in names}
    close = difflib.get_close_matches(wanted, list(folded), n=5, cutoff=0.5)
    labels = []
    for c in close:
        node = names[folded[c]]
        shown = str(G.nodes[node].get("label") or node)
        if shown not in labels:
            labels.append(shown)
    hint = f"closest: {', '.join(labels)}" if labels else f"the graph has {G.number_of_nodes()} actors, none close"
    raise KgError(f"unknown actor {name!r} for --focus; {hint}")


def _camp_name(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else f"#{i + 1}"


def _camp_colour(i: int) -> str:
    return CAMP_COLOURS[i] if i < len(CAMP_COLOURS) else "#cccccc"


def _short(text: str, limit: int = MAX_SENTENCE) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _edge_title(G, u, v, d: dict, max_evidence: int = MAX_TOOLTIP_EVIDENCE, limit: int = MAX_SENTENCE) -> str:
    lu, lv = G.nodes[u]["label"], G.nodes[v]["label"]
    kind = "ambivalent" if d.get("ambivalent") else ("cooperation" if d.get("sign", 1) > 0 else "conflict")
    lines = [f"{lu} – {lv}: {kind} ({d.get('cooperation', 0)} cooperation, {d.get('conflict', 0)} conflict)"]
    if d.get("directions"):
        lines.append(
            "; ".join(
                f"{G.nodes[x['from']]['label'] if x['from'] in G else x['from']} {x['predicate']} "
                f"{G.nodes[x['to']]['label'] if x['to'] in G else x['to']}"
                f"{' ×' + str(x['count']) if x['count'] > 1 else ''}"
                for x in d["directions"][:6]
            )
        )
    elif d.get("predicates"):
        lines.append(", ".join(d["predicates"]))
    evidence = d.get("evidence", [])
    for e in evidence[:max_evidence]:
        where = ", ".join(x for x in (e.get("title") or e.get("doc_id") or "", e.get("date") or "") if x)
        hedge = " (hedged)" if e.get("hedged") else ""
        lines.append(
            f"\n“{_short(e.get('sentence', ''), limit)}”\n   — {_short(where, 120)}; {e.get('predicate', '')}"
            f"{hedge}, confidence {float(e.get('confidence', 0)):.2f}"
        )
    if len(evidence) > max_evidence:
        lines.append(f"\n… and {len(evidence) - max_evidence} more")
    return "\n".join(lines)


def _select(G, *, focus: str | None, hops: int, min_evidence: int, since: str | None):
    """Apply the filters to an already built graph."""
    import networkx as nx

    from kg.analysis.signed import check_date

    since = check_date(since, "--since")
    if min_evidence > 1 or since:
        H = nx.Graph(**G.graph)
        for u, v, d in G.edges(data=True):
            if d.get("weight", 1) < min_evidence:
                continue
            if since and not any(x >= str(since)[:10] for x in d.get("dates", [])):
                continue
            H.add_node(u, **G.nodes[u])
            H.add_node(v, **G.nodes[v])
            H.add_edge(u, v, **d)
        G = H
    if focus:
        centre = resolve_actor(G, focus)
        G = nx.ego_graph(G, centre, radius=max(0, int(hops)))
    return G


def draw(
    graph_or_source: Any,
    path: str | Path,
    *,
    focus: str | None = None,
    hops: int = 1,
    min_evidence: int = 1,
    since: str | None = None,
    k: int = 2,
    merge_parts: bool = True,
    title: str = "Who backs and who fights whom",
) -> Path:
    """Write the signed actor graph to ``path`` as one self-contained HTML page; return the path.

    Parameters
    ----------
    graph_or_source : networkx.Graph or store
        A graph from :func:`kg.analysis.signed_graph`, or anything with
        ``.query(sparql)`` (then ``since`` / ``min_evidence`` apply while reading).
    path : str or Path
        The output file (its folder is created if missing; nothing else is written).
    focus : str, optional
        Only this actor (id or label) and its neighbours within ``hops``.
        An unknown name raises ``KgError`` listing the closest names.
    min_evidence : int
        Hide pairs backed by fewer assertions.
    since : str, optional
        Only assertions dated on or after this ISO date (with a graph: pairs with
        evidence dated on or after it).
    k : int
        Number of camps used to colour the nodes.
    merge_parts : bool
        Reading a store: draw governments, militaries and officials as their
        state (see :func:`kg.analysis.signed_graph`).

    Examples
    --------
    >>> import tempfile, os
    >>> from kg.analysis.examples import story_graph
    >>> out = draw(story_graph(), os.path.join(tempfile.mkdtemp(), "g.html"))
    >>> page = out.read_text()
    >>> "Camp B: ISIS" in page, "http://" in page.split("<script>")[0], "<script src" in page
    (True, False, False)
    """
    import networkx as nx

    from kg.analysis.balance import frustration
    from kg.analysis.signed import signed_graph
    from kg.analysis.structure import pagerank

    path = Path(path)
    if path.exists() and path.is_dir():
        raise KgError(f"cannot write the graph page to {path}: it is a folder")
    if isinstance(graph_or_source, nx.Graph):
        G = _select(graph_or_source, focus=focus, hops=hops, min_evidence=min_evidence, since=since)
    else:
        G = signed_graph(graph_or_source, since=since, min_evidence=min_evidence, merge_parts=merge_parts)
        G = _select(G, focus=focus, hops=hops, min_evidence=1, since=None)

    n = G.number_of_nodes()
    large = n > LAYOUT_THRESHOLD
    fr = frustration(G, k=k, restarts=1 if large else 20) if n else None
    partition = fr.partition if fr else {}
    camps = [[G.nodes[m]["label"] for m in camp] for camp in fr.camps()] if fr else []
    pr = pagerank(G) if n else {}
    top = max(pr.values(), default=1.0) or 1.0
    positions = fast_layout(G) if large else {}

    nodes, edges = [], []
    for node, data in G.nodes(data=True):
        camp = partition.get(node, 0)
        deg = G.degree(node)
        coop = sum(1 for m in G[node] if G[node][m].get("sign", 1) > 0)
        tip = (
            f"{data.get('label', node)} ({data.get('kind', 'Actor')})\nCamp {_camp_name(camp)}\n"
            f"{deg} related actors: {coop} cooperation, {deg - coop} conflict\nPageRank {pr.get(node, 0):.4f}"
            + (f"\nIncludes: {', '.join(data['parts'])}" if data.get("parts") else "")
        )
        entry = {
            "id": str(node),
            "label": str(data.get("label") or node),
            "title": tip,
            "shape": "dot",
            "size": round(8 + 32 * math.sqrt(pr.get(node, 0) / top), 2),
            "color": _camp_colour(camp),
        }
        if large:
            x, y = positions[node]
            entry.update(x=round(x, 1), y=round(y, 1))
        nodes.append(entry)
    for i, (u, v, d) in enumerate(G.edges(data=True)):
        colour = AMBIVALENT if d.get("ambivalent") else (COOPERATION if d.get("sign", 1) > 0 else CONFLICT)
        entry = {
            "id": f"e{i}",
            "from": str(u),
            "to": str(v),
            "title": _edge_title(G, u, v, d, *((2, 200) if large else (MAX_TOOLTIP_EVIDENCE, MAX_SENTENCE))),
            "color": colour,
            "width": round(2 + 2 * math.log2(max(1, d.get("weight", 1))), 2),
        }
        if d.get("ambivalent"):
            entry["dashes"] = True
        froms = {x["from"] for x in d.get("directions", [])}
        if len(froms) == 1 and not set(d.get("predicates", {})) - {x["predicate"] for x in d["directions"]}:
            src = froms.pop()
            entry.update({"from": str(src), "to": str(v if src == u else u), "arrows": "to"})
        edges.append(entry)

    options: dict[str, Any] = {
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "multiselect": True},
        "nodes": {"font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {"smooth": False if large else {"type": "continuous"}, "arrows": {"to": {"scaleFactor": 0.6}}},
    }
    if large:
        options["physics"] = {"enabled": False}
        options["layout"] = {"improvedLayout": False}
    else:
        options["physics"] = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
            "stabilization": {"enabled": True, "iterations": 300},
        }

    subtitle = (
        f"{n} actors, {G.number_of_edges()} related pairs"
        + (f" around {focus} ({hops} hop{'s' if hops != 1 else ''})" if focus else "")
        + (f", since {since}" if since else "")
        + (f", at least {min_evidence} assertions per pair" if min_evidence > 1 else "")
        + ". Green: cooperation, red: conflict, orange dashed: both."
    )
    legend_camps = [
        {"colour": _camp_colour(i), "name": _camp_name(i), "members": members[:8], "more": max(0, len(members) - 8)}
        for i, members in enumerate(camps)
    ]
    page = render_page(
        page_title=title,
        subtitle=subtitle,
        nodes=nodes,
        edges=edges,
        options_data=options,
        empty=n == 0,
        empty_message=EMPTY_MESSAGE,
        camps=legend_camps,
        n_nodes=n,
        n_edges=G.number_of_edges(),
        large=large,
        colours={"cooperation": COOPERATION, "conflict": CONFLICT, "ambivalent": AMBIVALENT},
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
    except OSError as err:
        raise KgError(f"cannot write the graph page to {path}: {err.strerror or err}") from err
    return path
