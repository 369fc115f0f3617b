"""申请用印…'s 文件载体, 添加图片… and 添加附件… in the window, driven with the mouse and keys
against a real server process (PostgreSQL; logged in as the unit's 主管理员 with the SoftHSM2
demo key), the files chosen in Qt's own file dialog by typing their path: each is checked as it
is added (a renamed program, a text file named .png said at once), one is removed; a file the
platform refuses is said with its name and leaves the application there with the files sent
before it; the applicant adds the rest below the 用印申请 list, and 下载文件… saves one."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QLineEdit, QListWidget
from pytestqt.exceptions import TimeoutError

from sealdesk.desktop.gui.main_window import MainWindow
from sealdesk.desktop.gui.sealbox_forms import ApplyDialog
from sealdesk.sealbox import appfiles
from tests.appfile_samples import EXE, PDF, PNG, TEXT, numbered_png
from tests.desktop.test_gui_platform import click, type_into
from tests.desktop.test_gui_sealbox import (
    _own_config,
    admin,
    choose_application,
    choose_tab,
    click_row,
    confirm_yes,
    idle,
    open_page,
    server,
    window,
)
from tests.platform_env import API, ServerProcess, postgres
from tests.server.sealbox_env import bind

__all__ = ["_own_config", "postgres", "server", "window"]
LEFT = Qt.MouseButton.LeftButton


def choose_file(qtbot: Any, owner: Any, path: Path) -> None:
    """In the file dialog ``owner`` opened: the path typed into its name field, then Enter
    (typed again when the dialog, still settling, lost it; Enter again when the first went to
    the completion list the typing opened)."""
    qtbot.waitUntil(lambda: owner.file_dialog is not None and owner.file_dialog.isVisible())
    dialog: QFileDialog = owner.file_dialog
    closed: list[int] = []
    dialog.finished.connect(closed.append)
    # it lists the folder it opens in (the person's home) before it takes typing
    model = dialog.findChild(QFileSystemModel)
    qtbot.waitUntil(lambda: model.rowCount(model.index(dialog.directory().absolutePath())) > 0)
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    assert edit is not None
    for _ in range(3):
        qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(edit, str(path))
        with contextlib.suppress(TimeoutError):  # typed while it was still settling: again
            qtbot.waitUntil(lambda: edit.text() == str(path), timeout=1000)
        if edit.text() != str(path):
            continue
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        with contextlib.suppress(TimeoutError):
            qtbot.waitUntil(lambda: bool(closed), timeout=1000)
        if closed:
            return
    raise AssertionError(f"the file dialog did not take {path}")


def click_item(qtbot: Any, items: QListWidget, text: str) -> None:
    found = next(items.item(i) for i in range(items.count()) if text in items.item(i).text())
    qtbot.mouseClick(items.viewport(), LEFT, pos=items.visualItemRect(found).center())


def texts(items: QListWidget) -> list[str]:
    return [items.item(i).text() for i in range(items.count())]


def test_apply_with_files_a_refused_one_added_again_and_one_downloaded(
    qtbot,
    window: MainWindow,
    server: ServerProcess,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # this client lets bigger files through than the platform takes: its 413 is said
    monkeypatch.setattr(appfiles, "MAX_FILE", 2 * appfiles.MAX_FILE)
    files = tmp_path / "files"
    files.mkdir()
    home = tmp_path / "home"  # where the file dialogs open
    home.mkdir()
    (home / "docs").mkdir()  # what it lists there
    monkeypatch.setenv("HOME", str(home))
    for name, data in (("fake.pdf", EXE), ("note.png", TEXT), ("small.png", PNG),
                       ("big.png", PNG + bytes(750_000)), ("extra.png", numbered_png(3)),
                       ("contract.pdf", PDF)):  # fmt: skip
        (files / name).write_bytes(data)
    with admin(server) as client:
        assert bind(client, name="合同章").status_code == 200
    page = open_page(qtbot, window)
    click_row(qtbot, page.box_table, "合同章")
    click(qtbot, page.boxes.apply_button)
    dialog = page.dialog
    assert isinstance(dialog, ApplyDialog)
    type_into(qtbot, dialog.reason, "采购合同")
    type_into(qtbot, dialog.count, "2")
    type_into(qtbot, dialog.carrier, "纸质")
    click(qtbot, dialog.photo_required, QPoint(8, dialog.photo_required.height() // 2))
    click(qtbot, dialog.ok)
    assert dialog.problem.text() == "已勾选强制上传图片：请至少添加一张文件图片。"

    picker = dialog.picker
    click(qtbot, picker.add_attachment)
    choose_file(qtbot, picker, files / "fake.pdf")
    assert "扩展名不符" in dialog.problem.text() and picker.list.count() == 0
    click(qtbot, picker.add_image)
    choose_file(qtbot, picker, files / "note.png")
    assert "不是 JPEG、PNG 或 GIF" in dialog.problem.text() and picker.list.count() == 0
    for button, name in ((picker.add_image, "small.png"), (picker.add_image, "big.png"),
                         (picker.add_image, "extra.png"),
                         (picker.add_attachment, "contract.pdf")):  # fmt: skip
        click(qtbot, button)
        choose_file(qtbot, picker, files / name)
    assert not dialog.problem.isVisible()
    click_item(qtbot, picker.list, "extra.png")
    click(qtbot, picker.remove)
    assert texts(picker.list) == ["图片：small.png", "图片：big.png", "附件：contract.pdf"]

    # sent: small.png goes, big.png is refused by the platform (over 700 kB)
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)
    idle(qtbot, page)
    said = page.feedback.text()
    assert "big.png" in said and "未上传" in said and "700 KB" in said, said

    # the application is there with small.png; its applicant adds the attachment below it
    choose_tab(qtbot, page.tabs, "用印申请")
    choose_application(qtbot, page, "采购合同")
    shown = page.applications.files
    assert "载体：纸质" in page.applications.details.text()
    assert texts(shown.list) == ["图片：small.png（png，1 KB）"]
    click(qtbot, shown.add_attachment)
    choose_file(qtbot, shown, files / "contract.pdf")
    idle(qtbot, page)
    assert page.feedback.text() == "已上传 1 个文件。"
    choose_application(qtbot, page, "采购合同")
    assert texts(shown.list) == ["图片：small.png（png，1 KB）", "附件：contract.pdf（pdf，1 KB）"]

    # 下载文件… saves the chosen one where the person says
    click_item(qtbot, shown.list, "contract.pdf")
    click(qtbot, shown.download_button)
    target = tmp_path / "saved.pdf"
    choose_file(qtbot, shown, target)
    idle(qtbot, page)
    assert target.read_bytes() == PDF
    assert page.feedback.text() == f"已保存：{target}"

    # 删除文件… takes the chosen one off, after a confirmation
    click_item(qtbot, shown.list, "contract.pdf")
    click(qtbot, shown.delete_button)
    confirm_yes(qtbot, page)
    assert page.feedback.text() == "已删除“contract.pdf”。"
    choose_application(qtbot, page, "采购合同")
    assert texts(shown.list) == ["图片：small.png（png，1 KB）"]
    with admin(server) as client:
        app = client.get(f"{API}/sealbox/applications").json()["applications"][0]
        assert client.post(f"{API}/sealbox/applications/{app['id']}/approve",
                           json={}).status_code == 200  # fmt: skip  # an image is there
    # approved: its files are as they are
    click(qtbot, page.refresh_button)
    idle(qtbot, page)
    choose_application(qtbot, page, "采购合同")
    click_item(qtbot, shown.list, "small.png")
    assert shown.download_button.isEnabled() and not shown.delete_button.isEnabled()
