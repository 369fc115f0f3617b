"""文件图片 and 文件附件 of a 用印申请 (seed 003, S3:296-297, WAVE2-NOTES §B5): the files its
applicant uploads with it, each with the type its bytes are."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_application_files"
down_revision = "0010_grant_usage"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sealbox_application_files",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("unit_id", sa.String(36), sa.ForeignKey("units.id"), nullable=False),
        sa.Column(
            "application_id",
            sa.String(36),
            sa.ForeignKey("sealbox_applications.id"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("file_type", sa.String(10), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(36), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
    )
    op.create_index(
        "ix_sealbox_application_files_application_id",
        "sealbox_application_files",
        ["application_id"],
    )


def downgrade() -> None:
    op.drop_index(
        "ix_sealbox_application_files_application_id", table_name="sealbox_application_files"
    )
    op.drop_table("sealbox_application_files")
