"""SM2 with SM3 (GM/T 0003, GB/T 32918) on Tongsuo's C implementation (tongsuopy).

Signatures are DER SEQUENCE{r, s}; raw r || s is accepted where we verify. The usual path
(default ID 1234567812345678) is OpenSSL's EVP_DigestSign; another ID, or a digest computed
elsewhere (e = SM3(Z || M), or a bare hash as some V1 seals sign), goes through EVP_PKEY_sign
over e, which tongsuopy's bindings expose but its API does not.
"""

from __future__ import annotations

import functools
from typing import Any, cast

from tongsuopy.backends.tongsuo.backend import backend as _backend
from tongsuopy.crypto import hashes, serialization
from tongsuopy.crypto.asymciphers import ec
from tongsuopy.crypto.exceptions import InvalidSignature

from sealdesk.signing.gm import DEFAULT_SM2_ID, raw_to_der_signature, sm2_digest

OID_SM2_CURVE = "1.2.156.10197.1.301"
OID_SM2_SM3 = "1.2.156.10197.1.501"

Sm2PrivateKey = Any  # tongsuopy's _EllipticCurvePrivateKey (no public type)
Sm2PublicKey = Any


class Sm2Error(ValueError):
    """A key or signature that is not usable SM2."""


def generate_key() -> Sm2PrivateKey:
    """A new SM2 private key."""
    return ec.generate_private_key(ec.SM2())


def public_point(key: Sm2PrivateKey | Sm2PublicKey) -> bytes:
    """The 65-byte uncompressed public point."""
    public = key.public_key() if hasattr(key, "private_numbers") else key
    return cast(
        bytes,
        public.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        ),
    )


@functools.lru_cache(maxsize=256)
def public_key_from_point(point: bytes) -> Sm2PublicKey:
    """An SM2 public key from an uncompressed point.

    :raises Sm2Error: not a point on the SM2 curve.
    """
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SM2(), point)
    except ValueError as e:
        raise Sm2Error(f"not an SM2 public point: {e}") from e


def _is_sm2(key: Any) -> bool:
    return isinstance(getattr(key, "curve", None), ec.SM2)


def load_private_key(data: bytes, password: bytes | None = None) -> Sm2PrivateKey:
    """An SM2 private key from PEM or DER (PKCS#8 or SEC1, encrypted or not).

    :raises Sm2Error: unreadable, wrong password, or not an SM2 key.
    """
    loader = (
        serialization.load_pem_private_key
        if data.lstrip().startswith(b"-----")
        else serialization.load_der_private_key
    )
    try:
        key = loader(data, password)
    except (ValueError, TypeError) as e:
        raise Sm2Error(f"cannot read the SM2 private key: {e}") from e
    if not _is_sm2(key):
        raise Sm2Error("the key is not an SM2 key")
    return key


def private_key_pem(key: Sm2PrivateKey, password: bytes | None = None) -> bytes:
    """PKCS#8 PEM, encrypted when a password is given."""
    encryption: Any = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return cast(
        bytes,
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        ),
    )


def public_key_der(key: Sm2PrivateKey | Sm2PublicKey) -> bytes:
    """SubjectPublicKeyInfo DER (id-ecPublicKey with the SM2 curve OID)."""
    public = key.public_key() if hasattr(key, "private_numbers") else key
    return cast(
        bytes,
        public.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
    )


def _pkey_op(key: Any, init: str, op: str, *args: Any) -> Any:
    lib, ffi = _backend._lib, _backend._ffi
    ctx = ffi.gc(lib.EVP_PKEY_CTX_new(key._evp_pkey, ffi.NULL), lib.EVP_PKEY_CTX_free)
    if getattr(lib, init)(ctx) != 1:
        _backend._consume_errors()
        raise Sm2Error(f"{init} failed")
    return getattr(lib, op)(ctx, *args)


def sign_digest(key: Sm2PrivateKey, e: bytes) -> bytes:
    """Sign a 32-byte value e as it is (the caller computed SM3(Z || M), or what a format asks).

    :raises Sm2Error: e is not 32 bytes or signing failed.
    """
    if len(e) != 32:
        raise Sm2Error("SM2 signs a 32-byte digest")
    ffi = _backend._ffi
    size = ffi.new("size_t *")
    if _pkey_op(key, "EVP_PKEY_sign_init", "EVP_PKEY_sign", ffi.NULL, size, e, 32) != 1:
        raise Sm2Error("SM2 signing failed")
    buf = ffi.new("unsigned char[]", size[0])
    if _pkey_op(key, "EVP_PKEY_sign_init", "EVP_PKEY_sign", buf, size, e, 32) != 1:
        _backend._consume_errors()
        raise Sm2Error("SM2 signing failed")
    return bytes(ffi.buffer(buf)[: size[0]])


def sign(key: Sm2PrivateKey, message: bytes, *, sm2_id: bytes = DEFAULT_SM2_ID) -> bytes:
    """SM2-with-SM3 signature (DER) over ``message`` with distinguishing ID ``sm2_id``."""
    if sm2_id == DEFAULT_SM2_ID:
        return bytes(key.sign(message, ec.ECDSA(hashes.SM3())))
    return sign_digest(key, sm2_digest(public_point(key), message, sm2_id))


def _der(signature: bytes) -> bytes:
    if len(signature) == 64:  # raw r || s, as many keys and some seals store it
        return raw_to_der_signature(signature)
    return signature


def verify_digest(public: Sm2PublicKey, signature: bytes, e: bytes) -> bool:
    """Whether ``signature`` (DER or raw r || s) is valid over the 32-byte value e."""
    if len(e) != 32:
        return False
    sig = _der(signature)
    ok = bool(
        _pkey_op(public, "EVP_PKEY_verify_init", "EVP_PKEY_verify", sig, len(sig), e, 32) == 1
    )
    if not ok:
        _backend._consume_errors()
    return ok


def verify(
    public: Sm2PublicKey | bytes,
    signature: bytes,
    message: bytes,
    *,
    sm2_id: bytes = DEFAULT_SM2_ID,
) -> bool:
    """Whether ``signature`` (DER or raw) is a valid SM2-with-SM3 signature over ``message``.

    ``public`` is a key or an uncompressed point.
    """
    key = public_key_from_point(public) if isinstance(public, bytes) else public
    try:
        sig = _der(signature)
    except ValueError:
        return False
    if sm2_id != DEFAULT_SM2_ID:
        return verify_digest(key, sig, sm2_digest(public_point(key), message, sm2_id))
    try:
        key.verify(sig, message, ec.ECDSA(hashes.SM3()))
    except InvalidSignature:
        return False
    except Exception:  # malformed DER ends in OpenSSL errors, not InvalidSignature
        _backend._consume_errors()
        return False
    return True
