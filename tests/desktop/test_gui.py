"""The main window against the real demo key (Qt offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_TOKEN_LABEL, DEMO_UNIT, DemoKey
from sealdesk.app.settings import Settings
from sealdesk.desktop import i18n
from sealdesk.desktop.gui.key_service import KeyService
from sealdesk.desktop.gui.main_window import PAGES, MainWindow
from sealdesk.ukey.presence import PresenceEvent


@pytest.fixture(autouse=True)
def _own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Window geometry, recent files and records go to a private folder."""
    monkeypatch.setenv("SEALDESK_CONFIG_DIR", str(tmp_path / "config"))
    i18n.set_language("zh")


def test_window_shows_the_key_its_certificates_and_seals(
    qtbot, demo_key: DemoKey, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    service = KeyService(module_option=demo_key.module_path, settings=Settings())
    window = MainWindow(service)
    qtbot.addWidget(window)
    window.show()
    home = window.home
    with qtbot.waitSignal(service.snapshot, timeout=10000):
        service.refresh()
    assert DEMO_TOKEN_LABEL in home.status.text()
    assert DEMO_TOKEN_LABEL in window.key_label.text()  # the status bar, on every page
    assert home.tokens.rowCount() == 1
    codes = {home.certs.item(r, 2).text() for r in range(home.certs.rowCount())}
    assert codes == {DEMO_UNIT.credit_code}
    assert home.verify_button.isEnabled()
    seals = [home.seals.item(i) for i in range(home.seals.count())]
    assert any(DEMO_SEAL_NAME in s.text() and not s.icon().isNull() for s in seals)
    # the signing page lists the same seal, ready to drag
    assert any(c.name == DEMO_SEAL_NAME and c.der for c in window.workspace.choices.values())

    service.presence.emit(PresenceEvent("card-removed", "pcsc", "Virtual PCD 00 00"))
    assert "拔出" in home.events.item(0).text()

    with qtbot.waitSignal(service.pin_result, timeout=10000) as blocker:
        service.verify_pin(DEMO_TOKEN_LABEL, "000000")
    ok, message = blocker.args
    assert not ok and "PIN 码错误" in message
    assert home.pin_feedback.text() == message

    # eight pages in one window, navigable
    assert [window.nav.item(i).text().split()[-1] for i in range(window.nav.count())] == [
        "首页",
        "文件签章",
        "签章验证",
        "印章",
        "文件记录",
        "平台",
        "印控",
        "设置",
    ]
    for name in PAGES:
        window.show_page(name)
        assert window.stack.currentWidget() is window.pages[name]

    shot = tmp_path / "main.png"
    assert window.grab().save(str(shot))
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1180, 780)  # the default: nothing saved yet
    window.resize(760, 560)  # within the offscreen screen (800×600)
    size = (window.width(), window.height())
    widest = {name: window.pages[name].minimumSizeHint().width() for name in PAGES}
    assert size == (760, 560), f"a page keeps the window wider than 760 px: {widest}"
    window.close()
    service.shutdown()

    again = MainWindow(KeyService(module_option=demo_key.module_path, settings=Settings()))
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == size != (1180, 780)  # geometry remembered
    again.close()


def test_english_window_through_qt_translations(qtbot, qapp, demo_key: DemoKey) -> None:  # type: ignore[no-untyped-def]
    """English comes from Qt's translator loading resources/i18n/sealdesk_en.qm."""
    from sealdesk.desktop.gui.app import install_qt_translations

    i18n.set_language("en")
    translators = install_qt_translations(qapp)
    try:
        assert translators, "sealdesk_en.qm did not load"
        service = KeyService(module_option=demo_key.module_path, settings=Settings())
        window = MainWindow(service)
        qtbot.addWidget(window)
        assert window.nav.item(1).text().endswith("Sign files")
        assert window.workspace.sign_button.text() == "Finish signing"
        window.close()
        service.shutdown()
        for translator in translators:
            qapp.removeTranslator(translator)
        translators = []
        assert i18n.tr("gui.save") == "保存"  # without the .qm: the Chinese source text
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        i18n.set_language("zh")


def test_translation_files_are_made_from_the_message_table(tmp_path: Path) -> None:
    """resources/i18n/sealdesk_en.ts and .qm are what scripts/make_translations.py makes
    from desktop/i18n.py now (run it after changing a message)."""
    import importlib.util
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("mt", root / "scripts" / "make_translations.py")
    assert spec is not None and spec.loader is not None
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    folder = root / "resources" / "i18n"
    assert (folder / "sealdesk_en.ts").read_text("utf-8") == make.ts_text()
    (tmp_path / "en.ts").write_text(make.ts_text(), encoding="utf-8")
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    subprocess.run(
        [str(lrelease), "-silent", str(tmp_path / "en.ts"), "-qm", str(tmp_path / "en.qm")],
        check=True,
    )
    assert (tmp_path / "en.qm").read_bytes() == (folder / "sealdesk_en.qm").read_bytes()


def test_window_says_what_to_do_without_a_driver(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service = KeyService(module_option=str(tmp_path / "missing.so"), settings=Settings())
    window = MainWindow(service)
    qtbot.addWidget(window)
    with qtbot.waitSignal(service.snapshot, timeout=10000):
        service.refresh()
    assert "驱动" in window.home.status.text()
    assert not window.home.verify_button.isEnabled()
    window.close()
    service.shutdown()


def test_many_qt_calls_do_not_abort_the_process() -> None:
    """PySide6 6.12.0 on CPython 3.11 drops a reference to None on every void call and to True
    on every emit; the window aborted after minutes of use. The pinned binding must not."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Probe(QObject):
        ping = Signal(int)

    probe = Probe()
    before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(50_000):
        probe.setObjectName("probe")
        probe.ping.emit(i)
    assert abs(sys.getrefcount(None) - before[0]) < 100
    assert abs(sys.getrefcount(True) - before[1]) < 100


def test_settings_saved_and_the_module_tested(qtbot, demo_key: DemoKey, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sealdesk.app.settings import load_settings, settings_path

    service = KeyService(module_option=None, settings=Settings())
    window = MainWindow(service)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(service.snapshot, timeout=10000):
        service.refresh()
    assert service.last is not None and service.last.tokens  # the demo key, by detection
    page = window.settings_page
    window.show_page("settings")
    # testing a wrong path says why and leaves the running key alone
    page.module.clear()
    qtbot.keyClicks(page.module, str(tmp_path / "nowhere.so"))
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "nowhere.so" in page.feedback.text(), timeout=10000)
    with qtbot.waitSignal(service.snapshot, timeout=10000):
        qtbot.mouseClick(window.home.refresh_button, Qt.MouseButton.LeftButton)
    assert service.last.tokens and service.last.problem is None
    assert window.workspace.seal_list.count() >= 1
    # the right one says what it finds
    page.module.clear()
    qtbot.keyClicks(page.module, demo_key.module_path)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "检测到 1 个" in page.feedback.text(), timeout=10000)
    page.output.setText(str(tmp_path / "out"))
    page.language.setCurrentIndex(1)
    with qtbot.waitSignal(page.saved, timeout=10000):
        page.save()
    saved = load_settings(settings_path())
    assert saved.pkcs11_module == demo_key.module_path
    assert saved.language == "en" and saved.output_dir == str(tmp_path / "out")
    assert "重新启动" in page.feedback.text()
    window.close()
    service.shutdown()


def test_qt_own_words_follow_the_interface_language(qtbot, token) -> None:  # type: ignore[no-untyped-def]
    """The PIN dialog's standard buttons come from Qt: in Chinese with Qt's translations."""
    from PySide6.QtWidgets import QDialogButtonBox

    from sealdesk.desktop.gui.pin_dialog import PinDialog

    dialog = PinDialog(None, token.info)
    qtbot.addWidget(dialog)
    buttons = dialog.buttons
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    assert buttons.button(QDialogButtonBox.StandardButton.Ok).text() in ("确定", "&确定")


def test_demo_mode_is_chosen_in_settings_and_shown_in_the_title(
    qtbot, demo_key: DemoKey, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtWidgets import QPushButton

    from sealdesk.app.settings import load_settings, settings_path

    monkeypatch.delenv("SEALDESK_DEMO", raising=False)  # the choice is the settings' alone
    service = KeyService(module_option=demo_key.module_path, settings=Settings())
    window = MainWindow(service)
    qtbot.addWidget(window)
    window.show()
    assert "演示模式" not in window.windowTitle()
    nav = window.nav
    row = next(i for i in range(nav.count()) if nav.item(i).text().endswith("设置"))
    qtbot.mouseClick(
        nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(row)).center()
    )
    page = window.settings_page
    qtbot.waitUntil(page.isVisible, timeout=5000)
    box = page.demo_mode
    # the box itself sits at the left of the check box widget
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().topLeft() + QPoint(8, 8))
    assert box.isChecked()
    save = next(b for b in page.findChildren(QPushButton) if b.text() == "保存")
    with qtbot.waitSignal(page.saved, timeout=10000):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert load_settings(settings_path()).demo_mode
    assert "演示模式" in window.windowTitle()
    window.close()
    service.shutdown()


def test_results_for_a_page_that_is_gone_are_dropped(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A page closed while its worker still verifies: the result is not delivered to widgets
    that no longer exist (pytest-qt fails the test on an exception in the slot)."""
    import threading

    from sealdesk.desktop.gui.verify_page import VerifyPage
    from tests.signing.test_pdf_sign import make_pdf

    page = VerifyPage(Settings())
    release = threading.Event()
    page.worker.submit(release.wait)  # the worker is busy: the verification waits behind it
    page.verify_files([make_pdf(tmp_path / "a.pdf", pages=1)])
    worker = page.worker
    page.deleteLater()
    qtbot.waitUntil(lambda: worker._closed, timeout=5000)
    release.set()
    qtbot.wait(1500)  # the verification ends with nobody to tell
