"""`sealdesk sign` and `sealdesk verify` for PDF and OFD files."""

from __future__ import annotations

import argparse
import math
import os
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sealdesk.app.batch import Step, sign_batch
from sealdesk.app.keys import key_signer, open_module
from sealdesk.app.outputs import check_outputs
from sealdesk.app.settings import Settings
from sealdesk.app.verification import verification_trust, verify_bytes
from sealdesk.desktop import i18n
from sealdesk.desktop.cliutil import ENV_PIN, Output, cli_pin, common
from sealdesk.desktop.errors import (
    EXIT_INDETERMINATE,
    EXIT_INPUT,
    EXIT_INVALID,
    EXIT_OK,
    UsageError,
    describe,
)
from sealdesk.desktop.i18n import tr
from sealdesk.signing.fileio import write_atomic
from sealdesk.signing.jobs import (
    CrossPage,
    Placement,
    QrSpec,
    SealPicture,
    SignOptions,
)
from sealdesk.signing.pemder import der_blobs
from sealdesk.signing.ses import parse_seal
from sealdesk.signing.signer import Signer
from sealdesk.signing.softkey import SoftKeySigner, load_certificate
from sealdesk.ukey import TokenSession

# pyHanko, PyMuPDF and the seal fonts take ~2 s to import: only the commands that use them
# import them, so `sealdesk key list` and friends start at once
if TYPE_CHECKING:
    from sealdesk.app.store import Store
    from sealdesk.signing.verdicts import DocumentReport

ENV_PDF_PASSWORD = "SEALDESK_PDF_PASSWORD"  # noqa: S105 (a variable name)


def add_parsers(sub: Any) -> None:
    """Register `sign` and `verify` on the top-level subparsers."""
    add_verify_parser(sub)
    sign = sub.add_parser(
        "sign", parents=[common(token=True)], help="sign PDF and OFD files with seals"
    )
    sign.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    out = sign.add_mutually_exclusive_group(required=True)
    out.add_argument("-o", "--output", type=Path, help="output file (one input)")
    out.add_argument("--out-dir", type=Path, help="output folder (several inputs)")
    sign.add_argument("--key-file", type=Path, help="soft key (PEM/DER/PKCS#12)")
    sign.add_argument("--cert-file", type=Path, help="its certificate")
    sign.add_argument("--key-id", help="key on the token: CKA_ID in hex")
    sign.add_argument("--seal", help="seal name in the key, or a .esl file")
    sign.add_argument("--image", type=Path, help="seal picture (PNG) instead of a seal")
    sign.add_argument(
        "--place",
        action="append",
        default=[],
        type=_placement,
        metavar="PAGE:X_MM,Y_MM[,SIZE_MM]",
        help="one signature per --place",
    )
    sign.add_argument(
        "--cross-page",
        type=_cross_page,
        metavar="EDGE[:FROM-TO][@POS_MM]",
        help="cross-page seal (骑缝章): left|right|top|bottom",
    )
    sign.add_argument("--keyword", help="centre the seal on this text")
    sign.add_argument("--occurrence", choices=("all", "first", "last"), default="first")
    sign.add_argument(
        "--offset",
        type=_offset,
        default=(0.0, 0.0),
        metavar="DX,DY",
        help="move the seal from the keyword, in mm",
    )
    sign.add_argument("--qr", action="store_true", help="add an anti-counterfeit QR code")
    sign.add_argument(
        "--qr-place",
        type=_qr_place,
        metavar="PAGE:X,Y,SIZE",
        help="where the QR goes (mm); default last page, bottom left",
    )
    sign.add_argument("--tsa", metavar="URL", help="RFC 3161 timestamp server (PAdES B-T)")
    sign.add_argument(
        "--crl",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="CRL to embed with the signature (PAdES LT); repeatable",
    )
    sign.add_argument(
        "--trust",
        type=Path,
        action="append",
        default=[],
        metavar="PEM",
        help="root the chain is validated to when embedding CRLs",
    )
    sign.add_argument("--reason", help="reason written into the signature")
    sign.add_argument("--overwrite", action="store_true")


def add_verify_parser(sub: Any) -> None:
    """Register `verify`."""
    verify = sub.add_parser(
        "verify", parents=[common(module=False)], help="verify signed PDF files offline"
    )
    verify.add_argument("files", nargs="+", type=Path, metavar="FILE")
    verify.add_argument(
        "--trust",
        type=Path,
        action="append",
        default=[],
        metavar="PEM",
        help="trusted root certificate(s), PEM or DER (repeatable)",
    )
    verify.add_argument(
        "--crl",
        type=Path,
        action="append",
        default=[],
        help="cached CRL file(s) for offline revocation checks",
    )
    verify.add_argument("--online", action="store_true", help="may fetch revocation data")
    verify.add_argument("--report", type=Path, metavar="OUT.pdf", help="write a PDF report")
    verify.add_argument("--overwrite", action="store_true", help="replace an existing report")


def cmd_verify(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.signing.ofd.package import OfdInputError
    from sealdesk.signing.pdf.verify import PdfInputError
    from sealdesk.signing.report import build_report

    if args.report is not None:
        inputs = [*args.files, *args.trust, *args.crl]
        check_outputs([args.report], inputs, overwrite=args.overwrite)
    trust = verification_trust(settings, roots=args.trust, crls=args.crl)
    lang = i18n.language()
    documents: list[dict[str, Any]] = []
    reports: list[DocumentReport] = []
    codes = []
    for path in args.files:
        data = _read(path)
        try:
            report = verify_bytes(
                data,
                trust=trust,
                file=str(path),
                password=os.environ.get(ENV_PDF_PASSWORD),
                online=args.online,
            )
        except (PdfInputError, OfdInputError) as e:
            kind = "ofd" if isinstance(e, OfdInputError) else "pdf"
            error = {"code": EXIT_INPUT, "kind": f"{kind}_{e.reason}", "message": e.message(lang)}
            documents.append({"file": str(path), "format": kind, "error": error})
            out.line(f"✗ {path}: {e.message(lang)}")
            codes.append(EXIT_INPUT)
            continue
        reports.append(report)
        documents.append(report.to_json(lang))
        _print_report(out, documents[-1])
        codes.append(
            {"valid": EXIT_OK, "invalid": EXIT_INVALID}.get(report.verdict, EXIT_INDETERMINATE)
        )
    if args.report is not None:
        write_atomic(args.report, build_report(reports, lang=lang), overwrite=True)
    out.document(documents[0] if len(documents) == 1 else documents)
    for wanted in (EXIT_INVALID, EXIT_INPUT, EXIT_INDETERMINATE):
        if wanted in codes:
            return wanted
    return EXIT_OK


def _der_cert(data: bytes) -> bytes:
    return load_certificate(data)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise UsageError(tr("err.file_unreadable", path=path, detail=e.strerror or str(e))) from e


def _print_report(out: Output, doc: dict[str, Any]) -> None:
    """A verification result (PDF or OFD, as its JSON document) for people."""
    marks = {"valid": "✓", "invalid": "✗", "indeterminate": "?", "unsigned": "–"}
    out.line(f"{marks[doc['verdict']]} {doc['file']}: {tr('verdict.' + doc['verdict'])}")
    for sig in doc["signatures"]:
        when = str(sig.get("signing_time") or "?").replace("T", " ")[:19]
        source = tr("time." + (sig.get("time_source") or "claimed"))
        unit = f" / {sig['unit']}" if sig.get("unit") else ""
        code = f" ({sig['credit_code']})" if sig.get("credit_code") else ""
        name = sig.get("field") or sig.get("id")
        out.line(f"  {marks[sig['verdict']]} {name}: {sig.get('signer') or '?'}{unit}{code}")
        if sig.get("seal_name"):
            out.line(f"      {tr('seal.name')}: {sig['seal_name']}")
        out.line(f"      {when} ({source}) — {tr('verdict.' + sig['verdict'])}")
        for reason in sig["reasons"]:
            out.line(f"      · {reason['message']}")


def _placement(text: str) -> Placement:

    try:
        page, rest = text.split(":", 1)
        numbers = [float(v) for v in rest.split(",")]
        if len(numbers) not in (2, 3) or int(page) < 1 or not all(map(math.isfinite, numbers)):
            raise ValueError(text)
        if len(numbers) == 3 and not 5 <= numbers[2] <= 200:
            raise ValueError(text)
        return Placement(
            int(page), numbers[0], numbers[1], numbers[2] if len(numbers) == 3 else None
        )
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"--place PAGE:X_MM,Y_MM[,SIZE_MM], got {text!r}") from e


def _cross_page(text: str) -> CrossPage:

    try:
        rest, _, pos = text.partition("@")
        edge, _, pages = rest.partition(":")
        first = last = None
        if pages:
            a, _, b = pages.partition("-")
            first, last = int(a), int(b)
        if edge not in ("left", "right", "top", "bottom"):
            raise ValueError(edge)
        return CrossPage(edge, first, last, float(pos) if pos else None)  # type: ignore[arg-type]
    except ValueError as e:
        raise argparse.ArgumentTypeError(
            f"--cross-page EDGE[:FROM-TO][@POS_MM] with EDGE left|right|top|bottom, got {text!r}"
        ) from e


def _offset(text: str) -> tuple[float, float]:
    try:
        dx, dy = (float(v) for v in text.split(","))
        return dx, dy
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"--offset DX,DY in mm, got {text!r}") from e


def _qr_place(text: str) -> QrSpec:

    try:
        page, rest = text.split(":", 1)
        x, y, size = (float(v) for v in rest.split(","))
        return QrSpec(int(page), x, y, size)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"--qr-place PAGE:X,Y,SIZE in mm, got {text!r}") from e


def _jobs(args: argparse.Namespace) -> list[tuple[Path, Path]]:
    """(input, output) pairs; refuses an output that is an input, another file's output, or
    (without --overwrite) an existing file."""
    if args.output is not None:
        if len(args.inputs) != 1:
            raise UsageError(tr("err.one_output"))
        jobs = [(args.inputs[0], args.output)]
    else:
        jobs = [(p, args.out_dir / p.name) for p in args.inputs]
    inputs = [*args.inputs, *args.crl, *args.trust, *filter(None, (args.key_file, args.cert_file))]
    check_outputs([target for _, target in jobs], inputs, overwrite=args.overwrite)
    if args.out_dir is not None:
        args.out_dir.mkdir(parents=True, exist_ok=True)
    return jobs


def _signer(args: argparse.Namespace, settings: Settings) -> tuple[Signer, TokenSession | None]:
    if args.key_file:
        password = os.environ.get(ENV_PIN)
        return SoftKeySigner.from_files(args.key_file, args.cert_file, password), None
    module, _ = open_module(args.module, settings)
    key_id = bytes.fromhex(args.key_id) if args.key_id else None
    return key_signer(module, args.token, cli_pin, key_id)


def _seal(args: argparse.Namespace, session: TokenSession | None) -> SealPicture | None:
    from sealdesk.signing.seal_image import seal_picture_size

    if args.image:
        png = args.image.read_bytes()
        w, h = seal_picture_size(png)
        return SealPicture(png, w, h, None)
    if not args.seal:
        return None
    path = Path(args.seal)
    if path.suffix.lower() == ".esl" and path.is_file():
        der = path.read_bytes()
    elif session is not None:
        der = session.read_data(args.seal)
    else:
        raise UsageError(tr("err.seal_needs_token", name=args.seal))
    seal = parse_seal(der)
    return SealPicture(
        seal.picture, seal.picture_width_mm, seal.picture_height_mm, seal.name, seal_der=der
    )


def _records_store() -> Store | None:
    """The records store; one that cannot be opened costs the records, not the signing."""
    from sealdesk.app.store import StoreError, shared_store

    try:
        store = shared_store()
    except StoreError as e:
        print(tr("err.store", detail=str(e)), file=sys.stderr)
        return None
    for notice in store.notices:
        print(notice.message(i18n.language()), file=sys.stderr)
    return store


def cmd_sign(args: argparse.Namespace, out: Output, settings: Settings) -> int:

    jobs = _jobs(args)
    for source, _target in jobs:
        if not source.is_file():
            raise UsageError(tr("err.file_unreadable", path=source, detail="not found"))
    signer, session = _signer(args, settings)  # one login for the whole batch
    cancel = threading.Event()
    # Ctrl+C, a terminal closed or a service stop: the file being written is finished or
    # dropped whole, the rest are not started
    stops = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {s: signal.signal(s, lambda *_: cancel.set()) for s in stops}
    try:
        seal = _seal(args, session)
        if (args.place or args.keyword or args.cross_page) and seal is None:
            raise UsageError(tr("err.place_needs_seal"))
        options = SignOptions(
            placements=args.place,
            seal=seal,
            cross_page=args.cross_page,
            qr=args.qr_place or (QrSpec() if args.qr else None),
            keyword=args.keyword,
            occurrence=args.occurrence,
            keyword_offset_mm=args.offset,
            reason=args.reason,
            tsa_url=args.tsa,
            crls=[der for p in args.crl for der in der_blobs(_read(p))],
            trust_roots=[_der_cert(r) for r in verification_trust(settings, roots=args.trust).roots]
            if args.crl
            else [],
            password=os.environ.get(ENV_PDF_PASSWORD),
        )

        def progress(step: Step) -> None:
            if not out.as_json and sys.stderr.isatty() and len(jobs) > 1:
                bar = "#" * int(step.fraction * 30)
                name = str(step.source)[-40:]
                print(f"\r[{bar:<30}] {step.fraction:4.0%} {name:<40}", end="", file=sys.stderr)

        results = sign_batch(
            jobs,
            signer=signer,
            runs=[options],
            overwrite=args.overwrite,
            progress=progress,
            cancel=cancel,
            store=_records_store(),
        )
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)
        if session is not None:
            session.close()
    if not out.as_json and sys.stderr.isatty() and len(jobs) > 1:
        print(file=sys.stderr)
    if len(jobs) == 1 and results and not results[0].ok and results[0].error is not None:
        raise results[0].error  # one file: its error is the command's error
    lang = i18n.language()
    rows = []
    done = [r for r in results if not r.cancelled]
    for r in done:
        problem = describe(r.error) if r.error else None
        message = (
            r.error.message(lang)
            if hasattr(r.error, "message")
            else (problem.message if problem else str(r.error or ""))
        )
        rows.append(
            {
                "input": str(r.source),
                "output": str(r.output) if r.output else None,
                "ok": r.ok,
                **({} if r.ok else {"error": message}),
            }
        )
        out.line(f"✓ {r.source} → {r.output}" if r.ok else f"✗ {r.source}: {message}")
    skipped = [str(r.source) for r in results if r.cancelled]
    failed = sum(not r.ok for r in done)
    out.document(
        {"files": rows, "signed": len(done) - failed, "failed": failed, "cancelled": skipped}
    )
    out.line(
        tr("ok.sign_summary", signed=len(done) - failed, failed=failed, cancelled=len(skipped))
    )
    if failed == 0 and not skipped:
        return EXIT_OK
    return 1 if failed else 130


COMMANDS = {("sign", None): cmd_sign, ("verify", None): cmd_verify}
