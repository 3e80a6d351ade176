"""What the rules (``kg_relations``) said about each actor pair: read from its output only.

The pair classifier reads the records ``kg_relations`` leaves in ``doc._.kg_relations``
(plain dicts, :mod:`kg.nlp.relations.records`: the mention's fields and its ``features``,
pattern first) and nothing else of the rules, so the rules' internals can change freely.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

#: A pair of one sentence: (sentence start token, actor id, actor id), ids sorted.
PairKey = tuple[int, str, str]


def pair_key(sent_start: int, x: str, y: str) -> PairKey:
    """The key of an unordered pair of actor ids in one sentence."""
    return (sent_start, x, y) if x <= y else (sent_start, y, x)


def records_of(doc: Doc) -> list[dict[str, Any]]:
    """The relation records on ``doc`` (``kg_relations``' and the classifier's; empty before)."""
    from kg.nlp.relations.records import ATTR

    return getattr(doc._, ATTR) or []


def rule_mentions(doc: Doc) -> dict[PairKey, list[tuple[int, str, str, bool, float]]]:
    """Per pair: ``(index in doc._.kg_relations, pattern, polarity, negated, confidence)``."""
    starts = {s.start_char: s.start for s in doc.sents}
    out: dict[PairKey, list[tuple[int, str, str, bool, float]]] = {}
    for k, r in enumerate(records_of(doc)):
        sent = starts.get(r["char_start"])
        if sent is None:
            continue
        pattern = r["features"][0] if r.get("features") else "?"
        key = pair_key(sent, r["subject"]["id"], r["object"]["id"])
        out.setdefault(key, []).append((k, pattern, r["polarity"], bool(r["negated"]), float(r["confidence"])))
    return out
