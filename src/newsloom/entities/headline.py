"""The names in an article's title: found as in its text, and, in a headline-case title ("Nurse Sues
Bombing Suspect Rudolph", "GORE SPEAKS"), only those its text or the gazetteer bears out: the model reads
runs of capitalised words there as names ("Gingrich Getting Married")."""

from __future__ import annotations

import re
from functools import lru_cache

from newsloom.entities import gazetteer
from newsloom.entities.extract import extract_mentions
from newsloom.model import Article, Mention
from newsloom.text.folding import fold_keep_offsets


def title_article(a: Article) -> Article:
    """The title as an article of one sentence, for finding and linking its mentions."""
    return Article(id=a.id, origin=a.origin, title="", text=a.title, lang=a.lang, sentences=[a.title])


def title_mentions(a: Article) -> list[Mention]:
    """The mentions of `a`'s title (`field` "title"), read one title at a time; `a.mentions`: its text's."""
    found = extract_mentions(title_article(a))
    if a.language != "vi" and headline_case(a.title):  # Vietnamese capitalises every syllable of a name
        found = _borne_out(a, found)
    for m in found:
        m.field = "title"
    return found


def headline_case(title: str) -> bool:
    """Whether a title capitalises most of its words, which makes the model read runs of them as names."""
    words = re.findall(r"[^\W\d_]{4,}", title)[1:]  # the first word is capitalised in any title
    return len(words) >= 1 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _capitalised(name: str) -> bool:
    """Whether `name` is written as a name: its first and last words, and its words of four letters or more,
    capitalised ("Tra Khuc River", "Bureau of Alcohol"; not "Israel wants", "Harvard study")."""
    words = name.split()
    return all(w[:1].isupper() for i, w in enumerate(words) if i in (0, len(words) - 1) or len(w) >= 4)


@lru_cache(maxsize=1 << 12)
def _written(name: str) -> re.Pattern[str]:
    """`name` as a whole word or words of a folded text."""
    return re.compile(rf"(?<!\w){re.escape(fold_keep_offsets(name))}(?!\w)")


def _borne_out(a: Article, found: list[Mention]) -> list[Mention]:
    """The names of a headline-case title: the text's names wherever the title writes them (case aside), and
    those the model found in it that the text writes as a name too or the gazetteer knows, the longest first;
    not "Gingrich Getting Married" or "Orders Microsoft Split" (an analyst's store had 36 such entities of
    three words or more)."""
    title, text = a.title, fold_keep_offsets(a.text)
    folded = fold_keep_offsets(title)
    candidates = [Mention(title[hit.start():hit.end()], label, hit.start(), hit.end())
                  for name, label in {(m.text, m.label) for m in a.mentions} for hit in _written(name).finditer(folded)
                  if not name.isupper() or title[hit.start():hit.end()].isupper()]  # "US", not "Tell Us"
    candidates += [m for m in found if gazetteer.lookup_written(m.text) is not None
                   or any(_capitalised(a.text[h.start():h.end()]) for h in _written(m.text).finditer(text))]
    kept: list[Mention] = []
    for m in sorted(candidates, key=lambda m: (m.start - m.end, m.start)):  # the longest first
        if not any(m.start < k.end and k.start < m.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)
