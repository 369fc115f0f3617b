"""Photos off the box: streamed (one PhotosGet for many, back to back), resumed after a dropped
link with none lost or kept twice, a photo unlike its record refused, older boxes one at a
time. Bytes only for the cursor; the session against the simulated box over bumble for the
rest."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from sealdesk.sealbox.protocol import frames, messages
from sealdesk.sealbox.protocol.commands import CommandKind
from sealdesk.sealbox.protocol.frames import Channel, Flags, Frame, Kind
from sealdesk.sealbox.protocol.messages import Photo, PhotosDone, PhotosGet
from sealdesk.sealbox.protocol.photos import MAX_PHOTO, PhotoDownload, Verdict
from sealdesk.sealbox.records import LocalRecords
from sealdesk.sealbox.simulator.box import Box, Situation
from sealdesk.sealbox.simulator.radio import Faults
from tests.sealbox.platform import Platform
from tests.sealbox.rig import Rig

JPEG = b"\xff\xd8\xff\xe0" + bytes(60)

# -- the messages and the cursor, bytes only


def test_photos_get_round_trips_and_refuses_bad_seq_lists() -> None:
    m = PhotosGet.of([3, 5, 2**32 - 1])
    assert messages.decode(m.encode()) == m and m.numbers == [3, 5, 2**32 - 1]
    assert messages.decode(PhotosDone(sent=3).encode()) == PhotosDone(sent=3)
    for seqs in (b"", b"\x00\x00\x01", bytes(4 * (messages.MAX_PHOTOS_ASKED + 1))):
        raw = bytes((messages.T.PHOTOS_GET,)) + b"\x01" + len(seqs).to_bytes(2, "big") + seqs
        with pytest.raises(messages.ProtocolError, match="PhotosGet"):
            messages.decode(raw)
    with pytest.raises(messages.ProtocolError):
        PhotosGet.of([])


def test_a_photo_longer_than_a_field_crosses_in_pieces() -> None:
    """TLV lengths are u16: a photo over 64 KiB goes as pieces under one tag; a short one is
    encoded as before (older clients read it)."""
    big = Photo(seq=1, jpeg=bytes(range(256)) * 600)  # 153,600 bytes: three pieces
    assert messages.decode(big.encode()) == big
    short = Photo(seq=2, jpeg=JPEG).encode()
    assert short == b"\x85\x01\x00\x04\x00\x00\x00\x02\x02\x00\x40" + JPEG
    assert messages.decode(Photo(seq=3, jpeg=b"").encode()) == Photo(seq=3, jpeg=b"")
    torn = b"\x85\x01\x00\x04\x00\x00\x00\x01\x02\x00\x02ab\x02\x00\x01c"
    with pytest.raises(messages.ProtocolError, match="short"):
        messages.decode(torn)


def test_cursor_asks_in_batches_and_judges_each_answer() -> None:
    wanted = {seq: len(JPEG) for seq in range(100)} | {200: 10, 201: 10, 202: 10, 203: 10}
    d = PhotoDownload(wanted)
    first = d.request(stream=True)
    assert isinstance(first, PhotosGet) and first.numbers == list(range(64))
    with pytest.raises(RuntimeError):
        d.request(stream=True)  # one request at a time
    assert d.take(Photo(seq=0, jpeg=JPEG)) is Verdict.KEEP
    d.kept(0)
    assert d.take(Photo(seq=0, jpeg=JPEG)) is Verdict.IGNORED  # a duplicate
    assert d.take(Photo(seq=500, jpeg=JPEG)) is Verdict.IGNORED  # never asked
    # 1 never came whole (the channel dropped it): the next one says so
    assert d.take(Photo(seq=2, jpeg=JPEG)) is Verdict.KEEP and d.refused == {1: "lost"}
    d.kept(2)
    assert d.take(Photo(seq=3, jpeg=JPEG + b"x")) is Verdict.REFUSED  # not the size announced
    assert d.take(Photo(seq=4, jpeg=b"GIF89a" + bytes(len(JPEG) - 6))) is Verdict.REFUSED
    assert d.take(Photo(seq=5, jpeg=b"")) is Verdict.REFUSED  # the box has none
    assert d.refused == {1: "lost", 3: "size", 4: "not_jpeg", 5: "absent"}
    d.link_lost()  # the rest of this request died with the link: asked again
    again = d.request(stream=True)
    assert isinstance(again, PhotosGet) and again.numbers == list(range(6, 70))
    d.end(PhotosDone(sent=0))  # the box ended without them: refused, not waited for
    assert len(d.refused) == 4 + 64 and not d.waiting
    rest = d.request(stream=True)
    assert isinstance(rest, PhotosGet) and rest.numbers == [*range(70, 100), 200, 201, 202, 203]
    assert d.request is not None
    one = PhotoDownload({7: len(JPEG)}).request(stream=False)
    assert one == messages.PhotoGet(seq=7)


def test_a_request_is_bounded_by_the_bytes_announced() -> None:
    d = PhotoDownload({1: 600_000, 2: 600_000, 3: 10})
    first = d.request(stream=True)
    assert isinstance(first, PhotosGet) and first.numbers == [1]
    big = PhotoDownload({1: MAX_PHOTO + 1})
    big.request(stream=True)
    assert big.take(Photo(seq=1, jpeg=b"\xff\xd8\xff" + bytes(MAX_PHOTO - 2))) is Verdict.REFUSED
    assert big.refused == {1: "oversized"} and big.finished


def test_a_photo_over_the_message_limit_is_refused_and_the_stream_goes_on() -> None:
    """A box sends a photo longer than any message may be: the client's channel drops it whole
    and the cursor refuses it at the next answer, without waiting for it."""
    d = PhotoDownload({1: frames.MAX_MESSAGE + 10, 2: len(JPEG)})
    d.request(stream=True)
    chunk = bytes(frames.MAX_PAYLOAD)
    n = frames.MAX_MESSAGE // frames.MAX_PAYLOAD + 1
    data = b"".join(Frame(Kind.DATA, i, 0, chunk, Flags.MORE).encode() for i in range(n))
    data += Frame(Kind.DATA, n, 0, b"end").encode()
    data += Frame(Kind.DATA, n + 1, 0, Photo(seq=2, jpeg=JPEG).encode()).encode()
    client = Channel()
    answers = [messages.decode_as(Photo, m) for m in client.receive(data)]
    assert client.stats.oversized == 1 and answers == [Photo(seq=2, jpeg=JPEG)]
    assert d.take(answers[0]) is Verdict.KEEP and d.refused == {1: "lost"}


# -- the session against the simulated box


def stamped_box(folder: Path, platform: Platform, photos: int) -> Path:
    """A bound box with ``photos`` stamps, each with a photo, and two abnormal presses (no
    photo): after the first stamp and at the end."""
    box = Box.create(folder, model="GL", name="ZGY_GL")
    box.bind(platform.point, "财务章", "")
    box.command(platform.command(box.device_id, CommandKind.SETTINGS, offline=True))
    box.command(platform.grant(box.device_id, count=0))
    for i in range(photos):
        assert box.press().stamped
        if i == 0:
            assert not box.press(situation=Situation.POWERING_OFF).stamped
    assert not box.press(situation=Situation.POWERING_OFF).stamped
    box.close()
    return folder


async def _download(
    rig: Rig, local: LocalRecords, **kw: object
) -> tuple[int, list[tuple[int, int]], PhotoDownload]:
    seen: list[tuple[int, int]] = []
    async with rig.session("ZGY_GL", **kw) as s:
        await s.records(local.cursor(), local.append)
        got = await s.photos(
            local.missing_photos(), local.save_photo, lambda d, t: seen.append((d, t))
        )
        return s.reconnects, seen, got


def _on_disk(local: LocalRecords) -> dict[int, bytes]:
    return {int(p.stem): p.read_bytes() for p in (local.folder / "photos").glob("*")}


@pytest.mark.parametrize("old_firmware", [False, True], ids=["streamed", "one_at_a_time"])
def test_every_photo_arrives_byte_identical_records_without_one_asked_nothing(
    tmp_path: Path, old_firmware: bool
) -> None:
    platform = Platform()
    folder = stamped_box(tmp_path / "gl", platform, 70)  # two PhotosGet of 64 and 6

    async def flow() -> None:
        rig = await Rig.start()
        radio = await rig.add_box(folder, faults=Faults(old_firmware=old_firmware))
        local = LocalRecords(tmp_path / "kept")
        reconnects, seen, got = await _download(rig, local)
        stored = radio.box.records(0, 100)
        with_photo = {r.seq: radio.box.photo(r.seq) for r, size in stored if size}
        assert len(stored) == 72 and len(with_photo) == 70 and reconnects == 0
        assert _on_disk(local) == with_photo  # byte for byte, and none for the two without
        assert seen == [(i, 70) for i in range(1, 71)]
        assert got.refused == {} and got.done == sorted(with_photo)
        # nothing left to ask: a second run keeps nothing and reports nothing
        _, seen, again = await _download(rig, local)
        assert seen == [] and again.done == [] and local.missing_photos() == {}
        await rig.close()

    asyncio.run(flow())


def test_link_dropped_mid_photo_stream_resumes_none_lost_none_twice(tmp_path: Path) -> None:
    platform = Platform()
    folder = stamped_box(tmp_path / "gl", platform, 40)

    async def flow() -> None:
        rig = await Rig.start()
        radio = await rig.add_box(folder, faults=Faults(drop_after_photos=12))
        local = LocalRecords(tmp_path / "kept")
        saved: list[int] = []
        save = local.save_photo

        def counting(seq: int, jpeg: bytes) -> Path:
            saved.append(seq)
            return save(seq, jpeg)

        local.save_photo = counting  # type: ignore[method-assign]
        reconnects, seen, got = await _download(rig, local)
        with_photo = {r.seq: radio.box.photo(r.seq) for r, size in radio.box.records(0, 99) if size}
        assert reconnects == 1 and radio.faults.drop_after_photos is None  # it did drop
        assert sorted(saved) == sorted(with_photo) and len(saved) == len(set(saved)) == 40
        assert _on_disk(local) == with_photo
        assert not list((local.folder / "photos").glob("*.tmp"))  # the cut photo left nothing
        assert [d for d, _ in seen] == list(range(1, 41))  # counted once each, in order
        assert got.refused == {}
        await rig.close()

    asyncio.run(flow())


def test_malformed_and_oversized_photos_refused_the_rest_kept(tmp_path: Path) -> None:
    platform = Platform()
    folder = stamped_box(tmp_path / "gl", platform, 6)

    async def flow() -> None:
        rig = await Rig.start()
        box = Box.open(folder)
        with_photo = [r.seq for r, size in box.records(0, 99) if size]
        stored = {seq: box.photo(seq) for seq in with_photo}
        box.close()
        faults = Faults(
            photos={
                with_photo[1]: stored[with_photo[1]] + b"\x00",  # longer than its record said
                with_photo[2]: b"PK" + stored[with_photo[2]][2:],  # not a JPEG
                with_photo[3]: b"",  # the box lost it
                with_photo[4]: b"\xff\xd8\xff" + bytes(MAX_PHOTO),  # over what a client keeps
            }
        )
        radio = await rig.add_box(folder, faults=faults)
        local = LocalRecords(tmp_path / "kept")
        _, seen, got = await _download(rig, local)
        assert got.refused == {
            with_photo[1]: "size",
            with_photo[2]: "not_jpeg",
            with_photo[3]: "absent",
            with_photo[4]: "oversized",
        }
        kept = {s: radio.box.photo(s) for s in (with_photo[0], with_photo[5])}
        assert _on_disk(local) == kept and seen[-1] == (6, 6)
        # the box mended: the next download asks for the four again and keeps them
        faults.photos.clear()
        _, _, again = await _download(rig, local)
        assert again.done == with_photo[1:5] and again.refused == {}
        assert _on_disk(local) == {s: radio.box.photo(s) for s in with_photo}
        await rig.close()

    asyncio.run(flow())


def test_stopped_at_a_progress_report_keeps_what_was_counted(tmp_path: Path) -> None:
    """The GUI's 取消 raises from the progress callback: the download stops there, the photos
    counted are on disk whole, the next run fetches only the rest."""
    platform = Platform()
    folder = stamped_box(tmp_path / "gl", platform, 20)

    class Stop(Exception):
        pass

    async def flow() -> None:
        rig = await Rig.start()
        radio = await rig.add_box(folder)
        local = LocalRecords(tmp_path / "kept")

        def stop_at_5(done: int, total: int) -> None:
            if done == 5:
                raise Stop

        async with rig.session("ZGY_GL") as s:
            await s.records(0, local.append)
            with pytest.raises(Stop):
                await s.photos(local.missing_photos(), local.save_photo, stop_at_5)
        assert len(_on_disk(local)) == 5 and len(local.missing_photos()) == 15
        _, seen, _ = await _download(rig, local)
        assert seen[-1] == (15, 15)
        with_photo = {r.seq: radio.box.photo(r.seq) for r, size in radio.box.records(0, 99) if size}
        assert _on_disk(local) == with_photo
        await rig.close()

    asyncio.run(flow())


def test_a_photo_slower_than_the_stall_time_still_arrives_while_its_bytes_flow(
    tmp_path: Path,
) -> None:
    """The stall time counts from the box's last bytes, not its last whole message: a 60 kB
    photo over a 30 kB/s radio takes 2 s, twice the session's stall of 1 s, and arrives."""
    platform = Platform()
    folder = stamped_box(tmp_path / "gl", platform, 2)

    async def flow() -> None:
        rig = await Rig.start(latency=0.005, rate=30_000.0)
        box = Box.open(folder)
        seq = next(r.seq for r, size in box.records(0, 9) if size)
        box.close()
        big = b"\xff\xd8\xff" + bytes(60_000)
        radio = await rig.add_box(folder, faults=Faults(photos={seq: big}))
        local = LocalRecords(tmp_path / "kept")
        _, _, got = await _download(rig, local, stall=1.0)
        assert got.refused == {seq: "size"}  # it came whole (and is not what the record said)
        assert _on_disk(local) == {s: radio.box.photo(s) for s in got.done} and got.done
        await rig.close()

    asyncio.run(flow())
