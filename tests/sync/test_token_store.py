"""Where `sealdesk platform login` keeps the session token, run as a user would: in the OS
keyring when one works (no file of SealDesk's holds it), else in a file only its owner can read;
never in what the commands print or log; gone from either place after `logout`."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import httpx

from tests.conftest import run_cli
from tests.platform_env import API, ServerProcess

ROOT = str(Path(__file__).resolve().parents[2])
NO_KEYRING = "keyring.backends.fail.Keyring"
TEST_KEYRING = "tests.keyring_backend.Keyring"


def _env(backend: str, ring: Path | None = None) -> dict[str, str]:
    env = {
        "SEALDESK_PIN": "123456",
        "SEALDESK_LOG": "DEBUG",  # everything any library logs: the token is in none of it
        "PYTHON_KEYRING_BACKEND": backend,
        "PYTHONPATH": ROOT,
    }
    if ring is not None:
        env["SEALDESK_TEST_KEYRING"] = str(ring)
    return env


def _token_file() -> Path:
    from sealdesk.app.settings import config_dir

    return config_dir() / "platform-token.json"


def _files_holding(token: str) -> list[Path]:
    """SealDesk's own files (config and data folders) with the token in them."""
    from sealdesk.app.settings import config_dir

    found = []
    for folder in (config_dir(), Path(os.environ["SEALDESK_DATA_DIR"])):
        for path in folder.rglob("*"):
            if path.is_file() and token.encode() in path.read_bytes():
                found.append(path)
    return found


def _accepted(server: ServerProcess, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.get(f"{server.url}{API}/me", headers=headers, timeout=30).status_code


def _login(server: ServerProcess, env: dict[str, str]) -> tuple[dict, str]:  # type: ignore[type-arg]
    result = run_cli("platform", "login", "--server", server.url, "--json", env=env)
    assert result.code == 0, result.stdout + result.stderr
    return result.json, result.stdout + result.stderr  # type: ignore[return-value]


def test_without_a_keyring_the_token_is_in_a_0600_file_and_logout_removes_it(
    demo_server: ServerProcess,
):
    env = _env(NO_KEYRING)
    login, said = _login(demo_server, env)
    assert login["token_kept_in"] == "file"
    file = _token_file()
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    token = json.loads(file.read_text("utf-8"))[demo_server.url]
    assert _files_holding(token) == [file]
    assert "DEBUG" in said and token not in said  # logged at length, but not the token
    whoami = run_cli("platform", "whoami", "--json", env=env)
    assert whoami.code == 0 and token not in whoami.stdout + whoami.stderr
    sync = run_cli("platform", "sync", env=env)
    assert sync.code == 0 and token not in sync.stdout + sync.stderr

    logout = run_cli("platform", "logout", env=env)
    assert logout.code == 0 and token not in logout.stdout + logout.stderr
    assert _files_holding(token) == []
    assert _accepted(demo_server, token) == 401  # ended on the server too
    after = run_cli("platform", "whoami", "--json", env=env)
    assert after.code == 2 and after.json["error"]["kind"] == "not_logged_in_platform"


def test_with_a_keyring_the_token_is_there_and_in_no_file(
    demo_server: ServerProcess, tmp_path: Path
):
    ring = tmp_path / "os-keyring.json"
    env = _env(TEST_KEYRING, ring)
    login, said = _login(demo_server, env)
    assert login["token_kept_in"] == "keyring"
    token = json.loads(ring.read_text("utf-8"))[f"sealdesk-platform\n{demo_server.url}"]
    assert _accepted(demo_server, token) == 200
    assert _files_holding(token) == [] and token not in said
    assert run_cli("platform", "whoami", env=env).code == 0  # the next process finds it

    assert run_cli("platform", "logout", env=env).code == 0
    assert json.loads(ring.read_text("utf-8")) == {}
    assert _accepted(demo_server, token) == 401
    assert run_cli("platform", "whoami", env=env).code == 2


def test_a_keyring_found_later_takes_the_token_out_of_the_file(
    demo_server: ServerProcess, tmp_path: Path
):
    """Logged in once without a keyring, then with one: the old token does not stay behind in
    the file."""
    _login(demo_server, _env(NO_KEYRING))
    old = json.loads(_token_file().read_text("utf-8"))[demo_server.url]
    env = _env(TEST_KEYRING, tmp_path / "os-keyring.json")
    login, _ = _login(demo_server, env)
    assert login["token_kept_in"] == "keyring"
    assert _files_holding(old) == []
    assert run_cli("platform", "whoami", env=env).code == 0


def test_a_keyring_that_keeps_nothing_is_no_keyring(demo_server: ServerProcess):
    """keyring's null backend (chosen by configuration) accepts a password and forgets it: the
    token goes to the file, and the next command is still logged in."""
    env = _env("keyring.backends.null.Keyring")
    login, _ = _login(demo_server, env)
    assert login["token_kept_in"] == "file"
    assert stat.S_IMODE(_token_file().stat().st_mode) == 0o600
    whoami = run_cli("platform", "whoami", "--json", env=env)
    assert whoami.code == 0, whoami.stdout
