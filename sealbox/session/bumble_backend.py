"""A bleak backend over bumble: the session's unchanged bleak code reaches a simulated box.

Used when ``SEALDESK_BLE_SIM=HOST:PORT`` names a simulator's hub (and by the tests, on a link
in their own process). bleak takes a backend *class* and reads its ``__name__``, so the
central a backend works through is bound by making subclasses at run time
(:meth:`BumbleCentral.backends`). Implements bleak 3.1's ``BaseBleakClient`` contract (12
abstract members, pinned by tests/sealbox/test_backend_contract.py) and ``BaseBleakScanner``.
Every GATT call is cancelled when the link drops and comes back as bleak's own error, as the
OS backends do: a request queued behind bumble's one-request-per-link lock would otherwise hang
30 s.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import uuid
import weakref
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, TypeVar

from bleak.assigned_numbers import gatt_char_props_to_strs
from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.client import BaseBleakClient
from bleak.backends.descriptor import BleakGATTDescriptor
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData, BaseBleakScanner
from bleak.backends.service import BleakGATTService, BleakGATTServiceCollection
from bleak.exc import BleakDeviceNotFoundError, BleakError, BleakGATTProtocolError
from bumble import att, core, hci
from bumble.controller import Controller
from bumble.device import Advertisement, Connection, Device, Peer
from bumble.host import Host
from bumble.link import LocalLink
from bumble.transport import open_transport
from bumble.transport.common import AsyncPipeSink, Transport

from sealdesk.sealbox.protocol.gatt import REQUESTED_MTU

_T = TypeVar("_T")
ADV = core.AdvertisingData
CENTRAL_ADDRESS = "C0:5E:A1:DE:5C:00"


def _uuid(u: core.UUID) -> str:
    """bleak's form: lower-case 128-bit."""
    return str(uuid.UUID(bytes=bytes(reversed(u.to_bytes(force_128=True)))))


def _address(a: hci.Address) -> str:
    return a.to_string(with_type_qualifier=False).upper()


class BumbleCentral:
    """One bumble device as the central of this process's bleak calls."""

    def __init__(self, device: Device, transport: Transport | None = None) -> None:
        self.device = device
        self.transport = transport
        self.connect_lock = asyncio.Lock()  # bumble makes one LE connection at a time
        self.gone = False  # the hub's process ended: this radio is unplugged
        self.clients: weakref.WeakSet[BleakClientBumble] = weakref.WeakSet()
        if transport is not None:
            transport.source.terminated.add_done_callback(lambda _: self._unplugged())

    def _unplugged(self) -> None:
        """The hub (the radio) is gone, like a Bluetooth adapter pulled out: every link drops
        now, and what comes next fails at once (bumble itself tells no connection, and its
        HCI commands would wait seconds for a controller that is not there)."""
        self.gone = True
        for client in list(self.clients):
            client._on_disconnection(hci.HCI_CONNECTION_TIMEOUT_ERROR)

    def check(self) -> None:
        """:raises BleakError: the radio is gone."""
        if self.gone:
            raise BleakError("the simulated Bluetooth radio (its hub) is gone")

    @classmethod
    async def on_link(cls, link: LocalLink, address: str = CENTRAL_ADDRESS) -> BumbleCentral:
        controller = Controller("central", link=link)
        host = Host(controller, AsyncPipeSink(controller))
        device = Device("sealdesk", address=hci.Address(address), host=host)
        await device.power_on()
        return cls(device)

    @classmethod
    async def on_hub(cls, host: str, port: int, address: str | None = None) -> BumbleCentral:
        """A central on the hub's link, by default at a random static address of its own (two
        processes at the same address would get each other's packets).

        :raises OSError: nothing listens at host:port.
        """
        if address is None:
            raw = bytearray(secrets.token_bytes(6))
            raw[0] |= 0xC0  # a random static address: the two top bits set
            address = ":".join(f"{b:02X}" for b in raw)
        transport = await open_transport(f"tcp-client:{host}:{port}")
        device = Device.with_hci("sealdesk", hci.Address(address), transport.source, transport.sink)
        await device.power_on()
        return cls(device, transport)

    def backends(self) -> tuple[type[BaseBleakClient], type[BaseBleakScanner]]:
        """bleak's ``backend=`` classes, bound to this central."""
        client = type("BleakClientBumble", (BleakClientBumble,), {"central": self})
        scanner = type("BleakScannerBumble", (BleakScannerBumble,), {"central": self})
        return client, scanner

    async def close(self) -> None:
        if self.transport is not None:
            await self.transport.close()


class BleakScannerBumble(BaseBleakScanner):
    central: ClassVar[BumbleCentral]

    def __init__(
        self,
        detection_callback: Any,
        service_uuids: list[str] | None,
        scanning_mode: str = "active",
        **kwargs: Any,
    ) -> None:
        super().__init__(detection_callback, service_uuids)
        self._active = scanning_mode != "passive"

    async def start(self) -> None:
        self.central.check()
        self.seen_devices = {}
        self.central.device.on("advertisement", self._on_advertisement)
        try:
            await self.central.device.start_scanning(active=self._active, filter_duplicates=False)
        except core.BaseBumbleError as e:
            raise BleakError(f"cannot scan: {e!r}") from e

    async def stop(self) -> None:
        self.central.device.remove_listener("advertisement", self._on_advertisement)
        if self.central.gone:
            return
        try:
            await self.central.device.stop_scanning()
        except core.BaseBumbleError as e:
            raise BleakError(f"cannot stop scanning: {e!r}") from e

    def _on_advertisement(self, adv: Advertisement) -> None:
        data = adv.data
        name = data.get(ADV.COMPLETE_LOCAL_NAME) or data.get(ADV.SHORTENED_LOCAL_NAME)
        uuids = [
            _uuid(u)
            for kind in (
                ADV.COMPLETE_LIST_OF_128_BIT_SERVICE_CLASS_UUIDS,
                ADV.INCOMPLETE_LIST_OF_128_BIT_SERVICE_CLASS_UUIDS,
                ADV.COMPLETE_LIST_OF_16_BIT_SERVICE_CLASS_UUIDS,
            )
            for u in (data.get(kind) or [])
        ]
        if not self.is_allowed_uuid(uuids):
            return
        address = _address(adv.address)
        advertisement = AdvertisementData(
            local_name=name,
            manufacturer_data={},
            service_data={},
            service_uuids=uuids,
            tx_power=None,
            rssi=adv.rssi,
            platform_data=(adv,),
        )
        device = self.create_or_update_device(address, address, name, adv.address, advertisement)
        self.call_detection_callbacks(device, advertisement)


class BleakClientBumble(BaseBleakClient):
    central: ClassVar[BumbleCentral]

    def __init__(self, address_or_ble_device: BLEDevice | str, **kwargs: Any) -> None:
        super().__init__(
            address_or_ble_device,
            disconnected_callback=kwargs.get("disconnected_callback"),
            timeout=kwargs.get("timeout", 10.0),
        )
        self._target: hci.Address | None = (
            address_or_ble_device.details
            if isinstance(address_or_ble_device, BLEDevice)
            and isinstance(address_or_ble_device.details, hci.Address)
            else None
        )
        self._name = (
            address_or_ble_device.name if isinstance(address_or_ble_device, BLEDevice) else None
        )
        self._connection: Connection | None = None
        self._peer: Peer | None = None
        self._calls: set[asyncio.Future[Any]] = set()  # cancelled when the link drops
        self.central.clients.add(self)

    @property
    def name(self) -> str:
        return self._name or self.address

    @property
    def mtu_size(self) -> int:
        return self._connection.att_mtu if self._connection else att.ATT_DEFAULT_MTU

    @property
    def is_connected(self) -> bool:
        return self._connection is not None

    async def _find(self) -> hci.Address:
        """Scan for the address, as the OS backends do when given a string."""
        found: asyncio.Future[hci.Address] = asyncio.get_running_loop().create_future()
        wanted = self.address.upper()

        def on_advertisement(adv: Advertisement) -> None:
            if _address(adv.address) == wanted and not found.done():
                found.set_result(adv.address)

        device = self.central.device
        self.central.check()
        device.on("advertisement", on_advertisement)
        try:
            await device.start_scanning(filter_duplicates=False)
            return await asyncio.wait_for(found, self._timeout)
        except TimeoutError:
            raise BleakDeviceNotFoundError(
                self.address, f"Device with address {self.address} was not found."
            ) from None
        except core.BaseBumbleError as e:
            raise BleakError(f"cannot scan: {e!r}") from e
        finally:
            device.remove_listener("advertisement", on_advertisement)
            if not self.central.gone:
                with contextlib.suppress(core.BaseBumbleError):
                    await device.stop_scanning()

    async def connect(self, pair: bool = False, **kwargs: Any) -> None:
        target = self._target or await self._find()
        async with self.central.connect_lock:
            self.central.check()
            try:
                connection = await self.central.device.connect(target, timeout=self._timeout)
            except (core.BaseBumbleError, hci.HCI_Error) as e:
                raise BleakError(f"cannot connect to {self.address}: {e!r}") from e
        self._connection = connection
        self._peer = Peer(connection)
        connection.on("disconnection", self._on_disconnection)
        await self._call(self._peer.request_mtu(REQUESTED_MTU))
        await self._discover()
        if pair:
            await self.pair()

    async def _discover(self) -> None:
        peer, connection = self._live_peer(), self._connection
        collection = BleakGATTServiceCollection()
        for service in await self._call(peer.discover_services()):
            bleak_service = BleakGATTService(service, service.handle, _uuid(service.uuid))
            collection.add_service(bleak_service)
            for char in await self._call(peer.discover_characteristics(service=service)):
                bleak_char = BleakGATTCharacteristic(
                    char,
                    char.handle,
                    _uuid(char.uuid),
                    list(gatt_char_props_to_strs(char.properties)),
                    lambda: (connection.att_mtu if connection else att.ATT_DEFAULT_MTU) - 3,
                    bleak_service,
                )
                collection.add_characteristic(bleak_char)
                for desc in await self._call(peer.discover_descriptors(char)):
                    collection.add_descriptor(
                        BleakGATTDescriptor(desc, desc.handle, _uuid(desc.type), bleak_char)
                    )
        self.services = collection

    def _on_disconnection(self, reason: int) -> None:
        if self._connection is None:
            return  # told already (the radio went away, then bumble said so too)
        self._connection = None
        self._peer = None
        self.services = None
        for call in list(self._calls):
            call.cancel()
        if self._disconnected_callback is not None:
            self._disconnected_callback()

    def _live_peer(self) -> Peer:
        if self._peer is None:
            raise BleakError("Not connected")
        return self._peer

    async def _call(self, awaitable: Awaitable[_T]) -> _T:
        connection = self._connection
        if connection is None:
            if asyncio.iscoroutine(awaitable):
                awaitable.close()
            raise BleakError("Not connected")
        call = asyncio.ensure_future(connection.cancel_on_disconnection(awaitable))
        self._calls.add(call)
        try:
            return await call
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise  # a real cancel, not the link
            raise BleakError(f"{self.address} disconnected during GATT operation") from None
        except att.ATT_Error as e:
            raise BleakGATTProtocolError(e.error_code) from e
        except core.BaseBumbleError as e:
            raise BleakError(f"{self.address}: {e}") from e
        finally:
            self._calls.discard(call)

    async def disconnect(self) -> None:
        connection = self._connection
        if connection is None:
            return
        if self.central.gone:  # no radio to say goodbye through
            self._on_disconnection(hci.HCI_CONNECTION_TIMEOUT_ERROR)
            return
        gone: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def on_gone(reason: int) -> None:
            if not gone.done():
                gone.set_result(reason)

        connection.once("disconnection", on_gone)
        try:
            await connection.disconnect()
            await asyncio.wait_for(gone, self._timeout)
        except (hci.HCI_Error, TimeoutError, core.BaseBumbleError):
            self._on_disconnection(0)

    async def pair(self, *args: Any, **kwargs: Any) -> None:
        connection = self._connection
        if connection is None:
            raise BleakError("Not connected")
        await self._call(connection.pair())

    async def unpair(self) -> None:
        raise NotImplementedError("the simulated link keeps no bonds")

    async def read_gatt_char(
        self, characteristic: BleakGATTCharacteristic, *, use_cached: bool = False, **kwargs: Any
    ) -> bytearray:
        # no cache on the simulated link: every read goes to the box
        peer = self._live_peer()
        return bytearray(await self._call(peer.read_value(characteristic.obj)))

    async def read_gatt_descriptor(
        self, descriptor: BleakGATTDescriptor, *, use_cached: bool = False, **kwargs: Any
    ) -> bytearray:
        peer = self._live_peer()
        return bytearray(await self._call(peer.read_value(descriptor.obj)))

    async def write_gatt_char(
        self, characteristic: BleakGATTCharacteristic, data: Any, response: bool
    ) -> None:
        peer = self._live_peer()
        await self._call(peer.write_value(characteristic.obj, bytes(data), with_response=response))

    async def write_gatt_descriptor(self, descriptor: BleakGATTDescriptor, data: Any) -> None:
        peer = self._live_peer()
        await self._call(peer.write_value(descriptor.obj, bytes(data), with_response=True))

    async def start_notify(
        self,
        characteristic: BleakGATTCharacteristic,
        callback: Callable[[bytearray], None],
        **kwargs: Any,
    ) -> None:
        peer = self._live_peer()
        await self._call(
            peer.subscribe(
                characteristic.obj, lambda value: callback(bytearray(value)), prefer_notify=True
            )
        )

    async def stop_notify(self, characteristic: BleakGATTCharacteristic) -> None:
        peer = self._live_peer()
        await self._call(peer.unsubscribe(characteristic.obj))
