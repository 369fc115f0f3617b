"""The box's side of one connection, sans-IO: bytes from the client in, bytes to notify out.

The same :class:`Channel` and messages the client uses. Records stream from the client's
cursor in batches while the window has room, and so do the photos a PhotosGet asks for (read
one at a time as the window frees, so a request holds no more than its seqs). Nothing a
client sends stops the box: a bad frame is skipped, a bad message answered MALFORMED, an error
of the box's own logged and answered as refused.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import deque
from collections.abc import Callable

from sealdesk.sealbox.protocol import messages
from sealdesk.sealbox.protocol.frames import Channel
from sealdesk.sealbox.protocol.messages import Outcome, Result
from sealdesk.sealbox.simulator.box import Box, Refused

log = logging.getLogger(__name__)
BATCH = 50  # records per Records message (about 3.7 kB): fewer requests and ACKs


class BoxEndpoint:
    """``photo_of``: where photos come from (the box's storage; a test's broken camera);
    ``photo_stream``: False answers as a box from before PhotosGet."""

    def __init__(
        self,
        box: Box,
        *,
        photo_of: Callable[[int], bytes] | None = None,
        photo_stream: bool = True,
    ) -> None:
        self.box = box
        self.channel = Channel()
        self.stream_from: int | None = None  # a download in progress: the next record
        self.records_sent = 0
        self.photo_of = photo_of or box.photo
        self.photo_stream = photo_stream
        self.photos_asked: deque[int] = deque()  # a PhotosGet being answered: photos to send
        self.photos_streaming = False
        self.photos_sent = 0  # in the answer to the current PhotosGet
        self.photos_total = 0  # on this connection

    def receive(self, data: bytes) -> None:
        """Bytes the client wrote; answers are queued. Never raises."""
        for raw in self.channel.receive(data):
            for answer in self._answer(raw):
                self.channel.send(answer.encode())

    def outgoing(self) -> bytes:
        """Bytes to notify now."""
        self._more_records()
        self._more_photos()
        return self.channel.outgoing()

    def _answer(self, raw: bytes) -> list[messages.Message]:
        try:
            message = messages.decode(raw)
        except messages.ProtocolError as e:
            log.info("box %s: malformed message: %s", self.box.device_id, e)
            return [
                Result(request=raw[0] if raw else 0, outcome=Outcome.MALFORMED, reason="malformed")
            ]
        try:
            return self._handle(message)
        except Refused as e:
            return [
                Result(
                    request=message.TYPE, outcome=Outcome.REFUSED, reason=e.reason, detail=e.detail
                )
            ]
        except Exception:  # the box's own fault: say so and stay up
            log.exception("box %s: error handling %s", self.box.device_id, type(message).__name__)
            return [Result(request=message.TYPE, outcome=Outcome.REFUSED, reason="box_error")]

    def _handle(self, m: messages.Message) -> list[messages.Message]:
        done = Result(request=m.TYPE, outcome=Outcome.OK)
        match m:
            case messages.Hello():
                info = self.box.info()
                if not self.photo_stream:
                    caps = info.capabilities & ~messages.Capability.PHOTO_STREAM
                    info = dataclasses.replace(info, capabilities=caps)
                return [info]
            case messages.Bind():
                self.box.bind(m.platform_key, m.name, m.unit)
                return [done]
            case messages.Signed():
                self.box.command(m)
                return [done]
            case messages.Activate():
                self.box.activate(m.code)
                return [done]
            case messages.RecordsGet():
                # the cursor says the client holds all before it: an ACK lost with a dropped
                # link is made good here
                self.box.acknowledge(m.start)
                self.stream_from = m.start
                return []
            case messages.RecordsAck():
                self.box.acknowledge(m.upto)
                return []
            case messages.PhotoGet():
                return [messages.Photo(seq=m.seq, jpeg=self.photo_of(m.seq))]
            case messages.PhotosGet() if self.photo_stream:
                self.photos_asked = deque(m.numbers)  # replaces a request still answered
                self.photos_streaming = True
                return []
            case messages.Ping():
                return [messages.Pong(token=m.token)]
        return [Result(request=m.TYPE, outcome=Outcome.MALFORMED, reason="unexpected")]

    def _more_records(self) -> None:
        """Keep the window full while a client is downloading records (a queue that runs dry
        asks for an ACK each time: more bytes and round trips)."""
        while self.stream_from is not None and self.channel.queued < self.channel.window:
            batch = self.box.records(self.stream_from, BATCH)
            if not batch:
                next_seq = self.box.info().next_seq
                self.channel.send(messages.RecordsDone(next_seq=next_seq).encode())
                self.stream_from = None
                return
            self.channel.send(messages.Records(records=[r.encode() for r, _ in batch]).encode())
            self.stream_from = batch[-1][0].seq + 1
            self.records_sent += len(batch)

    def _more_photos(self) -> None:
        """Photos asked for, one more whenever the window has room, then PhotosDone."""
        while self.photos_streaming and self.channel.queued < self.channel.window:
            if not self.photos_asked:
                self.channel.send(messages.PhotosDone(sent=self.photos_sent).encode())
                self.photos_streaming, self.photos_sent = False, 0
                return
            seq = self.photos_asked.popleft()
            photo = messages.Photo(seq=seq, jpeg=self.photo_of(seq)).encode()
            try:
                self.channel.send(photo)
            except ValueError:  # over what a message may be: no photo rather than a cut one
                log.warning("box %s: photo %d too large to send", self.box.device_id, seq)
                self.channel.send(messages.Photo(seq=seq, jpeg=b"").encode())
            self.photos_sent += 1
            self.photos_total += 1
