"""功能配置 (seed 003, S3:1158-1213, WAVE2-NOTES §B6): the items of the 用印申请 and 下发授权
forms a unit uses, set by its 主管理员; a unit without a row uses them all (批量配置)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_features"
down_revision = "0011_application_files"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sealbox_features",
        sa.Column("unit_id", sa.String(36), sa.ForeignKey("units.id"), primary_key=True),
        sa.Column("mode", sa.String(6), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("changed_by", sa.String(36), nullable=False),
        sa.Column("changed_ms", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sealbox_features")
