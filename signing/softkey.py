"""A soft key (软证书): a key file and its certificate, as a :class:`Signer`.

RSA and EC (P-256) keys through `cryptography`, SM2 keys through tongsuopy. Key files are PEM
or DER, or PKCS#12 (.p12/.pfx, which may carry the certificate and its chain).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.padding import PKCS7
from cryptography.hazmat.primitives.serialization import pkcs12

from sealdesk.signing import sm2
from sealdesk.signing.certverify import is_sm2_certificate, public_point_of
from sealdesk.signing.signer import SignatureAlgorithm, SignerIdentity


class SoftKeyError(ValueError):
    """The key or certificate file cannot be used; ``reason`` says why."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason  # "unreadable" | "password" | "mismatch" | "unsupported" | "no_cert"
        self.detail = detail


def load_certificate(data: bytes) -> bytes:
    """DER of a PEM or DER certificate file's content (SM2 ones included)."""
    try:
        if data.lstrip().startswith(b"-----"):
            return x509.load_pem_x509_certificate(data).public_bytes(serialization.Encoding.DER)
        x509.load_der_x509_certificate(data)
        return data
    except ValueError:
        pass
    # SM2 certificates may not load in `cryptography`: take the PEM/DER bytes as they are
    if data.lstrip().startswith(b"-----"):
        import base64

        body = b"".join(
            line for line in data.strip().splitlines() if line and not line.startswith(b"-----")
        )
        try:
            return base64.b64decode(body, validate=True)
        except ValueError as e:  # binascii.Error
            raise SoftKeyError("unreadable", f"PEM body is not base64: {e}") from e
    return data


def _pbes2_decrypt(algorithm: Any, data: bytes, password: bytes) -> bytes:
    """PBES2 (PBKDF2 + AES-CBC), what OpenSSL 3 and current tools write into PKCS#12."""
    if algorithm.kdf != "pbkdf2" or algorithm.encryption_cipher != "aes":
        raise SoftKeyError("unsupported", f"PKCS#12 encryption {algorithm['algorithm'].native}")
    # PBKDF2's PRF: HMAC-SHA1 is the PKCS#5 default and still what older files use
    prfs = {"sha1": hashes.SHA1(), "sha256": hashes.SHA256(), "sha512": hashes.SHA512()}  # noqa: S303
    if algorithm.kdf_hmac not in prfs:
        raise SoftKeyError("unsupported", f"PBKDF2 with {algorithm.kdf_hmac}")
    digest = prfs[algorithm.kdf_hmac]
    key = PBKDF2HMAC(
        algorithm=digest,
        length=algorithm.key_length,
        salt=algorithm.kdf_salt,
        iterations=algorithm.kdf_iterations,
    ).derive(password)
    decryptor = Cipher(algorithms.AES(key), modes.CBC(algorithm.encryption_iv)).decryptor()
    padded = decryptor.update(data) + decryptor.finalize()
    try:
        unpadder = PKCS7(128).unpadder()
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError as e:
        raise SoftKeyError("password", "wrong password for the PKCS#12 file") from e


def load_sm2_pkcs12(data: bytes, password: str | None) -> tuple[Any, bytes | None, list[bytes]]:
    """Key, certificate and other certificates of a PKCS#12 file holding an SM2 key.

    `cryptography` refuses SM2 keys in PKCS#12; this reads the PBES2-protected bags itself.

    :raises SoftKeyError: unreadable, wrong password, unsupported encryption, no SM2 key.
    """
    secret = (password or "").encode()
    key: Any = None
    certs: list[bytes] = []
    try:
        pfx = asn1_pkcs12.Pfx.load(data)
        for info in pfx.authenticated_safe:
            kind = info["content_type"].native
            if kind == "data":
                raw = info["content"].native
            elif kind == "encrypted_data":
                encrypted = info["content"]["encrypted_content_info"]
                raw = _pbes2_decrypt(
                    encrypted["content_encryption_algorithm"],
                    encrypted["encrypted_content"].native,
                    secret,
                )
            else:
                continue
            for bag in asn1_pkcs12.SafeContents.load(raw):
                bag_id = bag["bag_id"].native
                value = bag["bag_value"]
                if bag_id == "pkcs8_shrouded_key_bag":
                    pkcs8 = _pbes2_decrypt(
                        value["encryption_algorithm"], value["encrypted_data"].native, secret
                    )
                    key = sm2.load_private_key(asn1_keys.PrivateKeyInfo.load(pkcs8).dump())
                elif bag_id == "key_bag":
                    key = sm2.load_private_key(value.dump())
                elif bag_id == "cert_bag" and value["cert_id"].native == "x509":
                    certs.append(bytes(value["cert_value"].parsed.dump()))
    except SoftKeyError:
        raise
    except (ValueError, TypeError, KeyError, sm2.Sm2Error) as e:
        raise SoftKeyError("unreadable", f"PKCS#12: {e}") from e
    if key is None:
        raise SoftKeyError("unreadable", "the PKCS#12 file holds no SM2 private key")
    point = sm2.public_point(key)
    leaf = next((c for c in certs if _point_of(c) == point), None)
    return key, leaf, [c for c in certs if c != leaf]


def _point_of(cert_der: bytes) -> bytes | None:
    try:
        return public_point_of(cert_der)
    except ValueError:
        return None


class SoftKeySigner(SignerIdentity):
    """Signs with a private key held in memory. Prefer a USB key for real seals."""

    def __init__(self, *, key: Any, certificate: bytes, chain: Sequence[bytes] = ()) -> None:
        self._key = key
        self._certificate = certificate
        self._chain = tuple(chain)
        if isinstance(key, rsa.RSAPrivateKey):
            self._algorithm = SignatureAlgorithm.RSA_PKCS1_SHA256
        elif isinstance(key, ec.EllipticCurvePrivateKey) and isinstance(key.curve, ec.SECP256R1):
            self._algorithm = SignatureAlgorithm.ECDSA_P256_SHA256
        elif sm2._is_sm2(key):
            self._algorithm = SignatureAlgorithm.SM2_SM3
        else:
            raise SoftKeyError("unsupported", type(key).__name__)
        self._check_pair()

    def _check_pair(self) -> None:
        if self._algorithm is SignatureAlgorithm.SM2_SM3:
            matches = public_point_of(self._certificate) == sm2.public_point(self._key)
        else:
            cert_key = x509.load_der_x509_certificate(self._certificate).public_key()
            fmt = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
            matches = cert_key.public_bytes(*fmt) == self._key.public_key().public_bytes(*fmt)
        if not matches:
            raise SoftKeyError("mismatch", "the certificate is not the key's")

    @classmethod
    def from_files(
        cls, key_path: Path, cert_path: Path | None = None, password: str | None = None
    ) -> SoftKeySigner:
        """Load a key file (PEM/DER/PKCS#12) and its certificate file.

        :raises SoftKeyError: unreadable file, wrong password, key and certificate not a pair.
        """
        try:
            key_data = key_path.read_bytes()
            cert_data = cert_path.read_bytes() if cert_path else None
        except OSError as e:
            raise SoftKeyError("unreadable", str(e)) from e
        secret = password.encode() if password else None
        if key_path.suffix.lower() in (".p12", ".pfx"):
            try:
                key, cert, extra = pkcs12.load_key_and_certificates(key_data, secret)
            except UnsupportedAlgorithm:  # an SM2 key: read the bags ourselves
                sm2_key, leaf, others = load_sm2_pkcs12(key_data, password)
                cert_der = load_certificate(cert_data) if cert_data else leaf
                if cert_der is None:
                    raise SoftKeyError("no_cert", "the PKCS#12 file holds no certificate") from None
                return cls(key=sm2_key, certificate=cert_der, chain=others)
            except ValueError as e:
                raise SoftKeyError(
                    "password" if "password" in str(e).lower() else "unreadable", str(e)
                ) from e
            chain = [c.public_bytes(serialization.Encoding.DER) for c in extra]
            if cert_data is not None:
                cert_der = load_certificate(cert_data)
            elif cert is not None:
                cert_der = cert.public_bytes(serialization.Encoding.DER)
            else:
                raise SoftKeyError("no_cert", "the PKCS#12 file holds no certificate")
            return cls(key=key, certificate=cert_der, chain=chain)
        if cert_data is None:
            raise SoftKeyError("no_cert", "a certificate file is needed with this key file")
        cert_der = load_certificate(cert_data)
        if is_sm2_certificate(cert_der):
            try:
                key = sm2.load_private_key(key_data, secret)
            except sm2.Sm2Error as e:
                raise SoftKeyError(
                    "password" if secret is None or "decrypt" in str(e).lower() else "unreadable",
                    str(e),
                ) from e
            return cls(key=key, certificate=cert_der)
        loader = (
            serialization.load_pem_private_key
            if key_data.lstrip().startswith(b"-----")
            else serialization.load_der_private_key
        )
        try:
            key = loader(key_data, secret)
        except TypeError as e:  # password missing or given for an unencrypted key
            raise SoftKeyError("password", str(e)) from e
        except (ValueError, UnsupportedAlgorithm) as e:
            raise SoftKeyError("unreadable", str(e)) from e
        return cls(key=key, certificate=cert_der)

    def sign(self, data: bytes) -> bytes:
        """See :meth:`sealdesk.signing.Signer.sign`."""
        if self._algorithm is SignatureAlgorithm.SM2_SM3:
            return sm2.sign(self._key, data)
        if self._algorithm is SignatureAlgorithm.RSA_PKCS1_SHA256:
            return bytes(self._key.sign(data, padding.PKCS1v15(), hashes.SHA256()))
        return bytes(self._key.sign(data, ec.ECDSA(hashes.SHA256())))
