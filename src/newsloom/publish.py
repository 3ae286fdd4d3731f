"""What readers see of a story, written to the store when the story changes: its row (headline, summary,
dates, languages, sources, size, how contested), its digest with the sources compared, and per source
how its claims fared. Readers then read by index and never recompute."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from newsloom.digest import build_digest
from newsloom.facts.offices import OfficeRecord
from newsloom.facts.scores import source_scores
from newsloom.model import Article, Entity, Story
from newsloom.settings import DEFAULTS, Settings
from newsloom.store.base import Store, StoryRow


def publish_story(store: Store, story: Story, articles: list[Article], entities: Mapping[str, Entity],
                  record: OfficeRecord | None, centroid: np.ndarray | None = None,
                  top_entities: Iterable[str] | None = None, terms: Mapping[int, float] | None = None,
                  settings: Settings = DEFAULTS, summary_from: list[Article] | None = None) -> None:
    """Build `story`'s digest from its `articles` and store it with its row. `centroid`, `top_entities`
    and `terms` (for storylines) are kept as stored when not given; `summary_from`: the articles its summary
    was made from (`build_digest`)."""
    story.storyline_id = store.storyline_of(story.id)
    d = build_digest(story, articles, entities, record, settings,  # type: ignore[arg-type]
                     store.copies(a.id for a in articles), summary_from)
    findings = d.compared.findings if d.compared else []
    conflicts = sum(f.status in ("conflict", "record") for f in findings)
    scores = source_scores([d.compared]) if d.compared else []
    row = StoryRow(id=story.id, headline=d.headline, summary=d.summary, storyline_id=story.storyline_id,
                   first_seen=story.first_seen, last_seen=story.last_seen,
                   article_count=d.article_count,
                   languages=d.languages, sources=d.sources, latest_seq=max((a.seq for a in articles), default=0))
    store.save_story(row, d.to_dict(), conflicts, len(findings), top_entities, centroid,
                     [(s.source, s.claims, s.corroborated, s.single, s.contradicted, s.against_record) for s in scores],
                     terms)
