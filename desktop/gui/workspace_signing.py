"""The signing workspace's signing: what a run signs, the PIN, the batch queue, progress,
cancel and the outcome of each file."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtGui import (
    QColor,
)
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sealdesk.desktop.gui.key_service import SignOutcome
from sealdesk.desktop.gui.pin_dialog import PinDialog
from sealdesk.desktop.gui.scene_items import SealChoice
from sealdesk.desktop.gui.worker import message_of
from sealdesk.desktop.i18n import tr
from sealdesk.signing.jobs import (
    Placement,
    QrSpec,
    SignOptions,
)

if TYPE_CHECKING:  # the batch's module is loaded when signing is asked for
    from sealdesk.app.batch import PlannedFile
    from sealdesk.signing.verdicts import Reason


@dataclass(frozen=True)
class _Planned:
    """A confirmed signing waiting for its PIN (asked again after a wrong one)."""

    jobs: list[tuple[Path, Path]]
    runs: list[SignOptions]
    overwrite: bool
    warnings: dict[Path, tuple[Reason, ...]]


def stamps_summary(runs: Sequence[SignOptions]) -> str:
    """What a signing stamps, in a sentence: each seal and its pages, the cross-page seal, the
    keyword, the QR code."""
    parts = []
    for run in runs:
        name = (run.seal.name if run.seal else None) or tr("gui.seal_unnamed")
        if run.placements:
            pages = "、".join(str(p) for p in sorted({p.page for p in run.placements}))
            parts.append(tr("gui.stamp_placed", seal=name, count=len(run.placements), pages=pages))
        if run.cross_page is not None:
            parts.append(
                tr("gui.stamp_cross", seal=name, edge=tr(f"gui.edge_{run.cross_page.edge}"))
            )
        if run.keyword:
            parts.append(tr("gui.stamp_keyword", seal=name, keyword=run.keyword))
        if run.qr is not None:
            parts.append(tr("gui.stamp_qr"))
    return tr("gui.stamp_sep").join(parts)


class SigningPane:
    """The signing half of :class:`~sealdesk.desktop.gui.workspace.Workspace` (a mixin)."""

    def _build_signing_panel(self) -> None:
        self.sign_button = QPushButton(tr("gui.finish_signing"))
        self.sign_button.setObjectName("primary")
        self.sign_button.setStyleSheet(
            "QPushButton#primary { background: #c62828; color: white; font-weight: bold;"
            " padding: 5px 16px; border-radius: 3px; }"
            " QPushButton#primary:disabled { background: #d9a3a3; }"
            " QPushButton#primary:focus { border: 2px solid #1a5fb4; outline: none; }"
        )
        self.sign_button.clicked.connect(self.finish_signing)
        # the batch: several files, the same placement rules, one PIN
        self.queue = QListWidget()
        self.queue.setWordWrap(True)
        self.queue.setMinimumHeight(120)
        self.queue.setMaximumHeight(220)
        self.queue_box = QGroupBox(tr("gui.batch_box", count=0))
        queue_layout = QVBoxLayout(self.queue_box)
        queue_layout.addWidget(self.queue)
        self.queue_box.setVisible(False)

        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress_text = QLabel("")
        self.cancel_button = QPushButton(tr("gui.cancel"))
        self.cancel_button.clicked.connect(self.cancel_signing)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_text)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self.progress_box = QWidget()
        self.progress_box.setLayout(progress_row)
        self.progress_box.setVisible(False)
        self.verify_button = QPushButton(tr("gui.verify_this"))
        self.verify_button.setVisible(False)
        self.verify_button.clicked.connect(
            lambda: self.path and self.verify_requested.emit(str(self.path))
        )
        self.message_row = QHBoxLayout()
        self.message_row.addWidget(self.message, 1)
        self.message_row.addWidget(self.verify_button)

    def sign_runs(self) -> list[SignOptions]:
        """One run of options per seal used (each run signs once per placement); the keyword
        placement goes with the selected seal's run, the QR code with the first run."""
        groups: dict[str, tuple[SealChoice, list[Placement]]] = {}
        for item in self.seal_items():
            groups.setdefault(item.choice.key, (item.choice, []))[1].append(item.placement())
        keyword = self.keyword_options()
        keyword_choice = self.current_choice() if keyword else None
        if keyword_choice is not None:
            groups.setdefault(keyword_choice.key, (keyword_choice, []))
        cross = self.cross_page()
        runs = []
        cross_done = False
        for key, (choice, placements) in groups.items():
            with_cross = (
                cross is not None
                and not cross_done
                and self._cross_choice is not None
                and key == self._cross_choice.key
            )
            cross_done |= with_cross
            extra = keyword if keyword_choice is not None and key == keyword_choice.key else {}
            runs.append(
                SignOptions(
                    placements=placements,
                    seal=choice.picture(),
                    cross_page=cross if with_cross else None,
                    password=self.pdf_password,
                    **extra,
                )
            )
        if cross is not None and not cross_done and self._cross_choice is not None:
            runs.insert(
                0,
                SignOptions(
                    seal=self._cross_choice.picture(),
                    cross_page=cross,
                    password=self.pdf_password,
                ),
            )
        if runs and self.qr.isChecked():
            runs[0] = dataclasses.replace(runs[0], qr=QrSpec())
        return runs

    def _has_work(self) -> bool:
        return bool(
            self.seal_items()
            or self._strips
            or (self.keyword.text().strip() and self.current_choice() is not None)
        )

    def _token(self) -> Any:
        snap = self.service.last
        return snap.tokens[0] if snap and snap.tokens else None

    def sources(self) -> list[Path]:
        """The files a signing run signs: the batch, or the open file."""
        if self.batch:
            return list(self.batch)
        return [self.path] if self.path is not None else []

    def finish_signing(self, _checked: bool = False) -> None:
        """完成签署: look at the files (the signed copies' names, keyword hits, warnings) on
        the render thread, show that for confirmation, then the PIN, then sign."""
        if self.path is None:
            self._say(tr("gui.open_first"), error=True)
            return
        if not self._has_work():
            self._say(tr("gui.place_first"), error=True)
            return
        if self._token() is None:
            self._say(tr("gui.key_absent"), error=True)
            return
        from sealdesk.app.batch import plan_batch

        runs = self.sign_runs()
        sources = self.sources()
        folder = Path(self.output_dir) if self.output_dir else None
        self.sign_button.setEnabled(False)
        self._say(tr("gui.confirm_looking"))
        password = self.pdf_password
        self.renderer.submit(
            lambda: plan_batch(sources, runs, folder=folder, password=password),
            lambda plan: self._confirm(plan, runs),
            self._plan_failed,
        )

    def _plan_failed(self, e: BaseException) -> None:
        self._update_buttons()
        self._failed(e)

    def _confirm(self, plan: list[PlannedFile], runs: list[SignOptions]) -> None:
        from sealdesk.desktop.gui.confirm_dialog import ConfirmDialog

        self._update_buttons()
        self._say("")
        if self.path is not None and plan and plan[0].source == self.path:
            self.show_keyword_hits(plan[0].keyword_hits or ())
        self.confirm_dialog = ConfirmDialog(self, plan, stamps_summary(runs))
        self.confirm_dialog.accepted.connect(lambda: self._confirmed(plan, runs))
        self.confirm_dialog.open()

    def _confirmed(self, plan: list[PlannedFile], runs: list[SignOptions]) -> None:
        from sealdesk.app.batch import planned_jobs

        existing = self.confirm_dialog.choice()
        jobs = planned_jobs(plan, existing)
        if not jobs:
            self._say(tr("gui.confirm_nothing"), error=True)
            return
        self._planned = _Planned(
            jobs, runs, existing == "overwrite", {p.source: p.warnings for p in plan}
        )
        self.ask_pin()

    def ask_pin(self, problem: str = "") -> None:
        """The PIN for the confirmed signing (none while a session is kept)."""
        token = self._token()
        if token is None:
            self._say(tr("gui.key_absent"), error=True)
            return
        if not problem and not self.pin_every_time and self.service.has_session(token.label):
            self._start_signing(label=token.label, pin=None)
            return
        self.pin_dialog = PinDialog(self, token, problem)
        self.pin_dialog.accepted.connect(self._pin_entered)
        self.pin_dialog.open()

    def _pin_entered(self) -> None:
        if self.pin_dialog is None:
            return
        pin = self.pin_dialog.pin()
        self.pin_dialog.edit.clear()
        self._start_signing(label=self.pin_dialog.token.label, pin=pin)

    def _start_signing(self, *, label: str, pin: str | None) -> None:
        planned = self._planned
        if planned is None:
            return
        jobs = planned.jobs
        sources = [source for source, _target in jobs]
        self._cancel = threading.Event()
        self.progress.setValue(0)
        self.progress_text.setText(tr("gui.sign_login"))
        self.progress_box.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.sign_button.setEnabled(False)
        for i in range(self.queue.count()):
            self._set_queue_item(i, "waiting", tr("gui.batch_waiting"))
        self._signing_sources = sources
        self.service.sign(
            label=label,
            pin=pin,
            jobs=jobs,
            runs=planned.runs,
            cancel=self._cancel,
            overwrite=planned.overwrite,
            warnings=planned.warnings,
            keep_session=not self.pin_every_time,
        )

    def cancel_signing(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.progress_text.setText(tr("gui.cancelling"))

    def _sign_progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        if text:
            self.progress_text.setText(text)

    def _set_queue_item(self, index: int, kind: str, message: str) -> None:
        if not 0 <= index < self.queue.count() or index >= len(self.batch):
            return
        mark, colour = {
            "waiting": ("○", "#555555"),
            "running": ("◔", "#1a5fb4"),
            "ok": ("✓", "#1a7f37"),
            "cancelled": ("–", "#777777"),
        }.get(kind, ("✗", "#c62828"))
        item = self.queue.item(index)
        item.setText(f"{mark} {self.batch[index].name}\n    {message}")
        item.setForeground(QColor(colour))
        item.setData(Qt.ItemDataRole.UserRole + 1, kind)

    def _file_state(self, index: int, kind: str, message: str) -> None:
        # ``index`` counts the files signed; files skipped in the confirmation keep their row
        if 0 <= index < len(self._signing_sources):
            source = self._signing_sources[index]
            if source in self.batch:
                self._set_queue_item(self.batch.index(source), kind, message)

    def _sign_finished(self, outcome: SignOutcome) -> None:
        self.progress_box.setVisible(False)
        self._cancel = None
        self._update_buttons()
        if outcome.kind == "pin_needed":  # the kept session went away (unplugged, logged out)
            self.ask_pin(problem=tr("gui.pin_again"))
            return
        if outcome.kind == "pin_incorrect":
            self.ask_pin(problem=outcome.message)
            self.service.refresh()  # the key's PIN flags changed
            return
        # the job is over: the next one starts from what the person sets for it
        self._planned = None
        self.keyword.clear()
        self.show_keyword_hits(())
        failed = not outcome.ok and outcome.kind != "cancelled"
        if outcome.ok and any(not f.ok for f in outcome.files):
            failed = True  # a batch with failures: said in red, details in the queue
        self._say(outcome.message, error=failed)
        for f in outcome.files:
            if f.ok:
                self.signed.emit(f)
        if outcome.ok and outcome.output is not None and not self.batch:
            # an encrypted PDF's signed copy keeps its encryption, and its password
            self.open_file(outcome.output, keep_message=True, password=self.pdf_password)
            self.verify_button.setVisible(True)
        elif outcome.kind in ("pin_locked", "token_removed"):
            self.service.refresh()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(
            "color: #c62828; font-weight: bold;" if error else "color: #1a5fb4;"
        )
        self.message.setVisible(bool(text))

    def _failed(self, e: BaseException) -> None:
        self._say(message_of(e), error=True)

    def _update_buttons(self) -> None:
        busy = self._cancel is not None
        self.sign_button.setEnabled(not busy and self.path is not None and self._has_work())
        self.sign_button.setText(
            tr("gui.finish_batch", count=len(self.batch))
            if self.batch
            else tr("gui.finish_signing")
        )
        is_ofd = [p.suffix.lower() == ".ofd" for p in self.sources()]
        self.qr_note.setVisible(self.qr.isChecked() and any(is_ofd))
        self.qr.setEnabled(not is_ofd or not all(is_ofd))
        if is_ofd and all(is_ofd):
            self.qr.setChecked(False)
            self.qr.setToolTip(tr("gui.qr_pdf_only"))
