"""The web pages (serve/pages.py) with FastAPI's TestClient on the demo store: every page renders, 404s,
the CSP header, escaping of a hostile article, and what each page shows."""

from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from _web import HOSTILE, web_store  # noqa: F401 (a fixture)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note about httpx
    from fastapi.testclient import TestClient

from newsloom.serve.app import CSP, create_app


@pytest.fixture(scope="module")
def site(web_store):  # noqa: F811
    nl, hostile = web_store
    with TestClient(create_app(nl)) as client:
        yield client, nl, hostile


def pages(nl, hostile) -> list[str]:
    """A URL of every kind of page, for the demo store."""
    story = nl.stories(sort="contested", limit=1)[0].id
    entity = next(x.key for ents in nl.story(story).entities.values() for x in ents
                  if nl.store.entities([x.key]))
    return ["/", "/?sort=size", "/?sort=contested", "/?lang=en&from=2025-10-01&to=2025-10-31",
            "/?source=Mekong+Wire&page=1", f"/stories/{story}", f"/stories/{hostile}",
            f"/entities/{quote(entity, safe='')}", "/search?q=l%C5%A9+Qu%E1%BA%A3ng+Ng%C3%A3i", "/search",
            "/conflicts", "/sources", "/storylines", "/storylines?page=%C2%B2",
            # numbers that str.isdigit() takes and int() does not ("²"), or too long: the first page
            "/?page=%C2%B2", "/?storyline=%C2%B2", "/conflicts?page=%C2%B2", "/search?q=x&page=%C2%B2",
            "/?page=99999999999999999999", f"/articles/{nl.story(hostile).articles[0].id}"]


class _Tags(HTMLParser):
    """The elements and attributes of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_every_page_renders_with_the_csp(site):
    client, nl, hostile = site
    for url in pages(nl, hostile):
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/html"), url
        assert r.headers["content-security-policy"] == CSP, url
        assert "script-src 'self'" in CSP and "style-src 'self'" in CSP
        found = tags(r.text)
        # nothing the CSP would block, and nothing from elsewhere: no script, no inline style, no event handler
        assert not [t for t, _ in found if t in ("script", "style", "iframe", "object", "embed")], url
        assert not [(t, a) for t, a in found if "style" in a or any(k.startswith("on") for k in a)], url
        for t, a in found:
            for attr in ("src", "srcset", "data"):
                assert attr not in a or a[attr].startswith("/"), (url, t, a)
            if t == "link":
                assert a["href"].startswith("/static/"), (url, a)
        assert re.search(r'<html lang="en">', r.text) and "<h1" in r.text, url
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


def test_not_found(site):
    client, _, _ = site
    for url in ["/stories/99999", "/stories/abc", "/stories/-1", "/stories/%C2%B2", "/stories/%D9%A3",
                "/entities/PERSON%3Anobody%20at%20all", "/static/missing.css"]:
        r = client.get(url)
        assert r.status_code == 404, url
        assert r.headers["content-security-policy"] == CSP
    assert "There is no story 99999" in client.get("/stories/99999").text
    # an operations tester: an unknown page answered a browser in JSON; an API client still gets JSON
    page = client.get("/nope/<b>x", headers={"accept": "text/html,application/xhtml+xml"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "There is no page /nope/&lt;b&gt;x" in page.text and "<b>x" not in page.text
    assert client.get("/nope").json()["message"] == "Not Found"
    assert client.get("/api/nope", headers={"accept": "text/html"}).json()["message"] == "Not Found"


def test_hostile_article_is_escaped_everywhere(site):
    client, nl, hostile = site
    raw = ["<script>window.__pwned", "<img src=x", "<b onmouseover", "javascript:alert"]
    for url in pages(nl, hostile) + ["/search?q=L%C3%A0o+Cai", f"/?source={quote(HOSTILE['source'])}"]:
        html = client.get(url).text
        for bad in raw:
            assert bad not in html, (url, bad)
    story = client.get(f"/stories/{hostile}").text
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt; Sạt lở ở Lào Cai" in story  # the title, as text
    assert "&lt;img src=x onerror=" in story  # the text, in the summary and the evidence
    assert "&lt;b onmouseover=alert(4)&gt;Tin Độc&lt;/b&gt;" in story  # the source
    assert "__pwned=1" in client.get("/").text  # listed, escaped
    assert "&lt;script&gt;window.__pwned=1" in client.get("/search?q=L%C3%A0o+Cai").text
    # the article's javascript: URL is not a link
    hrefs = [a.get("href") or "" for t, a in tags(story) if t == "a"]
    assert hrefs and not [h for h in hrefs if not h.startswith(("/", "#", "http://", "https://"))]


def test_home_sorts_filters_and_pages(site, monkeypatch):
    client, nl, _ = site
    contested = nl.stories(sort="contested", limit=1)[0]
    html = client.get("/?sort=contested").text
    assert html.index(f'href="/stories/{contested.id}"') < min(
        html.index(f'href="/stories/{r.id}"') for r in nl.stories(limit=None) if r.id != contested.id)
    assert '<a href="/?sort=contested" aria-current="page">Most contested</a>' in html
    # filters: only English stories of October 2025, in a GET form with a label for every field
    html = client.get("/?lang=en&from=2025-10-01&to=2025-10-31").text
    shown = set(map(int, re.findall(r'href="/stories/(\d+)"', html)))
    from datetime import datetime
    expected = {r.id for r in nl.stories(lang="en", since=datetime(2025, 10, 1), until=datetime(2025, 10, 31, 23, 59))}
    assert shown == expected and shown
    form = tags(html)
    ids = {a.get("id") for t, a in form if t in ("input", "select") and a.get("type") != "hidden"}
    labelled = {a.get("for") for t, a in form if t == "label"}
    assert ids <= labelled
    assert '<option value="en" selected>' in html and 'value="2025-10-01"' in html
    assert "is not a date" in client.get("/?from=yesterday").text
    # paging keeps the filters
    from newsloom.serve import pages as web

    monkeypatch.setattr(web, "PER_PAGE", 2)
    html = client.get("/?sort=size&lang=vi").text
    assert "Page 1 of" in html and 'href="/?sort=size&amp;lang=vi&amp;page=2"' in html
    second = client.get("/?sort=size&lang=vi&page=2").text
    assert "Page 2 of" in second and 'rel="prev"' in second


def test_story_page(site):
    client, nl, _ = site
    sid = nl.stories(sort="contested", limit=1)[0].id
    d = nl.story(sid)
    html = client.get(f"/stories/{sid}").text
    assert d.headline in html.replace("&#39;", "'")
    # the timeline picture: an inline SVG with a mark per article, a legend and the event dates
    svg = html[html.index("<svg class=\"timeline\""):html.index("</svg>") + 6]
    assert svg.count('class="mark"') == len(d.articles)
    assert "Vietnamese (vi)" in svg and "English (en)" in svg and "Event dates" in svg
    assert svg.count('class="event"') == len({(t.day, t.end) for t in d.timeline})
    # sources compared: conflicts first, then agreed and single-source, with evidence in its language
    conflict, agreed, single = (html.index(f'<h3 class="status {s}">') for s in ("conflict", "agreed", "single"))
    assert conflict < agreed < single
    f = d.compared.of("conflict")[0]
    ev = f.positions[0].evidence[0]
    assert f'<p lang="{ev.lang}">' in html
    # sources, copies, entities linked to their pages, quotes, amounts
    for s in d.sources:
        assert s.replace("'", "&#39;") in html
    for c in d.copies:
        assert f"copy of {c.copy_of_source}" in html
    links = re.findall(r'href="(/entities/[^"]+)"', html)
    assert links and client.get(links[0].replace("&amp;", "&")).status_code == 200
    assert "<h2 id=\"h-quotes\">Quotes</h2>" in html and "<h2 id=\"h-amounts\">Amounts</h2>" in html
    for a in d.articles:
        assert f'id="a-{a.id}"' in html


def test_entity_page_lists_names_and_stories(site):
    client, nl, _ = site
    ent = next(e for e in nl.store.entities() if len(e.aliases) > 1 and nl.count(entity=e.key) > 1)
    html = client.get(f"/entities/{quote(ent.key, safe='')}").text
    for alias in ent.aliases:
        assert alias.replace("'", "&#39;") in html
    for r in nl.stories(entity=ent.key):
        assert f'href="/stories/{r.id}"' in html


def test_the_storylines_page_links_each_storylines_stories(site):
    """An analyst found no storylines page (/storylines answered 404, the menu had no link)."""
    client, nl, _ = site
    html = client.get("/storylines").text
    lines = nl.storylines()
    assert lines and 'href="/storylines" aria-current="page"' in html
    for line in lines:
        assert f'href="/?storyline={line.id}&amp;sort=id"' in html
        listed = client.get(f"/?storyline={line.id}&sort=id").text
        assert all(f'href="/stories/{row.id}"' in listed for row in nl.stories(storyline=line.id))


def test_conflicts_and_sources_pages(site):
    client, nl, _ = site
    html = client.get("/conflicts").text
    for d in nl.conflicts():
        assert f'href="/stories/{d.story_id}#compared"' in html
        for f in d.compared.of("conflict"):
            assert all(p.label.replace("'", "&#39;") in html for p in f.positions)
    html = client.get("/sources").text
    for s in nl.sources():
        assert s.source.replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;") in html
    assert "No source is followed" in html
    nl.store.follow("https://example.org/feed.xml", "feed")
    nl.store.follow("/data/inbox", "folder", outlet="Tuổi Trẻ")
    try:
        html = client.get("/sources").text
        assert "https://example.org/feed.xml" in html and "not checked yet" in html
        assert "folder<span class=\"small muted\">, outlet Tuổi Trẻ</span>" in html
    finally:
        nl.store.unfollow("https://example.org/feed.xml")
        nl.store.unfollow("/data/inbox")


def test_search_page(site):
    client, nl, _ = site
    if not hasattr(nl, "search"):
        pytest.skip("Newsloom.search is not there yet")
    html = client.get("/search?q=l%C5%A9+Qu%E1%BA%A3ng+Ng%C3%A3i&lang=en").text
    assert "Central Vietnam&#39;s Quang Ngai evacuates hundreds" in html
    assert '<p class="snippet" lang="en">' in html
    assert client.get("/search?q=").status_code == 200


def test_new_stories_show_without_a_restart(site):
    client, nl, _ = site
    before = client.get("/").text
    assert "Hội An" not in before
    nl.add({"title": "Phố cổ Hội An ngập sâu sau mưa lớn", "source": "Tin Nhanh Hà Nội",
            "text": "Nước sông Hoài dâng cao khiến nhiều tuyến phố ở Hội An ngập sâu chiều 28/10. "
                    "Du khách được đưa đi bằng thuyền.", "published": "2025-10-28T17:00:00+07:00"})
    assert "Phố cổ Hội An ngập sâu sau mưa lớn" in client.get("/").text


def test_timeline_svg():
    from datetime import date, datetime, timedelta, timezone

    from markupsafe import Markup

    from newsloom.digest import ArticleRef, Digest, TimelineEntry
    from newsloom.serve.timeline import timeline_svg

    ict = timezone(timedelta(hours=7))
    d = Digest(story_id=1, headline="h", summary=[], articles=[
        ArticleRef("a1", "<script>alert(1)</script>", "Tin A", None, "vi", datetime(2025, 10, 20, 15, 0, tzinfo=ict)),
        ArticleRef("a2", "Flood", "Wire & Co", None, "en", datetime(2025, 10, 21, 9, 0)),
        ArticleRef("a3", "Flood (copy)", "Copycat", None, "en", datetime(2025, 10, 21, 10, 0), copy_of="a2"),
        ArticleRef("a4", "Không ngày", "file.txt", None, "vi", None),
        ArticleRef("a5", "Autre", "Le Monde", None, "fr", datetime(2025, 10, 22)),
    ], timeline=[
        TimelineEntry(date(2025, 10, 20), None, "ngày 20/10", "…", "a1", "Tin A"),
        TimelineEntry(date(2026, 1, 1), date(2026, 1, 31), "January 2026", "…", "a2", "Wire & Co"),
    ])
    svg = timeline_svg(d)
    assert isinstance(svg, Markup) and svg.startswith('<svg class="timeline"')
    assert svg.count('class="mark"') == 5 and svg.count('class="event"') == 2
    for source in ("Tin A", "Wire &amp; Co", "Copycat", "file.txt", "Le Monde"):
        assert f"</title>{source}</text>" in svg  # one row per source, labelled
    assert "no date" in svg  # the undated article's column
    assert "Vietnamese (vi)" in svg and "English (en)" in svg and "French (fr)" in svg and "copy of another" in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg and "<script" not in svg
    assert " style=" not in svg
    assert "Jan 2026" in svg  # the month named, on the axis and the event
    assert 'fill="#ffffff"' in svg  # the copy is hollow
    assert timeline_svg(Digest(story_id=2, headline="", summary=[])) == ""
    # one day named alone and as the start of a range (it broke the page under load: None vs a date)
    d.timeline.append(TimelineEntry(date(2026, 1, 1), None, "1/1/2026", "…", "a1", "Tin A"))
    assert timeline_svg(d).count('class="event"') == 3
    # far dates (a store written before event years were bounded: "valid until 9999-12-31"): drawn, with
    # a few ticks, not an overflow or a tick a month for eight thousand years
    d.timeline += [TimelineEntry(date(9999, 12, 31), None, "9999-12-31", "…", "a2", "Wire & Co"),
                   TimelineEntry(date(1, 1, 1), None, "0001-01-01", "…", "a2", "Wire & Co")]
    far = timeline_svg(d)
    assert far.count('class="event"') == 5 and far.count("<line") < 40


def test_timeline_marks_stand_at_their_instant():
    """Marks are placed by instant on the clock of the story's first article, and their tooltips give the
    time as published, with its offset (a new user's test: 03:10 UTC, the latest, was drawn first)."""
    import re
    from datetime import UTC, datetime, timedelta, timezone

    from newsloom.digest import ArticleRef, Digest
    from newsloom.serve.timeline import timeline_svg

    ict = timezone(timedelta(hours=7))
    d = Digest(story_id=1, headline="h", summary=[], articles=[
        ArticleRef("a1", "Sạt lở", "Tin A", None, "vi", datetime(2025, 9, 14, 7, 30, tzinfo=ict)),
        ArticleRef("a2", "Landslide", "Wire", None, "en", datetime(2025, 9, 14, 3, 10, tzinfo=UTC)),
    ])
    svg = str(timeline_svg(d))
    xs = {m["id"]: float(m["x"]) for m in re.finditer(
        r'data-article="(?P<id>\w+)".*?<(?:circle cx|rect x)="(?P<x>[\d.]+)"', svg)}
    assert xs["a1"] < xs["a2"]  # 00:30 UTC before 03:10 UTC
    assert "published 2025-09-14 03:10 UTC" in svg and "published 2025-09-14 07:30 +07" in svg
    assert "published 2025-09-14 07:30 → 2025-09-14 10:10 +07" in svg  # the description, read forward


def test_the_last_event_date_is_drawn_inside_the_picture():
    """A day alone is drawn at its noon: the last one stood past the picture's edge (a new user's test)."""
    import re
    from datetime import date, datetime, timedelta, timezone

    from newsloom.digest import ArticleRef, Digest, TimelineEntry
    from newsloom.serve.timeline import WIDTH, timeline_svg

    ict = timezone(timedelta(hours=7))
    d = Digest(story_id=1, headline="h", summary=[], articles=[
        ArticleRef("a1", "Crash", "Tin A", None, "vi", datetime(2026, 3, 9, 15, 0, tzinfo=ict)),
        ArticleRef("a2", "Crash", "Wire", None, "en", datetime(2026, 3, 10, 9, 0, tzinfo=ict))],
        timeline=[TimelineEntry(date(2026, 3, 13), None, "until Friday", "…", "a2", "Wire")])
    svg = str(timeline_svg(d))
    diamonds = [float(x) for x in re.findall(r'<path d="M([\d.]+) [\d.]+ l7 7', svg)]
    labels = [float(x) for x in re.findall(r'<text class="elabel" x="([\d.]+)"', svg)]
    assert diamonds and labels and max(diamonds + labels) < WIDTH - 16


# -- a new user's findings in a real browser (tester 26) ------------------------------------------

def test_every_story_of_a_storyline_lists_the_others(site):
    """Tester 26: the first story of a storyline gave no way to its follow-up (the breadcrumb linked the
    storyline only from later stories)."""
    client, nl, _ = site
    line = nl.storylines()[0]
    members = nl.stories(storyline=line.id, sort="id")
    assert len(members) >= 2
    for r in members:
        html = client.get(f"/stories/{r.id}").text
        part = html[html.index('id="h-storyline"'):]
        part = part[:part.index("</section>")]
        assert "Also in this storyline" in part
        for other in members:
            assert (f'href="/stories/{other.id}"' in part) == (other.id != r.id), (r.id, other.id)
        assert f'href="/?storyline={line.id}&amp;sort=id"' in html
    alone = next(r for r in nl.stories(limit=None) if r.storyline_id in (None, r.id)
                 and nl.count(storyline=r.storyline_id or r.id) <= 1)
    assert "Also in this storyline" not in client.get(f"/stories/{alone.id}").text


def test_search_and_filter_forms_are_not_restored_on_back(site):
    """Tester 26: Back showed the results of one query under the form holding the next one."""
    client, _, _ = site
    for url, form in (("/search?q=Busan", "searchform"), ("/", "filters")):
        found = [a for t, a in tags(client.get(url).text) if t == "form" and form in (a.get("class") or "")]
        assert found and found[0].get("autocomplete") == "off", url


def test_an_undated_story_draws_no_empty_timeline(site):
    """Tester 26: a story whose articles carry no date drew ten empty rows, every mark at "no date"."""
    client, nl, _ = site
    nl.add({"title": "Voi con lạc đàn được đưa về rừng Yok Đôn", "source": "Báo Rừng Xanh",
            "text": "Một chú voi con lạc đàn đã được kiểm lâm chăm sóc và đưa về rừng Yok Đôn. "
                    "Các bác sĩ thú y theo dõi sức khỏe của voi trong ba ngày."})
    sid = next(r.id for r in nl.stories(limit=None) if "Yok Đôn" in r.headline)
    html = client.get(f"/stories/{sid}").text
    assert '<svg class="timeline"' not in html
    assert "carry no publication date" in html


def test_search_from_after_to_says_so(site):
    """Tester 26: a reversed date range gave "Nothing found" with no word of why."""
    client, _, _ = site
    html = client.get("/search?q=Vietnam&from=2025-11-30&to=2025-10-01").text
    assert 'class="notice"' in html and "2025-11-30 is after" in html
    html = client.get("/?from=2025-11-30&to=2025-10-01").text
    assert 'class="notice"' in html and "2025-11-30 is after" in html
    assert 'class="notice"' not in client.get("/search?q=Vietnam&from=2025-10-01&to=2025-11-30").text


def test_small_points_of_the_pages(site):
    """Tester 26: "1 story match the filters"; the storyline card had no padding and its headline no lang;
    an empty search said nothing; the footer's API link led to a JSON line."""
    client, nl, _ = site
    days = {r.first_seen.date() for r in nl.stories(limit=None) if r.first_seen}
    day = next(d for d in sorted(days) if nl.count(since=d, until=d) == 1)
    html = client.get(f"/?from={day}&to={day}").text
    assert "1 story matches the filters" in html
    html = client.get("/storylines").text
    cards = [a for t, a in tags(html) if t == "section" and "card" in (a.get("class") or "")]
    assert cards and all("story-card" in a["class"] for a in cards)
    line = nl.storylines()[0]
    assert re.search(rf'href="/\?storyline={line.id}&amp;sort=id" lang="vi"', html)
    for url in ("/search?q=", "/search", "/search?q=+"):
        assert 'class="hint' in client.get(url).text, url
    assert 'class="hint' not in client.get("/search?q=Busan").text
    assert '<a href="/api/docs">API</a>' in client.get("/").text


def test_an_article_page_shows_its_text(site):
    """Tester 26: no page showed an article's text; the titles of articles without a URL (local files) were
    plain text, and a search hit only led to the story's table."""
    from newsloom.render.fmt import language_name, when

    client, nl, hostile = site
    d = nl.story(nl.stories(sort="contested", limit=1)[0].id)
    local = next(a for a in d.articles if not a.url)
    a = nl.article(local.id)
    html = client.get(f"/articles/{a.id}").text
    assert f'<h1 lang="{a.lang}">' in html and a.title.replace("'", "&#39;") in html
    paragraphs = [p for p in re.split(r"\n\s*\n", a.text) if p.strip()]
    assert html.count('<p class="para"') == max(len(paragraphs), 1)
    assert local.source in html and f'href="/stories/{d.story_id}#a-{a.id}"' in html
    assert (when(a.published) if a.published else "no publication date") in html
    assert language_name(a.lang) in html
    for m in a.mentions:
        if m.entity and nl.store.entities([m.entity]):
            assert f'href="/entities/{quote(m.entity, safe="")}"' in html
    for q in a.quotes:
        assert q.text.replace("'", "&#39;").replace('"', "&#34;") in html
    # the story's table links it; one with a URL links the original, on its page too
    story = client.get(f"/stories/{d.story_id}").text
    assert f'href="/articles/{a.id}"' in story
    online = next(x for x in d.articles if x.url)
    assert f'href="/articles/{online.id}"' not in story
    page = client.get(f"/articles/{online.id}").text
    assert f'href="{online.url}" rel="noopener noreferrer nofollow"' in page
    # the hostile article: its markup is text, its javascript: URL no link
    hid = nl.story(hostile).articles[0].id
    page = client.get(f"/articles/{hid}").text
    assert "<script>window" not in page and "<img src=x" not in page and "javascript:" not in page
    assert "&lt;img src=x onerror=" in page
    # search hits lead to the article's page, and to its story
    if hasattr(nl, "search"):
        found = client.get("/search?q=Busan").text
        hit = nl.search("Busan").articles[0]
        assert f'href="/articles/{hit.id}"' in found and f'href="/stories/{hit.story_id}#a-{hit.id}"' in found
    assert client.get("/articles/nope").status_code == 404
    assert client.get(f"/articles/{'x' * 300}").status_code == 404



def test_a_page_says_when_it_was_made(site):
    """A reader leaves the page open all morning: its footer says as of when (a new user's wish)."""
    import re

    page = site[0].get("/").text
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d">as of \d{4}-\d\d-\d\d \d\d:\d\d</time>',
                     page)


def _choices(html: str, select: str) -> list[tuple[str, str]]:
    """(value, label) of each option of the <select> with id `select`."""
    options = re.search(rf'<select id="{select}".*?</select>', html, re.S).group()
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', options)


def test_the_language_filter_offers_the_languages_of_the_store(tmp_path, embedder):
    """tester35: the filter offered any, Vietnamese and English only, in a store of French articles too
    (`/?lang=fr` worked when typed). It offers the languages stored, by name, and one stored since too."""
    import newsloom
    from test_watch import ARTICLES, LOSSES, LOSSES_TITLE

    with newsloom.open(tmp_path / "s.db", embedder=embedder, readers=0) as nl, \
            TestClient(create_app(nl)) as client:
        nl.add([{"title": title, "text": text, "source": "Wire"} for _, title, text in ARTICLES[:2]])
        assert _choices(client.get("/").text, "f-lang") == [("", "any"), ("en", "English"), ("vi", "Vietnamese")]
        nl.add({"title": LOSSES_TITLE, "text": LOSSES, "source": "Agence"})  # stored while the server runs
        held = [("", "any"), ("en", "English"), ("fr", "French"), ("vi", "Vietnamese")]
        assert _choices(client.get("/").text, "f-lang") == held
        assert _choices(client.get("/search?q=EVN").text, "s-lang") == held
        chosen = client.get("/?lang=fr").text
        assert '<option value="fr" selected>French</option>' in chosen and LOSSES_TITLE in chosen
        # a language asked for that no article is in stays chosen, and finds nothing
        assert ("de", "German") in _choices(client.get("/?lang=de").text, "f-lang")


def test_the_other_stories_of_a_storyline_are_listed_by_date(tmp_path, monkeypatch):
    """Tester 36: "Also in this storyline" listed 2026-06-18, 09-22, 11-05, then 10-09: by story id, the order
    the stories were first read in, not the order of their dates."""
    from datetime import date, datetime, time, timedelta, timezone

    import numpy as np

    import newsloom
    from newsloom.dedup import band_keys, signature
    from newsloom.model import Article
    from newsloom.store import SQLiteStore, StoryRow

    hanoi = timezone(timedelta(hours=7))
    days = {1: date(2026, 3, 16), 2: date(2026, 6, 18), 3: date(2026, 11, 5), 4: date(2026, 10, 9), 5: None}
    store = SQLiteStore(tmp_path / "line.db")
    with store.transaction():
        for sid in days:
            a = Article(id=f"a{sid}", origin=f"f{sid}.txt", title=f"Story {sid}", text=f"The text of story {sid}.",
                        lang="en", story_id=sid, embedding=np.zeros(4, dtype=np.float32))
            sig = signature(a.text)
            store.add_article(a, sig.tobytes(), b"", band_keys(sig))
            store.touch_story(sid)
        for sid, day in days.items():
            when = datetime.combine(day, time(9), hanoi) if day else None
            row = StoryRow(id=sid, headline=f"Story {sid}", summary=[], first_seen=when, last_seen=when,
                           article_count=1, languages={"en": 1}, sources=["Wire"], latest_seq=sid)
            store.save_story(row, {"story_id": sid, "headline": row.headline, "summary": [], "storyline_id": 1},
                             0, 0, (), None, [], None)
        for sid in (5, 4, 3, 2):
            store.join_storylines(sid, 1)
    store.close()
    with newsloom.open(tmp_path / "line.db") as nl, TestClient(create_app(nl)) as client:
        html = client.get("/stories/1").text
    part = html[html.index('id="h-storyline"'):]
    listed = [int(n) for n in re.findall(r'href="/stories/(\d+)"', part[:part.index("</section>")])]
    assert listed == [2, 4, 3, 5]  # oldest first, the undated last
    # more than a page lists: the ones nearest this story in time (tester36: the first read were listed)
    from newsloom.serve import pages as web

    monkeypatch.setattr(web, "LINE_SHOWN", 2)
    with newsloom.open(tmp_path / "line.db") as nl, TestClient(create_app(nl)) as client:
        html = client.get("/stories/3").text
    part = html[html.index('id="h-storyline"'):]
    listed = [int(n) for n in re.findall(r'href="/stories/(\d+)"', part[:part.index("</section>")])]
    assert listed == [2, 4] and "The whole storyline: 5 stories" in part


def test_a_day_without_its_time_is_that_day_on_the_timelines_clock():
    """tester39: a dateline's day ("TP.HCM, 21/10/2026 -"), stored as its midnight in UTC, was drawn at 07:00 on
    Hanoi's clock, and set the clock to UTC when it came first."""
    from datetime import UTC, datetime, timedelta, timezone

    from newsloom.digest import ArticleRef, Digest
    from newsloom.serve.timeline import _clock, _wall

    ict = timezone(timedelta(hours=7))
    assert _wall(datetime(2026, 10, 21, tzinfo=UTC), ict) == datetime(2026, 10, 21)
    assert _wall(datetime(2026, 10, 21, 3, tzinfo=UTC), ict) == datetime(2026, 10, 21, 10)
    d = Digest(story_id=1, headline="h", summary=[], articles=[
        ArticleRef("a1", "Lãi quý 3", "a.txt", None, "vi", datetime(2026, 10, 21, tzinfo=UTC)),
        ArticleRef("a2", "Q3 profit", "Wire", None, "en", datetime(2026, 10, 22, 8, tzinfo=ict))])
    assert _clock(d) == ict
