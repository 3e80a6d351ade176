"""Positions for large graphs, computed before the page opens (physics off there)."""

from __future__ import annotations

import math


def fast_layout(G, iterations: int = 50, sample: int = 40, seed: int = 0) -> dict:
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
