"""The main window against the real demo key (Qt offscreen)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from sealdesk.desktop import i18n
from sealdesk.desktop.gui.key_service import KeyService
from sealdesk.desktop.gui.main_window import MainWindow
from sealdesk.desktop.settings import Settings
from sealdesk.ukey.demo import DEMO_TOKEN_LABEL, DEMO_UNIT, DemoKey
from sealdesk.ukey.presence import PresenceEvent


def test_window_shows_the_key_and_its_certificates(
    qtbot, demo_key: DemoKey, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language("zh")
    service = KeyService(module_option=demo_key.module_path, settings=Settings())
    window = MainWindow(service)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(service.snapshot, timeout=10000):
        service.refresh()
    assert DEMO_TOKEN_LABEL in window.status.text()
    assert window.tokens.rowCount() == 1
    codes = {window.certs.item(r, 2).text() for r in range(window.certs.rowCount())}
    assert codes == {DEMO_UNIT.credit_code}
    assert window.verify_button.isEnabled()

    service.presence.emit(PresenceEvent("card-removed", "pcsc", "Virtual PCD 00 00"))
    assert "拔出" in window.events.item(0).text()

    with qtbot.waitSignal(service.pin_result, timeout=10000) as blocker:
        service.verify_pin(DEMO_TOKEN_LABEL, "000000")
    ok, message = blocker.args
    assert not ok and "PIN 码错误" in message
    assert window.pin_feedback.text() == message

    shot = tmp_path / "main.png"
    assert window.grab().save(str(shot))
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (960, 640)  # the default: nothing saved yet
    service.shutdown()


def test_window_says_what_to_do_without_a_driver(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language("zh")
    service = KeyService(module_option=str(tmp_path / "missing.so"), settings=Settings())
    window = MainWindow(service)
    qtbot.addWidget(window)
    with qtbot.waitSignal(service.snapshot, timeout=10000):
        service.refresh()
    assert "驱动" in window.status.text()
    assert not window.verify_button.isEnabled()
    service.shutdown()
