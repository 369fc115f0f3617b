"""The operation log: written for every change, refusal and login (UKey, SMS code, password),
readable by 审计员 and 超级管理员, and `sealdesk server audit verify` finds an edited, a deleted
and a cut-off row. The schema migrations: a database of the previous version is upgraded with
the replies it stored."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from tests.conftest import run_cli
from tests.platform_env import (
    API,
    Postgres,
    ServerProcess,
    UnitCa,
    credit_code,
    person_body,
    session,
)


def test_audit_verify_finds_edited_and_deleted_rows(
    server: ServerProcess, test_ca: UnitCa, postgres: Postgres
):
    with session(server.url, test_ca.key(credit_code(), "AUD-1")) as admin:
        for n in range(3):
            admin.post(f"{API}/people", json=person_body(7200000 + n)).raise_for_status()
        admin.post(f"{API}/people", json=person_body(7200000))  # refused: 409, logged too
        entries = admin.get(f"{API}/audit").json()["entries"]
    actions = [(e["action"], e["result"]) for e in entries]
    assert actions[0] == ("login.ukey", "ok")
    assert actions[-1] == ("person.add", "refused:duplicate_phone")
    assert all(e["client"] == "127.0.0.1" and e["actor"] for e in entries)

    intact = run_cli("server", "audit", "verify", "--db", server.db_url, "--json")
    assert intact.code == 0, intact.stderr
    assert intact.json["intact"] is True and intact.json["rows"] >= len(entries)

    db = server.db_url.rsplit("/", 1)[1]
    row = entries[1]["id"]
    postgres.psql(f"UPDATE audit SET result = 'ok' WHERE id = {entries[-1]['id']}", db)
    edited = run_cli("server", "audit", "verify", "--db", server.db_url)
    assert edited.code == 1 and f"第 {entries[-1]['id']} 条" in edited.stdout
    postgres.psql(
        f"UPDATE audit SET result = 'refused:duplicate_phone' WHERE id = {entries[-1]['id']}", db
    )
    postgres.psql(f"DELETE FROM audit WHERE id = {row}", db)
    deleted = run_cli("server", "audit", "verify", "--db", server.db_url, "--json")
    assert deleted.code == 1
    assert deleted.json["broken"] == {"row": row, "reason": "missing"}


def test_tail_cut_and_cli_errors(postgres: Postgres, tmp_path):  # type: ignore[no-untyped-def]
    url = postgres.database()
    added = run_cli("server", "operator", "add", "审核员甲", "--db", url, "--json")
    assert added.code == 0, added.stderr
    assert len(added.json["password"]) >= 12 and added.json["must_change"] is True
    again = run_cli("server", "operator", "add", "审核员甲", "--db", url, "--json")
    assert again.code == 2 and again.json["error"]["kind"] == "operator_exists"
    db = url.rsplit("/", 1)[1]
    postgres.psql("DELETE FROM audit", db)
    cut = run_cli("server", "audit", "verify", "--db", url, "--json")
    assert cut.code == 1 and cut.json["broken"] == {"row": 1, "reason": "tail_cut"}
    unreachable = run_cli(
        "server", "migrate", "--db", "postgresql://postgres@127.0.0.1:1/none", "--json"
    )
    assert unreachable.code == 10 and unreachable.json["error"]["kind"] == "server_db"
    assert "Traceback" not in unreachable.stderr
    sqlite = run_cli("server", "migrate", "--json", env={"SEALDESK_DATA_DIR": str(tmp_path)})
    assert sqlite.code == 0 and (tmp_path / "server" / "platform.db").is_file()


def _sms_code(server: ServerProcess, phone: str) -> str:
    """The last code the development SMS gateway wrote for ``phone``."""
    lines = [line.split() for line in server.sms_sink.read_text("utf-8").splitlines()]
    return next(words[-1] for words in reversed(lines) if words[1] == phone)


def test_sms_and_password_logins_are_in_the_log(
    postgres: Postgres, test_ca: UnitCa, tmp_path: Path
) -> None:
    """Every login that succeeds writes a row like the UKey one (who, role, result, client
    address); the auditor reads them through the API and the chain stays intact. A server of
    its own: the module's has its chain broken on purpose above."""
    server = ServerProcess(postgres.database(), [test_ca.pem], tmp_path).start()
    phone = "13877770001"
    try:
        with session(server.url, test_ca.key(credit_code(), "AUD-2")) as admin:
            added = admin.post(
                f"{API}/people", json={"name": "审计员甲", "phone": phone, "roles": ["auditor"]}
            )
            auditor = added.json()["person"]
            with httpx.Client(base_url=server.url, timeout=30) as anyone:
                assert server.send_sms(anyone, phone).status_code == 200
                code = _sms_code(server, phone)
                by_sms = anyone.post(f"{API}/auth/sms-login", json={"phone": phone, "code": code})
                assert by_sms.status_code == 200, by_sms.text
                anyone.headers["Authorization"] = f"Bearer {by_sms.json()['token']}"
                password = "Passw0rd-17"
                reply = anyone.put(f"{API}/me/password", json={"password": password})
                assert reply.status_code == 200, reply.text
                del anyone.headers["Authorization"]
                wrong = {"phone": phone, "password": "Wrong-pass-1"}
                assert anyone.post(f"{API}/auth/password", json=wrong).status_code == 401
                right = {"phone": phone, "password": password}
                by_password = anyone.post(f"{API}/auth/password", json=right)
                assert by_password.status_code == 200, by_password.text
                anyone.headers["Authorization"] = f"Bearer {by_password.json()['token']}"
                as_auditor = anyone.get(f"{API}/audit")
                assert as_auditor.status_code == 200, as_auditor.text
            as_admin = admin.get(f"{API}/audit").json()["entries"]
        intact = run_cli("server", "audit", "verify", "--db", server.db_url, "--json")
    finally:
        server.stop()

    entries = as_auditor.json()["entries"]
    assert entries == as_admin[: len(entries)]  # both read the one log
    logins = [(e["action"], e["result"], e["target"]) for e in entries if "login" in e["action"]]
    assert logins == [
        ("login.ukey", "ok", entries[0]["target"]),
        ("login.sms", "ok", phone),
        ("login", "refused:login_failed", phone),  # the unit's auditor sees the wrong password
        ("login.password", "ok", phone),
    ]
    assert "super_admin" in entries[0]["actor_role"].split(",")
    for action in ("login.sms", "login.password"):
        row = next(e for e in entries if e["action"] == action)
        assert row["actor"] == f"审计员甲 ({auditor['id']})"
        assert row["actor_role"] == "auditor,member"
        assert row["client"] == "127.0.0.1" and row["at"]
    db = server.db_url.rsplit("/", 1)[1]
    refused = postgres.psql(
        f"SELECT result FROM audit WHERE action = 'login' AND target = '{phone}'", db
    )
    assert refused == "refused:login_failed"
    assert intact.code == 0, intact.stderr
    assert intact.json["intact"] is True and intact.json["rows"] == as_admin[-1]["id"]


def _alembic(url: str, verb: str, revision: str) -> None:
    """Bring the schema at ``url`` up or down to ``revision`` (an older server's)."""
    from alembic import command
    from alembic.config import Config

    from sealdesk.server.db import MIGRATIONS, make_engine

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, verb)(config, revision)
    finally:
        engine.dispose()


def _replies(
    url: str, columns: str = "unit_id, key, person_id, status, body"
) -> list[tuple[object, ...]]:
    import sqlalchemy as sa

    from sealdesk.server.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return [
                tuple(row) for row in connection.execute(sa.text(f"SELECT {columns} FROM replies"))
            ]
    finally:
        engine.dispose()


def test_upgrade_from_0003_keeps_stored_replies_on_sqlite(tmp_path: Path) -> None:
    """A database of the previous version keeps its stored replies; they name no person."""
    import sqlalchemy as sa

    from sealdesk.server.db import make_engine

    url = f"sqlite:///{tmp_path / 'old.db'}"
    _alembic(url, "upgrade", "0003_sms_limits")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO replies (unit_id, key, status, body, created_ms) "
                "VALUES ('u-1', 'k-1', 200, '{\"ok\": true}', 1)"
            )
        )
    engine.dispose()
    migrated = run_cli("server", "migrate", "--db", url, "--json")
    assert migrated.code == 0, migrated.stderr
    assert _replies(url) == [("u-1", "k-1", None, 200, '{"ok": true}')]
    _alembic(url, "downgrade", "0003_sms_limits")  # and back, for a rollback of the server
    assert run_cli("server", "migrate", "--db", url).code == 0
    assert _replies(url) == [("u-1", "k-1", None, 200, '{"ok": true}')]


def test_upgrade_from_0003_on_postgresql_replays_the_old_replies(
    postgres: Postgres, test_ca: UnitCa, tmp_path: Path
) -> None:
    """A reply stored by the previous version (no person) is still given to a replay after the
    upgrade: an honest client's retry is answered, not refused."""
    url = postgres.database()
    key = test_ca.key(credit_code(), "OLD-1")
    headers = {"Idempotency-Key": "queued-before-the-upgrade"}
    server = ServerProcess(url, [test_ca.pem], tmp_path).start()
    try:
        with session(server.url, key) as admin:
            first = admin.post(f"{API}/people", json=person_body(7400001), headers=headers)
            assert first.status_code == 200, first.text
    finally:
        server.stop()
    _alembic(url, "downgrade", "0003_sms_limits")  # the rows as the previous version has them
    [(stored_key, status, body)] = _replies(url, "key, status, body")
    assert (stored_key, status, json.loads(str(body))) == (
        headers["Idempotency-Key"],
        200,
        first.json(),
    )
    migrated = run_cli("server", "migrate", "--db", url, "--json")
    assert migrated.code == 0, migrated.stderr
    assert [(r[1], r[2]) for r in _replies(url)] == [("queued-before-the-upgrade", None)]
    server.start()
    try:
        with session(server.url, key) as admin:
            replay = admin.post(f"{API}/people", json=person_body(7400001), headers=headers)
            assert replay.status_code == 200 and replay.json() == first.json()
            phones = [p["phone"] for p in admin.get(f"{API}/people").json()["people"]]
            assert phones.count(person_body(7400001)["phone"]) == 1
    finally:
        server.stop()
    intact = run_cli("server", "audit", "verify", "--db", url)
    assert intact.code == 0, intact.stdout


def test_upgrade_from_0004_on_postgresql_ends_the_sessions_opened_before(
    postgres: Postgres, test_ca: UnitCa, tmp_path: Path
) -> None:
    """A session of the previous version does not say which key opened it, so the upgrade ends
    it (else a key taken off the whitelist after the upgrade stayed logged in); one login more."""
    url = postgres.database()
    key = test_ca.key(credit_code(), "OLD-2")
    server = ServerProcess(url, [test_ca.pem], tmp_path).start()
    try:
        with session(server.url, key) as admin:
            old = dict(admin.headers)
            assert admin.get(f"{API}/me").status_code == 200
    finally:
        server.stop()
    _alembic(url, "downgrade", "0004_reply_person")
    migrated = run_cli("server", "migrate", "--db", url, "--json")
    assert migrated.code == 0, migrated.stderr
    server.start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            reply = client.get(f"{API}/me", headers={"Authorization": old["authorization"]})
            assert reply.status_code == 401 and reply.json()["error"]["kind"] == "unauthenticated"
        with session(server.url, key) as admin:
            assert admin.get(f"{API}/me").status_code == 200
    finally:
        server.stop()
