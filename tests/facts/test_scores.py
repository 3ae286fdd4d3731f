"""Per-source scores (facts/scores.py) from compared findings."""

from __future__ import annotations

from newsloom.facts.compare import Comparison, Evidence, Finding, Position
from newsloom.facts.scores import source_scores


def _position(value: str, *sources: str) -> Position:
    return Position(value, value, len(sources), [Evidence(f"a-{s}", s, "en", value, value, True) for s in sources])


def test_the_majority_side_of_a_conflict_is_not_contradicted():
    """A fact-checker: the outlet on the majority side of nearly every conflict scored 44% contradicted."""
    two_against_one = Finding("conflict", "amount", "amount:deaths", "deaths",
                              [_position("9 people", "A", "B"), _position("7 people", "C")])
    one_against_one = Finding("conflict", "amount", "amount:injured", "injured",
                              [_position("5 people", "A"), _position("6 people", "C")])
    scores = {s.source: s for s in source_scores([Comparison(None, "", [two_against_one, one_against_one])])}
    assert {k: (s.claims, s.contradicted, s.corroborated) for k, s in scores.items()} == {
        "A": (2, 1, 1), "B": (1, 0, 1), "C": (2, 2, 0)}


def test_the_side_the_office_record_bears_out_is_not_contradicted():
    """tester40: the outlet naming the current foreign minister was "contradicted" by one naming the one before."""
    right, stale = _position("PERSON:baek", "A"), _position("PERSON:yoon", "C")
    right.fits_record, stale.fits_record = True, False
    finding = Finding("conflict", "role", "role:kr/foreign-minister", "Foreign Minister", [right, stale])
    scores = {s.source: s for s in source_scores([Comparison(None, "", [finding])])}
    assert {k: (s.contradicted, s.against_record) for k, s in scores.items()} == {"A": (0, 0), "C": (1, 1)}
