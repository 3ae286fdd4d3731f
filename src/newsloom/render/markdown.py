"""Digests as Markdown; article text is escaped so it cannot inject markup or HTML."""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsloom.digest import Digest
from newsloom.render.fmt import (
    LABEL_NAMES,
    STATUS_TITLES,
    amount_value,
    article_note,
    event_basis,
    plural,
    quoted,
    safe_url,
    short_id,
    sources_note,
    span,
    when,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!])")


def md(text: str | None) -> str:
    """One line of untrusted text, safe inside Markdown (specials backslash-escaped, newlines folded)."""
    return _SPECIAL.sub(r"\\\1", " ".join((text or "").split()))


def render_markdown(digests: Iterable[Digest], title: str = "newsloom digest") -> str:
    out = [f"# {md(title)}", ""]
    for d in digests:
        out += _story(d)
    return "\n".join(out).rstrip() + "\n"


def _story(d: Digest) -> list[str]:
    out = [f"## {md(d.headline) or f'Story {d.story_id}'}", ""]
    facts = [f"story {d.story_id}"]
    if d.storyline_id is not None:
        facts.append(f"storyline {d.storyline_id}")
    facts.append(plural(d.article_count, "article"))
    facts.append("languages: " + ", ".join(f"{md(k)} ({v})" for k, v in d.languages.items()))
    if d.first_published:
        facts.append(f"published {span(d.first_published, d.last_published)}")
    if d.first_event:
        facts.append(f"events {span(d.first_event, d.last_event)}")
    out += ["*" + " · ".join(facts) + "*", ""]
    if d.summary:
        out += ["### Summary", "", *[f"- {md(s)}" for s in d.summary], ""]
    out += ["### Sources", "", *[f"- {md(s)}" for s in d.sources]]
    out += [f"- {md(c.source)} *(copy of {md(c.copy_of_source) or short_id(c.copy_of)})*" for c in d.copies]
    out.append("")
    out += _compared(d)
    if d.entities:
        out += ["### Entities", ""]
        for label, ents in d.entities.items():
            names = ", ".join(
                f"{md(e.name)} ({e.mentions}"
                + (f"; also {', '.join(md(v) for v in e.variants if v != e.name)}" if len(e.variants) > 1 else "")
                + ")"
                for e in ents
            )
            out.append(f"- **{md(LABEL_NAMES.get(label, label))}:** {names}")
        out.append("")
    if d.quotes:
        out += ["### Quotes", ""]
        for q in d.quotes:
            who = md(q.speaker) if q.speaker else "unattributed"
            out.append(f"> “{md(q.text)}” — **{who}** ({md(q.source) or short_id(q.article)})")
            out.append(">")
        out[-1] = ""
    if d.amounts:
        out += ["### Amounts", "", "| as written | value | kind | source |", "|---|---|---|---|"]
        out += [
            f"| {md(a.text)} | {md(amount_value(a.value, a.unit))} | {md(a.kind)} | {md(a.source)} |"
            for a in d.amounts
        ]
        out.append("")
    if d.timeline:
        out += ["### Timeline", ""]
        out += [f"- **{span(t.day, t.end)}** ({md(t.text)}): {md(t.sentence)}" for t in d.timeline]
        out.append("")
    out += ["### Articles", ""]
    for a in d.articles:
        url = safe_url(a.url)
        name = f"[{md(a.title)}](<{_url(url)}>)" if url else md(a.title)
        note = article_note(d.articles, a)
        extra = f" — {md(note)}" if note else ""
        about = ", ".join(x for x in (md(a.source), md(a.lang), when(a.published)) if x)
        out.append(f"- {name} — {about}{extra}")
    out.append("")
    return out


def _compared(d: Digest) -> list[str]:
    c = d.compared
    if c is None or not c.findings:
        return []
    out = ["### Sources compared", "", f"*{md(event_basis(c))}*", ""]
    for status, title in STATUS_TITLES.items():
        found = c.of(status)
        if not found:
            continue
        out += [f"**{title}**", ""]
        for f in found:
            out.append(f"- **{md(f.detail)}** ({md(f.kind)})" + (f": {md(f.why)}" if f.why else ""))
            for p in f.positions:
                record = f" — record: {md(p.record)}" if p.record else ""
                out.append(f"  - {md(p.label)}: {sources_note(p.sources)}{record}")
                for ev in p.sentences:
                    copy = "" if ev.independent else ", from an earlier source"
                    out.append(f"    - {md(quoted(ev.sentence))} ({md(ev.source)}, {md(ev.lang)}{copy})")
        out.append("")
    return out


def _url(url: str) -> str:
    return url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
