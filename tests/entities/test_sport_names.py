"""Places, people and competitions of a sports desk's articles (tester 38's findings 6, 7 and 10), on sentences
written for these tests."""

import re

from newsloom.entities import EntityLinker, extract_mentions
from newsloom.model import Article


def make(text: str, lang: str) -> Article:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    return Article(id=text[:8], origin="test", title="", text=text, lang=lang, sentences=sentences)


def names_in(text: str, lang: str = "vi") -> list[tuple[str, str]]:
    """The names found in `text` (not linked), each with its label, in order."""
    return [(m.text, m.label) for m in extract_mentions(make(text, lang))]


def linked(linker: EntityLinker, text: str, lang: str) -> dict[str, str]:
    article = make(text, lang)
    article.mentions = extract_mentions(article)
    linker.link(article)
    return {m.text: m.entity for m in article.mentions}


def test_a_place_whose_first_syllable_is_a_country_is_one_place():
    found = names_in("Trận đấu diễn ra trên sân vận động quốc gia Mỹ Đình tối 12/11. Đoàn công tác đến Mỹ Tho "
                     "để kiểm tra, rồi về Nga Sơn.")
    assert ("Mỹ Đình", "LOC") in found and ("Mỹ Tho", "LOC") in found and ("Nga Sơn", "LOC") in found
    assert not {"Mỹ", "Nga", "Đình", "Sơn"} & {name for name, _ in found}
    # a country before a foreign name, or a title's country, is still split off
    assert names_in("Ngoại trưởng Mỹ Blinken đến Hà Nội.") == [("Mỹ", "LOC"), ("Blinken", "PERSON"), ("Hà Nội", "LOC")]


def test_the_name_after_a_country_is_labelled_by_the_words_before_the_country():
    found = names_in("Huấn luyện viên trưởng người Nhật Bản Yamaguchi Kenji cho biết tân binh sẽ ra sân.")
    assert ("Yamaguchi Kenji", "PERSON") in found  # the "Bản" of Nhật Bản is no village


def test_a_stadium_in_english_is_the_place_vietnamese_names_after_san():
    linker = EntityLinker()
    en = linked(linker, "Vietnam host Indonesia at My Dinh National Stadium on Thursday evening.", "en")
    vi = linked(linker, "Trận đấu diễn ra trên sân Mỹ Đình tối 12/11.", "vi")
    assert en["My Dinh National Stadium"] == vi["Mỹ Đình"]
    assert names_in("Lo Thi Hoa won the 100 metres at the National Athletics Championships at My Dinh National "
                    "Stadium on Sunday.", "en")[-1] == ("My Dinh National Stadium", "LOC")  # the model missed it
    # a stadium named after a known place is not that place
    assert linked(linker, "They played at Hanoi Stadium.", "en")["Hanoi Stadium"] != "LOC:hanoi"


def test_a_given_name_written_with_a_hyphen_or_a_space_and_in_either_order_is_one_person():
    linker = EntityLinker()
    first = linked(linker, "Huấn luyện viên trưởng Park Sung-ho cho biết toàn đội đã sẵn sàng.", "vi")
    spaced = linked(linker, "Phát biểu sau trận, HLV Park Sung Ho nói rằng các cầu thủ đã làm tốt.", "vi")
    turned = linked(linker, "The win was built on set pieces, exactly as Sung-ho Park had predicted.", "en")
    assert first["Park Sung-ho"] == spaced["Park Sung Ho"] == turned["Sung-ho Park"]
    # the other way round: the spaced name known first
    other = EntityLinker()
    spaced = linked(other, "Phát biểu sau trận, HLV Kim Min Jae nói rằng các cầu thủ đã làm tốt.", "vi")
    assert linked(other, "HLV Kim Min-jae cho biết toàn đội đã sẵn sàng.", "vi")["Kim Min-jae"] == spaced["Kim Min Jae"]
    # brothers stay apart
    people = linked(EntityLinker(), "Kim Jong-un never met Kim Jong-nam again.", "en")
    assert people["Kim Jong-un"] != people["Kim Jong-nam"]


def test_what_the_two_syllable_rule_leaves_alone():
    found = names_in("Đại sứ Triều Tiên tại LHQ So Se Pyong nói. Ảnh: AFP-TTXVN Tâm chấn vụ động đất ở sâu 20 km.")
    assert ("So Se Pyong", "PERSON") in found  # "tại" is the UN's place cue, not his
    assert ("TTXVN", "ORG") in found  # an agency, no country, before a word
    linker = EntityLinker()
    linked(linker, "Floods on the Illinois River rose.", "en")
    assert linked(linker, "Illinois passed a law.", "en")["Illinois"] != "LOC:illinois river"
