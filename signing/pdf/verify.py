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

This module reads the file and finds its signatures; one signature is checked in
``signature``, its coverage and changes worded in ``integrity``, its chain judged by
``signing.trust``, the revocation data gathered in ``revinfo``, what it shows read in
``appearance``.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.crypt import (
    AuthStatus,
    PubKeySecurityHandler,
    StandardSecurityHandler,
)
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields

from sealdesk.signing.anchors import DemoTrust
from sealdesk.signing.errors import PdfInputError
from sealdesk.signing.pdf.integrity import (
    uncovered_tail,
)
from sealdesk.signing.pdf.revinfo import (
    embedded_revocation_info,
)
from sealdesk.signing.pdf.signature import SignatureCheck, Stopped, broken, with_reasons
from sealdesk.signing.pdf.structure import Leniency, leniency_reason, read_pdf
from sealdesk.signing.progress import Cancelled, Progress, run_guarded
from sealdesk.signing.trust import (
    TrustAnchors,
)
from sealdesk.signing.verdicts import (
    DocumentReport,
    Reason,
    SignatureResult,
    fmt_time,
)

log = logging.getLogger(__name__)


MAX_PDF_BYTES = 1024 * 1024 * 1024
"""Larger inputs are refused before parsing (the verifier holds the file in memory)."""
DEFAULT_TIMEOUT_S = 120.0
"""Time allowed for one file; a hostile file that keeps the parser busy longer is refused."""


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

    def job(report: Progress, stop: threading.Event) -> DocumentReport:
        run = _Job(
            data=data, file=file, anchors=anchors, password=password, stop=stop, report=report
        )
        try:
            return asyncio.run(run.run())
        except Stopped as e:
            raise Cancelled() from e

    return run_guarded(
        job,
        progress=progress,
        cancel=cancel,
        timeout=timeout,
        timed_out=lambda: PdfInputError(
            "timeout",
            f"文件结构异常，{timeout:.0f} 秒内未能完成验签，已停止。",
            f"Verification did not finish within {timeout:.0f} s (the file's structure is "
            "abnormal); stopped.",
        ),
        name="sealdesk-pdf-verify",
    )


# --- the work, in the worker thread ------------------------------------------------------------


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
    leniency: Leniency | None = None  # how the file had to be read (one rule: structure.py)

    def check(self) -> None:
        if self.stop.is_set():
            raise Stopped()

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
        tail_problem = uncovered_tail(self.data)
        dss = embedded_revocation_info(reader)
        checks = SignatureCheck(self.data, self.password, self.anchors)
        for n, (fq_name, sig_field, sig_obj) in enumerate(found):
            self.check()
            self.report(0.1 + 0.9 * n / len(found), f"verifying {fq_name}")
            try:
                result = await checks.verify_one(reader, fq_name, sig_field, sig_obj, dss)
            except (Stopped, PdfInputError):
                raise
            except RecursionError:
                result = broken(
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
            if self.leniency is not None:
                extra.append(leniency_reason(self.leniency))
            results.append(with_reasons(result, extra))
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
            reader, self.leniency = read_pdf(self.data)
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
            if _only_attachments_encrypted(handler):
                return  # every viewer shows such a file; its strings and streams are plain
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


def _corrupt(e: BaseException) -> PdfInputError:
    return PdfInputError(
        "corrupt",
        f"PDF 文件已损坏或结构不完整，无法读取：{e}",
        f"The PDF file is damaged or incomplete and cannot be read: {e}",
    )


def _only_attachments_encrypted(handler: StandardSecurityHandler) -> bool:
    """The file encrypts only its attachments (an /EFF crypt filter; strings and streams use
    /Identity): the pages and signatures read without the attachments' password."""
    config = handler.crypt_filter_config
    return config.stream_filter_name == "/Identity" and config.string_filter_name == "/Identity"


def _broken_encryption(e: BaseException) -> PdfInputError:
    return PdfInputError(
        "encryption",
        f"文件的加密信息已损坏或不受支持，无法打开：{e}",
        f"The file's encryption dictionary is broken or not supported; it cannot be opened: {e}",
    )


# --- the seal picture --------------------------------------------------------------------------
