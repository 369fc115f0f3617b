"""PDF verification: what the signature covers and what changed after it (pyHanko's coverage
and difference analysis in words), where the gap of the byte range lies, and the signing time."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESIndeterminate
from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation import EmbeddedPdfSignature, SignatureCoverageLevel

from sealdesk.signing.verdicts import Modifications, Reason, TimeSource, fmt_time

_reason = Reason
_fmt = fmt_time


def modification_level(status: Any, coverage: Any) -> Modifications:
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


def only_signatures_added(status: Any, reader: PdfFileReader) -> bool:
    """Whether the form fields changed after this signature are all signed signature fields:
    a later signature, which pyHanko counts as form filling, and a person should not."""
    result = getattr(status, "diff_result", None)
    if not isinstance(result, DiffResult) or not result.changed_form_fields:
        return False
    try:
        signed = {name for name, _value, _ref in enumerate_sig_fields(reader, filled_status=True)}
    except Exception:  # an odd form tree: say form filling, as pyHanko does
        return False
    return set(result.changed_form_fields) <= signed


def coverage_reasons(coverage: Any, modifications: Modifications, status: Any) -> list[Reason]:
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
    elif modifications == "other" and status.diff_result is not None:  # None: not analysed
        zh, en = diff_words(str(status.diff_result))
        reasons.append(
            _reason(
                "modified",
                "invalid",
                f"签名之后文档被修改，且修改超出了填写表单、签名和添加验证数据的范围：{zh}",
                "The document was changed after signing beyond filling in forms, signing and "
                f"adding validation data: {en}",
            )
        )
    elif modifications == "signatures":
        reasons.append(
            _reason(
                "signatures_added",
                "info",
                "签名之后只追加了其他签名，签署的内容没有改动。",
                "After signing, only further signatures were added; the signed content is "
                "unchanged.",
            )
        )
    elif modifications == "form_fill":
        reasons.append(
            _reason(
                "form_fill",
                "info",
                "签名之后填写了表单（页面内容未变）。",
                "After signing, form fields were filled in (page content unchanged).",
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


def signing_time_of(
    status: Any,
) -> tuple[dt.datetime | None, TimeSource | None, bool, list[Reason]]:
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


def gap_reasons(
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


def uncovered_tail(data: bytes) -> Reason | None:
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


def diff_words(detail: str) -> tuple[str, str]:
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


def weak_digest_reason(status: Any) -> list[Reason]:
    """pyHanko checks the signature but flags a digest its policy no longer allows (SHA-1,
    MD5) only in ``trust_problem_indic``: said, so such a signature is not called valid."""
    problem = getattr(status, "trust_problem_indic", None)
    if problem not in (
        AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE,
        AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE_NO_POE,
    ):
        return []
    digest = str(getattr(status, "md_algorithm", None) or "?").upper()
    return [
        _reason(
            "weak_digest",
            "indeterminate",
            f"签名使用的摘要算法 {digest} 已不再安全，不能据此确认文档未被改动。",
            f"The signature uses the digest algorithm {digest}, which is no longer safe; it "
            "cannot confirm that the document is unchanged.",
        )
    ]
