"""The stages an article goes through, declared: what each needs on the `Article` and what it sets there
(as spaCy's components declare `requires` and `assigns`).

    normalise -> language -> sentences -> dates -> mentions      per article, as items arrive (`prepare`)
                                                                 and in a reader process (`read`)
    signature -> dedup -> link -> quotes -> amounts -> claims    per article, in the writer (`add`)
    -> embed -> terms -> cluster -> store                        ... with the pipeline's state

A stage with a `run` function is per-article and pure: it needs nothing but the article, so it can run
anywhere (a worker process, another machine). A stage without one is stateful (the near-copy index, the
entity linker, the clusterer, the store) and is run by the `Pipeline` itself: that is the seam a
distributed run uses. `check` refuses a list in which a stage comes before what it needs:

    check([s for s in STAGES if s.name != "quotes"])
    # StageError: the stage 'claims' needs 'quotes', which the stage 'quotes' sets: it is missing

`process(item)` runs the per-article stages and linking on one item, for tests and evaluations.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from newsloom.model import Article, Mention, RawItem
from newsloom.resources import Resources

if TYPE_CHECKING:
    from newsloom.entities.link import EntityLinker

log = logging.getLogger(__name__)

Step = Literal["prepare", "read", "add"]

# what an Article holds before any stage, read from the item (not language data: field names)
GIVEN = frozenset({"origin", "title", "text", "url", "source", "published", "place"})


class StageError(ValueError):
    """A list of stages that cannot run: a stage needs what no stage before it sets."""


@dataclass(frozen=True)
class Stage:
    name: str
    requires: tuple[str, ...]  # Article fields read
    assigns: tuple[str, ...]  # Article fields set
    step: Step  # where it runs: as items arrive, in the reader, or in the writer with the pipeline's state
    run: Callable[[Article, Resources], Article] | None = None  # pure, per article; None: run by the Pipeline
    timer: str = ""  # the name its seconds are counted under in `newsloom bench` (default: its name)
    doc: str = ""
    # `run` over many articles at once, where that is faster; on an error `run` takes each again, so it must
    # leave the articles as `run` can take them
    batch: Callable[[list[Article], Resources], list[Article]] | None = None

    @property
    def timed_as(self) -> str:
        return self.timer or self.name


# -- the per-article stages -----------------------------------------------------------------------------
def _normalise(a: Article, resources: Resources) -> Article:
    from newsloom.text import normalize_article, readable_article

    n = normalize_article(Article.from_raw(RawItem(a.origin, a.title, a.text, a.url, a.source, a.published)))
    # the id is the text's as read: joining its wrapped lines (say) keeps a stored article's id
    return readable_article(Article.from_raw(RawItem(a.origin, n.title, n.text, a.url, n.source, a.published,
                                                     notes=a.notes, place=a.place)))


def _language(a: Article, resources: Resources) -> Article:
    from newsloom.text import detect_article

    return detect_article(a)


def _sentences(a: Article, resources: Resources) -> Article:
    from newsloom.text import article_sentences

    return article_sentences(a)


def _dates(a: Article, resources: Resources) -> Article:
    from newsloom.text import article_event_dates
    from newsloom.text.dates import drop_future_date

    return article_event_dates(drop_future_date(a, resources.clock()))


def _mentions(a: Article, resources: Resources) -> Article:
    return _mentions_of([a], resources)[0]


def _mentions_of(articles: list[Article], resources: Resources) -> list[Article]:
    from newsloom.entities.extract import english_entities, extract_mentions
    from newsloom.entities.headline import title_mentions

    # spaCy reads the English texts together; titles one by one (together, one title's entities changed)
    for a, found in zip(articles, english_entities(articles), strict=True):
        a.mentions = extract_mentions(a, found)
        a.mentions += title_mentions(a)
    return articles


def _quotes(a: Article, resources: Resources) -> Article:
    from newsloom.facts import extract_quotes

    a.quotes = extract_quotes(a)
    return a


def _amounts(a: Article, resources: Resources) -> Article:
    from newsloom.facts import extract_amounts

    a.amounts = extract_amounts(a)
    return a


def _terms(a: Article, resources: Resources) -> Article:
    from newsloom.cluster.lexical import term_counts

    a.terms = term_counts(a.title, a.text, a.lang)
    return a


def _claims(a: Article, resources: Resources) -> Article:
    from newsloom.facts.claims import extract_claims

    a.claims = extract_claims(a, resources.record)
    return a


STAGES: tuple[Stage, ...] = (
    Stage("normalise", ("title", "text"), ("id", "title", "text"), "prepare", _normalise,
          doc="Unicode NFC, whitespace, boilerplate lines; the id is the hash of the result, then hard-wrapped "
              "lines joined, archive codes dropped, ``…'' set as “…”"),
    Stage("language", ("text",), ("lang", "lang_confidence"), "prepare", _language,
          doc="the language of the text (fastText lid.176)"),
    Stage("sentences", ("text", "lang"), ("sentences",), "prepare", _sentences,
          doc="sentence boundaries (a regex splitter with the languages' abbreviations)"),
    Stage("dates", ("title", "sentences", "lang", "published"), ("published", "event_dates", "notes"), "prepare",
          _dates, doc="a publication date in the future dropped, with a note; the dates the text talks about, "
                      "resolved against the publication date"),
    Stage("mentions", ("title", "sentences", "lang"), ("mentions",), "read", _mentions, timer="entities",
          doc="names of people, organisations and places in the text and the title (not linked yet)",
          batch=_mentions_of),
    Stage("signature", ("text",), ("minhash",), "add", timer="dedup",
          doc="the MinHash signature of the text"),
    Stage("dedup", ("minhash", "place"), ("copy_of", "revises"), "add",
          doc="an exact or near copy of a stored article joins the original's story; a new version of the "
              "article last read from the same URL or file replaces it"),
    Stage("link", ("mentions", "sentences"), ("mentions",), "add", timer="entities",
          doc="each mention linked to an entity across spellings and languages"),
    Stage("quotes", ("sentences", "mentions"), ("quotes",), "add", _quotes,
          doc="direct quotes and who said them (mentions of the text only)"),
    Stage("amounts", ("sentences", "lang"), ("amounts",), "add", _amounts,
          doc="money, counts, percentages and points of a rate"),
    Stage("claims", ("sentences", "mentions", "quotes", "amounts", "event_dates"), ("claims",), "add", _claims,
          doc="atomic claims (roles, meetings, amounts, durations, statements) for sources compared"),
    Stage("embed", ("title", "text"), ("embedding",), "add",
          doc="the multilingual vector of the title and lead (in a thread, a batch at a time)"),
    Stage("terms", ("title", "text", "lang"), ("terms",), "add", _terms, timer="cluster",
          doc="the hashed words of the title and text, counted (what the clusterer's TF-IDF compares)"),
    # not language data: the fields the stage needs
    Stage("cluster", ("embedding", "terms", "mentions", "claims", "event_dates", "copy_of"),
          ("story_id", "same_event"), "add", doc="the story the article joins, or a new one"),
    Stage("store", ("story_id", "terms"), ("seq",), "add", doc="the article written to the store with its story"),
)
BY_NAME = {s.name: s for s in STAGES}


def check(stages: Sequence[Stage]) -> None:
    """Raise StageError naming both stages when one needs a field that no stage before it sets."""
    have = set(GIVEN)
    for n, stage in enumerate(stages):
        for need in stage.requires:
            if need in have:
                continue
            setters = [s.name for s in STAGES if need in s.assigns and s.name != stage.name]
            later = [s.name for s in stages[n + 1:] if need in s.assigns]
            if later:
                raise StageError(f"the stage {stage.name!r} needs {need!r}, which the stage {later[0]!r} sets "
                                 "after it: put it before")
            by = f"the stage {setters[0]!r} sets" if setters else "no stage sets"
            raise StageError(f"the stage {stage.name!r} needs {need!r}, which {by}: it is missing")
        have.update(stage.assigns)


def of_step(stages: Iterable[Stage], step: Step) -> list[Stage]:
    return [s for s in stages if s.step == step]


def link(linker: EntityLinker, a: Article) -> None:
    """The link stage: the text's mentions linked with the article, then the title's with the title (their
    offsets index the title: `field` "title", `sentence` -1), kept after the text's."""
    title = [m for m in a.mentions if m.field == "title"]
    a.mentions = [m for m in a.mentions if m.field != "title"]
    linker.link(a)
    a.mentions += linked_title(linker, a, title)


def linked_title(linker: EntityLinker, a: Article, mentions: list[Mention]) -> list[Mention]:
    """The mentions found in `a`'s title, linked like the text's."""
    from newsloom.entities.headline import title_article

    title = title_article(a)
    title.mentions = mentions
    linker.link(title, linked=a.mentions)
    for m in title.mentions:
        m.sentence = -1
        m.field = "title"
    return title.mentions


def run_pure(stages: Iterable[Stage], a: Article, resources: Resources,
             timed: Callable[[str], AbstractContextManager[None]] | None = None) -> Article:
    """Run the per-article stages of `stages` on `a`, in order (`timed(name)`: a context manager)."""
    for stage in stages:
        if stage.run is None:
            raise StageError(f"the stage {stage.name!r} needs the pipeline's state: run it in a Pipeline")
        with timed(stage.timed_as) if timed else nullcontext():
            a = stage.run(a, resources)
    return a


def run_batch(stages: Iterable[Stage], articles: list[Article], resources: Resources,
               timed: Callable[[str], AbstractContextManager[None]] | None = None) -> list[Article | Exception]:
    """`run_pure` over a batch, each stage over all its articles (at once where it has a `batch` function):
    each article, or the error a stage raised on it (the later stages skip it). A `batch` function that fails
    is logged, and `run` takes its articles one by one to tell which."""
    out: list[Article | Exception] = list(articles)
    for stage in stages:
        if stage.run is None:
            raise StageError(f"the stage {stage.name!r} needs the pipeline's state: run it in a Pipeline")
        live = [i for i, a in enumerate(out) if isinstance(a, Article)]
        with timed(stage.timed_as) if timed else nullcontext():
            if stage.batch is not None and len(live) > 1:
                try:
                    done = stage.batch([out[i] for i in live], resources)  # type: ignore[misc]
                    if len(done) != len(live):
                        raise StageError(f"the stage {stage.name!r} gave {len(done)} articles for {len(live)}")
                    for i, a in zip(live, done, strict=True):
                        out[i] = a
                    continue
                except Exception:  # noqa: BLE001 - each alone tells which article it was
                    log.exception("the stage %r on a batch of %d articles; running it on each", stage.name, len(live))
            for i in live:
                try:
                    out[i] = stage.run(out[i], resources)  # type: ignore[arg-type]
                except Exception as err:  # noqa: BLE001 - one bad article never stops the batch
                    out[i] = err
    return out


def process(item: RawItem | Article, linker: EntityLinker | None = None, stages: Sequence[Stage] = STAGES,
            resources: Resources | None = None) -> Article:
    """One item through the per-article stages and linking (with `linker`, or a new one): everything an
    article gets before it is clustered and stored. For tests and evaluations."""
    from newsloom.entities.link import EntityLinker

    check(stages)
    linker = linker or EntityLinker()
    resources = resources or Resources()
    a = item if isinstance(item, Article) else Article.from_raw(item)
    for stage in stages:
        if stage.name == "link":
            link(linker, a)
        elif stage.run is not None:
            a = stage.run(a, resources)
    return a
