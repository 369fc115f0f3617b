"""The 印控 page's forms about one box beside those of sealbox_dialogs: 申请用印 (事由, 次数,
开始/结束时间, 备注) and 重命名 (设备名称, 设备备注: admins). Each checks its values through the
application layer (sealdesk.app.sealbox_view) and says what is wrong under its fields, the
platform's refusal too (强制上传记录 owed: which records, what to do); it stays open, 确定
disabled, while the page sends them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from sealdesk.app import sealbox_view
from sealdesk.app.platform import InvalidInput
from sealdesk.desktop.gui.platform_dialogs import FormDialog
from sealdesk.desktop.gui.sealbox_common import MUTED
from sealdesk.desktop.gui.sealbox_dialogs import window_edits
from sealdesk.desktop.gui.worker import message_of
from sealdesk.desktop.i18n import tr


def _focus_on(e: InvalidInput, fields: dict[str, QWidget]) -> str:
    """The refusal in words, the field it names focused."""
    widget = fields.get(e.field)
    if widget is not None:
        widget.setFocus()
    return message_of(e)


class ApplyDialog(FormDialog):
    """申请用印 on one box: 事由 (required, ≤ 100), 次数 (0–500, 0 = 不限, typed), 开始/结束时间,
    备注 (≤ 120). :meth:`values` once 确定 passed the checks."""

    def __init__(self, parent: QWidget | None, box: dict[str, Any]) -> None:
        super().__init__(parent, tr("gui.sb_apply_title", box=box["name"]))
        self.box = box
        hint = QLabel(tr("gui.sb_apply_hint"))
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {MUTED};")
        self.reason = QLineEdit()
        self.reason.setAccessibleName(tr("gui.sb_col_reason"))
        self.reason.setPlaceholderText(tr("gui.sb_apply_reason_hint"))
        self.count = QLineEdit()
        self.count.setAccessibleName(tr("gui.sb_count"))
        self.count.setPlaceholderText(tr("gui.sb_count_hint"))
        self.count.setMaxLength(6)
        now = QDateTime.currentDateTime()
        self.start, self.end = window_edits(now, now.addSecs(2 * 3600))
        self.note = QLineEdit()
        self.note.setAccessibleName(tr("gui.sb_apply_note"))
        self.note.setPlaceholderText(tr("gui.sb_apply_note_hint"))
        form = QFormLayout()
        form.addRow(tr("gui.sb_col_reason"), self.reason)
        form.addRow(tr("gui.sb_count"), self.count)
        form.addRow(tr("gui.sb_start"), self.start)
        form.addRow(tr("gui.sb_end"), self.end)
        form.addRow(tr("gui.sb_apply_note"), self.note)
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
        )

    def check(self) -> str:
        v = self.values()
        try:
            sealbox_view.check_words(v.reason, "app_reason", sealbox_view.MAX_APP_REASON)
            sealbox_view.check_count(v.count)
            sealbox_view.check_window(v.not_before, v.not_after)
            sealbox_view.check_words(v.note, "app_note", sealbox_view.MAX_APP_NOTE, required=False)
        except InvalidInput as e:
            fields = {
                "app_reason": self.reason,
                "count": self.count,
                "window": self.end,
                "app_note": self.note,
            }
            return _focus_on(e, fields)
        return ""


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
