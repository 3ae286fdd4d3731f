"""Clusterer signals built by hand from text and a vector near a shared base, for the clusterer's tests."""

from __future__ import annotations

import numpy as np

from newsloom.cluster.lexical import DocumentFrequencies, term_counts
from newsloom.cluster.online import Signal


def _signal(name: str, text: str, emb: np.ndarray, df: DocumentFrequencies, entities=(), day=None, lang="en"):
    terms = term_counts(name, text, lang)
    s = Signal(name, emb / np.linalg.norm(emb), df.vector(terms), df.vector(term_counts("", name, lang)),
               frozenset(entities), lang, day)
    df.add(terms.ids)
    return s


BASE = np.random.default_rng(7).normal(size=384).astype(np.float32)


def _near(seed: int, spread: float) -> np.ndarray:
    return BASE + spread * np.random.default_rng(seed).normal(size=384).astype(np.float32)
