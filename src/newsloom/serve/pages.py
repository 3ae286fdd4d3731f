"""The web pages, rendered on the server (Jinja2), usable without JavaScript.

    /                      the stories: newest, biggest or most contested; filters; paging
    /stories/{id}          one story: summary, timeline picture, sources, sources compared, entities ...
    /entities/{key}        an entity: its names across languages, the stories naming it over time
    /articles/{id}         one article: its text, dates, entities and quotes, a link to the original
    /search?q=             stories and articles found by `Newsloom.search`
    /conflicts             every conflict between sources
    /sources               per-outlet scores, and the health of the followed sources

Every page reads the store on each request, so new stories show without a restart. Templates are in
serve/templates (autoescape on: article text is always escaped), the stylesheet in serve/static; nothing
is loaded from another origin, and there is no inline script or style (the CSP of serve/app.py).
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, FastAPI, Query
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader

from newsloom.api import Newsloom
from newsloom.facts.lineage import source_name
from newsloom.render.fmt import (
    LABEL_NAMES,
    STATUS_TITLES,
    amount_value,
    article_note,
    event_basis,
    language_name,
    noun,
    plural,
    repeats,
    safe_url,
    short_id,
    span,
    text_lang,
    when,
)
from newsloom.serve.app import library
from newsloom.serve.timeline import timeline_svg
from newsloom.summarize import clean_title, title_of

HERE = Path(__file__).resolve().parent
PER_PAGE = 20
LINE_SHOWN = 12  # a story's page lists at most this many other stories of its storyline, those nearest in time
LINE_READ = 2000  # of at most this many read (a storyline of a long-followed topic in a large store)
SORTS = {"recent": "Newest", "size": "Biggest", "contested": "Most contested"}

router = APIRouter(include_in_schema=False)
Library = Annotated[Newsloom, Depends(library)]

env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True,
                  lstrip_blocks=True)


def mount_static(app: FastAPI) -> None:
    """Serve the pages' stylesheet and pictures from the package (nothing from the internet)."""
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")


# -- helpers the templates use ------------------------------------------------------------------



def entity_url(key: str) -> str:
    return "/entities/" + quote(key, safe="")


def number(n: int | float) -> str:
    return f"{n:,}"


env.globals.update(SORTS=SORTS, STATUS_TITLES=STATUS_TITLES, LABEL_NAMES=LABEL_NAMES, language_name=language_name,
                   plural=plural, noun=noun, text_lang=text_lang, entity_url=entity_url, article_note=article_note,
                   repeats=repeats)
env.filters.update(when=when, span=lambda a, b=None: span(a, b), amount=amount_value, safe_url=safe_url,
                   short_id=short_id, number=number)


def render(template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    """A page, saying when it was made (a page left open does not change when the store does)."""
    made = datetime.now().astimezone()
    return HTMLResponse(env.get_template(template).render(made=made, **ctx), status_code=status)


def not_found(what: str) -> HTMLResponse:
    return render("not_found.html", 404, title="Not found", what=what)


def _day(value: str | None) -> tuple[date | None, str | None]:
    """A YYYY-MM-DD field: (the date, None), (None, None) when empty, or (None, an error) when not a date."""
    if not value or not value.strip():
        return None, None
    try:
        return date.fromisoformat(value.strip()), None
    except ValueError:
        return None, f"“{value.strip()[:40]}” is not a date (YYYY-MM-DD): left out"


def _order(first: date | None, last: date | None) -> str | None:
    """A notice when a From date is after a To date (nothing can match), else None."""
    if first and last and first > last:
        return f"From {first.isoformat()} is after To {last.isoformat()}: no date is between them"
    return None


def _number(value: str | None, digits: int = 18) -> int | None:
    """A whole number written in ASCII digits (not "²", which `isdigit` accepts), at most `digits` long."""
    return int(value) if value and value.isascii() and value.isdigit() and len(value) <= digits else None


def _lang(value: str | None) -> str | None:
    """The page's language filter; none for what is no language code (a page is lenient)."""
    from newsloom.api import language_code

    try:
        return language_code((value or "").strip() or None)
    except ValueError:
        return None


def _languages(nl: Newsloom, chosen: str | None) -> list[str]:
    """The language filter's choices: the languages of the stored articles (and the one chosen, held or not),
    by name."""
    return sorted({*nl.languages(), *([chosen] if chosen else [])}, key=language_name)


def _page_links(base: str, params: dict[str, Any], page: int, pages: int) -> dict[str, str | None]:
    def link(n: int) -> str:
        kept = {k: v for k, v in params.items() if v not in (None, "")}
        if n > 1:
            kept["page"] = n
        return base + ("?" + urlencode(kept) if kept else "")

    return {"prev": link(page - 1) if page > 1 else None, "next": link(page + 1) if page < pages else None}


# -- pages --------------------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def home(nl: Library, sort: str = "recent", lang: str | None = None, source: str | None = None,
         since: Annotated[str | None, Query(alias="from")] = None, until: Annotated[str | None, Query(alias="to")] = None,
         storyline: str | None = None, page: str = "1") -> HTMLResponse:
    sort = sort if sort in SORTS else "recent"
    line = _number(storyline)
    chosen_lang = _lang(lang)
    source = (source or "").strip()[:200] or None
    first, err1 = _day(since)
    last, err2 = _day(until)
    filters = {"lang": chosen_lang, "source": source,
               "since": datetime.combine(first, time.min) if first else None,
               "until": datetime.combine(last, time.max) if last else None, "storyline": line}
    total = nl.count(**filters)
    pages = max(1, math.ceil(total / PER_PAGE))
    n = min(max(_number(page, 5) or 1, 1), pages)
    rows = nl.stories(**filters, sort=sort, limit=PER_PAGE, offset=(n - 1) * PER_PAGE)
    # not language data: the query parameters of the page
    params = {"sort": sort if sort != "recent" else None, "lang": chosen_lang, "source": source,
              "from": first.isoformat() if first else None, "to": last.isoformat() if last else None,
              "storyline": line}
    tabs = {key: "/?" + urlencode({k: v for k, v in {**params, "sort": key if key != "recent" else None}.items()
                                   if v}) for key in SORTS}
    known_sources = [s.source for s in nl.sources()][:300]
    return render("home.html", title="Stories", nav="stories", rows=rows, total=total, page=n, pages=pages,
                  sort=sort, tabs={k: v.rstrip("?") for k, v in tabs.items()}, params=params,
                  langs=_languages(nl, chosen_lang), known_sources=known_sources, errors=[x for x in (err1, err2, _order(first, last)) if x],
                  links=_page_links("/", params, n, pages), filtered=any(filters.values()))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(nl: Library, story_id: str) -> HTMLResponse:
    number = _number(story_id)
    d = nl.story(number) if number is not None else None
    if d is None:
        return not_found(f"There is no story {story_id[:40]}.")
    art_lang = {a.id: a.lang for a in d.articles}
    headline_lang = next((a.lang for a in d.articles if clean_title(a.title, a.source) == d.headline), None) \
        or text_lang(d.headline, d.languages)
    keys = [x.key for ents in d.entities.values() for x in ents]
    known = {x.key for x in nl.store.entities(keys)} if keys else set()
    articles_of: dict[str, int] = {}
    for a in d.articles:
        if not repeats(a):
            articles_of[a.source or short_id(a.id)] = articles_of.get(a.source or short_id(a.id), 0) + 1
    compared = d.compared
    groups = [(status, title, compared.of(status)) for status, title in STATUS_TITLES.items()
              if compared and compared.of(status)]
    counts = {status: len(found) for status, _, found in groups}
    # the other stories of its storyline nearest this one in time (their rows, not their digests), by date: a
    # story read later may be of an earlier day; the undated last
    rows = [] if d.storyline_id is None else nl.stories(storyline=d.storyline_id, sort="id", limit=LINE_READ)
    others = [r for r in rows if r.id != d.story_id]
    line_total = nl.count(storyline=d.storyline_id) if len(rows) >= LINE_READ else len(others) + 1
    first = next((r.first_seen for r in rows if r.id == d.story_id), None)  # past the rows read: its first article
    here = _utc(first) if first else min((_utc(a.published) for a in d.articles if a.published), default=datetime.min)
    nearest = sorted(others, key=lambda r: (r.first_seen is None, abs(_utc(r.first_seen) - here), r.id))
    line = sorted(nearest[:LINE_SHOWN], key=lambda r: (r.first_seen is None, _utc(r.first_seen), r.id))
    # no date at all (no article's, no event's): rows of marks at "no date" tell nothing; the page says so
    dated = bool(d.timeline) or any(a.published for a in d.articles if not a.revised_by)
    return render("story.html", title=d.headline or f"Story {d.story_id}", nav="stories", d=d,
                  headline_lang=headline_lang, art_lang=art_lang, known=known,
                  articles_of=articles_of, groups=groups, counts=counts,
                  basis=event_basis(compared) if compared else None, timeline=timeline_svg(d) if dated else "",
                  line=line, line_total=line_total)


@router.get("/entities/{key:path}", response_class=HTMLResponse)
def entity(nl: Library, key: str) -> HTMLResponse:
    found = nl.store.entities([key])
    if not found:
        return not_found("There is no such entity.")
    ent = found[0]
    total = nl.count(entity=key)
    rows = nl.stories(entity=key, sort="recent", limit=200)
    months: dict[str, list] = {}  # newest first, the undated last
    for r in sorted(rows, key=lambda r: (r.first_seen is not None, _utc(r.first_seen)), reverse=True):
        label = r.first_seen.strftime("%B %Y") if r.first_seen else "No date"
        months.setdefault(label, []).append(r)
    names = sorted(ent.aliases, key=lambda a: (-ent.counts.get(a, 0), a)) if ent else []
    label = ent.label if ent else key.split(":", 1)[0]
    name = ent.name if ent else key.split(":", 1)[-1]
    return render("entity.html", title=name, nav=None, ent=ent, name=name, label=label, names=names,
                  months=list(months.items()), total=total, shown=len(rows))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(nl: Library, article_id: str) -> HTMLResponse:
    a = nl.article(article_id) if len(article_id) <= 100 else None
    if a is None:
        return not_found("There is no such article.")
    # paragraphs as the text has them: blank lines, else lines
    paras = [p.strip() for p in re.split(r"\n\s*\n", a.text) if p.strip()]
    if len(paras) == 1:
        paras = [p.strip() for p in a.text.splitlines() if p.strip()] or paras
    keys = sorted({m.entity for m in a.mentions if m.entity} | {q.entity for q in a.quotes if q.entity})
    known = {x.key for x in nl.store.entities(keys)} if keys else set()
    names: dict[str, dict[str, str]] = {}  # label -> entity key (or the name as written) -> name
    for m in a.mentions:
        names.setdefault(m.label, {}).setdefault(m.entity or m.text, m.text)
    title = title_of(a.title, a.text)
    return render("article.html", title=title or "Article", nav=None, a=a, title_text=title, source=source_name(a),
                  paras=paras, names=names, known=known)


def _utc(d: datetime | None) -> datetime:
    if d is None:
        return datetime.min
    return d.astimezone().replace(tzinfo=None) if d.tzinfo else d


@router.get("/search", response_class=HTMLResponse)
def search(nl: Library, q: str = "", lang: str | None = None, source: str | None = None,
           since: Annotated[str | None, Query(alias="from")] = None,
           until: Annotated[str | None, Query(alias="to")] = None, page: str = "1") -> HTMLResponse:
    q = q.strip()[:500]
    n = max(_number(page, 5) or 1, 1)
    chosen_lang = _lang(lang)
    source = (source or "").strip()[:200] or None
    first, err1 = _day(since)
    last, err2 = _day(until)
    params = {"q": q, "lang": chosen_lang, "source": source, "from": first.isoformat() if first else None,
              "to": last.isoformat() if last else None}
    reversed_dates = _order(first, last)
    result = nl.search(q, lang=chosen_lang, source=source, since=first, until=last, limit=PER_PAGE,
                       offset=(n - 1) * PER_PAGE) if q and not reversed_dates else None
    pages = max(1, math.ceil(max(result.total_articles, result.total_stories) / PER_PAGE)) if result else 1
    return render("search.html", title=f"Search: {q}" if q else "Search", nav="search", q=q, params=params,
                  langs=_languages(nl, chosen_lang), result=result, errors=[x for x in (err1, err2, reversed_dates) if x], page=n,
                  pages=pages, links=_page_links("/search", params, n, pages))


@router.get("/storylines", response_class=HTMLResponse)
def storylines(nl: Library, page: str = "1") -> HTMLResponse:
    total = nl.store.count_storylines(2)
    pages = max(1, math.ceil(total / PER_PAGE))
    n = min(max(_number(page, 5) or 1, 1), pages)
    lines = nl.storylines(2, limit=PER_PAGE, offset=(n - 1) * PER_PAGE)
    return render("storylines.html", title="Storylines", nav="storylines", lines=lines, total=total, page=n,
                  pages=pages, links=_page_links("/storylines", {}, n, pages))


@router.get("/conflicts", response_class=HTMLResponse)
def conflicts(nl: Library, page: str = "1") -> HTMLResponse:
    total = nl.count(contested=True)  # stories whose sources disagree, or disagree with the record
    pages = max(1, math.ceil(total / PER_PAGE))
    n = min(max(_number(page, 5) or 1, 1), pages)
    items = []
    for row in nl.stories(contested=True, sort="recent", limit=PER_PAGE, offset=(n - 1) * PER_PAGE):
        d = nl.story(row.id)
        if d is not None and d.compared:
            items.append((d, [f for f in d.compared.findings if f.status in ("conflict", "record")]))
    return render("conflicts.html", title="Conflicts", nav="conflicts", items=items, total=total, page=n,
                  pages=pages, links=_page_links("/conflicts", {}, n, pages))


@router.get("/sources", response_class=HTMLResponse)
def sources(nl: Library) -> HTMLResponse:
    scores = nl.sources()
    followed = nl.store.sources()
    now = datetime.now().astimezone()
    health = []
    for s in followed:
        if s.last_check is None:
            state, words = "waiting", "not checked yet"
        elif s.errors:
            state, words = "failing", f"failing ({plural(s.errors, 'error')} in a row)"
        else:
            state, words = "ok", "ok"
        health.append((s, state, words))
    return render("sources.html", title="Sources", nav="sources", scores=scores, health=health, now=now)
