"""首页's 待我审批: at most three 用印申请 waiting for the decision of the person logged in to
the platform, newest first, with the way to the 印控 page's 用印申请 tab. Asked of the platform
off the GUI thread each time the home page is shown; hidden when there is no platform session
here, none waits, or the platform cannot say (the 印控 page says why)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sealdesk.desktop import i18n
from sealdesk.desktop.gui.worker import Worker
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:  # the seal-box modules load on the worker, not with the window
    from sealdesk.app.sealbox_view import Awaiting

log = logging.getLogger(__name__)


def _awaiting(lang: str) -> Awaiting | None:
    from sealdesk.app import sealbox_view

    return sealbox_view.awaiting(lang=lang)


class ApprovalsBox(QGroupBox):
    """待我审批 on the home page; ``open_requested`` asks the window for the applications."""

    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("gui.home_todo"), parent)
        self.worker: Worker | None = None  # made at the first load
        self.loading = False
        self.shown: Awaiting | None = None
        self.lines = QVBoxLayout()
        self.more = QLabel("")
        self.more.setStyleSheet("color: #555;")
        self.open_button = QPushButton(tr("gui.home_todo_open"))
        self.open_button.clicked.connect(self.open_requested.emit)
        row = QHBoxLayout()
        row.addWidget(self.more, 1)
        row.addWidget(self.open_button)
        inner = QVBoxLayout(self)
        inner.addLayout(self.lines)
        inner.addLayout(row)
        self.labels: list[QLabel] = []
        self.setVisible(False)

    def load(self) -> None:
        """Ask the platform again (on the box's worker); shown when the answer comes."""
        if self.loading:
            return
        if self.worker is None:
            self.worker = Worker("sealdesk-home-todo", self)
        self.loading = True
        lang = i18n.language()
        self.worker.submit(lambda: _awaiting(lang), self.show_todo, self._failed)

    def _failed(self, e: BaseException) -> None:
        self.loading = False
        log.info("待我审批 not shown: %s", type(e).__name__)
        self.show_todo(None)

    def show_todo(self, awaiting: Awaiting | None) -> None:
        self.loading = False
        self.shown = awaiting
        for label in self.labels:
            self.lines.removeWidget(label)
            label.deleteLater()
        self.labels = []
        if awaiting is None or not awaiting.total:
            self.setVisible(False)
            return
        self.setTitle(tr("gui.home_todo_count", count=awaiting.total))
        for a in awaiting.applications:
            label = QLabel(
                tr(
                    "gui.home_todo_line",
                    who=a.get("applicant_name") or "?",
                    reason=a["reason"],
                    count=a["count"] or tr("gui.sb_unlimited"),
                    box=awaiting.box_names.get(a["box_id"], "?"),
                    when=dt.datetime.fromtimestamp(a["created_ms"] / 1000)
                    .astimezone()
                    .strftime("%Y-%m-%d %H:%M"),
                )
            )
            label.setWordWrap(True)
            self.lines.addWidget(label)
            self.labels.append(label)
        hidden = awaiting.total - len(awaiting.applications)
        self.more.setText(tr("gui.home_todo_more", count=hidden) if hidden else "")
        self.setVisible(True)

    def shutdown(self) -> None:
        if self.worker is not None:
            self.worker.shutdown(wait=False)
