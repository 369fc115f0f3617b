"""申请电子印章, the 平台 page's form for 印章申请 (seed 004 S4:391-450): 印章名称, 类型,
经办人, 规格 and the picture uploaded or generated in one of four styles, previewed either way;
each value checked by the application layer (sealdesk.app.platform_seals) and said under its
field, nothing sent; the platform's refusal said under the form, which stays open. A chosen
picture is read, checked and scaled for its preview off the GUI thread (a large one, or one on
a slow network drive, must not freeze the window); the last one chosen wins."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sealdesk.desktop.gui.platform_certificate import labelled
from sealdesk.desktop.gui.platform_dialogs import FormDialog
from sealdesk.desktop.gui.platform_page import ERROR, GOOD, platform
from sealdesk.desktop.gui.platform_tabs import note_label
from sealdesk.desktop.gui.sealbox_files import file_dialog
from sealdesk.desktop.gui.worker import Worker, message_of
from sealdesk.desktop.i18n import tr

STYLES = ("party", "official", "union", "youth")  # 党纪委公章, 普通公章, 工会公章, 共青团章
PREVIEW = 132  # px: the picture in the form
# the form's fields by the name the application layer's InvalidInput gives them
FIELDS = {
    "seal_name": "name",
    "seal_type": "type",
    "name": "handler_name",
    "phone": "handler_phone",
    "id_number": "handler_id",
    "size": "size",
    "style": "picture",
    "image": "picture",
}


def seals_layer() -> Any:
    """sealdesk.app.platform_seals, imported when first used (on the page's worker, which
    has imported sealdesk.app.platform by then)."""
    from sealdesk.app import platform_seals

    return platform_seals


def thumbnail(data: bytes, side: int) -> QImage:
    """``data`` (PNG, JPEG, GIF) decoded and scaled to fit ``side`` px; null when it cannot be
    read. A QImage: made on any thread (a QPixmap only on the GUI thread)."""
    image = QImage.fromData(data)
    if image.isNull():
        return image
    return image.scaled(
        side,
        side,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def picture_of(data: bytes, side: int) -> QPixmap:
    """``data`` (PNG, JPEG, GIF) scaled to fit ``side`` px; null when it cannot be read."""
    return QPixmap.fromImage(thumbnail(data, side))


@dataclass(frozen=True)
class LoadedPicture:
    """A chosen picture as the application layer checked it, and its preview."""

    path: Path
    picked: Any  # sealdesk.app.sealbox_files.Picked
    preview: QImage


def load_picture(path: Path, stop: threading.Event) -> LoadedPicture | None:
    """The picture at ``path`` read and checked by the application layer (the CLI's check:
    its bytes, its size, decodable to its end) and scaled for the preview; on a worker, not
    the GUI thread. None when ``stop`` was set meanwhile (another picture chosen, the form
    closed).

    :raises AppFileError: not a JPEG, PNG or GIF by its bytes, too large, unreadable, gone.
    :raises SealImageError: damaged, or too many pixels.
    """
    if stop.is_set():
        return None
    picked = seals_layer().check_picture(path)
    if stop.is_set():
        return None
    preview = thumbnail(picked.data, PREVIEW)
    return None if stop.is_set() else LoadedPicture(path, picked, preview)


def picture_box(side: int) -> QLabel:
    label = QLabel("")
    label.setFixedSize(side + 8, side + 8)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("QLabel { background: white; border: 1px solid #d0d0d0; color: #888; }")
    return label


class SealApplyDialog(FormDialog):
    """申请电子印章: what the seed's form asks, each value's problem said under it; the
    picture previewed whichever way it was given. ``generate_requested(style)``: the page
    draws the preview off the GUI thread and hands it to :meth:`show_generated`."""

    generate_requested = Signal(str)

    def __init__(self, parent: QWidget | None, *, key_holder: bool) -> None:
        super().__init__(parent, tr("gui.platform_seal_apply_title"))
        self.image_path: Path | None = None
        self.style_key: str | None = None
        # the picture being read: its stop, and the worker (one each: a slow read must not
        # hold up the next choice); what the preview showed before it (kept if it fails)
        self._loading: tuple[threading.Event, Worker] | None = None
        self._before: tuple[QPixmap, str] | None = None
        self._choices = 0  # pictures chosen or generated: only the last one's answer is shown
        self._generation_asked = -1
        self.file_dialog: QFileDialog | None = None  # the one open (tests type into it)
        self.errors: dict[str, QLabel] = {}
        lead = QLabel(tr("gui.platform_seal_lead"))
        lead.setWordWrap(True)
        lead.setStyleSheet("color: #555;")
        self.body.addWidget(lead)

        self.name = QLineEdit()
        self.name.setMaxLength(30)
        self.cloud = QRadioButton(tr("platform.seal_type_cloud"))
        self.ukey = QRadioButton(tr("platform.seal_type_ukey"))
        self.types = QButtonGroup(self)
        self.types.addButton(self.cloud)
        self.types.addButton(self.ukey)
        self.cloud.setChecked(True)
        self.ukey.setEnabled(key_holder)
        if not key_holder:
            self.ukey.setToolTip(tr("gui.platform_seal_ukey_only"))
        type_row = QWidget()
        row = QHBoxLayout(type_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.cloud)
        row.addWidget(self.ukey)
        row.addStretch(1)
        self.handler_name = QLineEdit()
        self.handler_name.setMaxLength(50)
        self.handler_name.setPlaceholderText(tr("gui.platform_cert_name_hint"))
        self.handler_phone = QLineEdit()
        self.handler_phone.setMaxLength(20)
        self.handler_phone.setPlaceholderText(tr("gui.platform_phone_hint"))
        self.handler_id = QLineEdit()
        self.handler_id.setMaxLength(18)
        self.handler_id.setPlaceholderText(tr("gui.platform_cert_id_hint"))
        self.size_edit = QLineEdit("42×42")
        self.size_edit.setMaxLength(12)
        self.size_edit.setMaximumWidth(110)
        self.size_edit.setPlaceholderText("42×42")
        size_row = QWidget()
        row = QHBoxLayout(size_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.size_edit)
        row.addWidget(QLabel(tr("gui.platform_seal_mm")))
        row.addStretch(1)

        # the picture: uploaded, or generated in a style; previewed either way
        self.upload_button = QPushButton(tr("gui.platform_seal_upload"))
        self.upload_button.clicked.connect(self.open_picker)
        self.style_box = QComboBox()
        for style in STYLES:
            self.style_box.addItem(tr(f"gui.platform_seal_style_{style}"), style)
        self.style_box.setCurrentIndex(STYLES.index("official"))
        self.style_box.setAccessibleName(tr("gui.platform_seal_style"))
        self.generate_button = QPushButton(tr("gui.platform_seal_generate"))
        self.generate_button.clicked.connect(self._generate)
        self.preview = picture_box(PREVIEW)
        self.preview.setText(tr("gui.platform_seal_no_preview"))
        self.picture_note = note_label(tr("gui.platform_seal_no_picture"))
        self.picture_note.setMinimumWidth(220)
        picture_row = QWidget()
        side = QVBoxLayout()
        side.addWidget(self.upload_button, 0, Qt.AlignmentFlag.AlignLeft)
        generate = QHBoxLayout()
        generate.addWidget(self.style_box)
        generate.addWidget(self.generate_button)
        generate.addStretch(1)
        side.addLayout(generate)
        side.addWidget(self.picture_note)
        side.addStretch(1)
        row = QHBoxLayout(picture_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(side, 1)

        form = QFormLayout()
        for key, field, widget, shown in (
            ("platform.seal_name", "name", self.name, self.name),
            ("platform.seal_type", "type", self.cloud, type_row),
            ("gui.platform_seal_handler_name", "handler_name", self.handler_name, None),
            ("gui.platform_seal_handler_phone", "handler_phone", self.handler_phone, None),
            ("gui.platform_seal_handler_id", "handler_id", self.handler_id, None),
            ("platform.seal_size", "size", self.size_edit, size_row),
            ("platform.seal_image", "picture", self.upload_button, picture_row),
        ):
            widget.setAccessibleName(tr(key))
            form.addRow("* " + labelled(tr(key)), self._with_error(field, shown or widget))
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _t, f=field: self.clear_error(f))
        self.body.addLayout(form)

        # the platform's refusal: 申请数字证书 first
        self.cert_button = QPushButton(tr("gui.platform_cert_apply") + "…")
        self.cert_button.setVisible(False)
        self.ok.setText(tr("gui.platform_seal_submit"))
        self.finish(self.name)
        self.body.insertWidget(self.body.indexOf(self.buttons), self.cert_button, 0,
                               Qt.AlignmentFlag.AlignLeft)  # fmt: skip
        self.setMinimumWidth(560)

    def _with_error(self, field: str, widget: QWidget) -> QWidget:
        """The field, and its problem under it (hidden while there is none)."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = QLabel("")
        error.setWordWrap(True)
        error.setStyleSheet(f"color: {ERROR};")
        error.setVisible(False)
        column.addWidget(error)
        self.errors[field] = error
        return box

    def fit(self) -> None:
        """As tall as its wrapped lines need at its width (Qt sizes a window by its layout's
        minimum, which leaves out height-for-width: the preview was clipped)."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        needed = self.heightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit()

    def show_problem(self, text: str) -> None:
        super().show_problem(text)
        self.fit()

    def field_error(self, field: str, text: str) -> None:
        self.errors[field].setText(text)
        self.errors[field].setVisible(True)
        self.fit()
        focus = {
            "name": self.name,
            "type": self.cloud,
            "handler_name": self.handler_name,
            "handler_phone": self.handler_phone,
            "handler_id": self.handler_id,
            "size": self.size_edit,
            "picture": self.upload_button,
        }[field]
        focus.setFocus()

    def clear_error(self, field: str) -> None:
        self.errors[field].setVisible(False)

    def said(self, field: str) -> str:
        """The problem said under ``field`` ("" when none)."""
        error = self.errors[field]
        return error.text() if error.isVisibleTo(self) else ""

    def show_input_error(self, e: BaseException) -> bool:
        """A value the application layer refused, said under its field; False when ``e``
        is not about a value."""
        from sealdesk.sealbox.appfiles import AppFileError
        from sealdesk.signing.errors import SealImageError

        if isinstance(e, platform.InvalidInput):
            choice = (e.field, e.reason) == ("image", "choice")  # its words name the CLI's options
            words = tr("gui.platform_seal_pick_picture") if choice else message_of(e)
            self.field_error(FIELDS.get(e.field, "name"), words)
        elif isinstance(e, AppFileError):
            from sealdesk.desktop.errors import appfile_words

            self.field_error("picture", appfile_words(e))
        elif isinstance(e, SealImageError):
            self.field_error("picture", message_of(e))
        else:
            return False
        return True

    # --- the picture -----------------------------------------------------------------------

    def open_picker(self) -> None:
        dialog = file_dialog(
            self, tr("gui.platform_seal_choose_picture"), tr("gui.sb_image_filter")
        )
        dialog.fileSelected.connect(lambda path: self.set_picture(Path(path)))
        self.file_dialog = dialog
        dialog.open()

    @property
    def loading(self) -> bool:
        """A chosen picture is being read (提交 waits for it)."""
        return self._loading is not None

    def set_picture(self, path: Path) -> None:
        """The picture at ``path`` read, checked (its bytes, decodable, its size) and scaled
        on a worker, 正在读取图片… meanwhile; then previewed, or, refused, said under the field
        with the last good one kept. A picture still being read is dropped: the last wins."""
        self.clear_error("picture")
        self._stop_loading(restore=False)
        self._choices += 1
        stop = threading.Event()
        worker = Worker("sealdesk-seal-picture", self)
        if self._before is None:
            self._before = (QPixmap(self.preview.pixmap()), self.picture_note.text())
        self._loading = (stop, worker)
        self.preview.setText(tr("gui.platform_seal_loading"))  # (the pixmap cleared)
        self.picture_note.setText(tr("gui.platform_seal_loading_file", name=path.name))
        self.ok.setEnabled(False)
        self.fit()

        def done(loaded: LoadedPicture | None) -> None:
            if self._finished_loading(stop) and loaded is not None:
                self._show_loaded(loaded)

        def failed(e: BaseException) -> None:
            if self._finished_loading(stop):
                self._restore_before()
                if not self.show_input_error(e):
                    self.field_error("picture", message_of(e))

        worker.submit(lambda: load_picture(path, stop), done, failed)

    def _finished_loading(self, stop: threading.Event) -> bool:
        """True when ``stop``'s load is the one shown (its worker then let go)."""
        if self._loading is None or self._loading[0] is not stop:
            return False
        self._loading[1].shutdown(wait=False)
        self._loading = None
        self.ok.setEnabled(self.upload_button.isEnabled())  # not while the page sends
        return True

    def _stop_loading(self, *, restore: bool) -> None:
        """The picture being read dropped (its thread ends once its read returns);
        ``restore``: the preview as it was before it."""
        if self._loading is None:
            return
        stop, worker = self._loading
        stop.set()
        worker.shutdown(wait=False)
        # the form deletes it, on this thread; not the read's last reference, on its own
        worker.setParent(self)
        self._loading = None
        self.ok.setEnabled(self.upload_button.isEnabled())
        if restore:
            self._restore_before()

    def _restore_before(self) -> None:
        if self._before is None:
            return
        pixmap, note = self._before
        self._before = None
        if pixmap.isNull():
            self.preview.setText(tr("gui.platform_seal_no_preview"))
        else:
            self.preview.setPixmap(pixmap)
        self.picture_note.setText(note)

    def _show_loaded(self, loaded: LoadedPicture) -> None:
        picked = loaded.picked
        self._before = None
        self.image_path, self.style_key = loaded.path, None
        self.preview.setPixmap(QPixmap.fromImage(loaded.preview))
        self.picture_note.setText(
            tr(
                "gui.platform_seal_uploaded",
                name=picked.name,
                type=picked.file_type.upper(),
                kb=max(1, round(len(picked.data) / 1024)),
            )
        )

    def _generate(self) -> None:
        self.clear_error("picture")
        self._stop_loading(restore=True)  # the last choice wins
        self._choices += 1
        self._generation_asked = self._choices
        self.generate_requested.emit(self.style_box.currentData())

    def show_generated(self, style: str, png: bytes) -> None:
        if self._generation_asked != self._choices:
            return  # a picture was chosen since 自动生成 was pressed
        self.image_path, self.style_key = None, style
        self.preview.setPixmap(picture_of(png, PREVIEW))
        self.picture_note.setText(
            tr("gui.platform_seal_generated", style=tr(f"gui.platform_seal_style_{style}"))
        )

    # --- the values --------------------------------------------------------------------------

    def seal_type(self) -> str:
        return "ukey" if self.ukey.isChecked() else "cloud"

    def size_mm(self) -> tuple[int, int]:
        """:raises InvalidInput: size."""
        return seals_layer().parse_size(self.size_edit.text())  # type: ignore[no-any-return]

    def values(self) -> dict[str, Any]:
        """What apply_seal takes (the size already parsed: :meth:`check` passed)."""
        return {
            "name": self.name.text(),
            "seal_type": self.seal_type(),
            "handler_name": self.handler_name.text(),
            "handler_phone": self.handler_phone.text(),
            "handler_id_number": self.handler_id.text(),
            "image": self.image_path,
            "style": self.style_key,
            "size": self.size_mm(),
        }

    def check(self) -> str:
        """Every value checked by the application layer, nothing sent; the first problem said
        under its field (returned too, "" when they pass). An uploaded picture is not read
        again here, on the GUI thread: it was checked when chosen, and apply_seal checks it
        again on the page's worker before anything is sent."""
        for error in self.errors.values():
            error.setVisible(False)
        uploaded = self.image_path is not None and self.style_key is None
        try:
            values = self.values()
            if uploaded:
                values["image"] = None  # the choice is then the only thing said missing
            seals_layer().check_application(**values)
        except Exception as e:
            said = (getattr(e, "field", None), getattr(e, "reason", None))
            if uploaded and said == ("image", "choice"):  # every other value passed
                return ""
            if not self.show_input_error(e):
                raise
            return next(label.text() for label in self.errors.values() if label.isVisibleTo(self))
        return ""

    def _ok(self) -> None:
        if self.loading:
            return  # (提交 is disabled meanwhile)
        self.problem.setVisible(False)
        self.cert_button.setVisible(False)
        if self.check():
            return
        self.set_busy(True)
        self.submitted.emit()

    def set_busy(self, busy: bool) -> None:
        super().set_busy(busy)
        self.ok.setEnabled(not busy and not self.loading)
        for widget in (self.upload_button, self.generate_button):
            widget.setEnabled(not busy)

    def done(self, result: int) -> None:
        """Closed (提交 answered, 取消, Esc, the window's X): a picture still being read is
        dropped, its thread left to end."""
        self._stop_loading(restore=True)
        super().done(result)

    def show_refusal(self, text: str, *, certificate: bool) -> None:
        """The platform's refusal under the form; ``certificate``: offer 申请数字证书."""
        self.problem.setStyleSheet(f"color: {ERROR}; font-weight: bold;")
        self.cert_button.setVisible(certificate)
        self.show_problem(text)

    def certificate_done(self) -> None:
        self.cert_button.setVisible(False)
        self.problem.setStyleSheet(f"color: {GOOD}; font-weight: bold;")
        self.show_problem(tr("gui.platform_seal_cert_done"))
