"""What newsloom makes of some inputs, written out whole so that two versions can be compared: each article's
language, mentions, quotes, amounts and claims; each story's members, headline, summary and findings; the
storylines. A refactoring that should change nothing is checked with it:

    newsloom eval outputs demo/corpus --output before.json      # on the old version
    newsloom eval outputs demo/corpus --against before.json     # on the new one: differences, exit 1
"""

from __future__ import annotations

import itertools
import json
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from newsloom.ingest import read_sources
from newsloom.model import Article, Failure


def _article(a: Article) -> dict[str, Any]:
    # not language data: the fields of the JSON output
    return {
        "lang": a.lang,
        "title": a.title,
        "sentences": len(a.sentences),
        "event_dates": [[d.day.isoformat(), d.text, d.sentence] for d in a.event_dates],
        "mentions": [[m.sentence, m.start, m.end, m.label, m.text, m.entity] for m in a.mentions],
        "quotes": [[q.text, q.speaker, q.entity] for q in a.quotes],
        "amounts": [[x.text, x.value, x.unit, x.kind] for x in a.amounts],
        "claims": [asdict(c) for c in a.claims],
    }


def _relative(origin: str, source: str) -> str:
    """An article's origin without the folder given (so that two checkouts compare)."""
    folder = source.rstrip("/") + "/"
    return origin[len(folder):] if origin.startswith(folder) else origin


def outputs(source: str, *, limit: int = 0, embedder: str = "auto",
            progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Run `source` (a folder, file or corpus; its first `limit` items when `limit` > 0) into a new store and
    return everything the store keeps of it, keyed so that the order of storage does not matter."""
    import newsloom

    items = read_sources([source])
    if limit:
        items = itertools.islice((i for i in items if not isinstance(i, Failure)), limit)
    with tempfile.TemporaryDirectory(prefix="newsloom-outputs-") as tmp, \
            newsloom.open(Path(tmp) / "outputs.db", embedder=embedder) as nl:
        report = nl.add(list(items), progress=progress)
        articles = {_relative(a.origin, source): a for a in nl.store.articles()}
        origin = {a.id: name for name, a in articles.items()}
        stories, lines = {}, {}
        for row in nl.stories(sort="id"):
            members = sorted(origin[aid] for aid, _ in nl.store.story_members(row.id))
            digest = nl.story(row.id)
            stories[members[0]] = {
                "members": members,
                "headline": row.headline,
                "summary": row.summary,
                "findings": digest.to_dict().get("compared") if digest else None,
            }
            lines.setdefault(row.storyline_id if row.storyline_id is not None else -row.id, []).append(members[0])
    return {
        "failures": sorted(_relative(f.origin, source) for f in report.failures),
        "duplicates": sorted([_relative(a, source), _relative(b, source)] for a, b in report.duplicates),
        "articles": {o: _article(articles[o]) for o in sorted(articles)},
        "stories": dict(sorted(stories.items())),
        "storylines": sorted(sorted(v) for v in lines.values()),
    }


def differences(before: Any, after: Any, path: str = "") -> list[str]:
    """Where two outputs differ, one line per difference (the path to it, then both values)."""
    if isinstance(before, dict) and isinstance(after, dict):
        out = []
        for key in sorted(set(before) | set(after), key=str):
            if key not in after:
                out.append(f"{path}/{key}: only before")
            elif key not in before:
                out.append(f"{path}/{key}: only after")
            else:
                out += differences(before[key], after[key], f"{path}/{key}")
        return out
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [d for n, (b, a) in enumerate(zip(before, after, strict=True)) for d in differences(b, a, f"{path}[{n}]")]
    if before != after:
        return [f"{path}: {json.dumps(before, ensure_ascii=False)[:200]} -> {json.dumps(after, ensure_ascii=False)[:200]}"]
    return []
