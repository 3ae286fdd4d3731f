"""Amounts with what they measure: "$8 billion in security assistance", "hơn 100 người thiệt mạng".

Each `article.amounts` entry is looked up in its sentence; the nearest word of a small bilingual
vocabulary of measured things, a few words after it ("8 tỷ USD viện trợ", "100 người thiệt mạng") or
before it ("aid package of $8 billion", "killing 100 people"), says what it measures. The entity it
concerns is the place or organisation the sentence ties to that measure ("aid to Ukraine",
"deaths in Gaza"). Amounts whose measure cannot be found give no claim.

slot  = "amount:" + measure key [+ ":" + entity key], e.g. "amount:aid:LOC:ukraine"
value = f"{value:g} {unit}", with counted nouns in one language ("100 người" -> "100 people").
An amount written with "additional"/"thêm"/"bổ sung" is a new tranche, not the total: its measure
is "additional-aid", so it is never compared with the total. An amount said of one phase of a project
("the first phase, worth $900 million", "giai đoạn một") is "phase-investment", never the total either.

Money that a facility is said to be worth is the investment in it: "a $2.3 billion factory",
"nhà máy pin mặt trời trị giá 3,2 tỷ USD". Investment and jobs ("employ about 4,500 workers",
"85 nhân viên") carry no entity: the project's place or owner is written differently in each language
("in the port city of Hai Phong", "tại thành phố Hải Phòng"), and a qualifier one language finds and the
other misses would split the slot. A conversion in brackets ("500 billion dong ($19 million)") is the
same amount: it takes the measure of the amount it converts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from newsloom.entities.text import fold
from newsloom.facts._text import alternation
from newsloom.facts.claims.meetings import Unit, display_name, units
from newsloom.model import Amount, Article, Claim, Mention

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


def _m(key: str, kinds: str, words: tuple[str, ...], preps: tuple[str, ...], readable: str = "",
       exact: tuple[str, ...] = (), facility: bool = False) -> _Measure:
    """`words` are matched as written and without diacritics; `exact` are regexes matched only as
    written (their accent-free forms are other words: "giá" -> "gia" as in "quốc gia").
    Without `preps` the measure never carries an entity."""
    forms = [alternation(words)] if words else []
    forms += exact
    labels = ("LOC",) if preps is _IN else ("LOC", "ORG") if preps else ()  # people die, flee, are hurt in places
    return _Measure(key, tuple(kinds.split()), re.compile(_W.format("|".join(forms))), readable or key, preps,
                    labels, facility)


_TO = ("to", "for", "cho", "dành cho", "tới", "đến", "giúp")
_IN = ("in", "at", "tại", "ở", "trong", "across", "throughout")
_OF = ("of", "for", "của", "ở", "tại", "in")
_WITH = ("with", "between", "to", "với", "giữa", "sang")

_MEASURES = (
    # money
    _m("aid", "money", ("aid", "assistance", "viện trợ", "gói hỗ trợ", "khoản hỗ trợ", "support package", "relief",
                        "relief package", "recovery package", "rescue package", "cứu trợ", "package",
                        "packages", "gói cứu trợ", "gói khắc phục"),
       _TO, exact=(r"gói",)),  # "gói" only as written: "goi" is also "gọi" (call)
    _m("budget", "money", ("budget", "ngân sách"), _OF),
    _m("investment", "money", ("investment", "investments", "invest", "invested", "investing", "đầu tư"), ()),
    _m("investment", "money", ("factory", "factories", "plant", "facility", "project", "complex", "nhà máy",
                               "dự án", "tổ hợp", "khu phức hợp"), (), facility=True),
    _m("price", "money", ("price", "prices", "priced", "giá bán", "giá cả"), _OF,
       exact=(r"(?<!trị )(?<!đánh )giá(?!\s+trị)",)),  # not "trị giá" (worth), "đánh giá", "giá trị"
    _m("revenue", "money", ("revenue", "revenues", "doanh thu"), _OF),
    _m("profit", "money", ("profit", "profits", "lợi nhuận"), _OF),
    _m("cost", "money", ("cost", "costs", "chi phí"), _OF),
    _m("damage", "money", ("damage", "damages", "losses", "thiệt hại"), _IN),
    _m("trade", "money", ("trade", "kim ngạch", "thương mại"), _WITH),
    _m("loan", "money", ("loan", "loans", "khoản vay", "cho vay"), _TO),
    _m("debt", "money", ("debt", "debts", "khoản nợ", "nợ công"), _OF),
    _m("fine", "money", ("fined", "tiền phạt", "bị phạt", "mức phạt"), _OF, exact=(r"fine",)),
    _m("salary", "money", ("salary", "salaries", "wage", "wages", "tiền lương", "mức lương"), _OF),
    _m("gdp", "money", ("gdp", "gross domestic product", "tổng sản phẩm quốc nội"), _OF, "GDP"),
    _m("exports", "money count", ("exports", "exported", "xuất khẩu"), _WITH),
    _m("imports", "money count", ("imports", "imported", "nhập khẩu"), _WITH),
    # counts of people
    _m("deaths", "count", ("killed", "killing", "dead", "deaths", "died", "death toll", "fatalities", "lives",
                           "thiệt mạng", "tử vong", "chết", "tử nạn", "thiệt mạng", "sinh mạng"), _IN),
    _m("injured", "count", ("injured", "injuring", "wounded", "wounding", "hurt", "bị thương"), _IN),
    _m("missing", "count", ("missing", "mất tích"), _IN),
    _m("displaced", "count", ("displaced", "evacuated", "fled", "sơ tán", "di dời", "mất nhà cửa"), _IN),
    _m("arrested", "count", ("arrested", "detained", "bị bắt", "bắt giữ", "bị bắt giữ"), _IN),
    _m("casualties", "count", ("casualties", "thương vong"), _IN),
    _m("troops", "count", ("troops", "soldiers", "binh sĩ", "quân nhân", "binh lính"), _IN),
    # hiring verbs ("hired", "tuyển dụng") say how many joined, not how many work there: not jobs
    _m("jobs", "count", ("employ", "employs", "employed", "employing", "employment", "jobs", "workforce",
                         "staff", "employees", "việc làm", "nhân viên", "lao động", "người lao động"), ()),
    # rates
    _m("inflation", "percent", ("inflation", "lạm phát"), _OF),
    _m("growth", "percent", ("growth", "tăng trưởng"), _OF),
    _m("unemployment", "percent", ("unemployment", "jobless rate", "thất nghiệp"), _OF),
    _m("interest-rate", "percent", ("interest rate", "interest rates", "lãi suất"), _OF, "interest rate"),
    _m("tariff", "percent", ("tariff", "tariffs", "thuế quan"), ("on", "đối với", "lên", "với")),
    _m("turnout", "percent", ("turnout", "tỷ lệ cử tri", "tỷ lệ đi bầu"), _OF),
)

_ADDITIONAL = re.compile(_W.format(alternation(("additional", "another", "further", "extra", "new", "thêm",
                                                "bổ sung"))))
_NEW_AFTER_NOUN = re.compile(_W.format(alternation(("mới",))))  # "gói viện trợ mới"; before a verb it is "just"
_NEW = re.compile(_W.format(alternation(("new", "mới"))))  # "a new $2 billion plant": a new plant, not a tranche
_TOTAL = re.compile(_W.format(alternation(("total", "overall", "tổng", "toàn bộ"))))
_WINDOW_PHASE = 10  # words before an amount where a phase word makes it the investment of that phase
_PHASE = re.compile(_W.format(alternation(("phase", "phases", "stage", "giai đoạn"))))
# between a facility and the money it is worth ("nhà máy pin mặt trời trị giá 3,2 tỷ USD", "a plant worth")
_WORTH = re.compile(r"(?:^|\s|,)(?:{})\s*$".format(alternation((
    "worth", "valued at", "costing", "trị giá", "có giá trị", "giá trị", "tổng vốn", "tổng vốn đầu tư",
    "có tổng vốn", "với tổng vốn", "vốn"))))
# words that cannot stand between a Vietnamese facility noun and its worth ("nhà máy pin mặt trời 3,2 tỷ USD")
# (compared as written; a word written without diacritics also by its accent-free form)
_NOT_MODIFIERS = {"có", "được", "là", "sẽ", "đã", "với", "của", "cho", "tại", "ở", "trong", "và", "mà", "khi", "để",
                  "xây", "xây dựng", "cần", "bán", "sau", "trước"}
_NOT_MODIFIERS_FOLDED = {fold(w) for w in _NOT_MODIFIERS}
# words that cannot stand between an amount and the facility it is worth ("a $2.3 billion solar plant")
_NOT_BEFORE_NOUN = {"in", "to", "for", "of", "on", "at", "and", "or", "was", "is", "will", "be", "has", "had",
                    "would", "from", "with", "by", "into", "cho", "tai", "o", "va", "cua", "de", "vao", "la"}
_PEOPLE_UNITS = {"people", "workers", "employees", "staff", "persons", "person", "jobs", "người", "người dân",
                 "lao động", "người lao động", "công nhân", "nhân viên", "việc làm", "nhân công"}
# measures that count people, and the nouns they count them with
_COUNTS_OF_PEOPLE = {"deaths", "injured", "missing", "displaced", "arrested", "casualties"}
_HUMAN_UNITS = _PEOPLE_UNITS | {"victims", "nạn nhân", "civilians", "dân thường", "thường dân", "residents", "patients",
                                "students", "học sinh", "sinh viên", "children", "trẻ em", "tourists", "du khách",
                                "visitors", "migrants", "refugees", "người tị nạn"}
# counted nouns in one language, so that "100 người" and "100 people" compare
_COUNT_UNITS = {"người": "people", "người dân": "people", "persons": "people", "person": "people",
                "dân thường": "civilians", "thường dân": "civilians", "binh sĩ": "soldiers", "quân nhân": "soldiers",
                "lính": "soldiers", "troops": "soldiers", "trẻ em": "children", "nạn nhân": "victims",
                "người tị nạn": "refugees", "tù nhân": "prisoners", "con tin": "hostages", "ca": "cases",
                "trường hợp": "cases", "tên lửa": "missiles", "xe tăng": "tanks", "máy bay không người lái": "drones",
                "uav": "drones", "tấn": "tons", "tonnes": "tons", "gia đình": "families", "hộ dân": "households",
                "hộ": "households", "học sinh": "students", "sinh viên": "students", "du khách": "tourists",
                "công nhân": "workers", "lao động": "workers", "người lao động": "workers", "nhân viên": "employees"}
_LOWER_BOUND = re.compile(_W.format(alternation(("more than", "over", "at least", "hơn", "trên", "ít nhất",
                                                 "tối thiểu"))))
_UPPER_BOUND = re.compile(_W.format(alternation(("less than", "fewer than", "under", "up to", "nearly", "almost",
                                                 "dưới", "tối đa", "gần"))))
_WINDOW_AFTER = 5  # words after the amount searched for its measure
_WINDOW_BEFORE = 8  # words before it
_TOLERANCE = 0.10  # values within 10% of each other are the same figure, rounded differently


def _unit_name(unit: str) -> str:
    return _COUNT_UNITS.get(unit.lower(), unit)


def _locate(amount: Amount, candidates: list[Unit], used: set[tuple[int, int, int]]) -> tuple[Unit, int] | None:
    """The sentence and offset of `amount`: the first occurrence of its text not already taken."""
    for unit in candidates:
        if unit.text not in amount.sentence and amount.sentence not in unit.text:
            continue
        for m in re.finditer(re.escape(amount.text), unit.text):
            key = (unit.index, unit.source_start, m.start())
            if key not in used:
                used.add(key)
                return unit, m.start()
    return None


def _words_span(low: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start() + start, m.end() + start) for m in re.finditer(r"[\w'’%$€£¥₫.,-]+", low[start:end])]


def _measure(unit: Unit, amount: Amount, start: int, end: int) -> tuple[_Measure, int, int] | None:
    """The measure nearest the amount at unit.text[start:end], by words, within its clause."""
    low = unit.low
    clause_end = min((m.start() for m in re.finditer(r"[;:!?]|\.\s|\.$", low[end:])), default=len(low) - end) + end
    clause_start = max((m.end() for m in re.finditer(r"[;:!?]|\.\s", low[:start])), default=0)
    after = _words_span(low, end, clause_end)[:_WINDOW_AFTER]
    before = _words_span(low, clause_start, start)[-_WINDOW_BEFORE:]
    found: list[tuple[int, int, _Measure, int, int]] = []
    for order, measure in enumerate(_MEASURES):
        if amount.kind not in measure.kinds:
            continue
        for m in measure.pattern.finditer(low, clause_start, clause_end):
            if start <= m.start() < end:
                continue
            if m.start() >= end:
                if not after or m.start() > after[-1][0]:
                    continue
                distance, side = sum(1 for w in after if w[1] <= m.start()), 0
            else:
                if not before or m.end() < before[0][0]:
                    continue
                distance, side = sum(1 for w in before if w[0] >= m.end()), 1
            if measure.facility and not _facility_ok(low, m.start(), m.end(), start, end):
                continue
            found.append((distance, side, order, measure, m.start(), m.end()))
    if not found:
        noun = next((ms for ms in _MEASURES if amount.kind in ms.kinds and not ms.facility
                     and ms.pattern.fullmatch(fold(amount.unit))), None)
        return (noun, start, end) if noun else None  # "100 deaths", "5,000 troops": the noun says it
    # nearest first; at equal distance the word after the amount, since the one before may be another
    # amount's ("12 công nhân bị thương và khoảng 300 người được sơ tán": 300 were evacuated)
    _, _, _, measure, m_start, m_end = min(found, key=lambda f: f[:3])
    return measure, m_start, m_end


def _facility_ok(low: str, n_start: int, n_end: int, start: int, end: int) -> bool:
    """Is the money at low[start:end] what the facility named at low[n_start:n_end] is worth?
    "a $2.3 billion (solar) plant", "a plant worth $2.3 billion", "nhà máy pin mặt trời (trị giá) 3,2 tỷ USD"."""
    if n_start >= end:  # the amount qualifies the noun: at most two words between, no preposition or verb
        gap = low[end:n_start]
        words = fold(gap).split()
        return not re.search(r"[,;:()]", gap) and len(words) <= 2 and not set(words) & _NOT_BEFORE_NOUN
    gap = low[n_end:start]
    if _WORTH.search(gap):
        return not re.search(r"[;:()]", gap) and len(gap.split()) <= 8
    words = gap.split()
    vietnamese = fold(low[n_start:n_end]) in {fold(w) for w in ("nhà máy", "dự án", "tổ hợp", "khu phức hợp")}
    phrases = words + [" ".join(words[i:i + 2]) for i in range(len(words) - 1)]
    return vietnamese and not re.search(r"[,;:()]", gap) and len(words) <= 4 and not any(
        w in _NOT_MODIFIERS or (w == fold(w) and w in _NOT_MODIFIERS_FOLDED) for w in phrases)


def _concerns(unit: Unit, measure: _Measure, spans: list[tuple[int, int]]) -> Mention | None:
    """The place or organisation the measure is about: "aid to Ukraine", "chết ở Myanmar", "viện trợ Ukraine"."""
    prep = re.compile(rf"(?<!\w)(?:{alternation(measure.preps)})\s+(?:the\s+)?$")
    measure_end = spans[0][1]
    found: list[tuple[int, Mention]] = []
    for m in unit.mentions:
        if m.label not in measure.labels or not m.entity or spans[1][0] <= m.start < spans[1][1]:
            continue
        tied = bool(prep.search(unit.low[max(0, m.start - 30):m.start]))
        right_after = m.start >= measure_end and len(unit.text[measure_end:m.start].split()) <= 2 \
            and not re.search(r"[,;.]", unit.text[measure_end:m.start])
        owner = re.match(r"['’]s\s+(?:\w+\s+){0,2}$", unit.low[m.end:spans[0][0]])  # "Ukraine's defence budget"
        if tied or right_after or owner:
            found.append((min(abs(m.start - s) for pair in spans for s in pair), m))
    return min(found, key=lambda f: f[0])[1] if found else None


def _conversions(located: list[tuple[Amount, Unit, int]]) -> dict[int, int]:
    """Index of an amount in brackets -> index of the amount it converts: "500 billion dong ($19 million)"."""
    out: dict[int, int] = {}
    for i, (amount, unit, start) in enumerate(located):
        for j, (other, other_unit, other_start) in enumerate(located):
            if other_unit is unit and other.kind == amount.kind and j not in out \
                    and re.fullmatch(r"\s*\(\s*", unit.text[other_start + len(other.text):start]):
                out[i] = j
    return out


def extract(article: Article) -> list[Claim]:
    """One claim per amount whose measure is known."""
    all_units = units(article)
    used: set[tuple[int, int, int]] = set()
    located: list[tuple[Amount, Unit, int]] = []
    for amount in article.amounts:
        where = _locate(amount, all_units, used)
        if where is not None:
            located.append((amount, *where))
    converts = _conversions(located)
    converted = {j: i for i, j in converts.items()}
    found: dict[int, tuple[str, str, Mention | None]] = {}  # index -> (key, readable, entity)
    claims: list[Claim] = []
    for i, (amount, unit, start) in enumerate(located):
        if i in converts:  # a conversion measures what the amount it converts measures
            if converts[i] not in found:
                continue
            key, readable, entity = found[converts[i]]
        else:
            end = start + len(amount.text)
            if i in converted:  # look for the measure past the conversion: "… dong ($19 million) package"
                conv_amount, _, conv_start = located[converted[i]]
                close = re.match(r"\s*\)", unit.text[conv_start + len(conv_amount.text):])
                end = conv_start + len(conv_amount.text) + (close.end() if close else 0)
            measure_found = _measure(unit, amount, start, end)
            if measure_found is None:
                continue
            key, readable, entity = _describe(unit, amount, start, end, *measure_found)
            found[i] = (key, readable, entity)
        slot = f"amount:{key}"
        if entity is not None:
            slot += f":{entity.entity}"
            readable += f" {_prep_word(unit, entity)} {display_name(article, entity.entity)}"
        claims.append(Claim(kind="amount", slot=slot, value=_value(amount, key), text=amount.text,
                            sentence=unit.index, detail=readable, subject=entity.entity if entity else None))
    return claims


def _describe(unit: Unit, amount: Amount, start: int, end: int, measure: _Measure, m_start: int,
              m_end: int) -> tuple[str, str, Mention | None]:
    """The measure key (with "additional-" or "phase-"), its readable form, and the entity it concerns."""
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
    prefix = "additional-" if additional else "phase-" if phase else ""
    key = prefix + measure.key
    readable = prefix.replace("-", " ") + measure.readable
    entity = _concerns(unit, measure, [(m_start, m_end), (start, end)]) if measure.labels else None
    return key, readable, entity


def _value(amount: Amount, key: str) -> str:
    """The compared value. Jobs are people, whatever noun counts them ("4,500 workers", "85 nhân viên"), and so
    are the dead, hurt, missing, displaced or arrested ("7 người" and "7 nạn nhân" are one figure)."""
    unit = amount.unit.lower()
    if (key.endswith("jobs") and unit in _PEOPLE_UNITS) or (key.split("-")[-1] in _COUNTS_OF_PEOPLE
                                                           and unit in _HUMAN_UNITS):
        return f"{amount.value:g} people"
    return f"{amount.value:g} {_unit_name(amount.unit)}"


_EN_PREP = {"cho": "to", "toi": "to", "den": "to", "giup": "to", "tai": "in", "o": "in",
            "trong": "in", "cua": "of", "vao": "in", "voi": "with", "giua": "between", "sang": "to", "len": "on"}


def _prep_word(unit: Unit, entity: Mention) -> str:
    """The English preposition for the detail ("aid to Ukraine"), from the one written in the sentence."""
    words = fold(unit.low[max(0, entity.start - 20):entity.start]).split()
    last = words[-1] if words else ""
    if last == "the" and len(words) > 1:
        last = words[-2]
    return _EN_PREP.get(last, last if last in ("to", "for", "in", "at", "of", "on", "with", "into") else "of")


def _parse(value: str) -> tuple[float, str] | None:
    number, _, unit = value.partition(" ")
    try:
        return float(number), unit
    except ValueError:
        return None


def _apart(x: float, y: float) -> bool:
    """More than 10% apart: not one figure rounded differently."""
    return abs(x - y) > _TOLERANCE * max(abs(x), abs(y))


def distinct(a: Claim, b: Claim) -> bool:
    """Two figures in the same unit over 10% apart, whatever bound words come with them."""
    pa, pb = _parse(a.value), _parse(b.value)
    return pa is not None and pb is not None and pa[1] == pb[1] and _apart(pa[0], pb[0])


def compatible(a: Claim, b: Claim, on: date | None = None) -> bool:
    """Same unit and within 10%, or one side a bound the other satisfies ("hơn 100" and 120).
    Different units (currencies, counted nouns) are not comparable here: not a conflict."""
    pa, pb = _parse(a.value), _parse(b.value)
    if pa is None or pb is None or pa[1] != pb[1]:
        return True
    va, vb = pa[0], pb[0]
    if not _apart(va, vb):
        return True
    for (x, x_text), y in (((va, a.text), vb), ((vb, b.text), va)):
        low = x_text.lower()
        if _LOWER_BOUND.search(low) and y >= x * (1 - _TOLERANCE):
            return True
        if _UPPER_BOUND.search(low) and y <= x * (1 + _TOLERANCE):
            return True
    return False
