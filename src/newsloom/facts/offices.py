"""Who held which office when: a small dated table of widely reported office holders.

Office ids are language-independent, "<holder>/<office>": the holder is an ISO 3166 alpha-2 code in lower
case for a country ("us", "ua") or a short organisation id ("nato", "eu", "un"); the office comes from
`OFFICE_TITLES`. The bundled table `offices.csv` (columns office_id, person, aliases, start, end) can be
extended or corrected by a user CSV with the same columns.

Organisations outside `ORGANISATIONS` (companies, clubs, agencies) are written by their entity key, with an
office from `ORG_OFFICE_TITLES`: "ORG:blue lotus lines/chief-executive". The bundled table lists none of
them, but a user CSV may ("ORG:blue lotus lines/chief-executive,Đoàn Thị Hạnh,,2025-04-01,").

A tenure's `end` is the day the holder left office: on a hand-over day both the outgoing and the incoming
holder are listed, since news written that day may name either.
"""

from __future__ import annotations

import csv
import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import babel

from newsloom import lang
from newsloom.entities.text import alias_key

COLUMNS = ("office_id", "person", "aliases", "start", "end")

# Office words and how they read in English.
# not language data: the office ids of the record, each with the name it is displayed by
OFFICE_TITLES: dict[str, str] = {
    "president": "President",
    "vice-president": "Vice President",
    "prime-minister": "Prime Minister",
    "chancellor": "Chancellor",
    "foreign-minister": "Foreign Minister",
    "defence-minister": "Defence Minister",
    "secretary-general": "Secretary General",
    "director-general": "Director-General",
    "general-secretary": "Communist Party General Secretary",
    "high-representative": "High Representative for Foreign Affairs and Security Policy",
    "commission-president": "Commission President",
    "council-president": "Council President",
    "monarch": "Monarch",
    "emperor": "Emperor",
    "deputy-prime-minister": "Deputy Prime Minister",
}

# Offices that several people hold at once (e.g. the several deputy prime ministers of a government).
SEVERAL_HOLDERS = frozenset({"deputy-prime-minister"})

# Offices of any organisation, held by one person at a time (founders are not an office).
CHIEF_EXECUTIVE, CHAIRMAN, HEAD_COACH = "chief-executive", "chairman", "head-coach"
ORG_OFFICE_TITLES: dict[str, str] = {CHIEF_EXECUTIVE: "Chief Executive", CHAIRMAN: "Chairman",
                                     HEAD_COACH: "Head Coach"}
ORG_PREFIX = "ORG:"

# Organisations by short id: display name, gazetteer entity key, and the offices they have.
# not language data: the holder ids and office ids of the record
ORGANISATIONS: dict[str, tuple[str, str, frozenset[str]]] = {
    "nato": ("NATO", "ORG:nato", frozenset({"secretary-general"})),
    "un": ("UN", "ORG:united nations", frozenset({"secretary-general"})),
    "eu": ("EU", "ORG:european union",
           frozenset({"high-representative", "commission-president", "council-president"})),
    "osce": ("OSCE", "ORG:osce", frozenset({"secretary-general"})),
    "asean": ("ASEAN", "ORG:asean", frozenset({"secretary-general"})),
    "who": ("WHO", "ORG:world health organization", frozenset({"director-general"})),
}
# not language data: office ids of the record
COUNTRY_OFFICES = frozenset({"president", "vice-president", "prime-minister", "chancellor", "foreign-minister",
                             "defence-minister", "general-secretary", "monarch", "emperor",
                             "deputy-prime-minister"})

# Full names that read better than the generic "<title> of <country>".
# not language data: office ids of the record and the names they are displayed by
_NAMES = {
    "us/foreign-minister": "US Secretary of State",
    "us/defence-minister": "US Secretary of Defense",
    "gb/foreign-minister": "UK Foreign Secretary",
    "gb/defence-minister": "UK Defence Secretary",
    "gb/monarch": "British Monarch",
    "in/foreign-minister": "Indian Minister of External Affairs",
    "cn/prime-minister": "Premier of China",
    "eu/high-representative": "EU High Representative for Foreign Affairs and Security Policy",
    "eu/commission-president": "President of the European Commission",
    "eu/council-president": "President of the European Council",
    "un/secretary-general": "UN Secretary-General",
    "vn/general-secretary": "General Secretary of the Communist Party of Vietnam",
    "cn/general-secretary": "General Secretary of the Chinese Communist Party",
}
_SHORT_COUNTRY = {"us": "US", "gb": "UK"}  # written before the title: "US President"
_THE = lang.word_set("en", "country_names_with_the")  # "Prime Minister of the Netherlands"

# not language data: regnal numbers, left out of a name ("Charles III")
_ROMAN = {"i", "ii", "iii", "iv", "v", "vi"}

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """lowercase alpha-2 code -> English CLDR name."""
    return {code.lower(): name for code, name in babel.Locale("en").territories.items()
            if len(code) == 2 and code.isalpha()}


@lru_cache(maxsize=1)
def _holder_of_key() -> dict[str, str]:
    """Gazetteer entity key -> holder id ("LOC:ukraine" -> "ua", "ORG:nato" -> "nato")."""
    table = {"LOC:" + alias_key(name): code for code, name in _countries().items()}
    table.update({key: org for org, (_, key, _) in ORGANISATIONS.items()})
    return table


def holder_of(entity_key: str) -> str | None:
    """The holder id of a country or organisation entity key, or None."""
    return _holder_of_key().get(entity_key)


def _org_display(key: str) -> str:
    """A readable name from an organisation's entity key: "ORG:blue lotus lines" -> "Blue Lotus Lines"."""
    return " ".join(w.capitalize() for w in key.removeprefix(ORG_PREFIX).split())


def org_office_id(org_key: str, office: str) -> str:
    """The office id of an office of an organisation outside the table: "ORG:blue lotus lines/chairman"."""
    return f"{org_key}/{office}"


def office_exists(holder: str, office: str) -> bool:
    """Whether the vocabulary gives this holder this office (NATO has no president, Ukraine no high rep)."""
    if holder in ORGANISATIONS:
        return office in ORGANISATIONS[holder][2]
    if holder.startswith(ORG_PREFIX):
        return len(holder) > len(ORG_PREFIX) and office in ORG_OFFICE_TITLES
    return holder in _countries() and office in COUNTRY_OFFICES


def office_name(office_id: str, org_name: str | None = None) -> str:
    """Readable English name of an office: "NATO Secretary General", "Foreign Minister of Ukraine",
    "Chief Executive of Blue Lotus Lines" (with the organisation's name as written, if given)."""
    if office_id in _NAMES:
        return _NAMES[office_id]
    holder, _, office = office_id.rpartition("/")
    if holder.startswith(ORG_PREFIX):
        title = ORG_OFFICE_TITLES.get(office, office.replace("-", " ").title())
        return f"{title} of {org_name or _org_display(holder)}"
    title = OFFICE_TITLES.get(office, office.replace("-", " ").title())
    if holder in ORGANISATIONS or holder in _SHORT_COUNTRY:
        return f"{ORGANISATIONS[holder][0] if holder in ORGANISATIONS else _SHORT_COUNTRY[holder]} {title}"
    country = _countries().get(holder)
    if country is None:
        return f"{holder.upper()} {title}"
    return f"{title} of {'the ' if country in _THE else ''}{country}"


def single_holder(office_id: str) -> bool:
    """True if the office has one holder at a time (hand-over days aside)."""
    return office_id.rpartition("/")[2] not in SEVERAL_HOLDERS


@dataclass(frozen=True)
class Tenure:
    office_id: str
    person: str  # canonical display name
    aliases: tuple[str, ...]
    start: date
    end: date | None  # the day the holder left office; None while in office

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Verdict:
    """What the record says about a person holding an office on a day."""

    status: Literal["held", "not-held", "unknown"]
    message: str
    person: str | None = None  # the record's name for the person, when matched
    holders: tuple[str, ...] = ()  # who held the office that day, per the record

    @property
    def ok(self) -> bool | None:
        """True if the person held the office that day, False if not, None if the record cannot tell."""
        return {"held": True, "not-held": False}.get(self.status)

    @property
    def known(self) -> bool:
        """Whether the record can tell (the same as `ok is not None`)."""
        return self.status != "unknown"

    @property
    def holds(self) -> bool | None:
        """The same as `ok`."""
        return self.ok


def _date(text: str) -> date | None:
    """A day written YYYY-MM-DD, or None."""
    try:
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:  # 2026-13-45
        return None


def _row(row: dict[str, str | None]) -> Tenure | str:
    """A row's tenure, or what is wrong with it, in words a user can act on."""
    office_id, person, start, end = ((row.get(c) or "").strip() for c in ("office_id", "person", "start", "end"))
    if not office_id or not person:
        return "office_id and person must not be empty"
    began = _date(start)
    if began is None:
        return f"start must be YYYY-MM-DD, got {start!r}"
    ended = _date(end) if end else None
    if end and ended is None:
        return f"end must be YYYY-MM-DD or empty (in office), got {end!r}"
    if ended is not None and ended < began:
        return f"end {end} is before start {start}"
    aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
    return Tenure(office_id, person, aliases, began, ended)


def _read(rows: Iterable[dict[str, str | None]], origin: str, strict: bool = True) -> list[Tenure]:
    """The tenures of a table's rows. A bad row raises ValueError naming its line (`strict`: the bundled table),
    or is left out with a warning line of its own (a user's table: every bad row at once, the good ones kept)."""
    tenures = []
    for n, row in enumerate(rows, start=2):
        read = _row(row)
        if isinstance(read, Tenure):
            tenures.append(read)
        elif strict:
            raise ValueError(f"{origin}, line {n}: {read}")
        else:
            log.warning("%s, line %d: %s; the row is left out", origin, n, read)
    return tenures


def _read_csv(path: Path | str, text: str | None = None, strict: bool = True) -> list[Tenure]:
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as err:
            raise ValueError(f"{path}: not a CSV text file (not UTF-8: {err.reason} at byte {err.start})") from err
    reader = csv.DictReader(text.splitlines())
    missing = set(COLUMNS) - set(reader.fieldnames or [])
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    return _read(reader, str(path), strict)


def _names(tenure: Tenure) -> set[str]:
    return {alias_key(n) for n in (tenure.person, *tenure.aliases)}


@dataclass
class OfficeRecord:
    """The dated office-holder table, with look-ups by office, day and person."""

    tenures: list[Tenure] = field(default_factory=list)

    @classmethod
    def load(cls, extra: Path | None = None) -> OfficeRecord:
        """The bundled table, plus a user CSV whose rows replace the bundled rows of the same office and
        person (so a user lists every tenure of that person in that office) and add the others. Of an office
        with one holder at a time, the user's rows are the record on the days they cover: a bundled tenure
        ends where a user's row starts, and goes on where it ends (`_outside`)."""
        bundled = resources.files("newsloom.facts").joinpath("offices.csv").read_text(encoding="utf-8")
        tenures = _read_csv("offices.csv", bundled)
        if extra is not None:
            user = _read_csv(extra, strict=False)
            for office_id in sorted({t.office_id for t in user}):
                holder, _, office = office_id.rpartition("/")
                if office_id not in _NAMES and not office_exists(holder, office):
                    log.warning("%s: newsloom reads no office %r in text, so its rows are never checked; an "
                                "office is COUNTRY/OFFICE (%s), one of a bundled organisation's, or ORG:ENTITY "
                                "KEY/OFFICE (%s)", extra, office_id, ", ".join(sorted(COUNTRY_OFFICES)),
                                ", ".join(sorted(ORG_OFFICE_TITLES)))
            replaced = {(t.office_id, alias_key(t.person)) for t in user}
            tenures = [part for t in tenures if (t.office_id, alias_key(t.person)) not in replaced
                       for part in _outside(t, user)] + user
        return cls(sorted(tenures, key=lambda t: (t.office_id, t.start)))

    # -- look-ups ---------------------------------------------------------------------------------

    def offices(self) -> set[str]:
        return {t.office_id for t in self.tenures}

    def tenures_of(self, office_id: str) -> list[Tenure]:
        return [t for t in self.tenures if t.office_id == office_id]

    def holders(self, office_id: str, day: date) -> list[str]:
        """Who held the office on `day` (two people on a hand-over day), in order of taking office."""
        return list(dict.fromkeys(t.person for t in self.tenures_of(office_id) if t.covers(day)))

    @cached_property
    def _by_name(self) -> dict[str, set[str]]:
        """Folded full name or alias -> record names."""
        index: dict[str, set[str]] = {}
        for t in self.tenures:
            for name in _names(t):
                index.setdefault(name, set()).add(t.person)
        return index

    @cached_property
    def _by_last_name(self) -> dict[str, set[tuple[str, str]]]:
        """Folded last name (of the canonical name) -> (record name, folded given names)."""
        index: dict[str, set[tuple[str, str]]] = {}
        for t in self.tenures:
            words = [w for w in alias_key(t.person).split() if w not in _ROMAN]
            if words:
                index.setdefault(words[-1], set()).add((t.person, " ".join(words[:-1])))
        return index

    def persons(self, name_or_key: str) -> set[str]:
        """Record names of the people a name or entity key ("PERSON:blinken", "Tony Blinken") may be.

        A full name or alias matches exactly (accents and case aside); else the last name, with a given
        name, if one is written, spelled nearly the same ("Anthony" for "Antony").
        """
        name = alias_key(name_or_key.split(":", 1)[1] if name_or_key.startswith("PERSON:") else name_or_key)
        if not name:
            return set()
        if name in self._by_name:
            return set(self._by_name[name])
        words = name.split()
        given = " ".join(words[:-1])
        return {person for person, theirs in self._by_last_name.get(words[-1], set())
                if not given or SequenceMatcher(None, theirs, given).ratio() >= 0.8}

    def offices_of(self, name_or_key: str, day: date | None = None) -> set[str]:
        """The offices a person held (on `day`, if given)."""
        people = self.persons(name_or_key)
        return {t.office_id for t in self.tenures if t.person in people and (day is None or t.covers(day))}

    def check(self, office_id: str, person: str, day: date) -> Verdict:
        """Whether `person` (name or entity key) held `office_id` on `day`, with a readable reason."""
        tenures = self.tenures_of(office_id)
        if not tenures:
            return Verdict("unknown", f"The office record has no {office_name(office_id)}")
        holders = tuple(self.holders(office_id, day))
        held_by = f"{_join(holders)} held it on {day}" if holders else f"no holder is recorded for {day}"
        people = self.persons(person)
        if not people:
            return Verdict("unknown", f"{_bare(person)} is not in the office record; {held_by}", None, holders)
        mine = [t for t in tenures if t.person in people]
        if not mine:
            name = _join(sorted(people))
            if not holders:
                return Verdict("unknown", f"{name} is not recorded as {office_name(office_id)}; {held_by}",
                               name, holders)
            return Verdict("not-held", f"{name} did not hold this office; {held_by}", name, holders)
        on_day = [t for t in mine if t.covers(day)]
        if on_day:
            return Verdict("held", f"{on_day[0].person} held this office on {day}", on_day[0].person, holders)
        if not holders:  # the record does not reach that day (Netanyahu's first term, 1996-99, before it starts)
            name = _join(sorted(people))
            return Verdict("unknown", f"{name} is not recorded as {office_name(office_id)} on {day}; {held_by}",
                           name, holders)
        before = [t for t in mine if t.end is not None and t.end < day]
        if before:
            last = max(before, key=lambda t: t.end or t.start)
            reason = f"{last.person} left office on {last.end}"
        else:
            first = min(mine, key=lambda t: t.start)
            last = first
            reason = f"{first.person} took office on {first.start}"
        return Verdict("not-held", f"{reason}; {held_by}", last.person, holders)

    def window(self, claims: Iterable[tuple[str, str]], today: date | None = None) -> tuple[date, date] | None:
        """The days on which the most (office id, person) claims fit the record, as (first, last) day.

        Each claim counts once, so an office named by more sources weighs more. A hand-over day counts for
        the incoming holder only, and a current holder's tenure up to `today`. None if no claim fits on any
        day, or if the best count is reached in separate stretches of time ("President Trump" alone fits 2017-2021 and 2025 on): the record cannot tell which.
        """
        today = today or date.today()
        events: list[tuple[date, int]] = []  # (day, change in the count of fitting claims from that day)
        for (office_id, person), weight in Counter(claims).items():
            people = self.persons(person)
            tenures = self.tenures_of(office_id)
            starts = {t.start for t in tenures}
            for t in tenures:
                if t.person not in people:
                    continue
                last = t.end or max(today, t.start)
                if t.end in starts and t.end > t.start:
                    last -= timedelta(days=1)  # the successor's first day
                events += [(t.start, weight), (last + timedelta(days=1), -weight)]
        events.sort()
        best, stretches, count = 0, [], 0
        for i, (day, step) in enumerate(events):
            count += step
            if i + 1 == len(events) or events[i + 1][0] == day:
                continue  # apply every change of a day first; nothing fits after the last event
            last = events[i + 1][0] - timedelta(days=1)
            if count > best:
                best, stretches = count, []
            if count == best and count > 0:
                if stretches and stretches[-1][1] + timedelta(days=1) == day:
                    stretches[-1] = (stretches[-1][0], last)
                else:
                    stretches.append((day, last))
        return stretches[0] if len(stretches) == 1 else None

    # -- consistency -------------------------------------------------------------------------------

    def problems(self) -> list[str]:
        """What is wrong with the table: unknown offices, end before start, overlapping single holders."""
        found = []
        for t in self.tenures:
            holder, _, office = t.office_id.rpartition("/")
            if not office_exists(holder, office):
                found.append(f"{t.office_id}: unknown office")
            if t.end is not None and t.end <= t.start:
                found.append(f"{t.office_id} {t.person}: ends {t.end}, not after it starts {t.start}")
            if not t.person:
                found.append(f"{t.office_id}: a row without a person")
        for office_id in sorted(self.offices()):
            if not single_holder(office_id):
                continue
            ordered = sorted(self.tenures_of(office_id), key=lambda t: t.start)
            for prev, cur in zip(ordered, ordered[1:], strict=False):
                # the next holder may start on the day the previous one left, not before
                if prev.end is None or cur.start < prev.end:
                    found.append(f"{office_id}: {prev.person} ({prev.start} to {prev.end or 'now'}) overlaps "
                                 f"{cur.person} (from {cur.start})")
        return found


def _outside(tenure: Tenure, user: list[Tenure]) -> list[Tenure]:
    """The parts of a bundled tenure outside the days a user's rows of its office cover, for an office with one
    holder at a time: the bundled open-ended holder of 2025 ends where the user's holder of 2026 starts (tester40:
    the record had two foreign ministers at once). A part keeps its hand-over day with the user's holder."""
    if not single_holder(tenure.office_id):
        return [tenure]  # several holders at once: the user's rows add holders
    parts = [tenure]
    for row in (t for t in user if t.office_id == tenure.office_id):
        cut = []
        for part in parts:
            if row.end is not None and row.end <= part.start or part.end is not None and part.end <= row.start:
                cut.append(part)  # apart, or meeting on a hand-over day
                continue
            if part.start < row.start:
                cut.append(replace(part, end=row.start))
            if row.end is not None and (part.end is None or part.end > row.end):
                cut.append(replace(part, start=row.end))
        parts = cut
    return parts


def _join(names: Iterable[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _bare(name_or_key: str) -> str:
    return name_or_key.split(":", 1)[1] if name_or_key.startswith("PERSON:") else name_or_key


@lru_cache(maxsize=1)
def bundled() -> OfficeRecord:
    """The bundled record, loaded once."""
    return OfficeRecord.load()
