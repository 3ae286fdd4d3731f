"""Extractive multi-document summary and headline of a story.

Sentences of the story's independent articles (copies left out) in one language are scored by LexRank
centrality over TF-IDF of word unigrams and bigrams (syllable pairs for Vietnamese), blended with a prior
for sentences near the top of an article, then picked greedily with MMR so no two say the same thing.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from newsloom import lang
from newsloom.model import Article, originals
from newsloom.settings import DEFAULTS, SummarySettings
from newsloom.text.dates import dateline as opening_dateline
from newsloom.text.normalize import cut_at_word
from newsloom.text.sentences import split_sentences
from newsloom.text.words import count, tokens

DEFAULT = DEFAULTS.summary  # the settings' defaults (newsloom.settings), each with its doc

_SENT_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’)]))\s+(?=[\"“‘(]?[A-ZÀ-Ỹ0-9Đ])|\n+")
_SPACES = re.compile(r"\s+")
# a quote whose speaker is only a pronoun ("'…,' he said.", "«…», a-t-il déclaré"): it means nothing alone
_PRONOUNS = lang.alternatives([*lang.table("common", "quote_pronouns"), *lang.table("fr", "quote_pronouns")])
_PRONOUN_SPEAKER = re.compile(rf"[\"”’»]\s*,?\s*(?:(?:{_PRONOUNS})\s+(?P<next>\w)|\w+-(?:t-)?(?:{_PRONOUNS})(?!\w))")


def _speaker_is_a_pronoun(text: str) -> bool:
    """Whether `text` quotes someone it names only by a pronoun: a lowercase word (a verb) after it, not a name
    ("ông nói", not "ông Thịnh nói")."""
    return any(m["next"] is None or m["next"].islower() for m in _PRONOUN_SPEAKER.finditer(text))


@dataclass
class Candidate:
    text: str
    article: int  # index into the independent articles
    position: int  # sentence index within its article
    words: int


def crude_sentences(text: str) -> list[str]:
    """Split on sentence-final punctuation before a capital, and on line breaks (no model needed)."""
    return [s for s in (_SPACES.sub(" ", p).strip() for p in _SENT_END.split(text)) if s]


def dominant_language(articles: list[Article]) -> str | None:
    """The language most independent articles are in (ties: the one with more words)."""
    counts: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for a in originals(articles):
        if a.lang:
            counts[a.lang] += 1
            words[a.lang] += count(a.text)
    if not counts:
        return None
    return max(counts, key=lambda lang: (counts[lang], words[lang]))


def summarize(articles: list[Article], max_words: int | None = None, lang: str | None = None,
              settings: SummarySettings = DEFAULT, leave_out: frozenset[str] = frozenset()) -> list[str]:
    """Central, non-redundant sentences of the story, at most `max_words` words in all (default: the
    settings' `words`; at least one sentence), none inside a sentence of `leave_out` (whitespace collapsed).

    `lang` picks the language to summarise in; by default the story's dominant language. Sentences come
    back in reading order: by article date, then by position in the article.
    """
    max_words = max_words or settings.words
    docs = _in_language(originals(articles), lang)
    picked: list[Candidate] = []
    used = 0
    for cand in rank_sentences(docs, settings=settings):
        if leave_out and any(cand.text in sentence for sentence in leave_out):
            continue
        if picked and used + cand.words > max_words:
            if max_words - used < settings.min_words:
                break
            continue
        picked.append(cand)
        used += cand.words
    order = {id(a): (_when(a), i) for i, a in enumerate(docs)}
    picked.sort(key=lambda c: (order[id(docs[c.article])], c.position))
    return [c.text for c in picked]


def rank_sentences(articles: list[Article], settings: SummarySettings = DEFAULT) -> Iterator[Candidate]:
    """Yield the articles' sentences best first, by centrality and position, skipping repeats (MMR).

    The caller chooses when to stop; the articles should be independent and in one language.
    """
    cands = _candidates(articles, settings)
    if not cands:
        return
    sims = tfidf_similarity([c.text for c in cands])
    centrality = lexrank(sims, settings.damping)
    prior = np.array([2.0 ** (-c.position / settings.position_decay) for c in cands])
    weight = settings.position_weight
    relevance = (1 - weight) * centrality / centrality.max() + weight * prior
    yield from _mmr(cands, sims, relevance, settings.mmr_lambda, settings.redundant,
                    _same_figures([c.text for c in cands], sims, settings.figure_overlap))


def lexrank(sims: np.ndarray, damping: float = DEFAULT.damping, iterations: int = 100) -> np.ndarray:
    """Continuous LexRank: stationary distribution of a random walk over the sentence similarity graph."""
    n = len(sims)
    weights = sims.copy()
    np.fill_diagonal(weights, 0.0)
    rows = weights.sum(axis=1, keepdims=True)
    # A sentence sharing nothing with the others jumps uniformly instead of trapping the walk.
    trans = np.where(rows > 0, weights / np.where(rows > 0, rows, 1.0), 1.0 / n)
    scores = np.full(n, 1.0 / n)
    for _ in range(iterations):
        new = damping / n + (1 - damping) * scores @ trans
        if np.abs(new - scores).sum() < 1e-8:
            return new
        scores = new
    return scores


TITLE_CHARS = 100  # a title made from an untitled article's first sentence is cut at a word to at most this long


def title_of(title: str, text: str) -> str:
    """`title`, or for an article without one its first sentence, cut at a word to TITLE_CHARS."""
    if title.strip():
        return title
    first = next(iter(split_sentences(text[:2000])), "")
    cut = cut_at_word(first, TITLE_CHARS)
    return cut if cut == first else cut.rstrip(",;:-–—") + "…"


def headline(articles: list[Article], lang: str | None = None) -> str:
    """The cleaned title of the independent article (in `lang`, or the dominant language) nearest the whole
    story, all its languages' articles counted (of two English articles, the one nearer what the Vietnamese
    and French outlets also say); with no title among them, the first sentence of the most central one."""
    story = originals(articles)
    docs = _in_language(story, lang)
    titled = [a for a in docs if a.title.strip()]
    if not docs:
        return ""
    best = (titled or docs)[_most_central(titled or docs, story)]
    return clean_title(title_of(best.title, best.text), best.source)


def clean_title(title: str, source: str | None = None) -> str:
    """Collapse whitespace and drop a trailing " - Outlet" / " | Outlet" naming the source or a domain."""
    title = _SPACES.sub(" ", unicodedata.normalize("NFC", title)).strip()
    m = re.search(r"\s+[-|–—]\s+([^-|–—]{2,40})$", title)
    if m:
        tail = m.group(1).strip().casefold()
        site = (source or "").casefold().removeprefix("www.")
        looks_like_domain = re.fullmatch(r"[\w.-]+\.[a-z]{2,}", tail) is not None
        if looks_like_domain or (site and (tail == site or tail == site.split(".")[0])):
            title = title[: m.start()].rstrip()
    return title




def _in_language(articles: list[Article], lang: str | None) -> list[Article]:
    langs = {a.lang for a in articles}
    chosen = lang if lang in langs else dominant_language(articles)
    return [a for a in articles if a.lang == chosen] if chosen else articles


def _when(a: Article) -> float:
    return a.published.timestamp() if isinstance(a.published, datetime) else float("inf")


def _candidates(articles: list[Article], settings: SummarySettings) -> list[Candidate]:
    out: list[Candidate] = []
    seen: set[str] = set()
    for ai, a in enumerate(articles):
        sents = a.sentences or crude_sentences(a.text)
        for pi, s in enumerate(sents[:settings.max_sentences]):
            text = _SPACES.sub(" ", s).strip()
            dateline = opening_dateline(text) if pi == 0 else None  # "Hà Nội, 18/11/2025 - Sáng 18/11, …"
            text = text[dateline.end():] if dateline and len(text) > dateline.end() else text
            n = count(text)
            key = unicodedata.normalize("NFC", text).casefold()
            if settings.min_words <= n <= settings.max_words and key not in seen and not _speaker_is_a_pronoun(text):
                seen.add(key)
                out.append(Candidate(text, ai, pi, n))
    return out


def _ngrams(text: str) -> list[str]:
    words = tokens(unicodedata.normalize("NFC", text).lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def tfidf_similarity(texts: list[str]) -> np.ndarray:
    """Cosine similarity of texts as TF-IDF vectors of their lowercased word unigrams and bigrams, with
    scikit-learn's weighting (sublinear term frequency, smoothed idf): a summary is made in every run,
    and importing scikit-learn alone took 1.2 s of the 3 s one new article took. Texts that share no
    word are unrelated, and a text without words is related to nothing, itself included."""
    n = len(texts)
    counts = [Counter(_ngrams(t)) for t in texts]
    df = Counter(term for c in counts for term in c)
    if not df:
        return np.eye(n)
    ids = {term: i for i, term in enumerate(df)}
    idf = np.log((1 + n) / (1 + np.fromiter(df.values(), float, len(df)))) + 1
    rows, cols, weights = [], [], []
    for row, c in enumerate(counts):
        if c:
            col = np.fromiter((ids[t] for t in c), int, len(c))
            w = (1 + np.log(np.fromiter(c.values(), float, len(c)))) * idf[col]
            rows.append(np.full(len(c), row))
            cols.append(col)
            weights.append(w / np.linalg.norm(w))
    row, col, weight = (np.concatenate(a) for a in (rows, cols, weights))
    order = np.argsort(col, kind="stable")
    row, col, weight = row[order], col[order], weight[order]
    sims = np.zeros((n, n))
    starts = np.flatnonzero(np.diff(col, prepend=-1))  # where each term's texts begin
    sizes = np.diff(starts, append=len(col))
    alone = starts[sizes == 1]  # a term of one text adds to its own similarity only
    np.add.at(sims, (row[alone], row[alone]), weight[alone] ** 2)
    for a, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True):
        r, w = row[a:a + size], weight[a:a + size]  # each shared term adds the products of its weights
        sims[np.ix_(r, r)] += np.outer(w, w)
    return sims


def _mmr(cands: list[Candidate], sims: np.ndarray, relevance: np.ndarray, lam: float,
         redundant: float, repeats: np.ndarray | None = None) -> Iterator[Candidate]:
    """Sentences by relevance less their likeness to those already given; none as like one as `redundant`, nor
    one `repeats` (a boolean matrix) says repeats it."""
    left = list(range(len(cands)))
    closest = np.zeros(len(cands))  # similarity of each sentence to the nearest one already picked
    while left:
        scores = lam * relevance[left] - (1 - lam) * closest[left]
        best = left.pop(int(np.argmax(scores)))
        yield cands[best]
        closest = np.maximum(closest, sims[best])
        left = [i for i in left if closest[i] < redundant and (repeats is None or not repeats[best, i])]


_FIGURE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _figures(text: str) -> frozenset[str]:
    """The figures a sentence gives, separators dropped ("1.250" and "1,250", "21,4%" and "21.4%" alike), years
    and lone digits left out."""
    digits = (re.sub(r"[.,]", "", m.group()) for m in _FIGURE.finditer(text))
    return frozenset(d for d in digits if len(d) > 1 and not _YEAR.fullmatch(d))


def _same_figures(texts: list[str], sims: np.ndarray, overlap: float) -> np.ndarray:
    """Which sentences repeat one another: the same figures, all of them, and words in common (TF-IDF cosine at
    least `overlap`): "MotoGo shareholders will own 40 percent of the merged group." and "MotoGo investors will own
    40% of the new company." (0.36), two outlets' words for one fact."""
    alike: dict[frozenset[str], list[int]] = {}
    for i, text in enumerate(texts):
        if figures := _figures(text):
            alike.setdefault(figures, []).append(i)
    out = np.zeros((len(texts), len(texts)), dtype=bool)
    for group in alike.values():
        if len(group) > 1:
            out[np.ix_(group, group)] = sims[np.ix_(group, group)] >= overlap
    return out


CENTRAL_TIE = 0.001  # cosines to a story's centroid this close are as near: the earliest article is taken


def _most_central(docs: list[Article], story: list[Article] | None = None) -> int:
    """The article of `docs` nearest the centroid of `story` (by default of `docs`); of those as near as it
    within CENTRAL_TIE, the earliest published, then the first. Two articles of one story are often that near:
    which is nearer then rests on the last bits of the vectors, which a CPU's arithmetic (AVX2 or AVX-512) or
    an earlier version's model run change (0.9555 and 0.9558 on one machine, 0.955457 and 0.955452 on another)."""
    embs = [a.embedding for a in docs]
    around = [a.embedding for a in story or docs if a.embedding is not None]
    if all(e is not None for e in embs):
        mat = np.vstack([np.asarray(e, dtype=np.float32) for e in embs])
        centre = np.vstack([np.asarray(e, dtype=np.float32) for e in around]).mean(axis=0)
        near = mat @ centre
        best = float(near.max())
        return min((i for i in range(len(docs)) if near[i] >= best - CENTRAL_TIE), key=lambda i: (_when(docs[i]), i))
    leads = [f"{a.title} {' '.join((a.sentences or crude_sentences(a.text))[:3])}" for a in docs]
    return int(np.argmax(tfidf_similarity(leads).sum(axis=1)))
