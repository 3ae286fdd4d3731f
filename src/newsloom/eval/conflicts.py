"""`newsloom eval conflicts`: the conflicts newsloom reports on a sample of real stories, for a person to judge.

The corpus is streamed through the real pipeline; from the stories with at least `min_articles` articles a
seeded random sample is drawn, and every conflict (and every claim the office record contradicts) found in
them is listed with its values, sources and evidence sentences, as Markdown to read and judge.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from newsloom.eval.clusters import corpus_items, streamed
from newsloom.facts.compare import compare_story
from newsloom.render.markdown import md


@dataclass
class StudiedStory:
    story_id: int
    headline: str
    articles: int
    findings: list  # conflict and record findings
    claims: int  # claims of the story's articles


@dataclass
class ConflictStudy:
    corpus: str
    eligible: int  # stories with at least min_articles articles
    stories: list[StudiedStory] = field(default_factory=list)

    @property
    def conflicts(self) -> int:
        return sum(len(s.findings) for s in self.stories)

    def per_100(self) -> float:
        return 100 * self.conflicts / len(self.stories) if self.stories else 0.0


def study_conflicts(file: Path, sample: int = 20, min_articles: int = 3, seed: int = 0, embedder: str = "auto",
                    progress: Callable[[int, int], None] | None = None, db: Path | None = None,
                    limit: int = 0) -> ConflictStudy:
    """`db`: keep the stream's store there; a store that already holds the corpus is reused as it is.
    `limit`: only the first N articles in publication order (0: all)."""
    from newsloom.embed import get_embedder
    from newsloom.pipeline import Pipeline, reader_processes
    from newsloom.store import SQLiteStore, StoryFilter

    items = corpus_items([file])
    if limit > 0:
        items = items[:limit]
    with ExitStack() as stack:
        if db is None:
            store = stack.enter_context(streamed(items, get_embedder(embedder), progress))[0].store
        else:
            store = stack.enter_context(SQLiteStore(db))
            done = [0]

            def tick(n: int) -> None:
                done[0] += n
                if progress:
                    progress(done[0], len(items))

            Pipeline(store, get_embedder(embedder), readers=reader_processes()).run(items, progress=tick)
        stories = store.stories(StoryFilter(min_articles=min_articles), sort="id")
        chosen = random.Random(seed).sample(stories, min(sample, len(stories)))
        study = ConflictStudy(file.name, len(stories))
        for s in sorted(chosen, key=lambda s: s.id):
            # compared again from the stored claims, so that a kept store measures the comparison as it is now
            arts = store.articles(s.id)
            entities = {e.key: e for e in store.entities({m.entity for a in arts for m in a.mentions if m.entity})}
            compared = compare_story(arts, entities)
            found = compared.of("conflict") + compared.of("record")
            study.stories.append(StudiedStory(s.id, s.headline, s.article_count, found, sum(len(a.claims) for a in arts)))
    return study


def print_study(study: ConflictStudy, console: Console) -> None:
    kinds = Counter(f.kind for s in study.stories for f in s.findings)
    table = Table(title=f"Conflicts reported in {len(study.stories)} sampled stories of {study.corpus} "
                        f"({study.eligible} stories with enough articles)")
    for col in ("stories", "claims", "conflicts", "per 100 stories", "by kind"):
        table.add_column(col, justify="right")
    table.add_row(str(len(study.stories)), str(sum(s.claims for s in study.stories)), str(study.conflicts),
                  f"{study.per_100():.0f}", ", ".join(f"{k} {n}" for k, n in kinds.most_common()) or "—")
    console.print(table)


def study_markdown(study: ConflictStudy) -> str:
    """Every reported conflict with its evidence, to judge by reading."""
    out = [f"# Conflicts reported on {md(study.corpus)}", "",
           f"{len(study.stories)} stories sampled; {study.conflicts} conflicts "
           f"({study.per_100():.0f} per 100 stories).", ""]
    for s in study.stories:
        out.append(f"## Story {s.story_id}: {md(s.headline)} ({s.articles} articles, {s.claims} claims)")
        out.append("")
        if not s.findings:
            out += ["No conflict reported.", ""]
        for f in s.findings:
            out.append(f"- **{md(f.detail)}** ({f.kind}, {f.status}) — verdict: ___")
            for p in f.positions:
                record = f" — record: {md(p.record)}" if p.record else ""
                out.append(f"  - {md(p.label)} ({p.sources} independent){record}")
                out += [f"    - “{md(ev.sentence)}” ({md(ev.source)})" for ev in p.sentences]
        out.append("")
    return "\n".join(out)
