"""Digest building and its four renderings, on a small bilingual story with a copy and hostile text."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

from rich.console import Console

from newsloom.digest import Digest, build_digest
from newsloom.model import Amount, Article, Entity, EventDate, Mention, Quote, Story
from newsloom.render import render_html, render_json, render_markdown, render_story_table, render_terminal
from newsloom.render.jsonout import read_json

HOSTILE = 'Talks <script>alert("x")</script> [bold]end[/bold]'


def _mention(text: str, sentence: str, label: str, key: str, i: int = 0) -> Mention:
    start = sentence.index(text)
    return Mention(text, label, start, start + len(text), i, key)


def story_articles() -> tuple[Story, list[Article], dict[str, Entity]]:
    s1 = "Ngoại trưởng Mỹ Antony Blinken đến Kyiv ngày 14/5 để gặp Tổng thống Zelensky."
    s2 = "Ông Blinken cho biết Mỹ sẽ viện trợ thêm 2 tỷ USD cho Ukraine."
    vi = Article(id="vi1", origin="t:1", title="Blinken thăm Kyiv", text=f"{s1} {s2}", lang="vi",
                 source="vnexpress.net", url="https://vnexpress.net/a", sentences=[s1, s2],
                 published=datetime(2024, 5, 14, 9, tzinfo=UTC))
    vi.mentions = [_mention("Antony Blinken", s1, "PERSON", "PERSON:antony blinken"),
                   _mention("Blinken", s2, "PERSON", "PERSON:antony blinken", 1),
                   _mention("Kyiv", s1, "LOC", "LOC:kyiv")]
    vi.event_dates = [EventDate(date(2024, 5, 14), "ngày 14/5", 0)]
    vi.amounts = [Amount("2 tỷ USD", 2e9, "USD", "money", s2)]
    e1 = "Secretary of State Antony Blinken arrived in Kyiv on Tuesday to meet President Zelensky."
    e2 = '"We are with you," Blinken told reporters in the Ukrainian capital.'
    en = Article(id="en1", origin="t:2", title=HOSTILE, text=f"{e1} {e2}", lang="en", source="reuters.com",
                 url="javascript:alert(1)", sentences=[e1, e2], published=datetime(2024, 5, 14, 7, tzinfo=UTC))
    en.mentions = [_mention("Antony Blinken", e1, "PERSON", "PERSON:antony blinken"),
                   _mention("Kyiv", e1, "LOC", "LOC:kyiv")]
    en.quotes = [Quote("We are with you,", "Blinken", e2, "PERSON:antony blinken")]
    copy = Article(id="cp1", origin="t:3", title=vi.title, text=vi.text, lang="vi", source="baomoi.com",
                   sentences=vi.sentences, mentions=list(vi.mentions), amounts=list(vi.amounts),
                   published=datetime(2024, 5, 15, 1, tzinfo=UTC), copy_of="vi1")
    entities = {
        "PERSON:antony blinken": Entity("PERSON:antony blinken", "Antony Blinken", "PERSON", {"Blinken"}),
        "LOC:kyiv": Entity("LOC:kyiv", "Kyiv", "LOC"),
    }
    story = Story(id=7, article_ids=["vi1", "en1", "cp1"], storyline_id=3)
    return story, [vi, en, copy], entities


def digest() -> Digest:
    return build_digest(*story_articles())


def test_digest_counts_copy_once():
    d = digest()
    assert d.sources == ["reuters.com", "vnexpress.net"]  # earliest first; the copy is not a source
    assert [(c.source, c.copy_of, c.copy_of_source) for c in d.copies] == [("baomoi.com", "vi1", "vnexpress.net")]
    blinken = d.entities["PERSON"][0]
    assert (blinken.name, blinken.mentions) == ("Antony Blinken", 3)  # 2 in vi1 + 1 in en1, none from the copy
    assert set(blinken.variants) == {"Antony Blinken", "Blinken"}
    assert len(d.amounts) == 1 and d.amounts[0].source == "vnexpress.net"


def test_digest_fields():
    d = digest()
    assert d.story_id == 7 and d.storyline_id == 3
    assert d.languages == {"vi": 2, "en": 1}
    assert d.first_published == datetime(2024, 5, 14, 7, tzinfo=UTC)
    assert d.last_published == datetime(2024, 5, 15, 1, tzinfo=UTC)
    assert d.first_event == d.last_event == date(2024, 5, 14)
    assert d.timeline[0].sentence.startswith("Ngoại trưởng Mỹ")
    assert d.quotes[0].speaker == "Antony Blinken" and d.quotes[0].evidence.startswith('"We are')
    assert d.headline and d.summary
    assert [a.id for a in d.articles] == ["en1", "vi1", "cp1"]


def test_json_round_trips():
    d = digest()
    text = render_json([d])
    assert json.loads(text)["stories"][0]["headline"] == d.headline
    assert "Ngoại trưởng" in text  # UTF-8, not \\u escapes
    assert read_json(text) == [d]
    assert Digest.from_dict(json.loads(json.dumps(d.to_dict()))) == d


def test_markdown_has_the_parts_and_escapes():
    text = render_markdown([digest()])
    for part in ("## ", "### Summary", "### Sources", "### Entities", "### Quotes", "### Amounts",
                 "### Timeline", "### Articles", "Antony Blinken", "2 tỷ USD", "copy of vnexpress.net"):
        assert part in text, part
    assert "<script>" not in text
    assert "javascript:" not in text  # unsafe link dropped, title kept as text
    assert "(<https://vnexpress.net/a>)" in text


def test_html_escapes_hostile_text_and_is_self_contained():
    html = render_html([digest()], title="Report <b>x</b>")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<title>Report &lt;b&gt;x&lt;/b&gt;</title>" in html
    assert "javascript:" not in html
    assert 'href="https://vnexpress.net/a"' in html
    assert "http://" not in html.replace('href="http', "") and "src=" not in html  # nothing to fetch
    assert "<svg" in html and "<circle" in html  # the timeline
    assert "Antony Blinken" in html and "baomoi.com" in html


def test_terminal_renders_plain_text_not_markup():
    buf = io.StringIO()
    console = Console(file=buf, width=100, color_system=None)
    d = digest()
    render_terminal([d], console)
    render_story_table([d, Story(id=9, article_ids=["x"], headline="[red]Other[/red] story")], console)
    out = buf.getvalue()
    assert "[bold]end[/bold]" in out  # article text shown as written, not read as rich markup
    assert "[red]Other[/red]" in out
    assert "Antony Blinken" in out and "baomoi.com" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_an_article_without_outlet_is_shown_by_its_file_everywhere():
    story, articles, entities = story_articles()
    en = articles[1]
    en.source, en.published, en.origin = None, None, "corpus/harbor-quote.txt"
    d = build_digest(story, articles, entities)
    assert "harbor-quote.txt" in d.sources
    assert [q.source for q in d.quotes] == ["harbor-quote.txt"]
    text = render_markdown([d])
    assert any(line.endswith("— harbor-quote.txt, en") for line in text.splitlines())  # no empty source or date
    assert "(harbor-quote.txt)" in text  # the quote's source, not a hash


def test_times_carry_the_offset_they_were_published_at():
    """"09:00" of a GMT source and of a Vietnamese one are seven hours apart: a time shows its offset, once
    in a span whose ends share it (a new user's test)."""
    from datetime import timedelta, timezone

    from newsloom.render.fmt import span, when

    hanoi = timezone(timedelta(hours=7))
    first, last = datetime(2025, 10, 20, 14, 0, tzinfo=hanoi), datetime(2025, 10, 20, 18, 30, tzinfo=hanoi)
    assert when(first) == "2025-10-20 14:00 +07" and when(datetime(2025, 10, 20, 9, 0, tzinfo=UTC)) == \
        "2025-10-20 09:00 UTC"
    assert span(first, last) == "2025-10-20 14:00 → 2025-10-20 18:30 +07"
    # ends at two offsets: both on the first one's clock, so that the span reads forward (a new user's test:
    # "07:30 +07 → 03:10 UTC" read as going backwards)
    assert span(datetime(2025, 10, 20, 9, 0, tzinfo=UTC), last) == "2025-10-20 09:00 → 2025-10-20 11:30 UTC"
    assert span(first, datetime(2025, 10, 20, 9, 10, tzinfo=UTC)) == "2025-10-20 14:00 → 2025-10-20 16:10 +07"
    # a time that lands on midnight on the first clock stays a time (a review: it came out as a bare date)
    assert span(first, datetime(2025, 10, 20, 17, 0, tzinfo=UTC)) == "2025-10-20 14:00 → 2025-10-21 00:00 +07"
    assert span(first, datetime(2025, 10, 21, tzinfo=hanoi)) == "2025-10-20 14:00 +07 → 2025-10-21"
    # a time without an offset beside one with it says so, rather than seem to share it
    assert span(datetime(2025, 10, 20, 9, 0), last) == "2025-10-20 09:00 (no offset) → 2025-10-20 18:30 +07"
    assert span(datetime(2025, 10, 20, 9, 0), datetime(2025, 10, 20, 11, 0)) == "2025-10-20 09:00 → 2025-10-20 11:00"
    assert when(datetime(2025, 10, 20, 9, 5)) == "2025-10-20 09:05"  # no offset known: none shown
    assert when(datetime(2025, 10, 20, 9, 5, tzinfo=timezone(timedelta(hours=5, minutes=30)))).endswith("+05:30")
    assert span(first, first) == when(first) and span(date(2025, 10, 20), None) == "2025-10-20"


def test_html_report_marks_each_piece_of_text_with_its_language():
    """The report page is English; a tester's Vietnamese headlines and quotes were all marked `lang="en"`
    (screen readers and hyphenation then read Vietnamese as English)."""
    html = render_html([digest()])
    assert '<h2 lang="vi">Blinken thăm Kyiv</h2>' in html
    assert '<blockquote lang="en">“We are with you,”' in html
    assert '<td lang="vi">2 tỷ USD</td>' in html
    assert 'lang="vi">Ngoại trưởng Mỹ Antony Blinken đến Kyiv ngày 14/5' in html  # the timeline's sentence


def test_an_evidence_sentence_that_quotes_someone_shows_one_pair_of_each():
    """An analyst saw evidence wrapped in quotation marks around its own: “"Bến mới …," ông Khoa nói.”"""
    from newsloom.render.fmt import quoted

    assert quoted('"Bến mới sẽ rút ngắn thời gian chờ," ông Khoa nói.') == "“‘Bến mới sẽ rút ngắn thời gian chờ,’ ông Khoa nói.”"
    assert quoted("Ông nói: “Chúng tôi sẽ làm.”") == "“Ông nói: ‘Chúng tôi sẽ làm.’”"
    assert quoted("No quote here.") == "“No quote here.”"


def test_a_digest_names_people_as_the_story_writes_them():
    """An analyst's Vietnamese stories listed "Nguyen Quang Minh" (the store's name, from English articles)."""
    from newsloom.digest import _entities
    from newsloom.model import Article, Entity, Mention

    a = Article(id="a", origin="a", title="", text="Ông Nguyễn Quang Minh cho biết.", lang="vi",
                mentions=[Mention("Nguyễn Quang Minh", "PERSON", 4, 21, entity="PERSON:nguyen quang minh")])
    known = {"PERSON:nguyen quang minh": Entity("PERSON:nguyen quang minh", "Nguyen Quang Minh", "PERSON")}
    assert [r.name for r in _entities([a], known)["PERSON"]] == ["Nguyễn Quang Minh"]
    known["PERSON:nguyen quang minh"] = Entity("PERSON:nguyen quang minh", "Nguyễn Quang Minh", "PERSON")
    a.mentions[0] = Mention("Nguyen Quang Minh", "PERSON", 4, 21, entity="PERSON:nguyen quang minh")
    assert [r.name for r in _entities([a], known)["PERSON"]] == ["Nguyễn Quang Minh"]  # marks are never dropped


def test_the_comparison_line_names_the_event_date_and_what_gave_it():
    """tester42: "judged at 2026-10-19 (publication date)" on every digest read as office-holder jargon."""
    from newsloom.facts.compare import Comparison
    from newsloom.render.fmt import event_basis

    assert event_basis(Comparison(date(2026, 10, 19), "publication date")) == "event date 2026-10-19 (publication date)"
    assert event_basis(Comparison(None, "unknown")) == "event date unknown"
