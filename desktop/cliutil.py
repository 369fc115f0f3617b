"""Pieces every CLI command uses: the parser, common options, output, secrets."""

from __future__ import annotations

import argparse
import functools
import getpass
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from sealdesk.desktop import i18n
from sealdesk.desktop.errors import UsageError
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    from sealdesk.signing.softkey import SoftKeySigner
    from sealdesk.ukey import TokenInfo

ENV_PIN = "SEALDESK_PIN"
ENV_PASSWORD = "SEALDESK_PASSWORD"  # noqa: S105 (a variable name: 账号登录, login --phone)
ENV_NEW_PIN = "SEALDESK_NEW_PIN"
ENV_KEY_PASSWORD = "SEALDESK_KEY_PASSWORD"  # noqa: S105 (a variable name)


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


@functools.cache  # a parent's options are copied into each parser: one parent serves all
def common(json_option: bool = True, module: bool = True, token: bool = False) -> Parser:
    parent = Parser(add_help=False)
    parent.add_argument("--lang", choices=i18n.LANGUAGES, help="zh (default) or en")
    if json_option:
        parent.add_argument("--json", action="store_true", help="one JSON document on stdout")
    if module:
        parent.add_argument("--module", metavar="PATH", help="PKCS#11 module file")
    if token:
        parent.add_argument(
            "--token", metavar="LABEL", help="token label (the only key if omitted)"
        )
    return parent


class Output:
    """Human text or one JSON document."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def line(self, text: str = "") -> None:
        if not self.as_json:
            print(text, flush=True)

    def document(self, data: Any) -> None:
        if self.as_json:
            print(json.dumps(data, ensure_ascii=False, indent=2), flush=True)


PASSWORD_KINDS = ("pdf_encrypted", "pdf_password")


def with_hint(kind: str, message: str) -> str:
    """A message as the command line says it: where an encrypted PDF's password goes."""
    if kind in PASSWORD_KINDS:
        return f"{message} {tr('hint.pdf_password')}"
    return message


def read_input(path: Path) -> bytes:
    """A file the user named, or a usage error saying which and why (exit 2)."""
    try:
        return path.read_bytes()
    except OSError as e:
        raise UsageError(tr("err.file_unreadable", path=path, detail=e.strerror or str(e))) from e


def key_file_signer(key: Path, cert: Path | None) -> SoftKeySigner:
    """A soft key (``--key-file``, ``--maker-key``): its password, only when the file is
    encrypted, from SEALDESK_KEY_PASSWORD or a prompt; never the key's PIN (SEALDESK_PIN)."""
    from sealdesk.signing.softkey import SoftKeySigner

    data = read_input(key)
    password = None
    if key.suffix.lower() in (".p12", ".pfx") or b"ENCRYPTED" in data:
        password = read_secret(ENV_KEY_PASSWORD, tr("prompt.key_password", path=key))
    return SoftKeySigner.from_files(key, cert, password)


def cli_pin(info: TokenInfo) -> str:
    """The command line's PIN handler: SEALDESK_PIN, else a no-echo prompt."""
    return read_secret(ENV_PIN, tr("prompt.pin", label=info.label))


def read_secret(env_name: str, prompt: str, missing: str = "pin_missing") -> str:
    """The secret in ``env_name``, else typed at a no-echo prompt; with neither, exit 2 with
    ``err.<missing>`` (which names the variable)."""
    value = os.environ.get(env_name)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise UsageError(tr(f"err.{missing}"), kind=missing)
    try:
        return getpass.getpass(prompt)
    except EOFError as e:
        raise UsageError(tr(f"err.{missing}"), kind=missing) from e
