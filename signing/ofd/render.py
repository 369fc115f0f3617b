"""Drawing OFD pages (GB/T 33190) into PDF pages with PyMuPDF, and from there to PNG.

Each OFD page becomes one PDF page whose content stream we write ourselves, in millimetres
with y pointing down as OFD has it: text as glyphs of the embedded fonts (CGTransform glyph IDs
where given; a CJK font where a font is missing or unreadable), paths from AbbreviatedData,
clips, images, templates, annotations and the seal pictures of the signatures (PNG/JPEG, or a
nested OFD drawn as vectors). The input is hostile: page size, objects, glyphs, image pixels
and nesting are bounded, and every refusal is an `OfdInputError`.

One module of ~950 lines on purpose: the drawing state (CTM, clip stack, inherited draw
parameters, the font cache) threads through every object type and template; split, each part
would take the whole state as parameters.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any
from xml.etree.ElementTree import Element

import pymupdf
from PIL import Image, UnidentifiedImageError

from sealdesk.signing.mupdf import serialised
from sealdesk.signing.ofd.document import (
    IDENTITY,
    Matrix,
    OfdDocument,
    OfdPage,
    OfdResources,
    apply,
    box_of,
    layers_of,
    layout_text_code,
    matrix_of,
    multiply,
    numbers,
    page_layer_sources,
)
from sealdesk.signing.ofd.package import (
    OfdInputError,
    OfdPackage,
    child,
    children,
    local,
    text_of,
)
from sealdesk.signing.ses import SealFormatError, parse_signature

log = logging.getLogger(__name__)
_fitz: Any = pymupdf  # PyMuPDF has no type hints

MM = 72 / 25.4  # PDF points per millimetre
MAX_PAGE_MM = 5080.0  # 200 inches a side, PDF's own page limit
MAX_PIXELS = 100_000_000  # of one rendered page (A4 at ~1000 dpi)
MAX_IMAGE_PIXELS = 64_000_000  # of one picture in the package
MAX_OBJECTS = 200_000  # graphic objects drawn on one page
MAX_GLYPHS = 500_000  # characters drawn on one page
MAX_DEPTH = 32  # nested PageBlocks, Relative draw params, composite objects
MAX_SEAL_DEPTH = 2  # an OFD seal picture inside an OFD seal picture, and no deeper
DEFAULT_LINE_WIDTH = 0.353  # mm, one point: the standard's default

_LATIN_FALLBACKS = (("courier", "cour"), ("times", "tiro"), ("arial", "helv"), ("helvet", "helv"))


def _too_large(zh: str, en: str) -> OfdInputError:
    return OfdInputError("too_large", f"OFD 页面过大或过于复杂：{zh}", f"OFD page too large: {en}")


def _n(v: float) -> str:
    text = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _m(m: Matrix) -> str:
    return " ".join(_n(v) for v in m)


# ----------------------------------------------------------------------------- style


@dataclass(frozen=True)
class _Style:
    """What objects inherit from draw params, layers and blocks."""

    fill: str | None = None  # PDF colour operands, e.g. "1 0 0 rg"
    stroke: str | None = None
    fill_alpha: float = 1.0
    stroke_alpha: float = 1.0
    line_width: float = DEFAULT_LINE_WIDTH
    join: str = "Miter"
    cap: str = "Butt"
    miter: float = 3.528
    dash: tuple[tuple[float, ...], float] | None = None


_JOINS = {"Miter": 0, "Round": 1, "Bevel": 2}
_CAPS = {"Butt": 0, "Round": 1, "Square": 2}


def _colour(element: Element | None, resources: OfdResources, fill: bool) -> tuple[str, float]:
    """A Color element as PDF operands and its alpha (0–1).

    :raises OfdInputError: unreadable numbers.
    """
    if element is None:
        return ("0 g" if fill else "0 G"), 1.0
    alpha = (numbers(element.get("Alpha"), what="Alpha") or [255.0])[0] / 255
    space = resources.color_spaces.get(int(element.get("ColorSpace") or -1))
    kind = space.type if space else "RGB"
    top = float(2 ** (space.bits if space else 8) - 1) or 255.0
    value = element.get("Value")
    if element.get("Index") is not None and space is not None and space.palette:
        index = int(numbers(element.get("Index"), what="Index")[0])
        value = space.palette[index] if 0 <= index < len(space.palette) else None
    if child(element, "Pattern") is not None:
        return "", alpha  # a tiled pattern (a watermark's cells): not drawn as one colour
    if value is None:  # a shading: its first colour stands for it
        first = next(
            (e for e in element.iter() if local(e.tag) == "Color" and e is not element), None
        )
        return (
            _colour(first, resources, fill)
            if first is not None
            else (("0 g" if fill else "0 G"), alpha)
        )
    if value.strip().startswith("#"):
        parts = [float(int(p.lstrip("#"), 16)) for p in value.split()]
    else:
        parts = numbers(value, what="Color Value")
    comps = [min(max(p / top, 0.0), 1.0) for p in parts]
    if kind == "GRAY" or len(comps) == 1:
        op = "g"
        comps = comps[:1] or [0.0]
    elif kind == "CMYK" and len(comps) >= 4:
        op, comps = "k", comps[:4]
    else:
        op, comps = "rg", [*comps, 0.0, 0.0, 0.0][:3]
    return " ".join(_n(c) for c in comps) + " " + (op if fill else op.upper()), alpha * 1.0


def _styled(element: Element, style: _Style, resources: OfdResources, depth: int = 0) -> _Style:
    """``style`` overridden by an element's DrawParam (and its Relative chain) and by its own
    attributes and colours.

    :raises OfdInputError: a draw param chain too long, or bad numbers.
    """
    if depth > MAX_DEPTH:
        raise _too_large("绘制参数嵌套过深", "draw parameters nest too deeply")
    ref = element.get("DrawParam") if local(element.tag) != "DrawParam" else element.get("Relative")
    if ref and ref.strip().isdigit():
        param = resources.draw_params.get(int(ref))
        if param is not None:
            style = _styled(param.element, style, resources, depth + 1)
    changes: dict[str, Any] = {}
    if element.get("LineWidth"):
        changes["line_width"] = numbers(element.get("LineWidth"), what="LineWidth")[0]
    if element.get("Join") in _JOINS:
        changes["join"] = element.get("Join")
    if element.get("Cap") in _CAPS:
        changes["cap"] = element.get("Cap")
    if element.get("MiterLimit"):
        changes["miter"] = numbers(element.get("MiterLimit"), what="MiterLimit")[0]
    if element.get("DashPattern"):
        pattern = tuple(abs(v) for v in numbers(element.get("DashPattern"), what="DashPattern"))
        offset = (numbers(element.get("DashOffset"), what="DashOffset") or [0.0])[0]
        changes["dash"] = (pattern, offset) if any(pattern) else None
    fill = child(element, "FillColor")
    if fill is not None:
        changes["fill"], changes["fill_alpha"] = _colour(fill, resources, True)
    stroke = child(element, "StrokeColor")
    if stroke is not None:
        changes["stroke"], changes["stroke_alpha"] = _colour(stroke, resources, False)
    return replace(style, **changes) if changes else style


# ----------------------------------------------------------------------------- paths


def path_operators(data: str | None, matrix: Matrix = IDENTITY) -> list[str]:
    """AbbreviatedData (M/S L Q B A C) as PDF path operators, points mapped by ``matrix``
    (Béziers are affine-invariant, so arcs survive the mapping).

    :raises OfdInputError: malformed or too long.
    """
    tokens = (data or "").replace(",", " ").split()
    if len(tokens) > 4 * MAX_OBJECTS:
        raise _too_large("路径数据过长", "path data too long")
    ops: list[str] = []
    x = y = sx = sy = 0.0
    i = 0

    def take(count: int) -> list[float]:
        nonlocal i
        values = numbers(" ".join(tokens[i + 1 : i + 1 + count]), what="AbbreviatedData")
        if len(values) != count:
            raise OfdInputError("structure", "OFD 路径数据不完整。", "Incomplete OFD path data.")
        i += count + 1
        return values

    def emit(op: str, *points: float) -> None:
        mapped: list[float] = []
        for k in range(0, len(points), 2):
            mapped.extend(apply(matrix, points[k], points[k + 1]))
        ops.append(" ".join(_n(v) for v in mapped) + " " + op)

    while i < len(tokens):
        cmd = tokens[i]
        if cmd in ("M", "S"):
            x, y = take(2)
            sx, sy = x, y
            emit("m", x, y)
        elif cmd == "L":
            x, y = take(2)
            emit("l", x, y)
        elif cmd == "B":
            v = take(6)
            emit("c", *v)
            x, y = v[4], v[5]
        elif cmd == "Q":
            qx, qy, ex, ey = take(4)
            emit(
                "c",
                x + 2 / 3 * (qx - x),
                y + 2 / 3 * (qy - y),
                ex + 2 / 3 * (qx - ex),
                ey + 2 / 3 * (qy - ey),
                ex,
                ey,
            )
            x, y = ex, ey
        elif cmd == "A":
            rx, ry, angle, large, sweep, ex, ey = take(7)
            for curve in _arc(x, y, rx, ry, angle, large != 0, sweep != 0, ex, ey):
                emit("c" if len(curve) == 6 else "l", *curve)
            x, y = ex, ey
        elif cmd == "C":
            ops.append("h")
            x, y = sx, sy
            i += 1
        else:
            raise OfdInputError(
                "structure",
                f"OFD 路径数据中有未知命令：{cmd[:20]}",
                f"Unknown command in OFD path data: {cmd[:20]}",
            )
    return ops


def _arc(
    x1: float,
    y1: float,
    rx: float,
    ry: float,
    angle: float,
    large: bool,
    sweep: bool,
    x2: float,
    y2: float,
) -> list[tuple[float, ...]]:
    """An elliptical arc (SVG's endpoint form, as OFD's ``A``) as Bézier control points
    (a line's end point when the arc degenerates)."""
    rx, ry = abs(rx), abs(ry)
    if rx == 0 or ry == 0 or (x1 == x2 and y1 == y2):
        return [(x2, y2)]
    phi = math.radians(angle)
    cos, sin = math.cos(phi), math.sin(phi)
    dx, dy = (x1 - x2) / 2, (y1 - y2) / 2
    px, py = cos * dx + sin * dy, -sin * dx + cos * dy
    scale = (px * px) / (rx * rx) + (py * py) / (ry * ry)
    if scale > 1:
        rx, ry = rx * math.sqrt(scale), ry * math.sqrt(scale)
    num = rx * rx * ry * ry - rx * rx * py * py - ry * ry * px * px
    den = rx * rx * py * py + ry * ry * px * px
    factor = math.sqrt(max(num, 0) / den) if den else 0.0
    if large == sweep:
        factor = -factor
    cxp, cyp = factor * rx * py / ry, -factor * ry * px / rx
    cx = cos * cxp - sin * cyp + (x1 + x2) / 2
    cy = sin * cxp + cos * cyp + (y1 + y2) / 2

    def angle_of(ux: float, uy: float) -> float:
        return math.atan2(uy, ux)

    start = angle_of((px - cxp) / rx, (py - cyp) / ry)
    delta = angle_of((-px - cxp) / rx, (-py - cyp) / ry) - start
    if sweep and delta < 0:
        delta += 2 * math.pi
    elif not sweep and delta > 0:
        delta -= 2 * math.pi
    segments = max(1, math.ceil(abs(delta) / (math.pi / 2)))
    step = delta / segments
    k = 4 / 3 * math.tan(step / 4)
    curves: list[tuple[float, ...]] = []
    for s in range(segments):
        a1, a2 = start + s * step, start + (s + 1) * step
        p = [
            (math.cos(a1) - k * math.sin(a1), math.sin(a1) + k * math.cos(a1)),
            (math.cos(a2) + k * math.sin(a2), math.sin(a2) - k * math.cos(a2)),
            (math.cos(a2), math.sin(a2)),
        ]
        curves.append(
            tuple(
                c
                for u, v in p
                for c in (cx + cos * rx * u - sin * ry * v, cy + sin * rx * u + cos * ry * v)
            )
        )
    return curves


# ----------------------------------------------------------------------------- the PDF side


@dataclass
class _Font:
    name: str
    font: Any  # pymupdf.Font: glyph lookup and advances
    xref: int = 0


class _Writer:
    """One PDF being written: fonts, pictures and transparency shared by all its pages."""

    def __init__(self) -> None:
        self.pdf = _fitz.open()
        self.fonts: dict[str, _Font | None] = {}  # key → font (None: unreadable)
        self.images: dict[tuple[int, str], tuple[str, int]] = {}
        self.gstates: dict[tuple[float, float], str] = {}
        self.documents: list[OfdDocument] = []  # keeps nested documents alive and numbered
        self.seals: dict[str, OfdDocument] = {}

    def doc_no(self, doc: OfdDocument) -> int:
        for i, known in enumerate(self.documents):
            if known is doc:
                return i
        self.documents.append(doc)
        return len(self.documents) - 1

    def font(self, key: str, load: Any) -> _Font | None:
        """A font by key, loaded once with ``load() -> bytes``; None when unreadable."""
        if key not in self.fonts:
            try:
                buffer = load()
                self.fonts[key] = _Font(f"F{len(self.fonts)}", _fitz.Font(fontbuffer=buffer))
            except Exception as e:
                # MuPDF's errors (FzError*) share no base we can name here; any of them means
                # the embedded font is unreadable
                log.info("font %s unreadable, using a fallback: %s", key, e)
                self.fonts[key] = None
        return self.fonts[key]

    def builtin(self, name: str) -> _Font:
        found = self.font("builtin:" + name, lambda: _fitz.Font(name).buffer)
        if found is None:
            raise OfdInputError("render", "缺少内置字体。", f"Built-in font missing: {name}")
        return found

    def image(self, doc: OfdDocument, member: str, data: bytes | None = None) -> tuple[str, int]:
        """The XObject (name, xref) of a picture: a member of ``doc``'s package, or ``data``
        (a seal's picture) known by that name.

        :raises OfdInputError: missing, not a picture we can read, or too large.
        """
        key = (self.doc_no(doc), member)
        if key not in self.images:
            raw = doc.package.get(member) if data is None else data
            picture = _decode_image(raw, member)
            extra = ""
            if picture.alpha is not None:
                smask = self._stream(
                    _image_header(picture.width, picture.height, "DeviceGray"), picture.alpha
                )
                extra = f"/SMask {smask} 0 R"
            header = _image_header(picture.width, picture.height, picture.space, extra)
            xref = self._stream(header, picture.data, compress=not picture.jpeg)
            if picture.jpeg:  # set after the stream: MuPDF drops /Filter of raw streams
                self.pdf.xref_set_key(xref, "Filter", "/DCTDecode")
            self.images[key] = (f"Im{len(self.images)}", xref)
        return self.images[key]

    def _stream(self, header: str, data: bytes, compress: bool = True) -> int:
        xref: int = self.pdf.get_new_xref()
        self.pdf.update_object(xref, header)
        self.pdf.update_stream(xref, data, compress=compress)
        return xref

    def nested(self, doc: OfdDocument, key: str, data: bytes) -> OfdDocument:
        """An OFD seal picture as a document of its own, read once.

        :raises OfdInputError: not a readable OFD package, or without pages.
        """
        name = f"{self.doc_no(doc)}:{key}"
        if name not in self.seals:
            nested = OfdDocument.load(OfdPackage.read(data))
            if not nested.pages:
                raise OfdInputError(
                    "structure", "OFD 印章图片没有页面。", "An OFD seal has no page."
                )
            self.seals[name] = nested
        return self.seals[name]

    def finish(self, drawer: _PageDrawer, width: float, height: float) -> None:
        """A new PDF page with the drawer's content and resources."""
        page = self.pdf.new_page(width=width, height=height)
        fonts = []
        for name, font in drawer.fonts.items():
            if font.xref == 0:  # MuPDF embeds it as Type0/Identity-H: codes are glyph IDs
                font.xref = page.insert_font(fontname=name, fontbuffer=font.font.buffer)
            fonts.append(f"/{name} {font.xref} 0 R")
        images = [f"/{name} {xref} 0 R" for name, xref in drawer.images.items()]
        states = [f"/{name} {state}" for name, state in drawer.gstates.items()]
        self.pdf.xref_set_key(
            page.xref,
            "Resources",
            f"<</Font<<{''.join(fonts)}>>/XObject<<{''.join(images)}>>"
            f"/ExtGState<<{''.join(states)}>>>>",
        )
        content = ("q\n" + "\n".join(drawer.out) + "\nQ\n").encode("ascii")
        self.pdf.xref_set_key(page.xref, "Contents", f"{self._stream('<<>>', content)} 0 R")

    def gstate(self, fill: float, stroke: float) -> str:
        key = (round(fill, 3), round(stroke, 3))
        if key not in self.gstates:
            self.gstates[key] = f"GS{len(self.gstates)}"
        return self.gstates[key]


def _image_header(width: int, height: int, space: str, extra: str = "") -> str:
    return (
        f"<</Type/XObject/Subtype/Image/Width {width}/Height {height}"
        f"/ColorSpace/{space}/BitsPerComponent 8{extra}>>"
    )


@dataclass(frozen=True)
class _Picture:
    width: int
    height: int
    space: str  # DeviceRGB | DeviceGray
    data: bytes  # JPEG as it is, or raw samples
    jpeg: bool
    alpha: bytes | None  # raw 8-bit soft mask


def _decode_image(data: bytes, member: str) -> _Picture:
    """A picture of the package, ready for a PDF image XObject. JPEG is passed through; the
    rest (PNG, BMP, TIFF, GIF; JBIG2 and JPX through MuPDF) is decoded, within pixel limits.

    :raises OfdInputError: unreadable or too many pixels.
    """

    def refuse() -> OfdInputError:
        return OfdInputError(
            "image",
            f"OFD 包内图片无法读取：{member}",
            f"Unreadable picture in the package: {member}",
        )

    def check(width: int, height: int) -> None:
        if width <= 0 or height <= 0:
            raise refuse()
        if width * height > MAX_IMAGE_PIXELS:
            raise _too_large(f"图片像素过多：{member}", f"a picture has too many pixels: {member}")

    picture: Image.Image
    try:
        picture = Image.open(io.BytesIO(data))  # reads the header only
    except Image.DecompressionBombError as e:
        raise _too_large(
            f"图片像素过多：{member}", f"a picture has too many pixels: {member}"
        ) from e
    except (UnidentifiedImageError, OSError, ValueError):
        try:  # JBIG2, JPX and friends: MuPDF may know them
            pix = _fitz.Pixmap(data)
            check(pix.width, pix.height)
            if pix.colorspace is None or pix.colorspace.n not in (1, 3) or pix.alpha:
                pix = _fitz.Pixmap(_fitz.csRGB, pix, 0)
        except Exception as e:  # MuPDF raises its own error classes for what it cannot read
            raise refuse() from e
        space = "DeviceGray" if pix.n == 1 else "DeviceRGB"
        return _Picture(pix.width, pix.height, space, bytes(pix.samples), False, None)
    check(*picture.size)
    width, height = picture.size
    if picture.format == "JPEG" and picture.mode in ("RGB", "L"):
        space = "DeviceRGB" if picture.mode == "RGB" else "DeviceGray"
        return _Picture(width, height, space, data, True, None)
    try:
        picture.load()
        has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
        converted = picture.convert("RGBA" if has_alpha else "RGB")
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as e:
        raise refuse() from e
    alpha = None
    if has_alpha:
        channel = converted.getchannel("A")
        alpha = None if channel.getextrema() == (255, 255) else channel.tobytes()
        converted = converted.convert("RGB")
    return _Picture(width, height, "DeviceRGB", converted.tobytes(), False, alpha)


# ----------------------------------------------------------------------------- drawing


@dataclass(frozen=True)
class _Ctx:
    doc: OfdDocument
    resources: OfdResources
    style: _Style
    depth: int  # seal nesting: 0 for the document itself


def _flag(value: str | None, default: bool) -> bool:
    return default if value is None else value.strip().lower() in ("true", "1")


def _translate(x: float, y: float) -> Matrix:
    return (1.0, 0.0, 0.0, 1.0, x, y)


class _PageDrawer:
    """Writes one PDF page's content stream; counts what it draws against the limits."""

    def __init__(self, writer: _Writer) -> None:
        self.writer = writer
        self.out: list[str] = []
        self.fonts: dict[str, _Font] = {}
        self.images: dict[str, int] = {}
        self.gstates: dict[str, str] = {}
        self.objects = 0
        self.glyphs = 0

    # -- pages, layers, blocks

    def page(self, doc: OfdDocument, page: OfdPage, depth: int) -> None:
        """Everything drawn on a page, in page coordinates.

        :raises OfdInputError: the page is hostile or cannot be read.
        """
        resources = page.resources
        ctx = _Ctx(doc, resources, _Style(), depth)
        for source in page_layer_sources(page):
            for layer in layers_of(source):
                self.block(layer, replace(ctx, style=_styled(layer, ctx.style, resources)), 0)
        self.annotations(page, ctx)
        self.stamps(page, ctx)

    def block(self, element: Element, ctx: _Ctx, nesting: int) -> None:
        if nesting > MAX_DEPTH:
            raise _too_large("页面对象嵌套过深", "page objects nest too deeply")
        for obj in element:
            name = local(obj.tag)
            if name == "PageBlock":
                self.block(obj, ctx, nesting + 1)
            elif name in ("TextObject", "PathObject", "ImageObject", "CompositeObject"):
                self.graphic(obj, name, ctx, nesting)

    def graphic(self, obj: Element, kind: str, ctx: _Ctx, nesting: int) -> None:
        if not _flag(obj.get("Visible"), True):
            return
        self.objects += 1
        if self.objects > MAX_OBJECTS:
            raise _too_large("图元对象过多", "too many objects on one page")
        boundary = box_of(obj.get("Boundary")) or (0.0, 0.0, 0.0, 0.0)
        style = _styled(obj, ctx.style, ctx.resources)
        alpha = (numbers(obj.get("Alpha"), what="Alpha") or [255.0])[0] / 255
        self.out.append(f"q 1 0 0 1 {_n(boundary[0])} {_n(boundary[1])} cm")
        clips = child(obj, "Clips")
        # TransFlag: the clip is in the object's own space (after its CTM: an image's unit
        # square), not in its Boundary's
        own_space = clips is not None and _flag(clips.get("TransFlag"), False)
        if not own_space:
            self.clips(obj, ctx)
        ctm = matrix_of(obj.get("CTM"))
        if ctm != IDENTITY:
            self.out.append(f"{_m(ctm)} cm")
        if own_space:
            self.clips(obj, ctx)
        fill_alpha, stroke_alpha = alpha * style.fill_alpha, alpha * style.stroke_alpha
        if fill_alpha < 1 or stroke_alpha < 1:
            self.gstate(fill_alpha, stroke_alpha)
        if kind == "PathObject":
            self.path(obj, style)
        elif kind == "TextObject":
            self.text(obj, style, ctx, IDENTITY, clip=False)
        elif kind == "ImageObject":
            self.image(obj, ctx)
        else:
            unit = ctx.resources.composite_units.get(int(obj.get("ResourceID") or -1))
            content = child(unit, "Content") if unit is not None else None
            if content is not None:
                self.block(content, replace(ctx, style=style), nesting + 1)
        self.out.append("Q")

    def gstate(self, fill_alpha: float, stroke_alpha: float) -> None:
        name = self.writer.gstate(fill_alpha, stroke_alpha)
        self.gstates[name] = f"<</Type/ExtGState/ca {_n(fill_alpha)}/CA {_n(stroke_alpha)}>>"
        self.out.append(f"/{name} gs")

    # -- clips

    def clips(self, obj: Element, ctx: _Ctx) -> None:
        """The object's Clips, in its Boundary's space: Areas of one Clip unite, Clips
        intersect."""
        clips = child(obj, "Clips")
        for clip in children(clips, "Clip") if clips is not None else []:
            shapes: list[str] = []
            for area in children(clip, "Area"):
                area_ctm = matrix_of(area.get("CTM"))
                for shape in area:
                    kind = local(shape.tag)
                    if kind not in ("Path", "Text"):
                        continue
                    placed = multiply(
                        multiply(matrix_of(shape.get("CTM")), _translate(*_origin(shape))),
                        area_ctm,
                    )
                    if kind == "Path":
                        shapes.extend(
                            path_operators(text_of(child(shape, "AbbreviatedData")), placed)
                        )
                    else:
                        self.text(shape, ctx.style, ctx, placed, clip=True)
            if shapes:
                self.out.append(" ".join(shapes) + " W n")

    # -- paths

    def path(self, obj: Element, style: _Style) -> None:
        ops = path_operators(text_of(child(obj, "AbbreviatedData")))
        stroke = _flag(obj.get("Stroke"), True)
        # GB/T 33190: a path's fill colour is transparent unless given; a pattern we cannot
        # tile ("" from _colour) is not filled either, rather than filled with its first colour
        fill = _flag(obj.get("Fill"), False) and bool(style.fill)
        if not ops or not (stroke or fill):
            return
        even = (obj.get("Rule") or "").lower() in ("even-odd", "evenodd")
        state = [style.fill or "0 g", style.stroke or "0 G"]
        state.append(
            f"{_n(style.line_width)} w {_CAPS[style.cap]} J {_JOINS[style.join]} j "
            f"{_n(max(style.miter, 1.0))} M"
        )
        if style.dash:
            pattern, offset = style.dash
            state.append(f"[{' '.join(_n(v) for v in pattern)}] {_n(offset)} d")
        paint = ("B" if stroke else "f") if fill else "S"
        if fill and even:
            paint += "*"
        self.out.append(" ".join(state) + "\n" + "\n".join(ops) + f" {paint}")

    # -- images

    def image(self, obj: Element, ctx: _Ctx) -> None:
        media = ctx.resources.media.get(int(obj.get("ResourceID") or -1))
        if media is None or media.type.lower() not in ("image", ""):
            return
        member = ctx.doc.locate(media.file)
        if member is None:  # one missing picture (a watermark) costs that picture, not the page
            ctx.doc.warn(
                f"文档引用的图片 {media.file} 不存在，该图片未画出。",
                f"The picture {media.file} the document uses is missing; it was not drawn.",
            )
            return
        self.picture(*self.writer.image(ctx.doc, member))

    def picture(self, name: str, xref: int) -> None:
        """A picture into the unit square of the current space (top row at y = 0)."""
        self.images[name] = xref
        self.out.append(f"q 1 0 0 -1 0 1 cm /{name} Do Q")

    # -- text

    def text(self, obj: Element, style: _Style, ctx: _Ctx, outer: Matrix, *, clip: bool) -> None:
        """A TextObject's characters, glyph by glyph at their OFD positions. ``outer`` maps
        object space where no ``cm`` can (clip paths); ``clip`` adds them to the clip."""
        size = (numbers(obj.get("Size"), what="Size") or [3.5])[0]
        hscale = (numbers(obj.get("HScale"), what="HScale") or [1.0])[0]
        turn = math.radians(float(obj.get("CharDirection") or 0) % 360)
        fonts = _FontChoice(self.writer, ctx, obj)
        glyph_ids = fonts.cg_glyphs(obj) if fonts.embedded is not None else {}
        fill = _flag(obj.get("Fill"), True)
        stroke = _flag(obj.get("Stroke"), False)
        mode = (
            7
            if clip
            else {(True, False): 0, (False, True): 1, (True, True): 2}.get((fill, stroke), 3)
        )
        fake_bold = fonts.bold and fill and not stroke and not clip
        head = [style.fill or "0 g", style.stroke or "0 G", f"{_n(style.line_width)} w"]
        if fake_bold:
            # a fallback font has no bold face: stroke the outlines in the fill colour
            mode = 2
            head.append(_as_stroke(style.fill or "0 g") + f" {_n(size * 0.03)} w")
        parts = ["BT " + " ".join(head) + f" {mode} Tr"]
        base = multiply(
            (size * hscale, 0.0, 0.0, -size, 0.0, 0.0),
            (math.cos(turn), math.sin(turn), -math.sin(turn), math.cos(turn), 0.0, 0.0),
        )
        current = ""
        x = y = 0.0
        index = 0
        for code in children(obj, "TextCode"):
            placed, x, y = layout_text_code(
                code, default_advance=lambda ch: fonts.advance(ch) * size, x=x, y=y
            )
            self.glyphs += len(placed)
            if self.glyphs > MAX_GLYPHS:
                raise _too_large("文字过多", "too many characters on one page")
            for ch, gx, gy in placed:
                for font, gid, shift in fonts.glyphs(ch, glyph_ids.get(index)):
                    if font.name != current:
                        parts.append(f"/{font.name} 1 Tf")
                        current = font.name
                        self.fonts[font.name] = font
                    matrix = multiply(base, _translate(gx + shift * size, gy))
                    parts.append(f"{_m(multiply(matrix, outer))} Tm <{gid:04x}> Tj")
                index += 1
        parts.append("ET")
        self.out.append("\n".join(parts))

    # -- annotations and seals

    def annotations(self, page: OfdPage, ctx: _Ctx) -> None:
        for path in page.annotation_paths:
            if path not in ctx.doc.package.members:
                continue  # listed but never written: nothing to show
            for annot in children(ctx.doc.xml(path), "Annot"):
                if not _flag(annot.get("Visible"), True):
                    continue
                for appearance in children(annot, "Appearance"):
                    x, y = _origin(appearance)
                    self.out.append(f"q 1 0 0 1 {_n(x)} {_n(y)} cm")
                    self.block(appearance, ctx, 1)
                    self.out.append("Q")

    def stamps(self, page: OfdPage, ctx: _Ctx) -> None:
        """The seal pictures of the signatures' StampAnnots on this page, with their Clip."""
        doc = ctx.doc
        for entry in doc.signatures:
            try:
                stamps = [s for s in doc.stamps(entry) if s.page_ref == page.id]
                if not stamps:
                    continue
                seal = _seal_picture(doc, entry.path)
            except (OfdInputError, SealFormatError) as e:
                log.warning("signature %s: no seal picture to draw: %s", entry.id, e)
                continue
            if seal is None:
                continue
            kind, data = seal
            for stamp in stamps:
                bx, by, bw, bh = stamp.boundary
                self.out.append(f"q 1 0 0 1 {_n(bx)} {_n(by)} cm")
                if stamp.clip is not None:
                    self.out.append(" ".join(_n(v) for v in stamp.clip) + " re W n")
                try:
                    self.seal(doc, entry.path, kind, data, (bw, bh), ctx.depth)
                except OfdInputError as e:
                    log.warning("signature %s: seal picture unreadable: %s", entry.id, e)
                self.out.append("Q")

    def seal(
        self,
        doc: OfdDocument,
        key: str,
        kind: str,
        data: bytes,
        size: tuple[float, float],
        depth: int,
    ) -> None:
        width, height = size
        if kind != "ofd":
            self.out.append(f"{_n(width)} 0 0 {_n(height)} 0 0 cm")
            self.picture(*self.writer.image(doc, key + "#seal", data))
            return
        if depth >= MAX_SEAL_DEPTH:
            raise _too_large("印章图片嵌套过深", "seal pictures nest too deeply")
        nested = self.writer.nested(doc, key, data)
        first = nested.pages[0]
        px, py, pw, ph = first.physical_box
        if pw <= 0 or ph <= 0:
            return
        sx, sy = width / pw, height / ph
        self.out.append(
            f"{_n(sx)} 0 0 {_n(sy)} {_n(-px * sx)} {_n(-py * sy)} cm "
            f"{_n(px)} {_n(py)} {_n(pw)} {_n(ph)} re W n"
        )
        self.page(nested, first, depth + 1)


def _origin(element: Element) -> tuple[float, float]:
    box = box_of(element.get("Boundary"))
    return (box[0], box[1]) if box else (0.0, 0.0)


def _as_stroke(fill_operands: str) -> str:
    head, _, op = fill_operands.rpartition(" ")
    return f"{head} {op.upper()}"


def _seal_picture(doc: OfdDocument, signature_path: str) -> tuple[str, bytes] | None:
    """The picture of the seal in a signature's SignedValue.dat: ("ofd" | "image", bytes).

    :raises OfdInputError: the signature files cannot be read.
    :raises SealFormatError: not a seal signature (a Type=Sign one has no picture).
    """
    entry = next(e for e in doc.signatures if e.path == signature_path)
    if entry.type != "Seal":
        return None
    value = doc.signature_value_path(entry)
    if value is None:
        return None
    seal = parse_signature(doc.package.get(value)).seal
    kind = "ofd" if seal.picture_type.strip().lower() == "ofd" else "image"
    return (kind, seal.picture) if seal.picture else None


class _FontChoice:
    """The fonts one TextObject draws with: its embedded font when readable, else a Latin
    stand-in for Latin font names, then the CJK font for everything else."""

    def __init__(self, writer: _Writer, ctx: _Ctx, obj: Element) -> None:
        font_id = obj.get("Font")
        ofd_font = ctx.resources.fonts.get(int(font_id)) if font_id and font_id.isdigit() else None
        self.embedded: _Font | None = None
        self.latin: _Font | None = None
        if ofd_font is not None and ofd_font.file is not None:
            file = ofd_font.file
            package = ctx.doc.package
            self.embedded = writer.font(
                f"{writer.doc_no(ctx.doc)}:{file}", lambda: package.get(file)
            )
        if self.embedded is None and ofd_font is not None:
            name = (ofd_font.name + " " + ofd_font.family).lower()
            latin = next((b for hint, b in _LATIN_FALLBACKS if hint in name), None)
            self.latin = writer.builtin(latin) if latin else None
        self.cjk = writer.builtin("cjk")
        weight = (numbers(obj.get("Weight"), what="Weight") or [400.0])[0]
        self.bold = self.embedded is None and (
            weight >= 700 or (ofd_font is not None and ofd_font.bold)
        )

    def cg_glyphs(self, obj: Element) -> dict[int, list[int]]:
        """Character index (over the object's TextCodes) → glyph IDs, from CGTransform."""
        out: dict[int, list[int]] = {}
        for cg in children(obj, "CGTransform"):
            position = int(cg.get("CodePosition") or 0)
            count = int(cg.get("CodeCount") or 1)
            glyphs = [int(g) for g in numbers(text_of(child(cg, "Glyphs")), what="Glyphs")]
            if count <= 0 or not glyphs:
                continue
            for k in range(count):
                # more glyphs than characters: the last character takes the rest
                out[position + k] = glyphs[k : k + 1] if k < count - 1 else glyphs[k:]
        return out

    def glyphs(self, ch: str, cg: list[int] | None) -> Iterator[tuple[_Font, int, float]]:
        """(font, glyph ID, offset in ems) for one character."""
        if cg is not None and self.embedded is not None:
            offset = 0.0
            for gid in cg:
                yield self.embedded, gid, offset
                offset += 1.0
            return
        if ch.isspace():
            return
        code = ord(ch)
        for font in (self.embedded, self.latin, self.cjk):
            if font is not None:
                gid = font.font.has_glyph(code)
                if gid:
                    yield font, gid, 0.0
                    return

    def advance(self, ch: str) -> float:
        """The width of a character in ems, for TextCodes without DeltaX."""
        code = ord(ch)
        for font in (self.embedded, self.latin, self.cjk):
            if font is not None and font.font.has_glyph(code):
                return float(font.font.glyph_advance(code))
        return 1.0


# ----------------------------------------------------------------------------- entry points


def load_document(data: bytes) -> OfdDocument:
    """An OFD file's first document.

    :raises OfdInputError: not a readable OFD package.
    """
    return OfdDocument.load(OfdPackage.read(data))


def _draw(writer: _Writer, doc: OfdDocument, page: OfdPage) -> None:
    x, y, width, height = page.physical_box
    if not (0 < width <= MAX_PAGE_MM and 0 < height <= MAX_PAGE_MM):
        raise _too_large(
            f"页面尺寸 {_n(width)}×{_n(height)} 毫米", f"page size {_n(width)}×{_n(height)} mm"
        )
    drawer = _PageDrawer(writer)
    # millimetres with y down, from the PhysicalBox's corner
    drawer.out.append(f"{_n(MM)} 0 0 {_n(-MM)} 0 {_n(height * MM)} cm 1 0 0 1 {_n(-x)} {_n(-y)} cm")
    drawer.page(doc, page, 0)
    writer.finish(drawer, width * MM, height * MM)


@serialised
def to_pdf_document(doc: OfdDocument, pages: Sequence[int] | None = None) -> Any:
    """The pages (0-based indexes, all by default) drawn into a new PyMuPDF document.

    :raises OfdInputError: a page is hostile or cannot be read.
    """
    writer = _Writer()
    for index in range(len(doc.pages)) if pages is None else pages:
        _draw(writer, doc, doc.pages[index])
    return writer.pdf


@serialised
def to_pdf(doc: OfdDocument) -> bytes:
    """The whole document as PDF bytes, its fonts cut to the glyphs it uses.

    :raises OfdInputError: a page is hostile or cannot be read.
    """
    pdf = to_pdf_document(doc)
    try:
        # only the glyphs used: the CJK fallback alone is 3.5 MB, a page of it a few KB
        pdf.subset_fonts()
    except Exception as e:  # fontTools raises its own kinds; the fonts then stay whole
        log.info("fonts not subset: %s", e)
    try:
        return bytes(pdf.tobytes(garbage=1, deflate=True))
    except RuntimeError as e:
        raise _render_failed(e) from e


@serialised
def render_png(doc: OfdDocument, index: int, *, dpi: float = 96) -> bytes:
    """Page ``index`` (0-based) as PNG at ``dpi``.

    :raises OfdInputError: the page is hostile, cannot be read, or too many pixels at ``dpi``.
    :raises IndexError: no such page.
    """
    page = doc.pages[index]
    _, _, width, height = page.physical_box
    pixels = (width / 25.4 * dpi) * (height / 25.4 * dpi)
    if not (0 < dpi <= 4800) or pixels > MAX_PIXELS:
        raise _too_large(
            f"{_n(dpi)} dpi 时图像过大（{pixels / 1e6:.0f} 百万像素）",
            f"{pixels / 1e6:.0f} megapixels at {_n(dpi)} dpi",
        )
    pdf = to_pdf_document(doc, [index])
    try:
        zoom = dpi / 72
        pix = pdf[0].get_pixmap(matrix=_fitz.Matrix(zoom, zoom), alpha=False)
        pix.set_dpi(round(dpi), round(dpi))
        return bytes(pix.tobytes("png"))
    except RuntimeError as e:
        raise _render_failed(e) from e


def _render_failed(e: Exception) -> OfdInputError:
    return OfdInputError("render", f"OFD 页面无法绘制：{e}", f"The OFD page cannot be drawn: {e}")
