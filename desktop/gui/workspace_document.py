"""The signing workspace's document: opening files (one or a batch), the pages rendered near
the visible area on a worker at the view's resolution, thumbnails, zoom, going to a page."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QPoint,
    QRectF,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QColor,
    QIcon,
    QImage,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QGraphicsScene,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QToolButton,
)

from sealdesk.desktop.gui.page_view import ZOOMS, PageView
from sealdesk.desktop.gui.pin_dialog import ask_pdf_password
from sealdesk.desktop.gui.scene_items import (
    MARGIN_MM,
    PAGE_GAP_MM,
    THUMB_PX,
    PageItem,
    _image,
)
from sealdesk.desktop.i18n import tr


class DocumentPane:
    """The document half of :class:`~sealdesk.desktop.gui.workspace.Workspace` (a mixin: the
    workspace is the QWidget)."""

    def _build_document_view(self) -> None:
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
        self.view.about_to_nudge.connect(self.remember)
        self.view.page_wanted.connect(self._page_wanted)
        self.view.seal_menu.connect(self._seal_menu)
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
        self.file_label = QLabel(tr("gui.no_file"))
        # a long file name is cut rather than widening the window
        self.file_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.file_label.setMinimumWidth(60)
        self.tools = QHBoxLayout()
        self.tools.addWidget(open_button)
        self.tools.addWidget(self.file_label, 1)
        for w in (zoom_out, self.zoom_label, zoom_in, actual, fit):
            self.tools.addWidget(w)
        self.tool_buttons = [open_button, zoom_out, zoom_in, actual, fit]

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
        self,
        path: Path,
        *,
        keep_message: bool = False,
        keep_batch: bool = False,
        password: str | None = None,
    ) -> None:
        """Open a PDF or OFD: page sizes on the render thread, then the pages near the view;
        an encrypted PDF asks for its password (kept in memory for signing this file)."""
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
            doc = open_pages(path, password)
            self._doc = doc
            return generation, doc, doc.sizes_mm()

        def done(result: tuple[int, Any, list[tuple[float, float]]]) -> None:
            gen, _doc, sizes = result
            if gen != self._generation:
                return
            self.pdf_password = password
            self._show_document(path, sizes)

        def failed(e: BaseException) -> None:
            if getattr(e, "reason", None) != "encrypted":
                self._failed(e)
                return
            problem = "" if password is None else tr("gui.pdf_password_wrong")
            self.password_dialog = ask_pdf_password(
                self,
                path.name,
                problem,
                lambda text: self.open_file(
                    path, keep_message=keep_message, keep_batch=keep_batch, password=text
                ),
            )

        self.renderer.submit(work, done, failed)

    def _show_document(self, path: Path, sizes: list[tuple[float, float]]) -> None:
        self.path = path
        # a new document starts a new job: nothing placed, no keyword left from the last one
        self.keyword.clear()
        self._hit_items = []  # gone with the scene
        self.forget_history()
        self.set_cross_range(len(sizes))
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
