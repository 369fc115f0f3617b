"""The `sealdesk` command: no arguments opens the GUI, subcommands form the CLI.

Errors become a message and an exit code here (desktop.errors), never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import platformdirs

from sealdesk.app.keys import key_session, open_module
from sealdesk.app.settings import Settings, load_settings
from sealdesk.desktop import cli_ofd, cli_pdf, cli_seal, i18n
from sealdesk.desktop.cliutil import (
    ENV_NEW_PIN,
    ENV_PIN,
    Output,
    Parser,
    cli_pin,
    common,
    read_secret,
)
from sealdesk.desktop.errors import EXIT_INTERNAL, EXIT_OK, Problem, UsageError, describe
from sealdesk.desktop.i18n import tr
from sealdesk.desktop.keys import (
    certificate_json,
    data_object_json,
    module_json,
    token_json,
)
from sealdesk.ukey import Pkcs11Module, TokenInfo
from sealdesk.ukey.presence import PresenceEvent, make_watcher

ENV_DEMO_DIR = "SEALDESK_DEMO_DIR"


def build_parser() -> Parser:
    parser = Parser(prog="sealdesk", description="SealDesk 电子印章客户端 / e-seal desktop client")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help="zh (default) or en")
    sub = parser.add_subparsers(dest="command", parser_class=Parser)

    gui = sub.add_parser("gui", parents=[common(json_option=False)], help="open the window")
    gui.add_argument("--screenshot", metavar="PNG", type=Path, help="save the window as PNG")
    gui.add_argument("--quit-after", metavar="SECONDS", type=float, help="close after a while")
    gui.add_argument(
        "--page",
        choices=("home", "sign", "verify", "seals", "records", "settings"),
        help="the page shown first",
    )
    gui.add_argument("files", nargs="*", type=Path, metavar="FILE", help="PDF files to open")

    key = sub.add_parser("key", help="USB keys").add_subparsers(
        dest="key_command", required=True, parser_class=Parser
    )
    key.add_parser("list", parents=[common()], help="keys plugged in")
    key.add_parser("info", parents=[common(token=True)], help="certificates and data objects")
    key.add_parser("verify-pin", parents=[common(token=True)], help="check the PIN")
    key.add_parser("change-pin", parents=[common(token=True)], help="change the PIN")
    key.add_parser("watch", parents=[common()], help="print plug/unplug events until Ctrl+C")

    cli_seal.add_parsers(sub)
    cli_pdf.add_parsers(sub)
    cli_ofd.add_parsers(sub)

    records = sub.add_parser("records", help="文件记录: files signed here").add_subparsers(
        dest="records_command", required=True, parser_class=Parser
    )
    listing = records.add_parser("list", parents=[common(module=False)], help="newest first")
    listing.add_argument("--search", default="", help="part of a file or signer name")
    listing.add_argument("--limit", type=int, default=2000, help="at most this many")

    demo = sub.add_parser("demo", help="the demo USB key").add_subparsers(
        dest="demo_command", required=True, parser_class=Parser
    )
    init = demo.add_parser("init", parents=[common(module=False)], help="make the demo key")
    init.add_argument("--dir", type=Path, help=f"folder (default ${ENV_DEMO_DIR} or user data)")
    init.add_argument("--force", action="store_true", help="make it again from nothing")
    return parser


def _pin_text(info: TokenInfo) -> str:
    pin = info.pin
    for flag in ("locked", "final_try", "count_low", "to_be_changed"):
        if getattr(pin, flag):
            return tr(f"pin.{flag}")
    return tr("pin.ok")


def _module(args: argparse.Namespace, settings: Settings) -> tuple[Pkcs11Module, Any]:
    return open_module(getattr(args, "module", None), settings)


def cmd_key_list(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    module, choice = _module(args, settings)
    tokens = module.tokens()
    out.document({"module": module_json(module, choice), "tokens": [token_json(t) for t in tokens]})
    out.line(f"{tr('info.module')}: {choice.path} ({tr('source.' + choice.source)})")
    if not tokens:
        out.line(tr("no_tokens"))
    for t in tokens:
        out.line(
            f"- {t.label}  {tr('col.serial')}: {t.serial}  {tr('col.manufacturer')}: "
            f"{t.manufacturer}  {tr('col.model')}: {t.model}  {tr('col.pin')}: {_pin_text(t)}"
        )
    return EXIT_OK


def cmd_key_info(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    module, choice = _module(args, settings)
    token = module.open(args.token)
    with token.session() as session:
        certs = session.certificates()
        objects = session.list_data()
    out.document(
        {
            "module": module_json(module, choice),
            "token": token_json(token.info),
            "certificates": [certificate_json(c) for c in certs],
            "data_objects": [data_object_json(o) for o in objects],
        }
    )
    out.line(f"{tr('info.module')}: {choice.path} ({tr('source.' + choice.source)})")
    out.line(f"{tr('info.vendor')}: {module.profile.name}")
    t = token.info
    out.line(
        f"{tr('col.label')}: {t.label}  {tr('col.serial')}: {t.serial}  "
        f"{tr('col.manufacturer')}: {t.manufacturer}  {tr('col.pin')}: {_pin_text(t)}"
    )
    out.line(f"\n{tr('info.certificates')}:")
    for c in certs:
        info = c.info
        if info is None:
            out.line(f"- {c.label}: ?")
            continue
        out.line(f"- [{c.label}] {info.subject_cn}")
        out.line(f"    {tr('cert.subject')}: {info.subject}")
        out.line(f"    {tr('cert.issuer')}: {info.issuer}")
        out.line(
            f"    {tr('cert.validity')}: {info.not_before:%Y-%m-%d} – {info.not_after:%Y-%m-%d}"
        )
        out.line(f"    {tr('cert.key')}: {info.key_algorithm}")
        if info.credit_code:
            out.line(
                f"    {tr('cert.credit_code')}: {info.credit_code} "
                f"({tr('cert.source')} {info.credit_code_source})"
            )
        if info.entity_id:
            out.line(f"    {tr('cert.entity_id')}: {info.entity_id}")
        if info.device_id:
            out.line(f"    {tr('cert.device_id')}: {info.device_id}")
    out.line(f"\n{tr('info.data_objects')}:")
    if not objects:
        out.line(f"  {tr('info.none')}")
    for o in objects:
        out.line(f"- {o.application}/{o.label} ({o.size} B)")
    return EXIT_OK


def cmd_verify_pin(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    module, _ = _module(args, settings)
    with key_session(module, args.token, cli_pin) as session:
        label = session.token.info.label
    out.document({"token": label, "pin": "ok"})
    out.line(tr("ok.pin_verified", label=label))
    return EXIT_OK


def cmd_change_pin(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    module, _ = _module(args, settings)
    token = module.open(args.token)
    old = read_secret(ENV_PIN, tr("prompt.old_pin"))
    if ENV_NEW_PIN in os.environ:
        new = os.environ[ENV_NEW_PIN]
    else:
        new = read_secret(ENV_NEW_PIN, tr("prompt.new_pin"))
        if read_secret(ENV_NEW_PIN, tr("prompt.new_pin_again")) != new:
            raise UsageError(tr("err.pin_mismatch"), kind="pin_mismatch")
    token.change_pin(old, new)
    out.document({"token": token.info.label, "changed": True})
    out.line(tr("ok.pin_changed", label=token.info.label))
    return EXIT_OK


def cmd_watch(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    def list_tokens() -> list[TokenInfo]:
        module, _ = _module(args, settings)
        return module.tokens()

    def on_event(event: PresenceEvent) -> None:
        now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        if out.as_json:
            print(
                json.dumps(
                    {
                        "event": event.kind,
                        "source": event.source,
                        "reader": event.reader,
                        "atr": event.atr,
                        "label": event.label,
                        "serial": event.serial,
                        "time": now,
                    },
                    ensure_ascii=False,
                ),
                flush=True,
            )
        else:
            name = event.label or event.reader
            print(f"{now}  {tr('event.' + event.kind)}  {name}  {event.atr}".rstrip(), flush=True)

    try:
        watcher = make_watcher(on_event, list_tokens=list_tokens)
    except RuntimeError as e:
        raise UsageError(tr("err.no_pcsc"), kind="no_presence_source") from e
    source = " + ".join(watcher.sources)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    watcher.start()
    watcher.wait_ready(10)
    # on stderr in both modes: stdout carries only events; a script may wait for this line
    print(tr("watch.started", source=source), file=sys.stderr, flush=True)
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
    return EXIT_OK


def cmd_demo_init(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.app.demo import DEMO_TOKEN_LABEL, DEMO_USER_PIN, init_demo

    folder = args.dir or Path(
        os.environ.get(ENV_DEMO_DIR) or Path(platformdirs.user_data_dir("sealdesk")) / "demo"
    )
    demo = init_demo(folder, force=args.force)
    out.document(
        {
            "folder": str(demo.folder),
            "created": demo.created,
            "token": DEMO_TOKEN_LABEL,
            "user_pin": DEMO_USER_PIN,
            "root_ca": str(demo.root_ca_pem),
            "environment": demo.environment,
        }
    )
    out.line(tr("ok.demo_created" if demo.created else "ok.demo_ready", folder=demo.folder))
    out.line(tr("ok.demo_env"))
    for name, value in demo.environment.items():
        out.line(f"export {name}={value}")
    return EXIT_OK


def cmd_records_list(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.app.store import StoreError, shared_store, store_path

    try:
        store = shared_store()
    except StoreError as e:
        raise UsageError(tr("err.store", detail=str(e)), kind="store") from e
    for notice in store.notices:
        print(notice.message(i18n.language()), file=sys.stderr)
    records = store.records(args.search, limit=max(args.limit, 0))
    out.document({"store": str(store_path()), "records": [r.to_json() for r in records]})
    if not records:
        out.line(tr("records.none"))
    for r in records:
        out.line(f"{r.date}  {r.name}  {r.signer}  {r.seals}")
        out.line(f"    → {r.output}")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.desktop.gui.app import run_gui

    return run_gui(
        module_option=getattr(args, "module", None),
        settings=settings,
        screenshot=getattr(args, "screenshot", None),
        quit_after=getattr(args, "quit_after", None),
        page=getattr(args, "page", None),
        files=getattr(args, "files", None),
    )


COMMANDS: dict[tuple[str, str | None], Callable[[argparse.Namespace, Output, Settings], int]] = {
    ("key", "list"): cmd_key_list,
    ("key", "info"): cmd_key_info,
    ("key", "verify-pin"): cmd_verify_pin,
    ("key", "change-pin"): cmd_change_pin,
    ("key", "watch"): cmd_watch,
    ("demo", "init"): cmd_demo_init,
    ("records", "list"): cmd_records_list,
    ("gui", None): cmd_gui,
    **cli_seal.COMMANDS,
    **cli_pdf.COMMANDS,
    **cli_ofd.COMMANDS,
}


def _log_internal_error() -> Path:
    folder = Path(platformdirs.user_log_dir("sealdesk"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "error.log"
    with path.open("a", encoding="utf-8") as f:
        f.write(f"--- {dt.datetime.now().isoformat()}\n{traceback.format_exc()}\n")
    return path


def _internal_problem() -> Problem:
    try:
        return Problem(EXIT_INTERNAL, "internal", tr("err.internal", log=_log_internal_error()))
    except OSError:  # not even the log can be written: still no traceback
        return Problem(EXIT_INTERNAL, "internal", tr("err.internal", log="-"))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `sealdesk` command; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in argv
    lang = next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--lang"), None)
    i18n.set_language(lang)
    level = os.environ.get("SEALDESK_LOG", "WARNING").upper()
    logging.basicConfig(level=level)
    if level != "DEBUG":
        # libraries log expected failures (an untrusted chain) with tracebacks: the reasons
        # are in our report, the tracebacks only with SEALDESK_LOG=DEBUG
        for name in ("pyhanko", "pyhanko_certvalidator", "fontTools", "PIL"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    out = Output(as_json)
    # a terminal closed or a service stop ends a command as Ctrl+C does: writes are atomic, so
    # nothing half-written stays
    if threading.current_thread() is threading.main_thread():
        for stop in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(stop, signal.default_int_handler)
    try:
        args = build_parser().parse_args(argv)
        settings = load_settings()
        if not lang and settings.language:
            i18n.set_language(settings.language)
        command = args.command or "gui"
        sub = getattr(args, f"{command}_command", None)
        return COMMANDS[(command, sub)](args, out, settings)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`sealdesk verify ... | head`): nothing more to say to it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as e:
        problem = describe(e) or _internal_problem()
        if as_json:
            print(json.dumps(problem.as_json(), ensure_ascii=False), flush=True)
        else:
            print(problem.message, file=sys.stderr, flush=True)
        return problem.code


def entry() -> NoReturn:
    sys.exit(main())
