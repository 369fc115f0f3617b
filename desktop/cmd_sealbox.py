"""`sealdesk sealbox …`: scan, download records, and the simulated box (simulate, sim press,
sim show). Every BLE command goes through SEALDESK_BLE_SIM's simulated link when it is set,
else the operating system's Bluetooth through bleak. Errors leave as BoxRefused (exit 13) or
BoxUnreachable (exit 14), turned into words by desktop.errors."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING, Any

from sealdesk.desktop import i18n
from sealdesk.desktop.cliutil import Output
from sealdesk.desktop.errors import UsageError

if TYPE_CHECKING:
    from sealdesk.app.settings import Settings
    from sealdesk.sealbox.simulator.box import Box


def _say(zh: str, en: str) -> str:
    return en if i18n.language() == "en" else zh


def photos_refused_words(result: dict[str, Any]) -> str:
    """A sentence on the photos not kept because they were not what their record said, or
    nothing when there were none."""
    refused = len(result.get("photos_refused") or [])
    if not refused:
        return ""
    return _say(
        f"{refused} 张照片与记录不符，未保存，下次取回时再取。",
        f" {refused} photo(s) unlike their record were not kept; the next fetch asks again.",
    )


def _progress(out: Output) -> Any:
    if out.as_json or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        print(f"\r{_say('记录', 'records')} {done}/{total}", end="", file=sys.stderr, flush=True)

    return show


def cmd_scan(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.sealbox.session import radio, scan

    async def run() -> list[Any]:
        async with radio() as (_, scanner):
            return await scan(timeout=args.timeout, backend=scanner)

    boxes = asyncio.run(run())
    out.document({"boxes": [{"name": b.name, "address": b.address, "rssi": b.rssi} for b in boxes]})
    for b in boxes:
        out.line(f"{b.name}\t{b.address}\t{b.rssi if b.rssi is not None else ''}")
    if not boxes:
        out.line(_say("附近没有印章盒。", "No seal box in range."))
    return 0


def cmd_records(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    if args.server:  # the platform's side: deliver its commands, upload the records
        from sealdesk.desktop.cmd_keeper import cmd_records as with_platform

        return with_platform(args, out)
    from sealdesk.app.store import data_dir
    from sealdesk.sealbox.protocol.messages import Record
    from sealdesk.sealbox.protocol.photos import PhotoDownload
    from sealdesk.sealbox.records import LocalRecords, as_json, refused_photos
    from sealdesk.sealbox.session import BoxSession, radio

    async def run() -> dict[str, Any]:
        async with radio() as (client, scanner):
            session = BoxSession(
                args.box, client_backend=client, scanner_backend=scanner, timeout=args.timeout
            )
            async with session as s:
                device_id = s.device_id
                local = LocalRecords(args.out or data_dir() / "sealbox" / device_id)
                new: list[Record] = []

                def keep(batch: list[Record]) -> None:
                    local.append(batch)
                    new.extend(batch)

                cursor = await s.records(local.cursor(), keep, _progress(out))
                photos = PhotoDownload({})
                if not args.no_photos:
                    photos = await s.photos(local.missing_photos(), local.save_photo)
                return {
                    "device_id": device_id,
                    "folder": str(local.folder),
                    "next_seq": cursor,
                    "new": len(new),
                    "photos": len(photos.done),
                    "photos_refused": refused_photos(photos),
                    "reconnects": s.reconnects,
                    "records": [as_json(r) for r in new],
                }

    result = asyncio.run(run())
    out.document(result)
    out.line(
        _say(
            f"从 {args.box} 取回 {result['new']} 条新记录、{result['photos']} 张照片，"
            f"保存在 {result['folder']}。",
            f"{result['new']} new record(s) and {result['photos']} photo(s) from {args.box}, "
            f"kept in {result['folder']}.",
        )
        + photos_refused_words(result)
    )
    return 0


def cmd_simulate(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.sealbox.simenv import ENV_SIM, parse_endpoint
    from sealdesk.sealbox.simulator.run import run_simulator

    listen = None
    if args.listen:
        try:
            listen = parse_endpoint(args.listen)
        except ValueError as e:
            raise UsageError(_say(f"--listen 应为 127.0.0.1:端口：{e}", f"--listen: {e}")) from e

    def ready(box: Box, where: str) -> None:
        info = box.info()
        doc = {
            "device_id": info.device_id,
            "model": info.model,
            "firmware": info.firmware,
            "name": args.name,
            "address": box.address,
            "state": str(args.state),
            "listen": args.listen,
            "screen": info.screen,
        }
        out.document(doc)
        reach = (
            _say(
                f"，其他进程设置 {ENV_SIM}={args.listen} 即可连接",
                f"; other processes reach it with {ENV_SIM}={args.listen}",
            )
            if args.listen
            else ""
        )
        out.line(
            _say(
                f"模拟印章盒 {args.name}（{info.model}，{info.device_id}，MAC {box.address}，"
                f"固件 {info.firmware}）运行中{reach}。屏幕：{info.screen}。按 Ctrl+C 停止。",
                f"Simulated seal box {args.name} ({info.model}, {info.device_id}, MAC "
                f"{box.address}, firmware {info.firmware}) running{reach}. Screen: {info.screen}. "
                "Ctrl+C stops it.",
            )
        )

    asyncio.run(
        run_simulator(args.state, model=args.model, name=args.name, listen=listen, ready=ready)
    )
    return 0


def cmd_sim(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.sealbox.records import as_json
    from sealdesk.sealbox.simulator.box import Box, Situation

    box = Box.open(args.state)
    try:
        if args.sim_command == "show":
            shown = box.show()
            out.document(shown)
            out.line(f"{shown['name']} ({shown['model']}, {shown['device_id']}): {shown['screen']}")
            count = len(shown["records"])  # type: ignore[arg-type]
            used, granted = shown["used"], shown["granted"] or "∞"
            out.line(
                _say(
                    f"已用 {used}/{granted}，未上传记录 {shown['stored']}/{shown['capacity']}，"
                    f"共 {count} 条记录",
                    f"used {used}/{granted}, not uploaded {shown['stored']}/{shown['capacity']}, "
                    f"{count} record(s)",
                )
            )
            return 0
        press = box.press(situation=Situation(args.situation), fingerprint=args.fingerprint)
    finally:
        box.close()
    record = as_json(press.record) if press.record else None
    out.document(
        {
            "stamped": press.stamped,
            "screen": press.screen,
            "refused": press.refused or None,
            "record": record,
        }
    )
    if press.stamped:
        out.line(_say(f"盖章成功。屏幕：{press.screen}", f"Stamped. Screen: {press.screen}"))
    elif record is not None:
        out.line(
            _say(
                f"未授权的使用，已记为异常记录（{record['cause']}）。屏幕：{press.screen}",
                f"Not authorized: kept as an abnormal record ({record['cause']}). "
                f"Screen: {press.screen}",
            )
        )
    else:
        out.line(
            _say(f"没有盖章。屏幕：{press.screen}", f"Nothing stamped. Screen: {press.screen}")
        )
    return 0
