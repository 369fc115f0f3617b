"""The one thing signing needs from a key: sign bytes, and say who signs."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Protocol, runtime_checkable


class SignatureAlgorithm(enum.Enum):
    """Signature algorithms a signer can produce; values are stable identifiers."""

    RSA_PKCS1_SHA256 = "rsa-pkcs1v15-sha256"
    ECDSA_P256_SHA256 = "ecdsa-p256-sha256"
    SM2_SM3 = "sm2-sm3"

    @property
    def digest_name(self) -> str:
        """hashlib name of the message digest."""
        return "sm3" if self is SignatureAlgorithm.SM2_SM3 else "sha256"


@runtime_checkable
class Signer(Protocol):
    """A private key that signs, with the certificate that names it.

    USB-key, soft-key and server-side signers are peers behind this protocol.
    """

    @property
    def algorithm(self) -> SignatureAlgorithm:
        """The algorithm :meth:`sign` produces."""
        ...

    @property
    def certificate(self) -> bytes:
        """DER X.509 certificate of the signing key."""
        ...

    @property
    def chain(self) -> Sequence[bytes]:
        """DER certificates from the issuer upwards, as far as known (may be empty)."""
        ...

    def sign(self, data: bytes) -> bytes:
        """Hash ``data`` with the algorithm's digest and sign it.

        Returns PKCS#1 v1.5 bytes for RSA, a DER ``SEQUENCE {r, s}`` for ECDSA and SM2
        (for SM2 the digest is SM3(Z || data) with the default distinguishing ID).

        :raises sealdesk.ukey.errors.UKeyError: (or another signer's typed error) when the
            key cannot sign.
        """
        ...


class SignerIdentity:
    """What every signer reports about itself; implementations set the three attributes."""

    _algorithm: SignatureAlgorithm
    _certificate: bytes
    _chain: tuple[bytes, ...]

    @property
    def algorithm(self) -> SignatureAlgorithm:
        return self._algorithm

    @property
    def certificate(self) -> bytes:
        return self._certificate

    @property
    def chain(self) -> Sequence[bytes]:
        return self._chain
