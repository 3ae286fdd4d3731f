"""`newsloom eval pairs`: does newsloom's "same story?" score agree with people on article pairs?

On SemEval-2022 Task 8 pairs (`overall`: 1 = same story ... 4 = unrelated), each article goes through
newsloom's stages (text, language, entities, embedding, TF-IDF); all the file's articles form the
clusterer's language background (cluster/background.py). Each pair gets two scores:
  - the logit of the clusterer's pairwise same-event model, whose decision (probability at or above its
    threshold) is checked against "same story" (overall <= 2);
  - the story similarity: how many spreads their leads' cosine lies above the usual cosine of articles
    in their two languages (`background.z`).
Reported: Pearson and Spearman correlation of each with -overall, overall, per language pair and for the
cross-lingual pairs alone, and the decision's accuracy, precision and recall.
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from rich.console import Console
from rich.table import Table

from newsloom.cluster import background
from newsloom.cluster.online import ClusterConfig, Signal
from newsloom.eval.metrics import pearson, spearman
from newsloom.model import RawItem

if TYPE_CHECKING:
    from newsloom.settings import Settings


@dataclass
class PairScores:
    n: int
    pearson: float  # the story similarity's
    spearman: float
    accuracy: float  # the clusterer's decision against "same story" (overall <= 2)
    logit_pearson: float  # the clusterer's pair logit
    logit_spearman: float
    precision: float = float("nan")  # of the decision "same"
    recall: float = float("nan")  # the share of same-story pairs decided "same"


@dataclass
class CrossFit:
    """The model across languages fitted on the file's cross-lingual pairs ("same story": overall <= 2),
    scored out of fold (folds grouped so that no article is on both sides)."""

    n: int
    folds: int
    pearson: float  # of the out-of-fold logit with -overall
    precision: float  # of the out-of-fold decision at the clusterer's threshold
    recall: float
    weights: dict[str, float]  # fitted on every cross-lingual pair of the file
    bias: float

    def figures_weight(self, dense_weight: float) -> float:
        """The figures weight for a model whose dense weight is `dense_weight`, in this fit's proportion."""
        return dense_weight * self.weights["figures"] / self.weights["dense"]


@dataclass
class CompareThreshold:
    """The pair probability from which sources compared sets the claims of two articles in two languages
    against each other (`compare.same_event_across`): the lowest at which "same story" (overall <= 2) is as
    precise across languages as it is within one language at `compare.same_event`. Chosen out of fold
    (folds grouped by article) to score it, then on the whole file to ship it."""

    within: float  # compare.same_event
    target: float  # the precision of "same story" at `within` on the file's same-language pairs
    at_within: tuple[float, float]  # precision and recall across languages at `within`
    out_of_fold: tuple[float, float]  # precision and recall across languages at the thresholds chosen out of fold
    chosen: list[float]  # per fold
    whole: float  # chosen on every cross-lingual pair of the file


@dataclass
class FallbackOffset:
    """Across languages before a store has a background for both (fewer than 32 recent articles of one, as in
    a new user's first runs), the clusterer raises the cosine by `cluster.cross_dense_offset` and judges it by
    the same-language model. The offset: the largest of `_OFFSETS` whose decision on the training pairs is as
    precise as the model with the file's background (`target`), out of fold (folds grouped by article) to
    score it, then on the whole file to ship it."""

    target: float  # the decision's precision across languages with the background
    setting: float  # cluster.cross_dense_offset
    at_setting: tuple[float, float]  # precision and recall without a background, at the setting
    out_of_fold: tuple[float, float]
    chosen: list[float]  # per fold
    whole: float


@dataclass
class PairsEval:
    overall: PairScores
    cross_lingual: PairScores
    per_language: dict[str, PairScores] = field(default_factory=dict)
    cross_fit: CrossFit | None = None
    compare: CompareThreshold | None = None
    fallback: FallbackOffset | None = None


def _split(text: str) -> tuple[str, str]:
    """SemEval texts are "title  body": the title ends at the first double space, if any."""
    title, sep, body = text.partition("  ")
    return (title.strip(), body.strip()) if sep and len(title) < 300 else ("", text.strip())


def _scores(similarity: list[float], logits: list[float], overall: list[float], threshold: float) -> PairScores:
    cut = math.log(threshold / (1 - threshold))
    said = [z >= cut for z in logits]
    gold = [o <= 2 for o in overall]
    hits = sum(p and g for p, g in zip(said, gold, strict=True))
    correct = sum(p == g for p, g in zip(said, gold, strict=True))
    human = [-o for o in overall]

    def ratio(a: int, b: int) -> float:
        return a / b if b else float("nan")

    return PairScores(len(logits), pearson(similarity, human), spearman(similarity, human),
                      ratio(correct, len(logits)), pearson(logits, human), spearman(logits, human),
                      ratio(hits, sum(said)), ratio(hits, sum(gold)))


def evaluate_pairs(path: Path, embedder: str = "auto", progress: Callable[[int, int], None] | None = None,
                   settings: Settings | None = None) -> PairsEval:
    """Scores for the pairs in `path`, read and embedded with `settings` (the defaults when None)."""
    from newsloom.cluster.lexical import term_counts
    from newsloom.embed import get_embedder
    from newsloom.pipeline import Pipeline, embed_text
    from newsloom.settings import DEFAULTS
    from newsloom.store import SQLiteStore

    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "pairs.db") as store:
        pipeline = Pipeline(store, get_embedder(embedder), settings=settings or DEFAULTS)
        articles = []
        for n, r in enumerate(rows, 1):
            for side in ("1", "2"):
                title, body = _split(r[f"text{side}"])
                articles.append(pipeline.process(RawItem(f"{r['pair_id']}:{side}", title, body)))
            if progress:
                progress(n, len(rows))
        vectors = pipeline.embedder.embed_queries([embed_text(a, pipeline.settings.run.lead_chars) for a in articles])
        terms = [term_counts(a.title, a.text, a.lang) for a in articles]
        for t in terms:
            pipeline.df.add(t.ids)
        signals = [pipeline._signal(a, v, t) for a, v, t in zip(articles, vectors, terms, strict=True)]
        clusterer = pipeline.clusterer
        for sg in signals:  # the background: the file's articles (a pair's own two are 2 of hundreds)
            clusterer.background.add(sg.lang, sg.embedding)
        for sg in signals:
            clusterer.profile(sg)
        logits = [clusterer.pair_logit(signals[2 * i], signals[2 * i + 1]) for i in range(len(rows))]
        cross = [i for i, r in enumerate(rows) if r["lang1"] != r["lang2"]]
        features = np.array([_cross_features(clusterer, signals[2 * i], signals[2 * i + 1]) for i in cross])
        similarity = [_similarity(signals[2 * i], signals[2 * i + 1]) for i in range(len(rows))]
        threshold = clusterer.config.threshold
        unprofiled = [replace(sg, profile={}) for sg in signals]  # as in a store without a background
        base = clusterer.config
        without = {}  # offset -> the cross-lingual pairs' logits without a background
        for offset in (*_OFFSETS, base.cross_dense_offset):
            clusterer.config = replace(base, cross_dense_offset=offset)
            without[offset] = np.array([clusterer.pair_logit(unprofiled[2 * i], unprofiled[2 * i + 1]) for i in cross])
        clusterer.config = base
    overall = [float(r["overall"]) for r in rows]
    pair = [f"{r['lang1']}-{r['lang2']}" for r in rows]

    def scores(sel: list[int]) -> PairScores:
        return _scores([similarity[i] for i in sel], [logits[i] for i in sel], [overall[i] for i in sel], threshold)

    result = PairsEval(scores(list(range(len(rows)))), scores(cross))
    if cross:
        ids = [tuple(str(r["pair_id"]).split("_", 1)) for r in rows]
        result.cross_fit = fit_cross(features, [overall[i] for i in cross], [ids[i] for i in cross], threshold)
        within = [i for i, r in enumerate(rows) if r["lang1"] == r["lang2"]]
        result.compare = compare_threshold([logits[i] for i in within], [overall[i] for i in within],
                                           [logits[i] for i in cross], [overall[i] for i in cross],
                                           [ids[i] for i in cross])
        result.fallback = fallback_offset(without, base.cross_dense_offset, result.cross_lingual.precision,
                                          [overall[i] for i in cross], [ids[i] for i in cross], threshold)
    for p in sorted(set(pair)):
        result.per_language[p] = scores([i for i, q in enumerate(pair) if q == p])
    return result


CROSS_FEATURES = ("dense", "entities", "figures")


def _cross_features(clusterer, a: Signal, b: Signal) -> list[float]:
    """What the clusterer's model across languages reads of a pair: the dense cosine on the same-language
    scale (raised by the fixed offset without a background), entity overlap, figures in common."""
    dense, _, _, entities, figures = clusterer.pair_features(a, [b])[0]
    own = background.on_own_scale(float(dense), a.profile, a.lang, b.profile, b.lang)
    return [dense + clusterer.config.cross_dense_offset if own is None else own, entities, figures]


def _groups(ids: list[tuple[str, ...]]) -> list[int]:
    """A group per set of pairs linked by a shared article, so that no article is on both sides of a fold."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    number = {a: n for n, a in enumerate(sorted({a for pair in ids for a in pair}))}
    first = [number[pair[0]] for pair in ids]
    other = [number[pair[-1]] for pair in ids]
    graph = coo_matrix(([1] * len(ids), (first, other)), shape=(len(number), len(number)))
    _, component = connected_components(graph, directed=False)
    order: dict[int, int] = {}  # groups numbered as they first appear, so that the folds never depend on scipy's
    return [order.setdefault(int(component[i]), len(order)) for i in first]


def fit_cross(x: np.ndarray, overall: list[float], ids: list[tuple[str, ...]], threshold: float,
              folds: int = 5) -> CrossFit:
    """Logistic regression of "same story" on CROSS_FEATURES, out of fold (GroupKFold by article)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    y = np.array([o <= 2 for o in overall])
    mean, sd = x.mean(axis=0), np.maximum(x.std(axis=0), 1e-12)

    def model(rows: np.ndarray) -> LogisticRegression:
        return LogisticRegression(C=1e4, tol=1e-8, max_iter=10_000).fit((x[rows] - mean) / sd, y[rows])

    oof = np.zeros(len(y))
    for train, test in GroupKFold(folds).split(x, y, _groups(ids)):
        oof[test] = model(train).decision_function((x[test] - mean) / sd)
    precision, recall = _precision_recall(oof, y, math.log(threshold / (1 - threshold)))
    whole = model(np.arange(len(y)))
    w = whole.coef_[0] / sd
    return CrossFit(len(y), folds, pearson(oof.tolist(), [-o for o in overall]), precision, recall,
                    dict(zip(CROSS_FEATURES, w.tolist(), strict=True)), float(whole.intercept_[0] - w @ mean))


_GRID = tuple(round(0.05 * k, 2) for k in range(1, 11))  # candidate thresholds, 0.05 ... 0.5


def _precision_recall(p: np.ndarray, y: np.ndarray, t: float | np.ndarray) -> tuple[float, float]:
    """Precision and recall of the decision `p >= t` against `y`."""
    said = p >= t
    hits = int((said & y).sum())
    return hits / max(1, int(said.sum())), hits / max(1, int(y.sum()))


def _out_of_fold(choose: Callable[[np.ndarray], float], ids: list[tuple[str, ...]], folds: int
                 ) -> tuple[list[float], np.ndarray]:
    """What `choose` picks from the pairs of the other folds (folds grouped so that no article is on both
    sides): each fold's pick, and each pair's."""
    from sklearn.model_selection import GroupKFold

    chosen, per_pair = [], np.zeros(len(ids))
    for train, test in GroupKFold(folds).split(np.zeros(len(ids)), groups=_groups(ids)):
        chosen.append(choose(train))
        per_pair[test] = chosen[-1]
    return chosen, per_pair


def compare_threshold(within_logits: list[float], within_overall: list[float], cross_logits: list[float],
                      cross_overall: list[float], ids: list[tuple[str, ...]], folds: int = 5) -> CompareThreshold:
    """See CompareThreshold. The lowest threshold of `_GRID` from which precision on the training pairs
    reaches the target at every threshold up to `compare.same_event` (not at a lucky dip), else
    `compare.same_event` itself."""
    from newsloom.settings import DEFAULTS

    within = DEFAULTS.compare.same_event
    target, _ = _precision_recall(1 / (1 + np.exp(-np.array(within_logits))), np.array([o <= 2 for o in within_overall]),
                                  within)
    p = 1 / (1 + np.exp(-np.array(cross_logits)))
    y = np.array([o <= 2 for o in cross_overall])

    def choose(rows: np.ndarray) -> float:
        best = within
        for t in reversed(_GRID):
            if _precision_recall(p[rows], y[rows], t)[0] < target:
                break
            best = t
        return best

    chosen, cut = _out_of_fold(choose, ids, folds)
    return CompareThreshold(within, target, _precision_recall(p, y, within), _precision_recall(p, y, cut), chosen,
                            choose(np.arange(len(y))))


_OFFSETS = tuple(round(0.005 * k, 3) for k in range(21))  # candidate offsets, 0 ... 0.1


def fallback_offset(logits: dict[float, np.ndarray], setting: float, target: float, overall: list[float],
                    ids: list[tuple[str, ...]], threshold: float, folds: int = 5) -> FallbackOffset:
    """See FallbackOffset. `logits`: per offset, the cross-lingual pairs' logits without a background."""
    y = np.array([o <= 2 for o in overall])
    cut = math.log(threshold / (1 - threshold))

    def choose(rows: np.ndarray) -> float:
        fit = [o for o in _OFFSETS if _precision_recall(logits[o][rows], y[rows], cut)[0] >= target]
        return max(fit, default=_OFFSETS[0])

    chosen, offset = _out_of_fold(choose, ids, folds)
    oof = np.array([logits[o][i] for i, o in enumerate(offset)])  # each pair's logit at its fold's offset
    return FallbackOffset(target, setting, _precision_recall(logits[setting], y, cut), _precision_recall(oof, y, cut),
                          chosen, choose(np.arange(len(y))))


def _similarity(a: Signal, b: Signal) -> float:
    """The story similarity of two profiled articles; their raw cosine when a language has no background."""
    cos = float(a.embedding @ b.embedding)
    z = background.z(cos, a.profile, a.lang, b.profile, b.lang)
    return cos if z is None else z


def print_pairs_report(r: PairsEval, console: Console) -> None:
    table = Table(title="Same story? newsloom's scores vs human 'overall' (correlated with its negative)")
    # not language data: the columns of the table
    for col in ("pairs", "n", "similarity r", "similarity rho", "pair logit r", "pair logit rho", "decision acc.",
                "precision", "recall"):
        table.add_column(col, justify="left" if col == "pairs" else "right")

    def row(name: str, s: PairScores) -> None:
        table.add_row(name, str(s.n), f"{s.pearson:.3f}", f"{s.spearman:.3f}", f"{s.logit_pearson:.3f}",
                      f"{s.logit_spearman:.3f}", f"{s.accuracy:.3f}", f"{s.precision:.3f}", f"{s.recall:.3f}")

    row("all", r.overall)
    row("cross-lingual", r.cross_lingual)
    for name, s in r.per_language.items():
        row(name, s)
    table.caption = ("r: Pearson, rho: Spearman. similarity: the leads' cosine in spreads above the usual "
                     "cosine of articles in the two languages (background: the file's articles). pair logit "
                     "and decision (probability >= threshold; accuracy, precision and recall against "
                     "overall <= 2): the clusterer's same-event model.")
    console.print(table)
    f = r.cross_fit
    if f is not None:
        weights = ", ".join(f"{k} {v:.2f}" for k, v in f.weights.items())
        console.print(f"Across languages, fitted on the file's {f.n} cross-lingual pairs, out of fold ({f.folds} "
                      f"folds grouped by article): Pearson {f.pearson:.3f}, decision precision {f.precision:.3f}, "
                      f"recall {f.recall:.3f}. Fitted on all of them: {weights}, bias {f.bias:.2f}. In the "
                      f"clusterer's model across languages (dense {ClusterConfig().x_dense:.2f}) the same "
                      f"proportion gives figures {f.figures_weight(ClusterConfig().x_dense):.2f}.", highlight=False)
    c = r.compare
    if c is not None:
        console.print(f"Sources compared across languages: within one language, claims are compared from a pair "
                      f"probability of {c.within:.2f}, where 'same story' holds for {c.target:.1%} of the pairs. "
                      f"Across languages, at {c.within:.2f}: precision {c.at_within[0]:.3f}, recall "
                      f"{c.at_within[1]:.3f}; at the lowest threshold from which every threshold up to {c.within:.2f} reaches that precision, chosen out of fold "
                      f"({', '.join(f'{t:.2f}' for t in c.chosen)}): precision {c.out_of_fold[0]:.3f}, recall "
                      f"{c.out_of_fold[1]:.3f}. Chosen on the whole file: {c.whole:.2f} (the setting "
                      f"compare.same_event_across). The probabilities are the clusterer's, whose figures weight "
                      f"across languages was fitted on all these pairs (above).", highlight=False)
    b = r.fallback
    if b is not None:
        console.print(f"Before both languages have a background (a small store), the clusterer raises the cosine "
                      f"across languages by cluster.cross_dense_offset ({b.setting:.3f}): precision "
                      f"{b.at_setting[0]:.3f}, recall {b.at_setting[1]:.3f}. The largest offset as precise as the "
                      f"model with the background ({b.target:.3f}), chosen out of fold "
                      f"({', '.join(f'{o:.3f}' for o in b.chosen)}): precision {b.out_of_fold[0]:.3f}, recall "
                      f"{b.out_of_fold[1]:.3f}. Chosen on the whole file: {b.whole:.3f}.", highlight=False)
