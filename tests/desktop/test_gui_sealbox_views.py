"""The window's 印控 page and home page, driven with the mouse against a real server process
(over PostgreSQL, logged in as the unit's 主管理员 with the SoftHSM2 demo key): 使用记录's tabs
全部 / 我使用 / 我管理 as the platform filters them."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
from PySide6.QtCore import Qt

from sealdesk.desktop.gui.main_window import MainWindow
from tests.conftest import run_cli
from tests.desktop.test_gui_sealbox import (
    _own_config,
    admin,
    choose_tab,
    column,
    idle,
    open_page,
    server,
    sims,
    snapshot,
    window,
)
from tests.platform_env import API, ServerProcess, postgres
from tests.sealbox.test_cli import Simulators
from tests.server.sealbox_env import bind

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
