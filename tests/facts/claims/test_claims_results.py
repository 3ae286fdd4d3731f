"""A match's final score (tester38, a sports desk): the score two outlets give for one match is compared."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from _articles import build, from_outlets
from newsloom.facts.claims import results
from newsloom.facts.compare import compare_story
from newsloom.model import Mention

VN_INDONESIA = "result:LOC:indonesia|LOC:vietnam"


@pytest.mark.parametrize(("text", "found"), [
    ("Vietnam beat Indonesia 2-1 in a World Cup qualifier at My Dinh National Stadium on Thursday.",
     [(VN_INDONESIA, "2-1")]),
    ("Đội tuyển Việt Nam giành chiến thắng 2-1 trước Indonesia tối 12/11.", [(VN_INDONESIA, "2-1")]),
    ("Indonesia lost 1-2 to Vietnam.", [(VN_INDONESIA, "2-1")]),  # written from the loser's side
    ("Vietnam beat Indonesia 2-1.", [(VN_INDONESIA, "2-1")]),  # at a sentence's end
    ("Thái Lan hòa Việt Nam 1-1 trên sân Rajamangala.", [("result:LOC:thailand|LOC:vietnam", "1-1")]),
    # no final score: an equaliser, sets, a range, a half, one side only
    ("Rizky Pratama gỡ hòa 1-1 cho Indonesia trước Việt Nam ở phút 55.", []),
    ("Nadal beat Federer 6-3, 6-4 in Paris.", []),
    ("Khoảng 2-3 người Việt Nam và Indonesia thắng giải.", []),
    ("Vietnam led Indonesia 1-0 at half-time but drew.", []),
    ("Vietnam won 3-0 on Thursday.", []),
    # days, and "hòa" of "Cộng hòa" (a republic) far from the numbers (the seeds; ViMs)
    ("Tổng thư ký NATO Mark Rutte sẽ thăm Washington vào ngày 14-15 tháng 7 năm 2025 để gặp Tổng thống Mỹ.", []),
    ("Một quan chức của Triều Tiên ngày 23-5 cho biết đề xuất gặp ứng cử viên Đảng Cộng hòa là vô ích.", []),
    # the sides: an opponent after the score; not a side named far before it (ViMs), nor a club's country
    ("FLC Thanh Hóa và Hải Phòng đều hưng phấn khi đội bóng xứ Thanh giành thắng lợi 4-0 trước Đồng Tháp.", []),
    ("Hanoi Lotus FC beat Thailand's Bangkok Harbour FC 2-1 in the final.",
     [("result:ORG:bangkok harbour|ORG:hanoi lotus fc", "2-1")]),
])
def test_a_matchs_final_score(text, found):
    assert [(c.slot, c.value) for c in results.extract(build(text))] == found


@pytest.mark.parametrize(("other", "status"), [
    ("Indonesia lost 1-2 to Vietnam at My Dinh on Thursday night.", "agreed"),
    ("Vietnam beat Indonesia 2-0 at My Dinh on Thursday night.", "conflict"),
])
def test_two_outlets_scores_compared(other, status):
    first = "Đội tuyển Việt Nam đánh bại Indonesia 2-1 tối 12/11 trên sân Mỹ Đình, trước 38.000 khán giả."
    articles = from_outlets((first, other), [datetime(2026, 11, 12, 22 + i) for i in range(2)])
    assert [(f.slot, f.status) for f in compare_story(articles).findings if f.kind == "result"] == [
        (VN_INDONESIA, status)]


def test_two_names_side_by_side_are_one_side():
    """VietnameseMDS: where the model reads "U." and "Việt Nam" of "U.23 Việt Nam" as two names, they touch: one
    team, no match between them."""
    art = build("Văn Thắng tỏa sáng, U.23 Việt Nam thắng Santos 3-1.")
    u = art.text.index("U.")
    art = replace(art, mentions=[Mention("U.", "LOC", u, u + 2, 0, "LOC:u"), *art.mentions])
    assert any(m.entity == "LOC:vietnam" for m in art.mentions)
    assert [c.slot for c in results.extract(art) if "LOC:u|" in c.slot] == []
