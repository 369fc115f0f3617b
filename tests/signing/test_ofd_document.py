"""The OFD document model: the corpus and packages built by hand."""

from __future__ import annotations

import time
from xml.etree.ElementTree import Element

import pytest

from sealdesk.signing.ofd.document import OfdDocument, expand_deltas, layout_text_code, page_text
from sealdesk.signing.ofd.package import OfdInputError, OfdPackage
from tests.conftest import interop_dir
from tests.ofd_factory import make_ofd, ofd_bytes, png


def load(data: bytes) -> OfdDocument:
    return OfdDocument.load(OfdPackage.read(data))


def corpus(name: str) -> OfdDocument:
    return load((interop_dir("ofd") / name).read_bytes())


def test_invoice_model() -> None:
    doc = corpus("999.ofd")
    assert doc.document_path == "Doc_0/Document.xml"
    assert doc.max_unit_id == 789
    assert [p.id for p in doc.pages] == [10, 92, 271, 450, 629]
    assert [p.index for p in doc.pages] == [0, 1, 2, 3, 4]
    first = doc.pages[0]
    assert first.path == "Doc_0/Pages/Page_0/Content.xml"
    assert first.physical_box == (0.0, 0.0, 210.0, 140.0)
    assert [(u.template.id, u.zorder) for u in first.templates] == [(9, "Background")]
    assert first.templates[0].template.path == "Doc_0/Tpls/Tpl_0/Content.xml"
    assert doc.resources.media[6].file == "Doc_0/Res/qrcode.png"
    assert doc.resources.fonts[3].name == "宋体" and doc.resources.fonts[3].file is None
    assert doc.signatures_path == "Doc_0/Signs/Signatures.xml"
    (entry,) = doc.signatures
    assert (entry.id, entry.type, entry.path) == ("1", "Seal", "Doc_0/Signs/Sign_0/Signature.xml")
    assert doc.signature_value_path(entry) == "Doc_0/Signs/Sign_0/SignedValue.dat"
    (stamp,) = doc.stamps(entry)
    assert stamp.page_ref == 10 and stamp.boundary == (90.0, 8.0, 30.0, 20.0)
    assert doc.annotation_files == {10: ["Doc_0/Annots/Page_0/Annotation.xml"]}
    assert [a.path for a in doc.attachments] == ["Doc_0/Attachs/original_invoice.xml"]
    assert [t.path for t in doc.custom_tags] == ["Doc_0/Tags/Tag_Invoice.xml"]
    text = {r.text for r in page_text(doc, first)}
    assert "发票代码：" in text  # from the template
    assert "12235358" in text  # from the page
    run = next(r for r in page_text(doc, first) if r.text == "12235358")
    # Boundary 164 11.7, X 0, Y 4.0875, size 3.175, DeltaX g 7 1.5875
    assert run.box[0] == pytest.approx(164)
    assert run.chars[1][0] == pytest.approx(164 + 1.5875)
    assert run.box[1] < 11.7 + 4.0875 < run.box[1] + run.box[3]


def test_cross_page_stamps_and_no_signatures() -> None:
    doc = corpus("h.ofd")
    stamps = doc.stamps(doc.signatures[0])
    assert [s.page_ref for s in stamps] == [1, 21, 43, 63, 83]
    assert stamps[1].clip == (8.0, 0.0, 8.0, 40.0)
    assert corpus("helloworld.ofd").signatures_path is None


def test_annotation_paths_absolute_and_relative() -> None:
    doc = corpus("ano.ofd")
    assert doc.annotation_files[1] == ["Doc_0/Pages/Page_0/Annotation.xml"]  # written "/Doc_0/…"
    assert doc.annotation_files[2] == ["Doc_0/Pages/Page_1/Annotation.xml"]  # relative
    assert doc.pages[0].annotation_paths == ["Doc_0/Pages/Page_0/Annotation.xml"]
    assert doc.resources.fonts[84].file == "Doc_0/Res/font_84_84.cff"


def test_member_names_differing_in_case() -> None:
    # WPS writes "DOC_0/Res/Image_4.JPEG" but the resources say "Doc_0/Res"
    doc = corpus("containsJPEG.ofd")
    assert doc.resources.media[4].file == "DOC_0/Res/Image_4.JPEG"
    assert doc.pages[0].physical_box == (0.0, 0.0, 209.9623, 296.9381)


@pytest.mark.parametrize("prefix", ["ofd:", ""])
def test_hand_built_with_and_without_namespace_prefix(prefix: str) -> None:
    data = ofd_bytes(
        [
            '<ofd:TextObject ID="1" Boundary="10 20 100 10" Font="1" Size="5">'
            '<ofd:TextCode X="2" Y="5" DeltaX="g 2 5 1">ABCD</ofd:TextCode>'
            '<ofd:TextCode DeltaX="4">EF</ofd:TextCode></ofd:TextObject>',
            '<ofd:TextObject ID="2" Boundary="0 0 50 50" Size="10" CTM="0 1 -1 0 50 0">'
            '<ofd:TextCode X="10" Y="10">R</ofd:TextCode></ofd:TextObject>',
        ],
        prefix=prefix,
        box="0 0 100 200",
        page_head=["", "<ofd:Area><ofd:PhysicalBox>0 0 300 400</ofd:PhysicalBox></ofd:Area>"],
        public_res='<ofd:Fonts><ofd:Font ID="1" FontName="F"><ofd:FontFile>/Doc_0/f.ttf'
        "</ofd:FontFile></ofd:Font></ofd:Fonts>",
        document_res='<ofd:MultiMedias><ofd:MultiMedia ID="7"><ofd:MediaFile>../img.png'
        "</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias>",
        files={"Doc_0/img.png": png(2, 2, (0, 0, 0))},
    )
    doc = load(data)
    assert doc.resources.fonts[1].file == "Doc_0/f.ttf"
    assert doc.resources.media[7].file == "Doc_0/img.png"  # Res/../img.png
    assert doc.pages[0].physical_box == (0.0, 0.0, 100.0, 200.0)
    assert doc.pages[1].physical_box == (0.0, 0.0, 300.0, 400.0)
    runs = page_text(doc, doc.pages[0])
    assert [r.text for r in runs] == ["ABCD", "EF"]
    assert [c[0] for c in runs[0].chars] == pytest.approx([12, 17, 22, 23])
    # the second TextCode continues after D (no X): D at 23, then one em (size 5)
    assert [c[0] for c in runs[1].chars] == pytest.approx([28, 32])
    vertical = Element("TextCode", X="1", Y="2", DeltaY="5 5")
    vertical.text = "购买方"
    placed, _, _ = layout_text_code(vertical, default_advance=lambda _c: 3.0)
    assert [(gx, gy) for _c, gx, gy in placed] == [(1, 2), (1, 7), (1, 12)]
    # rotated by 90°: (10, 10) → (-10 + 50, 10)
    (rotated,) = page_text(doc, doc.pages[1])
    assert rotated.box[0] < 40 < rotated.box[0] + rotated.box[2]
    assert rotated.box[1] == pytest.approx(10)


def test_repeat_syntax() -> None:
    assert expand_deltas("g 3 1.5 2 g 2 7", 6, what="DeltaX") == [1.5, 1.5, 1.5, 2.0, 7.0, 7.0]
    assert expand_deltas("1", 3, what="DeltaX") == [1.0, None, None]
    start = time.perf_counter()
    assert expand_deltas("g 1000000000 1", 2, what="DeltaX") == [1.0, 1.0]
    assert time.perf_counter() - start < 0.1
    with pytest.raises(OfdInputError):
        expand_deltas("g x", 2, what="DeltaX")


@pytest.mark.parametrize(
    "page",
    [
        '<ofd:TextObject ID="1" Boundary="a b c d" Size="3"><ofd:TextCode X="0" Y="0">x'
        "</ofd:TextCode></ofd:TextObject>",
        '<ofd:TextObject ID="1" Boundary="0 0 1 1" Size="3"><ofd:TextCode X="nan" Y="0">x'
        "</ofd:TextCode></ofd:TextObject>",
        '<ofd:TextObject ID="1" Boundary="0 0 1 1" Size="3" CTM="1 0 0"><ofd:TextCode X="0" '
        'Y="0">x</ofd:TextCode></ofd:TextObject>',
        "<ofd:PageBlock>" * 100 + "</ofd:PageBlock>" * 100,
    ],
)
def test_malformed_numbers_and_nesting_are_input_errors(page: str) -> None:
    doc = load(ofd_bytes([page]))
    with pytest.raises(OfdInputError):
        page_text(doc, doc.pages[0])


def test_missing_document_and_bad_page_id() -> None:
    with pytest.raises(OfdInputError):
        load(ofd_bytes([], body_extra="", files={"OFD.xml": "<OFD><DocBody/></OFD>"}))
    members = ofd_bytes([""], files={})
    doc = load(members)
    assert doc.pages[0].id == 100


def test_large_document_loads_lazily() -> None:
    data = make_ofd(400)
    package = OfdPackage.read(data)
    doc = OfdDocument.load(package)
    assert len(doc.pages) == 400 and doc.pages[399].id == 499
    assert not any("root" in page.__dict__ for page in doc.pages)  # no page parsed yet
    assert "Report 0400" in "".join(r.text for r in page_text(doc, doc.pages[399]))
