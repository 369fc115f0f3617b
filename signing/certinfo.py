"""What a person wants to know about a certificate: who, issued by whom, until when, which unit.

Chinese certificates carry the unit's 统一社会信用代码 (unified social credit code) and
the key's unique identifiers in private extensions (SHECA 1.2.156.112570.x, GM/T 0015
1.2.156.10260.4.1.x); older ones only in a subject field. We read the extensions first and
fall back to any subject value that is a well-formed credit code.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from asn1crypto import core, x509

OID_SHECA_CREDIT_CODE = "1.2.156.112570.11.210"
OID_SHECA_ENTITY_ID = "1.2.156.112570.11.205"
OID_SHECA_DEVICE_ID = "1.2.156.112570.12.102"
# GM/T 0015-2012 certificate extensions, by the name the standard gives them
GMT0015_EXTENSIONS = {
    "1.2.156.10260.4.1.1": "IdentifyCode",
    "1.2.156.10260.4.1.2": "InsuranceNumber",
    "1.2.156.10260.4.1.3": "ICRegistrationNumber",
    "1.2.156.10260.4.1.4": "OrganizationCode",
    "1.2.156.10260.4.1.5": "TaxationNumber",
}
# GM/T 0015 extensions that hold the unit's code in certificates issued after 2015
_GMT0015_CODE_OIDS = ("1.2.156.10260.4.1.4", "1.2.156.10260.4.1.5", "1.2.156.10260.4.1.3")

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_RE = re.compile(f"(?<![{_USCC_CHARS}])[{_USCC_CHARS}]{{18}}(?![{_USCC_CHARS}])")
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

OID_SM2_KEY = "1.2.156.10197.1.301"


def der_sequence(body: bytes) -> bytes:
    """A DER SEQUENCE header around already-encoded members."""
    length = len(body)
    if length < 0x80:
        return b"\x30" + bytes([length]) + body
    size = (length.bit_length() + 7) // 8
    return b"\x30" + bytes([0x80 | size]) + length.to_bytes(size, "big") + body


class CertificateError(ValueError):
    """The bytes are not a certificate we can read."""


def uscc_check_char(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters of a credit code.

    :raises ValueError: if a character is not allowed in a credit code.
    """
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def is_credit_code(value: str) -> bool:
    """True for an 18-character 统一社会信用代码 with a correct check character."""
    if len(value) != 18 or any(c not in _USCC_CHARS for c in value):
        return False
    return uscc_check_char(value[:17]) == value[17]


SIGNING_KEY_USAGES = frozenset({"digital_signature", "non_repudiation"})
"""A certificate that signs documents or seals must allow one of these (one rule for all)."""


@dataclass(frozen=True)
class CertificateInfo:
    """The readable facts of one X.509 certificate."""

    subject: str
    subject_cn: str
    organization: str
    issuer: str
    issuer_cn: str
    serial_hex: str
    not_before: datetime
    not_after: datetime
    key_algorithm: str
    sha256_fingerprint: str
    credit_code: str | None
    credit_code_source: str | None
    entity_id: str | None
    device_id: str | None
    gmt0015: dict[str, str] = field(default_factory=dict)
    is_ca: bool = False
    key_usage: frozenset[str] | None = None  # None: no extension (any use, RFC 5280)

    @property
    def can_sign(self) -> bool:
        """Whether the key may sign documents or seals (digitalSignature or nonRepudiation)."""
        return self.key_usage is None or bool(self.key_usage & SIGNING_KEY_USAGES)

    def valid_at(self, when: datetime) -> bool:
        """Whether ``when`` (timezone-aware) lies in the validity period."""
        return self.not_before <= when <= self.not_after


def _extension_text(raw: bytes) -> str:
    """Extension values are usually a DER string; some issuers put the bare text."""
    try:
        value = core.Asn1Value.load(raw, strict=True)
        if isinstance(value, core.AbstractString):
            return str(value.native).strip()
    except (ValueError, TypeError):
        pass
    return raw.decode("utf-8", errors="replace").strip()


def _key_algorithm(cert: x509.Certificate) -> str:
    info = cert.public_key
    algo = info["algorithm"]["algorithm"].native
    if algo == "rsa":
        return f"RSA-{info.bit_size}"
    if algo == "ec":
        params = info["algorithm"]["parameters"]
        if isinstance(params, core.Void):
            return "EC (no parameters)"
        curve = params.chosen.native if params.name == "named" else "explicit"
        if curve == OID_SM2_KEY or curve == "sm2p256v1":
            return "SM2"
        return {"secp256r1": "EC P-256", "secp384r1": "EC P-384"}.get(str(curve), f"EC {curve}")
    return str(algo)


_SHORT_NAMES = {
    "2.5.4.6": "C",
    "2.5.4.8": "ST",
    "2.5.4.7": "L",
    "2.5.4.10": "O",
    "2.5.4.11": "OU",
    "2.5.4.3": "CN",
    "2.5.4.5": "SERIALNUMBER",
    "1.2.840.113549.1.9.1": "E",
    "2.5.4.97": "OI",
    "2.5.4.45": "UID",
    "2.5.4.9": "STREET",
}


def _text_of(value: core.Asn1Value) -> str:
    """A name value as text, whatever string type the issuer chose (GBK bytes seen too)."""
    raw = bytes(value.contents or b"")
    if isinstance(value, core.BMPString):
        return raw.decode("utf-16-be", "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gbk", "replace")


class _LenientAttribute(core.Sequence):
    _fields = [("type", core.ObjectIdentifier), ("value", core.Any)]


class _LenientRdn(core.SetOf):
    _child_spec = _LenientAttribute


class _LenientName(core.SequenceOf):
    _child_spec = _LenientRdn


def _name_pairs(name: x509.Name) -> list[tuple[str, str]]:
    """(short type, text) per attribute, most significant first.

    Parsed without asn1crypto's per-type specs, which reject values of an unexpected string
    type (e.g. UTF8String where the spec says BIT STRING) that real certificates carry.
    """
    pairs = []
    for rdn in _LenientName.load(name.chosen.dump()):
        for atv in rdn:
            dotted = atv["type"].dotted
            pairs.append((_SHORT_NAMES.get(dotted, dotted), _text_of(atv["value"].parse())))
    return pairs


def _name_text(pairs: list[tuple[str, str]]) -> str:
    return ", ".join(f"{k}={v}" for k, v in pairs)


def _name_field(pairs: list[tuple[str, str]], key: str) -> str:
    return ", ".join(v for k, v in pairs if k == key)


class _LenientExtension(core.Sequence):
    _fields = [
        ("extn_id", core.ObjectIdentifier),
        ("critical", core.Boolean, {"optional": True}),
        ("extn_value", core.OctetString),
    ]


class _LenientExtensions(core.SequenceOf):
    _child_spec = _LenientExtension


def _raw_extensions(tbs: x509.TbsCertificate) -> dict[str, bytes]:
    """Extension OID → raw value, without asn1crypto's per-extension parsing, which rejects
    malformed extensions (e.g. broken GeneralNames) that real Chinese certificates carry."""
    raw = tbs["extensions"]
    if isinstance(raw, core.Void) or not raw.contents:
        return {}
    return {
        ext["extn_id"].dotted: bytes(ext["extn_value"].native)
        for ext in _LenientExtensions.load(der_sequence(raw.contents))
    }


def _key_usage(extensions: dict[str, bytes]) -> frozenset[str] | None:
    raw = extensions.get("2.5.29.15")
    if raw is None:
        return None
    try:
        return frozenset(x509.KeyUsage.load(raw).native)
    except (ValueError, TypeError):
        return frozenset()  # unreadable: allows nothing


def _is_ca(extensions: dict[str, bytes]) -> bool:
    raw = extensions.get("2.5.29.19")
    if raw is None:
        return False
    try:
        return bool(x509.BasicConstraints.load(raw)["ca"].native)
    except (ValueError, TypeError):
        return False


@functools.lru_cache(maxsize=256)
def certificate_info(der: bytes) -> CertificateInfo:
    """Read a DER certificate into :class:`CertificateInfo` (cached: the same maker and
    signer certificates recur across every document a batch verifies).

    :raises CertificateError: if the bytes are not a parseable X.509 certificate.
    """
    try:
        cert = x509.Certificate.load(der, strict=True)
        tbs = cert["tbs_certificate"]
        extensions = _raw_extensions(tbs)
        subject = _name_pairs(tbs["subject"])
        issuer = _name_pairs(tbs["issuer"])
        validity = tbs["validity"]
        info_fields = {
            "subject": _name_text(subject),
            "subject_cn": _name_field(subject, "CN"),
            "organization": _name_field(subject, "O"),
            "issuer": _name_text(issuer),
            "issuer_cn": _name_field(issuer, "CN"),
            "serial_hex": format(cert.serial_number, "x"),
            "not_before": validity["not_before"].native,
            "not_after": validity["not_after"].native,
            "key_algorithm": _key_algorithm(cert),
            "is_ca": _is_ca(extensions),
            "key_usage": _key_usage(extensions),
        }
        subject_values = [value for _key, value in subject]
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as e:
        raise CertificateError(f"not an X.509 certificate: {e}") from e

    gmt0015 = {
        name: _extension_text(extensions[oid])
        for oid, name in GMT0015_EXTENSIONS.items()
        if oid in extensions
    }
    credit_code, source = None, None
    if OID_SHECA_CREDIT_CODE in extensions:
        credit_code = _extension_text(extensions[OID_SHECA_CREDIT_CODE])
        source = OID_SHECA_CREDIT_CODE
    else:
        for oid in _GMT0015_CODE_OIDS:
            value = gmt0015.get(GMT0015_EXTENSIONS[oid], "")
            if is_credit_code(value):
                credit_code, source = value, oid
                break
        else:
            # a subject value may wrap the code: "统一社会信用代码:…", "…U淄博市…局"
            candidates = (m for v in subject_values for m in _USCC_RE.findall(v.upper()))
            credit_code = next((c for c in candidates if is_credit_code(c)), None)
            source = "subject" if credit_code else None

    return CertificateInfo(
        **info_fields,
        sha256_fingerprint=hashlib.sha256(der).hexdigest(),
        credit_code=credit_code,
        credit_code_source=source,
        entity_id=_extension_text(extensions[OID_SHECA_ENTITY_ID])
        if OID_SHECA_ENTITY_ID in extensions
        else None,
        device_id=_extension_text(extensions[OID_SHECA_DEVICE_ID])
        if OID_SHECA_DEVICE_ID in extensions
        else None,
        gmt0015=gmt0015,
    )
