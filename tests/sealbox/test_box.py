"""The simulated box's firmware logic on its storage: screens, grants, the ten abnormal causes,
storage full, and what survives a process that dies."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sealdesk.sealbox.errors import SimulatorError
from sealdesk.sealbox.protocol.commands import CommandKind, GrantFlags
from sealdesk.sealbox.protocol.messages import Cause, RecordKind
from sealdesk.sealbox.simulator.box import Box, Refused, Situation
from tests.sealbox.platform import Platform


@pytest.fixture
def platform() -> Platform:
    return Platform()


def bound(tmp_path: Path, platform: Platform, model: str = "GL", *, offline: bool = True) -> Box:
    box = Box.create(tmp_path / model, model=model, name=f"ZGY_{model}")
    box.bind(platform.point, "财务章", "示例单位")
    if offline:
        box.command(platform.command(box.device_id, CommandKind.SETTINGS, offline=True))
    return box


def test_models_firmware_and_screens(tmp_path: Path, platform: Platform) -> None:
    gl = Box.create(tmp_path / "gl", model="GL", name="ZGY_GL")
    small = Box.create(tmp_path / "l", model="L", name="ZGY_L")
    info = gl.info()
    assert info.firmware.startswith("GYGL") and len(info.firmware) == 4 + 8 + 2
    assert (info.capacity, info.capabilities & 1) == (800, 1)
    assert (small.info().capacity, small.info().capabilities & 1) == (240, 0)
    assert (gl.info().screen, small.info().screen) == ("未绑定", "请扫码绑定")
    gl.bind(platform.point, "财务章", "")
    assert gl.info().screen == "请授权使用"
    gl.command(platform.grant(gl.device_id, count=3))
    assert gl.info().screen == "限制使用"  # not connected, offline mode off (S3:713)
    gl.set_connected(os.getpid())
    assert gl.info().screen == "0/3"
    gl.press()
    assert gl.info().screen == "1/3"
    with pytest.raises(SimulatorError) as e:
        Box.create(tmp_path / "gl", model="L", name="x")
    assert e.value.reason == "model_mismatch"


def test_grant_refused_when_replayed_tampered_foreign_or_expired(
    tmp_path: Path, platform: Platform
) -> None:
    box = bound(tmp_path, platform)
    grant = platform.grant(box.device_id)
    box.command(grant)
    box.command(platform.command(box.device_id, CommandKind.END))
    with pytest.raises(Refused) as e:
        box.command(grant)  # the same frame again
    assert e.value.reason == "replayed"
    fresh = platform.grant(box.device_id)
    tampered = type(fresh)(
        body=fresh.body.replace(b"u-zhang", b"u-li\x00\x00\x00"), signature=fresh.signature
    )
    with pytest.raises(Refused) as e:
        box.command(tampered)
    assert e.value.reason == "tampered"
    with pytest.raises(Refused) as e:
        box.command(Platform().grant(box.device_id))
    assert e.value.reason == "foreign"
    with pytest.raises(Refused) as e:
        box.command(platform.grant("GL-OTHER"))
    assert e.value.reason == "foreign"
    with pytest.raises(Refused) as e:
        box.command(platform.grant(box.device_id, start=0, end=100))
    assert e.value.reason == "expired"
    causes = [r.cause for r, _ in box.records(0, 100)]
    assert causes == [
        Cause.COMMAND_REPLAYED,
        Cause.COMMAND_TAMPERED,
        Cause.COMMAND_FOREIGN,
        Cause.COMMAND_FOREIGN,
        Cause.GRANT_EXPIRED,
    ]
    box.command(fresh)  # the untampered original still works: its counter is fresh
    assert box.info().screen == "0/5"


def test_second_grant_while_one_is_open_and_fingerprint_capability(
    tmp_path: Path, platform: Platform
) -> None:
    box = bound(tmp_path, platform, "L")
    with pytest.raises(Refused) as e:
        box.command(platform.grant(box.device_id, flags=GrantFlags.FINGERPRINT))
    assert e.value.reason == "capability"
    box.command(platform.grant(box.device_id))
    with pytest.raises(Refused) as e:
        box.command(platform.grant(box.device_id))
    assert e.value.reason == "grant_open"
    with pytest.raises(Refused) as e:
        box.command(platform.command(box.device_id, CommandKind.UNBIND))
    assert e.value.reason == "grant_open"


def press_cause(box: Box, **kw: object) -> Cause:
    result = box.press(**kw)  # type: ignore[arg-type]
    assert result.record is not None and result.record.kind == RecordKind.ABNORMAL, result
    return Cause(result.record.cause)


def test_the_ten_abnormal_causes(tmp_path: Path, platform: Platform) -> None:
    box = bound(tmp_path, platform)
    now = time.time()
    assert press_cause(box) is Cause.BEFORE_FIRST_GRANT  # 7
    box.command(platform.grant(box.device_id, count=1))
    assert box.press(now=now).stamped
    assert press_cause(box, now=now) is Cause.OVER_COUNT  # 1
    box.command(platform.command(box.device_id, CommandKind.END))
    assert press_cause(box) is Cause.AFTER_END  # 6
    assert press_cause(box, situation=Situation.QR) is Cause.UNAUTHORIZED_QR  # 8
    assert press_cause(box, situation=Situation.SCREEN_OFF) is Cause.UNAUTHORIZED_SCREEN_OFF  # 9
    box.command(platform.grant(box.device_id, start=now + 600, end=now + 1200))
    assert press_cause(box) is Cause.OUTSIDE_WINDOW  # 2
    assert press_cause(box, situation=Situation.POWERING_OFF) is Cause.POWERING_OFF  # 5
    box.command(platform.command(box.device_id, CommandKind.LOCK))
    assert box.info().screen == "限制使用"
    assert press_cause(box, situation=Situation.POWER_ON) is Cause.LOCKED_AT_POWER_ON  # 10
    assert press_cause(box, now=now + 60) is Cause.LOCKED  # 4
    box.command(platform.command(box.device_id, CommandKind.UNLOCK))
    fresh = Box.create(tmp_path / "fresh", model="GL", name="x")
    assert press_cause(fresh) is Cause.NO_GRANT  # 3 (unbound: nobody granted anything)


def test_preauthorized_grant_needs_its_code(tmp_path: Path, platform: Platform) -> None:
    box = bound(tmp_path, platform)
    box.command(platform.grant(box.device_id, code="246810"))
    assert box.info().screen == "请授权使用"
    assert press_cause(box) is Cause.NO_GRANT
    with pytest.raises(Refused) as e:
        box.activate("000000")
    assert e.value.reason == "activation_code"
    box.activate("246810")
    assert box.press().stamped


def test_fingerprint_grant_unlocks_with_a_finger(tmp_path: Path, platform: Platform) -> None:
    box = bound(tmp_path, platform)
    box.command(platform.grant(box.device_id, flags=GrantFlags.FINGERPRINT))
    assert box.info().screen == "请按指纹解锁"
    assert box.press().refused == "fingerprint"
    assert box.press(fingerprint=True).stamped
    assert box.press().stamped


def test_801st_offline_stamp_on_gl_is_storage_full(tmp_path: Path, platform: Platform) -> None:
    box = bound(tmp_path, platform)
    box.command(platform.grant(box.device_id, count=0))
    for _ in range(799):  # the settings command left no record; 800 fit
        assert box.press().stamped
    assert box.press().screen == "存储已满"  # the 800th fills it
    full = box.press()
    assert (full.stamped, full.refused, full.screen) == (False, "storage_full", "存储已满")
    assert box.info().stored == 800
    box.acknowledge(100)
    assert box.press().stamped and box.info().screen == "801/∞"


def test_photo_per_stamp(tmp_path: Path, platform: Platform) -> None:
    box = bound(tmp_path, platform)
    box.command(platform.grant(box.device_id))
    record = box.press().record
    assert record is not None
    assert box.photo(record.seq)[:2] == b"\xff\xd8" and record.photo_size > 1000


def test_sim_presses_survive_kill_9(tmp_path: Path, platform: Platform) -> None:
    """A process stamping in a loop is killed: every press it finished is on disk."""
    box = bound(tmp_path, platform)
    box.command(platform.grant(box.device_id, count=0))
    log = tmp_path / "acked.txt"
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from sealdesk.sealbox.simulator.box import Box\n"
        f"box = Box.open(Path({str(box.folder)!r}))\n"
        f"log = open({str(log)!r}, 'a')\n"
        "while True:\n"
        "    r = box.press()\n"
        "    log.write(f'{r.record.seq}\\n'); log.flush()\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (not log.exists() or len(log.read_text().split()) < 20):
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    acked = [int(x) for x in log.read_text().split()]
    assert len(acked) >= 20
    stored = {r.seq for r, _ in Box.open(box.folder).records(0, 10_000)}
    assert set(acked) <= stored
