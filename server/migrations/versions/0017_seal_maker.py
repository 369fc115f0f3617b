"""The platform's seal maker recorded in the database (its certificate, DER, and SHA-256), at
the first approval: every review, by any operator on any machine, signs with that maker or is
refused. One row; none before the first approval (a platform upgraded after approvals records
the maker of its next one)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_seal_maker"
down_revision = "0016_seal_frozen"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seal_maker",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("certificate", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("recorded_ms", sa.BigInteger(), nullable=False),
        sa.Column("recorded_by", sa.String(100), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("seal_maker")
