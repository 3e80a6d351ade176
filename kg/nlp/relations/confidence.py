"""Confidence of a relation: the measured precision of its pattern times feature factors.

Both are measured on the development sets (``kg eval --write-rates``, ``confidence.json``): the
base rate is the pattern's smoothed precision, a factor the smoothed precision of mentions
with that feature divided by the overall precision.
"""

from __future__ import annotations

from kg.nlp.relations.candidates import Candidate


def features(c: Candidate, n_words: int) -> list[str]:
    """The features the confidence model conditions on (besides the pattern).

    Not the property: per property the dev sets are too thin, and factors fitted on them made
    the confidence rank worse (precision fell within a bucket as it rose).

    Examples
    --------
    >>> from kg.model import Actor
    >>> c = Candidate(Actor("a", "A", "State"), "attacks", Actor("b", "B", "Person"), "verb", 0, hedged=True)
    >>> features(c, 12)
    ['kinds:Person|State', 'len:0', 'hedged']
    """
    out = [
        "kinds:" + "|".join(sorted((c.subject.kind, c.object.kind))),
        f"len:{min(n_words // 15, 3)}",
    ]
    flags = (
        ("hedged", c.hedged),
        ("attributed", c.attributed_to is not None),
        ("ner_only", c.ner_only),
        ("coref", c.coref),
        ("long_path", c.steps > 1),
    )
    return out + [name for name, on in flags if on]


def confidence(model: dict, c: Candidate, n_words: int = 20, feats: list[str] | None = None) -> float:
    """Base rate of the candidate's pattern times the factors of its features (``feats``, if
    already worked out), in [0.05, 0.97]."""
    p = model["base"].get(c.pattern, model["default"])
    factors = model.get("factors", {})
    for f in features(c, n_words) if feats is None else feats:
        p *= factors.get(f, 1.0)
    return max(0.05, min(0.97, p))
