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
from sealdesk.desktop.i18n import tr
from sealdesk.signing.errors import OfdInputError
from sealdesk.signing.fileio import write_atomic

if TYPE_CHECKING:
    from sealdesk.app.settings import Settings
    from sealdesk.signing.verdicts import DocumentReport


def cmd_verify(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.signing.pdf.verify import PdfInputError

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
        _print_report(out, documents[-1])
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


def _print_report(out: Output, doc: dict[str, Any]) -> None:
    """A verification result (PDF or OFD, as its JSON document) for people."""
    marks = {"valid": "✓", "invalid": "✗", "indeterminate": "?", "unsigned": "–"}
    out.line(f"{marks[doc['verdict']]} {doc['file']}: {tr('verdict.' + doc['verdict'])}")
    for problem in doc.get("problems", []):
        out.line(f"  · {problem['message']}")
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
