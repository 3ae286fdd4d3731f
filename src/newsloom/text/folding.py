"""Folding: the ways newsloom makes two spellings of a word or a name compare equal, in one place.

Each variant has its use; they are not interchangeable:

- `fold_keep_offsets`: lowercase, diacritics and đ gone, one character out per character in, any script
  ("Ngoại trưởng" -> "ngoai truong"), so offsets found in the folded text index the original;
- `fold_latin_keep_offsets`: the same for Latin letters only (other scripts are left as they are): what
  the date patterns run on;
- `strip_accents`: diacritics and đ gone, case kept, length not kept ("Quảng Ngãi" -> "Quang Ngai"): how
  English-language news writes a Vietnamese name;
- `casefold_words`: NFC and casefolded, white space squeezed: comparing texts where accents count;
- `search_fold`: `strip_accents` and lowercase: what full-text search indexes and queries;
- `loose_fold`: `strip_accents`, casefolded, white space squeezed: how an outlet's name asked for (`--source`)
  is compared, "nhip song phap dinh" finding "Nhịp Sống Pháp Đình";
- `lower_keep_offsets`: lowercase only, one character out per character in: where cue words are looked
  for as written;
- `alias_key`: the lookup form of a name, folded: "U.S." -> "us", "EU’s" -> "eu";
- `surface_key`: the lookup form of a name with its diacritics: "Ngà" is not "Nga", "Hoà" is "Hòa".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from newsloom.text.normalize import normalize_text


class _FoldTable(dict):
    """Code point -> folded character, for str.translate, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in "đĐ":
            folded = "d"
        else:
            base = unicodedata.normalize("NFD", ch)[0]
            low = base.lower()
            folded = low if len(low) == 1 else base
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold_keep_offsets(text: str) -> str:
    """Lowercase and strip Vietnamese/Latin diacritics, one character out per character in.

    Keeping the length lets offsets found in the folded text index the original text. Every character is
    reduced to the first character of its canonical decomposition, lowercased when that is one character
    ("Ư" -> "u", "Σ" -> "σ"); "đ" and "Đ" become "d".
    """
    return text.translate(_FOLD)


class _LowerTable(dict):
    """str.translate table that lowercases one character to exactly one character (keeps offsets)."""

    def __missing__(self, code: int) -> int:
        low = chr(code).lower()
        self[code] = ord(low) if len(low) == 1 else code
        return self[code]


_LOWER = _LowerTable()


def lower_keep_offsets(text: str) -> str:
    """Lowercase `text` without changing its length, so offsets stay valid ("İ" stays as it is)."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_LOWER)


def _latin_fold_table() -> dict[int, str]:
    table = {ord("đ"): "d", ord("Đ"): "d"}
    table.update({code: chr(code + 32) for code in range(ord("A"), ord("Z") + 1)})
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and ord(base) < 128:
            table[code] = base.lower()
    return table


_LATIN_FOLD = _latin_fold_table()


def fold_latin_keep_offsets(text: str) -> str:
    """Lower-case text without diacritics, one character for one ("Ngày" -> "ngay", "Đ" -> "d"), for Latin
    letters only: A-Z, and the letters of Latin-1 to Latin Extended-B and Latin Extended Additional whose
    decomposition starts with an ASCII letter. Anything else (other scripts, "ß", "ø") is left as it is."""
    return text.translate(_LATIN_FOLD)


def strip_accents(name: str) -> str:
    """"Quảng Ngãi" -> "Quang Ngai": diacritics (combining marks after canonical decomposition) removed,
    "đ"/"Đ" as "d"/"D", case kept. The result may be shorter than the input: offsets are not kept."""
    decomposed = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_fold(text: str) -> str:
    """What full-text search indexes and asks for: no diacritics, "đ" as "d", lowercase ("Lũ ở Quảng
    Ngãi" -> "lu o quang ngai"), so a query typed without accents finds the accented text."""
    return strip_accents(text).lower()


def loose_fold(text: str) -> str:
    """`strip_accents`, casefolded, runs of white space as one space: "Nhịp Sống  Pháp Đình" -> "nhip song phap
    dinh", in any Unicode form."""
    return " ".join(strip_accents(text).casefold().split())


def casefold_words(text: str) -> str:
    """NFC, casefolded, runs of white space as one space, no space at the ends: accents count, case and
    spacing do not."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


_SPACE = re.compile(r"\s+")
# Punctuation that may hang on a name's ends ("EU’s", "Borrell-", "(NATO)").
EDGE_PUNCTUATION = " \t\n.,;:!?\"'“”‘’()[]{}-–—"


def drop_possessive(word: str) -> str:
    """The word without a final possessive "'s" ("EU’s" -> "EU")."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


@lru_cache(maxsize=1 << 16)  # pure, and asked about the same names again and again (a million times on DUC 2007)
def alias_key(name: str) -> str:
    """The lookup form of a name: folded (`fold_keep_offsets`), dots dropped ("U.S." -> "us"), possessive
    and outer punctuation dropped, spaces squeezed."""
    name = name.replace("’", "'").replace(".", "")
    name = drop_possessive(name.strip(EDGE_PUNCTUATION))
    return _SPACE.sub(" ", fold_keep_offsets(name)).strip(EDGE_PUNCTUATION)


@lru_cache(maxsize=1 << 16)  # pure, and asked about the same names again and again
def surface_key(name: str) -> str:
    """Like `alias_key`, but diacritics are kept: "Nga" (Russia) and "Ngà" (a given name) stay apart,
    while the two Vietnamese conventions for placing a tone mark ("Hoà", "Hòa") meet (`normalize_text`
    writes both the modern way)."""
    name = name.replace("’", "'").replace(".", "")
    name = drop_possessive(name.strip(EDGE_PUNCTUATION))
    return _SPACE.sub(" ", normalize_text(name).lower()).strip()
