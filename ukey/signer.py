"""A :class:`~sealdesk.signing.Signer` backed by a private key on a USB key."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from asn1crypto import x509
from pkcs11 import Attribute, KeyType, Mechanism

from sealdesk.signing.certinfo import CertificateError, certificate_info
from sealdesk.signing.gm import raw_to_der_signature, sm2_digest
from sealdesk.signing.signer import SignatureAlgorithm, SignerIdentity
from sealdesk.ukey._translate import vendor_member
from sealdesk.ukey.errors import NotSupported, ObjectNotFound
from sealdesk.ukey.token import CertificateObject, TokenSession

# DER DigestInfo prefix for SHA-256 (RFC 8017 §9.2 note 1), for keys without SHA256_RSA_PKCS
_SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


def _chain_for(leaf: bytes, pool: Sequence[bytes]) -> list[bytes]:
    """Issuer certificates of ``leaf`` found in ``pool``, nearest first."""
    infos = {}
    for der in pool:
        if der != leaf:
            try:
                infos[der] = certificate_info(der)
            except CertificateError:
                continue  # an unreadable object on the key does not stop signing
    chain: list[bytes] = []
    current = certificate_info(leaf)
    while current.issuer != current.subject:
        issuer = next((d for d, i in infos.items() if i.subject == current.issuer), None)
        if issuer is None or issuer in chain:
            break
        chain.append(issuer)
        current = infos[issuer]
    return chain


class TokenSigner(SignerIdentity):
    """Signs with one key pair on the token through the vendor profile's mechanisms.

    Thread-safe: each signature holds the token's lock (one operation at a time per token).
    """

    def __init__(
        self,
        session: TokenSession,
        *,
        key: Any,
        certificate: bytes,
        chain: Sequence[bytes] = (),
    ) -> None:
        self._session = session
        self._token = session.token
        self._key = key
        self._certificate = certificate
        self._chain = tuple(chain)
        profile = self._token.profile
        mechanisms = self._token.mechanisms()
        key_type = int(key.key_type)
        self._public_point = b""
        if key_type == KeyType.RSA:
            self._algorithm = SignatureAlgorithm.RSA_PKCS1_SHA256
            self._hash_on_token = Mechanism.SHA256_RSA_PKCS in mechanisms
        elif key_type == KeyType.EC:
            self._algorithm = SignatureAlgorithm.ECDSA_P256_SHA256
            self._hash_on_token = Mechanism.ECDSA_SHA256 in mechanisms
        elif profile.sm2 is not None and key_type == profile.sm2.key_type:
            self._algorithm = SignatureAlgorithm.SM2_SM3
            sm2 = profile.sm2
            self._hash_on_token = (
                sm2.hashes_with_z
                and sm2.sm3_sm2_mechanism is not None
                and sm2.sm3_sm2_mechanism in mechanisms
            )
            self._sm2_mechanism = vendor_member(
                Mechanism,
                sm2.sm3_sm2_mechanism
                if self._hash_on_token and sm2.sm3_sm2_mechanism
                else sm2.sign_mechanism,
            )
            if not self._hash_on_token and sm2.sign_mechanism not in mechanisms:
                raise NotSupported(f"SM2 mechanism {sm2.sign_mechanism:#x}")
            self._public_point = bytes(
                x509.Certificate.load(certificate).public_key["public_key"].native
            )
        else:
            raise NotSupported(f"key type {key_type:#x} with profile {profile.id}")

    @classmethod
    def from_session(
        cls,
        session: TokenSession,
        key_id: bytes | None = None,
        *,
        prefer: Callable[[bytes], bool] | None = None,
    ) -> TokenSigner:
        """The signer for the key pair with this CKA_ID; without one, chosen the same way
        whatever order the token lists its objects in: a certificate ``prefer`` accepts (the
        one the seal names) first, then one whose key usage allows signing (a 法人一证通 key
        also holds an encryption certificate), then by CKA_ID.

        :raises ObjectNotFound: no key pair with a certificate (that may sign, without
            ``key_id``).
        """
        certs = session.certificates()
        leaves: list[CertificateObject] = [
            c for c in certs if c.info is not None and not c.info.is_ca and c.id
        ]
        if key_id is not None:
            leaves = [c for c in leaves if c.id == key_id]
        else:
            leaves = sorted(
                (c for c in leaves if c.info is not None and c.info.can_sign),
                key=lambda c: (not (prefer is not None and prefer(c.der)), c.id),
            )
        if not leaves:
            raise ObjectNotFound(f"key pair {key_id.hex() if key_id else '(any)'}")
        leaf = leaves[0]
        key = session.private_key(leaf.id)
        return cls(
            session,
            key=key,
            certificate=leaf.der,
            chain=_chain_for(leaf.der, [c.der for c in certs]),
        )

    @property
    def key_label(self) -> str:
        return str(self._key[Attribute.LABEL])

    def sign(self, data: bytes) -> bytes:
        """Sign ``data``; see :meth:`sealdesk.signing.Signer.sign`.

        :raises TokenRemoved: the key was pulled.
        :raises NotLoggedIn: the session has no PIN.
        :raises NotSupported: the key lacks the mechanism.
        """
        algo = self._algorithm
        with self._token.lock, self._token.translated():
            if algo is SignatureAlgorithm.RSA_PKCS1_SHA256:
                if self._hash_on_token:
                    return bytes(self._key.sign(data, mechanism=Mechanism.SHA256_RSA_PKCS))
                digest_info = _SHA256_DIGEST_INFO + hashlib.sha256(data).digest()
                return bytes(self._key.sign(digest_info, mechanism=Mechanism.RSA_PKCS))
            if algo is SignatureAlgorithm.ECDSA_P256_SHA256:
                if self._hash_on_token:
                    raw = self._key.sign(data, mechanism=Mechanism.ECDSA_SHA256)
                else:
                    raw = self._key.sign(hashlib.sha256(data).digest(), mechanism=Mechanism.ECDSA)
                return raw_to_der_signature(bytes(raw))
            message = data if self._hash_on_token else sm2_digest(self._public_point, data)
            out = bytes(self._key.sign(message, mechanism=self._sm2_mechanism))
        sm2 = self._token.profile.sm2
        return raw_to_der_signature(out) if sm2 and sm2.signature_encoding == "raw" else out
