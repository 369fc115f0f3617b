"""文件签章: the signing workspace for PDF files.

The scene's unit is the millimetre: each page is a rectangle of its displayed size in mm
(CropBox and /Rotate applied, as PyMuPDF renders it), stacked top to bottom; a seal is a child
item of its page at its top-left corner in mm with its true size in mm. The view scales the
scene by ``zoom × screen pixels per mm``, so a 42 mm seal shows as 42 mm at 100 % and always
at the page's own scale, and a seal's position in its page is exactly the
:class:`~sealdesk.signing.jobs.Placement` the signing service takes. Pages are rendered on a
worker thread, only those near the visible area, at the view's device resolution.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QMimeData,
    QPoint,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QIcon,
    QImage,
    QKeyEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sealdesk.desktop.gui.key_service import KeyService, KeySnapshot, SignOutcome
from sealdesk.desktop.gui.keyboard import keyboard_ready, tab_chain
from sealdesk.desktop.gui.pin_dialog import PinDialog
from sealdesk.desktop.gui.worker import Worker, message_of
from sealdesk.desktop.i18n import tr
from sealdesk.signing.jobs import (
    CrossPage,
    Placement,
    QrSpec,
    SealPicture,
    SignOptions,
    cross_page_strip,
)

SEAL_MIME = "application/x-sealdesk-seal"
PAGE_GAP_MM = 6.0
MARGIN_MM = 6.0
ZOOMS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
THUMB_PX = 96
EDGES = ("right", "left", "bottom", "top")
SIZE_RANGE_MM = (20.0, 60.0)  # the widths a placed seal may be resized to
OCCURRENCES = ("first", "last", "all")


@dataclass(frozen=True)
class SealChoice:
    """A seal the user can drop: from the key (with its GB/T 38540 seal) or an image."""

    key: str
    name: str
    png: bytes
    width_mm: float
    height_mm: float
    der: bytes | None = None

    def picture(self) -> SealPicture:
        return SealPicture(self.png, self.width_mm, self.height_mm, self.name, self.der)


def _pixmap(png: bytes) -> QPixmap:
    pixmap = QPixmap()
    pixmap.loadFromData(png)
    return pixmap


def _warm_up() -> None:
    import sealdesk.signing.pdf.render  # noqa: F401 (imported for its import time)


def _image(page: Any) -> QImage:
    """RGB pixels to a QImage that owns its memory (copied row by row: Qt pads rows to 4
    bytes; a QImage over Python bytes made on a worker thread upsets reference counts)."""
    image = QImage(page.width, page.height, QImage.Format.Format_RGB888)
    target = image.bits()
    line, row = image.bytesPerLine(), page.width * 3
    samples = memoryview(page.samples)
    if line == page.stride == row:
        target[: row * page.height] = samples[: row * page.height]
    else:
        for y in range(page.height):
            target[y * line : y * line + row] = samples[y * page.stride : y * page.stride + row]
    return image


class PageItem(QGraphicsRectItem):
    """One page, ``width_mm`` × ``height_mm`` as displayed; its pixmap arrives later."""

    def __init__(self, index: int, width_mm: float, height_mm: float) -> None:
        super().__init__(0.0, 0.0, width_mm, height_mm)
        self.index = index
        self.width_mm, self.height_mm = width_mm, height_mm
        self.setBrush(QBrush(Qt.GlobalColor.white))
        pen = QPen(QColor("#9a9a9a"))
        pen.setCosmetic(True)
        self.setPen(pen)
        self.picture: QGraphicsPixmapItem | None = None
        self.resolution = 0.0  # device px per mm of the current picture

    def set_picture(self, pixmap: QPixmap, px_per_mm: float) -> None:
        """Show ``pixmap`` over the page; its device pixel ratio says how many of its pixels
        make one logical pixel (2 on a 200 % screen: drawn 1:1 on the device, not upscaled)."""
        if self.picture is None:
            self.picture = QGraphicsPixmapItem(self)
            self.picture.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
            self.picture.setZValue(0)
        self.picture.setPixmap(pixmap)
        size = pixmap.deviceIndependentSize()  # what the item's bounding rect is made of
        self.picture.setTransform(
            QTransform.fromScale(self.width_mm / size.width(), self.height_mm / size.height())
        )
        self.resolution = px_per_mm

    def drop_picture(self) -> None:
        if self.picture is not None:
            self.scene().removeItem(self.picture)
            self.picture = None
        self.resolution = 0.0


class SealItem(QGraphicsPixmapItem):
    """A seal on a page: movable within its page, selectable, deletable, resizable within
    :data:`SIZE_RANGE_MM` (aspect kept) by its corner handle; true size in mm."""

    HANDLE_MM = 4.0

    def __init__(self, choice: SealChoice, page: PageItem) -> None:
        pixmap = _pixmap(choice.png)
        super().__init__(pixmap)
        self.choice = choice
        self.size_mm = choice.width_mm
        self._resizing = False
        self.on_resized: Any = None
        self.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._apply_size()
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.SizeAllCursor)
        self.setZValue(10)
        self.setParentItem(page)

    @property
    def height_mm(self) -> float:
        return self.size_mm * self.choice.height_mm / max(self.choice.width_mm, 0.01)

    def _apply_size(self) -> None:
        pixmap = self.pixmap()
        self.setTransform(
            QTransform.fromScale(
                self.size_mm / max(pixmap.width(), 1), self.height_mm / max(pixmap.height(), 1)
            )
        )
        self.setToolTip(
            f"{self.choice.name} · {self.size_mm:g}×{self.height_mm:.3g} mm — "
            + tr("gui.resize_hint")
        )

    def set_size(self, width_mm: float) -> None:
        """Resize to ``width_mm`` (clamped to the allowed sizes), keeping the centre."""
        low, high = size_range(self.choice)
        width_mm = round(min(max(width_mm, low), high), 1)
        if abs(width_mm - self.size_mm) < 1e-6:
            return
        centre = self.pos() + QPointF(self.size_mm / 2, self.height_mm / 2)
        self.size_mm = width_mm
        self._apply_size()
        self.setPos(centre - QPointF(self.size_mm / 2, self.height_mm / 2))  # clamped
        if self.on_resized is not None:
            self.on_resized(self)

    @property
    def page(self) -> PageItem:
        return self.parentItem()  # type: ignore[return-value]

    def placement(self) -> Placement:
        size = None if abs(self.size_mm - self.choice.width_mm) < 1e-6 else self.size_mm
        return Placement(
            self.page.index + 1, round(self.pos().x(), 3), round(self.pos().y(), 3), size
        )

    def _on_handle(self, local: QPointF) -> bool:
        mm = self.mapToParent(local) - self.pos()
        return (
            self.isSelected()
            and mm.x() > self.size_mm - self.HANDLE_MM
            and mm.y() > self.height_mm - self.HANDLE_MM
        )

    def hoverMoveEvent(self, event: Any) -> None:
        self.setCursor(
            Qt.CursorShape.SizeFDiagCursor
            if self._on_handle(event.pos())
            else Qt.CursorShape.SizeAllCursor
        )
        super().hoverMoveEvent(event)

    def mousePressEvent(self, event: Any) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._on_handle(event.pos()):
            self._resizing = True
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: Any) -> None:
        if self._resizing:
            corner = self.mapToParent(event.pos()) - self.pos()
            self._resize_keep_corner(max(corner.x(), corner.y() * self.aspect()))
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: Any) -> None:
        self._resizing = False
        super().mouseReleaseEvent(event)

    def aspect(self) -> float:
        return self.choice.width_mm / max(self.choice.height_mm, 0.01)

    def _resize_keep_corner(self, width_mm: float) -> None:
        """Resize from the bottom-right handle: the top-left corner stays."""
        low, high = size_range(self.choice)
        top_left = self.pos()
        self.size_mm = round(min(max(width_mm, low), high), 1)
        self._apply_size()
        self.setPos(top_left)
        if self.on_resized is not None:
            self.on_resized(self)

    def paint(self, painter: Any, option: Any, widget: Any = None) -> None:
        super().paint(painter, option, widget)
        if self.isSelected():
            # the resize handle: a small square in the bottom-right corner
            pixmap = self.pixmap()
            k = pixmap.width() / max(self.size_mm, 0.01)
            side = self.HANDLE_MM * k * 0.6
            pen = QPen(QColor("#1a5fb4"))
            pen.setCosmetic(True)
            pen.setWidth(2)
            painter.setPen(pen)
            painter.setBrush(QBrush(QColor(255, 255, 255, 220)))
            painter.drawRect(QRectF(pixmap.width() - side, pixmap.height() - side, side, side))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(0, 0, pixmap.width(), pixmap.height()))

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and self.parentItem():
            page = self.page
            x = min(max(value.x(), 0.0), max(page.width_mm - self.size_mm, 0.0))
            y = min(max(value.y(), 0.0), max(page.height_mm - self.height_mm, 0.0))
            return QPointF(x, y)
        return super().itemChange(change, value)


def size_range(choice: SealChoice) -> tuple[float, float]:
    """The widths a seal may take on the page: 20–60 mm, or its own size if outside."""
    return min(SIZE_RANGE_MM[0], choice.width_mm), max(SIZE_RANGE_MM[1], choice.width_mm)


class StripItem(QGraphicsPixmapItem):
    """One page's strip of the cross-page seal; dragging it along the edge moves them all."""

    def __init__(
        self, pixmap: QPixmap, page: PageItem, *, vertical: bool, size_mm: tuple[float, float]
    ) -> None:
        super().__init__(pixmap)
        self.vertical = vertical
        self.page = page
        self.size_mm = size_mm
        self.on_moved: Any = None
        self.setParentItem(page)
        self.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.setTransform(
            QTransform.fromScale(
                size_mm[0] / max(pixmap.width(), 1), size_mm[1] / max(pixmap.height(), 1)
            )
        )
        self.setZValue(5)
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setCursor(Qt.CursorShape.SizeVerCursor if vertical else Qt.CursorShape.SizeHorCursor)
        self._syncing = False

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and not self._syncing:
            pos = self.pos()
            if self.vertical:
                y = min(max(value.y(), 0.0), max(self.page.height_mm - self.size_mm[1], 0.0))
                return QPointF(pos.x(), y)
            x = min(max(value.x(), 0.0), max(self.page.width_mm - self.size_mm[0], 0.0))
            return QPointF(x, pos.y())
        if (
            change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged
            and not self._syncing
            and self.on_moved is not None
        ):
            self.on_moved(self)
        return super().itemChange(change, value)

    def place(self, pos: QPointF) -> None:
        """Put the strip at its edge (the drag then only moves it along the edge)."""
        self._syncing = True
        self.setPos(pos)
        self._syncing = False

    def set_along(self, mm: float) -> None:
        self._syncing = True
        pos = self.pos()
        self.setPos(QPointF(pos.x(), mm) if self.vertical else QPointF(mm, pos.y()))
        self._syncing = False


NUDGE_MM = 1.0  # an arrow key moves the selected seal this far; with Shift ten times as far


class PageView(QGraphicsView):
    """The continuous page view: drops of seals and files, Ctrl+wheel zoom, and the keyboard:
    Tab / Shift+Tab select the placed seals in reading order (then leave the view), the arrow
    keys move the selected seal by 1 mm (Shift: 10 mm), Delete removes it, Esc unselects."""

    seal_dropped = Signal(QPointF, str)  # viewport point, seal key
    files_dropped = Signal(list)  # [Path]
    moved = Signal()
    screen_changed = Signal()  # to a screen of another scale
    resized = Signal()
    zoom_step = Signal(int)
    delete_pressed = Signal()
    seal_nudged = Signal(object)  # the SealItem moved by the keyboard

    def __init__(self, scene: QGraphicsScene) -> None:
        super().__init__(scene)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        # always there, so fitting the width does not make it come and go
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setBackgroundBrush(QColor("#e4e4e4"))
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setRenderHints(self.renderHints())
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # the focus shows as a blue frame (the selected seal has its own)
        self.setObjectName("pages")
        self.setStyleSheet("QGraphicsView#pages:focus { border: 2px solid #1a5fb4; }")

    def seal_items(self) -> list[SealItem]:
        """The placed seals in reading order: page, then top to bottom, left to right."""
        items = [i for i in self.scene().items() if isinstance(i, SealItem)]
        return sorted(items, key=lambda i: (i.page.index, round(i.y(), 1), round(i.x(), 1)))

    def select_next_seal(self, forward: bool) -> bool:
        """Select the next (previous) placed seal; False past the last (first) one, with the
        selection cleared so that the focus can leave the view."""
        seals = self.seal_items()
        selected = [i for i, item in enumerate(seals) if item.isSelected()]
        if forward:
            index = selected[-1] + 1 if selected else 0
        else:
            index = selected[0] - 1 if selected else len(seals) - 1
        self.scene().clearSelection()
        if not 0 <= index < len(seals):
            return False
        seals[index].setSelected(True)
        self.ensureVisible(seals[index], 24, 24)
        return True

    def event(self, event: QEvent) -> bool:
        # Tab is taken before QGraphicsView hands it to the scene's own item focus chain
        if event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            key = key_event.key()
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not (
                key_event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                forward = key == Qt.Key.Key_Tab and not (
                    key_event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                )
                if not self.select_next_seal(forward):
                    self.focusNextPrevChild(forward)
                return True
        if event.type() == QEvent.Type.DevicePixelRatioChange:
            self.screen_changed.emit()
        return super().event(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        # QGraphicsView would hand Tab to the scene; the view is one stop in the window's chain
        return QWidget.focusNextPrevChild(self, forward)

    def nudge(self, dx_mm: float, dy_mm: float) -> bool:
        selected = [i for i in self.scene().selectedItems() if isinstance(i, SealItem)]
        for item in selected:
            item.setPos(item.pos() + QPointF(dx_mm, dy_mm))  # kept on its page by itemChange
            self.ensureVisible(item, 12, 12)
            self.seal_nudged.emit(item)
        return bool(selected)

    def _accepts(self, mime: QMimeData) -> bool:
        return mime.hasFormat(SEAL_MIME) or any(
            u.isLocalFile() and u.toLocalFile().lower().endswith((".pdf", ".ofd"))
            for u in mime.urls()
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._accepts(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if mime.hasFormat(SEAL_MIME):
            key = bytes(mime.data(SEAL_MIME).data()).decode()
            self.seal_dropped.emit(event.position(), key)
            event.acceptProposedAction()
        elif mime.hasUrls():
            paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
            self.files_dropped.emit(paths)
            event.acceptProposedAction()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self.moved.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()
        self.moved.emit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_step.emit(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
        else:
            super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = NUDGE_MM * (10 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
        arrows = {
            Qt.Key.Key_Left: (-step, 0.0),
            Qt.Key.Key_Right: (step, 0.0),
            Qt.Key.Key_Up: (0.0, -step),
            Qt.Key.Key_Down: (0.0, step),
        }
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_pressed.emit()
            event.accept()
        elif event.key() in arrows and self.nudge(*arrows[event.key()]):  # type: ignore[index]
            event.accept()
        elif event.key() == Qt.Key.Key_Escape and self.scene().selectedItems():
            self.scene().clearSelection()
            event.accept()
        else:
            super().keyPressEvent(event)


class SealList(QListWidget):
    """The seals to drag onto pages; the drag shows the seal at its true size on the page."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.setDragEnabled(True)
        self.setIconSize(QSize(64, 64))
        self.setSpacing(4)
        self.setWordWrap(True)
        self.itemDoubleClicked.connect(lambda _item: self.workspace.place_current())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.workspace.place_current()
            event.accept()
        else:
            super().keyPressEvent(event)

    def startDrag(self, actions: Qt.DropAction) -> None:
        item = self.currentItem()
        if item is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        choice = self.workspace.choices.get(key)
        if choice is None:
            return
        mime = QMimeData()
        mime.setData(SEAL_MIME, QByteArray(key.encode()))
        drag = QDrag(self)
        drag.setMimeData(mime)
        # true size at the current zoom, in device pixels (crisp on a 200 % screen)
        dpr = self.devicePixelRatioF()
        side = self.workspace.scale() * choice.width_mm
        pixmap = _pixmap(choice.png).scaledToWidth(
            max(round(side * dpr), 8), Qt.TransformationMode.SmoothTransformation
        )
        pixmap.setDevicePixelRatio(dpr)
        drag.setPixmap(pixmap)
        size = pixmap.deviceIndependentSize()  # the hot spot is in logical pixels
        drag.setHotSpot(QPoint(round(size.width() / 2), round(size.height() / 2)))
        drag.exec(Qt.DropAction.CopyAction)


class Workspace(QWidget):
    """Open a PDF, drop seals on its pages, 完成签署."""

    first_page_shown = Signal(float)  # ms from open_file to the first page's pixels
    opened = Signal(str)
    signed = Signal(object)  # SignOutcome of a successful run
    verify_requested = Signal(str)

    def __init__(self, service: KeyService) -> None:
        super().__init__()
        self.service = service
        self.renderer = Worker("sealdesk-render")
        self.choices: dict[str, SealChoice] = {}
        self.path: Path | None = None
        self.pages: list[PageItem] = []
        self.zoom = 1.0
        self._fit_width = True
        self._doc: Any = None  # PdfPages, used on the render thread only
        self._generation = 0
        self._wanted: set[int] = set()
        self._pending: set[tuple[int, float]] = set()
        self._thumbs_pending: set[int] = set()
        self._opened_at = 0.0
        self._first_shown = True
        self._strips: list[StripItem] = []
        self._cross_pos: float | None = None
        self._cross_choice: SealChoice | None = None
        self._cancel: threading.Event | None = None
        self._last_request: tuple[str, str] | None = None
        self.pin_dialog: PinDialog | None = None
        self.first_page_ms: float | None = None
        self.output_dir: str | None = None  # from the settings; None: beside the original
        self.pin_every_time = False  # from the settings
        self._signing_sources: list[Path] = []

        self.scene = QGraphicsScene(self)
        self.scene.selectionChanged.connect(self._selection_changed)
        self.batch: list[Path] = []  # several files open at once: signed alike
        self.view = PageView(self.scene)
        self.view.seal_dropped.connect(self.drop_seal)
        self.view.files_dropped.connect(self._files_dropped)
        self.view.moved.connect(self._schedule)
        self.view.screen_changed.connect(self._screen_changed)
        self.view.resized.connect(self._view_resized)
        self.view.zoom_step.connect(self.zoom_by)
        self.view.delete_pressed.connect(self.delete_selected)
        self.view.seal_nudged.connect(self._seal_nudged)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._request_visible)

        self.thumbs = QListWidget()
        self.thumbs.setIconSize(QSize(THUMB_PX, int(THUMB_PX * 1.42)))
        self.thumbs.setViewMode(QListWidget.ViewMode.IconMode)
        self.thumbs.setFlow(QListWidget.Flow.TopToBottom)
        self.thumbs.setWrapping(False)
        self.thumbs.setMovement(QListWidget.Movement.Static)
        self.thumbs.setUniformItemSizes(True)
        self.thumbs.setFixedWidth(THUMB_PX + 40)
        self.thumbs.currentRowChanged.connect(self.go_to_page)
        self.thumbs.verticalScrollBar().valueChanged.connect(lambda _v: self._request_thumbs())

        self.seal_list = SealList(self)
        self.seal_list.setMinimumWidth(170)
        add_image = QPushButton(tr("gui.add_image"))
        add_image.clicked.connect(self._choose_image)
        self.cross = QCheckBox(tr("gui.cross_page"))
        self.cross.toggled.connect(self._cross_toggled)
        self.edge = QComboBox()
        for edge in EDGES:
            self.edge.addItem(tr(f"gui.edge_{edge}"), edge)
        self.edge.currentIndexChanged.connect(
            lambda _i: self._cross_toggled(self.cross.isChecked())
        )
        # the selected seal's size (also by dragging its corner handle)
        self.size_spin = QDoubleSpinBox()
        self.size_spin.setRange(*SIZE_RANGE_MM)
        self.size_spin.setDecimals(1)
        self.size_spin.setSingleStep(1.0)
        self.size_spin.setSuffix(" mm")
        self.size_spin.setEnabled(False)
        self.size_spin.setToolTip(tr("gui.size_hint"))
        self.size_spin.valueChanged.connect(self._size_edited)
        size_row = QHBoxLayout()
        size_label = QLabel(tr("gui.seal_size"))
        size_label.setBuddy(self.size_spin)
        self.size_spin.setAccessibleName(tr("gui.seal_size"))
        size_row.addWidget(size_label)
        size_row.addWidget(self.size_spin, 1)

        # keyword placement: the selected seal centred on each found keyword
        self.keyword = QLineEdit()
        self.keyword.setPlaceholderText(tr("gui.keyword_placeholder"))
        self.keyword.setClearButtonEnabled(True)
        self.keyword.textChanged.connect(lambda _t: self._update_buttons())
        self.occurrence = QComboBox()
        for occurrence in OCCURRENCES:
            self.occurrence.addItem(tr(f"gui.occurrence_{occurrence}"), occurrence)
        self.offset_x = QDoubleSpinBox()
        self.offset_y = QDoubleSpinBox()
        for spin, tip in ((self.offset_x, "gui.offset_x"), (self.offset_y, "gui.offset_y")):
            spin.setRange(-100.0, 100.0)
            spin.setDecimals(1)
            spin.setSuffix(" mm")
            spin.setToolTip(tr(tip))
            spin.setAccessibleName(tr(tip))
        offsets = QHBoxLayout()
        offset_label = QLabel(tr("gui.offset"))
        offset_label.setBuddy(self.offset_x)
        offsets.addWidget(offset_label)
        offsets.addWidget(self.offset_x)
        offsets.addWidget(self.offset_y)
        keyword_box = QGroupBox(tr("gui.keyword_box"))
        keyword_layout = QVBoxLayout(keyword_box)
        keyword_layout.addWidget(self.keyword)
        keyword_layout.addWidget(self.occurrence)
        keyword_layout.addLayout(offsets)

        # the anti-counterfeit QR code: PDF only (the OFD signer has none)
        self.qr = QCheckBox(tr("gui.qr"))
        self.qr.setToolTip(tr("gui.qr_hint"))
        self.qr_note = QLabel(tr("gui.qr_pdf_only"))
        self.qr_note.setWordWrap(True)
        self.qr_note.setStyleSheet("color: #b26a00;")
        self.qr_note.setVisible(False)

        # the batch: several files, the same placement rules, one PIN
        self.queue = QListWidget()
        self.queue.setWordWrap(True)
        self.queue.setMinimumHeight(120)
        self.queue.setMaximumHeight(220)
        self.queue_box = QGroupBox(tr("gui.batch_box", count=0))
        queue_layout = QVBoxLayout(self.queue_box)
        queue_layout.addWidget(self.queue)
        self.queue_box.setVisible(False)

        side = QVBoxLayout()
        seals_label = QLabel(tr("gui.seals_hint"))
        seals_label.setWordWrap(True)
        seals_label.setBuddy(self.seal_list)
        self.seal_list.setAccessibleName(tr("gui.seals_hint"))
        self.seal_list.setToolTip(tr("gui.drag_hint"))
        side.addWidget(seals_label)
        side.addWidget(self.seal_list, 1)
        side.addWidget(add_image)
        side.addLayout(size_row)
        side.addWidget(self.cross)
        side.addWidget(self.edge)
        self.edge.setEnabled(False)
        side.addWidget(keyword_box)
        side.addWidget(self.qr)
        side.addWidget(self.qr_note)
        side.addWidget(self.queue_box)
        side_widget = QWidget()
        side_widget.setLayout(side)

        # toolbar
        open_button = QPushButton(tr("gui.open_file"))
        open_button.clicked.connect(self.choose_file)
        self.zoom_label = QLabel("100%")
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        zoom_out = QToolButton()
        zoom_out.setText("−")
        zoom_out.setToolTip(tr("gui.zoom_out"))
        zoom_out.clicked.connect(lambda: self.zoom_by(-1))
        zoom_in = QToolButton()
        zoom_in.setText("+")
        zoom_in.setToolTip(tr("gui.zoom_in"))
        zoom_in.clicked.connect(lambda: self.zoom_by(1))
        actual = QToolButton()
        actual.setText("1:1")
        actual.setToolTip(tr("gui.true_size"))
        actual.clicked.connect(lambda: self.set_zoom(1.0))
        fit = QToolButton()
        fit.setText(tr("gui.fit_width"))
        fit.clicked.connect(self.fit_width)
        self.sign_button = QPushButton(tr("gui.finish_signing"))
        self.sign_button.setObjectName("primary")
        self.sign_button.setStyleSheet(
            "QPushButton#primary { background: #c62828; color: white; font-weight: bold;"
            " padding: 5px 16px; border-radius: 3px; }"
            " QPushButton#primary:disabled { background: #d9a3a3; }"
            " QPushButton#primary:focus { border: 2px solid #1a5fb4; outline: none; }"
        )
        self.sign_button.clicked.connect(self.finish_signing)
        self.file_label = QLabel(tr("gui.no_file"))
        # a long file name is cut rather than widening the window
        self.file_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.file_label.setMinimumWidth(60)
        tools = QHBoxLayout()
        tools.addWidget(open_button)
        tools.addWidget(self.file_label, 1)
        for w in (zoom_out, self.zoom_label, zoom_in, actual, fit):
            tools.addWidget(w)
        tools.addSpacing(12)
        tools.addWidget(self.sign_button)

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
        message_row = QHBoxLayout()
        message_row.addWidget(self.message, 1)
        message_row.addWidget(self.verify_button)

        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(side_widget)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setCollapsible(0, False)
        splitter.setSizes([880, 260])
        body = QHBoxLayout()
        body.addWidget(self.thumbs)
        body.addWidget(splitter, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addLayout(message_row)
        layout.addWidget(self.progress_box)
        layout.addLayout(body, 1)
        self.setAcceptDrops(True)
        self._update_buttons()

        # the keyboard: Tab follows the flow — the toolbar, the pages (the placed seals one by
        # one), 完成签署, then the side panel from the seal list down
        self.keyword.setAccessibleName(tr("gui.keyword_box"))
        self.thumbs.setAccessibleName(tr("gui.thumbnails"))
        self.view.setAccessibleName(tr("gui.page_view"))
        tab_chain(
            open_button,
            zoom_out,
            zoom_in,
            actual,
            fit,
            self.thumbs,
            self.view,
            self.sign_button,
            self.verify_button,
            self.cancel_button,
            self.seal_list,
            add_image,
            self.size_spin,
            self.cross,
            self.edge,
            self.keyword,
            self.occurrence,
            self.offset_x,
            self.offset_y,
            self.qr,
            self.queue,
        )
        keyboard_ready(self)

        # PyMuPDF takes ~0.2 s to import: the render thread does it while the person looks
        # at the window, so that the first document opens at once
        QTimer.singleShot(400, lambda: self.renderer.submit(_warm_up))

        service.snapshot.connect(self.show_snapshot)
        service.sign_progress.connect(self._sign_progress)
        service.sign_finished.connect(self._sign_finished)
        service.sign_file.connect(self._file_state)
        if service.last is not None:
            self.show_snapshot(service.last)

    # --- seals -------------------------------------------------------------------------------

    def show_snapshot(self, snap: KeySnapshot) -> None:
        keep = {k: c for k, c in self.choices.items() if c.der is None}  # imported images
        self.choices = {}
        for entries in snap.seals.values():
            for s in entries:
                if s.error is None and s.png:
                    key = f"key:{s.label}"
                    self.choices[key] = SealChoice(
                        key, s.name or s.label, s.png, s.width_mm, s.height_mm, s.der
                    )
        self.choices.update(keep)
        self._fill_seal_list()
        self._update_buttons()

    def _fill_seal_list(self) -> None:
        current = self.seal_list.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.seal_list.clear()
        for key, c in self.choices.items():
            source = tr("gui.from_key") if c.der else tr("gui.from_image")
            item = QListWidgetItem(QIcon(_pixmap(c.png)), f"{c.name}\n{c.width_mm:g} mm · {source}")
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(tr("gui.drag_hint"))
            self.seal_list.addItem(item)
            if key == keep:
                self.seal_list.setCurrentItem(item)
        if self.seal_list.currentItem() is None and self.seal_list.count():
            self.seal_list.setCurrentRow(0)

    def _choose_image(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("gui.add_image"), "", "PNG (*.png)")
        if name:
            self.add_image(Path(name))

    def add_image(self, path: Path) -> None:
        """Add a seal picture (PNG; its size in mm from its pixel density) to the list."""

        def work() -> SealChoice:
            from sealdesk.signing.seal_image import seal_picture_size

            png = path.read_bytes()
            w, h = seal_picture_size(png)
            return SealChoice(f"image:{path}", path.stem, png, w, h)

        def done(choice: SealChoice) -> None:
            self.choices[choice.key] = choice
            self._fill_seal_list()
            self._update_buttons()

        self.renderer.submit(work, done, self._failed)

    def add_seal_image(self, name: str, png: bytes, width_mm: float, height_mm: float) -> None:
        """A picture made on the seals page, ready to drop."""
        key = f"made:{name}:{len(self.choices)}"
        self.choices[key] = SealChoice(key, name, png, width_mm, height_mm)
        self._fill_seal_list()
        self._update_buttons()

    def current_choice(self) -> SealChoice | None:
        item = self.seal_list.currentItem()
        return self.choices.get(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def seal_items(self) -> list[SealItem]:
        return [i for p in self.pages for i in p.childItems() if isinstance(i, SealItem)]

    def page_at(self, scene_point: QPointF) -> PageItem | None:
        for page in self.pages:
            if page.sceneBoundingRect().contains(scene_point):
                return page
        return None

    def drop_seal(self, viewport_point: QPointF, key: str) -> SealItem | None:
        """A seal dropped at a point of the view: its centre goes there (on that page)."""
        inverse, _ok = self.view.viewportTransform().inverted()
        return self.seal_centred_at(inverse.map(viewport_point), key)

    def place_current(self) -> SealItem | None:
        """The keyboard's drop (Enter or a double-click in the seal list): the selected seal,
        at true size, centred on the visible part of the page most in view — the whole page's
        centre when it is all in view — by the same path as a drop."""
        choice = self.current_choice()
        if choice is None:
            return None
        if not self.pages:
            self._say(tr("gui.open_first"), error=True)
            return None
        area = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        best, best_area = None, 0.0
        for page in self.pages:
            seen = page.sceneBoundingRect().intersected(area)
            if seen.width() * seen.height() > best_area:
                best, best_area = seen, seen.width() * seen.height()
        if best is None:
            self._say(tr("gui.drop_on_page"), error=True)
            return None
        return self.seal_centred_at(best.center(), choice.key)

    def seal_centred_at(self, scene_point: QPointF, key: str) -> SealItem | None:
        """A seal of ``key`` with its centre at ``scene_point`` on the page there."""
        choice = self.choices.get(key)
        if choice is None:
            return None
        page = self.page_at(scene_point)
        if page is None:
            self._say(tr("gui.drop_on_page"), error=True)
            return None
        local = page.mapFromScene(scene_point)
        return self.place_seal(
            choice, page.index, local.x() - choice.width_mm / 2, local.y() - choice.height_mm / 2
        )

    def place_seal(self, choice: SealChoice, page: int, x_mm: float, y_mm: float) -> SealItem:
        """Put a seal with its top-left at (x_mm, y_mm) on page ``page`` (0-based)."""
        item = SealItem(choice, self.pages[page])
        item.setPos(QPointF(x_mm, y_mm))
        item.on_resized = self._item_resized
        self.scene.clearSelection()
        item.setSelected(True)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.ensureVisible(item, 24, 24)
        self._say(tr("gui.seal_placed", seal=choice.name, page=page + 1))
        self._update_buttons()
        return item

    def _seal_nudged(self, item: SealItem) -> None:
        p = item.placement()
        self._say(tr("gui.seal_moved", seal=item.choice.name, page=p.page, x=p.x_mm, y=p.y_mm))

    def delete_selected(self) -> None:
        for item in self.scene.selectedItems():
            if isinstance(item, SealItem):
                self.scene.removeItem(item)
        self._update_buttons()

    def selected_seal(self) -> SealItem | None:
        items = [i for i in self.scene.selectedItems() if isinstance(i, SealItem)]
        return items[0] if len(items) == 1 else None

    def _selection_changed(self) -> None:
        item = self.selected_seal()
        self.size_spin.setEnabled(item is not None)
        if item is not None:
            low, high = size_range(item.choice)
            self.size_spin.blockSignals(True)
            self.size_spin.setRange(low, high)
            self.size_spin.setValue(item.size_mm)
            self.size_spin.blockSignals(False)

    def _size_edited(self, value: float) -> None:
        item = self.selected_seal()
        if item is not None:
            item.set_size(value)

    def _item_resized(self, item: SealItem) -> None:
        if item is self.selected_seal():
            self.size_spin.blockSignals(True)
            self.size_spin.setValue(item.size_mm)
            self.size_spin.blockSignals(False)

    # --- cross-page seal ----------------------------------------------------------------------

    def _cross_toggled(self, on: bool) -> None:
        self.edge.setEnabled(on)
        for strip in self._strips:
            self.scene.removeItem(strip)
        self._strips = []
        choice = self.current_choice()
        if not on or not self.pages:
            self._update_buttons()
            return
        if choice is None:
            self._say(tr("gui.choose_seal_first"), error=True)
            self.cross.setChecked(False)
            return
        if len(self.pages) < 2:
            self._say(tr("gui.cross_needs_two"), error=True)
            self.cross.setChecked(False)
            return
        self._cross_choice = choice
        spec = CrossPage(self.edge.currentData(), None, None, self._cross_pos)
        vertical = spec.edge in ("left", "right")
        count = len(self.pages)
        source = _pixmap(choice.png)
        w, h = choice.width_mm, choice.height_mm
        for i, page in enumerate(self.pages):
            # laid out by the signing service's own rule, so the preview is what gets signed
            (x, y), (cx, cy, cw, ch) = cross_page_strip(
                spec, i, count, (w, h), (page.width_mm, page.height_mm), self._cross_pos
            )
            kx, ky = source.width() / w, source.height() / h  # picture pixels per mm
            px0, py0 = round((cx - x) * kx), round((cy - y) * ky)
            piece = source.copy(
                px0,
                py0,
                max(round((cx - x + cw) * kx) - px0, 1),
                max(round((cy - y + ch) * ky) - py0, 1),
            )
            size = (cw, ch)
            pos = QPointF(cx, cy)
            strip = StripItem(piece, page, vertical=vertical, size_mm=size)
            strip.place(pos)
            strip.on_moved = self._strip_moved
            self._strips.append(strip)
        self._say(tr("gui.cross_preview", pages=count))
        self._update_buttons()

    def _strip_moved(self, moved: StripItem) -> None:
        along = moved.pos().y() if moved.vertical else moved.pos().x()
        self._cross_pos = along
        for strip in self._strips:
            if strip is not moved:
                strip.set_along(along)

    def cross_page(self) -> CrossPage | None:
        if not self._strips:
            return None
        return CrossPage(self.edge.currentData(), None, None, self._cross_pos)

    # --- signing ------------------------------------------------------------------------------

    def keyword_options(self) -> dict[str, Any]:
        """The keyword placement asked for (with the selected seal), or nothing."""
        text = self.keyword.text().strip()
        if not text:
            return {}
        return {
            "keyword": text,
            "occurrence": self.occurrence.currentData(),
            "keyword_offset_mm": (self.offset_x.value(), self.offset_y.value()),
        }

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
                    **extra,
                )
            )
        if cross is not None and not cross_done and self._cross_choice is not None:
            runs.insert(0, SignOptions(seal=self._cross_choice.picture(), cross_page=cross))
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

    def finish_signing(self, _checked: bool = False, problem: str = "") -> None:
        """完成签署: ask the PIN (unless a session is kept), then sign on the key's worker."""
        if self.path is None:
            self._say(tr("gui.open_first"), error=True)
            return
        if not self._has_work():
            self._say(tr("gui.place_first"), error=True)
            return
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
        sources = self.sources()
        if not sources:
            return
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
            sources=sources,
            runs=self.sign_runs(),
            cancel=self._cancel,
            folder=Path(self.output_dir) if self.output_dir else None,
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
        self._set_queue_item(index, kind, message)

    def _sign_finished(self, outcome: SignOutcome) -> None:
        self.progress_box.setVisible(False)
        self._cancel = None
        self._update_buttons()
        if outcome.kind == "pin_needed":  # the kept session went away (unplugged, logged out)
            self.finish_signing(problem=tr("gui.pin_again"))
            return
        if outcome.kind == "pin_incorrect":
            self.finish_signing(problem=outcome.message)
            self.service.refresh()  # the key's PIN flags changed
            return
        failed = not outcome.ok and outcome.kind != "cancelled"
        if outcome.ok and any(not f.ok for f in outcome.files):
            failed = True  # a batch with failures: said in red, details in the queue
        self._say(outcome.message, error=failed)
        for f in outcome.files:
            if f.ok:
                self.signed.emit(f)
        if outcome.ok and outcome.output is not None and not self.batch:
            self.open_file(outcome.output, keep_message=True)
            self.verify_button.setVisible(True)
        elif outcome.kind in ("pin_locked", "token_removed"):
            self.service.refresh()

    # --- messages -----------------------------------------------------------------------------

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

    # --- documents ----------------------------------------------------------------------------

    def choose_file(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, tr("gui.open_file"), "", tr("gui.doc_filter") + " (*.pdf *.ofd)"
        )
        if names:
            self.open_files([Path(n) for n in names])

    def _files_dropped(self, paths: list[Path]) -> None:
        self.open_files(paths)

    def open_files(self, paths: list[Path]) -> None:
        """One file opens for signing; several form a batch: the first is shown to place the
        seals on, and every file is signed with the same placements."""
        paths = [p for p in paths if p.suffix.lower() in (".pdf", ".ofd")]
        if not paths:
            return
        if len(paths) == 1:
            self.open_file(paths[0])
            return
        self.set_batch(paths)
        self.open_file(paths[0], keep_batch=True)

    def set_batch(self, paths: list[Path]) -> None:
        self.batch = list(paths)
        self.queue.clear()
        for path in self.batch:
            item = QListWidgetItem("")
            item.setToolTip(str(path))
            self.queue.addItem(item)
        for i in range(len(self.batch)):
            self._set_queue_item(i, "waiting", tr("gui.batch_waiting"))
        self.queue_box.setTitle(tr("gui.batch_box", count=len(self.batch)))
        self.queue_box.setVisible(bool(self.batch))
        self._update_buttons()

    def open_file(
        self, path: Path, *, keep_message: bool = False, keep_batch: bool = False
    ) -> None:
        """Open a PDF or OFD: page sizes on the render thread, then the pages near the view."""
        if not keep_batch and self.batch:
            self.set_batch([])
        self._generation += 1
        generation = self._generation
        self._opened_at = time.perf_counter()
        self._first_shown = False
        if not keep_message:
            self._say("")
            self.verify_button.setVisible(False)

        def work() -> tuple[int, Any, list[tuple[float, float]]]:
            from sealdesk.signing.pdf.render import open_pages

            if self._doc is not None:
                self._doc.close()
                self._doc = None
            doc = open_pages(path)
            self._doc = doc
            return generation, doc, doc.sizes_mm()

        def done(result: tuple[int, Any, list[tuple[float, float]]]) -> None:
            gen, _doc, sizes = result
            if gen != self._generation:
                return
            self._show_document(path, sizes)

        self.renderer.submit(work, done, self._failed)

    def _show_document(self, path: Path, sizes: list[tuple[float, float]]) -> None:
        self.path = path
        self.cross.setChecked(False)
        self._strips = []
        self._cross_pos = None
        self.scene.clear()
        self.pages = []
        self._pending.clear()
        self._thumbs_pending.clear()
        widest = max(w for w, _h in sizes)
        y = MARGIN_MM
        for i, (w, h) in enumerate(sizes):
            page = PageItem(i, w, h)
            page.setPos((widest - w) / 2, y)
            self.scene.addItem(page)
            self.pages.append(page)
            y += h + PAGE_GAP_MM
        self.scene.setSceneRect(QRectF(-MARGIN_MM, 0, widest + 2 * MARGIN_MM, y + MARGIN_MM))
        self.thumbs.blockSignals(True)
        self.thumbs.clear()
        placeholder = QPixmap(THUMB_PX, int(THUMB_PX * 1.42))
        placeholder.fill(QColor("#f4f4f4"))
        for i in range(len(sizes)):
            self.thumbs.addItem(QListWidgetItem(QIcon(placeholder), str(i + 1)))
        self.thumbs.blockSignals(False)
        self.file_label.setText(tr("gui.file_line", name=path.name, pages=len(sizes)))
        self.file_label.setToolTip(str(path))
        if self._fit_width:
            self.fit_width()
        else:
            self.set_zoom(self.zoom)
        self.view.verticalScrollBar().setValue(0)
        self._request_visible()
        self._request_thumbs()
        self._update_buttons()
        self.opened.emit(str(path))

    # --- zoom and lazy rendering ----------------------------------------------------------------

    def screen_px_per_mm(self) -> float:
        return self.logicalDpiX() / 25.4

    def scale(self) -> float:
        """View pixels (logical) per mm of the page at the current zoom."""
        return self.zoom * self.screen_px_per_mm()

    def set_zoom(self, zoom: float, *, fit: bool = False) -> None:
        self.zoom = min(max(zoom, 0.1), 8.0)
        self._fit_width = fit
        s = self.scale()
        self.view.setTransform(QTransform.fromScale(s, s))
        self.zoom_label.setText(f"{self.zoom:.0%}")
        self._schedule()

    def zoom_by(self, step: int) -> None:
        if step > 0:
            bigger = [z for z in ZOOMS if z > self.zoom + 1e-6]
            self.set_zoom(bigger[0] if bigger else self.zoom)
        else:
            smaller = [z for z in ZOOMS if z < self.zoom - 1e-6]
            self.set_zoom(smaller[-1] if smaller else self.zoom)

    def fit_width(self) -> None:
        if not self.pages:
            self._fit_width = True
            return
        widest = max(p.width_mm for p in self.pages) + 2 * MARGIN_MM
        available = self.view.viewport().width() - 4
        self.set_zoom(available / widest / self.screen_px_per_mm(), fit=True)

    def go_to_page(self, index: int) -> None:
        if 0 <= index < len(self.pages):
            top = self.view.mapFromScene(self.pages[index].scenePos()).y()
            bar = self.view.verticalScrollBar()
            bar.setValue(bar.value() + top - 8)

    def _view_resized(self) -> None:
        if self._fit_width and self.pages:
            QTimer.singleShot(0, self.fit_width)

    def _schedule(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def visible_pages(self) -> list[int]:
        area = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        return [p.index for p in self.pages if p.sceneBoundingRect().intersects(area)]

    def _request_visible(self) -> None:
        if not self.pages:
            return
        area = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        near = area.adjusted(0, -area.height() / 2, 0, area.height() / 2)
        keep = area.adjusted(0, -area.height() * 3, 0, area.height() * 3)
        # device pixels per mm: a page is rendered for the screen's pixels, not upscaled
        resolution = round(self.scale() * self.view.devicePixelRatioF(), 3)
        wanted = set()
        for page in self.pages:
            rect = page.sceneBoundingRect()
            if rect.intersects(near):
                wanted.add(page.index)
                if page.resolution != resolution and (page.index, resolution) not in self._pending:
                    self._render(page.index, resolution)
            elif page.picture is not None and not rect.intersects(keep):
                page.drop_picture()  # far away: free the memory
        self._wanted = wanted

    def _render(self, index: int, resolution: float) -> None:
        generation = self._generation
        dpr = self.view.devicePixelRatioF()
        self._pending.add((index, resolution))

        def work() -> tuple[int, int, float, QImage | None]:
            if index not in self._wanted and self._first_shown:
                return generation, index, resolution, None  # scrolled away meanwhile
            page = self._doc.render(index, resolution)
            return generation, index, page.px_per_mm, _image(page)

        def done(result: tuple[int, int, float, QImage | None]) -> None:
            gen, i, _px_per_mm, image = result
            self._pending.discard((index, resolution))
            if gen != self._generation or image is None:
                return
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(dpr)
            self.pages[i].set_picture(pixmap, resolution)
            if not self._first_shown:
                self._first_shown = True
                self.first_page_ms = (time.perf_counter() - self._opened_at) * 1000
                self.first_page_shown.emit(self.first_page_ms)

        self.renderer.submit(work, done, self._failed)

    def _screen_changed(self) -> None:
        """Pages and thumbnails were drawn for the old screen's pixels: draw them again."""
        self._thumbs_pending.clear()
        self._request_thumbs()
        self._schedule()

    def _request_thumbs(self) -> None:
        if not self.pages:
            return
        viewport = self.thumbs.viewport().rect()
        first = self.thumbs.indexAt(viewport.topLeft() + QPoint(4, 4)).row()
        last = self.thumbs.indexAt(viewport.bottomLeft() + QPoint(4, -4)).row()
        first = max(first, 0)
        last = last if last >= 0 else min(first + 8, len(self.pages) - 1)
        generation = self._generation
        for index in range(first, last + 1):
            if index in self._thumbs_pending:
                continue
            self._thumbs_pending.add(index)
            page = self.pages[index]
            dpr = self.thumbs.devicePixelRatioF()
            resolution = THUMB_PX / page.width_mm * dpr

            def work(index: int = index, resolution: float = resolution) -> Any:
                return generation, index, _image(self._doc.render(index, resolution))

            def done(result: Any, dpr: float = dpr) -> None:
                gen, i, image = result
                if gen == self._generation and i < self.thumbs.count():
                    pixmap = QPixmap.fromImage(image)
                    pixmap.setDevicePixelRatio(dpr)
                    self.thumbs.item(i).setIcon(QIcon(pixmap))

            self.renderer.submit(work, done, self._failed)

    def shutdown(self) -> None:
        self.renderer.shutdown(wait=True)
        if self._doc is not None:
            self._doc.close()
            self._doc = None
