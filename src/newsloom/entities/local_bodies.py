"""Bodies every Vietnamese province or city has: a health department, a general hospital, a CDC.

Their place is part of their name: "Sở Y tế Thanh Hóa" and "Sở Y tế Hà Nội" are two bodies, and "Thanh Hoa
Department of Health" is the first. Such a body's key is its kind's and its place's ("ORG:so y te thanh hoa"),
whatever the language or the order. Written alone ("Sở Y tế"), a kind names no one body: it is the one this
article names in full, or one of this article only (`EntityLinker`). The kinds are `lang/common/local_bodies.tsv`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsloom import lang
from newsloom.entities import gazetteer
from newsloom.entities.text import clean_name
from newsloom.text.folding import alias_key


@lru_cache(maxsize=1)
def _groups() -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for group, *entries in lang.rows("common", "local_bodies"):
        out.setdefault(group, []).append(tuple(entries))
    return out


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    """Every name of a kind, folded -> the kind as Vietnamese writes it, folded ("cdc" -> "trung tam kiem soat benh tat")."""
    return {alias_key(name): alias_key(row[0]) for row in _groups()["kind"] for name in row}


@lru_cache(maxsize=1)
def _heads() -> tuple[str, ...]:
    return tuple(alias_key(row[0]) for row in _groups()["head"])


@lru_cache(maxsize=1)
def _units() -> frozenset[str]:
    return frozenset(alias_key(row[0]) for row in _groups()["unit"])


@lru_cache(maxsize=1)
def _of() -> tuple[str, ...]:
    return tuple(sorted((alias_key(row[0]) for row in _groups()["of"]), key=len, reverse=True))


def kind_of(name: str) -> str | None:
    """The kind a name written without its place is (folded, as Vietnamese writes it), or None: "Sở Y tế" ->
    "so y te", "Bệnh viện Đa khoa" -> "benh vien da khoa", "CDC" -> "trung tam kiem soat benh tat"; a head's
    body with its field ("Sở Tư pháp") is a kind too, the head alone ("Sở") none."""
    words = [w for w in alias_key(clean_name(name)).split() if w != "the"]
    while n := next((n for n in (2, 1) if len(words) > n and " ".join(words[-n:]) in _units()), 0):
        del words[-n:]  # "Bệnh viện Đa khoa tỉnh": the place is not written
    folded = " ".join(words)
    if folded in _kinds():
        return _kinds()[folded]
    return folded if any(folded.startswith(head + " ") for head in _heads()) else None


def _province(words: list[str]) -> str | None:
    """The key of the Vietnamese province or city `words` name, accents or none ("LOC:thanh hoa"), or None."""
    if not words or not words[0][:1].isupper():
        return None
    known = gazetteer.lookup(" ".join(words).strip(".,;:"))
    return known.key if known is not None and known.key in gazetteer.vietnam_keys() else None


_ACRONYM = re.compile(r"\([A-ZĐ]{2,}\)")


def key(name: str) -> str | None:
    """The entity key of a province's or city's body named with its place, or None: "Sở Y tế Thanh Hóa",
    "Sở Y tế TP.HCM", "Bệnh viện Đa khoa tỉnh Thanh Hóa", "Thanh Hoa Department of Health", "Hanoi CDC",
    "Department of Health of Thanh Hoa" -> "ORG:<kind> <place>" ("ORG:so y te thanh hoa")."""
    words = [w for w in clean_name(name).split() if not _ACRONYM.fullmatch(w)]  # "(CDC)" in its long form
    if words and words[0].lower() == "the":
        words = words[1:]
    for n in range(1, min(5, len(words))):
        # Vietnamese order, the place last ("Sở Y tế Thanh Hóa"); the English, first ("Thanh Hoa Department of Health")
        for last, place_words, kind_words in ((True, words[-n:], words[:-n]), (False, words[:n], words[n:])):
            place = _province(place_words)
            if place is None:
                continue
            kind = kind_of(" ".join(kind_words))
            if kind is None and last:  # "Department of Health of Thanh Hoa"
                folded = alias_key(" ".join(kind_words))
                of = next((o for o in _of() if folded.endswith(" " + o)), None)
                kind = kind_of(folded[:-len(of) - 1]) if of else None
            if kind is not None:
                return f"ORG:{kind} {place.partition(':')[2]}"
    return None


def place_end(text: str, start: int, end: int) -> int | None:
    """Where the place after a Vietnamese body's name at [start, end) ends, if that body is a province's or a
    city's and a province or city follows, with or without its unit: "Sở Y tế | Thanh Hóa", "Bệnh viện Đa
    khoa | tỉnh Thanh Hóa", "Sở Y tế | TP.HCM"; else None."""
    after = text[end:end + 60]
    if not after[:1].isspace() or kind_of(text[start:end]) is None:
        return None
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", after)][:8]
    skip = int(bool(words) and _ACRONYM.fullmatch(after[slice(*words[0])]) is not None)  # "… bệnh tật (CDC) Hà Nội"
    starts = [skip]  # the place's name, with its unit ("TP Hồ Chí Minh") or after it ("tỉnh | Thanh Hóa")
    for n in (1, 2):
        if len(words) > skip + n and alias_key(after[words[skip][0]:words[skip + n - 1][1]]) in _units():
            starts.append(skip + n)
    for first in starts:
        for n in range(min(len(words), first + 4), first, -1):
            name = after[words[first][0]:words[n - 1][1]].rstrip(",;:)")
            name = name if name.endswith("TP.") else name.rstrip(".")
            if name and _province(name.split()) is not None:
                return end + words[first][0] + len(name)
    return None


@lru_cache(maxsize=1)
def _plain() -> tuple[tuple[str, str], ...]:
    return tuple((alias_key(row[0]), alias_key(row[1])) for row in _groups()["plain"])


def plain_name(name: str) -> str:
    """A body's name folded, without the words that only qualify its kind: "Bệnh viện Đa khoa Xanh Pôn" ->
    "benh vien xanh pon", "Saint Paul General Hospital" -> "saint paul hospital"."""
    folded = f" {alias_key(clean_name(name))} "
    for qualified, plain in _plain():
        folded = folded.replace(f" {qualified} ", f" {plain} ")
    return folded.strip()


def place_of(key: str) -> str | None:
    """The place key of a province's or a city's body's entity key ("ORG:so y te thanh hoa" -> "LOC:thanh hoa"),
    else None."""
    if not key.startswith("ORG:"):
        return None
    words = key[4:].split()
    for i in range(1, len(words)):
        place = "LOC:" + " ".join(words[i:])
        if place in gazetteer.vietnam_keys() and kind_of(" ".join(words[:i])) is not None:
            return place
    return None


def kind_word(word: str) -> bool:
    """Whether `word` is a body's kind that a name goes before, written in lowercase after it ("Saint Paul
    hospital"): the last word of a kind without its qualifier ("hospital")."""
    return any(plain.split()[-1] == word.lower() for _, plain in _plain())
