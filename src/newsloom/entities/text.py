"""Text helpers shared by extraction and linking: accent folding and alias keys."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from newsloom.text.normalize import normalize_text

_SPACE = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"['’]s$")
# Punctuation that may hang on a name's ends ("EU’s", "Borrell-", "(NATO)").
_EDGE = " \t\n.,;:!?\"'“”‘’()[]{}-–—"


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


def fold(text: str) -> str:
    """Lowercase and strip Vietnamese/Latin diacritics, one character out per character in.

    Keeping the length lets offsets found in the folded text index the original text.
    """
    return text.translate(_FOLD)


def drop_possessive(word: str) -> str:
    """The word without a final possessive "'s" ("EU’s" -> "EU")."""
    return _POSSESSIVE.sub("", word)


def alias_key(name: str) -> str:
    """The lookup form of a name: folded, dots dropped ("U.S." -> "us"), spaces squeezed."""
    name = name.replace("’", "'").replace(".", "")
    name = drop_possessive(name.strip(_EDGE))
    return _SPACE.sub(" ", fold(name)).strip(_EDGE)


@lru_cache(maxsize=1 << 16)  # pure, and asked about the same names again and again
def surface_key(name: str) -> str:
    """Like `alias_key`, but diacritics are kept: "Nga" (Russia) and "Ngà" (a given name) stay apart,
    while the two Vietnamese conventions for placing a tone mark ("Hoà", "Hòa") meet (`normalize_text`
    writes both the modern way)."""
    name = name.replace("’", "'").replace(".", "")
    name = drop_possessive(name.strip(_EDGE))
    return _SPACE.sub(" ", normalize_text(name).lower()).strip()


def clean_name(name: str) -> str:
    """The display form of a name: outer punctuation, possessive "'s" and extra spaces removed."""
    dotted = re.search(r"(?:\b[A-Z]\.)+$", name.strip())  # keep the last dot of "U.S."
    name = _SPACE.sub(" ", name).strip(_EDGE)
    name = drop_possessive(name).strip(_EDGE + " ")
    return name + "." if dotted and not name.endswith(".") else name


def is_acronym(name: str) -> bool:
    """NATO, EU, U.S., OSCE: two or more capitals, nothing lowercase."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and " " not in name.strip()


# The shape of one Vietnamese syllable, accents folded: onset, one to three vowels, a final consonant.
_VI_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|nh|ng|[cmnpt])?")


def is_vietnamese_syllable(word: str) -> bool:
    """True if the word could be one Vietnamese syllable ("sinh", "Quân"); "Ukraine", "Putin" could not."""
    return _VI_SYLLABLE.fullmatch(fold(word)) is not None


def has_vietnamese_marks(name: str) -> bool:
    """True if folding changes more than case, i.e. the word carries diacritics or đ."""
    return fold(name) != name.lower()
