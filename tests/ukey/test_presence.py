"""Plug/unplug events through the real PC/SC stack (pcscd + vpcd + vicc)."""

from __future__ import annotations

import json
import os
import queue
import select
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from sealdesk.ukey.presence import PcscWatcher, PresenceEvent, SlotPollingWatcher
from tests.conftest import require
from tests.pcsc import VirtualCardStack

pytestmark = pytest.mark.pcsc


@pytest.fixture
def stack() -> Iterator[VirtualCardStack]:
    ok, reason = VirtualCardStack.available()
    require(ok, reason)
    s = VirtualCardStack()
    s.start_pcscd()
    yield s
    s.close()


def _next(events: queue.Queue[PresenceEvent], kind: str, timeout: float = 2.0) -> PresenceEvent:
    end = time.monotonic() + timeout
    while (left := end - time.monotonic()) > 0:
        try:
            event = events.get(timeout=left)
        except queue.Empty:
            break
        if event.kind == kind:
            return event
    raise AssertionError(f"no {kind} event within {timeout} s")


@pytest.fixture
def watched(stack: VirtualCardStack) -> Iterator[tuple[PcscWatcher, queue.Queue[PresenceEvent]]]:
    """A PC/SC watcher that has taken the initial state, and the queue of its events."""
    events: queue.Queue[PresenceEvent] = queue.Queue()
    watcher = PcscWatcher(events.put)
    watcher.start()
    assert watcher.ready.wait(5)
    yield watcher, events
    watcher.stop()


def test_insert_and_remove_arrive_within_two_seconds(
    stack: VirtualCardStack, watched: tuple[PcscWatcher, queue.Queue[PresenceEvent]]
) -> None:
    _, events = watched
    stack.insert()
    inserted = _next(events, "card-inserted")
    assert inserted.reader.startswith("Virtual PCD") and inserted.atr
    stack.remove()
    removed = _next(events, "card-removed")
    assert removed.reader == inserted.reader


def test_pcscd_restart_is_survived(
    stack: VirtualCardStack, watched: tuple[PcscWatcher, queue.Queue[PresenceEvent]]
) -> None:
    watcher, events = watched
    stack.stop_pcscd()
    time.sleep(1.0)
    stack.start_pcscd()
    stack.insert()
    _next(events, "card-inserted", timeout=5)
    stack.remove()
    _next(events, "card-removed")
    assert watcher._thread.is_alive()


def _read_line(proc: subprocess.Popen[str], timeout: float = 5.0) -> str:
    """One line of output, or fail after ``timeout`` instead of hanging."""
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, f"no output within {timeout} s"
    return proc.stdout.readline()


def test_key_watch_prints_one_json_line_per_event(stack: VirtualCardStack) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "sealdesk.desktop", "key", "watch", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    try:
        assert proc.stderr is not None
        ready, _, _ = select.select([proc.stderr], [], [], 20)
        assert ready and proc.stderr.readline()  # "watching …": the initial state is taken
        stack.insert()
        event = json.loads(_read_line(proc))
        assert event["event"] == "card-inserted" and event["source"] == "pcsc"
        stack.remove()
        assert json.loads(_read_line(proc))["event"] == "card-removed"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode == 0


def test_slot_polling_when_pcsc_is_absent() -> None:
    """Without PC/SC, tokens appearing and vanishing in the slot list are the events."""
    from types import SimpleNamespace

    present: list[SimpleNamespace] = []
    events: queue.Queue[PresenceEvent] = queue.Queue()
    watcher = SlotPollingWatcher(lambda: list(present), events.put, interval=0.05)
    watcher.start()
    try:
        assert watcher.ready.wait(2)
        present.append(SimpleNamespace(slot_id=1, serial="S1", label="Key", slot_description="s"))
        assert _next(events, "card-inserted").serial == "S1"
        present.clear()
        assert _next(events, "card-removed").label == "Key"
    finally:
        watcher.stop()
