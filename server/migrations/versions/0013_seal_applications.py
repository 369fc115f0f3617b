"""印章申请 (seed 004 S4:391-568, WAVE2-NOTES A5): a unit's applications for USB KEY and cloud
seals with their image, refused until the unit's 申请数字证书 is done."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_seal_applications"
down_revision = "0012_features"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seal_applications",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("unit_id", sa.String(36), sa.ForeignKey("units.id"), nullable=False),
        sa.Column("name", sa.String(30), nullable=False),
        sa.Column("seal_type", sa.String(5), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("handler_name", sa.String(100), nullable=False),
        sa.Column("handler_phone", sa.String(20), nullable=False),
        sa.Column("handler_id_number", sa.String(18), nullable=False),
        sa.Column("width_mm", sa.Integer(), nullable=False),
        sa.Column("height_mm", sa.Integer(), nullable=False),
        sa.Column("style", sa.String(10), nullable=True),
        sa.Column("image_name", sa.String(100), nullable=False),
        sa.Column("image_type", sa.String(4), nullable=False),
        sa.Column("image", sa.LargeBinary(), nullable=False),
        sa.Column("image_sha256", sa.String(64), nullable=False),
        sa.Column("key_entity_id", sa.String(64), nullable=True),
        sa.Column("applicant_id", sa.String(36), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_seal_applications_unit_id", "seal_applications", ["unit_id"])
    op.create_index(
        "ix_seal_applications_unit_name",
        "seal_applications",
        ["unit_id", "name"],
        unique=True,
        postgresql_where=sa.text("state <> 'rejected'"),
        sqlite_where=sa.text("state <> 'rejected'"),
    )


def downgrade() -> None:
    op.drop_index("ix_seal_applications_unit_name", table_name="seal_applications")
    op.drop_index("ix_seal_applications_unit_id", table_name="seal_applications")
    op.drop_table("seal_applications")
