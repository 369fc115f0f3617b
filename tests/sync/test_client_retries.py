"""The platform client against real HTTP servers on loopback (http.server in a thread, raw
sockets): a 5xx or a dropped connection is tried again with a growing pause, a 4xx never (it is
the server's answer), and a server that never answers is said unreachable in a bounded time —
by the CLI too, with exit 12."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

import pytest

from sealdesk.sync.client import PlatformClient, ServerRefused, ServerUnreachable
from tests.conftest import run_cli
from tests.platform_env import serving


@dataclass
class Script:
    """The statuses to answer with, in turn (the last one for every request after)."""

    statuses: list[int]
    seen: list[tuple[float, str, str | None]] = field(default_factory=list)  # time, path, key

    def next_status(self) -> int:
        return self.statuses[min(len(self.seen) - 1, len(self.statuses) - 1)]


@contextmanager
def scripted(*statuses: int) -> Iterator[tuple[str, Script]]:
    script = Script(list(statuses))

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            script.seen.append((time.monotonic(), self.path, self.headers.get("Idempotency-Key")))
            status = script.next_status()
            if status == 200:
                body = {"ok": True, "attempt": len(script.seen)}
            else:
                body = {"error": {"code": status, "kind": f"k{status}", "message": "no"}}
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_DELETE = _answer

        def log_message(self, *_args: object) -> None:
            pass

    with serving(Handler) as url:
        yield url, script


@contextmanager
def silent(*, accept_and_close: bool) -> Iterator[tuple[str, list[float]]]:
    """A port that takes connections and never answers: each one is held open (or closed at
    once with ``accept_and_close``); the times of the connections are listed."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.1)
    accepted: list[float] = []
    held: list[socket.socket] = []
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(time.monotonic())
            if accept_and_close:
                conn.close()
            else:
                held.append(conn)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", accepted
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


def test_503_twice_then_200_is_tried_three_times_with_a_growing_pause():
    with (
        scripted(503, 503, 200) as (url, script),
        PlatformClient(url, retries=3, backoff=0.1) as client,
    ):
        reply = client.request("POST", "/people", json={"name": "x"}, idempotency_key="k-1")
    assert reply == {"ok": True, "attempt": 3}
    times = [t for t, _, _ in script.seen]
    assert len(times) == 3
    assert times[1] - times[0] >= 0.1 and times[2] - times[1] >= 0.2  # 0.1 s, then 0.2 s
    # the same change each time: the server answers a replay instead of doing it twice
    assert {key for _, _, key in script.seen} == {"k-1"}
    assert {path for _, path, _ in script.seen} == {"/api/v1/people"}


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 413, 422, 429])
def test_a_4xx_is_the_servers_answer_and_never_tried_again(status: int):
    with (
        scripted(status, 200) as (url, script),
        PlatformClient(url, retries=3, backoff=0.01) as client,
        pytest.raises(ServerRefused) as refused,
    ):
        client.request("POST", "/people", json={}, idempotency_key="k-2")
    assert len(script.seen) == 1
    assert refused.value.status == status and refused.value.kind == f"k{status}"


def test_a_5xx_that_stays_is_said_after_the_retries():
    with (
        scripted(502, 500, 503) as (url, script),
        PlatformClient(url, retries=2, backoff=0.01) as client,
        pytest.raises(ServerRefused) as refused,
    ):
        client.request("GET", "/sync")
    assert len(script.seen) == 3 and refused.value.status == 503


def test_a_dropped_connection_is_tried_again_then_unreachable():
    with (
        silent(accept_and_close=True) as (url, accepted),
        PlatformClient(url, retries=2, backoff=0.01) as client,
    ):
        with pytest.raises(ServerUnreachable) as unreachable:
            client.request("GET", "/me")
        time.sleep(0.2)  # the listener's thread has counted the last one
    assert len(accepted) == 3
    assert unreachable.value.url == url


def test_a_refused_connection_is_unreachable():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with (
        PlatformClient(f"http://127.0.0.1:{port}", retries=1, backoff=0.01) as client,
        pytest.raises(ServerUnreachable),
    ):
        client.request("GET", "/me")


def test_a_server_that_never_answers_is_unreachable_in_a_bounded_time():
    with (
        silent(accept_and_close=False) as (url, accepted),
        PlatformClient(url, timeout=0.5, retries=2, backoff=0.1) as client,
    ):
        start = time.monotonic()
        with pytest.raises(ServerUnreachable) as unreachable:
            client.request("GET", "/me")
        elapsed = time.monotonic() - start
    assert len(accepted) == 3
    assert 3 * 0.5 + 0.3 <= elapsed < 5, elapsed  # 3 timeouts and 2 pauses, not more
    assert "Timeout" in unreachable.value.detail or "timed out" in unreachable.value.detail


@pytest.mark.timeout(180)
def test_the_cli_says_a_silent_server_unreachable_with_exit_12(demo_key):  # type: ignore[no-untyped-def]
    with silent(accept_and_close=False) as (url, accepted):
        start = time.monotonic()
        result = run_cli(
            "platform",
            "login",
            "--server",
            url,
            "--json",
            env={"SEALDESK_PIN": "123456"},
            timeout=150,
        )
        elapsed = time.monotonic() - start
    assert result.code == 12, result.stdout + result.stderr
    assert result.json["error"]["kind"] == "server_unreachable"  # type: ignore[index]
    assert url in result.json["error"]["message"]  # type: ignore[index]
    # the challenge is asked for once: a POST that may have reached the server is not sent
    # again (it was 4 tries, ~42 s, before)
    assert len(accepted) == 1
    assert elapsed < 20, elapsed  # one 10 s timeout and the start of the command


def test_a_change_that_timed_out_is_sent_again_only_with_its_key():
    """A POST that reached a silent server may be under way there: without an
    Idempotency-Key it is not sent twice; with one, the server would answer a replay. The same
    for a connection closed without an answer, unless the request is harmless to repeat."""
    with (
        silent(accept_and_close=False) as (url, accepted),
        PlatformClient(url, timeout=0.3, retries=2, backoff=0.01) as client,
    ):
        with pytest.raises(ServerUnreachable):
            client.request("POST", "/auth/sms", json={})
        time.sleep(0.2)
        once = len(accepted)
        with pytest.raises(ServerUnreachable):
            client.request("POST", "/people", json={}, idempotency_key="k-3")
        time.sleep(0.2)
    assert once == 1 and len(accepted) - once == 3
    with (
        silent(accept_and_close=True) as (url, accepted),
        PlatformClient(url, retries=2, backoff=0.01) as client,
    ):
        # a connection closed without an answer: the change may have been done there
        with pytest.raises(ServerUnreachable):
            client.request("POST", "/auth/password-reset", json={})
        time.sleep(0.2)
        once = len(accepted)
        with pytest.raises(ServerUnreachable):  # a read is harmless to ask again
            client.request("GET", "/me")
        time.sleep(0.2)
    assert once == 1 and len(accepted) - once == 3


def test_a_5xx_to_a_change_without_its_key_is_not_sent_again():
    """A 504 from a proxy may come after the server did the change: a reset or a login is
    not sent twice (it would be refused as used and said failed although it was done)."""
    with (
        scripted(504, 200) as (url, script),
        PlatformClient(url, retries=3, backoff=0.01) as client,
        pytest.raises(ServerRefused) as refused,
    ):
        client.request("POST", "/auth/password-reset", json={})
    assert len(script.seen) == 1 and refused.value.status == 504
