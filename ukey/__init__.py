"""USB keys (法人一证通 and others) over PKCS#11, with presence events from PC/SC."""

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
from sealdesk.ukey.signer import TokenSigner
from sealdesk.ukey.token import Pkcs11Module, Token, TokenInfo, TokenSession

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
