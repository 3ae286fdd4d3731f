"""`--json` of `stories`, `storylines`, `search` and `entities`: JSON Lines on standard output, one object per
item the table lists (the same items, in the same order, filters and limits applied), in the shapes of the
REST API's lists; notes stay on standard error, and an empty result prints nothing on standard output."""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from conftest import CLI, DEMO

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


def _model_fields(name: str) -> set[str]:
    from newsloom.serve import api

    return set(getattr(api, name).model_fields)


def _same(cli: dict, api: dict) -> None:
    """Equal, the scores of a search (made in two processes) to rounding."""
    assert cli.keys() == api.keys()
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
    for s, r in zip(items, rows, strict=True):
        assert s["first_published"] == (r.first_seen and r.first_seen.isoformat())
        if s["last_published"] is not None:
            assert datetime.fromisoformat(s["last_published"]) == r.last_seen
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
    assert set(stories[0]) - {"kind"} == _model_fields("StoryHitOut")
    assert set(articles[0]) - {"kind"} == _model_fields("ArticleHitOut")
    page = rest.get("/api/search", params={"q": QUERY, "limit": 3}).json()
    for cli, api in zip(items, page["stories"] + page["articles"], strict=True):
        _same({k: v for k, v in cli.items() if k != "kind"}, api)


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


@pytest.mark.parametrize("command", ["stories", "storylines", "search", "entities"])
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
