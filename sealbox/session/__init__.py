"""The client side of a seal box over BLE: the only package that imports bleak.

:class:`BoxSession` speaks to one box through plain bleak; :func:`radio` gives the bleak
backends to use: the operating system's, or with ``SEALDESK_BLE_SIM=HOST:PORT`` the bumble
backend that reaches a simulator's radio.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bleak.backends.client import BaseBleakClient
from bleak.backends.scanner import BaseBleakScanner

from sealdesk.sealbox.errors import BoxUnreachable
from sealdesk.sealbox.session.client import BoxSession, FoundBox, scan
from sealdesk.sealbox.simenv import ENV_SIM, parse_endpoint

__all__ = ["BoxSession", "FoundBox", "radio", "scan"]

Backends = tuple[type[BaseBleakClient] | None, type[BaseBleakScanner] | None]


@asynccontextmanager
async def radio() -> AsyncIterator[Backends]:
    """The bleak backends for this process: (None, None) for the OS's Bluetooth, else the
    simulated link named by SEALDESK_BLE_SIM.

    :raises BoxUnreachable: SEALDESK_BLE_SIM is malformed, the simulator extra is missing, or
        nothing listens there.
    """
    spec = os.environ.get(ENV_SIM)
    if not spec:
        yield None, None
        return
    try:
        host, port = parse_endpoint(spec)
    except ValueError as e:
        raise BoxUnreachable(
            "sim_address",
            f"{ENV_SIM} 应为 127.0.0.1:端口，而不是 {spec!r}。",
            f"{ENV_SIM} must be 127.0.0.1:PORT, not {spec!r}.",
        ) from e
    try:
        from sealdesk.sealbox.session.bumble_backend import BumbleCentral
    except ImportError as e:
        raise BoxUnreachable(
            "sim_missing",
            "模拟印章盒需要 sealdesk[sim]（bumble）。",
            "The simulated seal box needs sealdesk[sim] (bumble).",
        ) from e
    try:
        central = await BumbleCentral.on_hub(host, port)
    except OSError as e:
        raise BoxUnreachable(
            "sim_unreachable",
            f"{spec} 上没有模拟印章盒在运行（sealdesk sealbox simulate --listen {spec}）。",
            f"No simulated seal box runs at {spec} (sealdesk sealbox simulate --listen {spec}).",
        ) from e
    try:
        yield central.backends()
    finally:
        await central.close()
