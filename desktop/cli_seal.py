"""The arguments of `sealdesk seal …` (light; the commands are in cmd_seal)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from sealdesk.desktop.cliutil import Parser, common


def add_parsers(sub: Any) -> None:
    """Register `seal` and its subcommands on the top-level subparsers."""
    seal = sub.add_parser("seal", help="electronic seals").add_subparsers(
        dest="seal_command", required=True, parser_class=Parser
    )
    show = seal.add_parser("show", parents=[common(module=False)], help="show and check a seal")
    show.add_argument("file", type=Path, help="SES_Seal (.esl) or SES_Signature (SignedValue.dat)")
    show.add_argument("--picture", type=Path, metavar="OUT", help="save the seal picture")
    show.add_argument("--overwrite", action="store_true", help="replace an existing picture")
    show.add_argument(
        "--trust",
        type=Path,
        action="append",
        default=[],
        metavar="PEM",
        help="trusted root certificate(s) the maker must chain to (repeatable)",
    )

    build = seal.add_parser("build", parents=[common(token=True)], help="make a seal (.esl)")
    build.add_argument("--image", type=Path, required=True, help="seal picture (PNG)")
    build.add_argument("--name", required=True, help="seal name")
    build.add_argument("--type", required=True, help="1|unit, 2|personal, 3|legal")
    build.add_argument("--maker-key", type=Path, help="maker key file (PEM/DER/PKCS#12)")
    build.add_argument("--maker-cert", type=Path, help="maker certificate")
    build.add_argument("--key-id", help="maker key on the token: CKA_ID in hex")
    build.add_argument(
        "--signer-cert",
        type=Path,
        action="append",
        required=True,
        help="a certificate allowed to use the seal (repeatable)",
    )
    build.add_argument("--valid-from", type=_date, help="YYYY-MM-DD (default today)")
    build.add_argument("--valid-to", type=_date, help="YYYY-MM-DD (default +5 years)")
    build.add_argument("--size", type=float, default=None, help="picture size in mm")
    build.add_argument("-o", "--output", type=Path, required=True)
    build.add_argument("--overwrite", action="store_true")

    image = seal.add_parser("image", parents=[common(module=False)], help="draw a seal image")
    image.add_argument("--style", required=True, help="|".join(IMAGE_STYLES))
    image.add_argument("--name", required=True, help="unit or person name")
    image.add_argument("--text", help="horizontal text, e.g. 合同专用章")
    image.add_argument("--code", help="code along the bottom arc")
    image.add_argument("--size", type=float, help="diameter / side in mm (42 for official seals)")
    image.add_argument("-o", "--output", type=Path, required=True, help="OUT.png or OUT.svg")
    image.add_argument("--overwrite", action="store_true")
    imported = seal.add_parser(
        "import",
        parents=[common(module=False)],
        help="a scanned or photographed seal to a clean seal image",
    )
    imported.add_argument("image", type=Path, help="jpg/jpeg/png/gif")
    imported.add_argument("--size", type=float, default=42.0, help="size in mm (default 42)")
    imported.add_argument("-o", "--output", type=Path, required=True, help="OUT.png")
    imported.add_argument("--overwrite", action="store_true")

    seal.add_parser("list", parents=[common(token=True)], help="seals in the key")
    write = seal.add_parser("write", parents=[common(token=True)], help="write a seal into the key")
    write.add_argument("file", type=Path)
    write.add_argument("--label", help="name in the key (default: the seal's name)")
    read = seal.add_parser("read", parents=[common(token=True)], help="copy a seal out of the key")
    read.add_argument("name")
    read.add_argument("-o", "--output", type=Path, required=True)
    read.add_argument("--overwrite", action="store_true")
    delete = seal.add_parser("delete", parents=[common(token=True)], help="delete from the key")
    delete.add_argument("name")


def _date(text: str) -> dt.datetime:
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=dt.UTC)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text}") from e


IMAGE_STYLES = ("official", "party", "union", "youth", "personal", "personal-rect")
