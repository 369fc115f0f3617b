"""The arguments of `sealdesk platform …` (light; the commands are in cmd_platform)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sealdesk.desktop.cliutil import Parser, common


def add_parsers(sub: Any) -> None:
    """Register `platform` and its subcommands on the top-level subparsers."""
    platform = sub.add_parser("platform", help="the e-seal platform").add_subparsers(
        dest="platform_command", required=True, parser_class=Parser
    )
    login = platform.add_parser(
        "login",
        parents=[common(token=True)],
        help="log in with the unit's USB key, or an account (--phone)",
    )
    login.add_argument("--server", required=True, metavar="URL", help="https://platform.example")
    login.add_argument(
        "--phone", metavar="PHONE",
        help="账号登录: the account's phone; its password from SEALDESK_PASSWORD or typed "
        "(without --phone: the unit's USB key)",
    )  # fmt: skip
    for name, text in (
        ("whoami", "who is logged in"),
        ("logout", "end the session"),
        ("sync", "send changes made here, fetch the server's"),
    ):
        platform.add_parser(name, parents=[common(module=False)], help=text)

    outbox = platform.add_parser(
        "outbox", help="changes made here not yet on the server, and whose"
    ).add_subparsers(dest="outbox_command", required=True, parser_class=Parser)
    for name, text in (
        ("list", "the changes waiting here, oldest first, with their author"),
        ("claim", "send the changes with no author (an earlier SealDesk) under your name"),
        ("drop", "drop the changes with no author, and the local rows they made"),
    ):
        outbox.add_parser(name, parents=[common(module=False)], help=text)

    people = platform.add_parser("people", help="人员管理").add_subparsers(
        dest="people_command", required=True, parser_class=Parser
    )
    listing = people.add_parser("list", parents=[common(module=False)], help="the unit's people")
    listing.add_argument(
        "--search", default="", help="part of a name or phone number, or initials (zs: 张三)"
    )
    listing.add_argument(
        "--letter",
        type=str.upper,
        choices=[*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "#"],
        default="",
        help="字母: names under this first letter",
    )
    listing.add_argument("--status", choices=("all", "active", "left"), default="all")
    add = people.add_parser("add", parents=[common(module=False)], help="add a person")
    add.add_argument("--name", required=True)
    add.add_argument("--phone", required=True)
    add.add_argument("--id-number", help="居民身份证号")
    add.add_argument("--role", action="append", default=[], help="a role code (repeatable)")
    remove = people.add_parser(
        "remove", parents=[common(module=False)], help="remove (listed as 离职 after)"
    )
    remove.add_argument("person", metavar="ID|PHONE")

    certificate = platform.add_parser(
        "certificate", help="申请数字证书: the unit's certificate request"
    ).add_subparsers(dest="certificate_command", required=True, parser_class=Parser)
    certificate.add_parser(
        "show", parents=[common(module=False)], help="requested or not, and the certificate"
    )
    creq = certificate.add_parser(
        "request",
        parents=[common(token=True)],
        help="request it (经办人's details), signed with the unit's USB key (its PIN)",
    )
    creq.add_argument("--name", required=True, help="经办人姓名")
    creq.add_argument("--id-number", required=True, help="经办人身份证号 (18 characters)")
    creq.add_argument("--phone", required=True, help="经办人手机号")
    creq.add_argument("--email", required=True, help="经办人邮箱")
    creq.add_argument(
        "--agree", action="store_true", help="I have read and accept 《数字证书订户协议》"
    )

    _seal_parsers(platform)

    whitelist = platform.add_parser("whitelist", help="白名单: unit keys allowed").add_subparsers(
        dest="whitelist_command", required=True, parser_class=Parser
    )
    whitelist.add_parser("list", parents=[common(module=False)], help="keys allowed to log in")
    wadd = whitelist.add_parser("add", parents=[common(module=False)], help="allow a key")
    wadd.add_argument("entity_id", metavar="ENTITY_ID", help="the key's 通用实体唯一标识")
    wadd.add_argument("--label", default="")
    wadd.add_argument("--person", metavar="ID", help="the person who logs in with it")
    wremove = whitelist.add_parser("remove", parents=[common(module=False)], help="refuse a key")
    wremove.add_argument("entity_id", metavar="ENTITY_ID")


def _seal_parsers(platform: Any) -> None:
    """`platform seal apply|list|show|receipt|write|freeze|unfreeze|revoke`: 印章申请, after
    the unit's 申请数字证书; 回执 and 写入UKey of a USB KEY seal the CA approved; 冻结/解冻;
    注销."""
    seal = platform.add_parser(
        "seal", help="印章申请: apply for a seal (after 申请数字证书), list the applications"
    ).add_subparsers(dest="seal_command", required=True, parser_class=Parser)
    sapply = seal.add_parser(
        "apply",
        parents=[common(token=True)],
        help="申请印章: 待审核 until the CA reviews it; a USB KEY seal is signed with the "
        "unit's USB key (its PIN)",
    )
    sapply.add_argument("--name", required=True, help="印章名称 (1–30 characters)")
    sapply.add_argument(
        "--type",
        dest="seal_type",
        required=True,
        choices=("cloud", "ukey"),
        help="cloud: 云端印章; ukey: USB KEY 印章 (the unit UKey user only)",
    )
    sapply.add_argument("--handler-name", required=True, help="经办人名称")
    sapply.add_argument("--handler-phone", required=True, help="经办人手机号")
    sapply.add_argument("--handler-id", required=True, help="经办人身份证号 (18 characters)")
    picture = sapply.add_mutually_exclusive_group(required=True)
    picture.add_argument(
        "--image", type=Path, metavar="FILE", help="印章图片: a JPG, PNG or GIF of at most 700 kB"
    )
    picture.add_argument(
        "--style",
        metavar="STYLE",
        help="自动生成 the unit's round seal: 党纪委, 普通, 工会 or 共青团 "
        "(party, official, union, youth)",
    )
    sapply.add_argument(
        "--size",
        default="42x42",
        metavar="WxH",
        help="印章规格 in mm, 10–60 a side (default 42x42; a generated seal 38–45, square)",
    )
    slist = seal.add_parser(
        "list", parents=[common(module=False)], help="the unit's applications you may read"
    )
    slist.add_argument(
        "--state", help="pending (待审核), receipt, valid, expired, revoked, rejected"
    )
    slist.add_argument("--type", dest="seal_type", choices=("cloud", "ukey"))
    slist.add_argument("--search", default="", help="part of the seal's name")
    show = seal.add_parser(
        "show", parents=[common(module=False)], help="one application (--json: its image too)"
    )
    show.add_argument("application", metavar="ID")
    receipt = seal.add_parser(
        "receipt",
        parents=[common(token=True)],
        help="回执: take the USB KEY seal the CA approved (待回执 → 有效), signed with the key "
        "that applied (its PIN)",
    )
    receipt.add_argument("application", metavar="ID")
    write = seal.add_parser(
        "write",
        parents=[common(token=True)],
        help="写入UKey: write the 有效 seal the platform made into the key that applied (its PIN)",
    )
    write.add_argument("application", metavar="ID")
    write.add_argument("--label", help="the seal's label in the key (default: its name)")
    for verb, words in (
        ("freeze", "冻结: a 有效 seal is not written into a key until 解冻"),
        ("unfreeze", "解冻: a frozen seal is no longer"),
    ):
        frozen = seal.add_parser(verb, parents=[common(module=False)], help=words)
        frozen.add_argument("application", metavar="ID")
    revoke = seal.add_parser(
        "revoke", parents=[common(module=False)], help="注销: a 有效 seal becomes 已注销"
    )
    revoke.add_argument("application", metavar="ID")
    revoke.add_argument("--yes", action="store_true", help="the second confirmation (required)")
