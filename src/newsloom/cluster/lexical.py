"""Lexical vectors for clustering: hashed word unigrams and bigrams weighted by TF-IDF.

Vietnamese is written in syllables, so syllable bigrams stand in for words. Terms are hashed into a fixed
space so document frequencies fit in one array whatever the size of the stream. The IDF blends the
stream's own document frequencies with a prior from the word frequencies `wordfreq` ships for each
language, so that "của" and "the" weigh little from the very first article.
"""

from __future__ import annotations

import math
import threading
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from wordfreq import available_languages, word_frequency

from newsloom.text.words import tokens

_WORDFREQ_LANGS = frozenset(available_languages())

BUCKETS = 1 << 21
_scratch = threading.local()  # a zeroed array of BUCKETS weights per thread, for SparseVector.dots


PRIOR_DOCUMENTS = 100  # the prior counts as much as this many documents of the stream
DOC_WORDS = 400  # words in a typical article, to turn word frequency into document frequency
MAX_IDF = math.log(10_000) + 1.0


@lru_cache(maxsize=500_000)
def prior_idf(word: str, lang: str) -> float:
    """IDF a word would have in a large news collection, from its frequency in the language."""
    freq = 0.0
    if lang in _WORDFREQ_LANGS:
        try:
            freq = word_frequency(word, lang)
        except ImportError:  # Chinese and Japanese need wordfreq's optional tokenizers: no prior then
            freq = 0.0
    share = 1.0 - math.exp(-DOC_WORDS * freq)  # documents that contain it
    return min(MAX_IDF, math.log(1.0 / share) + 1.0) if share > 0 else MAX_IDF


@dataclass
class Terms:
    """Hashed term ids of a text, their counts and prior IDFs."""

    ids: np.ndarray
    tfs: np.ndarray
    prior: np.ndarray

    def pack(self) -> bytes:
        return self.ids.astype(np.int32).tobytes() + self.tfs.astype(np.float32).tobytes() + \
            self.prior.astype(np.float32).tobytes()

    @classmethod
    def unpack(cls, blob: bytes) -> Terms:
        n = len(blob) // 12
        return cls(np.frombuffer(blob[: 4 * n], dtype=np.int32), np.frombuffer(blob[4 * n : 8 * n], dtype=np.float32),
                   np.frombuffer(blob[8 * n :], dtype=np.float32))


def term_counts(title: str, text: str, lang: str | None = None) -> Terms:
    """Hashed unigrams and bigrams with counts; the title counts twice."""
    lang = (lang or "en").split("-")[0]
    s = unicodedata.normalize("NFC", f"{title}\n{title}\n{text}").casefold()
    words = [w for w in tokens(s) if not w.isdigit() or len(w) == 4]
    unigrams = Counter(words)
    bigrams = Counter(zip(words, words[1:], strict=False))
    prior_of = {w: prior_idf(w, lang) for w in unigrams}  # a bigram's is the rarer word's
    grams = [*unigrams, *(f"{a} {b}" for a, b in bigrams)]
    ids = np.fromiter((zlib.crc32(g.encode("utf-8")) & (BUCKETS - 1) for g in grams), dtype=np.int32,
                      count=len(grams))
    tfs = np.fromiter([*unigrams.values(), *bigrams.values()], dtype=np.float32, count=len(grams))
    prior = np.fromiter([*prior_of.values(), *(max(prior_of[a], prior_of[b]) for a, b in bigrams)],
                        dtype=np.float32, count=len(grams))
    # two grams can share a bucket: keep one entry per id
    ids, first = np.unique(ids, return_index=True)
    return Terms(ids, tfs[first], prior[first])


class DocumentFrequencies:
    """Running document frequencies; IDF of a term as seen so far."""

    def __init__(self) -> None:
        self.df = np.zeros(BUCKETS, dtype=np.int32)
        self.n = 0

    def __getstate__(self) -> dict:
        """Pickled sparse: most of the buckets are empty (8 MB of zeros saved in each snapshot otherwise)."""
        ids = np.flatnonzero(self.df).astype(np.int32)
        return {"ids": ids, "counts": self.df[ids], "n": self.n}

    def __setstate__(self, state: dict) -> None:
        if "df" in state:  # pickled whole (a snapshot of STATE_VERSION 3)
            self.__dict__.update(state)
            return
        self.df = np.zeros(BUCKETS, dtype=np.int32)
        self.df[state["ids"]] = state["counts"]
        self.n = state["n"]

    def add(self, ids: np.ndarray) -> None:
        self.df[ids] += 1
        self.n += 1

    def vector(self, t: Terms) -> SparseVector:
        """Unit TF-IDF vector (sublinear tf, IDF blended with the prior); ids come sorted."""
        n = self.n
        stream = np.log((n + 1) / (self.df[t.ids] + 1)) + 1.0
        idf = (n * stream + PRIOR_DOCUMENTS * t.prior) / (n + PRIOR_DOCUMENTS)
        w = ((1.0 + np.log(t.tfs)) * idf).astype(np.float32)
        norm = float(np.sqrt(np.dot(w, w))) or 1.0
        return SparseVector(t.ids, w / norm)


class SparseVector:
    """Sorted term ids (below BUCKETS) with unit weights; `dot` is the cosine of two such vectors."""

    __slots__ = ("ids", "weights")

    def __init__(self, ids: np.ndarray, weights: np.ndarray) -> None:
        self.ids = ids
        self.weights = weights

    def dot(self, other: SparseVector) -> float:
        return float(self.dots([other])[0])

    def dots(self, others: list[SparseVector]) -> np.ndarray:
        """Cosines with each of `others`, computed together (one pass over all their terms)."""
        sizes = np.array([len(o.ids) for o in others], dtype=np.int64)
        if not len(self.ids) or not sizes.sum():
            return np.zeros(len(others))
        dense = getattr(_scratch, "dense", None)
        if dense is None:
            dense = _scratch.dense = np.zeros(BUCKETS)
        dense[self.ids] = self.weights  # this vector spread out, so the others' terms are looked up directly
        try:
            products = dense[np.concatenate([o.ids for o in others])] * np.concatenate([o.weights for o in others])
        finally:
            dense[self.ids] = 0.0
        return segment_sums(products, sizes)


def segment_sums(values: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Sums of consecutive segments of `values` with the given sizes (0 for an empty segment)."""
    out = np.zeros(len(sizes))
    some = sizes > 0  # an empty segment has no start of its own
    if some.any():
        out[some] = np.add.reduceat(values, (np.cumsum(sizes) - sizes)[some])
    return out
