"""What every command shares: the App context, consoles, options, presentation helpers.

Imports stay light here and in every command module: Typer reads all the commands'
signatures at start-up, so the settings, the database, HTTP and rich are imported inside the
commands (and the helpers) that use them. ``monitor status`` then starts without HTTP or
the watchlists, ``monitor match`` with empty input without the database.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from monitor.errors import MonitorError
from monitor.plaintext import reveal
from monitor.types import Match, SourceOutcome, StoredItem

if TYPE_CHECKING:
    from rich.console import Console

    from monitor.app import App


class LazyConsole:
    """A rich ``Console`` made on first use (rich is a good part of a command's start-up)."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def made(self) -> Console:
        """The console itself (what rich's own classes take)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.made(), name)


console = LazyConsole(stderr=True, soft_wrap=True)
out = LazyConsole(soft_wrap=True)

EXIT_PARTIAL_FAILURE = 3

SinceOption = Annotated[
    str | None, typer.Option("--since", help="First day (YYYY-MM-DD), inclusive.")
]
UntilOption = Annotated[
    str | None, typer.Option("--until", help="Last day (YYYY-MM-DD), inclusive.")
]


@contextmanager
def open_app(**overrides: Any) -> Iterator[App]:
    """Settings → App; a ``MonitorError`` becomes a one-line message and exit status 1."""
    from monitor.app import App
    from monitor.config import load_settings
    from monitor.logs import configure

    try:
        settings = load_settings(**overrides)
        configure(settings.log_level)
        yield App(settings)
    except MonitorError as exc:
        console.print(f"[bold red]error:[/] {shown(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    except Exception as exc:
        if not _database_error(exc):
            raise
        # unreachable server, read-only or vanished file, ...
        console.print(f"[bold red]error:[/] database: {shown(database_problem(exc))}",
                      highlight=False)  # fmt: skip
        raise typer.Exit(1) from None


def _database_error(exc: Exception) -> bool:
    """Is ``exc`` SQLAlchemy's (never, when no command imported SQLAlchemy)?"""
    errors = sys.modules.get("sqlalchemy.exc")
    return errors is not None and isinstance(exc, errors.SQLAlchemyError)


def database_problem(exc: Exception) -> str:
    """The first line of the driver's message (a server's hint lines left out)."""
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return lines[0][:300] if lines else type(exc).__name__


# -- presentation helpers ------------------------------------------------------------------
def shown(text: str) -> str:
    """Stored text as rich markup for a terminal: markup escaped, control characters out,
    bidirectional and zero-width characters visible."""
    from rich.markup import escape

    return escape(reveal(text))


def with_progress(total: int, work: Callable[[Callable[[SourceOutcome], None]], Any]) -> Any:
    """Run ``work`` with a progress bar on a terminal; elsewhere (cron, a pipe, a log file)
    with none, and without importing the bar."""
    if not console.made().is_terminal:
        return work(lambda _outcome: None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (
        TextColumn("fetching"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=console.made(), transient=True) as progress:
        task = progress.add_task("", total=total)

        def tick(outcome: SourceOutcome) -> None:
            progress.update(task, advance=1, description=outcome.source_id)

        return work(tick)


def print_outcomes(outcomes: list[SourceOutcome]) -> None:
    """The fetch summary: a row per source with something to say, one line for those that
    answered 304 (a re-poll of many sources prints a line, not a long table)."""
    from rich.table import Table

    unchanged = [o for o in outcomes if _unchanged(o)]
    shown_rows = [o for o in outcomes if not _unchanged(o)]
    if unchanged:
        out.print(f"{len(unchanged)} source{'s' * (len(unchanged) != 1)} unchanged "
                  "(HTTP 304 Not Modified)")  # fmt: skip
    if not shown_rows and outcomes:
        return
    table = Table("source", "HTTP", "state", "new items", "error", title="Fetch summary")
    for outcome in shown_rows:
        table.add_row(
            outcome.source_id,
            str(outcome.status or "-"),
            outcome.state or "",
            str(outcome.new_items),
            f"[red]{shown(outcome.error)}[/]"
            if outcome.error
            else f"[yellow]{shown(outcome.skipped or outcome.records_skipped or '')}[/]",
        )
    out.print(table)


def _unchanged(outcome: SourceOutcome) -> bool:
    return outcome.status == 304 and not (
        outcome.error or outcome.skipped or outcome.records_skipped or outcome.new_items
        or outcome.state
    )  # fmt: skip


def print_counts(counts: dict[str, int]) -> None:
    out.print("Developments per section: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


def duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


FIRST_YEAR, LAST_YEAR = 1900, 9998  # a day's period must fit the calendar on both sides


def parse_day(value: str, option: str) -> date:
    """An option's day (YYYY-MM-DD, years 1900 to 9998); one line and exit 1 otherwise."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: not a date like 2026-11-25: {value[:40]!r}")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        fail(f"{option}: {day} is outside the years {FIRST_YEAR} to {LAST_YEAR}")
    return day


def check_period(first: date, last: date, first_option: str = "--since") -> None:
    """One line and exit 1 when a period ends before it starts."""
    if first > last:
        fail(f"{first_option} {first} is after --until {last}: the period is empty")


def fail(message: str) -> NoReturn:
    """Print one error line and exit with status 1."""
    console.print(f"[bold red]error:[/] {shown(message)}", highlight=False)
    raise typer.Exit(1)


def day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "never"


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def match_json(match: Match) -> dict[str, Any]:
    return {
        "section": match.section,
        "score": match.score,
        "evidence": list(match.evidence),
        "subsection": match.subsection,
        "paragraphs": list(match.paragraphs),
    }


def item_json(item: StoredItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "source": item.source_id,
        "title": item.title,
        "url": item.url,
        "published": iso(item.published),
        "language": item.language,
        "development": item.development,
        "sections": [match_json(m) for m in item.matches],
    }
