"""The command line's papercuts (issue 20), each run through the real CLI: --db after the command, -v logging
stage timings, `stories` newest first, singular counts, notices on stderr and results unwrapped on stdout,
`export --format terminal -o`, `run -` from standard input, and read commands that load no models."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CLI, DEMO

HEAVY = {"spacy", "onnxruntime", "sklearn", "torch", "pyvi", "datasketch"}  # models and what loads them
ENV = {k: v for k, v in os.environ.items() if k != "COLUMNS"}  # a pipe, laid out as a user's pipe is

# Team-written articles (made up for these tests), as JSON Lines on standard input.
STDIN_RECORDS = [
    {"title": "Da Nang opens a night market on the Han River bank",
     "text": "The city of Da Nang opened a night market with 120 stalls on the east bank of the Han River on "
             "Friday, the municipal tourism department said. The market will run every evening until midnight.",
     "source": "Test Coast Daily", "published": "2025-11-07T19:00:00+07:00"},
    {"title": "Can Tho rice exporters sign a contract for 50,000 tonnes",
     "text": "Three rice exporters based in Can Tho signed a contract on Monday to ship 50,000 tonnes of "
             "fragrant rice to buyers in the Philippines by March, the city's trade office said.",
     "source": "Test Delta News", "published": "2025-11-10T08:30:00+07:00"},
    {"title": "Hue closes two streets as the Perfume River rises",
     "text": "Authorities in Hue closed two riverside streets on Tuesday after heavy rain lifted the Perfume "
             "River above alarm level 2. Schools in the city stayed open, officials said.",
     "source": "Test Central Wire", "published": "2025-11-11T06:45:00+07:00"},
]


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, text=True, env=ENV, timeout=600)


@pytest.fixture(scope="module")
def long_dir(tmp_path_factory) -> Path:
    """A folder whose path is longer than a line of output, to see that no path is wrapped."""
    folder = tmp_path_factory.mktemp("cli") / ("a-folder-with-a-long-name-" * 5) / "stores"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture(scope="module")
def demo_run(long_dir) -> tuple[Path, subprocess.CompletedProcess]:
    """The demo corpus run once, with -v and --db after the command: the store the read tests share."""
    db = long_dir / "demo.db"
    done = _cli("-v", "run", "--db", str(db), str(DEMO))
    assert done.returncode == 0, done.stderr[-3000:]
    return db, done


@pytest.fixture(scope="module")
def stdin_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """Three records and one bad line through `run -`, with -vv and batches of two (two batches)."""
    db = tmp_path_factory.mktemp("stdin") / "stdin.db"
    lines = ["", *(json.dumps(r, ensure_ascii=False) for r in STDIN_RECORDS), "{not json"]
    done = _cli("-vv", "run", "--db", str(db), "--batch-size", "2", "-", stdin="\n".join(lines) + "\n")
    return db, done


@pytest.fixture
def invoke():
    """The CLI in this process (typer's CliRunner), leaving the logging set-up as it found it."""
    root, ours = logging.getLogger(), logging.getLogger("newsloom")
    saved = root.level, list(root.handlers), ours.level

    from newsloom.cli import app

    def run(*args: str):
        return CliRunner().invoke(app, list(args))

    yield run
    root.setLevel(saved[0])
    root.handlers[:] = saved[1]
    ours.setLevel(saved[2])


def _story_ids(table: str) -> list[int]:
    """The ids of the rows of `newsloom stories` (the first cell of each row that has one)."""
    return [int(m.group(1)) for m in re.finditer(r"^│\s*(\d+)\s*│", table, re.M)]


# 1. --db before or after the command ------------------------------------------------------------------------
READS = [["stories"], ["show", "1"], ["export", "--format", "json"], ["conflicts", "--json"], ["sources"]]


@pytest.mark.parametrize("args", READS, ids=lambda a: a[0])
def test_db_is_accepted_after_the_command_and_wins(demo_run, invoke, tmp_path, args):
    db, run = demo_run  # `run --db x.db DIR` made it
    assert db.is_file() and str(db) in run.stdout
    absent = str(tmp_path / "absent.db")
    assert invoke("--db", absent, *args).exit_code == 2  # no such store: the main option is used ...
    after = invoke("--db", absent, *args, "--db", str(db))  # ... unless the command's own is given
    assert after.exit_code == 0, after.output
    assert "No such option" not in after.output and "absent.db" not in after.output
    assert invoke(*args, "--db", str(db)).stdout == after.stdout


# 2. -v and -vv log the seconds of each stage on stderr --------------------------------------------------------
STAGE_LINE = re.compile(r"^DEBUG newsloom\.stages: batch (\d+): (\w+) \d+\.\d+ s$")


def test_verbose_logs_the_seconds_of_each_stage(demo_run, stdin_run, invoke, tmp_path):
    _, run = demo_run  # -v: one line per run, seconds per stage; no batch lines
    summary = [ln for ln in run.stderr.splitlines() if ln.startswith("INFO newsloom.stages: run:")]
    assert len(summary) == 1, run.stderr
    assert all(re.search(rf"\b{stage} \d+\.\d\d\b", summary[0]) for stage in ("embed", "entities", "cluster"))
    assert "DEBUG" not in run.stderr and not run.stdout.count("INFO")

    _, deep = stdin_run  # -vv: also one line per stage per batch (3 articles in batches of 2: two batches)
    lines = [STAGE_LINE.match(ln) for ln in deep.stderr.splitlines() if ln.startswith("DEBUG")]
    assert lines and all(lines), deep.stderr
    pairs = [(int(m.group(1)), m.group(2)) for m in lines]
    assert len(pairs) == len(set(pairs)), "a stage logged twice for one batch"
    assert {b for b, _ in pairs} == {1, 2} and {"embed", "cluster", "store"} <= {s for _, s in pairs}
    assert sum("INFO newsloom.stages: run: 3 items in 2 batches" in ln for ln in deep.stderr.splitlines()) == 1

    db = str(tmp_path / "none.db")
    invoke("stories", "--db", db)  # no -v: warnings only
    assert not logging.getLogger("newsloom.stages").isEnabledFor(logging.INFO)
    invoke("-v", "stories", "--db", db)
    stages = logging.getLogger("newsloom.stages")
    assert stages.isEnabledFor(logging.INFO) and not stages.isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("urllib3").isEnabledFor(logging.INFO)  # other libraries stay quiet


# 3. stories: newest first ---------------------------------------------------------------------------------------
def _utc(d: datetime) -> datetime:
    return d if d.tzinfo else d.replace(tzinfo=UTC)


def test_stories_lists_newest_first(demo_run, invoke):
    import newsloom

    db, _ = demo_run
    listed = _story_ids(invoke("stories", "--db", str(db), "--limit", "0").stdout)
    with newsloom.open(db, create=False) as nl:
        latest = {sid: max((_utc(a.published) for a in nl.story(sid).articles if a.published), default=None)
                  for sid in listed}
    assert sorted(latest) == sorted(_story_ids(invoke("stories", "--db", str(db), "--sort", "id").stdout))
    dated = [sid for sid in listed if latest[sid] is not None]
    assert [latest[s] for s in dated] == sorted((latest[s] for s in dated), reverse=True)
    assert listed[len(dated):] == [s for s in listed if latest[s] is None]  # undated last
    assert len({latest[s].month for s in dated}) >= 3  # September to December: the order tells
    assert "newest first" in invoke("stories", "--help").stdout
    # --from and --to, as the Python and REST APIs take them (a new user's test: the CLI had none)
    with newsloom.open(db, create=False) as nl:
        since = [r.id for r in nl.stories(since=date(2025, 10, 20), limit=0)]
    assert 0 < len(since) < len(listed)
    assert _story_ids(invoke("stories", "--db", str(db), "--from", "2025-10-20", "-n", "0").stdout) == since
    assert "is not a date" in invoke("stories", "--db", str(db), "--to", "soon").output


# 4. one article, one story, one duplicate ------------------------------------------------------------------------
def test_counts_of_one_are_singular(demo_run, invoke):
    from rich.console import Console

    import newsloom
    from newsloom.render import render_html, render_markdown, render_terminal
    from newsloom.render.fmt import plural

    assert [plural(1, "story", "stories"), plural(2, "story", "stories"), plural(0, "article")] == [
        "1 story", "2 stories", "0 articles"]
    db, run = demo_run
    assert re.search(r"\b1 duplicate,", run.stdout) and not re.search(r"\b1 \w+s\b", run.stdout), run.stdout
    # the near copy it reports above is counted among those added (a new user read "0 duplicates" below them)
    assert "near-duplicate of" in run.stdout and "added (1 near copy among them)," in run.stdout, run.stdout
    with newsloom.open(db, create=False) as nl:
        one = replace(nl.story(1), articles=nl.story(1).articles[:1])
    panel = io.StringIO()
    render_terminal([one], Console(file=panel, width=120))
    html = render_html([one])
    for text in (panel.getvalue(), render_markdown([one]), html.replace("<b>1</b>", "1")):
        assert re.search(r"\b1 article\b", text) and "1 articles" not in text
    assert "1 story · 1 article<" in html


# 5. notices on stderr, results on stdout, nothing wrapped ------------------------------------------------------
def test_notices_go_to_stderr_and_lines_are_not_wrapped(demo_run):
    db, run = demo_run
    out = run.stdout.splitlines()  # each near-copy stored, then the summary, its path whole
    assert len(out) == 2 and out[-1].endswith(f"in {db}") and len(str(db)) > 120, run.stdout
    assert re.fullmatch(r"copy \S+wire\.jsonl:\d+: near-duplicate of \S+ \(\d+% shared\), joins its story", out[0])
    assert re.search(r"^duplicate .*exact copy of", run.stderr, re.M) and "exact copy" not in run.stdout
    none = _cli("stories", "--db", str(db), "--lang", "xx")
    assert none.returncode == 0 and none.stdout == ""
    assert none.stderr.splitlines() == [f"No stories in {db} match: try fewer filters."]
    some = _cli("stories", "--db", str(db), "-n", "2")
    assert len(_story_ids(some.stdout)) == 2 and "shown" not in some.stdout
    assert re.fullmatch(r"2 of \d+ stories shown: --limit 0 lists all, --offset 2 the next ones\n", some.stderr)


def test_conflicts_lists_the_newest_and_says_how_many_there_are(demo_run):
    import newsloom

    db, _ = demo_run
    with newsloom.open(db, create=False) as nl:
        every = [d.story_id for d in nl.conflicts()]
        newest = [row.id for row in nl.stories(contested=True, sort="recent")]
    assert len(every) >= 2 and sorted(every) == sorted(newest)
    one = _cli("conflicts", "--db", str(db), "--json", "-n", "1")
    assert [json.loads(line)["id"] for line in one.stdout.splitlines()] == newest[:1]
    assert one.stderr == f"the newest 1 of {len(every)} stories with conflicts; --limit 0 lists them all\n"
    everything = _cli("conflicts", "--db", str(db), "--json", "--limit", "0")
    assert [json.loads(line)["id"] for line in everything.stdout.splitlines()] == every and everything.stderr == ""


# 6. export --format terminal -o FILE writes the terminal's rendering --------------------------------------------
def test_export_terminal_to_a_file_writes_the_panels_as_plain_text(demo_run, invoke, tmp_path):
    import newsloom

    db, _ = demo_run
    with newsloom.open(db, create=False) as nl:
        headline = nl.story(1).headline
    target = tmp_path / "stories.txt"
    done = invoke("export", "--format", "terminal", "-o", str(target), "--story", "1", "--db", str(db))
    assert done.exit_code == 0 and f"wrote {target}" in done.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("╭") and "╰" in text and "\x1b[" not in text  # panels, no colour codes
    assert not text.startswith("#") and "## " not in text  # not Markdown
    assert headline in text.splitlines()[0] and "Sources" in text


def test_export_takes_story_ids_parted_by_commas(demo_run, invoke):
    """A data scientist: `export --story 45,161` was refused; only a repeated --story worked."""
    db, _ = demo_run
    done = invoke("export", "--format", "json", "--story", "1,3", "-s", "2", "--db", str(db))
    assert done.exit_code == 0 and [s["story_id"] for s in json.loads(done.stdout)["stories"]] == [1, 3, 2]
    wrong = invoke("export", "--story", "1,x", "--db", str(db))
    assert wrong.exit_code == 2 and "--story takes story ids" in wrong.stderr


def test_export_a_storyline_with_a_title(demo_run, invoke, tmp_path):
    """An analyst exported a storyline by listing its stories' ids by hand, under the store's file name."""
    import newsloom
    from newsloom.cli import _by_first_seen

    db, _ = demo_run
    with newsloom.open(db, create=False) as nl:
        line = nl.storylines()[0]
        stories = [row.headline for row in sorted(nl.stories(storyline=line.id), key=_by_first_seen)]  # oldest first
    target = tmp_path / "line.md"
    done = invoke("export", "--storyline", str(line.id), "--title", "The flood and after", "-o", str(target),
                  "--db", str(db))
    text = target.read_text(encoding="utf-8")
    assert done.exit_code == 0 and text.startswith("# The flood and after\n") and text.endswith("\n")
    assert [ln[3:] for ln in text.splitlines() if ln.startswith("## ")] == stories and len(stories) >= 2
    missing = invoke("export", "--storyline", "999", "--db", str(db))
    assert missing.exit_code != 0 and "no storyline 999" in missing.stderr


def test_export_lists_a_storylines_stories_oldest_first():
    """tester37: `export --storyline` listed the stories by id (the order they were first read in), not oldest
    first as its --help says."""
    from datetime import datetime, timedelta, timezone
    from types import SimpleNamespace

    from newsloom.cli import _by_first_seen

    hanoi = timezone(timedelta(hours=7))
    rows = [SimpleNamespace(id=1, first_seen=datetime(2026, 10, 18, 9, tzinfo=hanoi)),
            SimpleNamespace(id=2, first_seen=None), SimpleNamespace(id=3, first_seen=datetime(2026, 10, 18, 1)),
            SimpleNamespace(id=4, first_seen=datetime(2026, 10, 12, tzinfo=hanoi))]
    assert [r.id for r in sorted(rows, key=_by_first_seen)] == [4, 3, 1, 2]  # 1:00 (UTC) before 9:00 +07 (2:00 UTC)


# 7. run - reads standard input -----------------------------------------------------------------------------------
def test_run_dash_reads_json_lines_from_standard_input(stdin_run):
    from newsloom.store import SQLiteStore

    db, done = stdin_run
    assert done.returncode == 1, done.stderr[-3000:]  # the bad line failed, the rest was stored
    assert re.search(r"^failed <stdin>:5: invalid JSON", done.stderr, re.M), done.stderr
    assert done.stdout.startswith("3 added,")
    with SQLiteStore(db) as store:
        stored = {a.origin: a.title for a in store.articles()}
    assert stored == {f"<stdin>:{n}": r["title"] for n, r in enumerate(STDIN_RECORDS, 2)}


def test_standard_input_as_plain_text_is_one_article(monkeypatch):
    from newsloom.ingest import read_sources

    def read(data: bytes) -> list:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        return list(read_sources(["-"]))

    text = "Hue closes two streets\n\nAuthorities closed two riverside streets as the river rose.\n{\"title\": 1}\n"
    [item] = read(text.encode())
    assert (item.origin, item.title) == ("<stdin>", "Hue closes two streets") and "riverside" in item.text
    [item] = read(b'{"id": 7, "name": "not an article"}\nsecond line\n')  # an object, but no title or text
    assert item.origin == "<stdin>" and item.title.startswith("{")
    records = read(b"\n" + json.dumps(STDIN_RECORDS[0]).encode() + b"\n")
    assert [(r.origin, r.title) for r in records] == [("<stdin>:2", STDIN_RECORDS[0]["title"])]
    assert [f.reason for f in read(b"  \n")] == ["empty input"]


# 8. read commands load no models ---------------------------------------------------------------------------------
PROBE = """
import contextlib, io, json, runpy, sys
commands, heavy, found = json.loads(sys.argv[1]), set(json.loads(sys.argv[2])), {}
for args in commands:
    sys.argv, status = ["newsloom", *args], "no exit"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            runpy.run_module("newsloom.cli", run_name="__main__")
        except SystemExit as e:
            status = e.code
    found[" ".join(args)] = [status, sorted({m.split(".")[0] for m in sys.modules} & heavy)]
print(json.dumps(found))
"""


def test_read_commands_load_no_models(demo_run):
    db, _ = demo_run
    commands = [["--help"], ["--version"], *(["--db", str(db), *args] for args in READS),
                ["--db", str(db), "export", "--format", "html"], ["--db", str(db), "show", "1"]]
    probe = subprocess.run([sys.executable, "-c", PROBE, json.dumps(commands), json.dumps(sorted(HEAVY))],
                           capture_output=True, text=True, env=ENV, timeout=300)
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)
    assert all(status in (0, None) for status, _ in found.values()), found  # each command ran
    assert {cmd: mods for cmd, (_, mods) in found.items() if mods} == {}


def test_config_prints_the_settings_a_file_changes(invoke, tmp_path):
    import tomllib

    from newsloom.settings import Settings

    printed = invoke("config")
    assert printed.exit_code == 0 and "# key-terms cosine of a story and a storyline from which" in printed.stdout
    assert Settings.from_dict(tomllib.loads(printed.stdout)) == Settings()
    mine = tmp_path / "mine.toml"
    mine.write_text(printed.stdout.replace("min_terms_cosine = 0.06", "min_terms_cosine = 0.2"), encoding="utf-8")
    changed = tomllib.loads(invoke("--settings", str(mine), "config").stdout)
    assert changed["storylines"]["min_terms_cosine"] == 0.2
    mine.write_text("[summary]\nwordz = 3\n", encoding="utf-8")
    bad = _cli("--settings", str(mine), "config")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip() == f"error: {mine}: [summary] has no setting 'wordz' (it has words, min_words, " \
        "max_words, max_sentences, redundant, figure_overlap, mmr_lambda, position_weight, position_decay, damping)"


def test_an_empty_store_says_how_to_fill_it(tmp_path):
    """No filter to blame: the store has no story yet."""
    (tmp_path / "nothing").mkdir()
    db = tmp_path / "empty.db"
    assert _cli("run", "--db", str(db), str(tmp_path / "nothing")).returncode in (0, 1) and db.exists()
    listed = _cli("stories", "--db", str(db))
    assert listed.returncode == 0 and listed.stdout == ""
    assert listed.stderr.splitlines() == [f"No stories in {db} yet: add articles with `newsloom run PATH`."]
    from newsloom.store import SQLiteStore

    with SQLiteStore(db) as store, store.writer():  # a run is writing: its stories are not shown yet
        during = _cli("stories", "--db", str(db))
    assert during.returncode == 0 and during.stderr.splitlines() == [
        f"Another newsloom process is writing to {db}: the stories of its run appear as it writes them (a long "
        "run every few thousand articles) and when it ends."]


@pytest.mark.parametrize(("embedder", "message"), [
    ("bogus", "unknown embedder 'bogus'"),
    ("onnx-e5:int9", "unknown kind of linear layers 'int9'"),
])
def test_a_wrong_embedder_is_one_usage_error(tmp_path, embedder, message):
    """Refused before any model loads or the store is touched (it was a 63-line traceback; tester, 2026-12-05)."""
    db = tmp_path / "x.db"
    for command in (["run", str(DEMO / "may-labs-voice-recorder.txt")], ["serve", "--port", "1"]):
        got = _cli("--db", str(db), *command, "--embedder", embedder)
        assert got.returncode == 2 and "Traceback" not in got.stderr and message in " ".join(got.stderr.split())
    assert not db.exists()


def test_an_items_name_is_printed_as_it_is_never_as_an_emoji(tmp_path):
    """Rich reads ":100:" as an emoji code: the 100th line of a JSON Lines file must still be named."""
    lines = [json.dumps(r) for r in STDIN_RECORDS] * 50
    lines[99] = json.dumps({"title": "No text"})
    (tmp_path / "l100.jsonl").write_text("\n".join(lines[:100]) + "\n", encoding="utf-8")
    (tmp_path / "a:smile:.txt").write_text("", encoding="utf-8")
    res = subprocess.run([*CLI, "--db", str(tmp_path / "s.db"), "run", str(tmp_path / "l100.jsonl"),
                          str(tmp_path / "a:smile:.txt")], capture_output=True, text=True, env=ENV, timeout=600)
    assert f"{tmp_path / 'l100.jsonl'}:100: record has no text" in res.stderr
    assert f"{tmp_path / 'a:smile:.txt'}: empty file" in res.stderr and "💯" not in res.stderr


def test_stories_a_stopped_run_did_not_write_are_named_and_the_next_run_writes_them(tmp_path, embedder,
                                                                                      monkeypatch):
    import newsloom
    from newsloom.pipeline import Pipeline

    db = tmp_path / "stopped.db"
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in STDIN_RECORDS), encoding="utf-8")
    with monkeypatch.context() as m, newsloom.open(db, embedder=embedder, readers=0) as nl:
        m.setattr(Pipeline, "refresh", lambda self, stories=None: (_ for _ in ()).throw(KeyboardInterrupt))
        with pytest.raises(KeyboardInterrupt):
            nl.add(str(tmp_path / "in.jsonl"))
        assert nl.store.article_count() == len(STDIN_RECORDS)
    listed = subprocess.run([*CLI, "--db", str(db), "stories"], capture_output=True, text=True, env=ENV, timeout=300)
    assert "A run did not finish" in listed.stderr and "are not up to date" in listed.stderr
    assert "yet: add articles" not in listed.stderr
    shown = subprocess.run([*CLI, "--db", str(db), "show", "1"], capture_output=True, text=True, env=ENV, timeout=300)
    assert shown.returncode != 0 and "any `newsloom run` finishes them" in shown.stderr
    again = subprocess.run([*CLI, "--db", str(db), "run", str(tmp_path / "in.jsonl")], capture_output=True, text=True,
                           env=ENV, timeout=600)
    assert again.returncode == 0, again.stderr
    listed = subprocess.run([*CLI, "--db", str(db), "stories"], capture_output=True, text=True, env=ENV, timeout=300)
    assert "did not finish" not in listed.stderr and "Da Nang" in listed.stdout


def test_a_run_stopped_after_writing_its_stories_says_their_storylines_wait(tmp_path, embedder, monkeypatch):
    """A long run writes its stories as it goes (`run.refresh_every`) and links their storylines at its end:
    stopped before its end, its stories are listed, and `stories` says their storylines wait for a run."""
    from dataclasses import replace

    import newsloom
    from newsloom.pipeline import Pipeline
    from newsloom.settings import DEFAULTS

    db = tmp_path / "stopped.db"
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in STDIN_RECORDS), encoding="utf-8")
    written = Pipeline.refresh

    def end_fails(self, only=None, *, link=True):
        if link and only is None:
            raise KeyboardInterrupt
        return written(self, only, link=link)

    settings = replace(DEFAULTS, run=replace(DEFAULTS.run, refresh_every=1))
    with monkeypatch.context() as m, newsloom.open(db, embedder=embedder, readers=0, settings=settings,
                                                   batch_size=1) as nl:
        m.setattr(Pipeline, "refresh", end_fails)
        with pytest.raises(KeyboardInterrupt):
            nl.add(str(tmp_path / "in.jsonl"))
        assert nl.store.unlinked_stories() and nl.count() >= 1
    listed = subprocess.run([*CLI, "--db", str(db), "stories"], capture_output=True, text=True, env=ENV, timeout=300)
    assert "not linked into storylines yet" in listed.stderr and "Da Nang" in listed.stdout
    again = subprocess.run([*CLI, "--db", str(db), "run", str(tmp_path / "in.jsonl")], capture_output=True, text=True,
                           env=ENV, timeout=600)
    assert again.returncode == 0, again.stderr
    listed = subprocess.run([*CLI, "--db", str(db), "stories"], capture_output=True, text=True, env=ENV, timeout=300)
    assert "did not finish" not in listed.stderr
    with newsloom.open(db, create=False) as nl:
        assert nl.store.unlinked_stories() == [] == nl.store.dirty_stories()


def test_entities_are_found_by_any_name_and_stories_filtered_by_one(demo_run, invoke):
    """`newsloom entities NAME` lists the entity's key and other names; `stories --entity` takes the key or a
    name that names one entity (demo/expected.json: "Hanul Energy" and "Hanul" are one, in S3's story)."""
    import newsloom

    db, _ = demo_run
    with newsloom.open(db, create=False) as nl:
        hanul = nl.entities("hanul")
    assert [e.name for e in hanul] == ["Hanul Energy"] and "Hanul" in hanul[0].aliases
    found = invoke("entities", "hanul", "--db", str(db))
    assert found.exit_code == 0 and hanul[0].key in found.stdout and "Hanul Energy" in found.stdout
    by_key = _story_ids(invoke("stories", "--db", str(db), "--entity", hanul[0].key).stdout)
    assert by_key and _story_ids(invoke("stories", "--db", str(db), "--entity", "hanul energy").stdout) == by_key
    missing = invoke("stories", "--db", str(db), "--entity", "Hanul Energie")
    assert missing.exit_code != 0 and "no entity is named 'Hanul Energie'" in missing.output
    assert "No entity" in invoke("entities", "zzzz", "--db", str(db)).output
    assert _story_ids(invoke("stories", "--db", str(db), "--entity", hanul[0].key.lower()).stdout) == by_key
    unknown = invoke("stories", "--db", str(db), "--entity", "LOC:atlantis")
    assert unknown.exit_code != 0 and "no entity LOC:atlantis" in unknown.output
    assert invoke("entities", " ", "--db", str(db)).exit_code == 2  # a usage error, not every entity


def test_storylines_lists_the_demos_one_storyline(demo_run, invoke, tmp_path):
    """demo/expected.json: S1 and S2 are one storyline, and no other stories are linked."""
    import newsloom

    db, _ = demo_run
    with newsloom.open(db, create=False) as nl:
        lines = nl.storylines()
        assert [r.stories for r in lines] == [2] and nl.store.count_storylines() == 1
        members = nl.stories(storyline=lines[0].id)
        assert len(members) == 2 and lines[0].articles == sum(r.article_count for r in members)
        assert lines[0].headline in {r.headline for r in members}
        assert len(nl.storylines(min_stories=1)) == nl.count() - 1  # every other story is a line of its own
        with pytest.raises(ValueError, match="0 or more"):
            nl.storylines(limit=-1)
    listed = invoke("storylines", "--db", str(db))
    assert listed.exit_code == 0 and re.search(rf"│\s*{lines[0].id}\s*│\s*2\s*│", listed.stdout)
    assert "No storyline of 3 stories or more" in invoke("storylines", "--db", str(db), "--min-stories", "3").output
    # a new user (tester35) tuned [storylines] for this command and saw nothing change: it says why
    settings = tmp_path / "s.toml"
    settings.write_text("[storylines]\nmin_similarity = 0.99\n", encoding="utf-8")
    tuned = invoke("--settings", str(settings), "storylines", "--db", str(db))
    assert tuned.exit_code == 0 and "linked as articles are read" in tuned.output


def test_a_run_whose_items_were_only_repaired_exits_0(invoke, tmp_path):
    """An operations tester: a feed entry whose page was gone (its own text used) or a date not understood made
    the run exit 1 like a failure, so every such run turned a cron job red; repaired items are stored."""
    path = tmp_path / "a.jsonl"
    text = ("Hội An thả hoa đăng đêm rằm, hàng nghìn du khách đổ về phố cổ bên sông Hoài ngắm đèn lồng và thưởng thức "
            "ẩm thực đường phố. Chính quyền cấm xe máy vào khu phố cổ từ 17 giờ để bảo đảm an toàn cho du khách.")
    path.write_text(json.dumps({"title": "Hội An thả hoa đăng", "text": text, "published": "not a date"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    done = invoke("--db", str(tmp_path / "s.db"), "run", str(path))
    assert re.search(r"^note .*date not understood", done.stderr, re.M), done.stderr
    assert done.exit_code == 0 and done.stdout.startswith("1 added")


def test_watch_says_what_it_repaired_and_what_it_found_copied(invoke, tmp_path):
    """An operations tester: a watched folder's repaired items and copies left no line, as `run` prints them."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    text = ("Hội An thả hoa đăng đêm rằm, hàng nghìn du khách đổ về phố cổ bên sông Hoài ngắm đèn lồng và thưởng thức "
            "ẩm thực đường phố. Chính quyền cấm xe máy vào khu phố cổ từ 17 giờ để bảo đảm an toàn cho du khách.")
    (inbox / "a.jsonl").write_text(json.dumps({"title": "Hội An thả hoa đăng", "text": text, "published": "not a date"},
                                              ensure_ascii=False) + "\n", encoding="utf-8")
    (inbox / "b.txt").write_text(f"Hội An thả hoa đăng\n\n{text}\n", encoding="utf-8")
    (inbox / "c.txt").write_text(f"Hội An thả hoa đăng\n\n{text}\n", encoding="utf-8")
    done = invoke("--db", str(tmp_path / "s.db"), "watch", str(inbox), "--once")
    assert re.search(r"^note .*a\.jsonl:1: date not understood", done.stderr, re.M), done.stderr
    assert re.search(r"^duplicate .*c\.txt: exact copy of .*a\.jsonl:1", done.stderr, re.M), done.stderr


def test_watch_once_says_a_file_is_being_written_and_reads_it_once_it_has_settled(invoke, tmp_path):
    """tester35: a file caught while being written was stored half. `watch --once` leaves it with a note and
    looks again when it may have settled; here a file dated an hour ahead (a file share's clock), unchanged
    for the 2 s the settings ask since the watcher first saw it."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    page = inbox / "hoa-dang.txt"
    page.write_text("Hội An thả hoa đăng\n\nHội An thả hoa đăng đêm rằm, hàng nghìn du khách đổ về phố cổ bên sông "
                    "Hoài ngắm đèn lồng và thưởng thức ẩm thực đường phố.\n", encoding="utf-8")
    ahead = time.time() + 3600
    os.utime(page, (ahead, ahead))
    (tmp_path / "s.toml").write_text("[watch]\nsettle_seconds = 2\n", encoding="utf-8")
    done = invoke("--settings", str(tmp_path / "s.toml"), "--db", str(tmp_path / "s.db"), "watch", str(inbox),
                  "--once")
    assert done.exit_code == 0, done.stderr
    assert re.search(r"^waiting .*hoa-dang\.txt: still being written \(not seen unchanged for 2 s yet\)", done.stderr,
                     re.M), done.stderr
    assert "checked 1 source: 0 new articles, 0 errors, 1 file still being written (read later)" in done.stderr
    assert "checked 1 source: 1 new article, 0 errors" in done.stderr


HOA_DANG = ("Hội An thả hoa đăng\n\nHội An thả hoa đăng đêm rằm, hàng nghìn du khách đổ về phố cổ bên sông Hoài ngắm "
            "đèn lồng và thưởng thức ẩm thực đường phố.\n")


def test_watch_once_waits_for_a_file_being_written_though_another_source_is_due(invoke, tmp_path):
    """review: `watch --once` looked again after the shorter of the next source's due time and the settle time:
    with another source due at once (here a folder checked every half second), the file being written was not
    looked at again, and it was left unread with status 0. It waits as long as the folder's own waiting files
    need, then reads them."""
    often, inbox = tmp_path / "often", tmp_path / "inbox"
    often.mkdir()
    inbox.mkdir()
    (tmp_path / "s.toml").write_text("[watch]\nsettle_seconds = 2\n", encoding="utf-8")
    common = ("--settings", str(tmp_path / "s.toml"), "--db", str(tmp_path / "s.db"), "watch")
    assert invoke(*common, str(often), "--every", "0.5s", "--once").exit_code == 0
    (inbox / "hoa-dang.txt").write_text(HOA_DANG, encoding="utf-8")
    done = invoke(*common, str(inbox), "--once")
    assert done.exit_code == 0, done.stderr
    assert re.search(r"^waiting .*hoa-dang\.txt: still being written", done.stderr, re.M), done.stderr
    assert "checked 2 sources: 0 new articles, 0 errors, 1 file still being written (read later)" in done.stderr
    assert "checked 1 source: 1 new article, 0 errors" in done.stderr


def test_watch_once_names_a_file_that_does_not_settle_and_exits_1(invoke, tmp_path):
    """A file written on and on (a download, a log) never settles: `watch --once` waits `[watch]
    once_wait_seconds` at most, then names it in one line and exits 1, as for an item it could not read."""
    import threading

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    page = inbox / "hoa-dang.txt"
    page.write_text(HOA_DANG, encoding="utf-8")
    (tmp_path / "s.toml").write_text("[watch]\nsettle_seconds = 1\nonce_wait_seconds = 3\n", encoding="utf-8")
    stop = threading.Event()

    def writing() -> None:
        while not stop.wait(0.2):
            with page.open("a", encoding="utf-8") as fh:
                fh.write("Du khách đông. ")

    writer = threading.Thread(target=writing)
    writer.start()
    try:
        started = time.monotonic()
        done = invoke("--settings", str(tmp_path / "s.toml"), "--db", str(tmp_path / "s.db"), "watch", str(inbox),
                      "--once")
        took = time.monotonic() - started
    finally:
        stop.set()
        writer.join()
    assert done.exit_code == 1, done.stderr
    assert re.search(r"^not read .*hoa-dang\.txt: still being written \(not seen unchanged for 1 s within the 3 s "
                     r"`watch --once` waits at most \(\[watch\] once_wait_seconds\)\)", done.stderr, re.M), done.stderr
    assert len(re.findall(r"^waiting .*hoa-dang\.txt", done.stderr, re.M)) == 1  # said once, not at each look
    assert took < 30


def test_watch_once_reads_a_folder_of_old_files_without_waiting(invoke, tmp_path):
    """A folder `watch --once` has never checked: its files dated long before are read at once (it has no
    previous check to compare with), though the settle time here is a minute."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    page = inbox / "hoa-dang.txt"
    page.write_text(HOA_DANG, encoding="utf-8")
    yesterday = time.time() - 86400
    os.utime(page, (yesterday, yesterday))
    (tmp_path / "s.toml").write_text("[watch]\nsettle_seconds = 60\n", encoding="utf-8")
    started = time.monotonic()
    done = invoke("--settings", str(tmp_path / "s.toml"), "--db", str(tmp_path / "s.db"), "watch", str(inbox), "--once")
    assert done.exit_code == 0, done.stderr
    assert "waiting" not in done.stderr and "checked 1 source: 1 new article, 0 errors" in done.stderr
    assert time.monotonic() - started < 60


def test_serve_refuses_a_store_that_does_not_exist_unless_it_can_fill_it(tmp_path):
    """An operations tester: `serve` on a mistyped --db served a new, empty site where every other command
    refused; an empty store is started only for a server that can fill it (--token, --watch SOURCES)."""
    db = tmp_path / "typo.db"
    got = _cli("--db", str(db), "serve", "--port", "1")
    assert got.returncode == 2 and "no such store" in got.stderr and "Traceback" not in got.stderr
    assert not db.exists()


def test_serve_on_a_port_in_use_says_so_in_one_line(tmp_path):
    """An operations tester: a port in use ended `serve` with uvicorn's log line and status 3."""
    import socket

    from newsloom.store import SQLiteStore

    db = tmp_path / "s.db"
    SQLiteStore(db).close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        got = _cli("--db", str(db), "serve", "--port", str(port))
    assert got.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in got.stderr and "Traceback" not in got.stderr


def test_serve_on_a_port_in_use_leaves_no_new_store(tmp_path):
    """A review: with --token on a mistyped path and a port in use, the empty store was made, then refused."""
    import socket

    db = tmp_path / "typo.db"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        got = _cli("--db", str(db), "serve", "--port", str(taken.getsockname()[1]), "--token", "x")
    assert got.returncode == 2 and "cannot listen" in got.stderr and not db.exists()
    bad = _cli("--db", str(db), "serve", "--host", "no-such-host.invalid", "--port", "8000")
    assert bad.returncode == 2 and "cannot resolve no-such-host.invalid" in bad.stderr


def test_an_empty_folder_says_so(invoke, tmp_path):
    """An operations tester: `run` on an empty folder said only "0 added"."""
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / ".hidden.txt").write_text("x", encoding="utf-8")
    done = invoke("--db", str(tmp_path / "s.db"), "run", str(tmp_path / "inbox"))
    assert done.exit_code == 0 and "inbox: no files in it (hidden ones are skipped)" in done.stderr


def test_run_source_names_the_outlet_of_items_that_name_none(invoke, tmp_path):
    """Testers: a folder of one outlet's text files counted each file as an independent source of its own."""
    folder = tmp_path / "ledger"
    folder.mkdir()
    text = ("Hội An thả hoa đăng đêm rằm, hàng nghìn du khách đổ về phố cổ bên sông Hoài ngắm đèn lồng và thưởng thức "
            "ẩm thực đường phố. Chính quyền cấm xe máy vào khu phố cổ từ 17 giờ để bảo đảm an toàn cho du khách.")
    (folder / "a.txt").write_text(f"Hội An thả hoa đăng\n\n{text}\n", encoding="utf-8")
    (folder / "b.jsonl").write_text(json.dumps({"title": "Phố cổ Hội An đông khách", "text": text + " Thêm tin.",
                                                "source": "Tin Nhanh"}, ensure_ascii=False) + "\n", encoding="utf-8")
    import newsloom

    done = invoke("--db", str(tmp_path / "s.db"), "run", str(folder), "--source", "Saigon Ledger")
    assert done.exit_code == 0, done.stderr
    with newsloom.open(tmp_path / "s.db", create=False) as nl:
        assert sorted(a.source for a in nl.store.articles()) == ["Saigon Ledger", "Tin Nhanh"]


def test_help_at_80_columns_cuts_no_option_name():
    """An operations tester: `--help` at 80 columns showed "--no-allow-priva…" and "sentence-transfor…"."""
    from newsloom.cli import app

    commands = [[], ["run"], ["watch"], ["serve"], ["show"], ["stories"], ["search"], ["export"], ["bench"],
                ["eval", "clusters"], ["eval", "pairs"], ["eval", "conflicts"], ["eval", "outputs"], ["copy"]]
    for command in commands:
        done = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "80"}, terminal_width=80)
        assert done.exit_code == 0 and "…" not in done.output, (command, done.output)


def test_a_run_of_undated_articles_says_what_a_missing_date_or_outlet_costs(tmp_path):
    """A data scientist: 6,000 undated VietNews records, naming no outlet, made stories of similar incidents
    months apart and counted each record as an independent source, and `run` said nothing about it."""
    rows = [{"title": f"Tin số {i}", "text": f"Bản tin số {i} kể về một sự việc ở địa phương thứ {i}, người dân đã "
             "chứng kiến và chính quyền đang xác minh thêm thông tin."} for i in range(21)]
    (tmp_path / "undated.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                            encoding="utf-8")
    done = _cli("--db", str(tmp_path / "u.db"), "run", str(tmp_path / "undated.jsonl"))
    assert done.returncode == 0, done.stderr
    said = " ".join(done.stderr.split())
    assert "21 of the 21 articles added have no publication date" in said
    assert "21 of the 21 articles added name no outlet" in said  # each its own source when compared
    dated = [dict(r, published="2026-03-02", source="Báo Địa Phương") for r in rows]
    (tmp_path / "dated.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in dated),
                                          encoding="utf-8")
    done = _cli("--db", str(tmp_path / "d.db"), "run", str(tmp_path / "dated.jsonl"))
    assert done.returncode == 0 and "no publication date" not in done.stderr and "no outlet" not in done.stderr


def test_a_damaged_store_and_an_id_too_large_are_one_line_each(demo_run, tmp_path):
    """An operator's tests: a store with damaged pages gave tracebacks on reads (and `run` advised running
    again), a schema version that is no number a traceback, a story id too large for SQLite an OverflowError."""
    import sqlite3

    db, _ = demo_run
    shutil.copy(db, tmp_path / "ok.db")
    done = _cli("--db", str(tmp_path / "ok.db"), "show", "99999999999999999999999")
    assert (done.returncode, done.stderr.splitlines()[0]) == (2, f"error: no story 99999999999999999999999 in "
                                                                 f"{tmp_path / 'ok.db'} (see `newsloom stories`)")
    with sqlite3.connect(tmp_path / "ok.db") as con:
        pages = con.execute("PRAGMA page_count").fetchone()[0]
    damaged = tmp_path / "damaged.db"
    data = bytearray((tmp_path / "ok.db").read_bytes())
    data[4096 * 3:4096 * (pages - 2)] = b"\xff" * (4096 * (pages - 5))
    damaged.write_bytes(bytes(data))
    for command in (["stories"], ["search", "flood"], ["export", "-f", "json"]):
        done = _cli("--db", str(damaged), *command)
        assert done.returncode == 2 and "Traceback" not in done.stderr, (command, done.stderr[-500:])
        assert "the store is damaged" in done.stderr or "damaged or not a database" in done.stderr
    with sqlite3.connect(tmp_path / "ok.db") as con:
        con.execute("UPDATE meta SET value='abc' WHERE key='schema_version'")
    done = _cli("--db", str(tmp_path / "ok.db"), "stories")
    assert (done.returncode, done.stderr.strip()) == (2, f"error: {tmp_path / 'ok.db'}: damaged (its schema version "
                                                         "is 'abc', not a number)")


def test_an_operators_mistakes_are_one_line_each(demo_run, tmp_path):
    """An empty search ran for 5 s to find nothing, a 4,900-character one filled the screen, a binary
    --settings file did not name itself, and a full disk under standard output was a traceback."""
    db, _ = demo_run
    binary = tmp_path / "settings.toml"
    binary.write_bytes(b"\x00\xf7\xff\x01")
    cases = [
        (["search", ""], "error: give words to search for"),
        (["search", "lũ " * 300], "error: a query of 900 characters: give at most 500"),
        (["search", "flood", "--from", "2025-09-01", "--to", "2025-01-01"],
         "error: from 2025-09-01 is after to 2025-01-01: nothing can be in between"),
        (["--settings", str(binary), "stories"], f"error: {binary}: not a text file (not UTF-8"),
    ]
    for args, said in cases:
        done = _cli("--db", str(db), *args)
        assert done.returncode == 2 and done.stderr.startswith(said), (args, done.stderr)
    with open("/dev/full", "w") as full:
        done = subprocess.run([*CLI, "--db", str(db), "export", "-f", "json"], stdout=full, stderr=subprocess.PIPE,
                              text=True, env=ENV, timeout=600)
    assert (done.returncode, done.stderr.strip()) == (2, "error: standard output: cannot be written (No space "
                                                         "left on device)")
