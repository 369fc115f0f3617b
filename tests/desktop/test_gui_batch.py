"""The signing workspace beyond one seal on one file: a batch of files with one PIN, a queue and
cancel; keyword placement, the QR code and resizing a seal; the PIN asked once per session; the
key pulled out mid-batch. Qt offscreen, the SoftHSM2 demo key; outputs read back with pdftoppm
and zxing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_USER_PIN, DemoKey
from sealdesk.app.settings import Settings
from sealdesk.desktop import i18n
from sealdesk.desktop.gui.main_window import MainWindow
from sealdesk.desktop.gui.workspace import Workspace
from tests.conftest import require
from tests.desktop.conftest import CHILD_TEST_ENV
from tests.desktop.gui_steps import close_window, press_sign, sign_window
from tests.signing.test_pdf_sign import _red_box_of, _render, make_pdf

UNPLUG_INNER = "SEALDESK_TEST_UNPLUG_INNER"


@pytest.fixture(autouse=True)
def _own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEALDESK_CONFIG_DIR", str(tmp_path / "config"))
    i18n.set_language("zh")


@pytest.fixture
def window(qtbot, demo_key: DemoKey):  # type: ignore[no-untyped-def]
    win = sign_window(qtbot, demo_key.module_path)
    yield win
    close_window(win)


def _open_batch(qtbot, ws: Workspace, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(ws.first_page_shown, timeout=10000):
        ws.open_files(paths)
    assert ws.path == paths[0]


def _demo_seal(ws: Workspace):  # type: ignore[no-untyped-def]
    return next(c for c in ws.choices.values() if c.name == DEMO_SEAL_NAME)


def _sign_with_pin(qtbot, window: MainWindow, pin: str = DEMO_USER_PIN):  # type: ignore[no-untyped-def]
    ws = window.workspace
    press_sign(qtbot, ws)
    qtbot.waitUntil(lambda: ws.pin_dialog is not None and ws.pin_dialog.isVisible())
    dialog = ws.pin_dialog
    with qtbot.waitSignal(window.service.sign_finished, timeout=60000) as blocker:
        dialog.edit.setText(pin)
        dialog.accept()
    return blocker.args[0]


def _queue(ws: Workspace) -> list[tuple[str, str]]:
    return [
        (ws.queue.item(i).data(Qt.ItemDataRole.UserRole + 1), ws.queue.item(i).text())
        for i in range(ws.queue.count())
    ]


def _seal_centre_mm(pdf: Path, tmp_path: Path, page: int = 1) -> tuple[float, float] | None:
    dpi = 100
    box = _red_box_of(_render(pdf, page, dpi, tmp_path / f"r-{pdf.stem}-{page}"))
    if box is None:
        return None
    mm = 25.4 / dpi
    return (box[0] + box[2]) / 2 * mm, (box[1] + box[3]) / 2 * mm


def test_a_batch_signs_every_file_with_one_pin_and_reports_each(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    require(shutil.which("pdftoppm") is not None, "poppler-utils")
    from tests.ofd_factory import make_ofd

    ws = window.workspace
    a = make_pdf(tmp_path / "甲.pdf", pages=2)
    b = make_pdf(tmp_path / "乙.pdf", pages=3)
    broken = tmp_path / "坏.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not a PDF at all\n")
    report = tmp_path / "报告.ofd"
    report.write_bytes(make_ofd(2))
    _open_batch(qtbot, ws, [a, b, broken, report])
    assert ws.queue_box.isVisible() and ws.queue.count() == 4
    assert "4" in ws.sign_button.text()
    ws.place_seal(_demo_seal(ws), 0, 100, 150)

    outcome = _sign_with_pin(qtbot, window)
    assert outcome.ok
    kinds = [k for k, _t in _queue(ws)]
    assert kinds == ["ok", "ok", "pdf_unreadable", "ok"], _queue(ws)
    for source in (a, b, report):
        assert (tmp_path / f"{source.stem}_signed{source.suffix}").is_file()
    assert not (tmp_path / "坏_signed.pdf").exists()
    assert "3 份成功，1 份失败" in ws.message.text()
    assert "✗ 坏.pdf" in _queue(ws)[2][1]
    # every PDF carries the seal where it was placed on page 1
    for source in (a, b):
        centre = _seal_centre_mm(tmp_path / f"{source.stem}_signed.pdf", tmp_path)
        seal = _demo_seal(ws)
        assert centre is not None
        assert abs(centre[0] - (100 + seal.width_mm / 2)) < 1.0
        assert abs(centre[1] - (150 + seal.height_mm / 2)) < 1.0
    # the view stays on the batch's first file, and each signed file is in the records
    assert ws.path == a
    qtbot.waitUntil(lambda: len(window.records.records) == 3, timeout=5000)

    # signing again: the confirmation says the signed copies exist and asks; the PIN was
    # asked once, so the run signs without it
    ws.pin_dialog = None
    before = {p.name: p.read_bytes() for p in tmp_path.glob("*_signed.pdf")}
    with qtbot.waitSignal(window.service.sign_finished, timeout=60000) as blocker:
        confirmation = press_sign(qtbot, ws, existing="new_name")
    assert "已存在" in confirmation.details.toPlainText()
    assert ws.pin_dialog is None and blocker.args[0].ok
    assert (tmp_path / "甲_signed(2).pdf").is_file()
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*_signed.pdf")} == before
    # skipping them signs only the file that has no signed copy (the broken one, again)
    with qtbot.waitSignal(window.service.sign_finished, timeout=60000) as blocker:
        press_sign(qtbot, ws, existing="skip")
    assert [f.source.name for f in blocker.args[0].files] == ["坏.pdf"]
    assert not (tmp_path / "甲_signed(3).pdf").exists()
    # replacing them writes over the signed copies, never the originals
    with qtbot.waitSignal(window.service.sign_finished, timeout=60000) as blocker:
        press_sign(qtbot, ws, existing="overwrite")
    assert blocker.args[0].ok and not (tmp_path / "甲_signed(3).pdf").exists()
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*_signed.pdf")} != before

    # logged out (as after an unplug): the PIN is asked again
    with qtbot.waitSignal(window.service.session_changed, timeout=5000):
        window.service.log_out()
    assert not window.service.has_session(window.service.last.tokens[0].label)
    press_sign(qtbot, ws, existing="new_name")
    qtbot.waitUntil(lambda: ws.pin_dialog is not None and ws.pin_dialog.isVisible())
    ws.pin_dialog.reject()


def test_settings_can_ask_the_pin_every_time(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    window._settings_saved(Settings(pin_every_time=True))
    with qtbot.waitSignal(ws.first_page_shown, timeout=10000):
        ws.open_file(make_pdf(tmp_path / "x.pdf", pages=1))
    ws.place_seal(_demo_seal(ws), 0, 20, 20)
    assert _sign_with_pin(qtbot, window).ok
    qtbot.waitUntil(lambda: ws.path == tmp_path / "x_signed.pdf", timeout=5000)
    assert not window.service.has_session(window.service.last.tokens[0].label)
    ws.place_seal(_demo_seal(ws), 0, 60, 20)
    press_sign(qtbot, ws)
    qtbot.waitUntil(lambda: ws.pin_dialog is not None and ws.pin_dialog.isVisible())  # again
    ws.pin_dialog.reject()


def test_cancel_a_batch_keeps_finished_files_and_writes_no_other(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    paths = [make_pdf(tmp_path / f"f{i}.pdf", pages=1) for i in range(3)]
    _open_batch(qtbot, ws, paths)
    ws.place_seal(_demo_seal(ws), 0, 30, 30)

    def cancel_after_first(index: int, kind: str, _message: str) -> None:
        if index == 0 and kind == "ok":  # on the worker, before the second file starts
            ws._cancel.set()  # what the Cancel button does

    window.service.sign_file.connect(cancel_after_first, Qt.ConnectionType.DirectConnection)
    outcome = _sign_with_pin(qtbot, window)
    assert outcome.kind == "cancelled"
    assert [k for k, _t in _queue(ws)] == ["ok", "cancelled", "cancelled"]
    assert sorted(p.name for p in tmp_path.iterdir() if "_signed" in p.name) == ["f0_signed.pdf"]
    assert "1 份成功，0 份失败，2 份取消" in ws.message.text()
    assert not ws.progress_box.isVisible() and ws.sign_button.isEnabled()


def test_keyword_qr_and_a_resized_seal_reach_the_signed_file(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    require(shutil.which("pdftoppm") is not None, "poppler-utils")
    zxingcpp = pytest.importorskip("zxingcpp")
    import pymupdf

    ws = window.workspace
    source = make_pdf(tmp_path / "kw.pdf", pages=1)
    with qtbot.waitSignal(ws.first_page_shown, timeout=10000):
        ws.open_file(source)
    seal = _demo_seal(ws)
    ws.seal_list.setCurrentRow(
        next(
            i
            for i in range(ws.seal_list.count())
            if ws.choices[ws.seal_list.item(i).data(Qt.ItemDataRole.UserRole)] is seal
        )
    )
    # a placed seal resized to 30 mm through the size box (aspect kept), top-left where it was
    item = ws.place_seal(seal, 0, 120, 200)
    assert ws.size_spin.isEnabled() and ws.size_spin.value() == pytest.approx(seal.width_mm)
    ws.size_spin.setValue(30.0)
    assert item.size_mm == 30.0
    assert item.height_mm == pytest.approx(30.0 * seal.height_mm / seal.width_mm)
    ws.size_spin.setValue(90.0)  # beyond the allowed sizes: held at 60 mm
    assert item.size_mm == 60.0
    ws.size_spin.setValue(30.0)
    # and by its corner handle: dragging the corner outwards grows it, within the limits
    item._resize_keep_corner(200.0)
    assert item.size_mm == 60.0 and ws.size_spin.value() == 60.0
    ws.size_spin.setValue(30.0)
    assert item.placement().size_mm == 30.0
    centre_placed = (item.pos().x() + 15.0, item.pos().y() + item.height_mm / 2)

    ws.keyword.setText("page 1")
    ws.qr.setChecked(True)
    assert not ws.qr_note.isVisible()  # a PDF: no warning
    runs = ws.sign_runs()
    assert len(runs) == 1 and runs[0].keyword == "page 1" and runs[0].qr is not None

    outcome = _sign_with_pin(qtbot, window)
    assert outcome.ok, outcome.message
    out = outcome.output
    dpi = 100
    image = _render(out, 1, dpi, tmp_path / "kw-out")
    mm = 25.4 / dpi
    # the keyword's seal: centred on the words (found in the source with PyMuPDF)
    with pymupdf.open(source) as doc:
        rect = doc[0].search_for("page 1")[0]
    kx, ky = (rect.x0 + rect.x1) / 2 * 25.4 / 72, (rect.y0 + rect.y1) / 2 * 25.4 / 72
    left = image.crop((0, 0, int(110 / mm), int(70 / mm)))
    box = _red_box_of(left)
    assert box is not None, "no seal at the keyword"
    assert abs((box[0] + box[2]) / 2 * mm - kx) < 1.5
    assert abs((box[1] + box[3]) / 2 * mm - ky) < 1.5
    # the resized seal: 30 mm wide, centred where it was
    right = image.crop((int(100 / mm), int(180 / mm), image.width, int(260 / mm)))
    box = _red_box_of(right)
    assert box is not None, "no resized seal"
    assert abs((box[2] - box[0]) * mm - 30.0) < 1.0
    assert abs(100 + (box[0] + box[2]) / 2 * mm - centre_placed[0]) < 1.0
    assert abs(180 + (box[1] + box[3]) / 2 * mm - centre_placed[1]) < 1.0
    # the QR code reads back
    codes = zxingcpp.read_barcodes(_render(out, 1, 200, tmp_path / "kw-qr"))
    assert len(codes) == 1 and codes[0].text.startswith("SEALDESK1;")


def test_the_qr_option_says_it_is_for_pdf_only(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.ofd_factory import make_ofd

    ws = window.workspace
    ofd = tmp_path / "r.ofd"
    ofd.write_bytes(make_ofd(1))
    with qtbot.waitSignal(ws.first_page_shown, timeout=10000):
        ws.open_file(ofd)
    assert not ws.qr.isEnabled() and "PDF" in ws.qr.toolTip()
    _open_batch(qtbot, ws, [make_pdf(tmp_path / "p.pdf", pages=1), ofd])
    assert ws.qr.isEnabled()
    ws.qr.setChecked(True)
    ws._update_buttons()
    assert ws.qr_note.isVisible() and "OFD" in ws.qr_note.text()


def test_pulling_the_key_mid_batch_stops_cleanly(token_copy: DemoKey, tmp_path: Path) -> None:
    """In its own process: SoftHSM2 reads its configuration once per process, and this test
    deletes the (copied) key's token folder while the batch runs."""
    env = {
        **os.environ,
        "SOFTHSM2_CONF": str(token_copy.softhsm_conf),
        UNPLUG_INNER: str(token_copy.folder),
        CHILD_TEST_ENV: "1",
        UNPLUG_INNER + "_MODULE": token_copy.module_path,
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"{__file__}::test_unplug_inner",
        ],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout


@pytest.mark.child_process
def test_unplug_inner(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Run by test_pulling_the_key_mid_batch_stops_cleanly in a process of its own."""
    demo_folder = Path(os.environ[UNPLUG_INNER])
    module_path = os.environ[UNPLUG_INNER + "_MODULE"]
    window = sign_window(qtbot, module_path)
    ws = window.workspace
    paths = [make_pdf(tmp_path / f"u{i}.pdf", pages=1) for i in range(3)]
    _open_batch(qtbot, ws, paths)
    seal = _demo_seal(ws)
    ws.place_seal(seal, 0, 40, 40)

    def unplug_after_first(index: int, kind: str, _message: str) -> None:
        if index == 0 and kind == "ok":  # on the worker, before the second file starts
            for d in (demo_folder / "tokens").iterdir():
                shutil.rmtree(d)

    window.service.sign_file.connect(unplug_after_first, Qt.ConnectionType.DirectConnection)
    outcome = _sign_with_pin(qtbot, window)
    assert outcome.kind == "token_removed", outcome
    # a clear message, in the window (no dialog, no traceback)
    assert "拔出" in ws.message.text() and "Traceback" not in ws.message.text()
    assert [k for k, _t in _queue(ws)] == ["ok", "token_removed", "token_removed"]
    # the file finished before the unplug is whole; nothing else was written, not even a part
    written = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("u") and "_" in p.name)
    assert written == ["u0_signed.pdf"]
    assert not ws.progress_box.isVisible()
    # the session is gone and the window still works: the key shows as absent, another file
    # opens, and signing says to plug the key in rather than failing
    assert window.service.session_label is None
    qtbot.waitUntil(lambda: not window.service.last.tokens, timeout=10000)
    # SoftHSM2 answers "general error" for a vanished token folder; a real key is just absent
    assert "插入" in window.home.status.text()
    with qtbot.waitSignal(ws.first_page_shown, timeout=10000):
        ws.open_file(make_pdf(tmp_path / "later.pdf", pages=1))
    ws.add_seal_image("图片章", seal.png, seal.width_mm, seal.height_mm)
    ws.place_seal(next(c for c in ws.choices.values() if c.name == "图片章"), 0, 40, 40)
    ws.finish_signing()
    assert ws.message.text() == i18n.tr("gui.key_absent")
    window.close()
    window.service.shutdown()


def test_login_on_home_then_sign_without_pin_and_change_pin(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from sealdesk.app.demo import DEMO_TOKEN_LABEL

    home, ws, service = window.home, window.workspace, window.service
    window.show_page("home")
    home.verify_button.click()
    with qtbot.waitSignal(service.pin_result, timeout=10000) as blocker:
        home.pin_dialog.edit.setText(DEMO_USER_PIN)
        home.pin_dialog.accept()
    assert blocker.args[0] and "已登录" in home.pin_feedback.text()
    assert home.logout_button.isEnabled() and service.has_session(DEMO_TOKEN_LABEL)

    window.show_page("sign")
    with qtbot.waitSignal(ws.first_page_shown, timeout=10000):
        ws.open_file(make_pdf(tmp_path / "h.pdf", pages=1))
    ws.place_seal(_demo_seal(ws), 0, 20, 20)
    ws.pin_dialog = None
    with qtbot.waitSignal(ws.signed, timeout=60000):
        press_sign(qtbot, ws)
    assert ws.pin_dialog is None  # no PIN asked: the home page's login serves
    assert (tmp_path / "h_signed.pdf").is_file()

    # change PIN: two different new PINs are refused in the dialog, before the key
    home.change_pin_button.click()
    dialog = home.change_dialog
    dialog.old.setText(DEMO_USER_PIN)
    dialog.new.setText("24681357")
    dialog.again.setText("24681358")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and "不一致" in dialog.problem.text()
    # a wrong current PIN: said, and the dialog comes back
    dialog.old.setText("00000000")
    dialog.again.setText("24681357")
    with qtbot.waitSignal(service.pin_changed, timeout=10000) as blocker:
        dialog.buttons.accepted.emit()
    assert not blocker.args[0] and "PIN 码错误" in home.pin_feedback.text()
    assert home.change_dialog is not dialog and "PIN 码错误" in home.change_dialog.problem.text()
    assert not service.has_session(DEMO_TOKEN_LABEL)  # changing logs out first
    home.change_dialog.old.setText(DEMO_USER_PIN)
    home.change_dialog.new.setText("24681357")
    home.change_dialog.again.setText("24681357")
    try:
        with qtbot.waitSignal(service.pin_changed, timeout=10000) as blocker:
            home.change_dialog.buttons.accepted.emit()
        assert blocker.args[0] and "已修改" in home.pin_feedback.text()
        with qtbot.waitSignal(service.pin_result, timeout=10000) as blocker:
            service.verify_pin(DEMO_TOKEN_LABEL, "24681357")
        assert blocker.args[0]
    finally:
        with qtbot.waitSignal(service.pin_changed, timeout=10000) as blocker:
            service.change_pin(DEMO_TOKEN_LABEL, "24681357", DEMO_USER_PIN)
    assert blocker.args[0]
