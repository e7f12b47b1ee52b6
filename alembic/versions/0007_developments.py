"""developments: items grouped by the event they report, their key index, corrections

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

import monitor.storage.models

# SQLite's batch mode rebuilds ``items``, which drops its triggers: the full-text index's
# triggers (revision 0005) are made again and the index rebuilt.
FTS_TRIGGERS = [
    "DROP TRIGGER IF EXISTS items_fts_insert",
    "DROP TRIGGER IF EXISTS items_fts_delete",
    "DROP TRIGGER IF EXISTS items_fts_update",
    "CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN "
    "INSERT INTO items_fts(rowid, title, summary_text) VALUES (new.id, new.title, new.summary_text); END",
    "CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN "
    "INSERT INTO items_fts(items_fts, rowid, title, summary_text) "
    "VALUES ('delete', old.id, old.title, old.summary_text); END",
    "CREATE TRIGGER items_fts_update AFTER UPDATE OF title, summary_text ON items BEGIN "
    "INSERT INTO items_fts(items_fts, rowid, title, summary_text) "
    "VALUES ('delete', old.id, old.title, old.summary_text); "
    "INSERT INTO items_fts(rowid, title, summary_text) VALUES (new.id, new.title, new.summary_text); END",
    "INSERT INTO items_fts(items_fts) VALUES ('rebuild')",
]

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "developments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("first_day", sa.Integer(), nullable=False),
        sa.Column("last_day", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_developments_last_day", "developments", ["last_day"])
    op.create_table(
        "development_keys",
        sa.Column("key", sa.String(length=500), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("development_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["development_id"], ["developments.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key", "slot"),
    )
    op.create_index(
        "ix_development_keys_development_id", "development_keys", ["development_id"]
    )
    op.create_table(
        "grouping_corrections",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("other_item_id", sa.Integer(), nullable=True),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column(
            "decided_at", monitor.storage.models.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_item_id"], ["items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_grouping_corrections_item_id", "grouping_corrections", ["item_id"]
    )
    op.create_index(
        "ix_grouping_corrections_other_item_id", "grouping_corrections", ["other_item_id"]
    )
    with op.batch_alter_table("items") as batch:
        batch.add_column(sa.Column("development_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_items_development_id", "developments", ["development_id"], ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_items_development_id", ["development_id"])
    _restore_full_text()


def downgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.drop_index("ix_items_development_id")
        batch.drop_constraint("fk_items_development_id", type_="foreignkey")
        batch.drop_column("development_id")
    _restore_full_text()
    op.drop_table("grouping_corrections")
    op.drop_table("development_keys")
    op.drop_table("developments")


def _restore_full_text() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS_TRIGGERS:
            op.execute(statement)
