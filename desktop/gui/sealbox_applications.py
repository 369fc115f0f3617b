"""The 印控 page's 用印申请 tab: the unit's applications (待我审批 first in red), 通过 (a reason
optional), 驳回 (a reason required, said in the dialog when blank) and 下发授权 from an
approved one (its count and window filled in); below the list, the chosen one's 用印类别, file,
部门, 区域, 文件标识, 载体, 强制上传图片 and 备注, and its 文件图片/附件 (下载文件… saves one;
its applicant adds more while it waits)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sealdesk.app import sealbox_view
from sealdesk.app.sealbox import Keeper
from sealdesk.app.sealbox_view import Overview
from sealdesk.desktop.gui.sealbox_common import (
    ERROR,
    Json,
    cell,
    chosen_id,
    fill_row,
    fit,
    make_table,
)
from sealdesk.desktop.gui.sealbox_dialogs import ReasonDialog, local_minutes
from sealdesk.desktop.gui.sealbox_files import AppFiles
from sealdesk.desktop.i18n import tr
from sealdesk.desktop.platform_words import application_lines

if TYPE_CHECKING:
    from sealdesk.desktop.gui.sealbox_page import SealboxPage

COLUMNS = ("applicant", "reason", "box", "count", "window", "state")


class ApplicationsTab(QWidget):
    def __init__(self, page: SealboxPage) -> None:
        super().__init__()
        self.page = page
        self.table = make_table(COLUMNS, "gui.sb_tab_applications")
        self.table.itemSelectionChanged.connect(page.update_controls)
        self.approve_button = QPushButton(tr("gui.sb_approve"))
        self.approve_button.clicked.connect(lambda: self.open_decision(reject=False))
        self.reject_button = QPushButton(tr("gui.sb_reject_dots"))
        self.reject_button.clicked.connect(lambda: self.open_decision(reject=True))
        self.grant_button = QPushButton(tr("gui.sb_grant_dots"))
        self.grant_button.clicked.connect(self.grant_application)
        row = QHBoxLayout()
        for b in (self.approve_button, self.reject_button, self.grant_button):
            row.addWidget(b)
        row.addStretch(1)
        self.details = QLabel("")  # the chosen application's file, 部门, 区域, 文件标识 …
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName(tr("gui.sb_app_details"))
        self.files = AppFiles(page)
        inner = QVBoxLayout(self)
        inner.addWidget(self.table, 1)
        inner.addWidget(self.details)
        inner.addWidget(self.files)
        inner.addLayout(row)

    def fill(self, view: Overview) -> None:
        boxes = {b["id"]: b["name"] for b in view.boxes}
        table = self.table
        table.setRowCount(len(view.applications))
        for row, a in enumerate(view.applications):
            state = a["state"]
            if state == "pending" and a["id"] in view.todo:
                state = "todo"
            window = f"{local_minutes(a.get('not_before'))} – {local_minutes(a['not_after'])}"
            fill_row(
                table,
                row,
                (
                    cell(a.get("applicant_name") or "?", a["id"]),
                    cell(a["reason"]),
                    cell(boxes.get(a["box_id"], "?")),
                    cell(a["count"] or tr("gui.sb_unlimited")),
                    cell(window),
                    cell(tr(f"gui.sb_app_{state}"), color=ERROR if state == "todo" else None),
                ),
            )
        fit(table)

    def selected(self) -> Json | None:
        view = self.page.view
        if view is None:
            return None
        app_id = chosen_id(self.table)
        return next((a for a in view.applications if a["id"] == app_id), None)

    def update_controls(self, idle: bool) -> None:
        view = self.page.view
        app = self.selected()
        todo = idle and app is not None and view is not None and app["id"] in view.todo
        self.approve_button.setEnabled(todo)
        self.reject_button.setEnabled(todo)
        approved = app is not None and app["state"] == "approved"
        self.grant_button.setEnabled(idle and approved and self.page.may("sealbox.grant"))
        self.details.setText(details(app, view.categories if view else []) if app else "")
        self.details.setVisible(app is not None)
        self.files.show_app(app)
        self.files.update_controls(idle)

    def grant_application(self) -> None:
        app = self.selected()
        if app is not None:
            self.page.box_actions.open_grant(app)

    def open_decision(self, *, reject: bool) -> None:
        app = self.selected()
        if app is None:
            return
        dialog = ReasonDialog(self.page, app, reject=reject)
        dialog.submitted.connect(lambda: self._decide(dialog, app, reject))
        self.page.open_dialog(dialog)

    def _decide(self, dialog: ReasonDialog, app: Json, reject: bool) -> None:
        page, reason = self.page, dialog.reason.text()

        async def work(k: Keeper) -> Json:
            text = sealbox_view.check_reason(reason, required=reject)
            call = k.api.reject if reject else k.api.approve
            return dict(await k.platform_call(call, app["id"], text))

        def done(result: Json) -> None:
            dialog.accept()
            page.say(tr("gui.sb_decided", state=tr(f"gui.sb_app_{result['state']}")))
            page.refresh(scan=False)

        page.keeper(work, done, text=tr("gui.sb_saving"), failed=page.in_dialog(dialog))


def details(app: Json, categories: list[Json]) -> str:
    """The application's fields beside the list's columns, one line each (those filled in)."""
    category = next((c["name"] for c in categories if c["id"] == app.get("category_id")), "?")
    lines = [tr("gui.sb_app_detail_reason", reason=app["reason"])]
    return "\n".join(lines + application_lines(app, category))
