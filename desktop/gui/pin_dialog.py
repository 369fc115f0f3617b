"""The secrets the window asks for: the PIN dialog (which key, how many tries are left, a locked
key said plainly) and an encrypted PDF's password."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    from sealdesk.ukey import TokenInfo


class PinDialog(QDialog):
    """Asks for the PIN of one key; never stores it. Open with ``open()`` (window-modal)."""

    def __init__(self, parent: QWidget | None, token: TokenInfo, problem: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("gui.pin_title"))
        self.token = token
        layout = QVBoxLayout(self)
        prompt = QLabel(tr("prompt.pin", label=token.label))
        layout.addWidget(prompt)
        pin = token.pin
        if pin.locked:
            hint, colour = tr("err.pin_locked"), "#c62828"
        elif pin.final_try:
            hint, colour = tr("gui.pin_final_try"), "#c62828"
        elif pin.count_low and not problem:  # a wrong PIN just now says it once, below
            hint, colour = tr("gui.pin_count_low"), "#b26a00"
        else:
            hint, colour = tr("gui.pin_hint"), "#555"
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {colour};")
        layout.addWidget(self.hint)
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setEnabled(not pin.locked)
        self.edit.setAccessibleName("PIN")
        prompt.setBuddy(self.edit)
        layout.addWidget(self.edit)
        self.problem = QLabel(problem)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828; font-weight: bold;")
        self.problem.setVisible(bool(problem))
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not pin.locked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)
        self.edit.setFocus()

    def pin(self) -> str:
        return self.edit.text()

    def done(self, result: int) -> None:
        super().done(result)
        if result != QDialog.DialogCode.Accepted:
            self.edit.clear()


class ChangePinDialog(QDialog):
    """Current PIN, new PIN twice; refuses two different new PINs before reaching the key.
    Never stores a PIN: the fields are cleared when it closes."""

    def __init__(self, parent: QWidget | None, token: TokenInfo, problem: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("gui.change_pin_title"))
        self.token = token
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("gui.change_pin_for", label=token.label)))
        self.old = QLineEdit()
        self.new = QLineEdit()
        self.again = QLineEdit()
        for text, edit in (
            ("prompt.old_pin", self.old),
            ("prompt.new_pin", self.new),
            ("prompt.new_pin_again", self.again),
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setEnabled(not token.pin.locked)
            layout.addWidget(QLabel(tr(text).strip()))
            layout.addWidget(edit)
        self.problem = QLabel(tr("err.pin_locked") if token.pin.locked else problem)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828; font-weight: bold;")
        self.problem.setVisible(bool(self.problem.text()))
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not token.pin.locked)
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)
        self.old.setFocus()

    def _check(self) -> None:
        if not self.new.text() or self.new.text() != self.again.text():
            self.problem.setText(tr("err.pin_mismatch"))
            self.problem.setVisible(True)
            self.again.clear()
            self.again.setFocus()
            return
        self.accept()

    def pins(self) -> tuple[str, str]:
        return self.old.text(), self.new.text()

    def done(self, result: int) -> None:
        super().done(result)
        for edit in (self.old, self.new, self.again):
            edit.clear()


def ask_pdf_password(
    parent: QWidget, name: str, problem: str, then: Callable[[str], None]
) -> QInputDialog:
    """Ask for an encrypted PDF's password as a viewer would (``problem`` says why: needed, or
    wrong); ``then`` gets it. The password stays in memory for this file only."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(tr("gui.pdf_password_title"))
    dialog.setLabelText(tr("gui.pdf_password_ask", name=name) + "\n" + problem)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.textValueSelected.connect(then)
    dialog.open()
    return dialog
