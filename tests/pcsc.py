"""pcscd with the vpcd virtual reader, and vicc as the card: plug and unplug for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

VICC_PATH = "/usr/lib/python3/site-packages/virtualsmartcard"


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

    @staticmethod
    def available() -> tuple[bool, str]:
        if shutil.which("pcscd") is None:
            return False, "pcscd installed"
        if not Path("/usr/bin/vicc").is_file() or not Path(VICC_PATH).is_dir():
            return False, "vsmartcard-vpicc and python3-virtualsmartcard installed"
        if os.geteuid() != 0:
            return False, "root (pcscd's socket lives in /run/pcscd)"
        return True, ""

    def start_pcscd(self) -> None:
        subprocess.run(["pkill", "-x", "pcscd"], check=False)
        _wait(lambda: subprocess.run(["pgrep", "-x", "pcscd"], capture_output=True).returncode, 5)
        self.pcscd = subprocess.Popen(
            ["pcscd", "--foreground", "--error"],
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
            [sys.executable, "/usr/bin/vicc", "-t", "iso7816"],
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
