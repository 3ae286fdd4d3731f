"""Office holders compared across a story's articles, each article's claim judged at that article's day: a change
of holder told over several days is no conflict; two holders on one day, or a stale title, still are."""

from __future__ import annotations

from datetime import date, datetime

from _articles import from_outlets
from newsloom.facts.compare import compare_story
from newsloom.facts.offices import OfficeRecord, Tenure

# team-written: an invented reshuffle, the outgoing minister leaving on 6 October 2026
RECORD = OfficeRecord([Tenure("kr/foreign-minister", "Jang Mi-rae", (), date(2025, 2, 1), date(2026, 10, 6)),
                       Tenure("kr/foreign-minister", "Kwon Do-hyun", (), date(2026, 10, 6), None)])
JANG = ("South Korean Foreign Minister Jang Mi-rae met her Japanese counterpart in Seoul on Monday to discuss "
        "fishing rights.")
KWON = ("South Korean Foreign Minister Kwon Do-hyun, sworn in on Tuesday, met his Japanese counterpart in Seoul to "
        "discuss fishing rights.")


def _role(texts: tuple[str, ...], days: list[datetime]):
    [finding] = [f for f in compare_story(from_outlets(texts, days), record=RECORD).findings if f.kind == "role"]
    return finding, [(p.value.removeprefix("PERSON:"), p.sources, p.fits_record) for p in finding.positions]


def test_a_reshuffle_told_over_two_days_is_no_conflict():
    """tester40: the outgoing minister named on 5 October and the new one on the 6th were a conflict, and the
    outlet right about the new one was scored against the record (judged at the story's first day)."""
    finding, positions = _role((JANG, KWON), [datetime(2026, 10, 5, 9), datetime(2026, 10, 6, 15)])
    assert finding.status == "single" and "changed hands" in (finding.why or "")
    assert positions == [("jang mi-rae", 1, True), ("kwon do-hyun", 1, True)]
    assert [p.record for p in finding.positions] == ["Jang Mi-rae held this office on 2026-10-05",
                                                     "Kwon Do-hyun held this office on 2026-10-06"]


def test_two_holders_on_one_day_conflict():
    finding, positions = _role((JANG, KWON), [datetime(2026, 10, 7, 9), datetime(2026, 10, 7, 15)])
    assert finding.status == "conflict"
    assert positions == [("jang mi-rae", 1, False), ("kwon do-hyun", 1, True)]


def test_a_stale_title_later_in_the_story_is_against_the_record_and_the_earlier_one_is_not():
    """The same name right on 5 October and stale on the 20th: only the later article is against the record."""
    finding, positions = _role((JANG, JANG.replace("on Monday", "again"), KWON),
                               [datetime(2026, 10, 5, 9), datetime(2026, 10, 20, 9), datetime(2026, 10, 20, 15)])
    assert finding.status == "conflict"
    assert sorted(positions, key=str) == [("jang mi-rae", 1, False), ("jang mi-rae", 1, True), ("kwon do-hyun", 1, True)]


def test_a_record_note_names_the_days_its_articles_were_judged_at():
    """tester40: "judged at 2026-10-05 (publication date)" read as if the whole story happened on its first day."""
    texts = (JANG, JANG.replace("on Monday", "on Sunday"), KWON)
    comparison = compare_story(from_outlets(texts, [datetime(2026, 10, 4, 9), datetime(2026, 10, 5, 9),
                                                    datetime(2026, 10, 6, 15)]), record=RECORD)
    assert comparison.date_basis == "publication date; office holders at each article's day"
    [finding] = [f for f in comparison.findings if f.kind == "role"]
    assert [p.record for p in finding.positions] == [
        "Jang Mi-rae held this office on each article's day (2026-10-04, 2026-10-05)",
        "Kwon Do-hyun held this office on 2026-10-06"]


def test_outside_the_record_the_story_saying_the_new_holder_took_office_between_the_days_is_a_handover():
    """A company's office, which no record covers: the day an article says the new chief took office (a
    "duration:office-start" claim) between the two articles' days makes them a change of holder; on one day,
    a conflict."""
    texts = ("BinhMinhBank CEO Nguyen Van Hung said the loan was the largest the bank had arranged.",
             "BinhMinhBank CEO Tran Thi Lan Anh, who took office on October 6, 2026, said the loan was the largest "
             "the bank had arranged.")
    for days, status in (([datetime(2026, 10, 5, 9), datetime(2026, 10, 7, 9)], "single"),
                         ([datetime(2026, 10, 7, 9), datetime(2026, 10, 7, 15)], "conflict")):
        [finding] = [f for f in compare_story(from_outlets(texts, days)).findings if f.kind == "role"]
        assert finding.status == status
