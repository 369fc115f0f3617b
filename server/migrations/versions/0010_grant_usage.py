"""A grant keeps its 使用模式 (物理印章模式 / 电子印章模式) and 用印区域 (seed 003, S3:395-407,
WAVE2-NOTES §B6). Neither goes into the box's signed command: the box stamps the same way in
both modes and knows no place."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_grant_usage"
down_revision = "0009_place_sms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sealbox_grants") as batch_op:
        batch_op.add_column(
            sa.Column("usage_mode", sa.String(12), nullable=False, server_default="physical")
        )
        batch_op.add_column(sa.Column("area", sa.String(50), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("sealbox_grants") as batch_op:
        batch_op.drop_column("area")
        batch_op.drop_column("usage_mode")
