"""Search over the stored articles: full text with Vietnamese diacritics folded, and semantic with the
embeddings stories are built from, combined in one ranking.

    from newsloom.search import Searcher
    searcher = Searcher(store, embedder)            # or Newsloom.search(...), which keeps one
    result = searcher.search("lũ Quảng Ngãi", lang="en", limit=10)
    for hit in result.articles:
        print(f"{hit.score:.4f}", hit.title, hit.matched, hit.snippet)
    for story in result.stories:
        print(story.id, story.headline, story.score)

- Text: the store's full-text index of folded titles and texts ("Quang Ngai" finds "Quảng Ngãi", "đ" is
  "d"), the query's words OR-ed and ranked by BM25. A hit must hold enough of the query's words (all of one
  or two, two thirds of more; function words such as "in" or "của" do not count), so that a stray word of
  the query does not bring in every article that has it. Vietnamese words are syllables, and folded ones
  collide ("Đà Nẵng" and "đã ... năng" are both "da nang"): a syllable next to another in the query ("Da
  Nang", "Quang Ngai flood") counts where the text has the two side by side.
- Semantic: the query embedded as an e5 query and compared (cosine) with every stored article's vector
  (title and lead), held in one matrix read once, then only for the articles stored since. Articles below
  `[search] min_cosine` (`min_cosine_vi` for a Vietnamese query and a Vietnamese article, which score higher
  with each other whatever they are about; newsloom.settings) are left out: a query about nothing in the store finds nothing rather
  than its nearest noise. This part finds articles in the other language. A Vietnamese query typed without
  its marks is embedded as its best word hits write it ("o nhiem khong khi": "ô nhiễm không khí").
- Names: the query's names of known entities (the gazetteer's, the store's aliases: "SBV" is the entity
  "NHNN" and "Ngân hàng Nhà nước" name too) find the articles that mention them, in any language; such an
  article holds the words of the name (the rest of the query it must hold as above).
- Related: the articles in another language whose title and lead are close to one of the query's best word
  hits (cosine at least `[search] min_related_cosine`): the same event across languages, whether or not the
  clusterer joined them ("flood recovery package" finds the Vietnamese "gói hỗ trợ … khắc phục hậu quả lũ").
- Fusion: reciprocal rank fusion (RRF) of the four rankings' top DEPTH each, score = sum of 1 / (RRF_K +
  rank). Filters (language, publication dates, source) apply to the candidates' stored rows, before ranks
  are counted.

A Searcher is safe to call from several threads (a web server's).
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from newsloom import lang as langdata
from newsloom.entities.extract import NAME_WORDS
from newsloom.entities.link import keys_named
from newsloom.entities.text import has_vietnamese_marks, is_vietnamese_syllable
from newsloom.facts.lineage import source_label
from newsloom.model import instant
from newsloom.settings import DEFAULTS, SearchSettings
from newsloom.store.base import StoreError, StoryRow
from newsloom.summarize import title_of
from newsloom.text.folding import fold_keep_offsets, loose_fold

if TYPE_CHECKING:
    from newsloom.embed import Embedder
    from newsloom.store.base import ArticleBrief, Store

MAX_QUERY = 500  # characters of a query (the REST API, the web page and the command take as many)
RRF_K = 60  # reciprocal rank fusion's constant (Cormack et al. 2009)
FOLDED_KEPT = 4096  # folded texts kept for the text hits of the next searches (a few MB)
DEPTH = 100  # candidates taken from each ranking
FILTERED_DEPTH = 400  # ... when filters will drop some of them
SNIPPET_CHARS = 240
RELATED_SEEDS = 3  # the best word hits whose articles in other languages are found through them
WITH_MARKS_LOOKED = 5  # the best word hits looked at for how they write a query typed without marks
RELATED_LOOKED = 8  # times the depth: the articles close to a seed looked through for the other language

_STOPWORDS = langdata.word_set("en", "search_stopwords") | langdata.word_set("vi", "search_stopwords")
_WORD = re.compile(r"\w+")


@dataclass
class ArticleHit:
    """An article found, with what it takes to show it (plain text: escaping is the renderer's job)."""

    id: str
    story_id: int | None
    title: str
    source: str  # the outlet, or where it was read from (a file's name), as stories name it
    lang: str | None
    published: datetime | None
    url: str | None
    score: float  # reciprocal rank fusion: higher is better
    snippet: str  # around the first word of the query the text holds, else the lead
    matched: tuple[str, ...]  # "text" (its words), "name" (an entity the query names), "semantic" (its meaning)
    similarity: float | None = None  # cosine with the query, when the semantic part found it

    @property
    def instant(self) -> datetime | None:
        """`published` as a UTC instant, to sort hits by (`newsloom.model.instant`)."""
        return instant(self.published)


@dataclass
class StoryHit(StoryRow):
    """A story of the articles found: its listed fields, its best article's score and its articles found."""

    score: float = 0.0
    hits: list[str] = field(default_factory=list)  # ids of its articles found, best first


@dataclass
class SearchResult:
    query: str
    articles: list[ArticleHit]  # best first, paged by limit and offset
    stories: list[StoryHit]  # the stories of all the articles found, by their best article, paged the same way
    total_articles: int = 0  # found, before paging
    total_stories: int = 0


@dataclass
class Query:
    """A query as search reads it."""

    words: list[str]  # folded, distinct, in order
    needed: list[str]  # those a text hit is checked for (not function words)
    at_least: int  # how many of `needed` a text hit must hold: all of one or two, two thirds of more
    pairs: set[tuple[str, str]]  # neighbouring Vietnamese syllables: held where a text has them side by side
    vietnamese: bool  # written in Vietnamese: with its marks, or only in its syllables
    pattern: re.Pattern[str] | None = None  # finds in a folded text the needed words and the pairs
    written: list[str] = field(default_factory=list)  # its words as written, in order
    names: dict[str, frozenset[str]] = field(default_factory=dict)  # entity key -> the folded words naming it
    # `pattern` without the pairs that hold a name's word, for an article that names it: "xe Anh" in an article
    # about the UK that says "xe" anywhere
    named_pattern: re.Pattern[str] | None = None
    forms: dict[str, str] = field(default_factory=dict)  # a needed word's forms (plurals) -> the word itself

    def of(self, word: str) -> str:
        """The needed word `word` is a form of (itself if none)."""
        return self.forms.get(word, word)

    @cached_property
    def spellings(self) -> dict[str, list[str]]:
        """Each needed word's forms, itself alone if it has none (what `holds` looks for in a text)."""
        return {w: [f for f, of in self.forms.items() if of == w] or [w] for w in self.needed}


def parse_query(q: str) -> Query:
    written = _WORD.findall(unicodedata.normalize("NFC", q).lower())
    words: dict[str, bool] = {}  # folded -> a function word
    for w in written:
        words.setdefault(fold_keep_offsets(w), w in _STOPWORDS)
    needed = [w for w, stop in words.items() if not stop] or list(words)
    at_least = len(needed) if len(needed) <= 2 else math.ceil(2 * len(needed) / 3)
    syllables = [is_vietnamese_syllable(w) for w in written]
    pairs = {(fold_keep_offsets(a), fold_keep_offsets(b))
             for a, b, sa, sb in zip(written, written[1:], syllables, syllables[1:], strict=False) if sa and sb}
    vietnamese = any(has_vietnamese_marks(w) for w in written) or (len(written) > 1 and all(syllables))
    forms = {f: w for w in needed for f in _plural_forms(w)}
    return Query(list(words), needed, at_least, pairs, vietnamese, _pattern(needed, pairs, forms),
                 _WORD.findall(unicodedata.normalize("NFC", q)), forms=forms)


def _plural_forms(word: str) -> set[str]:
    """An English word's singular and plural ("overrun" and "overruns", "tariffs", "subsidies"), so that
    "cost overrun" finds "cost overruns"; none for a Vietnamese syllable or a short word."""
    if not (word.isascii() and word.isalpha() and len(word) >= 4) or is_vietnamese_syllable(word):
        return set()
    forms = {word, word + "s", word + "es"}
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    elif word.endswith("es"):
        forms |= {word[:-2], word[:-1]}
    elif word.endswith("s"):
        forms.add(word[:-1])
    if word.endswith("y"):
        forms.add(word[:-1] + "ies")
    return forms - {word[:-1]} if word.endswith("ss") else forms


def _pattern(needed: list[str], pairs: set[tuple[str, str]], forms: dict[str, str] | None = None
             ) -> re.Pattern[str] | None:
    """What finds in a folded text the `needed` words (or their `forms`), those of `pairs` only side by side."""
    paired = {w for pair in pairs for w in pair}
    alternatives = [rf"{re.escape(a)}\W+{re.escape(b)}" for a, b in sorted(pairs)]
    alternatives += [re.escape(w) for w in needed if w not in paired]
    alternatives += [re.escape(f) for f, w in sorted((forms or {}).items()) if f != w and w not in paired]
    # at every word start (a lookahead: the pairs of "quang ngai" and "ngai flood" overlap)
    return re.compile(rf"(?<!\w)(?=({'|'.join(alternatives)})(?!\w))") if alternatives else None


def name_spans(query: Query) -> dict[str, tuple[int, int]]:
    """Each run of up to NAME_WORDS of the query's written words that could be a name (not starting or
    ending with a function word) -> its first word and the word after it."""
    words = query.written
    return {" ".join(words[i:j]): (i, j) for i in range(len(words)) for j in range(i + 1, min(len(words), i + NAME_WORDS) + 1)
            if words[i].lower() not in _STOPWORDS and words[j - 1].lower() not in _STOPWORDS}


def holds(folded: str, query: Query, given: Iterable[str] = ()) -> bool:
    """Whether a title and text, folded (`fold_keep_offsets`), hold enough of the query's words; see Query.
    `given`: words held already (those of the query's names the article mentions)."""
    held = set(given)
    if sum(w in held or any(f in folded for f in query.spellings[w]) for w in query.needed) < query.at_least:  # cheap, first
        return False
    if sum(w in held for w in query.needed) >= query.at_least:
        return True
    pattern = query.named_pattern if held else query.pattern
    if pattern is None:
        return False
    for m in pattern.finditer(folded):  # until enough are held
        held.update(query.of(w) for w in _WORD.findall(m.group(1)))
        if sum(w in held for w in query.needed) >= query.at_least:
            return True
    return False


def snippet(text: str, words: list[str], width: int = SNIPPET_CHARS, folded: str | None = None) -> str:
    """About `width` characters of `text`, plain: around the first of `words` (folded) it holds, else its
    lead; white space squeezed, "…" where it was cut. `folded`: `text` folded already (fold_keep_offsets)."""
    start = 0
    if words:
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
                             + r")(?!\w)")
        m = pattern.search(folded if folded is not None else fold_keep_offsets(text))
        if m and m.start() > width // 3:
            start = text.rfind(" ", 0, m.start() - width // 3) + 1
    end = start + width
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start + width // 2 else end
    body = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def _as_written(seqs: list[int], query: Query, rows: Mapping[int, ArticleBrief]) -> list[int]:
    """The text hits holding the query's words written with marks as written ("bão", a storm, is not "báo",
    a newspaper, nor "bảo"; "Vũ nhôm" is not "vụ nhóm"), and those in other languages than Vietnamese, in
    their order; the words of a name aside (a name is found in any spelling). All of them for a query
    written without marks, or when none holds its words so."""
    named = {w for words in query.names.values() for w in words}
    marked = {w.lower() for w in query.written if has_vietnamese_marks(w) and fold_keep_offsets(w.lower()) not in named}
    if not marked:
        return seqs
    regex = re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in sorted(marked)))

    def as_written(seq: int) -> bool:
        a = rows[seq]
        return len({m.group() for m in regex.finditer(f"{a.title}\n{a.text}".lower())}) == len(marked)

    # an article in another language writes Vietnamese words without their marks ("pho", "Quang Ngai"): kept
    return [seq for seq in seqs if as_written(seq) or rows[seq].lang != "vi"] or seqs


def query_problem(q: str, since: datetime | date | None, until: datetime | date | None) -> str | None:
    """Why a search cannot be run as asked (no words, too many, dates the wrong way round), or None."""
    if not q.strip():
        return "give words to search for, e.g. \"lũ Quảng Ngãi\""
    if len(q) > MAX_QUERY:
        return f"a query of {len(q):,} characters: give at most {MAX_QUERY}"
    if since is not None and until is not None and _after(since, until):
        return f"from {since.isoformat()} is after to {until.isoformat()}: nothing can be in between"
    return None


def _after(begin: datetime | date, end: datetime | date) -> bool:
    """Whether the day or time `begin` falls after `end` (a day and a time compared by their days)."""
    if isinstance(begin, datetime) and isinstance(end, datetime):
        if (begin.tzinfo is None) == (end.tzinfo is None):
            return begin > end  # two instants, or two wall clocks
        return begin.replace(tzinfo=None) > end.replace(tzinfo=None)
    return (begin.date() if isinstance(begin, datetime) else begin) > (end.date() if isinstance(end, datetime) else end)


def _within(published: datetime, since: datetime | date | None, until: datetime | date | None) -> bool:
    """Whether `published` is from `since` to `until`. A day is compared with the article's own day, a time
    without an offset with its own clock (where it was published), a time with one as that instant (an
    article's time without an offset taken as UTC)."""
    for bound, after in ((since, True), (until, False)):
        if bound is None:
            continue
        if not isinstance(bound, datetime):
            a, b = published.date(), bound
        elif bound.tzinfo is None:
            a, b = published.replace(tzinfo=None), bound
        else:
            a, b = published if published.tzinfo else published.replace(tzinfo=UTC), bound
        if (a < b) if after else (a > b):
            return False
    return True


class Searcher:
    """Full-text and semantic search over one store's articles; see the module's doc."""

    def __init__(self, store: Store, embedder: Embedder, settings: SearchSettings = DEFAULTS.search) -> None:
        self.store = store
        self.embedder = embedder
        self.min_cosine = settings.min_cosine  # the cosine a semantic candidate needs (newsloom.settings)
        self.min_cosine_vi = settings.min_cosine_vi
        self.min_related_cosine = settings.min_related_cosine
        self._lock = threading.Lock()  # the vectors, while they are refreshed
        self._embedding = threading.Lock()  # one query embedded at a time
        self._matrix = np.zeros((0, embedder.dim), dtype=np.float32)  # a row per article with a vector
        self._seqs = np.zeros(0, dtype=np.int64)  # their sequence numbers
        self._last = 0  # the last article seq read
        # the folded texts of the latest text hits (stored texts never change): folding whole texts was
        # half of a search's time, on the interpreter's lock
        self._folded: OrderedDict[int, str] = OrderedDict()
        self._folding = threading.Lock()

    # -- vectors ---------------------------------------------------------------------------------
    def refresh(self) -> int:
        """Read the vectors of the articles stored since the last call (all of them the first time); return
        how many the matrix holds."""
        top = self.store.max_seq()
        with self._lock:
            if top != self._last:
                rows = list(self.store.article_vectors(after=self._last))
                if rows:
                    vectors = np.stack([r[2] for r in rows]).astype(np.float32, copy=False)
                    if vectors.shape[1] != self._matrix.shape[1]:
                        raise StoreError(f"{self.store.path}: its vectors have {vectors.shape[1]} dimensions, the "
                                         f"embedder {self.embedder.name!r} makes {self._matrix.shape[1]}: search "
                                         "it with the embedder it was built with")
                    # new arrays, never grown in place: a search under way keeps those it took
                    self._matrix = np.vstack([self._matrix, vectors])
                    self._seqs = np.concatenate([self._seqs, np.array([r[0] for r in rows], dtype=np.int64)])
                self._last = max(top, rows[-1][0]) if rows else top
            return len(self._seqs)

    def _vectors(self) -> tuple[np.ndarray, np.ndarray]:
        self.refresh()
        with self._lock:
            return self._matrix, self._seqs

    # -- search ----------------------------------------------------------------------------------
    def _folded_text(self, a: ArticleBrief) -> str:
        folded = self._folded.get(a.seq)
        if folded is None:
            folded = fold_keep_offsets(f"{a.title}\n{a.text}")
            with self._folding:
                self._folded[a.seq] = folded
                while len(self._folded) > FOLDED_KEPT:
                    self._folded.popitem(last=False)
        return folded

    def search(self, q: str, *, lang: str | None = None, since: datetime | date | None = None,
               until: datetime | date | None = None, source: str | None = None, limit: int = 20,
               offset: int = 0) -> SearchResult:
        """The articles that match `q` (by their words, folded, or by meaning, in any language) and their
        stories, best first; only those in language `lang`, published from `since` to `until` (a date: the
        whole day, on the article's own clock, as a time without an offset; an article with no date is then
        left out) and from `source` (accents and case ignored)."""
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must be 0 or more")
        query = parse_query(q)
        if not query.words:
            return SearchResult(q, [], [])
        depth = FILTERED_DEPTH if lang or since or until or source else DEPTH

        source_key = loose_fold(source) if source else None

        def keep(a: ArticleBrief) -> bool:
            if (lang and a.lang != lang) or (source_key and loose_fold(source_label(a.source, a.origin)) != source_key):
                return False
            if since is not None or until is not None:
                return a.published is not None and _within(a.published, since, until)
            return True

        seqs: set[int] = set()
        text_hits = self.store.search_text(" ".join([q, *query.forms]), depth)  # plurals too
        semantic = self._semantic(self._with_marks(query, text_hits) or q, depth, seqs)  # seq -> cosine, best first
        self._name(query)
        # seq -> entities; the more when other words must hold too, since most such articles will not
        others = any(w not in {n for words in query.names.values() for n in words} for w in query.needed)
        naming = dict(self.store.articles_naming(query.names, depth * (4 if others else 1))) if query.names else {}
        briefs = {a.seq: a for a in self.store.article_briefs(seqs | {h.seq for h in text_hits} | naming.keys())}

        def given(seq: int) -> set[str]:
            return {w for key in naming.get(seq, ()) for w in query.names[key]}

        found_by_words = [s for s in dict.fromkeys([h.seq for h in text_hits] + list(naming))
                          if s in briefs and holds(self._folded_text(briefs[s]), query, given(s))]
        related = self._related(_as_written(found_by_words, query, briefs)[:RELATED_SEEDS], briefs, depth)
        rows = {s: a for s, a in briefs.items() if keep(a)}
        text = _as_written([h.seq for h in text_hits if h.seq in rows and h.seq in found_by_words], query, rows)
        named = [s for s in naming if s in rows and s in found_by_words]
        related = [s for s in related if s in rows]
        semantic = {s: c for s, c in semantic.items()
                    if s in rows and (c >= self.min_cosine_vi or rows[s].lang != "vi" or not query.vietnamese)}

        scores: dict[int, float] = {}
        matched: dict[int, list[str]] = {}
        for kind, ranking in (("text", text), ("name", named), ("semantic", list(semantic)), ("related", related)):
            for rank, seq in enumerate(ranking, 1):
                scores[seq] = scores.get(seq, 0.0) + 1.0 / (RRF_K + rank)
                matched.setdefault(seq, []).append(kind)
        order = sorted(scores, key=lambda s: (-scores[s], s))

        # a name as the article wrote it, for its snippet (not "my" or "us": short ones may be words)
        aliases = {e.key: [fold_keep_offsets(n) for n in e.aliases if len(n) > 3] for e in self.store.entities(query.names)}
        hits = []
        for n, seq in enumerate(order):
            a = rows[seq]
            shown = offset <= n < offset + limit  # snippets for the page only
            words = query.needed + [*query.forms] + [n for key in naming.get(seq, ()) for n in aliases.get(key, ())]
            cut = snippet(a.text, words, folded=self._folded_text(a)[len(a.title) + 1:]) if shown else ""
            hits.append(ArticleHit(a.id, a.story_id, title_of(a.title, a.text), source_label(a.source, a.origin),
                                   a.lang, a.published, a.url, round(scores[seq], 6), cut, tuple(matched[seq]),
                                   semantic.get(seq)))

        found: dict[int, list[ArticleHit]] = {}  # story -> its hits, best first; stories by their best hit
        for hit in hits:
            if hit.story_id is not None:
                found.setdefault(hit.story_id, []).append(hit)
        stories = []
        for sid in list(found)[offset:offset + limit]:
            row = self.store.story(sid)
            if row is not None:
                stories.append(StoryHit(**vars(row), score=found[sid][0].score, hits=[h.id for h in found[sid]]))
        return SearchResult(q, hits[offset:offset + limit], stories, len(hits), len(found))

    def _name(self, query: Query) -> None:
        """Fill `query.names`: the runs of its words that name a known entity, longest first, none inside
        another (`keys_named`)."""
        spans = name_spans(query)
        keys = keys_named(spans, self.store)
        taken: set[int] = set()
        for name, (i, j) in sorted(spans.items(), key=lambda s: (s[1][0] - s[1][1], s[1][0])):
            if name in keys and taken.isdisjoint(range(i, j)):
                taken.update(range(i, j))
                words = query.names.setdefault(keys[name], frozenset())
                query.names[keys[name]] = words | {fold_keep_offsets(w.lower()) for w in query.written[i:j]}
        named = {w for words in query.names.values() for w in words}
        query.named_pattern = _pattern(query.needed, {p for p in query.pairs if named.isdisjoint(p)}, query.forms) \
            if named else query.pattern

    def _related(self, seeds: list[int], briefs: dict[int, ArticleBrief], depth: int) -> list[int]:
        """The articles in another language than a seed (one of the query's best word hits) whose title and
        lead have at least `min_related_cosine` with it, best first: the same event across languages, whether
        or not the clusterer joined the two (their briefs added to `briefs`)."""
        matrix, known = self._vectors()
        where = {int(s): i for i, s in enumerate(known)}
        seeds = [s for s in seeds if s in where and s in briefs]
        if not seeds:
            return []
        sims = matrix @ matrix[[where[s] for s in seeds]].T  # (articles, seeds)
        best = sims.max(axis=1)
        found = sorted((i for i in np.flatnonzero(best >= self.min_related_cosine) if int(known[i]) not in seeds),
                       key=lambda i: -best[i])[:depth * RELATED_LOOKED]
        related: list[int] = []
        for at in range(0, len(found), depth * 2):  # best first, in batches: same-language copies may come first
            batch = found[at:at + depth * 2]
            briefs.update({a.seq: a for a in self.store.article_briefs(int(known[i]) for i in batch)})
            related += [int(known[i]) for i in batch if int(known[i]) in briefs and any(
                sims[i, j] >= self.min_related_cosine and briefs[int(known[i])].lang != briefs[s].lang
                for j, s in enumerate(seeds))]
            if len(related) >= depth:
                break
        return related[:depth]

    def _with_marks(self, query: Query, text_hits: list) -> str | None:
        """A Vietnamese query typed without its marks as the query's best word hits write it ("o nhiem khong
        khi": "ô nhiễm không khí"), to be read for its meaning: the embedder reads Vietnamese by its marks (a
        new user's unaccented query found a steel maker's profit first). None if typed with them or not
        found written whole."""
        if not query.vietnamese or any(has_vietnamese_marks(w) for w in query.written):
            return None
        phrase = re.compile(r"(?<!\w)" + r"\W+".join(re.escape(fold_keep_offsets(w.lower())) for w in query.written)
                            + r"(?!\w)")
        best = [h.seq for h in text_hits[:WITH_MARKS_LOOKED]]
        briefs = {a.seq: a for a in self.store.article_briefs(best)}
        for a in (briefs[seq] for seq in best if seq in briefs):  # best first (the store gives them by seq)
            if found := phrase.search(self._folded_text(a)):  # folded with its offsets: the same span as written
                written = " ".join(f"{a.title}\n{a.text}"[found.start():found.end()].lower().split())
                if has_vietnamese_marks(written):
                    return written
        return None

    def _semantic(self, q: str, depth: int, seqs: set[int]) -> dict[int, float]:
        """seq -> cosine of the `depth` articles closest to the query with at least `min_cosine`, best first
        (their seqs added to `seqs`)."""
        matrix, known = self._vectors()
        if not len(known):
            return {}
        with self._embedding:
            v = self.embedder.embed_queries([q])[0]
        sims = matrix @ v
        top = np.argpartition(-sims, depth - 1)[:depth] if len(sims) > depth else np.arange(len(sims))
        top = top[np.argsort(-sims[top], kind="stable")]
        out = {int(known[i]): round(float(sims[i]), 4) for i in top if sims[i] >= self.min_cosine}
        seqs.update(out)
        return out
