"""`sealdesk gui` (and `sealdesk` alone): the window. Only Qt and the window's own modules load
before it shows; the key layer loads on the window's worker."""

from __future__ import annotations

import argparse

from sealdesk.app.settings import Settings
from sealdesk.desktop.cliutil import Output


def cmd_gui(args: argparse.Namespace, out: Output, settings: Settings) -> int:
    from sealdesk.desktop.gui.app import run_gui

    return run_gui(
        module_option=getattr(args, "module", None),
        settings=settings,
        screenshot=getattr(args, "screenshot", None),
        quit_after=getattr(args, "quit_after", None),
        page=getattr(args, "page", None),
        files=getattr(args, "files", None),
    )
