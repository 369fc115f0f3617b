"""`sealdesk ofd render` and `sealdesk ofd to-pdf`: OFD pages as pictures or as PDF."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sealdesk.app.outputs import check_outputs
from sealdesk.app.settings import Settings
from sealdesk.desktop import i18n
from sealdesk.desktop.cliutil import Output, read_input
from sealdesk.desktop.errors import EXIT_INPUT, EXIT_NOT_FOUND, EXIT_OK, Problem, UsageError
from sealdesk.desktop.i18n import tr
from sealdesk.signing.fileio import write_atomic

# the renderer imports PyMuPDF (slow to load): only these commands import it
if TYPE_CHECKING:
    from sealdesk.signing.ofd.document import OfdDocument


def _problem(out: Output, problem: Problem) -> int:
    """Report a problem the way `main` does and return its exit code."""
    if out.as_json:
        print(json.dumps(problem.as_json(), ensure_ascii=False), flush=True)
    else:
        print(problem.message, file=sys.stderr, flush=True)
    return problem.code


def _load(path: Path) -> OfdDocument:
    from sealdesk.signing.ofd.render import load_document

    return load_document(read_input(path))


def _refused(out: Output, e: Exception) -> int:
    reason = getattr(e, "reason", "input")
    message = e.message(i18n.language()) if hasattr(e, "message") else str(e)
    return _problem(out, Problem(EXIT_INPUT, f"ofd_{reason}", message))


def cmd_render(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.signing.ofd.package import OfdInputError
    from sealdesk.signing.ofd.render import render_png

    check_outputs([args.output], [args.file], overwrite=args.overwrite)
    if args.dpi <= 0:
        raise UsageError(tr("err.ofd_dpi", dpi=args.dpi))
    try:
        doc = _load(args.file)
        count = len(doc.pages)
        if not 1 <= args.page <= count:
            message = tr("err.ofd_page", page=args.page, count=count)
            return _problem(out, Problem(EXIT_NOT_FOUND, "ofd_page", message))
        png = render_png(doc, args.page - 1, dpi=args.dpi)
    except OfdInputError as e:
        return _refused(out, e)
    write_atomic(args.output, png, overwrite=args.overwrite)
    out.document(
        {
            "file": str(args.file),
            "output": str(args.output),
            "page": args.page,
            "dpi": args.dpi,
            "warnings": _warnings(out, doc),
        }
    )
    out.line(tr("ok.ofd_rendered", path=args.output, page=args.page, dpi=f"{args.dpi:g}"))
    return EXIT_OK


def _warnings(out: Output, doc: OfdDocument) -> list[str]:
    """What was drawn without a missing part: said on stderr, and in the JSON."""
    said = [zh if i18n.language() != "en" else en for zh, en in doc.warnings]
    if not out.as_json:
        for warning in said:
            print(f"! {warning}", file=sys.stderr)
    return said


def cmd_to_pdf(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.signing.ofd.package import OfdInputError
    from sealdesk.signing.ofd.render import to_pdf

    check_outputs([args.output], [args.file], overwrite=args.overwrite)
    try:
        doc = _load(args.file)
        pdf = to_pdf(doc)
    except OfdInputError as e:
        return _refused(out, e)
    write_atomic(args.output, pdf, overwrite=args.overwrite)
    out.document(
        {
            "file": str(args.file),
            "output": str(args.output),
            "pages": len(doc.pages),
            "warnings": _warnings(out, doc),
        }
    )
    out.line(tr("ok.ofd_pdf", path=args.output, pages=len(doc.pages)))
    return EXIT_OK
