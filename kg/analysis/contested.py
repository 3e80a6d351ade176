"""Contested and changing relations: what the sources disagree on, and what changed over time.

Both work per actor pair after the roll-up (:mod:`kg.analysis.rollup`) and
per polarity, on the assertion rows of :func:`kg.analysis.signed.load`.

* A relation is **contested** when the sources take more than one stance on
  it: some *assert* it (plain statement), some *deny* it (a negated
  assertion: "X denied arming Y", "no longer backs"), some only *report it as
  a claim* (hedged: "accused of", "reportedly"). Asserted-only,
  claimed-only or denied-only relations are not contested. Statements are
  about the same relation when they share the property, or one of them uses
  the polarity's general property (``cooperatesWith`` / ``conflictsWith``):
  "did not attack" does not contest "condemned", "is not cooperating"
  contests "backs".
* A pair **turns** when, ordered by date and grouped into windows, the
  polarity that outweighs the other (the same confidence weights as the
  signed graph) changes from one stretch of windows to the next: "cooperation
  until 2014, conflict since 2016". Windows where the two balance are shown
  as mixed and never make a turn by themselves; each turn cites the evidence
  on both sides of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from kg.analysis.rollup import folds_into
from kg.analysis.signed import Row, actor_id, local_name, umbrella_properties
from kg.wording import counted

STANCES = ("asserted", "claimed", "denied")


def stance(row: Row) -> str:
    """``"denied"`` (negated), ``"claimed"`` (hedged) or ``"asserted"``."""
    return "denied" if row.negated else ("claimed" if row.hedged else "asserted")


def _weight(r: Row) -> float:
    return r.confidence * (0.5 if r.hedged else 1.0)


def _labeller(actors: dict) -> Callable[[str], str]:
    def label(iri: str) -> str:
        return (actors.get(iri) or {}).get("label") or actor_id(iri)

    return label


def evidence_of(r: Row, label: Callable[[str], str]) -> dict[str, Any]:
    """One row as cited evidence: the sentence, its document and date, and who said it.

    ``said_by`` is the actor the statement is attributed to, else the
    document's title (the source itself speaks).
    """
    return {
        "sentence": r.sentence,
        "doc_id": r.doc_id,
        "title": r.title,
        "date": r.date,
        "said_by": label(r.attributed_to) if r.attributed_to else (r.title or r.doc_id),
        "attributed": bool(r.attributed_to),
        "stance": stance(r),
        "subject": label(r.subject),
        "predicate": local_name(r.predicate),
        "object": label(r.object),
        "polarity": r.polarity,
        "confidence": round(r.confidence, 4),
    }


def _pairs(rows: Iterable[Row], actors: dict, merge_parts: bool):
    fold = folds_into(actors, keep_parts=not merge_parts)
    out: dict[tuple[str, str], list[Row]] = {}
    for r in rows:
        a, b = fold(r.subject), fold(r.object)
        if a == b:
            continue
        out.setdefault((a, b) if a < b else (b, a), []).append(r)
    return out


def _order(r: Row):
    return (r.date or "9999", r.doc_id, -r.confidence, r.sentence)


def contested(
    rows: Iterable[Row], actors: dict, *, merge_parts: bool = True, max_evidence: int = 5
) -> list[dict[str, Any]]:
    """Relations on which the sources disagree: asserted vs denied vs only claimed.

    Returns one entry per (pair, polarity) with more than one stance:
    ``a``, ``b`` (labels), ``a_id``, ``b_id``, ``polarity``, ``stances``
    (``{"asserted": n, "claimed": n, "denied": n}``), ``documents`` (how many
    distinct documents take part), a one-line ``summary`` and ``evidence``:
    ``{stance: [evidence_of(...), ...]}`` (up to ``max_evidence`` each, in
    date order). Most documents first.

    Examples
    --------
    >>> from kg.analysis.examples import Claim, build_graph
    >>> from kg.analysis.signed import load
    >>> g = build_graph([("a", "Alpha", "State"), ("b", "Beta", "ArmedGroup")],
    ...                 [Claim("a", "supports", "b", "Alpha arms Beta.", "d1"),
    ...                  Claim("a", "supports", "b", "Alpha denied arming Beta.", "d2", negated=True)],
    ...                 [("d1", "Report", "2020-01-01"), ("d2", "Denial", "2020-02-01")])
    >>> data = load(g)
    >>> [c["summary"] for c in contested(data.rows, data.actors)]
    ['Alpha – Beta (cooperation): asserted in 1 document, denied in 1.']
    """
    label = _labeller(actors)
    out = []
    for (a, b), group in _pairs(rows, actors, merge_parts).items():
        for polarity in ("cooperation", "conflict"):
            rs = _disputed(sorted((r for r in group if r.polarity == polarity), key=_order))
            by_stance = {s: [r for r in rs if stance(r) == s] for s in STANCES}
            present = [s for s in STANCES if by_stance[s]]
            if len(present) < 2:
                continue
            la, lb = label(a), label(b)
            if la > lb:
                a, b, la, lb = b, a, lb, la
            docs = {r.doc for r in rs}
            counts = {s: len({r.doc for r in by_stance[s]}) for s in STANCES}
            parts = [
                f"{s} in {counted(counts[s], 'document')}" if i == 0 else f"{s} in {counts[s]}"
                for i, s in enumerate(present)
            ]
            out.append(
                {
                    "a": la,
                    "b": lb,
                    "a_id": actor_id(a),
                    "b_id": actor_id(b),
                    "polarity": polarity,
                    "stances": {s: len(by_stance[s]) for s in STANCES},
                    "documents": len(docs),
                    "summary": f"{la} – {lb} ({polarity}): " + ", ".join(parts) + ".",
                    "evidence": {s: [evidence_of(r, label) for r in by_stance[s][:max_evidence]] for s in present},
                }
            )
    return sorted(out, key=lambda c: (-c["documents"], -sum(c["stances"].values()), c["a"], c["b"], c["polarity"]))


def _disputed(rows: list[Row]) -> list[Row]:
    """The rows of the relations (property families) on which ``rows`` take more than one stance."""
    general = umbrella_properties()
    names = {local_name(r.predicate) for r in rows}
    keep: set[int] = set()
    for name in names - general or names:
        family = [i for i, r in enumerate(rows) if local_name(r.predicate) in (general | {name})]
        if len({stance(rows[i]) for i in family}) > 1:
            keep.update(family)
    return [r for i, r in enumerate(rows) if i in keep]


def turns(
    rows: Iterable[Row], actors: dict, freq: str = "year", *, merge_parts: bool = True, max_evidence: int = 2
) -> list[dict[str, Any]]:
    """Pairs whose dominant polarity changes over time, each turn with the evidence on both sides.

    Only dated, non-negated assertions count. Per pair, the windows
    (``freq``: year, quarter, month, day) with evidence are ordered; each is
    ``cooperation`` or ``conflict`` by weight (``mixed`` when they balance);
    consecutive windows of one polarity form a stretch. Each entry: ``a``,
    ``b``, ``windows`` (``[{"window", "state", "cooperation", "conflict"}]``),
    ``turns`` (``[{"from", "to", "until", "since", "before", "after"}]`` where
    ``before`` / ``after`` are the evidence of the last window before and the
    first window after the turn) and a ``summary`` such as
    ``"A – B: cooperation until 2014, conflict since 2016"``.

    Examples
    --------
    >>> from kg.analysis.examples import story_graph
    >>> from kg.analysis.signed import load
    >>> data = load(story_graph())
    >>> [t["summary"] for t in turns(data.rows, data.actors)]
    ['Iran – United States: cooperation until 2014, conflict since 2015.']
    """
    from kg.analysis.timeline import window_of

    label = _labeller(actors)
    out = []
    kept = [r for r in rows if not r.negated and r.date]
    for (a, b), group in _pairs(kept, actors, merge_parts).items():
        windows: dict[str, list[Row]] = {}
        for r in group:
            windows.setdefault(window_of(r.date, freq), []).append(r)
        if len(windows) < 2:
            continue
        states: list[dict[str, Any]] = []
        for name in sorted(windows):
            rs = windows[name]
            coop = sum(_weight(r) for r in rs if r.polarity == "cooperation")
            conf = sum(_weight(r) for r in rs if r.polarity == "conflict")
            state = "cooperation" if coop > conf + 1e-9 else ("conflict" if conf > coop + 1e-9 else "mixed")
            states.append(
                {
                    "window": name,
                    "state": state,
                    "rows": rs,
                    "cooperation": sum(r.polarity == "cooperation" for r in rs),
                    "conflict": sum(r.polarity == "conflict" for r in rs),
                }
            )
        decided = [s for s in states if s["state"] != "mixed"]
        found = []
        for prev, cur in zip(decided, decided[1:]):
            if prev["state"] == cur["state"]:
                continue

            def cite(window: dict, polarity: str) -> list[dict]:
                rs = sorted(
                    (r for r in window["rows"] if r.polarity == polarity), key=lambda r: (-_weight(r), _order(r))
                )
                return [evidence_of(r, label) for r in rs[:max_evidence]]

            found.append(
                {
                    "from": prev["state"],
                    "to": cur["state"],
                    "until": prev["window"],
                    "since": cur["window"],
                    "before": cite(prev, prev["state"]),
                    "after": cite(cur, cur["state"]),
                }
            )
        if not found:
            continue
        la, lb = label(a), label(b)
        if la > lb:
            a, b, la, lb = b, a, lb, la
        # "cooperation until 2014, conflict from 2015 until 2017, cooperation since 2019"
        stretches = [f"{found[0]['from']} until {found[0]['until']}"]
        for t, nxt in zip(found, found[1:] + [None]):
            stretches.append(
                f"{t['to']} since {t['since']}" if nxt is None else f"{t['to']} from {t['since']} until {nxt['until']}"
            )
        out.append(
            {
                "a": la,
                "b": lb,
                "a_id": actor_id(a),
                "b_id": actor_id(b),
                "windows": [{k: s[k] for k in ("window", "state", "cooperation", "conflict")} for s in states],
                "turns": found,
                "summary": f"{la} – {lb}: " + ", ".join(stretches) + ".",
            }
        )
    return sorted(out, key=lambda t: (-len(t["turns"]), t["a"], t["b"]))
