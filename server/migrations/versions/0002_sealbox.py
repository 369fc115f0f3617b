"""Seal boxes: bindings, keepers, categories and templates, applications, grants, the signed
commands waiting for a box, records with photos, the platform's command key."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_sealbox"
down_revision = "0001_platform"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sealbox_platform_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("private_pem", sa.LargeBinary(), nullable=False),
        sa.Column("point", sa.LargeBinary(), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "sealbox_boxes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("model", sa.String(length=8), nullable=False),
        sa.Column("firmware", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=17), nullable=False),
        sa.Column("ble_name", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("note", sa.String(length=100), nullable=False),
        sa.Column("fingerprint", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("bound_by", sa.String(length=36), nullable=False),
        sa.Column("bound_ms", sa.BigInteger(), nullable=False),
        sa.Column("unbound_ms", sa.BigInteger(), nullable=True),
        sa.Column("counter", sa.BigInteger(), nullable=False),
        sa.Column("first_seq", sa.BigInteger(), nullable=False),
        sa.Column("records_next", sa.BigInteger(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("backlight", sa.Integer(), nullable=False),
        sa.Column("auto_off", sa.Integer(), nullable=False),
        sa.Column("offline", sa.Boolean(), nullable=False),
        sa.Column("last_contact_ms", sa.BigInteger(), nullable=True),
        sa.Column("screen", sa.String(length=40), nullable=False),
        sa.Column("box_locked", sa.Boolean(), nullable=False),
        sa.Column("box_offline", sa.Boolean(), nullable=False),
        sa.Column("box_counter", sa.BigInteger(), nullable=False),
        sa.Column("box_next_seq", sa.BigInteger(), nullable=False),
        sa.Column("box_stored", sa.Integer(), nullable=False),
        sa.Column("box_capacity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sealbox_boxes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_sealbox_boxes_bound_device",
            ["device_id"],
            unique=True,
            postgresql_where=sa.text("state = 'bound'"),
            sqlite_where=sa.text("state = 'bound'"),
        )
        batch_op.create_index(batch_op.f("ix_sealbox_boxes_device_id"), ["device_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sealbox_boxes_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "sealbox_categories",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("unit_id", "name"),
    )
    with op.batch_alter_table("sealbox_categories", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sealbox_categories_unit_id"), ["unit_id"], unique=False
        )

    op.create_table(
        "sealbox_applications",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("box_id", sa.String(length=36), nullable=False),
        sa.Column("applicant_id", sa.String(length=36), nullable=False),
        sa.Column("category_id", sa.String(length=36), nullable=True),
        sa.Column("reason", sa.String(length=100), nullable=False),
        sa.Column("file_name", sa.String(length=100), nullable=False),
        sa.Column("file_type", sa.String(length=50), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("carrier", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.BigInteger(), nullable=False),
        sa.Column("not_after", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.String(length=120), nullable=False),
        sa.Column("photo_required", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("steps", sa.Text(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("cc", sa.Text(), nullable=False),
        sa.Column("decisions", sa.Text(), nullable=False),
        sa.Column("grant_id", sa.String(length=32), nullable=True),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["box_id"],
            ["sealbox_boxes.id"],
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["sealbox_categories.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sealbox_applications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sealbox_applications_applicant_id"), ["applicant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sealbox_applications_box_id"), ["box_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sealbox_applications_category_id"), ["category_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sealbox_applications_unit_id"), ["unit_id"], unique=False
        )

    op.create_table(
        "sealbox_commands",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("box_id", sa.String(length=36), nullable=False),
        sa.Column("counter", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("signed", sa.LargeBinary(), nullable=False),
        sa.Column("grant_id", sa.String(length=32), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.String(length=50), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("done_ms", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["box_id"],
            ["sealbox_boxes.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("box_id", "counter"),
    )
    with op.batch_alter_table("sealbox_commands", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sealbox_commands_box_id"), ["box_id"], unique=False)

    op.create_table(
        "sealbox_grants",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("box_id", sa.String(length=36), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=True),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("user_name", sa.String(length=100), nullable=False),
        sa.Column("not_before", sa.BigInteger(), nullable=False),
        sa.Column("not_after", sa.BigInteger(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=15), nullable=False),
        sa.Column("flags", sa.Integer(), nullable=False),
        sa.Column("activation", sa.LargeBinary(), nullable=False),
        sa.Column("activation_tries", sa.Integer(), nullable=False),
        sa.Column("activated", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("refusal", sa.String(length=50), nullable=False),
        sa.Column("delivered_ms", sa.BigInteger(), nullable=True),
        sa.Column("granted_by", sa.String(length=36), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("ended_by", sa.String(length=36), nullable=True),
        sa.Column("ended_ms", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["box_id"],
            ["sealbox_boxes.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sealbox_grants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sealbox_grants_box_id"), ["box_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sealbox_grants_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sealbox_grants_user_id"), ["user_id"], unique=False)

    op.create_table(
        "sealbox_keepers",
        sa.Column("box_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["box_id"],
            ["sealbox_boxes.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
        ),
        sa.PrimaryKeyConstraint("box_id", "person_id"),
    )
    op.create_table(
        "sealbox_offline_codes",
        sa.Column("box_id", sa.String(length=36), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_ms", sa.BigInteger(), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["box_id"],
            ["sealbox_boxes.id"],
        ),
        sa.PrimaryKeyConstraint("box_id"),
    )
    op.create_table(
        "sealbox_records",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("box_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("cause", sa.String(length=30), nullable=False),
        sa.Column("time_ms", sa.BigInteger(), nullable=False),
        sa.Column("grant_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.Column("detail", sa.String(length=256), nullable=False),
        sa.Column("photo_bytes", sa.Integer(), nullable=False),
        sa.Column("photo", sa.LargeBinary(), nullable=True),
        sa.Column("has_photo", sa.Boolean(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=36), nullable=False),
        sa.Column("uploaded_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["box_id"],
            ["sealbox_boxes.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("box_id", "seq"),
    )
    with op.batch_alter_table("sealbox_records", schema=None) as batch_op:
        batch_op.create_index(
            "ix_sealbox_records_unit_kind", ["unit_id", "kind", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_sealbox_records_user_id"), ["user_id"], unique=False)

    op.create_table(
        "sealbox_seen",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("upto", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
        ),
        sa.PrimaryKeyConstraint("person_id"),
    )
    op.create_table(
        "sealbox_templates",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("box_id", sa.String(length=36), nullable=False),
        sa.Column("category_id", sa.String(length=36), nullable=False),
        sa.Column("approvers", sa.Text(), nullable=False),
        sa.Column("cc", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["box_id"],
            ["sealbox_boxes.id"],
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["sealbox_categories.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("box_id", "category_id"),
    )
    with op.batch_alter_table("sealbox_templates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sealbox_templates_category_id"), ["category_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_sealbox_templates_unit_id"), ["unit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sealbox_templates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sealbox_templates_unit_id"))
        batch_op.drop_index(batch_op.f("ix_sealbox_templates_category_id"))

    op.drop_table("sealbox_templates")
    op.drop_table("sealbox_seen")
    with op.batch_alter_table("sealbox_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sealbox_records_user_id"))
        batch_op.drop_index("ix_sealbox_records_unit_kind")

    op.drop_table("sealbox_records")
    op.drop_table("sealbox_offline_codes")
    op.drop_table("sealbox_keepers")
    with op.batch_alter_table("sealbox_grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sealbox_grants_user_id"))
        batch_op.drop_index(batch_op.f("ix_sealbox_grants_unit_id"))
        batch_op.drop_index(batch_op.f("ix_sealbox_grants_box_id"))

    op.drop_table("sealbox_grants")
    with op.batch_alter_table("sealbox_commands", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sealbox_commands_box_id"))

    op.drop_table("sealbox_commands")
    with op.batch_alter_table("sealbox_applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sealbox_applications_unit_id"))
        batch_op.drop_index(batch_op.f("ix_sealbox_applications_category_id"))
        batch_op.drop_index(batch_op.f("ix_sealbox_applications_box_id"))
        batch_op.drop_index(batch_op.f("ix_sealbox_applications_applicant_id"))

    op.drop_table("sealbox_applications")
    with op.batch_alter_table("sealbox_categories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sealbox_categories_unit_id"))

    op.drop_table("sealbox_categories")
    with op.batch_alter_table("sealbox_boxes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sealbox_boxes_unit_id"))
        batch_op.drop_index(batch_op.f("ix_sealbox_boxes_device_id"))
        batch_op.drop_index(
            "ix_sealbox_boxes_bound_device",
            postgresql_where=sa.text("state = 'bound'"),
            sqlite_where=sa.text("state = 'bound'"),
        )

    op.drop_table("sealbox_boxes")
    op.drop_table("sealbox_platform_key")
