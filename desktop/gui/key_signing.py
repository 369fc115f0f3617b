"""A platform call signed by the unit key in the reader (UKey login, 申请数字证书, 回执): the
PIN first unless the key's session is kept, and again after a wrong one, with the tries left;
a change made in the key itself (写入UKey) always asks it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from sealdesk.desktop.gui.key_service import PinNeeded
from sealdesk.desktop.gui.pin_dialog import PinDialog
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    from sealdesk.desktop.gui.platform_page import PlatformPage

Sign = Callable[[bytes], tuple[bytes, bytes]]


class KeySigning:
    """``start(call)`` hands ``call`` a signer for the key in the reader once its PIN is
    known; ``retried(error)`` after the call failed asks the PIN again when that was why."""

    def __init__(self, page: PlatformPage, parent: QWidget, title: str) -> None:
        self.page = page
        self.parent = parent
        self.title = title
        self.pin_dialog: PinDialog | None = None
        self._call: Callable[[str, str | None], None] | None = None  # key label, PIN
        self._cancelled: Callable[[], None] | None = None

    def token(self) -> Any:
        snap = self.page.service.last
        return snap.tokens[0] if snap and snap.tokens else None

    def start(
        self, call: Callable[[Sign], None], cancelled: Callable[[], None] | None = None
    ) -> bool:
        """False when no key is in the reader (nothing started)."""
        token = self.token()
        if token is None:
            return False
        page = self.page
        self._call = lambda label, pin: call(page.key_sign(label, pin))
        self._cancelled = cancelled
        if page.keep_login and page.service.has_session(token.label):
            self._call(token.label, None)
        else:
            self.ask_pin(token)
        return True

    def start_pin(
        self, call: Callable[[str, str], None], cancelled: Callable[[], None] | None = None
    ) -> bool:
        """``call(label, pin)`` once the PIN of the key in the reader is typed, asked every
        time (a change made in the key: a kept session signs, it does not write); asked again
        as :meth:`start` does when :meth:`retried`. False when no key is in the reader."""
        token = self.token()
        if token is None:
            return False
        self._call = lambda label, pin: call(label, pin or "")
        self._cancelled = cancelled
        self.ask_pin(token)
        return True

    def ask_pin(self, token: Any, problem: str = "") -> None:
        if self.pin_dialog is not None:
            self.pin_dialog.deleteLater()  # the last one, closed
        self.pin_dialog = dialog = PinDialog(self.parent, token, problem)
        dialog.setWindowTitle(self.title)
        dialog.accepted.connect(self._entered)
        if self._cancelled is not None:
            dialog.rejected.connect(self._cancelled)
        dialog.open()

    def _entered(self) -> None:
        dialog = self.pin_dialog
        if dialog is None or self._call is None:
            return
        pin = dialog.pin()
        dialog.edit.clear()
        self._call(dialog.token.label, pin)

    def retried(self, e: BaseException) -> bool:
        """True when ``e`` was the PIN (needed, or wrong with tries left) and it is asked
        again; a locked PIN is the caller's to say."""
        from sealdesk.desktop.errors import describe

        token = self.token()
        if token is None or self._call is None:
            return False
        if isinstance(e, PinNeeded):
            self.ask_pin(token, tr("gui.pin_again"))
            return True
        problem = describe(e)
        if problem is None or not problem.kind.startswith("pin_"):
            return False
        self.page.service.refresh()  # the key's PIN flags changed
        if problem.kind == "pin_locked":
            return False
        self.ask_pin(token, problem.message)
        return True
