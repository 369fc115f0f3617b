"""The Qt GUI.

PySide6 6.12.0 on CPython 3.11 returns None from every void method and True from every
``Signal.emit()`` without taking a reference, so each call lowers the reference count of None
or True by one, and the process aborts ("deallocating None") after some thousands of calls,
i.e. minutes of use. CPython 3.12 makes these singletons immortal, which hides the bug. Here
the same is done by hand when the bug is seen: their counts are raised far out of reach. They
are static objects that are never freed, so nothing else changes. The real fix is a PySide6
without the bug (6.11.3 has none; see tests/desktop/test_gui.py).
"""

from __future__ import annotations

import ctypes
import sys

_FAR = 1 << 40


def _binding_miscounts() -> bool:
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(8):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 4


def _immortalise() -> None:
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object in CPython's non-debug builds
        ctypes.c_ssize_t.from_address(id(singleton)).value += _FAR


BINDING_MISCOUNTS = (
    sys.implementation.name == "cpython" and sys.version_info < (3, 12) and _binding_miscounts()
)
if BINDING_MISCOUNTS:
    _immortalise()
