"""`newsloom eval summaries`: ROUGE of the story summariser against human multi-document summaries.

On ViMs and VietnameseMDS (`PREFIX.articles.jsonl` with a gold `cluster`, `PREFIX.summaries.jsonl` with
the cluster's reference summaries), newsloom's summariser is compared with two baselines: lead (first
sentences of the earliest article) and plain LexRank. Every system's output is cut to the mean length of
the cluster's references in ROUGE tokens, so the scores compare content, not length.

    newsloom eval summaries ../shared/eval/vims ../shared/eval/vmds
    python -m newsloom.eval.summaries ../shared/eval/vims ../shared/eval/vmds
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from newsloom.eval.rouge import TOKENIZATION, Score, mean_score, rouge_l_tokens, rouge_n_tokens, rouge_tokens
from newsloom.model import Article, instant
from newsloom.summarize import crude_sentences, lexrank, rank_sentences, tfidf_similarity

System = Callable[[list[Article]], Iterable[str]]
Cluster = tuple[list[Article], list[str]]
_HEADER = re.compile(r"^\s*(Cluster_\d+|=[^=]*=)\s*$", re.MULTILINE)
_ARTICLES, _SUMMARIES = ".articles.jsonl", ".summaries.jsonl"

LENGTH_RULE = "every system's summary is cut to the mean length of its cluster's references, in these tokens"
MULTI_REFERENCE = "F1 against each reference, averaged over references, then over clusters"


def corpus_prefix(path: str | Path) -> str:
    """`X.articles.jsonl` or `X.summaries.jsonl` -> `X`; anything else is taken as the prefix itself."""
    s = str(path)
    for suffix in (_ARTICLES, _SUMMARIES):
        if s.endswith(suffix):
            return s[: -len(suffix)]
    return s


def load(prefix: str | Path) -> list[Cluster]:
    """Clusters of `PREFIX.articles.jsonl` with their references from `PREFIX.summaries.jsonl`."""
    prefix = corpus_prefix(prefix)
    groups: dict[str, list[Article]] = defaultdict(list)
    with open(f"{prefix}{_ARTICLES}", encoding="utf-8") as f:
        for i, line in enumerate(f):
            r = json.loads(line)
            published = datetime.fromisoformat(r["published"]) if r.get("published") else None
            text = r["text"]
            groups[r["cluster"]].append(
                Article(id=r["id"], origin=f"{prefix}:{i + 1}", title=r["title"], text=text, lang=r["lang"],
                        source=r.get("source"), published=published, sentences=crude_sentences(text), seq=i)
            )
    out = []
    with open(f"{prefix}{_SUMMARIES}", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            # ViMs references start with "Cluster_NNN" and "=Heading=" lines: not summary text
            refs = [_HEADER.sub("", ref).strip() for ref in r["references"]]
            refs = [ref for ref in refs if ref]
            if refs and r["cluster"] in groups:
                out.append((groups[r["cluster"]], refs))
    return out


EARLIEST = datetime.min.replace(tzinfo=UTC)


def lead(articles: list[Article]) -> Iterable[str]:
    """First sentences of the earliest article, then of the next ones."""
    for a in sorted(articles, key=lambda a: (a.published is None, instant(a.published) or EARLIEST, a.seq)):
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


SYSTEMS: dict[str, System] = {"newsloom": newsloom, "lead": lead, "lexrank": plain_lexrank}
LABELS = {"newsloom": "newsloom", "lead": "lead (baseline)", "lexrank": "plain LexRank (baseline)"}


def cut(sentences: Iterable[str], tokens: int) -> list[str]:
    """The first `tokens` ROUGE tokens of the sentences, in order."""
    out: list[str] = []
    for s in sentences:
        out.extend(rouge_tokens(s))
        if len(out) >= tokens:
            break
    return out[:tokens]


@dataclass
class SystemScores:
    rouge1: Score
    rouge2: Score
    rougeL: Score


@dataclass
class CorpusScores:
    name: str
    clusters: int
    articles: int
    references: int
    mean_reference_tokens: float
    systems: dict[str, SystemScores] = field(default_factory=dict)


@dataclass
class SummariesEval:
    corpora: list[CorpusScores]
    seconds: float = 0.0


def score_clusters(data: Sequence[Cluster], systems: dict[str, System] | None = None,
                   tick: Callable[[], None] | None = None) -> dict[str, SystemScores]:
    """Mean ROUGE-1, ROUGE-2 and ROUGE-L of each system over the clusters, outputs cut to reference length."""
    systems = SYSTEMS if systems is None else systems
    per: dict[str, list[list[Score]]] = {name: [[], [], []] for name in systems}
    for articles, refs in data:
        ref_tokens = [rouge_tokens(r) for r in refs]
        length = round(sum(map(len, ref_tokens)) / len(ref_tokens))
        for name, system in systems.items():
            cand = cut(system(articles), length)
            r1, r2, rl = per[name]
            r1.append(mean_score([rouge_n_tokens(cand, ref, 1) for ref in ref_tokens]))
            r2.append(mean_score([rouge_n_tokens(cand, ref, 2) for ref in ref_tokens]))
            rl.append(mean_score([rouge_l_tokens(cand, ref) for ref in ref_tokens]))
        if tick:
            tick()
    return {name: SystemScores(*(mean_score(s) for s in per[name])) for name in systems}


def evaluate(data: Sequence[Cluster], systems: dict[str, System]) -> dict[str, float]:
    """Mean ROUGE-2 F1 of each system (see `score_clusters`)."""
    return {name: s.rouge2.f1 for name, s in score_clusters(data, systems).items()}


def evaluate_summaries(prefixes: Iterable[str | Path], systems: dict[str, System] | None = None,
                       progress: Callable[[int, int], None] | None = None) -> SummariesEval:
    """ROUGE of each system on each corpus; `progress(done, total)` counts clusters over all corpora."""
    start = time.perf_counter()
    corpora = [(corpus_prefix(p), load(p)) for p in prefixes]
    total = sum(len(data) for _, data in corpora)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    result = SummariesEval([])
    for prefix, data in corpora:
        if not data:
            raise ValueError(f"{prefix}: no cluster has both articles and a reference summary")
        refs = [rouge_tokens(r) for _, rs in data for r in rs]
        result.corpora.append(CorpusScores(
            name=Path(prefix).name, clusters=len(data), articles=sum(len(a) for a, _ in data), references=len(refs),
            mean_reference_tokens=sum(map(len, refs)) / len(refs), systems=score_clusters(data, systems, tick)))
    result.seconds = time.perf_counter() - start
    return result


def print_summaries_report(r: SummariesEval, console: Console) -> None:
    for c in r.corpora:
        table = Table(title=f"{c.name}: {c.clusters} clusters, {c.articles} articles, {c.references} references "
                            f"(mean {c.mean_reference_tokens:.0f} tokens)")
        table.add_column("system")
        for col in ("ROUGE-1 F1", "ROUGE-2 F1", "ROUGE-L F1"):
            table.add_column(col, justify="right")
        for name, s in c.systems.items():
            table.add_row(LABELS.get(name, name), *(f"{100 * x.f1:.2f}" for x in (s.rouge1, s.rouge2, s.rougeL)))
        console.print(table)
    for line in (f"Tokens: {TOKENIZATION}, the same for every system and reference.",
                 f"Length: {LENGTH_RULE}.",
                 f"Several references: {MULTI_REFERENCE}. ROUGE-L: longest common subsequence over the whole summary.",
                 f"{sum(c.clusters for c in r.corpora)} clusters scored in {r.seconds:.1f} s."):
        console.print(line, highlight=False, soft_wrap=True)

if __name__ == "__main__":
    print_summaries_report(evaluate_summaries(sys.argv[1:]), Console())
