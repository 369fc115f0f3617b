"""The window's 印控 page driven with the mouse and keys against a real server process (over
PostgreSQL, logged in as the unit's 主管理员 with the SoftHSM2 demo key) and a simulated GL box
in its own process (SEALDESK_BLE_SIM): bind it from a scan, a grant of 501 refused in the
dialog, a grant of 2, two presses of the simulated seal, the records pulled with their photos,
end of use, lost-lock after its confirmation and the abnormal record it makes (the unread count
on its tab, cleared once seen); an application rejected only with a reason; not logged in, the
page says where to log in."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QTableWidget, QTabWidget

from sealdesk.app.demo import DemoKey
from sealdesk.app.settings import Settings
from sealdesk.desktop import i18n
from sealdesk.desktop.gui.key_service import KeyService
from sealdesk.desktop.gui.main_window import MainWindow
from sealdesk.desktop.gui.sealbox_dialogs import (
    BindDialog,
    GrantDialog,
    ReasonDialog,
    SettingsDialog,
)
from sealdesk.desktop.gui.sealbox_page import SealboxPage
from tests.conftest import run_cli
from tests.desktop.test_gui_platform import click, type_into
from tests.platform_env import API, Postgres, ServerProcess, postgres
from tests.sealbox.test_cli import Simulators, free_port

__all__ = ["postgres"]

LEFT = Qt.MouseButton.LeftButton
PIN = {"SEALDESK_PIN": "123456"}


@pytest.fixture(autouse=True)
def _own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEALDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SEALDESK_DATA_DIR", str(tmp_path / "data"))
    i18n.set_language("zh")


@pytest.fixture
def sims(monkeypatch: pytest.MonkeyPatch) -> Iterator[Simulators]:
    s = Simulators(free_port())
    monkeypatch.setenv("SEALDESK_BLE_SIM", f"127.0.0.1:{s.port}")
    yield s
    s.stop()


@pytest.fixture
def server(postgres: Postgres, demo_key: DemoKey, tmp_path: Path) -> Iterator[ServerProcess]:
    """The platform trusting the demo key; its 主管理员 logged in here (the CLI's session is
    the window's)."""
    workdir = tmp_path / "srv"
    workdir.mkdir()
    process = ServerProcess(postgres.database(), [demo_key.root_ca_pem], workdir).start()
    login = run_cli("platform", "login", "--server", process.url, "--json", env=PIN)
    assert login.code == 0, login.stdout + login.stderr
    yield process
    process.stop()


@pytest.fixture
def window(qtbot, demo_key: DemoKey):  # type: ignore[no-untyped-def]
    service = KeyService(module_option=demo_key.module_path, settings=Settings())
    win = MainWindow(service)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    win.close()
    service.shutdown()


# --- steps as a person takes them ---------------------------------------------------------------


def open_page(qtbot: Any, win: MainWindow) -> SealboxPage:
    row = next(i for i in range(win.nav.count()) if win.nav.item(i).text().endswith("印控"))
    qtbot.mouseClick(
        win.nav.viewport(), LEFT, pos=win.nav.visualItemRect(win.nav.item(row)).center()
    )
    page = win.pages["sealbox"]
    assert isinstance(page, SealboxPage) and win.stack.currentWidget() is page
    idle(qtbot, page)
    return page


def idle(qtbot: Any, page: SealboxPage, timeout: int = 60000) -> None:
    qtbot.waitUntil(lambda: not page.busy, timeout=timeout)


def choose_tab(qtbot: Any, tabs: QTabWidget, title: str) -> None:
    bar = tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i).startswith(title))
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def click_row(qtbot: Any, table: QTableWidget, text: str) -> None:
    item = next(
        table.item(r, 0) for r in range(table.rowCount()) if table.item(r, 0).text() == text
    )
    qtbot.mouseClick(table.viewport(), LEFT, pos=table.visualItemRect(item).center())


def column(table: QTableWidget, name: str) -> list[str]:
    from sealdesk.desktop.i18n import tr

    n = next(
        c
        for c in range(table.columnCount())
        if table.horizontalHeaderItem(c).text() == tr(f"gui.sb_col_{name}")
    )
    return [table.item(r, n).text() for r in range(table.rowCount())]


def press(sims: Simulators, state: Path) -> dict[str, Any]:
    pressed = run_cli("sealbox", "sim", "press", "--state", str(state), "--json")
    assert pressed.code == 0, pressed.stdout + pressed.stderr
    return pressed.json  # type: ignore[return-value]


def shown(state: Path) -> dict[str, Any]:
    result = run_cli("sealbox", "sim", "show", "--state", str(state), "--json")
    assert result.code == 0, result.stdout + result.stderr
    return result.json  # type: ignore[return-value]


def admin(server: ServerProcess) -> httpx.Client:
    from sealdesk.app.settings import config_dir

    token = json.loads((config_dir() / "platform-token.json").read_text())[server.url]
    return httpx.Client(
        base_url=server.url, timeout=30, headers={"Authorization": f"Bearer {token}"}
    )


def choose_application(qtbot: Any, page: SealboxPage, reason: str) -> None:
    table = page.app_table
    row = column(table, "reason").index(reason)
    qtbot.mouseClick(table.viewport(), LEFT, pos=table.visualItemRect(table.item(row, 1)).center())


def snapshot(window: MainWindow, name: str) -> None:
    """The window as a PNG in $SEALDESK_TEST_SHOTS, when set (to look at the page)."""
    folder = os.environ.get("SEALDESK_TEST_SHOTS")
    if folder:
        window.grab().save(str(Path(folder) / f"sealbox-{name}.png"))


def bind_box(qtbot: Any, page: SealboxPage, name: str) -> None:
    click(qtbot, page.bind_button)
    dialog = page.dialog
    assert isinstance(dialog, BindDialog)
    qtbot.waitUntil(lambda: dialog.found.count() >= 1 and not page.busy, timeout=30000)
    assert dialog.found.currentItem() is not None  # the one box heard is chosen
    click(qtbot, dialog.ok)  # no name yet: said, nothing bound
    assert dialog.problem.text() == "请填写设备名称。" and dialog.isVisible()
    type_into(qtbot, dialog.name, name)
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)
    idle(qtbot, page)


# --- the tests ------------------------------------------------------------------------------------


def test_bind_grant_press_records_end_lock(
    qtbot, window: MainWindow, server: ServerProcess, sims: Simulators, tmp_path: Path
) -> None:
    state = tmp_path / "gl"
    sims.start("GL", "ZGY_GL", state)
    added = run_cli("platform", "people", "add", "--name", "张三", "--phone", "13800000001")
    assert added.code == 0, added.stdout + added.stderr
    page = open_page(qtbot, window)
    assert page.stack.currentWidget() is page.session
    assert page.box_table.rowCount() == 0 and "还没有绑定印章盒" in page.box_note.text()

    # 绑定: the scan hears the box, it is named and bound on the platform and the box
    bind_box(qtbot, page, "财务章")
    assert "已绑定印章盒 财务章" in page.feedback.text(), page.feedback.text()
    assert column(page.box_table, "name") == ["财务章"]
    assert column(page.box_table, "online") == ["在线"]
    assert column(page.box_table, "screen") == ["请授权使用"]
    assert column(page.box_table, "model") == ["GL"]
    assert column(page.box_table, "firmware")[0].startswith("GYGL")
    assert shown(state)["screen"] == "请授权使用"

    # 下发授权: 501 is refused in the dialog (nothing sent), then 2 stamps for 张三
    click_row(qtbot, page.box_table, "财务章")
    click(qtbot, page.grant_button)
    dialog = page.dialog
    assert isinstance(dialog, GrantDialog)
    # the arrow keys choose the person
    for _ in range(dialog.user.count()):
        qtbot.keyClick(dialog.user, Qt.Key.Key_Down)
        if dialog.user.currentText().startswith("张三"):
            break
    assert dialog.user.currentText() == "张三（13800000001）"
    type_into(qtbot, dialog.count, "501")
    click(qtbot, dialog.ok)
    assert dialog.isVisible() and dialog.problem.isVisible()
    assert "最多 500 次" in dialog.problem.text()
    assert not page.busy
    for bad, said in (("-1", "不能为负数"), ("a", "整数"), ("", "请填写用印次数")):
        type_into(qtbot, dialog.count, bad)
        click(qtbot, dialog.ok)
        assert said in dialog.problem.text() and dialog.isVisible()
    with admin(server) as client:
        assert client.get(f"{API}/sealbox/grants").json()["grants"] == []
    type_into(qtbot, dialog.count, "2")
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)
    idle(qtbot, page)
    assert "已授权 张三" in page.feedback.text() and "使用 2 次" in page.feedback.text()
    assert column(page.box_table, "screen") == ["0/2"]
    assert column(page.box_table, "grant")[0].startswith("张三（0/2）")

    # 设置: 背光 200 s refused in the dialog; 无网络设置 on with the 主管理员's code, so the box
    # stamps with no computer connected
    click(qtbot, page.settings_button)
    settings = page.dialog
    assert isinstance(settings, SettingsDialog)
    type_into(qtbot, settings.backlight, "200")
    click(qtbot, settings.ok)
    assert settings.isVisible() and settings.problem.text() == "背光时间为 0–180 秒。"
    type_into(qtbot, settings.backlight, "30")
    type_into(qtbot, settings.auto_off, "10")
    click(qtbot, settings.offline)
    click(qtbot, settings.ok)
    assert settings.problem.text() == "验证码是 6 位数字。"
    click(qtbot, settings.code_button)
    qtbot.waitUntil(lambda: len(settings.code.text()) == 6, timeout=30000)
    idle(qtbot, page)
    click(qtbot, settings.ok)
    qtbot.waitUntil(lambda: not settings.isVisible(), timeout=30000)
    idle(qtbot, page)
    assert "背光 30 秒，自动关机 10 分钟，无网络设置开" in page.feedback.text(), (
        page.feedback.text()
    )
    assert shown(state)["offline"]

    # the seal pressed twice at the box, then 取回记录: two rows with their photos
    assert [press(sims, state)["screen"] for _ in range(2)] == ["1/2", "请授权使用"]  # used up
    seen: list[tuple[str, int, int]] = []
    page.progress_seen.connect(lambda *a: seen.append(a))
    click(qtbot, page.records_button)
    assert page.cancel_button.isVisible()
    idle(qtbot, page)
    assert "取回 2 条新记录、2 张照片，上传平台 2 条" in page.feedback.text(), page.feedback.text()
    assert {s for s, _d, _t in seen} >= {"download", "photos", "upload"}
    table = page.stamp_table
    assert page.tabs.currentWidget() is table.parentWidget()
    assert table.rowCount() == 2
    assert column(table, "user") == ["张三", "张三"] and column(table, "used") == ["2", "1"]
    for r in range(2):
        icon = table.item(r, 0).icon()
        assert not icon.isNull() and icon.availableSizes()
        record_id = int(table.item(r, 0).data(Qt.ItemDataRole.UserRole))
        assert page.photos[record_id][:2] == b"\xff\xd8"  # the platform's JPEG
    qtbot.mouseClick(table.viewport(), LEFT, pos=table.visualItemRect(table.item(0, 1)).center())
    assert page.photo.pixmap() is not None and not page.photo.pixmap().isNull()
    snapshot(window, "records")

    # 结束用印: the box asks for a grant again
    choose_tab(qtbot, page.tabs, "印章盒")
    click(qtbot, page.end_button)
    idle(qtbot, page)
    assert "已结束 张三 的用印（用了 2 次）" in page.feedback.text(), page.feedback.text()
    assert column(page.box_table, "screen") == ["请授权使用"]
    assert column(page.box_table, "grant") == ["无授权"]

    # 挂失锁定 after its confirmation (取消 first: nothing happens)
    click(qtbot, page.lock_button)
    box = page.confirm_box
    assert box is not None and "挂失锁定“财务章”" in box.text()
    click(qtbot, box.button(QMessageBox.StandardButton.Cancel))
    assert not page.busy and column(page.box_table, "lock") == ["-"]
    click(qtbot, page.lock_button)
    box = page.confirm_box
    click(qtbot, box.button(QMessageBox.StandardButton.Yes))
    idle(qtbot, page)
    assert "已挂失锁定 财务章" in page.feedback.text(), page.feedback.text()
    assert column(page.box_table, "lock") == ["已锁定"]
    assert column(page.box_table, "online") == ["在线"]  # as heard at the last scan
    snapshot(window, "boxes")
    assert page.lock_button.text() == "解除锁定"
    assert shown(state)["locked"]

    # a press after the lock: an abnormal record, unread on its tab until it is seen
    assert not press(sims, state)["stamped"]
    click(qtbot, page.records_button)
    idle(qtbot, page)
    bar = page.tabs.tabBar()
    index = page.tabs.indexOf(page.abnormal_table)
    assert bar.tabText(index) == "异常记录 (1)"
    choose_tab(qtbot, page.tabs, "异常记录")
    assert column(page.abnormal_table, "cause") == ["挂失锁定后按压"]
    qtbot.waitUntil(lambda: bar.tabText(index) == "异常记录", timeout=30000)
    idle(qtbot, page)
    with admin(server) as client:
        assert client.get(f"{API}/sealbox/records").json()["unread_abnormal"] == 0


def test_reject_needs_a_reason_then_approve(
    qtbot, window: MainWindow, server: ServerProcess, sims: Simulators, tmp_path: Path
) -> None:
    """An application made on the platform: 驳回 with a blank reason is refused in the dialog;
    a second one is approved, then granted from the application."""
    sims.start("GL", "ZGY_GL", tmp_path / "gl")
    page = open_page(qtbot, window)
    bind_box(qtbot, page, "合同章")
    box_id = page.view.boxes[0]["id"]  # type: ignore[union-attr]
    with admin(server) as client:
        for reason in ("采购合同盖章", "劳动合同盖章"):
            body = {
                "box_id": box_id,
                "reason": reason,
                "count": 3,
                "not_after": int(time.time()) + 3600,
            }
            reply = client.post(f"{API}/sealbox/applications", json=body)
            assert reply.status_code == 200, reply.text
    click(qtbot, page.refresh_button)
    idle(qtbot, page)
    choose_tab(qtbot, page.tabs, "用印申请")
    assert sorted(column(page.app_table, "reason")) == ["劳动合同盖章", "采购合同盖章"]
    assert column(page.app_table, "state") == ["待我审批", "待我审批"]

    choose_application(qtbot, page, "采购合同盖章")
    click(qtbot, page.reject_button)
    dialog = page.dialog
    assert isinstance(dialog, ReasonDialog)
    type_into(qtbot, dialog.reason, "   ")
    click(qtbot, dialog.ok)
    assert dialog.isVisible() and dialog.problem.text() == "驳回必须填写理由。"
    type_into(qtbot, dialog.reason, "预算未批")
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)
    idle(qtbot, page)
    assert "已驳回" in page.feedback.text()

    choose_application(qtbot, page, "劳动合同盖章")
    click(qtbot, page.approve_button)
    dialog = page.dialog
    assert isinstance(dialog, ReasonDialog)
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)
    idle(qtbot, page)
    states = dict(
        zip(column(page.app_table, "reason"), column(page.app_table, "state"), strict=True)
    )
    assert states == {"采购合同盖章": "已驳回", "劳动合同盖章": "已通过"}

    choose_application(qtbot, page, "劳动合同盖章")
    click(qtbot, page.app_grant_button)
    grant = page.dialog
    assert isinstance(grant, GrantDialog) and grant.count.text() == "3"
    click(qtbot, grant.ok)
    qtbot.waitUntil(lambda: not grant.isVisible(), timeout=30000)
    idle(qtbot, page)
    choose_tab(qtbot, page.tabs, "印章盒")
    assert column(page.box_table, "screen") == ["0/3"]


def test_not_logged_in_points_to_the_platform_page(qtbot, window: MainWindow) -> None:
    page = open_page(qtbot, window)
    assert page.stack.currentWidget() is page.login_panel
    assert not page.bind_button.isEnabled()
    click(qtbot, page.login_button)
    assert window.current_page() == "platform"
