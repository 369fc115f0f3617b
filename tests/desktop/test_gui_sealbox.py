"""The window's 印控 page driven with the mouse and keys against a real server process (over
PostgreSQL, logged in as the unit's 主管理员 with the SoftHSM2 demo key) and a simulated GL box
in its own process (SEALDESK_BLE_SIM): bind it from a scan, a grant of 501 refused in the
dialog, a grant of 2, two presses of the simulated seal, the records pulled with their photos,
end of use, lost-lock after its confirmation and the abnormal record it makes (the unread count
on its tab, cleared once seen); an application rejected only with a reason; not logged in, the
page says where to log in. 解绑 refused while a grant is open, then done; 管章人 chosen in the
window (at most three, each holding the role) as the platform has them; a 预先授权's activation
code wrong (the tries left said), then right; a lost-lock made while the box is away, carried
when a refresh hears it again; 审批流程 (categories, templates) as the platform
then has it; the page in English with no Chinese left."""

from __future__ import annotations

import json
import os
import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTabBar,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

from sealdesk.app.demo import DemoKey
from sealdesk.app.settings import Settings
from sealdesk.desktop import i18n
from sealdesk.desktop.gui.key_service import KeyService
from sealdesk.desktop.gui.main_window import MainWindow
from sealdesk.desktop.gui.sealbox_dialogs import (
    ActivateDialog,
    BindDialog,
    GrantDialog,
    KeepersDialog,
    ReasonDialog,
    SettingsDialog,
)
from sealdesk.desktop.gui.sealbox_features import (
    FeaturedApplyDialog,
    FeaturedGrantDialog,
    FeaturesDialog,
)
from sealdesk.desktop.gui.sealbox_flow import FlowDialog
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
    idle(qtbot, page)
    assert not dialog.isVisible(), dialog.problem.text()


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


def test_lock_while_the_box_is_away_applies_when_it_is_heard_again(
    qtbot, window: MainWindow, server: ServerProcess, sims: Simulators, tmp_path: Path
) -> None:
    """挂失锁定 while the box is switched off (the radio works: another box is on the link):
    the page says the platform has it and the box gets it at its next contact, and shows the
    box 离线 with the lock waiting; the box switched on again, 刷新 hears it and carries the
    lock: the box shows 限制使用 and a press stamps nothing."""
    state = tmp_path / "gl"
    sims.start("L", "BOX-L", tmp_path / "l")  # the link stays up with this one on it
    sims.start("GL", "ZGY_GL", state)
    bound = run_cli("sealbox", "bind", "--box", "ZGY_GL", "--name", "公章")
    assert bound.code == 0, bound.stdout + bound.stderr
    page = open_page(qtbot, window)
    assert column(page.box_table, "name") == ["公章"]
    assert column(page.box_table, "online") == ["在线"]
    switched_off = sims.procs.pop()
    switched_off.send_signal(signal.SIGINT)
    assert switched_off.wait(10) == 130  # stopped with Ctrl+C, as a person does
    assert column(page.box_table, "online") == ["在线"]  # as heard at the last scan

    click_row(qtbot, page.box_table, "公章")
    click(qtbot, page.lock_button)
    confirm_yes(qtbot, page)
    assert "平台已记录，印章盒下次连接时生效" in page.feedback.text(), page.feedback.text()
    assert column(page.box_table, "online") == ["离线"]  # listened again: not heard
    assert column(page.box_table, "lock") == ["锁定待下发"]
    assert "1 条指令待下发" in column(page.box_table, "grant")[0]
    assert page.lock_button.text() == "解除锁定"
    assert not shown(state)["locked"]
    snapshot(window, "lock-pending")

    sims.start("GL", "ZGY_GL", state)  # switched on again, in reach
    click(qtbot, page.refresh_button)
    idle(qtbot, page)
    assert column(page.box_table, "online") == ["在线"]
    assert column(page.box_table, "lock") == ["已锁定"], column(page.box_table, "lock")
    assert "待下发" not in column(page.box_table, "grant")[0]
    box = shown(state)
    assert box["locked"] and box["screen"] == "限制使用"
    assert not press(sims, state)["stamped"]
    with admin(server) as client:
        assert client.get(f"{API}/sealbox/boxes").json()["boxes"][0]["lock"] == "locked"


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
    features_ask_only_what_is_ticked(qtbot, page, server)


def features_ask_only_what_is_ticked(qtbot: Any, page: SealboxPage, server: ServerProcess) -> None:
    """功能配置… (主管理员): 手动配置 unticks everything, 用印次数 and 结束时间 ticked again; the
    申请用印 and 下发授权 dialogs then ask only those; with nothing ticked 直接使用 takes the box
    (here the 主管理员's own grant, given again)."""
    assert not page.use_button.isVisible()  # a new unit: 批量配置, the flow of applications
    click(qtbot, page.features_button)
    dialog = page.dialog
    assert isinstance(dialog, FeaturesDialog) and dialog.batch.isChecked()
    assert all(box.isChecked() for box in dialog.items.values())
    click(qtbot, dialog.manual)
    assert not any(box.isChecked() for box in dialog.items.values())
    for item in ("count", "end"):
        click(qtbot, dialog.items[item])
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)
    idle(qtbot, page)
    assert "2 项勾选" in page.feedback.text()
    with admin(server) as client:
        items = client.get(f"{API}/sealbox/features").json()["features"]["items"]
    assert {i for i, on in items.items() if on} == {"count", "end"}

    click_row(qtbot, page.box_table, "合同章")
    click(qtbot, page.boxes.apply_button)
    apply = page.dialog
    assert isinstance(apply, FeaturedApplyDialog)
    assert apply.count.isVisible() and apply.end.isVisible()
    assert not apply.area.isVisible() and not apply.note.isVisible()
    assert not apply.start.isVisible() and not apply.photo_required.isVisible()
    type_into(qtbot, apply.reason, "只问次数")
    type_into(qtbot, apply.count, "2")
    click(qtbot, apply.ok)
    qtbot.waitUntil(lambda: not apply.isVisible(), timeout=30000)
    idle(qtbot, page)
    with admin(server) as client:
        made = client.get(f"{API}/sealbox/applications", params={"view": "mine"}).json()
    mine = next(a for a in made["applications"] if a["reason"] == "只问次数")
    assert (mine["count"], mine["area"], mine["note"]) == (2, "", "")
    click(qtbot, page.grant_button)
    grant = page.dialog
    assert isinstance(grant, FeaturedGrantDialog) and grant.count.isVisible()
    assert not grant.mode.isVisible() and not grant.photo.isVisible()
    grant.reject()

    click(qtbot, page.features_button)
    dialog = page.dialog
    assert isinstance(dialog, FeaturesDialog) and dialog.manual.isChecked()
    click(qtbot, dialog.manual)
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)
    idle(qtbot, page)
    assert page.use_button.isVisible()
    click_row(qtbot, page.box_table, "合同章")
    click(qtbot, page.use_button)
    idle(qtbot, page)
    assert "可以用印了" in page.feedback.text(), page.feedback.text()
    # done before the 8 hours: 结束用印 frees the box (at the box too)
    assert page.end_button.isEnabled()
    click(qtbot, page.end_button)
    idle(qtbot, page)
    assert "已结束" in page.feedback.text(), page.feedback.text()
    click_row(qtbot, page.box_table, "合同章")
    assert not page.end_button.isEnabled()


def test_not_logged_in_points_to_the_platform_page(qtbot, window: MainWindow) -> None:
    page = open_page(qtbot, window)
    assert page.stack.currentWidget() is page.login_panel
    assert not page.bind_button.isEnabled()
    click(qtbot, page.login_button)
    assert window.current_page() == "platform"


def confirm_yes(qtbot: Any, page: SealboxPage) -> None:
    box = page.confirm_box
    assert box is not None and box.isVisible()
    click(qtbot, box.button(QMessageBox.StandardButton.Yes))
    idle(qtbot, page)


def grant_by_cli(box: str, user: str, *more: str) -> dict[str, Any]:
    granted = run_cli(
        "sealbox", "grant", "--box", box, "--user", user, "--count", "2", "--end", "+1h",
        *more, "--json",
    )  # fmt: skip
    assert granted.code == 0, granted.stdout + granted.stderr
    return granted.json  # type: ignore[return-value]


def test_unbind_refused_while_a_grant_is_open_then_done(
    qtbot, window: MainWindow, server: ServerProcess, sims: Simulators, tmp_path: Path
) -> None:
    """解绑… with a grant open: the platform's reason on the page, the box still bound; after
    结束用印 the box is unbound on the platform and at the box, and leaves the list."""
    state = tmp_path / "gl"
    sims.start("GL", "ZGY_GL", state)
    added = run_cli("platform", "people", "add", "--name", "张三", "--phone", "13800000001")
    assert added.code == 0, added.stdout + added.stderr
    page = open_page(qtbot, window)
    bind_box(qtbot, page, "财务章")
    grant_by_cli("财务章", "13800000001")
    click(qtbot, page.refresh_button)
    idle(qtbot, page)
    click_row(qtbot, page.box_table, "财务章")
    assert column(page.box_table, "grant")[0].startswith("张三（0/2）")

    unbind = page.boxes.unbind_button
    click(qtbot, unbind)  # 取消 first: nothing happens
    assert page.confirm_box is not None and "解绑“财务章”" in page.confirm_box.text()
    click(qtbot, page.confirm_box.button(QMessageBox.StandardButton.Cancel))
    assert not page.busy and column(page.box_table, "name") == ["财务章"]
    click(qtbot, unbind)
    confirm_yes(qtbot, page)
    assert page.feedback.text() == (
        "平台拒绝了请求：该印章盒还有未结束的授权，请先结束用印再解绑。"
    ), page.feedback.text()
    assert column(page.box_table, "name") == ["财务章"]
    assert shown(state)["bound"] is True

    click(qtbot, page.end_button)
    idle(qtbot, page)
    assert "已结束 张三 的用印" in page.feedback.text(), page.feedback.text()
    click(qtbot, unbind)
    confirm_yes(qtbot, page)
    assert page.feedback.text() == "已解绑印章盒 财务章，屏幕：未绑定", page.feedback.text()
    assert page.box_table.rowCount() == 0 and "还没有绑定印章盒" in page.box_note.text()
    assert not unbind.isEnabled()
    assert shown(state)["bound"] is False
    with admin(server) as client:
        assert client.get(f"{API}/sealbox/boxes").json()["boxes"] == []


def test_keepers_chosen_in_the_window_are_the_platforms(
    qtbot, window: MainWindow, server: ServerProcess, sims: Simulators, tmp_path: Path
) -> None:
    """管章人…: four people hold 管章人, one does not (the unit's people as the 平台 page synced
    them); a fourth ticked is said in the dialog, one without the role is refused by the
    platform (said in the dialog), two are saved and the platform has them."""
    sims.start("GL", "ZGY_GL", tmp_path / "gl")
    names = ("李一", "李二", "李三", "李四", "王五")
    with admin(server) as client:
        for n, name in enumerate(names):
            body = {"name": name, "phone": f"1390000000{n}"}
            made = client.post(f"{API}/people", json=body)
            assert made.status_code == 200, made.text
            if name != "王五":
                person_id = made.json()["person"]["id"]
                role = client.put(f"{API}/sealbox/roles/{person_id}", json={"role": "keeper"})
                assert role.status_code == 200, role.text
    synced = run_cli("platform", "sync")
    assert synced.code == 0, synced.stdout + synced.stderr
    page = open_page(qtbot, window)
    bind_box(qtbot, page, "合同章")
    click_row(qtbot, page.box_table, "合同章")
    click(qtbot, page.boxes.keepers_button)
    dialog = page.dialog
    assert isinstance(dialog, KeepersDialog)
    people = dialog.people
    rows = {
        people.topLevelItem(i).text(0): people.topLevelItem(i)
        for i in range(people.topLevelItemCount())
    }
    assert set(names) <= set(rows)
    assert rows["王五"].text(2) == "无管章人角色" and rows["李一"].text(2) == "管章人"

    def tick(name: str) -> None:
        item = rows[name]
        people.scrollToItem(item)
        rect = people.visualItemRect(item)
        # the check box sits at the row's left edge
        qtbot.mouseClick(people.viewport(), LEFT, pos=QPoint(rect.left() + 10, rect.center().y()))
        qtbot.waitUntil(lambda: item.checkState(0) == Qt.CheckState.Checked, timeout=2000)

    for name in ("李一", "李二", "李三", "李四"):
        tick(name)
    assert dialog.count.text() == "已选 4 名，最多 3 名"
    click(qtbot, dialog.ok)
    assert dialog.isVisible() and dialog.problem.text() == "每台印章盒最多 3 名管章人。"
    assert not page.busy
    for name in ("李三", "李四"):  # unticked with the space bar
        people.setCurrentItem(rows[name])
        qtbot.keyClick(people, Qt.Key.Key_Space)
        assert rows[name].checkState(0) == Qt.CheckState.Unchecked
    tick("王五")
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: not page.busy, timeout=30000)
    assert dialog.isVisible() and dialog.problem.text() == (
        "平台拒绝了请求：王五 没有管章人角色。"
    ), dialog.problem.text()
    people.setCurrentItem(rows["王五"])
    qtbot.keyClick(people, Qt.Key.Key_Space)

    # another admin sets the box's keepers meanwhile: this change, made on the keepers shown
    # before, is refused and said; the dialog then ticks theirs, and the page shows them
    box_id = page.view.boxes[0]["id"]  # type: ignore[union-attr]
    li_san = rows["李三"].data(0, Qt.ItemDataRole.UserRole)
    with admin(server) as client:
        ok(client.put(f"{API}/sealbox/boxes/{box_id}/keepers", json={"person_ids": [li_san]}))
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: not page.busy and dialog.problem.isVisible(), timeout=30000)
    assert dialog.isVisible() and dialog.problem.text() == (
        "你对印章盒“合同章”的管章人的修改未生效：服务器上已有他人更新的修改，"
        "这里已改为服务器上的内容，请查看后再修改。"
    ), dialog.problem.text()
    assert dialog.values() == [li_san]
    idle(qtbot, page)
    assert column(page.box_table, "keepers") == ["李三"]
    for name in ("李一", "李二", "李三"):  # on the version shown now: saved
        people.setCurrentItem(rows[name])
        qtbot.keyClick(people, Qt.Key.Key_Space)
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)
    idle(qtbot, page)
    assert page.feedback.text() == "合同章 的管章人：李一、李二", page.feedback.text()
    assert column(page.box_table, "keepers") == ["李一、李二"]
    box_id = page.view.boxes[0]["id"]  # type: ignore[union-attr]
    with admin(server) as client:
        box = client.get(f"{API}/sealbox/boxes/{box_id}").json()["box"]
    assert sorted(k["name"] for k in box["keepers"]) == ["李一", "李二"]


def ok(reply: httpx.Response) -> dict[str, Any]:
    assert reply.status_code == 200, reply.text
    return reply.json()  # type: ignore[no-any-return]


def test_activation_code_wrong_then_right(
    qtbot, window: MainWindow, server: ServerProcess, sims: Simulators, tmp_path: Path
) -> None:
    """A 预先授权 to the person logged in, made in the window: 激活授权… with a wrong code says
    the tries left (the platform counts them), a short one is said before anything is sent,
    the right one activates it at the box (0/2). Then, the box in use, 下发授权… offers only a
    预先授权 for someone else: it waits (待激活, listed below the boxes), with its 使用模式 and
    用印区域 (51 characters said in the dialog)."""
    state = tmp_path / "gl"
    sims.start("GL", "ZGY_GL", state)
    added = run_cli("platform", "people", "add", "--name", "周七", "--phone", "13800000077")
    assert added.code == 0, added.stdout + added.stderr
    page = open_page(qtbot, window)
    bind_box(qtbot, page, "公章")
    click_row(qtbot, page.box_table, "公章")
    assert not page.boxes.activate_button.isEnabled()  # no grant to activate
    me = page.me()
    click(qtbot, page.grant_button)
    grant = page.dialog
    assert isinstance(grant, GrantDialog)
    for _ in range(grant.user.count()):
        if grant.user.currentData() == me:
            break
        qtbot.keyClick(grant.user, Qt.Key.Key_Down)
    assert grant.user.currentData() == me
    type_into(qtbot, grant.count, "2")
    qtbot.keyClick(grant.mode, Qt.Key.Key_Down)
    assert grant.mode.currentText() == "预先授权（激活码）"
    click(qtbot, grant.ok)
    qtbot.waitUntil(lambda: not grant.isVisible(), timeout=30000)
    idle(qtbot, page)
    found = re.search(r"激活码：(\d{6})", page.feedback.text())
    assert found, page.feedback.text()
    code = found[1]
    assert "待激活" in column(page.box_table, "grant")[0]
    assert shown(state)["screen"] == "请授权使用"  # not yet activated

    activate = page.boxes.activate_button
    click(qtbot, activate)
    dialog = page.dialog
    assert isinstance(dialog, ActivateDialog)
    type_into(qtbot, dialog.code, "12")
    click(qtbot, dialog.ok)
    assert dialog.problem.text() == "激活码是 6 位数字。" and not page.busy
    type_into(qtbot, dialog.code, f"{(int(code) + 1) % 10**6:06d}")
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: not page.busy, timeout=30000)
    assert dialog.isVisible()
    assert dialog.problem.text() == "平台拒绝了请求：激活码错误，还可尝试 4 次。", (
        dialog.problem.text()
    )
    type_into(qtbot, dialog.code, code)
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)
    idle(qtbot, page)
    assert page.feedback.text() == "预先授权已激活，屏幕：0/2", page.feedback.text()
    # activated at the box: away from the computer (offline mode off) it shows 限制使用 now,
    # no longer 请授权使用
    assert shown(state)["screen"] == "限制使用"
    assert "待激活" not in column(page.box_table, "grant")[0]
    assert not activate.isEnabled()
    assert "待我使用：" in page.boxes.grants.text() and "用印中" in page.boxes.grants.text()
    # in use: 下发授权… offers a 预先授权 for someone else (it waits), with 使用模式 and 用印区域
    click(qtbot, page.grant_button)
    pre = page.dialog
    assert isinstance(pre, GrantDialog)
    assert pre.mode.currentText() == "预先授权（激活码）"
    choose(qtbot, pre.user, "周七（13800000077）")
    type_into(qtbot, pre.count, "1")
    choose(qtbot, pre.usage, "电子印章模式")
    type_into(qtbot, pre.area, "区" * 51)
    click(qtbot, pre.ok)
    assert pre.problem.text() == "用印区域最多 50 个字。" and not page.busy
    type_into(qtbot, pre.area, "三楼档案室")
    click(qtbot, pre.ok)
    qtbot.waitUntil(lambda: not pre.isVisible(), timeout=30000)
    idle(qtbot, page)
    assert "电子印章模式  用印区域：三楼档案室" in page.feedback.text(), page.feedback.text()
    assert "1 人待激活" in column(page.box_table, "grant")[0]
    waiting = page.boxes.grants.text()
    assert "本设备授权：" in waiting and "周七" in waiting and "待激活" in waiting, waiting
    assert shown(state)["screen"] == "限制使用"  # the box has only mine


def choose(qtbot: Any, combo: QComboBox, text: str) -> None:
    """A choice of a combo box with the arrow keys (Home first)."""
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def test_approval_flow_categories_and_templates(
    qtbot, window: MainWindow, server: ServerProcess, sims: Simulators, tmp_path: Path
) -> None:
    """审批流程…: a category added (blank and a second of the same name refused), a template of
    two approvers in order saved as the platform then has it (none, or one person twice, said
    in the dialog), the category kept while the template uses it, both removed after."""
    sims.start("GL", "ZGY_GL", tmp_path / "gl")
    bound = run_cli("sealbox", "bind", "--box", "ZGY_GL", "--name", "合同章")
    assert bound.code == 0, bound.stdout + bound.stderr
    with admin(server) as client:
        for n, name in enumerate(("李一", "王五")):
            made = client.post(f"{API}/people", json={"name": name, "phone": f"1390000001{n}"})
            assert made.status_code == 200, made.text
    synced = run_cli("platform", "sync")
    assert synced.code == 0, synced.stdout + synced.stderr
    page = open_page(qtbot, window)
    click_row(qtbot, page.box_table, "合同章")
    click(qtbot, page.boxes.flow_button)
    idle(qtbot, page)
    dialog = page.dialog
    assert isinstance(dialog, FlowDialog)
    assert dialog.templates.rowCount() == 1 and dialog.templates.item(0, 0).text() == "默认"
    assert dialog.categories.count() == 0

    click(qtbot, dialog.add_button)  # no name
    assert dialog.problem.text() == "请填写类别名称。" and not page.busy
    type_into(qtbot, dialog.category_name, "合同")
    qtbot.keyClick(dialog.category_name, Qt.Key.Key_Return)
    idle(qtbot, page)
    names = [dialog.categories.item(i).text() for i in range(dialog.categories.count())]
    assert names == ["合同"]
    assert page.feedback.text() == "审批流程已保存。" and dialog.category_name.text() == ""
    type_into(qtbot, dialog.category_name, "合同")
    click(qtbot, dialog.add_button)
    idle(qtbot, page)
    assert dialog.problem.text() == "平台拒绝了请求：已有同名用印类别。", dialog.problem.text()
    assert dialog.categories.count() == 1

    assert dialog.category.currentText() == "合同"
    click(qtbot, dialog.save_button)  # no approver
    assert dialog.problem.text() == "请至少选择第 1 审批人。" and not page.busy
    choose(qtbot, dialog.approvers[0], "李一")
    choose(qtbot, dialog.approvers[1], "李一")
    click(qtbot, dialog.save_button)
    assert dialog.problem.text() == "同一人不能重复担任审批人。" and not page.busy
    choose(qtbot, dialog.approvers[1], "王五")
    click(qtbot, dialog.save_button)
    idle(qtbot, page)
    assert not dialog.problem.isVisible(), dialog.problem.text()
    assert dialog.templates.rowCount() == 2
    assert dialog.templates.item(1, 0).text() == "合同"
    assert dialog.templates.item(1, 1).text() == "李一、王五"
    box_id = page.view.boxes[0]["id"]  # type: ignore[union-attr]
    with admin(server) as client:
        templates = client.get(f"{API}/sealbox/templates", params={"box_id": box_id}).json()
    made_here = [t for t in templates["templates"] if not t["system"]]
    assert [[p["name"] for p in t["approvers"]] for t in made_here] == [["李一", "王五"]]

    # another admin changes the template meanwhile: saving the one shown is refused and said,
    # and the dialog shows theirs
    wang = made_here[0]["approvers"][1]["id"]
    body = {"box_id": box_id, "category_id": made_here[0]["category_id"], "approvers": [wang]}
    with admin(server) as client:
        ok(client.put(f"{API}/sealbox/templates", json=body))
    click(qtbot, dialog.save_button)
    idle(qtbot, page)
    assert dialog.problem.text() == (
        "你对用印类别“合同”的审批模板的修改未生效：服务器上已有他人更新的修改，"
        "这里已改为服务器上的内容，请查看后再修改。"
    ), dialog.problem.text()
    assert dialog.templates.item(1, 1).text() == "王五"
    with admin(server) as client:
        templates = client.get(f"{API}/sealbox/templates", params={"box_id": box_id}).json()
    assert [p["name"] for p in templates["templates"][1]["approvers"]] == ["王五"]

    # the category stays while its template uses it
    item = dialog.categories.item(0)
    qtbot.mouseClick(
        dialog.categories.viewport(), LEFT, pos=dialog.categories.visualItemRect(item).center()
    )
    click(qtbot, dialog.remove_category_button)
    idle(qtbot, page)
    assert dialog.problem.text() == (
        "平台拒绝了请求：该用印类别正在被模板或申请使用，不能删除。"
    ), dialog.problem.text()
    assert not dialog.remove_template_button.isEnabled()  # 默认 cannot go
    click_row(qtbot, dialog.templates, "合同")
    click(qtbot, dialog.remove_template_button)
    idle(qtbot, page)
    assert dialog.templates.rowCount() == 1
    click(qtbot, dialog.remove_category_button)
    idle(qtbot, page)
    assert dialog.categories.count() == 0
    with admin(server) as client:
        assert client.get(f"{API}/sealbox/categories").json()["categories"] == []
    click(qtbot, dialog.close_button)
    assert not dialog.isVisible()


CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def chinese_shown(root: QWidget, *data: QWidget) -> list[str]:
    """The visible words of ``root`` and its children that hold Chinese (what a person reads:
    labels, buttons, tab titles, column headers, a combo's choices, a field's hint), leaving
    out ``data`` (names of people, units, boxes)."""
    found: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if (not w.isVisibleTo(root) and w is not root) or w in data:
            continue
        texts: list[str] = []
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        if isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        if isinstance(w, QTabBar):
            texts += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QTableWidget):  # the headers; the cells are data
            texts += [w.horizontalHeaderItem(c).text() for c in range(w.columnCount())]
        if isinstance(w, QTreeWidget):
            texts += [w.headerItem().text(c) for c in range(w.columnCount())]
        if isinstance(w, QComboBox) and w not in data:
            texts += [w.itemText(i) for i in range(w.count())]
        found += [f"{type(w).__name__}: {t}" for t in texts if CJK.search(t)]
    return found


def test_page_in_english_has_no_chinese_left(
    qtbot, english, demo_key: DemoKey, server: ServerProcess, sims: Simulators, tmp_path: Path
) -> None:
    """The app in English (its language setting: Qt's translators with sealdesk_en.qm and Qt's
    own English words): the 印控 page, its tabs and its dialogs show no Chinese of their own
    (names of people, the unit and what the box's screen says are data, left out)."""
    sims.start("GL", "ZGY_GL", tmp_path / "gl")
    bound = run_cli("sealbox", "bind", "--box", "ZGY_GL", "--name", "Finance")
    assert bound.code == 0, bound.stdout + bound.stderr
    i18n.set_language("en")  # the server's words too
    service = KeyService(module_option=demo_key.module_path, settings=Settings())
    win = MainWindow(service)
    qtbot.addWidget(win)
    try:
        win.resize(1280, 800)
        win.show()
        win.show_page("sealbox")
        page = win.sealbox
        idle(qtbot, page)
        assert page.tabs.tabText(0) == "Boxes" and page.boxes.unbind_button.text() == "Unbind…"
        click_row(qtbot, page.box_table, "Finance")
        assert chinese_shown(page, page.who) == []
        snapshot(win, "english")
        buttons = (page.grant_button, page.settings_button, page.boxes.keepers_button)
        for button in (*buttons, page.boxes.flow_button):
            click(qtbot, button)
            idle(qtbot, page)
            dialog = page.dialog
            assert dialog is not None
            # people's names are data; the keepers' list shows only its header here
            data: list[QWidget] = [dialog.user] if isinstance(dialog, GrantDialog) else []
            if isinstance(dialog, FlowDialog):
                data += [*dialog.approvers, *dialog.cc]
                assert dialog.templates.item(0, 0).text() == "Default"
            assert chinese_shown(dialog, *data) == [], dialog
            dialog.reject()
        click(qtbot, page.boxes.unbind_button)
        assert page.confirm_box is not None
        assert chinese_shown(page.confirm_box) == []
        page.confirm_box.reject()
        for index in range(page.tabs.count()):
            page.tabs.setCurrentIndex(index)
            idle(qtbot, page)
            assert chinese_shown(page, page.who) == [], page.tabs.tabText(index)
    finally:
        win.close()
        service.shutdown()
