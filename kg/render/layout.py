"""Node positions, computed before the page opens, so a reload shows the same picture (physics off).

:func:`page_layout` lays out each connected component on its own and packs
the components in rows, largest first, so an isolated group sits apart from
the others. A component is laid out by size: up to ``KAMADA_KAWAI_LIMIT``
actors Kamada-Kawai on path lengths where conflict counts as the longer
distance (no randomness); up to ``SPRING_LIMIT`` networkx's seeded
Fruchterman-Reingold, cooperation pulling harder than conflict, so camps sit
together; above that :func:`fast_layout` (sampled repulsion, numpy, seeded).
The same graph always gives the same positions, whatever order it was built in.
"""

from __future__ import annotations

import math
from collections.abc import Hashable

#: Component sizes up to which Kamada-Kawai (O(n²), slow past ~60) and networkx's spring layout
#: (dense, O(n²) per iteration) are used; larger components get fast_layout.
KAMADA_KAWAI_LIMIT = 60
SPRING_LIMIT = 250
#: How hard a relation pulls its two actors together, by kind.
PULL = {"cooperation": 1.0, "ambivalent": 0.5, "conflict": 0.2}
#: Pixels between packed components, and from an actor to its nearest neighbour (the median).
GAP = 90.0
SPACING = 95.0


def _pull(data: dict) -> float:
    if data.get("ambivalent"):
        return PULL["ambivalent"]
    return PULL["cooperation"] if data.get("sign", 1) > 0 else PULL["conflict"]


def _component_layout(G, nodes: list, seed: int) -> dict:
    """Positions of one connected component, scaled so that actors sit about SPACING pixels apart.

    Small components: Kamada-Kawai (even spacing, no randomness) on path
    lengths where conflict counts as the longer distance; middle-sized: seeded
    Fruchterman-Reingold where cooperation pulls harder; large: :func:`fast_layout`.
    """
    import networkx as nx
    import numpy as np
    from scipy.spatial import cKDTree

    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    H = nx.Graph()
    H.add_nodes_from(nodes)  # a fixed order: the start positions follow it
    H.add_edges_from(
        sorted(
            (
                (u, v, {"pull": _pull(d), "distance": 1.0 / _pull(d) ** 0.5})
                for u, v, d in G.subgraph(nodes).edges(data=True)
            ),
            key=_edge_key,
        )
    )
    if n == 2:
        pos = {nodes[0]: (-0.5, 0.0), nodes[1]: (0.5, 0.0)}
    elif n <= KAMADA_KAWAI_LIMIT:
        pos = nx.kamada_kawai_layout(H, weight="distance")
    elif n <= SPRING_LIMIT:
        pos = nx.spring_layout(H, weight="pull", seed=seed, iterations=100)
    else:
        pos = fast_layout(H, seed=seed)
    # scale so that an actor's nearest neighbour is typically SPACING pixels away (labels stay apart)
    xy = _lying(np.array([pos[v] for v in nodes], dtype=float))
    nearest, _ = cKDTree(xy).query(xy, k=2)
    scale = SPACING / (float(np.median(nearest[:, 1])) or 1.0)
    return {node: (float(x) * scale, float(y) * scale) for node, (x, y) in zip(nodes, xy)}


def _lying(xy):
    """``xy`` turned so that its longest extent runs left to right (its principal axis on x).

    Screens, and the drawing area beside the page's side panel, are wider than tall: a component
    standing upright would be fitted by its height and drawn small. The signs are fixed (the first
    node left of and above the centre), so the same layout always turns the same way.

    >>> import numpy as np
    >>> upright = np.array([[0.0, 0.0], [0.0, 1.0], [0.0, 2.0], [0.1, 1.0]])
    >>> np.ptp(upright, axis=0).tolist(), np.ptp(_lying(upright), axis=0).round(2).tolist()
    ([0.1, 2.0], [2.0, 0.1])
    """
    import numpy as np

    centred = xy - xy.mean(axis=0)
    _, vectors = np.linalg.eigh(centred.T @ centred)  # eigenvalues ascending: the last vector is the long axis
    turned = centred @ vectors[:, ::-1]
    signs = np.where(turned[0] > 0, -1.0, 1.0)
    return turned * signs


def _edge_key(edge) -> tuple[str, str]:
    u, v = sorted((str(edge[0]), str(edge[1])))
    return u, v


def _pack(boxes: list[tuple[list, dict]]) -> dict:
    """Place component layouts in rows (largest first), left to right, centred on the origin."""
    sized = []
    for nodes, pos in boxes:
        xs = [pos[n][0] for n in nodes]
        ys = [pos[n][1] for n in nodes]
        sized.append((nodes, pos, min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    area = sum((w + GAP) * (h + GAP) for *_, w, h in sized)
    row_width = max(max((w for *_, w, _ in sized), default=0.0), 1.4 * math.sqrt(area))
    out: dict = {}
    x = y = row_height = 0.0
    for nodes, pos, x0, y0, w, h in sized:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + GAP, 0.0
        for n in nodes:
            out[n] = (pos[n][0] - x0 + x, pos[n][1] - y0 + y)
        x += w + GAP
        row_height = max(row_height, h)
    if out:
        cx = (min(p[0] for p in out.values()) + max(p[0] for p in out.values())) / 2
        cy = (min(p[1] for p in out.values()) + max(p[1] for p in out.values())) / 2
        out = {n: (round(px - cx, 1), round(py - cy, 1)) for n, (px, py) in out.items()}
    return out


def page_layout(G, seed: int = 0) -> dict[Hashable, tuple[float, float]]:
    """Positions (pixels) for every node of the signed graph ``G``; the same graph always gives the same ones.

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": -1}), ("x", "y", {"sign": 1})])
    >>> page_layout(G) == page_layout(G.copy()), sorted(page_layout(G))
    (True, ['a', 'b', 'c', 'x', 'y'])
    """
    import networkx as nx

    comps = sorted(
        (sorted(c, key=str) for c in nx.connected_components(G)), key=lambda c: (-len(c), [str(n) for n in c])
    )
    return _pack([(nodes, _component_layout(G, nodes, seed)) for nodes in comps])


def fast_layout(G, iterations: int = 50, sample: int = 40, seed: int = 0) -> dict:
    """Force-directed positions for large graphs (numpy, float32).

    Fruchterman–Reingold with the repulsion estimated from a fresh random
    sample of ``sample`` nodes per iteration (O(n·sample) instead of O(n²)),
    exact spring attraction along edges, a weak gravity and a cooling step.
    """
    import numpy as np

    nodes = sorted(G, key=str)  # positions depend on the order: make it the graph's, not its history's
    n = len(nodes)
    if n <= 1:
        return {node: (0.0, 0.0) for node in nodes}
    rng = np.random.default_rng(seed)
    pos = (rng.uniform(-1, 1, size=(n, 2)) * math.sqrt(n)).astype(np.float32)
    index = {node: i for i, node in enumerate(nodes)}
    ei = np.array(sorted((index[u], index[v]) for u, v in G.edges()), dtype=np.int64).reshape(-1, 2)
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
            disp[:, 0] -= np.bincount(ei[:, 0], weights=f[:, 0], minlength=n) - np.bincount(
                ei[:, 1], weights=f[:, 0], minlength=n
            )
            disp[:, 1] -= np.bincount(ei[:, 0], weights=f[:, 1], minlength=n) - np.bincount(
                ei[:, 1], weights=f[:, 1], minlength=n
            )
        disp -= pos * np.float32(0.05)  # gravity keeps components together
        length = np.sqrt((disp * disp).sum(axis=1)) + np.float32(1e-9)
        pos += disp / length[:, None] * np.minimum(length, temp)[:, None]
        temp *= 0.92
    pos -= pos.mean(axis=0)
    span = float(np.abs(pos).max()) or 1.0
    pos *= np.float32((40.0 * math.sqrt(n)) / span)
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for node, i in index.items()}
