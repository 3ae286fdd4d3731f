"""`newsloom eval fit`: fit the clusterer's pairwise same-event model on a labelled corpus.

The corpus streams through the real pipeline. Then, article by article in arrival order, the stories of
its 30 nearest earlier articles are its candidates (the gold stories, as if every earlier article had
been placed right) and each of their 24 latest members makes a pair, labelled "same event" when the
gold story is the article's own. Features are the clusterer's: dense cosine, TF-IDF cosines of texts and
titles, entity overlap (with the stream's final entity frequencies). Two logistic regressions are fitted:
with all features, and without the word features, the model for pairs in two languages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from newsloom.cluster.online import FEATURES, ClusterConfig, OnlineClusterer, Signal

NEIGHBOURS, MEMBERS = 30, 24


@dataclass
class PairModel:
    name: str
    weights: dict[str, float]  # by feature; absent: not used
    bias: float


@dataclass
class FitResult:
    pairs: int
    positives: int
    models: list[PairModel]


def candidate_pairs(signals: list[Signal], gold: list[str], clusterer: OnlineClusterer) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows (FEATURES order, the clusterer's `pair_features`) and labels of every article against
    its candidates' members."""
    emb = np.stack([s.embedding for s in signals])
    members: dict[str, list[int]] = {}
    rows, labels = [], []
    for i, s in enumerate(signals):
        if i:
            near = np.argsort(-(emb[:i] @ s.embedding), kind="stable")[:NEIGHBOURS]
            stories = list(dict.fromkeys(gold[j] for j in near))
            pairs = [(g, m) for g in stories for m in members[g][-MEMBERS:]]
            rows.append(clusterer.pair_features(s, [signals[m] for _, m in pairs]))
            labels += [g == gold[i] for g, _ in pairs]
        members.setdefault(gold[i], []).append(i)
    return np.vstack(rows), np.array(labels)


def fit_pair_models(x: np.ndarray, y: np.ndarray) -> list[PairModel]:
    from sklearn.linear_model import LogisticRegression

    out = []
    for name, cols in (("all features", ["dense", "lexical", "title", "entities"]),
                       ("no words (across languages)", ["dense", "entities", "figures"])):
        f = x[:, [FEATURES.index(c) for c in cols]]
        # standardised, and to a tight tolerance: on the raw cosines (spread about 0.03) the solver stops
        # early on a flat ridge of dense weight and bias, where run-to-run noise moves the weights by 10%
        mean, sd = f.mean(axis=0), np.maximum(f.std(axis=0), 1e-12)
        m = LogisticRegression(C=1e4, tol=1e-8, max_iter=10_000).fit((f - mean) / sd, y)
        w = m.coef_[0] / sd
        out.append(PairModel(name, dict(zip(cols, w.tolist(), strict=True)), float(m.intercept_[0] - w @ mean)))
    return out


def fit(files: Iterable[Path], embedder: str = "auto", progress: Callable[[int, int], None] | None = None) -> FitResult:
    from newsloom.embed import get_embedder
    from newsloom.eval.clusters import corpus_items, gold_labels, streamed

    files = [Path(f) for f in files]
    gold: dict[str, str] = {}
    for f in files:
        gold.update({origin: g for origin, (g, _) in gold_labels(f).items()})
    items = corpus_items(files)
    everything = ClusterConfig(window_days=1 << 30, window_articles=1 << 30)  # every signal stays for the pairs
    with streamed(items, get_embedder(embedder), progress, config=everything) as (pipeline, _):
        origin = {aid: o for aid, o, _ in pipeline.store.article_stories()}
        clusterer = pipeline.clusterer
        signals = [s for s in clusterer.signals.values() if origin.get(s.id) in gold]
        x, y = candidate_pairs(signals, [gold[origin[s.id]] for s in signals], clusterer)
    return FitResult(len(y), int(y.sum()), fit_pair_models(x, y))


def print_fit_report(r: FitResult, console: Console) -> None:
    c = ClusterConfig()
    table = Table(title=f"Pairwise same-event model: {r.pairs:,} pairs, {r.positives:,} same event")
    for col in ("model", *FEATURES, "bias"):
        table.add_column(col, justify="left" if col == "model" else "right")
    for m in r.models:
        table.add_row(m.name, *(f"{m.weights[f]:.2f}" if f in m.weights else "-" for f in FEATURES), f"{m.bias:.2f}")
    table.add_row("in use: same language", f"{c.w_dense:.2f}", f"{c.w_lexical:.2f}", f"{c.w_title:.2f}",
                  f"{c.w_entities:.2f}", "-", f"{c.bias:.2f}")
    table.add_row("in use: across languages", f"{c.x_dense:.2f}", "-", "-", f"{c.x_entities:.2f}",
                  f"{c.x_figures:.2f}", f"{c.x_bias:.2f}")
    console.print(table)
