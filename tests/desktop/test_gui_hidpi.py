"""The signing workspace on a 200 % screen (QT_SCALE_FACTOR=2, Qt offscreen, in a child
process since the scale is fixed when Qt starts): pages are rendered at device pixels, not
upscaled; a 42 mm seal still shows as 42 mm at 100 %; a seal dropped at a point is signed
there (pdftoppm, within 1 mm)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import require
from tests.signing.test_pdf_sign import _red_box_of, _render, make_pdf

ROOT = Path(__file__).resolve().parents[2]
CENTRE_MM = (70.0, 95.0)  # where the seal's centre is dropped on page 1


def _red_columns(image: object) -> tuple[int, int, int, int] | None:
    """The bounding box of the seal's red pixels in a QImage (device pixels)."""
    from PySide6.QtGui import QImage

    assert isinstance(image, QImage)
    xs, ys = [], []
    for y in range(0, image.height(), 2):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if c.red() > 180 and c.green() < 90 and c.blue() < 90:
                xs.append(x)
                ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def child(pdf: Path, module_path: str, report: Path) -> None:
    """Runs in the child process at scale 2; writes what it saw to ``report`` (JSON)."""
    from PySide6.QtCore import QPointF
    from PySide6.QtWidgets import QApplication

    from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_USER_PIN
    from sealdesk.app.settings import Settings
    from sealdesk.desktop.gui.collector import GuiThreadCollector
    from sealdesk.desktop.gui.key_service import KeyService
    from sealdesk.desktop.gui.main_window import MainWindow
    from tests.desktop.test_gui_sign import _drop

    app = QApplication([])
    collector = GuiThreadCollector(app)

    def wait(done: Callable[[], object], timeout: float = 30.0) -> None:
        end = time.monotonic() + timeout
        while not done():
            assert time.monotonic() < end, "timed out"
            app.processEvents()
            time.sleep(0.01)

    seen: dict[str, object] = {}
    service = KeyService(module_option=module_path, settings=Settings())
    window = MainWindow(service)
    window.resize(1180, 780)
    window.show()
    service.refresh()
    wait(lambda: service.last is not None)
    window.show_page("sign")
    ws = window.workspace
    ws.open_file(pdf)
    wait(lambda: bool(ws.pages) and ws.pages[0].picture is not None)
    dpr = ws.view.devicePixelRatioF()
    seen["dpr"] = dpr
    key = next(k for k, c in ws.choices.items() if c.name == DEMO_SEAL_NAME)
    seal = ws.choices[key]
    seen["seal_mm"] = seal.width_mm
    seen["seal_height_mm"] = seal.height_mm

    # at 100 %: the page's pixmap has the screen's pixels; a seal shows at its true size
    ws.set_zoom(1.0)
    page = ws.pages[0]
    wait(lambda: page.resolution == round(ws.scale() * dpr, 3))
    assert page.picture is not None
    pixmap = page.picture.pixmap()
    seen["pixmap_dpr"] = pixmap.devicePixelRatio()
    seen["pixmap_px"] = [pixmap.width(), pixmap.height()]
    seen["page_logical"] = [page.width_mm * ws.scale(), page.height_mm * ws.scale()]
    shown = page.picture.mapRectToScene(page.picture.boundingRect())
    seen["picture_mm"] = [shown.width(), shown.height()]
    seen["page_mm"] = [page.width_mm, page.height_mm]
    seen["logical_px_per_mm"] = ws.screen_px_per_mm()
    ws.place_seal(seal, 0, 20, 20)
    ws.go_to_page(0)
    ws.scene.clearSelection()
    app.processEvents()
    grab = ws.view.viewport().grab()
    seen["grab_dpr"] = grab.devicePixelRatio()
    seen["seal_box_device_px"] = _red_columns(grab.toImage())
    ws.delete_selected()
    for item in ws.seal_items():
        ws.scene.removeItem(item)

    # a drop at 50 %, measured from the page's corner in the view, signed through the dialog
    ws.set_zoom(0.5)
    wait(lambda: page.resolution == round(ws.scale() * dpr, 3))
    ws.view.verticalScrollBar().setValue(0)
    app.processEvents()
    corner = ws.view.mapFromScene(page.scenePos())
    px_per_mm = ws.scale()
    point = QPointF(corner.x() + CENTRE_MM[0] * px_per_mm, corner.y() + CENTRE_MM[1] * px_per_mm)
    _drop(ws, key, point)
    seen["placement"] = [ws.seal_items()[0].placement().x_mm, ws.seal_items()[0].placement().y_mm]
    signed: list[object] = []
    ws.signed.connect(signed.append)
    ws.finish_signing()
    wait(lambda: ws.confirm_dialog is not None and ws.confirm_dialog.isVisible(), timeout=60)
    ws.confirm_dialog.accept()
    assert ws.pin_dialog is not None
    ws.pin_dialog.edit.setText(DEMO_USER_PIN)
    ws.pin_dialog.accept()
    wait(lambda: bool(signed), timeout=60)
    seen["output"] = str(signed[0].output)  # type: ignore[attr-defined]
    report.write_text(json.dumps(seen))
    window.close()
    service.shutdown()
    collector.stop()


def test_a_200_percent_screen_renders_crisp_and_places_true(
    demo_key,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    require(shutil.which("pdftoppm") is not None, "poppler-utils")
    pdf = make_pdf(tmp_path / "合同.pdf", pages=2)
    report = tmp_path / "report.json"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_SCALE_FACTOR": "2",
        "PYTHONPATH": str(ROOT),
        "SEALDESK_CONFIG_DIR": str(tmp_path / "config"),
        "SEALDESK_LANG": "zh",
    }
    run = subprocess.run(
        [sys.executable, __file__, str(pdf), demo_key.module_path, str(report)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    seen = json.loads(report.read_text())
    assert seen["dpr"] == 2.0 and seen["grab_dpr"] == 2.0

    # the page's pixmap: device pixels (2 per logical pixel), shown exactly over the page
    assert seen["pixmap_dpr"] == 2.0
    for px, logical in zip(seen["pixmap_px"], seen["page_logical"], strict=True):
        assert abs(px - 2 * logical) <= 2, (px, logical)
    for shown_mm, page_mm in zip(seen["picture_mm"], seen["page_mm"], strict=True):
        assert abs(shown_mm - page_mm) < 0.01

    # true size in logical units at 100 %: the seal's red pixels span its width in mm
    box = seen["seal_box_device_px"]
    assert box is not None, "the seal is not in the view"
    width_mm = (box[2] - box[0] + 1) / 2 / seen["logical_px_per_mm"]
    assert abs(width_mm - seen["seal_mm"]) < 1.0, (width_mm, seen["seal_mm"])

    # the drop maps to the signed file within 1 mm
    x, y = seen["placement"]
    assert abs(x + seen["seal_mm"] / 2 - CENTRE_MM[0]) < 0.5
    assert abs(y + seen["seal_height_mm"] / 2 - CENTRE_MM[1]) < 0.5
    dpi = 150
    red = _red_box_of(_render(Path(seen["output"]), 1, dpi, tmp_path / "page"))
    assert red is not None, "no seal on the signed page"
    mm = 25.4 / dpi
    cx, cy = (red[0] + red[2]) / 2 * mm, (red[1] + red[3]) / 2 * mm
    assert abs(cx - CENTRE_MM[0]) < 1.0, (cx, CENTRE_MM)
    assert abs(cy - CENTRE_MM[1]) < 1.0, (cy, CENTRE_MM)


if __name__ == "__main__":
    child(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
