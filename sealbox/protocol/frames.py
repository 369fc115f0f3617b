"""Frames on the box's byte stream: sequence numbers, cumulative ACKs, reassembly at any MTU.

Both directions are byte streams: the client writes chunks to the write characteristic, the box
notifies chunks on the notify characteristic, each chunk as large as that link allows (ATT_MTU
- 3, which the OS may not even tell: BlueZ says 23). Nothing here depends on the chunk size:
:class:`Channel` takes bytes as they come and gives back whole messages.

A frame (all integers big-endian)::

    0  2  magic 5E A1
    2  1  kind (DATA, ACK, NAK)
    3  1  flags (MORE: the message goes on in the next frame; ACKREQ: answer with an ACK now)
    4  4  seq   DATA: this frame's number in its direction (per connection, from 0)
    8  4  ack   the next seq expected from the peer: every frame acknowledges all before it
    12 2  length of the payload (at most MAX_PAYLOAD)
    14 1  header check (low byte of CRC-32 of bytes 0-13)
    15 .  payload
    .. 4  CRC-32 of the payload

A sender keeps at most ``window`` DATA frames unacknowledged and asks for an ACK (ACKREQ) when
its window fills or its queue empties, so no timer is needed for ACKs. A receiver takes frames
in order only; a gap or a damaged frame is answered with a NAK naming the next seq it wants, and
the sender goes back to it. A message longer than a frame spans frames (MORE) up to
MAX_MESSAGE; anything longer is dropped and counted, never cut short.
"""

from __future__ import annotations

import struct
import zlib
from collections import deque
from dataclasses import dataclass
from enum import IntEnum, IntFlag

MAGIC = b"\x5e\xa1"
HEADER = struct.Struct(">2sBBIIH")
HEADER_SIZE = HEADER.size + 1  # with the header check
TRAILER_SIZE = 4
OVERHEAD = HEADER_SIZE + TRAILER_SIZE
MAX_PAYLOAD = 4096  # what a receiver accepts in one frame
DEFAULT_PAYLOAD = 2048  # what a sender puts in one
MAX_MESSAGE = 256 * 1024  # a photo fits; a box has no reason to send more at once
DEFAULT_WINDOW = 16


class Kind(IntEnum):
    DATA = 1
    ACK = 2
    NAK = 3


class Flags(IntFlag):
    NONE = 0
    MORE = 1
    ACKREQ = 2


@dataclass(frozen=True)
class Frame:
    kind: Kind
    seq: int
    ack: int
    payload: bytes = b""
    flags: Flags = Flags.NONE

    def encode(self) -> bytes:
        """The frame's bytes on the stream.

        :raises ValueError: payload longer than MAX_PAYLOAD, or a number out of range.
        """
        if len(self.payload) > MAX_PAYLOAD:
            raise ValueError(f"frame payload of {len(self.payload)} bytes (max {MAX_PAYLOAD})")
        header = HEADER.pack(MAGIC, self.kind, self.flags, self.seq, self.ack, len(self.payload))
        check = zlib.crc32(header) & 0xFF
        return b"".join(
            (header, bytes((check,)), self.payload, struct.pack(">I", zlib.crc32(self.payload)))
        )


@dataclass
class Stats:
    """What a channel moved, for efficiency figures and tests."""

    frames_sent: int = 0
    bytes_sent: int = 0  # frame bytes, overhead included
    payload_sent: int = 0  # message bytes
    retransmitted: int = 0
    frames_received: int = 0
    damaged: int = 0  # bytes skipped while looking for a frame, or frames failing a check
    out_of_order: int = 0
    oversized: int = 0  # messages over MAX_MESSAGE, dropped whole


class Reassembler:
    """Bytes in, whole valid frames out, whatever the chunking. Never raises on input: damage
    is skipped (counted in ``damaged``) and the search goes on at the next magic."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self.damaged = 0

    def feed(self, data: bytes) -> list[Frame]:
        self._buffer += data
        frames: list[Frame] = []
        buf = self._buffer
        while True:
            start = buf.find(MAGIC)
            if start < 0:
                # keep a last byte that may be the first half of the magic
                keep = 1 if buf[-1:] == MAGIC[:1] else 0
                self.damaged += len(buf) - keep
                del buf[: len(buf) - keep]
                break
            if start:
                self.damaged += start
                del buf[:start]
            if len(buf) < HEADER_SIZE:
                break
            _, kind, flags, seq, ack, length = HEADER.unpack_from(buf)
            header_ok = zlib.crc32(bytes(buf[: HEADER.size])) & 0xFF == buf[HEADER.size]
            if (
                not header_ok
                or length > MAX_PAYLOAD
                or kind not in Kind._value2member_map_
                or flags & ~(Flags.MORE | Flags.ACKREQ)
            ):
                self.damaged += 1
                del buf[:1]  # not a frame start after all: look further on
                continue
            end = HEADER_SIZE + length + TRAILER_SIZE
            if len(buf) < end:
                break
            payload = bytes(buf[HEADER_SIZE : HEADER_SIZE + length])
            (crc,) = struct.unpack_from(">I", buf, HEADER_SIZE + length)
            if zlib.crc32(payload) != crc:
                self.damaged += 1
                del buf[:1]
                continue
            frames.append(Frame(Kind(kind), seq, ack, payload, Flags(flags)))
            del buf[:end]
        return frames

    def reset(self) -> None:
        """Forget a partial frame (the link dropped: its rest never comes)."""
        self._buffer.clear()


class Channel:
    """One end of a connection: messages in and out as frames, in order, acknowledged.

    Sans-IO: ``send`` queues a message, ``receive`` takes bytes from the link and returns the
    messages completed, ``outgoing`` gives the bytes to put on the link now (the window
    permitting). A new connection gets a new channel; what must survive a reconnect is the
    application's cursor (records by their own numbers), not frames.
    """

    def __init__(
        self, *, window: int = DEFAULT_WINDOW, frame_payload: int = DEFAULT_PAYLOAD
    ) -> None:
        if not 1 <= frame_payload <= MAX_PAYLOAD or window < 1:
            raise ValueError("frame payload 1..MAX_PAYLOAD and a window of at least 1")
        self.window = window
        self.frame_payload = frame_payload
        self.stats = Stats()
        self._reassembler = Reassembler()
        # sending
        self._queue: deque[tuple[bytes, Flags]] = deque()  # payloads not yet numbered
        self._sent: deque[Frame] = deque()  # numbered, not yet acknowledged
        self._next_seq = 0  # seq of the next new frame
        self._resend_from: int | None = None  # a NAK asked to go back here
        # receiving
        self._expected = 0
        self._partial = bytearray()
        self._partial_oversized = False
        self._ack_due = False
        self._nak_for: int | None = None  # seq a NAK was sent for (one NAK per gap)
        self._nak_pending = False

    # -- sending
    def send(self, message: bytes) -> None:
        """Queue a message; it leaves in frames as the window allows.

        :raises ValueError: a message longer than MAX_MESSAGE.
        """
        if len(message) > MAX_MESSAGE:
            raise ValueError(f"message of {len(message)} bytes (max {MAX_MESSAGE})")
        size = self.frame_payload
        parts = [message[i : i + size] for i in range(0, len(message), size)] or [b""]
        for i, part in enumerate(parts):
            self._queue.append((part, Flags.MORE if i < len(parts) - 1 else Flags.NONE))

    @property
    def acked(self) -> int:
        """Every frame before this seq was acknowledged by the peer."""
        return self._sent[0].seq if self._sent else self._next_seq

    @property
    def pending(self) -> int:
        """Frames queued or unacknowledged: 0 when everything sent was received."""
        return len(self._queue) + len(self._sent)

    @property
    def queued(self) -> int:
        """Frames waiting for the window (a producer adds more when this runs low)."""
        return len(self._queue)

    def outgoing_due(self) -> bool:
        """Whether :meth:`outgoing` has something now: an ACK or NAK owed, a retransmission, or
        queued frames the window lets go."""
        return (
            self._ack_due
            or self._nak_pending
            or self._resend_from is not None
            or (bool(self._queue) and len(self._sent) < self.window)
        )

    def outgoing(self) -> bytes:
        """Bytes to put on the link now: retransmissions, new frames the window allows, and an
        ACK or NAK that is due (an ACK rides on a DATA frame when there is one)."""
        out: list[Frame] = []
        if self._resend_from is not None:
            again = [f for f in self._sent if f.seq >= self._resend_from]
            self.stats.retransmitted += len(again)
            out += [Frame(f.kind, f.seq, self._expected, f.payload, f.flags) for f in again]
            self._resend_from = None
        while self._queue and len(self._sent) < self.window:
            payload, flags = self._queue.popleft()
            if not self._queue or len(self._sent) + 1 >= self.window:
                flags |= Flags.ACKREQ  # the window is full or the queue empty: say so
            frame = Frame(Kind.DATA, self._next_seq, self._expected, payload, flags)
            self._next_seq += 1
            self._sent.append(frame)
            self.stats.payload_sent += len(payload)
            out.append(frame)
        if out:
            last = out[-1]
            out[-1] = Frame(last.kind, last.seq, last.ack, last.payload, last.flags | Flags.ACKREQ)
        elif self._ack_due:
            out.append(Frame(Kind.ACK, 0, self._expected))
        self._ack_due = False
        if self._nak_pending:
            out.append(Frame(Kind.NAK, 0, self._expected))
            self._nak_pending = False
        data = b"".join(f.encode() for f in out)
        self.stats.frames_sent += len(out)
        self.stats.bytes_sent += len(data)
        return data

    def retransmit(self) -> None:
        """Nothing came back for a while with frames in flight: send them again (the I/O layer
        calls this on its timer; a lost ACKREQ would otherwise stall both ends)."""
        if self._sent:
            self._resend_from = self._sent[0].seq
            self._ack_due = True

    # -- receiving
    def receive(self, data: bytes) -> list[bytes]:
        """Take bytes from the link; returns the messages they complete. Never raises."""
        before = self._reassembler.damaged
        messages: list[bytes] = []
        for frame in self._reassembler.feed(data):
            self.stats.frames_received += 1
            self._acknowledged(frame.ack)
            if frame.kind is Kind.NAK:
                if self._sent and frame.ack >= self._sent[0].seq:
                    self._resend_from = frame.ack
                continue
            if frame.kind is Kind.ACK:
                continue
            if frame.seq != self._expected:
                if frame.seq > self._expected:
                    self.stats.out_of_order += 1
                    self._nak()
                elif frame.flags & Flags.ACKREQ:
                    self._ack_due = True  # a retransmission we had: say so again
                continue
            self._expected += 1
            self._nak_for = None
            if frame.flags & Flags.ACKREQ or self._expected % max(1, self.window // 2) == 0:
                self._ack_due = True
            message = self._collect(frame)
            if message is not None:
                messages.append(message)
        damaged = self._reassembler.damaged - before
        if damaged:
            self.stats.damaged += damaged
            self._nak()
        return messages

    def link_reset(self) -> None:
        """The connection ended: drop a half-received frame and message."""
        self._reassembler.reset()
        self._partial.clear()
        self._partial_oversized = False

    def _acknowledged(self, ack: int) -> None:
        while self._sent and self._sent[0].seq < ack:
            self._sent.popleft()

    def _nak(self) -> None:
        if self._nak_for != self._expected:
            self._nak_for = self._expected
            self._nak_pending = True

    def _collect(self, frame: Frame) -> bytes | None:
        if not self._partial_oversized:
            if len(self._partial) + len(frame.payload) > MAX_MESSAGE:
                self._partial_oversized = True
                self._partial.clear()
            else:
                self._partial += frame.payload
        if frame.flags & Flags.MORE:
            return None
        if self._partial_oversized:
            self.stats.oversized += 1
            self._partial_oversized = False
            return None
        message = bytes(self._partial)
        self._partial.clear()
        return message
