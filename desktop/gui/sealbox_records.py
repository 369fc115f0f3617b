"""The 印控 page's 使用记录 and 异常记录 tabs.

使用记录: the tabs of seed 003 above the list (全部: what the person may see; 我使用: their own
stamps; 我管理: the boxes they keep, every box for an admin), each asked of the platform;
newest first, each stamp's photo as a thumbnail (decoded once, kept by record id) and larger
beside the list for the chosen one. 异常记录: the cause in words, the unread count on the
tab's title (in red) until the tab is opened, which marks them seen on the platform."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabBar,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from sealdesk.app import sealbox_view
from sealdesk.app.sealbox import Keeper
from sealdesk.app.sealbox_view import Overview
from sealdesk.desktop.gui.sealbox_common import (
    ERROR,
    MUTED,
    THUMB,
    Json,
    cause_words,
    cell,
    fill_row,
    fit,
    make_table,
    setup_table,
    time_ms,
)
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    from sealdesk.desktop.gui.sealbox_page import SealboxPage

STAMP_COLUMNS = ("photo", "time", "used", "box", "place", "user")  # the last takes the room left
ABNORMAL_COLUMNS = ("time", "box", "cause", "user", "detail")
PHOTO_WIDTH = 260  # px: the chosen record's photo beside the list


class RecordsTab(QWidget):
    """使用记录 with the photos (``photos``: record id → JPEG, filled by the page's views);
    ``view_changed`` says the tab chosen above the list (all, mine, managed)."""

    view_changed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.photos: dict[int, bytes] = {}
        self.icons: dict[int, QIcon] = {}
        self.table = make_table(STAMP_COLUMNS, "gui.sb_tab_records")
        self.table.setIconSize(QSize(THUMB, THUMB))
        self.table.verticalHeader().setDefaultSectionSize(THUMB + 6)
        self.table.setColumnWidth(0, THUMB + 16)
        self.table.itemSelectionChanged.connect(self.show_photo)
        self.photo = QLabel(tr("gui.sb_no_photo"))
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setFixedWidth(PHOTO_WIDTH)
        self.photo.setMinimumHeight(200)
        self.photo.setFrameShape(QFrame.Shape.StyledPanel)
        self.views = QTabBar()
        self.views.setAccessibleName(tr("gui.sb_tab_records"))
        self.views.setDrawBase(False)
        for name in sealbox_view.RECORD_VIEWS:
            self.views.setTabData(self.views.addTab(tr(f"gui.sb_view_{name}")), name)
        self.views.currentChanged.connect(lambda _i: self.view_changed.emit(self.current_view()))
        self.export_button = QPushButton(tr("gui.sb_export_dots"))  # 导出记录: the admins
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {MUTED};")
        self.note.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(self.views, 0)
        top.addStretch(1)
        top.addWidget(self.export_button)
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.note)
        column.addLayout(row, 1)

    def current_view(self) -> str:
        """all, mine or managed: the tab chosen above the list."""
        return str(self.views.tabData(self.views.currentIndex()) or "all")

    def fill(self, view: Overview) -> None:
        self.show_stamps(view.stamps, view.photos, view.records_view)

    def show_stamps(self, stamps: list[Json], photos: dict[int, bytes], which: str) -> None:
        """The stamps of the tab ``which`` (all, mine, managed), newest first."""
        if which != self.current_view():  # the person chose another tab meanwhile
            return
        self.photos.update(photos)
        self.note.setText("" if stamps else tr(f"gui.sb_records_none_{which}"))
        self.note.setVisible(not stamps)
        table = self.table
        table.setRowCount(len(stamps))
        for row, r in enumerate(stamps):
            picture = cell("", r["id"])
            icon = self._icon(int(r["id"]))
            if icon is not None:
                picture.setIcon(icon)
                picture.setToolTip(tr("gui.sb_photo_of", seq=r["seq"]))
            elif r["photo"]:
                picture.setText("…")
            else:
                picture.setText(tr("gui.sb_no_photo_short"))
            fill_row(
                table,
                row,
                (
                    picture,
                    cell(time_ms(r["time_ms"])),
                    cell(r["used"]),
                    cell(r.get("box_name") or "?"),
                    cell(r.get("place") or "-"),
                    cell(r.get("user_name") or r.get("user_id") or "-"),
                ),
            )
        fit(table)
        table.setColumnWidth(0, THUMB + 16)
        self.show_photo()

    def _icon(self, record_id: int) -> QIcon | None:
        """The record's photo as a thumbnail, decoded once."""
        icon = self.icons.get(record_id)
        jpeg = self.photos.get(record_id)
        if icon is None and jpeg:
            pixmap = QPixmap()
            pixmap.loadFromData(jpeg, "JPEG")
            icon = self.icons[record_id] = QIcon(
                pixmap.scaled(
                    THUMB * 2,
                    THUMB * 2,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        return icon

    def show_photo(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 0) if rows else None
        jpeg = self.photos.get(int(item.data(Qt.ItemDataRole.UserRole))) if item else None
        if not jpeg:
            self.photo.setPixmap(QPixmap())
            self.photo.setText(tr("gui.sb_no_photo"))
            return
        pixmap = QPixmap()
        pixmap.loadFromData(jpeg, "JPEG")
        self.photo.setPixmap(
            pixmap.scaled(
                self.photo.width() - 8,
                240,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )


class AbnormalTable(QTableWidget):
    """异常记录: the table is the tab; opening it marks what it shows seen."""

    def __init__(self, page: SealboxPage) -> None:
        super().__init__(0, len(ABNORMAL_COLUMNS))
        setup_table(self, ABNORMAL_COLUMNS, "gui.sb_tab_abnormal")
        self.page = page

    def fill(self, view: Overview) -> None:
        self.setRowCount(len(view.abnormal))
        for row, r in enumerate(view.abnormal):
            fill_row(
                self,
                row,
                (
                    cell(time_ms(r["time_ms"]), r["id"]),
                    cell(r.get("box_name") or "?"),
                    cell(cause_words(r.get("cause")), color=ERROR),
                    cell(r.get("user_name") or "-"),
                    cell(r.get("detail") or ""),
                ),
            )
        fit(self)
        self.show_unread(view.unread)

    def show_unread(self, unread: int) -> None:
        tabs = self.page.tabs
        index = tabs.indexOf(self)
        title = tr("gui.sb_tab_abnormal")
        tabs.setTabText(index, f"{title} ({unread})" if unread else title)
        tabs.tabBar().setTabTextColor(index, QColor(ERROR) if unread else QColor())

    def opened(self) -> None:
        """The tab was opened: what it shows is seen (the platform's unread count drops)."""
        page, view = self.page, self.page.view
        if view is None or not view.unread:
            return
        upto = max((int(r["id"]) for r in view.abnormal), default=0)

        async def work(k: Keeper) -> int:
            return await sealbox_view.mark_seen(k, upto)

        def done(unread: int) -> None:
            if page.view is not None:
                page.view.unread = unread
            self.show_unread(unread)

        page.keeper(work, done, text=tr("gui.sb_loading"))
