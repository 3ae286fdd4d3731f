"""Atomic claims of an article, one module per kind: roles, meetings, measures (amounts), durations,
results (a match's score), statements (quotes and reported speech) and attributions (who said a quote's words).

Each module has `extract(article) -> list[Claim]`; it reads the article's sentences, linked entity
mentions, amounts and quotes, so it runs after the entity, quote and amount stages.
"""

from __future__ import annotations

import re
from types import ModuleType

from newsloom import lang
from newsloom.facts._text import lower
from newsloom.facts.claims import attributions, durations, measures, meetings, results, roles, statements
from newsloom.facts.offices import OfficeRecord
from newsloom.model import Article, Claim

# each kind of claim (Claim.kind) and the module that extracts and compares it, in the order of extraction
KINDS: dict[str, ModuleType] = {"role": roles, "meeting": meetings, "amount": measures, "duration": durations,
                                "result": results, "quote": statements, "attribution": attributions}


# a sentence that says its figures were wrongly given: a correction's "ghi nhầm … là 14 năm tù"
_RETRACTED = re.compile(r"(?<!\w)(?:{})(?!\w)".format(lang.alternation("common", "retraction_cues")))
# … and the words after which it gives the right ones: "…, mức án đúng là 12 năm tù"
_CORRECTED = re.compile(r"(?<!\w)(?:{})(?!\w)".format(lang.alternation("common", "correction_cues")))


def extract_claims(article: Article, record: OfficeRecord | None = None) -> list[Claim]:
    """Every claim of `article`, none that a correction's sentence says was wrong; roles are resolved against
    `record` (default: the bundled one)."""
    with meetings.naming(article):
        claims = [claim for name, kind in KINDS.items()
                  for claim in (roles.extract(article, record) if name == "role" else kind.extract(article))]
    return [c for c in claims if c.kind == "quote" or not _retracted(lower(_sentence(article, c.sentence)), c)]


def _retracted(sentence: str, claim: Claim) -> bool:
    """Whether `claim` is a figure its sentence says was wrong: the sentence is a correction's, and the claim
    is not read in the clause of the words that give the right one ("…, mức án đúng là 12 năm tù")."""
    wrong = list(_RETRACTED.finditer(sentence))
    if not wrong:
        return False
    text = lower(claim.text)
    aside = _aside(sentence, wrong[-1].start())
    if aside is not None:  # "… 2,1 tỷ USD (bản tin trước ghi nhầm là 1,8 tỷ USD)": only the aside's figure
        return text in sentence[aside[0]:aside[1]] and text not in sentence[:aside[0]]
    for right in _CORRECTED.finditer(sentence, wrong[-1].end()):  # the claim in the clause the words open, and
        at = sentence.find(text, right.end())  # not given before them ("người thực tế là chủ mưu, bị tuyên phạt 14
        between = sentence[right.end():at].lstrip(" ,")  # "in fact, Khai was sentenced to 12 years"
        if at >= 0 and not re.search(r"[,;:]", between) and text not in sentence[:right.start()]:
            return False  # năm tù" is still the wrong figure)
    return True


def _aside(sentence: str, at: int) -> tuple[int, int] | None:
    """The bounds of the parenthesis holding position `at` of `sentence`, or None."""
    start = sentence.rfind("(", 0, at)
    end = sentence.find(")", at)
    return (start, end) if start >= 0 and end >= 0 and ")" not in sentence[start:at] else None


def _sentence(article: Article, index: int) -> str:
    """The sentence a claim was read from: the title's (-1) or the text's."""
    return article.title if index < 0 else article.sentences[index] if index < len(article.sentences) else ""
