"""文件记录 (thumbnails, delete) and 印章 (write into the key with the PIN, delete from the key).
Qt offscreen; the seal tests use a private copy of the demo key."""

from __future__ import annotations

from pathlib import Path

import pytest

from sealdesk.desktop import i18n
from sealdesk.desktop.gui.records import Record, RecordsPage, load_records
from tests.signing.test_pdf_sign import make_pdf


@pytest.fixture(autouse=True)
def _own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEALDESK_CONFIG_DIR", str(tmp_path / "config"))
    (tmp_path / "data").mkdir()  # Qt's trash needs the data folder to exist (it does on desktops)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the trash goes here
    i18n.set_language("zh")


def _record(path: Path) -> Record:
    return Record(path.name, str(path), "", 1, "单位", "章", "2026-01-01 10:00")


def test_records_show_thumbnails_and_delete(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a = make_pdf(tmp_path / "a_signed.pdf", pages=1)
    b = make_pdf(tmp_path / "b_signed.pdf", pages=2)
    gone = tmp_path / "gone_signed.pdf"
    page = RecordsPage()
    qtbot.addWidget(page)
    page.show()
    for path in (gone, b, a):
        with qtbot.waitSignal(page.worker._finished, timeout=5000):
            page.add(_record(path))
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
    with qtbot.waitSignal(page.worker._finished, timeout=5000):
        page.delete([page.records[0]], also_file=False)
    assert [r.name for r in page.records] == ["b_signed.pdf", "gone_signed.pdf"]
    assert a.is_file() and "文件保留" in page.feedback.text()
    with qtbot.waitSignal(page.worker._finished, timeout=5000):
        page.delete([page.records[0]], also_file=True)
    assert [r.name for r in page.records] == ["gone_signed.pdf"], page.feedback.text()
    assert not b.exists()
    assert [p.name for p in (tmp_path / "data" / "Trash" / "files").iterdir()] == ["b_signed.pdf"]
    assert [r.name for r in load_records()] == ["gone_signed.pdf"]  # on disk too
    page.shutdown()
