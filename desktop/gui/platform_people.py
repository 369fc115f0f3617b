"""人员管理: the unit's people from the page's view; 添加人员, 编辑, 移除 (listed as 离职),
重新加入, 部门管理 through the page, which runs them on its worker."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sealdesk.desktop import i18n
from sealdesk.desktop.gui.home_page import table
from sealdesk.desktop.gui.platform_dialogs import DepartmentsDialog, PersonDialog, confirm
from sealdesk.desktop.gui.platform_page import platform, role_names
from sealdesk.desktop.gui.platform_tabs import fill_rows, note_label, select_key, selected_key
from sealdesk.desktop.gui.worker import message_of
from sealdesk.desktop.i18n import tr
from sealdesk.sync import names

if TYPE_CHECKING:
    from sealdesk.app import platform as _platform
    from sealdesk.desktop.gui.platform_page import Outcome, PlatformPage


class PeopleTab(QWidget):
    """The unit's people: search (姓名/手机号), 在职/离职, 部门; 添加人员, 编辑, 移除, 重新加入,
    部门管理."""

    def __init__(self, page: PlatformPage) -> None:
        super().__init__()
        self.page = page
        self.people: list[dict[str, Any]] = []
        self.person_dialog: PersonDialog | None = None
        self.departments_dialog: DepartmentsDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("gui.platform_search_people"))
        self.search.setAccessibleName(tr("gui.platform_search_people"))
        self.search.textChanged.connect(lambda _t: self._show())
        self.letter = QComboBox()  # 字母 (seed 004): the first letter of the name
        self.letter.setAccessibleName(tr("gui.platform_letter"))
        self.letter.addItem(tr("gui.platform_all_letters"), "")
        for key in [*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", names.OTHER]:
            self.letter.addItem(key, key)
        self.letter.currentIndexChanged.connect(lambda _i: self._show())
        self.state = QComboBox()
        self.state.setAccessibleName(tr("gui.platform_col_state"))
        for key, value in (("all", "all"), ("active", "active"), ("left", "left")):
            self.state.addItem(tr(f"gui.platform_state_{key}"), value)
        self.state.currentIndexChanged.connect(lambda _i: self._show())
        self.department = QComboBox()
        self.department.setAccessibleName(tr("gui.platform_col_department"))
        self.department.currentIndexChanged.connect(lambda _i: self._show())
        for combo in (self.letter, self.state, self.department):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.add_button = QPushButton(tr("gui.platform_add_person"))
        self.add_button.clicked.connect(self.add_person)
        self.edit_button = QPushButton(tr("gui.platform_edit"))
        self.edit_button.clicked.connect(self.edit_person)
        self.remove_button = QPushButton(tr("gui.platform_remove"))
        self.remove_button.clicked.connect(self.remove_person)
        self.readd_button = QPushButton(tr("gui.platform_readd"))
        self.readd_button.clicked.connect(self.readd_person)
        self.departments_button = QPushButton(tr("gui.platform_departments"))
        self.departments_button.clicked.connect(self.show_departments)
        self.table = table(
            [
                tr("gui.platform_col_name"),
                tr("gui.platform_col_phone"),
                tr("gui.platform_col_id"),
                tr("gui.platform_col_department"),
                tr("gui.platform_col_roles"),
                tr("gui.platform_col_state"),
            ]
        )
        self.table.itemSelectionChanged.connect(self.update_controls)
        self.table.doubleClicked.connect(lambda _i: self.edit_person())
        self.note = note_label()
        self.count = note_label()
        self.count.setWordWrap(False)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.letter)
        top.addWidget(self.state)
        top.addWidget(self.department)
        buttons = QHBoxLayout()
        for b in (
            self.add_button,
            self.edit_button,
            self.remove_button,
            self.readd_button,
            self.departments_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)

    def show_view(self, view: _platform.View) -> None:
        self.people = view.people
        chosen = self.department.currentData()
        self.department.blockSignals(True)
        self.department.clear()
        self.department.addItem(tr("gui.platform_all_departments"), "*")
        self.department.addItem(tr("gui.platform_no_department"), "")
        for d in view.departments:
            self.department.addItem(d["name"], d["id"])
        self.department.setCurrentIndex(max(self.department.findData(chosen), 0))
        self.department.blockSignals(False)
        self.note.setText("" if view.status.may("people.write") else tr("gui.platform_people_ro"))
        self.note.setVisible(not view.status.may("people.write"))
        self._show()
        if self.departments_dialog is not None:
            self.departments_dialog.show_departments(
                view.departments, editable=self.page.editable("departments.write")
            )

    def shown(self) -> list[dict[str, Any]]:
        words = self.search.text()
        letter = self.letter.currentData()
        state = self.state.currentData()
        department = self.department.currentData()
        return [
            p
            for p in self.people
            if names.matches(p["name"], p["phone"], words, letter)
            and (state == "all" or p["status"] == state)
            and (department in ("*", None) or (p["department_id"] or "") == department)
        ]

    def _show(self) -> None:
        view = self.page.view
        departments = {d["id"]: d["name"] for d in (view.departments if view else [])}
        roles = view.roles if view else []
        keep = selected_key(self.table)
        rows = []
        for p in self.shown():
            state = tr("gui.platform_state_left" if p["status"] == "left" else "gui.platform_in")
            if p["pending"]:
                state += tr("platform.pending")
            rows.append(
                (
                    p["id"],
                    [
                        p["name"],
                        p["phone"] or "",
                        p["id_number"] or "",
                        departments.get(p["department_id"] or "", tr("gui.platform_no_department")),
                        role_names(p["roles"], roles),
                        state,
                    ],
                )
            )
        fill_rows(self.table, rows)
        left = {p["id"] for p in self.people if p["status"] == "left"}
        for r, (person_id, _cells) in enumerate(rows):
            if person_id in left:  # 离职: greyed
                for c in range(self.table.columnCount()):
                    self.table.item(r, c).setForeground(QColor("#888888"))
        if keep:
            select_key(self.table, keep)
        active = sum(p["status"] == "active" for p in self.people)
        self.count.setText(tr("gui.platform_count", count=len(self.people), active=active))
        self.update_controls()

    def selected(self) -> dict[str, Any] | None:
        key = selected_key(self.table)
        return next((p for p in self.people if p["id"] == key), None)

    def update_controls(self) -> None:
        can = self.page.editable("people.write")
        person = self.selected()
        active = person is not None and person["status"] == "active"
        self.add_button.setEnabled(can)
        self.edit_button.setEnabled(can and active and not person["key_holder"])  # type: ignore[index]
        self.remove_button.setEnabled(can and active and not person["key_holder"])  # type: ignore[index]
        self.readd_button.setEnabled(can and person is not None and not active)
        self.departments_button.setEnabled(self.page.view is not None)
        if person is not None and person["key_holder"]:
            self.edit_button.setToolTip(tr("err.input.person.key_holder"))
        else:
            self.edit_button.setToolTip("")

    # --- changes ---------------------------------------------------------------------------------

    def _dialog(self, person: dict[str, Any] | None) -> PersonDialog:
        departments = self.page.view.departments if self.page.view else []
        if self.person_dialog is not None:
            self.person_dialog.deleteLater()  # the last one, closed
        self.person_dialog = dialog = PersonDialog(self, departments, person)
        self.page.cancelled.connect(dialog.unbusy)
        return dialog

    def _after(self, dialog: PersonDialog) -> Any:
        def then(out: Outcome) -> None:
            _result, error, _view = out
            dialog.set_busy(False)
            if error is None or isinstance(error, platform.Offline):
                dialog.accept()
            else:
                dialog.show_problem(message_of(error))

        return then

    def add_person(self) -> None:
        dialog = self._dialog(None)
        lang = i18n.language()

        def send() -> None:
            values = dialog.values()
            self.page.change(
                lambda: platform.add_person(**values, roles=[], lang=lang),
                tr("platform.person_added", name=values["name"].strip()),
                then=self._after(dialog),
            )

        dialog.submitted.connect(send)
        dialog.open()

    def edit_person(self) -> None:
        person = self.selected()
        if person is None or not self.edit_button.isEnabled():
            return
        dialog = self._dialog(person)
        lang = i18n.language()

        def send() -> None:
            values = dialog.values()
            self.page.change(
                lambda: platform.edit_person(person["id"], **values, lang=lang),
                tr("gui.platform_person_saved", name=values["name"].strip()),
                then=self._after(dialog),
            )

        dialog.submitted.connect(send)
        dialog.open()

    def remove_person(self) -> None:
        person = self.selected()
        if person is None or not self.remove_button.isEnabled():
            return
        lang = i18n.language()
        self.confirm_box = confirm(
            self,
            tr("gui.platform_remove"),
            tr("gui.platform_remove_confirm", name=person["name"]),
            lambda: self.page.change(
                lambda: platform.remove_person(person["id"], lang),
                tr("platform.person_removed", name=person["name"]),
            ),
        )

    def readd_person(self) -> None:
        """重新加入: the person who left comes back under their own record, with no role."""
        person = self.selected()
        if person is None or not self.readd_button.isEnabled():
            return
        lang = i18n.language()
        self.page.change(
            lambda: platform.add_person(
                name=person["name"],
                phone=person["phone"] or "",
                id_number=person["id_number"],
                department_id=person["department_id"],
                roles=[],
                lang=lang,
            ),
            tr("gui.platform_readded", name=person["name"]),
        )

    def show_departments(self) -> None:
        view = self.page.view
        if view is None:
            return
        dialog = DepartmentsDialog(self, editable=self.page.editable("departments.write"))
        self.departments_dialog = dialog
        dialog.show_departments(view.departments, editable=self.page.editable("departments.write"))
        lang = i18n.language()
        dialog.add_requested.connect(
            lambda name: self.page.change(
                lambda: platform.add_department(name, lang),
                tr("gui.platform_department_added", name=name.strip()),
            )
        )
        dialog.remove_requested.connect(
            lambda department_id, name: self.page.change(
                lambda: platform.remove_department(department_id, lang),
                tr("gui.platform_department_removed", name=name),
            )
        )
        dialog.finished.connect(lambda _r: setattr(self, "departments_dialog", None))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
