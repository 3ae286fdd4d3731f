"""The dated office-holder record: the bundled table is consistent, look-ups, verdicts, user overrides."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsloom.facts.offices import (
    OfficeRecord,
    Tenure,
    _read_csv,
    bundled,
    holder_of,
    office_exists,
    office_name,
    single_holder,
)

D = date.fromisoformat


def test_bundled_table_is_consistent():
    record = bundled()
    assert record.problems() == []
    assert len(record.tenures) > 200
    for t in record.tenures:
        holder, _, office = t.office_id.partition("/")
        assert office_exists(holder, office), t
        assert t.person == t.person.strip() and t.person, t


def test_bundled_table_covers_the_offices_asked_for():
    record = bundled()
    g20 = ["ar", "au", "br", "ca", "cn", "fr", "de", "in", "id", "it", "jp", "mx", "ru", "sa", "za", "kr", "tr",
           "gb", "us"]
    for holder in [*g20, "ua", "vn", "il"]:
        assert f"{holder}/foreign-minister" in record.offices(), holder
    for office in ["un/secretary-general", "nato/secretary-general", "eu/high-representative",
                   "eu/commission-president", "eu/council-president"]:
        assert record.holders(office, D("2024-06-01")), office
        assert record.holders(office, D("2026-01-01")), office  # current holders have no end


def test_validation_finds_overlaps_and_bad_dates():
    bad = OfficeRecord([
        Tenure("nato/secretary-general", "A", (), D("2014-10-01"), D("2024-10-01")),
        Tenure("nato/secretary-general", "B", (), D("2024-09-01"), None),  # starts before A left
        Tenure("us/president", "C", (), D("2020-01-01"), D("2019-01-01")),  # ends before it starts
        Tenure("nato/president", "D", (), D("2020-01-01"), None),  # NATO has no president
        Tenure("vn/deputy-prime-minister", "E", (), D("2021-01-01"), None),  # several at once is fine
        Tenure("vn/deputy-prime-minister", "F", (), D("2021-01-01"), None),
    ])
    problems = bad.problems()
    assert len(problems) == 3, problems
    assert any("overlaps" in p and "A" in p and "B" in p for p in problems)
    assert any("us/president" in p for p in problems)
    assert any("unknown office" in p for p in problems)
    # the next holder may take office the day the previous one leaves
    handover = OfficeRecord([Tenure("un/secretary-general", "A", (), D("2007-01-01"), D("2017-01-01")),
                             Tenure("un/secretary-general", "B", (), D("2017-01-01"), None)])
    assert handover.problems() == []


def test_holders_on_a_day():
    record = bundled()
    sg = "nato/secretary-general"
    assert record.holders(sg, D("2024-11-13")) == ["Mark Rutte"]
    assert record.holders(sg, D("2020-01-01")) == ["Jens Stoltenberg"]
    assert record.holders(sg, D("2024-10-01")) == ["Jens Stoltenberg", "Mark Rutte"]  # hand-over day
    assert record.holders("us/foreign-minister", D("2025-01-20")) == ["Antony Blinken"]
    assert record.holders("us/foreign-minister", D("2025-01-21")) == ["Marco Rubio"]
    assert record.holders("us/president", D("2019-06-01")) == ["Donald Trump"]
    assert record.holders("us/president", D("2022-06-01")) == ["Joe Biden"]
    assert record.holders("us/president", D("2025-03-01")) == ["Donald Trump"]
    assert record.holders("ua/foreign-minister", D("2024-09-04")) == ["Dmytro Kuleba"]
    assert record.holders("ua/foreign-minister", D("2024-09-06")) == ["Andrii Sybiha"]
    assert record.holders("eu/high-representative", D("2024-11-30")) == ["Josep Borrell"]
    assert record.holders("eu/high-representative", D("2024-12-01")) == ["Kaja Kallas"]
    assert record.holders("xx/president", D("2024-12-01")) == []


def test_person_matching():
    record = bundled()
    for name in ["PERSON:blinken", "PERSON:antony blinken", "PERSON:anthony blinken", "Tony Blinken",
                 "Antony Blinken", "ANTONY BLINKEN"]:
        assert record.persons(name) == {"Antony Blinken"}, name
    assert record.persons("PERSON:antonio guterres") == {"António Guterres"}
    assert record.persons("PERSON:tap can binh") == {"Xi Jinping"}  # Sino-Vietnamese alias, no accents
    assert record.persons("Bùi Thanh Sơn") == {"Bùi Thanh Sơn"}
    assert record.persons("PERSON:john smith") == set()
    assert record.persons("PERSON:mark smith rutte") == set()  # a given name that does not fit


def test_check_messages():
    record = bundled()
    day = D("2024-11-13")
    sg = "nato/secretary-general"
    verdict = record.check(sg, "PERSON:jens stoltenberg", day)
    assert (verdict.status, verdict.ok) == ("not-held", False)
    assert verdict.message == "Jens Stoltenberg left office on 2024-10-01; Mark Rutte held it on 2024-11-13"
    verdict = record.check(sg, "Mark Rutte", day)
    assert (verdict.status, verdict.ok, verdict.person) == ("held", True, "Mark Rutte")
    assert verdict.message == "Mark Rutte held this office on 2024-11-13"
    assert record.check(sg, "PERSON:mark rutte", D("2024-05-01")).message == (
        "Mark Rutte took office on 2024-10-01; Jens Stoltenberg held it on 2024-05-01")
    assert record.check("us/foreign-minister", "PERSON:blinken", day).ok is True
    assert record.check(sg, "PERSON:blinken", day).message == (
        "Antony Blinken did not hold this office; Mark Rutte held it on 2024-11-13")
    # between two terms
    assert record.check("us/president", "Donald Trump", D("2022-06-01")).message == (
        "Donald Trump left office on 2021-01-20; Joe Biden held it on 2022-06-01")


def test_check_unknown():
    record = bundled()
    verdict = record.check("nato/secretary-general", "PERSON:john smith", D("2024-11-13"))
    assert (verdict.status, verdict.ok) == ("unknown", None)
    assert "not in the office record" in verdict.message and "Mark Rutte" in verdict.message
    verdict = record.check("osce/secretary-general", "PERSON:mark rutte", D("2024-11-13"))
    assert verdict.status == "unknown" and "OSCE Secretary General" in verdict.message
    # before the record reaches back: Netanyahu's first term (1996-99) is no contradiction of it (an analyst's
    # 1990s archive had 14 such "against the record" findings)
    verdict = record.check("il/prime-minister", "Benjamin Netanyahu", D("1998-11-20"))
    assert (verdict.status, verdict.ok) == ("unknown", None)
    assert verdict.message == ("Benjamin Netanyahu is not recorded as Prime Minister of Israel on 1998-11-20; "
                               "no holder is recorded for 1998-11-20")


def test_office_names_and_holders():
    assert office_name("nato/secretary-general") == "NATO Secretary General"
    assert office_name("us/foreign-minister") == "US Secretary of State"
    assert office_name("gb/foreign-minister") == "UK Foreign Secretary"
    assert office_name("ua/foreign-minister") == "Foreign Minister of Ukraine"
    assert office_name("nl/prime-minister") == "Prime Minister of the Netherlands"
    assert office_name("eu/high-representative").startswith("EU High Representative")
    assert holder_of("LOC:ukraine") == "ua" and holder_of("LOC:united states") == "us"
    assert holder_of("ORG:european union") == "eu" and holder_of("ORG:nato") == "nato"
    assert holder_of("LOC:brussels") is None
    assert single_holder("us/president") and not single_holder("vn/deputy-prime-minister")


def test_organisation_offices():
    ceo = "ORG:blue lotus lines/chief-executive"
    assert office_name(ceo) == "Chief Executive of Blue Lotus Lines"
    assert office_name(ceo, "Blue Lotus Lines") == "Chief Executive of Blue Lotus Lines"
    assert office_name("ORG:tap doan sao viet/chairman", "Tập đoàn Sao Việt") == "Chairman of Tập đoàn Sao Việt"
    assert office_name("ORG:mekong tigers fc/head-coach") == "Head Coach of Mekong Tigers Fc"
    assert single_holder(ceo) and single_holder("ORG:a/b c/chairman")  # a "/" in the organisation's key
    assert office_exists("ORG:blue lotus lines", "chairman") and not office_exists("ORG:blue lotus lines", "founder")
    assert not office_exists("ORG:", "chairman") and not office_exists("nato", "chief-executive")
    assert bundled().tenures_of(ceo) == []
    assert bundled().check(ceo, "PERSON:doan thi hanh", D("2025-12-01")).status == "unknown"


def test_user_table_may_list_organisation_offices(tmp_path):
    record = OfficeRecord.load(write(tmp_path / "orgs.csv", [
        "ORG:blue lotus lines/chief-executive,Kim Jae-won,,2016-03-01,2025-04-01",
        "ORG:blue lotus lines/chief-executive,Đoàn Thị Hạnh,Doan Thi Hanh,2025-04-01,",
    ]))
    assert record.problems() == []
    ceo = "ORG:blue lotus lines/chief-executive"
    assert record.holders(ceo, D("2025-12-01")) == ["Đoàn Thị Hạnh"]
    verdict = record.check(ceo, "PERSON:kim jae-won", D("2025-12-01"))
    assert verdict.message == "Kim Jae-won left office on 2025-04-01; Đoàn Thị Hạnh held it on 2025-12-01"
    assert OfficeRecord.load(write(tmp_path / "bad.csv", ["ORG:blue lotus lines/founder,A,,2020-01-01,"])
                             ).problems() == ["ORG:blue lotus lines/founder: unknown office"]


def write(path: Path, rows: list[str]) -> Path:
    path.write_text("office_id,person,aliases,start,end\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_user_table_adds_and_overrides(tmp_path):
    extra = write(tmp_path / "mine.csv", [
        "nato/secretary-general,Mark Rutte,Rutte,2024-10-02,",  # replaces the bundled Rutte row
        "osce/secretary-general,Test Person,T. Person,2024-12-04,",  # a new office
    ])
    record = OfficeRecord.load(extra)
    assert record.problems() == []
    assert record.holders("nato/secretary-general", D("2024-10-01")) == ["Jens Stoltenberg"]
    assert record.holders("nato/secretary-general", D("2024-10-02")) == ["Mark Rutte"]
    assert len(record.tenures_of("nato/secretary-general")) == len(bundled().tenures_of("nato/secretary-general"))
    assert record.check("osce/secretary-general", "T. Person", D("2025-01-01")).ok is True
    assert bundled().holders("nato/secretary-general", D("2024-10-01")) == ["Jens Stoltenberg", "Mark Rutte"]


def test_user_rows_are_the_record_on_the_days_they_cover(tmp_path):
    """tester40: a user's newer holder left the bundled open-ended one in office too ("Cho Hyun and Baek Seung-ho
    held it on 2026-11-20"). Invented holders: the bundled one ends where the user's first row starts, goes on
    where a user's closed row ends."""
    extra = write(tmp_path / "mine.csv", [
        "kr/foreign-minister,Min Seo-yeon,Min,2026-02-09,2026-10-06",
        "kr/foreign-minister,Oh Jin-woo,Oh,2026-10-06,",
        "nato/secretary-general,Ana Brel,Brel,2019-03-01,2019-05-01",  # a stand-in, inside a bundled tenure
    ])
    record = OfficeRecord.load(extra)
    assert record.problems() == []
    [before] = bundled().holders("kr/foreign-minister", D("2026-01-15"))
    assert record.holders("kr/foreign-minister", D("2026-01-15")) == [before]
    assert record.holders("kr/foreign-minister", D("2026-02-09")) == [before, "Min Seo-yeon"]  # hand-over day
    assert record.holders("kr/foreign-minister", D("2026-11-20")) == ["Oh Jin-woo"]
    assert record.check("kr/foreign-minister", "Min Seo-yeon", D("2026-11-20")).message == (
        "Min Seo-yeon left office on 2026-10-06; Oh Jin-woo held it on 2026-11-20")
    assert record.holders("nato/secretary-general", D("2019-04-01")) == ["Ana Brel"]
    assert record.holders("nato/secretary-general", D("2019-06-01")) == ["Jens Stoltenberg"]


def test_user_table_errors_say_where(tmp_path, caplog):
    """tester40: one bad row stopped every command, its error alone ("Invalid isoformat string"). Each bad row is
    now a warning line naming its line and what is expected, and the good rows are read."""
    path = write(tmp_path / "bad.csv", ["un/secretary-general,Ada Quill,,2017-01-01,2017-03-01",
                                        "un/secretary-general,Bo Reyes,,06/10/2026",
                                        "un/secretary-general,Cy Mott,,2017-13-01,",
                                        "un/secretary-general,Di Noor,,2017-04-01,2017-02-30",
                                        "un/secretary-general,,,2017-04-01,",
                                        "un/secretary-general,Ed Vance,,2017-05-01,2017-04-01"])
    record = OfficeRecord.load(path)
    assert [m for r in caplog.records if (m := r.getMessage()).startswith(str(path))] == [
        f"{path}, line 3: start must be YYYY-MM-DD, got '06/10/2026'; the row is left out",
        f"{path}, line 4: start must be YYYY-MM-DD, got '2017-13-01'; the row is left out",
        f"{path}, line 5: end must be YYYY-MM-DD or empty (in office), got '2017-02-30'; the row is left out",
        f"{path}, line 6: office_id and person must not be empty; the row is left out",
        f"{path}, line 7: end 2017-04-01 is before start 2017-05-01; the row is left out"]
    assert record.holders("un/secretary-general", D("2017-02-01")) == ["Ada Quill"]
    with pytest.raises(ValueError, match="line 3: start must be YYYY-MM-DD"):  # the bundled table's own: an error
        _read_csv("offices.csv", "office_id,person,aliases,start,end\nun/secretary-general,A,,2017-01-01,\n"
                                 "un/secretary-general,B,,2017-13-01,\n")
    (tmp_path / "cols.csv").write_text("office,person\nun/secretary-general,A\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        OfficeRecord.load(tmp_path / "cols.csv")


def test_verdict_known_and_holds():
    record = bundled()
    held = record.check("nato/secretary-general", "Mark Rutte", D("2024-11-13"))
    not_held = record.check("nato/secretary-general", "Jens Stoltenberg", D("2024-11-13"))
    unknown = record.check("nato/secretary-general", "John Smith", D("2024-11-13"))
    assert (held.known, held.holds) == (True, True)
    assert (not_held.known, not_held.holds) == (True, False)
    assert (unknown.known, unknown.holds) == (False, None)


def test_window_where_most_claims_fit():
    record = bundled()
    story = [("nato/secretary-general", "PERSON:jens stoltenberg"), ("nato/secretary-general", "PERSON:mark rutte"),
             ("nato/secretary-general", "PERSON:mark rutte"), ("us/foreign-minister", "PERSON:blinken"),
             ("ua/foreign-minister", "PERSON:andrii sybiha"), ("eu/high-representative", "PERSON:josep borrell"),
             ("us/president", "PERSON:biden")]
    # Rutte (two sources) with Blinken, Sybiha, Borrell and Biden: from Rutte's first day to Borrell's last
    assert record.window(story) == (D("2024-10-01"), D("2024-11-30"))
    today = D("2026-01-01")
    assert record.window([("nato/secretary-general", "Mark Rutte")], today) == (D("2024-10-01"), today)
    assert record.window([("us/president", "Donald Trump")], today) is None  # two terms: which one?
    assert record.window([("us/president", "John Smith")], today) is None
    assert record.window([], today) is None
