"""`sealdesk platform …`: log in with the unit key, people and whitelist, offline too."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from sealdesk.app import platform
from sealdesk.app.keys import open_module
from sealdesk.app.settings import Settings
from sealdesk.desktop import i18n
from sealdesk.desktop.cliutil import ENV_PASSWORD, Output, cli_pin, read_secret
from sealdesk.desktop.errors import EXIT_NOT_FOUND, EXIT_OK, EXIT_SERVER_UNREACHABLE, Problem
from sealdesk.desktop.i18n import tr
from sealdesk.desktop.platform_words import certificate_lines, overridden_line


def _offline(out: Output, e: platform.Offline, document: dict[str, Any]) -> int:
    """What the local store gave, said to come from it, with exit 12."""
    problem = Problem(
        EXIT_SERVER_UNREACHABLE,
        "server_unreachable",
        tr("err.server_unreachable_local", url=e.cause.url, last=e.last_sync or "-"),
    )
    out.document({**document, "offline": True, "last_sync": e.last_sync, **problem.as_json()})
    out.line(f"! {problem.message}")
    return EXIT_SERVER_UNREACHABLE


def _person_line(p: dict[str, Any]) -> str:
    state = tr("platform.left") if p["status"] == "left" else ""
    pending = tr("platform.pending") if p.get("pending") else ""
    roles = ",".join(r for r in p["roles"] if r != "member")
    return f"- {p['name']}  {p['phone'] or '-'}  {roles}  {state}{pending}  {p['id']}".rstrip()


def cmd_login(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    if args.phone is not None:  # 账号登录: no key needed (members of the unit have none)
        phone = platform.check_phone(args.phone)  # exit 2 before the password is asked
        password = read_secret(ENV_PASSWORD, tr("prompt.password", phone=phone), "password_missing")
        result = platform.login_password(args.server, phone, password, lang=i18n.language())
    else:
        module, _choice = open_module(args.module, settings)
        result = platform.login(
            args.server, module=module, label=args.token, pin=cli_pin, lang=i18n.language()
        )
    out.document(
        {
            "server": result.server,
            "user": result.user,
            "unit": result.unit,
            "token_kept_in": result.token_kept_in,
            "sync": {
                "people": result.sync.pulled,
                "seq": result.sync.seq,
                "pushed": result.sync.pushed,
                "waiting_for_others": result.sync.waiting_for_others,
                "unclaimed": result.sync.unclaimed,
            },
        }
    )
    out.line(tr("platform.logged_in", user=result.user["name"], unit=result.unit["name"]))
    out.line(tr(f"platform.token_{result.token_kept_in}"))
    _left_waiting(out, result.sync.waiting_for_others, result.sync.unclaimed)
    return EXIT_OK


def _left_waiting(out: Output, others: int, unclaimed: int) -> None:
    """Say the changes a sync left in the outbox for someone else."""
    if others:
        out.line(tr("platform.waiting_for_others", count=others))
    if unclaimed:
        out.line(tr("platform.unclaimed", count=unclaimed))


def cmd_whoami(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    try:
        me = platform.whoami(i18n.language())
    except platform.Offline as e:
        return _offline(out, e, e.result)
    out.document(me)
    out.line(f"{me['user']['name']}  {me['unit']['name']} ({me['unit']['credit_code']})")
    out.line(tr("platform.roles", roles=", ".join(me["user"]["roles"])))
    return EXIT_OK


def cmd_logout(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    kept = platform.logout(i18n.language())
    out.document({"logged_out": True, "kept": kept})
    out.line(tr("platform.logged_out"))
    if kept:
        out.line(tr("platform.kept_for_you", count=kept))
    return EXIT_OK


def cmd_sync(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    try:
        report = platform.sync(i18n.language())
    except platform.Offline as e:
        waiting = e.result
        code = _offline(
            out,
            e,
            {
                "outbox": waiting.mine,
                "waiting_for_others": waiting.others,
                "unclaimed": waiting.unclaimed,
            },
        )
        _left_waiting(out, waiting.others, waiting.unclaimed)
        return code
    out.document(
        {
            "pushed": report.pushed,
            "pulled": report.pulled,
            "full": report.full,
            "seq": report.seq,
            "refused": report.refused,
            "overridden": [{**c, "said": overridden_line(c)} for c in report.overridden],
            "waiting_for_others": report.waiting_for_others,
            "unclaimed": report.unclaimed,
        }
    )
    out.line(tr("platform.synced", pushed=report.pushed, pulled=report.pulled, seq=report.seq))
    for refused in report.refused:
        out.line(f"! {refused['method']} {refused['path']}: {refused['message']}")
    for change in report.overridden:
        out.line(f"! {overridden_line(change)}")
    _left_waiting(out, report.waiting_for_others, report.unclaimed)
    return EXIT_OK


def cmd_outbox(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    """The changes waiting here and whose they are; claim or drop those with no author."""
    if args.outbox_command == "claim":
        try:
            claimed = platform.claim_outbox(i18n.language())
        except platform.Offline as e:
            code = _offline(out, e, {"claimed": e.result, "queued": True})
            out.line(tr("platform.claimed_offline", count=e.result))
            return code
        out.document({"claimed": claimed, "queued": False})
        out.line(tr("platform.claimed", count=claimed))
        return EXIT_OK
    if args.outbox_command == "drop":
        dropped = platform.drop_outbox()
        out.document({"dropped": dropped})
        out.line(tr("platform.dropped", count=dropped))
        return EXIT_OK
    changes = platform.outbox()
    out.document({"outbox": changes})
    for c in changes:
        who = c["author_name"] or c["author"]["user"] or tr("platform.no_author")
        whose = tr(f"platform.whose_{c['whose']}")
        out.line(f"- {c['created_at']}  {c['method']} {c['path']}  {who}  {whose}")
    if not changes:
        out.line(tr("platform.outbox_empty"))
    return EXIT_OK


def _people_list(args: argparse.Namespace, out: Output) -> int:
    try:
        people = platform.people(i18n.language(), args.search, args.status, args.letter)
    except platform.Offline as e:
        code = _offline(out, e, {"people": e.result})
        for p in e.result:
            out.line(_person_line(p))
        return code
    out.document({"people": people})
    for p in people:
        out.line(_person_line(p))
    return EXIT_OK


def _changed(out: Output, key: str, run: Callable[[], Any], **words: str) -> int:
    try:
        result = run()
    except platform.Offline as e:
        result = e.result.to_json() if hasattr(e.result, "to_json") else e.result
        code = _offline(out, e, {"queued": True, "result": result})
        out.line(tr("platform.queued"))
        return code
    out.document({"queued": False, "result": result})
    out.line(tr(key, **words))
    return EXIT_OK


def cmd_people(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    lang = i18n.language()
    if args.people_command == "list":
        return _people_list(args, out)
    if args.people_command == "add":
        return _changed(
            out,
            "platform.person_added",
            lambda: platform.add_person(
                name=args.name,
                phone=args.phone,
                id_number=args.id_number,
                roles=args.role,
                lang=lang,
            ),
            name=args.name,
        )
    try:
        return _changed(
            out,
            "platform.person_removed",
            lambda: platform.remove_person(args.person, lang),
            name=args.person,
        )
    except KeyError:
        problem = Problem(EXIT_NOT_FOUND, "person_not_found", tr("err.person_not_found"))
        out.document(problem.as_json())
        out.line(problem.message)
        return EXIT_NOT_FOUND


def cmd_whitelist(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    lang = i18n.language()
    if args.whitelist_command == "list":
        try:
            entries = platform.whitelist(lang)
        except platform.Offline as e:
            code = _offline(out, e, {"whitelist": e.result})
            entries = e.result
        else:
            code = EXIT_OK
            out.document({"whitelist": entries})
        for w in entries:
            main = tr("platform.main_key") if w["main"] else ""
            out.line(f"- {w['entity_id']}  {w['label']}  {main}".rstrip())
        return code
    if args.whitelist_command == "add":
        return _changed(
            out,
            "platform.whitelist_added",
            lambda: platform.add_whitelist(args.entity_id, args.label, args.person, lang),
            entity=args.entity_id,
        )
    return _changed(
        out,
        "platform.whitelist_removed",
        lambda: platform.remove_whitelist(args.entity_id, lang),
        entity=args.entity_id,
    )


def cmd_certificate(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    """申请数字证书: show the unit's request and certificate, or make the request."""
    lang = i18n.language()
    if args.certificate_command == "request":
        module, _choice = open_module(args.module, settings)
        reply = platform.request_certificate(
            name=args.name,
            id_number=args.id_number,
            phone=args.phone,
            email=args.email,
            agreed=args.agree,
            sign=platform.key_signer(module, args.token, cli_pin),
            lang=lang,
        )
        out.document(reply)
        out.line(tr("platform.cert_requested", unit=reply["unit_name"]))
    else:
        try:
            reply = platform.certificate(lang)
        except platform.Offline as e:
            code = _offline(out, e, {"certificate": e.result})
            if e.result:
                for label, value in certificate_lines(e.result):
                    out.line(f"{tr(label)}: {value}")
            return code
        out.document(reply)
    for label, value in certificate_lines(reply):
        out.line(f"{tr(label)}: {value}")
    return EXIT_OK
