"""The signing workspace end to end: drop a seal on a page, sign through the PIN dialog with the
demo key (SoftHSM2), render the signed copy with pdftoppm and find the seal where it was
dropped. Qt offscreen."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QEvent, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication

from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_USER_PIN, DemoKey
from sealdesk.desktop import i18n
from sealdesk.desktop.gui.main_window import MainWindow
from sealdesk.desktop.gui.scene_items import SEAL_MIME
from sealdesk.desktop.gui.workspace import Workspace
from tests.conftest import require
from tests.desktop.gui_steps import close_window, open_document, press_sign, sign_window
from tests.signing.test_pdf_sign import _red_box_of, _render, make_pdf


@pytest.fixture(autouse=True)
def _own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEALDESK_CONFIG_DIR", str(tmp_path / "config"))
    i18n.set_language("zh")


@pytest.fixture
def window(qtbot, demo_key: DemoKey):  # type: ignore[no-untyped-def]
    win = sign_window(qtbot, demo_key.module_path)
    yield win
    close_window(win)


def _page_corner(ws: Workspace) -> tuple[int, int]:
    """The first page's top-left in the view, found from the pixels: the first white pixel
    (the page) on the grey desk, independent of the view's own mapping."""
    image: QImage = ws.view.viewport().grab().toImage()
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if (c.red(), c.green(), c.blue()) == (255, 255, 255):
                return x, y
    raise AssertionError("no page in the view")


def _drop(ws: Workspace, key: str, point: QPointF) -> None:
    """What a drag from the seal list does to the view: enter, move, drop at ``point``."""
    mime = QMimeData()
    mime.setData(SEAL_MIME, QByteArray(key.encode()))
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(point.toPoint(), *args)
    assert QApplication.sendEvent(ws.view.viewport(), enter) and enter.isAccepted()
    QApplication.sendEvent(ws.view.viewport(), QDragMoveEvent(point.toPoint(), *args))
    event = QDropEvent(
        point,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(ws.view.viewport(), event)


@pytest.mark.parametrize(
    ("rotation", "crop"), [(0, False), (90, True)], ids=["plain", "rot90-crop"]
)
def test_drop_a_seal_sign_with_the_pin_and_find_it_there(
    qtbot, window: MainWindow, tmp_path: Path, rotation: int, crop: bool
) -> None:  # type: ignore[no-untyped-def]
    require(shutil.which("pdftoppm") is not None, "poppler-utils")
    ws = window.workspace
    source = make_pdf(tmp_path / "合同.pdf", pages=2, rotation=rotation, crop=crop)
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    open_document(qtbot, ws, source)
    ws.set_zoom(0.4)
    qtbot.waitUntil(lambda: ws.pages[0].resolution == round(ws.scale(), 3), timeout=5000)
    key = next(k for k, c in ws.choices.items() if c.name == DEMO_SEAL_NAME)
    seal = ws.choices[key]

    px_per_mm = ws.logicalDpiX() / 25.4 * 0.4  # true size at 40 %
    left, top = _page_corner(ws)
    # the page on screen is its true size at this zoom (42 mm shows as 16.8 mm at 40 %)
    page = ws.pages[0]
    image = ws.view.viewport().grab().toImage()
    right = left
    while right + 1 < image.width() and image.pixelColor(right + 1, top + 5).red() > 240:
        right += 1
    assert abs((right - left + 1) / px_per_mm - page.width_mm) < 1.0

    centre_mm = (70.0, 95.0)  # where the person drops the seal's centre
    point = QPointF(left + centre_mm[0] * px_per_mm, top + centre_mm[1] * px_per_mm)
    _drop(ws, key, point)
    items = ws.seal_items()
    assert len(items) == 1 and items[0].choice is seal
    placed = items[0].placement()
    assert abs(placed.x_mm + seal.width_mm / 2 - centre_mm[0]) < 0.5
    assert abs(placed.y_mm + seal.height_mm / 2 - centre_mm[1]) < 0.5

    # a wrong PIN first: the dialog comes back saying so
    confirmation = press_sign(qtbot, ws)
    assert "合同.pdf → 合同_signed.pdf" in confirmation.details.toPlainText()
    qtbot.waitUntil(lambda: ws.pin_dialog is not None and ws.pin_dialog.isVisible())
    dialog = ws.pin_dialog
    dialog.edit.setText("000000")
    dialog.accept()
    qtbot.waitUntil(
        lambda: ws.pin_dialog is not dialog and ws.pin_dialog.isVisible(), timeout=15000
    )
    assert "PIN 码错误" in ws.pin_dialog.problem.text()
    # one wrong PIN is not "several", and it is said once (not again in the hint)
    said = ws.pin_dialog.problem.text() + ws.pin_dialog.hint.text()
    assert "已多次" not in said and said.count("输错") == 1, said
    assert not (tmp_path / "合同_signed.pdf").exists()

    with qtbot.waitSignal(ws.signed, timeout=30000) as blocker:
        ws.pin_dialog.edit.setText(DEMO_USER_PIN)
        ws.pin_dialog.accept()
    out = blocker.args[0].output
    assert out == tmp_path / "合同_signed.pdf" and out.is_file()
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before  # the source untouched
    assert "合同_signed.pdf" in ws.message.text()

    dpi = 150
    rendered = _render(out, 1, dpi, tmp_path / "page")
    box = _red_box_of(rendered)
    assert box is not None, "no seal on the signed page"
    mm = 25.4 / dpi
    cx, cy = (box[0] + box[2]) / 2 * mm, (box[1] + box[3]) / 2 * mm
    # the seal's centre is where it was dropped, within 1 mm, on the page as displayed
    assert abs(cx - centre_mm[0]) < 1.0, (cx, centre_mm)
    assert abs(cy - centre_mm[1]) < 1.0, (cy, centre_mm)
    assert abs((box[2] - box[0]) * mm - seal.width_mm) < 1.0

    # the signed copy opens in the viewer; the record is kept
    qtbot.waitUntil(lambda: ws.path == out, timeout=5000)
    qtbot.waitUntil(lambda: window.records.records != [], timeout=5000)
    assert window.records.records[0].output == str(out)
    assert window.records.records[0].seals == DEMO_SEAL_NAME


def test_several_seals_move_delete_and_cross_page_preview(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    open_document(qtbot, ws, make_pdf(tmp_path / "three.pdf", pages=3))
    key = next(k for k, c in ws.choices.items() if c.name == DEMO_SEAL_NAME)
    seal = ws.choices[key]
    a = ws.place_seal(seal, 0, 20, 30)
    b = ws.place_seal(seal, 2, 100, 200)
    assert [p.placement().page for p in ws.seal_items()] == [1, 3]
    b.setPos(QPointF(500, -40))  # dragged off the page: it stays on the page
    assert b.pos().x() == pytest.approx(b.page.width_mm - seal.width_mm)
    assert b.pos().y() == 0
    ws.scene.clearSelection()
    a.setSelected(True)
    ws.delete_selected()
    assert ws.seal_items() == [b]

    ws.cross.setChecked(True)
    strips = ws._strips
    assert len(strips) == 3
    # each strip is a third of the seal, at the right edge, centred
    for strip in strips:
        rect = strip.mapRectToParent(strip.boundingRect())
        assert rect.width() == pytest.approx(seal.width_mm / 3, abs=0.2)
        assert rect.right() == pytest.approx(strip.page.width_mm, abs=0.2)
    strips[1].setPos(QPointF(strips[1].pos().x(), 50))  # dragged: all follow
    assert all(s.pos().y() == pytest.approx(50) for s in strips)
    runs = ws.sign_runs()
    assert len(runs) == 1 and runs[0].cross_page is not None
    assert runs[0].cross_page.edge == "right" and runs[0].cross_page.pos_mm == pytest.approx(50)
    assert [p.page for p in runs[0].placements] == [3]


def _strip_groups(ws: Workspace) -> list[list[float]]:
    """The preview's strips by group (as their tooltips name them): each one's width in mm."""
    groups: dict[str, list[float]] = {}
    for strip in ws._strips:
        groups.setdefault(strip.toolTip(), []).append(
            strip.mapRectToParent(strip.boundingRect()).width()
        )
    return list(groups.values())


def test_cross_page_preview_shows_the_groups_and_takes_pages_per_group(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    open_document(qtbot, ws, make_pdf(tmp_path / "long.pdf", pages=23))
    key = next(k for k, c in ws.choices.items() if c.name == DEMO_SEAL_NAME)
    seal = ws.choices[key]
    row = next(
        i
        for i in range(ws.seal_list.count())
        if ws.seal_list.item(i).data(Qt.ItemDataRole.UserRole) == key
    )
    ws.seal_list.setCurrentRow(row)
    assert not ws.cross_group.isEnabled()
    qtbot.mouseClick(ws.cross, Qt.MouseButton.LeftButton, pos=QPoint(8, ws.cross.height() // 2))
    assert ws.cross_group.isEnabled() and ws.cross_group.text() == "自动"
    # by default no strip under 4 mm: 23 pages in groups of 8, 8 and 7, each a whole seal
    groups = _strip_groups(ws)
    assert [len(g) for g in groups] == [8, 8, 7]
    for widths in groups:
        assert min(widths) >= 4.0
        assert sum(widths) == pytest.approx(seal.width_mm, abs=0.2)
    assert "23 页分 3 组" in ws.message.text()
    assert ws._strips[8].toolTip() == "骑缝章第 2 组：第 9–16 页"
    assert ws.sign_runs()[0].cross_page.group is None  # type: ignore[union-attr]

    # the person types 5 pages a group: 5 + 5 + 5 + 4 + 4, and that is what gets signed
    ws.cross_group.setFocus()
    qtbot.keyClick(ws.cross_group, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(ws.cross_group, "5")
    groups = _strip_groups(ws)
    assert [len(g) for g in groups] == [5, 5, 5, 4, 4]
    assert [round(sum(g), 1) for g in groups] == [round(seal.width_mm, 1)] * 5
    assert "23 页分 5 组" in ws.message.text()
    (run,) = ws.sign_runs()
    assert run.cross_page is not None and run.cross_page.group == 5


def test_locked_key_is_said_plainly(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    ws = window.workspace
    open_document(qtbot, ws, make_pdf(tmp_path / "a.pdf", pages=1))
    seal = next(iter(ws.choices.values()))
    ws.place_seal(seal, 0, 10, 10)
    snap = window.service.last
    assert snap is not None
    token = snap.tokens[0]
    locked = dataclasses.replace(token, pin=dataclasses.replace(token.pin, locked=True))
    window.service.last = dataclasses.replace(snap, tokens=[locked])  # SoftHSM2 never locks
    press_sign(qtbot, ws)
    qtbot.waitUntil(lambda: ws.pin_dialog is not None and ws.pin_dialog.isVisible())
    dialog = ws.pin_dialog
    assert "锁定" in dialog.hint.text()
    assert not dialog.edit.isEnabled()
    dialog.reject()


def test_cancel_during_signing_writes_nothing(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    source = make_pdf(tmp_path / "c.pdf", pages=1)
    open_document(qtbot, ws, source)
    ws.place_seal(next(iter(ws.choices.values())), 0, 20, 20)
    press_sign(qtbot, ws)
    qtbot.waitUntil(lambda: ws.pin_dialog is not None and ws.pin_dialog.isVisible())
    ws.pin_dialog.edit.setText(DEMO_USER_PIN)
    with qtbot.waitSignal(window.service.sign_finished, timeout=30000) as blocker:
        ws.pin_dialog.accept()
        assert ws.progress_box.isVisible() and ws.cancel_button.isEnabled()
        ws.cancel_signing()
    assert blocker.args[0].kind == "cancelled"
    assert not (tmp_path / "c_signed.pdf").exists()
    assert not [p.name for p in tmp_path.iterdir() if p.suffix == ".part"]  # nor a .part
    assert "取消" in ws.message.text() and not ws.progress_box.isVisible()


def test_an_ofd_opens_in_the_page_view(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.ofd_factory import make_ofd

    ws = window.workspace
    path = tmp_path / "report.ofd"
    path.write_bytes(make_ofd(3))
    open_document(qtbot, ws, path)
    assert len(ws.pages) == 3
    assert (ws.pages[0].width_mm, ws.pages[0].height_mm) == pytest.approx((210, 297))
    assert ws.thumbs.count() == 3


def test_thumbnails_are_drawn_again_on_a_screen_of_another_scale(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    open_document(qtbot, ws, make_pdf(tmp_path / "a.pdf", pages=3))
    qtbot.wait(1500)  # the first thumbnails drawn
    drawn = ws.thumbs.item(0).icon().cacheKey()
    QApplication.sendEvent(ws.view, QEvent(QEvent.Type.DevicePixelRatioChange))
    qtbot.waitUntil(lambda: ws.thumbs.item(0).icon().cacheKey() != drawn)
