"""Unchanged bleak code (the session) against simulated boxes over bumble, in one process."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from sealdesk.sealbox.errors import BoxRefused, BoxUnreachable
from sealdesk.sealbox.protocol import messages
from sealdesk.sealbox.protocol.commands import CommandKind
from sealdesk.sealbox.protocol.gatt import WRITE_UUID
from sealdesk.sealbox.protocol.messages import Record
from sealdesk.sealbox.session import scan
from sealdesk.sealbox.simulator.radio import Faults
from tests.sealbox.platform import Platform
from tests.sealbox.rig import Rig


def test_scan_connect_bind_grant_stamp_records_photo(tmp_path: Path) -> None:
    platform = Platform()

    async def flow() -> None:
        rig = await Rig.start()
        radio = await rig.add_box(tmp_path / "gl")
        box = radio.box
        found = await scan(timeout=0.3, backend=rig.central.backends()[1])
        assert [(f.name, f.address) for f in found] == [("ZGY_GL", box.address)]
        async with rig.session(box.address) as s:  # by MAC
            assert s.info and s.info.screen == "未绑定" and s.info.firmware.startswith("GYGL")
            await s.command(messages.Bind(platform_key=platform.point, name="财务章"))
            await s.command(platform.grant(box.device_id, count=3))
            assert box.press().stamped and box.press().stamped
            got: list[Record] = []
            cursor = await s.records(0, got.extend)
            assert cursor == 2 and [r.seq for r in got] == [0, 1]
            assert (await s.photo(1))[:2] == b"\xff\xd8"
            assert box.info().uploaded == 2 and box.info().screen == "2/3"
            with pytest.raises(BoxRefused) as e:
                await s.command(platform.grant(box.device_id))
            assert e.value.reason == "grant_open"
        async with rig.session("ZGY_GL") as s:  # by name, again
            await s.command(platform.command(box.device_id, CommandKind.END))
            assert (await s.ping()) < 1
        await rig.close()

    asyncio.run(flow())


def test_at_mtu_23_nothing_is_lost_or_truncated(tmp_path: Path) -> None:
    """ATT MTU 23 (BlueZ's, and what many radios give): 20 bytes a write or notification. Bind
    (a long name and unit), a grant, presses with photos, then the records and every photo
    byte for byte as the box stores them."""
    platform = Platform()

    async def flow() -> None:
        rig = await Rig.start()
        radio = await rig.add_box(tmp_path / "gl", max_mtu=23)
        box = radio.box
        async with rig.session("ZGY_GL") as s:
            assert s._client is not None and s._client.mtu_size == 23
            name, unit = "财务专用章（总部）" * 2, "某某市某某区人民政府办公室" * 2
            await s.command(messages.Bind(platform_key=platform.point, name=name, unit=unit))
            await s.command(platform.grant(box.device_id, count=12))
            assert box.info().screen == "0/12"
            for _ in range(12):
                assert box.press().stamped
            assert not box.press().stamped  # the 13th: an abnormal record, no photo
            stored = box.records(0, 100)
            photos = {r.seq: box.photo(r.seq) for r, size in stored if size}
            got: list[Record] = []
            assert await s.records(0, got.extend) == 13
            assert got == [r for r, _ in stored]  # every field of every record
            assert len(photos) == 12 and min(map(len, photos.values())) > 1000
            for seq, jpeg in photos.items():
                assert await s.photo(seq) == jpeg  # many notifications each, none cut
            assert await s.ping() < 1
        assert box.info().uploaded == 13 and box.info().screen == "请授权使用"
        assert box.show()["label"] == name  # the whole name, as the box took it
        await rig.close()

    asyncio.run(flow())


def test_link_dropped_mid_upload_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    platform = Platform()

    async def flow() -> None:
        rig = await Rig.start()
        radio = await rig.add_box(tmp_path / "gl", faults=Faults(drop_after_records=150))
        box = radio.box
        box.bind(platform.point, "财务章", "")
        box.command(platform.command(box.device_id, CommandKind.SETTINGS, offline=True))
        box.command(platform.grant(box.device_id, count=0))
        for _ in range(400):
            box.press()
        got: list[Record] = []
        async with rig.session("ZGY_GL") as s:
            cursor = await s.records(0, got.extend)
            assert s.reconnects == 1
        assert cursor == 400 and [r.seq for r in got] == list(range(400))
        assert box.info().uploaded == 400 and box.info().stored == 0
        await rig.close()

    asyncio.run(flow())


def test_no_box_is_unreachable(tmp_path: Path) -> None:
    async def flow() -> None:
        rig = await Rig.start()
        with pytest.raises(BoxUnreachable) as e:
            async with rig.session("NOBODY", timeout=0.3):
                pass
        assert e.value.reason == "not_found"

    asyncio.run(flow())


def test_replayed_and_tampered_grant_frames_refused_over_the_link(tmp_path: Path) -> None:
    platform = Platform()

    async def flow() -> None:
        rig = await Rig.start()
        box = (await rig.add_box(tmp_path / "gl")).box
        async with rig.session("ZGY_GL") as s:
            await s.command(messages.Bind(platform_key=platform.point, name="财务章"))
            grant = platform.grant(box.device_id, count=2)
            await s.command(grant)
            await s.command(platform.command(box.device_id, CommandKind.END))
            with pytest.raises(BoxRefused) as e:
                await s.command(grant)  # the very same frame, replayed
            assert e.value.reason == "replayed"
            fresh = platform.grant(box.device_id, count=2)
            body = fresh.body.replace(b"\x0f\x00\x02\x00\x02", b"\x0f\x00\x02\x01\xf4")  # 2 -> 500
            with pytest.raises(BoxRefused) as e:
                await s.command(messages.Signed(body=body, signature=fresh.signature))
            assert e.value.reason == "tampered" and "篡改" in e.value.message("zh")
            got: list[Record] = []
            await s.records(0, got.extend)
        causes = [messages.Cause(r.cause) for r in got]
        assert causes == [messages.Cause.COMMAND_REPLAYED, messages.Cause.COMMAND_TAMPERED]
        assert box.info().screen == "请授权使用"  # neither took effect
        await rig.close()

    asyncio.run(flow())


def test_malformed_frames_crash_neither_side(tmp_path: Path) -> None:
    async def flow() -> None:
        rig = await Rig.start()
        garbage = b"\x5e\xa1\xff\x00" + bytes(range(40))  # a false magic, then noise
        radio = await rig.add_box(tmp_path / "gl", faults=Faults(garbage=garbage))
        async with rig.session("ZGY_GL") as s:
            assert s._client is not None
            for junk in (b"\x00" * 30, garbage, b"\x5e\xa1" * 50, bytes(range(256))):
                await s._client.write_gatt_char(WRITE_UUID, junk, response=True)
            with pytest.raises(BoxRefused) as e:  # whole frames around a message that is not one
                await s.request(_Raw(b"\x02\x01\x00\x05hello"), messages.Result)
            assert e.value.reason == "malformed"
            assert await s.ping() < 1  # both ends still talk
            assert (
                await s.request(messages.Hello(), messages.Info)
            ).device_id == radio.box.device_id
        await rig.close()

    asyncio.run(flow())


class _Raw(messages.Message):
    """Bytes sent as a message as they are."""

    TYPE = messages.T.BIND

    def __init__(self, data: bytes) -> None:
        self.data = data

    def encode(self) -> bytes:
        return self.data
