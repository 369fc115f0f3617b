"""Steps of the signing workspace as a person takes them, shared by the window's tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from sealdesk.app.settings import Settings
from sealdesk.desktop.gui.key_service import KeyService
from sealdesk.desktop.gui.main_window import MainWindow


def sign_window(qtbot: Any, module_path: str) -> MainWindow:
    """The window on its 文件签章 page, with the key in ``module_path`` seen."""
    service = KeyService(module_option=module_path, settings=Settings())
    win = MainWindow(service)
    qtbot.addWidget(win)
    win.resize(1180, 780)
    win.show()
    with qtbot.waitSignal(service.snapshot, timeout=10000):
        service.refresh()
    win.show_page("sign")
    return win


def close_window(win: MainWindow) -> None:
    win.close()
    win.service.shutdown()


def open_document(qtbot: Any, ws: Any, path: Path) -> None:
    """Open ``path`` in the workspace and wait until its first page is drawn."""
    with qtbot.waitSignal(ws.first_page_shown, timeout=10000):
        ws.open_file(path)
    qtbot.waitUntil(lambda: ws.pages[0].picture is not None, timeout=5000)


def confirm(qtbot: Any, ws: Any, existing: str | None = None) -> Any:
    """The confirmation before the PIN: wait for it, choose what happens to signed copies
    that exist (``existing``), press 继续. Returns the dialog."""
    qtbot.waitUntil(
        lambda: ws.confirm_dialog is not None and ws.confirm_dialog.isVisible(), timeout=30000
    )
    dialog = ws.confirm_dialog
    if existing is not None:
        dialog.existing.setCurrentIndex(dialog.existing.findData(existing))
    go = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(go, Qt.MouseButton.LeftButton)
    return dialog


def press_sign(qtbot: Any, ws: Any, existing: str | None = None) -> Any:
    """完成签署 with the mouse, then 继续 in the confirmation. Returns the confirmation."""
    qtbot.mouseClick(ws.sign_button, Qt.MouseButton.LeftButton)
    return confirm(qtbot, ws, existing)
