"""The 平台 page's tabs 角色管理, 白名单, 操作日志 (人员管理 is in platform_people) and what they
share. Each shows the page's view (the local store) and asks the page for changes; what a person
may not do is disabled with the reason said, and offline everything is read-only."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sealdesk.desktop import i18n
from sealdesk.desktop.gui.home_page import table
from sealdesk.desktop.gui.platform_dialogs import confirm
from sealdesk.desktop.gui.platform_page import listed, local_time, platform, role_names
from sealdesk.desktop.i18n import MESSAGES, tr

if TYPE_CHECKING:
    from sealdesk.app import platform as _platform
    from sealdesk.desktop.gui.platform_page import Outcome, PlatformPage

ACTOR_ID = re.compile(r"\s*\([0-9a-f-]{36}\)$")  # "name (person id)" in the log


def note_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #666;")
    return label


def fill_rows(t: QTableWidget, rows: list[tuple[Any, list[str]]]) -> None:
    """Rows of text; the first cell of each carries ``key`` (an id) for the selection.

    The columns are fitted to their contents once, at the end: fitted after every cell (the
    header's ResizeToContents), 100 people took seconds of the GUI thread."""
    header = t.horizontalHeader()
    modes = [header.sectionResizeMode(c) for c in range(t.columnCount())]
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.setUpdatesEnabled(False)
    try:
        t.setRowCount(len(rows))
        for r, (key, cells) in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, key)
                t.setItem(r, c, item)
    finally:
        for c, mode in enumerate(modes):
            header.setSectionResizeMode(c, mode)
        t.setUpdatesEnabled(True)


def selected_key(t: QTableWidget) -> Any:
    row = t.currentRow()
    item = t.item(row, 0) if row >= 0 else None
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def select_key(t: QTableWidget, key: Any) -> None:
    for row in range(t.rowCount()):
        item = t.item(row, 0)
        if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
            t.selectRow(row)
            return


def permission_words(codes: list[str], roles: list[dict[str, Any]]) -> str:
    """What a role may do beyond what everyone in service (公务人员) may, by the server's
    table, in words."""
    everyone = {p for r in roles if r["code"] == "member" for p in r["permissions"]}
    words = [
        tr(f"perm.{code}") if f"perm.{code}" in MESSAGES else code
        for code in sorted(codes)
        if code not in everyone
    ]
    return listed(words)


def role_line(role: dict[str, Any], roles: list[dict[str, Any]]) -> str:
    """A role's duty (seed 004) and, when it has some, its rights on the platform now."""
    key = f"role.{role['code']}"
    duty = tr(key) if key in MESSAGES else ""
    rights = permission_words(role["permissions"], roles)
    if rights:
        return tr("gui.platform_role_rights", duty=duty, rights=rights) if duty else rights
    return duty


class Guarded(QStackedWidget):
    """A tab's content, or why this person cannot see it."""

    def __init__(self, content: QWidget) -> None:
        super().__init__()
        self.content = content
        self.why = QLabel("")
        self.why.setWordWrap(True)
        self.why.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.why.setStyleSheet("color: #6b4e00; font-size: 14px; padding: 40px;")
        self.addWidget(content)
        self.addWidget(self.why)

    def allow(self, allowed: bool, why: str) -> None:
        self.why.setText(why)
        self.setCurrentWidget(self.content if allowed else self.why)


# --- 角色管理 --------------------------------------------------------------------------------


class RolesTab(QWidget):
    """The roles of a person in service, per the server's role table: tick, 保存."""

    def __init__(self, page: PlatformPage) -> None:
        super().__init__()
        self.page = page
        self.view: _platform.View | None = None
        self.checks: dict[str, QCheckBox] = {}
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("gui.platform_search_people"))
        self.search.setAccessibleName(tr("gui.platform_search_people"))
        self.search.textChanged.connect(lambda _t: self._fill_people())
        self.people = QListWidget()
        self.people.setAccessibleName(tr("gui.platform_people"))
        self.people.currentRowChanged.connect(lambda _r: self._show_person())
        self.box = QGroupBox(tr("gui.platform_roles_of", name="-"))
        self.box_layout = QVBoxLayout(self.box)
        self.fixed = note_label()
        self.box_layout.addWidget(self.fixed)
        self.role_rows = QVBoxLayout()
        self.box_layout.addLayout(self.role_rows)
        self.save_button = QPushButton(tr("gui.save"))
        self.save_button.clicked.connect(self.save)
        self.box_layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        self.box_layout.addStretch(1)
        self.note = note_label()
        self.members = table([tr("gui.platform_col_role"), tr("gui.platform_col_members")])
        self.members.verticalHeader().setDefaultSectionSize(24)
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.people, 2)
        left.addWidget(self.members, 3)
        row = QHBoxLayout()
        row.addLayout(left, 2)
        row.addWidget(self.box, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(row, 1)

    def show_view(self, view: _platform.View) -> None:
        self.view = view
        key = "name_en" if i18n.language() == "en" else "name_zh"
        assignable = [r for r in view.roles if r["assignable"]]
        if list(self.checks) != [r["code"] for r in assignable]:
            while self.role_rows.count():
                item = self.role_rows.takeAt(0)
                if item is not None and item.widget() is not None:
                    item.widget().deleteLater()
            self.checks = {}
            for r in assignable:
                check = QCheckBox(r[key])
                words = role_line(r, view.roles)
                check.setToolTip(words)
                self.checks[r["code"]] = check
                self.role_rows.addWidget(check)
                line = note_label(words)
                line.setContentsMargins(24, 0, 0, 4)
                self.role_rows.addWidget(line)
        writable = view.status.may("roles.write")
        self.note.setText("" if writable else tr("gui.platform_roles_ro"))
        self.note.setVisible(not writable)
        self._fill_people()
        members = []
        for r in view.roles:
            names = [
                p["name"]
                for p in view.people
                if p["status"] == "active" and r["code"] in p["roles"]
            ]
            members.append((r["code"], [r[key], listed(names) or "-"]))
        fill_rows(self.members, members)

    def _fill_people(self) -> None:
        if self.view is None:
            return
        current = self.people.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current else None
        words = self.search.text().strip()
        self.people.blockSignals(True)
        self.people.clear()
        for p in self.view.people:
            if p["status"] != "active":
                continue  # roles go to people in service (S4:613)
            if words and words not in p["name"] and words not in (p["phone"] or ""):
                continue
            item = QListWidgetItem(f"{p['name']}  {p['phone'] or ''}".strip())
            item.setData(Qt.ItemDataRole.UserRole, p["id"])
            self.people.addItem(item)
            if p["id"] == keep:
                self.people.setCurrentItem(item)
        self.people.blockSignals(False)
        if self.people.currentItem() is None and self.people.count():
            self.people.setCurrentRow(0)
        self._show_person()

    def person(self) -> dict[str, Any] | None:
        item = self.people.currentItem()
        if item is None or self.view is None:
            return None
        key = item.data(Qt.ItemDataRole.UserRole)
        return next((p for p in self.view.people if p["id"] == key), None)

    def _show_person(self) -> None:
        person = self.person()
        self.box.setTitle(tr("gui.platform_roles_of", name=person["name"] if person else "-"))
        for code, check in self.checks.items():
            check.setChecked(bool(person) and code in person["roles"])  # type: ignore[index]
        if person is not None and person["key_holder"]:
            self.fixed.setText(tr("gui.platform_super_admin_fixed"))
        else:
            self.fixed.setText(tr("gui.platform_member_fixed"))
        self.update_controls()

    def update_controls(self) -> None:
        can = self.page.editable("roles.write") and self.person() is not None
        for check in self.checks.values():
            check.setEnabled(can)
        self.save_button.setEnabled(can)

    def chosen(self) -> list[str]:
        return [code for code, check in self.checks.items() if check.isChecked()]

    def save(self) -> None:
        person = self.person()
        if person is None:
            return
        roles, lang = self.chosen(), i18n.language()
        self.page.change(
            lambda: platform.set_roles(person["id"], roles, lang),
            tr("gui.platform_roles_saved", name=person["name"]),
        )


# --- 白名单 ----------------------------------------------------------------------------------


class WhitelistTab(QWidget):
    """Unit keys other than the main one that may log in, by 通用实体唯一标识."""

    def __init__(self, page: PlatformPage) -> None:
        super().__init__()
        self.page = page
        self.entries: list[dict[str, Any]] = []
        self.confirm_box: QMessageBox | None = None
        content = QWidget()
        self.entity = QLineEdit()
        self.entity.setMaxLength(64)
        self.entity.setPlaceholderText(tr("gui.platform_entity_hint"))
        self.entity.setAccessibleName(tr("gui.platform_col_entity"))
        self.entity.returnPressed.connect(self.add)
        self.label = QLineEdit()
        self.label.setMaxLength(100)
        self.label.setPlaceholderText(tr("gui.platform_col_label"))
        self.label.setAccessibleName(tr("gui.platform_col_label"))
        self.label.returnPressed.connect(self.add)
        self.person = QComboBox()
        self.person.setAccessibleName(tr("gui.platform_col_holder"))
        self.add_button = QPushButton(tr("gui.platform_whitelist_add"))
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(tr("gui.platform_whitelist_remove"))
        self.remove_button.clicked.connect(self.remove)
        self.table = table(
            [
                tr("gui.platform_col_entity"),
                tr("gui.platform_col_label"),
                tr("gui.platform_col_holder"),
            ]
        )
        self.table.itemSelectionChanged.connect(self.update_controls)
        self.note = note_label(tr("gui.platform_whitelist_note"))
        form = QHBoxLayout()
        form.addWidget(self.entity, 2)
        form.addWidget(self.label, 1)
        form.addWidget(self.person, 1)
        form.addWidget(self.add_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.remove_button)
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(form)
        inner.addWidget(self.table, 1)
        inner.addLayout(bottom)
        self.guard = Guarded(content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.guard)

    def show_view(self, view: _platform.View) -> None:
        self.guard.allow(view.status.may("whitelist.read"), tr("gui.platform_whitelist_denied"))
        self.entries = view.whitelist
        names = {p["id"]: p["name"] for p in view.people}
        holder = next((p["name"] for p in view.people if p["key_holder"]), "")
        chosen = self.person.currentData()
        self.person.clear()
        self.person.addItem(tr("gui.platform_holder_default"), None)
        for p in view.people:
            if p["status"] == "active" and not p["key_holder"]:
                self.person.addItem(p["name"], p["id"])
        self.person.setCurrentIndex(max(self.person.findData(chosen), 0))
        keep = selected_key(self.table)
        rows = []
        for w in self.entries:
            label = w["label"]
            if w["main"] and tr("platform.main_key") not in label:
                label += f"（{tr('platform.main_key')}）" if label else tr("platform.main_key")
            if w["pending"]:
                label += tr("platform.pending")
            rows.append(
                (w["entity_id"], [w["entity_id"], label, names.get(w["person_id"] or "", holder)])
            )
        fill_rows(self.table, rows)
        if keep:
            select_key(self.table, keep)
        self.update_controls()

    def selected(self) -> dict[str, Any] | None:
        key = selected_key(self.table)
        return next((w for w in self.entries if w["entity_id"] == key), None)

    def update_controls(self) -> None:
        can = self.page.editable("whitelist.write")
        for widget in (self.entity, self.label, self.person, self.add_button):
            widget.setEnabled(can)
        entry = self.selected()
        self.remove_button.setEnabled(can and entry is not None and not entry["main"])

    def add(self) -> None:
        if not self.add_button.isEnabled():
            return
        entity, label, person = self.entity.text(), self.label.text(), self.person.currentData()
        try:
            entity = platform.check_entity_id(entity)
        except platform.InvalidInput as e:
            self.page.problem(e)
            self.entity.setFocus()
            return
        lang = i18n.language()

        def then(out: Outcome) -> None:
            if out[1] is None or isinstance(out[1], platform.Offline):
                self.entity.clear()
                self.label.clear()

        self.page.change(
            lambda: platform.add_whitelist(entity, label, person, lang),
            tr("platform.whitelist_added", entity=entity),
            then=then,
        )

    def remove(self) -> None:
        entry = self.selected()
        if entry is None or not self.remove_button.isEnabled():
            return
        lang = i18n.language()
        self.confirm_box = confirm(
            self,
            tr("gui.platform_whitelist_remove"),
            tr("gui.platform_whitelist_confirm", entity=entry["entity_id"]),
            lambda: self.page.change(
                lambda: platform.remove_whitelist(entry["entity_id"], lang),
                tr("platform.whitelist_removed", entity=entry["entity_id"]),
            ),
        )


# --- 操作日志 --------------------------------------------------------------------------------


class AuditTab(QWidget):
    """The unit's operation log, newest first: 审计员 and 超级管理员 only."""

    def __init__(self, page: PlatformPage) -> None:
        super().__init__()
        self.page = page
        self.entries: list[dict[str, Any]] | None = None  # None: not read since the login
        content = QWidget()
        self.refresh_button = QPushButton(tr("gui.platform_refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("gui.platform_search_audit"))
        self.search.setAccessibleName(tr("gui.platform_search_audit"))
        self.search.textChanged.connect(lambda _t: self._show())
        self.count = note_label()
        self.table = table(
            [
                tr("gui.platform_col_time"),
                tr("gui.platform_col_actor"),
                tr("gui.platform_col_role"),
                tr("gui.platform_col_action"),
                tr("gui.platform_col_target"),
                tr("gui.platform_col_result"),
                tr("gui.platform_col_client"),
            ]
        )
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.refresh_button)
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(top)
        inner.addWidget(self.table, 1)
        inner.addWidget(self.count)
        self.guard = Guarded(content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.guard)

    def allowed(self) -> bool:
        return self.page.may("audit.read")

    def show_view(self, view: _platform.View) -> None:
        user = view.status.user or {}
        roles = role_names(user.get("roles", []), view.roles) or "-"
        self.guard.allow(self.allowed(), tr("gui.platform_audit_denied", roles=roles))
        self.update_controls()

    def update_controls(self) -> None:
        self.refresh_button.setEnabled(self.allowed() and not self.page.busy)

    def forget(self) -> None:
        self.entries = None
        self.table.setRowCount(0)

    def refresh_if_stale(self) -> None:
        if self.entries is None and self.allowed():
            self.refresh()

    def refresh(self) -> None:
        if not self.allowed():
            return
        lang = i18n.language()

        def work() -> tuple[list[dict[str, Any]], BaseException | None]:
            try:
                return platform.audit_log(lang), None
            except platform.Offline as e:
                return e.result, e

        def done(out: tuple[list[dict[str, Any]], BaseException | None]) -> None:
            self.entries, error = out
            self._show()
            if isinstance(error, platform.Offline):
                self.page.went_offline(error.cause.url, error.last_sync)
            else:
                self.page.went_online()

        self.page.run(work, done, text=tr("gui.platform_reading_audit"))

    def _show(self) -> None:
        entries = self.entries or []
        words = self.search.text().strip().lower()
        view = self.page.view
        roles = view.roles if view else []
        # ids in the log said by name where this computer knows them
        names = (
            {p["id"]: f"{p['name']} {p['phone'] or ''}".strip() for p in view.people}
            if view
            else {}
        )
        names.update({d["id"]: d["name"] for d in view.departments} if view else {})
        rows = []
        for e in entries:
            action = f"audit.{e['action']}"
            result = e["result"]
            cells = [
                local_time(e["at"]),
                ACTOR_ID.sub("", e["actor"]),
                role_names([r for r in e["actor_role"].split(",") if r], roles),
                tr(action) if action in MESSAGES else e["action"],
                names.get(e["target"], e["target"]),
                tr("gui.platform_ok")
                if result == "ok"
                else tr("gui.platform_refused", kind=result.removeprefix("refused:")),
                e["client"],
            ]
            if words and not any(words in c.lower() for c in cells):
                continue
            rows.append((e["id"], cells))
        fill_rows(self.table, rows)
        by_id = {e["id"]: e for e in entries}
        for r, (entry_id, _cells) in enumerate(rows):
            entry = by_id[entry_id]
            self.table.item(r, 1).setToolTip(entry["actor"])
            self.table.item(r, 4).setToolTip(entry["target"])
            if entry["result"] != "ok":
                self.table.item(r, 5).setForeground(QColor("#c62828"))
        self.count.setText(tr("gui.platform_audit_count", count=len(rows), kept=len(entries)))
