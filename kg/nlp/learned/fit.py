"""Fitting the pair classifier: L2-regularised logistic regression on sparse string features (numpy).

Used by ``tools/train_pairs.py`` at development time; the product only reads the
weights it writes (:mod:`kg.nlp.learned.model`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kg.nlp.learned.model import HEADS, POLARITIES, PairModel


def vocabulary(rows: Sequence[Sequence[str]], min_count: int = 2) -> dict[str, int]:
    """Feature -> column, for features seen in at least ``min_count`` rows (sorted: deterministic)."""
    counts = Counter(f for row in rows for f in set(row))
    return {f: k for k, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}


@dataclass(frozen=True)
class Rows:
    """A binary sparse matrix: for each row the columns that are 1 (``cols`` flat, ``row`` per entry)."""

    cols: np.ndarray
    row: np.ndarray
    n_rows: int
    n_cols: int

    def dot(self, w: np.ndarray) -> np.ndarray:
        """``X @ w``."""
        return np.bincount(self.row, weights=w[self.cols], minlength=self.n_rows)

    def tdot(self, v: np.ndarray) -> np.ndarray:
        """``X.T @ v``."""
        return np.bincount(self.cols, weights=v[self.row], minlength=self.n_cols)


def matrix(rows: Sequence[Sequence[str]], vocab: dict[str, int]) -> Rows:
    """The binary design matrix of ``rows`` over ``vocab``; unknown features are left out."""
    cols: list[int] = []
    row: list[int] = []
    for i, feats in enumerate(rows):
        found = sorted({vocab[f] for f in feats if f in vocab})
        cols.extend(found)
        row.extend([i] * len(found))
    return Rows(np.array(cols, dtype=np.int64), np.array(row, dtype=np.int64), len(rows), len(vocab))


def fit_logistic(
    x: Rows, y: np.ndarray, l2: float = 1.0, steps: int = 400, rate: float = 0.1, weights: np.ndarray | None = None
) -> tuple[np.ndarray, float]:
    """Weights and bias minimising the (example-weighted) mean log loss + ``l2 / (2 n) * |w|^2``.

    Full-batch Adam from zero: deterministic. ``y`` holds 0 / 1.

    Examples
    --------
    >>> x = matrix([["a"], ["a"], ["b"], ["b"]], {"a": 0, "b": 1})
    >>> w, b = fit_logistic(x, np.array([1, 1, 0, 0]), l2=0.1)
    >>> bool(w[0] > 1 > -1 > w[1])
    True
    """
    n, d = x.n_rows, x.n_cols
    y = y.astype(np.float64)
    sw = np.ones(n) if weights is None else weights.astype(np.float64) * (n / weights.sum())
    w = np.zeros(d)
    b = 0.0
    m_w, v_w = np.zeros(d), np.zeros(d)
    m_b = v_b = 0.0
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for t in range(1, steps + 1):
        p = 1.0 / (1.0 + np.exp(-np.clip(x.dot(w) + b, -30, 30)))
        err = (p - y) * sw
        g_w = x.tdot(err) / n + (l2 / n) * w
        g_b = float(err.mean())
        m_w = beta1 * m_w + (1 - beta1) * g_w
        v_w = beta2 * v_w + (1 - beta2) * g_w * g_w
        m_b = beta1 * m_b + (1 - beta1) * g_b
        v_b = beta2 * v_b + (1 - beta2) * g_b * g_b
        corr1, corr2 = 1 - beta1**t, 1 - beta2**t
        w -= rate * (m_w / corr1) / (np.sqrt(v_w / corr2) + eps)
        b -= rate * (m_b / corr1) / (np.sqrt(v_b / corr2) + eps)
    return w, b


def predict(x: Rows, w: np.ndarray, b: float) -> np.ndarray:
    """Probabilities of the positive class."""
    return 1.0 / (1.0 + np.exp(-np.clip(x.dot(w) + b, -30, 30)))


def head_labels(labels: dict[str, int | None]) -> dict[str, int | None]:
    """Per head, the label of one pair: ``related`` is 1 when either polarity is, 0 when one is
    0 and none is 1; a polarity head learns only from related pairs (None elsewhere).

    Examples
    --------
    >>> head_labels({"cooperation": 0, "conflict": 1})
    {'related': 1, 'cooperation': 0, 'conflict': 1}
    >>> head_labels({"cooperation": 0, "conflict": None})
    {'related': 0, 'cooperation': None, 'conflict': None}
    """
    known = [v for v in labels.values() if v is not None]
    related = max(known) if known else None
    out: dict[str, int | None] = {"related": related}
    for pol in POLARITIES:
        out[pol] = None if related != 1 else int(labels.get(pol) == 1)
    return out


def fit_model(
    rows: Sequence[Sequence[str]],
    labels: Sequence[dict[str, int | None]],
    *,
    l2: float = 2.0,
    add: float | None = 0.6,
    drop: float | None = None,
    min_count: int = 2,
    steps: int = 400,
) -> PairModel:
    """Fit the three heads of a :class:`PairModel` on feature rows and per-polarity labels.

    Features seen in fewer than ``min_count`` rows are left out; weights are kept sparse
    (|w| >= 0.005) and rounded to 3 decimals, so the file stays small and diff-able.
    """
    vocab = vocabulary(rows, min_count)
    names = sorted(vocab, key=lambda f: vocab[f])
    heads = [head_labels(lab) for lab in labels]
    weights: dict[str, dict[str, float]] = {}
    bias: dict[str, float] = {}
    for head in HEADS:
        keep = [i for i, h in enumerate(heads) if h[head] is not None]
        pos = sum(heads[i][head] or 0 for i in keep)
        if pos in (0, len(keep)):  # one class only (a small fold): the smoothed base rate, no weights
            weights[head] = {}
            bias[head] = round(math.log((pos + 0.5) / (len(keep) - pos + 0.5)), 3)
            continue
        w, b = fit_logistic(
            matrix([rows[i] for i in keep], vocab), np.array([heads[i][head] for i in keep]), l2=l2, steps=steps
        )
        weights[head] = {names[k]: round(float(v), 3) for k, v in enumerate(w) if abs(v) >= 0.005}
        bias[head] = round(float(b), 4)
    return PairModel(weights, bias, add, drop)
