"""The methods users would pick instead of newsloom, run by `eval clusters --peers` on the same stream.

1. TF-IDF vectors with single-pass threshold clustering, its threshold tuned on the corpus itself (an
   upper bound for that method).
2. BERTopic-style: the same bundled embeddings, UMAP, then HDBSCAN over all articles at once (needs the
   `eval` extra: umap-learn).
3. The bundled embeddings with a plain cosine threshold to the nearest story (centroid), tuned likewise.
"""

from __future__ import annotations

import time
import tracemalloc
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from newsloom.eval.metrics import ClusterScores, cluster_scores


@dataclass
class PeerResult:
    method: str
    scores: ClusterScores
    seconds: float
    peak_mb: float
    note: str = ""


def single_pass(sims: np.ndarray, threshold: float) -> np.ndarray:
    """Single-pass clustering in row order: each item joins the most similar centroid at or above the
    threshold, else starts a cluster. `sims` holds the dot products of unit vectors (items x items)."""
    n = len(sims)
    labels = np.full(n, -1, dtype=np.int64)
    norms2: list[float] = []
    for i in range(n):
        if norms2:
            dots = np.bincount(labels[:i], weights=sims[i, :i], minlength=len(norms2))
            cos = dots / np.sqrt(np.maximum(norms2, 1e-12))
            best = int(np.argmax(cos))
            if cos[best] >= threshold:
                labels[i] = best
                norms2[best] += 2 * dots[best] + sims[i, i]
                continue
        labels[i] = len(norms2)
        norms2.append(float(sims[i, i]))
    return labels


def best_threshold(sims: np.ndarray, gold: Sequence[str], grid: Sequence[float]) -> tuple[float, np.ndarray]:
    """The threshold of `grid` with the best BCubed F1 on the gold labels (tuning on the test set)."""
    best: tuple[float, float, np.ndarray] | None = None
    for t in grid:
        labels = single_pass(sims, t)
        f1 = cluster_scores(gold, labels).f1
        if best is None or f1 > best[0]:
            best = (f1, t, labels)
    assert best is not None
    return best[1], best[2]


def _timed(fn: Callable[[], tuple[np.ndarray, str]]) -> tuple[np.ndarray, str, float, float]:
    tracemalloc.start()
    start = time.perf_counter()
    labels, note = fn()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return labels, note, seconds, peak


def tfidf_peer(texts: Sequence[str], gold: Sequence[str]) -> PeerResult:
    def run() -> tuple[np.ndarray, str]:
        docs = [unicodedata.normalize("NFC", t).casefold() for t in texts]
        x = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), token_pattern=r"\w+", max_df=0.5).fit_transform(docs)
        sims = (x @ x.T).toarray()
        t, labels = best_threshold(sims, gold, np.arange(0.05, 0.61, 0.025))
        return labels, f"threshold {t:.3f} (best on this corpus)"

    labels, note, seconds, peak = _timed(run)
    return PeerResult("TF-IDF single-pass", cluster_scores(gold, labels), seconds, peak, note)


def cosine_peer(embeddings: np.ndarray, gold: Sequence[str], embed_seconds: float) -> PeerResult:
    def run() -> tuple[np.ndarray, str]:
        sims = embeddings @ embeddings.T
        t, labels = best_threshold(sims, gold, np.arange(0.80, 0.961, 0.01))
        return labels, f"threshold {t:.2f} (best on this corpus)"

    labels, note, seconds, peak = _timed(run)
    return PeerResult("e5 + cosine threshold", cluster_scores(gold, labels), seconds + embed_seconds, peak, note)


def bertopic_peer(embeddings: np.ndarray, gold: Sequence[str], embed_seconds: float) -> PeerResult | None:
    try:
        import umap
    except ImportError:
        return None
    from sklearn.cluster import HDBSCAN

    def run() -> tuple[np.ndarray, str]:
        reduced = umap.UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine",
                            random_state=42, n_jobs=1).fit_transform(embeddings)
        labels = HDBSCAN(min_cluster_size=2, copy=True).fit_predict(reduced)
        noise = labels < 0
        labels[noise] = labels.max() + 1 + np.arange(int(noise.sum()))  # outliers are stories of their own
        return labels, f"{int(noise.sum())} outliers kept as single stories"

    labels, note, seconds, peak = _timed(run)
    return PeerResult("e5 + UMAP + HDBSCAN (BERTopic-style)", cluster_scores(gold, labels), seconds + embed_seconds,
                      peak, note)
