"""The records that flow through newsloom: one `Article` per item, `Story` groups them."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

import numpy as np

if TYPE_CHECKING:
    from newsloom.cluster.lexical import Terms


def content_hash(title: str, text: str) -> str:
    """Stable id of an article's content: the same words give the same id, whatever the source."""
    norm = unicodedata.normalize("NFC", f"{title}\n{text}")
    norm = " ".join(norm.split()).casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:20]


def page_place(url: str | None) -> str | None:
    """Where a later version of a page is read from: its URL normalised by courlan (host in lower case,
    tracking parameters such as utm_source and fbclid dropped, the others sorted), without a fragment; None
    for a site's front page (its articles change, they are not versions of one another)."""
    if not url:
        return None
    from courlan import normalize_url  # 75 ms to import: only for articles with a URL

    try:
        parts = urlsplit(normalize_url(url, strict=False))
    except ValueError:  # "http://[::1": no page to read again
        return None
    if parts.path.strip("/") == "" and not parts.query:
        return None
    return urlunsplit(parts._replace(fragment=""))


def instant(published: datetime | None) -> datetime | None:
    """A publication time as a UTC instant, comparable with any other (`sorted((h for h in hits if
    h.instant), key=lambda h: h.instant)`): one without an offset read as UTC, as newsloom orders articles;
    `published` itself stays as the source wrote it, on its own clock. None for an article without one."""
    if published is None:
        return None
    return aware(published).astimezone(UTC)


def aware(published: datetime) -> datetime:
    """A time with a UTC offset: its own, or UTC's for one published without (a date alone, which is stored
    as its midnight, a dateline, an ISO time without an offset), the day and the clock as written: the same
    instant as `instant`, on the source's clock. How JSON writes every time (`render.jsonout.iso`), so that
    a script can compare any two."""
    return published if published.utcoffset() is not None else published.replace(tzinfo=UTC)


@dataclass
class RawItem:
    """What an ingester yields: the text of one article and what is known of where it came from."""

    origin: str  # the file path, "file.jsonl:LINE" or URL the item was read from
    title: str
    text: str
    url: str | None = None
    source: str | None = None  # outlet name or web domain
    published: datetime | None = None
    notes: list[str] = field(default_factory=list)  # repairs made while reading, e.g. bad bytes replaced
    place: str | None = None  # where a later version would be read from, when not the URL: a file's full path


@dataclass
class Failure:
    """An item that could not be read, and why, in words for the user."""

    origin: str
    reason: str


@dataclass
class Mention:
    """A named entity in an article's text or title."""

    text: str
    label: str  # PERSON, ORG or LOC
    start: int  # character offsets into the article's `field`
    end: int
    sentence: int = -1  # index into Article.sentences; -1 in the title
    entity: str | None = None  # canonical entity key, set by linking
    field: str = "text"  # what the offsets index: "text" or "title"


@dataclass
class Entity:
    key: str  # stable identifier, e.g. "PERSON:antony blinken"
    name: str  # canonical display name
    label: str
    aliases: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)  # alias -> weighted uses, to choose the display name


@dataclass
class EventDate:
    """A date the text talks about, resolved to the calendar."""

    day: date
    text: str  # the words in the text, e.g. "ngày 13/11"
    sentence: int = -1
    end: date | None = None  # for ranges such as "14-15 tháng 7"


@dataclass
class Quote:
    text: str
    speaker: str | None  # speaker as written
    sentence: str  # the evidence sentence
    entity: str | None = None  # canonical entity key of the speaker
    near: bool = True  # the speaker is named at the quote, not taken from a title, a pronoun or the clause


@dataclass
class Amount:
    text: str  # as written: "$8 billion", "8 tỷ USD"
    value: float  # numeric value in units
    unit: str  # currency code (USD, VND, EUR ...) or a counted noun ("people", "người")
    kind: str  # "money", "count", "percent" or "points" (a change of a rate, in percentage points)
    sentence: str


@dataclass
class Claim:
    """One atomic fact an article states, with the sentence that says it.

    Claims from different articles with the same `slot` are about the same thing and are compared by `value`.
    """

    kind: str  # "role", "meeting", "amount", "duration", "result", "quote" or "attribution"
    slot: str  # language-independent key of what is claimed, e.g. "role:nato/secretary-general"
    value: str  # normalised value compared across sources: an entity key, "8e9 USD", "P1Y<" ...
    text: str  # the value as written in the article
    sentence: int  # index into Article.sentences of the evidence sentence
    subject: str | None = None  # canonical entity key the claim is about, when there is one
    detail: str = ""  # readable description of the slot in English, e.g. "NATO Secretary General"


@dataclass
class Article:
    id: str
    origin: str
    title: str
    text: str
    url: str | None = None
    source: str | None = None
    published: datetime | None = None
    lang: str | None = None
    lang_confidence: float = 0.0
    sentences: list[str] = field(default_factory=list)
    event_dates: list[EventDate] = field(default_factory=list)
    embedding: np.ndarray | None = None
    minhash: np.ndarray | None = None  # MinHash signature of the text (dedup.signature), for copies and rewrites
    terms: Terms | None = None  # hashed words of the title and text (cluster.lexical), compared and stored
    notes: list[str] = field(default_factory=list)  # what reading it changed, for the run's report
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    copy_of: str | None = None  # id of the article this one copies (exact or near duplicate)
    # probability that this article tells the same event as each story member (by id) it was compared with
    # on joining its story: the clusterer's pair model, kept so that sources compared can use it later
    same_event: dict[str, float] = field(default_factory=dict)
    story_id: int | None = None
    seq: int = 0  # arrival order in the store
    # where a later version of this article would be read from (its URL or file), None when nothing tells
    # (a record without a URL, standard input); the earlier version read from there that this one replaces,
    # and (as the store reads it) the later version that replaces this one
    place: str | None = None
    revises: str | None = None
    revised_by: str | None = None

    @property
    def language(self) -> str:
        """The language's code without its region ("pt" of "pt-BR"), "en" when unknown."""
        return (self.lang or "en").split("-")[0]

    @classmethod
    def from_raw(cls, item: RawItem) -> Article:
        return cls(
            id=content_hash(item.title, item.text),
            origin=item.origin,
            title=item.title,
            text=item.text,
            url=item.url,
            source=item.source,
            published=item.published,
            place=page_place(item.url) or item.place,
            notes=list(item.notes),
        )

    @property
    def current(self) -> bool:
        """Not replaced by a later version read from the same place."""
        return self.revised_by is None

    @property
    def entity_keys(self) -> set[str]:
        return {m.entity for m in self.mentions if m.entity}


def originals(articles: list[Article]) -> list[Article]:
    """The current articles of the list that copy no other article of it: a copy whose original is not in
    the list stands for that original once, and a new version that is a near copy of the version it
    replaced is its own original (a copy of that replaced version is still a copy)."""
    ids = {a.id for a in articles}
    return [a for a in articles
            if a.current and (not a.copy_of or a.copy_of not in ids or a.copy_of == a.revises)]


class PublishedSpan:
    """`first_published` and `last_published`: a row's `first_seen` and `last_seen` by the names a digest and
    the REST API give them."""

    first_seen: datetime | None
    last_seen: datetime | None

    @property
    def first_published(self) -> datetime | None:
        return self.first_seen

    @property
    def last_published(self) -> datetime | None:
        return self.last_seen


@dataclass
class Story(PublishedSpan):
    id: int
    article_ids: list[str] = field(default_factory=list)
    headline: str = ""
    summary: list[str] = field(default_factory=list)
    storyline_id: int | None = None
    first_seen: datetime | None = None  # the first and latest publication of its articles
    last_seen: datetime | None = None
