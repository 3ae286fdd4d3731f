"""A story's timeline as an inline SVG, made on the server: one row per source with a mark per article at
its publication instant, on the clock of the first article with an offset (the language by colour and shape,
a copy hollow), the event dates the articles name
on a row of their own with a guide line down through the sources, an axis of dates, and a legend.

No script and no `style` attribute (the pages' CSP allows neither): colours are presentation attributes,
fonts come from the stylesheet. Every piece of text is escaped; `timeline_svg` returns `Markup`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from html import escape

from markupsafe import Markup

from newsloom.digest import Digest
from newsloom.render.fmt import language_name, plural, repeats, span, when

WIDTH = 960
LABEL_W = 210  # the sources' names
UNDATED_W = 64  # the column of articles without a date
ROW_H = 28
TOP = 30  # the legend
EVENTS_H = 40  # the event dates' row
AXIS_H = 34
RIGHT = 16
PHONE_W = 420  # about how much of the picture a phone shows at once, in the picture's units

# language -> (name, colour, shape); any other language: grey triangle
LANGS = {"vi": ("Vietnamese", "#c2410c", "circle"), "en": ("English", "#1d4ed8", "square")}
OTHER = ("other", "#475467", "triangle")
EVENT_COLOUR = "#7c3aed"
MONTHS = list(calendar.month_abbr)[1:]  # "Jan" ... "Dec": the axis is labelled in English, as the page is


def e(text: object) -> str:
    return escape("" if text is None else str(text), quote=True)


@dataclass
class _Mark:
    article: str
    title: str
    source: str
    lang: str | None
    at: datetime | None  # on the picture's clock
    published: datetime | date | None  # as the source gave it, for the tooltip
    copy: bool


def _wall(d: datetime | date, clock: tzinfo | None = None) -> datetime:
    """The time on the picture's clock, without the zone (one without an offset taken as UTC, as stories
    order them); a date's midnight, and a midnight's: a day a dateline gives ("TP.HCM, 21/10/2026 -") is that
    day on any clock, not 07:00 on Hanoi's."""
    if isinstance(d, datetime):
        if clock is not None and not _midnight(d):
            d = (d if d.utcoffset() is not None else d.replace(tzinfo=UTC)).astimezone(clock)
        return d.replace(tzinfo=None)
    return datetime.combine(d, time())


def _clock(d: Digest) -> tzinfo | None:
    """The zone the picture is drawn in: that of the first article drawn that has an offset."""
    aware = [a.published for a in d.articles if not a.revised_by and isinstance(a.published, datetime)
             and a.published.utcoffset() is not None and not _midnight(a.published)]
    return min(aware).tzinfo if aware else None


def _midnight(d: datetime) -> bool:
    """A midnight, as a day without its time is stored (`render.fmt.when` writes it as a date)."""
    return (d.hour, d.minute, d.second) == (0, 0, 0)


def _style(lang: str | None) -> tuple[str, str, str]:
    return LANGS.get(lang or "", (lang or "unknown", *OTHER[1:]))


def _shape(kind: str, x: float, y: float, colour: str, hollow: bool, r: float = 6.5) -> str:
    fill = "#ffffff" if hollow else colour
    paint = f'fill="{fill}" stroke="{colour}" stroke-width="{2.2 if hollow else 1.2}"'
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {paint}/>'
    if kind == "square":
        s = r * 1.75
        return f'<rect x="{x - s / 2:.1f}" y="{y - s / 2:.1f}" width="{s:.1f}" height="{s:.1f}" rx="1.5" {paint}/>'
    h = r * 1.15
    return (f'<polygon points="{x:.1f},{y - h - 1:.1f} {x + h + 1:.1f},{y + h:.1f} {x - h - 1:.1f},{y + h:.1f}" '
            f"{paint}/>")


def _ticks(lo: datetime, hi: datetime, room: float) -> list[tuple[datetime, str]]:
    """Dates on the axis, at a step chosen so that labels do not crowd (about one per 90 pixels)."""
    span = (hi - lo).total_seconds() / 86400
    most = max(2, int(room // 90))
    day_steps = [1, 2, 3, 7, 14]
    step_days = next((s for s in day_steps if span / s <= most), None)
    out: list[tuple[datetime, str]] = []
    if step_days is not None:
        t = datetime.combine(lo.date(), time())
        if t < lo:
            t += timedelta(days=1)
        if step_days == 7:  # weeks start on Monday
            t += timedelta(days=(7 - t.weekday()) % 7)
        while t <= hi:
            out.append((t, f"{t.day} {MONTHS[t.month - 1]}"))
            t += timedelta(days=step_days)
    else:
        steps = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 2400, 6000, 12000)
        months = next((m for m in steps if span / (30.4 * m) <= most), steps[-1])
        first = lo.year * 12 + lo.month - 1 + (datetime(lo.year, lo.month, 1) < lo)  # months since year 0
        for index in range(first + -first % months, hi.year * 12 + hi.month, months):  # every `months`th
            y2, m2 = divmod(index, 12)
            t = datetime(y2, m2 + 1, 1)
            if t > hi:
                break
            out.append((t, f"{MONTHS[m2]}" if months < 12 else str(y2)))
    # the year once, and wherever it changes
    seen_year = None
    labelled = []
    for t, text in out:
        if t.year != seen_year and not text.isdigit():
            text = f"{text} {t.year}"
        seen_year = t.year
        labelled.append((t, text))
    return labelled


def timeline_svg(d: Digest, width: int = WIDTH) -> Markup:
    """The story's timeline picture (empty when no article has a source); see the module's doc. It says
    data-scroll="end" when more of its articles stand within a phone's width of its right end than of its
    left: the page starts such a picture scrolled there."""
    clock = _clock(d)
    marks = [_Mark(a.id, a.title, a.source or a.id[:8], a.lang, _wall(a.published, clock) if a.published else None,
                   a.published, repeats(a)) for a in d.articles if not a.revised_by]  # a replaced version is only listed
    if not marks:
        return Markup("")
    rows: list[str] = []
    for m in sorted(marks, key=lambda m: (m.at is None, m.at or datetime.min)):
        if m.source not in rows:
            rows.append(m.source)
    events: dict[tuple[date, date | None], list[str]] = {}
    for t in d.timeline:
        events.setdefault((t.day, t.end if t.end and t.end != t.day else None), []).append(
            f"{t.text} ({t.source})" if t.source else t.text)

    times = [m.at for m in marks if m.at]
    for day, end in events:
        times.append(_wall(day))  # a day alone is drawn at its noon, a range to its last day's end
        times.append(_wall(end) + timedelta(hours=23, minutes=59) if end else _wall(day) + timedelta(hours=12))
    undated = any(m.at is None for m in marks)
    x0 = LABEL_W
    x1 = width - RIGHT - (UNDATED_W if undated else 0)
    if times:
        lo, hi = min(times), max(times)
        if (hi - lo) < timedelta(days=2):  # at least two days shown, centred on what there is
            mid = lo + (hi - lo) / 2
            lo, hi = mid - timedelta(days=1), mid + timedelta(days=1)
        pad = min((hi - lo) * 0.04, lo - datetime.min, datetime.max - hi)  # a date near year 1 or 9999
        lo, hi = lo - pad, hi + pad
    else:
        lo = hi = datetime.min

    def x(t: datetime) -> float:
        return x0 + (x1 - x0) * (t - lo).total_seconds() / max((hi - lo).total_seconds(), 1)

    has_events = bool(events)
    rows_top = TOP + (EVENTS_H if has_events else 6)
    height = rows_top + ROW_H * len(rows) + AXIS_H
    n_dated = sum(1 for m in marks if m.at)
    summary = (f"{plural(len(marks), 'article')} from {plural(len(rows), 'source')}"
               + (f", published {span(*_first_last(marks))}" if n_dated else "")
               + (f"; {plural(len(events), 'event date')}" if events else ""))
    out = ['<title id="tl-title">Timeline: articles by source over time, and the event dates they name</title>',
           f'<desc id="tl-desc">{e(summary)}</desc>']

    # legend
    lx = 8.0
    langs_here = list(dict.fromkeys(m.lang for m in marks))
    for lang in langs_here:
        name, colour, kind = _style(lang)
        out.append(_shape(kind, lx + 6, 14, colour, False, 5.5))
        label = f"{language_name(lang)} ({lang})" if lang else name  # "French (fr)", as "English (en)"
        out.append(f'<text class="legend" x="{lx + 16:.0f}" y="18">{e(label)}</text>')
        lx += 26 + 7.2 * len(label)
    if any(m.copy for m in marks):
        out.append(_shape("circle", lx + 6, 14, "#475467", True, 5.5))
        out.append(f'<text class="legend" x="{lx + 16:.0f}" y="18">copy of another article</text>')
        lx += 190
    if has_events:
        out.append(f'<path d="M{lx + 6:.1f} 8 l6 6 l-6 6 l-6 -6 z" fill="{EVENT_COLOUR}"/>')
        out.append(f'<text class="legend" x="{lx + 16:.0f}" y="18">event date named in the text</text>')

    # grid and axis
    bottom = rows_top + ROW_H * len(rows)
    if times:
        for t, text in _ticks(lo, hi, x1 - x0):
            out.append(f'<line x1="{x(t):.1f}" y1="{rows_top - 4}" x2="{x(t):.1f}" y2="{bottom}" '
                       'stroke="#eaecf0" stroke-width="1"/>')
            out.append(f'<text class="tick" x="{x(t):.1f}" y="{bottom + 18}" text-anchor="middle">{e(text)}</text>')
    out.append(f'<line x1="{x0}" y1="{bottom}" x2="{x1}" y2="{bottom}" stroke="#98a2b3" stroke-width="1"/>')
    for i, source in enumerate(rows):
        y = rows_top + ROW_H * i
        if i % 2 == 0:
            out.append(f'<rect x="0" y="{y}" width="{width}" height="{ROW_H}" fill="#f8f9fb"/>')
        short = source if len(source) <= 24 else source[:22] + "…"
        out.append(f'<text class="source" x="{LABEL_W - 12}" y="{y + ROW_H / 2 + 4:.1f}" text-anchor="end">'
                   f"<title>{e(source)}</title>{e(short)}</text>")
    if undated:
        ux = width - RIGHT - UNDATED_W / 2
        out.append(f'<line x1="{x1 + 6}" y1="{rows_top - 4}" x2="{x1 + 6}" y2="{bottom}" stroke="#d0d5dd" '
                   'stroke-dasharray="3 3"/>')
        out.append(f'<text class="tick" x="{ux:.1f}" y="{bottom + 18}" text-anchor="middle">no date</text>')

    # event dates: a row of their own, a guide line down through the sources
    if has_events:
        ey = TOP + EVENTS_H / 2 + 2
        out.append(f'<text class="source" x="{LABEL_W - 12}" y="{ey + 4:.1f}" text-anchor="end">Event dates</text>')
        last_label = -1e9
        # a day alone (end None) first, then ranges from that day by their end
        for (day, end), texts in sorted(events.items(), key=lambda kv: (kv[0][0], kv[0][1] is not None, kv[0][1] or kv[0][0])):
            ex = x(_wall(day) + (timedelta(0) if end else timedelta(hours=12)))  # a day's middle
            tip = f"{day.isoformat()}{' → ' + end.isoformat() if end else ''}: " + "; ".join(texts)
            out.append(f'<g class="event"><title>{e(tip)}</title>')
            if end:
                ex2 = x(_wall(end) + timedelta(hours=23, minutes=59))
                out.append(f'<rect x="{ex:.1f}" y="{ey - 4:.1f}" width="{max(ex2 - ex, 3):.1f}" height="8" rx="4" '
                           f'fill="{EVENT_COLOUR}" fill-opacity="0.35"/>')
            out.append(f'<line x1="{ex:.1f}" y1="{ey + 7:.1f}" x2="{ex:.1f}" y2="{bottom}" stroke="{EVENT_COLOUR}" '
                       'stroke-opacity="0.45" stroke-dasharray="2 3"/>')
            out.append(f'<path d="M{ex:.1f} {ey - 7:.1f} l7 7 l-7 7 l-7 -7 z" fill="{EVENT_COLOUR}"/>')
            if ex - last_label >= 64:
                label = f"{day.day} {MONTHS[day.month - 1]}" if not end else (
                    f"{MONTHS[day.month - 1]} {day.year}" if day.day == 1 and end.month == day.month
                    and (end + timedelta(days=1)).day == 1 else f"{day.day}/{day.month}–{end.day}/{end.month}")
                lx = min(max(ex, x0 + 24), width - RIGHT - 24)  # the label inside the picture
                out.append(f'<text class="elabel" x="{lx:.1f}" y="{ey - 10:.1f}" text-anchor="middle">{e(label)}</text>')
                last_label = ex
            out.append("</g>")

    # the articles
    stack: dict[tuple[int, int], int] = {}
    at_x: list[float] = []
    for m in marks:
        i = rows.index(m.source)
        y = rows_top + ROW_H * i + ROW_H / 2
        mx = x(m.at) if m.at else width - RIGHT - UNDATED_W / 2
        n = stack.get((i, round(mx / 6)), 0)  # articles at the same spot: side by side
        stack[(i, round(mx / 6))] = n + 1
        mx += 9 * n * (-1 if m.at and mx > x1 - 20 else 1)
        at_x.append(mx)
        name, colour, kind = _style(m.lang)
        tip = (f"{m.title} — {m.source}, {name}, " + (f"published {when(m.published)}" if m.at else "no date")
               + (" (copy)" if m.copy else ""))
        out.append(f'<a href="#a-{e(m.article)}" class="mark" data-article="{e(m.article)}" '
                   f'data-lang="{e(m.lang or "")}"><title>{e(tip)}</title>'
                   f"{_shape(kind, mx, y, colour, m.copy)}</a>")
    out.append("</svg>")
    late = sum(mx > width - PHONE_W for mx in at_x) > sum(mx < PHONE_W for mx in at_x)
    scroll = ' data-scroll="end"' if late else ""
    head = (f'<svg class="timeline"{scroll} viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            'role="img" aria-labelledby="tl-title tl-desc" xmlns="http://www.w3.org/2000/svg">')
    return Markup(head + "".join(out))


def _first_last(marks: list[_Mark]) -> tuple[datetime | date, datetime | date]:
    """The first and last publication times as the sources gave them (ordered by the picture's clock)."""
    dated = sorted((m for m in marks if m.at), key=lambda m: m.at)
    return dated[0].published, dated[-1].published
