"""Fails when bleak's backend contract moves (SEALBOX-NOTES §1, §5): the bumble backend the
simulated link uses implements exactly what bleak 3.1 asks of a backend."""

from __future__ import annotations

import inspect
from importlib.metadata import version

from bleak.backends.client import BaseBleakClient
from bleak.backends.scanner import BaseBleakScanner

from sealdesk.sealbox.session.bumble_backend import BleakClientBumble, BleakScannerBumble

CLIENT_ABSTRACT = {
    "is_connected",
    "mtu_size",
    "connect",
    "disconnect",
    "pair",
    "unpair",
    "read_gatt_char",
    "read_gatt_descriptor",
    "write_gatt_char",
    "write_gatt_descriptor",
    "start_notify",
    "stop_notify",
}


def test_bleak_backend_contract_is_the_one_implemented() -> None:
    assert version("bleak").startswith("3.1."), "a new bleak: check its backend contract"
    assert set(BaseBleakClient.__abstractmethods__) == CLIENT_ABSTRACT
    assert set(BaseBleakScanner.__abstractmethods__) == {"start", "stop"}
    assert not BleakClientBumble.__abstractmethods__
    assert not BleakScannerBumble.__abstractmethods__
    # not abstract, but bleak calls it (1.1+): ours answers
    assert "name" in vars(BleakClientBumble)
    client_init = inspect.signature(BaseBleakClient.__init__).parameters
    assert list(client_init) == [
        "self",
        "address_or_ble_device",
        "disconnected_callback",
        "timeout",
        "kwargs",
    ]
    scanner_init = inspect.signature(BaseBleakScanner.__init__).parameters
    assert list(scanner_init) == ["self", "detection_callback", "service_uuids"]
    for name in CLIENT_ABSTRACT - {"is_connected", "mtu_size"}:
        ours = inspect.signature(getattr(BleakClientBumble, name)).parameters
        theirs = inspect.signature(getattr(BaseBleakClient, name)).parameters
        assert [p for p in theirs if p != "kwargs"] == [p for p in ours if p != "kwargs"], name
