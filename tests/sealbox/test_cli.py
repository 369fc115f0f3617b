"""The command line against simulators in their own processes, reached through
SEALDESK_BLE_SIM: two boxes on one link, records pulled with photos, a simulator killed with -9
while the seal is being pressed, and the exit-code/JSON contract."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sealdesk.desktop.errors import describe
from sealdesk.sealbox.errors import BoxRefused, BoxUnreachable
from sealdesk.sealbox.protocol import messages
from sealdesk.sealbox.protocol.commands import CommandKind
from sealdesk.sealbox.session import BoxSession
from sealdesk.sealbox.session.bumble_backend import BumbleCentral
from tests.conftest import run_cli
from tests.sealbox.platform import Platform


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Simulators:
    def __init__(self, port: int) -> None:
        self.port = port
        self.env = {**os.environ, "SEALDESK_BLE_SIM": f"127.0.0.1:{port}"}
        self.procs: list[subprocess.Popen[str]] = []

    def start(self, model: str, name: str, state: Path) -> dict[str, str]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sealdesk.desktop", "sealbox", "simulate", "--model", model,
             "--name", name, "--state", str(state), "--listen", f"127.0.0.1:{self.port}", "--json"],
            stdout=subprocess.PIPE, text=True, env=self.env,
        )  # fmt: skip
        self.procs.append(proc)
        assert proc.stdout is not None
        lines = []
        while not lines or lines[-1] != "}\n":  # the ready document, pretty-printed
            line = proc.stdout.readline()
            assert line, f"simulator {name} ended: {proc.wait()}"
            lines.append(line)
        return json.loads("".join(lines))  # type: ignore[no-any-return]

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in self.procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture
def sims() -> Iterator[Simulators]:
    s = Simulators(free_port())
    yield s
    s.stop()


def cli(sims: Simulators, *args: str) -> tuple[int, object]:
    result = run_cli(*args, "--json", env={"SEALDESK_BLE_SIM": f"127.0.0.1:{sims.port}"})
    assert "Traceback" not in result.stderr, result.stderr
    return result.code, result.json


def prepare(port: int, name: str, platform: Platform, *, count: int = 0) -> None:
    """Bind, switch offline mode on and grant, as the platform's client will."""

    async def run() -> None:
        central = await BumbleCentral.on_hub("127.0.0.1", port)
        client, scanner = central.backends()
        async with BoxSession(name, client_backend=client, scanner_backend=scanner) as s:
            device = s.device_id
            await s.command(messages.Bind(platform_key=platform.point, name=name))
            await s.command(platform.command(device, CommandKind.SETTINGS, offline=True))
            await s.command(platform.grant(device, count=count))
        await central.close()

    asyncio.run(run())


def test_two_boxes_scan_press_show_records(sims: Simulators, tmp_path: Path) -> None:
    gl = sims.start("GL", "ZGY_GL", tmp_path / "gl")
    small = sims.start("L", "BOX-L", tmp_path / "l")  # joins the first one's link
    assert gl["firmware"].startswith("GYGL") and gl["screen"] == "未绑定"
    assert small["screen"] == "请扫码绑定"
    code, found = cli(sims, "sealbox", "scan", "--timeout", "0.5")
    assert code == 0
    assert {b["name"] for b in found["boxes"]} == {"ZGY_GL", "BOX-L"}  # type: ignore[index]
    platform = Platform()
    prepare(sims.port, "ZGY_GL", platform, count=3)
    prepare(sims.port, small["address"], platform)  # by MAC
    for state in (tmp_path / "gl", tmp_path / "l"):
        code, pressed = cli(sims, "sealbox", "sim", "press", "--state", str(state))
        assert code == 0 and pressed["stamped"], pressed  # type: ignore[index]
    code, shown = cli(sims, "sealbox", "sim", "show", "--state", str(tmp_path / "gl"))
    assert shown["screen"] == "1/3" and shown["records"][0]["photo_bytes"] > 0  # type: ignore[index]
    for name in ("ZGY_GL", "BOX-L"):
        code, pulled = cli(sims, "sealbox", "records", "--box", name, "--out", str(tmp_path / name))
        assert code == 0 and pulled["new"] == 1 and pulled["photos"] == 1, pulled  # type: ignore[index]
        assert (tmp_path / name / "photos" / "000000.jpg").read_bytes()[:2] == b"\xff\xd8"
    code, again = cli(
        sims, "sealbox", "records", "--box", "ZGY_GL", "--out", str(tmp_path / "ZGY_GL")
    )
    assert code == 0 and again["new"] == 0  # type: ignore[index]


def test_simulator_killed_while_stamping_loses_nothing_acknowledged(
    sims: Simulators, tmp_path: Path
) -> None:
    state = tmp_path / "gl"
    sims.start("GL", "ZGY_GL", state)
    prepare(sims.port, "ZGY_GL", Platform())
    acked = tmp_path / "acked.txt"
    presser = subprocess.Popen(
        [sys.executable, "-c",
         "import sys\nfrom pathlib import Path\nfrom sealdesk.sealbox.simulator.box import Box\n"
         f"box = Box.open(Path({str(state)!r}))\nlog = open({str(acked)!r}, 'a')\n"
         "for _ in range(150):\n    r = box.press()\n"
         "    log.write(f'{r.record.seq}\\n'); log.flush()\n"],
    )  # fmt: skip
    out = tmp_path / "pulled"
    cli(sims, "sealbox", "records", "--box", "ZGY_GL", "--out", str(out), "--no-photos")
    sims.procs[0].send_signal(signal.SIGKILL)  # while the presser is at work
    sims.procs[0].wait()
    code, _ = cli(sims, "sealbox", "records", "--box", "ZGY_GL", "--out", str(out))
    assert code == 14  # gone, said so
    sims.procs.clear()
    sims.start("GL", "ZGY_GL", state)  # the same box comes back
    assert presser.wait(60) == 0
    code, pulled = cli(sims, "sealbox", "records", "--box", "ZGY_GL", "--out", str(out))
    assert code == 0, pulled
    kept = [json.loads(line)["seq"] for line in (out / "records.jsonl").read_text().splitlines()]
    assert kept == list(range(len(kept)))  # no gap, no duplicate
    assert {int(x) for x in acked.read_text().split()} <= set(kept)
    assert len(kept) == 150


def test_exit_codes_and_json_errors(sims: Simulators, tmp_path: Path) -> None:
    code, doc = cli(sims, "sealbox", "records", "--box", "NOBODY")
    assert code == 14 and doc["error"]["kind"] == "box_sim_unreachable"  # type: ignore[index]
    sims.start("GL", "ZGY_GL", tmp_path / "gl")
    code, doc = cli(sims, "sealbox", "records", "--box", "NOBODY")
    assert code == 14 and doc["error"]["kind"] == "box_not_found"  # type: ignore[index]
    code, doc = cli(sims, "sealbox", "sim", "show", "--state", str(tmp_path / "none"))
    assert code == 2 and doc["error"]["kind"] == "sim_no_box"  # type: ignore[index]
    refused = describe(BoxRefused("replayed", "重复的授权指令", "replayed"))
    assert refused is not None and (refused.code, refused.kind) == (13, "box_replayed")
    unreachable = describe(BoxUnreachable("link_lost", "断开", "lost"))
    assert unreachable is not None and unreachable.code == 14


def test_a_box_switched_off_is_not_found_while_another_keeps_the_link(
    sims: Simulators, tmp_path: Path
) -> None:
    """A box's process stopped while another box keeps the link up: it is no longer heard,
    and reaching it says so within the timeout (its controller used to advertise on, and a
    connection no one answered hung for 30 s)."""
    sims.start("L", "BOX-L", tmp_path / "l")  # holds the link
    sims.start("GL", "ZGY_GL", tmp_path / "gl")
    gone = sims.procs.pop()
    gone.send_signal(signal.SIGINT)
    assert gone.wait(10) == 130
    code, found = cli(sims, "sealbox", "scan", "--timeout", "0.5")
    assert code == 0 and [b["name"] for b in found["boxes"]] == ["BOX-L"]  # type: ignore[index]
    code, doc = cli(sims, "sealbox", "records", "--box", "ZGY_GL", "--timeout", "1")
    assert code == 14 and doc["error"]["kind"] == "box_not_found"  # type: ignore[index]
