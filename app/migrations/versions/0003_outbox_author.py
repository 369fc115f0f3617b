"""Each change waiting in the outbox names who made it: the platform person and unit of the
session open when it was made. Only that person's session sends it.

A change queued before this revision has no person: the unit is certain (a login to another
unit emptied the outbox then), the person is not (a login pushed every change under the new
session). It keeps the unit and no person: it is sent only when someone of the unit takes it
as theirs (``sealdesk platform outbox claim``), never on its own under whoever is logged in.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_outbox_author"
down_revision = "0002_platform"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("platform_outbox") as batch:
        batch.add_column(sa.Column("author_user", sa.String(36)))
        batch.add_column(sa.Column("author_unit", sa.String(36)))
    op.create_index(
        "platform_outbox_author", "platform_outbox", ["author_unit", "author_user", "seq"]
    )
    op.execute(
        "UPDATE platform_outbox SET author_unit = "
        "(SELECT value FROM platform_state WHERE key = 'unit')"
    )


def downgrade() -> None:
    op.drop_index("platform_outbox_author", "platform_outbox")
    with op.batch_alter_table("platform_outbox") as batch:
        batch.drop_column("author_unit")
        batch.drop_column("author_user")
