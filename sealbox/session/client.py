"""A session with one seal box through bleak: find, connect, ask, download records, reconnect.

Plain bleak calls only, whatever the backend (the OS's, or the bumble one for the simulator):
what the tests run is what ships. One asyncio loop; one writer per connection. The
disconnected callback is given at construction (bleak has no setter) and wakes whoever waits,
so a drop is known at once, not at a timeout. Every failure leaves as :class:`BoxUnreachable`
(no box, link lost and not back) or :class:`BoxRefused` (the box said no).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from bleak import BleakClient, BleakScanner
from bleak.backends.client import BaseBleakClient
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData, BaseBleakScanner
from bleak.exc import BleakError

from sealdesk.sealbox.errors import BoxRefused, BoxUnreachable
from sealdesk.sealbox.protocol import gatt, messages
from sealdesk.sealbox.protocol.frames import Channel
from sealdesk.sealbox.protocol.messages import Message, Outcome, Record

log = logging.getLogger(__name__)
M = TypeVar("M", bound=Message)
MAC = re.compile(r"^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$")
BACKOFF = (0.05, 0.2, 0.5, 1.0, 2.0)  # seconds before each reconnect attempt
_LOST = b""  # in the inbox: the link dropped

# bleak's and the OS's failures: a missing BlueZ says FileNotFoundError (no D-Bus socket)
LINK_ERRORS = (BleakError, OSError, TimeoutError, EOFError)


class _LinkLost(Exception):
    pass


@dataclass(frozen=True)
class FoundBox:
    name: str
    address: str
    rssi: int | None


def _unreachable(reason: str, zh: str, en: str) -> BoxUnreachable:
    return BoxUnreachable(reason, zh, en)


def _refused(result: messages.Result) -> BoxRefused:
    reason = result.reason or "refused"
    detail = f"（{result.detail}）" if result.detail else ""
    return BoxRefused(
        reason,
        f"印章盒拒绝了操作：{REFUSALS_ZH.get(reason, reason)}{detail}",
        f"The seal box refused: {reason.replace('_', ' ')}"
        + (f" ({result.detail})" if result.detail else ""),
    )


REFUSALS_ZH = {
    "replayed": "重复的授权指令（已用过）",
    "foreign": "授权指令不属于这台设备或这个平台",
    "tampered": "授权指令被篡改（签名不符）",
    "expired": "授权已过期",
    "invalid": "授权内容无效",
    "capability": "设备不支持该功能（如指纹）",
    "grant_open": "设备上仍有未结束的授权，请先结束用印",
    "bound": "设备已绑定其他平台，请先解绑",
    "unbound": "设备未绑定",
    "no_grant": "设备上没有这个授权",
    "activation_code": "激活码错误",
    "activation_locked": "激活码输错次数过多",
    "malformed": "指令格式错误",
    "box_error": "设备内部错误",
}


async def scan(
    *, timeout: float = 3.0, backend: type[BaseBleakScanner] | None = None
) -> list[FoundBox]:
    """Seal boxes advertising our service, strongest first.

    :raises BoxUnreachable: no Bluetooth to scan with.
    """
    try:
        found = await BleakScanner.discover(
            timeout=timeout, return_adv=True, service_uuids=[gatt.SERVICE_UUID], **_backend(backend)
        )
    except LINK_ERRORS as e:
        raise _no_bluetooth(e) from e
    boxes = [
        FoundBox(adv.local_name or device.name or "", device.address, adv.rssi)
        for device, adv in found.values()
    ]
    return sorted(boxes, key=lambda b: -(b.rssi or -999))


def _backend(backend: type[BaseBleakScanner] | None) -> dict[str, Any]:
    """bleak's ``backend=`` only when there is one (None is its default, not in its types)."""
    return {} if backend is None else {"backend": backend}


def _no_bluetooth(e: BaseException) -> BoxUnreachable:
    return _unreachable(
        "no_bluetooth",
        f"无法使用蓝牙：{e}。请打开蓝牙，或设置 SEALDESK_BLE_SIM 连接模拟印章盒。",
        f"Bluetooth cannot be used: {e}. Turn Bluetooth on, or set SEALDESK_BLE_SIM for a "
        "simulated box.",
    )


def _name_matches(wanted: str, advertised: str | None) -> bool:
    """A name that did not fit the advertisement was shortened to its first bytes."""
    if not advertised:
        return False
    if advertised == wanted:
        return True
    return len(advertised.encode()) >= gatt.ADV_NAME_ROOM - 1 and wanted.startswith(advertised)


class BoxSession:
    """One box, by name or MAC. ``async with BoxSession("ZGY_GL") as s: ...``."""

    def __init__(
        self,
        target: str,
        *,
        client_backend: type[BaseBleakClient] | None = None,
        scanner_backend: type[BaseBleakScanner] | None = None,
        timeout: float = 10.0,
        stall: float = 5.0,
        attempts: int = len(BACKOFF),
    ) -> None:
        self.target = target
        self._client_backend = client_backend
        self._scanner_backend = scanner_backend
        self._timeout = timeout
        self._stall = stall  # no byte from the box for this long: the link is as good as lost
        self._attempts = attempts
        self._client: BleakClient | None = None
        self._channel = Channel()
        self._inbox: asyncio.Queue[bytes] = asyncio.Queue()
        self._write_lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        self._write_size = 20
        self.info: messages.Info | None = None
        self.address = ""  # the box's MAC (or what the OS calls it), once found
        self.reconnects = 0

    @property
    def device_id(self) -> str:
        """The connected box's id.

        :raises BoxUnreachable: not connected yet.
        """
        if self.info is None:
            raise self._lost_error()
        return self.info.device_id

    async def __aenter__(self) -> BoxSession:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- the link
    async def _find(self) -> BLEDevice:
        kind = self._scanner_backend
        try:
            if MAC.match(self.target):
                device = await BleakScanner.find_device_by_address(
                    self.target, timeout=self._timeout, **_backend(kind)
                )
            else:

                def wanted(d: BLEDevice, adv: AdvertisementData) -> bool:
                    return gatt.SERVICE_UUID in adv.service_uuids and _name_matches(
                        self.target, adv.local_name
                    )

                device = await BleakScanner.find_device_by_filter(
                    wanted, timeout=self._timeout, **_backend(kind)
                )
        except LINK_ERRORS as e:
            raise _no_bluetooth(e) from e
        if device is None:
            raise _unreachable(
                "not_found",
                f"找不到印章盒“{self.target}”：请确认设备已开机、在蓝牙模式且在附近。",
                f"Seal box '{self.target}' not found: check it is on, in Bluetooth mode and near.",
            )
        return device

    async def connect(self) -> messages.Info:
        """Find the box, connect, subscribe, and say hello.

        :raises BoxUnreachable: not found, or the connection failed.
        """
        device = await self._find()
        self.address = device.address
        self._channel = Channel()
        self._inbox = asyncio.Queue()
        client = BleakClient(
            device,
            disconnected_callback=self._on_disconnected,
            timeout=self._timeout,
            backend=self._client_backend,
        )
        try:
            await client.connect()
            self._client = client
            char = client.services.get_characteristic(gatt.WRITE_UUID)
            if char is None or client.services.get_characteristic(gatt.NOTIFY_UUID) is None:
                await client.disconnect()
                raise _unreachable(
                    "not_a_box",
                    f"“{self.target}”不是 SealDesk 印章盒（没有印章盒服务）。",
                    f"'{self.target}' is not a SealDesk seal box (no seal-box service).",
                )
            self._write_size = max(20, char.max_write_without_response_size)
            await client.start_notify(gatt.NOTIFY_UUID, self._on_notify)
        except LINK_ERRORS as e:
            raise self._lost_error(e) from e
        self.info = await self.request(messages.Hello(client="sealdesk"), messages.Info)
        return self.info

    def _lost_error(self, e: BaseException | None = None) -> BoxUnreachable:
        why = f"：{e}" if e else ""
        return _unreachable(
            "link_lost",
            f"与印章盒“{self.target}”的蓝牙连接断开{why}，重连未成功。",
            f"The Bluetooth link to seal box '{self.target}' was lost"
            + (f": {e}" if e else "")
            + " and did not come back.",
        )

    def _on_disconnected(self, client: BleakClient) -> None:
        if client is self._client:
            self._client = None
            self._inbox.put_nowait(_LOST)

    def _on_notify(self, _char: Any, data: bytearray) -> None:
        for raw in self._channel.receive(bytes(data)):
            if raw:  # an empty message means nothing; _LOST is ours alone
                self._inbox.put_nowait(raw)
        if self._channel.outgoing_due():
            task = asyncio.get_running_loop().create_task(self._flush_quietly())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _flush_quietly(self) -> None:
        """ACKs sent from the notification callback: a lost link is reported by the
        disconnected callback, not here."""
        with contextlib.suppress(_LinkLost):
            await self._flush()

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                await client.disconnect()
            except LINK_ERRORS:
                log.debug("disconnect of %s failed", self.target, exc_info=True)

    async def _reconnect(self, attempt: int) -> None:
        await asyncio.sleep(BACKOFF[min(attempt, len(BACKOFF) - 1)])
        await self.close()
        self.reconnects += 1
        await self.connect()

    async def _flush(self) -> None:
        async with self._write_lock:
            data = self._channel.outgoing()
            client = self._client
            if not data:
                return
            if client is None:
                raise _LinkLost
            try:
                for i in range(0, len(data), self._write_size):
                    await client.write_gatt_char(
                        gatt.WRITE_UUID, data[i : i + self._write_size], response=True
                    )
            except LINK_ERRORS as e:
                raise _LinkLost from e

    async def _send(self, message: Message) -> None:
        self._channel.send(message.encode())
        await self._flush()

    async def _receive(self) -> Message:
        """The next message the box sends; skips what does not decode (a broken box must not
        break the client)."""
        while True:
            try:
                raw = await asyncio.wait_for(self._inbox.get(), self._stall)
            except TimeoutError:
                raise _LinkLost from None
            if raw == _LOST:
                raise _LinkLost
            try:
                return messages.decode(raw)
            except messages.ProtocolError as e:
                log.warning("seal box %s sent a malformed message: %s", self.target, e)

    async def request(self, message: Message, expect: type[M]) -> M:
        """Send ``message`` and wait for its answer.

        :raises BoxRefused: the box refused (or said the message was malformed).
        :raises BoxUnreachable: the link dropped (a command is not sent again: whether the box
            carried it out is unknown until it is asked).
        """
        try:
            await self._send(message)
            while True:
                answer = await self._receive()
                if (
                    isinstance(answer, messages.Result)
                    and answer.request == message.TYPE
                    and answer.outcome != Outcome.OK
                ):
                    raise _refused(answer)
                if isinstance(answer, expect):
                    return answer
        except _LinkLost as e:
            raise self._lost_error() from e

    async def command(self, message: Message) -> None:
        """A request answered by a Result: bind, signed command, activation.

        :raises BoxRefused: the box said no (``reason`` is the box's).
        :raises BoxUnreachable: no answer.
        """
        await self.request(message, messages.Result)

    async def photo(self, seq: int) -> bytes:
        """The JPEG of record ``seq`` (empty: none)."""
        return (await self.request(messages.PhotoGet(seq=seq), messages.Photo)).jpeg

    async def ping(self) -> float:
        """One round trip, in seconds."""
        started = time.perf_counter()
        await self.request(messages.Ping(token=1), messages.Pong)
        return time.perf_counter() - started

    async def records(
        self,
        start: int,
        store: Callable[[list[Record]], None],
        progress: Callable[[int, int], None] | None = None,
    ) -> int:
        """Download records from ``start`` (the client's cursor) to the end. ``store`` must keep
        each batch safely before it returns: only then is it acknowledged and the box may free
        it. A dropped link is reconnected with backoff and the download goes on from the last
        record stored, so none is lost and none comes twice. Returns the new cursor.

        :raises BoxUnreachable: the link did not come back.
        """
        cursor = start
        attempt = 0
        while True:
            try:
                if self._client is None:
                    await self._reconnect(attempt)
                await self._send(messages.RecordsGet(start=cursor))
                while True:
                    answer = await self._receive()
                    if isinstance(answer, messages.RecordsDone):
                        return cursor
                    if not isinstance(answer, messages.Records):
                        continue
                    fresh = [r for r in messages.records_of(answer) if r.seq >= cursor]
                    if (fresh and fresh[0].seq != cursor) or any(
                        b.seq != a.seq + 1 for a, b in itertools.pairwise(fresh)
                    ):
                        raise messages.ProtocolError("records out of sequence")
                    if fresh:
                        store(fresh)
                        cursor = fresh[-1].seq + 1
                        await self._send(messages.RecordsAck(upto=cursor))
                        attempt = 0
                    if progress and self.info:
                        progress(cursor, self.info.next_seq)
            except (_LinkLost, messages.ProtocolError, BoxUnreachable) as e:
                attempt += 1
                log.info("records from %s: %s; attempt %d", self.target, type(e).__name__, attempt)
                if attempt > self._attempts:
                    raise self._lost_error() from e
                if isinstance(e, messages.ProtocolError):
                    await self.close()
