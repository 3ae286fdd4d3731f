"""`newsloom eval storylines`: fit the key-terms threshold of storylines on a corpus of topics followed
over time (DUC 2007), out of fold.

The corpus streams through the real pipeline. Each story's key terms are then taken as the pipeline takes
them (`cluster.storylines.story_terms`, with the stream's final term frequencies), and every pair of
stories gets the cosine of their key terms. A story's gold topic is its articles' most common one. The
topics are split in folds (GroupKFold: no topic, so no article, on both sides); in each, the threshold
that gives the training topics' stories the best BCubed F1 (single link: stories whose cosine reaches it
share a storyline) is applied to the held-out topics' stories alone. Reported: that out-of-fold BCubed
over all articles, each fold's threshold, and the threshold fitted on every topic (the one to ship).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.console import Console

from newsloom.eval.metrics import bcubed

GRID = np.round(np.arange(0.02, 0.701, 0.01), 3)


@dataclass
class StorylineFit:
    articles: int
    stories: int
    topics: int
    folds: list[float]  # the threshold fitted in each fold
    oof: tuple[float, float, float]  # BCubed P, R, F1 of the held-out topics, each fold on its own
    threshold: float  # fitted on every topic
    in_stream: tuple[float, float, float]  # the storylines the stream itself made (the shipped rule)


def _score(cos: np.ndarray, members: list[list[str]], gold: dict[str, str], stories: np.ndarray,
           threshold: float) -> tuple[list[str], list[int]]:
    """Gold and predicted storyline of each article of `stories` (indexes), linked at `threshold`."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    _, comp = connected_components(csr_matrix(cos[np.ix_(stories, stories)] >= threshold), directed=False)
    g, p = [], []
    for k, s in enumerate(stories):
        for origin in members[s]:
            g.append(gold[origin])
            p.append(int(comp[k]))
    return g, p


def fit_threshold(cos: np.ndarray, members: list[list[str]], gold: dict[str, str], folds: int = 5
                  ) -> tuple[list[float], tuple[float, float, float], float]:
    """Per-fold thresholds, the out-of-fold BCubed, and the threshold fitted on all stories."""
    from sklearn.model_selection import GroupKFold

    topic = [Counter(gold[o] for o in m).most_common(1)[0][0] for m in members]
    everything = np.arange(len(members))

    def best(stories: np.ndarray) -> float:
        return float(max(GRID, key=lambda t: (bcubed(*_score(cos, members, gold, stories, t))[2], -t)))

    chosen, g_all, p_all = [], [], []
    for fold, (train, test) in enumerate(GroupKFold(folds).split(everything, groups=topic)):
        t = best(train)
        chosen.append(t)
        g, p = _score(cos, members, gold, test, t)
        g_all += g
        p_all += [f"{fold}:{x}" for x in p]
    return chosen, bcubed(g_all, p_all), best(everything)


def fit_storylines(files: Iterable[Path], embedder: str = "auto",
                   progress: Callable[[int, int], None] | None = None) -> StorylineFit:
    from newsloom.cluster.lexical import Terms
    from newsloom.cluster.storylines import story_terms
    from newsloom.embed import get_embedder
    from newsloom.eval.clusters import corpus_items, gold_labels, streamed

    files = [Path(f) for f in files]
    gold: dict[str, str] = {}
    for f in files:
        gold.update({origin: g for origin, (g, _) in gold_labels(f).items()})
    with streamed(corpus_items(files), get_embedder(embedder), progress) as (pipeline, _):
        store = pipeline.store
        by_story: dict[int, list] = {}
        for a in store.articles():
            if a.origin in gold and a.story_id is not None:
                by_story.setdefault(a.story_id, []).append(a)
        ids = sorted(by_story)
        stored = {r.id: r.terms for r in store.index_rows() if r.copy_of is None and r.terms}
        terms = [story_terms((Terms.unpack(stored[a.id]) for a in by_story[s] if a.id in stored), pipeline.df)
                 for s in ids]
        lines = store.storylines()
    members = [[a.origin for a in by_story[s]] for s in ids]
    vocab = {t: k for k, t in enumerate(sorted({t for d in terms for t in d}))}
    mat = np.zeros((len(ids), len(vocab)), dtype=np.float32)
    for row, d in enumerate(terms):
        for t, w in d.items():
            mat[row, vocab[t]] = w
    cos = mat @ mat.T
    chosen, oof, threshold = fit_threshold(cos, members, gold)
    origins = [o for m in members for o in m]
    line_of = {o: lines.get(s) for s, m in zip(ids, members, strict=True) for o in m}
    in_stream = bcubed([gold[o] for o in origins], [line_of[o] for o in origins])
    return StorylineFit(len(origins), len(ids), len(set(gold[o] for o in origins)), chosen, oof, threshold,
                        in_stream)


def print_storyline_fit(r: StorylineFit, console: Console) -> None:
    from newsloom.settings import StorylineSettings

    p, rec, f = r.oof
    sp, sr, sf = r.in_stream
    console.print(
        f"{r.articles:,} articles, {r.stories:,} stories, {r.topics} topics.\n"
        f"Key terms alone, out of fold ({len(r.folds)} folds of topics; each fold's held-out topics linked on "
        f"their own): BCubed P {p:.4f} R {rec:.4f} F1 {f:.4f}; thresholds per fold "
        f"{', '.join(f'{t:.3f}' for t in r.folds)}.\n"
        f"Fitted on every topic: {r.threshold:.3f} (in use: {StorylineSettings().min_terms_cosine:.3f}).\n"
        f"The stream's own storylines (in-use rules, all topics together; in sample when the threshold in use "
        f"was fitted on this corpus): BCubed P {sp:.4f} R {sr:.4f} F1 {sf:.4f}.", highlight=False)
