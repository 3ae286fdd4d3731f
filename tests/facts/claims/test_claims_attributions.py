"""Who said a quote's words: the same words credited to two speakers by two outlets are a conflict."""

from __future__ import annotations

from datetime import datetime

from _articles import build
from newsloom.facts.compare import compare_story
from newsloom.model import RawItem

WORDS = '"Tài xế khai đã ngủ gật trước khi xe lao xuống vực,"'


def _article(n: int, source: str, text: str):
    title = text.split(".")[0]
    a = build(text, item=RawItem(f"{n}.txt", title, text, source=source, published=datetime(2025, 11, 8, 8 + n)))
    a.seq = n
    return a


def _findings(second_speaker: str):
    first = _article(1, "Báo A", f"Xe khách lao xuống vực ở Bát Xát sáng thứ Bảy. Đại tá Nguyễn Thanh Hải, Trưởng "
                                 f"Công an huyện, cho biết: {WORDS} ông nói thêm.")
    second = _article(2, "Tin Nhanh", f"Chiều 8/11, lực lượng cứu hộ đã đưa các nạn nhân ra khỏi hiện trường. "
                                      f"{second_speaker} cho biết: {WORDS} và vụ việc đang được điều tra.")
    return [(f.status, f.kind, [p.label for p in f.positions]) for f in compare_story([first, second]).findings]


def test_the_same_words_credited_to_two_speakers_conflict():
    """A fact-checker's misattributed quote: one outlet credits the words to another official."""
    assert ("conflict", "attribution", ["Nguyễn Thanh Hải", "Lâm Quốc Hưng"]) in _findings("Thượng tá Lâm Quốc Hưng")


def test_the_same_words_credited_to_one_speaker_add_no_finding():
    """Agreement on who said the words is the quote slot's own ("agreed")."""
    found = _findings("Đại tá Nguyễn Thanh Hải")
    assert not [f for f in found if f[1] == "attribution"]
    assert ("agreed", "quote", ["Tài xế khai đã ngủ gật trước khi xe lao xuống vực"]) in found
