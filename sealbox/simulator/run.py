"""`sealdesk sealbox simulate`: one box on a radio of its own, or on a link other processes
reach (a hub on 127.0.0.1:PORT; a second simulator given the same address joins it)."""

from __future__ import annotations

import asyncio
import errno
import logging
from collections.abc import Callable
from pathlib import Path

from sealdesk.sealbox.simulator.box import Box
from sealdesk.sealbox.simulator.link import RadioLink, serve_hub
from sealdesk.sealbox.simulator.radio import BoxRadio, RadioHost

log = logging.getLogger(__name__)


async def run_simulator(
    state: Path,
    *,
    model: str,
    name: str,
    listen: tuple[str, int] | None,
    ready: Callable[[Box, str], None],
) -> None:
    """Run until cancelled (Ctrl+C). ``ready(box, where)`` is called once it advertises.

    :raises SimulatorError: the state folder cannot be used.
    :raises OSError: the address can be neither listened on nor joined.
    """
    box = Box.create(state, model=model, name=name)
    link = RadioLink()
    server = None
    if listen is None:
        host = await RadioHost.on_link(link, name, box.address)
        where = "private"
    else:
        try:
            server = await serve_hub(link, *listen)
            host = await RadioHost.on_link(link, name, box.address)
            where = "hub"
        except OSError as e:
            if e.errno != errno.EADDRINUSE:
                raise
            host = await RadioHost.on_hub(*listen, name, box.address)
            where = "joined"
    radio = BoxRadio(box, host.device)
    await radio.start()
    ready(box, where)
    try:
        await asyncio.Event().wait()
    finally:
        await radio.close()
        await host.close()
        if server is not None:
            server.close()
        box.close()
