"""Figures a disaster desk compares (tester41): a storm's wind and gusts, the rain that fell, and sums written
"VND300 billion" as the English-language press in Vietnam writes them."""

from __future__ import annotations

from datetime import datetime

import pytest

from _articles import build, from_outlets
from newsloom.facts.claims import measures
from newsloom.facts.compare import compare_story
from newsloom.model import RawItem

SEPTEMBER = datetime(2025, 9, 14, 9)


def _slots(text: str) -> dict[str, str]:
    article = build(text, item=RawItem("t", "Tin", text, published=SEPTEMBER))
    return {c.slot: c.value for c in measures.extract(article)}


@pytest.mark.parametrize(("text", "slots"), [
    ("Kemara made landfall with winds of 150 km/h, the weather agency said.", {"amount:wind": "150 km/h"}),
    ("Gusts reached 180 km/h near the coast, officials said.", {"amount:gusts": "180 km/h"}),
    ("Winds of 112 mph battered the coast.", {"amount:wind": "180 km/h"}),  # miles an hour, compared in km/h
    ("Les rafales ont atteint 180 km/h sur la côte, selon les météorologues.", {"amount:gusts": "180 km/h"}),
    ("Rainfall reached 500 mm in 24 hours in Quang Ngai, the agency said.",
     {"amount:rainfall:LOC:quang ngai": "500 mm"}),
    ("Lượng mưa phổ biến 350 mm tại Quảng Ngãi trong 24 giờ qua.", {"amount:rainfall:LOC:quang ngai": "350 mm"}),
    ("The storm caused damage estimated at VND11 trillion, the disaster committee said.",
     {"amount:damage": "1.1e+13 VND"}),
    ("The government approved VND 300 billion in emergency relief on Monday.", {"amount:aid": "3e+11 VND"}),
    # a film's millimetres, a speed limit: no storm's
    ("The 35 mm camera was found in the rain.", {}),
    ("The 1.2 GW plant will open next year.", {"amount:capacity": "1200 MW"}),
])
def test_wind_rain_and_sums_in_dong_are_read(text, slots):
    assert _slots(text) == slots


@pytest.mark.parametrize(("texts", "slot"), [
    (("Gió giật 150 km/h đã quật đổ hàng nghìn cây xanh tại Quảng Ngãi.",
      "Gusts reached 180 km/h in Quang Ngai as Kemara came ashore."), "amount:gusts:LOC:quang ngai"),
    (("The government approved VND300 billion in emergency aid for the provinces hit by Kemara.",
      "Thủ tướng quyết định hỗ trợ 500 tỷ đồng cho các tỉnh bị ảnh hưởng bởi bão Kemara."), "amount:aid"),
])
def test_wind_and_relief_conflict_across_languages(texts, slot):
    articles = from_outlets(texts, [datetime(2025, 9, 14, 8 + i) for i in range(len(texts))])
    finding = next(f for f in compare_story(articles).findings if f.slot == slot)
    assert finding.status == "conflict"
