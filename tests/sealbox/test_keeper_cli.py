"""The keeper's side as people run it: `sealdesk sealbox bind|grant|settings|records --server|end|
lock|unlock …` against the real server on PostgreSQL (logged in with the SoftHSM2 demo key,
the unit's 主管理员) and simulated boxes in their own processes (SEALDESK_BLE_SIM); the
applicant and the approving keeper use the platform's API with SMS logins.

The full flow apply → approve → grant → press ×N → records with photos → end; a lost-lock sent
while the box is off and applied at its next contact; two boxes at once; bad input; a box
bound to another platform refuses to be bound here (exit 13); apply, applications, approve,
reject and boxes run by the applicant and the keeper as their own processes."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from sealdesk.app.demo import DemoKey
from sealdesk.sealbox.records import as_json
from sealdesk.sealbox.simulator.box import Box
from tests.conftest import CliResult, run_cli
from tests.platform_env import API, Postgres, ServerProcess, postgres
from tests.sealbox.platform import Platform
from tests.sealbox.test_cli import Simulators, free_port, prepare

__all__ = ["postgres"]
PIN = {"SEALDESK_PIN": "123456"}


@pytest.fixture(autouse=True)
def _bytecode_kept(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Each command here is a process of its own: with PYTHONDONTWRITEBYTECODE each one
    compiles every module again (seconds of CPU on a shared machine); keep the bytecode in a
    folder of the session's instead."""
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
    monkeypatch.setenv("PYTHONPYCACHEPREFIX", str(tmp_path_factory.getbasetemp() / "pycache"))


@pytest.fixture
def platform(postgres: Postgres, demo_key: DemoKey, tmp_path: Path) -> Iterator[ServerProcess]:
    """A server over a new database that trusts the demo key; its 主管理员 logged in here."""
    server = ServerProcess(postgres.database(), [demo_key.root_ca_pem], tmp_path / "srv")
    server.workdir.mkdir()
    server.start()
    login = run_cli("platform", "login", "--server", server.url, "--json", env=PIN)
    assert login.code == 0, login.stdout + login.stderr
    yield server
    server.stop()


@pytest.fixture
def sims() -> Iterator[Simulators]:
    s = Simulators(free_port())
    yield s
    s.stop()


def sealbox(sims: Simulators, *args: str, env: dict[str, str] | None = None) -> CliResult:
    result = run_cli(
        "sealbox",
        *args,
        "--json",
        env={"SEALDESK_BLE_SIM": f"127.0.0.1:{sims.port}", **(env or {})},
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def done(result: CliResult) -> dict[str, Any]:
    assert result.code == 0, result.stdout + result.stderr
    return result.json  # type: ignore[return-value]


def _admin_token(server: ServerProcess) -> str:
    from sealdesk.app.settings import config_dir

    return str(json.loads((config_dir() / "platform-token.json").read_text())[server.url])


def admin(server: ServerProcess) -> httpx.Client:
    return httpx.Client(
        base_url=server.url,
        timeout=30,
        headers={"Authorization": f"Bearer {_admin_token(server)}"},
    )


@contextmanager
def sms_login(server: ServerProcess, phone: str) -> Iterator[httpx.Client]:
    """A person logs in with the code the development SMS gateway wrote down."""
    with httpx.Client(base_url=server.url, timeout=30) as client:
        server.send_sms(client, phone).raise_for_status()
        line = [x for x in server.sms_sink.read_text().splitlines() if f" {phone} " in x][-1]
        code = line.split()[-1]
        reply = client.post(f"{API}/auth/sms-login", json={"phone": phone, "code": code})
        reply.raise_for_status()
        client.headers["Authorization"] = f"Bearer {reply.json()['token']}"
        yield client


def person(name: str, phone: str) -> str:
    added = run_cli("platform", "people", "add", "--name", name, "--phone", phone, "--json")
    assert added.code == 0, added.stdout + added.stderr
    return str(added.json["result"]["id"])  # type: ignore[index]


def press(state: Path) -> dict[str, Any]:
    """A person stamps once, through the simulator's API (what `sealdesk sealbox sim press`
    does, without a process of its own)."""
    box = Box.open(state)
    try:
        pressed = box.press()
    finally:
        box.close()
    record = as_json(pressed.record) if pressed.record else None
    return {"stamped": pressed.stamped, "screen": pressed.screen, "refused": pressed.refused,
            "record": record}  # fmt: skip


def show(state: Path) -> dict[str, Any]:
    box = Box.open(state)
    try:
        return box.show()
    finally:
        box.close()


@pytest.mark.timeout(400)  # some twenty commands, each a process of its own
def test_apply_approve_grant_press_records_end(
    platform: ServerProcess, sims: Simulators, tmp_path: Path
):
    state = tmp_path / "gl"
    sims.start("GL", "ZGY_GL", state)
    applicant_id = person("张三", "13800000001")
    keeper_id = person("李四", "13800000002")
    done(sealbox(sims, "role", "13800000002", "keeper"))
    bound = done(sealbox(sims, "bind", "--box", "ZGY_GL", "--name", "财务章"))
    assert bound["box"]["screen"] == "请授权使用" and bound["box"]["model"] == "GL"
    assert bound["commands"] == [{"counter": 1, "kind": "settings", "outcome": "ok"}]
    kept = done(sealbox(sims, "keepers", "--box", "财务章", "13800000002"))
    assert [k["id"] for k in kept["box"]["keepers"]] == [keeper_id]

    # the applicant applies, the keeper approves (the system template: the box's keepers)
    box_id = bound["box"]["id"]
    with sms_login(platform, "13800000001") as applicant:
        body = {
            "box_id": box_id,
            "reason": "采购合同盖章",
            "file_name": "采购合同.pdf",
            "file_type": "合同",
            "copies": 3,
            "count": 3,
            "not_after": int(time.time()) + 3600,
            "note": "加急",
        }
        application = applicant.post(f"{API}/sealbox/applications", json=body).json()
        app_id = application["application"]["id"]
    with sms_login(platform, "13800000002") as keeper:
        todo = keeper.get(f"{API}/sealbox/applications", params={"view": "todo"}).json()
        assert [a["id"] for a in todo["applications"]] == [app_id]
        approved = keeper.post(f"{API}/sealbox/applications/{app_id}/approve", json={}).json()
        assert approved["application"]["state"] == "approved"

    granted = done(
        sealbox(sims, "grant", "--box", "财务章", "--application", app_id, "--force-upload")
    )
    assert granted["delivered"] and granted["grant"]["user_id"] == applicant_id
    assert granted["box"]["screen"] == "0/3"
    second = sealbox(
        sims, "grant", "--box", "财务章", "--user", "13800000002", "--count", "1", "--end", "+1h"
    )
    assert second.code == 11 and second.json["error"]["server"]["kind"] == "grant_open"  # type: ignore[index]

    # 无网络设置 with the 主管理员's code: the box stamps with no client connected
    code = done(sealbox(sims, "offline-code", "--box", "财务章"))["code"]
    wrong = sealbox(
        sims,
        "settings",
        "--box",
        "财务章",
        "--offline",
        "on",
        "--code",
        "000000" if code != "000000" else "111111",
    )
    assert wrong.code == 11 and wrong.json["error"]["server"]["kind"] == "offline_code_wrong"  # type: ignore[index]
    offline = done(sealbox(sims, "settings", "--box", "财务章", "--offline", "on", "--code", code))
    assert offline["box"]["settings"]["offline"] and offline["box"]["box"]["offline"]

    first = done(sealbox(sims, "sim", "press", "--state", str(state)))  # as a person would
    assert first["stamped"] and first["screen"] == "1/3"
    for screen in ("2/3", "请授权使用"):  # used up: the box asks for a new grant
        pressed = press(state)
        assert pressed["stamped"] and pressed["screen"] == screen
    over = press(state)
    assert not over["stamped"] and over["record"]["cause"] == "over_count"

    # 强制上传记录: the end uploads first; the records reach the platform with their photos
    pulled = done(sealbox(sims, "records", "--box", "财务章", "--server", platform.url))
    assert (pulled["new"], pulled["photos"], pulled["uploaded"], pulled["photos_uploaded"]) == (
        4,
        3,
        4,
        3,
    )
    folder = Path(pulled["folder"])
    with admin(platform) as client:
        records = client.get(f"{API}/sealbox/records").json()
        kinds = [(r["kind"], r["cause"], r["photo"], r["user_id"]) for r in records["records"]]
        assert kinds == [("stamp", None, True, applicant_id)] * 3 + [
            ("abnormal", "over_count", False, None)
        ]
        assert records["unread_abnormal"] == 1
        first = records["records"][0]
        photo = client.get(f"{API}/sealbox/records/{first['id']}/photo").json()
        assert base64.b64decode(photo["jpeg"]) == (folder / "photos" / "000000.jpg").read_bytes()

    ended = done(sealbox(sims, "end", "--box", "财务章"))
    assert ended["grant"]["state"] == "ended" and ended["grant"]["used"] == 3
    assert ended["box"]["screen"] == "请授权使用"
    shown = show(state)
    assert shown["screen"] == "请授权使用" and shown["stored"] == 0
    again = done(sealbox(sims, "records", "--box", "财务章", "--server", platform.url))
    assert (again["new"], again["uploaded"]) == (0, 0)


@pytest.mark.timeout(400)
def test_bad_input_never_reaches_the_box(platform: ServerProcess, sims: Simulators, tmp_path: Path):
    sims.start("L", "BOX-L", tmp_path / "l")
    person("王五", "13800000003")
    done(sealbox(sims, "bind", "--box", "BOX-L", "--name", "合同章"))
    grant = ("grant", "--box", "合同章", "--user", "13800000003")
    for count in ("501", "-1", "a"):
        bad = sealbox(sims, *grant, "--count", count, "--end", "+1h")
        assert bad.code == 2 and bad.json["error"]["kind"] == "usage", bad.stdout  # type: ignore[index]
    past = time.strftime("%Y-%m-%dT%H:%M", time.localtime(time.time() - 3600))
    ended = sealbox(sims, *grant, "--count", "1", "--end", past)
    assert ended.code == 11 and ended.json["error"]["server"]["code"] == 422  # type: ignore[index]
    backwards = sealbox(sims, *grant, "--count", "1", "--start", "+2h", "--end", "+1h")
    assert backwards.code == 11 and backwards.json["error"]["server"]["code"] == 422  # type: ignore[index]
    for extra, kind in (
        (("--usage-mode", "digital"), "invalid_usage_mode"),
        (("--area", "区" * 51), "invalid_grant_area"),
    ):
        bad = sealbox(sims, *grant, "--count", "1", "--end", "+1h", *extra)
        assert bad.code == 2 and bad.json["error"]["kind"] == kind, bad.stdout  # type: ignore[index]
    finger = sealbox(sims, *grant, "--count", "1", "--end", "+1h", "--fingerprint")
    assert finger.json["error"]["server"]["kind"] == "no_fingerprint"  # type: ignore[index]
    light = sealbox(sims, "settings", "--box", "合同章", "--backlight", "181")
    assert light.code == 11 and light.json["error"]["server"]["code"] == 422  # type: ignore[index]
    unknown = sealbox(sims, "lock", "--box", "没有这台")
    assert unknown.code == 5 and unknown.json["error"]["kind"] == "unknown_box"  # type: ignore[index]
    shown = show(tmp_path / "l")
    assert shown["granted"] == 0 and shown["screen"] == "请授权使用" and not shown["locked"]

    # 功能配置: a new unit asks everything; an unknown item is exit 2, nothing sent
    features = done(sealbox(sims, "features"))["features"]
    assert features["mode"] == "batch" and all(features["items"].values())
    bogus = sealbox(sims, "features", "set", "--on", "wechat2")
    assert bogus.code == 2 and bogus.json["error"]["kind"] == "invalid_feature"  # type: ignore[index]
    done(sealbox(sims, "features", "set", "--batch", "--off", "preauthorize"))
    pre = sealbox(sims, *grant, "--count", "1", "--end", "+1h", "--pre")
    assert pre.json["error"]["server"]["kind"] == "feature_off"  # type: ignore[index]
    # nothing ticked: no application; the free box is taken with a signed unlimited grant
    nothing = done(sealbox(sims, "features", "set", "--manual"))["features"]
    assert nothing["nothing"] and not any(nothing["items"].values())
    applied = sealbox(sims, "apply", "--box", "合同章", "--reason", "盖章")
    assert applied.json["error"]["server"]["kind"] == "applications_off"  # type: ignore[index]
    used = done(sealbox(sims, "use", "--box", "合同章"))
    assert used["delivered"] and used["box"]["screen"] == "0/∞" and used["grant"]["count"] == 0
    with sms_login(platform, "13800000003") as other:  # someone else, while it is in use
        taken = other.post(f"{API}/sealbox/boxes/{used['box']['id']}/use")
        assert taken.status_code == 409 and taken.json()["error"]["kind"] == "grant_open"


@pytest.mark.timeout(300)
def test_lost_lock_while_the_box_is_off_applies_at_the_next_contact(
    platform: ServerProcess, sims: Simulators, tmp_path: Path
):
    state = tmp_path / "gl"
    sims.start("GL", "ZGY_GL", state)
    done(sealbox(sims, "bind", "--box", "ZGY_GL", "--name", "公章"))
    sims.stop()  # the box is off (or lost)
    sims.procs.clear()
    locked = sealbox(sims, "lock", "--box", "公章", "--timeout", "1")
    assert locked.code == 14, locked.stdout
    doc = locked.json
    assert doc["pending"] and not doc["delivered"] and doc["box"]["lock"] == "pending"  # type: ignore[index]
    assert doc["error"]["code"] == 14  # type: ignore[index]
    assert not show(state)["locked"]

    sims.start("GL", "ZGY_GL", state)  # switched on again: any contact carries the lock
    pulled = done(sealbox(sims, "records", "--box", "公章", "--server", platform.url))
    assert {"counter": 2, "kind": "lock", "outcome": "ok"} in pulled["commands"]
    assert pulled["box"]["lock"] == "locked"
    shown = show(state)
    assert shown["locked"] and shown["screen"] == "限制使用"
    pressed = press(state)
    assert not pressed["stamped"]
    assert pressed["record"]["cause"] in ("locked", "locked_at_power_on")
    done(sealbox(sims, "records", "--box", "公章", "--server", platform.url))
    with admin(platform) as client:
        abnormal = client.get(f"{API}/sealbox/records", params={"kind": "abnormal"}).json()
    assert [r["cause"] for r in abnormal["records"]] == [pressed["record"]["cause"]]

    unlocked = done(sealbox(sims, "unlock", "--box", "公章"))  # in reach: at once
    assert unlocked["delivered"] and unlocked["box"]["lock"] == "none"
    assert not show(state)["locked"]

    # a pre-authorization, activated at the box by its grantee (here the one logged in)
    me = run_cli("platform", "whoami", "--json").json["user"]["id"]  # type: ignore[index]
    pre = ("grant", "--box", "公章", "--user", me, "--count", "2", "--end", "+1h", "--pre")
    granted = done(sealbox(sims, *pre))
    code = granted["activation_code"]
    assert granted["box"]["screen"] == "请授权使用"  # not yet activated
    wrong = sealbox(sims, "activate", "--box", "公章", "--code", f"{(int(code) + 1) % 10**6:06d}")
    assert wrong.code == 11 and wrong.json["error"]["server"]["kind"] == "activation_code_wrong"  # type: ignore[index]
    assert done(sealbox(sims, "activate", "--box", "公章", "--code", code))["screen"] == "0/2"
    # while mine is in use, another person's 预先授权 waits on the platform (not on the box),
    # listed with its 使用模式 and 用印区域, then withdrawn
    other = person("赵六", "13800000006")
    waits = ("grant", "--box", "公章", "--user", other, "--count", "1", "--end", "+1h", "--pre")
    waiting = done(sealbox(sims, *waits, "--usage-mode", "electronic", "--area", "三楼档案室"))
    assert not waiting["delivered"] and waiting["grant"]["state"] == "waiting"
    listed = done(sealbox(sims, "grants", "--box", "公章", "--state", "waiting"))["grants"]
    assert [(g["user_id"], g["usage_mode"], g["area"]) for g in listed] == [
        (other, "electronic", "三楼档案室")
    ]
    text = run_cli("sealbox", "grants", "--state", "waiting").stdout
    assert "待激活" in text and "电子印章模式" in text and "用印区域：三楼档案室" in text, text
    assert [g["state"] for g in done(sealbox(sims, "grants", "--mine"))["grants"]] == ["active"]
    gone = done(sealbox(sims, "end", "--box", "公章", "--grant", waiting["grant"]["id"]))
    assert gone["grant"]["state"] == "ended" and show(state)["screen"] == "限制使用"  # mine
    # unbinding with the grant open, the box away: the platform's reason, not "unreachable"
    sims.stop()
    sims.procs.clear()
    refused = sealbox(sims, "unbind", "--box", "公章", "--timeout", "2")
    assert refused.code == 11, refused.stdout
    assert refused.json["error"]["server"]["kind"] == "grant_open"  # type: ignore[index]
    sims.start("GL", "ZGY_GL", state)
    done(sealbox(sims, "end", "--box", "公章"))
    unbound = done(sealbox(sims, "unbind", "--box", "公章"))
    assert unbound["screen"] == "未绑定" and unbound["box"]["state"] == "unbound"
    assert show(state)["bound"] is False


@pytest.mark.timeout(400)
def test_two_boxes_at_once(platform: ServerProcess, sims: Simulators, tmp_path: Path):
    sims.start("GL", "ZGY_GL", tmp_path / "gl")
    sims.start("L", "BOX-L", tmp_path / "l")
    user = person("赵六", "13800000004")
    done(sealbox(sims, "bind", "--box", "ZGY_GL", "--name", "财务章"))
    done(sealbox(sims, "bind", "--box", "BOX-L", "--name", "合同章"))
    env = {"SEALDESK_BLE_SIM": f"127.0.0.1:{sims.port}"}

    def cli(*args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "sealdesk.desktop", "sealbox", *args, "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **env},
        )

    both = [
        cli("grant", "--box", name, "--user", "13800000004", "--count", "0", "--end", "+2h")
        for name in ("财务章", "合同章")
    ]
    for proc in both:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, out + err
        assert json.loads(out)["box"]["screen"] == "0/∞"
    states = {"财务章": tmp_path / "gl", "合同章": tmp_path / "l"}
    for name, state in states.items():
        # no client at the box and offline mode off: 限制使用, nothing stamped
        assert press(state)["refused"] == "restricted"
        code = done(sealbox(sims, "offline-code", "--box", name))["code"]
        done(sealbox(sims, "settings", "--box", name, "--offline", "on", "--code", code))
    for name, times in (("财务章", 3), ("合同章", 2)):
        for _ in range(times):
            assert press(states[name])["stamped"]
    uploads = [cli("records", "--box", name, "--server", platform.url) for name in states]
    for proc in uploads:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, out + err
        assert json.loads(out)["photos_uploaded"] in (2, 3)
    with admin(platform) as client:
        boxes = {b["name"]: b for b in client.get(f"{API}/sealbox/boxes").json()["boxes"]}
        grants = client.get(f"{API}/sealbox/grants").json()["grants"]
    assert set(boxes) == {"财务章", "合同章"}
    assert {b["model"] for b in boxes.values()} == {"GL", "L"}
    assert {(g["box_name"], g["user_id"], g["used"]) for g in grants} == {
        ("财务章", user, 3),
        ("合同章", user, 2),
    }
    with admin(platform) as client:
        for name, times in (("财务章", 3), ("合同章", 2)):
            got = client.get(f"{API}/sealbox/records", params={"box_id": boxes[name]["id"]})
            assert [r["seq"] for r in got.json()["records"]] == list(range(times))
    assert all(b["last_contact_ms"] and b["box"]["capacity"] for b in boxes.values())
    assert {b["box"]["capacity"] for b in boxes.values()} == {800, 240}


@pytest.mark.timeout(300)
def test_a_box_bound_elsewhere_refuses_exit_13(
    platform: ServerProcess, sims: Simulators, tmp_path: Path
):
    """The box itself says no: bound to another platform's key, it refuses to be bound here
    (exit 13, its reason in the JSON), and the platform keeps no half-bound box."""
    state = tmp_path / "gl"
    sims.start("GL", "ZGY_GL", state)
    elsewhere = Platform()
    prepare(sims.port, "ZGY_GL", elsewhere)  # bound, set and granted by another platform
    before = show(state)
    refused = sealbox(sims, "bind", "--box", "ZGY_GL", "--name", "财务章")
    assert refused.code == 13, refused.stdout + refused.stderr
    error = refused.json["error"]  # type: ignore[index]
    assert (error["code"], error["kind"]) == (13, "box_bound")
    assert "印章盒拒绝了操作" in error["message"] and "another platform" in error["message"]
    with admin(platform) as client:
        assert client.get(f"{API}/sealbox/boxes").json()["boxes"] == []
    after = show(state)
    assert after["bound"] and after == before  # the box is as it was: its grant still open
    english = sealbox(sims, "bind", "--box", "ZGY_GL", "--name", "财务章", "--lang", "en")
    assert english.code == 13, english.stdout
    assert english.json["error"]["message"].startswith("The seal box refused: bound")  # type: ignore[index]


def as_person(server: ServerProcess, phone: str, folder: Path) -> dict[str, str]:
    """The environment of a person's own `sealdesk` on their own computer: their session
    (an SMS login) kept in their own config folder."""
    with sms_login(server, phone) as client:
        token = str(client.headers["Authorization"]).removeprefix("Bearer ")
    folder.mkdir(parents=True)
    (folder / "platform-token.json").write_text(json.dumps({server.url: token}))
    return {"SEALDESK_CONFIG_DIR": str(folder)}


@pytest.mark.timeout(400)
def test_apply_list_approve_reject_boxes_as_processes(
    platform: ServerProcess, sims: Simulators, tmp_path: Path
):
    """用印申请 to 审批 through the CLI only: the applicant applies with `apply` (its fields,
    the count and the window), the box's keeper lists `applications` to do, `reject` with a
    blank reason is refused and changes nothing, one is rejected with a reason and one
    approved; each sees the outcome in their own view, and `boxes` shows the keeper the box."""
    sims.start("GL", "ZGY_GL", tmp_path / "gl")
    applicant_id = person("张三", "13800000001")
    keeper_id = person("李四", "13800000002")
    role = done(sealbox(sims, "role", "13800000002", "keeper"))["person"]
    done(sealbox(sims, "bind", "--box", "ZGY_GL", "--name", "财务章"))
    kept = done(sealbox(sims, "keepers", "--box", "财务章", "13800000002", "--if-match", "0"))
    # made on a version another admin replaced since: exit 11 stale, nothing changed
    for stale in (
        sealbox(sims, "keepers", "--box", "财务章", "--if-match", "0"),
        sealbox(sims, "role", "13800000002", "member", "--if-match", str(role["seq"] - 1)),
    ):
        assert stale.code == 11, stale.stdout + stale.stderr
        said = stale.json["error"]  # type: ignore[index]
        assert said["server"]["kind"] == "stale" and "本次修改未执行" in said["message"], said
    assert kept["box"]["keepers_seq"] > 0
    server = ("--server", platform.url)
    applicant = as_person(platform, "13800000001", tmp_path / "zhang")
    keeper = as_person(platform, "13800000002", tmp_path / "li")

    def apply(reason: str, *more: str) -> dict[str, Any]:
        args = ("apply", *server, "--box", "财务章", "--reason", reason, *more)
        return done(sealbox(sims, *args, env=applicant))["application"]  # type: ignore[no-any-return]

    first = apply(
        "采购合同盖章", "--count", "3", "--end", "+2h", "--file-name", "采购合同.pdf",
        "--file-type", "合同", "--copies", "2", "--note", "加急",
    )  # fmt: skip
    assert (first["state"], first["applicant_id"], first["count"]) == ("pending", applicant_id, 3)
    assert (first["file_name"], first["file_type"], first["copies"], first["note"]) == (
        "采购合同.pdf", "合同", 2, "加急",
    )  # fmt: skip
    assert 7100 <= first["not_after"] - first["not_before"] <= 7300
    assert [[p["id"] for p in step] for step in first["steps"]] == [[keeper_id]]
    second = apply("劳动合同盖章", "--count", "0", "--start", "+1h", "--end", "+1d")
    assert second["count"] == 0 and second["not_before"] > time.time() + 3000
    for bad, said in (
        (("--count", "501", "--end", "+1h"), "usage"),
        (("--count", "1", "--end", "明天"), "time"),
        (("--count", "1", "--end", "+1h", "--note", "长" * 121), "invalid_app_note"),  # unsent
    ):
        refused = sealbox(sims, "apply", *server, "--box", "财务章", "--reason", "x", *bad,
                          env=applicant)  # fmt: skip
        assert refused.code in (2, 11) and refused.json["error"]["kind"] == said, refused.stdout  # type: ignore[index]

    todo = done(sealbox(sims, "applications", *server, env=keeper))["applications"]
    assert {a["id"]: a["reason"] for a in todo} == {
        first["id"]: "采购合同盖章",
        second["id"]: "劳动合同盖章",
    }
    assert all(a["applicant_name"] == "张三" for a in todo)
    assert done(sealbox(sims, "applications", *server, env=applicant))["applications"] == []

    blank = sealbox(sims, "reject", *server, first["id"], "--reason", "   ", env=keeper)
    assert blank.code == 2 and blank.json["error"]["kind"] == "invalid_reason", blank.stdout  # type: ignore[index]
    assert "驳回必须填写理由" in blank.json["error"]["message"]  # type: ignore[index]  # as the dialog
    for wrong_id in ("not-an-id", "00000000-0000-4000-8000-000000000000"):
        unknown = sealbox(sims, "approve", *server, wrong_id, env=keeper)
        assert unknown.code == 5, unknown.stdout
        assert unknown.json["error"]["kind"] == "unknown_application"  # type: ignore[index]
    missing = sealbox(sims, "reject", *server, first["id"], env=keeper)
    assert missing.code == 2 and missing.json["error"]["kind"] == "usage"  # type: ignore[index]
    not_mine = sealbox(sims, "approve", *server, first["id"], env=applicant)  # not an approver
    assert not_mine.code == 11 and not_mine.json["error"]["server"]["code"] == 403  # type: ignore[index]
    still = done(sealbox(sims, "applications", *server, "--view", "todo", env=keeper))
    assert len(still["applications"]) == 2  # nothing was decided

    rejected = done(
        sealbox(sims, "reject", *server, first["id"], "--reason", "预算未批", env=keeper)
    )["application"]
    assert rejected["state"] == "rejected"
    assert [(d["name"], d["decision"], d["reason"]) for d in rejected["decisions"]] == [
        ("李四", "rejected", "预算未批")
    ]
    approved = done(sealbox(sims, "approve", *server, second["id"], env=keeper))["application"]
    assert approved["state"] == "approved"
    again = sealbox(sims, "approve", *server, first["id"], env=keeper)
    assert again.code == 11 and again.json["error"]["server"]["kind"] == "not_pending"  # type: ignore[index]

    assert done(sealbox(sims, "applications", *server, env=keeper))["applications"] == []
    decided = done(sealbox(sims, "applications", *server, "--view", "done", env=keeper))
    assert {a["reason"]: a["state"] for a in decided["applications"]} == {
        "采购合同盖章": "rejected",
        "劳动合同盖章": "approved",
    }
    mine = done(sealbox(sims, "applications", *server, "--view", "mine", env=applicant))
    assert {a["reason"]: a["state"] for a in mine["applications"]} == {
        "采购合同盖章": "rejected",
        "劳动合同盖章": "approved",
    }
    text = run_cli("sealbox", "applications", *server, "--view", "mine", env=applicant)
    assert text.code == 0 and "rejected  张三  采购合同盖章" in text.stdout, text.stdout

    boxes = done(sealbox(sims, "boxes", *server, env=keeper))["boxes"]
    assert [(b["name"], b["model"], b["screen"], b["lock"]) for b in boxes] == [
        ("财务章", "GL", "请授权使用", "none")
    ]
    assert [k["name"] for k in boxes[0]["keepers"]] == ["李四"] and boxes[0]["open_grant"] is None
    listed = run_cli("sealbox", "boxes", *server, env=keeper)
    assert listed.code == 0 and "财务章  GL" in listed.stdout and "管章人: 李四" in listed.stdout

    # the approved one granted from its application: the box counts its uses
    granted = done(sealbox(sims, "grant", "--box", "财务章", "--application", second["id"]))
    assert granted["grant"]["user_id"] == applicant_id and granted["delivered"]
    assert done(sealbox(sims, "boxes"))["boxes"][0]["open_grant"]["count"] == 0
    every = done(sealbox(sims, "applications", "--view", "all"))["applications"]
    assert {a["reason"]: a["state"] for a in every} == {
        "采购合同盖章": "rejected",
        "劳动合同盖章": "granted",
    }
