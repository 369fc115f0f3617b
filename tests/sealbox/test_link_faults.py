"""Link faults (SEALBOX-NOTES §4-5) with the real pieces: the session's unchanged bleak code over
the bumble backend, the simulator in its own process where the fault is a process that dies or
stops. A box killed with -9 in the middle of a download or of a grant's delivery, a link that
drops with a command's write in flight, a box that stops answering while the link stays up,
an ATT error from the box's GATT server: each ends, within a bounded time, in one domain
error with words in Chinese and English; nothing acknowledged is lost, and no command is
carried out twice."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sealdesk.desktop.errors import describe
from sealdesk.sealbox.errors import BoxRefused, BoxUnreachable
from sealdesk.sealbox.protocol.commands import CommandKind
from sealdesk.sealbox.protocol.frames import Channel
from sealdesk.sealbox.protocol.messages import Record
from sealdesk.sealbox.session import BoxSession
from sealdesk.sealbox.session.bumble_backend import BumbleCentral
from sealdesk.sealbox.simulator.box import Box
from tests.conftest import run_cli
from tests.sealbox.platform import Platform
from tests.sealbox.rig import Rig
from tests.sealbox.test_cli import Simulators, free_port

TIMEOUT = 2.0  # the session's timeout in these tests: reconnecting gets no longer
STALL = 1.0


@pytest.fixture
def sims() -> Iterator[Simulators]:
    s = Simulators(free_port())
    yield s
    for proc in s.procs:  # one stopped with SIGSTOP must be able to end
        if proc.poll() is None:
            proc.send_signal(signal.SIGCONT)
    s.stop()


def stocked(state: Path, platform: Platform, presses: int) -> Box:
    """The simulated box bound, in offline mode, granted without limit, pressed ``presses``
    times (through its storage, while its simulator runs)."""
    box = Box.open(state)
    box.bind(platform.point, "财务章", "")
    box.command(platform.command(box.device_id, CommandKind.SETTINGS, offline=True))
    box.command(platform.grant(box.device_id, count=0))
    for _ in range(presses):
        box.press()
    return box


def kill(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()


async def on_hub(port: int) -> tuple[BumbleCentral, dict[str, object]]:
    central = await BumbleCentral.on_hub("127.0.0.1", port)
    client, scanner = central.backends()
    return central, {"client_backend": client, "scanner_backend": scanner}


async def download(port: int, start: int) -> list[Record]:
    central, backends = await on_hub(port)
    got: list[Record] = []
    async with BoxSession("ZGY_GL", timeout=5, **backends) as s:  # type: ignore[arg-type]
        await s.records(start, got.extend)
    await central.close()
    return got


@pytest.mark.parametrize("where", ["hub", "joined"])
def test_kill_9_mid_download_one_error_in_time_nothing_lost(
    sims: Simulators, tmp_path: Path, where: str
) -> None:
    """hub: the killed simulator held the link (the radio itself is gone, as a Bluetooth
    adapter pulled out); joined: another box holds it, and the box just vanishes."""
    if where == "joined":
        sims.start("L", "BOX-L", tmp_path / "l")
    state = tmp_path / "gl"
    sims.start("GL", "ZGY_GL", state)
    victim = sims.procs[-1]
    stocked(state, Platform(), 300).close()
    got: list[Record] = []

    def store(batch: list[Record]) -> None:
        got.extend(batch)
        kill(victim)  # the first batch is kept: the box dies with 250 records to go

    async def run() -> float:
        central, backends = await on_hub(sims.port)
        started = time.monotonic()
        with pytest.raises(BoxUnreachable) as e:
            async with BoxSession("ZGY_GL", timeout=TIMEOUT, stall=STALL, **backends) as s:  # type: ignore[arg-type]
                await s.records(0, store)
        elapsed = time.monotonic() - started
        assert e.value.reason == "link_lost"
        assert "断开" in e.value.message("zh") and "lost" in e.value.message("en")
        await central.close()
        return elapsed

    elapsed = asyncio.run(run())
    assert elapsed < TIMEOUT + 1.5, elapsed  # reconnecting within the timeout, then said so
    assert [r.seq for r in got] == list(range(len(got))) and 0 < len(got) < 300
    if where == "hub":
        sims.procs.clear()
    else:
        sims.procs.remove(victim)
    sims.start("GL", "ZGY_GL", state)  # the same box, switched on again
    box = Box.open(state)
    assert box.info().uploaded <= len(got)  # acknowledged only what the client kept
    rest = asyncio.run(download(sims.port, len(got)))
    assert [r.seq for r in got + rest] == list(range(300))  # no gap, no duplicate
    assert box.info().uploaded == 300
    box.close()


def test_kill_9_during_a_grant_delivery_applied_at_most_once(
    sims: Simulators, tmp_path: Path
) -> None:
    """The box's process is frozen as the grant's write leaves, then killed: the client hears
    of it at once; the box, back, never got it; the same frame then goes through once."""
    state = tmp_path / "gl"
    sims.start("GL", "ZGY_GL", state)
    platform = Platform()
    box = stocked(state, platform, 0)
    box.command(platform.command(box.device_id, CommandKind.END))
    grant = platform.grant(box.device_id, count=3)
    victim = sims.procs[0]

    async def run() -> float:
        central, backends = await on_hub(sims.port)
        async with BoxSession("ZGY_GL", timeout=TIMEOUT, stall=5, **backends) as s:  # type: ignore[arg-type]
            victim.send_signal(signal.SIGSTOP)
            delivery = asyncio.ensure_future(s.command(grant))
            await asyncio.sleep(0.3)
            assert not delivery.done()  # the write waits for the frozen box
            started = time.monotonic()
            await asyncio.to_thread(kill, victim)
            with pytest.raises(BoxUnreachable) as e:
                await delivery
            elapsed = time.monotonic() - started
        assert e.value.reason == "link_lost" and "不会重复执行" in e.value.message("zh")
        await central.close()
        return elapsed

    assert asyncio.run(run()) < 1.0
    sims.procs.clear()
    sims.start("GL", "ZGY_GL", state)

    async def again() -> None:
        central, backends = await on_hub(sims.port)
        async with BoxSession("ZGY_GL", timeout=5, **backends) as s:  # type: ignore[arg-type]
            assert s.info is not None and s.info.counter == grant_counter - 1  # not carried out
            await s.command(grant)
            with pytest.raises(BoxRefused) as e:
                await s.command(grant)
            assert e.value.reason == "replayed"
        await central.close()

    grant_counter = platform.counters[box.device_id]
    asyncio.run(again())
    assert box.info().screen == "0/3" and box.info().counter == grant_counter
    box.close()


@pytest.mark.parametrize("applied", [True, False])
def test_link_dropped_with_a_command_in_flight(tmp_path: Path, applied: bool) -> None:
    """applied: the whole frame reached the box, the answer was lost with the link; not
    applied: the link dropped after the first of the frame's 20-byte writes (MTU 23)."""
    platform = Platform()

    async def flow() -> None:
        rig = await Rig.start()
        radio = await rig.add_box(tmp_path / "gl", max_mtu=23)
        box = radio.box
        box.bind(platform.point, "财务章", "")
        grant = platform.grant(box.device_id, count=3)
        async with rig.session("ZGY_GL", timeout=TIMEOUT, stall=5) as s:
            framing = Channel()
            framing.send(grant.encode())
            assert len(framing.outgoing()) > s._write_size  # the first write: half a frame
            if applied:
                radio.faults.drop_before_answer = True
            else:
                radio.faults.drop_after_writes = 1
            started = time.monotonic()
            with pytest.raises(BoxUnreachable) as e:
                await s.command(grant)
            assert time.monotonic() - started < 1.0  # heard at once, not at the stall
        assert e.value.reason == "link_lost"
        assert "可能已执行" in e.value.message("zh") and "may or may not" in e.value.message("en")
        assert box.info().counter == (1 if applied else 0)
        assert bool(box.info().grant_id) is applied
        async with rig.session("ZGY_GL", timeout=TIMEOUT) as s:  # what a retry does
            if applied:
                with pytest.raises(BoxRefused) as refused:
                    await s.command(grant)
                assert refused.value.reason == "replayed"
            else:
                await s.command(grant)
        assert box.info().counter == 1 and box.info().grant_id  # once, either way
        assert len([r for r in box.records(0, 9) if r[0].cause]) == applied  # the replay
        await rig.close()

    asyncio.run(flow())


def test_a_box_that_stops_answering_is_given_up_within_the_stall(
    sims: Simulators, tmp_path: Path
) -> None:
    """The box's process is stopped (SIGSTOP) while another holds the link: its controller
    keeps the connection up, nothing answers. A command and a download each give up in
    time; the box, running again, carried the command out once at most."""
    sims.start("L", "BOX-L", tmp_path / "l")  # the hub: the link stays up
    state = tmp_path / "gl"
    sims.start("GL", "ZGY_GL", state)
    platform = Platform()
    box = stocked(state, platform, 120)
    box.command(platform.command(box.device_id, CommandKind.END))
    grant = platform.grant(box.device_id, count=2)
    frozen = sims.procs[-1]

    async def run() -> None:
        central, backends = await on_hub(sims.port)
        async with BoxSession("ZGY_GL", timeout=TIMEOUT, stall=STALL, **backends) as s:  # type: ignore[arg-type]
            frozen.send_signal(signal.SIGSTOP)
            started = time.monotonic()
            with pytest.raises(BoxUnreachable) as e:
                await s.command(grant)
            assert time.monotonic() - started < STALL + 0.5
            assert e.value.reason == "no_answer"
            assert "没有回应" in e.value.message("zh") and "did not answer" in e.value.message("en")
            started = time.monotonic()
            with pytest.raises(BoxUnreachable) as e:
                await s.records(0, lambda batch: None)
            assert time.monotonic() - started < TIMEOUT + 0.5  # the link left, one reconnect
            # the frozen box's own host would advertise again once the link is gone: unheard
            assert e.value.reason in ("no_answer", "not_found")
        frozen.send_signal(signal.SIGCONT)
        async with BoxSession("ZGY_GL", timeout=5, **backends) as s:  # type: ignore[arg-type]
            got: list[Record] = []
            assert await s.records(0, got.extend) == 120
            assert [r.seq for r in got] == list(range(120))
            with contextlib.suppress(BoxRefused):  # carried out late, or now: once
                await s.command(grant)
        await central.close()

    asyncio.run(run())
    assert box.info().counter == platform.counters[box.device_id] and box.info().screen == "0/2"
    box.close()


def test_att_error_on_write_is_one_domain_error(tmp_path: Path) -> None:
    platform = Platform()

    async def flow() -> None:
        rig = await Rig.start()
        radio = await rig.add_box(tmp_path / "gl")
        box = radio.box
        box.bind(platform.point, "财务章", "")
        async with rig.session("ZGY_GL", timeout=TIMEOUT) as s:
            radio.faults.att_error = 0x80
            with pytest.raises(BoxUnreachable) as e:
                await s.command(platform.grant(box.device_id, count=3))
            assert e.value.reason == "gatt_error"
            assert "ATT 错误 0x80" in e.value.message("zh") and "0x80" in e.value.message("en")
            started = time.monotonic()
            with pytest.raises(BoxUnreachable) as e:
                await s.records(0, lambda batch: None)
            # the link left after the first error is made again once; the box's no is final
            assert e.value.reason == "gatt_error" and s.reconnects == 1
            assert time.monotonic() - started < 0.5
            problem = describe(e.value)
            assert problem is not None and (problem.code, problem.kind) == (14, "box_gatt_error")
            radio.faults.att_error = None
            with pytest.raises(BoxUnreachable):  # the link was left: nothing goes again on it
                await s.ping()
        async with rig.session("ZGY_GL", timeout=TIMEOUT) as s:
            assert await s.ping() < 1  # both ends are fine
        assert box.info().counter == 0 and box.info().screen == "请授权使用"  # not carried out
        await rig.close()

    asyncio.run(flow())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_killed_box_exits_14_with_words(sims: Simulators, tmp_path: Path, lang: str) -> None:
    """`sealdesk sealbox records` while the simulator is killed with -9 mid-download: exit 14,
    one sentence in the chosen language, no traceback, in bounded time; what it kept has no
    gap, and the next run after a restart completes it."""
    state = tmp_path / "gl"
    sims.start("GL", "ZGY_GL", state)
    stocked(state, Platform(), 200).close()
    out = tmp_path / "pulled"
    args = [sys.executable, "-m", "sealdesk.desktop", "sealbox", "records", "--box", "ZGY_GL"]
    args += ["--out", str(out), "--timeout", "2", "--lang", lang]
    proc = subprocess.Popen(
        args, env=sims.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60
    while not (out / "records.jsonl").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    kill(sims.procs[0])  # while records or photos are on their way
    killed = time.monotonic()
    stdout, stderr = proc.communicate(timeout=60)
    assert time.monotonic() - killed < 8
    assert proc.returncode == 14, stdout + stderr
    assert "Traceback" not in stderr
    words = "蓝牙连接" if lang == "zh" else "Bluetooth link"
    assert words in stderr and "ZGY_GL" in stderr, stderr
    sims.procs.clear()
    sims.start("GL", "ZGY_GL", state)
    done = run_cli(*args[3:], "--no-photos", "--json", env=sims.env, timeout=120)
    assert done.code == 0, done.stdout + done.stderr
    lines = (out / "records.jsonl").read_text().splitlines()
    assert [json.loads(line)["seq"] for line in lines] == list(range(200))
