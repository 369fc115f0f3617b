"""The application layer's own errors, light to import (the error table imports them)."""

from __future__ import annotations

from pathlib import Path

from sealdesk.signing.errors import WordedError


class DemoError(Exception):
    """The demo key could not be made (a tool is missing or failed)."""


class DemoFolderRefused(DemoError):
    """The folder holds files the demo did not make: nothing was touched."""

    def __init__(self, folder: Path, reason: str) -> None:
        super().__init__(f"{folder}: {reason}")
        self.folder = folder
        self.reason = reason  # "not_empty" | "not_a_folder"


class TrustFileError(WordedError):
    """A file given or configured as a trust root, seal maker or CRL cannot be used."""

    def __init__(self, path: Path, detail_zh: str, detail_en: str) -> None:
        super().__init__(
            "trust_file",
            f"信任文件 {path} 无法使用：{detail_zh}",
            f"The trust file {path} cannot be used: {detail_en}",
        )
        self.path = path
