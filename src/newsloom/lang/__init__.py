"""Language data as data: the word lists, cues and titles newsloom reads text with.

One folder per language, named by its code (`lang/vi/`, `lang/en/`, `lang/fr/`, `lang/id/` ...), and
`lang/common/` for lists that hold words of several languages at once (a bilingual cue table, place names
written the same way in both) or say which languages do something (`decimal_comma_languages.txt`). Each list
is a UTF-8 file named after what it holds, the same name in every folder where it means the same:

- `NAME.txt`: one entry per line (a word or a phrase), in the order written;
- `NAME.tsv`: one row per line, columns separated by tabs (a word and what it means, a cue and its kind).

In both, blank lines and lines starting with `#` are skipped, so a list can be grouped and explained.
Vietnamese and English are read with lists of their own throughout; another language's folder holds the
few lists read for an article in that language only (its speech verbs, scale words, counted nouns ...),
asked for with `missing_ok=True`: a list its folder lacks, or a language with no folder, is no words. A new
language is a new folder and its tests (see "Adding a language" in docs/architecture.md).

    from newsloom import lang

    lang.words("vi", "titles")          # ("bộ trưởng", "chủ tịch", ...)
    lang.word_set("en", "demonyms")     # frozenset
    lang.rows("common", "measures")     # [("injured", "bị thương", ...), ...]
    lang.table("vi", "months")          # {"giêng": "1", ...}: the first column mapped to the second
    lang.groups("common", "measure_prepositions")  # {"to": ("to", "for", ...), ...}: rows GROUP<tab>ENTRY
    lang.alternation("vi", "day_parts") # "sang|trua|...": the list inside a regular expression
    lang.words(article.language, "quote_speech_verbs", missing_ok=True)  # () for a language without them
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

COMMON = "common"  # the folder of lists that are no one language's


def _folders() -> tuple[str, ...]:
    """The languages with a folder of lists, besides "common", in alphabetical order of their codes."""
    root = resources.files(__name__)
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and p.name != COMMON
                        and any(f.name.endswith((".txt", ".tsv")) for f in p.iterdir())))


LANGUAGES = _folders()  # found, not listed: a new folder is a new language


def _lines(lang: str, filename: str, missing_ok: bool = False) -> list[str]:
    if missing_ok and lang not in LANGUAGES:
        return []  # a language without a folder (or a code that names none: no path is made of it)
    try:
        text = resources.files(__name__).joinpath(lang, filename).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError) as err:
        if missing_ok:
            return []
        raise LookupError(f"newsloom has no language list {lang}/{filename}") from err
    return [line.rstrip("\r") for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")]


# `missing_ok`: for a list read per article language, which a language may not have ("no words"); without
# it a missing list is a LookupError (a misspelt name fails at once)


@cache
def words(lang: str, name: str, missing_ok: bool = False) -> tuple[str, ...]:
    """The entries of `lang/NAME.txt`, stripped, in file order."""
    return tuple(line.strip() for line in _lines(lang, f"{name}.txt", missing_ok))


@cache
def word_set(lang: str, name: str, missing_ok: bool = False) -> frozenset[str]:
    """The entries of `lang/NAME.txt` as a set."""
    return frozenset(words(lang, name, missing_ok))


@cache
def rows(lang: str, name: str, missing_ok: bool = False) -> tuple[tuple[str, ...], ...]:
    """The rows of `lang/NAME.tsv`, each a tuple of its tab-separated cells, stripped."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in _lines(lang, f"{name}.tsv", missing_ok))


@cache
def table(lang: str, name: str, missing_ok: bool = False) -> dict[str, str]:
    """`lang/NAME.tsv` as a mapping of its first column to its second."""
    return {row[0]: row[1] for row in rows(lang, name, missing_ok)}


@cache
def groups(lang: str, name: str) -> dict[str, tuple[str, ...]]:
    """`lang/NAME.tsv` of rows `GROUP<tab>ENTRY` (several short lists in one file) as a mapping of each
    group to its entries, in file order: {"to": ("to", "for", "cho"), "in": ("in", "at", "tại")}."""
    out: dict[str, list[str]] = {}
    for group, entry in rows(lang, name):
        out.setdefault(group, []).append(entry)
    return {group: tuple(entries) for group, entries in out.items()}


def alternatives(entries: Iterable[str], space: str = " ") -> str:
    """`entries` as the alternatives of a regular expression, in their order ("ngay|hom|sang"): each entry
    matched as written (its regex characters escaped), the space between two words matched by `space`
    (r"\\s+" for any run of white space)."""
    return "|".join(re.escape(entry).replace(r"\ ", space) for entry in entries)


@cache
def alternation(lang: str, name: str, space: str = " ") -> str:
    """The entries of `lang/NAME.txt` as `alternatives` of a regular expression, in file order."""
    return alternatives(words(lang, name), space)
