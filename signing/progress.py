"""Long work reports progress and can be cancelled (STYLE.md rule 6): the shared pieces."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[float, str], None]
"""progress(fraction 0..1, what is being done now)"""


class Cancelled(Exception):
    """The user cancelled; nothing unfinished was written. Shown to nobody."""
