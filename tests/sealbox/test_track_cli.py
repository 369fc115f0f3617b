"""Where a box is used, as people run it: `sealdesk sealbox place set` on this computer, a
simulated box in its own process (SEALDESK_BLE_SIM), the real server on PostgreSQL; the
records uploaded carry the place, `sealdesk sealbox track` searches them, `history` shows it,
and `lock` texts the last known position to the 管理员 (the development SMS gateway)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.platform_env import ServerProcess
from tests.sealbox.test_cli import Simulators
from tests.sealbox.test_keeper_cli import (
    _bytecode_kept,
    done,
    person,
    platform,
    postgres,
    press,
    sealbox,
    sims,
)

__all__ = ["_bytecode_kept", "platform", "postgres", "sims"]
HERE = "总部3楼档案室"


@pytest.mark.timeout(300)
def test_place_travels_with_the_records_and_the_lock(
    platform: ServerProcess, sims: Simulators, tmp_path: Path
):
    long = run_cli("sealbox", "place", "set", "位" * 51, "--json")
    assert long.code == 2 and long.json["error"]["kind"] == "invalid_place"  # type: ignore[index]
    assert done(run_cli("sealbox", "place", "show", "--json"))["place"] is None
    assert done(run_cli("sealbox", "place", "set", f" {HERE} ", "--json"))["place"] == HERE

    state = tmp_path / "gl"
    sims.start("GL", "ZGY_GL", state)
    person("张三", "13800000011")
    person("王五", "13800000012")
    done(sealbox(sims, "role", "13800000012", "box_admin"))
    done(sealbox(sims, "bind", "--box", "ZGY_GL", "--name", "财务章"))
    grant = ("grant", "--box", "财务章", "--user", "13800000011", "--count", "2", "--end", "+1h")
    done(sealbox(sims, *grant, "--notify"))
    code = done(sealbox(sims, "offline-code", "--box", "财务章"))["code"]  # stamps unconnected
    done(sealbox(sims, "settings", "--box", "财务章", "--offline", "on", "--code", code))
    for _ in range(2):
        pressed = press(state)
        assert pressed["stamped"], pressed
    pulled = done(sealbox(sims, "records", "--box", "财务章", "--server", platform.url))
    assert pulled["uploaded"] == 2

    listed = done(sealbox(sims, "history", "--box", "财务章"))
    assert [r["place"] for r in listed["records"]] == [HERE, HERE]
    track = done(sealbox(sims, "track", "财务章"))
    assert track["box"]["place"] == HERE and track["all"]
    assert [(t["user_name"], t["place"], t["used"]) for t in track["track"]] == [
        ("张三", HERE, 2),
        ("张三", HERE, 1),
    ]
    today = time.strftime("%Y-%m-%dT00:00")
    found = done(
        sealbox(sims, "track", "财务章", "--person", "张", "--place", "3楼", "--from", today)
    )
    assert len(found["track"]) == 2
    none = sealbox(sims, "track", "财务章", "--place", "分公司")
    assert none.code == 0 and none.json["track"] == []  # type: ignore[index]
    backwards = sealbox(sims, "track", "财务章", "--from", "+1h", "--to", "now")
    assert backwards.code == 2 and backwards.json["error"]["kind"] == "invalid_track_range"  # type: ignore[index]
    unknown = sealbox(sims, "track", "没有这台")
    assert unknown.code == 5

    # 挂失锁定: the 管理员 is texted where the box was last seen, and again as the box (in
    # range here) takes the lock
    done(sealbox(sims, "lock", "--box", "财务章"))
    texts = [x for x in platform.sms_sink.read_text("utf-8").splitlines() if " 13800000012 " in x]
    assert ["已挂失锁定" in t and HERE in t for t in texts] == [True, False]
    assert "已锁定" in texts[1] and HERE in texts[1]
    sms = done(sealbox(sims, "sms", "--box", "财务章"))
    # the uses' SMS go to the authorizer, the 主管理员 here: no phone kept for them
    assert sorted((s["kind"], s["state"]) for s in sms["sms"]) == [
        ("lock", "no_phone"),
        ("lock", "no_phone"),
        ("lock", "sent"),
        ("lock", "sent"),
        ("use", "no_phone"),
        ("use", "no_phone"),
    ]
