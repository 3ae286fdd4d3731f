"""Amounts with what they measure: "$8 billion in security assistance", "hơn 100 người thiệt mạng".

Each `article.amounts` entry is looked up in its sentence; the nearest word of a small bilingual
vocabulary of measured things, a few words after it ("8 tỷ USD viện trợ", "100 người thiệt mạng") or
before it ("aid package of $8 billion", "killing 100 people"), says what it measures. The entity it
concerns is the place or organisation the sentence ties to that measure ("aid to Ukraine",
"deaths in Gaza"). Amounts whose measure cannot be found give no claim.

slot  = "amount:" + measure key [+ ":" + entity key], e.g. "amount:aid:LOC:ukraine"
value = f"{value:g} {unit}", with counted nouns in one language ("100 người" -> "100 people").
An amount written with "additional"/"thêm"/"bổ sung" is a new tranche, not the total: its measure
is "additional-aid", so it is never compared with the total. The earlier figure of a change ("từ 4,5%
xuống 4%", "to 4.25% from 4.5%", "up from 3%") is "previous-" its measure, and a change in points of a
rate ("cut by 50 basis points") "change-" it; the new figure of a change takes the measure of the earlier
one when it is too far from its own words ("giảm 0,5 điểm phần trăm, từ 4,5%/năm xuống 4%/năm"). An amount said of one phase of a project
("the first phase, worth $900 million", "giai đoạn một") is "phase-investment", never the total either. A
rate said as an aim, a forecast or a change from the month before is "target-", "forecast-" or "monthly-"
its measure ("mục tiêu tăng trưởng 6,5%", "forecast growth of 6.5%", "tăng 0,2% so với tháng trước"), and
one since December "ytd-" it.

Money that a facility is said to be worth is the investment in it: "a $2.3 billion factory",
"nhà máy pin mặt trời trị giá 3,2 tỷ USD". Investment and jobs ("employ about 4,500 workers",
"85 nhân viên") carry no entity: the project's place or owner is written differently in each language
("in the port city of Hai Phong", "tại thành phố Hải Phòng"), and a qualifier one language finds and the
other misses would split the slot. A conversion in brackets ("500 billion dong ($19 million)") is the
same amount: it takes the measure of the amount it converts.

A company's result of a kind (net revenue, net, pre-tax or gross profit) carries the period it covers, as a
count of patients carries its "as of" time: "amount:net-profit@q3-2026" ("quý III/2026", "third-quarter", "Lũy
kế 9 tháng, …": `lang/common/result_periods.tsv`). A duty has the stage of its trade case ("preliminary-tariff",
"final-tariff") or is the rate of the companies not named ("others-tariff"). A country's or a province's foreign
direct investment is "fdi", not a project's "investment".
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from newsloom import lang
from newsloom.entities import gazetteer
from newsloom.facts._text import alternation
from newsloom.facts.amounts import parse_number
from newsloom.facts.claims.meetings import Unit, display_name, units
from newsloom.model import Amount, Article, Claim, Mention
from newsloom.text.folding import fold_keep_offsets

_W = r"(?<!\w)(?:{})(?!\w)"


@dataclass(frozen=True)
class _Measure:
    key: str
    kinds: tuple[str, ...]  # Amount.kind values it can measure
    pattern: re.Pattern[str]
    readable: str
    preps: tuple[str, ...]  # words that tie the measure to the entity it concerns
    labels: tuple[str, ...] = ("LOC", "ORG")  # what that entity may be
    facility: bool = False  # the words name a facility; its money is the investment in it (see _facility_ok)
    counted_only: bool = False  # the words say what an amount counts, never what another amount measures
    units: frozenset[str] = frozenset()  # the counted nouns it counts, if not any
    subject: bool = False  # its entity may be the subject before it: "NHNN giảm lãi suất", "the Fed cut its rate"
    not_units: frozenset[str] = frozenset()  # counted nouns it never counts
    place_subject: bool = False  # its entity may be the place that is the subject before it: "Bắc Ninh thu hút"


def _m(key: str, kinds: str, words: tuple[str, ...], preps: tuple[str, ...], readable: str = "",
       exact: tuple[str, ...] = (), facility: bool = False, counted_only: bool = False,
       units: frozenset[str] = frozenset(), bank: bool = False, not_units: frozenset[str] = frozenset(),
       place_subject: bool = False) -> _Measure:
    """`words` are matched as written and without diacritics; `exact` are regexes matched only as
    written (their accent-free forms are other words: "giá" -> "gia" as in "quốc gia").
    Without `preps` the measure never carries an entity. `bank`: a bank's rate, of the organisation that
    sets it (its subject, or after `preps`), so that two central banks' rates are two slots. `place_subject`: a
    place's total, of the place that is its subject ("Bắc Ninh đã thu hút …") or after `preps`."""
    forms = [alternation(words)] if words else []
    forms += exact
    labels = ("ORG",) if bank else ("LOC",) if preps is _IN else ("LOC", "ORG") if preps else ()  # people die,
    return _Measure(key, tuple(kinds.split()), re.compile(_W.format("|".join(forms))),  # flee, are hurt in places
                    readable or key, preps, labels, facility, counted_only, units, bank, not_units, place_subject)


_PREPS = lang.groups("common", "measure_prepositions")
_TO, _IN, _OF, _WITH, _ON = _PREPS["to"], _PREPS["in"], _PREPS["of"], _PREPS["with"], _PREPS["on"]
_WORDS = lang.groups("common", "measures")  # measure key (or "facility") -> words
_CUES = lang.groups("common", "measure_cues")
_PEOPLE_UNITS = lang.word_set("common", "people_count_nouns")
_HUMAN_UNITS = _PEOPLE_UNITS | lang.word_set("common", "more_people_count_nouns")
_THINGS = lang.word_set("common", "counted_things")
# the unit each figure of power, wind or rain is compared in, and how many of it one is: "1.2 GW" is 1200 MW
_IN_BASE = {unit: (base, float(factor)) for unit, base, factor in lang.rows("common", "measure_units")}
_POWER_UNITS = frozenset(u for u, (base, _) in _IN_BASE.items() if base == "MW")
_SPEED_UNITS = frozenset(u for u, (base, _) in _IN_BASE.items() if base == "km/h")
_RAIN_UNITS = frozenset(u for u, (base, _) in _IN_BASE.items() if base == "mm")
_HOUSES = frozenset(_WORDS["house nouns"])

_MEASURES = (
    # money
    _m("aid", "money", _WORDS["aid"], _TO, exact=(r"gói",  # "gói" only as written: "goi" is also "gọi" (call)
                                                  # "hỗ trợ (khẩn cấp) 500 tỷ đồng"; not what each is given ("mỗi hộ
                                                  # được hỗ trợ", "hỗ trợ mỗi em 2 triệu đồng")
                                                  r"hỗ trợ(?=\s+(?:thêm\s+)?(?:(?:{})\s+)?(?:(?!mỗi\b)\w+\s+)?\d"
                                                  r"(?![^.;]*?\bmỗi\b))".format(alternation(_CUES["aid between"])))),
    _m("budget", "money", _WORDS["budget"], _OF),
    _m("fdi", "money", _WORDS["fdi"], _IN, "foreign direct investment",  # a country's or a province's total, not
       place_subject=True),  # a project's: Vietnam's and Bắc Ninh's are two figures
    _m("investment", "money", _WORDS["investment"], (), exact=_WORDS["investment pattern"]),
    _m("investment", "money", _WORDS["facility"], (), facility=True),
    _m("price", "money", _WORDS["price"], _OF,
       exact=(r"(?<!trị )(?<!đánh )giá(?!\s+trị)",)),  # not "trị giá" (worth), "đánh giá", "giá trị"
    # a company's result: its kinds before the plain words, which may be a segment's or another line's
    _m("net-revenue", "money", _WORDS["net-revenue"], _OF, "net revenue"),
    _m("net-profit", "money", _WORDS["net-profit"], _OF, "net profit"),
    _m("pretax-profit", "money", _WORDS["pretax-profit"], _OF, "pre-tax profit"),
    _m("gross-profit", "money", _WORDS["gross-profit"], _OF, "gross profit"),
    _m("revenue", "money", _WORDS["revenue"], _OF),
    _m("profit", "money", _WORDS["profit"], _OF),
    _m("deal", "money", _WORDS["deal"], (), "deal value", exact=_WORDS["deal pattern"]),
    _m("cost", "money", _WORDS["cost"], _OF),
    _m("damage", "money", _WORDS["damage"], _IN),
    _m("trade", "money", _WORDS["trade"], _WITH),
    _m("loan", "money", _WORDS["loan"], _TO),
    _m("debt", "money", _WORDS["debt"], _OF),
    _m("fine", "money", _WORDS["fine"], _OF, exact=(r"fine",)),
    _m("bribe", "money", _WORDS["bribe"], ()),
    _m("embezzlement", "money", _WORDS["embezzlement"], (), "sum embezzled"),
    _m("tax-evaded", "money", _WORDS["tax-evaded"], (), "tax evaded", exact=_WORDS["tax-evaded pattern"]),
    _m("salary", "money", _WORDS["salary"], _OF),
    _m("gdp", "money", _WORDS["gdp"], _OF, "GDP"),
    _m("exports", "money count", _WORDS["exports"], _WITH),
    _m("imports", "money count", _WORDS["imports"], _WITH),
    # counts of people
    # a toll counts people: "7 người tử vong, hơn 1 triệu hộ mất điện" is no million dead
    # the dead and missing counted together ("37 người chết và mất tích", "killed or left missing 37"): before the
    # deaths, so that at equal distance the pair's words win over "chết"
    _m("dead-or-missing", "count", _WORDS["dead-or-missing"], _IN, "dead or missing", not_units=_THINGS),
    _m("deaths", "count", _WORDS["deaths"], _IN, not_units=_THINGS),
    _m("injured", "count", _WORDS["injured"], _IN, not_units=_THINGS),
    _m("missing", "count", _WORDS["missing"], _IN, not_units=_THINGS),
    _m("displaced", "count", _WORDS["displaced"], _IN),
    _m("arrested", "count", _WORDS["arrested"], _IN, not_units=_THINGS),
    _m("casualties", "count", _WORDS["casualties"], _IN, not_units=_THINGS),
    _m("troops", "count", _WORDS["troops"], _IN),
    _m("cases", "count", _WORDS["cases"], _IN,  # "nhiem" is also "nhiệm" (a term); not "mắc kẹt" (trapped)
       exact=(r"(?<!vướng )mắc(?!\s+(?:{}))".format("|".join(_WORDS["not cases"])), r"nhiễm")),
    _m("cases", "count", _WORDS["case nouns"], (), counted_only=True),
    _m("hospitalised", "count", _WORDS["hospitalised"], _IN, "patients in hospital", not_units=_THINGS,
       exact=_WORDS["hospitalised pattern"]),
    _m("discharged", "count", _WORDS["discharged"], _IN, "patients discharged", not_units=_THINGS),
    _m("doses", "count", _WORDS["doses"], (), "vaccine doses", counted_only=True),
    # sport: a transfer fee, prize money, a match's crowd (not the venue's seats)
    _m("fee", "money", _WORDS["fee"], (), "transfer fee"),
    _m("prize", "money", _WORDS["prize"], (), "prize money"),
    _m("seats", "count", _WORDS["seats"], (), "seats in the venue", units=_HUMAN_UNITS),
    # transport: those aboard ("carrying 182 passengers", "with 218 passengers on board": tester44)
    _m("passengers", "count", _WORDS["passengers"], (), "passengers aboard", units=frozenset(_WORDS["passenger nouns"])),
    _m("attendance", "count", _WORDS["attendance"], ()),
    _m("attendance", "count", _WORDS["attendance noun"], (), counted_only=True),
    # "80 firefighters", "some 20 police officers": those sent to an incident
    _m("firefighters", "count", _WORDS["firefighters"], (), counted_only=True),
    _m("police", "count", _WORDS["police"], (), "police officers", counted_only=True),
    _m("rescuers", "count", _WORDS["rescuers"], (), counted_only=True),
    # "24 bị cáo", "25 defendants": those tried in a case
    _m("defendants", "count", _WORDS["defendants"], (), counted_only=True),
    # diplomacy: agreements signed, ministers a reshuffle replaces (tester40)
    _m("agreements", "count", _WORDS["agreements"], (), "agreements signed",
       units=frozenset(_WORDS["agreement nouns"])),
    _m("ministers", "count", _WORDS["ministers"], (), "ministers replaced", units=frozenset(_WORDS["minister nouns"])),
    # hiring verbs ("hired", "tuyển dụng") say how many joined, not how many work there: not jobs
    # counted in workers or people: "5 bác sĩ, nhân viên y tế" are doctors and staff, not jobs
    _m("jobs", "count", _WORDS["jobs"], (), units=_PEOPLE_UNITS),
    # power short of demand: said only of megawatts ("thiếu 3.000 MW"), never of people or money
    _m("power-shortfall", "count", _WORDS["power-shortfall"], _IN, "power shortfall", units=_POWER_UNITS),
    # what a plant, a wind farm or a line can deliver ("công suất 1.500 MW", "a 1.2 GW plant", "capacité de 1 500 MW")
    _m("capacity", "count", (*_WORDS["capacity"], *_WORDS["facility"]), _OF, units=_POWER_UNITS),
    # weather: a storm's wind ("gusts of 180 km/h", "gió giật 150 km/h") and the rain that fell ("lượng mưa 350 mm")
    _m("wind", "count", _WORDS["wind"], _IN, "wind speed", units=_SPEED_UNITS),
    _m("gusts", "count", _WORDS["gusts"], _IN, "wind gusts", units=_SPEED_UNITS),
    _m("rainfall", "count", _WORDS["rainfall"], _IN, units=_RAIN_UNITS),
    # houses a storm, a flood or a quake damaged, destroyed or flooded ("2.300 ngôi nhà bị hư hỏng", "damaged 4,100 homes")
    _m("houses-damaged-or-destroyed", "count", _WORDS["houses-damaged-or-destroyed"], _IN,
       "houses damaged or destroyed", units=_HOUSES),
    _m("houses-damaged", "count", _WORDS["houses-damaged"], _IN, "houses damaged", units=_HOUSES),
    _m("houses-destroyed", "count", _WORDS["houses-destroyed"], _IN, "houses destroyed", units=_HOUSES),
    _m("houses-flooded", "count", _WORDS["houses-flooded"], _IN, "houses flooded", units=_HOUSES),
    # rates
    _m("inflation", "percent", _WORDS["inflation"], _OF),
    _m("growth", "percent", _WORDS["growth"], _OF, exact=(r"gdp(?:\s+[^\s,.;]+){1,3}\s+tăng",)),  # "GDP quý III tăng"
    _m("unemployment", "percent", _WORDS["unemployment"], _OF),
    # a central bank's policy rates (POLICY_RATES), then rates that differ bank by bank; before the generic
    # "lãi suất", so that at equal distance "lãi suất tái cấp vốn" is the refinancing rate
    _m("refinancing-rate", "percent", _WORDS["refinancing-rate"], _OF, "refinancing rate", bank=True),
    _m("discount-rate", "percent", _WORDS["discount-rate"], _OF, "discount rate", bank=True),
    _m("policy-rate", "percent", _WORDS["policy-rate"], _OF, "policy rate", bank=True),
    _m("deposit-rate", "percent", _WORDS["deposit-rate"], (), "deposit rate"),
    _m("lending-rate", "percent", _WORDS["lending-rate"], (), "lending rate"),
    _m("overnight-rate", "percent", _WORDS["overnight-rate"], (), "overnight rate"),
    _m("interest-rate", "percent", _WORDS["interest-rate"], _OF, "interest rate"),
    _m("tariff", "percent", _WORDS["tariff"], _ON),
    _m("turnout", "percent", _WORDS["turnout"], _OF, exact=_WORDS["turnout pattern"]),
)
_PRICE = next(m for m in _MEASURES if m.key == "price" and not m.facility)  # what a priced thing costs
_ABOARD = next(m for m in _MEASURES if m.key == "passengers")  # what a load word before passengers measures
# houses damaged, destroyed or flooded: a toll of homes, counted as it grows
HOUSE_COUNTS = frozenset(m.key for m in _MEASURES if m.units is _HOUSES)
# a storm's wind, gusts and rain: each figure a peak, which "up to" gives (`_upper_bound`)
PEAKS = frozenset(m.key for m in _MEASURES if m.units in (_SPEED_UNITS, _RAIN_UNITS))

# "no one was injured", "không có thương vong": 0 people for the measure (lang/common/zero_counts.tsv)
_ZERO_ROWS = lang.groups("common", "zero_counts")
_PROVISIONAL = re.compile(_W.format("|".join(_ZERO_ROWS.pop("provisional"))), re.IGNORECASE)
_EXCEPTION = re.compile(_W.format("|".join(_ZERO_ROWS.pop("exception"))), re.IGNORECASE)
_ZEROS = {key: re.compile(_W.format("|".join(expressions)), re.IGNORECASE) for key, expressions in _ZERO_ROWS.items()}
_READABLE = {m.key: m.readable for m in _MEASURES}

_ADDITIONAL = re.compile(_W.format(alternation(_CUES["additional"])))
# "gói viện trợ mới"; before a verb it is "just"
_NEW_AFTER_NOUN = re.compile(_W.format(alternation(_CUES["new after noun"])))
_NEW = re.compile(_W.format(alternation(_CUES["new"])))  # "a new $2 billion plant": a new plant, not a tranche
_TOTAL = re.compile(_W.format(alternation(_CUES["total"])))
_PLACE_PART = re.compile(_W.format(alternation(_CUES["place part"])))  # "…, chủ yếu ở Bình Sơn": a part's place
_SAID_AT = re.compile(_W.format(alternation(_CUES["said at"])))  # "tại hội nghị … ở Hà Nội": where it was told
_SPEECH = re.compile(_W.format(alternation(lang.groups("common", "statement_cues")["speech verb"])))
_WINDOW_PHASE = 10  # words before an amount where a phase word makes it the investment of that phase
_PHASE = re.compile(_W.format(alternation(_CUES["phase"])))
# money paid by the unit right after an amount ("/tấn", "a tonne", "per litre")
_PER_UNIT = re.compile(r"\s*(?:/|(?:a|an|per|mỗi|một)\s+)(?:{})(?!\w)".format(alternation(_CUES["per unit"])))
# a thing sold by the unit, a few words before a cost word ("single tickets will cost")
_PRICED = re.compile(r"(?<!\w)(?:{})(?:\s+(?:{})){{0,2}}\s+$".format(alternation(_CUES["priced"]),
                                                                 alternation(_CUES["priced between"])))
# between a facility and the money it is worth ("nhà máy pin mặt trời trị giá 3,2 tỷ USD", "a plant worth")
_WORTH_NEXT = frozenset(_CUES["worth next"])
_WORTH = re.compile(r"(?:^|\s|,)(?:{})\s*$".format(alternation(_CUES["worth"])))
# words that cannot stand between a Vietnamese facility noun and its worth ("nhà máy pin mặt trời 3,2 tỷ USD")
# (compared as written; a word written without diacritics also by its accent-free form)
_NOT_MODIFIERS = lang.word_set("vi", "facility_not_modifiers")
_NOT_MODIFIERS_FOLDED = {fold_keep_offsets(w) for w in _NOT_MODIFIERS}
# words that cannot stand between an amount and the facility it is worth ("a $2.3 billion solar plant")
_NOT_BEFORE_NOUN = lang.word_set("common", "facility_not_before_noun")
_JOINING = frozenset(map(fold_keep_offsets, _CUES["joining"]))  # of `_NOT_BEFORE_NOUN`, may join two modifiers
_FACILITY_WORDS = 4  # words at most between a facility's money and its noun
# measures that count people, and the nouns they count them with
# (not language data: measure keys)
_COUNTS_OF_PEOPLE = {"deaths", "injured", "missing", "displaced", "arrested", "casualties", "hospitalised",
                     "discharged", "dead-or-missing"}
_PLACE_UNITS = lang.word_set("vi", "admin_units") | lang.word_set("en", "admin_units")  # "huyện", "district"
# counted nouns in one language, so that "100 người" and "100 people" compare
_COUNT_UNITS = lang.table("common", "count_nouns_in_english")
_LOWER_BOUND = re.compile(_W.format(alternation(_CUES["lower bound"])))
_UPPER_BOUND = re.compile(_W.format(alternation(_CUES["upper bound"])))
_PEAK_BOUND = re.compile(_W.format(alternation(set(_CUES["upper bound"]) - set(_CUES["peak"]))))  # of a peak
_LINKS = lang.groups("common", "measure_links")
_COPULAS = frozenset(_LINKS["copula"])
_TO_VALUE = re.compile(r"\s+(?:{})\s+".format(alternation(_LINKS["to"])))  # "its discount rate to 2.5%"
# "không có ai bị thương, nhưng … 20 hành khách": another clause
_CLAUSE = re.compile(r",\s*(?:{})(?!\w)".format("|".join(re.escape(w) for w in _LINKS["clause"])))
_QUALIFIERS = alternation(lang.words("en", "amount_qualifiers") + lang.words("vi", "amount_qualifiers"))
_QUALIFIED = re.compile(rf"\s*(?:{_QUALIFIERS})(?!\w)", re.IGNORECASE)  # "about 10", "khoảng 10", "hơn 10"
# "gusts of up to 180 km/h", "rafales de 180 km/h": a measure word and "of" before a figure are that figure's
_OF_VALUE = re.compile(r"\s+(?:{})\s+(?:(?:{})\s+)*".format(alternation(_LINKS["of"]), _QUALIFIERS), re.IGNORECASE)
_NUMBER_NEXT = re.compile(rf"\s+(?:(?:{_QUALIFIERS})\s+)?\d")
# as written only: without its accents "chở" (carrying) is "cho" (for)
_LOAD = re.compile(r"(?<!\w)(?:{})\s+$".format("|".join(re.escape(w) for w in _LINKS["load"])))
_WITH = re.compile(r"(?<!\w)(?:{})\s+$".format(alternation(_LINKS["with"])))  # "a couple and their two children"
_WITH_OTHERS = re.compile(r"(?<!\w)(?:{})\s+$".format(alternation(_LINKS["with others"])))  # "cùng 2 người khác"
_OF_OTHERS = re.compile(r"\s+(?:{})(?!\w)".format(alternation(_LINKS["others"])))  # "2 người khác"
_LOAD_WITH = re.compile(r"(?<!\w)(?:{})\s+$".format(alternation(_LINKS["load with"])))  # "with 218 passengers"
_TRIP_PASSENGERS = 10_000  # more passengers are no trip's: "carried 24 million passengers in 2025"
# "1 trong 2 nạn nhân", "one of the two victims": the amount is the whole a part is taken from
_WHOLE = re.compile(r"(?<!\w)(?:\d[\d.,]*|{})\s+(?:{})\s+$".format(
    lang.alternatives((*lang.table("en", "amount_number_words"), *lang.table("vi", "amount_number_words"))),
    lang.alternatives(_LINKS["part"], r"\s+")))
# "one man remains missing", "một người tử vong": a toll of one (see "one" in measure_links.tsv)
_ONE = re.compile(r"(?<!\w)(?:(?:{})\s+)?(?:{})\s+(?:{})(?!\w)".format(  # with its bound: "more than one person"
    _QUALIFIERS, alternation(_LINKS["one"]), alternation(_LINKS["person"])))
_TOLLS = tuple(m for m in _MEASURES if m.key in _COUNTS_OF_PEOPLE)  # what a count of one may be
_TOLL_NOUNS = {"deaths", "injured", "missing", "displaced"}  # (not language data: measure keys) "73 heridos"
_NOT_ONE = frozenset(_LINKS["not"])
# a toll's bare number: "the death toll has risen to 19", "số người chết đã tăng lên 19" (measure_links.tsv)
_TOLL_NUMBER = r"(?P<n>\d{{1,3}}(?:[.,]\d{{3}})*|{})(?![\w%-]|[.,]\d)".format("|".join(  # words as written:
    re.escape(w) for language in ("en", "vi")  # "bay" is no "bảy" (seven), "sau" (after) no "sáu" (six)
    for w, n in sorted(lang.table(language, "amount_number_words").items(), key=lambda r: -len(r[0])) if float(n) >= 2))
_BARE_TOLL = re.compile(r"(?<!\w)(?:{})\s+{}(?!\s+(?:{}))".format(
    "|".join(_LINKS["toll"]), _TOLL_NUMBER, alternation(_LINKS["not toll"])))  # not "the toll is a reminder"
# a toll's number after its verb or before its word, without a noun: "injuring 12.", "3 dead, 12 injured"
_TOLL_VERB = re.compile(r"(?<!\w)(?:{})\s+(?:(?:{})\s+)?{}(?=\s*(?:[.,;:)]|$)|\s+(?:{})(?!\w))".format(
    alternation(_LINKS["toll verb"]), _QUALIFIERS, _TOLL_NUMBER, alternation(_LINKS["toll verb end"])))
_TOLL_WORD = re.compile(r"(?<![\w.,/]){}\s+(?:(?:{})\s+)?(?={})".format(  # not a date's: "hôm 3/11 đã tử vong"
    _TOLL_NUMBER, alternation(_LINKS["toll word verb"]), _W.format(alternation(_LINKS["toll word"]))))
_TO_TOLL = re.compile(rf"\s+(?:(?:{alternation(_COPULAS)})\s+){{0,2}}")
_ORDINAL = re.compile(rf"(?<!\w)(?:{alternation(_LINKS['ordinal'])})\s+$")  # "thứ ba"
_RATE_CUE_WORDS = 8  # words before a rate where "target" or "forecast" makes it one
_COMMA_WORDS = 2  # a comma between a measure word and the amount after it counts as this many words
_WINDOW_AFTER = 5  # words after the amount searched for its measure
_WINDOW_BEFORE = 8  # words before it
_TOLERANCE = 0.10  # values within 10% of each other are the same figure, rounded differently
_COUNTED_ONE_BY_ONE = 20  # whole numbers below this are exact: none is another rounded
# measures (keys) whose figures are exact however large: a court names each defendant, a count gives each seat,
# each agreement signed, each minister replaced
_NAMED_ONE_BY_ONE = frozenset({"defendants", "seats-won", "agreements", "ministers"})
_SHARE_POINTS = 0.5  # ... and shares within half a percentage point
_SUBJECT_WORDS = 5  # words between a bank and its rate ("The State Bank of Vietnam on Tuesday cut its …")
_RATE_POINTS = 0.05  # ... and policy rates within a twentieth of a point: "4%" and "4.0%", not "4.25%"
# a central bank's policy rates: one figure at a time, set by a decision (not language data: measure keys)
POLICY_RATES = frozenset({"refinancing-rate", "discount-rate", "policy-rate"})
# a change: "từ 4,5% xuống 4%", "cut from 4.5% to 4%" (after a change word), "to 4.25% from 4.5%"
_FROM = re.compile(r"(?<!\w)(?:{})\s+$".format(alternation(_CUES["from"])))
_TO_NEW = re.compile(r"\s*(?:/\s*\w+\s*)?(?:\s*(?>[\w/]+)){{0,4}}?\s*(?:{})\s+$".format(  # "của tháng 6 xuống còn"
    alternation(_CUES["to new"])))
_TO = re.compile(r"\s*(?:/\s*\w+\s*)?to\s+$")
_CHANGE = re.compile(_W.format(alternation(_CUES["change"])))
_REVISED = re.compile(r"(?<!\w)(?:{})\s*$".format(alternation(_CUES["revised"])))  # "revised up to 3,100"
_CENTRAL_BANK = re.compile(_W.format(alternation(_CUES["central bank"])))
_FED = re.compile(r"\bFed\b")  # not language data: the Federal Reserve as written ("fed up" is no bank)
_CHANGE_WORDS = 8  # words before "from X to Y" where a change word makes it a change
_NEW_FROM = re.compile(r"\s*(?:/\s*\w+\s*)?,?\s*(?:{})\s+$".format(alternation(_CUES["new from"])))
_PREVIOUS = re.compile(r"(?<!\w)(?:{})\s+$".format(alternation(_CUES["previous"])))
# a rate's aim or forecast, right before or after it; a change from the month before, right after it
_TARGET = re.compile(_W.format(alternation(_CUES["target"])))
_FORECAST = re.compile(_W.format(alternation(_CUES["forecast"])))
_ACTUAL = re.compile(_W.format(alternation(_CUES["actual"])))
_MONTHLY = re.compile(r"^\s*(?:{})(?![\w'’])".format(alternation(_CUES["monthly"])))  # not "the previous month's 2.3%"
_COMPARISON = re.compile(_W.format(alternation(_CUES["comparison"])))
# before an aid verb, what a recipient is given ("mỗi hộ được Nhà nước hỗ trợ"), not the aid
_GIVEN = re.compile(r"(?<!\w)(?:{})(?:\s+\S+){{0,3}}\s+$".format(alternation(_LINKS["given"])))
# between a figure and another it is set against ("3,1%, thấp hơn mục tiêu 4,5% của Quốc hội"): what follows
# the other figure is the other's
_COMPARATIVE = re.compile(_W.format(alternation(_CUES["comparative"])))
_ADMIN = alternation(sorted({*lang.words("vi", "admin_units"), *lang.words("en", "admin_units")}, key=len, reverse=True))
# between a preposition and the place it ties a figure to: "tại huyện Bát Xát", "in northern Lao Cai province"
_DIRECTION = re.compile(_W.format(alternation(lang.words("en", "directions"))))  # "central Vietnam" is a region
_BEFORE_PLACE = r"(?:the\s+)?(?:(?:{})\s+)?(?:(?:{})\.?\s+)?".format(alternation(lang.words("en", "directions")), _ADMIN)
# between two parts of an address, the smaller first: "huyện Mường Tè, Lai Châu", "Muong Te district, Lai
# Chau province", "Bat Xat district in northern Lao Cai province", "… of Lao Cai province"
ADDRESS_LINK = re.compile(rf"\s*(?:(?:{_ADMIN})\.?)?\s*(?:,\s*|\s+(?:{alternation(lang.words('common', 'address_links'))})\s+)"
                          rf"{_BEFORE_PLACE}", re.IGNORECASE)
_RANKS = {word: int(rank) for rank, word in lang.rows("common", "admin_unit_ranks")}
_BRACKET = re.compile(rf"\s*\(\s*(?:(?:{_ADMIN})\.?\s+)?", re.IGNORECASE)  # "Nhơn Trạch (Đồng Nai)", "(tỉnh Lào Cai)"
_OF_UNIT = re.compile(rf"\s+(?:{_ADMIN})\s+of\s+(?:the\s+)?", re.IGNORECASE)  # "… province of Lam Dong"
_SUBDIVISION = re.compile(_W.format(alternation([w for w, r in _RANKS.items() if r >= 2])))  # a district or larger
_UNIT_BEFORE = re.compile(rf"(?<!\w)({_ADMIN})\.?\s+$", re.IGNORECASE)  # "tỉnh Lào Cai"
_UNIT_AFTER = re.compile(rf"\s+({_ADMIN})(?!\w)", re.IGNORECASE)  # "Lao Cai province"
_LIST_GOES_ON = re.compile(r"\s+(?:và|and)\s+")  # "huyện Bát Xát, Sa Pa và Bảo Thắng": a list of places


def _between_places(comma: bool) -> re.Pattern[str]:
    """What stands between two places of a list, their unit words aside: "và"/"and" ("Hà Tĩnh và Nghệ An"), or
    also a comma if `comma` ("Bình Sơn, Đức Phổ và đảo Lý Sơn", "Hai Phong city, Quang Ninh province and Hanoi")."""
    joined = alternation(_LINKS["list"])
    link = rf"(?:,|,?\s+(?:{joined}))" if comma else rf",?\s+(?:{joined})"
    return re.compile(rf"(?:\s+(?:{_ADMIN}))?\s*{link}\s+(?:(?:{_ADMIN}|{alternation(_LINKS['list kind'])})\.?\s+)?",
                      re.IGNORECASE)


_PLACE_LIST, _AND_LIST = _between_places(comma=True), _between_places(comma=False)
_COMPARED_WORDS = 10  # words at most between two rates of one measure said against different times
# "raised the total investment … to 55,000 billion dong": a set verb, its measure, then the new value far after
_SET_VERB = re.compile(r"(?<!\w)(?:{})\s+(?:\S+\s+){{0,2}}$".format(alternation(_CUES["set verb"])))
_SET_TARGET = re.compile(r"(?<!\w)(?:{})\s+$".format(alternation(_CUES["set target"])))
_WINDOW_SET = 25  # words before a new value where its set verb and measure may stand
_REACHED = re.compile(r"(?<!\w)(?:{})\s+$".format(alternation(_CUES["reach verb"])))
_REACH_SUBJECT_WORDS = 4  # a clause's first words, where a reach verb's subject (its measure word) stands
# "net profit fell 38 percent from a year earlier to 612 billion dong": a move verb, the change, the new value
_MOVE_VERB = re.compile(_W.format(alternation(_CUES["move verb"])))
_MOVED_TO = re.compile(r"(?<!\w)(?:{})\s+$".format(alternation(_CUES["set target"] + _CUES["to new"])))
_MOVE_SUBJECT_WORDS = 4  # words before a move verb where its subject (the measure word) stands
_NUMBER_OF = re.compile(_W.format(alternation(_CUES["number of"])))  # ... or a long subject's head: "tổng số"
_NUMBER_OF_WORDS = 4  # words after that head where its measure word stands ("số người phải nhập viện")
_MOVE_BREAK = re.compile(_W.format(alternation(_CUES["move break"] + _CUES["set verb"])))
_THEN_CHANGE = re.compile(r"(?:(?:{})(?:\s+\w+)?)?".format(alternation(_CUES["change verb"])))  # "tăng", "rose"
_YTD = re.compile(r"^\s*(?:{})(?!\w)".format(alternation(_CUES["ytd"])))
# counts of patients that change by the hour, compared only at one time they are given "as of" (not language data:
# measure keys); the time: a day, maybe an hour said near it ("18 giờ", "6 p.m.", "18h")
AS_OF_MEASURES = frozenset({"hospitalised", "discharged"})
_AS_OF = re.compile(_W.format(alternation(_CUES["as of"])))
_AS_OF_AT_AN_HOUR = re.compile(_W.format(alternation(_CUES["as of at an hour"])))
_AS_OF_REACH = 40  # characters at most between an "as of" cue and the date it gives
# a company's results, each of the period it covers ("net-profit@q3-2026"): compared only with figures of that
# period; those of a kind (not plain "revenue" or "profit", which may be a segment's) are firm (not language data:
# measure keys)
RESULTS = frozenset({"net-revenue", "net-profit", "pretax-profit", "gross-profit", "revenue", "profit"})
FIRM_RESULTS = RESULTS - {"revenue", "profit"}
_PERIOD_ROWS = lang.groups("common", "result_periods")
_PERIOD_YEAR = re.compile(_PERIOD_ROWS.pop("year")[0])
_PERIOD = re.compile("|".join(f"(?P<{key if key[0].isalpha() else 'm' + key}>{'|'.join(f'(?:{p})' for p in ps)})"
                              for key, ps in _PERIOD_ROWS.items()).join((r"(?<!\w)(?:", r")(?!\w)")))
# the month each period starts and ends in (not language data: period keys)
_PERIOD_MONTHS = {"q1": (1, 3), "q2": (4, 6), "q3": (7, 9), "q4": (10, 12), "h1": (1, 6), "9m": (1, 9), "fy": (1, 12)}
_PERIOD_NAMES = {"q1": "Q1", "q2": "Q2", "q3": "Q3", "q4": "Q4", "h1": "H1", "9m": "9 months", "fy": "full year"}
_OPENING_PHRASE = re.compile(r"[^,]*,(?!\d)\s*")  # up to a comma that is no decimal one
_OPENING_WORDS = 6  # words at most of a sentence's opening phrase whose period is its figures' ("Lũy kế 9 tháng, …")
_YEAR_AGO = re.compile(r"\s*(?:(?:in|of|for)\s+the\s+|của\s+|trong\s+)?(?:{})(?!\w)".format(
    alternation(_CUES["year ago"])))
# a duty's stage in a trade case, and a duty of the companies not named (measure keys' prefixes)
_STAGES = (("preliminary-", re.compile(_W.format(alternation(_CUES["preliminary"])))),
           ("final-", re.compile(_W.format(alternation(_CUES["final"])))))
_OTHERS = re.compile(_W.format(alternation(_CUES["others"])))
# shares that are one figure, set by one decision, and may contradict (not language data: measure keys)
FIRM_SHARES = frozenset({"preliminary-tariff", "final-tariff"})
# an hour: "18 giờ", "18h30", "6 giờ chiều", "6:30 p.m." (not "trong 24 giờ qua", a length)
_HOUR = re.compile(r"(?<![\d:/.,])(?P<h>\d{{1,2}})(?:\s*(?:{unit})\s*(?:\d{{2}}(?!\d))?|:\d{{2}}(?=\s*(?:{half}))|(?=\s*(?:{half})))"
                   r"(?:\s*(?P<half>{half})(?!\w))?(?!\s+(?:{past})(?!\w))".format(
                       unit=alternation(_CUES["hour"]), half=alternation(_CUES["afternoon"] + _CUES["morning"]),
                       past=alternation(_CUES["hours past"])), re.IGNORECASE)
_AFTERNOON = frozenset(w.lower() for w in _CUES["afternoon"])
_HOUR_AT = re.compile(r"\s*,?\s*(?:{})\s+".format(alternation(_CUES["hour at"])))
# a count of suspected cases; a part of a count of cases; the time a count of cases covers (`_period`)
_SUSPECTED = re.compile(_W.format(alternation(_CUES["suspected"])))
_SUPPLIED = re.compile(_W.format(alternation(_CUES["supplied"])))
# right after a count of staff, before any other figure: "300 employees were on shift", not "650 people of whom 300 …"
_ON_SHIFT = re.compile(r"(?:\s+[^\s\d]+){{0,3}}?\s+{}".format(_W.format(alternation(_CUES["on shift"]))))
_NEXT_WORDS = re.compile(r"[^,;.(]{0,12}")  # right after an amount, in its clause: "1.870 ca| nghi mắc"
_OF_WHICH = re.compile(r"[^.;:]{{0,40}}(?:,\s*)?(?:{})\s*".format(alternation(_CUES["of which"])))
_PERIODS = (("weekly-", re.compile(_W.format(alternation(_CUES["weekly"])))),
            ("ytd-", re.compile(_W.format(alternation(_CUES["year so far"])))))
_CASE_CHANGE = re.compile(_W.format(alternation(_CUES["case change"])))
_DISEASE = re.compile(_W.format(alternation(_CUES["disease"])))
# not language data: the measure keys' prefixes and how the (English) detail reads them
_PREFIXES = {"supplied-": "supplied ", "suspected-": "suspected ", "suspected-ytd-": "suspected year-to-date ",
             "suspected-weekly-": "suspected weekly ", "previous-": "previous ", "change-": "change in ",
             "additional-": "additional ", "phase-": "phase ", "target-": "target ", "forecast-": "forecast ", "monthly-": "monthly ", "ytd-": "year-to-date ", "weekly-": "weekly ",
             "preliminary-": "preliminary ", "final-": "final ", "others-": "other companies' "}


def _unit_name(unit: str) -> str:
    return _COUNT_UNITS.get(unit.lower(), unit)


def _holding(needle: str, joined: str, offsets: list[int]) -> Iterator[int]:
    """The indexes, in order, of the units whose text holds `needle`: `joined` is their texts joined by NUL
    (which no amount holds), `offsets` where each starts in it."""
    pos = joined.find(needle) if needle and "\0" not in needle else -1
    while pos >= 0:
        k = bisect.bisect_right(offsets, pos) - 1
        yield k
        pos = joined.find(needle, offsets[k + 1]) if k + 1 < len(offsets) else -1


def _locate(amount: Amount, candidates: list[Unit], used: set[tuple[int, int, int]],
            index: tuple[str, list[int]] | None = None) -> tuple[Unit, int] | None:
    """The sentence and offset of `amount`: the first occurrence of its text not already taken. `index`:
    the candidates' texts joined (`_holding`), so that only those holding the amount's text are read."""
    holding = candidates
    if index is not None and amount.text and "\0" not in amount.text:
        holding = (candidates[k] for k in _holding(amount.text, *index))
    for unit in holding:
        if unit.text not in amount.sentence and amount.sentence not in unit.text:
            continue
        for m in re.finditer(_whole(amount.text), unit.text):
            key = (unit.index, unit.source_start, m.start())
            if key not in used:
                used.add(key)
                return unit, m.start()
    return None


def _whole(text: str) -> str:
    """A pattern for an amount's text as a whole word: "5 người" not inside "15 người"."""
    before = r"(?<![\w.,])" if text[:1].isalnum() else ""
    after = r"(?!\w)" if text[-1:].isalnum() else ""
    return before + re.escape(text) + after


def _words_span(low: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start() + start, m.end() + start) for m in re.finditer(r"[\w'’%$€£¥₫.,-]+", low[start:end])]


def _without_names(unit: Unit, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`words` less those of a named place or body and the units with them: people counted with where they are
    from ("64 học sinh Trường THCS Thọ Lâm, huyện Thọ Xuân, tỉnh Thanh Hóa đã phải nhập viện") are as near
    their verb as "64 học sinh đã phải nhập viện"; so are people counted with whose they are ("4 người trong gia
    đình anh Vừ Bá Dình tử vong")."""
    names = [(p.start, p.end) for p in unit.mentions if p.label in ("ORG", "LOC", "PERSON")]
    return [w for w in words if not any(s <= w[0] < e for s, e in names)
            and unit.low[w[0]:w[1]].strip(",.") not in _PLACE_UNITS]


def _owned(low: str, measure_start: int, measure_end: int, others: tuple[tuple[int, int, str], ...],
           kinds: tuple[str, ...] = ()) -> bool:
    """Is the measure word at low[measure_start:measure_end] another amount's: right before that amount
    ("injuring 12", "gusts of up to 180", and for an amount of one of `kinds` past a link, "its discount rate to
    2.5%"; not "aid to 3,000 families"), or right after it, maybe past a copula ("2 người mất tích", "Three
    people are missing"), or inside it ("5,200 dengue cases and two deaths": "cases" is 5,200's)? `others`: (start, end,
    kind) of the unit's other amounts."""
    for o_start, o_end, kind in others:
        if o_start <= measure_start < o_end:
            return True
        if o_start >= measure_end and (not low[measure_end:o_start].strip() or _OF_VALUE.fullmatch(
                low, measure_end, o_start) or (_kind(kind) in kinds and _TO_VALUE.fullmatch(low, measure_end, o_start))):
            return True
        between = low[o_end:measure_start].split() if o_end <= measure_start else [""]
        if not between or (len(between) == 1 and between[0] in _COPULAS):
            return True
    return False


def _kind(kind: str) -> str:
    """What a measure must measure to take an amount of this kind: a change in points measures a rate."""
    return "percent" if kind == "points" else kind


def _measure(unit: Unit, amount: Amount, start: int, end: int, others: tuple[tuple[int, int, str], ...] = (),
             banks: bool = True) -> tuple[_Measure, int, int] | None:
    """The measure nearest the amount at unit.text[start:end], by words, within its clause. `others`: where
    the unit's other amounts are; a measure word that is one of theirs is not this one's (`_owned`: "a coach
    carrying 46 passengers overturned, injuring 12": 12 were injured, not 46). An amount right after a load
    word ("carrying 46 passengers", "with 218 passengers" too) measures only passengers aboard, no toll; the
    whole a part is taken from measures nothing ("1 trong 2 nạn nhân tử vong": one died; "một trong 9 người
    chết", the 9 died, is lost with it: the two read alike), nor do people named with others ("a couple and
    their two children": `_WITH`).
    `banks`: the article names a central bank, so a policy rate may be meant ("discount rate")."""
    low = unit.low
    aboard = _may_measure(_ABOARD, amount, _kind(amount.kind), banks) and amount.value <= _TRIP_PASSENGERS
    if load := _LOAD.search(low, 0, start):
        return (_ABOARD, load.start(), load.end()) if aboard else None
    if _WHOLE.search(low, 0, start) or _WITH.search(low, 0, start) or (
            _WITH_OTHERS.search(low, 0, start) and _OF_OTHERS.match(low, end)):
        return None
    kind = _kind(amount.kind)
    noun = next((ms for ms in _MEASURES if kind in ms.kinds and not ms.facility
                 and ms.pattern.fullmatch(fold_keep_offsets(amount.unit))), None)
    if noun is not None and noun.key in _TOLL_NOUNS:
        return noun, start, end  # "tres muertos y 73 heridos", "100 deaths": a toll's noun says it, whatever is near
    clause_end = min((m.start() for m in re.finditer(r"[;:!?]|\.\s|\.$", low[end:])), default=len(low) - end) + end
    clause_start = max((m.end() for m in re.finditer(r"[;:!?]|\.\s", low[:start])), default=0)
    after = _words_span(low, end, clause_end)
    if amount.unit.lower() in _HUMAN_UNITS:
        after = _without_names(unit, after)
    after = after[:_WINDOW_AFTER]
    before = _words_span(low, clause_start, start)[-_WINDOW_BEFORE:]
    found: list[tuple[int, int, _Measure, int, int]] = []
    for order, measure in enumerate(_MEASURES):
        if not _may_measure(measure, amount, kind, banks):
            continue
        for m in measure.pattern.finditer(low, clause_start, clause_end):
            if start <= m.start() < end:  # in the amount, between its number and its noun: "1,800 damaged homes"
                if _amount_modifier(low, start, end - len(amount.unit), m):
                    found.append((0, 0, order, measure, m.start(), m.end()))
                continue
            if m.group() == "hỗ trợ" and _GIVEN.search(low, max(0, m.start() - 40), m.start()):
                continue  # "mỗi hộ được Nhà nước hỗ trợ 40 triệu đồng": what each is given, not the aid
            if _in_a_name(unit, m):
                continue  # "nhận 2 triệu USD từ bà Loan" is no loan
            if m.start() >= end:
                if not after or m.start() > after[-1][0]:
                    continue
                distance, side = sum(1 for w in after if w[1] <= m.start()), 0
                if distance and (_owned(low, m.start(), m.end(), others, measure.kinds)
                                 or _NUMBER_NEXT.match(low, m.end())):
                    continue  # another amount's, or a number's the amount stage left bare ("injuring 12.")
                if re.search(r",(?!\d)", low[end:m.start()]):  # across a comma, a word before is nearer: "to
                    distance += _COMMA_WORDS  # 4.0% from 4.5%, its first policy rate cut" (the refinancing rate)
                    if any(o_start >= m.end() and not re.search(r"[,;]", low[m.end():o_start])
                           for o_start, _, _ in others):
                        continue  # the next clause's: "tăng trưởng đạt 5,8%, chỉ số giá (CPI) dự kiến đạt 7%"
            else:
                if not before or m.end() < before[0][0] or _CLAUSE.search(low, m.end(), start) or (
                        not measure.facility and _owned(low, m.start(), m.end(), others, measure.kinds)):
                    continue
                distance, side = sum(1 for w in before if w[0] >= m.end()), 1
                if re.search(r",(?!\d)", low[m.end():start]):  # across a comma, a word after is nearer:
                    distance += _COMMA_WORDS  # "17 nữ sinh thiệt mạng, 5 người khác bị thương"
            if measure.facility and not _facility_ok(low, m.start(), m.end(), start, end):
                continue
            found.append((distance, side, order, measure, m.start(), m.end()))
    if not found and _SET_TARGET.search(low, clause_start, start):
        found = _set_measure(unit, amount, kind, clause_start, start, others, banks)
    if not found and _REACHED.search(low, clause_start, start):
        found = _subject_measure(unit, amount, kind, clause_start, start, others, banks)
    if not found and _MOVED_TO.search(low, clause_start, start):
        found = _moved_measure(unit, amount, kind, clause_start, start, others, banks)
    if any(f[3] is _ABOARD for f in found):  # passengers who died or were hurt are a toll ("Five passengers on
        tolls = [f for f in found if f[3].key in _COUNTS_OF_PEOPLE]  # board were injured"); no trip's beyond
        found = tolls or [f for f in found if aboard or f[3] is not _ABOARD]  # its bound
    if not found and aboard and (load := _LOAD_WITH.search(low, 0, start)):
        return _ABOARD, load.start(), load.end()  # "with 218 passengers and seven crew on board", not "with 12
        # passengers injured"
    if not found:
        return (noun, start, end) if noun else None  # "5,000 troops": the noun says it
    # nearest first; at equal distance the word after the amount, since the one before may be another
    # amount's ("12 công nhân bị thương và khoảng 300 người được sơ tán": 300 were evacuated)
    measure, m_start, m_end = _nearest(found)
    if measure.key != "price" and _PER_UNIT.match(low, end):  # "giá robusta xuất khẩu vượt 6.200 USD/tấn"
        priced = [f for f in found if f[3].key == "price"]
        if not priced and _REACHED.search(low, clause_start, start):  # "Giá cà phê xuất khẩu tại Đắk Lắk đạt"
            priced = [f for f in _subject_measure(unit, amount, kind, clause_start, start, others, banks)
                      if f[3].key == "price"]
        measure, m_start, m_end = _nearest(priced) or (measure, m_start, m_end)
    if measure.key == "capacity":  # "thiếu 4.350 MW công suất", "a shortfall of 4,350 MW of capacity": short
        measure, m_start, m_end = _nearest([f for f in found if f[3].key == "power-shortfall"]) or (
            measure, m_start, m_end)
    if measure.key == "cost" and m_end <= start:  # "the plant in Bac Ninh would cost $2 billion": what a facility
        built = _nearest([f for f in found if f[3].facility and f[5] <= m_start])  # costs is the investment in it
        if built:
            measure, m_start, m_end = built
        elif priced_word := _PRICED.search(low, max(clause_start, m_start - 40), m_start):  # "tickets will cost"
            measure, m_start, m_end = _PRICE, priced_word.start(), priced_word.end()
    return measure, m_start, m_end


def _amount_modifier(low: str, start: int, noun: int, m: re.Match[str]) -> bool:
    """Whether the measure word `m`, inside the amount at low[start:], stands between its number and its noun at
    `noun` ("1,800 damaged homes"), not in its noun ("37 morts et disparus") nor its bound ("about")."""
    return m.end() < noun and re.search(r"\d\S*\s+(?:\S+\s+)?$", low[start:m.start()]) is not None


def _nearest(found: list[tuple[int, int, int, _Measure, int, int]]) -> tuple[_Measure, int, int] | None:
    """Of the measure words found, the nearest (by distance, then the word after the amount, then the longer,
    then the measures' order: "thất thoát ngân sách" is damage, not "ngân sách") as (measure, start, end); None
    if none was found."""
    return min(found, key=lambda f: (f[0], f[1], f[4] - f[5], f[2]))[3:] if found else None


def _may_measure(measure: _Measure, amount: Amount, kind: str, banks: bool) -> bool:
    """Whether `measure`'s words may say what `amount` (of `kind`) measures: not a noun that only counts, not a
    bank's rate where no bank is named, only the units it counts."""
    return kind in measure.kinds and not measure.counted_only and not (measure.subject and not banks) and not (
        measure.units and amount.unit.lower() not in measure.units) and amount.unit.lower() not in measure.not_units


def _measure_words(unit: Unit, lo: int, hi: int, amount: Amount, kind: str,
                   banks: bool) -> Iterator[tuple[int, _Measure, re.Match[str]]]:
    """(order, measure, match) of each word in unit.low[lo:hi] of a measure (not a facility) that may say what
    `amount` measures: the candidates the set and reach rules choose from."""
    for order, measure in enumerate(_MEASURES):
        if not measure.facility and _may_measure(measure, amount, kind, banks):
            for m in measure.pattern.finditer(unit.low, lo, hi):
                if not _in_a_name(unit, m):
                    yield order, measure, m


def _in_a_name(unit: Unit, m: re.Match[str]) -> bool:
    """Whether a measure word is within a person's name: "bà Loan" (a common given name) is no loan (a "Series A
    round" the linker took for a person named "Series A" still is a round). A sentence's first word, which a
    model may take for a name, measures unless it is a person named in full elsewhere: "Turnout was 68.5%", but
    "Loan was ordered to repay 150 billion dong" (Nguyễn Thị Hồng Loan)."""
    return any(p.start <= m.start() and m.end() <= p.end and (p.start > 0 or " " in (p.entity or p.text).split(":")[-1])
               for p in unit.mentions if p.label == "PERSON")


def _set_measure(unit: Unit, amount: Amount, kind: str, clause_start: int, start: int,
                 others: tuple[tuple[int, int, str], ...], banks: bool) -> list[tuple[int, int, int, _Measure, int, int]]:
    """The measure a set verb opens, further before a new value than `_measure` looks ("nâng tổng mức đầu tư
    tuyến số 2 (Bến Thành – Tham Lương) lên 55.000 tỷ đồng"): the nearest such measure word in the clause."""
    low = unit.low
    words = _words_span(low, clause_start, start)[-_WINDOW_SET:]
    return [(sum(1 for w in words if w[0] >= m.end()), 1, order, measure, m.start(), m.end())
            for order, measure, m in _measure_words(unit, words[0][0] if words else start, start, amount, kind, banks)
            if _SET_VERB.search(low, max(clause_start, m.start() - 40), m.start())
            and not _owned(low, m.start(), m.end(), others, measure.kinds)]


def _subject_measure(unit: Unit, amount: Amount, kind: str, clause_start: int, start: int,
                     others: tuple[tuple[int, int, str], ...], banks: bool) -> list[tuple[int, int, int, _Measure, int, int]]:
    """The measure a reach verb's subject names, among the clause's first words however far before the value
    ("Kim ngạch xuất khẩu cà phê của Việt Nam trong 10 tháng năm 2026 đạt 5,2 tỷ USD"); none across a comma or
    when another amount stands between. A sentence's opening phrase ("Lũy kế 9 tháng, …") is not its subject."""
    low = unit.low
    opening = _OPENING_PHRASE.match(low, clause_start, start)
    if opening and len(low[clause_start:opening.end()].split()) <= _OPENING_WORDS:
        clause_start = opening.end()
    words = _words_span(low, clause_start, start)
    if not words or any(clause_start <= o_start < start for o_start, _, _ in others):
        return []
    head_end = words[min(len(words), _REACH_SUBJECT_WORDS) - 1][1]
    return [(sum(1 for w in words if w[0] >= m.end()), 1, order, measure, m.start(), m.end())
            for order, measure, m in _measure_words(unit, clause_start, head_end, amount, kind, banks)
            if not re.search(r",(?!\d)", low[m.end():start])]  # "Ngoài chi phí cao, … giá phòng … đạt 105 USD"


def _moved_measure(unit: Unit, amount: Amount, kind: str, clause_start: int, start: int,
                   others: tuple[tuple[int, int, str], ...], banks: bool) -> list[tuple[int, int, int, _Measure, int, int]]:
    """The measure a move verb's subject names, the verb further before its new value than `_measure` looks
    ("net profit fell 38 percent from a year earlier to 612 billion dong"): only a change in percent or points
    may stand between the verb and the value, and no word that starts another clause (`_MOVE_BREAK`)."""
    low = unit.low
    verb = next(reversed(list(_MOVE_VERB.finditer(low, clause_start, start))), None)  # the last before the value
    if verb is None or _MOVE_BREAK.search(low, verb.end(), start) or any(
            verb.end() <= o_start < start and o_kind not in ("percent", "points") for o_start, _, o_kind in others):
        return []  # another clause's value, or another amount's
    words = _words_span(low, clause_start, verb.start())[-_MOVE_SUBJECT_WORDS:]
    found = [(sum(1 for w in _words_span(low, m.end(), start)), 1, order, measure, m.start(), m.end())
             for order, measure, m in _measure_words(unit, words[0][0] if words else verb.start(), verb.start(),
                                                     amount, kind, banks)
             if not re.search(r"[,;]", low[m.end():verb.start()])
             and not _owned(low, m.start(), m.end(), others, measure.kinds)]
    head = next(reversed(list(_NUMBER_OF.finditer(low, clause_start, verb.start()))), None)
    if found or head is None or any(head.end() <= o_start < verb.start() for o_start, _, _ in others):
        return found
    near = _words_span(low, head.end(), verb.start())[:_NUMBER_OF_WORDS]  # "tổng số người |phải nhập viện| …"
    return [(len(_words_span(low, m.end(), start)), 1, order, measure, m.start(), m.end())
            for order, measure, m in _measure_words(unit, head.end(), near[-1][1] if near else head.end(),
                                                    amount, kind, banks)]


def _facility_ok(low: str, n_start: int, n_end: int, start: int, end: int) -> bool:
    """Is the money at low[start:end] what the facility named at low[n_start:n_end] is worth?
    "a $2.3 billion (solar) plant", "a plant worth $2.3 billion", "nhà máy pin mặt trời (trị giá) 3,2 tỷ USD"."""
    if n_start >= end:  # the amount qualifies the noun: at most four words between, no preposition or verb
        gap = low[end:n_start]  # ("a $300 million semiconductor packaging and testing plant": "and" inside)
        words = fold_keep_offsets(gap).split()
        inside = {w for i, w in enumerate(words) if 0 < i < len(words) - 1 and w in _JOINING}
        return not re.search(r"[,;:()]", gap) and len(words) <= _FACILITY_WORDS and not (
            set(words) & _NOT_BEFORE_NOUN) - inside
    gap = low[n_end:start]
    if gap.strip() in _WORTH_NEXT:  # "un projet de 1,9 milliard"
        return True
    if _WORTH.search(gap):
        return not re.search(r"[;:()]", gap) and len(gap.split()) <= 8
    words = gap.split()
    vietnamese = fold_keep_offsets(low[n_start:n_end]) in {
        fold_keep_offsets(w) for w in ("nhà máy", "dự án", "tổ hợp", "khu phức hợp")}
    phrases = words + [" ".join(words[i:i + 2]) for i in range(len(words) - 1)]
    return vietnamese and not re.search(r"[,;:()]", gap) and len(words) <= 4 and not any(
        w in _NOT_MODIFIERS or (w == fold_keep_offsets(w) and w in _NOT_MODIFIERS_FOLDED) for w in phrases)


def _concerns(unit: Unit, measure: _Measure, spans: list[tuple[int, int]],
              others: tuple[tuple[int, int, str], ...] = ()) -> Mention | None:
    """The place or organisation the measure is about: "aid to Ukraine", "chết ở Myanmar", "viện trợ Ukraine";
    not one past another amount after it ("3,1%, thấp hơn mục tiêu 4,5% của Quốc hội": the target's), nor one
    of a clause before ("giá cà phê tại Đắk Lắk …, trong khi giá xuất khẩu đạt 6.200 USD/tấn")."""
    first, last = min(start for start, _ in spans), max(end for _, end in spans)
    prep = re.compile(rf"(?<!\w)(?:{alternation(measure.preps)})\s+{_BEFORE_PLACE}$", re.IGNORECASE)
    measure_end = spans[0][1]
    places = [m for m in unit.mentions if m.label == "LOC" and m.entity]
    found: list[tuple[int, Mention]] = []
    for m in unit.mentions:
        if m.label not in measure.labels or not m.entity or spans[1][0] <= m.start < spans[1][1] or any(
                last <= o_start and o_end <= m.start and _COMPARATIVE.search(unit.low, last, o_start)
                for o_start, o_end, _ in others) or _CLAUSE.search(unit.low, m.end, first):
            continue
        if m.start >= last and (":" in unit.low[last:m.start] or _in_a_part(unit.low, last, m.start) or any(
                _PLACE_LIST.fullmatch(unit.low, m.end, o.start) for o in places if o.start > m.end)
                or (_CLAUSE.search(unit.low, last, m.start) and _SPEECH.search(unit.low, last, m.start))):
            continue  # a breakdown ("2 người chết: một người ở Nghi Xuân"), a part, one place of a list, another
            # clause's past the words of who told it ("…, the agency said on Thursday, as rescuers kept searching …
            # in Tra Bong district"; not "17 nữ sinh thiệt mạng, …, trong khi … ở tỉnh Chiang Rai")
        if m.end <= first and _SAID_AT.search(unit.low, max(0, m.start - 60), m.start) \
                and _SPEECH.search(unit.low, m.end, first):
            continue  # where it was said: "tại hội nghị … ở Hà Nội ngày 5/12, Bộ trưởng … cho biết"
        if m.end <= first and any(_AND_LIST.fullmatch(unit.low, m.end, o.start) or _AND_LIST.fullmatch(
                unit.low, o.end, m.start) for o in places if o is not m):
            continue  # "6 người chết tại Hà Tĩnh và Nghệ An, 21 người bị thương": the 21 are of neither alone
        # not "in Vietnam's central Quang Tri province": the place is the one the country owns
        tie = prep.search(unit.low[max(0, m.start - 45):m.start])
        tied = bool(tie) and not (_DIRECTION.search(tie.group()) and m.entity in gazetteer.country_keys()) and not re.match(r"['’]s\s",
                                                                                          unit.low[m.end:m.end + 3])
        right_after = m.start >= measure_end and len(unit.text[measure_end:m.start].split()) <= 2 \
            and not re.search(r"[,;.]", unit.text[measure_end:m.start])
        owner = re.match(r"['’]s\s+(?:\w+\s+){0,2}$", unit.low[m.end:spans[0][0]]) and not any(
            w[:1].isupper() for w in unit.text[m.end + 2:spans[0][0]].split())  # "Ukraine's defence budget", not
        # "Vietnam's Quang Tri killed": the place the country owns
        verb_end = first if measure.place_subject else spans[0][0]  # "Bắc Ninh đã thu hút hơn 5 tỷ USD vốn FDI"
        subject = (measure.subject or measure.place_subject) and m.end <= verb_end \
            and len(unit.low[m.end:verb_end].split()) <= _SUBJECT_WORDS \
            and not re.search(r"[,;.]", unit.low[m.end:verb_end])  # "NHNN giảm lãi suất", "the SBV cut its rate"
        if tied or right_after or owner or subject:
            found.append((min(abs(m.start - s) for pair in spans for s in pair), m))
    return _qualified(unit, min(found, key=lambda f: f[0])[1]) if found else None


def _qualified(unit: Unit, m: Mention) -> Mention:
    """The province a region only qualifies: "in the Central Highlands province of Lam Dong" is Lam Dong's
    (tester43: "deaths in Central Highlands" stood apart from Lâm Đồng's)."""
    if m.entity not in gazetteer.region_keys():
        return m
    return next((o for o in unit.mentions if o.label == "LOC" and o.entity and o.start > m.end
                 and _OF_UNIT.fullmatch(unit.low, m.end, o.start)), m)


def _in_a_part(low: str, start: int, end: int) -> bool:
    """Whether low[start:end] ends inside a part's clause ("…, chủ yếu ở", "…, including two fishermen at"), not
    past it ("500 triệu USD, trong đó 200 triệu USD là vũ khí, cho Ukraine": the total's)."""
    cue = max(_PLACE_PART.finditer(low, start, end), key=lambda c: c.start(), default=None)
    return cue is not None and not re.search(r"[,;)]", low[cue.end():end])


def _rank(unit: Unit, m: Mention) -> int | None:
    """The rank of the unit written with a place (`admin_unit_ranks`): "tỉnh Lào Cai", "Lao Cai province"."""
    word = _UNIT_BEFORE.search(unit.low, max(0, m.start - 20), m.start) or _UNIT_AFTER.match(unit.low, m.end)
    return _RANKS.get(" ".join(word.group(1).split())) if word else None


def _largest(unit: Unit, m: Mention) -> Mention:
    """The last place of the address `m` opens: "huyện Bát Xát, tỉnh Lào Cai", "huyện Mường Tè, Lai Châu" and
    "Bat Xat district in northern Lao Cai province" are figures of Lào Cai, as "ở Lào Cai" is. Each part is of
    a larger unit than the one before, or, written without one, follows a unit below a province; never a
    country, a region or a sea ("Kon Tum province in the Central Highlands" is Kon Tum), nor along a list of
    places ("tỉnh Quảng Nam, tỉnh Quảng Ngãi và tỉnh Bình Định", "huyện Bát Xát, Sa Pa và Bảo Thắng"). A province in
    brackets right after a place that is none is its province: "Nhơn Trạch (Đồng Nai)"."""
    countries, regions = gazetteer.country_keys(), gazetteer.region_keys()
    places = sorted((o for o in unit.mentions if o.label == "LOC" and o.entity), key=lambda o: o.start)
    rank = _rank(unit, m)
    for o in places:
        if o.start < m.end:
            continue
        if m.label != "LOC" or o.entity in countries or o.entity in regions:
            break
        if _BRACKET.fullmatch(unit.text, m.end, o.start) and re.match(r"\s*\)", unit.text[o.end:]):
            # "Nhơn Trạch (Đồng Nai)", "huyện Bát Xát (tỉnh Lào Cai)": a province in brackets (tester43); not
            # "Lào Cai (Sa Pa)"
            return o if o.entity in gazetteer.province_keys() and m.entity not in gazetteer.province_keys() else m
        if not ADDRESS_LINK.fullmatch(unit.text[m.end:o.start]):
            break
        if _LIST_GOES_ON.match(unit.low, o.end):
            break  # "…, Sa Pa và Bảo Thắng": a list
        next_rank = _rank(unit, o)
        if not (rank is not None and (next_rank is None and rank < 3 or next_rank is not None and next_rank > rank)):
            break
        m, rank = o, next_rank if next_rank is not None else 3
    return m


def addresses(article: Article) -> set[tuple[str, str]]:
    """(smaller, larger) places of each address the article writes, as `_largest` reads them: "xã Y Tý, huyện
    Bát Xát, tỉnh Lào Cai" puts Y Tý and Bát Xát in Lào Cai."""
    out: set[tuple[str, str]] = set()
    for unit in units(article):
        for m in unit.mentions:
            if m.label == "LOC" and m.entity and (big := _largest(unit, m)).entity != m.entity:
                out.add((m.entity, big.entity))
    return out


def _conversions(located: list[tuple[Amount, Unit, int]]) -> dict[int, int]:
    """Index of an amount in brackets -> index of the amount it converts: "500 billion dong ($19 million)"."""
    out: dict[int, int] = {}
    in_unit: dict[int, list[int]] = {}  # id of a unit -> the indexes of its amounts, in order
    for i, (_, unit, _) in enumerate(located):
        in_unit.setdefault(id(unit), []).append(i)
    for i, (amount, unit, start) in enumerate(located):
        for j in in_unit[id(unit)]:
            other, other_unit, other_start = located[j]
            if other_unit is unit and other.kind == amount.kind and j not in out \
                    and re.fullmatch(r"\s*\(\s*", unit.text[other_start + len(other.text):start]):
                out[i] = j
    return out


def extract(article: Article) -> list[Claim]:
    """One claim per amount whose measure is known."""
    all_units = units(article)
    used: set[tuple[int, int, int]] = set()
    located: list[tuple[Amount, Unit, int]] = []
    offsets = list(itertools.accumulate((len(u.text) + 1 for u in all_units[:-1]), initial=0))
    index = ("\0".join(u.text for u in all_units), offsets)
    for amount in article.amounts:
        where = _locate(amount, all_units, used, index)
        if where is not None:
            located.append((amount, *where))
    tolls: dict[tuple[int, int], tuple[int, int]] = {}  # (unit, start) of a toll's bare number -> its toll's words
    located += _ones(all_units) + _bare_tolls(all_units, located, tolls)
    converts = _conversions(located)
    converted = {j: i for i, j in converts.items()}
    earlier = _changes(located)  # index of the earlier figure of a change -> that of the new one
    # policy rates: in Vietnamese their words name nothing else; in English ("discount rate") with a central bank
    written = f"{article.title}\n{article.text}"
    banks = (article.lang or "").startswith("vi") or bool(_CENTRAL_BANK.search(written.lower()) or _FED.search(written))
    ends: dict[int, int] = {}
    beside: dict[int, tuple[tuple[int, int, str], ...]] = {}  # index -> where the sentence's other amounts are
    measured: dict[int, tuple[_Measure, int, int]] = {}
    for i, (amount, unit, start) in enumerate(located):
        if i in converts:
            continue
        end = ends[i] = start + len(amount.text)
        if i in converted:  # look for the measure past the conversion: "… dong ($19 million) package"
            conv_amount, _, conv_start = located[converted[i]]
            close = re.match(r"\s*\)", unit.text[conv_start + len(conv_amount.text):])
            end = ends[i] = conv_start + len(conv_amount.text) + (close.end() if close else 0)
        others = beside[i] = tuple((o, o + len(x.text), x.kind) for j, (x, u, o) in enumerate(located)
                                   if u is unit and j != i)
        measure_found = _measure(unit, amount, start, end, others, banks)
        if measure_found is not None and measure_found[0].key == "jobs" and measure_found[1] >= start \
                and _ON_SHIFT.match(unit.low, end):
            measure_found = None  # those at work when it happened, not the workforce ("employs 650 …": it is)
        if measure_found is None and (id(unit), start) in tolls:  # "The death toll from Typhoon Yagi in northern
            t_start, t_end = tolls[id(unit), start]  # Vietnam rose to 233": the toll's words, however far
            measure_found = next(((m, t_start, t_end) for m in _TOLLS if m.pattern.search(unit.low, t_start, t_end)),
                                 None)
        if measure_found is not None:
            measured[i] = measure_found
    for pair in earlier.items():  # the two figures of a change measure one thing, the first one's if it has
        first, second = sorted(pair, key=lambda k: located[k][2])  # one ("cut its refinancing rate … to 4.0%
        if first in measured or second in measured:  # from 4.5%, its first policy rate cut")
            measured[first] = measured[second] = measured.get(first) or measured[second]
    for i, (amount, unit, start) in enumerate(located):  # "tăng 0,4% so với tháng trước, tăng 2,3% so với cùng kỳ"
        if amount.kind == "percent" and i not in measured:
            before = [j for j, (b, u, b_start) in enumerate(located) if u is unit and b_start < start and j in measured
                      and b.kind == "percent"]
            if before and _compared(unit.low[ends[before[-1]]:start]):
                measured[i] = measured[before[-1]]
    for i, (amount, unit, _) in enumerate(located):  # "…, a cut of 25 basis points": the sentence's one rate
        if amount.kind == "points" and i not in measured:
            rates = {measured[j][0].key: measured[j] for j, (b, u, _) in enumerate(located)
                     if u is unit and j in measured and b.kind == "percent"}
            if len(rates) == 1:
                measured[i] = next(iter(rates.values()))
    periods = _result_periods(article, all_units, located, measured, ends, beside)
    found: dict[int, tuple[str, str, Mention | None, tuple[str, str] | None]] = {}  # index -> (key, readable,
    # entity, time: "as of" or a result's period)
    claims: list[Claim] = []
    for i, (amount, unit, start) in enumerate(located):
        if i in converts:  # a conversion measures what the amount it converts measures, in its period
            if converts[i] not in found:
                continue
            key, readable, entity, when = found[converts[i]]
        else:
            if i not in measured:
                continue
            key, readable, entity = _describe(unit, amount, start, ends[i], *measured[i], previous=i in earlier,
                                              others=beside[i])
            when = _as_of(article, unit, start) if key in AS_OF_MEASURES else (  # "87 người" at 18:00 on 18/10
                periods.get(i))
            found[i] = (key, readable, entity, when)
        slot = f"amount:{key}" + (f"@{when[0]}" if when else "")
        if key in FIRM_SHARES and entity is not None and entity.label == "ORG":
            entity = None  # a company named in one language and not the other would split the slot
        place = _largest(unit, entity) if entity is not None else None  # an address's last part
        if place is not None:
            slot += f":{place.entity}"
            readable += f" {_prep_word(unit, entity)} {display_name(article, place.entity)}"
        readable += (f" in {when[1]}" if key.endswith(tuple(RESULTS)) else f" as of {when[1]}") if when else ""
        claims.append(Claim(kind="amount", slot=slot, value=_value(amount, key), text=_unbounded(unit, start, amount.text),
                            sentence=unit.index, detail=readable, subject=place.entity if place else None))
    return claims + _zeros(all_units) + _seat_claims(article, all_units)


def _unbounded(unit: Unit, start: int, text: str) -> str:
    """An amount's text without "up to" where a verb of change puts it ("revised up to 3,100 billion dong",
    "has risen up to 19"): the new figure, not a bound."""
    bound = re.match(r"up\s+to\s+", text, re.IGNORECASE)
    if bound and _REVISED.search(unit.low[max(0, start - 30):start]):
        return text[bound.end():]
    return text


def _changes(located: list[tuple[Amount, Unit, int]]) -> dict[int, int]:
    """Index of the earlier figure of a change -> index of the new one, in one sentence and of one kind:
    "từ 4,5%/năm xuống 4%/năm", "cut … from 4.5% to 4%" (after a change word: else a range, "from 3 to 5
    people"), "to 4.25% from 4.5%", "2.9%, down from 3.1%"."""
    out: dict[int, int] = {}
    for i, (a, unit, start) in enumerate(located):
        for j, (b, other, b_start) in enumerate(located):
            if other is not unit or (b.kind, b.unit) != (a.kind, a.unit) or b_start <= start:
                continue  # not "500 people from 120 households"
            between = unit.low[start + len(a.text):b_start]
            before = unit.low[:start]
            clause = re.split(r"[,;:]", before)[-1].split()[-_CHANGE_WORDS:]  # "cut its rate from …", not "The
            if _FROM.search(before) and (_TO_NEW.fullmatch(between) or (  # storm cut power …, damage from $2M to $3M"
                    _TO.fullmatch(between) and _CHANGE.search(" ".join(clause)))):
                out[i] = j  # a: from, b: to
            elif _NEW_FROM.fullmatch(between):
                out[j] = i  # a: the new figure, b: the earlier
    return out


_SEAT_CUES = lang.groups("common", "seat_cues")
# seats won: "48 of the 76 seats", "48 trên tổng số 76 ghế", "52 des 76 sièges", "48 sièges sur 76", "48 seats"
_SEATS = re.compile(r"(?<![\d.,])(?P<n>\d{{1,4}})\s+(?:(?:{of})\s+(?P<of>\d{{1,4}})\s+)?(?:{seat})(?:\s+(?:{out})\s+"
                    r"(?P<out>\d{{1,4}}))?(?!\w)".format(of=alternation(_SEAT_CUES["of"]),
                                                       seat=alternation(_SEAT_CUES["seat"]),
                                                       out=alternation(_SEAT_CUES["out of"])))
_SEATS_WON = re.compile(_W.format(alternation(_SEAT_CUES["won"])))
_PARTY = re.compile(_W.format(alternation(_SEAT_CUES["party"])))


def _seat_claims(article: Article, all_units: list[Unit]) -> list[Claim]:
    """Seats a party wins, of the party named nearest before in its sentence, a name with a party word ("The Blue
    Steppe Party … won 48 of the 76 seats"; not an outlet in a dateline): "amount:seats-won:ORG:…", a figure that
    may contradict (tester40: 48 against 52). A bare count of seats needs a verb of winning before it in its clause
    ("giành 48 ghế"), a whole ("of the 76") does not."""
    claims = []
    for unit in all_units:
        low = unit.low
        for m in _SEATS.finditer(low):
            clause = low[max((c.end() for c in re.finditer(r"[,;:]\s", low[:m.start()])), default=0):m.start()]
            if not (m["of"] or m["out"]) and not _SEATS_WON.search(clause):
                continue
            party = max((o for o in unit.mentions if o.label == "ORG" and o.entity and o.end <= m.start()
                         and _PARTY.search(o.text.lower())), key=lambda o: o.end, default=None)
            slot = "amount:seats-won" + (f":{party.entity}" if party else "")
            detail = "seats won" + (f" by {display_name(article, party.entity)}" if party else "")
            claims.append(Claim(kind="amount", slot=slot, value=f"{int(m['n'])} seats", text=unit.text[m.start():m.end()],
                                sentence=unit.index, detail=detail, subject=party.entity if party else None))
    return claims


def _ones(all_units: list[Unit]) -> list[tuple[Amount, Unit, int]]:
    """A count of one person right before a toll ("One man remains missing", "một người đã tử vong"), not
    after "not" ("not one person was hurt"): located as the amount stage's are, so that it is read alike."""
    found: list[tuple[Amount, Unit, int]] = []
    for unit in all_units:
        for m in _ONE.finditer(unit.low):
            before = unit.low[:m.start()].split()
            toll = _TO_TOLL.match(unit.low, m.end())
            if (before and before[-1] in _NOT_ONE) or toll is None or not any(
                    measure.pattern.match(unit.low, toll.end()) for measure in _TOLLS):
                continue
            found.append((Amount(text=unit.text[m.start():m.end()], value=1.0, unit="people", kind="count",
                                 sentence=unit.text), unit, m.start()))
    return found


def _bare_tolls(all_units: list[Unit], located: list[tuple[Amount, Unit, int]],
                tolls: dict[tuple[int, int], tuple[int, int]]) -> list[tuple[Amount, Unit, int]]:
    """A toll's number written without its noun ("the death toll has risen to 19", "số người chết đã tăng lên
    19", "injuring 12.", "3 dead, 12 injured"): a count of people, located as the amount stage's are, unless the
    amount stage read it already. `tolls` gets where the words of a toll named before its number are (the
    measure, when the number is too far from them to be found by its window)."""
    read = {(id(u), start) for _, u, start in located}
    found: list[tuple[Amount, Unit, int]] = []
    for unit in all_units:
        for m in itertools.chain(_BARE_TOLL.finditer(unit.low), _TOLL_VERB.finditer(unit.low),
                                 _TOLL_WORD.finditer(unit.low)):
            if (id(unit), m.start("n")) in read or _ORDINAL.search(unit.low, 0, m.start("n")):
                continue  # read already, or "thứ ba": the third, not three
            read.add((id(unit), m.start("n")))
            if m.re is _BARE_TOLL:
                tolls[id(unit), m.start("n")] = m.start(), m.start("n")
            value = parse_number(re.sub(r"[.,]", "", m.group("n")), vi=False)  # its separators are thousands
            if value is None:
                continue
            found.append((Amount(text=unit.text[m.start("n"):m.end("n")], value=value, unit="people", kind="count",
                                 sentence=unit.text), unit, m.start("n")))
    return found


_FACILITY = next(m for m in _MEASURES if m.facility)  # its pattern: the words that name a facility


def of_a_facility(sentence: str) -> bool:
    """Whether the sentence of a capacity's figure names a plant, a project or a factory ("the 1.2 GW Hon May
    plant", "nhà máy … có công suất 1.500 MW"): a figure one story keeps, not a country's or a plan's total
    ("6,000 MW of offshore wind capacity by 2030", "tổng công suất nguồn điện cả nước đạt 80.000 MW")."""
    return _FACILITY.pattern.search(sentence.lower()) is not None


def unnamed(sentence: str, text: str) -> bool:
    """Whether a toll's figure was read without its noun, after its verb or before its word ("injuring 124",
    "3 dead"): shown and agreed, never firm (in a list of incidents it may be another one's)."""
    low, figure = sentence.lower(), text.lower()
    return any(m.group("n") == figure for pattern in (_TOLL_VERB, _TOLL_WORD) for m in pattern.finditer(low))


def _zeros(all_units: list[Unit]) -> list[Claim]:
    """A toll of no one: "No one was injured", "không có ai bị thương", "không gây thương vong" (0 people,
    without a place: it joins the story's one place, as other figures without one do)."""
    return [Claim(kind="amount", slot=f"amount:{key}", value="0 people", text=unit.text[m.start():m.end()],
                  sentence=unit.index, detail=_READABLE[key])
            for unit in all_units if not unit.text.rstrip().endswith("?")
            for key, pattern in _ZEROS.items() for m in pattern.finditer(unit.text) if _plain(unit.text, m)]


def _plain(sentence: str, m: re.Match[str]) -> bool:
    """A statement of the toll, not a hope, a first report or one with an exception."""
    before = sentence[:m.start()]
    return not (_PROVISIONAL.search(before) or _EXCEPTION.search(before)
                or _EXCEPTION.match(sentence[m.end():].lstrip(" ,")))


def _describe(unit: Unit, amount: Amount, start: int, end: int, measure: _Measure, m_start: int,
              m_end: int, previous: bool = False, others: tuple[tuple[int, int, str], ...] = ()
              ) -> tuple[str, str, Mention | None]:
    """The measure key (with "previous-", "change-", "target-", "additional-" or another prefix), its readable
    form, and the entity it concerns. `previous`: the earlier figure of a change (`_changes`); `others`: where
    the sentence's other amounts are."""
    lo, hi = (m_end, start) if m_end <= start else (end, m_start)
    near = unit.low[max(0, start - 30):start].split()[-3:]
    between = unit.low[lo:hi]
    if measure.facility:  # "a new $2.3 billion plant": a new plant, not a new tranche
        additional = bool(_ADDITIONAL.search(_NEW.sub(" ", " ".join(near) + " | " + between)))
    else:
        additional = bool(_ADDITIONAL.search(" ".join(near)) or _ADDITIONAL.search(between)
                          or (m_end <= start and _NEW_AFTER_NOUN.search(between)))
    clause_start = max((m.end() for m in re.finditer(r"[;:!?]|\.\s", unit.low[:start])), default=0)
    before = " ".join(unit.low[clause_start:start].split()[-_WINDOW_PHASE:])
    phase_word = list(_PHASE.finditer(before))
    # "Giai đoạn một của dự án có vốn đầu tư 900 triệu USD", "the first phase of the plant, worth $900 million";
    # not "unlike the first phase, the total investment is …"
    phase = measure.key == "investment" and (bool(_PHASE.search(between)) or bool(
        phase_word and not _TOTAL.search(before[phase_word[-1].end():])))
    previous = previous or bool(_PREVIOUS.search(unit.low[max(0, start - 30):start]))
    rate = _rate_prefix(unit, start, end, others) if amount.kind == "percent" else \
        _period(unit, start, end, others, measure.counted_only) if measure.key == "cases" else ""
    if measure.key == "cases" and _SUSPECTED.search(unit.low, start, end + len(_NEXT_WORDS.match(unit.low, end)[0])):
        rate = "suspected-" + rate  # "1.870 ca nghi mắc sởi": not the confirmed count
    if measure.key == "doses" and _SUPPLIED.search(_clause_of(unit.low, start, end)):
        rate = "supplied-"  # "250.000 liều vắc xin đã được phân bổ": what the campaign has to give
    if measure.units in (_SPEED_UNITS, _RAIN_UNITS):  # a storm's wind or rain to come: "would bring 300 to 500 mm"
        rate = _aim_prefix(unit, start, others) or ("forecast-" if _FORECAST.search(
            " ".join(re.split(r"[,;:.]", unit.low[end:end + 60])[0].split()[:3])) else "")
    if measure.key == "tariff" and amount.kind == "percent" and not rate:
        rate = _stage(unit, start, end)  # "thuế chống bán phá giá sơ bộ 27,8%", "các doanh nghiệp khác … 21,4%"
    if measure.key in RESULTS and not previous:  # "1.100 tỷ đồng cùng kỳ năm trước": the year before's
        previous = bool(_YEAR_AGO.match(unit.low, end))
        rate = _aim_prefix(unit, start, others)  # "analysts expect full-year profit of …": no reported figure
    prefix = "previous-" if previous else "change-" if amount.kind == "points" else rate if rate else \
        "additional-" if additional else "phase-" if phase else ""
    key = prefix + measure.key
    readable = _PREFIXES.get(prefix, "") + measure.readable
    entity = _concerns(unit, measure, [(m_start, m_end), (start, end)], others) if measure.labels else None
    if entity is None and "LOC" in measure.labels:
        entity = _opening_place(unit, start)
    return key, readable, entity


def _clause_of(low: str, start: int, end: int) -> str:
    """The clause of the amount at low[start:end]: from the punctuation before it to the one after it."""
    lo = max((m.end() for m in re.finditer(r"[,;:!?]|\.\s", low[:start])), default=0)
    hi = min((m.start() + end for m in re.finditer(r"[,;:!?]|\.\s|\.$", low[end:])), default=len(low))
    return low[lo:hi]


def _opening_place(unit: Unit, before: int) -> Mention | None:
    """A ward, commune or district opening the sentence, its unit written, before the figure at `before`: the
    place the figure is of ("Phường Định Công (quận Hoàng Mai) là nơi có nhiều ca mắc nhất trong tuần với 58 ca",
    "Hoang Mai district recorded 158 cases"), not the story's city. A province or a city opening it is left to
    the other rules (most figures given without a place are of the story's one place)."""
    first = min((m for m in unit.mentions if m.label == "LOC" and m.entity and m.end <= before),
                key=lambda m: m.start, default=None)
    if first is None or _UNIT_BEFORE.sub("", unit.low[:first.start]).strip(" \"“‘'(") or \
            _rank(unit, first) not in (1, 2):
        return None
    return first


def _as_of(article: Article, unit: Unit, start: int) -> tuple[str, str] | None:
    """The time the count at `start` in `unit` is given "as of" ("tính đến 18 giờ ngày 18/10", "as of 6 p.m. on
    Sunday, October 18", "by 4 p.m. on October 19"), as a key part ("2026-10-18T18") and readable ("2026-10-18
    18:00"): of the cued day nearest the count in its part of the sentence (not past ";"); None if none."""
    low = unit.low
    found: list[tuple[int, str, str]] = []
    days = {(m.start(), d.text, d.day) for d in article.event_dates if d.sentence == unit.index and d.end is None
            for m in re.finditer(re.escape(d.text.lower()), low)}
    for pos, text, day in sorted(days):
        if ";" in low[min(pos, start):max(pos, start)]:
            continue
        cues = [(c, False) for c in _AS_OF.finditer(low, max(0, pos - _AS_OF_REACH), pos)] + \
            [(c, True) for c in _AS_OF_AT_AN_HOUR.finditer(low, max(0, pos - _AS_OF_REACH), pos)]
        cue, at_an_hour = max(cues, key=lambda c: c[0].end(), default=(None, False))
        if cue is None or re.search(r"[;!?]|\.\s", _HOUR.sub(" ", low[cue.end():pos])):  # "6 p.m." ends nothing
            continue
        hour = _HOUR.match(low, re.compile(r"\s*").match(low, cue.end()).end())
        if hour is None:
            at = _HOUR_AT.match(low, pos + len(text))  # "ngày 18/10 lúc 18 giờ"
            hour = _HOUR.match(low, at.end()) if at else None
        if at_an_hour and (hour is None or hour.start() > cue.end() + 1):
            continue  # "sau khi đến dự tiệc ngày 17/10": no time a count is given at
        h, iso = _hour_of(hour) if hour else None, day.isoformat()
        key, readable = (f"{iso}T{h:02d}", f"{iso} {h:02d}:00") if h is not None and h < 24 else (iso, iso)
        found.append((abs(pos - start), key, readable))
    return min(found)[1:] if found else None


def _hour_of(m: re.Match[str]) -> int:
    """The hour of the day an `_HOUR` match says: "6 giờ chiều" and "6 p.m." are 18, "12 a.m." is 0."""
    h, half = int(m["h"]), (m["half"] or "").lower()
    return h if not half else h % 12 + (12 if half in _AFTERNOON else 0)


def dated(key: str) -> bool:
    """Whether a measure key is a count of patients given as of a time ("hospitalised@2026-10-18T18"): compared
    with the same count at the same time."""
    measure, at, _ = key.partition("@")
    return bool(at) and measure in AS_OF_MEASURES


def periodic(key: str) -> bool:
    """Whether a measure key is a company's result of a kind, for a period ("net-profit@q3-2026"): one figure,
    compared with the same result of the same period."""
    measure, at, _ = key.partition("@")
    return bool(at) and measure in FIRM_RESULTS


def firm_share(key: str) -> bool:
    """Whether a measure given in percent may contradict: a policy rate (`exact`), or a duty at one stage of a
    trade case (`FIRM_SHARES`): one figure set by one decision."""
    return exact(key) or key in FIRM_SHARES


def _compared(between: str) -> bool:
    """Whether the words between two rates say the first against a time, then at most a verb of change:
    "so với tháng trước, tăng", "month on month and" (not "so với tháng trước, sản xuất công nghiệp tăng")."""
    cue = _COMPARISON.match(between.strip())
    if cue is None or len(between.split()) > _COMPARED_WORDS or any(m.pattern.search(between) for m in _MEASURES):
        return False
    rest = re.split(r",|;|\s(?:và|and)\s", between.strip()[cue.end():], maxsplit=1)
    return len(rest) == 2 and bool(_THEN_CHANGE.fullmatch(rest[1].strip()))


def _rate_prefix(unit: Unit, start: int, end: int, others: tuple[tuple[int, int, str], ...]) -> str:
    """"target-", "forecast-", "monthly-" or "ytd-" for a rate said as an aim ("mục tiêu tăng trưởng 6,5%",
    "the 4.5% target"), a forecast ("dự báo tăng trưởng 6,5%"), or a change from the month before ("tăng 0,2% so với
    tháng trước") or since December ("so với tháng 12 năm trước"): the words before it count back to the
    sentence's amount before it."""
    after = unit.low[end:end + 60]
    aim = _aim_prefix(unit, start, others)
    if aim == "target-" or _TARGET.search(" ".join(after.split(",")[0].split()[:2])):
        return "target-"
    if aim:
        return aim
    return "monthly-" if _MONTHLY.search(after) else "ytd-" if _YTD.search(after) else ""


def _aim_prefix(unit: Unit, start: int, others: tuple[tuple[int, int, str], ...]) -> str:
    """"target-" or "forecast-" for a figure said as an aim or a forecast by the words before it, back to the
    sentence's amount before it ("mục tiêu tăng trưởng 6,5%", "analysts expect full-year profit to reach …")."""
    since = max((o_end for _, o_end, _ in others if o_end <= start), default=0)
    before = " ".join(re.split(r"[,;:]", unit.low[since:start])[-1].split()[-_RATE_CUE_WORDS:])
    return "target-" if _aim(_TARGET, before) else "forecast-" if _aim(_FORECAST, before) else ""


def _stage(unit: Unit, start: int, end: int) -> str:
    """"others-" for a duty its clause gives the companies not named ("các doanh nghiệp Việt Nam khác … chịu mức
    thuế 21,4%"), else "preliminary-" or "final-" by the stage word nearest it in its sentence (not past ";"):
    a named company's duty at one stage of a case is one figure."""
    low = unit.low
    clause_start = max((m.end() for m in re.finditer(r"[;:]|,(?!\d)", low[:start])), default=0)
    if _OTHERS.search(low, clause_start, start):
        return "others-"
    lo = max((m.end() for m in re.finditer(r";", low[:start])), default=0)
    hi = min((m.start() + end for m in re.finditer(r";", low[end:])), default=len(low))
    found = [(min(abs(m.start() - end), abs(start - m.end())), prefix)
             for prefix, cue in _STAGES for m in cue.finditer(low, lo, hi)]
    return min(found)[1] if found else ""


def _result_periods(article: Article, all_units: list[Unit], located: list[tuple[Amount, Unit, int]],
                    measured: dict[int, tuple[_Measure, int, int]], ends: dict[int, int],
                    beside: dict[int, tuple[tuple[int, int, str], ...]]) -> dict[int, tuple[str, str] | None]:
    """Index of each company result -> the period it covers: its own (`_result_period`), else the one period of
    the results before it in its sentence or the sentence before ("… báo cáo tài chính quý III/2026 với doanh thu
    thuần đạt 16.800 tỷ đồng. Lợi nhuận sau thuế … đạt 1.250 tỷ đồng"), else, in the lead's two sentences, the
    one period the title names ("… báo lãi quý III tăng 14%")."""
    out = {i: _result_period(article, unit, start, ends[i], beside[i])
           for i, (_, unit, start) in enumerate(located) if i in measured and measured[i][0].key in RESULTS}
    by_unit: dict[int, list[tuple[int, tuple[str, str]]]] = {}  # sentence index -> (start, period) of its results
    for i, when in out.items():
        if when is not None:
            by_unit.setdefault(located[i][1].index, []).append((located[i][2], when))
    in_title = {_read_period(article, u.low, cue) for u in all_units if u.index < 0 for cue in _PERIOD.finditer(u.low)}
    for i, when in out.items():
        if when is not None:
            continue
        unit, start = located[i][1], located[i][2]
        before = {w for s, w in by_unit.get(unit.index, []) if s < start} or {
            w for _, w in by_unit.get(unit.index - 1, [])}
        if len(before) == 1:
            out[i] = next(iter(before))
        elif not before and 0 <= unit.index <= 1 and len(in_title) == 1:
            out[i] = next(iter(in_title))
    return out


def _result_period(article: Article, unit: Unit, start: int, end: int,
                   others: tuple[tuple[int, int, str], ...]) -> tuple[str, str] | None:
    """The period a company's result covers, as a key part ("q3-2026") and readable ("Q3 2026"): the period word
    nearest the figure in its clause, not past another amount ("lợi nhuận sau thuế quý III/2026 đạt 1.250 tỷ đồng",
    "net profit for the third quarter of 2026 reached"), else one of the sentence's opening phrase ("Lũy kế 9
    tháng, …", "For the first nine months, …"). Without a year written, the year of the publication date, or the
    year before for a period starting after the month it was published in ("fourth-quarter" in January)."""
    low = unit.low
    lo = max([m.end() for m in re.finditer(r"[;:!?]|,(?!\d)|\.\s", low[:start])]
             + [o_end for _, o_end, _ in others if o_end <= start], default=0)
    hi = min([m.start() + end for m in re.finditer(r"[;:!?]|,(?!\d)|\.\s|\.$", low[end:])]
             + [o_start for o_start, _, _ in others if o_start >= end], default=len(low))
    near = [(min(abs(m.start() - end), abs(start - m.end())), m) for m in _PERIOD.finditer(low, lo, hi)
            if not start <= m.start() < end]
    cue = min(near, key=lambda f: f[0])[1] if near else None
    if cue is None:
        opening = re.search(r",(?!\d)", low)
        if opening and opening.end() <= start and len(low[:opening.start()].split()) <= _OPENING_WORDS and not any(
                o_start < opening.start() for o_start, _, _ in others):
            cue = next(_PERIOD.finditer(low, 0, opening.start()), None)
    return None if cue is None else _read_period(article, low, cue)


def _read_period(article: Article, low: str, cue: re.Match[str]) -> tuple[str, str]:
    """The period a cue found in `low` names, with its year (`_result_period`)."""
    period = next(k for k, v in cue.groupdict().items() if v is not None).removeprefix("m")
    year = _PERIOD_YEAR.match(low, cue.end())
    if year:
        number = int(year.group(1))
    elif article.published is None or period == "fy":
        return period, _PERIOD_NAMES[period]  # a full year, unnamed, may be the last or this one
    else:
        published = article.published
        number = published.year - (_PERIOD_MONTHS[period][0] > published.month)
    return f"{period}-{number}", f"{number}" if period == "fy" else f"{_PERIOD_NAMES[period]} {number}"


def _period(unit: Unit, start: int, end: int, others: tuple[tuple[int, int, str], ...], noun: bool) -> str:
    """"weekly-" or "ytd-" for a count said in the week or since the start of the year: the cue nearest the
    amount before it (back to the sentence's amount before) or after it in its clause, not past a comma ("Trong
    tuần qua, TP.HCM có 2.510 ca, nâng tổng số từ đầu năm lên 15.000 ca": 2,510 in the week, 15,000 since
    January); none for a change ("tăng 150 ca so với tuần trước") or, counted only in "ca" (`noun`), without a
    disease in the sentence."""
    low = unit.low
    if _CASE_CHANGE.search(" ".join(low[:start].split()[-2:])) or _CASE_CHANGE.match(low[end:].lstrip()) or (
            noun and not _DISEASE.search(low)):
        return ""
    lo = max((o_end for _, o_end, _ in others if o_end <= start), default=0)
    hi = min((o_start for o_start, _, _ in others if o_start >= end), default=len(low))
    comma = re.compile(r"[,;]").search(low, end, hi)  # a cue after the count stays in its clause
    hi = comma.start() if comma else hi
    cues = [(min(abs(m.start() - end), abs(start - m.end())), prefix)
            for prefix, cue in _PERIODS for m in cue.finditer(low, lo, hi) if not start <= m.start() < end]
    whole = next(((o_start, o_end) for o_start, o_end, _ in others if o_end == lo), None)
    if not cues and whole and _OF_WHICH.fullmatch(low, lo, start):  # "1.870 ca …, trong đó 640 ca": the whole's
        return _period(unit, *whole, others, noun)
    return min(cues)[1] if cues else ""


def _aim(cue: re.Pattern[str], before: str) -> bool:
    """A target or forecast word in the words before a rate, with no word of the figure reached after it ("beat
    its target as the economy grew 7.09%" is growth)."""
    found = [m.end() for m in cue.finditer(before)]
    return bool(found) and not _ACTUAL.search(before[found[-1]:])


def _value(amount: Amount, key: str) -> str:
    """The compared value. Jobs are people, whatever noun counts them ("4,500 workers", "85 nhân viên"), and so
    are the dead, hurt, missing, displaced or arrested ("7 người" and "7 nạn nhân" are one figure)."""
    unit = amount.unit.lower()
    measure = key.split("-")[-1]
    if measure == "cases":  # "2.150 ca", "2,150 cases", "6,840 infections", "2,150 people infected"
        return f"{amount.value:g} cases"
    if unit in _IN_BASE:  # "1.2 GW" is 1200 MW, "112 mph" 180 km/h
        base, factor = _IN_BASE[unit]
        value = amount.value * factor
        if not factor.is_integer():  # a converted figure to 3 digits: "112 mph" is 180 km/h, not 180.246
            value = float(f"{value:.3g}")
        return f"{value:g} {base}"
    if (key.endswith("jobs") and unit in _PEOPLE_UNITS) or (measure in _COUNTS_OF_PEOPLE and (
            unit in _HUMAN_UNITS or _unit_name(unit) in ("cases", "patients"))):  # "7 ca tử vong" are 7 dead
        return f"{amount.value:g} people"
    return f"{amount.value:g} {_unit_name(amount.unit)}"


_EN_PREP = lang.table("common", "measure_prepositions_in_english")
_EN_PREPS = lang.words("en", "measure_detail_prepositions")


def _prep_word(unit: Unit, entity: Mention) -> str:
    """The English preposition for the detail ("aid to Ukraine"), from the one written in the sentence."""
    before = unit.low[max(0, entity.start - 45):entity.start]
    before = before[:len(before) - len(re.search(rf"{_BEFORE_PLACE}$", before).group())]  # "tại tỉnh", "in northern"
    words = fold_keep_offsets(before[-20:]).split()
    last = words[-1] if words else ""
    if last == "the" and len(words) > 1:
        last = words[-2]
    return _EN_PREP.get(last, last if last in _EN_PREPS else "of")


def parse(value: str) -> tuple[float, str] | None:
    """An amount claim's value as (number, unit): "14 people" -> (14.0, "people")."""
    number, _, unit = value.partition(" ")
    try:
        return float(number), unit
    except ValueError:
        return None


def of_subdivision(sentence: str) -> bool:
    """Whether a sentence names a province, a city or a district by its kind alone ("tỉnh đã thu hút", "the
    province's"): its figure is no country's."""
    return bool(_SUBDIVISION.search(sentence.lower()))


def of_organisation(key: str) -> bool:
    """Whether a measure key is of the organisation it names, if any: a company's result ("forecast-net-profit@fy")
    or a party's seats."""
    return key.partition("@")[0].endswith(tuple(RESULTS)) or key == "seats-won"


def exact(key: str) -> bool:
    """Whether a measure is a policy rate, its change or its earlier figure (`POLICY_RATES`): one figure set by
    a decision."""
    return key.removeprefix("change-").removeprefix("previous-") in POLICY_RATES


def _apart(x: float, y: float, unit: str = "", rate: bool = False, counted: bool = False,
           one_by_one: float = 0) -> bool:
    """More than 10% apart, or for shares and points more than half a point: not one figure rounded
    differently (68.5% and 72.3% are two turnouts, 25.8% and "about 26%" one); a policy rate (`rate`), more
    than a twentieth of a point (4% and 4.25% are two); `counted` (figures of two sources), whole numbers
    under `one_by_one` (by default `_COUNTED_ONE_BY_ONE`) whenever they differ."""
    if unit in ("%", "pp"):
        return abs(x - y) > (_RATE_POINTS if rate else _SHARE_POINTS)
    if counted and x.is_integer() and y.is_integer() and max(abs(x), abs(y)) < (one_by_one or _COUNTED_ONE_BY_ONE):
        return x != y  # from two sources, 9 and 10 dead are two tolls, not one rounded
    return abs(x - y) > _TOLERANCE * max(abs(x), abs(y))


def _rate(claim: Claim) -> bool:
    return exact(claim.slot.split(":")[1]) if claim.slot.count(":") else False


def distinct(a: Claim, b: Claim) -> bool:
    """Two figures in the same unit apart (see `_apart`), whatever bound words come with them."""
    return _alike_apart(a, b) is True


def one_figure(a: Claim, b: Claim) -> bool:
    """Two figures in the same unit not apart: one figure, rounded alike or differently."""
    return _alike_apart(a, b) is False


def _alike_apart(a: Claim, b: Claim) -> bool | None:
    """Whether two figures in the same unit are apart (`_apart`); None for other units or a value not a figure."""
    pa, pb = parse(a.value), parse(b.value)
    if pa is None or pb is None or pa[1] != pb[1]:
        return None
    return _apart(pa[0], pb[0], pa[1], _rate(a))


def compatible(a: Claim, b: Claim, on: date | None = None) -> bool:
    """Same unit and not apart (within 10%; shares within half a point), or one side a bound the other
    satisfies ("hơn 100" and 120).
    Different units (currencies, counted nouns) are not comparable here: not a conflict."""
    pa, pb = parse(a.value), parse(b.value)
    if pa is None or pb is None or pa[1] != pb[1]:
        return True
    va, vb = pa[0], pb[0]
    qualified = any(_QUALIFIED.match(c.text) for c in (a, b))  # "about 10" may be 9
    measure = a.slot.split(":")[1]  # a court names each defendant; a count of patients at one hour is exact
    one_by_one = math.inf if measure in _NAMED_ONE_BY_ONE or dated(measure) else 0
    if not _apart(va, vb, pa[1], _rate(a), counted=not qualified, one_by_one=one_by_one):
        return True
    upper = _upper_bound(measure)
    for (x, x_text), y in (((va, a.text), vb), ((vb, b.text), va)):
        low = x_text.lower()
        if _LOWER_BOUND.search(low) and y >= x * (1 - _TOLERANCE):
            return True
        if upper.search(low) and y <= x * (1 + _TOLERANCE):
            return True
    return False


def _upper_bound(measure: str) -> re.Pattern[str]:
    """The words that make a figure of `measure` (a slot's measure key) a bound it does not exceed: for a
    peak's (`PEAKS`, "forecast-gusts" too), not "up to", which gives the peak."""
    return _PEAK_BOUND if measure.partition("@")[0].rpartition("-")[2] in PEAKS else _UPPER_BOUND


def agrees(a: Claim, b: Claim) -> bool:
    """Whether two compatible figures may stand as one value, one corroborating the other: a bound only with a
    figure near it, within a step of its last written digit ("hơn 5 tỷ USD" with 5.2 billion, not with 28.6
    billion: that is another figure, which it only does not contradict; "more than 100" up to 200)."""
    pa, pb = parse(a.value), parse(b.value)
    if pa is None or pb is None or pa[1] != pb[1] or not _apart(pa[0], pb[0], pa[1]):
        return True
    upper = _upper_bound(a.slot.split(":")[1])
    for (x, x_text), y in (((pa[0], a.text), pb[0]), ((pb[0], b.text), pa[0])):
        low = x_text.lower()
        if not math.isfinite(x) or x == 0:
            continue
        reach = max(10.0 ** Decimal(repr(abs(x))).normalize().as_tuple().exponent, _TOLERANCE * abs(x))
        if _LOWER_BOUND.search(low) and y > x + reach:
            return False
        if upper.search(low) and y < x - reach:
            return False
    return True
