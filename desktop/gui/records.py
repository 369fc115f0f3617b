"""文件记录: the files signed here (the local store of sealdesk.app.store), and its page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFile, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sealdesk.app.store import Record, shared_store
from sealdesk.desktop import i18n
from sealdesk.desktop.gui.home_page import fill, table
from sealdesk.desktop.gui.worker import Worker, message_of
from sealdesk.desktop.i18n import tr

THUMB_SIZE = QSize(46, 64)  # the first page's preview in the list
MAX_THUMBS = 60  # previews made for the first rows shown (the list may hold thousands)


def load_records() -> tuple[list[Record], list[str]]:
    """The records, newest first, and what the store said on opening (said once)."""
    store = shared_store()
    notices = [n.message(i18n.language()) for n in store.notices]
    store.notices.clear()
    return store.records(), notices


def remove_records(outputs: set[str]) -> tuple[list[Record], list[str]]:
    """Forget the records of these signed files (the files themselves stay)."""
    shared_store().remove(outputs)
    return load_records()


class RecordsPage(QWidget):
    """Searchable list of signed files; open again or verify again."""

    open_requested = Signal(str)
    verify_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.worker = Worker("sealdesk-records", self)
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
        self.table.setIconSize(THUMB_SIZE)
        self.table.verticalHeader().setDefaultSectionSize(THUMB_SIZE.height() + 8)
        self.thumbs: dict[str, QIcon | None] = {}  # output path → first page (None: not yet)
        self.missing: set[str] = set()  # signed files no longer where they were saved
        self.page_counts: dict[str, int] = {}  # counted when the record does not say
        open_button = QPushButton(tr("gui.open_again"))
        open_button.clicked.connect(self._open)
        verify_button = QPushButton(tr("gui.verify_again"))
        verify_button.clicked.connect(self._verify)
        self.delete_button = QPushButton(tr("gui.record_delete"))
        self.delete_button.clicked.connect(self.ask_delete)
        self.feedback = QLabel("")
        self.empty = QLabel(tr("gui.records_empty"))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(open_button)
        top.addWidget(verify_button)
        top.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.feedback)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.reload()

    def reload(self) -> None:
        self.worker.submit(load_records, self._loaded, self._failed)

    def _loaded(self, loaded: tuple[list[Record], list[str]]) -> None:
        self.records, notices = loaded
        if notices:
            self._say(" ".join(notices), error=True)
        self._show()

    def _failed(self, e: BaseException) -> None:
        self._say(tr("err.store", detail=message_of(e)), error=True)

    def shown(self) -> list[Record]:
        words = self.search.text().strip().lower()
        return [
            r
            for r in self.records
            if not words or words in r.name.lower() or words in r.signer.lower()
        ]

    def _show(self) -> None:
        rows = self.shown()
        fill(
            self.table,
            [
                [
                    r.name,
                    str(r.pages or self.page_counts.get(r.output, "")),
                    r.signer,
                    r.seals,
                    r.date,
                ]
                for r in rows
            ],
        )
        for i, r in enumerate(rows):
            self.table.item(i, 0).setToolTip(
                tr("gui.record_missing", path=r.output) if r.output in self.missing else r.output
            )
            icon = self.thumbs.get(r.output)
            if icon is not None:
                self.table.item(i, 0).setIcon(icon)
        self.empty.setVisible(not self.records)
        self._make_thumbs([r.output for r in rows[:MAX_THUMBS] if r.output not in self.thumbs])

    def _make_thumbs(self, outputs: list[str]) -> None:
        """Render the first page of each signed file on the worker (a missing file: none)."""
        if not outputs:
            return
        for output in outputs:
            self.thumbs[output] = None
        dpr = self.devicePixelRatioF()
        height = THUMB_SIZE.height() * dpr

        def work() -> list[tuple[str, QImage | None, int]]:
            from sealdesk.desktop.gui.scene_items import _image
            from sealdesk.signing.pdf.render import open_pages

            made: list[tuple[str, QImage | None, int]] = []
            for output in outputs:
                try:
                    pages = open_pages(Path(output))
                    try:
                        _w, h_mm = pages.page_size_mm(0)
                        image = _image(pages.render(0, height / h_mm))
                        made.append((output, image, pages.page_count))
                    finally:
                        pages.close()
                except Exception:  # moved, deleted or unreadable: no preview
                    made.append((output, None, 0))
            return made

        def done(made: list[tuple[str, QImage | None, int]]) -> None:
            for output, image, count in made:
                if count:
                    self.page_counts[output] = count
                if image is None:
                    self.missing.add(output)
                else:
                    pixmap = QPixmap.fromImage(image)
                    pixmap.setDevicePixelRatio(dpr)
                    self.thumbs[output] = QIcon(pixmap)
            rows = self.shown()
            for i, r in enumerate(rows):
                icon = self.thumbs.get(r.output)
                item = self.table.item(i, 0)
                if item is None:
                    continue
                if not r.pages and r.output in self.page_counts:
                    self.table.item(i, 1).setText(str(self.page_counts[r.output]))
                if icon is not None:
                    item.setIcon(icon)
                elif r.output in self.missing:
                    item.setToolTip(tr("gui.record_missing", path=r.output))

        self.worker.submit(work, done)

    def ask_delete(self) -> None:
        """删除: forget the record, or also move the signed file to the trash."""
        record = self._selected()
        if record is None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(tr("gui.record_delete"))
        box.setText(tr("gui.record_delete_ask", name=record.name))
        forget = box.addButton(tr("gui.record_forget"), QMessageBox.ButtonRole.AcceptRole)
        trash = box.addButton(tr("gui.record_trash"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        forget.clicked.connect(lambda: self.delete([record], also_file=False))
        trash.clicked.connect(lambda: self.delete([record], also_file=True))
        self.delete_box = box
        box.open()

    def delete(self, records: list[Record], *, also_file: bool) -> None:
        """Remove these records (on the worker); ``also_file`` moves the signed files to the
        trash first and keeps the record of any that could not be moved."""
        outputs = {r.output for r in records}

        def work() -> tuple[tuple[list[Record], list[str]], list[str]]:
            kept: list[str] = []
            if also_file:
                for output in sorted(outputs):
                    if Path(output).exists() and not QFile.moveToTrash(output):
                        kept.append(output)
            return remove_records(outputs - set(kept)), kept

        def done(result: tuple[tuple[list[Record], list[str]], list[str]]) -> None:
            loaded, kept = result
            for output in outputs - set(kept):
                self.thumbs.pop(output, None)
            self._loaded(loaded)
            if kept:
                self._say(tr("gui.record_trash_failed", path="、".join(kept)), error=True)
            else:
                self._say(
                    tr(
                        "gui.record_deleted_file" if also_file else "gui.record_deleted",
                        count=len(outputs),
                    )
                )

        self.worker.submit(work, done, self._failed)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.feedback.setText(text)
        self.feedback.setStyleSheet("color: #c62828;" if error else "color: #1a7f37;")

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
