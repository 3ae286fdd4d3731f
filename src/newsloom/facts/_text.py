"""Small text helpers shared by the fact extractors: offsets-preserving lowercase, accent-free
variants of cue words, and sentence spans."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache

from newsloom import lang
from newsloom.text.folding import lower_keep_offsets, search_fold

lower = lower_keep_offsets  # the fact extractors look for cue words in the lowercased text


# `word` lowercased without diacritics ("nhấn mạnh" -> "nhan manh", "đồng" -> "dong"), cached
search_fold_cached = lru_cache(maxsize=65536)(search_fold)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words` and their accent-free forms, longest first.

    Text is matched as written (lowercased), so "Hà Nội" never matches the cue "nói"; the
    accent-free form is there for text typed without diacritics ("nhan manh", "8 ty USD")."""
    forms = {w.lower() for w in words} | {search_fold_cached(w) for w in words}
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True))


_BOUNDARY = re.compile(r"[.!?…]+[”\"»’)]*(?=\s)|\n")


def sentence_spans(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    """Character spans of `sentences` in `text`; a simple splitter when they are missing or don't match."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for sent in sentences:
        start = text.find(sent, pos)
        if start < 0:
            spans = []
            break
        spans.append((start, start + len(sent)))
        pos = start + len(sent)
    if spans:
        return spans
    pos = 0
    for m in _BOUNDARY.finditer(text):
        _add_span(text, pos, m.end(), spans)
        pos = m.end()
    _add_span(text, pos, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append [start, end) without its surrounding whitespace, unless it is blank."""
    chunk = text[start:end]
    if chunk.strip():
        spans.append((start + len(chunk) - len(chunk.lstrip()), start + len(chunk.rstrip())))


def evidence(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """The sentence(s) of `spans` (in order, not overlapping) that overlap [start, end), joined with a space."""
    k = bisect.bisect_right(spans, start, key=lambda span: span[1])  # the first that ends after `start`
    picked = []
    while k < len(spans) and spans[k][0] < end:
        picked.append(text[spans[k][0]:spans[k][1]].strip())
        k += 1
    return " ".join(picked) if picked else text[start:end].strip()


def _forms_of_address() -> str:
    """The forms of address as written, lowercase or capitalised ("bà", "Ms", "Anh")."""
    words = lang.words("common", "forms_of_address")
    written = {w for w in words} | {w.capitalize() for w in words}
    return "|".join(re.escape(w) for w in sorted(written, key=len, reverse=True))


_CUES = lang.groups("common", "statement_cues")
_PROXIES = alternation(_CUES["speaks for someone"])
# "luật sư của bà Hạnh", "luật sư của bị cáo Bình", "Lawyers for Ms. Moore": search it in the original text up to the name (after a
# word of `_PROXIES` only: "Ngoại trưởng của Anh David Lammy" is Britain's)
_FORMS = _forms_of_address()
_SPOKEN_FOR = re.compile(r"(?<!\w)(?i:{})\s+(?:{})\s+(?:(?i:{})\s+)?(?:(?:{})\.?\s+)?$".format(
    _PROXIES, "|".join(map(re.escape, _CUES["possessive"])), alternation(_CUES["party"]), _FORMS))
# "Hanh's lawyer said": right after the name
_PROXY = re.compile(rf"['’]s\s+(?:{_PROXIES})(?!\w)", re.IGNORECASE)


def spoken_for(text: str, start: int, end: int) -> bool:
    """Whether the person named at text[start:end] is spoken for by another: "luật sư của bà Hạnh", "the
    lawyer of Ms Hanh", "bạn thân của Anh Huy", "Hanh's lawyer" (not "bày tỏ của ông Tú", his own words)."""
    return bool(_SPOKEN_FOR.search(text, max(0, start - 60), start) or _PROXY.match(text, end))


# from the person spoken for to the one who speaks for them, named next: "Binh|'s lawyer, |Nguyen Van Son",
# "luật sư của bị cáo Bình|, ông |Nguyễn Văn Sơn"
_PROXY_NAMED = re.compile(rf"(?:['’]s\s+(?i:{_PROXIES})\s*)?,\s*(?:(?:{_FORMS})\.?\s+)?$")


def speaks_for(text: str, spoken_end: int, start: int) -> bool:
    """Whether the name starting at `start` is the one who speaks for the person spoken for whose name ends at
    `spoken_end` ("said Binh's lawyer, Nguyen Van Son")."""
    return _PROXY_NAMED.fullmatch(text, spoken_end, start) is not None
