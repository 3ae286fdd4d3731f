"""One self-contained HTML report: inline CSS and SVG, no scripts, every piece of article text escaped."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from html import escape
from importlib.resources import files

from newsloom.digest import Digest
from newsloom.render.fmt import (
    LABEL_NAMES,
    STATUS_TITLES,
    amount_value,
    article_note,
    event_basis,
    noun,
    plural,
    quoted,
    safe_url,
    short_id,
    sources_note,
    span,
    text_lang,
    when,
)

CSS = files("newsloom.render").joinpath("templates/report.css").read_text(encoding="utf-8")
# No script may run and nothing may load from elsewhere, even if escaping were ever missed.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def e(text: object) -> str:
    return escape("" if text is None else str(text), quote=True)


def lang(text: str | None, langs: object = None) -> str:
    """A `lang` attribute for text of these languages (the page is English; a Vietnamese headline says so)."""
    code = text_lang(text, langs)
    return f' lang="{e(code)}"' if code else ""


def render_html(digests: Iterable[Digest], title: str = "newsloom report") -> str:
    digests = list(digests)
    n_articles = sum(d.article_count for d in digests)
    toc = "".join(
        f'<li><a href="#story-{d.story_id}"{lang(d.headline, d.languages)}>{e(d.headline or f"Story {d.story_id}")}</a>'
        f'<span class="n">{plural(d.article_count, "article")}</span></li>'
        for d in digests
    )
    body = "".join(_story(d) for d in digests)
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{e(title)}</title><style>{CSS}</style></head><body>"
        f'<header class="top"><h1>{e(title)}</h1><p>{plural(len(digests), "story", "stories")} · {plural(n_articles, "article")}</p></header>'
        f'<main><nav class="toc"><b>Stories</b><ol>{toc}</ol></nav>{body}'
        "<footer>Made by newsloom</footer></main></body></html>\n"
    )


def _story(d: Digest) -> str:
    meta = [f"<span>story <b>{d.story_id}</b></span>"]
    if d.storyline_id is not None:
        meta.append(f"<span>storyline <b>{d.storyline_id}</b></span>")
    meta.append(f"<span><b>{d.article_count}</b> {noun(d.article_count, 'article')}</span>")
    meta.append("<span>" + " ".join(f'<span class="lang">{e(k)}</span>&nbsp;{v}' for k, v in d.languages.items())
                + "</span>")
    if d.first_published:
        meta.append(f"<span>published <b>{e(span(d.first_published, d.last_published))}</b></span>")
    if d.first_event:
        meta.append(f"<span>events <b>{e(span(d.first_event, d.last_event))}</b></span>")
    out = [f'<article class="story" id="story-{d.story_id}">',
           f"<h2{lang(d.headline, d.languages)}>{e(d.headline or f'Story {d.story_id}')}</h2>", f'<div class="meta">{"".join(meta)}</div>']
    of = {a.id: a.lang for a in d.articles}  # an article's language, for its quotes, amounts and dates
    svg = timeline_svg(d)
    if svg:
        out.append(svg)
    if d.summary:
        out.append("<h3>Summary</h3><ul class=\"summary\">" + "".join(f"<li{lang(s, d.languages)}>{e(s)}</li>" for s in d.summary) + "</ul>")
    chips = [f'<span class="chip">{e(s)}</span>' for s in d.sources]
    chips += [f'<span class="chip copy">{e(c.source or short_id(c.id))} '
              f'<small>copy of {e(c.copy_of_source or short_id(c.copy_of))}</small></span>' for c in d.copies]
    out.append(f"<h3>Sources</h3><div class=\"chips\">{''.join(chips)}</div>")
    out.append(_compared(d))
    if d.entities:
        rows = []
        for label, ents in d.entities.items():
            chips = "".join(
                f'<span class="chip" title="{e(", ".join(x.variants))}">{e(x.name)} <small>×{x.mentions}</small></span>'
                for x in ents
            )
            rows.append(f'<div class="lab">{e(LABEL_NAMES.get(label, label))}</div><div class="chips">{chips}</div>')
        out.append("<h3>Entities</h3>" + "".join(f'<div class="ents {e(lab)}">{r}</div>'
                                                 for lab, r in zip(d.entities, rows, strict=True)))
    if d.quotes:
        out.append("<h3>Quotes</h3>" + "".join(
            f"<blockquote{lang(q.text, [of.get(q.article)])}>“{e(q.text)}”<cite>— <b>{e(q.speaker or 'unattributed')}</b>"
            f" · {e(q.source or short_id(q.article))}</cite></blockquote>" for q in d.quotes))
    if d.amounts:
        rows = "".join(
            f'<tr><td{lang(a.text, [of.get(a.article)])}>{e(a.text)}</td><td class="num">{e(amount_value(a.value, a.unit))}</td><td>{e(a.kind)}</td>'
            f'<td class="src">{e(a.source)}</td></tr>' for a in d.amounts)
        out.append("<h3>Amounts</h3><table><tr><th>as written</th><th>value</th><th>kind</th><th>source</th></tr>"
                   f"{rows}</table>")
    if d.timeline:
        rows = "".join(
            f'<tr><td class="date">{e(span(t.day, t.end))}</td><td{lang(t.sentence, [of.get(t.article)])}>{e(t.sentence)} '
            f'<span class="src">· {e(t.source)}</span></td></tr>' for t in d.timeline)
        out.append(f"<h3>Timeline</h3><table>{rows}</table>")
    rows = []
    for a in d.articles:
        url = safe_url(a.url)
        name = f'<a href="{e(url)}" rel="noopener noreferrer"{lang(a.title, [a.lang])}>{e(a.title)}</a>' if url \
            else f"<span{lang(a.title, [a.lang])}>{e(a.title)}</span>"
        note = article_note(d.articles, a)
        copy = f' <span class="src">({e(note)})</span>' if note else ""
        rows.append(f'<tr><td class="num src">{e(when(a.published))}</td><td><span class="lang">{e(a.lang or "?")}'
                    f'</span></td><td>{name}{copy}</td><td class="src">{e(a.source)}</td></tr>')
    out.append(f"<h3>Articles</h3><table>{''.join(rows)}</table></article>")
    return "\n".join(out)


def _compared(d: Digest) -> str:
    c = d.compared
    if c is None or not c.findings:
        return ""
    out = [f'<h3>Sources compared</h3><div class="meta">{e(event_basis(c))}</div>']
    for status, title in STATUS_TITLES.items():
        found = c.of(status)
        if not found:
            continue
        out.append(f'<h4 class="{status}">{e(title)}</h4><ul class="findings">')
        for f in found:
            values = []
            for p in f.positions:
                record = (f' <span class="{"fits" if p.fits_record else "unfit"}">record: {e(p.record)}</span>'
                          if p.record else "")
                ev = "".join(f'<li>{e(quoted(x.sentence))} <span class="src">{e(x.source)}, {e(x.lang)}'
                             f'{"" if x.independent else ", from an earlier source"}</span></li>'
                             for x in p.sentences)
                values.append(f"<li><b>{e(p.label)}</b> <span class=\"src\">{e(sources_note(p.sources))}</span>"
                              f"{record}<ul>{ev}</ul></li>")
            why = f' <span class="why">{e(f.why)}</span>' if f.why else ""
            out.append(f'<li class="{status}"><b>{e(f.detail)}</b> <span class="src">{e(f.kind)}</span>{why}'
                       f"<ul>{''.join(values)}</ul></li>")
        out.append("</ul>")
    return "".join(out)


def timeline_svg(d: Digest, width: int = 900, height: int = 64) -> str:
    """A strip of days: event dates as dots above the axis, publication times as ticks below it."""
    events = [(t.day, t.end, t.text) for t in d.timeline]
    pubs = [(a.published.date(), a.source or "") for a in d.articles if a.published]
    days = [x[0] for x in events] + [x[1] for x in events if x[1]] + [p[0] for p in pubs]
    if not days:
        return ""
    lo, hi = min(days), max(days)
    pad = 40
    spread = max((hi - lo).days, 1)

    def x(day: date) -> float:
        if lo == hi:
            return width / 2
        return pad + (width - 2 * pad) * (day - lo).days / spread

    axis = height / 2
    parts = [f'<svg class="tl" viewBox="0 0 {width} {height}" role="img" aria-label="timeline">',
             f'<line x1="{pad}" y1="{axis}" x2="{width - pad}" y2="{axis}" stroke="#cfd5e1" stroke-width="2"/>']
    for start, end, text in events:
        if end and end != start:
            parts.append(f'<line x1="{x(start):.1f}" y1="{axis - 8}" x2="{x(end):.1f}" y2="{axis - 8}" '
                         'stroke="#2f5bd3" stroke-width="4" stroke-linecap="round"/>')
        parts.append(f'<circle cx="{x(start):.1f}" cy="{axis - 8}" r="5" fill="#2f5bd3">'
                     f"<title>{e(_day(start))}: {e(text)}</title></circle>")
    for day, source in pubs:
        parts.append(f'<rect x="{x(day) - 1.5:.1f}" y="{axis + 4}" width="3" height="10" fill="#f59e0b">'
                     f"<title>published {e(_day(day))} · {e(source)}</title></rect>")
    parts.append(f'<text x="{pad}" y="{height - 4}">{e(_day(lo))}</text>')
    if hi != lo:
        parts.append(f'<text x="{width - pad}" y="{height - 4}" text-anchor="end">{e(_day(hi))}</text>')
    parts.append(f'<text x="{width - pad}" y="12" text-anchor="end">● event dates  ▮ publication</text>')
    parts.append("</svg>")
    return "".join(parts)


def _day(d: date | datetime) -> str:
    return d.isoformat()[:10]
