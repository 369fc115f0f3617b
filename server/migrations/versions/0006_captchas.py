"""图形验证码: an SMS code is sent only after the picture's answer (seed 004), so that a script
cannot make the platform text any phone number it likes."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_captchas"
down_revision = "0005_session_key"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "captchas",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("answer_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_captchas_expires_ms", "captchas", ["expires_ms"])


def downgrade() -> None:
    op.drop_index("ix_captchas_expires_ms", table_name="captchas")
    op.drop_table("captchas")
