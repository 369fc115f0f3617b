"""`sealdesk verify`: PDF and OFD files checked offline, as text, JSON and a PDF report.

Lean on purpose: it imports what verification needs and nothing of signing (start-up time).
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING, Any

from sealdesk.app.outputs import check_outputs
from sealdesk.app.verification import verification_trust, verify_bytes
from sealdesk.desktop import cli_pdf, i18n
from sealdesk.desktop.cliutil import Output, read_input, with_hint
from sealdesk.desktop.errors import (
    EXIT_INDETERMINATE,
    EXIT_INPUT,
    EXIT_INVALID,
    EXIT_OK,
)
from sealdesk.signing.errors import OfdInputError, PdfInputError
from sealdesk.signing.fileio import write_atomic

if TYPE_CHECKING:
    from sealdesk.app.settings import Settings
    from sealdesk.signing.verdicts import DocumentReport


def cmd_verify(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    if args.report is not None:
        inputs = [*args.files, *args.trust, *args.crl]
        check_outputs([args.report], inputs, overwrite=args.overwrite)
    trust = verification_trust(settings, roots=args.trust, crls=args.crl)
    lang = i18n.language()
    documents: list[dict[str, Any]] = []
    reports: list[DocumentReport] = []
    codes = []
    for path in args.files:
        data = read_input(path)
        try:
            report = verify_bytes(
                data,
                trust=trust,
                file=str(path),
                password=os.environ.get(cli_pdf.ENV_PDF_PASSWORD),
                online=args.online,
            )
        except (PdfInputError, OfdInputError) as e:
            kind = "ofd" if isinstance(e, OfdInputError) else "pdf"
            message = with_hint(f"{kind}_{e.reason}", e.message(lang))
            error = {"code": EXIT_INPUT, "kind": f"{kind}_{e.reason}", "message": message}
            documents.append({"file": str(path), "format": kind, "error": error})
            out.line(f"✗ {path}: {message}")
            codes.append(EXIT_INPUT)
            continue
        reports.append(report)
        documents.append(report.to_json(lang))
        _print_report(out, report, lang)
        codes.append(
            {"valid": EXIT_OK, "invalid": EXIT_INVALID}.get(report.verdict, EXIT_INDETERMINATE)
        )
    if args.report is not None:
        from sealdesk.signing.report import build_report  # PyMuPDF: only for a report

        write_atomic(args.report, build_report(reports, lang=lang), overwrite=args.overwrite)
    out.document(documents[0] if len(documents) == 1 else documents)
    for wanted in (EXIT_INVALID, EXIT_INPUT, EXIT_INDETERMINATE):
        if wanted in codes:
            return wanted
    return EXIT_OK


def _print_report(out: Output, report: DocumentReport, lang: str) -> None:
    """A verification result (PDF or OFD) for people: the window's words, one line each."""
    from sealdesk.signing.explain import (
        SIGNED_AT,
        details,
        file_headline,
        headline,
        identity,
        said,
        time_words,
    )

    marks = {"valid": "✓", "invalid": "✗", "indeterminate": "?", "unsigned": "–"}
    out.line(f"{marks[report.verdict]} {report.file}: {said(file_headline(report), lang)}")
    for problem in report.problems:
        out.line(f"  · {problem.message(lang)}")
    for n, sig in enumerate(report.signatures, 1):
        out.line(f"  {marks[sig.verdict]} {n}. {said(headline(sig), lang)}")
        for label, value in identity(sig):
            out.line(f"      {said(label, lang)}: {value}")
        out.line(f"      {said(SIGNED_AT, lang)}: {said(time_words(sig), lang)}")
        for reason in sig.reasons:
            out.line(f"      · {reason.message(lang)}")
        for label, value in details(sig):
            out.line(f"      {said(label, lang)}: {value.replace(chr(10), ', ')}")
