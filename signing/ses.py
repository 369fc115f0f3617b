"""GB/T 38540-2020 (V4) and GM/T 0031-2014 (V1) electronic seal structures.

`SES_Seal` (电子印章) and `SES_Signature` (电子签章) as asn1crypto classes, and a parsed view of
each. Parsing keeps the original bytes: what a signature covers is always hashed from the bytes
as they came (never re-encoded), and re-encoding an unmodified structure gives them back.
See ../shared/OFD-NOTES.md §2 for the layouts and the quirks of seals in the wild.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from asn1crypto import core

from sealdesk.signing.certinfo import der_sequence

OID_SM2_SM3 = "1.2.156.10197.1.501"
OID_SHA256_RSA = "1.2.840.113549.1.1.11"
OID_ECDSA_SHA256 = "1.2.840.10045.4.3.2"

SEAL_TYPES = {
    1: ("单位印章", "organisation seal"),
    2: ("个人印章", "personal seal"),
    3: ("法人印章", "legal-representative seal"),
}


class SealFormatError(ValueError):
    """The bytes are not a seal or seal signature we can read; ``detail`` says where."""


class Time(core.Choice):
    """GeneralizedTime (V4) or UTCTime (V1); some producers mix them."""

    _alternatives = [
        ("generalized", core.GeneralizedTime),
        ("utc", core.UTCTime),
    ]


class SealHeader(core.Sequence):
    _fields = [("id", core.IA5String), ("version", core.Integer), ("vid", core.IA5String)]


class CertDigest(core.Sequence):
    _fields = [("type", core.PrintableString), ("value", core.OctetString)]


class CertDigestList(core.SequenceOf):
    _child_spec = CertDigest


class SealPropertyV4(core.Sequence):
    _fields = [
        ("type", core.Integer),
        ("name", core.UTF8String),
        ("certListType", core.Integer),
        ("certList", core.Any),  # SEQUENCE OF OCTET STRING (type 1) or of CertDigest (type 2)
        ("createDate", Time),
        ("validStart", Time),
        ("validEnd", Time),
    ]


class SealPropertyV1(core.Sequence):
    _fields = [
        ("type", core.Integer),
        ("name", core.UTF8String),
        ("certList", core.Any),  # SEQUENCE OF OCTET STRING; some write IA5String there
        ("createDate", Time),
        ("validStart", Time),
        ("validEnd", Time),
    ]


class SealPicture(core.Sequence):
    _fields = [
        ("type", core.IA5String),
        ("data", core.OctetString),
        ("width", core.Integer),
        ("height", core.Integer),
    ]


class ExtData(core.Sequence):
    _fields = [
        ("extnID", core.ObjectIdentifier),
        # DEFAULT FALSE in the standard; declared optional so that a producer's explicit FALSE
        # (not DER, but common) survives a re-encode byte for byte
        ("critical", core.Boolean, {"optional": True}),
        ("extnValue", core.OctetString),
    ]


class ExtensionDatas(core.SequenceOf):
    _child_spec = ExtData


class SealInfoV4(core.Sequence):
    _fields = [
        ("header", SealHeader),
        ("esID", core.IA5String),
        ("property", SealPropertyV4),
        ("picture", SealPicture),
        ("extDatas", ExtensionDatas, {"optional": True}),
    ]


class SealInfoV1(core.Sequence):
    _fields = [
        ("header", SealHeader),
        ("esID", core.IA5String),
        ("property", SealPropertyV1),
        ("picture", SealPicture),
        ("extDatas", ExtensionDatas, {"optional": True}),
    ]


class SESealV4(core.Sequence):
    _fields = [
        ("eSealInfo", SealInfoV4),
        ("cert", core.OctetString),
        ("signAlgID", core.ObjectIdentifier),
        ("signedValue", core.OctetBitString),
    ]


class SignInfoV1(core.Sequence):
    _fields = [
        ("cert", core.OctetString),
        ("signatureAlgorithm", core.ObjectIdentifier),
        ("signData", core.OctetBitString),
    ]


class SESealV1(core.Sequence):
    _fields = [("sealInfo", SealInfoV1), ("signInfo", SignInfoV1)]


class TBSSignV4(core.Sequence):
    _fields = [
        ("version", core.Integer),
        ("eseal", SESealV4),
        ("timeInfo", core.GeneralizedTime),
        ("dataHash", core.OctetBitString),
        ("propertyInfo", core.IA5String),
        ("extDatas", ExtensionDatas, {"explicit": 0, "optional": True}),
    ]


class SESSignatureV4(core.Sequence):
    _fields = [
        ("toSign", TBSSignV4),
        ("cert", core.OctetString),
        ("signatureAlgID", core.ObjectIdentifier),
        ("signature", core.OctetBitString),
        ("timeStamp", core.OctetBitString, {"explicit": 0, "optional": True}),
        # a C++ verifier in the field writes/reads it untagged: accept both
        ("timeStampUntagged", core.OctetBitString, {"optional": True}),
    ]


class TBSSignV1(core.Sequence):
    _fields = [
        ("version", core.Integer),
        ("eseal", SESealV1),
        ("timeInfo", core.Any),  # BIT STRING of text in the standard; OCTET STRING or time seen
        ("dataHash", core.OctetBitString),
        ("propertyInfo", core.IA5String),
        ("cert", core.OctetString),
        ("signatureAlgorithm", core.ObjectIdentifier),
    ]


class SESSignatureV1(core.Sequence):
    _fields = [("toSign", TBSSignV1), ("signature", core.OctetBitString)]


# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seal:
    """A parsed electronic seal (V1 or V4) with the exact bytes its maker signed."""

    version: int
    vid: str
    es_id: str
    seal_type: int
    name: str
    cert_list_type: int  # 1: certificates, 2: digests of certificates
    cert_list: tuple[bytes, ...]  # certificates (type 1) or digests (type 2)
    cert_digest_algorithms: tuple[str, ...]  # for type 2
    created: dt.datetime | None
    valid_from: dt.datetime | None
    valid_to: dt.datetime | None
    picture_type: str
    picture: bytes
    picture_width_mm: int
    picture_height_mm: int
    extensions: tuple[tuple[str, bool, bytes], ...]
    maker_cert: bytes
    algorithm_oid: str
    signature: bytes
    signed_bytes: bytes
    der: bytes


@dataclass(frozen=True)
class SealSignature:
    """A parsed electronic signature (电子签章): the seal, what was signed, by whom."""

    version: int
    seal: Seal
    time_info: str
    signing_time: dt.datetime | None
    data_hash: bytes
    property_info: str
    signer_cert: bytes
    algorithm_oid: str
    signature: bytes
    timestamp: bytes | None
    tbs_bytes: bytes
    der: bytes


def _time(value: Any) -> dt.datetime | None:
    try:
        native = value.native
    except (ValueError, TypeError):
        return None
    if isinstance(native, dt.datetime):
        return native if native.tzinfo else native.replace(tzinfo=dt.UTC)
    return None


class _AnyList(core.SequenceOf):
    _child_spec = core.Any


def _cert_list(raw: core.Any, list_type: int) -> tuple[tuple[bytes, ...], tuple[str, ...]]:
    if list_type == 2:
        digests = CertDigestList.load(raw.dump(), strict=True)
        return tuple(bytes(d["value"].native) for d in digests), tuple(
            str(d["type"].native) for d in digests
        )
    # OCTET STRINGs of certificates (or a stray string type): their contents either way
    return tuple(bytes(item.parse().contents) for item in _AnyList.load(raw.dump())), ()


def _seal_from(parsed: SESealV4 | SESealV1, der: bytes) -> Seal:
    if isinstance(parsed, SESealV4):
        info = parsed["eSealInfo"]
        prop = info["property"]
        list_type = int(prop["certListType"].native)
        maker_cert = bytes(parsed["cert"].native)
        algorithm = parsed["signAlgID"].dotted
        signature = bytes(parsed["signedValue"].native)
        signed = info.dump()
    else:
        info = parsed["sealInfo"]
        prop = info["property"]
        list_type = 1
        sign_info = parsed["signInfo"]
        maker_cert = bytes(sign_info["cert"].native)
        algorithm = sign_info["signatureAlgorithm"].dotted
        signature = bytes(sign_info["signData"].native)
        # V1: the maker signs SEQUENCE{sealInfo, cert, signatureAlgorithm} (verified in the wild)
        signed = der_sequence(
            info.dump() + sign_info["cert"].dump() + sign_info["signatureAlgorithm"].dump()
        )
    header = info["header"]
    if header["id"].native != "ES":
        raise SealFormatError("header id is not ES")
    version = int(header["version"].native)
    known = (4, 5) if isinstance(parsed, SESealV4) else (1,)
    if version not in known:
        raise SealFormatError(f"unknown seal version {version} for this structure (known: {known})")
    certs, digest_algs = _cert_list(prop["certList"], list_type)
    picture = info["picture"]
    extensions = tuple(
        (e["extnID"].dotted, bool(e["critical"].native), bytes(e["extnValue"].native))
        for e in (info["extDatas"] if info["extDatas"].native is not None else [])
    )
    return Seal(
        version=version,
        vid=str(header["vid"].native),
        es_id=str(info["esID"].native),
        seal_type=int(prop["type"].native),
        name=str(prop["name"].native),
        cert_list_type=list_type,
        cert_list=certs,
        cert_digest_algorithms=digest_algs,
        created=_time(prop["createDate"]),
        valid_from=_time(prop["validStart"]),
        valid_to=_time(prop["validEnd"]),
        picture_type=str(picture["type"].native),
        picture=bytes(picture["data"].native),
        picture_width_mm=int(picture["width"].native),
        picture_height_mm=int(picture["height"].native),
        extensions=extensions,
        maker_cert=maker_cert,
        algorithm_oid=algorithm,
        signature=signature,
        signed_bytes=signed,
        der=der,
    )


def _top_level_count(der: bytes) -> int:
    try:
        outer = core.Sequence.load(der, strict=True)
        count = len(outer)
        first = outer[0] if count else None
    except (ValueError, TypeError) as e:
        raise SealFormatError(f"not a DER SEQUENCE: {e}") from e
    if isinstance(first, core.Any):
        first = first.parse()
    if isinstance(first, core.ObjectIdentifier):
        raise SealFormatError(
            "a GB/T 35275 / PKCS#7 digital signature (ContentInfo), not an electronic seal"
        )
    if count == 2 and isinstance(first, core.Integer):
        raise SealFormatError("a bare signature value SEQUENCE{r, s}, not an electronic seal")
    return count


def load_seal_asn1(der: bytes, *, validate: bool = True) -> SESealV4 | SESealV1:
    """The asn1crypto structure of a seal, V1 (2 members) or V4/V5 (4 members).

    ``validate`` parses every member now (asn1crypto parses lazily); callers that read every
    member anyway skip it.

    :raises SealFormatError: not a seal.
    """
    count = _top_level_count(der)
    cls: type[SESealV4] | type[SESealV1] = SESealV1 if count == 2 else SESealV4
    if count not in (2, 4):
        raise SealFormatError(f"a seal has 2 (V1) or 4 (V4) members, this one {count}")
    try:
        parsed = cls.load(der, strict=True)
        if validate:
            parsed.native  # noqa: B018 -- parse every member now, not lazily later
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as e:
        raise SealFormatError(f"malformed seal: {e}") from e
    return cast(SESealV4 | SESealV1, parsed)


def parse_seal(der: bytes) -> Seal:
    """Parse a DER `SES_Seal` (V1 or V4).

    :raises SealFormatError: the bytes are not a readable seal.
    """
    parsed = load_seal_asn1(der, validate=False)
    try:
        return _seal_from(parsed, der)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as e:
        raise SealFormatError(f"malformed seal: {e}") from e


def load_signature_asn1(der: bytes) -> SESSignatureV4 | SESSignatureV1:
    """The asn1crypto structure of a seal signature (V1 or V4).

    :raises SealFormatError: not a seal signature.
    """
    count = _top_level_count(der)
    cls: type[SESSignatureV4] | type[SESSignatureV1] = (
        SESSignatureV1 if count == 2 else SESSignatureV4
    )
    try:
        parsed = cls.load(der, strict=True)
        parsed.native  # noqa: B018 -- parse every member now
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as e:
        raise SealFormatError(f"malformed seal signature: {e}") from e
    return cast(SESSignatureV4 | SESSignatureV1, parsed)


def _time_text(value: Any) -> str:
    if isinstance(value, core.Any):
        value = value.parse()
    native = value.native
    if isinstance(native, bytes | tuple):
        raw = bytes(value.contents[1:]) if isinstance(value, core.BitString) else bytes(native)
        return raw.decode("utf-8", "replace")
    return str(native)


CHINA_STANDARD_TIME = dt.timezone(dt.timedelta(hours=8), "CST")
"""The zone of a time written without one (GB/T 33190 producers write Beijing time: the same
signature reads 20200620091849Z in its seal and 2020-06-20 17:18:49 in Signature.xml)."""


def parse_time_text(text: str) -> dt.datetime | None:
    """A free-text time as producers write it: ``20200817111329Z`` (UTC), ``2020-04-22
    16:22:44`` (no zone: Beijing time), or ISO 8601 with an offset."""
    stripped = text.strip()
    zone = dt.UTC if stripped.endswith("Z") else CHINA_STANDARD_TIME
    cleaned = stripped.rstrip("Z").replace("T", " ")
    for fmt in ("%Y%m%d%H%M%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y%m%d%H%M%S.%f"):
        try:
            return dt.datetime.strptime(cleaned, fmt).replace(tzinfo=zone)
        except ValueError:
            continue
    try:
        parsed = dt.datetime.fromisoformat(stripped)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def parse_signature(der: bytes) -> SealSignature:
    """Parse a DER `SES_Signature` (an OFD's SignedValue.dat), V1 or V4.

    :raises SealFormatError: not a readable seal signature.
    """
    parsed = load_signature_asn1(der)
    try:
        tbs = parsed["toSign"]
        seal = _seal_from(tbs["eseal"], tbs["eseal"].dump())
        if isinstance(parsed, SESSignatureV4):
            time_info = tbs["timeInfo"]
            signing_time = _time(time_info)
            time_text = str(time_info.native)
            signer_cert = bytes(parsed["cert"].native)
            algorithm = parsed["signatureAlgID"].dotted
            stamp = (
                parsed["timeStamp"] if parsed["timeStamp"].native else parsed["timeStampUntagged"]
            )
            timestamp = bytes(stamp.native) if stamp.native else None
        else:
            time_text = _time_text(tbs["timeInfo"])
            signing_time = parse_time_text(time_text)
            signer_cert = bytes(tbs["cert"].native)
            algorithm = tbs["signatureAlgorithm"].dotted
            timestamp = None
        return SealSignature(
            version=int(tbs["version"].native),
            seal=seal,
            time_info=time_text,
            signing_time=signing_time,
            data_hash=bytes(tbs["dataHash"].native),
            property_info=str(tbs["propertyInfo"].native),
            signer_cert=signer_cert,
            algorithm_oid=algorithm,
            signature=bytes(parsed["signature"].native),
            timestamp=timestamp,
            tbs_bytes=tbs.dump(),
            der=der,
        )
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as e:
        raise SealFormatError(f"malformed seal signature: {e}") from e
