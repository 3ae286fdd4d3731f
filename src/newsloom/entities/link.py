"""Link mentions to canonical entities across spellings, titles and languages.

One `EntityLinker` is kept for a whole collection: it remembers every entity it has seen (as plain
`Entity` records, so a store can save and reload them) and resolves each new mention, in order:
an alias already seen in the same article, an alias already known (unless the words around the mention
tell a person from a place), a firm's brand ("Hanul" for "Hanul Energy"), a CLDR place or known
organisation, an acronym paired with its long form, a person's surname or a near-identical spelling of
a known name, and only then a new entity (of that article only, for initials or a lone Vietnamese given name). Keys
never change once given out; display names may improve.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, MutableMapping, Set
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

from wordfreq import zipf_frequency

from newsloom import lang
from newsloom.entities import gazetteer, local_bodies
from newsloom.entities.extract import (
    NAME_WORDS,
    brand_word,
    cued_label,
    find_known,
    folded_words,
    known_over_pieces,
    org_stem,
    place_cue,
    place_stem,
)
from newsloom.entities.in_english import english_names
from newsloom.entities.lexicon import Lexicon, StoreLexicon
from newsloom.entities.text import (
    alias_key,
    clean_name,
    has_vietnamese_marks,
    is_acronym,
    is_vietnamese_syllable,
    surface_key,
)
from newsloom.model import Article, Entity, Mention
from newsloom.text.folding import fold_keep_offsets

if TYPE_CHECKING:
    from newsloom.store.base import Store

# a word at least this common in English (wordfreq's Zipf scale) may be a given name or a surname: "Morgan
# James" is not "James Morgan"; "Takaichi" (0.0), "Sanae" (2.0), "Qiang" (2.4) are no English names
_COMMON_NAME_ZIPF = 3.5
_GIVEN_NAME_SIMILARITY = 0.8  # "anthony" ~ "antony" is 0.92; "joe" ~ "jill" is 0.29
# over a store, names (found or not) and entities kept from batch to batch, since most of an article's are
# met again (see `EntityLinker.flush`)
_NAMES_KEPT = 200_000
_ENTITIES_KEPT = 20_000
# Vietnamese country names without their marks, words or given names in English ("My", "Anh", "Nga")
_VIETNAMESE_PLACE_WORDS = frozenset(map(alias_key, lang.words("en", "vietnamese_place_words")))
_VI_WORD_PLACES = frozenset(map(surface_key, lang.words("vi", "place_names_also_words")))  # "hòa bình": peace
_VI_SURNAMES = frozenset(map(alias_key, lang.words("vi", "surnames")))  # the commonest, without accents
_LOCAL = "#"  # in a key, "PERSON:nam#1f2e3d4c": an entity of one article only (see `EntityLinker._only_here`)
_LOCAL_SUFFIX = re.compile(r"#[0-9a-f]{8}$")  # the marker and the article's hash; "ORG:#metoo" is no such key


_SUFFIXES = lang.word_set("common", "name_suffixes")
_HYPHENATED_GIVEN = re.compile(r"\b[A-Z][a-z]+-[a-z]+\b")  # "Sung-ho", "Jae-won": a romanised Korean given name


def _name_parts(name: str) -> tuple[list[str], str, str]:
    """A name's given words, surname and generation, of a key or of a name as written: "john f kennedy jr" ->
    (["john", "f"], "kennedy", "jr"); "John F. Kennedy Jr." -> (["John", "F."], "Kennedy", "Jr.")."""
    words = name.split()
    n = len(words)
    while n > 1 and alias_key(words[n - 1]) in _SUFFIXES:
        n -= 1
    return words[:n - 1], words[n - 1] if words else "", " ".join(words[n:])


def _is_initial(word: str) -> bool:
    """"H", "H.", "T.P.": letters standing for names, one or two each with its dot."""
    letters = word.replace(".", "")
    return 0 < len(letters) <= 2 and letters.isalpha() and letters.isupper() and (len(letters) == 1 or "." in word)


def is_local(key: str) -> bool:
    """Whether an entity key names someone known in one article only: no other article can share it."""
    return _LOCAL_SUFFIX.search(key) is not None


def _cut_short(name: str, acronym: str) -> bool:
    """Whether `name` is the end of the long form `acronym` stands for, cut short by the extractor: its words'
    initials are the acronym's last letters, and fewer ("Chính phủ" of "Thanh tra Chính phủ (TTCP)")."""
    initials = "".join(w[0] for w in fold_keep_offsets(clean_name(name)).split() if w[0].isalpha()).upper()
    letters = "".join(c for c in fold_keep_offsets(acronym) if c.isalpha()).upper()
    return 0 < len(initials) < len(letters) and letters.endswith(initials)


_ALIAS_CUE = re.compile(r"[\s,(]*(?:{})[\s:]*$".format(lang.alternatives(
    sorted(lang.words("common", "alias_cues"), key=len, reverse=True), r"\s+")), re.IGNORECASE)


_LOWERCASE_WORD = re.compile(r" ([a-z]+)\b")
# the bracket a firm's acronym or stock ticker opens, with a label or exchange before a ticker or none:
# "(DXM", "(mã chứng khoán DXM", "(HOSE: DXM"; the firm's name may end in a legal form the extractor left
# out ("Dong Xanh Dairy JSC (DXM)")
_TICKER_OPEN = re.compile(r"\(\s*(?:(?:{})\s*:?\s*)?$".format(lang.alternatives(
    sorted(lang.words("common", "ticker_cues"), key=len, reverse=True), r"\s+")), re.IGNORECASE)
_LEGAL_FORM = re.compile(r"\s*(?:(?:{})\.?\s*)?$".format(lang.alternation("en", "legal_forms")))


def _in_english(prev: Mention, cur: Mention, closed: str) -> bool:
    """Whether `cur`, in brackets right after the Vietnamese name of an organisation `prev`, is its English name:
    an organisation's name of two words or more without Vietnamese letters ("Đảng Thảo nguyên Xanh (Blue Steppe
    Party)")."""
    return closed == ")" and prev.label == cur.label == "ORG" and len(cur.text.split()) > 1 and \
        has_vietnamese_marks(prev.text) and not has_vietnamese_marks(cur.text)


def _named_as(article: Article) -> dict[int, list[int]]:
    """Mentions that name the same thing, from the words between them ("Saint Paul, known in Vietnamese as
    Xanh Pon", "còn gọi là"): mention index -> the indices of the others. A name that starts a longer
    organisation's of the article is that organisation ("Saint Paul" of "Saint Paul General Hospital")."""
    mentions = article.mentions
    same: dict[int, list[int]] = {}
    pairs = [(i, j) for j in range(1, len(mentions)) for i in range(max(0, j - 2), j)]
    for i, j in pairs:
        first, second = mentions[i], mentions[j]  # a name may stand between them: "known in Vietnamese as"
        if not _ALIAS_CUE.fullmatch(article.text[first.end:second.start]):
            continue
        group = [i, j] + [k for k, m in enumerate(mentions) if m.label == "ORG"
                          and alias_key(m.text).startswith(alias_key(first.text) + " ")][:1]
        for j in group:
            same.setdefault(j, []).extend(k for k in group if k != j)
    return same


def keys_named(names: Iterable[str], store: Store | None = None) -> dict[str, str]:
    """name -> the entity a name stands for read on its own (a search's words), names that stand for none
    left out: a place or organisation of the gazetteer, written with its accents or none ("Ngân hàng Nhà
    nước", "quang ngai"; not a capital for its country nor a demonym), else the entity the store's lexicon
    first gave that alias ("Tran Quoc Hung", "Hanul"). A name of one word, or of Vietnamese syllables without
    their marks, must be written with a capital ("bi", "my", "turkey", "ba lan" are words) and, from the
    store, be a place's or an organisation's, given it more than once ("Nam", "Tết" are given names or misread
    ones); an acronym must be one in the table or the
    store, and be written in capitals ("SEC" is not "Séc", "who" not WHO); accents, where a name has them,
    must be as some article wrote them."""
    found: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    for name in dict.fromkeys(names):
        key = alias_key(name)
        if not key or (name.islower() and (" " not in key or not has_vietnamese_marks(name) and all(
                map(is_vietnamese_syllable, name.split())))):
            continue  # "bi", "turkey"; "ba lan" is "ba lần" (three times) as much as Poland
        known = gazetteer.known_names().get(key)
        if known is not None and (not has_vietnamese_marks(name) or gazetteer.lookup_exact(name)):
            if is_acronym(name) == (key in gazetteer.acronyms()):
                found[name] = known.key
        elif known is None and gazetteer.lookup_exact(name) is None:
            aliases.setdefault(key, []).append(name)
    rows = [(alias, key) for kind, alias, key in (store.lexicon(aliases) if store is not None and aliases else ())
            if kind == "alias" and key and not is_local(key)]
    entities = {e.key: e for e in store.entities({key for _, key in rows})} if rows else {}
    for alias, key in rows:
        entity = entities.get(key)
        for name in aliases[alias] if entity is not None else ():
            marks = has_vietnamese_marks(name)
            spelled = {a: n for a, n in entity.counts.items()
                       if (surface_key(a) == surface_key(name) if marks else alias_key(a) == alias)}
            if not spelled or is_acronym(name) != all(map(is_acronym, spelled)):
                continue
            if " " in alias or (entity.label != "PERSON" and sum(spelled.values()) > 1):
                found[name] = key
    return found


@lru_cache(maxsize=1)
def _gazetteer_first_words() -> frozenset[str]:
    return frozenset(key.split()[0] for key in gazetteer.known_names())


def _prefixes(key: str) -> Iterator[str]:
    """The first two, three ... words of a name's key, itself included ("a b c" -> "a b", "a b c")."""
    words = key.split()
    return (" ".join(words[:k]) for k in range(2, len(words) + 1))


@lru_cache(maxsize=1)
def _gazetteer_prefixes() -> frozenset[str]:
    return frozenset(p for key in gazetteer.known_names() for p in _prefixes(key))


class _KnownIndex(Mapping):
    """alias key -> (entity key, label) over everything the linker knows, for `find_known`."""

    def __init__(self, linker: EntityLinker) -> None:
        self._linker = linker
        self.first_words = _Words(linker._lexicon, "first_word", _gazetteer_first_words())
        self.prefixes = _Words(linker._lexicon, "prefix", _gazetteer_prefixes())

    def get(self, key: str, default=None):  # type: ignore[override]
        """Like Mapping.get, without raising and catching KeyError for every miss (most lookups miss)."""
        linker = self._linker
        entity_key = linker._lexicon.first("alias", key)
        if entity_key is None:
            known = gazetteer.known_names().get(key)
            if known is not None and known.key in linker._entities:
                entity_key = known.key
        if entity_key is None:
            people = linker._lexicon.many("surname", key)
            if len(people) == 1:
                entity_key = next(iter(people))
        entity = linker._entities.get(entity_key) if entity_key is not None else None
        if entity is None:  # over a store, a name is never without its entity; in case it were: no match
            return default
        return entity_key, entity.label

    def match(self, key: str, surface: str) -> tuple[str, str] | None:
        """`get(key)` for a name written `surface`: the gazetteer as written first, accents respected."""
        linker = self._linker
        words = surface.split()
        if linker._accents and surface.islower() and len(words) > 1 and not has_vietnamese_marks(surface) \
                and all(map(is_vietnamese_syllable, words)):
            return None  # in accented Vietnamese, "con dao" is a knife, not Côn Đảo written without accents
        if linker._english and key in gazetteer.foreign_only():
            return None  # another language's place name, in English text
        if linker._accents and surface.islower() and surface_key(surface) in _VI_WORD_PLACES:
            return None  # "tiến trình hòa bình" is peace, not Hòa Bình province
        exact = gazetteer.lookup_exact(surface)
        if not linker._vietnamese and key in _VIETNAMESE_PLACE_WORDS:
            return None  # "My family", "Anh's lawyer"
        if exact is not None and exact.key in linker._entities:
            return exact.key, exact.label
        if not linker._vietnamese and gazetteer.lookup(surface) is not None:
            return None  # a Vietnamese name without its accents ("Mỹ", "Anh"): in English "My", "Anh" are words
        hit = self.get(key)
        if hit is None or not linker._may_name(hit[0], surface, linker._here):
            return None
        if linker._accents and hit[1] == "PERSON" and len(words) > 1 and not surface.islower() and any(
                w[:1].islower() for w in words):
            return None  # "Cụ thể, …" (specifically) is no "Cụ Thể": a Vietnamese name capitalises every syllable
        if " " not in surface and not is_acronym(surface):
            spelled = [a for a in linker._entities[hit[0]].aliases if alias_key(a) == key]
            if gazetteer.word_for_acronym(surface) or key not in gazetteer.acronyms() and spelled and all(
                    map(is_acronym, spelled)):
                return None  # "Un" is not the UN; "more", "At" no name only ever written "MORE", "AT"
        if linker._capitalised and surface.islower() and hit[0] not in gazetteer.by_key():
            # where names are capitalised, a lowercase word is a name only as the surname of someone named
            # in full ("blinken"): "camera", once a sentence's first word, is a camera; "công an" the police
            if len(words) == 1 and (hit[1] != "PERSON" or not any(" " in a for a in linker._entities[hit[0]].aliases)):
                return None  # nor a firm's brand: "imagination" is not Imagination Technologies
            if linker._accents and all(map(is_vietnamese_syllable, words)):
                return None
        return hit

    def __getitem__(self, key: str) -> tuple[str, str]:
        hit = self.get(key)
        if hit is None:
            raise KeyError(key)
        return hit

    def __iter__(self) -> Iterator[str]:
        raise TypeError("the names a linker knows are looked up one by one, not listed")

    def __len__(self) -> int:
        raise TypeError("the names a linker knows are looked up one by one, not counted")


class _Words:
    """`in` for the words of one kind of the lexicon (`lexicon.WORDS`), the gazetteer's included."""

    def __init__(self, lexicon: Lexicon, kind: str, fixed: frozenset[str]) -> None:
        self._lexicon, self._kind, self._fixed = lexicon, kind, fixed

    def __contains__(self, word: object) -> bool:
        return word in self._fixed or self._lexicon.has(self._kind, str(word))


class _Entities(MutableMapping):
    """Entity key -> Entity, with the weighted counts of each one's names.

    In memory, pickled compactly: read back, entities stay packed as tuples until first used. Over a store,
    entities are read from it as they are asked for (`prefetch` reads many at once) and forgotten once
    saved (`forget`)."""

    def __init__(self, store: Store | None = None) -> None:
        self.live: dict[str, Entity] = {}
        self.counts: dict[str, Counter[str]] = {}  # entity key -> weighted counts of display names
        self.packed: dict[str, tuple] = {}  # key -> (name, label, aliases, counts), not used yet
        self.store = store
        self._absent: set[str] = set()  # keys asked of the store that it does not have

    def __getitem__(self, key: str) -> Entity:
        entity = self.live.get(key)
        if entity is None:
            if key in self.packed:
                name, label, aliases, counts = self.packed.pop(key)
                entity = self.live[key] = Entity(key, name, label, set(aliases))
                self.counts[key] = Counter(counts)
            else:
                self.prefetch((key,))
                entity = self.live[key]  # KeyError for an unknown key
        return entity

    def prefetch(self, keys: Iterable[str]) -> None:
        """Read these entities from the store, those not read yet."""
        if self.store is None:
            return
        wanted = {k for k in keys if k and k not in self.live and k not in self._absent}
        if not wanted:
            return
        for e in self.store.entities(wanted):
            self.live[e.key] = Entity(e.key, e.name, e.label, set(e.aliases))
            self.counts[e.key] = Counter(e.counts or {e.name: 1})
        self._absent |= wanted - self.live.keys()

    def forget(self) -> None:
        """(Over a store, once the entities changed are saved.) Hold none of them any more."""
        if self.store is not None:
            self.live.clear()
            self.counts.clear()
            self._absent.clear()

    def __contains__(self, key: object) -> bool:
        if key in self.live or key in self.packed:
            return True
        if self.store is None or not isinstance(key, str):
            return False
        self.prefetch((key,))
        return key in self.live

    def get(self, key: str, default=None):  # type: ignore[override]
        try:
            return self[key]
        except KeyError:
            return default

    def __setitem__(self, key: str, entity: Entity) -> None:
        self.packed.pop(key, None)
        self._absent.discard(key)
        self.live[key] = entity

    def __delitem__(self, key: str) -> None:
        self.live.pop(key, None) or self.packed.pop(key)
        self.counts.pop(key, None)

    def _keys(self) -> list[str]:
        if self.store is not None:
            raise TypeError("the entities of a store are read by key, not listed: use Store.entities()")
        return [*self.live, *self.packed]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())

    def __getstate__(self) -> dict:
        if self.store is not None:
            raise TypeError("entities read from a store are not pickled: the store keeps them")
        packed = dict(self.packed)
        packed.update((k, (e.name, e.label, tuple(e.aliases), dict(self.counts.get(k, {}))))
                      for k, e in self.live.items())
        return {"packed": packed}

    def __setstate__(self, state: dict) -> None:
        self.live, self.counts, self.packed = {}, {}, state["packed"]
        self.store, self._absent = None, set()


class EntityLinker:
    """Canonical entities and the aliases that point to them; `link` resolves an article's mentions."""

    def __init__(self, entities: Iterable[Entity] = (), store: Store | None = None) -> None:
        """In memory, or over `store`: its entities and lexicon read as articles need them, and what is
        learned written back by `flush`."""
        self._entities = _Entities(store)
        # alias key -> entity key ("alias"); a firm's name without its kind (`extract.org_stem`) -> its entity
        # key ("stem"); every alias as written (`surface_key`) -> entity keys ("written"); last word of a
        # person's name -> entity keys ("surname"), and as written ("surname_written"); the first and last
        # word of every name ("first_word") and its first words (`_prefixes`, "prefix"), to skip the rest fast
        self._lexicon = StoreLexicon(store) if store is not None else Lexicon()
        self._vietnamese = False  # while linking a Vietnamese article
        self._accents = False  # while linking accented Vietnamese: names match with their accents
        self._capitalised = False  # ... in which sentences start with a capital, as names do
        self._english = False  # while linking an English article: other languages' place names are none
        self._here: set[str] = set()  # the entities of the article being linked, once resolved
        self._article = ""  # the article being linked, as the suffix of its local keys
        self._text = ""  # ... and its text
        self._given: dict[str, tuple[int, frozenset[str]]] = {}  # ... its people's given names (`_given_names`)
        self._named: set[str] = set()  # ... its mentions' names (`_local_key`)
        self._counts = self._entities.counts  # entity key -> weighted counts of display names
        self.update(entities)

    def update(self, entities: Iterable[Entity]) -> None:
        """Take these entity records as they are (from a store), with their aliases indexed."""
        for entity in entities:
            self._entities[entity.key] = Entity(entity.key, entity.name, entity.label, set(entity.aliases))
            self._counts[entity.key] = Counter(entity.counts or {entity.name: 1})
            for alias in {entity.name, *entity.aliases}:
                self._index(entity.key, alias)

    def __setstate__(self, state: dict) -> None:
        if "_alias" in state:  # pickled before the lexicon was one object (a snapshot of STATE_VERSION 3)
            lexicon = Lexicon()
            for kind, attribute in (("alias", "_alias"), ("stem", "_stems")):
                for name, key in state.pop(attribute).items():
                    lexicon.take(kind, name, key)
            for kind, attribute in (("written", "_written"), ("surname", "_surnames"),
                                    ("surname_written", "_surnames_written")):
                for name, keys in state.pop(attribute).items():
                    for key in keys:
                        lexicon.add(kind, name, key)
            lexicon.mark("first_word", state.pop("_first_words") - _gazetteer_first_words())
            lexicon.mark("prefix", state.pop("_prefixes") - _gazetteer_prefixes())
            state["_lexicon"] = lexicon
        self.__dict__.update(state)
        self._counts = self._entities.counts  # one dict, shared again after unpickling

    def lexicon_rows(self) -> Iterator[tuple[str, str, str]]:
        """(kind, name, entity key) of everything the lexicon holds in memory, to write it to a store."""
        return self._lexicon.rows()

    def flush(self) -> None:
        """(Over a store, in the writer's transaction, once the entities changed are saved.) Write the names
        learned; forget the names and entities read once there are many, so that memory stays bounded."""
        self._lexicon.flush()
        if len(self._entities.live) > _ENTITIES_KEPT or self._lexicon.held() > _NAMES_KEPT:
            self.forget()

    def forget(self) -> None:
        """(Over a store.) Hold none of the names and entities read: they are read again as needed. After a
        failed batch, what was learned and not written is dropped too."""
        self._lexicon.forget()
        self._entities.forget()

    @property
    def known(self) -> Mapping[str, Entity]:
        """Every entity known, by key (read only)."""
        return self._entities

    def read_ahead(self, keys: Iterable[str]) -> None:
        """(Over a store.) Read these entities at once, before `known` is asked for them one by one."""
        self._entities.prefetch(keys)

    def entities(self, keys: Iterable[str] | None = None) -> list[Entity]:
        """Copies of the known entities (all, or those with the given keys), sorted by key."""
        chosen = sorted(self._entities) if keys is None else sorted(k for k in set(keys) if k in self._entities)
        return [Entity(e.key, e.name, e.label, set(e.aliases), dict(self._counts.get(e.key, {})))
                for e in (self._entities[k] for k in chosen)]

    def link(self, article: Article, linked: Iterable[Mention] = ()) -> None:
        """Set `Mention.entity` for every mention of `article`, then add mentions of known entities the
        extractor missed (lowercase "ukraine", "mark rutte"). A known name the extractor cut into pieces
        ("kim jong" + "un") replaces them first. `linked`: mentions of the same article linked already (a
        title's, its text's), whose names count as named here ("Khai" in a title is the text's Tran Van Khai)."""
        article.mentions = [m for m in article.mentions if alias_key(m.text)]  # nothing to name: no entity
        vietnamese = (article.lang or "").startswith("vi")
        # Vietnamese written with its accents: every name matches as written ("trong", "in", is not Trọng)
        self._vietnamese = vietnamese
        self._accents = vietnamese and has_vietnamese_marks(article.text)
        self._english = (article.lang or "en").startswith("en")
        starts = [s.lstrip()[:1] for s in article.sentences if s.strip()]
        self._capitalised = sum(c.isupper() for c in starts) * 2 >= len(starts) > 0
        self._here = set()
        self._read_ahead(article)
        self._article = hashlib.blake2s(article.id.encode(), digest_size=4).hexdigest()
        self._text = article.text
        self._given = {}
        self._named = {self._local_key(m.text) for m in article.mentions}
        known = _KnownIndex(self)
        whole, pieces = known_over_pieces(article, known)
        if whole:
            kept = [m for i, m in enumerate(article.mentions) if i not in pieces]
            article.mentions = sorted(kept + whole, key=lambda m: m.start)
        # this article's names (`_local_key`) -> entity keys, a title's text's among them
        local: dict[str, str] = {self._local_key(m.text): m.entity for m in linked if m.entity is not None}
        weight = 1 if vietnamese else 2  # English sources spell names natively
        # known people named in full here whom the extractor missed ("Le Trung Hieu, director of ..."), first:
        # a given name or surname alone further on ("Hieu said") is theirs
        words = {w for m in article.mentions if " " in m.text.strip() for w in m.text.split()}
        alone = any(m.label == "PERSON" and " " not in m.text.strip() and m.text.strip() not in words
                    and is_vietnamese_syllable(m.text.strip()) for m in article.mentions)  # a given name alone
        # that no longer name here holds ("Hieu said"): looked for only then
        missed = [m for m in find_known(article, known)
                  if m.label == "PERSON" and " " in m.text.strip() and m.text[:1].isupper()] if alone else []
        if missed:
            article.mentions = sorted(article.mentions + missed, key=lambda m: m.start)
            for m in missed:
                self._assign(m, m.entity, local, weight)
        partner = self._acronym_partners(article)
        same = _named_as(article)
        # names paired first ("Sữa Đồng Xanh (DXM)"), so that the ticker or acronym is the firm's wherever it
        # stands in the article, before the pair too; then the longest names first
        order = sorted(range(len(article.mentions)), key=lambda i: (
            i not in partner, -len(article.mentions[i].text.split()), article.mentions[i].start))
        for i in order:
            mention = article.mentions[i]
            named = next((article.mentions[j].entity for j in same.get(i, ()) if article.mentions[j].entity), None)
            if mention.entity is None and named is not None:
                self._assign(mention, named, local, weight)  # "Xanh Pon" of "Saint Paul, known in Vietnamese as Xanh Pon"
            elif mention.entity is None:
                other = partner.get(i)
                key = self._resolve(mention, local)
                if other is not None and article.mentions[other].entity is None:
                    known_other = self._known_key(article.mentions[other], local)
                    if known_other is not None and key not in self._entities:
                        key = known_other
                self._assign(mention, key, local, weight)
                if other is not None and article.mentions[other].entity is None:
                    self._assign(article.mentions[other], key, local, weight)
        self._here = set(local.values())
        found = find_known(article, known)
        if found:
            article.mentions = sorted(article.mentions + found, key=lambda m: m.start)

    def _read_ahead(self, article: Article) -> None:
        """Over a store: read at once the names this article can use (each run of up to `NAME_WORDS` words,
        each mention's forms) and the entities they point to; names not foreseen are read when asked for."""
        if not isinstance(self._lexicon, StoreLexicon):
            return
        words = folded_words(article.text)[1]
        names = {" ".join(words[i:i + n]) for n in range(1, NAME_WORDS + 1) for i in range(len(words) - n + 1)}
        for m in article.mentions:
            name = clean_name(m.text)
            for form in (name, *name.split()[-1:], org_stem(name) or "", place_stem(name) or "", name.replace("-", " ")):
                names |= {alias_key(form), surface_key(form)}
        self._entities.prefetch(self._lexicon.prefetch(names))

    # -- resolution -------------------------------------------------------------------------------

    def _known_key(self, mention: Mention, local: dict[str, str]) -> str | None:
        """The key a mention already has a claim to (this article, the gazetteer as written, a seen alias,
        the gazetteer with accents folded), without person rules."""
        abroad = self._abroad(mention)
        if abroad is not None:
            return abroad
        here = local.get(self._local_key(mention.text))
        if here is not None:
            return here
        key = alias_key(mention.text)
        name = clean_name(mention.text)
        if self._english and alias_key(name) in gazetteer.foreign_only():
            return None  # "Francia Raisa", "Moldavia and Wallachia": another language's name is none in English
        exact = gazetteer.lookup_exact(name) if self._vietnamese or key not in _VIETNAMESE_PLACE_WORDS else None
        if exact is not None:
            return exact.key  # a known body first: "Sở Giao dịch Chứng khoán Hà Nội" is the Hanoi Stock Exchange
        body = local_bodies.key(mention.text) if mention.label == "ORG" else None
        if body is not None:
            return body  # "Sở Y tế Thanh Hóa", "Thanh Hoa Department of Health": a province's body, by kind and place
        english = self._named_in_english(mention, name)
        if english is not None:
            return english  # "Ủy ban Cạnh tranh Quốc gia" for the "National Competition Commission"
        aliased = self._lexicon.first("alias", key)
        if aliased is not None and aliased in self._entities and self._may_name(aliased, name, local.values()) \
                and not self._told_apart(mention, aliased):
            return self._paired_since(aliased, name)
        brand = self._lexicon.first("stem", key)  # a firm by its brand alone: "Hanul" for "Hanul Energy"
        if brand is not None and self._brand_alike(brand, name) and (
                has_vietnamese_marks(name) or getattr(self._entities.get(brand), "label", None) != "LOC"):
            return brand  # a facility by its name as Vietnamese writes it ("Mỹ Đình"); "Illinois" is no river
        # "Tập đoàn Sao Việt" for "Sao Viet Group"; "Mỹ Đình" (sân Mỹ Đình) for "My Dinh National Stadium"
        stem = org_stem(name) if mention.label == "ORG" else place_stem(name) if mention.label == "LOC" else None
        brand = self._lexicon.first("stem", alias_key(stem)) or self._lexicon.first("alias", alias_key(stem)) \
            if stem else None
        if brand is not None and self._brand_alike(brand, stem) and \
                getattr(self._entities.get(brand), "label", None) == mention.label and \
                (mention.label == "ORG" or self._named_in_vietnamese(brand)):
            return brand
        if mention.label == "PERSON" and "-" in key:  # "Park Sung-ho" for "Park Sung Ho" (`_index`)
            spaced = self._lexicon.first("alias", key.replace("-", " "))
            if spaced is not None and spaced.startswith("PERSON:") and spaced in self._entities:
                return spaced
        # outside Vietnamese a table name as written only, not a Vietnamese one without its marks: "Anh's
        # lawyer" is no Anh (the UK)
        known = gazetteer.lookup_written(name) if self._vietnamese else \
            None if key in _VIETNAMESE_PLACE_WORDS else gazetteer.lookup_exact(name)
        if known is not None:
            return known.key
        plain = f"ORG:{local_bodies.plain_name(name)}"  # "Bệnh viện Xanh Pôn" of "Bệnh viện Đa khoa Xanh Pôn"
        if mention.label == "ORG" and plain in self._entities:
            return plain
        kind = _LOWERCASE_WORD.match(self._text, mention.end)  # "Saint Paul hospital": Saint Paul General Hospital
        longer = f"ORG:{local_bodies.plain_name(f'{name} {kind.group(1)}')}" \
            if kind and local_bodies.kind_word(kind.group(1)) else None
        return longer if longer in self._entities else None

    def _abroad(self, mention: Mention) -> str | None:
        """The key of a body written with a Vietnamese body's name before a country's: "Bộ Quốc phòng Nga" is
        Russia's defence ministry, "Quốc hội Mỹ" the US Congress, "Bộ Ngoại giao Việt Nam" Vietnam's."""
        known = gazetteer.lookup_exact(clean_name(mention.text)) if mention.label == "ORG" else None
        if known is None or known.key not in gazetteer.VIETNAM_BODIES:
            return None
        words = self._text[mention.end:mention.end + 40].split()[:3]
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n]).rstrip(".,;:")
            place = gazetteer.lookup_written(name) if name[:1].isupper() else None
            if place is not None and place.label == "LOC":
                return known.key if place.key == gazetteer.place_key("Vietnam") else "ORG:" + alias_key(
                    f"{mention.text} {name}")
        return None

    def _told_apart(self, mention: Mention, key: str) -> bool:
        """Whether the words around a Vietnamese mention give it another label than entity `key`'s: the
        actress of "diễn viên Thanh Hương" is not the commune of "xã Thanh Hương"."""
        if not self._accents:
            return False
        told = cued_label(self._text, mention.start, mention.end)
        # only person against place: after a title comes a person or a firm ("Tổng giám đốc Red River Freight")
        return {told, self._entities[key].label} == {"PERSON", "LOC"}

    def _may_name(self, key: str, name: str, here: Collection[str]) -> bool:
        """Whether `name`, found under a learned alias or surname of entity `key`, may stand for it.

        Not if the accents tell them apart: a name with Vietnamese accents, or any name in accented
        Vietnamese text, must match as the entity was written, so "Ngà" is not "Nga" (Russia), "Ánh" not
        "Anh" (the UK), and "trong" ("in") not Trọng. Nor a lone initial or lone Vietnamese word ("Hùng",
        "Người"), nor in any language the given name alone of a Vietnamese ("Hoa" of Trần Văn Hòa, "Lan Anh" of
        Nguyễn Thị Lan Anh), for an entity not among those `here`, in this article (`_only_here`,
        `_given_alone`)."""
        if self._accents or has_vietnamese_marks(name):
            written = surface_key(name)
            if key not in self._lexicon.many("written", written) \
                    and key not in self._lexicon.many("surname_written", written):
                return False
        return key in here or not (self._only_here(name) or self._given_alone(name, key))

    def _given_alone(self, name: str, key: str) -> bool:
        """Whether `name`, one or two words, is only the given name of `key`, a person with a Vietnamese name
        ("Hoa" for Trần Văn Hòa, "Lan Anh" for Nguyễn Thị Lan Anh): thousands share it, so outside the article
        that names them in full it is someone else, or a place's word ("Hoa Lac", "Tuyen Hoa" read as people)."""
        words = alias_key(key.partition(":")[2]).split()
        given = alias_key(name).split()
        return key.startswith("PERSON:") and 0 < len(given) <= 2 and len(words) > len(given) \
            and all(map(is_vietnamese_syllable, words)) and words[-len(given):] == given

    def _given_here(self, name: str, local: dict[str, str]) -> set[str]:
        """The people of this article (`local`) named in full with `name`, two Vietnamese syllables, as their
        given name: "Lan Anh" of "Nguyễn Thị Lan Anh"; in accented Vietnamese only as written. A full name is
        three or four syllables, a common surname first, and not two names run together, as in a caption
        ("Lam Trường Phương Thanh" where "Lam Trường" is named too; "Tác giả Nguyễn Á")."""
        if not all(map(is_vietnamese_syllable, name.split())):
            return set()
        written = surface_key(name).split() if self._accents else alias_key(name).split()
        here: set[str] = set()
        for alias, key in local.items():  # `local` holds this article's names as `_local_key` writes them
            words = alias.split()
            if key.startswith("PERSON:") and 2 < len(words) <= 4 and words[-2:] == written \
                    and alias_key(words[0]) in _VI_SURNAMES and all(map(is_vietnamese_syllable, words)) \
                    and " ".join(words[:-2]) not in self._named:
                here.add(key)
        return here

    def _given_names(self, key: str) -> frozenset[str]:
        """The first words of a person's names of two words or more ("anthony" of "Anthony Blinken"); none
        for another kind of entity. Kept for the article being linked while the person's aliases stay the
        same (they only grow), so that a long article does not fold them once per mention."""
        entity = self._entities.get(key)
        if entity is None or entity.label != "PERSON":
            return frozenset()
        seen = self._given.get(key)
        if seen is None or seen[0] != len(entity.aliases):
            words = (alias_key(a).split() for a in entity.aliases)
            seen = self._given[key] = (len(entity.aliases), frozenset(w[0] for w in words if len(w) > 1))
        return seen[1]

    def _resolve(self, mention: Mention, local: dict[str, str]) -> str:
        """The entity key for a mention, or a new key (not yet in `_entities`) to create."""
        name = alias_key(mention.text)
        if mention.label == "EVENT":  # a storm, by its name alone in every writing: "Na-ri", "Na Ri", "Nari"
            return "EVENT:" + re.sub(r"[\s-]+", "", name)
        words = name.split()
        if self._local_key(mention.text) not in local and len(words) == 1 and not is_acronym(mention.text):
            # a surname alone refers first to the person named in full in the same article
            in_article = {k for k in self._people_named(mention.text) if k in local.values()}
            if len(in_article) == 1:
                return next(iter(in_article))
            # a given name alone ("Ngoại trưởng Mỹ Anthony") refers to the one person of that name here
            by_given = set() if mention.label != "PERSON" or gazetteer.lookup(clean_name(mention.text)) else {
                k for k in set(local.values()) if name in self._given_names(k)}
            if len(by_given) == 1:
                return next(iter(by_given))
        if mention.label == "PERSON" and len(words) == 2:  # a two-syllable given name: "bà Lan Anh"
            in_article = self._given_here(mention.text, local)
            if len(in_article) == 1:
                return next(iter(in_article))
        kind = local_bodies.kind_of(mention.text) if mention.label == "ORG" and local_bodies.key(mention.text) is None \
            and gazetteer.lookup_exact(clean_name(mention.text)) is None else None
        if kind is not None:  # "Sở Y tế" alone: the one this article names in full, else none other's
            named = {k for k in local.values() if k.startswith(f"ORG:{kind} ")}
            if len(named) == 1:
                return next(iter(named))
            if self._vietnamese:
                return f"ORG:{name}{_LOCAL}{self._article}"
        known = self._known_key(mention, local)
        if known is not None:
            return known
        if not is_acronym(mention.text):
            person = self._person(mention.text, local, strict_label=mention.label != "PERSON") or \
                self._family_name_first(mention, words)
            if person is not None:
                return person
        # a known surname at the end makes a person ("Mark Rutte" read as an organisation), but not a
        # Vietnamese organisation found by its head word, nor a place by the kind of place before it, since
        # given names are everyday words ("Chính phủ", "quận Bình Tân", "sông Trà Khúc")
        person = bool(self._lexicon.many("surname", _name_parts(name)[1])) and not (self._accents and (
            mention.label == "ORG" or mention.label == "LOC" and place_cue(self._text, mention.start)))
        label = "PERSON" if person else mention.label
        if label == "PERSON" and self._only_here(mention.text):
            return f"{label}:{name}{_LOCAL}{self._article}"  # "Nam", "H.": someone of this article
        key = f"{label}:{local_bodies.plain_name(mention.text) if label == 'ORG' else name}"
        if key in self._entities and key not in self._spelled_alike(mention.text):
            key = f"{label}:{surface_key(mention.text)}"  # "Nguyễn Văn Ân" is not "Nguyễn Văn An"
        english = english_names(mention.text) if label == "ORG" and self._accents else []
        if english and f"ORG:{local_bodies.plain_name(english[0])}" not in self._entities:
            key = f"ORG:{local_bodies.plain_name(english[0])}"  # the key an English article naming it gives
        return key

    def _family_name_first(self, mention: Mention, words: list[str]) -> str | None:
        """A known person whose two-word name this is in the other order: "Takaichi Sanae" for "Sanae Takaichi"
        (Japanese, Chinese and Korean names are written family name first, and often turned round in English);
        not a Vietnamese name, whose syllables make other names in another order."""
        if mention.label != "PERSON" or len(words) != 2 or all(map(is_vietnamese_syllable, words)) or \
                min(zipf_frequency(w, "en") for w in words) >= _COMMON_NAME_ZIPF and not _HYPHENATED_GIVEN.search(mention.text):
            return None  # "Morgan James" is not "James Morgan": both are everyday English names ("Sung-ho" is none)
        key = self._lexicon.first("alias", f"{words[1]} {words[0]}") or \
            self._lexicon.first("alias", f"{words[1]} {words[0]}".replace("-", " "))
        return key if key is not None and key.startswith("PERSON:") and key in self._entities else None

    def _named_in_english(self, mention: Mention, name: str) -> str | None:
        """The organisation a Vietnamese body's name is in English word by word (`in_english`), if the gazetteer
        or an article named it so: "Ủy ban Cạnh tranh Quốc gia" for the "National Competition Commission"."""
        if mention.label != "ORG" or not self._accents:
            return None
        for english in english_names(name):
            known = gazetteer.lookup_exact(english)
            if known is not None:
                return known.key
            key = self._lexicon.first("alias", alias_key(english))
            if key is not None and key.startswith("ORG:") and key in self._entities:
                return key
        return None

    def _paired_since(self, key: str, name: str) -> str:
        """For an acronym whose first entity has no other name (a ticker met before any article paired it: "DXM
        shares rose"), the one organisation an article has paired it with since ("Dong Xanh Dairy JSC (DXM)");
        else `key`. The first entity keeps its key and the mentions it has."""
        entity = self._entities.get(key)
        if not is_acronym(name) or entity is None or entity.label != "ORG" or any(
                alias_key(a) != alias_key(name) for a in entity.aliases | {entity.name}):
            return key
        paired = [k for k in sorted(self._lexicon.many("written", surface_key(name)) - {key})
                  if getattr(self._entities.get(k), "label", None) == "ORG"]
        return paired[0] if len(paired) == 1 else key

    def _named_in_vietnamese(self, key: str) -> bool:
        """Whether entity `key` has a name written with Vietnamese marks: a place "sân Mỹ Đình" named, which "My
        Dinh National Stadium" is (not the state "Illinois" for "Illinois River")."""
        entity = self._entities.get(key)
        return entity is not None and any(map(has_vietnamese_marks, entity.aliases | {entity.name}))

    def _brand_alike(self, key: str, brand: str) -> bool:
        """Whether a firm's brand (its name without its kind) is spelled as entity `key`'s: the same, or
        written without accents, as English writes Vietnamese firms ("Kim Phat" for "Công ty Kim Phát")."""
        return key in self._spelled_alike(brand) or not has_vietnamese_marks(brand)

    def _spelled_alike(self, name: str) -> Set[str]:
        """The entities with an alias that is `name` as written, or `name` written without accents, as English
        writes Vietnamese names ("Pham Duc Khai" for "Phạm Đức Khải"). A name differently accented is
        someone else ("Nguyễn Văn An" for "Nguyễn Văn Ân")."""
        # an alias without accents is written as `alias_key` writes the name: "pham duc khai"
        written = self._lexicon.many("written", surface_key(name))
        bare = self._lexicon.many("written", alias_key(name)) - written
        if bare and has_vietnamese_marks(name):  # not an entity also written with other accents: "Nguyen Van
            bare = {k for k in bare if not self._accented_otherwise(k, name)}  # An" is An's, not Ân's too
        return written | bare

    def _accented_otherwise(self, key: str, name: str) -> bool:
        """Whether entity `key` has a name that is `name` with other Vietnamese accents."""
        entity = self._entities.get(key)
        folded, written = alias_key(name), surface_key(name)
        return entity is not None and any(has_vietnamese_marks(a) and alias_key(a) == folded
                                          and surface_key(a) != written for a in entity.aliases | {entity.name})

    def _only_here(self, name: str) -> bool:
        """Whether a name can only mean someone or something of this article: initials alone ("H.",
        "Đ. T.P.", how the press names a suspect) or, in accented Vietnamese, one word ("Công", "Hoa"); thousands
        share either. A person so named is linked to the one named in full here, else made an entity of
        this article only (`is_local`). A foreign surname alone ("Blinken") is left free."""
        bare = name.strip().rstrip(".")
        if all(_is_initial(w) for w in bare.split()):
            return True  # "H.", "Đ. T.P."
        return self._accents and " " not in bare and is_vietnamese_syllable(bare)

    def _local_key(self, name: str) -> str:
        return surface_key(name) if self._accents else alias_key(name)

    def _people_named(self, name: str) -> Set[str]:
        """Known people whose surname (for Vietnamese, the given name) is the last word of `name`; in a
        Vietnamese article only as written, accents included ("Ngà" is not "Nga")."""
        people = self._lexicon.many("surname", _name_parts(alias_key(name))[1])
        if self._accents and people:
            people = people & self._lexicon.many("surname_written", surface_key(_name_parts(name)[1]))
        return people

    def _person(self, text: str, local: dict[str, str], strict_label: bool) -> str | None:
        """A known person this name refers to: same surname, and a compatible given name if any; in accented
        Vietnamese, the same name as written, or as English writes it without accents."""
        name = alias_key(text)
        words = name.split()
        candidates = self._people_named(text)
        if not candidates or (strict_label and len(words) > 1):
            return None
        in_article = {k for k in candidates if k in local.values()}
        if len(words) == 1:
            anywhere = {k for k in candidates if not self._given_alone(text, k)}
            for pool in (in_article,) if self._only_here(text) else (in_article, anywhere):
                if len(pool) == 1:
                    return next(iter(pool))
            return None
        if self._accents and all(map(is_vietnamese_syllable, words)):
            # each syllable of a Vietnamese name is a word of its own: "Hà Trang" is not "Nha Trang"
            matches = candidates & self._spelled_alike(text)
            # a given name of two syllables is the person named in full here only ("Lan Anh")
            matches = {k for k in matches if k in in_article or not self._given_alone(text, k)}
        else:
            given_words, surname, generation = _name_parts(name)
            given = " ".join(given_words)
            self._entities.prefetch(candidates)  # over a store: every namesake read at once
            matches = {k for k in candidates if self._given_names_fit(k, surname, given, generation)}
            if len(candidates) > 1 and not self._accents:  # a bare "Kennedy" among several Kennedys is none of
                # them: no full name joins it (a Vietnamese name's last word is a given name: "ông Đàm" is Đàm Vĩnh Hưng)
                matches = {k for k in matches if self._given_names_fit(k, surname, given, generation, bare=False)}
        return next(iter(matches)) if len(matches) == 1 else None

    def _given_names_fit(self, key: str, surname: str, given: str, generation: str = "", bare: bool = True) -> bool:
        """True if a known person has only a surname on file (unless not `bare`), or a given name spelled
        nearly the same, and the same generation ("John F. Kennedy" is not "John F. Kennedy Jr.").

        Every alias is looked at (the answer must not depend on the order of a set of names)."""
        entity = self._entities.get(key)
        if entity is None:
            return False
        names = [(theirs_given, their_generation) for theirs_given, theirs, their_generation in (
            _name_parts(alias_key(a)) for a in entity.aliases | {entity.name}) if theirs == surname]
        given_names = [(" ".join(w), g) for w, g in names if w]
        if not given_names:
            return bare and bool(names)
        return any(SequenceMatcher(None, g, given).ratio() >= _GIVEN_NAME_SIMILARITY and theirs == generation
                   for g, theirs in given_names)

    @staticmethod
    def _acronym_partners(article: Article) -> dict[int, int]:
        """Pairs "long form (ACR)" both ways, or a firm's name and its brand ("(BinhMinhBank)"): mention index -> index
        of its partner; a person is no long
        form. A place (labelled so, or a place the gazetteer knows) before an acronym that is no place's is the
        end of a longer name the extractor did not take whole: in "Tổng công ty đường cao tốc Việt Nam (VEC)", VEC
        is not Vietnam, nor in "Électricité du Vietnam (EVN)" is EVN."""
        pairs: dict[int, int] = {}
        mentions, text = article.mentions, article.text
        for i in range(1, len(mentions)):
            cur = mentions[i]
            opened = _TICKER_OPEN.search(text, max(0, cur.start - 40), cur.start)
            closed = text[cur.end:cur.end + 1]
            if opened is None or closed not in (")", ","):
                continue
            # the name before the bracket, past an exchange named in it ("(HOSE: DXM)")
            j = next((j for j in range(i - 1, -1, -1) if mentions[j].end <= opened.start()), None)
            if j is None or j in pairs or not _LEGAL_FORM.fullmatch(text, mentions[j].end, opened.start()):
                continue
            prev = mentions[j]
            # "Ngân hàng TMCP Bình Minh (BinhMinhBank, mã BMB)": a firm's brand in CamelCase is its short name too;
            # "Đảng Thảo nguyên Xanh (Blue Steppe Party)": a body's English name after its Vietnamese one
            if not (is_acronym(cur.text) and closed == ")" or brand_word(cur.text) and prev.label == "ORG"
                    or _in_english(prev, cur, closed)):
                continue
            if prev.label == "PERSON":  # "Bà Trần Thị Mai (VASEP)": her organisation, not another name of hers
                continue
            if _cut_short(prev.text, cur.text):  # "Thanh tra Chính phủ (TTCP)": not the Government's name
                continue
            place = prev.label == "LOC" or getattr(gazetteer.lookup(clean_name(prev.text)), "label", None) == "LOC"
            if not place or getattr(gazetteer.lookup(clean_name(cur.text)), "label", None) == "LOC":
                pairs[j], pairs[i] = i, j  # "Électricité du Vietnam (EVN)": EVN is no name of Vietnam's
        return pairs

    # -- bookkeeping ------------------------------------------------------------------------------

    def _assign(self, mention: Mention, key: str, local: dict[str, str], weight: int) -> None:
        name = clean_name(mention.text)
        entity = self._entities.get(key)
        if entity is None:
            known = gazetteer.by_key().get(key)
            if known is not None:
                entity = Entity(key, known.name, known.label, set())
            else:
                entity = Entity(key, name, key.split(":", 1)[0], set())
            self._entities[key] = entity
            self._counts[key] = Counter()
        mention.entity = key
        mention.label = entity.label
        if local_bodies.place_of(key) is not None and local_bodies.key(name) is None:
            return  # "Sở Y tế" alone names this article's Sở Y tế Thanh Hóa, no other article's: no alias of it
        entity.aliases.add(name)
        self._counts[key][name] += weight
        self._index(key, name)
        local[self._local_key(name)] = key
        self._rename(entity)

    def _index(self, key: str, alias: str) -> None:
        if is_local(key):
            return  # found through this article's own names only (`link`'s `local`)
        name = alias_key(alias)
        words = name.split()
        lexicon = self._lexicon
        lexicon.take("alias", name, key)
        lexicon.add("written", surface_key(alias), key)
        lexicon.mark("first_word", {words[0], words[-1]} - _gazetteer_first_words())
        lexicon.mark("prefix", set(_prefixes(name)) - _gazetteer_prefixes())
        entity = self._entities[key]
        stem = org_stem(alias) if entity.label == "ORG" else place_stem(alias) if entity.label == "LOC" else None
        if stem and gazetteer.lookup(stem) is None:  # "Hanul Energy" is also "Hanul", "Hanoi Lotus FC" "Hanoi Lotus",
            # "My Dinh National Stadium" "My Dinh" (not "Hanoi Stadium" Hanoi)
            lexicon.take("stem", alias_key(stem), key)
            lexicon.add("written", surface_key(stem), key)
        if entity.label == "ORG" and has_vietnamese_marks(alias):  # "National Competition Commission" for
            for english in english_names(alias):  # "Ủy ban Cạnh tranh Quốc gia" (`in_english`)
                lexicon.take("alias", alias_key(english), key)
        if entity.label == "PERSON" and "-" in name:  # a given name in two parts may be written apart:
            lexicon.take("alias", name.replace("-", " "), key)  # "Park Sung Ho" is "Park Sung-ho"
            lexicon.add("written", surface_key(alias).replace("-", " "), key)
        if entity.label == "PERSON" and not is_acronym(alias):
            lexicon.add("surname", _name_parts(name)[1], key)
            lexicon.add("surname_written", surface_key(_name_parts(alias)[1]), key)

    def _rename(self, entity: Entity) -> None:
        """The fullest, most used Latin-script name, or its spelling with marks where the other outlets write
        it without them ("Nguyễn Văn Hùng", not "Nguyen Van Hung"); CLDR and table names stay as they are."""
        known = gazetteer.by_key().get(entity.key)
        if known is not None:
            entity.name = known.name
            return
        counts = self._counts[entity.key]
        folded = {name: fold_keep_offsets(name) for name in sorted(entity.aliases | {entity.name})}
        uses: Counter[str] = Counter()  # per spelling without marks, the uses of all its spellings
        for name, plain in folded.items():
            uses[plain] += counts.get(name, 0)
        written_plain = {plain for name, plain in folded.items() if plain == name.lower()}

        def score(name: str) -> tuple[bool, int, int, bool, int]:
            plain = folded[name]  # a name with marks counts as Latin when it is one written plain
            return plain in written_plain, len(name.split()), uses[plain], plain != name.lower(), counts.get(name, 0)

        entity.name = max(folded, key=score)
