"""Competitions, clubs, athletes and English words of a sports desk's articles taken for people, places or bodies
(tester 38's finding 10), on sentences written for these tests."""

import re

from newsloom.entities import extract_mentions
from newsloom.model import Article


def make(text: str, lang: str) -> Article:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    return Article(id=text[:8], origin="test", title="", text=text, lang=lang, sentences=sentences)


def names_in(text: str, lang: str = "vi") -> list[tuple[str, str]]:
    """The names found in `text` (not linked), each with its label, in order."""
    return [(m.text, m.label) for m in extract_mentions(make(text, lang))]


def test_competitions_and_clubs_are_no_people_nor_places():
    found = names_in("Đây là bản hợp đồng đắt giá nhất của V-League. Kritsada đến từ CLB Lanna City và ghi 14 bàn "
                     "ở Thai League, mức cao nhất trong lịch sử CLB. Vòng loại World Cup 2030 bắt đầu.")
    assert ("V-League", "ORG") in found and ("CLB Lanna City", "ORG") in found and ("Thai League", "ORG") in found
    assert ("World Cup", "ORG") in found
    assert not {"V", "League", "CLB", "CLB."} & {name for name, _ in found}


def test_a_competition_and_an_athlete_are_no_names():
    found = names_in("Sáng 1/11, VĐV Kenya Joseph Kiprono đã vô địch nội dung marathon nam Giải Marathon Mùa thu "
                     "Hà Nội 2026. Giải năm nay có 12.000 VĐV tham gia. Nữ VĐV Lò Thị Hoa giành huy chương vàng.")
    assert ("Joseph Kiprono", "PERSON") in found and ("Lò Thị Hoa", "PERSON") in found
    assert ("Kenya", "LOC") in found and ("Giải Marathon Mùa", "ORG") in found
    assert not {"VĐV", "Giải"} & {name for name, _ in found}
    assert all(label != "PERSON" or not name.startswith(("VĐV", "Giải")) for name, label in found)


def test_english_words_the_model_takes_for_names():
    found = names_in("Vietnam host Indonesia on Thursday evening, kick-off 7:30pm local time, and stay second in "
                     "Group C of the qualifiers.\n\nCentre-back Nguyen Tien Phat opened the scoring. Hanoi-based "
                     "fans cheered.", "en")
    names = {name for name, _ in found}
    assert "kick-off" not in names and "Centre" not in names and "Group C of" not in names
    assert "Nguyen Tien Phat" in names and "Hanoi" in names


def test_an_award_or_a_street_is_no_competition():
    found = dict(names_in("Giải Thưởng của Ban Giám Khảo Cannes được trao. Xe chạy trên đường Giải Phóng."))
    assert found.get("Giải Thưởng") != "ORG" and found.get("Giải Phóng") == "LOC"
