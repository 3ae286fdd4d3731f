"""Digests as JSON (UTF-8 text, not ASCII-escaped), readable back with `read_json`; and the records of the
lists (stories, storylines, entities, search results) as the REST API answers them and `--json` prints them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from newsloom.digest import Digest

if TYPE_CHECKING:
    from newsloom.facts.scores import SourceScore
    from newsloom.model import Entity
    from newsloom.search import SearchResult
    from newsloom.store import SourceState, StorylineRow, StoryRow


def render_json(digests: Iterable[Digest], indent: int | None = 2) -> str:
    return json.dumps({"stories": [d.to_dict() for d in digests]}, ensure_ascii=False, indent=indent)


def read_json(text: str) -> list[Digest]:
    """Inverse of `render_json`."""
    return [Digest.from_dict(d) for d in json.loads(text)["stories"]]


def iso(d: datetime | date | None) -> str | None:
    return d.isoformat() if d is not None else None


def story_record(row: StoryRow) -> dict[str, Any]:
    """A listed story (GET /api/stories, `stories --json`)."""
    return {"id": row.id, "headline": row.headline, "summary": list(row.summary),
            "first_published": iso(row.first_seen), "last_published": iso(row.last_seen),
            "languages": row.languages, "sources": row.sources, "article_count": row.article_count,
            "storyline_id": row.storyline_id, "conflicts": row.conflicts, "claims": row.claims}


def storyline_record(row: StorylineRow) -> dict[str, Any]:
    """A listed storyline (GET /api/storylines, `storylines --json`)."""
    return {"id": row.id, "stories": row.stories, "articles": row.articles, "first_published": iso(row.first_seen),
            "last_published": iso(row.last_seen), "headline": row.headline}


def entity_record(e: Entity, story_count: int) -> dict[str, Any]:
    """A found entity with its names, the most used first (GET /api/entities, `entities --json`)."""
    names = sorted({e.name, *e.aliases}, key=lambda n: (-e.counts.get(n, 0), n))
    return {"key": e.key, "name": e.name, "label": e.label,
            "names": [{"name": n, "uses": e.counts.get(n, 0)} for n in names], "story_count": story_count}


def search_records(found: SearchResult) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A search's stories and articles (GET /api/search, `search --json`)."""
    stories = [{**story_record(s), "score": s.score, "hits": s.hits} for s in found.stories]
    articles = [{**asdict(h), "published": iso(h.published), "matched": list(h.matched)} for h in found.articles]
    return stories, articles


def source_records(scores: Iterable[SourceScore], followed: Iterable[SourceState]) -> tuple[list[dict[str, Any]],
                                                                                          list[dict[str, Any]]]:
    """Each source's scores, and the followed sources with their health (GET /api/sources, `sources --json`);
    a followed source's HTTP validators and permission stay inside."""
    # not language data: what a followed source shows, and which of them are times
    fields = ("url", "kind", "added", "every", "last_check", "last_success", "last_error", "errors", "next_check",
              "stored")
    times = {"added", "last_check", "last_success", "next_check"}
    return ([asdict(s) for s in scores],
            [{k: iso(getattr(s, k)) if k in times else getattr(s, k) for k in fields} for s in followed])
