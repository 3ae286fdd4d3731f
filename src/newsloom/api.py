"""The Python API, the layer the command line (and a web service) stands on.

    import newsloom

    with newsloom.open("news.db") as nl:
        report = nl.add(["articles/", "https://example.org/feed.xml"])
        for row in nl.stories(lang="en", limit=10):
            print(row.id, row.headline, row.article_count)
        digest = nl.story(row.id)            # headline, summary, sources compared, quotes ...
        article = nl.article(row.article_ids[0])  # one article, with its mentions, quotes and claims
        contested = nl.conflicts()           # digests of the stories whose sources disagree
        scores = nl.sources()                # per source: corroborated, single, contradicted

Reads come from what the store keeps for each story and cost the same on a small and a large store;
models are loaded on the first `add`. One process writes at a time: `add` waits for another writer (or,
with `wait=False`, raises `WriterBusy`).
"""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from datetime import time as dtime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsloom.digest import LABEL_ORDER, Digest
from newsloom.facts.offices import OfficeRecord
from newsloom.facts.scores import SourceScore
from newsloom.model import Article, Entity, Failure, RawItem
from newsloom.settings import DEFAULTS, Settings
from newsloom.store import SortOrder, Store, StoreError, StoryFilter, StorylineRow, StoryRow, open_store

if TYPE_CHECKING:
    from newsloom.embed import Embedder
    from newsloom.pipeline import Pipeline, RunReport
    from newsloom.search import Searcher, SearchResult

log = logging.getLogger(__name__)

Source = str | Path | dict[str, Any] | RawItem  # a path, URL or feed; an article record; a raw item

stage_log = logging.getLogger("newsloom.stages")


def whole_day(value: datetime | date | None, end: bool = False) -> datetime | None:
    """A bound of a date filter: a date alone is its whole day, from its start (or to its end)."""
    if value is None or isinstance(value, datetime):
        return value
    if not isinstance(value, date):
        raise TypeError(f"a date or datetime, not {type(value).__name__} {value!r}")
    return datetime.combine(value, dtime.max if end else dtime.min)


def language_code(code: str | None) -> str | None:
    """A language filter as stored: "VI", " vi " -> "vi"; ValueError for what is no language code."""
    if code is None:
        return None
    if not isinstance(code, str):
        raise TypeError(f"lang: a language code such as 'vi' or 'en', not {type(code).__name__} {code!r}")
    folded = code.strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}", folded):
        raise ValueError(f"lang: {code!r} is not a language code (two or three letters, such as vi or en)")
    return folded


def _nfc(text: str | None) -> str | None:
    """Text composed ("ã" one character, which a macOS keyboard may send as two); an outlet's name is stored
    as it was written, so its tone marks are not moved."""
    return unicodedata.normalize("NFC", text) if isinstance(text, str) else text


def _as_stored(text: str | None) -> str | None:
    """Text written as articles are stored: composed ("ã" one character, which a macOS keyboard may send as
    two), Vietnamese tone marks in their modern place ("Thuỷ" as "Thủy")."""
    from newsloom.text.normalize import normalize_text

    return normalize_text(text).strip() if isinstance(text, str) else text


class Newsloom:
    """A store of articles and stories. Open one with `newsloom.open(path)`."""

    def __init__(self, store: Store, *, embedder: str | Embedder = "auto", record: OfficeRecord | None = None,
                 batch_size: int | None = None, readers: int | None = None, settings: Settings = DEFAULTS,
                 ray: str | None = None, ray_workers: int | None = None) -> None:
        """`record`: the office holders role claims are resolved and checked against (default: the bundled
        record; another one also makes digests be compared anew when read). `settings`: see
        newsloom.settings (`newsloom config` prints them). `ray`: read and embed the articles `add` is given
        on Ray workers ("local", or a cluster's address; see newsloom.distributed), `ray_workers` of them."""
        from newsloom.distributed import RayReader

        self.store = store
        self.path = store.path
        self._embedder = embedder
        self._record = record
        self.settings = settings
        self._batch_size = batch_size
        self._readers = readers
        self._ray = RayReader(ray, ray_workers) if ray else None
        self._pipeline: Pipeline | None = None
        self._searcher: Searcher | None = None
        self._loading = threading.Lock()  # the embedder and the searcher, made once
        self._languages: tuple[int, frozenset[str]] = (0, frozenset())  # those of the articles up to an arrival
        self._languages_lock = threading.Lock()
        self._publish_upgraded()

    # -- lifecycle -------------------------------------------------------------------------------
    def close(self) -> None:
        try:
            if self._ray is not None:
                self._ray.close()
        finally:
            self.store.close()

    def __enter__(self) -> Newsloom:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Newsloom({str(self.path)!r})"

    # -- writing ---------------------------------------------------------------------------------
    def add(self, sources: Source | Iterable[Source], *, allow_private: bool = False, max_bytes: int = 20_000_000,
            timeout: float = 20.0, wait: bool = True, on_wait: Callable[[str], None] | None = None,
            progress: Callable[[int], None] | None = None, source: str | None = None) -> RunReport:
        """Read articles (files, folders, URLs, feeds, article records with `title` and `text`) and update
        the stories they belong to. `source`: the outlet of the items that name none (a folder of one outlet's
        files; else each file counts as a source of its own). Bad items are reported in the result, never
        raised."""
        from newsloom.ingest import checked, read_sources
        from newsloom.ingest.records import record_to_item

        if isinstance(sources, str | Path | dict | RawItem):
            sources = [sources]

        def items() -> Iterator[RawItem | Failure]:
            paths: list[str] = []
            for n, s in enumerate(sources, 1):
                if isinstance(s, RawItem):  # checked as files are: too long, too short, damaged, mojibake
                    yield from checked(s.origin, lambda s=s: iter([s]))
                elif isinstance(s, dict):
                    origin = str(s.get("id") or s.get("url") or f"record {n}")
                    yield from checked(origin, lambda s=s, o=origin: iter([record_to_item(s, o)]))
                else:
                    paths.append(str(s))
            yield from read_sources(paths, allow_private=allow_private, max_bytes=max_bytes, timeout=timeout,
                                    store=self.path, fetch=self.settings.fetch)

        def named() -> Iterator[RawItem | Failure]:
            for item in items():
                if source and isinstance(item, RawItem) and not item.source:
                    item.source = source
                yield item

        with self.store.writer(wait=wait, on_wait=on_wait):
            return self.pipeline().run(named(), progress=progress)

    def start_workers(self, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> None:
        """With `ray`: connect and start the Ray workers now, not at the first `add` (a watcher that should
        refuse a cluster it cannot use before it follows anything); raises ClusterError in one line. Builds the
        pipeline, under the writer lock as `add` does. Nothing without `ray`."""
        if self._ray is not None:
            with self.store.writer(wait=wait, on_wait=on_wait):
                self.pipeline().start_workers()

    @property
    def workers(self) -> str | None:
        """With `ray`, once started: its workers as a line ("2 workers at HOST:PID node ID, ..."); else None."""
        return self._ray.summary() if self._ray is not None and self._ray.actors else None

    def pipeline(self) -> Pipeline:
        """The pipeline over this store, its models loaded once; its state is reloaded when another process
        wrote since (call it holding the writer lock)."""
        from newsloom.pipeline import Pipeline, reader_processes

        if self._pipeline is None or self._pipeline.stale or self._pipeline.watermark != self.store.max_seq():
            began = time.perf_counter()
            embedder = self._loaded_embedder()
            readers = reader_processes() if self._readers is None else self._readers
            self._pipeline = Pipeline(self.store, embedder, batch_size=self._batch_size, readers=readers,
                                      record=self._record, settings=self.settings, ray=self._ray)
            stage_log.info("pipeline ready in %.2f s: embedder %s loaded, state of %s read",
                           time.perf_counter() - began, embedder.name, self.path)
        return self._pipeline

    def _loaded_embedder(self) -> Embedder:
        """The embedder, loaded on first use (by `add` or `search`) and then shared."""
        from newsloom.embed import get_embedder

        with self._loading:
            if isinstance(self._embedder, str):
                self._embedder = get_embedder(self._embedder)
            return self._embedder

    def _publish_upgraded(self) -> None:
        """Digests of the stories of a store written before they were kept (an upgraded store), once."""
        pending = self.store.unpublished()
        if not pending:
            return
        from newsloom.cluster.storylines import story_profile
        from newsloom.publish import publish_story

        log.warning("%s: writing the digests of %d stories stored by an older newsloom (once)", self.path,
                    len(pending))
        with self.store.writer():
            entities = {e.key: e for e in self.store.entities()}
            with self.store.transaction():
                for sid in self.store.unpublished():
                    story = self.store.story(sid)
                    if story is None:
                        continue
                    articles = self.store.articles(sid)
                    centroid, top = story_profile(articles, self.settings.storylines)
                    publish_story(self.store, story, articles, entities, self._record, centroid, top,
                                  settings=self.settings)

    # -- reading ---------------------------------------------------------------------------------
    def stories(self, q: str | None = None, *, lang: str | None = None, source: str | None = None,
                entity: str | None = None, since: datetime | date | None = None,
                until: datetime | date | None = None,
                storyline: int | None = None, min_articles: int = 1, contested: bool = False,
                sort: SortOrder = "recent", limit: int | None = None, offset: int = 0) -> list[StoryRow]:
        """Stories that match every filter given, newest first (or by `sort`: size, contested, id); `limit`
        None or 0 lists them all, as `newsloom stories -n 0` does. `q`: words in the headline or summary,
        accents and case aside; `lang`: a language code ("vi", "en", any case); `since` and `until`: the
        story's latest and first article's publication (a date is its whole day); `entity`: a key or a name
        (see `entity_key`)."""
        if (limit is not None and limit < 0) or offset < 0:
            raise ValueError(f"limit and offset must be 0 or more, not {limit} and {offset}")
        where = self._story_filter(q, lang, source, entity, since, until, storyline, min_articles, contested)
        return self.store.stories(where, sort=sort, limit=limit or None, offset=offset)

    def languages(self) -> list[str]:
        """The languages of the stored articles, as `lang` filters take them ("en", "fr", "vi" ...), in
        order. Each call reads only the articles stored since the last one."""
        with self._languages_lock:
            seen, known = self._languages
            latest = self.store.max_seq()
            if latest != seen:
                self._languages = latest, known | self.store.languages(after=seen)
            return sorted(self._languages[1])

    def count(self, q: str | None = None, *, lang: str | None = None, source: str | None = None,
              entity: str | None = None, since: datetime | date | None = None,
              until: datetime | date | None = None,
              storyline: int | None = None, min_articles: int = 1, contested: bool = False) -> int:
        """How many stories `stories` would list with the same filters and no limit."""
        return self.store.count_stories(self._story_filter(q, lang, source, entity, since, until, storyline,
                                                           min_articles, contested))

    def _story_filter(self, q: str | None, lang: str | None, source: str | None, entity: str | None,
                      since: datetime | date | None, until: datetime | date | None, storyline: int | None,
                      min_articles: int, contested: bool) -> StoryFilter:
        if storyline is not None and not isinstance(storyline, int):
            raise TypeError(f"storyline: a number, not {type(storyline).__name__} {storyline!r}")
        return StoryFilter(_as_stored(q), language_code(lang), _nfc(source), self.entity_key(entity) if entity else None,
                           whole_day(since), whole_day(until, end=True), storyline, min_articles, contested)

    def storylines(self, min_stories: int = 2, limit: int | None = None, offset: int = 0) -> list[StorylineRow]:
        """Storylines of at least `min_stories` stories, the latest first: each with its id (what
        `stories(storyline=...)` takes), its stories and articles, when it ran and its latest headline; `limit`
        None or 0 lists them all."""
        if (limit is not None and limit < 0) or offset < 0 or min_stories < 1:
            raise ValueError(f"limit and offset must be 0 or more and min_stories 1 or more, not {limit}, {offset} "
                             f"and {min_stories}")
        return self.store.storyline_rows(min_stories, limit or None, offset)

    def entity_key(self, value: str) -> str:
        """The key of the entity `value` names: a key (PERSON:olena kovalenko, EVENT:kemara; any case, accents
        optional), or a name that one entity is named exactly (accents and case aside; with its accents first:
        "Nguyễn Văn Ân" is not "Nguyen Van An"). ValueError, in words, for a name of none or of several."""
        from newsloom.text.folding import search_fold

        value = _as_stored(value)
        keyed = re.fullmatch(rf"({'|'.join(LABEL_ORDER)}):(.+)", value.strip(), re.IGNORECASE)
        if keyed:  # as written, in lower case, or without accents (keys are mostly written so)
            label, rest = keyed[1].upper(), " ".join(keyed[2].split())
            for key in (f"{label}:{rest}", f"{label}:{rest.lower()}", f"{label}:{search_fold(rest)}"):
                if self.store.entities([key]):
                    return key
            raise ValueError(f"no entity {label}:{rest}")
        wanted = " ".join(search_fold(value).split())
        exact = [e for e in self.entities(value, limit=50)
                 if wanted in {" ".join(search_fold(n).split()) for n in (e.name, *e.aliases)}]
        written = " ".join(value.casefold().split())
        as_written = [e for e in exact if written in {" ".join(n.casefold().split()) for n in (e.name, *e.aliases)}]
        if len(as_written) == 1 and len(exact) > 1:
            return as_written[0].key
        if len(exact) == 1:
            return exact[0].key
        if not exact:
            raise ValueError(f"no entity is named {value!r}")
        raise ValueError(f"{value!r} names {len(exact)} entities ({', '.join(e.key for e in exact[:5])}): give one key")

    def entities(self, name: str, limit: int = 20) -> list[Entity]:
        """People, organisations and places with a name or alias containing `name`, in any language or
        spelling, accents and case ignored: those named exactly so first, then those whose name starts with
        it, then the most named. Their `key` is what `stories(entity=...)` takes (a name of one entity too)."""
        if not name.strip():
            raise ValueError("give a name, or part of one")
        if limit < 1:
            raise ValueError(f"limit must be 1 or more, not {limit}")
        return self.store.find_entities(_as_stored(name), limit=limit)

    def search(self, q: str, *, lang: str | None = None, since: datetime | date | None = None,
               until: datetime | date | None = None, source: str | None = None, limit: int = 20,
               offset: int = 0) -> SearchResult:
        """Articles and their stories that match `q`, best first: by their words, with Vietnamese diacritics
        folded ("Quang Ngai" finds "Quảng Ngãi"), and by meaning, across languages (a Vietnamese query finds
        English articles); filters: language, publication dates (a date is its whole day) and source. The
        first search loads the embedder (about a second) and the articles' vectors; later ones read only the
        articles stored since. Safe to call from several threads. ValueError, in words, for a query without
        words or over `search.MAX_QUERY` characters, or `since` after `until`. See newsloom.search."""
        from newsloom.search import Searcher, query_problem

        if not isinstance(q, str):
            raise TypeError(f"q: text, not {type(q).__name__} {q!r}")
        for name, bound in (("since", since), ("until", until)):
            if bound is not None and not isinstance(bound, date):
                raise TypeError(f"{name}: a date or datetime, not {type(bound).__name__} {bound!r}")
        if limit < 1 or offset < 0:
            raise ValueError(f"limit must be 1 or more and offset 0 or more, not {limit} and {offset}")
        if problem := query_problem(q, since, until):
            raise ValueError(problem)
        if self._searcher is None:
            embedder = self._loaded_embedder()
            with self._loading:
                if self._searcher is None:
                    self._searcher = Searcher(self.store, embedder, self.settings.search)
        return self._searcher.search(_as_stored(q), lang=language_code(lang), since=since, until=until,
                                     source=_nfc(source), limit=limit, offset=offset)

    def story(self, story_id: int) -> Digest | None:
        """One story's digest, or None if there is no such story."""
        if not isinstance(story_id, int) or isinstance(story_id, bool):
            raise TypeError(f"story_id: a number, not {type(story_id).__name__} {story_id!r}")
        if self._record is not None:  # the user's office record: compared anew
            return self._built(story_id)
        d = self.store.digest(story_id)
        return Digest.from_dict(d) if d is not None else None

    def article(self, article_id: str) -> Article | None:
        """One stored article (a story row's `article_ids`, a digest's articles) with what the stages found in
        it (mentions, quotes, amounts, claims) and its `story_id`, or None if there is no such article."""
        found = self.store.articles_with_ids([article_id])
        return found[0] if found else None

    def digests(self, story_ids: Iterable[int] | None = None) -> Iterator[Digest]:
        """The digests of these stories (default: all, by id)."""
        ids = [s.id for s in self.store.stories(sort="id")] if story_ids is None else list(story_ids)
        for sid in ids:
            d = self.story(sid)
            if d is not None:
                yield d

    def conflicts(self, limit: int | None = None) -> list[Digest]:
        """The digests of the stories where sources contradict each other or the record of office holders, by
        story id; with `limit`, only the newest that many (read by index, however many there are)."""
        if self._record is not None:
            found = [d for d in self.digests() if d.compared and (d.compared.of("conflict") or d.compared.of("record"))]
            return found[-limit:] if limit else found
        if limit is None:
            return [Digest.from_dict(d) for d in self.store.contested()]
        newest = sorted(row.id for row in self.stories(contested=True, sort="recent", limit=limit))
        return [d for d in map(self.story, newest) if d is not None]

    def sources(self) -> list[SourceScore]:
        """Per source: its claims, and how many other independent sources corroborate, leave alone or contradict."""
        if self._record is not None:
            from newsloom.facts.scores import source_scores

            return source_scores([d.compared for d in self.digests() if d.compared])
        return [SourceScore(*row) for row in self.store.source_scores()]

    def _built(self, story_id: int) -> Digest | None:
        from newsloom.digest import build_digest

        story = self.store.story(story_id)
        if story is None:
            return None
        articles = self.store.articles(story_id)
        entities = {e.key: e for e in self.store.entities({m.entity for a in articles for m in a.mentions if m.entity})}
        return build_digest(story, articles, entities, self._record, self.settings,
                            self.store.copies(a.id for a in articles))


def open(path: str | Path = "newsloom.db", *, create: bool = True, embedder: str | Embedder = "auto",  # noqa: A001
         offices: str | Path | None = None, settings: str | Path | Settings | None = None,
         batch_size: int | None = None, readers: int | None = None, ray: str | None = None,
         ray_workers: int | None = None) -> Newsloom:
    """Open the store at `path` (created if missing and `create`; an older store is upgraded in place).

    `offices`: your own CSV of office holders (office_id,person,aliases,start,end), added to the bundled
    record: role claims are resolved against it when articles are added, and checked against it when
    sources are compared; a bad row (a day not written YYYY-MM-DD, no person) is a warning naming its line,
    and the good rows are read. `settings`: a Settings object or a TOML file of them (`newsloom config` prints
    the defaults). Raises StoreError (one line naming the file and the problem) for a missing, damaged
    or foreign file, an unreadable offices table or settings file. `ray`: where `add` reads and embeds the
    articles, Ray workers ("local" starts Ray on this machine; "auto" or "host:port" joins a running cluster;
    `ray_workers` of them, by default the cluster's CPUs less one); an address where no Ray head answers
    raises newsloom.ClusterError here, a cluster that cannot be used at the first `add`."""
    try:
        record = OfficeRecord.load(Path(offices)) if offices else None
        chosen = settings if isinstance(settings, Settings) else Settings.load(Path(settings)) if settings else DEFAULTS
    except (OSError, ValueError) as err:  # checked before the store is touched
        where = offices if not isinstance(err, OSError) or err.filename == str(offices) else settings
        raise StoreError(f"{where}: {err.strerror}" if isinstance(err, OSError) else str(err)) from err
    if ray is not None and ray != "local":  # an address where no Ray head answers: one line, no store made
        from newsloom.distributed import speaks_ray

        speaks_ray(ray)
    store = open_store(path, create=create)
    if record is not None and offices:
        _unknown_firms(Path(offices), record, store)
    try:
        return Newsloom(store, embedder=embedder, record=record, batch_size=batch_size, readers=readers,
                        settings=chosen, ray=ray, ray_workers=ray_workers)
    except BaseException:
        store.close()
        raise


def _unknown_firms(offices: Path, record: OfficeRecord, store: Store) -> None:
    """Say which organisations of the user's office rows the store names nowhere: a key written by hand, or
    one an earlier version gave ("ORG:hdqt binhminhbank"), is never matched and its rows never checked."""
    firms = sorted({t.office_id.rpartition("/")[0] for t in record.tenures if t.office_id.startswith("ORG:")})
    if not firms or not store.article_count():
        return
    known = {e.key for e in store.entities(firms)}
    for key in firms:
        if key not in known:
            log.warning("%s: no organisation of this store has the key %r, so its rows are not checked yet "
                        "(`newsloom entities NAME` prints the keys)", offices, key)


__all__ = ["Newsloom", "Settings", "Source", "StoreError", "open"]
