"""The REST API under /api (see serve/app.py for authentication, limits and headers; docs/api.md for examples).

    GET  /api/stories                 stories, filtered and paged (`next`: the offset of the next page)
    GET  /api/stories/{id}            a story's digest (what `newsloom show ID -f json` lists)
    GET  /api/stories/{id}/articles   its articles
    GET  /api/articles/{id}           one article: text, metadata, mentions, quotes, amounts, claims
    GET  /api/storylines              storylines of two stories or more, the latest first, paged
    GET  /api/entities?q=             entities by any of their names, in any language or spelling
    GET  /api/entities/{key}          an entity's names and the stories naming it
    GET  /api/conflicts               the conflicts between sources, per story
    GET  /api/sources                 per-outlet scores, and the health of the followed sources
    GET  /api/search?q=               stories and articles (Newsloom.search)
    GET  /api/health                  (and HEAD)
    POST /api/articles                add articles (token)
    POST /api/feeds                   follow a feed or page (token)
    GET  /api/docs                    these endpoints, rendered from /openapi.json (no script)

Every endpoint is a plain `def`: FastAPI runs it in its thread pool, where each thread reads the store
through its own SQLite connection and sees what was committed before the request (nothing is cached).
A write goes through `Newsloom.add`, which holds the store's writer lock.
"""

from __future__ import annotations

import html
import json
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, date, datetime
from functools import cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator

from newsloom.api import Newsloom, whole_day
from newsloom.digest import Digest, copied
from newsloom.facts.compare import Finding
from newsloom.facts.lineage import source_name
from newsloom.ingest import MAX_TEXT_CHARS
from newsloom.render.jsonout import (
    conflict_record,
    digest_record,
    entity_record,
    iso,
    search_records,
    source_records,
    story_record,
    storyline_record,
)
from newsloom.serve.app import library, require_token
from newsloom.store import StoreError
from newsloom.summarize import title_of


def _known_parameters(request: Request) -> None:
    """422 for a query parameter the endpoint does not take ("limt", "langs"): ignored, it looked like an
    answer to the question not asked (an integrator's dashboard showed every story for a misspelt filter)."""
    import difflib

    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = {p.alias for p in dependant.query_params}
    for name in request.query_params:
        if name not in known and not name.startswith("_"):  # "_=1733…": a client's cache buster
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (it takes {', '.join(sorted(known)) or 'none'})"
            raise HTTPException(422, f"{name}: no such parameter{hint}")


router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(_known_parameters)])
Library = Annotated[Newsloom, Depends(library)]
Writer = Depends(require_token)

MAX_LIMIT = 200
BIG = 2**53  # the largest id or offset taken (SQLite integers are 64-bit)
Text = Annotated[str | None, Query(max_length=500)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=BIG, description="Items to skip.")]
Moment = date | datetime
# what every time of an answer is (render/jsonout.py's `iso`)
TIME = ("ISO 8601 with a UTC offset: the one published, or +00:00 for a time published without one (a date "
        "alone is its midnight)")


# -- response models ------------------------------------------------------------------------------

class Detail(BaseModel):
    """An error: the reason in one line."""

    message: str
    detail: str


class Invalid(BaseModel):
    """A malformed request (422), or a body that is no JSON (400): the reason in one line in `message`; in
    `detail`, FastAPI's list of the fields at fault, or the reason again (a rule of newsloom's own)."""

    message: str
    detail: str | list[dict[str, Any]]


WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Invalid, "description": "The body is not JSON"},
    401: {"model": Detail, "description": "No token, or a wrong one (`Authorization: Bearer <token>`)"},
    403: {"model": Detail, "description": "Writes are switched off: the server has no token"},
    413: {"model": Detail, "description": "Request body too large"},
    415: {"model": Detail, "description": "The body is not sent as JSON (`Content-Type: application/json`)"},
    503: {"model": Detail, "description": "The store cannot be written (a read-only disk, a writer that failed)"},
}


class StorySummary(BaseModel):
    """A story as listed: what a reader sees of it without its digest."""

    id: int = Field(description="The story's id, a number.")
    headline: str
    summary: list[str] = Field(description="A few sentences taken from its articles.")
    first_published: str | None = Field(description=f"Its first article's publication time; {TIME}.")
    last_published: str | None = Field(description=f"Its latest article's publication time; {TIME}.")
    languages: dict[str, int] = Field(description="Language -> articles.")
    sources: list[str] = Field(description="Independent sources, first seen first.")
    article_count: int
    storyline_id: int | None
    conflicts: int = Field(description="Findings where sources, or a source and the record, disagree.")
    claims: int = Field(description="Claims compared across its sources.")


class Page(BaseModel):
    total: int = Field(description="Items that match (stories, storylines).")
    offset: int
    limit: int
    next: int | None = Field(description="The offset of the next page; null on the last page.")


class StoryList(Page):
    stories: list[StorySummary]


class StorylineSummary(BaseModel):
    """A storyline: related stories followed over time; its id is its first story's."""

    id: int = Field(description="The storyline's id (see /api/stories?storyline=).")
    stories: int
    articles: int
    first_published: str | None = Field(description=f"Its first article's publication time; {TIME}.")
    last_published: str | None = Field(description=f"Its latest article's publication time; {TIME}.")
    headline: str = Field(description="The headline of its latest story.")


class StorylineList(Page):
    storylines: list[StorylineSummary]


class ArticleRefOut(BaseModel):
    id: str
    title: str
    source: str | None
    url: str | None
    lang: str | None
    published: str | None = Field(description=TIME)
    copy_of: str | None = Field(None, description="The article this one copies (exact or near copy).")
    revises: str | None = Field(None, description="The earlier version of this article (read from the same URL "
                                "or file), which it replaces.")
    revised_by: str | None = Field(None, description="The later version that replaces this one; the story's "
                                   "summary and sources compared read that one.")


class StoryArticles(BaseModel):
    story_id: int
    articles: list[ArticleRefOut]


class MentionOut(BaseModel):
    text: str
    label: str
    start: int = Field(description="Character offsets into `field`.")
    end: int
    field: str = Field(description="`text` or `title`.")
    entity: str | None = Field(description="Entity key (see /api/entities/{key}).")


class QuoteOut(BaseModel):
    text: str
    speaker: str | None
    entity: str | None
    sentence: str


class AmountOut(BaseModel):
    text: str
    value: float
    unit: str
    kind: str
    sentence: str


class ClaimOut(BaseModel):
    kind: str
    slot: str
    value: str
    text: str
    detail: str
    subject: str | None
    sentence: str | None = Field(description="The evidence sentence.")


class EventDateOut(BaseModel):
    day: date
    end: date | None
    text: str


class ArticleOut(BaseModel):
    id: str
    title: str
    text: str
    url: str | None
    source: str = Field(description="The outlet, or the file the article was read from.")
    published: str | None = Field(description=TIME)
    lang: str | None
    lang_confidence: float
    story_id: int | None
    copy_of: str | None
    revises: str | None = Field(description="The earlier version of this article, which it replaces.")
    revised_by: str | None = Field(description="The later version that replaces this one.")
    event_dates: list[EventDateOut]
    mentions: list[MentionOut]
    quotes: list[QuoteOut]
    amounts: list[AmountOut]
    claims: list[ClaimOut]


class EntityName(BaseModel):
    name: str
    uses: int = Field(description="Weighted uses of this name in the articles.")


class EntitySummary(BaseModel):
    key: str
    name: str
    label: str
    names: list[EntityName] = Field(description="Every name it goes by, across languages, most used first.")
    story_count: int = Field(description="Stories naming it.")


class EntityList(BaseModel):
    entities: list[EntitySummary]


class EntityStories(EntitySummary):
    offset: int
    limit: int
    next: int | None = Field(description="The offset of the next page of its stories; null on the last page.")
    stories: list[StorySummary] = Field(description="The stories naming it, newest first.")


class StoryConflicts(BaseModel):
    """A story whose sources disagree: `id`, `headline` and `conflicts` as a listed story (StorySummary) has
    them, and those findings."""

    id: int = Field(description="The story's id.")
    headline: str
    conflicts: int = Field(description="How many findings `findings` holds, as a listed story counts them.")
    findings: list[Finding] = Field(description="Findings of status `conflict` (sources disagree) or `record` "
                                                "(the record of office holders says otherwise).")


class ConflictList(BaseModel):
    total: int
    offset: int
    limit: int
    next: int | None
    stories: list[StoryConflicts]


class SourceScoreOut(BaseModel):
    source: str
    claims: int
    corroborated: int = Field(description="Claims another independent source gives the same value.")
    single: int = Field(description="Claims no other source speaks to.")
    contradicted: int = Field(description="Claims in a conflict whose value no more independent sources give "
                                          "than another value does (one against one: both).")
    against_record: int = Field(description="Claims the record of office holders contradicts.")


class FollowedOut(BaseModel):
    url: str
    kind: str
    added: str | None = Field(description=TIME)
    every: float | None = Field(description="Seconds between checks (null: the watcher's default).")
    last_check: str | None = Field(description=TIME)
    last_success: str | None = Field(description=TIME)
    last_error: str | None
    errors: int = Field(description="Failures in a row.")
    next_check: str | None = Field(description=TIME)
    stored: int = Field(description="Articles stored from it.")
    outlet: str | None = Field(description="The outlet of its items that name none (`watch --source`).")


class SourcesOut(BaseModel):
    scores: list[SourceScoreOut]
    followed: list[FollowedOut]


class ArticleHitOut(BaseModel):
    id: str = Field(description="The article's id, a string (a hash of its title and text); a story's is a number.")
    story_id: int | None
    title: str
    source: str | None
    lang: str | None
    published: str | None = Field(description=TIME)
    url: str | None
    score: float = Field(description="Reciprocal rank fusion of the text, name, semantic and related rankings: higher is better.")
    snippet: str = Field(description="Plain text around the first word of the query the text holds.")
    matched: list[str] = Field(description="How it was found: `text` (its words), `name` (it mentions an entity the query names, in any spelling or language), `semantic` (its meaning), `related` (it tells one of the best word hits in another language); one or more.")
    similarity: float | None = Field(description="Cosine with the query, when found by meaning.")
    kind: Literal["article"] = Field(description="What the item is (`search --json` lists both kinds).")


class StoryHitOut(StorySummary):
    id: int = Field(description="The story's id, a number; an article's is a string.")
    score: float = Field(description="Its best article's score.")
    hits: list[str] = Field(description="Its articles found (their ids), best first.")
    kind: Literal["story"] = Field(description="What the item is (`search --json` lists both kinds).")


class SearchOut(BaseModel):
    query: str
    total_articles: int
    total_stories: int
    offset: int
    limit: int
    next: int | None = Field(description="The offset of the next page of articles; null on the last page.")
    articles: list[ArticleHitOut]
    stories: list[StoryHitOut] = Field(description="The stories of the articles found, by their best article, "
                                                   "paged the same way.")


class Health(BaseModel):
    status: str
    articles: int
    stories: int


class ArticleIn(BaseModel):
    """One article to add."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(max_length=10_000)
    text: str = Field(max_length=MAX_TEXT_CHARS)  # an empty one fails alone, as in `newsloom run`
    url: str | None = Field(None, max_length=4_000)
    source: str | None = Field(None, max_length=500, description="The outlet.")
    published: Annotated[str, Field(max_length=100)] | float | None = Field(None, description="ISO 8601, RFC 2822, epoch seconds or a "
                                                                     "written date (day first).")
    # a JSON Lines record posts as it is: what `newsloom run` leaves to `eval`, left here too
    id: Annotated[str, Field(max_length=500)] | int | None = Field(
        None, description="Ignored, as by `newsloom run`: an article's id is a hash of its title and text.")
    lang: str | None = Field(None, max_length=50,
                             description="Ignored, as by `newsloom run`: the language is read from the text.")
    cluster: Annotated[str, Field(max_length=500)] | int | None = Field(
        None, description="Ignored (a label for `newsloom eval`).")


class ItemResult(BaseModel):
    index: int = Field(description="Position in the request.")
    status: Literal["added", "duplicate", "failed"]
    id: str | None = Field(description="The article's id (a hash of its title and text).")
    story_id: int | None
    reason: str | None = Field(None, description="Why it failed.")
    notes: list[str] = Field(default_factory=list, description="What was repaired or noticed.")


class AddReport(BaseModel):
    added: int
    duplicates: int
    failed: int
    stories_touched: list[int]
    items: list[ItemResult]


class FeedIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(max_length=4_000, description="An http(s) RSS/Atom feed or page.")
    every: float | str | None = Field(None, description="Seconds between checks, or a duration such as `10m` or "
                                                        "`1h` (at least 60 s; default: the watcher's).")

    @field_validator("every")
    @classmethod
    def _every(cls, value: float | str | None) -> float | None:
        from newsloom.watch import MIN_WEB_INTERVAL, parse_duration

        if value is None:
            return None
        seconds = parse_duration(value) if isinstance(value, str) else float(value)
        if not MIN_WEB_INTERVAL <= seconds <= 365 * 86400:
            raise ValueError(f"every must be between {MIN_WEB_INTERVAL:g} seconds and a year")
        return seconds


class FeedOut(BaseModel):
    url: str
    kind: str
    new: bool = Field(description="Followed now (false: it was followed already).")
    message: str


async def validation_failed(request: Request, exc: RequestValidationError) -> Response:
    """422 with the errors, as FastAPI's own handler gives them, but shorter and as ASCII JSON (the input it
    echoes may hold a lone surrogate, which UTF-8 cannot encode): for a body of one article or a list, only
    the errors of the shape sent (not "Input should be a valid list" for an object); an input echoed back
    cut to 200 characters (a 4 MB text is not sent back)."""
    errors = exc.errors()
    kind = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if request.method in ("POST", "PUT", "PATCH") and kind and not (kind == "application/json" or
                                                                    kind.endswith("+json")):
        reason = f"the body is sent as {kind[:80]}: send JSON, with Content-Type: application/json"
        return Response(json.dumps({"message": reason, "detail": reason}, ensure_ascii=True), status_code=415,
                        media_type="application/json")
    # (not language data: pydantic's error types) "the body is not this member of the union"
    shape = [e for e in errors if not (e["type"] in ("list_type", "model_attributes_type") and len(e["loc"]) == 2
                                       and e["loc"][0] == "body")]
    content = jsonable_encoder({"message": _message(shape or errors), "detail": [_shortened(e) for e in shape or errors]})
    status = 400 if any(e["type"] == "json_invalid" for e in errors) else 422  # no JSON at all: 400, as documented
    return Response(json.dumps(content, ensure_ascii=True), status_code=status, media_type="application/json")


def _message(errors: list[dict[str, Any]], most: int = 10) -> str:
    """The errors in one line, the first of each place, the places of one reason together: "title, text: Field
    required; headline, content: Extra inputs are not permitted"; "body, character 23: JSON decode error
    (Expecting value)". At most three reasons, each with at most `most` places, the missing and extra fields
    first (what a client must rename)."""
    said: dict[str, str] = {}
    for e in errors:
        if e["type"] == "json_invalid":
            where = f"body, character {e['loc'][-1]}"
        else:  # the fields and items, without where they were sent nor the union member tried ("ArticleIn")
            loc = list(e["loc"])
            kept = [part for n, part in enumerate(loc) if part not in ("body", "query", "path") and not (
                _union_member(part) and not (n == len(loc) - 1 and e["type"] == "extra_forbidden"))]
            where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in kept).lstrip(".") or "body"
        reason = e["msg"] + (f" ({e['ctx']['error']})" if e["type"] == "json_invalid" and e.get("ctx") else "")
        said.setdefault(where, reason)
    places: dict[str, list[str]] = {}
    for where, reason in said.items():
        places.setdefault(reason, []).append(where)
    shape = {e["msg"] for e in errors if e["type"] in ("missing", "extra_forbidden")}
    reasons = sorted(places, key=lambda reason: reason not in shape)[:3]  # stable: otherwise as sent
    return "; ".join(", ".join(places[r][:most]) + (f" and {len(places[r]) - most} more" if len(places[r]) > most
                                                      else "") + f": {r}" for r in reasons)


# not language data: how pydantic names the member of a union it tried, or a constrained type
_TYPE_NAMES = {"ArticleIn", "FeedIn", "date", "datetime", "float", "int", "str", "bool"}


def _union_member(part: object) -> bool:
    return isinstance(part, str) and (part in _TYPE_NAMES or "[" in part or "-" in part)


def _shortened(error: dict[str, Any], most: int = 200) -> dict[str, Any]:
    """The error with its echoed input at most `most` characters long."""
    given = error.get("input")
    if isinstance(given, str) and len(given) > most:
        return {**error, "input": given[:most] + f"... ({len(given):,} characters)"}
    if isinstance(given, dict | list) and len(json.dumps(jsonable_encoder(given))) > most:
        return {key: value for key, value in error.items() if key != "input"}
    return error


# -- helpers --------------------------------------------------------------------------------------

def _moment(value: Moment | None, end: bool = False) -> datetime | None:
    """A date given alone is its whole day: from its start, to its end. 422 for a time that has no UTC time
    (year 1 at +14:00)."""
    value = whole_day(value, end)
    if value is None:
        return None
    try:
        (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError as e:
        raise HTTPException(422, f"{'to' if end else 'from'}: {value.isoformat()} is out of range") from e
    return value


def _next(offset: int, shown: int, total: int) -> int | None:
    return offset + shown if shown and offset + shown < total else None


def _digest(nl: Newsloom, story_id: int) -> Digest:
    digest = nl.story(story_id)
    if digest is None:
        raise HTTPException(404, f"no story {story_id}")
    return digest


StoryId = Annotated[int, Path(ge=0, le=BIG, description="Story id.")]


# -- stories --------------------------------------------------------------------------------------

def _writable(nl: Newsloom) -> None:
    """503 for a write to a store on a read-only disk (served to read)."""
    if nl.store.frozen:
        raise HTTPException(503, f"{nl.path}: on a read-only disk: nothing can be added to it")


def _language(code: str | None) -> str | None:
    """`lang` as the store holds it (any case), or 422 saying what is wrong."""
    from newsloom.api import language_code

    try:
        return language_code(code or None)
    except ValueError as e:
        raise HTTPException(422, str(e)) from e


@router.get("/stories", response_model=StoryList)
def list_stories(
    nl: Library,
    q: Annotated[str | None, Query(max_length=500, description="Words in the headline or summary.")] = None,
    lang: Annotated[str | None, Query(max_length=20, description="Stories with articles in this language "
                                                                  "(vi, en ...).")] = None,
    source: Annotated[str | None, Query(max_length=500, description="Stories this outlet reported.")] = None,
    entity: Annotated[str | None, Query(max_length=500, description="Stories naming this entity: its key (see "
                                                                    "/api/entities) or a name of one entity.")] = None,
    since: Annotated[Moment | None, Query(alias="from", description="Stories whose latest article was "
                                          "published on or after this date or time (ISO 8601).")] = None,
    until: Annotated[Moment | None, Query(alias="to", description="Stories whose first article was published on "
                                          "or before this date or time (a date: its whole day).")] = None,
    storyline: Annotated[int | None, Query(ge=0, le=BIG, description="The stories of this storyline.")] = None,
    min_articles: Annotated[int, Query(ge=1, le=BIG, description="Stories with at least this many articles.")] = 1,
    contested: Annotated[bool, Query(description="Only stories whose sources disagree.")] = False,
    sort: Annotated[Literal["recent", "size", "contested", "id"], Query(
        description="recent: by the publication time of the latest article; size: most articles first; "
                    "contested: most conflicts first; id.")] = "recent",
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The stories that match every filter given, newest first (or by `sort`), a page at a time."""
    where = dict(lang=_language(lang), source=source, entity=entity, since=_moment(since), until=_moment(until, end=True),
                 storyline=storyline, min_articles=min_articles, contested=contested)
    try:
        if entity:
            where["entity"] = nl.entity_key(entity)  # a key in any case, or a name of one entity
    except ValueError as e:
        raise HTTPException(422, f"entity: {e}") from e
    rows = nl.stories(q or None, **where, sort=sort, limit=limit, offset=offset)
    total = nl.count(q or None, **where)
    return {"total": total, "offset": offset, "limit": limit, "next": _next(offset, len(rows), total),
            "stories": [story_record(r) for r in rows]}


@router.get("/storylines", response_model=StorylineList)
def list_storylines(
    nl: Library,
    min_stories: Annotated[int, Query(ge=1, le=BIG, description="Storylines of at least this many stories.")] = 2,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The storylines (stories linked as one topic followed over time), the latest first, a page at a time."""
    rows = nl.storylines(min_stories, limit, offset)
    total = nl.store.count_storylines(min_stories)
    return {"total": total, "offset": offset, "limit": limit, "next": _next(offset, len(rows), total),
            "storylines": [storyline_record(r) for r in rows]}


@router.get("/stories/{story_id}", responses={200: {"model": Digest, "description": "The story's digest"},
                                               404: {"model": Detail, "description": "No such story"}})
def get_story(nl: Library, story_id: StoryId) -> JSONResponse:
    """The story's digest: headline, summary, sources, copies, the sources compared (conflicts, agreed and
    single-source claims), entities, quotes, amounts, timeline and articles; the same JSON as each item of
    `newsloom show ID --format json`."""
    return JSONResponse(digest_record(_digest(nl, story_id)))


@router.get("/stories/{story_id}/articles", response_model=StoryArticles,
            responses={404: {"model": Detail, "description": "No such story"}})
def story_articles(nl: Library, story_id: StoryId) -> dict[str, Any]:
    """The story's articles, oldest first (copies and earlier versions included, each saying which)."""
    return {"story_id": story_id, "articles": digest_record(_digest(nl, story_id))["articles"]}


# -- articles -------------------------------------------------------------------------------------

@router.get("/articles/{article_id}", response_model=ArticleOut,
            responses={404: {"model": Detail, "description": "No such article"}})
def get_article(nl: Library, article_id: Annotated[str, Path(max_length=100)]) -> dict[str, Any]:
    """One article: its text and metadata, the entities it names, its quotes, amounts and claims, its story."""
    found = nl.store.articles_with_ids([article_id])
    if not found:
        raise HTTPException(404, f"no article {article_id}")
    a = found[0]

    def sentence(i: int) -> str | None:
        return a.sentences[i] if 0 <= i < len(a.sentences) else None

    return {
        "id": a.id, "title": title_of(a.title, a.text), "text": a.text, "url": a.url, "source": source_name(a),
        "published": iso(a.published), "lang": a.lang, "lang_confidence": a.lang_confidence,
        "story_id": a.story_id, "copy_of": copied(a), "revises": a.revises, "revised_by": a.revised_by,
        "event_dates": [{"day": d.day, "end": d.end, "text": d.text} for d in a.event_dates],
        "mentions": [{"text": m.text, "label": m.label, "start": m.start, "end": m.end, "field": m.field,
                      "entity": m.entity} for m in a.mentions],
        "quotes": [{"text": q.text, "speaker": q.speaker, "entity": q.entity, "sentence": q.sentence}
                   for q in a.quotes],
        "amounts": [{"text": m.text, "value": m.value, "unit": m.unit, "kind": m.kind, "sentence": m.sentence}
                    for m in a.amounts],
        "claims": [{"kind": c.kind, "slot": c.slot, "value": c.value, "text": c.text, "detail": c.detail,
                    "subject": c.subject, "sentence": sentence(c.sentence)} for c in a.claims],
    }


@router.post("/articles", response_model=AddReport, dependencies=[Writer],
             responses=WRITE_ERRORS)
def add_articles(
    nl: Library,
    request: Request,
    body: Annotated[ArticleIn | list[ArticleIn], Body(description="One article, or a list of at most 1,000.")],
) -> dict[str, Any]:
    """Add articles: each goes through the pipeline (deduplicated, grouped into a story, its sources
    compared) and is reported as `added`, `duplicate` (its text is stored already) or `failed` with the
    reason. Needs the token."""
    from newsloom.ingest import checked
    from newsloom.ingest.records import record_to_item
    from newsloom.model import Failure, RawItem

    _writable(nl)
    records = body if isinstance(body, list) else [body]
    if len(records) > 1000:
        raise HTTPException(422, "at most 1,000 articles per request")
    results: list[dict[str, Any]] = []
    items: list[RawItem] = []
    item_of: dict[int, RawItem] = {}
    seen: set[str] = set()
    origins: set[str] = set()
    for n, record in enumerate(records):
        origin = f"request item {n}"
        # checked (mojibake repaired, junk refused) before its id is worked out, as `Newsloom.add` will see it
        [item] = checked(origin, lambda r=record, o=origin: iter([record_to_item(r.model_dump(exclude_none=True), o)]))
        result: dict[str, Any] = {"index": n, "status": "added", "id": None, "story_id": None, "notes": []}
        results.append(result)
        if isinstance(item, Failure):
            result.update(status="failed", reason=item.reason)
            continue
        aid = _article_id(item)
        result["id"] = aid
        # the same text posted again is stored once; each item of a request has its own origin, for its result
        item.origin = item.url if item.url and item.url not in origins else f"api:{aid}"
        origins.add(item.origin)
        if aid in seen or nl.store.origin_of(aid) is not None:
            result["status"] = "duplicate"
        seen.add(aid)
        item_of[n] = item
        items.append(item)
    try:
        report = request.app.state.ingest(items) if items else None
    except (StoreError, BrokenProcessPool) as e:
        raise HTTPException(503, str(e)) from e
    if report is not None:
        failed = {f.origin: f.reason for f in report.failures}
        copies = {origin for origin, _ in report.duplicates}
        notes: dict[str, list[str]] = {}
        for origin, note in report.notes:
            notes.setdefault(origin, []).append(note)
        for origin, _, jaccard in report.near_copies:
            notes.setdefault(origin, []).append(f"near copy of an article stored before ({jaccard:.0%} shared): "
                                                "joins its story")
        for origin, _ in report.revisions:
            notes.setdefault(origin, []).append("new version of the article stored from this URL: replaces it "
                                                "in its story")
        for n, item in item_of.items():
            result = results[n]
            if item.origin in failed:
                result.update(status="failed", reason=failed[item.origin])
                continue
            if item.origin in copies:
                result["status"] = "duplicate"
            result["notes"] = notes.get(item.origin, []) if result["status"] == "added" else []
            result["story_id"] = nl.store.story_of(result["id"])
    statuses = [r["status"] for r in results]
    return {"added": statuses.count("added"), "duplicates": statuses.count("duplicate"),
            "failed": statuses.count("failed"),
            "stories_touched": sorted(report.stories_touched) if report is not None else [], "items": results}


@cache
def _normalise():
    from newsloom.resources import Resources
    from newsloom.stages import STAGES

    return next(s for s in STAGES if s.name == "normalise"), Resources()


def _article_id(item) -> str:
    """The id the pipeline gives an item: the hash of its title and text as the stage `normalise` leaves them."""
    from newsloom.model import Article

    stage, resources = _normalise()
    return stage.run(Article.from_raw(item), resources).id


# -- entities -------------------------------------------------------------------------------------

def _entity(nl: Newsloom, e) -> dict[str, Any]:
    return entity_record(e, nl.count(entity=e.key))


@router.get("/entities", response_model=EntityList)
def find_entities(
    nl: Library,
    q: Annotated[str, Query(min_length=1, max_length=200, description="A name in any language or spelling, "
                                                                      "with or without accents.")],
    limit: Limit = 20,
) -> dict[str, Any]:
    """People, organisations and places with a name (or alias) containing `q`, compared without accents
    or case: those named exactly so first, then those whose name starts with it, then the most named."""
    return {"entities": [_entity(nl, e) for e in nl.store.find_entities(q, limit=limit)]}


@router.get("/entities/{key:path}", response_model=EntityStories,
            responses={404: {"model": Detail, "description": "No such entity"}})
def get_entity(nl: Library, key: Annotated[str, Path(max_length=500, description="Entity key, e.g. "
                                                    "`LOC:quang ngai` (any case, accents optional), or a name of "
                                                    "one entity.")],
               limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    """An entity: its names across languages and spellings, and the stories naming it, newest first."""
    try:
        key = nl.entity_key(key)
    except ValueError as e:
        raise HTTPException(404, str(e)) from e
    found = nl.store.entities([key])
    out = _entity(nl, found[0])
    rows = nl.stories(entity=key, sort="recent", limit=limit, offset=offset)
    out.update(offset=offset, limit=limit, next=_next(offset, len(rows), out["story_count"]),
               stories=[story_record(r) for r in rows])
    return out


# -- conflicts, sources, search, health -----------------------------------------------------------

@router.get("/conflicts", response_model=ConflictList)
def list_conflicts(nl: Library, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    """The stories whose sources contradict each other or the record of office holders, by story id, with
    those findings (the lines of `newsloom conflicts --json`, a page at a time)."""
    if nl._record is None:  # the stored digests: a page of them
        total = nl.count(contested=True)
        digests = [d for r in nl.stories(contested=True, sort="id", limit=limit, offset=offset)
                   if (d := nl.story(r.id)) is not None]
    else:  # the user's office record: every story compared anew
        every = nl.conflicts()
        total, digests = len(every), every[offset:offset + limit]
    return {"total": total, "offset": offset, "limit": limit, "next": _next(offset, len(digests), total),
            "stories": [conflict_record(d) for d in digests]}


@router.get("/sources", response_model=SourcesOut)
def list_sources(nl: Library) -> dict[str, Any]:
    """Per outlet, how its claims fare against the other independent sources (most claims first); and the
    sources the server follows (`newsloom serve --watch`, POST /api/feeds), with their health."""
    scores, followed = source_records(nl.sources(), nl.store.sources())
    return {"scores": scores, "followed": followed}


@router.get("/search", response_model=SearchOut)
def search(
    nl: Library,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words, in any language; accents "
                                                                      "optional.")],
    lang: Annotated[str | None, Query(max_length=20, description="Articles in this language.")] = None,
    since: Annotated[Moment | None, Query(alias="from", description="Articles published on or after this date "
                                          "or time (ISO 8601).")] = None,
    until: Annotated[Moment | None, Query(alias="to", description="Articles published on or before this date "
                                          "or time (a date: its whole day).")] = None,
    source: Annotated[str | None, Query(max_length=500, description="Articles of this outlet.")] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Articles found by their words (accents and case ignored) and by meaning (in either language), best
    first, and their stories (`Newsloom.search`)."""
    try:
        found = nl.search(q, lang=_language(lang), since=_moment(since), until=_moment(until, end=True),
                          source=source or None, limit=limit, offset=offset)
    except ValueError as e:  # no words ("q= "), from after to
        raise HTTPException(422, str(e)) from e
    stories, articles = search_records(found)
    return {"query": q, "total_articles": found.total_articles, "total_stories": found.total_stories,
            "offset": offset, "limit": limit, "next": _next(offset, len(articles), found.total_articles),
            "articles": articles, "stories": stories}


@router.api_route("/health", methods=["GET", "HEAD"], response_model=Health)
def health(nl: Library) -> dict[str, Any]:
    """Whether the store can be read, and how much it holds (HEAD too, as uptime checkers ask)."""
    return {"status": "ok", "articles": nl.store.article_count(), "stories": nl.count()}


# -- following ------------------------------------------------------------------------------------

@router.post("/feeds", response_model=FeedOut, status_code=201, dependencies=[Writer],
             responses={**WRITE_ERRORS, 200: {"model": FeedOut, "description": "Followed already"},
                        400: {"model": Detail, "description": "The URL is refused, with the reason"}})
def follow_feed(nl: Library, feed: FeedIn, request: Request, response: Response) -> dict[str, Any]:
    """Follow an RSS/Atom feed (or a page) with the guards of `newsloom run`: http(s) only, no
    credentials, no loopback, private or other non-public address (every address of the host is checked,
    and redirects). A watcher (`newsloom serve --watch`) checks it every `every` seconds. Needs the token."""
    from newsloom.ingest.web import url_problem
    from newsloom.watch import Watcher

    _writable(nl)
    problem = url_problem(feed.url)
    if problem:
        raise HTTPException(400, problem)
    allow_private = getattr(request.app.state, "allow_private", False)
    with Watcher(nl, allow_private=allow_private, timeout=10.0) as watcher:
        (followed,) = watcher.follow([feed.url.strip()], every=feed.every)
    if followed.kind is None:
        raise HTTPException(400, followed.message)
    if not followed.new:
        response.status_code = 200
    return {"url": followed.url, "kind": followed.kind, "new": followed.new, "message": followed.message}


# -- the docs page --------------------------------------------------------------------------------

@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def docs(request: Request) -> HTMLResponse:
    """The endpoints, their parameters and answers, from the OpenAPI schema: plain HTML, no script."""
    return HTMLResponse(docs_html(request.app.openapi()))


def _type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_type(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_type(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    kind = schema.get("type", "any")
    return f"{kind} ({schema['format']})" if "format" in schema else str(kind)


def docs_html(spec: dict[str, Any]) -> str:
    """The API's endpoints as one HTML page (every text escaped), from an OpenAPI schema."""
    e = html.escape
    info = spec.get("info", {})
    # not language data: the page's HTML
    out = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{e(info.get('title', 'API'))} API</title>",
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">',
           '<link rel="stylesheet" href="/static/style.css"></head><body><main class="api-docs">',
           f"<h1>{e(info.get('title', 'API'))} API <small>{e(str(info.get('version', '')))}</small></h1>",
           f"<p>{e(info.get('description', ''))}</p>",
           '<p>The schema: <a href="/openapi.json">/openapi.json</a>. Writes need the header '
           "<code>Authorization: Bearer &lt;token&gt;</code>.</p>", "<nav><ul>"]
    operations = [(path, method, op) for path, ops in spec.get("paths", {}).items() for method, op in ops.items()]
    for path, method, op in operations:
        anchor = e(f"{method}-{path}", quote=True)
        out.append(f'<li><a href="#{anchor}"><code>{e(method.upper())} {e(path)}</code></a> '
                   f"{e(op.get('summary', ''))}</li>")
    out.append("</ul></nav>")
    for path, method, op in operations:
        out.append(f'<section id="{e(f"{method}-{path}", quote=True)}">'
                   f"<h2><code>{e(method.upper())} {e(path)}</code></h2>")
        if op.get("description"):
            out += [f"<p>{e(para)}</p>" for para in op["description"].split("\n\n")]
        params = op.get("parameters", [])
        if params:
            out.append("<h3>Parameters</h3><table><thead><tr><th>name</th><th>in</th><th>type</th><th>required</th>"
                       "<th>default</th><th>description</th></tr></thead><tbody>")
            for p in params:
                schema = p.get("schema", {})
                default = schema.get("default")
                out.append(f"<tr><td><code>{e(p['name'])}</code></td><td>{e(p.get('in', ''))}</td>"
                           f"<td>{e(_type(schema))}</td><td>{'yes' if p.get('required') else 'no'}</td>"
                           f"<td>{e('' if default is None else str(default))}</td>"
                           f"<td>{e(p.get('description') or schema.get('description') or '')}</td></tr>")
            out.append("</tbody></table>")
        body = op.get("requestBody")
        if body:
            kinds = body.get("content", {})
            out.append("<h3>Request body</h3><ul>")
            for media, content in kinds.items():
                out.append(f"<li><code>{e(media)}</code>: {e(_type(content.get('schema', {})))}</li>")
            out.append("</ul>")
        out.append("<h3>Responses</h3><ul>")
        for code, answer in op.get("responses", {}).items():
            schema = next(iter(answer.get("content", {}).values()), {}).get("schema")
            shape = f" ({e(_type(schema))})" if schema else ""
            out.append(f"<li><code>{e(str(code))}</code> {e(answer.get('description', ''))}{shape}</li>")
        out.append("</ul></section>")
    schemas = spec.get("components", {}).get("schemas", {})
    if schemas:
        out.append("<h2>Schemas</h2>")
        for name, schema in schemas.items():
            out.append(f'<section id="schema-{e(name, quote=True)}"><h3>{e(name)}</h3>')
            if schema.get("description"):
                out.append(f"<p>{e(schema['description'])}</p>")
            props = schema.get("properties", {})
            if props:
                required = set(schema.get("required", []))
                out.append("<table><thead><tr><th>field</th><th>type</th><th>required</th><th>description</th>"
                           "</tr></thead><tbody>")
                for field, prop in props.items():
                    out.append(f"<tr><td><code>{e(field)}</code></td><td>{e(_type(prop))}</td>"
                               f"<td>{'yes' if field in required else 'no'}</td>"
                               f"<td>{e(prop.get('description', ''))}</td></tr>")
                out.append("</tbody></table>")
            out.append("</section>")
    out.append("</main></body></html>")
    return "\n".join(out)
