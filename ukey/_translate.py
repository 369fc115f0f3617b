"""python-pkcs11 exceptions to our typed errors, in one place."""

from __future__ import annotations

import enum
from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

import pkcs11
import pkcs11.exceptions as p11e

from sealdesk.ukey.errors import (
    DeviceError,
    NotLoggedIn,
    NotSupported,
    PinFormatInvalid,
    PinIncorrect,
    PinLocked,
    TokenRemoved,
    UKeyError,
)

_REMOVED = (
    p11e.DeviceRemoved,
    p11e.TokenNotPresent,
    p11e.TokenNotRecognised,
    p11e.SessionHandleInvalid,
    p11e.SessionClosed,
    p11e.SlotIDInvalid,
)
_UNSUPPORTED = (p11e.MechanismInvalid, p11e.FunctionNotSupported, p11e.KeyTypeInconsistent)


class Translator:
    """A reusable context manager raising our typed errors for python-pkcs11's.

    ``pin_status`` re-reads (count_low, final_try, locked) from the token after a refused PIN,
    since the flags are all PKCS#11 tells about tries left. ``present`` says whether the key is
    still there: modules report a pulled key with many different codes (invalid handles,
    general errors), so any other failure is checked against presence. A class, not a
    generator, so that a token keeps one and the signing hot path pays almost nothing.
    """

    def __init__(
        self,
        pin_status: Callable[[], tuple[bool, bool, bool]] | None = None,
        *,
        present: Callable[[], bool] | None = None,
        pin_limits: tuple[int, int] = (1, 64),
    ) -> None:
        self._pin_status = pin_status
        self._present = present
        self._pin_limits = pin_limits

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        if isinstance(e, UnicodeDecodeError):
            # python-pkcs11 decodes labels as strict UTF-8; keys written by GBK tools exist
            raise DeviceError("a label on the key is not UTF-8", code="label_encoding") from e
        if e is None or isinstance(e, UKeyError) or not isinstance(e, pkcs11.PKCS11Error):
            return
        raise self._typed(e) from e

    def _typed(self, e: pkcs11.PKCS11Error) -> UKeyError:
        if isinstance(e, p11e.PinIncorrect):
            status = self._pin_status() if self._pin_status else (False, False, False)
            count_low, final_try, locked = status
            if locked:
                return PinLocked("PIN locked")
            return PinIncorrect(tries_left=1 if final_try else None, count_low=count_low)
        if isinstance(e, p11e.PinLocked):
            return PinLocked("PIN locked")
        if isinstance(e, p11e.PinLenRange | p11e.PinInvalid):
            low, high = self._pin_limits
            return PinFormatInvalid("rejected_by_key", min_length=low, max_length=high)
        if isinstance(e, _REMOVED):
            return TokenRemoved(type(e).__name__)
        if isinstance(e, _UNSUPPORTED):
            return NotSupported(type(e).__name__)
        if isinstance(e, p11e.UserNotLoggedIn):
            return NotLoggedIn("login required")
        if self._present is not None and not self._present():
            return TokenRemoved(type(e).__name__)
        return DeviceError(str(e) or type(e).__name__, code=type(e).__name__)


E = TypeVar("E", bound=enum.IntEnum)


def vendor_member(enum_cls: type[E], value: int) -> E:
    """A member of python-pkcs11's closed enums for a vendor-defined number.

    python-pkcs11 only accepts ``Mechanism``/``KeyType`` instances and maps attributes through
    the enums, which know no vendor numbers (CKM/CKK_VENDOR_DEFINED range). We register a
    pseudo-member so that both directions work.
    """
    try:
        return enum_cls(value)
    except ValueError:
        member = int.__new__(enum_cls, value)
        member._name_ = f"VENDOR_{value:#010x}"
        member._value_ = value
        enum_cls._value2member_map_[value] = member
        return member
