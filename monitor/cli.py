"""The ``monitor`` command line (Typer): thin commands over the pipeline's stages."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from monitor import digest as digest_module
from monitor.app import App
from monitor.config import load_settings
from monitor.errors import MonitorError
from monitor.logs import configure
from monitor.sources import load_sources
from monitor.types import Match, MatchInput, SourceOutcome, SourceStatus, StoredItem

app = typer.Typer(
    help="Horizon Monitor: developments in science, technology and international security, "
    "mapped to the sections of the UN Secretary-General's report.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)

EXIT_PARTIAL_FAILURE = 3
HEARTBEAT_SECONDS = 15.0
OVERDUE_GRACE = timedelta(minutes=10)

SinceOption = Annotated[
    str | None, typer.Option("--since", help="First day (YYYY-MM-DD), inclusive.")
]
UntilOption = Annotated[
    str | None, typer.Option("--until", help="Last day (YYYY-MM-DD), inclusive.")
]


@contextmanager
def _app(**overrides: Any) -> Iterator[App]:
    """Settings → App; a ``MonitorError`` becomes a one-line message and exit status 1."""
    try:
        settings = load_settings(**overrides)
        configure(settings.log_level)
        yield App(settings)
    except MonitorError as exc:
        console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None


@app.command()
def init() -> None:
    """Create or upgrade the database schema (Alembic upgrade head); safe to run twice."""
    with _app() as application:
        application.init_database()
        console.print(f"database ready: {application.settings.database_url}")


@app.command()
def fetch(
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Only this source id (repeatable).")
    ] = None,
) -> None:
    """Fetch every source once (or the named ones), store new items and match them.

    Exit status: 0 when every source succeeded, 3 when at least one failed (the others are
    stored all the same), 1 on a configuration error.
    """
    with _app() as application:
        sources = application.sources()
        outcomes = _with_progress(
            len(source or sources), lambda tick: application.fetch(sources, source, tick)
        )
    _print_outcomes(outcomes)
    if any(outcome.error for outcome in outcomes):
        raise typer.Exit(EXIT_PARTIAL_FAILURE)


@app.command()
def match() -> None:
    """Read JSON lines {id, title, summary, language?} on stdin; write one JSON line each.

    Pure: no database, no network. A line that is not valid input gets {"id", "error"} and
    the exit status is 1.
    """
    failed = False
    with _app() as application:
        matcher = application.matcher
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                item = MatchInput(
                    title=str(record.get("title") or ""),
                    summary=str(record.get("summary") or ""),
                    language=record.get("language"),
                )
            except (json.JSONDecodeError, AttributeError) as exc:
                failed = True
                print(json.dumps({"id": None, "error": f"line {number}: {exc}"}), flush=True)  # noqa: T201
                continue
            sections = [_match_json(m) for m in matcher.match(item)]
            print(json.dumps({"id": record.get("id"), "sections": sections}, ensure_ascii=False))  # noqa: T201
    if failed:
        raise typer.Exit(1)


watchlists_app = typer.Typer(help="Check the watchlists, or start a new report cycle's set.")
app.add_typer(watchlists_app, name="watchlists")


@watchlists_app.command("check")
def watchlists_check() -> None:
    """Validate every watchlist; list terms in two sections, empty languages, bad symbols.

    Exit status 1 when a file does not validate or a symbol does not parse.
    """
    from monitor.watchlist_check import check

    with _app() as application:
        loaded = application.watchlists
    findings = check(loaded)
    table = Table("kind", "where", "finding", title="Watchlist findings")
    for finding in findings:
        table.add_row(finding.kind, escape(finding.where), escape(finding.message))
    if findings:
        out.print(table)
    terms = sum(
        len(words)
        for w in loaded.watchlists
        for t in w.topics
        for words in (*t.strong.values(), *t.broad.values())
    )
    out.print(
        f"{len(loaded.watchlists)} watchlists, "
        f"{sum(len(w.topics) for w in loaded.watchlists)} topics, "
        f"{sum(len(w.processes) for w in loaded.watchlists)} processes, {terms} terms; "
        f"{len(findings)} findings"
    )
    if any(f.kind == "bad-symbol" for f in findings):
        raise typer.Exit(1)


@watchlists_app.command("init")
def watchlists_init(
    from_outline: Annotated[
        Path, typer.Option("--from-outline", help="The new report's outline.yaml.")
    ],
    directory: Annotated[
        Path | None, typer.Option("--dir", help="Target directory (default: MONITOR_WATCHLISTS).")
    ] = None,
) -> None:
    """Write a skeleton watchlist per section and subsection of an outline; never overwrite."""
    from monitor.outline import write_skeletons

    with _app() as application:
        target = directory or application.settings.watchlists
        written, kept = write_skeletons(from_outline, target)
    for path in written:
        out.print(f"written {path}")
    for path in kept:
        out.print(f"kept    {path} (exists; not overwritten)")


sources_app = typer.Typer(help="The source catalogue: list it, import or export OPML.")
app.add_typer(sources_app, name="sources")


@sources_app.command("list")
def sources_list(
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
) -> None:
    """Configured and watchlist-generated sources, with their next check."""
    with _app() as application:
        sources = application.sources()
        configured = {s.id for s in load_sources(application.settings.sources, "{base}")}
        try:
            status = {row.id: row for row in application.repository().source_status()}
        except MonitorError:
            status = {}
    rows = [
        {
            "id": source.id,
            "origin": "configured" if source.id in configured else "generated",
            "kind": source.kind,
            "every": _duration(source.every),
            "next_check_at": _iso(status[source.id].next_check_at) if source.id in status else None,
            "url": source.url,
        }
        for source in sources
    ]
    if as_json:
        print(json.dumps(rows, indent=2))  # noqa: T201
        return
    table = Table("source", "origin", "kind", "every", "next check", "url")
    for row in rows:
        table.add_row(row["id"], row["origin"], row["kind"], row["every"],
                      row["next_check_at"] or "not yet", row["url"])  # fmt: skip
    out.print(table)
    generated = sum(1 for row in rows if row["origin"] == "generated")
    out.print(f"{len(rows)} sources: {len(rows) - generated} configured, {generated} generated")


@sources_app.command("import")
def sources_import(
    file: Annotated[Path, typer.Argument(help="An OPML file of feeds.")],
    every: Annotated[str, typer.Option(help="Polling interval for the new feeds.")] = "6h",
) -> None:
    """Add an OPML file's feeds to the catalogue (MONITOR_SOURCES); known URLs are skipped."""
    from monitor import opml
    from monitor.sources import append_sources

    with _app() as application:
        path = application.settings.sources
        try:
            feeds = opml.read(file.read_bytes())
        except OSError as exc:
            raise MonitorError(f"{file}: cannot read: {exc}") from None
        known = load_sources(path, "{base}")
        urls = {source.url for source in known}
        taken = {source.id for source in known}
        entries = []
        for title, url, language in feeds:
            if url in urls:
                continue
            urls.add(url)
            entry = {"id": opml.source_id(title, taken), "title": title, "url": url,
                     "every": every}  # fmt: skip
            if language and language[:2] in ("en", "fr", "es", "ru", "zh", "ar"):
                entry["language"] = language[:2]
            entries.append(entry)
        if entries:
            append_sources(path, entries)
    out.print(f"{len(entries)} feeds added to {path}; {len(feeds) - len(entries)} already there")


@sources_app.command("export")
def sources_export(
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write to FILE, not stdout.")
    ] = None,
) -> None:
    """The catalogue (configured and generated sources) as OPML."""
    from monitor import opml

    with _app() as application:
        document = opml.write(application.sources())
    if out_file is None:
        sys.stdout.write(document)
    else:
        out_file.write_text(document, encoding="utf-8")
        out.print(f"written {out_file}")


@app.command(name="eval")
def evaluate(
    path: Annotated[Path, typer.Argument(help="Labelled JSON-lines file or directory.")] = Path(
        "tests/data/labelled"
    ),
    split: Annotated[str, typer.Option(help="Which part of the set: tune, check or all.")] = "all",
    worst: Annotated[int, typer.Option(help="How many of the worst misses to list.")] = 15,
    from_reviews: Annotated[
        Path | None,
        typer.Option(
            "--from-reviews",
            help="Instead: write the reviewed items as labelled "
            "JSON lines to this file, to grow the evaluation set.",
        ),
    ] = None,
) -> None:
    """Precision, recall and F1 per section on a labelled set, micro-F1, worst misses."""
    from monitor import evaluation

    with _app() as application:
        if from_reviews is not None:
            from monitor.review import labelled_lines

            lines = labelled_lines(application.repository().items(), application.reviews.all())
            from_reviews.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
            out.print(f"{len(lines)} reviewed items written to {from_reviews}")
            return
        labelled = [
            item for item in evaluation.load_labelled(path) if split == "all" or item.split == split
        ]
        matcher = application.matcher
        section_ids = [section_id for section_id, _, _ in application.watchlists.sections()]
        report = evaluation.evaluate(
            labelled,
            lambda item: (
                m.section
                for m in matcher.match(MatchInput(item.title, item.summary, item.language))
            ),
            section_ids,
        )
    _print_evaluation(report, split, len(labelled), worst)


@app.command()
def items(
    since: SinceOption = None,
    section: Annotated[str | None, typer.Option(help="Only items matched to this section.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """Stored items, newest first."""
    with _app() as application:
        start = _day_start(_parse_day(since, "--since")) if since else None
        rows = application.repository().items(since=start, section=section)
    if as_json:
        for row in rows:
            print(json.dumps(_item_json(row), ensure_ascii=False))  # noqa: T201
        return
    table = Table("date", "source", "sections", "title")
    for row in rows:
        table.add_row(
            row.date.strftime("%Y-%m-%d"),
            row.source_id,
            " ".join(m.section for m in row.matches),
            escape(row.title),
        )
    out.print(table)


@app.command()
def status(
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of tables.")] = False,
) -> None:
    """The service's heartbeat and jobs, the last digests, and per source: last fetch, HTTP
    status, last error, item count, next check (overdue sources flagged)."""
    with _app() as application:
        rows = application.repository().source_status()
        jobs = application.store.jobs()
        digests = application.store.recent_digests()
    now = datetime.now(UTC)
    if as_json:
        print(json.dumps({  # noqa: T201
            "sources": [_status_json(row, now) for row in rows],
            "jobs": [_job_json(job) for job in jobs],
            "digests": [_digest_json(d) for d in digests],
        }, indent=2))  # fmt: skip
        return
    table = Table("source", "health", "last fetch", "HTTP", "items", "next check", "last error",
                  title="Sources")  # fmt: skip
    for row in rows:
        overdue = _overdue(row, now)
        table.add_row(
            row.id,
            _health(row, now),
            _when(row.last_fetch_at),
            str(row.last_status or ""),
            str(row.item_count),
            f"[yellow]{_when(row.next_check_at)} (overdue)[/]"
            if overdue
            else _when(row.next_check_at),
            f"[red]{escape(row.last_error or '')}[/]" if row.consecutive_failures else "",
        )
    out.print(table)
    service = Table("job", "owner", "last run", "next run", "result", title="Service")
    for job in jobs:
        service.add_row(job.name, job.owner or "", _when(job.last_run_at), _when(job.next_run_at),
                        escape(job.last_result or ""))  # fmt: skip
    out.print(service if jobs else "Service: never run (start it with `monitor serve`).")
    if digests:
        recent = Table("period", "state", "files", "error", title="Last digests")
        for d in digests:
            recent.add_row(
                f"{d.first_day} to {d.last_day}", d.state, d.html_path or "", escape(d.error or "")
            )
        out.print(recent)


@app.command()
def digest(
    since: SinceOption = None,
    until: UntilOption = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Output directory.")] = None,
    send: Annotated[
        bool,
        typer.Option(
            "--send",
            help="Deliver the period's digest (default period: the last completed one of the "
            "schedule) once per recipient, by SMTP or, without SMTP settings, as .eml files.",
        ),
    ] = False,
) -> None:
    """Render the digest of a period (default: the last 7 days) to DIR/digest-<until>.html/.txt."""
    with _app() as application:
        if send:
            _send_digest(application, since, until)
            return
        last = _parse_day(until, "--until") if until else datetime.now(UTC).date()
        first = _parse_day(since, "--since") if since else last - timedelta(days=6)
        built = digest_module.build(application.repository(), application.watchlists, first, last)
        target = out_dir or application.settings.out_dir
        html, text = digest_module.write(built, application.settings.templates, target)
    _print_counts(built.counts())
    out.print(f"digest written: {html}\n                {text}")


def _send_digest(application: App, since: str | None, until: str | None) -> None:
    from monitor.service import Service

    service = Service(application)
    first, last = service.current_period()
    if until:
        last = _parse_day(until, "--until")
        first = _parse_day(since, "--since") if since else last - timedelta(days=6)
    run = service.producer().produce(first, last)
    out.print(f"digest {first} to {last}: {run.period.state}")
    for path in run.eml_files:
        out.print(f"  no SMTP settings (MONITOR_SMTP_HOST): written {path}")
    for recipient in run.sent:
        out.print(f"  sent to {recipient}")
    for recipient, reason in {**run.failed, **run.pending}.items():
        out.print(f"  [red]not delivered to {escape(recipient)}: {escape(str(reason))}[/]")
    if run.period.state in ("sent",) and not (run.sent or run.eml_files):
        out.print("  already delivered earlier; nothing sent again")
    if run.failed or run.pending:
        raise typer.Exit(EXIT_PARTIAL_FAILURE)


@app.command()
def notes(
    cycle_start: Annotated[
        str | None,
        typer.Option("--cycle-start", help="First day (default: the last report's date)."),
    ] = None,
    until: UntilOption = None,
    fmt: Annotated[str, typer.Option("--format", help="md, html or docx.")] = "md",
    out_file: Annotated[Path | None, typer.Option("--out", help="Output file.")] = None,
) -> None:
    """Draft update notes for the next report, per section and paragraph, with footnotes."""
    from monitor import notes as notes_module

    if fmt not in ("md", "html", "docx"):
        console.print(f"[bold red]error:[/] --format: {fmt!r} is not md, html or docx")
        raise typer.Exit(1)
    with _app() as application:
        settings = application.settings
        first = _parse_day(cycle_start, "--cycle-start") if cycle_start else settings.cycle_start
        last = _parse_day(until, "--until") if until else datetime.now(UTC).date()
        built = notes_module.build(application.repository(), application.watchlists,
                                   application.reviews.all(), first, last,
                                   settings.report_language)  # fmt: skip
        target = out_file or settings.out_dir / f"notes-{last}.{fmt}"
        target.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "docx":
            notes_module.write_docx(built, target)
        else:
            target.write_text(notes_module.render(built, settings.templates, fmt), encoding="utf-8")
    out.print(f"notes written: {target} ({built.paragraphs_covered} paragraphs, "
              f"{built.processes_covered} processes, {built.footnote_count} notes)")  # fmt: skip


@app.command()
def review(
    section: Annotated[str | None, typer.Option(help="Only this section.")] = None,
    since: SinceOption = None,
    reviewer: Annotated[
        str | None, typer.Option(help="Your name (default: MONITOR_REVIEWER).")
    ] = None,
    export: Annotated[
        Path | None, typer.Option("--export", help="Write all matches to CSV.")
    ] = None,
    import_file: Annotated[
        Path | None, typer.Option("--import", help="Read decisions from CSV.")
    ] = None,
) -> None:
    """Walk the unreviewed matches: [a]ccept, [r]eject, [m]ove, [c]omment, [s]kip, [q]uit."""
    from monitor import review as review_module
    from monitor.storage.reviews import Review

    with _app() as application:
        name = reviewer or application.settings.reviewer
        start = _day_start(_parse_day(since, "--since")) if since else None
        items = application.repository().items(since=start, section=section)
        store = application.reviews
        if export is not None:
            export.write_text(review_module.to_csv(items, store.all()), encoding="utf-8")
            out.print(f"written {export}")
            return
        if import_file is not None:
            decisions = review_module.from_csv(import_file.read_text(encoding="utf-8"), name,
                                               datetime.now(UTC))  # fmt: skip
            out.print(f"{store.record_all(decisions)} decisions imported from {import_file}")
            return
        done = store.all()
        queue = [(item, match) for item in items for match in item.matches
                 if (section is None or match.section == section)
                 and (item.id, match.section) not in done]  # fmt: skip
        out.print(f"{len(queue)} matches to review")
        for number, (item, match) in enumerate(queue, start=1):
            out.print(f"\n[bold]{number}/{len(queue)} {match.section}[/] "
                      f"(¶{', ¶'.join(map(str, match.paragraphs))}, score {match.score:.2f})")  # fmt: skip
            out.print(f"[bold]{escape(item.title)}[/]\n{escape(item.source_title)}, "
                      f"{item.date:%Y-%m-%d}, {escape(item.url or '')}\n"
                      f"{escape(item.summary_text[:400])}", highlight=False)  # fmt: skip
            out.print("Evidence: " + escape("; ".join(match.evidence)), highlight=False)
            out.print("[a]ccept [r]eject [m]ove [c]omment+accept [s]kip [q]uit: ", end="")
            key = typer.getchar().lower()
            out.print(key)
            if key == "q":
                break
            if key not in ("a", "r", "m", "c"):
                continue
            target_section, target_paragraph, comment = None, None, None
            if key == "m":
                target_section = typer.prompt("Move to section (e.g. II.F)")
                paragraph = typer.prompt(
                    "Paragraph (empty: a new topic)", default="", show_default=False
                )
                target_paragraph = int(paragraph) if paragraph.strip().isdigit() else None
            if key == "c":
                comment = typer.prompt("Comment")
            decision = {"a": "accepted", "c": "accepted", "r": "rejected", "m": "moved"}[key]
            store.record(Review(item.id, match.section, decision, name, datetime.now(UTC),
                                target_section, target_paragraph, comment))  # fmt: skip


@app.command()
def serve(
    health_port: Annotated[
        int | None, typer.Option("--health-port", help="Answer GET /healthz on 127.0.0.1:PORT.")
    ] = None,
    web_port: Annotated[
        int | None, typer.Option("--web-port", help="Also serve the web pages on 127.0.0.1:PORT.")
    ] = None,
) -> None:
    """Run as a service (foreground): tick, weekly digest and retention under APScheduler.

    Stops on SIGTERM or SIGINT with exit status 0 once running work has finished or been
    abandoned (MONITOR_STOP_TIMEOUT).
    """
    from monitor import health, scheduler
    from monitor.service import Service

    with _app() as application:
        if "log_level" not in application.settings.model_fields_set:
            configure("INFO")
        application.init_database()
        service = Service(application)
        server = None
        if health_port is not None:
            server = health.start_health_server(
                health_port,
                lambda: health.health(application.store, service.clock(), 3 * HEARTBEAT_SECONDS),
            )
        if web_port is not None:
            _start_web_thread(application, web_port)
        code = scheduler.serve(service, heartbeat_seconds=HEARTBEAT_SECONDS)
        if server is not None:
            server.shutdown()
    if code != 0:
        os._exit(0)  # running work abandoned after the stop timeout; every commit is whole


@app.command()
def web(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """The team's web pages: browse, search and review by report section (Ctrl-C stops)."""
    import uvicorn

    from monitor.web.app import create_app

    with _app() as application:
        application.init_database()
        web_app = create_app(application)
    if host not in ("127.0.0.1", "localhost", "::1") and not application.settings.web_users:
        console.print("[yellow]warning:[/] listening beyond this machine with no web_users: "
                      "anyone who can reach it can review")  # fmt: skip
    uvicorn.run(web_app, host=host, port=port, log_level="warning")


@app.command(name="hash-password")
def hash_password() -> None:
    """Print an argon2 hash for a ``web_users`` entry of monitor.toml (asks for the password)."""
    from monitor.web.security import hash_password as make_hash

    password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    print(make_hash(password))  # noqa: T201


@app.command()
def demo() -> None:
    """The whole job on the bundled sample feeds: init, fetch (local server), match, digest."""
    from monitor import demo as demo_module

    with _app(sources=demo_module.DEMO_SOURCES) as application:
        total = len(application.sources(base_url="http://127.0.0.1"))
        result = _with_progress(total, lambda tick: demo_module.run(application, tick))
        database = application.settings.database_url
    _print_outcomes(result.outcomes)
    _print_counts(result.counts)
    out.print(
        f"\nDatabase: {database} ({result.items_stored} items)\n"
        f"Digest of {result.since} to {result.until} (the sample data's last week):\n"
        f"  {result.html}\n  {result.text}\n"
        f"Draft update notes of the cycle ({result.paragraphs_covered} report paragraphs, "
        f"{result.processes_covered} processes):\n  {result.notes}\n  {result.notes_docx}"
    )


def _start_web_thread(application: App, port: int) -> None:
    import threading

    import uvicorn

    from monitor.web.app import create_app

    config = uvicorn.Config(create_app(application), host="127.0.0.1", port=port,
                            log_level="warning")  # fmt: skip
    server = uvicorn.Server(config)
    server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
    threading.Thread(target=server.run, name="web", daemon=True).start()


# -- presentation helpers ------------------------------------------------------------------
def _with_progress(total: int, work: Callable[[Callable[[SourceOutcome], None]], Any]) -> Any:
    columns = (
        TextColumn("fetching"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("", total=total)

        def tick(outcome: SourceOutcome) -> None:
            progress.update(task, advance=1, description=outcome.source_id)

        return work(tick)


def _print_outcomes(outcomes: list[SourceOutcome]) -> None:
    table = Table("source", "HTTP", "new items", "error", title="Fetch summary")
    for outcome in outcomes:
        table.add_row(
            outcome.source_id,
            str(outcome.status or "-"),
            str(outcome.new_items),
            f"[red]{escape(outcome.error)}[/]"
            if outcome.error
            else f"[yellow]{escape(outcome.skipped or '')}[/]",
        )
    out.print(table)


def _print_evaluation(report: Any, split: str, count: int, worst: int) -> None:
    table = Table(
        "section",
        "P",
        "R",
        "F1",
        "TP",
        "FP",
        "FN",
        title=f"Relevance on {count} labelled items (split: {split})",
    )
    for score in [*report.sections, report.micro]:
        table.add_row(
            score.section,
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
            str(score.true_positives),
            str(score.false_positives),
            str(score.false_negatives),
        )
    out.print(table)
    languages = ", ".join(f"{k} {v.f1:.3f}" for k, v in report.by_language.items())
    out.print(f"F1 by language: {languages}")
    out.print(f"macro-F1={report.macro_f1:.3f}")
    out.print(f"out-of-scope false positives={len(report.out_of_scope_false_positives)}")
    if worst:
        out.print("Worst misses:")
        for outcome in report.worst(worst):
            item = outcome.item
            out.print(
                f"  {item.id} [{item.language}] labelled {sorted(item.sections)} "
                f"predicted {sorted(outcome.predicted)}: {item.title}",
                highlight=False,
            )
    out.print(f"micro-F1={report.micro.f1:.4f}")


def _print_counts(counts: dict[str, int]) -> None:
    out.print("Items per section: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


def _duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _parse_day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        console.print(f"[bold red]error:[/] {option}: not a date like 2026-11-25: {value!r}")
        raise typer.Exit(1) from None


def _day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "never"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _match_json(match: Match) -> dict[str, Any]:
    return {
        "section": match.section,
        "score": match.score,
        "evidence": list(match.evidence),
        "subsection": match.subsection,
        "paragraphs": list(match.paragraphs),
    }


def _item_json(item: StoredItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "source": item.source_id,
        "title": item.title,
        "url": item.url,
        "published": _iso(item.published),
        "language": item.language,
        "sections": [_match_json(m) for m in item.matches],
    }


def _health(row: SourceStatus, now: datetime) -> str:
    if row.consecutive_failures:
        return f"failing ×{row.consecutive_failures}"
    if row.silent(now):
        return "silent"
    return "ok" if row.last_fetch_at else "new"


def _overdue(row: SourceStatus, now: datetime) -> bool:
    return row.next_check_at is not None and row.next_check_at < now - OVERDUE_GRACE


def _job_json(job: Any) -> dict[str, Any]:
    return {"name": job.name, "owner": job.owner, "last_run_at": _iso(job.last_run_at),
            "next_run_at": _iso(job.next_run_at), "last_result": job.last_result}  # fmt: skip


def _digest_json(period: Any) -> dict[str, Any]:
    return {"first_day": str(period.first_day), "last_day": str(period.last_day),
            "state": period.state, "html": period.html_path, "error": period.error}  # fmt: skip


def _status_json(row: SourceStatus, now: datetime) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "url": row.url,
        "last_fetch_at": _iso(row.last_fetch_at),
        "last_status": row.last_status,
        "last_error": row.last_error,
        "last_error_at": _iso(row.last_error_at),
        "consecutive_failures": row.consecutive_failures,
        "items": row.item_count,
        "next_check_at": _iso(row.next_check_at),
        "overdue": _overdue(row, now),
        "health": _health(row, now),
    }
