"""`sealdesk sealbox history|grants|rename`: a unit's seal boxes on the platform alone (no
radio): 使用记录 and 异常记录 in the tabs of seed 003 (全部, 我使用, 我管理), the grants (预先授权
waiting for activation among them, 待我使用 with --mine), and a box's 设备名称 and 备注.
Exit codes as the other keeper commands: 2 a value refused before anything is sent,
5 no such box, 11/12 the platform refused / cannot be reached."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from sealdesk.desktop.cliutil import Output
from sealdesk.desktop.cmd_keeper import _run
from sealdesk.desktop.errors import EXIT_OK
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    from sealdesk.app.sealbox import Keeper
    from sealdesk.app.settings import Settings

Json = dict[str, Any]


def _time(ms: int | None) -> str:
    if not ms:
        return "-"
    return dt.datetime.fromtimestamp(ms / 1000).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _record_line(r: Json) -> str:
    what = (
        tr("cli.sb_record_stamp", used=r["used"])
        if r["kind"] == "stamp"
        else tr("cli.sb_record_abnormal", cause=r.get("cause") or "-")
    )
    photo = tr("cli.sb_record_photo") if r.get("photo") else ""
    who = r.get("user_name") or r.get("user_id") or "-"
    where = r.get("place") or tr("cli.sb_place_unknown")
    return f"{_time(r['time_ms'])}  {r.get('box_name') or '?'}  {who}  {where}  {what}{photo}"


def cmd_history(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.app import sealbox_view

    async def work(k: Keeper) -> Json:
        return await sealbox_view.history(
            k, view=args.view, kind=args.kind, box=args.box, limit=args.limit
        )

    result = _run(args, work)
    out.document(result)
    for r in result["records"]:
        out.line(_record_line(r))
    if not result["records"]:
        out.line(tr(f"cli.sb_history_none_{args.view}"))
    return EXIT_OK


def cmd_grants(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.desktop.platform_words import grant_line

    async def work(k: Keeper) -> Json:
        if args.mine:
            grants = await k.platform_call(k.api.my_grants)
        else:
            box = await k.find(args.box) if args.box else None
            grants = await k.platform_call(k.api.grants, box["id"] if box else None)
        if args.mine and args.box:
            box = await k.find(args.box)
            grants = [g for g in grants if g["box_id"] == box["id"]]
        return {"grants": [g for g in grants if args.state in (None, g["state"])]}

    result = _run(args, work)
    out.document(result)
    for g in result["grants"]:
        out.line(f"{g['id']}  {grant_line(g, _seconds)}")
    if not result["grants"]:
        out.line(tr("cli.sb_grants_none"))
    return EXIT_OK


def _seconds(seconds: int) -> str:
    return _time(seconds * 1000)[:16]


def cmd_rename(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.app import sealbox_view

    # checked before anything is sent (exit 2): blank, too long, control characters
    name, note = sealbox_view.check_rename(args.name, args.note)

    async def work(k: Keeper) -> Json:
        return await sealbox_view.rename(k, args.box, name=name, note=note)

    result = _run(args, work)
    out.document(result)
    b = result["box"]
    out.line(tr("cli.sb_renamed", before=result["before"]["name"], name=b["name"]))
    if b.get("note"):
        out.line(tr("cli.sb_box_note", note=b["note"]))
    return EXIT_OK
