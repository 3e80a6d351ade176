"""The signed graph per time window, and what changed between windows."""

from __future__ import annotations

from itertools import permutations
from typing import Any

from kg.errors import KgError

FREQS = ("year", "quarter", "month", "day")


def window_of(date: str, freq: str) -> str:
    """The window an ISO date falls in.

    Examples
    --------
    >>> window_of("2014-08-20", "year"), window_of("2014-08-20", "quarter"), window_of("2014-08-20", "month")
    ('2014', '2014-Q3', '2014-08')
    """
    if freq == "year":
        return date[:4]
    if freq == "quarter":
        return f"{date[:4]}-Q{(int(date[5:7]) - 1) // 3 + 1}" if len(date) >= 7 else date[:4]
    if freq == "month":
        return date[:7]
    if freq == "day":
        return date[:10]
    raise KgError(f"unknown time window {freq!r}: use one of {', '.join(FREQS)}")


def _align(prev: dict, cur: dict, k: int) -> dict:
    """Renumber ``cur``'s camps to agree with ``prev`` on as many shared actors as possible."""
    shared = [n for n in cur if n in prev]
    camps = sorted(set(cur.values()))
    if not shared or len(camps) > 6:
        return cur
    labels = list(range(max(k, len(camps))))
    best, best_map = -1, None
    for perm in permutations(labels, len(camps)):
        mapping = dict(zip(camps, perm))
        score = sum(mapping[cur[n]] == prev[n] for n in shared)
        if score > best:
            best, best_map = score, mapping
    return {n: best_map[c] for n, c in cur.items()}


def timeline(source: Any, freq: str = "year", *, k: int = 2, min_evidence: int = 1,
             merge_parts: bool = True) -> dict[str, Any]:
    """Balance, camps and ambivalent pairs per time window of the documents' dates, with changes.

    Parameters
    ----------
    source : object with ``.query(sparql)`` or :class:`kg.analysis.signed.Data`
    freq : {"year", "quarter", "month", "day"}
    k : int
        Camps for the partition of each window.

    Returns
    -------
    dict
        ``windows``: list of ``{"window", "actors", "edges", "assertions",
        "frustration", "camps" (lists of labels), "ambivalent"}``, and for every
        window after the first ``"changes"``: ``new_edges``, ``sign_flips``
        (``{"a", "b", "from", "to"}``), ``camp_changes`` (actors present in both
        windows whose camp differs, camps renumbered to agree as far as
        possible); ``undated``: assertions without a date (left out).

    Examples
    --------
    >>> from kg.analysis.examples import story_graph
    >>> t = timeline(story_graph())
    >>> [w["window"] for w in t["windows"]]
    ['2014', '2015']
    >>> t["windows"][1]["changes"]["sign_flips"]
    [{'a': 'Iran', 'b': 'United States', 'from': '+', 'to': '-'}]
    """
    from kg.analysis.balance import frustration
    from kg.analysis.signed import graph_from_rows, load

    window_of("2000-01-01", freq)  # validate freq
    data = load(source)
    kept = [r for r in data.rows if not r.negated]
    by_window: dict[str, list] = {}
    undated = 0
    for r in kept:
        if not r.date:
            undated += 1
            continue
        by_window.setdefault(window_of(r.date, freq), []).append(r)
    windows = []
    prev_G = prev_part = None
    for name in sorted(by_window):
        G = graph_from_rows(by_window[name], data.actors, min_evidence=min_evidence, merge_parts=merge_parts)
        fr = frustration(G, k=k)
        part = _align(prev_part, dict(fr.partition), k) if prev_part else dict(fr.partition)
        camps: dict[int, list[str]] = {}
        for n, c in part.items():
            camps.setdefault(c, []).append(G.nodes[n]["label"])
        entry = {"window": name, "actors": G.number_of_nodes(), "edges": G.number_of_edges(),
                 "assertions": len(by_window[name]), "frustration": fr.index, "exact": fr.exact,
                 "camps": [sorted(camps[c]) for c in sorted(camps)],
                 "ambivalent": sorted(f"{G.nodes[u]['label']} – {G.nodes[v]['label']}"
                                      for u, v, d in G.edges(data=True) if d["ambivalent"])}
        if prev_G is not None:
            lab = lambda n: G.nodes[n]["label"]  # noqa: E731
            new_edges, flips = [], []
            for u, v, d in G.edges(data=True):
                a, b = sorted((lab(u), lab(v)))
                if not prev_G.has_edge(u, v):
                    new_edges.append({"a": a, "b": b, "sign": "+" if d["sign"] > 0 else "-"})
                elif prev_G[u][v]["sign"] != d["sign"]:
                    flips.append({"a": a, "b": b, "from": "+" if prev_G[u][v]["sign"] > 0 else "-",
                                  "to": "+" if d["sign"] > 0 else "-"})
            moved = [{"actor": lab(n), "from": prev_part[n], "to": part[n]}
                     for n in G if n in prev_part and prev_part[n] != part[n]]
            entry["changes"] = {"new_edges": sorted(new_edges, key=lambda e: (e["a"], e["b"])),
                                "sign_flips": sorted(flips, key=lambda e: (e["a"], e["b"])),
                                "camp_changes": sorted(moved, key=lambda e: e["actor"])}
        windows.append(entry)
        prev_G, prev_part = G, {**(prev_part or {}), **part}
    return {"freq": freq, "windows": windows, "undated": undated}
