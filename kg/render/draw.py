"""Draw the signed actor graph as ONE self-contained, offline HTML page (vis-network).

The page (``templates/graph.html``, rendered by :mod:`kg.render.page`)
inlines vis-network's script and stylesheet (vendored in the package: no CDN,
no remote font, no other request) and is written only to the path given.
Cooperation edges are green, conflict red, ambivalent pairs orange and
dashed; edge width grows with the number of assertions; nodes are coloured by
the camps of the whole graph (:func:`kg.analysis.find_camps`, what
``kg analyze`` reports), actors the evidence puts in no camp drawn as apart or
undecided (:mod:`kg.render.panels`), and sized by PageRank. Positions are
computed here, seeded (:mod:`kg.render.layout`), with physics off: a reload
shows the same picture. Hovering (or clicking) an edge shows its evidence; the
side panel lists the camps and, read from a store, the contested relations and
the pairs whose relation turned, each with its evidence.

Safety: labels are drawn on a canvas (never parsed as HTML); tooltips are
passed as plain text and turned into DOM text nodes by the page (never
``innerHTML``); every string put into HTML is escaped (jinja2 autoescape); the
JSON embedded in ``<script>`` goes through :func:`kg.render.page.script_json`
(``<``, ``>``, ``&``, ``'`` as ``\\u00XX``), so no actor name or sentence can
close the script or run code.

Graphs over ``LAYOUT_THRESHOLD`` actors keep the first two evidence sentences
(up to 200 characters each) per edge tooltip, to keep the page small
(``bench/draw.py`` prints the time and size).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.names import closest
from kg.render import panels
from kg.render.layout import page_layout
from kg.render.page import render_page
from kg.wording import counted

LAYOUT_THRESHOLD = 500
COOPERATION = "#2e7d32"
CONFLICT = "#c62828"
AMBIVALENT = "#ef6c00"
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
    labels = []
    for c in closest(name, names):
        node = names[c]
        shown = str(G.nodes[node].get("label") or node)
        if shown not in labels:
            labels.append(shown)
    hint = f"closest: {', '.join(labels)}" if labels else f"the graph has {G.number_of_nodes()} actors, none close"
    raise KgError(f"unknown actor {name!r} for --focus; {hint}")


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


def _filtered(G, *, min_evidence: int, since: str | None, until: str | None = None):
    """An already built graph with the evidence filters applied (pairs with fewer assertions, or none in the dates)."""
    import networkx as nx

    from kg.analysis.signed import check_date

    since = check_date(since, "--since")
    until = check_date(until, "--until")
    if min_evidence <= 1 and not since and not until:
        return G
    H = nx.Graph(**G.graph)
    for u, v, d in G.edges(data=True):
        if d.get("weight", 1) < min_evidence:
            continue
        if since and not any(x >= str(since)[:10] for x in d.get("dates", [])):
            continue
        if until and not any(x[: len(until)] <= until for x in d.get("dates", [])):
            continue
        H.add_node(u, **G.nodes[u])
        H.add_node(v, **G.nodes[v])
        H.add_edge(u, v, **d)
    return H


def _read(source: Any, *, min_evidence: int, since: str | None, until: str | None, merge_parts: bool):
    """The signed graph of a store, its contested and changing relations (as ``kg analyze`` computes them),
    and why it is empty when it is."""
    from kg.analysis.contested import contested, turns
    from kg.analysis.signed import empty_reason, filter_rows, graph_from_rows, load

    data = load(source)
    rows = list(filter_rows(data.rows, since, until))
    G = graph_from_rows(rows, data.actors, min_evidence=min_evidence, negated=data.negated, merge_parts=merge_parts)
    why = None
    if G.number_of_edges() == 0 and (data.rows or data.negated):  # an empty store keeps EMPTY_MESSAGE
        why = empty_reason(data.rows, data.negated, since=since, until=until, min_evidence=min_evidence)
    return (
        G,
        contested(rows, data.actors, merge_parts=merge_parts, max_evidence=3),
        turns(rows, data.actors, "year", merge_parts=merge_parts),
        why,
    )


def _check_endpoint(endpoint: str | None) -> str | None:
    if endpoint is None:
        return None
    if not (endpoint.startswith("/") and not endpoint.startswith("//")) and not endpoint.startswith(
        ("http://", "https://")
    ):
        raise ValueError(f"the endpoint link must be a path or an http(s) URL, not {endpoint!r}")
    return endpoint


def draw(
    graph_or_source: Any,
    path: str | Path,
    *,
    focus: str | None = None,
    hops: int = 1,
    min_evidence: int = 1,
    since: str | None = None,
    until: str | None = None,
    merge_parts: bool = True,
    penalty: float | None = None,
    title: str = "Who backs and who fights whom",
    endpoint: str | None = None,
) -> Path:
    """Write the signed actor graph to ``path`` as one self-contained HTML page; return the path.

    Camps are those of :func:`kg.analysis.find_camps` on the whole (filtered)
    graph, the ones ``kg analyze`` reports with the same filters; ``focus``
    only chooses what is shown, so every actor keeps its camp colour in every
    view. Positions are computed here (:func:`kg.render.layout.page_layout`,
    seeded), so the same data always draws the same picture.

    Parameters
    ----------
    graph_or_source : networkx.Graph or store
        A graph from :func:`kg.analysis.signed_graph`, or anything with
        ``.query(sparql)``; with a store the page also lists the contested and
        changing relations (:mod:`kg.analysis.contested`).
    path : str or Path
        The output file (its folder is created if missing; nothing else is written).
    focus : str, optional
        Show only this actor (id or label) and its neighbours within ``hops``.
        An unknown name raises ``KgError`` listing the closest names.
    min_evidence : int
        Leave out pairs backed by fewer assertions.
    since : str, optional
        Only assertions dated on or after this ISO date (with a graph: pairs with
        evidence dated on or after it).
    until : str, optional
        Only assertions dated on or before this ISO date (``2014`` takes all of 2014).
    merge_parts : bool
        Reading a store: draw governments, militaries and officials as their
        state (the roll-up rule, :mod:`kg.analysis.rollup`).
    penalty : float, optional
        Cost per camp (:func:`kg.analysis.find_camps`; its default if None).
    endpoint : str, optional
        A link to a SPARQL endpoint shown in the header (``kg serve``); a page
        written by ``kg draw`` has none.

    Examples
    --------
    >>> import tempfile, os
    >>> from kg.analysis.examples import story_graph
    >>> out = draw(story_graph(), os.path.join(tempfile.mkdtemp(), "g.html"))
    >>> page = out.read_text()
    >>> "Camp 1A (Iran)" in page, "ISIS" in page.split("Stand apart")[1][:200], "<script src" in page
    (True, True, False)
    """
    import networkx as nx

    from kg.analysis.camps import DEFAULT_PENALTY, find_camps
    from kg.analysis.structure import pagerank

    path = Path(path)
    if path.is_dir():
        raise KgError(f"cannot write the graph page to {path}: it is a folder")
    endpoint = _check_endpoint(endpoint)
    penalty = DEFAULT_PENALTY if penalty is None else penalty
    contested_items: list | None = None
    turn_items: list | None = None
    why_empty = None
    if isinstance(graph_or_source, nx.Graph):
        G = _filtered(graph_or_source, min_evidence=min_evidence, since=since, until=until)
    else:
        G, contested_items, turn_items, why_empty = _read(
            graph_or_source, min_evidence=min_evidence, since=since, until=until, merge_parts=merge_parts
        )

    # camps, sizes and colours belong to the whole graph; the view only chooses what is shown
    cp = find_camps(G, penalty=penalty) if G.number_of_nodes() else None
    colours = panels.camp_colours(c.id for c in cp.camps) if cp else {}
    pr = pagerank(G) if G.number_of_nodes() else {}
    top = max(pr.values(), default=1.0) or 1.0
    V = nx.ego_graph(G, resolve_actor(G, focus), radius=max(0, int(hops))) if focus else G
    n = V.number_of_nodes()
    large = n > LAYOUT_THRESHOLD
    positions = page_layout(V)

    nodes = []
    for node, data in sorted(V.nodes(data=True), key=lambda x: str(x[0])):
        deg = G.degree(node)
        coop = sum(1 for m in G[node] if G[node][m].get("sign", 1) > 0)
        tip = (
            f"{data.get('label', node)} ({data.get('kind', 'Actor')})\n{panels.node_camp_text(G, cp, node)}\n"
            f"{deg} related actors: {coop} cooperation, {deg - coop} conflict\nPageRank {pr.get(node, 0):.4f}"
            + (f"\nIncludes: {', '.join(data['parts'])}" if data.get("parts") else "")
        )
        x, y = positions[node]
        nodes.append(
            {
                "id": str(node),
                "label": str(data.get("label") or node),
                "title": tip,
                "shape": "dot",
                "size": round(8 + 32 * math.sqrt(pr.get(node, 0) / top), 2),
                "x": round(x),
                "y": round(y),
                **panels.node_style(cp, colours, node),
            }
        )
    edges = []
    for i, (u, v, d) in enumerate(sorted(V.edges(data=True), key=lambda e: tuple(sorted((str(e[0]), str(e[1])))))):
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
        # positions come from page_layout: nothing moves, on load or on reload
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
    }
    shown = set(V)
    subtitle = (
        (
            f"{n} of {G.number_of_nodes()} actors, around {focus} ({counted(hops, 'hop')})"
            if focus
            else f"{n} actors, {V.number_of_edges()} related pairs"
        )
        + (f", since {since}" if since else "")
        + (f", until {until}" if until else "")
        + (f", at least {min_evidence} assertions per pair" if min_evidence > 1 else "")
        + ". Green: cooperation, red: conflict, orange dashed: both."
        + (" Colours are the camps of the whole graph." if focus else "")
    )
    page = render_page(
        page_title=title,
        subtitle=subtitle,
        nodes=nodes,
        edges=edges,
        options_data=options,
        empty=n == 0,
        empty_message=f"Nothing to draw: {why_empty}." if why_empty else EMPTY_MESSAGE,
        legend=panels.camp_legend(G, cp, colours, shown),
        apart_style=panels.APART,
        undecided_style=panels.UNDECIDED,
        penalty=penalty,
        focused=bool(focus),
        contested=None if contested_items is None else panels.contested_view(contested_items, shown),
        turns=None if turn_items is None else panels.turns_view(turn_items, shown),
        n_nodes=n,
        n_edges=V.number_of_edges(),
        large=large,
        endpoint=endpoint,
        colours={"cooperation": COOPERATION, "conflict": CONFLICT, "ambivalent": AMBIVALENT},
    )
    from kg.files import write_file

    return write_file(path, page, what="the graph page")
