"""full-text search: SQLite FTS5 table kept by triggers, PostgreSQL GIN index

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE items_fts USING fts5(title, summary_text, content='items', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO items_fts(rowid, title, summary_text) SELECT id, title, summary_text FROM items",
    "CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN "
    "INSERT INTO items_fts(rowid, title, summary_text) VALUES (new.id, new.title, new.summary_text); END",
    "CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN "
    "INSERT INTO items_fts(items_fts, rowid, title, summary_text) "
    "VALUES ('delete', old.id, old.title, old.summary_text); END",
    "CREATE TRIGGER items_fts_update AFTER UPDATE OF title, summary_text ON items BEGIN "
    "INSERT INTO items_fts(items_fts, rowid, title, summary_text) "
    "VALUES ('delete', old.id, old.title, old.summary_text); "
    "INSERT INTO items_fts(rowid, title, summary_text) VALUES (new.id, new.title, new.summary_text); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS items_fts_update",
    "DROP TRIGGER IF EXISTS items_fts_delete",
    "DROP TRIGGER IF EXISTS items_fts_insert",
    "DROP TABLE IF EXISTS items_fts",
]
POSTGRES_UP = [
    "CREATE INDEX ix_items_fulltext ON items USING gin "
    "(to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(summary_text, '')))"
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS ix_items_fulltext"]


def upgrade() -> None:
    for statement in SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    for statement in SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRES_DOWN:
        op.execute(statement)
