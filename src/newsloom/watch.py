"""Follow sources over time: RSS/Atom feeds, folders (new and edited files) and pages, each checked on its own clock.

    import threading, newsloom
    from newsloom.watch import Watcher

    with newsloom.open("news.db") as nl, Watcher(nl, every=600) as watcher:
        watcher.follow(["https://example.org/feed.xml", "inbox/"])
        report = watcher.check_due()          # one cycle: the sources whose next check has come
        report = watcher.check_once()         # or: every source once, waiting for files being written
        watcher.run(threading.Event())        # or: check until the event is set (safe in a thread)

What a watcher knows lives in the store (`Store.sources`, `SourceState`): each source's HTTP validators
(ETag, Last-Modified), the entries already read (feed entry ids, a folder's files by relative path, size
and modification time), its last success, its last error and the failures in a row. A failure doubles the
wait before the next check (capped at a day); a success resets it. A folder's new file is read once it has
settled (`Watcher._settled`); until then it is still being written, left for a check soon after.

Nothing is lost and nothing doubled when a watcher is killed: an entry is marked read, and the source's new
validators saved, only after its article is stored (right after `Newsloom.add` returns, in one
transaction); a kill in between leaves it unread, so the next check reads it again, and the store's
content-hash deduplication finds it already stored.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from newsloom.ingest import checked, page_item, read_pages, read_sources
from newsloom.ingest.feeds import entry_at, entry_item, feed_entries, page_link, updated_since
from newsloom.ingest.files import format_of, load_bytes, sniff_format, walk
from newsloom.ingest.web import AddressPolicy, Fetched, Fetcher, address_kind, page_kind, url_problem
from newsloom.model import Failure, RawItem
from newsloom.store import SourceState, StoreError

if TYPE_CHECKING:
    from newsloom.api import Newsloom
    from newsloom.pipeline import RunReport

log = logging.getLogger(__name__)

MAX_BACKOFF = 24 * 3600.0  # the longest wait a source's failures lead to (seconds)
# not language data: top-level names of one's own network (RFC 6762, 8375 and common use)
_LOCAL_DOMAINS = frozenset({"localhost", "local", "lan", "home", "arpa", "internal", "intranet", "corp"})
MIN_WEB_INTERVAL = 60.0  # a public site is asked at most once a minute, whatever interval is given (seconds)
MAX_IDLE = 60.0  # `run` looks at the store at least this often (sources followed by another process)
_FIRST_FETCH_KEPT = 60.0  # seconds a source's fetch when it was followed stands for its first check
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")  # two letters or more: "C:" is a drive, not a scheme
# not language data: URL path conventions of feeds
_FEED_PATH = re.compile(r"(\.(rss|atom|xml)$|(^|[/._-])(feed|rss|atom)s?([/._-]|$))", re.I)
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?", re.I)
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(text: str) -> float:
    """Seconds in "30s", "10m", "1h", "1d", "1h30m" or a bare number of seconds; ValueError otherwise."""
    spec = text.strip().lower().replace(" ", "")
    total, pos = 0.0, 0
    for m in _DURATION.finditer(spec):
        if m.start() != pos:
            break
        total += float(m.group(1)) * _UNITS[m.group(2) or "s"]
        pos = m.end()
    if not spec or pos != len(spec) or total <= 0:
        raise ValueError(f"{text!r} is not a duration (e.g. 30s, 10m, 1h)")
    return total


def _on_the_web(key: str) -> bool:
    return bool(_SCHEME.match(key)) and not Path(key).exists()


@lru_cache(maxsize=4096)  # asked for every followed source each time the watcher looks for one that is due
def _public_site(key: str) -> bool:
    """A URL whose host is not written as a private address (one's own server may be asked as often as
    one likes)."""
    if not _on_the_web(key):
        return False
    host = (urlsplit(key).hostname or "").rstrip(".")
    if "." not in host or host.rsplit(".", 1)[1] in _LOCAL_DOMAINS:  # "intranet", "nas.lan", "feeds.internal"
        return False
    try:
        return address_kind(ipaddress.ip_address(host)) is None
    except ValueError:  # a name
        return True


def source_key(source: str | Path) -> str:
    """How a source is named in the store: a URL as given, a file or folder by its absolute path."""
    text = str(source).strip()
    if _on_the_web(text):
        return text
    return str(Path(text).expanduser().resolve())


@dataclass
class Followed:
    """What `Watcher.follow` made of one source: its kind, or why it is not followed (`kind` None)."""

    url: str
    kind: str | None
    message: str  # one line, for people
    new: bool = False  # followed now (False: followed already, or refused)


@dataclass
class SourceCheck:
    """One check of one source."""

    url: str
    kind: str
    new_entries: int = 0  # entries or files not read before
    added: int = 0  # articles stored
    versions: int = 0  # of them, new versions of articles stored before (an edited file or entry)
    already_stored: int = 0
    not_modified: bool = False  # the server answered 304, or the local file is unchanged
    error: str | None = None  # why the check failed (the source's `last_error`)
    failures: list[Failure] = field(default_factory=list)  # items that could not be read (retried: feeds)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (origin, what was repaired)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (origin, what it copies exactly): not stored
    # (origin, what it nearly copies, the share of text in common): stored, as `RunReport.near_copies`
    near_copies: list[tuple[str, str, float]] = field(default_factory=list)
    interrupted: bool = False  # stopped before every new entry was read (the rest: next time)
    # (file, seconds before it may be read) of a folder's files still being written: left for a later check
    waiting: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class CycleReport:
    """A cycle: the sources checked, in order."""

    checks: list[SourceCheck] = field(default_factory=list)
    # `Watcher.check_once`: the files still being written when it stopped waiting for them (not read)
    unsettled: list[str] = field(default_factory=list)

    @property
    def checked(self) -> int:
        return len(self.checks)

    @property
    def added(self) -> int:
        return sum(c.added for c in self.checks)

    @property
    def errors(self) -> list[SourceCheck]:
        return [c for c in self.checks if c.error]

    def line(self) -> str:
        """"checked 3 sources: 5 new articles, 1 error (2 items not read)"."""
        from newsloom.render.fmt import plural

        failed = sum(len(c.failures) for c in self.checks)
        versions = sum(c.versions for c in self.checks)
        waiting = sum(len(c.waiting) for c in self.checks)
        return (f"checked {plural(self.checked, 'source')}: {plural(self.added, 'new article')}"
                + (f" (of which {plural(versions, 'new version')})" if versions else "") + ", "
                f"{plural(len(self.errors), 'error')}" + (f" ({plural(failed, 'item')} not read)" if failed else "")
                + (f", {plural(waiting, 'file')} still being written (read later)" if waiting else ""))


class _SourceFailed(Exception):
    """A check that failed: the source's error, in words."""


class Watcher:
    """Checks the sources a store follows, each when its time has come. One check at a time (a lock), so
    `run` may go on in a thread beside readers of the same store."""

    def __init__(self, nl: Newsloom, every: float = 600.0, *, allow_private: bool = False,
                 max_bytes: int = 20_000_000, timeout: float = 20.0, clock: Callable[[], float] = time.time,
                 on_wait: Callable[[str], None] | None = None) -> None:
        """`every`: seconds between two checks of a source followed without its own interval. `clock`: the
        time in seconds since the epoch (tests pass their own). `on_wait`: told when another process is
        writing to the store and the watcher waits for it."""
        if every <= 0:
            raise ValueError("every must be positive")
        self.nl = nl
        self.store = nl.store
        self.every = float(every)
        self.allow_private = allow_private
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.clock = clock
        self.on_wait = on_wait
        self.fetcher = Fetcher(AddressPolicy(allow_private=allow_private), max_bytes=max_bytes, timeout=timeout,
                               settings=nl.settings.fetch)
        self._private: Fetcher | None = None  # for the sources followed with --allow-private, made when needed
        self._lock = threading.Lock()
        # per folder, its files found still being written: entry (path, size, time) -> when first seen so
        self._changing: dict[str, dict[str, float]] = {}
        # per web source followed in this process, its first fetch and when: the first check reads it
        # again rather than fetching it twice within seconds
        self._first: dict[str, tuple[float, Fetched]] = {}

    def close(self) -> None:
        self.fetcher.close()
        if self._private is not None:
            self._private.close()

    def _fetcher(self, state: SourceState) -> Fetcher:
        """The fetcher for a source: one that allows private addresses if the source was followed so."""
        if not state.allow_private or self.allow_private:
            return self.fetcher
        if self._private is None:
            self._private = Fetcher(AddressPolicy(allow_private=True), max_bytes=self.max_bytes, timeout=self.timeout,
                                    settings=self.nl.settings.fetch)
        return self._private

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), UTC)

    # -- following -------------------------------------------------------------------------------
    def follow(self, sources: Iterable[str | Path], every: float | None = None,
               outlet: str | None = None) -> list[Followed]:
        """Follow each source: an existing folder (its new files), an RSS/Atom feed (a URL or a file), or
        another http(s) page. Refused addresses and schemes, missing paths and files that are no feed are
        not followed, each with a one-line reason. `every`: the source's own interval (default: the
        watcher's); `outlet`: the outlet of its items that name none (a folder of one outlet's files; a feed's
        items are its title's). Either, given for a source followed already, replaces that source's."""
        done = []
        for source in sources:
            key = source_key(source)
            state = self.store.source(key)
            if state is not None:
                message = f"already following {key} ({state.kind})"
                changed = []
                if every is not None and state.every != every:
                    state.every = every
                    changed.append(f"now every {_seconds(every)}")
                if self.allow_private and not state.allow_private:
                    state.allow_private = True
                    changed.append("its private address allowed from now on")
                if outlet is not None and state.outlet != outlet:
                    state.outlet = outlet
                    changed.append(f"its items that name no outlet now from {outlet}")
                if changed:
                    with self.store.transaction():
                        self.store.save_source(state)
                    message += ", " + ", ".join(changed)
                done.append(Followed(key, state.kind, message + self._floor_note(key, every)))
                continue
            kind, why, failure = self._kind(key)
            if kind is None:
                done.append(Followed(key, None, f"not followed: {key}: {why}"))
                continue
            with self.store.transaction():
                self.store.follow(key, kind, every, allow_private=self.allow_private, outlet=outlet)
            if failure and (state := self.store.source(key)) is not None:
                self._failed(state, failure)  # shown by `sources` and /api/sources, and backed off as any other
            done.append(Followed(key, kind, f"following {key} ({kind}" + (f", outlet {outlet}" if outlet else "") + ")"
                                 + (f"; {why}" if why else "") +
                                 self._floor_note(key, every), new=True))
        return done

    def _floor_note(self, key: str, every: float | None) -> str:
        if _public_site(key) and (every or self.every) < MIN_WEB_INTERVAL:
            return f"; checked every {_seconds(MIN_WEB_INTERVAL)}, not {_seconds(every or self.every)}: a public " \
                   "site is asked at most once a minute"
        return ""

    def _kind(self, key: str) -> tuple[str | None, str | None, str | None]:
        """(kind, note, the first fetch's error) of a source not followed yet, or (None, why it cannot be
        followed, None)."""
        path = Path(key)
        if _on_the_web(key):
            problem = url_problem(key)
            if problem:
                return None, problem, None
            got = self.fetcher.fetch(key)
            if isinstance(got, Failure):
                # an address or a redirect the policy forbids, or a page that is not there (a typo?): not
                # followed; a server error, a timeout ... may pass
                if "refused" in got.reason or re.fullmatch(r"HTTP 4(?!08|29)\d\d", got.reason):
                    return None, got.reason, None
                guess = "feed" if _FEED_PATH.search(key.split("?")[0]) else "page"
                return guess, f"its first fetch failed ({got.reason}): taken for a {guess}, checked again later", \
                    got.reason
            self._first[key] = (self.clock(), got)
            return ("feed" if page_kind(got.content_type, got.body) == "feed" else "page"), None, None
        if path.is_dir():
            return "folder", None, None
        if not path.exists():
            return None, "no such file or folder", None
        data = load_bytes(path, self.max_bytes)
        if isinstance(data, Failure):
            return None, data.reason, None
        if (format_of(path) or sniff_format(data)) == "feed" and not isinstance(feed_entries(data, key), Failure):
            return "feed", None, None
        return None, "a file is followed only if it is an RSS/Atom feed (`newsloom run` reads it once)", None

    def unfollow(self, source: str | Path) -> bool:
        """Stop following a source (its articles stay); False if it was not followed."""
        return self.store.unfollow(source_key(source))

    # -- checking --------------------------------------------------------------------------------
    def interval(self, state: SourceState) -> float:
        """Seconds between two checks of a source; a public site's at least MIN_WEB_INTERVAL."""
        seconds = float(state.every or self.every)
        return max(seconds, MIN_WEB_INTERVAL) if _public_site(state.url) else seconds

    def due(self) -> list[SourceState]:
        """The followed sources whose next check has come (never checked: at once)."""
        now = self.now()
        return [s for s in self.store.sources() if (at := self._next_check(s)) is None or at <= now]

    def _next_check(self, state: SourceState) -> datetime | None:
        """When a source is due: its next check, or sooner if its interval (or the watcher's default, for a
        source without one of its own) is now shorter than when that check was set; a failing source
        keeps its back-off."""
        if state.next_check is None or state.errors or state.last_check is None:
            return state.next_check
        return min(state.next_check, state.last_check + timedelta(seconds=self.interval(state)))

    def next_due(self) -> float | None:
        """Seconds until the next source is due (0: one is due now), None when none is followed."""
        states = self.store.sources()
        if not states:
            return None
        now = self.clock()
        return max(0.0, min((at.timestamp() - now) if (at := self._next_check(s)) else 0.0 for s in states))

    def check_due(self, stop: threading.Event | None = None, everything: bool = False) -> CycleReport:
        """Check each source whose next check has come (all of them if `everything`), in the order they were
        followed; store what is new. Stops after the current item once `stop` is set."""
        return self._check_sources(self.store.sources() if everything else self.due(), stop)

    def _check_sources(self, states: Iterable[SourceState], stop: threading.Event | None) -> CycleReport:
        report = CycleReport()
        with self._lock:
            for state in states:
                if stop is not None and stop.is_set():
                    break
                report.checks.append(self.check(state, stop))
        return report

    def check_once(self, stop: threading.Event | None = None,
                   on_cycle: Callable[[CycleReport], None] | None = None) -> CycleReport:
        """What `watch --once` does: check every source once, due or not; then check again each folder with
        files still being written once the longest of their waits is over, until they are read or
        `settings.watch.once_wait_seconds` (at least `settle_seconds`) have passed. `on_cycle` is called after
        each cycle; the report holds every check, and in `unsettled` the files still being written at the end."""
        stop = stop or threading.Event()
        watch = self.nl.settings.watch
        report = cycle = self.check_due(stop, everything=True)
        began = time.monotonic()  # the waiting is in real time, whatever the watcher's clock
        while True:
            if on_cycle is not None:
                on_cycle(cycle)
            waiting = {c.url: [path for path, _ in c.waiting] for c in cycle.checks if c.waiting}
            if not waiting or stop.is_set():
                break
            now = self.clock()
            wait = max((first + watch.settle_seconds - now for url in waiting
                        for first in self._changing.get(url, {}).values()), default=0.0)
            if time.monotonic() - began + wait > max(watch.once_wait_seconds, watch.settle_seconds) \
                    or stop.wait(max(wait, 0.0)):
                break
            cycle = self._check_sources([s for s in self.store.sources() if s.url in waiting], stop)
            report.checks += cycle.checks
        report.unsettled = [path for paths in waiting.values() for path in paths]
        return report

    def check(self, state: SourceState, stop: threading.Event | None = None) -> SourceCheck:
        """Check one source now and record how it went (a failure is recorded, never raised)."""
        result = SourceCheck(state.url, state.kind)
        try:
            self._check(state, result, stop)
        except _SourceFailed as e:
            self._failed(state, str(e))
            result.error = state.last_error
        except Exception as e:  # noqa: BLE001 - one source's bug never stops the others
            log.exception("checking %s", state.url)
            self._failed(state, f"internal error: {type(e).__name__}: {e}")
            result.error = state.last_error
        log.info("checked %s: %s", state.url, result.error or f"{result.added} added")
        return result

    def _check(self, state: SourceState, result: SourceCheck, stop: threading.Event | None
               ) -> tuple[str | None, str | None] | None:
        if state.kind == "folder":
            return self._check_folder(state, result, stop)
        path = Path(state.url)
        if not _SCHEME.match(state.url) or path.exists():  # a local feed file: its size and time as validator
            try:
                st = path.stat()
            except OSError as e:
                raise _SourceFailed(f"cannot read file: {e.strerror or e}") from e
            stamp = f"{st.st_size}-{st.st_mtime_ns}"
            if stamp == state.etag:
                result.not_modified = True
                return self._succeeded(state, result, [], (state.etag, state.last_modified))
            data = load_bytes(path, self.max_bytes)
            if isinstance(data, Failure):
                raise _SourceFailed(data.reason)
            return self._check_feed(state, result, stop, data, (stamp, None))
        when, got = self._first.pop(state.url, (0.0, None))
        if got is None or self.clock() - when > _FIRST_FETCH_KEPT:
            got = self._fetcher(state).fetch(state.url, etag=state.etag, last_modified=state.last_modified)
        if isinstance(got, Failure):
            raise _SourceFailed(got.reason)
        validators = (got.etag, got.last_modified)
        if got.status == 304:
            result.not_modified = True
            return self._succeeded(state, result, [], (state.etag, state.last_modified))
        if state.kind == "feed" or page_kind(got.content_type, got.body) == "feed":
            state.kind = result.kind = "feed"
            return self._check_feed(state, result, stop, got.body, validators)
        items = list(checked(state.url, lambda: iter([page_item(got, state.url)])))
        failed = [i for i in items if isinstance(i, Failure)]
        if failed:
            raise _SourceFailed(failed[0].reason)
        result.new_entries = 1
        self._add(items, result, state)
        return self._succeeded(state, result, [], validators)

    def _check_feed(self, state: SourceState, result: SourceCheck, stop: threading.Event | None, data: bytes,
                    validators: tuple[str | None, str | None]) -> tuple[str | None, str | None] | None:
        parsed = feed_entries(data, state.url)
        if isinstance(parsed, Failure):
            raise _SourceFailed(parsed.reason)
        title, entries, malformed = parsed
        seen = self.store.entries_seen_at(state.url, [k for k, _ in entries])
        # an entry read before is read again when the feed says it was updated since (a new version of its
        # article); not when most of the feed is re-dated at once (a feed that dates every entry "now")
        edited = {k for k, e in entries if k in seen and updated_since(e, seen[k])}
        if len(edited) > max(2, len(seen) // 2):
            edited = set()
        new = [(k, e) for k, e in entries if k not in seen or k in edited]
        result.new_entries = len(new)
        position = {k: n for n, (k, _) in enumerate(entries)}
        read: list[str] = []  # entries whose items went to the pipeline
        failed: set[str] = set()
        origins: dict[str, list[str]] = {}  # item origin -> the entries read from it (two may link one page)
        said: list[tuple[int, str]] = []  # (index in result.failures, entry) of each entry's failure

        def items() -> Iterator[RawItem]:
            # the pages are fetched several at once, a few entries ahead; the entries are read in order, and
            # a stop cancels the fetches ahead (those entries stay unread)
            with closing(read_pages([page_link(e) for _, e in new], self._fetcher(state))) as pages:
                for key, entry in new:
                    if stop is not None and stop.is_set():
                        result.interrupted = True
                        return
                    page = next(pages)
                    for item in checked(key, lambda e=entry, k=key, p=page: iter([entry_item(
                            e, *entry_at(state.url, e, position[k]), title, p)])):
                        if isinstance(item, Failure):
                            said.append((len(result.failures), key))
                            result.failures.append(item)
                            failed.add(key)
                        else:
                            origins.setdefault(item.origin, []).append(key)
                            yield item
                    read.append(key)

        before = len(result.failures)
        run = self._add(items(), result, state) if new else None
        if run is not None:
            failed.update(key for f in run.failures for key in origins.get(f.origin, ()))
            said += [(before + n, key) for n, f in enumerate(run.failures) for key in origins.get(f.origin, ())]
        # every new entry failed in a malformed feed: the feed's fault, the source's error, backed off (one
        # entry's 404 in a feed with a stray "&nbsp;" is not)
        if malformed and new and failed >= {k for k, _ in new}:
            self._succeeded(state, result, [k for k in read if k not in failed], (state.etag, state.last_modified),
                            success=False)
            raise _SourceFailed(malformed)
        if failed:  # an entry's own failure: tried again at the next checks, up to `[watch] entry_tries`
            failed.difference_update(self._given_up(state, result, failed, said))
        # an entry that failed stays unread, and the old validators stay, so that the next check reads it again
        complete = not failed and not result.interrupted
        return self._succeeded(state, result, [k for k in read if k not in failed],
                               validators if complete else (state.etag, state.last_modified))

    def _check_folder(self, state: SourceState, result: SourceCheck, stop: threading.Event | None
                      ) -> tuple[str | None, str | None]:
        root = Path(state.url)
        if not root.is_dir():
            raise _SourceFailed("no such folder" if not root.exists() else "not a folder")
        files: dict[str, tuple[Path, int]] = {}
        for file in walk(root):
            try:
                st = file.stat()
            except OSError:
                continue  # gone meanwhile
            files[f"{file.relative_to(root).as_posix()}|{st.st_size}|{st.st_mtime_ns}"] = file, st.st_mtime_ns
        # the folder's validator, for its next check: its newest file's time now, by the share's clock (leaving out
        # any dated ahead of the watcher: one copied with a time in the future would pass the next files as old)
        listed = self.clock() * 1e9
        newest = max((ns for _, ns in files.values() if ns <= listed), default=None)
        seen = self.store.seen_entries(state.url, list(files))
        new, retry = self._settled(state, [(k, *f) for k, f in files.items() if k not in seen], result)
        result.new_entries = len(new)
        read: list[str] = []

        def items() -> Iterator[RawItem]:
            for key, file in new:
                for item in read_sources([str(file)], allow_private=self.allow_private, max_bytes=self.max_bytes,
                                         timeout=self.timeout, fetch=self.nl.settings.fetch):
                    if stop is not None and stop.is_set():  # this file is read again next time
                        result.interrupted = True
                        return
                    if isinstance(item, Failure):
                        result.failures.append(item)  # a file that cannot be read is not tried again
                    else:
                        yield item
                read.append(key)

        if new:
            self._add(items(), result, state)
        return self._succeeded(state, result, read, (None if newest is None else str(newest), None), retry=retry)

    def _settled(self, state: SourceState, files: list[tuple[str, Path, int]], result: SourceCheck
                 ) -> tuple[list[tuple[str, Path]], float | None]:
        """The new files of a folder that have settled, and the seconds before the first of the others may be
        read (None when none waits); those are `result.waiting`."""
        settle, now = self.nl.settings.watch.settle_seconds, self.clock()
        # Settled: seen unchanged (path, size, time) for `settle` by the watcher's own clock; or at once, dated no
        # later than the folder's newest file at its previous check, `settle` or more ago (two times by the share's
        # clock, however far off it runs). A folder never checked has nothing to compare with: there a file dated
        # `settle` before the watcher's clock is taken as finished, so that old files are read without a wait.
        newest = state.etag or ""  # a folder's validator: its newest file's time (ns) at its last check
        if state.last_success is None:
            before: float | None = (now - settle) * 1e9
        elif newest.isdigit() and now - state.last_success.timestamp() >= settle:
            before = int(newest)
        else:
            before = None
        first_seen = self._changing.get(state.url, {})
        changing: dict[str, float] = {}
        ready = []
        for key, file, mtime_ns in files:
            first = first_seen.get(key, now)
            if (before is not None and mtime_ns <= before) or now - first >= settle:
                ready.append((key, file))
            else:
                changing[key] = first
                result.waiting.append((str(file), first + settle - now))
        if changing:
            self._changing[state.url] = changing
        else:
            self._changing.pop(state.url, None)
        return ready, min((wait for _, wait in result.waiting), default=None)

    def _given_up(self, state: SourceState, result: SourceCheck, failed: set[str],
                  said: list[tuple[int, str]]) -> list[str]:
        """Of the entries that failed in this check, those tried at `[watch] entry_tries` checks: given up (marked
        read), so that a page gone for good is not fetched at every check. Each failure line says which try it
        was. `said`: (index in `result.failures`, entry) of each failure line."""
        limit = self.nl.settings.watch.entry_tries
        with self.store.transaction():
            tries = self.store.count_tries(state.url, sorted(failed))
        for index, key in said:
            f, n = result.failures[index], tries.get(key, limit)
            result.failures[index] = Failure(f.origin, f"{f.reason}; given up after {limit} tries, one per check "
                                                       "(`[watch] entry_tries`)" if n >= limit else
                                             f"{f.reason} (try {n} of {limit}: again at the next check)")
        return sorted(key for key, n in tries.items() if n >= limit)

    def _add(self, items: Iterable[RawItem], result: SourceCheck, state: SourceState) -> RunReport:
        report = self.nl.add(items, wait=True, on_wait=self.on_wait, source=state.outlet)
        result.added += report.added
        result.versions += len(report.revisions)
        result.already_stored += report.already_stored
        result.failures += report.failures
        result.notes += report.notes
        result.duplicates += report.duplicates
        result.near_copies += report.near_copies
        return report

    def _succeeded(self, state: SourceState, result: SourceCheck, read: list[str],
                   validators: tuple[str | None, str | None], success: bool = True, retry: float | None = None
                   ) -> tuple[str | None, str | None]:
        """Mark `read` entries read and record the success (unless `success` is False: the check failed
        after those were read), in one transaction. `retry`: seconds after which the source is checked
        again, if sooner than its interval (a file still being written)."""
        now = self.now()
        state.etag, state.last_modified = validators
        if success:
            state.last_check = state.last_success = now
            state.last_error = None
            state.errors = 0
            wait = self.interval(state) if retry is None else min(retry, self.interval(state))
            state.next_check = datetime.fromtimestamp(now.timestamp() + wait, UTC)
        state.stored += result.added
        with self.store.transaction():
            self.store.mark_seen(state.url, read)
            self.store.save_source(state)
        return validators

    def _failed(self, state: SourceState, error: str) -> None:
        now = self.now()
        state.last_check = now
        state.last_error = " ".join(error.split()) or "failed"
        state.errors += 1
        state.next_check = datetime.fromtimestamp(now.timestamp() + self.backoff(state), UTC)
        with self.store.transaction():
            self.store.save_source(state)

    def backoff(self, state: SourceState) -> float:
        """Seconds before the next check of a source that failed `state.errors` times in a row: its interval
        doubled for each failure, at most a day (or its interval, if longer)."""
        interval = self.interval(state)
        return min(interval * 2.0 ** min(state.errors, 40), max(MAX_BACKOFF, interval))

    # -- running ---------------------------------------------------------------------------------
    def run(self, stop: threading.Event, on_cycle: Callable[[CycleReport], None] | None = None) -> None:
        """Check the sources as they fall due until `stop` is set, sleeping until the next one is due (and
        waking at once when `stop` is set); a set `stop` ends it after the current item. Safe in a thread
        beside readers of the same store (it writes through `Newsloom.add`, under the writer lock).
        `on_cycle` is called after each cycle that checked a source."""
        failing, told = 0, ""  # checks in a row the store failed (a database restarting), what was said
        while not stop.is_set():
            try:
                report = self.check_due(stop)
                wait = self.next_due()
            except StoreError as err:  # each new error said once; tried again less often, up to MAX_IDLE
                if str(err) != told:
                    log.warning("%s (the watcher tries again)", err)
                    told = str(err)
                failing += 1
                report, wait = None, 5.0 * 2 ** min(failing - 1, 6)
            except Exception:  # noqa: BLE001 - a store that is busy or broken now may work later
                log.exception("watching %s", self.store.path)
                report, wait = None, 5.0
            else:
                if failing:
                    log.warning("%s: reached again after %d failed checks", self.store.path, failing)
                failing, told = 0, ""
            if report is not None and report.checks and on_cycle is not None:
                on_cycle(report)
            if not stop.is_set():
                stop.wait(MAX_IDLE if wait is None else min(max(wait, 0.2), MAX_IDLE))


def _seconds(s: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if s >= size and s % size == 0:
            return f"{int(s // size)}{unit}"
    return f"{s:g}s"
