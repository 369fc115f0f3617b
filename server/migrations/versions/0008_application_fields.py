"""A 用印申请 keeps its optional 部门 (one of the unit's departments), 区域 and 文件标识 (a 69
barcode or a QR code's text), as seed 003 asks (WAVE2-NOTES §B5)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_application_fields"
down_revision = "0007_password_failures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sealbox_applications") as batch_op:
        batch_op.add_column(sa.Column("department_id", sa.String(36), nullable=True))
        batch_op.add_column(sa.Column("area", sa.String(50), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("file_code", sa.String(200), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("sealbox_applications") as batch_op:
        batch_op.drop_column("file_code")
        batch_op.drop_column("area")
        batch_op.drop_column("department_id")
