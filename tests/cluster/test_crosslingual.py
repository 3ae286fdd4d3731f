"""The team-written cross-lingual set (tests/fixtures/crosslingual): events told by Vietnamese and English
outlets as independent write-ups are grouped exactly, follow-ups are linked into storylines, and the
contradiction planted across languages is reported."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT
from newsloom.digest import Digest
from newsloom.ingest import read_sources
from newsloom.pipeline import Pipeline
from newsloom.store import SQLiteStore

FIXTURE = ROOT / "tests" / "fixtures" / "crosslingual"
GOLD = json.loads((FIXTURE / "gold.json").read_text(encoding="utf-8"))
RECORDS = [json.loads(line) for line in (FIXTURE / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
STORY = {ref: s["id"] for s in GOLD["stories"] for ref in s["articles"]}


@pytest.fixture(scope="module")
def run(tmp_path_factory, embedder):
    store = SQLiteStore(tmp_path_factory.mktemp("crosslingual") / "x.db")
    Pipeline(store, embedder).run(read_sources([str(FIXTURE / "articles.jsonl")]))
    ref = {a.id: RECORDS[int(a.origin.rsplit(":", 1)[1]) - 1]["id"] for a in store.articles()}
    story_of = {ref[a.id]: a.story_id for a in store.articles()}
    digests = [Digest.from_dict(store.digest(s.id)) for s in store.stories(sort="id")]
    yield story_of, store.storylines(), digests, ref
    store.close()


def test_every_event_is_one_story_across_languages(run):
    story_of, *_ = run
    assert set(story_of) == set(STORY)
    ours: dict[int, set[str]] = {}
    for ref, sid in story_of.items():
        ours.setdefault(sid, set()).add(ref)
    assert sorted(map(sorted, ours.values())) == sorted(sorted(s["articles"]) for s in GOLD["stories"])


@pytest.mark.parametrize("follow_up", GOLD["storylines"], ids="-".join)
def test_follow_ups_share_a_storyline(run, follow_up):
    story_of, lines, *_ = run
    first = {s["id"]: s["articles"][0] for s in GOLD["stories"]}
    assert len({lines[story_of[first[label]]] for label in follow_up}) == 1


@pytest.mark.parametrize("planted", GOLD["contradictions"], ids=lambda c: c["what"])
def test_the_contradiction_across_languages_is_reported(run, planted):
    story_of, _, digests, ref = run
    [digest] = [d for d in digests if d.story_id == story_of[planted["values"][next(iter(planted["values"]))][0]]]
    conflicts = [f for f in digest.compared.findings if f.status == "conflict"]
    assert len(conflicts) == 1, [(f.detail, f.status) for f in digest.compared.findings]
    positions = {p.value.split()[0]: {ref[e.article] for e in p.evidence} for p in conflicts[0].positions}
    assert positions == {value: set(refs) for value, refs in planted["values"].items()}
    for p in conflicts[0].positions:  # each evidence is the sentence that states the figure
        assert all(e.text in e.sentence for e in p.evidence)


def test_no_other_conflict_is_reported(run):
    """The set's only contradictions are the planted ones: every other story reports none."""
    story_of, _, digests, _ = run
    planted = {story_of[refs[0]] for c in GOLD["contradictions"] for refs in c["values"].values()}
    found = {d.story_id: [f.detail for f in d.compared.findings if f.status == "conflict"] for d in digests}
    assert {sid: details for sid, details in found.items() if details and sid not in planted} == {}
