"""Ingestion of local files and folders: formats, encodings and the failures a user should see."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from conftest import SHARED
from newsloom.ingest import expected_items, read_sources
from newsloom.ingest.decode import NotText, decode_bytes
from newsloom.model import Failure, RawItem

VI_TITLE = "Thủ tướng phát biểu tại hội nghị kinh tế"
VI_BODY = ("Chính phủ sẽ đẩy mạnh đầu tư công trong năm tới, Thủ tướng nói với các phóng viên ở Hà Nội.\n"
           "Ông cho biết nhiều dự án đường cao tốc sẽ được khởi công trước tháng Sáu.")
EN_TITLE = "Café owners expect “prices will rise” – again"
EN_BODY = "The owner’s naïve hope, he said, is that the résumé of the season improves.\nCustomers were not so sure."
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Encode like Windows does: precomposed letters where the code page has them, else combining tones."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += (base + "".join(c for c in parts if c in _TONES)).encode("cp1258")
    return bytes(out)


GOOD_HTML = """<!doctype html><html><head><meta charset="utf-8">
<title>Floods close schools in the delta | Test Daily</title>
<meta property="og:site_name" content="Test Daily">
<meta property="article:published_time" content="2024-03-05T08:00:00+07:00"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | Subscribe now</nav>
<article><h1>Floods close schools in the delta</h1>
<p>Heavy rain flooded three provinces in the delta on Tuesday, closing more than two hundred schools and
leaving thousands of families without clean water, local officials said.</p>
<p>Rescue teams used boats to reach villages cut off by the water, and the army sent trucks with food,
drinking water and medicine to the worst hit districts.</p>
<p>Forecasters expect the rain to ease by the weekend, but warned that rivers could keep rising for
several days as water flows down from the highlands.</p></article>
<footer>Copyright 2024 Test Daily. Sign up for our newsletter.</footer></body></html>"""

BROKEN_HTML = ("<html><head><title>Market fire</title><body><div><p>A fire broke out at the central market "
               "before dawn on <b>Sunday<p>Firefighters needed four hours to bring it under control "
               "<div><i>no one was hurt</div></span></td> &nbsp; <<p>>")


def build_folder(root: Path) -> None:
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / ".hidden" / "secret.txt").write_text("Hidden title\nHidden text that must never be read.\n")
    (root / ".dotfile.txt").write_text("Dot title\nDot text.\n")
    (root / "binary.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (root / "noise.dat").write_bytes(b"Title line\n" + bytes(range(256)) * 4)
    (root / "doc.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")  # no NUL
    (root / "table.csv").write_text("id,title\n1,Port reopens after storm\n")
    (root / "program.jsonl").write_bytes(b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + b"\n{}\n" * 7)
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.md").write_text("  \n\n\t\n")
    with open(root / "huge.txt", "wb") as fh:  # sparse: 50 MiB on paper, nothing on disk
        fh.truncate(50 * 1024 * 1024)
    bad = f"{VI_TITLE}\n{VI_BODY}".encode()
    cut = len(f"{VI_TITLE}\n".encode())  # bad bytes at the start of the body, and one at the end
    (root / "bad_utf8.txt").write_bytes(bad[:cut] + b"\xff\xfe" + bad[cut:] + b"\x80")
    (root / "cp1252.txt").write_bytes(f"{EN_TITLE}\n{EN_BODY}\n".encode("cp1252"))
    (root / "sub" / "cp1258.txt").write_bytes(cp1258(f"{VI_TITLE}\r\n{VI_BODY}\r\n"))
    (root / "sub" / "good.html").write_text(GOOD_HTML, encoding="utf-8")
    (root / "sub" / "broken.htm").write_text(BROKEN_HTML, encoding="utf-8")
    (root / "sub" / "garbage.html").write_text("<html><body><<<>>> <p></p> 123 ;;; </body>", encoding="utf-8")
    lines = [
        json.dumps({"title": "Gold price hits record", "text": "Gold rose 2% on Monday.",
                    "url": "https://example.org/gold", "published": "2024-03-04T09:30:00+07:00",
                    "source": "Example News"}, ensure_ascii=False),
        '{"title": "Broken line", "text": "no closing brace"',
        "",
        json.dumps({"title": "Giá vàng lập kỷ lục", "text": "Giá vàng tăng 2% hôm thứ Hai.",
                    "published": "04/03/2024 10:15"}, ensure_ascii=False),
        json.dumps({"title": "No text here"}),
        json.dumps(["not", "an", "object"]),
    ]
    (root / "sub" / "deeper" / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "sub" / "deeper" / "list.json").write_text(json.dumps([
        {"headline": "Rates held", "content": "The central bank kept rates unchanged.", "date": 1709600000},
        {"title": "Empty", "text": "   "},
    ]), encoding="utf-8")
    (root / "sub" / "note.md").write_text(
        "---\nsource: Team Notes\ndate: 2024-03-06\n---\n# Port **reopens** after storm\n\n"
        "The [port](https://example.org/port) reopened on *Wednesday* after two days.\n\n"
        "- Ships queued outside the harbour\n- `Cranes` were checked\n\n![photo](x.jpg)\n",
        encoding="utf-8")
    (root / "sub" / "title_only.txt").write_text("Just a headline\n\n")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    build_folder(tmp_path)
    return tmp_path


def read_all(sources, **kw) -> tuple[dict[str, RawItem], dict[str, str]]:
    items: dict[str, RawItem] = {}
    failures: dict[str, str] = {}
    for got in read_sources([str(s) for s in sources], **kw):
        if isinstance(got, Failure):
            failures[got.origin] = got.reason
        else:
            items[got.origin] = got
    return items, failures


def test_folder_reads_good_items_and_names_each_failure(folder: Path):
    items, failures = read_all([folder])
    rel = {str(Path(o).relative_to(folder)): r for o, r in failures.items()}
    assert rel == {
        "binary.bin": "not an article: a PNG image",
        "doc.pdf": "not an article: a PDF document",
        "noise.dat": "binary file (not text)",
        "program.jsonl": "not an article: a program",  # one line for the file, not one per line
        "table.csv": "not an article: a table (.csv); articles are read from text, Markdown, HTML, JSON, JSON "
                     "Lines and feeds",
        "blank.md": "empty file",
        "empty.txt": "empty file",
        "huge.txt": "file too large: 52.4 MB > 20.0 MB limit (--max-bytes)",
        "sub/garbage.html": "no article text found in HTML",
        "sub/title_only.txt": "only one line (a title) and no text",
        "sub/deeper/list.json#1": "record has no text",
        "sub/deeper/records.jsonl:2": rel.get("sub/deeper/records.jsonl:2", "missing"),
        "sub/deeper/records.jsonl:5": "record has no text",
        "sub/deeper/records.jsonl:6": "not a JSON object (found list)",
    }
    assert rel["sub/deeper/records.jsonl:2"].startswith("invalid JSON: ")
    assert sorted(str(Path(o).relative_to(folder)) for o in items) == [
        "bad_utf8.txt", "cp1252.txt", "sub/broken.htm", "sub/cp1258.txt", "sub/deeper/list.json#0",
        "sub/deeper/records.jsonl:1", "sub/deeper/records.jsonl:4", "sub/good.html", "sub/note.md",
    ]
    assert not any("Hidden" in i.text or "Dot" in i.title for i in items.values())


def test_folder_order_is_sorted_and_recursive(folder: Path):
    origins = [str(Path(g.origin.split(":")[0].split("#")[0]).relative_to(folder))
               for g in read_sources([str(folder)])]
    files = list(dict.fromkeys(origins))
    assert files == ["bad_utf8.txt", "binary.bin", "blank.md", "cp1252.txt", "doc.pdf", "empty.txt", "huge.txt",
                     "noise.dat", "program.jsonl", "sub/broken.htm", "sub/cp1258.txt", "sub/deeper/list.json",
                     "sub/deeper/records.jsonl", "sub/garbage.html", "sub/good.html", "sub/note.md",
                     "sub/title_only.txt", "table.csv"]


def test_encodings_come_out_right(folder: Path):
    items, _ = read_all([folder / "cp1252.txt", folder / "sub" / "cp1258.txt", folder / "bad_utf8.txt"])
    en = items[str(folder / "cp1252.txt")]
    guess = "not UTF-8 and no charset given: read as {} (a guess)"
    assert (en.title, en.text, en.notes) == (EN_TITLE, EN_BODY, [guess.format("Windows-1252")])
    vi = items[str(folder / "sub" / "cp1258.txt")]
    assert vi.notes == [guess.format("Windows-1258")]
    # Windows-1258 keeps tone marks as combining characters; composing them is the normaliser's job
    assert unicodedata.normalize("NFC", vi.title) == VI_TITLE
    assert unicodedata.normalize("NFC", vi.text) == VI_BODY
    assert "\u0309" in vi.title  # the hook above of "Thủ", decoded as a mark, not as "Ò"
    bad = items[str(folder / "bad_utf8.txt")]
    assert bad.title == VI_TITLE
    assert bad.text.count("\ufffd") == 3 and "Thủ tướng nói" in bad.text
    cut, size = len(f"{VI_TITLE}\n".encode()), len(f"{VI_TITLE}\n{VI_BODY}".encode()) + 2
    assert bad.notes == [f"invalid UTF-8: 3 bytes replaced at offsets {cut}, {cut + 1}, {size}"]


def test_html_good_and_broken(folder: Path):
    items, _ = read_all([folder / "sub"])
    good = items[str(folder / "sub" / "good.html")]
    assert good.title == "Floods close schools in the delta"
    assert good.text.startswith("Heavy rain flooded three provinces")
    assert "Subscribe now" not in good.text and "newsletter" not in good.text
    assert good.source == "Test Daily"
    assert good.published == datetime(2024, 3, 5, 8, 0, tzinfo=timezone(timedelta(hours=7)))
    broken = items[str(folder / "sub" / "broken.htm")]
    assert broken.title == "Market fire"
    for words in ("A fire broke out at the central market", "Firefighters needed four hours", "no one was hurt"):
        assert words in broken.text


def test_json_jsonl_and_markdown_records(folder: Path):
    items, _ = read_all([folder / "sub"])
    deeper = folder / "sub" / "deeper"
    first = items[f"{deeper / 'records.jsonl'}:1"]
    assert (first.title, first.text, first.url, first.source) == (
        "Gold price hits record", "Gold rose 2% on Monday.", "https://example.org/gold", "Example News")
    assert first.published == datetime(2024, 3, 4, 9, 30, tzinfo=timezone(timedelta(hours=7)))
    vi = items[f"{deeper / 'records.jsonl'}:4"]
    assert vi.title == "Giá vàng lập kỷ lục" and vi.published == datetime(2024, 3, 4, 10, 15)
    rates = items[f"{deeper / 'list.json'}#0"]
    assert (rates.title, rates.text) == ("Rates held", "The central bank kept rates unchanged.")
    assert rates.published == datetime(2024, 3, 5, 0, 53, 20, tzinfo=UTC)
    note = items[str(folder / "sub" / "note.md")]
    assert note.title == "Port reopens after storm"
    assert note.text == ("The port reopened on Wednesday after two days.\n\n"
                         "Ships queued outside the harbour\nCranes were checked")
    assert note.source == "Team Notes" and note.published == datetime(2024, 3, 6)


def test_max_bytes_is_the_users_choice(folder: Path):
    size = (folder / "cp1252.txt").stat().st_size
    _, failures = read_all([folder / "cp1252.txt"], max_bytes=50)
    assert failures == {str(folder / "cp1252.txt"): f"file too large: {size} bytes > 50 bytes limit (--max-bytes)"}
    items, _ = read_all([folder / "cp1252.txt"], max_bytes=size)
    assert list(items) == [str(folder / "cp1252.txt")]


def test_missing_paths_and_bad_sources_do_not_stop_the_batch(folder: Path):
    got = list(read_sources(["/no/such/place.txt", "ftp://x", str(folder / "cp1252.txt")]))
    assert [type(g) for g in got] == [Failure, Failure, RawItem]
    assert got[0].reason == "no such file or folder"


def test_decode_refuses_binary_and_control_noise():
    with pytest.raises(NotText, match="binary"):
        decode_bytes(bytes(range(1, 32)) * 20)
    with pytest.raises(NotText, match="empty"):
        decode_bytes(b" \r\n\t ")
    assert decode_bytes("\ufeffBOM title\nbody".encode())[0] == "BOM title\nbody"
    assert decode_bytes("Tiêu đề\nnội dung".encode("utf-16"))[0] == "Tiêu đề\nnội dung"


@pytest.mark.parametrize(("title", "text", "reason"), [
    ("bin", "\x00\x01\x02\x03", "no words in the text (only numbers, symbols or control characters)"),
    ("x", "lower", "too short: 2 words, title included (an article needs 5, or 20 letters)"),
    ("Đà Nẵng", "mưa to", "too short: 4 words, title included (an article needs 5, or 20 letters)"),
])
def test_no_article_without_words(title, text, reason):
    """Junk became stories of their own and came up in searches (tester, 2026-12-05)."""
    from newsloom.ingest import checked

    [got] = checked("stdin:1", lambda: iter([RawItem("stdin:1", title, text)]))
    assert got == Failure("stdin:1", reason)
    for title, text in (("北京", "今天下雨。"), ("ລາວ", "ປະເທດລາວມີແມ່ນ້ຳຂອງໄຫຼຜ່ານຫຼາຍແຂວງ")):  # no spaces: characters
        [kept] = checked("a", lambda t=title, x=text: iter([RawItem("a", t, x)]))
        assert isinstance(kept, RawItem)


def test_a_very_short_text_is_stored_with_a_note():
    """tester36: "Nội dung ngắn." under the title "Tòa xử vụ án" became a story of its own without a word said."""
    from newsloom.ingest import checked

    [got] = checked("a", lambda: iter([RawItem("a", "Tòa xử vụ án", "Nội dung ngắn.")]))
    assert got.notes == ["a very short text (3 words): stored, but too short to be compared well with other articles"]
    [kept] = checked("b", lambda: iter([RawItem("b", "Tòa xử vụ án", "Chiều 16/3, Tòa án nhân dân TP Hà Nội tuyên án "
                                                                    "24 bị cáo trong vụ án Vạn Thịnh Land.")]))
    assert kept.notes == []


def test_a_link_that_is_not_http_is_dropped_with_a_note():
    from newsloom.ingest import checked

    [got] = checked("a", lambda: iter([RawItem("a", "Landslide in Lao Cai", "Rescuers search for three people "
                                               "buried when a hillside collapsed onto two houses on Monday night.",
                                               url="javascript:alert(5)")]))
    assert got.url is None and got.notes == ["url ignored (not http or https): 'javascript:alert(5)'"]


@pytest.mark.seeds
def test_seed_articles_read_with_first_line_as_title():
    seeds = SHARED / "corpus" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared is absent")
    got = list(read_sources([str(seeds)]))
    assert len(got) == 5 and all(isinstance(g, RawItem) for g in got)
    for item in got:
        lines = [ln.strip() for ln in Path(item.origin).read_text(encoding="utf-8").splitlines() if ln.strip()]
        assert item.title == lines[0] and item.text.startswith(lines[1])


@pytest.mark.seeds
def test_eval_records_are_read():
    path = SHARED / "eval" / "vmds.articles.jsonl"
    if not path.is_file():
        pytest.skip("../shared is absent")
    got = list(read_sources([str(path)]))
    assert all(isinstance(g, RawItem) for g in got)
    assert len(got) == sum(1 for line in path.open(encoding="utf-8") if line.strip())
    first = json.loads(path.open(encoding="utf-8").readline())
    assert (got[0].title, got[0].text, got[0].origin) == (first["title"].strip(), first["text"].strip(),
                                                          f"{path}:1")


def test_jsonl_gz_streams_and_bad_bytes_are_noted_per_line(tmp_path: Path):
    import gzip

    body = "Nội dung bài báo về trận lũ ở miền Trung và công tác cứu trợ người dân."
    good = json.dumps({"title": "Tiêu đề", "text": body}, ensure_ascii=False).encode()
    broken = good.replace("Nội".encode(), b"N\xffi")
    data = good + b"\n" + broken + b"\n"
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(data))
    (tmp_path / "b.json").write_bytes(data)  # several documents in a .json: read as JSON Lines
    first, second, third, fourth = read_sources([str(tmp_path)])
    assert (first.origin, first.text, first.notes) == (f"{tmp_path / 'a.jsonl.gz'}:1", body, [])
    assert second.origin.endswith("a.jsonl.gz:2") and second.text == body.replace("Nội", "N\ufffdi")
    offset = len(good) + 1 + broken.index(b"\xff")  # counted from the start of the file
    assert second.notes == [f"invalid UTF-8: 1 byte replaced at offset {offset}"]
    assert third.origin.endswith("b.json:1") and fourth.text == second.text


def test_jsonl_size_limit_is_per_record_not_per_file(tmp_path: Path):
    import gzip

    path = tmp_path / "corpus.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for title, words in (("Short one", 10), ("Far too long", 5000), ("Short two", 10)):
            fh.write(json.dumps({"title": title, "text": "lời " * words}, ensure_ascii=False) + "\n")
    out = list(read_sources([str(path)], max_bytes=2000))
    assert [type(x) for x in out] == [RawItem, Failure, RawItem]
    assert out[1].origin == f"{path}:2" and "record too large" in out[1].reason
    assert [x.title for x in out if isinstance(x, RawItem)] == ["Short one", "Short two"]


def test_a_malformed_feed_says_so(tmp_path: Path):
    """A feed cut short still gives its entries, and the failing one says the feed is malformed."""
    feed = tmp_path / "cut.xml"
    feed.write_text("<rss><channel><item><title>x</title></rss", encoding="utf-8")
    _, failures = read_all([feed])
    [(origin, reason)] = failures.items()
    assert origin == f"{feed}#0"
    assert reason.startswith("entry has no link") and "; the feed is malformed (" in reason


def test_a_record_whose_text_is_no_string_says_so():
    from newsloom.ingest.records import record_to_item

    assert record_to_item({"title": 5, "text": ["a"]}, "r").reason == "record's 'text' is not text (found list)"
    assert record_to_item({"title": "Only a title"}, "r").reason == "record has no text"


def test_a_page_keeps_the_publication_time_it_states():
    """htmldate gives only the day of the demo's Harbor Herald page ("2025-10-14T16:30:00+07:00" in its meta
    tag and <time datetime>); the page's own time on that day is kept, one on another day is not."""
    from conftest import DEMO
    from newsloom.ingest.pages import html_to_item, stated_time

    page = (DEMO / "harbor-herald-quang-ngai-flood.html").read_text(encoding="utf-8")
    assert html_to_item(page, "flood.html").published == datetime(2025, 10, 14, 16, 30, tzinfo=timezone(timedelta(hours=7)))
    assert stated_time(page, datetime(2025, 10, 15).date()) is None
    day_only = page.replace("2025-10-14T16:30:00+07:00", "2025-10-14")
    assert html_to_item(day_only, "flood.html").published == datetime(2025, 10, 14)
    assert stated_time("\x00 not a page", datetime(2025, 10, 14).date()) is None


def test_the_surest_stated_time_wins_and_json_ld_counts():
    """A header clock in <time datetime> comes after the page's meta tags and JSON-LD; a page that declares
    its encoding in an XML declaration is read too."""
    from newsloom.ingest.pages import stated_time

    day = datetime(2025, 10, 14).date()
    clock = '<header><time datetime="2025-10-14T06:00+07:00">06:00</time></header>'
    ld = '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "datePublished": "2025-10-14T16:30:00+07:00"}]}</script>'
    body = "<p>Text.</p><time itemprop='datePublished' datetime='2025-10-14T09:00:00+07:00'>9:00</time>"
    assert stated_time(f"<html><head>{ld}</head><body>{clock}{body}</body></html>", day).hour == 16
    assert stated_time(f"<html><body>{clock}{body}</body></html>", day).hour == 9
    xml = '<?xml version="1.0" encoding="utf-8"?><html><head><meta property="article:published_time" ' \
          'content="2025-10-14T18:20:00+07:00"></head><body>' + clock + "</body></html>"
    assert stated_time(xml, day).hour == 18
    assert stated_time('<script type="application/ld+json">{broken</script>' + clock, day).hour == 6


@pytest.mark.parametrize(("opening", "day"), [
    ("Quảng Ngãi, 31/10/2024 - Số người chết do bão đã tăng lên 19.", datetime(2024, 10, 31)),
    ("TP.HCM, 9/7/2024 (NSSG) - Số ca sốt xuất huyết tăng mạnh.", datetime(2024, 7, 9)),
    ("HANOI, 2024-10-31 – The storm left 19 dead.", datetime(2024, 10, 31)),
    ("The storm, 31/10/2024 was the worst - officials said.", None),  # no place opens it: a sentence
    ("Huế, 32/13/2024 - Mưa lớn.", None),  # no such day
    ("Mưa lớn kéo dài ở Huế.", None),
    # a review: a year no date arithmetic holds, a date only month first can be, a dateline in emphasis
    ("Hà Nội, 01/01/0001 - Mưa lớn.", None),
    ("WASHINGTON, 10/25/2024 (AP) - The storm left 19 dead.", datetime(2024, 10, 25)),
    ("*Hà Nội, 31/10/2024* - Mưa lớn.", datetime(2024, 10, 31)),
    # a multilingual desk: the month's name, in English and the languages of lang/common/other_languages.txt
    ("BERLIN, Oct 15, 2026 - Germany and Vietnam signed a deal.", datetime(2026, 10, 15)),
    ("Berlin, October 15th, 2026 (Reuters) - Germany signed.", datetime(2026, 10, 15)),
    ("PARIS, 4 novembre 2026 - Le gérant a été mis en examen.", datetime(2026, 11, 4)),
    ("Berlin, 28. Oktober 2026 - Die Geber sagten Hilfe zu.", datetime(2026, 10, 28)),
    ("Madrid, 13 de noviembre de 2026 - Las lluvias dejaron nueve muertos.", datetime(2026, 11, 13)),
    ("London, 31 February 2026 - No such day.", None),
    ("Jane Goodall, 3 April 1934 – 1 October 2025, was a primatologist.", None),  # a life's dates (a review)
])
def test_a_dateline_opening_a_text_file_is_its_publication_day(tmp_path, opening, day):
    """A tester's text files opened with a dateline ("Quảng Ngãi, 31/10/2024 - ") and had no date, so a later
    report's figures could not be told from the first ones."""
    for suffix in (".txt", ".md"):
        path = tmp_path / f"a{suffix}"
        path.write_text(f"Tin bão\n\n{opening} Thêm chi tiết sau.\n", encoding="utf-8")
        [item] = read_sources([str(path)])
        assert item.published == day, suffix


@pytest.mark.parametrize(("opening", "month", "day"), [
    ("THANH HOA, Oct 18 - At least 112 people were admitted to hospital.", 10, 18),
    ("Thanh Hóa, 18/10 - 87 người phải nhập viện.", 10, 18),
    ("PARIS, 4 novembre - Le gérant a été mis en examen.", 11, 4),
    ("HANOI (Oct 18) - At least 112 people were admitted to hospital.", 10, 18),  # the re-check: in brackets
])
def test_a_wires_dateline_without_a_year_is_of_the_last_such_day(tmp_path, opening, month, day):
    """tester37: "THANH HOA, Oct 18 -" left the article undated, so its "as of 6 p.m. on Sunday, October 18" was
    no day either. A wire writes no year: the last such day up to today (tomorrow, for time zones), with a note."""
    from datetime import UTC, timedelta

    path = tmp_path / "a.txt"
    path.write_text(f"Tin\n\n{opening} Thêm chi tiết sau khi cơ quan chức năng công bố kết quả điều tra.\n",
                    encoding="utf-8")
    [item] = read_sources([str(path)])
    today = datetime.now(UTC).date()
    assert (item.published.month, item.published.day) == (month, day)
    assert today - timedelta(days=366) < item.published.date() <= today + timedelta(days=1)
    assert item.notes == [f"the dateline gives no year: read as {item.published.year}, the last {day}/{month} not "
                          "in the future"]


@pytest.mark.parametrize("opening", [
    "Kỳ nghỉ lễ, 30/4 - 1/5 năm nay, hàng triệu lượt khách đã đi du lịch khắp cả nước.",
    "Trận chung kết, 3/1 - một ngày đáng nhớ của bóng đá Việt Nam.",
])
def test_a_day_without_a_year_after_no_place_is_no_dateline(tmp_path, opening):
    """review37: "Kỳ nghỉ lễ, 30/4 - 1/5" had become a dateline: a date, a place "Kỳ nghỉ lễ", a cut summary."""
    path = tmp_path / "a.txt"
    path.write_text(f"Tin\n\n{opening} Thêm chi tiết sau khi cơ quan chức năng công bố kết quả điều tra.\n",
                    encoding="utf-8")
    [item] = read_sources([str(path)])
    assert item.published is None and item.notes == []


def test_a_folders_pipes_devices_and_odd_links_are_each_reported(tmp_path):
    """An operations tester: a folder run skipped a pipe, a link to /dev/zero and a link to nothing without a
    word (named one by one, each was reported); a linked folder is read, once, and a link to a folder above
    is not followed (a review: reported as a failure, it turned runs over linked corpora red)."""
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Tin bão\n\nBão số 6 đổ bộ vào Quảng Ngãi, gây mưa lớn trên diện rộng.\n",
                                  encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "dangling.txt").symlink_to(tmp_path / "nothing")
    (folder / "up").symlink_to(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "b.txt").write_text("Tin lũ\n\nLũ trên sông Trà Khúc lên trên báo động 3, nhiều xã bị ngập sâu.\n",
                                 encoding="utf-8")
    (folder / "linked").symlink_to(other)
    (folder / "again").symlink_to(other)
    items = list(read_sources([str(folder)]))
    failures = {Path(i.origin).name: i.reason for i in items if isinstance(i, Failure)}
    assert failures == {"pipe.txt": "not a regular file (a pipe, a socket or a device)",
                        "zero.txt": "not a regular file (a pipe, a socket or a device)",
                        "dangling.txt": "a link to nothing"}
    assert sorted(i.title for i in items if not isinstance(i, Failure)) == ["Tin bão", "Tin lũ"]


def test_the_progress_total_counts_what_reading_will_yield(tmp_path):
    """`run`'s progress bar has a total: a JSON Lines file's lines (gzip too), a feed file's entries, one
    per other file; none for a URL or standard input, which are known only once read."""
    import gzip


    folder = tmp_path / "in"
    folder.mkdir()
    records = [json.dumps({"title": f"Bridge {i} opens", "text": EN_BODY}) for i in range(3)]
    (folder / "wire.jsonl").write_text("\n".join(records))  # no newline after the last line
    (folder / "old.jsonl.gz").write_bytes(gzip.compress(("\n".join(records) + "\n").encode()))
    (folder / "feed.rss").write_text("<rss><channel><item><title>a</title></item><item><title>b</title></item>"
                                     "</channel></rss>")
    (folder / "one.txt").write_text(f"{EN_TITLE}\n\n{EN_BODY}")
    (folder / ".hidden.txt").write_text("skipped")
    read = list(read_sources([str(folder)]))  # the feed's entries have no text: failures, counted too
    assert expected_items([str(folder)]) == 3 + 3 + 2 + 1 == len(read)
    assert expected_items([str(folder / "one.txt"), "https://example.org/feed.xml"]) is None
    assert expected_items(["-"]) is None


def test_a_link_that_loops_is_one_failure_and_the_folder_goes_on(tmp_path):
    """An operator's inbox with a stray link to itself: `run` printed a traceback and stored nothing, and a
    watcher failed the whole folder at every round."""
    from newsloom.ingest import expected_items

    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.txt").write_text(f"{EN_TITLE}\n\n{EN_BODY}", encoding="utf-8")
    (folder / "loop").symlink_to("loop")
    (folder / "one").symlink_to("two")
    (folder / "two").symlink_to("one")
    (folder / "z.txt").write_text(f"{VI_TITLE}\n\n{VI_BODY}", encoding="utf-8")
    items = list(read_sources([str(folder)]))
    assert [i.title for i in items if isinstance(i, RawItem)] == [EN_TITLE, VI_TITLE]
    assert {(Path(f.origin).name, f.reason) for f in items if isinstance(f, Failure)} == {
        (name, "a link that loops (it leads back to itself)") for name in ("loop", "one", "two")}
    assert expected_items([str(folder)]) == 5


def test_a_page_dated_only_by_its_text_says_so_and_a_year_is_no_date(tmp_path):
    """An undated page was given 2019-01-01 for "closed since 2019", silently (an operator's test)."""
    body = ("<p>The Hai Phong opera house, closed since 2019 for repairs, reopened on Saturday with a concert for "
            "600 guests, the city's culture department said. The repairs cost 120 billion dong.</p>")
    (tmp_path / "year.html").write_text(f"<html><head><title>Old theatre reopens</title></head><body><article>"
                                        f"<h1>Old theatre reopens</h1>{body}</article></body></html>", encoding="utf-8")
    (tmp_path / "dated.html").write_text(
        "<html><head><title>Nhà hát mở cửa trở lại</title></head><body><article><h1>Nhà hát mở cửa trở lại</h1>"
        "<p>Thứ hai, 14/10/2024, 16:30 (GMT+7)</p><p>Nhà hát lớn Hải Phòng, đóng cửa từ năm 2019 để sửa chữa, đã "
        "mở cửa trở lại vào tối thứ Bảy với buổi hòa nhạc cho 600 khách mời.</p></article></body></html>",
        encoding="utf-8")
    (tmp_path / "meta.html").write_text(
        "<html><head><title>Theatre reopens</title><meta property='article:published_time' "
        f"content='2026-11-28T09:00:00+07:00'></head><body><article><h1>Theatre reopens</h1>{body}</article>"
        "</body></html>", encoding="utf-8")
    dated, meta, year = read_sources([str(tmp_path)])
    assert year.published is None and year.notes == ["no publication date in the page (a year in its text is none)"]
    assert dated.published.date().isoformat() == "2024-10-14"
    assert dated.notes == ["publication date guessed from the page's text: 2024-10-14"]
    assert meta.published.isoformat() == "2026-11-28T09:00:00+07:00" and meta.notes == []


def test_a_folder_holding_the_store_does_not_read_the_stores_files(tmp_path, embedder):
    import newsloom

    (tmp_path / "a.txt").write_text(f"{EN_TITLE}\n\n{EN_BODY}", encoding="utf-8")
    with newsloom.open(tmp_path / "here.db", embedder=embedder, readers=0) as nl:
        report = nl.add([str(tmp_path)])
    assert (report.added, report.failures) == (1, [])


def test_a_title_too_long_is_cut_with_a_note(tmp_path):
    """A 25,000-character title was stored whole, and `stories` printed 300 rows of it (an operator's test)."""
    (tmp_path / "long.jsonl").write_text(json.dumps({"title": "Long " * 5000, "text": EN_BODY}) + "\n",
                                         encoding="utf-8")
    [item] = read_sources([str(tmp_path / "long.jsonl")])
    assert len(item.title) <= 1001 and item.title.endswith("Long…")
    assert item.notes == ["title too long (24,999 characters): cut to its first 999"]


def test_a_page_of_new_years_day_keeps_its_date(tmp_path):
    """A page dated the first of January in its text looks like a year alone to the date finder (review22)."""
    (tmp_path / "jan1.html").write_text(
        "<html><head><title>Pháo hoa đón năm mới</title></head><body><article><h1>Pháo hoa đón năm mới</h1>"
        "<p>Thứ hai, 1/1/2024, 00:30 (GMT+7)</p><p>Hàng nghìn người dân Hà Nội đã xem pháo hoa bên hồ Hoàn Kiếm "
        "trong đêm giao thừa, lực lượng chức năng cho biết.</p></article></body></html>", encoding="utf-8")
    [page] = read_sources([str(tmp_path)])
    assert page.published.date().isoformat() == "2024-01-01"


def test_a_truncated_gzip_says_how_far_it_was_read(tmp_path):
    """An operator's truncated .jsonl.gz: 93 records were stored, yet the one line said only that the file
    could not be read."""
    import gzip

    records = "".join(json.dumps({"title": f"Bridge {i} opens", "text": EN_BODY + f" Bridge {i}."}) + "\n"
                      for i in range(400))
    whole = gzip.compress(records.encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[:len(whole) // 2])
    items = list(read_sources([str(tmp_path / "cut.jsonl.gz")]))
    *read, failure = items
    assert read and all(isinstance(i, RawItem) for i in read)
    assert failure.reason.startswith(f"cannot read file after line {len(read)} (the lines before it are read): ")


def test_json_lines_saved_as_utf16_are_read(tmp_path):
    """A Windows editor saves UTF-16 with a byte-order mark: every line was "invalid JSON" (an operator's test)."""
    lines = "".join(json.dumps({"title": t, "text": EN_BODY}, ensure_ascii=False) + "\r\n" for t in (EN_TITLE, VI_TITLE))
    (tmp_path / "wide.jsonl").write_bytes(lines.encode("utf-16"))
    items = list(read_sources([str(tmp_path / "wide.jsonl")]))
    assert [i.title for i in items] == [EN_TITLE, VI_TITLE]


@pytest.mark.parametrize(("heading", "kept"), [("# Port reopens after storm", False), ("# **Port  reopens** after storm", False),
                                               ("# Ships queue at the port", True)])
def test_a_markdown_title_given_twice_is_read_once(tmp_path: Path, heading: str, kept: bool):
    """Front matter's title repeated as the first heading was the text's first line, so a summary's first
    bullet and a second piece of evidence of its figures (tester34); another heading stays in the text."""
    page = tmp_path / "note.md"
    page.write_text(f'---\ntitle: "Port reopens after storm"\nsource: Team Notes\n---\n\n{heading}\n\n'
                    "The port reopened on Wednesday after two days.\n", encoding="utf-8")
    items, _ = read_all([page])
    note = items[str(page)]
    assert note.title == "Port reopens after storm"
    assert note.text.startswith("Ships queue at the port") is kept
    assert note.text.endswith("The port reopened on Wednesday after two days.")


def test_a_page_whose_title_is_never_closed_is_read():
    """An unclosed <title> made the whole page its title, and the page "no article text found" (tester34):
    the title is closed before the next tag, with a note; a page with no text at all still fails."""
    from newsloom.ingest.pages import html_to_item

    body = ("<p>Chỉ số chất lượng không khí tại Hà Nội sáng nay vượt 300, mức nguy hại, theo trạm quan trắc của "
            "thành phố. Nhiều trường tiểu học cho học sinh nghỉ học.</p>")
    page = f"<html><head><meta charset='utf-8'><title>Hà Nội ô nhiễm không khí\n<meta name='x'></head><body>{body}"
    item = html_to_item(page, "smog.html")
    assert isinstance(item, RawItem) and item.title == "Hà Nội ô nhiễm không khí"
    assert item.text.startswith("Chỉ số chất lượng không khí") and "its <title> is never closed" in item.notes[-1]
    assert isinstance(html_to_item("<html><head><title>Only a title", "t.html"), Failure)
    icon = page.replace("<body>", "<body><svg><title>icon</title></svg>")  # a later </title>, an icon's (review34)
    assert html_to_item(icon, "smog.html").title == "Hà Nội ô nhiễm không khí"


def test_a_windows_1258_pages_outlet_is_stored_composed(tmp_path: Path):
    """Windows-1258 writes tone marks as combining characters: the page's og:site_name was stored so, and
    `sources` listed the outlet twice, once as every other page of it writes it (tester36)."""
    from newsloom import stages

    outlet = "Nhịp Sống Pháp Đình"
    page = (f'<html><head><meta charset="windows-1258"><title>Tòa tuyên án</title>'
            f'<meta property="og:site_name" content="{outlet}"></head><body><article><h1>Tòa tuyên án</h1>'
            f"<p>{VI_BODY}</p></article></body></html>")
    (tmp_path / "page.html").write_bytes(cp1258(page))
    item = read_all([tmp_path / "page.html"])[0][str(tmp_path / "page.html")]
    assert item.source != outlet and unicodedata.normalize("NFC", item.source) == outlet  # as read
    assert stages.process(item).source == outlet


def test_a_text_file_names_its_outlet_date_and_link_in_front_matter(tmp_path: Path):
    """tester40: each .txt was an outlet of its own (its file name); the same front matter as Markdown names it."""
    path = tmp_path / "2026-10-06-cai-to.txt"
    path.write_text("---\nsource: Báo Nhịp Cầu\npublished: 2026-10-06T08:30:00+07:00\nurl: https://nhipcau.example/a\n"
                    "---\nHàn Quốc cải tổ nội các\n\nTổng thống đã thay thế bảy bộ trưởng.\n", encoding="utf-8")
    [item] = read_sources([str(path)])
    assert (item.source, item.url, item.title) == ("Báo Nhịp Cầu", "https://nhipcau.example/a", "Hàn Quốc cải tổ nội các")
    assert item.published == datetime(2026, 10, 6, 8, 30, tzinfo=timezone(timedelta(hours=7)))
    assert item.text == "Tổng thống đã thay thế bảy bộ trưởng."
    plain = tmp_path / "plain.txt"
    plain.write_text("---\nNot front matter: a rule, then a title\n", encoding="utf-8")
    [item] = read_sources([str(plain)])
    assert (item.source, item.title) == (None, "---")


def test_a_record_cut_off_mid_line_says_so(tmp_path: Path):
    """tester40: a truncated line gave the parser's "Invalid control character at column 151"."""
    path = tmp_path / "cut.jsonl"
    path.write_text('{"title": "A", "text": "Whole record."}\n{"title": "B", "text": "Cut off in the mid\n'
                    '{"title": "C", "text": "Another whole record.", }\n', encoding="utf-8")
    failures = {i.origin.rsplit(":", 1)[1]: i.reason for i in read_sources([str(path)]) if isinstance(i, Failure)}
    assert failures["2"] == "invalid JSON: the record is cut off after column 42 (the line ends before it does)"
    assert failures["3"].startswith("invalid JSON: Expecting property name")


def test_a_file_given_twice_is_read_once(tmp_path: Path):
    path = tmp_path / "cut.jsonl"
    path.write_text('{"title": "A", "text": "A whole record of several words."}\n{"title": "B", "text": "Cut off\n',
                    encoding="utf-8")
    items = list(read_sources([str(path), str(tmp_path / "." / "cut.jsonl")]))
    assert [type(i).__name__ for i in items] == ["RawItem", "Failure"]


def test_a_file_given_by_its_path_and_in_its_folder_is_read_once(tmp_path: Path):
    """tester40: `run a.txt folder/` read a.txt twice ("1 already stored"); the progress bar counts it once."""
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    for name in ("a.txt", "sub/b.txt"):
        (folder / name).write_text(f"Title {name}\nA whole text of several words about {name}.\n", encoding="utf-8")
    for sources in ([folder / "a.txt", folder], [folder, folder / "sub" / "b.txt"], [folder / "sub", folder]):
        items = list(read_sources(map(str, sources)))
        assert sorted(Path(i.origin).name for i in items) == ["a.txt", "b.txt"], sources
        assert expected_items(map(str, sources)) == 2
