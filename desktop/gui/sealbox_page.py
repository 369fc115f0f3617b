"""印控: the unit's smart seal boxes for keepers (管章人) and admins, over the platform session
of the 平台 page and the radio (Bluetooth, or the simulated link of SEALDESK_BLE_SIM).

This module is the page's shell: the title with 绑定印章盒 and 刷新, the busy line (progress,
取消), what happened, the radio's banner, the way to the 平台 page when not logged in, and the
tabs: 印章盒 (sealbox_boxes), 用印申请 (sealbox_applications), 使用记录 with the photos and
异常记录 with the unread count (sealbox_records). What the page does to a box is in
sealbox_actions, the dialogs in sealbox_dialogs, 审批流程 (categories, templates) in
sealbox_flow.

Every call runs on the page's worker (sealdesk.app.sealbox_view / sealdesk.app.sealbox): see
:meth:`SealboxPage.run` and :meth:`SealboxPage.keeper`; a command the platform took while the
box is out of reach is said so (the box gets it at its next contact)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sealdesk.app import platform, sealbox_view
from sealdesk.app.sealbox import BoxPending, Keeper
from sealdesk.app.sealbox_view import Overview
from sealdesk.desktop import i18n
from sealdesk.desktop.gui.platform_dialogs import FormDialog
from sealdesk.desktop.gui.sealbox_actions import BoxActions
from sealdesk.desktop.gui.sealbox_applications import ApplicationsTab
from sealdesk.desktop.gui.sealbox_boxes import BoxesTab
from sealdesk.desktop.gui.sealbox_common import ERROR, GOOD, MUTED, Json, Work
from sealdesk.desktop.gui.sealbox_export import open_export
from sealdesk.desktop.gui.sealbox_features import features_of, open_features, use_box
from sealdesk.desktop.gui.sealbox_flow import FlowActions
from sealdesk.desktop.gui.sealbox_records import AbnormalTable, RecordsTab
from sealdesk.desktop.gui.sealbox_track import PlaceBar
from sealdesk.desktop.gui.worker import Worker, message_of
from sealdesk.desktop.i18n import tr
from sealdesk.sync.client import ServerRefused


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
        self.scan_timeout = 1.5  # seconds the radio listens at each refresh
        self.dialog: FormDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self._busy = 0
        self._stop: threading.Event | None = None
        self.box_actions = BoxActions(self)
        self.flow_actions = FlowActions(self)

        title = QLabel(tr("gui.sb_title"))
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.who = QLabel("")
        self.who.setStyleSheet(f"color: {MUTED};")
        self.refresh_button = QPushButton(tr("gui.sb_refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.bind_button = QPushButton(tr("gui.sb_bind_box"))
        self.bind_button.clicked.connect(self.box_actions.open_bind)
        self.features_button = QPushButton(tr("gui.sb_features"))  # 功能配置: 主管理员
        self.features_button.clicked.connect(lambda: open_features(self))
        self.use_button = QPushButton(tr("gui.sb_use"))  # 直接使用: nothing ticked
        self.use_button.clicked.connect(lambda: use_box(self))
        head = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(title)
        names.addWidget(self.who)
        head.addLayout(names, 1)
        head.addWidget(self.use_button)
        head.addWidget(self.features_button)
        head.addWidget(self.bind_button)
        head.addWidget(self.refresh_button)
        self.place_bar = PlaceBar(self)  # 本机位置

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

        # the tabs, and the names the tests and the window reach their parts by
        self.tabs = QTabWidget()
        self.boxes = BoxesTab(self)
        self.applications = ApplicationsTab(self)
        self.records = RecordsTab()
        self.abnormal_table = AbnormalTable(self)
        self.tabs.addTab(self.boxes, tr("gui.sb_tab_boxes"))
        self.tabs.addTab(self.applications, tr("gui.sb_tab_applications"))
        self.tabs.addTab(self.records, tr("gui.sb_tab_records"))
        self.tabs.addTab(self.abnormal_table, tr("gui.sb_tab_abnormal"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.records.view_changed.connect(self.load_records)
        self.records.export_button.clicked.connect(lambda: open_export(self))
        self.box_table = self.boxes.table
        self.box_note = self.boxes.note
        self.grant_button = self.boxes.grant_button
        self.end_button = self.boxes.end_button
        self.records_button = self.boxes.records_button
        self.settings_button = self.boxes.settings_button
        self.lock_button = self.boxes.lock_button
        self.app_table = self.applications.table
        self.approve_button = self.applications.approve_button
        self.reject_button = self.applications.reject_button
        self.app_grant_button = self.applications.grant_button
        self.stamp_table = self.records.table
        self.photo = self.records.photo
        self.photos = self.records.photos

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
        layout.addWidget(self.place_bar)
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
        stop: threading.Event | None = None,
    ) -> None:
        """``work`` on the worker with the busy bar; ``done`` or ``failed`` (else
        :meth:`problem`) on the GUI thread. With ``stop``, 取消 shows and sets it."""
        self._busy += 1
        self.progress.setRange(0, 0)
        self.progress_text.setText(text)
        self.progress.setVisible(True)
        self.progress_text.setVisible(True)
        self.cancel_button.setVisible(stop is not None)
        self.cancel_button.setEnabled(stop is not None)
        if stop is not None:
            self._stop = stop
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
        if isinstance(e, BoxPending):  # out of reach: listen again (在线 was heard before)
            self.say(tr("gui.sb_pending", why=message_of(e.cause)), error=True)
            self.refresh()
            return
        self.say(message_of(e), error=True)

    # --- the view ----------------------------------------------------------------------------

    def refresh(self, *, scan: bool = True) -> None:
        """The platform's view of the unit's boxes, and which of them the radio hears (with
        ``scan``: a box heard with commands waiting gets them now)."""
        known = frozenset(self.photos)
        timeout = self.scan_timeout if scan else 0.0
        records_view = self.records.current_view()

        async def work(k: Keeper) -> tuple[Overview, platform.View]:
            view = await sealbox_view.overview(
                k, scan_timeout=timeout, known_photos=known, records_view=records_view
            )
            return view, platform.view()

        def done(result: tuple[Overview, platform.View]) -> None:
            view, local = result
            if not scan and self.view is not None:  # what the radio heard last stays said
                view.heard, view.radio_problem = self.view.heard, self.view.radio_problem
            self.show_view(view, local)

        self.keeper(work, done, text=tr("gui.sb_loading"))

    def load_records(self, which: str) -> None:
        """使用记录 of the tab ``which`` (all, mine, managed), as the platform filters them."""
        if self.view is None:
            return
        known = frozenset(self.photos)

        async def work(k: Keeper) -> tuple[list[Json], dict[int, bytes]]:
            return await sealbox_view.stamps(k, which, known)

        def done(result: tuple[list[Json], dict[int, bytes]]) -> None:
            stamps, photos = result
            if self.view is not None:
                self.view.stamps, self.view.records_view = stamps, which
            self.records.show_stamps(stamps, photos, which)

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
        self.view = view
        self.stack.setCurrentWidget(self.session)
        if view.radio_problem is not None:
            self.banner.setText(tr("gui.sb_no_radio", why=message_of(view.radio_problem)))
        self.banner.setVisible(view.radio_problem is not None)
        self.boxes.fill(view)
        self.applications.fill(view)
        self.records.fill(view)
        self.abnormal_table.fill(view)
        self.update_controls()
        self.view_shown.emit(view)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.abnormal_table:
            self.abnormal_table.opened()

    # --- what is chosen, what may be done ----------------------------------------------------

    def selected_box(self) -> Json | None:
        return self.boxes.selected()

    def selected_application(self) -> Json | None:
        return self.applications.selected()

    def me(self) -> str | None:
        """The platform id of the person logged in (None: not known here)."""
        user = self.status.user if self.status is not None else None
        return str(user["id"]) if user and user.get("id") else None

    def may(self, permission: str) -> bool:
        return self.status is not None and self.status.may(permission)

    def explain_role(self, *buttons: tuple[QPushButton, str]) -> None:
        """A button the person's role may not use says so in its tooltip."""
        for button, permission in buttons:
            allowed = self.status is None or self.may(permission)
            button.setToolTip("" if allowed else tr("gui.sb_not_allowed"))

    def update_controls(self) -> None:
        idle = not self.busy and self.view is not None
        self.refresh_button.setEnabled(not self.busy)
        self.bind_button.setEnabled(idle and self.may("sealbox.bind"))
        self.features_button.setVisible(self.may("sealbox.features"))
        self.features_button.setEnabled(idle)
        nothing = self.view is not None and features_of(self).nothing
        self.use_button.setVisible(nothing)
        self.use_button.setEnabled(idle and self.selected_box() is not None)
        self.explain_role((self.bind_button, "sealbox.bind"))
        exportable = idle and self.view is not None and bool(self.view.boxes)
        self.records.export_button.setEnabled(exportable and self.may("sealbox.export"))
        self.explain_role((self.records.export_button, "sealbox.export"))
        self.boxes.update_controls(idle)
        self.applications.update_controls(idle)

    # --- dialogs -------------------------------------------------------------------------------

    def open_dialog(self, dialog: FormDialog) -> None:
        """``dialog`` opened (window-modal); the one open before is closed."""
        if self.dialog is not None:
            self.dialog.close()
            if not self.busy:  # no answer on its way to it
                self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()

    def in_dialog(self, dialog: FormDialog) -> Callable[[BaseException], None]:
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
