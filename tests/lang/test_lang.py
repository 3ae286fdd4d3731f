"""Language data lives in `newsloom/lang/<language>/`, not in code: the loader, and a scan of the source
for word lists left in `.py` files."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import parse_python
from newsloom import lang

SRC = Path(lang.__file__).resolve().parent.parent
MARK = "not language data"  # a comment that says why a literal of more than five words stays in code


def _word_lists(path: Path) -> list[tuple[int, int]]:
    """(line, entries) of the literals in `path` holding more than five words: sets, lists, tuples of
    strings, the string keys of lookup tables (dicts of constants), and regular expressions with more
    than five alternatives made of letters."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(parse_python(source)):
        n = 0
        if isinstance(node, ast.Set | ast.List | ast.Tuple):
            n = sum(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)
        elif isinstance(node, ast.Dict) and all(isinstance(v, ast.Constant | ast.Tuple) for v in node.values):
            # a lookup table (constant values); a dict built for JSON from computed values is not a word list
            n = sum(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in node.keys)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.count("|") >= 5:
            parts = [p for p in re.split(r"[|()]", node.value) if re.search(r"[^\W\d_]{2,}", p)]
            n = len(parts) if len(parts) > 5 else 0
        if n <= 5:
            continue
        # the comment may sit on the literal's first line, or on the lines just above its statement
        above = lines[max(0, node.lineno - 4):node.lineno]
        if not any(MARK in line for line in above):
            found.append((node.lineno, n))
    return found


def test_no_word_list_left_in_code():
    left = [f"{path.relative_to(SRC)}:{line} ({n} entries)" for path in sorted(SRC.rglob("*.py"))
            for line, n in _word_lists(path)]
    assert not left, (f"{len(left)} word lists in code: move them to newsloom/lang/<language>/, or say why "
                      f"they stay with a comment '# {MARK}: why':\n" + "\n".join(left))


def test_the_scan_finds_a_word_list(tmp_path):
    code = tmp_path / "m.py"
    code.write_text('TITLES = {"president", "minister", "mayor", "governor", "senator", "general"}\n'
                    'CUE = r"(?:said|says|told|added|noted|stressed)"\n'
                    'MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6}\n'
                    'row = {"a": x, "b": x, "c": x, "d": x, "e": x, "f": x}\n'
                    '# not language data: the columns of a table\nCOLUMNS = ("a", "b", "c", "d", "e", "f")\n')
    assert [line for line, _ in _word_lists(code)] == [1, 2, 3]


def test_lists_load_in_order_without_comments():
    for language in (*lang.LANGUAGES, "common"):
        folder = Path(lang.__file__).parent / language
        assert folder.is_dir(), f"no folder for {language}"
        for path in sorted(folder.glob("*.txt")):
            entries = lang.words(language, path.stem)
            assert entries, f"{path} is empty"
            assert not any(e.startswith("#") or not e for e in entries)
        for path in sorted(folder.glob("*.tsv")):
            assert lang.rows(language, path.stem), f"{path} is empty"


def test_a_missing_list_names_itself():
    with pytest.raises(LookupError, match="xx/nothing.txt"):
        lang.words("xx", "nothing")


def test_language_folders_are_found():
    assert {"vi", "en", "fr", "de", "es", "it", "pt", "id"} <= set(lang.LANGUAGES)
    assert "common" not in lang.LANGUAGES and list(lang.LANGUAGES) == sorted(lang.LANGUAGES)


def test_a_list_a_language_lacks_is_no_words_when_asked_so():
    assert lang.words("de", "quote_speech_verbs", missing_ok=True)[:2] == ("sagte", "sagt")
    assert lang.table("de", "currency_words", missing_ok=True) == {}  # German has none of its own
    assert lang.words("pl", "quote_speech_verbs", missing_ok=True) == ()  # no folder
    assert lang.rows("../en", "titles", missing_ok=True) == ()  # a code is no path
    with pytest.raises(LookupError, match="de/currency_words.tsv"):
        lang.table("de", "currency_words")
