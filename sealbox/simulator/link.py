"""The simulated radio: bumble's LocalLink with a byte count and an optional radio model, and a
hub that lets other processes put their controllers on it over loopback TCP (HCI over TCP).

bumble's own simulated controller has no supervision timeout: a host that dies is never
noticed by its peers. The hub drops a dead host's links with reason 0x08 (connection timeout),
as a real radio would after the supervision timeout.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from bumble import core, hci, ll
from bumble.controller import Controller
from bumble.link import LocalLink
from bumble.transport.common import StreamPacketSource

log = logging.getLogger(__name__)
CONNECTION_TIMEOUT = 0x08


DATA_LENGTH = 251  # LE Data Length Extension (Bluetooth 4.2 on): bytes of a link-layer packet


class RadioLink(LocalLink):
    """A LocalLink that counts the bytes it carries between connected devices (L2CAP PDUs,
    headers included) and, given a latency and a byte rate, delivers them in order that late:
    a crude model of a real radio (no loss, shared air time).

    Its controllers take ``data_length`` bytes of ACL data a packet: 251 as radios with Data
    Length Extension do (bumble's default is 27, a radio without it). Every packet costs the
    simulation a few Python calls on each side, so at 27 a 7 kB photo was ~280 packets
    and ~3/4 of its time."""

    def __init__(
        self, *, latency: float = 0.0, rate: float | None = None, data_length: int = DATA_LENGTH
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.latency = latency
        self.rate = rate  # bytes per second on the air, both directions together
        self.data_length = data_length
        self.acl_bytes = 0
        self._free_at = 0.0
        self._last = 0.0

    def add_controller(self, controller: Controller) -> None:
        """Called as the controller is made, before its host asks its buffer sizes."""
        controller.le_acl_data_packet_length = self.data_length
        controller.supported_max_tx_octets = controller.supported_max_rx_octets = self.data_length
        controller.suggested_max_tx_octets = self.data_length
        super().add_controller(controller)

    def _deliver(self, size: int, action: Callable[[], None]) -> None:
        loop = asyncio.get_running_loop()
        if not self.latency and not self.rate:
            loop.call_soon(action)
            return
        now = loop.time()
        start = max(now, self._free_at)
        self._free_at = start + (size / self.rate if self.rate else 0.0)
        # strictly later than the one before: asyncio does not keep the order of equal times
        self._last = max(self._free_at + self.latency, self._last + 1e-7)
        loop.call_at(self._last, action)

    def send_acl_data(
        self,
        sender_controller: Controller,
        destination_address: hci.Address,
        transport: core.PhysicalTransport,
        data: bytes,
    ) -> None:
        destination = self.find_le_controller(destination_address)
        if destination is None:
            return
        source = sender_controller.random_address
        self.acl_bytes += len(data)
        self._deliver(
            len(data),
            lambda: destination.on_link_acl_data(source, transport, data),
        )

    def send_ll_control_pdu(
        self, sender_address: hci.Address, receiver_address: hci.Address, packet: ll.ControlPdu
    ) -> None:
        receiver = self.find_le_controller(receiver_address)
        if receiver is None:
            return
        self._deliver(0, lambda: receiver.on_ll_control_pdu(sender_address, packet))


def drop_links(link: LocalLink, controller: Controller, reason: int = CONNECTION_TIMEOUT) -> None:
    """Both ends of every connection of ``controller`` learn that it is gone."""
    for connection in list(controller.le_connections.values()):
        peer = link.find_le_controller(connection.peer_address)
        if peer is not None:
            for theirs in list(peer.le_connections.values()):
                if theirs.peer_address == connection.self_address:
                    peer.on_le_disconnected(theirs, reason)
        controller.on_le_disconnected(connection, reason)


class _SocketSink:
    def __init__(self, transport: asyncio.Transport) -> None:
        self.transport = transport

    def on_packet(self, packet: bytes) -> None:
        if not self.transport.is_closing():
            self.transport.write(packet)


class _HostProtocol(asyncio.Protocol):
    """One process's host on the hub: its own controller on the shared link."""

    def __init__(self, link: LocalLink, number: int) -> None:
        self.link = link
        self.number = number
        self.source = StreamPacketSource()
        self.controller: Controller | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        if not isinstance(transport, asyncio.Transport):  # a TCP server's are
            raise TypeError(f"unexpected transport {transport!r}")
        self.controller = Controller(
            f"hub-{self.number}",
            host_source=self.source,
            host_sink=_SocketSink(transport),
            link=self.link,
        )

    def data_received(self, data: bytes) -> None:
        self.source.data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        """The process is gone (a box switched off): its links drop, and its controller,
        whose advertising timers would otherwise run on, falls silent. (A box still heard
        took a connection that no host answered: a GATT request then hung 30 s.)"""
        if self.controller is not None:
            self.controller.le_legacy_advertiser.stop()
            for advertiser in self.controller.advertising_sets.values():
                advertiser.stop()
            drop_links(self.link, self.controller)
            self.link.remove_controller(self.controller)
            self.controller = None


async def serve_hub(link: LocalLink, host: str, port: int) -> asyncio.Server:
    """Accept hosts of other processes onto ``link`` at host:port.

    :raises OSError: the port cannot be bound (another hub may hold it).
    """
    count = 0

    def factory() -> _HostProtocol:
        nonlocal count
        count += 1
        return _HostProtocol(link, count)

    return await asyncio.get_running_loop().create_server(factory, host, port)
