"""A new version of an article read from the same file or URL replaces the earlier one in its story: the
story's figures, summary and sources compared read the new version; the earlier one is kept and listed."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess

import numpy as np
import pytest

from conftest import CLI

TITLE = "Landslide blocks mountain pass in Lao Cai"
FIRST = (
    "A landslide buried part of the O Quy Ho pass in Lao Cai province early on Monday, cutting the road "
    "between Sa Pa and Lai Chau for most of the day. Three people were injured when rocks hit two cars "
    "waiting at the top of the pass, the provincial traffic police said. Workers with four excavators "
    "began clearing about 2,000 cubic metres of earth and rock before noon, and the authorities asked "
    "drivers to use the road through Than Uyen instead. Rain had fallen on the area for three days."
)
# the outlet's update: the toll corrected, a paragraph added
SECOND = FIRST.replace("Three people were injured", "Five people were injured") + (
    " By evening one lane of the pass had reopened to cars, though trucks were still turned back at the "
    "foot of the pass, the police said in an update."
)
# a rewrite rather than an edit: under the near-copy threshold, still a version of the same article
REWRITE = FIRST.replace(
    "Three people were injured when rocks hit two cars waiting at the top of the pass, the provincial traffic "
    "police said.", "Rocks struck two cars that were waiting at the top of the pass and five people were hurt, "
    "according to the traffic police of the province.") + (
    " By evening one lane of the pass had reopened to cars, though trucks were still turned back at the foot of "
    "the pass.")
OTHER_TITLE = "Hanoi opens two new bus routes to the airport"
OTHER = (
    "Hanoi's transport department opened two new bus routes between the city centre and Noi Bai airport on "
    "Saturday, each running every 20 minutes from five in the morning until eleven at night. Tickets cost "
    "45,000 dong, and the buses carry luggage racks, the department said in a statement."
)


def _cli(db, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, "--db", str(db), *args], capture_output=True, text=True, timeout=600)


def _digest(db, story: int = 1) -> dict:
    res = _cli(db, "show", str(story), "--format", "json")
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)["stories"][0]


def _written_twice(tmp_path, first: tuple[str, str], second: tuple[str, str]):
    """A file of one article read (through its folder), rewritten with another (title, text), read again."""
    news = tmp_path / "news"
    news.mkdir()
    page = news / "landslide.txt"
    db = tmp_path / "s.db"
    for title, text in (first, second):
        page.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
        res = _cli(db, "run", str(news))
        assert res.returncode == 0, res.stderr
    return db, res


@pytest.fixture
def edited(tmp_path):
    """A followed file read, then edited and read again."""
    return _written_twice(tmp_path, (TITLE, FIRST), (TITLE, SECOND))


def test_an_edited_file_replaces_its_earlier_version_in_its_story(edited):
    db, res = edited
    assert "new version" in res.stdout and "landslide.txt" in res.stdout
    assert "near-duplicate" not in res.stdout
    d = _digest(db)
    first, second = d["articles"]
    assert second["revises"] == first["id"] and first["revised_by"] == second["id"]
    assert second["copy_of"] is None  # a near copy of the version it replaces, not a copy of another article
    counts = [a for a in d["amounts"] if a["unit"] == "people"]
    assert [a["value"] for a in counts] == [5]  # the new version's toll only
    slots = [f for f in d["compared"]["findings"] if f["slot"].startswith("amount:injured")]
    assert slots and all(f["status"] == "single" for f in slots)  # a correction is no conflict
    assert d["sources"] == ["landslide.txt"] and not d["copies"]
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*), MAX(article_count) FROM articles, stories").fetchone() == (2, 1)
    from newsloom.digest import Digest
    from newsloom.serve.timeline import timeline_svg

    assert "1 article from 1 source" in timeline_svg(Digest.from_dict(d)) and "(copy)" not in timeline_svg(
        Digest.from_dict(d))
    shown = _cli(db, "show", "1", "--format", "md").stdout
    assert "earlier version, replaced" in shown and "new version" in shown and "copy of" not in shown


def test_the_story_page_lists_both_versions_and_counts_one(edited, embedder):
    from fastapi.testclient import TestClient

    import newsloom
    from newsloom.serve.app import create_app

    db, _ = edited
    with newsloom.open(db, embedder=embedder, readers=0) as nl, TestClient(create_app(nl)) as client:
        page = client.get("/stories/1")
    assert page.status_code == 200
    assert "earlier version, replaced" in page.text and "new version" in page.text
    assert "1 article" in page.text and "2 articles" not in page.text


def test_search_finds_only_the_latest_version(edited, embedder):
    import newsloom

    db, _ = edited
    latest = _digest(db)["articles"][1]["id"]
    with newsloom.open(db, embedder=embedder, readers=0) as nl:
        found = nl.search("landslide O Quy Ho pass")
    assert [h.id for h in found.articles] == [latest]


def test_another_article_written_to_the_same_file_is_no_new_version(tmp_path):
    db, res = _written_twice(tmp_path, (TITLE, FIRST), (OTHER_TITLE, OTHER))
    assert "new version" not in res.stdout
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*), COUNT(revises) FROM articles").fetchone() == (2, 0)
        assert con.execute("SELECT COUNT(DISTINCT story_id) FROM articles").fetchone() == (2,)


# a follow-up report written to the same file: it repeats one sentence of the first, and is another article
FOLLOW_UP_TITLE = "O Quy Ho pass reopens to all traffic after landslide"
FOLLOW_UP = (
    "The O Quy Ho pass between Sa Pa and Lai Chau reopened to trucks and coaches on Wednesday morning, two days "
    "after a landslide blocked it. Workers with four excavators began clearing about 2,000 cubic metres of earth "
    "and rock before noon on Monday, and engineers have since fixed steel nets above the worst stretch of the "
    "road. The province plans to widen two bends before the next rainy season."
)


def test_a_file_read_half_written_is_an_earlier_version_of_the_finished_one(tmp_path):
    """tester35: a file read while being written, then finished, kept both as articles of one story (their
    Jaccard under 0.3); the part read is all in the finished text, which is its new version."""
    part = " ".join(FIRST.split()[:30])[:-2]  # cut within a word, as a copy stops anywhere
    db, res = _written_twice(tmp_path, (TITLE, part), (TITLE, FIRST))
    assert "new version" in res.stdout
    d = _digest(db)
    first, second = d["articles"]
    assert second["revises"] == first["id"] and first["revised_by"] == second["id"]
    assert part not in d["summary"]
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*), MAX(article_count) FROM articles, stories").fetchone() == (2, 1)


def test_a_follow_up_written_to_the_same_file_repeating_a_sentence_is_no_new_version(tmp_path):
    db, res = _written_twice(tmp_path, (TITLE, FIRST), (FOLLOW_UP_TITLE, FOLLOW_UP))
    assert "new version" not in res.stdout
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*), COUNT(revises) FROM articles").fetchone() == (2, 0)


def test_containment_is_the_share_of_the_earlier_text_in_the_later():
    from newsloom.dedup import containment

    part = " ".join(FIRST.split()[:30])[:-2]
    assert containment(part, FIRST) > 0.9  # all but the word cut
    # a review: a teaser read again in place of the full text is no later version, nor is a word or two
    assert containment(FIRST, part) == 0.0 and containment("Three people were injured", FIRST) == 0.0
    assert containment(FOLLOW_UP, FIRST) < 0.3 and containment(OTHER, FIRST) == 0.0 and containment("", FIRST) == 0.0


def test_records_with_the_same_url_are_versions_and_records_without_one_are_not(tmp_path):
    url = "https://news.example.org/lao-cai-landslide"
    rows = [{"title": TITLE, "text": FIRST, "url": url, "source": "Mountain Daily"},
            {"title": OTHER_TITLE, "text": OTHER, "source": "City Desk"},
            # the same page, reached through a shared link
            {"title": TITLE, "text": SECOND, "url": url + "?utm_source=facebook&fbclid=IwAR2", "source": "Mountain Daily"}]
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "s.db"
    res = _cli(db, "run", str(tmp_path / "feed.jsonl"))
    assert res.returncode == 0, res.stderr
    assert len(re.findall(r"^new version", res.stdout, re.M)) == 1
    assert "added (1 new version among them)" in res.stdout  # counted in the summary too
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT a.title, a.place, b.title FROM articles a LEFT JOIN articles b"
                           " ON b.id = a.revises ORDER BY a.seq").fetchall()
    assert rows == [(TITLE, url, None), (OTHER_TITLE, None, None), (TITLE, url, TITLE)]


def test_a_rewrite_is_a_version_and_a_reopened_store_goes_on_the_same_way(tmp_path, embedder):
    """A rewrite too far from its earlier version to be a near copy is still its new version, in its story;
    it enters the clusterer's index as a replay of the store adds it, so a run after a replay and one in the
    same process store the same."""
    import newsloom
    from newsloom.dedup import jaccard, signature

    assert 0.3 <= jaccard(signature(FIRST), signature(REWRITE)) < 0.5
    url = "https://news.example.org/lao-cai-landslide"
    first = {"title": TITLE, "text": FIRST, "url": url, "source": "Mountain Daily"}
    rewrite = {"title": TITLE, "text": REWRITE, "url": url, "source": "Mountain Daily"}
    later = {"title": "Lao Cai pass reopens fully after landslide",
             "text": "Both lanes of the O Quy Ho pass between Sa Pa and Lai Chau reopened on Tuesday morning, a day "
                     "after a landslide buried part of the road and injured five people in two cars. Excavators "
                     "had worked through the night to clear the earth and rock, and trucks were allowed back on "
                     "the pass by noon, the Lao Cai traffic police said.", "source": "Highland News"}
    prints = []
    for replay in (False, True):
        db = tmp_path / f"s{replay}.db"
        with newsloom.open(db, embedder=embedder, readers=0) as nl:
            report = nl.add([first, rewrite])
            assert len(report.revisions) == 1 and not report.near_copies
            if not replay:
                nl.add(later)
        if replay:
            with sqlite3.connect(db) as con:
                con.execute("DELETE FROM state")  # the next open rebuilds the index from the articles
            with newsloom.open(db, embedder=embedder, readers=0) as nl:
                nl.add(later)
        with newsloom.open(db, embedder=embedder, readers=0) as nl:
            index = nl.pipeline().clusterer
            arts = nl.store.articles()
            assert arts[1].revises == arts[0].id and arts[1].story_id == arts[0].story_id
            members = {sid: [index.signals[m].id for m in st.members] for sid, st in index.stories.items()}
            total = sum(index.signals[m].embedding.astype(np.float64) for m in index.stories[1].members)
            assert np.allclose(index.stories[1].total, total)  # the replaced version is out of the centroid
            labels, _ = index.index.knn_query(arts[0].embedding, k=len(index))
            assert arts[0].id not in {index.signals[k].id for k in labels[0]}  # and out of the neighbour index
            prints.append((nl.store.fingerprint(), index.seen, members))
    assert prints[0] == prints[1]
    # the rewrite stands for the first version in the index and its story
    assert prints[0][1] == 3 and prints[0][2] == {1: [arts[1].id, arts[2].id]}


def test_a_rewrite_of_a_near_copy_version_takes_the_place_of_the_version_it_stood_for(tmp_path, embedder):
    """v1, v2 a near copy of it (not indexed: it stands for v1), v3 a rewrite of v2: in the clusterer v3 takes
    v1's place, in a run and in a replay."""
    import newsloom
    from newsloom.dedup import jaccard, signature

    url = "https://news.example.org/lao-cai-landslide"
    near = FIRST.replace("early on Monday", "on Monday morning")
    assert jaccard(signature(FIRST), signature(near)) >= 0.5 and 0.3 <= jaccard(signature(near),
                                                                               signature(REWRITE)) < 0.5
    def members(nl) -> list[list[str]]:
        index = nl.pipeline().clusterer
        return [[index.signals[m].id for m in st.members] for st in index.stories.values()]

    db = tmp_path / "s.db"
    with newsloom.open(db, embedder=embedder, readers=0) as nl:
        nl.add([{"title": TITLE, "text": text, "url": url} for text in (FIRST, near, REWRITE)])
        v1, v2, v3 = nl.store.articles()
        assert (v2.copy_of, v2.revises, v3.revises) == (v1.id, v1.id, v2.id)
        assert members(nl) == [[v3.id]]  # as the run left it
    with sqlite3.connect(db) as con:
        con.execute("DELETE FROM state")
    with newsloom.open(db, embedder=embedder, readers=0) as nl:
        assert members(nl) == [[v3.id]]  # as a replay of the store makes it


def test_a_new_version_that_is_a_near_copy_of_the_one_it_replaces_stands_for_it():
    """Among a story's current articles, a new version points (`copy_of`) at the version it replaced: it
    is the story's original then, in its summary's and its storyline profile's articles."""
    import numpy as np

    from newsloom.cluster.storylines import story_profile
    from newsloom.model import Article, originals

    new = Article(id="b", origin="p.txt", title=TITLE, text=SECOND, copy_of="a", revises="a",
                  embedding=np.ones(4, dtype=np.float32))
    copy = Article(id="c", origin="q.txt", title=TITLE, text=SECOND, copy_of="b")
    assert originals([new, copy]) == [new]
    centroid, _ = story_profile([new])
    assert centroid is not None


def test_a_copy_of_the_replaced_version_stays_a_copy_and_is_not_compared(tmp_path, embedder):
    """Another outlet republished the first version; the outlet then corrected it: the copy is no source
    of its own, and its old figure no conflict with the correction."""
    import newsloom

    url = "https://mountain-daily.example/lao-cai-landslide"
    first = {"title": TITLE, "text": FIRST, "url": url, "source": "Mountain Daily"}
    wire = {"title": TITLE, "text": FIRST.replace("early on Monday", "on Monday"), "source": "Highland Wire",
            "url": "https://highland-wire.example/landslide"}
    with newsloom.open(tmp_path / "s.db", embedder=embedder, readers=0) as nl:
        report = nl.add([first, wire, {**first, "text": SECOND}])
        assert len(report.revisions) == 1 and len(report.near_copies) == 1
        [d] = list(nl.digests())
    assert d.sources == ["Mountain Daily"] and [c.source for c in d.copies] == ["Highland Wire"]
    injured = [f for f in d.compared.findings if f.slot.startswith("amount:injured")]
    assert [(f.status, [p.value for p in f.positions]) for f in injured] == [("single", ["5 people"])]
    assert d.article_count == 2


def test_a_rewrite_of_an_article_whose_story_left_the_window_does_not_bring_it_back(tmp_path, embedder):
    import newsloom

    url = "https://news.example.org/lao-cai-landslide"
    first = {"title": TITLE, "text": FIRST, "url": url, "source": "Mountain Daily", "published": "2025-01-06"}
    months_later = {"title": OTHER_TITLE, "text": OTHER, "source": "City Desk", "published": "2025-05-01"}
    with newsloom.open(tmp_path / "s.db", embedder=embedder, readers=0) as nl:
        nl.add([first, months_later])
        clusterer = nl.pipeline().clusterer
        story = nl.store.story_of(nl.store.articles()[0].id)
        assert story in clusterer.expire()
        seen = clusterer.seen
        report = nl.add({**first, "text": REWRITE})
        assert len(report.revisions) == 1 and not report.near_copies
        assert nl.store.story_of(nl.store.articles()[-1].id) == story
        assert story not in nl.pipeline().clusterer.stories and nl.pipeline().clusterer.seen == seen


@pytest.mark.parametrize(("url", "place"), [
    ("https://news.example.org/a?id=3#comments", "https://news.example.org/a?id=3"),
    ("https://news.example.org/", None),
    ("https://news.example.org", None),
    ("https://news.example.org/?page=2", "https://news.example.org/?page=2"),
    # tracking parameters are no part of a place, nor the host's case or the order of the others
    ("https://News.Example.org/a?utm_source=rss&utm_medium=feed&id=3", "https://news.example.org/a?id=3"),
    ("https://news.example.org/a?fbclid=IwAR0x&id=3&lang=vi", "https://news.example.org/a?id=3&lang=vi"),
    ("https://news.example.org/a?lang=vi&id=3", "https://news.example.org/a?id=3&lang=vi"),
    ("https://news.example.org/?utm_source=rss", None),
    ("http://[::1", None),
    (None, None),
])
def test_a_page_is_read_again_from_its_url_without_fragment_and_a_front_page_is_no_place(url, place):
    from newsloom.model import page_place

    assert page_place(url) == place


def test_a_name_corrected_in_a_new_version_no_longer_lists_the_story(tmp_path, embedder):
    import newsloom

    url = "https://news.example.org/lao-cai-landslide"
    said = " \"We expect the road to open fully by Tuesday,\" said Nguyen Van Binh, the provincial police chief."
    first = {"title": TITLE, "text": FIRST + said, "url": url, "source": "Mountain Daily"}
    fixed = {**first, "text": FIRST + said.replace("Nguyen Van Binh", "Nguyen Van Bach")}
    with newsloom.open(tmp_path / "s.db", embedder=embedder, readers=0) as nl:
        nl.add(first)
        assert [s.id for s in nl.stories(entity="PERSON:nguyen van binh")] == [1]
        assert len(nl.add(fixed).revisions) == 1
        assert nl.stories(entity="PERSON:nguyen van binh") == []
        assert [s.id for s in nl.stories(entity="PERSON:nguyen van bach")] == [1]


def test_two_versions_published_at_one_instant_leave_the_later_given_current(tmp_path, embedder):
    """A review: a batch taken in publication order put versions of one instant in the order of their ids (their
    content), so the earlier version was current about half the time."""
    from newsloom.ingest import read_sources
    from newsloom.pipeline import Pipeline
    from newsloom.store import SQLiteStore

    for k in range(8):  # eight pages: their versions' ids fall either way round
        url = f"https://news.example.org/lao-cai-landslide-{k}"
        rows = [{"title": TITLE, "text": f"{FIRST} Version one of page {k}.", "url": url,
                 "published": "2026-03-02T10:00:00Z"},
                {"title": TITLE, "text": f"{SECOND} Version two of page {k}.", "url": url,
                 "published": "2026-03-02T10:00:00Z"}]
        (tmp_path / f"p{k}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        with SQLiteStore(tmp_path / f"p{k}.db") as store:
            Pipeline(store, embedder).run(read_sources([str(tmp_path / f"p{k}.jsonl")]))
            assert [a.text.endswith(f"Version two of page {k}.") for a in store.articles() if a.current] == [True]
