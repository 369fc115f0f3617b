"""The session token: in the OS keyring, or where none works, a file only its owner can read."""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)
SERVICE = "sealdesk-platform"
FILE_NAME = "platform-token.json"


class TokenStore:
    """Tokens by server URL; ``folder`` holds the fallback file."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / FILE_NAME

    def _keyring(self) -> object | None:
        try:
            import keyring
            from keyring.backends.fail import Keyring as NoKeyring
        except ImportError:
            return None
        backend = keyring.get_keyring()
        return None if isinstance(backend, NoKeyring) else backend

    def get(self, server: str) -> str | None:
        backend = self._keyring()
        if backend is not None:
            try:
                value = backend.get_password(SERVICE, server)  # type: ignore[attr-defined]
                if value:
                    return str(value)
            except Exception as e:
                log.warning("keyring unusable: %s", type(e).__name__)
        return self._read().get(server)

    def set(self, server: str, token: str) -> str:
        """Keep ``token``; returns where: ``keyring`` or ``file``."""
        backend = self._keyring()
        if backend is not None:
            try:
                backend.set_password(SERVICE, server, token)  # type: ignore[attr-defined]
                # read back: a backend that accepts and forgets (keyring's null one) keeps nothing
                kept = backend.get_password(SERVICE, server) == token  # type: ignore[attr-defined]
            except Exception as e:
                log.warning("keyring unusable: %s", type(e).__name__)
            else:
                if kept:
                    self._forget_in_file(server)  # an older token there does not stay behind
                    return "keyring"
                log.warning("keyring keeps nothing: %s", type(backend).__name__)
        tokens = self._read()
        tokens[server] = token
        self._write(tokens)
        return "file"

    def delete(self, server: str) -> None:
        backend = self._keyring()
        if backend is not None:
            with contextlib.suppress(Exception):  # not there: nothing to forget
                backend.delete_password(SERVICE, server)  # type: ignore[attr-defined]
        self._forget_in_file(server)

    def _forget_in_file(self, server: str) -> None:
        tokens = self._read()
        if tokens.pop(server, None) is not None:
            self._write(tokens)

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.file.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _write(self, tokens: dict[str, str]) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        part = self.file.with_name(self.file.name + ".part")
        # created 0600 before anything is written into it
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(tokens, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(part, self.file)
