"""Who is calling: UKey challenge/response, sessions, passwords.

A challenge is 32 random bytes kept in the database for 60 s and taken once (an UPDATE that
only one request can win). The certificate must chain to a trust root now and allow signing;
the signature over the challenge bytes is RSA PKCS#1 v1.5 + SHA-256, ECDSA + SHA-256 or SM2 +
SM3 with the default ID, by the certificate's key type.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Session as DbSession

from sealdesk.server.db import Challenge, Session, now_ms
from sealdesk.server.errors import ApiError

if TYPE_CHECKING:
    from sealdesk.signing.trust import TrustAnchors

CHALLENGE_SECONDS = 60
SESSION_SECONDS = 12 * 3600


def new_challenge(db: DbSession) -> str:
    value = base64.b64encode(secrets.token_bytes(32)).decode("ascii")
    now = now_ms()
    # expired challenges go as new ones come: the table stays the size of a minute's logins
    db.execute(sa.delete(Challenge).where(Challenge.expires_ms < now - 60_000))
    db.add(Challenge(value=value, expires_ms=now + CHALLENGE_SECONDS * 1000, used=False))
    return value


def take_challenge(db: DbSession, value: str) -> None:
    """Use up the challenge ``value``.

    :raises ApiError: 401 when it was never issued here, is used or has expired.
    """
    taken = db.execute(
        sa.update(Challenge)
        .where(Challenge.value == value, Challenge.used.is_(False), Challenge.expires_ms > now_ms())
        .values(used=True)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise ApiError(
            401,
            "challenge_invalid",
            "登录挑战码无效、已使用或已过期，请重新登录。",
            "The login challenge is unknown, used or expired: log in again.",
        )


@dataclass(frozen=True)
class KeyHolder:
    """What a verified certificate says about its unit and key."""

    credit_code: str
    entity_id: str
    unit_name: str
    holder_name: str


def _refused(kind: str, zh: str, en: str) -> ApiError:
    return ApiError(401, kind, zh, en)


def _chain_refused(kind: str, when: dt.datetime | None) -> ApiError:
    """401 for a certificate that does not chain to a trust root now, saying why."""
    at = f"{when.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC" if when is not None else ""
    if kind == "expired" and at:
        return _refused(
            "certificate_expired",
            f"证书已于 {at} 过期，登录被拒绝：请更换或更新 UKey 证书。",
            f"The certificate expired on {at}: login refused (renew the key's certificate).",
        )
    if kind == "not_yet_valid" and at:
        return _refused(
            "certificate_not_yet_valid",
            f"证书尚未生效（自 {at} 起有效），登录被拒绝：请检查证书的有效期。",
            f"The certificate is not valid before {at}: login refused (check the dates).",
        )
    return _refused(
        f"certificate_{kind}",
        f"证书不被平台信任或当前无效（{kind}）。",
        f"The certificate is not trusted by the platform or not valid now ({kind}).",
    )


def _signature_oid(der: bytes) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    from sealdesk.signing import sm2
    from sealdesk.signing.certverify import (
        OID_ECDSA_SHA256,
        OID_SHA256_RSA,
        is_sm2_certificate,
    )

    if is_sm2_certificate(der):
        return sm2.OID_SM2_SM3
    key = x509.load_der_x509_certificate(der).public_key()
    if isinstance(key, rsa.RSAPublicKey):
        return OID_SHA256_RSA
    if isinstance(key, ec.EllipticCurvePublicKey):
        return OID_ECDSA_SHA256
    raise ValueError("unsupported key type")


def check_key(
    certificate: bytes, signature: bytes, challenge: bytes, anchors: TrustAnchors
) -> KeyHolder:
    """The unit and key of a certificate that chains to the ``anchors`` now and whose key
    signed ``challenge``.

    :raises ApiError: 401 (bad signature, untrusted, expired), 403 (no credit code in it).
    """
    from asn1crypto import x509 as asn1_x509

    from sealdesk.signing.certinfo import CertificateError, certificate_info
    from sealdesk.signing.certverify import verify_with_certificate

    try:
        info = certificate_info(certificate)
        cert = asn1_x509.Certificate.load(certificate, strict=True)
        oid = _signature_oid(certificate)
    except (CertificateError, ValueError, TypeError) as e:
        raise _refused(
            "certificate_unreadable", "证书无法读取。", "The certificate cannot be read."
        ) from e
    if not verify_with_certificate(certificate, oid, signature, challenge):
        raise _refused(
            "signature_invalid",
            "签名与证书不符，登录被拒绝。",
            "The signature does not match the certificate: login refused.",
        )
    chain = asyncio.run(anchors.chain(cert))
    if chain.kind != "ok":
        raise _chain_refused(chain.kind, chain.when)
    if not info.credit_code:
        raise ApiError(
            403,
            "no_credit_code",
            "证书中没有统一社会信用代码，不是单位证书。",
            "The certificate carries no unified social credit code: not a unit certificate.",
        )
    return KeyHolder(
        credit_code=info.credit_code,
        # a key without the SHECA identifier is known by its certificate
        entity_id=info.entity_id or info.sha256_fingerprint[:64],
        unit_name=info.organization or info.subject_cn or info.credit_code,
        holder_name=info.subject_cn or info.organization or info.credit_code,
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_session(db: DbSession, person_id: str, unit_id: str, entity_id: str | None) -> str:
    """A session token (only its hash is kept); ``entity_id`` is the key that logged in."""
    token = secrets.token_urlsafe(32)
    now = now_ms()
    db.execute(sa.delete(Session).where(Session.person_id == person_id, Session.expires_ms < now))
    db.add(
        Session(
            token_hash=token_hash(token),
            person_id=person_id,
            unit_id=unit_id,
            expires_ms=now + SESSION_SECONDS * 1000,
            entity_id=entity_id,
        )
    )
    return token


_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str | None) -> bool:
    if not stored or not stored.startswith("scrypt$"):
        return False
    _, salt, digest = stored.split("$")
    candidate = hashlib.scrypt(
        password.encode("utf-8"), salt=bytes.fromhex(salt), dklen=32, **_SCRYPT
    )
    return hmac.compare_digest(candidate.hex(), digest)


def password_problem(password: str) -> str | None:
    """Why a login password is refused (8–20 characters, 2 of letters, digits, symbols)."""
    if not 8 <= len(password) <= 20:
        return "length"
    kinds = sum(
        (
            any(c.isascii() and c.isalpha() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    return None if kinds >= 2 else "classes"
