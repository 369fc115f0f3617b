"""The application layer's platform calls the window uses, against the server on PostgreSQL:
account login (the server asks for an SMS code while a person has no password), editing a
person, roles, departments, someone who left added again under their own record, the operation
log kept for reading offline, and values refused here before anything is kept or sent."""

from __future__ import annotations

from typing import Any

import pytest

from sealdesk.app import platform
from sealdesk.app.demo import DEMO_USER_PIN, DemoKey
from sealdesk.app.keys import open_module
from sealdesk.app.settings import Settings
from sealdesk.sync.client import ServerRefused
from tests.conftest import run_cli
from tests.platform_env import ServerProcess


def _login(server: ServerProcess, demo_key: DemoKey) -> platform.LoginResult:
    module, _ = open_module(demo_key.module_path, Settings())
    return platform.login(server.url, module=module, label=None, pin=lambda _t: DEMO_USER_PIN)


def _sms_code(server: ServerProcess, phone: str) -> str:
    lines = server.sms_sink.read_text("utf-8").splitlines()
    return [line.split()[2] for line in lines if line.split()[1] == phone][-1]


def _person(phone: str) -> dict[str, Any]:
    return next(p for p in platform.view().people if p["phone"] == phone)


def test_account_login_by_sms_then_password(demo_server: ServerProcess, demo_key: DemoKey):
    _login(demo_server, demo_key)
    platform.add_person(name="王五", phone="13900000001", id_number=None, roles=[])
    platform.logout()
    assert not platform.status().logged_in

    with pytest.raises(ServerRefused) as asked:
        platform.login_password(demo_server.url, "13900000001", "whatever1")
    assert (asked.value.status, asked.value.kind) == (401, "password_not_set")
    with pytest.raises(ServerRefused) as unknown:  # not added by any unit: not told apart
        platform.login_password(demo_server.url, "13900000009", "whatever1")
    assert unknown.value.kind == "login_failed"

    # 图形验证码: each picture answers one send, right or wrong; any case
    sent_before = _sms_lines(demo_server)
    picture = platform.captcha(demo_server.url)
    assert picture.png.startswith(b"\x89PNG") and picture.expires_in == 120
    with pytest.raises(platform.InvalidInput) as blank:
        platform.send_sms(demo_server.url, "13900000001", picture.captcha_id, " ")
    assert blank.value.field == "captcha"
    with pytest.raises(ServerRefused) as misread:
        platform.send_sms(demo_server.url, "13900000001", picture.captcha_id, "WRONG")
    assert (misread.value.status, misread.value.kind) == (401, "captcha_invalid")
    right = demo_server.answer(picture.captcha_id)
    with pytest.raises(ServerRefused) as used:
        platform.send_sms(demo_server.url, "13900000001", picture.captcha_id, right)
    assert used.value.kind == "captcha_invalid"
    assert _sms_lines(demo_server) == sent_before  # no code went out
    picture = platform.captcha(demo_server.url)
    right = demo_server.answer(picture.captcha_id).lower()
    assert platform.send_sms(demo_server.url, "13900000001", picture.captcha_id, right) == 300
    with pytest.raises(ServerRefused) as wrong:
        platform.login_sms(demo_server.url, "13900000001", "000000")
    assert wrong.value.kind == "sms_code_invalid"
    code = _sms_code(demo_server, "13900000001")
    result = platform.login_sms(demo_server.url, "13900000001", code)
    assert result.warnings == ("set_password",) and result.user["name"] == "王五"
    status = platform.status()
    assert status.logged_in and status.user is not None and status.user["name"] == "王五"
    assert status.may("people.read") and not status.may("people.write")
    assert not status.may("audit.read") and status.unit_name == "上海示例科技有限公司"

    with pytest.raises(platform.InvalidInput) as weak:
        platform.set_password("abcdefgh")
    assert (weak.value.field, weak.value.reason) == ("password", "rule")
    platform.set_password("abcd1234")
    platform.logout()
    again = platform.login_password(demo_server.url, "139 0000 0001", "abcd1234")
    assert again.user["phone"] == "13900000001" and again.warnings == ()
    with pytest.raises(ServerRefused) as refused:  # a member may not read the log
        platform.audit_log()
    assert refused.value.status == 403

    # the same account on the command line (a member has no key): the password from
    # SEALDESK_PASSWORD, never asked without a terminal; a bad phone before anything is asked
    platform.logout()
    cli = ("platform", "login", "--server", demo_server.url, "--json")
    nothing = run_cli(*cli, "--phone", "13900000001", env={"SEALDESK_PASSWORD": None})  # type: ignore[dict-item]
    assert (nothing.code, nothing.json["error"]["kind"]) == (2, "password_missing")  # type: ignore[index]
    bad = run_cli(*cli, "--phone", "1390000", env={"SEALDESK_PASSWORD": "abcd1234"})
    assert bad.code == 2, bad.stdout + bad.stderr
    wrong = run_cli(*cli, "--phone", "13900000001", env={"SEALDESK_PASSWORD": "abcd9999"})
    assert (wrong.code, wrong.json["error"]["server"]["kind"]) == (11, "login_failed")  # type: ignore[index]
    assert "还可尝试 4 次" in wrong.json["error"]["message"]  # type: ignore[index]
    done = run_cli(*cli, "--phone", "13900000001", env={"SEALDESK_PASSWORD": "abcd1234"})
    assert done.code == 0, done.stdout + done.stderr
    assert done.json["user"]["name"] == "王五"  # type: ignore[index]
    assert platform.status().user["name"] == "王五"  # type: ignore[index]


BAD = [
    (" ", "13800000000", None, "name", "empty"),
    ("a" * 51, "13800000000", None, "name", "too_long"),
    ("x\x07", "13800000000", None, "name", "control"),
    ("张三", "12800000000", None, "phone", "format"),
    ("张三", "1380000000", None, "phone", "format"),
    ("张三", "13800000000", "1101051949", "id_number", "format"),
    ("张三", "13800000000", "110105194912310021", "id_number", "check"),
]


def test_bad_values_are_refused_before_anything_is_kept(
    demo_server: ServerProcess, demo_key: DemoKey
):
    _login(demo_server, demo_key)
    for name, phone, id_number, field, reason in BAD:
        with pytest.raises(platform.InvalidInput) as refused:
            platform.add_person(name=name, phone=phone, id_number=id_number, roles=[])
        assert (refused.value.field, refused.value.reason) == (field, reason)
    for entity in ("", "has space", "x" * 65, "中文"):
        with pytest.raises(platform.InvalidInput):
            platform.add_whitelist(entity, "", None)
    with pytest.raises(platform.InvalidInput):
        platform.add_department("  ")
    with pytest.raises(platform.InvalidInput):
        platform.login_password("platform.example", "13800000000", "x")
    assert platform.status().outbox == 0 and len(platform.view().people) == 1


def test_edit_roles_departments_readd_and_the_log_offline(
    demo_server: ServerProcess, demo_key: DemoKey
):
    _login(demo_server, demo_key)
    zhang = platform.add_person(name="张三", phone="13812345678", id_number=None, roles=[])
    holder = next(p for p in platform.view().people if p["key_holder"])
    with pytest.raises(platform.InvalidInput):
        platform.edit_person(
            holder["id"], name="改名", phone="13800000000", id_number=None, department_id=None
        )

    finance = platform.add_department("财务部")
    edited = platform.edit_person(
        zhang["id"],
        name="张三丰",
        phone="13812345678",
        id_number="11010519491231002x",
        department_id=finance["id"],
    )
    assert edited["name"] == "张三丰" and edited["id_number"] == "11010519491231002X"
    assert edited["department_id"] == finance["id"] and not edited["pending"]
    unchanged = platform.edit_person(
        zhang["id"],
        name="张三丰",
        phone="13812345678",
        id_number="11010519491231002X",
        department_id=finance["id"],
    )
    assert unchanged == edited and platform.status().outbox == 0

    with_roles = platform.set_roles(zhang["id"], ["auditor", "people_admin"])
    assert set(with_roles["roles"]) == {"auditor", "people_admin", "member"}
    platform.remove_department(finance["id"])
    assert platform.departments() == []
    assert _person("13812345678")["department_id"] is None  # moved to 未加入部门

    left = platform.remove_person(zhang["id"])
    assert left["status"] == "left" and left["roles"] == []
    with pytest.raises(platform.InvalidInput):
        platform.set_roles(zhang["id"], ["auditor"])
    back = platform.add_person(name="张三丰", phone="13812345678", id_number=None, roles=[])
    assert back["id"] == zhang["id"] and back["status"] == "active" and not back["pending"]
    assert [p["phone"] for p in platform.view().people].count("13812345678") == 1

    log = platform.audit_log()
    actions = [e["action"] for e in log]
    assert actions[0] == "person.add" and "roles.set" in actions and "person.edit" in actions
    assert [e["id"] for e in log] == sorted((e["id"] for e in log), reverse=True)
    demo_server.stop()
    with pytest.raises(platform.Offline) as offline:
        platform.audit_log()
    assert offline.value.result == log  # what was read before, kept here
    assert offline.value.last_sync is not None


def _sms_lines(server: ServerProcess) -> int:
    sink = server.sms_sink
    return len(sink.read_text().splitlines()) if sink.exists() else 0
