"""Property-based fuzzing of the server's requests, made from its own /api/v1/openapi.json
(tests/fuzz/openapi.py), against a real `sealdesk server run` process on SQLite and on
PostgreSQL: as the unit's
超级管理员 (so bodies reach the handlers) and without a session. Whatever is sent, the answer is
never a 5xx, every error is ``{"error": {"code", "kind", "message"}}`` with the status as code,
no body carries a stack trace or a driver's words, a caller without a session never gets past
a permission, and the server logs no internal error.

SEALDESK_FUZZ_API_EXAMPLES (else SEALDESK_FUZZ_EXAMPLES, else 30) requests per operation as the
超级管理员 and a third as many without a session; SEALDESK_FUZZ_RANDOM=1 for new inputs each run
(`scripts/fuzz.py --target api` does both, 300 per operation). A request that breaks the
contract is saved under tests/fuzz/regressions/api/ and replayed by `test_api_regressions`.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from tests.appfile_samples import EXE
from tests.fuzz.openapi import Operation, Request, mutated, operations, requests
from tests.platform_env import API, ServerProcess, SoftKey, UnitCa, credit_code, key_proof, login

MAX_BODY = 1 << 20
EXAMPLES = int(
    os.environ.get("SEALDESK_FUZZ_API_EXAMPLES") or os.environ.get("SEALDESK_FUZZ_EXAMPLES", "30")
)
REGRESSIONS = Path(__file__).parents[1] / "fuzz" / "regressions" / "api"
STATUSES = {200, 400, 401, 403, 404, 405, 409, 413, 422, 429}
LEAKS = ("Traceback", 'File "', "sqlalchemy", "psycopg", "sqlite3", "IntegrityError", "pydantic")


@dataclass
class World:
    """A server with one unit in it: its key, a session, and real ids to aim at."""

    server: ServerProcess
    key: SoftKey
    token: str
    known: dict[str, st.SearchStrategy[Any]]
    ops: list[Operation]

    def relogin(self, client: httpx.Client) -> None:
        reply = login(client, self.key)
        reply.raise_for_status()
        self.token = reply.json()["token"]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _picture() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (48, 48), (230, 0, 18)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(
    request: pytest.FixtureRequest, test_ca: UnitCa, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """The same world on each database the server runs on (SQLite: no --db; PostgreSQL: the
    production one, where types, locks and errors differ)."""
    folder = tmp_path_factory.mktemp("fuzz-server")
    if request.param == "postgresql":
        db_url = request.getfixturevalue("postgres").database()
    else:
        db_url = f"sqlite:///{folder / 'platform.db'}"
    server = ServerProcess(db_url, [test_ca.pem], folder).start()
    key = test_ca.key(credit_code(), "FUZZ-MAIN", name="模糊测试单位")
    other = test_ca.key(credit_code(), "FUZZ-OTHER")
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            reply = login(client, key)
            reply.raise_for_status()
            token = reply.json()["token"]
            me = reply.json()["user"]["id"]
            auth = {"Authorization": f"Bearer {token}"}

            def made(path: str, body: dict[str, Any], what: str) -> str:
                answer = client.post(f"{API}{path}", json=body, headers=auth)
                answer.raise_for_status()
                return str(answer.json()[what]["id" if what != "entry" else "entity_id"])

            departments = [made("/departments", {"name": f"部门{n}"}, "department") for n in (1, 2)]
            phones = ["13900000001", "13900000002", "13900000003"]
            people = [
                made("/people", {"name": f"人员{n}", "phone": p}, "person")
                for n, p in enumerate(phones)
            ]
            entities = [
                made("/whitelist", {"entity_id": "FUZZ-2", "person_id": people[0]}, "entry")
            ]
            # 申请数字证书, so that seal applications reach their handler (and one made)
            certify = {
                "handler_name": "经办人",
                "handler_id_number": "11010519491231002X",
                "handler_phone": "13912345678",
                "handler_email": "a@example.cn",
                "agreed": True,
                **key_proof(client, key),
            }
            client.post(f"{API}/certificate-request", json=certify, headers=auth)
            seal = {
                "name": "模糊测试章",
                "type": "cloud",
                "handler_name": "经办人",
                "handler_phone": "13912345678",
                "handler_id_number": "11010519491231002X",
                "style": "official",
            }
            applications = [made("/seals/applications", seal, "application")]
            document = client.get(f"{API}/openapi.json").json()
        certificates = st.sampled_from([key.certificate, other.certificate])
        known: dict[str, st.SearchStrategy[Any]] = {
            "person_id": st.sampled_from([me, *people]),
            "department_id": st.sampled_from(departments),
            "entity_id": st.sampled_from(["FUZZ-MAIN", *entities]),
            "phone": st.sampled_from(phones),
            "certificate": mutated(certificates).map(_b64),
            "signature": st.binary(max_size=300).map(_b64),
            "challenge": st.binary(min_size=32, max_size=32).map(_b64),
            "application_id": st.sampled_from(applications),
            "handler_id_number": st.sampled_from(["11010519491231002X", "110105194912310021"]),
            # an uploaded picture: one that is, a renamed program, a damaged one
            "data": st.sampled_from([_picture(), EXE, _picture()[:200]]).map(_b64),
        }
        yield World(server, key, token, known, operations(document))
    finally:
        server.stop()


def _send(client: httpx.Client, world: World, request: Request) -> tuple[httpx.Response, int]:
    """The reply, and the length of the body sent (a fresh challenge may have replaced a
    huge one in it)."""
    headers = [(k, v) for k, v in request.headers]
    if request.auth == "token":
        headers.append(("Authorization", f"Bearer {world.token}"))
    elif request.auth != "none":
        headers.append(("Authorization", request.auth))
    content = request.content
    if request.fresh_challenge and content:
        try:
            body = json.loads(content)
        except (ValueError, RecursionError):
            body = None
        if isinstance(body, dict):  # a challenge the server issued, so the login goes on
            challenge = client.post(f"{API}/auth/challenge").json()["challenge"]
            body["challenge"] = challenge
            if request.sign:
                body["signature"] = _b64(world.key.sign(base64.b64decode(challenge)))
            content = json.dumps(body).encode()
    if request.chunked and content is not None:
        pieces = [content[i : i + 65536] for i in range(0, len(content), 65536)]
        reply = client.request(request.method, request.url, content=iter(pieces), headers=headers)
    else:
        reply = client.request(request.method, request.url, content=content, headers=headers)
    return reply, len(content or b"")


def _check(op: Operation | None, request: Request, reply: httpx.Response, sent: int) -> None:
    text = reply.text
    for leak in LEAKS:
        assert leak not in text, f"{request.operation}: {leak!r} in the body: {text[:500]}"
    assert reply.status_code in STATUSES, f"{request.operation}: {reply.status_code} {text[:500]}"
    if sent > MAX_BODY and (op is None or op.body or not request.chunked):
        # over 1 MiB: refused by its length, or as it arrives where the body is read
        assert reply.status_code == 413, f"{request.operation}: {reply.status_code} {text[:200]}"
    data = reply.json()
    assert isinstance(data, dict), text[:200]
    if reply.status_code >= 400:
        assert "error" in data, text[:500]
        error = data["error"]
        # beside the error only the row as it is now, when an If-Match named an old version
        assert set(data) == {"error"} or (
            set(data) == {"error", "current"} and error.get("kind") == "stale"
        ), text[:500]
        assert set(error) == {"code", "kind", "message"}, text[:500]
        assert error["code"] == reply.status_code, text[:500]
        assert isinstance(error["kind"], str) and error["kind"], text[:500]
        assert isinstance(error["message"], str) and error["message"], text[:500]
        # one client, one request at a time: there is no race, so 'conflict' (a database
        # constraint that a concurrent change broke) means a body got past the checks
        assert error["kind"] != "conflict", f"{request.operation}: {text[:500]}"
    elif op is not None and op.permission is not None:
        assert request.auth == "token", f"{request.operation} let {request.auth!r} through"


def _save(request: Request) -> Path:
    REGRESSIONS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(request.to_json(), ensure_ascii=False, indent=1)
    path = REGRESSIONS / f"{hashlib.sha256(text.encode()).hexdigest()[:16]}.json"
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _fuzz(
    world: World, client: httpx.Client, op: Operation, *, authenticated: bool
) -> Counter[str]:
    seen: Counter[str] = Counter()
    failed: list[Request] = []
    strategy = requests(op, authenticated=authenticated, known=world.known)

    @settings(
        # without a session nearly everything is 401 before the body is looked at: a third
        max_examples=EXAMPLES if authenticated else max(EXAMPLES // 3, 1),
        deadline=None,  # a real server on a shared machine; the client's timeout bounds it
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=os.environ.get("SEALDESK_FUZZ_RANDOM") is None,
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        request = data.draw(strategy)
        try:
            reply, sent = _send(client, world, request)
            _check(op, request, reply, sent)
        except BaseException:
            failed.append(request)
            raise
        seen[f"{reply.status_code}"] += 1
        if op.path.endswith("/auth/logout") and reply.status_code == 200:
            world.relogin(client)  # the fuzz's own session was ended

    try:
        run()
    except BaseException:
        if failed:
            print(f"saved {_save(failed[-1])}")
        raise
    return seen


def _server_log_is_clean(world: World) -> None:
    log = world.server.log()
    assert "internal error" not in log and "Traceback" not in log, log[-3000:]


def _data_is_whole(world: World, client: httpx.Client) -> None:
    """After it all: the unit's data reads back whole and the audit chain holds."""
    from sealdesk.server.admin import verify_audit

    reply = client.get(f"{API}/sync", headers={"Authorization": f"Bearer {world.token}"})
    assert reply.status_code == 200, reply.text[:500]
    for person in reply.json()["people"]:
        assert isinstance(person["name"], str) and person["name"].strip(), person
        assert person["status"] in ("active", "left"), person
    check = verify_audit(world.server.db_url)
    assert check.broken is None and check.rows > 0, check


@pytest.mark.timeout(900)
@pytest.mark.parametrize("authenticated", [True, False], ids=["super_admin", "anonymous"])
def test_fuzz_api(world: World, authenticated: bool) -> None:
    started = time.monotonic()
    total: Counter[str] = Counter()
    with httpx.Client(base_url=world.server.url, timeout=30) as client:
        for op in world.ops:
            seen = _fuzz(world, client, op, authenticated=authenticated)
            total.update(seen)
            print(f"{op.name:<45} {dict(sorted(seen.items()))}")
        print(f"{sum(total.values())} requests in {time.monotonic() - started:.1f} s: {total}")
        assert len(world.ops) >= 20  # the document lists every operation
        _data_is_whole(world, client)
    _server_log_is_clean(world)


_SAVED = sorted(REGRESSIONS.glob("*.json")) if REGRESSIONS.is_dir() else []


@pytest.mark.parametrize("path", _SAVED, ids=lambda p: p.stem)
def test_api_regressions(world: World, path: Path) -> None:
    """Every request that once broke the contract, sent again."""
    request = Request.from_json(json.loads(path.read_text("utf-8")))
    op = next((o for o in world.ops if o.name == request.operation), None)
    with httpx.Client(base_url=world.server.url, timeout=30) as client:
        _check(op, request, *_send(client, world, request))
    _server_log_is_clean(world)


def _admin(world: World) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.token}"}


def test_a_trailing_slash_is_404_json_not_a_redirect(world: World) -> None:
    """Found by the fuzz: "/people/" answered 307 with an empty body (to "/people", where a
    client following it would PATCH the collection)."""
    with httpx.Client(base_url=world.server.url, timeout=30, follow_redirects=False) as client:
        for method, path in (("PATCH", "/people/%2F"), ("GET", "/people/"), ("POST", "/roles/")):
            reply = client.request(method, f"{API}{path}", headers=_admin(world), json={})
            assert reply.status_code == 404, (method, path, reply.status_code, reply.text)
            assert reply.json()["error"]["kind"] == "not_found"


def test_an_edit_cannot_empty_a_persons_name_or_phone(world: World) -> None:
    with httpx.Client(base_url=world.server.url, timeout=30, headers=_admin(world)) as client:
        person = client.post(
            f"{API}/people", json={"name": "改名测试", "phone": "13900000099"}
        ).json()["person"]
        for body in ({"name": None}, {"phone": None}, {"name": "x", "phone": None}):
            reply = client.patch(f"{API}/people/{person['id']}", json=body)
            assert reply.status_code == 422, (body, reply.text)
            assert reply.json()["error"]["kind"] == "invalid"
        cleared = client.patch(f"{API}/people/{person['id']}", json={"id_number": None})
        assert cleared.status_code == 200, cleared.text  # the optional fields may be emptied
        people = client.get(f"{API}/people").json()["people"]
        same = next(p for p in people if p["id"] == person["id"])
        assert (same["name"], same["phone"]) == ("改名测试", "13900000099")


def test_a_body_over_1_mib_is_413_with_or_without_its_length(world: World) -> None:
    """A chunked body says no length: it was read whole, however large."""
    body = b'{"phone": "13900000000", "password": "' + b"x" * (2 << 20) + b'"}'
    with httpx.Client(base_url=world.server.url, timeout=60) as client:
        for content in (body, iter([body[i : i + 65536] for i in range(0, len(body), 65536)])):
            reply = client.post(
                f"{API}/auth/password",
                content=content,
                headers={"Content-Type": "application/json"},
            )
            assert reply.status_code == 413, reply.text[:300]
            assert reply.json()["error"]["kind"] == "too_large"
        small = client.post(f"{API}/auth/password", content=iter([b'{"phone": "1"}']))
        assert small.status_code == 422, small.text  # a small chunked body is read as before
