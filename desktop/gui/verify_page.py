"""签章验证: drop or open signed files; a verdict panel per signature, like Adobe's; a report.

Verification runs on its own worker (disk and CPU, no network: ``online`` stays off); the
trust roots are the settings' roots plus the demo roots in demo mode, as for `sealdesk verify`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QFont, QImage, QPen, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sealdesk.app.errors import TrustFileError
from sealdesk.app.settings import Settings
from sealdesk.app.verification import (
    VerificationTrust,
    verification_trust,
    verify_bytes,
)
from sealdesk.desktop import i18n
from sealdesk.desktop.gui.pin_dialog import ask_pdf_password
from sealdesk.desktop.gui.worker import Worker, message_of
from sealdesk.desktop.i18n import tr
from sealdesk.signing.explain import (
    details,
    facts,
    file_headline,
    headline,
    identity,
    report_name,
    said,
)

COLOURS = {
    "valid": "#1a7f37",
    "invalid": "#c62828",
    "indeterminate": "#b26a00",
    "unsigned": "#666666",
    "error": "#c62828",
}
MARKS = {"valid": "✔", "invalid": "✘", "indeterminate": "?", "unsigned": "–", "error": "!"}


@dataclass(frozen=True)
class Checked:
    """One file's outcome: a report (DocumentReport, PDF or OFD) or an error in words."""

    path: Path
    report: Any = None
    error: str | None = None
    needs_password: bool = False  # an encrypted PDF: asked for, then verified again
    password: str | None = field(default=None, repr=False)  # in memory, for its preview only
    # where each signature's seal is: field name (PDF) or signature ID (OFD) → page, box in mm
    places: dict[str, tuple[int, tuple[float, float, float, float]]] = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        return "error" if self.report is None else str(self.report.verdict)


def verify_file(path: Path, trust: VerificationTrust, password: str | None = None) -> Checked:
    """Verify one file (PDF or OFD by its bytes); runs on the worker. ``password`` opens an
    encrypted PDF (used for this file, this once: never kept)."""
    try:
        report = verify_bytes(path.read_bytes(), trust=trust, file=str(path), password=password)
        for sig in report.signatures:
            sig.picture_bytes()  # decoded here, once: the panels only show them
    except Exception as e:
        locked = getattr(e, "reason", None) in ("encrypted", "password")
        return Checked(path, error=message_of(e), needs_password=locked)
    return Checked(path, report, places=_places(path, password), password=password)


def _places(
    path: Path, password: str | None = None
) -> dict[str, tuple[int, tuple[float, float, float, float]]]:
    """Where the seals are (for the jump to a signature's seal); none if the file will not
    open for viewing (the verdict already says why)."""
    from sealdesk.signing.pdf.render import open_pages

    try:
        pages = open_pages(path, password)
    except Exception:
        return {}
    try:
        return pages.signature_boxes()
    except Exception:
        return {}
    finally:
        pages.close()


def _label(text: str, *, bold: bool = False, colour: str | None = None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    style = ""
    if bold:
        style += "font-weight: bold;"
    if colour:
        style += f"color: {colour};"
    if style:
        label.setStyleSheet(style)
    return label


class SignatureCard(QFrame):
    """One signature: verdict icon and colour, who, which seal, when, changes, chain, reasons.
    A click shows its seal on the page."""

    clicked = Signal(str)  # the signature's key: field name (PDF) or ID (OFD)

    def __init__(self, sig: Any, number: int) -> None:
        super().__init__()
        self.key = str(getattr(sig, "field", None) or getattr(sig, "id", ""))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(tr("gui.sig_click"))
        lang = i18n.language()
        verdict = str(sig.verdict)
        colour = COLOURS[verdict]
        self.verdict = verdict
        self.setObjectName("signatureCard")
        self.setStyleSheet(
            f"QFrame#signatureCard {{ border: 1px solid #cfcfcf; border-left: 6px solid {colour};"
            " background: white; border-radius: 3px; }"
        )
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        icon = QLabel(MARKS[verdict])
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        icon.setFixedSize(44, 44)
        icon.setStyleSheet(
            f"background: {colour}; color: white; border-radius: 22px; font-size: 22px;"
            " font-weight: bold;"
        )
        left.addWidget(icon, 0, Qt.AlignmentFlag.AlignHCenter)
        try:  # PDF and OFD results both give PNG/JPEG bytes (an OFD's may be drawn first)
            picture = sig.picture_bytes()
        except Exception:
            picture = None
        if picture:
            pixmap = QPixmap()
            pixmap.loadFromData(picture)
            if not pixmap.isNull():
                from sealdesk.desktop.gui.home_page import seal_pixmap

                seal = QLabel()
                seal.setPixmap(seal_pixmap(picture, 96, self.devicePixelRatioF()))
                left.addWidget(seal)
        left.addStretch(1)
        outer.addLayout(left)

        body = QVBoxLayout()
        # one sentence on top: the verdict and why; the rows below say the same in parts
        title = _label(
            tr("gui.sig_title", n=number, headline=said(headline(sig), lang)),
            bold=True,
            colour=colour,
        )
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        self.headline = title
        body.addWidget(title)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        rows = [(said(label, lang), value) for label, value in identity(sig)]
        rows += [(said(label, lang), said(value, lang)) for label, value in facts(sig)]
        for r, (key, value) in enumerate(rows):
            grid.addWidget(_label(key, colour="#555"), r, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(_label(value), r, 1)
        body.addLayout(grid)
        if sig.reasons:
            body.addWidget(_label(tr("gui.sig_reasons"), bold=True))
        for reason in sig.reasons:
            body.addWidget(
                _label(
                    f"• {reason.message(lang)}",
                    colour=COLOURS[reason.effect] if reason.effect != "info" else "#333",
                )
            )
        # for a specialist: the field or ID, the package paths the reasons say in words
        technical = QGridLayout()
        technical.setColumnStretch(1, 1)
        for r, (label, value) in enumerate(details(sig)):
            technical.addWidget(_label(said(label, lang), colour="#777"), r, 0)
            technical.addWidget(_label(value, colour="#777"), r, 1)
        body.addLayout(technical)
        outer.addLayout(body, 1)

    def mouseReleaseEvent(self, event: Any) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.key)
        super().mouseReleaseEvent(event)


class VerifyPage(QWidget):
    """Files on the left, the chosen file's signatures on the right."""

    verified = Signal(object)  # Checked

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.worker = Worker("sealdesk-verify", self)
        self.results: dict[str, Checked] = {}
        self.setAcceptDrops(True)

        open_button = QPushButton(tr("gui.open_to_verify"))
        open_button.clicked.connect(self.choose_files)
        self.export_button = QPushButton(tr("gui.export_report"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._choose_report)
        self.busy = QLabel("")
        tools = QHBoxLayout()
        tools.addWidget(open_button)
        tools.addWidget(self.export_button)
        tools.addWidget(self.busy, 1)

        self.files = QListWidget()
        self.files.setMinimumWidth(220)
        self.files.currentRowChanged.connect(self._show_current)
        self.summary = _label(tr("gui.verify_drop_hint"))
        font = QFont(self.summary.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.summary.setFont(font)
        self.cards_box = QWidget()
        self.cards = QVBoxLayout(self.cards_box)
        self.cards.addWidget(self.summary)
        self.cards.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.cards_box)
        # the page with the chosen signature's seal framed (a click on a signature panel)
        self.preview_scene = QGraphicsScene(self)
        self.preview = QGraphicsView(self.preview_scene)
        self.preview.setBackgroundBrush(QColor("#e4e4e4"))
        self.preview.setMinimumWidth(260)
        self.preview_label = _label(tr("gui.sig_click"))
        self.preview_label.setStyleSheet("color: #555;")
        preview_box = QWidget()
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.preview_label)
        preview_layout.addWidget(self.preview, 1)
        self.shown_seal: tuple[str, int, tuple[float, float, float, float]] | None = None
        self._rendered_width = 0  # the preview's width when its page was rendered
        self.seal_frame: QGraphicsRectItem | None = None
        splitter = QSplitter()
        splitter.addWidget(self.files)
        splitter.addWidget(scroll)
        splitter.addWidget(preview_box)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 520, 340])
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(splitter, 1)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.verify_files(
            [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        )
        event.acceptProposedAction()

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, tr("gui.open_to_verify"), "", tr("gui.signed_filter") + " (*.pdf *.ofd)"
        )
        self.verify_files([Path(n) for n in names])

    def verify_files(self, paths: list[Path], password: str | None = None) -> None:
        """Verify each file on the worker; each result shows as it arrives."""
        settings = self.settings
        for path in paths:
            key = str(path)
            if key in self.results:
                del self.results[key]
                for row in range(self.files.count()):
                    if self.files.item(row).data(Qt.ItemDataRole.UserRole) == key:
                        self.files.takeItem(row)
                        break
            item = QListWidgetItem(f"… {path.name}")
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(key)
            self.files.addItem(item)
            self.busy.setText(tr("gui.verifying"))

            def work(path: Path = path) -> Checked:
                try:
                    trust = verification_trust(settings)
                except TrustFileError as e:  # a configured root is missing: said, not dropped
                    return Checked(path, error=message_of(e))
                return verify_file(path, trust, password)

            self.worker.submit(
                work,
                self._done,
                lambda e, path=path: self._done(Checked(path, error=message_of(e))),
            )

    def ask_password(self, checked: Checked) -> None:
        """An encrypted PDF: the window asks for its password (as a viewer would) and verifies
        again with it; a wrong one asks again, with the reason."""
        self.password_dialog = ask_pdf_password(
            self,
            checked.path.name,
            checked.error or "",
            lambda text: self.verify_files([checked.path], password=text),
        )

    def _done(self, checked: Checked) -> None:
        key = str(checked.path)
        self.results[key] = checked
        for row in range(self.files.count()):
            item = self.files.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                verdict = checked.verdict
                item.setText(f"{MARKS[verdict]} {checked.path.name}")
                item.setForeground(QColor(COLOURS[verdict]))
                if self.files.currentRow() == row:
                    self._show_current(row)
                else:
                    self.files.setCurrentRow(row)
        self.busy.setText("")
        self.verified.emit(checked)
        if checked.needs_password:
            self.ask_password(checked)

    def _clear_cards(self) -> None:
        while self.cards.count() > 2:
            item = self.cards.takeAt(1)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()

    def _show_current(self, row: int) -> None:
        self._clear_cards()
        checked = (
            self.results.get(self.files.item(row).data(Qt.ItemDataRole.UserRole))
            if row >= 0
            else None
        )
        # the report is of the file shown
        self.export_button.setEnabled(checked is not None and checked.report is not None)
        if row < 0:
            return
        if checked is None:
            self.summary.setText(tr("gui.verifying"))
            self.summary.setStyleSheet("")
            return
        verdict = checked.verdict
        self.summary.setStyleSheet(f"color: {COLOURS[verdict]};")
        if checked.error is not None:
            self.summary.setText(f"{MARKS[verdict]} {checked.path.name}: {checked.error}")
            return
        report = checked.report
        lang = i18n.language()
        self.summary.setText(
            f"{MARKS[verdict]} {checked.path.name}\n{said(file_headline(report), lang)}"
            + "".join(f"\n{p.message(lang)}" for p in report.problems)
        )
        for n, sig in enumerate(report.signatures, 1):
            card = SignatureCard(sig, n)
            card.clicked.connect(self.jump_to)
            self.cards.insertWidget(n, card)
        if report.signatures:  # the first signature's seal, until another is clicked
            self.jump_to(self.cards_shown()[0].key)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        # drawn while hidden (at another width): draw again at the width now shown
        if self.shown_seal is not None and self.preview.viewport().width() != self._rendered_width:
            self.jump_to(self.shown_seal[0])

    def current(self) -> Checked | None:
        item = self.files.currentItem()
        return self.results.get(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def jump_to(self, key: str) -> None:
        """Show the page of signature ``key`` with its seal framed (rendered on the worker)."""
        checked = self.current()
        place = checked.places.get(key) if checked is not None else None
        if checked is None or place is None:
            self.preview_scene.clear()
            self.seal_frame = None
            self.shown_seal = None
            self.preview_label.setText(tr("gui.sig_no_seal"))
            return
        index, box = place
        path, password = checked.path, checked.password
        dpr = self.devicePixelRatioF()
        bar = self.preview.verticalScrollBar().sizeHint().width()
        width_px = max(self.preview.viewport().width() - bar - 12, 240)
        self._rendered_width = self.preview.viewport().width()

        def work() -> tuple[QImage, float]:
            from sealdesk.desktop.gui.scene_items import _image
            from sealdesk.signing.pdf.render import open_pages

            pages = open_pages(path, password)
            try:
                w_mm, _h = pages.page_size_mm(index)
                page = pages.render(index, width_px / w_mm * dpr)
                return _image(page), page.px_per_mm
            finally:
                pages.close()

        def done(result: tuple[QImage, float]) -> None:
            image, px_per_mm = result
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(dpr)
            self.preview_scene.clear()
            self.preview_scene.addPixmap(pixmap)
            k = px_per_mm / dpr
            x, y, w, h = box
            pen = QPen(QColor("#1a5fb4"))
            pen.setWidth(3)
            pen.setCosmetic(True)
            self.seal_frame = self.preview_scene.addRect(
                x * k - 3, y * k - 3, w * k + 6, h * k + 6, pen
            )
            self.preview_scene.setSceneRect(self.preview_scene.itemsBoundingRect())
            self.preview.ensureVisible(self.seal_frame, 20, 20)
            self.shown_seal = (key, index, box)
            self.preview_label.setText(tr("gui.sig_on_page", name=key, page=index + 1))

        self.preview_label.setText(tr("gui.busy"))
        self.worker.submit(work, done, lambda e: self.preview_label.setText(message_of(e)))

    def cards_shown(self) -> list[SignatureCard]:
        return [
            w
            for i in range(self.cards.count())
            if isinstance(w := self.cards.itemAt(i).widget(), SignatureCard)
        ]

    def _choose_report(self) -> None:
        checked = self.current()
        if checked is None or checked.report is None:
            return
        suggested = checked.path.with_name(report_name(checked.path.name, i18n.language()))
        name, _ = QFileDialog.getSaveFileName(
            self, tr("gui.export_report"), str(suggested), "PDF (*.pdf)"
        )
        if name:
            self.export_report(Path(name))

    def export_report(self, path: Path) -> None:
        """Write the PDF report of the file shown (on the worker): one report per file."""
        checked = self.current()
        if checked is None or checked.report is None:
            return
        reports = [checked.report]
        lang = i18n.language()

        def work() -> Path:
            from sealdesk.signing.fileio import write_atomic
            from sealdesk.signing.report import build_report

            write_atomic(path, build_report(reports, lang=lang), overwrite=True)
            return path

        def done(out: Path) -> None:
            self.busy.setText(tr("gui.report_saved", path=out))

        def failed(e: BaseException) -> None:
            self.busy.setText(message_of(e))

        self.worker.submit(work, done, failed)

    def shutdown(self) -> None:
        self.worker.shutdown(wait=True)
