"""SMS codes are rationed: when the unused code was sent and how many went out in the day, so
that a 6-digit code cannot be guessed by asking for new ones (each with fresh tries)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_sms_limits"
down_revision = "0002_sealbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sms_codes") as batch_op:
        batch_op.add_column(
            sa.Column("sent_ms", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("day_start_ms", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("sent_in_day", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("sms_codes") as batch_op:
        batch_op.drop_column("sent_in_day")
        batch_op.drop_column("day_start_ms")
        batch_op.drop_column("sent_ms")
