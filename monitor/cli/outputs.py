"""Commands that produce for people: ``digest``, ``notes`` and ``review``."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from monitor import outfiles
from monitor.cli.common import (
    EXIT_PARTIAL_FAILURE,
    SinceOption,
    UntilOption,
    check_period,
    console,
    day_start,
    open_app,
    out,
    parse_day,
    print_counts,
    shown,
)
from monitor.errors import ConfigError

if TYPE_CHECKING:
    from monitor.app import App


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
    from monitor.outputs import digest as digest_module

    with open_app() as application:
        if send:
            _send_digest(application, since, until)
            return
        last = parse_day(until, "--until") if until else datetime.now(UTC).date()
        first = parse_day(since, "--since") if since else last - timedelta(days=6)
        check_period(first, last)
        settings = application.settings
        built = digest_module.build(application.repository(), application.watchlists, first, last,
                                    settings.report_language, settings.digest_per_section,
                                    settings.web_url)  # fmt: skip
        target = out_dir or application.settings.out_dir
        html, text = digest_module.write(built, application.settings.templates, target)
    print_counts(built.counts())
    out.print(f"digest written: {html}\n                {text}")


def _send_digest(application: App, since: str | None, until: str | None) -> None:
    from monitor.service.jobs import Service

    service = Service(application)
    first, last = service.current_period()
    if until or since:
        last = parse_day(until, "--until") if until else datetime.now(UTC).date()
        first = parse_day(since, "--since") if since else last - timedelta(days=6)
    check_period(first, last)
    run = service.producer().produce(first, last)
    out.print(f"digest {first} to {last}: {run.period.state}")
    for path in run.eml_files:
        out.print(f"  no SMTP settings (MONITOR_SMTP_HOST): written {path}")
    for recipient in run.sent:
        out.print(f"  sent to {recipient}")
    for recipient, reason in {**run.failed, **run.pending}.items():
        out.print(f"  [red]not delivered to {shown(recipient)}: {shown(str(reason))}[/]")
    if run.period.state in ("sent",) and not (run.sent or run.eml_files):
        out.print("  already delivered earlier; nothing sent again")
    if run.failed or run.pending:
        raise typer.Exit(EXIT_PARTIAL_FAILURE)


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
    from monitor.outputs import notes as notes_module

    if fmt not in ("md", "html", "docx"):
        console.print(f"[bold red]error:[/] --format: {fmt!r} is not md, html or docx")
        raise typer.Exit(1)
    with open_app() as application:
        settings = application.settings
        first = parse_day(cycle_start, "--cycle-start") if cycle_start else settings.cycle_start
        last = parse_day(until, "--until") if until else datetime.now(UTC).date()
        check_period(first, last, "--cycle-start")
        built = notes_module.build(application.repository(), application.watchlists,
                                   application.reviews.all(), first, last,
                                   settings.report_language)  # fmt: skip
        target = out_file or settings.out_dir / f"notes-{last}.{fmt}"
        outfiles.ensure_folder(target.parent)
        if fmt == "docx":
            outfiles.write_with(target, lambda path: notes_module.write_docx(built, path))
        else:
            outfiles.write_text(target, notes_module.render(built, settings.templates, fmt))
    out.print(f"notes written: {target} ({built.paragraphs_covered} paragraphs, "
              f"{built.processes_covered} processes, {built.developments_covered} developments, "
              f"{built.footnote_count} notes)")  # fmt: skip


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
    """Walk the unreviewed developments: accept, reject, move, comment, skip or quit."""
    from monitor.developments.view import gather
    from monitor.outputs import review as review_module
    from monitor.storage.reviews import Review

    with open_app() as application:
        name = reviewer or application.settings.reviewer
        start = day_start(parse_day(since, "--since")) if since else None
        repository = application.repository()
        items = repository.items(since=start, section=section)
        store = application.reviews
        if export is not None:
            outfiles.write_text(export, review_module.to_csv(items, store.all()))
            out.print(f"written {export}")
            return
        if import_file is not None:
            decisions = review_module.from_csv(
                review_module.read_csv_file(import_file),
                name,
                datetime.now(UTC),
                lambda review: review_module.check_review(review, application.watchlists),
                str(import_file),
            )
            unknown = store.unknown_items(d.item_id for d in decisions)
            if unknown:
                listed = ", ".join(map(str, sorted(unknown)[:5]))
                raise ConfigError(f"{import_file}: unknown item id(s) {listed}: nothing imported")
            out.print(f"{store.record_all(decisions)} decisions imported from {import_file}")
            return
        done = store.all()
        queue = [(development, development.match(wanted)) for development in gather(items)
                 for wanted in development.sections
                 if (section is None or wanted == section)
                 and any((i.id, wanted) not in done for i in development.items)]  # fmt: skip
        out.print(f"{len(queue)} developments to review")
        for number, (development, match) in enumerate(queue, start=1):
            item = development.lead
            out.print(f"\n[bold]{number}/{len(queue)} {match.section}[/] "
                      f"(¶{', ¶'.join(map(str, match.paragraphs))}, score {match.score:.2f})")  # fmt: skip
            out.print(f"[bold]{shown(item.title)}[/]\n{shown(item.source_title)}, "
                      f"{item.date:%Y-%m-%d}, {shown(item.url or '')}\n"
                      f"{shown(item.summary_text[:400])}", highlight=False)  # fmt: skip
            if development.others:
                also = ", ".join(f"{o.source_title} ({o.language or '?'})"
                                 for o in development.others)  # fmt: skip
                out.print("Also reported by: " + shown(also), highlight=False)
            out.print("Evidence: " + shown("; ".join(match.evidence)), highlight=False)
            out.print("\\[a]ccept \\[r]eject \\[m]ove \\[c]omment+accept \\[s]kip \\[q]uit: ",
                      end="")  # fmt: skip
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
            decided = Review(development.lead.id, match.section, decision, name,
                             datetime.now(UTC), target_section, target_paragraph, comment)  # fmt: skip
            try:
                review_module.check_review(decided, application.watchlists)
            except ValueError as exc:
                out.print(f"[red]not recorded: {shown(str(exc))}[/]")
                continue
            # A decision on a development applies to every item that reports it.
            store.record_all(dataclasses.replace(decided, item_id=member.id)
                             for member in development.items)  # fmt: skip
