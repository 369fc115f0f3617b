"""A stored reply names the person who made the request: the same Idempotency-Key from another
person of the unit is refused instead of being answered with the first person's reply.

Rows stored before this revision keep ``person_id`` NULL and are answered to anyone of their
unit, as they were when stored. Who made them is not recorded anywhere (the operation log does
not carry the key), and refusing them would turn an honest client's retry of a change the
server already made — a request lost on the way back, an outbox queued before the upgrade —
into a refusal it undoes locally. Every reply stored from now on names its person."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_reply_person"
down_revision = "0003_sms_limits"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("replies") as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("replies") as batch_op:
        batch_op.drop_column("person_id")
