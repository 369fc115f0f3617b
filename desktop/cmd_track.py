"""`sealdesk sealbox place|track|sms`: where this computer is (sent with every box it
reaches, the box's 使用位置 and last known position), a box's 轨迹 (its newest 100 uses,
searched by time, person and place) and the SMS the platform sent about uses and lost-locks.
Exit codes: 2 a value refused before anything is sent, 5 no such box, 11/12 the platform
refused / cannot be reached."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING, Any

from sealdesk.desktop.cliutil import Output
from sealdesk.desktop.cmd_boxes import _time
from sealdesk.desktop.cmd_keeper import _run, when
from sealdesk.desktop.errors import EXIT_OK
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    from sealdesk.app.sealbox import Keeper
    from sealdesk.app.settings import Settings

Json = dict[str, Any]


def cmd_place(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.app import sealbox_track

    if args.action == "show":
        kept = sealbox_track.place()
    else:
        kept = sealbox_track.set_place(args.text if args.action == "set" else "")
    out.document({"place": kept or None})
    out.line(tr("cli.sb_place", place=kept) if kept else tr("cli.sb_place_none"))
    return EXIT_OK


def _ms(text: str | None, *, end: bool = False) -> int | None:
    """WHEN in milliseconds; ``--to`` a date alone: until the end of that day."""
    if text is not None and end and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        from sealdesk.app import sealbox_track

        return sealbox_track.parse_time(text, end=True)
    seconds = when(text)
    return None if seconds is None else seconds * 1000


def track_line(r: Json) -> str:
    """One use in 轨迹: when, who, where, what."""
    what = (
        tr("cli.sb_record_stamp", used=r["used"])
        if r["kind"] == "stamp"
        else tr("cli.sb_record_abnormal", cause=r.get("cause") or "-")
    )
    who = r.get("user_name") or r.get("user_id") or "-"
    photo = tr("cli.sb_record_photo") if r.get("photo") else ""
    return f"{_time(r['time_ms'])}  {who}  {r.get('place') or tr('cli.sb_place_unknown')}  " + (
        f"{what}{photo}"
    )


def cmd_track(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.app import sealbox_track

    start, end = _ms(args.start), _ms(args.end, end=True)

    async def work(k: Keeper) -> Json:
        return await sealbox_track.track(
            k, args.box, from_ms=start, to_ms=end, person=args.person, place=args.place
        )

    result = _run(args, work)
    out.document(result)
    box = result["box"]
    where = box.get("place")
    out.line(
        tr("cli.sb_track_last", box=box["name"], place=where, at=_time(box.get("place_ms")))
        if where
        else tr("cli.sb_track_last_unknown", box=box["name"])
    )
    for r in result["track"]:
        out.line(track_line(r))
    if not result["track"]:
        out.line(tr("cli.sb_track_none"))
    return EXIT_OK


def cmd_sms(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.app import sealbox_track

    async def work(k: Keeper) -> Json:
        return await sealbox_track.sms(k, grant=args.grant, box=args.box)

    result = _run(args, work)
    out.document(result)
    for s in result["sms"]:
        state = tr(f"cli.sb_sms_{s['state']}")
        who = s.get("person_name") or s["person_id"]
        out.line(f"{_time(s['created_ms'])}  {who}  {state}  {s['text']}")
    if not result["sms"]:
        out.line(tr("cli.sb_sms_none"))
    elif result["capped"]:
        out.line(tr("cli.sb_sms_capped_total", n=result["capped"]))
    return EXIT_OK
