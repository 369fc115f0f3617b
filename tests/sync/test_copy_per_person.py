"""The local copy of the unit is what the person logged in may see, against the server on
PostgreSQL: the server masks ID numbers and leaves out the whitelist for roles that may not see
them, so a copy pulled for the unit key's holder (超级管理员) is fetched again, whole, when a
公务人员 or an 审计员 logs in on the same computer, and again when the admin comes back; a person
whose roles an admin changes on the server gets everything again at their next sync. Offline
after a login by someone else, nothing of the last person's copy is shown; someone else's
changes still waiting stay queued, shown only as far as the person may see them."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from sealdesk.app import platform
from sealdesk.app.demo import DemoKey
from tests.conftest import run_cli
from tests.platform_env import API, ServerProcess
from tests.sync.test_platform_app import _login as _key_login
from tests.sync.test_platform_app import _sms_code

WANG, LI, SUN, ZHAO = "13900000001", "13900000002", "13900000003", "13900000004"
MAIN_KEY = "SH0000000000012345"  # the demo key's 通用实体唯一标识: the unit's 主UKey


def _id_number(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


ID_WANG, ID_LI, ID_SUN = (_id_number(f"11010519800101{n}00") for n in (1, 2, 3))
FULL = {ID_WANG, ID_LI, ID_SUN}


def _sms_login(server: ServerProcess, phone: str, **kw: Any) -> platform.LoginResult:
    server.send_code(phone)
    return platform.login_sms(server.url, phone, _sms_code(server, phone), **kw)


def _id_numbers() -> set[str]:
    return {p["id_number"] for p in platform.view().people if p["id_number"]}


def _cli_copy() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """People and whitelist as `sealdesk platform ... list --json` shows them (a sync first)."""
    people = run_cli("platform", "people", "list", "--json")
    whitelist = run_cli("platform", "whitelist", "list", "--json")
    assert (people.code, whitelist.code) == (0, 0), people.stdout + whitelist.stdout
    return people.json["people"], whitelist.json["whitelist"]


def _assert_restricted() -> None:
    """Nothing here the person may not see: no whitelist, no full ID number."""
    assert platform.view().whitelist == []
    assert _id_numbers() and not _id_numbers() & FULL
    assert all(n.endswith("*" * 14) for n in _id_numbers())
    people, whitelist = _cli_copy()
    assert whitelist == []
    assert not {p["id_number"] for p in people} & FULL


def _assert_full(*entities: str) -> None:
    entries = {(w["entity_id"], w["main"]) for w in platform.view().whitelist}
    assert entries == {(MAIN_KEY, True), *((e, False) for e in entities)}
    assert _id_numbers() == FULL
    people, whitelist = _cli_copy()
    assert {(w["entity_id"], w["main"]) for w in whitelist} == entries
    assert {p["id_number"] for p in people if p["id_number"]} == FULL


def test_each_person_gets_the_copy_they_may_see(
    demo_server: ServerProcess, demo_key: DemoKey
) -> None:
    # the unit key's holder adds a 公务人员 and an 审计员, then works offline: a key
    # whitelisted and a person added wait in the outbox
    _key_login(demo_server, demo_key)
    platform.add_person(name="王五", phone=WANG, id_number=ID_WANG, roles=[])
    platform.add_person(name="李四", phone=LI, id_number=ID_LI, roles=["auditor"])
    demo_server.stop()
    with pytest.raises(platform.Offline):
        platform.add_whitelist("KEY-OFFLINE", "财务", None)
    with pytest.raises(platform.Offline):
        platform.add_person(name="孙八", phone=SUN, id_number=ID_SUN, roles=[])
    assert {w["entity_id"] for w in platform.view().whitelist} == {MAIN_KEY, "KEY-OFFLINE"}
    assert _id_numbers() == FULL
    assert platform.logout() == 2
    demo_server.start()

    # the 公务人员 logs in here: the admin's copy is fetched again for them — no whitelist,
    # ID numbers masked, the admin's waiting person listed (待同步) with the number masked
    wang = _sms_login(demo_server, WANG)
    assert wang.sync.full and wang.sync.waiting_for_others == 2
    _assert_restricted()
    sun = [p for p in platform.view().people if p["phone"] == SUN]
    assert len(sun) == 1 and sun[0]["pending"] and sun[0]["id_number"] == ID_SUN[:4] + "*" * 14
    assert platform.status().waiting_for_others == 2
    platform.logout()

    # the 审计员 the same (they read the operation log, not the whitelist)
    li = _sms_login(demo_server, LI)
    assert li.sync.full
    _assert_restricted()
    platform.logout()

    # the admin again: everything, with the 主UKey row; their changes go with this login
    admin = _key_login(demo_server, demo_key)
    assert admin.sync.full and admin.sync.pushed == 2 and admin.sync.refused == []
    _assert_full("KEY-OFFLINE")
    assert platform.sync().full is False  # the copy is theirs: incremental again
    platform.logout()

    # a 公务人员 logging in while the server goes away before the sync: nothing of the
    # admin's copy is shown, offline, until a sync reaches the server
    def server_gone(_fraction: float, stage: str) -> None:
        if stage == "sync":
            demo_server.stop()

    with pytest.raises(platform.ServerUnreachable):
        _sms_login(demo_server, WANG, progress=server_gone)
    view = platform.view()
    assert (view.people, view.whitelist) == ([], [])
    assert platform.status().user is None and platform.status().last_sync is None
    offline = run_cli("platform", "whitelist", "list", "--json")
    assert offline.code == 12 and offline.json["whitelist"] == []
    offline = run_cli("platform", "people", "list", "--json")
    assert offline.code == 12 and offline.json["people"] == []
    demo_server.start()
    assert platform.sync().full
    _assert_restricted()
    status = platform.status()
    assert status.user is not None and status.user["phone"] == WANG


def test_roles_changed_on_the_server_fetch_everything_at_the_next_sync(
    demo_server: ServerProcess, demo_key: DemoKey
) -> None:
    _key_login(demo_server, demo_key)
    wang = platform.add_person(name="王五", phone=WANG, id_number=ID_WANG, roles=[])
    platform.add_person(name="李四", phone=LI, id_number=ID_LI, roles=["auditor"])
    platform.add_person(name="孙八", phone=SUN, id_number=ID_SUN, roles=[])
    platform.add_person(name="赵六", phone=ZHAO, id_number=None, roles=["system_admin"])
    platform.logout()

    # 赵六, a 系统管理员, works on another computer
    with httpx.Client(base_url=f"{demo_server.url}{API}", timeout=30) as other:
        demo_server.send_sms(other, ZHAO).raise_for_status()
        code = _sms_code(demo_server, ZHAO)
        token = other.post("/auth/sms-login", json={"phone": ZHAO, "code": code}).json()["token"]
        other.headers["Authorization"] = f"Bearer {token}"

        def give(roles: list[str]) -> None:
            other.put(f"/people/{wang['id']}/roles", json={"roles": roles}).raise_for_status()

        _sms_login(demo_server, WANG)
        _assert_restricted()
        assert platform.sync().full is False

        give(["system_admin"])  # while 王五 stays logged in here
        report = platform.sync()
        assert report.full
        _assert_full()
        assert platform.status().may("whitelist.read")
        assert platform.sync().full is False

        give([])
        assert platform.sync().full
        _assert_restricted()
        assert not platform.status().may("whitelist.read")
