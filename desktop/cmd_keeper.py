"""`sealdesk sealbox bind|unbind|grant|end|records --server|settings|lock|unlock|activate …`:
the keeper's and admin's side, against the platform (``--server``, default the one logged in
last), carried to the box over Bluetooth (SEALDESK_BLE_SIM: the simulated link).

Exit codes: 11/12 the platform refused / is unreachable, 13 the box refused, 14 the box is out
of reach. A command the platform took while the box is out of reach exits 14 with what the
platform did in the JSON document (``pending: true``): the box gets it at its next contact,
that is, the next of these commands that reaches it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from sealdesk.desktop import i18n
from sealdesk.desktop.cliutil import Output
from sealdesk.desktop.cmd_sealbox import _say, photos_refused_words
from sealdesk.desktop.errors import EXIT_BOX_UNREACHABLE, EXIT_OK, Problem, UsageError
from sealdesk.desktop.platform_words import application_lines, grant_usage

if TYPE_CHECKING:
    from sealdesk.app.sealbox import BoxPending, Keeper
    from sealdesk.app.settings import Settings

Json = dict[str, Any]
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def when(text: str | None) -> int | None:
    """WHEN as seconds since the epoch: ``now``, ``+30m``/``+2h``/``+1d``, or an ISO date and
    time (local time unless it names its zone).

    :raises UsageError: none of these.
    """
    if text is None:
        return None
    t = text.strip()
    if t.lower() == "now":
        return int(time.time())
    relative = re.fullmatch(r"\+(\d{1,6})([smhd])", t.lower())
    if relative:
        return int(time.time()) + int(relative[1]) * _UNITS[relative[2]]
    try:
        moment = dt.datetime.fromisoformat(t)
    except ValueError:
        raise UsageError(
            _say(
                f"时间“{text}”无法识别：请用 now、+2h、+30m 或 2026-12-06T18:00。",
                f"Cannot read the time {text!r}: use now, +2h, +30m or 2026-12-06T18:00.",
            ),
            kind="time",
        ) from None
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return int(moment.timestamp())


def _local(seconds: int | None) -> str:
    if not seconds:
        return "-"
    return dt.datetime.fromtimestamp(seconds).astimezone().strftime("%Y-%m-%d %H:%M")


def _progress(out: Output) -> Any:
    if out.as_json or not sys.stderr.isatty():
        return None
    words = {"download": _say("下载", "download"), "photos": _say("照片", "photos")}
    words["upload"] = _say("上传", "upload")
    words["files"] = _say("上传文件", "files")

    def show(stage: str, done: int, total: int) -> None:
        print(f"\r{words.get(stage, stage)} {done}/{total}   ", end="", file=sys.stderr, flush=True)

    return show


def _run(args: argparse.Namespace, work: Callable[[Keeper], Awaitable[Json]]) -> Json:
    from sealdesk.app import sealbox

    return sealbox.run(
        work,
        server=getattr(args, "server", None),
        lang=i18n.language(),
        ble_timeout=getattr(args, "timeout", 10.0),
    )


def _pending(out: Output, e: BoxPending) -> int:
    """The platform took it; the box is out of reach (exit 14, the platform's result kept)."""
    message = _say(
        f"{e.cause.message('zh')} 平台已记录，印章盒下次连接时生效"
        "（任何连接到它的 sealdesk sealbox 命令都会带去）。",
        f"{e.cause.message('en')} The platform has recorded it: the box gets it at its next "
        "contact (any sealdesk sealbox command that reaches it carries it).",
    )
    problem = Problem(EXIT_BOX_UNREACHABLE, f"box_{e.cause.reason}", message)
    out.document({**e.result, "pending": True, **problem.as_json()})
    out.line(f"! {message}")
    return EXIT_BOX_UNREACHABLE


def _carried(
    args: argparse.Namespace,
    out: Output,
    work: Callable[[Keeper], Awaitable[Json]],
    say: Callable[[Json], str],
) -> int:
    """A command the platform makes and the box must get."""
    from sealdesk.app.sealbox import BoxPending

    try:
        result = _run(args, work)
    except BoxPending as e:
        code = _pending(out, e)
        out.line(say(e.result))
        return code
    out.document(result)
    out.line(say(result))
    screen = result.get("box", {}).get("screen")
    if screen:
        out.line(_say(f"屏幕：{screen}", f"Screen: {screen}"))
    return EXIT_OK


def _box_line(b: Json) -> str:
    grant = b.get("open_grant")
    granted = (
        _say(
            f"授权给 {grant['user_name']}（{grant['used']}/{grant['count'] or '∞'}）",
            f"granted to {grant['user_name']} ({grant['used']}/{grant['count'] or '∞'})",
        )
        if grant
        else _say("无授权", "no grant")
    )
    keepers = "、".join(k["name"] for k in b["keepers"]) or "-"
    return (
        f"{b['name']}  {b['model']}  {b['device_id']}  {b['address']}  {b['firmware']}  "
        f"{b['screen'] or '-'}  {granted}  {_say('管章人', 'keepers')}: {keepers}  "
        f"{_say('锁定', 'lock')}: {b['lock']}"
    )


# -- the commands


def cmd_boxes(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    async def work(k: Keeper) -> Json:
        return {"boxes": await k.boxes()}

    result = _run(args, work)
    out.document(result)
    for b in result["boxes"]:
        out.line(_box_line(b))
    if not result["boxes"]:
        out.line(_say("本单位还没有绑定印章盒。", "The unit has no seal box bound."))
    return EXIT_OK


def cmd_bind(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    async def work(k: Keeper) -> Json:
        return await k.bind(args.box, name=args.name, note=args.note)

    result = _run(args, work)
    out.document(result)
    b = result["box"]
    out.line(
        _say(
            f"已绑定印章盒 {b['name']}（{b['model']}，{b['device_id']}，MAC {b['address']}）。"
            f"屏幕：{b['screen']}",
            f"Bound seal box {b['name']} ({b['model']}, {b['device_id']}, MAC {b['address']}). "
            f"Screen: {b['screen']}",
        )
    )
    return EXIT_OK


def cmd_unbind(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    async def work(k: Keeper) -> Json:
        return await k.unbind(args.box)

    result = _run(args, work)
    out.document(result)
    out.line(
        _say(
            f"已解绑印章盒 {result['box']['name']}。屏幕：{result['screen']}",
            f"Unbound seal box {result['box']['name']}. Screen: {result['screen']}",
        )
    )
    return EXIT_OK


def _grant_line(result: Json) -> str:
    g = result["grant"]
    count = g["count"] or _say("不限", "unlimited")
    line = _say(
        f"已授权 {g['user_name']} 在 {_local(g['not_before'])} 至 {_local(g['not_after'])} "
        f"使用 {count} 次（{g['box_name']}）。",
        f"{g['user_name']} may stamp {count} time(s) from {_local(g['not_before'])} to "
        f"{_local(g['not_after'])} ({g['box_name']}).",
    )
    line += "  " + grant_usage(g)
    if result.get("activation_code"):
        code = result["activation_code"]
        line += _say(
            f"\n激活码：{code}（告知使用人；输错 5 次失效）。预先授权在激活后才下发到印章盒，"
            "激活时印章盒上不能有其他未结束的授权。",
            f"\nActivation code: {code} (tell the person; 5 wrong tries and it is gone). The "
            "box gets a pre-authorization when it is activated, which needs no other grant in "
            "use on the box.",
        )
    return line


def cmd_grant(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    if args.application is None and args.user is None:
        raise UsageError(
            _say(
                "请给出 --application 或 --user（功能配置勾选了用印次数、结束时间时还要 --count、"
                "--end）。",
                "Give --application or --user (and --count, --end while the feature set ticks "
                "用印次数 and 结束时间).",
            )
        )
    start, end = when(args.start), when(args.end)
    from sealdesk.app import sealbox_view

    # checked here as the window's dialog does: exit 2, nothing sent
    usage_mode, area = sealbox_view.check_usage(args.usage_mode, args.area)

    async def work(k: Keeper) -> Json:
        return await k.grant(
            args.box,
            user=args.user,
            count=args.count,
            not_before=start,
            not_after=end,
            preauthorized=args.pre,
            photo=False if args.no_photo else None,
            fingerprint=args.fingerprint,
            force_upload=args.force_upload,
            notify=args.notify,
            application=args.application,
            usage_mode=usage_mode,
            area=area,
        )

    return _carried(args, out, work, _grant_line)


def cmd_end(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    progress = _progress(out)

    async def work(k: Keeper) -> Json:
        return await k.end(args.box, progress=progress, grant_id=args.grant)

    def say(result: Json) -> str:
        g = result["grant"]
        if not g.get("activated") and g.get("mode") == "preauthorized":
            return _say(
                f"已撤回 {g['user_name']} 待激活的预先授权。",
                f"Withdrew {g['user_name']}'s pre-authorization (it was not activated).",
            )
        uploaded = result.get("records", {}).get("uploaded")
        more = _say(f"，上传了 {uploaded} 条记录", f", {uploaded} record(s) uploaded")
        return _say(
            f"已结束 {g['user_name']} 的用印（用了 {g['used']} 次{more if uploaded else ''}）。",
            f"Ended {g['user_name']}'s use ({g['used']} used{more if uploaded else ''}).",
        )

    return _carried(args, out, work, say)


def cmd_settings(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    if args.backlight is None and args.auto_off is None and args.offline is None:
        raise UsageError(
            _say(
                "请给出 --backlight、--auto-off 或 --offline。",
                "Give --backlight, --auto-off or --offline.",
            )
        )
    offline = None if args.offline is None else args.offline == "on"

    async def work(k: Keeper) -> Json:
        return await k.settings(
            args.box,
            backlight=args.backlight,
            auto_off=args.auto_off,
            offline=offline,
            code=args.code,
        )

    def say(result: Json) -> str:
        s = result["box"]["settings"]
        return _say(
            f"设置：背光 {s['backlight']} 秒，自动关机 {s['auto_off']} 分钟，"
            f"无网络设置{'开' if s['offline'] else '关'}。",
            f"Settings: backlight {s['backlight']} s, auto-off {s['auto_off']} min, "
            f"offline mode {'on' if s['offline'] else 'off'}.",
        )

    return _carried(args, out, work, say)


def _lock(args: argparse.Namespace, out: Output, unlock: bool) -> int:
    async def work(k: Keeper) -> Json:
        return await k.lock(args.box, unlock=unlock)

    def say(result: Json) -> str:
        name = result["box"]["name"]
        if unlock:
            return _say(f"已解除 {name} 的挂失锁定。", f"{name} is no longer locked.")
        return _say(f"已挂失锁定 {name}。", f"{name} is locked as lost.")

    return _carried(args, out, work, say)


def cmd_lock(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    return _lock(args, out, False)


def cmd_unlock(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    return _lock(args, out, True)


def cmd_activate(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    async def work(k: Keeper) -> Json:
        return await k.activate(args.box, args.code)

    def say(result: Json) -> str:
        return _say("预先授权已激活。", "The pre-authorized grant is active.") + (
            _say(f"屏幕：{result['screen']}", f" Screen: {result['screen']}")
            if result.get("screen")
            else ""
        )

    return _carried(args, out, work, say)


def cmd_offline_code(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    async def work(k: Keeper) -> Json:
        return await k.offline_code(args.box)

    result = _run(args, work)
    out.document({"code": result["code"], "expires_in": result["expires_in"]})
    out.line(
        _say(
            f"无网络设置验证码：{result['code']}"
            f"（{result['expires_in'] // 60} 分钟内有效，只能用一次）",
            f"Offline-mode code: {result['code']} (valid {result['expires_in'] // 60} min, once)",
        )
    )
    return EXIT_OK


def cmd_keepers(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    async def work(k: Keeper) -> Json:
        return await k.set_keepers(args.box, args.people, args.if_match)

    result = _run(args, work)
    out.document(result)
    out.line(_box_line(result["box"]))
    return EXIT_OK


def cmd_role(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    async def work(k: Keeper) -> Json:
        return await k.set_role(args.person, args.role, args.if_match)

    result = _run(args, work)
    out.document(result)
    p = result["person"]
    out.line(f"{p['name']}  {p['phone'] or '-'}  {','.join(p['roles'])}")
    return EXIT_OK


def _application_line(a: Json) -> str:
    count = a["count"] or _say("不限", "unlimited")
    line = (
        f"{a['id']}  {a['state']}  {a['applicant_name']}  {a['reason']}  "
        f"{_say('次数', 'count')} {count}  {_local(a['not_before'])}–{_local(a['not_after'])}"
    )
    return line + "".join(f"\n    {d}" for d in application_lines(a))


def cmd_apply(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.app import sealbox_files, sealbox_view

    start, end = when(args.start), when(args.end)
    values = sealbox_view.ApplyValues(
        reason=args.reason,
        count=None if args.count is None else str(args.count),
        not_before=start,
        not_after=end,
        note=args.note,
        category=args.category,
        file_name=args.file_name,
        file_type=args.file_type,
        copies=args.copies,
        department=args.department,
        area=args.area,
        file_code=args.file_code,
        photo_required=args.photo_required,
        carrier=args.carrier,
    )
    # checked before anything is sent (exit 2), as the window's dialog does; every file too
    sealbox_view.check_apply(values)
    picked = sealbox_files.read_files(args.image, args.attach)
    sealbox_files.check_images(args.photo_required, picked)
    progress = _progress(out)

    async def work(k: Keeper) -> Json:
        return await sealbox_files.apply(k, args.box, values, picked, progress)

    result = _run(args, work)
    out.document({"application": result})
    out.line(_application_line(result))
    return EXIT_OK


def cmd_applications(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    async def work(k: Keeper) -> Json:
        return {"applications": await k.platform_call(k.api.applications, args.view)}

    result = _run(args, work)
    out.document(result)
    for a in result["applications"]:
        out.line(_application_line(a))
    return EXIT_OK


def _decide(args: argparse.Namespace, out: Output, approve: bool) -> int:
    import uuid

    from sealdesk.app import sealbox_view
    from sealdesk.app.sealbox import SealboxLookupError
    from sealdesk.sync.client import ServerRefused

    # checked here as the window's dialog does: a blank 驳回 reason is exit 2, not sent
    reason = sealbox_view.check_reason(args.reason, required=not approve)
    unknown = SealboxLookupError(
        "unknown_application",
        f"没有用印申请“{args.application}”（用 sealdesk sealbox applications 查看编号）。",
        f"No application '{args.application}' (see sealdesk sealbox applications for ids).",
    )
    try:
        uuid.UUID(args.application)
    except ValueError:
        raise unknown from None

    async def work(k: Keeper) -> Json:
        call = k.api.approve if approve else k.api.reject
        try:
            return await k.platform_call(call, args.application, reason)
        except ServerRefused as e:
            if e.status == 404:  # exit 5 like an unknown box, not the server's refusal
                raise unknown from e
            raise

    result = _run(args, work)
    out.document({"application": result})
    out.line(_application_line(result))
    return EXIT_OK


def cmd_approve(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    return _decide(args, out, True)


def cmd_reject(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    return _decide(args, out, False)


def cmd_records(args: argparse.Namespace, out: Output) -> int:
    """`sealdesk sealbox records --server URL`: deliver, download, upload."""
    progress = _progress(out)

    async def work(k: Keeper) -> Json:
        return await k.records(args.box, folder=args.out, progress=progress)

    result = _run(args, work)  # the platform needs the photos: --no-photos does not apply
    out.document(result)
    out.line(
        _say(
            f"从 {result['box']['name']} 取回 {result['new']} 条新记录、{result['photos']} 张照片"
            f"（{result['folder']}），上传平台 {result['uploaded']} 条记录、"
            f"{result['photos_uploaded']} 张照片。",
            f"{result['new']} new record(s) and {result['photos']} photo(s) from "
            f"{result['box']['name']} ({result['folder']}); {result['uploaded']} record(s) and "
            f"{result['photos_uploaded']} photo(s) uploaded to the platform.",
        )
        + photos_refused_words(result)
    )
    return EXIT_OK
