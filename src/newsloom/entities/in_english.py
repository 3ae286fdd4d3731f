"""A Vietnamese body's name in English, word by word (lang/vi/org_words_in_english.tsv), so that a body named in
each language is one entity without the gazetteer: "Ủy ban Cạnh tranh Quốc gia" is the "National Competition
Commission". Vietnamese puts a noun's modifiers after it, English before, so the words' English forms are read
last to first. Only a name all of whose words the table gives is translated: "Ủy ban Nhân dân tỉnh Bắc Ninh" is
not (no place is in the table), so it joins no other committee."""

from __future__ import annotations

from functools import lru_cache
from itertools import islice, product

from newsloom import lang
from newsloom.entities.text import alias_key, surface_key

_MOST = 8  # English names of one Vietnamese name, at most (a word may have two: Commission or Committee)
_GENERIC = lang.word_set("common", "generic_org_names")  # "Ủy ban Nhân dân", "People's Committee": any province's


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, ...], tuple[str, ...]]:
    return {tuple(surface_key(row[0]).split()): row[1:] for row in lang.rows("vi", "org_words_in_english")}


def english_names(name: str) -> list[str]:
    """The English names of a Vietnamese body's `name`, the qualifiers before the head first ("National Competition
    Commission", "National Competition Committee"), then after it ("Commission of National Competition"); none unless every word translates and there are two parts at least
    (a head and what qualifies it: "Bộ" alone names no ministry), nor for a name that is no one body in either
    language ("Ủy ban Nhân dân", any province's People's Committee)."""
    if alias_key(name) in _GENERIC:
        return []
    table = _table()
    longest = max(map(len, table))
    words = tuple(surface_key(name).split())
    parts: list[tuple[str, ...]] = []
    i = 0
    while i < len(words):
        n = next((n for n in range(min(longest, len(words) - i), 0, -1) if words[i:i + n] in table), 0)
        if n == 0:
            return []
        parts.append(table[words[i:i + n]])
        i += n
    if len(parts) < 2:
        return []
    names = []
    for *qualifiers, head in islice(product(*reversed(parts)), _MOST // 2):
        names.append(" ".join((*qualifiers, head)))
        names.append(f"{head} of {' '.join(qualifiers)}")  # "General Department of Customs"
    if _GENERIC.intersection(map(alias_key, names)):
        return []
    return sorted(names, key=lambda n: " of " in n)  # each qualifier before its head first
