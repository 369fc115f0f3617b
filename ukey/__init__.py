"""USB keys (法人一证通 and others) over PKCS#11, with presence events from PC/SC."""

from typing import TYPE_CHECKING

from sealdesk.ukey.errors import (
    AmbiguousToken,
    DeviceError,
    ModuleInvalid,
    ModuleMissing,
    NotLoggedIn,
    NotSupported,
    ObjectNotFound,
    PinFormatInvalid,
    PinIncorrect,
    PinLocked,
    TokenNotFound,
    TokenRemoved,
    UKeyError,
    WriteVerifyFailed,
)
from sealdesk.ukey.module import ModuleChoice, choose_module
from sealdesk.ukey.token import Pkcs11Module, Token, TokenInfo, TokenSession

if TYPE_CHECKING:
    from sealdesk.ukey.signer import TokenSigner


def __getattr__(name: str) -> object:
    # the signer brings the GM helpers and certificate parsing: loaded when first asked for,
    # so listing keys stays quick
    if name == "TokenSigner":
        from sealdesk.ukey.signer import TokenSigner

        return TokenSigner
    raise AttributeError(name)


__all__ = [
    "AmbiguousToken",
    "DeviceError",
    "ModuleChoice",
    "ModuleInvalid",
    "ModuleMissing",
    "NotLoggedIn",
    "NotSupported",
    "ObjectNotFound",
    "PinFormatInvalid",
    "PinIncorrect",
    "PinLocked",
    "Pkcs11Module",
    "Token",
    "TokenInfo",
    "TokenNotFound",
    "TokenRemoved",
    "TokenSession",
    "TokenSigner",
    "UKeyError",
    "WriteVerifyFailed",
    "choose_module",
]
