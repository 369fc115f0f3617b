"""The operation log: written for every change and refusal, readable by 审计员 and 超级管理员,
and `sealdesk server audit verify` finds an edited, a deleted and a cut-off row."""

from __future__ import annotations

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
