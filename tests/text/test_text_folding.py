"""The folding variants of newsloom.text.folding, and the old names that read them."""

from __future__ import annotations

from newsloom.text.folding import (
    alias_key,
    casefold_words,
    fold_keep_offsets,
    fold_latin_keep_offsets,
    strip_accents,
    surface_key,
)


def test_fold_keep_offsets_lowercases_any_script_one_for_one():
    text = "Ngoại trưởng Đức, ΣΟΦΙΑ"
    folded = fold_keep_offsets(text)
    assert folded == "ngoai truong duc, σοφια"
    assert len(folded) == len(text)


def test_fold_latin_keep_offsets_leaves_other_scripts():
    text = "Ngày 13/11, ΣΟΦΙΑ"
    assert fold_latin_keep_offsets(text) == "ngay 13/11, ΣΟΦΙΑ"
    assert len(fold_latin_keep_offsets(text)) == len(text)


def test_strip_accents_keeps_case():
    assert strip_accents("Quảng Ngãi, Đà Nẵng") == "Quang Ngai, Da Nang"


def test_casefold_words():
    assert casefold_words("  Hà  Nội\nHÀ NỘI ") == "hà nội hà nội"


def test_keys():
    assert alias_key("the U.S.’s") == "the us"
    assert alias_key("Ngà") == alias_key("Nga") == "nga"
    assert surface_key("Ngà") != surface_key("Nga")
    assert surface_key("Hoà") == surface_key("hòa")


def test_old_names_are_the_variants():
    from newsloom import digest
    from newsloom.entities import gazetteer, text
    from newsloom.text import dates

    assert text.alias_key is alias_key and text.surface_key is surface_key and not hasattr(text, "fold")
    assert gazetteer.fold_accents is strip_accents
    assert dates._fold is fold_latin_keep_offsets
    assert digest._fold is casefold_words
