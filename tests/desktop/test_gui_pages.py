"""文件记录 (thumbnails, delete) and 印章 (write into the key with the PIN, delete from the key).
Qt offscreen; the seal tests use a private copy of the demo key."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from sealdesk.app.store import Record, shared_store
from sealdesk.desktop import i18n
from sealdesk.desktop.gui.records import RecordsPage
from tests.signing.test_pdf_sign import make_pdf


@pytest.fixture(autouse=True)
def _own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEALDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SEALDESK_DATA_DIR", str(tmp_path / "store"))
    (tmp_path / "data").mkdir()  # Qt's trash needs the data folder to exist (it does on desktops)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the trash goes here
    i18n.set_language("zh")


def _record(path: Path) -> Record:
    return Record(path.name, str(path), "", 1, "单位", "章", "2026-01-01T10:00:00+08:00")


def test_records_show_thumbnails_and_delete(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a = make_pdf(tmp_path / "a_signed.pdf", pages=1)
    b = make_pdf(tmp_path / "b_signed.pdf", pages=2)
    gone = tmp_path / "gone_signed.pdf"
    page = RecordsPage()
    qtbot.addWidget(page)
    page.show()
    # waited for by what the page shows: pytest-qt's extra connection to the worker's private
    # cross-thread signal crashed PySide now and then
    for path in (gone, b, a):  # as three signing runs keep them
        shared_store().add(_record(path))
    page.reload()
    qtbot.waitUntil(lambda: len(page.records) == 3, timeout=5000)
    qtbot.waitUntil(lambda: page.thumbs.get(str(a)) is not None, timeout=10000)
    qtbot.waitUntil(lambda: page.thumbs.get(str(b)) is not None, timeout=10000)
    assert [page.table.item(i, 0).text() for i in range(3)] == [
        "a_signed.pdf",
        "b_signed.pdf",
        "gone_signed.pdf",
    ]
    icon = page.table.item(0, 0).icon()
    assert not icon.isNull()
    # the thumbnail is the page: white paper with dark text on it
    image = icon.pixmap(46, 64).toImage()
    colours = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    assert sum(c.lightness() > 240 for c in colours) > len(colours) / 2
    assert any(c.lightness() < 235 for c in colours)  # the line of text, antialiased
    assert page.table.item(2, 0).icon().isNull()  # the file is gone: no picture, a word
    qtbot.waitUntil(lambda: "不在" in page.table.item(2, 0).toolTip(), timeout=5000)

    # delete asks first: record only, or the file to the trash as well
    page.table.setCurrentCell(0, 0)
    page.ask_delete()
    assert page.delete_box.isVisible() and "a_signed.pdf" in page.delete_box.text()
    page.delete_box.reject()
    page.delete([page.records[0]], also_file=False)
    qtbot.waitUntil(
        lambda: [r.name for r in page.records] == ["b_signed.pdf", "gone_signed.pdf"],
        timeout=5000,
    )
    assert a.is_file() and "文件保留" in page.feedback.text()
    page.delete([page.records[0]], also_file=True)
    qtbot.waitUntil(lambda: [r.name for r in page.records] == ["gone_signed.pdf"], timeout=5000)
    assert not b.exists()
    assert [p.name for p in (tmp_path / "data" / "Trash" / "files").iterdir()] == ["b_signed.pdf"]
    assert [r.name for r in shared_store().records()] == ["gone_signed.pdf"]  # in the store
    page.shutdown()


def test_write_a_made_seal_into_the_key_then_delete_it(qtbot, demo_key, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Draw a seal, write it into the key with the PIN (the demo maker signs it), sign with it
    from the signing page's list, then delete it from the key on 首页."""
    from sealdesk.app.demo import DEMO_USER_PIN
    from sealdesk.app.settings import Settings
    from sealdesk.desktop.gui.key_service import KeyService
    from sealdesk.desktop.gui.main_window import MainWindow
    from sealdesk.signing.ses import parse_seal

    service = KeyService(module_option=demo_key.module_path, settings=Settings())
    window = MainWindow(service)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(service.snapshot, timeout=10000):
        service.refresh()
    seals = window.seals
    window.show_page("seals")
    seals.name.clear()
    qtbot.keyClicks(seals.name, "Test Unit ")  # the unit's name on the ring
    qtbot.waitUntil(lambda: seals.image is not None and seals.caption.text() != "", timeout=10000)
    qtbot.waitUntil(lambda: seals._timer.isActive() is False, timeout=5000)
    # the seal's name follows the unit and the purpose (合同专用章) until the person writes one
    name = "Test Unit合同专用章"
    assert seals.seal_name.text() == name
    try:
        seals.write_to_key()
        assert seals.pin_dialog.isVisible()
        with qtbot.waitSignal(service.snapshot, timeout=30000):  # the refresh after writing
            seals.pin_dialog.edit.setText(DEMO_USER_PIN)
            seals.pin_dialog.accept()
        assert "已将印章写入" in seals.problem.text(), seals.problem.text()
        # its validity is said, capped at the unit certificate's (the demo's: under 5 years)
        assert "有效期至" in seals.problem.text() and "不超过证书" in seals.problem.text()
        entries = [e for es in service.last.seals.values() for e in es if e.label == name]
        assert len(entries) == 1 and entries[0].error is None and entries[0].name == name
        seal = parse_seal(entries[0].der)
        assert seal.picture == seals.image.png  # the picture drawn here
        # the same name again: replacing is asked first; Cancel asks no PIN
        seals.write_to_key()
        assert seals.replace_box.isVisible() and name in seals.replace_box.text()
        seals.replace_box.button(QMessageBox.StandardButton.Cancel).click()
        assert not seals.pin_dialog.isVisible()
        seals.write_to_key()
        seals.replace_box.button(QMessageBox.StandardButton.Yes).click()
        assert seals.pin_dialog.isVisible()
        seals.pin_dialog.reject()
        # the signing page offers it as a seal from the key, ready to drop
        assert any(c.name == name and c.der for c in window.workspace.choices.values())
        home = window.home
        row = next(
            i
            for i in range(home.seals.count())
            if home.seals.item(i).data(Qt.ItemDataRole.UserRole) == name
        )
        home.seals.setCurrentRow(row)
        assert home.delete_seal_button.isEnabled()
        home.ask_delete_seal()
        assert name in home.delete_box.text()
        home.delete_box.accept()
        assert home.pin_dialog.isVisible()
        with qtbot.waitSignal(service.snapshot, timeout=30000):
            home.pin_dialog.edit.setText(DEMO_USER_PIN)
            home.pin_dialog.accept()
        assert "已从 USB Key 删除印章" in home.pin_feedback.text()
        assert not any(e.label == name for es in service.last.seals.values() for e in es)
        assert not any(c.name == name for c in window.workspace.choices.values())
    finally:  # never leave the test's seal in the shared demo key
        window.close()
        service.shutdown()
        from sealdesk.app.keys import open_module

        module, _ = open_module(demo_key.module_path, Settings())
        with module.open().session(DEMO_USER_PIN, rw=True) as session:
            if any(o.label == name for o in session.list_data()):
                session.delete_data(name)
