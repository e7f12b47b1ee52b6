"""sources: a visible state (ok, empty, fallback, blocked, needs key, failing, deferred) with its
note, how long a source may go without a new item, and its first success

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

import monitor.storage.models

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN on both dialects: batch mode would rebuild the table on SQLite.
    op.add_column("sources", sa.Column("state", sa.String(length=20), nullable=True))
    op.add_column("sources", sa.Column("state_note", sa.Text(), nullable=True))
    op.add_column("sources", sa.Column("expect_new_seconds", sa.Integer(), nullable=True))
    op.add_column(
        "sources",
        sa.Column(
            "first_success_at", monitor.storage.models.UTCDateTime(timezone=True), nullable=True
        ),
    )
    op.execute("UPDATE sources SET first_success_at = last_success_at")


def downgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("first_success_at")
        batch_op.drop_column("expect_new_seconds")
        batch_op.drop_column("state_note")
        batch_op.drop_column("state")
