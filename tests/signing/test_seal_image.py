"""Seal images: what a person looks for in a seal, read back from the PNG and SVG we make."""

from __future__ import annotations

import hashlib
import io
import math
import struct
import time
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Callable

import pytest
from PIL import Image, ImageDraw

from sealdesk.signing.seal_image import (
    SEAL_RED,
    SealImage,
    SealImageError,
    SealStyle,
    generate_official_seal,
    generate_personal_seal,
    import_seal_image,
)

PX_PER_MM = 600 / 25.4
SVG_NS = "{http://www.w3.org/2000/svg}"
UNIT = "北京市某某科技有限公司"


def px(mm: float) -> int:
    return math.ceil(mm * PX_PER_MM - 1e-9)


def rgba(seal: SealImage) -> Image.Image:
    image = Image.open(io.BytesIO(seal.png))
    # RGBA, or a palette of one ink at 256 alpha levels (tRNS): transparent either way
    assert image.format == "PNG"
    assert image.mode == "RGBA" or (image.mode == "P" and "transparency" in image.info)
    return image.convert("RGBA")


def alpha_at(image: Image.Image, dx_mm: float, dy_mm: float) -> int:
    """Alpha at (dx, dy) mm from the image centre (y down)."""
    x = image.width / 2 + dx_mm * PX_PER_MM
    y = image.height / 2 + dy_mm * PX_PER_MM
    value = image.getpixel((int(x), int(y)))
    assert isinstance(value, tuple)
    return int(value[3])


def ink_in(image: Image.Image, box_mm: tuple[float, float, float, float]) -> int:
    """Pixels with any ink in a box (x0, y0, x1, y1) in mm from the centre."""
    cx, cy = image.width / 2, image.height / 2
    x0, y0, x1, y1 = box_mm
    box = (
        int(cx + x0 * PX_PER_MM),
        int(cy + y0 * PX_PER_MM),
        int(cx + x1 * PX_PER_MM),
        int(cy + y1 * PX_PER_MM),
    )
    alpha = image.getchannel("A").crop(box)
    return sum(alpha.point(lambda v: 255 if v > 0 else 0).histogram()[255:])


def red_share(image: Image.Image) -> float:
    """Share of the pixels with any opacity whose colour is the seal red."""
    opaque = red = 0
    data = image.tobytes()
    for i in range(0, len(data), 4):
        r, g, b, a = data[i : i + 4]
        if a:
            opaque += 1
            red += abs(r - SEAL_RED[0]) <= 8 and g <= 8 and abs(b - SEAL_RED[2]) <= 8
    assert opaque > 0
    return red / opaque


def assert_transparent_corners(image: Image.Image) -> None:
    w, h = image.width - 1, image.height - 1
    for corner in ((0, 0), (w, 0), (0, h), (w, h)):
        value = image.getpixel(corner)
        assert isinstance(value, tuple) and value[3] == 0, corner


# --- official seals ---------------------------------------------------------------------


@pytest.mark.parametrize("style", list(SealStyle))
def test_official_seal_looks_like_a_seal(style: SealStyle) -> None:
    seal = generate_official_seal(style=style, name=UNIT, text="合同专用章", code="1101080123456")
    image = rgba(seal)
    assert image.size == (px(42), px(42)) and image.width >= 992
    assert (seal.width_mm, seal.height_mm, seal.dpi, seal.pixel_size) == (42, 42, 600, image.size)
    assert image.info["dpi"] == pytest.approx((600, 600), abs=0.01)
    assert red_share(image) > 0.95
    assert_transparent_corners(image)
    # the outer ring, 1.2 mm wide: its middle is red all around
    for dx, dy in ((0, -20.4), (20.4, 0), (0, 20.4), (-20.4, 0)):
        assert alpha_at(image, dx, dy) == 255, (dx, dy)
    # the name between the ring and the emblem, the emblem in the centre
    assert ink_in(image, (-6, -19, 6, -8)) > 2000
    assert alpha_at(image, 0, 0) == 255
    # inside the ring and outside the text and the emblem: paper
    assert alpha_at(image, 0, -19.6) == 0
    assert alpha_at(image, -9, 2) == 0
    # horizontal text below the emblem, the code along the bottom arc
    assert ink_in(image, (-8, 7.6, 8, 12.0)) > 1000
    assert ink_in(image, (-4, 15.8, 4, 18.4)) > 500


@pytest.mark.parametrize("style", list(SealStyle))
def test_without_text_and_code_the_lower_part_stays_empty(style: SealStyle) -> None:
    image = rgba(generate_official_seal(style=style, name=UNIT))
    assert ink_in(image, (-8, 7.6, 8, 12.0)) == 0
    assert ink_in(image, (-4, 15.8, 4, 18.4)) == 0
    with_text = rgba(generate_official_seal(style=style, name=UNIT, text="合同专用章"))
    assert ink_in(with_text, (-8, 7.6, 8, 12.0)) > 1000
    assert ink_in(with_text, (-4, 15.8, 4, 18.4)) == 0


def test_the_styles_differ() -> None:
    pngs = {generate_official_seal(style=s, name=UNIT).png for s in SealStyle}
    assert len(pngs) == 4
    assert [s.display_name for s in SealStyle] == ["党纪委公章", "普通公章", "工会公章", "共青团章"]
    assert SealStyle("youth") is SealStyle.YOUTH


def test_party_seal_has_a_thin_second_ring() -> None:
    party = rgba(generate_official_seal(style=SealStyle.PARTY, name=UNIT))
    plain = rgba(generate_official_seal(style=SealStyle.OFFICIAL, name=UNIT))
    # 0.45 mm inside the outer ring, a 0.3 mm ring, on the bottom where no text is
    assert alpha_at(party, 0, 19.8 - 0.45 - 0.15) > 200
    assert alpha_at(plain, 0, 19.8 - 0.45 - 0.15) == 0


@pytest.mark.parametrize("size_mm", [38.0, 40.0, 45.0])
def test_size_scales_the_image(size_mm: float) -> None:
    seal = generate_official_seal(style=SealStyle.OFFICIAL, name=UNIT, size_mm=size_mm)
    image = rgba(seal)
    assert image.size == (px(size_mm), px(size_mm))
    assert image.width / size_mm * 25.4 >= 600
    radius = size_mm / 2 - 0.6 * size_mm / 42
    for dx, dy in ((0, -radius), (radius, 0), (0, radius), (-radius, 0)):
        assert alpha_at(image, dx, dy) == 255
    assert seal.svg is not None and f'viewBox="0 0 {size_mm:g} {size_mm:g}"' in seal.svg


@pytest.mark.parametrize("size_mm", [37.9, 45.1, 0, -42, float("nan"), float("inf")])
def test_size_out_of_range_is_refused(size_mm: float) -> None:
    with pytest.raises(ValueError, match="between 38 and 45 mm"):
        generate_official_seal(style=SealStyle.OFFICIAL, name=UNIT, size_mm=size_mm)


@pytest.mark.parametrize("name", ["", "   ", "\u3000"])
def test_empty_name_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="name must not be empty"):
        generate_official_seal(style=SealStyle.OFFICIAL, name=name)


def test_characters_outside_the_font_are_named() -> None:
    with pytest.raises(ValueError, match="喆"):
        generate_official_seal(style=SealStyle.OFFICIAL, name="某某喆公司")
    with pytest.raises(ValueError, match="at most 40"):
        generate_official_seal(style=SealStyle.OFFICIAL, name="某" * 41)
    with pytest.raises(TypeError):
        generate_official_seal(style="official", name=UNIT)  # type: ignore[arg-type]


def bar_runs(image: Image.Image) -> tuple[int, float]:
    """Runs of ink along the circle through a name of ■ (solid squares), and their span."""
    cx, cy = image.width / 2, image.height / 2
    # the squares' middle radius, along rays near 12 o'clock where the name is centred
    middles = []
    for degrees in range(-20, 21):
        phi = math.radians(degrees)
        radii = [
            r / 20
            for r in range(200, 390)
            if alpha_at(image, r / 20 * math.sin(phi), -r / 20 * math.cos(phi)) >= 128
        ]
        if radii:
            middles.append((min(radii) + max(radii)) / 2)
    assert middles, "no ink near 12 o'clock"
    radius = sorted(middles)[len(middles) // 2]
    runs, inside, first, last = 0, False, None, None
    for i in range(-1500, 1501):
        phi = math.radians(i / 10)
        x = cx + radius * PX_PER_MM * math.sin(phi)
        y = cy - radius * PX_PER_MM * math.cos(phi)
        ink = image.getpixel((int(x), int(y)))[3] >= 128  # type: ignore[index]
        if ink and not inside:
            runs += 1
            first = i / 10 if first is None else first
        if ink:
            last = i / 10
        inside = ink
    assert first is not None and last is not None
    return runs, last - first


@pytest.mark.parametrize("count", [8, 14, 30])
def test_name_characters_never_overlap(count: int) -> None:
    # ■ is a solid square 80% of its character's width: characters that overlapped or
    # touched would merge their squares
    image = rgba(generate_official_seal(style=SealStyle.OFFICIAL, name="■" * count))
    runs, span = bar_runs(image)
    assert runs == count
    assert span < 250


def test_a_30_character_name_fits_inside_the_ring() -> None:
    name = "上海市浦东新区某某街道社区卫生服务中心第二十分中心综合办公室"
    assert len(name) == 30
    seal = generate_official_seal(
        style=SealStyle.OFFICIAL, name=name, text="合同专用章", code="3101150123456"
    )
    image = rgba(seal)
    assert red_share(image) > 0.95
    # the band just inside the ring stays clear all along the name's arc
    for i in range(-125, 126):
        phi = math.radians(i)
        for r in (19.8 - 0.3, 19.8 - 0.5):
            assert alpha_at(image, r * math.sin(phi), -r * math.cos(phi)) == 0, (i, r)
    # and the characters fill 210-250 degrees of it
    image = rgba(generate_official_seal(style=SealStyle.OFFICIAL, name=name))
    cx, cy = image.width / 2, image.height / 2
    angles = []
    for i in range(-1400, 1401):
        phi = math.radians(i / 10)
        for r in (14.0, 15.5, 17.0):
            x, y = cx + r * PX_PER_MM * math.sin(phi), cy - r * PX_PER_MM * math.cos(phi)
            if image.getpixel((int(x), int(y)))[3] >= 128:  # type: ignore[index]
                angles.append(i / 10)
                break
    assert 210 <= max(angles) - min(angles) <= 250


def test_short_and_long_names_fill_the_arc() -> None:
    for count in (4, 9, 20):
        _, span = bar_runs(rgba(generate_official_seal(style=SealStyle.OFFICIAL, name="■" * count)))
        assert 195 <= span <= 245, (count, span)


def test_same_input_same_bytes() -> None:
    first = generate_official_seal(style=SealStyle.UNION, name=UNIT, text="合同专用章", code="123")
    second = generate_official_seal(style=SealStyle.UNION, name=UNIT, text="合同专用章", code="123")
    assert first == second
    assert hashlib.sha256(first.png).digest() == hashlib.sha256(second.png).digest()
    square = generate_personal_seal(name="张三")
    assert square.png == generate_personal_seal(name="张三").png


# --- SVG --------------------------------------------------------------------------------


def parse_svg(seal: SealImage) -> ET.Element:
    assert seal.svg is not None
    # our own output, not untrusted input
    return ET.fromstring(seal.svg.encode("utf-8"))  # noqa: S314


def test_svg_is_self_contained_paths_in_mm() -> None:
    seal = generate_official_seal(
        style=SealStyle.YOUTH, name=UNIT, text="合同专用章", code="1101080123456"
    )
    root = parse_svg(seal)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == "0 0 42 42"
    assert (root.get("width"), root.get("height")) == ("42mm", "42mm")
    paths = list(root.iter(f"{SVG_NS}path"))
    assert len(paths) >= len(UNIT) + len("合同专用章") + len("1101080123456")
    tags = {element.tag.removeprefix(SVG_NS) for element in root.iter()}
    assert not tags & {"text", "tspan", "textPath", "font", "style", "image", "use"}
    assert seal.svg is not None and "href" not in seal.svg and "font-family" not in seal.svg


def test_svg_draws_what_the_png_shows(qapp) -> None:  # type: ignore[no-untyped-def]
    qt_svg = pytest.importorskip("PySide6.QtSvg")
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QImage, QPainter

    for seal in (
        generate_official_seal(style=SealStyle.OFFICIAL, name=UNIT, text="合同专用章", code="1"),
        generate_personal_seal(name="王小明", shape="rect"),
    ):
        assert seal.svg is not None
        renderer = qt_svg.QSvgRenderer(QByteArray(seal.svg.encode("utf-8")))
        assert renderer.isValid()
        width, height = seal.pixel_size
        canvas = QImage(width, height, QImage.Format.Format_ARGB32)
        canvas.fill(0)
        painter = QPainter(canvas)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        # ARGB32 is B, G, R, A bytes on little-endian machines, rows without padding here
        assert canvas.bytesPerLine() == width * 4
        drawn = bytes(canvas.constBits())[3::4]
        ours = rgba(seal).getchannel("A")
        differing = sum(abs(a - b) > 64 for a, b in zip(drawn, ours.tobytes(), strict=True))
        assert differing / (width * height) < 0.03


# --- personal seals -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["张三", "李小龙", "欧阳修远"])
def test_square_personal_seal(name: str) -> None:
    seal = generate_personal_seal(name=name)
    image = rgba(seal)
    assert image.size == (px(20), px(20)) and (seal.width_mm, seal.height_mm) == (20, 20)
    assert red_share(image) > 0.95
    assert_transparent_corners(image)
    for dx, dy in ((0, -9.5), (9.5, 0), (0, 9.5), (-9.5, 0)):
        assert alpha_at(image, dx, dy) == 255
    # a character in each of the four cells
    for box in ((-8, -8, -1, -1), (1, -8, 8, -1), (-8, 1, -1, 8), (1, 1, 8, 8)):
        assert ink_in(image, box) > 1000, box


def test_square_seal_completes_short_names() -> None:
    assert generate_personal_seal(name="张三").png == generate_personal_seal(name="张三之印").png
    assert generate_personal_seal(name="李小龙").png == generate_personal_seal(name="李小龙印").png


def test_square_seal_reads_right_column_first() -> None:
    # two names that differ in their first character differ only in the top-right cell
    a = rgba(generate_personal_seal(name="张三"))
    b = rgba(generate_personal_seal(name="王三"))
    top_right = (1, -8, 8, -1)
    assert (
        a.crop((0, 0, a.width // 2, a.height)).tobytes()
        == b.crop((0, 0, b.width // 2, b.height)).tobytes()
    )
    assert ink_in(a, top_right) != ink_in(b, top_right)


def test_rectangular_personal_seal() -> None:
    two = generate_personal_seal(name="王明", shape="rect")
    three = generate_personal_seal(name="王小明", shape="rect")
    image = rgba(three)
    assert image.height == px(10) and three.height_mm == 10
    assert three.width_mm > two.width_mm > 10
    assert image.width == px(three.width_mm)
    assert red_share(image) > 0.95
    assert_transparent_corners(image)
    half_w = three.width_mm / 2
    for dx, dy in ((0, -4.7), (half_w - 0.3, 0), (0, 4.7), (-half_w + 0.3, 0)):
        assert alpha_at(image, dx, dy) == 255
    one = generate_personal_seal(name="王", shape="rect")
    assert one.width_mm == 10 < two.width_mm
    big = generate_personal_seal(name="王小明", shape="rect", size_mm=15)
    assert rgba(big).height == px(15)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "王"}, "2-4 characters"),
        ({"name": "爱新觉罗溥仪"}, "2-4 characters"),
        ({"name": ""}, "must not be empty"),
        ({"name": "张三", "size_mm": 11}, "between 12 and 30 mm"),
        ({"name": "张三", "size_mm": 31}, "between 12 and 30 mm"),
        ({"name": "张三", "shape": "rect", "size_mm": 21}, "between 6 and 20 mm"),
        ({"name": "某" * 11, "shape": "rect"}, "at most 10"),
        ({"name": "张三", "shape": "oval"}, "'square' or 'rect'"),
    ],
)
def test_personal_seal_bad_input(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate_personal_seal(**kwargs)  # type: ignore[arg-type]


# --- imports ------------------------------------------------------------------------------


def noise(width: int, height: int, low: int, spread: int) -> Image.Image:
    """Deterministic grey noise, ``low`` to ``low + spread - 1``."""
    data = hashlib.shake_256(b"paper").digest(width * height)
    return Image.frombytes("L", (width, height), data).point(lambda v: low + v % spread)


def draw_seal(image: Image.Image, ink: tuple[int, ...], box: tuple[int, int, int, int]) -> None:
    draw = ImageDraw.Draw(image)
    x0, y0, x1, y1 = box
    cx, cy, r = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2
    draw.ellipse(box, outline=ink, width=max(2, int(r / 16)))
    star = [
        (
            cx + (r / 3 if i % 2 == 0 else r / 8) * math.sin(math.radians(36 * i)),
            cy - (r / 3 if i % 2 == 0 else r / 8) * math.cos(math.radians(36 * i)),
        )
        for i in range(10)
    ]
    draw.polygon(star, fill=ink)
    for k in range(6):  # strokes standing for the name
        phi = math.radians(-75 + 30 * k)
        x, y = cx + 0.7 * r * math.sin(phi), cy - 0.7 * r * math.cos(phi)
        draw.line((x - r / 12, y, x + r / 12, y), fill=ink, width=max(2, int(r / 40)))
        draw.line((x, y - r / 12, x, y + r / 12), fill=ink, width=max(2, int(r / 40)))


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def scan_jpeg() -> bytes:
    paper = noise(1200, 900, 236, 14)
    scan = Image.merge("RGB", (paper, paper, paper))
    draw_seal(scan, (25, 35, 95), (300, 150, 900, 750))  # dark blue ink
    return encode(scan, "JPEG", quality=85)


def timed(call: Callable[[], SealImage]) -> tuple[SealImage, float]:
    start = time.monotonic()
    result = call()
    return result, time.monotonic() - start


def test_import_a_scan() -> None:
    seal, seconds = timed(lambda: import_seal_image(scan_jpeg(), size_mm=42))
    assert seconds < 2
    image = rgba(seal)
    assert seal.svg is None and seal.dpi == 600
    # cropped to the seal's circle (601 px in the scan) and scaled to 42 mm at 600 dpi
    assert max(image.size) == px(42) and min(image.size) >= px(42) - 3
    assert seal.width_mm == pytest.approx(42, abs=0.15) and seal.height_mm == pytest.approx(
        42, abs=0.15
    )
    bbox = image.getchannel("A").point(lambda v: 255 if v >= 128 else 0).getbbox()
    assert bbox is not None
    assert bbox[0] <= 3 and bbox[1] <= 3
    assert bbox[2] >= image.width - 3 and bbox[3] >= image.height - 3
    assert red_share(image) > 0.95
    assert_transparent_corners(image)
    # the paper inside the ring is transparent, the ring and the star are ink
    assert ink_in(image, (-5, 9, 5, 16)) == 0
    assert alpha_at(image, 0, 0) >= 250
    assert alpha_at(image, -20.4, 0) >= 250
    # opaque share: the ring, star and strokes, not the paper
    histogram = image.getchannel("A").histogram()
    assert sum(histogram[1:]) / (image.width * image.height) < 0.35


def test_import_scales_to_the_chosen_size() -> None:
    seal = import_seal_image(scan_jpeg(), size_mm=40)
    assert max(rgba(seal).size) == px(40)
    with pytest.raises(ValueError, match="between 10 and 60 mm"):
        import_seal_image(scan_jpeg(), size_mm=61)


def test_import_gif() -> None:
    image = Image.new("P", (400, 300), 0)
    image.putpalette([255, 255, 255, 0, 0, 0] + [0] * 762)
    draw_seal(image, (1,), (100, 50, 300, 250))
    seal = import_seal_image(encode(image, "GIF"), size_mm=42)
    out = rgba(seal)
    assert max(out.size) == px(42)
    assert red_share(out) > 0.95
    assert alpha_at(out, 0, 0) == 255
    assert ink_in(out, (-5, 9, 5, 16)) == 0


def test_import_png_with_alpha() -> None:
    image = Image.new("RGBA", (500, 500), (0, 0, 0, 0))
    draw_seal(image, (200, 20, 30, 255), (50, 50, 450, 450))  # red ink, transparent paper
    seal = import_seal_image(encode(image, "PNG"), size_mm=38)
    out = rgba(seal)
    assert out.size == (px(38), px(38))
    assert red_share(out) > 0.95
    assert_transparent_corners(out)
    assert alpha_at(out, 0, 0) == 255
    assert ink_in(out, (-4, 8.5, 4, 14)) == 0


def a_png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def a_jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header claims ``width`` x ``height`` pixels."""
    data = bytearray(encode(Image.new("RGB", (32, 32), "white"), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def a_gif_claiming(width: int, height: int) -> bytes:
    """A small GIF whose screen and frame descriptors claim ``width`` x ``height``."""
    data = bytearray(encode(Image.new("L", (32, 32), 255), "GIF"))
    data[6:10] = struct.pack("<HH", width, height)
    frame = data.index(b"\x2c")  # image descriptor
    data[frame + 5 : frame + 9] = struct.pack("<HH", width, height)
    return bytes(data)


def blank_jpeg() -> bytes:
    paper = noise(800, 600, 238, 12)
    return encode(Image.merge("RGB", (paper, paper, paper)), "JPEG", quality=85)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: a_png_claiming(100_000, 100_000), "too_large"),  # Pillow: decompression bomb
        (lambda: a_png_claiming(10_000, 10_000), "too_large"),  # Pillow: bomb warning
        (lambda: a_png_claiming(9_000, 100), "too_large"),  # our limit, 8000 px either side
        (lambda: a_jpeg_claiming(60_000, 60_000), "too_large"),
        (lambda: a_gif_claiming(65_535, 65_535), "too_large"),
        (lambda: a_png_claiming(4_000, 4_000), "corrupt"),  # header fine, data missing
        (lambda: scan_jpeg()[: len(scan_jpeg()) // 2], "corrupt"),  # truncated JPEG
        (lambda: hashlib.shake_256(b"noise").digest(5000), "not_image"),
        (lambda: b"", "empty"),
        (lambda: b"GIF89a", "not_image"),
        (lambda: encode(Image.new("RGB", (400, 400), "white"), "GIF")[:100], "corrupt"),
        (lambda: encode(Image.new("RGB", (64, 64), "white"), "BMP"), "not_image"),
        (lambda: blank_jpeg(), "no_ink"),
        (lambda: encode(Image.new("RGB", (300, 300), (10, 10, 10)), "PNG"), "dark_background"),
        (lambda: encode(Image.new("RGB", (8, 8), "white"), "PNG"), "too_small"),
    ],
)
def test_import_refuses_hostile_or_unusable_images(make: Callable[[], bytes], reason: str) -> None:
    data = make()
    start = time.monotonic()
    with pytest.raises(SealImageError) as caught:
        import_seal_image(data)
    assert time.monotonic() - start < 1.0
    error = caught.value
    assert error.reason == reason
    assert error.message_zh and any("\u4e00" <= ch <= "\u9fff" for ch in error.message_zh)
    assert error.message_en and str(error) == error.message_en
    assert error.message("en") == error.message_en and error.message() == error.message_zh
