"""冻结/解冻 of a valid seal (seed 004's seal log sample, S4:557-560; WAVE2-NOTES E3: no state of
its own): when it was frozen, null while it is not. Rows made before are not frozen."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_seal_frozen"
down_revision = "0015_seal_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("seal_applications") as batch_op:
        batch_op.add_column(sa.Column("frozen_ms", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("seal_applications") as batch_op:
        batch_op.drop_column("frozen_ms")
