"""OFD rendering checked by pixels: hand-built pages where we know where everything must be,
the corpus (seal pictures inside their StampAnnots), and hostile input refused in bounded time."""

from __future__ import annotations

import io
import time

import pymupdf
import pytest
from PIL import Image

from sealdesk.signing.ofd.document import OfdDocument
from sealdesk.signing.ofd.package import OfdInputError
from sealdesk.signing.ofd.render import (
    load_document,
    path_operators,
    render_png,
    to_pdf,
    to_pdf_document,
)
from tests.conftest import interop_dir
from tests.ofd_factory import jpeg, ofd_bytes, ofd_members, png, zip_package
from tests.signing.test_seal_image import a_png_claiming

DPI = 50.8  # two pixels a millimetre: pixel (2x, 2y) is at (x mm, y mm)
RED = (255, 0, 0)
SONG = '<ofd:Fonts><ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts>'


def picture(data: bytes, page: int = 0, dpi: float = DPI) -> Image.Image:
    return Image.open(io.BytesIO(render_png(load_document(data), page, dpi=dpi))).convert("RGB")


def at(image: Image.Image, x_mm: float, y_mm: float) -> tuple[int, int, int]:
    rgb: tuple[int, int, int] = image.getpixel((round(x_mm * 2), round(y_mm * 2)))  # type: ignore[assignment]
    return rgb


def dark_share(image: Image.Image, box_mm: tuple[float, float, float, float]) -> float:
    """The share of dark pixels in a box (x0, y0, x1, y1 in mm)."""
    region = image.crop(tuple(round(v * 2) for v in box_mm)).convert("L")
    values = region.tobytes()
    return sum(1 for v in values if v < 128) / max(len(values), 1)


def reddish(rgb: tuple[int, int, int]) -> bool:
    r, g, b = rgb
    return r > 200 and g < 90 and b < 90


def rgb_pixels(image: Image.Image) -> list[tuple[int, int, int]]:
    raw = image.convert("RGB").tobytes()
    return [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]


def red_pixels(image: Image.Image, box_mm: tuple[float, float, float, float]) -> int:
    region = image.crop(tuple(round(v * 2) for v in box_mm))
    return sum(1 for p in rgb_pixels(region) if reddish(p))


def rect(x: float, y: float, w: float, h: float, extra: str = "", attrs: str = "") -> str:
    return (
        f'<ofd:PathObject ID="9" Boundary="{x} {y} {w} {h}" Fill="true" Stroke="false" {attrs}>'
        f"{extra}<ofd:AbbreviatedData>M 0 0 L {w} 0 L {w} {h} L 0 {h} C</ofd:AbbreviatedData>"
        "</ofd:PathObject>"
    )


# ----------------------------------------------------------------------------- text


def test_text_is_dark_where_the_text_code_puts_it() -> None:
    page = (
        '<ofd:TextObject ID="1" Boundary="20 20 100 12" Font="1" Size="10">'
        '<ofd:TextCode X="0" Y="9" DeltaX="g 2 20">国国国</ofd:TextCode></ofd:TextObject>'
    )
    image = picture(ofd_bytes([page], public_res=SONG, box="0 0 100 60"))
    # three glyphs at x = 20, 40, 60 (DeltaX "g 2 20"), each ~10 mm wide, 10 mm tall
    for x in (20, 40, 60):
        assert dark_share(image, (x, 20, x + 10, 30)) > 0.1, x
    for x in (31, 51, 71):  # the gaps between them stay white
        assert dark_share(image, (x, 20, x + 8, 30)) == 0, x
    assert dark_share(image, (0, 35, 100, 60)) == 0


def test_text_with_ctm_and_colour_and_a_missing_font() -> None:
    # no Font attribute at all: the CJK fallback draws it; the CTM scales by 2 and moves it
    page = (
        '<ofd:TextObject ID="1" Boundary="10 10 80 30" Size="5" CTM="2 0 0 2 0 0">'
        '<ofd:FillColor Value="0 0 255"/><ofd:TextCode X="0" Y="4.5">测试</ofd:TextCode>'
        "</ofd:TextObject>"
    )
    image = picture(ofd_bytes([page], box="0 0 100 50"))
    blue = [p for p in rgb_pixels(image.crop((20, 20, 60, 40))) if p[2] > 150 and p[0] < 100]
    assert len(blue) > 50
    assert dark_share(image, (0, 32, 100, 50)) == 0


# ----------------------------------------------------------------------------- paths


def test_path_stroke_fill_dash_and_arc() -> None:
    page = (
        '<ofd:PathObject ID="1" Boundary="10 10 80 2" LineWidth="1">'
        '<ofd:StrokeColor Value="255 0 0"/>'
        "<ofd:AbbreviatedData>M 0 1 L 80 1</ofd:AbbreviatedData></ofd:PathObject>"
        # a dashed line: 5 mm on, 5 mm off
        '<ofd:PathObject ID="2" Boundary="10 20 80 2" LineWidth="1" DashPattern="5 5">'
        "<ofd:AbbreviatedData>M 0 1 L 80 1</ofd:AbbreviatedData></ofd:PathObject>"
        # a filled circle from two arcs, radius 10, centre (50, 45)
        '<ofd:PathObject ID="3" Boundary="40 35 20 20" Fill="true" Stroke="false">'
        '<ofd:FillColor Value="0 128 0"/>'
        "<ofd:AbbreviatedData>M 0 10 A 10 10 0 1 1 20 10 A 10 10 0 1 1 0 10 C"
        "</ofd:AbbreviatedData></ofd:PathObject>"
    )
    image = picture(ofd_bytes([page], box="0 0 100 60"))
    assert all(reddish(at(image, x, 11)) for x in (12, 30, 50, 88))
    assert at(image, 50, 14) == (255, 255, 255)
    assert dark_share(image, (11, 20.5, 14, 21.5)) > 0.5  # first dash
    assert dark_share(image, (16, 20, 19, 22)) == 0  # first gap
    assert at(image, 50, 45)[1] > 100 and at(image, 50, 45)[0] < 50  # the circle's centre
    assert at(image, 58, 45)[1] > 100  # inside, near the edge
    assert at(image, 58, 37) == (255, 255, 255)  # the bounding box's corner is outside


def test_path_commands() -> None:
    assert path_operators("M 0 0 L 10 0 Q 10 10 0 10 C") == [
        "0 0 m",
        "10 0 l",
        "10 6.6667 6.6667 10 0 10 c",
        "h",
    ]
    assert path_operators("S 1 2 B 1 2 3 4 5 6", (2, 0, 0, 2, 1, 1)) == [
        "3 5 m",
        "3 5 7 9 11 13 c",
    ]
    with pytest.raises(OfdInputError):
        path_operators("M 0 0 X 1 1")
    with pytest.raises(OfdInputError):
        path_operators("M 0")


def test_ctm_rotates_a_path_and_alpha_blends() -> None:
    # a 40×10 bar, rotated 90° by its CTM: it becomes 10 wide and 40 tall
    page = rect(50, 10, 40, 10, '<ofd:FillColor Value="0 0 0"/>', 'CTM="0 1 -1 0 10 0"') + rect(
        10, 10, 20, 20, '<ofd:FillColor Value="255 0 0"/>', 'Alpha="128"'
    )
    image = picture(ofd_bytes([page], box="0 0 100 60"))
    assert at(image, 55, 40) == (0, 0, 0)  # inside the rotated bar
    assert at(image, 75, 15) == (255, 255, 255)  # where the unrotated bar would be
    r, g, b = at(image, 20, 20)
    assert r > 240 and 100 < g < 160 and 100 < b < 160  # half-transparent red on white


def test_draw_param_inheritance_from_the_layer() -> None:
    members = ofd_members(
        [rect(10, 10, 20, 20)],
        box="0 0 100 60",
        document_res='<ofd:DrawParams><ofd:DrawParam ID="5"><ofd:FillColor Value="0 0 255"/>'
        '</ofd:DrawParam><ofd:DrawParam ID="6" Relative="5" LineWidth="2"/></ofd:DrawParams>',
    )
    content = str(members["Doc_0/Pages/Page_0/Content.xml"])
    members["Doc_0/Pages/Page_0/Content.xml"] = content.replace(
        '<ofd:Layer ID="10">', '<ofd:Layer ID="10" DrawParam="6">'
    )
    image = picture(zip_package(members))
    assert at(image, 20, 20) == (0, 0, 255)


# ----------------------------------------------------------------------------- clips


def test_clip_keeps_only_the_clip_area() -> None:
    clip = (
        '<ofd:Clips><ofd:Clip><ofd:Area><ofd:Path Boundary="0 0 20 40">'
        "<ofd:AbbreviatedData>M 0 0 L 20 0 L 20 40 L 0 40 C</ofd:AbbreviatedData>"
        "</ofd:Path></ofd:Area></ofd:Clip></ofd:Clips>"
    )
    page = rect(10, 10, 40, 40, '<ofd:FillColor Value="255 0 0"/>' + clip)
    image = picture(ofd_bytes([page], box="0 0 100 60"))
    assert reddish(at(image, 20, 30))  # left half: inside the clip
    assert at(image, 40, 30) == (255, 255, 255)  # right half: clipped away
    assert reddish(at(image, 20, 45))


def test_text_clip() -> None:
    clip = (
        '<ofd:Clips><ofd:Clip><ofd:Area><ofd:Text Boundary="0 0 40 20" Size="18">'
        '<ofd:TextCode X="0" Y="16">田</ofd:TextCode></ofd:Text></ofd:Area></ofd:Clip>'
        "</ofd:Clips>"
    )
    page = rect(10, 10, 60, 30, '<ofd:FillColor Value="255 0 0"/>' + clip)
    image = picture(ofd_bytes([page], box="0 0 100 60"))
    assert red_pixels(image, (10, 10, 30, 30)) > 20  # the glyph's strokes
    assert red_pixels(image, (35, 10, 70, 40)) == 0  # beyond the glyph


# ----------------------------------------------------------------------------- images, templates


@pytest.mark.parametrize(
    ("data", "colour"),
    [
        (png(8, 8, (0, 0, 255)), (0, 0, 255)),
        (jpeg(16, 16, (0, 200, 0)), (0, 200, 0)),
        (png(8, 8, (255, 0, 0, 255), "RGBA"), RED),
    ],
)
def test_image_is_where_its_ctm_puts_it(data: bytes, colour: tuple[int, int, int]) -> None:
    page = '<ofd:ImageObject ID="2" Boundary="50 20 20 10" CTM="20 0 0 10 0 0" ResourceID="7"/>'
    image = picture(
        ofd_bytes(
            [page],
            box="0 0 100 60",
            document_res='<ofd:MultiMedias><ofd:MultiMedia ID="7" Type="Image">'
            "<ofd:MediaFile>pic</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias>",
            files={"Doc_0/Res/pic": data},
        )
    )
    assert all(abs(a - b) < 12 for a, b in zip(at(image, 60, 25), colour, strict=True))
    assert at(image, 45, 25) == (255, 255, 255)
    assert at(image, 60, 33) == (255, 255, 255)


def test_image_orientation_top_row_at_the_top() -> None:
    top_red = Image.new("RGB", (4, 4), (0, 0, 255))
    top_red.paste(RED, (0, 0, 4, 2))
    out = io.BytesIO()
    top_red.save(out, "PNG")
    page = '<ofd:ImageObject ID="2" Boundary="10 10 40 40" CTM="40 0 0 40 0 0" ResourceID="7"/>'
    image = picture(
        ofd_bytes(
            [page],
            box="0 0 60 60",
            document_res='<ofd:MultiMedias><ofd:MultiMedia ID="7"><ofd:MediaFile>p.png'
            "</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias>",
            files={"Doc_0/Res/p.png": out.getvalue()},
        )
    )
    assert reddish(at(image, 30, 15)) and at(image, 30, 45) == (0, 0, 255)


def test_templates_background_and_foreground() -> None:
    data = ofd_bytes(
        [rect(10, 10, 40, 40, '<ofd:FillColor Value="0 0 255"/>')],
        box="0 0 100 60",
        templates={
            90: rect(0, 0, 100, 60, '<ofd:FillColor Value="255 255 0"/>'),
            91: rect(20, 20, 10, 10, '<ofd:FillColor Value="255 0 0"/>'),
        },
        page_head=[
            '<ofd:Template TemplateID="90"/><ofd:Template TemplateID="91" ZOrder="Foreground"/>'
        ],
    )
    image = picture(data)
    assert at(image, 80, 50) == (255, 255, 0)  # background template
    assert at(image, 15, 15) == (0, 0, 255)  # the page over it
    assert at(image, 25, 25) == RED  # the foreground template over the page


def test_annotation_appearance_is_drawn() -> None:
    annot = (
        '<ofd:PageAnnot xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Annot Type="Stamp" ID="50">'
        '<ofd:Appearance Boundary="60 30 20 20">'
        + rect(0, 0, 20, 20, '<ofd:FillColor Value="255 0 0"/>')
        + "</ofd:Appearance></ofd:Annot>"
        '<ofd:Annot Type="Link" ID="51" Visible="false"><ofd:Appearance Boundary="0 0 20 20">'
        + rect(0, 0, 20, 20)
        + "</ofd:Appearance></ofd:Annot></ofd:PageAnnot>"
    )
    data = ofd_bytes(
        [""],
        box="0 0 100 60",
        document_extra="<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>",
        files={
            "Doc_0/Annots/Annotations.xml": '<ofd:Annotations xmlns:ofd="http://www.ofdspec.org'
            '/2016"><ofd:Page PageID="100"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc>'
            "</ofd:Page></ofd:Annotations>",
            "Doc_0/Annots/Page_0/Annotation.xml": annot,
        },
    )
    image = picture(data)
    assert at(image, 70, 40) == RED
    assert at(image, 10, 10) == (255, 255, 255)  # the invisible one


# ----------------------------------------------------------------------------- the corpus


def corpus_doc(name: str) -> OfdDocument:
    return load_document((interop_dir("ofd") / name).read_bytes())


def test_every_corpus_page_renders() -> None:
    for path in sorted(interop_dir("ofd").glob("*.ofd")):
        doc = load_document(path.read_bytes())
        for i in range(len(doc.pages)):
            image = Image.open(io.BytesIO(render_png(doc, i, dpi=30)))
            assert image.getbbox() is not None, (path.name, i)
            assert min(image.convert("L").tobytes()) < 128, (path.name, i)  # something drawn


@pytest.mark.parametrize(
    ("name", "page", "box"),
    [
        ("SESV4SignDoc.ofd", 0, (50, 50, 90, 90)),  # PNG seal
        ("999.ofd", 0, (90, 8, 120, 28)),  # the invoice's nested OFD seal
        ("n.ofd", 1, (122.94, 37, 155.94, 70)),  # V1 seal
    ],
)
def test_seal_picture_inside_its_stamp_annot(
    name: str, page: int, box: tuple[float, float, float, float]
) -> None:
    doc = corpus_doc(name)
    image = Image.open(io.BytesIO(render_png(doc, page, dpi=DPI))).convert("RGB")
    x0, y0, x1, y1 = box
    inside = red_pixels(image, box)
    assert inside > 0.05 * (x1 - x0) * (y1 - y0) * 4, inside
    around = red_pixels(image, (x0 - 15, y0, x0 - 1, y1)) + red_pixels(
        image, (x1 + 1, y0, x1 + 15, y1)
    )
    assert around < inside / 20


def test_invoice_text_and_qr_code() -> None:
    image = Image.open(io.BytesIO(render_png(corpus_doc("999.ofd"), 0, dpi=DPI))).convert("RGB")
    assert dark_share(image, (8.5, 3.5, 28.5, 23.5)) > 0.3  # the QR code picture
    assert dark_share(image, (164, 11.7, 178, 16)) > 0.05  # 12235358


def test_cross_page_slices_are_clipped() -> None:
    doc = corpus_doc("h.ofd")
    image = Image.open(io.BytesIO(render_png(doc, 0, dpi=DPI))).convert("RGB")
    # StampAnnot Boundary 202 128.5 40 40, Clip 0 0 8 40: only x 202..210 shows the seal
    assert red_pixels(image, (202, 128.5, 210, 168.5)) > 50
    assert red_pixels(image, (150, 128.5, 201, 168.5)) == 0


def test_embedded_fonts_draw_by_glyph_id() -> None:
    # ano.ofd: subset fonts whose characters are private-use codes, drawn through CGTransform
    image = Image.open(io.BytesIO(render_png(corpus_doc("ano.ofd"), 1, dpi=DPI))).convert("RGB")
    assert dark_share(image, (95, 27, 115, 33)) > 0.05  # the 目录 title
    assert dark_share(image, (30, 35, 60, 40)) > 0.005  # "1 开发环境"


def test_to_pdf_keeps_page_sizes_and_text() -> None:
    page = (
        '<ofd:TextObject ID="1" Boundary="20 20 100 12" Font="1" Size="10">'
        '<ofd:TextCode X="0" Y="9">电子印章 Seal</ofd:TextCode></ofd:TextObject>'
    )
    data = ofd_bytes(
        [page, page],
        public_res=SONG,
        page_head=["", "<ofd:Area><ofd:PhysicalBox>0 0 297 210</ofd:PhysicalBox></ofd:Area>"],
    )
    pdf = pymupdf.open(stream=to_pdf(load_document(data)), filetype="pdf")
    assert pdf.page_count == 2
    assert pdf[0].rect.width == pytest.approx(210 * 72 / 25.4, abs=0.1)
    assert pdf[1].rect.width == pytest.approx(297 * 72 / 25.4, abs=0.1)
    assert "电子印章" in pdf[0].get_text()


# ----------------------------------------------------------------------------- hostile input


def bounded(seconds: float):  # type: ignore[no-untyped-def]
    class Timer:
        def __enter__(self) -> None:
            self.start = time.perf_counter()

        def __exit__(self, *exc: object) -> None:
            assert time.perf_counter() - self.start < seconds

    return Timer()


def test_huge_page_is_refused() -> None:
    data = ofd_bytes([rect(0, 0, 10, 10)], box="0 0 1000000 1000000")
    with bounded(2), pytest.raises(OfdInputError) as e:
        picture(data)
    assert e.value.reason == "too_large"
    # a normal page at an absurd resolution is refused too, not allocated
    with bounded(2), pytest.raises(OfdInputError):
        render_png(load_document(ofd_bytes([""])), 0, dpi=4000)


def test_a_million_text_codes_are_refused_in_bounded_time() -> None:
    codes = '<ofd:TextCode X="1" Y="1">a</ofd:TextCode>' * 1_000_000
    page = f'<ofd:TextObject ID="1" Boundary="0 0 10 10" Size="3">{codes}</ofd:TextObject>'
    data = ofd_bytes([page])
    with bounded(30), pytest.raises(OfdInputError) as e:
        picture(data)
    assert e.value.reason == "too_large"


def test_deep_nesting_is_refused() -> None:
    page = "<ofd:PageBlock>" * 200 + rect(0, 0, 1, 1) + "</ofd:PageBlock>" * 200
    with bounded(2), pytest.raises(OfdInputError):
        picture(ofd_bytes([page]))


def _noise_png() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((128, 128), 80).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"this is no picture at all", "image"),
        (_noise_png()[:2000], "image"),  # truncated
        (a_png_claiming(50_000, 50_000), "too_large"),
    ],
)
def test_bad_pictures_are_input_errors(data: bytes, reason: str) -> None:
    page = '<ofd:ImageObject ID="2" Boundary="0 0 10 10" CTM="10 0 0 10 0 0" ResourceID="7"/>'
    doc = load_document(
        ofd_bytes(
            [page],
            document_res='<ofd:MultiMedias><ofd:MultiMedia ID="7"><ofd:MediaFile>x.png'
            "</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias>",
            files={"Doc_0/Res/x.png": data},
        )
    )
    with bounded(5), pytest.raises(OfdInputError) as e:
        to_pdf_document(doc)
    assert e.value.reason == reason


# ----------------------------------------------------------------------------- drawn right


def test_a_pattern_fill_is_not_drawn_as_its_first_colour() -> None:
    """A page-sized path filled with a tiled, 20 %-opaque "严禁复制" watermark pattern: the page
    must not turn black (the pattern's first colour at full opacity)."""
    pattern = (
        '<ofd:FillColor><ofd:Pattern Width="40" Height="20" ReflectMethod="Normal">'
        '<ofd:CellContent><ofd:TextObject ID="5" Boundary="0 0 40 20" Font="1" Size="8" '
        'Alpha="51"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="10">严禁复制'
        "</ofd:TextCode></ofd:TextObject></ofd:CellContent></ofd:Pattern></ofd:FillColor>"
    )
    text = (
        '<ofd:TextObject ID="3" Boundary="10 40 80 12" Font="1" Size="10">'
        '<ofd:TextCode X="0" Y="9">正文</ofd:TextCode></ofd:TextObject>'
    )
    image = picture(ofd_bytes([rect(0, 0, 100, 60, pattern) + text], public_res=SONG,
                              box="0 0 100 60"))  # fmt: skip
    assert dark_share(image, (0, 0, 100, 35)) < 0.05  # not black
    assert dark_share(image, (10, 40, 40, 52)) > 0.05  # the page's text still shows


def test_a_path_filled_without_a_colour_stays_transparent() -> None:
    """GB/T 33190: a path's fill colour defaults to transparent: the ⊗ of the national e-invoice
    is a circle and a cross, not a disc."""
    circle = (
        '<ofd:PathObject ID="4" Boundary="20 10 40 40" Fill="true" Stroke="true" LineWidth="1">'
        "<ofd:AbbreviatedData>M 0 20 A 20 20 0 1 1 40 20 A 20 20 0 1 1 0 20 C"
        "</ofd:AbbreviatedData></ofd:PathObject>"
    )
    image = picture(ofd_bytes([circle], box="0 0 100 60"))
    assert at(image, 40, 30) == (255, 255, 255)  # inside: not filled
    assert dark_share(image, (19, 28, 22, 32)) > 0.2  # the outline is drawn


def test_clips_with_transflag_are_in_the_objects_own_space() -> None:
    """A certificate's background picture clipped in its own (unit-square) space: the clip
    covers the picture, not a 1 mm corner of its Boundary."""
    page = (
        '<ofd:ImageObject ID="2" Boundary="10 10 60 40" CTM="60 0 0 40 0 0" ResourceID="7">'
        '<ofd:Clips TransFlag="true"><ofd:Clip><ofd:Area><ofd:Path Boundary="0 0 1 1">'
        "<ofd:AbbreviatedData>M 0 0 L 1 0 L 1 1 L 0 1 C</ofd:AbbreviatedData></ofd:Path>"
        "</ofd:Area></ofd:Clip></ofd:Clips></ofd:ImageObject>"
    )
    image = picture(
        ofd_bytes(
            [page],
            box="0 0 100 60",
            document_res='<ofd:MultiMedias><ofd:MultiMedia ID="7"><ofd:MediaFile>p.png'
            "</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias>",
            files={"Doc_0/Res/p.png": png(8, 8, (0, 0, 255))},
        )
    )
    assert at(image, 40, 30) == (0, 0, 255) and at(image, 65, 45) == (0, 0, 255)


def test_a_missing_picture_costs_the_picture_not_the_page(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A watermark picture under a wrong BaseLoc: found in the folder producers use; one that
    is nowhere is left out with a warning, and the rest of the page is drawn."""
    media = (
        '<ofd:MultiMedias><ofd:MultiMedia ID="7"><ofd:MediaFile>{}</ofd:MediaFile>'
        "</ofd:MultiMedia></ofd:MultiMedias>"
    )
    page = (
        '<ofd:ImageObject ID="2" Boundary="10 10 20 20" CTM="20 0 0 20 0 0" ResourceID="7"/>'
        + rect(50, 10, 20, 20, '<ofd:FillColor Value="255 0 0"/>')
    )
    misplaced = {"Doc_0/Pages/Page_0/Res/p.png": png(8, 8, (0, 0, 255))}
    elsewhere = ofd_bytes(
        [page], box="0 0 100 60", document_res=media.format("p.png"), files=misplaced
    )
    image = picture(elsewhere)
    assert at(image, 20, 20) == (0, 0, 255) and reddish(at(image, 60, 20))
    nowhere = ofd_bytes([page], box="0 0 100 60", document_res=media.format("gone.png"))
    doc = load_document(nowhere)
    image = Image.open(io.BytesIO(render_png(doc, 0, dpi=DPI))).convert("RGB")
    assert at(image, 20, 20) == (255, 255, 255) and reddish(at(image, 60, 20))
    assert any("gone.png" in zh for zh, _en in doc.warnings)
    from tests.conftest import run_cli

    path = tmp_path / "gone.ofd"
    path.write_bytes(nowhere)
    out = run_cli("ofd", "render", str(path), "-o", str(tmp_path / "p.png"), "--json")
    assert out.code == 0 and any("gone.png" in w for w in out.json["warnings"])
