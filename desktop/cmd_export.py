"""`sealdesk sealbox export BOX --from DAY --to DAY --email ADDR`: 导出记录, a box's records of
the days mailed as a CSV file by the platform (主管理员/管理员). Exit codes: 2 a value refused
before anything is sent, 5 no such box, 11/12 the platform refused / cannot be reached."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from sealdesk.desktop.cliutil import Output
from sealdesk.desktop.cmd_keeper import _run
from sealdesk.desktop.errors import EXIT_OK
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    from sealdesk.app.sealbox import Keeper
    from sealdesk.app.settings import Settings


def cmd_export(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.app import sealbox_export
    from sealdesk.app.sealbox_track import parse_time

    start, end = parse_time(args.start), parse_time(args.end, end=True)
    sealbox_export.check_export(start, end, args.email)  # exit 2 before the platform is asked

    async def work(k: Keeper) -> dict[str, Any]:
        return await sealbox_export.export(k, args.box, from_ms=start, to_ms=end, email=args.email)

    result = _run(args, work)
    out.document(result)
    out.line(tr("cli.sb_exported", n=result["records"], email=result["email"]))
    return EXIT_OK
