"""Checking a certificate's signature with its issuer's key: RSA, ECDSA and SM2."""

from __future__ import annotations

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature

from sealdesk.signing import sm2
from sealdesk.signing.certinfo import CertificateError


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
