"""The schema Alembic builds is the models' schema, and `monitor init` is idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from typer.testing import CliRunner

from monitor.app import App
from monitor.cli import app as cli
from monitor.config import load_settings
from monitor.storage.models import Base


def test_migrations_build_exactly_the_models(app: App) -> None:
    with app.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": _not_full_text}
        )
        assert compare_metadata(context, Base.metadata) == []


def _not_full_text(_obj: object, name: str | None, *_args: object) -> bool:
    return not (name or "").startswith(("items_fts", "ix_items_fulltext"))


def test_init_twice_is_harmless(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "twice.db"
    monkeypatch.setenv("MONITOR_DATABASE_URL", f"sqlite:///{database}")
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(cli, ["init"])
        assert result.exit_code == 0, result.output
    application = App(load_settings())
    tables = set(inspect(application.engine).get_table_names())
    assert {"sources", "items", "matches", "fetch_log", "alembic_version"} <= tables
    application.repository()  # raises unless the schema is at head


def test_commands_refuse_an_uninitialised_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    result = CliRunner().invoke(cli, ["status"])
    assert result.exit_code == 1
    assert "run `monitor init`" in result.output


def test_insert_rows_chunks_skips_clashes_and_stores_what_the_orm_reads(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Raw multi-row inserts (many statements: a tiny parameter limit) store the values the
    ORM's own types would: dates, JSON lists; a row clashing on the unique key is skipped."""
    from datetime import UTC, datetime

    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from monitor.storage.db import insert_rows
    from monitor.storage.models import ItemRow, SourceRow

    when = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    rows = [
        {"source_id": "s", "identity": f"i{n}", "title": f"T{n}", "summary_html": "",
         "summary_text": "", "first_seen_at": when, "published_at": None, "content_hash": "h",
         "authors": [f"A{n}"], "symbols": ["A/RES/79/239"] if n % 2 else [], "doc_links": []}
        for n in range(7)
    ]  # fmt: skip
    with app.engine.begin() as connection:
        connection.execute(SourceRow.__table__.insert(), [{"id": "s", "title": "S", "url": "u",
                                                           "kind": "feed", "every_seconds": 60}])  # fmt: skip
        monkeypatch.setattr(connection.dialect, "insertmanyvalues_max_parameters", 30)  # 2 rows
        first = insert_rows(connection, ItemRow.__table__, rows[:5], ["source_id", "identity"],
                            ["identity"])  # fmt: skip
        again = insert_rows(connection, ItemRow.__table__, rows, ["source_id", "identity"],
                            ["identity"])  # fmt: skip
    assert sorted(first) == [(f"i{n}",) for n in range(5)]
    assert sorted(again) == [("i5",), ("i6",)]
    with Session(app.engine) as session:
        stored = session.scalars(select(ItemRow).order_by(ItemRow.identity)).all()
    assert [r.identity for r in stored] == [f"i{n}" for n in range(7)]
    assert stored[1].authors == ["A1"] and stored[1].symbols == ["A/RES/79/239"]
    assert stored[0].first_seen_at.replace(tzinfo=UTC) == when


def test_the_head_read_from_the_files_is_alembics() -> None:
    """``ensure_current`` reads the newest revision without Alembic: the same one."""
    from alembic.script import ScriptDirectory

    from monitor.storage.migrate import alembic_config, head_revision

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_an_older_schema_is_refused_until_init(tmp_path: Path) -> None:
    from alembic import command

    from monitor.errors import ConfigError
    from monitor.storage.db import make_engine
    from monitor.storage.migrate import alembic_config, ensure_current, head_revision, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
    with pytest.raises(ConfigError, match=f"is at revision 0006, not {head_revision()}"):
        ensure_current(engine)
    upgrade(engine)
    ensure_current(engine)
