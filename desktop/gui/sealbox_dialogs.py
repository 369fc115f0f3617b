"""The 印控 page's dialogs: 绑定印章盒 (scan, choose a box, name it), 下发授权 (person, count,
window, mode, flags), 设置 (backlight, auto-off), the reason of a 驳回, a box's 管章人 and the
activation code of a 预先授权. Each checks its
values through the application layer (sealdesk.app.sealbox_view) and says what is wrong under
its fields; it stays open, 确定 disabled, while the page sends them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from sealdesk.app import sealbox_view
from sealdesk.app.platform import InvalidInput
from sealdesk.desktop.gui.platform_dialogs import FormDialog
from sealdesk.desktop.gui.worker import message_of
from sealdesk.desktop.i18n import tr
from sealdesk.sealbox.session import FoundBox
from sealdesk.sealbox.usage import USAGE_MODES


def _when(seconds: int | None) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(seconds)) if seconds else QDateTime()


def window_edits(start: QDateTime, end: QDateTime) -> tuple[QDateTimeEdit, QDateTimeEdit]:
    """开始时间 and 结束时间, to the minute, with a calendar."""
    edits = QDateTimeEdit(start), QDateTimeEdit(end)
    for edit, key in zip(edits, ("gui.sb_start", "gui.sb_end"), strict=True):
        edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        edit.setCalendarPopup(True)
        edit.setAccessibleName(tr(key))
    return edits


def local_minutes(seconds: int | float | None) -> str:
    """Seconds since the epoch as this computer's local time, to the minute."""
    if not seconds:
        return "-"
    return dt.datetime.fromtimestamp(seconds).astimezone().strftime("%Y-%m-%d %H:%M")


class BindDialog(FormDialog):
    """绑定印章盒: 扫描 lists the boxes the radio hears (those bound here said so), one is
    chosen and named (设备名称, 备注); 绑定 then, and the page binds it on the platform and the
    box. ``scan_requested`` asks the page to scan (it calls :meth:`show_found`)."""

    scan_requested = Signal()

    def __init__(self, parent: QWidget | None, bound: list[dict[str, Any]]) -> None:
        super().__init__(parent, tr("gui.sb_bind_title"))
        self.bound = {str(b.get("address") or "").upper(): b for b in bound}
        hint = QLabel(tr("gui.sb_bind_hint"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.found = QListWidget()
        self.found.setAccessibleName(tr("gui.sb_found"))
        self.found.setMinimumHeight(140)
        self.found.currentRowChanged.connect(self._chosen)
        self.scan_button = QPushButton(tr("gui.sb_scan"))
        self.scan_button.clicked.connect(self._scan)
        self.scan_state = QLabel("")
        self.scan_state.setStyleSheet("color: #555;")
        row = QHBoxLayout()
        row.addWidget(self.scan_button)
        row.addWidget(self.scan_state, 1)
        self.name = QLineEdit()
        self.name.setMaxLength(50)
        self.name.setAccessibleName(tr("gui.sb_box_name"))
        self.name.setPlaceholderText(tr("gui.sb_box_name_hint"))
        self.note = QLineEdit()
        self.note.setMaxLength(100)
        self.note.setAccessibleName(tr("gui.sb_box_note"))
        form = QFormLayout()
        form.addRow(tr("gui.sb_box_name"), self.name)
        form.addRow(tr("gui.sb_box_note"), self.note)
        self.body.addWidget(hint)
        self.body.addLayout(row)
        self.body.addWidget(self.found, 1)
        self.body.addLayout(form)
        self.ok.setText(tr("gui.sb_bind"))
        self.setMinimumWidth(480)
        self.finish(self.scan_button)

    def _scan(self) -> None:
        self.scan_button.setEnabled(False)
        self.scan_state.setText(tr("gui.sb_scanning"))
        self.scan_requested.emit()

    def show_found(self, boxes: list[FoundBox] | None, problem: str = "") -> None:
        """What the scan heard (None and ``problem``: it could not)."""
        self.scan_button.setEnabled(True)
        self.found.clear()
        if boxes is None:
            self.scan_state.setText("")
            self.show_problem(problem)
            return
        self.problem.setVisible(False)
        for box in boxes:
            bound = self.bound.get(box.address.upper())
            text = f"{box.name}    {box.address}    {box.rssi if box.rssi is not None else '-'} dBm"
            if bound:
                text += "    " + tr("gui.sb_already_bound", name=bound["name"])
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, box.address)
            if bound:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.found.addItem(item)
        self.scan_state.setText(tr("gui.sb_scan_found", count=len(boxes)))
        free = [i for i in range(self.found.count()) if self.found.item(i).flags() & _ENABLED]
        if len(free) == 1:
            self.found.setCurrentRow(free[0])

    def _chosen(self, row: int) -> None:
        item = self.found.item(row) if row >= 0 else None
        if item is not None and not self.name.text().strip():
            self.name.setFocus()

    def address(self) -> str:
        item = self.found.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def check(self) -> str:
        if not self.address():
            return tr("gui.sb_choose_box")
        name = self.name.text().strip()
        if not name:
            return tr("err.input.box_name.empty")
        return ""


_ENABLED = Qt.ItemFlag.ItemIsEnabled


class GrantDialog(FormDialog):
    """下发授权 on one box: 使用人 (or the application's), 次数 (0–500, 0 = 不限, typed),
    开始/结束时间, 授权方式 (直接授权 / 预先授权; 预先授权 chosen when ``in_use``, the box's grant
    in use, is given: only those may wait), 使用模式 (物理/电子印章模式), 用印区域 (≤ 50, the
    application's by default), 盖章拍照, 校验指纹 (only a box with the capability), 强制上传记录,
    通知. :meth:`values` once 确定 passed the checks."""

    def __init__(
        self,
        parent: QWidget | None,
        box: dict[str, Any],
        people: list[dict[str, Any]],
        application: dict[str, Any] | None = None,
        in_use: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent, tr("gui.sb_grant_title", box=box["name"]))
        self.box = box
        self.application = application
        self.user = QComboBox()
        self.user.setAccessibleName(tr("gui.sb_grantee"))
        if application is None:
            self.user.addItem(tr("gui.sb_choose_person"), None)
            for p in people:
                if p.get("status", "active") == "active":
                    phone = f"（{p['phone']}）" if p.get("phone") else ""
                    self.user.addItem(f"{p['name']}{phone}", p["id"])
        else:
            self.user.addItem(str(application.get("applicant_name") or "?"), None)
            self.user.setEnabled(False)
        self.count = QLineEdit("" if application is None else str(application["count"]))
        self.count.setAccessibleName(tr("gui.sb_count"))
        self.count.setPlaceholderText(tr("gui.sb_count_hint"))
        self.count.setMaxLength(6)
        now = QDateTime.currentDateTime()
        self.start, self.end = window_edits(
            _when(application.get("not_before")) if application else now,
            _when(application["not_after"]) if application else now.addSecs(2 * 3600),
        )
        if application is not None and not application.get("not_before"):
            self.start.setDateTime(now)
        self.mode = QComboBox()
        self.mode.addItem(tr("gui.sb_mode_direct"), False)
        self.mode.addItem(tr("gui.sb_mode_pre"), True)
        self.mode.setAccessibleName(tr("gui.sb_mode"))
        self.usage = QComboBox()
        for usage in USAGE_MODES:
            self.usage.addItem(tr(f"sb.usage_{usage}"), usage)
        self.usage.setAccessibleName(tr("gui.sb_usage_mode"))
        self.area = QLineEdit(str(application.get("area") or "") if application else "")
        self.area.setAccessibleName(tr("gui.sb_grant_area"))
        self.area.setPlaceholderText(tr("gui.sb_grant_area_hint"))
        self.area.setMaxLength(80)  # over 50 is typed, then said (not cut)
        if in_use is not None:  # only a 预先授权 may wait while someone uses the box
            self.mode.setCurrentIndex(1)
            busy = QLabel(tr("gui.sb_in_use_pre_only", user=in_use.get("user_name") or "?"))
            busy.setWordWrap(True)
            self.body.addWidget(busy)
        self.photo = QCheckBox(tr("gui.sb_flag_photo"))
        self.photo.setChecked(True)
        self.fingerprint = QCheckBox(tr("gui.sb_flag_fingerprint"))
        self.fingerprint.setEnabled(bool(box.get("fingerprint")))
        if not box.get("fingerprint"):
            self.fingerprint.setToolTip(tr("gui.sb_no_fingerprint"))
        self.force_upload = QCheckBox(tr("gui.sb_flag_force_upload"))
        self.notify = QCheckBox(tr("gui.sb_flag_notify"))
        flags = QHBoxLayout()
        for box_widget in (self.photo, self.fingerprint, self.force_upload, self.notify):
            flags.addWidget(box_widget)
        flags.addStretch(1)
        form = QFormLayout()
        form.addRow(tr("gui.sb_grantee"), self.user)
        form.addRow(tr("gui.sb_count"), self.count)
        form.addRow(tr("gui.sb_start"), self.start)
        form.addRow(tr("gui.sb_end"), self.end)
        form.addRow(tr("gui.sb_mode"), self.mode)
        form.addRow(tr("gui.sb_usage_mode"), self.usage)
        form.addRow(tr("gui.sb_grant_area"), self.area)
        form.addRow(tr("gui.sb_flags"), flags)
        self.body.addLayout(form)
        self.ok.setText(tr("gui.sb_grant"))
        self.setMinimumWidth(560)
        self.finish(self.user if application is None else self.count)

    def values(self) -> sealbox_view.GrantValues:
        return sealbox_view.GrantValues(
            user_id=self.user.currentData(),
            count=self.count.text(),
            not_before=self.start.dateTime().toSecsSinceEpoch(),
            not_after=self.end.dateTime().toSecsSinceEpoch(),
            preauthorized=bool(self.mode.currentData()),
            photo=self.photo.isChecked(),
            fingerprint=self.fingerprint.isChecked(),
            force_upload=self.force_upload.isChecked(),
            notify=self.notify.isChecked(),
            application_id=self.application["id"] if self.application else None,
            usage_mode=str(self.usage.currentData()),
            area=self.area.text(),
        )

    def check(self) -> str:
        try:
            sealbox_view.check_grant(self.values())
        except InvalidInput as e:
            focus = {
                "count": self.count,
                "window": self.end,
                "grantee": self.user,
                "grant_area": self.area,
                "usage_mode": self.usage,
            }
            widget = focus.get(e.field)
            if widget is not None:
                widget.setFocus()
            return message_of(e)
        return ""


class SettingsDialog(FormDialog):
    """背光 (0–180 s), 自动关机 (0–30 min, 0 = never) and 无网络设置 (turned on with the
    主管理员's code; 获取验证码 shows it to the 主管理员) of one box."""

    code_requested = Signal()

    def __init__(
        self, parent: QWidget | None, box: dict[str, Any], *, may_get_code: bool = False
    ) -> None:
        super().__init__(parent, tr("gui.sb_settings_title", box=box["name"]))
        kept = box.get("settings") or {}
        self.backlight = QSpinBox()
        self.backlight.setRange(-1, 9999)  # out of range is typed, then said (not clamped)
        self.backlight.setValue(int(kept.get("backlight") or 0))
        self.backlight.setSuffix(tr("gui.sb_seconds"))
        self.backlight.setAccessibleName(tr("gui.sb_backlight"))
        self.auto_off = QSpinBox()
        self.auto_off.setRange(-1, 9999)
        self.auto_off.setValue(int(kept.get("auto_off") or 0))
        self.auto_off.setSuffix(tr("gui.sb_minutes"))
        self.auto_off.setAccessibleName(tr("gui.sb_auto_off"))
        self.was_offline = bool(kept.get("offline"))
        self.offline = QCheckBox(tr("gui.sb_offline_mode"))
        self.offline.setChecked(self.was_offline)
        self.code = QLineEdit()
        self.code.setMaxLength(6)
        self.code.setPlaceholderText(tr("gui.sb_offline_code_hint"))
        self.code.setAccessibleName(tr("gui.sb_offline_code"))
        self.code_button = QPushButton(tr("gui.sb_get_code"))
        self.code_button.setVisible(may_get_code)
        self.code_button.clicked.connect(self._ask_code)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.code_button)
        form = QFormLayout()
        form.addRow(tr("gui.sb_backlight"), self.backlight)
        form.addRow(tr("gui.sb_auto_off"), self.auto_off)
        # as wide as its words (a form stretches its fields: a click beside them did nothing)
        self.offline.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        offline_hint = QLabel(tr("gui.sb_offline_mode_hint"))
        offline_hint.setWordWrap(True)
        offline_hint.setStyleSheet("color: #555;")
        form.addRow(tr("gui.sb_offline_title"), self.offline)
        form.addRow("", offline_hint)
        form.addRow(tr("gui.sb_offline_code"), code_row)
        note = QLabel(tr("gui.sb_settings_note"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.body.addLayout(form)
        self.body.addWidget(note)
        self.setMinimumWidth(520)
        self.ok.setText(tr("gui.save"))
        self.finish(self.backlight)

    def _ask_code(self) -> None:
        self.code_button.setEnabled(False)
        self.code_requested.emit()

    def show_code(self, code: str) -> None:
        self.code_button.setEnabled(True)
        self.code.setText(code)

    def offline_change(self) -> bool | None:
        """无网络设置 turned on or off here (None: left as it was)."""
        on = self.offline.isChecked()
        return None if on == self.was_offline else on

    def check(self) -> str:
        try:
            sealbox_view.check_settings(
                self.backlight.value(),
                self.auto_off.value(),
                offline=self.offline_change(),
                code=self.code.text(),
            )
        except InvalidInput as e:
            return message_of(e)
        return ""


class ReasonDialog(FormDialog):
    """驳回 (a reason required) or 通过 (a reason optional) of an application."""

    def __init__(self, parent: QWidget | None, application: dict[str, Any], *, reject: bool):
        super().__init__(
            parent,
            tr("gui.sb_reject_title" if reject else "gui.sb_approve_title"),
        )
        self.required = reject
        what = QLabel(
            tr(
                "gui.sb_application_line",
                who=application.get("applicant_name") or "?",
                reason=application["reason"],
                count=application["count"] or tr("gui.sb_unlimited"),
            )
        )
        what.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setMaxLength(sealbox_view.MAX_REASON + 20)
        self.reason.setAccessibleName(tr("gui.sb_decision_reason"))
        self.reason.setPlaceholderText(
            tr("gui.sb_reason_required" if reject else "gui.sb_reason_optional")
        )
        form = QFormLayout()
        form.addRow(tr("gui.sb_decision_reason"), self.reason)
        self.body.addWidget(what)
        self.body.addLayout(form)
        self.ok.setText(tr("gui.sb_reject" if reject else "gui.sb_approve"))
        self.finish(self.reason)

    def check(self) -> str:
        try:
            sealbox_view.check_reason(self.reason.text(), required=self.required)
        except InvalidInput as e:
            return message_of(e)
        return ""


class KeepersDialog(FormDialog):
    """管章人 of one box: the unit's people in service (from this computer's copy of the
    platform, as the 平台 page last synced it), those holding 管章人 first; at most three
    ticked. The platform refuses anyone without the role (said here), and keepers another
    admin changed since the box was shown (then the box as it is now is ticked: :meth:`show_box`).
    ``box``: the box as shown, whose ``keepers_seq`` the change is made on."""

    def __init__(
        self, parent: QWidget | None, box: dict[str, Any], people: list[dict[str, Any]]
    ) -> None:
        super().__init__(parent, tr("gui.sb_keepers_title", box=box["name"]))
        self.box = box
        kept = {k["id"] for k in box.get("keepers", [])}
        hint = QLabel(tr("gui.sb_keepers_hint", most=sealbox_view.MAX_KEEPERS))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.people = QTreeWidget()
        self.people.setAccessibleName(tr("gui.sb_keepers_list"))
        self.people.setRootIsDecorated(False)
        self.people.setMinimumHeight(180)
        self.people.setHeaderLabels(
            [tr("gui.platform_col_name"), tr("gui.platform_col_phone"), tr("gui.platform_col_role")]
        )
        active = [p for p in people if p.get("status", "active") == "active"]
        active.sort(key=lambda p: (not _is_keeper(p), p["id"] not in kept, p["name"]))
        for p in active:
            keeper = _is_keeper(p)
            role = tr("gui.sb_keeper_role" if keeper else "gui.sb_not_keeper_role")
            item = QTreeWidgetItem([p["name"], p.get("phone") or "-", role])
            item.setData(0, Qt.ItemDataRole.UserRole, p["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = p["id"] in kept
            item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            if not keeper:
                item.setForeground(2, QColor("#888"))
            self.people.addTopLevelItem(item)
        for column in range(3):
            self.people.resizeColumnToContents(column)
        self.count = QLabel("")
        self.count.setStyleSheet("color: #555;")
        self.people.itemChanged.connect(self._counted)
        self.body.addWidget(hint)
        if not active:
            none = QLabel(tr("gui.sb_keepers_nobody"))
            none.setWordWrap(True)
            self.body.addWidget(none)
        self.body.addWidget(self.people, 1)
        self.body.addWidget(self.count)
        self.ok.setText(tr("gui.save"))
        self.setMinimumWidth(480)
        self._counted()
        self.finish(self.people)

    def show_box(self, box: dict[str, Any]) -> None:
        """The box as it is now: its keepers ticked, the next change made on its version."""
        self.box = box
        kept = {k["id"] for k in box.get("keepers", [])}
        for i in range(self.people.topLevelItemCount()):
            item = self.people.topLevelItem(i)
            if item is not None:
                ticked = item.data(0, Qt.ItemDataRole.UserRole) in kept
                item.setCheckState(0, Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def _counted(self, *_: object) -> None:
        self.count.setText(
            tr("gui.sb_keepers_chosen", count=len(self.values()), most=sealbox_view.MAX_KEEPERS)
        )

    def values(self) -> list[str]:
        """The ticked people's ids, in the list's order."""
        items = (self.people.topLevelItem(i) for i in range(self.people.topLevelItemCount()))
        return [
            str(i.data(0, Qt.ItemDataRole.UserRole))
            for i in items
            if i is not None and i.checkState(0) == Qt.CheckState.Checked
        ]

    def check(self) -> str:
        try:
            sealbox_view.check_keepers(self.values())
        except InvalidInput as e:
            return message_of(e)
        return ""


def _is_keeper(person: dict[str, Any]) -> bool:
    return sealbox_view.KEEPER_ROLE in (person.get("roles") or [])


class ActivateDialog(FormDialog):
    """激活预先授权: the grantee types the 6-digit code the keeper gave; the platform checks it
    (5 tries in all, the tries left said after a wrong one), then the box."""

    def __init__(self, parent: QWidget | None, box: dict[str, Any], grant: dict[str, Any]):
        super().__init__(parent, tr("gui.sb_activate_title", box=box["name"]))
        left = max(0, sealbox_view.ACTIVATION_TRIES - int(grant.get("activation_tries") or 0))
        what = QLabel(
            tr(
                "gui.sb_activate_hint",
                user=grant.get("user_name") or "?",
                count=grant.get("count") or tr("gui.sb_unlimited"),
                start=local_minutes(grant.get("not_before")),
                end=local_minutes(grant.get("not_after")),
                left=left,
            )
        )
        what.setWordWrap(True)
        self.code = QLineEdit()
        self.code.setMaxLength(6)
        self.code.setAccessibleName(tr("gui.sb_activation_code_field"))
        self.code.setPlaceholderText(tr("gui.sb_activation_code_hint"))
        form = QFormLayout()
        form.addRow(tr("gui.sb_activation_code_field"), self.code)
        self.body.addWidget(what)
        self.body.addLayout(form)
        self.ok.setText(tr("gui.sb_activate"))
        self.finish(self.code)

    def check(self) -> str:
        try:
            sealbox_view.check_activation_code(self.code.text())
        except InvalidInput as e:
            self.code.setFocus()
            return message_of(e)
        return ""
