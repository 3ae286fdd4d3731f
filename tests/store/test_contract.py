"""The store contract (store/base.py), run against every implementation: a PostgreSQL store joins the
`store` fixture's parameters and must pass the same tests."""

from __future__ import annotations

import threading
import unicodedata
from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest

from newsloom.dedup import band_keys, signature
from newsloom.model import Article, Claim, Entity, Mention
from newsloom.store import SQLiteStore, StoreError, StoryFilter, StoryRow, WriterBusy, open_store

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(params=BACKENDS)
def make_store(request, tmp_path):
    """A function that opens a store of the backend at a name (the same name: the same store)."""
    opened = []
    databases: dict[str, str] = {}

    def make(name: str = "contract"):
        if request.param == "postgres":
            if name not in databases:
                databases[name] = request.getfixturevalue("postgres").database()
            store = open_store(databases[name])
        else:
            store = SQLiteStore(tmp_path / f"{name}.db")
        opened.append(store)
        return store

    yield make
    for s in opened:
        s.close()


@pytest.fixture
def store(make_store):
    return make_store()


def _article(n: int, story: int | None, text: str | None = None, **kw) -> Article:
    text = text or f"Article number {n} tells its own story in several words of text, number {n}."
    a = Article(id=f"a{n}", origin=f"file{n}.txt", title=f"Title {n}", text=text, lang=kw.pop("lang", "en"),
                story_id=story, embedding=np.full(4, n, dtype=np.float32), **kw)
    a.mentions = [Mention("Hanul Energy", "ORG", 0, 12, 0, "ORG:hanul energy")]
    a.claims = [Claim("amount", "amount:investment", "2.3e9 USD", "$2.3 billion", 0, "ORG:hanul energy")]
    return a


def _add(store, *articles: Article) -> None:
    with store.transaction():
        for a in articles:
            sig = signature(a.text)
            a.seq = store.add_article(a, sig.tobytes(), b"", band_keys(sig))
            if a.story_id is not None:
                store.touch_story(a.story_id)


def _publish(store, sid: int, *, headline: str = "", when: datetime | None = None, langs=None, sources=None,
             conflicts: int = 0, entities=(), centroid=None, terms=None) -> None:
    row = StoryRow(id=sid, headline=headline or f"Story {sid}", summary=[f"About story {sid}."], first_seen=when,
                   last_seen=when, article_count=len(store.story_members(sid)), languages=langs or {"en": 1},
                   sources=sources or ["Wire"], latest_seq=sid)
    digest = {"story_id": sid, "headline": row.headline, "storyline_id": store.storyline_of(sid)}
    store.save_story(row, digest, conflicts, 2, entities, centroid, [("Wire", 2, 1, 1, conflicts, 0)], terms)


def test_articles_are_stored_once_and_read_back(store):
    _add(store, _article(1, 1), _article(2, 1), _article(3, 2))
    assert store.article_count() == 3 and store.max_seq() == 3
    assert store.origin_of("a2") == "file2.txt" and store.origin_of("nope") is None
    assert [a.id for a in store.articles(1)] == ["a1", "a2"]
    assert [a.id for a in store.articles_with_ids(["a3", "a1"])] == ["a1", "a3"]
    assert store.story_of("a3") == 2 and [i for i, _ in store.story_members(1)] == ["a1", "a2"]
    a = store.articles(2)[0]
    assert a.mentions[0].entity == "ORG:hanul energy" and a.claims[0].value == "2.3e9 USD"
    assert [r.id for r in store.index_rows(after=1)] == ["a2", "a3"]
    assert [r.id for r in store.index_rows(stories=[2])] == ["a3"]
    with pytest.raises(StoreError, match="a1"), store.transaction():  # the same id twice: refused
        store.add_article(_article(1, 1), None, None)
    assert store.article_count() == 3


def test_a_failed_transaction_writes_nothing(store):
    with pytest.raises(RuntimeError), store.transaction():
        store.add_article(_article(1, 1), None, None)
        raise RuntimeError("killed halfway")
    assert store.article_count() == 0


def test_copies_recorded_once(store):
    _add(store, _article(1, 1))
    with store.transaction():
        assert store.add_copy("a1", "mirror.txt", "Mirror", None)
        assert not store.add_copy("a1", "mirror.txt", "Mirror", None)
    assert store.copies(["a1"]) == [("a1", "mirror.txt", "Mirror", None)]


def test_near_duplicate_candidates_come_from_the_bands(store):
    text = ("The council approved three new flood barriers along the river before the rainy season, at a cost "
            "of about 1.2 trillion dong, to protect more than 40,000 households in low districts.")
    _add(store, _article(1, 1, text), _article(2, 2))
    near = text.replace("approved", "has approved")
    found = [i for i, _ in store.near_candidates(band_keys(signature(near)))]
    assert found == ["a1"]
    assert store.near_candidates([]) == []


def test_versions_of_an_article_by_place(store):
    """The article last stored from a place; the later version each replaced one reads, and search leaving
    the replaced ones out."""
    url = "https://news.example.org/a"
    first, second = _article(1, 1, place=url), _article(2, 1, place=url, revises="a1")
    _add(store, first, _article(3, 2, place="/news/other.txt"))
    assert store.latest_at(url)[0] == "a1" and store.latest_at("https://news.example.org/b") is None
    _add(store, second)
    assert store.latest_at(url)[0] == "a2" and store.latest_at(url)[2] == 1
    assert store.latest_at(url)[1] == signature(second.text).tobytes()
    read = {a.id: (a.place, a.revises, a.revised_by) for a in store.articles()}
    assert read == {"a1": (url, None, "a2"), "a2": (url, "a1", None), "a3": ("/news/other.txt", None, None)}
    assert [a.id for a in store.articles_with_ids(["a1"])][0] == "a1"
    assert store.articles_with_ids(["a1"])[0].revised_by == "a2"
    assert [b.id for b in store.article_briefs([first.seq, second.seq])] == ["a2"]
    assert [r.revises for r in store.index_rows()] == [None, None, "a1"]


def test_stories_are_listed_by_index_with_filters(store):
    _add(store, _article(1, 1), _article(2, 1), _article(3, 2, lang="vi"), _article(4, 3))
    _publish(store, 1, headline="Flood in Quang Ngai", when=datetime(2025, 10, 14, tzinfo=UTC), conflicts=1)
    _publish(store, 2, headline="Lũ ở Quảng Ngãi", when=datetime(2025, 10, 20, tzinfo=UTC), langs={"vi": 1},
             sources=["Tin Nhanh"])
    _publish(store, 3, headline="Solar plant at 100% of its_capacity", when=None)
    assert store.dirty_stories() == [] == store.unlinked_stories()
    with store.transaction():  # written within a run: its storylines wait; the story is listed meanwhile
        store.mark_unlinked([2, 3])
    assert store.unlinked_stories() == [2, 3] and store.dirty_stories() == []
    with store.transaction():
        store.touch_story(3)  # changed again: written again
        store.save_profile(2, None, ["ORG:hanul energy"], {7: 0.5})
    assert store.unlinked_stories() == [] and store.dirty_stories() == [3]
    assert store.stories_by_terms({7: 1.0}, 1) == {2: {7: 0.5}}
    _publish(store, 3, headline="Solar plant at 100% of its_capacity", when=None)
    assert [s.id for s in store.stories()] == [2, 1, 3]  # newest first, undated last
    assert [s.id for s in store.stories(sort="size")] == [1, 2, 3]
    assert [s.id for s in store.stories(sort="contested")][0] == 1
    assert [s.id for s in store.stories(StoryFilter(lang="vi"))] == [2]
    assert [s.id for s in store.stories(StoryFilter(source="Tin Nhanh"))] == [2]
    assert [s.id for s in store.stories(StoryFilter(source="tin nhanh"))] == [2]  # case ignored, as search does
    # accents, case and spacing aside, in any Unicode form (tester36 typed "nhip song phap dinh")
    _publish(store, 3, headline="Solar plant at 100% of its_capacity", when=None, sources=["Nhịp Sống Pháp Đình"])
    decomposed = unicodedata.normalize("NFD", "Nhịp Sống Pháp Đình")
    for asked in ("Nhịp Sống Pháp Đình", "nhip song phap dinh", "NHỊP SỐNG  PHÁP ĐÌNH", decomposed):
        assert [s.id for s in store.stories(StoryFilter(source=asked))] == [3], asked
    # words from their start, case aside; without marks in any form, with marks as written ("bão" is not "báo")
    assert [s.id for s in store.stories(StoryFilter(q="Quang Ngai"))] == [2, 1]
    assert [s.id for s in store.stories(StoryFilter(q="QUẢNG ngãi"))] == [2]
    assert [s.id for s in store.stories(StoryFilter(q="quang ngai flo"))] == [1]
    assert [s.id for s in store.stories(StoryFilter(q="Lũ"))] == [2] and store.stories(StoryFilter(q="Lú")) == []
    assert [s.id for s in store.stories(StoryFilter(q="100%"))] == [3]  # % and _ are characters, not wildcards
    assert [s.id for s in store.stories(StoryFilter(q="its_cap"))] == [3]
    assert [s.id for s in store.stories(StoryFilter(q="uang"))] == []
    assert [s.id for s in store.stories(StoryFilter(q="Q%g"))] == [] == [s.id for s in store.stories(StoryFilter(q="Fl_od"))]
    assert [s.id for s in store.stories(StoryFilter(entity="ORG:hanul energy"), sort="id")] == [1, 2, 3]
    assert [s.id for s in store.stories(StoryFilter(since=datetime(2025, 10, 15)))] == [2]
    assert [s.id for s in store.stories(StoryFilter(until=datetime(2025, 10, 15)))] == [1]
    assert [s.id for s in store.stories(StoryFilter(min_articles=2))] == [1]
    assert [s.id for s in store.stories(StoryFilter(contested=True))] == [1]
    assert [s.id for s in store.stories(sort="id", limit=1, offset=1)] == [2]
    assert store.count_stories() == 3 and store.count_stories(StoryFilter(lang="en")) == 2
    one = store.story(1)
    assert one.article_ids == ["a1", "a2"] and one.article_count == 2 and one.headline == "Flood in Quang Ngai"
    assert store.story(99) is None
    assert store.digest(2)["headline"] == "Lũ ở Quảng Ngãi" and store.digest(99) is None
    assert [d["story_id"] for d in store.contested()] == [1]
    assert store.source_scores() == [("Wire", 6, 3, 3, 1, 0)]  # summed over the three stories


def test_storylines_join_and_are_found_through_shared_entities(store):
    _add(store, _article(1, 1), _article(2, 2), _article(3, 3))
    c = np.array([1, 0, 0, 0], dtype=np.float32)
    for sid in (1, 2, 3):
        _publish(store, sid, entities=["LOC:a", "LOC:b", "LOC:c"] if sid != 3 else ["LOC:a"], centroid=c)
    assert {store.storyline_of(s) for s in (1, 2, 3)} == {1, 2, 3}
    store.join_storylines(3, 2)
    store.join_storylines(2, 1)
    assert [store.storyline_of(s) for s in (1, 2, 3)] == [1, 1, 1]
    assert store.digest(3)["storyline_id"] == 1  # the stored digests follow
    assert [sid for sid, _ in store.stories_sharing(["LOC:a", "LOC:b", "LOC:c", "LOC:d"], 3)] == [1, 2]
    assert np.allclose(store.stories_sharing(["LOC:a", "LOC:b", "LOC:c"], 3)[0][1], c)


def test_storylines_are_listed_latest_first_with_their_latest_headline(store):
    _add(store, *(_article(n, n) for n in (1, 2, 3, 4, 5)))
    hanoi = timezone(timedelta(hours=7))
    for sid, day in ((1, 3), (2, 9), (3, 5), (4, None), (5, 7)):
        _publish(store, sid, when=datetime(2025, 10, day, 12, tzinfo=hanoi if sid == 1 else UTC) if day else None)
    store.join_storylines(2, 1)
    store.join_storylines(4, 3)
    lines = store.storyline_rows()
    assert [(r.id, r.stories, r.articles, r.headline) for r in lines] == [(1, 2, 2, "Story 2"), (3, 2, 2, "Story 3")]
    # each end with the offset its story was published at (they were shown in UTC only)
    assert [(t, t.utcoffset()) for t in (lines[0].first_seen, lines[0].last_seen)] == [
        (datetime(2025, 10, 3, 12, tzinfo=hanoi), timedelta(hours=7)), (datetime(2025, 10, 9, 12, tzinfo=UTC), timedelta(0))]
    assert [r.id for r in store.storyline_rows(min_stories=1)] == [1, 5, 3] == \
        [r.id for r in store.storyline_rows(1, limit=1)] + [r.id for r in store.storyline_rows(1, offset=1)]
    assert store.count_storylines() == 2 and store.count_storylines(1) == 3 and store.count_storylines(3) == 0


def test_stories_are_found_through_their_key_terms(store):
    _add(store, _article(1, 1), _article(2, 2), _article(3, 3))
    _publish(store, 1, terms={10: 0.8, 11: 0.6})
    _publish(store, 2, terms={10: 0.6, 11: 0.6, 12: 0.52})
    _publish(store, 3, terms={12: 1.0})
    assert store.stories_by_terms([10, 11, 99], 2) == {1: {10: 0.8, 11: 0.6}, 2: {10: 0.6, 11: 0.6, 12: 0.52}}
    assert sorted(store.stories_by_terms([12], 1)) == [2, 3]
    _publish(store, 2)  # published again without terms: they are kept
    _publish(store, 1, terms={13: 1.0})  # with new ones: they replace the old
    assert sorted(store.stories_by_terms([10, 11], 2)) == [2] and sorted(store.stories_by_terms([13], 1)) == [1]


def test_key_terms_of_stories_and_of_a_storyline_summed_over_its_latest_stories(store):
    _add(store, *(_article(n, n) for n in (1, 2, 3, 4)))
    _publish(store, 1, terms={10: 0.8, 11: 0.6})
    _publish(store, 2, terms={10: 0.6, 12: 0.8})
    _publish(store, 3, terms={12: 1.0})
    _publish(store, 4)  # no key terms
    assert store.story_terms([1, 3, 4, 99]) == {1: {10: 0.8, 11: 0.6}, 3: {12: 1.0}}
    for other in (2, 3, 4):
        store.join_storylines(other, 1)
    assert store.storyline_terms(1, 5) == pytest.approx({10: 1.4, 11: 0.6, 12: 1.8})
    assert store.storyline_terms(1, 2) == pytest.approx({10: 0.6, 12: 1.8})  # stories 3 and 2: 4 has none
    assert store.storyline_terms(2, 5) == {}


def test_entities_saved_and_read_by_key(store):
    with store.transaction():
        store.save_entities([Entity("LOC:ukraine", "Ukraine", "LOC", {"Ukraine", "Ucraina"}, {"Ukraine": 3})])
        store.save_entities([Entity("LOC:ukraine", "Ukraine", "LOC", {"Ukraine", "Ucraina", "Ukraina"},
                                    {"Ukraine": 4})])
    (e,) = store.entities(["LOC:ukraine", "LOC:nowhere"])
    assert e.aliases == {"Ukraine", "Ucraina", "Ukraina"} and e.counts["Ukraine"] == 4
    assert [x.key for x in store.entities()] == ["LOC:ukraine"]


def test_lexicon_rows_read_by_name(store):
    rows = [("alias", "hanul", "ORG:hanul energy"), ("surname", "kim", "PERSON:kim jong un"),
            ("surname", "kim", "PERSON:kim yo jong"), ("first_word", "kim", "")]
    with store.transaction():
        store.add_lexicon(rows)
        store.add_lexicon(rows[:1])  # written again: kept once
        store.add_lexicon(("prefix", f"name {i}", "") for i in range(1200))
    assert sorted(store.lexicon(["kim", "hanul", "nobody"])) == sorted(rows)
    assert len(store.lexicon(f"name {i}" for i in range(0, 1200, 2))) == 600  # more names than one query takes
    assert store.lexicon([]) == []


def test_entities_found_by_any_name_folded(store):
    with store.transaction():
        store.save_entities([
            Entity("PERSON:pham minh chinh", "Phạm Minh Chính", "PERSON", {"Phạm Minh Chính", "Pham Minh Chinh"},
                   {"Phạm Minh Chính": 5, "Pham Minh Chinh": 2}),
            Entity("LOC:korea", "South Korea", "LOC", {"South Korea", "Hàn Quốc"}, {"South Korea": 1, "Hàn Quốc": 1}),
            Entity("LOC:han river", "Han River", "LOC", {"Han River"}, {"Han River": 9}),
            Entity("ORG:han", "Han", "ORG", {"Han"}, {"Han": 1}),
        ])
    assert [e.key for e in store.find_entities("pham minh chinh")] == ["PERSON:pham minh chinh"]
    assert [e.key for e in store.find_entities("CHÍNH")] == ["PERSON:pham minh chinh"]
    (korea,) = store.find_entities("han quoc")  # an alias in another language
    assert korea.name == "South Korea" and korea.aliases == {"South Korea", "Hàn Quốc"}
    # named exactly so first, then a name starting with it, then the most named
    assert [e.key for e in store.find_entities("Han")] == ["ORG:han", "LOC:han river", "LOC:korea"]
    assert [e.key for e in store.find_entities("han", limit=1)] == ["ORG:han"]
    assert store.find_entities("nobody") == [] and store.find_entities("  ") == [] and store.find_entities("5") == []


def test_state_and_meta_kept(store):
    assert store.load_state() is None and store.meta("embedder") is None
    with store.transaction():
        store.save_state(7, b"snapshot")
        store.set_meta("embedder", "onnx-e5")
    assert store.load_state() == (7, b"snapshot") and store.meta("embedder") == "onnx-e5"


def test_one_writer_at_a_time(make_store):
    first, second = make_store("w"), make_store("w")
    with first.writer(), pytest.raises(WriterBusy, match="another newsloom process is writing"), \
            second.writer(wait=False):
        pass
    with second.writer(wait=False):  # released: the next writer goes ahead
        pass


def test_a_waiting_writer_says_so_and_goes_on_when_the_first_is_done(make_store):
    first, second = make_store("w"), make_store("w")
    said: list[str] = []
    with first.writer():
        waiter = threading.Thread(target=lambda: second.writer(on_wait=said.append).__enter__())
        waiter.start()
        waiter.join(0.5)
        assert waiter.is_alive() and said and "waiting" in said[0]
    waiter.join(10)
    assert not waiter.is_alive()


def test_readers_in_other_threads_use_their_own_connection(store):
    _add(store, _article(1, 1))
    seen: list[int] = []
    t = threading.Thread(target=lambda: seen.append(store.article_count()))
    t.start()
    t.join()
    assert seen == [1]


def test_read_only_open_never_creates(tmp_path):
    with pytest.raises(StoreError, match="no such store"):
        SQLiteStore(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()


# -- search ----------------------------------------------------------------------------------------
def test_full_text_search_folds_diacritics_and_d(store):
    _add(store, _article(1, 1, "Lũ trên sông Trà Khúc gây ngập ở Quảng Ngãi và Đà Nẵng."),
         _article(2, 2, "Floods on the Tra Khuc river hit Quang Ngai province on Tuesday."),
         _article(3, 3, "The central bank kept its policy rate unchanged."))
    assert {h.id for h in store.search_text("Quang Ngai")} == {"a1", "a2"}
    assert {h.id for h in store.search_text("quảng ngãi")} == {"a1", "a2"}
    assert [h.id for h in store.search_text("da nang")] == ["a1"]  # "đ" matches "d"
    assert [h.id for h in store.search_text("ĐÀ NẴNG")] == ["a1"]
    assert store.search_text("tariffs") == [] and store.search_text("  ,. ") == []
    hits = store.search_text("Quang Ngai floods river")
    assert hits[0].id == "a2" and hits[0].score > hits[-1].score  # more of the words: ranked first


def test_article_vectors_after_a_sequence_number(store):
    _add(store, _article(1, 1), _article(2, 1), _article(3, 2))
    got = list(store.article_vectors())
    assert [aid for _, aid, _ in got] == ["a1", "a2", "a3"] and got[1][2].tolist() == [2.0] * 4
    assert [aid for _, aid, _ in store.article_vectors(after=got[1][0])] == ["a3"]


def test_languages_of_the_articles_after_a_sequence_number(store):
    assert store.languages() == set()
    _add(store, _article(1, 1, lang="vi"), _article(2, 1), _article(3, 2, lang=None))
    first = store.max_seq()
    _add(store, _article(4, 2, lang="fr"), _article(5, 2))
    assert store.languages() == {"en", "fr", "vi"} and store.languages(after=first) == {"en", "fr"}
    assert store.languages(after=store.max_seq()) == set()


def test_articles_read_a_page_at_a_time_come_whole_and_in_order(store, make_store):
    store._PAGE = 2  # pages of two: five articles take three pages, the last one short
    _add(store, *(_article(n, n % 2 + 1) for n in range(1, 6)))
    assert [r.id for r in store.index_rows()] == ["a1", "a2", "a3", "a4", "a5"]
    assert [r.id for r in store.index_rows(after=2)] == ["a3", "a4", "a5"]
    assert [aid for _, aid, _ in store.article_vectors()] == ["a1", "a2", "a3", "a4", "a5"]
    with store.transaction():
        store.touch_story(1)
        store.touch_story(3)
    copy = make_store("copy")
    copy._PAGE = 2
    assert store.copy_into(copy) == 5
    assert copy.fingerprint() == store.fingerprint()
    assert [r.id for r in copy.index_rows()] == ["a1", "a2", "a3", "a4", "a5"]


def test_article_briefs_by_sequence_number(store):
    _add(store, _article(1, 1, url="https://example.org/1", source="Wire",
                         published=datetime(2025, 10, 14, 8, tzinfo=UTC)), _article(2, None, lang="vi"))
    one, two = store.article_briefs([2, 1, 2, 99])  # by seq, once each, unknown ones left out
    assert (one.seq, one.id, one.story_id, one.title, one.url, one.source, one.lang) == (
        1, "a1", 1, "Title 1", "https://example.org/1", "Wire", "en")
    assert one.published == datetime(2025, 10, 14, 8, tzinfo=UTC) and one.text.startswith("Article number 1 ")
    assert (two.id, two.story_id, two.published, two.lang) == ("a2", None, None, "vi")
    assert store.article_briefs([]) == []


def test_articles_naming_entities_most_of_them_first_replaced_versions_left_out(store):
    hanul = Mention("Hanul Energy", "ORG", 0, 12, 0, "ORG:hanul energy")
    port = Mention("Hai Phong", "LOC", 20, 29, 0, "LOC:hai phong")
    one, two, three, four = (_article(n, 1) for n in range(1, 5))  # each names Hanul once
    two.mentions = [hanul, port]
    three.mentions = [hanul, hanul]
    four.mentions, four.place = [port, port, port], "https://example.org/4"
    _add(store, one, two, three, four)
    found = store.articles_naming(["ORG:hanul energy", "LOC:hai phong"])
    assert found == [(2, frozenset({"ORG:hanul energy", "LOC:hai phong"})), (4, frozenset({"LOC:hai phong"})),
                     (3, frozenset({"ORG:hanul energy"})), (1, frozenset({"ORG:hanul energy"}))]
    assert [seq for seq, _ in store.articles_naming(["ORG:hanul energy"], limit=2)] == [3, 2]
    edited = _article(5, 1, place="https://example.org/4", revises="a4")
    edited.mentions = [hanul]
    _add(store, edited)
    assert [seq for seq, _ in store.articles_naming(["LOC:hai phong"])] == [2]
    assert store.articles_naming([]) == [] == store.articles_naming(["LOC:nowhere"])


# -- followed sources ------------------------------------------------------------------------------
def test_followed_sources_keep_their_state_and_the_entries_seen(make_store):
    from dataclasses import replace

    store = make_store("sources")
    with store.transaction():
        assert store.follow("https://example.org/feed.xml", "feed", every=600)
        assert not store.follow("https://example.org/feed.xml", "feed")  # followed already: left as it is
        assert store.follow("/data/inbox", "folder")
        assert store.follow("http://127.0.0.1:8080/feed.xml", "feed", allow_private=True)
    [feed, folder, local] = store.sources()
    assert (feed.kind, feed.every, feed.errors, feed.last_error) == ("feed", 600, 0, None)
    assert (feed.allow_private, local.allow_private) == (False, True)
    now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    with store.transaction():
        store.save_source(replace(feed, etag='"abc"', last_check=now, last_error="HTTP 503", errors=2,
                                  next_check=now, stored=7, allow_private=True))
        store.mark_seen(feed.url, ["entry-1", "entry-2"])
        store.mark_seen(feed.url, ["entry-2"])  # twice: once
    again = make_store("sources").source(feed.url)  # another connection, as another process would
    assert (again.etag, again.last_error, again.errors, again.stored, again.allow_private) == \
        ('"abc"', "HTTP 503", 2, 7, True)
    assert again.last_check == now and again.next_check == now
    assert store.seen_entries(feed.url, ["entry-1", "entry-3"]) == {"entry-1"}
    assert store.seen_entries(folder.url, ["entry-1"]) == set()
    assert store.unfollow(feed.url) and store.source(feed.url) is None
    assert store.seen_entries(feed.url, ["entry-1"]) == set()


def test_a_sources_outlet_and_its_entries_failed_tries_are_kept(make_store):
    """`watch --source`'s outlet, and the failed tries of a feed's entries (counted until an entry is read, and
    forgotten when it is, or when the source is unfollowed)."""
    from dataclasses import replace

    store = make_store("tries")
    with store.transaction():
        store.follow("/data/inbox", "folder", outlet="Báo Tuổi Trẻ")
        store.follow("https://example.org/feed.xml", "feed")
    [folder, feed] = store.sources()
    assert (folder.outlet, feed.outlet) == ("Báo Tuổi Trẻ", None)
    with store.transaction():
        store.save_source(replace(feed, outlet="Wire"))
        assert store.count_tries(feed.url, ["e1", "e2"]) == {"e1": 1, "e2": 1}
        assert store.count_tries(feed.url, ["e1"]) == {"e1": 2}
        assert store.count_tries(folder.url, ["e1"]) == {"e1": 1}  # per source
    assert make_store("tries").source(feed.url).outlet == "Wire"
    with store.transaction():
        store.mark_seen(feed.url, ["e1"])  # read at last: its tries are forgotten
        assert store.count_tries(feed.url, ["e1", "e2"]) == {"e1": 1, "e2": 2}
    assert store.unfollow(feed.url)
    with store.transaction():
        assert store.count_tries(feed.url, ["e2"]) == {"e2": 1}


def test_article_terms_by_id(store):
    a, b, c = _article(1, 1), _article(2, 1), _article(3, 2)
    with store.transaction():
        for art, terms in ((a, b"\x01\x02"), (b, b""), (c, b"\x03")):
            sig = signature(art.text)
            store.add_article(art, sig.tobytes(), terms, band_keys(sig))
    assert store.article_terms(["a1", "a2", "a3", "a9"]) == {"a1": b"\x01\x02", "a3": b"\x03"}  # none: none
    assert store.article_terms([]) == {}
