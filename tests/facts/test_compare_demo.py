"""Sources compared on the team's demo corpus: every planted contradiction of demo/expected.json is found,
nothing else is a conflict, and a copy repeating a claim does not make it agreed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DEMO
from newsloom.digest import Digest
from newsloom.ingest import read_sources
from newsloom.pipeline import Pipeline
from newsloom.store import SQLiteStore

EXPECTED = json.loads((DEMO.parent / "expected.json").read_text(encoding="utf-8"))


def _ref(origin: str) -> str:
    """The expected.json name of an article: its file name, or "wire.jsonl:LINE"."""
    return Path(origin).name


@pytest.fixture(scope="module")
def compared(tmp_path_factory, embedder):
    store = SQLiteStore(tmp_path_factory.mktemp("demo") / "demo.db")
    Pipeline(store, embedder).run(read_sources([str(DEMO)]))
    ref = {a.id: _ref(a.origin) for a in store.articles()}
    out = [Digest.from_dict(store.digest(s.id)).compared for s in store.stories(sort="id")]  # as stored
    yield [c for c in out if c], ref
    store.close()


def _conflicts(compared):
    return [f for c in compared for f in c.findings if f.status in ("conflict", "record")]


def _refs(position, ref) -> set[str]:
    return {ref[ev.article] for ev in position.evidence}


KIND = {"office holder": "role", "amount": "amount", "duration": "duration", "attribution": "attribution"}


@pytest.mark.parametrize("planted", EXPECTED["conflicts"], ids=lambda c: c["type"])
def test_each_planted_conflict_is_found(compared, planted):
    found, ref = compared
    wanted = {value: set(refs) for value, refs in planted["values"].items()}
    everything = set().union(*wanted.values())
    hits = [f for f in _conflicts(found) if f.kind == KIND[planted["type"]]
            and {r for p in f.positions for r in _refs(p, ref)} & everything and f.status == "conflict"]
    assert len(hits) == 1, f"{planted['slot']}: {[(f.detail, f.status) for f in _conflicts(found)]}"
    positions = [_refs(p, ref) for p in hits[0].positions]
    # each position holds articles of one planted value only, and both values are there
    assert all(any(p <= refs for refs in wanted.values()) for p in positions)
    assert all(any(p & refs for p in positions) for refs in wanted.values())


def test_nothing_else_is_a_conflict(compared):
    found, ref = compared
    planted = [set().union(*map(set, c["values"].values())) for c in EXPECTED["conflicts"]]
    for f in _conflicts(found):
        refs = {r for p in f.positions for r in _refs(p, ref)}
        assert any(refs & p for p in planted), f"unexpected conflict {f.detail}: {refs}"


def test_a_copy_does_not_corroborate(compared):
    found, ref = compared
    copied = EXPECTED["copied_claims"][0]
    articles = set(copied["articles"])
    findings = [f for c in found for f in c.findings if f.kind == "amount"
                and any(_refs(p, ref) == articles for p in f.positions)]
    assert findings, "the copied jobs claim was not extracted from both articles"
    for f in findings:
        assert f.status == "single"
        [p] = f.positions
        assert p.sources == 1
        assert sorted(ev.independent for ev in p.evidence) == [False, True]


def test_each_sentence_is_shown_once_per_position(compared):
    """A sentence that gives two claims of one slot ("within 90 days, by January 18, 2026") keeps both claims
    and is shown once."""
    compared, _ = compared
    positions = [p for c in compared for f in c.findings for p in f.positions]
    claimed = [(ev.article, ev.sentence) for p in positions for ev in p.evidence]
    shown = [(id(p), ev.article, ev.sentence) for p in positions for ev in p.sentences]
    assert len(shown) > 20 and len(claimed) > len(shown)
    assert len(shown) == len(set(shown))
    assert {(a, s) for _, a, s in shown} == set(claimed)
