"""The `sealdesk` command: no arguments opens the GUI, subcommands form the CLI.

Errors become a message and an exit code here (desktop.errors), never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from sealdesk.desktop import cli_ofd, cli_pdf, cli_platform, cli_seal, cli_sealbox, cli_server, i18n
from sealdesk.desktop.cliutil import Output, Parser, common, with_hint
from sealdesk.desktop.errors import EXIT_INTERNAL, Problem, describe
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    from sealdesk.app.settings import Settings

ENV_DEMO_DIR = "SEALDESK_DEMO_DIR"


class _Unbuilt:
    """What a registrar builds for a command that is not being run: takes every call and
    keeps nothing."""

    def __getattr__(self, name: str) -> Callable[..., _Unbuilt]:
        return self._drop

    def _drop(self, *args: object, **kwargs: object) -> _Unbuilt:
        return self


class _OnlyCommand:
    """The top-level subparsers, building in full only the command being run. The others get
    their name and help, all `sealdesk --help` lists and argparse needs to refuse a mistyped
    command: building ~90 parsers (each asking gettext for its words) is most of a short
    command's start."""

    def __init__(self, sub: Any, command: str | None) -> None:
        self._sub = sub
        self._command = command

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        if name == self._command:
            return self._sub.add_parser(name, **kwargs)
        self._sub.add_parser(name, help=kwargs.get("help"))
        return _Unbuilt()


def command_word(argv: Sequence[str]) -> str | None:
    """The subcommand in argv (the first word that is not an option or --lang's value)."""
    words = iter(argv)
    for word in words:
        if word == "--lang":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def build_parser(command: str | None) -> Parser:
    """The parser of `sealdesk`, with only `command`'s arguments (see _OnlyCommand)."""
    parser = Parser(prog="sealdesk", description="SealDesk 电子印章客户端 / e-seal desktop client")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help="zh (default) or en")
    sub = _OnlyCommand(parser.add_subparsers(dest="command", parser_class=Parser), command)

    gui = sub.add_parser("gui", parents=[common(json_option=False)], help="open the window")
    gui.add_argument("--screenshot", metavar="PNG", type=Path, help="save the window as PNG")
    gui.add_argument("--quit-after", metavar="SECONDS", type=float, help="close after a while")
    gui.add_argument(
        "--close-after-screenshot",
        action="store_true",
        help="close once the --screenshot is saved",
    )
    gui.add_argument(
        "--page",
        choices=("home", "sign", "verify", "seals", "records", "platform", "settings"),
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
    cli_sealbox.add_parsers(sub)
    cli_server.add_parsers(sub)
    cli_platform.add_parsers(sub)

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


# where each command is done: its module is imported when the command runs, so that
# `sealdesk --help` or a mistyped option loads nothing else
COMMANDS: dict[tuple[str, str | None], str] = {
    ("key", "list"): "cmd_key:cmd_key_list",
    ("key", "info"): "cmd_key:cmd_key_info",
    ("key", "verify-pin"): "cmd_key:cmd_verify_pin",
    ("key", "change-pin"): "cmd_key:cmd_change_pin",
    ("key", "watch"): "cmd_key:cmd_watch",
    ("demo", "init"): "cmd_key:cmd_demo_init",
    ("records", "list"): "cmd_key:cmd_records_list",
    ("gui", None): "cmd_gui:cmd_gui",
    ("sign", None): "cmd_sign:cmd_sign",
    ("verify", None): "cmd_verify:cmd_verify",
    ("ofd", "render"): "cmd_ofd:cmd_render",
    ("ofd", "to-pdf"): "cmd_ofd:cmd_to_pdf",
    ("seal", "image"): "cmd_seal:cmd_image",
    ("seal", "import"): "cmd_seal:cmd_import",
    ("seal", "show"): "cmd_seal:cmd_show",
    ("seal", "build"): "cmd_seal:cmd_build",
    ("seal", "list"): "cmd_seal:cmd_list",
    ("seal", "write"): "cmd_seal:cmd_write",
    ("seal", "read"): "cmd_seal:cmd_read",
    ("seal", "delete"): "cmd_seal:cmd_delete",
    ("sealbox", "scan"): "cmd_sealbox:cmd_scan",
    ("sealbox", "records"): "cmd_sealbox:cmd_records",
    ("sealbox", "simulate"): "cmd_sealbox:cmd_simulate",
    ("sealbox", "sim"): "cmd_sealbox:cmd_sim",
    ("sealbox", "boxes"): "cmd_keeper:cmd_boxes",
    ("sealbox", "bind"): "cmd_keeper:cmd_bind",
    ("sealbox", "unbind"): "cmd_keeper:cmd_unbind",
    ("sealbox", "grant"): "cmd_keeper:cmd_grant",
    ("sealbox", "end"): "cmd_keeper:cmd_end",
    ("sealbox", "settings"): "cmd_keeper:cmd_settings",
    ("sealbox", "lock"): "cmd_keeper:cmd_lock",
    ("sealbox", "unlock"): "cmd_keeper:cmd_unlock",
    ("sealbox", "activate"): "cmd_keeper:cmd_activate",
    ("sealbox", "grants"): "cmd_boxes:cmd_grants",
    ("sealbox", "offline-code"): "cmd_keeper:cmd_offline_code",
    ("sealbox", "keepers"): "cmd_keeper:cmd_keepers",
    ("sealbox", "role"): "cmd_keeper:cmd_role",
    ("sealbox", "apply"): "cmd_keeper:cmd_apply",
    ("sealbox", "applications"): "cmd_keeper:cmd_applications",
    ("sealbox", "attach"): "cmd_appfiles:cmd_attach",
    ("sealbox", "files"): "cmd_appfiles:cmd_files",
    ("sealbox", "approve"): "cmd_keeper:cmd_approve",
    ("sealbox", "reject"): "cmd_keeper:cmd_reject",
    ("sealbox", "history"): "cmd_boxes:cmd_history",
    ("sealbox", "rename"): "cmd_boxes:cmd_rename",
    ("sealbox", "place"): "cmd_track:cmd_place",
    ("sealbox", "track"): "cmd_track:cmd_track",
    ("sealbox", "sms"): "cmd_track:cmd_sms",
    ("sealbox", "export"): "cmd_export:cmd_export",
    ("sealbox", "features"): "cmd_features:cmd_features",
    ("sealbox", "use"): "cmd_features:cmd_use",
    ("server", "run"): "cmd_server:cmd_run",
    ("server", "migrate"): "cmd_server:cmd_migrate",
    ("server", "audit"): "cmd_server:cmd_audit",
    ("server", "operator"): "cmd_server:cmd_operator",
    ("server", "seal"): "cmd_server:cmd_seal",
    ("server", "maker-cert"): "cmd_server:cmd_maker_cert",
    ("platform", "login"): "cmd_platform:cmd_login",
    ("platform", "whoami"): "cmd_platform:cmd_whoami",
    ("platform", "logout"): "cmd_platform:cmd_logout",
    ("platform", "sync"): "cmd_platform:cmd_sync",
    ("platform", "outbox"): "cmd_platform:cmd_outbox",
    ("platform", "people"): "cmd_platform:cmd_people",
    ("platform", "whitelist"): "cmd_platform:cmd_whitelist",
    ("platform", "certificate"): "cmd_platform:cmd_certificate",
    ("platform", "seal"): "cmd_platform_seal:cmd_seal",
}


def _logging() -> None:
    """Log records on the terminal only from errors up (SEALDESK_LOG=WARNING/INFO/DEBUG asks
    for more), and never a traceback unless DEBUG: what went wrong is in our words already
    (a reason, an error message); an internal error's traceback goes to the log file."""
    import logging

    level = os.environ.get("SEALDESK_LOG", "ERROR").upper()
    debug = level == "DEBUG"

    class Plain(logging.Formatter):
        def formatException(self, ei: object) -> str:
            return super().formatException(ei) if debug else ""  # type: ignore[arg-type]

        def formatStack(self, stack_info: str) -> str:
            return super().formatStack(stack_info) if debug else ""

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(Plain("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.captureWarnings(True)  # a library's warnings.warn() is a log record like the rest
    if not debug:
        # libraries log expected failures (an untrusted chain) at warning level
        for name in ("pyhanko", "pyhanko_certvalidator", "fontTools", "PIL", "asyncio"):
            logging.getLogger(name).setLevel(logging.CRITICAL)


def _run(command: str, sub: str | None, args: argparse.Namespace, out: Output) -> int:
    from sealdesk.app.settings import load_settings

    _logging()
    settings: Settings = load_settings()
    if not getattr(args, "lang", None) and settings.language:
        i18n.set_language(settings.language)
    module_name, function = COMMANDS[(command, sub)].split(":")
    module = importlib.import_module(f"sealdesk.desktop.{module_name}")
    result: int = getattr(module, function)(args, out, settings)
    return result


def _log_internal_error() -> Path:
    import datetime as dt
    import traceback

    import platformdirs

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
    out = Output(as_json)
    # a terminal closed or a service stop ends a command as Ctrl+C does: writes are atomic, so
    # nothing half-written stays
    if threading.current_thread() is threading.main_thread():
        for stop in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(stop, signal.default_int_handler)
    try:
        args = build_parser(command_word(argv)).parse_args(argv)
        command = args.command or "gui"
        return _run(command, getattr(args, f"{command}_command", None), args, out)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`sealdesk verify ... | head`): nothing more to say to it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as e:
        problem = describe(e) or _internal_problem()
        problem = Problem(
            problem.code, problem.kind, with_hint(problem.kind, problem.message), problem.server
        )
        if as_json:
            print(json.dumps(problem.as_json(), ensure_ascii=False), flush=True)
        else:
            print(problem.message, file=sys.stderr, flush=True)
        return problem.code


def entry() -> NoReturn:
    sys.exit(main())
