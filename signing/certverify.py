"""Checking a certificate's signature with its issuer's key: RSA, ECDSA and SM2."""

from __future__ import annotations

import functools

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from sealdesk.signing import sm2
from sealdesk.signing.certinfo import CertificateError


@functools.lru_cache(maxsize=256)
def public_point_of(cert_der: bytes) -> bytes:
    """The EC public point of a certificate (SM2 or NIST).

    :raises CertificateError: unreadable, or not an EC key.
    """
    try:
        cert = asn1_x509.Certificate.load(cert_der, strict=True)
        info = cert.public_key
        if info["algorithm"]["algorithm"].native != "ec":
            raise CertificateError("the certificate's key is not an EC/SM2 key")
        return bytes(info["public_key"].native)
    except (ValueError, TypeError, KeyError) as e:
        raise CertificateError(f"not an X.509 certificate: {e}") from e


def is_sm2_certificate(cert_der: bytes) -> bool:
    """Whether the certificate's key is on the SM2 curve."""
    try:
        params = asn1_x509.Certificate.load(cert_der).public_key["algorithm"]["parameters"]
        return bool(
            getattr(params, "name", None) == "named" and params.chosen.dotted == sm2.OID_SM2_CURVE
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return False


def check_signature(cert_der: bytes, issuer_der: bytes) -> bool:
    """Whether ``cert_der`` was signed by the key of ``issuer_der``.

    :raises CertificateError: either certificate is unreadable.
    """
    try:
        cert = asn1_x509.Certificate.load(cert_der, strict=True)
        algorithm = cert["signature_algorithm"]["algorithm"].dotted
        tbs = cert["tbs_certificate"].dump()
        signature = bytes(cert["signature_value"].native)
    except (ValueError, TypeError, KeyError) as e:
        raise CertificateError(f"not an X.509 certificate: {e}") from e
    if algorithm == sm2.OID_SM2_SM3:
        try:
            return sm2.verify(public_point_of(issuer_der), signature, tbs)
        except sm2.Sm2Error:
            return False
    try:
        x509.load_der_x509_certificate(cert_der).verify_directly_issued_by(
            x509.load_der_x509_certificate(issuer_der)
        )
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


OID_SHA256_RSA = "1.2.840.113549.1.1.11"
OID_ECDSA_SHA256 = "1.2.840.10045.4.3.2"
SUPPORTED_SIGNATURE_OIDS = (sm2.OID_SM2_SM3, OID_SHA256_RSA, OID_ECDSA_SHA256)


def verify_with_certificate(
    cert_der: bytes, algorithm_oid: str, signature: bytes, data: bytes
) -> bool:
    """Whether ``signature`` over ``data`` verifies with the certificate's key.

    SM2-with-SM3 (default ID; DER or raw r || s), sha256WithRSAEncryption, ecdsa-with-SHA256.
    An unknown algorithm or an unreadable certificate verifies nothing (False).
    """
    if algorithm_oid == sm2.OID_SM2_SM3:
        try:
            return sm2.verify(public_point_of(cert_der), signature, data)
        except (CertificateError, sm2.Sm2Error):
            return False
    try:
        key = x509.load_der_x509_certificate(cert_der).public_key()
        if algorithm_oid == OID_SHA256_RSA and isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
            return True
        if algorithm_oid == OID_ECDSA_SHA256 and isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
            return True
    except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
        return False
    return False
