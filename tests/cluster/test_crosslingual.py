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


METRO = [  # a tester's pair (team-written): one opening told by an English and a Vietnamese outlet
    {"title": "Hanoi metro line 3 opens underground section",
     "text": "Hanoi opened the underground section of metro Line 3 on Saturday, adding four stations between Kim Ma "
             "and Hanoi Station. The 4 km section cost 19,500 billion dong and carried 32,000 passengers on its first "
             "day, the operator Hanoi Metro said. \"This is a milestone for public transport in the capital,\" said "
             "Tran Sy Thanh, chairman of the Hanoi People's Committee. Trains will run every 10 minutes from 5:30 am "
             "to 10 pm.", "source": "Capital Wire", "published": "2026-11-21T09:00:00+07:00"},
    {"title": "Tàu điện ngầm tuyến 3 Hà Nội vận hành đoạn ngầm",
     "text": "Sáng thứ Bảy, Hà Nội đưa vào vận hành đoạn đi ngầm của tuyến đường sắt đô thị số 3 với 4 nhà ga từ Kim "
             "Mã đến ga Hà Nội. Đoạn dài 4 km có tổng vốn 19.500 tỷ đồng, đón 28.000 lượt khách trong ngày đầu, theo "
             "Công ty Đường sắt Hà Nội. \"Đây là dấu mốc của giao thông công cộng Thủ đô\", ông Trần Sỹ Thanh, Chủ "
             "tịch UBND thành phố Hà Nội, nói. Tàu chạy 10 phút một chuyến, từ 5h30 đến 22h.",
     "source": "Báo Thủ Đô", "published": "2026-11-21T10:00:00+07:00"},
]


def test_a_new_store_joins_an_event_told_in_two_languages_by_its_figures(tmp_path, embedder):
    """Before a store has 32 articles of each language, a pair across languages rests on the dense cosine
    raised by a fixed offset, the entities and the figures in common: "19,500 billion dong" is "19.500 tỷ
    đồng" (it was read as 19.5 billion, and the pair stayed apart)."""
    import newsloom

    with newsloom.open(tmp_path / "new.db", embedder=embedder, readers=0) as nl:
        nl.add(METRO)
        assert {a.story_id for a in nl.store.articles()} == {1}


def test_the_order_items_are_given_in_changes_no_story(run, tmp_path, embedder):
    """Given newest first (as a feed lists them), the articles make the same stories: a batch is
    clustered in publication order."""
    story_of, *_ = run
    backwards = tmp_path / "newest-first.jsonl"
    backwards.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS[::-1]), encoding="utf-8")
    store = SQLiteStore(tmp_path / "b.db")
    Pipeline(store, embedder).run(read_sources([str(backwards)]))
    ref = {a.id: RECORDS[-int(a.origin.rsplit(":", 1)[1])]["id"] for a in store.articles()}
    stories: dict[int, set[str]] = {}
    for a in store.articles():
        stories.setdefault(a.story_id, set()).add(ref[a.id])
    store.close()
    forward: dict[int, set[str]] = {}
    for r, sid in story_of.items():
        forward.setdefault(sid, set()).add(r)
    assert sorted(map(sorted, stories.values())) == sorted(map(sorted, forward.values()))
