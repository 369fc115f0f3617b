"""Request bodies of the seal-box endpoints: bounded, unknown fields refused, integers strict
(a count of "a", 5.5 or true is a 422, not a guess), windows that make sense."""

from __future__ import annotations

import time
import uuid
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, model_validator

from sealdesk.sealbox.features import ITEMS
from sealdesk.sealbox.filecode import check_file_code
from sealdesk.sealbox.protocol.commands import MAX_AUTO_OFF_MIN, MAX_BACKLIGHT_S, MAX_COUNT
from sealdesk.server.schemas import Email, _Body, _plain

MAX_TIME = 2**40  # seconds since the epoch: far beyond any window
EXPORT_DAYS = 366  # one export covers at most a year of records


Name = Annotated[str, Field(min_length=1, max_length=50), AfterValidator(_plain)]
Reason = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_plain)]
Words = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_plain)]
Optional50 = Annotated[
    str, Field(max_length=50), AfterValidator(lambda v: _plain(v) if v.strip() else "")
]
Optional20 = Annotated[
    str, Field(max_length=20), AfterValidator(lambda v: _plain(v) if v.strip() else "")
]
Optional100 = Annotated[
    str, Field(max_length=100), AfterValidator(lambda v: _plain(v) if v.strip() else "")
]
Note = Annotated[
    str, Field(max_length=120), AfterValidator(lambda v: _plain(v) if v.strip() else "")
]
Count = Annotated[int, Field(strict=True, ge=0, le=MAX_COUNT)]
Seconds = Annotated[int, Field(strict=True, ge=0, le=MAX_TIME)]
U16 = Annotated[int, Field(strict=True, ge=0, le=0xFFFF)]
U64 = Annotated[int, Field(strict=True, ge=0, le=2**63)]
DeviceId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]
Mac = Annotated[str, Field(pattern=r"^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$")]
Hex16 = Annotated[str, Field(pattern=r"^([0-9a-f]{32})?$")]
People = Annotated[list[uuid.UUID], Field(max_length=3)]
# 文件标识: a 69 barcode (EAN-13, its check digit right) or a QR code's text (≤ 200)
FileCode = Annotated[str, Field(max_length=400), AfterValidator(check_file_code)]


def _window(not_before: int | None, not_after: int) -> None:
    start = int(time.time()) if not_before is None else not_before
    if start >= not_after:
        raise ValueError("the window must start before it ends")
    if not_after <= time.time():
        raise ValueError("the window must end in the future")


def _distinct(people: list[uuid.UUID]) -> None:
    if len(set(people)) != len(people):
        raise ValueError("a person is named twice")


class BoxIn(_Body):
    """A box to bind, as the client found it (its Info)."""

    device_id: DeviceId
    model: Annotated[str, Field(pattern=r"^[A-Za-z0-9]{1,8}$")]
    firmware: Annotated[str, Field(pattern=r"^[A-Za-z0-9._-]{1,40}$")]
    address: Mac
    ble_name: Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_plain)]
    name: Name  # 设备名称
    note: Optional100 = ""
    fingerprint: bool = False
    next_seq: Annotated[int, Field(strict=True, ge=0, le=2**32)] = 0


class BoxPatch(_Body):
    name: Name | None = None
    note: Optional100 | None = None


class BoxRoleIn(_Body):
    role: Literal["box_admin", "keeper", "member"]


class KeepersIn(_Body):
    person_ids: People

    @model_validator(mode="after")
    def _check(self) -> Self:
        _distinct(self.person_ids)
        return self


class InfoIn(_Body):
    """What a box said about itself when a client reached it (its Info message)."""

    device_id: DeviceId
    firmware: Annotated[str, Field(max_length=40)] = ""
    screen: Annotated[str, Field(max_length=40)] = ""
    bound: bool = True
    key_id: Annotated[str, Field(pattern=r"^([0-9a-f]{16})?$")] = ""
    counter: U64 = 0
    used: U16 = 0
    granted: U16 = 0
    capacity: U16 = 0
    stored: U16 = 0
    next_seq: Annotated[int, Field(strict=True, ge=0, le=2**32)] = 0
    uploaded: Annotated[int, Field(strict=True, ge=0, le=2**32)] = 0
    locked: bool = False
    offline: bool = False
    grant_id: Hex16 = ""
    backlight: U16 = 0
    auto_off: U16 = 0
    # where the client that reached it is (its user's setting: a BLE box has no GPS); it
    # becomes the box's last known position and the 使用位置 of the records it uploads
    place: Optional50 = ""


class Delivery(_Body):
    counter: U64
    outcome: Literal["ok", "refused"]
    reason: Annotated[str, Field(max_length=50, pattern=r"^[a-z_]*$")] = ""


class DeliveriesIn(_Body):
    results: Annotated[list[Delivery], Field(max_length=100)]
    info: InfoIn | None = None


class RecordIn(_Body):
    """One record as the client keeps it (sealbox.records.as_json)."""

    seq: Annotated[int, Field(strict=True, ge=0, le=2**32)]
    kind: Literal["stamp", "abnormal"]
    # a cause's name (sealbox.protocol.messages.Cause), or the number of one this server does
    # not know yet (a newer box): kept as it came
    cause: Annotated[str | None, Field(max_length=30, pattern=r"^[a-z0-9_]*$")] = None
    time_ms: Annotated[int, Field(strict=True, ge=0, le=2**50)]
    grant_id: Hex16 = ""
    user_id: Annotated[str, Field(max_length=64)] = ""
    used: U16 = 0
    photo_bytes: Annotated[int, Field(strict=True, ge=0, le=512 * 1024)] = 0
    detail: Annotated[str, Field(max_length=256)] = ""

    @model_validator(mode="after")
    def _check(self) -> Self:
        _plain(self.detail or "-")
        _plain(self.user_id or "-")
        return self


class RecordsIn(_Body):
    records: Annotated[list[RecordIn], Field(max_length=200)]
    info: InfoIn | None = None


class PhotoIn(_Body):
    seq: Annotated[int, Field(strict=True, ge=0, le=2**32)]
    jpeg: Annotated[str, Field(max_length=700_000)]  # base64 of at most 512 kB


class PhotosIn(_Body):
    photos: Annotated[list[PhotoIn], Field(min_length=1, max_length=100)]

    @model_validator(mode="after")
    def _check(self) -> Self:
        if len({p.seq for p in self.photos}) != len(self.photos):
            raise ValueError("a record's photo is given twice")
        return self


class SettingsIn(_Body):
    backlight: Annotated[int, Field(strict=True, ge=0, le=MAX_BACKLIGHT_S)] | None = None
    auto_off: Annotated[int, Field(strict=True, ge=0, le=MAX_AUTO_OFF_MIN)] | None = None
    offline: bool | None = None
    code: Annotated[str, Field(pattern=r"^[0-9]{6}$")] | None = None  # 主管理员's, for offline

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.backlight is None and self.auto_off is None and self.offline is None:
            raise ValueError("nothing to set")
        return self


class CategoryIn(_Body):
    name: Name


class TemplateIn(_Body):
    box_id: uuid.UUID
    category_id: uuid.UUID
    approvers: Annotated[list[uuid.UUID], Field(min_length=1, max_length=3)]
    cc: People = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> Self:
        _distinct(self.approvers)
        _distinct(self.cc)
        return self


class ApplicationIn(_Body):
    """用印申请 (S3:272-371): 事由, the box, the file, count 0–500 (0 = unlimited), window."""

    box_id: uuid.UUID
    reason: Reason  # 事由
    category_id: uuid.UUID | None = None
    file_name: Optional100 = ""
    file_type: Optional50 = ""
    copies: Annotated[int, Field(strict=True, ge=1, le=10_000)] = 1
    carrier: Optional20 = ""  # 载体: 纸质, 电子 …
    count: Count | None = None  # required while 用印次数 is ticked (功能配置)
    not_before: Seconds | None = None
    not_after: Seconds | None = None  # required while 结束时间 is ticked
    note: Note = ""
    photo_required: bool = False  # 强制上传图片
    department_id: uuid.UUID | None = None  # 部门: one of the unit's (unknown: 422)
    area: Optional50 = ""  # 区域
    file_code: FileCode = ""  # 文件标识

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.not_after is not None:
            _window(self.not_before, self.not_after)
        return self


class ApproveIn(_Body):
    reason: Annotated[str, Field(max_length=200)] = ""


class RejectIn(_Body):
    reason: Words  # required: a blank one is refused (P: the seed accepts spaces)


class GrantIn(_Body):
    """下发授权: to a person, for a window and a count; from an application or directly."""

    box_id: uuid.UUID
    user_id: uuid.UUID | None = None
    application_id: uuid.UUID | None = None
    count: Count | None = None
    not_before: Seconds | None = None
    not_after: Seconds | None = None
    mode: Literal["direct", "preauthorized"] = "direct"
    photo: bool | None = None  # 盖章拍照: by default on while it is ticked in 功能配置
    fingerprint: bool = False  # 校验指纹
    force_upload: bool = False  # 强制上传记录
    notify: bool = False  # 通知
    # 使用模式 and 用印区域: checked by the endpoint (422 invalid_usage_mode / invalid_area)
    usage_mode: Annotated[str, Field(max_length=20)] = "physical"
    area: Annotated[str, Field(max_length=200)] = ""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.application_id is None and self.user_id is None:
            raise ValueError("without an application: user_id")
        if self.not_after is not None:
            _window(self.not_before, self.not_after)
        return self


class ActivateIn(_Body):
    code: Annotated[str, Field(pattern=r"^[0-9]{6}$")]


class SeenIn(_Body):
    upto: Annotated[int, Field(strict=True, ge=0, le=2**62)]


class ExportIn(_Body):
    """导出记录 (S3:603-607): a box's records from ``from_ms`` to ``to_ms`` (ms since the epoch,
    both included), mailed to ``email``."""

    from_ms: Annotated[int, Field(strict=True, ge=0, le=2**50)]
    to_ms: Annotated[int, Field(strict=True, ge=0, le=2**50)]
    email: Email

    @model_validator(mode="after")
    def _range(self) -> Self:
        if self.from_ms > self.to_ms:
            raise ValueError("the range starts after it ends")
        if self.to_ms - self.from_ms > EXPORT_DAYS * 86_400_000:
            raise ValueError(f"at most {EXPORT_DAYS} days at once")
        return self


class FileIn(_Body):
    """A 文件图片 or 文件附件 of an application: its name as the applicant's computer had it
    (folders are dropped) and its bytes in base64 (at most 700 kB once decoded, checked by the
    endpoint: 413 file_too_large; a type not taken, 422)."""

    kind: Literal["image", "attachment"]
    name: Annotated[str, Field(min_length=1, max_length=255)]
    data: Annotated[str, Field(min_length=1, max_length=1 << 20)]


def _item(name: str) -> str:
    if name not in ITEMS:
        raise ValueError(f"unknown item {name[:40]!r}: {', '.join(ITEMS)}")
    return name


Items = Annotated[list[Annotated[str, AfterValidator(_item)]], Field(max_length=len(ITEMS))]


class FeaturesIn(_Body):
    """功能配置: ``mode`` manual (手动配置, nothing ticked) or batch (批量配置, everything ticked)
    first, when given; then the items of ``on`` ticked and those of ``off`` unticked."""

    mode: Literal["manual", "batch"] | None = None
    on: Items = Field(default_factory=list)
    off: Items = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.mode is None and not self.on and not self.off:
            raise ValueError("nothing to set")
        if set(self.on) & set(self.off):
            raise ValueError("an item is both ticked and unticked")
        return self
