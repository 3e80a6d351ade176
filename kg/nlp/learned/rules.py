"""What the rules (``kg_relations``) said about each actor pair: read from its output only.

The pair classifier reads ``doc._.relations`` and ``doc._.relation_features`` (pattern
first) and nothing else of the rules, so the rules' internals can change freely.
A mention is a :class:`~kg.model.RelationMention` or its ``to_json()`` dict.
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


def fields(m: Any) -> tuple[str, str, str, bool, float, int]:
    """``(subject id, object id, polarity, negated, confidence, char_start)`` of a mention."""
    if isinstance(m, dict):
        return (
            m["subject"]["id"],
            m["object"]["id"],
            m["polarity"],
            bool(m["negated"]),
            float(m["confidence"]),
            int(m["char_start"]),
        )
    return m.subject.id, m.object.id, m.polarity, m.negated, m.confidence, m.char_start


def rule_mentions(doc: Doc) -> dict[PairKey, list[tuple[int, str, str, bool, float]]]:
    """Per pair: ``(index in doc._.relations, pattern, polarity, negated, confidence)``."""
    starts = {s.start_char: s.start for s in doc.sents}
    feats = doc._.relation_features or []
    out: dict[PairKey, list[tuple[int, str, str, bool, float]]] = {}
    for k, m in enumerate(doc._.relations or ()):
        s, o, pol, neg, conf, char_start = fields(m)
        sent = starts.get(char_start)
        if sent is None:
            continue
        pattern = feats[k][0] if k < len(feats) and feats[k] else "?"
        out.setdefault(pair_key(sent, s, o), []).append((k, pattern, pol, neg, conf))
    return out
