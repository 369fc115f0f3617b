"""The 平台 page's 印章 tab: the unit's 印章申请 (seed 004 S4:391-450) the person may read, by
state, type and a part of the name, the chosen one's details and picture; 申请印章… opens the
form (platform_seal_form), its values checked before anything is sent. A USB KEY seal is
signed with the unit's key (its PIN); the platform's refusal is said in the form, still open,
and ``certificate_required`` offers 申请数字证书. Applications live on the platform only:
offline the list says so and nothing is queued."""

from __future__ import annotations

import base64
import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sealdesk.desktop import i18n
from sealdesk.desktop.gui.home_page import table
from sealdesk.desktop.gui.key_signing import KeySigning, Sign
from sealdesk.desktop.gui.platform_certificate import labelled
from sealdesk.desktop.gui.platform_page import (
    ERROR,
    KEY_WAIT,
    local_time,
    platform,
    role_names,
)
from sealdesk.desktop.gui.platform_seal_form import (
    SealApplyDialog,
    picture_box,
    picture_of,
    seals_layer,
)
from sealdesk.desktop.gui.platform_tabs import Guarded, fill_rows, note_label, select_key
from sealdesk.desktop.gui.platform_tabs import selected_key as chosen_key
from sealdesk.desktop.gui.worker import message_of
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    from sealdesk.app import platform as _platform
    from sealdesk.desktop.gui.platform_page import PlatformPage

STATES = ("pending", "receipt", "valid", "expired", "revoked", "rejected")
TYPES = ("cloud", "ukey")
THUMB = 150  # px: the chosen application's picture
SEARCH_PAUSE = 400  # ms of no typing before the search is sent


def applied_at(ms: int | None) -> str:
    if not ms:
        return "-"
    return local_time(dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC).isoformat())


def size_words(app: dict[str, Any]) -> str:
    return f"{app['width_mm']}×{app['height_mm']} mm"


def state_words(app: dict[str, Any]) -> str:
    """有效, or 有效，已冻结 (冻结 is a flag on a 有效 seal, not a state)."""
    frozen = tr("platform.seal_frozen_mark") if app.get("frozen_ms") else ""
    return tr(f"platform.seal_state_{app['state']}") + frozen


class SealsTab(QWidget):
    """The unit's seal applications (read from the platform each time: none kept here)."""

    def __init__(self, page: PlatformPage) -> None:
        super().__init__()
        self.page = page
        self.apps: list[dict[str, Any]] | None = None  # None: not read since the login
        self.whole: dict[str, dict[str, Any]] = {}  # id → the application with its image
        self.dialog: SealApplyDialog | None = None
        self.signing: KeySigning | None = None
        self._cert_asked = False  # the open dialog was refused for the certificate
        self.revoke_box: QMessageBox | None = None
        content = QWidget()
        self.state_box = QComboBox()
        self.state_box.addItem(tr("gui.platform_seal_all_states"), None)
        for state in STATES:
            self.state_box.addItem(tr(f"platform.seal_state_{state}"), state)
        self.state_box.setAccessibleName(tr("platform.seal_state"))
        self.type_box = QComboBox()
        self.type_box.addItem(tr("gui.platform_seal_all_types"), None)
        for seal_type in TYPES:
            self.type_box.addItem(tr(f"platform.seal_type_{seal_type}"), seal_type)
        self.type_box.setAccessibleName(tr("platform.seal_type"))
        for box in (self.state_box, self.type_box):
            box.activated.connect(lambda _i: self.refresh())
        self.search = QLineEdit()
        self.search.setMaxLength(30)
        self.search.setPlaceholderText(tr("gui.platform_seal_search"))
        self.search.setAccessibleName(tr("gui.platform_seal_search"))
        self.search.setClearButtonEnabled(True)
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(SEARCH_PAUSE)
        self.pause.timeout.connect(self.refresh)
        self.search.textEdited.connect(lambda _t: self.pause.start())
        self.search.returnPressed.connect(self.refresh)
        self.refresh_button = QPushButton(tr("gui.platform_refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.apply_button = QPushButton(tr("gui.platform_seal_apply"))
        self.apply_button.clicked.connect(self.open_dialog)
        top = QHBoxLayout()
        top.addWidget(self.state_box)
        top.addWidget(self.type_box)
        top.addWidget(self.search, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.apply_button)
        self.note = note_label()
        self.table = table(
            [
                tr("platform.seal_name"),
                tr("platform.seal_state"),
                tr("platform.seal_type"),
                tr("platform.seal_size"),
                tr("platform.seal_handler"),
                tr("gui.platform_seal_col_applied"),
            ]
        )
        self.table.setAccessibleName(tr("gui.platform_seals"))
        self.table.setWordWrap(False)  # a time on one line, whatever room is left
        self.table.itemSelectionChanged.connect(self._chosen)

        # the chosen one: its picture and details
        self.details = QGroupBox(tr("gui.platform_seal_details"))
        self.thumb = picture_box(THUMB)
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        for key in (
            "platform.seal_name",
            "platform.seal_state",
            "platform.seal_type",
            "platform.seal_size",
            "platform.seal_handler",
            "platform.seal_applicant",
            "gui.platform_seal_col_applied",
            "platform.seal_image",
            "gui.platform_seal_id",
        ):
            value = QLabel("-")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            form.addRow(labelled(tr(key)), value)
        # what may be done with the chosen one: only the buttons that apply are shown
        self.receipt_button = QPushButton(tr("gui.platform_seal_receipt"))
        self.receipt_button.setToolTip(tr("gui.platform_seal_receipt_hint"))
        self.receipt_button.clicked.connect(self.receipt)
        self.write_button = QPushButton(tr("gui.platform_seal_write"))
        self.write_button.setToolTip(tr("gui.platform_seal_write_hint"))
        self.write_button.clicked.connect(self.write)
        self.freeze_button = QPushButton(tr("gui.platform_seal_freeze"))
        self.freeze_button.setToolTip(tr("gui.platform_seal_freeze_hint"))
        self.freeze_button.clicked.connect(lambda: self.freeze(True))
        self.unfreeze_button = QPushButton(tr("gui.platform_seal_unfreeze"))
        self.unfreeze_button.clicked.connect(lambda: self.freeze(False))
        self.revoke_button = QPushButton(tr("gui.platform_seal_revoke"))
        self.revoke_button.setToolTip(tr("gui.platform_seal_revoke_hint"))
        self.revoke_button.clicked.connect(self.ask_revoke)
        self.action_buttons = {
            "receipt": self.receipt_button,
            "write": self.write_button,
            "freeze": self.freeze_button,
            "unfreeze": self.unfreeze_button,
            "revoke": self.revoke_button,
        }
        actions = QHBoxLayout()
        for button in self.action_buttons.values():
            actions.addWidget(button)
        actions.addStretch(1)
        inside = QVBoxLayout(self.details)
        inside.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignHCenter)
        inside.addLayout(form)
        inside.addLayout(actions)
        inside.addStretch(1)
        # scrolled: the picture and nine rows must not make the whole window taller
        details = QScrollArea()
        details.setWidget(self.details)
        details.setWidgetResizable(True)
        details.setFrameShape(QScrollArea.Shape.NoFrame)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(top)
        inner.addWidget(split, 1)
        inner.addWidget(self.note)
        self.guard = Guarded(content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.guard)
        self._show_details(None)

    def allowed(self) -> bool:
        return self.page.may("seals.read")

    def key_holder(self) -> bool:
        view = self.page.view
        return bool(view and (view.status.user or {}).get("key_holder"))

    def show_view(self, view: _platform.View) -> None:
        user = view.status.user or {}
        roles = role_names(user.get("roles", []), view.roles) or "-"
        self.guard.allow(self.allowed(), tr("gui.platform_seal_denied", roles=roles))
        self.update_controls()

    def update_controls(self) -> None:
        page = self.page
        self.refresh_button.setEnabled(self.allowed() and not page.busy)
        can = page.editable("seals.apply")
        self.apply_button.setEnabled(can)
        self.apply_button.setToolTip(tr("gui.platform_seal_offline_apply") if page.offline else "")
        self._update_actions()
        dialog = self.dialog
        if dialog is not None and self._cert_asked:
            certificate = page.certificate
            if certificate.requested():
                self._cert_asked = False
                dialog.certificate_done()
            else:
                dialog.cert_button.setEnabled(certificate.apply_button.isEnabled())

    def forget(self) -> None:
        """At a login: nothing of the last person's list, nor of their filters."""
        self.apps = None
        self.pause.stop()
        self.search.clear()
        self.state_box.setCurrentIndex(0)
        self.type_box.setCurrentIndex(0)
        self.whole.clear()
        self.table.setRowCount(0)
        self.note.setText("")
        self._show_details(None)

    def refresh_if_stale(self) -> None:
        if self.apps is None and self.allowed():
            self.refresh()

    # --- the list ----------------------------------------------------------------------------

    def refresh(self, then_select: str | None = None) -> None:
        """The list read again from the platform with the filters chosen."""
        self.pause.stop()
        if not self.allowed():
            return
        state, seal_type = self.state_box.currentData(), self.type_box.currentData()
        search, lang = self.search.text(), i18n.language()

        def work() -> list[dict[str, Any]]:
            return seals_layer().seal_applications(  # type: ignore[no-any-return]
                state=state, seal_type=seal_type, search=search, lang=lang
            )

        def done(apps: list[dict[str, Any]]) -> None:
            self.page.went_online()
            self.apps = apps
            self._fill(then_select)

        def failed(e: BaseException) -> None:
            if isinstance(e, platform.ServerUnreachable):
                self.apps = []
                self._fill(None)
                self.note.setText(tr("gui.platform_seal_offline", url=e.url))
                self.note.setStyleSheet(f"color: {ERROR};")
            self.page.problem(e)

        self.page.run(work, done, failed=failed, text=tr("gui.platform_seal_reading"))

    def _fill(self, then_select: str | None) -> None:
        apps = self.apps or []
        keep = then_select or chosen_key(self.table)
        rows = [
            (
                a["id"],
                [
                    a["name"],
                    state_words(a),
                    tr(f"platform.seal_type_{a['type']}"),
                    size_words(a),
                    a["handler_name"],
                    applied_at(a["created_ms"]),
                ],
            )
            for a in apps
        ]
        self.table.blockSignals(True)
        fill_rows(self.table, rows)
        self.table.clearSelection()
        self.table.blockSignals(False)
        self.note.setStyleSheet("color: #666;")
        self.note.setText(
            tr("gui.platform_seal_count", count=len(apps)) if apps else tr("platform.seal_none")
        )
        if keep and any(a["id"] == keep for a in apps):
            select_key(self.table, keep)
        elif apps:
            self.table.selectRow(0)
        else:
            self._show_details(None)

    def chosen(self) -> dict[str, Any] | None:
        key = chosen_key(self.table)
        return next((a for a in self.apps or [] if a["id"] == key), None)

    def _chosen(self) -> None:
        app = self.chosen()
        if app is None:
            self._show_details(None)
            return
        whole = self.whole.get(app["id"])
        self._show_details({**whole, **app} if whole else app)  # the list's state is newer
        if whole is None:
            self._read_one(app["id"])

    def _read_one(self, application_id: str) -> None:
        lang = i18n.language()

        def work() -> dict[str, Any]:
            return seals_layer().seal_application(application_id, lang)  # type: ignore[no-any-return]

        def done(app: dict[str, Any]) -> None:
            self.whole[app["id"]] = app
            current = self.chosen()
            if current is not None and current["id"] == app["id"]:
                self._show_details({**app, **current})

        self.page.run(work, done, text=tr("gui.platform_seal_reading_one"))

    def _show_details(self, app: dict[str, Any] | None) -> None:
        self.details.setEnabled(app is not None)
        self.thumb.setPixmap(QPixmap())
        self._update_actions()
        if app is None:
            self.thumb.setText(tr("gui.platform_seal_choose"))
            for label in self.values.values():
                label.setText("-")
            return
        image = app.get("image")
        if image:
            self.thumb.setPixmap(picture_of(base64.b64decode(image), THUMB))
        else:
            self.thumb.setText(tr("gui.platform_seal_reading_one"))
        style = app.get("style")
        picture = tr(
            "gui.platform_seal_image_line",
            name=app["image_name"],
            type=str(app["image_type"]).upper(),
            kb=max(1, round(app["image_size"] / 1024)),
        )
        if style:
            picture += " · " + tr(f"gui.platform_seal_style_{style}")
        shown = {
            "platform.seal_name": app["name"],
            "platform.seal_state": state_words(app),
            "platform.seal_type": tr(f"platform.seal_type_{app['type']}"),
            "platform.seal_size": size_words(app),
            "platform.seal_handler": f"{app['handler_name']}  {app['handler_phone']}",
            "platform.seal_applicant": app["applicant_name"],
            "gui.platform_seal_col_applied": applied_at(app["created_ms"]),
            "platform.seal_image": picture,
            "gui.platform_seal_id": app["id"],
        }
        for key, label in self.values.items():
            label.setText(shown[key])

    # --- 申请印章 -----------------------------------------------------------------------------

    def open_dialog(self) -> None:
        if not self.apply_button.isEnabled():
            return
        page = self.page
        if self.dialog is not None:
            self.dialog.deleteLater()  # the last one, closed
        self.dialog = dialog = SealApplyDialog(self, key_holder=self.key_holder())
        self._cert_asked = False
        page.cancelled.connect(dialog.unbusy)
        dialog.generate_requested.connect(self._generate)
        dialog.cert_button.clicked.connect(lambda: page.certificate.open_dialog(dialog))
        lang = i18n.language()
        self.signing = signing = KeySigning(page, dialog, tr("gui.platform_seal_apply_title"))

        def send() -> None:
            if dialog.seal_type() == "cloud":
                signed(None)
            elif not signing.start(signed, cancelled=dialog.unbusy):
                dialog.set_busy(False)
                dialog.show_refusal(tr("gui.platform_seal_key_needed"), certificate=False)

        def signed(sign: Sign | None) -> None:
            values = dialog.values()

            def apply() -> dict[str, Any]:  # the picture read again here: it may have changed
                layer = seals_layer()
                return layer.apply_seal(layer.check_application(**values), sign=sign, lang=lang)

            page.run(
                apply,
                done,
                failed=failed,
                text=tr("gui.platform_seal_applying"),
            )

        def done(app: dict[str, Any]) -> None:
            dialog.set_busy(False)
            dialog.accept()
            page.went_online()
            page.say(
                tr(
                    "platform.seal_applied",
                    id=app["id"],
                    name=app["name"],
                    state=tr(f"platform.seal_state_{app['state']}"),
                    type=tr(f"platform.seal_type_{app['type']}"),
                    size=size_words(app),
                )
            )
            self.refresh(then_select=app["id"])

        def failed(e: BaseException) -> None:
            if signing.retried(e):  # the PIN asked again, the tries left said
                return
            dialog.set_busy(False)
            if dialog.show_input_error(e):
                return
            refused = isinstance(e, platform.ServerRefused)
            if refused and e.kind == "certificate_required":  # type: ignore[attr-defined]
                may = page.may("certificate.request")
                dialog.show_refusal(
                    tr("gui.platform_seal_cert_needed" if may else "gui.platform_seal_cert_ask"),
                    certificate=may,
                )
                self._cert_asked = may
                if may and page.certificate.reply is None:
                    page.certificate.refresh()  # 申请数字证书 needs its state read
                self.update_controls()
                return
            if isinstance(e, platform.ServerUnreachable):
                dialog.show_refusal(
                    tr("gui.platform_seal_unreachable", url=e.url), certificate=False
                )
            else:
                dialog.show_refusal(message_of(e), certificate=False)
            page.problem(e)

        dialog.submitted.connect(send)
        dialog.open()

    def _generate(self, style: str) -> None:
        """The preview of a generated seal drawn on the page's worker for the unit's name."""
        dialog = self.dialog
        if dialog is None:
            return
        try:
            size = dialog.size_mm()
        except platform.InvalidInput as e:
            dialog.show_input_error(e)
            return
        view = self.page.view
        unit = view.status.unit_name if view else ""

        def done(png: bytes) -> None:
            if self.dialog is dialog:
                dialog.show_generated(style, png)

        def failed(e: BaseException) -> None:
            if self.dialog is dialog and not dialog.show_input_error(e):
                dialog.field_error("picture", message_of(e))

        self.page.run(
            lambda: seals_layer().style_preview(style, unit, size),
            done,
            failed=failed,
            text=tr("gui.platform_seal_generating"),
        )

    # --- 回执, 写入UKey, 冻结/解冻, 注销 --------------------------------------------------------

    def offered(self, app: dict[str, Any] | None) -> tuple[str, ...]:
        """What may be done with ``app`` by this person (WAVE2-NOTES A5): 回执 a USB KEY seal
        the CA approved (the unit UKey user), write a valid, unfrozen one into the key, 注销 a
        valid one, or 冻结/解冻 it (the UKey user, or a 印章管理员 for those they read)."""
        if app is None:
            return ()
        ukey, state = app["type"] == "ukey", app["state"]
        page, shown = self.page, []
        if ukey and state == "receipt" and page.may("seals.receipt") and self.key_holder():
            shown.append("receipt")
        frozen = bool(app.get("frozen_ms"))
        if ukey and state == "valid" and not frozen:
            shown.append("write")
        if state == "valid" and page.may("seals.freeze"):
            shown.append("unfreeze" if frozen else "freeze")
        if state == "valid" and page.may("seals.revoke"):
            shown.append("revoke")
        return tuple(shown)

    def _update_actions(self) -> None:
        offered = self.offered(self.chosen())
        can = self.allowed() and not self.page.busy and not self.page.offline
        for action, button in self.action_buttons.items():
            button.setVisible(action in offered)
            button.setEnabled(can)

    def _chosen_for(self, action: str) -> dict[str, Any] | None:
        app = self.chosen()
        if app is None or action not in self.offered(app):
            return None
        if not self.action_buttons[action].isEnabled():
            return None
        return app

    def _changed(self, app_id: str, said: str) -> None:
        """The platform took the change: said, the list read again with the seal chosen."""
        self.page.went_online()
        self.page.say(said)
        self.refresh(then_select=app_id)

    def _failed(self, e: BaseException, app_id: str) -> None:
        """Said as every refusal is; the list read again (a stale state shows as it is now)
        unless the platform cannot be reached or the session ended."""
        page = self.page
        page.problem(e)
        if page.logged_in_view() and not page.offline:
            self.refresh(then_select=app_id)

    def receipt(self) -> None:
        """回执: the key's PIN (the same path as 申请印章's), then the receipt: 有效."""
        app = self._chosen_for("receipt")
        if app is None:
            return
        page, app_id, lang = self.page, app["id"], i18n.language()
        self.signing = signing = KeySigning(page, self, tr("gui.platform_seal_receipt_title"))

        def signed(sign: Sign) -> None:
            page.run(
                lambda: seals_layer().receipt_seal(app_id, sign=sign, lang=lang),
                done,
                failed=failed,
                text=tr("gui.platform_seal_receipting"),
            )

        def done(reply: dict[str, Any]) -> None:
            valid_to = applied_at(reply.get("valid_to_ms"))
            said = tr("gui.platform_seal_receipted", name=reply["name"], valid_to=valid_to)
            self._changed(app_id, said)

        def failed(e: BaseException) -> None:
            if not signing.retried(e):  # the PIN asked again, the tries left said
                self._failed(e, app_id)

        if not signing.start(signed):
            page.say(tr("gui.platform_seal_no_key"), error=True)

    def write(self) -> None:
        """写入UKey: the seal downloaded and checked (nothing asked of the key when it cannot
        be written), the key's PIN, then written on the key's thread as the 印章 page writes."""
        app = self._chosen_for("write")
        if app is None:
            return
        page, app_id, lang = self.page, app["id"], i18n.language()
        self.signing = signing = KeySigning(page, self, tr("gui.platform_seal_write_title"))

        def fetched(seal: Any) -> None:
            if not signing.start_pin(lambda label, pin: into_key(seal, label, pin)):
                page.say(tr("gui.platform_seal_no_key"), error=True)

        def into_key(seal: Any, label: str, pin: str) -> None:
            service = page.service

            def work() -> str:
                layer = seals_layer()
                future = service.change_key(
                    label=label,
                    pin=pin,
                    work=lambda session: layer.write_platform_seal(session, seal, None),
                )
                return future.result(timeout=KEY_WAIT)  # type: ignore[no-any-return]

            page.run(work, done, failed=failed, text=tr("gui.platform_seal_writing"))

        def done(label: str) -> None:
            self._changed(app_id, tr("gui.platform_seal_written", label=label))

        def failed(e: BaseException) -> None:
            if not signing.retried(e):
                self._failed(e, app_id)

        page.run(
            lambda: seals_layer().platform_seal(app_id, lang),
            fetched,
            failed=lambda e: self._failed(e, app_id),
            text=tr("gui.platform_seal_downloading"),
        )

    def freeze(self, freeze: bool) -> None:
        """冻结 (not written into a key until 解冻) or 解冻 the chosen 有效 seal."""
        app = self._chosen_for("freeze" if freeze else "unfreeze")
        if app is None:
            return
        app_id, lang = app["id"], i18n.language()

        def done(reply: dict[str, Any]) -> None:
            said = "gui.platform_seal_frozen" if freeze else "platform.seal_unfreezed"
            self._changed(app_id, tr(said, name=reply["name"]))

        self.page.run(
            lambda: seals_layer().freeze_seal(app_id, freeze=freeze, lang=lang),
            done,
            failed=lambda e: self._failed(e, app_id),
            text=tr("gui.platform_seal_freezing" if freeze else "gui.platform_seal_unfreezing"),
        )

    def ask_revoke(self) -> None:
        """注销 asks a second confirmation naming the seal (the seed's), Cancel the default."""
        app = self._chosen_for("revoke")
        if app is None:
            return
        if self.revoke_box is not None:
            self.revoke_box.deleteLater()  # the last one, closed
        self.revoke_box = box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(tr("gui.platform_seal_revoke"))
        box.setText(
            tr(
                "gui.platform_seal_revoke_confirm",
                name=app["name"],
                type=tr(f"platform.seal_type_{app['type']}"),
                size=size_words(app),
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(lambda: self._revoke(app["id"]))
        box.open()

    def _revoke(self, app_id: str) -> None:
        lang = i18n.language()

        def done(reply: dict[str, Any]) -> None:
            self._changed(app_id, tr("gui.platform_seal_revoked", name=reply["name"]))

        self.page.run(
            lambda: seals_layer().revoke_seal(app_id, lang),
            done,
            failed=lambda e: self._failed(e, app_id),
            text=tr("gui.platform_seal_revoking"),
        )
