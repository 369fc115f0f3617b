"""The window's 印控 page and home page, driven with the mouse against a real server process
(over PostgreSQL, logged in as the unit's 主管理员 with the SoftHSM2 demo key): 使用记录's tabs
全部 / 我使用 / 我管理 as the platform filters them; 申请用印… refused while 强制上传记录 is owed;
the home page's 待我审批; 重命名… a box; the photos a fetch refused."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from sealdesk.desktop.gui.main_window import PAGES, MainWindow
from sealdesk.desktop.gui.sealbox_export import ExportDialog
from sealdesk.desktop.gui.sealbox_forms import ApplyDialog, RenameDialog
from sealdesk.sealbox.simulator.box import Box
from tests.appfile_samples import PNG
from tests.conftest import run_cli
from tests.desktop.test_gui_platform import click, type_into
from tests.desktop.test_gui_sealbox import (
    _own_config,
    admin,
    bind_box,
    choose_tab,
    click_row,
    column,
    grant_by_cli,
    idle,
    open_page,
    press,
    server,
    sims,
    snapshot,
    window,
)
from tests.desktop.test_gui_sealbox_files import choose_file
from tests.platform_env import API, ServerProcess, postgres
from tests.sealbox.test_cli import Simulators
from tests.server.sealbox_env import bind, grant_body
from tests.server.test_sealbox_api import Carrier

__all__ = ["_own_config", "postgres", "server", "sims", "window"]
LEFT = Qt.MouseButton.LeftButton


def upload(client: httpx.Client, box_id: str, users: list[str]) -> None:
    """Stamps by ``users`` (one each, in order) as a client at the box uploads them."""
    now = int(time.time() * 1000)
    records = [
        {"seq": seq, "kind": "stamp", "time_ms": now - 1000 * (len(users) - seq),
         "user_id": user, "used": seq + 1}
        for seq, user in enumerate(users)
    ]  # fmt: skip
    reply = client.post(f"{API}/sealbox/boxes/{box_id}/records", json={"records": records})
    assert reply.status_code == 200, reply.text


def test_records_tabs_all_mine_managed(
    qtbot, window: MainWindow, server: ServerProcess, sims: Simulators, tmp_path: Path
) -> None:
    added = run_cli("platform", "people", "add", "--name", "张三", "--phone", "13800000001",
                    "--json")  # fmt: skip
    assert added.code == 0, added.stdout + added.stderr
    zhang = added.json["result"]["id"]  # type: ignore[index]
    with admin(server) as client:
        me = client.get(f"{API}/me").json()["user"]
        box = bind(client, name="财务章").json()["box"]
        upload(client, box["id"], [zhang, me["id"], zhang])
    page = open_page(qtbot, window)
    choose_tab(qtbot, page.tabs, "使用记录")
    views = page.records.views
    assert [views.tabText(i) for i in range(views.count())] == ["全部", "我使用", "我管理"]
    assert column(page.stamp_table, "user") == ["张三", me["name"], "张三"]

    qtbot.mouseClick(views, LEFT, pos=views.tabRect(1).center())  # 我使用
    idle(qtbot, page)
    assert column(page.stamp_table, "user") == [me["name"]]
    assert column(page.stamp_table, "used") == ["2"]
    snapshot(window, "records-mine")
    qtbot.mouseClick(views, LEFT, pos=views.tabRect(2).center())  # 我管理: an admin, every box
    idle(qtbot, page)
    assert column(page.stamp_table, "user") == ["张三", me["name"], "张三"]
    assert not page.records.note.isVisible()

    # 刷新 keeps the tab chosen
    qtbot.mouseClick(views, LEFT, pos=views.tabRect(1).center())
    idle(qtbot, page)
    qtbot.mouseClick(page.refresh_button, LEFT)
    idle(qtbot, page)
    assert views.currentIndex() == 1 and column(page.stamp_table, "user") == [me["name"]]


def test_apply_refused_while_forced_records_are_owed(
    qtbot, window: MainWindow, server: ServerProcess, sims: Simulators, tmp_path: Path
) -> None:
    """申请用印… checks its fields before sending; while the person's last grant (强制上传记录)
    has a record the box holds and the platform lacks, the platform's refusal is said in the
    dialog (which records, what to do) and nothing is made; once uploaded, the same 提交申请
    goes through."""
    with admin(server) as client:
        me = client.get(f"{API}/me").json()["user"]
        sim = Box.create(tmp_path / "gl", model="GL", name="ZGY_GL")
        reply = bind(client, device_id=sim.device_id, name="财务章").json()
        sim.bind(bytes.fromhex(reply["platform_key"]), "财务章", reply["unit_name"])
        box = reply["box"]
        carrier = Carrier(client, box["id"], sim)
        body = grant_body(box["id"], me["id"], count=2, force_upload=True)
        assert client.post(f"{API}/sealbox/grants", json=body).status_code == 200
        carrier.contact()
        sim.set_connected(1)
        assert sim.press().stamped
        carrier.contact()  # the box holds a record the platform does not have
    page = open_page(qtbot, window)
    click_row(qtbot, page.box_table, "财务章")
    click(qtbot, page.boxes.apply_button)
    dialog = page.dialog
    assert isinstance(dialog, ApplyDialog)
    click(qtbot, dialog.ok)
    assert dialog.isVisible() and dialog.problem.text() == "请填写事由。"
    type_into(qtbot, dialog.reason, "采购合同盖章")
    for bad, said in (("501", "最多 500 次"), ("", "请填写用印次数")):
        type_into(qtbot, dialog.count, bad)
        click(qtbot, dialog.ok)
        assert said in dialog.problem.text() and dialog.isVisible()
    type_into(qtbot, dialog.count, "3")
    type_into(qtbot, dialog.note, "长" * 121)
    click(qtbot, dialog.ok)
    assert dialog.problem.text() == "备注最多 120 个字。" and not page.busy
    type_into(qtbot, dialog.note, "加急")
    click(qtbot, dialog.ok)
    idle(qtbot, page)
    assert dialog.isVisible(), page.feedback.text()
    said = dialog.problem.text()
    assert "强制上传记录" in said and "1 条记录未上传" in said and "取回记录" in said, said
    shot = os.environ.get("SEALDESK_TEST_SHOTS")
    if shot:
        dialog.grab().save(str(Path(shot) / "sealbox-apply-owed.png"))
    with admin(server) as client:
        assert client.get(f"{API}/sealbox/applications",
                          params={"view": "mine"}).json()["applications"] == []  # fmt: skip
        Carrier(client, box["id"], sim).upload()
    click(qtbot, dialog.ok)  # the same form, sent again
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)
    idle(qtbot, page)
    assert "已提交用印申请：采购合同盖章（3 次）" in page.feedback.text(), page.feedback.text()
    choose_tab(qtbot, page.tabs, "用印申请")
    assert column(page.app_table, "reason") == ["采购合同盖章"]


def go_to(qtbot: Any, win: MainWindow, name: str) -> None:
    """A click on the page's entry in the navigation."""
    row = PAGES.index(name)
    rect = win.nav.visualItemRect(win.nav.item(row))
    qtbot.mouseClick(win.nav.viewport(), LEFT, pos=rect.center())
    assert win.current_page() == name


def test_home_page_shows_three_waiting_for_me(
    qtbot, window: MainWindow, server: ServerProcess, sims: Simulators
) -> None:
    """首页's 待我审批: nothing before the platform login; with four applications waiting for
    the 主管理员 (the box has no keeper: the admins decide), the newest three and “还有 1 条”,
    前往审批 opens the 印控 page's 用印申请 tab; once decided, nothing again."""
    approvals = window.home.approvals
    qtbot.waitUntil(lambda: not approvals.loading, timeout=30000)
    assert not approvals.isVisible()  # the window came up before the login
    with admin(server) as client:
        box = bind(client, name="财务章").json()["box"]
        made = []
        for n in range(4):
            body = {"box_id": box["id"], "reason": f"合同{n + 1}", "count": n + 1,
                    "not_after": int(time.time()) + 3600}  # fmt: skip
            made.append(client.post(f"{API}/sealbox/applications", json=body).json())
            time.sleep(0.01)
    go_to(qtbot, window, "sign")
    go_to(qtbot, window, "home")  # shown again: asked again
    qtbot.waitUntil(approvals.isVisible, timeout=30000)
    assert approvals.title() == "待我审批（4）"
    lines = [label.text() for label in approvals.labels]
    assert len(lines) == 3 and lines[0].startswith(f"{made[3]['application']['applicant_name']}")
    assert ["合同4" in lines[0], "合同3" in lines[1], "合同2" in lines[2]] == [True] * 3
    assert "财务章" in lines[0] and "4 次" in lines[0]
    assert approvals.more.text() == "还有 1 条"
    snapshot(window, "home-todo")

    click(qtbot, approvals.open_button)
    page = window.sealbox
    assert window.current_page() == "sealbox" and page.tabs.currentWidget() is page.applications
    idle(qtbot, page)
    assert column(page.app_table, "state") == ["待我审批"] * 4

    with admin(server) as client:
        for m in made:
            app_id = m["application"]["id"]
            reply = client.post(f"{API}/sealbox/applications/{app_id}/reject",
                                json={"reason": "不批"})  # fmt: skip
            assert reply.status_code == 200, reply.text
    go_to(qtbot, window, "home")
    qtbot.waitUntil(lambda: not approvals.loading, timeout=30000)
    assert not approvals.isVisible() and approvals.shown is not None
    assert approvals.shown.total == 0


def test_rename_a_box_in_the_window(
    qtbot, window: MainWindow, server: ServerProcess, sims: Simulators
) -> None:
    """重命名… (the 主管理员): the dialog holds the name and note the platform has; a blank or
    too long name is said in it and nothing is sent; then the platform and the list have the
    new ones."""
    with admin(server) as client:
        box = bind(client, name="财务章", note="旧备注").json()["box"]
    page = open_page(qtbot, window)
    click_row(qtbot, page.box_table, "财务章")
    snapshot(window, "boxes-buttons")
    click(qtbot, page.boxes.rename_button)
    dialog = page.dialog
    assert isinstance(dialog, RenameDialog)
    assert (dialog.name.text(), dialog.note.text()) == ("财务章", "旧备注")
    for bad, said in (("", "请填写设备名称。"), ("章" * 51, "设备名称最多 50 个字。")):
        type_into(qtbot, dialog.name, bad)
        click(qtbot, dialog.ok)
        assert dialog.isVisible() and dialog.problem.text() == said and not page.busy
    type_into(qtbot, dialog.name, "公章")
    type_into(qtbot, dialog.note, "放在财务室")
    shot = os.environ.get("SEALDESK_TEST_SHOTS")
    if shot:
        dialog.grab().save(str(Path(shot) / "sealbox-rename.png"))
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)
    idle(qtbot, page)
    assert "印章盒“财务章”已改名为“公章”。" in page.feedback.text(), page.feedback.text()
    assert column(page.box_table, "name") == ["公章"]
    with admin(server) as client:
        now = client.get(f"{API}/sealbox/boxes/{box['id']}").json()["box"]
    assert (now["name"], now["note"]) == ("公章", "放在财务室")


def test_records_fetch_says_the_photos_it_refused(
    qtbot, window: MainWindow, server: ServerProcess, sims: Simulators, tmp_path: Path
) -> None:
    """取回记录 from a box (its own process) one of whose photos is not a JPEG: the page says
    that one photo was not kept and will be asked again; the next fetch, with the box
    mended, keeps it and says nothing of refusals."""
    state = tmp_path / "gl"
    sims.start("GL", "ZGY_GL", state)
    added = run_cli("platform", "people", "add", "--name", "张三", "--phone", "13800000001")
    assert added.code == 0, added.stdout + added.stderr
    page = open_page(qtbot, window)
    bind_box(qtbot, page, "财务章")
    grant_by_cli("财务章", "13800000001")
    code = run_cli("sealbox", "offline-code", "--box", "财务章", "--json").json["code"]  # type: ignore[index]
    on = run_cli("sealbox", "settings", "--box", "财务章", "--offline", "on", "--code", code)
    assert on.code == 0, on.stdout + on.stderr
    assert [press(sims, state)["stamped"] for _ in range(2)] == [True, True]
    with sqlite3.connect(state / "box.sqlite") as db:  # the box's first photo goes bad
        good = db.execute("SELECT photo FROM records ORDER BY seq LIMIT 1").fetchone()[0]
        db.execute("UPDATE records SET photo = ? WHERE seq = 0", (b"PK" + good[2:],))
    click_row(qtbot, page.box_table, "财务章")
    click(qtbot, page.records_button)
    idle(qtbot, page)
    said = page.feedback.text()
    assert "取回 2 条新记录、1 张照片" in said and "有 1 张照片与记录不符，未保存" in said, said
    with sqlite3.connect(state / "box.sqlite") as db:
        db.execute("UPDATE records SET photo = ? WHERE seq = 0", (good,))
    choose_tab(qtbot, page.tabs, "印章盒")
    click_row(qtbot, page.box_table, "财务章")
    click(qtbot, page.records_button)
    idle(qtbot, page)
    said = page.feedback.text()
    assert "取回 0 条新记录、1 张照片" in said and "不符" not in said, said


def choose(qtbot: Any, combo: Any, text: str) -> None:
    """Open the drop-down with the mouse and click ``text`` in its list."""
    click(qtbot, combo)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    index = combo.findText(text)
    assert index >= 0, f"{text} not in the list"
    rect = view.visualRect(view.model().index(index, 0))
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # a release sooner is not a choice
    qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible())
    assert combo.currentText() == text


def test_apply_with_category_file_department_area_code(
    qtbot,
    window: MainWindow,
    server: ServerProcess,
    sims: Simulators,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """申请用印… offers the unit's 用印类别 and 部门 and takes 文件名称/类型/份数, 区域, 文件标识
    and 强制上传图片 (then an image, chosen in the file dialog); a wrong 69-barcode check
    digit, a 51-character 区域 or 0 份 is said in the dialog before anything is sent; a
    department removed on the platform meanwhile is said in the dialog (nothing made); what
    was sent shows under the 用印申请 list."""
    with admin(server) as client:
        box = bind(client, name="财务章").json()["box"]
        category = client.post(f"{API}/sealbox/categories", json={"name": "合同类"})
        assert category.status_code == 200, category.text
        made = {}
        for name in ("财务部", "撤销部"):
            reply = client.post(f"{API}/departments", json={"name": name})
            assert reply.status_code == 200, reply.text
            made[name] = reply.json()["department"]["id"]
    home = tmp_path / "home"  # where the file dialog opens
    (home / "docs").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    page = open_page(qtbot, window)
    click_row(qtbot, page.box_table, "财务章")
    click(qtbot, page.boxes.apply_button)
    dialog = page.dialog
    assert isinstance(dialog, ApplyDialog)
    items = [dialog.department.itemText(i) for i in range(dialog.department.count())]
    assert items == ["（无）", "撤销部", "财务部"]
    assert [dialog.category.itemText(i) for i in range(dialog.category.count())] == [
        "（无）", "合同类",
    ]  # fmt: skip
    type_into(qtbot, dialog.reason, "采购合同盖章")
    type_into(qtbot, dialog.count, "2")
    choose(qtbot, dialog.category, "合同类")
    type_into(qtbot, dialog.file_name, "采购合同")
    type_into(qtbot, dialog.file_type, "合同")
    choose(qtbot, dialog.department, "撤销部")
    for field, bad, said in (
        (dialog.file_code, "6901234567891", "校验位不对"),
        (dialog.file_code, "码" * 201, "最多 200 个字"),
        (dialog.area, "区" * 51, "区域最多 50 个字"),
        (dialog.copies, "0", "份数应为 1 到 10000 的整数"),
    ):
        type_into(qtbot, field, bad)
        click(qtbot, dialog.ok)
        assert said in dialog.problem.text() and dialog.isVisible() and not page.busy
        assert dialog.focusWidget() is field  # the field named is the one to fix
        type_into(qtbot, field, "")
    type_into(qtbot, dialog.copies, "3")
    type_into(qtbot, dialog.area, "三楼档案室")
    type_into(qtbot, dialog.file_code, "6901234567892")
    box_at = QPoint(8, dialog.photo_required.height() // 2)  # its tick box, not the blank
    click(qtbot, dialog.photo_required, box_at)
    assert dialog.photo_required.isChecked()
    click(qtbot, dialog.ok)  # 强制上传图片 needs an image with the application
    assert dialog.problem.text() == "已勾选强制上传图片：请至少添加一张文件图片。"
    scan = tmp_path / "scan.png"
    scan.write_bytes(PNG)
    click(qtbot, dialog.picker.add_image)
    choose_file(qtbot, dialog.picker, scan)
    with admin(server) as client:  # the department goes while the dialog is open
        assert client.delete(f"{API}/departments/{made['撤销部']}").status_code == 200
    click(qtbot, dialog.ok)
    idle(qtbot, page)
    said = dialog.problem.text()
    assert dialog.isVisible() and "本单位没有这个部门" in said and "已删除" in said, said
    with admin(server) as client:
        assert client.get(f"{API}/sealbox/applications",
                          params={"view": "all"}).json()["applications"] == []  # fmt: skip
    choose(qtbot, dialog.department, "财务部")
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)
    idle(qtbot, page)
    with admin(server) as client:
        [sent] = client.get(f"{API}/sealbox/applications",
                            params={"view": "all"}).json()["applications"]  # fmt: skip
    assert (sent["department_id"], sent["area"], sent["file_code"]) == (
        made["财务部"], "三楼档案室", "6901234567892",
    )  # fmt: skip
    assert (sent["file_name"], sent["file_type"], sent["copies"]) == ("采购合同", "合同", 3)
    assert sent["photo_required"] is True and sent["category_id"] is not None
    assert sent["box_id"] == box["id"] and [f["name"] for f in sent["files"]] == ["scan.png"]
    choose_tab(qtbot, page.tabs, "用印申请")
    table = page.applications.table
    click_row(qtbot, table, table.item(0, 0).text())
    shown = page.applications.details.text()
    for line in (
        "用印类别：合同类", "文件：采购合同（合同，3 份）", "部门：财务部",
        "区域：三楼档案室", "文件标识（条码）：6901234567892", "强制上传图片",
    ):  # fmt: skip
        assert line in shown, shown


def test_export_records_mails_the_days_chosen(
    qtbot, window: MainWindow, server: ServerProcess, sims: Simulators
) -> None:
    """导出记录… on 使用记录: the box chosen on 设备 comes preselected; a wrong address is said
    in the dialog and nothing is mailed; the right one closes it and the platform mails the
    CSV. The command line does the same, and refuses a range that ends before it starts
    before asking the platform (exit 2)."""
    with admin(server) as client:
        me = client.get(f"{API}/me").json()["user"]
        bind(client, name="人事章")
        box = bind(client, name="档案章").json()["box"]
        upload(client, box["id"], [me["id"], me["id"]])
    mailed = len(server.mails())
    page = open_page(qtbot, window)
    click_row(qtbot, page.box_table, "档案章")
    choose_tab(qtbot, page.tabs, "使用记录")
    click(qtbot, page.records.export_button)
    dialog = page.dialog
    assert isinstance(dialog, ExportDialog)
    assert dialog.box.currentText() == "档案章"
    type_into(qtbot, dialog.email, "archive at example")
    click(qtbot, dialog.ok)
    assert dialog.isVisible() and "邮箱" in dialog.problem.text()
    type_into(qtbot, dialog.email, "archive@example.cn")
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)
    idle(qtbot, page)
    assert (
        "已导出 2 条记录" in page.feedback.text() and "archive@example.cn" in page.feedback.text()
    )
    assert len(server.mails()) == mailed + 1
    csv_file = next(server.mails()[-1].iter_attachments()).get_payload(decode=True)
    assert csv_file.decode("utf-8-sig").count(me["name"]) == 2

    today = time.strftime("%Y-%m-%d")
    done = run_cli("sealbox", "export", "档案章", "--from", today, "--to", today,
                   "--email", "a@example.cn", "--json")  # fmt: skip
    assert done.code == 0, done.stdout + done.stderr
    assert done.json == {"records": 2, "email": "a@example.cn"}
    backwards = run_cli("sealbox", "export", "档案章", "--from", today, "--to", "2020-01-01",
                        "--email", "a@example.cn")  # fmt: skip
    assert backwards.code == 2 and "开始日期晚于结束日期" in backwards.stderr
    assert len(server.mails()) == mailed + 2
