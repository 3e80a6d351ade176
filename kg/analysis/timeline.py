"""The signed graph per time window, and what changed between windows."""

from __future__ import annotations

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


def timeline(source: Any, freq: str = "year", *, min_evidence: int = 1, merge_parts: bool = True,
             penalty: float | None = None) -> dict[str, Any]:
    """Camps, balance and ambivalent pairs per time window of the documents' dates, and what changed.

    Each window's signed graph gets its own camps (:func:`kg.analysis.find_camps`).
    An actor **changed camp** only when the evidence decides it in both
    windows: it was a decided member of the same camp as another actor in the
    last window where its place was decided, and now the evidence keeps it out
    of that actor's camp -- or the other way round. Camp numbers are never
    compared across windows (they are arbitrary), only who is with whom.

    Parameters
    ----------
    source : object with ``.query(sparql)`` or :class:`kg.analysis.signed.Data`
    freq : {"year", "quarter", "month", "day"}
    penalty : float, optional
        Penalty per camp (default :data:`kg.analysis.camps.DEFAULT_PENALTY`).

    Returns
    -------
    dict
        ``windows``: list of ``{"window", "actors", "edges", "assertions",
        "frustration" (weight against the camps), "camps" (lists of labels,
        decided members), "apart", "undecided", "ambivalent"}``, and for every
        window after the first ``"changes"``: ``new_edges``, ``sign_flips``
        (``{"a", "b", "from", "to"}``), ``camp_changes`` (``{"actor", "since",
        "left": [...], "joined": [...]}``: the actors it was with before and is
        kept apart from now, and the other way round); ``undated``: assertions
        without a date (left out).

    Examples
    --------
    >>> from kg.analysis.examples import story_graph
    >>> t = timeline(story_graph())
    >>> [w["window"] for w in t["windows"]]
    ['2014', '2015']
    >>> t["windows"][1]["changes"]["sign_flips"]
    [{'a': 'Iran', 'b': 'United States', 'from': '+', 'to': '-'}]
    >>> t["windows"][1]["changes"]["camp_changes"]
    [{'actor': 'Iran', 'since': '2014', 'left': ['United States'], 'joined': []}, \
{'actor': 'United States', 'since': '2014', 'left': ['Iran'], 'joined': []}]
    """
    from kg.analysis.camps import DEFAULT_PENALTY, find_camps
    from kg.analysis.signed import graph_from_rows, load

    penalty = DEFAULT_PENALTY if penalty is None else penalty
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
    prev_G = None
    last_decided: dict = {}  # actor -> (window, camps, graph) where its place was last decided
    for name in sorted(by_window):
        G = graph_from_rows(by_window[name], data.actors, min_evidence=min_evidence, merge_parts=merge_parts)
        cp = find_camps(G, penalty=penalty)
        lab = lambda n, G=G: G.nodes[n]["label"]  # noqa: E731
        entry = {"window": name, "actors": G.number_of_nodes(), "edges": G.number_of_edges(),
                 "assertions": len(by_window[name]),
                 "frustration": round(sum(g.disagreement for g in cp.groups), 4), "exact": cp.exact,
                 "camps": [sorted(lab(n) for n in c.members) for c in cp.camps],
                 "apart": sorted(lab(n) for n in G if cp.status[n] == "apart"),
                 "undecided": sorted(lab(n) for n in G if cp.status[n] == "undecided"),
                 "ambivalent": sorted(" – ".join(sorted((lab(u), lab(v))))
                                      for u, v, d in G.edges(data=True) if d["ambivalent"])}
        if prev_G is not None:
            new_edges, flips = [], []
            for u, v, d in G.edges(data=True):
                a, b = sorted((lab(u), lab(v)))
                if not prev_G.has_edge(u, v):
                    new_edges.append({"a": a, "b": b, "sign": "+" if d["sign"] > 0 else "-"})
                elif prev_G[u][v]["sign"] != d["sign"]:
                    flips.append({"a": a, "b": b, "from": "+" if prev_G[u][v]["sign"] > 0 else "-",
                                  "to": "+" if d["sign"] > 0 else "-"})
            moved = []
            for x in G:
                if x not in last_decided or cp.status[x] == "undecided":
                    continue
                since, cp0, G0 = last_decided[x]
                others = [y for y in G if y != x and y in G0]
                left = sorted(lab(y) for y in others if cp0.together(x, y) and cp.decidedly_apart(x, y))
                joined = sorted(lab(y) for y in others if cp0.decidedly_apart(x, y) and cp.together(x, y))
                if left or joined:
                    moved.append({"actor": lab(x), "since": since, "left": left, "joined": joined})
            entry["changes"] = {"new_edges": sorted(new_edges, key=lambda e: (e["a"], e["b"])),
                                "sign_flips": sorted(flips, key=lambda e: (e["a"], e["b"])),
                                "camp_changes": sorted(moved, key=lambda e: e["actor"])}
        windows.append(entry)
        for x in G:
            if cp.status[x] != "undecided":
                last_decided[x] = (name, cp, G)
        prev_G = G
    return {"freq": freq, "windows": windows, "undated": undated}
