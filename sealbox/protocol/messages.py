"""The box's messages: what the client asks, what the box answers, records, signed commands.

A message is one type byte and then fields as TLV (tag u8, length u16, value): an unknown tag
is skipped (a newer peer), a known one must have its type's length and range, a missing
required field or a repeated one makes the message malformed. Integers are big-endian.
"""

from __future__ import annotations

import dataclasses
import struct
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, ClassVar, TypeVar

MAX_TEXT = 256  # bytes of UTF-8 in a text field
MAX_FIELD = 0xFFFF


class ProtocolError(ValueError):
    """Bytes that are not a valid message (the peer is broken or hostile)."""


def _tlv(tag: int, value: bytes) -> bytes:
    return struct.pack(">BH", tag, len(value)) + value


_INTS = {"u8": 1, "u16": 2, "u32": 4, "u64": 8}


def f(tag: int, kind: str, **kw: Any) -> Any:
    """A field with its TLV tag and kind: u8/u16/u32/u64, bool, text, bytes, list (repeated
    bytes, e.g. nested records), blob (bytes that may be longer than a field: in pieces of
    MAX_FIELD under one tag, the same bytes as ``bytes`` when shorter)."""
    return field(metadata={"tag": tag, "kind": kind}, **kw)


class Message:
    """Base of every message: ``encode`` and ``decode`` by the declared fields."""

    TYPE: ClassVar[int]

    def encode(self) -> bytes:
        out = [bytes((self.TYPE,))]
        for fd in dataclasses.fields(self):  # type: ignore[arg-type]
            tag, kind = fd.metadata["tag"], fd.metadata["kind"]
            value = getattr(self, fd.name)
            if value is None:
                continue
            if kind in _INTS:
                out.append(_tlv(tag, int(value).to_bytes(_INTS[kind], "big")))
            elif kind == "bool":
                out.append(_tlv(tag, b"\x01" if value else b"\x00"))
            elif kind == "text":
                out.append(_tlv(tag, value.encode("utf-8")))
            elif kind == "bytes":
                out.append(_tlv(tag, bytes(value)))
            elif kind == "blob":  # longer than a field: in pieces under one tag
                data = bytes(value)
                out.extend(
                    _tlv(tag, data[i : i + MAX_FIELD]) for i in range(0, len(data) or 1, MAX_FIELD)
                )
            else:  # list
                out.extend(_tlv(tag, bytes(item)) for item in value)
        return b"".join(out)


M = TypeVar("M", bound=Message)


def _fields(data: bytes) -> dict[int, list[bytes]]:
    found: dict[int, list[bytes]] = {}
    at = 1
    while at < len(data):
        if at + 3 > len(data):
            raise ProtocolError("a field header is cut short")
        tag, length = struct.unpack_from(">BH", data, at)
        at += 3
        if at + length > len(data):
            raise ProtocolError(f"field {tag} is cut short")
        found.setdefault(tag, []).append(data[at : at + length])
        at += length
    return found


def _value(kind: str, raw: list[bytes], name: str) -> Any:
    if kind == "list":
        return raw
    if kind == "blob":
        if any(len(piece) != MAX_FIELD for piece in raw[:-1]):
            raise ProtocolError(f"{name}: a piece before the last is short")
        return b"".join(raw)
    if len(raw) > 1:
        raise ProtocolError(f"{name} given twice")
    value = raw[0]
    if kind in _INTS:
        if len(value) != _INTS[kind]:
            raise ProtocolError(f"{name}: {len(value)} bytes for {kind}")
        return int.from_bytes(value, "big")
    if kind == "bool":
        if value not in (b"\x00", b"\x01"):
            raise ProtocolError(f"{name}: not a boolean")
        return value == b"\x01"
    if kind == "text":
        if len(value) > MAX_TEXT:
            raise ProtocolError(f"{name}: text over {MAX_TEXT} bytes")
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError as e:
            raise ProtocolError(f"{name}: not UTF-8") from e
    return value


def decode_as(cls: type[M], data: bytes) -> M:
    """``data`` as a message of class ``cls`` (its type byte included).

    :raises ProtocolError: another type, a malformed field, a required field missing.
    """
    if not data or data[0] != cls.TYPE:
        raise ProtocolError(f"not a {cls.__name__}")
    found = _fields(data)
    kwargs: dict[str, Any] = {}
    for fd in dataclasses.fields(cls):  # type: ignore[arg-type]
        raw = found.get(fd.metadata["tag"])
        if raw is None:
            if fd.default is dataclasses.MISSING and fd.default_factory is dataclasses.MISSING:
                raise ProtocolError(f"{cls.__name__}: {fd.name} missing")
            continue
        kwargs[fd.name] = _value(fd.metadata["kind"], raw, fd.name)
    return cls(**kwargs)


class T(IntEnum):
    """Message types. Client to box below 0x80, box to client from 0x80."""

    HELLO = 0x01
    BIND = 0x02
    SIGNED = 0x03
    ACTIVATE = 0x04
    RECORDS_GET = 0x05
    RECORDS_ACK = 0x06
    PHOTO_GET = 0x07
    PING = 0x08
    PHOTOS_GET = 0x09
    INFO = 0x81
    RESULT = 0x82
    RECORDS = 0x83
    RECORDS_DONE = 0x84
    PHOTO = 0x85
    PONG = 0x86
    PHOTOS_DONE = 0x87


# -- client to box


@dataclass(frozen=True)
class Hello(Message):
    """First message on a connection: who asks; the box answers with its Info."""

    TYPE = T.HELLO
    client: str = f(1, "text", default="")


@dataclass(frozen=True)
class Bind(Message):
    """Bind an unbound box to a platform: the key its signed commands will carry."""

    TYPE = T.BIND
    platform_key: bytes = f(1, "bytes")  # SM2 uncompressed point, 65 bytes
    name: str = f(2, "text")  # 设备名称
    unit: str = f(3, "text", default="")


@dataclass(frozen=True)
class Signed(Message):
    """A command from the platform (grant, end, lock, settings, unbind): body and SM2 signature."""

    TYPE = T.SIGNED
    body: bytes = f(1, "bytes")
    signature: bytes = f(2, "bytes")


@dataclass(frozen=True)
class Activate(Message):
    """The activation code of a pre-authorized grant, as the person typed it."""

    TYPE = T.ACTIVATE
    code: str = f(1, "text")


@dataclass(frozen=True)
class RecordsGet(Message):
    """Send the records from this record number on (the client's resume cursor: it holds every
    record before it, so this acknowledges them too)."""

    TYPE = T.RECORDS_GET
    start: int = f(1, "u32")


@dataclass(frozen=True)
class RecordsAck(Message):
    """The client holds every record before ``upto`` safely: the box may free them."""

    TYPE = T.RECORDS_ACK
    upto: int = f(1, "u32")


@dataclass(frozen=True)
class PhotoGet(Message):
    """One record's photo (every box): answered by one Photo."""

    TYPE = T.PHOTO_GET
    seq: int = f(1, "u32")


MAX_PHOTOS_ASKED = 64  # seqs in one PhotosGet: what a box must hold of a request


@dataclass(frozen=True)
class PhotosGet(Message):
    """Several records' photos at once (boxes with ``Capability.PHOTO_STREAM``): the box
    sends a Photo for each, in this order, back to back, then PhotosDone. One round trip for
    them all instead of one each; a new request replaces one still being answered."""

    TYPE = T.PHOTOS_GET
    seqs: bytes = f(1, "bytes")  # u32 each, 1 to MAX_PHOTOS_ASKED of them

    def __post_init__(self) -> None:
        count, rest = divmod(len(self.seqs), 4)
        if rest or not 1 <= count <= MAX_PHOTOS_ASKED:
            raise ProtocolError(
                f"PhotosGet: {len(self.seqs)} bytes of seqs (1-{MAX_PHOTOS_ASKED} u32)"
            )

    @classmethod
    def of(cls, seqs: list[int]) -> PhotosGet:
        """:raises ProtocolError: none, or more than MAX_PHOTOS_ASKED."""
        return cls(seqs=b"".join(struct.pack(">I", s) for s in seqs))

    @property
    def numbers(self) -> list[int]:
        return [n for (n,) in struct.iter_unpack(">I", self.seqs)]


@dataclass(frozen=True)
class Ping(Message):
    TYPE = T.PING
    token: int = f(1, "u32")


# -- box to client


class Capability(IntEnum):
    FINGERPRINT = 1
    PHOTO = 2
    PHOTO_STREAM = 4  # answers PhotosGet (older boxes: PhotoGet only)


@dataclass(frozen=True)
class Info(Message):
    """The box as it is now: identity, binding, screen, counters, storage."""

    TYPE = T.INFO
    device_id: str = f(1, "text")
    model: str = f(2, "text")
    firmware: str = f(3, "text")
    name: str = f(4, "text")  # what it advertises (ZGY_GL)
    capabilities: int = f(5, "u8")
    bound: bool = f(6, "bool")
    key_id: bytes = f(7, "bytes")  # which platform key it trusts (empty when unbound)
    counter: int = f(8, "u64")  # the last command counter it accepted
    screen: str = f(9, "text")
    used: int = f(10, "u16")
    granted: int = f(11, "u16")  # 0 = unlimited (or no grant: see ``grant_id``)
    capacity: int = f(12, "u16")
    stored: int = f(13, "u16")  # records not yet uploaded
    next_seq: int = f(14, "u32")  # the number the next record will get
    uploaded: int = f(15, "u32")  # records before this were acknowledged by a client
    locked: bool = f(16, "bool")
    offline: bool = f(17, "bool")
    grant_id: bytes = f(18, "bytes", default=b"")
    backlight: int = f(19, "u16", default=30)
    auto_off: int = f(20, "u16", default=0)
    label: str = f(21, "text", default="")  # 设备名称 given at binding


class Outcome(IntEnum):
    OK = 0
    REFUSED = 1
    MALFORMED = 2


@dataclass(frozen=True)
class Result(Message):
    """The answer to a request that is not a query: done, or refused with a stable reason."""

    TYPE = T.RESULT
    request: int = f(1, "u8")  # the type answered
    outcome: int = f(2, "u8")
    reason: str = f(3, "text", default="")
    detail: str = f(4, "text", default="")


class RecordKind(IntEnum):
    STAMP = 1
    ABNORMAL = 2


class Cause(IntEnum):
    """Why a record is abnormal: the ten of seed 003 (S3:620-630), then refused commands."""

    NONE = 0
    OVER_COUNT = 1  # 超出授权次数
    OUTSIDE_WINDOW = 2  # 超出授权时间
    NO_GRANT = 3  # 未进行授权
    LOCKED = 4  # 挂失锁定后
    POWERING_OFF = 5  # 拉伸状态下，关机过程中
    AFTER_END = 6  # 授权使用结束，快速按压
    BEFORE_FIRST_GRANT = 7  # 绑定设备后，第一次授权前
    UNAUTHORIZED_QR = 8  # 未授权，二维码状态
    UNAUTHORIZED_SCREEN_OFF = 9  # 未授权，熄屏
    LOCKED_AT_POWER_ON = 10  # 关机时下发锁定，开机后立即按压
    COMMAND_REPLAYED = 11
    COMMAND_FOREIGN = 12
    COMMAND_TAMPERED = 13
    GRANT_EXPIRED = 14


CAUSE_WORDS: dict[Cause, tuple[str, str]] = {
    Cause.OVER_COUNT: ("超出授权次数", "over the granted count"),
    Cause.OUTSIDE_WINDOW: ("超出授权时间", "outside the granted time"),
    Cause.NO_GRANT: ("未进行授权", "no grant"),
    Cause.LOCKED: ("挂失锁定后按压", "pressed after lost-lock"),
    Cause.POWERING_OFF: ("拉伸状态下关机", "stretched while powering off"),
    Cause.AFTER_END: ("授权结束后快速按压", "quick press after the grant ended"),
    Cause.BEFORE_FIRST_GRANT: (
        "绑定后第一次授权前按压",
        "pressed after binding, before the first grant",
    ),
    Cause.UNAUTHORIZED_QR: ("未授权，二维码状态", "unauthorized, QR on screen"),
    Cause.UNAUTHORIZED_SCREEN_OFF: ("未授权，熄屏", "unauthorized, screen off"),
    Cause.LOCKED_AT_POWER_ON: (
        "关机时下发锁定，开机后按压",
        "locked while off, pressed at power-on",
    ),
    Cause.COMMAND_REPLAYED: ("重放的指令", "a replayed command"),
    Cause.COMMAND_FOREIGN: ("其他平台的指令", "a foreign command"),
    Cause.COMMAND_TAMPERED: ("被篡改的指令", "a tampered command"),
    Cause.GRANT_EXPIRED: ("过期的授权", "an expired grant"),
}
"""An abnormal record's cause in words (Chinese, English): the window's and the platform's."""


@dataclass(frozen=True)
class Record(Message):
    """One use (or refused use) of the box, numbered by the box from 0 without gaps."""

    TYPE = 0x90  # nested inside Records, never sent alone
    seq: int = f(1, "u32")
    kind: int = f(2, "u8")
    time_ms: int = f(3, "u64")
    cause: int = f(4, "u8", default=Cause.NONE)
    grant_id: bytes = f(5, "bytes", default=b"")
    user_id: str = f(6, "text", default="")
    used: int = f(7, "u16", default=0)  # the grant's count after this stamp
    photo_size: int = f(8, "u32", default=0)
    detail: str = f(9, "text", default="")


@dataclass(frozen=True)
class Records(Message):
    TYPE = T.RECORDS
    records: list[bytes] = f(1, "list", default_factory=list)  # noqa: RUF009 (a field)


@dataclass(frozen=True)
class RecordsDone(Message):
    """No more records after these: the next record will be ``next_seq``."""

    TYPE = T.RECORDS_DONE
    next_seq: int = f(1, "u32")


@dataclass(frozen=True)
class Photo(Message):
    TYPE = T.PHOTO
    seq: int = f(1, "u32")
    jpeg: bytes = f(2, "blob")  # empty: no photo for that record


@dataclass(frozen=True)
class PhotosDone(Message):
    """The end of the answer to a PhotosGet: ``sent`` Photo messages came before it."""

    TYPE = T.PHOTOS_DONE
    sent: int = f(1, "u16")


@dataclass(frozen=True)
class Pong(Message):
    TYPE = T.PONG
    token: int = f(1, "u32")


MESSAGES: dict[int, type[Message]] = {
    cls.TYPE: cls
    for cls in (
        Hello,
        Bind,
        Signed,
        Activate,
        RecordsGet,
        RecordsAck,
        PhotoGet,
        PhotosGet,
        Ping,
        Info,
        Result,
        Records,
        RecordsDone,
        Photo,
        PhotosDone,
        Pong,
    )
}


def decode(data: bytes) -> Message:
    """Any top-level message.

    :raises ProtocolError: unknown type or malformed.
    """
    if not data or data[0] not in MESSAGES:
        raise ProtocolError(f"unknown message type {data[:1].hex() or '(empty)'}")
    return decode_as(MESSAGES[data[0]], data)


def records_of(message: Records) -> list[Record]:
    """The records a Records message carries.

    :raises ProtocolError: one of them is malformed.
    """
    return [decode_as(Record, raw) for raw in message.records]
