"""导出记录… on the 印控 page's 使用记录 tab (主管理员/管理员, S3:603-607): a box, the first and
the last day, the address; the platform mails the box's records of those days as a CSV file.
What is wrong is said in the dialog before anything is sent; the platform's refusal (20
exports a day, more than 20,000 records) in the dialog, which stays open."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QComboBox, QDateEdit, QFormLayout, QLineEdit, QWidget

from sealdesk.app import sealbox_export
from sealdesk.app.platform import InvalidInput
from sealdesk.desktop.gui.platform_dialogs import FormDialog
from sealdesk.desktop.gui.sealbox_common import Json
from sealdesk.desktop.gui.worker import message_of
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    from sealdesk.app.sealbox import Keeper
    from sealdesk.desktop.gui.sealbox_page import SealboxPage

DEFAULT_DAYS = 30  # the range the dialog starts with: the last month


def _day_edit(name: str, day: QDate) -> QDateEdit:
    edit = QDateEdit(day)
    edit.setAccessibleName(tr(name))
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    return edit


def _start_ms(day: QDate) -> int:
    """The first millisecond of ``day`` on this computer's clock."""
    return QDateTime(day, QTime(0, 0)).toMSecsSinceEpoch()


class ExportDialog(FormDialog):
    def __init__(self, parent: QWidget | None, boxes: list[Json], chosen: Json | None) -> None:
        super().__init__(parent, tr("gui.sb_export_title"))
        self.box = QComboBox()
        self.box.setAccessibleName(tr("gui.sb_col_box"))
        for b in boxes:
            self.box.addItem(b["name"], b["id"])
        if chosen is not None:
            self.box.setCurrentIndex(max(0, self.box.findData(chosen["id"])))
        today = QDate.currentDate()
        self.first = _day_edit("gui.sb_export_from", today.addDays(-DEFAULT_DAYS))
        self.last = _day_edit("gui.sb_export_to", today)
        self.email = QLineEdit()
        self.email.setAccessibleName(tr("gui.sb_export_email"))
        self.email.setPlaceholderText("name@example.cn")
        self.email.setMaxLength(100)
        form = QFormLayout()
        form.addRow(tr("gui.sb_col_box"), self.box)
        form.addRow(tr("gui.sb_export_from"), self.first)
        form.addRow(tr("gui.sb_export_to"), self.last)
        form.addRow(tr("gui.sb_export_email"), self.email)
        self.body.addLayout(form)
        self.ok.setText(tr("gui.sb_export_send"))
        self.finish(self.email)

    def values(self) -> tuple[str, int, int, str]:
        """The box id, the range in ms (the last day whole) and the address."""
        return (
            str(self.box.currentData()),
            _start_ms(self.first.date()),
            _start_ms(self.last.date().addDays(1)) - 1,
            self.email.text(),
        )

    def check(self) -> str:
        _box, start, end, email = self.values()
        try:
            sealbox_export.check_export(start, end, email)
        except InvalidInput as e:
            (self.email if e.field == "email" else self.last).setFocus()
            return message_of(e)
        return ""


def open_export(page: SealboxPage) -> None:
    """导出记录…: the dialog for the box chosen on 设备 (or the first), sent on 发送."""
    view = page.view
    if view is None or not view.boxes:
        return
    dialog = ExportDialog(page, view.boxes, page.selected_box())

    def send() -> None:
        box, start, end, email = dialog.values()

        async def work(k: Keeper) -> Any:
            return await sealbox_export.export(k, box, from_ms=start, to_ms=end, email=email)

        def done(result: Json) -> None:
            dialog.accept()
            page.say(tr("cli.sb_exported", n=result["records"], email=result["email"]))

        page.keeper(work, done, text=tr("gui.sb_exporting"), failed=page.in_dialog(dialog))

    dialog.submitted.connect(send)
    page.open_dialog(dialog)
