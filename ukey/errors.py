"""Typed errors of the USB-key layer. Each carries what a person needs; the fronts word them."""

from __future__ import annotations


class UKeyError(Exception):
    """Base of every error this package raises."""


class ModuleMissing(UKeyError):
    """The PKCS#11 module file does not exist (or no module was found at all)."""

    def __init__(self, path: str | None) -> None:
        super().__init__(f"PKCS#11 module not found: {path or '(none configured or detected)'}")
        self.path = path


class ModuleInvalid(UKeyError):
    """The file exists but is not a loadable PKCS#11 module."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"not a usable PKCS#11 module: {path}: {reason}")
        self.path = path
        self.reason = reason


class TokenNotFound(UKeyError):
    """No key is plugged in, or none with the asked label."""

    def __init__(self, label: str | None, available: tuple[str, ...] = ()) -> None:
        super().__init__(f"token not found: {label or '(any)'}")
        self.label = label
        self.available = available


class AmbiguousToken(UKeyError):
    """Several keys are plugged in and no label says which one to use."""

    def __init__(self, labels: tuple[str, ...]) -> None:
        super().__init__(f"several tokens present, choose one: {', '.join(labels)}")
        self.labels = labels


class TokenRemoved(UKeyError):
    """The key was unplugged (or its session died) during an operation."""


class PinFormatInvalid(UKeyError):
    """The PIN was refused before reaching the key (no try was used)."""

    def __init__(self, reason: str, *, min_length: int, max_length: int) -> None:
        super().__init__(f"PIN format invalid: {reason}")
        self.reason = reason  # "empty" | "too_short" | "too_long" | "not_ascii"
        self.min_length = min_length
        self.max_length = max_length


class PinIncorrect(UKeyError):
    """The key refused the PIN.

    ``tries_left`` is set when the key tells (PKCS#11 only says "final try" reliably).
    """

    def __init__(self, *, tries_left: int | None, count_low: bool) -> None:
        super().__init__(
            f"PIN incorrect (tries left: {tries_left if tries_left is not None else '?'})"
        )
        self.tries_left = tries_left
        self.count_low = count_low


class PinLocked(UKeyError):
    """Too many wrong PINs: the key must be unlocked by its administrator (SO PIN)."""


class NotLoggedIn(UKeyError):
    """The operation needs a PIN first."""


class NotSupported(UKeyError):
    """The key or its module cannot do this (mechanism or function missing)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"not supported by this key: {what}")
        self.what = what


class ObjectNotFound(UKeyError):
    """No key, certificate or data object with that name on the key."""

    def __init__(self, what: str) -> None:
        super().__init__(f"not found on the key: {what}")
        self.what = what


class WriteVerifyFailed(UKeyError):
    """A data object read back differs from what was written; the old one was kept."""

    def __init__(self, label: str) -> None:
        super().__init__(f"data object {label!r} did not read back as written; kept the old one")
        self.label = label


class DeviceError(UKeyError):
    """Any other failure reported by the key or its module."""

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code
