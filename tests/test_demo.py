"""The demo as a test: newsloom's stories and storyline on demo/corpus are those of demo/expected.json,
whichever order the articles arrive in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DEMO
from newsloom.ingest import read_sources
from newsloom.pipeline import Pipeline
from newsloom.store import SQLiteStore

EXPECTED = json.loads((DEMO.parent / "expected.json").read_text(encoding="utf-8"))
GOLD = {a["ref"]: a["story"] for a in EXPECTED["articles"]}


def _ref(origin: str) -> str:
    """The expected.json name of an article: its file name, or "wire.jsonl:LINE"."""
    return Path(origin).name


def _items(order: str):
    files = sorted(p for p in DEMO.iterdir() if p.is_file())
    if order == "reversed":
        files.reverse()
    items = list(read_sources([str(p) for p in files]))
    return items[::-1] if order == "reversed" else items  # wire.jsonl's lines, last first


@pytest.fixture(scope="module", params=["sorted", "reversed"])
def demo(request, tmp_path_factory, embedder):
    store = SQLiteStore(tmp_path_factory.mktemp("demo") / "demo.db")
    Pipeline(store, embedder).run(_items(request.param))
    articles = store.articles()
    story_of = {_ref(a.origin): a.story_id for a in articles}
    stored = {a.id: a.story_id for a in articles}
    copies = {_ref(origin): stored[aid] for aid, origin, *_ in store.copies(list(stored))}  # exact copies
    yield {**copies, **story_of}, store.storylines()
    store.close()


def test_the_stories_are_the_expected_ones(demo):
    story_of, _ = demo
    assert set(story_of) == set(GOLD)
    ours: dict[int, set[str]] = {}
    for ref, sid in story_of.items():
        ours.setdefault(sid, set()).add(ref)
    expected = [set(s["articles"]) for s in EXPECTED["stories"]]
    assert sorted(map(sorted, ours.values())) == sorted(map(sorted, expected))


def test_s1_and_s2_are_one_storyline_and_nothing_else_is(demo):
    story_of, lines = demo
    line = {label: lines[story_of[s["articles"][0]]] for label, s in
            ((s["id"], s) for s in EXPECTED["stories"])}
    one, two = EXPECTED["storyline"]["stories"]
    assert line[one] == line[two]
    others = [label for label in line if label not in (one, two)]
    assert len({line[label] for label in others} | {line[one]}) == len(others) + 1
