"""The GUI's bridge to the key layer: every PKCS#11 and PC/SC call runs off the GUI thread.

One worker thread per hardware stack (STYLE.md rule 5): a single-thread executor for PKCS#11,
the presence watcher's own thread for PC/SC. Results come back as Qt signals.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from sealdesk.desktop.errors import describe
from sealdesk.desktop.i18n import tr
from sealdesk.desktop.keys import open_module
from sealdesk.desktop.settings import Settings
from sealdesk.ukey import ModuleChoice, Pkcs11Module, TokenInfo
from sealdesk.ukey.presence import PresenceEvent, make_watcher
from sealdesk.ukey.token import CertificateObject


@dataclass(frozen=True)
class KeySnapshot:
    """What the window shows about the keys at one moment."""

    choice: ModuleChoice | None
    tokens: list[TokenInfo]
    certificates: dict[str, list[CertificateObject]]
    problem: str | None = None


class KeyService(QObject):
    """Reads keys on a worker thread; emits snapshots, events and PIN results."""

    snapshot = Signal(object)  # KeySnapshot
    presence = Signal(object)  # PresenceEvent
    pin_result = Signal(bool, str)  # ok, message
    watching = Signal(str)  # which presence source runs, or why none

    def __init__(self, *, module_option: str | None, settings: Settings) -> None:
        super().__init__()
        self._module_option = module_option
        self._settings = settings
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sealdesk-pkcs11")
        self._module: Pkcs11Module | None = None
        self._choice: ModuleChoice | None = None
        self._watcher: Any = None

    def _submit(self, fn: Callable[[], Any], done: Callable[[Future[Any]], None]) -> None:
        self._executor.submit(fn).add_done_callback(done)

    def _load(self) -> Pkcs11Module:
        if self._module is None:
            self._module, self._choice = open_module(self._module_option, self._settings)
        return self._module

    def _read(self) -> KeySnapshot:
        try:
            module = self._load()
            tokens = module.tokens()
            certificates = {}
            for info in tokens:
                with module.open(info.label).session() as session:
                    certificates[info.serial] = session.certificates()
            return KeySnapshot(self._choice, tokens, certificates)
        except Exception as e:
            problem = describe(e)
            return KeySnapshot(self._choice, [], {}, problem.message if problem else str(e))

    def refresh(self) -> None:
        """Read the keys again (on the worker)."""
        self._submit(self._read, lambda f: self.snapshot.emit(f.result()))

    def start_watching(self) -> None:
        """Start presence events; each one also triggers a refresh."""

        def on_event(event: PresenceEvent) -> None:
            self.presence.emit(event)
            self.refresh()

        def list_tokens() -> list[TokenInfo]:
            return self._executor.submit(lambda: self._load().tokens()).result()

        try:
            self._watcher = make_watcher(on_event, list_tokens=list_tokens)
        except RuntimeError:
            self.watching.emit(tr("err.no_pcsc"))
            return
        self._watcher.start()
        self.watching.emit(tr("gui.watching", source=" + ".join(self._watcher.sources)))

    def verify_pin(self, label: str, pin: str) -> None:
        """Log in and out with ``pin``; the result arrives as :attr:`pin_result`."""

        def work() -> tuple[bool, str]:
            try:
                with self._load().open(label).session(pin):
                    return True, tr("ok.pin_verified", label=label)
            except Exception as e:
                problem = describe(e)
                return False, problem.message if problem else str(e)

        self._submit(work, lambda f: self.pin_result.emit(*f.result()))

    def shutdown(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
        self._executor.shutdown(wait=True, cancel_futures=True)
