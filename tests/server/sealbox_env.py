"""A unit on the real server for the seal-box tests: its 主管理员 (the unit key), people with
roles who log in with keys of their own, boxes bound by device id, grants."""

from __future__ import annotations

import itertools
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.platform_env import (
    API,
    ServerProcess,
    SoftKey,
    UnitCa,
    credit_code,
    login,
    person_body,
)

_numbers = itertools.count(1)


def phone() -> int:
    return 5_000_000 + (os.getpid() % 500) * 5000 + next(_numbers)


@contextmanager
def session(server_url: str, key: SoftKey) -> Iterator[httpx.Client]:
    """A client logged in with ``key`` (a refused login fails with the server's words)."""
    with httpx.Client(base_url=server_url, timeout=30) as client:
        reply = login(client, key)
        assert reply.status_code == 200, reply.text
        client.headers["Authorization"] = f"Bearer {reply.json()['token']}"
        yield client


def error(reply: httpx.Response, status: int, kind: str | None = None) -> dict[str, Any]:
    """The reply is the one error shape with this status (and kind)."""
    assert reply.status_code == status, reply.text
    err = reply.json()["error"]
    assert set(err) == {"code", "kind", "message"} and err["code"] == status
    if kind is not None:
        assert err["kind"] == kind, err
    return err  # type: ignore[no-any-return]


def ok(reply: httpx.Response) -> dict[str, Any]:
    assert reply.status_code == 200, reply.text
    return reply.json()  # type: ignore[no-any-return]


@dataclass
class Member:
    id: str
    name: str
    client: httpx.Client


@dataclass
class Unit:
    """A unit whose 主管理员 is logged in as ``admin``; ``member()`` adds people who log in."""

    server: ServerProcess
    ca: UnitCa
    stack: ExitStack
    code: str = field(default_factory=credit_code)
    admin: httpx.Client = field(init=False)
    admin_id: str = field(init=False)

    def __post_init__(self) -> None:
        self.admin = self.stack.enter_context(
            session(self.server.url, self.ca.key(self.code, f"MAIN-{uuid.uuid4().hex[:8]}"))
        )
        self.admin_id = ok(self.admin.get(f"{API}/me"))["user"]["id"]

    def member(self, box_role: str | None = None, roles: list[str] | None = None) -> Member:
        body = person_body(phone(), roles=roles or [])
        person = ok(self.admin.post(f"{API}/people", json=body))["person"]
        if box_role:
            ok(self.admin.put(f"{API}/sealbox/roles/{person['id']}", json={"role": box_role}))
        entity = f"P-{uuid.uuid4().hex[:10]}"
        ok(
            self.admin.post(
                f"{API}/whitelist", json={"entity_id": entity, "person_id": person["id"]}
            )
        )
        client = self.stack.enter_context(session(self.server.url, self.ca.key(self.code, entity)))
        return Member(person["id"], person["name"], client)

    def bind(self, client: httpx.Client | None = None, **extra: Any) -> dict[str, Any]:
        return ok(bind(client or self.admin, **extra))["box"]  # type: ignore[no-any-return]


def bind(client: httpx.Client, **extra: Any) -> httpx.Response:
    device = f"GL-{uuid.uuid4().hex[:8].upper()}"
    body = {
        "device_id": device,
        "model": "GL",
        "firmware": "GYGL2025010101",
        "address": "C0:" + ":".join(f"{b:02X}" for b in uuid.uuid4().bytes[:5]),
        "ble_name": "ZGY_GL",
        "name": f"章{device[-4:]}",
        "fingerprint": True,
        **extra,
    }
    return client.post(f"{API}/sealbox/boxes", json=body)


def grant_body(box_id: str, user_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "box_id": box_id,
        "user_id": user_id,
        "count": 3,
        "not_after": int(time.time()) + 3600,
        **extra,
    }


def in_unit(server: ServerProcess, ca: UnitCa) -> Iterator[Unit]:
    with ExitStack() as stack:
        yield Unit(server, ca, stack)
