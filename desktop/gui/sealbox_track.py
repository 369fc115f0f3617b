"""Where boxes are used, on the 印控 page: 本机位置 (this computer's place, a setting sent with
every box it reaches: the box's 使用位置 and last known position) above the tabs, and 轨迹…
on a box: its last known position and newest 100 uses, searched by 用印时间, 使用人 and
使用位置 (each alone or together, by a part of them, in any case), asked of the platform off
the GUI thread; what is wrong with the search is said in the dialog before anything is sent.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from sealdesk.app import sealbox_track
from sealdesk.app.platform import InvalidInput
from sealdesk.app.settings import SettingsError
from sealdesk.desktop.gui.platform_dialogs import FormDialog
from sealdesk.desktop.gui.sealbox_common import (
    ERROR,
    MUTED,
    Json,
    cause_words,
    cell,
    fill_row,
    fit,
    make_table,
    time_ms,
)
from sealdesk.desktop.gui.worker import message_of
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    from sealdesk.app.sealbox import Keeper
    from sealdesk.desktop.gui.sealbox_page import SealboxPage

TRACK_COLUMNS = ("time", "user", "place", "use")


class PlaceBar(QWidget):
    """本机位置 and 保存位置: kept in the settings file at once (no platform call)."""

    def __init__(self, page: SealboxPage) -> None:
        super().__init__()
        self.page = page
        label = QLabel(tr("gui.sb_place"))
        self.edit = QLineEdit(sealbox_track.place())
        self.edit.setAccessibleName(tr("gui.sb_place"))
        self.edit.setPlaceholderText(tr("gui.sb_place_hint"))
        self.edit.setToolTip(tr("gui.sb_place_tip"))
        self.edit.setMinimumWidth(220)
        self.edit.returnPressed.connect(self.save)
        self.save_button = QPushButton(tr("gui.sb_place_save"))
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.edit, 1)
        row.addWidget(self.save_button)

    def save(self) -> None:
        try:
            kept = sealbox_track.set_place(self.edit.text())
        except (InvalidInput, SettingsError, OSError) as e:
            self.edit.setFocus()
            self.page.say(message_of(e), error=True)
            return
        self.edit.setText(kept)
        self.page.say(tr("gui.sb_place_saved", place=kept) if kept else tr("gui.sb_place_cleared"))


def position_words(box: Json) -> str:
    place = box.get("place")
    if not place:
        return tr("gui.sb_track_position_unknown")
    return tr("gui.sb_track_position", place=place, at=time_ms(box.get("place_ms")))


class TrackDialog(FormDialog):
    """轨迹 of one box: the search above (empty: no condition), the uses below, newest first;
    搜索 asks again, the dialog stays open."""

    def __init__(self, parent: QWidget | None, box: Json) -> None:
        super().__init__(parent, tr("gui.sb_track_title", box=box["name"]))
        self.box = box
        self.position = QLabel(position_words(box))
        self.position.setWordWrap(True)
        self.start = _line("gui.sb_track_from", "gui.sb_track_time_hint")
        self.end = _line("gui.sb_track_to", "gui.sb_track_time_hint")
        self.person = _line("gui.sb_col_user", "gui.sb_track_person_hint")
        self.place = _line("gui.sb_col_place", "gui.sb_track_place_hint")
        form = QFormLayout()
        for label, widget in (
            ("gui.sb_track_from", self.start),
            ("gui.sb_track_to", self.end),
            ("gui.sb_col_user", self.person),
            ("gui.sb_col_place", self.place),
        ):
            form.addRow(tr(label), widget)
        self.table = make_table(TRACK_COLUMNS, "gui.sb_track")
        self.table.setMinimumHeight(220)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {MUTED};")
        self.sms_note = QLabel("")  # the uses' SMS not sent (50 a day, no phone)
        self.sms_note.setWordWrap(True)
        self.sms_note.setStyleSheet(f"color: {ERROR};")
        self.sms_note.setVisible(False)
        self.body.addWidget(self.position)
        self.body.addLayout(form)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.note)
        self.body.addWidget(self.sms_note)
        self.ok.setText(tr("gui.sb_track_search"))
        self.buttons.button(self.buttons.StandardButton.Cancel).setText(tr("gui.sb_flow_close"))
        self.setMinimumWidth(640)
        self.finish(self.person)

    def values(self) -> tuple[int | None, int | None, str, str]:
        """The search (times in ms); :meth:`check` passed."""
        return (
            sealbox_track.parse_time(self.start.text()),
            sealbox_track.parse_time(self.end.text(), end=True),
            self.person.text(),
            self.place.text(),
        )

    def check(self) -> str:
        fields: dict[str, QWidget] = {
            "person_search": self.person,
            "place_search": self.place,
            "track_range": self.end,
        }
        try:
            try:
                start = sealbox_track.parse_time(self.start.text())
            except InvalidInput:
                self.start.setFocus()
                raise
            try:
                end = sealbox_track.parse_time(self.end.text(), end=True)
            except InvalidInput:
                self.end.setFocus()
                raise
            sealbox_track.check_search(start, end, self.person.text(), self.place.text())
        except InvalidInput as e:
            widget = fields.get(e.field)
            if widget is not None:
                widget.setFocus()
            return message_of(e)
        return ""

    def show_track(self, result: Json) -> None:
        """``result``: the platform's 轨迹, and under ``sms`` what it texted about the box's
        uses (those the caller may see)."""
        self.set_busy(False)
        unsent = Counter(s["state"] for s in result["sms"]["sms"] if s["kind"] == "use")
        words = [
            tr(f"gui.sb_track_sms_{state}", n=unsent[state])
            for state in ("capped", "no_phone")
            if unsent[state]
        ]
        self.sms_note.setText(" ".join(words))
        self.sms_note.setVisible(bool(words))
        self.position.setText(position_words(result["box"]))
        uses: list[Json] = result["track"]
        table = self.table
        table.setRowCount(len(uses))
        for row, r in enumerate(uses):
            stamp = r["kind"] == "stamp"
            fill_row(
                table,
                row,
                (
                    cell(time_ms(r["time_ms"]), r["id"]),
                    cell(r.get("user_name") or r.get("user_id") or "-"),
                    cell(r.get("place") or tr("cli.sb_place_unknown")),
                    cell(
                        tr("cli.sb_record_stamp", used=r["used"])
                        if stamp
                        else cause_words(r.get("cause")),
                        color=None if stamp else ERROR,
                    ),
                ),
            )
        fit(table)
        if not uses:
            self.note.setText(tr("cli.sb_track_none"))
        elif not result["all"]:
            self.note.setText(tr("gui.sb_track_own"))
        else:
            self.note.setText(tr("gui.sb_track_count", count=len(uses)))


def _line(name: str, hint: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(tr(name))
    edit.setPlaceholderText(tr(hint))
    edit.setMaxLength(200)
    return edit


def open_track(page: SealboxPage) -> None:
    """轨迹… on the chosen box: the dialog opens and asks for the newest uses at once."""
    box = page.selected_box()
    if box is None:
        return
    dialog = TrackDialog(page, box)

    def search() -> None:
        start, end, person, place = dialog.values()

        async def work(k: Keeper) -> Any:
            found = await sealbox_track.track(
                k, box["id"], from_ms=start, to_ms=end, person=person, place=place
            )
            return {**found, "sms": await sealbox_track.sms(k, box=box["id"])}

        page.keeper(
            work, dialog.show_track, text=tr("gui.sb_loading"), failed=page.in_dialog(dialog)
        )

    dialog.submitted.connect(search)
    page.open_dialog(dialog)
    dialog.set_busy(True)
    search()
