"""The file records (文件记录): one row per signed file."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_records"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "records",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("output", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("pages", sa.Integer, nullable=False, server_default="0"),
        sa.Column("signer", sa.Text, nullable=False, server_default=""),
        sa.Column("seals", sa.Text, nullable=False, server_default=""),
        sa.Column("signed_at", sa.Text, nullable=False),
    )
    op.create_index("records_output", "records", ["output"])
    op.create_index("records_signed_at", "records", ["signed_at"])


def downgrade() -> None:
    op.drop_table("records")
