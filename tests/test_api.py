"""The Python API (newsloom/api.py): the README's example runs as written, records go in as articles, and
a second writer can choose not to wait."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date

import pytest

from conftest import DEMO, ROOT


def test_the_readme_example_runs(tmp_path):
    code = re.search(r"## Python API.*?```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"),
                     re.S).group(1)
    (tmp_path / "demo").symlink_to(ROOT / "demo")
    res = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0] == "18 added, 0 failed"
    assert re.match(r"\d+ stories with conflicts; \d+ sources scored", lines[-1])


def test_the_api_module_is_there_after_import_newsloom():
    import newsloom

    assert newsloom.api.Newsloom is newsloom.Newsloom  # help(newsloom.api), as the README says
    # the types it returns, for a caller's type hints (an integrator had to find their modules)
    from newsloom.search import SearchResult

    assert newsloom.SearchResult is SearchResult and all(isinstance(getattr(newsloom, n), type) or callable(
        getattr(newsloom, n)) for n in newsloom.__all__ if n != "__version__")


def test_records_stories_digests_and_a_writer_that_does_not_wait(tmp_path, embedder):
    import newsloom

    flood = {"title": "Floods in Quang Ngai force 300 households to leave",
             "text": "Heavy rain pushed the Tra Khuc River above alarm level 3 on Tuesday, and officials in "
                     "Quang Ngai province moved more than 300 households to higher ground, the provincial "
                     "disaster committee said. Schools in two districts were closed.",
             "source": "Test Wire", "published": "2025-10-14T09:00:00+07:00"}
    with newsloom.open(tmp_path / "api.db", embedder=embedder, readers=0) as nl:
        report = nl.add([flood, str(DEMO / "may-labs-voice-recorder.txt")])
        assert report.added == 2 and not report.failures
        again = nl.add(flood)
        assert again.added == 0 and again.already_stored == 1
        typo = {"title": "Wrongly dated", "text": "A feed's typo gave this report a publication date in the next "
                                                  "century, which nothing should trust.", "published": "2099-10-14"}
        report = nl.add(typo)
        assert report.notes == [("record 1", "publication date in the future ignored: 2099-10-14")]
        assert nl.story(report.stories_touched.pop()).articles[0].published is None
        rows = nl.stories(sort="id")
        assert len(rows) == 3 == nl.count() == len(nl.stories(limit=0))  # 0: all, as `stories -n 0`
        with pytest.raises(ValueError, match="0 or more"):
            nl.stories(limit=-1)
        flood_story = next(r for r in rows if "Quang Ngai" in r.headline)
        assert flood_story.sources == ["Test Wire"] and flood_story.languages == {"en": 1}
        assert [r.id for r in nl.stories(source="Test Wire")] == [flood_story.id]
        # an entity by key in any case or by a name of it; an unknown one is a ValueError in words
        named = nl.store.entities()[0]
        by_key = [r.id for r in nl.stories(entity=named.key)]
        assert by_key and [r.id for r in nl.stories(entity=named.name)] == by_key == \
            [r.id for r in nl.stories(entity=named.key.upper())]
        with pytest.raises(ValueError, match="no entity is named 'Atlantis'"):
            nl.stories(entity="Atlantis")
        with pytest.raises(ValueError, match="give a name"):
            nl.entities(" ")
        # a date is its whole day, as in search (the flood was published at 09:00 on 14 October, +07:00)
        assert flood_story.id in [r.id for r in nl.stories(since=date(2025, 10, 14), until=date(2025, 10, 14))]
        assert flood_story.id not in [r.id for r in nl.stories(since=date(2025, 10, 15))]
        assert nl.count(until=date(2025, 10, 13)) == 0
        with pytest.raises(TypeError, match="a date or datetime"):
            nl.stories(since="2025-10-14")
        digest = nl.story(flood_story.id)
        assert digest.story_id == flood_story.id and digest.articles[0].source == "Test Wire"
        assert nl.story(999) is None
        # a listed story's article ids, and one article by its id (a tester found none in the Python API)
        assert flood_story.article_ids == [a.id for a in digest.articles]
        assert (flood_story.first_published, flood_story.last_published) == (flood_story.first_seen,
                                                                             flood_story.last_seen)  # the digest's names
        article = nl.article(flood_story.article_ids[0])
        assert article.story_id == flood_story.id and article.mentions and nl.article("no-such-id") is None
        with nl.store.writer(), pytest.raises(newsloom.WriterBusy):
            newsloom.open(tmp_path / "api.db").add(flood, wait=False)


def test_read_only_open_raises_one_line(tmp_path):
    import newsloom

    with pytest.raises(newsloom.StoreError, match="no such store"):
        newsloom.open(tmp_path / "none.db", create=False)


def test_an_untitled_article_is_shown_by_its_first_sentence_everywhere(tmp_path, embedder):
    """An analyst's archive had records without a title (or "&HT;", a typesetting code, for one): their
    stories were headed "—" in the terminal, "" in the API and "Story 51" on the web pages."""
    import newsloom

    text = ("The harbour ferry Sao Mai ran aground near Cat Ba island on Sunday morning with 120 passengers on "
            "board, and all of them were taken off by rescue boats within two hours, the port authority said.\n\n"
            "Divers found a hole in the hull, and the ferry company said the service would resume on Wednesday.")
    with newsloom.open(tmp_path / "t.db", embedder=embedder, readers=0) as nl:
        nl.add([{"title": "&HT;", "text": text, "published": "2026-11-29", "source": "Port Daily"}])
        [row] = nl.stories()
        digest = nl.story(row.id)
    shown = "The harbour ferry Sao Mai ran aground near Cat Ba island on Sunday morning with 120 passengers on…"
    assert row.headline == digest.headline == digest.articles[0].title == shown


def test_a_damaged_store_raises_store_error(tmp_path, embedder):
    """An operator's store with damaged pages raised sqlite3.DatabaseError through the API, where the README
    promises StoreError."""
    import sqlite3

    import newsloom

    db = tmp_path / "d.db"
    with newsloom.open(db, embedder=embedder, readers=0) as nl:
        nl.add([{"title": "Ferry runs aground", "text": "The harbour ferry Sao Mai ran aground near Cat Ba "
                 "island on Sunday with 120 passengers on board, the port authority said."}])
    with sqlite3.connect(db) as con:
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        size = con.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(db.read_bytes())
    data[size * 3:size * pages] = b"\xff" * (size * (pages - 3))
    db.write_bytes(bytes(data))
    with pytest.raises(newsloom.StoreError, match="damaged"), newsloom.open(db, create=False) as nl:
        nl.stories()
    # wherever it is read: the store tells it once (the web server and the CLI read it directly too)
    from newsloom.store import StoreDamaged

    for read in (lambda nl: nl.entity_key("Sao Mai"), lambda nl: nl.store.articles(),
                 lambda nl: list(nl.digests())):
        with pytest.raises(StoreDamaged, match=r"d\.db: (the store is )?damaged"), \
                newsloom.open(db, create=False) as nl:
            read(nl)


def test_a_storm_is_an_entity_stories_are_found_by(tmp_path, embedder):
    """tester42: `entities Torvan` and `stories --entity Torvan` ended in a traceback (an EVENT key was no key)."""
    import newsloom

    storm = {"title": "Typhoon Kemara makes landfall in Quang Ngai",
             "text": "Typhoon Kemara made landfall in Quang Ngai province on Sunday afternoon with gusts of 150 km/h, "
                     "the national weather agency said. Kemara weakened into a tropical storm overnight.",
             "source": "Test Wire", "published": "2025-09-14T18:00:00+07:00"}
    with newsloom.open(tmp_path / "storm.db", embedder=embedder, readers=0) as nl:
        nl.add(storm)
        [entity] = [e for e in nl.entities("Kemara") if e.label == "EVENT"]
        assert entity.key == "EVENT:kemara"
        ids = [r.id for r in nl.stories(entity="Kemara")]
        assert ids and ids == [r.id for r in nl.stories(entity="event:Kemara")] == \
            [r.id for r in nl.stories(entity=entity.key)]
        assert nl.count(entity=entity.key) == 1
