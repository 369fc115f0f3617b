"""The 印控 page's forms about one box beside those of sealbox_dialogs: 申请用印 (事由,
用印类别, 文件名称/类型/份数/载体, 次数, 开始/结束时间, 部门, 区域, 文件标识, 强制上传图片, 备注,
文件图片 and 文件附件) and
重命名 (设备名称, 设备备注: admins). Each checks its values through the application layer
(sealdesk.app.sealbox_view) and says what is wrong under its fields, the platform's refusal
too (强制上传记录 owed: which records, what to do); it stays open, 确定 disabled, while the page
sends them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from sealdesk.app import sealbox_files, sealbox_view
from sealdesk.app.platform import InvalidInput
from sealdesk.app.sealbox_files import Picked
from sealdesk.desktop.gui.platform_dialogs import FormDialog
from sealdesk.desktop.gui.sealbox_common import MUTED
from sealdesk.desktop.gui.sealbox_dialogs import window_edits
from sealdesk.desktop.gui.sealbox_files import FilePicker
from sealdesk.desktop.gui.worker import message_of
from sealdesk.desktop.i18n import tr


def _focus_on(e: InvalidInput, fields: dict[str, QWidget]) -> str:
    """The refusal in words, the field it names focused."""
    widget = fields.get(e.field)
    if widget is not None:
        widget.setFocus()
    return message_of(e)


class ApplyDialog(FormDialog):
    """申请用印 on one box: 事由 (required, ≤ 100), 用印类别 (the unit's), 文件名称/类型/份数,
    次数 (0–500, 0 = 不限, typed), 开始/结束时间, 部门 (the unit's), 区域 (≤ 50), 文件标识 (a 69
    barcode with its check digit right, or a QR code's text ≤ 200), 载体 (≤ 20), 强制上传图片
    (then at least one image), 备注 (≤ 120), 文件图片 and 文件附件 (each checked as it is
    added). :meth:`values` and :meth:`files` once 确定 passed the checks."""

    def __init__(
        self,
        parent: QWidget | None,
        box: dict[str, Any],
        categories: list[dict[str, Any]],
        departments: list[dict[str, Any]],
    ) -> None:
        super().__init__(parent, tr("gui.sb_apply_title", box=box["name"]))
        self.box = box
        hint = QLabel(tr("gui.sb_apply_hint"))
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {MUTED};")
        self.reason = _line("gui.sb_col_reason", "gui.sb_apply_reason_hint")
        self.category = _choice("gui.sb_col_category", categories)
        self.file_name = _line("gui.sb_file_name", "gui.sb_file_name_hint")
        self.file_type = _line("gui.sb_file_type", "gui.sb_file_type_hint")
        self.copies = _line("gui.sb_copies", "gui.sb_copies_hint")
        self.copies.setText("1")
        self.carrier = _line("gui.sb_carrier", "gui.sb_carrier_hint")
        self.carrier.setMaxLength(40)
        self.count = _line("gui.sb_count", "gui.sb_count_hint")
        self.count.setMaxLength(6)
        now = QDateTime.currentDateTime()
        self.start, self.end = window_edits(now, now.addSecs(2 * 3600))
        self.department = _choice("gui.sb_department", departments)
        self.area = _line("gui.sb_area", "gui.sb_area_hint")
        self.file_code = _line("gui.sb_file_code", "gui.sb_file_code_hint")
        self.photo_required = QCheckBox(tr("gui.sb_photo_required"))
        self.photo_required.setToolTip(tr("gui.sb_photo_required_tip"))
        self.note = _line("gui.sb_apply_note", "gui.sb_apply_note_hint")
        self.picker = FilePicker(self._say_file)
        form = QFormLayout()
        for label, widget in (
            ("gui.sb_col_reason", self.reason),
            ("gui.sb_col_category", self.category),
            ("gui.sb_file_name", self.file_name),
            ("gui.sb_file_type", self.file_type),
            ("gui.sb_copies", self.copies),
            ("gui.sb_carrier", self.carrier),
            ("gui.sb_count", self.count),
            ("gui.sb_start", self.start),
            ("gui.sb_end", self.end),
            ("gui.sb_department", self.department),
            ("gui.sb_area", self.area),
            ("gui.sb_file_code", self.file_code),
            ("", self.photo_required),
            ("gui.sb_apply_note", self.note),
            ("gui.sb_files", self.picker),
        ):
            form.addRow(tr(label) if label else "", widget)
        self.body.addWidget(hint)
        self.body.addLayout(form)
        self.ok.setText(tr("gui.sb_apply"))
        self.setMinimumWidth(520)
        self.finish(self.reason)

    def values(self) -> sealbox_view.ApplyValues:
        return sealbox_view.ApplyValues(
            reason=self.reason.text(),
            count=self.count.text(),
            not_before=self.start.dateTime().toSecsSinceEpoch(),
            not_after=self.end.dateTime().toSecsSinceEpoch(),
            note=self.note.text(),
            category=self.category.currentData(),
            file_name=self.file_name.text(),
            file_type=self.file_type.text(),
            copies=self.copies.text(),
            department=self.department.currentData(),
            area=self.area.text(),
            file_code=self.file_code.text(),
            photo_required=self.photo_required.isChecked(),
            carrier=self.carrier.text(),
        )

    def _say_file(self, text: str) -> None:
        """A file refused as it was added (said under the fields); "": the last one passed."""
        if text:
            self.show_problem(text)
        else:
            self.problem.setVisible(False)

    def files(self) -> list[Picked]:
        return list(self.picker.picked)

    def check(self) -> str:
        try:
            sealbox_view.check_apply(self.values())
            sealbox_files.check_images(self.photo_required.isChecked(), self.files())
        except InvalidInput as e:
            fields: dict[str, QWidget] = {
                "app_reason": self.reason,
                "count": self.count,
                "window": self.end,
                "file_name": self.file_name,
                "file_type": self.file_type,
                "copies": self.copies,
                "app_area": self.area,
                "file_code": self.file_code,
                "app_carrier": self.carrier,
                "app_images": self.picker.add_image,
                "app_note": self.note,
            }
            return _focus_on(e, fields)
        return ""


def _line(name: str, hint: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(tr(name))
    edit.setPlaceholderText(tr(hint))
    return edit


def _choice(name: str, items: list[dict[str, Any]]) -> QComboBox:
    """None (无) first, then ``items`` by name (their id as the data)."""
    combo = QComboBox()
    combo.setAccessibleName(tr(name))
    combo.addItem(tr("gui.sb_none_chosen"), None)
    for item in items:
        combo.addItem(str(item["name"]), str(item["id"]))
    return combo


class RenameDialog(FormDialog):
    """重命名 one box: 设备名称 (required, ≤ 50) and 设备备注 (≤ 100), filled with what the
    platform has now; control characters are refused here, before anything is sent."""

    def __init__(self, parent: QWidget | None, box: dict[str, Any]) -> None:
        super().__init__(parent, tr("gui.sb_rename_title", box=box["name"]))
        self.box = box
        hint = QLabel(tr("gui.sb_rename_hint"))
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {MUTED};")
        self.name = QLineEdit(str(box.get("name") or ""))
        self.name.setAccessibleName(tr("gui.sb_box_name"))
        self.name.setPlaceholderText(tr("gui.sb_box_name_hint"))
        self.note = QLineEdit(str(box.get("note") or ""))
        self.note.setAccessibleName(tr("gui.sb_box_note"))
        self.note.setPlaceholderText(tr("gui.sb_box_note_hint"))
        form = QFormLayout()
        form.addRow(tr("gui.sb_box_name"), self.name)
        form.addRow(tr("gui.sb_box_note"), self.note)
        self.body.addWidget(hint)
        self.body.addLayout(form)
        self.ok.setText(tr("gui.save"))
        self.finish(self.name)
        self.name.selectAll()

    def values(self) -> tuple[str, str]:
        return self.name.text(), self.note.text()

    def check(self) -> str:
        try:
            sealbox_view.check_rename(*self.values())
        except InvalidInput as e:
            return _focus_on(e, {"box_name": self.name, "box_note": self.note})
        return ""
