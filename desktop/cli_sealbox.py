"""The arguments of `sealdesk sealbox …` (light; the commands are in cmd_sealbox)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sealdesk.desktop.cliutil import Parser, common

SITUATIONS = ("normal", "powering-off", "qr", "screen-off", "power-on")


def add_parsers(sub: Any) -> None:
    """Register `sealbox` and its subcommands on the top-level subparsers."""
    sealbox = sub.add_parser("sealbox", help="smart seal boxes over Bluetooth LE").add_subparsers(
        dest="sealbox_command", required=True, parser_class=Parser
    )
    scan = sealbox.add_parser(
        "scan",
        parents=[common(module=False)],
        help="seal boxes in range (SEALDESK_BLE_SIM: simulated)",
    )
    scan.add_argument("--timeout", type=float, default=3.0, help="seconds to listen (default 3)")

    records = sealbox.add_parser(
        "records",
        parents=[common(module=False)],
        help="download a box's new records (and photos) to a local folder",
    )
    records.add_argument("--box", required=True, metavar="NAME|MAC", help="the box's name or MAC")
    records.add_argument(
        "--out", type=Path, metavar="DIR", help="folder (default: the data folder, per box)"
    )
    records.add_argument("--no-photos", action="store_true", help="records only")

    simulate = sealbox.add_parser(
        "simulate", parents=[common(module=False)], help="run a simulated box until Ctrl+C"
    )
    simulate.add_argument("--model", required=True, choices=("GL", "L"), help="GL or L")
    simulate.add_argument("--name", required=True, help="the name it advertises, e.g. ZGY_GL")
    simulate.add_argument("--state", required=True, type=Path, metavar="DIR", help="its storage")
    simulate.add_argument(
        "--listen",
        metavar="127.0.0.1:PORT",
        help="put its radio on a link other processes reach (SEALDESK_BLE_SIM); a second box "
        "given the same address joins the first one's link",
    )

    sim = sealbox.add_parser("sim", help="act on a simulated box's state folder").add_subparsers(
        dest="sim_command", required=True, parser_class=Parser
    )
    press = sim.add_parser("press", parents=[common(module=False)], help="press the seal once")
    press.add_argument("--state", required=True, type=Path, metavar="DIR")
    press.add_argument(
        "--situation", choices=SITUATIONS, default="normal", help="what the box is doing"
    )
    press.add_argument("--fingerprint", action="store_true", help="a finger on the reader")
    show = sim.add_parser(
        "show", parents=[common(module=False)], help="screen, counters and stored records"
    )
    show.add_argument("--state", required=True, type=Path, metavar="DIR")
