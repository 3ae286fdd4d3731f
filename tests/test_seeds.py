"""Acceptance on the five real seed articles, checked against ../shared/corpus/seeds.gold.json."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsloom.digest import build_digest
from newsloom.store import Store

pytestmark = pytest.mark.seeds


def _story_files(store: Store) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for _, origin, sid in store.article_stories():
        out.setdefault(sid, set()).add(Path(origin).name)
    return out


def _story_a(store: Store, gold: dict):
    files = set(gold["stories"][0]["articles"])
    sid = next(s for s, members in _story_files(store).items() if files <= members)
    entities = {e.key: e for e in store.entities()}
    return build_digest(store.story(sid), store.articles(sid), entities), entities


def test_three_stories_as_in_gold(seeded):
    store, gold = seeded
    found = sorted(sorted(m) for m in _story_files(store).values())
    expected = sorted(sorted(s["articles"]) for s in gold["stories"])
    assert found == expected


def test_one_storyline(seeded):
    store, _ = seeded
    lines = {s.storyline_id for s in store.stories()}
    assert len(lines) == 1 and None not in lines


def test_story_a_holds_its_three_articles(seeded):
    store, gold = seeded
    a = set(gold["stories"][0]["articles"])
    assert any(a <= members for members in _story_files(store).values())


def test_story_a_entities_each_one_canonical(seeded):
    store, gold = seeded
    digest, entities = _story_a(store, gold)
    names = {e.name for group in digest.entities.values() for e in group}
    wanted = ["Antony Blinken", "Mark Rutte", "Jens Stoltenberg", "Josep Borrell", "Kaja Kallas", "Andrii Sybiha",
              "Joe Biden", "NATO", "European Union", "Ukraine"]
    for canonical in wanted:
        assert canonical in names, f"{canonical} missing from story A's entities: {sorted(names)}"
    # each as one canonical entity: no second entity whose aliases hold the same surname or acronym
    for canonical in wanted:
        token = canonical.split()[-1].casefold()
        holders = {k for k, e in entities.items() if any(token == a.casefold().split()[-1] for a in e.aliases | {e.name})}
        assert len(holders) == 1, f"{canonical}: {holders}"


def test_story_a_quotes_and_amounts(seeded):
    store, gold = seeded
    digest, entities = _story_a(store, gold)
    quotes = [(entities[q.entity].name if q.entity in entities else q.speaker, q.text) for q in digest.quotes]
    for g in gold["quotes"]:
        assert any(
            text.lstrip("“\"").startswith(g["starts"]) and speaker == g["speaker"] for speaker, text in quotes
        ), f"quote {g['starts']!r} by {g['speaker']} not found in {quotes}"
    amounts = {a.text for a in digest.amounts}
    for g in gold["amounts"]:
        assert any(g["value"] in t for t in amounts), f"{g['value']} not in {amounts}"
