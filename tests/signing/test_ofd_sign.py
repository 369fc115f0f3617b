"""Signing OFD documents: seal signatures and digital signatures, placed, cross-page, by keyword.

Every signed package is checked by our verifier and by an independent minimal check written
here (CheckValues recomputed from the zip, dataHash, SM2 by OpenSSL), so our verifier is not
the only judge.
"""

from __future__ import annotations

import base64
import hashlib
import io
import itertools
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as ET
import pytest
from asn1crypto import x509

from sealdesk.app.batch import sign_batch
from sealdesk.app.demo import DEMO_SEAL_NAME, DemoKey
from sealdesk.signing.errors import OfdSignError
from sealdesk.signing.jobs import (
    CrossPage,
    Placement,
    QrSpec,
    SealPicture,
    SignOptions,
)
from sealdesk.signing.ofd.package import OfdInputError
from sealdesk.signing.ofd.sign import sign_ofd
from sealdesk.signing.ofd.verify import verify_ofd
from sealdesk.signing.seal_image import SealStyle, generate_official_seal
from sealdesk.signing.seals import build_seal
from sealdesk.signing.ses import SESSignatureV4, parse_seal
from sealdesk.signing.softkey import SoftKeySigner, load_certificate
from sealdesk.ukey import Token
from tests.conftest import require
from tests.ofd_factory import make_ofd, zip_package

NS = {"ofd": "http://www.ofdspec.org/2016"}
DISTID = "distid:1234567812345678"


@pytest.fixture(scope="module")
def unit(demo_key: DemoKey) -> SoftKeySigner:
    return SoftKeySigner.from_files(demo_key.unit_sm2_key, demo_key.unit_sm2_cert, None)


@pytest.fixture
def seal(token: Token) -> SealPicture:
    with token.session() as session:
        der = session.read_data(DEMO_SEAL_NAME)
    s = parse_seal(der)
    return SealPicture(s.picture, s.picture_width_mm, s.picture_height_mm, s.name, der)


@pytest.fixture(scope="module")
def roots(demo_key: DemoKey) -> list[bytes]:
    return [(demo_key.pki / "sm2-root-ca.pem").read_bytes()]


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def rezip(files: dict[str, bytes]) -> bytes:
    return zip_package(dict(files.items()))


def independent_check(data: bytes, sign_dir: str, tmp_path: Path) -> Element:
    """Recompute what a seal signature claims without our verifier; returns Signature.xml."""
    files = members(data)
    signature_xml = files[f"{sign_dir}/Signature.xml"]
    root = ET.fromstring(signature_xml)
    refs = root.find("ofd:SignedInfo/ofd:References", NS)
    assert refs is not None and refs.get("CheckMethod") == "1.2.156.10197.1.401"
    covered = set()
    for ref in refs.findall("ofd:Reference", NS):
        name = ref.get("FileRef", "").lstrip("/")
        covered.add(name)
        value = base64.b64decode(ref.findtext("ofd:CheckValue", "", NS))
        assert hashlib.new("sm3", files[name]).digest() == value, name
    left_out = set(files) - covered
    assert left_out == {
        f"{sign_dir}/Signature.xml",
        f"{sign_dir}/SignedValue.dat",
        "Doc_0/Signs/Signatures.xml",
    }
    signature = SESSignatureV4.load(files[f"{sign_dir}/SignedValue.dat"])
    tbs = signature["toSign"]
    assert bytes(tbs["dataHash"].native) == hashlib.new("sm3", signature_xml).digest()
    assert tbs["propertyInfo"].native == f"/{sign_dir}/Signature.xml"
    assert files[f"{sign_dir}/Seal.esl"] == tbs["eseal"].dump()
    require(shutil.which("openssl") is not None, "openssl 3")
    cert = x509.Certificate.load(signature["cert"].native)
    (tmp_path / "cert.der").write_bytes(cert.dump())
    (tmp_path / "tbs").write_bytes(tbs.dump())
    (tmp_path / "sig").write_bytes(bytes(signature["signature"].native))
    subprocess.run(
        [
            "openssl",
            "x509",
            "-inform",
            "DER",
            "-in",
            "cert.der",
            "-pubkey",
            "-noout",
            "-out",
            "pub.pem",
        ],
        cwd=tmp_path,
        check=True,
    )
    verified = subprocess.run(
        [
            "openssl",
            "dgst",
            "-sm3",
            "-verify",
            "pub.pem",
            "-sigopt",
            DISTID,
            "-signature",
            "sig",
            "tbs",
        ],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert b"Verified OK" in verified.stdout, verified.stderr
    return root


def stamp_annots(root: Element) -> list[dict[str, str]]:
    return [dict(e.attrib) for e in root.findall("ofd:SignedInfo/ofd:StampAnnot", NS)]


def test_seal_signature_placed_verifies_here_and_independently(
    unit: SoftKeySigner, seal: SealPicture, roots: list[bytes], tmp_path: Path
) -> None:
    source = make_ofd(3)
    signed = sign_ofd(
        source, signer=unit, options=SignOptions(seal=seal, placements=[Placement(2, 30, 40)])
    )
    report = verify_ofd(signed, trust_roots=roots)
    assert report.verdict == "valid", report.to_json("en")
    (result,) = report.signatures
    assert result.kind == "Seal" and result.intact and result.covers_whole_document
    assert result.seal_name == seal.name and result.trusted
    root = independent_check(signed, "Doc_0/Signs/Sign_0", tmp_path)
    (annot,) = stamp_annots(root)
    assert annot["PageRef"] == "101"  # the second page's object ID
    assert [float(v) for v in annot["Boundary"].split()] == pytest.approx(
        [30, 40, seal.width_mm, seal.height_mm]
    )
    # every member of the input is still there, byte for byte, but OFD.xml
    before, after = members(source), members(signed)
    assert {n: after[n] for n in before if n != "OFD.xml"} == {
        n: v for n, v in before.items() if n != "OFD.xml"
    }
    assert b"<ofd:Signatures>/Doc_0/Signs/Signatures.xml</ofd:Signatures>" in after["OFD.xml"]


def test_second_signature_leaves_the_first_intact(
    unit: SoftKeySigner, seal: SealPicture, roots: list[bytes], tmp_path: Path
) -> None:
    once = sign_ofd(
        make_ofd(2), signer=unit, options=SignOptions(seal=seal, placements=[Placement(1, 10, 10)])
    )
    twice = sign_ofd(
        once, signer=unit, options=SignOptions(seal=seal, placements=[Placement(2, 100, 200)])
    )
    report = verify_ofd(twice, trust_roots=roots)
    assert [s.verdict for s in report.signatures] == ["valid", "valid"], report.to_json("en")
    assert [s.id for s in report.signatures] == ["s001", "s003"]  # s002 is the first's stamp
    independent_check(twice, "Doc_0/Signs/Sign_1", tmp_path)
    listing = ET.fromstring(members(twice)["Doc_0/Signs/Signatures.xml"])
    assert listing.findtext("ofd:MaxSignId", "", NS) == "s004"


def test_cross_page_strips_cover_the_seal_once(
    unit: SoftKeySigner, seal: SealPicture, roots: list[bytes], tmp_path: Path
) -> None:
    signed = sign_ofd(
        make_ofd(5),
        signer=unit,
        options=SignOptions(seal=seal, cross_page=CrossPage("right", first=2, last=5)),
    )
    assert verify_ofd(signed, trust_roots=roots).verdict == "valid"
    annots = stamp_annots(independent_check(signed, "Doc_0/Signs/Sign_0", tmp_path))
    assert [a["PageRef"] for a in annots] == ["101", "102", "103", "104"]
    strip = seal.width_mm / 4
    for i, a in enumerate(annots):
        x, y, w, h = (float(v) for v in a["Boundary"].split())
        cx, cy, cw, ch = (float(v) for v in a["Clip"].split())
        assert cy == 0
        assert (w, h) == pytest.approx((seal.width_mm, seal.height_mm), abs=1e-3)
        assert (cx, cw, ch) == pytest.approx((i * strip, strip, h), abs=1e-3)
        assert x + cx + cw == pytest.approx(210, abs=1e-3)  # the strip ends at the right edge
        assert y == pytest.approx((297 - h) / 2, abs=1e-3)


@pytest.mark.parametrize(
    ("edge", "group", "sizes"),
    [("right", None, [8, 8, 7]), ("bottom", 4, [4, 4, 4, 4, 4, 3])],
    ids=["right-auto", "bottom-by-4"],
)
def test_cross_page_on_a_long_document_is_stamped_in_groups_of_whole_seals(
    unit: SoftKeySigner,
    seal: SealPicture,
    roots: list[bytes],
    tmp_path: Path,
    edge: str,
    group: int | None,
    sizes: list[int],
) -> None:
    """23 pages with a 42 mm seal: groups of whole seals whose strips are at least 4 mm, in
    one seal signature; the groups reported are the ones stamped."""
    heard: list[Any] = []
    spec = CrossPage(edge, group=group)  # type: ignore[arg-type]
    signed = sign_ofd(
        make_ofd(23),
        signer=unit,
        options=SignOptions(seal=seal, cross_page=spec),
        on_cross_page=heard.extend,
    )
    report = verify_ofd(signed, trust_roots=roots)
    assert report.verdict == "valid" and len(report.signatures) == 1
    annots = stamp_annots(independent_check(signed, "Doc_0/Signs/Sign_0", tmp_path))
    assert [a["PageRef"] for a in annots] == [str(100 + n) for n in range(23)]
    assert [len(g.pages) for g in heard] == sizes
    along = 0 if edge == "right" else 1  # the clip's axis that is cut into strips
    extent = (seal.width_mm, seal.height_mm)[along]
    start = 0
    for size in sizes:
        cuts = []
        for a in annots[start : start + size]:
            clip = [float(v) for v in a["Clip"].split()]
            assert clip[2 + along] >= 4.0  # a strip a person sees
            cuts.append((clip[along], clip[along] + clip[2 + along]))
        # the group's strips follow each other and together are the whole seal, once
        assert cuts[0][0] == pytest.approx(0, abs=1e-3)
        assert all(a[1] == pytest.approx(b[0], abs=1e-3) for a, b in itertools.pairwise(cuts))
        assert cuts[-1][1] == pytest.approx(extent, abs=1e-3)
        start += size


def test_cross_page_needs_two_pages(unit: SoftKeySigner, seal: SealPicture) -> None:
    with pytest.raises(OfdSignError) as e:
        sign_ofd(make_ofd(1), signer=unit, options=SignOptions(seal=seal, cross_page=CrossPage()))
    assert e.value.reason == "cross_page" and "两页" in e.value.message("zh")


def test_keyword_centres_the_seal(
    unit: SoftKeySigner, seal: SealPicture, roots: list[bytes], tmp_path: Path
) -> None:
    signed = sign_ofd(
        make_ofd(2),
        signer=unit,
        options=SignOptions(seal=seal, keyword="第2页第3行", occurrence="all"),
    )
    assert verify_ofd(signed, trust_roots=roots).verdict == "valid"
    (annot,) = stamp_annots(independent_check(signed, "Doc_0/Signs/Sign_0", tmp_path))
    x, y, w, h = (float(v) for v in annot["Boundary"].split())
    assert annot["PageRef"] == "101"
    # the factory writes line 3 at y 56..62 mm, from x 20 mm, 4.2 mm per character
    assert y + h / 2 == pytest.approx(56 + 4.5 - 4.2 / 2, abs=2.5)
    assert x + w / 2 == pytest.approx(20 + 5 * 4.2 / 2, abs=2.5)
    with pytest.raises(OfdSignError) as e:
        sign_ofd(make_ofd(1), signer=unit, options=SignOptions(seal=seal, keyword="不存在的词"))
    assert e.value.reason == "keyword" and "不存在的词" in e.value.message("zh")


def test_digital_signature_type_sign(unit: SoftKeySigner, roots: list[bytes]) -> None:
    signed = sign_ofd(make_ofd(2), signer=unit, options=SignOptions())
    report = verify_ofd(signed, trust_roots=roots)
    assert report.verdict == "valid", report.to_json("en")
    assert report.signatures[0].kind == "Sign" and report.signatures[0].signature_valid
    files = members(signed)
    value = bytearray(files["Doc_0/Signs/Sign_0/SignedValue.dat"])
    value[-5] ^= 1  # inside the signature value
    files["Doc_0/Signs/Sign_0/SignedValue.dat"] = bytes(value)
    assert verify_ofd(rezip(files), trust_roots=roots).verdict == "invalid"


def _openssl_pkcs9(signature_xml: bytes, demo_key: DemoKey, tmp_path: Path) -> bytes:
    """A GB/T 35275 SignedData in the PKCS#9 form (content detached, messageDigest = SM3 of
    Signature.xml) whose signature OpenSSL makes over the DER signed attributes: built here,
    not by our producer."""
    from asn1crypto import cms
    from asn1crypto import x509 as asn1_x509

    require(shutil.which("openssl") is not None, "openssl 3")
    cert = asn1_x509.Certificate.load(load_certificate(demo_key.unit_sm2_cert.read_bytes()))
    attrs = cms.CMSAttributes(
        [
            {"type": "content_type", "values": ["1.2.156.10197.6.1.4.2.1"]},
            {"type": "message_digest", "values": [hashlib.new("sm3", signature_xml).digest()]},
        ]
    )
    (tmp_path / "attrs.der").write_bytes(attrs.dump())
    subprocess.run(
        ["openssl", "pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-inkey",
         str(demo_key.unit_sm2_key), "-pkeyopt", DISTID, "-in", "attrs.der", "-out", "sig"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )  # fmt: skip
    sm3 = {"algorithm": "1.2.156.10197.1.401"}
    data = cms.SignedData(
        {
            "version": "v1",
            "digest_algorithms": [sm3],
            "encap_content_info": {"content_type": "1.2.156.10197.6.1.4.2.1"},
            "certificates": [cert],
            "signer_infos": [
                {
                    "version": "v1",
                    "sid": cms.SignerIdentifier(
                        name="issuer_and_serial_number",
                        value={"issuer": cert.issuer, "serial_number": cert.serial_number},
                    ),
                    "digest_algorithm": sm3,
                    "signed_attrs": attrs,
                    "signature_algorithm": {"algorithm": "1.2.156.10197.1.501"},
                    "signature": (tmp_path / "sig").read_bytes(),
                }
            ],
        }
    )
    # PKCS#7's signedData type around GM data, as several producers write it
    return bytes(cms.ContentInfo({"content_type": "signed_data", "content": data}).dump())


@pytest.mark.parametrize("producer", ["ours", "openssl"])
def test_digital_signature_in_the_pkcs9_form_is_valid(
    producer: str, unit: SoftKeySigner, roots: list[bytes], demo_key: DemoKey, tmp_path: Path
) -> None:
    """GB/T 35275 in the PKCS#9 form (messageDigest = SM3(Signature.xml), content detached), as
    ofdrw's GBT35275PKCS9DSContainer and common e-seal products write it: valid, and still
    caught when Signature.xml changes."""
    from sealdesk.signing.gmcms import signed_data

    signed = sign_ofd(make_ofd(2), signer=unit, options=SignOptions())
    files = members(signed)
    signature_xml = files["Doc_0/Signs/Sign_0/Signature.xml"]
    digest = hashlib.new("sm3", signature_xml).digest()
    files["Doc_0/Signs/Sign_0/SignedValue.dat"] = (
        signed_data(unit, digest, pkcs9=True)
        if producer == "ours"
        else _openssl_pkcs9(signature_xml, demo_key, tmp_path)
    )
    report = verify_ofd(rezip(files), trust_roots=roots)
    assert report.verdict == "valid", report.to_json("en")
    assert report.signatures[0].kind == "Sign" and report.signatures[0].signature_valid
    files["Doc_0/Signs/Sign_0/Signature.xml"] = signature_xml.replace(b"</", b" </", 1)
    assert verify_ofd(rezip(files), trust_roots=roots).verdict == "invalid"


@pytest.mark.parametrize(
    "member",
    [
        "Doc_0/Pages/Page_0/Content.xml",
        "Doc_0/Res/image_1.png",
        "Doc_0/Signs/Sign_0/Seal.esl",
        "Doc_0/Signs/Sign_0/Signature.xml",
        "Doc_0/Document.xml",
    ],
)
def test_tampering_is_caught(
    unit: SoftKeySigner, seal: SealPicture, roots: list[bytes], member: str
) -> None:
    signed = sign_ofd(
        make_ofd(2), signer=unit, options=SignOptions(seal=seal, placements=[Placement(1, 10, 10)])
    )
    files = members(signed)
    content = bytearray(files[member])
    content[len(content) // 2] ^= 0x01
    files[member] = bytes(content)
    report = verify_ofd(rezip(files), trust_roots=roots)
    assert report.verdict == "invalid", (member, report.to_json("en"))


def test_a_file_added_after_signing_is_named(
    unit: SoftKeySigner, seal: SealPicture, roots: list[bytes]
) -> None:
    signed = sign_ofd(make_ofd(1), signer=unit, options=SignOptions(seal=seal))
    files = members(signed)
    files["Doc_0/Res/extra.png"] = b"not protected"
    (result,) = verify_ofd(rezip(files), trust_roots=roots).signatures
    assert not result.covers_whole_document and result.verdict == "indeterminate"
    assert any("the image extra.png" in r.en for r in result.reasons)  # in words
    assert result.unprotected_files == ("Doc_0/Res/extra.png",)  # the path in the details


def test_seal_of_another_unit_is_refused(
    unit: SoftKeySigner, demo_key: DemoKey, seal: SealPicture
) -> None:
    maker = SoftKeySigner.from_files(demo_key.maker_key, demo_key.maker_cert, None)
    image = generate_official_seal(style=SealStyle.OFFICIAL, name="别的单位有限公司")
    other = build_seal(
        maker=maker,
        name="别的单位有限公司公章",
        seal_type=1,
        picture=image.png,
        picture_type="png",
        width_mm=42,
        height_mm=42,
        signer_certs=[maker.certificate],
        valid_from=parse_seal(seal.seal_der or b"").valid_from,  # type: ignore[arg-type]
        valid_to=parse_seal(seal.seal_der or b"").valid_to,  # type: ignore[arg-type]
    )
    picture = SealPicture(image.png, 42, 42, "别的单位有限公司公章", other)
    with pytest.raises(OfdSignError) as e:
        sign_ofd(make_ofd(1), signer=unit, options=SignOptions(seal=picture))
    assert e.value.reason == "seal_signer"


def test_batch_writes_atomically_and_reports_bad_files(
    unit: SoftKeySigner, seal: SealPicture, tmp_path: Path
) -> None:
    good = tmp_path / "good.ofd"
    good.write_bytes(make_ofd(2))
    bomb = tmp_path / "hostile.ofd"
    bomb.write_bytes(zip_package({"../evil.xml": "<x/>", "OFD.xml": "<x/>"}))
    before = good.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    results = sign_batch(
        [(good, out / "good.ofd"), (bomb, out / "hostile.ofd")],
        signer=unit,
        runs=[SignOptions(seal=seal, placements=[Placement(1, 20, 20)])],
    )
    assert [r.ok for r in results] == [True, False]
    assert isinstance(results[1].error, OfdInputError)
    assert good.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["good.ofd"]


def red_pixels(png: bytes, box_mm: tuple[float, float, float, float], dpi: float) -> float:
    """The share of seal-red pixels inside ``box_mm`` (x, y, w, h) of a rendered page."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        rgb = img.convert("RGB")
    k = dpi / 25.4
    x, y, w, h = box_mm
    crop = rgb.crop((round(x * k), round(y * k), round((x + w) * k), round((y + h) * k)))
    raw = crop.tobytes()
    pixels = [raw[i : i + 3] for i in range(0, len(raw), 3)]
    red = sum(1 for r, g, b in pixels if r > 150 and g < 110 and b < 110)
    return red / max(len(pixels), 1)


def test_rendered_seal_sits_where_placed(unit: SoftKeySigner, seal: SealPicture) -> None:
    from sealdesk.signing.ofd.render import load_document, render_png

    signed = sign_ofd(
        make_ofd(1),
        signer=unit,
        options=SignOptions(seal=seal, placements=[Placement(1, 120, 200)]),
    )
    png = render_png(load_document(signed), 0, dpi=100)
    w, h = seal.width_mm, seal.height_mm
    assert red_pixels(png, (120, 200, w, h), 100) > 0.05  # the seal's ring and text
    assert red_pixels(png, (120 - w - 2, 200, w, h), 100) == 0  # nothing red beside it
    assert red_pixels(png, (120, 200 - h - 2, w, h), 100) == 0


def test_rendered_cross_page_strips_sit_at_the_edge(unit: SoftKeySigner, seal: SealPicture) -> None:
    from sealdesk.signing.ofd.render import load_document, render_png

    signed = sign_ofd(
        make_ofd(3), signer=unit, options=SignOptions(seal=seal, cross_page=CrossPage("right"))
    )
    doc = load_document(signed)
    strip = seal.width_mm / 3
    top = (297 - seal.height_mm) / 2
    for index in range(3):
        png = render_png(doc, index, dpi=100)
        assert red_pixels(png, (210 - strip, top, strip, seal.height_mm), 100) > 0.02
        # the clip keeps the rest of the seal off the page
        assert red_pixels(png, (210 - strip - 12, top, 10, seal.height_mm), 100) == 0


def test_picture_without_seal_is_a_digital_signature_with_annotations(
    unit: SoftKeySigner, seal: SealPicture, roots: list[bytes]
) -> None:
    from sealdesk.signing.ofd.render import load_document, render_png

    picture = SealPicture(seal.png, seal.width_mm, seal.height_mm)  # no seal behind it
    places = [Placement(1, 30, 40), Placement(1, 120, 200), Placement(2, 60, 60)]
    signed = sign_ofd(
        make_ofd(2), signer=unit, options=SignOptions(seal=picture, placements=places)
    )
    (result,) = verify_ofd(signed, trust_roots=roots).signatures
    assert (result.kind, result.verdict, result.covers_whole_document) == ("Sign", "valid", True)
    doc = load_document(signed)
    w, h = seal.width_mm, seal.height_mm
    first, second = render_png(doc, 0, dpi=100), render_png(doc, 1, dpi=100)
    assert red_pixels(first, (30, 40, w, h), 100) > 0.05
    assert red_pixels(first, (120, 200, w, h), 100) > 0.05
    assert red_pixels(second, (60, 60, w, h), 100) > 0.05
    assert red_pixels(second, (20, 230, w, h), 100) == 0  # a blank corner
    # the annotations are protected: editing one breaks the signature
    files = members(signed)
    (annot,) = [n for n in files if n.endswith("Page_0/Annotation.xml")]
    files[annot] = files[annot].replace(b'Boundary="30 40', b'Boundary="31 40')
    assert verify_ofd(rezip(files), trust_roots=roots).verdict == "invalid"
    # a signed document keeps its signatures: no picture-only appearance on it
    with pytest.raises(OfdSignError) as e:
        sign_ofd(signed, signer=unit, options=SignOptions(seal=picture, placements=places))
    assert e.value.reason == "image_on_signed"


def test_timestamped_seal_signature(
    unit: SoftKeySigner, seal: SealPicture, roots: list[bytes], demo_key: DemoKey
) -> None:
    from sealdesk.signing.demo_pki import make_root_ca
    from tests.tsa import make_tsa, tsa_server

    ca = make_root_ca("SealDesk Test TSA Root")
    with tsa_server(make_tsa(ca)) as url:
        signed = sign_ofd(make_ofd(1), signer=unit, options=SignOptions(seal=seal, tsa_url=url))
    (untrusted,) = verify_ofd(signed, trust_roots=roots).signatures
    assert untrusted.verdict == "indeterminate" and untrusted.time_source == "claimed"
    assert any(r.code == "timestamp_untrusted" for r in untrusted.reasons)
    (proved,) = verify_ofd(signed, trust_roots=[*roots, ca.certificate_pem]).signatures
    assert (proved.verdict, proved.time_source) == ("valid", "timestamp"), proved.reasons
    # the token covers this signature value and no other
    files = members(signed)
    value = bytearray(files["Doc_0/Signs/Sign_0/SignedValue.dat"])
    tst_info = value.rfind(b"\x06\x0b\x2a\x86\x48\x86\xf7\x0d\x01\x09\x10\x01\x04")
    imprint = value.index(b"\x04\x20", tst_info)  # the SHA-256 of the signature value
    value[imprint + 5] ^= 1
    files["Doc_0/Signs/Sign_0/SignedValue.dat"] = bytes(value)
    (tampered,) = verify_ofd(rezip(files), trust_roots=[*roots, ca.certificate_pem]).signatures
    assert tampered.verdict == "invalid"
    assert [r.code for r in tampered.reasons if r.effect == "invalid"] == ["timestamp_invalid"]


def test_dead_tsa_leaves_no_signature(unit: SoftKeySigner, seal: SealPicture) -> None:
    with pytest.raises(OfdSignError) as e:
        sign_ofd(
            make_ofd(1), signer=unit, options=SignOptions(seal=seal, tsa_url="http://127.0.0.1:9")
        )
    assert e.value.reason == "tsa"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'Type="Seal"', b'Type="Sign"'),  # the kind changed
        (b"Sign_0/Signature.xml", b"Sign_9/Signature.xml"),  # pointed elsewhere
        (b"<ofd:Signature ", b"<ofd:Removed "),  # the entry removed: nothing left to trust
    ],
)
def test_tampered_signature_list_never_reads_valid(
    unit: SoftKeySigner, seal: SealPicture, roots: list[bytes], old: bytes, new: bytes
) -> None:
    """Signatures.xml is the one file no signature protects (later ones must extend it):
    editing it may hide a signature, but never makes anything read as valid."""
    signed = sign_ofd(
        make_ofd(1), signer=unit, options=SignOptions(seal=seal, placements=[Placement(1, 9, 9)])
    )
    files = members(signed)
    listing = files["Doc_0/Signs/Signatures.xml"]
    assert old in listing
    files["Doc_0/Signs/Signatures.xml"] = listing.replace(old, new)
    try:
        report = verify_ofd(rezip(files), trust_roots=roots)
    except OfdInputError:
        return  # unreadable: exit 9, also fine
    assert report.verdict in ("invalid", "indeterminate", "unsigned"), report.to_json("en")


@pytest.mark.parametrize(
    ("method", "digest"),
    [("SHA-256", hashlib.sha256), ("SHA1", lambda b: hashlib.sha1(b, usedforsecurity=False))],
)
def test_check_methods_other_producers_use(
    unit: SoftKeySigner, seal: SealPicture, roots: list[bytes], method: str, digest: Any
) -> None:
    """A package whose references another producer digested with SHA-256 or SHA-1: the same
    verdicts, the digests recomputed with the method the file names."""
    signed = sign_ofd(make_ofd(1), signer=unit, options=SignOptions(seal=seal))
    files = members(signed)
    xml = files["Doc_0/Signs/Sign_0/Signature.xml"].replace(
        b'CheckMethod="1.2.156.10197.1.401"', f'CheckMethod="{method}"'.encode()
    )
    for content in files.values():
        old = base64.b64encode(hashlib.new("sm3", content).digest())
        xml = xml.replace(old, base64.b64encode(digest(content).digest()))
    files["Doc_0/Signs/Sign_0/Signature.xml"] = xml
    (result,) = verify_ofd(rezip(files), trust_roots=roots).signatures
    assert result.intact  # every digest recomputed with the named method
    assert result.verdict == "invalid"  # and the seal signature no longer signs this Signature.xml
    assert [r.code for r in result.reasons] == ["data_hash"]


@pytest.mark.parametrize(
    "options",
    [{"qr": QrSpec()}, {"crls": [b"crl"]}, {"reason": "同意"}],
)
def test_pdf_only_options_are_refused_not_dropped(
    unit: SoftKeySigner, seal: SealPicture, options: dict[str, Any]
) -> None:
    with pytest.raises(OfdSignError) as e:
        sign_ofd(make_ofd(1), signer=unit, options=SignOptions(seal=seal, **options))
    assert e.value.reason == "pdf_only" and "PDF" in e.value.message("zh")


@pytest.mark.parametrize("place", [Placement(1, 500, 500), Placement(1, -40, 10)])
def test_a_seal_off_the_page_is_refused(
    unit: SoftKeySigner, seal: SealPicture, place: Placement
) -> None:
    with pytest.raises(OfdSignError) as e:
        sign_ofd(make_ofd(1), signer=unit, options=SignOptions(seal=seal, placements=[place]))
    assert e.value.reason == "placement" and "页面之外" in e.value.message("zh")
    # half over the edge is still a seal a person sees
    edge = Placement(1, 210 - seal.width_mm / 2, 100)
    sign_ofd(make_ofd(1), signer=unit, options=SignOptions(seal=seal, placements=[edge]))
