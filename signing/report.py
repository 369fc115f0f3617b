"""A verification report as a PDF: a cover with the verdicts, one page per signature.

PDF and OFD verification results both go in: the report reads what `sealdesk verify --json`
prints for each signature, plus its seal picture.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from importlib import resources
from typing import Any, Protocol

import pymupdf

from sealdesk.signing.mupdf import serialised

_FONT = "SealDeskSerifSC-Bold.otf"
_COLOURS = {
    "valid": (0.10, 0.50, 0.22),
    "invalid": (0.78, 0.16, 0.16),
    "indeterminate": (0.85, 0.55, 0.0),
    "unsigned": (0.4, 0.4, 0.4),
}
_WORDS = {
    "zh": {
        "title": "电子签章验证报告",
        "file": "文件",
        "verdict": "结论",
        "made": "生成时间",
        "valid": "有效",
        "invalid": "无效",
        "indeterminate": "无法确定",
        "unsigned": "未签名",
        "signature": "签名",
        "signer": "签署人",
        "unit": "单位",
        "code": "统一社会信用代码",
        "seal": "印章",
        "time": "签署时间",
        "intact": "签名覆盖的内容完整",
        "changes": "签名后的修改",
        "trusted": "证书链受信任",
        "revocation": "吊销状态",
        "reasons": "说明",
        "yes": "是",
        "no": "否",
        "none": "无",
        "form_fill": "仅表单填写",
        "annotations": "仅注释",
        "other": "其他修改",
        "good": "未吊销",
        "revoked": "已吊销",
        "unknown": "未知",
        "timestamp": "时间戳",
        "claimed": "签署人声称",
    },
    "en": {
        "title": "Signature verification report",
        "file": "File",
        "verdict": "Verdict",
        "made": "Made",
        "valid": "valid",
        "invalid": "invalid",
        "indeterminate": "indeterminate",
        "unsigned": "unsigned",
        "signature": "Signature",
        "signer": "Signer",
        "unit": "Unit",
        "code": "Unified social credit code",
        "seal": "Seal",
        "time": "Signing time",
        "intact": "Signed content intact",
        "changes": "Changes after signing",
        "trusted": "Chain trusted",
        "revocation": "Revocation",
        "reasons": "Reasons",
        "yes": "yes",
        "no": "no",
        "none": "none",
        "form_fill": "form filling only",
        "annotations": "annotations only",
        "other": "other changes",
        "good": "not revoked",
        "revoked": "revoked",
        "unknown": "unknown",
        "timestamp": "timestamp",
        "claimed": "claimed by the signer",
    },
}


class ReportedSignature(Protocol):
    """A verified signature of any format."""

    def to_json(self, lang: str = "zh") -> dict[str, Any]: ...

    def picture_bytes(self) -> bytes | None:
        """The seal picture (PNG or JPEG) shown with the signature, if known."""
        ...


class Report(Protocol):
    """A verified file of any format."""

    @property
    def file(self) -> str | None: ...

    @property
    def verdict(self) -> str: ...

    @property
    def signatures(self) -> Sequence[ReportedSignature]: ...


class _Page:
    """Lines of text down an A4 page in the bundled CJK font."""

    def __init__(self, doc: pymupdf.Document, font: bytes) -> None:
        self.page = doc.new_page(width=595, height=842)
        self.page.insert_font(fontname="seal", fontbuffer=font)
        self.y = 60.0

    def text(
        self,
        value: str,
        *,
        size: float = 11,
        colour: tuple[float, float, float] = (0, 0, 0),
        indent: float = 0,
    ) -> None:
        box = pymupdf.Rect(56 + indent, self.y, 540, self.y + size * 6)
        spare = self.page.insert_textbox(box, value, fontname="seal", fontsize=size, color=colour)
        used = box.height - spare if spare >= 0 else box.height
        self.y += max(used, size * 1.4) + 4


def _signature_page(
    doc: pymupdf.Document,
    font: bytes,
    n: int,
    sig: ReportedSignature,
    w: dict[str, str],
    lang: str,
) -> None:
    page = _Page(doc, font)
    j = sig.to_json(lang)
    page.text(f"{w['signature']} {n}: {j.get('field') or j.get('id') or ''}", size=16)
    page.text(f"{w['verdict']}: {w[j['verdict']]}", size=14, colour=_COLOURS[j["verdict"]])
    time = _time_text(j.get("signing_time"))
    rows = [
        (w["signer"], j.get("signer") or "?"),
        (w["unit"], j.get("unit") or w["none"]),  # the bundled font has no dash
        (w["code"], j.get("credit_code") or w["none"]),
        (w["seal"], j.get("seal_name") or w["none"]),
        (w["time"], f"{time} ({w.get(j.get('time_source') or 'claimed', '')})"),
        (w["intact"], w["yes"] if j["intact"] else w["no"]),
        (w["changes"], w.get(j["modifications"], j["modifications"])),
        (w["trusted"], w["yes"] if j["trusted"] else w["no"]),
        (w["revocation"], w.get(j["revocation"], j["revocation"])),
    ]
    for label, value in rows:
        page.text(f"{label}: {value}")
    picture = sig.picture_bytes()
    if picture is not None:
        size = 120.0
        rect = pymupdf.Rect(400, 60, 400 + size, 60 + size)
        with contextlib.suppress(RuntimeError, ValueError):  # unreadable: the text remains
            page.page.insert_image(rect, stream=picture, keep_proportion=True)
    page.text(f"{w['reasons']}:", size=12)
    for reason in j["reasons"]:
        page.text(f"- {reason['message']}", size=10, indent=10)


def _time_text(value: str | None) -> str:
    """An ISO time as a person reads it; free text (OFD writes any) as it came."""
    if not value:
        return "?"
    try:
        return dt.datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M:%S %Z").strip()
    except ValueError:
        return value


@serialised
def build_report(reports: Sequence[Report], *, lang: str = "zh") -> bytes:
    """The report for the files verified, as PDF bytes."""
    w = _WORDS["en" if lang == "en" else "zh"]
    font = resources.files("sealdesk.resources").joinpath("fonts", _FONT).read_bytes()
    doc = pymupdf.open()
    cover = _Page(doc, font)
    cover.text(w["title"], size=20)
    cover.text(f"{w['made']}: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M:%S %Z}", size=10)
    for report in reports:
        cover.text(f"{w['file']}: {report.file or '?'}", size=12)
        cover.text(
            f"{w['verdict']}: {w[report.verdict]}  ({len(report.signatures)})",
            size=12,
            colour=_COLOURS[report.verdict],
            indent=10,
        )
    n = 0
    for report in reports:
        for sig in report.signatures:
            n += 1
            _signature_page(doc, font, n, sig, w, lang)
    data: bytes = doc.tobytes(deflate=True, garbage=3)
    return data
