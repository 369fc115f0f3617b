"""Checking the signatures of an OFD document offline (GB/T 33190 §18, GB/T 38540).

For each signature: the digests of the files it protects (References), that its seal
signature signs the exact bytes of its Signature.xml (dataHash), the seal and signer checks of
`signing.seals`, and the chain to the trust roots. Reported like PDF verification.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sealdesk.signing import sm2
from sealdesk.signing.certinfo import CertificateError, certificate_info
from sealdesk.signing.certverify import check_signature as check_certificate_signature
from sealdesk.signing.certverify import public_point_of
from sealdesk.signing.gm import sm2_digest
from sealdesk.signing.gmcms import SignedDataError, check_signed_data
from sealdesk.signing.ofd.package import (
    OfdInputError,
    OfdPackage,
    child,
    children,
    local,
    normalise,
    text_of,
)
from sealdesk.signing.pemder import der_blobs
from sealdesk.signing.seals import check_signature as check_seal_signature
from sealdesk.signing.seals import validity_check
from sealdesk.signing.ses import SealFormatError, parse_signature, parse_time_text
from sealdesk.signing.tsp import check_timestamp

Verdict = Literal["valid", "invalid", "indeterminate"]


@dataclass(frozen=True)
class OfdReason:
    code: str
    effect: Literal["invalid", "indeterminate", "info"]
    zh: str
    en: str


@dataclass(frozen=True)
class OfdSignatureResult:
    """One signature of the document, as a person reads it."""

    id: str
    kind: str  # "Seal" | "Sign"
    signer: str | None
    unit: str | None
    credit_code: str | None
    seal_name: str | None
    signing_time: str | None
    intact: bool
    changed_files: tuple[str, ...]
    covers_whole_document: bool
    signature_valid: bool
    trusted: bool
    reasons: tuple[OfdReason, ...]
    seal_picture: tuple[str, bytes] | None = None  # (type as the seal says, data)
    time_source: str = "claimed"  # or "timestamp": a valid timestamp token proves the time

    def picture_bytes(self) -> bytes | None:
        """The seal picture as PNG/JPEG; a nested-OFD picture (e-invoices) is rendered."""
        return self._picture

    @functools.cached_property
    def _picture(self) -> bytes | None:
        if self.seal_picture is None:
            return None
        kind, data = self.seal_picture
        if kind.lower() != "ofd":
            return data
        from sealdesk.signing.ofd.render import load_document, render_png

        try:
            return render_png(load_document(data), 0, dpi=150)
        except OfdInputError:
            return None

    @property
    def verdict(self) -> Verdict:
        effects = {r.effect for r in self.reasons}
        if "invalid" in effects:
            return "invalid"
        return "indeterminate" if "indeterminate" in effects else "valid"

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "signer": self.signer,
            "unit": self.unit,
            "credit_code": self.credit_code,
            "seal_name": self.seal_name,
            "signing_time": self.signing_time,
            "time_source": self.time_source,
            "intact": self.intact,
            "changed_files": list(self.changed_files),
            "covers_whole_document": self.covers_whole_document,
            "modifications": "none" if self.intact else "other",
            "signature_valid": self.signature_valid,
            "trusted": self.trusted,
            "revocation": "unknown",
            "verdict": self.verdict,
            "reasons": [r.en if lang == "en" else r.zh for r in self.reasons],
        }


@dataclass(frozen=True)
class OfdReport:
    file: str | None
    signatures: tuple[OfdSignatureResult, ...] = field(default_factory=tuple)

    @property
    def verdict(self) -> str:
        verdicts = {s.verdict for s in self.signatures}
        if not verdicts:
            return "unsigned"
        for v in ("invalid", "indeterminate"):
            if v in verdicts:
                return v
        return "valid"

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "file": self.file,
            "format": "ofd",
            "verdict": self.verdict,
            "signatures": [s.to_json(lang) for s in self.signatures],
        }


def _doc_body(package: OfdPackage) -> tuple[str | None, set[str]]:
    """From OFD.xml, read once: the signature list's member name and the documents' roots."""
    ofd = package.xml("OFD.xml")
    bodies = children(ofd, "DocBody")
    lists = [text_of(child(body, "Signatures")) for body in bodies]
    signatures = next((normalise(loc) for loc in lists if loc), None)
    return signatures, {normalise(text_of(child(body, "DocRoot"))) for body in bodies}


def _digest(method: str, data: bytes, signer_point: bytes | None) -> bytes | None:
    """The digest a Reference's CheckMethod names; None when we cannot compute it."""
    if method in ("SM3", "sm3", "1.2.156.10197.1.401", ""):
        return hashlib.new("sm3", data).digest()
    if method == "1.2.156.10197.1.401.2" and signer_point:  # SM3(Z || file), dms360
        return sm2_digest(signer_point, data)
    if method.upper() in ("SHA256", "SHA-256", "2.16.840.1.101.3.4.2.1"):
        return hashlib.sha256(data).digest()
    if method.upper() in ("SHA1", "SHA-1", "1.3.14.3.2.26"):  # old producers
        return hashlib.sha1(data, usedforsecurity=False).digest()
    return None


def _der_certificates(items: Sequence[bytes]) -> list[bytes]:
    """Trust roots given as DER, PEM or PEM bundles, as DER."""
    return [der for item in items for der in der_blobs(item)]


def _trusted(cert: bytes, roots: Sequence[bytes]) -> bool:
    for root in roots:
        try:
            if cert == root or check_certificate_signature(cert, root):
                return True
        except CertificateError:
            continue  # an unreadable root trusts nothing
    return False


def _timestamp_reasons(
    token: bytes, value: bytes, roots: Sequence[bytes], reasons: list[OfdReason]
) -> dt.datetime | None:
    """Check a seal signature's timestamp; returns the time it proves, if it proves one."""
    check = check_timestamp(token, value, roots)
    if not check.intact or check.time is None:
        reasons.append(
            OfdReason(
                "timestamp_invalid",
                "invalid",
                "时间戳与签名值不符或已损坏",
                "The timestamp does not match the signature value, or is damaged",
            )
        )
        return None
    if not check.trusted:
        reasons.append(
            OfdReason(
                "timestamp_untrusted",
                "indeterminate",
                f"时间戳（{check.time:%Y-%m-%d %H:%M:%S} UTC）的签发机构不受信任",
                f"The timestamp ({check.time:%Y-%m-%d %H:%M:%S} UTC) comes from an untrusted "
                "authority",
            )
        )
        return None
    return check.time


def _iso(text: str | None) -> str | None:
    """The claimed signing time as ISO 8601 when it can be read, else as written."""
    when = parse_time_text(text or "")
    return when.isoformat() if when is not None else (text or None)


def _digital_signature(
    signed_value: bytes, digest: bytes, time_text: str | None, reasons: list[OfdReason]
) -> tuple[bytes | None, bool]:
    """Check a Type=Sign value (GB/T 35275 SignedData over SM3 of Signature.xml): returns the
    signer certificate and whether the signature verifies; problems go to ``reasons``."""
    try:
        check = check_signed_data(signed_value, digest)
    except SignedDataError:
        reasons.append(
            OfdReason(
                "sign_unreadable",
                "indeterminate",
                "数字签名值不是 GB/T 35275 签名数据（可能是不带证书的裸签名值），无法核验签名人",
                "The digital signature value is no GB/T 35275 SignedData (perhaps a bare "
                "signature value without a certificate): the signer cannot be checked",
            )
        )
        return None, False
    if not check.content_matches:
        reasons.append(
            OfdReason(
                "data_hash",
                "invalid",
                "签名数据与本签名的 Signature.xml 不符（被替换或改动）",
                "The signature data does not sign this Signature.xml (replaced or edited)",
            )
        )
    if check.signer_cert is None:
        reasons.append(
            OfdReason(
                "no_signer_cert",
                "indeterminate",
                "签名数据中没有签名人证书",
                "The signature data carries no signer certificate",
            )
        )
    elif not check.signature_valid:
        reasons.append(
            OfdReason(
                "signer_signature",
                "invalid",
                "签名值不正确：签名数据被改动，或签名与证书不符",
                "The signature value is invalid: altered, or not made by the certificate's key",
            )
        )
    if check.signer_cert is not None:
        reasons += _validity_reasons(check.signer_cert, time_text)
    return check.signer_cert, check.signature_valid and check.content_matches


def _validity_reasons(cert: bytes, time_text: str | None) -> list[OfdReason]:
    """The signer certificate's validity at the claimed signing time (now when unreadable)."""
    when = parse_time_text(time_text or "") or dt.datetime.now(dt.UTC)
    try:
        info = certificate_info(cert)
    except CertificateError:
        return []
    check = validity_check(
        "signer_validity", info.not_before, info.not_after, when, "签名人证书", "signer certificate"
    )
    return (
        [] if check.status == "ok" else [OfdReason(check.name, "indeterminate", check.zh, check.en)]
    )


def _one(
    package: OfdPackage,
    sig_path: str,
    sig_id: str,
    kind: str,
    roots: Sequence[bytes],
    signatures_path: str,
    later_folders: Sequence[str],
    doc_roots: set[str],
) -> OfdSignatureResult:
    folder = posixpath.dirname(sig_path)
    signature_xml = package.get(sig_path)
    root = package.xml(sig_path)
    info = child(root, "SignedInfo")
    reasons: list[OfdReason] = []
    signer = unit = code = seal_name = None
    signer_cert: bytes | None = None
    value_loc = text_of(child(root, "SignedValue"))
    signed_value = package.get(normalise(value_loc, folder)) if value_loc else b""
    signature_valid = False
    picture: tuple[str, bytes] | None = None
    time_source = "claimed"
    time_text = text_of(child(info, "SignatureDateTime")) if info is not None else None

    if kind == "Seal":
        try:
            sealed = parse_signature(signed_value)
        except SealFormatError as e:
            reasons.append(
                OfdReason(
                    "seal_malformed",
                    "invalid",
                    f"签章数据无法读取：{e}",
                    f"The seal signature cannot be read: {e}",
                )
            )
            sealed = None
        if sealed is not None:
            signer_cert = sealed.signer_cert
            seal_name = sealed.seal.name
            picture = (sealed.seal.picture_type, sealed.seal.picture)
            if sealed.data_hash != hashlib.new("sm3", signature_xml).digest():
                reasons.append(
                    OfdReason(
                        "data_hash",
                        "invalid",
                        "签章数据与本签名的 Signature.xml 不符（被替换或改动）",
                        "The seal signature does not sign this Signature.xml (replaced or edited)",
                    )
                )
            stamped_at = None
            if sealed.timestamp is not None:
                stamped_at = _timestamp_reasons(sealed.timestamp, sealed.signature, roots, reasons)
            if stamped_at is not None:
                time_text, time_source = stamped_at.isoformat(), "timestamp"
            report = check_seal_signature(signed_value, at=stamped_at)
            for check in report.checks:
                if check.status == "ok":
                    continue
                effect: Literal["invalid", "indeterminate"] = (
                    "invalid"
                    if check.name in ("signer_signature", "maker_signature")
                    and check.status == "failed"
                    else "indeterminate"
                )
                reasons.append(OfdReason(check.name, effect, check.zh, check.en))
            signature_valid = all(
                c.status == "ok"
                for c in report.checks
                if c.name in ("signer_signature", "maker_signature")
            )
    else:
        signer_cert, signature_valid = _digital_signature(
            signed_value, hashlib.new("sm3", signature_xml).digest(), time_text, reasons
        )

    if signer_cert is not None:
        try:
            ci = certificate_info(signer_cert)
            signer, unit, code = ci.subject_cn or None, ci.organization or None, ci.credit_code
        except CertificateError:
            pass
    point = None
    if signer_cert is not None:
        try:
            point = public_point_of(signer_cert)
        except (CertificateError, sm2.Sm2Error, ValueError):
            point = None

    references = child(info, "References") if info is not None else None
    method = references.get("CheckMethod", "") if references is not None else ""
    changed: list[str] = []
    protected: set[str] = set()
    for ref in children(references, "Reference") if references is not None else []:
        name = normalise(ref.get("FileRef", ""), folder)
        protected.add(name)
        try:
            expected = base64.b64decode(text_of(child(ref, "CheckValue")), validate=True)
        except ValueError:
            changed.append(name)
            continue
        actual = package.members.get(name)
        digest = _digest(method, actual, point) if actual is not None else None
        if actual is None or digest is None or digest != expected:
            changed.append(name)
    if references is None or not protected:
        reasons.append(
            OfdReason(
                "no_references", "invalid", "签名没有保护任何文件", "The signature protects no file"
            )
        )
    if changed:
        only_list = all(local(c).endswith("Signatures.xml") for c in changed)
        if only_list and later_folders:
            reasons.append(
                OfdReason(
                    "signatures_list_changed",
                    "indeterminate",
                    "签名后只有签名列表 Signatures.xml 被改动，与之后追加的签名一致；"
                    "无法证明改动只是追加签名",
                    "Only the signature list (Signatures.xml) changed after signing, as adding the "
                    "later signature does; that this was the only change cannot be proved",
                )
            )
        else:
            reasons.append(
                OfdReason(
                    "changed",
                    "invalid",
                    "签名后文档被改动：" + "、".join(changed),
                    "The document was changed after signing: " + ", ".join(changed),
                )
            )
    # what the signature leaves out: its own files, the signature list (later signatures must
    # extend it) and later signatures' folders are expected; anything else is named
    expected_out = {sig_path, normalise(value_loc, folder), signatures_path}
    unprotected = sorted(
        n
        for n in package.members
        if n not in protected
        and n not in expected_out
        and not any(n.startswith(f + "/") for f in later_folders)
    )
    if "OFD.xml" in unprotected and doc_roots <= protected:
        unprotected.remove("OFD.xml")  # producers often leave it out; what it points to counts
    if unprotected:
        reasons.append(
            OfdReason(
                "unprotected",
                "indeterminate",
                "这些文件不受该签名保护（签名后添加，或签名时未纳入）：" + "、".join(unprotected),
                "These files are not protected by the signature (added after signing, or left "
                "out when signing): " + ", ".join(unprotected),
            )
        )
    covers_whole = not unprotected
    trusted = signer_cert is not None and _trusted(signer_cert, roots)
    if signer_cert is not None and not trusted:
        reasons.append(
            OfdReason(
                "untrusted",
                "indeterminate",
                "签章人证书不能追溯到受信任的根证书",
                "The signer certificate does not chain to a trusted root",
            )
        )
    return OfdSignatureResult(
        id=sig_id,
        kind=kind,
        signer=signer,
        unit=unit,
        credit_code=code,
        seal_name=seal_name,
        signing_time=_iso(time_text),
        intact=not changed,
        changed_files=tuple(changed),
        covers_whole_document=covers_whole,
        signature_valid=signature_valid,
        trusted=trusted,
        reasons=tuple(reasons),
        seal_picture=picture,
        time_source=time_source,
    )


def verify_ofd(
    data: bytes, *, file: str | None = None, trust_roots: Sequence[bytes] = ()
) -> OfdReport:
    """Verify every signature of an OFD document.

    :raises OfdInputError: the package cannot be read (not a zip, hostile, malformed XML).
    """
    package = OfdPackage.read(data)
    path, doc_roots = _doc_body(package)
    if path is None or path not in package.members:
        return OfdReport(file)
    folder = posixpath.dirname(path)
    roots = _der_certificates(trust_roots)
    listing = package.xml(path)
    entries = children(listing, "Signature")
    paths = [normalise(entry.get("BaseLoc", ""), folder) for entry in entries]
    folders = [posixpath.dirname(p) for p in paths]
    results = []
    for i, (entry, sig_path) in enumerate(zip(entries, paths, strict=True)):
        results.append(
            _one(
                package,
                sig_path,
                entry.get("ID", str(i + 1)),
                entry.get("Type", "Seal"),
                roots,
                signatures_path=path,
                later_folders=folders[i + 1 :],
                doc_roots=doc_roots,
            )
        )
    return OfdReport(file, tuple(results))
