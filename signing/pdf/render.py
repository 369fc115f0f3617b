"""Pages of a PDF as a person sees them, for viewers: sizes in mm and rendered pixels.

Everything is "as displayed": PyMuPDF applies the CropBox and /Rotate, so a point at
(x_mm, y_mm) from the top-left of a rendered page is the same point a
:class:`sealdesk.signing.options.Placement` names. No GUI toolkit here: the desktop wraps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymupdf

from sealdesk.signing.errors import WordedError
from sealdesk.signing.mupdf import serialised
from sealdesk.signing.units import pt_to_mm

_fitz: Any = pymupdf  # PyMuPDF has no type hints

MAX_RENDER_PIXELS = 40_000_000
"""A page rendered bigger than this is rendered at a lower resolution instead."""


class PdfOpenError(WordedError):
    """The PDF cannot be shown. Reasons: ``unreadable``, ``encrypted``, ``empty``."""


@dataclass(frozen=True)
class RenderedPage:
    """RGB pixels, ``stride`` bytes per row; ``px_per_mm`` is what they were rendered at."""

    index: int
    width: int
    height: int
    stride: int
    samples: bytes
    px_per_mm: float


class PdfPages:
    """An open PDF for viewing. Not thread-safe: create and use it on one worker thread.

    :raises PdfOpenError: not a PDF, damaged, encrypted without ``password``, or no pages.
    """

    @serialised
    def __init__(self, source: Path | bytes, *, password: str | None = None) -> None:
        self._doc: Any
        try:
            if isinstance(source, Path):
                self._doc = _fitz.open(source, filetype="pdf")
            else:
                self._doc = _fitz.open(stream=source, filetype="pdf")
        except Exception as e:  # MuPDF raises plain RuntimeError/FileDataError subclasses
            # MuPDF's own text ("Failed to open…") says nothing to a person: kept in the chain
            raise PdfOpenError(
                "unreadable",
                "无法打开这个 PDF 文件：文件已损坏，或者不是 PDF。",
                "This PDF cannot be opened: the file is damaged, or not a PDF.",
            ) from e
        if self._doc.needs_pass and not (password and self._doc.authenticate(password)):
            self._doc.close()
            raise PdfOpenError(
                "encrypted",
                "这个 PDF 文件有打开密码。",
                "This PDF is protected by a password.",
            )
        self._check()

    @classmethod
    def _wrap(cls, doc: Any) -> PdfPages:
        pages = cls.__new__(cls)
        pages._doc = doc
        return pages

    def _check(self) -> None:
        if self._doc.page_count == 0:
            self._doc.close()
            raise PdfOpenError("empty", "这个 PDF 文件没有页面。", "This PDF has no pages.")

    @property
    def page_count(self) -> int:
        return int(self._doc.page_count)

    @serialised
    def page_size_mm(self, index: int) -> tuple[float, float]:
        """Width and height of page ``index`` (0-based) as displayed, in mm."""
        rect = self._doc[index].rect
        return pt_to_mm(rect.width), pt_to_mm(rect.height)

    def sizes_mm(self) -> list[tuple[float, float]]:
        """Every page's displayed size in mm (fast: ~0.1 ms a page)."""
        return [self.page_size_mm(i) for i in range(self.page_count)]

    @serialised
    def render(self, index: int, px_per_mm: float) -> RenderedPage:
        """Render page ``index`` as displayed at ``px_per_mm`` (lowered for huge pages)."""
        page = self._doc[index]
        w_mm, h_mm = pt_to_mm(page.rect.width), pt_to_mm(page.rect.height)
        pixels = w_mm * h_mm * px_per_mm * px_per_mm
        if pixels > MAX_RENDER_PIXELS:
            px_per_mm *= (MAX_RENDER_PIXELS / pixels) ** 0.5
        zoom = px_per_mm * 25.4 / 72.0  # pixels per point
        pix = page.get_pixmap(matrix=_fitz.Matrix(zoom, zoom), alpha=False)
        return RenderedPage(
            index=index,
            width=pix.width,
            height=pix.height,
            stride=pix.stride,
            samples=bytes(pix.samples),
            px_per_mm=pix.width / w_mm if w_mm else px_per_mm,
        )

    @serialised
    def signature_boxes(self) -> dict[str, tuple[int, tuple[float, float, float, float]]]:
        """Each signature field's widget: page index and (x, y, width, height) in mm from the
        page's displayed top-left (for "show me this signature's seal"). Read-only."""
        boxes: dict[str, tuple[int, tuple[float, float, float, float]]] = {}
        for index in range(self._doc.page_count):
            page = self._doc[index]
            for widget in page.widgets(types=[_fitz.PDF_WIDGET_TYPE_SIGNATURE]) or []:
                rect = widget.rect * page.rotation_matrix
                if rect.is_empty or widget.field_name in boxes:
                    continue
                boxes[str(widget.field_name)] = (
                    index,
                    (
                        pt_to_mm(rect.x0),
                        pt_to_mm(rect.y0),
                        pt_to_mm(rect.width),
                        pt_to_mm(rect.height),
                    ),
                )
        return boxes

    @serialised
    def close(self) -> None:
        self._doc.close()


class OfdPages:
    """An OFD document for viewing, with the same interface as :class:`PdfPages`: each page is
    drawn by the OFD renderer (``signing.ofd.render``) only when it is asked for, so the first
    page of a long document shows at once. Not thread-safe: one worker thread.

    :raises OfdInputError: not a readable OFD package.
    """

    def __init__(self, data: bytes) -> None:
        from sealdesk.signing.ofd.render import load_document

        self._doc = load_document(data)
        self._pages: dict[int, Any] = {}

    @property
    def page_count(self) -> int:
        return len(self._doc.pages)

    def page_size_mm(self, index: int) -> tuple[float, float]:
        _x, _y, width, height = self._doc.pages[index].physical_box
        return float(width), float(height)

    def sizes_mm(self) -> list[tuple[float, float]]:
        return [self.page_size_mm(i) for i in range(self.page_count)]

    @serialised
    def render(self, index: int, px_per_mm: float) -> RenderedPage:
        page = self._pages.get(index)
        if page is None:
            from sealdesk.signing.ofd.render import to_pdf_document

            if len(self._pages) > 8:  # a few drawn pages kept for scrolling back
                self._pages.pop(next(iter(self._pages))).close()
            page = self._pages[index] = PdfPages._wrap(to_pdf_document(self._doc, [index]))
        rendered = page.render(0, px_per_mm)
        return RenderedPage(
            index=index,
            width=rendered.width,
            height=rendered.height,
            stride=rendered.stride,
            samples=rendered.samples,
            px_per_mm=rendered.px_per_mm,
        )

    def signature_boxes(self) -> dict[str, tuple[int, tuple[float, float, float, float]]]:
        """Each signature's first StampAnnot: page index and (x, y, width, height) in mm from
        the page's top-left, by the signature's ID in Signatures.xml. Read-only."""
        pages = {page.id: i for i, page in enumerate(self._doc.pages)}
        boxes: dict[str, tuple[int, tuple[float, float, float, float]]] = {}
        for entry in self._doc.signatures:
            for stamp in self._doc.stamps(entry):
                index = pages.get(stamp.page_ref) if stamp.page_ref is not None else None
                if index is None:
                    continue
                x0, y0, _w, _h = self._doc.pages[index].physical_box
                x, y, w, h = stamp.boundary
                boxes[entry.id] = (index, (float(x - x0), float(y - y0), float(w), float(h)))
                break
        return boxes

    @serialised
    def close(self) -> None:
        for page in self._pages.values():
            page.close()
        self._pages.clear()


def open_pages(path: Path, password: str | None = None) -> PdfPages | OfdPages:
    """A PDF or an OFD file (told apart by its bytes) for viewing; ``password`` opens an
    encrypted PDF.

    :raises PdfOpenError: an unreadable PDF.
    :raises OfdInputError: an unreadable OFD.
    :raises OSError: the file cannot be read.
    """
    data = path.read_bytes()
    if data[:2] == b"PK":
        return OfdPages(data)
    return PdfPages(data, password=password)
