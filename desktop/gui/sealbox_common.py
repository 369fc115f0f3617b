"""What the 印控 page's tabs share: colours, the tables (one row a thing, its id in the first
cell, columns fitted while that is cheap), times in local words and abnormal causes in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem

from sealdesk.app.sealbox import Keeper
from sealdesk.desktop import i18n
from sealdesk.desktop.i18n import tr

ERROR = "#c62828"
GOOD = "#1a7f37"
MUTED = "#555"
THUMB = 64  # px: a record's photo in the list
FIT_ROWS = 150  # tables longer than this keep their column widths (fitting reads every row)
Json = dict[str, Any]
Work = Callable[[Keeper], Any]


def time_ms(ms: int | None) -> str:
    """Milliseconds since the epoch as this computer's local time, to the second."""
    if not ms:
        return "-"
    return dt.datetime.fromtimestamp(ms / 1000).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def setup_table(table: QTableWidget, columns: tuple[str, ...], name: str) -> QTableWidget:
    """``table`` with the columns ``gui.sb_col_<column>``, whole rows chosen one at a time,
    read-only; ``name`` (a message key) is what a screen reader says."""
    table.setColumnCount(len(columns))
    table.setHorizontalHeaderLabels([tr(f"gui.sb_col_{c}") for c in columns])
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setAccessibleName(tr(name))
    table.setWordWrap(False)
    return table


def make_table(columns: tuple[str, ...], name: str) -> QTableWidget:
    return setup_table(QTableWidget(0, len(columns)), columns, name)


def fit(table: QTableWidget) -> None:
    """Columns fitted to their text while that is cheap (it measures every row); the last
    one then takes the room left (fitting it alone left the header short of the table)."""
    if table.rowCount() <= FIT_ROWS:
        table.resizeColumnsToContents()
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setStretchLastSection(True)


def cell(text: object, data: object = None, color: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(str(text))
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if color:
        item.setForeground(QColor(color))
    item.setToolTip(str(text))
    return item


def fill_row(table: QTableWidget, row: int, cells: tuple[QTableWidgetItem, ...]) -> None:
    for col, item in enumerate(cells):
        table.setItem(row, col, item)


def chosen_id(table: QTableWidget) -> Any:
    """The id in the first cell of the chosen row (None: no row chosen)."""
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    return item.data(Qt.ItemDataRole.UserRole) if item else None


def cause_words(cause: str | None) -> str:
    key = f"gui.sb_cause_{cause}"
    return tr(key) if key in i18n.MESSAGES else str(cause or "-")
