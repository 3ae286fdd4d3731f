"""A user's table of office holders reaches extraction and comparison: an office holder only that table
knows becomes a role claim, checked against the record; without the table, nothing is claimed."""

from __future__ import annotations

from datetime import date

import pytest

import newsloom

# team-written: a NATO chief the bundled record has never heard of, named by her title only
ARTICLE = {
    "title": "NATO chief Jane Doerr calls for more air defence",
    "text": ("NATO chief Jane Doerr said on Monday that the alliance must speed up deliveries of air defence "
             "systems before the winter. Doerr spoke to reporters in Brussels after a meeting of defence "
             "ministers, who agreed to review their stockpiles by the end of the year."),
    "published": "2026-03-02T09:00:00+00:00",
    "source": "Northern Ledger",
}


@pytest.fixture
def offices(tmp_path):
    path = tmp_path / "offices.csv"
    path.write_text("office_id,person,aliases,start,end\n"
                    "nato/secretary-general,Jane Doerr,Doerr,2011-01-01,2013-12-31\n", encoding="utf-8")
    return path


def _roles(nl) -> list:
    [article] = nl.store.articles()
    return [c for c in article.claims if c.kind == "role"]


def test_a_holder_only_the_users_table_knows_is_claimed_and_checked(tmp_path, offices, embedder):
    with newsloom.open(tmp_path / "with.db", offices=offices, embedder=embedder) as nl:
        nl.add(ARTICLE)
        [claim] = _roles(nl)
        assert (claim.slot, claim.value) == ("role:nato/secretary-general", "PERSON:jane doerr")
        [story] = nl.stories()
        [finding] = [f for f in nl.story(story.id).compared.findings if f.slot == claim.slot]
        assert finding.status == "record"  # she left the office in 2013; the article is of 2026
        [position] = finding.positions
        assert position.fits_record is False
        assert position.record == "Jane Doerr left office on 2013-12-31; Mark Rutte held it on 2026-03-02"


def test_without_the_table_nothing_is_claimed(tmp_path, embedder):
    with newsloom.open(tmp_path / "without.db", embedder=embedder) as nl:
        nl.add(ARTICLE)
        assert _roles(nl) == []
        [story] = nl.stories()
        assert not [f for f in nl.story(story.id).compared.findings if f.slot.startswith("role:")]


def test_the_table_is_used_when_claims_are_extracted_not_only_when_read(tmp_path, offices, embedder):
    """Written with the table, the claim is in the store: read without it, the digest stored still has it."""
    path = tmp_path / "written.db"
    with newsloom.open(path, offices=offices, embedder=embedder) as nl:
        nl.add(ARTICLE)
    with newsloom.open(path, create=False) as nl:
        [story] = nl.stories()
        slots = [f.slot for f in nl.story(story.id).compared.findings]
        assert "role:nato/secretary-general" in slots


def test_a_users_office_newsloom_never_reads_is_named_in_a_warning(tmp_path, caplog):
    """A tester's "vn/sbv-governor" rows were ignored without a word: no text is ever read as that office."""
    from newsloom.facts.offices import OfficeRecord

    table = tmp_path / "mine.csv"
    table.write_text("office_id,person,aliases,start,end\n"
                     "vn/sbv-governor,Đoàn Minh Quân,Doan Minh Quan,2024-07-01,\n"
                     "vn/prime-minister,Nguyen Van Test,,2030-01-01,\n"
                     "ORG:blue lotus lines/chairman,Tran Thi Test,,2025-01-01,\n", encoding="utf-8")
    record = OfficeRecord.load(table)
    assert "Đoàn Minh Quân" in record.holders("vn/sbv-governor", date(2025, 1, 1))
    warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warned) == 1 and "'vn/sbv-governor'" in warned[0] and "prime-minister" in warned[0]


def test_a_companys_officer_in_the_users_table_keeps_the_companys_office(tmp_path):
    """A fact-checker's table named VietLink's chief executive: given to `run`, the article naming him by his
    title alone lost its claim (a person the record knows holds offices was taken for no company officer),
    so `run --offices` and `show --offices` disagreed."""
    from newsloom.entities.link import EntityLinker
    from newsloom.facts.claims import roles
    from newsloom.facts.offices import OfficeRecord
    from newsloom.model import RawItem
    from newsloom.stages import process

    table = tmp_path / "mine.csv"
    table.write_text("office_id,person,aliases,start,end\n"
                     "ORG:vietlink logistics/chief-executive,Lê Minh Khoa,Le Minh Khoa,2025-07-01,\n", encoding="utf-8")
    text = ("VietLink Logistics has put into operation a third container berth at Lach Huyen.\n\nChief executive Le "
            "Minh Khoa told guests that the berth would cut waiting times. VietLink said it would hire 350 workers.")
    article = process(RawItem("t", "Lach Huyen gets a third berth", text), EntityLinker())
    found = {(c.slot, c.value) for c in roles.extract(article, OfficeRecord.load(table))}
    assert found == {("role:ORG:vietlink logistics/chief-executive", "PERSON:le minh khoa")}


def test_a_users_firm_no_article_names_is_named_in_a_warning(tmp_path, embedder, caplog):
    """tester39's re-check: rows for "ORG:hdqt binhminhbank", a key an earlier version gave, were ignored without
    a word once the bank's key became "ORG:ngan hang binh minh"."""
    table = tmp_path / "mine.csv"
    table.write_text("office_id,person,aliases,start,end\n"
                     "ORG:northern ledger/chief-executive,Jane Doerr,,2020-01-01,\n"
                     "ORG:nato/chairman,Jane Doerr,,2020-01-01,\n", encoding="utf-8")
    with newsloom.open(tmp_path / "firms.db", embedder=embedder) as nl:
        nl.add(ARTICLE)
    caplog.clear()
    with newsloom.open(tmp_path / "firms.db", offices=table, embedder=embedder):
        warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warned) == 1 and "'ORG:northern ledger'" in warned[0] and "newsloom entities" in warned[0]
