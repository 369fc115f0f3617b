"""Start-up, measured as whole processes, each next to a bare script doing the same work, in one
run and in turns (this machine is shared: a slow spell then hits both sides alike).

    .venv/bin/python bench/startup.py [--rounds 7] [--pages 300]

Targets (issue 14): `sealdesk verify --json` on a 300-page signed PDF within 1.2x a bare Python
script that validates it with pyHanko (pdfsig printed beside); `sealdesk key list --json` within
2x a bare python-pkcs11 listing of the same slots; `sealdesk --help` under 150 ms; the window,
from start to mapped on a real X server (Xvfb), within 2x a bare PySide6 window.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
SEALDESK = [str(Path(PY).with_name("sealdesk"))]  # the installed command, as users start it

BARE_VERIFY = """
import json, sys
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from asn1crypto import pem, x509
with open(sys.argv[2], "rb") as f:
    root = x509.Certificate.load(pem.unarmor(f.read())[2])
with open(sys.argv[1], "rb") as f:
    reader = PdfFileReader(f)
    context = ValidationContext(trust_roots=[root])
    out = []
    for sig in reader.embedded_signatures:
        status = validate_pdf_signature(sig, context)
        out.append({"field": sig.field_name, "intact": status.intact, "valid": status.valid,
                    "trusted": status.trusted})
print(json.dumps(out))
"""

BARE_LIST = """
import json, sys
import pkcs11
lib = pkcs11.lib(sys.argv[1])
tokens = [s.get_token() for s in lib.get_slots(token_present=True)]
print(json.dumps([{"label": t.label, "serial": str(t.serial), "flags": int(t.flags)}
                  for t in tokens]))
"""

BARE_WINDOW = """
import time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1180, 780)
w.show()
while not (w.windowHandle() and w.windowHandle().isExposed()):
    app.processEvents()
print(time.time(), flush=True)
"""

# `sealdesk gui` itself (cli.main → run_gui), told to print the moment its window is exposed
OUR_WINDOW = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sealdesk.desktop.gui import main_window

shown = main_window.MainWindow.show

def show(self):
    shown(self)
    def check():
        handle = self.windowHandle()
        if handle is not None and handle.isExposed():
            print(time.time(), flush=True)
            QApplication.instance().quit()
        else:
            QTimer.singleShot(1, check)
    QTimer.singleShot(0, check)

main_window.MainWindow.show = show
from sealdesk.desktop.cli import main
sys.exit(main(["gui"]))
"""


def wall(command: Sequence[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)  # fmt: skip
    return time.perf_counter() - started


def mapped(code: str, env: dict[str, str]) -> float:
    started = time.time()
    out = subprocess.run([PY, "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[0]) - started


def in_turns(jobs: dict[str, Callable[[], float]], rounds: int) -> dict[str, float]:
    """Median seconds of each job, the jobs run in turns each round (after one warm-up each:
    we compare start-up, not the disk cache)."""
    for job in jobs.values():
        job()
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(rounds):
        for name, job in jobs.items():
            times[name].append(job())
    return {name: statistics.median(t) for name, t in times.items()}


def signed_document(pages: int, work: Path) -> tuple[Path, Path]:
    """A ~30 MB PDF of ``pages`` pages (bench/pdf.py's) signed once with an EC soft key, and
    the root that key's certificate chains to."""
    sys.path.insert(0, str(ROOT / "bench"))
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from pdf import make_document  # type: ignore[import-not-found]

    from sealdesk.app.demo import DEMO_UNIT
    from sealdesk.signing.demo_pki import issue_unit_certificate, make_root_ca
    from sealdesk.signing.jobs import SignOptions
    from sealdesk.signing.pdf.sign import sign_pdf
    from sealdesk.signing.softkey import SoftKeySigner

    ca = make_root_ca("Bench Root")
    key = ec.generate_private_key(ec.SECP256R1())
    spki = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    cert = issue_unit_certificate(ca, public_key_der=spki, unit=DEMO_UNIT, key_label="bench")
    source = make_document(pages, work / "document.pdf")
    signed = work / "signed.pdf"
    signer = SoftKeySigner(key=key, certificate=cert)
    signed.write_bytes(sign_pdf(source.read_bytes(), signer=signer, options=SignOptions()))
    root = work / "root.pem"
    root.write_bytes(ca.certificate_pem)
    return signed, root


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    display = ":97"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{display[1:]}").exists():  # noqa: S108 (the X socket)
        if time.monotonic() > deadline:
            raise RuntimeError("Xvfb did not start")
        time.sleep(0.05)
    return server, display


def line(name: str, ours: float, base: float, base_name: str, target: str, ok: bool) -> None:
    print(
        f"{name:<34}{ours * 1000:>8.0f} ms {base_name:<22}{base * 1000:>8.0f} ms"
        f"{ours / base:>7.2f}x  {target:<8} {'OK' if ok else 'MISSED'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sealdesk-bench-startup-"))
    env = {
        **os.environ,
        "SEALDESK_CONFIG_DIR": str(work / "config"),
        "SEALDESK_DATA_DIR": str(work / "data"),
    }
    env.pop("SEALDESK_DEMO", None)
    print(f"{dt.datetime.now():%Y-%m-%d %H:%M}, median of {args.rounds} rounds, in turns")

    from sealdesk.app.demo import init_demo

    demo = init_demo(work / "demo")
    env.update(demo.environment)
    module = demo.module_path
    signed, root = signed_document(args.pages, work)
    size = signed.stat().st_size / 1024 / 1024
    print(f"document: {args.pages} pages, {size:.1f} MB, one ECDSA signature")

    jobs: dict[str, Callable[[], float]] = {
        "help": lambda: wall([*SEALDESK, "--help"], env),
        "list": lambda: wall([*SEALDESK, "key", "list", "--json", "--module", module], env),
        "bare_list": lambda: wall([PY, "-c", BARE_LIST, module], env),
        "verify": lambda: wall(
            [*SEALDESK, "verify", str(signed), "--trust", str(root), "--json"], env
        ),
        "bare_verify": lambda: wall([PY, "-c", BARE_VERIFY, str(signed), str(root)], env),
    }
    pdfsig = shutil.which("pdfsig")
    if pdfsig:
        jobs["pdfsig"] = lambda: wall([pdfsig, str(signed)], env)
    t = in_turns(jobs, args.rounds)

    print(f"{'figure':<34}{'SealDesk':>11} {'baseline':<22}{'':>11}{'ratio':>8}  target")
    help_ok = t["help"] < 0.150
    print(f"{'sealdesk --help':<34}{t['help'] * 1000:>8.0f} ms {'':<33}{'':>8}  < 150 ms "
          f"{'OK' if help_ok else 'MISSED'}")  # fmt: skip
    line("sealdesk key list --json", t["list"], t["bare_list"], "bare python-pkcs11", "<= 2",
         t["list"] <= 2 * t["bare_list"])  # fmt: skip
    line("sealdesk verify --json", t["verify"], t["bare_verify"], "bare pyHanko", "<= 1.2",
         t["verify"] <= 1.2 * t["bare_verify"])  # fmt: skip
    if pdfsig:
        print(f"{'  (pdfsig, beside)':<34}{t['pdfsig'] * 1000:>8.0f} ms")

    if shutil.which("Xvfb") is None:
        print("window: Xvfb not installed, not measured")
        return 0
    server, display = start_xvfb()
    try:
        xenv = {**env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        xenv.pop("WAYLAND_DISPLAY", None)
        w = in_turns(
            {"window": lambda: mapped(OUR_WINDOW, xenv), "bare": lambda: mapped(BARE_WINDOW, xenv)},
            args.rounds,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    line("window, start to mapped (Xvfb)", w["window"], w["bare"], "bare PySide6 window", "<= 2",
         w["window"] <= 2 * w["bare"])  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
