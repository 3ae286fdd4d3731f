"""Meeting claims: who met whom and where, in English and Vietnamese, through the real stages."""

from __future__ import annotations

import pytest

from _articles import build, key, needs_seeds, seed_articles
from newsloom.facts.claims import meetings
from newsloom.model import Claim


def pair_slot(a: str, b: str) -> str:
    return "meeting:" + "|".join(sorted([a, b]))


def by_slot(claims: list[Claim]) -> dict[str, Claim]:
    return {c.slot: c for c in claims}


# ----------------------------------------------------------------------------- English


def test_english_meeting_with_title_and_place():
    a = build("Blinken met NATO Secretary General Mark Rutte in Brussels on Wednesday.")
    [claim] = meetings.extract(a)
    assert claim.kind == "meeting"
    assert claim.slot == pair_slot(key(a, "Blinken"), key(a, "Mark Rutte"))
    assert claim.value == key(a, "Brussels")
    assert claim.subject == key(a, "Blinken")
    assert claim.sentence == 0
    assert claim.text.startswith("Blinken met") and "Mark Rutte" in claim.text
    assert claim.detail == "Blinken met Mark Rutte"


def test_english_subject_after_the_list_and_no_place():
    a = build("During his meetings with EU foreign policy chief Josep Borrell and NATO Secretary General "
              "Mark Rutte, Blinken reiterated the US commitment to Ukraine.")
    claims = by_slot(meetings.extract(a))
    blinken = key(a, "Blinken")
    assert set(claims) == {pair_slot(blinken, key(a, "Josep Borrell")), pair_slot(blinken, key(a, "Mark Rutte"))}
    assert all(c.subject == blinken and c.value == "" for c in claims.values())


def test_english_talks_and_two_names_before_the_verb():
    a = build("Blinken also held talks with David Lammy. Blinken and Rutte met in Brussels on Tuesday.")
    claims = meetings.extract(a)
    assert [(c.slot, c.value, c.sentence) for c in claims] == [
        (pair_slot(key(a, "Blinken"), key(a, "David Lammy")), "", 0),
        (pair_slot(key(a, "Blinken"), key(a, "Rutte")), key(a, "Brussels"), 1)]


def test_english_lowercase_gives_the_same_claim():
    upper = meetings.extract(build("Blinken met NATO Secretary General Mark Rutte in Brussels."))
    lower = meetings.extract(build("blinken met nato secretary general mark rutte in brussels."))
    assert [(c.slot, c.value) for c in lower] == [(c.slot, c.value) for c in upper]


# ----------------------------------------------------------------------------- Vietnamese


def test_vietnamese_meeting_matches_the_english_slot():
    vi = build("Tại Brussels, ông Blinken đã có cuộc gặp với Tổng thư ký NATO Mark Rutte.")
    en = build("Blinken met NATO Secretary General Mark Rutte in Brussels.")
    [c_vi], [c_en] = meetings.extract(vi), meetings.extract(en)
    assert (c_vi.slot, c_vi.value, c_vi.subject) == (c_en.slot, c_en.value, c_en.subject)
    assert "cuộc gặp với" in c_vi.text


@pytest.mark.parametrize("text", [
    "ông blinken đã có cuộc gặp với tổng thư ký nato mark rutte tại brussels.",
    "ong blinken da co cuoc gap voi tong thu ky nato mark rutte tai brussels.",
    "Ong Blinken da co cuoc gap voi Tong thu ky NATO Mark Rutte tai Brussels.",
])
def test_vietnamese_lowercase_and_without_diacritics(text):
    reference = meetings.extract(build("Ông Blinken đã có cuộc gặp với Tổng thư ký NATO Mark Rutte tại Brussels."))
    assert [(c.slot, c.value) for c in meetings.extract(build(text))] == [(c.slot, c.value) for c in reference]


def test_vietnamese_list_after_a_descriptor_subject():
    a = build("Ông Blinken tới Brussels hôm thứ Tư. Nhà ngoại giao hàng đầu của Mỹ đã có các cuộc gặp riêng rẽ "
              "với Tổng thư ký NATO Mark Rutte, ông Josep Borrell và Ngoại trưởng Anh David Lammy, tập trung "
              "bàn thảo về Ukraine.")
    claims = meetings.extract(a)
    blinken = key(a, "Blinken")
    assert {c.slot for c in claims} == {pair_slot(blinken, key(a, n)) for n in ("Mark Rutte", "Josep Borrell",
                                                                                  "David Lammy")}
    assert all(c.subject == blinken and c.sentence == 1 for c in claims)


def test_vietnamese_hoi_dam_and_tiep():
    a = build("Ngoại trưởng Blinken cũng hội đàm với người đồng cấp Ukraine, Andrii Sybiha. "
              "Chủ tịch nước Lương Cường tiếp Đại sứ Nhật Bản Ito Naoki tại Hà Nội.")
    claims = meetings.extract(a)
    assert [(c.slot, c.value, c.subject) for c in claims] == [
        (pair_slot(key(a, "Blinken"), key(a, "Andrii Sybiha")), "", key(a, "Blinken")),
        (pair_slot(key(a, "Lương Cường"), key(a, "Ito Naoki")), key(a, "Hà Nội"), key(a, "Lương Cường"))]


def test_vietnamese_names_joined_before_the_verb_and_between():
    joined = build("Ông Blinken và ông Mark Rutte đã hội đàm tại Brussels hôm thứ Ba.")
    between = build("Cuộc gặp giữa ông Blinken và ông Mark Rutte diễn ra tại Brussels.")
    group = build("Blinken, Rutte and Borrell met in Brussels.")
    for a in (joined, between):
        [claim] = meetings.extract(a)
        assert (claim.slot, claim.value, claim.subject) == (
            pair_slot(key(a, "Blinken"), key(a, "Mark Rutte")), key(a, "Brussels"), key(a, "Blinken"))
    assert {c.slot for c in meetings.extract(group)} == {pair_slot(key(group, "Blinken"), key(group, n))
                                                          for n in ("Rutte", "Borrell")}


def test_second_cue_of_a_sentence_keeps_its_actor():
    a = build("Ông Blinken có cuộc gặp gỡ với ông Mark Rutte, người vừa nhậm chức Tổng thư ký NATO, "
              "trước khi gặp Josep Borrell.")
    claims = meetings.extract(a)
    assert {c.slot for c in claims} == {pair_slot(key(a, "Blinken"), key(a, "Mark Rutte")),
                                        pair_slot(key(a, "Blinken"), key(a, "Josep Borrell"))}


@pytest.mark.parametrize("text", [
    "Ông Blinken tiếp tục kêu gọi Josep Borrell hỗ trợ Ukraine.",  # "tiếp tục" is "continue"
    "Sau cuộc gặp, ông Blinken cho biết Mark Rutte rất ủng hộ.",  # the name starts a new clause
    "Blinken said the gap between Rutte and Borrell was small.",  # "gap" is English here
    "Blinken will attend a meeting of NATO foreign ministers in Brussels.",  # nobody named to meet
])
def test_no_meeting(text):
    assert meetings.extract(build(text)) == []


# ----------------------------------------------------------------------------- compatible


def _claim(value: str) -> Claim:
    return Claim(kind="meeting", slot="meeting:PERSON:a|PERSON:b", value=value, text="", sentence=0)


def test_compatible_only_different_places_conflict():
    brussels, washington, unknown = _claim("LOC:brussels"), _claim("LOC:united states"), _claim("")
    assert meetings.compatible(brussels, brussels, None)
    assert meetings.compatible(brussels, unknown, None)
    assert meetings.compatible(unknown, unknown, None)
    assert not meetings.compatible(brussels, washington, None)


# ----------------------------------------------------------------------------- seeds


@needs_seeds
def test_seed_meetings_agree_across_languages():
    seeds = seed_articles()
    claims = {name: meetings.extract(seeds[name]) for name in ("000", "001", "002")}
    slots = {name: {c.slot for c in cs} for name, cs in claims.items()}
    a = seeds["002"]
    blinken, borrell, rutte = key(a, "Blinken"), key(a, "Josep Borrell"), key(a, "Mark Rutte")
    for pair in (pair_slot(blinken, borrell), pair_slot(blinken, rutte)):
        assert pair in slots["001"] and pair in slots["002"]  # Vietnamese 001 and English 002 align
    lammy = pair_slot(blinken, key(seeds["000"], "David Lammy"))
    assert lammy in slots["000"] and lammy not in slots["001"] | slots["002"]
    # 000 names Stoltenberg as NATO's Secretary General: another person, another slot
    assert pair_slot(blinken, key(seeds["000"], "Jens Stoltenberg")) in slots["000"]
    assert pair_slot(blinken, rutte) not in slots["000"]
    every = [c for cs in claims.values() for c in cs]
    assert all(c.subject == blinken for c in every)
    rutte_places = {c.value for c in every if c.slot == pair_slot(blinken, rutte)}
    assert rutte_places == {key(a, "Brussels"), ""}
    with_rutte = [c for c in every if c.slot == pair_slot(blinken, rutte)]
    assert all(meetings.compatible(x, y, None) for x in with_rutte for y in with_rutte)


@pytest.mark.parametrize("text", [
    "Thanawat Srisuk mở tỷ số ở phút 34. Đây là bàn thắng thứ hai liên tiếp của Tiến Phát sau trận gặp Indonesia.",
    "Ông Nguyễn Văn Việt, cùng tiếp viên Kaysorn, bay tới Viêng Chăn.",
])
def test_a_meeting_verb_inside_another_word_is_none(text):
    """tester38: "thứ hai liên tiếp của Tiến Phát" (in a row) made Thanawat Srisuk meet Tiến Phát; VietnameseMDS:
    "tiếp viên Kaysorn" (a flight attendant) was met."""
    assert [c.slot for c in meetings.extract(build(text))] == []


def test_receiving_a_visitor_is_still_a_meeting():
    found = meetings.extract(build("Chủ tịch nước Lương Cường tiếp Tổng thống Pháp Emmanuel Macron tại Hà Nội."))
    assert [c.slot for c in found] == ["meeting:PERSON:emmanuel macron|PERSON:luong cuong"]


@pytest.mark.parametrize("text", [
    "Ngày 12/10, tại Paris, Bộ trưởng Ngoại giao Trịnh Quốc Khải đã hội đàm với Bộ trưởng Châu Âu và Ngoại giao Pháp "
    "Bertrand Malaret.",
    "On Monday, in Paris, Foreign Minister Trinh Quoc Khai met French Foreign Minister Bertrand Malaret.",
])
def test_a_meetings_place_after_an_opening_day(text):
    """tester40: "Ngày 12/10, tại Paris, …" gave the meeting no place."""
    a = build(text)
    [claim] = meetings.extract(a)
    assert claim.value == key(a, "Paris")
