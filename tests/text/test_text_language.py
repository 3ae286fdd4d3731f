from newsloom.model import Article
from newsloom.text.language import detect_article, detect_language


def test_vietnamese_and_english():
    lang, conf = detect_language("Ngoại trưởng Mỹ đã có chuyến thăm Brussels để gặp các đồng minh châu Âu.")
    assert lang == "vi" and conf > 0.9
    lang, conf = detect_language("The foreign ministers will meet in Brussels on Tuesday to discuss aid.")
    assert lang == "en" and conf > 0.7


def test_newlines_are_accepted():
    assert detect_language("Hội nghị diễn ra\ntại Hà Nội\n\nvới nhiều đại biểu tham dự.")[0] == "vi"


def test_no_letters():
    assert detect_language("") == ("und", 0.0)
    assert detect_language("123 456 !!! 2024-11-13") == ("und", 0.0)


def test_detect_article_uses_title_and_lead():
    a = Article(id="x", origin="t", title="Chính phủ họp phiên thường kỳ",
                text="Thủ tướng chủ trì phiên họp chính phủ thường kỳ tháng 11. " * 50)
    detect_article(a)
    assert a.lang == "vi" and 0.5 < a.lang_confidence <= 1.0
