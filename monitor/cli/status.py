"""Commands that read what is stored: ``items`` and ``status``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import typer

from monitor.cli.common import (
    SinceOption,
    day_start,
    iso,
    item_json,
    open_app,
    out,
    parse_day,
    shown,
    when,
)
from monitor.redact import redact_url
from monitor.types import SourceStatus

OVERDUE_GRACE = timedelta(minutes=10)


def items(
    since: SinceOption = None,
    section: Annotated[str | None, typer.Option(help="Only items matched to this section.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """Stored items, newest first."""
    with open_app() as application:
        start = day_start(parse_day(since, "--since")) if since else None
        rows = application.repository().items(since=start, section=section)
    if as_json:
        for row in rows:
            print(json.dumps(item_json(row), ensure_ascii=False))  # noqa: T201
        return
    from rich.table import Table

    table = Table("date", "source", "sections", "title")
    for row in rows:
        table.add_row(
            row.date.strftime("%Y-%m-%d"),
            row.source_id,
            " ".join(m.section for m in row.matches),
            shown(row.title),
        )
    out.print(table)


def status(
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of tables.")] = False,
) -> None:
    """The service's heartbeat and jobs, the last digests, and per source: its state (ok,
    empty, silent, fallback, blocked, needs key, deferred, failing), last fetch, HTTP status,
    what is wrong, item count, next check (overdue sources flagged)."""
    with open_app() as application:
        rows = application.repository().source_status()
        jobs = application.store.jobs()
        digests = application.store.recent_digests()
    now = datetime.now(UTC)
    settings = application.settings
    if as_json:
        print(json.dumps({  # noqa: T201
            "watchlists": str(settings.watchlists),
            "catalogue": str(settings.sources),
            "bundled": settings.bundled,
            "sources": [_status_json(row, now) for row in rows],
            "jobs": [_job_json(job) for job in jobs],
            "digests": [_digest_json(d) for d in digests],
        }, indent=2))  # fmt: skip
        return
    from rich.table import Table

    table = Table("source", "state", "last fetch", "HTTP", "items", "next check", "problem",
                  title="Sources")  # fmt: skip
    for row in rows:
        overdue = _overdue(row, now)
        table.add_row(
            row.id,
            _health(row, now),
            when(row.last_fetch_at),
            str(row.last_status or ""),
            str(row.item_count),
            f"[yellow]{when(row.next_check_at)} (overdue)[/]"
            if overdue
            else when(row.next_check_at),
            _problem(row, now),
        )
    out.print(table)
    service = Table("job", "owner", "last run", "next run", "result", title="Service")
    for job in jobs:
        service.add_row(job.name, job.owner or "", when(job.last_run_at), when(job.next_run_at),
                        shown(job.last_result or ""))  # fmt: skip
    out.print(service if jobs else "Service: never run (start it with `monitor serve`).")
    if digests:
        recent = Table("period", "state", "files", "error", title="Last digests")
        for d in digests:
            recent.add_row(
                f"{d.first_day} to {d.last_day}", d.state, d.html_path or "", shown(d.error or "")
            )
        out.print(recent)
    for name, path in (("Watchlists", settings.watchlists), ("Sources", settings.sources)):
        bundled = " (the package's own copy)" if name.lower() in settings.bundled else ""
        out.print(f"{name}: {shown(str(path))}{bundled}")


def _health(row: SourceStatus, now: datetime) -> str:
    health = row.health(now)
    return f"{health} ×{row.consecutive_failures}" if row.consecutive_failures else health


def _problem(row: SourceStatus, now: datetime) -> str:
    """What the maintainer should read: the error, the state's note, or the silence."""
    if row.problem:
        colour = "red" if row.consecutive_failures else "yellow"
        return f"[{colour}]{shown(row.problem)}[/]"
    if row.health(now) == "silent":
        return f"[yellow]no new item for over {row.silent_after}[/]"
    if row.last_skipped:
        return f"[yellow]{shown(row.last_skipped)}[/]"
    return ""


def _overdue(row: SourceStatus, now: datetime) -> bool:
    return row.next_check_at is not None and row.next_check_at < now - OVERDUE_GRACE


def _job_json(job: Any) -> dict[str, Any]:
    return {"name": job.name, "owner": job.owner, "last_run_at": iso(job.last_run_at),
            "next_run_at": iso(job.next_run_at), "last_result": job.last_result}  # fmt: skip


def _digest_json(period: Any) -> dict[str, Any]:
    return {"first_day": str(period.first_day), "last_day": str(period.last_day),
            "state": period.state, "html": period.html_path, "error": period.error}  # fmt: skip


def _status_json(row: SourceStatus, now: datetime) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "url": redact_url(row.url),
        "last_fetch_at": iso(row.last_fetch_at),
        "last_status": row.last_status,
        "last_error": row.last_error,
        "last_error_at": iso(row.last_error_at),
        "last_skipped": row.last_skipped,
        "consecutive_failures": row.consecutive_failures,
        "items": row.item_count,
        "next_check_at": iso(row.next_check_at),
        "overdue": _overdue(row, now),
        "health": _health(row, now),
        "state": row.health(now),
        "problem": row.problem,
    }
