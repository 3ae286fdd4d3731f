"""Durations and deadlines: how long something lasts or how much time is left.

The slot that matters most is the time left in an office holder's term:

    "khi chỉ còn chưa đầy một năm nữa là kết thúc nhiệm kỳ của Tổng thống Biden"  -> 182..365 days
    "in the final weeks of President Joe Biden's term"                               -> 7..91 days
    "With just months remaining in Biden's presidency"                               -> 60..180 days
    "… before January 20th" (said of the outgoing holder)                             -> until --01-20

slot  = "duration:term-left:" + the holder's person key
value = "LO..HI", an interval in days, or a deadline "until --MM-DD" / "until YYYY-MM-DD".
`compatible` turns a deadline into days from the story's event date and checks the intervals overlap.

Lengths of a few other things (a war, a ceasefire, a visit, talks) get "duration:war[:LOC:…]" etc.
when a length verb ("kéo dài", "lasted", "for") puts a duration on them.

The time building or repair works take ("would be rebuilt … within 90 days", "sửa cầu Bến Đá trong 90 ngày",
"việc sửa chữa dự kiến hoàn thành trong 9 tháng", "mất 9 tháng để xây lại") gets the slot "duration:works",
and a deadline for them ("by January 18, 2026", "trước ngày 18/1/2026") is a value of the same slot.
The slot names no object: what is built is often named sentences away in one language and in the
sentence in the other ("the approach road", "cầu Bến Đá"), and a qualifier found on one side only would
split the slot.

Prison sentences given ("Hào bị tuyên phạt 10 năm tù", "was sentenced to 12 years in prison", an appeal's
new sentence) get "duration:prison:PERSON:…", of the person they are given to (none found, no claim), in
exact days; the day a line, bridge or plant opens gets "duration:opening", a deadline, and the day a rule, ban
or law takes effect "duration:effective", a deadline to the day or to the month ("until 2027-01"); the day a
person takes up an office "duration:office-start:PERSON:…" ("giữ chức Tổng giám đốc kể từ ngày 15/10/2026").
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from newsloom import lang
from newsloom.facts._text import alternation
from newsloom.facts.claims.meetings import Unit, display_name, is_person, units
from newsloom.model import Article, Claim, Mention
from newsloom.text.folding import fold_keep_offsets

_W = r"(?<!\w)(?:{})(?!\w)"


def _alt(*words: str) -> str:
    return alternation(words)


_CUES = lang.groups("common", "duration_cues")
_UNIT_DAYS = {word: int(days) for word, days in lang.table("common", "duration_units").items()}
_NUMBERS = {word: int(number) for word, number in lang.table("common", "duration_number_words").items()}
# Vague counts, in units: "a few months" is two to six months (60..180 days).
_VAGUE = {word: (int(lo), int(hi)) for word, lo, hi in lang.rows("common", "duration_vague_counts")}
# A bare plural, in units: "the final weeks", "những tháng cuối". Weeks are counted up to about
# thirteen (beyond three months writers switch to months), so "the final weeks" of a term that ends
# 68 days later is right; months run to eleven (twelve is "a year").
_BARE = {7: (1, 13), 30: (2, 11), 1: (2, 14), 365: (2, 10)}
_FOLDED_NUMBERS = {fold_keep_offsets(k): v for k, v in _NUMBERS.items()}
_FOLDED_VAGUE = {" ".join(fold_keep_offsets(k).split()): v for k, v in _VAGUE.items()}
_FOLDED_UNITS = {fold_keep_offsets(k): v for k, v in _UNIT_DAYS.items()}

_LESS = re.compile(_W.format(_alt(*_CUES["less"])))
_NEARLY = re.compile(_W.format(_alt(*_CUES["nearly"])))
_MORE = re.compile(_W.format(_alt(*_CUES["more"])))
_ABOUT = re.compile(_W.format(_alt(*_CUES["about"])))
_JUST = re.compile(_W.format(_alt(*_CUES["just"])))
_FINAL = re.compile(_W.format(_alt(*_CUES["final"])))
_FORWARD = re.compile(_W.format(_alt(*_CUES["forward"])))
_PAST = re.compile(_W.format(_alt(*_CUES["past"])))

_PRE = _alt(*_CUES["pre"])
_COUNT = r"\d+|" + _alt(*_NUMBERS, *_VAGUE)
_UNIT = _alt(*_UNIT_DAYS)
_POST = _alt(*_CUES["post"])
_PHRASE = re.compile(
    rf"(?<!\w)(?P<pre>(?:(?:{_PRE})\s+)*)(?:(?P<count>{_COUNT})\s+)?(?P<unit>{_UNIT})"
    rf"(?:\s+(?P<post>{_POST}))?(?!\w)")

_TERM = re.compile(_W.format(_alt(*_CUES["term"])) +
                   r"|(?<![\w-])term(?![\w-])(?<!long term)(?<!short term)(?<!near term)(?<!medium term)")
# verbs that say a term ends ("kết thúc", "ends"); markers of what is left are in _FINAL
_END_VERB = re.compile(_W.format(_alt(*_CUES["end verb"])))
_TRANSITION = re.compile(_W.format(_alt(*_CUES["transition"])))

_MONTHS = {name: int(number) for name, number in lang.table("en", "deadline_months").items()}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DEADLINE_PREP = _alt(*_CUES["deadline before"], *_CUES["deadline on"])
_ORDINAL = "st|nd|rd|th"  # "January 20th"
_DATE = (rf"(?:(?P<mon>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:{_ORDINAL})?(?:,?\s+(?P<y1>\d{{4}}))?"
         rf"|(?P<d2>\d{{1,2}})(?:{_ORDINAL})?\s+(?:of\s+)?(?P<mon2>{_MONTH})(?:,?\s+(?P<y2>\d{{4}}))?"
         rf"|(?P<d3>\d{{1,2}})\s*/\s*(?P<m3>\d{{1,2}})(?:\s*/\s*(?P<y3>\d{{4}}))?(?![\d/])"
         rf"|(?P<d4>\d{{1,2}})\s+(?:tháng|thang)\s+(?P<m4>\d{{1,2}})(?:\s+(?:năm|nam)\s+(?P<y4>\d{{4}}))?)")
_DEADLINE = re.compile(rf"(?<!\w)(?P<prep>{_DEADLINE_PREP})\s+(?:(?:ngày|ngay|the)\s+)?{_DATE}(?!\w)")
_BEFORE_PREPS = {fold_keep_offsets(p) for p in _CUES["deadline before"]}

# Other things whose length is stated, and the verbs that state it.
_THINGS = tuple((thing, _alt(*_CUES[thing])) for thing in ("war", "ceasefire", "visit", "talks"))
_LENGTH_VERB = re.compile(_W.format(_alt(*_CUES["length verb"])) + r"\s+$")
_PLACE_PREP = re.compile(r"(?<!\w)(?:{})\s+$".format("|".join(_CUES["place preposition"])))  # "the war in Ukraine"

# Building and repair works: the verbs and nouns that name them, and what puts a length on them.
_WORKS = re.compile(_W.format(_alt(*_CUES["works"])))
_WORKS_LENGTH = re.compile(_W.format(_alt(*_CUES["works length"])) + r"\s+$")
_WORKS_AFTER = re.compile(r"^\s+(?:(?:to|for|để|cho)\s+)?")  # "mất 9 tháng để xây lại", "take 9 months to rebuild"
_WORKS_WORDS = 16  # words a works cue may stand before the duration it is given
# "trong 9 tháng đầu năm", "in the first 9 months of the year": part of a calendar year, not a length
_PART_OF_YEAR = re.compile(r"\s+(?:{}|of\s+(?:{})\s+year|of\s+\d{{4}}|(?:{})(?!\w))".format(
    _alt(*_CUES["part of year"]), "|".join(_CUES["year of"]), "|".join(_CUES["year end"])))


def _works_claims(unit: Unit) -> list[Claim]:
    """How long building or repair works take, and the deadline set for them."""
    low = unit.low
    cues = list(_WORKS.finditer(low))
    if not cues:
        return []
    claims: list[Claim] = []

    def cue_before(pos: int) -> bool:
        clause = max((m.end() for m in re.finditer(r"[;:!?]|\.\s", low[:pos])), default=0)
        return any(clause <= c.start() and len(low[c.end():pos].split()) <= _WORKS_WORDS for c in cues
                   if c.end() <= pos)

    def claim(value: str, text: str) -> Claim:
        return Claim(kind="duration", slot="duration:works", value=value, text=text, sentence=unit.index,
                     detail="time to complete the works")

    for m in _PHRASE.finditer(low):
        span = _interval(m)
        if span is None or m.group("count") is None or _is_past(m, low) or _PART_OF_YEAR.match(low, m.end()) \
                or re.search(r"\bfirst\s+$", low[:m.start()]):
            continue
        if not any(_WORKS_LENGTH.search(low[max(0, end - 25):end])  # "take about 9 months", "over 9 months"
                   for end in (m.start(), m.start() + len(m.group("pre") or ""))):
            continue
        after = _WORKS_AFTER.match(low[m.end():])
        cue_after = after is not None and any(c.start() == m.end() + after.end() for c in cues)
        if cue_before(m.start()) or cue_after:
            claims.append(claim(f"{span[0]}..{span[1]}", unit.text[m.start():m.end()].strip()))
    for d in _DEADLINE.finditer(low):
        value = _deadline_value(d)
        if value is not None and fold_keep_offsets(d.group("prep")) in _BEFORE_PREPS and cue_before(d.start()):
            claims.append(claim(value, unit.text[d.start():d.end()]))
    return claims


def _interval(m: re.Match[str]) -> tuple[int, int] | None:
    """Days (lo, hi) a duration phrase stands for; None when it is not a duration of its own."""
    pre, count, post = m.group("pre") or "", m.group("count"), m.group("post") or ""
    word = fold_keep_offsets(m.group("unit"))
    unit = _FOLDED_UNITS[word]
    if count is None:
        if word in _CUES["singular unit"]:
            return None  # "năm tới" is "next year", "ngày" also "date"; a singular alone is no length
        if not (re.sub(r"\b(?:the|những|nhung|các|cac)\b", "", pre).strip() or post):
            return None  # "the months", "những tháng" say no span
        lo, hi = _BARE[unit]
        if _JUST.search(pre):
            lo, hi = _VAGUE["a few"]  # "just months": only a few of them
        return lo * unit, hi * unit
    key = " ".join(fold_keep_offsets(count).split())
    if key in _FOLDED_VAGUE:
        lo, hi = _FOLDED_VAGUE[key]
        return lo * unit, hi * unit
    n = float(count) if count.isdigit() else float(_FOLDED_NUMBERS.get(key, 0))
    if n <= 0:
        return None
    days = n * unit
    if _LESS.search(pre):
        # "less than a year" / "chưa đầy một năm": news uses it for most of that span, close to the
        # whole of it; with much less to go a writer counts months. So the upper half: 182..365.
        return round(days / 2), round(days)
    if _NEARLY.search(pre):
        return round(days * 0.75), round(days)
    if _MORE.search(pre):
        return round(days), round(days * 1.5)
    if _ABOUT.search(pre):
        return round(days * 0.75), round(days * 1.25)
    return round(days * 0.85), round(days * 1.15)


def _is_past(m: re.Match[str], low: str) -> bool:
    """"the past four years", "bốn năm qua", "two weeks ago", "the last four years" (not "the last weeks of")."""
    pre, post = m.group("pre") or "", m.group("post") or ""
    if _PAST.search(pre) or _PAST.search(post):
        return True
    return bool(re.search(r"\blast\b", pre)) and not re.match(r"\s+of\b", low[m.end():])


def _nearest_person(unit: Unit, pos: int, persons: list[Mention]) -> Mention | None:
    """The person nearest `pos`, leaving out one called the elect/incoming/successor."""
    keep = [p for p in persons if not _TRANSITION.search(unit.low[max(0, p.start - 25):p.start])]
    return min(keep, key=lambda p: min(abs(p.start - pos), abs(p.end - pos)), default=None)


def _term_holder(all_units: list[tuple[Unit, list[Mention]]]) -> str | None:
    """The person whose term the article says is ending: most often the one next to "term"/"nhiệm kỳ"."""
    votes: Counter[str] = Counter()
    for unit, persons in all_units:
        low = unit.low
        for t in _TERM.finditer(low):
            if _END_VERB.search(low) or _FINAL.search(low):
                holder = _nearest_person(unit, t.start(), persons)
                if holder is not None:
                    votes[holder.entity] += 1
    return votes.most_common(1)[0][0] if votes else None


def _deadline_value(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    if g["mon"] or g["mon2"]:
        month, day, year = _MONTHS[(g["mon"] or g["mon2"]).lower()], int(g["d1"] or g["d2"]), g["y1"] or g["y2"]
    else:
        month, day, year = int(g["m3"] or g["m4"]), int(g["d3"] or g["d4"]), g["y3"] or g["y4"]
    try:
        date(2000, month, day)  # a leap year, so that 29/2 is a date
    except ValueError:
        return None
    return f"until {year}-{month:02d}-{day:02d}" if year else f"until --{month:02d}-{day:02d}"


def _claim(article: Article, unit: Unit, holder: str, value: str, text: str) -> Claim:
    return Claim(kind="duration", slot=f"duration:term-left:{holder}", value=value, text=text,
                 sentence=unit.index, subject=holder,
                 detail=f"time left in {display_name(article, holder)}'s term")


def _term_claims(article: Article, all_units: list[tuple[Unit, list[Mention]]]) -> list[Claim]:
    holder_of_article = _term_holder(all_units)
    claims: list[Claim] = []
    for unit, persons in all_units:
        low = unit.low
        term = _TERM.search(low)
        for m in _PHRASE.finditer(low):
            span = _interval(m)
            if span is None or _is_past(m, low):
                continue
            pre_post = (m.group("pre") or "") + " " + (m.group("post") or "")
            holder = None
            if term and (_FINAL.search(pre_post) or _JUST.search(pre_post) or _END_VERB.search(low)):
                near = _nearest_person(unit, term.start(), persons)
                holder = near.entity if near else holder_of_article
            elif _TRANSITION.search(low) and _FORWARD.search(pre_post) and holder_of_article:
                # "in the coming months", said while a successor waits: what is left of the holder's term
                holder = holder_of_article
            if holder:
                claims.append(_claim(article, unit, holder, f"{span[0]}..{span[1]}", unit.text[m.start():m.end()]))
        for d in _DEADLINE.finditer(low):
            value = _deadline_value(d)
            if value is None:
                continue
            before = fold_keep_offsets(d.group("prep")) in _BEFORE_PREPS
            holder = None
            if term and _END_VERB.search(low):  # "Biden's term ends on January 20", "nhiệm kỳ kết thúc ngày 20/1"
                near = _nearest_person(unit, term.start(), persons)
                holder = near.entity if near else holder_of_article
            elif before and holder_of_article and any(p.entity == holder_of_article for p in persons):
                # a deadline set for the outgoing holder's own action, in an article about his term
                # running out, is read as the day the term ends
                holder = holder_of_article
            if holder:
                claims.append(_claim(article, unit, holder, value, unit.text[d.start():d.end()]))
    return claims


def _length_claims(article: Article, all_units: list[tuple[Unit, list[Mention]]]) -> list[Claim]:
    """Lengths of wars, ceasefires, visits and talks: "cuộc xung đột kéo dài gần 3 năm"."""
    claims: list[Claim] = []
    for unit, _ in all_units:
        low = unit.low
        for m in _PHRASE.finditer(low):
            span = _interval(m)
            if span is None or m.group("count") is None or not _LENGTH_VERB.search(low[:m.start()]):
                continue
            window = low[max(0, m.start() - 60):m.start()]
            found = [(t.end(), key) for key, words in _THINGS for t in re.finditer(_W.format(words), window)]
            if not found:
                continue
            key = max(found)[1]
            place = min((p for p in unit.mentions if p.label == "LOC" and p.entity
                         and _PLACE_PREP.search(low[:p.start])),
                        key=lambda p: abs(p.start - m.start()), default=None)
            slot = f"duration:{key}" + (f":{place.entity}" if place else "")
            detail = f"length of the {key}" + (f" in {display_name(article, place.entity)}" if place else "")
            claims.append(Claim(kind="duration", slot=slot, value=f"{span[0]}..{span[1]}",
                                text=unit.text[m.start():m.end()], sentence=unit.index,
                                subject=place.entity if place else None, detail=detail))
    return claims


# right before a length: how long a player is out ("nghỉ thi đấu sáu tuần", "out for six weeks")
_LAYOFF = re.compile(r"(?:(?<!\w)(?:{})|{})\s+(?:(?:{})\s+)?$".format(
    _alt(*_CUES["layoff"]), "|".join(_CUES["layoff pattern"]), _alt(*_CUES["about"], *_CUES["more"], *_CUES["less"])))


def _layoff_claims(article: Article, all_units: list[tuple[Unit, list[Mention]]]) -> list[Claim]:
    """How long a player (or a worker) is out: "Vũ Minh Trí sẽ phải nghỉ thi đấu sáu tuần", "will be without
    centre-back Vu Minh Tri for two months": "duration:layoff:PERSON:…", of the person named nearest before
    the length in its sentence (none: no claim; "Cậu ấy sẽ phải nghỉ sáu tuần" names no one)."""
    claims: list[Claim] = []
    for unit, persons in all_units:
        low = unit.low
        for m in _PHRASE.finditer(low):
            span = _interval(m)
            if span is None or m.group("count") is None or not _LAYOFF.search(low, max(0, m.start() - 90), m.start()):
                continue
            who = max((p for p in persons if p.end <= m.start() and p.entity), key=lambda p: p.end, default=None)
            if who is None:
                continue
            claims.append(Claim(kind="duration", slot=f"duration:layoff:{who.entity}", value=f"{span[0]}..{span[1]}",
                                text=unit.text[m.start():m.end()], sentence=unit.index, subject=who.entity,
                                detail=f"time {display_name(article, who.entity)} is out"))
    return claims


_PRISON = re.compile(r"\s*(?:{})(?!\w)".format(_alt(*_CUES["prison"])))  # matched right after a length
_VERDICT = re.compile(_W.format(_alt(*_CUES["verdict"])))
_PROPOSAL = re.compile(_W.format(_alt(*_CUES["proposal"])))
_FROM = re.compile(r"(?<!\w)(?:{})\s+$".format(_alt(*_CUES["from"])))
_PASSIVE = re.compile(r"(?<!\w)(?:{})\s+$".format(_alt(*_CUES["passive"])))
_RECEIVED = re.compile(_alt(*_CUES["received"]))
_GIVEN = re.compile(_W.format(_alt(*_CUES["given"])))
_GIVEN_RIGHT_BEFORE = re.compile(r"(?<!\w)(?:{})\s+$".format(_alt(*_CUES["given"])))
# between a person and a later verdict: an earlier one's clause ("Khải bị tuyên tử hình, nay |được ân giảm"), a
# sentence that is theirs ("Khai's death sentence |was commuted")
_EARLIER = re.compile(r"^\s*(?:{})\s+[^,;:]{{1,60}},\s*(?:(?:{})\s+)?".format(
    _alt(*_CUES["passive"]), _alt(*_CUES["earlier"])))
_OWNED = re.compile(r"^\s*(?:{})(?!\w)".format(_alt(*_CUES["owned"])))
_VICTIM = re.compile(r"(?<!\w)(?:{})\s+(?:(?:{})\s+)?$".format(  # "sát hại anh …": maybe past "anh", "Mr"
    _alt(*_CUES["victim"]), _alt(*lang.words("common", "forms_of_address"))))
# between a sentence and the person after it, maybe past a party word ("10 năm tù đối với bị cáo Hào")
_FOR = re.compile(r"(?<!\w)(?:{})\s+(?:(?:{})\s+)?$".format(
    _alt(*_CUES["for"]), _alt(*lang.groups("common", "statement_cues")["party"])))
_MONTHS_AFTER = re.compile(r"\s*,?\s*(?:(?:{})\s+)?$".format(_alt(*_CUES["and"])))  # "7 năm 6 tháng", "… and six months"
_RANGE = re.compile(rf"(?<!\w)(?:{_COUNT})\s*(?:[-–]\s*|(?:{_alt(*_CUES['range'])})\s+)$")  # "10-", "eight to"
# a life or death sentence, and its value (not language data: values of the slot)
_FOR_LIFE = [(value, re.compile(_W.format(_alt(*_CUES[value])))) for value in ("life", "death")]
_SENTENCE_DAYS = {"life": 100 * 365, "death": 1000 * 365}  # to compare them with terms: longer than any
# right after a sentence (past its prison word and "nhưng cho hưởng"), or after it and a comma in English: it is
# suspended ("3 năm tù treo", "3 năm tù nhưng cho hưởng án treo", "three years in prison, suspended")
_SUSPENDED = re.compile(r"(?:\s*(?:{}))?\s*(?:(?:{})\s+)?(?:(?:{})(?!\w)|,\s*(?:{})(?!\w))".format(
    _alt(*_CUES["prison"]), _alt(*_CUES["suspended lead"]), _alt(*_CUES["suspended"]), _alt(*_CUES["suspended after"])))
# between a verdict word and the sentence it gives, past the person: "sentenced X |to| 10 years", "jailed X |for|"
_GIVEN_AS = re.compile(r"(?<!\w)(?:{})\s+$".format(_alt(*_CUES["given as"])))
_GIVEN_AS_LEAD = re.compile(r"(?:(?:{})\s+)?".format(_alt(*_CUES["given as"])))  # "to| life": shown as "life"
_EACH = re.compile(r"(?<!\w)(?:{})(?!\w)".format(_alt(*_CUES["each"])))  # "were each sentenced"
_LIST_JOIN = re.compile(r"\s*(?:,|(?:,\s*)?(?:{}))\s*".format(_alt(*_CUES["and"])))  # "An, Bình và Cường"
_GOVERNED_WORDS = 4  # words a verdict may stand before the sentence it gives, the person and an apposition aside
# between a verdict and a sentence: a change "từ … xuống" (left aside), and what ends its reach (a figure, a clause,
# another verb joined by "and": "jailed and barred for life")
_CHANGE_SPAN = re.compile(rf"(?<!\w)(?:{_alt(*_CUES['from'])})\s+.*?(?<!\w)(?:{_alt(*_CUES['change to'])})\s+")
_NOT_GOVERNED = re.compile(rf"[\d;:!?]|\.\s|(?<!\w)(?:{_alt(*_CUES['and'])})(?!\w)")
_CHANGE = re.compile(_W.format(_alt(*_CUES["change"])))
_VERDICT_REACH = 120  # characters a verdict reaches past an apposition to the sentence it gives
_SENTENCE_UNITS = (30, 365)  # months and years: a sentence of days or weeks is too rare to tell from a delay
_PERSON_AFTER = 40  # characters after a sentence where the person it is given to may be named ("… đối với Hào")


def _unit_days(m: re.Match[str]) -> int:
    """Days in the unit of a duration phrase: 30 for "tháng", 365 for "years"."""
    return _FOLDED_UNITS[fold_keep_offsets(m.group("unit"))]


def _approximate(m: re.Match[str]) -> bool:
    """Whether a duration phrase is said approximately ("about 10 years", "hơn 10 năm"; not "còn 10 năm")."""
    pre = m.group("pre") or ""
    return any(cue.search(pre) for cue in (_LESS, _NEARLY, _MORE, _ABOUT))


def _days_given(m: re.Match[str]) -> tuple[int, int] | None:
    """A sentence's days, exactly when said exactly (10 years is not 11; 12 months are a year)."""
    span = _interval(m)
    if span is None or _approximate(m):
        return span
    count = m.group("count")
    n = float(count) if count.isdigit() else _FOLDED_NUMBERS.get(" ".join(fold_keep_offsets(count).split()), 0)
    days = round(n * 365 / 12) if _unit_days(m) == 30 else round(n * 365)
    return days, days


# an apposition after a name, up to what is said of the person: "Tâm, nguyên Giám đốc trung tâm, |bị tuyên phạt",
# "Khai, a former deputy minister of construction, |who was sentenced"
_APPOSITION = re.compile(rf"^\s*,[^,;:]{{1,80}},\s*(?:{_alt(*_CUES['relative'])}\s+)?")


def _appositive(low: str, p: Mention, persons: list[Mention], start: int) -> bool:
    """Whether `p` is named in an apposition to a person before it, closed by a comma before the sentence at
    `start` ("Bảo, chồng bà Loan, Phó Chủ tịch tập đoàn, nhận 9 năm tù": Bảo's term, not his wife's); not one
    of a list ("A, B và C bị tuyên phạt"), nor a name after an opener ("Theo luật sư X, bị cáo Y bị tuyên phạt")."""
    return "," in low[p.end:start] and any(
        q.end <= p.start and re.fullmatch(r"\s*,[^,;:.]*[^\W\d_][^,;:.]*", low[q.end:p.start]) for q in persons)


def _listed_with(low: str, person: Mention | None, persons: list[Mention]) -> list[Mention]:
    """`person` and those named with it in one list, each given the same sentence ("Nguyen Van An and Tran Van
    Binh were each sentenced to six years", "Hai bị cáo Nguyễn Văn An và Trần Văn Bình cùng bị tuyên phạt")."""
    if person is None:
        return []
    out = [person]
    for step in (-1, 1):
        k = persons.index(person) if person in persons else -1
        while k >= 0 and 0 <= k + step < len(persons):
            a, b = sorted((persons[k], persons[k + step]), key=lambda p: p.start)
            if not _LIST_JOIN.fullmatch(low, a.end, b.start):
                break
            k += step
            out.append(persons[k])
    return sorted(out, key=lambda p: p.start)


def _sentenced(low: str, start: int, end: int, persons: list[Mention]) -> Mention | None:
    """Whom the sentence at low[start:end] is given to: the person named right after it ("10 năm tù đối với
    Hào"), else the last one between the verdict word and it ("tuyên phạt Hào 10 năm tù"), else the one
    right before a passive verdict ("Hào bị tuyên phạt", "Hao was sentenced") or owning it ("Hao's sentence");
    else no one (a judge before an active verdict: "Chủ tọa X tuyên phạt bị cáo 12 năm tù"). Without a verdict
    word, in a list of sentences, the person named before it in its part of the sentence."""
    brackets = [(b.start(), b.end()) for b in re.finditer(r"\([^()]*\)", low)]  # "Nguyên (…, P.Rạch Sỏi, …)"
    persons = [p for p in persons if not _appositive(low, p, persons, start)
               and not any(a < p.start and p.end < b for a, b in brackets)]
    after = [p for p in persons if end <= p.start <= end + _PERSON_AFTER and _FOR.search(low[end:p.start])
             and not re.search(r"\d", low[end:p.start])]
    if after:
        return after[0]
    verdicts = sorted([*_VERDICT.finditer(low, 0, start), *_GIVEN.finditer(low, 0, start)], key=lambda v: v.end())
    if not verdicts:  # a list of sentences ("Cụ thể: bị cáo Trần Cảnh Lạc - 62 tuổi, … 10 năm tù; …"): the
        clause = max((c.end() for c in re.finditer(r"[;:]", low[:start])), default=0)  # person before, in its part
        return max((p for p in persons if clause <= p.start and p.end <= start), key=lambda p: p.end, default=None) \
            if _PRISON.match(low, end) else None
    verdict = verdicts[-1]
    between = [p for p in persons if verdict.end() <= p.start and p.end <= start]
    if between:
        return between[-1]
    before = max((p for p in persons if p.end <= verdict.start()), key=lambda p: p.end, default=None)
    if before is None:
        return None
    gap = _APPOSITION.sub("", low[before.end:verdict.start()], count=1)  # "Tâm, nguyên Giám đốc …, bị tuyên phạt"
    stripped = _OWNED.sub("", _EARLIER.sub("", gap, count=1), count=1)
    if stripped != gap:  # past an earlier verdict's clause or a sentence of theirs, the verdict's passive alone:
        return before if _PASSIVE.fullmatch(stripped.strip() + " ") else None  # not "…, who was", "vợ bị"
    if low[:before.start].rstrip().endswith(","):  # "Loan's husband, Pham Quoc Bao, |was given"
        gap = re.sub(r"^\s*,", "", gap)
    gap = _EACH.sub(" ", gap)  # "were each sentenced", "cùng bị tuyên phạt"
    if _VICTIM.search(low, max(0, before.start - 30), before.start):
        return None  # "Kẻ sát hại anh Nguyễn Văn An bị tuyên phạt …": the victim
    received = not gap.strip() and _RECEIVED.fullmatch(verdict.group())
    return before if received or (len(gap.split()) <= 2 and (_PASSIVE.search(gap) or gap.startswith(("'s", "’s")))) \
        else None


def _prison_claims(article: Article, all_units: list[tuple[Unit, list[Mention]]]) -> list[Claim]:
    """Prison sentences given: "Hào bị tuyên phạt 10 năm tù", "was sentenced to 12 years in prison", the new
    sentence of an appeal ("giảm từ 10 năm xuống 8 năm tù"), life and death ("tù chung thân", "sentenced to
    death": the values "life" and "death"), of the person it is given to (`_sentenced`; none found, no claim).
    Not a sentence asked for, possible or served ("đề nghị 12 năm tù", "faces up to 20 years", "spent 5 years in
    prison"), nor a range. A suspended sentence ("3 năm tù treo", "three years, suspended") has a slot of its
    own: it is no prison term."""
    claims: list[Claim] = []
    court = any(_VERDICT.search(unit.low) for unit, _ in all_units)  # "was given nine years" is a term here
    for unit, persons in all_units:
        low = unit.low
        given: list[tuple[str, int, int]] = []  # (value, start, end) of each sentence given
        phrases = [m for m in _PHRASE.finditer(low) if m.group("count") is not None
                   and _unit_days(m) in _SENTENCE_UNITS]
        joined: set[int] = set()  # the months of "7 năm 6 tháng"
        for i, m in enumerate(phrases):
            rng = _RANGE.search(low, max(0, m.start() - 16), m.start())
            if i in joined or _is_past(m, low) or _from_before(low, m.start()) or _asked(
                    low, m.start()) or (rng and not _changed(low, rng.start())):
                continue  # "từ 10 năm xuống …": the earlier one; "10-12 năm", "8 to 10 years": a range asked for
            start = m.start("count") if not _approximate(m) else m.start()  # "còn 10 năm": "10 năm"
            span, end = _days_given(m), m.end()
            nxt = phrases[i + 1] if i + 1 < len(phrases) else None
            if span and nxt is not None and _unit_days(m) == 365 and _unit_days(nxt) == 30 and \
                    _MONTHS_AFTER.fullmatch(low, m.end(), nxt.start()):
                months = _days_given(nxt)
                if months:
                    span, end = (span[0] + months[0], span[1] + months[1]), nxt.end()
                    joined.add(i + 1)
            if span is not None and (_PRISON.match(low, end) or _VERDICT.search(_clause_before(low, m.start())) or (
                    _GIVEN_AS.search(low, 0, m.start()) and _governed(low, m.start(), persons)) or (
                    court and _GIVEN_RIGHT_BEFORE.search(low, 0, m.start()) and re.match(r"\s*(?:[.,;]|$)", low[end:]))):
                given.append((f"{span[0]}..{span[1]}", start, end))
        for value, pattern in _FOR_LIFE:  # "tù chung thân", "sentenced to death": right after a verdict
            given += [(value, m.start() + len(_GIVEN_AS_LEAD.match(low, m.start()).group()), m.end())
                      for m in pattern.finditer(low)
                      if not _asked(low, m.start()) and not _from_before(low, m.start())
                      and _governed(low, m.start(), persons)]
        latest: dict[str, tuple[int, Claim]] = {}  # each person's last sentence in this one, and where it ends
        for value, start, end in sorted(given, key=lambda g: g[1]):
            person = _sentenced(low, start, end, persons)
            kind = "suspended" if _SUSPENDED.match(low, end) else "prison"
            for who in dict.fromkeys(p.entity for p in _listed_with(low, person, persons) if p.entity):
                claim = Claim(kind="duration", slot=f"duration:{kind}:{who}", value=value, text=unit.text[start:end],
                              sentence=unit.index, subject=who,
                              detail=f"{kind} sentence of {display_name(article, who)}")
                if who in latest and _changed_to(low, latest[who][0], start):
                    claims.remove(latest[who][1])  # "tử hình, nay được ân giảm xuống tù chung thân": changed
                latest[who] = (end, claim)
                claims.append(claim)
    return claims


_CHANGED_TO = re.compile(rf"(?:\s+[^\s,;:.]+){{0,3}}?\s+(?:{_alt(*_CUES['change to'])})\s+(?:[^\s,;:.]+\s+)?")


def _changed_to(low: str, since: int, pos: int) -> bool:
    """Whether a change verb between `since` and `pos` gives the sentence at `pos`: "nay được ân giảm |xuống| tù
    chung thân", "his sentence was commuted |to| life" (not "gây giảm thu ngân sách và 3 năm tù")."""
    return any(_CHANGED_TO.fullmatch(low, c.end(), pos) for c in _CHANGE.finditer(low, since, pos))


def _changed(low: str, pos: int) -> bool:
    """Whether the range starting at `pos` is a change of sentence, whose end is the new one: "reduced the prison
    sentence of X from 12 to 10 years" (not "nhận mức án từ 2 đến 3 năm tù", a range)."""
    return _from_before(low, pos) and bool(_CHANGE.search(_clause_before(low, pos)))


def _from_before(low: str, pos: int) -> bool:
    """Whether "từ"/"from" stands right before `pos`: what follows is the earlier sentence of a change."""
    return _FROM.search(low[max(0, pos - 10):pos]) is not None


def _clause_before(low: str, pos: int) -> str:
    return low[max((c.end() for c in re.finditer(r"[;:!?,]|\.\s", low[:pos])), default=0):pos]


def _governed(low: str, pos: int, persons: list[Mention]) -> bool:
    """Whether the last verdict word before `pos` gives the sentence there: at most a few words between, the
    person, an apposition, a bracket and a change "từ … xuống" aside, and no figure ("sentenced Ho Tan Phat,
    founder of DragonCoin, to life in prison", "tuyên phạt Hồ Tấn Phát (39 tuổi, …) mức án tù chung thân",
    "giảm án cho X từ tử hình xuống tù chung thân"; not "sentenced to life in prison for stabbing his wife to
    death", "sentenced on Friday, two years after his arrest", "jailed and barred for life")."""
    verdict = next(reversed(list(_VERDICT.finditer(low, max(0, pos - _VERDICT_REACH), pos))), None)
    if verdict is None:
        return False
    between = list(low[verdict.end():pos])
    for p in persons:
        if verdict.end() <= p.start and p.end <= pos:
            between[p.start - verdict.end():p.end - verdict.end()] = " " * (p.end - p.start)
    rest = re.sub(r"\([^()]*\)", " ", "".join(between))
    rest = re.sub(r",[^,;:]{1,80},", " ", _CHANGE_SPAN.sub(" ", rest), count=1)
    return not _NOT_GOVERNED.search(rest) and len(rest.split()) <= _GOVERNED_WORDS


def _asked(low: str, pos: int) -> bool:
    """Whether the sentence at `pos` is asked for, possible or served: a proposal cue in its clause, or the
    last verdict or proposal cue before it a proposal ("đề nghị HĐXX tuyên phạt … 12 năm tù")."""
    cues = [(c.end(), "verdict") for c in _VERDICT.finditer(low, 0, pos)] + \
        [(c.end(), "proposal") for c in _PROPOSAL.finditer(low, 0, pos)]
    return bool(_PROPOSAL.search(_clause_before(low, pos))) or max(cues, default=(0, ""))[1] == "proposal"


def _cue_on_day(cue: str, when: str) -> re.Pattern[str]:
    """A `cue` word, at most four words, one of its "`cue` on" prepositions and a day written as `when`:
    "will open ... on March 15", "có hiệu lực từ ngày 1/7/2026"."""
    return re.compile(rf"(?<!\w)(?:{_alt(*_CUES[cue])})(?:\s+[^\s.;:,]+){{0,4}}?\s+"
                      rf"(?:{_alt(*_CUES[cue + ' on'])})\s+(?:(?:ngày|ngay|the)\s+)?(?:{when})(?!\w)")


_TRIAL = re.compile(_W.format(_alt(*_CUES["trial"])))
_OPENING = _cue_on_day("opening", _DATE)


def _opening_claims(unit: Unit) -> list[Claim]:
    """The day a line, plant or service opens: "will carry passengers from March 15", "sẽ chính thức đón khách
    từ ngày 22/3" ("duration:opening", a deadline: a tester's 15 against 22 March was never compared)."""
    return [Claim(kind="duration", slot="duration:opening", value=value, text=unit.text[m.start():m.end()],
                  sentence=unit.index, detail="opening day")
            for m in _OPENING.finditer(unit.low) if (value := _deadline_value(m)) is not None
            and not _TRIAL.search(unit.low, max(0, m.start() - 12), m.end())]


# the day a campaign begins: its verb, at most twelve words (no clause between), a preposition and the day, with a
# campaign word before the day in its sentence
_CAMPAIGN_START = re.compile(rf"(?<!\w)(?:{_alt(*_CUES['campaign start'])})(?:\s+[^\s.;:,]+){{0,12}}?\s+"
                             rf"(?:{_alt(*_CUES['campaign start on'])})\s+(?:(?:ngày|ngay|the)\s+)?(?:{_DATE})(?!\w)")
_CAMPAIGN = re.compile(_W.format(_alt(*_CUES["campaign"])) + r"(?!\s+(?:{})(?!\w))".format(_alt(*_CUES["campaign role"])))
_CAMPAIGN_MOVED = re.compile(_W.format(_alt(*_CUES["campaign moved"])))
_CAMPAIGN_REACH = 120  # characters before the start verb where the campaign may be named


def _campaign_claims(unit: Unit) -> list[Claim]:
    """The day a campaign begins: "Chiến dịch bắt đầu từ ngày 9/11/2026", "a campaign starting on November 2"
    ("duration:campaign-start", a deadline: a tester's 2 against 9 November was never compared)."""
    low = unit.low
    return [Claim(kind="duration", slot="duration:campaign-start", value=value, text=unit.text[m.start():m.end()],
                  sentence=unit.index, detail="day the campaign starts")
            for m in _CAMPAIGN_START.finditer(low) if (value := _deadline_value(m)) is not None
            and _CAMPAIGN.search(low, max(0, m.start() - _CAMPAIGN_REACH, low.rfind(";", 0, m.start()) + 1), m.end())
            and not _CAMPAIGN_MOVED.search(low)]


# a month and its year, for a day given to the month ("in January 2027", "từ tháng 1/2027")
_MONTH_YEAR = (rf"(?P<mon5>{_MONTH})\.?,?\s+(?P<y5>\d{{4}})"
               rf"|(?:tháng|thang)\s+(?P<m6>\d{{1,2}})(?:\s*/\s*|\s+(?:năm|nam)\s+)(?P<y6>\d{{4}})")
_EFFECTIVE = _cue_on_day("effective", f"{_DATE}|{_MONTH_YEAR}")


def _effective_claims(unit: Unit) -> list[Claim]:
    """The day a rule, ban or law takes effect: "the ban takes effect from July 1, 2026", "có hiệu lực từ tháng
    1/2027" ("duration:effective", a deadline to the day or the month: a tester's July 1, 2026 against
    January 2027 was never compared)."""
    return [Claim(kind="duration", slot="duration:effective", value=value, text=unit.text[m.start():m.end()],
                  sentence=unit.index, detail="day it takes effect")
            for m in _EFFECTIVE.finditer(unit.low) if (value := _when_value(m)) is not None]


def _when_value(m: re.Match[str]) -> str | None:
    """A deadline's value (`_deadline_value`), or a month's, "until 2027-01"."""
    g = m.groupdict()
    if not (g["y5"] or g["y6"]):
        return _deadline_value(m)
    month = _MONTHS[g["mon5"].lower()] if g["mon5"] else int(g["m6"])
    return f"until {g['y5'] or g['y6']}-{month:02d}" if 1 <= month <= 12 else None


_WEEKDAY = _alt(*lang.words("en", "weekdays"))  # "sworn in on Tuesday, October 6"
# the day someone takes up an office: a verb of taking it, at most eight words (the office, its body), a word that
# makes the day its start and the day ("giữ chức Tổng giám đốc BinhMinhBank kể từ ngày 15/10/2026", "would
# replace him effective October 15, 2026"); a person right after a word of leaving is the one who goes ("thay ông X")
_OFFICE_START = re.compile(rf"(?<!\w)(?:{_alt(*_CUES['office start'])})(?:\s+[^\s.;:,]+){{0,8}}?,?\s+"
                           rf"(?:{_alt(*_CUES['office start on'])})\s+(?:(?:{_WEEKDAY}),?\s+)?(?:(?:ngày|ngay|the)\s+)?"
                           rf"(?:{_DATE}|{_MONTH_YEAR})(?!\w)")
_GOING = re.compile(r"(?<!\w)(?:{})\s+(?:(?:{})\s+)?$".format(
    _alt(*_CUES["office leaving"]), _alt(*lang.words("common", "forms_of_address"))))


_HELD_EVENTS = lang.groups("common", "held_events")
_HELD = re.compile(r"(?<!\w)(?P<event>{})(?P<between>(?:\s+[^\s.;:]+){{0,8}}?),?\s+(?:{})\s+(?:(?:{}),?\s+)?"
                   r"(?:(?:ngày|ngay|the)\s+)?(?:{})(?!\w)".format(
                       _alt(*(w for ws in _HELD_EVENTS.values() for w in ws)), _alt(*_CUES["held"]), _WEEKDAY, _DATE))
_HELD_OTHER = re.compile(_W.format(_alt(*_CUES["held other"])))
_HELD_KIND = {fold_keep_offsets(w): kind for kind, ws in _HELD_EVENTS.items() for w in ws}


def _held_claims(article: Article, unit: Unit) -> list[Claim]:
    """The day an election, a referendum or a summit takes place: "the election, held on November 1", "cuộc bầu cử
    Quốc hội … diễn ra ngày 31/10" ("duration:held:election", a day: tester40's 1 November against 31/10 was never
    compared). A day without its year is the one nearest the article's date; none for another event than the
    story's ("the last election", "kỳ bầu cử tới")."""
    low = unit.low
    claims = []
    for m in _HELD.finditer(low):
        if _HELD_OTHER.search(low, max(0, m.start() - 12), m.start("between") + len(m["between"])):
            continue
        value = _deadline_value(m)
        if value is None:
            continue
        if value.startswith("until --") and article.published is not None:
            value = _nearest_year(value, article.published.date())
        kind = _HELD_KIND[fold_keep_offsets(m["event"])]
        claims.append(Claim(kind="duration", slot=f"duration:held:{kind}", value=value,
                            text=unit.text[m.start():m.end()], sentence=unit.index, detail=f"day of the {kind}"))
    return claims


def _nearest_year(value: str, on: date) -> str:
    """"until --MM-DD" as the day of that month and day nearest `on`, with its year."""
    _, month, day = _until(value)
    days = [d for y in (on.year - 1, on.year, on.year + 1) if (d := _safe_date(y, month, day)) is not None]
    best = min(days, key=lambda d: abs((d - on).days))
    return f"until {best.isoformat()}"


def _office_start_claims(article: Article, all_units: list[tuple[Unit, list[Mention]]]) -> list[Claim]:
    """The day a person takes up an office: "bổ nhiệm bà Trần Thị Lan Anh giữ chức Tổng giám đốc kể từ ngày
    15/10/2026", "Tran Thi Lan Anh would replace him effective October 15, 2026" ("duration:office-start:PERSON:…",
    a deadline, of the person named nearest before the verb who is not the one leaving: tester39's 15/10
    against 1/11 was never compared)."""
    claims: list[Claim] = []
    for unit, persons in all_units:
        low = unit.low
        for m in _OFFICE_START.finditer(low):
            value = _when_value(m)
            who = max((p for p in persons if p.end <= m.start() and p.entity and not _GOING.search(low, 0, p.start)),
                      key=lambda p: p.end, default=None)
            if value is None or who is None:
                continue
            claims.append(Claim(kind="duration", slot=f"duration:office-start:{who.entity}", value=value,
                                text=unit.text[m.start():m.end()], sentence=unit.index, subject=who.entity,
                                detail=f"day {display_name(article, who.entity)} takes office"))
    return claims


def extract(article: Article) -> list[Claim]:
    all_units = [(u, [m for m in u.mentions if is_person(m, u.text)]) for u in units(article)]
    claims = _term_claims(article, all_units) + _length_claims(article, all_units) + _prison_claims(article, all_units)
    claims += [c for unit, _ in all_units for c in _opening_claims(unit)]
    claims += [c for unit, _ in all_units for c in _effective_claims(unit)]
    claims += [c for unit, _ in all_units for c in _campaign_claims(unit)]
    claims += [c for unit, _ in all_units for c in _held_claims(article, unit)]
    claims += [c for unit, _ in all_units for c in _works_claims(unit)]
    claims += _layoff_claims(article, all_units) + _office_start_claims(article, all_units)
    seen: set[tuple[str, str, int]] = set()
    out = []
    for c in claims:
        if (c.slot, c.value, c.sentence) not in seen:
            seen.add((c.slot, c.value, c.sentence))
            out.append(c)
    return out


def _days(value: str, on: date | None) -> tuple[int, int] | None:
    """(lo, hi) days of a value; a deadline counts the days from `on` to it (None without `on`)."""
    if ".." in value:
        lo, _, hi = value.partition("..")
        return int(lo), int(hi)
    if value in _SENTENCE_DAYS:
        return _SENTENCE_DAYS[value], _SENTENCE_DAYS[value]
    parts = _until(value)
    if parts is None or parts[2] is None or on is None:  # a month alone ("until 2027-01") has no count of days
        return None
    year, month, day = parts
    if year is not None:
        target = date(year, month, day)
    else:  # the next such day on or after `on`
        target = _safe_date(on.year, month, day)
        if target is None or target < on:
            target = _safe_date(on.year + 1, month, day)
        if target is None:
            return None
    days = (target - on).days
    return days, days


def _until(value: str) -> tuple[int | None, int, int | None] | None:
    """A deadline's year (None: not given), month and day (None: the month's)."""
    m = re.fullmatch(r"until (\d{4}|-)-(\d{2})(?:-(\d{2}))?", value)
    if m is None:
        return None
    year, month, day = m.groups()
    return (None if year == "-" else int(year)), int(month), (int(day) if day else None)


def full_day(value: str) -> date | None:
    """The day of a deadline's value, "until 2026-10-06"; None for a month or a day without its year."""
    parts = _until(value)
    return None if parts is None or None in parts else _safe_date(*parts)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def compatible(a: Claim, b: Claim, on: date | None = None) -> bool:
    """The two spans of time can be the same: their intervals overlap by more than a shared endpoint
    (a point, e.g. a resolved deadline, may sit on an endpoint). Unresolvable deadlines compare by date."""
    da, db = _days(a.value, on), _days(b.value, on)
    if da is None or db is None:
        pa, pb = _until(a.value), _until(b.value)
        if pa and pb:  # the same day, a year or a day unknown on one side ("until --03-15", "until 2027-01")
            return all(x == y or None in (x, y) for x, y in zip(pa, pb, strict=True))
        return True
    overlap = min(da[1], db[1]) - max(da[0], db[0])
    return overlap > 0 or (overlap == 0 and (da[0] == da[1] or db[0] == db[1]))
