"""Offline verification of the signatures in a PDF, with pyHanko.

For every signature: who signed (certificate CN, unit, 统一社会信用代码), the seal name and
picture where the file says, when (from a trusted timestamp, else as claimed), whether the
bytes it covers are intact, what changed after it (pyHanko's difference analysis), whether
the certificate chains to one of the given roots and its revocation status from the data in
the file or given by the caller; then a verdict with reasons in Chinese and English.

Verdict rules (ETSI EN 319 102-1 in spirit):

* ``invalid``: the covered bytes changed, the signature value does not match, the byte range
  is not the standard one around /Contents, changes after signing go beyond form filling and
  annotations (or beyond what a certification signature allows), the structure cannot be read
  (empty or malformed /Contents or /ByteRange), or the certificate was revoked before the
  signing time.
* ``indeterminate``: no chain to a trust root, the certificate expired or was not yet valid
  with no trusted timestamp proving the signing time, revocation status unknown although the
  certificate names where to check, an unsupported format or algorithm.
* ``valid``: none of these.

The file's verdict: ``invalid`` if any signature is invalid, else ``indeterminate`` if any is,
``unsigned`` with no signature, else ``valid``. A file that cannot be read at all raises
:class:`PdfInputError`.

The work runs in a worker thread with a deadline, so a hostile file can neither hang the
caller nor crash it, and :func:`verify_pdf` can be called from inside an event loop.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
import io
import logging
import queue
import re
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.crypt import (
    AuthStatus,
    PubKeySecurityHandler,
    StandardSecurityHandler,
)
from pyhanko.pdf_utils.misc import PdfStrictReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.general import find_cms_attribute_iter
from pyhanko.sign.validation import (
    DocumentSecurityStore,
    EmbeddedPdfSignature,
    SignatureCoverageLevel,
    async_validate_pdf_signature,
    async_validate_pdf_timestamp,
)
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.util import get_declared_revinfo

from sealdesk.signing.anchors import DemoTrust
from sealdesk.signing.certinfo import CertificateError, certificate_info
from sealdesk.signing.errors import WordedError
from sealdesk.signing.mupdf import serialised
from sealdesk.signing.pdf.reasons import seal_name_from_reason
from sealdesk.signing.progress import Cancelled, Progress
from sealdesk.signing.trust import (
    Chain,
    TrustAnchors,
    chain_reasons,
    claimed_time_reasons,
    period_reasons,
    trusted_reason,
)
from sealdesk.signing.verdicts import (
    DocumentReport,
    Modifications,
    Reason,
    Revocation,
    SealPicture,
    SignatureResult,
    TimeSource,
    fmt_time,
)

log = logging.getLogger(__name__)


MAX_PDF_BYTES = 1024 * 1024 * 1024
"""Larger inputs are refused before parsing (the verifier holds the file in memory)."""
DEFAULT_TIMEOUT_S = 120.0
"""Time allowed for one file; a hostile file that keeps the parser busy longer is refused."""
MAX_PICTURE_PIXELS = 16_000_000
SEAL_NAME_KEY = "/SealDesk.SealName"

_SIGNATURE_SUBFILTERS = {"/adbe.pkcs7.detached", "/ETSI.CAdES.detached"}
_TIMESTAMP_SUBFILTERS = {"/ETSI.RFC3161"}


class PdfInputError(WordedError):
    """The PDF cannot be read; ``reason`` is stable, the messages are for people.

    Reasons: ``too_large``, ``not_pdf``, ``corrupt``, ``hostile``, ``timeout``,
    ``encrypted`` (a password is needed), ``password`` (the password is wrong), ``pubkey``
    (encrypted for a certificate holder), ``encryption`` (unsupported or broken encryption).
    """


# --- the public entry point --------------------------------------------------------------------


def verify_pdf(
    data: bytes,
    *,
    file: str | None = None,
    trust_roots: Sequence[bytes] = (),
    crls: Sequence[bytes] = (),
    demo: DemoTrust | None = None,
    password: str | None = None,
    online: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> DocumentReport:
    """Verify every signature of the PDF in ``data``.

    ``trust_roots`` are certificates (DER, or PEM possibly with several) a chain must end in;
    ``crls`` cached CRLs (DER or PEM) used besides those embedded in the file; ``password``
    opens an encrypted file; ``online`` lets certificate validation fetch CRLs, OCSP
    responses and missing issuers. ``progress(fraction, message)`` is called in the caller's
    thread; setting ``cancel`` stops the work. ``file`` is only echoed in the report.

    :raises PdfInputError: the file cannot be read (not a PDF, corrupt, hostile, too large,
        too slow, encrypted without the right password, public-key encryption).
    :raises Cancelled: ``cancel`` was set.
    :raises TrustInputError: a trust root or CRL is not readable.
    """
    if len(data) > MAX_PDF_BYTES:
        raise PdfInputError(
            "too_large",
            f"文件太大（{len(data) // (1024 * 1024)} MB），超过验签的上限"
            f"（{MAX_PDF_BYTES // (1024 * 1024)} MB）。",
            f"The file is too large ({len(data) // (1024 * 1024)} MB); the limit for "
            f"verification is {MAX_PDF_BYTES // (1024 * 1024)} MB.",
        )
    anchors = TrustAnchors.load(roots=trust_roots, demo=demo, crls=crls, online=online)
    stop = threading.Event()
    messages: queue.SimpleQueue[tuple[float, str]] = queue.SimpleQueue()
    outcome: list[DocumentReport] = []
    failure: list[BaseException] = []

    def work() -> None:
        job = _Job(
            data=data,
            file=file,
            anchors=anchors,
            password=password,
            stop=stop,
            report=lambda f, m: messages.put((f, m)),
        )
        try:
            outcome.append(asyncio.run(job.run()))
        except BaseException as e:  # handed to the caller's thread
            failure.append(e)

    worker = threading.Thread(target=work, name="sealdesk-pdf-verify", daemon=True)
    worker.start()
    deadline = time.monotonic() + timeout
    try:
        while worker.is_alive():
            worker.join(0.05)
            _drain(messages, progress)
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            if time.monotonic() > deadline:
                raise PdfInputError(
                    "timeout",
                    f"文件结构异常，{timeout:.0f} 秒内未能完成验签，已停止。",
                    f"Verification did not finish within {timeout:.0f} s (the file's "
                    "structure is abnormal); stopped.",
                )
    finally:
        stop.set()  # a worker still busy stops at its next check
    _drain(messages, progress)
    if failure:
        error = failure[0]
        if isinstance(error, _Stopped):
            raise Cancelled()
        raise error
    return outcome[0]


def _drain(messages: queue.SimpleQueue[tuple[float, str]], progress: Progress | None) -> None:
    while not messages.empty():
        fraction, message = messages.get_nowait()
        if progress is not None:
            progress(fraction, message)


# --- the work, in the worker thread ------------------------------------------------------------


class _Stopped(Exception):
    """The caller gave up (cancel or deadline); raised inside the worker."""


_reason = Reason
_fmt = fmt_time


@dataclass
class _Job:
    data: bytes
    file: str | None
    anchors: TrustAnchors
    password: str | None
    stop: threading.Event
    report: Progress

    def check(self) -> None:
        if self.stop.is_set():
            raise _Stopped()

    async def run(self) -> DocumentReport:
        self.report(0.0, "reading")
        try:
            reader = self.open()
            self.check()
            found = self.find_signatures(reader)
        except RecursionError as e:
            raise PdfInputError(
                "hostile",
                "文件结构异常（对象嵌套过深或循环引用），无法读取。",
                "The file's structure is abnormal (objects nested too deep or in a loop); it "
                "cannot be read.",
            ) from e
        self.report(0.1, "signatures found")
        results: list[SignatureResult] = []
        tail_problem = _uncovered_tail(self.data)
        hybrid = bool(getattr(reader.xrefs, "hybrid_xrefs_present", False))
        dss = _embedded_revocation_info(reader)
        for n, (fq_name, sig_field, sig_obj) in enumerate(found):
            self.check()
            self.report(0.1 + 0.9 * n / len(found), f"verifying {fq_name}")
            try:
                result = await self.verify_one(reader, fq_name, sig_field, sig_obj, dss)
            except (_Stopped, PdfInputError):
                raise
            except RecursionError:
                result = _broken(
                    fq_name,
                    _reason(
                        "hostile",
                        "invalid",
                        "签名相关的文件结构异常（嵌套过深或循环引用），无法核验。",
                        "The structures around the signature are abnormal (nested too deep or "
                        "in a loop); it cannot be checked.",
                    ),
                )
            extra = []
            if tail_problem is not None and result.verdict != "invalid":
                extra.append(tail_problem)
            if hybrid:
                extra.append(
                    _reason(
                        "hybrid_xref",
                        "indeterminate",
                        "文件使用混合交叉引用表，不同阅读器可能显示不同内容。",
                        "The file uses hybrid cross-reference sections; different readers may "
                        "show different content.",
                    )
                )
            results.append(_with_reasons(result, extra))
        self.report(1.0, "done")
        return DocumentReport(self.file, "pdf", tuple(results))

    def open(self) -> PdfFileReader:
        head = self.data[:1024]
        if b"%PDF-" not in head:
            raise PdfInputError(
                "not_pdf",
                "这不是 PDF 文件（文件开头没有 %PDF- 标记）。",
                "This is not a PDF file (no %PDF- marker at its start).",
            )
        try:
            try:
                reader = PdfFileReader(io.BytesIO(self.data), strict=True)
                # strict pyHanko refuses to validate hybrid-reference files at all; read them
                # leniently and say what that means (see the hybrid_xref reason)
                if reader.xrefs.hybrid_xrefs_present:
                    reader = PdfFileReader(io.BytesIO(self.data), strict=False)
            except PdfStrictReadError:
                reader = PdfFileReader(io.BytesIO(self.data), strict=False)
        except RecursionError:
            raise
        except Exception as e:
            raise _corrupt(e) from e
        self.unlock(reader)
        return reader

    def unlock(self, reader: PdfFileReader) -> None:
        try:
            if not reader.encrypted:
                return
            handler = reader.security_handler
        except RecursionError:
            raise
        except Exception as e:
            raise _broken_encryption(e) from e
        if isinstance(handler, PubKeySecurityHandler):
            raise PdfInputError(
                "pubkey",
                "文件以证书（公钥）加密，只有持有对应私钥的收件人才能打开；请让发件人提供未加密的文件"
                "或用密码加密的文件。",
                "The file is encrypted for certificate holders (public-key encryption); only a "
                "recipient with the matching private key can open it. Ask the sender for an "
                "unencrypted or password-protected copy.",
            )
        if not isinstance(handler, StandardSecurityHandler):
            raise PdfInputError(
                "encryption",
                "文件使用了不支持的加密方式，无法打开。",
                "The file uses an encryption scheme that is not supported; it cannot be opened.",
            )
        try:
            result = reader.decrypt(self.password or "")
        except RecursionError:
            raise
        except Exception as e:
            raise _broken_encryption(e) from e
        if result.status == AuthStatus.FAILED:
            if self.password is None:
                raise PdfInputError(
                    "encrypted",
                    "文件已加密，请提供打开密码。",
                    "The file is encrypted; give its password to open it.",
                )
            raise PdfInputError(
                "password",
                "密码不正确，无法打开加密的文件。",
                "The password is wrong; the encrypted file cannot be opened.",
            )

    def find_signatures(
        self, reader: PdfFileReader
    ) -> list[tuple[str, generic.DictionaryObject, generic.PdfObject]]:
        try:
            fields = [
                (str(name), sig_field, sig_obj)
                for name, sig_obj, sig_field in enumerate_sig_fields(reader, filled_status=True)
            ]
        except RecursionError:
            raise
        except Exception as e:
            raise _corrupt(e) from e

        def revision(item: tuple[str, generic.DictionaryObject, generic.PdfObject]) -> int:
            ref = item[2]
            if isinstance(ref, generic.IndirectObject):
                try:
                    return int(reader.xrefs.get_last_change(ref.reference))
                except Exception:
                    return 1 << 30
            return 1 << 30

        return sorted(fields, key=revision)

    async def verify_one(
        self,
        reader: PdfFileReader,
        fq_name: str,
        sig_field: Any,
        sig_ref: Any,
        dss: _RevInfo,
    ) -> SignatureResult:
        try:
            sig_field = sig_field.get_object()
            sig_object = sig_ref.get_object()
            if not isinstance(sig_object, generic.DictionaryObject):
                raise TypeError("the signature value is not a dictionary")
        except RecursionError:
            raise
        except Exception as e:
            return _broken(fq_name, _malformed(e))
        sig_type = str(sig_object.get("/Type", "/Sig"))
        subfilter = str(sig_object.get("/SubFilter", ""))
        is_timestamp = sig_type == "/DocTimeStamp" or subfilter in _TIMESTAMP_SUBFILTERS
        allowed = _TIMESTAMP_SUBFILTERS if is_timestamp else _SIGNATURE_SUBFILTERS
        if subfilter not in allowed:
            return _broken(
                fq_name,
                _reason(
                    "format",
                    "indeterminate",
                    f"签名格式 {subfilter or '（未注明）'} 不受支持，无法核验。",
                    f"The signature format {subfilter or '(none given)'} is not supported; it "
                    "cannot be checked.",
                ),
            )
        try:
            embedded = EmbeddedPdfSignature(reader, sig_field, fq_name)
            embedded.signer_cert  # noqa: B018 - fails here on a CMS without a signer certificate
        except RecursionError:
            raise
        except Exception as e:
            return _broken(fq_name, _malformed(e))
        facts = _dictionary_facts(sig_object)
        picture = _seal_picture(self.data, self.password, sig_field)
        if is_timestamp:
            return await self.verify_timestamp(embedded, fq_name, dss, picture)
        return await self.verify_signature(embedded, fq_name, dss, facts, picture)

    def context(self, dss: _RevInfo) -> ValidationContext:
        """pyHanko's context for integrity and its own status; the verdict's chain comes from
        :meth:`TrustAnchors.chain`, where the demo restriction and one key-usage rule apply."""
        return self.anchors.context(
            other_certs=dss.certs, crls=dss.crls, ocsps=dss.ocsps, revocation_mode="soft-fail"
        )

    async def chain(
        self, embedded: EmbeddedPdfSignature, dss: _RevInfo, proven_time: dt.datetime | None
    ) -> tuple[Chain, Reason | None]:
        return await self.anchors.chain_at_signing(
            embedded.signer_cert,
            proven_time=proven_time,
            intermediates=list(embedded.other_embedded_certs),
            other_certs=dss.certs,
            crls=dss.crls,
            ocsps=dss.ocsps,
        )

    async def pyhanko_status(
        self, embedded: EmbeddedPdfSignature, dss: _RevInfo, *, timestamp: bool
    ) -> tuple[Any, Reason | None]:
        """pyHanko's status; when the difference analysis itself fails, the status without
        it and a reason saying the changes could not be analysed."""
        validate: Any = async_validate_pdf_timestamp if timestamp else async_validate_pdf_signature
        extra = _cms_revocation_info(embedded)
        dss_all = dss.merged(extra)
        kwargs: dict[str, Any] = {}
        if not timestamp:
            kwargs["ts_validation_context"] = self.context(dss_all)
        try:
            status = await validate(embedded, self.context(dss_all), **kwargs)
            return status, None
        except (_Stopped, RecursionError):
            raise
        except Exception as e:
            first = e
        try:
            status = await validate(
                embedded,
                self.context(dss_all),
                skip_diff=True,
                **kwargs,
            )
        except (_Stopped, RecursionError):
            raise
        except Exception:
            raise first from None
        log.warning("difference analysis failed", exc_info=first)
        return status, _reason(
            "diff_failed",
            "invalid",
            f"无法分析签名之后的修改：{first}",
            f"The changes made after signing could not be analysed: {first}",
        )

    async def verify_signature(
        self,
        embedded: EmbeddedPdfSignature,
        fq_name: str,
        dss: _RevInfo,
        facts: _Facts,
        picture: SealPicture | None,
    ) -> SignatureResult:
        identity = _identity(embedded)
        try:
            status, diff_reason = await self.pyhanko_status(embedded, dss, timestamp=False)
        except (_Stopped, RecursionError):
            raise
        except NotImplementedError as e:
            return _broken(
                fq_name,
                _reason(
                    "algorithm",
                    "indeterminate",
                    f"签名算法不受支持，无法核验：{e}",
                    f"The signature algorithm is not supported; it cannot be checked: {e}",
                ),
                identity=identity,
                facts=facts,
                picture=picture,
            )
        except Exception as e:
            return _broken(fq_name, _malformed(e), identity=identity, facts=facts, picture=picture)

        reasons: list[Reason] = []
        intact = bool(status.intact)
        math_ok = bool(status.valid)
        coverage = status.coverage
        covers_whole = coverage == SignatureCoverageLevel.ENTIRE_FILE
        modifications = _modifications(status, coverage)
        if not intact:
            reasons.append(
                _reason(
                    "not_intact",
                    "invalid",
                    "签名所覆盖的内容已被改动（摘要不符）。",
                    "The content the signature covers was changed (digest mismatch).",
                )
            )
        elif not math_ok:
            reasons.append(
                _reason(
                    "bad_signature",
                    "invalid",
                    "签名值与证书公钥不符（签名被伪造或损坏）。",
                    "The signature value does not match the certificate's key (forged or damaged).",
                )
            )
        reasons.extend(_coverage_reasons(coverage, modifications, status))
        reasons.extend(_gap_reasons(self.data, embedded, reasons))
        if diff_reason is not None:
            reasons.append(diff_reason)
        if any(r.code == "byte_range" for r in reasons):
            modifications = "other"

        # time: only a trusted timestamp proves it; a claimed one in the future is said
        signing_time, time_source, ts_trusted, time_reasons = _timing(status)
        reasons.extend(time_reasons)
        if not ts_trusted:
            reasons.extend(claimed_time_reasons(signing_time))

        # certificate chain and revocation, judged now unless the timestamp proves the time
        cert = embedded.signer_cert
        all_info = dss.merged(_cms_revocation_info(embedded))
        chain, proved = await self.chain(embedded, all_info, signing_time if ts_trusted else None)
        if proved is not None:
            reasons.append(proved)
        reasons.extend(chain_reasons(chain, role="signer", signing_time=signing_time))
        trusted = chain.reaches_root
        revocation = _revocation(chain, status)
        if proved is None:
            validity = cert["tbs_certificate"]["validity"]
            reasons.extend(
                period_reasons(
                    start=validity["not_before"].native,
                    end=validity["not_after"].native,
                    signing_time=signing_time,
                    proven=ts_trusted,
                    what="certificate",
                )
            )
        failed = any(r.effect == "invalid" for r in reasons)
        if not failed and intact and math_ok and modifications == "none":
            reasons.insert(
                0,
                _reason(
                    "unchanged",
                    "info",
                    "签名之后文档未被修改。"
                    if covers_whole
                    else "签名所覆盖的版本之后只有签名或验证数据等允许的更新。",
                    "The document was not changed after signing."
                    if covers_whole
                    else "After the signed revision there are only permitted updates "
                    "(signatures, validation data).",
                ),
            )
        anchor_reason = trusted_reason(chain, role="signer")
        if not failed and anchor_reason is not None:
            reasons.append(anchor_reason)
        if revocation == "unknown" and chain.kind == "ok" and not failed:
            reasons.append(
                _reason(
                    "no_revocation_source",
                    "info",
                    "证书未注明吊销状态的查询地址，无从查询吊销状态。",
                    "The certificate names no CRL or OCSP service; its revocation status "
                    "cannot be looked up.",
                )
            )
        return SignatureResult(
            id=fq_name,
            format="pdf",
            kind="signature",
            signer=identity[0],
            unit=identity[1],
            credit_code=identity[2],
            certificate=cert.dump(),
            seal_name=facts.seal_name,
            stated_reason=facts.reason,
            signing_time=signing_time,
            time_source=time_source,
            intact=intact,
            covers_whole_document=covers_whole,
            modifications=modifications,
            signature_valid=intact and math_ok,
            trusted=trusted,
            revocation=revocation,
            reasons=tuple(reasons),
            seal_picture=picture,
        )

    async def verify_timestamp(
        self,
        embedded: EmbeddedPdfSignature,
        fq_name: str,
        dss: _RevInfo,
        picture: SealPicture | None,
    ) -> SignatureResult:
        identity = _identity(embedded)
        try:
            status, diff_reason = await self.pyhanko_status(embedded, dss, timestamp=True)
        except (_Stopped, RecursionError):
            raise
        except Exception as e:
            return _broken(fq_name, _malformed(e), identity=identity, picture=picture)
        reasons: list[Reason] = []
        intact, math_ok = bool(status.intact), bool(status.valid)
        coverage = status.coverage
        modifications = _modifications(status, coverage)
        if not intact or not math_ok:
            reasons.append(
                _reason(
                    "not_intact",
                    "invalid",
                    "文档时间戳所覆盖的内容已被改动或时间戳被伪造。",
                    "The content the document timestamp covers was changed, or the timestamp "
                    "is forged.",
                )
            )
        reasons.extend(_coverage_reasons(coverage, modifications, status))
        reasons.extend(_gap_reasons(self.data, embedded, reasons))
        if diff_reason is not None:
            reasons.append(diff_reason)
        cert = embedded.signer_cert
        info = dss.merged(_cms_revocation_info(embedded))
        chain = await self.anchors.chain(
            cert,
            intermediates=list(embedded.other_embedded_certs),
            other_certs=info.certs,
            crls=info.crls,
            ocsps=info.ocsps,
            for_signing=False,
        )
        reasons.extend(chain_reasons(chain, role="signer", signing_time=status.timestamp))
        if not reasons:
            reasons.append(
                _reason(
                    "document_timestamp",
                    "info",
                    f"文档时间戳证明文档在 {_fmt(status.timestamp)} 时已是此状态。",
                    f"The document timestamp proves the document existed in this state at "
                    f"{_fmt(status.timestamp)}.",
                )
            )
        return SignatureResult(
            id=fq_name,
            format="pdf",
            kind="timestamp",
            signer=identity[0],
            unit=identity[1],
            credit_code=identity[2],
            certificate=cert.dump(),
            seal_name=None,
            stated_reason=None,
            signing_time=status.timestamp,
            time_source="timestamp",
            intact=intact,
            covers_whole_document=coverage == SignatureCoverageLevel.ENTIRE_FILE,
            modifications=modifications,
            signature_valid=intact and math_ok,
            trusted=chain.reaches_root,
            revocation=_revocation(chain, status),
            reasons=tuple(reasons),
            seal_picture=picture,
        )


# --- helpers -----------------------------------------------------------------------------------


def _with_reasons(result: SignatureResult, extra: Sequence[Reason]) -> SignatureResult:
    if not extra:
        return result
    kept = result.reasons
    if any(r.effect == "invalid" for r in extra):
        kept = tuple(r for r in kept if r.code not in ("unchanged", "trusted"))
    reasons = (*kept, *extra)
    modifications: Modifications = (
        "other" if any(r.code == "uncovered_tail" for r in extra) else result.modifications
    )
    return dataclasses.replace(result, reasons=reasons, modifications=modifications)


def _corrupt(e: BaseException) -> PdfInputError:
    return PdfInputError(
        "corrupt",
        f"PDF 文件已损坏或结构不完整，无法读取：{e}",
        f"The PDF file is damaged or incomplete and cannot be read: {e}",
    )


def _broken_encryption(e: BaseException) -> PdfInputError:
    return PdfInputError(
        "encryption",
        f"文件的加密信息已损坏或不受支持，无法打开：{e}",
        f"The file's encryption dictionary is broken or not supported; it cannot be opened: {e}",
    )


def _malformed(e: BaseException) -> Reason:
    detail = str(e) or type(e).__name__
    return _reason(
        "malformed",
        "invalid",
        f"签名数据格式错误（/Contents 或 /ByteRange 缺失、为空或损坏），签名无效：{detail}",
        f"The signature data is malformed (/Contents or /ByteRange missing, empty or "
        f"damaged); the signature is not valid: {detail}",
    )


@dataclass(frozen=True)
class _Facts:
    seal_name: str | None
    reason: str | None
    name: str | None


def _text(value: Any) -> str | None:
    if isinstance(value, (generic.TextStringObject, generic.ByteStringObject, str)):
        text = str(value).strip()
        return text or None
    if isinstance(value, generic.NameObject):
        return str(value)[1:] or None
    return None


def _dictionary_facts(sig_object: generic.DictionaryObject) -> _Facts:
    def get(key: str) -> str | None:
        try:
            return _text(sig_object.get(key))
        except Exception:
            return None

    name = get("/Name")
    reason = get("/Reason")
    seal_name = get(SEAL_NAME_KEY) or seal_name_from_reason(reason) or name
    return _Facts(seal_name=seal_name, reason=reason, name=name)


def _identity(embedded: EmbeddedPdfSignature) -> tuple[str | None, str | None, str | None]:
    try:
        der = embedded.signer_cert.dump()
    except Exception:
        return None, None, None
    try:
        info = certificate_info(der)
        return info.subject_cn or info.subject or None, info.organization or None, info.credit_code
    except CertificateError:
        try:
            return str(embedded.signer_cert.subject.human_friendly), None, None
        except Exception:
            return None, None, None


def _broken(
    fq_name: str,
    reason: Reason,
    *,
    identity: tuple[str | None, str | None, str | None] = (None, None, None),
    facts: _Facts | None = None,
    picture: SealPicture | None = None,
) -> SignatureResult:
    """A signature that could not be checked at all."""
    return SignatureResult(
        id=fq_name,
        format="pdf",
        kind="signature",
        signer=identity[0],
        unit=identity[1],
        credit_code=identity[2],
        certificate=None,
        seal_name=facts.seal_name if facts else None,
        stated_reason=facts.reason if facts else None,
        signing_time=None,
        time_source=None,
        intact=False,
        covers_whole_document=False,
        modifications="other" if reason.effect == "invalid" else "none",
        signature_valid=False,
        trusted=False,
        revocation="unknown",
        reasons=(reason,),
        seal_picture=picture,
    )


def _modifications(status: Any, coverage: Any) -> Modifications:
    if coverage is None or coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        return "other"
    level = status.modification_level
    if level is None:
        return "other"
    if level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES):
        return "none"
    if level == ModificationLevel.FORM_FILLING:
        return "form_fill"
    if level == ModificationLevel.ANNOTATIONS:
        return "annotations"
    return "other"


def _coverage_reasons(coverage: Any, modifications: Modifications, status: Any) -> list[Reason]:
    reasons = []
    if coverage is None or coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        reasons.append(
            _reason(
                "byte_range",
                "invalid",
                "签名的字节范围（/ByteRange）不规范：它没有恰好覆盖除签名值以外的整个修订版本，"
                "未覆盖的字节可能被替换（签名包装攻击）。",
                "The signature's byte range (/ByteRange) is not the standard one: it does not "
                "cover exactly its whole revision except the signature value, so uncovered "
                "bytes may have been swapped (signature wrapping).",
            )
        )
    elif modifications == "other":
        zh, en = _diff_words(str(status.diff_result))
        reasons.append(
            _reason(
                "modified",
                "invalid",
                f"签名之后文档被修改，且修改超出了填写表单、签名和添加验证数据的范围：{zh}",
                "The document was changed after signing beyond filling in forms, signing and "
                f"adding validation data: {en}",
            )
        )
    elif modifications == "form_fill":
        reasons.append(
            _reason(
                "form_fill",
                "info",
                "签名之后只填写了表单或添加了签名。",
                "After signing, only form fields were filled in or signatures added.",
            )
        )
    elif modifications == "annotations":
        reasons.append(
            _reason(
                "annotations",
                "info",
                "签名之后添加或修改了批注（页面内容未变）。",
                "After signing, annotations were added or changed (page content unchanged).",
            )
        )
    if status.docmdp_ok is False and modifications != "other":
        reasons.append(
            _reason(
                "docmdp",
                "invalid",
                "签名之后的修改超出了该认证签名允许的范围。",
                "The changes made after signing go beyond what this certification signature "
                "allows.",
            )
        )
    return reasons


def _timing(status: Any) -> tuple[dt.datetime | None, TimeSource | None, bool, list[Reason]]:
    reasons: list[Reason] = []
    claimed: dt.datetime | None = getattr(status, "signer_reported_dt", None)
    tst = getattr(status, "timestamp_validity", None)
    if tst is not None:
        if tst.intact and tst.valid and tst.trusted:
            return tst.timestamp, "timestamp", True, reasons
        if tst.intact and tst.valid:
            reasons.append(
                _reason(
                    "timestamp_untrusted",
                    "info",
                    f"签名带有时间戳（{_fmt(tst.timestamp)}），但时间戳机构不受信任，不能证明签名时间。",
                    f"The signature carries a timestamp ({_fmt(tst.timestamp)}), but its "
                    "authority is not trusted, so it does not prove the signing time.",
                )
            )
        else:
            reasons.append(
                _reason(
                    "timestamp_broken",
                    "indeterminate",
                    "签名所带的时间戳与签名不符或已损坏。",
                    "The signature's timestamp does not match the signature or is damaged.",
                )
            )
    if claimed is not None:
        return claimed, "claimed", False, reasons
    return None, None, False, reasons


def _gap_reasons(
    data: bytes, embedded: EmbeddedPdfSignature, so_far: Sequence[Reason]
) -> list[Reason]:
    """The bytes ByteRange leaves out must be exactly the /Contents hex string: pyHanko
    checks the gap's length, this checks its place."""
    if any(r.code == "byte_range" for r in so_far):
        return []
    try:
        ranges = [int(v) for v in embedded.byte_range]
        if len(ranges) != 4:
            raise ValueError("ByteRange must have four numbers")
        gap = data[ranges[1] : ranges[2]]
        ok = (
            gap[:1] == b"<"
            and gap[-1:] == b">"
            and bytes.fromhex(gap[1:-1].decode("ascii")) == embedded.pkcs7_content
        )
    except (ValueError, TypeError, UnicodeDecodeError):
        ok = False
    if ok:
        return []
    return [
        _reason(
            "byte_range",
            "invalid",
            "签名的字节范围（/ByteRange）留出的空隙不是签名值（/Contents）所在的位置：签名"
            "覆盖的并不是文件实际的内容（签名包装攻击）。",
            "The gap the signature's byte range (/ByteRange) leaves is not where the signature "
            "value (/Contents) is: the signature does not cover the file's actual content "
            "(signature wrapping).",
        )
    ]


def _revocation(chain: Chain, status: Any) -> Revocation:
    if chain.kind == "revoked" or getattr(status, "revocation_details", None) is not None:
        return "revoked"
    if chain.kind != "ok" or chain.path is None:
        return "unknown"
    declared = False
    for cert in chain.path.iter_certs(include_root=False):
        has_crl, has_ocsp = get_declared_revinfo(cert)
        declared = declared or has_crl or has_ocsp
    return "good" if declared else "unknown"


@dataclass(frozen=True)
class _RevInfo:
    certs: tuple[asn1_x509.Certificate, ...] = ()
    crls: tuple[asn1_crl.CertificateList, ...] = ()
    ocsps: tuple[asn1_ocsp.OCSPResponse, ...] = ()

    def merged(self, other: _RevInfo) -> _RevInfo:
        return _RevInfo(
            certs=(*self.certs, *other.certs),
            crls=(*self.crls, *other.crls),
            ocsps=(*self.ocsps, *other.ocsps),
        )


def _embedded_revocation_info(reader: PdfFileReader) -> _RevInfo:
    """Certificates, CRLs and OCSP responses in the document security store (/DSS)."""
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except Exception:
        return _RevInfo()
    certs: list[asn1_x509.Certificate] = []
    crls: list[asn1_crl.CertificateList] = []
    ocsps: list[asn1_ocsp.OCSPResponse] = []
    try:
        certs.extend(dss.load_certs())
    except Exception as e:
        log.info("DSS certificates unreadable: %s", e)
    for refs, kind, out in (
        (dss.crls, asn1_crl.CertificateList, crls),
        (dss.ocsps, asn1_ocsp.OCSPResponse, ocsps),
    ):
        for ref in refs:
            try:
                item = kind.load(ref.get_object().data)
                item.native  # noqa: B018
                out.append(item)
            except Exception as e:
                log.info("DSS entry unreadable: %s", e)
    return _RevInfo(certs=tuple(certs), crls=tuple(crls), ocsps=tuple(ocsps))


def _cms_revocation_info(embedded: EmbeddedPdfSignature) -> _RevInfo:
    """CRLs and OCSP responses in the signature's Adobe revocation-info attribute and the
    CMS ``crls`` field."""
    crls: list[asn1_crl.CertificateList] = []
    ocsps: list[asn1_ocsp.OCSPResponse] = []
    try:
        for value in find_cms_attribute_iter(
            embedded.signer_info["signed_attrs"], "adobe_revocation_info_archival"
        ):
            crls.extend(value["crl"] or [])
            ocsps.extend(value["ocsp"] or [])
    except Exception as e:
        log.debug("no readable revocation-info attribute: %s", e)
    try:
        for choice in embedded.signed_data["crls"] or []:
            if choice.name == "crl":
                crls.append(choice.chosen)
    except Exception as e:
        log.debug("no readable CMS crls: %s", e)
    return _RevInfo(crls=tuple(crls), ocsps=tuple(ocsps))


def _uncovered_tail(data: bytes) -> Reason | None:
    """Object definitions after the last %%EOF belong to no revision: no signature covers
    them, yet a reader that rebuilds a damaged cross-reference table would show them."""
    end = data.rfind(b"%%EOF")
    if end < 0:
        return None
    tail = data[end + 5 :]
    if not any(word in tail for word in (b" obj", b"\nobj", b"stream", b"xref", b"trailer")):
        return None
    return _reason(
        "uncovered_tail",
        "invalid",
        "文件末尾（最后一个 %%EOF 之后）附加了不属于任何修订版本、也未被签名覆盖的对象。",
        "Objects were appended after the file's last %%EOF; they belong to no revision and "
        "no signature covers them.",
    )


# --- the seal picture --------------------------------------------------------------------------


def _image_xrefs(
    appearance: Any, depth: int = 0, seen: set[int] | None = None
) -> Iterator[tuple[int, int, Any]]:
    """(object number, pixel area, dictionary) of the image XObjects an appearance stream
    draws, following nested form XObjects a few levels deep."""
    seen = seen if seen is not None else set()
    if depth > 4:
        return
    try:
        resources = appearance.get_object().get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        if xobjects is None:
            return
        xobjects = xobjects.get_object()
        for key in list(xobjects.keys())[:64]:
            ref = xobjects.raw_get(key)
            if not isinstance(ref, generic.IndirectObject) or ref.idnum in seen:
                continue
            seen.add(ref.idnum)
            obj = ref.get_object()
            subtype = obj.get("/Subtype")
            if subtype == "/Image":
                yield ref.idnum, int(obj.get("/Width", 0)) * int(obj.get("/Height", 0)), obj
            elif subtype == "/Form":
                yield from _image_xrefs(ref, depth + 1, seen)
    except Exception as e:
        log.debug("appearance not walkable: %s", e)


def _diff_words(detail: str) -> tuple[str, str]:
    """pyHanko's difference analysis in words (zh, en): its most common finding, objects a
    later revision changed, is said in Chinese too; anything else keeps pyHanko's text."""
    revision = re.search(r"unexplained xrefs in revision (\d+)", detail)
    if revision is not None:
        ids = list(dict.fromkeys(re.findall(r"idnum=(\d+)", detail)))  # each object once
        listed = "、".join(ids[:6]) + ("…" if len(ids) > 6 else "")
        return (
            f"第 {revision.group(1)} 次修订改动了对象 {listed}",
            f"revision {revision.group(1)} changed objects {listed.replace('、', ', ')}",
        )
    short = detail if len(detail) <= 200 else detail[:200] + "…"
    return f"（pyHanko 差异分析：{short}）", short


def _seal_picture(data: bytes, password: str | None, sig_field: Any) -> SealPicture | None:
    """The largest image the signature widget's normal appearance draws, if any."""
    try:
        widget = sig_field
        if "/AP" not in widget and "/Kids" in widget:
            widget = widget["/Kids"][0].get_object()
        normal = widget["/AP"]["/N"]
        if not isinstance(normal.get_object(), generic.StreamObject):
            return None
        candidates = sorted(_image_xrefs(normal), key=lambda c: c[1], reverse=True)
        if not candidates or not 0 < candidates[0][1] <= MAX_PICTURE_PIXELS:
            return None
        xref, _area, image = candidates[0]
        filters = image.get("/Filter")
        names = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)]
        jpeg = names == ["/DCTDecode"] and "/SMask" not in image
        width, height = int(image["/Width"]), int(image["/Height"])
    except Exception:
        return None
    return SealPicture(
        "jpeg" if jpeg else "png",
        width,
        height,
        functools.partial(_extract_image, data, password, xref),
    )


@serialised
def _extract_image(data: bytes, password: str | None, xref: int) -> bytes | None:
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:
        return None
    try:
        if doc.needs_pass and not doc.authenticate(password or ""):
            return None
        info = doc.extract_image(xref)
        if not info:
            return None
        smask = int(info.get("smask") or 0)
        if info.get("ext") in ("jpeg", "jpg") and not smask:
            return bytes(info["image"])
        pix = pymupdf.Pixmap(doc, xref)
        if smask:
            pix = pymupdf.Pixmap(pix, pymupdf.Pixmap(doc, smask))
        if pix.colorspace is not None and pix.colorspace.n not in (1, 3):
            pix = pymupdf.Pixmap(pymupdf.csRGB, pix)
        return bytes(pix.tobytes("png"))
    except Exception as e:
        log.debug("seal picture not extracted: %s", e)
        return None
    finally:
        doc.close()
