"""Key plug/unplug events: PC/SC reader and card events, or PKCS#11 slot polling.

PC/SC (pyscard's low-level SCardGetStatusChange) is used when pcscd answers; the watcher
re-establishes its context when pcscd restarts and reports only real differences afterwards.
Where PC/SC is absent, the PKCS#11 slot list is polled.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

log = logging.getLogger(__name__)

EventKind = Literal["reader-added", "reader-removed", "card-inserted", "card-removed"]
PNP_READER = "\\\\?PnP?\\Notification"


@dataclass(frozen=True)
class PresenceEvent:
    """One change: a reader or card (PC/SC) or a token (PKCS#11 slot) came or went."""

    kind: EventKind
    source: Literal["pcsc", "pkcs11"]
    reader: str
    atr: str = ""  # hex, PC/SC card events
    label: str = ""  # token label, PKCS#11 events
    serial: str = ""


Callback = Callable[[PresenceEvent], None]


class PresenceWatcher(Protocol):
    """A background watcher; :meth:`stop` ends it within about a second."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


class _Thread:
    def __init__(self, name: str, callback: Callback) -> None:
        self._stop = threading.Event()
        self._callback = callback
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _safe(self, event: PresenceEvent) -> None:
        try:
            self._callback(event)
        except Exception:  # a failing listener must not end the watching
            log.exception("presence listener failed")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        raise NotImplementedError


class PcscWatcher(_Thread):
    """Readers and cards through PC/SC; survives pcscd restarting."""

    def __init__(self, callback: Callback, *, timeout_ms: int = 500) -> None:
        super().__init__("sealdesk-pcsc", callback)
        self._timeout_ms = timeout_ms
        self.known: dict[str, str] = {}  # reader -> ATR hex ("" when no card)
        self.ready = threading.Event()  # set once the first state is known

    def _emit_diff(self, current: dict[str, str]) -> None:
        for reader in sorted(set(self.known) - set(current)):
            if self.known[reader]:
                self._safe(PresenceEvent("card-removed", "pcsc", reader, self.known[reader]))
            self._safe(PresenceEvent("reader-removed", "pcsc", reader))
        for reader in sorted(current):
            before, now = self.known.get(reader), current[reader]
            if before is None:
                self._safe(PresenceEvent("reader-added", "pcsc", reader))
                before = ""
            if before and before != now:
                self._safe(PresenceEvent("card-removed", "pcsc", reader, before))
            if now and now != before:
                self._safe(PresenceEvent("card-inserted", "pcsc", reader, now))
        self.known = current

    def prime(self, current: dict[str, str]) -> None:
        """Take a state as known without reporting it (what was there at start)."""
        self.known = dict(current)

    def _run(self) -> None:
        from smartcard import scard as sc

        first = True
        while not self._stop.is_set():
            hresult, ctx = sc.SCardEstablishContext(sc.SCARD_SCOPE_USER)
            if hresult != sc.SCARD_S_SUCCESS:
                self._stop.wait(0.5)  # pcscd not (yet) there
                continue
            try:
                self._watch(sc, ctx, first)
                first = False
            finally:
                sc.SCardReleaseContext(ctx)
            self._stop.wait(0.5)  # the context broke: pcscd restarting, or an odd error

    def _snapshot(self, sc: Any, ctx: Any) -> tuple[dict[str, str], list[Any]] | None:
        hresult, readers = sc.SCardListReaders(ctx, [])
        if hresult == sc.SCARD_E_NO_READERS_AVAILABLE:
            readers = []
        elif hresult != sc.SCARD_S_SUCCESS:
            return None
        states: list[Any] = []
        if readers:
            query = [(r, sc.SCARD_STATE_UNAWARE) for r in readers]
            hresult, states = sc.SCardGetStatusChange(ctx, 0, query)
            if hresult != sc.SCARD_S_SUCCESS:
                return None
        current = {
            r: bytes(atr).hex() if (state & sc.SCARD_STATE_PRESENT) else ""
            for r, state, atr in states
        }
        return current, states

    def _watch(self, sc: Any, ctx: Any, first: bool) -> None:
        """Report changes until the context breaks (pcscd gone) or the watcher stops."""
        while not self._stop.is_set():
            snap = self._snapshot(sc, ctx)
            if snap is None:
                return
            current, states = snap
            if first:
                self.prime(current)
                first = False
            else:
                self._emit_diff(current)
            self.ready.set()
            watch = [(r, state) for r, state, _atr in states]
            watch.append((PNP_READER, len(current) << 16))
            hresult, _ = sc.SCardGetStatusChange(ctx, self._timeout_ms, watch)
            if hresult in (sc.SCARD_S_SUCCESS, sc.SCARD_E_TIMEOUT):
                continue
            if hresult in (
                sc.SCARD_E_NO_SERVICE,
                sc.SCARD_E_SERVICE_STOPPED,
                sc.SCARD_E_INVALID_HANDLE,
                sc.SCARD_F_COMM_ERROR,
            ):
                return
            time.sleep(0.2)  # unexpected code: do not spin


class SlotPollingWatcher(_Thread):
    """Tokens coming and going in a PKCS#11 module's slot list, polled."""

    def __init__(
        self,
        list_tokens: Callable[[], list[Any]],
        callback: Callback,
        *,
        interval: float = 1.0,
    ) -> None:
        super().__init__("sealdesk-slots", callback)
        self._list_tokens = list_tokens
        self._interval = interval
        self.ready = threading.Event()

    def _state(self) -> dict[tuple[int, str], Any] | None:
        try:
            return {(t.slot_id, t.serial): t for t in self._list_tokens()}
        except Exception as e:  # any module failure: try again next round
            log.debug("slot polling failed: %s", type(e).__name__)
            return None

    def _run(self) -> None:
        known = self._state() or {}
        self.ready.set()
        while not self._stop.wait(self._interval):
            current = self._state()
            if current is None:
                continue
            for key in known.keys() - current.keys():
                t = known[key]
                self._safe(
                    PresenceEvent(
                        "card-removed", "pkcs11", t.slot_description, label=t.label, serial=t.serial
                    )
                )
            for key in current.keys() - known.keys():
                t = current[key]
                self._safe(
                    PresenceEvent(
                        "card-inserted",
                        "pkcs11",
                        t.slot_description,
                        label=t.label,
                        serial=t.serial,
                    )
                )
            known = current


def pcsc_available() -> bool:
    """pyscard loads and pcscd answers."""
    try:
        from smartcard import scard as sc
    except ImportError:
        return False
    hresult, ctx = sc.SCardEstablishContext(sc.SCARD_SCOPE_USER)
    if hresult != sc.SCARD_S_SUCCESS:
        return False
    sc.SCardReleaseContext(ctx)
    return True


class Watchers:
    """Several watchers started and stopped together."""

    def __init__(self, watchers: list[PcscWatcher | SlotPollingWatcher]) -> None:
        self.watchers = watchers

    @property
    def sources(self) -> list[str]:
        return ["PC/SC" if isinstance(w, PcscWatcher) else "PKCS#11" for w in self.watchers]

    def start(self) -> None:
        for w in self.watchers:
            w.start()

    def stop(self) -> None:
        for w in self.watchers:
            w.stop()

    def wait_ready(self, timeout: float) -> bool:
        """Wait until every watcher has taken the initial state (events after it are real)."""
        return all(w.ready.wait(timeout) for w in self.watchers)


def make_watcher(
    callback: Callback, *, list_tokens: Callable[[], list[Any]] | None = None
) -> Watchers:
    """PC/SC events when pcscd answers, plus PKCS#11 slot polling when a module is at hand:
    many Chinese keys are HID devices that never appear as smart-card readers.

    :raises RuntimeError: neither PC/SC nor a module to poll.
    """
    watchers: list[PcscWatcher | SlotPollingWatcher] = []
    if pcsc_available():
        watchers.append(PcscWatcher(callback))
    if list_tokens is not None:
        watchers.append(SlotPollingWatcher(list_tokens, callback))
    if not watchers:
        raise RuntimeError("no PC/SC service and no PKCS#11 module to poll")
    return Watchers(watchers)
