"""`sealdesk sealbox features [set (--manual|--batch) --on ITEM --off ITEM]` (功能配置: seen by
everyone, set by the 主管理员 only) and `sealdesk sealbox use --box BOX` (with nothing ticked:
take the free box, no application, no grant by a keeper)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from sealdesk.desktop.cliutil import Output
from sealdesk.desktop.cmd_keeper import _carried, _local, _run
from sealdesk.desktop.errors import EXIT_OK
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    from sealdesk.app.sealbox import Keeper
    from sealdesk.app.settings import Settings

Json = dict[str, Any]


def feature_lines(features: Json) -> list[str]:
    """The mode, then each item ticked [x] or not [ ] with its name and key."""
    lines = [tr("cli.sb_features_head", mode=tr(f"sb.features_{features['mode']}"))]
    for item, on in features["items"].items():
        lines.append(f"  [{'x' if on else ' '}] {tr(f'sb.feature_{item}')}  ({item})")
    if features.get("nothing"):
        lines.append(tr("cli.sb_features_nothing"))
    return lines


def cmd_features(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.app import sealbox_features

    setting = args.action == "set"
    mode = "manual" if args.manual else "batch" if args.batch else None
    if setting:  # checked before anything is sent (exit 2)
        sealbox_features.check_items([*args.on, *args.off])

    async def work(k: Keeper) -> Json:
        if setting:
            await sealbox_features.set_features(k, mode, args.on, args.off)
        return {"features": await k.platform_call(k.api.features)}

    result = _run(args, work)
    out.document(result)
    for line in feature_lines(result["features"]):
        out.line(line)
    return EXIT_OK


def cmd_use(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    async def work(k: Keeper) -> Json:
        return await k.use(args.box)

    def say(result: Json) -> str:
        g = result["grant"]
        return tr("cli.sb_used", box=g["box_name"], user=g["user_name"], end=_local(g["not_after"]))

    return _carried(args, out, work, say)
