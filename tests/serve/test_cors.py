"""`serve --cors ORIGIN`: the REST API answers a browser's cross-origin requests from the origins given and
from no other (Starlette's CORS middleware); origins are checked and written as browsers send them. A real
browser's cross-origin fetch: tests/serve/test_browser.py."""

from __future__ import annotations

import subprocess

import pytest
from fastapi.testclient import TestClient

from _web import web_store  # noqa: F401 (a fixture)
from conftest import CLI
from newsloom.serve.app import cors_origin, create_app

DASHBOARD = "https://dashboard.example.org"


@pytest.fixture(scope="module")
def clients(web_store):  # noqa: F811
    nl, _ = web_store
    with TestClient(create_app(nl, token="tok", cors=[DASHBOARD])) as allowed, TestClient(create_app(nl)) as closed:
        yield allowed, closed


def test_the_origins_given_read_the_api_and_no_other(clients):
    allowed, closed = clients
    got = allowed.get("/api/stories", headers={"Origin": DASHBOARD})
    assert got.status_code == 200 and got.headers["access-control-allow-origin"] == DASHBOARD
    assert got.json()["stories"]
    other = allowed.get("/api/stories", headers={"Origin": "https://elsewhere.example.com"})
    assert "access-control-allow-origin" not in other.headers
    assert "access-control-allow-origin" not in closed.get("/api/stories", headers={"Origin": DASHBOARD}).headers


def test_a_preflight_lets_a_page_post_with_the_token(clients):
    allowed, closed = clients
    asked = {"Origin": DASHBOARD, "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "authorization, content-type"}
    answer = allowed.options("/api/articles", headers=asked)
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == DASHBOARD
    assert "POST" in answer.headers["access-control-allow-methods"]
    assert {"authorization", "content-type"} <= {h.strip().lower() for h in
                                                 answer.headers["access-control-allow-headers"].split(",")}
    refused = allowed.options("/api/articles", headers={**asked, "Origin": "https://elsewhere.example.com"})
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers
    assert "access-control-allow-origin" not in closed.options("/api/articles", headers=asked).headers


@pytest.mark.parametrize(("asked", "refused"), [
    ({"Origin": "https://elsewhere.example.com"}, "origin https://elsewhere.example.com"),
    ({"Access-Control-Request-Method": "DELETE"}, "method DELETE"),
    ({"Access-Control-Request-Headers": "content-type, x-requested-with"}, "headers content-type, x-requested-with"),
    ({"Origin": "https://elsewhere.example.com", "Access-Control-Request-Method": "PUT"},
     "origin https://elsewhere.example.com, method PUT"),
], ids=["origin", "method", "header", "two"])
def test_a_refused_preflight_is_a_json_error_as_every_other(clients, asked, refused):
    """Starlette answered a refused preflight in plain text ("Disallowed CORS origin"), where every other
    error of the API is JSON with the reason in `message` (tester32, L3)."""
    allowed, _ = clients
    answer = allowed.options("/api/articles", headers={"Origin": DASHBOARD, "Access-Control-Request-Method": "POST",
                                                       "Access-Control-Request-Headers": "content-type", **asked})
    assert answer.status_code == 400 and answer.headers["content-type"] == "application/json"
    reason = f"CORS preflight refused: {refused} not allowed"
    assert answer.json() == {"message": reason, "detail": reason}
    assert ("access-control-allow-origin" in answer.headers) is ("origin" not in refused)  # as Starlette says it
    assert "Origin" in answer.headers["vary"] and "POST" in answer.headers["access-control-allow-methods"]


@pytest.mark.parametrize(("given", "origin"), [
    ("https://Dashboard.Example.org", "https://dashboard.example.org"),
    ("https://dashboard.example.org:443/", "https://dashboard.example.org"),
    ("http://localhost:3000", "http://localhost:3000"),
    ("http://[::1]:8080", "http://[::1]:8080"),
    ("*", "*"),
    (" https://bücher.example ", "https://xn--bcher-kva.example"),
])
def test_origins_are_written_as_browsers_send_them(given, origin):
    assert cors_origin(given) == origin


@pytest.mark.parametrize("given", ["dashboard.example.org", "ftp://example.org", "https://example.org/app",
                                   "https://user:pw@example.org", "https://example.org:99999", "https://",
                                   "https://*.example.org"])
def test_what_is_no_origin_is_refused(given):
    with pytest.raises(ValueError, match="no origin|port"):
        cors_origin(given)


def test_serve_tells_a_wrong_origin_in_one_line(tmp_path):
    done = subprocess.run([*CLI, "--db", str(tmp_path / "s.db"), "serve", "--cors", "example.org/app"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "--cors" in done.stderr and "is no origin" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "s.db").exists()
