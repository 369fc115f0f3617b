"""`sealdesk platform certificate` (申请数字证书, seed 004 S4:130-169) as a user runs it, logged
in with the SoftHSM2 demo key, against the server on PostgreSQL: the request shown after it is
made and signed with the key (its PIN), refused without the agreement or with a wrong PIN
before anything is sent, refused for a role without the right (403), values refused here,
and read from the local store offline."""

from __future__ import annotations

from sealdesk.app import platform
from sealdesk.app.demo import DemoKey
from tests.conftest import run_cli
from tests.platform_env import ServerProcess

PIN = {"SEALDESK_PIN": "123456"}
ID_NUMBER = "11010519491231002X"
GOOD = ["--name", "张三", "--id-number", ID_NUMBER, "--phone", "13812345678"]


def _request(*extra: str, pin: str = "123456") -> tuple[int, dict]:  # type: ignore[type-arg]
    result = run_cli(
        "platform",
        "certificate",
        "request",
        *GOOD,
        "--email",
        "zs@example.com",
        *extra,
        "--json",
        env={"SEALDESK_PIN": pin},
    )
    return result.code, result.json  # type: ignore[return-value]


def test_request_then_show(demo_server: ServerProcess):
    login = run_cli("platform", "login", "--server", demo_server.url, "--json", env=PIN)
    assert login.code == 0, login.stdout + login.stderr

    before = run_cli("platform", "certificate", "show", "--json")
    assert before.code == 0, before.stdout
    assert before.json["state"] == "none" and before.json["handler_name"] is None
    assert before.json["credit_code"] == "91310115MA1K3YJ12G"
    text = run_cli("platform", "certificate", "show")
    assert "数字证书: 未申请" in text.stdout and "序列号" not in text.stdout

    # without 《数字证书订户协议》: refused before the key is asked, nothing is kept
    code, refused = _request()
    assert code == 2 and refused["error"]["kind"] == "invalid_agreement", refused
    assert "《数字证书订户协议》" in refused["error"]["message"]
    # the request is signed with the unit's key: a wrong PIN is the key's refusal
    code, wrong = _request("--agree", pin="000000")
    assert code != 0 and wrong["error"]["kind"].startswith("pin_"), wrong
    assert run_cli("platform", "certificate", "show", "--json").json["state"] == "none"

    # values refused here, before anything is sent
    for args, field in (
        (["--phone", "1381234567"], "phone"),
        (["--id-number", "110105194912310021"], "id_number"),
        (["--email", "zs@example"], "email"),
    ):
        bad = run_cli(
            "platform",
            "certificate",
            "request",
            *GOOD,
            "--email",
            "zs@example.com",
            *args,
            "--agree",
            "--json",
        )
        assert bad.code == 2 and bad.json["error"]["kind"] == f"invalid_{field}", bad.stdout

    code, done = _request("--agree")
    assert code == 0, done
    assert done["state"] == "issued" and done["handler_name"] == "张三"
    shown = run_cli("platform", "certificate", "show", "--json").json
    assert shown["state"] == "issued" and shown["handler_name"] == "张三"
    cert = shown["certificate"]
    assert cert["credit_code"] == "91310115MA1K3YJ12G" and cert["valid"] is True
    words = run_cli("platform", "certificate", "show").stdout
    for label in (
        "数字证书: 已申请",
        "经办人: 张三",
        "颁发对象",
        "颁发者",
        "证件号: 91310115MA1K3YJ12G",
    ):
        assert label in words, words
    assert f"序列号: {cert['serial']}" in words and "有效性: 有效" in words
    assert f"DN: {cert['subject']}" in words

    # offline: the last answer, from the local store, exit 12
    demo_server.stop()
    offline = run_cli("platform", "certificate", "show", "--json")
    assert offline.code == 12 and offline.json["offline"] is True
    assert offline.json["certificate"]["state"] == "issued"
    unreachable = _request("--agree")
    assert unreachable[0] == 12 and unreachable[1]["error"]["kind"] == "server_unreachable"


def test_a_role_without_the_right_is_refused(demo_server: ServerProcess, demo_key: DemoKey):
    login = run_cli("platform", "login", "--server", demo_server.url, "--json", env=PIN)
    assert login.code == 0, login.stdout + login.stderr
    platform.add_person(name="王五", phone="13900000001", id_number=None, roles=["people_admin"])
    platform.logout()
    demo_server.send_code("13900000001")
    lines = demo_server.sms_sink.read_text("utf-8").splitlines()
    code = [line.split()[2] for line in lines if line.split()[1] == "13900000001"][-1]
    platform.login_sms(demo_server.url, "13900000001", code)

    shown = run_cli("platform", "certificate", "show", "--json")
    assert shown.code == 11 and shown.json["error"]["server"]["code"] == 403, shown.stdout
    refused, body = _request("--agree")
    assert refused == 11 and body["error"]["server"]["code"] == 403, body
