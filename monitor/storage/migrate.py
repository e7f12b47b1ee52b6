"""Create or upgrade the schema with Alembic (``upgrade head``); idempotent."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from monitor.config import PROJECT_ROOT
from monitor.errors import ConfigError

ALEMBIC_DIR = PROJECT_ROOT / "alembic"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database at ``engine`` to the newest revision."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def ensure_current(engine: Engine) -> None:
    """Raise ``ConfigError`` unless the schema is at the newest revision."""
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if current != head:
        state = "has no schema" if current is None else f"is at revision {current}, not {head}"
        raise ConfigError(f"the database {state}: run `monitor init`")
