"""GUI tests run as the application does: cycles collected on the GUI thread
(desktop.gui.collector), Qt's own words in Chinese."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    if "qtbot" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("qapp")
    from sealdesk.desktop.gui.app import install_qt_translations
    from sealdesk.desktop.gui.collector import GuiThreadCollector

    collector = GuiThreadCollector()
    translator = install_qt_translations(app)
    try:
        yield
    finally:
        collector.stop()
        collector.deleteLater()
        if translator is not None:
            app.removeTranslator(translator)
