"""The signing workspace driven with the mouse as people do, in sequences: press, move with the
button held, release, on the view's viewport (QTest's mouseMove carries no buttons, so the
events are made here). Qt offscreen, the demo key (SoftHSM2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QGraphicsItem

from sealdesk.app.demo import DEMO_SEAL_NAME, DemoKey
from sealdesk.app.settings import Settings
from sealdesk.desktop import i18n
from sealdesk.desktop.gui.key_service import KeyService
from sealdesk.desktop.gui.main_window import MainWindow
from sealdesk.desktop.gui.workspace import Workspace
from tests.desktop.gui_steps import close_window, open_document, sign_window
from tests.signing.test_pdf_sign import make_pdf


@pytest.fixture(autouse=True)
def _own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEALDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SEALDESK_DATA_DIR", str(tmp_path / "data"))
    i18n.set_language("zh")


@pytest.fixture
def window(qtbot, demo_key: DemoKey):  # type: ignore[no-untyped-def]
    win = sign_window(qtbot, demo_key.module_path)
    yield win
    close_window(win)


def _mouse(ws: Workspace, kind: QEvent.Type, at: QPoint, held: bool) -> None:
    viewport = ws.view.viewport()
    event = QMouseEvent(
        kind,
        QPointF(at),
        QPointF(viewport.mapToGlobal(at)),
        Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton,
        Qt.MouseButton.LeftButton if held else Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, event)


def _click(ws: Workspace, at: QPoint) -> None:
    _mouse(ws, QEvent.Type.MouseButtonPress, at, True)
    _mouse(ws, QEvent.Type.MouseButtonRelease, at, False)


def _drag(ws: Workspace, start: QPoint, end: QPoint, steps: int = 6) -> None:
    _mouse(ws, QEvent.Type.MouseButtonPress, start, True)
    for i in range(1, steps + 1):
        _mouse(ws, QEvent.Type.MouseMove, start + (end - start) * i / steps, True)
    _mouse(ws, QEvent.Type.MouseButtonRelease, end, False)


def _on_screen(ws: Workspace, item: QGraphicsItem, x_frac: float, y_frac: float) -> QPoint:
    """The viewport point at a fraction of ``item``'s box, scrolled into view first."""
    ws.view.ensureVisible(item, 20, 20)
    QApplication.processEvents()
    box = item.boundingRect()
    local = QPointF(box.left() + box.width() * x_frac, box.top() + box.height() * y_frac)
    return ws.view.mapFromScene(item.mapToScene(local))


def _seal(ws: Workspace):  # type: ignore[no-untyped-def]
    return next(c for c in ws.choices.values() if c.name == DEMO_SEAL_NAME)


def test_dragging_the_cross_page_strip_leaves_a_selected_seal_where_it_is(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    open_document(qtbot, ws, make_pdf(tmp_path / "three.pdf", pages=3))
    ws.set_zoom(0.5)
    seal = ws.place_seal(_seal(ws), 0, 30, 40)
    _click(ws, _on_screen(ws, seal, 0.5, 0.5))  # the person selects the page-1 seal (its star)
    assert seal.isSelected()
    before = seal.placement()
    # on its box (a check box's middle may be past its text)
    qtbot.mouseClick(ws.cross, Qt.MouseButton.LeftButton, pos=QPoint(8, ws.cross.height() // 2))
    strip = ws._strips[2]
    along = strip.pos().y()
    start = _on_screen(ws, strip, 0.5, 0.5)
    _drag(ws, start, start + QPoint(0, 60))
    assert strip.pos().y() > along + 5, "the strip under the pointer moved"
    assert seal.placement() == before and seal.page.index == 0
    runs = ws.sign_runs()
    assert [p for run in runs for p in run.placements] == [before]


def test_a_round_seal_is_grabbed_inside_its_circle_and_resized_by_its_corner(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    open_document(qtbot, ws, make_pdf(tmp_path / "one.pdf", pages=1))
    ws.set_zoom(1.0)
    seal = ws.place_seal(_seal(ws), 0, 40, 60)
    # between the ring and the star: no ink there
    inside = _on_screen(ws, seal, 0.5, 0.8)
    image = seal.pixmap().toImage()
    assert image.pixelColor(image.width() // 2, int(image.height() * 0.8)).alpha() == 0
    _click(ws, inside)
    assert seal.isSelected(), "a click inside the circle selects the seal"
    width = seal.size_mm
    corner = _on_screen(ws, seal, 0.98, 0.98)  # the resize handle, outside the ring
    _drag(ws, corner, corner + QPoint(40, 40))
    assert seal.size_mm > width + 3 and seal.isSelected()
    _drag(ws, _on_screen(ws, seal, 0.5, 0.8), _on_screen(ws, seal, 0.5, 0.8) + QPoint(50, 0))
    assert seal.placement().x_mm > 40 + 5, "dragged by its inside"


def test_a_file_given_at_start_opens_with_the_seals_of_the_key(
    qtbot, demo_key: DemoKey, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """`sealdesk gui FILE.pdf` (open with SealDesk from a file manager): the file opens before
    the key layer has read the key; its seals arrive after and can be dropped."""
    service = KeyService(module_option=demo_key.module_path, settings=Settings())
    win = MainWindow(service)
    qtbot.addWidget(win)
    win.show()
    win.open_paths(str(make_pdf(tmp_path / "given.pdf", pages=1)))  # as run_gui does
    with qtbot.waitSignal(service.snapshot, timeout=10000):
        service.refresh()
    ws = win.workspace
    qtbot.waitUntil(lambda: ws.pages and ws.pages[0].picture is not None, timeout=10000)
    assert ws.seal_list.count() >= 1
    ws.seal_list.setFocus()
    qtbot.keyClick(ws.seal_list, Qt.Key.Key_Return)  # the keyboard's drop
    assert len(ws.seal_items()) == 1
    win.close()
    service.shutdown()


def test_the_keyword_shows_where_it_stamps_and_does_not_stick_to_the_next_job(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from sealdesk.app.demo import DEMO_USER_PIN
    from tests.desktop.gui_steps import open_document, press_sign

    ws = window.workspace
    open_document(qtbot, ws, make_pdf(tmp_path / "kw.pdf", pages=2))
    ws.keyword.setFocus()
    qtbot.keyClicks(ws.keyword, "page 2")
    qtbot.keyClick(ws.keyword, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(ws._hit_items) == 1, timeout=10000)
    hit = ws._hit_items[0]
    assert hit.parentItem() is ws.pages[1] and "1 处" in ws.message.text()
    confirmation = press_sign(qtbot, ws)
    assert "关键字：找到 1 处" in confirmation.details.toPlainText()
    qtbot.waitUntil(lambda: ws.pin_dialog is not None and ws.pin_dialog.isVisible())
    with qtbot.waitSignal(ws.signed, timeout=60000):
        qtbot.keyClicks(ws.pin_dialog.edit, DEMO_USER_PIN)
        qtbot.keyClick(ws.pin_dialog.edit, Qt.Key.Key_Return)
    # the next job starts empty: no keyword, nothing to sign until something is placed
    qtbot.waitUntil(lambda: ws.path == tmp_path / "kw_signed.pdf", timeout=10000)
    assert ws.keyword.text() == "" and not ws.sign_button.isEnabled() and not ws._hit_items
    # a keyword that is not there is said at once, not after the PIN
    qtbot.keyClicks(ws.keyword, "no-such-words")  # QTest types ASCII only
    qtbot.keyClick(ws.keyword, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "没有找到" in ws.message.text(), timeout=10000)


def test_the_window_warns_before_the_pin_about_an_invalid_signature(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from tests.signing import pdf_attacks as attacks

    signed = attacks.sign(attacks.make_pdf(), attacks.make_identity())
    at = signed.index(b"stream") + 12
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(signed[:at] + bytes([signed[at] ^ 0x20]) + signed[at + 1 :])
    ws = window.workspace
    open_document(qtbot, ws, tampered)
    ws.place_seal(_seal(ws), 0, 30, 40)
    qtbot.mouseClick(ws.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ws.confirm_dialog is not None and ws.confirm_dialog.isVisible())
    assert ws.pin_dialog is None  # not asked yet
    assert "已有的签名无效" in ws.confirm_dialog.details.toPlainText()
    ws.confirm_dialog.reject()  # the person changes their mind: nothing happens
    assert ws.pin_dialog is None and not (tmp_path / "tampered_signed.pdf").exists()


def test_ctrl_o_opens_files_for_the_page_in_view(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The file dialog itself is the platform's: it is answered here, the shortcut is not."""
    from PySide6.QtWidgets import QFileDialog

    pdf = make_pdf(tmp_path / "to-verify.pdf", pages=1)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", staticmethod(lambda *_a, **_k: ([str(pdf)], ""))
    )
    window.show_page("verify")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "verify"
    qtbot.waitUntil(lambda: window.verify.files.count() >= 1, timeout=20000)
    assert window.workspace.path is None  # not opened for signing


def test_undo_redo_the_close_button_the_menu_and_page_keys(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QContextMenuEvent

    ws = window.workspace
    open_document(qtbot, ws, make_pdf(tmp_path / "four.pdf", pages=4))
    ws.set_zoom(0.6)
    seal = ws.place_seal(_seal(ws), 0, 30, 40)
    placed = seal.placement()
    start = _on_screen(ws, seal, 0.5, 0.5)
    _drag(ws, start, start + QPoint(60, 30))
    moved = ws.seal_items()[0].placement()
    assert moved != placed

    def keys(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        ws.view.setFocus()
        qtbot.keyClick(ws.view, key, modifier)

    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    keys(Qt.Key.Key_Z, ctrl)  # the drag undone
    assert [i.placement() for i in ws.seal_items()] == [placed]
    keys(Qt.Key.Key_Z, ctrl)  # the placing undone
    assert ws.seal_items() == [] and not ws.sign_button.isEnabled()
    keys(Qt.Key.Key_Z, ctrl | shift)
    keys(Qt.Key.Key_Z, ctrl | shift)
    assert [i.placement() for i in ws.seal_items()] == [moved]

    # the × in the selected seal's corner takes it off; Ctrl+Z brings it back
    item = ws.seal_items()[0]
    _click(ws, _on_screen(ws, item, 0.5, 0.5))
    _click(ws, _on_screen(ws, item, 0.97, 0.03))
    assert ws.seal_items() == [] and "撤销" in ws.message.text()
    keys(Qt.Key.Key_Z, ctrl)
    assert [i.placement() for i in ws.seal_items()] == [moved]

    # right-click: a menu that removes it too
    item = ws.seal_items()[0]
    at = _on_screen(ws, item, 0.5, 0.5)
    menu_event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, at, ws.view.viewport().mapToGlobal(at)
    )
    QApplication.sendEvent(ws.view.viewport(), menu_event)
    menu = ws.seal_menu_shown
    assert menu is not None and menu.isVisible()
    remove = next(a for a in menu.actions() if a.text() == "移除此印章")
    menu.close()
    remove.trigger()
    assert ws.seal_items() == []

    # End and Home go to the last and the first page
    bar = ws.view.verticalScrollBar()
    keys(Qt.Key.Key_End)
    assert 3 in ws.visible_pages() and bar.value() > 0
    keys(Qt.Key.Key_Home)
    assert 0 in ws.visible_pages()


def test_a_cross_page_seal_over_a_range_of_pages(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    open_document(qtbot, ws, make_pdf(tmp_path / "five.pdf", pages=5))
    qtbot.mouseClick(ws.cross, Qt.MouseButton.LeftButton, pos=QPoint(8, ws.cross.height() // 2))
    assert len(ws._strips) == 5
    for spin, value in ((ws.cross_from, "2"), (ws.cross_to, "4")):
        spin.setFocus()
        qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(spin, value)
    assert sorted(s.page.index for s in ws._strips) == [1, 2, 3]
    runs = ws.sign_runs()
    assert (runs[0].cross_page.first, runs[0].cross_page.last) == (2, 4)
    # one page is no cross-page seal: said, nothing drawn
    ws.cross_to.setFocus()
    qtbot.keyClick(ws.cross_to, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(ws.cross_to, "2")
    assert ws._strips == [] and ws.message.text()


def test_an_encrypted_pdf_asks_its_password_and_is_signed_with_it(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from sealdesk.app.demo import DEMO_USER_PIN
    from sealdesk.signing.pdf.verify import verify_pdf
    from tests.conftest import interop_dir
    from tests.desktop.gui_steps import press_sign

    source = tmp_path / "locked.pdf"
    shutil.copy(interop_dir("pdf") / "minimal-aes256.pdf", source)
    ws = window.workspace
    ws.open_file(source)
    qtbot.waitUntil(lambda: ws.password_dialog is not None and ws.password_dialog.isVisible())
    first = ws.password_dialog
    first.setTextValue("wrong")
    first.accept()
    qtbot.waitUntil(lambda: ws.password_dialog is not first and ws.password_dialog.isVisible())
    assert "密码不正确" in ws.password_dialog.labelText()
    with qtbot.waitSignal(ws.first_page_shown, timeout=10000):
        ws.password_dialog.setTextValue("ownersecret")
        ws.password_dialog.accept()
    ws.place_seal(_seal(ws), 0, 20, 20)
    press_sign(qtbot, ws)
    qtbot.waitUntil(lambda: ws.pin_dialog is not None and ws.pin_dialog.isVisible())
    with qtbot.waitSignal(ws.signed, timeout=60000) as blocker:
        qtbot.keyClicks(ws.pin_dialog.edit, DEMO_USER_PIN)
        qtbot.keyClick(ws.pin_dialog.edit, Qt.Key.Key_Return)
    out = blocker.args[0].output
    report = verify_pdf(out.read_bytes(), password="usersecret")
    assert report.signatures and report.signatures[0].intact
    qtbot.waitUntil(lambda: ws.path == out, timeout=10000)  # reopened without asking again
