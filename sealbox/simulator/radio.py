"""The simulated box's radio: a bumble peripheral that advertises, serves our GATT service and
gives each client's bytes to a :class:`BoxEndpoint` (the protocol, sans-IO).

Knobs for failures: drop the link after some records (the tests' "link lost mid-upload") or
after some writes before answering them (a command in flight), answer writes with an ATT
error, send garbage between frames.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass, field

from bumble import att, hci
from bumble.controller import Controller
from bumble.core import UUID, AdvertisingData
from bumble.device import Connection, Device
from bumble.gatt import Characteristic, CharacteristicValue, Service
from bumble.host import Host
from bumble.link import LocalLink
from bumble.transport import open_transport
from bumble.transport.common import AsyncPipeSink, Transport

from sealdesk.sealbox.protocol import gatt
from sealdesk.sealbox.simulator.box import Box
from sealdesk.sealbox.simulator.endpoint import BoxEndpoint

log = logging.getLogger(__name__)


def advertising_data(name: str) -> bytes:
    """Flags, our service UUID and the name (shortened to what fits in 31 bytes, as real boxes
    do; the whole name is the GATT device name)."""
    head = [
        (AdvertisingData.FLAGS, bytes([0x06])),
        (
            AdvertisingData.COMPLETE_LIST_OF_128_BIT_SERVICE_CLASS_UUIDS,
            UUID(gatt.SERVICE_UUID).to_bytes(force_128=True),
        ),
    ]
    room = gatt.ADV_NAME_ROOM
    encoded = name.encode("utf-8")
    kind = AdvertisingData.COMPLETE_LOCAL_NAME
    if len(encoded) > room:
        kind = AdvertisingData.SHORTENED_LOCAL_NAME
        encoded = encoded[:room].decode("utf-8", "ignore").encode("utf-8")
    return bytes(AdvertisingData([*head, (kind, encoded)]))


@dataclass
class Faults:
    """Failures the simulator can be asked for (tests and benchmarks)."""

    drop_after_records: int | None = None  # drop the link once after sending this many
    garbage: bytes = b""  # sent before every answer: a client must skip it
    # take this many more writes, then drop the link once without answering (a write in the
    # middle of a command's frame: the command never whole, not carried out)
    drop_after_writes: int | None = None
    drop_before_answer: bool = False  # carry the next command out, drop the link, no answer
    att_error: int | None = None  # answer every write with this ATT error code
    # drop the link once in the middle of the notifications that follow the one that takes
    # the photos streamed past this many (a photo cut short)
    drop_after_photos: int | None = None
    photos: dict[int, bytes] = field(default_factory=dict)  # sent instead of what is stored
    old_firmware: bool = False  # a box from before PhotosGet: one PhotoGet at a time


@dataclass
class _Peer:
    connection: Connection
    endpoint: BoxEndpoint
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None


class BoxRadio:
    """Serves ``box`` on ``device`` until :meth:`close`."""

    def __init__(self, box: Box, device: Device, *, faults: Faults | None = None) -> None:
        self.box = box
        self.device = device
        self.faults = faults or Faults()
        self._peers: dict[int, _Peer] = {}
        self._dropping: set[asyncio.Task[None]] = set()
        self.notify_char = Characteristic(
            gatt.NOTIFY_UUID, Characteristic.Properties.NOTIFY, Characteristic.READABLE, b""
        )
        write_char: Characteristic[bytes] = Characteristic(
            gatt.WRITE_UUID,
            Characteristic.Properties.WRITE | Characteristic.Properties.WRITE_WITHOUT_RESPONSE,
            Characteristic.WRITEABLE,
            CharacteristicValue[bytes](write=self._on_write),
        )
        device.add_service(Service(gatt.SERVICE_UUID, [write_char, self.notify_char]))
        device.on("connection", self._on_connection)

    async def start(self, *, interval_ms: float = 20) -> None:
        await self.device.start_advertising(
            advertising_data=advertising_data(self.box.info().name),
            advertising_interval_min=interval_ms,
            advertising_interval_max=interval_ms,
            auto_restart=True,
        )

    async def close(self) -> None:
        for peer in list(self._peers.values()):
            if peer.task:
                peer.task.cancel()
        self._peers.clear()
        self.box.set_connected(0)

    # -- connections
    def _on_connection(self, connection: Connection) -> None:
        faults = self.faults

        def photo_of(seq: int) -> bytes:
            return faults.photos[seq] if seq in faults.photos else self.box.photo(seq)

        endpoint = BoxEndpoint(self.box, photo_of=photo_of, photo_stream=not faults.old_firmware)
        peer = _Peer(connection, endpoint)
        self._peers[connection.handle] = peer
        peer.task = asyncio.get_running_loop().create_task(self._sender(peer))
        connection.on("disconnection", lambda reason: self._on_disconnection(peer, reason))
        self.box.set_connected(os.getpid())

    def _on_disconnection(self, peer: _Peer, reason: int) -> None:
        log.info("box %s: link lost (0x%02x)", self.box.device_id, reason)
        self._peers.pop(peer.connection.handle, None)
        if peer.task:
            peer.task.cancel()
        if not self._peers:
            self.box.set_connected(0)

    def _on_write(self, connection: Connection, value: bytes) -> None:
        if self.faults.att_error is not None:
            raise att.ATT_Error(self.faults.att_error)
        peer = self._peers.get(connection.handle)
        if peer is None:
            return
        waiting = peer.endpoint.channel.queued
        peer.endpoint.receive(bytes(value))
        faults = self.faults
        if faults.drop_before_answer and peer.endpoint.channel.queued > waiting:
            faults.drop_before_answer = False
            self._drop(peer)
            return
        if faults.drop_after_writes is not None:
            faults.drop_after_writes -= 1
            if faults.drop_after_writes <= 0:
                faults.drop_after_writes = None
                self._drop(peer)
                return
        peer.wake.set()

    def _drop(self, peer: _Peer) -> None:
        """End the link now: nothing more is sent or taken on it."""
        self._peers.pop(peer.connection.handle, None)
        if peer.task:
            peer.task.cancel()
        task = asyncio.get_running_loop().create_task(peer.connection.disconnect())
        self._dropping.add(task)
        task.add_done_callback(self._dropping.discard)

    async def _sender(self, peer: _Peer) -> None:
        """The only writer on this connection: notifications go out in order, chunked to the
        ATT MTU (bumble would silently cut a longer one)."""
        connection = peer.connection
        try:
            while True:
                data = peer.endpoint.outgoing()
                if not data:
                    peer.wake.clear()
                    await peer.wake.wait()
                    continue
                if self.faults.garbage:
                    data = self.faults.garbage + data
                size = connection.att_mtu - 3
                chunks = [data[i : i + size] for i in range(0, len(data), size)]
                photo_limit = self.faults.drop_after_photos
                cut = photo_limit is not None and peer.endpoint.photos_total > photo_limit
                for chunk in chunks[: len(chunks) // 2] if cut else chunks:
                    await connection.cancel_on_disconnection(
                        self.device.notify_subscriber(connection, self.notify_char, chunk)
                    )
                if cut:
                    self.faults.drop_after_photos = None
                    await connection.disconnect()
                    return
                limit = self.faults.drop_after_records
                if limit is not None and peer.endpoint.records_sent >= limit:
                    self.faults.drop_after_records = None
                    await connection.disconnect()
                    return
        except asyncio.CancelledError:
            pass
        except Exception:  # a link that went away under a notification
            log.info("box %s: sender stopped", self.box.device_id, exc_info=True)


@dataclass
class RadioHost:
    """A bumble device with its controller: on a link in this process, or on a hub's link in
    another one (HCI over TCP)."""

    device: Device
    controller: Controller | None = None
    transport: Transport | None = None

    @classmethod
    async def on_link(cls, link: LocalLink, name: str, address: str) -> RadioHost:
        controller = Controller(f"ctl-{name}", link=link)
        host = Host(controller, AsyncPipeSink(controller))
        device = Device(name, address=hci.Address(address), host=host)
        await device.power_on()
        return cls(device, controller=controller)

    @classmethod
    async def on_hub(cls, host: str, port: int, name: str, address: str) -> RadioHost:
        """:raises OSError: no hub listens there."""
        transport = await open_transport(f"tcp-client:{host}:{port}")
        device = Device.with_hci(name, hci.Address(address), transport.source, transport.sink)
        await device.power_on()
        return cls(device, transport=transport)

    async def close(self) -> None:
        if self.transport is not None:
            await self.transport.close()
