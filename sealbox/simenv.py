"""Where the simulated radio is: ``SEALDESK_BLE_SIM=127.0.0.1:PORT`` (a simulator's hub)."""

from __future__ import annotations

ENV_SIM = "SEALDESK_BLE_SIM"


def parse_endpoint(text: str) -> tuple[str, int]:
    """``HOST:PORT`` as (host, port).

    :raises ValueError: not HOST:PORT with a port number.
    """
    host, sep, port = text.strip().rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"not HOST:PORT: {text!r}")
    return host, int(port)
