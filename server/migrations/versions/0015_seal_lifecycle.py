"""The seal's life after 印章申请 (seed 004 S4:391-568, WAVE2-NOTES A5): the certificate of
the unit key that signed a USB KEY seal's application (the seal names it), the CA's review
(who, when, the reason of 已否决), the seal the platform made (GB/T 38540, DER) and its
validity, and when the unit's 回执 and 注销 were done. Rows made before have none of it: an
application waiting then is reviewed as any other, except a USB KEY one without its key's
certificate, which cannot be approved (the unit applies again)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_seal_lifecycle"
down_revision = "0014_sealbox_versions"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("key_certificate", sa.LargeBinary()),
    ("reviewed_by", sa.String(100)),
    ("reviewed_ms", sa.BigInteger()),
    ("reject_reason", sa.String(200)),
    ("seal", sa.LargeBinary()),
    ("valid_from_ms", sa.BigInteger()),
    ("valid_to_ms", sa.BigInteger()),
    ("receipt_ms", sa.BigInteger()),
    ("revoked_ms", sa.BigInteger()),
)


def upgrade() -> None:
    with op.batch_alter_table("seal_applications") as batch_op:
        for name, kind in _COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("seal_applications") as batch_op:
        for name, _kind in reversed(_COLUMNS):
            batch_op.drop_column(name)
