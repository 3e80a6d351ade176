"""The pair classifier's weights (``kg/nlp/data/pairs.json``) and its decisions.

Three logistic regressions over the string features of :mod:`kg.nlp.learned.pairs`:
``related`` -- P(the sentence states a relation between the pair) -- and, for each
polarity, P(that polarity | a relation is stated); the probability of a stated
cooperation is ``P(related) * P(cooperation | related)`` (the same for conflict). Factored
so that the "is there a relation at all" part learns from the positives of both
polarities (it measured better in cross-validation than one model per polarity).
The file holds the non-zero weights by feature name, the biases, the threshold at which a
relation is added and the one under which a rule mention is dropped (either may be off),
written by ``tools/train_pairs.py``; it is read once per
process. Inference is a sum of a few dozen weights per pair: no numpy, no scikit-learn.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from kg.model import Polarity

POLARITIES: tuple[Polarity, Polarity] = ("cooperation", "conflict")
#: The three heads of the model.
HEADS = ("related", *POLARITIES)
#: The generic ontology property a learned relation of each polarity is stated with.
GENERIC_PROPERTY = {"cooperation": "cooperatesWith", "conflict": "conflictsWith"}
MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "pairs.json"


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class PairModel:
    """Weights (``{feature: weight}``) and a bias per head, and two thresholds: ``add`` -- a pair
    the rules left without a mention of a polarity gets one when its probability reaches it --
    and ``drop`` -- a rule mention stating a polarity of a pair whose probability is below it
    is dropped. None switches either off.
    """

    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    add: float | None
    drop: float | None = None

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        """``{polarity: probability that the sentence states it}`` for one pair's features.

        Examples
        --------
        >>> m = PairModel({"related": {"x": 2.0}, "cooperation": {}, "conflict": {}},
        ...               {"related": 0.0, "cooperation": 0.0, "conflict": 0.0}, add=0.5)
        >>> {k: round(v, 3) for k, v in m.probabilities(["x"]).items()}
        {'cooperation': 0.44, 'conflict': 0.44}
        """
        table = self._table
        z_rel, z_coop, z_conf = self.bias["related"], self.bias["cooperation"], self.bias["conflict"]
        for f in features:
            w = table.get(f)
            if w is not None:
                z_rel += w[0]
                z_coop += w[1]
                z_conf += w[2]
        related = _sigmoid(z_rel)
        return {"cooperation": related * _sigmoid(z_coop), "conflict": related * _sigmoid(z_conf)}

    @cached_property
    def _table(self) -> dict[str, tuple[float, float, float]]:
        """Feature -> its weights in the three heads (one look-up per feature)."""
        rel, coop, conf = (self.weights[h] for h in HEADS)
        return {f: (rel.get(f, 0.0), coop.get(f, 0.0), conf.get(f, 0.0)) for f in {*rel, *coop, *conf}}

    def to_json(self) -> dict:
        """The file format (the training tool adds its report beside it)."""
        return {
            "weights": {h: dict(sorted(self.weights[h].items())) for h in HEADS},
            "bias": {h: self.bias[h] for h in HEADS},
            "add": self.add,
            "drop": self.drop,
        }

    @classmethod
    def from_json(cls, data: dict, where: str = "pair model") -> PairModel:
        """Read the file format; a malformed one raises ``ValueError`` naming ``where``.

        Examples
        --------
        >>> PairModel.from_json({"weights": {}}, "pairs.json")
        Traceback (most recent call last):
        ...
        ValueError: pairs.json: not a pair model (KeyError('related'))
        """
        try:
            weights = {h: {str(f): float(v) for f, v in data["weights"][h].items()} for h in HEADS}
            bias = {h: float(data["bias"][h]) for h in HEADS}
            add, drop = (None if data.get(k) is None else float(data[k]) for k in ("add", "drop"))
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise ValueError(f"{where}: not a pair model ({err!r})") from None
        return cls(weights, bias, add, drop)


@cache
def load_model(path: str | None = None) -> PairModel | None:
    """The shipped model (read once per process); None when no model file is installed."""
    target = Path(path) if path else MODEL_FILE
    if not target.exists():
        return None
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ValueError(f"{target}: cannot read the pair model ({err})") from None
    return PairModel.from_json(data, str(target))


def decide(probs: dict[str, float], rules, add: float | None) -> list[Polarity]:
    """The polarities the classifier adds for one pair.

    ``rules`` are the pair's rule mentions ``(index, pattern, polarity, negated,
    confidence)``. A polarity is added when its probability reaches ``add`` and the rules
    made no mention of that polarity for the pair (neither stated nor negated: the rules'
    own reading of a construction they recognised stands).

    Examples
    --------
    >>> decide({"cooperation": 0.7, "conflict": 0.8}, [(3, "verb", "conflict", False, 0.9)], 0.6)
    ['cooperation']
    >>> decide({"cooperation": 0.7, "conflict": 0.1}, [(3, "verb", "cooperation", True, 0.9)], 0.6)
    []
    """
    if add is None:
        return []
    return [pol for pol in POLARITIES if probs[pol] >= add and not any(r[2] == pol for r in rules)]


def dropped(probs: dict[str, float], rules, drop: float | None) -> list[int]:
    """The indices of the pair's rule mentions the classifier drops: those stating (not
    negating: a denial is the rules' own reading) a polarity whose probability is below ``drop``.

    Examples
    --------
    >>> rules = [(3, "verb", "conflict", False, 0.9), (5, "noun", "cooperation", True, 0.8)]
    >>> dropped({"cooperation": 0.01, "conflict": 0.05}, rules, 0.1), dropped({"cooperation": 0.01, "conflict": 0.5}, rules, 0.1)
    ([3], [])
    """
    if drop is None:
        return []
    return [r[0] for r in rules if not r[3] and probs[r[2]] < drop]
