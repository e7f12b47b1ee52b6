"""Create or upgrade the schema with Alembic (``upgrade head``); idempotent.

Checking that a database is current needs no Alembic: the newest revision is read from the
migration files' headers and compared with ``alembic_version``, so that commands which only
read (``status``, ``items``) start without importing it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from monitor.config import PROJECT_ROOT
from monitor.errors import ConfigError
from monitor.storage.db import sqlite_file

if TYPE_CHECKING:
    from alembic.config import Config

ALEMBIC_DIR = PROJECT_ROOT / "alembic"
_REVISION = re.compile(r'^revision\s*=\s*["\']([^"\']+)["\']', re.MULTILINE)
_DOWN_REVISION = re.compile(r'^down_revision\s*=\s*["\']([^"\']+)["\']', re.MULTILINE)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database at ``engine`` to the newest revision (a SQLite file and its folder
    are created when missing)."""
    from alembic import command

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


@cache
def head_revision() -> str:
    """The newest revision: the one no migration file names as its ``down_revision``."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (ALEMBIC_DIR / "versions").glob("*.py"):
        header = path.read_text(encoding="utf-8")
        if found := _REVISION.search(header):
            revisions.add(found.group(1))
        if found := _DOWN_REVISION.search(header):
            parents.add(found.group(1))
    heads = revisions - parents
    if len(heads) != 1:
        raise ConfigError(f"{ALEMBIC_DIR / 'versions'}: expected one newest revision, not {heads}")
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    """The database's revision (``None``: no schema)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_current(engine: Engine) -> bool:
    """Is the schema at the newest revision (a SQLite file that does not exist is not, and
    is not created)?"""
    path = sqlite_file(engine)
    if path is not None and not path.is_file():
        return False
    return current_revision(engine) == head_revision()


def ensure_current(engine: Engine) -> None:
    """Raise ``ConfigError`` unless the schema is at the newest revision (a SQLite file that
    does not exist is not created)."""
    path = sqlite_file(engine)
    if path is not None and not path.is_file():
        raise ConfigError(f"the database {path} does not exist: run `monitor init` "
                          "(or set MONITOR_DATABASE_URL)")  # fmt: skip
    current, head = current_revision(engine), head_revision()
    if current != head:
        state = "has no schema" if current is None else f"is at revision {current}, not {head}"
        raise ConfigError(f"the database {state}: run `monitor init`")
