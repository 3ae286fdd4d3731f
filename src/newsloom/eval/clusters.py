"""`newsloom eval clusters`: stream a labelled corpus through the real pipeline and score the stories.

Articles go in publication order; articles without a date keep their file order, after the dated ones.
The pipeline runs with its default configuration on a fresh temporary store.

Two levels are scored against the same gold labels: "story" (an article's predicted group is its story)
and "storyline" (its story's storyline; a story in no storyline is a group of its own).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from rich.console import Console
from rich.table import Table

from newsloom.eval.metrics import ClusterScores, cluster_scores
from newsloom.eval.peers import PeerResult, bertopic_peer, cosine_peer, tfidf_peer
from newsloom.ingest import read_sources
from newsloom.model import RawItem
from newsloom.settings import DEFAULTS, Settings

if TYPE_CHECKING:
    from newsloom.distributed import RayReader
    from newsloom.embed import Embedder


LEVELS = ("story", "storyline")


@dataclass
class LevelScores:
    """Scores with one way of grouping the articles ("story" or "storyline")."""

    overall: ClusterScores
    groups: int  # predicted groups at this level
    per_language: dict[str, ClusterScores] = field(default_factory=dict)
    per_file: dict[str, ClusterScores] = field(default_factory=dict)


@dataclass
class ClusterEval:
    levels: dict[str, LevelScores]  # by level, in LEVELS order
    articles: int = 0
    gold_clusters: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    peers: list[PeerResult] = field(default_factory=list)

    @property
    def overall(self) -> ClusterScores:
        """Story-level scores over all articles."""
        return self.levels["story"].overall

    @property
    def stories(self) -> int:
        return self.levels["story"].groups


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
def streamed(items: list[RawItem], embedder, progress: Callable[[int, int], None] | None = None, config=None,
             settings: Settings = DEFAULTS, ray: RayReader | None = None):
    """Run the items through a fresh pipeline on a temporary store; yields (pipeline, seconds of the run).
    `ray`: Ray workers read the batches, started before the clock."""
    from newsloom.pipeline import Pipeline, reader_processes
    from newsloom.store import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "stream.db") as store:
        pipeline = Pipeline(store, embedder, config=config, readers=reader_processes(), settings=settings, ray=ray)
        pipeline.start_workers()
        done = 0

        def tick(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, len(items))

        start = time.perf_counter()
        pipeline.run(items, progress=tick)
        yield pipeline, time.perf_counter() - start


def story_of_origin(store) -> dict[str, int | None]:
    """origin -> story id of every item the store holds, exact duplicates included."""
    assigned = {origin: sid for _, origin, sid in store.article_stories()}
    # exact duplicates are not stored twice: they belong to the story of the stored text
    for article_id, origin, _, _ in store.copies(a for a, _, _ in store.article_stories()):
        assigned[origin] = store.story_of(article_id)
    return assigned


def storyline_of_story(store) -> dict[int, int]:
    """story id -> storyline id (a storyline is named by its lowest story id); a story in no storyline
    is its own group, under its own id."""
    return {sid: (line if line is not None else sid) for sid, line in store.storylines().items()}


def groups_at_level(store, level: str) -> dict[str, int | None]:
    """origin -> predicted group at `level` ("story" or "storyline")."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    by_story = story_of_origin(store)
    if level == "story":
        return by_story
    line = storyline_of_story(store)
    return {origin: None if sid is None else line.get(sid, sid) for origin, sid in by_story.items()}


def _level_scores(origins: list[str], gold: dict[str, tuple[str, str]], pred: dict[str, int | None],
                  files: list[Path]) -> LevelScores:
    g = [gold[o][0] for o in origins]
    p = [pred[o] for o in origins]
    out = LevelScores(cluster_scores(g, p), groups=len(set(p)))
    for lang in sorted({gold[o][1] for o in origins}):
        sel = [i for i, o in enumerate(origins) if gold[o][1] == lang]
        out.per_language[lang] = cluster_scores([g[i] for i in sel], [p[i] for i in sel])
    for f in files:
        sel = [i for i, o in enumerate(origins) if o.rsplit(":", 1)[0] == str(f)]
        if sel:
            out.per_file[f.name] = cluster_scores([g[i] for i in sel], [p[i] for i in sel])
    return out


def evaluate_clusters(files: Iterable[Path], embedder: str | Embedder = "auto",
                      progress: Callable[[int, int], None] | None = None, peers: bool = False,
                      settings: Settings = DEFAULTS) -> ClusterEval:
    """One streaming run, scored at every level in LEVELS (the storyline level costs nothing extra)."""
    from newsloom.embed import get_embedder

    files = [Path(f) for f in files]
    gold: dict[str, tuple[str, str]] = {}
    for f in files:
        gold.update(gold_labels(f))
    items = corpus_items(files)
    model = get_embedder(embedder) if isinstance(embedder, str) else embedder
    with streamed(items, model, progress, settings=settings) as (pipeline, seconds):
        store = pipeline.store
        predicted = {level: groups_at_level(store, level) for level in LEVELS}
        vectors = _vectors_by_origin(store) if peers else {}
        embed_seconds = pipeline.timed.seconds.get("embed", 0.0)
        peak = pipeline.peak_memory_mb()
        detected = {row.id: row.lang for row in store.index_rows()}
        detected = {origin: detected.get(aid) for aid, origin, _ in store.article_stories()}
    # a record without a `lang` is scored under the language newsloom found for it
    gold = {o: (cluster, lang if lang != "und" else detected.get(o) or "und") for o, (cluster, lang) in gold.items()}
    origins = [o for o in (it.origin for it in items) if o in gold and o in predicted["story"]]
    g = [gold[o][0] for o in origins]
    result = ClusterEval({level: _level_scores(origins, gold, predicted[level], files) for level in LEVELS},
                         articles=len(origins), gold_clusters=len(set(g)), seconds=seconds,
                         peak_rss_mb=peak)
    if peers:
        by_origin = {it.origin: it for it in items}
        texts = [f"{by_origin[o].title}\n{by_origin[o].text}" for o in origins]
        emb = np.vstack([vectors[o] for o in origins])
        result.peers = [r for r in (tfidf_peer(texts, g), bertopic_peer(emb, g, embed_seconds),
                                    cosine_peer(emb, g, embed_seconds)) if r is not None]
    return result


def _vectors_by_origin(store) -> dict[str, np.ndarray]:
    """The embedding newsloom computed for every item, exact duplicates included."""
    by_id = {row.id: row.embedding for row in store.index_rows()}
    out = {origin: by_id[aid] for aid, origin, _ in store.article_stories()}
    for aid, origin, _, _ in store.copies(by_id):
        out[origin] = by_id[aid]
    return out


def print_cluster_report(r: ClusterEval, console: Console, levels: Iterable[str] = ("story",)) -> None:
    """The scores at the given levels (one table; a `level` column when there are several), then the peers."""
    levels = list(levels)
    if not levels or any(level not in r.levels for level in levels):
        raise ValueError(f"levels must be among {', '.join(r.levels)}, not {levels}")
    plural = {"story": "stories", "storyline": "storylines"}
    found = " and ".join(f"{r.levels[lv].groups} {lv if r.levels[lv].groups == 1 else plural[lv]}" for lv in levels)
    table = Table(title=f"Story clustering at {' and '.join(levels)} level{'s' if len(levels) > 1 else ''}: "
                        f"{r.articles} articles, {r.gold_clusters} gold stories, {found} found "
                        f"({r.articles / max(r.seconds, 1e-9):.1f} articles/s)")
    several = len(levels) > 1
    lead = ["level"] if several else []
    # not language data: the columns of the table
    for col in [*lead, "part", "articles", "BCubed P", "BCubed R", "BCubed F1", "ARI", "V-measure"]:
        table.add_column(col, justify="left" if col in ("level", "part") else "right")

    def row(level: str, name: str, s: ClusterScores) -> None:
        cells = [name, str(s.n), f"{s.precision:.4f}", f"{s.recall:.4f}", f"{s.f1:.4f}", f"{s.ari:.4f}",
                 f"{s.v_measure:.4f}"]
        table.add_row(*([level] if several else []), *cells)

    for i, level in enumerate(levels):
        if i:
            table.add_section()
        scores = r.levels[level]
        row(level, "all", scores.overall)
        for name, s in scores.per_file.items():
            row(level, name, s)
        for lang, s in scores.per_language.items():
            row(level, f"lang={lang}", s)
    console.print(table)
    if not r.peers:
        return
    peers = Table(title="newsloom and the peers, same articles, same order")
    # not language data: the columns of the table
    for col in ("method", "BCubed F1", "ARI", "articles/s", "peak memory (MB)", "note"):
        peers.add_column(col, justify="left" if col in ("method", "note") else "right")
    peers.add_row("newsloom (whole pipeline, stories)", f"{r.overall.f1:.4f}", f"{r.overall.ari:.4f}",
                  f"{r.articles / max(r.seconds, 1e-9):.1f}", f"{r.peak_rss_mb:,.0f} (process RSS)", "default config")
    for p in r.peers:
        peers.add_row(p.method, f"{p.scores.f1:.4f}", f"{p.scores.ari:.4f}", f"{r.articles / max(p.seconds, 1e-9):.1f}",
                      f"{p.peak_mb:,.0f} (allocated)", p.note)
    console.print(peers)
    console.print("Peers 2 and 3 reuse newsloom's embeddings; their articles/s include the embedding time. "
                  "Peers 1 and 3 have their threshold tuned on this corpus (an upper bound for them).")
