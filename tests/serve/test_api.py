"""The REST API (serve/api.py) over the demo store: every endpoint and filter, paging, errors, the token,
the body limit, adding the demo articles through POST (the same stories as `newsloom run`), a schemathesis
run against /openapi.json, and `newsloom serve` in a process of its own."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sqlite3
import subprocess
import threading
import time
from collections import Counter

import httpx
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from conftest import CLI, DEMO

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory, embedder):
    """The demo corpus in a store, as `newsloom run demo/corpus` makes it."""
    import newsloom

    path = tmp_path_factory.mktemp("serve") / "demo.db"
    nl = newsloom.open(path, embedder=embedder)
    nl.add([str(DEMO)])
    yield nl
    nl.close()


@pytest.fixture(scope="module")
def client(demo):
    from newsloom.serve.app import create_app

    with TestClient(create_app(demo, token=TOKEN)) as c:
        yield c


def _copy(nl, path, embedder):
    """A store holding what `nl` holds (SQLite's backup), opened as a Newsloom."""
    import newsloom

    target = sqlite3.connect(path)
    nl.store.db.backup(target)
    target.close()
    return newsloom.open(path, embedder=embedder, readers=0)


# -- reading ------------------------------------------------------------------------------------

def test_health_counts_the_store(client, demo):
    r = client.get("/api/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "articles": demo.store.article_count(), "stories": demo.count()}
    assert "default-src 'self'" in r.headers["content-security-policy"]
    head = client.head("/api/health")  # uptime checkers and load balancers ask with HEAD
    assert (head.status_code, head.content) == (200, b"")


def test_stories_list_each_story_with_its_summary_row(client, demo):
    from datetime import datetime

    from newsloom.model import instant

    r = client.get("/api/stories")
    body = r.json()
    assert r.status_code == 200 and body["total"] == demo.count() == len(body["stories"]) and body["next"] is None
    assert [s["id"] for s in body["stories"]] == [row.id for row in demo.stories()]  # newest first
    first, row = body["stories"][0], demo.stories()[0]
    assert set(first) == {"id", "headline", "summary", "first_published", "last_published", "languages", "sources",
                          "article_count", "storyline_id", "conflicts", "claims"}
    assert (first["headline"], first["summary"], first["article_count"], first["sources"], first["conflicts"],
            first["claims"], first["storyline_id"]) == (row.headline, row.summary, row.article_count, row.sources,
                                                        row.conflicts, row.claims, row.storyline_id)
    assert datetime.fromisoformat(first["last_published"]) == instant(row.last_seen)  # one without offset: UTC


def test_stories_are_paged_with_the_next_offset(client, demo):
    total = demo.count()
    ids = [s["id"] for s in client.get("/api/stories?limit=200").json()["stories"]]
    page = client.get("/api/stories?limit=2").json()
    assert page["next"] == 2 and page["limit"] == 2 and [s["id"] for s in page["stories"]] == ids[:2]
    seen, offset = [], 0
    while offset is not None:
        page = client.get(f"/api/stories?limit=4&offset={offset}").json()
        seen += [s["id"] for s in page["stories"]]
        offset = page["next"]
    assert seen == ids and len(seen) == total
    assert client.get(f"/api/stories?offset={total}").json() == {"total": total, "offset": total, "limit": 20,
                                                                 "next": None, "stories": []}
    for bad in ("limit=0", "limit=201", "offset=-1", "limit=x"):
        assert client.get(f"/api/stories?{bad}").status_code == 422, bad


def test_stories_filters_match_the_python_api(client, demo):
    from datetime import datetime

    row = next(r for r in demo.stories(sort="size") if len(r.languages) > 1 or r.sources)
    entity = demo.store.entities()[0].key
    line = next(r.storyline_id for r in demo.stories() if r.storyline_id is not None)  # shared by two stories
    contested = demo.stories(contested=True)
    assert contested and demo.stories(lang="en") and demo.stories(lang="vi")
    cases = {
        f"q={row.headline.split()[0]}": dict(q=row.headline.split()[0]),
        "lang=en": dict(lang="en"),
        f"source={row.sources[0]}": dict(source=row.sources[0]),
        f"entity={entity}": dict(entity=entity),
        f"storyline={line}": dict(storyline=line),
        "contested=true": dict(contested=True),
        "min_articles=4": dict(min_articles=4),
        "from=2025-10-15": dict(since=datetime(2025, 10, 15)),
        "to=2025-10-15": dict(until=datetime(2025, 10, 15, 23, 59, 59, 999999)),
        "from=2025-10-14T12:00:00%2B07:00&to=2025-11-30": dict(since=datetime.fromisoformat("2025-10-14T12:00:00+07:00"),
                                                               until=datetime(2025, 11, 30, 23, 59, 59, 999999)),
    }
    for query, kw in cases.items():
        q = kw.pop("q", None)
        expected = [r.id for r in demo.stories(q, **kw)]
        body = client.get(f"/api/stories?{query}").json()
        assert [s["id"] for s in body["stories"]] == expected and body["total"] == len(expected), query
        assert 0 < len(expected) < demo.count() or query == "lang=en", query  # each filter narrows
    assert client.get("/api/stories?lang=fr").json()["total"] == 0
    for sort in ("recent", "size", "contested", "id"):
        assert [s["id"] for s in client.get(f"/api/stories?sort={sort}").json()["stories"]] == \
            [r.id for r in demo.stories(sort=sort)]
    assert client.get("/api/stories?sort=random").status_code == 422
    assert client.get("/api/stories?from=yesterday").status_code == 422
    assert client.get("/api/stories?q=no+such+words+anywhere").json()["total"] == 0


def test_a_story_is_its_digest_as_newsloom_show_prints_it(client, demo, tmp_path):
    sid = demo.stories(sort="size")[0].id
    r = client.get(f"/api/stories/{sid}")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    shown = subprocess.run([*CLI, "--db", str(demo.path), "show", str(sid), "--format", "json"], capture_output=True,
                           text=True, timeout=300)
    assert shown.returncode == 0, shown.stderr
    assert r.json() == json.loads(shown.stdout)["stories"][0]
    assert r.json()["compared"]["findings"]


def test_missing_items_are_404_with_a_json_detail(client):
    for url in ("/api/stories/999", "/api/stories/999/articles", "/api/articles/nope", "/api/entities/LOC:atlantis"):
        r = client.get(url)
        assert r.status_code == 404 and r.headers["content-type"] == "application/json", url
        assert r.json()["detail"].startswith("no "), url
    assert client.get("/api/stories/abc").status_code == 422
    assert client.get("/api/nothing").status_code == 404


def test_a_storys_articles_and_one_article(client, demo):
    sid = demo.stories(sort="size")[0].id
    body = client.get(f"/api/stories/{sid}/articles").json()
    digest = demo.story(sid)
    assert body["story_id"] == sid and [a["id"] for a in body["articles"]] == [a.id for a in digest.articles]
    assert set(body["articles"][0]) == {"id", "title", "source", "url", "lang", "published", "copy_of", "revises",
                                        "revised_by"}
    with_claims = next(a for a in demo.store.articles(sid) if a.claims and a.quotes and a.amounts)
    art = client.get(f"/api/articles/{with_claims.id}").json()
    assert (art["id"], art["title"], art["text"], art["story_id"], art["lang"]) == \
        (with_claims.id, with_claims.title, with_claims.text, sid, with_claims.lang)
    assert [m["entity"] for m in art["mentions"]] == [m.entity for m in with_claims.mentions]
    assert [q["text"] for q in art["quotes"]] == [q.text for q in with_claims.quotes]
    assert [a["value"] for a in art["amounts"]] == [a.value for a in with_claims.amounts]
    assert [(c["slot"], c["value"]) for c in art["claims"]] == [(c.slot, c.value) for c in with_claims.claims]
    assert all(c["sentence"] in with_claims.sentences for c in art["claims"])
    assert "origin" not in art  # a path on the server


def test_entities_are_found_by_any_spelling(client, demo):
    for q in ("quang ngai", "Quảng Ngãi", "QUANG NGÃI"):
        found = client.get("/api/entities", params={"q": q}).json()["entities"]
        assert found[0]["key"] == "LOC:quang ngai", q
    first = found[0]
    assert {n["name"] for n in first["names"]} >= {"Quảng Ngãi", "Quang Ngai"}
    assert first["story_count"] == demo.count(entity="LOC:quang ngai") >= 2
    assert client.get("/api/entities", params={"q": "quang", "limit": 1}).json()["entities"][0]["key"] == \
        "LOC:quang ngai"
    assert client.get("/api/entities", params={"q": "nobody by this name"}).json() == {"entities": []}
    assert client.get("/api/entities").status_code == 422


def test_stories_of_an_entity_by_key_in_any_case_or_by_name(client, demo):
    """`entity` takes a key as listed, in any case, or a name of one entity; an unknown one is a 422 in words."""
    by_key = client.get("/api/stories", params={"entity": "LOC:quang ngai"}).json()
    assert by_key["total"] >= 2
    for other in ("loc:Quang Ngai", "Quảng Ngãi", "quang ngai"):
        assert client.get("/api/stories", params={"entity": other}).json()["stories"] == by_key["stories"], other
    missing = client.get("/api/stories", params={"entity": "Atlantis"})
    assert missing.status_code == 422 and "no entity is named 'Atlantis'" in missing.json()["detail"]
    # its page takes the same (a new user's 404s for "loc:QUANG NGAI" and a plain name)
    page = client.get("/api/entities/LOC:quang ngai").json()
    for other in ("loc:QUANG NGAI", "LOC:Quảng Ngãi", "Quảng Ngãi"):
        assert client.get(f"/api/entities/{other}").json() == page, other
    assert client.get("/api/entities/Atlantis").json()["message"] == "no entity is named 'Atlantis'"


def test_a_language_in_any_case_and_what_is_no_language_said(client, demo):
    upper = client.get("/api/stories", params={"lang": "VI"}).json()
    assert upper == client.get("/api/stories", params={"lang": "vi"}).json() and upper["total"] > 0
    assert client.get("/api/search", params={"q": "flood", "lang": "EN"}).json()["total_articles"] > 0
    bad = client.get("/api/stories", params={"lang": "Vietnamese"})
    assert bad.status_code == 422 and "not a language code" in bad.json()["message"]
    for params in ({"q": "  "}, {"q": "flood", "from": "2025-11-01", "to": "2025-10-01"}):
        assert client.get("/api/search", params=params).status_code == 422, params


def test_a_parameter_the_endpoint_does_not_take_is_a_422_that_names_it(client):
    """An integrator's misspelt filters were ignored: `langs=vi&limt=1` listed every story, 20 at a time."""
    typo = client.get("/api/stories", params={"langs": "vi", "limit": 1})
    assert typo.status_code == 422 and typo.json()["message"] == "langs: no such parameter (did you mean 'lang'?)"
    since = client.get("/api/search", params={"q": "flood", "since": "2025-10-01"}).json()["message"]
    assert since.startswith("since: no such parameter (it takes from, lang, limit")
    assert client.get("/api/stories", params={"lang": "vi", "_": "1733500000"}).status_code == 200  # a cache buster


def test_the_schema_describes_the_errors_as_they_are_sent(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert {"message", "detail"} <= set(schemas["Detail"]["required"])
    invalid = schemas["HTTPValidationError"]
    assert "message" in invalid["required"] and {"string", "array"} == {
        t["type"] for t in invalid["properties"]["detail"]["anyOf"]}


def test_storylines_are_those_of_newsloom_storylines(client, demo):
    body = client.get("/api/storylines").json()
    lines = demo.storylines()
    assert body["total"] == len(lines) == 1 and body["next"] is None  # demo/expected.json: S1 with S2
    assert [(r["id"], r["stories"], r["headline"]) for r in body["storylines"]] == \
        [(r.id, r.stories, r.headline) for r in lines]
    every = client.get("/api/storylines", params={"min_stories": 1, "limit": 2}).json()
    assert every["total"] == demo.count() - 1 and every["next"] == 2 and len(every["storylines"]) == 2
    assert client.get("/api/storylines", params={"min_stories": 0}).status_code == 422


def test_an_entity_has_its_names_and_the_stories_naming_it(client, demo):
    body = client.get("/api/entities/LOC:quang ngai").json()
    assert body["key"] == "LOC:quang ngai" and body["label"] == "LOC"
    assert [s["id"] for s in body["stories"]] == [r.id for r in demo.stories(entity="LOC:quang ngai")]
    assert body["story_count"] == len(body["stories"]) and body["next"] is None
    page = client.get("/api/entities/LOC:quang ngai?limit=1").json()
    assert page["next"] == 1 and len(page["stories"]) == 1


def test_conflicts_are_those_of_newsloom_conflicts(client, demo):
    body = client.get("/api/conflicts").json()
    found = [[f for f in d.to_dict()["compared"]["findings"] if f["status"] in ("conflict", "record")]
             for d in demo.conflicts()]
    expected = [{"id": d.story_id, "headline": d.headline, "conflicts": len(f), "findings": f}
                for d, f in zip(demo.conflicts(), found, strict=True)]
    assert body["stories"] == expected and body["total"] == len(expected) > 0 and body["next"] is None
    page = client.get("/api/conflicts?limit=1&offset=1").json()
    assert page["stories"] == expected[1:2] and page["next"] == (2 if len(expected) > 2 else None)


def test_sources_have_their_scores(client, demo):
    from dataclasses import asdict

    body = client.get("/api/sources").json()
    assert body["scores"] == [asdict(s) for s in demo.sources()] and body["scores"]
    assert body["followed"] == []


def test_search_finds_articles_and_their_stories(client, demo):
    body = client.get("/api/search", params={"q": "Quang Ngai flood"}).json()
    assert body["total_articles"] >= 2 and body["articles"] and body["stories"]
    hit = body["articles"][0]
    assert set(hit) >= {"kind", "id", "story_id", "title", "score", "snippet", "matched"} and hit["kind"] == "article"
    assert {s["kind"] for s in body["stories"]} == {"story"}
    assert {s["id"] for s in body["stories"]} <= {a["story_id"] for a in body["articles"]}
    flood = demo.count(entity="LOC:quang ngai")
    assert flood and all("LOC:quang ngai" in {m.entity for a in demo.store.articles(s["id"]) for m in a.mentions}
                         for s in body["stories"][:1])
    english = client.get("/api/search", params={"q": "Quang Ngai flood", "lang": "en"}).json()
    assert english["articles"] and all(a["lang"] == "en" for a in english["articles"])
    page = client.get("/api/search", params={"q": "Quang Ngai flood", "limit": 1}).json()
    assert len(page["articles"]) == 1 and page["next"] == (1 if body["total_articles"] > 1 else None)
    source = hit["source"]
    if source:
        assert all(a["source"] == source for a in client.get("/api/search", params={"q": "Quang Ngai flood",
                                                                                     "source": source}).json()["articles"])
    assert client.get("/api/search", params={"q": "Quang Ngai", "from": "2030-01-01"}).json()["articles"] == []
    dated = client.get("/api/search", params={"q": "Quang Ngai", "from": "2025-10-01", "to": "2025-10-31"}).json()
    assert dated["articles"] and all(a["published"][:7] == "2025-10" for a in dated["articles"])
    assert client.get("/api/search").status_code == 422


def test_reads_in_many_threads_at_once(client, demo):
    """The store has one connection per thread: the server's pool reads in parallel."""
    sid = demo.stories()[0].id
    errors: list[str] = []

    def read() -> None:
        for url in ("/api/stories?limit=5", f"/api/stories/{sid}", "/api/conflicts", "/api/entities?q=hai"):
            r = client.get(url)
            if r.status_code != 200:
                errors.append(f"{url}: {r.status_code}")

    threads = [threading.Thread(target=read) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_the_schema_and_the_docs_page(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert {"/api/stories", "/api/stories/{story_id}", "/api/stories/{story_id}/articles", "/api/articles/{article_id}",
            "/api/articles", "/api/entities", "/api/entities/{key}", "/api/conflicts", "/api/sources", "/api/search",
            "/api/health", "/api/feeds"} <= set(paths)
    assert paths["/api/stories"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"] \
        .endswith("/StoryList")
    assert {"StorySummary", "Digest", "ArticleOut", "AddReport", "SearchOut"} <= set(spec["components"]["schemas"])
    r = client.get("/api/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    page = r.text
    assert "<script" not in page and "cdn" not in page.lower() and "<style" not in page
    for path in paths:
        assert path in page
    assert "Authorization: Bearer &lt;token&gt;" in page and "<code>from</code>" in page and "422" in page
    assert '<link rel="icon" href="/static/favicon.svg"' in page  # no 404 for /favicon.ico in the console


def test_the_docs_page_escapes_what_the_schema_says():
    from newsloom.serve.api import docs_html

    page = docs_html({"info": {"title": "<b>x</b>"}, "paths": {"/a/<script>": {"get": {
        "summary": "<img src=x onerror=alert(1)>", "parameters": [{"name": "<q>", "in": "query", "schema": {}}],
        "responses": {"200": {"description": "<i>ok</i>"}}}}}})
    assert "<script>" not in page and "<img" not in page and "<b>x" not in page and "&lt;q&gt;" in page


# -- writing ------------------------------------------------------------------------------------

def test_writes_need_the_right_token(client, demo, monkeypatch):
    from newsloom.serve.app import create_app

    article = {"title": "A title", "text": "Some text of an article."}
    for url, body in (("/api/articles", article), ("/api/feeds", {"url": "https://example.org/feed.xml"})):
        r = client.post(url, json=body)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer", url
        assert r.json()["message"] == "a write needs the header Authorization: Bearer <token>"
        wrong = client.post(url, json=body, headers={"Authorization": "Bearer wrong"})
        assert wrong.status_code == 401 and wrong.json()["message"].startswith("wrong token")  # tester34: said apart
        assert client.post(url, json=body, headers={"Authorization": TOKEN}).status_code == 401
    monkeypatch.delenv("NEWSLOOM_TOKEN", raising=False)
    with TestClient(create_app(demo)) as closed:
        for url, body in (("/api/articles", article), ("/api/feeds", {"url": "https://example.org/feed.xml"})):
            r = closed.post(url, json=body, headers=AUTH)
            assert r.status_code == 403 and "switched off" in r.json()["detail"], url
        assert closed.get("/api/health").status_code == 200  # reads stay open
    monkeypatch.setenv("NEWSLOOM_TOKEN", "from-the-environment")
    assert create_app(demo).state.token == "from-the-environment"
    assert demo.store.article_count() == 18


def test_a_body_over_the_limit_is_413(demo):
    from newsloom.serve.app import create_app

    with TestClient(create_app(demo, token=TOKEN, max_body=2_000)) as small:
        big = {"title": "Big", "text": "word " * 1_000}
        r = small.post("/api/articles", json=big, headers=AUTH)
        assert r.status_code == 413 and "over 2000 bytes" in r.json()["detail"] == r.json()["message"]

        def chunks():  # no Content-Length: read, within the limit
            yield b'{"title": "Big", "text": "'
            yield b"x" * 3_000
            yield b'"}'

        r = small.post("/api/articles", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
        assert r.status_code == 413
    assert demo.store.article_count() == 18


def test_a_chunked_body_over_the_limit_is_refused_as_it_arrives(demo):
    """Through uvicorn (the test client reads a body whole before the app sees it): a body sent in chunks,
    without a token, is refused once it passes the limit, not read to its end first."""
    import select

    from newsloom.serve.app import create_app
    from newsloom.serve.screenshots import serving

    with serving(create_app(demo, token=TOKEN, max_body=2_000)) as base:
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
            sock.sendall(b"POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                         b"Transfer-Encoding: chunked\r\n\r\n")
            sent, chunk = 0, b"x" * 1_000
            while sent < 20_000_000 and not select.select([sock], [], [], 0.001)[0]:  # until it answers
                try:
                    sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                except OSError:  # it closed the connection
                    break
                sent += len(chunk)
            reply = b""
            while b"bytes" not in reply and (part := sock.recv(4096)):  # the head, then the body
                reply += part
    assert reply.startswith(b"HTTP/1.1 413") and b"over 2000 bytes" in reply
    assert sent < 1_000_000  # never the 20 MB
    assert demo.store.article_count() == 18


def test_malformed_bodies_are_422_no_json_400_other_types_415(client, demo):
    for body in ({"title": "no text"}, {"title": "t", "text": 5},
                 {"title": "t", "text": "x", "colour": "red"}, [{"title": "t"}], "just a string", [1, 2],
                 {"title": "t", "text": "x", "published": ["2025"]}):
        r = client.post("/api/articles", json=body, headers=AUTH)
        assert r.status_code == 422, body
        assert r.json()["detail"], body
    r = client.post("/api/articles", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 400  # as docs/api.md says (it was 422)
    latin = client.post("/api/articles", content='{"title": "café"}'.encode("latin-1"),
                        headers={**AUTH, "Content-Type": "application/json"})
    assert latin.status_code == 400 and latin.json()["message"] == "the body is not JSON in UTF-8, UTF-16 or UTF-32"
    plain = client.post("/api/articles", content=b'{"title": "t", "text": "x"}',
                        headers={**AUTH, "Content-Type": "text/plain"})
    assert plain.status_code == 415 and "send JSON, with Content-Type: application/json" in plain.json()["message"]
    # an empty text fails alone, and the other article of its batch goes through (a new user's test: the batch
    # was refused whole); here a demo article, so a duplicate, and the store stays as it is
    stored = demo.store.articles()[0]
    batch = client.post("/api/articles", headers=AUTH, json=[{"title": "Empty", "text": ""},
                                                             {"title": stored.title, "text": stored.text}])
    assert batch.status_code == 200 and [i["status"] for i in batch.json()["items"]] == ["failed", "duplicate"]
    # our own errors say why in `message` too (a new user's test: they had only `detail`)
    unknown = client.get("/api/stories?entity=nobody-at-all")
    assert unknown.status_code == 422 and unknown.json()["message"] == unknown.json()["detail"]
    assert client.get("/api/stories/99999").json()["message"] == "no story 99999"
    # and in one line, the first error of each place
    assert r.json()["message"] == "body, character 1: JSON decode error (Expecting property name enclosed in " \
                                  "double quotes)"
    assert client.post("/api/articles", json=[{"title": "t"}], headers=AUTH).json()["message"] == \
        "[0].text: Field required"
    assert client.get("/api/stories?from=yesterday").json()["message"].startswith(
        "from: Input should be a valid date or datetime")
    extra = client.post("/api/articles", json={"title": "t", "text": "x", "Title": "y"}, headers=AUTH).json()
    assert extra["message"] == "Title: Extra inputs are not permitted"  # a field named like a type is named
    # every missing and extra field named, those of one reason together (tester35: `content` was left out)
    renamed = client.post("/api/articles", json={"headline": "x", "content": "y"}, headers=AUTH).json()
    assert renamed["message"] == "title, text: Field required; headline, content: Extra inputs are not permitted"
    assert len(renamed["detail"]) == 4
    odd = client.post("/api/articles", json={"title": 5, "text": "x", "a": 1, "b": 2}, headers=AUTH).json()
    assert odd["message"] == "a, b: Extra inputs are not permitted; title: Input should be a valid string"
    many = client.post("/api/articles", json=[{"title": "t"}] * 12, headers=AUTH).json()["message"]
    assert many == ", ".join(f"[{n}].text" for n in range(10)) + " and 2 more: Field required"
    for body in ({}, {"url": 5}, {"url": "https://example.org/feed", "every": "often"},
                 {"url": "https://example.org/feed", "every": 5}):
        assert client.post("/api/feeds", json=body, headers=AUTH).status_code == 422, body
    # the errors of the shape sent only, and a long input not echoed back whole
    one = client.post("/api/articles", json={"title": "t", "text": "x", "tags": "en"}, headers=AUTH).json()
    assert [(e["type"], e["loc"]) for e in one["detail"]] == [("extra_forbidden", ["body", "ArticleIn", "tags"])]
    # a JSON Lines record as the README shows it posts as it is: `id`, `lang`, `cluster` are read by eval only
    # (a new user, tester34: 422 "lang: Extra inputs are not permitted"); nothing stored here, a duplicate
    record = client.post("/api/articles", headers=AUTH, json={"id": "a1", "lang": "vi", "cluster": 3,
                                                              "title": stored.title, "text": stored.text})
    assert record.status_code == 200 and record.json()["items"][0]["status"] == "duplicate"
    long = client.post("/api/articles", json={"title": "t", "text": "word " * 500_000, "x": 1}, headers=AUTH)
    assert long.status_code == 422 and len(long.content) < 2_000
    assert demo.store.article_count() == 18


def test_an_internal_error_is_json(demo, monkeypatch):
    from newsloom.serve.app import create_app

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    with TestClient(create_app(demo), raise_server_exceptions=False) as c:
        monkeypatch.setattr(demo, "stories", broken)
        r = c.get("/api/stories")
    assert r.status_code == 500 and r.json() == {"message": "internal error: RuntimeError",
                                                 "detail": "internal error: RuntimeError"}


def test_posting_the_demo_articles_gives_the_stories_of_newsloom_run(demo, tmp_path, embedder):
    """Acceptance 6: the demo corpus POSTed as records, in the order `newsloom run demo/corpus` reads it,
    makes the same stories (headlines and members) as the run."""
    from newsloom.ingest import read_sources
    from newsloom.model import RawItem
    from newsloom.serve.app import create_app

    records = [{k: v for k, v in {"title": i.title, "text": i.text, "url": i.url, "source": i.source,
                                  "published": i.published.isoformat() if i.published else None}.items()
                if v is not None}
               for i in read_sources([str(DEMO)]) if isinstance(i, RawItem)]
    assert len(records) == 19
    # as `newsloom serve` runs: the server opens the store and posted articles go through the pipeline in a
    # process of its own (serve/ingest.py)
    app = create_app(tmp_path / "posted.db", token=TOKEN, embedder=embedder.name)
    nl = app.state.nl
    with nl, TestClient(app) as c:
        assert c.get("/api/health").json() == {"status": "ok", "articles": 0, "stories": 0}
        r = c.post("/api/articles", json=records, headers=AUTH)
        assert r.status_code == 200, r.text
        report = r.json()
        assert (report["added"], report["duplicates"], report["failed"]) == (18, 1, 0)
        assert [i["index"] for i in report["items"]] == list(range(19))
        copy = next(i for i in report["items"] if i["status"] == "duplicate")
        assert copy["story_id"] is not None and copy["id"]

        def stories(store):
            return {s.id: (s.headline, sorted(store.story_members(s.id))) for s in store.stories(sort="id")}

        assert stories(nl.store) == stories(demo.store)
        assert nl._pipeline is None  # written by the writer process: this one never loaded the pipeline
        # new stories show at once, without a restart
        assert c.get("/api/health").json() == {"status": "ok", "articles": 18, "stories": demo.count()}
        listed = c.get("/api/stories?sort=id").json()["stories"]
        assert [(s["id"], s["headline"]) for s in listed] == [(i, h) for i, (h, _) in stories(demo.store).items()]
        for item in report["items"]:
            assert item["story_id"] == nl.store.story_of(item["id"])

        # the same again: every one a duplicate, nothing stored; one record alone is accepted too
        again = c.post("/api/articles", json=records, headers=AUTH).json()
        assert (again["added"], again["duplicates"]) == (0, 19) and nl.store.article_count() == 18
        one = c.post("/api/articles", json={"title": "Lone article", "text": "A sentence about nothing else.",
                                            "published": "not a date at all"}, headers=AUTH).json()
        assert one["added"] == 1 and one["items"][0]["status"] == "added"
        notes = one["items"][0]["notes"]  # each once, though the item is checked twice (tester38)
        assert any("date not understood" in n for n in notes) and len(notes) == len(set(notes)) == 2
        assert c.post("/api/articles", json={"title": "Blank", "text": "   "}, headers=AUTH).json()["items"][0] == {
            "index": 0, "status": "failed", "id": None, "story_id": None, "reason": "record has no text", "notes": []}
        # an article and its update at one URL, without a source: each item its own result; one site, one source
        first = {"title": "Ferry capsizes off Con Dao", "url": "https://news.example.org/ferry",
                 "text": "A ferry carrying 40 passengers capsized off Con Dao on Monday, and rescuers pulled all "
                         "of them from the water, the coast guard said. The ferry had left Vung Tau at dawn."}
        update = {**first, "text": first["text"] + " Two passengers were taken to hospital."}
        both = c.post("/api/articles", json=[first, update], headers=AUTH).json()
        assert [i["status"] for i in both["items"]] == ["added", "added"]
        assert [[n.startswith("new version") for n in i["notes"]] for i in both["items"]] == [[], [True]]
        story = c.get(f"/api/stories/{both['items'][0]['story_id']}").json()
        assert story["sources"] == ["news.example.org"]
        assert [a["revised_by"] is None for a in story["articles"]] == [False, True]
        # text decoded in the wrong encoding: repaired, and its result names the article stored
        text = "Bão số 5 đổ bộ vào Quảng Trị đêm qua, làm hai người bị thương và hàng trăm ngôi nhà tốc mái."
        garbled = {"title": "Bão số 5".encode().decode("cp1252", "replace"),
                   "text": text.encode().decode("cp1252", "replace")}
        [item] = c.post("/api/articles", json=garbled, headers=AUTH).json()["items"]
        assert item["status"] == "added" and item["story_id"] == nl.store.story_of(item["id"]) is not None
        assert any("mojibake repaired" in n for n in item["notes"])


def test_following_a_feed_keeps_the_guards_of_run(demo, tmp_path, embedder, monkeypatch):
    from newsloom.ingest.web import Fetched, Fetcher
    from newsloom.serve.app import create_app

    with _copy(demo, tmp_path / "feeds.db", embedder) as nl, TestClient(create_app(nl, token=TOKEN)) as c:
        for url, why in (("http://127.0.0.1/feed.xml", "refused private address 127.0.0.1"),
                         ("http://10.1.2.3/rss", "refused private address 10.1.2.3"),
                         ("http://[::1]:8080/rss", "refused private address ::1"),
                         ("ftp://example.org/feed.xml", "unsupported URL scheme"),
                         ("https://user:pw@example.org/feed", "credentials"),
                         ("/etc/passwd", "not a URL"), (str(DEMO), "not a URL")):
            r = c.post("/api/feeds", json={"url": url}, headers=AUTH)
            assert r.status_code == 400 and why in r.json()["detail"], (url, r.json())
        assert nl.store.sources() == []

        feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>T</title>'
                b"<link>https://example.org/a</link></item></channel></rss>")
        monkeypatch.setattr(Fetcher, "fetch", lambda self, url, **kw: Fetched(url, 200, "application/rss+xml", None,
                                                                               feed))
        r = c.post("/api/feeds", json={"url": "https://example.org/feed.xml", "every": "10m"}, headers=AUTH)
        assert r.status_code == 201 and r.json()["kind"] == "feed" and r.json()["new"] is True
        again = c.post("/api/feeds", json={"url": "https://example.org/feed.xml", "every": 3600}, headers=AUTH)
        assert again.status_code == 200 and again.json()["new"] is False
        (followed,) = c.get("/api/sources").json()["followed"]
        assert followed["url"] == "https://example.org/feed.xml" and followed["kind"] == "feed"
        assert followed["every"] == 3600 and followed["errors"] == 0 and followed["added"]


# -- fuzzing the schema ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fuzzed_app(demo, tmp_path_factory, embedder):
    """An app over a copy of the demo store, whose fetches of feeds never leave the process."""
    from newsloom.ingest.web import Fetcher
    from newsloom.model import Failure
    from newsloom.serve.app import create_app

    patch = pytest.MonkeyPatch()
    patch.setattr(Fetcher, "fetch", lambda self, url, **kw: Failure(url, "HTTP 404"))
    nl = _copy(demo, tmp_path_factory.mktemp("fuzz") / "fuzz.db", embedder)
    yield create_app(nl, token=TOKEN)
    nl.close()
    patch.undo()


def test_no_request_makes_a_server_error(fuzzed_app):
    """Schemathesis: requests made from /openapi.json for every operation, valid and not (with the token, so
    that writes run too), never get a 5xx."""
    from hypothesis import given
    from schemathesis.checks import not_a_server_error

    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 14  # HEAD /api/health as well
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(headers=AUTH, checks=[not_a_server_error])

        check()


# -- the command --------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_newsloom_serve_starts_and_answers(demo, tmp_path, embedder):
    port = _free_port()
    env_db = tmp_path / "served.db"
    _copy(demo, env_db, embedder).close()
    proc = subprocess.Popen([*CLI, "--db", str(env_db), "serve", "--port", str(port), "--no-access-log"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "NEWSLOOM_TOKEN": ""})
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.poll() else ""
                time.sleep(0.3)
        assert r.status_code == 200 and r.json()["stories"] == demo.count()
        assert httpx.post(f"http://127.0.0.1:{port}/api/articles", json={"title": "t", "text": "x"}).status_code == 403
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "writes are switched off" in err


def test_newsloom_serve_watches_beside_the_server(tmp_path):
    """`serve --watch FOLDER`: the watcher stores the folder's articles while the server answers, and they
    show without a restart; the watcher stops with the server."""
    import shutil

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("lu-quang-ngai-tinnhanh.txt", "harbor-herald-quang-ngai-flood.html"):
        shutil.copy(DEMO / name, inbox / name)
    port = _free_port()
    proc = subprocess.Popen([*CLI, "--db", str(tmp_path / "watched.db"), "serve", "--port", str(port),
                             "--no-access-log", "--token", TOKEN, "--watch", str(inbox), "--every", "1h"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 180
        health = None
        while health is None or health["articles"] < 2 or health["stories"] < 1:  # stories: when the run ends
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()[1] if proc.poll() else health
            with contextlib.suppress(httpx.TransportError):
                health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5).json()
            time.sleep(0.5)
        (followed,) = httpx.get(f"http://127.0.0.1:{port}/api/sources", timeout=5).json()["followed"]
        assert followed["kind"] == "folder" and followed["url"] == str(inbox.resolve())
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "following" in err and "writes are switched off" not in err


def test_a_story_alone_in_its_storyline_shows_none(demo, client):
    """A tester saw `stories` give a storyline id that `storylines` (from two stories) never listed."""
    rows = demo.stories()
    shown = Counter(r.storyline_id for r in rows if r.storyline_id is not None)
    assert shown and all(n >= 2 for n in shown.values())
    assert set(shown) == {line.id for line in demo.storylines()}
    lone = next(r.id for r in rows if r.storyline_id is None)
    assert client.get(f"/api/stories/{lone}").json()["storyline_id"] is None
    assert demo.story(lone).storyline_id is None


def test_newsloom_serve_stopped_during_a_write_answers_it_first(tmp_path):
    """Ctrl-C twice (or SIGTERM) while articles are being added: the server says it waits for them, their
    client gets its answer (it got a plain 500 for articles that were all stored), and it exits with 0."""
    import signal

    from filelock import FileLock, Timeout

    texts = [p.read_text(encoding="utf-8") for p in sorted(DEMO.glob("*.txt"))]
    articles = [{"title": t.splitlines()[0], "text": t} for t in texts]
    db, port = tmp_path / "served.db", _free_port()
    proc = subprocess.Popen([*CLI, "--db", str(db), "serve", "--port", str(port), "--no-access-log", "--token",
                             TOKEN], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    answer: dict = {}
    try:
        deadline = time.monotonic() + 120
        while not answer.get("up"):
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()[1]
            with contextlib.suppress(httpx.TransportError):
                answer["up"] = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5).status_code == 200
            time.sleep(0.3)
        post = threading.Thread(target=lambda: answer.update(r=httpx.post(
            f"http://127.0.0.1:{port}/api/articles", json=articles, headers=AUTH, timeout=300)))
        post.start()
        while True:  # the writer process holds the store's writer lock while it adds them
            assert post.is_alive() and time.monotonic() < deadline, "the write ended before it was interrupted"
            try:
                FileLock(f"{db}.lock").acquire(timeout=0).lock.release()
            except Timeout:
                break
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        post.join(timeout=300)
    finally:
        out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert f"stopping once the {len(articles)} articles being added are stored and answered" in err
    assert answer["r"].status_code == 200
    assert answer["r"].json()["added"] + answer["r"].json()["duplicates"] == len(articles)
