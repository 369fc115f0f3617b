"""Seal images (印章图像): generated official and personal seals, and imported scans.

Generated seals are drawn from one vector description in millimetres, rendered twice: a PNG
at 600 dpi (red ``#E60012`` on a transparent background, anti-aliased by 4x supersampling)
and a self-contained SVG whose text is converted to paths, so both look the same without any
font installed. The text font ships with SealDesk (``resources/fonts``: Noto Serif CJK SC
Bold cut down to GB 2312 + ASCII, SIL OFL 1.1); a character outside it is refused. The same
input always gives the same bytes.

Round official seals (公章), 42 mm by default, 38-45 mm allowed; sizes below are for 42 mm
and scale with the diameter:

- an outer ring 1.2 mm wide;
- the unit name on the upper arc, clockwise from about 8 o'clock to 4 o'clock (up to 240°),
  each character upright on the arc with its head outward, characters 7 mm high (ink about
  6.6 mm), evenly spaced; names of 4 characters or more fill 210-240° (shorter ones spread
  to at most twice their natural spacing), long names get narrower characters (and from 11
  characters a little lower, down to 5.8 mm), never touching each other or the ring;
- the emblem in the centre, 14 mm across at most;
- optional horizontal text (e.g. 合同专用章) below the emblem, 4.4 mm high, narrowed to fit;
- an optional code (e.g. the 13-digit 防伪码) small along the bottom arc, read left to right.

What each :class:`SealStyle` draws as its emblem (the rest is common):

- ``OFFICIAL`` 普通公章: a solid five-pointed star, 14 mm across.
- ``PARTY`` 党纪委公章: the same star, plus a thin second ring (0.3 mm) just inside the outer
  ring, the double rim that sets party seals apart; the name sits a little further in.
- ``UNION`` 工会公章: a gear (a ring with 12 square teeth, 12.8 mm across) around a smaller
  star, for the trade unions' wheel.
- ``YOUTH`` 共青团章: a smaller star inside a thin circle with 24 short rays around it
  (12.8 mm across), the rising sun of the Youth League.

Personal seals (个人章): ``square`` is 20 mm by default (12-30 mm) with a rounded frame and
four characters in two columns read right column first, top to bottom: a four-character name
as is, a two-character name with 之印 (张三 → 张三之印), a three-character name with 印.
``rect`` is 10 mm high by default (6-20 mm) with the name (1-10 characters) in one row; its
width follows from the name.

Imported images (:func:`import_seal_image`): JPEG, PNG or GIF of a seal on a white or light
background; the paper becomes transparent, the ink seal red (keeping its soft edges), the
result is cropped to the ink and scaled to the chosen size at 600 dpi. Anything hostile or
unusable raises :class:`SealImageError` with a reason and Chinese and English messages.

One module of ~950 lines on purpose: the four official styles and the personal seals share one
layout vocabulary (arcs, stars, text on a circle, the bundled font) that splitting would expose
as an API nobody else uses; imported scans sit at the end.
"""

from __future__ import annotations

import enum
import io
import math
import struct
import threading
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from fontTools.pens.basePen import BasePen  # type: ignore[import-untyped]
from fontTools.pens.recordingPen import RecordingPen  # type: ignore[import-untyped]
from fontTools.pens.svgPathPen import SVGPathPen  # type: ignore[import-untyped]
from fontTools.pens.transformPen import TransformPen  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps, UnidentifiedImageError

from sealdesk.signing.errors import SealImageError

__all__ = [
    "DPI",
    "SEAL_RED",
    "SealImage",
    "SealImageError",
    "SealStyle",
    "generate_official_seal",
    "generate_personal_seal",
    "import_seal_image",
]

DPI = 600
SEAL_RED = (0xE6, 0x00, 0x12)
SEAL_RED_HEX = "#E60012"
MM_PER_INCH = 25.4

OFFICIAL_DEFAULT_MM = 42.0
OFFICIAL_RANGE_MM = (38.0, 45.0)
SQUARE_DEFAULT_MM = 20.0
SQUARE_RANGE_MM = (12.0, 30.0)
RECT_DEFAULT_MM = 10.0
RECT_RANGE_MM = (6.0, 20.0)
IMPORT_RANGE_MM = (10.0, 60.0)

MAX_NAME_CHARS = 40
MAX_TEXT_CHARS = 12
MAX_CODE_CHARS = 24
MAX_RECT_CHARS = 10

# imports: what we accept before decoding, and the size we analyse at
MAX_IMPORT_BYTES = 30 * 1024 * 1024
MAX_IMPORT_SIDE_PX = 8000
MAX_IMPORT_PIXELS = MAX_IMPORT_SIDE_PX * MAX_IMPORT_SIDE_PX
MAX_PICTURE_SIDE_PX = 2400
"""A seal picture (not a scan to import): 60 mm at 1000 dpi; 42 mm at 600 dpi is 992 px."""
MIN_IMPORT_SIDE_PX = 16
_WORK_SIDE_PX = 2400
_IMPORT_FORMATS = ("JPEG", "PNG", "GIF")

_FONT_FILE = "SealDeskSerifSC-Bold.otf"
# Noto CJK's ideographic em box runs from -120 to 880 font units: its centre is 380 up
_EM_BOX_CENTRE = 380.0
_SUPERSAMPLE = 4


class SealStyle(enum.Enum):
    """The four styles of generated official seals; values are stable identifiers."""

    PARTY = "party"
    OFFICIAL = "official"
    UNION = "union"
    YOUTH = "youth"

    @property
    def display_name(self) -> str:
        """The Chinese name the platform shows."""
        return _STYLE_NAMES[self][0]

    @property
    def display_name_en(self) -> str:
        """An English name for the style."""
        return _STYLE_NAMES[self][1]


_STYLE_NAMES = {
    SealStyle.PARTY: ("党纪委公章", "Party / discipline committee seal"),
    SealStyle.OFFICIAL: ("普通公章", "Official seal"),
    SealStyle.UNION: ("工会公章", "Trade union seal"),
    SealStyle.YOUTH: ("共青团章", "Youth League seal"),
}


@dataclass(frozen=True, kw_only=True)
class SealImage:
    """A seal image: PNG at ``dpi`` (transparent background) and, when drawn, SVG in mm."""

    png: bytes
    svg: str | None
    width_mm: float
    height_mm: float
    dpi: int = DPI

    @property
    def pixel_size(self) -> tuple[int, int]:
        """Width and height of the PNG in pixels (read from its header)."""
        width, height = struct.unpack(">II", self.png[16:24])
        return int(width), int(height)


_IMPORT_MESSAGES = {
    "empty": ("图片文件为空。", "The image file is empty."),
    "not_image": (
        "不是可识别的图片，请使用 JPG、PNG 或 GIF 格式。",
        "Not a recognised image; use JPG, PNG or GIF.",
    ),
    "too_large": (
        f"图片过大（文件不超过 30 MB，宽高不超过 {MAX_IMPORT_SIDE_PX} 像素）。",
        f"The image is too large (at most 30 MB and {MAX_IMPORT_SIDE_PX} pixels either side).",
    ),
    "picture_too_large": (
        f"印章图片过大（宽高不超过 {MAX_PICTURE_SIDE_PX} 像素；42 毫米的印章在 600 dpi 下"
        "约 992 像素）。扫描件请先用“导入印章图片”处理。",
        f"The seal picture is too large (at most {MAX_PICTURE_SIDE_PX} pixels either side; a "
        "42 mm seal at 600 dpi is 992 px). Import a scan with 'seal import' first.",
    ),
    "too_small": (
        f"图片过小（宽高至少 {MIN_IMPORT_SIDE_PX} 像素）。",
        f"The image is too small (at least {MIN_IMPORT_SIDE_PX} pixels either side).",
    ),
    "corrupt": (
        "图片文件已损坏或不完整。",
        "The image file is damaged or incomplete.",
    ),
    "dark_background": (
        "图片背景不是白色或浅色，无法提取印章。",
        "The background is not white or light; the seal cannot be extracted.",
    ),
    "no_ink": (
        "图片中没有找到印章图案。",
        "No seal was found in the image.",
    ),
}


def _import_error(reason: str) -> SealImageError:
    zh, en = _IMPORT_MESSAGES[reason]
    return SealImageError(reason=reason, message_zh=zh, message_en=en)


# --- the bundled font ---------------------------------------------------------------------


class _Font:
    """The bundled font: outlines and advances of characters, cached, thread-safe."""

    def __init__(self, data: bytes) -> None:
        self._lock = threading.Lock()
        self._font = TTFont(io.BytesIO(data), lazy=True)
        self._cmap: dict[int, str] = self._font.getBestCmap()
        self._glyphs = self._font.getGlyphSet()
        self._hmtx = self._font["hmtx"]
        self._outlines: dict[str, RecordingPen] = {}
        self._svg_paths: dict[str, str] = {}

    def missing(self, text: str) -> list[str]:
        """Characters of ``text`` the font cannot draw, in order, without repeats."""
        seen: list[str] = []
        for char in text:
            if ord(char) not in self._cmap and char not in seen:
                seen.append(char)
        return seen

    def advance(self, char: str) -> float:
        """Advance width in font units (1000 to the em)."""
        return float(self._hmtx[self._cmap[ord(char)]][0])

    def outline(self, char: str) -> RecordingPen:
        """The glyph outline, recorded in font units."""
        with self._lock:
            pen = self._outlines.get(char)
            if pen is None:
                pen = RecordingPen()
                self._glyphs[self._cmap[ord(char)]].draw(pen)
                self._outlines[char] = pen
            return pen

    def svg_path(self, char: str) -> str:
        """The glyph outline as SVG path data in font units (y up)."""
        with self._lock:
            path = self._svg_paths.get(char)
        if path is None:
            pen = SVGPathPen(None, ntos=_num)
            self.outline(char).replay(pen)
            path = pen.getCommands()
            with self._lock:
                self._svg_paths[char] = path
        return path


@cache
def _font() -> _Font:
    data = (resources.files("sealdesk.resources") / "fonts" / _FONT_FILE).read_bytes()
    return _Font(data)


# --- the vector description --------------------------------------------------------------

_Point = tuple[float, float]


@dataclass(frozen=True)
class _Ring:
    """An annulus: outer radius and width, in mm."""

    cx: float
    cy: float
    outer: float
    width: float


@dataclass(frozen=True)
class _Frame:
    """A rectangular frame with rounded corners; the box is its outer edge."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    corner: float


@dataclass(frozen=True)
class _Polygon:
    points: tuple[_Point, ...]


@dataclass(frozen=True)
class _Glyph:
    """A character whose em box (advance x 1000 units) is centred on (cx, cy).

    ``em`` is the em size in mm, ``xscale`` narrows the character, ``angle`` turns it
    clockwise in degrees around its centre.
    """

    char: str
    cx: float
    cy: float
    em: float
    xscale: float
    angle: float

    def matrix(self, advance: float) -> tuple[float, float, float, float, float, float]:
        """Affine map from font units (y up) to mm on the page (y down), SVG order."""
        s = self.em / 1000.0
        sx = s * self.xscale
        cos = math.cos(math.radians(self.angle))
        sin = math.sin(math.radians(self.angle))
        tx0 = -sx * advance / 2.0
        ty0 = s * _EM_BOX_CENTRE
        return (
            cos * sx,
            sin * sx,
            sin * s,
            -cos * s,
            cos * tx0 - sin * ty0 + self.cx,
            sin * tx0 + cos * ty0 + self.cy,
        )

    def box(self, advance: float) -> list[_Point]:
        """Corners of the em box on the page."""
        a, b, c, d, e, f = self.matrix(advance)
        return [
            (a * u + c * v + e, b * u + d * v + f)
            for u, v in ((0.0, -120.0), (advance, -120.0), (advance, 880.0), (0.0, 880.0))
        ]


_Shape = _Ring | _Frame | _Polygon | _Glyph


@dataclass(frozen=True)
class _Drawing:
    width_mm: float
    height_mm: float
    shapes: tuple[_Shape, ...]


# --- rendering ----------------------------------------------------------------------------


def _num(value: float) -> str:
    """A compact, deterministic decimal for SVG."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _pixels(mm: float) -> int:
    """Pixels at 600 dpi for ``mm``, rounded up so the resolution is never below 600 dpi."""
    return math.ceil(mm * DPI / MM_PER_INCH - 1e-9)


class _OutlinePen(BasePen):  # type: ignore[misc]
    """Feeds a fontTools outline into a Pillow ``ImageDraw.Outline``."""

    def __init__(self, outline: Any) -> None:
        super().__init__(None)
        self._outline = outline

    def _moveTo(self, pt: _Point) -> None:
        self._outline.move(*pt)

    def _lineTo(self, pt: _Point) -> None:
        self._outline.line(*pt)

    def _curveToOne(self, pt1: _Point, pt2: _Point, pt3: _Point) -> None:
        self._outline.curve(*pt1, *pt2, *pt3)

    def _closePath(self) -> None:
        self._outline.close()

    def _endPath(self) -> None:
        self._outline.close()


def _render_png(drawing: _Drawing) -> bytes:
    width, height = _pixels(drawing.width_mm), _pixels(drawing.height_mm)
    ss = _SUPERSAMPLE
    scale = DPI / MM_PER_INCH * ss
    # centre the drawing in the (slightly larger, whole-pixel) image
    off_x = (width * ss - drawing.width_mm * scale) / 2.0
    off_y = (height * ss - drawing.height_mm * scale) / 2.0

    def px(x: float, y: float) -> _Point:
        return (x * scale + off_x, y * scale + off_y)

    mask = Image.new("L", (width * ss, height * ss), 0)
    draw = ImageDraw.Draw(mask)
    font = _font()
    for shape in drawing.shapes:
        if isinstance(shape, _Ring):
            x0, y0 = px(shape.cx - shape.outer, shape.cy - shape.outer)
            x1, y1 = px(shape.cx + shape.outer, shape.cy + shape.outer)
            draw.ellipse(
                (x0, y0, x1 - 1, y1 - 1), outline=255, width=max(1, round(shape.width * scale))
            )
        elif isinstance(shape, _Frame):
            x0, y0 = px(shape.x0, shape.y0)
            x1, y1 = px(shape.x1, shape.y1)
            draw.rounded_rectangle(
                (x0, y0, x1 - 1, y1 - 1),
                radius=round(shape.corner * scale),
                outline=255,
                width=max(1, round(shape.width * scale)),
            )
        elif isinstance(shape, _Polygon):
            draw.polygon([px(x, y) for x, y in shape.points], fill=255)
        else:
            a, b, c, d, e, f = shape.matrix(font.advance(shape.char))
            matrix = (a * scale, b * scale, c * scale, d * scale, e * scale + off_x)
            outline = ImageDraw.Outline()
            pen = TransformPen(_OutlinePen(outline), (*matrix, f * scale + off_y))
            font.outline(shape.char).replay(pen)
            draw.shape(outline, fill=255)
    alpha = mask.reduce(ss)
    image = Image.new("RGBA", (width, height), (*SEAL_RED, 0))
    image.putalpha(alpha)
    return _png_bytes(image)


def _png_bytes(image: Image.Image) -> bytes:
    """PNG bytes; a one-colour seal with soft edges becomes a palette of that colour at 256
    alpha levels, half the size of RGBA (every seal signature hashes the picture)."""
    out = io.BytesIO()
    colours = image.getcolors(maxcolors=1 << 16) if image.mode == "RGBA" else None
    # RGBA colours come as 4-tuples (Pillow's stub also allows a float for 1-band images)
    inks = {c[:3] for _n, c in colours or () if isinstance(c, tuple) and c[3] > 0}
    if colours is not None and len(inks) == 1:
        (ink,) = inks
        alpha = image.getchannel("A")
        palette = Image.frombytes("P", alpha.size, alpha.tobytes())
        palette.putpalette(list(ink) * 256)
        palette.save(
            out, format="PNG", dpi=(DPI, DPI), transparency=bytes(range(256)), optimize=True
        )
    else:
        image.save(out, format="PNG", dpi=(DPI, DPI), compress_level=6)
    return out.getvalue()


def _render_svg(drawing: _Drawing) -> str:
    font = _font()
    w, h = _num(drawing.width_mm), _num(drawing.height_mm)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}mm" height="{h}mm"'
        f' viewBox="0 0 {w} {h}">',
        f'<g fill="{SEAL_RED_HEX}" stroke="none">',
    ]
    for shape in drawing.shapes:
        if isinstance(shape, _Ring):
            radius = shape.outer - shape.width / 2.0
            parts.append(
                f'<circle cx="{_num(shape.cx)}" cy="{_num(shape.cy)}" r="{_num(radius)}"'
                f' fill="none" stroke="{SEAL_RED_HEX}" stroke-width="{_num(shape.width)}"/>'
            )
        elif isinstance(shape, _Frame):
            half = shape.width / 2.0
            parts.append(
                f'<rect x="{_num(shape.x0 + half)}" y="{_num(shape.y0 + half)}"'
                f' width="{_num(shape.x1 - shape.x0 - shape.width)}"'
                f' height="{_num(shape.y1 - shape.y0 - shape.width)}"'
                f' rx="{_num(max(0.0, shape.corner - half))}" fill="none"'
                f' stroke="{SEAL_RED_HEX}" stroke-width="{_num(shape.width)}"/>'
            )
        elif isinstance(shape, _Polygon):
            points = " L".join(f"{_num(x)} {_num(y)}" for x, y in shape.points)
            parts.append(f'<path d="M{points} Z"/>')
        else:
            # the matrix scales font units (1000 to the em) down to mm: keep 6 decimals
            matrix = " ".join(
                f"{v:.6f}".rstrip("0").rstrip(".") or "0"
                for v in shape.matrix(font.advance(shape.char))
            )
            parts.append(f'<path transform="matrix({matrix})" d="{font.svg_path(shape.char)}"/>')
    parts += ["</g>", "</svg>", ""]
    return "\n".join(parts)


def _seal_image(drawing: _Drawing) -> SealImage:
    return SealImage(
        png=_render_png(drawing),
        svg=_render_svg(drawing),
        width_mm=drawing.width_mm,
        height_mm=drawing.height_mm,
    )


# --- shapes -------------------------------------------------------------------------------


def _star(cx: float, cy: float, radius: float, *, angle: float = 0.0) -> _Polygon:
    """A regular five-pointed star, one point up (turned clockwise by ``angle`` degrees)."""
    inner = radius * math.sin(math.radians(18)) / math.sin(math.radians(54))
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else inner
        phi = math.radians(angle + i * 36.0)
        points.append((cx + r * math.sin(phi), cy - r * math.cos(phi)))
    return _Polygon(tuple(points))


def _gear(
    cx: float, cy: float, *, root: float, tip: float, inner: float, teeth: int
) -> list[_Shape]:
    """A gear: a ring from ``inner`` to ``root`` with square teeth out to ``tip``."""
    shapes: list[_Shape] = [_Ring(cx, cy, root, root - inner)]
    half = math.pi / teeth / 2.0  # each tooth takes half of its pitch
    for i in range(teeth):
        phi = 2.0 * math.pi * i / teeth
        pts = []
        # a tooth slightly narrower at the tip, starting a little inside the ring
        for r, a in (
            (root - 0.2, -half),
            (tip, -half * 0.8),
            (tip, half * 0.8),
            (root - 0.2, half),
        ):
            pts.append((cx + r * math.sin(phi + a), cy - r * math.cos(phi + a)))
        shapes.append(_Polygon(tuple(pts)))
    return shapes


def _rays(cx: float, cy: float, *, inner: float, outer: float, count: int) -> list[_Shape]:
    """Thin wedge-shaped rays between two radii."""
    shapes: list[_Shape] = []
    half_base = math.pi / count * 0.45
    for i in range(count):
        phi = 2.0 * math.pi * (i + 0.5) / count
        base = [
            (cx + inner * math.sin(phi + s * half_base), cy - inner * math.cos(phi + s * half_base))
            for s in (-1, 1)
        ]
        tip = (cx + outer * math.sin(phi), cy - outer * math.cos(phi))
        shapes.append(_Polygon((base[0], tip, base[1])))
    return shapes


# --- validation ---------------------------------------------------------------------------


def _check_size(size_mm: float, allowed: tuple[float, float], what: str) -> float:
    lo, hi = allowed
    try:
        value = float(size_mm)
    except (TypeError, ValueError):
        raise ValueError(f"{what} size must be a number of mm, got {size_mm!r}") from None
    if not lo <= value <= hi:
        raise ValueError(
            f"{what} size must be between {lo:g} and {hi:g} mm, got {size_mm!r} mm "
            f"(印章尺寸须在 {lo:g}–{hi:g} 毫米之间)"
        )
    return value


def _check_text(value: str, what: str, max_chars: int, *, required: bool) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a string, got {type(value).__name__}")
    text = "".join(value.split())  # seal text has no spaces
    if not text:
        if required:
            raise ValueError(f"{what} must not be empty ({what}不能为空)")
        return ""
    if len(text) > max_chars:
        raise ValueError(f"{what} has {len(text)} characters; at most {max_chars} fit on a seal")
    missing = _font().missing(text)
    if missing:
        raise ValueError(
            f"{what} has characters the seal font cannot draw (GB 2312 + ASCII only): "
            f"{''.join(missing)}"
        )
    return text


# --- official seals -----------------------------------------------------------------------


def _name_glyphs(
    name: str,
    *,
    c: float,
    r_mid: float,
    em: float,
    max_span_deg: float,
    min_span_deg: float,
    xscale: float,
    gap_mm: float,
) -> list[_Glyph]:
    """The unit name evenly spaced along the upper arc, clockwise, heads outward.

    Angles are clockwise from 12 o'clock; the name is centred on 12 o'clock. Characters
    ``xscale`` wide keep ``gap_mm`` apart at their inner (closer) edge; a short name spreads
    towards ``min_span_deg`` (at most twice its natural spacing); when the name would exceed
    ``max_span_deg`` the characters narrow.
    """
    n = len(name)
    r_in = r_mid - em / 2.0
    natural = 2.0 * math.degrees(math.atan((em * xscale + gap_mm) / 2.0 / r_in))
    char_deg = 2.0 * math.degrees(math.atan(em * xscale / 2.0 / r_mid))
    # spread a short name out to fill min_span_deg from its first character's outer edge to
    # its last's, but never to more than twice its natural spacing
    fill = (min_span_deg - char_deg) / (n - 1) if n > 1 else natural
    step = min(max_span_deg / n, max(natural, min(fill, 2.0 * natural)))
    room = 2.0 * r_in * math.tan(math.radians(step) / 2.0) - gap_mm
    char_xscale = min(xscale, room / em)
    glyphs = []
    for i, char in enumerate(name):
        phi = (i - (n - 1) / 2.0) * step
        rad = math.radians(phi)
        glyphs.append(
            _Glyph(char, c + r_mid * math.sin(rad), c - r_mid * math.cos(rad), em, char_xscale, phi)
        )
    return glyphs


def _row_glyphs(
    text: str, *, cx: float, cy: float, em: float, slot: float, xscale: float
) -> list[_Glyph]:
    """Characters in one horizontal row, ``slot`` mm apart, centred on (cx, cy)."""
    n = len(text)
    return [
        _Glyph(ch, cx + (i - (n - 1) / 2.0) * slot, cy, em, xscale, 0.0)
        for i, ch in enumerate(text)
    ]


def _sample_edges(points: Sequence[_Point], per_edge: int = 12) -> Iterable[_Point]:
    for i, (x0, y0) in enumerate(points):
        x1, y1 = points[(i + 1) % len(points)]
        for k in range(per_edge):
            t = k / per_edge
            yield (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)


def _official_drawing(
    *, style: SealStyle, name: str, text: str, code: str, size_mm: float
) -> _Drawing:
    f = size_mm / OFFICIAL_DEFAULT_MM
    c = size_mm / 2.0
    font = _font()
    ring_w = 1.2 * f
    shapes: list[_Shape] = [_Ring(c, c, c, ring_w)]
    inner_edge = c - ring_w  # inside of the outer ring
    if style is SealStyle.PARTY:
        thin_gap, thin_w = 0.45 * f, 0.3 * f
        shapes.append(_Ring(c, c, inner_edge - thin_gap, thin_w))
        inner_edge -= thin_gap + thin_w

    # the emblem
    if style is SealStyle.OFFICIAL or style is SealStyle.PARTY:
        shapes.append(_star(c, c, 7.0 * f))
    elif style is SealStyle.UNION:
        shapes += _gear(c, c, root=5.5 * f, tip=6.4 * f, inner=4.8 * f, teeth=12)
        shapes.append(_star(c, c, 3.9 * f))
    else:
        shapes.append(_Ring(c, c, 4.9 * f, 0.45 * f))
        shapes += _rays(c, c, inner=5.35 * f, outer=6.4 * f, count=24)
        shapes.append(_star(c, c, 3.9 * f))

    # the unit name on the upper arc
    n = len(name)
    em = (7.0 - 1.2 * min(1.0, max(0.0, (n - 10) / 14.0))) * f
    top = inner_edge - 0.75 * f  # em top, 0.75 mm inside the ring (ink ~0.9 mm)
    r_name = top - em / 2.0
    name_glyphs = _name_glyphs(
        name,
        c=c,
        r_mid=r_name,
        em=em,
        max_span_deg=240.0,
        min_span_deg=210.0,
        xscale=0.92,
        gap_mm=0.35 * f,
    )
    shapes += name_glyphs

    # the code along the bottom arc, feet outward
    code_em = 3.0 * f
    code_r = inner_edge - 0.5 * f - code_em / 2.0
    if code:
        # equal slots, as wide as the widest character (digits: 0.59 em), at most 100°
        widest = max(font.advance(ch) for ch in code) / 1000.0
        slot = widest * code_em + 0.32 * f
        step = math.degrees(slot / code_r)
        xs = 1.0
        if step * len(code) > 100.0:
            xs = 100.0 / (step * len(code))
            step = 100.0 / len(code)
        for i, ch in enumerate(code):
            phi = 180.0 - (i - (len(code) - 1) / 2.0) * step
            rad = math.radians(phi)
            shapes.append(
                _Glyph(
                    ch,
                    c + code_r * math.sin(rad),
                    c - code_r * math.cos(rad),
                    code_em,
                    xs,
                    phi - 180.0,
                )
            )

    # horizontal text below the emblem, narrowed to clear the name, the code and the ring
    if text:
        text_em = 4.4 * f
        y_top = c + 7.55 * f
        y_bot = y_top + text_em
        margin = 0.6 * f
        clear_r = code_r - code_em / 2.0 - margin  # inside the code band
        half = math.sqrt(max(0.0, clear_r**2 - (y_bot - c) ** 2))
        for glyph in name_glyphs:
            for x, y in _sample_edges(glyph.box(font.advance(glyph.char))):
                if y_top - margin <= y <= y_bot + margin:
                    half = min(half, abs(x - c) - margin)
        slot = text_em * 1.1
        xs = 0.92
        total = slot * len(text)
        if total > 2.0 * half:
            squeeze = 2.0 * half / total
            slot *= squeeze
            xs *= squeeze
        shapes += _row_glyphs(
            text, cx=c, cy=y_top + text_em / 2.0, em=text_em, slot=slot, xscale=xs
        )

    return _Drawing(size_mm, size_mm, tuple(shapes))


def generate_official_seal(
    *,
    style: SealStyle,
    name: str,
    text: str | None = None,
    code: str | None = None,
    size_mm: float = OFFICIAL_DEFAULT_MM,
) -> SealImage:
    """Draw a round official seal (公章) of ``style`` for the unit ``name``.

    ``text`` is the optional horizontal line under the emblem (e.g. 合同专用章), ``code`` the
    optional code along the bottom arc (e.g. a 13-digit 防伪码); whitespace is dropped.

    :raises ValueError: if ``size_mm`` is outside 38-45 mm, ``name`` is empty or longer than
        40 characters, ``text``/``code`` are too long, or a character is not in the seal font.
    :raises TypeError: if ``style`` is not a :class:`SealStyle` or a text is not a string.
    """
    if not isinstance(style, SealStyle):
        raise TypeError(f"style must be a SealStyle, got {style!r}")
    size = _check_size(size_mm, OFFICIAL_RANGE_MM, "official seal")
    unit = _check_text(name, "name", MAX_NAME_CHARS, required=True)
    line = _check_text(text or "", "text", MAX_TEXT_CHARS, required=False)
    number = _check_text(code or "", "code", MAX_CODE_CHARS, required=False)
    return _seal_image(
        _official_drawing(style=style, name=unit, text=line, code=number, size_mm=size)
    )


# --- personal seals -----------------------------------------------------------------------


def _square_chars(name: str) -> str:
    """The four characters of a square seal, in reading order (right column first)."""
    if len(name) == 4:
        return name
    if len(name) == 3:
        return name + "印"
    if len(name) == 2:
        return name + "之印"
    raise ValueError(
        f"a square personal seal takes a name of 2-4 characters, got {len(name)}; "
        "use shape='rect' (方章姓名须为 2–4 个字，否则请用长方形章)"
    )


def _personal_drawing(*, name: str, shape: str, size_mm: float) -> _Drawing:
    if shape == "square":
        side = size_mm
        f = side / SQUARE_DEFAULT_MM
        border = 1.1 * f
        shapes: list[_Shape] = [_Frame(0.0, 0.0, side, side, border, 1.0 * f)]
        pad = border + 0.55 * f
        cell = (side - 2.0 * pad) / 2.0
        em = cell * 0.99
        chars = _square_chars(name)
        # right column top to bottom, then the left column
        cells = ((1, 0), (1, 1), (0, 0), (0, 1))
        for ch, (col, row) in zip(chars, cells, strict=True):
            shapes.append(
                _Glyph(ch, pad + (col + 0.5) * cell, pad + (row + 0.5) * cell, em, 0.96, 0.0)
            )
        return _Drawing(side, side, tuple(shapes))
    height = size_mm
    f = height / RECT_DEFAULT_MM
    border = 0.7 * f
    pad = border + 0.5 * f
    em = height - 2.0 * pad
    xs = 0.92 if len(name) <= 4 else max(0.6, 0.92 - 0.05 * (len(name) - 4))
    slot = em * xs + 0.25 * f
    width = max(height, 2.0 * pad + slot * len(name) + 0.3 * f)
    shapes = [_Frame(0.0, 0.0, width, height, border, 0.6 * f)]
    shapes += _row_glyphs(name, cx=width / 2.0, cy=height / 2.0, em=em, slot=slot, xscale=xs)
    return _Drawing(width, height, tuple(shapes))


def generate_personal_seal(
    *,
    name: str,
    shape: Literal["square", "rect"] = "square",
    size_mm: float | None = None,
) -> SealImage:
    """Draw a personal seal (个人章) for ``name``.

    ``square``: side ``size_mm`` (default 20, 12-30 mm), a 2-4 character name laid out 2x2
    (2 characters + 之印, 3 characters + 印). ``rect``: height ``size_mm`` (default 10,
    6-20 mm), the name (1-10 characters) in one row.

    :raises ValueError: for an unknown shape, a size out of range, an empty name, a name of
        the wrong length for the shape, or characters not in the seal font.
    """
    if shape == "square":
        size = _check_size(
            SQUARE_DEFAULT_MM if size_mm is None else size_mm, SQUARE_RANGE_MM, "square seal"
        )
        person = _check_text(name, "name", MAX_NAME_CHARS, required=True)
        _square_chars(person)  # 2-4 characters
    elif shape == "rect":
        size = _check_size(
            RECT_DEFAULT_MM if size_mm is None else size_mm, RECT_RANGE_MM, "rectangular seal"
        )
        person = _check_text(name, "name", MAX_RECT_CHARS, required=True)
    else:
        raise ValueError(f"shape must be 'square' or 'rect', got {shape!r}")
    return _seal_image(_personal_drawing(name=person, shape=shape, size_mm=size))


# --- imported images ----------------------------------------------------------------------


def _open_image(data: bytes) -> Image.Image:
    """Open and decode ``data`` defensively; the result is RGBA at most ~2 x work size."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=_IMPORT_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise _import_error("too_large") from e
    except UnidentifiedImageError as e:
        raise _import_error("not_image") from e
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as e:
        raise _import_error("corrupt") from e
    width, height = image.size
    if (
        width > MAX_IMPORT_SIDE_PX
        or height > MAX_IMPORT_SIDE_PX
        or width * height > MAX_IMPORT_PIXELS
    ):
        raise _import_error("too_large")
    if width < MIN_IMPORT_SIDE_PX or height < MIN_IMPORT_SIDE_PX:
        raise _import_error("too_small")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            if image.format == "JPEG":
                # decode big JPEGs at 1/2, 1/4 or 1/8 scale: fast, and all we need
                image.draft("RGB", (_WORK_SIDE_PX, _WORK_SIDE_PX))
            image.load()
            upright: Image.Image = image
            if image.format == "JPEG":
                upright = ImageOps.exif_transpose(image)
            rgba = upright.convert("RGBA")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError) as e:
        raise _import_error("too_large") from e
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, KeyError) as e:
        raise _import_error("corrupt") from e
    if max(rgba.size) > _WORK_SIDE_PX:
        rgba.thumbnail((_WORK_SIDE_PX, _WORK_SIDE_PX), Image.Resampling.BOX)
    return rgba


def _ink_alpha(rgba: Image.Image) -> Image.Image:
    """Ink coverage (0-255) of an RGBA image on a light background."""
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    flat = Image.alpha_composite(white, rgba).convert("RGB")
    r, g, b = flat.split()
    lightness = ImageChops.darker(ImageChops.darker(r, g), b)  # min channel: ink of any hue
    histogram = lightness.histogram()
    half = lightness.width * lightness.height / 2.0
    seen, paper = 0, 255
    for level in range(255, -1, -1):
        seen += histogram[level]
        if seen >= half:
            paper = level
            break
    if paper < 160:
        raise _import_error("dark_background")
    # fully paper at (paper - 35) and lighter, fully ink from (paper - 115) and darker
    start, full = paper - 35, paper - 115
    lut = [
        0 if v >= start else 255 if v <= full else round(255 * (start - v) / (start - full))
        for v in range(256)
    ]
    return lightness.point(lut)


def import_seal_image(data: bytes, *, size_mm: float = OFFICIAL_DEFAULT_MM) -> SealImage:
    """Turn a scan or photo of a seal (JPEG, PNG or GIF) into a seal image.

    The white or light background becomes transparent, the ink seal red; the image is
    cropped to the ink and scaled so that its longer side is ``size_mm`` at 600 dpi.

    :raises SealImageError: for empty, unrecognised, oversized (file, pixels, decompression
        bomb), too small, damaged or truncated images, a dark background, or no ink.
    :raises ValueError: if ``size_mm`` is outside 10-60 mm.
    """
    size = _check_size(size_mm, IMPORT_RANGE_MM, "imported seal")
    if not data:
        raise _import_error("empty")
    if len(data) > MAX_IMPORT_BYTES:
        raise _import_error("too_large")
    alpha = _ink_alpha(_open_image(bytes(data)))
    # the seal's extent: solid ink, with isolated specks (dust, noise) filtered out
    solid = alpha.point(lambda v: 255 if v >= 128 else 0).filter(ImageFilter.MedianFilter(3))
    bbox = solid.getbbox()
    if bbox is None:
        raise _import_error("no_ink")
    x0, y0, x1, y1 = bbox
    if max(x1 - x0, y1 - y0) < 12:
        raise _import_error("no_ink")
    # keep the soft edge around the solid ink
    x0, y0 = max(0, x0 - 1), max(0, y0 - 1)
    x1, y1 = min(alpha.width, x1 + 1), min(alpha.height, y1 + 1)
    crop = alpha.crop((x0, y0, x1, y1))
    cw, ch = crop.size
    long_px = _pixels(size)
    if cw >= ch:
        out_w, out_h = long_px, max(1, round(long_px * ch / cw))
        width_mm, height_mm = size, size * ch / cw
    else:
        out_w, out_h = max(1, round(long_px * cw / ch)), long_px
        width_mm, height_mm = size * cw / ch, size
    scaled = crop.resize((out_w, out_h), Image.Resampling.LANCZOS)
    image = Image.new("RGBA", (out_w, out_h), (*SEAL_RED, 0))
    image.putalpha(scaled)
    return SealImage(png=_png_bytes(image), svg=None, width_mm=width_mm, height_mm=height_mm)


def seal_picture_size(data: bytes) -> tuple[float, float]:
    """A seal picture's size in mm from its pixel density (600 dpi when the file does not say),
    after checking that it is a picture a seal can use: PNG, JPEG or GIF, at most
    :data:`MAX_PICTURE_SIDE_PX` either side (its header is read first, so a decompression bomb
    is refused before it is inflated), and decodable to its end (damage is found here, not in
    the middle of signing).

    :raises SealImageError: empty, not a picture, too large, or damaged.
    """
    if not data:
        raise _import_error("empty")
    if len(data) > MAX_IMPORT_BYTES:
        raise _import_error("too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=_IMPORT_FORMATS) as image:
                width, height = image.size
                if max(width, height) > MAX_PICTURE_SIDE_PX:
                    raise _import_error("picture_too_large")
                image.load()
                dpi = image.info.get("dpi", (DPI, DPI))
                return width / float(dpi[0]) * 25.4, height / float(dpi[1]) * 25.4
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError) as e:
        raise _import_error("picture_too_large") from e
    except UnidentifiedImageError as e:
        raise _import_error("not_image") from e
    except (OSError, SyntaxError, ValueError, EOFError, ZeroDivisionError, struct.error) as e:
        raise _import_error("corrupt") from e
