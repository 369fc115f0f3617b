"""The window's 平台 page driven with the mouse and keys against a real server process (over
PostgreSQL), logged in with the SoftHSM2 demo key through the PIN dialog: people added by typing
in the form, refused input said by its field, edited, removed (离职) and added again, roles,
the whitelist, the operation log; offline (the server stopped) the banner, read-only pages and
the time of the last sync, then 同步 once it is back; account login with the SMS code step the
server asks for, a person without rights told why; English messages in the English window."""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialogButtonBox,
    QListWidget,
    QMessageBox,
    QTableWidget,
    QTabWidget,
    QWidget,
)

from sealdesk.app.demo import DEMO_UNIT, DEMO_USER_PIN, DemoKey
from sealdesk.app.settings import Settings
from sealdesk.desktop import i18n
from sealdesk.desktop.gui.key_service import KeyService
from sealdesk.desktop.gui.main_window import MainWindow
from sealdesk.desktop.gui.platform_page import PlatformPage
from tests.platform_env import API, Postgres, ServerProcess, postgres

__all__ = ["postgres"]

LEFT = Qt.MouseButton.LeftButton
ID_NUMBER = "11010519491231002X"  # a well-formed 居民身份证号 (check character X)


@pytest.fixture(autouse=True)
def _own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEALDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SEALDESK_DATA_DIR", str(tmp_path / "data"))
    i18n.set_language("zh")


@pytest.fixture
def server(postgres: Postgres, demo_key: DemoKey, tmp_path: Path) -> Iterator[ServerProcess]:
    """The platform over a new PostgreSQL database, trusting the demo key's root."""
    process = ServerProcess(postgres.database(), [demo_key.root_ca_pem], tmp_path).start()
    yield process
    process.stop()


@pytest.fixture
def window(qtbot, demo_key: DemoKey):  # type: ignore[no-untyped-def]
    service = KeyService(module_option=demo_key.module_path, settings=Settings())
    win = MainWindow(service)
    qtbot.addWidget(win)
    win.resize(1180, 780)
    win.show()
    with qtbot.waitSignal(service.snapshot, timeout=10000):
        service.refresh()
    yield win
    win.close()
    service.shutdown()


# --- steps as a person takes them ---------------------------------------------------------------


def click(qtbot: Any, widget: QWidget, at: QPoint | None = None) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget
    qtbot.mouseClick(widget, LEFT, pos=at if at is not None else widget.rect().center())


def type_into(qtbot: Any, edit: QWidget, text: str) -> None:
    """Click into the field, select what is there, type over it (Chinese arrives as an input
    method commits it: QTest types ASCII only)."""
    click(qtbot, edit)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    if text.isascii():
        qtbot.keyClicks(edit, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(edit, event)


def open_platform(qtbot: Any, win: MainWindow) -> PlatformPage:
    row = next(i for i in range(win.nav.count()) if win.nav.item(i).text().endswith("平台"))
    rect = win.nav.visualItemRect(win.nav.item(row))
    qtbot.mouseClick(win.nav.viewport(), LEFT, pos=rect.center())
    page = win.pages["platform"]
    assert win.stack.currentWidget() is page
    idle(qtbot, page)
    return page  # type: ignore[return-value]


def idle(qtbot: Any, page: PlatformPage, timeout: int = 60000) -> None:
    qtbot.waitUntil(lambda: not page.busy, timeout=timeout)


def choose_tab(qtbot: Any, tabs: QTabWidget, title: str) -> None:
    bar = tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def click_row(qtbot: Any, view: QAbstractItemView, text: str) -> None:
    """Click the first row whose first cell starts with ``text``."""
    if isinstance(view, QTableWidget):
        item = next(
            view.item(r, 0)
            for r in range(view.rowCount())
            if view.item(r, 0).text().startswith(text)
        )
        rect = view.visualItemRect(item)
    else:
        assert isinstance(view, QListWidget)
        item = next(
            view.item(r) for r in range(view.count()) if view.item(r).text().startswith(text)
        )
        rect = view.visualItemRect(item)
    qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())


def column(table: QTableWidget, n: int) -> list[str]:
    return [table.item(r, n).text() for r in range(table.rowCount())]


def row_of(table: QTableWidget, text: str) -> list[str]:
    for r in range(table.rowCount()):
        if table.item(r, 0).text().startswith(text):
            return [table.item(r, c).text() for c in range(table.columnCount())]
    raise AssertionError(f"no row {text}: {column(table, 0)}")


def visible(get: Any) -> Any:
    widget = get()
    return widget is not None and widget.isVisible()


def press(qtbot: Any, buttons: QDialogButtonBox, which: QDialogButtonBox.StandardButton) -> None:
    click(qtbot, buttons.button(which))


def yes(qtbot: Any, box: QMessageBox) -> None:
    qtbot.waitUntil(box.isVisible, timeout=5000)
    click(qtbot, box.button(QMessageBox.StandardButton.Yes))


def ukey_login(qtbot: Any, page: PlatformPage, server: ServerProcess, pin: str) -> None:
    """The server's address typed, UKey 登录, the PIN typed into the PIN dialog and Enter."""
    login = page.login
    type_into(qtbot, login.server, server.url)
    click(qtbot, login.ukey_button)
    qtbot.waitUntil(lambda: visible(lambda: login.pin_dialog), timeout=10000)
    dialog = login.pin_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.edit, pin)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    idle(qtbot, page)


def token(server: ServerProcess) -> str:
    from sealdesk.app.settings import config_dir

    tokens = json.loads((config_dir() / "platform-token.json").read_text("utf-8"))
    return str(tokens[server.url])


def api(server: ServerProcess, path: str) -> Any:
    reply = httpx.get(
        f"{server.url}{API}{path}",
        headers={"Authorization": f"Bearer {token(server)}"},
        timeout=30,
    )
    reply.raise_for_status()
    return reply.json()


def outbox() -> int:
    from sealdesk.app.platform import local

    return local().outbox_size()


# --- the tests -----------------------------------------------------------------------------------


def test_ukey_login_people_roles_whitelist_and_log(qtbot, window: MainWindow, server):  # type: ignore[no-untyped-def]
    page = open_platform(qtbot, window)
    assert page.stack.currentWidget() is page.login

    # a wrong PIN: the dialog comes back saying so; then the right one
    ukey_login(qtbot, page, server, "000000")
    qtbot.waitUntil(lambda: visible(lambda: page.login.pin_dialog), timeout=10000)
    dialog = page.login.pin_dialog
    assert dialog is not None and "PIN 码错误" in dialog.problem.text()
    qtbot.keyClicks(dialog.edit, DEMO_USER_PIN)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    idle(qtbot, page)
    assert page.stack.currentWidget() is page.session, page.feedback.text()
    assert DEMO_UNIT.name in page.who.text() and "超级管理员" in page.who.text()
    assert "上次同步：" in page.last_sync.text() and not page.banner.isVisible()
    people = page.people
    assert row_of(people.table, "")[4] == "超级管理员"  # the key holder, the only one yet

    # 添加人员: a wrong phone is said by its field, nothing kept or sent
    click(qtbot, people.add_button)
    qtbot.waitUntil(lambda: visible(lambda: people.person_dialog), timeout=5000)
    form = people.person_dialog
    assert form is not None
    type_into(qtbot, form.name, "张三")
    type_into(qtbot, form.phone, "1381234567")
    type_into(qtbot, form.id_number, ID_NUMBER)
    click(qtbot, form.ok)
    assert form.isVisible() and "手机号应为 11 位" in form.problem.text()
    type_into(qtbot, form.id_number, "110105194912310021")
    type_into(qtbot, form.phone, "13812345678")
    click(qtbot, form.ok)
    assert form.isVisible() and "校验位" in form.problem.text()
    assert outbox() == 0 and people.table.rowCount() == 1
    type_into(qtbot, form.id_number, ID_NUMBER)
    click(qtbot, form.ok)
    idle(qtbot, page)
    assert not form.isVisible(), form.problem.text()
    assert page.feedback.text() == "已添加人员 张三。"
    zhang = row_of(people.table, "张三")
    assert zhang[1:3] == ["13812345678", ID_NUMBER] and zhang[5] == "在职"
    on_server = {p["name"]: p for p in api(server, "/people")["people"]}
    assert on_server["张三"]["id_number"] == ID_NUMBER and outbox() == 0

    # the same phone again: the server refuses (409), said in the form; nothing stays here
    click(qtbot, people.add_button)
    qtbot.waitUntil(lambda: visible(lambda: people.person_dialog), timeout=5000)
    form = people.person_dialog
    type_into(qtbot, form.name, "李四")
    type_into(qtbot, form.phone, "13812345678")
    click(qtbot, form.ok)
    idle(qtbot, page)
    assert form.isVisible() and "该手机号已被其他人员使用" in form.problem.text()
    assert "李四" not in " ".join(column(people.table, 0)) and outbox() == 0
    press(qtbot, form.buttons, QDialogButtonBox.StandardButton.Cancel)

    # 部门管理: a department, then 张三 edited into it and renamed
    click(qtbot, people.departments_button)
    departments = people.departments_dialog
    assert departments is not None
    qtbot.waitUntil(departments.isVisible, timeout=5000)
    type_into(qtbot, departments.name, "财务部")
    click(qtbot, departments.add_button)
    idle(qtbot, page)
    assert [departments.list.item(i).text() for i in range(departments.list.count())] == ["财务部"]
    departments.reject()
    click_row(qtbot, people.table, "张三")
    click(qtbot, people.edit_button)
    qtbot.waitUntil(lambda: visible(lambda: people.person_dialog), timeout=5000)
    form = people.person_dialog
    type_into(qtbot, form.name, "张三丰")
    form.department.setCurrentIndex(form.department.findText("财务部"))
    click(qtbot, form.ok)
    idle(qtbot, page)
    assert not form.isVisible(), form.problem.text()
    assert row_of(people.table, "张三丰")[3] == "财务部"
    on_server = {p["phone"]: p for p in api(server, "/people")["people"]}
    assert on_server["13812345678"]["name"] == "张三丰"
    assert on_server["13812345678"]["department_id"] is not None

    # 字母 (seed 004) chosen by typing on the box, and initials in the search box
    everyone = column(people.table, 0)
    people.letter.setFocus()
    qtbot.keyClicks(people.letter, "Z")
    assert people.letter.currentText() == "Z" and column(people.table, 0) == ["张三丰"]
    qtbot.wait(QApplication.keyboardInputInterval() + 100)  # a new search, not "ZS"
    qtbot.keyClicks(people.letter, "S")  # the unit's key holder, 上海…
    assert column(people.table, 0) and "张三丰" not in column(people.table, 0)
    qtbot.keyClick(people.letter, Qt.Key.Key_Home)
    assert column(people.table, 0) == everyone
    type_into(qtbot, people.search, "zsf")
    assert column(people.table, 0) == ["张三丰"]
    type_into(qtbot, people.search, "")
    assert column(people.table, 0) == everyone

    # 角色管理: 审计员 ticked with the mouse, 保存
    choose_tab(qtbot, page.tabs, "角色管理")
    roles = page.roles
    click_row(qtbot, roles.people, "张三丰")
    auditor = roles.checks["auditor"]
    assert not auditor.isChecked()
    click(qtbot, auditor, QPoint(8, auditor.height() // 2))
    click(qtbot, roles.save_button)
    idle(qtbot, page)
    assert page.feedback.text() == "已保存 张三丰 的角色。"
    assert "auditor" in on_server_person(server, "13812345678")["roles"]
    assert row_of(roles.members, "审计员")[1] == "张三丰"

    # 白名单: a key added by typing, then removed after a confirmation; the main key stays
    choose_tab(qtbot, page.tabs, "白名单")
    whitelist = page.whitelist
    type_into(qtbot, whitelist.entity, "bad id!")
    click(qtbot, whitelist.add_button)
    assert "通用实体唯一标识只能包含" in page.feedback.text() and outbox() == 0
    type_into(qtbot, whitelist.entity, "KEY-0002")
    type_into(qtbot, whitelist.label, "财务")
    click(qtbot, whitelist.add_button)
    idle(qtbot, page)
    assert row_of(whitelist.table, "KEY-0002")[1] == "财务"
    assert {w["entity_id"] for w in api(server, "/whitelist")["whitelist"]} == {
        DEMO_UNIT.entity_id,
        "KEY-0002",
    }
    click_row(qtbot, whitelist.table, DEMO_UNIT.entity_id)
    assert not whitelist.remove_button.isEnabled()  # 主UKey
    click_row(qtbot, whitelist.table, "KEY-0002")
    click(qtbot, whitelist.remove_button)
    assert whitelist.confirm_box is not None
    yes(qtbot, whitelist.confirm_box)
    idle(qtbot, page)
    assert column(whitelist.table, 0) == [DEMO_UNIT.entity_id]

    # 移除 → 离职 (no role left), then 重新加入 under the same record
    choose_tab(qtbot, page.tabs, "人员管理")
    click_row(qtbot, people.table, "张三丰")
    click(qtbot, people.remove_button)
    assert people.confirm_box is not None
    yes(qtbot, people.confirm_box)
    idle(qtbot, page)
    assert row_of(people.table, "张三丰")[5] == "离职"
    assert on_server_person(server, "13812345678")["status"] == "left"
    click_row(qtbot, people.table, "张三丰")
    assert not people.edit_button.isEnabled()
    click(qtbot, people.readd_button)
    idle(qtbot, page)
    assert column(people.table, 0).count("张三丰") == 1
    assert row_of(people.table, "张三丰")[5] == "在职"
    everyone = api(server, "/people")["people"]
    assert [p["status"] for p in everyone if p["phone"] == "13812345678"] == ["active"]

    # 操作日志: what was done here, in words, newest first
    choose_tab(qtbot, page.tabs, "操作日志")
    idle(qtbot, page)
    actions = column(page.audit.table, 3)
    for done in ("UKey 登录", "添加人员", "编辑人员", "设置角色", "加入白名单", "移除人员"):
        assert done in actions, actions
    assert actions[:2] == ["添加人员", "移除人员"]  # newest first: 重新加入 is an add
    assert any("duplicate_phone" in r for r in column(page.audit.table, 5))


def on_server_person(server: ServerProcess, phone: str) -> dict[str, Any]:
    return next(p for p in api(server, "/people")["people"] if p["phone"] == phone)


def test_offline_read_only_with_banner_then_sync(qtbot, window: MainWindow, server):  # type: ignore[no-untyped-def]
    page = open_platform(qtbot, window)
    ukey_login(qtbot, page, server, DEMO_USER_PIN)
    assert page.stack.currentWidget() is page.session
    choose_tab(qtbot, page.tabs, "操作日志")
    idle(qtbot, page)
    read_online = page.audit.table.rowCount()
    assert read_online >= 1
    choose_tab(qtbot, page.tabs, "人员管理")
    before = page.last_sync.text()

    server.stop()
    click(qtbot, page.sync_button)
    idle(qtbot, page)
    assert page.banner.isVisible()
    assert "离线" in page.banner.text() and server.url in page.banner.text()
    assert re.search(r"上次同步：\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", page.banner.text())
    assert page.last_sync.text() == before  # the last sync that worked
    # read-only: the list is there, every change disabled
    assert page.people.table.rowCount() == 1
    assert not page.people.add_button.isEnabled()
    click_row(qtbot, page.people.table, "")
    assert not page.people.remove_button.isEnabled()
    choose_tab(qtbot, page.tabs, "角色管理")
    assert not page.roles.save_button.isEnabled()
    assert not any(c.isEnabled() for c in page.roles.checks.values())
    choose_tab(qtbot, page.tabs, "白名单")
    assert not page.whitelist.add_button.isEnabled()
    assert page.whitelist.table.rowCount() == 1
    # the window opened again while offline: the session from the local store, the banner
    again = PlatformPage(window.service)
    qtbot.addWidget(again)
    idle(qtbot, again)
    assert again.stack.currentWidget() is again.session
    assert again.banner.isVisibleTo(again) and "离线" in again.banner.text()
    assert again.people.table.rowCount() == 1 and not again.people.add_button.isEnabled()
    again.shutdown()
    # the operation log kept here is still there
    choose_tab(qtbot, page.tabs, "操作日志")
    click(qtbot, page.audit.refresh_button)
    idle(qtbot, page)
    assert page.audit.table.rowCount() == read_online and page.banner.isVisible()
    assert page.sync_button.isEnabled()

    qtbot.wait(1100)  # the next sync's time differs by the second
    server.start()
    click(qtbot, page.sync_button)
    idle(qtbot, page)
    assert not page.banner.isVisible(), page.feedback.text()
    assert page.feedback.text().startswith("已同步")
    assert page.last_sync.text() != before
    choose_tab(qtbot, page.tabs, "人员管理")
    assert page.people.add_button.isEnabled()

    # the session ended on the server (logged out elsewhere): back to the login, said why
    httpx.post(
        f"{server.url}{API}/auth/logout",
        headers={"Authorization": f"Bearer {token(server)}"},
        timeout=30,
    ).raise_for_status()
    click(qtbot, page.sync_button)
    idle(qtbot, page)
    assert page.stack.currentWidget() is page.login
    assert page.feedback.text() == "登录已失效，请重新登录。"


def picture_shown(qtbot: Any, login: Any, other_than: str = "") -> str:
    """The id of the 图形验证码 picture once one (another than ``other_than``) is shown."""
    qtbot.waitUntil(
        lambda: (
            login.captcha_id not in ("", other_than) and not login.captcha_image.icon().isNull()
        ),
        timeout=10000,
    )
    return str(login.captcha_id)


def sms_code(server, phone: str) -> str:  # type: ignore[no-untyped-def]
    """The last code the development SMS sink got for ``phone``."""
    return [
        line.split()[2]
        for line in server.sms_sink.read_text("utf-8").splitlines()
        if line.split()[1] == phone
    ][-1]


def test_account_login_asks_for_the_sms_code_and_says_what_a_member_cannot_do(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, server
):
    page = open_platform(qtbot, window)
    ukey_login(qtbot, page, server, DEMO_USER_PIN)
    from sealdesk.app import platform

    platform.add_person(name="王五", phone="13900000001", id_number=None, roles=[])
    click(qtbot, page.logout_button)
    idle(qtbot, page)
    assert page.stack.currentWidget() is page.login
    assert page.feedback.text() == "已退出登录。"

    login = page.login
    choose_tab(qtbot, login.tabs, "账号登录")
    assert login.server.text() == server.url  # remembered
    type_into(qtbot, login.phone, "13900000001")
    type_into(qtbot, login.password, "anything1")
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    idle(qtbot, page)
    # no password yet: the server asks for an SMS code and the form turns to it
    assert login.sms_mode and login.code.isVisible() and not login.password.isVisible()
    assert "短信验证码" in page.feedback.text()
    # the 图形验证码 first: a misread one is refused and replaced, no code goes out
    first = picture_shown(qtbot, login)
    sent = server.sms_sink.read_text() if server.sms_sink.exists() else ""
    assert login.captcha.isVisible()
    type_into(qtbot, login.captcha, "WRONG")
    qtbot.keyClick(login.captcha, Qt.Key.Key_Return)
    idle(qtbot, page)
    assert "图形验证码错误或已过期" in page.feedback.text()
    assert picture_shown(qtbot, login, first) != first
    assert (server.sms_sink.read_text() if server.sms_sink.exists() else "") == sent
    click(qtbot, login.captcha_image)  # 看不清？换一张
    shown = picture_shown(qtbot, login, login.captcha_id)
    type_into(qtbot, login.captcha, server.answer(shown).lower())
    click(qtbot, login.send_code)
    idle(qtbot, page)
    assert "验证码已发送至 13900000001" in page.feedback.text()
    assert not login.send_code.isEnabled()  # again after a minute
    code = sms_code(server, "13900000001")
    type_into(qtbot, login.code, "12345")
    click(qtbot, login.account_button)
    idle(qtbot, page)
    assert "验证码是 6 位数字" in page.feedback.text()
    type_into(qtbot, login.code, code)
    qtbot.keyClick(login.code, Qt.Key.Key_Return)
    idle(qtbot, page)
    assert page.stack.currentWidget() is page.session, page.feedback.text()
    assert "王五（公务人员）" in page.who.text()

    # first SMS login: a password is offered; a weak one is refused in the dialog
    qtbot.waitUntil(lambda: visible(lambda: login.password_dialog), timeout=5000)
    offer = login.password_dialog
    assert offer is not None
    type_into(qtbot, offer.first, "abcdefgh")
    type_into(qtbot, offer.again, "abcdefgh")
    press(qtbot, offer.buttons, QDialogButtonBox.StandardButton.Ok)
    assert "至少包含字母、数字、符号中的两种" in offer.problem.text()
    type_into(qtbot, offer.first, "abcd1234")
    type_into(qtbot, offer.again, "abcd1234")
    press(qtbot, offer.buttons, QDialogButtonBox.StandardButton.Ok)
    idle(qtbot, page)
    assert not offer.isVisible() and page.feedback.text() == "登录密码已设置。"

    # a civil servant: people are read-only, the whitelist and the log say why not
    assert not page.people.add_button.isEnabled() and page.people.note.isVisible()
    assert "只有单位 UKey 用户或公务人员管理员" in page.people.note.text()
    choose_tab(qtbot, page.tabs, "白名单")
    assert page.whitelist.guard.currentWidget() is page.whitelist.guard.why
    choose_tab(qtbot, page.tabs, "操作日志")
    idle(qtbot, page)
    why = page.audit.guard.why
    assert page.audit.guard.currentWidget() is why
    assert "只有审计员和超级管理员可以查看操作日志" in why.text() and "公务人员" in why.text()

    # and now by phone and password; a wrong one is the server's message
    click(qtbot, page.logout_button)
    idle(qtbot, page)
    choose_tab(qtbot, login.tabs, "账号登录")
    click(qtbot, login.switch)  # 切换密码登录
    assert login.password.isVisible()
    type_into(qtbot, login.phone, "13900000001")
    type_into(qtbot, login.password, "wrong-pass1")
    click(qtbot, login.account_button)
    idle(qtbot, page)
    assert "手机号或密码错误" in page.feedback.text()
    type_into(qtbot, login.password, "abcd1234")
    click(qtbot, login.account_button)
    idle(qtbot, page)
    assert page.stack.currentWidget() is page.session and "王五" in page.who.text()

    # 忘记密码？: an SMS code and a new password; the old one no longer logs in
    click(qtbot, page.logout_button)
    idle(qtbot, page)
    choose_tab(qtbot, login.tabs, "账号登录")
    click(qtbot, login.forgot)
    assert login.mode == "reset" and login.code.isVisible() and login.password.isVisible()
    assert login.account_button.text() == "找回密码" and not login.forgot.isVisible()
    assert login.account_form.labelForField(login.password).text() == "新密码"
    type_into(qtbot, login.phone, "13900000001")
    type_into(qtbot, login.captcha, server.answer(picture_shown(qtbot, login)))
    click(qtbot, login.send_code)
    idle(qtbot, page)
    assert "验证码已发送至 13900000001" in page.feedback.text()
    type_into(qtbot, login.code, sms_code(server, "13900000001"))
    type_into(qtbot, login.password, "12345678")
    click(qtbot, login.account_button)
    idle(qtbot, page)
    assert "至少包含字母、数字、符号中的两种" in page.feedback.text()  # checked before sending
    assert login.mode == "reset"
    type_into(qtbot, login.password, "new-pass-9")
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    idle(qtbot, page)
    assert page.feedback.text().startswith("密码已重设，请用新密码登录。"), page.feedback.text()
    assert login.mode == "password" and login.password.text() == "" and login.forgot.isVisible()
    assert login.phone.text() == "13900000001"
    type_into(qtbot, login.password, "abcd1234")
    click(qtbot, login.account_button)
    idle(qtbot, page)
    assert "手机号或密码错误" in page.feedback.text()
    type_into(qtbot, login.password, "new-pass-9")
    click(qtbot, login.account_button)
    idle(qtbot, page)
    assert page.stack.currentWidget() is page.session and "王五" in page.who.text()
    click(qtbot, page.logout_button)
    idle(qtbot, page)
    choose_tab(qtbot, login.tabs, "账号登录")
    click(qtbot, login.forgot)
    click(qtbot, login.switch)  # 返回登录
    assert login.mode == "password" and not login.code.isVisible()


def test_cancel_stops_waiting_for_a_server_that_never_answers(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    """A server that takes the connection and says nothing: 取消 gives the window back at once,
    and the next attempt is not queued behind the one given up."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        page = open_platform(qtbot, window)
        login = page.login
        choose_tab(qtbot, login.tabs, "账号登录")
        type_into(qtbot, login.server, f"http://127.0.0.1:{silent.getsockname()[1]}")
        type_into(qtbot, login.phone, "13900000001")
        type_into(qtbot, login.password, "abcd1234")
        click(qtbot, login.account_button)
        qtbot.wait(500)
        assert page.busy and page.cancel_button.isVisible()
        assert not login.account_button.isEnabled()
        started = time.monotonic()
        click(qtbot, page.cancel_button)
        assert not page.busy and login.account_button.isEnabled()
        assert not page.cancel_button.isVisible() and "已取消等待" in page.feedback.text()
        type_into(qtbot, login.server, "platform.example")
        click(qtbot, login.account_button)
        idle(qtbot, page, timeout=5000)
        assert "平台地址应以 http:// 或 https:// 开头" in page.feedback.text()
        assert time.monotonic() - started < 5  # not after the 10 s timeouts of the first
    # the request given up ends as the socket closes: its thread ends within the test, not
    # later logging into a test run that has closed its streams
    page.worker.shutdown(wait=True)


def test_english_window_says_the_servers_refusal_in_english(qtbot, qapp, demo_key, server):  # type: ignore[no-untyped-def]
    from sealdesk.desktop.gui.app import install_qt_translations

    i18n.set_language("en")
    translators = install_qt_translations(qapp)
    service = KeyService(module_option=demo_key.module_path, settings=Settings())
    win = MainWindow(service)
    qtbot.addWidget(win)
    try:
        win.show()
        win.show_page("platform")
        page = win.platform
        idle(qtbot, page)
        login = page.login
        assert login.ukey_button.text() == "Log in with the key"
        choose_tab(qtbot, login.tabs, "Account")
        type_into(qtbot, login.server, "platform.example")
        type_into(qtbot, login.phone, "13900000009")
        type_into(qtbot, login.password, "abcd1234")
        click(qtbot, login.account_button)
        idle(qtbot, page)
        assert page.feedback.text().startswith("The platform's address starts with http")
        type_into(qtbot, login.server, server.url)
        click(qtbot, login.account_button)
        idle(qtbot, page)
        assert page.feedback.text() == (
            "The platform refused: Wrong phone or password, or the person was not added by a unit."
        )
        free = ServerProcess("sqlite://", [], Path("/nonexistent"))  # a port nobody serves
        type_into(qtbot, login.server, free.url)
        click(qtbot, login.account_button)
        idle(qtbot, page)
        assert page.feedback.text().startswith("The platform server http://127.0.0.1:")
        assert "cannot be reached" in page.feedback.text()
        QApplication.processEvents()
    finally:
        win.close()
        service.shutdown()
        for translator in translators:
            qapp.removeTranslator(translator)
        i18n.set_language("zh")


def test_changes_made_offline_wait_for_their_author(qtbot, window: MainWindow, server, demo_key):  # type: ignore[no-untyped-def]
    """A person's changes made offline stay through their logout and are not sent by the next
    person's session: the page says whose they are."""
    from sealdesk.app import platform
    from sealdesk.app.keys import open_module

    module, _ = open_module(demo_key.module_path, Settings())
    platform.login(server.url, module=module, label=None, pin=lambda _t: DEMO_USER_PIN)
    platform.add_person(name="王五", phone="13900000001", id_number=None, roles=["people_admin"])
    platform.logout()
    server.send_code("13900000001")
    code = server.sms_sink.read_text("utf-8").split()[-1]
    platform.login_sms(server.url, "13900000001", code)
    server.stop()
    with pytest.raises(platform.Offline):
        platform.add_person(name="赵六", phone="13900000002", id_number=None, roles=[])

    page = open_platform(qtbot, window)  # 王五's session, offline
    assert page.stack.currentWidget() is page.session and "王五" in page.who.text()
    assert page.banner.isVisible() and "本机有 1 项修改待同步" in page.last_sync.text()
    click(qtbot, page.logout_button)
    idle(qtbot, page)
    assert page.stack.currentWidget() is page.login
    assert page.feedback.text() == (
        "已退出登录。您有 1 项修改尚未发送，仍保存在本机，您再次登录后自动发送。"
    )

    server.start()
    ukey_login(qtbot, page, server, DEMO_USER_PIN)
    assert page.stack.currentWidget() is page.session, page.feedback.text()
    text = page.last_sync.text()
    assert "另有 1 项他人的修改，待其本人登录后同步" in text and "本机有" not in text
    assert "赵六" not in [p["name"] for p in api(server, "/people")["people"]]
    assert "待同步" in row_of(page.people.table, "赵六")[-1]  # listed, not yet on the server


def test_sync_names_an_offline_change_the_server_had_replaced(qtbot, window: MainWindow, server):  # type: ignore[no-untyped-def]
    """A person edited offline (on the command line: the page is read-only offline) and edited
    on the server meanwhile: 同步 says the change did not take effect, the list shows the
    server's version."""
    from sealdesk.app import platform

    page = open_platform(qtbot, window)
    ukey_login(qtbot, page, server, DEMO_USER_PIN)
    zhang = platform.add_person(name="张三", phone="13900000002", id_number=None, roles=[])["id"]
    server.stop()
    with pytest.raises(platform.Offline):
        platform.edit_person(
            zhang, name="张三（本机）", phone="13900000002", id_number=None, department_id=None
        )
    server.start()
    httpx.patch(  # someone else, online
        f"{server.url}{API}/people/{zhang}",
        json={"name": "张三（服务器）"},
        headers={"Authorization": f"Bearer {token(server)}"},
        timeout=30,
    ).raise_for_status()
    click(qtbot, page.sync_button)
    idle(qtbot, page)
    said = page.feedback.text()
    assert said.startswith("已同步"), said
    assert "你离线时对 张三 的修改未生效：服务器上已有更新的修改" in said
    choose_tab(qtbot, page.tabs, "人员管理")
    names = column(page.people.table, 0)
    assert "张三（服务器）" in names and "张三（本机）" not in names
    assert outbox() == 0
