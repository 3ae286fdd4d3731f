"""Any sentence-transformers model as an embedder (optional: `pip install newsloom[st]`)."""

from __future__ import annotations

import numpy as np

from newsloom.embed.protocol import Embedder, check_texts, l2_normalize


class SentenceTransformerEmbedder(Embedder):
    """Wraps `sentence_transformers.SentenceTransformer`.

    For e5-style models give the prefixes the model card asks for (the defaults suit e5);
    for models without prefixes pass empty strings.
    """

    def __init__(self, model: str, passage_prefix: str = "passage: ", query_prefix: str = "query: ",
                 batch_size: int = 32, **kwargs):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as err:
            raise ImportError(
                f"the 'st:{model}' embedder needs sentence-transformers: pip install 'newsloom[st]'"
            ) from err
        self.model = SentenceTransformer(model, **kwargs)
        self.name = f"st:{model}"
        self.dim = int(self.model.get_sentence_embedding_dimension())
        self.passage_prefix, self.query_prefix, self.batch_size = passage_prefix, query_prefix, batch_size

    def _embed(self, texts: list[str], prefix: str) -> np.ndarray:
        texts = [prefix + t for t in check_texts(texts)]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self.model.encode(texts, batch_size=self.batch_size, convert_to_numpy=True)
        return l2_normalize(vecs)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, self.passage_prefix)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, self.query_prefix)
