"""Sources compared: what a story's independent sources agree on, what only one says, where they conflict.

Claims of the story's articles are aligned by slot (the same fact, in any language); an amount that is a
part of a larger figure its article gives in the slot ("Fourteen people, including 11 children") is no
value of the slot and is left out. Within a slot the
values are grouped into positions by the claim kind's `compatible` rule, at the story's event date;
each position counts its independent sources (lineages, see `lineage.py`), so a copy is no corroboration. A bound
joins a position only with figures near it (`measures.agrees`); a conversion in brackets is no position.
  - conflict: two or more incompatible positions, given by different articles that tell the same event (by
    the clusterer's pair model: see `same_event`), a rewrite that changes its source's figures included
    (agreeing needs independent sources, contradicting does not), counting only
    firm claims: not a percentage (but a policy rate, `measures.POLICY_RATES`, or a duty at a stage of a trade
    case, `measures.FIRM_SHARES`), not a bound ("at least", "không dưới") or range, not a part (nor a count
    with words before its noun, "4 Vietnamese workers", which may be one), an average
    or a set's figure ("one of 3 bridges"), not in a clause about what could happen ("có thể", "would"), not
    an amount forecast ("dự kiến", "expected to") or a sentence about another time ("Năm 1999, …", "last year …",
    or naming a day over a month before the story's); and no source may itself give incompatible values for
    the slot (then the slot names several things, e.g. a rent and a deposit, and is "unclear"), nor, for an
    amount, figures of its measure over 10% apart (a trial's damages, charge by charge: "unclear" too);
  - agreed: one position, two or more independent sources;
  - single: one independent source.
Office-holder claims are judged at their own article's day, not the story's: two holders told on two days are a
change of holder, not a conflict, where the record or the story's articles say so (`roles.compatible`). They are
also checked against the dated record of office holders, each at its article's day: a value the record
contradicts is flagged even when no other source disagrees.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from newsloom import lang
from newsloom.entities import gazetteer
from newsloom.entities.extract import feature_place
from newsloom.facts.amounts import modified
from newsloom.facts.claims import KINDS, durations, measures, roles
from newsloom.facts.lineage import lineages, source_name
from newsloom.facts.offices import OfficeRecord, Verdict, bundled
from newsloom.model import Article, Claim, Entity, instant
from newsloom.settings import DEFAULTS, CompareSettings
from newsloom.text.dates import dateline

STATUS_ORDER = {"conflict": 0, "record": 1, "agreed": 2, "single": 3, "unclear": 4}
# cues that make a figure no firm claim (lang/common/firm_claim_cues.tsv: regular expressions, by group)
_CUES = {group: "|".join(expressions) for group, expressions in lang.groups("common", "firm_claim_cues").items()}
# a sentence opening on another time than the story's: its figures are background, not the event's
_BACKGROUND = re.compile(rf"^\W*(?:{_CUES['background']})", re.IGNORECASE)
# a sentence that goes on from the time of the one before: "Hai hôm sau, …", "Three days later, …"
_THEN = re.compile(rf"^\W*(?:{_CUES['then']})", re.IGNORECASE)
_CUMULATIVE = re.compile(rf"\b(?:{_CUES['cumulative']})\b", re.IGNORECASE)  # "total cuts this year"
# a date that starts a period up to now, after a first or a superlative: "its first cut since June 2023"
_SINCE = re.compile(rf"\b(?:{_CUES['record']})\b[^.;]{{0,60}}?\b(?:{_CUES['since']})\s+(?:\w+\s+)?$", re.IGNORECASE)
# the settings' defaults (newsloom.settings): two articles of a story contradict each other only if they
# more likely than not tell the same event (median linkage lets a story hold an article that one member
# rejects: another incident of the same kind, in undated stories); a sentence naming a day over a month
# before the story's date is about an earlier event
DEFAULT = DEFAULTS.compare
# an amount forecast, not a fact yet: "Dự kiến các dự án ... có số vốn khoảng 4,7 tỷ USD"
_FORECAST = re.compile(rf"\b(?:{_CUES['forecast']})\b", re.IGNORECASE)
# amounts that describe the event itself, one figure per story: what sources can contradict each other on
# (not language data: measure keys of facts.claims.measures)
CONFLICT_MEASURES = {"deaths", "injured", "casualties", "missing", "displaced", "evacuated", "investment", "aid",
                     "additional-aid", "damage", "jobs", "weekly-cases", "ytd-cases", "power-shortfall", "capacity", "defendants",
                     "supplied-doses", "fee", "attendance", "deal", "agreements", "ministers", "arrested", "seats-won",
                     "wind", "gusts", "rainfall", "dead-or-missing", "passengers", *measures.HOUSE_COUNTS,
                     *measures.FIRM_SHARES,
                     *measures.POLICY_RATES,
                     *(f"change-{key}" for key in measures.POLICY_RATES)}
# a part, not the whole: "trong đó 2 người", "among them 17 soldiers", "including 11 children"
_PART = re.compile(rf"(?:{_CUES['part']})\b[^.;]{{0,40}}$", re.IGNORECASE)
# an average or one of a list, maybe not the whole: "mỗi ngày trung bình 2", "1.200 ha lúa và ... 15 tỷ đồng"
_AVERAGE = re.compile(rf"(?:{_CUES['average']})\b[^.;]{{0,40}}$", re.IGNORECASE)
_LIST = re.compile(rf"(?:{_CUES['list']})\b[^.;]{{0,40}}$", re.IGNORECASE)  # "1.200 ha lúa và ... 15 tỷ đồng"
# ... but the second toll of "12 người chết và 8 người mất tích" is a toll of its own
_TOLL_LIST = re.compile(rf"(?:{_CUES['toll list']})(?:\S+\s+){{0,3}}$", re.IGNORECASE)
_PART_AFTER = re.compile(rf"[^.;]{{0,30}}\b(?:{_CUES['rate']})\b", re.IGNORECASE)
_REST = re.compile(rf"\s+(?:{_CUES['rest']})(?!\w)", re.IGNORECASE)  # "Bốn bị cáo| còn lại": the rest, not all
_SOME = re.compile(rf"\s+(?:{_CUES['some defendants']})(?!\w)", re.IGNORECASE)  # "31 bị cáo| khác"
_TRIAL = re.compile(rf"(?<!\w)(?:{_CUES['trial']})(?!\w)", re.IGNORECASE)  # the defendants of a trial, not a part
# a clause that says what could, would or is hoped to happen: "1 người chết não có thể cứu 8 người"
_HYPOTHETICAL = re.compile(rf"\b(?:{_CUES['hypothetical']})\b", re.IGNORECASE)
# the subject is one of several, so the sentence's figures are the set's: "một trong gói thầu 3 cây cầu"
_ONE_OF = re.compile(r"\b(?:một trong|one of)\s+(?:\w+\s+){0,3}\d", re.IGNORECASE)
_LOOSE = re.compile(rf"(?:{_CUES['bound']}|[-–])\s*$", re.IGNORECASE)
# a figure said to revise an earlier one: "has risen to 19", "tăng lên 19", "nâng số người chết lên 19"
_UPDATE = re.compile(rf"(?:{_CUES['update']})\s+(?:\w+\s+){{0,2}}?\d", re.IGNORECASE)
_SO_FAR = re.compile(rf"(?<!\w)(?:{_CUES['so far']})(?!\w)", re.IGNORECASE)  # a running total, later a larger one
_UPDATE_HOURS = 3  # an update revises figures published at least this long before it
# not language data: measure keys. Tolls counted as they grow: one published on a later day than a smaller one is a
# later count (tester41: 3, then 5, then 9 dead over five days); a count of the missing also shrinks as people are found
_RUNNING_TOLLS = frozenset({"deaths", "injured", "casualties", "missing", "displaced", "evacuated", "arrested",
                            "dead-or-missing", *measures.HOUSE_COUNTS})
_SHRINKING_TOLLS = frozenset({"missing"})
_LATER_HOURS = 6  # and at least this long after it (not 23:50 and 00:10)


@dataclass
class Evidence:
    article: str  # article id
    source: str
    lang: str | None
    text: str  # the value as written
    sentence: str  # the sentence that says it, in its original language
    independent: bool  # False for a copy or rewrite of an earlier article of the story


@dataclass
class Position:
    """One value of a slot and the sources that give it."""

    value: str
    label: str  # readable value: a name, an amount as written
    sources: int  # independent sources
    evidence: list[Evidence] = field(default_factory=list)
    record: str | None = None  # what the office record says about this value
    fits_record: bool | None = None
    number: float | None = None  # of an amount: its value as a number ("2.3e+09 USD" is 2300000000.0) ...
    unit: str | None = None  # ... and its unit ("USD", "people")

    @property
    def sentences(self) -> list[Evidence]:
        """The evidence to show: each article's sentence once, though it may state the value twice ("within
        90 days, by January 18, 2026")."""
        seen: set[tuple[str, str]] = set()
        out = []
        for ev in self.evidence:
            if (ev.article, ev.sentence) not in seen:
                seen.add((ev.article, ev.sentence))
                out.append(ev)
        return out


@dataclass
class Finding:
    status: str  # "conflict", "record" (a lone value the record contradicts), "agreed", "single" or "unclear"
    kind: str
    slot: str
    detail: str
    positions: list[Position]
    why: str | None = None  # of an "unclear" finding: why its values are not a contradiction (see WHY)

    def __post_init__(self) -> None:
        if self.kind == "amount":  # a value as claims.measures writes it, "2.3e+09 USD": its number and unit
            for p in self.positions:
                if p.number is None and (parsed := measures.parse(p.value)):  # also a digest stored before
                    p.number, p.unit = parsed

    @property
    def sources(self) -> int:
        """Independent sources that speak to the slot, whatever value they give."""
        return len({ev.article for p in self.positions for ev in p.evidence if ev.independent})


@dataclass
class Comparison:
    event_date: date | None
    date_basis: str  # how the event date was found
    findings: list[Finding] = field(default_factory=list)

    def of(self, status: str) -> list[Finding]:
        return [f for f in self.findings if f.status == status]


def compare_story(articles: list[Article], entities: dict[str, Entity] | None = None,
                  record: OfficeRecord | None = None, settings: CompareSettings = DEFAULT) -> Comparison:
    """Align the claims of one story's articles (in arrival order) and judge each slot."""
    entities = entities if entities is not None else {}  # a store's entities, read as asked: never counted
    record = record or bundled()
    arts = sorted(articles, key=lambda a: a.seq)
    root = lineages(arts, settings.rewrite_jaccard)
    on, basis = event_date(arts, record)
    by_slot: dict[str, list[tuple[Article, Claim]]] = {}
    for a in arts:
        for c in a.claims:
            by_slot.setdefault(c.slot, []).append((a, c))
    inner = _nested_places(by_slot, arts)
    _one_place(by_slot)
    _tranche_as_total(by_slot)
    for slot, claims in by_slot.items():  # "including 11 children" of 14 injured: neither for nor against
        by_slot[slot] = [(a, c) for a, c in claims if not _part_of_whole(a, c, claims)]
    trusted = on if not basis.startswith("named") else None  # a date named in the text may be history
    told_on = {a.id: _day(a.published) if a.published else trusted for a in arts}  # role claims' days
    named = Counter(m.entity for a in arts for m in a.mentions if m.entity)  # mentions per entity in the story
    firm = {id(c) for a in arts for c in a.claims
            if _firm(a, c, record, told_on[a.id], named, on, settings.background_days)}
    several = _several(arts, firm)
    told = _told_rule(arts, told_on, record)
    findings = [_judge(slot, claims, root, on, told_on, record, entities, firm, several, settings, inner, told)
                for slot, claims in by_slot.items()]
    # who said a quote's words: only a conflict says more than the quote's own slot
    findings = [g for f in findings if f.kind != "attribution" or f.status == "conflict" for g in _remarks_apart(f)]
    findings.sort(key=lambda f: (STATUS_ORDER[f.status], -f.sources, f.kind, f.detail))
    if on is not None and len({d for f in findings if f.kind == "role" for p in f.positions for ev in p.evidence
                               if (d := told_on.get(ev.article))}) > 1:
        basis += "; office holders at each article's day"  # the record notes name them
    return Comparison(on, basis, findings)


def _remarks_apart(f: Finding) -> list[Finding]:
    """A speaker's remarks (a kind whose positions are each one quote: `same`) that two independent sources
    give are agreed, the others single-source, in a finding of their own: under "Agreed" a speaker's other
    remarks, each from one outlet, read as agreed too (tester39)."""
    if f.status != "agreed" or getattr(KINDS[f.kind], "same", None) is None:
        return [f]
    alone = [p for p in f.positions if p.sources <= 1]
    if not alone:
        return [f]
    return [replace(f, positions=[p for p in f.positions if p.sources > 1]), replace(f, status="single", positions=alone)]


def _judge(slot: str, claims: list[tuple[Article, Claim]], root: dict[str, str], on: date | None,
           told_on: dict[str, date | None], record: OfficeRecord, entities: dict[str, Entity], firm: set[int],
           several: set[str], settings: CompareSettings, inner: frozenset[int] = frozenset(),
           told: Callable[[Claim, Claim, date | None], bool] | None = None) -> Finding:
    """`on`: the story's date; `told_on`: article id -> the day its office holders are judged at (its
    publication day, else the story's when that does not rest on dates named in the text alone);
    `firm`: ids of the claims precise enough to contradict; `several`: measures counting several things;
    `settings`: the probabilities that two articles tell one event from which their claims conflict
    (`same_event`); `told`: the role rule with each claim at its own day (`_told_rule`)."""
    kind = claims[0][1].kind
    rule = KINDS[kind].compatible  # groups values into positions
    judge = told if kind == "role" and told is not None else rule  # says whether they contradict
    same = getattr(KINDS[kind], "same", None)  # for quotes: a position is one quote, not all that fit
    agrees = getattr(KINDS[kind], "agrees", None)  # for amounts: a bound is one position only with figures near it
    groups: list[list[tuple[Article, Claim]]] = []
    for a, c in claims:  # a claim joins the first position it is compatible with
        for g in groups:
            if all((same(c, other) if same else rule(c, other, on) and (agrees is None or agrees(c, other)))
                   and _unit(c) == _unit(other) for _, other in g):
                g.append((a, c))
                break
        else:
            groups.append([(a, c)])
    first: dict[str, str] = {}  # lineage -> its first article among this slot's claims
    for a, _ in claims:
        first.setdefault(root[a.id], a.id)
    positions = []
    for g in groups:
        evidence = [Evidence(a.id, source_name(a), a.lang, c.text, _sentence(a, c.sentence),
                             first[root[a.id]] == a.id) for a, c in g]
        roots = {root[a.id] for a, _ in g}
        value = Counter(c.value for _, c in g).most_common(1)[0][0]
        positions.append(Position(value, _label(value, g, entities), len(roots), evidence))
    if kind == "amount":  # "1,250 billion dong ($47.5 million)": the conversion is the same figure, not another value
        positions = [p for p in positions if not _conversion(p, positions)] or positions
    positions.sort(key=lambda p: -p.sources)
    if kind == "role":
        positions = _check_record(slot, positions, told_on, record, root)
    status, why = _disagreement([(a, c) for a, c in claims if id(c) in firm], judge, on, settings)
    if status == "conflict" and any(id(c) in inner for _, c in claims) and _a_part(claims, firm, inner, rule, on,
                                                                                  settings):
        status, why = "unclear", "part"
    if status == "conflict" and kind == "amount" and _measure(slot) in several:
        status, why = "unclear", "several"
    if status is None:
        if any(p.fits_record is False for p in positions):
            status = "record"
        elif not same and _disagreement(claims, judge, on, settings)[0]:  # values that do not fit, none firm:
            # never "agreed", even where two sources give one of them
            shares = kind == "amount" and not measures.firm_share(_measure(slot)) and all(
                c.value.endswith("%") for _, c in claims)
            shown = kind == "amount" and not _conflicting(_measure(slot))
            status, why = "unclear", "shares" if shares else "shown" if shown else "loose"
        elif kind == "amount" and (any(p.sources > 1 for p in positions) or _fit_apart(groups, root)) and not any(
                _same_value(g, root) for g in groups):  # "Twelve people were injured", later "Thirteen"
            status, why = "unclear", "close"
        elif any(p.sources > 1 for p in positions):
            status = "agreed"  # independent sources give one value
        else:
            status = "single"
    if kind == "role" and why is None and status != "conflict" and any(
            not rule(c, d, on) and judge(c, d, on) for i, (_, c) in enumerate(claims) for _, d in claims[:i]):
        why = "handover"  # Yoon on 5 October, Baek sworn in on the 6th
    named = next((c for _, c in claims if c.slot == slot), claims[0][1])  # not a claim moved in (`_one_place`)
    return Finding(status, kind, slot, _detail(named, entities), positions, WHY.get(why or ""))


def _conversion(p: Position, positions: list[Position]) -> bool:
    """Whether every figure of a position is written in brackets right after another position's figure in its
    sentence: a conversion into another currency ("1,250 billion dong ($47.5 million)")."""
    return all(any(q is not p and any(e.article == ev.article and e.sentence == ev.sentence and re.search(
        rf"{re.escape(e.text)}\s*\(\s*{re.escape(ev.text)}", ev.sentence) for e in q.evidence) for q in positions)
        for ev in p.evidence)


def _a_part(claims: list[tuple[Article, Claim]], firm: set[int], inner: frozenset[int], rule, on: date | None,
            settings: CompareSettings) -> bool:
    """Whether a conflict rests on figures given for a place inside the slot's (`inner`) that are no larger
    than the others: 7 dead in Bát Xát district against 12 in Lào Cai province may be a part and its whole."""
    others = [(a, c) for a, c in claims if id(c) in firm and id(c) not in inner]
    if _disagreement(others, rule, on, settings)[0] == "conflict":
        return False
    biggest = max((p[0] for _, c in others if (p := measures.parse(c.value))), default=None)
    return biggest is not None and all((p := measures.parse(c.value)) and p[0] <= biggest
                                       for _, c in claims if id(c) in inner and id(c) in firm)


def _nested_places(by_slot: dict[str, list[tuple[Article, Claim]]], arts: list[Article]) -> frozenset[int]:
    """A figure given for a place and one given for a larger place that holds it are figures of the larger
    place ("7 người chết" ở Bát Xát, "nine killed in Lao Cai province", where the story's addresses put Bát
    Xát in Lào Cai: `measures.addresses`), when the story gives that measure in no other place inside it and
    no article gives both with two figures (a part and its whole: "20 killed in Lao Cai, 7 in Bat Xat"). The
    ids of the claims moved in: a conflict that rests on them alone is unclear (`_a_part`)."""
    moved: set[int] = set()
    by_measure: dict[str, list[str]] = {}
    for slot in by_slot:
        parts = slot.split(":", 3)
        if parts[0] == "amount" and len(parts) == 4 and parts[2] == "LOC":
            by_measure.setdefault(":".join(parts[:2]), []).append(slot)
    inside: dict[str, set[str]] | None = None
    for base, placed in by_measure.items():
        if len(placed) < 2:
            continue
        if inside is None:  # read only for a story that gives a measure in several places
            inside = {}
            for a in arts:
                for small, large in measures.addresses(a):
                    inside.setdefault(small, set()).add(large)
        place = {slot: slot[len(base) + 1:] for slot in placed}
        for outer in placed:
            inner = [s for s in placed if place[outer] in inside.get(place[s], ())]
            if len(inner) != 1 or len(inner) + 1 != len(placed):
                continue  # none inside it; or several places, which may be parts of it
            figures = {}
            for a, c in by_slot[outer] + by_slot[inner[0]]:
                figures.setdefault(a.id, set()).add(c.value)
            if any(len(values) > 1 for values in figures.values()):
                continue
            moved.update(id(c) for _, c in by_slot[inner[0]])
            by_slot[outer] = sorted(by_slot[outer] + by_slot.pop(inner[0]), key=lambda ac: ac[0].seq)
            break
    return frozenset(moved)


def _one_place(by_slot: dict[str, list[tuple[Article, Claim]]]) -> None:
    """A figure given without a place ("3 người bị thương") joins the one place where the story's other
    sources give that measure ("injuring six people in Dong Nai province"): one outlet names the place, the
    other does not. Not when the story gives the measure in several places, when an article gives it both
    with and without a place in two figures ("20 killed across the north … six in Lao Cai": a whole and its
    part; one figure in its title and its text is one), nor when
    the figure's sentence names another place ("sơ tán dân, Nghệ An (26.365 người), Hà Tĩnh …"), nor, for a
    country, a province or a district by its kind alone ("tỉnh đã thu hút hơn 5 tỷ USD vốn FDI"). A policy
    rate given without its bank joins the one bank the story's other sources give it for, alike, and a company's
    result its company, from an article that names it ("lợi nhuận sau thuế 3.480 tỷ đồng" and "… của Sữa Đồng
    Xanh")."""
    for slot in [s for s in by_slot if s.startswith("amount:") and s.count(":") == 1]:
        placed = [s for s in by_slot if s.startswith(slot + ":")]
        firm = measures.of_organisation(_measure(slot))
        bank = measures.exact(_measure(slot)) or firm
        if len(placed) != 1 or not placed[0].startswith(slot + (":ORG:" if bank else ":LOC:")):
            continue
        place = placed[0][len(slot) + 1:]
        with_place = {(a.id, c.value) for a, c in by_slot[placed[0]]}
        if any(a.id in {aid for aid, _ in with_place} and (a.id, c.value) not in with_place
               for a, c in by_slot[slot]):  # a whole and its part; the same figure again (a title) is no obstacle
            continue
        elsewhere = {a.id for a, c in by_slot[slot]  # an article whose figures name other places (banks) moves
                     if (a.id, c.value) not in with_place and (  # none, nor one about another
                         _other_banks(a, c.sentence, place) or firm and _never_named(a, place) if bank else
                         _other_places(a, c.sentence, place) or _only_elsewhere(a, place) or (
                             place in gazetteer.country_keys() and measures.of_subdivision(
                                 a.title if c.sentence < 0 else _sentence(a, c.sentence))))}
        moving = [(a, c) for a, c in by_slot[slot] if a.id not in elsewhere]
        if not moving:
            continue
        by_slot[placed[0]] = sorted(by_slot[placed[0]] + moving, key=lambda ac: ac[0].seq)  # in arrival order
        by_slot[slot] = [(a, c) for a, c in by_slot[slot] if a.id in elsewhere]
        if not by_slot[slot]:
            del by_slot[slot]


def _tranche_as_total(by_slot: dict[str, list[tuple[Article, Claim]]]) -> None:
    """A figure one source gives as a new tranche ("đầu tư thêm 4,2 tỷ USD", "$4.2 billion in new investment")
    that another source of the story gives, the same figure, as the measure itself ("pledged $4.2 billion in
    investment") is that figure: it joins its slot (tester40: four sources' $4.2 bn against one's 2.4 bn read
    as one against one). Not from an article that gives both a tranche and a total: those are two figures."""
    for slot in [s for s in by_slot if s.startswith("amount:additional-")]:
        total = "amount:" + slot[len("amount:additional-"):]
        if total not in by_slot:
            continue
        with_total = {a.id for a, _ in by_slot[total]}
        moving = [(a, c) for a, c in by_slot[slot] if a.id not in with_total and any(
            a.id != b.id and measures.one_figure(c, d) for b, d in by_slot[total])]
        if not moving:
            continue
        by_slot[total] = sorted(by_slot[total] + moving, key=lambda ac: ac[0].seq)  # in arrival order
        by_slot[slot] = [ac for ac in by_slot[slot] if ac not in moving]
        if not by_slot[slot]:
            del by_slot[slot]


def _other_banks(a: Article, sentence: int, bank: str) -> bool:
    """Whether a sentence of `a` names an organisation other than `bank` ("ECB cho biết …, giữ lãi suất tái
    cấp vốn ở mức 0%": the rate may be that one's)."""
    return any(m.sentence == sentence and m.label == "ORG" and m.entity and m.entity != bank for m in a.mentions)


def _never_named(a: Article, entity: str) -> bool:
    """Whether `a` never names `entity` (a company's result it gives without its name is its own subject's)."""
    return all(m.entity != entity for m in a.mentions)


def _only_elsewhere(a: Article, place: str) -> bool:
    """Whether `a` never names `place` but names another place below a country (its figure given without a
    place is of that place: "xã Đăk Pxi, huyện Đăk Hà, tỉnh Kon Tum" one sentence before "4 người chết")."""
    named = {m.entity for m in a.mentions if m.label == "LOC" and m.entity}
    return place not in named and bool(named - gazetteer.country_keys())


def _other_places(a: Article, sentence: int, place: str) -> set[str]:
    """The places a sentence of `a` names other than `place` and those written as parts of its address, each
    before the next with a comma or "in" (`measures.ADDRESS_LINK`: "xã Pa Ủ, huyện Mường Tè, tỉnh Lai Châu",
    "Muong Te district in Lai Chau province": the commune and the district are in the province). A river, a
    bridge, a port ("sông Gianh dâng cao, làm 12 người thiệt mạng") is none: a feature, not another area; nor
    is Vietnam, for a place in it that the article names."""
    text = a.title if sentence < 0 else a.text  # a title's mentions index the title
    locs = sorted((m for m in a.mentions if m.sentence == sentence and m.label == "LOC" and m.entity
                   and not feature_place(text, m.start, m.end)), key=lambda m: m.start)
    within: set[str] = set()
    for i, m in enumerate(locs):
        while m.entity == place and i > 0 and measures.ADDRESS_LINK.fullmatch(text[locs[i - 1].end:locs[i].start]):
            within.add(locs[i - 1].entity)
            i -= 1
    # "in northern Vietnam" holds Lào Cai, in an article that names Lào Cai ("across northern Vietnam" in one
    # that does not may count more than Lào Cai's)
    home = {gazetteer.country("VN").key} if place in gazetteer.vietnam_keys() and any(
        m.entity == place for m in a.mentions) else set()
    return {m.entity for m in locs} - {place} - within - home


def _conflicting(measure: str) -> bool:
    """Whether figures of `measure` may contradict each other: one per story (`CONFLICT_MEASURES`), a count
    of patients at one time ("hospitalised@2026-10-18T18"), or a company's result of a kind for one period
    ("net-profit@q3-2026")."""
    return measure in CONFLICT_MEASURES or measures.dated(measure) or measures.periodic(measure)


def _measure(slot: str) -> str:
    """"amount:damage:LOC:eastern asia" -> "damage"."""
    return slot.split(":")[1]


def _several(arts: list[Article], firm: set[int]) -> set[str]:
    """Amount measures for which one article itself gives firm figures over 10% apart, bounds aside (a
    trial's charges: "336 tỉ đồng" at one bank and "hơn 48 tỉ đồng" at another): in this story the measure
    counts several things, so figures of it from different sources are not set against each other."""
    out: set[str] = set()
    for a in arts:
        seen: dict[str, list[Claim]] = {}
        for c in a.claims:
            if c.kind == "amount" and id(c) in firm:
                m = _measure(c.slot)
                if any(measures.distinct(c, d) and not _place_part(c, d) for d in seen.get(m, ())):
                    out.add(m)
                seen.setdefault(m, []).append(c)
    return out


def _place_part(c: Claim, d: Claim) -> bool:
    """Whether one of two figures of a measure in one article is a place's share of the other, given without a
    place ("6 người chết tại Hà Tĩnh và Nghệ An … Tại thị xã Kỳ Anh, hai người chết": tester41)."""
    for part, whole in ((c, d), (d, c)):
        if part.subject is not None and part.subject.startswith("LOC:") and whole.subject is None:
            x, y = measures.parse(part.value), measures.parse(whole.value)
            if x is not None and y is not None and x[1] == y[1] and x[0] < y[0]:
                return True
    return False


def _unit(c: Claim) -> str:
    """The unit of an amount ("8e+09 USD" -> "USD"): amounts in different units are shown apart."""
    return c.value.partition(" ")[2] if c.kind == "amount" else ""


def _same_value(group: list[tuple[Article, Claim]], root: dict[str, str]) -> bool:
    """Whether two independent sources of a position give one figure, the same or one rounded from the other
    (25.8% and 26%, 1,250,000 and 1,200,000), not two that only fit together (12 and 13 injured)."""
    return any(root[a.id] != root[b.id] and _rounded_alike(c.value, d.value)
               for i, (a, c) in enumerate(group) for b, d in group[:i])


def _fit_apart(groups: list[list[tuple[Article, Claim]]], root: dict[str, str]) -> bool:
    """Whether independent sources give figures in one unit that fit together as positions apart ("ít nhất 53
    người" and "100 người": a bound and a figure far from it), none confirming another."""
    roots: dict[str, set[str]] = {}
    count: Counter = Counter()
    for g in groups:
        roots.setdefault(_unit(g[0][1]), set()).update(root[a.id] for a, _ in g)
        count[_unit(g[0][1])] += 1
    return any(count[unit] > 1 and len(sources) > 1 for unit, sources in roots.items())


def _rounded_alike(x: str, y: str) -> bool:
    """Whether two amount values ("26 %", "25.8 %") are one figure, one of them rounded."""
    if x == y:
        return True
    px, py = measures.parse(x), measures.parse(y)
    if px is None or py is None or px[1] != py[1] or not (math.isfinite(px[0]) and math.isfinite(py[0])):
        return False

    def step(value: float) -> float:  # the place of its last significant digit (1.9e+11: 1e10)
        place = Decimal(repr(value)).normalize().as_tuple().exponent
        return 10.0 ** place if place < 0 or value >= 1000 else 1.0  # 100 and 53 people are two counts

    return abs(px[0] - py[0]) <= max(step(px[0]), step(py[0])) / 2 + 1e-9


WHY = {"itself": "one source gives several values",  # not language data: the digest's reasons, for readers
       "close": "the sources give values that fit together but differ (an estimate and a count, an earlier "
                "figure and a later one): none confirms another",
       "apart": "the sources that differ may tell different events",
       "several": "a source gives several figures of this measure, so it counts several things here",
       "loose": "the values are not firm enough to contradict (an estimate, a forecast, a part, a figure from "
                "the background)",
       "updated": "a later report says it revises the figures (\"has risen to\", \"tăng lên\", \"cập nhật\")",
       "later": "a toll grows as it is counted: the larger figure was published on a later day than the smaller "
                "(the missing also fall as people are found), a change rather than a contradiction",
       "shown": "figures of this measure are shown side by side, never set against each other (they often "
                "count different things: each defendant's sum, each product's price, each year's exports)",
       "shares": "shares (%) are compared but never contradict: they are often of another time or base "
                 "(preliminary and final, counted by noon and at the close)",
       "part": "a figure given for a place inside another is no larger than the other's: it may be a part of it",
       "handover": "the office changed hands between the articles' days (the record or the articles say so): each "
                   "holder is judged at their own article's day"}


def _disagreement(claims: list[tuple[Article, Claim]], rule, on: date | None,
                  settings: CompareSettings) -> tuple[str | None, str | None]:
    """("conflict", None) when two articles that tell the same event give incompatible values (a rewrite
    against its source too); ("unclear", why) when one article does itself ("itself"), or when the articles
    that disagree are more likely telling different events ("apart"); (None, None) when none disagree."""
    self_contradiction = contradiction = apart = updated = later = False
    for i, (a, c) in enumerate(claims):
        for b, d in claims[:i]:
            if not rule(c, d, on):
                self_contradiction |= a.id == b.id
                if a.id != b.id:
                    same = same_event(a, b, settings.same_event, settings.same_event_across)
                    revised = same and revises((a, c), (b, d))
                    grown = same and not revised and counted_later((a, c), (b, d))
                    contradiction |= same and not revised and not grown
                    updated |= revised
                    later |= grown
                    apart |= not same
    if self_contradiction:
        return "unclear", "itself"
    if contradiction:
        return "conflict", None
    return ("unclear", "apart") if apart else ("unclear", "updated") if updated else \
        ("unclear", "later") if later else (None, None)


def counted_later(first: tuple[Article, Claim], second: tuple[Article, Claim]) -> bool:
    """Whether two figures of a toll are one count at two times: the larger published on a later day (as each
    article dates itself) and at least `_LATER_HOURS` after the smaller (for the missing, either way): the next
    morning's toll (tester41's re-check: 20 hours later) is a later count, two counts of one day contradict."""
    ordered = _in_time_order(first, second)
    if ordered is None or _measure(first[1].slot) not in _RUNNING_TOLLS:
        return False
    (earlier, early), (later, late) = ordered
    if later.published.date() <= earlier.published.date() or \
            instant(later.published) - instant(earlier.published) < timedelta(hours=_LATER_HOURS):
        return False
    x, y = measures.parse(late.value), measures.parse(early.value)
    return x is not None and y is not None and x[1] == y[1] and (x[0] > y[0] or _measure(late.slot) in _SHRINKING_TOLLS)


def _in_time_order(first: tuple[Article, Claim], second: tuple[Article, Claim]
                   ) -> tuple[tuple[Article, Claim], tuple[Article, Claim]] | None:
    """The two (article, claim) pairs, the earlier published first (the second when both are published at the
    same instant); None when either article has no date."""
    (a, _), (b, _) = first, second
    if a.published is None or b.published is None:
        return None
    return (second, first) if instant(a.published) > instant(b.published) else (first, second)


def revises(first: tuple[Article, Claim], second: tuple[Article, Claim]) -> bool:
    """Whether one of two claims' articles was published at least `_UPDATE_HOURS` after the other and says it
    revises figures, in the claim's own sentence or in its title ("the death toll has risen to 19", "Số người
    chết do bão số 6 tăng lên 19"), or gives a running total ("Four children have died so far this year"), or, dated or not, gives the other's figure itself before it says so: its
    figures are a later count, not a contradiction."""
    for (x, cx), (_, dy) in ((first, second), (second, first)):  # one that gives the other's figure itself,
        if _UPDATE.search(_sentence(x, cx.sentence)) and any(  # then says it changed ("ít nhất 17 … tăng lên 18")
                o is not cx and o.slot == cx.slot and o.value == dy.value for o in x.claims):
            return True
    ordered = _in_time_order(first, second)
    if ordered is None:
        return False
    (earlier, _), (later, claim) = ordered
    said = (_sentence(later, claim.sentence), later.title)
    return instant(later.published) - instant(earlier.published) >= timedelta(hours=_UPDATE_HOURS) and (
        any(_UPDATE.search(text) for text in said) or bool(_SO_FAR.search(said[0])))


def same_event(a: Article, b: Article, within: float = DEFAULT.same_event,
               across: float = DEFAULT.same_event_across) -> bool:
    """Whether two articles of a story tell the same event, by the probability the clusterer gave the pair when
    the later one joined (True when it compared neither with the other): at least `within` for two articles
    in one language, `across` for two in two languages, where the model's probabilities run lower at the same
    precision (`newsloom eval pairs` chooses it on the SemEval pairs)."""
    p = a.same_event.get(b.id, b.same_event.get(a.id))
    return p is None or p >= (within if a.lang == b.lang else across)


_FULL_NAME_WORDS = 3  # words of a person's name firm from one mention (a misread name is mostly one or two)


def _firm(a: Article, c: Claim, record: OfficeRecord, trusted: date | None, named: Counter,
          story_day: date | None, background_days: int) -> bool:
    """A claim precise enough to contradict another. `trusted`: the date to judge office holders at;
    `story_day`: the story's date, however found."""
    if c.kind == "role":
        office = c.slot.split(":", 1)[1]
        if record.tenures_of(office):
            # in an office the record covers, a name it has never heard of is more likely a misread name
            return not (trusted and record.holders(office, trusted) and not record.persons(c.value))
        # elsewhere (companies, clubs), a name the story's articles give only once may be a misread one, but
        # hardly a full name of three words ("Trần Thị Lan Anh", "Nguyen Van Hung")
        return named.get(c.value, 0) >= 2 or len(c.value.partition(":")[2].split("#")[0].split()) >= _FULL_NAME_WORDS
    if c.kind not in ("amount", "duration"):
        return True
    sentence = _sentence(a, c.sentence)
    if _background(a, c.sentence, story_day, background_days):
        return False
    if c.kind == "amount":
        measure = _measure(c.slot)
        if not _conflicting(measure) or (c.value.endswith("%") and not measures.firm_share(measure)) or \
                _FORECAST.search(sentence):
            return False  # (a duration is a plan by nature: its forecast is what sources compare)
        if modified(c.text) or measures.unnamed(sentence, c.text):
            return False  # "4 Vietnamese workers" may be a part of "10 workers"; "injuring 124" another's
        if measure == "capacity" and not measures.of_a_facility(sentence):
            return False  # a country's or a plan's total, beside the plant's
        if measures.exact(measure) and not _rate_read_whole(a, c, sentence):
            return False
        before, after = _around(sentence, c.text)
        if measure == "defendants" and (not _TRIAL.search(sentence) or _SOME.match(after)
                                        or after.lstrip()[:1].isupper()):
            return False  # "3 bị cáo được hưởng án treo", "31 bị cáo khác", "Hai bị cáo Nguyễn Văn A và …": some
        if _loose(before) or _AVERAGE.search(before) or (_LIST.search(before) and not _TOLL_LIST.search(before)) \
                or _PART.search(before) or \
                _PART_AFTER.match(after) or _REST.match(after) or _ONE_OF.search(before):
            return False
        if _HYPOTHETICAL.search(_clause(sentence, c.text)):
            return False
    return True


def _loose(before: str) -> bool:
    """Whether the words right before a figure make it a bound or a range's end ("hơn 100", "10 - 12"), not the
    dash of a dateline opening the text ("THANH HOA, Oct 18 - At least 112 people": the bound is read apart)."""
    if _LOOSE.search(before) is None:
        return False
    line = dateline(before)  # only where a dash or a bound ends it: a dateline is read (a place looked up) rarely
    return not (line and line.end() == len(before))


def _rate_read_whole(a: Article, c: Claim, sentence: str) -> bool:
    """Whether a policy rate's sentence was read whole: every percentage or change in points it gives has a
    measure (one left without: "The refinancing rate, which stood at 6% in early 2023, is now 4.5%" gives the
    rate 6%, the rate now too far from its words), and a change is not summed over a time ("total cuts this
    year", "since June 2023")."""
    if c.value.endswith(" pp") and _CUMULATIVE.search(_clause(sentence, c.text)):
        return False  # the figure's own clause: not ", its first cut since June 2023" (a review)
    claimed = {d.text for d in a.claims if d.kind == "amount" and d.sentence == c.sentence}
    return all(m.text in claimed for m in a.amounts if m.kind in ("percent", "points") and m.sentence == sentence)


def _clause(sentence: str, text: str) -> str:
    """The clause of a sentence that writes `text`: from the comma, semicolon or colon before it to the one
    after."""
    before, after = _around(sentence, text)
    return re.split(r"[,;:]", before)[-1] + text + re.split(r"[,;:]", after)[0]


def _around(sentence: str, text: str) -> tuple[str, str]:
    """What a sentence says before and after the first place it writes `text` (nothing if it does not)."""
    at = sentence.find(text)
    return (sentence[:at], sentence[at + len(text):]) if at >= 0 else ("", "")


def _part_of_whole(a: Article, c: Claim, claims: list[tuple[Article, Claim]]) -> bool:
    """An amount that is a part of a larger figure its own article gives in the same slot: "Fourteen
    people, including 11 children, were injured", "trong đó 2 người". Where the article gives no whole
    ("5 nạn nhân, trong đó có 1 người tử vong": the deaths), the figure is the slot's own."""
    if c.kind != "amount" or not _PART.search(_around(_sentence(a, c.sentence), c.text)[0]):
        return False
    part = measures.parse(c.value)
    return part is not None and any(
        b.id == a.id and (whole := measures.parse(d.value)) is not None and whole[1] == part[1] and whole[0] > part[0]
        for b, d in claims)


def _background(a: Article, i: int, story_day: date | None, days: int) -> bool:
    """Whether sentence i tells of another time than the story's: it opens on one ("Năm 2007, …"), names a
    day over a month before the story's ("Hôm 13/4/2011, cũng đã có 4 binh sĩ thiệt mạng"; not a date a
    first or a superlative is compared with, "its first cut since June 2023"), or goes on from such a
    sentence ("Hai hôm sau, …", "Three days later, …")."""
    sentence = _sentence(a, i)  # i = -1: the title
    if _BACKGROUND.search(sentence):
        return True
    if story_day and any(d.sentence == i and (story_day - d.day).days > days and not _since(sentence, d.text)
                         for d in a.event_dates):
        return True
    return i > 0 and bool(_THEN.search(sentence)) and _background(a, i - 1, story_day, days)


def _since(sentence: str, date_text: str) -> bool:
    """Whether a sentence compares a first or a superlative with a date ("the deadliest since April 2011")."""
    at = sentence.find(date_text)
    return at >= 0 and bool(_SINCE.search(sentence[:at]))


def _told_rule(arts: list[Article], told_on: dict[str, date | None],
               record: OfficeRecord) -> Callable[[Claim, Claim, date | None], bool]:
    """The role rule with each claim at its own article's day, and the days the story's articles say people
    took office ("duration:office-start": "took office on October 6"): a change of holder told over several
    days is no contradiction."""
    day_of = {id(c): told_on[a.id] for a in arts for c in a.claims if c.kind == "role"}
    starts: dict[str, set[date]] = {}
    for a in arts:
        for c in a.claims:
            if c.slot.startswith(_OFFICE_START) and (start := durations.full_day(c.value)) is not None:
                starts.setdefault(c.slot.removeprefix(_OFFICE_START), set()).add(start)

    def told(c: Claim, d: Claim, on: date | None) -> bool:
        return roles.compatible(c, d, on, record, (day_of.get(id(c)), day_of.get(id(d))), starts)

    return told


_OFFICE_START = "duration:office-start:"  # the slot of the day a person takes office, before their key


def _check_record(slot: str, positions: list[Position], told_on: dict[str, date | None], record: OfficeRecord,
                  root: dict[str, str]) -> list[Position]:
    """What the record says of each position, each article's claim judged at that article's day (`told_on`); a
    position whose articles the record judges differently (Yoon as minister on 5 October, and on 20 November)
    is split, so that only the article the record contradicts is against it."""
    office = slot.split(":", 1)[1]
    kind = office.rsplit("/", 1)[-1]
    out: list[Position] = []
    for p in positions:
        verdicts: dict[bool | None, tuple[Verdict | None, list[Evidence]]] = {}
        for ev in p.evidence:
            day = told_on.get(ev.article)
            verdict = record.check(office, p.value, day) if day is not None else None
            if verdict is None or verdict.ok is False and any(o.rsplit("/", 1)[-1] == kind
                                                              for o in record.offices_of(p.value, day)):
                # e.g. "Tổng thống Barack Obama" read as Vietnam's president: a misread office, not a wrong name
                verdict = None
            verdicts.setdefault(verdict.ok if verdict else None, (verdict, []))[1].append(ev)
        if None in verdicts and len(verdicts) == 2:  # an article the record cannot judge goes with the others
            _, rest = verdicts.pop(None)
            next(iter(verdicts.values()))[1].extend(rest)
        for ok, (verdict, evidence) in verdicts.items():
            part = p if len(verdicts) == 1 else replace(
                p, evidence=evidence, sources=len({root[ev.article] for ev in evidence}))
            part.record, part.fits_record = _record_note(verdict, evidence, told_on), ok
            out.append(part)
    out.sort(key=lambda p: -p.sources)
    return out


def _record_note(verdict: Verdict | None, evidence: list[Evidence], told_on: dict[str, date | None]) -> str | None:
    """What the record says of a position's claims, with the days they were judged at where its articles are of
    several days (tester40: a note read as if the whole story happened on its first day)."""
    if verdict is None or verdict.ok is None:
        return None
    days = sorted({day.isoformat() for ev in evidence if (day := told_on.get(ev.article)) is not None})
    if len(days) < 2:
        return verdict.message
    if verdict.ok:
        return f"{verdict.person} held this office on each article's day ({', '.join(days)})"
    return f"{verdict.message} (articles of {', '.join(days)})"


def _detail(c: Claim, entities: dict[str, Entity]) -> str:
    """What the slot is about, with canonical names where the claim names entities."""
    if c.kind == "meeting" and c.subject in entities:
        others = [k for k in c.slot.split(":", 1)[1].split("|") if k != c.subject]
        if len(others) == 1 and others[0] in entities:
            return f"{entities[c.subject].name} met {entities[others[0]].name}"
    if c.kind == "quote" and c.subject in entities:
        return f"{entities[c.subject].name} said"
    return c.detail or c.slot


def _label(value: str, group: list[tuple[Article, Claim]], entities: dict[str, Entity]) -> str:
    if value in entities:
        return entities[value].name
    if group[0][1].kind == "meeting":
        return "place not given" if not value else value.split(":", 1)[-1].title()
    return Counter(c.text for _, c in group if c.value == value).most_common(1)[0][0]


def _sentence(a: Article, i: int) -> str:
    if i == -1:
        return a.title
    return a.sentences[i] if 0 <= i < len(a.sentences) else ""


def event_date(articles: list[Article], record: OfficeRecord) -> tuple[date | None, str]:
    """The story's event date: the earliest publication date, else the middle of the days on which the most
    of its office-holder claims fit the record, else the date its articles name most."""
    published = [a.published for a in articles if a.published]
    if published:
        return min(_day(p) for p in published), "publication date"
    window = record.window([(c.slot.split(":", 1)[1], c.value) for a in articles for c in a.claims
                            if c.kind == "role"])
    if window is not None:
        start, end = window
        return start + (end - start) / 2, f"office holders named fit {start} to {end}"
    named = Counter(e.day for a in articles for e in a.event_dates if e.end is None or e.end - e.day < timedelta(7))
    if named:
        day, n = named.most_common(1)[0]
        return day, f"named {n} time{'s' * (n > 1)} in the text"
    return None, "unknown"


def _day(d: datetime) -> date:
    return d.date()
