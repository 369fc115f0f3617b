"""The 平台 page's 数字证书 tab driven with the mouse and keys against a real server process
(over PostgreSQL), logged in with the SoftHSM2 demo key: 未申请 at first, 申请数字证书 opens the
form with the unit given, 确定 stays disabled until 《数字证书订户协议》 is ticked, bad values are
said by their field and nothing is sent, a good request shows 已申请 and the certificate."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from sealdesk.app.demo import DEMO_USER_PIN
from sealdesk.app.settings import Settings
from sealdesk.desktop.gui.main_window import MainWindow
from tests.desktop.test_gui_platform import (
    ID_NUMBER,
    LEFT,
    _own_config,
    api,
    choose_tab,
    click,
    idle,
    open_platform,
    picture_shown,
    press,
    server,
    type_into,
    ukey_login,
    visible,
    window,
)
from tests.platform_env import postgres

__all__ = ["_own_config", "postgres", "server", "window"]

SHOT = Path("/tmp/cert.png")


def test_request_the_certificate_in_the_window(qtbot, window: MainWindow, server):  # type: ignore[no-untyped-def]
    page = open_platform(qtbot, window)
    ukey_login(qtbot, page, server, DEMO_USER_PIN)
    assert page.stack.currentWidget() is page.session, page.feedback.text()
    choose_tab(qtbot, page.tabs, "数字证书")
    idle(qtbot, page)
    tab = page.certificate
    assert tab.guard.currentWidget() is tab.guard.content
    assert tab.state.text() == "数字证书：未申请"
    assert "尚未申请数字证书" in tab.note.text() and not tab.details.isVisible()

    click(qtbot, tab.apply_button)
    qtbot.waitUntil(lambda: visible(lambda: tab.dialog), timeout=5000)
    dialog = tab.dialog
    assert dialog is not None
    assert dialog.unit.text() == "上海示例科技有限公司" and dialog.unit.isReadOnly()
    assert dialog.code.text() == "91310115MA1K3YJ12G" and dialog.code.isReadOnly()
    assert not dialog.ok.isEnabled()  # nothing ticked yet

    type_into(qtbot, dialog.name, "张三")
    type_into(qtbot, dialog.id_number, ID_NUMBER)
    type_into(qtbot, dialog.phone, "1381234567")  # 10 digits
    type_into(qtbot, dialog.email, "zs@example.com")
    assert not dialog.ok.isEnabled()  # still not ticked
    qtbot.mouseClick(dialog.agree, LEFT, pos=QPoint(8, dialog.agree.height() // 2))
    assert dialog.agree.isChecked() and dialog.ok.isEnabled()
    dialog.grab().save(str(SHOT))

    press(qtbot, dialog.buttons, QDialogButtonBox.StandardButton.Ok)
    assert dialog.problem.text() == "手机号应为 11 位数字，以 13–19 开头。"
    assert dialog.isVisible() and dialog.focusWidget() is dialog.phone and not page.busy
    type_into(qtbot, dialog.phone, "13812345678")
    type_into(qtbot, dialog.email, "zs@example")
    press(qtbot, dialog.buttons, QDialogButtonBox.StandardButton.Ok)
    assert "邮箱格式不对" in dialog.problem.text() and dialog.focusWidget() is dialog.email
    type_into(qtbot, dialog.id_number, "110105194912310021")  # wrong check character
    type_into(qtbot, dialog.email, "zs@example.com")
    press(qtbot, dialog.buttons, QDialogButtonBox.StandardButton.Ok)
    assert "校验位" in dialog.problem.text() and dialog.focusWidget() is dialog.id_number
    assert api(server, "/certificate-request")["state"] == "none"  # nothing was sent

    # the request is signed by the unit's key: its PIN (asked every time, as 设置 may say),
    # a wrong one asked again; cancelling the PIN leaves the form as it was
    window._settings_saved(Settings(pin_every_time=True))
    type_into(qtbot, dialog.id_number, ID_NUMBER)
    press(qtbot, dialog.buttons, QDialogButtonBox.StandardButton.Ok)
    qtbot.waitUntil(lambda: visible(lambda: tab.signing and tab.signing.pin_dialog), timeout=5000)
    assert tab.signing is not None and tab.signing.pin_dialog is not None
    pin = tab.signing.pin_dialog
    assert pin.windowTitle() == "申请数字证书" and not dialog.ok.isEnabled()
    qtbot.keyClick(pin.edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not pin.isVisible(), timeout=5000)
    assert dialog.isVisible() and dialog.ok.isEnabled() and not page.busy
    assert api(server, "/certificate-request")["state"] == "none"
    press(qtbot, dialog.buttons, QDialogButtonBox.StandardButton.Ok)
    qtbot.waitUntil(lambda: visible(lambda: tab.signing and tab.signing.pin_dialog), timeout=5000)
    pin = tab.signing.pin_dialog
    qtbot.keyClicks(pin.edit, "000000")
    qtbot.keyClick(pin.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            tab.signing is not None
            and tab.signing.pin_dialog is not pin
            and visible(lambda: tab.signing and tab.signing.pin_dialog)
        ),
        timeout=20000,
    )
    pin = tab.signing.pin_dialog
    assert "PIN 码错误" in pin.problem.text()
    assert api(server, "/certificate-request")["state"] == "none"
    qtbot.keyClicks(pin.edit, DEMO_USER_PIN)
    qtbot.keyClick(pin.edit, Qt.Key.Key_Return)
    idle(qtbot, page)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert page.feedback.text() == "已为“上海示例科技有限公司”申请数字证书。"
    assert tab.state.text() == "数字证书：已申请" and tab.details.isVisible()
    assert not tab.apply_button.isVisible() and not tab.note.isVisible()
    on_server = api(server, "/certificate-request")
    assert on_server["state"] == "issued" and on_server["handler_name"] == "张三"
    shown = {key: label.text() for key, label in tab.values.items()}
    cert = on_server["certificate"]
    assert shown["platform.cert_handler"] == "张三"
    assert shown["platform.cert_subject"] == cert["subject_cn"]
    assert shown["platform.cert_issuer"] == cert["issuer_cn"]
    assert shown["platform.cert_credit_code"] == "91310115MA1K3YJ12G"
    assert shown["platform.cert_serial"] == cert["serial"]
    assert shown["platform.cert_dn"] == cert["subject"]
    assert shown["platform.cert_valid_now"] == "有效"
    assert shown["platform.cert_validity"].startswith(cert["not_before"][:10])
    tab.grab().save("/tmp/cert-tab.png")

    # 刷新 reads it again from the server: still 已申请
    click(qtbot, tab.refresh_button)
    idle(qtbot, page)
    assert tab.state.text() == "数字证书：已申请"


def test_a_person_without_the_right_is_told_why(qtbot, window: MainWindow, server):  # type: ignore[no-untyped-def]
    page = open_platform(qtbot, window)
    ukey_login(qtbot, page, server, DEMO_USER_PIN)
    from sealdesk.app import platform

    platform.add_person(name="王五", phone="13900000001", id_number=None, roles=["auditor"])
    click(qtbot, page.logout_button)
    idle(qtbot, page)
    login = page.login
    choose_tab(qtbot, login.tabs, "账号登录")
    type_into(qtbot, login.phone, "13900000001")
    type_into(qtbot, login.password, "anything1")
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    idle(qtbot, page)
    assert login.sms_mode  # no password yet: the SMS code, after the picture's
    type_into(qtbot, login.captcha, server.answer(picture_shown(qtbot, login)))
    click(qtbot, login.send_code)
    idle(qtbot, page)
    lines = server.sms_sink.read_text("utf-8").splitlines()
    code = [line.split()[2] for line in lines if line.split()[1] == "13900000001"][-1]
    type_into(qtbot, login.code, code)
    qtbot.keyClick(login.code, Qt.Key.Key_Return)
    idle(qtbot, page)
    assert page.stack.currentWidget() is page.session and "王五" in page.who.text()
    qtbot.waitUntil(lambda: visible(lambda: login.password_dialog), timeout=5000)
    assert login.password_dialog is not None
    press(qtbot, login.password_dialog.buttons, QDialogButtonBox.StandardButton.Cancel)  # 跳过

    choose_tab(qtbot, page.tabs, "数字证书")
    idle(qtbot, page)
    tab = page.certificate
    assert tab.guard.currentWidget() is tab.guard.why
    assert "只有超级管理员和系统管理员可以查看和申请数字证书" in tab.guard.why.text()
    assert "审计员" in tab.guard.why.text()
    assert not tab.apply_button.isVisible() and tab.reply is None  # nothing asked of the server
