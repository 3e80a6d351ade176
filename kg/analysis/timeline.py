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


def timeline(
    source: Any, freq: str = "year", *, min_evidence: int = 1, merge_parts: bool = True, penalty: float | None = None
) -> dict[str, Any]:
    """Camps, balance and ambivalent pairs per time window of the documents' dates, and what changed.

    Each window's signed graph gets its own camps (:func:`kg.analysis.find_camps`).
    An actor **changed camp** only when the evidence decides it in both
    windows: it is now a decided member of another actor's camp, or the
    evidence now keeps it out of that actor's camp, and in the last earlier
    window where the evidence decided anything about the two of them it
    decided the opposite. Camp numbers are never
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
    history: list = []  # the camps of every earlier window
    names: list[str] = []
    for name in sorted(by_window):
        G = graph_from_rows(by_window[name], data.actors, min_evidence=min_evidence, merge_parts=merge_parts)
        cp = find_camps(G, penalty=penalty)
        lab = lambda n, G=G: G.nodes[n]["label"]  # noqa: E731
        entry = {
            "window": name,
            "actors": G.number_of_nodes(),
            "edges": G.number_of_edges(),
            "assertions": len(by_window[name]),
            "frustration": round(sum(g.disagreement for g in cp.groups), 4),
            "exact": cp.exact,
            "camps": [sorted(lab(n) for n in c.members) for c in cp.camps],
            "apart": sorted(lab(n) for n in G if cp.status[n] == "apart"),
            "undecided": sorted(lab(n) for n in G if cp.status[n] == "undecided"),
            "ambivalent": sorted(
                " – ".join(sorted((lab(u), lab(v)))) for u, v, d in G.edges(data=True) if d["ambivalent"]
            ),
        }
        if prev_G is not None:
            new_edges, flips = [], []
            for u, v, d in G.edges(data=True):
                a, b = sorted((lab(u), lab(v)))
                if not prev_G.has_edge(u, v):
                    new_edges.append({"a": a, "b": b, "sign": "+" if d["sign"] > 0 else "-"})
                elif prev_G[u][v]["sign"] != d["sign"]:
                    flips.append(
                        {
                            "a": a,
                            "b": b,
                            "from": "+" if prev_G[u][v]["sign"] > 0 else "-",
                            "to": "+" if d["sign"] > 0 else "-",
                        }
                    )
            moved = []
            for x in G:
                left, joined = [], []
                for y in _decided_partners(cp, x):
                    now = _pair_state(cp, x, y)
                    before = next((st for cp0 in reversed(history) if (st := _pair_state(cp0, x, y))), None)
                    if before == "with" and now == "apart":
                        left.append(lab(y))
                    elif before == "apart" and now == "with":
                        joined.append(lab(y))
                if left or joined:
                    since = next(
                        name0
                        for name0, cp0 in zip(reversed(names), reversed(history))
                        if any(_pair_state(cp0, x, y) for y in _decided_partners(cp, x))
                    )
                    moved.append({"actor": lab(x), "since": since, "left": sorted(left), "joined": sorted(joined)})
            entry["changes"] = {
                "new_edges": sorted(new_edges, key=lambda e: (e["a"], e["b"])),
                "sign_flips": sorted(flips, key=lambda e: (e["a"], e["b"])),
                "camp_changes": sorted(moved, key=lambda e: e["actor"]),
            }
        windows.append(entry)
        history.append(cp)
        names.append(name)
        prev_G = G
    return {"freq": freq, "windows": windows, "undated": undated}


def _pair_state(cp, x, y) -> str | None:
    """``"with"``, ``"apart"`` or None (the window's evidence decides nothing about x and y)."""
    if x not in cp.placed or y not in cp.placed:
        return None
    if cp.together(x, y):
        return "with"
    if cp.decidedly_apart(x, y):
        return "apart"
    return None


def _decided_partners(cp, x) -> list:
    """Actors whose relation to x this window decides: x's camp-mates and the members of camps x is kept out of."""
    if cp.status.get(x, "undecided") == "undecided":
        return []
    out = [y for y in cp.placed_members[cp.placed[x]] if y != x and cp.together(x, y)]
    for c, d in cp.join_cost.get(x, {}).items():
        if d > 1e-6:
            out += [y for y in cp.placed_members.get(c, []) if cp.status[y] != "undecided"]
    return sorted(set(out), key=str)
