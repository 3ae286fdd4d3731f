"""ROUGE-N for Vietnamese and English: lower-cased NFC tokens (syllables for Vietnamese), no punctuation."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)


def rouge_tokens(text: str) -> list[str]:
    """Lower-cased NFC word tokens with punctuation removed; Vietnamese syllables stay separate tokens."""
    text = unicodedata.normalize("NFC", text).casefold()
    return _WORD.findall(text.replace("_", " "))


def ngrams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


def rouge_n(candidate: str, reference: str, n: int = 2) -> Score:
    """ROUGE-N of one candidate against one reference (clipped n-gram overlap)."""
    cand = ngrams(rouge_tokens(candidate), n)
    ref = ngrams(rouge_tokens(reference), n)
    overlap = sum((cand & ref).values())
    p = overlap / sum(cand.values()) if cand else 0.0
    r = overlap / sum(ref.values()) if ref else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Score(p, r, f)


def rouge_n_multi(candidate: str, references: list[str], n: int = 2) -> Score:
    """Mean ROUGE-N over several references (each reference scored on its own, then averaged)."""
    if not references:
        raise ValueError("rouge_n_multi needs at least one reference")
    scores = [rouge_n(candidate, ref, n) for ref in references]
    k = len(scores)
    return Score(
        sum(s.precision for s in scores) / k,
        sum(s.recall for s in scores) / k,
        sum(s.f1 for s in scores) / k,
    )
