"""python-pkcs11 exceptions to our typed errors, in one place."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


@contextmanager
def translated(
    pin_status: Callable[[], tuple[bool, bool, bool]] | None = None,
    *,
    present: Callable[[], bool] | None = None,
    pin_limits: tuple[int, int] = (1, 64),
) -> Iterator[None]:
    """Raise our typed errors for python-pkcs11's.

    ``pin_status`` re-reads (count_low, final_try, locked) from the token after a refused PIN,
    since the flags are all PKCS#11 tells about tries left. ``present`` says whether the key is
    still there: modules report a pulled key with many different codes (invalid handles,
    general errors), so any other failure is checked against presence.
    """
    try:
        yield
    except UKeyError:
        raise
    except p11e.PinIncorrect as e:
        count_low, final_try, locked = pin_status() if pin_status else (False, False, False)
        if locked:
            raise PinLocked("PIN locked") from e
        raise PinIncorrect(tries_left=1 if final_try else None, count_low=count_low) from e
    except p11e.PinLocked as e:
        raise PinLocked("PIN locked") from e
    except (p11e.PinLenRange, p11e.PinInvalid) as e:
        raise PinFormatInvalid(
            "rejected_by_key", min_length=pin_limits[0], max_length=pin_limits[1]
        ) from e
    except _REMOVED as e:
        raise TokenRemoved(type(e).__name__) from e
    except _UNSUPPORTED as e:
        raise NotSupported(type(e).__name__) from e
    except p11e.UserNotLoggedIn as e:
        raise NotLoggedIn("login required") from e
    except pkcs11.PKCS11Error as e:
        if present is not None and not present():
            raise TokenRemoved(type(e).__name__) from e
        raise DeviceError(str(e) or type(e).__name__, code=type(e).__name__) from e


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
