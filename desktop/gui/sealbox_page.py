"""印控: the unit's smart seal boxes for keepers (管章人) and admins, over the platform session
of the 平台 page and the radio (Bluetooth, or the simulated link of SEALDESK_BLE_SIM).

印章盒: each box with its state (在线/离线 as the radio hears it now, the screen's text, the
firmware, model, keepers, the open grant, 挂失), 绑定印章盒, 下发授权, 结束用印, 取回记录
(download from the box, upload to the platform: progress and 取消), 设置 and 挂失锁定 after a
confirmation. 用印申请: 通过 / 驳回 (a reason required) and 下发授权 from an approved one.
使用记录 with the photos, 异常记录 with the unread count on its tab.

Every call runs on the page's worker (sealdesk.app.sealbox_view / sealdesk.app.sealbox);
a command the platform took while the box is out of reach is said so (the box gets it at its
next contact)."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sealdesk.app import platform, sealbox_view
from sealdesk.app.sealbox import BoxPending, Keeper
from sealdesk.app.sealbox_view import Cancelled, Overview
from sealdesk.desktop import i18n
from sealdesk.desktop.gui.platform_dialogs import FormDialog, confirm
from sealdesk.desktop.gui.sealbox_dialogs import (
    BindDialog,
    GrantDialog,
    ReasonDialog,
    SettingsDialog,
    local_minutes,
)
from sealdesk.desktop.gui.worker import Worker, message_of
from sealdesk.desktop.i18n import tr
from sealdesk.sync.client import ServerRefused

ERROR = "#c62828"
GOOD = "#1a7f37"
THUMB = 64  # px: a record's photo in the list
FIT_ROWS = 150  # tables longer than this keep their column widths (fitting reads every row)
Json = dict[str, Any]
Work = Callable[[Keeper], Any]

BOX_COLUMNS = (
    "name",
    "model",
    "online",
    "screen",
    "firmware",
    "device",
    "keepers",
    "grant",
    "lock",
)
APP_COLUMNS = ("applicant", "reason", "box", "count", "window", "state")
STAMP_COLUMNS = ("photo", "time", "box", "user", "used")
ABNORMAL_COLUMNS = ("time", "box", "cause", "user", "detail")


def _time_ms(ms: int | None) -> str:
    if not ms:
        return "-"
    return dt.datetime.fromtimestamp(ms / 1000).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _table(columns: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels([tr(f"gui.sb_col_{c}") for c in columns])
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setAccessibleName(tr(name))
    table.setWordWrap(False)
    return table


def _fit(table: QTableWidget) -> None:
    """Columns fitted to their text while that is cheap (it measures every row)."""
    if table.rowCount() <= FIT_ROWS:
        table.resizeColumnsToContents()


def _cell(text: object, data: object = None, color: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(str(text))
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if color:
        item.setForeground(QColor(color))
    item.setToolTip(str(text))
    return item


def cause_words(cause: str | None) -> str:
    key = f"gui.sb_cause_{cause}"
    return tr(key) if key in i18n.MESSAGES else str(cause or "-")


class SealboxPage(QWidget):
    """The 印控 page; ``login_requested`` asks the window for the 平台 page."""

    login_requested = Signal()
    progress_seen = Signal(str, int, int)  # emitted on the worker, shown on the GUI thread
    view_shown = Signal(object)  # Overview, after every refresh

    def __init__(self) -> None:
        super().__init__()
        self.worker = Worker("sealdesk-sealbox", self)
        self.view: Overview | None = None
        self.status: platform.Status | None = None
        self.people: list[Json] = []
        self.photos: dict[int, bytes] = {}
        self.icons: dict[int, QIcon] = {}
        self.scan_timeout = 1.5  # seconds the radio listens at each refresh
        self.dialog: FormDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self._busy = 0
        self._stop: threading.Event | None = None

        title = QLabel(tr("gui.sb_title"))
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.who = QLabel("")
        self.who.setStyleSheet("color: #555;")
        self.refresh_button = QPushButton(tr("gui.sb_refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.bind_button = QPushButton(tr("gui.sb_bind_box"))
        self.bind_button.clicked.connect(self.open_bind)
        head = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(title)
        names.addWidget(self.who)
        head.addLayout(names, 1)
        head.addWidget(self.bind_button)
        head.addWidget(self.refresh_button)

        # the busy bar (取消 for records), what happened, the radio's banner
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(False)
        self.progress_text = QLabel("")
        self.cancel_button = QPushButton(tr("gui.cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        status = QHBoxLayout()
        status.addWidget(self.progress)
        status.addWidget(self.progress_text, 1)
        status.addWidget(self.cancel_button)
        for w in (self.progress, self.progress_text, self.cancel_button):
            w.setVisible(False)
        self.feedback = QLabel("")
        self.feedback.setWordWrap(True)
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner = QLabel("")
        self.banner.setWordWrap(True)
        self.banner.setObjectName("radio_banner")
        self.banner.setStyleSheet(
            "QLabel#radio_banner { background: #fff4ce; color: #6b4e00;"
            " border: 1px solid #e0b000; border-radius: 3px; padding: 6px 10px; }"
        )
        self.banner.setVisible(False)

        # not logged in: the way to the 平台 page
        self.login_panel = QWidget()
        self.login_text = QLabel(tr("gui.sb_login_first"))
        self.login_text.setWordWrap(True)
        self.login_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.login_button = QPushButton(tr("gui.sb_go_login"))
        self.login_button.clicked.connect(self.login_requested.emit)
        login = QVBoxLayout(self.login_panel)
        login.addStretch(1)
        login.addWidget(self.login_text)
        login.addWidget(self.login_button, 0, Qt.AlignmentFlag.AlignCenter)
        login.addStretch(2)

        # 印章盒
        boxes = QWidget()
        self.box_table = _table(BOX_COLUMNS, "gui.sb_tab_boxes")
        self.box_table.itemSelectionChanged.connect(self.update_controls)
        self.grant_button = QPushButton(tr("gui.sb_grant_dots"))
        self.grant_button.clicked.connect(lambda: self.open_grant())
        self.end_button = QPushButton(tr("gui.sb_end_use"))
        self.end_button.clicked.connect(self.end_use)
        self.records_button = QPushButton(tr("gui.sb_pull_records"))
        self.records_button.clicked.connect(self.pull_records)
        self.settings_button = QPushButton(tr("gui.sb_settings_dots"))
        self.settings_button.clicked.connect(self.open_settings)
        self.lock_button = QPushButton(tr("gui.sb_lock"))
        self.lock_button.clicked.connect(self.ask_lock)
        self.box_note = QLabel("")
        self.box_note.setWordWrap(True)
        self.box_note.setStyleSheet("color: #555;")
        actions = QHBoxLayout()
        for b in (
            self.grant_button,
            self.end_button,
            self.records_button,
            self.settings_button,
            self.lock_button,
        ):
            actions.addWidget(b)
        actions.addStretch(1)
        inner = QVBoxLayout(boxes)
        inner.addWidget(self.box_table, 1)
        inner.addWidget(self.box_note)
        inner.addLayout(actions)

        # 用印申请
        apps = QWidget()
        self.app_table = _table(APP_COLUMNS, "gui.sb_tab_applications")
        self.app_table.itemSelectionChanged.connect(self.update_controls)
        self.approve_button = QPushButton(tr("gui.sb_approve"))
        self.approve_button.clicked.connect(lambda: self.open_decision(reject=False))
        self.reject_button = QPushButton(tr("gui.sb_reject_dots"))
        self.reject_button.clicked.connect(lambda: self.open_decision(reject=True))
        self.app_grant_button = QPushButton(tr("gui.sb_grant_dots"))
        self.app_grant_button.clicked.connect(self.grant_application)
        row = QHBoxLayout()
        for b in (self.approve_button, self.reject_button, self.app_grant_button):
            row.addWidget(b)
        row.addStretch(1)
        inner = QVBoxLayout(apps)
        inner.addWidget(self.app_table, 1)
        inner.addLayout(row)

        # 使用记录, with a larger picture of the chosen one
        stamps = QWidget()
        self.stamp_table = _table(STAMP_COLUMNS, "gui.sb_tab_records")
        self.stamp_table.setIconSize(QSize(THUMB, THUMB))
        self.stamp_table.verticalHeader().setDefaultSectionSize(THUMB + 6)
        self.stamp_table.setColumnWidth(0, THUMB + 16)
        self.stamp_table.itemSelectionChanged.connect(self._show_photo)
        self.photo = QLabel(tr("gui.sb_no_photo"))
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setFixedWidth(260)
        self.photo.setMinimumHeight(200)
        self.photo.setFrameShape(QFrame.Shape.StyledPanel)
        inner_row = QHBoxLayout(stamps)
        inner_row.addWidget(self.stamp_table, 1)
        inner_row.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)

        # 异常记录
        self.abnormal_table = _table(ABNORMAL_COLUMNS, "gui.sb_tab_abnormal")

        self.tabs = QTabWidget()
        self.tabs.addTab(boxes, tr("gui.sb_tab_boxes"))
        self.tabs.addTab(apps, tr("gui.sb_tab_applications"))
        self.tabs.addTab(stamps, tr("gui.sb_tab_records"))
        self.tabs.addTab(self.abnormal_table, tr("gui.sb_tab_abnormal"))
        self.tabs.currentChanged.connect(self._tab_changed)

        self.session = QWidget()
        body = QVBoxLayout(self.session)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.banner)
        body.addWidget(self.tabs, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.login_panel)
        self.stack.addWidget(self.session)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: #d0d0d0;")
        layout.addWidget(line)
        layout.addLayout(status)
        layout.addWidget(self.feedback)
        layout.addWidget(self.stack, 1)
        self.progress_seen.connect(self._progress)
        self.stack.setCurrentWidget(self.login_panel)
        self.update_controls()
        self.refresh()

    # --- running work ------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy > 0

    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        *,
        text: str,
        failed: Callable[[BaseException], None] | None = None,
        cancellable: bool = False,
    ) -> None:
        """``work`` on the worker with the busy bar; ``done`` or ``failed`` (else
        :meth:`problem`) on the GUI thread."""
        self._busy += 1
        self.progress.setRange(0, 0)
        self.progress_text.setText(text)
        self.progress.setVisible(True)
        self.progress_text.setVisible(True)
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.setEnabled(cancellable)
        self.update_controls()

        def ok(result: Any) -> None:
            self._idle()
            done(result)

        def bad(e: BaseException) -> None:
            self._idle()
            (failed or self.problem)(e)

        self.worker.submit(work, ok, bad)

    def keeper(self, work: Work, done: Callable[[Any], None], *, text: str, **kw: Any) -> None:
        """``work(keeper)`` (a coroutine) on the platform session, on the worker."""
        lang = i18n.language()
        self.run(lambda: sealbox_view.run(work, lang=lang), done, text=text, **kw)

    def _idle(self) -> None:
        self._busy = max(0, self._busy - 1)
        if not self._busy:
            for w in (self.progress, self.progress_text, self.cancel_button):
                w.setVisible(False)
            self._stop = None
        self.update_controls()

    def report_progress(self, stage: str, done: int, total: int) -> None:
        """Called on the worker: shown on the GUI thread."""
        with contextlib.suppress(RuntimeError):  # the page is gone: the window closed
            self.progress_seen.emit(stage, done, total)

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        self.progress_text.setText(tr(f"gui.sb_stage_{stage}", done=done, total=total))

    def cancel(self) -> None:
        if self._stop is not None:
            self._stop.set()
            self.cancel_button.setEnabled(False)
            self.progress_text.setText(tr("gui.sb_cancelling"))

    def say(self, text: str, *, error: bool = False) -> None:
        self.feedback.setStyleSheet(f"color: {ERROR if error else GOOD};")
        self.feedback.setText(text)

    def problem(self, e: BaseException) -> None:
        if isinstance(e, platform.NotLoggedIn) or (
            isinstance(e, ServerRefused) and e.status == 401
        ):
            self.show_login()
            return
        if isinstance(e, BoxPending):
            self.say(tr("gui.sb_pending", why=message_of(e.cause)), error=True)
            self.refresh(scan=False)
            return
        self.say(message_of(e), error=True)

    # --- the view ----------------------------------------------------------------------------

    def refresh(self, *, scan: bool = True) -> None:
        """The platform's view of the unit's boxes, and which of them the radio hears."""
        known = frozenset(self.photos)
        timeout = self.scan_timeout if scan else 0.0

        async def work(k: Keeper) -> tuple[Overview, platform.View]:
            view = await sealbox_view.overview(k, scan_timeout=timeout, known_photos=known)
            return view, platform.view()

        def done(result: tuple[Overview, platform.View]) -> None:
            view, local = result
            if not scan and self.view is not None:  # what the radio heard last stays said
                view.heard, view.radio_problem = self.view.heard, self.view.radio_problem
            self.show_view(view, local)

        self.keeper(work, done, text=tr("gui.sb_loading"))

    def show_login(self) -> None:
        self.view = None
        self.stack.setCurrentWidget(self.login_panel)
        self.who.setText("")
        self.feedback.setText("")
        self.update_controls()

    def show_view(self, view: Overview, local: platform.View | None = None) -> None:
        if local is not None:
            self.status = local.status
            self.people = local.people
            user = local.status.user or {}
            self.who.setText(
                tr(
                    "gui.sb_who",
                    name=user.get("name", "?"),
                    unit=local.status.unit_name or "-",
                    server=local.status.server or "-",
                )
            )
        self.photos.update(view.photos)
        self.view = view
        self.stack.setCurrentWidget(self.session)
        if view.radio_problem is not None:
            self.banner.setText(tr("gui.sb_no_radio", why=message_of(view.radio_problem)))
        self.banner.setVisible(view.radio_problem is not None)
        self._fill_boxes(view)
        self._fill_applications(view)
        self._fill_stamps(view)
        self._fill_abnormal(view)
        self._show_unread(view.unread)
        self.update_controls()
        self.view_shown.emit(view)

    def _fill_boxes(self, view: Overview) -> None:
        keep = self.selected_box()
        table = self.box_table
        table.setRowCount(len(view.boxes))
        for row, b in enumerate(view.boxes):
            online = view.online(b)
            state = {True: "gui.sb_online", False: "gui.sb_offline", None: "gui.sb_unknown"}
            grant = b.get("open_grant") or view.current.get(b["id"])
            granted = (
                tr(
                    "gui.sb_granted",
                    user=grant["user_name"],
                    used=grant["used"],
                    count=grant["count"] or "∞",
                )
                if grant
                else tr("gui.sb_no_grant")
            )
            if grant and grant.get("state") == "expired":
                granted += "  " + tr("gui.sb_grant_expired")
            pending = b.get("pending_commands") or 0
            if pending:
                granted += "  " + tr("gui.sb_waiting", count=pending)
            keepers = "、".join(k["name"] for k in b.get("keepers", [])) or "-"
            cells = (
                _cell(b["name"], b["id"]),
                _cell(b["model"]),
                _cell(tr(state[online]), color=GOOD if online else "#777"),
                _cell(b.get("screen") or "-"),
                _cell(b["firmware"]),
                _cell(f"{b['device_id']}  {b['address']}"),
                _cell(keepers),
                _cell(granted),
                _cell(
                    tr(f"gui.sb_lock_{b['lock']}"),
                    color=ERROR if b["lock"] != "none" else None,
                ),
            )
            for col, item in enumerate(cells):
                table.setItem(row, col, item)
            if b["id"] == (keep or {}).get("id"):
                table.selectRow(row)
        _fit(table)
        if view.boxes and self.selected_box() is None:
            table.selectRow(0)
        self.box_note.setText("" if view.boxes else tr("gui.sb_no_boxes"))

    def _fill_applications(self, view: Overview) -> None:
        boxes = {b["id"]: b["name"] for b in view.boxes}
        table = self.app_table
        table.setRowCount(len(view.applications))
        for row, a in enumerate(view.applications):
            state = a["state"]
            if state == "pending" and a["id"] in view.todo:
                state = "todo"
            cells = (
                _cell(a.get("applicant_name") or "?", a["id"]),
                _cell(a["reason"]),
                _cell(boxes.get(a["box_id"], "?")),
                _cell(a["count"] or tr("gui.sb_unlimited")),
                _cell(f"{local_minutes(a.get('not_before'))} – {local_minutes(a['not_after'])}"),
                _cell(tr(f"gui.sb_app_{state}"), color=ERROR if state == "todo" else None),
            )
            for col, item in enumerate(cells):
                table.setItem(row, col, item)
        _fit(table)

    def _fill_stamps(self, view: Overview) -> None:
        table = self.stamp_table
        table.setRowCount(len(view.stamps))
        for row, r in enumerate(view.stamps):
            picture = _cell("", r["id"])
            icon = self._icon(int(r["id"]))
            if icon is not None:
                picture.setIcon(icon)
                picture.setToolTip(tr("gui.sb_photo_of", seq=r["seq"]))
            elif r["photo"]:
                picture.setText("…")
            else:
                picture.setText(tr("gui.sb_no_photo_short"))
            cells = (
                picture,
                _cell(_time_ms(r["time_ms"])),
                _cell(r.get("box_name") or "?"),
                _cell(r.get("user_name") or r.get("user_id") or "-"),
                _cell(r["used"]),
            )
            for col, item in enumerate(cells):
                table.setItem(row, col, item)
        _fit(table)
        table.setColumnWidth(0, THUMB + 16)
        self._show_photo()

    def _icon(self, record_id: int) -> QIcon | None:
        """The record's photo as a thumbnail, decoded once."""
        icon = self.icons.get(record_id)
        jpeg = self.photos.get(record_id)
        if icon is None and jpeg:
            pixmap = QPixmap()
            pixmap.loadFromData(jpeg, "JPEG")
            icon = self.icons[record_id] = QIcon(
                pixmap.scaled(
                    THUMB * 2,
                    THUMB * 2,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        return icon

    def _fill_abnormal(self, view: Overview) -> None:
        table = self.abnormal_table
        table.setRowCount(len(view.abnormal))
        for row, r in enumerate(view.abnormal):
            cells = (
                _cell(_time_ms(r["time_ms"]), r["id"]),
                _cell(r.get("box_name") or "?"),
                _cell(cause_words(r.get("cause")), color=ERROR),
                _cell(r.get("user_name") or "-"),
                _cell(r.get("detail") or ""),
            )
            for col, item in enumerate(cells):
                table.setItem(row, col, item)
        _fit(table)

    def _show_unread(self, unread: int) -> None:
        index = self.tabs.indexOf(self.abnormal_table)
        title = tr("gui.sb_tab_abnormal")
        self.tabs.setTabText(index, f"{title} ({unread})" if unread else title)
        self.tabs.tabBar().setTabTextColor(index, QColor(ERROR) if unread else QColor())

    def _tab_changed(self, index: int) -> None:
        view = self.view
        if self.tabs.widget(index) is not self.abnormal_table or view is None or not view.unread:
            return
        upto = max((int(r["id"]) for r in view.abnormal), default=0)

        async def work(k: Keeper) -> int:
            return await sealbox_view.mark_seen(k, upto)

        def done(unread: int) -> None:
            if self.view is not None:
                self.view.unread = unread
            self._show_unread(unread)

        self.keeper(work, done, text=tr("gui.sb_loading"))

    def _show_photo(self) -> None:
        rows = self.stamp_table.selectionModel().selectedRows()
        item = self.stamp_table.item(rows[0].row(), 0) if rows else None
        jpeg = self.photos.get(int(item.data(Qt.ItemDataRole.UserRole))) if item else None
        if not jpeg:
            self.photo.setPixmap(QPixmap())
            self.photo.setText(tr("gui.sb_no_photo"))
            return
        pixmap = QPixmap()
        pixmap.loadFromData(jpeg, "JPEG")
        self.photo.setPixmap(
            pixmap.scaled(
                self.photo.width() - 8,
                240,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    # --- what is chosen, what may be done ----------------------------------------------------

    def selected_box(self) -> Json | None:
        if self.view is None:
            return None
        rows = self.box_table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.box_table.item(rows[0].row(), 0)
        box_id = item.data(Qt.ItemDataRole.UserRole) if item else None
        return next((b for b in self.view.boxes if b["id"] == box_id), None)

    def selected_application(self) -> Json | None:
        if self.view is None:
            return None
        rows = self.app_table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.app_table.item(rows[0].row(), 0)
        app_id = item.data(Qt.ItemDataRole.UserRole) if item else None
        return next((a for a in self.view.applications if a["id"] == app_id), None)

    def may(self, permission: str) -> bool:
        return self.status is not None and self.status.may(permission)

    def update_controls(self) -> None:
        idle = not self.busy and self.view is not None
        box = self.selected_box()
        has_box = idle and box is not None
        self.refresh_button.setEnabled(not self.busy)
        self.bind_button.setEnabled(idle and self.may("sealbox.bind"))
        grant = None
        if box is not None and self.view is not None:
            grant = box.get("open_grant") or self.view.current.get(box["id"])
        self.grant_button.setEnabled(has_box and self.may("sealbox.grant") and grant is None)
        self.end_button.setEnabled(has_box and self.may("sealbox.grant") and grant is not None)
        self.records_button.setEnabled(has_box)
        self.settings_button.setEnabled(has_box and self.may("sealbox.settings"))
        locked = (box or {}).get("lock", "none") in ("locked", "pending")
        self.lock_button.setText(tr("gui.sb_unlock" if locked else "gui.sb_lock"))
        self.lock_button.setEnabled(has_box and self.may("sealbox.lock"))
        app = self.selected_application()
        todo = idle and app is not None and self.view is not None and app["id"] in self.view.todo
        self.approve_button.setEnabled(todo)
        self.reject_button.setEnabled(todo)
        self.app_grant_button.setEnabled(
            idle and app is not None and app["state"] == "approved" and self.may("sealbox.grant")
        )
        for button, permission in (
            (self.bind_button, "sealbox.bind"),
            (self.lock_button, "sealbox.lock"),
            (self.grant_button, "sealbox.grant"),
        ):
            allowed = self.status is None or self.may(permission)
            button.setToolTip("" if allowed else tr("gui.sb_not_allowed"))

    # --- bind --------------------------------------------------------------------------------

    def open_bind(self) -> None:
        dialog = BindDialog(self, self.view.boxes if self.view else [])
        dialog.scan_requested.connect(lambda: self._scan_for(dialog))
        dialog.submitted.connect(lambda: self._bind(dialog))
        self._open(dialog)
        self._scan_for(dialog)  # the boxes in reach at once; 扫描 again for more

    def _scan_for(self, dialog: BindDialog) -> None:
        dialog.scan_button.setEnabled(False)
        dialog.scan_state.setText(tr("gui.sb_scanning"))
        timeout = max(self.scan_timeout, 2.0)

        def work() -> Any:
            import asyncio

            return asyncio.run(sealbox_view.heard(timeout))

        self.run(
            work,
            dialog.show_found,
            text=tr("gui.sb_scanning"),
            failed=lambda e: dialog.show_found(None, message_of(e)),
        )

    def _bind(self, dialog: BindDialog) -> None:
        address, name, note = dialog.address(), dialog.name.text().strip(), dialog.note.text()

        async def work(k: Keeper) -> Json:
            return await k.bind(address, name=name, note=note.strip())

        def done(result: Json) -> None:
            dialog.accept()
            b = result["box"]
            self.say(tr("gui.sb_bound", name=b["name"], model=b["model"], screen=b["screen"]))
            self.refresh()

        self.keeper(work, done, text=tr("gui.sb_binding"), failed=self._in_dialog(dialog))

    # --- grant, end ----------------------------------------------------------------------------

    def open_grant(self, application: Json | None = None) -> None:
        box = self.selected_box()
        if application is not None and self.view is not None:
            box = next((b for b in self.view.boxes if b["id"] == application["box_id"]), None)
        if box is None:
            return
        dialog = GrantDialog(self, box, self.people, application)
        dialog.submitted.connect(lambda: self._grant(dialog, box))
        self._open(dialog)

    def grant_application(self) -> None:
        app = self.selected_application()
        if app is not None:
            self.open_grant(app)

    def _grant(self, dialog: GrantDialog, box: Json) -> None:
        values = dialog.values()

        async def work(k: Keeper) -> Json:
            return await sealbox_view.grant(k, box["id"], values)

        def done(result: Json) -> None:
            dialog.accept()
            self._granted(result)
            self.refresh(scan=False)

        def failed(e: BaseException) -> None:
            if isinstance(e, BoxPending):  # the platform has it: the dialog's work is done
                dialog.accept()
                self._granted(e.result)
            self._in_dialog(dialog)(e)

        self.keeper(work, done, text=tr("gui.sb_granting"), failed=failed)

    def _granted(self, result: Json) -> None:
        g = result["grant"]
        text = tr(
            "gui.sb_granted_said",
            user=g["user_name"],
            count=g["count"] or tr("gui.sb_unlimited"),
            start=local_minutes(g["not_before"]),
            end=local_minutes(g["not_after"]),
        )
        if result.get("activation_code"):
            text += " " + tr("gui.sb_activation_code", code=result["activation_code"])
        self.say(text)

    def end_use(self) -> None:
        box = self.selected_box()
        if box is None:
            return
        stop = threading.Event()
        progress = sealbox_view.stoppable(self.report_progress, stop)

        async def work(k: Keeper) -> Json:
            return await k.end(box["id"], progress=progress)

        def done(result: Json) -> None:
            g = result["grant"]
            self.say(tr("gui.sb_ended", user=g["user_name"], used=g["used"]))
            self.refresh(scan=False)

        self.keeper(work, done, text=tr("gui.sb_ending"), cancellable=True)
        self._stop = stop

    # --- records -------------------------------------------------------------------------------

    def pull_records(self) -> None:
        """取回记录: the box's new records and photos to this computer, then to the platform;
        取消 stops after the batch in hand (what came is kept; the next run goes on)."""
        box = self.selected_box()
        if box is None:
            return
        stop = threading.Event()
        progress = sealbox_view.stoppable(self.report_progress, stop)

        async def work(k: Keeper) -> Json:
            return await k.records(box["id"], progress=progress)

        def done(result: Json) -> None:
            self.say(
                tr(
                    "gui.sb_pulled",
                    name=result["box"]["name"],
                    new=result["new"],
                    photos=result["photos"],
                    uploaded=result["uploaded"],
                )
            )
            self.refresh(scan=False)
            self.tabs.setCurrentIndex(self.tabs.indexOf(self.stamp_table.parentWidget()))

        def failed(e: BaseException) -> None:
            if isinstance(e, Cancelled):
                self.say(tr("gui.sb_cancelled"), error=True)
                self.refresh(scan=False)
                return
            self.problem(e)

        self.keeper(work, done, text=tr("gui.sb_pulling"), failed=failed, cancellable=True)
        self._stop = stop

    # --- settings, lost-lock ------------------------------------------------------------------

    def open_settings(self) -> None:
        box = self.selected_box()
        if box is None:
            return
        dialog = SettingsDialog(self, box, may_get_code=self.may("sealbox.offline_code"))
        dialog.submitted.connect(lambda: self._settings(dialog, box))
        dialog.code_requested.connect(lambda: self._offline_code(dialog, box))
        self._open(dialog)

    def _offline_code(self, dialog: SettingsDialog, box: Json) -> None:
        async def work(k: Keeper) -> Json:
            return await k.offline_code(box["id"])

        def done(result: Json) -> None:
            dialog.show_code(str(result["code"]))

        self.keeper(work, done, text=tr("gui.sb_saving"), failed=self._in_dialog(dialog))

    def _settings(self, dialog: SettingsDialog, box: Json) -> None:
        backlight, auto_off = dialog.backlight.value(), dialog.auto_off.value()
        offline, typed = dialog.offline_change(), dialog.code.text()

        async def work(k: Keeper) -> Json:
            code = sealbox_view.check_settings(backlight, auto_off, offline=offline, code=typed)
            return await k.settings(
                box["id"], backlight=backlight, auto_off=auto_off, offline=offline, code=code
            )

        def done(result: Json) -> None:
            dialog.accept()
            s = result["box"]["settings"]
            self.say(
                tr(
                    "gui.sb_settings_said",
                    backlight=s["backlight"],
                    auto_off=s["auto_off"],
                    offline=tr("gui.sb_on" if s["offline"] else "gui.sb_off"),
                )
            )
            self.refresh(scan=False)

        def failed(e: BaseException) -> None:
            if isinstance(e, BoxPending):
                dialog.accept()
            self._in_dialog(dialog)(e)

        self.keeper(work, done, text=tr("gui.sb_saving"), failed=failed)

    def ask_lock(self) -> None:
        box = self.selected_box()
        if box is None:
            return
        unlock = box.get("lock", "none") in ("locked", "pending")
        key = "gui.sb_unlock_confirm" if unlock else "gui.sb_lock_confirm"
        self.confirm_box = confirm(
            self,
            tr("gui.sb_unlock" if unlock else "gui.sb_lock"),
            tr(key, name=box["name"]),
            lambda: self.lock(box, unlock=unlock),
        )

    def lock(self, box: Json, *, unlock: bool = False) -> None:
        async def work(k: Keeper) -> Json:
            return await k.lock(box["id"], unlock=unlock)

        def done(result: Json) -> None:
            name = result["box"]["name"]
            self.say(tr("gui.sb_unlocked" if unlock else "gui.sb_locked", name=name))
            self.refresh(scan=False)

        self.keeper(work, done, text=tr("gui.sb_saving"))

    # --- applications ----------------------------------------------------------------------

    def open_decision(self, *, reject: bool) -> None:
        app = self.selected_application()
        if app is None:
            return
        dialog = ReasonDialog(self, app, reject=reject)
        dialog.submitted.connect(lambda: self._decide(dialog, app, reject))
        self._open(dialog)

    def _decide(self, dialog: ReasonDialog, app: Json, reject: bool) -> None:
        reason = dialog.reason.text()

        async def work(k: Keeper) -> Json:
            text = sealbox_view.check_reason(reason, required=reject)
            call = k.api.reject if reject else k.api.approve
            return dict(await k.platform_call(call, app["id"], text))

        def done(result: Json) -> None:
            dialog.accept()
            self.say(tr("gui.sb_decided", state=tr(f"gui.sb_app_{result['state']}")))
            self.refresh(scan=False)

        self.keeper(work, done, text=tr("gui.sb_saving"), failed=self._in_dialog(dialog))

    # --- dialogs -------------------------------------------------------------------------------

    def _open(self, dialog: FormDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
            if not self.busy:  # no answer on its way to it
                self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()

    def _in_dialog(self, dialog: FormDialog) -> Callable[[BaseException], None]:
        """A refusal said in the dialog (still open, 确定 again); else as the page says it."""

        def failed(e: BaseException) -> None:
            if dialog.isVisible():
                dialog.unbusy()
                dialog.show_problem(message_of(e))
            if isinstance(e, BoxPending) or not dialog.isVisible():
                self.problem(e)

        return failed

    def shutdown(self) -> None:
        if self._stop is not None:
            self._stop.set()
        self.worker.shutdown(wait=False)
