"""The seal boxes' tables: boxes bound to units, keepers, categories and approval templates,
applications, grants, the signed commands waiting for a box, records with their photos.

A box row is one binding: unbinding keeps it (state ``unbound``) with its records; binding the
same box again makes a new row whose command counter goes on from the highest any binding of
that box reached, so a command signed for an earlier binding is never above the new counter.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from sealdesk.server.db import Base

_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


class PlatformKey(Base):
    """The platform's SM2 key for box commands (one row, made on first use)."""

    __tablename__ = "sealbox_platform_key"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    private_pem: Mapped[bytes] = mapped_column(sa.LargeBinary)
    point: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_ms: Mapped[int] = mapped_column(sa.BigInteger)


class Box(Base):
    __tablename__ = "sealbox_boxes"
    __table_args__ = (
        # a box is bound in one unit at a time (a race between two units loses here)
        sa.Index(
            "ix_sealbox_boxes_bound_device",
            "device_id",
            unique=True,
            postgresql_where=sa.text("state = 'bound'"),
            sqlite_where=sa.text("state = 'bound'"),
        ),
    )
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(sa.ForeignKey("units.id"), index=True)
    device_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    model: Mapped[str] = mapped_column(sa.String(8))
    firmware: Mapped[str] = mapped_column(sa.String(40))
    address: Mapped[str] = mapped_column(sa.String(17))  # the BLE MAC
    ble_name: Mapped[str] = mapped_column(sa.String(64))  # what it advertises (ZGY_GL)
    name: Mapped[str] = mapped_column(sa.String(50))  # 设备名称
    note: Mapped[str] = mapped_column(sa.String(100), default="")  # 设备备注
    fingerprint: Mapped[bool] = mapped_column(sa.Boolean, default=False)  # the box has a reader
    state: Mapped[str] = mapped_column(sa.String(10))  # bound | unbound
    bound_by: Mapped[str] = mapped_column(sa.String(36))
    bound_ms: Mapped[int] = mapped_column(sa.BigInteger)
    unbound_ms: Mapped[int | None] = mapped_column(sa.BigInteger)
    counter: Mapped[int] = mapped_column(sa.BigInteger)  # the last command counter signed
    first_seq: Mapped[int] = mapped_column(sa.BigInteger)  # records before binding are not ours
    records_next: Mapped[int] = mapped_column(sa.BigInteger)  # after the last record uploaded
    # what the platform wants the box to be (its commands say so)
    locked: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    backlight: Mapped[int] = mapped_column(sa.Integer, default=30)
    auto_off: Mapped[int] = mapped_column(sa.Integer, default=0)
    offline: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    # what the box said at its last contact
    last_contact_ms: Mapped[int | None] = mapped_column(sa.BigInteger)
    screen: Mapped[str] = mapped_column(sa.String(40), default="")
    box_locked: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    box_offline: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    box_counter: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    box_next_seq: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    box_stored: Mapped[int] = mapped_column(sa.Integer, default=0)
    box_capacity: Mapped[int] = mapped_column(sa.Integer, default=0)
    # the box's last known position: the place of the client that last reached it (a BLE box
    # has no GPS), and when
    place: Mapped[str] = mapped_column(sa.String(50), default="", server_default="")
    place_ms: Mapped[int | None] = mapped_column(sa.BigInteger)
    # the version of its keepers (管章人): the unit's change number at their last change (0:
    # never changed), what a change of them names in ``If-Match``
    keepers_seq: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")


class Keeper(Base):
    """管章人 of a box (at most 3, S3:673-681)."""

    __tablename__ = "sealbox_keepers"
    box_id: Mapped[str] = mapped_column(sa.ForeignKey("sealbox_boxes.id"), primary_key=True)
    person_id: Mapped[str] = mapped_column(sa.ForeignKey("people.id"), primary_key=True)


class Category(Base):
    """用印类别: the name is unique in the unit; one in use cannot be deleted."""

    __tablename__ = "sealbox_categories"
    __table_args__ = (sa.UniqueConstraint("unit_id", "name"),)
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(sa.ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(50))
    seq: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")  # its version


class Template(Base):
    """An approval template: one per category per box, at most 3 approvers and 3 CC."""

    __tablename__ = "sealbox_templates"
    __table_args__ = (sa.UniqueConstraint("box_id", "category_id"),)
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(sa.ForeignKey("units.id"), index=True)
    box_id: Mapped[str] = mapped_column(sa.ForeignKey("sealbox_boxes.id"))
    category_id: Mapped[str] = mapped_column(sa.ForeignKey("sealbox_categories.id"), index=True)
    approvers: Mapped[str] = mapped_column(sa.Text)  # JSON list of person ids, in order
    cc: Mapped[str] = mapped_column(sa.Text)  # JSON list of person ids
    # its version: the unit's change number at its last change
    seq: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")


class Application(Base):
    """用印申请: 审批中 (pending) → 已驳回 (rejected) | 已通过 (approved) → 已授权 (granted)."""

    __tablename__ = "sealbox_applications"
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(sa.ForeignKey("units.id"), index=True)
    box_id: Mapped[str] = mapped_column(sa.ForeignKey("sealbox_boxes.id"), index=True)
    applicant_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    category_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("sealbox_categories.id"), index=True
    )
    reason: Mapped[str] = mapped_column(sa.String(100))  # 事由
    file_name: Mapped[str] = mapped_column(sa.String(100), default="")
    file_type: Mapped[str] = mapped_column(sa.String(50), default="")
    copies: Mapped[int] = mapped_column(sa.Integer, default=1)  # 份数
    carrier: Mapped[str] = mapped_column(sa.String(20), default="")  # 载体
    count: Mapped[int] = mapped_column(sa.Integer)  # 0 = unlimited
    not_before: Mapped[int] = mapped_column(sa.BigInteger)
    not_after: Mapped[int] = mapped_column(sa.BigInteger)
    note: Mapped[str] = mapped_column(sa.String(120), default="")  # 备注
    photo_required: Mapped[bool] = mapped_column(sa.Boolean, default=False)  # 强制上传图片
    department_id: Mapped[str | None] = mapped_column(sa.String(36))  # 部门
    area: Mapped[str] = mapped_column(sa.String(50), default="", server_default="")  # 区域
    # 文件标识: a 69 barcode or a QR code's text
    file_code: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    state: Mapped[str] = mapped_column(sa.String(10))
    steps: Mapped[str] = mapped_column(sa.Text)  # JSON: a list of steps, each a list of ids
    step: Mapped[int] = mapped_column(sa.Integer, default=0)  # the step waiting for a decision
    cc: Mapped[str] = mapped_column(sa.Text)  # JSON list of ids
    decisions: Mapped[str] = mapped_column(sa.Text, default="[]")  # JSON list
    grant_id: Mapped[str | None] = mapped_column(sa.String(32))
    created_ms: Mapped[int] = mapped_column(sa.BigInteger)


class Grant(Base):
    """下发授权. ``state``: active (用印中, or 已过期 once its time or count is used up; a 预先授权
    waits for its activation, 待激活, until then), ended (用印结束), refused (the box would not
    take it)."""

    __tablename__ = "sealbox_grants"
    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)  # 16 bytes, hex
    unit_id: Mapped[str] = mapped_column(sa.ForeignKey("units.id"), index=True)
    box_id: Mapped[str] = mapped_column(sa.ForeignKey("sealbox_boxes.id"), index=True)
    application_id: Mapped[str | None] = mapped_column(sa.String(36))
    user_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    user_name: Mapped[str] = mapped_column(sa.String(100))
    not_before: Mapped[int] = mapped_column(sa.BigInteger)
    not_after: Mapped[int] = mapped_column(sa.BigInteger)
    count: Mapped[int] = mapped_column(sa.Integer)
    used: Mapped[int] = mapped_column(sa.Integer, default=0)  # by the records uploaded
    mode: Mapped[str] = mapped_column(sa.String(15))  # direct | preauthorized
    flags: Mapped[int] = mapped_column(sa.Integer)
    # 使用模式 (physical 物理印章模式 | electronic 电子印章模式) and 用印区域: the platform's, not
    # in the box's command (the box stamps alike in both and knows no place)
    usage_mode: Mapped[str] = mapped_column(
        sa.String(12), default="physical", server_default="physical"
    )
    area: Mapped[str] = mapped_column(sa.String(50), default="", server_default="")
    activation: Mapped[bytes] = mapped_column(sa.LargeBinary, default=b"")
    activation_tries: Mapped[int] = mapped_column(sa.Integer, default=0)
    activated: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    state: Mapped[str] = mapped_column(sa.String(10))
    refusal: Mapped[str] = mapped_column(sa.String(50), default="")
    delivered_ms: Mapped[int | None] = mapped_column(sa.BigInteger)
    granted_by: Mapped[str] = mapped_column(sa.String(36))
    created_ms: Mapped[int] = mapped_column(sa.BigInteger)
    ended_by: Mapped[str | None] = mapped_column(sa.String(36))
    ended_ms: Mapped[int | None] = mapped_column(sa.BigInteger)


class Command(Base):
    """A signed command for a box: pending until a client carries it there and says how the
    box answered (delivered | refused), or superseded (a grant ended before it got there)."""

    __tablename__ = "sealbox_commands"
    __table_args__ = (sa.UniqueConstraint("box_id", "counter"),)
    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    box_id: Mapped[str] = mapped_column(sa.ForeignKey("sealbox_boxes.id"), index=True)
    counter: Mapped[int] = mapped_column(sa.BigInteger)
    kind: Mapped[str] = mapped_column(sa.String(10))
    signed: Mapped[bytes] = mapped_column(sa.LargeBinary)  # the Signed message, encoded
    grant_id: Mapped[str | None] = mapped_column(sa.String(32))
    state: Mapped[str] = mapped_column(sa.String(12))
    reason: Mapped[str] = mapped_column(sa.String(50), default="")
    created_ms: Mapped[int] = mapped_column(sa.BigInteger)
    done_ms: Mapped[int | None] = mapped_column(sa.BigInteger)


class Record(Base):
    """A box's record as a client uploaded it (numbered by the box), with its photo."""

    __tablename__ = "sealbox_records"
    __table_args__ = (
        sa.UniqueConstraint("box_id", "seq"),
        sa.Index("ix_sealbox_records_unit_kind", "unit_id", "kind", "id"),
    )
    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    unit_id: Mapped[str] = mapped_column(sa.ForeignKey("units.id"))
    box_id: Mapped[str] = mapped_column(sa.ForeignKey("sealbox_boxes.id"))
    seq: Mapped[int] = mapped_column(sa.BigInteger)
    kind: Mapped[str] = mapped_column(sa.String(10))  # stamp | abnormal
    cause: Mapped[str] = mapped_column(sa.String(30), default="")
    time_ms: Mapped[int] = mapped_column(sa.BigInteger)
    grant_id: Mapped[str] = mapped_column(sa.String(32), default="")
    user_id: Mapped[str] = mapped_column(sa.String(64), default="", index=True)
    used: Mapped[int] = mapped_column(sa.Integer, default=0)
    detail: Mapped[str] = mapped_column(sa.String(256), default="")
    photo_bytes: Mapped[int] = mapped_column(sa.Integer, default=0)  # as the box said
    photo: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    has_photo: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    uploaded_by: Mapped[str] = mapped_column(sa.String(36))
    uploaded_ms: Mapped[int] = mapped_column(sa.BigInteger)
    # 使用位置: the place of the client that uploaded it
    place: Mapped[str] = mapped_column(sa.String(50), default="", server_default="")


class Seen(Base):
    """The newest abnormal record a person has seen (the unread badge counts the rest)."""

    __tablename__ = "sealbox_seen"
    person_id: Mapped[str] = mapped_column(sa.ForeignKey("people.id"), primary_key=True)
    upto: Mapped[int] = mapped_column(sa.BigInteger, default=0)


class OfflineCode(Base):
    """The 主管理员's code that turns a box's 无网络设置 on: 5 minutes, 5 tries, used once."""

    __tablename__ = "sealbox_offline_codes"
    box_id: Mapped[str] = mapped_column(sa.ForeignKey("sealbox_boxes.id"), primary_key=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    expires_ms: Mapped[int] = mapped_column(sa.BigInteger)
    tries: Mapped[int] = mapped_column(sa.Integer, default=0)


class SmsNotice(Base):
    """An SMS the platform sent (or did not: ``capped``, the recipient's 50 of the day were
    used up; ``no_phone``) about a use of a box or its lost-lock."""

    __tablename__ = "sealbox_sms"
    __table_args__ = (sa.Index("ix_sealbox_sms_person_day", "person_id", "day"),)
    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    unit_id: Mapped[str] = mapped_column(sa.ForeignKey("units.id"), index=True)
    person_id: Mapped[str] = mapped_column(sa.String(36))  # the recipient
    day: Mapped[int] = mapped_column(sa.Integer)  # days since the epoch, China time
    kind: Mapped[str] = mapped_column(sa.String(10))  # use | lock
    box_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    grant_id: Mapped[str] = mapped_column(sa.String(32), default="", index=True)
    record_seq: Mapped[int | None] = mapped_column(sa.BigInteger)
    state: Mapped[str] = mapped_column(sa.String(10))  # sent | capped | no_phone
    text: Mapped[str] = mapped_column(sa.String(300))
    created_ms: Mapped[int] = mapped_column(sa.BigInteger)


class ApplicationFile(Base):
    """A 文件图片 or 文件附件 of an application, uploaded by its applicant (S3:296-297); its
    type is what its bytes are (sealdesk.sealbox.appfiles)."""

    __tablename__ = "sealbox_application_files"
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(sa.ForeignKey("units.id"))
    application_id: Mapped[str] = mapped_column(
        sa.ForeignKey("sealbox_applications.id"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(10))  # image | attachment
    name: Mapped[str] = mapped_column(sa.String(100))  # cleaned: no folders
    file_type: Mapped[str] = mapped_column(sa.String(10))  # jpeg, png, pdf, docx …
    size: Mapped[int] = mapped_column(sa.Integer)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    uploaded_by: Mapped[str] = mapped_column(sa.String(36))
    created_ms: Mapped[int] = mapped_column(sa.BigInteger)


class FeatureSet(Base):
    """功能配置 (S3:1158-1213): the items of the 用印申请 and 下发授权 forms the unit uses, set
    by its 主管理员. A unit without a row uses every item (批量配置, see
    :mod:`sealdesk.server.sealbox_features`)."""

    __tablename__ = "sealbox_features"
    unit_id: Mapped[str] = mapped_column(sa.ForeignKey("units.id"), primary_key=True)
    mode: Mapped[str] = mapped_column(sa.String(6))  # manual 手动配置 | batch 批量配置
    items: Mapped[str] = mapped_column(sa.Text)  # JSON list of the ticked items
    changed_by: Mapped[str] = mapped_column(sa.String(36))
    changed_ms: Mapped[int] = mapped_column(sa.BigInteger)
