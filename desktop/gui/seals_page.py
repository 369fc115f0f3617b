"""印章: draw a seal image with a live preview (four official styles, personal seals) or
import a scanned one; save it or use it on the signing page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sealdesk.desktop.gui.key_service import KeyService
from sealdesk.desktop.gui.pin_dialog import PinDialog
from sealdesk.desktop.gui.worker import Worker, message_of
from sealdesk.desktop.i18n import tr
from sealdesk.signing.fileio import write_atomic

KINDS = ("official", "party", "union", "youth", "personal_square", "personal_rect")


class SealsPage(QWidget):
    """The seal image maker."""

    use_requested = Signal(str, bytes, float, float)  # name, png, width_mm, height_mm

    def __init__(self, service: KeyService | None = None) -> None:
        super().__init__()
        self.service = service
        self.maker: tuple[Path, Path, list[Path]] | None = None  # key, certificate, extra certs
        self.worker = Worker("sealdesk-seal-image", self)
        self.image: Any = None  # SealImage
        self._generation = 0
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(tr(f"gui.kind_{kind}"), kind)
        self.name = QLineEdit(tr("gui.sample_unit"))
        self.text = QLineEdit()
        self.text.setPlaceholderText(tr("gui.sample_text"))
        self.code = QLineEdit()
        self.code.setPlaceholderText("3101150012345")
        self.size = QDoubleSpinBox()
        self.size.setRange(6.0, 60.0)
        self.size.setDecimals(1)
        self.size.setSuffix(" mm")
        self.size.setValue(42.0)
        # what the seal is called in the key and in verification: the unit and the purpose
        # unless the person writes another
        self.seal_name = QLineEdit()
        self.seal_name.setAccessibleName(tr("gui.seal_label_field"))
        self.seal_name.setToolTip(tr("gui.seal_label_hint"))
        self.seal_name.textEdited.connect(self._seal_name_edited)
        self._seal_name_own = False
        self._validity: Any = None  # SealValidity of the seal being written
        form = QFormLayout()
        form.addRow(tr("gui.seal_kind"), self.kind)
        form.addRow(tr("gui.seal_name_field"), self.name)
        form.addRow(tr("gui.seal_text_field"), self.text)
        form.addRow(tr("gui.seal_code_field"), self.code)
        form.addRow(tr("gui.seal_size_field"), self.size)
        form.addRow(tr("gui.seal_label_field"), self.seal_name)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828;")
        save = QPushButton(tr("gui.save_image"))
        save.clicked.connect(self._choose_save)
        imported = QPushButton(tr("gui.import_scan"))
        imported.clicked.connect(self._choose_import)
        self.use_button = QPushButton(tr("gui.use_for_signing"))
        self.use_button.clicked.connect(self._use)
        self.write_button = QPushButton(tr("gui.write_to_key"))
        self.write_button.setToolTip(tr("gui.write_to_key_hint"))
        self.write_button.clicked.connect(self.write_to_key)
        self.write_button.setVisible(service is not None)
        buttons = QGridLayout()
        for i, b in enumerate((self.use_button, self.write_button, imported, save)):
            buttons.addWidget(b, i // 2, i % 2)
        buttons.setColumnStretch(2, 1)
        left = QVBoxLayout()
        left.addWidget(QLabel(tr("gui.seals_intro")))
        left.addLayout(form)
        left.addLayout(buttons)
        left.addWidget(self.problem)
        left.addStretch(1)

        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(260, 260)
        paper = QFrame()
        paper.setStyleSheet("background: white; border: 1px solid #cfcfcf;")
        inner = QVBoxLayout(paper)
        inner.addWidget(self.preview)
        self.caption = QLabel("")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        right = QVBoxLayout()
        right.addWidget(QLabel(tr("gui.preview_true_size")))
        right.addWidget(paper, 1)
        right.addWidget(self.caption)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.redraw)
        for edit in (self.name, self.text, self.code):
            edit.textChanged.connect(lambda _t: self._timer.start())
        for edit in (self.name, self.text):
            edit.textChanged.connect(lambda _t: self._default_seal_name())
        self._default_seal_name()
        self.size.valueChanged.connect(lambda _v: self._timer.start())
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._shown = False

    def label(self) -> str:
        """The seal's name (its label in the key, its name in the seal)."""
        return self.seal_name.text().strip() or self.seal_name.placeholderText() or "seal"

    def _seal_name_edited(self, text: str) -> None:
        self._seal_name_own = bool(text.strip())  # emptied: the default comes back

    def _default_seal_name(self) -> None:
        personal = str(self.kind.currentData()).startswith("personal")
        purpose = "" if personal else (self.text.text().strip() or self.text.placeholderText())
        default = self.name.text().strip() + purpose
        self.seal_name.setPlaceholderText(default)
        if not self._seal_name_own:
            self.seal_name.setText(default)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:  # the first drawing (and the font's import) when first seen
            self._shown = True
            self._kind_changed()

    def _kind_changed(self) -> None:
        self._default_seal_name()
        kind = self.kind.currentData()
        personal = kind.startswith("personal")
        self.text.setEnabled(not personal)
        self.code.setEnabled(not personal)
        if personal and self.size.value() > 30:
            self.size.setValue(20.0 if kind == "personal_square" else 10.0)
            if self.name.text() == tr("gui.sample_unit"):
                self.name.setText(tr("gui.sample_person"))
        elif not personal and self.size.value() < 38:
            self.size.setValue(42.0)
        self._timer.start()

    def redraw(self) -> None:
        """Draw the seal for the fields as they are now (on the worker)."""
        from sealdesk.signing.seal_image import (
            SealStyle,
            generate_official_seal,
            generate_personal_seal,
        )

        self._generation += 1
        generation = self._generation
        kind, name, text, code = (
            self.kind.currentData(),
            self.name.text(),
            self.text.text(),
            self.code.text(),
        )
        size = self.size.value()

        def work() -> Any:
            if kind == "personal_square":
                image = generate_personal_seal(name=name, shape="square", size_mm=size)
            elif kind == "personal_rect":
                image = generate_personal_seal(name=name, shape="rect", size_mm=size)
            else:
                image = generate_official_seal(
                    style=SealStyle(kind),
                    name=name,
                    text=text or None,
                    code=code or None,
                    size_mm=size,
                )
            return generation, image

        def failed(e: BaseException) -> None:
            if generation == self._generation:
                self.problem.setText(str(e) if isinstance(e, ValueError) else message_of(e))

        self.worker.submit(work, self._show, failed)

    def _show(self, result: Any) -> None:
        generation, image = result
        if generation != self._generation:
            return
        self.image = image
        self.problem.setText("")
        pixmap = QPixmap()
        pixmap.loadFromData(image.png)
        # true size in logical pixels, drawn with the screen's device pixels
        dpr = self.devicePixelRatioF()
        px_per_mm = self.logicalDpiX() / 25.4 * dpr
        scaled = pixmap.scaled(
            round(image.width_mm * px_per_mm),
            round(image.height_mm * px_per_mm),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        scaled.setDevicePixelRatio(dpr)
        self.preview.setPixmap(scaled)
        self.caption.setText(f"{image.width_mm:g} × {image.height_mm:g} mm")

    def _use(self) -> None:
        if self.image is not None:
            name = self.label()
            self.use_requested.emit(name, self.image.png, self.image.width_mm, self.image.height_mm)
            self.problem.setStyleSheet("color: #1a5fb4;")
            self.problem.setText(tr("gui.seal_added"))

    def maker_files(self) -> tuple[Path, Path, list[Path]] | None:
        """The seal maker (制章人): the demo maker in demo mode, else the one chosen."""
        if self.maker is not None:
            return self.maker
        from sealdesk.app.demo import DemoKey
        from sealdesk.app.verification import demo_folder

        folder = demo_folder()
        if folder is None:
            return None
        demo = DemoKey(folder=folder, module_path="", created=False)
        return demo.maker_key, demo.maker_cert, [demo.unit_sm2_cert]

    def write_to_key(self) -> None:
        """写入 USB Key: build the seal (maker signs it, naming the key's certificates) and
        write it into the key, after the PIN."""
        snap = self.service.last if self.service is not None else None
        if self.image is None:
            return
        if snap is None or not snap.tokens:
            self._say(tr("gui.key_absent"), error=True)
            return
        maker = self.maker_files()
        if maker is None:
            key, _ = QFileDialog.getOpenFileName(self, tr("gui.choose_maker_key"))
            cert, _ = (
                QFileDialog.getOpenFileName(self, tr("gui.choose_maker_cert")) if key else ("", "")
            )
            if not key or not cert:
                self._say(tr("gui.maker_needed"), error=True)
                return
            maker = self.maker = (Path(key), Path(cert), [])
        token = snap.tokens[0]
        name = self.label()
        if any(e.label == name for e in snap.seals.get(token.serial, [])):
            # a seal of that name is replaced: said first, as deleting is
            self.replace_box = QMessageBox(self)
            self.replace_box.setIcon(QMessageBox.Icon.Warning)
            self.replace_box.setText(tr("gui.replace_seal", name=name))
            self.replace_box.setStandardButtons(
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
            )
            self.replace_box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            self.replace_box.accepted.connect(lambda: self._ask_pin(token, maker))
            self.replace_box.open()
            return
        self._ask_pin(token, maker)

    def _ask_pin(self, token: Any, maker: tuple[Path, Path, list[Path]]) -> None:
        self.pin_dialog = PinDialog(self, token)
        self.pin_dialog.setWindowTitle(tr("gui.write_to_key"))
        self.pin_dialog.accepted.connect(lambda: self._write(token.label, maker))
        self.pin_dialog.open()

    def _write(self, label: str, maker: tuple[Path, Path, list[Path]]) -> None:
        if self.service is None:
            return
        pin = self.pin_dialog.pin()
        self.pin_dialog.edit.clear()
        name = self.label()
        image = self.image
        self._validity = None
        personal = str(self.kind.currentData()).startswith("personal")
        key, cert, extra = maker

        def build(certificates: list[bytes]) -> bytes:
            from sealdesk.app.seals import make_seal, seal_validity
            from sealdesk.signing.softkey import SoftKeySigner, load_certificate

            named = [*(load_certificate(p.read_bytes()) for p in extra), *certificates]
            self._validity = validity = seal_validity(named)  # said when written
            return make_seal(
                maker=SoftKeySigner.from_files(key, cert),
                name=name,
                seal_type=2 if personal else 1,
                picture=image.png,
                width_mm=image.width_mm,
                height_mm=image.height_mm,
                signer_certs=named,
                validity=validity,
            )

        self.write_button.setEnabled(False)
        self._say(tr("gui.writing_seal"))
        self.service.seal_done.connect(self._written)
        self.service.write_seal(label=label, pin=pin, seal_label=name, build=build)

    def _written(self, ok: bool, message: str) -> None:
        if self.service is not None:
            self.service.seal_done.disconnect(self._written)
        self.write_button.setEnabled(True)
        validity = self._validity
        if ok and validity is not None:
            message += " " + tr("gui.seal_valid_to", date=f"{validity.valid_to:%Y-%m-%d}")
            if validity.capped_by:
                message += " " + tr("gui.seal_capped", name=validity.capped_by)
        self._say(message, error=not ok)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.problem.setStyleSheet("color: #c62828;" if error else "color: #1a5fb4;")
        self.problem.setText(text)

    def _choose_save(self) -> None:
        if self.image is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, tr("gui.save_image"), f"{self.name.text() or 'seal'}.png", "PNG (*.png)"
        )
        if name:
            png = self.image.png
            self.worker.submit(lambda: write_atomic(Path(name), png, overwrite=True))

    def _choose_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, tr("gui.import_scan"), "", tr("gui.image_filter") + " (*.png *.jpg *.jpeg *.gif)"
        )
        if name:
            self.import_scan(Path(name))

    def import_scan(self, path: Path) -> None:
        """A scanned or photographed seal to a clean image (background removed)."""
        from sealdesk.signing.seal_image import import_seal_image

        self._generation += 1
        generation = self._generation
        size = self.size.value()

        def work() -> Any:
            return generation, import_seal_image(path.read_bytes(), size_mm=min(max(size, 10), 60))

        def failed(e: BaseException) -> None:
            self.problem.setStyleSheet("color: #c62828;")
            self.problem.setText(message_of(e) if not isinstance(e, ValueError) else str(e))

        self.name.blockSignals(True)
        self.name.setText(path.stem)
        self.name.blockSignals(False)
        self.worker.submit(work, self._show, failed)

    def shutdown(self) -> None:
        self.worker.shutdown(wait=True)
