"""`newsloom eval storylines`: fit the key-terms threshold of storylines on a corpus of topics followed
over time (DUC 2007), out of fold.

The corpus streams through the real pipeline. Each story's key terms are then read as the stream stored
them, and the stories are linked again in id order as the stream links them by key terms
(`cluster.storylines`: each story joins the storyline, among those of the stories before it with the
nearest key terms, whose own key terms are nearest, from the threshold on). A story's gold topic is its
articles' most common one. The topics are split in folds (GroupKFold: no topic, so no article, on both
sides); in each, the threshold that gives the training topics' stories, linked on their own, the best
BCubed F1 links every story, all topics in one stream as in use, and the held-out topics' articles are
scored. Reported: that out-of-fold BCubed, each fold's threshold, the threshold fitted on every topic (the
one to ship), and the storylines the stream itself made with the rules in use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.console import Console

from newsloom.eval.metrics import bcubed
from newsloom.settings import DEFAULTS, StorylineSettings

GRID = np.round(np.arange(0.01, 0.401, 0.01), 3)


@dataclass
class StorylineFit:
    articles: int
    stories: int
    topics: int
    folds: list[float]  # the threshold fitted in each fold
    oof: tuple[float, float, float]  # BCubed P, R, F1 of each fold's held-out topics, all topics linked together
    threshold: float  # fitted on every topic
    in_stream: tuple[float, float, float]  # the storylines the stream itself made (the rules in use)


def link_in_order(cos: np.ndarray, shared: np.ndarray, stories: np.ndarray, threshold: float,
                  s: StorylineSettings = DEFAULTS.storylines) -> np.ndarray:
    """The storyline (a story index) of each of `stories` (indexes in id order), linked one after the other
    as `cluster.storylines` links by key terms; `cos` and `shared`: the key-terms cosine and the count of
    shared key terms of every pair of stories."""
    line = {int(i): int(i) for i in stories}
    members = {int(i): [int(i)] for i in stories}
    for k, i in enumerate(stories):
        before = stories[:k][shared[i, stories[:k]] >= s.min_shared_terms]
        nearest = before[np.lexsort((before, -cos[i, before]))][:s.candidates]
        best: tuple[float, int] | None = None
        for other in dict.fromkeys(line[int(o)] for o in nearest):
            m = members[other][-s.line_stories:]
            c = float(cos[i, m].sum() / (np.sqrt(cos[np.ix_(m, m)].sum()) or 1.0))
            if c >= threshold and (best is None or c > best[0]):
                best = (c, other)
        if best is not None:  # story i is alone in its storyline so far: it joins the other one
            line[int(i)] = best[1]
            members[best[1]] = sorted(members[best[1]] + members.pop(int(i)))
    return np.array([line[int(i)] for i in stories])


def _per_article(gold: list[str], pred: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Each article's BCubed precision and recall."""
    pair, gsize, psize = Counter(zip(gold, pred, strict=True)), Counter(gold), Counter(pred)
    return (np.array([pair[g, p] / psize[p] for g, p in zip(gold, pred, strict=True)]),
            np.array([pair[g, p] / gsize[g] for g, p in zip(gold, pred, strict=True)]))


def fit_threshold(cos: np.ndarray, shared: np.ndarray, members: list[list[str]], gold: dict[str, str],
                  folds: int = 5, s: StorylineSettings = DEFAULTS.storylines
                  ) -> tuple[list[float], tuple[float, float, float], float]:
    """Per-fold thresholds, the out-of-fold BCubed, and the threshold fitted on all stories (indexes of
    `cos` in id order; `members`: each story's articles)."""
    from sklearn.model_selection import GroupKFold

    topic = [Counter(gold[o] for o in m).most_common(1)[0][0] for m in members]
    everything = np.arange(len(members))

    def labels(stories: np.ndarray, t: float) -> tuple[list[str], list[int], list[str]]:
        line = link_in_order(cos, shared, stories, t, s)
        return ([gold[o] for k in stories for o in members[k]], [int(x) for x, k in zip(line, stories, strict=True)
                                                                  for _ in members[k]],
                [topic[k] for k in stories for _ in members[k]])

    def best(stories: np.ndarray) -> float:
        return float(max(GRID, key=lambda t: (bcubed(*labels(stories, t)[:2])[2], -t)))

    chosen, precision, recall = [], [], []
    for train, test in GroupKFold(folds).split(everything, groups=topic):
        t = best(train)
        chosen.append(t)
        g, p, top = labels(everything, t)  # every topic in one stream, as in use
        held = set(topic[k] for k in test)
        pr, rc = _per_article(g, p)
        mask = np.array([x in held for x in top])
        precision.append(pr[mask])
        recall.append(rc[mask])
    pm, rm = float(np.concatenate(precision).mean()), float(np.concatenate(recall).mean())
    return chosen, (pm, rm, 2 * pm * rm / (pm + rm) if pm + rm else 0.0), best(everything)


def fit_storylines(files: Iterable[Path], embedder: str = "auto",
                   progress: Callable[[int, int], None] | None = None) -> StorylineFit:
    from newsloom.embed import get_embedder
    from newsloom.eval.clusters import corpus_items, gold_labels, streamed

    files = [Path(f) for f in files]
    gold: dict[str, str] = {}
    for f in files:
        gold.update({origin: g for origin, (g, _) in gold_labels(f).items()})
    with streamed(corpus_items(files), get_embedder(embedder), progress) as (pipeline, _):
        store = pipeline.store
        by_story: dict[int, list[str]] = {}
        for a in store.articles():
            if a.origin in gold and a.story_id is not None:
                by_story.setdefault(a.story_id, []).append(a.origin)
        ids = sorted(by_story)
        stored = store.story_terms(ids)
        lines = store.storylines()
    members = [by_story[s] for s in ids]
    vocab = {t: k for k, t in enumerate(sorted({t for d in stored.values() for t in d}))}
    mat = np.zeros((len(ids), len(vocab)), dtype=np.float64)
    for row, s in enumerate(ids):
        for t, w in stored.get(s, {}).items():
            mat[row, vocab[t]] = w
    has = (mat > 0).astype(np.float64)
    chosen, oof, threshold = fit_threshold(mat @ mat.T, has @ has.T, members, gold)
    origins = [o for m in members for o in m]
    line_of = {o: lines.get(s) for s, m in zip(ids, members, strict=True) for o in m}
    in_stream = bcubed([gold[o] for o in origins], [line_of[o] for o in origins])
    return StorylineFit(len(origins), len(ids), len(set(gold[o] for o in origins)), chosen, oof, threshold,
                        in_stream)


def print_storyline_fit(r: StorylineFit, console: Console) -> None:
    p, rec, f = r.oof
    sp, sr, sf = r.in_stream
    console.print(
        f"{r.articles:,} articles, {r.stories:,} stories, {r.topics} topics.\n"
        f"Key terms, out of fold ({len(r.folds)} folds of topics; each fold's threshold, fitted on the other "
        f"topics, links the stories of all topics in one stream, and its held-out topics are scored): BCubed P "
        f"{p:.4f} R {rec:.4f} F1 {f:.4f}; thresholds per fold {', '.join(f'{t:.3f}' for t in r.folds)}.\n"
        f"Fitted on every topic: {r.threshold:.3f} (in use: {StorylineSettings().min_terms_cosine:.3f}).\n"
        f"The stream's own storylines (in-use rules, all topics together; in sample when the threshold in use "
        f"was fitted on this corpus): BCubed P {sp:.4f} R {sr:.4f} F1 {sf:.4f}.", highlight=False)
