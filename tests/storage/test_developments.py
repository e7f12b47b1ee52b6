"""Developments in storage (SQLite and PostgreSQL): grouped at ingest, corrected by reviewers,
corrections kept through re-fetching and re-grouping."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from monitor.app import App
from monitor.cli import app as cli
from monitor.config import Settings
from monitor.storage.models import DevelopmentRow, ItemRow
from tests.conftest import fetched_app

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
CSP_31 = "Thirty-First Session of the Conference of the States Parties opens in The Hague"


def _by_title(application: App) -> dict[str, object]:
    return {item.title: item for item in application.repository().items()}


def test_every_item_belongs_to_a_development_and_one_event_is_one(
    settings: Settings, feed_server: str
) -> None:
    application = fetched_app(settings, feed_server)
    items = application.repository().items()
    assert items and all(item.development is not None for item in items)
    found = application.repository().developments()
    assert sorted(i.id for d in found for i in d.items) == sorted(i.id for i in items)
    # The CWC Conference of the States Parties, reported by OPCW, UN Press, UN News and UN
    # News in Chinese the same day, is one development of four outlets in two languages.
    csp = next(d for d in found if any(i.title == CSP_31 for i in d.items))
    assert len(csp.outlets) >= 3 and set(csp.languages) >= {"en", "zh"}
    assert csp.lead.source_id == "un-press"  # a UN meeting record leads, in English
    assert len(found) < len(items)


def test_refetch_keeps_developments_and_adds_none(settings: Settings, feed_server: str) -> None:
    application = fetched_app(settings, feed_server)
    before = {i.id: i.development for i in application.repository().items()}
    application.fetch(application.sources(feed_server))
    after = {i.id: i.development for i in application.repository().items()}
    assert after == before


def test_merge_and_move_out_survive_regrouping(settings: Settings, feed_server: str) -> None:
    application = fetched_app(settings, feed_server)
    repository = application.repository()
    found = repository.developments()
    csp = next(d for d in found if any(i.title == CSP_31 for i in d.items))
    other = next(d for d in found if d.id != csp.id and len(d.items) == 1)
    moved_item = next(i for i in csp.items if i.id != csp.lead.id)

    assert repository.merge_developments(csp.id, other.id, "ana", NOW) == 1
    new = repository.move_out(moved_item.id, "ana", NOW)
    assert new != csp.id

    def groups() -> tuple[set[int], int | None]:
        items = {i.id: i for i in application.repository().items()}
        lead_dev = items[csp.lead.id].development
        together = {i for i, item in items.items() if item.development == lead_dev}
        return together, items[moved_item.id].development

    together, _ = groups()
    assert other.lead.id in together and moved_item.id not in together
    assert repository.regroup() > 0
    again, moved_again = groups()
    assert again == together and moved_again is not None
    assert moved_item.id not in again
    with Session(application.engine) as session:  # profiles follow their items
        sizes = dict(session.execute(select(DevelopmentRow.id, DevelopmentRow.size)).all())
        counts = dict(session.execute(
            select(ItemRow.development_id, func.count()).group_by(ItemRow.development_id)
        ).all())  # fmt: skip
    assert sizes == counts


def test_init_groups_items_stored_before_developments(settings: Settings, feed_server: str) -> None:
    application = fetched_app(settings, feed_server)
    with Session(application.engine) as session, session.begin():
        session.execute(update(ItemRow).values(development_id=None))
    assert application.repository().ungrouped() > 0
    application.init_database()
    assert application.repository().ungrouped() == 0


def test_cli_lists_developments_and_items_json_names_them(
    settings: Settings, feed_server: str
) -> None:
    application = fetched_app(settings, feed_server)
    env = {"MONITOR_DATABASE_URL": application.settings.database_url,
           "MONITOR_SOURCES": str(application.settings.sources),
           "MONITOR_WATCHLISTS": str(application.settings.watchlists)}  # fmt: skip
    runner = CliRunner()
    listed = runner.invoke(cli, ["developments", "--json", "--section", "II.D"], env=env)
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert rows and all("II.D" in row["sections"] for row in rows)
    assert {"id", "lead_title", "first_date", "last_date", "sources", "languages", "items"} <= set(
        rows[0]
    )
    assert [r["last_date"] for r in rows] == sorted((r["last_date"] for r in rows), reverse=True)
    items = runner.invoke(cli, ["items", "--json"], env=env)
    assert all("development" in json.loads(line) for line in items.output.splitlines())
    merged = runner.invoke(cli, ["developments", "merge", str(rows[0]["id"]), "999999"], env=env)
    assert merged.exit_code == 1 and "no development 999999" in merged.output


def test_postings_past_their_retention_are_deleted_and_grouping_goes_on(tmp_path) -> None:
    """The key index keeps only the last ``KEY_RETENTION_DAYS``: an item two months after the
    first starts its own development and leaves the old postings gone; a report of the new
    event a day later still joins it."""
    from monitor.developments.signature import Signature
    from monitor.storage import developments
    from monitor.storage.db import make_engine
    from monitor.storage.migrate import upgrade
    from monitor.storage.models import DevelopmentKeyRow

    engine = make_engine(f"sqlite:///{tmp_path / 'keys.db'}")
    upgrade(engine)
    title = frozenset({"ccw", "review", "conference", "autonomous", "weapons"})

    def report(day: int, source: str) -> Signature:
        return Signature(day, "en", source, None, frozenset({"CCW/CONF.VII/1"}), frozenset(),
                         frozenset({"¶9 LAWS"}), frozenset({7}), frozenset({"place:Geneva"}),
                         frozenset(), title, title)  # fmt: skip

    first = 739_000
    with Session(engine) as session, session.begin():
        (old,) = developments.assign(session, [report(first, "a")])
    later = first + developments.KEY_RETENTION_DAYS + 1
    with Session(engine) as session, session.begin():
        (new,) = developments.assign(session, [report(later, "b")])
    with Session(engine) as session, session.begin():
        (again,) = developments.assign(session, [report(later + 1, "c")])
        days = set(session.scalars(select(DevelopmentKeyRow.day)))
        owners = set(session.scalars(select(DevelopmentKeyRow.development_id)))
    assert new != old and again == new
    assert min(days) >= later and owners == {new}
