"""`sealdesk platform …` as a user runs it, logged in with the SoftHSM2 demo key, against the
server on PostgreSQL: offline work from the local store (exit 12), the server's refusals
(exit 11), a client killed mid-sync, a server restarted mid-sync, two servers on one database."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import run_cli
from tests.platform_env import API, ServerProcess

PIN = {"SEALDESK_PIN": "123456"}


def _login(server: ServerProcess) -> dict:  # type: ignore[type-arg]
    result = run_cli("platform", "login", "--server", server.url, "--json", env=PIN)
    assert result.code == 0, result.stdout + result.stderr
    return result.json  # type: ignore[return-value]


def _people(server: ServerProcess, token: str) -> list[dict]:  # type: ignore[type-arg]
    reply = httpx.get(
        f"{server.url}{API}/people", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    reply.raise_for_status()
    return reply.json()["people"]  # type: ignore[no-any-return]


def _token(server: ServerProcess) -> str:
    from sealdesk.app.settings import config_dir

    return json.loads((config_dir() / "platform-token.json").read_text())[server.url]


def _queue(names: list[tuple[str, str]]) -> None:
    """Changes made offline, straight into the local store (as the window would)."""
    from sealdesk.app.platform import local

    for name, phone in names:
        local().add_person(name=name, phone=phone, id_number=None, roles=[])


def _outbox(tmp_path: Path) -> int:
    import os

    with sqlite3.connect(Path(os.environ["SEALDESK_DATA_DIR"]) / "sealdesk.db") as db:
        return int(db.execute("SELECT count(*) FROM platform_outbox").fetchone()[0])


def test_login_people_whitelist_and_the_server_refusing(demo_server: ServerProcess):
    login = _login(demo_server)
    assert login["unit"]["credit_code"] == "91310115MA1K3YJ12G"
    assert "super_admin" in login["user"]["roles"] and login["token_kept_in"] in ("keyring", "file")
    me = run_cli("platform", "whoami", "--json")
    assert me.code == 0 and me.json["unit"]["name"] == "上海示例科技有限公司"
    added = run_cli("platform", "people", "add", "--name", "张三", "--phone", "13812345678")
    assert added.code == 0, added.stderr
    listed = run_cli("platform", "people", "list", "--json").json["people"]
    assert [p["name"] for p in listed if not p["key_holder"]] == ["张三"]
    assert not any(p["pending"] for p in listed)
    assert (
        run_cli("platform", "people", "add", "--name", "单雄信", "--phone", "13812345679").code == 0
    )

    # 字母 and initials (seed 004): 单 as a surname is Shàn
    def found(*words: str) -> list[str]:
        reply = run_cli("platform", "people", "list", *words, "--json")
        assert reply.code == 0, reply.stdout + reply.stderr
        return sorted(p["name"] for p in reply.json["people"] if not p["key_holder"])

    assert found("--letter", "z") == ["张三"]
    assert found("--letter", "S") == ["单雄信"]
    assert found("--letter", "D") == []
    assert found("--search", "zs") == ["张三"] == found("--search", "ZS", "--letter", "Z")
    assert found("--search", "xx") == ["单雄信"]  # 雄信: any run of the initials
    assert found("--search", "1234567") == ["单雄信", "张三"]
    bad = run_cli("platform", "people", "list", "--letter", "ZZ", "--json")
    assert bad.code == 2

    # the server wins: a phone in use is refused, the local row made for it goes
    again = run_cli(
        "platform", "people", "add", "--name", "李四", "--phone", "13812345678", "--json"
    )
    assert again.code == 11, again.stdout
    assert again.json["error"]["server"]["code"] == 409
    assert again.json["error"]["server"]["kind"] == "duplicate_phone"
    listed = run_cli("platform", "people", "list", "--json").json["people"]
    assert "李四" not in [p["name"] for p in listed]

    assert run_cli("platform", "whitelist", "add", "KEY-2", "--label", "财务").code == 0
    entries = run_cli("platform", "whitelist", "list", "--json").json["whitelist"]
    assert {(e["entity_id"], e["main"]) for e in entries} == {
        ("SH0000000000012345", True),
        ("KEY-2", False),
    }
    removed = run_cli("platform", "people", "remove", "13812345678", "--json")
    assert removed.code == 0 and removed.json["result"]["status"] == "left"
    assert run_cli("platform", "logout").code == 0
    after = run_cli("platform", "people", "list", "--json")
    assert after.code == 2 and after.json["error"]["kind"] == "not_logged_in_platform"


def test_offline_then_back_no_duplicates(demo_server: ServerProcess, tmp_path: Path):
    _login(demo_server)
    token = _token(demo_server)
    demo_server.stop()
    listed = run_cli("platform", "people", "list", "--json")
    assert listed.code == 12 and listed.json["offline"] is True
    assert listed.json["error"]["kind"] == "server_unreachable"
    assert [p["key_holder"] for p in listed.json["people"]] == [True]
    for n in range(3):
        queued = run_cli(
            "platform", "people", "add", "--name", f"离线{n}", "--phone", f"1370000000{n}"
        )
        assert queued.code == 12 and "联网后" in queued.stdout
    assert _outbox(tmp_path) == 3
    pending = run_cli("platform", "people", "list", "--json").json["people"]
    assert sum(p["pending"] for p in pending) == 3
    demo_server.start()
    synced = run_cli("platform", "sync", "--json")
    assert synced.code == 0 and synced.json["pushed"] == 3
    assert _outbox(tmp_path) == 0
    names = sorted(p["name"] for p in _people(demo_server, token))
    assert names.count("离线0") == 1 and len(names) == 4


@pytest.mark.timeout(300)
def test_client_killed_mid_sync_then_rerun(demo_server: ServerProcess, tmp_path: Path):
    _login(demo_server)
    token = _token(demo_server)
    demo_server.stop()
    _queue([(f"批量{n}", f"1360000{n:04d}") for n in range(40)])
    assert _outbox(tmp_path) == 40
    demo_server.start()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sealdesk.desktop", "platform", "sync"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while _outbox(tmp_path) > 30 and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    left = _outbox(tmp_path)
    assert 0 < left < 40, left  # killed halfway through
    assert run_cli("platform", "sync").code == 0
    assert _outbox(tmp_path) == 0
    names = [p["name"] for p in _people(demo_server, token) if p["name"].startswith("批量")]
    assert sorted(names) == sorted(f"批量{n}" for n in range(40))  # each once


@pytest.mark.timeout(300)
def test_server_restarted_mid_sync(demo_server: ServerProcess, tmp_path: Path):
    _login(demo_server)
    token = _token(demo_server)
    demo_server.stop()
    _queue([(f"重启{n}", f"1350000{n:04d}") for n in range(30)])
    demo_server.start()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sealdesk.desktop", "platform", "sync", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    while _outbox(tmp_path) > 20:
        time.sleep(0.02)
    demo_server.stop(signal.SIGKILL)  # the server dies under the client
    demo_server.start()
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode in (0, 12), out  # retried through, or said unreachable
    assert run_cli("platform", "sync").code == 0 and _outbox(tmp_path) == 0
    names = [p["name"] for p in _people(demo_server, token) if p["name"].startswith("重启")]
    assert sorted(names) == sorted(f"重启{n}" for n in range(30))


def test_two_servers_on_one_database_answer_alike(demo_server: ServerProcess, tmp_path: Path):
    other = ServerProcess(demo_server.db_url, demo_server.trust, tmp_path).start()
    try:
        _login(demo_server)
        token = _token(demo_server)
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "same-change-1"}
        body = {"name": "轮流", "phone": "13400000001"}
        first = httpx.post(f"{demo_server.url}{API}/people", json=body, headers=headers)
        replay = httpx.post(f"{other.url}{API}/people", json=body, headers=headers)
        assert first.status_code == replay.status_code == 200
        assert first.json() == replay.json()  # the replay is answered, not done again
        for url in (demo_server.url, other.url):
            sync = httpx.get(f"{url}{API}/sync", headers={"Authorization": f"Bearer {token}"})
            assert sync.status_code == 200
        a = httpx.get(f"{demo_server.url}{API}/sync", headers={"Authorization": f"Bearer {token}"})
        b = httpx.get(f"{other.url}{API}/sync", headers={"Authorization": f"Bearer {token}"})
        assert a.json() == b.json()
        assert [p["name"] for p in _people(other, token)].count("轮流") == 1
    finally:
        other.stop()
