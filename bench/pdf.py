"""PDF signing and verification on a 300-page ~30 MB document, next to bare pyHanko and pdfsig.

    .venv/bin/python bench/pdf.py [--pages 300] [--rounds 11]

Targets: one seal (token) within 1.5x of bare pyHanko with the same key; a cross-page seal over
all pages within 2x of one seal and growing the file by < 1 KB a page (plus the picture);
verification no slower than pdfsig; a batch at 100 files a minute or more.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pymupdf
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.pkcs11 import PKCS11Signer

from sealdesk.app.batch import sign_batch
from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_TOKEN_LABEL, DEMO_USER_PIN, init_demo
from sealdesk.signing.jobs import CrossPage, Placement, SealPicture, SignOptions
from sealdesk.signing.pdf.sign import sign_pdf
from sealdesk.signing.ses import parse_seal
from sealdesk.ukey import ModuleChoice, Pkcs11Module, TokenSigner
from sealdesk.ukey.profiles import load_profiles


def make_document(pages: int, path: Path) -> Path:
    """~100 KB a page: text plus an incompressible picture, like scanned attachments."""
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 72), f"Page {i + 1} 第 {i + 1} 页", fontname="china-s", fontsize=14)
        noise = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 180, 180), False)
        noise.set_rect(noise.irect, (0, 0, 0))
        noise.samples_mv[:] = os.urandom(len(noise.samples_mv))  # type: ignore[index]
        page.insert_image(pymupdf.Rect(72, 100, 472, 500), pixmap=noise)
    doc.save(path, deflate=True)
    return path


def timed(fn, repeat: int = 5, clock=time.process_time) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    """Median seconds of ``repeat`` calls (the first warms caches and lazy imports alike).

    Whatever runs in a subprocess (pdfsig) needs ``clock=time.perf_counter``.
    """
    times, result = [], None
    for _ in range(repeat):
        start = clock()
        result = fn()
        times.append(clock() - start)
    return sorted(times)[len(times) // 2], result


def in_turns(jobs: dict[str, Callable[[], object]], rounds: int) -> dict[str, tuple[float, object]]:
    """Median CPU seconds and last result of each job, the jobs run in turns each round.

    CPU time, not wall time, and in turns, because this machine is shared: run one after the
    other, a slow spell hit one side only and a ratio moved by 2x between runs.
    """
    times: dict[str, list[float]] = {name: [] for name in jobs}
    results: dict[str, object] = {}
    for _ in range(rounds):
        for name, job in jobs.items():
            start = time.process_time()
            results[name] = job()
            times[name].append(time.process_time() - start)
    return {name: (sorted(t)[len(t) // 2], results[name]) for name, t in times.items()}


def main() -> None:
    # pyHanko logs the untrusted chain with a traceback; the figures are what matters here
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=11)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sealdesk-bench-pdf-"))
    demo = init_demo(work / "key")
    softhsm = next(p for p in load_profiles() if p.id == "softhsm2")
    module = Pkcs11Module.load(ModuleChoice(demo.module_path, "option", softhsm))
    module.lib.reinitialize()
    token = module.open(DEMO_TOKEN_LABEL)
    document = make_document(args.pages, work / "big.pdf")
    data = document.read_bytes()
    print(f"document: {args.pages} pages, {len(data) / 1e6:.1f} MB")

    with token.session(DEMO_USER_PIN) as session:
        seal = parse_seal(session.read_data(DEMO_SEAL_NAME))
        picture = SealPicture(
            seal.picture, seal.picture_width_mm, seal.picture_height_mm, seal.name
        )
        signer = TokenSigner.from_session(session, b"\x01")
        one = SignOptions(placements=[Placement(1, 120, 200)], seal=picture)
        bare_signer = PKCS11Signer(session.p11, key_id=b"\x01", cert_id=b"\x01")

        def bare() -> bytes:
            out = io.BytesIO()
            writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
            meta = signers.PdfSignatureMetadata(
                field_name="Bare", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
            )
            pdf_signer = signers.PdfSigner(
                meta,
                signer=bare_signer,
                new_field_spec=fields.SigFieldSpec("Bare", on_page=0, box=(340, 250, 459, 369)),
            )
            asyncio.run(pdf_signer.async_sign_pdf(writer, output=out))
            return out.getvalue()

        cross = SignOptions(seal=picture, cross_page=CrossPage("right"))
        plain = SignOptions()
        measured = in_turns(
            {
                "one": lambda: sign_pdf(data, signer=signer, options=one),
                "bare": bare,
                "cross": lambda: sign_pdf(data, signer=signer, options=cross),
                "plain": lambda: sign_pdf(data, signer=signer, options=plain),
            },
            rounds=args.rounds,
        )
        (t_ours, signed_one), (t_bare, _), (t_cross, signed_cross) = (
            measured[name] for name in ("one", "bare", "cross")
        )
        signed_plain = measured["plain"][1]
        growth = len(signed_cross) - len(signed_plain)  # type: ignore[arg-type]
        image_cost = len(signed_one) - len(signed_plain)  # type: ignore[arg-type]

        (work / "signed.pdf").write_bytes(signed_one)  # type: ignore[arg-type]
        verify_line = ""
        if shutil.which("pdfsig"):
            t_pdfsig, _ = timed(
                lambda: subprocess.run(
                    ["pdfsig", str(work / "signed.pdf")], capture_output=True, check=False
                ),
                clock=time.perf_counter,
            )
            from sealdesk.signing.pdf.verify import verify_pdf

            # our verifier works in a thread: wall time, as pdfsig's; neither trusts the root
            t_verify, _ = timed(lambda: verify_pdf(signed_one), clock=time.perf_counter)
            verify_line = (
                f"{'verify (ours vs pdfsig)':<34}{t_verify:>9.2f} s{t_pdfsig:>9.2f} s"
                f"{t_verify / t_pdfsig:>8.2f}  <= 1"
            )

        small = [make_document(10, work / f"b{i:03}.pdf") for i in range(1)]
        for i in range(1, args.batch):
            shutil.copy(small[0], work / f"b{i:03}.pdf")
        jobs = [(work / f"b{i:03}.pdf", work / f"b{i:03}-signed.pdf") for i in range(args.batch)]
        t_batch, results = timed(
            lambda: sign_batch(jobs, signer=signer, runs=[one], overwrite=True),
            repeat=1,
            clock=time.perf_counter,
        )
        assert all(r.ok for r in results)  # type: ignore[attr-defined]

    print(f"{'figure':<34}{'SealDesk':>11}{'baseline':>11}{'ratio':>8}  target")
    print(
        f"{'sign, one seal (token, RSA)':<34}{t_ours:>9.2f} s{t_bare:>9.2f} s"
        f"{t_ours / t_bare:>8.2f}  <= 1.5"
    )
    print(
        f"{'cross-page seal, all pages':<34}{t_cross:>9.2f} s{t_ours:>9.2f} s"
        f"{t_cross / t_ours:>8.2f}  <= 2"
    )
    print(
        f"{'cross-page growth per page':<34}{(growth - image_cost) / args.pages:>9.0f} B"
        f"{'':>11}{'':>8}  < 1024 (+ picture {image_cost // 1024} KB once)"
    )
    if verify_line:
        print(verify_line)
    print(
        f"{f'batch of {args.batch} (10 pages each)':<34}{args.batch / t_batch * 60:>9.0f} /min"
        f"{'':>19}  >= 100"
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
