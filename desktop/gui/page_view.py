"""The signing workspace's view: the pages at the zoom asked, seals dropped on them, the
keyboard (Tab between seals, arrows nudge them); the seal list seals are dragged from."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QMimeData,
    QPoint,
    QPointF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsScene,
    QGraphicsView,
    QListWidget,
    QWidget,
)

from sealdesk.desktop.gui.scene_items import SEAL_MIME, PageItem, SealItem, _pixmap

if TYPE_CHECKING:
    from sealdesk.desktop.gui.workspace import Workspace


ZOOMS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)


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
    about_to_nudge = Signal()  # before the keyboard moves seals (a step to undo)
    page_wanted = Signal(int)  # Home (0), End (-1)
    seal_menu = Signal(object, QPoint)  # right-click on a seal: the SealItem, global position

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
        if selected:
            self.about_to_nudge.emit()
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
        elif event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self.page_wanted.emit(0 if event.key() == Qt.Key.Key_Home else -1)
            event.accept()
        else:
            super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        item = self.itemAt(event.pos())
        while item is not None and not isinstance(item, SealItem):
            item = item.parentItem() if not isinstance(item, PageItem) else None
        if isinstance(item, SealItem):
            self.scene().clearSelection()
            item.setSelected(True)
            self.seal_menu.emit(item, event.globalPos())
            event.accept()
            return
        super().contextMenuEvent(event)


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
