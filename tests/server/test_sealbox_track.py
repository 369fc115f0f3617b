"""Where a box was used, on the real server (PostgreSQL): the place a client reports becomes
the box's last known position and its records' 使用位置; 轨迹 searches a box's newest uses by
time, person and place; SMS on every use of a grant that asked for them (50 a recipient a
day) and on 挂失锁定, through the development SMS gateway."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.platform_env import API, ServerProcess, UnitCa
from tests.server.sealbox_env import Unit, error, in_unit, ok

BOXES = f"{API}/sealbox/boxes"


@pytest.fixture
def unit(server: ServerProcess, test_ca: UnitCa) -> Iterator[Unit]:
    yield from in_unit(server, test_ca)


def upload(
    client: httpx.Client, box: dict[str, Any], place: str, rows: list[tuple[str, int]], **kw: Any
) -> dict[str, Any]:
    """Stamps (user id, time in ms) uploaded by a client at ``place``."""
    info = {"device_id": box["device_id"], "place": place}
    start = ok(client.get(f"{BOXES}/{box['id']}"))["box"]["records_next"]
    records = [
        {"seq": start + i, "kind": "stamp", "time_ms": t, "user_id": user, "used": i + 1, **kw}
        for i, (user, t) in enumerate(rows)
    ]
    return ok(client.post(f"{BOXES}/{box['id']}/records", json={"records": records, "info": info}))


def track(client: httpx.Client, box: dict[str, Any], **params: Any) -> list[tuple[str, str]]:
    reply = ok(client.get(f"{BOXES}/{box['id']}/track", params=params))
    return [(r["user_name"], r["place"]) for r in reply["track"]]


def phone_of(unit: Unit, person_id: str) -> str:
    people = ok(unit.admin.get(f"{API}/people", params={"search": ""}))["people"]
    return str(next(p["phone"] for p in people if p["id"] == person_id))


def sms_to(server: ServerProcess, phone: str) -> list[str]:
    sink = server.sms_sink
    lines = sink.read_text("utf-8").splitlines() if sink.exists() else []
    return [line.split(" ", 2)[2] for line in lines if line.split(" ", 2)[1] == phone]


def test_place_and_track_searched_by_time_person_place(unit: Unit):
    box = unit.bind(name="合同章")
    keeper, alice, bob = unit.member("keeper"), unit.member(), unit.member()
    ok(unit.admin.put(f"{BOXES}/{box['id']}/keepers", json={"person_ids": [keeper.id]}))
    assert ok(unit.admin.get(f"{BOXES}/{box['id']}"))["box"]["place"] is None  # never seen

    t0 = int(time.time() * 1000) - 3_600_000
    upload(unit.admin, box, "总部3楼档案室", [(alice.id, t0), (bob.id, t0 + 1000)])
    upload(keeper.client, box, "HQ Floor 2", [(alice.id, t0 + 2000)])
    seen = ok(unit.admin.get(f"{BOXES}/{box['id']}"))["box"]
    assert seen["place"] == "HQ Floor 2" and seen["place_ms"] >= t0
    listed = ok(unit.admin.get(f"{API}/sealbox/records", params={"box_id": box["id"]}))
    assert [r["place"] for r in listed["records"]] == ["总部3楼档案室"] * 2 + ["HQ Floor 2"]

    A, B = alice.name, bob.name
    everything = [(A, "HQ Floor 2"), (B, "总部3楼档案室"), (A, "总部3楼档案室")]
    assert track(unit.admin, box) == everything  # newest first
    assert track(keeper.client, box) == everything
    assert track(alice.client, box) == [(A, "HQ Floor 2"), (A, "总部3楼档案室")]  # their own
    assert track(alice.client, box, person=B) == []  # another's: nothing
    # each condition alone, and together; parts of names and places, in any case
    assert track(unit.admin, box, place="hq floor") == [(A, "HQ Floor 2")]
    assert track(unit.admin, box, place="3楼") == everything[1:]
    assert track(unit.admin, box, person=B[-3:]) == [(B, "总部3楼档案室")]
    assert track(unit.admin, box, from_ms=t0 + 500, to_ms=t0 + 1500) == [everything[1]]
    assert track(unit.admin, box, person=A, place="档案", to_ms=t0 + 1500) == [everything[2]]
    assert track(unit.admin, box, place="分公司") == []
    assert track(unit.admin, box, place="%") == []  # a wildcard is a plain character

    # bad input: nothing half-written
    long = {"device_id": box["device_id"], "place": "位" * 51}
    error(unit.admin.post(f"{BOXES}/{box['id']}/contact", json=long), 422)
    error(unit.admin.get(f"{BOXES}/{box['id']}/track", params={"place": "x" * 51}), 422)
    error(
        unit.admin.get(f"{BOXES}/{box['id']}/track", params={"from_ms": 2, "to_ms": 1}),
        422,
        "invalid_range",
    )
    assert ok(unit.admin.get(f"{BOXES}/{box['id']}"))["box"]["place"] == "HQ Floor 2"


def test_sms_on_every_use_at_most_50_a_day(unit: Unit, server: ServerProcess):
    box = unit.bind(name="财务章")
    keeper, cc, user = unit.member("keeper"), unit.member(), unit.member()
    ok(unit.admin.put(f"{BOXES}/{box['id']}/keepers", json={"person_ids": [keeper.id]}))
    category = ok(unit.admin.post(f"{API}/sealbox/categories", json={"name": "合同"}))
    template = {
        "box_id": box["id"],
        "category_id": category["category"]["id"],
        "approvers": [keeper.id],
        "cc": [cc.id],
    }
    ok(unit.admin.put(f"{API}/sealbox/templates", json=template))
    application = ok(
        user.client.post(
            f"{API}/sealbox/applications",
            json={
                "box_id": box["id"],
                "reason": "合同",
                "category_id": template["category_id"],
                "count": 0,
                "not_after": int(time.time()) + 3600,
            },
        )
    )["application"]
    body = {"box_id": box["id"], "application_id": application["id"], "notify": True}
    grant = ok(keeper.client.post(f"{API}/sealbox/grants", json=body))["grant"]

    now = int(time.time() * 1000)
    first = upload(user.client, box, "分公司", [(user.id, now)], grant_id=grant["id"])
    assert first["sms"] == {"sent": 2, "capped": 0}
    keeper_phone, cc_phone = phone_of(unit, keeper.id), phone_of(unit, cc.id)
    [text] = sms_to(server, keeper_phone)
    assert user.name in text and "分公司" in text and "财务章" in text
    assert sms_to(server, cc_phone) == [text]

    rest = upload(
        user.client, box, "分公司", [(user.id, now + i) for i in range(1, 51)], grant_id=grant["id"]
    )
    assert rest["sms"] == {"sent": 98, "capped": 2}  # the 51st of the day to each: not sent
    assert len(sms_to(server, keeper_phone)) == len(sms_to(server, cc_phone)) == 50
    # the grant's authorizer sees what was not sent; a stranger to the grant sees nothing
    seen = ok(keeper.client.get(f"{API}/sealbox/sms", params={"grant_id": grant["id"]}))
    assert seen["capped"] == 2 and len(seen["sms"]) == 100
    assert {s["person_id"] for s in seen["sms"] if s["state"] == "capped"} == {keeper.id, cc.id}
    assert ok(user.client.get(f"{API}/sealbox/sms"))["sms"] == []
    audit = ok(unit.admin.get(f"{API}/audit", params={"limit": 1000}))["entries"]
    outcomes = [e["result"] for e in audit if e["action"] == "sealbox.sms.use"]
    assert outcomes.count("sent") == 100 and outcomes.count("capped") == 2


def test_lost_lock_sends_the_last_known_position(unit: Unit, server: ServerProcess):
    box_admin = unit.member("box_admin")
    phone = phone_of(unit, box_admin.id)
    never = unit.bind(name="备用章")
    ok(unit.admin.post(f"{BOXES}/{never['id']}/lock"))
    [text] = sms_to(server, phone)
    assert "备用章" in text and "位置：未知" in text
    # the 主管理员 is the unit key's holder: no phone kept for them, said so
    sms = ok(unit.admin.get(f"{API}/sealbox/sms", params={"box_id": never["id"]}))["sms"]
    assert {(s["person_id"], s["state"]) for s in sms} == {
        (unit.admin_id, "no_phone"),
        (box_admin.id, "sent"),
    }

    seen = unit.bind(name="公章")
    info = {"device_id": seen["device_id"], "place": "总部3楼档案室"}
    ok(unit.admin.post(f"{BOXES}/{seen['id']}/contact", json=info))
    ok(unit.admin.post(f"{BOXES}/{seen['id']}/lock"))
    text = sms_to(server, phone)[-1]
    assert "公章" in text and "已挂失锁定" in text and "总部3楼档案室" in text
    error(unit.admin.post(f"{BOXES}/{seen['id']}/lock"), 409, "already_locked")
    assert len(sms_to(server, phone)) == 2  # a refused lock sends nothing
    # the box is switched on elsewhere and takes the lock: where it is now
    found = {"device_id": seen["device_id"], "place": "分公司前台"}
    pending = ok(unit.admin.post(f"{BOXES}/{seen['id']}/contact", json=found))["pending"]
    [lock] = [p for p in pending if p["kind"] == "lock"]
    result = {"counter": lock["counter"], "outcome": "ok"}
    ok(unit.admin.post(f"{BOXES}/{seen['id']}/deliveries", json={"results": [result]}))
    ok(unit.admin.post(f"{BOXES}/{seen['id']}/deliveries", json={"results": [result]}))
    texts = sms_to(server, phone)
    assert len(texts) == 3 and "已锁定" in texts[-1] and "分公司前台" in texts[-1]
