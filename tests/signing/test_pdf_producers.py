"""PDFs from other producers: signed where asked, accepted by pdfsig, qpdf and our verifier."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pymupdf
import pytest
from PIL import Image

from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_USER_PIN, DemoKey
from tests.conftest import require
from tests.signing.test_pdf_sign import _red_box_of, make_pdf

PIN = {"SEALDESK_PIN": DEMO_USER_PIN}
DEBIAN_DOCS = [
    Path("/usr/share/doc/libtasn1-doc/libtasn1.pdf"),  # pdfTeX 1.40.24, texinfo
    Path("/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf"),  # pdfTeX, hyperref
]


def _variants(tmp_path: Path) -> dict[str, Path]:
    """The same document written by several producers and tools."""
    base = make_pdf(tmp_path / "base.pdf", pages=3)
    rotated = make_pdf(tmp_path / "rotated.pdf", pages=2, rotation=90, crop=True)
    out = {"pymupdf": base, "rotated-cropped": rotated}
    require(
        shutil.which("qpdf") is not None and shutil.which("pdftocairo") is not None,
        "qpdf and poppler-utils",
    )
    qpdf = {
        "qpdf-object-streams": ["--object-streams=generate"],
        "qpdf-linearized": ["--linearize"],
        "qpdf-aes256-owner-only": ["--encrypt", "", "owner-pw", "256", "--"],
    }
    for name, options in qpdf.items():
        target = tmp_path / f"{name}.pdf"
        subprocess.run(["qpdf", *options, str(base), str(target)], check=True)
        out[name] = target
    cairo = tmp_path / "cairo.pdf"
    subprocess.run(["pdftocairo", "-pdf", str(base), str(cairo)], check=True)
    out["cairo"] = cairo
    for doc in DEBIAN_DOCS:
        require(doc.is_file(), f"{doc} (Debian package {doc.parts[4]})")
        out[doc.stem] = doc
    return out


@pytest.fixture
def variants(tmp_path: Path) -> dict[str, Path]:
    return _variants(tmp_path)


def _sign_every_variant(cli, variants: dict[str, Path], out_dir: Path, *how: str) -> None:  # type: ignore[no-untyped-def]
    """One batch over every variant with the key's seal placed as ``how`` says."""
    files = map(str, variants.values())
    result = cli(
        "sign", *files, "--out-dir", str(out_dir), "--seal", DEMO_SEAL_NAME, *how, "--json", env=PIN
    )
    assert result.code == 0, result.stdout + result.stderr


def _accepted_by_everyone(cli, signed: Path, name: str, signatures: int) -> None:  # type: ignore[no-untyped-def]
    """Our verifier says valid, qpdf finds the file sound, pdfsig finds each signature valid
    and the last one covering the whole file."""
    verified = cli("verify", str(signed), "--json")
    assert verified.json["verdict"] == "valid", (name, verified.stdout)
    assert len(verified.json["signatures"]) == signatures
    check = subprocess.run(
        ["qpdf", "--check", str(signed)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, (name, check.stdout)
    pdfsig = subprocess.run(
        ["pdfsig", str(signed)], capture_output=True, text=True, check=False
    ).stdout
    assert pdfsig.count("Signature is Valid") == signatures, (name, pdfsig)
    assert "Total document signed" in pdfsig, (name, pdfsig)  # nothing after the last one


def test_every_producer_signs_and_verifies(
    cli, demo_key: DemoKey, variants: dict[str, Path], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out_dir = tmp_path / "signed"
    # on the rotated-cropped page too (261×176 mm as displayed)
    _sign_every_variant(cli, variants, out_dir, "--place", "1:120,100", "--place", "2:20,30")
    for name, source in variants.items():
        _accepted_by_everyone(cli, out_dir / source.name, name, 2)


def _strip_at_right_edge(page: pymupdf.Page) -> bool:
    """Seal red in the page's right 12 mm as displayed, at 50 dpi."""
    shown = page.rect
    pix = page.get_pixmap(dpi=50, clip=pymupdf.Rect(shown.x1 - 34, shown.y0, shown.x1, shown.y1))
    return _red_box_of(Image.frombytes("RGB", (pix.width, pix.height), pix.samples)) is not None


def test_every_producer_takes_a_cross_page_seal(
    cli, demo_key: DemoKey, variants: dict[str, Path], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Page trees of every shape (object streams, linearized, encrypted, pdfTeX's): a strip at
    the right edge of every page, in the signed revision, and the file still checks."""
    out_dir = tmp_path / "signed"
    _sign_every_variant(cli, variants, out_dir, "--cross-page", "right")
    for name, source in variants.items():
        signed = out_dir / source.name
        _accepted_by_everyone(cli, signed, name, 1)
        with pymupdf.open(signed) as doc:
            if doc.needs_pass:
                doc.authenticate("")
            bare = [n + 1 for n, page in enumerate(doc) if not _strip_at_right_edge(page)]
        assert not bare, (name, "pages without their strip", bare)
