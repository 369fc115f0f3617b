"""GM/T 0003 SM2 helpers that keys and verifiers share: the Z value and signature encodings."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

DEFAULT_SM2_ID = b"1234567812345678"

# GM/T 0003.5 recommended curve parameters (sm2p256v1)
_SM2_A = bytes.fromhex("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC")
_SM2_B = bytes.fromhex("28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93")
_SM2_GX = bytes.fromhex("32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7")
_SM2_GY = bytes.fromhex("BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0")


def sm3(data: bytes) -> bytes:
    """SM3 digest (OpenSSL's C implementation through hashlib)."""
    return hashlib.new("sm3", data).digest()


def sm2_z(public_point: bytes, sm2_id: bytes = DEFAULT_SM2_ID) -> bytes:
    """Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA) for an uncompressed point.

    :raises ValueError: if the point is not a 65-byte uncompressed point or the ID is too long.
    """
    if len(public_point) != 65 or public_point[0] != 0x04:
        raise ValueError("SM2 public key must be an uncompressed point (65 bytes)")
    entl = len(sm2_id) * 8
    if entl > 0xFFFF:
        raise ValueError("SM2 distinguishing ID too long")
    return sm3(
        entl.to_bytes(2, "big") + sm2_id + _SM2_A + _SM2_B + _SM2_GX + _SM2_GY + public_point[1:]
    )


def sm2_digest(public_point: bytes, message: bytes, sm2_id: bytes = DEFAULT_SM2_ID) -> bytes:
    """e = SM3(Z || M): the value an SM2 signature is computed over."""
    return sm3(sm2_z(public_point, sm2_id) + message)


def raw_to_der_signature(raw: bytes) -> bytes:
    """r || s (equal halves, as PKCS#11 returns ECDSA and many keys SM2) to DER SEQUENCE{r, s}.

    :raises ValueError: if the length is odd or zero.
    """
    if not raw or len(raw) % 2:
        raise ValueError(f"raw signature has odd or zero length {len(raw)}")
    half = len(raw) // 2
    return encode_dss_signature(
        int.from_bytes(raw[:half], "big"), int.from_bytes(raw[half:], "big")
    )


def der_to_raw_signature(der: bytes, size: int = 32) -> bytes:
    """DER SEQUENCE{r, s} to r || s with each half ``size`` bytes.

    :raises ValueError: if the DER is malformed.
    """
    r, s = decode_dss_signature(der)  # raises ValueError on malformed DER
    if r <= 0 or s <= 0 or max(r, s).bit_length() > size * 8:
        raise ValueError("DER signature values out of range")
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")
