"""A person's wrong login passwords are counted: after five in a row the password login waits
fifteen minutes (the SMS code and 找回密码 still work), so a password cannot be guessed online
at the server's speed."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_password_failures"
down_revision = "0006_captchas"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch_op:
        batch_op.add_column(
            sa.Column("password_failures", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("password_failed_ms", sa.BigInteger(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("people") as batch_op:
        batch_op.drop_column("password_failed_ms")
        batch_op.drop_column("password_failures")
