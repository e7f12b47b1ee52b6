"""web sessions (server-side, revocable sign-ins of the web pages); sources.last_skipped
(the malformed records the last update skipped)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 09:00:00.000000
"""

from alembic import op
import sqlalchemy as sa
import monitor.storage.models


revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('web_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user', sa.String(length=200), nullable=False),
    sa.Column('created_at', monitor.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', monitor.storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('token_hash')
    )
    op.create_index(op.f('ix_web_sessions_user'), 'web_sessions', ['user'], unique=False)
    op.add_column('sources', sa.Column('last_skipped', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sources') as batch:
        batch.drop_column('last_skipped')
    op.drop_index(op.f('ix_web_sessions_user'), table_name='web_sessions')
    op.drop_table('web_sessions')
