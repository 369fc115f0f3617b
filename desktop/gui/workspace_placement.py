"""The signing workspace's seals: the seal list from the key, imported pictures, placing,
selecting, resizing and deleting seals, the cross-page seal, keyword placement.

Just over 600 lines: every placement action edits the one list of placed seals and its
selection, so they stay with it (the page view and the signing panel are modules of their own).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QPoint,
    QPointF,
    Qt,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QIcon,
    QKeySequence,
    QPen,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QGraphicsRectItem,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from sealdesk.desktop import i18n
from sealdesk.desktop.gui.key_service import KeySnapshot
from sealdesk.desktop.gui.page_view import SealList
from sealdesk.desktop.gui.scene_items import (
    EDGES,
    OCCURRENCES,
    SIZE_RANGE_MM,
    PageItem,
    SealChoice,
    SealItem,
    StripItem,
    _pixmap,
    size_range,
)
from sealdesk.desktop.i18n import tr
from sealdesk.signing.errors import SignError
from sealdesk.signing.jobs import (
    MIN_STRIP_MM,
    CrossPage,
    Placement,
    cross_page_figures,
    cross_page_groups,
    cross_page_strip,
)

PlacementsState = tuple[tuple[str, int, float, float, float], ...]
"""The seals on the pages: (seal key, page index, x mm, y mm, width mm) each."""


class PlacementPane:
    """The seal half of :class:`~sealdesk.desktop.gui.workspace.Workspace` (a mixin)."""

    def _build_seal_tools(self) -> None:
        self._undo: list[PlacementsState] = []
        self._redo: list[PlacementsState] = []
        self._grabbed_state: PlacementsState | None = None
        self.seal_menu_shown: QMenu | None = None
        # Ctrl+Z / Ctrl+Shift+Z while the pages have the focus (a text box keeps its own)
        self.undo_action = QAction(tr("gui.undo"), self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction(tr("gui.redo"), self)
        redo_keys = {QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")}
        redo_keys.update(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
        self.redo_action.setShortcuts(list(redo_keys))
        self.redo_action.triggered.connect(self.redo)
        self.goto_action = QAction(tr("gui.go_to_page"), self)
        self.goto_action.setShortcut(QKeySequence("Ctrl+G"))
        self.goto_action.triggered.connect(self.ask_page)
        for action in (self.undo_action, self.redo_action, self.goto_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.seal_list = SealList(self)
        self.seal_list.setMinimumWidth(170)
        self.add_image_button = QPushButton(tr("gui.add_image"))
        self.add_image_button.clicked.connect(self._choose_image)
        self.cross = QCheckBox(tr("gui.cross_page"))
        self.cross.toggled.connect(self._cross_toggled)
        self.edge = QComboBox()
        for edge in EDGES:
            self.edge.addItem(tr(f"gui.edge_{edge}"), edge)
        self.edge.currentIndexChanged.connect(
            lambda _i: self._cross_toggled(self.cross.isChecked())
        )
        # pages per group of a long document's cross-page seal; the lowest value means "auto"
        self.cross_group = QSpinBox()
        self.cross_group.setRange(1, 9999)
        self.cross_group.setSpecialValueText(tr("gui.cross_group_auto"))
        self.cross_group.setToolTip(tr("gui.cross_group_hint", mm=MIN_STRIP_MM))
        self.cross_group.setAccessibleName(tr("gui.cross_group"))
        self.cross_group.setEnabled(False)
        self.cross_group.valueChanged.connect(
            lambda _n: self._cross_toggled(self.cross.isChecked())
        )
        # the pages the cross-page seal spans (all of them unless narrowed)
        self.cross_from = QSpinBox()
        self.cross_to = QSpinBox()
        self.cross_range_row = QHBoxLayout()
        range_label = QLabel(tr("gui.cross_range"))
        range_label.setBuddy(self.cross_from)
        self.cross_range_row.addWidget(range_label)
        for spin, name in ((self.cross_from, "gui.cross_from"), (self.cross_to, "gui.cross_to")):
            spin.setRange(1, 1)
            spin.setAccessibleName(tr(name))
            spin.setEnabled(False)
            spin.valueChanged.connect(lambda _n: self._cross_toggled(self.cross.isChecked()))
        self.cross_range_row.addWidget(self.cross_from, 1)
        self.cross_range_row.addWidget(QLabel("–"))
        self.cross_range_row.addWidget(self.cross_to, 1)
        self.cross_group_row = QHBoxLayout()
        group_label = QLabel(tr("gui.cross_group"))
        group_label.setBuddy(self.cross_group)
        self.cross_group_row.addWidget(group_label)
        self.cross_group_row.addWidget(self.cross_group, 1)
        # the selected seal's size (also by dragging its corner handle)
        self.size_spin = QDoubleSpinBox()
        self.size_spin.setRange(*SIZE_RANGE_MM)
        self.size_spin.setDecimals(1)
        self.size_spin.setSingleStep(1.0)
        self.size_spin.setSuffix(" mm")
        self.size_spin.setEnabled(False)
        self.size_spin.setToolTip(tr("gui.size_hint"))
        self.size_spin.valueChanged.connect(self._size_edited)
        self.size_row = QHBoxLayout()
        size_label = QLabel(tr("gui.seal_size"))
        size_label.setBuddy(self.size_spin)
        self.size_spin.setAccessibleName(tr("gui.seal_size"))
        self.size_row.addWidget(size_label)
        self.size_row.addWidget(self.size_spin, 1)

        # keyword placement: the selected seal centred on each found keyword
        self.keyword = QLineEdit()
        self.keyword.setPlaceholderText(tr("gui.keyword_placeholder"))
        self.keyword.setClearButtonEnabled(True)
        self.keyword.textChanged.connect(lambda _t: self._keyword_edited())
        self.keyword.returnPressed.connect(self.look_for_keyword)
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
        self.keyword_box = QGroupBox(tr("gui.keyword_box"))
        keyword_layout = QVBoxLayout(self.keyword_box)
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
        self.remember()
        item = self._seal_item(choice, page, x_mm, y_mm)
        self.scene.clearSelection()
        item.setSelected(True)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.ensureVisible(item, 24, 24)
        self._say(tr("gui.seal_placed", seal=choice.name, page=page + 1))
        self._update_buttons()
        return item

    def _seal_item(
        self, choice: SealChoice, page: int, x_mm: float, y_mm: float, size_mm: float | None = None
    ) -> SealItem:
        item = SealItem(choice, self.pages[page])
        if size_mm is not None:
            item.size_mm = size_mm
            item._apply_size()
        item.setPos(QPointF(x_mm, y_mm))
        item.on_resized = self._item_resized
        item.on_grabbed = self._seal_grabbed
        item.on_released = self._seal_released
        item.on_close = self._seal_closed
        return item

    # --- undo and redo of placements ----------------------------------------------------------

    def placements_state(self) -> PlacementsState:
        """The seals on the pages as they are (what a step of undo restores)."""
        return tuple(
            (i.choice.key, i.page.index, round(i.pos().x(), 3), round(i.pos().y(), 3), i.size_mm)
            for i in self.seal_items()
        )

    def remember(self, before: PlacementsState | None = None) -> None:
        """Keep the state before a change (or ``before``) as a step to undo."""
        state = self.placements_state() if before is None else before
        if not self._undo or self._undo[-1] != state:
            self._undo.append(state)
        self._redo.clear()
        self._history_changed()

    def forget_history(self) -> None:
        self._undo.clear()
        self._redo.clear()
        self._history_changed()

    def undo(self) -> None:
        if self._undo:
            self._redo.append(self.placements_state())
            self._restore(self._undo.pop())

    def redo(self) -> None:
        if self._redo:
            self._undo.append(self.placements_state())
            self._restore(self._redo.pop())

    def _restore(self, state: PlacementsState) -> None:
        for item in self.seal_items():
            self.scene.removeItem(item)
        for key, page, x, y, size in state:
            choice = self.choices.get(key)
            if choice is not None and page < len(self.pages):
                self._seal_item(choice, page, x, y, size)
        self._history_changed()
        self._update_buttons()

    def _history_changed(self) -> None:
        self.undo_action.setEnabled(bool(self._undo))
        self.redo_action.setEnabled(bool(self._redo))

    def _seal_grabbed(self, _item: SealItem) -> None:
        self._grabbed_state = self.placements_state()

    def _seal_released(self, _item: SealItem) -> None:
        before, self._grabbed_state = self._grabbed_state, None
        if before is not None and before != self.placements_state():
            self.remember(before)

    def _seal_closed(self, item: SealItem) -> None:
        self.remember()
        self.scene.removeItem(item)
        self._say(tr("gui.seal_removed", seal=item.choice.name))
        self._update_buttons()

    def _seal_menu(self, item: SealItem, where: QPoint) -> None:
        """Right-click on a placed seal: what can be done to it."""
        menu = QMenu(self)
        remove = menu.addAction(tr("gui.seal_remove"))
        remove.triggered.connect(lambda: self._seal_closed(item))
        original = menu.addAction(tr("gui.seal_original_size", mm=item.choice.width_mm))
        original.setEnabled(abs(item.size_mm - item.choice.width_mm) > 1e-6)
        original.triggered.connect(lambda: (self.remember(), item.set_size(item.choice.width_mm)))
        menu.addSeparator()
        menu.addAction(self.undo_action)
        menu.addAction(self.redo_action)
        self.seal_menu_shown = menu
        menu.popup(where)

    def _page_wanted(self, index: int) -> None:
        if self.pages:
            self.go_to_page(index % len(self.pages))

    def ask_page(self) -> None:
        """Ctrl+G: go to a page by its number."""
        if not self.pages:
            return
        number, ok = QInputDialog.getInt(
            self,
            tr("gui.go_to_page"),
            tr("gui.go_to_page_prompt", pages=len(self.pages)),
            1,
            1,
            len(self.pages),
        )
        if ok:
            self.go_to_page(number - 1)

    def _seal_nudged(self, item: SealItem) -> None:
        p = item.placement()
        self._say(tr("gui.seal_moved", seal=item.choice.name, page=p.page, x=p.x_mm, y=p.y_mm))

    def delete_selected(self) -> None:
        if any(isinstance(i, SealItem) for i in self.scene.selectedItems()):
            self.remember()
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
            self.remember()
            item.set_size(value)

    def _item_resized(self, item: SealItem) -> None:
        if item is self.selected_seal():
            self.size_spin.blockSignals(True)
            self.size_spin.setValue(item.size_mm)
            self.size_spin.blockSignals(False)

    def set_cross_range(self, pages: int) -> None:
        """A new document: the cross-page seal spans all its pages until narrowed."""
        for spin, value in ((self.cross_from, 1), (self.cross_to, pages)):
            spin.blockSignals(True)
            spin.setRange(1, max(pages, 1))
            spin.setValue(value)
            spin.blockSignals(False)

    def _cross_toggled(self, on: bool) -> None:
        self.edge.setEnabled(on)
        self.cross_group.setEnabled(on)
        self.cross_from.setEnabled(on)
        self.cross_to.setEnabled(on)
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
        spec = self._cross_spec()
        vertical = spec.edge in ("left", "right")
        source = _pixmap(choice.png)
        w, h = choice.width_mm, choice.height_mm
        # grouped and laid out by the signing service's own rules: the preview is what is signed
        try:
            groups = cross_page_groups(spec, len(self.pages), (w, h), SignError)
        except SignError as e:  # a range under two pages: said, nothing shown
            self._say(e.message(i18n.language()), error=True)
            self._update_buttons()
            return
        for number, group in enumerate(groups, 1):
            tip = tr(
                "gui.cross_strip_tip",
                group=number,
                first=group.pages.start + 1,
                last=group.pages.stop,
            )
            for i, page_ix in enumerate(group.pages):
                page = self.pages[page_ix]
                (x, y), (cx, cy, cw, ch) = cross_page_strip(
                    spec, i, len(group.pages), (w, h), (page.width_mm, page.height_mm), spec.pos_mm
                )
                kx, ky = source.width() / w, source.height() / h  # picture pixels per mm
                px0, py0 = round((cx - x) * kx), round((cy - y) * ky)
                piece = source.copy(
                    px0,
                    py0,
                    max(round((cx - x + cw) * kx) - px0, 1),
                    max(round((cy - y + ch) * ky) - py0, 1),
                )
                strip = StripItem(piece, page, vertical=vertical, size_mm=(cw, ch))
                strip.place(QPointF(cx, cy))
                strip.setToolTip(tip)
                strip.on_moved = self._strip_moved
                self._strips.append(strip)
        summary = tr("sign.cross_groups", **cross_page_figures(groups))
        self._say(tr("gui.cross_preview", summary=summary))
        self._update_buttons()

    def _strip_moved(self, moved: StripItem) -> None:
        along = moved.pos().y() if moved.vertical else moved.pos().x()
        self._cross_pos = along
        for strip in self._strips:
            if strip is not moved:
                strip.set_along(along)

    def _cross_spec(self) -> CrossPage:
        group = self.cross_group.value()
        first, last = self.cross_from.value(), self.cross_to.value()
        return CrossPage(
            self.edge.currentData(),
            first if first > 1 else None,
            last if last < len(self.pages) else None,
            self._cross_pos,
            group if group >= 2 else None,
        )

    def cross_page(self) -> CrossPage | None:
        if not self._strips:
            return None
        return self._cross_spec()

    def _keyword_edited(self) -> None:
        self.show_keyword_hits(())  # what was found was for the old text
        self._update_buttons()

    def look_for_keyword(self) -> None:
        """Enter in the keyword box: find it in the open document and show where the selected
        seal would be stamped."""
        options = self.keyword_options()
        choice = self.current_choice()
        path = self.path
        if not options or choice is None or path is None:
            return
        from sealdesk.signing.jobs import find_keyword

        seal = choice.picture()

        def work() -> list[Placement]:
            return find_keyword(
                path.read_bytes(),
                options["keyword"],
                seal=seal,
                occurrence=options["occurrence"],
                offset_mm=options["keyword_offset_mm"],
            )

        def done(hits: list[Placement]) -> None:
            if path == self.path and self.keyword_options() == options:
                self.show_keyword_hits(hits)
                self._say(
                    tr("gui.keyword_found", count=len(hits), keyword=options["keyword"])
                    if hits
                    else tr("gui.keyword_missing", keyword=options["keyword"]),
                    error=not hits,
                )

        self.renderer.submit(work, done, self._failed)

    def show_keyword_hits(self, hits: Sequence[Placement]) -> None:
        """Dashed boxes where the keyword puts the seal (none: take them away)."""
        for item in self._hit_items:
            if item.scene() is not None:
                item.scene().removeItem(item)
        self._hit_items = []
        choice = self.current_choice()
        if choice is None:
            return
        pen = QPen(QColor("#c62828"))
        pen.setCosmetic(True)
        pen.setWidth(2)
        pen.setStyle(Qt.PenStyle.DashLine)
        for hit in hits:
            if not 1 <= hit.page <= len(self.pages):
                continue
            width = hit.size_mm or choice.width_mm
            height = width * choice.height_mm / max(choice.width_mm, 0.01)
            box = QGraphicsRectItem(hit.x_mm, hit.y_mm, width, height, self.pages[hit.page - 1])
            box.setPen(pen)
            box.setBrush(QColor(198, 40, 40, 40))
            box.setZValue(4)
            box.setToolTip(tr("gui.keyword_hit"))
            self._hit_items.append(box)

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
