"""Optimistic concurrency of what the seal-box admins edit, on the real server (SQLite and
PostgreSQL): two admins (the 主管理员 and the 管理员) edit a box's keepers, a person's seal-box
role, a box's approval template and the unit's categories; the change made on the version the
other one replaced is refused (409 ``stale``, the row as it is now under ``current``, audited
as refused, nothing changed), the one on the current version is done, and a change without
``If-Match`` is done as before (clients of the API before it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.platform_env import API, ServerProcess, UnitCa
from tests.server.sealbox_env import Member, Unit, in_unit, ok


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def unit(
    request: pytest.FixtureRequest, test_ca: UnitCa, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Unit]:
    folder = tmp_path_factory.mktemp("if-match")
    if request.param == "postgresql":
        db_url = request.getfixturevalue("postgres").database()
    else:
        db_url = f"sqlite:///{folder / 'platform.db'}"
    server = ServerProcess(db_url, [test_ca.pem], folder).start()
    try:
        yield from in_unit(server, test_ca)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def other(unit: Unit) -> Member:
    """The second admin: the unit's 管理员."""
    return unit.member("box_admin")


def _tag(seq: int) -> dict[str, str]:
    return {"If-Match": f'"{seq}"'}


def _stale(reply: httpx.Response) -> dict[str, Any]:
    assert reply.status_code == 409, reply.text
    body = reply.json()
    assert (body["error"]["code"], body["error"]["kind"]) == (409, "stale")
    assert "本次修改未执行" in body["error"]["message"]
    return body  # type: ignore[no-any-return]


def _refused(unit: Unit, action: str, target: str) -> int:
    log = ok(unit.admin.get(f"{API}/audit"))["entries"]
    return sum(
        1
        for e in log
        if (e["action"], e["target"], e["result"]) == (action, target, "refused:stale")
    )


def _box(unit: Unit, box_id: str) -> dict[str, Any]:
    return ok(unit.admin.get(f"{API}/sealbox/boxes/{box_id}"))["box"]  # type: ignore[no-any-return]


def test_keepers_and_roles_changed_on_an_old_version_are_refused(unit: Unit, other: Member):
    keeper_a, keeper_b = unit.member("keeper"), unit.member("keeper")
    box = unit.bind()
    seen = box["keepers_seq"]
    url = f"{API}/sealbox/boxes/{box['id']}/keepers"

    # the other admin sets keepers on the version both saw: done, a new version
    done = ok(other.client.put(url, json={"person_ids": [keeper_a.id]}, headers=_tag(seen)))
    now = done["box"]
    assert [k["id"] for k in now["keepers"]] == [keeper_a.id] and now["keepers_seq"] > seen

    # the main admin's change on the version they saw: refused, the keepers as they are now
    body = _stale(unit.admin.put(url, json={"person_ids": [keeper_b.id]}, headers=_tag(seen)))
    assert body["current"]["keepers"] == now["keepers"]
    assert body["current"]["keepers_seq"] == now["keepers_seq"]
    assert box["name"] in body["error"]["message"]
    assert _box(unit, box["id"])["keepers"] == now["keepers"]
    assert _refused(unit, "sealbox.keepers", box["id"]) == 1

    # on the current version: done; without the header: done as before
    again = ok(
        unit.admin.put(url, json={"person_ids": [keeper_b.id]}, headers=_tag(now["keepers_seq"]))
    )
    assert [k["id"] for k in again["box"]["keepers"]] == [keeper_b.id]
    plain = ok(unit.admin.put(url, json={"person_ids": [keeper_a.id, keeper_b.id]}))
    assert len(plain["box"]["keepers"]) == 2

    # a role: the person's version; taking the keeper role off moves the box's keepers on
    role_url = f"{API}/sealbox/roles/{keeper_a.id}"
    person = ok(unit.admin.put(role_url, json={"role": "keeper"}))["person"]
    ok(other.client.put(role_url, json={"role": "member"}, headers=_tag(person["seq"])))
    body = _stale(unit.admin.put(role_url, json={"role": "keeper"}, headers=_tag(person["seq"])))
    assert body["current"]["id"] == keeper_a.id and "keeper" not in body["current"]["roles"]
    assert _refused(unit, "sealbox.role", keeper_a.id) == 1
    after = _box(unit, box["id"])
    assert [k["id"] for k in after["keepers"]] == [keeper_b.id]
    assert after["keepers_seq"] > plain["box"]["keepers_seq"]
    _stale(unit.admin.put(url, json={"person_ids": []}, headers=_tag(plain["box"]["keepers_seq"])))
    assert ok(unit.admin.put(role_url, json={"role": "keeper"}))["person"]["roles"]


def test_templates_and_categories_changed_on_an_old_version_are_refused(unit: Unit, other: Member):
    box = unit.bind()
    approver = unit.member("keeper")
    flow = f"{API}/sealbox"
    category = ok(unit.admin.post(f"{flow}/categories", json={"name": "合同用印"}))["category"]
    assert category["seq"] > 0

    def template(client: httpx.Client, approvers: list[str], seen: int | None) -> httpx.Response:
        body = {"box_id": box["id"], "category_id": category["id"], "approvers": approvers}
        return client.put(
            f"{flow}/templates", json=body, headers={} if seen is None else _tag(seen)
        )

    def listed() -> list[dict[str, Any]]:
        rows = ok(unit.admin.get(f"{flow}/templates", params={"box_id": box["id"]}))
        return [t for t in rows["templates"] if not t["system"]]

    # both saw none ("0"): the other admin's is made; the main admin's would replace it unseen
    made = ok(template(other.client, [other.id], 0))["template"]
    body = _stale(template(unit.admin, [approver.id], 0))
    assert body["current"]["approvers"] == [{"id": other.id, "name": other.name}]
    assert "合同用印" in body["error"]["message"]
    assert [t["approvers"][0]["id"] for t in listed()] == [other.id]

    # a change on the current version is done; one on the version it replaced is refused
    changed = ok(template(other.client, [approver.id], made["seq"]))["template"]
    _stale(template(unit.admin, [unit.admin_id], made["seq"]))
    t_url = f"{flow}/templates/{made['id']}"
    _stale(unit.admin.delete(t_url, headers=_tag(made["seq"])))
    assert [(t["approvers"][0]["id"], t["seq"]) for t in listed()] == [
        (approver.id, changed["seq"])
    ]
    assert _refused(unit, "sealbox.template", box["id"]) == 2
    assert _refused(unit, "sealbox.template.remove", made["id"]) == 1
    assert ok(template(unit.admin, [unit.admin_id], None))["template"]["seq"] > changed["seq"]
    assert ok(unit.admin.delete(t_url, headers=_tag(listed()[0]["seq"])))["deleted"] == made["id"]

    # a category: its version, checked before it goes; without the header, as before
    c_url = f"{flow}/categories/{category['id']}"
    _stale(other.client.delete(c_url, headers=_tag(category["seq"] - 1)))
    assert _refused(unit, "sealbox.category.remove", category["id"]) == 1
    assert category["id"] in [
        c["id"] for c in ok(unit.admin.get(f"{flow}/categories"))["categories"]
    ]
    ok(other.client.delete(c_url, headers=_tag(category["seq"])))
    spare = ok(unit.admin.post(f"{flow}/categories", json={"name": "备用"}))["category"]
    ok(unit.admin.delete(f"{flow}/categories/{spare['id']}"))
    assert ok(unit.admin.get(f"{flow}/categories"))["categories"] == []


def test_a_role_change_is_refused_for_who_asks_before_for_its_version(unit: Unit, other: Member):
    """The 管理员 (no people.write) asking what only the 主管理员 may do is told that, whatever
    version they name; a stale reply and a done one show the person as they may see them."""
    body = {"name": "证件人员", "phone": "13900009999", "id_number": "11010519491231002X"}
    person = ok(unit.admin.post(f"{API}/people", json=body))["person"]
    url = f"{API}/sealbox/roles/{person['id']}"
    seq = ok(unit.admin.put(url, json={"role": "keeper"}))["person"]["seq"]

    refused = other.client.put(url, json={"role": "box_admin"}, headers=_tag(seq - 1))
    assert refused.status_code == 403, refused.text
    assert refused.json()["error"]["kind"] == "main_admin_only"
    stale = _stale(other.client.put(url, json={"role": "member"}, headers=_tag(seq - 1)))
    assert stale["current"]["id_number"] != body["id_number"]
    assert stale["current"]["id_number"].startswith("1101")
    done = ok(other.client.put(url, json={"role": "member"}, headers=_tag(seq)))["person"]
    assert done["id_number"] == stale["current"]["id_number"]
