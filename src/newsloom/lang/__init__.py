"""Language data as data: the word lists, cues and titles newsloom reads text with.

One folder per language (`lang/vi/`, `lang/en/`) and `lang/common/` for lists that hold words of several
languages at once (a bilingual cue table, place names written the same way in both). Each list is a UTF-8
file named after what it holds:

- `NAME.txt`: one entry per line (a word or a phrase), in the order written;
- `NAME.tsv`: one row per line, columns separated by tabs (a word and what it means, a cue and its kind).

In both, blank lines and lines starting with `#` are skipped, so a list can be grouped and explained.
Vietnamese and English have folders; another language's words go in the shared lists of `lang/common/`
(see "Adding a language" in docs/architecture.md), with its tests.

    from newsloom import lang

    lang.words("vi", "titles")          # ("bộ trưởng", "chủ tịch", ...)
    lang.word_set("en", "demonyms")     # frozenset
    lang.rows("common", "measures")     # [("injured", "bị thương", ...), ...]
    lang.table("vi", "months")          # {"giêng": "1", ...}: the first column mapped to the second
    lang.groups("common", "measure_prepositions")  # {"to": ("to", "for", ...), ...}: rows GROUP<tab>ENTRY
    lang.alternation("vi", "day_parts") # "sang|trua|...": the list inside a regular expression
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

LANGUAGES = ("vi", "en")  # the languages with a folder, besides "common"


def _lines(lang: str, filename: str) -> list[str]:
    try:
        text = resources.files(__name__).joinpath(lang, filename).read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise LookupError(f"newsloom has no language list {lang}/{filename}") from err
    return [line.rstrip("\r") for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")]


@cache
def words(lang: str, name: str) -> tuple[str, ...]:
    """The entries of `lang/NAME.txt`, stripped, in file order."""
    return tuple(line.strip() for line in _lines(lang, f"{name}.txt"))


@cache
def word_set(lang: str, name: str) -> frozenset[str]:
    """The entries of `lang/NAME.txt` as a set."""
    return frozenset(words(lang, name))


@cache
def rows(lang: str, name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of `lang/NAME.tsv`, each a tuple of its tab-separated cells, stripped."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in _lines(lang, f"{name}.tsv"))


@cache
def table(lang: str, name: str) -> dict[str, str]:
    """`lang/NAME.tsv` as a mapping of its first column to its second."""
    return {row[0]: row[1] for row in rows(lang, name)}


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
