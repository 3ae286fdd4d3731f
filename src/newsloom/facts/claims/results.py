"""A match's final score: "Vietnam beat Indonesia 2-1", "Việt Nam giành chiến thắng 2-1 trước Indonesia",
"Thái Lan hòa Việt Nam 1-1".

slot  = "result:" + the two sides' entity keys, sorted, joined by "|"
value = the two scores, the higher first ("2-1"): outlets write a score from either side ("thua 0-1",
        "lost 1-0"), so only the score is compared, not who won.

A side is a country or a body (a club, a team) named in the score's clause: the two nearest before the score,
else the nearest after it. A clause needs a result word ("beat", "hòa", "thua") and none that makes the score
something else (an equaliser, a half, a set, a shoot-out: lang/common/result_cues.tsv); a sentence with two
scores or more (a list of results, a tennis match's sets) gives none.
"""

from __future__ import annotations

import re
from datetime import date

from newsloom import lang
from newsloom.facts._text import alternation
from newsloom.facts.claims.meetings import Unit, display_name, units
from newsloom.model import Article, Claim

_CUES = lang.groups("common", "result_cues")
_RESULT = re.compile(r"(?<!\w)(?:{})(?!\w)".format(alternation(_CUES["result"])))
_NOT = re.compile(r"(?<!\w)(?:{})(?!\w)".format(alternation(_CUES["not"])))
_SCORE = re.compile(r"(?<![\w/.:,-])(\d{1,2})\s?[-–]\s?(\d{1,2})(?![\w/:%-]|[.,]\d)")
_CLAUSE = re.compile(r"[,;:()]|\s[-–—]\s")
_OPPONENT = re.compile(r"(?:\s+\w+){{0,2}}\s+(?:{})\s+".format(alternation(_CUES["opponent"])))
_OWNER = re.compile(r"['’]s\s")  # "Thailand's Bangkok Harbour FC"
_SIDE_WORDS = 5  # ... and between a side before it and the score ("Việt Nam giành chiến thắng 2-1")
_RESULT_WORDS = 3  # words at most between a result word and the score, the sides' names left out
_DAY_BEFORE = re.compile(r"(?<!\w)(?:{})\s+$".format(alternation(_CUES["date before"])))
_DAY_AFTER = re.compile(r"\s+(?:{})(?!\w)".format(alternation((*_CUES["date after"], *lang.table("en", "months")))))
# a range, no score: "khoảng 2-3 người", "from 5-7 days"
_QUALIFIED = re.compile(r"(?<!\w)(?:{})\s+$".format(alternation(
    (*lang.words("en", "amount_qualifiers"), *lang.words("vi", "amount_qualifiers"), "từ", "from", "between"))))
_COUNTED = re.compile(r"\s+(?:{})(?!\w)".format(alternation(
    (*lang.words("en", "counted_nouns"), *lang.words("vi", "counted_nouns")))))
_SIDES = ("LOC", "ORG")
_WORD = re.compile(r"[^\W\d_]{2,}")  # a word of letters: "23" of "U.23" is none


def extract(article: Article) -> list[Claim]:
    claims = []
    for unit in units(article):
        scores = list(_SCORE.finditer(unit.text))
        if len(scores) != 1:
            continue
        m = scores[0]
        low = unit.low
        lo = max((c.end() for c in _CLAUSE.finditer(low, 0, m.start())), default=0)
        hi = next((c.start() for c in _CLAUSE.finditer(low, m.end())), len(low))
        if _NOT.search(low, lo, hi) or _QUALIFIED.search(low, 0, m.start()) or _COUNTED.match(low, m.end()) \
                or _DAY_BEFORE.search(low, 0, m.start()) or _DAY_AFTER.match(low, m.end()):
            continue  # an equaliser, a half; a range; a day
        if not any(_words_between(unit, *((r.end(), m.start()) if r.end() <= m.start() else (m.end(), r.start())))
                   <= _RESULT_WORDS for r in _RESULT.finditer(low, lo, hi)):
            continue  # "beat Indonesia 2-1", "a 2-1 win"; not "Đảng Cộng hòa" (republican) far from it
        sides = _sides(unit, lo, m.start(), m.end(), hi)
        if sides is None:
            continue
        value = "-".join(sorted((m.group(1), m.group(2)), key=int, reverse=True))
        claims.append(Claim(kind="result", slot="result:" + "|".join(sorted(sides)), value=value, text=m.group(),
                            sentence=unit.index, subject=None,
                            detail="score of " + " – ".join(display_name(article, s) for s in sides)))
    return claims


def _sides(unit: Unit, lo: int, start: int, end: int, hi: int) -> list[str] | None:
    """The two sides' keys in the order written: the nearest before the score in its clause and the one an
    opponent word names right after it ("thắng lợi 4-0 trước Đồng Tháp", "lost 1-2 to Vietnam"), else the two
    nearest before ("beat Indonesia 2-1"). A side before is a few words from the score at most ("FLC Thanh Hóa
    và Hải Phòng đều hưng phấn khi đội bóng xứ Thanh giành thắng lợi 4-0" names neither); a country owning
    the next side is none ("Thailand's Bangkok Harbour FC"). None unless there are two."""
    named = [p for p in unit.mentions if p.label in _SIDES and p.entity and lo <= p.start and p.end <= hi
             and not _OWNER.match(unit.text, p.end)]
    near = [p for p in reversed(named) if p.end <= start and _words_between(unit, p.end, start) <= _SIDE_WORDS]
    against = next((p for p in named if p.start >= end), None)
    if near and against is not None and _OPPONENT.fullmatch(unit.low, end, against.start) \
            and against.entity != near[0].entity:
        return [near[0].entity, against.entity]
    # two names with no word between are one side's: "U.23 Việt Nam thắng Santos 3-1" ("U." and "Việt Nam")
    other = next((p for p in near[1:] if p.entity != near[0].entity and _WORD.search(unit.text, p.end, near[0].start)), None)
    return [other.entity, near[0].entity] if other is not None else None


def _words_between(unit: Unit, a: int, b: int) -> int:
    """The words of unit.text[a:b] that are no side's name: "beat Indonesia 2-1" has none."""
    names = [(p.start, p.end) for p in unit.mentions if p.label in _SIDES]
    return sum(1 for w in re.finditer(r"\w+", unit.text[a:b])
               if not any(s <= a + w.start() < e for s, e in names))


def compatible(a: Claim, b: Claim, on: date | None = None) -> bool:
    """The same score."""
    return a.value == b.value
