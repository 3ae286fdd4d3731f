import unicodedata

from newsloom.model import Article
from newsloom.text.normalize import clean_article_text, normalize_article, normalize_text


def test_nfc_from_combining_marks():
    # Windows-1258 text decodes to base letters followed by combining tone marks
    decomposed = "Vie\u0302\u0323t Nam ho\u0300a bi\u0300nh"
    out = normalize_text(decomposed)
    assert out == "Việt Nam hòa bình"
    assert unicodedata.is_normalized("NFC", out)


def test_modern_tone_placement_everywhere():
    assert normalize_text("hoà bình, thuỷ điện, khoẻ mạnh, Uỷ ban, HOÀ, toạ đàm") == (
        "hòa bình, thủy điện, khỏe mạnh, Ủy ban, HÒA, tọa đàm"
    )


def test_tone_placement_leaves_other_syllables():
    for word in ("quý", "quỷ", "hoàng", "huỳnh", "thuyền", "Chloé", "Zoé", "hòa"):
        assert normalize_text(word) == word


def test_spaces_and_invisible_characters():
    assert normalize_text("Ba\u00a0bốn\u200b năm\u2009sáu\t bảy \r\nhai") == "Ba bốn năm sáu bảy\nhai"


def test_quotes_kept_and_apostrophes_folded():
    s = "Ông nói “được” và «không», EU’s plan, ‘single’"
    assert normalize_text(s) == "Ông nói “được” và «không», EU's plan, ‘single’"


def test_boilerplate_lines_removed_paragraphs_kept():
    text = (
        "Đoạn một có nội dung.\r\n\r\n\r\n"
        "Ngoại trưởng phát biểu tại hội nghị (Ảnh: Reuters)\n"
        "Quang cảnh buổi họp - Ảnh: AFP\n"
        "Photo: Reuters\n"
        "The minister arrives (Photo by Jane Roe/Getty Images)\n"
        "Đoạn hai vẫn còn.\n"
        "Đọc thêm: Bài khác\nRead more: Another story\nXem thêm: abc\n"
        "Chia sẻ bài viết\nShare on Facebook\nSubscribe to our newsletter\n"
        "© 2025 | Tạp chí Mẫu\nCopyright 2024 Example News. All rights reserved.\n"
    )
    assert clean_article_text(text) == "Đoạn một có nội dung.\n\nĐoạn hai vẫn còn."


def test_content_mentioning_photos_or_sharing_is_kept():
    text = (
        "Chia sẻ khó khăn với người dân vùng lũ\n"
        "Ông cho biết bức ảnh được chụp tại Hà Nội.\n"
        "Many readers share the concern, she said."
    )
    assert clean_article_text(text) == text


def test_credit_glued_to_a_long_paragraph_is_stripped():
    para = "Câu văn dài của bài báo. " * 15 + "(Ảnh: TTXVN)"
    assert clean_article_text(para) == ("Câu văn dài của bài báo. " * 15).strip()


def test_normalize_article():
    a = Article(id="x", origin="t", title="  Hoà  bình ", text="Thuỷ điện.\nẢnh: AFP")
    b = normalize_article(a)
    assert (b.title, b.text) == ("Hòa bình", "Thủy điện.")
    assert a.title == "  Hoà  bình "  # the input is not changed
