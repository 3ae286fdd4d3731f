"""ROUGE-2 of the story summariser against human multi-document summaries (ViMs, VietnameseMDS).

Every system's output is cut to the mean length in words of the cluster's references, so the scores
compare content, not length. Baselines: lead (first sentences of the earliest article) and plain LexRank.

    python -m newsloom.eval.summaries ../shared/eval/vims ../shared/eval/vmds
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

import numpy as np

from newsloom.eval.rouge import rouge_n_multi
from newsloom.model import Article
from newsloom.summarize import crude_sentences, lexrank, rank_sentences, tfidf_similarity

System = Callable[[list[Article]], Iterable[str]]
_HEADER = re.compile(r"^\s*(Cluster_\d+|=[^=]*=)\s*$", re.MULTILINE)


def load(prefix: str | Path) -> list[tuple[list[Article], list[str]]]:
    """Clusters of `PREFIX.articles.jsonl` with their references from `PREFIX.summaries.jsonl`."""
    prefix = str(prefix)
    groups: dict[str, list[Article]] = defaultdict(list)
    with open(f"{prefix}.articles.jsonl", encoding="utf-8") as f:
        for i, line in enumerate(f):
            r = json.loads(line)
            published = datetime.fromisoformat(r["published"]) if r.get("published") else None
            text = r["text"]
            groups[r["cluster"]].append(
                Article(id=r["id"], origin=f"{prefix}:{i + 1}", title=r["title"], text=text, lang=r["lang"],
                        source=r.get("source"), published=published, sentences=crude_sentences(text), seq=i)
            )
    out = []
    with open(f"{prefix}.summaries.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            refs = [_HEADER.sub("", ref).strip() for ref in r["references"]]
            refs = [ref for ref in refs if ref]
            if refs and r["cluster"] in groups:
                out.append((groups[r["cluster"]], refs))
    return out


def lead(articles: list[Article]) -> Iterable[str]:
    """First sentences of the earliest article, then of the next ones."""
    for a in sorted(articles, key=lambda a: (a.published is None, a.published or datetime.min, a.seq)):
        yield from a.sentences


def plain_lexrank(articles: list[Article]) -> Iterable[str]:
    """Sentences by LexRank centrality alone: no position prior, no redundancy control."""
    sents = [s for a in articles for s in a.sentences if s.split()]
    if not sents:
        return []
    scores = lexrank(tfidf_similarity(sents))
    return [sents[i] for i in np.argsort(-scores, kind="stable")]


def newsloom(articles: list[Article]) -> Iterable[str]:
    return (c.text for c in rank_sentences(articles))


def cut(sentences: Iterable[str], words: int) -> str:
    out: list[str] = []
    for s in sentences:
        out.extend(s.split())
        if len(out) >= words:
            break
    return " ".join(out[:words])


def evaluate(data: list[tuple[list[Article], list[str]]], systems: dict[str, System]) -> dict[str, float]:
    """Mean ROUGE-2 F1 of each system, output cut to the mean reference length of each cluster."""
    totals = dict.fromkeys(systems, 0.0)
    for articles, refs in data:
        words = round(sum(len(r.split()) for r in refs) / len(refs))
        for name, system in systems.items():
            totals[name] += rouge_n_multi(cut(system(articles), words), refs, 2).f1
    return {name: total / len(data) for name, total in totals.items()}


SYSTEMS: dict[str, System] = {"lead": lead, "lexrank": plain_lexrank, "newsloom": newsloom}


def main(prefixes: list[str]) -> None:
    print("| corpus | clusters | " + " | ".join(SYSTEMS) + " |")
    print("|---|---|" + "---|" * len(SYSTEMS))
    for prefix in prefixes:
        data = load(prefix)
        scores = evaluate(data, SYSTEMS)
        cells = " | ".join(f"{100 * scores[name]:.2f}" for name in SYSTEMS)
        print(f"| {Path(prefix).name} | {len(data)} | {cells} |")


if __name__ == "__main__":
    main(sys.argv[1:])
