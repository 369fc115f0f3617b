"""Optimistic concurrency: each row of the local copy keeps its version on the server (``seq``,
the unit's change number of its last change), and each edit or removal waiting in the outbox
the row it is about and the version it was made on (``base_seq``, sent as ``If-Match``: the
server refuses it, 409 ``stale``, when the row changed since) with the row's name then
(``base_label``, to say whose change did not take effect).

The copy of a store before this revision has no versions: the next sync fetches everything
(the change number kept is reset), and changes queued before it carry none (sent as before,
without ``If-Match``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_outbox_base"
down_revision = "0003_outbox_author"
branch_labels = None
depends_on = None

_COPY = ("platform_people", "platform_departments", "platform_whitelist")


def upgrade() -> None:
    for table in _COPY:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("seq", sa.BigInteger))
    with op.batch_alter_table("platform_outbox") as batch:
        batch.add_column(sa.Column("base_table", sa.String(30)))
        batch.add_column(sa.Column("base_key", sa.Text))
        batch.add_column(sa.Column("base_seq", sa.BigInteger))
        batch.add_column(sa.Column("base_label", sa.Text))
    op.execute("UPDATE platform_state SET value = '0' WHERE key = 'seq'")


def downgrade() -> None:
    with op.batch_alter_table("platform_outbox") as batch:
        for column in ("base_label", "base_seq", "base_key", "base_table"):
            batch.drop_column(column)
    for table in _COPY:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("seq")
