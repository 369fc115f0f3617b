"""Starting the GUI."""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from sealdesk.app.settings import Settings
from sealdesk.desktop import i18n
from sealdesk.desktop.gui.collector import GuiThreadCollector
from sealdesk.desktop.gui.key_service import KeyService
from sealdesk.desktop.gui.main_window import PAGES, MainWindow


def install_qt_translations(app: QApplication) -> list[QTranslator]:
    """The window's words through Qt's translators, in the interface's language: ours are
    written in Chinese (desktop.i18n) and come in English from resources/i18n/sealdesk_en.qm;
    Qt's own (OK, Cancel, the file dialogs) come in Chinese from the qtbase translations
    PySide6 ships. Returns the translators installed."""
    chinese = i18n.language() == "zh"
    QLocale.setDefault(
        QLocale(QLocale.Language.Chinese, QLocale.Country.China)
        if chinese
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    )
    installed = []
    translator = QTranslator(app)
    if chinese:
        loaded = translator.load(
            "qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        )
    else:
        qm = resources.files("sealdesk.resources").joinpath("i18n", "sealdesk_en.qm")
        with resources.as_file(qm) as path:
            loaded = translator.load(str(path))
    if loaded:
        app.installTranslator(translator)
        installed.append(translator)
    i18n.use_qt_translations(
        lambda text, key: QCoreApplication.translate(i18n.QT_CONTEXT, text, key)
    )
    return installed


def _when_exposed(window: MainWindow, then: Callable[[], object], waited: int = 0) -> None:
    """Call ``then`` once the window is on screen (or after two seconds whatever happens)."""
    handle = window.windowHandle()
    if (handle is not None and handle.isExposed()) or waited >= 2000:
        then()
        return
    QTimer.singleShot(10, lambda: _when_exposed(window, then, waited + 10))


def run_gui(
    *,
    module_option: str | None,
    settings: Settings,
    screenshot: Path | None = None,
    quit_after: float | None = None,
    close_after_screenshot: bool = False,
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
        window.screenshot_after_snapshot(screenshot, then_close=close_after_screenshot)
    window.show()
    # the key layer (python-pkcs11, pyscard) loads on worker threads; started once the window
    # is on screen, so that they do not compete with it for the interpreter while it appears
    _when_exposed(window, lambda: (service.refresh(), service.start_watching()))
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
