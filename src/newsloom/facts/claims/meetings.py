"""Who met whom, where: one claim per (actor, counterpart) pair of people.

    "Blinken met NATO Secretary General Mark Rutte in Brussels"
    "ông Blinken đã có cuộc gặp với Tổng thư ký NATO Jens Stoltenberg"
    "During his meetings with EU's top diplomat Josep Borrell and NATO Secretary General Mark Rutte, Blinken …"

A meeting cue ("met", "talks with", "cuộc gặp với", "hội đàm", "tiếp" …) must be followed, after nothing
but titles, honorifics and the organisations or countries they belong to, by a linked PERSON mention;
the counterparts are that mention and the ones listed after it. The actor is the person written before
the cue, else the subject of the main clause after the list ("…, Blinken reiterated"), else the person
a title or pronoun stands for ("Ngoại trưởng Mỹ", "Nhà ngoại giao hàng đầu của Mỹ", "his").

slot  = "meeting:" + the two person keys, sorted, joined by "|"
value = the place entity key when the sentence says where ("in Brussels", "tại Brussels"), else "".

The sentence helpers here (`units`, `is_person`, `display_name`) are shared by the other claim kinds.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date

from newsloom import lang
from newsloom.entities import gazetteer
from newsloom.entities.text import alias_key, clean_name, is_acronym
from newsloom.entities.titles import HONORIFICS, TITLES, role_before
from newsloom.facts._text import alternation, lower, sentence_spans
from newsloom.model import Article, Claim, Mention
from newsloom.text.folding import fold_keep_offsets

# --------------------------------------------------------------------------- shared sentence helpers


@dataclass
class Unit:
    """One sentence of the title (index -1) or of the text, with its mentions re-based onto it."""

    index: int  # index into Article.sentences, -1 for the title
    text: str
    source_start: int  # offset of `text` in the title or the text it comes from
    source: str  # the title or the text, for helpers that look outside the sentence
    mentions: list[Mention] = field(default_factory=list)  # offsets into `text`
    roles: dict[int, str | None] = field(default_factory=dict, repr=False, compare=False)  # role_before, by start

    @property
    def low(self) -> str:
        return lower(self.text)


def units(article: Article) -> list[Unit]:
    """The title's sentences (index -1), then the text's sentences with their indexes."""
    out: list[Unit] = []
    title = article.title or ""
    in_title = [m for m in article.mentions if m.field == "title"]
    for a, b in sentence_spans(title, []):
        out.append(_unit(-1, title, a, b, in_title))
    in_text = sorted((m for m in article.mentions if m not in in_title), key=lambda m: m.start)
    starts = [m.start for m in in_text]
    for i, (a, b) in enumerate(sentence_spans(article.text, article.sentences)):
        out.append(_unit(i, article.text, a, b, in_text, starts))
    return out


def _unit(index: int, source: str, a: int, b: int, mentions: list[Mention], starts: list[int] | None = None
          ) -> Unit:
    """The sentence source[a:b] with the mentions inside it; `starts`: theirs, when they come sorted by it."""
    if starts is not None:
        mentions = mentions[bisect.bisect_left(starts, a):bisect.bisect_right(starts, b)]
    inside = [Mention(m.text, m.label, m.start - a, m.end - a, m.sentence, m.entity)
              for m in mentions if a <= m.start and m.end <= b]
    return Unit(index, source[a:b], a, source, sorted(inside, key=lambda m: m.start))


_TITLE_PHRASES = {t.replace("-", " ") for t in TITLES}
_TITLE_WORDS = max(len(t.split()) for t in _TITLE_PHRASES)


def is_person(m: Mention, text: str) -> bool:
    """A linked PERSON mention that is a name, not a title the entity stage took for one
    ("Tổng thư ký", or "Tong" of "Tong thu ky" written without diacritics)."""
    if m.label != "PERSON" or not m.entity:
        return False
    name = alias_key(m.text)
    if len(name) < 2 or name in HONORIFICS or name in _TITLE_PHRASES:
        return False
    ahead = fold_keep_offsets(text[m.start:m.start + 40]).replace("-", " ").split()
    named = len(name.split())
    # a title that starts with the name and goes on in the text ahead
    return not any(" ".join(ahead[:n]) in _TITLE_PHRASES and " ".join(ahead[:n]).startswith(name + " ")
                   for n in range(named + 1, min(len(ahead), _TITLE_WORDS) + 1))


# the article whose claims are being extracted, with the spellings of each of its entities (`naming`)
_NAMING: ContextVar[tuple[Article, dict[str | None, list[str]]] | None] = ContextVar("naming", default=None)


@contextmanager
def naming(article: Article) -> Iterator[None]:
    """Within, `display_name(article, ...)` reads the article's mentions once in all, not once per call (a long
    article has thousands of claims and of mentions). Its mentions must not change meanwhile."""
    spellings: dict[str | None, list[str]] = {}
    for m in article.mentions:
        spellings.setdefault(m.entity, []).append(m.text)
    token = _NAMING.set((article, spellings))
    try:
        yield
    finally:
        _NAMING.reset(token)


def display_name(article: Article, key: str) -> str:
    """A readable name for an entity key: the gazetteer's English name, else the longest spelling used."""
    known = gazetteer.by_key().get(key)
    if known is not None:
        return known.name
    named = _NAMING.get()
    written = named[1].get(key, []) if named is not None and named[0] is article else \
        [m.text for m in article.mentions if m.entity == key]
    spellings = [clean_name(text) for text in dict.fromkeys(written)]  # the first longest is the same
    best = max(spellings, key=len) if spellings else key.split(":", 1)[-1]
    return best.title() if best.islower() else best


def words_between(text: str, a: int, b: int, skip: list[Mention]) -> list[str]:
    """Folded words of text[a:b], leaving out the words inside the `skip` mentions."""
    chars = list(text[a:b])
    for m in skip:
        for i in range(max(m.start, a), min(m.end, b)):
            chars[i - a] = " "
    words = re.findall(r"[\w'’]+", fold_keep_offsets("".join(chars)).replace("’", "'"))
    return [w for w in (re.sub(r"'s$", "", w).strip("'") for w in words) if w]


# --------------------------------------------------------------------------- meetings

_W = r"(?<!\w)(?:{})(?!\w)"
_VI_MEETING_NOUNS = lang.words("vi", "meeting_nouns")
_VI_MEETING_VERBS = lang.words("vi", "meeting_verbs")
_MEETING_CUES = lang.groups("common", "meeting_cues")
_CUES = re.compile(
    # Vietnamese noun phrases: "(có) (các|những|một) cuộc gặp (gỡ)", then the verbs, "tiếp" (receive a visitor)
    r"(?<!\w)(?:(?:{has})\s+)?(?:(?:{plural})\s+)?(?:{cuoc})\s+(?:{noun})(?!\w)|".format(
        has=alternation(("có", "đã có", "sẽ có")), plural=alternation(("các", "những", "một")),
        cuoc=alternation(("cuộc",)), noun=alternation(_VI_MEETING_NOUNS))
    + _W.format(alternation((*_VI_MEETING_VERBS, *lang.words("en", "meeting_verbs")))))
_BETWEEN = {"between", "giua"}
# Vietnamese cues written without diacritics are English words too ("gap", "tiep"): they count only
# next to a Vietnamese function word ("da gap", "gap voi", "cuoc gap").
_UNMARKED_VI_CUES = {fold_keep_offsets(w) for w in (*_VI_MEETING_NOUNS, *_VI_MEETING_VERBS)}
_VI_NEIGHBOURS = lang.word_set("vi", "meeting_cue_neighbours")
_NO_MEETING = re.compile(_W.format(alternation(lang.words("vi", "meeting_verb_compounds"))))  # "liên tiếp"

# cues that are verbs, for "Blinken and Rutte met", "ông Blinken và ông Rutte đã hội đàm"
_VERBAL = re.compile("(?:{})$".format("|".join(w if " " in w else rf"\b{w}" for w in _MEETING_CUES["verbal"])))

# Words that may stand between a cue and the counterpart's name, or between names of a list:
# titles, honorifics, possessives and the words that describe an office.
_ROLE_WORDS = {w for t in TITLES for w in t.replace("-", " ").split()} | set(HONORIFICS) | lang.word_set(
    "common", "meeting_role_words")
_LIST_JOIN = re.compile(r"^\s*(?:,|;|&|-|–|—|\(|\)|{})".format(
    "|".join(rf"\b{w}\b" for w in _MEETING_CUES["list join"])))
_CLAUSE_STOP = re.compile(_W.format(alternation(_MEETING_CUES["clause stop"])))
_HARD_STOP = re.compile(r"[;:!?\"“”«»]|\.\s")
# what may follow the last name of a list: more list, a place, a time, or the end of the clause
_AFTER_ITEM = re.compile(_W.format(alternation(_MEETING_CUES["after item"])) + r"|^[,.;:)–—(-]|^$")
_PLACE_PREP = re.compile(r"(?<!\w)(?:{})\s+(?:the\s+)?(?:(?:{})\s+)?$".format(
    "|".join(_MEETING_CUES["place preposition"]), "|".join(_MEETING_CUES["place noun"])))
_AUX = set(_MEETING_CUES["auxiliary"])
_AND = "and|và|va"  # closes a list of names


def _in_language(low: str, cue: re.Match[str]) -> bool:
    """Whether a cue is a meeting's in the sentence's language: not part of another word ("liên tiếp", in a
    row), and one written without diacritics ("gap", "tiep") only next to a Vietnamese function word."""
    if any(m.start() <= cue.start() and cue.end() <= m.end()
           for m in _NO_MEETING.finditer(low, max(0, cue.start() - 12), cue.end() + 12)):
        return False
    words = cue.group().split()
    if " ".join(words) not in _UNMARKED_VI_CUES:
        return True
    near = low[max(0, cue.start() - 20):cue.start()].split()[-2:] + low[cue.end():cue.end() + 20].split()[:1]
    return any(w in _VI_NEIGHBOURS for w in near)


def _role_gap(unit: Unit, a: int, b: int, limit: int) -> bool:
    """True if text[a:b] holds only role words, organisations and countries (at most `limit` words)."""
    skip = [m for m in unit.mentions if m.label in ("ORG", "LOC")]
    words = words_between(unit.text, a, b, skip)
    raw = re.findall(r"[\w'’.]+", unit.text[a:b])
    if len(words) > limit:
        return False
    known = {fold_keep_offsets(w).rstrip(".") for w in raw if is_acronym(w.rstrip("'’s")) or gazetteer.lookup(w) is not None}
    return all(w in _ROLE_WORDS or w in known for w in words)


def _clause_broken(unit: Unit, a: int, b: int) -> bool:
    """A clause ends in text[a:b]: hard punctuation, a clause word, or a comma not followed by a role."""
    seg, low = unit.text[a:b], unit.low[a:b]
    if _HARD_STOP.search(seg) or _CLAUSE_STOP.search(low):
        return True
    for comma in re.finditer(r",", seg):
        rest = words_between(unit.text, a + comma.end(), b, [m for m in unit.mentions if m.label != "PERSON"])
        if rest and rest[0] not in _ROLE_WORDS and not _LIST_JOIN.match(low[comma.end():]):
            head = a + comma.end() + len(seg[comma.end():]) - len(seg[comma.end():].lstrip())
            if not any(m.start == head for m in unit.mentions):
                return True
    return False


@dataclass
class _Meeting:
    cue: re.Match[str]
    subject: str | None
    counterparts: list[Mention]
    start: int  # evidence span in the unit
    end: int
    place: str = ""
    place_end: int = -1


def _counterparts(unit: Unit, cue_end: int, persons: list[Mention]) -> tuple[list[Mention], bool]:
    """The people listed after a cue, and whether the list was introduced by "between"/"giữa"."""
    after = [m for m in persons if m.start >= cue_end]
    if not after:
        return [], False
    first = after[0]
    lead = unit.text[cue_end:first.start]
    if lead[:1] in ",.;:" or lead.strip()[:1] in (",", ";", ":"):
        return [], False  # "sau cuộc gặp, ông Blinken …": the name starts a new clause
    if not _role_gap(unit, cue_end, first.start, 16) or _HARD_STOP.search(lead):
        return [], False
    between = words_between(unit.text, cue_end, first.start, [])[:1] in ([w] for w in _BETWEEN)
    items = [first]
    for m in after[1:]:
        gap = unit.text[items[-1].end:m.start]
        low_gap = unit.low[items[-1].end:m.start]
        if not _LIST_JOIN.match(low_gap) and gap.strip():
            break
        if len(gap.split()) > 30 or _clause_broken(unit, items[-1].end, m.start):
            break
        tail = unit.low[m.end:].lstrip()
        if gap.strip().startswith(",") and not re.match(r",\s*(?:và|va|and)\b", low_gap.strip()) \
                and not _AFTER_ITEM.match(tail[:20]):
            break  # ", Blinken reiterated": the subject of the main clause, not one more name
        items.append(m)
    return items, between


def _subject_before(cue_start: int, persons: list[Mention], done: list[_Meeting]) -> str | None:
    before = [m for m in persons if m.end <= cue_start]
    if not before:
        return None
    m = before[-1]
    for meeting in done:  # "A met B and then held talks with C": B is the earlier object, A still acts
        if any(c.start == m.start for c in meeting.counterparts):
            return meeting.subject
    return m.entity


def _subject_after(unit: Unit, list_end: int, persons: list[Mention]) -> Mention | None:
    """The subject of the main clause after the list: "…, [title] NAME verb"."""
    for m in persons:
        if m.start < list_end:
            continue
        seg = unit.text[list_end:m.start]
        comma = seg.rfind(",")
        if comma < 0:
            continue
        if _role_gap(unit, list_end + comma + 1, m.start, 8):
            return m
    return None


def _descriptor_subject(unit: Unit, cue_start: int, exclude: set[str],
                        persons_by_unit: list[tuple[Unit, list[Mention]]]) -> str | None:
    """Who a title, descriptor or pronoun before the cue stands for: a person named earlier who was given
    a role with the same title words, else the most mentioned person named earlier (the protagonist)."""
    prefix = " ".join(fold_keep_offsets(unit.text[:cue_start]).split())
    wanted = [t for t in _TITLE_PHRASES if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", prefix)]
    seen: Counter[str] = Counter()
    titled: list[str] = []
    for other, persons in persons_by_unit:
        if other is unit:
            break
        for m in persons:
            if m.entity in exclude:
                continue
            seen[m.entity] += 1
            if m.start not in other.roles:  # each earlier sentence is read again for each cue: once is enough
                source_mention = Mention(m.text, m.label, m.start + other.source_start, m.end + other.source_start)
                other.roles[m.start] = role_before(other.source, source_mention)
            role = other.roles[m.start]
            if role and wanted and any(t in " ".join(fold_keep_offsets(role).split()) for t in wanted):
                titled.append(m.entity)
    if titled:
        return titled[-1]
    if seen:
        return seen.most_common(1)[0][0]
    return None


def _place(unit: Unit, meeting: _Meeting, subject_end: int | None, list_end: int) -> Mention | None:
    """The LOC said to be where the meeting was: just after the list, between actor and cue, or the
    sentence's opening "In X," / "Tại X," (after a day or a short phrase: "Ngày 12/10, tại Paris,")."""
    locs = [m for m in unit.mentions if m.label == "LOC" and m.entity and _PLACE_PREP.search(unit.low[:m.start])]
    for m in locs:  # "Rutte in Brussels", "Sybiha ngày 13/11 tại Brussels": a few words after the last name
        if list_end <= m.start and len(unit.text[list_end:m.start].split()) <= 6 \
                and not _clause_broken(unit, list_end, m.start):
            return m
    cue = meeting.cue.start()
    for m in locs:
        if subject_end is not None and subject_end <= m.start and m.end <= cue:
            return m
    opening = re.match(r"\s*(?:(?:[^\s,]+\s+){0,3}[^\s,]+,\s*)?(?:in|at|tại|ở|tai)\s+", unit.low)  # "Ngày 12/10, tại X,"
    for m in locs:
        if opening and m.start == opening.end() and m.end <= cue:
            return m
    return None


def _group_before(unit: Unit, cue_start: int, persons: list[Mention]) -> list[Mention]:
    """ "Blinken and Rutte met", "Blinken, Rutte and Borrell met", "ông Blinken và ông Rutte đã hội đàm":
    the names joined before a meeting verb (only auxiliaries between the last one and the verb)."""
    before = [m for m in persons if m.end <= cue_start]
    if len(before) < 2 or not all(w in _AUX for w in words_between(unit.text, before[-1].end, cue_start, [])):
        return []
    group = [before[-1]]
    for m in reversed(before[:-1]):
        join = unit.low[m.end:group[0].start]
        joined = re.match(rf"\s*(?:,\s*(?:(?:{_AND})\s+)?|(?:{_AND})\s+)", join)
        if not joined or not _role_gap(unit, m.end + joined.end(), group[0].start, 6):
            break
        group.insert(0, m)
    if len(group) < 2 or not re.match(rf"\s*(?:,\s*)?(?:{_AND})\b", unit.low[group[-2].end:group[-1].start]):
        return []  # a list closes with "and": "Blinken, Rutte met" is not a group
    return group


def _meetings_in(article: Article, unit: Unit, persons: list[Mention],
                 persons_by_unit: list[tuple[Unit, list[Mention]]]) -> list[_Meeting]:
    found: list[_Meeting] = []
    for cue in _CUES.finditer(unit.low):
        if not _in_language(unit.low, cue):
            continue
        items, between = _counterparts(unit, cue.end(), persons)
        subject: str | None = None
        start, end = cue.start(), items[-1].end if items else cue.end()
        subject_end: int | None = None
        if between and len(items) >= 2:
            subject, items = items[0].entity, items[1:]
        elif items:
            subject = _subject_before(cue.start(), persons, found)
            if subject is not None:
                mention = [m for m in persons if m.end <= cue.start()][-1]
                subject_end = mention.end
                if mention.entity == subject:  # not inherited from an earlier meeting of the sentence
                    start = mention.start
            else:
                after = _subject_after(unit, items[-1].end, persons)
                if after is not None:
                    subject = after.entity
                else:
                    exclude = {m.entity for m in items}
                    subject = _descriptor_subject(unit, cue.start(), exclude, persons_by_unit)
        elif _VERBAL.search(fold_keep_offsets(cue.group())):
            group = _group_before(unit, cue.start(), persons)
            if not group:
                continue
            subject, items, start, end = group[0].entity, group[1:], group[0].start, cue.end()
        if subject is None or not items:
            continue
        meeting = _Meeting(cue, subject, [m for m in items if m.entity != subject], start, end)
        place = _place(unit, meeting, subject_end, items[-1].end)
        if place is not None:
            meeting.place, meeting.place_end = place.entity or "", place.end
        found.append(meeting)
    return found


def extract(article: Article) -> list[Claim]:
    """One claim per pair of people said to have met, with the place when the sentence gives it."""
    all_units = units(article)
    persons_by_unit = [(u, [m for m in u.mentions if is_person(m, u.text)]) for u in all_units]
    claims: list[Claim] = []
    for unit, persons in persons_by_unit:
        for meeting in _meetings_in(article, unit, persons, persons_by_unit):
            for other in meeting.counterparts:
                pair = sorted([meeting.subject, other.entity])
                # the evidence runs from the actor or cue to this counterpart (to the place if it follows)
                end = other.end if other.start >= meeting.cue.end() else meeting.end
                if meeting.place_end > end and meeting.place_end - end < 80:
                    end = meeting.place_end
                claims.append(Claim(
                    kind="meeting", slot="meeting:" + "|".join(pair), value=meeting.place,
                    text=unit.text[meeting.start:end].strip(" ,"), sentence=unit.index, subject=meeting.subject,
                    detail=f"{display_name(article, meeting.subject)} met {display_name(article, other.entity)}"))
    return _dedupe(claims)


def _dedupe(claims: list[Claim]) -> list[Claim]:
    """One claim per (slot, value); a claim without a place is dropped when the article gives one."""
    placed = {c.slot for c in claims if c.value}
    seen: set[tuple[str, str]] = set()
    out: list[Claim] = []
    for c in claims:
        if (c.slot, c.value) in seen or (not c.value and c.slot in placed):
            continue
        seen.add((c.slot, c.value))
        out.append(c)
    return out


def compatible(a: Claim, b: Claim, on: date | None = None) -> bool:
    """Two reports of the same meeting disagree only if both say where and the places differ."""
    return not a.value or not b.value or a.value == b.value
