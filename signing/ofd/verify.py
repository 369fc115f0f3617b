"""Checking the signatures of an OFD document offline (GB/T 33190 §18, GB/T 38540).

For each signature: the digests of the files it protects (References), that its seal
signature signs the exact bytes of its Signature.xml (dataHash), the seal and signer checks of
`signing.seals`, and the chains of the signer and of the seal's maker, judged by the rules of
`signing.trust` that PDF verification follows too. Reported like PDF verification.

About 600 lines: one signature's checks in the order GB/T 38540 gives them; the rules they share
with PDF live in `signing.trust` and `signing.seals`.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import posixpath
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from asn1crypto import x509 as asn1_x509

from sealdesk.signing import sm2
from sealdesk.signing.anchors import DemoTrust
from sealdesk.signing.certinfo import CertificateError, certificate_info
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
from sealdesk.signing.ofd.parts import PartNames
from sealdesk.signing.progress import Cancelled, Progress, run_guarded
from sealdesk.signing.seals import check_signature as check_seal_signature
from sealdesk.signing.ses import SealFormatError, SealSignature, parse_signature, parse_time_text
from sealdesk.signing.trust import (
    Chain,
    Role,
    TrustAnchors,
    chain_reasons,
    claimed_time_reasons,
    period_reasons,
    trusted_reason,
)
from sealdesk.signing.tsp import async_check_timestamp
from sealdesk.signing.verdicts import (
    DocumentReport,
    Reason,
    SealPicture,
    SignatureResult,
    fmt_time,
    verdict_of,
)


def _picture(kind: str, data: bytes) -> bytes | None:
    """A seal picture as PNG/JPEG bytes; a nested-OFD picture (e-invoices) is rendered."""
    if kind.lower() != "ofd":
        return data
    from sealdesk.signing.ofd.render import load_document, render_png

    try:
        return render_png(load_document(data), 0, dpi=150)
    except OfdInputError:
        return None


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


def _certificate(der: bytes | None) -> asn1_x509.Certificate | None:
    if der is None:
        return None
    try:
        # lazily parsed: producers put odd string types in names, which only a full parse
        # (.native) trips over; path validation copes or says the chain is invalid
        cert = asn1_x509.Certificate.load(der)
        cert["tbs_certificate"]["subject_public_key_info"]
    except (ValueError, TypeError, KeyError):
        return None
    return cert


@dataclass(frozen=True, kw_only=True)
class _Document:
    """What every signature of one document is checked against."""

    package: OfdPackage
    anchors: TrustAnchors
    signatures_path: str
    doc_roots: set[str]
    parts: PartNames


@dataclass
class _Facts:
    """What one signature's checks found so far."""

    reasons: list[Reason] = field(default_factory=list)
    signer_cert: bytes | None = None
    seal_name: str | None = None
    picture: tuple[str, bytes] | None = None
    signature_valid: bool = False
    claimed_time: dt.datetime | None = None
    proven_time: dt.datetime | None = None
    maker_trusted: bool | None = None

    @property
    def signing_time(self) -> dt.datetime | None:
        return self.proven_time or self.claimed_time


async def _seal_signature(
    doc: _Document, signed_value: bytes, signature_xml: bytes, facts: _Facts
) -> SealSignature | None:
    """A Type=Seal value (GB/T 38540 SES_Signature): structure, dataHash, timestamp, the seal's
    and the signer's signatures; the chains are checked afterwards."""
    try:
        sealed = parse_signature(signed_value)
    except SealFormatError as e:
        facts.reasons.append(
            Reason(
                "seal_malformed",
                "invalid",
                f"签章数据无法读取：{e}",
                f"The seal signature cannot be read: {e}",
            )
        )
        return None
    facts.signer_cert = sealed.signer_cert
    facts.seal_name = sealed.seal.name
    facts.picture = (sealed.seal.picture_type, sealed.seal.picture)
    facts.claimed_time = sealed.signing_time or facts.claimed_time
    if sealed.data_hash != hashlib.new("sm3", signature_xml).digest():
        facts.reasons.append(
            Reason(
                "data_hash",
                "invalid",
                "签章数据与本签名的 Signature.xml 不符（被替换或改动）",
                "The seal signature does not sign this Signature.xml (replaced or edited)",
            )
        )
    if sealed.timestamp is not None:
        facts.proven_time = await _timestamp(doc, sealed.timestamp, sealed.signature, facts.reasons)
    # validity is judged below by the trust rules (now, or a proven time), not at the claimed time
    report = check_seal_signature(signed_value, at=facts.signing_time)
    for check in report.checks:
        if check.status == "ok" or check.name in ("seal_validity", "signer_validity"):
            continue
        effect: Literal["invalid", "indeterminate"] = (
            "invalid"
            if check.name in ("signer_signature", "maker_signature") and check.status == "failed"
            else "indeterminate"
        )
        facts.reasons.append(Reason(check.name, effect, check.zh, check.en))
    facts.signature_valid = all(
        c.status == "ok" for c in report.checks if c.name in ("signer_signature", "maker_signature")
    )
    return sealed


async def _timestamp(
    doc: _Document, token: bytes, value: bytes, reasons: list[Reason]
) -> dt.datetime | None:
    """Check a seal signature's timestamp; returns the time it proves, if it proves one."""
    roots = [c.dump() for c in (*doc.anchors.roots, *doc.anchors.demo_roots)]
    check = await async_check_timestamp(token, value, roots)
    if not check.intact or check.time is None:
        reasons.append(
            Reason(
                "timestamp_invalid",
                "invalid",
                "时间戳与签名值不符或已损坏",
                "The timestamp does not match the signature value, or is damaged",
            )
        )
        return None
    if not check.trusted:
        reasons.append(
            Reason(
                "timestamp_untrusted",
                "indeterminate",
                f"时间戳（{fmt_time(check.time)}）的签发机构不受信任",
                f"The timestamp ({fmt_time(check.time)}) comes from an untrusted authority",
            )
        )
        return None
    return check.time


def _digital_signature(signed_value: bytes, signature_xml: bytes, facts: _Facts) -> None:
    """A Type=Sign value (GB/T 35275 SignedData over SM3 of Signature.xml)."""
    try:
        check = check_signed_data(signed_value, hashlib.new("sm3", signature_xml).digest())
    except SignedDataError:
        facts.reasons.append(
            Reason(
                "sign_unreadable",
                "indeterminate",
                "数字签名值不是 GB/T 35275 签名数据（可能是不带证书的裸签名值），无法核验签名人",
                "The digital signature value is no GB/T 35275 SignedData (perhaps a bare "
                "signature value without a certificate): the signer cannot be checked",
            )
        )
        return
    if not check.content_matches:
        facts.reasons.append(
            Reason(
                "data_hash",
                "invalid",
                "签名数据与本签名的 Signature.xml 不符（被替换或改动）",
                "The signature data does not sign this Signature.xml (replaced or edited)",
            )
        )
    if check.signer_cert is None:
        facts.reasons.append(
            Reason(
                "no_signer_cert",
                "indeterminate",
                "签名数据中没有签名人证书",
                "The signature data carries no signer certificate",
            )
        )
    elif not check.signature_valid:
        facts.reasons.append(
            Reason(
                "signer_signature",
                "invalid",
                "签名值不正确：签名数据被改动，或签名与证书不符",
                "The signature value is invalid: altered, or not made by the certificate's key",
            )
        )
    facts.signer_cert = check.signer_cert
    facts.signature_valid = check.signature_valid and check.content_matches


async def _chain(
    doc: _Document, der: bytes, *, role: Role, facts: _Facts, others: tuple[bytes, ...] = ()
) -> Chain | None:
    """The chain of the signer's or the maker's certificate, judged by the trust rules, its
    reasons added to ``facts``; None when the certificate cannot be read."""
    cert = _certificate(der)
    if cert is None:
        return None
    intermediates = [c for c in map(_certificate, others) if c is not None]
    chain, proved = await doc.anchors.chain_at_signing(
        cert, proven_time=facts.proven_time, role=role, intermediates=intermediates
    )
    if proved is not None:
        facts.reasons.append(proved)
    facts.reasons.extend(chain_reasons(chain, role=role, signing_time=facts.signing_time))
    if proved is None and role == "signer":
        validity = cert["tbs_certificate"]["validity"]
        facts.reasons.extend(
            period_reasons(
                start=validity["not_before"].native,
                end=validity["not_after"].native,
                signing_time=facts.signing_time,
                proven=facts.proven_time is not None,
                what="certificate",
            )
        )
    return chain


def _references(
    doc: _Document, info: Any, folder: str, point: bytes | None
) -> tuple[list[str], set[str]]:
    """The protected files whose digests no longer match, and every file protected."""
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
        actual = doc.package.members.get(name)
        digest = _digest(method, actual, point) if actual is not None else None
        if actual is None or digest is None or digest != expected:
            changed.append(name)
    return changed, protected


def _coverage_reasons(
    doc: _Document,
    *,
    changed: list[str],
    protected: set[str],
    own_files: set[str],
    later_folders: Sequence[str],
) -> tuple[list[Reason], list[str]]:
    """What changed or is left unprotected (in words; the paths are in the result); and the
    files left unprotected."""
    reasons: list[Reason] = []
    if not protected:
        reasons.append(
            Reason(
                "no_references", "invalid", "签名没有保护任何文件", "The signature protects no file"
            )
        )
    if changed:
        only_list = all(local(c).endswith("Signatures.xml") for c in changed)
        if only_list and later_folders:
            reasons.append(
                Reason(
                    "signatures_list_changed",
                    "indeterminate",
                    "签名后只有签名列表 Signatures.xml 被改动，与之后追加的签名一致；"
                    "无法证明改动只是追加签名",
                    "Only the signature list (Signatures.xml) changed after signing, as adding the "
                    "later signature does; that this was the only change cannot be proved",
                )
            )
        else:
            zh, en = doc.parts.words(changed)
            reasons.append(
                Reason(
                    "changed",
                    "invalid",
                    f"签名后文档被改动：{zh}。",
                    f"The document was changed after signing: {en}.",
                )
            )
    # what the signature leaves out: its own files, the signature list (later signatures must
    # extend it) and later signatures' folders are expected; anything else is named
    expected_out = {*own_files, doc.signatures_path}
    unprotected = sorted(
        n
        for n in doc.package.members
        if n not in protected
        and n not in expected_out
        and not any(n.startswith(f + "/") for f in later_folders)
    )
    if "OFD.xml" in unprotected and doc.doc_roots <= protected:
        unprotected.remove("OFD.xml")  # producers often leave it out; what it points to counts
    if unprotected:
        zh, en = doc.parts.words(unprotected)
        reasons.append(
            Reason(
                "unprotected",
                "indeterminate",
                f"这些内容不受该签名保护（签名后添加，或签名时未纳入）：{zh}。",
                "These parts are not protected by the signature (added after signing, or left "
                f"out when signing): {en}.",
            )
        )
    return reasons, unprotected


async def _one(
    doc: _Document, *, sig_path: str, sig_id: str, kind: str, later_folders: Sequence[str]
) -> SignatureResult:
    folder = posixpath.dirname(sig_path)
    signature_xml = doc.package.get(sig_path)
    root = doc.package.xml(sig_path)
    info = child(root, "SignedInfo")
    value_loc = text_of(child(root, "SignedValue"))
    signed_value = doc.package.get(normalise(value_loc, folder)) if value_loc else b""
    time_text = text_of(child(info, "SignatureDateTime")) if info is not None else None
    facts = _Facts(claimed_time=parse_time_text(time_text or ""))

    maker_chain: Chain | None = None
    if kind == "Seal":
        sealed = await _seal_signature(doc, signed_value, signature_xml, facts)
        if sealed is not None:
            facts.reasons.extend(
                period_reasons(
                    start=sealed.seal.valid_from,
                    end=sealed.seal.valid_to,
                    signing_time=facts.signing_time,
                    proven=facts.proven_time is not None,
                    what="seal",
                )
            )
            maker_chain = await _chain(doc, sealed.seal.maker_cert, role="maker", facts=facts)
            facts.maker_trusted = maker_chain is not None and maker_chain.kind == "ok"
    else:
        _digital_signature(signed_value, signature_xml, facts)
    if facts.proven_time is None:
        facts.reasons.extend(claimed_time_reasons(facts.claimed_time))

    signer = unit = code = None
    point = None
    chain: Chain | None = None
    if facts.signer_cert is not None:
        try:
            ci = certificate_info(facts.signer_cert)
            signer, unit, code = ci.subject_cn or None, ci.organization or None, ci.credit_code
        except CertificateError:
            pass
        try:
            point = public_point_of(facts.signer_cert)
        except (CertificateError, sm2.Sm2Error, ValueError):
            point = None
        chain = await _chain(doc, facts.signer_cert, role="signer", facts=facts)
        if chain is None:
            facts.reasons.append(
                Reason(
                    "signer_cert_unreadable",
                    "indeterminate",
                    "签名人证书无法读取",
                    "The signer certificate cannot be read",
                )
            )

    changed, protected = _references(doc, info, folder, point)
    coverage, unprotected = _coverage_reasons(
        doc,
        changed=changed,
        protected=protected,
        own_files={sig_path, normalise(value_loc, folder)},
        later_folders=later_folders,
    )
    facts.reasons.extend(coverage)
    if verdict_of(facts.reasons) == "valid":
        facts.reasons.extend(
            r
            for r in (
                trusted_reason(chain, role="signer") if chain else None,
                trusted_reason(maker_chain, role="maker") if maker_chain else None,
            )
            if r is not None
        )
    picture = None
    if facts.picture is not None:
        kind_of, data = facts.picture
        picture = SealPicture(
            format=kind_of.lower(), width=None, height=None, load=lambda: _picture(kind_of, data)
        )
    return SignatureResult(
        id=sig_id,
        format="ofd",
        kind=kind,
        signer=signer,
        unit=unit,
        credit_code=code,
        certificate=facts.signer_cert,
        seal_name=facts.seal_name,
        signing_time=facts.signing_time,
        time_source="timestamp" if facts.proven_time is not None else "claimed",
        intact=not changed,
        covers_whole_document=not unprotected,
        modifications="none" if not changed else "other",
        changed_files=tuple(changed),
        unprotected_files=tuple(unprotected),
        signature_valid=facts.signature_valid,
        trusted=chain is not None and chain.reaches_root,
        maker_trusted=facts.maker_trusted,
        reasons=tuple(facts.reasons),
        seal_picture=picture,
    )


DEFAULT_TIMEOUT_S = 120.0
"""Time allowed for one file; a hostile package that keeps the verifier busy longer is refused."""


def signature_list_protected(data: bytes) -> bool:
    """Whether an existing signature of this OFD protects the signature list (Signatures.xml):
    a new signature must change that file, and strict verifiers then call the old one
    tampered.

    :raises OfdInputError: the package cannot be read.
    """
    package = OfdPackage.read(data)
    path, _roots = _doc_body(package)
    if path is None or path not in package.members:
        return False
    for entry in children(package.xml(path), "Signature"):
        sig_path = normalise(entry.get("BaseLoc", ""), posixpath.dirname(path))
        if sig_path not in package.members:
            continue
        info = child(package.xml(sig_path), "SignedInfo")
        references = child(info, "References") if info is not None else None
        for ref in children(references, "Reference") if references is not None else []:
            if normalise(ref.get("FileRef", ""), posixpath.dirname(sig_path)) == path:
                return True
    return False


def verify_ofd(
    data: bytes,
    *,
    file: str | None = None,
    trust_roots: Sequence[bytes] = (),
    seal_makers: Sequence[bytes] = (),
    crls: Sequence[bytes] = (),
    demo: DemoTrust | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> DocumentReport:
    """Verify every signature of an OFD document, on a worker with a deadline (as PDF).

    ``trust_roots`` anchor signers and seal makers, ``seal_makers`` (制章机构) seal makers
    only; ``crls`` are cached CRLs; ``demo`` the demo's roots and the certificates they vouch
    for. ``progress(fraction, message)`` is called in the caller's thread.

    :raises OfdInputError: the package cannot be read (not a zip, hostile, malformed XML), or
        the work took longer than ``timeout``.
    :raises TrustInputError: a trust root, seal maker or CRL is not readable.
    :raises Cancelled: ``cancel`` was set.
    """
    anchors = TrustAnchors.load(roots=trust_roots, seal_makers=seal_makers, demo=demo, crls=crls)

    def job(report: Progress, stop: threading.Event) -> DocumentReport:
        package = OfdPackage.read(data)
        path, doc_roots = _doc_body(package)
        if path is None:
            return DocumentReport(file, "ofd")
        if path not in package.members:  # signed once, the signatures taken out since?
            return DocumentReport(
                file,
                "ofd",
                problems=(
                    Reason(
                        "signatures_missing",
                        "indeterminate",
                        f"文档声明了签名列表（{path}），但包内没有这个文件：签名可能已被移除，"
                        "无法核验。",
                        f"The document declares a list of signatures ({path}) that is not in "
                        "the package: its signatures may have been removed; nothing can be "
                        "checked.",
                    ),
                ),
            )
        doc = _Document(
            package=package,
            anchors=anchors,
            signatures_path=path,
            doc_roots=doc_roots,
            parts=PartNames.read(package, doc_roots),
        )
        folder = posixpath.dirname(path)
        entries = children(package.xml(path), "Signature")
        paths = [normalise(entry.get("BaseLoc", ""), folder) for entry in entries]
        folders = [posixpath.dirname(p) for p in paths]

        async def each() -> list[SignatureResult]:
            results = []
            for i, (entry, sig_path) in enumerate(zip(entries, paths, strict=True)):
                if stop.is_set():
                    raise Cancelled()
                report(i / len(entries), f"verifying {sig_path}")
                results.append(
                    await _one(
                        doc,
                        sig_path=sig_path,
                        sig_id=entry.get("ID", str(i + 1)),
                        kind=entry.get("Type", "Seal"),
                        later_folders=folders[i + 1 :],
                    )
                )
            report(1.0, "done")
            return results

        return DocumentReport(file, "ofd", tuple(asyncio.run(each())))

    return run_guarded(
        job,
        progress=progress,
        cancel=cancel,
        timeout=timeout,
        timed_out=lambda: OfdInputError(
            "timeout",
            f"文件结构异常，{timeout:.0f} 秒内未能完成验签，已停止。",
            f"Verification did not finish within {timeout:.0f} s (the package's structure is "
            "abnormal); stopped.",
        ),
        name="sealdesk-ofd-verify",
    )
