"""审批流程… on the 印控 page (admins: 主管理员, 管理员): the unit's 用印类别 (add one by name;
delete one, which the platform refuses while a template or an application uses it) and the
chosen box's 审批模板 — the system one (the box's keepers, any one of them, read-only) and one
a category: up to three approvers in order and up to three 抄送, chosen from the unit's people
as the 平台 page last synced them.

The dialog stays open while the page sends each change (its buttons disabled), shows the
platform's answer in its lists, and says a refusal under them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sealdesk.app import sealbox_view
from sealdesk.app.platform import InvalidInput, check_text
from sealdesk.app.sealbox import Keeper
from sealdesk.app.sealbox_view import Flow
from sealdesk.desktop.gui.platform_dialogs import FormDialog
from sealdesk.desktop.gui.platform_page import listed
from sealdesk.desktop.gui.sealbox_common import (
    MUTED,
    Json,
    cell,
    chosen_id,
    fill_row,
    fit,
    make_table,
)
from sealdesk.desktop.gui.worker import message_of
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    from sealdesk.desktop.gui.sealbox_page import SealboxPage

TEMPLATE_COLUMNS = ("category", "approvers", "cc")


def _people_combo(people: list[Json], name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.addItem(tr("gui.sb_flow_nobody"), None)
    for p in people:
        combo.addItem(p["name"], p["id"])
    return combo


class FlowDialog(FormDialog):
    """The box's approval flow; each change is asked of the page through a signal."""

    category_added = Signal(str)  # name
    category_removed = Signal(str)  # id
    template_saved = Signal(str, list, list)  # category id, approvers, cc (ids or None)
    template_removed = Signal(str)  # id

    def __init__(self, parent: QWidget | None, box: Json, people: list[Json]) -> None:
        super().__init__(parent, tr("gui.sb_flow_title", box=box["name"]))
        self.flow: Flow | None = None
        active = [p for p in people if p.get("status", "active") == "active"]
        hint = QLabel(tr("gui.sb_flow_hint"))
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {MUTED};")

        # 用印类别
        self.categories = QListWidget()
        self.categories.setAccessibleName(tr("gui.sb_flow_categories"))
        self.categories.setMinimumHeight(110)
        self.category_name = QLineEdit()
        self.category_name.setMaxLength(60)
        self.category_name.setAccessibleName(tr("gui.sb_flow_category_name"))
        self.category_name.setPlaceholderText(tr("gui.sb_flow_category_name"))
        self.add_button = QPushButton(tr("gui.sb_flow_add_category"))
        self.add_button.clicked.connect(self._add)
        self.category_name.returnPressed.connect(self._add)
        self.remove_category_button = QPushButton(tr("gui.sb_flow_remove_category"))
        self.remove_category_button.clicked.connect(self._remove_category)
        add_row = QHBoxLayout()
        add_row.addWidget(self.category_name, 1)
        add_row.addWidget(self.add_button)
        side = QVBoxLayout()
        side.addLayout(add_row)
        side.addWidget(self.remove_category_button, 0, Qt.AlignmentFlag.AlignLeft)
        side.addStretch(1)
        categories = QGroupBox(tr("gui.sb_flow_categories"))
        row = QHBoxLayout(categories)
        row.addWidget(self.categories, 1)
        row.addLayout(side, 1)

        # 审批模板 of this box, and the form that makes or replaces one
        self.templates = make_table(TEMPLATE_COLUMNS, "gui.sb_flow_templates")
        self.templates.setMinimumHeight(120)
        self.templates.itemSelectionChanged.connect(self._chosen_template)
        self.remove_template_button = QPushButton(tr("gui.sb_flow_remove_template"))
        self.remove_template_button.clicked.connect(self._remove_template)
        self.category = QComboBox()
        self.category.setAccessibleName(tr("gui.sb_col_category"))
        self.approvers = [
            _people_combo(active, tr("gui.sb_flow_approver_n", n=n)) for n in range(1, 4)
        ]
        self.cc = [_people_combo(active, tr("gui.sb_flow_cc_n", n=n)) for n in range(1, 4)]
        self.save_button = QPushButton(tr("gui.sb_flow_save_template"))
        self.save_button.clicked.connect(self._save)
        approvers, cc = QHBoxLayout(), QHBoxLayout()
        for combo in self.approvers:
            approvers.addWidget(combo, 1)
        for combo in self.cc:
            cc.addWidget(combo, 1)
        form = QFormLayout()
        form.addRow(tr("gui.sb_col_category"), self.category)
        form.addRow(tr("gui.sb_col_approvers"), approvers)
        form.addRow(tr("gui.sb_col_cc"), cc)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_template_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        templates = QGroupBox(tr("gui.sb_flow_templates"))
        inner = QVBoxLayout(templates)
        inner.addWidget(self.templates, 1)
        inner.addLayout(form)
        inner.addLayout(buttons)

        self.body.addWidget(hint)
        self.body.addWidget(categories)
        self.body.addWidget(templates, 1)
        self.ok.setVisible(False)  # every change is sent at once: 关闭 is all that is left
        self.close_button = self.buttons.button(self.buttons.StandardButton.Cancel)
        self.close_button.setText(tr("gui.sb_flow_close"))
        self.setMinimumWidth(640)
        self.resize(700, 680)  # room for both lists and the form (their hints are small)
        self.set_busy(True)  # until the flow is read
        self.finish(self.category_name)

    # --- what the platform has --------------------------------------------------------------

    def show_flow(self, flow: Flow) -> None:
        self.flow = flow
        kept = self.categories.currentItem()
        kept_id = kept.data(Qt.ItemDataRole.UserRole) if kept else None
        self.categories.clear()
        for c in flow.categories:
            item = QListWidgetItem(c["name"])
            item.setData(Qt.ItemDataRole.UserRole, c["id"])
            self.categories.addItem(item)
            if c["id"] == kept_id:
                self.categories.setCurrentItem(item)
        chosen = self.category.currentData()
        self.category.clear()
        for c in flow.categories:
            self.category.addItem(c["name"], c["id"])
        self.category.setCurrentIndex(max(self.category.findData(chosen), 0))
        table = self.templates
        table.setRowCount(len(flow.templates))
        for row, t in enumerate(flow.templates):
            name = tr("gui.sb_flow_system") if t["system"] else flow.category_name(t["category_id"])
            approvers = listed([p["name"] or "?" for p in t["approvers"]]) or "-"
            if t["system"]:
                approvers = tr("gui.sb_flow_any_of", names=approvers)
            fill_row(
                table,
                row,
                (
                    cell(name or "?", t["id"] or ""),
                    cell(approvers),
                    cell(listed([p["name"] or "?" for p in t["cc"]]) or "-"),
                ),
            )
        fit(table)
        self.set_busy(False)

    def template(self) -> Json | None:
        """The chosen row's template, if it is one that can be removed (not the system one)."""
        template_id = chosen_id(self.templates)
        if not template_id or self.flow is None:
            return None
        return next((t for t in self.flow.templates if t["id"] == template_id), None)

    def _chosen_template(self) -> None:
        """A template chosen: the form below shows it, to change and save again."""
        t = self.template()
        if t is None:
            self.set_busy(self.flow is None)
            return
        self.category.setCurrentIndex(max(self.category.findData(t["category_id"]), 0))
        for combos, people in ((self.approvers, t["approvers"]), (self.cc, t["cc"])):
            ids = [p["id"] for p in people]
            for n, combo in enumerate(combos):
                combo.setCurrentIndex(max(combo.findData(ids[n]) if n < len(ids) else 0, 0))
        self.set_busy(False)

    # --- what the person asks --------------------------------------------------------------

    def _add(self) -> None:
        try:
            name = check_text(self.category_name.text(), "category")
        except InvalidInput as e:
            self.show_problem(message_of(e))
            return
        self._asking()
        self.category_added.emit(name)

    def _remove_category(self) -> None:
        item = self.categories.currentItem()
        if item is None:
            self.show_problem(tr("gui.sb_flow_choose_category"))
            return
        self._asking()
        self.category_removed.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def _save(self) -> None:
        approvers = [c.currentData() for c in self.approvers]
        cc = [c.currentData() for c in self.cc]
        if self.category.currentData() is None:
            self.show_problem(tr("gui.sb_flow_no_category"))
            return
        try:
            sealbox_view.check_template(approvers, cc)
        except InvalidInput as e:
            self.show_problem(message_of(e))
            return
        self._asking()
        self.template_saved.emit(str(self.category.currentData()), approvers, cc)

    def _remove_template(self) -> None:
        t = self.template()
        if t is None:
            self.show_problem(tr("gui.sb_flow_choose_template"))
            return
        self._asking()
        self.template_removed.emit(str(t["id"]))

    def _asking(self) -> None:
        self.problem.setVisible(False)
        self.set_busy(True)

    def set_busy(self, busy: bool) -> None:
        for b in (self.add_button, self.remove_category_button, self.save_button):
            b.setEnabled(not busy)
        self.remove_template_button.setEnabled(not busy and self.template() is not None)


class FlowActions:
    """The page's side of :class:`FlowDialog`: each change on its worker, the flow read again
    after it and shown in the dialog; a refusal said there."""

    def __init__(self, page: SealboxPage) -> None:
        self.page = page

    def open_flow(self) -> None:
        page = self.page
        box = page.selected_box()
        if box is None:
            return
        dialog = FlowDialog(page, box, page.people)
        box_id = box["id"]
        dialog.category_added.connect(
            lambda name: self._send(dialog, lambda k: sealbox_view.add_category(k, box_id, name))
        )
        # each change is made on the version the dialog shows (a refusal: the flow as it is
        # now, shown, and said)
        dialog.category_removed.connect(lambda c: self._remove_category(dialog, box_id, c))
        dialog.template_saved.connect(
            lambda c, approvers, cc: self._set_template(dialog, box_id, c, approvers, cc)
        )
        dialog.template_removed.connect(lambda t: self._remove_template(dialog, box_id, t))
        page.open_dialog(dialog)
        self._send(dialog, lambda k: sealbox_view.flow(k, box_id), said=False)

    def _remove_category(self, dialog: FlowDialog, box_id: str, category_id: str) -> None:
        shown = dialog.flow
        seen = shown.category_seq(category_id) if shown else None
        name = tr("gui.sb_stale_category", category=_category(shown, category_id))
        self._send(
            dialog,
            lambda k: sealbox_view.remove_category(k, box_id, category_id, seen),
            stale=name,
        )

    def _set_template(
        self,
        dialog: FlowDialog,
        box_id: str,
        category_id: str,
        approvers: list[str | None],
        cc: list[str | None],
    ) -> None:
        shown = dialog.flow
        seen = shown.template_seq(category_id) if shown else None
        name = tr("gui.sb_stale_template", category=_category(shown, category_id))
        self._send(
            dialog,
            lambda k: sealbox_view.set_template(k, box_id, category_id, approvers, cc, seen),
            stale=name,
        )

    def _remove_template(self, dialog: FlowDialog, box_id: str, template_id: str) -> None:
        shown = dialog.flow
        seen = shown.template_seq_of(template_id) if shown else None
        t = dialog.template() or {}
        name = tr("gui.sb_stale_template", category=_category(shown, t.get("category_id")))
        self._send(
            dialog,
            lambda k: sealbox_view.remove_template(k, box_id, template_id, seen),
            stale=name,
        )

    def _send(
        self,
        dialog: FlowDialog,
        work: Callable[[Keeper], Awaitable[Flow]],
        *,
        said: bool = True,
        stale: str = "",
    ) -> None:
        """``work`` on the page's worker, its flow shown; ``stale``: what the change is of,
        said when another admin changed it since (the flow as it is now shown then)."""
        page = self.page
        in_dialog = page.in_dialog(dialog)

        def done(flow: Flow) -> None:
            dialog.show_flow(flow)
            if said:
                dialog.category_name.clear()
                page.say(tr("gui.sb_flow_saved"))

        def failed(e: BaseException) -> None:
            if not isinstance(e, sealbox_view.Stale) or not isinstance(e.now, Flow):
                in_dialog(e)
                return
            message = tr("gui.sb_stale", name=stale)
            if dialog.isVisible():
                dialog.show_flow(e.now)
                dialog.unbusy()
                dialog.show_problem(message)
            else:
                page.say(message, error=True)

        page.keeper(work, done, text=tr("gui.sb_saving"), failed=failed)


def _category(flow: Flow | None, category_id: str | None) -> str:
    return (flow.category_name(category_id) if flow else None) or "?"
