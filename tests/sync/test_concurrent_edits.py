"""Two people of a unit change the same person, against the server on PostgreSQL: A (the unit
key's holder, on this computer: the application layer and `sealdesk platform sync --json`)
works offline, B (a 公务人员管理员, logged in by SMS code on another computer: a local store of
their own) changes the same person online meanwhile. When A syncs, B's change stays on the
server (server wins): A's copy shows B's version, A's report names the change of A's that did
not take effect, and the operation log has it refused as stale. A change of A's on a row B did
not touch goes through, even several of them on the same row (each sent with the version the
one before it made), and after removing a department (which gives its members new versions)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from sealdesk.app import platform
from sealdesk.app.demo import DemoKey
from sealdesk.app.store import Store
from sealdesk.sync.client import PlatformClient
from sealdesk.sync.local import OUTBOX, LocalPlatform
from tests.conftest import run_cli
from tests.platform_env import ServerProcess
from tests.sync.test_platform_app import _login as _key_login
from tests.sync.test_platform_app import _sms_code

B_PHONE = "13900000001"


@dataclass
class Other:
    """B's computer: a store of its own and a session by SMS code."""

    store: LocalPlatform
    client: PlatformClient

    def name_of(self, person_id: str) -> str:
        return self.store.people_by_id(person_id).name


@pytest.fixture
def unit(demo_server: ServerProcess, demo_key: DemoKey, tmp_path: Path) -> Iterator[Other]:
    """A logged in here (the key holder) with B added as 公务人员管理员; B logged in on their
    own computer, its copy fetched."""
    _key_login(demo_server, demo_key)
    platform.add_person(name="王五", phone=B_PHONE, id_number=None, roles=["people_admin"])
    with httpx.Client(base_url=demo_server.url, timeout=30) as http:
        demo_server.send_sms(http, B_PHONE).raise_for_status()
        code = _sms_code(demo_server, B_PHONE)
        reply = http.post("/api/v1/auth/sms-login", json={"phone": B_PHONE, "code": code})
        reply.raise_for_status()
    login = reply.json()
    store = Store.open(tmp_path / "b.db")
    b = LocalPlatform(store.engine)
    b.set_state(server=demo_server.url, unit=login["unit"]["id"], user=login["user"]["id"])
    with PlatformClient(demo_server.url, token=login["token"]) as client:
        b.sync(client)
        yield Other(b, client)
    store.close()


def _add(name: str, phone: str) -> str:
    return str(platform.add_person(name=name, phone=phone, id_number=None, roles=[])["id"])


def _offline_edit(server: ServerProcess, person_id: str, name: str) -> None:
    person = platform.local().people_by_id(person_id)
    with pytest.raises(platform.Offline):
        platform.edit_person(
            person_id,
            name=name,
            phone=str(person.phone),
            id_number=person.id_number,
            department_id=person.department_id,
        )


def _on_server(b: Other, person_id: str) -> dict[str, Any]:
    people = b.client.request("GET", "/people")["people"]
    return next(p for p in people if p["id"] == person_id)  # type: ignore[no-any-return]


def _stale_in_log(target: str) -> list[dict[str, Any]]:
    return [e for e in platform.audit_log() if e["target"] == target and "stale" in e["result"]]


def test_an_offline_edit_of_someone_changed_since_does_not_take_effect(
    demo_server: ServerProcess, unit: Other
) -> None:
    zhang = _add("张三", "13900000002")
    li = _add("李四", "13900000003")
    unit.store.sync(unit.client)

    # A, offline: 张三 renamed; 李四 renamed twice and given a role (B touches neither)
    demo_server.stop()
    _offline_edit(demo_server, zhang, "张三（A）")
    _offline_edit(demo_server, li, "李四（A）")
    _offline_edit(demo_server, li, "李四（A2）")
    with pytest.raises(platform.Offline):
        platform.set_roles(li, ["auditor"])
    assert platform.status().outbox == 4
    demo_server.start()

    # B, online: 张三 renamed too
    unit.store.edit_person(zhang, name="张三（B）")
    assert unit.store.sync(unit.client).pushed == 1

    # A syncs: B's 张三 stays, A's does not take effect and is named; 李四 is A's
    synced = run_cli("platform", "sync", "--json")
    assert synced.code == 0, synced.stdout + synced.stderr
    report = synced.json
    assert report["pushed"] == 3 and report["refused"] == []
    [lost] = report["overridden"]
    assert (lost["method"], lost["kind"], lost["code"]) == ("PATCH", "stale", 409)
    assert lost["target"] == {"table": "platform_people", "id": zhang, "name": "张三"}
    assert lost["said"] == (
        "你离线时对 张三 的修改未生效：服务器上已有更新的修改，本机已改为服务器上的内容。"
    )
    assert _on_server(unit, zhang)["name"] == "张三（B）"
    mine = platform.local().people_by_id(zhang)
    assert mine.name == "张三（B）" and not mine.pending
    li_there = _on_server(unit, li)
    assert li_there["name"] == "李四（A2）" and "auditor" in li_there["roles"]
    assert platform.status().outbox == 0
    said = run_cli("platform", "sync").stdout
    assert "未生效" not in said  # said once, by the sync that dropped it
    [refused] = _stale_in_log(zhang)
    assert refused["action"] == "person.edit" and refused["result"] == "refused:stale"
    assert "(" in refused["actor"] and "王五" not in refused["actor"]  # A's, not B's

    # B's copy is B's version, and B sees A's 李四 at their next sync
    unit.store.sync(unit.client)
    assert (unit.name_of(zhang), unit.name_of(li)) == ("张三（B）", "李四（A2）")


def test_a_removal_and_an_edit_made_at_once(demo_server: ServerProcess, unit: Other) -> None:
    zhao = _add("赵六", "13900000004")
    qian = _add("钱七", "13900000005")
    unit.store.sync(unit.client)

    # A removes 赵六 and edits 钱七 offline; B edits 赵六 and removes 钱七 online
    demo_server.stop()
    with pytest.raises(platform.Offline):
        platform.remove_person(zhao)
    _offline_edit(demo_server, qian, "钱七（A）")
    assert platform.local().people_by_id(zhao).status == "left"
    demo_server.start()
    unit.store.edit_person(zhao, name="赵六（B）")
    unit.store.remove_person(qian)
    assert unit.store.sync(unit.client).pushed == 2

    report = platform.sync()
    assert report.pushed == 0 and report.refused == []
    assert [(c["method"], c["target"]["name"]) for c in report.overridden] == [
        ("DELETE", "赵六"),
        ("PATCH", "钱七"),
    ]
    # the server's versions, there and here: 赵六 in service as B named them, 钱七 gone
    assert (_on_server(unit, zhao)["status"], _on_server(unit, zhao)["name"]) == (
        "active",
        "赵六（B）",
    )
    assert _on_server(unit, qian)["status"] == "left"
    here = {p["id"]: p for p in platform.view().people}
    assert (here[zhao]["status"], here[zhao]["name"], here[zhao]["pending"]) == (
        "active",
        "赵六（B）",
        False,
    )
    assert (here[qian]["status"], here[qian]["name"]) == ("left", "钱七")
    assert {e["action"] for e in _stale_in_log(zhao) + _stale_in_log(qian)} == {
        "person.remove",
        "person.edit",
    }
    english = run_cli("platform", "sync", "--json", env={"SEALDESK_LANG": "en"})
    assert english.code == 0 and english.json["overridden"] == []


def test_an_offline_edit_after_removing_a_department_goes_through(
    demo_server: ServerProcess, unit: Other
) -> None:
    department = platform.add_department("研发部")["id"]
    sun = str(
        platform.add_person(
            name="孙八", phone="13900000006", id_number=None, roles=[], department_id=department
        )["id"]
    )
    demo_server.stop()
    with pytest.raises(platform.Offline):
        platform.remove_department(department)
    _offline_edit(demo_server, sun, "孙八（A）")  # made on the copy before the department went
    demo_server.start()
    report = platform.sync()
    assert (report.pushed, report.overridden, report.refused) == (2, [], [])
    there = _on_server(unit, sun)
    assert (there["name"], there["department_id"]) == ("孙八（A）", None)


def test_a_store_of_the_previous_revision_gets_versions_at_its_next_sync(tmp_path: Path) -> None:
    from tests.sync.test_outbox_authors import _alembic

    path = tmp_path / "old.db"
    _alembic(path, "upgrade", "0003_outbox_author")
    with sa.create_engine(f"sqlite:///{path}").begin() as db:
        db.execute(sa.text("INSERT INTO platform_state VALUES ('seq', '42'), ('unit', 'U1')"))
        db.execute(
            sa.text(
                "INSERT INTO platform_outbox (op_id, method, path, body, created_at, author_unit)"
                " VALUES ('old', 'PATCH', '/people/P1', '{\"name\": \"x\"}', 'then', 'U1')"
            )
        )
    store = Store.open(path)  # migrated to this version's schema
    local = LocalPlatform(store.engine)
    assert local.state()["seq"] == "0"  # the next sync fetches everything, versions included
    with store.engine.connect() as db:
        [queued] = db.execute(sa.select(OUTBOX)).all()
    assert (queued.op_id, queued.base_table, queued.base_seq) == ("old", None, None)
    store.close()
    _alembic(path, "downgrade", "0003_outbox_author")
    with sa.create_engine(f"sqlite:///{path}").connect() as db:
        columns = {c["name"] for c in sa.inspect(db).get_columns("platform_outbox")}
        assert "base_seq" not in columns and "op_id" in columns
