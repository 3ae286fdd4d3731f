"""Text helpers shared by extraction and linking: accent folding and alias keys."""

from __future__ import annotations

import re
import unicodedata

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


def has_vietnamese_marks(name: str) -> bool:
    """True if folding changes more than case, i.e. the word carries diacritics or đ."""
    return fold(name) != name.lower()
