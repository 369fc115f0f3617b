"""A keyring backend for tests, chosen with PYTHON_KEYRING_BACKEND=tests.keyring_backend.Keyring:
the secrets live where $SEALDESK_TEST_KEYRING says (outside SealDesk's folders, as the OS
keyring's are), so that one process's login is seen by the next command's."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError


class Keyring(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:
        return 1

    @staticmethod
    def _file() -> Path:
        return Path(os.environ["SEALDESK_TEST_KEYRING"])

    def _all(self) -> dict[str, str]:
        try:
            return dict(json.loads(self._file().read_text("utf-8")))
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._all().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        secrets = self._all()
        secrets[f"{service}\n{username}"] = password
        self._file().write_text(json.dumps(secrets), "utf-8")

    def delete_password(self, service: str, username: str) -> None:
        secrets = self._all()
        if secrets.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError(username)
        self._file().write_text(json.dumps(secrets), "utf-8")
