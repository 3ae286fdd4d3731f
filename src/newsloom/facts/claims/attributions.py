"""Who said the words: a direct quote's words as the slot and its speaker as the value, so that two outlets
crediting the same words to different people contradict each other (one of them misattributes them).

The words are matched as written, in one language (case, marks and punctuation aside): a translation is
other words, and a quote of fewer than `MIN_WORDS` words (a slogan, "Không có vùng cấm, không có ngoại lệ")
may be said by many. Only a person named at the quote counts (`Quote.near`): a speaker taken from a title,
a pronoun or the clause's last name may be the quote reader's mistake. Only a conflict is reported
(`compare`): that two outlets credit the words to one speaker is already the quote slot's agreement.
"""

from __future__ import annotations

import hashlib
from datetime import date

from newsloom.facts.claims.meetings import display_name, units
from newsloom.facts.claims.statements import _WORDS, _sentence_of
from newsloom.model import Article, Claim
from newsloom.text.folding import fold_keep_offsets

MIN_WORDS = 10


def words_key(text: str) -> str:
    """The words of a quote as compared: folded, without punctuation."""
    return " ".join(_WORDS.findall(fold_keep_offsets(text)))


def extract(article: Article) -> list[Claim]:
    """One claim per direct quote of `MIN_WORDS` words or more whose speaker, a person, is named at it."""
    all_units = None
    claims = []
    for quote in article.quotes:
        key = words_key(quote.text)
        if not quote.near or not (quote.entity or "").startswith("PERSON:") or len(key.split()) < MIN_WORDS:
            continue
        all_units = all_units if all_units is not None else units(article)
        opening = " ".join(quote.text.split()[:8])
        claims.append(Claim(kind="attribution", slot=f"said:{hashlib.sha1(key.encode()).hexdigest()[:16]}",
                            value=quote.entity, text=quote.speaker or display_name(article, quote.entity),
                            sentence=_sentence_of(quote, all_units), subject=quote.entity,
                            detail=f"who said “{opening}{' …' if len(quote.text.split()) > 8 else ''}”"))
    return claims


def _words(key: str) -> set[str]:
    """A person key's words, without an article's local suffix ("PERSON:hai#bce79dca" -> {"hai"})."""
    return set(key.partition(":")[2].partition("#")[0].split())


def compatible(a: Claim, b: Claim, on: date | None = None) -> bool:
    """The same words credited to one person: the same key, or names one of which holds the other's words
    ("Nguyễn Thanh Hải" and "ông Hải" of a later article; "Ehsanullah Ehsan" and a misread "Ahrar Ehsanullah
    Ehsan")."""
    x, y = _words(a.value), _words(b.value)
    return x <= y or y <= x
