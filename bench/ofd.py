"""OFD figures on a 400-page document made by tests/ofd_factory.make_ofd (text, a table of
paths and its own picture on every page).

    .venv/bin/python bench/ofd.py [--pages 400]

Targets: first page render (bytes → PNG of page 1 at 96 dpi) < 300 ms; loading the whole
package (safe zip read + document model) compared with a bare zipfile read of every member.
Baselines run in the same process: a bare zipfile read, and PyMuPDF rendering the same page
from the PDF our renderer makes (what a PDF viewer pays for that page).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pymupdf

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.ofd_factory

from sealdesk.signing.ofd.document import OfdDocument
from sealdesk.signing.ofd.package import OfdPackage
from sealdesk.signing.ofd.render import load_document, render_png, to_pdf_document
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


if __name__ == "__main__":
    main()
