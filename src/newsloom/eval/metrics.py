"""Metrics: BCubed precision/recall/F1, adjusted Rand index, V-measure; Pearson and Spearman correlation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import rankdata
from sklearn.metrics import adjusted_rand_score, v_measure_score


@dataclass
class ClusterScores:
    precision: float
    recall: float
    f1: float
    ari: float
    v_measure: float
    n: int


def bcubed(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 (Bagga & Baldwin 1998; Amigó et al. 2009).

    For each item, precision is the share of its predicted cluster that shares its gold label, recall
    the share of its gold cluster that shares its predicted cluster; both are averaged over items.
    """
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} labels, pred has {len(pred)}")
    if not gold:
        return 0.0, 0.0, 0.0
    pair = Counter(zip(gold, pred, strict=True))
    gsize, psize = Counter(gold), Counter(pred)
    n = len(gold)
    # every item of the (g, p) cell sees the same counts, so sum per cell
    precision = sum(c * c / psize[p] for (g, p), c in pair.items()) / n
    recall = sum(c * c / gsize[g] for (g, p), c in pair.items()) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def cluster_scores(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> ClusterScores:
    p, r, f = bcubed(gold, pred)
    g = [str(x) for x in gold]
    q = [str(x) for x in pred]
    return ClusterScores(p, r, f, adjusted_rand_score(g, q), v_measure_score(g, q), len(gold))


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    """Pearson correlation coefficient (nan for fewer than two points or a constant input)."""
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(a) < 2 or a.std() == 0 or b.std() == 0:
        return float("nan")
    return float(np.corrcoef(a, b)[0, 1])


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman rank correlation: Pearson on average ranks."""
    return pearson(rankdata(x), rankdata(y))
