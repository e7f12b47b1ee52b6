"""development_keys.day is indexed: postings past their retention are deleted by day

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_development_keys_day", "development_keys", ["day"])


def downgrade() -> None:
    op.drop_index("ix_development_keys_day", table_name="development_keys")
