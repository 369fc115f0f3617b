"""Cycle collection on the GUI thread only.

Python's cycle collector runs in whichever thread happens to allocate when a threshold is
reached. In a worker it may destroy Qt objects that belong to the GUI thread; anywhere it may
free PyMuPDF objects while another thread is inside MuPDF. Both crash the process (seen in
the GUI tests: "Garbage-collecting" at the top of the fault trace). So while the window lives,
automatic collection is off and the GUI thread collects a few times a second, holding the
MuPDF lock (skipping a beat when a worker holds it, so the window never waits).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from sealdesk.signing.mupdf import LOCK

INTERVAL_MS = 300


class GuiThreadCollector(QObject):
    """Owns the collector while it exists; :meth:`stop` gives it back to Python."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(INTERVAL_MS)

    def collect(self) -> None:
        """Collect the generations over their thresholds, as Python itself would."""
        counts = gc.get_count()
        if counts[0] <= self._thresholds[0] or not LOCK.acquire(blocking=False):
            return
        try:
            oldest = (
                2
                if counts[2] > self._thresholds[2]
                else 1
                if counts[1] > self._thresholds[1]
                else 0
            )
            gc.collect(oldest)
        finally:
            LOCK.release()

    def stop(self) -> None:
        """Collect what is left here, under the lock, then hand collection back to Python."""
        self._timer.stop()
        with LOCK:
            gc.collect()
            gc.enable()
