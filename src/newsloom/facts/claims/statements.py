"""Quotes and reported statements as claims: what a known speaker is reported to have said.

Direct quotes come from the quote stage (`article.quotes`, with a linked speaker). Reported speech
is read here: a linked PERSON, then nothing but an apposition ("Pham Duc Khai, chairman of Sao Viet
Group,") or adverbs, then a speech verb and the clause it reports:

    "Tran Van Luc, deputy director …, said about 1,200 hectares of rice had been flooded."
    "Pham Duc Khai … told reporters that most of the output would be exported to Europe and India."
    "The NATO Chief, Mark Rutte, stressed the interconnectedness of instability …, noting that Moscow’s
     procurement of dual-use goods from China … demonstrates …"        -> two statements by Rutte
    "Bà Park Min-seo, Tổng giám đốc Hanul Energy, nhấn mạnh rằng Hải Phòng được chọn nhờ …"
    "Most of the output will be exported, Khai said."                  -> the clause before the speaker

The statement is the reported clause, as written (value and text); the detail is "<name> said".
Speech verbs next to a direct quote (`"…," Khai said`, `ông Khải nói: "…"`) are the quote stage's.

No key can say that a Vietnamese and an English quote are the same words, so the slot is the speaker
alone ("quote:PERSON:blinken") and every quote of a speaker shares it. `compatible` is always True:
quotes and statements are reported, never contradicted, so they never make a conflict. Within the slot a
position is one remark (`same`: most of the shorter quote's words in the other), so agreement means two
independent sources report that remark, in one language. The same words credited to two speakers are
`attributions`' conflict.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from newsloom import lang
from newsloom.facts._text import alternation, spoken_for
from newsloom.facts.claims.meetings import Unit, display_name, is_person, units, words_between
from newsloom.model import Article, Claim, Mention, Quote
from newsloom.text.folding import fold_keep_offsets

_W = r"(?<!\w)(?:{})(?!\w)"
_CUES = lang.groups("common", "statement_cues")
_SPEECH = _CUES["speech verb"]
_VERB = re.compile(_W.format(alternation(_SPEECH)))
_TELL = {fold_keep_offsets(w) for w in _CUES["only with that"]}  # "told reporters that …": the clause only after "that"
# ", noting that …": one more statement by the subject of the sentence
_PARTICIPLE = re.compile(r",\s*(?:and\s+)?(?:{})\s+that\s+".format(alternation(_CUES["participle"])))
_THAT = re.compile(_W.format(alternation(_CUES["that"])) + r"\s*")
_QUOTE_MARKS = re.compile(r"[“”\"«»„]")
# what may stand between the speaker and the verb, after an apposition
_ADVERBS = re.compile(r"^\s*(?:(?:{})\s+)*$".format(alternation(_CUES["adverb"])))
_NAME_TAIL = re.compile(r"^[-‐]\w+")  # the rest of a name the mention stops short of: "Park Min" + "-seo"
# "nói chuyện" (talk), "nói chung" (in general), "nói riêng", "nói dối" (lie): not a report of speech
_NOT_SPEECH_AFTER = re.compile(r"\s+(?:{})(?!\w)".format(alternation(_CUES["not speech after"])))
_APPOSITION = re.compile(r"^\s*,[^,;:!?“”\"«»()]{1,120},|^\s*\([^()]{1,120}\)")
# a preposition after the verb: "said on Tuesday that …", "cho biết tại cuộc họp rằng …"
_PREP_AFTER = re.compile(_W.format(alternation(_CUES["preposition after"])))
_TRAIL = 6  # words that may follow the verb of "…, NAME said on Tuesday."
_MIN_WORDS = 4
_WORDS_BEFORE_QUOTE = 6  # a shorter clause cut at a quote it goes on in is only the quote's subject


def _sentence_of(quote: Quote, all_units: list[Unit]) -> int:
    """Index of the sentence holding the quote's start (-1 for the title); the evidence sentence's
    first one when the quote text is not found as written."""
    head = quote.text[:60]
    for unit in all_units:
        if head and head in unit.text and unit.text in quote.sentence:
            return unit.index
    for unit in all_units:
        if head and head in unit.text:
            return unit.index
    for unit in all_units:
        if unit.text and unit.text in quote.sentence:
            return unit.index
    return -1


def _speaker(unit: Unit, verb_start: int, persons: list[Mention]) -> Mention | None:
    """The person written right before the verb, an apposition and adverbs apart. A person followed by
    an apposition comes first: in "ông Lực, Phó Giám đốc Sở Nông nghiệp, nhấn mạnh" a name inside the
    apposition is not the speaker. Else the nearest person with only a comma or adverbs before the verb
    ("The NATO Chief, Mark Rutte, stressed")."""
    before = [p for p in persons if p.end <= verb_start]
    for m in reversed(before):
        gap = _NAME_TAIL.sub("", unit.text[m.end:verb_start])
        apposition = _APPOSITION.match(gap)
        if apposition and _ADVERBS.match(gap[apposition.end():]):
            return m
    if before:
        gap = _NAME_TAIL.sub("", unit.text[before[-1].end:verb_start])
        if _ADVERBS.match(re.sub(r"^\s*,", "", gap)):
            return before[-1]
    return None


def _cut(text: str, pos: int) -> int:
    """Where the clause starting at `pos` ends: at a participle (", noting that"), at a quote, or at the
    end. Scare quotes of at most three words ("đứng hình") are part of the clause."""
    end = len(text)
    participle = _PARTICIPLE.search(text, pos)
    if participle is not None:
        end = participle.start()
    at = pos
    while (mark := _QUOTE_MARKS.search(text, at, end)) is not None:
        close = _QUOTE_MARKS.search(text, mark.end(), end)
        if close is None or len(text[mark.end():close.start()].split()) > 3:
            return mark.start()
        at = close.end()
    return end


def _clause_after(unit: Unit, verb: re.Match[str]) -> tuple[int, int] | None:
    """The span of the clause a speech verb reports, in unit.text."""
    text, low = unit.text, unit.low
    pos = verb.end()
    if re.match(r"\s*[:“\"«„]", text[pos:]):
        return None  # a direct quote follows: the quote stage's
    head = low[pos:pos + 80]
    that = _THAT.search(head)
    stop = re.search(r"[,;:.!?“”\"«»]", head)
    that_first = that is not None and (stop is None or that.start() < stop.start()) and \
        len(head[:that.start()].split()) <= 8
    if fold_keep_offsets(verb.group()) in _TELL or _PREP_AFTER.match(head.lstrip()):
        if not that_first:
            return None  # "told Mekong Wire on October 20.", "nói tại lễ ký kết"
        pos += that.end()
    elif that is not None and head[:that.start()].strip() == "":
        pos += that.end()
    end = _cut(text, pos)
    if _QUOTE_MARKS.match(text, end) and not re.search(r"[,;:.!?…]\s*$", text[pos:end]) and \
            len(text[pos:end].split()) < _WORDS_BEFORE_QUOTE:
        return None  # only the subject of the quoted words ("cho biết thân chủ của ông “rất mừng …”"): a quote
    start = pos + len(text[pos:end]) - len(text[pos:end].lstrip())
    end = start + len(text[start:end].rstrip(" ,;:.!?…"))
    return (start, end) if len(text[start:end].split()) >= _MIN_WORDS else None


def _statements(unit: Unit, persons: list[Mention]) -> list[tuple[Mention, int, int]]:
    """(speaker, start, end) of each reported statement of the sentence."""
    found: list[tuple[Mention, int, int]] = []
    for verb in _VERB.finditer(unit.low):
        if _QUOTE_MARKS.search(unit.text, 0, verb.start()):
            continue  # the verb attributes a quote written before it
        if fold_keep_offsets(verb.group()) == "noi" and _NOT_SPEECH_AFTER.match(unit.low, verb.end()):
            continue
        speaker = _speaker(unit, verb.start(), persons)
        if speaker is None or spoken_for(unit.text, speaker.start, speaker.end):
            continue
        clause = _clause_after(unit, verb)
        if clause is None:
            clause = _clause_before(unit, verb, speaker)
            if clause is None:
                continue
        found.append((speaker, *clause))
        # ", noting that …": the same speaker's next statement
        part = _PARTICIPLE.match(unit.text, clause[1])
        if part is not None:
            end = part.end() + len(unit.text[part.end():_cut(unit.text, part.end())].rstrip(" ,;:.!?…"))
            if len(unit.text[part.end():end].split()) >= _MIN_WORDS:
                found.append((speaker, part.end(), end))
    return found


def _clause_before(unit: Unit, verb: re.Match[str], speaker: Mention) -> tuple[int, int] | None:
    """ "Most of the output will be exported, Khai said.": the clause before ", [title] NAME VERB"
    when at most a few words end the sentence after the verb."""
    if len(unit.text[verb.end():].split()) > _TRAIL or re.search(r"\bthat\b|rằng", unit.low[verb.end():]):
        return None
    comma = unit.text.rfind(",", 0, speaker.start)
    if comma <= 0:
        return None
    title_words = words_between(unit.text, comma + 1, speaker.start, [m for m in unit.mentions
                                                                      if m.label in ("ORG", "LOC")])
    if len(title_words) > 4:
        return None
    end = len(unit.text[:comma].rstrip(" ,;:.!?…"))
    start = len(unit.text[:end]) - len(unit.text[:end].lstrip())
    return (start, end) if len(unit.text[start:end].split()) >= _MIN_WORDS else None


def extract(article: Article) -> list[Claim]:
    """One claim per quote, and one per reported statement, whose speaker was linked to an entity."""
    all_units = units(article)
    claims: list[Claim] = []
    for quote in article.quotes:
        if not quote.entity:
            continue
        claims.append(Claim(kind="quote", slot=f"quote:{quote.entity}", value=quote.text, text=quote.text,
                            sentence=_sentence_of(quote, all_units), subject=quote.entity,
                            detail=f"{display_name(article, quote.entity)} said"))
    quoted = [q.text for q in article.quotes]
    for unit in all_units:
        persons = [m for m in unit.mentions if is_person(m, unit.text)]
        for speaker, start, end in _statements(unit, persons):
            said = unit.text[start:end]
            if any(said in q or q in said for q in quoted):
                continue
            claims.append(Claim(kind="quote", slot=f"quote:{speaker.entity}", value=said, text=said,
                                sentence=unit.index, subject=speaker.entity,
                                detail=f"{display_name(article, speaker.entity)} said"))
    return claims


def compatible(a: Claim, b: Claim, on: date | None = None) -> bool:
    """Quotes and statements are what someone said: two of them never contradict each other."""
    return True


_WORDS = re.compile(r"\w+")
# share of the shorter quote's words the other holds from which two quotes are one said twice: half let two
# remarks sharing a phrase and their function words be one ("Chúng tôi nợ người hâm mộ một chiến thắng sau trận
# hòa ở Jakarta", "Chúng tôi đã hứa với người hâm mộ một chiến thắng và chúng tôi đã giữ lời": 8 of 14)
SAME_QUOTE = 0.6


def same(a: Claim, b: Claim) -> bool:
    """Whether two quotes are one (reported by two outlets, cut or reworded a little); see `same_words`."""
    return same_words(a.value, b.value)


def same_words(a: str, b: str) -> bool:
    """Words in common for at least SAME_QUOTE of the shorter text's. Quotes in two languages are never one."""
    wa, wb = _word_set(a), _word_set(b)
    return bool(wa and wb) and len(wa & wb) >= SAME_QUOTE * min(len(wa), len(wb))


@lru_cache(maxsize=4096)
def _word_set(text: str) -> frozenset[str]:
    """A quote's words, read once: a story's quotes are compared pairwise (thousands in a run-on text)."""
    return frozenset(_WORDS.findall(text.casefold()))
