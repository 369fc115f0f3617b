"""`sealdesk platform whitelist add|list|remove --json` as processes, logged in with the SoftHSM2
demo key, against the server on PostgreSQL: what the commands do holds on the server, a key
taken off the list can no longer log in, and bad requests are said (exit 2 before sending,
exit 11 with the server's error)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import run_cli
from tests.platform_env import API, Postgres, ServerProcess, UnitCa, login, test_ca

__all__ = ["test_ca"]
PIN = {"SEALDESK_PIN": "123456"}


@pytest.fixture
def platform(
    postgres: Postgres,
    demo_key,  # type: ignore[no-untyped-def]
    test_ca: UnitCa,
    tmp_path: Path,
) -> Iterator[ServerProcess]:
    """A server that trusts the demo root (the demo key) and the test CA (the unit's other
    keys, made here with the demo unit's credit code)."""
    process = ServerProcess(
        postgres.database(), [demo_key.root_ca_pem, test_ca.pem], tmp_path
    ).start()
    yield process
    process.stop()


def _server_list(server: ServerProcess, token: str) -> list[str]:
    reply = httpx.get(
        f"{server.url}{API}/whitelist", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    reply.raise_for_status()
    return [e["entity_id"] for e in reply.json()["whitelist"]]


def test_whitelist_add_list_remove_take_effect_on_the_server(
    platform: ServerProcess, test_ca: UnitCa
):
    from sealdesk.app.demo import DEMO_UNIT

    logged_in = run_cli("platform", "login", "--server", platform.url, "--json", env=PIN)
    assert logged_in.code == 0, logged_in.stdout + logged_in.stderr
    token = _token(platform)
    main = _server_list(platform, token)
    second = test_ca.key(DEMO_UNIT.credit_code, "FIN-KEY-7", name=DEMO_UNIT.name)
    with httpx.Client(base_url=platform.url, timeout=30) as anyone:
        refused = login(anyone, second)
        assert refused.status_code == 403 and refused.json()["error"]["kind"] == "not_whitelisted"

        added = run_cli("platform", "whitelist", "add", "FIN-KEY-7", "--label", "财务", "--json")
        assert added.code == 0, added.stdout + added.stderr
        assert added.json["queued"] is False  # type: ignore[index]
        result = added.json["result"]  # type: ignore[index]
        assert result["entity_id"] == "FIN-KEY-7" and result["label"] == "财务"
        assert result["pending"] is False  # the server has it
        listed = run_cli("platform", "whitelist", "list", "--json")
        assert listed.code == 0
        entries = {e["entity_id"]: e for e in listed.json["whitelist"]}  # type: ignore[index]
        assert set(entries) == {*main, "FIN-KEY-7"}
        assert entries["FIN-KEY-7"]["label"] == "财务" and not entries["FIN-KEY-7"]["main"]
        assert _server_list(platform, token) == [*main, "FIN-KEY-7"]
        assert login(anyone, second).status_code == 200

        removed = run_cli("platform", "whitelist", "remove", "FIN-KEY-7", "--json")
        assert removed.code == 0, removed.stdout + removed.stderr
        assert removed.json["result"] == {"entity_id": "FIN-KEY-7", "removed": True}  # type: ignore[index]
        assert _server_list(platform, token) == main
        listed = run_cli("platform", "whitelist", "list", "--json")
        assert [e["entity_id"] for e in listed.json["whitelist"]] == main  # type: ignore[index]
        refused = login(anyone, second)
        assert refused.status_code == 403 and refused.json()["error"]["kind"] == "not_whitelisted"

    # the main key stays; a key that was never there; a malformed id is not even sent
    kept = run_cli("platform", "whitelist", "remove", main[0], "--json")
    assert kept.code == 11 and kept.json["error"]["server"]["code"] == 409  # type: ignore[index]
    assert kept.json["error"]["server"]["kind"] == "main_key"  # type: ignore[index]
    unknown = run_cli("platform", "whitelist", "remove", "NEVER-THERE", "--json")
    assert unknown.code == 11 and unknown.json["error"]["server"]["code"] == 404  # type: ignore[index]
    bad = run_cli("platform", "whitelist", "add", "not a key id!", "--json")
    assert bad.code == 2 and bad.json["error"]["kind"] == "invalid_entity_id"  # type: ignore[index]
    assert _server_list(platform, token) == main
    listed = run_cli("platform", "whitelist", "list", "--json")
    assert [e["entity_id"] for e in listed.json["whitelist"]] == main  # type: ignore[index]


def _token(server: ServerProcess) -> str:
    import json

    from sealdesk.app.settings import config_dir

    return str(json.loads((config_dir() / "platform-token.json").read_text())[server.url])
