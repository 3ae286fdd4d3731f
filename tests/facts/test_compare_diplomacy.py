"""Figures a foreign desk compares (tester40): agreements two sides sign and ministers a reshuffle replaces."""

from __future__ import annotations

from datetime import datetime

import pytest

from _articles import build, from_outlets
from newsloom.facts.claims import measures
from newsloom.facts.compare import compare_story
from newsloom.model import RawItem

SEPTEMBER = datetime(2026, 9, 15, 9)


def _slots(text: str) -> dict[str, str]:
    article = build(text, item=RawItem("t", "Tin", text, published=SEPTEMBER))
    return {c.slot: c.value for c in measures.extract(article)}


@pytest.mark.parametrize(("text", "slots"), [
    ("Hai bên đã ký kết 15 văn kiện hợp tác trong các lĩnh vực thương mại và năng lượng.",
     {"amount:agreements": "15 agreements"}),
    ("The two sides signed 12 cooperation agreements covering trade and energy.", {"amount:agreements": "12 agreements"}),
    ("Hai nhà lãnh đạo chứng kiến lễ trao 15 văn kiện hợp tác.", {"amount:agreements": "15 agreements"}),
    ("Les deux présidents ont assisté à la signature de 15 accords de coopération, selon l'agence officielle.",
     {"amount:agreements": "15 agreements"}),
    ("President Hwang replaced five ministers in the first major reshuffle of his term.",
     {"amount:ministers": "5 ministers"}),
    ("Tổng thống Hwang đã thay thế bảy bộ trưởng trong đợt cải tổ nội các.", {"amount:ministers": "7 ministers"}),
    # a count of agreements in force, ministers who meet: nothing signed, nobody replaced
    ("Vietnam has 16 free trade agreements in force.", {}),
    ("Hai bộ trưởng đã gặp nhau tại Hà Nội.", {}),
])
def test_agreements_signed_and_ministers_replaced_are_read(text, slots):
    assert _slots(text) == slots


def test_agreements_signed_conflict_across_languages():
    articles = from_outlets(("Hai bên đã ký kết 15 văn kiện hợp tác trong các lĩnh vực thương mại và năng lượng.",
                             "The two leaders witnessed the signing of 15 agreements on trade and energy.",
                             "South Korea's Hwang signs 12 agreements in Hanoi."),
                            [datetime(2026, 9, 15, 8 + i) for i in range(3)])
    finding = next(f for f in compare_story(articles).findings if f.slot == "amount:agreements")
    assert finding.status == "conflict"
    assert sorted(p.sources for p in finding.positions) == [1, 2]


def test_protesters_detained_conflict():
    """tester40's C8: 34 detained in three outlets, 43 in one."""
    articles = from_outlets(("Police detained 34 protesters in the capital on Monday night.",
                             "Cảnh sát đã bắt giữ 43 người biểu tình tại thủ đô tối thứ Hai."),
                            [datetime(2026, 11, 3, 8), datetime(2026, 11, 3, 9)])
    finding = next(f for f in compare_story(articles).findings if f.slot.startswith("amount:arrested"))
    assert finding.status == "conflict"


@pytest.mark.parametrize(("text", "seats"), [
    ("The opposition Lotus Party won 48 of the 76 seats in Sunday's election.", "48 seats"),
    ("Đảng Hoa Sen đã giành 48 trên tổng số 76 ghế trong cuộc bầu cử Quốc hội.", "48 seats"),
    ("Le Parti du Lotus a remporté 52 des 76 sièges du Parlement, selon la commission électorale.", "52 seats"),
    ("Les électeurs ont offert la victoire au Parti du Lotus, qui obtient 48 sièges sur 76 au Parlement.", "48 seats"),
])
def test_seats_a_party_wins_are_read(text, seats):
    found = {c.slot.split(":ORG:")[0]: c.value for c in measures.extract(build(text)) if "seats" in c.slot}
    assert found == {"amount:seats-won": seats}


@pytest.mark.parametrize("text", ["The stadium has 40,000 seats.", "The ruling party kept 21 seats.",
                                  "The 76 seats of the parliament are elected every four years."])
def test_seats_not_won_are_no_claim(text):
    assert not [c for c in measures.extract(build(text)) if "seats-won" in c.slot]


def test_seats_won_conflict():
    """tester40's C6: 48 of the 76 seats in two outlets, 52 in one."""
    articles = from_outlets(("The opposition Lotus Party won 48 of the 76 seats in Sunday's snap election.",
                             "The Lotus Party took a majority, winning 48 seats, the election commission said.",
                             "The opposition Lotus Party won 52 of the 76 seats in Sunday's snap election."),
                            [datetime(2026, 11, 2, 8 + i) for i in range(3)])
    finding = next(f for f in compare_story(articles).findings if f.slot.startswith("amount:seats-won"))
    assert finding.status == "conflict" and sorted(p.sources for p in finding.positions) == [1, 2]


def test_an_outlet_in_a_dateline_wins_no_seats():
    text = "ULAANBAATAR, Nov 2 (Reuters) - The opposition won 52 of the 76 seats in Sunday's snap election."
    assert [c.slot for c in measures.extract(build(text)) if "seats" in c.slot] == ["amount:seats-won"]
