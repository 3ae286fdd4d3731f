"""Direct quotes and who said them, in English and Vietnamese (other languages by their speech verbs, from
their folder lang/CODE/, read in their articles only).

1. Quoted spans: “…”, „…“, «…», ‘…’ (an apostrophe inside a word does not close it) and "…" paired in
   order within a paragraph. A span inside another span is part of it, not a quote of its own.
2. Attribution: a speech cue next to the quote. Before it: `SPEAKER [cũng|also …] VERB [rằng|that]
   [:] “…”` or `Theo ông X, “…”`; after it: `“…,” SPEAKER VERB` / `“…,” VERB SPEAKER` /
   `“…”, theo ông X`; or `X: “…”`, or `X PREDICATE: “…”` when X opens the clause as its subject (`HLV X thì hài
   lòng: “…”`; not `Chúng tôi đã gặp ông X: “…”`, where X is an object).
3. Speaker: the PERSON (else ORG) mention next to the cue; else a title or pronoun ("ông", "bà",
   "Ngoại trưởng Mỹ", "the minister", "he") resolved to the nearest preceding PERSON mention,
   preferring one that was given the same title or honorific (a pronoun: the subject of the sentence before,
   over a person of its gender named further back who did not speak there); else a capitalised name.
   With no mentions at all, capitalised names after titles/honorifics stand in for them.
Scare quotes: a quoted span of at most three words is a quote only if a speech cue stands right
before it (`gọi đó là “cơ hội tuyệt vời”`, `said "no"`) or an attribution follows it at once
(`"No," he said`); otherwise it is a label (`chỉ trích liên minh là "gánh nặng tài chính"`).
A span right after "tội" or "vụ án" names an offence or a case (`khởi tố vụ án “Buôn lậu”`), as does one
joined to it by "và"; "theo Điều 124" (under article 124) attributes nothing.
A longer span with no cue is kept (speaker unknown) only when it reads as a full sentence, or
continues the quote of the previous sentence, whose speaker it then takes.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache, cached_property

from newsloom import lang
from newsloom.entities import gazetteer
from newsloom.entities.titles import title_start
from newsloom.facts._text import (
    alternation,
    evidence,
    lower,
    search_fold_cached,
    sentence_spans,
    speaks_for,
    spoken_for,
)
from newsloom.model import Article, Mention, Quote

_QUOTE_CHARS = 6000  # a statement quoted whole may run to a few thousand characters (within its paragraph)
_PAIRS = re.compile(
    rf"“(?P<a>[^“”\n]{{1,{_QUOTE_CHARS}}})”"
    rf"|„(?P<b>[^„“”\n]{{1,{_QUOTE_CHARS}}})[“”]"
    rf"|«(?P<c>[^«»\n]{{1,{_QUOTE_CHARS}}})»"
    rf"|(?<!\w)‘(?P<d>(?:[^‘’\n]|’(?=\w)){{1,{_QUOTE_CHARS}}})’(?!\w)"
    rf'|(?<![\w"])"(?P<e>[^"\n]{{1,{_QUOTE_CHARS}}})"(?![\w"])'
)

# English's and Vietnamese's cues are read in every article; another language's (lang/CODE/) in its own: `_cues`
_EN_VERBS = lang.words("en", "quote_speech_verbs")
_VI_VERBS = lang.words("vi", "quote_speech_verbs")
_PREPS = (*lang.words("en", "quote_according"), *lang.words("vi", "quote_according"))
_CONNECT = lang.words("common", "quote_connectives")
_ADVERBS = lang.words("common", "quote_adverbs")
_PRONOUNS = {word: gender.strip("-") for word, gender in lang.table("common", "quote_pronouns").items()}  # "-": either
_SUBJECTLESS = lang.word_set("common", "quote_subjectless_languages")
# French puts the pronoun after the verb: "a-t-il déclaré", "déclare-t-elle", "dit-il" (not language data: the
# grammar's form, its pronouns from the table)
_INVERTED = re.compile(r"(?<!\w)(\w+)(?:-t)?-({})(?!\w)".format("|".join(lang.table("fr", "quote_pronouns"))))
_HONORIFICS = lang.table("common", "quote_honorifics")
_MIDDLE_GENDER = {search_fold_cached(w): g for w, g in lang.table("vi", "gendered_middle_names").items()}
_SURNAMES = frozenset(map(search_fold_cached, lang.words("vi", "surnames")))
_TITLES = lang.words("common", "quote_titles")
# countries and bodies that qualify a title: "Ngoại trưởng Mỹ", "US Secretary of State"
_QUALIFIERS = lang.words("common", "quote_title_qualifiers")

_W = r"(?<!\w)(?:{})(?!\w)"
_INSIDE_APPOSITION = re.compile(r"\s*,[^,;:!?“”\"«»()\n]{1,120}$")
_APPOSITION_AHEAD = re.compile(r"(?:\s*,[^,;:!?“”\"«»()\n]{1,120},)?\s*")  # "…, the WHO Representative, |said"
_COLON_VERBS = _W.format(alternation(lang.words("vi", "quote_colon_verbs")))
_COLON_VERB = re.compile(_COLON_VERBS + r"(?:\s+[^\s.,;:!?“”\"«»()]+){0,3}\s*:")  # "đề nghị:", "trình bày trước tòa:"
# ... or before a partial quote, its object between: "yêu cầu các đơn vị “khẩn trương khắc phục sự cố”"
# one closing the words after a quote, maybe before where: "“…”, ông Phước yêu cầu (tại cuộc họp)."
_CLOSING_VERB = re.compile(_COLON_VERBS + r"(?=\s*$|\s+(?:tại|trong)\s)")
_OBJECT_VERB = re.compile(_COLON_VERBS + r"(?:\s+[^\s.,;:!?“”\"«»()]+){0,6}\s*$")
_PARTIAL_WORDS = 6  # syllables at least in a partial quote after such a verb's object
_PREDICATE_WORDS = 12  # words at most between a speaker who opens a clause and its colon ("… tỏ ra thất vọng: “…”")
# ... not after a noun of someone else's words or acts, nor followed by whose they are ("… của ông Nam")
_OTHERS_WORDS = re.compile(r"(?<!\w)(?:{})\s*$".format(alternation(lang.words("vi", "quote_object_nouns"))))
_WHOSE = re.compile(r"\s*(?:{})(?!\w)".format(alternation(lang.words("vi", "quote_whose_words"))))
# "theo Điều 124 Bộ luật Hình sự" is "under article 124 of the Penal Code": a law speaks no quote
_LAWS = lang.words("vi", "quote_law_words")
# words right before a quoted span that make it a name, not a quote: the offence in "về tội “Giết người”",
# the case in "vụ án “Buôn lậu”"
_NAMED_BY = re.compile(r"(?<!\w)(?:" + "|".join(lang.words("vi", "quote_offence_words")) + r")\s*$")  # not "tôi" (I)
_TITLE_RE = re.compile(
    r"(?<!\w)(?:(?:the|người|nhà)\s+)?(?:(?P<q1>{q})\s+)?(?P<title>{t})(?:\s+(?P<q2>{q}))?(?!\w)".format(
        q=alternation(_QUALIFIERS), t=alternation(_TITLES)))


@cache
def _pronouns(code: str) -> tuple[dict[str, str], re.Pattern[str]]:
    """The speaker pronouns read in an article of language `code`, and a pattern matching them."""
    own = lang.table(code, "quote_pronouns", missing_ok=True)
    words = {**_PRONOUNS, **{word: gender.strip("-") for word, gender in own.items()}}
    return words, re.compile(_W.format("|".join(words)))


@dataclass(frozen=True)
class _Cues:
    """The speech cues read in an article of one language: English's, Vietnamese's and its own."""

    verb: re.Pattern[str]  # a speech verb: "said", "nói", "affirme"
    prep: re.Pattern[str]  # "according to", "theo", "selon" (not "theo Điều 124": a law speaks no quote)
    adverb_tail: re.Pattern[str]  # between a speaker and the cue: adverbs, other speech verbs ("đã lên tiếng trấn an")
    title_link: re.Pattern[str] | None  # joins a title to its field before a name: "le ministre des |Affaires"


@cache
def _cues(code: str, known: bool = True) -> _Cues:
    """The speech cues of an article in language `code` (Indonesian "kata" is no cue in a French article);
    `known`: the language was detected, not assumed."""
    others = (*_EN_VERBS, *lang.words(code, "quote_speech_verbs", missing_ok=True))  # en: twice
    preps = (*_PREPS, *lang.words(code, "quote_according", missing_ok=True))
    links = lang.words(code, "quote_title_links", missing_ok=True)
    # outside Vietnamese text its verbs only as written: "Viet told reporters" is a name, no "viết" (tester43)
    verbs = alternation((*others, *_VI_VERBS)) if code == "vi" or not known else "|".join(
        (alternation(others), lang.alternatives((v.lower() for v in _VI_VERBS), r"\s+")))
    return _Cues(
        verb=re.compile(_W.format(verbs)),
        prep=re.compile(rf"(?:{_W.format(alternation(preps))})(?!\s+(?:{alternation(_LAWS)})(?!\w)(?!\s+sư\b))"),
        adverb_tail=re.compile(r"(?:[\s,]+|(?<!\w)(?:{}|{})(?!\w))+$".format(
            alternation((*_ADVERBS, "và", "and")), verbs)),
        title_link=re.compile(rf"(?<!\w)(?:{alternation(links)})\s*(?=[{_UPPER}])") if links else None)


# a clause about the speaker between the name and the cue: "Le Minh Khoa, who took over in July, told",
# "luật sư Trần Mỹ Linh, người bào chữa cho bị cáo, đề nghị"
_RELATIVE_TAIL = re.compile(rf",\s*(?:{lang.alternation('common', 'quote_relative_words')})\s[^,]*,\s*$")
_GAP_SHORT = re.compile(rf"^(?:\s|[:,]|(?<!\w)(?:{alternation(_CONNECT)})(?!\w))*$")
_UPPER = "".join(chr(c) for c in (*range(0x41, 0x250), *range(0x1E00, 0x1F00)) if chr(c).isupper())
_CAP = rf"[{_UPPER}][\w'’.-]*"
_CAPWORD = rf"[{_UPPER}](?:[\w'’-]*\w)?"
_NAME_END = re.compile(rf"((?:{_CAP})(?:\s+(?:{_CAP}|de|van|von|bin|al-))*)\s*$")
_NAME_START = re.compile(rf"\s*((?:{_CAP})(?:\s+(?:{_CAP}))*)")
_STOP = lang.word_set("common", "quote_not_name_words")
_JOINS = ("and", "và")  # "Park and Morimoto were …": two subjects, neither alone


_CAPWORD_RE = re.compile(_CAPWORD)  # a title's field: "Affaires"
# after a title's field, its lowercase words and commas, then the holder's name: " étrangères, Trinh Quoc Khai"
_NAME_AFTER_FIELD = re.compile(rf"(?P<gap>(?:[\s,]+[^\W\d_]+){{0,2}}?[\s,]+)((?:{_CAPWORD})(?:\s+(?:{_CAPWORD}))+)")
_STOP_AFTER = re.compile(r"[.;!?:“\"«]")
_APPOSITION_CHARS = 200  # at most between a quote and its speech verb past a name and its title between commas
_TITLE_WORDS = 4  # words at most before that name: "Thượng tá", "ông", "Senior Lieutenant Colonel"
_ABBREV = re.compile(rf"(?<!\w)(?:[{_UPPER}][a-z]{{0,3}}|[{_UPPER}]|TP|TX)$")  # "Cpl.", "Dr.", "J.", "TP." end no clause
# (a match is at most 4 characters long: searched for in the last few before a full stop)
_NOT_NAMES = _STOP | set(_PRONOUNS) | set(_HONORIFICS)
_QUALIFIER_KEYS = {search_fold_cached(q) for q in _QUALIFIERS}
_NOT_NAME_HEADS = {search_fold_cached(w) for w in (*_STOP, *_QUALIFIERS, *_HONORIFICS)} | {search_fold_cached(t.split()[0]) for t in _TITLES}


@dataclass(frozen=True)
class _Who:
    name: str
    entity: str | None
    near: bool = True  # named at the cue, not found elsewhere (the clause's last name, a title, a pronoun)



_UNNAMED = _Who("", None)  # someone the text does not name speaks: "said Hanh's lawyer" (not the last speaker)


class _Context:
    """One article's text, its lowercase copy, sentence spans and PERSON/ORG mentions (of the text)."""

    def __init__(self, article: Article) -> None:
        self.text = article.text
        self.low = lower(article.text)
        if article.language == "fr":
            self.low = _INVERTED.sub(_subject_first, self.low)
        self.lang = article.language
        self.cues = _cues(article.language, known=bool(article.lang))
        self.spans = sentence_spans(article.text, article.sentences)
        self.starts = [a for a, _ in self.spans]
        in_text = [m for m in article.mentions if m.field == "text"]
        self.places = [(m.start, m.end) for m in in_text if m.label == "LOC"]
        self._given = sorted((m for m in in_text if m.label in ("PERSON", "ORG")), key=lambda m: m.start)

    @cached_property
    def mentions(self) -> list[Mention]:
        """The article's PERSON/ORG mentions, or guessed names when it has none (computed when needed)."""
        return self._given or self._guess_mentions()

    @cached_property
    def _starts(self) -> list[int]:
        return [m.start for m in self.mentions]

    def starting_in(self, a: int, b: int) -> list[Mention]:
        """The mentions (which come in order of start) that start in [a, b]: the candidates for a span."""
        return self.mentions[bisect.bisect_left(self._starts, a):bisect.bisect_right(self._starts, b)]

    def is_place(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.places)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """The sentence holding `pos`, or the one before it when `pos` falls between sentences."""
        i = bisect.bisect_right(self.starts, pos) - 1
        if i < 0:
            return 0, self.spans[0][0] if self.spans else len(self.text)
        return self.spans[i]

    def _guess_mentions(self) -> list[Mention]:
        """Capitalised names standing after an honorific or a title, or of two words or more."""
        drop = _NOT_NAME_HEADS
        found: list[Mention] = []
        for run in re.finditer(rf"{_CAPWORD}(?:[ \t]+{_CAPWORD})*", self.text):
            words = list(re.finditer(r"\S+", run.group()))
            while words:
                heads = [" ".join(search_fold_cached(w.group()) for w in words[:k]) for k in (3, 2)]
                k = next((k for k, h in zip((3, 2), heads, strict=True) if h in _QUALIFIER_KEYS), 1)
                if k == 1 and search_fold_cached(words[0].group()) not in drop:
                    break
                del words[:k]
            if not words:
                continue
            start, end = run.start() + words[0].start(), run.start() + words[-1].end()
            before = self.low[max(0, start - 60):start].rstrip()
            titled = bool(_title_ending(before)) or before.split()[-1:] in [[h] for h in _HONORIFICS]
            if (len(words) >= 2 or titled) and not self.is_place(start, end):
                found.append(Mention(self.text[start:end], "PERSON", start, end))
        return found


def _name_gender(name: str) -> str:
    """The gender a Vietnamese name's middle word tells ("Nguyễn Thị Lan Anh", "Nguyen Thi Lan Anh": "f"), or ""."""
    words = search_fold_cached(name).split()
    if len(words) < 3 or words[0] not in _SURNAMES:
        return ""
    return next((_MIDDLE_GENDER[w] for w in words[1:-1] if w in _MIDDLE_GENDER), "")


def _subject_first(m: re.Match[str]) -> str:
    """"a-t-il" as "il   a", "dit-elle" as "elle dit": the pronoun before its verb, in as many characters."""
    verb, pronoun = m.group(1), m.group(2)
    return pronoun + " " * (len(m.group()) - len(verb) - len(pronoun)) + verb


def _title_ending(before: str) -> re.Match[str] | None:
    """The title that ends `before` (text right before a name), if any."""
    before = before.rstrip(" ,–-")
    best = None
    for m in _TITLE_RE.finditer(before):
        if m.end() == len(before):
            best = m
    return best


def _title_key(m: re.Match[str]) -> tuple[str, str]:
    return search_fold_cached(m.group("title")), search_fold_cached(m.group("q1") or m.group("q2") or "")


def _find_quotes(text: str) -> list[tuple[int, int, int, int]]:
    """(open, close_end, inner_start, inner_end) of quoted spans not nested in another."""
    spans = []
    for m in _PAIRS.finditer(text):
        name = next(k for k, v in m.groupdict().items() if v is not None)
        spans.append((m.start(), m.end(), m.start(name), m.end(name)))
    return spans


class _Attributor:
    def __init__(self, article: Article) -> None:
        self.ctx = _Context(article)
        self.pronouns, self.pronoun_re = _pronouns(article.language)
        self.quote = (0, 0)  # the quote being attributed: mentions inside it never speak it

    # --- speaker resolution -------------------------------------------------------------
    def mention_in(self, a: int, b: int, last: bool) -> Mention | None:
        inside = [m for m in self.ctx.starting_in(a, b) if m.start >= a and m.end <= b]
        for label in ("PERSON", "ORG"):
            pick = [m for m in inside if m.label == label]
            if pick:
                return pick[-1] if last else pick[0]
        return None

    def resolve(self, pos: int, title: tuple[str, str] | None, gender: str, name: str | None,
                written: str | None = None, matched_only: bool = False, full: bool = False) -> _Who | None:
        """The nearest PERSON mention before `pos`, preferring a title or honorific match (`matched_only`:
        only such a match); with a `name`, only a mention of that name, unless `written` is a place or body
        that completes the title; `full`: only a name of two words or more (in a language the English model
        reads badly, a one-word "person" is often a place: "Lyon", "Valencia")."""
        q_open, q_close = self.quote
        before = [m for m in self.ctx.mentions if m.end <= pos and m.label == "PERSON"
                  and not (q_open <= m.start < q_close) and (not full or " " in m.text.strip())]
        if not before:
            return None

        def key(m: Mention) -> str:
            return m.entity or search_fold_cached(m.text)

        if name:
            for m in reversed(before):
                if search_fold_cached(name) in search_fold_cached(m.text).split():
                    return _Who(self._full(m, before), m.entity)  # named at the cue, in full before
            # a name that is no one named before is not the last person named (nor one with the same title):
            # "bà Cô-va-len-cô nói" is not her rival "ông Grít-xen-cô"; an acronym: "HĐXX hỏi". A place or
            # a body completes a title: "Ngoại trưởng Pháp khẳng định", "Chủ tịch Vingroup cho biết" are
            # the minister or chairman named before.
            if not self._not_a_person(written or name):
                return None
        matched: set[str] = set()
        other: set[str] = set()  # people of the other gender than the pronoun's
        for m in before:
            ctx = self.ctx.low[max(0, m.start - 60):m.start]
            t = _title_ending(ctx)
            if title and t and _title_key(t)[0] == title[0] and (not title[1] or _title_key(t)[1] == title[1]):
                matched.add(key(m))
            if gender and not title:
                theirs = _HONORIFICS.get(ctx.rstrip().split()[-1] if ctx.strip() else "") or _name_gender(m.text)
                if theirs == gender:
                    matched.add(key(m))
                elif theirs:
                    other.add(key(m))
        # "bà viết", "she wrote": the last woman named (`matched` is picked first: not "Dung Quất", a place
        # guessed a person and named after her), never a man
        before = [m for m in before if key(m) not in other - matched] or before
        last = next((m for m in reversed(before) if not self._in_apposition(m, before)), before[-1])
        pick = next((m for m in reversed(before) if key(m) in matched), None if matched_only else last)
        if pick is None:
            return None
        if gender and not title and key(last) not in matched and last.start > pick.end and \
                self._subject_before(last, pos) and not self._speaks_near(pick, last):
            # the subject of the sentence before, whose name tells no gender, over one named further back
            # ("Indonesia coach Takeshi Morimoto was blunt. “…,” he said." after "Le Van Thuan's shot")
            pick = last
        elif gender and not title and key(last) not in matched and last.start > pick.end and self._speaks(last):
            # a speaker whose name tells no gender after the one the pronoun fits: theirs in their own sentence
            # ("Fabius cho biết ông đã nói … là “không thể chấp nhận được”"); past it, either ("Dr. Helena Varga …
            # said …. “…,” she said" after a woman named earlier): left unnamed
            if self.ctx.sentence_of(last.start) != self.ctx.sentence_of(pos):
                return _UNNAMED
            pick = last
        # named right before the title: "Đại tá Nguyễn Thanh Hải, Trưởng Công an huyện, cho biết"
        return _Who(self._full(pick, before), pick.entity, near=bool(re.fullmatch(r"\s*,\s*", self.ctx.text[pick.end:pos])))

    def _subject_before(self, m: Mention, pos: int) -> bool:
        """Whether the person at `m` is the subject of the sentence holding `pos` (the quote's opening, when
        `pos` follows it) or of the one right before it, in the same paragraph."""
        sentence = self.ctx.sentence_of(m.start)
        here = self.ctx.sentence_of(min(pos, self.quote[0]) if self.quote[1] else pos)
        if sentence != here and sentence != self.ctx.sentence_of(max(0, here[0] - 1)):
            return False
        return "\n" not in self.ctx.text[m.end:pos] and self._opens_clause(m, sentence[0])

    def _opens_clause(self, m: Mention, a: int) -> bool:
        """Whether the person at `m` opens the clause starting at `a` as its subject: a title before the name
        aside ("Indonesia coach Takeshi Morimoto was blunt", "HLV Somchai Vongsawat của Thái Lan tỏ ra"), or
        an opening phrase closed by a comma ("After the game, Morimoto was blunt"); not a possessive ("Le Van
        Thuan's low shot") nor one of two ("Park and Morimoto")."""
        text = self.ctx.text
        if not self._leads(m, a):
            return False
        rest = _APPOSITION_AHEAD.match(self.ctx.low, m.end)
        word = re.match(r"[^\W\d_][\w-]*", self.ctx.low[rest.end():])
        return text[m.end:m.end + 1] not in ("'", "’") and bool(word) and \
            text[rest.end():rest.end() + 1].islower() and word.group() not in _JOINS

    def _leads(self, m: Mention, a: int) -> bool:
        """Whether only a title (capitalised words: "PGS-TS"), "according to", or an opening phrase closed by a
        comma stands between `a` and the person at `m`: no predicate ("Chúng tôi đã gặp ông A")."""
        text = self.ctx.text
        start = title_start(text, m.start)
        lead = text[a:m.start if start is None else start]
        prep = self.ctx.cues.prep.match(self.ctx.low, a + len(lead) - len(lead.lstrip()))
        if prep and not text[prep.end():a + len(lead)].strip():
            return True  # "Theo bà Lý: “…”"
        if not any(w[:1].islower() or ":" in w for w in lead.split()):
            return True
        return lead.rstrip().endswith(",") and len(lead.split()) <= 8 and not re.search(r"[“”\"«»]", lead) and \
            not any(o.label == "PERSON" for o in self.ctx.starting_in(a, m.start - 1))

    def _speaks_near(self, pick: Mention, m: Mention) -> bool:
        """Whether the person at `pick` speaks in the paragraph of `m`, before it: then either may be meant."""
        return "\n" not in self.ctx.text[pick.end:m.start] and self._speaks(pick)

    def _speaks(self, m: Mention) -> bool:
        """Whether the person at `m` is the subject of a speech verb right after their name, maybe past an
        apposition ("Dr. Helena Varga, the WHO Representative in Viet Nam, said")."""
        low = self.ctx.low
        rest = _APPOSITION_AHEAD.match(low, m.end)
        return self.ctx.cues.verb.match(low, rest.end()) is not None

    def _proxy(self, m: Mention, b: int) -> _Who:
        """Who speaks for the person named at `m`: the person named right after, before `b` ("said Binh's
        lawyer, Nguyen Van Son"), or someone unnamed ("said Binh's lawyer.")."""
        named = next((o for o in self.ctx.starting_in(m.end, b) if o.label == "PERSON" and o.end <= b), None)
        if named is not None and speaks_for(self.ctx.text, m.end, named.start):
            return _Who(self._full(named, [o for o in self.ctx.mentions if o.end <= named.end]), named.entity)
        return _UNNAMED

    def _opens_apposition(self, m: Mention, a: int, b: int) -> bool:
        """Whether `m` opens its clause (two words before it at most: "ông", "Đại tá") and an apposition runs
        from it to `b` ("Có mặt, ông X, Phó Chủ tịch UBND tỉnh, nói"; not "Sau cuộc gặp với ông X, người phát
        ngôn Bộ Y tế cho biết", whose speaker is the spokesperson)."""
        low = self.ctx.low
        return len(re.split(r"[,;:.!?]", low[a:m.start])[-1].split()) <= 2 and bool(
            _INSIDE_APPOSITION.match(low, m.end, b))  # `b` is the cue's, its comma left out

    def _in_apposition(self, m: Mention, before: list[Mention]) -> bool:
        """Whether `m` is named inside an apposition to the person before it ("Daniel Reyes, an analyst at
        … Canopy Insights, said": a later "he" is Reyes, not the firm spaCy took for a person)."""
        text = self.ctx.text
        return any(p.end < m.start and _INSIDE_APPOSITION.match(text, p.end, m.start) for p in before) and \
            text[m.end:m.end + 1] == ","

    def _titled_before(self, phrase: str, pos: int) -> _Who | None:
        """The last person before `pos` written right after `phrase` ("chủ tịch sao việt Phạm Đức Khải")."""
        want = search_fold_cached(phrase)
        before = [m for m in self.ctx.mentions if m.end <= pos and m.label == "PERSON"]
        for m in reversed(before):
            if search_fold_cached(self.ctx.low[max(0, m.start - len(phrase) - 4):m.start]).rstrip(" ,").endswith(want):
                return _Who(self._full(m, before), m.entity)
        return None

    def _not_a_person(self, name: str) -> bool:
        """Whether `name` (as written after a title) is a place or a body: the gazetteer's, or the article's."""
        known = gazetteer.lookup_written(name)
        if known is not None:
            return known.label != "PERSON"
        return any(m.label != "PERSON" and search_fold_cached(m.text) == search_fold_cached(name) for m in self.ctx.mentions)

    @staticmethod
    def _full(m: Mention, before: list[Mention]) -> str:
        """The longest earlier way of writing the same person ("Blinken" -> "Antony Blinken")."""
        same = [o.text for o in before if (m.entity and o.entity == m.entity)
                or (not m.entity and search_fold_cached(m.text) in search_fold_cached(o.text).split())]
        return max(same or [m.text], key=len)

    def _named(self, m: Mention, near: bool = True) -> _Who:
        """The person of mention `m`, by the fullest way the text wrote them up to there."""
        return _Who(self._full(m, [o for o in self.ctx.mentions if o.end <= m.end]), m.entity, near)

    def _titled_name(self, a: int, b: int) -> tuple[str | None, re.Match[str] | None]:
        """The capitalised name ending at `b`, without the title written before it, and that title."""
        run = _NAME_END.search(self.ctx.text, a, b)
        title = _title_ending(self.ctx.low[a:b])
        if not run:
            return None, title
        words = list(re.finditer(r"\S+", run.group(1)))
        for j in range(len(words) - 1, -1, -1):  # the title ends as late as possible: "Ngoại trưởng Mỹ|Anthony"
            cut = run.start(1) + words[j].start()
            t = _title_ending(self.ctx.low[a:cut])
            if t:
                kept = [w.group() for w in words[j:] if w.group().lower() not in _NOT_NAMES]
                return (" ".join(kept) if kept and not self.ctx.is_place(cut, run.end(1)) else None), t
        kept = [w.group() for w in words if w.group().lower() not in _NOT_NAMES]
        if (title and title.start() <= run.start(1) - a) or self.ctx.is_place(run.start(1), run.end(1)):
            return None, title  # a title alone, or a place: "Los Angeles: “…”"
        return (" ".join(kept) or None), None

    def speaker(self, a: int, b: int, side: str, strict: bool = False) -> _Who | None:
        """Who speaks in [a, b): `side` = "end" when the words end at the cue (SPEAKER VERB),
        "start" when they begin right after it (VERB SPEAKER / theo SPEAKER). `strict`: only a
        speaker written right at the cue, not any earlier name of the clause."""
        low, text = self.ctx.low, self.ctx.text
        if side == "end":
            tail = self.ctx.cues.adverb_tail.search(low, a, b)
            b2 = tail.start() if tail else b
            relative = _RELATIVE_TAIL.search(low, a, b)  # closed by its comma before the verb
            b2 = relative.start() if relative and relative.start() > a else b2
            paren = low.rfind("(", a, b2) if low[a:b2].endswith(")") else -1
            if paren > a:  # "Jim Edwards (then at CBS News) called it": the speaker stands before "("
                b2 = len(low[:paren].rstrip(" ,"))
            near = [m for m in self.ctx.starting_in(a, b2) if a <= m.start and b2 - 1 <= m.end <= b2]
            named = [m for m in self.ctx.starting_in(a, b2) if a <= m.start and m.end < b2 and m.label == "PERSON"
                     and re.match(r"\s*,", low[m.end:b2])]
            at_cue = True
            if near and named and near[-1].label != "PERSON" and near[-1].start > named[0].end:
                near = named[:1]  # "bà Park Min-seo, Tổng giám đốc Hanul Energy, nói": the person, not her firm
                at_cue = self._opens_apposition(named[0], a, b2)
            if near:  # the fullest earlier spelling of the same person: "bị cáo Lương" is Hoàng Công Lương
                m = near[-1]
                if spoken_for(text, m.start, m.end):
                    return _UNNAMED  # "luật sư của bà Hạnh nói": her lawyer, unnamed
                title = _title_ending(low[a:m.start]) if m.label != "PERSON" else None
                if title:  # "Chủ tịch Sao Việt cho biết": the chairman named before, not the firm
                    who = self._titled_before(low[a + title.start():m.end], a + title.start()) or self.resolve(
                        a + title.start(), _title_key(title), "", None, matched_only=True)
                    if who is not None:
                        return who
                return self._named(m, at_cue)
            phrase = low[a:b2]
            name, title = self._titled_name(a, b2)
            if name:
                written = self.ctx.text[a + title.end():b2].strip(" ,") if title else name  # "Nghệ An": "An" kept
                return self.resolve(a, _title_key(title) if title else None, "", name.split()[0], written) or _Who(
                    name, None)
            if title:
                return self.resolve(a + title.start(), _title_key(title), "", None)
            p = re.search(r"(?<!\w)(\S+)\s*$", phrase)
            if p and p.group(1) in self.pronouns:
                return self.resolve(a + p.start(), None, self.pronouns[p.group(1)], None,
                                    full=p.group(1) not in _PRONOUNS)
            m = None if strict else self.mention_in(a, b, last=True)
            if m and spoken_for(text, m.start, m.end):
                return _UNNAMED  # "Hanh's lawyer said": not Hanh
            if m is None:
                return None
            # the clause's last name: at the cue only as "Đại tá X, Trưởng Công an huyện, cho biết"
            return _Who(m.text, m.entity, near=m.label == "PERSON" and self._opens_apposition(m, a, b2))
        # side == "start": the speaker phrase begins at a
        m = self.mention_in(a, b, last=False)
        head = re.match(r"[\s,]*", low[a:b]).end() + a
        field = self._title_field(head, b)
        if field is not None:  # "a affirmé le ministre … des Affaires étrangères X"
            named = self._named_after_title(field, b)
            if named is not None:
                return named
            m = None if m is not None and m.start < field else m
        p = self.pronoun_re.match(low, head)
        if p and m and low[p.end():m.start].strip():
            m = None  # "sagte er vor den Arbeitern": he, not the workers
        if m and (m.start - head) < 40:
            if spoken_for(text, m.start, m.end):  # "said Hanh's lawyer", "said a lawyer for Ms Hanh"
                return self._proxy(m, b)
            return _Who(m.text, m.entity)
        t = _TITLE_RE.match(low, head)
        name_after = _NAME_START.match(text, t.end() if t else head)
        if t and t.group("title"):
            if name_after and name_after.end() <= b:
                nm = name_after.group(1).split()[0]
                return self.resolve(head, _title_key(t), "", nm, name_after.group(1)) or _Who(name_after.group(1),
                                                                                             None)
            return self.resolve(head, _title_key(t), "", None)
        if p:
            rest = _NAME_START.match(text, p.end())
            if rest and rest.end() <= b:
                return self.resolve(head, None, self.pronouns.get(p.group(), ""), rest.group(1).split()[0],
                                    rest.group(1)) or _Who(
                    rest.group(1), None)
            return self.resolve(head, None, self.pronouns.get(p.group(), ""), None, full=p.group() not in _PRONOUNS)
        if name_after and name_after.end() <= b:
            words = [w for w in name_after.group(1).split() if w.lower() not in _STOP]
            return _Who(" ".join(words), None) if words else None
        return None

    def _title_field(self, head: int, b: int) -> int | None:
        """Where the field of a title written after a speech verb ends (its first word), if one stands there: a
        capitalised word after the title's lowercase words and a link ("le ministre vietnamien des Affaires
        étrangères"), whether or not it was read as an entity."""
        link = self.ctx.cues.title_link
        at = link.search(self.ctx.text, head, b) if link is not None else None
        if at is None or not self.ctx.text[head:at.start()].strip() or any(
                c.isupper() for c in self.ctx.text[head:at.end()]):
            return None
        word = _CAPWORD_RE.match(self.ctx.text, at.end(), b)
        return word.end() if word else None

    def _next_field(self, field: int, b: int) -> int | None:
        """Where a title's next field ends, if one follows within a few lowercase words ("Agriculture |et de
        l'Environnement"): the end of its first word."""
        link = self.ctx.cues.title_link
        at = link.search(self.ctx.text, field, min(b, field + 30)) if link is not None else None
        gap = self.ctx.text[field:at.start()] if at is not None else ""
        if at is None or gap != gap.lower() or len(gap.split()) > 3 or any(c in gap for c in ",.;:"):
            return None
        word = _CAPWORD_RE.match(self.ctx.text, at.end(), b)
        return word.end() if word else None

    def _named_after_title(self, field: int, b: int) -> _Who | None:
        """Who is named right after a title's field, within `b` (two lowercase words and commas at most between
        them: "Affaires étrangères, Trinh Quoc Khai"), a name of two words or more; None if no one is (the
        title alone names no one here)."""
        text = self.ctx.text
        field = max((m.end for m in self.ctx.mentions if m.label in ("ORG", "LOC") and m.start < field <= m.end),
                    default=field)  # a field named in several words: "directeur général de Sunwell Electronics"

        def named(run: re.Match[str] | None) -> bool:  # a name past lowercase words and commas only
            return run is not None and run.group("gap") == run.group("gap").lower()

        run = _NAME_AFTER_FIELD.match(text, field, b)
        for _ in range(2):  # a title of two fields: "de l'Agriculture et de l'Environnement, Nguyen Hoang Hiep"
            if named(run) or (field := self._next_field(field, b)) is None:
                break
            run = _NAME_AFTER_FIELD.match(text, field, b)
        if not named(run):
            return None
        known = gazetteer.lookup_written(run.group(2))  # a place the gazetteer knows; not a name the model
        if known is not None and known.label != "PERSON":  # took for one ("Bounmy Phommachanh" LOC)
            return None
        for m in self.ctx.starting_in(run.start(2), run.end(2)):
            if m.label == "PERSON":
                return self._named(m)
        return _Who(run.group(2), None)

    # --- cues ---------------------------------------------------------------------------
    def before(self, q_open: int, lo: int, short: bool, partial: bool = False) -> tuple[_Who | None, int] | None:
        """Attribution standing before the quote, between `lo` and the quote mark. `partial`: the quote goes on
        the sentence (lowercase, `_PARTIAL_WORDS` or more), so a colon verb's object may stand between."""
        low = self.ctx.low
        window = low[lo:q_open]
        colon = window.rstrip().endswith(":")
        verbs = sorted([*self.ctx.cues.verb.finditer(low, lo, q_open), *_COLON_VERB.finditer(low, lo, q_open),
                        *(_OBJECT_VERB.finditer(low, lo, q_open) if partial else ())], key=lambda v: v.start())
        preps = list(self.ctx.cues.prep.finditer(low, lo, q_open))
        if verbs:
            v = verbs[-1]
            gap = low[v.end():q_open]
            ok_gap = _GAP_SHORT.match(gap) if short else (len(gap) <= 80 and not re.search(r"[.!?]\s", gap))
            if ok_gap:
                who = self.speaker(lo, v.start(), "end")
                if who is None and not short:
                    who = self.speaker(v.end(), q_open, "start")
                return who, v.start()
        if preps and not short:
            p = preps[-1]
            who = self.speaker(p.end(), q_open, "start")
            if who and re.search(r",\s*$", low[p.end():q_open]):
                return who, p.start()
        if colon and not short:  # "Blinken: “…”"
            end = lo + len(window.rstrip()) - 1
            head = lo + len(window) - len(window.lstrip())
            named = [m for m in self.ctx.starting_in(head, end) if m.end <= end]
            # the name the clause ends with only when it opens it too ("Blinken: “…”"), not an object ("Chúng tôi
            # đã gặp ông A: “…”")
            who = self.speaker(lo, end, "end", strict=True) if not named or self._leads(named[-1], head) else None
            who = who or self.colon_subject(lo, end)
            if who:
                return who, lo
        return None

    def colon_subject(self, a: int, b: int) -> _Who | None:
        """The person who opens the clause [a, b) before a quote's colon as its subject, whatever its predicate:
        `HLV Park Sung-ho thì hài lòng: “…”`, `HLV trưởng Yamaguchi Kenji xác nhận thông tin …: “…”`. Not a
        person named in the predicate, an object (`Chúng tôi đã gặp ông A: “…”`): with one there, no one."""
        text = self.ctx.text
        head = a + len(text[a:b]) - len(text[a:b].lstrip())
        people = [m for m in self.ctx.starting_in(head, b) if m.label == "PERSON" and m.end <= b]
        m = people[0] if people else None
        # a title, then a name no person mention holds (a place to the NER, unknown to the gazetteer): "HLV trưởng
        # Yamaguchi Kenji"; the title ends as late as possible, and a country ends it: not "Ngoại trưởng Mỹ"
        titled = [head + r.start() for r in re.finditer(_CAPWORD, text[head:b]) if title_start(text, head + r.start()) == head]
        if titled and (m is None or titled[-1] < m.start):
            named = _NAME_START.match(text, titled[-1])
            if named.end(1) >= b or gazetteer.lookup_written(named.group(1)) is not None:
                return None
            m = Mention(named.group(1), "PERSON", named.start(1), named.end(1))
        if m is None or any(o.start >= m.end for o in people) or not self._opens_clause(m, head) or \
                len(text[m.end:b].split()) > _PREDICATE_WORDS:
            return None
        if m in people:
            return self._named(m)
        return self.resolve(m.start, None, "", m.text.split()[0], m.text) or _Who(m.text, None)

    def _past_apposition(self, start: int, end: int) -> _Who | None:
        """The speaker named first after a quote, with a long title between commas before the speech verb:
        "“…”, Thượng tá Lâm Quốc Việt, Trưởng phòng Cảnh sát PCCC và CNCH Công an tỉnh Đồng Nai, nhận định"
        (tester43). The name, maybe after a title or form of address, is all the first part: not "…, ông An,
        con trai của cố Bộ trưởng … Nguyễn Văn Bình, nói" (An speaks), nor "…, tại buổi làm việc với ông An, …"."""
        low = self.ctx.low
        v = self.ctx.cues.verb.search(low, start, min(end, start + _APPOSITION_CHARS))
        if v is None or not re.fullmatch(r"[^,]+,[^,]+,\s*", low[start:v.start()]):
            return None
        comma = low.index(",", start)
        m = next((m for m in self.ctx.starting_in(start, comma) if m.label == "PERSON" and not low[m.end:comma].strip()),
                 None)
        if m is None or len(low[start:m.start].split()) > _TITLE_WORDS:
            return None  # a title or a form of address at most before the name
        return self._named(m)

    def after(self, q_end: int, hi: int, short: bool = False) -> tuple[_Who | None, int] | None:
        """Attribution right after the quote: `“…,” he said` / `“…”, theo ông X`. A short span needs the comma
        before "theo": `mức “nguy hại” theo thang đo của Bộ` is the ministry's scale's label, no quote."""
        low = self.ctx.low
        lead = re.match(r"[,.!?…]?\s*[,–-]?\s*", low[q_end:hi])
        start = q_end + lead.end()
        if lead.group().strip().startswith((".", "!", "?", "…")) and not re.match(r"[a-zà-ỹ]", low[start:start + 1]):
            return None  # a new sentence starts: not an attribution
        end = next((start + m.start() for m in _STOP_AFTER.finditer(low[start:hi])
                    if not (m.group() == "." and (_ABBREV.search(self.ctx.text, max(0, start + m.start() - 8), start + m.start())
                                                  or low[start + m.start() + 1:start + m.start() + 2].isalnum()))), hi)
        # a full stop inside a word ("TP.HCM", "U.S.") ends nothing
        v = self.ctx.cues.verb.search(low, start, min(end, start + 80)) or \
            (end - start <= 80 and _CLOSING_VERB.search(low, start, end)) or None  # "“…”, ông Phước yêu cầu."
        if v is None and (named := self._past_apposition(start, end)) is not None:
            return named, end
        if v:
            if v.start() - start > 0 and low[start:v.start()].strip():
                who = self.speaker(start, v.start(), "end")
            else:
                who = self.speaker(v.end(), end, "start")
                if who is None and self.ctx.lang in _SUBJECTLESS and not any(
                        c.isupper() for c in self.ctx.text[v.end():end]):
                    # "«…», dijo ante los trabajadores", "«…», dijo."; not "ha dichiarato il capo del Dipartimento,
                    # Fabio Ciciliano"
                    who = self.resolve(q_end, None, "", None, full=True)
                    who = who and _Who(who.name, who.entity, near=False)
            if who is not None:
                return who, end
        p = self.ctx.cues.prep.match(low, start)
        if p and not (short and "," not in lead.group() and low[q_end - 2:q_end - 1] != ","):
            who = self.speaker(p.end(), end, "start")
            if who is not None:
                return who, end
        return None


def _is_sentence_like(inner: str) -> bool:
    words = inner.split()
    return len(words) >= 6 and (inner[:1].isupper() or inner.rstrip().endswith((".", "!", "?", "…")))


def extract_quotes(article: Article) -> list[Quote]:
    """Direct quotes with their speakers: those of the title the text does not repeat, then the text's."""
    body = _quotes_in(article)
    if not article.title.strip():
        return body
    seen = {q.text for q in body}
    title = Article(id=article.id, origin=article.origin, title="", text=article.title, lang=article.lang)
    return [q for q in _quotes_in(title) if q.text not in seen] + body


def _quotes_in(article: Article) -> list[Quote]:
    att = _Attributor(article)
    ctx = att.ctx
    text = ctx.text
    out: list[Quote] = []
    prev_end, prev_who, prev_sent = 0, None, (-1, -1)
    named_end = -1  # the end of the last quoted name ("vụ án “Buôn lậu” và “Vi phạm …”": both are names)
    for q_open, q_close, i_start, i_end in _find_quotes(text):
        inner = text[i_start:i_end].strip().rstrip(",").strip()
        if not inner or not any(c.isalpha() for c in inner):
            continue
        if _NAMED_BY.search(ctx.low, max(0, q_open - 20), q_open) or \
                named_end >= 0 and re.fullmatch(r"\s*(?:,|và|and)?\s*", ctx.low[named_end:q_open]):
            named_end = q_close
            continue
        short = len(inner.split()) <= 3
        s_start, s_end = ctx.sentence_of(q_open)
        lo = max(s_start, prev_end)
        para_end = text.find("\n", q_close)
        hi = min(para_end if para_end >= 0 else len(text), q_close + 160)
        att.quote = (q_open, q_close)
        partial = inner[:1].islower() and len(inner.split()) >= _PARTIAL_WORDS and not (
            _OTHERS_WORDS.search(ctx.low, max(0, q_open - 20), q_open) or _WHOSE.match(ctx.low, q_close))
        before = att.before(q_open, lo, short, partial)
        found = att.after(q_close, hi, short) if short or before is None or before[0] is None else None
        if found and found[0] is not None:
            who, ev_lo, ev_hi = found[0], q_open, found[1]
        elif before:
            who, ev_lo, ev_hi = before[0], before[1], q_close
        elif short:
            continue  # a scare quote or a label
        else:
            prev_sentence = ctx.sentence_of(max(0, s_start - 1))
            continuing = prev_who is not None and prev_sent in (prev_sentence, (s_start, s_end)) and \
                not text[s_start:q_open].strip()
            if not (continuing or _is_sentence_like(inner)):
                continue
            who, ev_lo, ev_hi = (prev_who if continuing else None), q_open, q_close
        out.append(Quote(text=inner, speaker=who.name or None if who else None,
                         sentence=evidence(text, ctx.spans, ev_lo, ev_hi),
                         entity=who.entity if who else None, near=bool(who and who.name and who.near)))
        prev_end, prev_who, prev_sent = q_close, who, ctx.sentence_of(max(q_open, q_close - 1))
    return out
