"""Optimistic concurrency on the real server: an edit or removal that names, in ``If-Match``,
the version (``seq``) of the row it was made on is refused with 409 ``stale`` once the row has
changed since — nothing changes, the row as it is now comes with the error, the refusal is in
the operation log — and is done when the version is the current one; without the header a
change is made as before. A removal of what is already removed is done whatever the version."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.platform_env import API, ServerProcess, UnitCa, credit_code, person_body, session


@pytest.fixture
def admin(server: ServerProcess, test_ca: UnitCa):  # type: ignore[no-untyped-def]
    with session(server.url, test_ca.key(credit_code(), f"M-{uuid.uuid4().hex[:8]}")) as client:
        yield client


def _stale(reply: httpx.Response) -> dict[str, Any]:
    assert reply.status_code == 409, reply.text
    body = reply.json()
    assert set(body["error"]) == {"code", "kind", "message"}
    assert (body["error"]["code"], body["error"]["kind"]) == (409, "stale")
    return body  # type: ignore[no-any-return]


def _tag(seq: int) -> dict[str, str]:
    return {"If-Match": f'"{seq}"'}


def _person(admin: httpx.Client, person_id: str) -> dict[str, Any]:
    people = admin.get(f"{API}/people").json()["people"]
    return next(p for p in people if p["id"] == person_id)  # type: ignore[no-any-return]


def test_an_edit_made_on_an_old_version_is_refused_and_changes_nothing(admin: httpx.Client):
    n = int(uuid.uuid4().int % 10**6) * 10
    person = admin.post(f"{API}/people", json=person_body(n, name="张三")).json()["person"]
    seen = person["seq"]
    url = f"{API}/people/{person['id']}"
    newer = admin.patch(url, json={"name": "张三（服务器）"}, headers=_tag(seen))
    assert newer.status_code == 200, newer.text
    now = newer.json()["person"]
    assert now["seq"] > seen

    # the same version again: someone else's change came first
    before = admin.get(f"{API}/sync").json()
    body = _stale(admin.patch(url, json={"name": "张三（离线）"}, headers=_tag(seen)))
    assert "张三（服务器）" in body["error"]["message"] and "同步" in body["error"]["message"]
    assert body["current"] == now
    english = admin.patch(
        url, json={"name": "x"}, headers={**_tag(seen), "Accept-Language": "en"}
    ).json()
    assert "changed after the version" in english["error"]["message"]
    assert admin.get(f"{API}/sync").json() == before  # nothing changed, no change number taken
    for weak in (f'W/"{seen}"', str(seen)):  # the other spellings of the same version
        _stale(admin.patch(url, json={"name": "x"}, headers={"If-Match": weak}))
    _stale(admin.patch(url, json={"name": "x"}, headers=_tag(now["seq"] + 5)))  # not a version
    # the refusals are in the operation log, as refused
    log = admin.get(f"{API}/audit").json()["entries"]
    refused = [e for e in log if e["target"] == person["id"] and e["result"] == "refused:stale"]
    assert len(refused) == 5 and {e["action"] for e in refused} == {"person.edit"}

    # on the current version, with *, and without the header: done
    done = admin.patch(url, json={"name": "张三（当前）"}, headers=_tag(now["seq"]))
    assert done.status_code == 200 and done.json()["person"]["name"] == "张三（当前）"
    assert admin.patch(url, json={"name": "张三甲"}, headers={"If-Match": "*"}).status_code == 200
    assert admin.patch(url, json={"name": "张三乙"}).status_code == 200
    assert _person(admin, person["id"])["name"] == "张三乙"

    # a header that names no version is a bad request
    for bad in ('"abc"', "-1", '"1', "1, 2", "x" * 30):
        reply = admin.patch(url, json={"name": "x"}, headers={"If-Match": bad})
        assert reply.status_code == 422 and reply.json()["error"]["kind"] == "invalid", bad
    assert _person(admin, person["id"])["name"] == "张三乙"


def test_roles_and_removals_check_the_version_too(admin: httpx.Client):
    n = int(uuid.uuid4().int % 10**6) * 10
    department = admin.post(f"{API}/departments", json={"name": f"部门{n}"}).json()["department"]
    person = admin.post(
        f"{API}/people", json=person_body(n + 1, department_id=department["id"])
    ).json()["person"]
    url = f"{API}/people/{person['id']}"
    edited = admin.patch(url, json={"name": "李四"}).json()["person"]

    # roles on the old version: refused; on the new one: given
    _stale(admin.put(f"{url}/roles", json={"roles": ["auditor"]}, headers=_tag(person["seq"])))
    assert _person(admin, person["id"])["roles"] == ["member"]
    given = admin.put(f"{url}/roles", json={"roles": ["auditor"]}, headers=_tag(edited["seq"]))
    assert given.status_code == 200 and "auditor" in given.json()["person"]["roles"]

    # removing a person on an old version: refused, still in service
    body = _stale(admin.delete(url, headers=_tag(edited["seq"])))
    assert body["current"]["status"] == "active" and "李四" in body["error"]["message"]
    assert _person(admin, person["id"])["status"] == "active"

    # a department: the reply names the members it moved, with their new change numbers
    d_url = f"{API}/departments/{department['id']}"
    _stale(admin.delete(d_url, headers=_tag(department["seq"] - 1)))
    assert department["id"] in [
        d["id"] for d in admin.get(f"{API}/departments").json()["departments"]
    ]
    removed = admin.delete(d_url, headers=_tag(department["seq"]))
    assert removed.status_code == 200, removed.text
    moved = removed.json()["moved_people"]
    current = _person(admin, person["id"])
    assert moved == [{"id": person["id"], "seq": current["seq"]}]
    # removed already: done, whatever version is named
    assert admin.delete(d_url, headers=_tag(1)).status_code == 200

    # a whitelist entry
    entry = admin.post(f"{API}/whitelist", json={"entity_id": f"W-{n}"}).json()["entry"]
    again = admin.post(f"{API}/whitelist", json={"entity_id": f"W-{n}", "label": "新"}).json()
    w_url = f"{API}/whitelist/W-{n}"
    assert _stale(admin.delete(w_url, headers=_tag(entry["seq"])))["current"]["label"] == "新"
    assert f"W-{n}" in [w["entity_id"] for w in admin.get(f"{API}/whitelist").json()["whitelist"]]
    assert admin.delete(w_url, headers=_tag(again["entry"]["seq"])).status_code == 200

    # the person, on the version the department's removal gave them: removed
    assert admin.delete(url, headers=_tag(current["seq"])).status_code == 200
    assert admin.delete(url, headers=_tag(1)).status_code == 200  # already 离职
    assert _person(admin, person["id"])["status"] == "left"
