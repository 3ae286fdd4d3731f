"""Every list the code asks for is there, in the language it is asked of; lists read in two places are one
file; and the lists read folded are written folded."""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import parse_python
from newsloom import lang
from newsloom.entities.text import surface_key
from newsloom.text.folding import fold_keep_offsets

SRC = Path(lang.__file__).resolve().parent.parent
LOADERS = {"words": ".txt", "word_set": ".txt", "alternation": ".txt", "rows": ".tsv", "table": ".tsv",
           "groups": ".tsv"}


def _lang_calls() -> Iterator[ast.Call]:
    """Every `lang.LOADER(language, "name", ...)` call in the source whose name is written out."""
    for path in SRC.rglob("*.py"):
        for node in ast.walk(parse_python(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "lang"
                    and node.func.attr in LOADERS and len(node.args) >= 2
                    and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)):
                yield node


def _asked_for() -> set[tuple[str, str, str]]:
    """(language, name, suffix) of every `lang.LOADER("xx", "name")` call in the source with literal arguments."""
    return {(node.args[0].value, node.args[1].value, LOADERS[node.func.attr]) for node in _lang_calls()
            if isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)}


def _asked_per_language() -> set[tuple[str, str]]:
    """(name, suffix) of every `lang.LOADER(code, "name", missing_ok=True)` call: a list read in the article's
    own language, which a language's folder may have or not."""
    return {(node.args[1].value, LOADERS[node.func.attr]) for node in _lang_calls()
            if any(k.arg == "missing_ok" for k in node.keywords)}


def test_a_language_folders_lists_are_read_by_their_names():
    """A list of another language's folder is read only if its name is one the code asks of the article's
    language (a misspelt name would be no words, silently)."""
    asked = _asked_per_language()
    assert ("quote_speech_verbs", ".txt") in asked and ("amount_scales", ".tsv") in asked
    for language in set(lang.LANGUAGES) - {"vi", "en"}:
        for path in (Path(lang.__file__).parent / language).glob("*.*"):
            assert (path.stem, path.suffix) in asked, f"{language}/{path.name} is read by no code"


def test_the_code_asks_for_lists():
    assert ("vi", "titles", ".txt") in _asked_for()


@pytest.mark.parametrize(("language", "name", "suffix"), sorted(_asked_for()))
def test_every_list_asked_for_is_there(language, name, suffix):
    assert language in (*lang.LANGUAGES, "common")
    path = Path(lang.__file__).parent / language / f"{name}{suffix}"
    assert path.is_file(), f"the code asks for {language}/{name}{suffix}"


def test_lists_are_nfc_with_a_header():
    for path in Path(lang.__file__).parent.glob("*/*.*"):
        if path.suffix not in (".txt", ".tsv"):
            continue
        text = path.read_text(encoding="utf-8")
        assert text == unicodedata.normalize("NFC", text), f"{path} is not NFC"
        assert text.startswith("#"), f"{path} says nothing of what it holds"


@pytest.mark.parametrize(("language", "name"), [("vi", "titles"), ("vi", "person_cues"), ("vi", "generic_orgs"),
                                                ("vi", "legal_documents"), ("common", "title_modifiers"),
                                                ("common", "role_inner_words"), ("vi", "date_cues"),
                                                ("id", "titles")])
def test_lists_read_folded_are_written_folded(language, name):
    for entry in lang.words(language, name):
        assert fold_keep_offsets(entry) == entry, f"{language}/{name}: {entry!r} is compared folded"


def test_forms_of_address_are_one_list_read_two_ways():
    from newsloom.entities import extract, titles

    written = lang.words("common", "forms_of_address")
    assert "ông" in written
    assert {fold_keep_offsets(w) for w in written} == titles.HONORIFICS and "ong" in titles.HONORIFICS
    assert frozenset(map(surface_key, written)) == extract._VI_ADDRESS and "ông" in extract._VI_ADDRESS


def test_weekdays_are_one_list_read_two_ways():
    from newsloom.entities import extract
    from newsloom.text import dates

    assert dates._WEEKDAYS_VI["tu"] == 2 and dates._WEEKDAYS_VI["7"] == 5
    assert surface_key("Tư") in extract._VI_WEEKDAYS


def test_alternatives_match_entries_as_written():
    alternatives = lang.alternatives(["U.S.", "set to"], space=r"\s+")
    pattern = re.compile(f"^(?:{alternatives})$")
    assert pattern.match("U.S.") and pattern.match("set   to")
    assert not pattern.match("UxSx")
