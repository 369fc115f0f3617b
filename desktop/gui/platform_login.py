"""平台 login: USBKey登录 (the server's challenge signed by the key in the reader, the PIN
through the PIN dialog) and 账号登录 (phone + password; an SMS code when the server asks for
one, then the offer to set a password; 找回密码 with an SMS code)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sealdesk.desktop import i18n
from sealdesk.desktop.gui.key_service import KeySnapshot
from sealdesk.desktop.gui.key_signing import KeySigning, Sign
from sealdesk.desktop.gui.pin_dialog import PinDialog
from sealdesk.desktop.gui.platform_dialogs import SetPasswordDialog
from sealdesk.desktop.gui.platform_page import platform
from sealdesk.desktop.gui.worker import message_of
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    from sealdesk.app import platform as _platform
    from sealdesk.desktop.gui.platform_page import PlatformPage

DEFAULT_SERVER = "http://127.0.0.1:8470"  # `sealdesk server run` on this computer
SMS_WAIT = 60  # seconds before another code may be asked for


class LoginPanel(QWidget):
    """The login screen of the 平台 page."""

    def __init__(self, page: PlatformPage) -> None:
        super().__init__()
        self.page = page
        self.signing = KeySigning(page, self, tr("gui.platform_login_ukey"))
        self.password_dialog: SetPasswordDialog | None = None
        self.mode = "password"  # or "sms" (验证码登录) or "reset" (找回密码)
        self._wait_left = 0

        title = QLabel(tr("gui.platform_login_title"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.server = QLineEdit(DEFAULT_SERVER)
        self.server.setPlaceholderText("https://platform.example")
        self.server.setAccessibleName(tr("gui.platform_server"))
        server_form = QFormLayout()
        server_form.addRow(tr("gui.platform_server"), self.server)

        # USBKey登录
        ukey = QWidget()
        self.key_state = QLabel(tr("gui.key_absent"))
        self.key_state.setWordWrap(True)
        ukey_hint = QLabel(tr("gui.platform_ukey_hint"))
        ukey_hint.setWordWrap(True)
        ukey_hint.setStyleSheet("color: #666;")
        self.ukey_button = QPushButton(tr("gui.platform_login_ukey"))
        self.ukey_button.setDefault(True)
        self.ukey_button.clicked.connect(self.ukey_login)
        inner = QVBoxLayout(ukey)
        inner.addWidget(self.key_state)
        inner.addWidget(ukey_hint)
        inner.addWidget(self.ukey_button)
        inner.addStretch(1)

        # 账号登录
        account = QWidget()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(tr("gui.platform_phone_hint"))
        self.phone.setMaxLength(20)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(64)
        # 图形验证码 (seed 004): a code is sent only after the picture is read; a click on the
        # picture asks for another, and each send uses one up
        self.captcha = QLineEdit()
        self.captcha.setMaxLength(10)
        self.captcha.setPlaceholderText(tr("gui.platform_captcha_hint"))
        self.captcha_id = ""
        self.captcha_image = QPushButton()
        self.captcha_image.setFlat(True)
        self.captcha_image.setIconSize(QSize(150, 50))
        self.captcha_image.setFixedSize(156, 54)
        self.captcha_image.setToolTip(tr("gui.platform_captcha_refresh"))
        self.captcha_image.setAccessibleName(tr("gui.platform_captcha_refresh"))
        self.captcha_image.clicked.connect(self.new_captcha)
        self.code = QLineEdit()
        self.code.setMaxLength(6)
        self.code.setPlaceholderText(tr("gui.platform_code_hint"))
        self.send_code = QPushButton(tr("gui.platform_send_code"))
        self.send_code.clicked.connect(self.request_code)
        self.account_button = QPushButton(tr("gui.platform_login_account"))
        self.account_button.clicked.connect(self.account_login)
        self.switch = QPushButton(tr("gui.platform_use_sms"))
        self.switch.setFlat(True)
        self.switch.setStyleSheet("color: #1a5fb4; text-align: left;")
        self.switch.clicked.connect(
            lambda: self.set_mode("sms" if self.mode == "password" else "password")
        )
        self.forgot = QPushButton(tr("gui.platform_forgot"))
        self.forgot.setFlat(True)
        self.forgot.setStyleSheet("color: #1a5fb4; text-align: left;")
        self.forgot.clicked.connect(lambda: self.set_mode("reset"))
        for edit, name in (
            (self.phone, "gui.platform_phone"),
            (self.password, "gui.platform_password"),
            (self.code, "gui.platform_code"),
        ):
            edit.setAccessibleName(tr(name))
            edit.returnPressed.connect(self.account_login)
        self.captcha.setAccessibleName(tr("gui.platform_captcha"))
        self.captcha.returnPressed.connect(self.request_code)
        self.account_form = QFormLayout(account)
        self.account_form.setLabelAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.account_form.addRow(tr("gui.platform_phone"), self.phone)
        captcha_row = QHBoxLayout()
        captcha_row.setContentsMargins(0, 0, 0, 0)
        captcha_row.addWidget(self.captcha, 1)
        captcha_row.addWidget(self.captcha_image)
        self.captcha_row = QWidget()
        self.captcha_row.setLayout(captcha_row)
        self.account_form.addRow(tr("gui.platform_captcha"), self.captcha_row)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.send_code)
        self.code_row = QWidget()
        self.code_row.setLayout(code_row)
        code_row.setContentsMargins(0, 0, 0, 0)
        # the code before the password: 找回密码 asks for both, in the seed's order
        self.account_form.addRow(tr("gui.platform_code"), self.code_row)
        self.account_form.addRow(tr("gui.platform_password"), self.password)
        for before, after in (
            (self.phone, self.captcha),
            (self.captcha, self.code),
            (self.code, self.send_code),
            (self.send_code, self.password),
            (self.password, self.account_button),
        ):
            QWidget.setTabOrder(before, after)
        self.account_form.addRow("", self.account_button)
        links = QHBoxLayout()
        links.setContentsMargins(0, 0, 0, 0)
        links.addWidget(self.switch)
        links.addStretch(1)
        links.addWidget(self.forgot)
        self.account_form.addRow("", links)
        account_note = QLabel(tr("gui.platform_account_note"))
        account_note.setWordWrap(True)
        account_note.setStyleSheet("color: #666;")
        self.account_form.addRow(account_note)

        self.tabs = QTabWidget()
        self.tabs.addTab(ukey, tr("gui.platform_tab_ukey"))
        self.tabs.addTab(account, tr("gui.platform_tab_account"))
        self.tabs.currentChanged.connect(self._tab_changed)

        card = QFrame()
        card.setObjectName("login_card")
        card.setStyleSheet("QFrame#login_card { border: 1px solid #d0d0d0; border-radius: 4px; }")
        card.setMaximumWidth(520)
        box = QVBoxLayout(card)
        box.addWidget(title)
        box.addSpacing(8)
        box.addLayout(server_form)
        box.addWidget(self.tabs)
        self.status_slot = QVBoxLayout()
        box.addLayout(self.status_slot)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(card, 3)
        centred.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addSpacing(40)
        layout.addLayout(centred)
        layout.addStretch(1)

        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self.set_mode("password")
        page.service.snapshot.connect(self.show_snapshot)
        if page.service.last is not None:
            self.show_snapshot(page.service.last)

    # --- state -------------------------------------------------------------------------------

    def prepare(self, server: str | None) -> None:
        """Shown again (first, or after logging out): the last server, empty secrets."""
        if server:
            self.server.setText(server)
        self.password.clear()
        self.code.clear()
        self.captcha.clear()
        self.captcha_id = ""  # a picture asked for before is likely expired
        self.captcha_image.setIcon(QIcon())
        if self.mode != "password":
            self.new_captcha()

    def set_busy(self, busy: bool) -> None:
        for widget in (
            self.ukey_button,
            self.account_button,
            self.switch,
            self.forgot,
            self.server,
        ):
            widget.setEnabled(not busy)
        self.send_code.setEnabled(not busy and self._wait_left == 0)

    @property
    def sms_mode(self) -> bool:
        return self.mode == "sms"

    def set_mode(self, mode: str) -> None:
        """账号密码, 短信验证码 (切换验证码登录 / 切换密码登录) or 找回密码 (忘记密码？ /
        返回登录): the phone stays, the secrets of the last mode go."""
        self.mode = mode
        reset = mode == "reset"
        self.account_form.setRowVisible(self.password, mode != "sms")
        self.account_form.setRowVisible(self.code_row, mode != "password")
        self.account_form.setRowVisible(self.captcha_row, mode != "password")
        if mode != "password" and self.isVisible():
            self.new_captcha()
        label = self.account_form.labelForField(self.password)
        if isinstance(label, QLabel):
            label.setText(tr("gui.platform_new_password" if reset else "gui.platform_password"))
        self.password.clear()
        self.account_button.setText(
            tr("gui.platform_reset" if reset else "gui.platform_login_account")
        )
        self.switch.setText(
            tr(
                "gui.platform_back_to_login"
                if reset
                else "gui.platform_use_password"
                if mode == "sms"
                else "gui.platform_use_sms"
            )
        )
        self.forgot.setVisible(mode == "password")

    def show_snapshot(self, snap: KeySnapshot) -> None:
        if snap.problem:
            self.key_state.setText("⚠ " + snap.problem)
        elif not snap.tokens:
            self.key_state.setText("○ " + tr("gui.key_absent"))
        else:
            t = snap.tokens[0]
            self.key_state.setText(
                "● " + tr("gui.key_present", label=t.label, manufacturer=t.manufacturer)
            )

    def _tab_changed(self, index: int) -> None:
        (self.ukey_button if index == 0 else self.phone).setFocus()

    def _fail(self, e: BaseException) -> None:
        self.page.problem(e)

    # --- USBKey登录 ----------------------------------------------------------------------------

    @property
    def pin_dialog(self) -> PinDialog | None:
        return self.signing.pin_dialog

    def ukey_login(self) -> None:
        """The PIN (unless the key's session is kept), then the login on the worker."""
        if self.signing.token() is None:
            self.page.say(tr("gui.key_absent"), error=True)
            return
        try:
            platform.check_server(self.server.text())
        except platform.InvalidInput as e:
            self.page.problem(e)
            self.server.setFocus()
            return
        self.signing.start(self._ukey)

    def _ukey(self, sign: Sign) -> None:
        page, server, lang = self.page, self.server.text(), i18n.language()
        report = page.progress_reporter()

        def work() -> tuple[_platform.LoginResult, _platform.View]:
            login = platform.login_signed(server, sign, lang=lang, progress=report)
            return login, platform.view()

        page.run(work, page.logged_in, failed=self._ukey_failed, steps=True, text="")
        page.progress_text.setText(tr("gui.platform_stage_challenge"))

    def _ukey_failed(self, e: BaseException) -> None:
        if not self.signing.retried(e):
            self._fail(e)

    # --- 账号登录 ------------------------------------------------------------------------------

    def account_login(self) -> None:
        page, lang = self.page, i18n.language()
        server, phone = self.server.text(), self.phone.text()
        if self.mode == "reset":
            code, password = self.code.text(), self.password.text()
            page.run(
                lambda: platform.reset_password(server, phone, code, password, lang=lang),
                self._reset_done,
                failed=self._account_failed,
                text=tr("gui.platform_resetting"),
            )
            return
        if self.sms_mode:
            code = self.code.text()

            def work() -> tuple[_platform.LoginResult, _platform.View]:
                login = platform.login_sms(server, phone, code, lang=lang)
                return login, platform.view()
        else:
            password = self.password.text()

            def work() -> tuple[_platform.LoginResult, _platform.View]:
                login = platform.login_password(server, phone, password, lang=lang)
                return login, platform.view()

        page.run(work, self._account_done, failed=self._account_failed, text=tr("gui.logging_in"))

    def _account_done(self, result: tuple[_platform.LoginResult, _platform.View]) -> None:
        self.password.clear()
        self.code.clear()
        self._code_used()
        self.page.logged_in(result)

    def _code_used(self) -> None:
        """The server lets a new code be sent at once after one is used: no countdown."""
        self._wait_left = 0
        self._tick(counting=False)

    def _reset_done(self, _result: object) -> None:
        self.code.clear()
        self._code_used()
        self.set_mode("password")
        self.page.say(tr("gui.platform_password_reset_done"))
        self.password.setFocus()

    def _account_failed(self, e: BaseException) -> None:
        if isinstance(e, platform.ServerRefused) and e.kind == "password_not_set":
            # seed 004: a person with no password yet goes on with an SMS code
            self.set_mode("sms")
            self.page.say(e.message, error=True)
            self.captcha.setFocus()
            return
        self._fail(e)
        if isinstance(e, platform.InvalidInput):
            target = {
                "phone": self.phone,
                "captcha": self.captcha,
                "code": self.code,
                "password": self.password,
            }
            target.get(e.field, self.server).setFocus()

    def new_captcha(self) -> None:
        """Ask the server for another 图形验证码 picture (off the GUI thread)."""
        server, lang = self.server.text(), i18n.language()
        self.captcha.clear()

        def shown(captcha: _platform.Captcha) -> None:
            picture = QPixmap()
            picture.loadFromData(captcha.png, "PNG")
            self.captcha_image.setIcon(QIcon(picture))
            self.captcha_id = captcha.captcha_id

        self.page.worker.submit(lambda: platform.captcha(server, lang=lang), shown, self._fail)

    def request_code(self) -> None:
        page, lang = self.page, i18n.language()
        server, phone = self.server.text(), self.phone.text()
        captcha_id, answer = self.captcha_id, self.captcha.text()
        if not captcha_id:  # the picture did not come (yet): another, and nothing sent
            self.new_captcha()
            return
        self.captcha_id = ""  # used up by this send, whatever the server says

        def sent(seconds: int) -> None:
            self.new_captcha()  # this one is used up
            page.say(tr("gui.platform_code_sent", phone=phone.strip(), minutes=seconds // 60))
            self._wait_left = SMS_WAIT
            self._tick(counting=False)
            self._timer.start()
            self.code.setFocus()

        def refused(e: BaseException) -> None:
            if not isinstance(e, platform.InvalidInput):
                self.new_captcha()  # the server used the picture up, whatever it said
            self._account_failed(e)

        page.run(
            lambda: platform.send_sms(server, phone, captcha_id, answer, lang=lang),
            sent,
            failed=refused,
            text=tr("gui.platform_sending_code"),
        )

    def _tick(self, *, counting: bool = True) -> None:
        if counting:
            self._wait_left = max(0, self._wait_left - 1)
        if self._wait_left:
            self.send_code.setText(tr("gui.platform_send_again", seconds=self._wait_left))
            self.send_code.setEnabled(False)
        else:
            self._timer.stop()
            self.send_code.setText(tr("gui.platform_send_code"))
            self.send_code.setEnabled(not self.page.busy)

    # --- after an SMS login: 设置密码 (may be skipped) -------------------------------------------

    def offer_password(self) -> None:
        if self.password_dialog is not None:
            self.password_dialog.deleteLater()
        self.password_dialog = dialog = SetPasswordDialog(self)
        dialog.submitted.connect(self._set_password)
        self.page.cancelled.connect(dialog.unbusy)
        self.password_dialog.open()

    def _set_password(self) -> None:
        dialog = self.password_dialog
        if dialog is None:
            return
        password, lang = dialog.password(), i18n.language()

        def done(_result: object) -> None:
            dialog.set_busy(False)
            dialog.accept()
            self.page.say(tr("gui.platform_password_set"))

        def failed(e: BaseException) -> None:
            dialog.set_busy(False)
            dialog.show_problem(message_of(e))

        self.page.run(
            lambda: platform.set_password(password, lang),
            done,
            failed=failed,
            text=tr("gui.platform_saving"),
        )
