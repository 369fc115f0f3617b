"""文件图片 and 文件附件 in the 印控 page: the files picked for a 用印申请 in its dialog (each
checked by its bytes when it is added, listed, one removable), and the chosen application's
files below the 用印申请 list (下载文件… saves the chosen one; 添加文件… sends more while the
person's own application waits for its approvers). The file dialogs are Qt's own (the same
on every system); uploads and downloads run on the page's worker with progress."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sealdesk.app import sealbox_files
from sealdesk.app.sealbox import Keeper
from sealdesk.app.sealbox_files import Picked
from sealdesk.desktop.errors import appfile_words
from sealdesk.desktop.gui.platform_dialogs import confirm
from sealdesk.desktop.gui.sealbox_common import MUTED, Json
from sealdesk.desktop.i18n import tr
from sealdesk.desktop.platform_words import file_line
from sealdesk.sealbox import appfiles
from sealdesk.sealbox.appfiles import AppFileError

if TYPE_CHECKING:
    from sealdesk.desktop.gui.sealbox_page import SealboxPage


def file_dialog(parent: QWidget, title: str, name_filter: str, *, save: str = "") -> QFileDialog:
    """Qt's own file dialog (not the system's: alike everywhere, and a test can type a path
    into it), window-modal; ``save``: the name a save dialog proposes."""
    dialog = QFileDialog(parent, title, str(Path.home()), name_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.selectFile(save)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    return dialog


def _filters() -> dict[str, str]:
    return {"image": tr("gui.sb_image_filter"), "attachment": tr("gui.sb_attachment_filter")}


def limits_hint() -> str:
    return tr(
        "gui.sb_files_hint",
        images=appfiles.MAX_IMAGES,
        attachments=appfiles.MAX_ATTACHMENTS,
        kb=appfiles.MAX_FILE // 1024,
    )


def _file_list(name: str) -> QListWidget:
    files = QListWidget()
    files.setAccessibleName(tr(name))
    files.setMaximumHeight(110)
    return files


def _add_buttons(open_kind: Callable[[str], None]) -> tuple[QPushButton, QPushButton]:
    """添加图片… and 添加附件…, each opening ``open_kind`` with its kind."""
    image = QPushButton(tr("gui.sb_add_image"))
    image.clicked.connect(lambda: open_kind("image"))
    attachment = QPushButton(tr("gui.sb_add_attachment"))
    attachment.clicked.connect(lambda: open_kind("attachment"))
    return image, attachment


def _stack(owner: QWidget, files: QListWidget, buttons: tuple[QPushButton, ...]) -> QVBoxLayout:
    """The list, and the buttons in a row below it."""
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(files)
    layout.addLayout(row)
    return layout


class FilePicker(QWidget):
    """添加图片… / 添加附件… / 移除 and the files picked, each checked as it is added (a file
    refused is said through ``say`` and not listed)."""

    def __init__(self, say: Callable[[str], None]) -> None:
        super().__init__()
        self.say = say
        self.picked: list[Picked] = []
        self.file_dialog: QFileDialog | None = None  # the one open (tests type into it)
        self.list = _file_list("gui.sb_files")
        self.list.itemSelectionChanged.connect(self._update)
        self.add_image, self.add_attachment = _add_buttons(self.open_picker)
        self.remove = QPushButton(tr("gui.sb_remove_file"))
        self.remove.clicked.connect(self.remove_chosen)
        hint = QLabel(limits_hint())
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {MUTED};")
        layout = _stack(self, self.list, (self.add_image, self.add_attachment, self.remove))
        layout.addWidget(hint)
        self._update()

    def open_picker(self, kind: str) -> None:
        dialog = file_dialog(self, tr(f"gui.sb_choose_{kind}"), _filters()[kind])
        dialog.fileSelected.connect(lambda path: self.add(kind, Path(path)))
        self.file_dialog = dialog
        dialog.open()

    def add(self, kind: str, path: Path) -> None:
        """The file checked (its bytes, its size, the application's limits) and listed."""
        images = [p.path for p in self.picked if p.kind == "image"]
        others = [p.path for p in self.picked if p.kind == "attachment"]
        (images if kind == "image" else others).append(path)
        try:
            picked = sealbox_files.read_files(images, others)
        except AppFileError as e:
            self.say(appfile_words(e))
            return
        self.say("")
        self.picked = picked
        self._fill()

    def remove_chosen(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.picked):
            del self.picked[row]
            self._fill()

    def _fill(self) -> None:
        self.list.clear()
        for p in self.picked:
            self.list.addItem(tr(f"gui.sb_file_chosen_{p.kind}", name=p.name))
        self._update()

    def _update(self) -> None:
        self.remove.setEnabled(self.list.currentRow() >= 0)


class AppFiles(QWidget):
    """The chosen application's files: 下载文件… saves the chosen one; 添加文件… (the
    applicant, while it waits for its approvers) sends more."""

    def __init__(self, page: SealboxPage) -> None:
        super().__init__()
        self.page = page
        self.app: Json | None = None
        self._shown: list[str] = []  # the ids listed
        self.file_dialog: QFileDialog | None = None
        self.list = _file_list("gui.sb_app_files")
        self.list.itemSelectionChanged.connect(lambda: self.update_controls(not page.busy))
        self.download_button = QPushButton(tr("gui.sb_download_file"))
        self.download_button.clicked.connect(self.open_download)
        self.add_image, self.add_attachment = _add_buttons(self.open_add)
        self.delete_button = QPushButton(tr("gui.sb_delete_file"))  # one's own, still waiting
        self.delete_button.clicked.connect(self.ask_delete)
        buttons = (self.download_button, self.add_image, self.add_attachment, self.delete_button)
        _stack(self, self.list, buttons)

    def show_app(self, app: Json | None) -> None:
        """The files of ``app`` listed (the one chosen kept when it is the same)."""
        chosen = self.chosen()
        files = list(app.get("files") or []) if app else []
        same = self.app is not None and app is not None and self.app["id"] == app["id"]
        self.app = app
        self.setVisible(app is not None)
        if same and [f["id"] for f in files] == self._shown:
            return
        self._shown = [f["id"] for f in files]
        self.list.clear()
        for f in files:
            item = QListWidgetItem(file_line(f))
            item.setData(Qt.ItemDataRole.UserRole, f["id"])
            self.list.addItem(item)
            if chosen is not None and f["id"] == chosen["id"]:
                self.list.setCurrentItem(item)
        self.list.setVisible(bool(files))

    def chosen(self) -> Json | None:
        item = self.list.currentItem()
        if self.app is None or item is None:
            return None
        file_id = item.data(Qt.ItemDataRole.UserRole)
        return next((f for f in self.app.get("files") or [] if f["id"] == file_id), None)

    def update_controls(self, idle: bool) -> None:
        self.download_button.setEnabled(idle and self.chosen() is not None)
        mine = self.app is not None and self.app.get("applicant_id") == self.page.me()
        adding = idle and mine and self.app is not None and self.app["state"] == "pending"
        for button in (self.add_image, self.add_attachment, self.delete_button):
            button.setVisible(mine)
            button.setEnabled(adding)
        self.delete_button.setEnabled(adding and self.chosen() is not None)

    def open_download(self) -> None:
        f, app = self.chosen(), self.app
        if f is None or app is None:
            return
        dialog = file_dialog(self, tr("gui.sb_save_file"), "", save=str(f["name"]))
        dialog.fileSelected.connect(lambda path: self._download(app, f, Path(path)))
        self.file_dialog = dialog
        dialog.open()

    def _download(self, app: Json, f: Json, path: Path) -> None:
        page = self.page

        async def work(k: Keeper) -> Path:
            return await sealbox_files.save(k, app["id"], f["id"], path)

        def done(saved: Path) -> None:
            page.say(tr("gui.sb_downloaded", path=str(saved)))

        page.keeper(work, done, text=tr("gui.sb_downloading"))

    def ask_delete(self) -> None:
        f, app, page = self.chosen(), self.app, self.page
        if f is None or app is None:
            return
        page.confirm_box = confirm(
            page,
            tr("gui.sb_delete_file"),
            tr("gui.sb_delete_file_confirm", name=f["name"]),
            lambda: self._delete(app, f),
        )

    def _delete(self, app: Json, f: Json) -> None:
        """Taken off the platform (the applicant's, while it waits for its approvers)."""
        page = self.page

        async def work(k: Keeper) -> list[Json]:
            return await k.platform_call(k.api.delete_file, app["id"], f["id"])

        def done(_files: list[Json]) -> None:
            page.say(tr("gui.sb_file_deleted", name=f["name"]))
            page.refresh(scan=False)

        page.keeper(work, done, text=tr("gui.sb_saving"))

    def open_add(self, kind: str) -> None:
        app = self.app
        if app is None:
            return
        dialog = file_dialog(self, tr(f"gui.sb_choose_{kind}"), _filters()[kind])
        dialog.fileSelected.connect(lambda path: self._add(app, kind, Path(path)))
        self.file_dialog = dialog
        dialog.open()

    def _add(self, app: Json, kind: str, path: Path) -> None:
        page = self.page
        held = list(app.get("files") or [])
        paths: tuple[list[Path], list[Path]] = ([], [])
        paths[kind != "image"].append(path)
        try:
            picked = sealbox_files.read_files(*paths, held=held)
        except AppFileError as e:
            page.say(appfile_words(e), error=True)
            return

        async def work(k: Keeper) -> list[Json]:
            return await sealbox_files.upload(k, app, picked, page.report_progress)

        def done(files: list[Json]) -> None:
            page.say(tr("gui.sb_files_uploaded", count=len(picked)))
            page.refresh(scan=False)

        page.keeper(work, done, text=tr("gui.sb_stage_files", done=0, total=len(picked)))
