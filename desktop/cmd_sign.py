"""`sealdesk sign` for PDF and OFD files: what the command does."""

from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from sealdesk.app.batch import Step, look_before_signing, sign_batch
from sealdesk.app.keys import key_session, open_module, signer_for
from sealdesk.app.outputs import check_outputs
from sealdesk.app.settings import Settings
from sealdesk.app.verification import verification_trust
from sealdesk.desktop import cli_pdf, i18n
from sealdesk.desktop.cliutil import (
    Output,
    cli_pin,
    key_file_signer,
    read_input,
    with_hint,
)
from sealdesk.desktop.errors import (
    EXIT_OK,
    UsageError,
    describe,
)
from sealdesk.desktop.i18n import tr
from sealdesk.desktop.keys import certificate_summary
from sealdesk.signing.errors import SignError
from sealdesk.signing.jobs import (
    CrossPage,
    QrSpec,
    SealPicture,
    SignOptions,
    check_cross_page_group,
    cross_page_figures,
)
from sealdesk.signing.pemder import der_blobs
from sealdesk.signing.ses import parse_seal
from sealdesk.signing.signer import Signer
from sealdesk.signing.softkey import load_certificate
from sealdesk.ukey import TokenSession

# pyHanko, PyMuPDF and the seal fonts take ~2 s to import: only the commands that use them
# import them, so `sealdesk key list` and friends start at once
if TYPE_CHECKING:
    from sealdesk.app.store import Store


def _der_cert(data: bytes) -> bytes:
    return load_certificate(data)


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


def _cross_page(args: argparse.Namespace) -> CrossPage | None:
    """The cross-page seal asked, with its group size; a wrong size is said before the PIN."""
    if args.cross_page_group is None:
        return args.cross_page  # type: ignore[no-any-return]
    if args.cross_page is None:
        raise UsageError(tr("err.cross_group_alone"))
    spec = dataclasses.replace(args.cross_page, group=args.cross_page_group)
    check_cross_page_group(spec, SignError)
    return spec


def _session(args: argparse.Namespace, settings: Settings) -> TokenSession | None:
    """The key's session, logged in (one PIN entry for the whole batch); None for a key file."""
    if args.key_file:
        return None
    module, _ = open_module(args.module, settings)
    return key_session(module, args.token, cli_pin)


def _signer(
    args: argparse.Namespace, session: TokenSession | None, seal: SealPicture | None
) -> Signer:
    """The key file's signer, or the key's: the one ``--key-id`` names, else the one the seal
    names (said on stderr, so a script's output stays its own)."""
    if session is None:
        return key_file_signer(args.key_file, args.cert_file)
    key_id = bytes.fromhex(args.key_id) if args.key_id else None
    signer = signer_for(session, key_id, seal.seal_der if seal else None)
    return signer


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
    cross_page = _cross_page(args)
    for source, _target in jobs:
        if not source.is_file():
            raise UsageError(tr("err.file_unreadable", path=source, detail="not found"))
    password = os.environ.get(cli_pdf.ENV_PDF_PASSWORD)
    warnings = look_before_signing([source for source, _t in jobs], password=password)
    if not out.as_json:  # said before the PIN is asked (JSON has them per file)
        for source, found in warnings.items():
            for warning in found:
                print(f"! {source}: {warning.message(i18n.language())}", file=sys.stderr)
    session = _session(args, settings)  # one login for the whole batch
    cancel = threading.Event()
    # Ctrl+C, a terminal closed or a service stop: the file being written is finished or
    # dropped whole, the rest are not started
    stops = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {s: signal.signal(s, lambda *_: cancel.set()) for s in stops}
    try:
        seal = _seal(args, session)
        if (args.place or args.keyword or args.cross_page) and seal is None:
            raise UsageError(tr("err.place_needs_seal"))
        signer = _signer(args, session, seal)
        certificate = certificate_summary(signer.certificate)
        if not out.as_json:
            name = certificate.get("subject_cn") or certificate.get("error")
            print(tr("sign.with_certificate", name=name), file=sys.stderr)
        options = SignOptions(
            placements=args.place,
            seal=seal,
            cross_page=cross_page,
            qr=args.qr_place or (QrSpec() if args.qr else None),
            keyword=args.keyword,
            occurrence=args.occurrence,
            keyword_offset_mm=args.offset,
            reason=args.reason,
            tsa_url=args.tsa,
            crls=[der for p in args.crl for der in der_blobs(read_input(p))],
            trust_roots=[_der_cert(r) for r in verification_trust(settings, roots=args.trust).roots]
            if args.crl
            else [],
            password=password,
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
            warnings=warnings,
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
        message = with_hint(
            problem.kind if problem else "",
            r.error.message(lang)
            if hasattr(r.error, "message")
            else (problem.message if problem else str(r.error or "")),
        )
        rows.append(
            {
                "input": str(r.source),
                "output": str(r.output) if r.output else None,
                "ok": r.ok,
                **({} if r.ok else {"error": message}),
                "warnings": [w.to_json(lang) for w in r.warnings],
                **(
                    {"cross_page_groups": [g.to_json() for g in r.cross_page]}
                    if r.cross_page
                    else {}
                ),
            }
        )
        out.line(f"✓ {r.source} → {r.output}" if r.ok else f"✗ {r.source}: {message}")
        if r.cross_page:
            out.line(f"  {tr('sign.cross_groups', **cross_page_figures(r.cross_page))}")
    skipped = [str(r.source) for r in results if r.cancelled]
    failed = sum(not r.ok for r in done)
    out.document(
        {
            "files": rows,
            "signed": len(done) - failed,
            "failed": failed,
            "cancelled": skipped,
            "certificate": certificate,
        }
    )
    out.line(
        tr("ok.sign_summary", signed=len(done) - failed, failed=failed, cancelled=len(skipped))
    )
    if failed == 0 and not skipped:
        return EXIT_OK
    return 1 if failed else 130
