"""The arguments of `sealdesk sign` and `sealdesk verify` (light: parsing `--help` loads
nothing else; the commands are in cmd_pdf)."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sealdesk.desktop.cliutil import common

if TYPE_CHECKING:
    from sealdesk.signing.jobs import CrossPage, Placement, QrSpec


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
    sign.add_argument(
        "--cross-page-group",
        type=int,
        metavar="N",
        help="stamp the cross-page seal in groups of at most N pages (≥ 2), each a whole "
        "seal; default: groups small enough that every strip is at least 4 mm",
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


def _placement(text: str) -> Placement:
    from sealdesk.signing.jobs import Placement

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
    from sealdesk.signing.jobs import CrossPage

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
    from sealdesk.signing.jobs import QrSpec

    try:
        page, rest = text.split(":", 1)
        x, y, size = (float(v) for v in rest.split(","))
        return QrSpec(int(page), x, y, size)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"--qr-place PAGE:X,Y,SIZE in mm, got {text!r}") from e
