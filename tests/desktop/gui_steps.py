"""Steps of the signing workspace as a person takes them, shared by the window's tests."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox


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
