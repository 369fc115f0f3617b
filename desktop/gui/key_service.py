"""The GUI's bridge to the key layer: every PKCS#11 and PC/SC call runs off the GUI thread.

One worker thread per hardware stack (STYLE.md rule 5): a single-thread executor for PKCS#11,
the presence watcher's own thread for PC/SC. Results come back as Qt signals.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from sealdesk.desktop.gui.worker import message_of
from sealdesk.desktop.i18n import tr
from sealdesk.desktop.settings import Settings
from sealdesk.signing.fileio import write_atomic
from sealdesk.signing.progress import Cancelled

# the key layer (python-pkcs11, certificate parsing, the error table) is imported on the
# worker when first used, so that the window shows without waiting for it
if TYPE_CHECKING:
    from sealdesk.signing.jobs import SignOptions
    from sealdesk.ukey import ModuleChoice, Pkcs11Module, TokenInfo
    from sealdesk.ukey.presence import PresenceEvent
    from sealdesk.ukey.token import CertificateObject


@dataclass(frozen=True)
class SealEntry:
    """A seal stored in the key, parsed (``error`` says why not)."""

    label: str
    name: str | None = None
    png: bytes | None = None
    width_mm: float = 0.0
    height_mm: float = 0.0
    der: bytes | None = None
    valid_to: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class KeySnapshot:
    """What the window shows about the keys at one moment."""

    choice: ModuleChoice | None
    tokens: list[TokenInfo]
    certificates: dict[str, list[CertificateObject]]
    problem: str | None = None
    seals: dict[str, list[SealEntry]] = field(default_factory=dict)


@dataclass(frozen=True)
class SignOutcome:
    """How a signing run went: ``kind`` is ``ok``, ``cancelled`` or the error's kind
    (``pin_incorrect``, ``pin_locked``, ``token_removed``, ...)."""

    kind: str
    message: str
    output: Path | None = None

    @property
    def ok(self) -> bool:
        return self.kind == "ok"


def signed_name(source: Path, folder: Path | None = None) -> Path:
    """``name_signed.pdf`` beside the original (or in ``folder``); ``name_signed(2).pdf`` if
    that exists."""
    where = folder or source.parent
    target = where / f"{source.stem}_signed{source.suffix}"
    n = 2
    while target.exists():
        target = where / f"{source.stem}_signed({n}){source.suffix}"
        n += 1
    return target


class KeyService(QObject):
    """Reads keys and signs on a worker thread; emits snapshots, events and results."""

    snapshot = Signal(object)  # KeySnapshot
    presence = Signal(object)  # PresenceEvent
    pin_result = Signal(bool, str)  # ok, message
    watching = Signal(str)  # which presence source runs, or why none
    sign_progress = Signal(float, str)
    sign_finished = Signal(object)  # SignOutcome

    def __init__(self, *, module_option: str | None, settings: Settings) -> None:
        super().__init__()
        self._module_option = module_option
        self._settings = settings
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sealdesk-pkcs11")
        self._module: Pkcs11Module | None = None
        self._choice: ModuleChoice | None = None
        self._watcher: Any = None
        self.last: KeySnapshot | None = None
        self.snapshot.connect(self._remember)

    def _remember(self, snap: KeySnapshot) -> None:
        self.last = snap

    def _submit(self, fn: Callable[[], Any], done: Callable[[Future[Any]], None]) -> None:
        with contextlib.suppress(RuntimeError):  # shut down: the window is closing
            self._executor.submit(fn).add_done_callback(done)

    def _load(self) -> Pkcs11Module:
        if self._module is None:
            from sealdesk.desktop.keys import open_module

            self._module, self._choice = open_module(self._module_option, self._settings)
        return self._module

    def set_module(self, option: str | None, settings: Settings) -> None:
        """Use another module (from the settings page); the next refresh loads it."""

        def work() -> None:
            self._module_option, self._settings, self._module = option, settings, None

        self._submit(work, lambda _f: self.refresh())

    def _read(self) -> KeySnapshot:
        try:
            module = self._load()
            tokens = module.tokens()
            certificates = {}
            seals: dict[str, list[SealEntry]] = {}
            for info in tokens:
                with module.open(info.label).session() as session:
                    certificates[info.serial] = session.certificates()
                    seals[info.serial] = [
                        self._seal(obj.label, session.read_data(obj.label))
                        for obj in session.list_data()
                    ]
            return KeySnapshot(self._choice, tokens, certificates, seals=seals)
        except Exception as e:
            return KeySnapshot(self._choice, [], {}, message_of(e))

    @staticmethod
    def _seal(label: str, der: bytes) -> SealEntry:
        from sealdesk.signing.ses import SealFormatError, parse_seal

        try:
            seal = parse_seal(der)
        except SealFormatError as e:
            return SealEntry(label, error=str(e))
        return SealEntry(
            label,
            seal.name,
            seal.picture,
            float(seal.picture_width_mm),
            float(seal.picture_height_mm),
            seal.der,
            f"{seal.valid_to:%Y-%m-%d}" if seal.valid_to else None,
        )

    def refresh(self) -> None:
        """Read the keys again (on the worker)."""
        self._submit(self._read, lambda f: self.snapshot.emit(f.result()))

    def start_watching(self) -> None:
        """Start presence events; each one also triggers a refresh."""

        from sealdesk.ukey.presence import make_watcher

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
                return False, message_of(e)

        self._submit(work, lambda f: self.pin_result.emit(*f.result()))

    def sign(
        self,
        *,
        label: str,
        pin: str,
        source: Path,
        runs: Sequence[SignOptions],
        cancel: threading.Event,
        folder: Path | None = None,
    ) -> None:
        """Sign ``source`` with the key: one login, then each run of options (one per seal)
        over the previous run's output; the copy is written as ``name_signed.pdf`` beside the
        source (or in ``folder``) only when every run succeeded and nobody cancelled. The
        outcome arrives as :attr:`sign_finished`."""

        def work() -> SignOutcome:
            from sealdesk.desktop.errors import describe
            from sealdesk.signing.jobs import sign_document
            from sealdesk.ukey import TokenSigner

            try:
                self.sign_progress.emit(0.0, tr("gui.sign_login"))
                with self._load().open(label).session(pin) as session:
                    signer = TokenSigner.from_session(session)
                    data = source.read_bytes()
                    for i, options in enumerate(runs):
                        if cancel.is_set():
                            raise Cancelled
                        self.sign_progress.emit(
                            (i + 0.5) / (len(runs) + 1),
                            tr("gui.sign_step", seal=options.seal.name if options.seal else ""),
                        )
                        data = sign_document(data, signer=signer, options=options)
                if cancel.is_set():
                    raise Cancelled
                out = signed_name(source, folder)
                self.sign_progress.emit(len(runs) / (len(runs) + 1), tr("gui.sign_saving"))
                write_atomic(out, data)
                self.sign_progress.emit(1.0, "")
                return SignOutcome("ok", tr("gui.sign_done", path=out), out)
            except Cancelled:
                return SignOutcome("cancelled", tr("gui.sign_cancelled"))
            except Exception as e:
                problem = describe(e)
                return SignOutcome(problem.kind if problem else "error", message_of(e))

        self._submit(work, lambda f: self.sign_finished.emit(f.result()))

    def shutdown(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
        self._executor.shutdown(wait=True, cancel_futures=True)
