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
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from bleak import BleakClient, BleakScanner
from bleak.backends.client import BaseBleakClient
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData, BaseBleakScanner
from bleak.exc import BleakError, BleakGATTProtocolError

from sealdesk.sealbox.errors import BoxRefused, BoxUnreachable
from sealdesk.sealbox.protocol import gatt, messages
from sealdesk.sealbox.protocol.frames import Channel
from sealdesk.sealbox.protocol.messages import Message, Outcome, Record
from sealdesk.sealbox.protocol.photos import PhotoDownload, Verdict

log = logging.getLogger(__name__)
M = TypeVar("M", bound=Message)
T = TypeVar("T")
MAC = re.compile(r"^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$")
BACKOFF = (0.05, 0.2, 0.5, 1.0, 2.0)  # seconds before each reconnect attempt
_LOST = b""  # in the inbox: the link dropped

# bleak's and the OS's failures: a missing BlueZ says FileNotFoundError (no D-Bus socket)
LINK_ERRORS = (BleakError, OSError, TimeoutError, EOFError)


class _LinkLost(Exception):
    pass


class _Stalled(_LinkLost):
    """The link is up but the box answers nothing (a write not acknowledged, no message)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


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
        self._stalled: _Stalled | None = None  # a write the box never acknowledged
        self._tasks: set[asyncio.Task[None]] = set()
        self._write_size = 20
        self._heard = 0.0  # when the box's last bytes came (time.monotonic())
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
    async def _find(self, timeout: float) -> BLEDevice:
        kind = self._scanner_backend
        try:
            if MAC.match(self.target):
                device = await BleakScanner.find_device_by_address(
                    self.target, timeout=timeout, **_backend(kind)
                )
            else:

                def wanted(d: BLEDevice, adv: AdvertisementData) -> bool:
                    return gatt.SERVICE_UUID in adv.service_uuids and _name_matches(
                        self.target, adv.local_name
                    )

                device = await BleakScanner.find_device_by_filter(
                    wanted, timeout=timeout, **_backend(kind)
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

    async def connect(self, timeout: float | None = None) -> messages.Info:
        """Find the box, connect, subscribe, and say hello: each step within ``timeout``
        (default the session's), the hello within the stall time.

        :raises BoxUnreachable: not found, or the connection failed.
        """
        timeout = self._timeout if timeout is None else timeout
        device = await self._find(timeout)
        self.address = device.address
        self._channel = Channel()
        self._inbox = asyncio.Queue()
        self._stalled = None
        client = BleakClient(
            device,
            disconnected_callback=self._on_disconnected,
            timeout=timeout,
            backend=self._client_backend,
        )
        try:
            # bleak bounds only the connection itself, not the discovery that follows: a box
            # that stopped answering must not hold it for the 30 s ATT timeout
            try:
                async with asyncio.timeout(timeout):
                    await client.connect()
            except TimeoutError as e:
                raise _Stalled(timeout) from e
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
            try:
                async with asyncio.timeout(self._stall):
                    await client.start_notify(gatt.NOTIFY_UUID, self._on_notify)
            except TimeoutError as e:
                raise _Stalled(self._stall) from e
        except (_Stalled, *LINK_ERRORS) as e:
            with contextlib.suppress(*LINK_ERRORS):  # leaving must not double the wait
                async with asyncio.timeout(min(timeout, self._stall)):
                    await client.disconnect()
            self._client = None
            raise self._lost_error(e) from e
        self.info = await self.request(messages.Hello(client="sealdesk"), messages.Info)
        return self.info

    def _lost_error(self, e: BaseException | None = None) -> BoxUnreachable:
        if isinstance(e, _Stalled):
            return _unreachable(
                "no_answer",
                f"印章盒“{self.target}”在 {e.seconds:g} 秒内没有回应，已放弃。请确认设备已开机、"
                "没有死机且在附近，必要时重启设备后再试。",
                f"Seal box '{self.target}' did not answer within {e.seconds:g} s; gave up. "
                "Check the box is on, has not frozen and is near; restart it if need be and "
                "try again.",
            )
        e = None if isinstance(e, _LinkLost) else e
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
        self._heard = time.monotonic()
        for raw in self._channel.receive(bytes(data)):
            if raw:  # an empty message means nothing; _LOST is ours alone
                self._inbox.put_nowait(raw)
        if self._channel.outgoing_due():
            task = asyncio.get_running_loop().create_task(self._flush_quietly())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _flush_quietly(self) -> None:
        """ACKs sent from the notification callback: a lost link is reported by the
        disconnected callback, a stall or a refused write by the next wait or write."""
        with contextlib.suppress(_LinkLost, BoxUnreachable):
            await self._flush()

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                async with asyncio.timeout(self._timeout):  # a radio that stopped answering
                    await client.disconnect()
            except LINK_ERRORS:
                log.debug("disconnect of %s failed", self.target, exc_info=True)

    async def _abandon(self) -> None:
        """Leave a link on which a write failed without the link dropping (no answer, an ATT
        error): the frames the box did not acknowledge would otherwise go again with the
        next message, and a command reported as failed would be carried out after all."""
        self._channel = Channel()
        await self.close()

    async def _reconnect(self, attempt: int, deadline: float) -> None:
        """Connect again after the backoff, within what is left until ``deadline``.

        :raises BoxUnreachable: no time left, or the box was not reached.
        """
        pause = BACKOFF[min(attempt, len(BACKOFF) - 1)]
        await asyncio.sleep(max(0.0, min(pause, deadline - time.monotonic())))
        await self.close()
        left = deadline - time.monotonic()
        if left <= 0:
            raise self._lost_error()
        self.reconnects += 1
        await self.connect(timeout=left)

    async def _flush(self) -> None:
        async with self._write_lock:
            if self._stalled is not None:  # a write before this one found no answer
                raise _Stalled(self._stalled.seconds)
            data = self._channel.outgoing()
            client = self._client
            if not data:
                return
            if client is None:
                raise _LinkLost
            try:
                for i in range(0, len(data), self._write_size):
                    # a write the box does not acknowledge would wait for the 30 s ATT timeout
                    await asyncio.wait_for(
                        client.write_gatt_char(
                            gatt.WRITE_UUID, data[i : i + self._write_size], response=True
                        ),
                        self._stall,
                    )
            except TimeoutError as e:
                self._stalled = _Stalled(self._stall)
                raise self._stalled from e
            except BleakGATTProtocolError as e:
                raise self._rejected(e) from e
            except LINK_ERRORS as e:
                raise _LinkLost from e

    def _rejected(self, e: BleakGATTProtocolError) -> BoxUnreachable:
        """The box's GATT server refused the bytes themselves (an ATT error response): the
        message never reached its protocol, so nothing was carried out."""
        raw = e.args[0] if e.args else None  # .code fails on a code bleak has no name for
        code = f"0x{raw:02X}" if isinstance(raw, int) else "?"
        return _unreachable(
            "gatt_error",
            f"印章盒“{self.target}”拒绝了蓝牙写入（ATT 错误 {code}），指令未送达、未执行。"
            "请重启设备后再试；仍不行请联系设备厂家。",
            f"Seal box '{self.target}' rejected the Bluetooth write (ATT error {code}): the "
            "command did not reach it and was not carried out. Restart the box and try again; "
            "if that fails, contact its maker.",
        )

    async def _send(self, message: Message) -> None:
        self._channel.send(message.encode())
        await self._flush()

    async def _receive(self) -> Message:
        """The next message the box sends; skips what does not decode (a broken box must not
        break the client). The box is stalled when no byte came for the stall time: a long
        message (a large photo on a slow radio) may take longer while its bytes flow."""
        waiting_since = time.monotonic()
        while True:
            left = max(waiting_since, self._heard) + self._stall - time.monotonic()
            try:
                raw = await asyncio.wait_for(self._inbox.get(), max(left, 0.0))
            except TimeoutError:
                if self._heard + self._stall > time.monotonic():
                    continue  # bytes came meanwhile: a message is on its way
                raise _Stalled(self._stall) from None
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
        except BoxUnreachable:  # the box rejected our writes
            await self._abandon()
            raise
        except _Stalled as e:
            await self._abandon()
            raise self._lost_error(e) from e
        except _LinkLost as e:
            raise _unreachable(
                "link_lost",
                f"与印章盒“{self.target}”的蓝牙连接在等待回应时断开：指令可能已执行，也可能没有，"
                "下次连接时会核对（不会重复执行）。",
                f"The Bluetooth link to seal box '{self.target}' was lost while waiting for its "
                "answer: the command may or may not have been carried out; the next contact "
                "checks (it is never carried out twice).",
            ) from e

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

    async def _resuming(self, step: Callable[[Callable[[], None]], Awaitable[T]], what: str) -> T:
        """Run ``step(moved)`` to its end. A dropped, stalled or garbled link is reconnected with
        backoff and ``step`` runs again from its own cursor; ``moved()`` says the work went
        forward (what broke the link is forgotten, the attempts and the timeout start again).

        :raises BoxUnreachable: the link did not come back within the session's timeout
            (``no_answer``: the box stopped answering), or the box rejected our writes
            (``gatt_error``: not retried).
        """
        attempt = 0
        outage: BaseException | None = None  # what broke the link, until the work moves again
        # reconnecting gets the session's timeout from the call (a link lost before it), or
        # from the drop after the work last moved
        deadline: float | None = time.monotonic() + self._timeout

        def moved() -> None:
            nonlocal attempt, outage, deadline
            attempt, outage, deadline = 0, None, None

        while True:
            try:
                if self._client is None:
                    await self._reconnect(attempt, deadline or time.monotonic() + self._timeout)
                return await step(moved)
            except (_LinkLost, messages.ProtocolError, BoxUnreachable) as e:
                if isinstance(e, BoxUnreachable) and e.reason == "gatt_error":
                    await self._abandon()
                    raise
                outage = outage or e
                if deadline is None:
                    deadline = time.monotonic() + self._timeout
                attempt += 1
                log.info("%s from %s: %s; attempt %d", what, self.target, type(e).__name__, attempt)
                if attempt > self._attempts or time.monotonic() >= deadline:
                    if isinstance(outage, BoxUnreachable):
                        raise outage from e
                    raise self._lost_error(outage) from e
                await self._abandon()  # a stalled or garbled link is not used again

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

        :raises BoxUnreachable: as :meth:`_resuming`.
        """
        cursor = start

        async def step(moved: Callable[[], None]) -> None:
            nonlocal cursor
            await self._send(messages.RecordsGet(start=cursor))
            while True:
                answer = await self._receive()
                if isinstance(answer, messages.RecordsDone):
                    return
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
                    moved()
                if progress and self.info:
                    progress(cursor, self.info.next_seq)

        await self._resuming(step, "records")
        return cursor

    async def photos(
        self,
        wanted: Mapping[int, int],
        keep: Callable[[int, bytes], object],
        progress: Callable[[int, int], None] | None = None,
    ) -> PhotoDownload:
        """Download the photos of the records ``wanted`` (seq -> the photo size the record
        announced): from a box that streams them, up to MAX_PHOTOS_ASKED a request, back to
        back; from an older one, one request each. ``keep(seq, jpeg)`` must write the photo
        whole (it runs in a worker thread, so the link keeps flowing meanwhile); only then does
        the photo count and ``progress(settled, total)`` is called (an exception from it stops
        the download; nothing is kept half). A dropped link is reconnected and the download
        goes on with the photos not kept yet: none lost, none kept twice. A photo unlike its
        record's announcement is refused (``refused``: seq -> why), not kept.

        :raises BoxRefused: the box refused the request.
        :raises BoxUnreachable: as :meth:`_resuming`.
        """
        download = PhotoDownload(wanted)

        async def step(moved: Callable[[], None]) -> PhotoDownload:
            download.link_lost()  # a request made before a reconnect died with its link
            while (request := download.request(stream=self._streams_photos())) is not None:
                await self._send(request)
                while download.waiting:
                    answer = await self._receive()
                    if isinstance(answer, messages.PhotosDone):
                        download.end(answer)
                    elif isinstance(answer, messages.Result):
                        if answer.request == request.TYPE and answer.outcome != Outcome.OK:
                            raise _refused(answer)
                    elif isinstance(answer, messages.Photo):
                        verdict = download.take(answer)
                        if verdict is Verdict.IGNORED:
                            continue
                        if verdict is Verdict.KEEP:
                            await asyncio.to_thread(keep, answer.seq, answer.jpeg)
                            download.kept(answer.seq)
                        else:
                            log.warning(
                                "seal box %s: photo %d refused (%s)",
                                self.target, answer.seq, download.refused[answer.seq],
                            )  # fmt: skip
                        moved()
                        if progress:
                            progress(download.settled, len(download.wanted))
            return download

        return await self._resuming(step, "photos")

    def _streams_photos(self) -> bool:
        return bool(self.info and self.info.capabilities & messages.Capability.PHOTO_STREAM)
