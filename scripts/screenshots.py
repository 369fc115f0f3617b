"""Screenshots of every page of the window, in Chinese and English, into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
        [--scale 2] [--lang zh]

``--scale 2`` draws the window as on a 200 % screen (QT_SCALE_FACTOR): the pictures have twice
the pixels and their names end in ``@2x``.

Uses a private demo key (SoftHSM2) and a private settings folder, so nothing of the user's is
read or changed. The signing page shows a sample contract with the demo seal dropped on it and
a cross-page seal; the verification page a signed and a tampered copy; the platform page a
`sealdesk server run` of its own (SQLite, in the private folder) logged in with the demo key,
with a few people, departments, roles and a whitelisted key, then offline and logged out.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1280, 800)


def _wait(app: object, done: Callable[[], bool], timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not done():
        if time.monotonic() > end:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)


def _settle(app: object, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)


def _sample_pdf(path: Path, *, pages: int = 3) -> Path:
    import pymupdf

    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 90), "技术服务合同", fontname="china-s", fontsize=22)
        lines = [
            "甲方：上海市示例科技有限公司",
            "乙方：上海某某信息技术有限公司",
            "",
            "第一条 服务内容：乙方为甲方提供电子印章系统的部署与维护服务。",
            "第二条 服务期限：2026 年 1 月 1 日至 12 月 31 日。",
            "第三条 服务费用：人民币壹拾万元整（¥100,000.00）。",
            "第四条 双方权利义务按照附件执行。",
        ]
        for n, line in enumerate(lines):
            page.insert_text((72, 140 + n * 24), line, fontname="china-s", fontsize=12)
        page.insert_text((72, 430), "甲方（盖章）：", fontname="china-s", fontsize=12)
        page.insert_text((330, 430), "乙方（盖章）：", fontname="china-s", fontsize=12)
        page.insert_text((280, 800), f"第 {i + 1} 页 共 {pages} 页", fontname="china-s", fontsize=9)
    doc.save(path)
    return path


def _signed_copies(demo: object, source: Path, folder: Path) -> tuple[Path, Path]:
    import pymupdf

    from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_TOKEN_LABEL, DEMO_USER_PIN
    from sealdesk.signing.jobs import Placement, SealPicture, SignOptions
    from sealdesk.signing.pdf.sign import sign_pdf
    from sealdesk.signing.ses import parse_seal
    from sealdesk.ukey import Pkcs11Module
    from sealdesk.ukey.module import choose_module

    module = Pkcs11Module.load(choose_module(option=demo.module_path, settings_module=None))  # type: ignore[attr-defined]
    with module.open(DEMO_TOKEN_LABEL).session(DEMO_USER_PIN) as session:
        from sealdesk.ukey import TokenSigner

        s = parse_seal(session.read_data(DEMO_SEAL_NAME))
        data = sign_pdf(
            source.read_bytes(),
            signer=TokenSigner.from_session(session),
            options=SignOptions(
                placements=[Placement(1, 40, 135)],
                seal=SealPicture(s.picture, s.picture_width_mm, s.picture_height_mm, s.name),
            ),
        )
    signed = folder / "技术服务合同_signed.pdf"
    signed.write_bytes(data)
    tampered = folder / "技术服务合同_改动.pdf"
    tampered.write_bytes(data)
    doc = pymupdf.open(tampered)
    doc[0].insert_text((300, 260), "¥900,000.00", fontname="helv", fontsize=12)
    doc.saveIncr()
    doc.close()
    return signed, tampered


class _Server:
    """`sealdesk server run` on SQLite in ``folder``, trusting the demo key's root."""

    def __init__(self, folder: Path, demo: Any) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.folder, self.demo = folder, demo
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> _Server:
        import httpx

        args = [sys.executable, "-m", "sealdesk.desktop", "server", "run"]
        args += ["--port", str(self.port), "--trust", str(self.demo.root_ca_pem)]
        args += ["--sms-sink", str(self.folder / "sms.log")]
        env = {**os.environ, "SEALDESK_DATA_DIR": str(self.folder)}
        self.proc = subprocess.Popen(
            args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        end = time.monotonic() + 60
        while time.monotonic() < end and self.proc.poll() is None:
            try:
                if httpx.get(f"{self.url}/api/v1/openapi.json", timeout=1).is_success:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the platform server did not start (is sealdesk[server] installed?)")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None


def _platform_sample(server: _Server, demo: Any) -> None:
    """Logged in with the demo key; people in two departments, roles, one left, a key."""
    from sealdesk.app import platform
    from sealdesk.app.demo import DEMO_USER_PIN
    from sealdesk.app.keys import open_module
    from sealdesk.app.settings import Settings

    module, _ = open_module(demo.module_path, Settings())
    platform.login(server.url, module=module, label=None, pin=lambda _t: DEMO_USER_PIN)
    if len(platform.view().people) > 1:
        return
    finance = platform.add_department("财务部")["id"]
    office = platform.add_department("办公室")["id"]
    for name, phone, id_number, department, roles in (
        ("张三", "13812345678", "11010519491231002X", finance, ["auditor"]),
        ("李四", "13912345678", None, office, ["people_admin", "seal_admin"]),
        ("赵六", "13612345678", None, finance, []),
        ("王五", "13700000001", None, None, []),
    ):
        platform.add_person(
            name=name, phone=phone, id_number=id_number, roles=roles, department_id=department
        )
    platform.remove_person("13700000001")
    platform.add_whitelist("SH0000000000067890", "财务部 UKey", None)


def _platform_shots(
    app: Any, window: Any, server: _Server, demo: Any, out: Path, lang: str, suffix: str
) -> list[Path]:
    """The 平台 page's other tabs, offline (the server stopped, 同步 pressed) and logged out."""
    page = window.platform
    saved = []

    def shot(name: str) -> None:
        _wait(app, lambda: not page.busy, timeout=60)
        _settle(app, 0.5)
        path = out / f"{lang}-{name}{suffix}.png"
        window.grab().save(str(path))
        saved.append(path)

    window.show_page("platform")
    for index, name in ((1, "6b-platform-roles"), (2, "6c-platform-whitelist")):
        page.tabs.setCurrentIndex(index)
        if index == 1:
            page.roles.people.setCurrentRow(1)
        shot(name)
    page.tabs.setCurrentIndex(3)
    shot("6d-platform-audit")
    page.tabs.setCurrentIndex(0)
    server.stop()
    page.sync()
    shot("6e-platform-offline")
    server.start()
    page.logout()
    shot("6f-platform-login")
    page.login.tabs.setCurrentIndex(1)
    shot("6g-platform-account")
    _platform_sample(server, demo)  # logged in again for the next language
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--scale", type=float, default=1.0, help="device pixel ratio (2: 200 %%)")
    parser.add_argument("--lang", choices=("zh", "en"), action="append", help="default: both")
    args = parser.parse_args()
    suffix = ""
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = f"{args.scale:g}"  # read when Qt starts
        suffix = f"@{args.scale:g}x"
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="sealdesk-shots-"))
    os.environ["SEALDESK_CONFIG_DIR"] = str(work / "config")
    os.environ["SEALDESK_DATA_DIR"] = str(work / "data")

    import pymupdf

    from sealdesk.app.demo import init_demo

    demo = init_demo(work / "key")
    os.environ.update(demo.environment)

    from PySide6.QtWidgets import QApplication

    from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_USER_PIN
    from sealdesk.app.settings import Settings
    from sealdesk.app.store import Record, shared_store
    from sealdesk.desktop import i18n
    from sealdesk.desktop.gui.app import install_qt_translations
    from sealdesk.desktop.gui.key_service import KeyService
    from sealdesk.desktop.gui.main_window import PAGES, MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    docs = work / "docs"
    docs.mkdir()
    source = _sample_pdf(docs / "技术服务合同.pdf")
    signed, tampered = _signed_copies(demo, source, docs)
    shared_store().add(
        Record(
            name=signed.name,
            output=str(signed),
            source=str(source),
            pages=3,
            signer="上海市示例科技有限公司",
            seals=DEMO_SEAL_NAME,
            signed_at="2026-11-25T10:12:00+08:00",
        )
    )
    server = _Server(work / "server", demo).start()
    _platform_sample(server, demo)
    saved = []
    translators: list[Any] = []
    for lang in args.lang or ("zh", "en"):
        i18n.set_language(lang)
        for translator in translators:
            app.removeTranslator(translator)
        translators = install_qt_translations(app)
        service = KeyService(module_option=demo.module_path, settings=Settings())
        window = MainWindow(service)
        window.resize(*SIZE)
        window.show()
        service.refresh()
        _wait(app, lambda service=service: service.last is not None)
        ws = window.workspace
        window.show_page("sign")
        ws.open_file(source)
        _wait(app, lambda ws=ws: ws.first_page_ms is not None and bool(ws.pages))
        _settle(app)
        ws.fit_width()
        _settle(app)
        seal = next(c for c in ws.choices.values() if c.name == DEMO_SEAL_NAME)
        ws.place_seal(seal, 0, 130, 135)
        ws.cross.setChecked(True)
        ws.go_to_page(0)
        window.verify.verify_files([signed, tampered])
        _wait(app, lambda window=window: len(window.verify.results) == 2, timeout=60)
        window.verify.files.setCurrentRow(0)
        window.seals.text.setText("合同专用章")
        window.seals.redraw()
        _wait(app, lambda window=window: window.seals.image is not None)
        _settle(app, 0.8)
        window.activateWindow()  # the focus shows: in the navigation, on the sign page's view
        for name in PAGES:
            window.show_page(name)
            (ws.view if name == "sign" else window.nav).setFocus()
            _settle(app, 0.4)
            if name == "platform":
                _wait(app, lambda window=window: not window.platform.busy, timeout=60)
                _settle(app, 0.4)
            if name == "sealbox":  # a box and its records: tests/desktop/test_gui_sealbox.py
                _wait(app, lambda window=window: not window.sealbox.busy, timeout=60)
                _settle(app, 0.4)
            path = args.out / f"{lang}-{PAGES.index(name) + 1}-{name}{suffix}.png"
            window.grab().save(str(path))
            saved.append(path)
        window.verify.files.setCurrentRow(1)
        window.show_page("verify")
        _settle(app, 0.4)
        path = args.out / f"{lang}-3b-verify-tampered{suffix}.png"
        window.grab().save(str(path))
        saved.append(path)
        # the tampered file's card on its own, and its report's signature page
        path = args.out / f"{lang}-3c-verify-card{suffix}.png"
        window.verify.cards_shown()[0].grab().save(str(path))
        saved.append(path)
        report = docs / f"report-{lang}.pdf"
        window.verify.export_report(report)
        _wait(app, report.is_file, timeout=60)
        path = args.out / f"{lang}-3d-verify-report{suffix}.png"
        with pymupdf.open(report) as pdf:
            pdf[1].get_pixmap(dpi=int(110 * args.scale)).save(str(path))
        saved.append(path)

        # a batch: three files, one PIN, the queue with each file's result
        batch = [source, *(_sample_pdf(docs / f"{stem}.pdf") for stem in ("采购合同", "补充协议"))]
        broken = docs / "扫描件（损坏）.pdf"
        broken.write_bytes(b"%PDF-1.7 damaged")
        window.show_page("sign")
        ws.open_files([*batch, broken])
        _wait(app, lambda ws=ws: ws.path == source and bool(ws.pages))
        _settle(app)
        ws.place_seal(seal, 0, 130, 135)
        ws.keyword.setText("甲方（盖章）")
        ws.qr.setChecked(True)
        done: list[object] = []
        service.sign_finished.connect(done.append)
        ws.finish_signing()  # what 完成签署 does: the confirmation first
        _wait(app, lambda ws=ws: ws.confirm_dialog is not None and ws.confirm_dialog.isVisible())
        _settle(app, 0.4)
        path = args.out / f"{lang}-2c-sign-confirm{suffix}.png"
        ws.confirm_dialog.grab().save(str(path))  # a window of its own
        saved.append(path)
        ws.confirm_dialog.accept()
        _wait(app, lambda ws=ws: ws.pin_dialog is not None and ws.pin_dialog.isVisible())
        ws.pin_dialog.edit.setText(DEMO_USER_PIN)
        ws.pin_dialog.accept()
        _wait(app, lambda done=done: bool(done), timeout=120)
        _settle(app, 0.6)
        path = args.out / f"{lang}-2b-sign-batch{suffix}.png"
        window.grab().save(str(path))
        saved.append(path)
        window.show_page("records")
        _settle(app, 1.0)
        path = args.out / f"{lang}-5b-records-after-batch{suffix}.png"
        window.grab().save(str(path))
        saved.append(path)
        saved += _platform_shots(app, window, server, demo, args.out, lang, suffix)
        window.close()
        service.shutdown()
    server.stop()
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
