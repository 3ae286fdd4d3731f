"""Lexical vectors for clustering: hashed word unigrams and bigrams weighted by a running TF-IDF.

Vietnamese is written in syllables, so syllable bigrams stand in for words. Terms are hashed into a fixed
space so document frequencies fit in one array whatever the size of the stream.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from collections import Counter

import numpy as np

BUCKETS = 1 << 21
_WORD = re.compile(r"\w+")


def term_counts(title: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """Hashed term ids and their counts; the title counts twice."""
    s = unicodedata.normalize("NFC", f"{title}\n{title}\n{text}").casefold()
    words = [w for w in _WORD.findall(s) if not w.isdigit() or len(w) == 4]
    grams = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    counts = Counter(zlib.crc32(g.encode("utf-8")) & (BUCKETS - 1) for g in grams)
    ids = np.fromiter(counts.keys(), dtype=np.int32, count=len(counts))
    tfs = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
    return ids, tfs


def pack(ids: np.ndarray, tfs: np.ndarray) -> bytes:
    return ids.astype(np.int32).tobytes() + tfs.astype(np.float32).tobytes()


def unpack(blob: bytes) -> tuple[np.ndarray, np.ndarray]:
    n = len(blob) // 8
    return np.frombuffer(blob[: 4 * n], dtype=np.int32), np.frombuffer(blob[4 * n :], dtype=np.float32)


class DocumentFrequencies:
    """Running document frequencies; IDF of a term as seen so far."""

    def __init__(self) -> None:
        self.df = np.zeros(BUCKETS, dtype=np.int32)
        self.n = 0

    def add(self, ids: np.ndarray) -> None:
        self.df[ids] += 1
        self.n += 1

    def vector(self, ids: np.ndarray, tfs: np.ndarray) -> dict[int, float]:
        """Unit TF-IDF vector (sublinear tf) as a dict; terms in most documents are dropped."""
        df = self.df[ids]
        n = self.n + 1
        keep = df < max(2, 0.5 * n)
        idf = np.log((n + 1) / (df[keep] + 1)) + 1.0
        w = (1.0 + np.log(tfs[keep])) * idf
        norm = float(np.sqrt(np.dot(w, w))) or 1.0
        return dict(zip(ids[keep].tolist(), (w / norm).tolist(), strict=True))


class Centroid:
    """Sum of unit sparse vectors with its norm, for cosine against new vectors."""

    __slots__ = ("weights", "norm")

    def __init__(self) -> None:
        self.weights: dict[int, float] = {}
        self.norm = 0.0

    def add(self, vec: dict[int, float]) -> None:
        w = self.weights
        for k, v in vec.items():
            w[k] = w.get(k, 0.0) + v
        self.norm = math.sqrt(sum(x * x for x in w.values()))

    def cosine(self, vec: dict[int, float]) -> float:
        if not self.norm:
            return 0.0
        w = self.weights
        return sum(v * w.get(k, 0.0) for k, v in vec.items()) / self.norm
