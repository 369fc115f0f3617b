"""`sealdesk platform seal apply|list|show|receipt|write|revoke`: 印章申请 on the platform
(seed 004 S4:391-450), a USB KEY seal's 回执 and 写入UKey once the CA approved it, 注销.
Exit codes as the other platform commands: 2 a value (or a picture) refused before anything is
sent, 11 the platform refused (before the unit's 申请数字证书: ``certificate_required``), 12 it
cannot be reached (an application is never queued)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from sealdesk.app import platform, platform_seals
from sealdesk.desktop import i18n
from sealdesk.desktop.cliutil import Output, cli_pin
from sealdesk.desktop.cmd_boxes import _time
from sealdesk.desktop.errors import EXIT_OK, UsageError
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    from sealdesk.app.settings import Settings


def _words(app: dict[str, Any]) -> dict[str, str]:
    return {
        "name": app["name"],
        "state": tr(f"platform.seal_state_{app['state']}")
        + (tr("platform.seal_frozen_mark") if app.get("frozen_ms") else ""),
        "type": tr(f"platform.seal_type_{app['type']}"),
        "size": f"{app['width_mm']}×{app['height_mm']} mm",
    }


def _line(app: dict[str, Any]) -> str:
    w = _words(app)
    return (
        f"- {w['name']}（{w['state']}）  {w['type']}  {w['size']}  {app['handler_name']}  "
        f"{app['applicant_name']}  {_time(app['created_ms'])}  {app['id']}"
    )


def _apply(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.app.keys import open_module

    lang = i18n.language()
    body = platform_seals.check_application(  # a bad value or picture: before the key's PIN
        name=args.name,
        seal_type=args.seal_type,
        handler_name=args.handler_name,
        handler_phone=args.handler_phone,
        handler_id_number=args.handler_id,
        image=args.image,
        style=args.style,
        size=platform_seals.parse_size(args.size),
    )
    sign = None
    if args.seal_type == "ukey":  # signed with the unit's key: its PIN, as at 提交申请
        module, _choice = open_module(args.module, settings)
        sign = platform.key_signer(module, args.token, cli_pin)
    app = platform_seals.apply_seal(body, sign=sign, lang=lang)
    out.document({"application": app})
    out.line(tr("platform.seal_applied", id=app["id"], **_words(app)))
    return EXIT_OK


def _receipt(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.app.keys import open_module

    module, _choice = open_module(args.module, settings)
    sign = platform.key_signer(module, args.token, cli_pin)
    app = platform_seals.receipt_seal(args.application, sign=sign, lang=i18n.language())
    out.document({"application": app})
    out.line(tr("platform.seal_receipted", **_words(app), valid_to=_time(app["valid_to_ms"])))
    return EXIT_OK


def _write(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.app.keys import key_session, open_module

    seal = platform_seals.platform_seal(args.application, i18n.language())  # before the PIN
    module, _choice = open_module(args.module, settings)
    with key_session(module, args.token, cli_pin, rw=True) as session:
        label = platform_seals.write_platform_seal(session, seal, args.label)
    out.document({"application": seal.application, "name": seal.name, "label": label})
    out.line(tr("ok.seal_written", label=label))
    return EXIT_OK


def _revoke(args: argparse.Namespace, out: Output) -> int:
    if not args.yes:  # 注销 cannot be undone: the seed asks a second confirmation
        raise UsageError(tr("err.revoke_confirm", id=args.application), kind="confirm_needed")
    app = platform_seals.revoke_seal(args.application, i18n.language())
    out.document({"application": app})
    out.line(tr("platform.seal_revoked", **_words(app)))
    return EXIT_OK


def cmd_seal(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    lang = i18n.language()
    if args.seal_command == "revoke":
        return _revoke(args, out)
    if args.seal_command in ("freeze", "unfreeze"):
        freeze = args.seal_command == "freeze"
        app = platform_seals.freeze_seal(args.application, freeze=freeze, lang=lang)
        out.document({"application": app})
        out.line(tr(f"platform.seal_{args.seal_command}d", **_words(app)))
        return EXIT_OK
    if args.seal_command == "apply":
        return _apply(args, out, settings)
    if args.seal_command == "receipt":
        return _receipt(args, out, settings)
    if args.seal_command == "write":
        return _write(args, out, settings)
    if args.seal_command == "show":
        app = platform_seals.seal_application(args.application, lang)
        out.document({"application": app})
        w = _words(app)
        for label, value in (
            ("platform.seal_name", w["name"]),
            ("platform.seal_state", w["state"]),
            ("platform.seal_type", w["type"]),
            ("platform.seal_size", w["size"]),
            ("platform.seal_handler", f"{app['handler_name']}  {app['handler_phone']}"),
            ("platform.seal_applicant", f"{app['applicant_name']}  {_time(app['created_ms'])}"),
            ("platform.seal_image", f"{app['image_type']}, {app['image_size']} B"),
        ):
            out.line(f"{tr(label)}: {value}")
        return EXIT_OK
    apps = platform_seals.seal_applications(
        state=args.state, seal_type=args.seal_type, search=args.search, lang=lang
    )
    out.document({"applications": apps})
    for app in apps:
        out.line(_line(app))
    if not apps:
        out.line(tr("platform.seal_none"))
    return EXIT_OK
