"""Changes made offline are sent only under their author's session, against the server on
PostgreSQL: person A (an account login) adds and edits people with the server stopped and logs
out; B (the unit key) logs in and syncs on the same computer — A's changes are not on the
server and not in its operation log as B's, they are said to wait for someone else (the
application layer, `sealdesk platform sync --json`), and a full pull keeps them listed; A logs
in again and they go, named A in the log, once each (a change sent again is answered, not done
again). A store of the version before authors were kept keeps its queued changes through the
migration; they are sent by nobody until someone claims them (`sealdesk platform outbox`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from sealdesk.app import platform
from sealdesk.app.demo import DEMO_USER_PIN, DemoKey
from sealdesk.app.store import Store
from sealdesk.sync.client import ServerRefused
from sealdesk.sync.local import OUTBOX, Author, LocalPlatform
from tests.conftest import run_cli
from tests.platform_env import API, ServerProcess
from tests.sync.test_platform_app import _login as _key_login
from tests.sync.test_platform_app import _sms_code

PIN = {"SEALDESK_PIN": DEMO_USER_PIN}
A_PHONE, A_PASSWORD = "13900000001", "abcd1234"


def _server_people(server: ServerProcess, token: str) -> list[dict[str, Any]]:
    reply = httpx.get(
        f"{server.url}{API}/people", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    reply.raise_for_status()
    return reply.json()["people"]  # type: ignore[no-any-return]


def _token(server: ServerProcess) -> str:
    from sealdesk.app.settings import config_dir
    from sealdesk.sync.tokens import TokenStore

    token = TokenStore(config_dir()).get(server.url)
    assert token
    return token


def _store_file() -> Path:
    return Path(os.environ["SEALDESK_DATA_DIR"]) / "sealdesk.db"


def test_a_change_made_offline_is_sent_only_by_its_author(
    demo_server: ServerProcess, demo_key: DemoKey
) -> None:
    # B, the unit key's holder (超级管理员), adds A (公务人员管理员 and 审计员) and 钱七
    _key_login(demo_server, demo_key)
    a_id = platform.add_person(
        name="王五", phone=A_PHONE, id_number=None, roles=["people_admin", "auditor"]
    )["id"]
    qian = platform.add_person(name="钱七", phone="13900000003", id_number=None, roles=[])
    assert platform.logout() == 0

    # A logs in by SMS code, sets a password, and works while the server is down
    demo_server.send_code(A_PHONE)
    platform.login_sms(demo_server.url, A_PHONE, _sms_code(demo_server, A_PHONE))
    platform.set_password(A_PASSWORD)
    demo_server.stop()
    with pytest.raises(platform.Offline) as offline:
        platform.add_person(name="赵六", phone="13900000002", id_number=None, roles=[])
    zhao_id = offline.value.result.id  # the person as made here, waiting
    with pytest.raises(platform.Offline):
        platform.edit_person(
            qian["id"], name="钱七改", phone="13900000003", id_number=None, department_id=None
        )
    assert (platform.status().outbox, platform.status().waiting_for_others) == (2, 0)
    mine = [c for c in platform.outbox() if c["whose"] == "mine"]
    assert [c["author_name"] for c in mine] == ["王五", "王五"]
    with sa.create_engine(f"sqlite:///{_store_file()}").connect() as db:
        queued = [r._asdict() for r in db.execute(sa.select(OUTBOX).order_by(OUTBOX.c.seq))]
    assert {(r["author_user"], r["method"]) for r in queued} == {(a_id, "POST"), (a_id, "PATCH")}
    assert platform.logout() == 2  # the server is down: A's changes stay, under A's name

    # B logs in on the same computer and syncs: nothing of A's goes under B's session
    demo_server.start()
    b = _key_login(demo_server, demo_key)
    assert (b.sync.pushed, b.sync.waiting_for_others, b.sync.unclaimed) == (0, 2, 0)
    synced = run_cli("platform", "sync", "--json")
    assert synced.code == 0, synced.stdout + synced.stderr
    assert synced.json["pushed"] == 0 and synced.json["waiting_for_others"] == 2
    assert "另有 2 项修改是本机其他人员离线时所做" in run_cli("platform", "sync").stdout
    # B's token kept beside A's name (a crash between the two at login): the server says
    # whose the session is, and nothing of A's goes
    platform.local().set_state(user=a_id)
    assert (platform.sync().pushed, platform.status().outbox) == (0, 2)
    platform.local().set_state(user=b.user["id"])
    on_server = {p["phone"]: p for p in _server_people(demo_server, _token(demo_server))}
    assert "13900000002" not in on_server and on_server["13900000003"]["name"] == "钱七"
    log = platform.audit_log()
    assert not [e for e in log if e["target"] in (zhao_id, "13900000002")]
    assert not [e for e in log if e["action"] == "person.edit"]
    status = platform.status()
    assert (status.outbox, status.waiting_for_others) == (0, 2)
    assert status.user is not None and status.user["key_holder"]
    # a change of B's refused (a phone in use) has the whole copy fetched again: A's person,
    # not on the server, stays listed as not yet synced
    with pytest.raises(ServerRefused):
        platform.add_person(name="重复", phone=A_PHONE, id_number=None, roles=[])
    zhao = [p for p in platform.view().people if p["phone"] == "13900000002"]
    assert len(zhao) == 1 and zhao[0]["pending"] and zhao[0]["name"] == "赵六"
    assert platform.logout() == 0

    # A again: A's changes go, under A's name, once each
    a = platform.login_password(demo_server.url, A_PHONE, A_PASSWORD)
    assert (a.sync.pushed, a.sync.waiting_for_others, a.sync.refused) == (2, 0, [])
    assert platform.status().outbox == 0
    on_server = {p["phone"]: p for p in _server_people(demo_server, _token(demo_server))}
    assert on_server["13900000002"]["name"] == "赵六"
    assert on_server["13900000003"]["name"] == "钱七改"
    log = platform.audit_log()
    added = [e for e in log if e["action"] == "person.add" and e["target"] == zhao_id]
    edited = [e for e in log if e["action"] == "person.edit"]
    assert len(added) == 1 and added[0]["actor"] == f"王五 ({a_id})"
    assert len(edited) == 1 and edited[0]["actor"] == f"王五 ({a_id})"

    # the same changes sent again (a client killed before it struck them off): answered, not
    # done again
    with platform.local().engine.begin() as db:
        db.execute(OUTBOX.insert(), [{k: v for k, v in r.items() if k != "seq"} for r in queued])
    again = platform.sync()
    assert again.pushed == 2 and again.refused == [] and platform.status().outbox == 0
    phones = [p["phone"] for p in _server_people(demo_server, _token(demo_server))]
    assert phones.count("13900000002") == 1
    log = platform.audit_log()
    assert len([e for e in log if e["target"] == zhao_id]) == 1
    assert len([e for e in log if e["action"] == "person.edit"]) == 1


def _alembic(path: Path, step: str, revision: str) -> None:
    """Migrate the store at ``path`` up or down to ``revision`` (as an older SealDesk left it)."""
    import sealdesk.app.migrations

    config = Config()
    config.set_main_option("script_location", str(Path(sealdesk.app.migrations.__file__).parent))
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, step)(config, revision)
    engine.dispose()


def test_an_old_store_keeps_its_queued_changes_and_sends_none_unclaimed(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _alembic(path, "upgrade", "0002_platform")
    with sa.create_engine(f"sqlite:///{path}").begin() as db:
        db.execute(sa.text("INSERT INTO platform_state VALUES ('unit', 'U1'), ('user', 'P1')"))
        for n in range(3):
            db.execute(
                sa.text(
                    "INSERT INTO platform_outbox (op_id, method, path, body, created_at) "
                    "VALUES (:op, 'POST', '/people', :body, '2026-12-01T10:00:00+08:00')"
                ),
                {"op": f"old-{n}", "body": f'{{"name": "旧{n}", "phone": "1390000001{n}"}}'},
            )

    store = Store.open(path)  # migrated to this version's schema
    local = LocalPlatform(store.engine)
    assert [(c.op_id, c.author) for c in local.queued()] == [
        (f"old-{n}", Author(None, "U1")) for n in range(3)
    ]
    assert local.waiting().unclaimed == 3 and local.waiting().mine == 0
    assert local.waiting(Author("P2", "U2")).others == 3  # another unit: not theirs to claim
    local.add_person(name="新", phone="13900000020", id_number=None, roles=[])
    assert local.queued()[-1].author == Author("P1", "U1")  # made now: the session's
    assert local.waiting() == local.waiting(Author("P1", "U1"))
    assert (local.waiting().mine, local.waiting().unclaimed) == (1, 3)
    with pytest.raises(ValueError, match="no session"):
        local.claim(Author(None, "U1"))
    assert local.claim(Author("P9", "U1")) == 3
    assert [c.author.user for c in local.queued()] == ["P9", "P9", "P9", "P1"]  # in order
    store.close()


def test_a_store_upgraded_with_pending_changes_waits_for_a_claim(
    demo_server: ServerProcess, tmp_path: Path
) -> None:
    login = run_cli("platform", "login", "--server", demo_server.url, "--json", env=PIN)
    assert login.code == 0, login.stdout + login.stderr
    holder = login.json["user"]
    token = _token(demo_server)
    demo_server.stop()
    for n in range(2):
        queued = run_cli(
            "platform", "people", "add", "--name", f"旧版{n}", "--phone", f"1370000000{n}"
        )
        assert queued.code == 12, queued.stdout
    # the store as the version before authors were kept left it, its two changes queued
    _alembic(_store_file(), "downgrade", "0002_platform")
    with sa.create_engine(f"sqlite:///{_store_file()}").connect() as db:
        assert db.execute(sa.text("SELECT count(*) FROM platform_outbox")).scalar() == 2
        columns = {c["name"] for c in sa.inspect(db).get_columns("platform_outbox")}
        assert "author_user" not in columns

    demo_server.start()
    synced = run_cli("platform", "sync", "--json")  # migrates the store first
    assert synced.code == 0, synced.stdout + synced.stderr
    assert (synced.json["pushed"], synced.json["unclaimed"]) == (0, 2)
    assert not [p for p in _server_people(demo_server, token) if p["name"].startswith("旧版")]
    said = run_cli("platform", "sync").stdout
    assert "outbox claim" in said and "2 项修改由旧版 SealDesk 保存" in said
    listed = run_cli("platform", "outbox", "list", "--json")
    assert listed.code == 0
    assert [(c["whose"], c["author"]["user"]) for c in listed.json["outbox"]] == [
        ("unclaimed", None),
        ("unclaimed", None),
    ]

    claimed = run_cli("platform", "outbox", "claim", "--json")
    assert claimed.code == 0, claimed.stdout + claimed.stderr
    assert claimed.json == {"claimed": 2, "queued": False}
    old = {p["id"]: p["name"] for p in _server_people(demo_server, token) if "旧版" in p["name"]}
    assert sorted(old.values()) == ["旧版0", "旧版1"]
    log = httpx.get(
        f"{demo_server.url}{API}/audit",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).json()["entries"]
    added = [e for e in log if e["action"] == "person.add" and e["target"] in old]
    assert [e["actor"] for e in added] == [f"{holder['name']} ({holder['id']})"] * 2
    empty = run_cli("platform", "outbox", "list")
    assert empty.code == 0 and "本机没有待同步的修改" in empty.stdout


def test_dropping_unclaimed_changes_takes_their_rows_and_needs_a_session(
    demo_server: ServerProcess,
) -> None:
    refused = run_cli("platform", "outbox", "drop", "--json")
    assert refused.code == 2 and refused.json["error"]["kind"] == "not_logged_in_platform"
    assert run_cli("platform", "login", "--server", demo_server.url, env=PIN).code == 0
    demo_server.stop()
    queued = run_cli("platform", "people", "add", "--name", "丢弃", "--phone", "13600000001")
    assert queued.code == 12
    _alembic(_store_file(), "downgrade", "0002_platform")
    demo_server.start()
    dropped = run_cli("platform", "outbox", "drop", "--json")
    assert dropped.code == 0 and dropped.json == {"dropped": 1}
    people = run_cli("platform", "people", "list", "--json").json["people"]
    assert "丢弃" not in [p["name"] for p in people] and len(people) == 1
    assert run_cli("platform", "outbox", "list", "--json").json["outbox"] == []
