"""Named storms (tester41: "Kemara" was a person in Vietnamese and French, "Typhoon Kemara" an organisation in
English, and "bão số 6" no name of it): a storm is an event, one entity by its name in every language, on
sentences written for these tests."""

from __future__ import annotations

import re

import pytest

from newsloom.entities import EntityLinker, extract_mentions
from newsloom.model import Article


def make(text: str, lang: str) -> Article:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    return Article(id=text[:8], origin="test", title="", text=text, lang=lang, sentences=sentences)


def storms(text: str, lang: str) -> list[str]:
    return [m.text for m in extract_mentions(make(text, lang)) if m.label == "EVENT"]


@pytest.mark.parametrize(("text", "lang", "names"), [
    ("Typhoon Kemara made landfall in Quang Ngai on Sunday. Kemara weakened into a storm later.", "en",
     ["Kemara", "Kemara"]),
    ("Bão Kemara đổ bộ vào Quảng Ngãi chiều 14/9, làm 3 người chết.", "vi", ["Kemara"]),
    ("Cơn bão số 6 (Kemara) gây mưa lớn. Bão số 3 có tên quốc tế là Yagi.", "vi", ["Kemara", "Yagi"]),
    ("Siêu bão Hải Yến đã đổ bộ vào Philippines.", "vi", ["Hải Yến"]),
    ("Le typhon Kemara a touché terre dimanche au Vietnam.", "fr", ["Kemara"]),
    ("Tropical Storm Kemara Sunday brought heavy rain.", "en", ["Kemara"]),  # not the weekday
    # bodies and things named after storms, no storm; a sentence whose full stop was lost
    ("The Joint Typhoon Warning Center and the National Hurricane Center said the storm had weakened.", "en", []),
    ("Nhiều chuyến bay bị hủy do bão Trong đó Vietnam Airlines hủy 7 chuyến.", "vi", []),
])
def test_a_storms_name_after_its_kind_is_an_event(text, lang, names):
    assert storms(text, lang) == names


def test_a_storm_is_one_entity_in_every_language_and_writing():
    linker = EntityLinker()
    keys = set()
    for text, lang in (("Typhoon Kemara killed three people in Quang Ngai.", "en"),
                       ("Bão Kemara làm 3 người chết tại Quảng Ngãi.", "vi"),
                       ("Le typhon Kemara a fait trois morts.", "fr")):
        article = make(text, lang)
        article.mentions = extract_mentions(article)
        linker.link(article)
        keys |= {m.entity for m in article.mentions if m.text == "Kemara"}
    assert keys == {"EVENT:kemara"}
    article = make("Bão Na-ri đổ bộ. Cơn bão Na Ri suy yếu.", "vi")
    article.mentions = extract_mentions(article)
    linker.link(article)
    assert {m.entity for m in article.mentions if m.label == "EVENT"} == {"EVENT:nari"}
