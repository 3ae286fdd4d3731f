"""Money, counts, percentages and changes in percentage points in English and Vietnamese text (and tolls,
people and money in other languages, with the words of their folder lang/CODE/, read in their articles only).

A number is reported only with something that says what it measures: a currency ("$8 billion",
"8 tỷ USD"), a counted noun ("12 người", "3 million people"), a percent sign/word or points of a rate
("50 basis points", "0,5 điểm phần trăm": kind "points", in percentage points). Bare numbers
(years, dates, ages, clock times, list numbering) have none of these and are never reported.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, cached_property

from newsloom import lang
from newsloom.facts._text import alternation, evidence, lower, search_fold_cached, sentence_spans
from newsloom.model import Amount, Article


def _numbers(language: str, name: str) -> dict[str, float]:
    """A `word<tab>number` list of lang/ as a mapping, in file order."""
    return {word: float(value) for word, value in lang.table(language, name).items()}


# scale words -> multiplier; Vietnamese first (their presence also picks the Vietnamese number style)
_VI_SCALES = _numbers("vi", "amount_scales")
_EN_SCALES = _numbers("en", "amount_scales")
_ABBR_SCALES = _numbers("en", "amount_scale_abbreviations")  # only after a currency

# not language data: currency symbols, written the same in every language
_SYMBOLS = {"us$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₫": "VND", "₩": "KRW", "₹": "INR"}
_SYMBOLS |= lang.table("common", "currency_prefixes")  # words and codes written first: "Rp 5 miliar", "USD 2,3 miliar"
_VI_CURRENCIES = lang.table("vi", "currency_words")
_EN_CURRENCIES = lang.table("en", "currency_words")
_AMBIGUOUS = {"won", "pound", "pounds", "yen", "yên"}  # words that are also verbs, weights or adjectives
_WRITTEN_IN_ENGLISH = {"dong", "vnd"}  # Vietnamese currency words English writes the same, without marks
# not language data: ISO 4217 currency codes
_CODES = ("USD", "EUR", "VND", "GBP", "JPY", "CNY", "RUB", "UAH", "KRW", "INR", "AUD", "CAD", "CHF", "SGD", "IDR")

_DATE_CUES = lang.groups("common", "date_cues")
_DAY_WORDS = frozenset((*_DATE_CUES["day"], *lang.table("en", "months")))
_YEAR_WORDS = frozenset(_DATE_CUES["year"]) | _DAY_WORDS
_VI_NOUNS = lang.words("vi", "counted_nouns")
_EN_NOUNS = lang.words("en", "counted_nouns")
_DECIMAL_COMMA = frozenset(lang.words("common", "decimal_comma_languages"))  # "1.500,5"
_SPACE_THOUSANDS = frozenset(lang.words("common", "space_thousands_languages"))  # "1 500 MW"
_NOUNS = {n.lower() for n in (*_VI_NOUNS, *_EN_NOUNS)}  # as spelt, diacritics and all
_CONNECTORS = lang.words("common", "currency_connectors")  # "milliards d'euros"

_QUALIFIERS = (*lang.words("en", "amount_qualifiers"), *lang.words("vi", "amount_qualifiers"))
_VI_NUMS = _numbers("vi", "amount_number_words")
_EN_NUMS = _numbers("en", "amount_number_words")
# "twenty-five": a ten and a unit word ("one" to "nine"; not "a")
_EN_NUMS |= {f"{ten}-{unit}": tens + units for ten, tens in _EN_NUMS.items() if tens in (20, 30, 40, 50, 60, 70, 80, 90)
             for unit, units in _EN_NUMS.items() if units in range(1, 10) and len(unit) > 2}
_WORD_NUMS = {**_EN_NUMS, **_VI_NUMS}
_WORD_KEYS = {search_fold_cached(w) for w in _WORD_NUMS}
# number words that count a noun on their own: "Fourteen people", "two soldiers" ("a person" and "one
# person" are no amounts), "hai người" (Vietnamese ones only as written: "sáu" without accents is "sau")
_COUNTING = {search_fold_cached(w) for w, v in _EN_NUMS.items() if v >= 2}
_VI_COUNTING = lang.word_set("vi", "counting_number_words")
_EN_WORDS = {search_fold_cached(w) for w in (*_EN_SCALES, *_EN_CURRENCIES, *_EN_NOUNS)}
_VI_WORDS = {search_fold_cached(w) for w in (*_VI_SCALES, *_VI_CURRENCIES, *_VI_NOUNS, "phần trăm", *_VI_NUMS)}


@dataclass(frozen=True)
class _Own:
    """A language's own amount words (lang/CODE/), read in its articles only, besides English's and Vietnamese's
    (in neither, so that the article's number style reads them): "milliards", "Verletzte", "juta", "lima"."""

    scales: dict[str, float]
    currencies: dict[str, str]
    nouns: tuple[str, ...]
    numbers: dict[str, float]  # folded number words ("lima": 5)

    @cached_property
    def noun_set(self) -> frozenset[str]:
        return frozenset(n.lower() for n in self.nouns)


_NONE = _Own({}, {}, (), {})


@cache
def _own(code: str) -> _Own:
    """Language `code`'s own words; none for English and Vietnamese (read everywhere) or a language without them."""
    if code in ("en", "vi"):
        return _NONE
    return _Own(scales={w: float(v) for w, v in lang.table(code, "amount_scales", missing_ok=True).items()},
                currencies=lang.table(code, "currency_words", missing_ok=True),
                nouns=lang.words(code, "counted_nouns", missing_ok=True),
                numbers={search_fold_cached(w): float(v)
                         for w, v in lang.table(code, "amount_number_words", missing_ok=True).items()})


_NUM = r"(?:\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
# thousands grouped by a space (`_SPACE_THOUSANDS`; normalising made no-break and narrow no-break spaces spaces)
_NUM_SPACED = rf"(?:\d{{1,3}}(?:[ \u00a0\u202f]\d{{3}})+(?:[.,]\d+)?|{_NUM})"
_GROUP_SPACE = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))")
_B = r"(?<![\w$€£¥₫₩₹])"  # left word boundary
_E = r"(?!\w)"  # right word boundary
_NOUN = alternation([*_VI_NOUNS, *_EN_NOUNS])
_PCT = r"%|(?:" + alternation(lang.words("common", "percent_words")) + r")(?!\w)"  # not "percent" of "percentage"
_POINTS = _numbers("common", "point_units")  # unit -> percentage points: "basis points" 0.01
_POINT = alternation(_POINTS)
_SURE = tuple(lang.words("en", "count_modifiers_ed"))  # how sure a count is: "640 confirmed measles cases"
# one or two English words between a number and its noun, none a counted noun itself: "seven construction
# workers", "12 foreign tourists", "640 confirmed measles cases" (not "police" in "20 police officers")
def _modifier(nouns: str = _NOUN) -> str:
    """One word that may stand between a number and its noun, none of `nouns` ("37 morts et disparus" is one
    toll in French, not 37 missing with two words before them)."""
    return (rf"(?<=\s)(?!(?:{alternation(lang.words('en', 'not_count_modifiers'))}|{nouns})\s)"
            rf"(?!(?!(?:{alternation(_SURE)})\s)[a-z-]*(?:ed|old)\s)[a-z][a-z-]*\s+")


_MODIFIER = _modifier()
_LABEL_BEFORE = re.compile(rf"\b(?:{alternation(lang.words('en', 'number_labels'))})\s*$")
_SYM = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
_ABBR = "|".join(sorted(_ABBR_SCALES, key=len, reverse=True))  # tn|bn|mn|b|m|k



def _amount_pattern(modifiers: str, own: _Own | None = None, num: str = _NUM) -> re.Pattern[str]:
    """A number with what it measures; `modifiers`: what may stand between a number and its noun; `own`: in
    an article in another language, with that language's nouns, scales, currencies and number words too ("500
    tote bags" are no dead in English), and a scale word joined to its currency ("milliards d'euros"); `num`:
    how its digits are written."""
    abroad = own is not None
    own = own or _NONE
    scale = alternation([*_VI_SCALES, *_EN_SCALES, *own.scales])
    cur = alternation([*_VI_CURRENCIES, *_EN_CURRENCIES, *own.currencies, *(c.lower() for c in _CODES)])
    noun = alternation([*_VI_NOUNS, *_EN_NOUNS, *own.nouns])
    wordnum = alternation([*_WORD_NUMS, *own.numbers])
    joined = "(?:{})?".format("|".join(re.escape(c) + ("" if c.endswith(("'", "’")) else r"\s+") for c in _CONNECTORS)
                              ) if abroad else ""
    return re.compile(
        rf"""{_B}(?:(?P<qual>{alternation(_QUALIFIERS)})\s+)?
        (?:
          # currency symbol first: $8 billion, US$1.5bn, €300 million, $ half a billion
          (?P<sym>{_SYM})\s?(?P<snum>(?<![\d.,]){num}|(?:{wordnum})(?=\s))
            (?:\s?(?P<sscale>{scale}){_E}|(?P<sabbr>{_ABBR}){_E})?
        | # number first: 8 tỷ USD, half billion dollars, 3 million people, 12 người, 5%
          (?P<num>(?<![\d.,/:-]){num}(?![\d]|[.,/:-]\d)|(?:{wordnum}){_E})
            (?:\s*(?P<scale>{scale}){_E})?
            (?:[\s-]*(?P<points>{_POINT}){_E}
               |\s*(?:{joined}(?P<cur>{cur})(?![\w'’])|(?P<pct>{_PCT})|(?P<mods>{modifiers})?(?P<noun>{noun}){_E}))
        )""",
        re.VERBOSE,
    )


# English may put words between a number and its noun; Vietnamese puts them after ("12 du khách nước ngoài",
# and "một trong hai người" is one of two people)
_AMOUNT = {"en": _amount_pattern(f"(?:{_MODIFIER}){{1,2}}"), "vi": _amount_pattern("(?!)")}


@cache
def _pattern(code: str) -> re.Pattern[str]:
    """The amounts of an article in language `code`: another language's as English's, with its own words."""
    if code in _AMOUNT:
        return _AMOUNT[code]
    own = _own(code)  # its own nouns are no modifiers either
    modifier = _modifier(alternation([*_VI_NOUNS, *_EN_NOUNS, *own.nouns]))
    return _amount_pattern(f"(?:{modifier}){{1,2}}", own, _NUM_SPACED if code in _SPACE_THOUSANDS else _NUM)


def parse_number(raw: str, vi: bool) -> float | None:
    """Read digits in the Vietnamese (1.500,5) or English (1,500.5) style. One separator not followed
    by exactly three digits is a decimal point in either style ("1,5 tỷ", "1.5bn"); several equal
    separators are thousands; with two kinds, the last one is the decimal point. None for a number too
    long to be one (400 digits)."""
    number = _parse_number(_GROUP_SPACE.sub("", raw), vi)  # "1 500" (French)
    return number if number is None or math.isfinite(number) else None


def _parse_number(raw: str, vi: bool) -> float | None:
    key = search_fold_cached(raw)
    word = next((v for k, v in _WORD_NUMS.items() if search_fold_cached(k) == key), None)
    if word is not None:
        return float(word)
    thousands = "." if vi else ","
    groups = re.split(r"[.,]", raw)
    seps = re.findall(r"[.,]", raw)
    if not seps:
        return float(raw)
    if len(seps) == 1:
        if len(groups[1]) == 3 and seps[0] == thousands:
            return float(groups[0] + groups[1])
        return float(f"{groups[0]}.{groups[1]}")
    if len(set(seps)) == 1:
        return float("".join(groups))
    return float("".join(groups[:-1]) + "." + groups[-1])


def _looks_vietnamese(article: Article) -> bool:
    if article.lang:
        return article.lang == "vi"
    sample = lower(article.text[:2000])
    return sum(c in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ" for c in sample) > len(sample) / 100


def _decimal_comma(article: Article) -> bool:
    """Whether the article's language writes "1.500,5" (Vietnamese, German, Spanish ...), not "1,500.5"."""
    return _looks_vietnamese(article) or article.language in _DECIMAL_COMMA


def _vietnamese_style(scale_word: str | None, unit_word: str, article_vi: bool) -> bool:
    """The words around the number pick its style, the scale word first; "dong" and "VND", which English
    writes too, only with their marks ("đồng", "VNĐ") or in a Vietnamese article (not "5,600 billion dong",
    "300,000 dong", "2,500 VND" in English); codes, symbols and % follow the article."""
    for word in (scale_word, unit_word):
        if not word:
            continue
        key = " ".join(search_fold_cached(word).split())
        vi = key in _VI_WORDS and (key not in _WRITTEN_IN_ENGLISH or search_fold_cached(word) != word.casefold() or article_vi)
        if vi != (key in _EN_WORDS):
            return vi
    return article_vi


def _currency(word: str, own: _Own) -> str:
    key = search_fold_cached(word)
    for table in (_VI_CURRENCIES, _EN_CURRENCIES, own.currencies):
        for name, code in table.items():
            if search_fold_cached(name) == key:
                return code
    return word.upper()


def _noun(word: str, own: _Own) -> str:
    """The counted noun in its canonical spelling ("nguoi" -> "người")."""
    key = " ".join(search_fold_cached(word).split())
    return next((n for n in (*_VI_NOUNS, *_EN_NOUNS, *own.nouns) if search_fold_cached(n) == key), word)


def _scale(word: str | None, own: _Own) -> float:
    if not word:
        return 1.0
    key = " ".join(search_fold_cached(word).split())
    return next((v for k, v in (*_VI_SCALES.items(), *_EN_SCALES.items(), *own.scales.items())
                 if search_fold_cached(k) == key), 1.0)


_GROUPED = re.compile(r"\d{1,3}[.,]\d{3}")  # one group of thousands, in either style
_FIGURE = re.compile(rf"(?<![\w.,]){_NUM}(?![\w]|[.,]\d)")
_FIGURE_SPACED = re.compile(rf"(?<![\w.,]){_NUM_SPACED}(?![\w]|[.,]\d)")


def figures(article: Article) -> frozenset[float]:
    """The numbers an article states, in either language's style ("1.200" in Vietnamese is "1,200" in
    English), to three significant digits, with the full value of each amount ("2,3 tỷ USD" is $2.3 billion):
    what independent write-ups of one event share whatever their language. Years and whole numbers
    below 10 say little and are left out."""
    comma = _decimal_comma(article)
    figure = _FIGURE_SPACED if article.language in _SPACE_THOUSANDS else _FIGURE
    out: set[float] = set()
    for text in (article.title, *(article.sentences or [article.text])):  # sentences: stored, so replayed alike
        for m in figure.finditer(text):
            value = parse_number(m.group(), comma)
            if value is not None and not (value < 10 and value.is_integer()) and not _is_year(value):
                out.add(float(f"{value:.3g}"))
    out.update(float(f"{a.value:.3g}") for a in article.amounts if a.value >= 10)
    return frozenset(out)


def extract_amounts(article: Article) -> list[Amount]:
    """Money, counts and percentages in the title (those the text does not repeat) and the text."""
    written = "vi" if _looks_vietnamese(article) else "en" if article.language in ("en", "und") else article.language
    comma = _decimal_comma(article)
    body = _amounts_in(article.text, article.sentences, written, comma)
    seen = {(a.value, a.unit, a.kind) for a in body}
    head = [a for a in _amounts_in(article.title, [], written, comma) if (a.value, a.unit, a.kind) not in seen]
    return head + body


def _label(text: str, low: str, start: int, value: float) -> bool:
    """Whether a number read with words before its noun is no count: a year ("By 2019 local police"), or a
    label after a word like "Highway", "No." or a name written with a capital mid-sentence ("Boeing 787
    Dreamliner passengers")."""
    before = text[max(0, start - 30):start].rstrip()
    word = before.split()[-1] if before.split() else ""
    # not language data: marks after which a word starts a sentence or a quote
    mid_sentence = bool(before) and not before.endswith((".", "!", "?", ":", '"', "“"))
    return (_is_year(value) or bool(_LABEL_BEFORE.search(low[max(0, start - 30):start]))
            or (mid_sentence and word[:1].isupper() and len(before.split()) > 1))


def modified(text: str) -> bool:
    """Whether an amount's text has words between its number and its noun ("7 construction workers"): such a
    count may be a part of another's ("4 Vietnamese workers" of "10 workers"), so it is no firm figure. How sure
    the count is, first, says no part: "640 confirmed measles cases" (`count_modifiers_ed`)."""
    m = _AMOUNT["en"].match(lower(text))
    return bool(m and m.group("mods")) and m.group("mods").split()[0] not in _SURE


def _is_year(value: float) -> bool:
    return value.is_integer() and 1900 <= value <= 2100


def _in_a_date(low: str, start: int, raw: str) -> bool:
    """Is the number `raw` at low[start:] part of a date: after a day or month word ("tháng 7", "May 5"), or a
    year of four digits after a year word ("năm 2018", "in 2019", "March 2019")?"""
    before = low[max(0, start - 12):start].split()
    word = before[-1].rstrip(".") if before else ""
    return word in _DAY_WORDS or (raw.isdigit() and len(raw) == 4 and _is_year(float(raw)) and word in _YEAR_WORDS)


def _amounts_in(text: str, sentences: list[str], written: str, comma: bool) -> list[Amount]:
    """`written`: the language the article's amounts are read in (`_pattern`: "vi", no words between a number
    and its noun; "en"; another's code, its own words too); `comma`: it writes "1.500,5" (`_decimal_comma`)."""
    article_vi = written == "vi"
    own = _own(written)
    low = lower(text)
    spans = sentence_spans(text, sentences)
    found: list[Amount] = []
    for m in _pattern(written).finditer(low):
        g = m.groupdict()
        raw = g["snum"] or g["num"]
        scale_word = g["sscale"] or g["scale"]
        unit_word = g["cur"] or g["noun"] or ""
        vi = comma if comma and not article_vi else _vietnamese_style(scale_word, unit_word, article_vi)
        worded = own.numbers.get(search_fold_cached(raw))  # "lima" in an Indonesian article
        number = worded if worded is not None else parse_number(" ".join(raw.split()), vi)
        if number is None or raw == "000":
            continue  # "000 people" of "3 000 people" in English, which groups by commas: no zero people
        if g["noun"] and not scale_word and _GROUPED.fullmatch(raw):
            number = float(re.sub(r"[.,]", "", raw))  # "150,000 personas" (as Mexico writes): no 150.0 people
        if g["sym"]:
            value, unit, kind = number * (_scale(scale_word, own) if scale_word else _ABBR_SCALES.get(
                g["sabbr"] or "", 1.0)), _SYMBOLS[g["sym"]], "money"
            if (worded is not None or search_fold_cached(raw) in _WORD_KEYS) and not (scale_word or g["sabbr"]):
                continue  # "$ a" is not an amount
        else:
            if (worded is not None or search_fold_cached(raw) in _WORD_KEYS) and not scale_word and not (
                    g["noun"] and (search_fold_cached(raw) in _COUNTING or raw in _VI_COUNTING or (worded or 0) >= 2)):
                continue  # a word number with a scale ("half billion dollars") or counting people or things
            value = number * _scale(scale_word, own)
            if g["cur"] and search_fold_cached(g["cur"]) in _AMBIGUOUS and not scale_word:
                continue  # "2019 won", "5 pounds" of flour: a currency only with a scale word
            if g["cur"] and search_fold_cached(g["cur"]) == "d" and not scale_word and m.start("cur") == m.end("num") and number < 1000:
                continue  # "Quốc lộ 4D", "tuyến 14d", "3D": a name, not 4 đồng (a price glued to "đ" is thousands)
            if g["points"]:
                if scale_word:
                    continue
                value, unit, kind = value * _POINTS[" ".join(g["points"].split())], "pp", "points"
            elif g["cur"]:
                unit, kind = _currency(g["cur"], own), "money"
            elif g["pct"]:
                unit, kind = "%", "percent"
            else:
                if g["mods"] and _label(text, low, m.start("num"), value):
                    continue
                unit, kind = _noun(g["noun"], own), "count"
                noun = text[m.start("noun"):m.end("noun")]
                if noun[0].isupper() and not noun.isupper() and " ".join(noun.lower().split()) not in (
                        _NOUNS | own.noun_set):
                    continue  # "Hoa hậu Việt Nam 2018 Linh": a name, not "lính" written without accents
                if _in_a_date(low, m.start("num"), raw):
                    continue  # "năm 2018 cảnh sát giao thông xử lý ...": the date, then the sentence's subject
        if not math.isfinite(value):
            continue  # 400 digits: no amount (JSON has no infinity)
        start, end = m.start(), m.end()
        found.append(Amount(text=text[start:end], value=value, unit=unit, kind=kind,
                            sentence=evidence(text, spans, start, end)))
    return found
