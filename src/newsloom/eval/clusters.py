"""`newsloom eval clusters`: stream a labelled corpus through the real pipeline and score the stories.

Articles go in publication order; articles without a date keep their file order, after the dated ones.
The pipeline runs with its default configuration on a fresh temporary store.
"""

from __future__ import annotations

import json
import resource
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from newsloom.eval.metrics import ClusterScores, cluster_scores
from newsloom.eval.peers import PeerResult, bertopic_peer, cosine_peer, tfidf_peer
from newsloom.ingest import read_sources
from newsloom.model import RawItem


@dataclass
class ClusterEval:
    overall: ClusterScores
    per_language: dict[str, ClusterScores] = field(default_factory=dict)
    per_file: dict[str, ClusterScores] = field(default_factory=dict)
    articles: int = 0
    stories: int = 0
    gold_clusters: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    peers: list[PeerResult] = field(default_factory=list)


def gold_labels(path: Path) -> dict[str, tuple[str, str]]:
    """origin ("path:LINE", as the ingester names records) -> (gold cluster, language)."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                rec = json.loads(line)
                out[f"{path}:{n}"] = (str(rec["cluster"]), rec.get("lang") or "und")
    return out


def publication_order(items: list[RawItem]) -> list[RawItem]:
    def key(pair: tuple[int, RawItem]) -> tuple:
        i, it = pair
        if it.published is None:
            return (1, datetime.min.replace(tzinfo=UTC), i)
        p = it.published if it.published.tzinfo else it.published.replace(tzinfo=UTC)
        return (0, p, i)

    return [it for _, it in sorted(enumerate(items), key=key)]


def corpus_items(files: Iterable[Path]) -> list[RawItem]:
    """The records of JSON Lines corpora, in publication order."""
    items = read_sources([str(f) for f in files], max_bytes=1 << 31)
    return publication_order([it for it in items if isinstance(it, RawItem)])


@contextmanager
def streamed(items: list[RawItem], embedder, progress: Callable[[int, int], None] | None = None):
    """Run the items through a fresh pipeline on a temporary store; yields (pipeline, seconds)."""
    from newsloom.pipeline import Pipeline
    from newsloom.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "stream.db") as store:
        pipeline = Pipeline(store, embedder)
        done = 0

        def tick(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, len(items))

        start = time.perf_counter()
        pipeline.run(items, progress=tick)
        yield pipeline, time.perf_counter() - start


def evaluate_clusters(files: Iterable[Path], embedder: str = "auto",
                      progress: Callable[[int, int], None] | None = None, peers: bool = False) -> ClusterEval:
    from newsloom.embed import get_embedder

    files = [Path(f) for f in files]
    gold: dict[str, tuple[str, str]] = {}
    for f in files:
        gold.update(gold_labels(f))
    items = corpus_items(files)
    with streamed(items, get_embedder(embedder), progress) as (pipeline, seconds):
        store = pipeline.store
        assigned = {origin: sid for _, origin, sid in store.article_stories()}
        # exact duplicates are not stored twice: they belong to the story of the stored text
        for article_id, origin, _, _ in store.copies(a for a, _, _ in store.article_stories()):
            assigned[origin] = store.story_of(article_id)
        vectors = _vectors_by_origin(store) if peers else {}
        embed_seconds = pipeline.timed.seconds.get("embed", 0.0)
    origins = [o for o in (it.origin for it in items) if o in gold and o in assigned]
    g = [gold[o][0] for o in origins]
    p = [assigned[o] for o in origins]
    result = ClusterEval(cluster_scores(g, p), articles=len(origins), stories=len(set(p)),
                         gold_clusters=len(set(g)), seconds=seconds, peak_rss_mb=peak_rss_mb())
    if peers:
        by_origin = {it.origin: it for it in items}
        texts = [f"{by_origin[o].title}\n{by_origin[o].text}" for o in origins]
        emb = np.vstack([vectors[o] for o in origins])
        result.peers = [r for r in (tfidf_peer(texts, g), bertopic_peer(emb, g, embed_seconds),
                                    cosine_peer(emb, g, embed_seconds)) if r is not None]
    for lang in sorted({gold[o][1] for o in origins}):
        sel = [i for i, o in enumerate(origins) if gold[o][1] == lang]
        result.per_language[lang] = cluster_scores([g[i] for i in sel], [p[i] for i in sel])
    for f in files:
        sel = [i for i, o in enumerate(origins) if o.rsplit(":", 1)[0] == str(f)]
        if sel:
            result.per_file[f.name] = cluster_scores([g[i] for i in sel], [p[i] for i in sel])
    return result


def _vectors_by_origin(store) -> dict[str, np.ndarray]:
    """The embedding newsloom computed for every item, exact duplicates included."""
    by_id = {row.id: row.embedding for row in store.index_rows()}
    out = {origin: by_id[aid] for aid, origin, _ in store.article_stories()}
    for aid, origin, _, _ in store.copies(by_id):
        out[origin] = by_id[aid]
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def print_cluster_report(r: ClusterEval, console: Console) -> None:
    table = Table(title=f"Story clustering: {r.articles} articles, {r.gold_clusters} gold stories, "
                        f"{r.stories} found ({r.articles / max(r.seconds, 1e-9):.1f} articles/s)")
    for col in ("part", "articles", "BCubed P", "BCubed R", "BCubed F1", "ARI", "V-measure"):
        table.add_column(col, justify="left" if col == "part" else "right")

    def row(name: str, s: ClusterScores) -> None:
        table.add_row(name, str(s.n), f"{s.precision:.4f}", f"{s.recall:.4f}", f"{s.f1:.4f}", f"{s.ari:.4f}",
                      f"{s.v_measure:.4f}")

    row("all", r.overall)
    for name, s in r.per_file.items():
        row(name, s)
    for lang, s in r.per_language.items():
        row(f"lang={lang}", s)
    console.print(table)
    if not r.peers:
        return
    peers = Table(title="newsloom and the peers, same articles, same order")
    for col in ("method", "BCubed F1", "ARI", "articles/s", "peak memory (MB)", "note"):
        peers.add_column(col, justify="left" if col in ("method", "note") else "right")
    peers.add_row("newsloom (whole pipeline)", f"{r.overall.f1:.4f}", f"{r.overall.ari:.4f}",
                  f"{r.articles / max(r.seconds, 1e-9):.1f}", f"{r.peak_rss_mb:,.0f} (process RSS)", "default config")
    for p in r.peers:
        peers.add_row(p.method, f"{p.scores.f1:.4f}", f"{p.scores.ari:.4f}", f"{r.articles / max(p.seconds, 1e-9):.1f}",
                      f"{p.peak_mb:,.0f} (allocated)", p.note)
    console.print(peers)
    console.print("Peers 2 and 3 reuse newsloom's embeddings; their articles/s include the embedding time. "
                  "Peers 1 and 3 have their threshold tuned on this corpus (an upper bound for them).")
