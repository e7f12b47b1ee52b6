"""Alembic environment: runs on the connection the monitor passes in, or on MONITOR_DATABASE_URL."""

from __future__ import annotations

from alembic import context

from monitor.config import load_settings
from monitor.storage.db import make_engine
from monitor.storage.models import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(load_settings().database_url)
    with engine.begin() as own_connection:
        _run(own_connection)


def include_object(obj: object, name: str | None, kind: str, *_args: object) -> bool:
    """Leave the full-text search objects (raw SQL in revision 0005) out of comparisons."""
    return not (name or "").startswith(("items_fts", "ix_items_fulltext"))


def _run(connection: object) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported: run `monitor init`")
run_migrations_online()
