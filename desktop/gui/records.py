"""文件记录: the local list of files signed here (no secret in it), and its page."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sealdesk.desktop.gui.home_page import fill, table
from sealdesk.desktop.gui.worker import Worker
from sealdesk.desktop.i18n import tr
from sealdesk.desktop.settings import config_dir
from sealdesk.signing.fileio import write_atomic

MAX_RECORDS = 2000


@dataclass(frozen=True)
class Record:
    """One signed file."""

    name: str
    output: str
    source: str
    pages: int
    signer: str
    seals: str
    date: str


def records_path() -> Path:
    return config_dir() / "records.json"


def load_records(path: Path | None = None) -> list[Record]:
    """The records, newest first; a damaged file reads as empty rather than failing."""
    try:
        data = json.loads((path or records_path()).read_text("utf-8"))
        return [Record(**r) for r in data][:MAX_RECORDS]
    except (OSError, ValueError, TypeError):
        return []


def add_record(record: Record, path: Path | None = None) -> list[Record]:
    path = path or records_path()
    records = [record, *load_records(path)][:MAX_RECORDS]
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(
        path,
        json.dumps([asdict(r) for r in records], ensure_ascii=False, indent=1).encode(),
        overwrite=True,
    )
    return records


def now_text() -> str:
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M")


class RecordsPage(QWidget):
    """Searchable list of signed files; open again or verify again."""

    open_requested = Signal(str)
    verify_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.worker = Worker("sealdesk-records")
        self.records: list[Record] = []
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("gui.records_search"))
        self.search.textChanged.connect(lambda _t: self._show())
        self.table = table(
            [
                tr("gui.col_file"),
                tr("gui.col_pages"),
                tr("gui.col_signer"),
                tr("gui.col_seal"),
                tr("gui.col_date"),
            ]
        )
        self.table.doubleClicked.connect(lambda _i: self._open())
        open_button = QPushButton(tr("gui.open_again"))
        open_button.clicked.connect(self._open)
        verify_button = QPushButton(tr("gui.verify_again"))
        verify_button.clicked.connect(self._verify)
        self.empty = QLabel(tr("gui.records_empty"))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(open_button)
        top.addWidget(verify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.reload()

    def reload(self) -> None:
        self.worker.submit(load_records, self._loaded)

    def add(self, record: Record) -> None:
        self.worker.submit(lambda: add_record(record), self._loaded)

    def _loaded(self, records: list[Record]) -> None:
        self.records = records
        self._show()

    def shown(self) -> list[Record]:
        words = self.search.text().strip().lower()
        return [
            r
            for r in self.records
            if not words or words in r.name.lower() or words in r.signer.lower()
        ]

    def _show(self) -> None:
        rows = self.shown()
        fill(self.table, [[r.name, str(r.pages), r.signer, r.seals, r.date] for r in rows])
        for i, r in enumerate(rows):
            self.table.item(i, 0).setToolTip(r.output)
        self.empty.setVisible(not self.records)

    def _selected(self) -> Record | None:
        rows = self.shown()
        row = self.table.currentRow()
        return rows[row] if 0 <= row < len(rows) else None

    def _open(self) -> None:
        if (r := self._selected()) is not None:
            self.open_requested.emit(r.output)

    def _verify(self) -> None:
        if (r := self._selected()) is not None:
            self.verify_requested.emit(r.output)

    def shutdown(self) -> None:
        self.worker.shutdown(wait=True)
