"""A box's last known position (the place of the client that last reached it) and each
record's 使用位置; the SMS sent about uses and lost-locks, counted per recipient and day
(WAVE2-NOTES §B2, B5, B10)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_place_sms"
down_revision = "0008_application_fields"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("sealbox_boxes") as batch_op:
        batch_op.add_column(sa.Column("place", sa.String(50), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("place_ms", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("sealbox_records") as batch_op:
        batch_op.add_column(sa.Column("place", sa.String(50), nullable=False, server_default=""))
    op.create_table(
        "sealbox_sms",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("unit_id", sa.String(36), sa.ForeignKey("units.id"), nullable=False),
        sa.Column("person_id", sa.String(36), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("box_id", sa.String(36), nullable=False),
        sa.Column("grant_id", sa.String(32), nullable=False),
        sa.Column("record_seq", sa.BigInteger(), nullable=True),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("text", sa.String(300), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_sealbox_sms_unit_id", "sealbox_sms", ["unit_id"])
    op.create_index("ix_sealbox_sms_box_id", "sealbox_sms", ["box_id"])
    op.create_index("ix_sealbox_sms_grant_id", "sealbox_sms", ["grant_id"])
    op.create_index("ix_sealbox_sms_person_day", "sealbox_sms", ["person_id", "day"])


def downgrade() -> None:
    op.drop_table("sealbox_sms")
    with op.batch_alter_table("sealbox_records") as batch_op:
        batch_op.drop_column("place")
    with op.batch_alter_table("sealbox_boxes") as batch_op:
        batch_op.drop_column("place_ms")
        batch_op.drop_column("place")
