"""Bytes to text: BOM, strict UTF-8, mostly-valid UTF-8 with a note, else a detected legacy charset."""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache

import charset_normalizer
import ftfy
from ftfy.badness import badness as ftfy_badness

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# not language data: control characters
_OK_CONTROLS = {"\t", "\n", "\r", "\f", "\v", "\x1b"}
_VI_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # the combining tone marks of Windows-1258
_VI_LETTERS = set("ăđơưĂĐƠƯ")
# WHATWG: pages that say latin-1 or ascii are really Windows-1252 (not language data: encoding names)
_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
            "ascii": "cp1252", "iso8859-1": "cp1252", "l1": "cp1252"}


class NotText(ValueError):
    """The bytes are not text; the message says why, for the user."""


WIDE_BOMS = tuple(bom for bom, codec in _BOMS if codec in ("utf-16", "utf-32"))  # their text holds NUL bytes


def binary(data: bytes) -> bool:
    """Whether `data` is binary: it holds NUL bytes that no UTF-16 or UTF-32 byte-order mark explains."""
    return b"\x00" in data and not data.startswith(WIDE_BOMS)


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """Decode `data`; return the text and notes on repairs. `declared` is a charset named by the source.

    Raises NotText for empty, whitespace-only or binary input.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            return _checked(text), []
    if binary(data):
        raise NotText("binary file (not text)")
    if not data.strip():
        raise NotText("empty file")
    try:
        return _checked(data.decode("utf-8")), []
    except UnicodeDecodeError:
        pass
    codec = _codec(declared)
    if codec and codec != "utf-8":
        try:
            return _checked(data.decode(codec)), []
        except UnicodeDecodeError:
            pass
    text, bad = utf8_with_replacement(data)
    good_multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    mixed = _by_line(data) if good_multibyte else None  # UTF-8 lines, and lines of a legacy charset
    if mixed is not None:
        return _checked(mixed[0]), [mixed[1]]
    if good_multibyte >= 4 * len(bad):
        return _checked(text), [bad_bytes_note(bad)]
    text, guessed = _legacy(data)
    given = f"its charset ({declared}) does not read it" if declared else "no charset given"
    return _checked(text), [f"not UTF-8 and {given}: read as {guessed} (a guess)"]


def _by_line(data: bytes) -> tuple[str, str] | None:
    """Text whose lines are UTF-8 but some (pasted from another file), each of those, none of whose bytes
    reads as UTF-8 beyond ASCII, read in the legacy charset they are in, and a note saying how many; None
    when there is no such line, or no line is UTF-8 beyond ASCII."""
    lines = data.split(b"\n")
    out, legacy = [], []
    for i, line in enumerate(lines):
        read, bad = utf8_with_replacement(line)
        out.append(read)
        if bad and all(ord(c) < 0x80 or c == "\ufffd" for c in read):  # damaged UTF-8 keeps its other letters
            legacy.append(i)
    if not legacy or not any(ord(c) > 0x7F and c != "\ufffd" for c in "".join(out)):
        return None
    joined = b"\n".join(lines[i] for i in legacy)  # a Western or Vietnamese code page, as such pastes are
    vi = joined.decode("cp1258", errors="replace")
    read, guessed = (vi, "Windows-1258") if _looks_vietnamese(vi) else (joined.decode("cp1252", errors="replace"),
                                                                         "Windows-1252")
    if len(read.split("\n")) != len(legacy):
        return None
    for i, line in zip(legacy, read.split("\n"), strict=True):
        out[i] = line
    n = len(legacy)
    return "\n".join(out), f"mixed encodings: {n} line{'s' * (n != 1)} not UTF-8, read as {guessed} (a guess)"


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def utf8_with_replacement(data: bytes) -> tuple[str, list[int]]:
    """Decode UTF-8, replacing each bad byte with U+FFFD and recording its offset, in one pass (decoding the
    rest again after each bad byte took 24 s for a 1 MB Windows-1252 file)."""
    text = data.decode("utf-8", errors="surrogateescape")  # a bad byte is a lone surrogate of its own
    bad: list[int] = []
    offset, done = 0, 0
    for m in _ESCAPED.finditer(text):
        offset += len(text[done:m.start()].encode("utf-8"))
        bad.append(offset)
        offset, done = offset + 1, m.end()
    return (_ESCAPED.sub("\ufffd", text) if bad else text), bad


_ESCAPED = re.compile("[\udc80-\udcff]")


def bad_bytes_note(bad: list[int]) -> str:
    shown = ", ".join(str(o) for o in bad[:10]) + (", ..." if len(bad) > 10 else "")
    noun = "byte" if len(bad) == 1 else "bytes"
    return f"invalid UTF-8: {len(bad)} {noun} replaced at offset{'' if len(bad) == 1 else 's'} {shown}"


def _legacy(data: bytes) -> tuple[str, str]:
    """A single-byte legacy charset: Windows-1258 when the bytes read as Vietnamese, else detected; the text
    and the charset's name."""
    vi = data.decode("cp1258", errors="replace")
    if _looks_vietnamese(vi):
        return vi, "Windows-1258"
    matches = list(charset_normalizer.from_bytes(data))
    western = data.decode("cp1252", errors="replace"), "Windows-1252"
    if not matches:
        return western
    best = matches[0]
    # Latin codecs often tie; among equally clean readings, Windows-1252 is by far the most common (the
    # detector may name another codec that reads these bytes the same: "Café … Müller" as Windows-1250,
    # with Baltic cp775's "Cafķ … M³ller" ahead of it)
    for match in matches:
        if match.chaos <= best.chaos and (match.encoding in ("cp1252", "latin_1") or str(match) == western[0]):
            return western
    return str(best), best.encoding


def _looks_vietnamese(text: str) -> bool:
    """Windows-1258 Vietnamese: tone marks sit after letters, and ă đ ơ ư are common."""
    tones = sum(1 for i, ch in enumerate(text) if ch in _VI_TONES and i and text[i - 1].isalpha())
    letters = sum(1 for ch in text if ch in _VI_LETTERS)
    non_ascii = sum(1 for ch in text if ord(ch) > 0x7F)
    return tones >= 2 and (tones + letters) >= 0.3 * non_ascii


def _checked(text: str) -> str:
    """Refuse text that is mostly control characters; refuse empty text."""
    if not text.strip():
        raise NotText("empty file")
    sample = text[:20000]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in _OK_CONTROLS
                   and not "\x80" <= ch <= "\x9f")  # C1 controls: UTF-8 read as Latin-1, text to repair
    if controls > 0.05 * len(sample) or "\x00" in sample:
        raise NotText("binary file (not text)")
    return text


MIN_MOJIBAKE = 3  # signs of mojibake (ftfy's badness) an item needs before it is repaired: correct articles
# have none, or one odd sequence such as "Văn Ã nói" (2 of 3,723 in ViMs, VietnameseMDS, DUC 2007 and the demo)
MAX_DAMAGED = 0.02  # a text with more unreadable characters than this share is refused (see `damaged_chars`) ...
MIN_DAMAGED = 10  # ... unless they are only a few: a short text with two bad bytes is still read, with a note
_DAMAGE_SAMPLE = 100_000  # characters in which the mojibake left is counted


@lru_cache(maxsize=2)  # an item's title and text are looked at twice: to repair, then to count the damage
def badness(sample: str) -> int:
    return ftfy_badness(sample)


def repair_mojibake(texts: list[str]) -> list[str]:
    """`texts` (an item's title and text) decoded in the wrong encoding put right, e.g. UTF-8 read as
    Windows-1252 ("BÃ£o sá»‘ 5" -> "Bão số 5"), with ftfy's encoding fix only, which leaves curly quotes,
    ligatures and widths as they are. Left alone unless ftfy sees MIN_MOJIBAKE signs of mojibake in them
    (once it sees one, ftfy also "repairs" correct look-alikes: "NGÃ BA" -> "NGà BA"), and unless its repair
    leaves fewer."""
    before = badness("\n".join(texts)[:_DAMAGE_SAMPLE])
    if before < MIN_MOJIBAKE:
        return texts
    fixed = [ftfy.fix_encoding(text) for text in texts]
    return fixed if badness("\n".join(fixed)[:_DAMAGE_SAMPLE]) < before else texts


def damaged_chars(text: str) -> float:
    """How many characters of `text` cannot be read: U+FFFD (bytes that were not valid), and the mojibake that
    ftfy sees and could not repair (counted in the first 100,000 characters, scaled). Correct articles have
    fewer than 0.1% (ViMs, VietnameseMDS, DUC 2007); UTF-8 with 1% of its bytes broken 1% to 3%."""
    if not text:
        return 0.0
    sample = text[:_DAMAGE_SAMPLE]
    return text.count("\ufffd") + badness(sample) * len(text) / len(sample)
