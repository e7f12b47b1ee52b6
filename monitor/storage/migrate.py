"""Create or upgrade the schema with Alembic (``upgrade head``); idempotent."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from monitor.config import PROJECT_ROOT
from monitor.errors import ConfigError
from monitor.storage.db import sqlite_file

ALEMBIC_DIR = PROJECT_ROOT / "alembic"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database at ``engine`` to the newest revision (a SQLite file and its folder
    are created when missing)."""
    path = sqlite_file(engine)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"MONITOR_DATABASE_URL: cannot create {path.parent}: "
                              f"{exc.strerror or exc}") from None  # fmt: skip
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def ensure_current(engine: Engine) -> None:
    """Raise ``ConfigError`` unless the schema is at the newest revision (a SQLite file that
    does not exist is not created)."""
    path = sqlite_file(engine)
    if path is not None and not path.is_file():
        raise ConfigError(f"the database {path} does not exist: run `monitor init` "
                          "(or set MONITOR_DATABASE_URL)")  # fmt: skip
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if current != head:
        state = "has no schema" if current is None else f"is at revision {current}, not {head}"
        raise ConfigError(f"the database {state}: run `monitor init`")
