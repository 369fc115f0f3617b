"""GUI tests run as the application does: cycles collected on the GUI thread
(desktop.gui.collector), Qt's own words in Chinese (in English for a test that asks for the
``english`` fixture)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHILD_TEST_ENV = "SEALDESK_CHILD_TEST"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked child_process are parts of another test, run in a process it starts with
    CHILD_TEST_ENV set."""
    if os.environ.get(CHILD_TEST_ENV):
        return
    children = [i for i in items if i.get_closest_marker("child_process")]
    if children:
        config.hook.pytest_deselected(items=children)
        items[:] = [i for i in items if i not in children]


@pytest.fixture(autouse=True)
def _own_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each window test starts as on a fresh computer: its own settings, window geometry and
    platform session (a worker process runs other directories' tests first, whose logins and
    last server would otherwise show in its window)."""
    monkeypatch.setenv("SEALDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))


@pytest.fixture
def english() -> None:
    """The application started in English (the language setting): asked for by a GUI test, the
    fixture below installs the English translators instead of the Chinese ones, so Qt's own
    words (OK, Cancel) stay English as they do for a person who chose English."""


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    if "qtbot" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("qapp")
    from sealdesk.desktop import i18n
    from sealdesk.desktop.gui.app import install_qt_translations
    from sealdesk.desktop.gui.collector import GuiThreadCollector

    collector = GuiThreadCollector()
    english = "english" in request.fixturenames
    if english:
        i18n.set_language("en")
    translators = install_qt_translations(app)
    try:
        yield
    finally:
        collector.stop()
        collector.deleteLater()
        for translator in translators:
            app.removeTranslator(translator)
        i18n.use_qt_translations(None)
        if english:
            i18n.set_language("zh")
