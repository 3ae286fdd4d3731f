"""HTML page to RawItem: trafilatura's main text and metadata, with a plain tag-stripping fallback."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree

from newsloom.ingest.decode import decode_bytes
from newsloom.model import Failure, RawItem
from newsloom.text.dates import DATELINE_MONTHS, parse_published

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_WORDS = re.compile(r"[^\W\d_]{2,}")  # a word of two letters or more
_ALNUM = re.compile(r"[^\W_]")
_OPEN_TITLE = re.compile(r"<title(?:\s[^>]*)?>", re.I)
_TAG = re.compile(r"<[a-zA-Z/!]")  # a tag's start ("A < B" in a title is text)
SHORT_TEXT = 300  # below this many characters, extraction may have been too strict: retry for recall
_DATE_PARAMS = {"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}
# not language data: HTML tag names
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
           "blockquote", "header", "footer", "pre", "table", "ul", "ol", "dd", "dt", "figcaption"}


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """Decode a page: the charset the server declared, else the page's <meta charset>, else detection."""
    if not declared:
        found = _META_CHARSET.search(data[:4096])
        declared = found.group(1).decode("ascii") if found else None
    return decode_bytes(data, declared)


def html_to_item(html: str, origin: str, url: str | None = None, notes: list[str] | None = None
                 ) -> RawItem | Failure:
    """Extract the article of one page; Failure only when no text at all can be found."""
    notes = list(notes or [])
    opened = _OPEN_TITLE.search(html)
    tag = m.start() if opened and (m := _TAG.search(html, opened.end())) else -1
    if tag > 0 and html[tag:tag + 7].lower() != "</title":  # the page up to the next </title> (an icon's, if
        html = f"{html[:tag]}</title>{html[tag:]}"  # any) would be its title, and its text lost
        notes.append("its <title> is never closed: closed before the next tag")
    doc = None
    try:
        doc = _extract(html, url)
    except Exception as err:  # trafilatura can trip on very broken markup; the fallback still runs
        notes.append(f"main-text extraction failed ({type(err).__name__}); tags stripped instead")
    text = (doc.text or "").strip() if doc is not None else ""
    title = (doc.title or "").strip() if doc is not None else ""
    if not text or not title:
        plain_title, plain_text = strip_tags(html)
        if not text and plain_text:
            text = plain_text
            notes.append("no main text found; used all the page's text")
        title = title or plain_title
    text = "\n".join(line for line in text.splitlines() if _ALNUM.search(line))  # drop stray "<", "*"
    if not _WORDS.search(text):
        return Failure(origin, "no article text found in HTML")
    if title and text.startswith(title):  # the headline repeated as the first line of the body
        text = text[len(title):].lstrip() or text
    page_url = (doc.url if doc is not None and doc.url else None) or url
    source = (doc.sitename if doc is not None and doc.sitename else None)
    if not source and page_url:
        source = urlsplit(page_url).hostname
    published = parse_published(doc.date) if doc is not None and doc.date else None
    if published is not None and find_date(html, url=url, extensive_search=False) is None:  # read in its text
        if published.timetuple()[1:6] == (1, 1, 0, 0, 0) and not _new_years_day(html, published.year):
            # a year alone: "closed since 2019"
            published = None
            notes.append("no publication date in the page (a year in its text is none)")
        else:
            notes.append(f"publication date guessed from the page's text: {published.date()}")
    if published is not None and published.tzinfo is None and published.time() == time():
        published = stated_time(html, published.date()) or published
    if not title:
        title = text.split("\n", 1)[0][:200]
        notes.append("no title in the page; used its first line")
    return RawItem(origin=origin, title=title, text=text, url=page_url, source=source,
                   published=published, notes=notes)


def _new_years_day(text: str, year: int) -> bool:
    """Whether `text` writes the first of January of `year` ("1/1/2024", "January 1, 2024", "1er janvier
    2024"), which a date read as a year alone would be too."""
    january = "|".join(re.escape(name) for name, month in DATELINE_MONTHS.items() if month == 1)
    return bool(re.search(
        rf"(?<!\d)0?1\s*[/.-]\s*0?1\s*[/.-]\s*{year}(?!\d)|{year}-01-01|(?i:(?:{january})\.?\s+0?1(?:st)?,?\s+{year}"
        rf"|(?<!\d)0?1(?:er|st|\.)?\s+(?:{january})\.?,?\s+{year})", text))


# where pages state their publication time, the surest first (not language data: HTML attributes)
_STATED = ("//meta[@property='article:published_time' or @name='article:published_time' or @itemprop='datePublished'"
           " or @name='pubdate' or @name='publish-date' or @property='og:published_time']/@content",
           "//*[@itemprop='datePublished']/@datetime", "//time[@datetime]/@datetime")


def stated_time(html: str, day: date) -> datetime | None:
    """The publication time the page states on `day` (its meta tags, JSON-LD `datePublished`, `<time
    datetime>`): htmldate keeps only the day of "2025-10-14T16:30:00+07:00"."""
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8"))  # bytes: a page may declare its encoding
    except (etree.ParserError, ValueError):
        return None
    meta, *others = (root.xpath(path) for path in _STATED)
    for value in [*meta, *_json_ld_dates(root), *(v for found in others for v in found)]:
        when = parse_published(value) if isinstance(value, str) and ("T" in value or ":" in value) else None
        if when is not None and when.date() == day and (when.time() != time() or when.tzinfo is not None):
            return when
    return None


def _json_ld_dates(root) -> list[str]:
    """The `datePublished` values of a page's JSON-LD blocks (an article, a list or an `@graph` of them)."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("datePublished"), str):
                found.append(node["datePublished"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for block in root.xpath("//script[@type='application/ld+json']/text()"):
        try:
            walk(json.loads(block))
        except ValueError:  # broken JSON-LD is common: the other places still count
            continue
    return found


def _extract(html: str, url: str | None):
    """trafilatura's balanced extraction; on a short result, its recall mode if that finds more."""
    options = {"url": url, "with_metadata": True, "include_comments": False, "include_tables": False,
               "date_extraction_params": _DATE_PARAMS}
    doc = trafilatura.bare_extraction(html, **options)
    if doc is None or len(doc.text or "") < SHORT_TEXT:
        wider = trafilatura.bare_extraction(html, favor_recall=True, **options)
        if wider is not None and len(wider.text or "") > len((doc.text or "") if doc is not None else ""):
            return wider
    return doc


def strip_tags(html: str) -> tuple[str, str]:
    """Title and visible text of a page, however broken, with block elements on their own lines."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return "", ""
    for el in root.xpath("//script|//style|//noscript|//template|//head/*[not(self::title)]"):
        el.drop_tree()
    title_el = root.find(".//title")
    title = " ".join(title_el.text_content().split()) if title_el is not None else ""
    if title_el is not None:
        title_el.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    text = "\n".join(line for line in lines if line)
    if not title:
        h1 = root.find(".//h1")
        title = " ".join(h1.text_content().split()) if h1 is not None else ""
    return title, text
