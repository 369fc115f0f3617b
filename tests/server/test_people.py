"""People, departments and quotas on the real server: 409 for a phone in use, 429 past the
quotas, a removed person listed as 离职 who can no longer log in, bad bodies as 422 JSON."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.platform_env import (
    API,
    ServerProcess,
    UnitCa,
    credit_code,
    login,
    person_body,
    session,
)


@pytest.fixture
def admin(server: ServerProcess, test_ca: UnitCa):  # type: ignore[no-untyped-def]
    with session(server.url, test_ca.key(credit_code(), f"M-{uuid.uuid4().hex[:8]}")) as client:
        yield client


def _error(reply: httpx.Response, status: int, kind: str | None = None) -> dict[str, object]:
    assert reply.status_code == status, reply.text
    error = reply.json()["error"]
    assert set(error) == {"code", "kind", "message"} and error["code"] == status
    if kind is not None:
        assert error["kind"] == kind
    return error  # type: ignore[no-any-return]


def test_duplicate_phone_is_409_and_the_101st_person_429(admin: httpx.Client):
    base = int(uuid.uuid4().int % 10**6) * 100
    assert admin.post(f"{API}/people", json=person_body(base)).status_code == 200
    error = _error(admin.post(f"{API}/people", json=person_body(base)), 409, "duplicate_phone")
    assert "手机号" in str(error["message"])
    english = admin.post(f"{API}/people", json=person_body(base), headers={"Accept-Language": "en"})
    assert "phone" in english.json()["error"]["message"]
    # the unit's key holder counts: 1 + 99 people in service make 100
    for n in range(1, 99):
        assert admin.post(f"{API}/people", json=person_body(base + n)).status_code == 200
    _error(admin.post(f"{API}/people", json=person_body(base + 99)), 429, "people_quota")
    people = admin.get(f"{API}/people").json()["people"]
    assert len(people) == 100 and len({p["phone"] for p in people}) == 100


def test_removed_person_is_listed_left_cannot_log_in_and_can_come_back(
    server: ServerProcess, test_ca: UnitCa
):
    code = credit_code()
    main, second = test_ca.key(code, "MAIN-P"), test_ca.key(code, "SECOND-P")
    with session(server.url, main) as admin:
        person = admin.post(f"{API}/people", json=person_body(7000001)).json()["person"]
        admin.post(
            f"{API}/whitelist", json={"entity_id": "SECOND-P", "person_id": person["id"]}
        ).raise_for_status()
        with session(server.url, second) as own:
            assert own.get(f"{API}/me").json()["user"]["id"] == person["id"]
            removed = admin.delete(f"{API}/people/{person['id']}").json()["person"]
            assert removed["status"] == "left" and removed["roles"] == []
            _error(own.get(f"{API}/me"), 401, "unauthenticated")  # the session went with them
        with httpx.Client(base_url=server.url) as anyone:
            _error(login(anyone, second), 403, "person_left")
        left = admin.get(f"{API}/people", params={"status": "left"}).json()["people"]
        assert [p["id"] for p in left] == [person["id"]]
        back = admin.post(f"{API}/people", json=person_body(7000001, name="回来了")).json()
        assert back["person"]["id"] == person["id"] and back["person"]["status"] == "active"
        _error(admin.delete(f"{API}/people/{uuid.uuid4()}"), 404, "not_found")


def test_departments_quota_and_removal_moves_members(admin: httpx.Client):
    ids = []
    for n in range(50):
        reply = admin.post(f"{API}/departments", json={"name": f"部门{n}"})
        assert reply.status_code == 200, reply.text
        ids.append(reply.json()["department"]["id"])
    _error(admin.post(f"{API}/departments", json={"name": "第51个"}), 429, "departments_quota")
    _error(admin.post(f"{API}/departments", json={"name": "部门1"}), 409)
    person = admin.post(f"{API}/people", json=person_body(7100001, department_id=ids[0])).json()[
        "person"
    ]
    assert person["department_id"] == ids[0]
    admin.delete(f"{API}/departments/{ids[0]}").raise_for_status()
    people = admin.get(f"{API}/people").json()["people"]
    assert next(p for p in people if p["id"] == person["id"])["department_id"] is None


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/people", {"name": "x"}),  # no phone
        ("/people", {"name": "x", "phone": "12345"}),
        ("/people", {"name": "x", "phone": "13900000000", "id_number": "110101199003070000"}),
        ("/people", {"name": "", "phone": "13900000000"}),
        ("/people", {"name": "a\x00b", "phone": "13900000000"}),
        ("/people", {"name": "x", "phone": "13900000000", "roles": ["super_admin"]}),
        ("/people", {"name": "x", "phone": "13900000000", "extra": 1}),
        ("/people", [1, 2]),
        ("/departments", {"name": "x" * 51}),
        ("/whitelist", {"entity_id": "../etc"}),
        ("/auth/ukey", {"challenge": "x", "certificate": "!!"}),
        ("/auth/password", {"phone": "13900000000"}),
    ],
)
def test_bad_bodies_are_422_json(admin: httpx.Client, path: str, body: object):
    _error(admin.post(f"{API}{path}", json=body), 422)


def test_not_json_too_large_and_unknown_paths(admin: httpx.Client):
    _error(
        admin.post(
            f"{API}/people", content=b"{not json", headers={"Content-Type": "application/json"}
        ),
        422,
    )
    _error(admin.post(f"{API}/people", content=b"x" * (2 << 20)), 413, "too_large")
    _error(admin.get(f"{API}/nothing"), 404)
    _error(admin.put(f"{API}/people"), 405)
    _error(admin.get(f"{API}/sync", params={"after": "-1"}), 422)
    _error(admin.get(f"{API}/sync", params={"after": str(2**70)}), 422)


def test_an_idempotency_key_belongs_to_the_person_who_used_it(
    server: ServerProcess, test_ca: UnitCa
):
    """A replay by the same person gets the stored reply and changes nothing; the same key from
    another person of the unit is refused (409) and does nothing, not answered with the first
    person's reply."""
    code = credit_code()
    main, second = test_ca.key(code, "MAIN-I"), test_ca.key(code, "SECOND-I")
    with session(server.url, main) as admin:
        other = admin.post(
            f"{API}/people", json=person_body(7300001, roles=["system_admin"])
        ).json()["person"]
        admin.post(
            f"{API}/whitelist", json={"entity_id": "SECOND-I", "person_id": other["id"]}
        ).raise_for_status()
        key = {"Idempotency-Key": f"change-{uuid.uuid4()}"}
        first = admin.post(f"{API}/people", json=person_body(7300002), headers=key)
        assert first.status_code == 200, first.text
        replay = admin.post(f"{API}/people", json=person_body(7300002), headers=key)
        assert replay.status_code == 200 and replay.json() == first.json()
        people = admin.get(f"{API}/people").json()["people"]
        assert [p["phone"] for p in people].count(person_body(7300002)["phone"]) == 1
        before = admin.get(f"{API}/sync").json()

        with session(server.url, second) as own:
            assert own.get(f"{API}/me").json()["user"]["id"] == other["id"]
            reused = own.post(f"{API}/people", json=person_body(7300003), headers=key)
            error = _error(reused, 409, "idempotency_key_reused")
            assert "Idempotency-Key" in str(error["message"]) and "其他人员" in str(
                error["message"]
            )
            english = own.post(
                f"{API}/people",
                json=person_body(7300003),
                headers={**key, "Accept-Language": "en"},
            )
            assert "another person" in _error(english, 409, "idempotency_key_reused")["message"]
            # the same body as the first person's: still refused, not answered with their reply
            _error(
                own.post(f"{API}/people", json=person_body(7300002), headers=key),
                409,
                "idempotency_key_reused",
            )
            # their own key works and replays for them
            mine = {"Idempotency-Key": f"change-{uuid.uuid4()}"}
            done = own.post(f"{API}/departments", json={"name": "重放部"}, headers=mine)
            assert done.status_code == 200, done.text
            assert own.post(f"{API}/departments", json={"name": "重放部"}, headers=mine).json() == (
                done.json()
            )
            _error(admin.post(f"{API}/departments", json={"name": "别的"}, headers=mine), 409)

        after = admin.get(f"{API}/sync").json()
        assert [p for p in after["people"] if p["phone"] == person_body(7300003)["phone"]] == []
        assert [d["name"] for d in after["departments"]] == ["重放部"]  # once, not "别的"
        assert after["people"] == before["people"]
        assert after["seq"] == before["seq"] + 1  # the department, nothing else
        # the first person's reply is still theirs
        assert admin.post(f"{API}/people", json=person_body(7300002), headers=key).json() == (
            first.json()
        )
        audit = admin.get(f"{API}/audit").json()["entries"]
        refused = [e for e in audit if e["result"] == "refused:idempotency_key_reused"]
        assert len(refused) == 4 and {e["actor"] for e in refused[:3]} == {
            f"{other['name']} ({other['id']})"
        }
