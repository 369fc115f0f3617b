"""Commands the platform signs for one box: grants, end of use, lock, settings, unbind.

The platform signs with SM2 (SM3, default ID) the bytes ``DOMAIN || body``; the body names the
box (device id), the platform key (its id), a counter that only grows per box, and the
command. The box accepts a command only when the signature verifies with the key it received
at binding, the device id is its own, the counter is above the last one it accepted, and (for
a grant) the window has not ended. What it refuses is kept as an abnormal record (cause in
``REFUSAL_CAUSES``). The server signs with :func:`sign_command`, the box checks with
:func:`verify_command`: one code for both.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import IntEnum, IntFlag

from sealdesk.sealbox.protocol.messages import (
    Cause,
    Message,
    ProtocolError,
    Signed,
    decode_as,
    f,
)
from sealdesk.signing import sm2

DOMAIN = b"SealDesk seal box command v1\x00"
MAX_COUNT = 500  # 0 = unlimited (S3:386)
MAX_BACKLIGHT_S = 180  # S3:725
MAX_AUTO_OFF_MIN = 30  # S3:733


class CommandKind(IntEnum):
    GRANT = 1
    END = 2  # 结束用印
    LOCK = 3  # 挂失锁定
    UNLOCK = 4
    SETTINGS = 5
    UNBIND = 6


class Mode(IntEnum):
    DIRECT = 0  # 直接授权
    PREAUTHORIZED = 1  # 预先授权: usable after the activation code


class GrantFlags(IntFlag):
    NONE = 0
    PHOTO = 1  # 盖章拍照
    FINGERPRINT = 2  # 校验指纹 (only where the box has a fingerprint reader)
    FORCE_UPLOAD = 4  # 强制上传记录
    NOTIFY = 8  # 通知


@dataclass(frozen=True)
class Command(Message):
    """The signed body. Fields a kind does not use stay empty."""

    TYPE = 0x91
    kind: int = f(1, "u8")
    device_id: str = f(2, "text")
    key_id: bytes = f(3, "bytes")
    counter: int = f(4, "u64")
    issued_at: int = f(5, "u64")  # seconds since the epoch
    # grant
    grant_id: bytes = f(10, "bytes", default=b"")
    user_id: str = f(11, "text", default="")
    user_name: str = f(12, "text", default="")
    not_before: int = f(13, "u64", default=0)
    not_after: int = f(14, "u64", default=0)
    count: int = f(15, "u16", default=0)
    mode: int = f(16, "u8", default=Mode.DIRECT)
    activation: bytes = f(17, "bytes", default=b"")  # SM3(grant_id || code) when pre-authorized
    flags: int = f(18, "u8", default=GrantFlags.NONE)
    # settings
    backlight: int | None = f(20, "u16", default=None)
    auto_off: int | None = f(21, "u16", default=None)
    offline: bool | None = f(22, "bool", default=None)


class Refusal(IntEnum):
    REPLAYED = 1
    FOREIGN = 2
    TAMPERED = 3
    EXPIRED = 4
    INVALID = 5
    CAPABILITY = 6


REFUSAL_CAUSES = {
    Refusal.REPLAYED: Cause.COMMAND_REPLAYED,
    Refusal.FOREIGN: Cause.COMMAND_FOREIGN,
    Refusal.TAMPERED: Cause.COMMAND_TAMPERED,
    Refusal.EXPIRED: Cause.GRANT_EXPIRED,
}


class CommandRefused(Exception):
    """The box will not carry this command out; ``refusal`` says why."""

    def __init__(self, refusal: Refusal, detail: str) -> None:
        super().__init__(f"{refusal.name.lower()}: {detail}")
        self.refusal = refusal
        self.detail = detail


def key_id(point: bytes) -> bytes:
    """The 8-byte id of a platform public key (an uncompressed SM2 point)."""
    return hashlib.new("sm3", point).digest()[:8]


def activation_digest(grant_id: bytes, code: str) -> bytes:
    """What a pre-authorized grant carries instead of its activation code."""
    return hashlib.new("sm3", grant_id + code.strip().encode("utf-8")).digest()


def check_fields(command: Command) -> None:
    """The command's own fields make sense (the platform checks before signing, the box after).

    :raises CommandRefused: INVALID, with what is wrong.
    """
    try:
        kind = CommandKind(command.kind)
    except ValueError:
        raise CommandRefused(Refusal.INVALID, f"unknown command {command.kind}") from None
    if kind is CommandKind.GRANT:
        if not 0 <= command.count <= MAX_COUNT:
            raise CommandRefused(Refusal.INVALID, f"count {command.count} (0-{MAX_COUNT})")
        if command.not_before >= command.not_after:
            raise CommandRefused(Refusal.INVALID, "the window starts after it ends")
        if len(command.grant_id) != 16 or not command.user_id:
            raise CommandRefused(Refusal.INVALID, "a grant needs a 16-byte id and a user")
        if command.mode not in tuple(Mode):
            raise CommandRefused(Refusal.INVALID, f"unknown mode {command.mode}")
        if (command.mode == Mode.PREAUTHORIZED) != bool(command.activation):
            raise CommandRefused(Refusal.INVALID, "an activation digest only when pre-authorized")
        if command.flags & ~0x0F:
            raise CommandRefused(Refusal.INVALID, f"unknown flags {command.flags:#x}")
    if kind is CommandKind.SETTINGS:
        if command.backlight is not None and command.backlight > MAX_BACKLIGHT_S:
            raise CommandRefused(Refusal.INVALID, f"backlight {command.backlight} s (0-180)")
        if command.auto_off is not None and command.auto_off > MAX_AUTO_OFF_MIN:
            raise CommandRefused(Refusal.INVALID, f"auto-off {command.auto_off} min (0-30)")


def sign_command(command: Command, key: sm2.Sm2PrivateKey) -> Signed:
    """The platform's side: check and sign.

    :raises CommandRefused: INVALID fields (nothing is signed).
    """
    check_fields(command)
    body = command.encode()
    return Signed(body=body, signature=sm2.sign(key, DOMAIN + body))


def verify_command(
    signed: Signed,
    *,
    platform_key: bytes,
    device_id: str,
    last_counter: int,
    now: float,
) -> Command:
    """The box's side: the command, if it may be carried out now.

    :raises CommandRefused: TAMPERED (bad signature or body), FOREIGN (another box or
        platform key), REPLAYED (counter not above ``last_counter``), EXPIRED (a grant whose
        window ended), INVALID (fields out of range).
    """
    try:
        command = decode_as(Command, signed.body)
    except ProtocolError as e:
        raise CommandRefused(Refusal.TAMPERED, f"unreadable body: {e}") from e
    if command.key_id != key_id(platform_key):
        raise CommandRefused(Refusal.FOREIGN, "signed by another platform key")
    if not sm2.verify(platform_key, signed.signature, DOMAIN + signed.body):
        raise CommandRefused(Refusal.TAMPERED, "the signature does not verify")
    if command.device_id != device_id:
        raise CommandRefused(Refusal.FOREIGN, f"meant for box {command.device_id}")
    if command.counter <= last_counter:
        raise CommandRefused(
            Refusal.REPLAYED, f"counter {command.counter} not above {last_counter}"
        )
    check_fields(command)
    if command.kind == CommandKind.GRANT and command.not_after <= now:
        raise CommandRefused(Refusal.EXPIRED, "the grant's window has ended")
    return command
