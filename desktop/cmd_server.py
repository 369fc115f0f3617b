"""`sealdesk server …`: the reference platform server (the `sealdesk[server]` extra)."""

from __future__ import annotations

import argparse
from typing import Any

from sealdesk.app.settings import Settings
from sealdesk.desktop.cliutil import Output, read_input
from sealdesk.desktop.errors import EXIT_INVALID, EXIT_OK, UsageError
from sealdesk.desktop.i18n import tr

MAX_REASON = 200  # a 已否决 application's reason, as the platform keeps it


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


def _maker_files(args: argparse.Namespace) -> Any:
    """The seal maker given as ``--maker-key``/``--maker-cert`` (both), or None."""
    from sealdesk.server.seal_maker import maker_from_files

    if (args.maker_key is None) != (args.maker_cert is None):
        raise UsageError(tr("err.maker_pair"), kind="maker_pair")
    if args.maker_key is None:
        return None
    return maker_from_files(args.maker_key, args.maker_cert)


def cmd_seal(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    """`server seal review`: the CA's review of a 待审核 seal application."""
    reason = None
    if args.reject is not None:
        reason = args.reject.strip()
        if not reason or len(reason) > MAX_REASON:
            raise UsageError(tr("err.review_reason", max=MAX_REASON), kind="invalid_reason")
    if (args.maker_key is None) != (args.maker_cert is None):
        raise UsageError(tr("err.maker_pair"), kind="maker_pair")
    if args.new_maker and reason is not None:
        raise UsageError(tr("err.new_maker_reject"), kind="new_maker_reject")
    url = _url(args)
    from sealdesk.server.admin import review_seal

    given = (lambda: _maker_files(args)) if args.maker_key is not None else None
    done = review_seal(
        url,
        args.application,
        operator=args.operator,
        reason=reason,
        maker=given,
        new_maker=args.new_maker,
    )
    out.document(
        {
            "application": done.application,
            "name": done.name,
            "unit": done.unit,
            "state": done.state,
            "valid_from_ms": done.valid_from_ms,
            "valid_to_ms": done.valid_to_ms,
            "reason": reason,
        }
    )
    if reason is not None:
        out.line(tr("server.seal_rejected", name=done.name, unit=done.unit, reason=reason))
    else:
        out.line(tr("server.seal_approved", name=done.name, unit=done.unit))
    return EXIT_OK


def cmd_maker_cert(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    """`server maker-cert`: the seal maker's certificate, PEM, on standard output: the one
    given, else the one the database recorded, else (no approval yet) the data folder's."""
    from asn1crypto import pem

    from sealdesk.server.seal_maker import certificate_pem

    given = _maker_files(args)
    if given is not None:
        text = certificate_pem(given)
    else:
        from sealdesk.server.admin import recorded_maker_certificate
        from sealdesk.server.db import data_dir
        from sealdesk.server.seal_maker import platform_maker

        recorded = recorded_maker_certificate(_url(args))
        if recorded is None:
            text = certificate_pem(platform_maker(data_dir()))
        else:
            text = bytes(pem.armor("CERTIFICATE", recorded)).decode()
    out.document({"certificate": text})
    out.line(text.rstrip("\n"))
    return EXIT_OK
