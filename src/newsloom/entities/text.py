"""Text helpers shared by extraction and linking: accent folding and alias keys (from `newsloom.text.folding`),
display names, acronyms and Vietnamese syllables."""

from __future__ import annotations

import re

from newsloom import lang
from newsloom.text.folding import EDGE_PUNCTUATION as _EDGE
from newsloom.text.folding import alias_key, drop_possessive, fold_keep_offsets, surface_key

# not language data: the names this module gives, some of them from newsloom.text.folding
__all__ = ["alias_key", "clean_name", "drop_possessive", "has_vietnamese_marks", "is_acronym",
           "is_vietnamese_syllable", "surface_key"]

_SPACE = re.compile(r"\s+")


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
_VI_SYLLABLE = re.compile(rf"(?:{lang.alternation('vi', 'onsets')})?[aeiouy]{{1,3}}(?:ch|nh|ng|[cmnpt])?")


def is_vietnamese_syllable(word: str) -> bool:
    """True if the word could be one Vietnamese syllable ("sinh", "Quân"); "Ukraine", "Putin" could not."""
    return _VI_SYLLABLE.fullmatch(fold_keep_offsets(word)) is not None


def has_vietnamese_marks(name: str) -> bool:
    """True if folding changes more than case, i.e. the word carries diacritics or đ."""
    return fold_keep_offsets(name) != name.lower()
