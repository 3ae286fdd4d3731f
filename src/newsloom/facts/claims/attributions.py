"""Who said the words: a direct quote's words as the slot and its speaker as the value, so that two outlets
crediting the same words to different people contradict each other (one of them misattributes them).

The words are matched as written, in one language (case, marks and punctuation aside): a translation is
other words, and a quote of fewer than `MIN_WORDS` words ("đối thoại, đàm phán") may be said by many. Only
a conflict is reported (`compare`): that two outlets credit the words to one speaker is already the quote
slot's agreement.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

from newsloom.entities.text import fold
from newsloom.facts.claims.meetings import display_name
from newsloom.model import Article, Claim

MIN_WORDS = 6
_WORDS = re.compile(r"\w+")


def words_key(text: str) -> str:
    """The words of a quote as compared: folded, without punctuation."""
    return " ".join(_WORDS.findall(fold(text)))


def extract(article: Article) -> list[Claim]:
    """One claim per direct quote of `MIN_WORDS` words or more whose speaker was linked to a person (a body
    "says" what its documents and spokespeople say: "Quốc hội", "Ủy ban Dự thảo" both quote a law)."""
    claims = []
    for quote in article.quotes:
        key = words_key(quote.text)
        if not (quote.entity or "").startswith("PERSON:") or len(key.split()) < MIN_WORDS:
            continue
        opening = " ".join(quote.text.split()[:8])
        claims.append(Claim(kind="attribution", slot=f"said:{hashlib.sha1(key.encode()).hexdigest()[:16]}",
                            value=quote.entity, text=quote.speaker or display_name(article, quote.entity),
                            sentence=_sentence(article, quote.text), subject=quote.entity,
                            detail=f"who said “{opening}{' …' if len(quote.text.split()) > 8 else ''}”"))
    return claims


def _sentence(article: Article, text: str) -> int:
    """The sentence the quote starts in (-1 for the title), as far as its first words tell."""
    head = text[:40]
    return next((i for i, s in enumerate(article.sentences) if head in s), -1 if head in article.title else 0)


def compatible(a: Claim, b: Claim, on: date | None = None) -> bool:
    """The same words credited to the same speaker, or to names one of which holds the other's words ("Ehsanullah
    Ehsan" and a longer misread "Ahrar Ehsanullah Ehsan": one person the linker kept apart)."""
    x, y = (set(c.value.partition(":")[2].split()) for c in (a, b))
    return x <= y or y <= x
