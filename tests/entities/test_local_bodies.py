"""Bodies every province or city has (tester37): "Sở Y tế Thanh Hóa" keeps its province, is "Thanh Hoa
Department of Health" in English, and "Sở Y tế" alone is no body shared across articles; names of bodies
read whole ("Cục An toàn thực phẩm"); one hospital under its names ("Bệnh viện Đa khoa Xanh Pôn", "Bệnh viện Xanh
Pôn"; "Saint Paul, known in Vietnamese as Xanh Pon")."""

from __future__ import annotations

import re

from newsloom.entities import EntityLinker, extract_mentions, local_bodies
from newsloom.entities.link import is_local
from newsloom.model import Article


def make(text: str, lang: str, ident: str = "") -> Article:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    return Article(id=ident or text[:8], origin="test", title="", text=text, lang=lang, sentences=sentences)


def linked(linker: EntityLinker, text: str, lang: str, ident: str = "") -> dict[str, str]:
    article = make(text, lang, ident)
    article.mentions = extract_mentions(article)
    linker.link(article)
    return {m.text: m.entity for m in article.mentions}


def test_a_provinces_body_keeps_its_place_in_its_name():
    text = ("Sở Y tế Thanh Hóa cho biết Bệnh viện Đa khoa tỉnh Thanh Hóa đã cử kíp bác sĩ. Sở Y tế TP.HCM và "
            "Trung tâm Kiểm soát bệnh tật (CDC) Hà Nội cũng vào cuộc, theo Sở Y tế thành phố Hà Nội.")
    names = {m.text: m.label for m in extract_mentions(make(text, "vi"))}
    assert names == {"Sở Y tế Thanh Hóa": "ORG", "Bệnh viện Đa khoa tỉnh Thanh Hóa": "ORG", "Sở Y tế TP.HCM": "ORG",
                     "Trung tâm Kiểm soát bệnh tật (CDC) Hà Nội": "ORG", "Sở Y tế thành phố Hà Nội": "ORG"}


def test_a_provinces_body_is_one_entity_across_languages_and_spellings_and_not_another_provinces():
    linker = EntityLinker()
    vi = linked(linker, "Sở Y tế Thanh Hóa và Bệnh viện Đa khoa tỉnh Thanh Hóa cho biết. Sở Y tế TP.HCM họp. "
                        "Theo bà Hà, Giám đốc CDC Hà Nội, dịch đến sớm.", "vi")
    en = linked(linker, "The Thanh Hoa Department of Health said patients were at Thanh Hoa General Hospital. "
                        "The Department of Health of Ho Chi Minh City agreed, and the Hanoi CDC warned.", "en")
    other = linked(linker, "Sở Y tế TP Hồ Chí Minh ban hành kế hoạch.", "vi")
    assert vi["Sở Y tế Thanh Hóa"] == en["Thanh Hoa Department of Health"] == "ORG:so y te thanh hoa"
    assert vi["Bệnh viện Đa khoa tỉnh Thanh Hóa"] == en["Thanh Hoa General Hospital"]
    assert vi["Sở Y tế TP.HCM"] == en["Department of Health of Ho Chi Minh City"] == other["Sở Y tế TP Hồ Chí Minh"]
    assert vi["Sở Y tế TP.HCM"] != vi["Sở Y tế Thanh Hóa"]
    assert vi["CDC Hà Nội"] == en["Hanoi CDC"]


def test_a_body_written_without_its_place_is_the_one_named_in_full_here_or_none_shared():
    linker = EntityLinker()
    here = linked(linker, "Sở Y tế Thanh Hóa cho biết đã lấy mẫu. Sở Y tế cũng đề nghị các xã kiểm tra.", "vi", "a1")
    assert here["Sở Y tế"] == here["Sở Y tế Thanh Hóa"]
    one = linked(linker, "Sở Y tế cho biết đã lấy mẫu xét nghiệm.", "vi", "a2")
    two = linked(linker, "Sở Y tế yêu cầu các bệnh viện kiểm tra hệ thống điện.", "vi", "a3")
    assert is_local(one["Sở Y tế"]) and is_local(two["Sở Y tế"]) and one["Sở Y tế"] != two["Sở Y tế"]
    both = linked(linker, "Sở Y tế Thanh Hóa và Sở Y tế Hà Nội họp. Sở Y tế cho biết.", "vi", "a4")
    assert is_local(both["Sở Y tế"])  # two are named: which one is not told


def test_a_bodys_name_goes_on_over_the_lowercase_noun_its_capitalised_verb_governs():
    names = {m.text for m in extract_mentions(make(
        "Cục An toàn thực phẩm và Trung tâm Kiểm soát bệnh tật đã lấy mẫu. Bộ Y tế ngày 12/11 cho biết.", "vi"))}
    assert {"Cục An toàn thực phẩm", "Trung tâm Kiểm soát bệnh tật", "Bộ Y tế"} <= names
    assert local_bodies.kind_of("Trung tâm Kiểm soát bệnh tật") == local_bodies.kind_of("CDC")


def test_one_hospital_under_its_names():
    linker = EntityLinker()
    vi = linked(linker, "Đám cháy tại Bệnh viện Đa khoa Xanh Pôn. Bệnh viện Xanh Pôn cho biết đã di chuyển 46 "
                        "bệnh nhân.", "vi")
    assert vi["Bệnh viện Xanh Pôn"] == vi["Bệnh viện Đa khoa Xanh Pôn"]
    en = linked(linker, "Saint Paul General Hospital in Hanoi moved 46 patients. Saint Paul, known in Vietnamese "
                        "as Xanh Pon, is one of the oldest hospitals in the capital.", "en")
    assert en["Saint Paul"] == en["Xanh Pon"] == en["Saint Paul General Hospital"]
    assert en["Xanh Pon"].startswith("ORG:")
    title = linked(linker, "Fire forces evacuation of 46 patients at Hanoi's Saint Paul hospital", "en")
    assert title["Saint Paul"] == en["Saint Paul General Hospital"]  # not the city in Minnesota


def test_a_body_written_without_its_place_gives_the_one_named_in_full_no_alias():
    """"Sở Y tế" of an article naming Sở Y tế Thanh Hóa is that department there only: not an alias by which
    another article's "Sở Y tế" would be found."""
    linker = EntityLinker()
    linked(linker, "Sở Y tế Thanh Hóa cho biết đã lấy mẫu. Sở Y tế cũng đề nghị các xã kiểm tra.", "vi", "b1")
    entity = linker.entities(["ORG:so y te thanh hoa"])[0]
    assert "Sở Y tế" not in entity.aliases and entity.name == "Sở Y tế Thanh Hóa"
    assert is_local(linked(linker, "Sở Y tế yêu cầu các bệnh viện kiểm tra.", "vi", "b2")["Sở Y tế"])
