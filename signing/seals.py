"""Making and checking electronic seals (GB/T 38540) and seal signatures.

A seal is made by a maker (制章人) who signs DER(SES_SealInfo) with any :class:`Signer`; the
unit's signing certificates go into its certList. Checking reports every check with a reason
in Chinese and English, so the fronts only choose the language.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import uuid
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from asn1crypto import core

from sealdesk.signing import sm2
from sealdesk.signing.certinfo import CertificateError, certificate_info
from sealdesk.signing.certverify import (
    OID_ECDSA_SHA256,
    OID_SHA256_RSA,
    public_point_of,
    verify_with_certificate,
)
from sealdesk.signing.ses import (
    CertDigest,
    CertDigestList,
    ExtData,
    ExtensionDatas,
    SealFormatError,
    SealHeader,
    SealInfoV4,
    SealPicture,
    SealPropertyV4,
    SESealV4,
    SESSignatureV4,
    TBSSignV4,
    Time,
    load_seal_asn1,
    parse_seal,
    parse_signature,
)
from sealdesk.signing.signer import SignatureAlgorithm, Signer

SIGNATURE_OIDS = {
    SignatureAlgorithm.SM2_SM3: sm2.OID_SM2_SM3,
    SignatureAlgorithm.RSA_PKCS1_SHA256: OID_SHA256_RSA,
    SignatureAlgorithm.ECDSA_P256_SHA256: OID_ECDSA_SHA256,
}
MAX_PICTURE_BYTES = 8 * 1024 * 1024
PICTURE_TYPES = ("png", "jpg", "jpeg", "gif", "bmp", "ofd", "svg")

Status = Literal["ok", "failed", "unknown"]


@dataclass(frozen=True)
class Check:
    """One check and its outcome, worded for people."""

    name: str
    status: Status
    zh: str
    en: str

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Report:
    """All checks of one seal or seal signature."""

    checks: tuple[Check, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return all(c.status == "ok" for c in self.checks)

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status != "ok")


def _time(value: dt.datetime) -> Time:
    # whole seconds, as signing times are written: a seal made and used within the same second
    # must not read "not yet valid"
    whole = value.astimezone(dt.UTC).replace(microsecond=0)
    return Time(name="generalized", value=core.GeneralizedTime(whole))


def build_seal(
    *,
    maker: Signer,
    name: str,
    seal_type: int,
    picture: bytes,
    picture_type: str,
    width_mm: int,
    height_mm: int,
    signer_certs: Sequence[bytes],
    valid_from: dt.datetime,
    valid_to: dt.datetime,
    cert_list_type: int = 1,
    es_id: str | None = None,
    vid: str = "SealDesk",
    created: dt.datetime | None = None,
    extensions: Sequence[tuple[str, bool, bytes]] = (),
) -> bytes:
    """A V4 `SES_Seal`, signed by ``maker`` over DER(SES_SealInfo).

    ``cert_list_type`` 1 puts the signer certificates in; 2 puts their SM3 digests.

    :raises ValueError: empty name, no signer certificate, dates out of order, bad picture type.
    """
    if not name.strip():
        raise ValueError("the seal needs a name")
    if not signer_certs:
        raise ValueError("the seal needs at least one signer certificate")
    if valid_to <= valid_from:
        raise ValueError("the seal's validity ends before it starts")
    if picture_type.lower() not in PICTURE_TYPES:
        raise ValueError(f"picture type {picture_type!r} is not one of {PICTURE_TYPES}")
    if cert_list_type == 1:
        cert_list: core.Asn1Value = core.SequenceOf(
            [core.OctetString(c) for c in signer_certs], spec=core.OctetString
        )
    elif cert_list_type == 2:
        cert_list = CertDigestList(
            [
                CertDigest({"type": "sm3", "value": hashlib.new("sm3", c).digest()})
                for c in signer_certs
            ]
        )
    else:
        raise ValueError("certListType is 1 (certificates) or 2 (digests)")
    info = {
        "header": SealHeader({"id": "ES", "version": 4, "vid": vid}),
        "esID": es_id or uuid.uuid4().hex,
        "property": SealPropertyV4(
            {
                "type": seal_type,
                "name": name,
                "certListType": cert_list_type,
                "certList": core.Any.load(cert_list.dump()),
                "createDate": _time(created or dt.datetime.now(dt.UTC)),
                "validStart": _time(valid_from),
                "validEnd": _time(valid_to),
            }
        ),
        "picture": SealPicture(
            {"type": picture_type, "data": picture, "width": width_mm, "height": height_mm}
        ),
    }
    if extensions:
        info["extDatas"] = ExtensionDatas(
            [
                ExtData({"extnID": oid, **({"critical": True} if critical else {}), "extnValue": v})
                for oid, critical, v in extensions
            ]
        )
    seal_info = SealInfoV4(info)
    signature = maker.sign(seal_info.dump())
    return bytes(
        SESealV4(
            {
                "eSealInfo": seal_info,
                "cert": maker.certificate,
                "signAlgID": SIGNATURE_OIDS[maker.algorithm],
                "signedValue": signature,
            }
        ).dump()
    )


class SealSignerMismatch(ValueError):
    """The signer's certificate is not one the seal names: the signature would not verify."""


def build_signature(
    *,
    seal_der: bytes,
    signer: Signer,
    data_hash: bytes,
    property_info: str,
    at: dt.datetime | None = None,
    timestamp: Callable[[bytes], bytes] | None = None,
) -> bytes:
    """A V4 `SES_Signature` (电子签章) over ``data_hash`` with the seal ``seal_der``.

    The seal goes in as its original bytes; the signer signs DER(TBS_Sign). ``timestamp``
    turns the signature value into a timestamp token over it (ofdrw's layout), if given.

    :raises SealFormatError: not a seal, or a V1 seal (GM/T 0031 signatures are not made).
    :raises SealSignerMismatch: the signer's certificate is not in the seal's certList.
    """
    seal = parse_seal(seal_der)
    if seal.version != 4:
        raise SealFormatError("only GB/T 38540 (V4) seals can sign; this is a V1 seal")
    if not _signer_listed(
        seal.cert_list, seal.cert_list_type, seal.cert_digest_algorithms, signer.certificate
    ):
        raise SealSignerMismatch(seal.name)
    tbs = TBSSignV4(
        {
            "version": 4,
            "eseal": load_seal_asn1(seal_der),
            "timeInfo": core.GeneralizedTime((at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)),
            "dataHash": data_hash,
            "propertyInfo": property_info,
        }
    )
    value = signer.sign(tbs.dump())
    signature = {
        "toSign": tbs,
        "cert": signer.certificate,
        "signatureAlgID": SIGNATURE_OIDS[signer.algorithm],
        "signature": value,
    }
    if timestamp is not None:
        signature["timeStamp"] = timestamp(value)
    return bytes(SESSignatureV4(signature).dump())


# checking -----------------------------------------------------------------------------------


def _picture_check(picture_type: str, data: bytes) -> Check:
    kind = picture_type.lower()
    if len(data) > MAX_PICTURE_BYTES:
        return Check(
            "picture",
            "failed",
            f"印章图片过大（{len(data) // 1024} KB）",
            f"the seal picture is too large ({len(data) // 1024} KB)",
        )
    if kind == "ofd":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = {n.lstrip("/").lower() for n in z.namelist()}
            if "ofd.xml" in names:
                return Check(
                    "picture",
                    "ok",
                    "印章图片为 OFD 格式，可读取",
                    "the seal picture is an OFD document and readable",
                )
        except zipfile.BadZipFile:
            pass
        return Check(
            "picture", "failed", "OFD 格式的印章图片无法读取", "the OFD seal picture cannot be read"
        )
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > 50_000_000:
                raise ValueError("too many pixels")
            size = image.size
            image.verify()
    except Exception:
        return Check(
            "picture",
            "failed",
            f"印章图片（{picture_type}）无法读取或已损坏",
            f"the seal picture ({picture_type}) cannot be read or is damaged",
        )
    return Check(
        "picture",
        "ok",
        f"印章图片可读取（{picture_type}，{size[0]}×{size[1]} 像素）",
        f"the seal picture is readable ({picture_type}, {size[0]}×{size[1]} px)",
    )


def validity_check(
    name: str,
    start: dt.datetime | None,
    end: dt.datetime | None,
    at: dt.datetime,
    what_zh: str,
    what_en: str,
) -> Check:
    """Whether ``at`` falls within [start, end] of a seal or certificate, in words; compared to
    the second, the precision the times are written with."""
    when = at.strftime("%Y-%m-%d %H:%M:%S")
    if start is None or end is None:
        return Check(
            name, "unknown", f"{what_zh}的有效期无法读取", f"the {what_en} validity is unreadable"
        )
    at, start, end = (t.replace(microsecond=0) for t in (at, start, end))
    if at < start:
        return Check(
            name,
            "failed",
            f"{what_zh}在 {when} 时尚未生效（{start:%Y-%m-%d} 起）",
            f"the {what_en} was not yet valid at {when} (from {start:%Y-%m-%d})",
        )
    if at > end:
        return Check(
            name,
            "failed",
            f"{what_zh}在 {when} 时已过期（{end:%Y-%m-%d} 到期）",
            f"the {what_en} had expired at {when} (until {end:%Y-%m-%d})",
        )
    return Check(
        name,
        "ok",
        f"{what_zh}在 {when} 时有效（{start:%Y-%m-%d} 至 {end:%Y-%m-%d}）",
        f"the {what_en} was valid at {when} ({start:%Y-%m-%d} to {end:%Y-%m-%d})",
    )


def _maker_checks(seal_der: bytes, at: dt.datetime) -> tuple[list[Check], object]:
    seal = parse_seal(seal_der)
    checks = [
        Check(
            "structure",
            "ok",
            f"印章结构完整（V{seal.version}，“{seal.name}”）",
            f"the seal structure is complete (V{seal.version}, '{seal.name}')",
        )
    ]
    try:
        maker = certificate_info(seal.maker_cert)
        maker_name = maker.subject_cn or maker.organization
    except CertificateError:
        maker_name = "?"
    if verify_with_certificate(
        seal.maker_cert, seal.algorithm_oid, seal.signature, seal.signed_bytes
    ):
        checks.append(
            Check(
                "maker_signature",
                "ok",
                f"制章人（{maker_name}）签名正确",
                f"the maker's ({maker_name}) signature is valid",
            )
        )
    else:
        checks.append(
            Check(
                "maker_signature",
                "failed",
                "制章人签名不正确：印章内容被改动，或不是该制章人所制",
                "the maker's signature is invalid: the seal was altered or not made by this maker",
            )
        )
    checks.append(
        validity_check("seal_validity", seal.valid_from, seal.valid_to, at, "印章", "seal")
    )
    checks.append(_picture_check(seal.picture_type, seal.picture))
    return checks, seal


def check_seal(seal_der: bytes, *, at: dt.datetime | None = None) -> Report:
    """Check a seal: structure, maker signature, validity at ``at`` (now), picture.

    :raises SealFormatError: the bytes are not a seal (nothing to check).
    """
    checks, _ = _maker_checks(seal_der, at or dt.datetime.now(dt.UTC))
    return Report(tuple(checks))


def unusable(seal_der: bytes, *, at: dt.datetime | None = None) -> Check | None:
    """Why a seal cannot sign or be written into a key (a maker signature that does not verify,
    a validity that does not hold at ``at``, now by default); None when it can.

    :raises SealFormatError: the bytes are not a seal.
    """
    for check in check_seal(seal_der, at=at).checks:
        if check.name in ("maker_signature", "seal_validity") and check.status != "ok":
            return check
    return None


def names_certificate(seal_der: bytes, cert_der: bytes) -> bool:
    """Whether the seal names this certificate among those that may use it (False for bytes
    that are not a seal)."""
    try:
        seal = parse_seal(seal_der)
    except SealFormatError:
        return False
    return _signer_listed(
        seal.cert_list, seal.cert_list_type, seal.cert_digest_algorithms, cert_der
    )


def _signer_listed(
    seal_cert_list: tuple[bytes, ...],
    list_type: int,
    algorithms: tuple[str, ...],
    signer_cert: bytes,
) -> bool:
    if list_type == 1:
        return signer_cert in seal_cert_list
    for algorithm, digest in zip(algorithms, seal_cert_list, strict=False):
        name = {"sm3": "sm3", "sha1": "sha1", "sha256": "sha256"}.get(algorithm.lower(), "sm3")
        if hashlib.new(name, signer_cert).digest() == digest:
            return True
    return False


def check_signature(signature_der: bytes, *, at: dt.datetime | None = None) -> Report:
    """Check a seal signature: the seal's own checks at the signing time, the signer's signature
    over TBS_Sign (the original bytes), and that the signer is one of the seal's certList.

    The document digest (dataHash) is checked against the document by the OFD verifier.

    :raises SealFormatError: the bytes are not a seal signature.
    """
    sig = parse_signature(signature_der)
    when = at or sig.signing_time or dt.datetime.now(dt.UTC)
    checks, _ = _maker_checks(sig.seal.der, when)
    try:
        signer = certificate_info(sig.signer_cert)
        signer_name = signer.subject_cn or signer.organization
    except CertificateError:
        signer = None
        signer_name = "?"
    if verify_with_certificate(sig.signer_cert, sig.algorithm_oid, sig.signature, sig.tbs_bytes):
        checks.append(
            Check(
                "signer_signature",
                "ok",
                f"签章人（{signer_name}）签名正确",
                f"the signer's ({signer_name}) signature is valid",
            )
        )
    elif (
        sig.version == 1
        and sig.algorithm_oid == sm2.OID_SM2_SM3
        and len(sig.data_hash) == 32
        and _verify_over_digest(sig.signer_cert, sig.signature, sig.data_hash)
    ):
        checks.append(
            Check(
                "signer_signature",
                "unknown",
                f"签章人（{signer_name}）的签名只覆盖文档摘要（GM/T 0031 的一种变体）："
                "签章时间、印章和签章属性未受签名保护，可能被改动",
                f"the signer's ({signer_name}) signature covers the document digest only (a "
                "GM/T 0031 variant): the signing time, seal and properties are not protected",
            )
        )
    else:
        checks.append(
            Check(
                "signer_signature",
                "failed",
                "签章人签名不正确：签章数据被改动，或签名与证书不符",
                "the signer's signature is invalid: the signature data was altered "
                "or does not match the certificate",
            )
        )
    if _signer_listed(
        sig.seal.cert_list,
        sig.seal.cert_list_type,
        sig.seal.cert_digest_algorithms,
        sig.signer_cert,
    ):
        checks.append(
            Check(
                "signer_in_seal",
                "ok",
                "签章人证书属于该印章的授权证书",
                "the signer's certificate is one the seal names",
            )
        )
    else:
        checks.append(
            Check(
                "signer_in_seal",
                "failed",
                "签章人证书不在该印章的授权证书列表中",
                "the signer's certificate is not among those the seal names",
            )
        )
    if signer is None:
        checks.append(
            Check(
                "signer_validity",
                "unknown",
                "签章人证书无法解析，无法判断有效期",
                "the signer certificate cannot be read; validity unknown",
            )
        )
    else:
        checks.append(
            validity_check(
                "signer_validity",
                signer.not_before,
                signer.not_after,
                when,
                "签章人证书",
                "signer certificate",
            )
        )
    return Report(tuple(checks))


def _verify_over_digest(cert_der: bytes, signature: bytes, digest: bytes) -> bool:
    try:
        return sm2.verify_digest(
            sm2.public_key_from_point(public_point_of(cert_der)), signature, digest
        )
    except (CertificateError, sm2.Sm2Error, ValueError):
        return False
