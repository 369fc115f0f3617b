"""The arguments of `sealdesk ofd …` (light; the commands are in cmd_ofd)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sealdesk.desktop.cliutil import Parser, common


def add_parsers(sub: Any) -> None:
    """Register `ofd render` and `ofd to-pdf` on the top-level subparsers."""
    ofd = sub.add_parser("ofd", help="OFD documents").add_subparsers(
        dest="ofd_command", required=True, parser_class=Parser
    )
    render = ofd.add_parser(
        "render", parents=[common(module=False)], help="one page as a PNG picture"
    )
    render.add_argument("file", type=Path, metavar="FILE")
    render.add_argument("--page", type=int, default=1, help="page number, from 1")
    render.add_argument("--dpi", type=float, default=96.0, help="resolution (default 96)")
    render.add_argument("-o", "--output", type=Path, required=True, metavar="PAGE.png")
    render.add_argument("--overwrite", action="store_true")
    to_pdf = ofd.add_parser(
        "to-pdf", parents=[common(module=False)], help="the whole document as PDF"
    )
    to_pdf.add_argument("file", type=Path, metavar="FILE")
    to_pdf.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf")
    to_pdf.add_argument("--overwrite", action="store_true")
