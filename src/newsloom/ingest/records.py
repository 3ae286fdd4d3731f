"""One JSON record (a dict) to a RawItem, its date read by `text.dates.parse_published` (one in the future
is dropped by the dates stage)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from newsloom.model import Failure, RawItem
from newsloom.text.dates import parse_published

_TITLE_KEYS = ("title", "headline")
_TEXT_KEYS = ("text", "content", "body", "article")
_URL_KEYS = ("url", "link")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# not language data: the JSON field names a record's date is read from, as exports write them
_DATE_KEYS = ("published", "date", "published_at", "pubDate", "datetime", "time")
_SOURCE_KEYS = ("source", "outlet", "sitename", "site")


def is_record(value: Any) -> bool:
    """Whether `value` reads as an article record: a JSON object with a title or a text (or a synonym)."""
    return isinstance(value, dict) and any(k in value for k in _TITLE_KEYS + _TEXT_KEYS)


def record_to_item(record: Any, origin: str) -> RawItem | Failure:
    """Read the fields title, text, url, published and source (and common synonyms) of one record."""
    if not isinstance(record, dict):
        return Failure(origin, f"not a JSON object (found {type(record).__name__})")
    text = _first_str(record, _TEXT_KEYS)
    if not text:
        other = next((k for k in _TEXT_KEYS if record.get(k) is not None and not isinstance(record[k], str)), None)
        return Failure(origin, f"record's {other!r} is not text (found {type(record[other]).__name__})" if other
                       else "record has no text")
    notes: list[str] = []
    title = _first_str(record, _TITLE_KEYS)
    if not title:
        notes.append("record has no title: its first sentence is shown for one")
    published = None
    raw_date = next((record[k] for k in _DATE_KEYS if record.get(k) not in (None, "")), None)
    if raw_date is not None:
        published = parse_published(raw_date)
        if published is None:
            notes.append(f"date not understood: {str(raw_date)[:60]!r}")
    source = record.get("source")
    if isinstance(source, dict):  # e.g. {"name": "VnExpress", "url": ...}
        source = source.get("name") or source.get("title")
    source = source if isinstance(source, str) and source.strip() else _first_str(record, _SOURCE_KEYS[1:])
    url = _first_str(record, _URL_KEYS).strip() or None
    if url and _CONTROL.search(url):  # no address has them (and a database's text cannot hold a NUL)
        notes.append(f"url has control characters, left out: {url[:60]!r}")
        url = None
    source = _CONTROL.sub("", source) if isinstance(source, str) else source
    if not source.strip() and url:  # the site, as for a page: two of its articles are one source, not two
        source = _host(url)
    return RawItem(
        origin=origin,
        title=title.strip(),
        text=text.strip(),
        url=url,
        source=source.strip() if source else None,
        published=published,
        notes=notes,
    )


def _host(url: str) -> str:
    """The host of a URL ("https://www.example.org/a" -> "www.example.org"), or "" for none or a bad one."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def _first_str(record: dict, keys: tuple[str, ...]) -> str:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return ""


