"""Test doubles for what SoftHSM2 cannot do: lock a PIN, sign with a vendor SM2 mechanism.

They sit in front of the real python-pkcs11 objects and behave like real keys do.
"""

from __future__ import annotations

import secrets
from typing import Any

import pkcs11
from gmssl import sm2 as gmssl_sm2
from pkcs11 import TokenFlag


class LockingLib:
    """A module whose token counts wrong PINs and locks after ``max_tries``, as real keys do.

    Flags follow PKCS#11: COUNT_LOW after a failure, FINAL_TRY with one try left, LOCKED at
    the end; a correct PIN resets the count.
    """

    def __init__(self, real: Any, *, max_tries: int = 3) -> None:
        self.real = real
        self.max_tries = max_tries
        self.failures = 0

    @property
    def manufacturer_id(self) -> str:
        return str(self.real.manufacturer_id)

    def reinitialize(self) -> None:
        self.real.reinitialize()

    def get_slots(self, token_present: bool = False) -> list[Any]:
        return [_Slot(s, self) for s in self.real.get_slots(token_present=token_present)]

    def flags(self, real_flags: int) -> int:
        flags = real_flags & ~(
            TokenFlag.USER_PIN_COUNT_LOW | TokenFlag.USER_PIN_FINAL_TRY | TokenFlag.USER_PIN_LOCKED
        )
        left = self.max_tries - self.failures
        if self.failures:
            flags |= TokenFlag.USER_PIN_COUNT_LOW
        if left == 1:
            flags |= TokenFlag.USER_PIN_FINAL_TRY
        if left <= 0:
            flags |= TokenFlag.USER_PIN_LOCKED
        return flags


class _Slot:
    def __init__(self, real: Any, lib: LockingLib) -> None:
        self._real = real
        self._lib = lib
        self.slot_id = real.slot_id
        self.slot_description = real.slot_description

    def get_token(self) -> _Token:
        return _Token(self._real.get_token(), self._lib)

    def get_mechanisms(self) -> Any:
        return self._real.get_mechanisms()


class _Token:
    def __init__(self, real: Any, lib: LockingLib) -> None:
        self._real = real
        self._lib = lib
        self.label = real.label
        self.serial = real.serial
        self.manufacturer_id = real.manufacturer_id
        self.model = real.model
        self.flags = lib.flags(int(real.flags))

    def open(self, rw: bool = False, user_pin: str | None = None) -> Any:
        lib = self._lib
        if user_pin is not None and lib.failures >= lib.max_tries:
            raise pkcs11.PinLocked()
        try:
            session = self._real.open(rw=rw, user_pin=user_pin)
        except pkcs11.PinIncorrect:
            lib.failures += 1
            if lib.failures >= lib.max_tries:
                raise pkcs11.PinLocked() from None
            raise
        if user_pin is not None:
            lib.failures = 0
        return session


class FakeSm2Key:
    """A private key object as a Chinese UKey returns it for a vendor SM2 key type.

    ``hashes_with_z``: the combined mechanism gets the message (Z computed "on the key", here by
    tongsuopy); otherwise the raw mechanism gets e = SM3(Z || M) and signs it (here by gmssl,
    with our nonce), returning raw r || s or DER as the vendor does.
    """

    def __init__(self, *, key_type: Any, private_key: Any, encoding: str) -> None:
        self.key_type = key_type
        self._private = private_key
        self._encoding = encoding
        self.calls: list[tuple[int, int]] = []  # (mechanism, input length)

    def __getitem__(self, attribute: Any) -> Any:
        return "sm2-key"

    def sign(self, data: bytes, mechanism: Any) -> bytes:
        from tongsuopy.crypto import hashes
        from tongsuopy.crypto.asymciphers import ec

        self.calls.append((int(mechanism), len(data)))
        if len(data) != 32 or int(mechanism) in (0x80008103,):
            return bytes(self._private.sign(data, ec.ECDSA(hashes.SM3())))
        d = format(self._private.private_numbers().private_value, "064x")
        signer = gmssl_sm2.CryptSM2(private_key=d, public_key="", mode=1)
        raw = bytes.fromhex(signer.sign(data, secrets.token_hex(32)))
        if self._encoding == "raw":
            return raw
        from sealdesk.signing.gm import raw_to_der_signature

        return raw_to_der_signature(raw)
