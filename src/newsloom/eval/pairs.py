"""`newsloom eval pairs`: does newsloom's "same story?" score agree with people on article pairs?

On SemEval-2022 Task 8 pairs (`overall`: 1 = same story ... 4 = unrelated), each article goes through
newsloom's stages (text, language, entities, embedding, TF-IDF) and the pair gets the logit of the
clusterer's pairwise same-event model. Reported: Pearson and Spearman correlation with -overall, overall,
per language pair and for the cross-lingual pairs alone, and the accuracy of the clusterer's decision
(probability at or above its threshold) against "same story" (overall <= 2).
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from newsloom.eval.metrics import pearson, spearman
from newsloom.model import RawItem


@dataclass
class PairScores:
    n: int
    pearson: float
    spearman: float
    accuracy: float


@dataclass
class PairsEval:
    overall: PairScores
    cross_lingual: PairScores
    per_language: dict[str, PairScores] = field(default_factory=dict)


def _split(text: str) -> tuple[str, str]:
    """SemEval texts are "title  body": the title ends at the first double space, if any."""
    title, sep, body = text.partition("  ")
    return (title.strip(), body.strip()) if sep and len(title) < 300 else ("", text.strip())


def _scores(logits: list[float], overall: list[float], threshold: float) -> PairScores:
    cut = math.log(threshold / (1 - threshold))
    correct = sum((z >= cut) == (o <= 2) for z, o in zip(logits, overall, strict=True))
    return PairScores(len(logits), pearson(logits, [-o for o in overall]), spearman(logits, [-o for o in overall]),
                      correct / len(logits) if logits else float("nan"))


def evaluate_pairs(path: Path, embedder: str = "auto", progress: Callable[[int, int], None] | None = None) -> PairsEval:
    from newsloom.cluster.lexical import term_counts
    from newsloom.embed import get_embedder
    from newsloom.entities.extract import extract_mentions
    from newsloom.pipeline import Pipeline, embed_text, prepare
    from newsloom.store import Store

    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "pairs.db") as store:
        pipeline = Pipeline(store, get_embedder(embedder))
        articles = []
        for n, r in enumerate(rows, 1):
            for side in ("1", "2"):
                title, body = _split(r[f"text{side}"])
                a = prepare(RawItem(f"{r['pair_id']}:{side}", title, body))
                a.mentions = extract_mentions(a)
                pipeline.linker.link(a)
                articles.append(a)
            if progress:
                progress(n, len(rows))
        vectors = pipeline.embedder.embed_queries([embed_text(a) for a in articles])
        terms = [term_counts(a.title, a.text, a.lang) for a in articles]
        for t in terms:
            pipeline.df.add(t.ids)
        signals = [pipeline._signal(a, v, t) for a, v, t in zip(articles, vectors, terms, strict=True)]
        clusterer = pipeline.clusterer
        logits = [clusterer.pair_logit(signals[2 * i], signals[2 * i + 1]) for i in range(len(rows))]
        threshold = clusterer.config.threshold
    overall = [float(r["overall"]) for r in rows]
    pair = [f"{r['lang1']}-{r['lang2']}" for r in rows]
    cross = [i for i, r in enumerate(rows) if r["lang1"] != r["lang2"]]
    result = PairsEval(_scores(logits, overall, threshold),
                       _scores([logits[i] for i in cross], [overall[i] for i in cross], threshold))
    for p in sorted(set(pair)):
        sel = [i for i, q in enumerate(pair) if q == p]
        result.per_language[p] = _scores([logits[i] for i in sel], [overall[i] for i in sel], threshold)
    return result


def print_pairs_report(r: PairsEval, console: Console) -> None:
    table = Table(title="Same story? newsloom's pairwise score vs human 'overall' (correlated with its negative)")
    for col in ("pairs", "n", "Pearson", "Spearman", "decision accuracy"):
        table.add_column(col, justify="left" if col == "pairs" else "right")

    def row(name: str, s: PairScores) -> None:
        table.add_row(name, str(s.n), f"{s.pearson:.3f}", f"{s.spearman:.3f}", f"{s.accuracy:.3f}")

    row("all", r.overall)
    row("cross-lingual", r.cross_lingual)
    for name, s in r.per_language.items():
        row(name, s)
    console.print(table)
