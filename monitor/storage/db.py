"""Engines: SQLite (WAL, foreign keys, busy timeout) by default, or PostgreSQL.

JSON columns are written and read with orjson: compact UTF-8 text, about ten times faster than
the standard library's ``json`` (items and matches carry several lists each), and read back
the same either way, so older rows written by ``json`` read unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import Column, Connection, Dialect, Engine, Table, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from monitor.errors import ConfigError

if TYPE_CHECKING:
    from sqlalchemy.dialects.postgresql import Insert as PgInsert
    from sqlalchemy.dialects.sqlite import Insert as SqliteInsert


def _json_text(value: Any) -> str:
    return orjson.dumps(value).decode()


_JSON_CODEC: dict[str, Any] = {"json_serializer": _json_text, "json_deserializer": orjson.loads}


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (nothing is created until ``sqlite_file``'s caller does)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"MONITOR_DATABASE_URL: not a database URL: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"timeout": 30}, **_JSON_CODEC)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(parsed, pool_pre_ping=True, **_JSON_CODEC)
    raise ConfigError(
        f"MONITOR_DATABASE_URL: unsupported database {parsed.get_backend_name()!r} "
        "(use sqlite:///PATH or postgresql+psycopg://...)"
    )


def sqlite_file(engine: Engine) -> Path | None:
    """The SQLite database file of ``engine`` (``None`` for PostgreSQL or in memory)."""
    if engine.url.get_backend_name() != "sqlite":
        return None
    database = engine.url.database or ""
    if engine.url.query.get("uri") == "true":  # sqlite:///file:PATH?mode=ro&uri=true
        database = database.removeprefix("file:")
    return Path(database) if database and database != ":memory:" else None


class FileWatch:
    """Notices a SQLite file deleted or replaced under a running process (which would go on
    writing into the unlinked file, and lose everything)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.identity = self._identity()

    def _identity(self) -> tuple[int, int] | None:
        if self.path is None:
            return None
        try:
            found = self.path.stat()
        except OSError:
            return None
        return (found.st_dev, found.st_ino)

    def lost(self) -> str | None:
        """What happened to the file since the watch began, or ``None`` while it is there."""
        if self.path is None or self.identity is None:
            return None
        now = self._identity()
        if now == self.identity:
            return None
        what = "deleted" if now is None else "replaced"
        return f"the database {self.path} was {what} while the monitor ran: what it stored since is lost"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def insert_ignoring_conflicts(
    engine: Engine, table: Table, unique: list[str]
) -> PgInsert | SqliteInsert:
    """``INSERT … ON CONFLICT (unique) DO NOTHING`` in the engine's dialect."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table).on_conflict_do_nothing(index_elements=unique)


def upsert(
    engine: Engine, table: Table, unique: list[str], refreshed: list[str]
) -> PgInsert | SqliteInsert:
    """``INSERT … ON CONFLICT (unique) DO UPDATE`` of the ``refreshed`` columns only, in the
    engine's dialect (a row already there keeps its other columns)."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(table)
    return statement.on_conflict_do_update(
        index_elements=unique, set_={name: statement.excluded[name] for name in refreshed}
    )


def driver_sql(connection: Connection, statement: str) -> str:
    """A statement written with ``?`` placeholders, in the driver's parameter style (for
    ``exec_driver_sql``: SQLite's ``?``, psycopg's ``%s``)."""
    return statement if connection.dialect.paramstyle == "qmark" else statement.replace("?", "%s")


MAX_ROWS_PER_STATEMENT = 64


def insert_rows(
    connection: Connection,
    table: Table,
    rows: Sequence[dict[str, Any]],
    unique: Sequence[str] = (),
    returning: Sequence[str] = (),
) -> list[tuple[Any, ...]]:
    """Many rows (dicts with the same keys) in statements of up to 64 rows, and
    the ``returning`` columns of those inserted; with ``unique``, rows that clash on it are
    skipped (``ON CONFLICT … DO NOTHING``).

    The statements are written in the driver's own parameter style and each value goes
    through its column type's own bind processor, so the stored values are SQLAlchemy's; what
    is saved is its per-row statement machinery (a third of the time of a batch).
    """
    if not rows:
        return []
    dialect = connection.dialect
    names = list(rows[0])
    processors = [_bind_processor(table.c[name], dialect) for name in names]
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    head = f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, names))}) VALUES "
    tail = f" ON CONFLICT ({', '.join(map(quote, unique))}) DO NOTHING" if unique else ""
    tail += f" RETURNING {', '.join(map(quote, returning))}" if returning else ""
    placeholders = f"({', '.join([mark] * len(names))})"
    most = max(
        1, min(MAX_ROWS_PER_STATEMENT, dialect.insertmanyvalues_max_parameters // len(names))
    )
    returned: list[tuple[Any, ...]] = []
    start = 0
    while start < len(rows):
        # Chunks of 2**k rows: a handful of distinct statements, which the driver prepares
        # once and keeps in its statement cache (any other count would be one more there).
        size = 1 << (min(most, len(rows) - start).bit_length() - 1)
        chunk, start = rows[start : start + size], start + size
        values = tuple(
            value if process is None else process(value)
            for row in chunk
            for process, value in zip(processors, map(row.__getitem__, names), strict=True)
        )
        statement = head + ", ".join([placeholders] * len(chunk)) + tail
        result = connection.exec_driver_sql(statement, values)
        if returning:
            returned += [tuple(row) for row in result]
    return returned


def _bind_processor(column: Column[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    return column.type.dialect_impl(dialect).bind_processor(dialect)
