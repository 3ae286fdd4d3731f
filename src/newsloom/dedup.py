"""Exact and near-duplicate detection.

Exact copies share the content hash (`Article.id`). Near copies (a republished article with a new headline,
a cut paragraph, a few words changed) are found with MinHash LSH over word 5-gram shingles of the body and
confirmed by the estimated Jaccard similarity. The LSH bands live in the store (`bands` table), so
near copies of any stored article are found without holding an index in memory.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from newsloom.store.base import Store

NUM_PERM = 128
SHINGLE = 5
SCHEME = "affine32"  # datasketch >= 2 wants the hashing scheme named
LSH_THRESHOLD = 0.5  # the estimated Jaccard the LSH bands are built for: the lowest `dedup.threshold` can be

_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def _grams(words: list[str], k: int) -> set[bytes]:
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    return _grams(_words(text), k)


def containment(part: str, whole: str) -> float:
    """The share of `part`'s 5-word shingles that `whole` holds (1.0: all of it, as a file's first part is in
    the finished file); 0.0 for a part of fewer than five words, or longer than the whole (a teaser read again
    in place of the full text is no later version of it)."""
    words, held = _words(part), _words(whole)
    if len(words) < SHINGLE or len(words) > len(held):
        return 0.0
    grams = _grams(words, SHINGLE)
    return len(grams & _grams(held, SHINGLE)) / len(grams)


def signature(text: str) -> np.ndarray:
    """MinHash signature of a text's shingles (uint64, NUM_PERM values)."""
    from datasketch import MinHash  # imported when needed: read commands never pay for it

    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch(list(shingles(text)))
    return m.hashvalues.astype(np.uint64)


@cache
def _bands() -> tuple[int, int]:
    """(bands, rows per band), as datasketch's MinHashLSH picks them for LSH_THRESHOLD."""
    from datasketch.lsh import _optimal_param

    return _optimal_param(LSH_THRESHOLD, NUM_PERM, 0.5, 0.5)


def band_keys(sig: np.ndarray) -> list[int]:
    """The LSH band keys of a signature: two articles are candidates when they share one. The bands are the
    ones datasketch's MinHashLSH chooses for LSH_THRESHOLD (b bands of r rows), so the candidates are the same."""
    b, r = _bands()
    raw = np.ascontiguousarray(sig, dtype=np.uint64)
    return [int.from_bytes(hashlib.blake2b(i.to_bytes(2, "little") + raw[i * r:(i + 1) * r].tobytes(),
                                           digest_size=8).digest(), "little", signed=True) for i in range(b)]


def jaccard(a: np.ndarray | bytes, b: np.ndarray | bytes) -> float:
    """Estimated Jaccard similarity of two MinHash signatures (arrays, or their bytes as stored)."""
    def values(sig: np.ndarray | bytes) -> np.ndarray:
        return np.frombuffer(sig, dtype=np.uint64) if isinstance(sig, bytes) else sig

    return float(np.mean(values(a) == values(b)))


def find_near(store: Store, sig: np.ndarray, threshold: float = LSH_THRESHOLD) -> tuple[str, float] | None:
    """The most similar stored article at or above the threshold, with its estimated Jaccard: candidates
    come from the store's band index, so nothing is held in memory and nothing is replayed."""
    best: tuple[str, float] | None = None
    for cand, blob in store.near_candidates(band_keys(sig)):
        jac = jaccard(blob, sig)
        if jac >= threshold and (best is None or jac > best[1] or (jac == best[1] and cand < best[0])):
            best = (cand, jac)
    return best


def earlier_version(store: Store, place: str, sig: np.ndarray, text: str, threshold: float,
                    contained: float) -> str | None:
    """The article last stored from the same URL or file, when `text` (of signature `sig`) is a version of
    it: their estimated Jaccard at least `threshold` (a page edited for an update keeps much of its text), or
    the stored one's shingles at least `contained` in `text` (a file read half-written, then finished); else
    None: the place now holds another article."""
    last = store.latest_at(place)
    if last is None or last[1] is None:
        return None
    if jaccard(last[1], sig) >= threshold:
        return last[0]
    earlier = store.articles_with_ids([last[0]])
    return last[0] if earlier and containment(earlier[0].text, text) >= contained else None
