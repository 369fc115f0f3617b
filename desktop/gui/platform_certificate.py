"""The 平台 page's 数字证书 tab: whether the unit has requested its certificate (申请数字证书,
seed 004 S4:130-169: needed before any seal or signing), the certificate once it has (颁发对象,
颁发者, 证件号, 序列号, 有效期, DN, 有效性), and the request form. 超级管理员 and 系统管理员 only;
the last answer is kept for reading offline, a request needs the server."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sealdesk.desktop import i18n
from sealdesk.desktop.gui.key_signing import KeySigning, Sign
from sealdesk.desktop.gui.platform_dialogs import FormDialog
from sealdesk.desktop.gui.platform_page import GOOD, platform, role_names
from sealdesk.desktop.gui.platform_tabs import Guarded, note_label
from sealdesk.desktop.gui.worker import message_of
from sealdesk.desktop.i18n import tr
from sealdesk.desktop.platform_words import certificate_lines

if TYPE_CHECKING:
    from sealdesk.app import platform as _platform
    from sealdesk.desktop.gui.platform_page import PlatformPage

# the rows shown once the certificate is requested, as certificate_lines says them
DETAILS = (
    "platform.cert_handler",
    "platform.cert_subject",
    "platform.cert_issuer",
    "platform.cert_credit_code",
    "platform.cert_serial",
    "platform.cert_validity",
    "platform.cert_dn",
    "platform.cert_valid_now",
)


def labelled(label: str) -> str:
    """A label before its value, with the colon each language writes."""
    return f"{label}: " if i18n.language() == "en" else f"{label}："


class CertificateDialog(FormDialog):
    """数字证书申请: 单位名称 and 统一社会信用代码 given (read-only), 经办人, 身份证号, 手机号,
    邮箱 typed and checked here, 确定 only once 《数字证书订户协议》 is ticked."""

    def __init__(self, parent: QWidget | None, unit_name: str, credit_code: str) -> None:
        super().__init__(parent, tr("gui.platform_cert_apply"))
        lead = QLabel(tr("gui.platform_cert_lead"))
        lead.setWordWrap(True)
        self.body.addWidget(lead)
        self.unit = QLineEdit(unit_name)
        self.code = QLineEdit(credit_code)
        for edit in (self.unit, self.code):
            edit.setReadOnly(True)
            edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            edit.setStyleSheet("QLineEdit { background: #f2f2f2; border: 1px solid #d0d0d0; }")
        self.name = QLineEdit()
        self.id_number = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.name.setMaxLength(50)
        self.id_number.setMaxLength(18)
        self.phone.setMaxLength(20)
        self.email.setMaxLength(100)
        self.name.setPlaceholderText(tr("gui.platform_cert_name_hint"))
        self.id_number.setPlaceholderText(tr("gui.platform_cert_id_hint"))
        self.phone.setPlaceholderText(tr("gui.platform_phone_hint"))
        self.email.setPlaceholderText("name@example.com")
        form = QFormLayout()
        for key, widget in (
            ("gui.platform_cert_unit", self.unit),
            ("gui.platform_cert_code", self.code),
            ("gui.platform_cert_name", self.name),
            ("gui.platform_col_id", self.id_number),
            ("gui.platform_col_phone", self.phone),
            ("gui.platform_cert_email", self.email),
        ):
            widget.setAccessibleName(tr(key))
            required = widget not in (self.unit, self.code)
            form.addRow(("* " if required else "") + labelled(tr(key)), widget)
        self.body.addLayout(form)
        self.agree = QCheckBox(tr("gui.platform_cert_agree"))
        self.agree.toggled.connect(lambda _on: self.set_busy(self._busy))
        self.body.addWidget(self.agree)
        self._busy = False
        self.finish(self.name)
        self.set_busy(False)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "id_number": self.id_number.text(),
            "phone": self.phone.text(),
            "email": self.email.text(),
            "agreed": self.agree.isChecked(),
        }

    def check(self) -> str:
        fields = {
            "name": self.name,
            "id_number": self.id_number,
            "phone": self.phone,
            "email": self.email,
        }
        try:
            platform.check_text(self.name.text())
            if not self.id_number.text().strip():
                raise platform.InvalidInput("id_number", "empty")
            platform.check_id_number(self.id_number.text())
            platform.check_phone(self.phone.text())
            platform.check_email(self.email.text())
        except platform.InvalidInput as e:
            fields.get(e.field, self.name).setFocus()
            return message_of(e)
        return ""

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ok.setEnabled(not busy and self.agree.isChecked())


class CertificateTab(QWidget):
    """已申请 / 未申请 and the certificate; 申请数字证书 for those who may, while not requested."""

    def __init__(self, page: PlatformPage) -> None:
        super().__init__()
        self.page = page
        self.reply: dict[str, Any] | None = None  # None: not read since the login
        self.dialog: CertificateDialog | None = None
        self.signing: KeySigning | None = None  # the open dialog's PIN
        content = QWidget()
        self.state = QLabel("")
        self.state.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.note = note_label()
        self.apply_button = QPushButton(tr("gui.platform_cert_apply"))
        self.apply_button.clicked.connect(lambda: self.open_dialog())
        self.refresh_button = QPushButton(tr("gui.platform_refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.state, 1)
        top.addWidget(self.apply_button)
        top.addWidget(self.refresh_button)
        self.details = QWidget()
        form = QFormLayout(self.details)
        self.values: dict[str, QLabel] = {}
        for key in DETAILS:
            value = QLabel("")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            form.addRow(labelled(tr(key)), value)
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(top)
        inner.addWidget(self.note)
        inner.addWidget(self.details)
        inner.addStretch(1)
        self.guard = Guarded(content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.guard)
        self._show()

    def allowed(self) -> bool:
        return self.page.may("certificate.read")

    def show_view(self, view: _platform.View) -> None:
        user = view.status.user or {}
        roles = role_names(user.get("roles", []), view.roles) or "-"
        self.guard.allow(self.allowed(), tr("gui.platform_cert_denied", roles=roles))
        self.update_controls()

    def requested(self) -> bool:
        return self.reply is not None and self.reply["state"] == "issued"

    def update_controls(self) -> None:
        self.refresh_button.setEnabled(self.allowed() and not self.page.busy)
        self.apply_button.setVisible(not self.requested())
        self.apply_button.setEnabled(
            self.reply is not None and self.page.editable("certificate.request")
        )

    def forget(self) -> None:
        self.reply = None
        self._show()

    def refresh_if_stale(self) -> None:
        if self.reply is None and self.allowed():
            self.refresh()

    def refresh(self) -> None:
        if not self.allowed():
            return
        lang = i18n.language()

        def work() -> tuple[dict[str, Any] | None, BaseException | None]:
            try:
                return platform.certificate(lang), None
            except platform.Offline as e:
                return e.result, e

        def done(out: tuple[dict[str, Any] | None, BaseException | None]) -> None:
            reply, error = out
            self.reply = reply
            self._show()
            if isinstance(error, platform.Offline):
                self.page.went_offline(error.cause.url, error.last_sync)
            else:
                self.page.went_online()

        self.page.run(work, done, text=tr("gui.platform_reading_cert"))

    def _show(self) -> None:
        reply = self.reply
        if reply is None:
            self.state.setText(tr("platform.cert_state"))
            self.note.setText(tr("gui.platform_cert_unknown"))
        else:
            state = tr(f"platform.cert_{reply['state']}")
            self.state.setText(labelled(tr("platform.cert_state")) + state)
            self.note.setText("" if self.requested() else tr("gui.platform_cert_none_note"))
        self.state.setStyleSheet(
            "font-size: 15px; font-weight: bold;"
            + (f" color: {GOOD};" if self.requested() else " color: #6b4e00;")
        )
        self.note.setVisible(bool(self.note.text()))
        self.details.setVisible(self.requested())
        if reply is not None and self.requested():
            shown = dict(certificate_lines(reply))
            for key, label in self.values.items():
                label.setText(shown.get(key, "-"))
        self.update_controls()

    def open_dialog(self, parent: QWidget | None = None) -> None:
        """申请数字证书's form, over ``parent`` (the tab; 申请印章's form when the platform
        refused a seal for the certificate)."""
        if not self.apply_button.isEnabled():
            return
        status = self.page.view.status if self.page.view else None
        reply = self.reply or {}
        if self.dialog is not None:
            self.dialog.deleteLater()  # the last one, closed
        self.dialog = dialog = CertificateDialog(
            parent or self,
            reply.get("unit_name") or (status.unit_name if status else ""),
            reply.get("credit_code") or (status.credit_code if status else ""),
        )
        self.page.cancelled.connect(dialog.unbusy)
        lang = i18n.language()
        # the seed's PIN: the request is signed by the unit's key, asked once the form is right
        self.signing = signing = KeySigning(self.page, dialog, tr("gui.platform_cert_apply"))

        def send() -> None:
            if not signing.start(signed, cancelled=dialog.unbusy):
                dialog.set_busy(False)
                dialog.show_problem(tr("gui.platform_cert_key_needed"))

        def signed(sign: Sign) -> None:
            values = dialog.values()
            self.page.run(
                lambda: platform.request_certificate(**values, sign=sign, lang=lang),
                done,
                failed=failed,
                text=tr("gui.platform_requesting_cert"),
            )

        def done(reply: dict[str, Any]) -> None:
            dialog.set_busy(False)
            dialog.accept()
            self.reply = reply
            self._show()
            self.page.went_online()
            self.page.say(tr("platform.cert_requested", unit=reply["unit_name"]))

        def failed(e: BaseException) -> None:
            if signing.retried(e):  # the PIN asked again, the tries left said
                return
            dialog.set_busy(False)
            dialog.show_problem(message_of(e))
            self.page.problem(e)

        dialog.submitted.connect(send)
        dialog.open()
