"""Two `sealdesk server run` processes on one PostgreSQL database, as behind a load balancer
(a round-robin proxy on loopback sends each request to the other one): a challenge one issued
is taken by the other, and a whole `sealdesk platform sync`, its pushes and pulls alternating
between them, leaves the local store as a client talking to one server only has it."""

from __future__ import annotations

import base64
import itertools
import os
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import httpx
import pytest

from tests.conftest import run_cli
from tests.platform_env import (
    API,
    Postgres,
    ServerProcess,
    UnitCa,
    credit_code,
    serving,
    test_ca,
)

__all__ = ["test_ca"]
PIN = {"SEALDESK_PIN": "123456"}
HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


@contextmanager
def round_robin(*backends: str) -> Iterator[tuple[str, Counter[str]]]:
    """A proxy that sends each request to the next backend in turn; counts them by backend."""
    turn = itertools.cycle(backends)
    lock = threading.Lock()
    counts: Counter[str] = Counter()
    upstream = httpx.Client(timeout=60)

    class Handler(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            with lock:
                backend = next(turn)
                counts[backend] += 1
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
            reply = upstream.request(
                self.command, backend + self.path, content=body, headers=headers
            )
            self.send_response(reply.status_code)
            for k, v in reply.headers.items():
                if k.lower() not in HOP and k.lower() != "content-encoding":
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(reply.content)))
            self.end_headers()
            self.wfile.write(reply.content)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _forward

        def log_message(self, *_args: object) -> None:
            pass

    try:
        with serving(Handler) as url:
            yield url, counts
    finally:
        upstream.close()


@pytest.fixture
def two_servers(
    postgres: Postgres,
    demo_key,  # type: ignore[no-untyped-def]
    test_ca: UnitCa,
    tmp_path: Path,
) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    db = postgres.database()
    trust = [demo_key.root_ca_pem, test_ca.pem]
    a = ServerProcess(db, trust, tmp_path / "a")
    b = ServerProcess(db, trust, tmp_path / "b")
    for s in (a, b):
        s.workdir.mkdir()
    a.start()
    try:
        b.start()
        yield a, b
    finally:
        b.stop()
        a.stop()


def test_a_challenge_from_one_server_is_taken_by_the_other_once(
    two_servers: tuple[ServerProcess, ServerProcess], test_ca: UnitCa
):
    a, b = two_servers
    key = test_ca.key(credit_code(), "LB-MAIN")
    challenge = httpx.post(f"{a.url}{API}/auth/challenge", timeout=30).json()["challenge"]
    body = {
        "challenge": challenge,
        "certificate": base64.b64encode(key.certificate).decode(),
        "signature": base64.b64encode(key.sign(base64.b64decode(challenge))).decode(),
    }
    on_b = httpx.post(f"{b.url}{API}/auth/ukey", json=body, timeout=30)
    assert on_b.status_code == 200, on_b.text
    token = on_b.json()["token"]
    for server in (a, b):  # the session is the database's: both know it
        me = httpx.get(
            f"{server.url}{API}/me", headers={"Authorization": f"Bearer {token}"}, timeout=30
        )
        assert me.status_code == 200 and me.json()["unit"]["credit_code"] == key_code(key)
    for server in (a, b):  # and the challenge is used up on both
        again = httpx.post(f"{server.url}{API}/auth/ukey", json=body, timeout=30)
        assert again.status_code == 401 and again.json()["error"]["kind"] == "challenge_invalid"


def key_code(key) -> str:  # type: ignore[no-untyped-def]
    from sealdesk.signing.certinfo import certificate_info

    return str(certificate_info(key.certificate).credit_code)


def _listed(what: str, env: dict[str, str]) -> list[dict]:  # type: ignore[type-arg]
    result = run_cli("platform", what, "list", "--json", env=env)
    assert result.code == 0, result.stdout + result.stderr
    return result.json[what]  # type: ignore[index,no-any-return]


def test_a_whole_sync_alternating_between_two_servers_gives_the_same_store(
    two_servers: tuple[ServerProcess, ServerProcess], tmp_path: Path
):
    a, b = two_servers
    here = {**PIN, "SEALDESK_DATA_DIR": os.environ["SEALDESK_DATA_DIR"]}
    with round_robin(a.url, b.url) as (url, counts):
        login = run_cli("platform", "login", "--server", url, "--json", env=here)
        assert login.code == 0, login.stdout + login.stderr
        assert counts[a.url] and counts[b.url]  # the challenge on one, its answer on the other
        for n in range(3):
            added = run_cli(
                "platform", "people", "add", "--name", f"轮换{n}", "--phone", f"1330000000{n}"
            )
            assert added.code == 0, added.stdout + added.stderr
        assert run_cli("platform", "whitelist", "add", "LB-KEY-2", "--label", "轮换").code == 0

        # changes made offline, then one sync sends and fetches them across both servers
        from sealdesk.app.platform import local

        for n in range(10):
            local().add_person(
                name=f"离线轮换{n}", phone=f"1320000{n:04d}", id_number=None, roles=[]
            )
        before = counts.copy()
        synced = run_cli("platform", "sync", "--json")
        assert synced.code == 0, synced.stdout + synced.stderr
        assert synced.json["pushed"] == 10  # type: ignore[index]
        during = counts - before
        assert during[a.url] >= 5 and during[b.url] >= 5, during
        through_both = {w: _listed(w, {}) for w in ("people", "whitelist")}

    # another computer, talking to server A alone, fetches everything
    other = {**PIN, "SEALDESK_DATA_DIR": str(tmp_path / "other-computer")}
    login = run_cli("platform", "login", "--server", a.url, "--json", env=other)
    assert login.code == 0, login.stdout + login.stderr
    for what, listed in through_both.items():
        assert _listed(what, other) == listed, what
    names = [p["name"] for p in through_both["people"]]
    assert sorted(n for n in names if "轮换" in n) == sorted(
        [f"轮换{n}" for n in range(3)] + [f"离线轮换{n}" for n in range(10)]
    )
    assert not any(p["pending"] for p in through_both["people"])
