"""`sealdesk server …`: the reference platform server (the `sealdesk[server]` extra)."""

from __future__ import annotations

import argparse

from sealdesk.app.settings import Settings
from sealdesk.desktop.cliutil import Output, read_input
from sealdesk.desktop.errors import EXIT_INVALID, EXIT_OK, UsageError
from sealdesk.desktop.i18n import tr


def _url(args: argparse.Namespace) -> str:
    try:
        from sealdesk.server.api import create_app  # noqa: F401 (is the extra installed?)
        from sealdesk.server.db import default_url
    except ModuleNotFoundError as e:
        raise UsageError(tr("err.server_extra"), kind="server_extra") from e
    return str(args.db or default_url())


def cmd_run(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    if not 0 < args.port < 65536:
        raise UsageError(tr("err.server_port", port=args.port))
    url = _url(args)
    from sealdesk.server.admin import serve
    from sealdesk.server.api import ServerConfig
    from sealdesk.server.db import data_dir

    config = ServerConfig(
        db_url=url,
        trust_roots=tuple(read_input(p) for p in args.trust),
        sms_sink=args.sms_sink or data_dir() / "sms-sink.log",
        mail_sink=args.mail_sink or data_dir() / "mail-sink",
        captcha_sink=args.captcha_sink,
    )
    if not config.trust_roots:
        out.line(tr("server.no_trust"))
    out.line(tr("server.listening", url=f"http://{args.host}:{args.port}/api/v1"))
    serve(config, host=args.host, port=args.port)
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    url = _url(args)
    from sealdesk.server.admin import migrate_database

    migrate_database(url)
    out.document({"migrated": True})
    out.line(tr("server.migrated"))
    return EXIT_OK


def cmd_audit(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    url = _url(args)
    from sealdesk.server.admin import verify_audit

    check = verify_audit(url)
    broken = check.broken
    out.document(
        {
            "intact": broken is None,
            "rows": check.rows,
            "broken": None if broken is None else {"row": broken.row_id, "reason": broken.reason},
        }
    )
    if broken is None:
        out.line(tr("server.audit_intact", rows=check.rows))
        return EXIT_OK
    out.line(tr(f"server.audit_{broken.reason}", row=broken.row_id, rows=check.rows))
    return EXIT_INVALID


def cmd_operator(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    name = args.name.strip()
    if not name or len(name) > 100:
        raise UsageError(tr("err.operator_name"))
    url = _url(args)
    from sealdesk.server.admin import add_operator

    password = add_operator(url, name)
    out.document({"operator": name, "password": password, "must_change": True})
    out.line(tr("server.operator_added", name=name, password=password))
    return EXIT_OK
