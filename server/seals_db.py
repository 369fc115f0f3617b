"""The seals' table: 印章申请 (seed 004 S4:391-568, WAVE2-NOTES A5), one row an application,
which becomes the seal once the CA has reviewed it: 待审核 →(CA客服, `sealdesk server seal
review`)→ 待回执 (the seal made) →(回执, the unit's key)→ 有效 →(注销)→ 已注销; or 已否决."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from sealdesk.server.db import Base

STATES = ("pending", "receipt", "valid", "expired", "revoked", "rejected")
"""待审核, 待回执, 有效, 已过期, 已注销, 已否决 (S4:430-568); an application starts pending."""
TYPES = ("ukey", "cloud")  # USB KEY 印章, 云端印章


class SealApplication(Base):
    __tablename__ = "seal_applications"
    __table_args__ = (
        # a name is the unit's once (an application refused by the CA gives it back)
        sa.Index(
            "ix_seal_applications_unit_name",
            "unit_id",
            "name",
            unique=True,
            postgresql_where=sa.text("state <> 'rejected'"),
            sqlite_where=sa.text("state <> 'rejected'"),
        ),
    )
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(sa.ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(30))
    seal_type: Mapped[str] = mapped_column(sa.String(5))  # TYPES
    state: Mapped[str] = mapped_column(sa.String(10))  # STATES
    handler_name: Mapped[str] = mapped_column(sa.String(100))
    handler_phone: Mapped[str] = mapped_column(sa.String(20))
    handler_id_number: Mapped[str] = mapped_column(sa.String(18))
    width_mm: Mapped[int] = mapped_column(sa.Integer)
    height_mm: Mapped[int] = mapped_column(sa.Integer)
    style: Mapped[str | None] = mapped_column(sa.String(10))  # generated: SealStyle's value
    image_name: Mapped[str] = mapped_column(sa.String(100))
    image_type: Mapped[str] = mapped_column(sa.String(4))  # png | jpeg | gif
    image: Mapped[bytes] = mapped_column(sa.LargeBinary)
    image_sha256: Mapped[str] = mapped_column(sa.String(64))
    # a USB KEY seal: the unit key that signed the application (the seal goes into it)
    key_entity_id: Mapped[str | None] = mapped_column(sa.String(64))
    applicant_id: Mapped[str] = mapped_column(sa.String(36))
    created_ms: Mapped[int] = mapped_column(sa.BigInteger)
    # the certificate (DER) of that key, as its proof gave it (migration 0015): the seal names it
    key_certificate: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    # the CA's review (`sealdesk server seal review`): the operator, when, a refusal's reason
    reviewed_by: Mapped[str | None] = mapped_column(sa.String(100))
    reviewed_ms: Mapped[int | None] = mapped_column(sa.BigInteger)
    reject_reason: Mapped[str | None] = mapped_column(sa.String(200))
    # the seal the platform made at approval (GB/T 38540 SES_Seal, DER) and its validity
    seal: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    valid_from_ms: Mapped[int | None] = mapped_column(sa.BigInteger)
    valid_to_ms: Mapped[int | None] = mapped_column(sa.BigInteger)
    receipt_ms: Mapped[int | None] = mapped_column(sa.BigInteger)  # 回执: 待回执 -> 有效
    revoked_ms: Mapped[int | None] = mapped_column(sa.BigInteger)  # 注销: 有效 -> 已注销
    # 冻结 (migration 0016): a flag of a 有效 seal, not a state (WAVE2-NOTES E3); null: not
    frozen_ms: Mapped[int | None] = mapped_column(sa.BigInteger)


class SealMaker(Base):
    """The platform's seal maker (制章人), recorded at the first approval (migration 0017): one
    row, ``id`` 1. Every review signs with it or is refused (``server seal review
    --new-maker`` replaces it, audited), whoever runs the review and wherever."""

    __tablename__ = "seal_maker"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    certificate: Mapped[bytes] = mapped_column(sa.LargeBinary)  # DER
    sha256: Mapped[str] = mapped_column(sa.String(64))  # of the certificate's DER
    recorded_ms: Mapped[int] = mapped_column(sa.BigInteger)
    recorded_by: Mapped[str] = mapped_column(sa.String(100))  # the operator
