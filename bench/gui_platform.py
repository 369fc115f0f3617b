"""The window's 平台 page: how long its steps take and whether the GUI thread ever waits.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_platform.py [--people 100] [--syncs 5]

A `sealdesk server run` of its own (SQLite, in a temporary folder) with a unit of ``--people``
people (the unit's quota is 100), the SoftHSM2 demo key. Measured on the page as a person uses
it: the page built; UKey login through the PIN dialog (challenge, the key's signature, token, the
first full sync, every tab filled); 同步 with nothing new; the operation log read; 添加人员 (the
change sent, synced, the view read again). All the while a 5 ms timer runs on the GUI thread:
the longest gap between its ticks is how long the window could not answer (target: under
100 ms, nothing that a person sees as a freeze).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _server(folder: Path, demo: Any) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    args = [sys.executable, "-m", "sealdesk.desktop", "server", "run", "--port", str(port)]
    args += ["--trust", str(demo.root_ca_pem), "--sms-sink", str(folder / "sms.log")]
    env = {**os.environ, "SEALDESK_DATA_DIR": str(folder)}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    end = time.monotonic() + 60
    while time.monotonic() < end:
        try:
            if httpx.get(f"{url}/api/v1/openapi.json", timeout=1).is_success:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the platform server did not start (is sealdesk[server] installed?)")


def _seed(url: str, demo: Any, people: int) -> None:
    """The unit made by the demo key, with ``people`` people in all (the key holder is one)."""
    import base64

    import httpx

    from sealdesk.app.demo import DEMO_USER_PIN
    from sealdesk.app.keys import key_session, open_module, signer_for
    from sealdesk.app.settings import Settings

    module, _ = open_module(demo.module_path, Settings())
    with httpx.Client(base_url=f"{url}/api/v1", timeout=30) as client:
        challenge = client.post("/auth/challenge").json()["challenge"]
        with key_session(module, None, lambda _t: DEMO_USER_PIN) as session:
            signer = signer_for(session)
            signature = signer.sign(base64.b64decode(challenge))
            certificate = signer.certificate
        token = client.post(
            "/auth/ukey",
            json={
                "challenge": challenge,
                "certificate": base64.b64encode(certificate).decode(),
                "signature": base64.b64encode(signature).decode(),
            },
        ).json()["token"]
        client.headers["Authorization"] = f"Bearer {token}"
        for n in range(people - 1):
            body = {"name": f"人员{n:03d}", "phone": f"139{n:08d}"}
            client.post("/people", json=body).raise_for_status()


class Stalls:
    """A 5 ms timer on the GUI thread; the gaps between its ticks, by what was being done."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: dict[str, list[float]] = {}
        self.phase = ""
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def during(self, phase: str) -> None:
        self.phase = phase
        self.gaps.setdefault(phase, [])

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.setdefault(self.phase, []).append(now - self._last)
        self._last = now

    def report(self) -> str:
        lines = []
        for phase, gaps in self.gaps.items():
            if gaps:
                p99 = statistics.quantiles(gaps, n=100)[98] if len(gaps) > 100 else max(gaps)
                lines.append(
                    f"  {phase}: longest {max(gaps) * 1000:.0f} ms, 99th percentile "
                    f"{p99 * 1000:.0f} ms ({len(gaps)} ticks)"
                )
        return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--syncs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sealdesk-bench-platform-"))
    os.environ["SEALDESK_CONFIG_DIR"] = str(work / "config")
    os.environ["SEALDESK_DATA_DIR"] = str(work / "data")

    from sealdesk.app.demo import DEMO_USER_PIN, init_demo

    demo = init_demo(work / "key")
    os.environ.update(demo.environment)
    proc, url = _server(work / "server", demo)
    try:
        _seed(url, demo, args.people)
        return _measure(url, demo, args, DEMO_USER_PIN)
    finally:
        proc.terminate()
        proc.wait(10)


def _measure(url: str, demo: Any, args: argparse.Namespace, pin: str) -> int:
    from PySide6.QtWidgets import QApplication

    from sealdesk.app.settings import Settings
    from sealdesk.desktop import i18n
    from sealdesk.desktop.gui.app import install_qt_translations
    from sealdesk.desktop.gui.key_service import KeyService
    from sealdesk.desktop.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    i18n.set_language("zh")
    install_qt_translations(app)
    service = KeyService(module_option=demo.module_path, settings=Settings())
    window = MainWindow(service)
    window.resize(1280, 800)
    window.show()

    def wait(done: Callable[[], bool], timeout: float = 120.0) -> None:
        end = time.monotonic() + timeout
        while not done():
            if time.monotonic() > end:
                raise TimeoutError("the page did not get there in time")
            app.processEvents()
            time.sleep(0.001)

    service.refresh()
    wait(lambda: service.last is not None)
    stalls = Stalls()
    stalls.during("the page built (its modules imported)")
    start = time.perf_counter()
    window.show_page("platform")
    page = window.platform
    built = time.perf_counter() - start
    wait(lambda: not page.busy)

    login = page.login
    login.server.setText(url)
    stalls.during("login and the first full sync")
    start = time.perf_counter()
    login.ukey_login()
    wait(lambda: login.pin_dialog is not None and login.pin_dialog.isVisible())
    asked = time.perf_counter() - start
    login.pin_dialog.edit.setText(pin)
    start = time.perf_counter()
    login.pin_dialog.accept()
    wait(lambda: not page.busy and page.stack.currentWidget() is page.session)
    logged_in = time.perf_counter() - start
    shown = page.people.table.rowCount()

    syncs = []
    stalls.during("同步 with nothing new")
    for _ in range(args.syncs):
        start = time.perf_counter()
        page.sync()
        wait(lambda: not page.busy)
        syncs.append(time.perf_counter() - start)

    stalls.during("the operation log read")
    start = time.perf_counter()
    page.tabs.setCurrentWidget(page.audit)
    wait(lambda: not page.busy and page.audit.entries is not None)
    audit = time.perf_counter() - start

    from sealdesk.app import platform

    stalls.during("添加人员")
    start = time.perf_counter()
    page.change(
        lambda: platform.add_person(name="新人", phone="13700000000", id_number=None, roles=[]),
        "",
        then=None,
    )
    wait(lambda: not page.busy)
    added = time.perf_counter() - start

    print(f"people in the unit: {args.people} (shown: {shown})")
    print(f"平台 page built on first show: {built * 1000:.0f} ms")
    print(f"UKey 登录 → PIN dialog open: {asked * 1000:.0f} ms")
    print(f"PIN entered → logged in, first full sync, tabs filled: {logged_in * 1000:.0f} ms")
    print(
        f"同步 with nothing new: median {statistics.median(syncs) * 1000:.0f} ms (of {len(syncs)})"
    )
    print(f"操作日志 read ({len(page.audit.entries or [])} rows): {audit * 1000:.0f} ms")
    print(f"添加人员 (sent, synced, view read again): {added * 1000:.0f} ms")
    print("the GUI thread's 5 ms timer, gaps between ticks:")
    print(stalls.report())
    window.close()
    service.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
