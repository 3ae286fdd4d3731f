"""ROUGE-N and ROUGE-L for Vietnamese and English on lower-cased NFC tokens, punctuation removed.

Tokens are runs of letters and digits (`\\w+`, underscores count as spaces), so Vietnamese text gives one
token per syllable and pyvi's `_`-joined words are split back into syllables. With several references,
each one is scored on its own and precision, recall and F1 are averaged over them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)

TOKENIZATION = "Vietnamese syllables, lower-cased, NFC, punctuation removed"


def rouge_tokens(text: str) -> list[str]:
    """Lower-cased NFC word tokens with punctuation removed; Vietnamese syllables stay separate tokens."""
    # NFC first so each accented letter is one \w character; again after casefold, which can decompose
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return _WORD.findall(text.replace("_", " "))


def ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


def _score(hits: int, candidate: int, reference: int) -> Score:
    p = hits / candidate if candidate else 0.0
    r = hits / reference if reference else 0.0
    return Score(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def mean_score(scores: Sequence[Score]) -> Score:
    """Precision, recall and F1 each averaged (F1 is the mean of the F1s, not the F1 of the means)."""
    if not scores:
        raise ValueError("mean_score needs at least one score")
    k = len(scores)
    return Score(sum(s.precision for s in scores) / k, sum(s.recall for s in scores) / k, sum(s.f1 for s in scores) / k)


def rouge_n_tokens(candidate: Sequence[str], reference: Sequence[str], n: int = 2) -> Score:
    """ROUGE-N of token lists: clipped n-gram overlap."""
    cand, ref = ngrams(candidate, n), ngrams(reference, n)
    return _score(sum((cand & ref).values()), sum(cand.values()), sum(ref.values()))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two token lists.

    Bit-parallel dynamic programming (Crochemore et al. 2001): bit j of `v` is 0 where the DP row
    steps up at position j of `b`, so the LCS is the number of 0 bits; one big-integer update per token of `a`.
    """
    if not a or not b:
        return 0
    where: dict[str, int] = {}
    for j, tok in enumerate(b):
        where[tok] = where.get(tok, 0) | (1 << j)
    full = (1 << len(b)) - 1
    v = full
    for tok in a:
        u = v & where.get(tok, 0)
        v = ((v + u) | (v - u)) & full
    return len(b) - v.bit_count()


def rouge_l_tokens(candidate: Sequence[str], reference: Sequence[str]) -> Score:
    """ROUGE-L of token lists: LCS / candidate length, LCS / reference length and their F1 (beta = 1).

    The LCS runs over the whole summary as one sequence (no per-sentence union LCS).
    """
    return _score(lcs_length(candidate, reference), len(candidate), len(reference))


def _multi(metric: Callable[[list[str], list[str]], Score], candidate: str, references: Sequence[str]) -> Score:
    if not references:
        raise ValueError("ROUGE needs at least one reference")
    cand = rouge_tokens(candidate)
    return mean_score([metric(cand, rouge_tokens(ref)) for ref in references])


def rouge_n(candidate: str, reference: str, n: int = 2) -> Score:
    """ROUGE-N of one candidate against one reference (clipped n-gram overlap)."""
    return rouge_n_tokens(rouge_tokens(candidate), rouge_tokens(reference), n)


def rouge_n_multi(candidate: str, references: Sequence[str], n: int = 2) -> Score:
    """Mean ROUGE-N over several references (each reference scored on its own, then averaged)."""
    return _multi(lambda c, r: rouge_n_tokens(c, r, n), candidate, references)


def rouge_l(candidate: str, reference: str) -> Score:
    """ROUGE-L (LCS-based) of one candidate against one reference."""
    return rouge_l_tokens(rouge_tokens(candidate), rouge_tokens(reference))


def rouge_l_multi(candidate: str, references: Sequence[str]) -> Score:
    """Mean ROUGE-L over several references (each reference scored on its own, then averaged)."""
    return _multi(rouge_l_tokens, candidate, references)
