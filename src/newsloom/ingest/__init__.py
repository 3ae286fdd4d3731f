"""Read articles from files, folders, JSON/JSONL, HTML pages, URLs and RSS/Atom feeds.

`read_sources` is the one entry point: it yields a RawItem per article and a Failure per item that could
not be read, and never raises for bad input.
"""

from __future__ import annotations

import gzip
import math
import os
import re
import sys
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import closing
from pathlib import Path

from newsloom.ingest.decode import MAX_DAMAGED, MIN_DAMAGED, NotText, damaged_chars, repair_mojibake
from newsloom.ingest.feeds import read_feed
from newsloom.ingest.files import (
    STDIN,
    format_of,
    load_bytes,
    not_an_article,
    not_regular,
    open_jsonl,
    read_json,
    read_md,
    read_stream,
    read_txt,
    sniff_format,
    walk,
)
from newsloom.ingest.pages import decode_html, html_to_item
from newsloom.ingest.web import AddressPolicy, Fetched, Fetcher, page_kind
from newsloom.model import Failure, RawItem
from newsloom.settings import DEFAULTS, FetchSettings
from newsloom.text.normalize import cut_at_word

# not language data: the names this module exports
__all__ = ["AddressPolicy", "Fetcher", "checked", "expected_items", "page_item", "read_pages", "read_sources",
           "read_url", "same_file"]

Item = RawItem | Failure
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")  # two letters or more: "C:" is a drive, not a scheme
# a longer text is no article (a book, a database dump): refused, where reading it would take minutes (the
# stages cost about 25 s per million characters of English on one core, spaCy's entity model 15 s of it)
MAX_TEXT_CHARS = 2_000_000
MAX_TITLE_CHARS = 1000  # a longer title is cut to this, at a word (a file's first line may be a paragraph)
# fewer words (and letters) in the title and text together is no article (a stray line, a test post): it would
# be a story of its own and turn up in searches
MIN_WORDS, MIN_LETTERS = 5, 20
# fewer words in the text alone is stored with a note: a stray line or a teaser, too short to be compared with
# others ("Nội dung ngắn." under the title "Tòa xử vụ án" was a story of its own without a word said)
SHORT_TEXT_WORDS = 12
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")  # Chinese and Japanese, without spaces: a character a word


def read_sources(sources: Iterable[str], *, allow_private: bool = False, max_bytes: int = 20_000_000,
                 timeout: float = 20.0, store: Path | None = None, fetch: FetchSettings = DEFAULTS.fetch
                 ) -> Iterator[RawItem | Failure]:
    """Each source is a file, a folder, an http(s) page or feed URL, a local .rss/.atom/.xml feed, or "-":
    standard input (JSON Lines, or one plain-text article; see `read_stream`). A folder's files that are
    the `store`'s own (the file, its journal, its lock) are not read. `fetch`: how many of a feed's pages
    are fetched at once. A file is read once, however often it is given (by its path, in a folder given)."""
    own = {str(store) + end for end in ("", "-wal", "-shm", "-journal", ".lock")} if store else set()
    own = {os.path.realpath(p) for p in own}
    with Fetcher(AddressPolicy(allow_private=allow_private), max_bytes=max_bytes, timeout=timeout,
                 settings=fetch) as fetcher:
        seen: set[str] = set()
        for source in sources:
            path = os.path.realpath(source) if source != "-" and os.path.exists(source) else str(source)
            if path in seen:
                continue  # the same file or folder given twice is read once (tester40: its bad lines said twice)
            seen.add(path)
            yield from checked(str(source), lambda s=str(source): _read_source(s, fetcher, max_bytes, own, seen))


def expected_items(sources: Iterable[str]) -> int | None:
    """About how many items reading `sources` yields, for a progress bar: a JSON Lines file's lines, a feed
    file's entries, one for any other file; None when a source is a URL or standard input (unknown until read)."""
    total = 0
    seen: set[str] = set()  # each file counted once, as it is read once
    for source in sources:
        path = Path(source)
        if source == "-" or (_SCHEME.match(source) and not path.exists()):
            return None
        try:
            for file in walk(path, odd=True) if path.is_dir() else [path]:
                real = os.path.realpath(file)
                if real not in seen:
                    seen.add(real)
                    total += _items_in(file)
        except OSError:  # reading says what is wrong with it, item by item
            total += 1
    return total


def _items_in(path: Path) -> int:
    """A file's lines if JSON Lines, entries if a feed, else 1 (also when it cannot be read)."""
    kind = format_of(path)
    if kind not in ("jsonl", "feed"):
        return 1
    marks = (b"\n",) if kind == "jsonl" else (b"<item", b"<entry")
    count, last = 0, b"\n"
    try:
        with (gzip.open if path.suffix.lower() == ".gz" else open)(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                count += sum(chunk.count(m) for m in marks)
                last = chunk[-1:]
    except (OSError, EOFError, gzip.BadGzipFile):
        return 1
    return count + (kind == "jsonl" and last != b"\n")


def checked(origin: str, produce: Callable[[], Iterator[Item]]) -> Iterator[Item]:
    """What `produce` yields, each item checked as `read_sources` checks it (too long or too damaged text
    refused, mojibake repaired); an unexpected error becomes a Failure of `origin`."""
    for item in _guarded(origin, produce):
        yield from _guarded(item.origin, lambda i=item: iter([_finished(i)]))


def _finished(item: Item) -> Item:
    """An item as read, refused when its text is too long, too short or too damaged to be an article; text
    decoded in the wrong encoding (mojibake) repaired and a link that is not http(s) dropped, with a note."""
    if isinstance(item, Failure):
        return item
    size = len(item.title) + len(item.text)
    if size > MAX_TEXT_CHARS:
        return Failure(item.origin, f"text too long: {size / 1e6:.1f} million characters > "
                                    f"{MAX_TEXT_CHARS / 1e6:.0f} million, the most one article may have")
    if len(item.title) > MAX_TITLE_CHARS:  # a text pasted as the title: stories list it on screens of rows
        cut = cut_at_word(item.title, MAX_TITLE_CHARS)
        item.notes.append(f"title too long ({len(item.title):,} characters): cut to its first {len(cut)}")
        item.title = cut + "…"
    title, text = repair_mojibake([item.title, item.text])
    if (title, text) != (item.title, item.text):
        lost = title.count("\ufffd") + text.count("\ufffd") - item.title.count("\ufffd") - item.text.count("\ufffd")
        item.title, item.text = title, text
        item.notes.append("mojibake repaired (text that had been decoded in the wrong encoding)"
                          + (f": {lost} characters lost (U+FFFD)" if lost > 0 else ""))
        size = len(item.title) + len(item.text)
    if item.url and not item.url.lower().startswith(("http://", "https://")):  # "javascript:", "file:": no link
        item.notes.append(f"url ignored (not http or https): {item.url[:60]!r}")
        item.url = None
    if not any(c.isalpha() for c in item.text):
        return Failure(item.origin, "no words in the text (only numbers, symbols or control characters)")
    words = _words(item.title, MIN_WORDS)
    words += _words(item.text, MIN_WORDS - words)
    if words < MIN_WORDS and sum(c.isalpha() for c in f"{item.title}{item.text}") < MIN_LETTERS:
        return Failure(item.origin, f"too short: {words} word{'s' * (words != 1)}, title included (an article "
                                    f"needs {MIN_WORDS}, or {MIN_LETTERS} letters)")
    short = _words(item.text, SHORT_TEXT_WORDS)
    if short < SHORT_TEXT_WORDS and len(item.text) < MIN_LETTERS * 4 and not any(  # checked twice (REST, then
            n.startswith("a very short text") for n in item.notes):  # `Newsloom.add`): noted once
        item.notes.append(f"a very short text ({short} word{'s' * (short != 1)}): stored, but too short to be "
                          "compared well with other articles")
    damaged = damaged_chars(f"{item.title}\n{item.text}")
    if damaged > max(MIN_DAMAGED, MAX_DAMAGED * (size + 1)):
        shown = math.ceil(damaged / (size + 1) * 1000) / 10  # rounded up: never "2.0%, more than 2%"
        return Failure(item.origin, f"text too damaged: {shown:.1f}% of its characters are invalid bytes or "
                                    f"garbled encoding (more than {MAX_DAMAGED:.0%})")
    return item


def _words(text: str, enough: int) -> int:
    """Words with a letter, separated by spaces; in Chinese and Japanese, characters. (Thai, Lao or Khmer,
    also written without spaces, are left to the count of letters.) Counting stops at `enough`."""
    n = 0
    for token in text.split():
        if n >= enough:
            return n
        n += any(c.isalpha() for c in token)
    return n + len(_CJK.findall(text)) if n < enough else n


def _guarded(origin: str, produce: Callable[[], Iterator[Item]]) -> Iterator[Item]:
    """Turn an unexpected error into a Failure, so one bad source never stops the batch."""
    try:
        yield from produce()
    except Exception as err:  # noqa: BLE001 - the batch must go on; the user sees what broke
        yield Failure(origin, f"internal error while reading: {type(err).__name__}: {err}")


def _read_source(source: str, fetcher: Fetcher, max_bytes: int, own: set[str], seen: set[str]) -> Iterator[Item]:
    """The items of one source; a folder's files whose real paths are in `seen` (read already) are skipped,
    the others added to it."""
    path = Path(source)
    if source == "-":
        if sys.stdin is None:
            yield Failure(STDIN, "no standard input")
        else:
            yield from read_stream(sys.stdin.buffer, max_bytes)
    elif _SCHEME.match(source) and not path.exists():
        yield from read_url(source, fetcher)
    elif path.is_dir():
        for file in walk(path, odd=True):
            real = os.path.realpath(file)
            if real in own or real in seen:
                continue  # the store's own files, and files read already (given by their path, or in another folder given)
            seen.add(real)
            yield from _guarded(str(file), lambda f=file: _read_file(f, fetcher, max_bytes))
    elif path.exists():
        yield from _read_file(path, fetcher, max_bytes)
    else:
        yield Failure(source, "no such file or folder")


def _read_file(path: Path, fetcher: Fetcher, max_bytes: int) -> Iterator[Item]:
    origin = str(path)
    if not path.is_file():
        yield Failure(origin, not_regular(path))
        return
    if format_of(path) == "jsonl":
        yield from open_jsonl(path, max_bytes)
        return
    data = load_bytes(path, max_bytes)
    if isinstance(data, Failure):
        yield data
        return
    why = not_an_article(path, data[:8192])
    if why:
        yield Failure(origin, why)
        return
    kind = format_of(path) or sniff_format(data)
    if kind == "txt":
        yield _placed(read_txt(data, origin), path)
    elif kind == "md":
        yield _placed(read_md(data, origin), path)
    elif kind == "json":
        yield from read_json(data, origin)
    elif kind == "html":
        yield _placed(_html_item(data, None, origin, None), path)
    else:  # feed
        if not data.strip():
            yield Failure(origin, "empty file")
            return
        yield from read_feed(data, origin, lambda links: read_pages(links, fetcher))


_PART = re.compile(r"(?:[:#]\d+)?\Z")  # the line of a JSON Lines file, the record of a JSON array


def same_file(first: str, origin: str) -> bool:
    """Whether two origins are one item of one local file, written by two paths ("corp/a.jsonl:4" and
    "/home/me/corp/a.jsonl:4"), relative ones read from the current directory; no URL is a file."""
    if first == origin:
        return True
    a, b = _PART.search(first), _PART.search(origin)
    if a is None or b is None or a.group() != b.group() or "://" in first or "://" in origin:
        return False
    try:
        left, right = Path(first[:a.start()]), Path(origin[:b.start()])
        return left.is_file() and right.is_file() and left.samefile(right)
    except (OSError, ValueError):
        return False


def _placed(item: Item, path: Path) -> Item:
    """A file of one article: a later version of it is read from the same file (its full path)."""
    if isinstance(item, RawItem):
        item.place = str(path.resolve())
    return item


def read_url(url: str, fetcher: Fetcher) -> Iterator[Item]:
    """A page URL gives one item; a feed URL gives one per entry."""
    got = fetcher.fetch(url)
    if isinstance(got, Failure):
        yield got
        return
    if page_kind(got.content_type, got.body) == "feed":
        yield from read_feed(got.body, url, lambda links: read_pages(links, fetcher))
    else:
        yield _page_item(got, url)


def read_pages(links: Sequence[str | None], fetcher: Fetcher) -> Generator[Item | None, None, None]:
    """The pages at `links` (a feed's entries'), as items in the same order (None for None), fetched several
    at once (`Fetcher.fetch_many`) and each made an item here, in turn: trafilatura's extraction is not safe
    in threads (lxml). Close it to cancel the fetches it has under way."""
    with closing(fetcher.fetch_many(links)) as fetched:
        for link, got in zip(links, fetched, strict=True):
            if link is None or not isinstance(got, Fetched):  # no page, or a Failure
                yield got
            else:
                yield from _guarded(link, lambda got=got, link=link: iter([_page_item(got, link)]))


def page_item(got: Fetched, origin: str) -> Item:
    """A fetched page (HTML or plain text) as an item."""
    return _page_item(got, origin)


def _page_item(got: Fetched, origin: str) -> Item:
    kind = page_kind(got.content_type, got.body)
    if kind == "html":
        return _html_item(got.body, got.charset, origin, got.url)
    if kind == "text":
        item = read_txt(got.body, origin)
        if isinstance(item, RawItem):
            item.url = got.url
        return item
    return Failure(origin, f"not an article page (content type {got.content_type or 'unknown'})")


def _html_item(data: bytes, charset: str | None, origin: str, url: str | None) -> Item:
    try:
        html, notes = decode_html(data, charset)
    except NotText as err:
        return Failure(origin, str(err))
    return html_to_item(html, origin, url=url, notes=notes)
