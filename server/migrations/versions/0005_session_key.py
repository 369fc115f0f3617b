"""A session names the key it was opened with, so that taking a key off the whitelist ends the
sessions that key opened, not only its next login.

Sessions opened before this revision do not say which key opened them, and keeping them would
leave a key removed after the upgrade logged in for up to twelve hours. They are ended: everyone
logs in once more after the upgrade."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_session_key"
down_revision = "0004_reply_person"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM sessions")
    with op.batch_alter_table("sessions") as batch_op:
        batch_op.add_column(sa.Column("entity_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch_op:
        batch_op.drop_column("entity_id")
