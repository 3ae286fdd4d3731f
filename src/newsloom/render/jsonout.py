"""Digests as JSON (UTF-8 text, not ASCII-escaped), readable back with `read_json`; and the records of the
lists (stories, storylines, entities, search results, conflicts, sources) as the REST API answers them and
`--json` prints them.

Every time in them is ISO 8601 with a UTC offset (`iso`): the one it was published with, else UTC's (a
date alone, a dateline or a time written without an offset, read as UTC as newsloom orders articles), so
that any two compare; a day (an event's date) is a date, `2025-11-10`. The store keeps times as published:
only what is written out here gains the offset."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from newsloom.digest import Digest
from newsloom.model import aware

if TYPE_CHECKING:
    from newsloom.facts.scores import SourceScore
    from newsloom.model import Entity
    from newsloom.search import SearchResult
    from newsloom.store import SourceState, StorylineRow, StoryRow


def render_json(digests: Iterable[Digest], indent: int | None = 2) -> str:
    """`show -f json`, `export -f json`: `{"stories": [digest, ...]}`, each as `digest_record` writes it."""
    return json.dumps({"stories": [digest_record(d) for d in digests]}, ensure_ascii=False, indent=indent)


def read_json(text: str) -> list[Digest]:
    """Inverse of `render_json`: the same digests, each time with the offset JSON gives it (`iso`)."""
    return [Digest.from_dict(d) for d in json.loads(text)["stories"]]


def iso(d: datetime | date | None) -> str | None:
    """A time or a day in ISO 8601, as every JSON of newsloom writes it: a time with its UTC offset
    (`model.aware`: "2025-11-10T14:00:00+07:00"; one published without, "2025-11-10T00:00:00+00:00"), a day as
    a date ("2025-11-10")."""
    if isinstance(d, datetime):
        d = aware(d)
    return d.isoformat() if d is not None else None


def digest_record(d: Digest) -> dict[str, Any]:
    """A story's digest (GET /api/stories/{id}, `show ID -f json`): `Digest.to_dict` with every time
    written by `iso`; the store keeps `to_dict`'s own, as published."""
    return d.to_dict(time=iso)


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
    """A search's stories and articles (GET /api/search, `search --json`), each saying which it is in `kind`
    ("story": its `id` a number; "article": its `id` a string), for a script that reads them one a line."""
    stories = [{**story_record(s), "score": s.score, "hits": s.hits, "kind": "story"} for s in found.stories]
    articles = [{**asdict(h), "published": iso(h.published), "matched": list(h.matched), "kind": "article"}
                for h in found.articles]
    return stories, articles


def conflict_record(d: Digest) -> dict[str, Any]:
    """A story whose sources contradict each other or the record of office holders (GET /api/conflicts,
    `conflicts --json`): its `id`, `headline` and `conflicts` (how many) as a listed story has them, and
    those findings (status `conflict` or `record`) in `findings`."""
    findings = [asdict(f) for f in d.compared.findings if f.status in ("conflict", "record")] if d.compared else []
    return {"id": d.story_id, "headline": d.headline, "conflicts": len(findings), "findings": findings}


def source_records(scores: Iterable[SourceScore], followed: Iterable[SourceState]) -> tuple[list[dict[str, Any]],
                                                                                          list[dict[str, Any]]]:
    """Each source's scores, and the followed sources with their health (GET /api/sources, `sources --json`);
    a followed source's HTTP validators and permission stay inside."""
    # not language data: what a followed source shows, and which of them are times
    fields = ("url", "kind", "added", "every", "last_check", "last_success", "last_error", "errors", "next_check",
              "stored", "outlet")
    times = {"added", "last_check", "last_success", "next_check"}
    return ([asdict(s) for s in scores],
            [{k: iso(getattr(s, k)) if k in times else getattr(s, k) for k in fields} for s in followed])
