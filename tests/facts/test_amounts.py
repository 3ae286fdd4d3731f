"""Money, counts and percentages, on sentences written for these tests and on the seed articles."""

from __future__ import annotations

import time

import pytest

from _facts_seeds import SHARED, gold, seed_article
from newsloom.facts.amounts import extract_amounts
from newsloom.model import Article


def amounts(text: str, lang: str | None = None) -> list[tuple[str, float, str, str]]:
    article = Article(id="t", origin="t", title="", text=text, lang=lang)
    return [(a.text, a.value, a.unit, a.kind) for a in extract_amounts(article)]


@pytest.mark.parametrize("text, expected", [
    ("The fund received $8 billion last year.", ("$8 billion", 8e9, "USD", "money")),
    ("Sales reached $1.5bn.", ("$1.5bn", 1.5e9, "USD", "money")),
    ("They asked for US$2m in aid.", ("US$2m", 2e6, "USD", "money")),
    ("Brussels added an additional half billion dollars.", ("half billion dollars", 5e8, "USD", "money")),
    ("It would cost half a billion dollars.", ("half a billion dollars", 5e8, "USD", "money")),
    ("The bank set aside €300 million.", ("€300 million", 3e8, "EUR", "money")),
    ("A bill of £40,000 was paid.", ("£40,000", 4e4, "GBP", "money")),
    ("Some 3 million people fled the region.", ("Some 3 million people", 3e6, "people", "count")),
    ("More than 1,500 soldiers arrived.", ("More than 1,500 soldiers", 1500, "soldiers", "count")),
    ("Prices rose 5% in March.", ("5%", 5, "%", "percent")),
    ("Unemployment fell to 4.2 percent.", ("4.2 percent", 4.2, "%", "percent")),
    # spelled out, as English news writes small numbers and any number opening a sentence
    ("Fourteen people were hurt in the fire.", ("Fourteen people", 14, "people", "count")),
    ("The blast killed two soldiers.", ("two soldiers", 2, "soldiers", "count")),
    ("Twenty-five workers were evacuated.", ("Twenty-five workers", 25, "workers", "count")),
    # groups of people an incident report counts
    ("Some 80 firefighters fought the blaze.", ("Some 80 firefighters", 80, "firefighters", "count")),
    ("Forty passengers were evacuated.", ("Forty passengers", 40, "passengers", "count")),
    ("Twenty police officers closed the road.", ("Twenty police officers", 20, "police officers", "count")),
    # one or two words between the number and its noun (a new user's planted toll was not read)
    ("Seven construction workers died.", ("Seven construction workers", 7, "workers", "count")),
    ("Police evacuated 12 foreign tourists.", ("12 foreign tourists", 12, "tourists", "count")),
    ("Some 3 million Syrian refugees returned.", ("Some 3 million Syrian refugees", 3e6, "refugees", "count")),
    # a change of a rate, in percentage points (a tester's "0.2 percentage points" was read as 0.2%)
    ("Rates fell 0.2 percentage points.", ("0.2 percentage points", 0.2, "pp", "points")),
    ("The bank cut its rate by 50 basis points.", ("50 basis points", 0.5, "pp", "points")),
    ("A cut of 25bps was expected.", ("25bps", 0.25, "pp", "points")),
    ("A 25-basis-point cut was expected.", ("25-basis-point", 0.25, "pp", "points")),
])
def test_english_forms(text, expected):
    assert amounts(text) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Mỹ cam kết 8 tỷ USD cho dự án.", ("8 tỷ USD", 8e9, "USD", "money")),
    ("Tỉnh chi 500 triệu đồng để sửa cầu.", ("500 triệu đồng", 5e8, "VND", "money")),
    ("Gói vay 1,5 tỷ đồng đã được duyệt.", ("1,5 tỷ đồng", 1.5e9, "VND", "money")),
    ("Có 1.500 người tham gia.", ("1.500 người", 1500, "người", "count")),
    ("Họ nhận thêm nửa tỷ USD.", ("nửa tỷ USD", 5e8, "USD", "money")),
    ("Vụ sạt lở làm 12 người thiệt mạng.", ("12 người", 12, "người", "count")),
    ("Hơn 200 binh sĩ đã rút về.", ("Hơn 200 binh sĩ", 200, "binh sĩ", "count")),
    ("Giá vé là 500.000 đồng.", ("500.000 đồng", 5e5, "VND", "money")),
    ("Lạm phát tăng 3,5% so với cùng kỳ.", ("3,5%", 3.5, "%", "percent")),
    ("Dự án trị giá 2 nghìn tỷ đồng.", ("2 nghìn tỷ đồng", 2e12, "VND", "money")),
    ("Có 40 hành khách trên xe.", ("40 hành khách", 40, "hành khách", "count")),
    ("Khoảng 60 lính cứu hỏa đã có mặt.", ("Khoảng 60 lính cứu hỏa", 60, "lính cứu hỏa", "count")),
    ("Tỉnh Quảng Nam có 2000 người dân phải sơ tán.", ("2000 người dân", 2000, "người dân", "count")),
    ("Lãi suất giảm 0,5 điểm phần trăm.", ("0,5 điểm phần trăm", 0.5, "pp", "points")),
    ("Lãi suất giảm 50 điểm cơ bản.", ("50 điểm cơ bản", 0.5, "pp", "points")),
])
def test_vietnamese_forms(text, expected):
    assert amounts(text) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("my cam ket 8 ty USD cho du an.", ("8 ty USD", 8e9, "USD", "money")),
    ("vu sat lo lam 12 nguoi thiet mang.", ("12 nguoi", 12, "người", "count")),
    ("goi vay 1,5 ty dong da duoc duyet.", ("1,5 ty dong", 1.5e9, "VND", "money")),
    ("THE FUND RECEIVED $8 BILLION.", ("$8 BILLION", 8e9, "USD", "money")),
])
def test_lowercase_uppercase_and_without_diacritics(text, expected):
    assert amounts(text) == [expected]


def test_vietnamese_words_after_a_number_are_no_modifiers():
    """English may put words between a number and its noun, Vietnamese never: "Một trong hai người" is one of
    two people (the English pattern read "Một trong hai người" as one, and lost "hai người")."""
    assert amounts("Một trong hai người vào mua bim bim.", lang="vi") == [("hai người", 2, "người", "count")]


def test_separators_follow_the_language():
    assert amounts("Có 2.500 người.")[0][1] == 2500  # Vietnamese thousands dot
    assert amounts("About 2,500 people.")[0][1] == 2500  # English thousands comma
    assert amounts("Tăng 2,5% trong năm.", lang="vi")[0][1] == 2.5
    assert amounts("Up 2.5% this year.", lang="en")[0][1] == 2.5
    # the scale word decides before "dong", which is also "đồng" without its marks (a tester's case: 19.5
    # billion where the English article said 19,500 billion)
    assert amounts("The section cost 19,500 billion dong.", lang="en")[0][1] == 1.95e13
    assert amounts("Đoạn tuyến có vốn 19.500 tỷ đồng.", lang="vi")[0][1] == 1.95e13
    assert amounts("Giá 2,49 triệu đồng.", lang="vi")[0][1] == 2.49e6
    assert amounts("It costs 2.49 million dong.", lang="en")[0][1] == 2.49e6
    assert amounts("A ticket costs 300,000 dong.", lang="en")[0][1] == 3e5  # "dong", "VND": as English writes them
    assert amounts("A ticket costs 2,500 VND.", lang="en")[0][1] == 2500
    assert amounts("Vé giá 300.000 dong.", lang="vi")[0][1] == 3e5


@pytest.mark.parametrize("text", [
    "Ngày 14-15 tháng 7 năm 2025, hội nghị diễn ra lúc 10:30.",
    "The summit opens on 13/11/2024 at 9:00 in Brussels.",
    "Ông Lê Minh Hải, 65 tuổi, nghỉ hưu năm 2020.",
    "She is 42 years old and joined in 1998.",
    "1. Air defence\n2. Long-range missiles\n3. Ammunition",
    "F-16 jets and one person arrived.",
    "A person was hurt.",
    # a year before the sentence's subject, and a name that is a counted noun without its accents ("lính")
    "Theo thượng tá Nhật, năm 2018 cảnh sát giao thông xử lý nhiều vụ vi phạm.",
    "In 2017 people moved to the suburbs.",
    "Tháng 7 cảnh sát đã bắt giữ nghi phạm.",
    "On May 5 police arrested the suspect.",
    "In March 2019 police launched a raid.",
    "Thí sinh số 18 Linh cảm thấy hồi hộp.",
    # words between a number and a noun that make no count of it, or an increment, not a toll
    "About 5 years ago people left the village.",
    "Two of the workers were rescued.",
    "Four more people were found dead.",
    "The blast injured 4 other workers.",
    "In the 1990s when doctors warned of it.",
    # times, labels, years, scales and verbs next to a number (a review)
    "At 11 pm police sealed off the area.",
    "By 2019 local police had arrested dozens.",
    "The Boeing 787 Dreamliner passengers were safe.",
    "Flight VN 123 carried passengers.",
    "Traffic on Highway 1 traffic police said.",
    "Storm No. 3 hit residents hard.",
    "Article 5 protects workers from dismissal.",
    "A 5 year-old children ward burned.",
    "There were 3 fewer people than last year.",
    "Two dozen people were injured.",
    "The team scored 3 points.",  # points of a game or an index are no change of a rate
    "VN-Index tăng 12 điểm.",
    "The report runs to 320 pp.",  # pages
])
def test_not_amounts(text):
    assert amounts(text) == []


def test_evidence_sentence():
    article = Article(id="t", origin="t", title="", text="First part. The plan costs $4 billion. Last part.",
                      sentences=["First part.", "The plan costs $4 billion.", "Last part."])
    assert extract_amounts(article)[0].sentence == "The plan costs $4 billion."


needs_seeds = pytest.mark.skipif(not (SHARED / "seeds.gold.json").exists(), reason="../shared is absent")


@needs_seeds
@pytest.mark.seeds
def test_seed_002_gold_amounts():
    found = extract_amounts(seed_article("002_e211b24698a29565.txt"))
    assert [(a.text, a.value, a.unit, a.kind) for a in found] == [
        ("$8 billion", 8e9, "USD", "money"), ("half billion dollars", 5e8, "USD", "money")]
    expected = [a["value"] for a in gold()["amounts"] if a["article"] == "002_e211b24698a29565.txt"]
    assert [a.text for a in found] == expected


@needs_seeds
@pytest.mark.seeds
def test_seeds_without_amounts_stay_empty():
    """The other seeds hold dates ("14-15 tháng 7 năm 2025", "13/11") and list items, but no amounts."""
    for name in ("000_cdd9abf77c839536.txt", "001_049bf1246574e6f8.txt", "004_c8e971b6ef8c3c37.txt"):
        assert extract_amounts(seed_article(name)) == []


@needs_seeds
@pytest.mark.seeds
def test_speed_on_seeds():
    """Reported, not asserted: milliseconds per 2,000 characters."""
    articles = [seed_article(p.name) for p in sorted((SHARED / "seeds").glob("*.txt"))]
    chars = sum(len(a.text) for a in articles)
    t = time.perf_counter()
    for _ in range(5):
        for a in articles:
            extract_amounts(a)
    print(f"extract_amounts: {(time.perf_counter() - t) * 1000 / 5 / chars * 2000:.2f} ms per 2,000 chars")


def test_ambiguous_currency_words_need_a_scale():
    assert amounts("The Orioles, 2019 won the pennant; the bag weighs 5 pounds.") == []
    assert amounts("Seoul spent 3 trillion won.") == [("3 trillion won", 3e12, "KRW", "money")]


def test_a_letter_after_a_number_is_no_dong():
    """A fact-checker's digest read "Quốc lộ 4D" as 4 dong; "50.000đ" and "20.000 Đ" are still money."""
    assert amounts("Xe chạy trên Quốc lộ 4D, Quốc lộ 4Đ, tuyến 14d và đường 3D.") == []
    assert [a[0] for a in amounts("Vé 50.000đ, phí 20.000 Đ, vé vào cửa 50.000 D.")] == ["50.000đ", "20.000 Đ",
                                                                                      "50.000 D"]


@pytest.mark.parametrize(("text", "lang", "expected"), [
    # a new user (tester35): "1 500 MW" was 500 MW and "1 000 MW" 0 MW, with any kind of space
    ("La centrale d'une capacité de 1 500 MW coûtera 1,9 milliard de dollars.", "fr",
     [("1 500 MW", 1500.0, "MW"), ("1,9 milliard de dollars", 1.9e9, "USD")]),
    ("Un lot de 1\u00a0000 MW, au prix de 2\u202f950 dongs le kWh.", "fr", [("1\u00a0000 MW", 1000.0, "MW"),
                                                                             ("2\u202f950 dongs", 2950.0, "VND")]),
    ("Le tarif passe à 2 204 dongs pour 1,2 million de foyers.", "fr",
     [("2 204 dongs", 2204.0, "VND"), ("1,2 million de foyers", 1.2e6, "foyers")]),
    ("Les pertes atteignent 1 200 milliards de dongs.", "fr", [("1 200 milliards de dongs", 1.2e12, "VND")]),
    ("En 2025 150 projets, 2 000 ouvriers.", "fr", [("2 000 ouvriers", 2000.0, "ouvriers")]),  # a year is no group
    # English groups by commas: a space joins nothing, and "000 people" is no zero people; "0.0%" is a figure
    ("A plant for 3 000 people.", "en", []),
    ("Prices rose 0.0% in May.", "en", [("0.0%", 0.0, "%")]),
    ("Lạm phát ở mức 0,0%.", "vi", [("0,0%", 0.0, "%")]),
])
def test_thousands_grouped_by_spaces(text, lang, expected):
    assert [(t, v, u) for t, v, u, _ in amounts(text, lang)] == expected
