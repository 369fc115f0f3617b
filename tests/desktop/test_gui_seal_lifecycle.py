"""The 印章 tab's lifecycle actions (WAVE2-NOTES A5) driven with the mouse and keys against a
real server process (over PostgreSQL) and the SoftHSM2 demo key: a USB KEY seal applied for in
the window, approved by a server operator outside it (`sealdesk server seal review`), then 回执
(a wrong PIN asked again with the tries said, still 待回执; the right one: 有效, still chosen),
写入UKey (the seal downloaded, checked, written with the PIN: the key lists it on 首页), 注销
after a second confirmation naming the seal (Cancel leaves it 有效): 已注销, nothing left to do
with it; 冻结 and 解冻 between, and a seal frozen meanwhile elsewhere is said at 写入UKey with
nothing asked of the key. Only the buttons that apply to the chosen seal are shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from sealdesk.app import platform
from sealdesk.app.demo import DEMO_USER_PIN
from sealdesk.app.keys import open_module
from sealdesk.app.settings import Settings
from sealdesk.desktop.gui.main_window import MainWindow
from sealdesk.desktop.gui.platform_seals import SealsTab
from tests.conftest import run_cli
from tests.desktop.test_gui_platform import (
    ID_NUMBER,
    _own_config,
    api,
    choose_tab,
    click,
    click_row,
    idle,
    open_platform,
    press,
    server,
    ukey_login,
    visible,
    window,
)
from tests.desktop.test_gui_seal_apply import fill, generate, open_form, submitted
from tests.platform_env import postgres

__all__ = ["_own_config", "postgres", "server", "window"]

NAME = "UKey合同章"
SHOTS = Path("/tmp/seal-lifecycle")


def state_of(server: Any, app_id: str) -> str:
    return str(api(server, f"/seals/applications/{app_id}")["application"]["state"])


def shown_actions(tab: SealsTab) -> list[str]:
    return [a for a, b in tab.action_buttons.items() if b.isVisible()]


def pin_dialog(qtbot: Any, tab: SealsTab, after: Any = None) -> Any:
    """The PIN dialog, waited for (a new one when ``after`` is the last one)."""
    signing = tab.signing
    assert signing is not None
    qtbot.waitUntil(
        lambda: signing.pin_dialog is not after and visible(lambda: signing.pin_dialog),
        timeout=20000,
    )
    return signing.pin_dialog


def enter_pin(qtbot: Any, tab: SealsTab, pin: str, after: Any = None) -> Any:
    """``pin`` typed into the PIN dialog, then Enter."""
    dialog = pin_dialog(qtbot, tab, after)
    qtbot.keyClicks(dialog.edit, pin)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    return dialog


def key_seals(page: Any) -> list[str]:
    """The seals the key holds, as the 印章 and 首页 pages last read them."""
    last = page.service.last
    assert last is not None
    return [e.label for entries in last.seals.values() for e in entries if e.error is None]


def test_receipt_write_and_revoke_a_usb_key_seal(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, server, demo_key
):
    SHOTS.mkdir(exist_ok=True)
    page = open_platform(qtbot, window)
    ukey_login(qtbot, page, server, DEMO_USER_PIN)
    window._settings_saved(Settings(pin_every_time=True))  # the PIN asked each time
    service = page.service
    assert service.last is not None and service.last.tokens
    label = service.last.tokens[0].label
    # the unit's 申请数字证书 (its own form has its own test), made with the key
    platform.request_certificate(
        name="张三",
        id_number=ID_NUMBER,
        phone="13812345678",
        email="zs@example.com",
        agreed=True,
        sign=page.key_sign(label, DEMO_USER_PIN),
    )
    choose_tab(qtbot, page.tabs, "印章")
    idle(qtbot, page)
    tab = page.seals
    try:
        # 申请印章 (USB KEY), signed with the key's PIN
        form = open_form(qtbot, tab)
        fill(qtbot, form, NAME)
        click(qtbot, form.ukey, QPoint(8, form.ukey.height() // 2))
        generate(qtbot, tab, form, "普通公章")
        press(qtbot, form.buttons, QDialogButtonBox.StandardButton.Ok)
        enter_pin(qtbot, tab, DEMO_USER_PIN)
        submitted(qtbot, tab, form)
        app = tab.chosen()
        assert app is not None and app["name"] == NAME and app["state"] == "pending"
        app_id = app["id"]
        assert shown_actions(tab) == []  # nothing to do while the CA reviews it

        # the CA approves it, outside the window
        db = ["--db", server.db_url]
        assert run_cli("server", "operator", "add", "客服甲", *db).code == 0
        done = run_cli("server", "seal", "review", *db, app_id, "--approve", "--operator", "客服甲")
        assert done.code == 0, done.stderr
        click(qtbot, tab.refresh_button)
        idle(qtbot, page)
        click_row(qtbot, tab.table, NAME)
        assert tab.values["platform.seal_state"].text() == "待回执"
        assert shown_actions(tab) == ["receipt"]

        # 回执: a wrong PIN is asked again with the tries said, still 待回执; then 有效
        click(qtbot, tab.receipt_button)
        wrong = enter_pin(qtbot, tab, "000000")
        again = pin_dialog(qtbot, tab, after=wrong)
        assert "PIN 码错误" in again.problem.text(), again.problem.text()
        assert again.windowTitle() == "印章回执"
        idle(qtbot, page)
        assert state_of(server, app_id) == "receipt"
        assert tab.values["platform.seal_state"].text() == "待回执"
        enter_pin(qtbot, tab, DEMO_USER_PIN, after=wrong)
        qtbot.waitUntil(lambda: not again.isVisible(), timeout=5000)
        idle(qtbot, page)
        assert state_of(server, app_id) == "valid"
        chosen = tab.chosen()
        assert chosen is not None and chosen["id"] == app_id  # still the one chosen
        assert tab.values["platform.seal_state"].text() == "有效"
        assert page.feedback.text().startswith(f"已回执：印章“{NAME}”现已有效，至 ")
        assert shown_actions(tab) == ["write", "freeze", "revoke"]
        tab.grab().save(str(SHOTS / "valid.png"))

        # 冻结: not to be written into a key until 解冻
        click(qtbot, tab.freeze_button)
        idle(qtbot, page)
        assert tab.values["platform.seal_state"].text() == "有效，已冻结"
        assert page.feedback.text() == f"已冻结印章“{NAME}”：解冻前不能写入 UKey。"
        assert shown_actions(tab) == ["unfreeze", "revoke"]
        click(qtbot, tab.unfreeze_button)
        idle(qtbot, page)
        assert shown_actions(tab) == ["write", "freeze", "revoke"]
        # frozen meanwhile by someone else: 写入UKey says so, asks nothing of the key
        frozen = run_cli("platform", "seal", "freeze", app_id)
        assert frozen.code == 0, frozen.stderr
        click(qtbot, tab.write_button)
        idle(qtbot, page)
        assert page.feedback.text().startswith(f"印章“{NAME}”的状态为已冻结，不能写入 UKey")
        assert tab.signing is not None and tab.signing.pin_dialog is None
        assert tab.values["platform.seal_state"].text() == "有效，已冻结"  # read again
        assert shown_actions(tab) == ["unfreeze", "revoke"]
        click(qtbot, tab.unfreeze_button)
        idle(qtbot, page)

        # 写入UKey: the seal downloaded, checked, written with the PIN; the key lists it
        assert NAME not in key_seals(page)
        click(qtbot, tab.write_button)
        dialog = enter_pin(qtbot, tab, DEMO_USER_PIN)
        assert dialog.windowTitle() == "写入UKey"
        idle(qtbot, page)
        assert page.feedback.text().startswith(f"已写入UKey：{NAME}"), page.feedback.text()
        qtbot.waitUntil(lambda: NAME in key_seals(page), timeout=20000)
        home = window.home
        qtbot.waitUntil(
            lambda: any(
                home.seals.item(i).data(Qt.ItemDataRole.UserRole) == NAME
                for i in range(home.seals.count())
            ),
            timeout=10000,
        )

        # 注销: a second confirmation naming the seal; Cancel leaves it 有效
        click(qtbot, tab.revoke_button)
        box = tab.revoke_box
        assert box is not None
        qtbot.waitUntil(box.isVisible, timeout=5000)
        assert f"确定注销印章“{NAME}”" in box.text()
        click(qtbot, box.button(QMessageBox.StandardButton.Cancel))
        assert not box.isVisible() and not page.busy
        assert state_of(server, app_id) == "valid"
        click(qtbot, tab.revoke_button)
        box = tab.revoke_box
        assert box is not None
        qtbot.waitUntil(box.isVisible, timeout=5000)
        click(qtbot, box.button(QMessageBox.StandardButton.Yes))
        idle(qtbot, page)
        assert state_of(server, app_id) == "revoked"
        assert tab.values["platform.seal_state"].text() == "已注销"
        assert page.feedback.text().startswith(f"已注销印章“{NAME}”")
        assert shown_actions(tab) == []
    finally:  # never leave the test's seal in the shared demo key
        module, _ = open_module(demo_key.module_path, Settings())
        with module.open().session(DEMO_USER_PIN, rw=True) as session:
            if any(o.label == NAME for o in session.list_data()):
                session.delete_data(NAME)
