"""The signing workspace's scene: pages as rectangles of their displayed size in mm, seals as
their children at true size (movable, resizable by the corner), cross-page strips."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QPointF,
    QRectF,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
)

from sealdesk.desktop.i18n import tr
from sealdesk.signing.jobs import (
    Placement,
    SealPicture,
)

SEAL_MIME = "application/x-sealdesk-seal"


PAGE_GAP_MM = 6.0


MARGIN_MM = 6.0


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
        self.on_grabbed: Any = None  # pressed: the workspace keeps the state to undo to
        self.on_released: Any = None  # released: a move or resize becomes a step to undo
        self.on_close: Any = None  # the × in the corner clicked
        self.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._apply_size()
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        # a round seal is grabbed anywhere in its box, not only on its ink (and so is the
        # resize handle in its corner)
        self.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)
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
            else Qt.CursorShape.PointingHandCursor
            if self._on_close(event.pos())
            else Qt.CursorShape.SizeAllCursor
        )
        super().hoverMoveEvent(event)

    def _on_close(self, local: QPointF) -> bool:
        mm = self.mapToParent(local) - self.pos()
        return (
            self.isSelected() and mm.x() > self.size_mm - self.HANDLE_MM and mm.y() < self.HANDLE_MM
        )

    def mousePressEvent(self, event: Any) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._on_close(event.pos()):
            event.accept()
            if self.on_close is not None:
                self.on_close(self)
            return
        if self.on_grabbed is not None:
            self.on_grabbed(self)
        if event.button() == Qt.MouseButton.LeftButton and self._on_handle(event.pos()):
            self._resizing = True
            event.accept()
            return
        # Qt drags every selected item along with the one pressed: a seal selected on another
        # page would follow this one onto text nobody looked at
        _deselect(self.scene(), keep=lambda item: item.parentItem() is self.parentItem())
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
        if self.on_released is not None:
            self.on_released(self)

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
            # the × that takes the seal off the page, in the top-right corner
            close = QRectF(pixmap.width() - side, 0, side, side)
            painter.setBrush(QBrush(QColor("#c62828")))
            painter.drawRect(close)
            cross = QPen(QColor("white"))
            cross.setCosmetic(True)
            cross.setWidth(2)
            painter.setPen(cross)
            inset = side * 0.25
            painter.drawLine(
                close.topLeft() + QPointF(inset, inset), close.bottomRight() - QPointF(inset, inset)
            )
            painter.drawLine(
                close.topRight() + QPointF(-inset, inset),
                close.bottomLeft() + QPointF(inset, -inset),
            )

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and self.parentItem():
            page = self.page
            x = min(max(value.x(), 0.0), max(page.width_mm - self.size_mm, 0.0))
            y = min(max(value.y(), 0.0), max(page.height_mm - self.height_mm, 0.0))
            return QPointF(x, y)
        return super().itemChange(change, value)


def _deselect(scene: Any, keep: Callable[[QGraphicsItem], bool]) -> None:
    if scene is not None:
        for item in scene.selectedItems():
            if not keep(item):
                item.setSelected(False)


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

    def mousePressEvent(self, event: Any) -> None:
        _deselect(self.scene(), keep=lambda _item: False)  # see SealItem.mousePressEvent
        super().mousePressEvent(event)

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
