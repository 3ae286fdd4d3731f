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


def test_a_pages_time_stamp_is_no_paragraph():
    """tester38: a page's "Thứ Năm, 29/10/2026 09:15" stayed the text's first line and the timeline's event;
    a dateline opening a sentence and a sentence with a date stay."""
    text = ("Thứ Năm, 29/10/2026 09:15\nThursday, October 29, 2026 9:15 AM\nChủ nhật, 1/11/2026, 08:30 (GMT+7)\n"
            "Hà Nội, 29/10/2026 - Sáng nay trời mưa.\nNgày 29/10/2026, đội bóng ký hợp đồng.")
    assert clean_article_text(text) == "Hà Nội, 29/10/2026 - Sáng nay trời mưa.\nNgày 29/10/2026, đội bóng ký hợp đồng."


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


WRAPPED = """HAI PHONG, March 3 (Harbour Wire) -- The city's new container terminal
handled its first ship on Tuesday, three months later than planned, after
a dispute over the dredging contract had held up the last berth.

``We lost a season, but the berth is deeper than the contract asked
for,'' port director Le Van Tam said at the quayside. He added that the
terminal would reach full capacity by the end of the year.

&UR; SHIPPING _ &LR; The operator expects 400,000 containers in its first
full year, against 350,000 in the plan approved in 2023."""


def test_hard_wrapped_lines_are_joined_into_their_paragraphs():
    """Archives and wire copy wrap lines at about 70 characters: each line was a sentence of its own, so
    summaries, quotes and claims were half sentences (a new user's DUC 2007 test, 2026-12-06)."""
    from newsloom.text.normalize import join_wrapped_lines, readable_article

    text = normalize_article(Article(id="", origin="x", title="&HT;", text=WRAPPED)).text
    paragraphs = join_wrapped_lines(text).split("\n\n")
    assert [p.count("\n") for p in paragraphs] == [0, 0, 0]
    assert paragraphs[0].startswith("HAI PHONG") and "planned, after a dispute" in paragraphs[0]
    read = readable_article(Article(id="", origin="x", title="&HT;", text=text))
    assert read.text.split("\n\n")[1].startswith("“We lost a season, but the berth is deeper than the contract "
                                                 "asked for,” port director")
    assert "&UR;" not in read.text and read.text.split("\n\n")[2].startswith("SHIPPING _ The operator")
    assert read.title == ""  # "&HT;": no title, shown as the first sentence
    from newsloom.summarize import title_of

    assert title_of(read.title, read.text) == ("HAI PHONG, March 3 (Harbour Wire) -- The city's new container "
                                               "terminal handled its first ship on…")


def test_text_that_is_not_hard_wrapped_keeps_its_lines():
    scraped = ("Cảng container mới của Hải Phòng đón chuyến tàu đầu tiên vào sáng thứ Ba, chậm ba tháng so với kế "
               "hoạch.\nTheo giám đốc cảng, bến tàu sâu hơn yêu cầu của hợp đồng.\nNhà khai thác dự kiến 400.000 "
               "container trong năm đầu.")
    listed = "Results\nHanoi Lotus 3\nBangkok Harbour 1\nSaigon Stars 2\nDa Nang Waves 2"
    headed = "Port opens\nBy Mai Anh\nHAI PHONG\nThe terminal handled its first ship.\nIt was late."
    from newsloom.text.normalize import join_wrapped_lines

    results = ("Kết quả vòng 10 giải hạng Nhất quốc gia diễn ra chiều thứ Bảy\nHà Nội Lotus thắng Bangkok Harbour "
               "3-1 trên sân Hàng Đẫy tối qua\nSài Gòn Stars hòa Đà Nẵng Waves 2-2 trong trận đấu muộn\nHải Phòng "
               "thua Nam Định 0-1 ngay trên sân nhà Lạch Tray")  # long items, no full stops (review22)
    for text in (scraped, listed, headed, results):
        assert join_wrapped_lines(text) == text
    assert join_wrapped_lines("4,95'' screen") == "4,95'' screen"


def test_an_articles_id_is_that_of_its_text_as_read(tmp_path):
    """Joining wrapped lines changes no id: a store's articles read again are found stored, not added."""
    from _articles import build
    from newsloom.model import content_hash

    a = build(WRAPPED, "Terminal opens")
    assert a.id == content_hash("Terminal opens", normalize_article(Article(id="", origin="x", title="",
                                                                           text=WRAPPED)).text)
    assert a.sentences[0].endswith("had held up the last berth.") and a.quotes[0].speaker == "Le Van Tam"


def test_terminal_control_sequences_are_dropped():
    """A page's escape sequences were stored and printed raw by `show`: a colour, a terminal window title."""
    from newsloom.text.normalize import readable_article

    a = readable_article(normalize_article(Article(
        id="", origin="x", title="Control \x1b[31mred\x1b[0m title",
        text="Text with escape \x1b]0;pwned\x07 sequences\x00 about Hanoi \x9b traffic.\nNext line.")))
    assert a.title == "Control red title"
    assert a.text == "Text with escape sequences about Hanoi traffic.\nNext line."
    from newsloom.text.normalize import typeset_quotes

    b = readable_article(Article(id="", origin="x", title="t", text="Title line\x1b]0;pwned\nThe rest stays."))
    assert b.text == "Title line\nThe rest stays."  # an escape left open takes no more than its line
    assert typeset_quotes("``Apollo 13'' opened.") == "“Apollo 13” opened."
