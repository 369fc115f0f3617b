"""The main window: key status, certificates, plug/unplug events."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sealdesk.desktop.gui.key_service import KeyService, KeySnapshot
from sealdesk.desktop.i18n import tr
from sealdesk.ukey.presence import PresenceEvent


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))


class MainWindow(QMainWindow):
    """The single window of SealDesk (more screens join it with the GUI issue)."""

    def __init__(self, service: KeyService) -> None:
        super().__init__()
        self.service = service
        self.snapshot: KeySnapshot | None = None
        self.setWindowTitle(tr("gui.title"))

        self.status = QLabel(tr("gui.busy"))
        font = QFont(self.status.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.status.setFont(font)
        self.status.setObjectName("keyStatus")
        self.module_line = QLabel("")
        self.module_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.verify_button = QPushButton(tr("gui.verify_pin"))
        self.verify_button.setEnabled(False)
        self.verify_button.clicked.connect(self._ask_pin)
        refresh = QPushButton(tr("gui.refresh"))
        refresh.clicked.connect(self.service.refresh)
        buttons = QHBoxLayout()
        buttons.addWidget(self.verify_button)
        buttons.addWidget(refresh)
        self.pin_feedback = QLabel("")
        self.pin_feedback.setWordWrap(True)
        buttons.addWidget(self.pin_feedback, 1)

        self.tokens = _table(
            [
                tr("col.label"),
                tr("col.serial"),
                tr("col.manufacturer"),
                tr("col.model"),
                tr("col.pin"),
            ]
        )
        self.certs = _table(
            [
                tr("gui.cert_label"),
                tr("gui.cert_unit"),
                tr("cert.credit_code"),
                tr("cert.issuer"),
                tr("gui.cert_valid_to"),
            ]
        )
        self.events = QListWidget()

        layout = QVBoxLayout()
        layout.addWidget(self.status)
        layout.addWidget(self.module_line)
        layout.addLayout(buttons)
        for title, widget in (
            (tr("gui.keys"), self.tokens),
            (tr("info.certificates"), self.certs),
            (tr("gui.events"), self.events),
        ):
            box = QGroupBox(title)
            inner = QVBoxLayout(box)
            inner.addWidget(widget)
            layout.addWidget(box)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)

        service.snapshot.connect(self.show_snapshot)
        service.presence.connect(self.show_event)
        service.pin_result.connect(self._pin_done)
        service.watching.connect(self._watching)
        geometry = QSettings("SealDesk", "SealDesk").value("main/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(960, 640)

    def show_snapshot(self, snap: KeySnapshot) -> None:
        self.snapshot = snap
        if snap.choice is not None:
            self.module_line.setText(
                tr(
                    "gui.module_line",
                    path=snap.choice.path,
                    source=tr("source." + snap.choice.source),
                )
            )
        if snap.problem:
            self.status.setText(snap.problem)
        elif not snap.tokens:
            self.status.setText(tr("gui.key_absent"))
        elif len(snap.tokens) == 1:
            t = snap.tokens[0]
            self.status.setText(tr("gui.key_present", label=t.label, manufacturer=t.manufacturer))
        else:
            self.status.setText(tr("gui.key_many", count=len(snap.tokens)))
        self.verify_button.setEnabled(bool(snap.tokens))
        _fill(
            self.tokens,
            [[t.label, t.serial, t.manufacturer, t.model, self._pin_text(t)] for t in snap.tokens],
        )
        rows = []
        for certs in snap.certificates.values():
            for c in certs:
                info = c.info
                if info is not None and not info.is_ca:
                    rows.append(
                        [
                            c.label,
                            info.organization,
                            info.credit_code or "",
                            info.issuer_cn,
                            f"{info.not_after:%Y-%m-%d}",
                        ]
                    )
        _fill(self.certs, rows)

    @staticmethod
    def _pin_text(t: object) -> str:
        pin = t.pin  # type: ignore[attr-defined]
        for flag in ("locked", "final_try", "count_low", "to_be_changed"):
            if getattr(pin, flag):
                return tr(f"pin.{flag}")
        return tr("pin.ok")

    def show_event(self, event: PresenceEvent) -> None:
        when = dt.datetime.now().strftime("%H:%M:%S")
        self.events.insertItem(
            0, f"{when}  {tr('event.' + event.kind)}  {event.label or event.reader}"
        )

    def _watching(self, message: str) -> None:
        when = dt.datetime.now().strftime("%H:%M:%S")
        self.events.insertItem(0, f"{when}  {message}")

    def _ask_pin(self) -> None:
        if not self.snapshot or not self.snapshot.tokens:
            return
        row = max(self.tokens.currentRow(), 0)
        label = self.snapshot.tokens[row].label
        pin, ok = QInputDialog.getText(
            self, tr("gui.pin_title"), tr("prompt.pin", label=label), QLineEdit.EchoMode.Password
        )
        if ok:
            self.verify_button.setEnabled(False)
            self.service.verify_pin(label, pin)

    def _pin_done(self, ok: bool, message: str) -> None:
        # shown in the window rather than a modal box: the user reads it next to the key
        self.verify_button.setEnabled(True)
        self.pin_feedback.setStyleSheet(f"color: {'#1a7f37' if ok else '#c62828'};")
        self.pin_feedback.setText(message)
        self.service.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings("SealDesk", "SealDesk").setValue("main/geometry", self.saveGeometry())
        super().closeEvent(event)
