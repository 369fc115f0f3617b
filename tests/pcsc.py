"""pcscd with the vpcd virtual reader, and vicc as the card: plug and unplug for real."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VICC_PATH = "/usr/lib/python3/site-packages/virtualsmartcard"
VPCD_DRIVER = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"
# vpcd's own port (35963) lies in Linux's ephemeral range (32768-60999): another test's HTTP
# connection can hold it, and then pcscd has no virtual reader and no card ever arrives (CI saw
# it once the tests ran on two workers). Ports below that range are only taken on purpose.
_FIRST_PORT, _LAST_PORT = 27000, 32000


def _free_port() -> int:
    for port in range(_FIRST_PORT, _LAST_PORT):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port for vpcd in {_FIRST_PORT}-{_LAST_PORT}")


def _wait(predicate, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False


class VirtualCardStack:
    """Starts and stops pcscd and the virtual card; the card's presence is the key's."""

    def __init__(self) -> None:
        self.pcscd: subprocess.Popen[bytes] | None = None
        self.card: subprocess.Popen[bytes] | None = None
        self.port = _free_port()
        self._conf = tempfile.TemporaryDirectory(prefix="sealdesk-vpcd-")
        (Path(self._conf.name) / "vpcd").write_text(
            'FRIENDLYNAME "Virtual PCD"\n'
            f"DEVICENAME /dev/null:{self.port:#x}\n"
            f"LIBPATH {VPCD_DRIVER}\n"
            f"CHANNELID {self.port:#x}\n"
        )

    @staticmethod
    def available() -> tuple[bool, str]:
        if shutil.which("pcscd") is None:
            return False, "pcscd installed"
        if not all(Path(p).exists() for p in ("/usr/bin/vicc", VICC_PATH, VPCD_DRIVER)):
            return False, "vsmartcard-vpicc and python3-virtualsmartcard installed"
        if os.geteuid() != 0:
            return False, "root (pcscd's socket lives in /run/pcscd)"
        return True, ""

    def start_pcscd(self) -> None:
        subprocess.run(["pkill", "-x", "pcscd"], check=False)
        _wait(lambda: subprocess.run(["pgrep", "-x", "pcscd"], capture_output=True).returncode, 5)
        self.pcscd = subprocess.Popen(
            ["pcscd", "--foreground", "--error", "--config", self._conf.name],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait(lambda: Path("/run/pcscd/pcscd.comm").exists(), 5)
        time.sleep(0.3)

    def stop_pcscd(self) -> None:
        if self.pcscd is not None:
            self.pcscd.terminate()
            self.pcscd.wait(timeout=10)
            self.pcscd = None

    def insert(self) -> None:
        env = {**os.environ, "PYTHONPATH": VICC_PATH}
        self.card = subprocess.Popen(
            [sys.executable, "/usr/bin/vicc", "-t", "iso7816", "--port", str(self.port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def remove(self) -> None:
        if self.card is not None:
            self.card.kill()
            self.card.wait(timeout=10)
            self.card = None

    def close(self) -> None:
        self.remove()
        self.stop_pcscd()
        self._conf.cleanup()
