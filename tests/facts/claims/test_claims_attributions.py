"""Who said a quote's words: the same words credited to two people by two outlets are a conflict."""

from __future__ import annotations

from datetime import datetime

import pytest

from _articles import build
from newsloom.facts.compare import compare_story
from newsloom.model import RawItem

WORDS = '"Tài xế khai đã ngủ gật trước khi xe lao xuống vực,"'


def _article(n: int, source: str, text: str):
    title = text.split(".")[0]
    a = build(text, item=RawItem(f"{n}.txt", title, text, source=source, published=datetime(2025, 11, 8, 8 + n)))
    a.seq = n
    return a


def _attributions(first: str, second: str) -> list[tuple[str, list[str]]]:
    one = _article(1, "Báo A", f"Xe khách lao xuống vực ở Bát Xát sáng thứ Bảy. {first}")
    two = _article(2, "Tin Nhanh", f"Chiều 8/11, lực lượng cứu hộ đã đưa các nạn nhân ra khỏi hiện trường. {second}")
    assert [c for a in (one, two) for c in a.claims if c.kind == "attribution"], "no words attributed"
    return [(f.status, [p.label for p in f.positions]) for f in compare_story([one, two]).findings
            if f.kind == "attribution"]


def test_the_same_words_credited_to_two_people_conflict():
    """A fact-checker's misattributed quote: one outlet credits the words to another official."""
    assert _attributions(f"Đại tá Nguyễn Thanh Hải, Trưởng Công an huyện, cho biết: {WORDS} ông nói thêm.",
                         f"Thượng tá Lâm Quốc Hưng cho biết: {WORDS} và vụ việc đang được điều tra.") == [
        ("conflict", ["Nguyễn Thanh Hải", "Lâm Quốc Hưng"])]


@pytest.mark.parametrize("second", [f"Đại tá Nguyễn Thanh Hải cho biết: {WORDS} và vụ việc đang được điều tra.",
                                    f"Ông Hải cho biết: {WORDS} và vụ việc đang được điều tra."])
def test_the_same_words_credited_to_one_person_add_no_finding(second):
    """Agreement is the quote slot's own; a given name alone in a later article is the same person (a review:
    "Ông Hải" of each article was a person of that article only, and they conflicted)."""
    assert _attributions(f"Đại tá Nguyễn Thanh Hải, Trưởng Công an huyện, cho biết: {WORDS} ông nói thêm.",
                         second) == []


def test_a_speaker_not_named_at_the_quote_makes_no_conflict():
    """The quote reader's guess (the clause's last name, not the spokesperson who speaks) is no evidence that
    an outlet misattributed the words (a review)."""
    words = '"Chúng tôi sẽ công bố kết quả xét nghiệm của toàn bộ các mẫu trong tuần tới."'
    one = _article(1, "Báo A", f"Sau cuộc gặp với ông Nguyễn Văn Hùng, người phát ngôn Bộ Y tế cho biết: {words}")
    two = _article(2, "Tin Nhanh", f"Người phát ngôn Bộ Y tế Trần Thị Lan cho biết: {words}")
    assert not [f for f in compare_story([one, two]).findings if f.kind == "attribution"]
