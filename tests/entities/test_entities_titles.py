"""Roles written before a person's name."""

from newsloom.entities.titles import role_before, title_start
from newsloom.model import Mention


def mention_of(text: str, name: str) -> Mention:
    start = text.index(name)
    return Mention(name, "PERSON", start, start + len(name))


def test_vietnamese_roles():
    cases = {
        ("Tổng thư ký NATO Mark Rutte tới Washington.", "Mark Rutte"): "Tổng thư ký NATO",
        ("Hôm qua Ngoại trưởng Ukraine Andrii Sybiha cho biết.", "Andrii Sybiha"): "Ngoại trưởng Ukraine",
        ("gặp Ngoại trưởng Mỹ Blinken", "Blinken"): "Ngoại trưởng Mỹ",
        ("Ngoai truong My Blinken", "Blinken"): "Ngoai truong My",
        ("Bộ trưởng Ngoại giao Việt Nam Bùi Thanh Sơn nói", "Bùi Thanh Sơn"): "Bộ trưởng Ngoại giao Việt Nam",
        ("tân Tổng thư ký NATO Mark Rutte", "Mark Rutte"): "tân Tổng thư ký NATO",
    }
    for (text, name), role in cases.items():
        assert role_before(text, mention_of(text, name)) == role


def test_english_roles():
    cases = {
        ("US Secretary of State Antony Blinken visited.", "Antony Blinken"): "US Secretary of State",
        ("with NATO Secretary General Mark Rutte and", "Mark Rutte"): "NATO Secretary General",
        ("The NATO Chief, Mark Rutte, said", "Mark Rutte"): "NATO Chief",
        ("He met UK Foreign Secretary David Lammy.", "David Lammy"): "UK Foreign Secretary",
    }
    for (text, name), role in cases.items():
        assert role_before(text, mention_of(text, name)) == role


def test_honorific_is_not_a_role_but_is_a_title_start():
    text = "Tại Brussels, ông Blinken đã phát biểu."
    m = mention_of(text, "Blinken")
    assert role_before(text, m) is None
    assert title_start(text, m.start) == text.index("ông")


def test_no_role():
    text = "Yesterday Blinken left."
    assert role_before(text, mention_of(text, "Blinken")) is None
    assert title_start(text, text.index("Blinken")) is None


def test_a_deputys_title_is_kept_out_of_the_name_mid_sentence():
    # a tester's "Phó Thống đốc Trần Quốc Hưng" was a person of its own, apart from "Tran Quoc Hung"
    from _articles import build

    for text in ("Phát biểu tại buổi họp báo, Phó Thống đốc Trần Quốc Hưng cho biết lãi suất sẽ giảm.",
                 "Theo Phó Giám đốc Trần Quốc Hưng, NHNN sẽ tiếp tục."):
        people = [m.entity for m in build(text).mentions if m.label == "PERSON"]
        assert people == ["PERSON:tran quoc hung"], text
    assert role_before("họp báo, Phó Thống đốc Trần Quốc Hưng cho biết",
                       mention_of("họp báo, Phó Thống đốc Trần Quốc Hưng cho biết", "Trần Quốc Hưng")) == "Phó Thống đốc"


def test_a_portfolio_of_two_fields_is_one_role():
    text = "Ông gặp Bộ trưởng Châu Âu và Ngoại giao Pháp Luc Favier."
    assert role_before(text, mention_of(text, "Luc Favier")) == "Bộ trưởng Châu Âu và Ngoại giao Pháp"
