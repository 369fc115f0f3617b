"""A small PKI for the demo key and the tests: a root CA and unit (法人) certificates.

The unit certificates look like 法人一证通 ones: the 统一社会信用代码 in the subject and in
the SHECA extension, plus the entity and device identifiers.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from asn1crypto import algos as asn1_algos
from asn1crypto import core
from asn1crypto import core as asn1_core
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from sealdesk.signing import sm2
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
    """A private extension holding a DER string (PrintableString when ASCII)."""
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


# SM2 certificates (cryptography has no SM2): built with asn1crypto, signed with tongsuopy ----


def _asn1_name(attributes: dict[str, str]) -> asn1_x509.Name:
    return asn1_x509.Name.build(attributes, use_printable=False)


def issue_sm2_certificate(
    *,
    issuer_key: Any,
    issuer_name: asn1_x509.Name,
    subject: dict[str, str],
    public_key_der: bytes,
    is_ca: bool,
    years: int = 5,
    extensions: Sequence[tuple[str, str]] = (),
) -> bytes:
    """A certificate signed with SM2-with-SM3 by ``issuer_key`` (a tongsuopy SM2 key).

    ``subject`` uses asn1crypto's names (``common_name``, ``organization_name`` ...);
    ``extensions`` are (OID, text) pairs stored as DER strings, like the SHECA ones.
    """
    now = _now()
    algorithm = asn1_algos.SignedDigestAlgorithm({"algorithm": sm2.OID_SM2_SM3})
    exts = [
        {"extn_id": "basic_constraints", "critical": True, "extn_value": {"ca": is_ca}},
        {
            "extn_id": "key_usage",
            "critical": True,
            "extn_value": {"key_cert_sign", "crl_sign", "digital_signature"}
            if is_ca
            else {"digital_signature", "non_repudiation"},
        },
    ]
    tbs = asn1_x509.TbsCertificate(
        {
            "version": "v3",
            "serial_number": int.from_bytes(secrets.token_bytes(16), "big") >> 1,
            "signature": algorithm,
            "issuer": issuer_name,
            "validity": {
                "not_before": asn1_x509.Time({"utc_time": now - dt.timedelta(days=1)}),
                "not_after": asn1_x509.Time({"utc_time": now + dt.timedelta(days=365 * years)}),
            },
            "subject": _asn1_name(subject),
            "subject_public_key_info": asn1_keys.PublicKeyInfo.load(public_key_der),
            "extensions": exts,
        }
    )
    if extensions:
        # private extensions go in raw: asn1crypto's Extension knows no value spec for them
        ext_list = tbs["extensions"]
        for oid, value in extensions:
            ext_list.append(
                asn1_x509.Extension(
                    {
                        "extn_id": oid,
                        "critical": False,
                        "extn_value": asn1_core.ParsableOctetString(
                            _string_extension(oid, value).value
                        ),
                    }
                )
            )
    signature = sm2.sign(issuer_key, tbs.dump())
    cert = asn1_x509.Certificate(
        {"tbs_certificate": tbs, "signature_algorithm": algorithm, "signature_value": signature}
    )
    return bytes(cert.dump())


@dataclass(frozen=True)
class Sm2Authority:
    """An SM2 CA (soft key): the demo seal maker and SM2 unit certificates come from it."""

    key: Any
    certificate: bytes

    @property
    def name(self) -> asn1_x509.Name:
        return asn1_x509.Certificate.load(self.certificate).subject


def make_sm2_ca(common_name: str) -> Sm2Authority:
    """A self-signed SM2 root CA."""
    key = sm2.generate_key()
    subject = {
        "country_name": "CN",
        "organization_name": "SealDesk Demo",
        "common_name": common_name,
    }
    cert = issue_sm2_certificate(
        issuer_key=key,
        issuer_name=_asn1_name(subject),
        subject=subject,
        public_key_der=sm2.public_key_der(key),
        is_ca=True,
        years=10,
    )
    return Sm2Authority(key=key, certificate=cert)
