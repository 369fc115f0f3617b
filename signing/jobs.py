"""One document signed or verified, PDF or OFD by its bytes, and the checks before signing.
The option types are in `signing.options` (and importable from here, as the fronts do); the
batch over files is the application layer's (sealdesk.app.batch).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Literal

from sealdesk.signing.errors import SignError, WordedError
from sealdesk.signing.options import (
    MIN_STRIP_MM,
    CrossPage,
    CrossPageGroup,
    Placement,
    QrSpec,
    SealPicture,
    SignOptions,
    check_cross_page_group,
    cross_page_figures,
    cross_page_groups,
    cross_page_strip,
    keyword_not_found,
    seal_box,
)
from sealdesk.signing.progress import Progress
from sealdesk.signing.signer import Signer

if TYPE_CHECKING:  # these pull in pyHanko or PyMuPDF: imported when a document is verified
    from sealdesk.signing.anchors import DemoTrust
    from sealdesk.signing.verdicts import DocumentReport, Reason

__all__ = [
    "MIN_STRIP_MM",
    "CrossPage",
    "CrossPageGroup",
    "Placement",
    "QrSpec",
    "SealPicture",
    "SignOptions",
    "check_cross_page_group",
    "check_ready_to_sign",
    "cross_page_figures",
    "cross_page_groups",
    "cross_page_strip",
    "find_keyword",
    "is_ofd",
    "keyword_not_found",
    "seal_box",
    "sign_document",
    "signing_warnings",
    "verify_document",
]


def check_ready_to_sign(
    signer: Signer, seals: Sequence[SealPicture | None], *, now: dt.datetime | None = None
) -> None:
    """Refuse, before any file, to sign with a certificate outside its validity or with a seal
    that is damaged, expired or not yet valid: the output would never verify.

    :raises SignError: reason ``certificate_validity`` (the key's certificate) or ``seal``.
    :raises SealImageError: a seal's picture is damaged, not a picture, or too large.
    """
    from sealdesk.signing.certinfo import CertificateError, certificate_info
    from sealdesk.signing.seal_image import seal_picture_size
    from sealdesk.signing.seals import unusable
    from sealdesk.signing.ses import SealFormatError

    at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    try:
        info = certificate_info(signer.certificate)
    except CertificateError:
        info = None
    if info is not None and not info.not_before <= at <= info.not_after:
        span = f"{info.not_before:%Y-%m-%d} – {info.not_after:%Y-%m-%d}"
        word_zh, word_en = (
            ("尚未生效", "is not yet valid")
            if at < info.not_before
            else (
                "已过期",
                "has expired",
            )
        )
        raise SignError(
            "certificate_validity",
            f"签名证书“{info.subject_cn}”{word_zh}（有效期 {span}），用它签署的文件无法通过验证。",
            f"The signing certificate '{info.subject_cn}' {word_en} (valid {span}); files "
            "signed with it would not verify.",
        )
    for seal in seals:
        if seal is None:
            continue
        seal_picture_size(seal.png)  # damaged or oversized: said now, not mid-signing
        if seal.seal_der is None:
            continue
        try:
            problem = unusable(seal.seal_der, at=at)
        except SealFormatError as e:
            raise SignError("seal", f"印章无法读取：{e}", f"The seal cannot be read: {e}") from e
        if problem is not None:
            raise SignError(
                "seal",
                f"不能用印章“{seal.name}”签署：{problem.zh}",
                f"The seal '{seal.name}' cannot be used: {problem.en}",
            )


def is_ofd(data: bytes) -> bool:
    """An OFD package is a zip; a PDF starts with %PDF (possibly after some junk)."""
    return data[:2] == b"PK"


def find_keyword(
    data: bytes,
    keyword: str,
    *,
    seal: SealPicture,
    occurrence: Literal["all", "first", "last"] = "first",
    offset_mm: tuple[float, float] = (0.0, 0.0),
    password: str | None = None,
) -> list[Placement]:
    """Where signing with ``keyword`` would stamp ``seal`` in this PDF or OFD (nothing when
    the text does not occur): what the window shows before signing.

    :raises WordedError: the document cannot be read.
    """
    try:
        if is_ofd(data):
            from sealdesk.signing.ofd.document import OfdDocument
            from sealdesk.signing.ofd.package import OfdPackage
            from sealdesk.signing.ofd.sign import keyword_placements as ofd_keyword

            doc = OfdDocument.load(OfdPackage.read(data))
            return ofd_keyword(doc, keyword, seal=seal, occurrence=occurrence, offset_mm=offset_mm)
        from sealdesk.signing.pdf.sign import keyword_placements as pdf_keyword

        return pdf_keyword(
            data,
            keyword,
            seal=seal,
            occurrence=occurrence,
            offset_mm=offset_mm,
            password=password,
        )
    except SignError as e:
        if e.reason == "keyword":
            return []
        raise


def signing_warnings(data: bytes, *, password: str | None = None) -> list[Reason]:
    """What a person should hear before this document is signed, before the PIN (said, not
    refused): a PDF structure readers may read differently (the new signature will be
    indeterminate), existing signatures that are already invalid (a new one does not mend
    them), an OFD signature protecting the signature list (a new signature must change it)."""
    from sealdesk.signing.verdicts import Reason

    warnings: list[Reason] = []
    if not is_ofd(data):
        from sealdesk.signing.pdf.structure import signing_warnings as pdf_warnings

        warnings += pdf_warnings(data)
    if (b"Signature" if is_ofd(data) else b"/ByteRange") not in data:
        return warnings  # no signature yet (member names and /ByteRange are stored plain)
    from sealdesk.signing.ofd.verify import signature_list_protected

    try:
        report = verify_document(data, password=password)
        list_protected = is_ofd(data) and signature_list_protected(data)
    except WordedError:
        return warnings  # unreadable: signing says why, in words
    if any(s.verdict == "invalid" for s in report.signatures):
        warnings.append(
            Reason(
                "existing_invalid",
                "invalid",
                "文件中已有的签名无效（文件被改动或签名损坏）；再签章不能使其恢复，验证结果仍将是"
                "“无效”。",
                "A signature already in the file is invalid (the file was changed or the "
                "signature is damaged); signing again does not mend it, and the file will still "
                "verify as invalid.",
            )
        )
    if list_protected:
        warnings.append(
            Reason(
                "signature_list_protected",
                "indeterminate",
                "文件已有的签名保护了签名列表（Signatures.xml）；新的签章必须修改它，部分验证程序"
                "随后会认为原签名被篡改。",
                "A signature already in the file protects the signature list (Signatures.xml); "
                "a new signature must change it, and some verifiers will then call the earlier "
                "signature tampered.",
            )
        )
    return warnings


def sign_document(
    data: bytes,
    *,
    signer: Signer,
    options: SignOptions,
    on_cross_page: Callable[[list[CrossPageGroup]], None] | None = None,
) -> bytes:
    """Sign one PDF or OFD document held in memory; ``on_cross_page`` hears the groups the
    cross-page seal was stamped in.

    :raises WordedError: the document cannot be read or signed as asked (PdfSignError,
        OfdSignError, OfdInputError).
    """
    if is_ofd(data):
        from sealdesk.signing.ofd.sign import sign_ofd

        return sign_ofd(data, signer=signer, options=options, on_cross_page=on_cross_page)
    from sealdesk.signing.pdf.sign import sign_pdf

    return sign_pdf(data, signer=signer, options=options, on_cross_page=on_cross_page)


def _digests(data: bytes) -> tuple[str, str]:
    """SHA-256 and SM3 of ``data``, in hex."""
    return hashlib.sha256(data).hexdigest(), hashlib.new("sm3", data).hexdigest()


def verify_document(
    data: bytes,
    *,
    file: str | None = None,
    trust_roots: Sequence[bytes] = (),
    seal_makers: Sequence[bytes] = (),
    crls: Sequence[bytes] = (),
    demo: DemoTrust | None = None,
    password: str | None = None,
    online: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> DocumentReport:
    """Verify every signature of one PDF or OFD document held in memory (``password`` and
    ``online`` are for PDF, ``seal_makers`` for OFD, whose signatures carry seals).

    The report carries the file's SHA-256 and SM3, the time of the check and the roots it
    trusted, so that a report made from it stands on its own.

    :raises WordedError: the document cannot be read (PdfInputError, OfdInputError).
    :raises TrustInputError: a trust root, seal maker or CRL is not readable.
    :raises Cancelled: ``cancel`` was set.
    """
    verified_at = dt.datetime.now(dt.UTC)
    # the file's digests for the report, hashed on a thread of their own while the signatures
    # are checked (hashlib lets go of the GIL): SM3 of a 28 MB file alone takes 0.15 s
    pool = ThreadPoolExecutor(max_workers=1)
    digests = pool.submit(_digests, data)
    pool.shutdown(wait=False)
    report: DocumentReport
    if is_ofd(data):
        from sealdesk.signing.ofd.verify import verify_ofd

        report = verify_ofd(
            data,
            file=file,
            trust_roots=trust_roots,
            seal_makers=seal_makers,
            crls=crls,
            demo=demo,
            progress=progress,
            cancel=cancel,
        )
    else:
        from sealdesk.signing.pdf.verify import verify_pdf

        report = verify_pdf(
            data,
            file=file,
            trust_roots=trust_roots,
            crls=crls,
            demo=demo,
            password=password,
            online=online,
            progress=progress,
            cancel=cancel,
        )
    from sealdesk.signing.trust import trusted_anchors  # certvalidator: loaded to verify only

    sha256, sm3 = digests.result()
    return dataclasses.replace(
        report,
        sha256=sha256,
        sm3=sm3,
        verified_at=verified_at,
        anchors=trusted_anchors(roots=trust_roots, seal_makers=seal_makers, demo=demo),
    )
