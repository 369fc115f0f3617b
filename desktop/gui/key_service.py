"""The GUI's bridge to the key layer: every PKCS#11 and PC/SC call runs off the GUI thread.

One worker thread per hardware stack (STYLE.md rule 5): a single-thread executor for PKCS#11,
the presence watcher's own thread for PC/SC. Results come back as Qt signals.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from sealdesk.app.settings import Settings
from sealdesk.desktop import i18n
from sealdesk.desktop.gui.worker import message_of
from sealdesk.desktop.i18n import tr

# the key layer (python-pkcs11, certificate parsing, the error table) is imported on the
# worker when first used, so that the window shows without waiting for it
if TYPE_CHECKING:
    from sealdesk.signing.jobs import SignOptions
    from sealdesk.signing.verdicts import Reason
    from sealdesk.ukey import ModuleChoice, Pkcs11Module, TokenInfo
    from sealdesk.ukey.presence import PresenceEvent
    from sealdesk.ukey.token import CertificateObject, TokenSession

_T = TypeVar("_T")


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
class FileOutcome:
    """How one file of a run went: ``kind`` is ``ok``, ``cancelled`` or an error's kind."""

    source: Path
    kind: str
    message: str
    output: Path | None = None

    @property
    def ok(self) -> bool:
        return self.kind == "ok"


@dataclass(frozen=True)
class SignOutcome:
    """How a signing run went: ``kind`` is ``ok``, ``cancelled``, ``pin_needed`` (the session
    is gone: ask the PIN) or the error's kind (``pin_incorrect``, ``pin_locked``,
    ``token_removed``, ...); ``files`` says how each file went (a batch has several)."""

    kind: str
    message: str
    output: Path | None = None
    files: tuple[FileOutcome, ...] = ()

    @property
    def ok(self) -> bool:
        return self.kind == "ok"


class PinNeeded(Exception):
    """The kept session is gone (unplugged, logged out): the PIN is needed again."""


_PinNeeded = PinNeeded


class KeyService(QObject):
    """Reads keys and signs on a worker thread; emits snapshots, events and results."""

    snapshot = Signal(object)  # KeySnapshot
    presence = Signal(object)  # PresenceEvent
    pin_result = Signal(bool, str)  # ok, message
    watching = Signal(str)  # which presence source runs, or why none
    sign_progress = Signal(float, str)
    sign_finished = Signal(object)  # SignOutcome
    sign_file = Signal(int, str, str)  # index in the batch, kind (running/ok/...), message
    session_changed = Signal(str)  # label of the logged-in key, "" when none
    pin_changed = Signal(bool, str)  # ok, message
    seal_done = Signal(bool, str)  # a seal written into / deleted from the key: ok, message
    module_tested = Signal(str, str)  # what a tested module found, or "" and why it failed

    def __init__(self, *, module_option: str | None, settings: Settings) -> None:
        super().__init__()
        self._module_option = module_option
        self._settings = settings
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sealdesk-pkcs11")
        self._module: Pkcs11Module | None = None
        self._choice: ModuleChoice | None = None
        self._watcher: Any = None
        self._watch_lock = threading.Lock()
        self._watch_starter: threading.Thread | None = None
        self._closed = False
        self._session: TokenSession | None = None  # the worker's only
        self.session_label: str | None = None
        self.last: KeySnapshot | None = None
        self.snapshot.connect(self._remember)

    def _remember(self, snap: KeySnapshot) -> None:
        self.last = snap

    def _submit(self, fn: Callable[[], Any], done: Callable[[Future[Any]], None]) -> None:
        with contextlib.suppress(RuntimeError):  # shut down: the window is closing
            self._executor.submit(fn).add_done_callback(done)

    def _load(self) -> Pkcs11Module:
        if self._module is None:
            from sealdesk.app.keys import open_module

            self._module, self._choice = open_module(self._module_option, self._settings)
        return self._module

    def set_module(self, option: str | None, settings: Settings) -> None:
        """Use another module (from the settings page); the next refresh loads it."""

        def work() -> None:
            self._module_option, self._settings, self._module = option, settings, None

        self._submit(work, lambda _f: self.refresh())

    def test_module(self, option: str | None, settings: Settings) -> None:
        """Load a module and count its keys without using it: the running one stays (the
        settings page tests a path before it is saved)."""

        def work() -> tuple[str, int]:
            from sealdesk.app.keys import open_module

            module, choice = open_module(option, settings)
            return choice.path, len(module.tokens())

        def done(future: Future[tuple[str, int]]) -> None:
            try:
                path, keys = future.result()
            except Exception as e:
                self.module_tested.emit("", message_of(e))
                return
            self.module_tested.emit(tr("gui.module_ok", path=path, keys=keys), "")

        self._submit(work, done)

    def _read(self) -> KeySnapshot:
        try:
            module = self._load()
            tokens = module.tokens()
            if self.session_label is not None and self.session_label not in {
                t.label for t in tokens
            }:
                self._drop_session()  # unplugged: the next signing asks the PIN again
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
            self._drop_session()
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
        """Start presence events; each one also triggers a refresh. Pyscard is loaded and pcscd
        asked on a thread of its own, so the window shows without waiting for them."""

        def on_event(event: PresenceEvent) -> None:
            self.presence.emit(event)
            if event.kind in ("card-removed", "reader-removed"):
                self.log_out()
            self.refresh()

        def list_tokens() -> list[TokenInfo]:
            return self._executor.submit(lambda: self._load().tokens()).result()

        def start() -> None:
            from sealdesk.ukey.presence import make_watcher

            try:
                watcher = make_watcher(on_event, list_tokens=list_tokens)
            except RuntimeError:
                self.watching.emit(tr("err.no_pcsc"))
                return
            with self._watch_lock:
                if self._closed:  # the window closed meanwhile
                    return
                self._watcher = watcher
                watcher.start()
            self.watching.emit(tr("gui.watching", source=" + ".join(watcher.sources)))

        self._watch_starter = threading.Thread(
            target=start, name="sealdesk-presence-start", daemon=True
        )
        self._watch_starter.start()

    # --- the logged-in session ---------------------------------------------------------------
    # One TokenSession stays logged in after a PIN entry (unless the settings say every time),
    # used and closed on the PKCS#11 worker only. The PIN itself is never kept: only the
    # session. It is dropped when the key is unplugged, on any key error, and on log out.

    def has_session(self, label: str) -> bool:
        """Whether a logged-in session for ``label`` is kept (read on the GUI thread)."""
        return self.session_label is not None and self.session_label == label

    def _drop_session(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            session.close()
        if self.session_label is not None:
            self.session_label = None
            self.session_changed.emit("")

    def _login(self, label: str, pin: str | None) -> TokenSession:
        """The kept session (``pin`` None) or a new one logged in with ``pin``."""
        if pin is None:
            if self._session is None or self.session_label != label:
                raise _PinNeeded
            return self._session
        from sealdesk.app.keys import key_session

        self._drop_session()
        session = key_session(self._load(), label, lambda _info: pin)  # what the dialog took
        self._session, self.session_label = session, label
        self.session_changed.emit(label)
        return session

    def sign_challenge(
        self, *, label: str, pin: str | None, data: bytes, keep: bool
    ) -> Future[tuple[bytes, bytes]]:
        """Sign ``data`` (a platform's login challenge) with the key ``label``, logged in with
        ``pin`` (or the kept session when None; :class:`PinNeeded` when there is none); the
        session is kept after when ``keep``. The future gives (signature, certificate DER);
        whoever waits on it must not be the GUI thread.

        :raises RuntimeError: the service is shut down.
        """

        def work() -> tuple[bytes, bytes]:
            from sealdesk.app.keys import signer_for

            try:
                signer = signer_for(self._login(label, pin))
                return signer.sign(data), signer.certificate
            except PinNeeded:
                raise
            except Exception:
                self._drop_session()  # a key error: log in again next time
                raise
            finally:
                if not keep:
                    self._drop_session()

        return self._executor.submit(work)

    def log_out(self) -> None:
        """Close the kept session (on the worker)."""
        self._submit(self._drop_session, lambda _f: None)

    def verify_pin(self, label: str, pin: str, *, keep: bool = False) -> None:
        """Log in with ``pin`` (and keep the session when ``keep``); the result arrives as
        :attr:`pin_result`."""

        def work() -> tuple[bool, str]:
            try:
                # a PIN entry closes the kept session in the key layer: forget it here first
                self._drop_session()
                if keep:
                    self._login(label, pin)
                    return True, tr("gui.logged_in", label=label)
                with self._load().open(label).session(pin):
                    return True, tr("ok.pin_verified", label=label)
            except Exception as e:
                return False, message_of(e)

        self._submit(work, lambda f: self.pin_result.emit(*f.result()))

    def change_pin(self, label: str, old: str, new: str) -> None:
        """Change the key's PIN; the result arrives as :attr:`pin_changed`."""

        def work() -> tuple[bool, str]:
            try:
                self._drop_session()
                self._load().open(label).change_pin(old, new)
                return True, tr("ok.pin_changed", label=label)
            except Exception as e:
                return False, message_of(e)

        self._submit(work, lambda f: self.pin_changed.emit(*f.result()))

    def _changing(self, label: str, pin: str) -> TokenSession:
        """A new read-write session on ``label`` logged in with ``pin``, for a change made in
        the key (the kept session is closed first: the PIN entry closes it in the key layer).

        :raises TokenNotFound | PinIncorrect | PinLocked | PinFormatInvalid:
        """
        from sealdesk.app.keys import key_session

        self._drop_session()
        return key_session(self._load(), label, lambda _info: pin, rw=True)

    def change_key(self, *, label: str, pin: str, work: Callable[[TokenSession], _T]) -> Future[_T]:
        """``work(session)`` on the PKCS#11 worker in a read-write session on ``label`` logged
        in with ``pin`` (写入UKey of a platform seal); the keys are read again after it, so the
        印章 and 首页 pages show the change. The future gives what ``work`` returned or raises
        what failed (the PIN, the key); whoever waits on it must not be the GUI thread.

        :raises RuntimeError: the service is shut down.
        """

        def run() -> _T:
            try:
                with self._changing(label, pin) as session:
                    return work(session)
            finally:
                self.refresh()

        return self._executor.submit(run)

    def write_seal(
        self, *, label: str, pin: str, seal_label: str, build: Callable[[list[bytes]], bytes]
    ) -> None:
        """Log in with ``pin``, build the seal with the key's own certificates
        (``build(certificates) -> DER``, e.g. the demo maker's), check it parses, and write it
        into the key under ``seal_label`` (the key layer writes so that a pulled key keeps a
        whole seal). The result arrives as :attr:`seal_done`; a refresh follows."""

        def work() -> tuple[bool, str]:
            from sealdesk.signing.ses import parse_seal

            try:
                with self._changing(label, pin) as session:
                    certificates = [
                        c.der
                        for c in session.certificates()
                        if c.info is not None and not c.info.is_ca
                    ]
                    der = build(certificates)
                    parse_seal(der)  # never write something that is not a seal
                    session.write_data(seal_label, der)
                return True, tr("ok.seal_written", label=seal_label)
            except Exception as e:
                return False, message_of(e)

        self._submit(work, lambda f: (self.seal_done.emit(*f.result()), self.refresh()))

    def delete_seal(self, *, label: str, pin: str, seal_label: str) -> None:
        """Log in with ``pin`` and delete the seal ``seal_label`` from the key; the result
        arrives as :attr:`seal_done`; a refresh follows."""

        def work() -> tuple[bool, str]:
            try:
                with self._changing(label, pin) as session:
                    session.delete_data(seal_label)
                return True, tr("ok.seal_deleted", label=seal_label)
            except Exception as e:
                return False, message_of(e)

        self._submit(work, lambda f: (self.seal_done.emit(*f.result()), self.refresh()))

    def sign(
        self,
        *,
        label: str,
        pin: str | None,
        jobs: Sequence[tuple[Path, Path]],
        runs: Sequence[SignOptions],
        cancel: threading.Event,
        overwrite: bool = False,
        warnings: Mapping[Path, tuple[Reason, ...]] | None = None,
        keep_session: bool = True,
    ) -> None:
        """Sign each (input, output) of ``jobs`` (as planned: app.batch.plan_batch) with the
        key: one login (or the kept session when ``pin`` is None), then for each file each run
        of options (one per seal) over the previous run's output; a copy is written only when
        all its runs succeeded and nobody cancelled. A file that cannot be signed is reported
        and the batch goes on; a key error (unplugged, locked) stops it. Per-file states arrive
        as :attr:`sign_file`, the outcome as :attr:`sign_finished`."""

        def work() -> SignOutcome:
            from sealdesk.app.batch import FileResult, Step, sign_batch
            from sealdesk.app.keys import signer_for
            from sealdesk.app.store import StoreError, shared_store
            from sealdesk.desktop.errors import describe

            files: list[FileOutcome] = []
            sources = [source for source, _target in jobs]
            count = len(sources)

            def outcome_of(result: FileResult) -> FileOutcome:
                if result.cancelled:
                    return FileOutcome(result.source, "cancelled", tr("gui.batch_cancelled"))
                if result.output is not None:
                    saved = tr("gui.batch_saved", name=result.output.name)
                    lang = i18n.language()
                    saved += "".join(f"\n⚠ {w.message(lang)}" for w in result.warnings)
                    return FileOutcome(result.source, "ok", saved, result.output)
                error = result.error or RuntimeError("?")
                problem = describe(error)
                return FileOutcome(
                    result.source, problem.kind if problem else "error", message_of(error)
                )

            def progress(step: Step) -> None:
                if step.stage == "saving":
                    text = tr("gui.sign_saving")
                else:
                    text = tr("gui.sign_step", seal=step.seal or "")
                    if step.count > 1:
                        text += f"  {step.index + 1}/{step.count} {step.source.name}"
                    if step.run == 0:
                        self.sign_file.emit(step.index, "running", tr("gui.batch_running"))
                self.sign_progress.emit(step.fraction, text)

            def on_file(index: int, result: FileResult) -> None:
                files.append(outcome_of(result))
                self.sign_file.emit(index, files[-1].kind, files[-1].message)

            try:
                self.sign_progress.emit(0.0, tr("gui.sign_login"))
                session = self._login(label, pin)
                seal_der = next((r.seal.seal_der for r in runs if r.seal and r.seal.seal_der), None)
                signer = signer_for(session, None, seal_der)
                try:
                    store = shared_store()
                except StoreError:
                    store = None  # the records are lost, never the signing
                sign_batch(
                    jobs,
                    signer=signer,
                    runs=runs,
                    warnings=warnings,
                    overwrite=overwrite,
                    progress=progress,
                    on_file=on_file,
                    cancel=cancel,
                    store=store,
                )
                self.sign_progress.emit(1.0, "")
            except _PinNeeded:
                return SignOutcome("pin_needed", "")
            except Exception as e:
                self._drop_session()  # a key error: log in again next time
                problem = describe(e)
                kind, message = (problem.kind if problem else "error"), message_of(e)
                for i in range(len(files), count):
                    files.append(FileOutcome(sources[i], kind, message))
                    self.sign_file.emit(i, kind, message)
                return SignOutcome(kind, message, files=tuple(files))
            finally:
                if not keep_session:
                    self._drop_session()
            if any(f.kind == "cancelled" for f in files):
                return SignOutcome(
                    "cancelled", self._summary(files, cancelled=True), files=tuple(files)
                )
            if count == 1:
                only = files[0]
                if only.ok:
                    return SignOutcome(
                        "ok", tr("gui.sign_done", path=only.output), only.output, tuple(files)
                    )
                return SignOutcome(only.kind, only.message, files=tuple(files))
            return SignOutcome("ok", self._summary(files), files=tuple(files))

        self._submit(work, lambda f: self.sign_finished.emit(f.result()))

    @staticmethod
    def _summary(files: Sequence[FileOutcome], *, cancelled: bool = False) -> str:
        ok = sum(f.ok for f in files)
        stopped = sum(f.kind == "cancelled" for f in files)
        failed = len(files) - ok - stopped
        if cancelled and len(files) == 1:
            return tr("gui.sign_cancelled")
        return tr("gui.batch_summary", ok=ok, failed=failed, cancelled=stopped)

    def shutdown(self) -> None:
        with self._watch_lock:
            self._closed = True
            watcher = self._watcher
        if watcher is not None:
            watcher.stop()
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._drop_session()  # the worker has stopped: log out here
