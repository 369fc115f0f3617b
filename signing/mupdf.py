"""One thread at a time in MuPDF.

PyMuPDF shares one MuPDF context between threads and does not lock it: two threads rendering,
searching or writing at once crash the process (seen in the GUI: its page renderer and a report
export together). Every function that calls PyMuPDF holds this lock while it does.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

LOCK = threading.RLock()  # re-entrant: locked functions call each other

_P = ParamSpec("_P")
_R = TypeVar("_R")


def serialised(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """``fn`` run under :data:`LOCK`."""

    @functools.wraps(fn)
    def locked(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with LOCK:
            return fn(*args, **kwargs)

    return locked
