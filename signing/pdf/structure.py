"""Reading a PDF whose cross-reference structure needs leniency, with one rule for verifying
and signing: hybrid cross-reference sections (Word's files) and cross-references that must be
repaired both mean that readers may see different content in the same bytes. A signature on
such a file is therefore indeterminate, and signing one is warned about beforehand."""

from __future__ import annotations

import io
from typing import Literal

from pyhanko.pdf_utils.misc import PdfStrictReadError
from pyhanko.pdf_utils.reader import PdfFileReader

from sealdesk.signing.verdicts import Reason

Leniency = Literal["hybrid", "repaired"]


def read_pdf(data: bytes) -> tuple[PdfFileReader, Leniency | None]:
    """A reader for ``data``, and why it had to read leniently (None when it did not).

    :raises Exception: pyHanko's errors for a file that cannot be read at all.
    """
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=True)
    except PdfStrictReadError:
        return PdfFileReader(io.BytesIO(data), strict=False), "repaired"
    if reader.xrefs.hybrid_xrefs_present:
        # strict pyHanko refuses to validate hybrid-reference files at all
        return PdfFileReader(io.BytesIO(data), strict=False), "hybrid"
    return reader, None


def leniency_reason(kind: Leniency) -> Reason:
    """What a lenient reading does to a signature's verdict: indeterminate, one rule."""
    if kind == "hybrid":
        return Reason(
            "hybrid_xref",
            "indeterminate",
            "文件使用混合交叉引用表，不同阅读器可能显示不同内容。",
            "The file uses hybrid cross-reference sections; different readers may show "
            "different content.",
        )
    return Reason(
        "xref_repaired",
        "indeterminate",
        "文件的交叉引用表损坏，只能修复后读取，不同阅读器可能显示不同内容。",
        "The file's cross-reference table is damaged and could only be read by repairing it; "
        "different readers may show different content.",
    )


def signing_warnings(data: bytes) -> list[Reason]:
    """What a person should know before signing this PDF (said, not refused)."""
    try:
        _reader, kind = read_pdf(data)
    except Exception:  # unreadable: signing itself says why, in words
        return []
    if kind is None:
        return []
    reason = leniency_reason(kind)
    return [
        Reason(
            reason.code,
            "indeterminate",
            reason.zh + "签署后验证结果将是“无法确定”；建议先另存为新的 PDF 再签署。",
            reason.en + " Signatures on it will verify as indeterminate; save it as a new PDF "
            "first.",
        )
    ]
