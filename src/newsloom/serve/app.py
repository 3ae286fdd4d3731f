"""The web application: `create_app(store_path)` builds it; `newsloom serve` runs it with uvicorn.

    app = create_app("news.db", token="s3cret")      # writes need `Authorization: Bearer s3cret`

- `/api/...`: the REST API (`serve/api.py`), its schema at `/openapi.json`, its docs at `/api/docs`;
- `/`, `/stories/{id}`, ...: pages rendered on the server (`serve/pages.py`), usable without JavaScript.

Every response carries a Content-Security-Policy that allows nothing from another origin and no inline
script; request bodies larger than `max_body` bytes are refused with 413. With no token configured the
write endpoints answer 403: they are switched off, never open. Reads go to the store through one
`Newsloom` shared by the worker threads (one SQLite connection per thread); a write takes the store's
writer lock, so a `newsloom run` or a watcher elsewhere waits for it, and it for them.
"""

from __future__ import annotations

import hmac
import logging
import os
import threading
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlsplit

import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import newsloom
from newsloom.api import Newsloom
from newsloom.model import RawItem
from newsloom.render.fmt import plural

if TYPE_CHECKING:
    from newsloom.pipeline import RunReport

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
MAX_BODY = 5_000_000  # bytes of a request body


class _Writes:
    """Adds posted articles (in the writer process, or in this one) and counts those in hand."""

    def __init__(self, add: Callable[[list[RawItem]], RunReport]) -> None:
        self._add = add
        self._lock = threading.Lock()
        self.in_hand = 0

    def __call__(self, items: list[RawItem]) -> RunReport:
        with self._lock:
            self.in_hand += len(items)
        try:
            return self._add(items)
        finally:
            with self._lock:
                self.in_hand -= len(items)


class Server(uvicorn.Server):
    """uvicorn's server, which stops (Ctrl-C, SIGTERM) only once the articles being added are stored and
    answered, and says so: stopped at once, their client would be told the request failed, though the
    writer stores them all."""

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        in_hand = self.config.app.state.ingest.in_hand
        if not in_hand:
            return super().handle_exit(sig, frame)
        self.should_exit = True
        logging.getLogger("uvicorn.error").warning(
            "stopping once the %s being added are stored and answered (nothing stored is lost if it is killed)",
            plural(in_hand, "article"))


class _Headers(BaseHTTPMiddleware):
    """The security headers of every response."""

    async def dispatch(self, request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response


class _BodyLimit:
    """Request bodies larger than `max_body` bytes are refused with 413: by their Content-Length, or, sent
    in chunks, as soon as the bytes received pass it (never held whole first)."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await self._refuse(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:  # read by an endpoint: handled as any HTTP error
                    raise HTTPException(413, self._detail)
            return message

        await self.app(scope, counted, send)

    @property
    def _detail(self) -> str:
        return f"request body over {self.max_body} bytes"

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        await JSONResponse({"message": self._detail, "detail": self._detail}, status_code=413)(scope, receive, send)


class _Cors(CORSMiddleware):
    """Starlette's CORS middleware, whose refused preflight (an origin, method or header not allowed) is a
    400 in JSON as every other error, saying what was refused: `{"message": "CORS preflight refused: origin
    https://elsewhere.example.com not allowed", "detail": ...}` (Starlette's is plain text); its headers kept."""

    def preflight_response(self, request_headers: Headers) -> Response:
        answer = super().preflight_response(request_headers)
        if answer.status_code < 400:
            return answer
        # Starlette's words: "Disallowed CORS origin, method, headers, private-network"
        asked = {"origin": request_headers.get("origin"),
                 "method": request_headers.get("access-control-request-method"),
                 "headers": request_headers.get("access-control-request-headers")}
        refused = bytes(answer.body).decode().removeprefix("Disallowed CORS ").split(", ")
        named = ", ".join(f"{what} {asked[what][:200]}" if asked.get(what) else what for what in refused)
        reason = f"CORS preflight refused: {named} not allowed"
        headers = {k: v for k, v in answer.headers.items() if k not in ("content-length", "content-type")}
        return JSONResponse({"message": reason, "detail": reason}, status_code=answer.status_code, headers=headers)


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    """A 500 in JSON, as every other error (the traceback goes to the server's log)."""
    reason = f"internal error: {type(exc).__name__}"
    return JSONResponse({"message": reason, "detail": reason}, status_code=500)


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """An error of ours (401, 404, 422 ...) or of the framework (400 for a body it cannot read) in JSON, the
    reason in one line in `message` as for a malformed request, and in `detail` as FastAPI gives it."""
    if not isinstance(exc.detail, str):
        return await http_exception_handler(request, exc)
    if exc.status_code == 400 and exc.detail == "There was an error parsing the body":  # FastAPI's words
        exc.detail = "the body is not JSON in UTF-8, UTF-16 or UTF-32"
    if exc.status_code == 404 and not request.url.path.startswith("/api") and "text/html" in request.headers.get(
            "accept", ""):  # a browser on a page that is not there: the site's page, not JSON
        from newsloom.serve.pages import not_found

        return not_found(f"There is no page {request.url.path[:80]}.")
    return JSONResponse({"message": exc.detail, "detail": exc.detail}, status_code=exc.status_code,
                        headers=getattr(exc, "headers", None))


_bearer = HTTPBearer(auto_error=False)


def require_token(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    """The dependency of every write endpoint: 403 when the server has no token (writes switched off),
    401 without the right `Authorization: Bearer <token>`."""
    token = request.app.state.token
    if not token:
        raise HTTPException(403, "writes are switched off: start the server with --token or NEWSLOOM_TOKEN")
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(401, "wrong token: the header Authorization: Bearer <token> must give the server's"
                            if given else "a write needs the header Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})


def cors_origin(value: str) -> str:
    """An origin as a browser's Origin header writes it: "*", or scheme://host[:port] with no path (the host
    in lower case, no default port); ValueError otherwise."""
    value = value.strip()
    if value == "*":
        return value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") or parts.query \
            or parts.fragment or parts.username or parts.password:
        raise ValueError(f"{value!r} is no origin: give scheme://host[:port], e.g. https://dashboard.example.org, "
                         "or * for any")
    try:
        port = parts.port
    except ValueError as err:
        raise ValueError(f"{value!r} is no origin: {str(err).lower()}") from err
    if "*" in parts.hostname:
        raise ValueError(f"{value!r} is no origin: a wildcard stands for every origin alone (*); give each "
                         "origin, e.g. https://dash.example.org")
    try:  # a browser sends a name in another script as its ASCII form ("bücher.de" -> "xn--bcher-kva.de")
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError as err:
        raise ValueError(f"{value!r} is no origin: {parts.hostname!r} is no host name") from err
    host = f"[{host}]" if ":" in host else host
    default = {"http": 80, "https": 443}[parts.scheme]  # a browser's Origin leaves it out
    return f"{parts.scheme}://{host}" + (f":{port}" if port not in (None, default) else "")


def library(request: Request) -> Newsloom:
    """The dependency of every endpoint that reads or writes the store."""
    return request.app.state.nl


def create_app(store: str | Path | Newsloom, *, token: str | None = None, max_body: int = MAX_BODY,
               embedder: str = "auto", offices: str | Path | None = None,
               settings: str | Path | None = None, writer_process: bool | None = None,
               cors: list[str] | None = None, ray: str | None = None, ray_workers: int | None = None) -> FastAPI:
    """The application over the store at `store` (created if missing). `token`: the bearer token that
    writes need (default: $NEWSLOOM_TOKEN; none: writes are switched off). `writer_process`: posted
    articles go through the pipeline in a process of its own (serve/ingest.py), so that readers never
    wait for it (default: when `store` is a path; an open Newsloom writes in this process). `cors`: the
    origins ("https://dashboard.example.org", "*" for any) whose web pages may call the API from a browser.
    `ray`, `ray_workers`: the Ray cluster `app.state.nl.add` reads and embeds on, as `newsloom.open` takes them
    (a watcher beside the server uses it; posted articles go through the writer process)."""
    from newsloom import __version__
    from newsloom.embed import embedder_problem
    from newsloom.serve import api, pages
    from newsloom.serve.ingest import IngestProcess

    if not isinstance(store, Newsloom) and (problem := embedder_problem(embedder)):
        raise ValueError(f"--embedder: {problem}")
    # readers=0: a write reads entity mentions in this process (a reader process per request would load
    # the language models each time); a store that is there is opened as readers open it (so one on a
    # read-only disk is served)
    if isinstance(store, Newsloom):
        nl = store
    else:
        there = Path(store).is_file() and Path(store).stat().st_size > 0
        nl = newsloom.open(store, create=not there, embedder=embedder, offices=offices, settings=settings,
                           readers=0, ray=ray, ray_workers=ray_workers)
    if writer_process is None:
        writer_process = not isinstance(store, Newsloom)
    ingest = IngestProcess(nl.store.location, embedder=embedder, offices=offices, settings=settings) if writer_process \
        else None

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        yield
        if ingest is not None:
            ingest.close()

    app = FastAPI(title="newsloom", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Stories from the news across outlets and languages: search them, read their "
                              "digests and sources compared, add articles and feeds.")
    app.state.nl = nl
    app.state.ingest = _Writes(ingest.add if ingest is not None else nl.add)
    app.state.token = token if token is not None else os.environ.get("NEWSLOOM_TOKEN") or None
    app.add_middleware(_BodyLimit, max_body=max_body)
    app.add_middleware(_Headers)
    if cors:  # outermost: a preflight is answered before anything else reads the request
        app.add_middleware(_Cors, allow_origins=cors, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"], max_age=600)
    app.include_router(api.router)
    app.add_exception_handler(RequestValidationError, api.validation_failed)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _internal_error)
    app.include_router(pages.router)
    pages.mount_static(app)

    def openapi() -> dict:
        """FastAPI's schema, with errors of 422 shaped as they are sent (`message`, and `detail` a list or a
        line)."""
        if app.openapi_schema is None:
            schema = FastAPI.openapi(app)
            schema["components"]["schemas"]["HTTPValidationError"] = api.Invalid.model_json_schema()
        return app.openapi_schema

    app.openapi = openapi
    return app
