"""签署前确认: what signing will stamp on each file, the warnings, and what to do with signed
copies that exist — shown before the PIN, so nothing is signed that nobody looked at."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sealdesk.app.batch import Existing, PlannedFile
from sealdesk.desktop import i18n
from sealdesk.desktop.i18n import tr

EXISTING: tuple[Existing, ...] = ("new_name", "overwrite", "skip")


class ConfirmDialog(QDialog):
    """The plan of one signing, file by file; 继续 leads to the PIN."""

    def __init__(self, parent: QWidget | None, plan: Sequence[PlannedFile], stamps: str) -> None:
        super().__init__(parent)
        self.plan = list(plan)
        self.setWindowTitle(tr("gui.confirm_title"))
        self.setMinimumWidth(560)
        lead = QLabel(tr("gui.confirm_lead", count=len(self.plan), stamps=stamps))
        lead.setWordWrap(True)
        self.details = QTextBrowser()
        self.details.setHtml(self._details_html())
        self.details.setMinimumHeight(160)
        layout = QVBoxLayout(self)
        layout.addWidget(lead)
        layout.addWidget(self.details, 1)
        self.existing = QComboBox()
        for choice in EXISTING:
            self.existing.addItem(tr(f"gui.existing_{choice}"), choice)
        exists = sum(p.exists for p in self.plan)
        self.existing.setAccessibleName(tr("gui.existing_label", count=exists))
        if exists:
            form = QFormLayout()
            form.addRow(tr("gui.existing_label", count=exists), self.existing)
            layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("gui.confirm_go"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def choice(self) -> Existing:
        """What to do with signed copies that exist."""
        value: Existing = self.existing.currentData()
        return value

    def _details_html(self) -> str:
        lang = i18n.language()
        rows = []
        for planned in self.plan:
            line = f"<b>{html.escape(planned.source.name)}</b> → {html.escape(planned.target.name)}"
            if planned.exists:
                line += f' <span style="color:#b35c00">{tr("gui.confirm_exists")}</span>'
            notes = []
            if planned.unreadable:
                notes.append(f'<span style="color:#c62828">{tr("gui.confirm_unreadable")}</span>')
            if planned.keyword_hits is not None:
                hits = len(planned.keyword_hits)
                notes.append(
                    tr("gui.confirm_hits", count=hits)
                    if hits
                    else f'<span style="color:#c62828">{tr("gui.confirm_no_hits")}</span>'
                )
            notes += [
                f'<span style="color:#b35c00">⚠ {html.escape(w.message(lang))}</span>'
                for w in planned.warnings
            ]
            rows.append(line + "".join(f"<br>&nbsp;&nbsp;{note}" for note in notes))
        return "<p>" + "</p><p>".join(rows) + "</p>"
