"""Commands about developments: list them, merge two, move an item out, group again."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from monitor.cli.common import (
    SinceOption,
    UntilOption,
    check_period,
    day_start,
    iso,
    open_app,
    out,
    parse_day,
    shown,
)
from monitor.errors import MonitorError

if TYPE_CHECKING:
    from monitor.developments.view import Development
    from monitor.storage.repository import Repository

developments_app = typer.Typer(
    help="Developments: one event, many outlets and languages. Without a subcommand, list them.",
    invoke_without_command=True,
)


@developments_app.callback()
def developments(
    context: typer.Context,
    since: SinceOption = None,
    until: UntilOption = None,
    section: Annotated[str | None, typer.Option(help="Only developments in this section.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """List developments newest first: lead title, sections, dates, sources, languages, items."""
    if context.invoked_subcommand is not None:
        return
    with open_app() as application:
        first = parse_day(since, "--since") if since else None
        last = parse_day(until, "--until") if until else None
        if first and last:
            check_period(first, last)
        start = day_start(first) if first else None
        end = day_start(last) + timedelta(days=1) if last else None
        found = application.repository().developments(start, end, section)
    if as_json:
        for development in found:
            print(json.dumps(development_json(development), ensure_ascii=False))  # noqa: T201
        return
    from rich.table import Table

    table = Table("id", "dates", "sections", "items", "languages", "lead title")
    for d in found:
        table.add_row(str(d.id), f"{d.first_date:%Y-%m-%d}…{d.last_date:%Y-%m-%d}",
                      " ".join(d.sections), f"{len(d.items)} ({len(d.outlets)} outlets)",
                      " ".join(d.languages), shown(d.lead.title))  # fmt: skip
    out.print(table)
    items = sum(len(d.items) for d in found)
    out.print(f"{items} items in {len(found)} developments")


@developments_app.command("merge")
def merge(
    keep: Annotated[int, typer.Argument(help="The development that stays.")],
    other: Annotated[int, typer.Argument(help="The development whose items move into KEEP.")],
    reviewer: Annotated[str | None, typer.Option(help="Your name.")] = None,
) -> None:
    """Merge development OTHER into KEEP (kept through re-fetching and re-grouping)."""
    moved = _correct(reviewer, lambda repository, name: repository.merge_developments(
        keep, other, name, datetime.now(UTC)))  # fmt: skip
    out.print(f"{moved} items moved from development {other} into {keep}")


@developments_app.command("move-out")
def move_out(
    item: Annotated[int, typer.Argument(help="The item to take out of its development.")],
    reviewer: Annotated[str | None, typer.Option(help="Your name.")] = None,
) -> None:
    """Take an item out of its development into a new one of its own."""
    new = _correct(reviewer, lambda repository, name: repository.move_out(
        item, name, datetime.now(UTC)))  # fmt: skip
    out.print(f"item {item} is now development {new}")


@developments_app.command("regroup")
def regroup() -> None:
    """Group every stored item again (after a rule change), keeping reviewers' corrections."""
    with open_app() as application:
        count = application.repository().regroup()
    out.print(f"{count} developments")


def development_json(development: Development) -> dict[str, Any]:
    return {
        "id": development.id,
        "lead_title": development.lead.title,
        "sections": development.sections,
        "first_date": iso(development.first_date),
        "last_date": iso(development.last_date),
        "sources": development.outlets,
        "languages": development.languages,
        "items": [
            {
                "id": i.id,
                "url": i.url,
                "source": i.source_id,
                "language": i.language,
                "title": i.title,
            }
            for i in development.items
        ],
    }


def _correct(reviewer: str | None, action: Callable[[Repository, str], int]) -> int:
    """A reviewer's correction through the repository; an unknown id is one clear line."""
    from sqlalchemy.exc import NoResultFound

    with open_app() as application:
        name = reviewer or application.settings.reviewer
        try:
            return action(application.repository(), name)
        except NoResultFound as exc:
            raise MonitorError(str(exc)) from None


@developments_app.command("learn")
def learn(
    path: Annotated[
        Path, typer.Argument(help="Labelled developments: a JSON-lines file or a directory.")
    ] = Path("tests/data/developments"),
    weights_out: Annotated[
        Path | None,
        typer.Option("--out", help="Where to write the weights (default: the package's own)."),
    ] = None,
) -> None:
    """Learn grouping's weights from labelled developments (needs the learn extra)."""
    from monitor.developments import evaluation, learning
    from monitor.developments.grouping import WEIGHTS_PATH

    with open_app() as application:
        items = evaluation.load(path)
        found = learning.labelled_examples(items, evaluation.matches_by(application.matcher))
    bias, weights = learning.fit(found)
    target = weights_out or WEIGHTS_PATH
    splits = sorted({item.split for item in items})
    learning.write_weights(target, bias, weights, splits, len(found.labels))
    out.print(
        f"grouping weights learned from {len(items)} items ({', '.join(splits)}), "
        f"{len(found.labels)} candidate pairs: {target}"
    )
