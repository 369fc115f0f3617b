"""The local store applies what the server sends in batches (bench/sync.py: 10,000 changes):
across the batch boundaries every row lands once, the server's copy replaces a row made here,
and a row the reply names twice keeps the last copy."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sealdesk.app.store import Store
from sealdesk.sync.local import LocalPlatform, SyncReport


class _Server:
    """Answers GET /sync with a reply made by the test (nothing else is asked)."""

    def __init__(self, reply: dict[str, Any]) -> None:
        self.reply = reply

    def request(self, method: str, path: str, **_kwargs: Any) -> dict[str, Any]:
        assert (method, path) == ("GET", "/sync")
        return self.reply


ME = {"user": str(uuid.UUID(int=10**6)), "roles": ["super_admin", "member"], "permissions": []}


def _person(n: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.UUID(int=n)),
        "name": f"人员{n}",
        "phone": f"139{n:08d}",
        "id_number": None,
        "department_id": None,
        "roles": ["auditor"] if n % 7 == 0 else [],
        "status": "active" if n % 3 else "left",
        "key_holder": False,
        **extra,
    }


def test_a_large_change_set_lands_once_each_and_the_server_wins(tmp_path: Path) -> None:
    store = LocalPlatform(Store.open(tmp_path / "store.db").engine)
    store.add_person(name="本地新增", phone="13900000001", id_number=None, roles=[])  # pending
    mine = store.people()[0]
    store.set_state(seq="5", copy_user=ME["user"], copy_roles="member,super_admin")
    people = [_person(n) for n in range(1, 1201)]  # past two batches of 500
    people.append(_person(7, name="第二份"))
    people.append({**_person(0), "id": mine.id, "name": "服务器的名字", "phone": "13900000001"})
    whitelist = [
        {
            "entity_id": f"K-{n}",
            "label": "",
            "person_id": None,
            "main": False,
            "deleted": n % 2 == 0,
        }
        for n in range(1100)
    ]
    reply = {
        "seq": 9000,
        "people": people,
        "departments": [],
        "whitelist": whitelist,
        "roles": [],
        "me": ME,
    }
    report = SyncReport()
    store.pull(_Server(reply), report)  # type: ignore[arg-type]

    got = {p.id: p for p in store.people()}
    assert len(got) == 1201  # 1,200 and the one made here, each once
    assert got[str(uuid.UUID(int=7))].name == "第二份"  # named twice: the last copy
    assert got[mine.id].name == "服务器的名字" and not got[mine.id].pending  # the server wins
    assert got[str(uuid.UUID(int=14))].roles == ("auditor",)
    assert got[str(uuid.UUID(int=3))].status == "left"
    assert len(store.whitelist()) == 550  # the removed half is kept as removed, not listed
    assert report.seq == 9000 and store.state()["seq"] == "9000"
