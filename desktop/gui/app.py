"""Starting the GUI."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from sealdesk.desktop import i18n
from sealdesk.desktop.gui.collector import GuiThreadCollector
from sealdesk.desktop.gui.key_service import KeyService
from sealdesk.desktop.gui.main_window import PAGES, MainWindow
from sealdesk.desktop.settings import Settings


def install_qt_translations(app: QApplication) -> QTranslator | None:
    """Qt's own words (OK, Cancel, the file dialogs, context menus) in the interface's
    language, from the translations PySide6 ships; ours come from desktop.i18n."""
    if i18n.language() != "zh":
        return None
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_zh_CN", folder):
        return None
    app.installTranslator(translator)
    return translator


def run_gui(
    *,
    module_option: str | None,
    settings: Settings,
    screenshot: Path | None = None,
    quit_after: float | None = None,
    page: str | None = None,
    files: list[Path] | None = None,
) -> int:
    """Open the main window and run the event loop; returns the exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("SealDesk")
    app.setOrganizationName("SealDesk")
    collector = GuiThreadCollector(app)
    install_qt_translations(app)
    service = KeyService(module_option=module_option, settings=settings)
    window = MainWindow(service, settings)
    if page in PAGES:
        window.show_page(page)
    if screenshot is not None:
        # after the first key snapshot has been painted (a bound method of the window: the
        # call is queued to the GUI thread, whichever thread emits)
        window.screenshot_after_snapshot(screenshot)
    window.show()
    service.refresh()
    service.start_watching()
    for path in files or []:
        if path.suffix.lower() in (".pdf", ".ofd"):
            window.open_paths(str(path))
    if quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), window.close)
    try:
        return app.exec()
    finally:
        service.shutdown()
        collector.stop()
