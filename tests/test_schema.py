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
