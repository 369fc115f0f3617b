"""A small PKI for the demo key and the tests: a root CA and unit (法人) certificates.

The unit certificates look like 法人一证通 ones: the 统一社会信用代码 in the subject and in
the SHECA extension, plus the entity and device identifiers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from asn1crypto import core
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from sealdesk.signing.certinfo import (
    OID_SHECA_CREDIT_CODE,
    OID_SHECA_DEVICE_ID,
    OID_SHECA_ENTITY_ID,
)


@dataclass(frozen=True)
class CertificateAuthority:
    """A CA key and its certificate (soft key: demo and tests only)."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @property
    def certificate_der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    @property
    def certificate_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


@dataclass(frozen=True, kw_only=True)
class UnitIdentity:
    """The unit a certificate is issued to."""

    name: str
    credit_code: str
    entity_id: str
    device_id: str
    province: str = "上海"
    city: str = "上海"


def _key_usage(*allowed: str) -> x509.KeyUsage:
    """KeyUsage with only the named bits set."""
    names = (
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
        "encipher_only",
        "decipher_only",
    )
    return x509.KeyUsage(**{name: name in allowed for name in names})


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def make_root_ca(common_name: str, *, years: int = 10) -> CertificateAuthority:
    """A self-signed EC P-256 root CA."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "SealDesk Demo"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            _key_usage("digital_signature", "key_cert_sign", "crl_sign"),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return CertificateAuthority(key, cert)


def _string_extension(oid: str, value: str) -> x509.UnrecognizedExtension:
    der = core.PrintableString(value).dump() if value.isascii() else core.UTF8String(value).dump()
    return x509.UnrecognizedExtension(x509.ObjectIdentifier(oid), der)


def issue_unit_certificate(
    ca: CertificateAuthority,
    *,
    public_key_der: bytes,
    unit: UnitIdentity,
    key_label: str,
    years: int = 3,
) -> bytes:
    """A 法人 signing certificate for ``public_key_der`` (SubjectPublicKeyInfo), DER."""
    public_key = serialization.load_der_public_key(public_key_der)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, unit.province),
            x509.NameAttribute(NameOID.LOCALITY_NAME, unit.city),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, unit.name),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit.credit_code),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{unit.name} ({key_label})"),
        ]
    )
    now = _now()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(public_key)  # type: ignore[arg-type]
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            _key_usage("digital_signature", "content_commitment"),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
    )
    for oid, value in (
        (OID_SHECA_CREDIT_CODE, unit.credit_code),
        (OID_SHECA_ENTITY_ID, unit.entity_id),
        (OID_SHECA_DEVICE_ID, unit.device_id),
    ):
        builder = builder.add_extension(_string_extension(oid, value), critical=False)
    return builder.sign(ca.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
