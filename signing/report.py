"""A verification report as a PDF: per file, a section that stands on its own — the file's name,
SHA-256 and SM3, the verdict in a sentence, when it was checked and against which roots — then
each signature with its seal, in the words of the window's cards (`signing.explain`).

The text is set in the bundled CJK font, cut down to the characters the report uses and
converted to TrueType outlines: a CID-keyed CFF font embedded whole (2 MB) is drawn by its
CIDs, which MuPDF-based viewers read differently from poppler, so its Chinese went missing there.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
from collections.abc import Sequence
from importlib import resources
from typing import Any

import pymupdf

from sealdesk.signing.explain import (
    Words,
    details,
    facts,
    file_headline,
    headline,
    identity,
    said,
)
from sealdesk.signing.mupdf import serialised
from sealdesk.signing.verdicts import DocumentReport, SignatureResult, fmt_time

_FONT = "SealDeskSerifSC-Bold.otf"
_COLOURS = {
    "valid": (0.10, 0.50, 0.22),
    "invalid": (0.78, 0.16, 0.16),
    "indeterminate": (0.85, 0.55, 0.0),
    "unsigned": (0.4, 0.4, 0.4),
}
_GREY = (0.35, 0.35, 0.35)
_WORDS: dict[str, Words] = {
    "title": ("电子签章验证报告", "Signature verification report"),
    "file": ("文件", "File"),
    "folder": ("位置", "Folder"),
    "size": ("大小", "Size"),
    "verified": ("验证时间", "Verified at"),
    "roots": ("信任的根证书", "Trusted roots"),
    "no_roots": ("无（没有配置受信任的根证书）", "none (no trusted root configured)"),
    "root": ("根证书", "root"),
    "seal_maker": ("制章机构", "seal maker"),
    "demo": ("演示根证书，仅供演示", "demo root, for demonstration only"),
    "signature": ("签名", "Signature"),
    "of": ("共", "of"),
    "reasons": ("核验结果", "Findings"),
    "details": ("技术细节", "Technical details"),
    "page": ("第 {n} 页，共 {total} 页", "page {n} of {total}"),
}
_MARGIN = 56.0
_WIDTH, _HEIGHT = 595.0, 842.0


@dataclasses.dataclass
class _Line:
    text: str
    size: float = 11
    colour: tuple[float, float, float] = (0, 0, 0)
    indent: float = 0


@dataclasses.dataclass
class _Section:
    """One file's pages as lines of text (laid out once the font is made from them)."""

    name: str
    pages: list[list[_Line | bytes]] = dataclasses.field(default_factory=list)

    def new_page(self) -> list[_Line | bytes]:
        self.pages.append([])
        return self.pages[-1]


def _words(key: str, lang: str) -> str:
    return said(_WORDS[key], lang)


def _row(label: str, value: str, lang: str) -> str:
    """``label: value``, with the colon of the language (a Chinese one keeps the line whole)."""
    return f"{label}: {value}" if lang == "en" else f"{label}：{value}"


def _cover(report: DocumentReport, lang: str, page: list[_Line | bytes]) -> None:
    w = lambda key: _words(key, lang)  # noqa: E731
    path = report.file or "?"
    page.append(_Line(w("title"), size=20))
    page.append(_Line(_row(w("file"), os.path.basename(path), lang), size=13))
    page.append(_Line(_row(w("folder"), os.path.dirname(path) or ".", lang), size=9, colour=_GREY))
    page.append(_Line(f"SHA-256: {report.sha256 or '?'}", size=9))
    page.append(_Line(f"SM3: {report.sm3 or '?'}", size=9))
    when = fmt_time(report.verified_at) if report.verified_at else "?"
    page.append(_Line(_row(w("verified"), when, lang), size=10))
    page.append(_Line(said(file_headline(report), lang), size=14, colour=_COLOURS[report.verdict]))
    for problem in report.problems:
        page.append(_Line(f"- {problem.message(lang)}", size=10, indent=10))
    page.append(_Line(_row(w("roots"), "", lang), size=11))
    if not report.anchors:
        page.append(_Line(w("no_roots"), size=10, indent=10))
    for anchor in report.anchors:
        page.append(_Line(f"- {anchor.name} ({w(anchor.kind)})", size=10, indent=10))
        page.append(_Line(f"SHA-256 {anchor.sha256}", size=8, colour=_GREY, indent=20))
    for n, sig in enumerate(report.signatures, 1):
        page.append(
            _Line(
                _row(f"{w('signature')} {n}", said(headline(sig), lang), lang),
                size=10,
                colour=_COLOURS[sig.verdict],
                indent=10,
            )
        )


def _signature(
    sig: SignatureResult, n: int, total: int, lang: str, page: list[_Line | bytes]
) -> None:
    w = lambda key: _words(key, lang)  # noqa: E731
    picture = sig.picture_bytes()
    if picture is not None:
        page.append(picture)
    of = f"（{w('of')} {total}）" if lang != "en" else f" ({w('of')} {total})"
    page.append(_Line(f"{w('signature')} {n}{of}", size=16))
    page.append(_Line(said(headline(sig), lang), size=13, colour=_COLOURS[sig.verdict]))
    rows = [(said(label, lang), value) for label, value in identity(sig)]
    rows += [(said(label, lang), said(value, lang)) for label, value in facts(sig)]
    for label, value in rows:
        page.append(_Line(_row(label, value, lang), size=11))
    page.append(_Line(_row(w("reasons"), "", lang), size=12))
    for reason in sig.reasons:
        page.append(_Line(f"- {reason.message(lang)}", size=10, indent=10))
    page.append(_Line(_row(w("details"), "", lang), size=10, colour=_GREY))
    for words, value in details(sig):
        page.append(_Line(_row(said(words, lang), value, lang), size=9, colour=_GREY, indent=10))


def _font_for(text: str) -> bytes:
    """The bundled font cut down to ``text``'s characters, as TrueType (a plain glyph font:
    MuPDF and poppler then draw the same glyphs for the same bytes)."""
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.pens.cu2quPen import Cu2QuPen  # type: ignore[import-untyped]
    from fontTools.pens.ttGlyphPen import TTGlyphPen  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont, newTable  # type: ignore[import-untyped]

    data = resources.files("sealdesk.resources").joinpath("fonts", _FONT).read_bytes()
    font = TTFont(io.BytesIO(data))
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    options.name_IDs = ["*"]  # the OFL's copyright and licence records travel with it
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    del font["CFF "]
    for table in ("VORG", "vhea", "vmtx"):
        if table in font:
            del font[table]
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font.sfntVersion = "\x00\x01\x00\x00"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _sections(reports: Sequence[DocumentReport], lang: str) -> list[_Section]:
    sections = []
    for report in reports:
        section = _Section(os.path.basename(report.file or "?"))
        _cover(report, lang, section.new_page())
        total = len(report.signatures)
        for n, sig in enumerate(report.signatures, 1):
            _signature(sig, n, total, lang, section.new_page())
        sections.append(section)
    return sections


def _draw(doc: pymupdf.Document, section: _Section, font: bytes, lang: str) -> None:
    total = len(section.pages)
    for number, lines in enumerate(section.pages, 1):
        page = doc.new_page(width=_WIDTH, height=_HEIGHT)
        page.insert_font(fontname="seal", fontbuffer=font)
        y = 60.0
        picture = any(isinstance(item, bytes) for item in lines)
        for item in lines:
            if isinstance(item, bytes):  # the seal picture, top right beside the text
                rect = pymupdf.Rect(420, 60, 540, 180)
                with contextlib.suppress(RuntimeError, ValueError):  # unreadable: text remains
                    page.insert_image(rect, stream=item, keep_proportion=True)
                continue
            right = 410.0 if picture and y < 190 else _WIDTH - _MARGIN
            box = pymupdf.Rect(_MARGIN + item.indent, y, right, y + item.size * 12)
            spare = page.insert_textbox(
                box, item.text, fontname="seal", fontsize=item.size, color=item.colour
            )
            used = box.height - spare if spare >= 0 else box.height
            y += max(used, item.size * 1.4) + 3
        footer = f"{section.name}    {_words('page', lang).format(n=number, total=total)}"
        page.insert_textbox(
            pymupdf.Rect(_MARGIN, _HEIGHT - 40, _WIDTH - _MARGIN, _HEIGHT - 20),
            footer,
            fontname="seal",
            fontsize=8,
            color=_GREY,
            align=pymupdf.TEXT_ALIGN_CENTER,
        )


def _all_text(sections: Sequence[_Section], lang: str) -> str:
    lines: list[Any] = [line for s in sections for page in s.pages for line in page]
    footers = [s.name for s in sections] + [_words("page", lang)]
    text = "".join(line.text for line in lines if isinstance(line, _Line))
    printable = "".join(chr(c) for c in range(0x20, 0x7F))
    return text + "".join(footers) + printable + "：（）"


@serialised
def build_report(reports: Sequence[DocumentReport], *, lang: str = "zh") -> bytes:
    """The report for the files verified, as PDF bytes: one section per file (a file on its
    own in the window's export), signatures numbered within their file."""
    sections = _sections(reports, lang)
    font = _font_for(_all_text(sections, lang))
    doc = pymupdf.open()
    for section in sections:
        _draw(doc, section, font, lang)
    doc.set_metadata(
        {
            "title": said(_WORDS["title"], lang)
            + (f": {sections[0].name}" if len(sections) == 1 else ""),
            "creator": "SealDesk",
        }
    )
    data: bytes = doc.tobytes(deflate=True, garbage=3)
    return data
