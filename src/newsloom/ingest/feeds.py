"""RSS/Atom feeds to RawItems: each entry's linked page, else the entry's own text."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

import feedparser

from newsloom import lang
from newsloom.ingest.pages import strip_tags
from newsloom.ingest.web import MAX_URL_CHARS
from newsloom.model import Failure, RawItem
from newsloom.text.dates import parse_published
from newsloom.text.folding import fold_keep_offsets

MIN_SUMMARY_WORDS = 20  # a feed summary shorter than this is a teaser, not the article
FULL_TEXT_WORDS = 150  # an entry's content this long is the whole article: its page is not fetched (in a
# saved feed file, content or description of MIN_SUMMARY_WORDS is: the file was given, not the pages)


_SECTIONS = frozenset(" ".join(fold_keep_offsets(w).split()) for w in lang.words("common", "feed_sections"))


def outlet_name(feed_title: str | None, site: str | None = None) -> str | None:
    """The outlet a feed is of, from its title without its section ("Saigon Ledger | Health" is "Saigon
    Ledger", "World news | The Guardian" is "The Guardian"): the part of the title the site's address is named
    after (`site`, the feed's link), so that an outlet's feeds count as one source; else the one part that is no
    section's name ("Nhịp Sống Thủ Đô - Sức khỏe", served from another host); else the whole title."""
    title = " ".join((feed_title or "").split())
    host = re.sub(r"[^a-z0-9]", "", (urlsplit(site or "").hostname or "").lower())
    parts = re.split(r"\s+[|\-–—»:]\s+", title)
    named = [part for part in parts if " ".join(fold_keep_offsets(part).lower().split()) not in _SECTIONS]
    for part in named:  # not a section a site's address names ("Kinh doanh" of kinhdoanh.vnexpress.net)
        if host and any(len(name) >= 3 and name in host for name in _host_names(part)):
            return part
    return named[0] if len(named) == 1 and len(parts) > 1 else title or None  # "Nhịp Sống Thủ Đô - Sức khỏe"


def _host_names(part: str) -> list[str]:
    """How a site's address may write a feed title's part: its letters, or its first words whole and the rest
    by their initials ("Nhịp Sống Doanh Nghiệp": "nhipsongdoanhnghiep", ..., "nhipsongdn", "nsdn")."""
    words = [re.sub(r"[^a-z0-9]", "", w) for w in fold_keep_offsets(part).lower().split()]
    words = [w for w in words if w]
    return ["".join(words[:k]) + "".join(w[0] for w in words[k:]) for k in range(len(words), -1, -1)]


# reads the pages at the given links, in their order, as items (None for None: no page to read); closed, it
# cancels the reading of the pages not given yet
ReadPages = Callable[[Sequence[str | None]], Generator[RawItem | Failure | None, None, None]]


def read_feed(data: bytes, origin: str, read_pages: ReadPages) -> Iterator[RawItem | Failure]:
    """Yield one item per entry of the feed in `data`, in the feed's order; `read_pages` reads the entries'
    links (`page_link`), several at once if it likes."""
    feed = feedparser.parse(data)
    if not feed.entries:
        if feed.bozo:
            yield Failure(origin, f"not a valid RSS/Atom feed ({_short(feed.bozo_exception)})")
        else:
            yield Failure(origin, "feed has no entries")
        return
    feed_title = outlet_name(feed.feed.get("title"), feed.feed.get("link"))
    broken = f"; the feed is malformed ({_short(feed.bozo_exception)})" if feed.bozo else ""
    saved = not origin.lower().startswith(("http://", "https://"))
    with closing(read_pages([page_link(entry, saved) for entry in feed.entries])) as pages:
        for index, (entry, page) in enumerate(zip(feed.entries, pages, strict=True)):
            item = _entry_item(entry, *entry_at(origin, entry, index), feed_title, page, saved)
            yield replace(item, reason=item.reason + broken) if broken and isinstance(item, Failure) else item


def feed_entries(data: bytes, origin: str) -> tuple[str | None, list[tuple[str, object]], str | None] | Failure:
    """The feed's title, its entries, each with its key (`entry_key`), first seen first among equal keys, and
    what is wrong with it if it is malformed (None if not); a Failure when `data` is no RSS/Atom feed (an
    empty feed is no failure)."""
    feed = feedparser.parse(data)
    if not feed.entries and (feed.bozo or not feed.get("version")):
        return Failure(origin, f"not a valid RSS/Atom feed ({_short(feed.bozo_exception)})" if feed.bozo
                       else "not an RSS/Atom feed")
    title = outlet_name(feed.feed.get("title"), feed.feed.get("link"))
    keyed = {}
    for entry in feed.entries:
        keyed.setdefault(entry_key(entry), entry)
    return title, list(keyed.items()), f"the feed is malformed ({_short(feed.bozo_exception)})" if feed.bozo else None


def entry_key(entry) -> str:
    """What identifies a feed entry across fetches: its id (guid), else its link, else a hash of its title
    and text."""
    key = (entry.get("id") or entry.get("link") or "").strip()
    if key:
        return key
    text = f"{entry.get('title') or ''}\n{_entry_text(entry)}"
    return "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()


def entry_at(feed: str, entry, index: int) -> tuple[str, str | None]:
    """Where an entry without a link of its own is read from, and its place (where its later versions come
    from): "<feed>#<entry id>"; an entry known only by its text is "<feed>#<position>", with no place."""
    key = entry_key(entry)
    return (f"{feed}#{index}", None) if key.startswith("sha1:") else (f"{feed}#{key}", f"{feed}#{key}")


def updated_since(entry, when: datetime) -> bool:
    """Whether the feed says the entry was updated after `when`: an update time other than its publication
    time, and later (as the feed writes them: feedparser's `get("updated")` falls back to the publication
    time)."""
    updated, published = dict.get(entry, "updated_parsed"), dict.get(entry, "published_parsed")
    if not updated or updated == published:
        return False
    return datetime(*updated[:6], tzinfo=UTC) > when


def entry_item(entry, entry_origin: str, place: str | None, feed_title: str | None,
               page: RawItem | Failure | None) -> RawItem | Failure:
    """One entry as an item: its own content if it is the whole article (`FULL_TEXT_WORDS`), else its linked
    page, else its own text (`MIN_SUMMARY_WORDS` or more); `page`: the page at its `page_link` as read (None
    when it has none); `entry_origin` and `place`: where an entry without a link is read from, and its later
    versions (`entry_at`)."""
    return _entry_item(entry, entry_origin, place, feed_title, page)


def page_link(entry, saved: bool = False) -> str | None:
    """The address of the page an entry is read from, or None: its own text is the whole article (content of
    FULL_TEXT_WORDS; in a saved feed file, `saved`, its content or description of MIN_SUMMARY_WORDS: the file
    was given, offline, not the pages), or it has no link to open."""
    link = _link(entry)
    return link if link and not _whole(entry, saved) else None


def _link(entry) -> str:
    """The entry's link if it is a page's address: not an Atom id ("urn:…") feedparser gives as link."""
    link = (entry.get("link") or "").strip()
    return link if link.lower().startswith(("http://", "https://")) and len(link) <= MAX_URL_CHARS else ""


def _whole(entry, saved: bool) -> bool:
    whole = _entry_text(entry) if saved else _entry_text(entry, content_only=True)
    return len(whole.split()) >= (MIN_SUMMARY_WORDS if saved else FULL_TEXT_WORDS)


def _entry_item(entry, entry_origin: str, place: str | None, feed_title: str | None,
                page: RawItem | Failure | None, saved: bool = False) -> RawItem | Failure:
    """An entry as an article: its own text when that is the whole article (`page_link`), else its page (as
    read, `page`), else its own text if it is no teaser."""
    written, link = (entry.get("link") or "").strip(), _link(entry)
    title = " ".join((entry.get("title") or "").split())
    published = _entry_date(entry)
    summary = _entry_text(entry)
    if _whole(entry, saved):  # the whole article: no page to read
        return RawItem(origin=link or entry_origin, title=title, text=summary, url=link or None, source=feed_title,
                       published=published, place=None if link else place)
    if link:
        if page is None:  # a caller's slip: not asked for the page of `page_link`
            page = Failure(link, "page not read")
        if isinstance(page, RawItem):
            page.origin = link
            if not page.title or any(n.startswith("no title") for n in page.notes):
                page.title = title or page.title
            page.published = page.published or published
            page.source = page.source or feed_title
            return page
        problem = page.reason
    else:  # no link, or one not to open ("javascript:", "file:", an Atom id)
        scheme = written.split(":", 1)[0].lower() if ":" in written else ""
        problem = (f"entry's link is too long ({len(written):,} characters)" if len(written) > MAX_URL_CHARS else
                   f"entry's link is not http(s) ({scheme}:)" if scheme.isalpha() else "entry has no link")
    if len(summary.split()) >= MIN_SUMMARY_WORDS:
        return RawItem(origin=link or entry_origin, title=title, text=summary, url=link or None,
                       source=feed_title, published=published, place=None if link else place,
                       notes=[f"page not read ({problem}); used the feed's own text"])
    return Failure(link or entry_origin, f"{problem}; the feed entry has no text of its own")


def _entry_date(entry) -> datetime | None:
    """The entry's date as written, with its own offset (08:00 +07:00 stays 08:00 +07:00, as a page's date
    does); else feedparser's reading of it, which it gives in UTC."""
    for key in ("published", "updated"):
        written = parse_published(entry.get(key)) if entry.get(key) else None
        if written is not None and written.tzinfo is not None:
            return written
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime(*parsed[:6], tzinfo=UTC) if parsed else None


def _entry_text(entry, content_only: bool = False) -> str:
    """The longest of the entry's content and summary (`content_only`: of its content), as plain text."""
    candidates = [c.get("value", "") for c in entry.get("content", [])] + ([] if content_only else [entry.get("summary", "")])
    texts = []
    for value in candidates:
        if not value or not value.strip():
            continue
        texts.append(strip_tags(f"<div>{value}</div>")[1] if "<" in value else value.strip())
    return max(texts, key=len, default="")


def _short(err: object) -> str:
    return re.sub(r"\s+", " ", str(err))[:160]
