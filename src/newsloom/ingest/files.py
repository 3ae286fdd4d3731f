"""Local files to RawItems: folder walking, size and encoding guards, and the .txt/.md/.json/.jsonl formats."""

from __future__ import annotations

import errno
import gzip
import io
import itertools
import json
import os
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from newsloom.ingest.decode import (
    WIDE_BOMS,
    NotText,
    bad_bytes_note,
    binary,
    decode_bytes,
    utf8_with_replacement,
)
from newsloom.ingest.records import is_record, record_to_item
from newsloom.model import Failure, RawItem
from newsloom.text.dates import DATELINE_MONTHS, parse_published
from newsloom.text.dates import dateline as opening_dateline
from newsloom.text.folding import casefold_words

Item = RawItem | Failure


def walk(folder: Path, odd: bool = False, _seen: set[str] | None = None) -> Iterator[Path]:
    """Every regular file under `folder`, recursively (into linked folders too, each once, never one above),
    in path order, skipping hidden files and folders; with `odd`, the entries that are no file (a pipe, a
    device, a link to nothing), to be reported."""
    seen = _seen if _seen is not None else {os.path.realpath(folder)}
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:  # a link that loops
            is_dir = False
        if is_dir:
            real = os.path.realpath(entry.path)
            inside = entry.is_symlink() and any(  # a link to a folder read already, inside one or above one
                real.startswith(s.rstrip(os.sep) + os.sep) or s.startswith(real.rstrip(os.sep) + os.sep) for s in seen)
            if real not in seen and not inside:
                seen.add(real)
                yield from walk(Path(entry.path), odd, seen)
        elif odd or _is_file(entry):
            yield Path(entry.path)


def _is_file(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def not_regular(path: Path) -> str:
    """Why a path read as a file is none: a link that loops or leads to nothing, a pipe, a socket or a device."""
    if path.is_symlink() and not path.exists():
        try:
            os.stat(path)
        except OSError as err:
            if err.errno == errno.ELOOP:
                return "a link that loops (it leads back to itself)"
        return "a link to nothing"
    return "not a regular file (a pipe, a socket or a device)"


def format_size(n: int | float) -> str:
    """A size for people: bytes, kB or MB (decimal units)."""
    if n < 1000:
        return f"{int(n)} bytes"
    return f"{n / 1e3:.1f} kB" if n < 1e6 else f"{n / 1e6:.1f} MB"


def too_large(size: int | float, max_bytes: int, what: str = "file") -> str:
    return f"{what} too large: {format_size(size)} > {format_size(max_bytes)} limit (--max-bytes)"


def load_bytes(path: Path, max_bytes: int) -> bytes | Failure:
    """The file's bytes (decompressed for .gz), refusing files over max_bytes before reading them."""
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Failure(origin, too_large(size, max_bytes))
        if path.suffix.lower() == ".gz":
            with gzip.open(path, "rb") as fh:
                data = fh.read(max_bytes + 1)
            if len(data) > max_bytes:
                return Failure(origin, f"file too large: over {format_size(max_bytes)} once decompressed "
                                       "(--max-bytes)")
            return data
        return path.read_bytes()
    except (OSError, EOFError) as err:  # gzip.BadGzipFile is an OSError
        return Failure(origin, f"cannot read file: {err.strerror or err}" if isinstance(err, OSError)
                       else f"cannot read file: {err}")


# not language data: the first bytes of formats that hold no article, and what each is
_SIGNATURES = ((b"%PDF-", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"),
               (b"\xff\xd8\xff", "a JPEG image"), (b"PK\x03\x04", "a ZIP archive or office document"),
               (b"\x7fELF", "a program"))
_TABLES = (".csv", ".tsv")  # not language data: file name extensions of tables


def not_an_article(path: Path, head: bytes) -> str | None:
    """Why a file that begins with `head` holds no article (a PDF, an image, a table, binary data), or None."""
    what = next((what for magic, what in _SIGNATURES if head.startswith(magic)), None)
    if what:
        return f"not an article: {what}"
    if _suffix(path) in _TABLES:
        return f"not an article: a table ({_suffix(path)}); articles are read from text, Markdown, HTML, JSON, " \
               "JSON Lines and feeds"
    return "binary file (not text)" if binary(head) else None


def _suffix(path: Path) -> str:
    """The file's last suffix, lowercase, ignoring a trailing .gz ("" when none)."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def format_of(path: Path) -> str:
    """The format named by the file's suffix (ignoring a trailing .gz), or '' when unknown."""
    # not language data: file name extensions
    return {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
            ".xhtml": "html", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".rss": "feed",
            ".atom": "feed", ".xml": "feed"}.get(_suffix(path), "")


def sniff_format(data: bytes) -> str:
    """Guess a format from the first bytes, for files with no telling suffix."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed" if (b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head) else "html"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    if head.startswith((b"{", b"[")):
        return "json"
    return "txt"


def read_txt(data: bytes, origin: str) -> Item:
    """Plain text: front matter as in Markdown if any (`source`, `published`/`date`, `url`, `title`), then the first
    non-empty line is the title (unless the front matter gives it), the rest the text."""
    try:
        text, notes = decode_bytes(data)
    except NotText as err:
        return Failure(origin, str(err))
    meta, text = _front_matter(text.replace("\r\n", "\n").lstrip("\n"))
    title, _, body = text.strip().partition("\n")
    if meta.get("title"):
        title, body = meta["title"], text
    if not body.strip():
        return Failure(origin, "only one line (a title) and no text")
    return RawItem(origin=origin, title=title.strip(), text=body.strip(), notes=notes,
                   **_from_front_matter(meta, body.strip(), notes))


def dateline(text: str, notes: list[str] | None = None) -> datetime | None:
    """The publication day a dateline opening `text` gives ("Quảng Ngãi, 31/10/2024 - …"), or None. A wire's
    dateline without a year ("HANOI, Oct 18 -") is of the last such day up to tomorrow, said in `notes`."""
    m = opening_dateline(text)
    if m is None:
        return None
    if m["d1"] or m["d7"]:
        day, month, year = int(m["d1"] or m["d7"]), int(m["m1"] or m["m7"]), m["y1"]
        day, month = (month, day) if month > 12 >= day else (day, month)  # "10/25/2024": month first
    elif m["d2"]:
        day, month, year = int(m["d2"]), int(m["m2"]), m["y2"]
    else:  # a month's name: "Oct 15, 2026", "4 novembre 2026", "Oct 18"
        day, year = int(m["d3"] or m["d4"] or m["d5"] or m["d6"]), m["y3"] or m["y4"]
        month = DATELINE_MONTHS[(m["mon3"] or m["mon4"] or m["mon5"] or m["mon6"]).lower()]
    if year is None:
        year = _last_year_of(month, day)
        if year is None:
            return None
        if notes is not None:
            notes.append(f"the dateline gives no year: read as {year}, the last {day}/{month} not in the future")
    return parse_published(f"{year}-{month:02d}-{day:02d}")  # None where no such day, or a year out of range


def _last_year_of(month: int, day: int) -> int | None:
    """The year of the last `month`/`day` not in the future (a wire's dateline read as the news arrives; tomorrow
    too, for time zones), or None where no year has such a day."""
    today = datetime.now(UTC).date()
    for year in range(today.year + 1, today.year - 8, -1):
        try:
            if date(year, month, day) <= today + timedelta(days=1):
                return year
        except ValueError:
            continue  # "29/2" in a year with no such day
    return None


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_ATX = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_SETEXT = re.compile(r"^(\S.*)\n(=+|-+)[ \t]*$", re.M)
_MD_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # inline links
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])([*_])(\S(?:.*?\S)?)\1(?![\w*])"), r"\2"),  # italics
    (re.compile(r"`([^`]*)`"), r"\1"),  # inline code
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),  # inline HTML tags
]
_MD_BLOCK = [
    (re.compile(r"^```.*$|^~~~.*$", re.M), ""),  # code fences
    (re.compile(r"^\s*\[[^\]]+\]:\s+\S+.*$", re.M), ""),  # link reference definitions
    (re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M), r"\1"),  # ATX headings
    (re.compile(r"^(=+|-+)[ \t]*$", re.M), ""),  # setext underlines and horizontal rules
    (re.compile(r"^\s*([*_])(\s*\1){2,}\s*$", re.M), ""),  # other horizontal rules
    (re.compile(r"^[ \t]*>[ \t]?", re.M), ""),  # block quotes
    (re.compile(r"^[ \t]*[-*+][ \t]+", re.M), ""),  # bullets
    (re.compile(r"\n{3,}"), "\n\n"),
]


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """The `key: value` lines between two `---` lines opening `text` (keys lowercase), and the text after them."""
    front = _FRONT_MATTER.match(text)
    if not front:
        return {}, text
    meta: dict[str, str] = {}
    for line in front.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, text[front.end():]


def _from_front_matter(meta: dict[str, str], text: str, notes: list[str]) -> dict[str, Any]:
    """An item's link, outlet and publication time from its front matter; without a date, the dateline opening
    `text` gives it."""
    date = meta.get("published") or meta.get("date")
    return {"url": meta.get("url") or None, "source": meta.get("source") or None,
            "published": parse_published(date) if date else dateline(text, notes)}


def read_md(data: bytes, origin: str) -> Item:
    """Markdown: YAML-style front matter if any, the first heading (or line) as title, markup stripped."""
    try:
        text, notes = decode_bytes(data)
    except NotText as err:
        return Failure(origin, str(err))
    meta, text = _front_matter(text.replace("\r\n", "\n").lstrip("\n"))
    title = meta.get("title", "")
    heading = min((m for m in (_ATX.search(text), _SETEXT.search(text)) if m), key=lambda m: m.start(), default=None)
    if title and heading and not text[:heading.start()].strip() and \
            casefold_words(_strip_inline(heading.group(1))) == casefold_words(_strip_inline(title)):
        text = text[heading.end():]  # the front matter's title again as the first heading: once (tester34)
    elif not title:
        if heading:
            title, text = heading.group(1).strip(), text[: heading.start()] + text[heading.end():]
        else:
            title, _, text = text.strip().partition("\n")
    text = _strip_inline(_strip_blocks(text))
    title = _strip_inline(title).strip()
    if not text.strip():
        return Failure(origin, "only a title and no text")
    return RawItem(origin=origin, title=title, text=text.strip(), notes=notes,
                   **_from_front_matter(meta, text.strip(), notes))


def _strip_blocks(text: str) -> str:
    for pattern, repl in _MD_BLOCK:
        text = pattern.sub(repl, text)
    return text


def _strip_inline(text: str) -> str:
    for pattern, repl in _MD_INLINE:
        text = pattern.sub(repl, text)
    return text


def read_json(data: bytes, origin: str) -> Iterator[Item]:
    """One record, a list of records, or an object holding one under "articles"/"items"/"data"."""
    try:
        text, notes = decode_bytes(data)
        doc = json.loads(text)
    except NotText as err:
        yield Failure(origin, str(err))
        return
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":  # several documents: JSON Lines under another name
            yield from read_jsonl(data.splitlines(keepends=True), origin)
        else:
            yield Failure(origin, f"invalid JSON: {err.msg.removesuffix(' at')} at line {err.lineno} column {err.colno}")
        return
    if isinstance(doc, dict):
        wrapped = next((doc[k] for k in ("articles", "items", "data", "entries")
                        if isinstance(doc.get(k), list)), None)
        doc = wrapped if wrapped is not None and not any(k in doc for k in ("text", "content")) else doc
    if isinstance(doc, list):
        if not doc:
            yield Failure(origin, "empty list: no records")
        for index, record in enumerate(doc):
            yield _with_notes(record_to_item(record, f"{origin}#{index}"), notes)
    else:
        yield _with_notes(record_to_item(doc, origin), notes)


def open_jsonl(path: Path, max_bytes: int) -> Iterator[Item]:
    """Stream a .jsonl (or .jsonl.gz) file line by line, so a large corpus is never all in memory; the size
    limit applies to each record, not to the file."""
    origin = str(path)
    lines = 0

    def counted(fh) -> Iterator[bytes | int]:
        nonlocal lines
        for line in _bounded_lines(fh, max_bytes):
            lines += 1
            yield line

    try:
        opener = gzip.open if path.suffix.lower() == ".gz" else open
        with opener(path, "rb") as fh:
            head = fh.peek(8192)[:8192]
            if head.startswith(WIDE_BOMS):  # UTF-16 or UTF-32 (saved so by a Windows editor): read as UTF-8 lines
                wide = fh.read(WIDE_JSONL_BYTES + 1)
                if len(wide) > WIDE_JSONL_BYTES:
                    yield Failure(origin, f"UTF-16 or UTF-32 JSON Lines over {format_size(WIDE_JSONL_BYTES)}: "
                                          "save it as UTF-8")
                    return
                fh = io.BytesIO(decode_bytes(wide)[0].encode("utf-8"))
            elif why := not_an_article(path, head):
                yield Failure(origin, why)
                return
            yield from read_jsonl(counted(fh), origin, max_bytes)
    except (OSError, EOFError) as err:  # gzip.BadGzipFile is an OSError; a truncated .gz is an EOFError
        after = f" after line {lines} (the lines before it are read)" if lines else ""
        yield Failure(origin, f"cannot read file{after}: {getattr(err, 'strerror', None) or err}")


WIDE_JSONL_BYTES = 200_000_000  # a UTF-16 or UTF-32 JSON Lines file is read whole, up to this size
STDIN = "<stdin>"  # the origin of what is read from standard input (`newsloom run -`)


def read_stream(fh: BinaryIO, max_bytes: int, origin: str = STDIN) -> Iterator[Item]:
    """Standard input: JSON Lines when its first non-blank line is a JSON object with a title or a text (each
    record "<stdin>:LINE", streamed), else one plain-text article whose first line is the title, as in a
    .txt file."""
    lines = _bounded_lines(fh, max_bytes)
    head: list[bytes | int] = []
    for line in lines:
        head.append(line)
        if isinstance(line, int) or line.strip():
            break
    first = head[-1] if head else b""
    if isinstance(first, int):
        yield Failure(origin, too_large(first, max_bytes, "first line"))
        return
    try:
        jsonl = is_record(json.loads(first.removeprefix(b"\xef\xbb\xbf").decode("utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError):
        jsonl = False
    if jsonl:
        yield from read_jsonl(itertools.chain(head, lines), origin, max_bytes)
        return
    data = b"".join(head) + fh.read(max_bytes + 1 - sum(map(len, head)))
    if len(data) > max_bytes:
        yield Failure(origin, f"input too large: over {format_size(max_bytes)} (--max-bytes)")
        return
    yield read_txt(data, origin) if data.strip() else Failure(origin, "empty input")


def _bounded_lines(fh, max_bytes: int) -> Iterator[bytes | int]:
    """The lines of a binary file; a line over max_bytes is skipped unread and given as its size."""
    while line := fh.readline(max_bytes + 1):
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
            size += len(rest)
        yield size + len(rest)


def read_jsonl(lines: Iterable[bytes | int], origin: str, max_bytes: int = 0) -> Iterator[Item]:
    """One JSON record a line; each bad line is its own Failure, "file.jsonl:LINE" (an int stands for a
    line over max_bytes, by its size)."""
    offset = 0
    seen_text = False
    for number, line in enumerate(lines, start=1):
        line_origin = f"{origin}:{number}"
        if isinstance(line, int):
            offset += line
            seen_text = True
            yield Failure(line_origin, too_large(line, max_bytes, "record"))
            continue
        start, offset = offset, offset + len(line)
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line, start = line[3:], 3
        if not line.strip():
            continue
        seen_text = True
        notes: list[str] = []
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            text, bad = utf8_with_replacement(line)
            notes.append(bad_bytes_note([start + b for b in bad]))
        try:
            record = json.loads(text)
        except json.JSONDecodeError as err:
            body = len(text.rstrip("\r\n"))
            yield Failure(line_origin, f"invalid JSON: the record is cut off after column {body} (the line ends "
                                       "before it does)" if err.pos >= body or err.msg.startswith("Unterminated")
                          else f"invalid JSON: {err.msg.removesuffix(' at')} at column {err.colno}")
            continue
        yield _with_notes(record_to_item(record, line_origin), notes)
    if not seen_text:
        yield Failure(origin, "empty file")


def _with_notes(item: Item, notes: list[str]) -> Item:
    if isinstance(item, RawItem) and notes:
        item.notes[:0] = notes
    return item
