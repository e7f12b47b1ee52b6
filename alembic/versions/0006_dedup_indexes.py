"""indexes for duplicate detection: items by canonical URL, and by language and date

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_items_canonical_url", "items", ["canonical_url"])
    op.create_index("ix_items_language_published_at", "items", ["language", "published_at"])


def downgrade() -> None:
    op.drop_index("ix_items_language_published_at", table_name="items")
    op.drop_index("ix_items_canonical_url", table_name="items")
