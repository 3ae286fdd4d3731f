"""Digests in the terminal with rich: one panel per story, readable at 100 columns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from newsloom.digest import Digest
from newsloom.facts.scores import SourceScore
from newsloom.model import Story
from newsloom.render.fmt import (
    LABEL_NAMES,
    STATUS_TITLES,
    amount_value,
    article_note,
    event_basis,
    plural,
    quoted,
    short_id,
    sources_note,
    span,
    when,
)

MAX_ENTITIES = 8  # per label, in the panel


def render_terminal(digests: Iterable[Digest], console: Console) -> None:
    for d in digests:
        console.print(_panel(d))


def render_story_table(stories: Sequence[Story | Digest], console: Console) -> None:
    """One line per story: id, headline, size, dates, storyline."""
    table = Table(show_lines=False, header_style="bold", expand=True)
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("headline", ratio=1)
    table.add_column("arts", justify="right", no_wrap=True)
    table.add_column("first → last", no_wrap=True)
    table.add_column("line", justify="right", no_wrap=True)
    for s in stories:
        if isinstance(s, Digest):
            n, first, last, head = len(s.articles), s.first_published, s.last_published, s.headline
        else:
            n = getattr(s, "article_count", 0) or len(s.article_ids)  # a stored row knows its size
            first, last, head = s.first_seen, s.last_seen, s.headline
        line = "" if s.storyline_id is None else str(s.storyline_id)
        story_id = s.story_id if isinstance(s, Digest) else s.id
        table.add_row(str(story_id), Text(head or "—"), str(n), span(first, last), line)
    console.print(table)


def _panel(d: Digest) -> Panel:
    parts: list = []
    meta = [f"story {d.story_id}"]
    if d.storyline_id is not None:
        meta.append(f"storyline {d.storyline_id}")
    meta.append(plural(d.article_count, "article"))
    meta.append(" ".join(f"{k}:{v}" for k, v in d.languages.items()))
    if d.first_published:
        meta.append(f"published {span(d.first_published, d.last_published)}")
    if d.first_event:
        meta.append(f"events {span(d.first_event, d.last_event)}")
    parts.append(Text(" · ".join(meta), style="dim"))
    if d.summary:
        parts.append(_section("Summary"))
        parts += [Text.assemble(("• ", "cyan"), s) for s in d.summary]
    parts.append(_section("Sources"))
    sources = Text(", ".join(d.sources))
    for c in d.copies:
        sources.append(f"\n{c.source or short_id(c.id)}", style="dim")
        sources.append(f" copies {c.copy_of_source or short_id(c.copy_of)}", style="dim italic")
    parts.append(sources)
    parts += compared_parts(d)
    if d.entities:
        parts.append(_section("Entities"))
        for label, ents in d.entities.items():
            line = Text(f"{LABEL_NAMES.get(label, label)}: ", style="bold")
            for i, e in enumerate(ents[:MAX_ENTITIES]):
                line.append(", " if i else "")
                line.append(e.name)
                line.append(f" ×{e.mentions}", style="dim")
            if len(ents) > MAX_ENTITIES:
                line.append(f" +{len(ents) - MAX_ENTITIES} more", style="dim")
            parts.append(line)
    if d.quotes:
        parts.append(_section("Quotes"))
        for q in d.quotes:
            parts.append(Text.assemble(("“", "green"), q.text, ("” — ", "green"),
                                       (q.speaker or "unattributed", "bold"), (f" ({q.source or ''})", "dim")))
    if d.amounts:
        parts.append(_section("Amounts"))
        table = Table(box=None, show_header=False, padding=(0, 1))
        for a in d.amounts:
            table.add_row(Text(a.text), Text(amount_value(a.value, a.unit), style="cyan"), Text(a.kind, style="dim"),
                          Text(a.source or "", style="dim"))
        parts.append(table)
    if d.timeline:
        parts.append(_section("Timeline"))
        table = Table(box=None, show_header=False, padding=(0, 1))
        table.add_column(no_wrap=True, style="yellow")
        table.add_column(ratio=1)
        for t in d.timeline:
            table.add_row(span(t.day, t.end), Text(t.sentence))
        parts.append(table)
    parts.append(_section("Articles"))
    table = Table(box=None, show_header=False, padding=(0, 1))
    table.add_column(no_wrap=True, style="dim")
    table.add_column(ratio=1)
    for a in d.articles:
        title = Text(a.title)
        if note := article_note(d.articles, a):
            title.append(f"  ({note})", style="dim italic")
        table.add_row(Text(f"{when(a.published) or '—':16} {a.lang or '?':2} {a.source or ''}"), title)
    parts.append(table)
    return Panel(Group(*parts), title=Text(d.headline or f"Story {d.story_id}", style="bold"),
                 title_align="left", border_style="blue", padding=(0, 1))


STATUS_STYLES = {"conflict": "bold red", "record": "bold red", "agreed": "green", "single": "yellow",
                 "unclear": "dim"}


def compared_parts(d: Digest, evidence: bool = True) -> list:
    """The "Sources compared" part: conflicts first, each value with its sources and evidence."""
    c = d.compared
    if c is None or not c.findings:
        return []
    parts: list = [_section("Sources compared"), Text(event_basis(c), style="dim")]
    for status, title in STATUS_TITLES.items():
        found = c.of(status)
        if not found:
            continue
        parts.append(Text(title, style=STATUS_STYLES[status]))
        for f in found:
            parts.append(Text.assemble(("  ▸ ", STATUS_STYLES[status]), (f.detail, "bold"), (f"  {f.kind}", "dim"),
                                       (f": {f.why}" if f.why else "", "dim italic")))
            for p in f.positions:
                line = Text.assemble("    ", (p.label, "cyan"), (f"  {sources_note(p.sources)}", "dim"))
                if p.record:
                    line.append(f"  record: {p.record}", style="green" if p.fits_record else "red")
                parts.append(line)
                if evidence:
                    for ev in p.sentences:
                        copy = "" if ev.independent else ", from an earlier source"
                        parts.append(Text.assemble("      ", quoted(ev.sentence), (f" ({ev.source}, {ev.lang}{copy})",
                                                                                   "dim")))
    return parts


def _section(name: str) -> Text:
    return Text(f"\n{name}", style="bold magenta")


def print_followed_sources(states: Sequence, console: Console) -> None:
    """The sources `newsloom watch` follows (store SourceStates) and their health, local times."""
    table = Table(title="Followed sources")
    # not language data: the columns of the table
    for col in ("source", "kind", "last success", "last error", "errors in a row", "next check", "articles"):
        table.add_column(col, justify="right" if col in ("errors in a row", "articles") else "left",
                         overflow="fold")

    def local(d) -> str:
        return d.astimezone().strftime("%Y-%m-%d %H:%M:%S") if d is not None else "never"

    for s in states:
        table.add_row(s.url, s.kind if not s.outlet else f"{s.kind}, outlet {s.outlet}", local(s.last_success), s.last_error or "", str(s.errors),
                      local(s.next_check) if s.next_check else "now", str(s.stored),
                      style="red" if s.errors else None)
    console.print(table)


def print_source_scores(scores: Sequence[SourceScore], console: Console) -> None:
    table = Table(title="Sources: what happens to their claims when compared with other independent sources",
                  caption="A claim other sources both confirm and contradict counts in both columns: the shares "
                          "can add up to more than 100%.")
    # not language data: the columns of the table
    for col in ("source", "claims", "corroborated", "single source", "contradicted", "against the record"):
        table.add_column(col, justify="left" if col == "source" else "right")
    for s in scores:
        table.add_row(s.source, str(s.claims), s.share(s.corroborated), s.share(s.single), s.share(s.contradicted),
                      s.share(s.against_record))
    console.print(table)


def print_search_results(result, console: Console) -> None:
    """`newsloom search` (a search.SearchResult): the stories of the articles found, then the articles, each
    with its source, a snippet and what found it (its words: "text", an entity the query names: "name", its
    meaning: "semantic", a word hit it tells in another language: "related")."""
    if result.stories:
        table = Table(title=f"Stories ({result.total_stories})", header_style="bold", expand=True)
        table.add_column("id", justify="right", no_wrap=True)
        table.add_column("headline", ratio=1)
        table.add_column("found", justify="right", no_wrap=True)
        table.add_column("first → last", no_wrap=True)
        table.add_column("score", justify="right", no_wrap=True)
        for s in result.stories:
            table.add_row(str(s.id), Text(s.headline or "—"), f"{len(s.hits)} of {s.article_count}",
                          span(s.first_seen, s.last_seen), f"{s.score:.4f}")
        console.print(table)
    table = Table(title=f"Articles ({result.total_articles})", header_style="bold", expand=True)
    table.add_column("story", justify="right", no_wrap=True)
    table.add_column("article", ratio=1)
    table.add_column("lang", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("found by", no_wrap=True)
    for h in result.articles:
        article = Text(h.title, style="bold")
        if h.source or h.url:
            article.append(f"\n{h.source or h.url}", style="cyan")
        if h.snippet:
            article.append(f"\n{h.snippet}", style="dim")
        table.add_row("" if h.story_id is None else str(h.story_id), article, h.lang or "", when(h.published),
                      ", ".join(h.matched))
    console.print(table)
