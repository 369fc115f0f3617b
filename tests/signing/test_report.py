"""The PDF verification report: readable in MuPDF-based viewers and in poppler alike, one
section per file that stands on its own (name, SHA-256, SM3, verdict, time, roots)."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pymupdf
import pytest

from sealdesk.signing.jobs import verify_document
from sealdesk.signing.report import build_report
from tests.conftest import interop_dir, require
from tests.signing import pdf_attacks as attacks


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, bytes, bytes]]:
    """(name, bytes, root) of a signed PDF with a seal picture and a changed OFD."""
    identity = attacks.make_identity()
    pdf = attacks.sign(
        attacks.make_pdf(), identity, seal_name="合同专用章", image=attacks.seal_png()
    )
    ofd = (interop_dir("ofd") / "keyword.ofd").read_bytes()
    return [("合同.pdf", pdf, identity.root_der), ("keyword.ofd", ofd, identity.root_der)]


@pytest.fixture(scope="module")
def report_pdf(
    files: list[tuple[str, bytes, bytes]], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    reports = [
        verify_document(data, file=f"/srv/in/{name}", trust_roots=[root])
        for name, data, root in files
    ]
    out = tmp_path_factory.mktemp("report") / "report.pdf"
    out.write_bytes(build_report(reports, lang="zh"))
    return out


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_mupdf_and_poppler_read_and_draw_the_same_text(report_pdf: Path) -> None:
    require(shutil.which("pdftotext") is not None, "poppler-utils (pdftotext)")
    poppler = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(report_pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    with pymupdf.open(report_pdf) as doc:
        mupdf = "".join(page.get_text() for page in doc)
        assert "电子签章验证报告" in mupdf
        assert _squeeze(mupdf.replace("\f", "")) == _squeeze(poppler.replace("\f", ""))
        # drawn, not only extractable: every Chinese character MuPDF places has ink under it
        cjk = inked = 0
        for page in doc:
            pix = page.get_pixmap(dpi=100, colorspace=pymupdf.csGRAY)
            scale = 100 / 72
            for block in page.get_text("rawdict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        for char in span["chars"]:
                            if not "\u4e00" <= char["c"] <= "\u9fff":
                                continue
                            cjk += 1
                            x0, y0, x1, y1 = (v * scale for v in char["bbox"])
                            dark = sum(
                                pix.pixel(x, y)[0] < 128
                                for x in range(int(x0) + 1, int(x1) - 1)
                                for y in range(int(y0) + 1, int(y1) - 1)
                            )
                            inked += dark > 3
        assert cjk > 200 and inked == cjk
        # the font is a subset in a form both read the same way (no CID-keyed CFF)
        fonts = {f[1]: f for f in doc.get_page_fonts(0)}
        assert set(fonts) == {"ttf"}, fonts
    assert report_pdf.stat().st_size < 400_000  # not the whole 2.1 MB font


def test_a_section_per_file_that_stands_on_its_own(
    report_pdf: Path, files: list[tuple[str, bytes, bytes]]
) -> None:
    with pymupdf.open(report_pdf) as doc:
        pages = [page.get_text() for page in doc]
    text = "".join(pages)
    for name, data, _root in files:
        assert f"文件：{name}" in text
        assert hashlib.sha256(data).hexdigest() in text
        assert hashlib.new("sm3", data).hexdigest() in text
    assert len(re.findall("^验证时间：", text, re.M)) == 2
    assert len(re.findall("^信任的根证书：", text, re.M)) == 2
    assert "SealDesk Test Root（根证书）" in text or "SealDesk Test Root (根证书)" in text
    # every page names its file; signatures are numbered within their file
    pdf_pages = [p for p in pages if "合同.pdf" in p]
    ofd_pages = [p for p in pages if "keyword.ofd" in p and "合同.pdf" not in p]
    assert len(pdf_pages) == 2 and len(ofd_pages) == 3
    assert "签名 1（共 1）" in pdf_pages[1] and "签名 1（共 2）" in ofd_pages[1]
    assert "印章名称：合同专用章" in pdf_pages[1]
    assert "第 1 页的内容" in ofd_pages[1] and "签名标识：2" in ofd_pages[1]
    assert "Doc_0/Pages/Page_0/Content.xml" in ofd_pages[1]
