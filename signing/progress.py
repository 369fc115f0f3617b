"""Long work reports progress and can be cancelled (STYLE.md rule 6): the shared pieces."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

Progress = Callable[[float, str], None]
"""progress(fraction 0..1, what is being done now)"""


class Cancelled(Exception):
    """The user cancelled; nothing unfinished was written. Shown to nobody."""


def run_guarded(
    job: Callable[[Progress, threading.Event], T],
    *,
    progress: Progress | None,
    cancel: threading.Event | None,
    timeout: float,
    timed_out: Callable[[], Exception],
    name: str,
) -> T:
    """Run ``job(report, stop)`` on a worker thread, with a deadline and cancel: what a
    verification of an untrusted file needs, so that a hostile file can neither hang the caller
    nor crash it, and the caller may itself be inside an event loop.

    ``report`` may be called from the worker: the caller's ``progress`` sees it in the caller's
    thread. ``stop`` is set when the caller gives up; the job checks it and ends quickly.

    :raises Cancelled: ``cancel`` was set.
    :raises Exception: ``timed_out()`` past the deadline; whatever the job raised.
    """
    stop = threading.Event()
    messages: queue.SimpleQueue[tuple[float, str]] = queue.SimpleQueue()
    outcome: list[T] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            outcome.append(job(lambda f, m: messages.put((f, m)), stop))
        except BaseException as e:  # handed to the caller's thread
            failure.append(e)

    def drain() -> None:
        while not messages.empty():
            fraction, message = messages.get_nowait()
            if progress is not None:
                progress(fraction, message)

    worker = threading.Thread(target=work, name=name, daemon=True)
    worker.start()
    deadline = time.monotonic() + timeout
    try:
        while worker.is_alive():
            worker.join(0.05)
            drain()
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            if time.monotonic() > deadline:
                raise timed_out()
    finally:
        stop.set()  # a worker still busy stops at its next check
    drain()
    if failure:
        raise failure[0]
    return outcome[0]
