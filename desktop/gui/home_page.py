"""首页: the key's status live, its unit certificate with an expiry warning, its seals, and
the 用印申请 waiting for the platform user's decision (待我审批, home_approvals)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QFont, QIcon, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sealdesk.desktop.gui.home_approvals import ApprovalsBox
from sealdesk.desktop.gui.key_service import KeyService, KeySnapshot
from sealdesk.desktop.gui.pin_dialog import ChangePinDialog, PinDialog
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    from sealdesk.ukey import TokenInfo
    from sealdesk.ukey.presence import PresenceEvent

EXPIRY_WARNING_DAYS = 30
FIRST_TODO_DELAY_MS = 1500  # 待我审批 first asked this long after the window shows


def table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def fill(t: QTableWidget, rows: list[list[str]]) -> None:
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.setItem(r, c, QTableWidgetItem(text))


def pin_text(t: object) -> str:
    pin = t.pin  # type: ignore[attr-defined]
    for flag in ("locked", "final_try", "count_low", "to_be_changed"):
        if getattr(pin, flag):
            return tr(f"pin.{flag}")
    return tr("pin.ok")


def seal_pixmap(png: bytes | None, side: int, dpr: float = 1.0) -> QPixmap:
    """The picture fitted in ``side`` × ``side`` logical pixels, with the screen's device
    pixels (``dpr`` of them per logical pixel: crisp on a 200 % screen)."""
    pixmap = QPixmap()
    if png:
        pixmap.loadFromData(png)
    if pixmap.isNull():
        return pixmap
    scaled = pixmap.scaled(
        round(side * dpr),
        round(side * dpr),
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    scaled.setDevicePixelRatio(dpr)
    return scaled


class HomePage(QWidget):
    """Key status, certificates, seals in the key, plug events, PIN check."""

    def __init__(self, service: KeyService) -> None:
        super().__init__()
        self.service = service
        self.snapshot: KeySnapshot | None = None
        self.status = QLabel(tr("gui.busy"))
        font = QFont(self.status.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.status.setFont(font)
        self.status.setObjectName("keyStatus")
        self.status.setWordWrap(True)
        self.module_line = QLabel("")
        self.module_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.expiry = QLabel("")
        self.expiry.setWordWrap(True)
        self.expiry.setVisible(False)

        self.keep_login = True  # from the settings: False when the PIN is asked every time
        self.verify_button = QPushButton(tr("gui.login"))
        self.verify_button.setEnabled(False)
        self.verify_button.clicked.connect(self._ask_pin)
        self.logout_button = QPushButton(tr("gui.logout"))
        self.logout_button.setEnabled(False)
        self.logout_button.clicked.connect(self.service.log_out)
        self.change_pin_button = QPushButton(tr("gui.change_pin"))
        self.change_pin_button.setEnabled(False)
        self.change_pin_button.clicked.connect(self.ask_change_pin)
        self.refresh_button = QPushButton(tr("gui.refresh"))
        self.refresh_button.clicked.connect(self.service.refresh)
        buttons = QHBoxLayout()
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.logout_button)
        buttons.addWidget(self.change_pin_button)
        buttons.addWidget(self.refresh_button)
        self.pin_feedback = QLabel("")
        self.pin_feedback.setWordWrap(True)
        buttons.addWidget(self.pin_feedback, 1)

        self.tokens = table(
            [
                tr("col.label"),
                tr("col.serial"),
                tr("col.manufacturer"),
                tr("col.model"),
                tr("col.pin"),
            ]
        )
        self.certs = table(
            [
                tr("gui.cert_label"),
                tr("gui.cert_unit"),
                tr("cert.credit_code"),
                tr("cert.issuer"),
                tr("gui.cert_valid_to"),
            ]
        )
        self.seals = QListWidget()
        self.seals.setViewMode(QListWidget.ViewMode.IconMode)
        self.seals.setIconSize(QSize(96, 96))
        self.seals.setGridSize(QSize(190, 170))
        self.seals.setMovement(QListWidget.Movement.Static)
        self.seals.setWordWrap(True)
        self.seals.setMinimumHeight(170)
        self.seals.setMaximumHeight(175)
        self.seals.currentItemChanged.connect(lambda *_a: self._seal_selected())
        self.delete_seal_button = QPushButton(tr("gui.delete_seal"))
        self.delete_seal_button.setEnabled(False)
        self.delete_seal_button.clicked.connect(self.ask_delete_seal)
        self.events = QListWidget()

        # the page scrolls rather than forcing a tall window on a small screen
        content = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stops inside; it follows the focus
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        layout.addWidget(self.status)
        layout.addWidget(self.module_line)
        layout.addWidget(self.expiry)
        layout.addLayout(buttons)
        self.approvals = ApprovalsBox()
        self._todo_asked = False
        layout.addWidget(self.approvals)
        for title, widget in (
            (tr("gui.keys"), self.tokens),
            (tr("info.certificates"), self.certs),
            (tr("gui.seals_in_key"), self.seals),
            (tr("gui.events"), self.events),
        ):
            box = QGroupBox(title)
            inner = QVBoxLayout(box)
            inner.addWidget(widget)
            if widget is self.seals:
                row = QHBoxLayout()
                row.addStretch(1)
                row.addWidget(self.delete_seal_button)
                inner.addLayout(row)
            layout.addWidget(box)
        self.tokens.setMaximumHeight(64)
        self.certs.setMaximumHeight(96)
        self.events.setMinimumHeight(90)

        service.snapshot.connect(self.show_snapshot)
        service.presence.connect(self.show_event)
        service.pin_result.connect(self._pin_done)
        service.pin_changed.connect(self._pin_changed)
        service.session_changed.connect(self._session_changed)
        service.seal_done.connect(self._seal_done)
        service.watching.connect(self._watching)

    def showEvent(self, event: QShowEvent) -> None:
        """待我审批 asked again each time the page is shown (off the GUI thread); the first
        time once the window is up: its worker's imports (the platform client, the local
        store: ~0.2 s) would hold the GIL while the window starts (2.16x a bare window, 1.91x
        without)."""
        super().showEvent(event)
        if self._todo_asked:
            self.approvals.load()
        else:
            self._todo_asked = True
            QTimer.singleShot(FIRST_TODO_DELAY_MS, self.approvals.load)

    def shutdown(self) -> None:
        self.approvals.shutdown()

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
        self.change_pin_button.setEnabled(bool(snap.tokens))
        fill(
            self.tokens,
            [[t.label, t.serial, t.manufacturer, t.model, pin_text(t)] for t in snap.tokens],
        )
        rows = []
        warnings = []
        now = dt.datetime.now(dt.UTC)
        for certs in snap.certificates.values():
            for c in certs:
                info = c.info
                if info is None or info.is_ca:
                    continue
                rows.append(
                    [
                        c.label,
                        info.organization,
                        info.credit_code or "",
                        info.issuer_cn,
                        f"{info.not_after:%Y-%m-%d}",
                    ]
                )
                not_after = info.not_after
                if not_after.tzinfo is None:
                    not_after = not_after.replace(tzinfo=dt.UTC)
                days = (not_after - now).days
                if not_after < now:
                    warnings.append(
                        tr("gui.cert_expired", label=c.label, date=f"{not_after:%Y-%m-%d}")
                    )
                elif days < EXPIRY_WARNING_DAYS:
                    warnings.append(
                        tr(
                            "gui.cert_expires_soon",
                            label=c.label,
                            days=days,
                            date=f"{not_after:%Y-%m-%d}",
                        )
                    )
        fill(self.certs, rows)
        self.expiry.setText("\n".join(warnings))
        self.expiry.setStyleSheet("color: #b26a00; font-weight: bold;")
        self.expiry.setVisible(bool(warnings))
        self.seals.clear()
        for entries in snap.seals.values():
            for s in entries:
                if s.error:
                    item = QListWidgetItem(f"{s.label}\n✗ {tr('gui.seal_unreadable')}")
                else:
                    text = f"{s.name}\n{s.width_mm:g}×{s.height_mm:g} mm"
                    if s.valid_to:
                        text += f"\n{tr('gui.valid_to_short')} {s.valid_to}"
                    item = QListWidgetItem(
                        QIcon(seal_pixmap(s.png, 96, self.devicePixelRatioF())), text
                    )
                    item.setToolTip(s.label)
                item.setData(Qt.ItemDataRole.UserRole, s.label)
                self.seals.addItem(item)
        if snap.tokens and not any(snap.seals.values()):
            self.seals.addItem(QListWidgetItem(tr("seal.none_in_key")))

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
        token = self.snapshot.tokens[row]
        self.pin_dialog = PinDialog(self, token)
        self.pin_dialog.accepted.connect(lambda: self._verify(token.label))
        self.pin_dialog.open()

    def _verify(self, label: str) -> None:
        self.verify_button.setEnabled(False)
        self.service.verify_pin(label, self.pin_dialog.pin(), keep=self.keep_login)
        self.pin_dialog.edit.clear()

    def _seal_selected(self) -> None:
        item = self.seals.currentItem()
        self.delete_seal_button.setEnabled(
            item is not None and item.data(Qt.ItemDataRole.UserRole) is not None
        )

    def ask_delete_seal(self) -> None:
        """从 USB Key 删除: confirm, then the PIN, then the key's worker deletes it."""
        item = self.seals.currentItem()
        seal = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if seal is None or not self.snapshot or not self.snapshot.tokens:
            return
        token = self.snapshot.tokens[0]
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(tr("gui.delete_seal"))
        box.setText(tr("gui.delete_seal_ask", seal=seal, label=token.label))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(lambda: self._delete_pin(token, seal))
        self.delete_box = box
        box.open()

    def _delete_pin(self, token: TokenInfo, seal: str) -> None:
        self.pin_dialog = PinDialog(self, token)
        self.pin_dialog.setWindowTitle(tr("gui.delete_seal"))

        def go() -> None:
            pin = self.pin_dialog.pin()
            self.pin_dialog.edit.clear()
            self.delete_seal_button.setEnabled(False)
            self.service.delete_seal(label=token.label, pin=pin, seal_label=seal)

        self.pin_dialog.accepted.connect(go)
        self.pin_dialog.open()

    def _seal_done(self, ok: bool, message: str) -> None:
        self.pin_feedback.setStyleSheet(f"color: {'#1a7f37' if ok else '#c62828'};")
        self.pin_feedback.setText(message)

    def _session_changed(self, label: str) -> None:
        if not label and self.logout_button.isEnabled():
            self.pin_feedback.setStyleSheet("color: #555;")
            self.pin_feedback.setText(tr("gui.logged_out"))
        self.logout_button.setEnabled(bool(label))

    def ask_change_pin(self, _checked: bool = False, problem: str = "") -> None:
        """修改 PIN: the current PIN and the new one twice, then the key's worker changes it."""
        if not self.snapshot or not self.snapshot.tokens:
            return
        token = self.snapshot.tokens[max(self.tokens.currentRow(), 0)]
        self.change_dialog = ChangePinDialog(self, token, problem)
        self.change_dialog.accepted.connect(lambda: self._change(token.label))
        self.change_dialog.open()

    def _change(self, label: str) -> None:
        old, new = self.change_dialog.pins()
        self.change_pin_button.setEnabled(False)
        self.service.change_pin(label, old, new)

    def _pin_changed(self, ok: bool, message: str) -> None:
        self.change_pin_button.setEnabled(True)
        self.pin_feedback.setStyleSheet(f"color: {'#1a7f37' if ok else '#c62828'};")
        self.pin_feedback.setText(message)
        if not ok:
            self.ask_change_pin(problem=message)  # again, saying why
        self.service.refresh()

    def _pin_done(self, ok: bool, message: str) -> None:
        # shown in the window rather than a modal box: the user reads it next to the key
        self.verify_button.setEnabled(True)
        self.pin_feedback.setStyleSheet(f"color: {'#1a7f37' if ok else '#c62828'};")
        self.pin_feedback.setText(message)
        self.service.refresh()
