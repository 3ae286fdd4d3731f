"""The embedder interface: texts in, L2-normalised float32 vectors out."""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np


def l2_normalize(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


class Embedder(ABC):
    """Maps texts to unit vectors; cosine similarity is then a dot product.

    e5-family models are asymmetric: documents are embedded as passages, search strings as
    queries. Symmetric tasks (clustering, duplicates) compare passages with passages.
    """

    name: str
    dim: int
    spec: tuple[str, dict] | None = None  # (name, keywords) when made by `get_embedder`

    @abstractmethod
    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, L2-normalised; batching happens inside."""

    @abstractmethod
    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Like embed_passages, for search queries (e5's "query: " prefix)."""

    def use_threads(self, threads: int) -> None:
        """Compute on this many threads from now on, where the backend has a thread pool and the caller chose no
        count when making it (the vectors are the same): the pipeline leaves the cores its other work keeps
        busy to that work."""
        return None  # no thread pool to size

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, dim={self.dim})"


def check_texts(texts: list[str]) -> list[str]:
    """Validate input early with a clear message (a lone string is a common slip)."""
    if isinstance(texts, str):
        raise TypeError("expected a list of texts, got a single str; wrap it in a list")
    texts = list(texts)
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise TypeError(f"texts[{i}] is {type(t).__name__}, expected str")
    return texts
