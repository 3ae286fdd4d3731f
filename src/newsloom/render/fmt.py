"""Small text helpers shared by the renderers."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from functools import cache
from typing import Any

LABEL_NAMES = {"PERSON": "People", "ORG": "Organisations", "LOC": "Places", "EVENT": "Storms"}


def when(d: date | datetime | None, offset: bool = True) -> str:
    """"2024-07-10 14:05 +07" for a datetime (seconds dropped; its UTC offset, where it was published, if
    known and `offset`), "2024-07-10" for a date or a midnight, "" for None."""
    if d is None:
        return ""
    if isinstance(d, datetime):
        if (d.hour, d.minute) == (0, 0):
            return d.strftime("%Y-%m-%d")
        zone = utc_offset(d) if offset else ""
        return d.strftime("%Y-%m-%d %H:%M") + (f" {zone}" if zone else "")
    return d.isoformat()


def utc_offset(d: datetime) -> str:
    """"+07", "-04:30", "UTC"; "" for a time without an offset."""
    delta = d.utcoffset()
    if delta is None:
        return ""
    minutes = int(delta.total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    sign, minutes = ("+" if minutes > 0 else "-"), abs(minutes)
    return f"{sign}{minutes // 60:02d}" + (f":{minutes % 60:02d}" if minutes % 60 else "")


def span(start: date | datetime | None, end: date | datetime | None) -> str:
    """"2024-07-10 14:05 → 2024-07-11 09:00 +07": both ends on the first one's clock, its offset written once;
    beside a time with an offset, one without says so ("2025-05-26 22:30 (no offset) → 2025-05-27 10:00 +07")."""
    both = isinstance(start, datetime) and isinstance(end, datetime)
    moved = end
    if both and start.utcoffset() is not None and end.utcoffset() is not None:
        moved = end.astimezone(start.tzinfo)
    b = when(moved)
    if moved is not end and len(when(end)) > 10:  # a time as published stays a time on the other clock
        b = moved.strftime("%Y-%m-%d %H:%M") + f" {utc_offset(moved)}"
    same = both and start.utcoffset() == moved.utcoffset() and len(b) > 10  # the offset written after b
    a = when(start, offset=not same)
    if not b or a == b or when(start) == b:
        return when(start)
    if both and not same:
        a, b = _unzoned(start, a), _unzoned(end, b)
    return f"{a} → {b}"


def _unzoned(d: datetime, text: str) -> str:
    """The time's text, marked when it has no offset (a midnight is a date and needs none)."""
    return f"{text} (no offset)" if d.utcoffset() is None and (d.hour, d.minute) != (0, 0) else text


def amount_value(value: float, unit: str) -> str:
    number = f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.2f}"
    return f"{number} {unit}"


def origin_shown(origin: str, most: int = 200) -> str:
    """Where an item came from, shortened to `most` characters for a terminal line (a URL of 70,000
    characters would fill the screen): its start and end, with "…" between."""
    return origin if len(origin) <= most else f"{origin[:most - 41]}…{origin[-40:]}"


def short_id(article_id: str) -> str:
    return article_id[:8]


def copied_from(articles: list, article_id: str) -> str:
    """The source (or short id) of the article with this id, to say what a copy copies."""
    for a in articles:
        if a.id == article_id:
            return a.source or short_id(a.id)
    return short_id(article_id)


def repeats(a) -> bool:
    """Whether a digest's article repeats what the story reads elsewhere: an earlier version (replaced by a
    later one read from the same URL or file) or a copy of another source's article."""
    return bool(a.revised_by or a.copy_of)


def article_note(articles: list, a) -> str:
    """What the story's list of articles says of one: "earlier version", "new version", "copy of …"."""
    if a.revised_by:
        return "earlier version, replaced"
    note = "new version" if a.revises else ""
    if a.copy_of:  # never the version a new one replaces (`digest.copied`)
        note = ", ".join(x for x in (note, f"copy of {copied_from(articles, a.copy_of)}") if x)
    return note


def safe_url(url: str | None) -> str | None:
    """The URL if it is plain http(s), else None: never link javascript: or data: URLs from articles."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


STATUS_TITLES = {"conflict": "Conflicts", "record": "Contradicts the record of office holders",
                 "agreed": "Agreed", "single": "Single source",
                 "unclear": "Differ, not a contradiction"}  # each finding says why (Finding.why)


def plural(n: int, word: str, words: str | None = None) -> str:
    """"1 story", "2 stories", "0 articles": the count and the noun it takes (`words`: an irregular plural)."""
    return f"{n:,} {noun(n, word, words)}"


def noun(n: int, word: str, words: str | None = None) -> str:
    """The noun alone, singular for 1 and plural otherwise, for when the count is written apart."""
    return word if n == 1 else words or word + "s"


def sources_note(n: int) -> str:
    return plural(n, "independent source")


def event_basis(compared) -> str:
    """"event date 2024-11-13 (publication date)" for a Comparison."""
    if compared.event_date is None:
        return "event date unknown"
    return f"event date {compared.event_date.isoformat()} ({compared.date_basis})"


# not language data: the combining marks of Vietnamese tones and vowels (Unicode code points)
_VI_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"}


def looks_vietnamese(text: str) -> bool:
    """Whether the text carries Vietnamese letters or tone marks (đ, ơ, ư, ạ, ả ...)."""
    return "đ" in text.lower() or any(c in _VI_MARKS for c in unicodedata.normalize("NFD", text))


@cache
def language_name(code: str) -> str:
    """A language's name in English, from CLDR ("fr" -> "French"); the code itself when CLDR has none."""
    import babel  # imported when needed: the terminal's renderers never pay for it

    return babel.Locale("en").languages.get(code) or code


def text_lang(text: str | None, langs: Any = None) -> str | None:
    """The language of a piece of text, for its `lang` attribute: the only language it can be in, or
    Vietnamese/English told apart by Vietnamese letters; None when unsure."""
    known = [x for x in (langs or []) if x and x != "und"]
    if len(known) == 1:
        return known[0]
    if not text:
        return None
    vi = looks_vietnamese(text)
    if vi and (not known or "vi" in known):
        return "vi"
    if not vi and (not known or "en" in known) and sum(c.isascii() for c in text) >= 0.97 * len(text):
        return "en"
    return None


def quoted(text: str) -> str:
    """`text` in curly double quotes, the quotation marks inside it made single ('“Bến mới …,” ông Khoa nói' ->
    “‘Bến mới …,’ ông Khoa nói”): an evidence sentence that quotes someone shows one pair of each."""
    inner, opening = [], True
    for ch in text:
        if ch == '"':
            inner.append("‘" if opening else "’")
            opening = not opening
        else:
            inner.append({"“": "‘", "”": "’"}.get(ch, ch))
    return f"“{''.join(inner)}”"
