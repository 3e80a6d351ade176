"""Draw the signed actor graph as ONE self-contained, offline HTML page (pyvis / vis-network).

The page inlines vis-network's script and stylesheet from the pyvis package
(no CDN, no remote font, no other request) and is written only to the path
given. Cooperation edges are green, conflict red, ambivalent pairs orange and
dashed; edge width grows with the number of assertions; nodes are coloured by
camp (the frustration partition) and sized by PageRank. Hovering (or clicking)
an edge shows its evidence sentences and documents.

Safety: labels are drawn on a canvas (never parsed as HTML); tooltips are
passed as plain text and turned into DOM text nodes by the page (never
``innerHTML``); every string put into HTML is escaped; the JSON embedded in
``<script>`` is Jinja's ``tojson`` (``<``, ``>``, ``&``, ``'`` as ``\\u00XX``),
so no actor name or sentence can close the script or run code.

Graphs over ``LAYOUT_THRESHOLD`` actors get a precomputed layout with
physics off, so the page is usable at once, and their edge tooltips keep the
first two evidence sentences (up to 200 characters each) to keep the page
small (measured by ``bench/draw.py``: 5,000 actors in about 3 s and 7 MB).
"""

from __future__ import annotations

import difflib
import html
import math
import re
from pathlib import Path
from typing import Any

from kg.errors import KgError

LAYOUT_THRESHOLD = 500
COOPERATION = "#2e7d32"
CONFLICT = "#c62828"
AMBIVALENT = "#ef6c00"
CAMP_COLOURS = ["#1f77b4", "#9467bd", "#17becf", "#bcbd22", "#e377c2",
                "#8c564b", "#7f7f7f", "#aec7e8", "#c5b0d5", "#9edae5"]
EMPTY_MESSAGE = "The graph has no assertions yet — run kg build."
MAX_TOOLTIP_EVIDENCE = 5
MAX_SENTENCE = 300

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>{{ page_title }}</title>
<style>{{ vis_css }}</style>
<style>
  html, body { margin: 0; height: 100%; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  #kg-header { padding: 6px 12px; border-bottom: 1px solid #ddd; }
  #kg-header h1 { font-size: 18px; margin: 0 0 2px 0; }
  #kg-header p { margin: 0; color: #555; font-size: 13px; }
  #kg-main { display: flex; height: calc(100% - 58px); }
  #mynetwork { flex: 1; height: 100%; position: relative; }
  #kg-side { width: 320px; overflow: auto; border-left: 1px solid #ddd; padding: 8px 12px; font-size: 13px; }
  #kg-legend ul { list-style: none; padding: 0; margin: 4px 0 10px 0; }
  #kg-legend li { margin: 3px 0; }
  .kg-swatch { display: inline-block; width: 26px; height: 0; border-top: 4px solid; vertical-align: middle; margin-right: 6px; }
  .kg-dot { display: inline-block; width: 12px; height: 12px; border-radius: 6px; vertical-align: middle; margin-right: 6px; }
  .kg-tip, #kg-details { white-space: pre-wrap; max-width: 480px; font-size: 12px; }
  #kg-empty { padding: 24px 12px; font-size: 18px; color: #444; }
</style>
</head>
<body>
<div id="kg-header"><h1>{{ page_title }}</h1><p>{{ subtitle }}</p></div>
{% if empty %}<div id="kg-empty">{{ empty_message }}</div>{% endif %}
<div id="kg-main">
<div id="mynetwork"></div>
<div id="kg-side">
<div id="kg-legend">{{ legend_html }}</div>
<h3>Details</h3>
<div id="kg-details">Hover over or click an actor or a relation.</div>
</div>
</div>
<script>{{ vis_js }}</script>
<script>
"use strict";
(function () {
  var nodeData = {{ nodes|script_json }};
  var edgeData = {{ edges|script_json }};
  var options = {{ options_data|script_json }};
  var texts = {};
  function textElement(text) {
    var div = document.createElement("div");
    div.className = "kg-tip";
    div.textContent = text;  // plain text: never parsed as HTML
    return div;
  }
  nodeData.forEach(function (n) { texts["n:" + n.id] = n.title; n.title = textElement(n.title || ""); });
  edgeData.forEach(function (e) { texts["e:" + e.id] = e.title; e.title = textElement(e.title || ""); });
  var nodes = new vis.DataSet(nodeData);
  var edges = new vis.DataSet(edgeData);
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  function showDetails(kind, id) {
    var text = texts[(kind === "node" ? "n:" : "e:") + id];
    document.getElementById("kg-details").textContent = text === undefined ? "" : text;
  }
  network.on("click", function (p) {
    if (p.nodes.length) { showDetails("node", p.nodes[0]); }
    else if (p.edges.length) { showDetails("edge", p.edges[0]); }
  });
  network.on("hoverEdge", function (p) { showDetails("edge", p.edge); });
  network.on("hoverNode", function (p) { showDetails("node", p.node); });
  window.kgStabilized = !(options.physics && options.physics.enabled) || nodeData.length === 0;
  network.once("stabilizationIterationsDone", function () { window.kgStabilized = true; });
  window.kgNetwork = network;
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.kgShowDetails = showDetails;
})();
</script>
</body>
</html>
"""

_SCRIPT_CLOSE = re.compile(r"</(script)", re.IGNORECASE)
_JSON_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027",
                "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE_RE = re.compile("[<>&'\u2028\u2029]")


def script_json(value: Any):
    """JSON safe to embed in an HTML ``<script>``: ``<``, ``>``, ``&``, ``'`` (and U+2028/9) as ``\\uXXXX``.

    Unlike Jinja's ``tojson`` it keeps other non-ASCII characters as they are
    (a third of the size for quotes and dashes).

    >>> str(script_json({"t": "</script><img src=x>", "q": "“x”"}))
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x\\\\u003e", "q": "“x”"}'
    """
    import json

    from markupsafe import Markup

    text = json.dumps(value, ensure_ascii=False, separators=(",", ":") if isinstance(value, list) else None)
    return Markup(_JSON_UNSAFE_RE.sub(lambda m: _JSON_UNSAFE[m.group(0)], text))


def _vis_assets() -> tuple[str, str]:
    """vis-network's minified script and stylesheet, read from the installed pyvis package."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    try:
        js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
        css = (lib / "vis-network.css").read_text(encoding="utf-8")
    except OSError as err:
        raise KgError(f"cannot read vis-network from the pyvis package at {lib}: {err}") from err
    # neither may close its element early; no source-map comment (devtools would try to fetch it)
    js = re.sub(r"//# sourceMappingURL=\S*", "", js)
    css = re.sub(r"/\*# sourceMappingURL=\S*\s*\*/", "", css)
    return _SCRIPT_CLOSE.sub(r"<\\/\1", js).replace("<!--", "<\\!--"), css.replace("</style", "<\\/style")


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


def _fast_layout(G, iterations: int = 50, sample: int = 40, seed: int = 0) -> dict:
    """Force-directed positions for large graphs (numpy, float32).

    Fruchterman–Reingold with the repulsion estimated from a fresh random
    sample of ``sample`` nodes per iteration (O(n·sample) instead of O(n²)),
    exact spring attraction along edges, a weak gravity and a cooling step.
    """
    import numpy as np

    nodes = list(G)
    n = len(nodes)
    if n <= 1:
        return {node: (0.0, 0.0) for node in nodes}
    rng = np.random.default_rng(seed)
    pos = (rng.uniform(-1, 1, size=(n, 2)) * math.sqrt(n)).astype(np.float32)
    index = {node: i for i, node in enumerate(nodes)}
    ei = np.array([(index[u], index[v]) for u, v in G.edges()], dtype=np.int64).reshape(-1, 2)
    temp = math.sqrt(n) / 2
    m = min(sample, n)
    scale = np.float32(n / m)
    for _ in range(iterations):
        idx = rng.choice(n, size=m, replace=False)
        delta = pos[:, None, :] - pos[None, idx, :]  # n x m x 2
        inv = 1.0 / (np.einsum("ijk,ijk->ij", delta, delta) + np.float32(1e-2))
        disp = np.einsum("ijk,ij->ik", delta, inv) * scale
        if len(ei):
            d = pos[ei[:, 0]] - pos[ei[:, 1]]
            f = d * np.sqrt((d * d).sum(axis=1))[:, None]
            disp[:, 0] -= np.bincount(ei[:, 0], weights=f[:, 0], minlength=n) - np.bincount(ei[:, 1], weights=f[:, 0], minlength=n)
            disp[:, 1] -= np.bincount(ei[:, 0], weights=f[:, 1], minlength=n) - np.bincount(ei[:, 1], weights=f[:, 1], minlength=n)
        disp -= pos * np.float32(0.05)  # gravity keeps components together
        length = np.sqrt((disp * disp).sum(axis=1)) + np.float32(1e-9)
        pos += disp / length[:, None] * np.minimum(length, temp)[:, None]
        temp *= 0.92
    pos -= pos.mean(axis=0)
    span = float(np.abs(pos).max()) or 1.0
    pos *= np.float32((40.0 * math.sqrt(n)) / span)
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for node, i in index.items()}


def _camp_name(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else f"#{i + 1}"


def _short(text: str, limit: int = MAX_SENTENCE) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _edge_title(G, u, v, d: dict, max_evidence: int = MAX_TOOLTIP_EVIDENCE, limit: int = MAX_SENTENCE) -> str:
    lu, lv = G.nodes[u]["label"], G.nodes[v]["label"]
    kind = "ambivalent" if d.get("ambivalent") else ("cooperation" if d.get("sign", 1) > 0 else "conflict")
    lines = [f"{lu} – {lv}: {kind} ({d.get('cooperation', 0)} cooperation, {d.get('conflict', 0)} conflict)"]
    if d.get("directions"):
        lines.append("; ".join(f"{G.nodes[x['from']]['label'] if x['from'] in G else x['from']} {x['predicate']} "
                               f"{G.nodes[x['to']]['label'] if x['to'] in G else x['to']}"
                               f"{' ×' + str(x['count']) if x['count'] > 1 else ''}" for x in d["directions"][:6]))
    elif d.get("predicates"):
        lines.append(", ".join(d["predicates"]))
    evidence = d.get("evidence", [])
    for e in evidence[:max_evidence]:
        where = ", ".join(x for x in (e.get("title") or e.get("doc_id") or "", e.get("date") or "") if x)
        hedge = " (hedged)" if e.get("hedged") else ""
        lines.append(f"\n“{_short(e.get('sentence', ''), limit)}”\n   — {_short(where, 120)}; {e.get('predicate', '')}"
                     f"{hedge}, confidence {float(e.get('confidence', 0)):.2f}")
    if len(evidence) > max_evidence:
        lines.append(f"\n… and {len(evidence) - max_evidence} more")
    return "\n".join(lines)


def _legend(camps: list[list[str]], n_nodes: int, n_edges: int, large: bool) -> str:
    esc = html.escape
    parts = ["<h3>Legend</h3><ul>",
             f'<li><span class="kg-swatch" style="border-color:{COOPERATION}"></span>cooperation</li>',
             f'<li><span class="kg-swatch" style="border-color:{CONFLICT}"></span>conflict</li>',
             f'<li><span class="kg-swatch" style="border-color:{AMBIVALENT};border-top-style:dashed"></span>'
             "ambivalent (both; dashed)</li>",
             "<li>line width: number of assertions; arrow: a directed relation (supports, attacks …)</li>",
             "<li>node size: PageRank</li></ul>"]
    if camps:
        parts.append("<b>Camps</b> (node colour)<ul>")
        for i, members in enumerate(camps):
            colour = CAMP_COLOURS[i] if i < len(CAMP_COLOURS) else "#cccccc"
            shown = ", ".join(esc(m) for m in members[:8]) + (f" … (+{len(members) - 8})" if len(members) > 8 else "")
            parts.append(f'<li><span class="kg-dot" style="background:{colour}"></span>'
                         f"Camp {esc(_camp_name(i))}: {shown}</li>")
        parts.append("</ul>")
    parts.append(f"<p>{n_nodes} actors, {n_edges} pairs"
                 f"{' — layout precomputed, physics off' if large else ''}.</p>")
    return "".join(parts)


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


def draw(graph_or_source: Any, path: str | Path, *, focus: str | None = None, hops: int = 1,
         min_evidence: int = 1, since: str | None = None, k: int = 2, merge_parts: bool = True,
         title: str = "Who backs and who fights whom") -> Path:
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
    from pyvis.network import Network

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
    positions = _fast_layout(G) if large else {}

    net = Network(height="100%", width="100%", directed=False, cdn_resources="in_line")
    # fill pyvis's node/edge lists directly: its add_edge checks duplicates in O(E) per edge
    for node, data in G.nodes(data=True):
        camp = partition.get(node, 0)
        deg = G.degree(node)
        coop = sum(1 for m in G[node] if G[node][m].get("sign", 1) > 0)
        tip = (f"{data.get('label', node)} ({data.get('kind', 'Actor')})\nCamp {_camp_name(camp)}\n"
               f"{deg} related actors: {coop} cooperation, {deg - coop} conflict\nPageRank {pr.get(node, 0):.4f}"
               + (f"\nIncludes: {', '.join(data['parts'])}" if data.get("parts") else ""))
        entry = {"id": str(node), "label": str(data.get("label") or node), "title": tip, "shape": "dot",
                 "size": round(8 + 32 * math.sqrt(pr.get(node, 0) / top), 2),
                 "color": CAMP_COLOURS[camp] if camp < len(CAMP_COLOURS) else "#cccccc"}
        if large:
            x, y = positions[node]
            entry.update(x=round(x, 1), y=round(y, 1))
        net.nodes.append(entry)
        net.node_ids.append(str(node))
        net.node_map[str(node)] = entry
    for i, (u, v, d) in enumerate(G.edges(data=True)):
        colour = AMBIVALENT if d.get("ambivalent") else (COOPERATION if d.get("sign", 1) > 0 else CONFLICT)
        entry = {"id": f"e{i}", "from": str(u), "to": str(v), "title": _edge_title(G, u, v, d, *((2, 200) if large else (MAX_TOOLTIP_EVIDENCE, MAX_SENTENCE))),
                 "color": colour, "width": round(2 + 2 * math.log2(max(1, d.get("weight", 1))), 2)}
        if d.get("ambivalent"):
            entry["dashes"] = True
        froms = {x["from"] for x in d.get("directions", [])}
        if len(froms) == 1 and not set(d.get("predicates", {})) - {x["predicate"] for x in d["directions"]}:
            src = froms.pop()
            entry.update({"from": str(src), "to": str(v if src == u else u), "arrows": "to"})
        net.edges.append(entry)

    options: dict[str, Any] = {
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "multiselect": True},
        "nodes": {"font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {"smooth": False if large else {"type": "continuous"}, "arrows": {"to": {"scaleFactor": 0.6}}},
    }
    if large:
        options["physics"] = {"enabled": False}
        options["layout"] = {"improvedLayout": False}
    else:
        options["physics"] = {"enabled": True, "solver": "forceAtlas2Based",
                              "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
                              "stabilization": {"enabled": True, "iterations": 300}}
    net.options = options

    vis_js, vis_css = _vis_assets()
    from jinja2 import DictLoader, Environment
    from markupsafe import Markup

    subtitle = (f"{n} actors, {G.number_of_edges()} related pairs"
                + (f" around {focus} ({hops} hop{'s' if hops != 1 else ''})" if focus else "")
                + (f", since {since}" if since else "")
                + (f", at least {min_evidence} assertions per pair" if min_evidence > 1 else "")
                + ". Green: cooperation, red: conflict, orange dashed: both.")
    # pyvis renders our template (not its own, which links bootstrap from a CDN):
    # autoescape on, so every plain string below is HTML-escaped; JSON goes through tojson.
    env = Environment(loader=DictLoader({"kg_graph.html": TEMPLATE}), autoescape=True)
    env.filters["script_json"] = script_json
    env.globals.update(
        page_title=title, subtitle=subtitle, vis_js=Markup(vis_js), vis_css=Markup(vis_css),
        options_data=options, empty=n == 0, empty_message=EMPTY_MESSAGE,
        legend_html=Markup(_legend(camps, n, G.number_of_edges(), large)),
    )
    net.templateEnv = env
    net.path = "kg_graph.html"
    page = net.generate_html()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
    except OSError as err:
        raise KgError(f"cannot write the graph page to {path}: {err.strerror or err}") from err
    return path
