"""平台: log in to the e-seal platform (UKey or account), then 人员管理, 角色管理, 白名单,
操作日志, 数字证书 and 印章 (印章申请) over the application layer (sealdesk.app.platform).
Every call that may touch the network or the store runs on the page's worker; offline, the
pages show the local store, read-only, under a banner with 同步 and the time of the last
sync."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sealdesk.desktop import i18n
from sealdesk.desktop.gui.key_service import KeyService
from sealdesk.desktop.gui.worker import Worker, message_of
from sealdesk.desktop.i18n import tr
from sealdesk.desktop.platform_words import overridden_line
from sealdesk.sync import names

if TYPE_CHECKING:
    from sealdesk.app import platform as _platform


KEY_WAIT = 120.0  # seconds a signature waits for the key thread (a batch may be signing)


class _Deferred:
    """sealdesk.app.platform, imported where it is first used: on the page's worker, which reads
    the first view (SQLAlchemy and httpx are a fifth of a second of imports, seconds on a busy
    machine, that the GUI thread would otherwise spend when 平台 is first shown)."""

    def __getattr__(self, name: str) -> Any:
        from sealdesk.app import platform as module

        return getattr(module, name)


platform: Any = _Deferred()
ERROR = "#c62828"
GOOD = "#1a7f37"
INFO = "#1a5fb4"
# what a change gave, the error that stopped it (or Offline: kept in the outbox), the view after
Outcome = tuple[Any, BaseException | None, "_platform.View | None"]


def local_time(iso: str | None) -> str:
    """An ISO time (any offset) as this computer's local time, to the second."""
    if not iso:
        return tr("gui.platform_never")
    try:
        return dt.datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return iso


def role_names(codes: list[str], roles: list[dict[str, Any]]) -> str:
    """Role codes in words, in the catalogue's order (公务人员 left out when others are held)."""
    key = "name_en" if i18n.language() == "en" else "name_zh"
    shown = [r[key] for r in roles if r["code"] in codes and r["code"] != "member"]
    if not shown and "member" in codes:
        shown = [r[key] for r in roles if r["code"] == "member"]
    return listed(shown)


def listed(words: list[str]) -> str:
    """Words in a list as each language writes one."""
    return ", ".join(words) if i18n.language() == "en" else "、".join(words)


def offline_now() -> str:
    """The server could not be reached just now (the time: a second 同步 says it again)."""
    return tr("gui.platform_offline_short", time=dt.datetime.now().strftime("%H:%M:%S"))


class PlatformPage(QWidget):
    """The login screen, or the unit's pages once logged in."""

    progress_seen = Signal(float, str, int)  # on the worker; shown on the GUI thread
    cancelled = Signal()  # 取消: the work in flight is no longer waited for
    view_shown = Signal(object)  # _platform.View, after every reload

    def __init__(self, service: KeyService) -> None:
        super().__init__()
        from sealdesk.desktop.gui.platform_certificate import CertificateTab
        from sealdesk.desktop.gui.platform_login import LoginPanel
        from sealdesk.desktop.gui.platform_people import PeopleTab
        from sealdesk.desktop.gui.platform_seals import SealsTab
        from sealdesk.desktop.gui.platform_tabs import AuditTab, RolesTab, WhitelistTab

        self.service = service
        self.keep_login = True  # the key's session stays logged in after a PIN (設置)
        self.worker = Worker("sealdesk-platform", self)
        self.view: _platform.View | None = None
        self.offline = False
        self._busy = 0
        self._generation = 0  # work started before the last 取消 is not waited for

        # the busy bar and what happened: moved into whichever view is shown
        self.status_box = QWidget()
        status = QVBoxLayout(self.status_box)
        status.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(False)
        self.progress_text = QLabel("")
        self.cancel_button = QPushButton(tr("gui.cancel"))
        self.cancel_button.setToolTip(tr("gui.platform_cancel_hint"))
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.progress)
        row.addWidget(self.progress_text, 1)
        row.addWidget(self.cancel_button)
        for widget in (self.progress, self.progress_text, self.cancel_button):
            widget.setVisible(False)
        status.addLayout(row)
        self.feedback = QLabel("")
        self.feedback.setWordWrap(True)
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        status.addWidget(self.feedback)

        self.login = LoginPanel(self)

        # --- the session: who, sync, the offline banner, the tabs -------------------------
        self.session = QWidget()
        self.who = QLabel("")
        self.who.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.who.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last_sync = QLabel("")
        self.last_sync.setStyleSheet("color: #555;")
        self.sync_button = QPushButton(tr("gui.platform_sync"))
        self.sync_button.setToolTip(tr("gui.platform_sync_hint"))
        self.sync_button.clicked.connect(self.sync)
        self.logout_button = QPushButton(tr("gui.platform_logout"))
        self.logout_button.clicked.connect(self.logout)
        self.banner = QLabel("")
        self.banner.setWordWrap(True)
        self.banner.setObjectName("offline_banner")
        self.banner.setStyleSheet(
            "QLabel#offline_banner { background: #fff4ce; color: #6b4e00;"
            " border: 1px solid #e0b000; border-radius: 3px; padding: 6px 10px; }"
        )
        self.banner.setVisible(False)
        self.people = PeopleTab(self)
        self.roles = RolesTab(self)
        self.whitelist = WhitelistTab(self)
        self.audit = AuditTab(self)
        self.certificate = CertificateTab(self)
        self.seals = SealsTab(self)
        self.tabs = QTabWidget()
        for tab, key in (
            (self.people, "gui.platform_people"),
            (self.roles, "gui.platform_roles"),
            (self.whitelist, "gui.platform_whitelist"),
            (self.audit, "gui.platform_audit"),
            (self.certificate, "gui.platform_certificate"),
            (self.seals, "gui.platform_seals"),
        ):
            self.tabs.addTab(tab, tr(key))
        self.tabs.currentChanged.connect(self._tab_changed)
        head = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.who)
        names.addWidget(self.last_sync)
        head.addLayout(names, 1)
        head.addWidget(self.sync_button)
        head.addWidget(self.logout_button)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: #d0d0d0;")
        self.session_layout = QVBoxLayout(self.session)
        self.session_layout.addLayout(head)
        self.session_layout.addWidget(line)
        self.session_layout.addWidget(self.banner)
        self.session_slot = QVBoxLayout()
        self.session_layout.addLayout(self.session_slot)
        self.session_layout.addWidget(self.tabs, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.login)
        self.stack.addWidget(self.session)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.progress_seen.connect(self._progress)
        self._place_status(self.login.status_slot)
        self.run(lambda: platform.view(), self._first_view, text=tr("gui.platform_loading"))

    # --- running work ------------------------------------------------------------------------

    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        *,
        text: str,
        failed: Callable[[BaseException], None] | None = None,
        steps: bool = False,
    ) -> None:
        """``work`` on the worker with the busy bar and ``text``; ``done`` or ``failed``
        (else :meth:`problem`) on the GUI thread. ``steps``: the bar counts progress_seen."""
        self._busy += 1
        self.progress.setRange(0, 100 if steps else 0)
        self.progress.setValue(0)
        self.progress_text.setText(text)
        for widget in (self.progress, self.progress_text, self.cancel_button):
            widget.setVisible(True)
        self._update_controls()
        generation = self._generation

        def ok(result: Any) -> None:
            if generation == self._generation:
                self._idle()
                done(result)

        def bad(e: BaseException) -> None:
            if generation == self._generation:
                self._idle()
                (failed or self.problem)(e)

        self.worker.submit(work, ok, bad)

    def cancel(self) -> None:
        """取消: stop waiting for the work in flight (a request cannot be taken back from the
        network: what the server has done stays done, and the next 同步 shows it). Its thread
        finishes on its own; the next work starts on a new one."""
        self._generation += 1
        self.worker.shutdown(wait=False)  # results still on their way are dropped
        self.worker = Worker("sealdesk-platform", self)
        self._busy = 1
        self._idle()
        self.say(tr("gui.platform_cancelled"), error=True)
        self.cancelled.emit()

    @property
    def busy(self) -> bool:
        return self._busy > 0

    def _idle(self) -> None:
        self._busy = max(0, self._busy - 1)
        if not self._busy:
            for widget in (self.progress, self.progress_text, self.cancel_button):
                widget.setVisible(False)
        self._update_controls()

    def progress_reporter(self) -> Callable[[float, str], None]:
        """What the application layer calls on the worker with its steps (shown on the GUI
        thread, unless 取消 came in between)."""
        generation = self._generation

        def report(fraction: float, stage: str) -> None:
            with contextlib.suppress(RuntimeError):  # the page is gone: the window closed
                self.progress_seen.emit(fraction, stage, generation)

        return report

    def _progress(self, fraction: float, stage: str, generation: int) -> None:
        if generation != self._generation or not self.busy:
            return
        if self.progress.maximum():
            self.progress.setValue(int(fraction * 100))
        self.progress_text.setText(tr(f"gui.platform_stage_{stage}"))

    def change(
        self,
        work: Callable[[], Any],
        said: str,
        *,
        then: Callable[[Outcome], None] | None = None,
    ) -> None:
        """A change through the application layer (made here, then synced), the view read
        again after it whatever happened; ``said`` when the server took it."""

        def outcome() -> Outcome:
            try:
                result, error = work(), None
            except Exception as e:
                result = e.result if isinstance(e, platform.Offline) else None
                error = e
            try:
                after: _platform.View | None = platform.view()
            except Exception:
                after = None
            return result, error, after

        def done(out: Outcome) -> None:
            _result, error, after = out
            if after is not None:
                self.show_view(after)
            if error is None:
                self.went_online()
                self.say(said)
            elif isinstance(error, platform.Offline):
                self.went_offline(error.cause.url, error.last_sync)
                self.say(tr("platform.queued"), error=True)
            else:
                self.problem(error)
            if then is not None:
                then(out)

        self.run(outcome, done, text=tr("gui.platform_saving"))

    # --- what happened -------------------------------------------------------------------------

    def say(self, text: str, *, error: bool = False) -> None:
        self.feedback.setStyleSheet(f"color: {ERROR if error else GOOD};")
        self.feedback.setText(text)

    def key_sign(self, label: str, pin: str | None) -> Callable[[bytes], tuple[bytes, bytes]]:
        """A server challenge signed on the key's own thread (the platform's worker waits
        for it): its signature and the key's certificate. ``pin`` None: the key's kept
        session (raises PinNeeded when there is none)."""
        service, keep = self.service, self.keep_login

        def sign(challenge: bytes) -> tuple[bytes, bytes]:
            future = service.sign_challenge(label=label, pin=pin, data=challenge, keep=keep)
            return future.result(timeout=KEY_WAIT)

        return sign

    def problem(self, e: BaseException) -> None:
        """An error in words; the network's errors also change the page's state."""
        if isinstance(e, platform.Offline):
            self.went_offline(e.cause.url, e.last_sync)
            self.say(
                tr("gui.platform_offline_short", time=dt.datetime.now().strftime("%H:%M:%S")),
                error=True,
            )
        elif isinstance(e, platform.ServerUnreachable):
            if self.stack.currentWidget() is self.session:
                self.went_offline(e.url, self.view.status.last_sync if self.view else None)
            self.say(tr("gui.platform_unreachable", url=e.url), error=True)
        elif (
            # the session ended; another 401 (a key's proof refused: its signature, its
            # certificate, a used challenge) is said like any refusal
            isinstance(e, platform.ServerRefused)
            and (e.status, e.kind) == (401, "unauthenticated")
            and self.logged_in_view()
        ) or isinstance(e, platform.NotLoggedIn):
            self.show_login(tr("gui.platform_session_ended"))
        else:
            self.say(message_of(e), error=True)

    def logged_in_view(self) -> bool:
        return self.stack.currentWidget() is self.session

    def went_offline(self, url: str, last_sync: str | None) -> None:
        self.offline = True
        self.banner.setText(tr("gui.platform_offline", url=url, last=local_time(last_sync)))
        self.banner.setVisible(True)
        self._update_controls()

    def went_online(self) -> None:
        self.offline = False
        self.banner.setVisible(False)
        self._update_controls()

    # --- views -----------------------------------------------------------------------------------

    def _place_status(self, slot: QLayout) -> None:
        if slot.indexOf(self.status_box) < 0:
            slot.addWidget(self.status_box)  # leaves the other view's layout

    def _first_view(self, view: _platform.View) -> None:
        self.worker.submit(names.load)  # 人员管理's letters, loaded off the GUI thread
        if view.status.logged_in:
            self.show_session(view)
            self.sync()
        else:
            self.show_login("", view.status.server)

    def show_login(self, message: str = "", server: str | None = None) -> None:
        self.login.prepare(server or (self.view.status.server if self.view else None))
        self._place_status(self.login.status_slot)
        self.stack.setCurrentWidget(self.login)
        self.banner.setVisible(False)
        self.offline = False
        if message:
            self.say(message, error=True)
        else:
            self.feedback.setText("")

    def show_session(self, view: _platform.View) -> None:
        self._place_status(self.session_slot)
        self.stack.setCurrentWidget(self.session)
        self.show_view(view)

    def show_view(self, view: _platform.View) -> None:
        """Everything read again from the local store: the header and every tab."""
        self.view = view
        status = view.status
        user = status.user or {}
        self.who.setText(
            tr(
                "gui.platform_who",
                name=user.get("name", "?"),
                roles=role_names(user.get("roles", []), view.roles) or "-",
                unit=status.unit_name or "-",
                code=status.credit_code or "-",
            )
        )
        text = tr("gui.platform_last_sync", time=local_time(status.last_sync))
        for key, count in (
            ("gui.platform_outbox", status.outbox),
            ("gui.platform_outbox_others", status.waiting_for_others),
            ("gui.platform_outbox_unclaimed", status.unclaimed),
        ):
            if count:
                text += "  " + tr(key, count=count)
        self.last_sync.setText(text)
        for tab in self.all_tabs():
            tab.show_view(view)
        self._update_controls()
        self.view_shown.emit(view)

    def may(self, permission: str) -> bool:
        return self.view is not None and self.view.status.may(permission)

    def editable(self, permission: str) -> bool:
        """Whether changes needing ``permission`` can be made now: allowed, online, idle."""
        return self.may(permission) and not self.offline and not self.busy

    def _update_controls(self) -> None:
        self.sync_button.setEnabled(not self.busy)
        self.logout_button.setEnabled(not self.busy)
        self.login.set_busy(self.busy)
        if self.view is not None:
            for tab in self.all_tabs():
                tab.update_controls()

    def all_tabs(self) -> tuple[Any, ...]:
        return (self.people, self.roles, self.whitelist, self.audit, self.certificate, self.seals)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.audit:
            self.audit.refresh_if_stale()
        elif self.tabs.widget(index) is self.certificate:
            self.certificate.refresh_if_stale()
        elif self.tabs.widget(index) is self.seals:
            self.seals.refresh_if_stale()

    # --- session -----------------------------------------------------------------------------

    def logged_in(self, result: tuple[_platform.LoginResult, _platform.View]) -> None:
        login, view = result
        self.went_online()
        self.show_session(view)
        self.say(tr("platform.logged_in", user=login.user["name"], unit=login.unit["name"]))
        self.audit.forget()
        self.certificate.forget()
        self.seals.forget()
        if "set_password" in login.warnings:
            self.login.offer_password()

    def sync(self) -> None:
        """同步: send the changes made here, fetch the server's, show the result."""
        lang = i18n.language()

        def work() -> Outcome:
            try:
                return platform.sync(lang), None, platform.view()
            except platform.Offline as e:
                return None, e, platform.view()

        def done(out: Outcome) -> None:
            report, error, view = out
            if view is not None:
                self.show_view(view)
            if isinstance(error, platform.Offline):
                self.went_offline(error.cause.url, error.last_sync)
                self.say(
                    tr("gui.platform_offline_short", time=dt.datetime.now().strftime("%H:%M:%S")),
                    error=True,
                )
                return
            self.went_online()
            # the changes that did not take effect, under the count: each said, none hidden
            lost = [tr("err.server_refused", message=r["message"]) for r in report.refused]
            lost += [overridden_line(change) for change in report.overridden]
            synced = tr(
                "platform.synced", pushed=report.pushed, pulled=report.pulled, seq=report.seq
            )
            self.say("\n".join([synced, *lost]), error=bool(lost))
            if self.tabs.currentWidget() is self.audit:
                self.audit.refresh()
            elif self.tabs.currentWidget() is self.certificate:
                self.certificate.refresh()
            elif self.tabs.currentWidget() is self.seals:
                self.seals.refresh()

        self.run(work, done, text=tr("gui.platform_syncing"))

    def logout(self) -> None:
        lang = i18n.language()

        def work() -> tuple[int, _platform.View]:
            kept = platform.logout(lang)
            return kept, platform.view()

        def done(out: tuple[int, _platform.View]) -> None:
            kept, view = out
            self.view = view
            self.audit.forget()
            self.certificate.forget()
            self.seals.forget()
            self.show_login()
            if kept:
                self.say(tr("gui.platform_logged_out_kept", count=kept))
            else:
                self.say(tr("platform.logged_out"))

        self.run(work, done, text=tr("gui.platform_logging_out"))

    def shutdown(self) -> None:
        # a request in flight finishes on its own (its timeouts bound it); closing never waits
        self.worker.shutdown(wait=False)
