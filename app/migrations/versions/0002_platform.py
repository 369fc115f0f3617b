"""The platform's organisation data kept locally, and the outbox of changes made here."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_platform"
down_revision = "0001_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "platform_people",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("phone", sa.Text),
        sa.Column("id_number", sa.Text),
        sa.Column("department_id", sa.String(36)),
        sa.Column("roles", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("key_holder", sa.Boolean, nullable=False, server_default="0"),
        sa.Column("pending", sa.Boolean, nullable=False, server_default="0"),
    )
    op.create_table(
        "platform_departments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
    )
    op.create_table(
        "platform_whitelist",
        sa.Column("entity_id", sa.String(64), primary_key=True),
        sa.Column("label", sa.Text, nullable=False, server_default=""),
        sa.Column("person_id", sa.String(36)),
        sa.Column("main", sa.Boolean, nullable=False, server_default="0"),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default="0"),
        sa.Column("pending", sa.Boolean, nullable=False, server_default="0"),
    )
    op.create_table(
        "platform_roles",
        sa.Column("code", sa.String(30), primary_key=True),
        sa.Column("name_zh", sa.Text, nullable=False),
        sa.Column("name_en", sa.Text, nullable=False),
        sa.Column("assignable", sa.Boolean, nullable=False),
        sa.Column("permissions", sa.Text, nullable=False),
    )
    op.create_table(
        "platform_state",
        sa.Column("key", sa.String(30), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "platform_outbox",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("op_id", sa.String(36), nullable=False, unique=True),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("body", sa.Text),
        sa.Column("undo_table", sa.String(30)),
        sa.Column("undo_key", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "platform_outbox",
        "platform_state",
        "platform_roles",
        "platform_whitelist",
        "platform_departments",
        "platform_people",
    ):
        op.drop_table(table)
