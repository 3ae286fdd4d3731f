"""Exact and near-duplicate detection.

Exact copies share the content hash (`Article.id`). Near copies (a republished article with a new headline,
a cut paragraph, a few words changed) are found with MinHash LSH over word 5-gram shingles of the body and
confirmed by the estimated Jaccard similarity.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 5
SCHEME = "affine32"  # datasketch >= 2 wants the hashing scheme named
THRESHOLD = 0.5  # estimated Jaccard of 5-word shingles above which an article is a copy

_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(unicodedata.normalize("NFC", text).casefold())
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def signature(text: str) -> np.ndarray:
    """MinHash signature of a text's shingles (uint64, NUM_PERM values)."""
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch(list(shingles(text)))
    return m.hashvalues.astype(np.uint64)


class NearDuplicateIndex:
    """Signatures of the stored articles; answers "which stored article does this one copy?"."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._sigs: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def add(self, article_id: str, sig: np.ndarray) -> None:
        if article_id in self._sigs:
            return
        self._sigs[article_id] = sig
        self._lsh.insert(article_id, MinHash(num_perm=NUM_PERM, hashvalues=sig, scheme=SCHEME))

    def find(self, sig: np.ndarray) -> tuple[str, float] | None:
        """The most similar stored article at or above the threshold, with its estimated Jaccard."""
        best: tuple[str, float] | None = None
        for cand in self._lsh.query(MinHash(num_perm=NUM_PERM, hashvalues=sig, scheme=SCHEME)):
            jac = float(np.mean(self._sigs[cand] == sig))
            if jac >= self.threshold and (best is None or jac > best[1] or (jac == best[1] and cand < best[0])):
                best = (cand, jac)
        return best
