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

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sealdesk.desktop.gui.key_service import KeyService
from sealdesk.desktop.gui.keyboard import keyboard_ready, tab_chain
from sealdesk.desktop.gui.pin_dialog import PinDialog
from sealdesk.desktop.gui.scene_items import (
    PageItem,
    SealChoice,
    StripItem,
    _warm_up,
)
from sealdesk.desktop.gui.worker import Worker
from sealdesk.desktop.gui.workspace_document import DocumentPane
from sealdesk.desktop.gui.workspace_placement import PlacementPane
from sealdesk.desktop.gui.workspace_signing import SigningPane
from sealdesk.desktop.i18n import tr


class Workspace(DocumentPane, PlacementPane, SigningPane, QWidget):
    """Open a PDF, drop seals on its pages, 完成签署."""

    first_page_shown = Signal(float)  # ms from open_file to the first page's pixels
    opened = Signal(str)
    signed = Signal(object)  # SignOutcome of a successful run
    verify_requested = Signal(str)

    def __init__(self, service: KeyService) -> None:
        super().__init__()
        self.service = service
        self.renderer = Worker("sealdesk-render", self)
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
        self.confirm_dialog: Any = None  # ConfirmDialog, loaded when signing is asked for
        self._planned: Any = None  # the confirmed signing waiting for its PIN
        self._hit_items: list[Any] = []  # where the keyword will stamp, shown on the pages
        self.pdf_password: str | None = None  # the open PDF's, in memory while it is open
        self.password_dialog: Any = None

        self._build_document_view()
        self._build_seal_tools()
        self._build_signing_panel()

        side = QVBoxLayout()
        seals_label = QLabel(tr("gui.seals_hint"))
        seals_label.setWordWrap(True)
        seals_label.setBuddy(self.seal_list)
        self.seal_list.setAccessibleName(tr("gui.seals_hint"))
        self.seal_list.setToolTip(tr("gui.drag_hint"))
        side.addWidget(seals_label)
        side.addWidget(self.seal_list, 1)
        side.addWidget(self.add_image_button)
        side.addLayout(self.size_row)
        side.addWidget(self.cross)
        side.addWidget(self.edge)
        self.edge.setEnabled(False)
        side.addLayout(self.cross_range_row)
        side.addLayout(self.cross_group_row)
        side.addWidget(self.keyword_box)
        side.addWidget(self.qr)
        side.addWidget(self.qr_note)
        side.addWidget(self.queue_box)
        side_widget = QWidget()
        side_widget.setLayout(side)

        tools = self.tools
        tools.addSpacing(12)
        tools.addWidget(self.sign_button)

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
        layout.addLayout(self.message_row)
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
            *self.tool_buttons,
            self.thumbs,
            self.view,
            self.sign_button,
            self.verify_button,
            self.cancel_button,
            self.seal_list,
            self.add_image_button,
            self.size_spin,
            self.cross,
            self.edge,
            self.cross_from,
            self.cross_to,
            self.cross_group,
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
