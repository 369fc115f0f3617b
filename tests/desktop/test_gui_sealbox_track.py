"""The 印控 page's 本机位置 and 轨迹…, driven with the mouse and keys against a real server
process (PostgreSQL, the 主管理员 logged in with the SoftHSM2 demo key): a place too long is
said and not kept; the records carry their 使用位置; 轨迹 lists a box's uses with its last
known position and searches them by person, place and time, what is wrong with a search said
in the dialog before anything is sent."""

from __future__ import annotations

import time

from sealdesk.app import sealbox_track
from sealdesk.desktop.gui.main_window import MainWindow
from sealdesk.desktop.gui.sealbox_track import TrackDialog
from tests.conftest import run_cli
from tests.desktop.test_gui_platform import click, type_into
from tests.desktop.test_gui_sealbox import (
    _own_config,
    admin,
    choose_tab,
    click_row,
    column,
    idle,
    open_page,
    server,
    sims,
    window,
)
from tests.platform_env import API, ServerProcess, postgres
from tests.sealbox.test_cli import Simulators
from tests.server.sealbox_env import bind, grant_body

__all__ = ["_own_config", "postgres", "server", "sims", "window"]
HERE, THERE = "总部3楼档案室", "分公司"


def test_place_records_and_track_in_the_window(
    qtbot, window: MainWindow, server: ServerProcess, sims: Simulators
) -> None:
    page = open_page(qtbot, window)
    bar = page.place_bar
    type_into(qtbot, bar.edit, "位" * 51)
    click(qtbot, bar.save_button)
    assert page.feedback.text() == "位置最多 50 个字。" and sealbox_track.place() == ""
    type_into(qtbot, bar.edit, HERE)
    click(qtbot, bar.save_button)
    assert HERE in page.feedback.text() and sealbox_track.place() == HERE

    added = run_cli("platform", "people", "add", "--name", "张三", "--phone", "13800000001",
                    "--json")  # fmt: skip
    zhang = added.json["result"]["id"]  # type: ignore[index]
    now = int(time.time() * 1000)
    with admin(server) as client:
        me = client.get(f"{API}/me").json()["user"]
        box = bind(client, name="财务章").json()["box"]
        # 通知: the grant texts its authorizer, the 主管理员 here, who has no phone
        body = grant_body(box["id"], zhang, notify=True)
        grant = client.post(f"{API}/sealbox/grants", json=body).json()["grant"]["id"]
        for seq, (user, place) in enumerate(((zhang, HERE), (me["id"], THERE))):
            record = {"seq": seq, "kind": "stamp", "time_ms": now - 60_000 + seq * 1000,
                      "user_id": user, "used": seq + 1,
                      "grant_id": grant if user == zhang else ""}  # fmt: skip
            info = {"device_id": box["device_id"], "place": place}
            body = {"records": [record], "info": info}
            reply = client.post(f"{API}/sealbox/boxes/{box['id']}/records", json=body)
            assert reply.status_code == 200, reply.text
    click(qtbot, page.refresh_button)
    idle(qtbot, page)
    choose_tab(qtbot, page.tabs, "使用记录")
    idle(qtbot, page)
    assert column(page.stamp_table, "place") == [THERE, HERE]

    choose_tab(qtbot, page.tabs, "印章盒")
    click_row(qtbot, page.box_table, "财务章")
    assert page.boxes.grants.text().startswith(f"最后已知位置：{THERE}")
    click(qtbot, page.boxes.track_button)
    dialog = page.dialog
    assert isinstance(dialog, TrackDialog)
    idle(qtbot, page)
    assert dialog.position.text().startswith(f"最后已知位置：{THERE}")
    assert column(dialog.table, "user") == [me["name"], "张三"]
    assert column(dialog.table, "place") == [THERE, HERE]
    assert dialog.sms_note.text() == "1 条用印短信未发送：接收人没有手机号。"

    type_into(qtbot, dialog.person, "张")
    click(qtbot, dialog.ok)
    idle(qtbot, page)
    assert column(dialog.table, "place") == [HERE]
    type_into(qtbot, dialog.place, "不在这")
    click(qtbot, dialog.ok)
    idle(qtbot, page)
    assert dialog.table.rowCount() == 0 and dialog.note.text() == "没有符合条件的使用记录。"

    # bad searches: said in the dialog, nothing sent
    type_into(qtbot, dialog.place, "")
    type_into(qtbot, dialog.start, "2026-13-40")
    click(qtbot, dialog.ok)
    assert dialog.problem.text().startswith("时间无法识别") and not page.busy
    type_into(qtbot, dialog.start, "2026-12-07")
    type_into(qtbot, dialog.end, "2026-12-06")
    click(qtbot, dialog.ok)
    assert dialog.problem.text() == "开始时间晚于结束时间。" and not page.busy
    today = time.strftime("%Y-%m-%d")
    type_into(qtbot, dialog.start, today)
    type_into(qtbot, dialog.end, today)
    click(qtbot, dialog.ok)
    idle(qtbot, page)
    assert not dialog.problem.isVisible() and column(dialog.table, "place") == [HERE]
