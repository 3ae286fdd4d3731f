"""`--json` of `stories`, `storylines`, `search`, `entities`, `sources` and `conflicts`: JSON Lines on standard
output, one object per item the table lists (the same items, in the same order, filters and limits applied), in
the shapes of the REST API's lists; notes stay on standard error, and an empty result prints nothing on standard
output. Every time in them, and in the REST API's answers, carries its UTC offset."""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from conftest import CLI, DEMO
from newsloom.model import instant

ENV = {k: v for k, v in os.environ.items() if k != "COLUMNS"}  # a pipe, as a script's pipe is
QUERY = "lũ Quảng Ngãi"  # finds the flood stories of the demo corpus, in both languages


@pytest.fixture(scope="module")
def demo(tmp_path_factory, embedder):
    """The team's demo corpus in a store (as `newsloom run demo/corpus` makes it), open through the Python API."""
    import newsloom

    path = tmp_path_factory.mktemp("cli-json") / "demo.db"
    nl = newsloom.open(path, embedder=embedder)
    nl.add([str(DEMO)])
    yield nl
    nl.close()


@pytest.fixture(scope="module")
def rest(demo):
    """The REST API over the same store, to compare shapes with."""
    from newsloom.serve.app import create_app

    with TestClient(create_app(demo)) as client:
        yield client


def _cli(nl, *args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, "--db", str(nl.path), *args], stdout=stdout, stderr=subprocess.PIPE, text=True,
                          env=ENV, timeout=600)


def _lines(done: subprocess.CompletedProcess) -> list[dict]:
    """Standard output as JSON Lines: every line one JSON object, nothing else."""
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("\n") and "\n\n" not in done.stdout, done.stdout
    items = [json.loads(line) for line in done.stdout.splitlines()]
    assert items and all(isinstance(item, dict) for item in items)
    return items


def _ids(table: str) -> list[int]:
    """The ids in the first column of a table's rows."""
    return [int(m.group(1)) for m in re.finditer(r"^│\s*(\d+)\s*│", table, re.M)]


def _instant(time: str | None) -> datetime | None:
    return datetime.fromisoformat(time) if time is not None else None


def _model_fields(name: str) -> set[str]:
    from newsloom.serve import api

    return set(getattr(api, name).model_fields)


def _same(cli: dict, api: dict) -> None:
    """Equal, the scores of a search (made in two processes) to rounding; the keys in the same order."""
    assert list(cli) == list(api)
    for key, value in cli.items():
        assert value == (pytest.approx(api[key], rel=1e-3) if isinstance(value, float) else api[key]), key


# stories ------------------------------------------------------------------------------------------------------
def test_stories_json_lists_the_tables_stories_as_the_rest_api_does(demo, rest):
    items = _lines(done := _cli(demo, "stories", "--json", "-n", "0"))
    assert done.stderr == ""  # all shown: no note
    rows = demo.stories(limit=0)
    assert len(rows) == 6  # the demo's stories
    assert [s["id"] for s in items] == _ids(_cli(demo, "stories", "-n", "0").stdout) == [r.id for r in rows]
    assert [s["headline"] for s in items] == [r.headline for r in rows]
    assert all(type(s["id"]) is int and type(s["article_count"]) is int for s in items)
    for s, r in zip(items, rows, strict=True):  # the same instants (one without an offset read as UTC)
        assert _instant(s["first_published"]) == instant(r.first_seen)
        assert _instant(s["last_published"]) == instant(r.last_seen)
    assert {s["storyline_id"] for s in items} > {None}  # the demo's storyline is named
    assert set(items[0]) == _model_fields("StorySummary")
    assert items == rest.get("/api/stories", params={"limit": 200}).json()["stories"]


def test_stories_json_applies_the_filters_and_the_limit(demo, rest):
    harbor = _lines(_cli(demo, "stories", "--json", "--source", "harbor herald"))
    assert [s["id"] for s in harbor] == [r.id for r in demo.stories(source="harbor herald")]
    assert 0 < len(harbor) < len(demo.stories()) and all("Harbor Herald" in s["sources"] for s in harbor)

    args = ["--from", "2025-10-20", "--sort", "size", "-n", "2"]
    done = _cli(demo, "stories", "--json", *args)
    items = _lines(done)
    since = demo.stories(since=datetime(2025, 10, 20), sort="size")
    assert len(since) > 2 and [s["id"] for s in items] == [r.id for r in since[:2]]
    assert [s["id"] for s in items] == _ids(_cli(demo, "stories", *args).stdout)
    assert done.stderr == f"2 of {len(since)} stories shown: --limit 0 lists all, --offset 2 the next ones\n"
    offset = _lines(_cli(demo, "stories", "--json", *args, "--offset", "2"))
    assert [s["id"] for s in offset] == [r.id for r in since[2:4]]
    assert items == rest.get("/api/stories", params={"from": "2025-10-20", "sort": "size", "limit": 2}).json()["stories"]


# storylines ---------------------------------------------------------------------------------------------------
def test_storylines_json_lists_the_tables_storylines_as_the_rest_api_does(demo, rest):
    lines = demo.storylines()
    items = _lines(_cli(demo, "storylines", "--json"))
    assert [s["id"] for s in items] == _ids(_cli(demo, "storylines").stdout) == [r.id for r in lines]
    assert [(s["stories"], s["headline"]) for s in items] == [(r.stories, r.headline) for r in lines] and lines
    assert set(items[0]) == _model_fields("StorylineSummary")
    assert items == rest.get("/api/storylines").json()["storylines"]

    done = _cli(demo, "storylines", "--json", "--min-stories", "1", "-n", "2")
    every = demo.storylines(min_stories=1)
    assert [s["id"] for s in _lines(done)] == [r.id for r in every[:2]] and len(every) > 2
    assert done.stderr == f"2 of {len(every)} storylines shown: --limit 0 lists all\n"
    assert _lines(done) == rest.get("/api/storylines", params={"min_stories": 1, "limit": 2}).json()["storylines"]


# entities -----------------------------------------------------------------------------------------------------
def test_entities_json_lists_the_tables_entities_as_the_rest_api_does(demo, rest):
    [hanul] = demo.entities("hanul")
    done = _cli(demo, "entities", "hanul", "--json")
    [item] = _lines(done)
    assert (item["key"], item["name"], item["label"]) == (hanul.key, hanul.name, hanul.label)
    assert hanul.key in _cli(demo, "entities", "hanul").stdout
    assert {n["name"] for n in item["names"]} == {hanul.name, *hanul.aliases} and item["story_count"] == 1
    assert set(item) == _model_fields("EntitySummary")
    assert [item] == rest.get("/api/entities", params={"q": "hanul"}).json()["entities"]

    three = _lines(_cli(demo, "entities", "an", "--json", "-n", "3"))
    assert [e["key"] for e in three] == [e.key for e in demo.entities("an", limit=3)] and len(three) == 3
    assert three == rest.get("/api/entities", params={"q": "an", "limit": 3}).json()["entities"]


# search -------------------------------------------------------------------------------------------------------
def test_search_json_lists_the_stories_then_the_articles_as_the_rest_api_does(demo, rest):
    found = demo.search(QUERY, limit=3)
    items = _lines(done := _cli(demo, "search", QUERY, "--json", "-n", "3"))
    stories = [i for i in items if i["kind"] == "story"]
    articles = [i for i in items if i["kind"] == "article"]
    assert items == stories + articles and stories and len(articles) == 3  # the tables' order
    assert [s["id"] for s in stories] == [s.id for s in found.stories]
    assert [a["id"] for a in articles] == [h.id for h in found.articles]
    assert [a["title"] for a in articles] == [h.title for h in found.articles]
    table = _cli(demo, "search", QUERY, "-n", "3").stdout
    assert [s["id"] for s in stories] == _ids(table.partition("Articles (")[0])
    assert [a["story_id"] for a in articles] == _ids(table.partition("Articles (")[2])
    assert done.stderr == f"3 of {found.total_articles} articles shown: --limit shows more\n"
    assert set(stories[0]) == _model_fields("StoryHitOut") and set(articles[0]) == _model_fields("ArticleHitOut")
    page = rest.get("/api/search", params={"q": QUERY, "limit": 3}).json()
    for cli, api in zip(items, page["stories"] + page["articles"], strict=True):  # "kind" in both
        _same(cli, api)


def test_a_search_item_says_what_it_is_and_its_id_has_one_type_per_kind(demo, rest):
    """Both kinds have an `id`: a story's is a number, an article's a string (tester32, L5): each item, on
    the command line and in GET /api/search, says which with `kind`, and the schema says what each id is."""
    items = _lines(_cli(demo, "search", QUERY, "--json", "-n", "5"))
    page = rest.get("/api/search", params={"q": QUERY, "limit": 5}).json()
    assert {s["kind"] for s in page["stories"]} == {"story"} and {a["kind"] for a in page["articles"]} == {"article"}
    for item in [*items, *page["stories"], *page["articles"]]:
        assert type(item["id"]) is {"story": int, "article": str}[item["kind"]]
    assert all(type(i) is str for s in page["stories"] for i in s["hits"])  # articles' ids
    schemas = rest.get("/openapi.json").json()["components"]["schemas"]
    for name, kind, said in (("StoryHitOut", "story", "number"), ("ArticleHitOut", "article", "string")):
        assert schemas[name]["properties"]["kind"]["const"] == kind
        assert said in schemas[name]["properties"]["id"]["description"]


def test_search_json_applies_the_language(demo):
    english = _lines(_cli(demo, "search", QUERY, "--json", "--lang", "en"))
    articles = [i for i in english if i["kind"] == "article"]
    assert articles and {a["lang"] for a in articles} == {"en"}
    assert [a["id"] for a in articles] == [h.id for h in demo.search(QUERY, lang="en").articles]
    assert len(articles) < len([i for i in _lines(_cli(demo, "search", QUERY, "--json")) if i["kind"] == "article"])


# nothing found, help, standard output ----------------------------------------------------------------------
@pytest.mark.parametrize(("args", "note"), [
    (["stories", "--lang", "xx"], "No stories in {db} match: try fewer filters."),
    (["storylines", "--min-stories", "3"], "No storyline of 3 stories or more in {db}."),
    (["entities", "zzzz"], "No entity in {db} has a name containing 'zzzz'."),
    (["search", QUERY, "--from", "2030-01-01"], f"Nothing in {{db}} matches {QUERY!r}: try other words, or "
                                                "fewer filters."),
], ids=lambda a: a[0] if isinstance(a, list) else "")
def test_nothing_found_prints_nothing_on_stdout_and_the_note_on_stderr(demo, args, note):
    done = _cli(demo, *args, "--json")
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr.splitlines() == [note.format(db=demo.path)]


@pytest.mark.parametrize("command", ["stories", "storylines", "search", "entities", "sources", "conflicts"])
def test_help_says_what_json_gives(command):
    done = subprocess.run([*CLI, command, "--help"], capture_output=True, text=True, env=ENV, timeout=120)
    said = " ".join(done.stdout.replace("│", " ").split())
    assert done.returncode == 0 and re.search(r"--json\s+Print JSON Lines instead of the tables?: ", said), said
    assert f"/api/{command}" in said


def test_a_closed_pipe_and_a_full_disk_behave_as_elsewhere(demo):
    read, write = os.pipe()
    os.close(read)  # a reader that stopped reading (`| head -0`)
    with os.fdopen(write, "w") as closed:
        done = _cli(demo, "stories", "--json", stdout=closed)
    assert (done.returncode, done.stderr) == (0, "")
    with open("/dev/full", "w") as full:
        done = _cli(demo, "entities", "hanul", "--json", stdout=full)
    assert (done.returncode, done.stderr.strip()) == (2, "error: standard output: cannot be written (No space left "
                                                         "on device)")


# sources ------------------------------------------------------------------------------------------------------
def test_sources_json_gives_the_followed_sources_then_the_scores_as_the_rest_api_does(demo, rest, tmp_path):
    items = _lines(_cli(demo, "sources", "--json", "-n", "0"))
    answer = rest.get("/api/sources").json()
    assert [i for i in items if i["list"] == "scores"] == [{"list": "scores", **x} for x in answer["scores"]]
    assert [i["source"] for i in items] == [s.source for s in demo.sources()] and len(items) > 3
    assert all(type(i["claims"]) is int for i in items)
    two = _lines(_cli(demo, "sources", "--json", "-n", "2"))
    assert two == items[:2]
    with demo.store.transaction():  # a followed source comes first, with its health, dates in ISO 8601
        demo.store.follow(str(tmp_path), "folder", 60.0)
    try:
        first, *rest_items = _lines(_cli(demo, "sources", "--json", "-n", "0"))
        assert first["list"] == "followed" and first["kind"] == "folder" and first["url"] == str(tmp_path)
        assert first["every"] == 60.0
        assert datetime.fromisoformat(first["added"]) and rest_items == items
        assert first == {"list": "followed", **rest.get("/api/sources").json()["followed"][0]}
    finally:
        demo.store.unfollow(str(tmp_path))


# conflicts ----------------------------------------------------------------------------------------------------
def test_conflicts_json_lists_a_story_a_line_as_the_rest_api_does(demo, rest, tmp_path, embedder):
    """`conflicts --json` was one indented array of `{"story_id", "headline", "conflicts": [findings]}`, where
    the other lists give a line per item with `id`, and `conflicts` is a count (tester32, M5): now a story a
    line, `id` and `conflicts` as in `stories --json`, its findings in `findings`, as GET /api/conflicts
    lists them."""
    import newsloom

    every = demo.conflicts()
    items = _lines(done := _cli(demo, "conflicts", "--json", "-n", "0"))
    assert done.stderr == ""
    assert [i["id"] for i in items] == [d.story_id for d in every] and len(items) >= 2
    rows = {r.id: r for r in demo.stories(contested=True, limit=0)}
    for item in items:
        assert item["headline"] == rows[item["id"]].headline
        assert item["conflicts"] == rows[item["id"]].conflicts == len(item["findings"]) > 0  # a count, as in stories
        assert {f["status"] for f in item["findings"]} <= {"conflict", "record"}
    assert set(items[0]) == _model_fields("StoryConflicts")
    assert items == rest.get("/api/conflicts", params={"limit": 200}).json()["stories"]
    newest = _lines(done := _cli(demo, "conflicts", "--json", "-n", "1"))
    assert [i["id"] for i in newest] == [demo.stories(contested=True, sort="recent")[0].id]
    assert done.stderr == f"the newest 1 of {len(every)} stories with conflicts; --limit 0 lists them all\n"

    with newsloom.open(tmp_path / "calm.db", embedder=embedder) as calm:  # none: nothing on stdout, a note
        calm.add({"title": "Calm day", "text": "Nothing happened in Hanoi on Monday, the city said."})
    done = subprocess.run([*CLI, "--db", str(tmp_path / "calm.db"), "conflicts", "--json"], capture_output=True,
                          text=True, env=ENV, timeout=600)
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == f"No conflicts between sources in {tmp_path / 'calm.db'}.\n"


def test_an_amount_position_gives_its_number_and_unit(demo, rest):
    """A position's `value` is the key sources are compared by ("2.3e+09 USD"), which a script had to parse
    (tester33): an amount's position also gives `number` and `unit`, in every JSON, and the schema names them."""
    items = _lines(_cli(demo, "conflicts", "--json", "-n", "0"))
    amounts = [p for i in items for f in i["findings"] if f["kind"] == "amount" for p in f["positions"]]
    assert {(p["value"], p["number"], p["unit"]) for p in amounts} >= {("2.3e+09 USD", 2.3e9, "USD"),
                                                                      ("3.2e+09 USD", 3.2e9, "USD")}
    story = next(i["id"] for i in items if any(f["kind"] == "amount" for f in i["findings"]))
    digest = rest.get(f"/api/stories/{story}").json()
    others = [p for f in digest["compared"]["findings"] for p in f["positions"] if f["kind"] != "amount"]
    assert others and all(p["number"] is None and p["unit"] is None for p in others)  # a name has none
    assert {"number", "unit"} <= set(rest.get("/openapi.json").json()["components"]["schemas"]["Position"]
                                     ["properties"])


# times --------------------------------------------------------------------------------------------------------
_CLOCK = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")  # a time; a day alone ("2025-10-14": an event's) is a date


def _times(value) -> list[str]:
    """Every time (ISO 8601 with a clock) in a JSON value, however deep."""
    if isinstance(value, dict):
        return [t for v in value.values() for t in _times(v)]
    if isinstance(value, list):
        return [t for v in value for t in _times(v)]
    return [value] if isinstance(value, str) and _CLOCK.fullmatch(value[:16]) else []


FLOOD = ("Floods in Quang Binh: the Gianh River rose overnight, {n} people died and 3,000 homes were flooded in "
         "Quang Binh province, the provincial disaster committee said on Monday. Rescue teams reached Tuyen Hoa "
         "district by boat.")
# invented reports of one event, published with and without an offset: a date alone, an ISO time without
# one, RFC 2822 in GMT, ISO at +07:00, and a .txt file whose dateline gives the day
MIXED = [{"title": "Quang Binh floods kill 12", "text": FLOOD.format(n=12), "source": "Test Wire",
          "published": "2025-11-10"},
         {"title": "Floods hit Quang Binh", "text": FLOOD.format(n=13), "source": "Coast Post",
          "published": "2025-11-10T09:30:00"},
         {"title": "Quang Binh flood toll rises", "text": FLOOD.format(n=14), "source": "Mekong Daily",
          "published": "Mon, 10 Nov 2025 03:00:00 GMT"},
         {"title": "Gianh River floods Quang Binh", "text": FLOOD.format(n=12), "source": "Hanoi Ledger",
          "published": "2025-11-10T14:00:00+07:00"}]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, embedder):
    """A store of MIXED and a dated .txt file, and the REST API over it."""
    import newsloom
    from newsloom.serve.app import create_app

    folder = tmp_path_factory.mktemp("times")
    (folder / "song-tra.txt").write_text("Lũ sông Gianh\n\nQuảng Bình, 10/11/2025 - Nước sông Gianh dâng cao trong "
                                         "đêm, 12 người chết và 3.000 ngôi nhà bị ngập.\n", encoding="utf-8")
    with newsloom.open(folder / "times.db", embedder=embedder) as nl:
        nl.add([*MIXED, str(folder / "song-tra.txt")])
        with TestClient(create_app(nl)) as client:
            yield nl, client


def test_every_time_has_a_utc_offset_so_a_script_can_compare_them(mixed):
    """Times published without an offset (a dateline, a date alone, an ISO time without one) sat beside times
    with one, and a script comparing them failed: "can't compare offset-naive and offset-aware datetimes"
    (tester32, M1). In every JSON the command line and the REST API give, each time has an offset: the one
    published, else UTC's (as newsloom orders articles, `model.instant`); the store keeps them as published."""
    nl, rest = mixed
    ids = [r.id for r in nl.stories(limit=0)]
    articles = [a for i in ids for a in nl.store.articles(i)]
    naive = [a for a in articles if a.published and a.published.utcoffset() is None]
    assert len(naive) == 3 and len(articles) == 5  # the date alone, the time without offset, the dateline
    outputs = [
        _lines(_cli(nl, "stories", "--json", "-n", "0")),
        _lines(_cli(nl, "storylines", "--json", "--min-stories", "1", "-n", "0")),
        _lines(_cli(nl, "search", "Quang Binh", "--json", "-n", "50")),
        json.loads(_cli(nl, "export", "-f", "json").stdout),
        json.loads(_cli(nl, "show", str(ids[0]), "-f", "json").stdout),
        rest.get("/api/stories", params={"limit": 200}).json(),
        rest.get("/api/storylines", params={"min_stories": 1}).json(),
        rest.get("/api/search", params={"q": "Quang Binh", "limit": 50}).json(),
        *(rest.get(f"/api/stories/{i}").json() for i in ids),
        *(rest.get(f"/api/stories/{i}/articles").json() for i in ids),
        *(rest.get(f"/api/articles/{a.id}").json() for a in articles),
    ]
    times = _times(outputs)
    assert len(times) > 6 * len(articles)
    parsed = [datetime.fromisoformat(t) for t in times]
    assert [t for t, p in zip(times, parsed, strict=True) if p.utcoffset() is None] == []
    assert max(parsed) > min(parsed)  # the nightly script's comparison
    for a in articles:  # the offset as published; one published without: UTC, the day and the clock as given
        shown = rest.get(f"/api/articles/{a.id}").json()["published"]
        assert shown == (a.published if a.published.utcoffset() is not None else a.published.replace(tzinfo=UTC)
                         ).isoformat()
    assert "2025-11-10T14:00:00+07:00" in times and "2025-11-10T00:00:00+00:00" in times
    for story in outputs[0]:
        row = next(r for r in nl.stories(limit=0) if r.id == story["id"])
        assert _instant(story["first_published"]) == instant(row.first_seen)
    stored = [a["published"] for i in ids for a in nl.store.digest(i)["articles"]]  # stored as published
    assert "2025-11-10T00:00:00" in stored and "2025-11-10T09:30:00" in stored
