"""The arguments of `sealdesk sealbox …` (light; the commands are in cmd_sealbox)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sealdesk.desktop.cliutil import Parser, common

SITUATIONS = ("normal", "powering-off", "qr", "screen-off", "power-on")
_TIMEOUT = "seconds to look for the box (default 10)"
_BOX = "the box: platform id, device id, 设备名称, MAC or BLE name"


def _whole(text: str, low: int, high: int, more: str = "") -> int:
    """A whole number from ``low`` to ``high`` (argparse's type check)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"{value} is not {low}–{high}{more}")
    return value


def _count(text: str) -> int:
    """A grant's or application's count: 0–500, 0 = unlimited."""
    return _whole(text, 0, 500, " (0 = unlimited)")


def _limit(text: str) -> int:
    """How many records to show: 1–1000."""
    return _whole(text, 1, 1000)


def _version(text: str) -> int:
    """A row's version (``If-Match``): 0 or more."""
    return _whole(text, 0, 10**18 - 1)


def _keeper(sealbox: Any, name: str, text: str, *, box: bool = True, ble: bool = True) -> Any:
    """A keeper's command: on the platform (--server, default the one logged in last)."""
    parser = sealbox.add_parser(name, parents=[common(module=False)], help=text)
    parser.add_argument(
        "--server", metavar="URL", help="the platform (default: the one logged in last)"
    )
    if box:
        parser.add_argument("--box", required=True, metavar="BOX", help=_BOX)
    if ble:
        parser.add_argument("--timeout", type=float, default=10.0, help=_TIMEOUT)
    return parser


def _file_options(parser: Any) -> None:
    """--image / --attach, repeatable: each file checked by its bytes before anything is sent."""
    parser.add_argument(
        "--image", action="append", type=Path, default=[], metavar="FILE",
        help="文件图片: jpg, png or gif (at most 9, 700 kB each); repeatable",
    )  # fmt: skip
    parser.add_argument(
        "--attach", action="append", type=Path, default=[], metavar="FILE",
        help="文件附件: pdf, ofd, doc(x), xls(x), ppt(x), wps, zip, rar, 7z (at most 5, 700 kB "
        "each); repeatable",
    )  # fmt: skip


def _keeper_parsers(sealbox: Any) -> None:
    """bind, unbind, grant, end, settings, lock, unlock, activate; boxes, apply, approve …"""
    _keeper(sealbox, "boxes", "the unit's seal boxes on the platform", box=False, ble=False)
    bind = _keeper(sealbox, "bind", "bind a box in range to the unit (主管理员/管理员)")
    bind.add_argument("--name", required=True, help="设备名称")
    bind.add_argument("--note", default="", help="设备备注")
    _keeper(sealbox, "unbind", "unbind a box in range (its grants ended)")
    grant = _keeper(sealbox, "grant", "下发授权: a person may stamp N times in a window")
    grant.add_argument("--user", metavar="PHONE|ID", help="who stamps (default: the applicant)")
    grant.add_argument("--application", metavar="ID", help="grant this application")
    grant.add_argument(
        "--count",
        type=_count,
        help="0–500, 0 = unlimited (功能配置 用印次数 not ticked: leave out)",
    )
    grant.add_argument("--start", metavar="WHEN", help="now (default), +2h, 2026-12-06T09:00")
    grant.add_argument("--end", metavar="WHEN", help="+8h, 2026-12-06T18:00 …")
    grant.add_argument(
        "--pre", action="store_true", help="预先授权: the person activates it with a code"
    )
    grant.add_argument("--no-photo", action="store_true", help="no 盖章拍照")
    grant.add_argument("--fingerprint", action="store_true", help="校验指纹 (GL boxes)")
    grant.add_argument("--force-upload", action="store_true", help="强制上传记录")
    grant.add_argument("--notify", action="store_true", help="通知")
    grant.add_argument(
        "--usage-mode", default="physical", metavar="physical|electronic",
        help="使用模式: physical 物理印章模式 (default), electronic 电子印章模式",
    )  # fmt: skip
    grant.add_argument("--area", default="", help="用印区域 (at most 50 characters)")
    end = _keeper(sealbox, "end", "结束用印: upload the records, end the box's grant")
    end.add_argument(
        "--grant", metavar="ID", help="this grant (a 预先授权 still waiting is withdrawn)"
    )
    grants = _keeper(
        sealbox, "grants", "授权: the unit's (or --mine, 待我使用), 预先授权 waiting too",
        box=False, ble=False,
    )  # fmt: skip
    grants.add_argument("--box", metavar="BOX", help=_BOX)
    grants.add_argument("--mine", action="store_true", help="待我使用: my open grants")
    grants.add_argument(
        "--state", choices=("active", "waiting", "expired", "ended", "refused"),
        help="waiting 待激活 (预先授权), active 用印中, expired 已过期, ended, refused",
    )  # fmt: skip
    settings = _keeper(sealbox, "settings", "backlight, auto-off, offline mode")
    settings.add_argument("--backlight", type=int, metavar="SECONDS", help="背光 0–180 s")
    settings.add_argument("--auto-off", type=int, metavar="MINUTES", help="自动关机 0–30 min")
    settings.add_argument("--offline", choices=("on", "off"), help="无网络设置")
    settings.add_argument("--code", help="the 主管理员's code (sealdesk sealbox offline-code)")
    _keeper(sealbox, "lock", "挂失锁定: now if the box is in range, else at its next contact")
    _keeper(sealbox, "unlock", "undo a lost-lock (the same way)")
    features = _keeper(
        sealbox, "features", "功能配置: what 申请用印 and 下发授权 ask (set: 主管理员 only)",
        box=False, ble=False,
    )  # fmt: skip
    features.add_argument("action", nargs="?", choices=("show", "set"), default="show")
    base = features.add_mutually_exclusive_group()
    base.add_argument("--manual", action="store_true", help="手动配置: untick everything first")
    base.add_argument("--batch", action="store_true", help="批量配置: tick everything first")
    features.add_argument(
        "--on", action="append", default=[], metavar="ITEM", help="tick ITEM (repeatable)"
    )
    features.add_argument(
        "--off", action="append", default=[], metavar="ITEM", help="untick ITEM (repeatable)"
    )
    _keeper(sealbox, "use", "功能配置 with nothing ticked: take the free box (8 hours)")
    activate = _keeper(sealbox, "activate", "activate one's pre-authorized grant at the box")
    activate.add_argument("--code", required=True, help="the activation code")
    _keeper(sealbox, "offline-code", "the 主管理员's code for 无网络设置 (5 min)", ble=False)
    keepers = _keeper(sealbox, "keepers", "set a box's keepers (at most 3 管章人)", ble=False)
    keepers.add_argument("people", nargs="*", metavar="PHONE|ID", help="none: no keeper")
    keepers.add_argument(
        "--if-match", type=_version, metavar="VERSION",
        help="the keepers' version you saw (keepers_seq in sealbox boxes --json): refused, "
        "exit 11 stale, if another admin changed them since",
    )  # fmt: skip
    role = _keeper(sealbox, "role", "give a person a seal-box role", box=False, ble=False)
    role.add_argument("person", metavar="PHONE|ID")
    role.add_argument("role", choices=("keeper", "box_admin", "member"))
    role.add_argument(
        "--if-match", type=_version, metavar="VERSION",
        help="the person's version you saw (seq in platform people list --json): refused, exit 11 "
        "stale, if the person changed since",
    )  # fmt: skip
    apply = _keeper(sealbox, "apply", "用印申请", ble=False)
    apply.add_argument("--reason", required=True, help="事由")
    apply.add_argument(
        "--count", type=_count, help="0–500, 0 = unlimited (required while 用印次数 is ticked)"
    )
    apply.add_argument("--start", metavar="WHEN", help="now (default)")
    apply.add_argument("--end", metavar="WHEN", help="required while 结束时间 is ticked")
    apply.add_argument("--category", metavar="NAME|ID", help="用印类别")
    apply.add_argument("--file-name", default="")
    apply.add_argument("--file-type", default="")
    apply.add_argument("--copies", default="1", help="份数 (1–10000)")
    apply.add_argument("--department", metavar="NAME|ID", help="部门 (one of the unit's)")
    apply.add_argument("--area", default="", help="区域 (at most 50 characters)")
    apply.add_argument(
        "--file-code", default="", metavar="CODE",
        help="文件标识: a 69 barcode (13 digits, EAN-13) or a QR code's text (at most 200)",
    )  # fmt: skip
    apply.add_argument("--carrier", default="", help="文件载体: 纸质, 电子 … (at most 20)")
    apply.add_argument("--photo-required", action="store_true", help="强制上传图片")
    apply.add_argument("--note", default="", help="备注 (at most 120 characters)")
    _file_options(apply)
    attach = _keeper(
        sealbox, "attach", "文件图片/附件 added to one's 用印申请", box=False, ble=False
    )
    attach.add_argument("application", metavar="ID", help="the application (its id)")
    _file_options(attach)
    files = _keeper(
        sealbox,
        "files",
        "an application's 文件图片/附件: list, download, delete",
        box=False,
        ble=False,
    )
    files.add_argument("application", metavar="ID", help="the application (its id)")
    took = files.add_mutually_exclusive_group()
    took.add_argument(
        "--out", type=Path, metavar="DIR", help="download every file into DIR (made if missing)"
    )
    took.add_argument(
        "--delete", action="append", default=[], metavar="FILE_ID",
        help="take a file off one's own application still waiting (repeatable)",
    )  # fmt: skip
    listing = _keeper(sealbox, "applications", "用印申请 to see", box=False, ble=False)
    listing.add_argument(
        "--view", choices=("mine", "todo", "done", "cc", "all"), default="todo",
        help="todo 待处理 (default), done 已处理, cc 抄送我, mine, all",
    )  # fmt: skip
    history = _keeper(
        sealbox, "history", "使用记录 on the platform: 全部, 我使用, 我管理", box=False, ble=False
    )
    history.add_argument(
        "--view", choices=("all", "mine", "managed"), default="all",
        help="all 全部 (default: what you may see), mine 我使用, managed 我管理 (boxes you keep)",
    )  # fmt: skip
    history.add_argument(
        "--kind", choices=("stamp", "abnormal", "all"), default="stamp",
        help="stamp 使用记录 (default), abnormal 异常记录, all",
    )  # fmt: skip
    history.add_argument("--box", metavar="BOX", help=_BOX)
    history.add_argument(
        "--limit", type=_limit, default=200, help="the newest N, 1–1000 (default 200)"
    )
    _track_parsers(sealbox)
    rename = _keeper(
        sealbox, "rename", "a box's 设备名称 and 设备备注 (主管理员/管理员)", box=False, ble=False
    )
    rename.add_argument("box", metavar="BOX", help=_BOX)
    rename.add_argument("--name", help="设备名称 (1–50 characters)")
    rename.add_argument("--note", help='设备备注 (at most 100; "" clears it)')
    for name, text in (("approve", "通过 an application"), ("reject", "驳回 an application")):
        decide = _keeper(sealbox, name, text, box=False, ble=False)
        decide.add_argument("application", metavar="ID")
        decide.add_argument("--reason", required=name == "reject", default="")


def _track_parsers(sealbox: Any) -> None:
    """place, track, sms: where boxes are used, and what the platform texted about them."""
    place = sealbox.add_parser(
        "place",
        parents=[common(module=False)],
        help="this computer's place, sent with every box it reaches (使用位置)",
    )
    place.add_argument("action", choices=("show", "set", "clear"))
    place.add_argument("text", nargs="?", default="", help="e.g. 总部3楼档案室 (at most 50)")
    track = _keeper(sealbox, "track", "轨迹: a box's newest 100 uses", box=False, ble=False)
    track.add_argument("box", metavar="BOX", help=_BOX)
    track.add_argument("--from", dest="start", metavar="WHEN", help="用印时间 from (2026-12-06)")
    track.add_argument("--to", dest="end", metavar="WHEN", help="用印时间 until")
    track.add_argument("--person", default="", help="使用人: a part of the name")
    track.add_argument("--place", default="", help="使用位置: a part of it")
    sms = _keeper(
        sealbox, "sms", "SMS sent about uses and lost-locks (and those not sent: 50 a day)",
        box=False, ble=False,
    )  # fmt: skip
    sms.add_argument("--grant", metavar="ID", help="about this grant's uses")
    sms.add_argument("--box", metavar="BOX", help=_BOX)
    export = _keeper(
        sealbox, "export", "导出记录: mail a box's records of a range as CSV (主管理员/管理员)",
        box=False, ble=False,
    )  # fmt: skip
    export.add_argument("box", metavar="BOX", help=_BOX)
    export.add_argument("--from", dest="start", required=True, metavar="DAY", help="2026-12-01")
    export.add_argument("--to", dest="end", required=True, metavar="DAY", help="2026-12-06 (whole)")
    export.add_argument("--email", required=True, help="where the CSV file is mailed")


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
    records.add_argument(
        "--server",
        metavar="URL",
        help="also deliver the platform's waiting commands and upload the records there "
        "(--box may then be the platform's box id or 设备名称)",
    )
    records.add_argument("--timeout", type=float, default=10.0, help=_TIMEOUT)

    _keeper_parsers(sealbox)

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
