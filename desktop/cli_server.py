"""The arguments of `sealdesk server …` (light; the commands are in cmd_server)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sealdesk.desktop.cliutil import Parser, common

DEFAULT_PORT = 8470


def _db(parser: Parser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="postgresql://user@host/db (default: an SQLite file in the data folder)",
    )


def add_parsers(sub: Any) -> None:
    """Register `server` and its subcommands on the top-level subparsers."""
    server = sub.add_parser("server", help="the reference platform server").add_subparsers(
        dest="server_command", required=True, parser_class=Parser
    )
    run = server.add_parser("run", parents=[common(json_option=False, module=False)], help="serve")
    _db(run)
    run.add_argument("--host", default="127.0.0.1", help="address to listen on")
    run.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")
    run.add_argument(
        "--trust",
        type=Path,
        action="append",
        default=[],
        metavar="CA.pem",
        help="a root the unit keys' certificates must chain to (repeatable)",
    )
    run.add_argument(
        "--sms-sink", type=Path, metavar="FILE", help="where SMS codes are written (development)"
    )
    run.add_argument(
        "--mail-sink",
        type=Path,
        metavar="DIR",
        help="where mails (exported records) are written, one .eml file each (development)",
    )
    run.add_argument(
        "--captcha-sink",
        type=Path,
        metavar="FILE",
        help="where the answers of 图形验证码 pictures are written (tests only: never in use)",
    )
    migrate = server.add_parser(
        "migrate", parents=[common(module=False)], help="make or upgrade the database schema"
    )
    _db(migrate)
    audit = server.add_parser("audit", help="the operation log").add_subparsers(
        dest="audit_command", required=True, parser_class=Parser
    )
    verify = audit.add_parser(
        "verify", parents=[common(module=False)], help="check the log's hash chain"
    )
    _db(verify)
    operator = server.add_parser("operator", help="the platform's own staff").add_subparsers(
        dest="operator_command", required=True, parser_class=Parser
    )
    add = operator.add_parser(
        "add", parents=[common(module=False)], help="add one; prints a one-time password"
    )
    add.add_argument("name")
    _db(add)
    seal = server.add_parser("seal", help="seal applications, as the CA").add_subparsers(
        dest="seal_command", required=True, parser_class=Parser
    )
    review = seal.add_parser(
        "review",
        parents=[common(module=False)],
        help="approve (the platform makes the seal: 待回执) or reject (已否决) a 待审核 one",
    )
    review.add_argument("application", metavar="APPLICATION_ID")
    decision = review.add_mutually_exclusive_group(required=True)
    decision.add_argument("--approve", action="store_true", help="make the seal")
    decision.add_argument("--reject", metavar="REASON", help="refuse it, saying why")
    review.add_argument(
        "--operator", required=True, metavar="NAME", help="who reviews (server operator add)"
    )
    _db(review)
    _maker(review)
    review.add_argument(
        "--new-maker",
        action="store_true",
        help="with --approve: sign with this maker and record it in place of the platform's "
        "(audited); without it a maker other than the recorded one is refused",
    )
    maker_cert = server.add_parser(
        "maker-cert",
        parents=[common(module=False)],
        help="print the seal maker's certificate (PEM) recorded in the database: verifiers "
        "trust the platform's seals with it",
    )
    _db(maker_cert)
    _maker(maker_cert)


def _maker(parser: Parser) -> None:
    parser.add_argument(
        "--maker-key",
        type=Path,
        metavar="KEY",
        help="the seal maker's key file (default: the data folder's, made there at the "
        "platform's first approval)",
    )
    parser.add_argument(
        "--maker-cert", type=Path, metavar="CERT.pem", help="the certificate of --maker-key"
    )
