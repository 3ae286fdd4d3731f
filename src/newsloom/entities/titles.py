"""Titles and roles written before a person's name: "Ngoại trưởng Mỹ", "NATO Secretary General", "ông".

`role_before` returns the role text so a later stage can compare roles across sources;
`title_start` tells extraction where the title before a name begins so it can be kept out of the name.
"""

from __future__ import annotations

import re
from functools import cache

from newsloom import lang
from newsloom.entities.gazetteer import lookup
from newsloom.entities.text import drop_possessive, is_acronym
from newsloom.text.folding import fold_keep_offsets

# Honorifics: stripped from names but not a role; folded (no diacritics, lowercase): "ông" is "ong".
HONORIFICS = {fold_keep_offsets(w) for w in lang.words("common", "forms_of_address")}

# Role words, folded (no diacritics, lowercase) so "Ngoai truong" matches "Ngoại trưởng"; a Vietnamese title's
# deputy too ("Phó Thống đốc", "Phó Giám đốc": one word for pyvi).
_VI_TITLES = lang.words("vi", "titles")
TITLES = {*_VI_TITLES, *(f"pho {title}" for title in _VI_TITLES), *lang.words("en", "titles")}
_MAX_TITLE_WORDS = max(len(t.split()) for t in TITLES)


@cache
def titles_in(code: str) -> frozenset[str]:
    """The titles read in an article of language `code`: English's and Vietnamese's (`TITLES`) and its own
    folder's (lang/CODE/titles.txt: "menteri" in an Indonesian article only), folded."""
    return frozenset((*TITLES, *lang.words(code, "titles", missing_ok=True)))


@cache
def honorifics_in(code: str) -> frozenset[str]:
    """The forms of address read in an article of language `code`: the common ones (`HONORIFICS`) and its own
    folder's (lang/fr/forms_of_address.txt: "M.", "Mme" in a French article only), folded."""
    return frozenset((*HONORIFICS, *(fold_keep_offsets(w) for w in lang.words(code, "forms_of_address", missing_ok=True))))


# Words that may sit inside a role: modifiers, "of", and qualifiers such as "đắc cử" (elect).
_MODIFIERS = set(lang.words("common", "title_modifiers"))
_INNER = set(lang.words("common", "role_inner_words"))

_WORD = re.compile(r"[\w.’'-]+", re.UNICODE)


def _words_before(text: str, end: int, limit: int = 12) -> list[tuple[str, int, int]]:
    """Up to `limit` words ending at `end`, nearest last; stops at sentence punctuation."""
    window_start = max(0, end - 160)
    window = text[window_start:end]
    cut = max(window.rfind(c) for c in ".;:!?\n()\"“”")
    if cut >= 0 and not (window[cut] == "." and cut > 0 and window[cut - 1].isupper()):
        window_start += cut + 1
        window = text[window_start:end]
    found = [(m.group(), window_start + m.start(), window_start + m.end()) for m in _WORD.finditer(window)]
    return found[-limit:]


def _is_qualifier(word: str) -> bool:
    """A country, organisation or acronym naming whose role it is: "Mỹ", "NATO", "EU’s", "Ukraine"."""
    bare = drop_possessive(word)
    return is_acronym(bare) or lookup(bare) is not None


def _scan(text: str, start: int) -> tuple[int | None, int | None, bool]:
    """Walk back from a name at `start`: (role start, role end, honorific seen)."""
    words = _words_before(text, start)
    between = text[words[-1][2]:start] if words else ""
    if words and between.strip() not in ("", ",", "-", "–"):
        return None, None, False
    i = len(words)
    role_start = role_end = None
    honorific = False
    pending_end = None  # end of qualifiers/inner words not yet confirmed by a title to their left
    while i > 0:
        matched = False
        for n in range(min(_MAX_TITLE_WORDS, i), 0, -1):
            phrase = " ".join(fold_keep_offsets(w) for w, _, _ in words[i - n:i]).replace(".", "")
            if phrase in TITLES:
                role_end = role_end or pending_end or words[i - 1][2]
                role_start = words[i - n][1]
                i -= n
                matched = True
                break
        if matched:
            continue
        word = words[i - 1][0]
        folded = fold_keep_offsets(word).rstrip(".")
        if folded in HONORIFICS and role_start is None and not honorific and i == len(words):
            honorific = True
            i -= 1
            continue
        qual = next((n for n in (3, 2, 1) if n <= i and _is_qualifier(" ".join(w for w, _, _ in words[i - n:i]))),
                    0)
        if qual or folded in _INNER or (folded in _MODIFIERS and role_start is not None):
            if role_start is not None and (qual or folded in _MODIFIERS):
                role_start = words[i - max(qual, 1)][1]  # "US Secretary of State", "cựu Thủ tướng"
            elif role_start is not None:
                break
            elif pending_end is None:
                pending_end = words[i - 1][2]
            i -= max(qual, 1)
            continue
        break
    return role_start, role_end, honorific


def role_before(text: str, mention) -> str | None:
    """The role written just before a mention ("Tổng thư ký NATO", "US Secretary of State"), or None."""
    start, end, _ = _scan(text, mention.start)
    if start is None or end is None:
        return None
    role = text[start:end].strip(" ,-–")
    return re.sub(r"^(?:the|The)\s+", "", role) or None


def role_start(text: str, start: int) -> int | None:
    """Where the role written before the name at `start` begins (a title, not a form of address), or None."""
    return _scan(text, start)[0]


def inside_role(word: str) -> bool:
    """Whether `word` may sit inside a role between its title and whose role it is: "Ngoại", "giao", "và"."""
    return fold_keep_offsets(word).rstrip(".") in _INNER


def title_start(text: str, start: int) -> int | None:
    """Where a title or honorific before the name at `start` begins, or None if there is none."""
    role_start, _, honorific = _scan(text, start)
    if role_start is not None:
        return role_start
    if honorific:
        return _words_before(text, start)[-1][1]
    return None
