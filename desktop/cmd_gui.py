"""`sealdesk gui` (and `sealdesk` alone): the window. Only Qt and the window's own modules load
before it shows; the key layer loads on the window's worker."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sealdesk.app.settings import Settings
from sealdesk.desktop.cliutil import Output
from sealdesk.desktop.errors import UsageError
from sealdesk.desktop.i18n import tr


def _display_problem() -> str | None:
    """Why the window cannot show here, checked before Qt (which aborts the process with a
    message about plugins instead); None when it can."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None  # other systems have their own screen; a chosen Qt platform is the user's
    if os.environ.get("WAYLAND_DISPLAY"):
        return None
    display = os.environ.get("DISPLAY", "")
    if not display:
        return tr("err.no_display")
    host, _, number = display.partition(":")
    if host in ("", "unix"):  # a local X server listens on its socket
        socket = Path("/tmp/.X11-unix") / f"X{number.split('.')[0]}"  # noqa: S108 (X's own)
        if not socket.exists():
            return tr("err.display_unreachable", display=display)
    return None


def cmd_gui(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    problem = _display_problem()
    if problem is not None:
        raise UsageError(problem, kind="no_display")
    from sealdesk.desktop.gui.app import run_gui

    return run_gui(
        module_option=getattr(args, "module", None),
        settings=settings,
        screenshot=getattr(args, "screenshot", None),
        quit_after=getattr(args, "quit_after", None),
        close_after_screenshot=getattr(args, "close_after_screenshot", False),
        page=getattr(args, "page", None),
        files=getattr(args, "files", None),
    )
