"""The 印控 page's 印章盒 tab: the unit's boxes with their state (在线/离线 as the radio heard them
at the last scan, the screen's text, firmware, model, keepers, the grant, 挂失) and the buttons
for the chosen box; what they do is in :mod:`sealbox_actions`. A button the person's role may
not use is disabled, its tooltip says why; 激活授权 is for the grantee of a 预先授权."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sealdesk.app import sealbox_view
from sealdesk.app.sealbox_view import Overview
from sealdesk.desktop.gui.platform_page import listed
from sealdesk.desktop.gui.sealbox_common import (
    ERROR,
    GOOD,
    MUTED,
    Json,
    cell,
    chosen_id,
    fill_row,
    fit,
    make_table,
)
from sealdesk.desktop.gui.sealbox_dialogs import local_minutes
from sealdesk.desktop.gui.sealbox_track import open_track, position_words
from sealdesk.desktop.i18n import tr
from sealdesk.desktop.platform_words import grant_line, grant_usage

if TYPE_CHECKING:
    from sealdesk.desktop.gui.sealbox_page import SealboxPage

COLUMNS = ("name", "model", "online", "screen", "firmware", "device", "keepers", "grant", "lock")
_STATE = {True: "gui.sb_online", False: "gui.sb_offline", None: "gui.sb_unknown"}


def grant_words(grant: Json | None) -> str:
    """当前授权 in a cell: the person, used/count, 已过期 when used up or past its end."""
    if not grant:
        return tr("gui.sb_no_grant")
    count = grant["count"] or "∞"
    words = tr("gui.sb_granted", user=grant["user_name"], used=grant["used"], count=count)
    if grant.get("mode") == "preauthorized" and not grant.get("activated"):
        words += "  " + tr("gui.sb_to_activate")
    if grant.get("state") == "expired":
        words += "  " + tr("gui.sb_grant_expired")
    return words + "  " + grant_usage(grant)


def _lines(grants: list[Json]) -> str:
    return "；".join(grant_line(g, local_minutes) for g in grants)


class BoxesTab(QWidget):
    def __init__(self, page: SealboxPage) -> None:
        super().__init__()
        self.page = page
        self.table = make_table(COLUMNS, "gui.sb_tab_boxes")
        self.table.itemSelectionChanged.connect(page.update_controls)
        actions = page.box_actions
        self.grant_button = QPushButton(tr("gui.sb_grant_dots"))
        self.grant_button.clicked.connect(lambda: actions.open_grant())
        self.activate_button = QPushButton(tr("gui.sb_activate_dots"))
        self.activate_button.clicked.connect(actions.open_activate)
        self.end_button = QPushButton(tr("gui.sb_end_use"))
        self.end_button.clicked.connect(actions.end_use)
        self.records_button = QPushButton(tr("gui.sb_pull_records"))
        self.records_button.clicked.connect(actions.pull_records)
        self.settings_button = QPushButton(tr("gui.sb_settings_dots"))
        self.settings_button.clicked.connect(actions.open_settings)
        self.keepers_button = QPushButton(tr("gui.sb_keepers_dots"))
        self.keepers_button.clicked.connect(actions.open_keepers)
        self.flow_button = QPushButton(tr("gui.sb_flow_dots"))
        self.flow_button.clicked.connect(page.flow_actions.open_flow)
        self.apply_button = QPushButton(tr("gui.sb_apply_dots"))
        self.apply_button.clicked.connect(actions.open_apply)
        self.lock_button = QPushButton(tr("gui.sb_lock"))
        self.lock_button.clicked.connect(actions.ask_lock)
        self.rename_button = QPushButton(tr("gui.sb_rename_dots"))
        self.rename_button.clicked.connect(actions.open_rename)
        self.track_button = QPushButton(tr("gui.sb_track_dots"))  # 轨迹: anyone, their own
        self.track_button.clicked.connect(lambda: open_track(page))
        self.unbind_button = QPushButton(tr("gui.sb_unbind_dots"))
        self.unbind_button.clicked.connect(actions.ask_unbind)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {MUTED};")
        self.grants = QLabel("")  # 待激活 on the chosen box, 待我使用
        self.grants.setWordWrap(True)
        self.grants.setAccessibleName(tr("gui.sb_mine", lines=""))
        self.grants.setVisible(False)
        self.table.itemSelectionChanged.connect(self.show_grants)
        # the day's work above, the box's own settings and the admin's below: in one row the
        # eleven buttons would keep the window from being narrower than ~960 px
        inner = QVBoxLayout(self)
        inner.addWidget(self.table, 1)
        inner.addWidget(self.note)
        inner.addWidget(self.grants)
        for buttons in (
            (
                self.apply_button,
                self.grant_button,
                self.activate_button,
                self.end_button,
                self.records_button,
                self.track_button,
            ),
            (
                self.settings_button,
                self.keepers_button,
                self.flow_button,
                self.lock_button,
                self.rename_button,
                self.unbind_button,
            ),
        ):
            row = QHBoxLayout()
            for b in buttons:
                row.addWidget(b)
            row.addStretch(1)
            inner.addLayout(row)

    def fill(self, view: Overview) -> None:
        keep = self.selected()
        table = self.table
        table.setRowCount(len(view.boxes))
        for row, b in enumerate(view.boxes):
            online = view.online(b)
            granted = grant_words(b.get("open_grant") or view.current.get(b["id"]))
            if b.get("waiting_grants"):
                granted += "  " + tr("gui.sb_waiting_people", count=len(b["waiting_grants"]))
            pending = b.get("pending_commands") or 0
            if pending:
                granted += "  " + tr("gui.sb_waiting", count=pending)
            keepers = listed([k["name"] for k in b.get("keepers", [])]) or "-"
            lock_color = ERROR if b["lock"] != "none" else None
            fill_row(
                table,
                row,
                (
                    cell(b["name"], b["id"]),
                    cell(b["model"]),
                    cell(tr(_STATE[online]), color=GOOD if online else "#777"),
                    cell(b.get("screen") or "-"),
                    cell(b["firmware"]),
                    cell(f"{b['device_id']}  {b['address']}"),
                    cell(keepers),
                    cell(granted),
                    cell(tr(f"gui.sb_lock_{b['lock']}"), color=lock_color),
                ),
            )
            if b["id"] == (keep or {}).get("id"):
                table.selectRow(row)
        fit(table)
        if view.boxes and self.selected() is None:
            table.selectRow(0)
        self.note.setText("" if view.boxes else tr("gui.sb_no_boxes"))
        self.show_grants()

    def show_grants(self) -> None:
        """Below the table: the chosen box's last known position and 预先授权 waiting for
        activation, and 待我使用 (the person's open grants, on any box), each with its 使用模式
        and 用印区域."""
        view, box = self.page.view, self.selected()
        lines = [position_words(box)] if box is not None else []  # 最后已知位置
        if box is not None and box.get("waiting_grants"):
            waiting = [{**g, "box_name": box["name"]} for g in box["waiting_grants"]]
            lines.append(tr("gui.sb_box_grants", lines=_lines(waiting)))
        if view is not None and view.mine:
            lines.append(tr("gui.sb_mine", lines=_lines(view.mine)))
        self.grants.setText("\n".join(lines))
        self.grants.setVisible(bool(lines))

    def selected(self) -> Json | None:
        view = self.page.view
        if view is None:
            return None
        box_id = chosen_id(self.table)
        return next((b for b in view.boxes if b["id"] == box_id), None)

    def current_grant(self, box: Json | None) -> Json | None:
        """The box's grant not yet ended (用印中, or 已过期 and still to end)."""
        view = self.page.view
        if box is None or view is None:
            return None
        return box.get("open_grant") or view.current.get(box["id"])

    def update_controls(self, idle: bool) -> None:
        page = self.page
        box = self.selected()
        has_box = idle and box is not None
        grant = self.current_grant(box)
        # while a grant is in use, 下发授权 still makes 预先授权 (they wait for activation)
        self.grant_button.setEnabled(has_box and page.may("sealbox.grant"))
        mine = page.view.mine if page.view is not None else []
        own = sealbox_view.own_grant(mine, (box or {}).get("id"))  # 直接使用: theirs to end
        ends = (page.may("sealbox.grant") and grant is not None) or own is not None
        self.end_button.setEnabled(has_box and ends)
        waiting = sealbox_view.waiting_activation(mine, (box or {}).get("id"))
        self.activate_button.setEnabled(has_box and waiting is not None)
        self.activate_button.setToolTip(
            "" if waiting is not None or box is None else tr("gui.sb_not_yours")
        )
        self.records_button.setEnabled(has_box)
        self.apply_button.setEnabled(has_box and page.may("sealbox.apply"))
        self.settings_button.setEnabled(has_box and page.may("sealbox.settings"))
        self.keepers_button.setEnabled(has_box and page.may("sealbox.keepers"))
        self.flow_button.setEnabled(has_box and page.may("sealbox.flow"))
        locked = (box or {}).get("lock", "none") in ("locked", "pending")
        self.lock_button.setText(tr("gui.sb_unlock" if locked else "gui.sb_lock"))
        self.lock_button.setEnabled(has_box and page.may("sealbox.lock"))
        self.unbind_button.setEnabled(has_box and page.may("sealbox.bind"))
        self.rename_button.setEnabled(has_box and page.may("sealbox.bind"))
        self.track_button.setEnabled(has_box)
        page.explain_role(
            (self.apply_button, "sealbox.apply"),
            (self.lock_button, "sealbox.lock"),
            (self.grant_button, "sealbox.grant"),
            (self.settings_button, "sealbox.settings"),
            (self.keepers_button, "sealbox.keepers"),
            (self.flow_button, "sealbox.flow"),
            (self.unbind_button, "sealbox.bind"),
            (self.rename_button, "sealbox.bind"),
        )
