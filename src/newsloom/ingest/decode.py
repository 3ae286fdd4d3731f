"""Bytes to text: BOM, strict UTF-8, mostly-valid UTF-8 with a note, else a detected legacy charset."""

from __future__ import annotations

import codecs
import unicodedata

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_OK_CONTROLS = {"\t", "\n", "\r", "\f", "\v", "\x1b"}
_VI_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # the combining tone marks of Windows-1258
_VI_LETTERS = set("ăđơưĂĐƠƯ")
# WHATWG: pages that say latin-1 or ascii are really Windows-1252
_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
            "ascii": "cp1252", "iso8859-1": "cp1252", "l1": "cp1252"}


class NotText(ValueError):
    """The bytes are not text; the message says why, for the user."""


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """Decode `data`; return the text and notes on repairs. `declared` is a charset named by the source.

    Raises NotText for empty, whitespace-only or binary input.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            return _checked(text), []
    if b"\x00" in data:
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
    if codec == "utf-8" or good_multibyte >= 4 * len(bad):
        return _checked(text), [bad_bytes_note(bad)]
    return _checked(_legacy(data)), []


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
    """Decode UTF-8, replacing each bad byte with U+FFFD and recording its offset."""
    bad: list[int] = []
    parts: list[str] = []
    pos = 0
    while pos < len(data):
        try:
            parts.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as err:
            parts.append(data[pos : pos + err.start].decode("utf-8"))
            for offset in range(pos + err.start, pos + err.end):
                bad.append(offset)
                parts.append("\ufffd")
            pos += err.end
    return "".join(parts), bad


def bad_bytes_note(bad: list[int]) -> str:
    shown = ", ".join(str(o) for o in bad[:10]) + (", ..." if len(bad) > 10 else "")
    noun = "byte" if len(bad) == 1 else "bytes"
    return f"invalid UTF-8: {len(bad)} {noun} replaced at offset{'' if len(bad) == 1 else 's'} {shown}"


def _legacy(data: bytes) -> str:
    """A single-byte legacy charset: Windows-1258 when the bytes read as Vietnamese, else detected."""
    vi = data.decode("cp1258", errors="replace")
    if _looks_vietnamese(vi):
        return vi
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return data.decode("cp1252", errors="replace")
    best = matches[0]
    # Latin codecs often tie; among equally clean readings, Windows-1252 is by far the most common
    for match in matches:
        if match.encoding in ("cp1252", "latin_1") and match.chaos <= best.chaos:
            return data.decode("cp1252", errors="replace")
    return str(best)


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
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in _OK_CONTROLS)
    if controls > 0.05 * len(sample) or "\x00" in sample:
        raise NotText("binary file (not text)")
    return text
