"""Dates: when an article was published, and the calendar dates its sentences talk about.

Patterns run on a copy of each sentence with diacritics folded away (one character for one, so
offsets map back), which lets "ngay 13/11" match like "ngày 13/11". Relative forms resolve against
the anchor (the publication date); with no anchor they are skipped:
- a day and month without a year ("ngày 13/11", "January 20th") take the year that puts them
  nearest the anchor;
- "hôm qua"/"yesterday", "hôm nay"/"today", "ngày mai"/"tomorrow" are one day either side or the day;
- a weekday ("thứ Ba", "Tuesday") is the nearest such day on or after the anchor when its own clause speaks
  of the future, on or before it (the anchor's day itself included) when it speaks of the past or says
  nothing, news's convention: "last"/"next", "tuần trước"/"tới", "until"/"expected on" right before it
  decide first, then the tense cue nearest it in its clause ("received ... on Tuesday for a mill that will
  make" is past: "that" opens another clause; "ordered schools to close on Thursday", "expect it to
  continue through Thursday" are ahead); see `_weekday_ahead` and lang/{en,vi}/weekday_tense_cues.tsv;
- a month and year ("tháng 7 năm 2025", "January 2025") give the 1st, with `end` set to the month's
  last day to mark the month precision.
Vague spans ("last week", "tuần trước", a bare year) are skipped.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from newsloom import lang
from newsloom.model import Article, EventDate, instant
from newsloom.text.folding import fold_latin_keep_offsets as _fold  # "Ngày" -> "ngay"

# ---------------------------------------------------------------- publication dates

def _dateline_names() -> tuple[dict[str, int], frozenset[str]]:
    """Month names and abbreviations, lowercase, with their numbers, and weekday names, lowercase, as a dateline
    writes them: English's (lang/en/months.tsv, weekdays.txt) and CLDR's in the languages of
    lang/common/other_languages.txt ("novembre", "Oktober"; "Dienstag", "mardi")."""
    from babel.dates import get_day_names, get_month_names

    months = {name: int(n) for name, n in lang.table("en", "months").items()}
    weekdays = set(lang.words("en", "weekdays"))
    for code in lang.words("common", "other_languages"):
        for width in ("wide", "abbreviated"):
            for n, name in get_month_names(width, locale=code).items():
                months.setdefault(name.lower().rstrip("."), n)
        weekdays |= {name.lower() for name in get_day_names("wide", locale=code).values()}
    return months, frozenset(weekdays)


DATELINE_MONTHS, DATELINE_WEEKDAYS = _dateline_names()
_ORD = r"(?:st|nd|rd|th)?"  # "October 15th" (not language data: English ordinal endings)
_DATELINE_MONTH = "(?i:{})".format("|".join(sorted(map(re.escape, DATELINE_MONTHS), key=len, reverse=True)))
_OF = r"(?:(?:{})\s+)?".format("|".join(map(re.escape, lang.words("common", "dateline_month_connectors"))))
_FIRST_YEAR = 1990  # a dateline's year before this is a life's dates ("Jane Goodall, 3 April 1934 – …")
# a dateline opening a text: "Quảng Ngãi, 31/10/2024 - ", "HANOI, 2024-10-31 (Reuters) – ", "*Huế, 1/11/2024* -",
# "BERLIN, Oct 15, 2026 -", "PARIS, 4 novembre 2026 -", "Berlin, 28. Oktober 2026 -", "Nhơn Trạch (Đồng Nai),
# 3/11/2026 -" (its province in brackets): a place, a date (numeric day first, as Vietnamese news writes it, month
# first only where day first is no date; or with the month's name; a wire's without its year, "HANOI, Oct 18 -", "Thanh Hóa, 18/10 -"), maybe an agency, then a dash; or the
# date in brackets, "HANOI (Oct 18) -" (read through `dateline` by ingest.files, and by entities: the place)
_PLACE = r"\s*[*_]{0,2}(?P<place>[^\W\d][^\n,(\d]{0,39}?)"
_DAY = (r"(?:(?P<d1>\d{1,2})/(?P<m1>\d{1,2})/(?P<y1>\d{4})"
        r"|(?P<y2>\d{4})-(?P<m2>\d{2})-(?P<d2>\d{2})"
        rf"|(?P<mon3>{_DATELINE_MONTH})\.?\s+(?P<d3>\d{{1,2}}){_ORD},?\s+(?P<y3>\d{{4}})"
        rf"|(?P<d4>\d{{1,2}})\.?\s+{_OF}(?P<mon4>{_DATELINE_MONTH})\.?\s+{_OF}(?P<y4>\d{{4}})"
        rf"|(?P<mon5>{_DATELINE_MONTH})\.?\s+(?P<d5>\d{{1,2}}){_ORD}"  # no year: "HANOI, Oct 18 -"
        rf"|(?P<d6>\d{{1,2}})\.?\s+{_OF}(?P<mon6>{_DATELINE_MONTH})\.?"
        r"|(?P<d7>\d{1,2})/(?P<m7>\d{1,2})(?![/\d]))")
DATELINE = re.compile(_PLACE + r"(?:\s*\([^\W\d][^()\n\d,]{0,29}\))?,\s*" + _DAY + r"[*_]{0,2}\s*(?:\([^()\n]{1,30}\))?\s*[-–—]\s")
_DATELINE_BRACKETS = re.compile(_PLACE + r"\s*\(\s*" + _DAY + r"\s*\)\s*[-–—]\s")  # "HANOI (Oct 18) -"


def dateline(text: str) -> re.Match[str] | None:
    """The dateline opening `text` (DATELINE), unless a month's name gives a year before 1990, a life's dates
    more likely than a publication's ("Jane Goodall, 3 April 1934 – 1 October 2025, was …"). One without its
    year names a place written in capitals or known as one, and no day follows its dash ("Kỳ nghỉ lễ, 30/4 - 1/5"
    is a holiday)."""
    m = DATELINE.match(text) or _DATELINE_BRACKETS.match(text)
    if m is None or int(m["y3"] or m["y4"] or _FIRST_YEAR) < _FIRST_YEAR:
        return None
    if (m["mon5"] or m["d6"] or m["d7"]) and (re.match(r"\d{1,2}\s*/\s*\d{1,2}", text[m.end():])
                                              or not _a_place(m["place"])):
        return None
    return m


def _a_place(name: str) -> bool:
    """Whether a dateline's place is written as one (in capitals: "THANH HOA") or known as one ("Thanh Hóa")."""
    from newsloom.entities import gazetteer

    name = name.strip(" *_")
    known = gazetteer.lookup_written(name)
    return name.isupper() or (known is not None and known.label == "LOC")


_EPOCH = re.compile(r"^\d{9,13}(\.\d+)?$")


def parse_published(value: Any) -> datetime | None:
    """ISO 8601, RFC 2822, epoch seconds/milliseconds or a common written date; None if not understood, or
    outside the years 1000 to 9000 (where date arithmetic, and time zones, would overflow).

    Keeps the timezone when one is given (aware datetime), else returns a naive one.
    """
    try:
        d = _parse_published(value)
    except (OverflowError, OSError, ValueError):
        return None
    return d if d is not None and 1000 <= d.year <= 9000 else None


def _parse_published(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip()
    if _EPOCH.match(s):
        seconds = float(s) / (1000 if len(s.split(".")[0]) == 13 else 1)
        return datetime.fromtimestamp(seconds, tz=UTC)
    try:
        return datetime.fromisoformat(s)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        pass
    return _dateparser(s)


def _dateparser(s: str) -> datetime | None:
    import dateparser  # slow to import: only when the simple formats fail

    # Day first: Vietnamese and most non-US sources write 05/03/2024 for 5 March
    settings = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"}
    return dateparser.parse(s, languages=["vi", "en"], settings=settings)


# ---------------------------------------------------------------- dates in the text

_MONTHS = {name: int(number) for name, number in lang.table("en", "months").items()}
_WEEKDAYS_EN = {day: weekday for weekday, day in enumerate(lang.words("en", "weekdays"))}
# "thứ Hai" to "thứ Bảy" (folded: "thu hai"), also written "thứ 2" to "thứ 7"
_VI_WEEKDAY_NAMES = tuple(_fold(day) for day in lang.words("vi", "weekdays"))  # "hai", "ba", "tu", ...
_WEEKDAYS_VI = {**{day: weekday for weekday, day in enumerate(_VI_WEEKDAY_NAMES)},
                **{str(weekday + 2): weekday for weekday in range(6)}}
# "hôm qua", "yesterday" (folded) -> days from the publication date
_RELATIVE_VI = {phrase: int(days) for phrase, days in lang.table("vi", "relative_days").items()}
_RELATIVE_EN = {phrase: int(days) for phrase, days in lang.table("en", "relative_days").items()}

_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<y>(?:19|20)\d\d)(?!\d)"
_DAY = r"(?P<d>\d{1,2})"
_END_DAY = r"(?P<e>\d{1,2})"
_NUM_MONTH = r"(?P<m>\d{1,2})"
_END_MONTH = r"(?P<m2>\d{1,2})"  # the last month of a period and its year ("đến tháng 12/2022", "to December 2022")
_END_YEAR = r"(?P<y2>(?:19|20)\d\d)(?!\d)"
_END_MONTH_EN = r"(?P<mon2>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# Vietnamese words that put a day/month number pair in time: "ngày 13/11", "sáng 12/3", "đến 15/7"
_VI_CTX = f"(?:{lang.alternation('vi', 'date_cues')})"
_NOT_CUES = frozenset(lang.words("vi", "date_cues_not"))  # "sâu" (deep) is no "sau" (after)
# after a weekday, which week: "thứ Ba tuần trước", "thứ Ba tới"
_VI_WEEK = lang.alternation("vi", "week_words", space=r"\s+")


def _tense_cues() -> dict[str, re.Pattern[str]]:
    """The weekday cues of lang/{en,vi}/weekday_tense_cues.tsv, a pattern per group (both languages in one),
    matched as whole words without regard to case on the sentence as written."""
    groups: dict[str, list[str]] = {}
    for code in ("en", "vi"):
        for group, entries in lang.groups(code, "weekday_tense_cues").items():
            groups.setdefault(group, []).extend(entries)
    alternatives = {group: lang.alternatives(sorted(entries, key=len, reverse=True), space=r"\s+")
                    for group, entries in groups.items()}
    # a whole word; "'ll" also right after one ("he'll")
    return {group: re.compile(rf"(?:(?<!\w)|(?=['’]))(?:{alts})(?!\w)", re.IGNORECASE)
            for group, alts in alternatives.items()}


_CUES = _tense_cues()
# English's regular past ("received", "agreed"; not "need", "speed", "proceed"): morphology, not a list
_REGULAR_PAST = re.compile(r"(?<![\w'’])(?:[a-z]{2,}(?<!e)ed|[a-z]{3,}(?<!c)eed)(?!\w)", re.IGNORECASE)
# "to close": a to_verb's complement; not "back to port", "to the shelters" (a word before or after it of
# `not_infinitive`)
_INFINITIVE = re.compile(r"(?<!\w)to\s+(?=[a-z])", re.IGNORECASE)
_NOT_INFINITIVE_BEFORE = re.compile(rf"{_CUES['not_infinitive'].pattern}\s+$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(rf"[;:()\[\]\"“”«»—]|\s[-–]+\s|{_CUES['clause'].pattern}", re.IGNORECASE)
_NOT_PAST_AFTER = re.compile(rf"(?:{_CUES['not_past_after'].pattern})\s+$", re.IGNORECASE)
# right before the weekday: a day gone by ("hôm", "since"), a start ("từ"), a limit ("through", "đến")
_RIGHT_BEFORE = {group: re.compile(rf"(?:{_CUES[group].pattern})\s+$", re.IGNORECASE)
                 for group in ("past_before", "from", "toward")}

# (regex, kind): kinds are handled in _resolve; earlier patterns claim their span first
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b{_YEAR}-(?P<m>\d{{2}})-(?P<d>\d{{2}})\b"), "ymd"),
    # ranges: "14-15 tháng 7 năm 2025", "ngày 14-15/7/2025", "July 14-15, 2025", "14-15 July 2025"
    (re.compile(rf"(?:ngay\s+)?{_DAY}\s*[-–]\s*{_END_DAY}\s+thang\s+{_NUM_MONTH}(?:(?:\s+nam\s+|\s*[/-]\s*){_YEAR})?"), "dm_range"),
    (re.compile(rf"ngay\s+{_DAY}\s*[-–]\s*{_END_DAY}\s*/\s*{_NUM_MONTH}(?:\s*/\s*{_YEAR})?"), "dm_range"),
    (re.compile(rf"\b{_MONTH}\s+{_DAY}{_ORD}\s*(?:[-–]|to|and)\s*{_END_DAY}{_ORD}\b(?:,?\s+{_YEAR})?"),
     "md_range_en"),
    (re.compile(rf"\b{_DAY}{_ORD}\s*(?:[-–]|to|and)\s*{_END_DAY}{_ORD}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b"), "dm_range_en"),
    # single days
    (re.compile(rf"(?:ngay\s+)?{_DAY}\s+thang\s+{_NUM_MONTH}(?:(?:\s+nam\s+|\s*[,/-]\s*){_YEAR})?"), "dm"),
    (re.compile(rf"(?:ngay\s+)?(?<![\d/.-]){_DAY}[/.-]{_NUM_MONTH}[/.-]{_YEAR}"), "dmy_num"),
    (re.compile(rf"(?:\b(?P<cue>{_VI_CTX})\s+|\(){_DAY}\s*[/-]\s*{_NUM_MONTH}(?![/\d]|-\d|[.,]\d)"), "dm"),
    (re.compile(rf"\b{_MONTH}\s+{_DAY}{_ORD}\b(?:,?\s+{_YEAR})?"), "md_en"),
    (re.compile(rf"\b{_DAY}{_ORD}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b"), "dm_en"),
    # periods of months: "từ tháng 1/2021 đến tháng 12/2022", "from January 2021 to December 2022"
    (re.compile(rf"\b(?:tu\s+)?thang\s+{_NUM_MONTH}(?:\s+nam\s+|\s*[/-]\s*){_YEAR}\s*(?:den|toi|[-–])\s*(?:het\s+)?"
                rf"thang\s+{_END_MONTH}(?:\s+nam\s+|\s*[/-]\s*){_END_YEAR}"), "month_range"),
    (re.compile(rf"\b(?:from\s+)?{_MONTH}\s+{_YEAR}\s*(?:to|until|through|[-–])\s*{_END_MONTH_EN}\s+{_END_YEAR}"),
     "month_range_en"),
    # months: "tháng 7 năm 2025", "tháng 10-2013", "January 2025"
    (re.compile(rf"\bthang\s+{_NUM_MONTH}(?:\s+nam\s+|\s*[/-]\s*){_YEAR}"), "month"),
    (re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}"), "month_en"),
    # relative days
    (re.compile(rf"\b(?P<rel>{lang.alternatives(_RELATIVE_VI)}|(?:{lang.alternation('vi', 'day_parts')}) (?:nay|qua)|"
                rf"{lang.alternatives(_RELATIVE_EN)})\b"), "relative"),
    (re.compile(rf"(?:\b(?P<ahead>{lang.alternation('en', 'weekday_ahead_cues')})\s+)?"
                rf"(?:\b(?P<mod>last|next|this|coming)\s+)?\b(?P<wd>{lang.alternation('en', 'weekdays')})\b"),
     "weekday_en"),
    (re.compile(rf"(?:\b(?P<ctx>{lang.alternation('vi', 'weekday_cues')})\s+)?"
                rf"\b(?P<wd>thu\s+(?:{lang.alternatives(_VI_WEEKDAY_NAMES)}|[2-7])|chu\s+nhat|cn)\b"
                rf"(?P<week>\s+(?:{_VI_WEEK})\b)?"), "weekday_vi"),
]
_NO_DIGIT_KINDS = {"relative", "weekday_en", "weekday_vi"}
# not language data: the kinds of _PATTERNS that name an English month
_EN_MONTH_KINDS = {"md_range_en", "dm_range_en", "md_en", "dm_en", "month_en", "month_range_en"}
_MONTH_HINT = re.compile(rf"\b(?:{lang.alternatives(m for m in _MONTHS if len(m) == 3)})")  # "jan", "may", ...
_RELATIVE_HINT = re.compile(rf"\b(?:hom|ngay mai|nay|qua|{lang.alternatives(_RELATIVE_EN)})\b")


def _kinds_worth_trying(folded: str) -> set[str]:
    """Cheap checks that rule out most patterns for most sentences (the regexes are the cost)."""
    kinds = {kind for _, kind in _PATTERNS}
    if not any(ch.isdigit() for ch in folded):
        kinds &= _NO_DIGIT_KINDS
    if not _MONTH_HINT.search(folded):
        kinds -= _EN_MONTH_KINDS
    if "day" not in folded:
        kinds.discard("weekday_en")
    if "thu " not in folded and "chu nhat" not in folded and "cn" not in folded:
        kinds.discard("weekday_vi")
    if not _RELATIVE_HINT.search(folded):
        kinds.discard("relative")
    return kinds


_RELATIVE = {**_RELATIVE_VI, **_RELATIVE_EN}
# right after a weekday, an explicit date that makes the weekday redundant: "Tuesday, Nov. 12", "thứ Ba (12/3)"
_DATE_FOLLOWS = re.compile(rf"^\s*[,(]?\s*(?:ngay\s+)?(?:\d{{1,2}}\s*[/-]|{_MONTH}\s+\d|\d{{1,2}}{_ORD}\s+\w)")


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def nearest_year(m: int, d: int, anchor: date | None) -> date | None:
    """The date with this day and month nearest the anchor (the year before, of, or after it)."""
    if anchor is None:
        return None
    options = [x for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (x := _safe(y, m, d))]
    return min(options, key=lambda x: abs((x - anchor).days)) if options else None


def _tense_cues_in(sentence: str, lo: int, hi: int, weekday: int) -> list[tuple[int, int, bool]]:
    """(start, end, future) of the tense cues in sentence[lo:hi] (lang/*/weekday_tense_cues.tsv) around the
    weekday written at `weekday`."""
    future = [(m.start(), m.end()) for m in _CUES["future"].finditer(sentence, lo, hi)]
    cues = [(s, e, True) for s, e in future]
    # "ordered schools to close on Thursday": the "to" of a to_verb's complement, the verb on the same side of
    # the weekday ("agreed late Tuesday to pay" is the agreeing's Tuesday)
    for m in _INFINITIVE.finditer(sentence, lo, hi):
        if _CUES["not_infinitive"].match(sentence, m.end()) or _NOT_INFINITIVE_BEFORE.search(
                sentence, max(lo, m.start() - 12), m.start()):
            continue
        if _CUES["to_verb"].search(sentence, lo if m.start() < weekday else weekday, m.start()):
            cues.append((m.start(), m.start() + 2, True))
    for pattern in (_CUES["past"], _REGULAR_PAST):
        for m in pattern.finditer(sentence, lo, hi):
            if any(s < m.end() and m.start() < e for s, e in future):
                continue  # "scheduled", "planned": the future's
            if not _NOT_PAST_AFTER.search(sentence, lo, m.start()):  # "will be held", "a videotaped deposition"
                cues.append((m.start(), m.end(), False))
    return cues


# a part of a clause that only says who spoke (", Dennis Shepard said,"): not the weekday's verb
_SPEECH_VERBS = lang.alternatives((*lang.words("en", "quote_speech_verbs"), *lang.words("vi", "quote_speech_verbs")),
                                  space=r"\s+")
_SPEECH_TAG = re.compile(rf"(?<!\w)(?:{_SPEECH_VERBS})\W*$", re.IGNORECASE)


def _parts(sentence: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The parts of the clause sentence[lo:hi] between its commas."""
    cuts = [lo, *(i + 1 for i in range(lo, hi) if sentence[i] == ","), hi + 1]
    return [(a, b - 1) for a, b in zip(cuts, cuts[1:], strict=False)]


def _weekday_ahead(sentence: str, start: int, end: int) -> bool:
    """Whether the weekday written at sentence[start:end] is on or after the publication date, by the cues of
    its own clause (between two clause breaks): "hôm", "kể từ", "since" right before it say past, "từ" with a
    start to come ("trở lại", "sẽ") future, unless a past cue comes before it ("đã trở lại … từ thứ Hai");
    else the nearest cue before it in its part of the clause (between commas), else the nearest after it
    there; else the nearest in the parts before, else in the parts after
    ("On Friday, the president will"; a part only saying who spoke skipped); else a limit right before it
    ("through", "by", "đến") says future, and nothing says past (news's convention)."""
    before = sentence[:start]
    if _RIGHT_BEFORE["past_before"].search(before):
        return False
    lo = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)), default=0)
    hi = next((m.start() for m in _CLAUSE_BREAK.finditer(sentence, end)), len(sentence))
    cues = _tense_cues_in(sentence, lo, hi, start)
    if _RIGHT_BEFORE["from"].search(before) and _CUES["from_ahead"].search(sentence, lo, hi) and not any(
            not ahead and b <= start for _, b, ahead in cues):  # "đã trở lại lớp học từ thứ Hai": since Monday
        return True
    parts = _parts(sentence, lo, hi)
    here = next(i for i, (a, b) in enumerate(parts) if a <= start < b)
    part_lo, part_hi = parts[here]
    earlier = [c for c in cues if part_lo <= c[0] and c[1] <= start]
    if earlier:  # the nearest; of two ending together ("kể từ", "từ") the longer
        return max(earlier, key=lambda c: (c[1], c[1] - c[0]))[2]
    later = [c for c in cues if end <= c[0] and c[1] <= part_hi]
    if later:
        return min(later)[2]
    if earlier := [c for c in cues if c[1] <= part_lo]:
        return max(earlier, key=lambda c: (c[1], c[1] - c[0]))[2]
    for a, b in parts[here + 1:]:
        if not _SPEECH_TAG.search(sentence, a, b) and (later := [c for c in cues if a <= c[0] and c[1] <= b]):
            return min(later)[2]
    return bool(_RIGHT_BEFORE["toward"].search(before))


def _weekday(target: int, anchor: date, forward: bool) -> date:
    """The nearest given weekday on or after (forward) or on or before the anchor."""
    delta = (target - anchor.weekday()) % 7
    return anchor + timedelta(days=delta) if forward else anchor - timedelta(days=(anchor.weekday() - target) % 7)


def _month_of(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _day_month(y: str | None, m: int, d: int, anchor: date | None) -> date | None:
    if y:
        return _safe(int(y), m, d)
    return nearest_year(m, d, anchor)


_Resolved = tuple[date, date | None] | None


def _resolve(kind: str, m: re.Match[str], sentence: str, lang: str, anchor: date | None) -> _Resolved:
    g = m.groupdict()
    y = g.get("y")
    if kind == "ymd":
        day = _safe(int(g["y"]), int(g["m"]), int(g["d"]))
        return (day, None) if day else None
    if kind in ("dm_range", "dm_range_en", "md_range_en"):
        m = int(g["m"]) if kind == "dm_range" else _month_of(g["mon"])
        start, end = _day_month(y, m, int(g["d"]), anchor), _day_month(y, m, int(g["e"]), anchor)
        if not start or not end or end <= start:
            return None
        return start, end
    if kind == "dmy_num":
        a, b = int(g["d"]), int(g["m"])
        if lang == "en" and b > 12:  # US order: 11/13/2024
            a, b = b, a
        day = _safe(int(y), b, a)
        return (day, None) if day else None
    if kind in ("dm", "dm_en", "md_en"):
        m = int(g["m"]) if kind == "dm" else _month_of(g["mon"])
        day = _day_month(y, m, int(g["d"]), anchor)
        return (day, None) if day else None
    if kind in ("month_range", "month_range_en"):
        m, m2 = (int(g["m"]), int(g["m2"])) if kind == "month_range" else (_month_of(g["mon"]), _month_of(g["mon2"]))
        if not (1 <= m <= 12 and 1 <= m2 <= 12) or (int(g["y2"]), m2) <= (int(y), m):
            return None
        return date(int(y), m, 1), date(int(g["y2"]), m2, calendar.monthrange(int(g["y2"]), m2)[1])
    if kind in ("month", "month_en"):
        m = int(g["m"]) if kind == "month" else _month_of(g["mon"])
        if not 1 <= m <= 12:
            return None
        last = calendar.monthrange(int(y), m)[1]
        return date(int(y), m, 1), date(int(y), m, last)
    if anchor is None:
        return None
    if kind == "relative":
        rel = " ".join(g["rel"].lower().split())
        offset = _RELATIVE.get(rel, -1 if rel.endswith("qua") else 0)
        return anchor + timedelta(days=offset), None
    # the week of a weekday: "last"/"next"/"tuần trước" say it; else the cues of its clause (_weekday_ahead)
    if kind == "weekday_en":
        mod = (g.get("mod") or "").lower()
        target = _WEEKDAYS_EN[g["wd"].lower()]
        if mod == "last":
            return _weekday(target, anchor - timedelta(days=1), forward=False), None
        if mod == "next":
            return _weekday(target, anchor + timedelta(days=1), forward=True), None
        ahead = mod == "coming" or bool(g.get("ahead")) or _weekday_ahead(sentence, m.start("wd"), m.end("wd"))
        return _weekday(target, anchor, forward=ahead), None
    if kind == "weekday_vi":
        wd = " ".join(g["wd"].lower().split())
        target = 6 if wd in ("chu nhat", "cn") else _WEEKDAYS_VI[wd.split()[1]]
        week = " ".join((g.get("week") or "").lower().split())
        if week == "tuan truoc":
            return _weekday(target, anchor - timedelta(days=anchor.weekday() + 1), forward=False), None
        if week == "toi":  # "thứ Ba tới": the coming Tuesday
            return _weekday(target, anchor + timedelta(days=1), forward=True), None
        if week in ("tuan sau", "tuan toi"):
            return _weekday(target, anchor + timedelta(days=7 - anchor.weekday()), forward=True), None
        return _weekday(target, anchor, forward=_weekday_ahead(sentence, m.start("wd"), m.end("wd"))), None
    return None


# "lần thứ hai", "người thứ ba": an ordinal, no weekday
_ORDINAL_BEFORE = re.compile(rf"(?:{lang.alternation('vi', 'ordinal_cues')})\s+$")


def _accept(kind: str, m: re.Match[str], original: str, folded: str) -> bool:
    """Reject matches that are not dates in context (capitalisation, ordinals, redundant weekdays)."""
    if kind in _EN_MONTH_KINDS:
        mon = original[m.start("mon")]
        if not mon.isupper():  # "may", "march" as words
            return False
    if kind == "dm" and m.groupdict().get("cue") and original[m.start("cue"):m.end("cue")].lower() in _NOT_CUES:
        return False  # "nước sâu 1-2 m"
    if kind == "weekday_en":
        wd = original[m.start("wd")]
        return wd.isupper() and not _DATE_FOLLOWS.match(folded[m.end():])
    if kind == "weekday_vi":
        if _DATE_FOLLOWS.match(folded[m.end():]):
            return False
        if _ORDINAL_BEFORE.search(folded[: m.start("wd")]):
            return False  # the ordinal "lần thứ hai", "người thứ ba"
        day_word = original[m.start("wd") : m.end("wd")].split()[-1]
        # "thứ Ba", "vào thứ ba", "thứ 3 tuần này"
        return bool(m.group("ctx") or m.group("week") or day_word[0].isupper())
    return True


def extract_event_dates(sentences: list[str], lang: str | None, anchor: date | None,
                        kinds: frozenset[str] | None = None) -> list[EventDate]:
    """Dates the sentences mention, in order, resolved against the anchor (see the module notes); only
    those of the given pattern `kinds`, if any."""
    if isinstance(anchor, datetime):
        anchor = anchor.date()
    found: list[EventDate] = []
    for index, sentence in enumerate(sentences):
        folded = _fold(sentence)
        taken: list[tuple[int, int]] = []
        hits: list[tuple[int, EventDate]] = []
        trying = _kinds_worth_trying(folded)
        for pattern, kind in _PATTERNS:
            if kind not in trying or (kinds is not None and kind not in kinds):
                continue
            for m in pattern.finditer(folded):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                if not _accept(kind, m, sentence, folded):
                    continue
                resolved = _resolve(kind, m, sentence, lang or "", anchor)
                if resolved is None:
                    continue
                taken.append((m.start(), m.end()))
                start, end = resolved
                text = sentence[m.start():m.end()].strip(" (")
                hits.append((m.start(), EventDate(day=start, text=text, sentence=index, end=end)))
        found.extend(ev for _, ev in sorted(hits, key=lambda h: h[0]))
    return found


FUTURE_SLACK = timedelta(days=2)  # not a setting: time zones and posts scheduled a little ahead


def drop_future_date(article: Article, now: datetime) -> Article:
    """`article` without a publication date more than two days after `now` (a typo, milliseconds read as
    seconds, a placeholder such as 9999-12-31), with a note saying so: one such date would move the
    stories' clock years ahead."""
    if article.published is not None and instant(article.published) > now + FUTURE_SLACK:
        article.notes.append(f"publication date in the future ignored: {article.published.date().isoformat()}")
        article.published = None
    return article


def article_event_dates(article: Article) -> Article:
    """Set `article.event_dates` from its title and sentences, language and publication date.

    Dates found in the title come first, with `sentence=-1`.
    """
    anchor = article.published.date() if article.published else None
    in_title = extract_event_dates([article.title], article.lang, anchor) if article.title else []
    for ev in in_title:
        ev.sentence = -1
    article.event_dates = in_title + extract_event_dates(article.sentences, article.lang, anchor)
    return article


# not language data: pattern kinds
_DAY_MONTH_KINDS = frozenset({"dm_range", "md_range_en", "dm_range_en", "dm", "dmy_num", "md_en", "dm_en"})
_LEAP_ANCHOR = date(2000, 7, 1)  # any day of a leap year, so that 29 February is kept
UNDATED_LEAD = 3  # sentences of the lead whose days and months an undated article is placed by


def day_months(article: Article) -> tuple[tuple[int, int], ...]:
    """The days and months (month, day) named in an article's title and lead, "14/10" or "October 14",
    written with or without a year: what places an article with no publication date in time once a
    story's dates give the year (see `nearest_year`)."""
    found = extract_event_dates([article.title, *article.sentences[:UNDATED_LEAD]], article.lang, _LEAP_ANCHOR,
                                _DAY_MONTH_KINDS)
    out = {(d.month, d.day) for e in found for d in (e.day, e.end) if d is not None}
    return tuple(sorted(out))
