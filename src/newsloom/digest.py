"""A story's digest: everything a reader needs about one story, in plain records ready to render."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from typing import Any

from newsloom.entities.text import has_vietnamese_marks
from newsloom.facts.compare import Comparison, Evidence, Finding, Position, compare_story
from newsloom.facts.lineage import source_label, source_name
from newsloom.facts.offices import OfficeRecord
from newsloom.model import Article, Entity, Story, instant, originals
from newsloom.settings import DEFAULTS, Settings
from newsloom.summarize import headline as make_headline
from newsloom.summarize import summarize, title_of
from newsloom.text.folding import casefold_words as _fold
from newsloom.text.folding import search_fold

LABEL_ORDER = {"PERSON": 0, "ORG": 1, "LOC": 2, "EVENT": 3}  # entity groups in the digest, then any other label


@dataclass
class ArticleRef:
    id: str
    title: str
    source: str | None  # the outlet, or the file the article was read from (`lineage.source_name`)
    url: str | None
    lang: str | None
    published: datetime | None
    copy_of: str | None = None
    revises: str | None = None  # the earlier version of this article, read from the same URL or file
    revised_by: str | None = None  # the later version that replaces this one (whose figures the story reads)

    @property
    def instant(self) -> datetime | None:
        """`published` as a UTC instant, to sort by (`newsloom.model.instant`)."""
        return instant(self.published)


@dataclass
class CopyRef:
    """An article that repeats another one, and which one it repeats: a near copy (an article of its own), or
    an exact copy read from `origin` (not stored again: its `id` is that origin)."""

    id: str
    source: str | None
    title: str
    copy_of: str
    copy_of_source: str | None
    origin: str | None = None  # where an exact copy was read from


@dataclass
class EntityRef:
    key: str
    name: str
    label: str
    mentions: int
    variants: list[str]


@dataclass
class QuoteRef:
    text: str
    speaker: str | None
    evidence: str
    article: str  # article id
    source: str | None
    entity: str | None = None


@dataclass
class AmountRef:
    text: str
    value: float
    unit: str
    kind: str
    evidence: str
    article: str
    source: str | None


@dataclass
class TimelineEntry:
    day: date
    end: date | None
    text: str  # the date as written
    sentence: str  # the sentence that gives it
    article: str
    source: str | None


@dataclass
class Digest:
    story_id: int
    headline: str
    summary: list[str]
    storyline_id: int | None = None
    first_published: datetime | None = None
    last_published: datetime | None = None
    first_event: date | None = None
    last_event: date | None = None
    languages: dict[str, int] = field(default_factory=dict)  # language -> number of articles
    sources: list[str] = field(default_factory=list)  # independent sources, first seen first
    copies: list[CopyRef] = field(default_factory=list)
    entities: dict[str, list[EntityRef]] = field(default_factory=dict)  # label -> entities, most named first
    quotes: list[QuoteRef] = field(default_factory=list)
    amounts: list[AmountRef] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    articles: list[ArticleRef] = field(default_factory=list)
    compared: Comparison | None = None  # sources compared: conflicts, agreed and single-source claims

    @property
    def article_count(self) -> int:
        """The story's articles, earlier versions of an article left out."""
        return sum(a.revised_by is None for a in self.articles)

    def to_dict(self, time: Callable[[datetime], str | None] = datetime.isoformat) -> dict[str, Any]:
        """Plain JSON-ready dict: dates as ISO 8601 strings, times written by `time` (by default as published,
        with or without an offset, as the store keeps them; JSON output gives each an offset:
        `render.jsonout.digest_record`)."""
        return _jsonable(self, time)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Digest:
        """Inverse of `to_dict`."""
        return cls(
            story_id=d["story_id"],
            headline=d["headline"],
            summary=list(d["summary"]),
            storyline_id=d.get("storyline_id"),
            first_published=_dt(d.get("first_published")),
            last_published=_dt(d.get("last_published")),
            first_event=_day(d.get("first_event")),
            last_event=_day(d.get("last_event")),
            languages=dict(d.get("languages", {})),
            sources=list(d.get("sources", [])),
            copies=[CopyRef(**c) for c in d.get("copies", [])],
            entities={k: [EntityRef(**e) for e in v] for k, v in d.get("entities", {}).items()},
            quotes=[QuoteRef(**q) for q in d.get("quotes", [])],
            amounts=[AmountRef(**a) for a in d.get("amounts", [])],
            timeline=[
                TimelineEntry(**{**t, "day": _day(t["day"]), "end": _day(t.get("end"))})
                for t in d.get("timeline", [])
            ],
            articles=[ArticleRef(**{**a, "published": _dt(a.get("published"))}) for a in d.get("articles", [])],
            compared=_comparison(d["compared"]) if d.get("compared") else None,
        )


def build_digest(story: Story, articles: list[Article], entities: dict[str, Entity],
                 record: OfficeRecord | None = None, settings: Settings = DEFAULTS,
                 copies: Iterable[tuple[str, str, str | None, str | None]] = (),
                 summary_from: list[Article] | None = None) -> Digest:
    """Gather the story's digest from its articles; copies are listed but never counted twice, earlier
    versions of an article (replaced by a later one read from the same URL or file) are only listed.
    `copies`: the exact copies read of its articles, (article id, origin, source, url) (`Store.copies`);
    `summary_from`: the articles the story's summary was made from (a big story's central ones), to make it
    again from if a sentence of it is disputed (default: all)."""
    members = set(story.article_ids)
    listed = [a for a in articles if a.id in members] if members else list(articles)
    listed.sort(key=lambda a: (a.published is None, _naive(a.published), a.seq))
    ids = {a.id: a for a in listed}
    arts = [a for a in listed if a.current]
    independent = originals(listed)
    own = {a.id for a in independent}
    # a copy of a replaced version repeats what its outlet has since corrected: a copy, not compared
    compared = [a for a in arts if a.id in own or (a.copy_of in ids and ids[a.copy_of].current)]
    published = [a.published for a in arts if a.published]
    timeline = _timeline(independent)
    comparison = compare_story(compared, entities, record, settings.compare)
    return Digest(
        story_id=story.id,
        headline=story.headline or make_headline(listed),
        summary=_undisputed(list(story.summary) or summarize(listed, settings=settings.summary), comparison,
                            summary_from or listed, settings),
        storyline_id=story.storyline_id,
        first_published=min(published, key=_naive) if published else None,
        last_published=max(published, key=_naive) if published else None,
        first_event=min((t.day for t in timeline), default=None),
        last_event=max((t.end or t.day for t in timeline), default=None),
        languages=dict(Counter(a.lang or "und" for a in arts).most_common()),
        sources=list(dict.fromkeys(source_name(a) for a in independent)),
        copies=[
            CopyRef(a.id, source_name(a), title_of(a.title, a.text), a.copy_of, source_name(ids[a.copy_of]))
            for a in arts
            if a.copy_of in ids and a.copy_of != a.revises
        ] + [
            CopyRef(origin, source_label(source, origin), title_of(ids[aid].title, ids[aid].text), aid, source_name(ids[aid]), origin)
            for aid, origin, source, _ in copies  # not the outlet's own item at a second address
            if aid in ids and source_label(source, origin) != source_name(ids[aid])
        ],
        entities=_entities(independent, entities),
        quotes=_quotes(independent, entities),
        amounts=_amounts(independent),
        timeline=timeline,
        articles=[ArticleRef(a.id, title_of(a.title, a.text), source_name(a), a.url, a.lang, a.published, copied(a), a.revises,
                             a.revised_by) for a in listed],
        compared=comparison,
    )


def _undisputed(summary: list[str], comparison: Comparison, articles: list[Article], settings: Settings) -> list[str]:
    """The summary, made again without them where a sentence of it states a conflict's figure that fewer
    independent sources give than another (tester39: one outlet's "17.8%" against two outlets' 27.8%), any side
    of a tie, or a quote whose speaker sources dispute (tester40: a misattributed quote led a summary)."""
    disputed = set()
    for f in comparison.of("conflict"):
        most = max(p.sources for p in f.positions)
        tie = sum(p.sources == most for p in f.positions) > 1
        disputed |= {" ".join(ev.sentence.split()) for p in f.positions
                     if p.sources < most or tie or f.kind == "attribution" for ev in p.evidence}
    if not any(" ".join(s.split()) in d for s in summary for d in disputed):
        return summary
    return summarize(articles, settings=settings.summary, leave_out=frozenset(disputed)) or summary


def copied(a: Article) -> str | None:
    """The article `a` copies, as readers see it: none for a new version that is a near copy of the version
    it replaces."""
    return a.copy_of if a.copy_of != a.revises else None


def _entities(arts: list[Article], known: dict[str, Entity]) -> dict[str, list[EntityRef]]:
    counts: Counter[str] = Counter()
    variants: dict[str, Counter[str]] = defaultdict(Counter)
    labels: dict[str, str] = {}
    for a in arts:
        for m in a.mentions:
            # Unlinked mentions still count, grouped by their own spelling.
            key = m.entity or f"{m.label}:{_fold(m.text)}"
            counts[key] += 1
            variants[key][" ".join(m.text.split())] += 1
            labels[key] = m.label
    grouped: dict[str, list[EntityRef]] = defaultdict(list)
    for key, n in counts.most_common():
        ent = known.get(key)
        name = ent.name if ent else variants[key].most_common(1)[0][0]
        if ent and not has_vietnamese_marks(name):  # "Nguyễn Quang Minh" as the story writes it, not "Nguyen …"
            name = next((v for v, _ in variants[key].most_common()
                         if has_vietnamese_marks(v) and search_fold(v) == search_fold(name)), name)
        label = ent.label if ent else labels[key]
        grouped[label].append(EntityRef(key, name, label, n, [v for v, _ in variants[key].most_common()]))
    return dict(sorted(grouped.items(), key=lambda kv: (LABEL_ORDER.get(kv[0], len(LABEL_ORDER)), kv[0])))


def _quotes(arts: list[Article], known: dict[str, Entity]) -> list[QuoteRef]:
    """Each quote once per speaker: the same words credited to two people are shown under both (tester43: the
    second was hidden), and a copy without a speaker only where no source names one."""
    out: list[QuoteRef] = []
    seen: dict[str, dict[str | None, int]] = {}  # folded text -> speaker's folded name -> index in `out`
    for a in arts:
        for q in a.quotes:
            speaker = known[q.entity].name if q.entity in known else q.speaker
            who = _fold(speaker) if speaker else None
            speakers = seen.setdefault(_fold(q.text), {})
            if who in speakers or (who is None and speakers) or (who and any(  # "Khải" after "Trịnh Quốc Khải"
                    other and set(who.split()) <= set(other.split()) for other in speakers)):
                continue
            ref = QuoteRef(q.text, speaker, q.sentence, a.id, source_name(a), q.entity)
            if None in speakers:  # named here, unnamed where it was seen first
                out[i := speakers.pop(None)] = ref
                speakers[who] = i
            else:
                speakers[who] = len(out)
                out.append(ref)
    return out


def _amounts(arts: list[Article]) -> list[AmountRef]:
    out: list[AmountRef] = []
    seen: set[tuple[str, str]] = set()
    for a in arts:
        for m in a.amounts:
            if (key := (_fold(m.text), _fold(m.sentence))) not in seen:
                seen.add(key)
                out.append(AmountRef(m.text, m.value, m.unit, m.kind, m.sentence, a.id, source_name(a)))
    return out


def _timeline(arts: list[Article]) -> list[TimelineEntry]:
    out: list[TimelineEntry] = []
    seen: set[tuple[date, str]] = set()
    for a in arts:
        for ed in a.event_dates:
            sentence = a.sentences[ed.sentence] if 0 <= ed.sentence < len(a.sentences) else ed.text
            if (key := (ed.day, _fold(sentence))) not in seen:
                seen.add(key)
                out.append(TimelineEntry(ed.day, ed.end, ed.text, sentence, a.id, source_name(a)))
    out.sort(key=lambda t: (t.day, t.end or t.day))
    return out


def _comparison(d: dict[str, Any]) -> Comparison:
    findings = [
        Finding(f["status"], f["kind"], f["slot"], f["detail"],
                [Position(**{**p, "evidence": [Evidence(**e) for e in p["evidence"]]}) for p in f["positions"]],
                f.get("why"))  # a digest stored before it has none
        for f in d["findings"]
    ]
    return Comparison(_day(d.get("event_date")), d["date_basis"], findings)


def _naive(d: datetime | None) -> datetime:
    """Comparable datetime: its `instant`, naive, None as the earliest."""
    return instant(d).replace(tzinfo=None) if d is not None else datetime.min


def _jsonable(obj: Any, time: Callable[[datetime], str | None]) -> Any:
    """`dataclasses.asdict` and ISO 8601 dates in one pass (asdict copies every value first: 3x the time);
    times written by `time`."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _jsonable(getattr(obj, f.name), time) for f in fields(obj)}
    if isinstance(obj, dict):
        return {k: _jsonable(v, time) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v, time) for v in obj]
    if isinstance(obj, datetime):
        return time(obj)
    if isinstance(obj, date):
        return obj.isoformat()
    return obj


def _dt(s: str | None) -> datetime | None:
    return datetime.fromisoformat(s) if s else None


def _day(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None

