"""Signing PDFs with the demo key: peers accept the result, the seal lands where asked."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pymupdf
import pytest
from PIL import Image

from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_USER_PIN, DemoKey
from sealdesk.signing.jobs import CrossPage, Placement, SealPicture, SignOptions
from sealdesk.signing.pdf.sign import sign_pdf
from sealdesk.signing.pdf.verify import verify_pdf
from sealdesk.signing.ses import parse_seal
from sealdesk.signing.softkey import SoftKeySigner
from sealdesk.ukey import Token, TokenSigner
from tests.conftest import require, seal_sign
from tests.signing import pdf_attacks as attacks

MM = 72 / 25.4
PIN = {"SEALDESK_PIN": DEMO_USER_PIN}


def make_pdf(path: Path, *, pages: int = 2, rotation: int = 0, crop: bool = False) -> Path:
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 72), f"第 {i + 1} 页 page {i + 1}", fontname="china-s", fontsize=14)
        if crop:
            page.set_cropbox(pymupdf.Rect(40, 60, 540, 800))  # MuPDF coordinates, y down
        page.set_rotation(rotation)
    doc.save(path)
    return path


@pytest.fixture
def seal(token: Token) -> SealPicture:
    with token.session() as session:
        s = parse_seal(session.read_data(DEMO_SEAL_NAME))
    return SealPicture(s.picture, s.picture_width_mm, s.picture_height_mm, s.name)


@pytest.fixture
def nss_db(demo_key: DemoKey, tmp_path: Path) -> Path:
    """An NSS database trusting the demo root, for pdfsig."""
    require(
        shutil.which("certutil") is not None and shutil.which("pdfsig") is not None,
        "poppler-utils and libnss3-tools",
    )
    db = tmp_path / "nss"
    db.mkdir()
    subprocess.run(["certutil", "-N", "-d", f"sql:{db}", "--empty-password"], check=True)
    subprocess.run(
        [
            "certutil",
            "-A",
            "-d",
            f"sql:{db}",
            "-n",
            "sealdesk-demo",
            "-t",
            "CT,C,C",
            "-i",
            str(demo_key.root_ca_pem),
        ],
        check=True,
    )
    return db


def _pdfsig(path: Path, db: Path) -> str:
    result = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{db}", str(path)], capture_output=True, text=True, check=False
    )
    return result.stdout


@pytest.mark.parametrize("key_id", [b"\x01", b"\x02"], ids=["rsa", "ec"])
def test_signed_pdf_satisfies_pdfsig_and_qpdf(
    token: Token, seal: SealPicture, nss_db: Path, tmp_path: Path, key_id: bytes
) -> None:
    source = make_pdf(tmp_path / "in.pdf")
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    with token.session(DEMO_USER_PIN) as session:
        signer = TokenSigner.from_session(session, key_id)
        signed = sign_pdf(
            source.read_bytes(),
            signer=signer,
            options=SignOptions(placements=[Placement(1, 120, 200)], seal=seal),
        )
    out = tmp_path / "out.pdf"
    out.write_bytes(signed)
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    report = _pdfsig(out, nss_db)
    assert "Signature is Valid" in report
    assert "Certificate is Trusted" in report
    assert "Total document signed" in report
    assert "ETSI.CAdES.detached" in report
    check = subprocess.run(
        ["qpdf", "--check", str(out)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr


def _red_box(png: Path) -> tuple[int, int, int, int]:
    """Bounding box of seal-red pixels."""
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        mask = Image.eval(rgb.split()[0], lambda v: 255 if v > 180 else 0)
        green = Image.eval(rgb.split()[1], lambda v: 255 if v < 90 else 0)
        from PIL import ImageChops

        box = ImageChops.multiply(mask, green).getbbox()
    assert box is not None, "no seal on the page"
    return box


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("crop", [False, True], ids=["mediabox", "cropbox"])
def test_seal_lands_where_asked_upright(
    token: Token, seal: SealPicture, tmp_path: Path, rotation: int, crop: bool
) -> None:
    source = make_pdf(tmp_path / "in.pdf", pages=1, rotation=rotation, crop=crop)
    x, y = 60.0, 90.0
    with token.session(DEMO_USER_PIN) as session:
        signed = sign_pdf(
            source.read_bytes(),
            signer=TokenSigner.from_session(session, b"\x02"),
            options=SignOptions(placements=[Placement(1, x, y)], seal=seal),
        )
    out = tmp_path / "out.pdf"
    out.write_bytes(signed)
    dpi = 150
    subprocess.run(
        # viewers show the CropBox; pdftoppm needs -cropbox to do the same
        [
            "pdftoppm",
            "-cropbox",
            "-r",
            str(dpi),
            "-png",
            "-singlefile",
            str(out),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    left, top, right, bottom = _red_box(tmp_path / "page.png")
    px_per_mm = dpi / 25.4
    # the ring's outer edge is the seal's edge: within 1 mm of where it was asked
    assert abs(left / px_per_mm - x) < 1.0
    assert abs(top / px_per_mm - y) < 1.0
    assert abs((right - left) / px_per_mm - seal.width_mm) < 1.0
    # upright: the seal's star is below its name, so more red in the top half than... use the
    # star tip: the column of the seal's centre has red near the top (name) and centre (star)
    with Image.open(tmp_path / "page.png") as image:
        crop_img = image.convert("RGB").crop((left, top, right, bottom))
        code_band = crop_img.crop(
            (0, int(crop_img.height * 0.80), crop_img.width, int(crop_img.height * 0.90))
        )
        name_band = crop_img.crop(
            (0, int(crop_img.height * 0.10), crop_img.width, int(crop_img.height * 0.20))
        )

        def red(img: Image.Image) -> int:
            return sum(1 for r, g, _b in img.get_flattened_data() if r > 180 and g < 90)

        # the name (top) is far bolder than the small code along the bottom
        assert red(name_band) > red(code_band)


def test_cli_sign_errors_leave_no_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = make_pdf(tmp_path / "in.pdf")
    out = tmp_path / "out.pdf"
    wrong = seal_sign(source, out, "--place", "1:10,10", "--json", env={"SEALDESK_PIN": "000000"})
    assert wrong.code == 3 and not out.exists()
    page = seal_sign(source, out, "--place", "9:10,10", "--json")
    assert page.code == 5 and not out.exists()
    off = seal_sign(source, out, "--place", "1:500,500", "--json")
    assert off.code == 2 and off.json["error"]["kind"] == "pdf_placement" and not out.exists()
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(source.read_bytes()[:200])
    bad = cli("sign", str(corrupt), "-o", str(out), "--json", env=PIN)
    assert bad.code == 9 and not out.exists(), bad.stdout
    ok = seal_sign(source, out, "--place", "1:10,10")
    assert ok.code == 0 and out.exists()
    again = cli("sign", str(source), "-o", str(out), "--json", env=PIN)
    assert again.code == 2 and "overwrite" in again.stdout


def test_cli_batch_one_login_bad_file_reported(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = [make_pdf(tmp_path / f"doc{i}.pdf") for i in range(3)]
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n garbage")
    out_dir = tmp_path / "signed"
    result = cli(
        "sign",
        *map(str, [files[0], broken, files[1], files[2]]),
        "--out-dir",
        str(out_dir),
        "--seal",
        DEMO_SEAL_NAME,
        "--place",
        "1:150,250",
        "--json",
        env=PIN,
    )
    assert result.code == 1
    doc = result.json
    assert doc["signed"] == 3 and doc["failed"] == 1
    assert sorted(p.name for p in out_dir.iterdir()) == ["doc0.pdf", "doc1.pdf", "doc2.pdf"]
    assert [f["ok"] for f in doc["files"]] == [True, False, True, True]


def test_soft_key_signing(cli, demo_key: DemoKey, nss_db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A 软证书 signs too: an SM2 key gives a CMS with GM/T 0010 OIDs that our verify accepts
    (the demo SM2 root is trusted in demo mode); pdfsig (NSS) knows no SM3."""
    source = make_pdf(tmp_path / "in.pdf")
    out = tmp_path / "sm2.pdf"
    (picture := tmp_path / "seal.png").write_bytes(attacks.seal_png())
    signed = cli(
        "sign",
        str(source),
        "-o",
        str(out),
        "--key-file",
        str(demo_key.unit_sm2_key),
        "--cert-file",
        str(demo_key.unit_sm2_cert),
        "--image",
        str(picture),
        "--place",
        "1:120,200",
        "--json",
    )
    assert signed.code == 0, signed.stdout + signed.stderr
    verified = cli("verify", str(out), "--json")
    assert verified.code == 0, verified.stdout
    (sig,) = verified.json["signatures"]
    assert (sig["verdict"], sig["intact"], sig["signature_valid"], sig["trusted"]) == (
        "valid",
        True,
        True,
        True,
    )
    report = _pdfsig(out, nss_db)
    assert "Total document signed" in report and "Signature is Valid" not in report
    check = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, check=False)
    assert check.returncode == 0


def _render(pdf: Path, page: int, dpi: int, out: Path) -> Image.Image:
    subprocess.run(
        [
            "pdftoppm",
            "-cropbox",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-png",
            "-singlefile",
            str(pdf),
            str(out),
        ],
        check=True,
    )
    return Image.open(out.with_suffix(".png")).convert("RGB")


def test_cross_page_strips_on_every_page_in_one_revision(cli, nss_db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = make_pdf(tmp_path / "in.pdf", pages=5)
    plain = tmp_path / "plain.pdf"
    out = tmp_path / "cp.pdf"
    assert cli("sign", str(source), "-o", str(plain), env=PIN).code == 0
    result = seal_sign(source, out, "--cross-page", "right:2-5")
    assert result.code == 0, result.stdout + result.stderr
    report = _pdfsig(out, nss_db)
    assert report.count("Signature is Valid") == 1 and "Total document signed" in report
    # the strips: red at the right edge of pages 2..5, none on page 1; widths add up
    widths = []
    for page in range(1, 6):
        image = _render(out, page, 100, tmp_path / f"p{page}")
        edge = image.crop((image.width - 80, 0, image.width, image.height))
        box = _red_box_of(edge)
        if page == 1:
            assert box is None
            continue
        assert box is not None and box[2] >= 78  # flush with the right edge
        widths.append(box[2] - box[0])
    px_per_mm = 100 / 25.4
    assert abs(sum(widths) / px_per_mm - 42) < 3  # the whole seal, cut in four
    # one image for all strips: growth over an invisible signature is the image once plus
    # under 1 KB a page
    image_only = tmp_path / "image.pdf"
    assert seal_sign(source, image_only, "--place", "1:10,10").code == 0
    image_cost = image_only.stat().st_size - plain.stat().st_size
    growth = out.stat().st_size - plain.stat().st_size
    assert growth < image_cost + 4 * 1024, (growth, image_cost)


def test_cross_page_on_pages_inheriting_one_resource_dictionary(demo_key: DemoKey) -> None:
    """Each page gets its own copy with the strip's picture; the shared one stays as it was
    (pyHanko's page update cloned it shallowly and then met its own name twice)."""
    content = b"BT /F1 24 Tf 72 720 Td (Hello) Tj ET"
    shared = b"<< /Font << /F1 6 0 R >> /XObject << >> >>"
    source = attacks.raw_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 /MediaBox [0 0 595 842] "
            b"/Resources " + shared + b" >>",
            **{n: b"<< /Type /Page /Parent 2 0 R /Contents 7 0 R >>" for n in (3, 4, 5)},
            6: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            7: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        }
    )
    signer = SoftKeySigner.from_files(demo_key.unit_sm2_key, demo_key.unit_sm2_cert)
    picture = SealPicture(attacks.seal_png(), 40, 40)
    options = SignOptions(seal=picture, cross_page=CrossPage("right"))
    signed = sign_pdf(source, signer=signer, options=options)
    assert (
        verify_pdf(signed, trust_roots=[(demo_key.pki / "sm2-root-ca.pem").read_bytes()]).verdict
        == "valid"
    )
    doc = pymupdf.open(stream=signed, filetype="pdf")
    for page in doc:
        assert doc.xref_get_key(page.xref, "Resources/XObject/SealDeskCP")[0] == "xref"
    assert doc.xref_get_key(2, "Resources/XObject") == ("dict", "<<>>")


def _red_box_of(image: Image.Image) -> tuple[int, int, int, int] | None:
    from PIL import ImageChops

    r, g, _b = image.split()
    return ImageChops.multiply(
        Image.eval(r, lambda v: 255 if v > 180 else 0),
        Image.eval(g, lambda v: 255 if v < 90 else 0),
    ).getbbox()


def _red_mask(image: Image.Image) -> Image.Image:
    """Seal-red pixels (255) cut to their bounding box, 24×24 for comparing shapes (coarse:
    the strips are cut on whole pixels)."""
    from PIL import ImageChops

    r, g, _b = image.split()
    mask = ImageChops.multiply(
        Image.eval(r, lambda v: 255 if v > 180 else 0),
        Image.eval(g, lambda v: 255 if v < 90 else 0),
    )
    box = mask.getbbox()
    assert box is not None, "no seal red"
    small = mask.crop(box).resize((24, 24), Image.Resampling.BOX)
    return small.point(lambda v: 255 if v > 40 else 0)


def _overlap(a: Image.Image, b: Image.Image) -> float:
    """Intersection over union of two masks."""
    from PIL import ImageChops

    both = ImageChops.darker(a, b).histogram()[255]
    return both / ImageChops.lighter(a, b).histogram()[255]


def test_cross_page_on_a_long_document_is_stamped_in_groups_of_whole_seals(
    nss_db: Path, tmp_path: Path
) -> None:
    """22 pages with a 42 mm seal: not 22 slivers of 1.9 mm but three groups (8 + 7 + 7
    pages), each putting the whole seal together from strips of at least 4 mm, all in the
    one signature."""
    source = make_pdf(tmp_path / "long.pdf", pages=22)
    out = tmp_path / "long-cp.pdf"
    result = seal_sign(source, out, "--cross-page", "right", "--json")
    assert result.code == 0, result.stdout + result.stderr
    (row,) = result.json["files"]
    assert row["cross_page_groups"] == [
        {"pages": [1, 8], "strip_mm": 5.25},
        {"pages": [9, 15], "strip_mm": 6.0},
        {"pages": [16, 22], "strip_mm": 6.0},
    ]
    report = _pdfsig(out, nss_db)
    assert report.count("Signature is Valid") == 1 and "Total document signed" in report

    whole = tmp_path / "whole.pdf"
    assert seal_sign(source, whole, "--place", "1:60,60").code == 0
    seal_shape = _red_mask(_render(whole, 1, 100, tmp_path / "whole"))
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(out), str(tmp_path / "p")], check=True)
    px_per_mm = 100 / 25.4
    for first, last, strip_mm in ((1, 8, 5.25), (9, 15, 6.0), (16, 22, 6.0)):
        pieces = []
        for page in range(first, last + 1):
            image = Image.open(tmp_path / f"p-{page:02d}.png").convert("RGB")
            edge = image.crop((image.width - 40, 0, image.width, image.height))
            box = _red_box_of(edge)
            assert box is not None and box[2] >= 38, page  # at the right edge
            assert (box[2] - box[0]) / px_per_mm >= 4.0, page  # visible, not a sliver
            pieces.append(edge.crop((40 - round(strip_mm * px_per_mm), 0, 40, edge.height)))
        # the group's strips side by side, in page order, are the seal
        joined = Image.new("RGB", (sum(p.width for p in pieces), pieces[0].height), "white")
        x = 0
        for piece in pieces:
            joined.paste(piece, (x, 0))
            x += piece.width
        assert abs(_red_box_of(joined)[2] - _red_box_of(joined)[0] - 42 * px_per_mm) < 8
        assert _overlap(_red_mask(joined), seal_shape) > 0.85, (first, last)  # mirrored: 0.77


def test_cross_page_group_size_asked_and_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = make_pdf(tmp_path / "nine.pdf", pages=9)
    out = tmp_path / "o.pdf"
    # pages 2-8 by at most 3: 3 + 2 + 2, never a lone page
    result = seal_sign(
        source, out, "--cross-page", "right:2-8", "--cross-page-group", "3", "--json"
    )
    assert result.code == 0, result.stdout + result.stderr
    groups = [g["pages"] for g in result.json["files"][0]["cross_page_groups"]]
    assert groups == [[2, 4], [5, 6], [7, 8]]
    text = seal_sign(
        source, tmp_path / "t.pdf", "--cross-page", "right", "--cross-page-group", "20"
    )
    assert text.code == 0 and "9 页分 1 组" in text.stdout, text.stdout  # larger than the range
    # a group of one page cannot be stamped: said before the PIN is asked (none is given)
    for lang, words in (("zh", "每组至少两页"), ("en", "at least two pages")):
        refused = cli(
            "sign", str(source), "-o", str(tmp_path / "x.pdf"), "--seal", DEMO_SEAL_NAME,
            "--cross-page", "right", "--cross-page-group", "1", "--json", "--lang", lang,
        )  # fmt: skip
        assert refused.code == 2, refused.stdout + refused.stderr
        assert refused.json["error"]["kind"] == "sign_cross_page_group"
        assert words in refused.json["error"]["message"]
    alone = cli(
        "sign", str(source), "-o", str(tmp_path / "x.pdf"), "--seal", DEMO_SEAL_NAME,
        "--cross-page-group", "4", "--json",
    )  # fmt: skip
    assert alone.code == 2 and "--cross-page" in alone.json["error"]["message"]
    assert not (tmp_path / "x.pdf").exists()


def test_cross_page_needs_two_pages(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = make_pdf(tmp_path / "one.pdf", pages=1)
    result = cli(
        "sign",
        str(source),
        "-o",
        str(tmp_path / "o.pdf"),
        "--seal",
        DEMO_SEAL_NAME,
        "--cross-page",
        "right",
        "--json",
        env=PIN,
    )
    assert result.code == 2
    assert "two pages" in json.dumps(result.json) or "两页" in result.stdout
    assert not (tmp_path / "o.pdf").exists()


def test_keyword_centres_the_seal_and_reports_a_missing_one(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((300, 500), "乙方（盖章）", fontname="china-s", fontsize=16)
    source = tmp_path / "contract.pdf"
    doc.save(source)
    words = pymupdf.open(source)[0].search_for("乙方（盖章）")[0]
    out = tmp_path / "out.pdf"
    result = seal_sign(source, out, "--keyword", "乙方（盖章）")
    assert result.code == 0, result.stdout + result.stderr
    box = _red_box(_render_path(out, tmp_path))
    px_per_pt = 100 / 72
    centre = ((box[0] + box[2]) / 2 / px_per_pt, (box[1] + box[3]) / 2 / px_per_pt)
    assert abs(centre[0] - (words.x0 + words.x1) / 2) < MM * 1.5
    assert abs(centre[1] - (words.y0 + words.y1) / 2) < MM * 1.5
    missing = cli(
        "sign",
        str(source),
        "-o",
        str(tmp_path / "x.pdf"),
        "--seal",
        DEMO_SEAL_NAME,
        "--keyword",
        "丙方",
        "--json",
        env=PIN,
    )
    assert missing.code == 5 and "丙方" in missing.stdout
    assert not (tmp_path / "x.pdf").exists()


def _render_path(pdf: Path, tmp_path: Path) -> Path:
    _render(pdf, 1, 100, tmp_path / "kw")
    return tmp_path / "kw.png"


def test_qr_reads_back_and_is_covered_by_the_signature(cli, nss_db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import zxingcpp

    source = make_pdf(tmp_path / "in.pdf", pages=2)
    out = tmp_path / "qr.pdf"
    result = cli("sign", str(source), "-o", str(out), "--qr", "--qr-place", "1:150,20,25", env=PIN)
    assert result.code == 0, result.stdout + result.stderr
    assert "Total document signed" in _pdfsig(out, nss_db)
    codes = zxingcpp.read_barcodes(_render(out, 1, 200, tmp_path / "qr"))
    assert len(codes) == 1
    text = codes[0].text
    assert text.startswith("SEALDESK1;DOC=")
    assert hashlib.sha256(source.read_bytes()).hexdigest()[:32] in text
    assert "CODE=91310115MA1K3YJ12G" in text


def test_timestamp_from_a_tsa_and_a_clear_error_when_it_is_down(
    cli,
    demo_key: DemoKey,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    from sealdesk.signing.demo_pki import make_root_ca
    from tests.tsa import make_tsa, tsa_server

    source = make_pdf(tmp_path / "in.pdf")
    out = tmp_path / "ts.pdf"
    with tsa_server(make_tsa(make_root_ca("TSA root"))) as url:
        result = cli("sign", str(source), "-o", str(out), "--tsa", url, env=PIN)
        assert result.code == 0, result.stdout + result.stderr
    with out.open("rb") as f:
        sig = PdfFileReader(f).embedded_signatures[0]
        unsigned = sig.signed_data["signer_infos"][0]["unsigned_attrs"]
        kinds = {a["type"].native for a in unsigned}
        assert "signature_time_stamp_token" in kinds  # PAdES B-T
    down = cli(
        "sign",
        str(source),
        "-o",
        str(tmp_path / "x.pdf"),
        "--tsa",
        "http://127.0.0.1:9/tsa",
        "--json",
        env=PIN,
    )
    assert down.code == 10 and down.json["error"]["kind"] == "pdf_tsa"
    assert not (tmp_path / "x.pdf").exists()


def test_encrypted_pdf_needs_its_password(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import interop_dir

    encrypted = interop_dir("pdf") / "minimal-aes256.pdf"
    refused = cli("sign", str(encrypted), "-o", str(tmp_path / "x.pdf"), "--json", env=PIN)
    assert refused.code == 9 and refused.json["error"]["kind"] == "pdf_encrypted"
    ok = cli(
        "sign",
        str(encrypted),
        "-o",
        str(tmp_path / "ok.pdf"),
        env={**PIN, "SEALDESK_PDF_PASSWORD": "ownersecret"},
    )
    assert ok.code == 0, ok.stdout + ok.stderr
    check = subprocess.run(
        ["qpdf", "--password=usersecret", "--check", str(tmp_path / "ok.pdf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout


def test_ctrl_c_stops_after_the_current_file_and_keeps_finished_ones(
    demo_key: DemoKey, tmp_path: Path
) -> None:
    import os
    import signal
    import sys
    import time

    sources = [make_pdf(tmp_path / f"d{i:02}.pdf", pages=1) for i in range(60)]
    out_dir = tmp_path / "out"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sealdesk.desktop",
            "sign",
            *map(str, sources),
            "--out-dir",
            str(out_dir),
            "--seal",
            DEMO_SEAL_NAME,
            "--place",
            "1:20,20",
            "--json",
        ],
        env={**os.environ, **PIN},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out_dir.is_dir() and any(out_dir.glob("*.pdf"))):
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    stdout, _ = proc.communicate(timeout=60)
    assert proc.returncode == 130, stdout
    summary = json.loads(stdout)
    done = sorted(out_dir.glob("*.pdf"))
    assert 1 <= len(done) < 60
    assert len(summary["cancelled"]) == 60 - len(done)
    assert not list(out_dir.glob(".*.part"))  # nothing half-written
    for pdf in done:  # every finished file is whole
        check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, check=False)
        assert check.returncode == 0


def test_outputs_never_overwrite_inputs_or_each_other(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = make_pdf(tmp_path / "in.pdf")
    before = source.read_bytes()
    same = cli("sign", str(source), "-o", str(source), "--overwrite", "--json", env=PIN)
    assert same.code == 2 and source.read_bytes() == before
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = make_pdf(tmp_path / "a" / "x.pdf")
    b = make_pdf(tmp_path / "b" / "x.pdf")
    clash = cli("sign", str(a), str(b), "--out-dir", str(tmp_path / "out"), "--json", env=PIN)
    assert clash.code == 2 and not (tmp_path / "out" / "x.pdf").exists()
    for place in ("1:inf,10", "1:nan,10", "1:10,10,0"):
        assert (
            cli(
                "sign",
                str(source),
                "-o",
                str(tmp_path / "o.pdf"),
                "--seal",
                DEMO_SEAL_NAME,
                "--place",
                place,
                "--json",
                env=PIN,
            ).code
            == 2
        )


def test_a_broken_page_tree_is_one_failed_file_of_the_batch(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = make_pdf(tmp_path / "good.pdf")
    broken = tmp_path / "nocount.pdf"
    broken.write_bytes(good.read_bytes().replace(b"/Count 2", b"/Count /X"))
    assert b"/Count /X" in broken.read_bytes()
    result = cli(
        "sign",
        str(broken),
        str(good),
        "--out-dir",
        str(tmp_path / "out"),
        "--seal",
        DEMO_SEAL_NAME,
        "--place",
        "1:20,20",
        "--json",
        env=PIN,
    )
    assert result.code == 1, result.stdout + result.stderr
    assert [f["ok"] for f in result.json["files"]] == [False, True]


def test_crl_at_hand_is_embedded_pades_lt(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """With --crl the signature carries the revocation data: verify says 'good' offline."""
    from cryptography.hazmat.primitives import serialization

    from tests.signing.pdf_attacks import make_crl, make_identity

    identity = make_identity(crl_url="http://crl.example.invalid/root.crl")
    key = tmp_path / "k.pem"
    key.write_bytes(
        identity.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert = tmp_path / "c.der"
    cert.write_bytes(identity.cert_der)
    root = tmp_path / "root.pem"
    root.write_bytes(identity.ca.certificate_pem)
    crl = tmp_path / "root.crl"
    crl.write_bytes(make_crl(identity.ca))
    source = make_pdf(tmp_path / "in.pdf")
    out = tmp_path / "lt.pdf"
    signed = cli(
        "sign",
        str(source),
        "-o",
        str(out),
        "--key-file",
        str(key),
        "--cert-file",
        str(cert),
        "--crl",
        str(crl),
        "--trust",
        str(root),
        env={"SOFTHSM2_CONF": None},
    )
    assert signed.code == 0, signed.stdout + signed.stderr
    verified = cli("verify", str(out), "--trust", str(root), "--json", env={"SOFTHSM2_CONF": None})
    assert verified.json["signatures"][0]["revocation"] == "good", verified.stdout
    assert verified.code == 0
    # without the CRL, the same signature's revocation is unknown offline
    plain = tmp_path / "plain.pdf"
    assert (
        cli(
            "sign",
            str(source),
            "-o",
            str(plain),
            "--key-file",
            str(key),
            "--cert-file",
            str(cert),
            env={"SOFTHSM2_CONF": None},
        ).code
        == 0
    )
    unknown = cli("verify", str(plain), "--trust", str(root), "--json", env={"SOFTHSM2_CONF": None})
    assert unknown.json["signatures"][0]["revocation"] != "good"


def test_files_that_cannot_be_signed_say_why_in_words(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import interop_dir
    from tests.signing import pdf_attacks as attacks

    identity = attacks.make_identity()
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(attacks.sign(attacks.make_pdf(), identity, locked=True))
    no_pages = tmp_path / "no-pages.pdf"
    no_pages.write_bytes(make_pdf(tmp_path / "in.pdf").read_bytes().replace(b"/Pages", b"/Pagez"))
    expected = {
        locked: ("pdf_locked", "认证并锁定"),
        interop_dir("pdf") / "minimal-pubkey-aes256.pdf": ("pdf_pubkey", "证书（公钥）加密"),
        no_pages: ("pdf_unreadable", "结构损坏"),
    }
    for source, (kind, words) in expected.items():
        out = tmp_path / f"signed-{source.name}"
        said = cli("sign", str(source), "-o", str(out), "--json", env=PIN)
        error = said.json["error"]
        assert (said.code, error["kind"]) == (9, kind), said.stdout + said.stderr
        assert words in error["message"] and "'" not in error["message"], error
        assert "密码" not in said.stderr and not out.exists()
