"""ROLE claims: who holds which office, as an article says it.

"Tổng thư ký NATO Mark Rutte", "US Secretary of State Antony Blinken", "EU’s top diplomat Josep Borrell",
"Rutte, the NATO secretary-general," each give a claim with slot "role:<office id>" (see
`newsloom.facts.offices`) and the person's entity key as value.

The role is read from the words right before a linked PERSON mention (optionally "ông", "Mr", a comma or a
dash in between), or from an apposition right after it. It parses completely or not at all: an office word,
at most one country or organisation, and a few modifiers. A former, elect, acting or deputy holder gives
nothing. When the country or organisation is not written ("Tổng thống Biden", "Secretary of State Antony
Blinken") or the office is vague ("NATO chief", "người đồng cấp Ukraine"), the office-holder record decides:
the claim is made only if the person held exactly one office that fits (on the publication day, if several).

Organisations outside the office table (companies, clubs, agencies) have three offices, each with one holder
at a time: chief executive ("CEO", "Tổng giám đốc", "giám đốc điều hành"), chairman ("chairwoman",
"Chủ tịch HĐQT", "Chủ tịch" of an organisation) and head coach ("coach", "HLV", "huấn luyện viên"; "manager"
of a club). The organisation is a linked ORG mention inside the role ("Blue Lotus Lines chief executive
Đoàn Thị Hạnh", "Đoàn Thị Hạnh, Tổng giám đốc hãng tàu Blue Lotus Lines,"), and the slot is
"role:<its entity key>/<office>", e.g. "role:ORG:blue lotus lines/chief-executive". In an apposition the
role must fill it up to the next punctuation ("..., chief executive of Blue Lotus Lines until April," gives
nothing). A chief executive or chairman written without the organisation ("CEO Kim Jae-won", "the company's
chief executive") is given to the article's subject company only: the one organisation that opens the title
or the first sentence and is named again, when the sentence names no other organisation and the article
names no other organisation's holder of that office. Founders, and holders with a past marker ("former",
"cựu", "người tiền nhiệm", "từng là"), give nothing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache
from typing import NamedTuple

from newsloom import lang
from newsloom.entities import gazetteer
from newsloom.entities.text import alias_key, drop_possessive, is_acronym
from newsloom.entities.titles import HONORIFICS
from newsloom.facts import offices
from newsloom.facts.offices import (
    OfficeRecord,
    office_exists,
    office_name,
)
from newsloom.model import Article, Claim, Mention
from newsloom.text.folding import fold_keep_offsets

# Partial roles, resolved against the record: the office kinds each may stand for.
HEAD = "head"  # "NATO chief", "người đứng đầu"
COUNTERPART = "counterpart"  # "người đồng cấp Ukraine", "Ukrainian counterpart"
SECRETARY = "secretary"  # "Thư ký NATO", "Secretary Blinken"
# not language data: office ids of the record
_PARTIAL = {
    HEAD: {"president", "prime-minister", "chancellor", "monarch", "emperor", "secretary-general",
           "general-secretary", "commission-president", "director-general"},
    COUNTERPART: set(offices.OFFICE_TITLES),
    SECRETARY: {"secretary-general", "foreign-minister", "defence-minister"},
}
# Office words that other holders call by another title ("Thủ tướng Đức" is the German chancellor).
_SAME = {"prime-minister": {"prime-minister", "chancellor"}, "monarch": {"monarch", "emperor"},
         "foreign-minister": {"foreign-minister", "high-representative"}}
_RENAME = {("de", "prime-minister"): "chancellor", ("at", "prime-minister"): "chancellor",
           ("eu", "foreign-minister"): "high-representative", ("jp", "monarch"): "emperor"}
_EU_PRESIDENT = {"commission-president", "council-president"}


def _office_phrases(language: str) -> list[tuple[tuple[str, ...], str, str | None]]:
    """(phrase, office or partial kind, holder) of lang/LANGUAGE/office_phrases.tsv."""
    return [(tuple(phrase.split()), office, None if holder == "-" else holder)
            for phrase, office, holder in lang.rows(language, "office_phrases")]


# Office phrases, folded (no diacritics, lower case, hyphens as spaces) -> (office or partial kind, holder).
_VI_OFFICE_PHRASES = _office_phrases("vi")
_OFFICES: dict[tuple[str, ...], tuple[str, str | None]] = {
    phrase: (office, holder) for phrase, office, holder in (*_office_phrases("en"), *_VI_OFFICE_PHRASES)
}
_VI_OFFICES = {phrase for phrase, _, _ in _VI_OFFICE_PHRASES}

# Offices of organisations outside the office table, folded -> (office, whether it may be the subject
# company's without the organisation written, whether only a club has it).
_ORG_OFFICES: dict[tuple[str, ...], tuple[str, bool, bool]] = {
    tuple(phrase.split()): (office, name_needed == "no", club_only == "yes")
    for phrase, office, name_needed, club_only in lang.rows("common", "org_office_phrases")
}
_MAX_OFFICE = max(len(p) for p in [*_OFFICES, *_ORG_OFFICES])
_OFFICE_WORDS = {word for phrase in [*_OFFICES, *_ORG_OFFICES] for word in phrase}
_OFFICE_FIRST = {phrase[0] for phrase in [*_OFFICES, *_ORG_OFFICES]}

# Words for the kind of organisation, before its name ("hãng tàu Blue Lotus Lines") or standing for the
# article's subject company when no name follows ("the company's chief executive", "Tổng giám đốc hãng").
_CLASSIFIERS = {tuple(p.split()) for p in lang.words("common", "org_classifiers")}
_MEMBER = re.compile(r"\s+(?:{})\b".format("|".join(lang.words("en", "member_nouns"))), re.IGNORECASE)
_MAX_CLASSIFIER = max(len(c) for c in _CLASSIFIERS)
_CLASSIFIER_FIRST = {c[0] for c in _CLASSIFIERS}
# Words in an organisation's name that make it a club (for "manager").
_CLUB_WORDS = lang.word_set("common", "club_name_words")
# Organisation names that are no single organisation: "UBND" is any People's Committee.
_GENERIC_ORGS = lang.word_set("common", "generic_org_names")
# Words that may follow "high representative" / "đại diện cấp cao" as its portfolio.
_HR_TAIL = lang.word_set("common", "high_representative_portfolio_words")

# Words that leave the role as it is, and words that make it someone else's or not yet/no longer held.
_MODIFIERS = lang.groups("common", "role_modifiers")
_KEEP = set(_MODIFIERS["keep"])
_BLOCK = set(_MODIFIERS["block"])
# Words right before a role that put it in the past: "khi còn là Tổng giám đốc ...", "từng là ...".
_PAST_LEAD = {tuple(p.split()) for p in _MODIFIERS["past lead"]}
_MAX_MODIFIER = max(len(b.split()) for b in _BLOCK | _KEEP)
_MODIFIER_WORDS = {m.split()[0] for m in _BLOCK | _KEEP} | {"nguyen", "phu"}

# Demonyms naming a country, folded (the gazetteer's are capitalised and fewer).
_DEMONYMS = lang.table("en", "demonym_countries")
# Country names that are everyday English words in lower case ("told us"): places only with a Vietnamese
# office word ("ngoai truong my").
_LOWER_ENGLISH_WORDS = lang.word_set("en", "lowercase_country_words")
# A period after these is not a sentence end.
_ABBREVIATIONS = lang.word_set("en", "title_abbreviations")
_STOPS = set(".;:!?\"“”")
_SEPARATORS = {",", "-", "–", "—"}
# a place after one of these is where something happened, not whose office follows ("in Hai Phong chief …")
_PREPOSITION_BEFORE = re.compile(r"(?<!\w)(?:{})\s+(?:the\s+)?$".format(
    "|".join(map(re.escape, lang.groups("common", "measure_prepositions")["in"]))), re.IGNORECASE)
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:['’]\w+)*|[^\w\s]", re.UNICODE)


class _Tok(NamedTuple):  # a tuple: made for every word of a text, in a fifth of a frozen dataclass's time
    text: str
    start: int
    end: int
    norm: str  # folded, dots and possessive dropped
    bare: str  # as written, possessive dropped

    @property
    def punct(self) -> bool:
        return not self.text[0].isalnum() and self.text[0] != "_"


def _tokens(text: str) -> list[_Tok]:
    """Tokens of text; hyphens inside words are dropped, so "secretary-general" is two words."""
    out = []
    folded = fold_keep_offsets(text)  # as long as text
    for m in _TOKEN.finditer(text):
        word = m.group()
        start, end = m.span()
        if word == "-" and start > 0 and end < len(text) and not text[start - 1].isspace() \
                and not text[end].isspace():
            continue
        out.append(_Tok(word, start, end, drop_possessive(folded[start:end]).replace(".", ""), drop_possessive(word)))
    return out


def _is_stop(toks: list[_Tok], i: int) -> bool:
    """Whether token i ends a sentence."""
    tok = toks[i]
    if tok.text != ".":
        return tok.text in _STOPS
    prev = toks[i - 1] if i > 0 else None
    return not (prev is not None and prev.end == tok.start and (prev.norm in _ABBREVIATIONS or len(prev.text) == 1))


class _Doc:
    """A text tokenized once, with the clauses around a position."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.starts = [t.start for t in self.toks]
        self.stops = [i for i in range(len(self.toks)) if _is_stop(self.toks, i)]
        # tokens that start a line: a clause ends before them ("...roads.\n\nPrime Minister X")
        self.lines = [i for i in range(1, len(self.toks)) if "\n" in text[self.toks[i - 1].end:self.toks[i].start]]
        self.orgs: dict[int, _Org] = {}  # ORG mentions that may name whose office it is, by start
        self.name_ends: set[int] = set()  # where persons' names end

    def before(self, pos: int, limit: int = 60) -> list[_Tok]:
        """Tokens from the start of the clause to `pos`, periods dropped (the last sentence end cuts)."""
        i = bisect.bisect_left(self.starts, pos)
        while i > 0 and self.toks[i - 1].end > pos:
            i -= 1
        if i == 0 or "\n" in self.text[self.toks[i - 1].end:pos]:
            return []
        k = bisect.bisect_left(self.stops, i) - 1
        line = bisect.bisect_right(self.lines, i) - 1
        first = max(i - limit, self.stops[k] + 1 if k >= 0 else 0, self.lines[line] if line >= 0 else 0)
        return [t for t in self.toks[first:i] if t.text != "."]

    def after(self, pos: int, limit: int = 60) -> list[_Tok]:
        """Tokens from `pos` to the end of the sentence."""
        i = bisect.bisect_left(self.starts, pos)
        if i == len(self.toks) or "\n" in self.text[pos:self.toks[i].start]:
            return []
        k = bisect.bisect_left(self.stops, i)
        line = bisect.bisect_right(self.lines, i)
        last = min(i + limit, self.stops[k] if k < len(self.stops) else len(self.toks),
                   self.lines[line] if line < len(self.lines) else len(self.toks))
        return self.toks[i:last]


@dataclass(frozen=True)
class _Org:
    """An ORG mention that may name whose office it is."""

    start: int
    end: int
    key: str  # entity key
    text: str  # as written

    @property
    def club(self) -> bool:
        words = fold_keep_offsets(self.text).replace(".", "").split()
        return any(w in _CLUB_WORDS for w in words) or "cau lac bo" in " ".join(words)


@dataclass
class _Role:
    office: str | None  # an office word of the vocabulary, or a partial kind; None for an organisation office
    holder: str | None
    blocked: bool
    org_office: str | None = None  # chief-executive, chairman or head-coach
    org: _Org | None = None  # the organisation written in the role; None for the subject company
    kind: tuple[str, ...] = ()  # the word for its kind, without its name ("ngân hàng", "the company's"), folded


@dataclass(frozen=True)
class _Word:
    """An office phrase: its office (None if it is only an organisation's), the holder it implies, its
    organisation office, whether that may be the subject company's without the name written, whether
    only a club has it, tokens used, whether Vietnamese."""

    office: str | None
    holder: str | None
    org_office: str | None
    implicit: bool
    club_only: bool
    n: int
    vi: bool


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """First words (folded) of every country or organisation name a qualifier may be."""
    names = [*gazetteer.known_names(), *_DEMONYMS, *map(fold_keep_offsets, gazetteer.CAPITAL_METONYMY),
             *map(fold_keep_offsets, gazetteer.DEMONYMS)]
    return frozenset(name.split()[0] for name in names if name)


@lru_cache(maxsize=1)
def _longest_name() -> int:
    """Words in the longest country or organisation name a qualifier may be."""
    names = [*gazetteer.known_names(), *_DEMONYMS, *gazetteer.CAPITAL_METONYMY, *gazetteer.DEMONYMS]
    return max(len(re.findall(r"\w+", name)) for name in names)


@lru_cache(maxsize=8192)
def _holder_named(raw: str) -> str | None:
    """The holder id of a country or organisation name as written ("Mỹ", "EU", "Liên minh châu Âu")."""
    known = gazetteer.lookup(raw)
    return offices.holder_of(known.key) if known is not None else None


def _qualifier(toks: list[_Tok], k: int, stop: int) -> tuple[str, int, bool] | None:
    """(holder id, tokens used, whether it may be an English word) of a country or organisation name
    starting at k."""
    if toks[k].norm not in _first_words():
        return None
    longest = 0  # no name runs over punctuation
    while longest < min(_longest_name(), stop - k) and not toks[k + longest].punct:
        longest += 1
    for n in range(longest, 0, -1):
        span = toks[k:k + n]
        words = " ".join(t.norm for t in span)
        if words in _DEMONYMS:
            return _DEMONYMS[words], n, False
        raw = " ".join(t.bare for t in span)
        holder = _holder_named(raw)
        if holder is not None:
            return holder, n, raw in _LOWER_ENGLISH_WORDS
    return None


def _office(toks: list[_Tok], k: int, stop: int) -> _Word | None:
    """The office phrase at k, the longest one."""
    if toks[k].norm not in _OFFICE_FIRST:
        return None
    for n in range(min(_MAX_OFFICE, stop - k), 0, -1):
        phrase = tuple(t.norm for t in toks[k:k + n])
        found = _OFFICES.get(phrase)
        org = _ORG_OFFICES.get(phrase)
        if found is None and org is None:
            continue
        if found is not None and found[0] == "high-representative":
            while k + n < stop and toks[k + n].norm in _HR_TAIL:
                n += 1
            while toks[k + n - 1].norm in {"of", "the", "and", "va", "ve"}:
                n -= 1  # leave "of the EU" to the qualifier
        office, holder = found if found is not None else (None, None)
        org_office, implicit, club_only = org if org is not None else (None, False, False)
        return _Word(office, holder, org_office, implicit, club_only, n, phrase in _VI_OFFICES)
    return None


def _org_at(toks: list[_Tok], k: int, stop: int, orgs: dict[int, _Org]) -> tuple[_Org, int] | None:
    """(organisation, tokens used) of an ORG mention starting at token k, ending on a token's end (or
    before its possessive "'s")."""
    org = orgs.get(toks[k].start)
    if org is None:
        return None
    n = 0
    while k + n < stop and toks[k + n].start < org.end:
        n += 1
    last = toks[k + n - 1]
    if last.end < org.end or last.text[org.end - last.start:] not in {"", "'s", "’s"}:
        return None
    return org, n


def _classifier(toks: list[_Tok], k: int, stop: int) -> int:
    """Tokens used by a word for a kind of organisation at k ("hãng tàu", "the company's"), or 0."""
    if toks[k].norm not in _CLASSIFIER_FIRST:
        return 0
    for n in range(min(_MAX_CLASSIFIER, stop - k), 0, -1):
        if tuple(t.norm for t in toks[k:k + n]) in _CLASSIFIERS:
            return n
    return 0


def _modifier(toks: list[_Tok], k: int, stop: int) -> tuple[int, bool]:
    """(tokens used, whether it blocks the claim) of a modifier starting at k; (0, False) if none."""
    if toks[k].norm not in _MODIFIER_WORDS:
        return 0, False
    for n in range(min(_MAX_MODIFIER, stop - k), 0, -1):
        words = " ".join(t.norm for t in toks[k:k + n])
        if words in _KEEP or words in _BLOCK:
            return n, words in _BLOCK
    if toks[k].text.lower() == "nguyên" or toks[k].text == "nguyen":  # "former", not the surname Nguyễn
        return 1, True
    if toks[k].text == "Phủ":  # "Phủ Tổng thống" is the presidential office, not the president ("chính phủ" is none)
        return 1, True
    return 0, False


def _parse(toks: list[_Tok], start: int, stop: int, orgs: dict[int, _Org] | None = None) -> _Role | None:
    """The role that toks[start:stop] spell out completely, or None."""
    if start >= stop or toks[start].punct or toks[start].norm in {"of", "for", "cua", "and", "va"}:
        return None
    orgs = orgs or {}
    office: _Word | None = None
    holder: str | None = None
    org: _Org | None = None
    kind: tuple[str, ...] = ()  # "hãng", "the company's": some organisation, named or not
    blocked = word_qualifier = named_before = False  # named_before: a place named before the office
    k = start
    while k < stop:
        tok = toks[k]
        if tok.text == "(":
            if org is not None and k + 2 < stop and toks[k + 2].text == ")" and is_acronym(toks[k + 1].text):
                k += 3  # "Tổng công ty Hàng hải Việt Nam (VIMC)": the organisation's acronym
                continue
            # "Liên minh châu Âu (EU)": an acronym repeating the qualifier
            inner = _qualifier(toks, k + 1, stop) if k + 2 < stop and toks[k + 2].text == ")" else None
            if inner is None or inner[1] != 1 or holder not in (None, inner[0]):
                return None
            holder = inner[0]
            k += 3
            continue
        if tok.text in {"'", "’"} and org is not None and toks[k - 1].end == tok.start:
            k += 1  # "Blue Lotus Lines' chief executive"
            continue
        if tok.punct:
            return None
        found = _office(toks, k, stop)
        if found is not None:
            if office is not None:
                return None
            office = found
            k += found.n
            continue
        named = _org_at(toks, k, stop, orgs)
        if named is not None:
            if org is not None:
                return None
            org = named[0]
            k += named[1]
            continue
        n = _classifier(toks, k, stop)
        if n:
            kind = tuple(t.norm for t in toks[k:k + n])
            k += n
            continue
        qual = _qualifier(toks, k, stop)
        if qual is not None:
            if holder not in (None, qual[0]):
                return None
            holder = qual[0]
            word_qualifier = qual[2]
            named_before = office is None and tok.text[:1].isupper()
            k += qual[1]
            continue
        n, blocks = _modifier(toks, k, stop)
        if not n or tok.norm == "cua" and named_before:
            return None  # (and "hàng hóa Mexico của Tổng thống Trump": Trump's goods of Mexico, no office of it)
        blocked = blocked or blocks
        k += n
    if office is None:
        return None
    if org is not None or kind:  # an organisation's office, named or not
        if office.org_office is None or holder is not None:
            return None
        if org is None and not office.implicit or org is not None and office.club_only and not org.club:
            return None
        return _Role(None, None, blocked, office.org_office, org, () if org is not None else kind)
    if word_qualifier and not office.vi:
        return None  # "us" before "president" is the pronoun, "my" before "ngoai truong" is Mỹ
    implicit = office.org_office if office.implicit and holder is None else None
    if office.office is None:  # "CEO Kim Jae-won": the subject company's, if it is certain
        return _Role(None, None, blocked, implicit) if implicit is not None else None
    word, fixed = office.office, office.holder
    if fixed is not None:
        if holder not in (None, fixed):
            return None
        holder = fixed
    return _Role(word, holder, blocked, implicit)


def _resolve(role: _Role, person: str, record: OfficeRecord, day: date | None) -> str | None:
    """The office id a parsed role names for this person, or None if it is not certain."""
    if role.org is not None and role.org_office is not None:
        return offices.org_office_id(role.org.key, role.org_office)
    if role.office is None:
        return None
    if role.holder is not None and role.office not in _PARTIAL:
        office = _RENAME.get((role.holder, role.office), role.office)
        if office_exists(role.holder, office):
            return f"{role.holder}/{office}"
    if role.holder == "eu" and role.office == "president":
        kinds = _EU_PRESIDENT
    else:
        kinds = _PARTIAL.get(role.office) or _SAME.get(role.office) or {role.office}
    fits = {o for o in record.offices_of(person)
            if o.rpartition("/")[2] in kinds and role.holder in (None, o.rpartition("/")[0])}
    if len(fits) > 1 and day is not None:
        fits &= record.offices_of(person, day)
    return next(iter(fits)) if len(fits) == 1 else None


def _source(article: Article, m: Mention) -> str | None:
    """Which text a mention's offsets index: its field ("title" or "text"); None for a text mention its
    offsets do not find."""
    if m.field == "title":
        return "title"
    if article.text[m.start:m.end] == m.text:
        return "text"
    return None


@dataclass(frozen=True)
class _Name:
    """A person's name in the title or text: where it is, and its entity key."""

    where: str  # "title" or "text"
    start: int
    end: int
    entity: str
    sentence: int


def _ends(toks: list[_Tok], j: int, phrases: set[tuple[str, ...]]) -> bool:
    """Whether one of the phrases ends right before token j."""
    return any(j >= len(p) and tuple(t.norm for t in toks[j - len(p):j]) == p for p in phrases)


# Words after a holder's name or apposition that say the tenure ends: "..., retired in April".
_LEAVING = {tuple(p.split()) for p in _MODIFIERS["leaving"]}
_BEFORE_LEAVING = set(_MODIFIERS["before leaving"])
_LEAVING_LEAD = {tuple(p.split()) for p in _MODIFIERS["leaving lead"]}


def _left(doc: _Doc, start: int) -> bool:
    """Whether the words right before the name at `start` (an honorific between) say its holder left the office:
    "đơn từ nhiệm của ông Nguyễn Văn Hùng, Tổng giám đốc ngân hàng", "replaces chief executive X"."""
    toks = doc.before(start)
    j = len(toks) - 1 if toks and toks[-1].norm in HONORIFICS else len(toks)
    return _ends(toks, j, _LEAVING_LEAD)


def _leaving(doc: _Doc, pos: int) -> bool:
    """Whether the words right after `pos` (after "đã", "has", "who", "," at most) say the holder left."""
    toks = [t for t in doc.after(pos, 8) if t.text != ","]
    k = 0
    while k < len(toks) and toks[k].norm in _BEFORE_LEAVING:
        k += 1
    return any(tuple(t.norm for t in toks[k:k + len(p)]) == p for p in _LEAVING)


def _before(doc: _Doc, start: int, end: int) -> tuple[_Role, int] | None:
    """The role written before the name at start:end, and where it starts."""
    text = doc.text
    toks = doc.before(start)
    ends = [len(toks)]
    if toks and toks[-1].norm in HONORIFICS:
        ends.append(len(toks) - 1)  # "ông", "Mr"; tried second, as "Anh" may also be the UK
    for i in ends:
        comma = False
        if i and toks[i - 1].text in _SEPARATORS:
            if toks[i - 1].text == ",":
                # "Ngoại trưởng Anh, David Lammy, ..." but not "After meeting the president, Blinken said"
                rest = text[end:].lstrip(" ")
                if rest and rest[0] not in ",;.)–—-":
                    continue
                comma = True
            i -= 1
        if not any(t.norm in _OFFICE_WORDS for t in toks[max(0, i - 24):i]):
            continue  # no office word: nothing to parse
        for j in range(max(0, i - 24), i):
            if toks[j].norm not in _OFFICE_WORDS and toks[j].norm not in _MODIFIER_WORDS \
                    and toks[j].norm not in _first_words() and toks[j].start not in doc.orgs \
                    and toks[j].norm not in _CLASSIFIER_FIRST:
                continue  # a role starts with an office, a modifier, a place or an organisation
            role = _parse(toks, j, i, doc.orgs)
            if role is not None:
                if comma and j > 1 and toks[j - 1].text == "," and toks[j - 2].end in doc.name_ends:
                    return None  # "Quân, Tổng giám đốc Red River Freight, Kim ...": the role is Quân's
                if _ends(toks, j, _PAST_LEAD):
                    role.blocked = True  # "khi còn là Tổng giám đốc Blue Lotus Lines, ông Kim ..."
                start = toks[j + 1].start if toks[j].norm == "the" else toks[j].start
                return role, start
    return None


def _after(doc: _Doc, end: int, starts: set[int]) -> tuple[_Role, int] | None:
    """The role in an apposition after the name ending at `end` ("Rutte, the NATO secretary-general,") and
    where the role ends."""
    toks = doc.after(end)
    if not toks or toks[0].text not in {",", "–", "—"}:
        return None
    last = next((i for i in range(1, len(toks)) if toks[i].punct and toks[i].text not in {"(", "'", "’"}
                 and not (toks[i].text == ")" and any(t.text == "(" for t in toks[1:i]))), len(toks))
    for stop in range(last, 1, -1):
        if stop < last and (toks[stop].start in starts or toks[stop].text[:1].isupper()):
            continue  # a shorter role must not stop at a name: "Blinken, NATO Secretary General Mark Rutte"
        role = _parse(toks, 1, stop, doc.orgs)
        if role is None:
            continue
        if stop < last:
            # an organisation's office fills the apposition: "Kim, CEO of Blue Lotus Lines until April,"
            if role.office is None:
                continue
            role.org_office = None
        return role, toks[stop - 1].end
    return None


def _org_mentions(article: Article) -> dict[str, dict[int, _Org]]:
    """ORG mentions that may name whose office it is, by source and start: linked, neither a country nor an
    organisation of the office table, nor a generic name ("UBND")."""
    orgs: dict[str, dict[int, _Org]] = {"title": {}, "text": {}}
    for m in article.mentions:
        where = _source(article, m)
        if where is None or m.label != "ORG" or not m.entity or not m.entity.startswith("ORG:"):
            continue
        if offices.holder_of(m.entity) is not None or alias_key(m.text) in _GENERIC_ORGS \
                or m.entity.removeprefix("ORG:") in _GENERIC_ORGS:
            continue
        orgs[where][m.start] = _Org(m.start, m.end, m.entity, m.text)
    return orgs


def _name_end(text: str, end: int) -> int:
    """The end of a name whose mention stops before a hyphenated part: "Kim Jae" of "Kim Jae-won"."""
    more = re.match(r"-\w+", text[end:])
    return end + more.end() if more and end and text[end - 1].isalnum() else end


def _names(article: Article, orgs: dict[str, dict[int, _Org]]) -> list[_Name]:
    """Persons' names. A mention that runs an organisation and a person together ("Blue Lotus Lines Đoàn
    Thị Hạnh" after "Tổng giám đốc") is split when both are named on their own elsewhere in the article; the
    organisation is then added to `orgs`."""
    known: dict[str, _Org] = {}
    for o in (o for by_start in orgs.values() for o in by_start.values()):
        name = fold_keep_offsets(o.text)
        known.setdefault(name, o)
        words = tuple(name.split())  # "Công ty Red River Freight" is also named "Red River Freight"
        for n in range(min(_MAX_CLASSIFIER, len(words) - 1), 0, -1):
            if words[:n] in _CLASSIFIERS:
                known.setdefault(" ".join(words[n:]), o)
                break
    split_off = _Splitter(known, [m for m in article.mentions if m.entity and m.entity.startswith("PERSON:")])
    names = []
    for m in article.mentions:
        where = _source(article, m)
        if where is None or not m.entity:
            continue
        text = article.title if where == "title" else article.text
        split = split_off(m) if m.label in {"PERSON", "ORG"} else None
        if split is not None:
            org, cut, person = split
            orgs[where].pop(m.start, None)
            orgs[where][m.start + org[0]] = _Org(m.start + org[0], m.start + org[1], known[org[2]].key,
                                                 m.text[org[0]:org[1]])
            names.append(_Name(where, m.start + cut, _name_end(text, m.end), person, m.sentence))
        elif m.entity.startswith("PERSON:"):
            names.append(_Name(where, m.start, _name_end(text, m.end), m.entity, m.sentence))
    return names


class _Splitter:
    """Splits a mention that runs an organisation and a full name together, when both are named on their own
    in the article; the organisations and people are indexed once, so that a long article is not read once
    per mention."""

    def __init__(self, known: dict[str, _Org], people: list[Mention]) -> None:
        self.known = known
        self.rank = {name: i for i, name in enumerate(known)}  # the first organisation named wins
        self.entities = {p.entity for p in people}
        self.people: dict[str, set[str]] = {}  # a person's name, folded as aliases are -> entity keys
        for p in people:
            self.people.setdefault(alias_key(p.text), set()).add(p.entity)

    def __call__(self, m: Mention) -> tuple[tuple[int, int, str], int, str] | None:
        """((org start, org end, folded org name) within the mention, where the person's name starts, the
        person's entity key), or None."""
        folded = fold_keep_offsets(m.text)
        words = folded.split(" ")
        lead = 0  # "Tập đoàn Sao Việt Phạm Đức Khải" when only "Sao Việt" is named: skip the kind word
        for n in range(min(_MAX_CLASSIFIER, len(words) - 1), 0, -1):
            if tuple(words[:n]) in _CLASSIFIERS:
                lead = len(" ".join(words[:n])) + 1
                break
        for first in {0, lead}:
            # the organisations named by the mention's first words from `first`, whole words
            heads = {folded[first:i] for i, c in enumerate(folded) if c == " " and i > first}
            for name in sorted(heads & self.known.keys(), key=self.rank.__getitem__):
                if self.known[name].key == m.entity:
                    continue
                cut = first + len(name) + 1
                rest = alias_key(m.text[cut:])
                if len(rest.split()) < 2:
                    continue  # a full name only
                found = self.people.get(rest, set()) | ({f"PERSON:{rest}"} & self.entities)
                found.discard(m.entity)
                if len(found) == 1:
                    return (first, first + len(name), name), cut, found.pop()
        return None


def _subject(article: Article, orgs: dict[str, dict[int, _Org]]) -> tuple[_Org, set[tuple[str, int]]] | None:
    """The article's subject company: the one organisation that opens the title or the first sentence
    (after words such as "Hãng tàu", "Shipping company" at most) and is named at least twice; with the
    (source, sentence) it opens."""
    leads: dict[str, _Org] = {}
    where_led: set[tuple[str, int]] = set()
    for where, text in (("title", article.title), ("text", article.text)):
        mentions = sorted((m for m in article.mentions if _source(article, m) == where and m.entity),
                          key=lambda m: m.start)
        if not mentions or mentions[0].start not in orgs[where]:
            continue
        before = tuple(fold_keep_offsets(w) for w in re.findall(r"\w+", text[:mentions[0].start]))
        if before and before not in _CLASSIFIERS or _MEMBER.match(text, mentions[0].end):
            continue  # "V-League side Hoang Long Hai Phong": the league is no subject
        org = orgs[where][mentions[0].start]
        leads.setdefault(org.key, org)
        where_led.add((where, mentions[0].sentence))
    if len(leads) != 1:
        return None
    org = next(iter(leads.values()))
    named = sum(1 for m in article.mentions if m.entity == org.key)
    return (org, where_led) if named >= 2 else None


def extract(article: Article, record: OfficeRecord | None = None) -> list[Claim]:
    """Role claims of an article, one per office and person (the first place it is said)."""
    record = record or offices.bundled()
    day = article.published.date() if article.published else None
    in_title = {o.start for o in article.mentions if _source(article, o) == "title"}
    in_text = {o.start for o in article.mentions if _source(article, o) == "text"}
    orgs = _org_mentions(article)
    names = _names(article, orgs)
    docs: dict[str, _Doc] = {}
    found: list[tuple[_Name, _Role, tuple[int, int], str | None]] = []  # office id None: the subject's?
    for name in sorted(names, key=lambda n: (n.sentence, n.start)):
        if name.where not in docs:
            docs[name.where] = _Doc(article.title if name.where == "title" else article.text)
            docs[name.where].orgs = orgs[name.where]
            docs[name.where].name_ends = {n.end for n in names if n.where == name.where}
        doc = docs[name.where]
        starts = in_title if name.where == "title" else in_text
        role = _before(doc, name.start, name.end)
        span = (role[1], name.end) if role else None
        if role is None:
            role = _after(doc, name.end, starts)
            span = (name.start, role[1]) if role else None
        if role is None or span is None or role[0].blocked or _leaving(doc, span[1]) or _left(doc, span[0]):
            continue
        office_id = _resolve(role[0], name.entity, record, day)
        if office_id is not None or role[0].org_office is not None:
            found.append((name, role[0], span, office_id))
    # The subject company's offices where no organisation is written, when that is certain.
    led = _subject(article, orgs)
    subject, lead = led if led is not None else (None, set())
    others = {r.org_office for _, r, _, office_id in found
              if r.org is not None and subject is not None and r.org.key != subject.key}
    entries: list[tuple[_Name, tuple[int, int], str, str]] = []
    words = _word_string(f"{article.title} {article.text}") if found else ""
    for name, role, span, office_id in found:
        org_name = _written(role.org) if role.org is not None else None
        if (office_id is None or office_id.startswith("ORG:")) and not _named_in_full(words, name.entity):
            continue  # outside the record, a lone word ("Giải", a prize) may be a misread name
        kind_named = _kind_named_before(article, orgs, name, span[0], role.kind) if office_id is None else None
        if kind_named is not None:  # "BinhMinhBank, bà X, Tổng giám đốc ngân hàng": the bank named last
            office_id, org_name = offices.org_office_id(kind_named.key, role.org_office or ""), _written(kind_named)
        elif office_id is None:
            held = record.offices_of(name.entity)  # a person the record knows holds other offices, not the subject's
            if subject is None or role.org_office in others or held and offices.org_office_id(
                    subject.key, role.org_office or "") not in held \
                    or role.kind and not _of_kind(subject.text, role.kind) \
                    or _of_place(article, name.where, span[0]) \
                    or _other_org(article, {(name.where, name.sentence), (name.where, name.sentence - 1), *lead},
                                  subject):
                continue
            office_id, org_name = offices.org_office_id(subject.key, role.org_office or ""), _written(subject)
        if _org_named(name.entity, role.org or subject, article):
            continue  # "Tổng giám đốc Vietjet Air" taken for a person: the company itself
        entries.append((name, span, office_id, office_name(office_id, org_name)))
    claims: list[Claim] = []
    seen: set[tuple[str, str]] = set()
    for name, span, office_id, detail in entries:
        if (office_id, name.entity) in seen:
            continue
        seen.add((office_id, name.entity))
        text = docs[name.where].text
        claims.append(Claim(kind="role", slot=f"role:{office_id}", value=name.entity,
                            text=" ".join(text[span[0]:span[1]].split()), sentence=name.sentence,
                            subject=name.entity, detail=detail))
    return claims


@lru_cache(maxsize=1)
def _kind_names() -> dict[tuple[str, ...], frozenset[str]]:
    """A word for a kind of organisation -> the words that name one of that kind (none: any firm)."""
    names: dict[tuple[str, ...], set[str]] = {}
    for kind, word in lang.rows("common", "org_kind_names"):
        names.setdefault(tuple(kind.split()), set()).add(word)
    return {kind: frozenset(words) for kind, words in names.items()}


def _of_kind(name: str, kind: tuple[str, ...]) -> bool:
    """Whether an organisation's name (as written) names one of the kind the word `kind` is for: "Ngân hàng TMCP
    Bình Minh", "BinhMinhBank" for "ngân hàng"; any for a kind not in lang/common/org_kind_names.tsv ("công ty")."""
    words = _kind_names().get(kind)
    if not words:
        return True
    folded = _word_string(name)
    return any(f" {w} " in folded or " " not in w and any(
        part.endswith(w) and len(part) > len(w) + 2 for part in folded.split()) for w in words)


def _kind_named_before(article: Article, orgs: dict[str, dict[int, _Org]], name: _Name, start: int,
                       kind: tuple[str, ...]) -> _Org | None:
    """For an office written with a word for its organisation's kind and no name ("Tổng giám đốc ngân hàng", "the
    company's chief executive"), the organisation of that kind named nearest before `start`, in the holder's
    sentence or the one before; None if there is none."""
    if not kind:
        return None
    before = [m for m in article.mentions if m.start in orgs[name.where] and _source(article, m) == name.where
              and m.end <= start and name.sentence - 1 <= m.sentence <= name.sentence]
    for m in sorted(before, key=lambda m: -m.start):
        org = orgs[name.where][m.start]
        if _of_kind(org.text, kind):
            return org
    return None


def _of_place(article: Article, where: str, start: int) -> bool:
    """Whether a place is written right before the office ("Hai Phong chairman", "Hanoi's mayor"): its office,
    not the subject company's. Not a nationality ("Vingroup's Vietnamese chairman") nor the place of a
    preposition ("At the ceremony in Hai Phong chief executive …")."""
    text = article.title if where == "title" else article.text
    return any(m.label == "LOC" and _source(article, m) == where and m.text not in gazetteer.DEMONYMS
               and re.fullmatch(r"(?:['’]s)?\s*", text[m.end:start])
               and not _PREPOSITION_BEFORE.search(text, max(0, m.start - 12), m.start)
               for m in article.mentions if m.end <= start)


def _word_string(text: str) -> str:
    """The text folded to its words, one space apart and one around: " ngoai truong my blinken "."""
    return " " + " ".join(re.findall(r"\w+", fold_keep_offsets(text))) + " "


def _named_in_full(words: str, person: str) -> bool:
    """Whether `words` (an article's `_word_string`) hold the person's name, of two words or more, in full."""
    name = _word_string(person.removeprefix("PERSON:"))
    return len(name.split()) >= 2 and name in words


def _org_named(person: str, org: _Org | None, article: Article) -> bool:
    """Whether a person's name starts with a name of the organisation ("Sunjet Air" where "Sunjet" is the
    company): the company's name misread as a person's."""
    if org is None:
        return False
    name = _word_string(person.split(":", 1)[-1])
    firm = {_word_string(m.text) for m in article.mentions if m.entity == org.key} | {_word_string(org.text)}
    return any(name.startswith(written) for written in firm if written.strip())


def _written(org: _Org) -> str | None:
    """An organisation's name as written, unless it is all lower case (then from its key)."""
    return org.text if org.text != org.text.lower() else None


def _other_org(article: Article, sentences: set[tuple[str, int]], subject: _Org) -> bool:
    """Whether these (source, sentence) name an organisation other than the subject company."""
    return any(m.label == "ORG" and m.entity and m.entity != subject.key
               and (_source(article, m), m.sentence) in sentences for m in article.mentions)


def _same_name(a: str, b: str) -> bool:
    """Whether one person key's name is part of the other's: "PERSON:kim jae" and "PERSON:kim jae-won"."""
    wa, wb = (set(re.split(r"[\s-]+", k.split(":", 1)[-1])) - {""} for k in (a, b))
    return bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


def _spelled_alike(a: str, b: str) -> bool:
    """Same given name (or none) and surnames spelled nearly alike: one person transliterated two ways."""
    wa, wb = (fold_keep_offsets(k.split(":", 1)[-1]).split() for k in (a, b))
    if not wa or not wb or (len(wa) > 1 and len(wb) > 1 and wa[0] != wb[0]):
        return False
    return SequenceMatcher(None, wa[-1], wb[-1]).ratio() >= 0.7


def compatible(a: Claim, b: Claim, on: date | None, record: OfficeRecord | None = None,
               days: tuple[date | None, date | None] | None = None,
               starts: Mapping[str, Collection[date]] | None = None) -> bool:
    """Whether two role claims can both be true: same slot and the same person, or an office that may have
    several holders on that day (an office shared by design, or a hand-over day).

    `days`: the day each claim is told at (its article's; `on` where not given). Two holders told on different
    days are a change of holder, not a contradiction, when the record says each held the office on their own
    day, or the story's articles say the later one took office between the two days (`starts`: person key ->
    the days the articles say they took office, from "duration:office-start" claims)."""
    if a.slot != b.slot:
        return True  # about different offices: nothing to compare
    if a.value == b.value:
        return True
    record = record or offices.bundled()
    office_id = a.slot.removeprefix("role:")
    same = record.persons(a.value) & record.persons(b.value)
    if len(same) == 1 and len(record.persons(a.value)) == len(record.persons(b.value)) == 1:
        return True  # two spellings of one person the linker kept apart
    known_a, known_b = record.persons(a.value), record.persons(b.value)
    if not (known_a and known_b) and (_same_name(a.value, b.value) or _spelled_alike(a.value, b.value)):
        # "Kim Jae" and "Kim Jae-won", "Tayyip Erdogan" and "Recep Tayyip Erdoğan", "Macherevich" and
        # "Macierewicz": one person the linker kept apart, unless the record knows them as two people
        return True
    if not offices.single_holder(office_id):
        return True
    day_a, day_b = ((days[0] or on, days[1] or on) if days else (on, on))
    if day_a is None or day_b is None:
        return False
    if day_a == day_b:
        return len(record.holders(office_id, day_a)) > 1
    (first, d1), (then, d2) = sorted(((a, day_a), (b, day_b)), key=lambda told: told[1])
    if record.check(office_id, first.value, d1).ok and record.check(office_id, then.value, d2).ok:
        return True  # the record's holder on each day: a reshuffle told over two days
    return any(d1 <= start <= d2 for start in (starts or {}).get(then.value, ()))
