"""The platform pages' dialogs: a person (添加人员 / 编辑), 设置密码 after a first SMS login,
the unit's departments, and the confirmation before a removal."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sealdesk.desktop.gui.platform_page import platform
from sealdesk.desktop.gui.worker import message_of
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    pass


def fill_departments(combo: QComboBox, departments: list[dict[str, Any]], chosen: Any) -> None:
    """未加入部门 first, then the unit's departments; ``chosen`` (an id or None) selected."""
    combo.clear()
    combo.addItem(tr("gui.platform_no_department"), None)
    for d in departments:
        combo.addItem(d["name"], d["id"])
    index = combo.findData(chosen) if chosen else 0
    combo.setCurrentIndex(max(index, 0))


class FormDialog(QDialog):
    """A form that checks its values (:meth:`check`: a message, or "" when they pass), says
    what is wrong under them, and stays open, 确定 disabled, while the page sends them."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.body = QVBoxLayout(self)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828; font-weight: bold;")
        self.problem.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(420)

    def finish(self, first: QWidget) -> None:
        """Below the fields: the problem line and the buttons; ``first`` takes the focus."""
        self.body.addWidget(self.problem)
        self.body.addWidget(self.buttons)
        first.setFocus()

    def check(self) -> str:
        return ""

    def _ok(self) -> None:
        problem = self.check()
        if problem:
            self.show_problem(problem)
            return
        self.problem.setVisible(False)
        self.set_busy(True)
        self.submitted.emit()

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(True)

    def set_busy(self, busy: bool) -> None:
        self.ok.setEnabled(not busy)

    def unbusy(self) -> None:
        """The page stopped waiting (取消): the form can be sent again."""
        self.set_busy(False)


class PersonDialog(FormDialog):
    """真实姓名, 手机号, 身份证号, 部门: checked here (what the server would refuse for its form
    is said at once, by the field); ``submitted`` then, and the page sends :meth:`values`.
    The dialog stays open until the server has taken it, with its refusal shown here."""

    def __init__(
        self,
        parent: QWidget | None,
        departments: list[dict[str, Any]],
        person: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(
            parent, tr("gui.platform_edit_person" if person else "gui.platform_add_person")
        )
        self.person = person
        self.name = QLineEdit(person["name"] if person else "")
        self.phone = QLineEdit((person or {}).get("phone") or "")
        self.id_number = QLineEdit((person or {}).get("id_number") or "")
        self.name.setMaxLength(50)
        self.phone.setMaxLength(20)
        self.id_number.setMaxLength(18)
        self.phone.setPlaceholderText(tr("gui.platform_phone_hint"))
        self.id_number.setPlaceholderText(tr("gui.platform_id_hint"))
        self.department = QComboBox()
        fill_departments(self.department, departments, (person or {}).get("department_id"))
        form = QFormLayout()
        for key, widget in (
            ("gui.platform_col_name", self.name),
            ("gui.platform_col_phone", self.phone),
            ("gui.platform_col_id", self.id_number),
            ("gui.platform_col_department", self.department),
        ):
            widget.setAccessibleName(tr(key))
            form.addRow(tr(key), widget)
        self.body.addLayout(form)
        self.ok.setText(tr("gui.save"))
        self.finish(self.name)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "phone": self.phone.text(),
            "id_number": self.id_number.text() or None,
            "department_id": self.department.currentData(),
        }

    def check(self) -> str:
        fields = {"name": self.name, "phone": self.phone, "id_number": self.id_number}
        try:
            platform.check_text(self.name.text())
            platform.check_phone(self.phone.text())
            platform.check_id_number(self.id_number.text())
        except platform.InvalidInput as e:
            fields.get(e.field, self.name).setFocus()
            return message_of(e)
        return ""


class SetPasswordDialog(FormDialog):
    """设置密码 after a first SMS login: twice, checked here; 跳过 closes it. Never kept: the
    fields are cleared when it closes."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent, tr("gui.platform_set_password"))
        lead = QLabel(tr("gui.platform_set_password_lead"))
        lead.setWordWrap(True)
        self.body.addWidget(lead)
        form = QFormLayout()
        self.first = QLineEdit()
        self.again = QLineEdit()
        for edit, name in ((self.first, "gui.platform_password"), (self.again, "gui.again")):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(64)
            edit.setAccessibleName(tr(name))
            form.addRow(tr(name), edit)
        self.body.addLayout(form)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("gui.skip"))
        self.finish(self.first)

    def password(self) -> str:
        return self.first.text()

    def check(self) -> str:
        if self.first.text() != self.again.text():
            self.again.clear()
            self.again.setFocus()
            return tr("gui.platform_password_mismatch")
        try:
            platform.check_password(self.first.text())
        except platform.InvalidInput as e:
            self.first.setFocus()
            return message_of(e)
        return ""

    def done(self, result: int) -> None:
        super().done(result)
        self.first.clear()
        self.again.clear()


def confirm(parent: QWidget, title: str, text: str, then: Callable[[], None]) -> QMessageBox:
    """A warning asked before a change that cannot be taken back in one click (取消 is the
    default); ``then`` on 是."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.accepted.connect(then)
    box.open()
    return box


class DepartmentsDialog(QDialog):
    """部门管理: the unit's departments; add one by name, delete one (its people move to
    未加入部门). Changes go through the page; the list follows the page's view."""

    add_requested = Signal(str)
    remove_requested = Signal(str, str)  # id, name

    def __init__(self, parent: QWidget | None, *, editable: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("gui.platform_departments"))
        self.list = QListWidget()
        self.list.setAccessibleName(tr("gui.platform_departments"))
        self.name = QLineEdit()
        self.name.setMaxLength(50)
        self.name.setPlaceholderText(tr("gui.platform_department_name"))
        self.name.setAccessibleName(tr("gui.platform_department_name"))
        self.name.returnPressed.connect(self._add)
        self.add_button = QPushButton(tr("gui.platform_add_department"))
        self.add_button.clicked.connect(self._add)
        self.remove_button = QPushButton(tr("gui.platform_remove_department"))
        self.remove_button.clicked.connect(self._remove)
        self.note = QLabel(tr("gui.platform_department_note"))
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #666;")
        row = QHBoxLayout()
        row.addWidget(self.name, 1)
        row.addWidget(self.add_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(close)
        self.setMinimumSize(380, 360)
        self.editable = editable
        self.list.currentRowChanged.connect(lambda _r: self.update_controls())

    def show_departments(self, departments: list[dict[str, Any]], *, editable: bool) -> None:
        self.editable = editable
        current = self.list.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.list.clear()
        for d in departments:
            item = QListWidgetItem(d["name"])
            item.setData(Qt.ItemDataRole.UserRole, d["id"])
            self.list.addItem(item)
            if d["id"] == keep:
                self.list.setCurrentItem(item)
        self.update_controls()

    def update_controls(self) -> None:
        self.name.setEnabled(self.editable)
        self.add_button.setEnabled(self.editable)
        self.remove_button.setEnabled(self.editable and self.list.currentItem() is not None)

    def _add(self) -> None:
        if self.editable and self.name.text().strip():
            self.add_requested.emit(self.name.text())
            self.name.clear()

    def _remove(self) -> None:
        item = self.list.currentItem()
        if self.editable and item is not None:
            self.remove_requested.emit(item.data(Qt.ItemDataRole.UserRole), item.text())
