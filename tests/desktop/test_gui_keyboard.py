"""The signing flow without a mouse: Tab to the seal list, Enter places the seal in the middle
of the page in view, the arrow keys move it, Tab reaches 完成签署, Enter signs, the PIN is typed
and Enter pressed; the signed copy, rendered with pdftoppm, has the seal where the keys put it.
Qt offscreen, the demo key (SoftHSM2)."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_USER_PIN
from sealdesk.desktop.gui.main_window import PAGES, MainWindow
from tests.conftest import require
from tests.desktop.gui_steps import open_document
from tests.desktop.test_gui_sign import _own_config, window  # noqa: F401
from tests.signing.test_pdf_sign import _red_box_of, _render, make_pdf

SHIFT = Qt.KeyboardModifier.ShiftModifier


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def _key(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed on the keyboard: it goes to whatever has the focus."""
    QTest.keyClick(_focus(), key, modifier)


def _tab_to(target: QWidget, *, limit: int = 40) -> int:
    """Press Tab until ``target`` has the focus; the number of presses."""
    for n in range(limit):
        if _focus() is target:
            return n
        _key(Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target!r} (stuck at {_focus()!r})")


def test_place_move_and_sign_with_the_keyboard_only(
    qtbot,
    window: MainWindow,  # noqa: F811
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    require(shutil.which("pdftoppm") is not None, "poppler-utils")
    ws = window.workspace
    source = make_pdf(tmp_path / "合同.pdf", pages=2)
    open_document(qtbot, ws, source)
    ws.set_zoom(0.4)  # the whole first page in view
    qtbot.waitUntil(lambda: ws.pages[0].resolution > 0, timeout=5000)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5000)

    # from the side navigation, Tab reaches the seal list; arrows choose the demo seal
    window.nav.setFocus()
    _tab_to(ws.seal_list)
    _key(Qt.Key.Key_Home)
    for _ in range(ws.seal_list.count()):
        if ws.current_choice() is not None and ws.current_choice().name == DEMO_SEAL_NAME:
            break
        _key(Qt.Key.Key_Down)
    seal = ws.current_choice()
    assert seal is not None and seal.name == DEMO_SEAL_NAME

    _key(Qt.Key.Key_Return)  # placed in the middle of the page in view, at true size
    items = ws.seal_items()
    assert len(items) == 1 and items[0].isSelected() and _focus() is ws.view
    page = ws.pages[0]
    placed = items[0].placement()
    assert placed.page == 1 and placed.size_mm is None
    assert abs(placed.x_mm + seal.width_mm / 2 - page.width_mm / 2) < 0.01
    assert abs(placed.y_mm + seal.height_mm / 2 - page.height_mm / 2) < 0.01
    start = (placed.x_mm, placed.y_mm)

    for _ in range(3):
        _key(Qt.Key.Key_Right)  # 3 × 1 mm right
    _key(Qt.Key.Key_Down, SHIFT)  # 10 mm down
    _key(Qt.Key.Key_Up)  # 1 mm up
    moved = items[0].placement()
    assert (moved.x_mm - start[0], moved.y_mm - start[1]) == (3.0, 9.0)
    assert "mm" in ws.message.text()  # the new position is said

    # Esc unselects; Tab selects the placed seal again and the arrows move it
    _key(Qt.Key.Key_Escape)
    assert not items[0].isSelected()
    _key(Qt.Key.Key_Tab)
    assert items[0].isSelected() and _focus() is ws.view
    _key(Qt.Key.Key_Left, SHIFT)
    _key(Qt.Key.Key_Right, SHIFT)  # back where it was
    assert items[0].placement() == moved

    # past the last seal, Tab goes on to 完成签署; Enter presses it
    _key(Qt.Key.Key_Tab)
    assert _focus() is ws.sign_button
    _key(Qt.Key.Key_Return)
    # the confirmation first: Enter takes its default button, 继续
    qtbot.waitUntil(
        lambda: ws.confirm_dialog is not None and ws.confirm_dialog.isAncestorOf(_focus()),
        timeout=30000,
    )
    _key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ws.pin_dialog is not None and ws.pin_dialog.isVisible())
    dialog = ws.pin_dialog
    qtbot.waitUntil(lambda: _focus() is dialog.edit, timeout=5000)
    QTest.keyClicks(_focus(), DEMO_USER_PIN)
    with qtbot.waitSignal(ws.signed, timeout=30000) as blocker:
        _key(Qt.Key.Key_Return)
    out = blocker.args[0].output
    assert out == tmp_path / "合同_signed.pdf" and out.is_file()

    dpi = 150
    box = _red_box_of(_render(out, 1, dpi, tmp_path / "page"))
    assert box is not None, "no seal on the signed page"
    mm = 25.4 / dpi
    cx, cy = (box[0] + box[2]) / 2 * mm, (box[1] + box[3]) / 2 * mm
    expected = (page.width_mm / 2 + 3, page.height_mm / 2 + 9)
    assert abs(cx - expected[0]) < 1.0, (cx, expected)
    assert abs(cy - expected[1]) < 1.0, (cy, expected)
    assert abs((box[2] - box[0]) * mm - seal.width_mm) < 1.0


def test_tab_goes_through_placed_seals_in_reading_order(
    qtbot,
    window: MainWindow,  # noqa: F811
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    open_document(qtbot, ws, make_pdf(tmp_path / "two.pdf", pages=2))
    seal = next(c for c in ws.choices.values() if c.name == DEMO_SEAL_NAME)
    # placed out of reading order
    c = ws.place_seal(seal, 1, 30, 40)
    b = ws.place_seal(seal, 0, 100, 200)
    a = ws.place_seal(seal, 0, 120, 20)
    window.activateWindow()
    ws.view.setFocus()
    ws.scene.clearSelection()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is ws.view, timeout=5000)
    order = []
    for _ in range(3):
        _key(Qt.Key.Key_Tab)
        order.append(ws.selected_seal())
        assert _focus() is ws.view
    assert order == [a, b, c]
    _key(Qt.Key.Key_Backtab, SHIFT)
    assert ws.selected_seal() is b
    _key(Qt.Key.Key_Delete)
    assert ws.seal_items() == [a, c] or set(ws.seal_items()) == {a, c}
    # the selection is kept on the page: Tab from nothing selected starts at the first seal
    _key(Qt.Key.Key_Tab)
    assert ws.selected_seal() is a
    _key(Qt.Key.Key_Backtab, SHIFT)  # before the first seal: the focus leaves backwards
    assert _focus() is not ws.view and ws.selected_seal() is None


def test_every_page_is_reached_and_left_by_tab(
    qtbot,
    window: MainWindow,  # noqa: F811
) -> None:  # type: ignore[no-untyped-def]
    """From the side navigation (arrows switch the page), Tab goes through the page's visible
    controls and back to the navigation without stopping on anything hidden; every button
    there has a name a screen reader can say."""
    window.activateWindow()
    window.nav.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.nav, timeout=5000)
    _key(Qt.Key.Key_Home)
    for n, name in enumerate(PAGES):
        if n:
            _key(Qt.Key.Key_Down)
        page = window.page(name)
        assert window.stack.currentWidget() is page, name
        seen = []
        for _ in range(60):
            _key(Qt.Key.Key_Tab)
            widget = _focus()
            if widget is window.nav:
                break
            assert widget.isVisible() and widget.isEnabled(), (name, widget)
            assert page.isAncestorOf(widget), (name, widget)
            seen.append(widget)
        else:
            raise AssertionError(f"Tab never came back to the navigation from {name}: {seen[:12]}")
        assert seen, name
        for button in page.findChildren(QAbstractButton):
            if button.isVisibleTo(page):
                assert button.text().strip("&") or button.accessibleName(), (name, button)
