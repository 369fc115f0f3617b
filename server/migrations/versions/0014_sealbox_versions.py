"""Versions for optimistic concurrency (``If-Match``) of what the seal-box admins edit: a box's
keepers (``sealbox_boxes.keepers_seq``), an approval template and a seal-use category
(``seq``), each the unit's change number at the row's last change. Rows made before are given
the unit's change number now: newer than any version a client can have seen of them."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_sealbox_versions"
down_revision = "0013_seal_applications"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("sealbox_boxes", "keepers_seq"),
    ("sealbox_templates", "seq"),
    ("sealbox_categories", "seq"),
)


def upgrade() -> None:
    for table, column in _COLUMNS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column(column, sa.BigInteger(), nullable=False, server_default="0")
            )
        rows = sa.table(table, sa.column("unit_id"), sa.column(column))
        units = sa.table("units", sa.column("id"), sa.column("seq"))
        unit_seq = sa.select(units.c.seq).where(units.c.id == rows.c.unit_id).scalar_subquery()
        op.execute(rows.update().values({column: unit_seq}))


def downgrade() -> None:
    for table, column in reversed(_COLUMNS):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column(column)
