"""Running work off the GUI thread and getting the answer back on it.

A :class:`Worker` is one thread (a single-thread executor, STYLE.md rule 5); ``submit`` runs a
function there and calls ``done(result)`` or ``failed(error)`` later on the GUI thread through
a queued Qt signal. The GUI thread never waits.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

from sealdesk.desktop import i18n
from sealdesk.desktop.i18n import tr
from sealdesk.signing.errors import WordedError


def message_of(e: BaseException) -> str:
    """An error in words (the one table in desktop.errors, then the signing errors' own)."""
    from sealdesk.desktop.errors import describe  # ~0.4 s of imports: only when needed

    problem = describe(e)
    if problem is not None:
        return problem.message
    if isinstance(e, WordedError):
        return e.message(i18n.language())
    return tr("gui.err_unexpected", detail=f"{type(e).__name__}: {e}")


class _Delivery:
    """One result on its way to the GUI thread. Wrapped so that a queued signal never carries
    a bare None through Qt."""

    __slots__ = ("argument", "callback")

    def __init__(self, callback: Callable[[Any], None] | None, argument: Any) -> None:
        self.callback = callback
        self.argument = argument


class Worker(QObject):
    """One background thread; results come back as calls on the GUI thread."""

    _finished = Signal(object)  # _Delivery

    def __init__(self, name: str, owner: QObject | None = None) -> None:
        """``owner``: the widget the results are for; once it is destroyed, results still on
        their way are dropped instead of reaching widgets that are gone."""
        super().__init__()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._finished.connect(self._deliver)
        self._closed = False
        if owner is not None:
            owner.destroyed.connect(self._owner_gone)

    def _owner_gone(self) -> None:
        self.shutdown(wait=False)

    def submit(
        self,
        fn: Callable[[], Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
    ) -> Future[Any] | None:
        if self._closed:
            return None

        def finished(f: Future[Any]) -> None:
            if f.cancelled() or self._closed:
                return
            error = f.exception()
            try:
                if error is None:
                    self._finished.emit(_Delivery(done, f.result()))
                else:
                    self._finished.emit(_Delivery(failed, error))
            except RuntimeError:  # the QObject is gone: the window closed meanwhile
                pass

        future = self._executor.submit(fn)
        future.add_done_callback(finished)
        return future

    def _deliver(self, delivery: _Delivery) -> None:
        if delivery.callback is not None and not self._closed:
            delivery.callback(delivery.argument)

    def shutdown(self, *, wait: bool = True) -> None:
        self._closed = True
        self._executor.shutdown(wait=wait, cancel_futures=True)
