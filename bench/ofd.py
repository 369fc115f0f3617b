"""OFD figures on a 400-page document made by tests/ofd_factory.make_ofd (text, a table of
paths and its own picture on every page).

    .venv/bin/python bench/ofd.py [--pages 400]

Targets: first page render (bytes → PNG of page 1 at 96 dpi) < 300 ms; signing with one seal
≤ 2× a plain re-zip of the same package; verifications per second. Loading the whole package
(safe zip read + document model) is compared with a bare zipfile read of every member.
Baselines run in the same process: a bare zipfile read, a re-zip (read every member, write
them again, same compression), and PyMuPDF rendering the same page from the PDF our renderer
makes (what a PDF viewer pays for that page).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pymupdf

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.ofd_factory

from sealdesk.signing.demo_pki import make_sm2_ca
from sealdesk.signing.jobs import Placement, SealPicture, SignOptions
from sealdesk.signing.ofd.document import OfdDocument
from sealdesk.signing.ofd.package import OfdPackage
from sealdesk.signing.ofd.render import load_document, render_png, to_pdf_document
from sealdesk.signing.ofd.sign import sign_ofd
from sealdesk.signing.ofd.verify import verify_ofd
from sealdesk.signing.seal_image import SealStyle, generate_official_seal
from sealdesk.signing.seals import build_seal
from sealdesk.signing.softkey import SoftKeySigner
from tests.ofd_factory import make_ofd


def timed(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    """Median seconds of ``repeat`` calls (the first warms caches and lazy imports alike)."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2], result


def bare_zip_read(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def rezip(data: bytes) -> bytes:
    """What any tool that rewrites a package pays: read every member, write them again."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, content in bare_zip_read(data).items():
            archive.writestr(name, content)
    return out.getvalue()


def seal_and_signer() -> tuple[SignOptions, SoftKeySigner, bytes]:
    """A seal made and used by one SM2 soft key (the root of its own chain)."""
    ca = make_sm2_ca("bench unit")
    signer = SoftKeySigner(key=ca.key, certificate=ca.certificate)
    image = generate_official_seal(style=SealStyle.OFFICIAL, name="基准测试单位")
    now = dt.datetime.now(dt.UTC)
    der = build_seal(
        maker=signer,
        name="基准测试单位公章",
        seal_type=1,
        picture=image.png,
        picture_type="png",
        width_mm=42,
        height_mm=42,
        signer_certs=[ca.certificate],
        valid_from=now - dt.timedelta(days=1),
        valid_to=now + dt.timedelta(days=365),
    )
    picture = SealPicture(image.png, 42, 42, "基准测试单位公章", der)
    return SignOptions(seal=picture, placements=[Placement(1, 120, 200)]), signer, ca.certificate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=400)
    args = parser.parse_args()
    start = time.perf_counter()
    data = make_ofd(args.pages)
    made = time.perf_counter() - start
    print(f"document: {args.pages} pages, {len(data) / 1e6:.1f} MB (made in {made:.1f} s)")

    t_bare, _ = timed(lambda: bare_zip_read(data))
    t_load, doc = timed(lambda: OfdDocument.load(OfdPackage.read(data)))
    assert len(doc.pages) == args.pages
    t_first, png = timed(lambda: render_png(load_document(data), 0, dpi=96))
    assert png.startswith(b"\x89PNG")
    pdf = pymupdf.open(stream=to_pdf_document(doc, [0]).tobytes(), filetype="pdf")
    t_viewer, _ = timed(lambda: pdf[0].get_pixmap(dpi=96).tobytes("png"))
    t_page, _ = timed(lambda: render_png(doc, args.pages // 2, dpi=96))

    print(f"{'figure':<40}{'SealDesk':>11}{'baseline':>11}{'ratio':>8}  target")
    print(
        f"{'full load (zip + document model)':<40}{t_load * 1e3:>8.0f} ms{t_bare * 1e3:>8.0f} ms"
        f"{t_load / t_bare:>8.2f}  (baseline: bare zipfile read)"
    )
    print(
        f"{'first page render, bytes → PNG 96 dpi':<40}{t_first * 1e3:>8.0f} ms"
        f"{t_viewer * 1e3:>8.0f} ms{t_first / t_viewer:>8.2f}  < 300 ms"
        " (baseline: PyMuPDF on our PDF page)"
    )
    print(f"{'one more page, document loaded':<40}{t_page * 1e3:>8.0f} ms")

    options, signer, root = seal_and_signer()
    t_rezip, _ = timed(lambda: rezip(data), repeat=3)
    t_sign, signed = timed(lambda: sign_ofd(data, signer=signer, options=options), repeat=3)
    report = verify_ofd(signed, trust_roots=[root])
    assert report.verdict == "valid", report.to_json("en")
    t_verify, _ = timed(lambda: verify_ofd(signed, trust_roots=[root]), repeat=3)
    print(
        f"{'sign, one seal (SM2 soft key)':<40}{t_sign * 1e3:>8.0f} ms{t_rezip * 1e3:>8.0f} ms"
        f"{t_sign / t_rezip:>8.2f}  ≤ 2 (baseline: re-zip of the package)"
    )
    print(
        f"{'verify':<40}{t_verify * 1e3:>8.0f} ms{'':>11}{'':>8}  "
        f"{1 / t_verify:.1f} verifications/s of this file"
    )


if __name__ == "__main__":
    main()
