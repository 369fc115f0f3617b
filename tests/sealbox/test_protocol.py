"""The sans-IO protocol with bytes only: frames at any MTU, ACKs and NAKs, messages, commands."""

from __future__ import annotations

import random

import pytest

from sealdesk.sealbox.protocol import frames, messages
from sealdesk.sealbox.protocol.commands import (
    Command,
    CommandKind,
    CommandRefused,
    GrantFlags,
    Mode,
    Refusal,
    activation_digest,
    key_id,
    sign_command,
    verify_command,
)
from sealdesk.sealbox.protocol.frames import Channel, Frame, Kind
from sealdesk.signing import sm2


def pump(
    a: Channel, b: Channel, *, mtu: int = 23, corrupt: frames.Stats | None = None
) -> tuple[list[bytes], list[bytes]]:
    """Move bytes both ways in chunks of ``mtu - 3`` until both are quiet; returns what each
    side received."""
    got_a: list[bytes] = []
    got_b: list[bytes] = []
    for _ in range(10_000):
        ab, ba = a.outgoing(), b.outgoing()
        if not ab and not ba:
            return got_a, got_b
        size = mtu - 3
        for i in range(0, len(ab), size):
            got_b += b.receive(ab[i : i + size])
        for i in range(0, len(ba), size):
            got_a += a.receive(ba[i : i + size])
    raise AssertionError("the channels never went quiet")


@pytest.mark.parametrize("mtu", [23, 27, 185, 247, 517, 5000])
def test_messages_cross_at_any_mtu(mtu: int) -> None:
    client, box = Channel(), Channel()
    sent = [bytes([i % 251]) * (i * 37 % 3000) for i in range(200)]
    for m in sent:
        box.send(m)
    _, got = pump(box, client, mtu=mtu)
    assert got == sent
    assert box.pending == 0  # everything acknowledged


def test_random_chunking_and_window_bound() -> None:
    rng = random.Random(7)  # noqa: S311 (test data)
    a, b = Channel(window=4, frame_payload=100), Channel(window=4, frame_payload=100)
    sent = [rng.randbytes(rng.randint(0, 1000)) for _ in range(100)]
    for m in sent:
        a.send(m)
    got: list[bytes] = []
    while True:
        data = a.outgoing()
        assert len(a._sent) <= 4  # never more than the window in flight
        back = b.outgoing()
        if not data and not back:
            break
        while data:
            n = rng.randint(1, 60)
            got += b.receive(data[:n])
            data = data[n:]
        a.receive(back)
    assert got == sent


def test_message_longer_than_a_frame_is_never_cut() -> None:
    a, b = Channel(frame_payload=50), Channel()
    big = bytes(range(256)) * 40
    a.send(big)
    _, got = pump(a, b)
    assert got == [big]
    with pytest.raises(ValueError, match="max"):
        a.send(bytes(frames.MAX_MESSAGE + 1))


def test_oversized_message_from_a_peer_is_dropped_whole() -> None:
    b = Channel()
    chunk = bytes(frames.MAX_PAYLOAD)
    data = b"".join(
        Frame(Kind.DATA, i, 0, chunk, frames.Flags.MORE).encode()
        for i in range(frames.MAX_MESSAGE // frames.MAX_PAYLOAD + 1)
    )
    n = frames.MAX_MESSAGE // frames.MAX_PAYLOAD + 1
    data += Frame(Kind.DATA, n, 0, b"tail").encode() + Frame(Kind.DATA, n + 1, 0, b"ok").encode()
    assert b.receive(data) == [b"ok"]
    assert b.stats.oversized == 1


def test_damaged_bytes_are_skipped_and_nakked_then_resent() -> None:
    a, b = Channel(), Channel()
    for i in range(20):
        a.send(f"message {i}".encode() * 10)
    data = bytearray(a.outgoing())
    data[200] ^= 0x55  # a bit error in the middle of a frame
    got = b.receive(bytes(data))
    assert len(got) < 20 and b.stats.damaged > 0
    # b asks for what it missed, a sends it again
    _, rest = pump(a, b)
    assert got + rest == [f"message {i}".encode() * 10 for i in range(20)]
    assert a.stats.retransmitted > 0


def test_gap_makes_a_nak_and_duplicates_are_ignored() -> None:
    a, b = Channel(), Channel()
    for i in range(3):
        a.send(bytes([i]))
    out = a.outgoing()
    one = len(Frame(Kind.DATA, 0, 0, b"\x00").encode())
    assert b.receive(out[one:]) == []  # frame 0 lost: 1 and 2 are out of order
    assert b.stats.out_of_order == 2
    nak = b.outgoing()
    a.receive(nak)
    again = a.outgoing()
    assert b.receive(again) == [b"\x00", b"\x01", b"\x02"]
    assert b.receive(again) == []  # the same frames again: nothing new


def test_retransmit_after_a_lost_ack_request() -> None:
    a, b = Channel(), Channel()
    a.send(b"hello")
    a.outgoing()  # lost on the way
    a.retransmit()
    assert b.receive(a.outgoing()) == [b"hello"]
    a.receive(b.outgoing())
    assert a.pending == 0


def test_link_reset_drops_a_partial_message() -> None:
    a, b = Channel(frame_payload=10), Channel()
    a.send(b"x" * 100)
    data = a.outgoing()
    b.receive(data[: len(data) // 2])
    b.link_reset()
    assert b.receive(Frame(Kind.DATA, 99, 0, b"y").encode()) == []


def test_reassembler_never_raises_on_garbage() -> None:
    rng = random.Random(1)  # noqa: S311 (test data)
    r = frames.Reassembler()
    for _ in range(2000):
        r.feed(rng.randbytes(rng.randint(0, 64)) + frames.MAGIC * rng.randint(0, 2))
    assert r.damaged > 0


def test_frame_refuses_an_oversized_payload() -> None:
    with pytest.raises(ValueError, match="max"):
        Frame(Kind.DATA, 0, 0, bytes(frames.MAX_PAYLOAD + 1)).encode()


# -- messages


def test_messages_round_trip() -> None:
    record = messages.Record(seq=7, kind=messages.RecordKind.STAMP, time_ms=1, user_id="张三")
    samples: list[messages.Message] = [
        messages.Hello(client="sealdesk"),
        messages.Bind(platform_key=b"\x04" + bytes(64), name="财务章", unit="单位"),
        messages.Records(records=[record.encode(), record.encode()]),
        messages.Result(request=messages.T.SIGNED, outcome=messages.Outcome.REFUSED, reason="x"),
        messages.Photo(seq=3, jpeg=b"\xff\xd8"),
    ]
    for m in samples:
        assert messages.decode(m.encode()) == m
    assert messages.records_of(samples[2]) == [record, record]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"", "unknown"),
        (b"\x7f", "unknown"),
        (b"\x05", "missing"),
        (b"\x05\x01\x00\x02\x00\x00", "bytes for u32"),
        (b"\x05\x01\x00\x04\x00\x00\x00\x01\x01\x00\x04\x00\x00\x00\x01", "twice"),
        (b"\x05\x01\x00", "cut short"),
        (b"\x05\x01\x00\x09\x00", "cut short"),
        (b"\x01\x01\x00\x02\xff\xfe", "UTF-8"),
    ],
)
def test_malformed_messages_are_protocol_errors(data: bytes, match: str) -> None:
    with pytest.raises(messages.ProtocolError, match=match):
        messages.decode(data)


def test_unknown_fields_are_skipped() -> None:
    data = messages.RecordsGet(start=5).encode() + b"\x63\x00\x02ab"
    assert messages.decode(data) == messages.RecordsGet(start=5)


# -- commands


@pytest.fixture(scope="module")
def platform() -> sm2.Sm2PrivateKey:
    return sm2.generate_key()


def grant(point: bytes, *, counter: int = 1, **kw: object) -> Command:
    fields: dict[str, object] = {
        "kind": CommandKind.GRANT,
        "device_id": "GL-0001",
        "key_id": key_id(point),
        "counter": counter,
        "issued_at": 1000,
        "grant_id": bytes(range(16)),
        "user_id": "u1",
        "user_name": "张三",
        "not_before": 1000,
        "not_after": 5000,
        "count": 3,
        "flags": GrantFlags.PHOTO,
    }
    fields.update(kw)
    return Command(**fields)  # type: ignore[arg-type]


def test_grant_signed_and_verified(platform: sm2.Sm2PrivateKey) -> None:
    point = sm2.public_point(platform)
    signed = sign_command(grant(point), platform)
    command = verify_command(
        messages.decode(signed.encode()),  # type: ignore[arg-type]
        platform_key=point,
        device_id="GL-0001",
        last_counter=0,
        now=2000,
    )
    assert command.user_name == "张三" and command.count == 3


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ({"last_counter": 1}, Refusal.REPLAYED),
        ({"device_id": "GL-0002"}, Refusal.FOREIGN),
        ({"now": 5000}, Refusal.EXPIRED),
    ],
)
def test_box_refuses(
    platform: sm2.Sm2PrivateKey, change: dict[str, object], refusal: Refusal
) -> None:
    point = sm2.public_point(platform)
    signed = sign_command(grant(point), platform)
    args: dict[str, object] = {"platform_key": point, "device_id": "GL-0001", "last_counter": 0}
    args["now"] = 2000
    args.update(change)
    with pytest.raises(CommandRefused) as e:
        verify_command(signed, **args)  # type: ignore[arg-type]
    assert e.value.refusal is refusal


def test_tampered_and_foreign_commands_refused(platform: sm2.Sm2PrivateKey) -> None:
    point = sm2.public_point(platform)
    signed = sign_command(grant(point), platform)
    tampered = signed.body.replace(b"\x0f\x00\x02\x00\x03", b"\x0f\x00\x02\x01\xf4")  # 3 -> 500
    assert tampered != signed.body
    for bad, refusal in [
        (messages.Signed(body=tampered, signature=signed.signature), Refusal.TAMPERED),
        (messages.Signed(body=signed.body[:-3], signature=signed.signature), Refusal.TAMPERED),
        (messages.Signed(body=b"\x91garbage", signature=signed.signature), Refusal.TAMPERED),
        (sign_command(grant(point), sm2.generate_key()), Refusal.TAMPERED),
    ]:
        with pytest.raises(CommandRefused) as e:
            verify_command(bad, platform_key=point, device_id="GL-0001", last_counter=0, now=2000)
        assert e.value.refusal is refusal
    other = sm2.generate_key()
    foreign = sign_command(grant(sm2.public_point(other)), other)
    with pytest.raises(CommandRefused) as e:
        verify_command(foreign, platform_key=point, device_id="GL-0001", last_counter=0, now=2000)
    assert e.value.refusal is Refusal.FOREIGN


@pytest.mark.parametrize(
    "change",
    [
        {"count": 501},
        {"not_before": 5000},
        {"grant_id": b"short"},
        {"mode": Mode.PREAUTHORIZED},
        {"activation": b"x" * 32},
        {"flags": 0x40},
        {"kind": 99},
    ],
)
def test_platform_signs_no_invalid_grant(
    platform: sm2.Sm2PrivateKey, change: dict[str, object]
) -> None:
    with pytest.raises(CommandRefused) as e:
        sign_command(grant(sm2.public_point(platform), **change), platform)
    assert e.value.refusal is Refusal.INVALID


def test_unlimited_and_preauthorized_grants_are_valid(platform: sm2.Sm2PrivateKey) -> None:
    point = sm2.public_point(platform)
    digest = activation_digest(bytes(range(16)), "123456")
    for command in (
        grant(point, count=0),
        grant(point, count=500, mode=Mode.PREAUTHORIZED, activation=digest),
    ):
        sign_command(command, platform)
