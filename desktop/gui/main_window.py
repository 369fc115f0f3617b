"""The single window: a side navigation over the pages users know from the platform
(首页, 文件签章, 签章验证, 印章, 文件记录, 平台, 印控, 设置), a menu, the key's state in the status
bar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from sealdesk.app.settings import Settings, config_dir
from sealdesk.desktop.gui.home_page import HomePage
from sealdesk.desktop.gui.key_service import KeyService, KeySnapshot
from sealdesk.desktop.gui.keyboard import keyboard_ready
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    from sealdesk.desktop.gui.key_service import FileOutcome
    from sealdesk.desktop.gui.platform_page import PlatformPage
    from sealdesk.desktop.gui.records import RecordsPage
    from sealdesk.desktop.gui.sealbox_page import SealboxPage
    from sealdesk.desktop.gui.seals_page import SealsPage
    from sealdesk.desktop.gui.settings_page import SettingsPage
    from sealdesk.desktop.gui.verify_page import VerifyPage
    from sealdesk.desktop.gui.workspace import Workspace

PAGES = ("home", "sign", "verify", "seals", "records", "platform", "sealbox", "settings")
ICONS = {
    "home": "⌂",
    "sign": "✍",
    "verify": "✔",
    "seals": "◉",
    "records": "☰",
    "platform": "☁",
    "sealbox": "▣",
    "settings": "⚙",
}
MAX_RECENT = 8


def window_state() -> QSettings:
    """Geometry and recent files: an INI file beside settings.toml (not the registry)."""
    return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    """SealDesk's one window."""

    def __init__(self, service: KeyService, settings: Settings | None = None) -> None:
        super().__init__()
        self.service = service
        self.settings = settings or Settings()
        self._show_title()

        # 首页 is built now; the other pages (and their imports) when first shown or used, so
        # that the window shows at once
        self.home = HomePage(service)
        keyboard_ready(self.home)
        self.home.keep_login = not self.settings.pin_every_time
        self.home.approvals.open_requested.connect(self.show_applications)
        self.pages: dict[str, QWidget] = {"home": self.home}

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(150)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setStyleSheet(
            "QListWidget#nav { background: #2b2f36; color: #e8e8e8; border: none;"
            " font-size: 15px; padding-top: 8px; }"
            " QListWidget#nav::item { padding: 10px 12px; }"
            " QListWidget#nav::item:selected { background: #c62828; color: white; }"
            " QListWidget#nav:focus { outline: none; }"
            " QListWidget#nav::item:selected:focus { border-left: 4px solid #f6d32d; }"
        )
        # the arrow keys switch pages here (also Alt+1…8 from anywhere); Tab enters the page
        self.nav.setAccessibleName(tr("gui.navigation"))
        self.stack = QStackedWidget()
        for name in PAGES:
            item = QListWidgetItem(f"{ICONS[name]}  {tr('nav.' + name)}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.nav.addItem(item)
            self.stack.addWidget(self.home if name == "home" else QWidget())
        self.nav.currentRowChanged.connect(self._nav_changed)
        self.nav.setCurrentRow(0)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.setFocus()  # a keyboard user starts in the navigation

        self.key_label = QLabel(tr("gui.busy"))
        self.statusBar().addWidget(self.key_label, 1)
        self._menus()

        service.snapshot.connect(self._key_status)

        geometry = window_state().value("main/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1180, 780)

    # --- menus -------------------------------------------------------------------------------

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu(tr("menu.file"))
        open_action = QAction(tr("gui.open_file"), self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self._open_here)
        file_menu.addAction(open_action)
        verify_action = QAction(tr("gui.open_to_verify"), self)
        verify_action.triggered.connect(
            lambda: (self.show_page("verify"), self.verify.choose_files())
        )
        file_menu.addAction(verify_action)
        self.recent_menu = file_menu.addMenu(tr("menu.recent"))
        self._fill_recent()
        file_menu.addSeparator()
        quit_action = QAction(tr("menu.quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(tr("menu.view"))
        for text, keys, slot in (
            (tr("gui.zoom_in"), QKeySequence.StandardKey.ZoomIn, lambda: self.workspace.zoom_by(1)),
            (
                tr("gui.zoom_out"),
                QKeySequence.StandardKey.ZoomOut,
                lambda: self.workspace.zoom_by(-1),
            ),
            (tr("gui.true_size"), QKeySequence("Ctrl+0"), lambda: self.workspace.set_zoom(1.0)),
            (tr("gui.fit_width"), QKeySequence("Ctrl+2"), lambda: self.workspace.fit_width()),
        ):
            action = QAction(text, self)
            action.setShortcut(keys)
            action.triggered.connect(slot)
            view_menu.addAction(action)
        view_menu.addSeparator()
        for n, name in enumerate(PAGES, 1):
            action = QAction(tr("nav." + name), self)
            action.setShortcut(QKeySequence(f"Alt+{n}"))
            action.triggered.connect(lambda _c=False, name=name: self.show_page(name))
            view_menu.addAction(action)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = window_state().value("recent", []) or []
        if isinstance(recent, str):
            recent = [recent]
        for path in recent:
            action = QAction(Path(path).name, self)
            action.setToolTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_paths(p))
            self.recent_menu.addAction(action)
        self.recent_menu.setEnabled(bool(recent))

    def _remember_recent(self, path: str) -> None:
        state = window_state()
        recent = state.value("recent", []) or []
        if isinstance(recent, str):
            recent = [recent]
        recent = [path, *(p for p in recent if p != path)][:MAX_RECENT]
        state.setValue("recent", recent)
        self._fill_recent()

    # --- pages, built when first needed ------------------------------------------------------

    def page(self, name: str) -> QWidget:
        """The page ``name``, built (and put in its place in the stack) on first use."""
        built = self.pages.get(name)
        if built is not None:
            return built
        built = self._build(name)
        keyboard_ready(built)
        self.pages[name] = built
        index = PAGES.index(name)
        placeholder = self.stack.widget(index)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, built)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self.stack.setCurrentIndex(current)
        return built

    def _build(self, name: str) -> QWidget:
        if name == "sign":
            from sealdesk.desktop.gui.workspace import Workspace

            workspace = Workspace(self.service)
            workspace.output_dir = self.settings.output_dir
            workspace.pin_every_time = self.settings.pin_every_time
            workspace.signed.connect(self._signed)
            workspace.opened.connect(self._remember_recent)
            workspace.verify_requested.connect(self.verify_paths)
            return workspace
        if name == "verify":
            from sealdesk.desktop.gui.verify_page import VerifyPage

            return VerifyPage(self.settings)
        if name == "seals":
            from sealdesk.desktop.gui.seals_page import SealsPage

            seals = SealsPage(self.service)
            seals.use_requested.connect(self._use_seal)
            return seals
        if name == "records":
            from sealdesk.desktop.gui.records import RecordsPage

            records = RecordsPage()
            records.open_requested.connect(self.open_paths)
            records.verify_requested.connect(self.verify_paths)
            return records
        if name == "platform":
            from sealdesk.desktop.gui.platform_page import PlatformPage

            platform_page = PlatformPage(self.service)
            platform_page.keep_login = not self.settings.pin_every_time
            return platform_page
        if name == "sealbox":
            from sealdesk.desktop.gui.sealbox_page import SealboxPage

            sealbox_page = SealboxPage()
            sealbox_page.login_requested.connect(lambda: self.show_page("platform"))
            return sealbox_page
        if name == "settings":
            from sealdesk.desktop.gui.settings_page import SettingsPage

            page = SettingsPage(self.service, self.settings)
            page.saved.connect(self._settings_saved)
            return page
        raise KeyError(name)

    def _nav_changed(self, row: int) -> None:
        if row >= 0:
            self.page(PAGES[row])
            self.stack.setCurrentIndex(row)

    @property
    def workspace(self) -> Workspace:
        return self.page("sign")  # type: ignore[return-value]

    @property
    def verify(self) -> VerifyPage:
        return self.page("verify")  # type: ignore[return-value]

    @property
    def seals(self) -> SealsPage:
        return self.page("seals")  # type: ignore[return-value]

    @property
    def records(self) -> RecordsPage:
        return self.page("records")  # type: ignore[return-value]

    @property
    def platform(self) -> PlatformPage:
        return self.page("platform")  # type: ignore[return-value]

    @property
    def sealbox(self) -> SealboxPage:
        return self.page("sealbox")  # type: ignore[return-value]

    @property
    def settings_page(self) -> SettingsPage:
        return self.page("settings")  # type: ignore[return-value]

    # --- between pages -------------------------------------------------------------------------

    def _open_here(self) -> None:
        """Ctrl+O: files to verify on the verification page, else files to sign."""
        if self.current_page() == "verify":
            self.verify.choose_files()
            return
        self.show_page("sign")
        self.workspace.choose_file()

    def current_page(self) -> str:
        return PAGES[max(self.nav.currentRow(), 0)]

    def show_page(self, name: str) -> None:
        self.nav.setCurrentRow(PAGES.index(name))

    def show_applications(self) -> None:
        """The 印控 page's 用印申请 tab (from the home page's 待我审批)."""
        self.show_page("sealbox")
        page = self.sealbox
        page.tabs.setCurrentWidget(page.applications)

    def open_paths(self, path: str) -> None:
        self.show_page("sign")
        self.workspace.open_file(Path(path))

    def verify_paths(self, path: str) -> None:
        self.show_page("verify")
        self.verify.verify_files([Path(path)])

    def _use_seal(self, name: str, png: bytes, width_mm: float, height_mm: float) -> None:
        self.workspace.add_seal_image(name, png, width_mm, height_mm)

    def _show_title(self) -> None:
        """The title says when demo roots are trusted, so nobody mistakes a demo verdict."""
        from sealdesk.app.settings import demo_mode

        demo = demo_mode(self.settings)
        self.setWindowTitle(tr("gui.title") + (" — " + tr("gui.title_demo") if demo else ""))

    def _settings_saved(self, settings: Settings) -> None:
        if settings.pkcs11_module != self.settings.pkcs11_module:
            self.service.set_module(settings.pkcs11_module, settings)
        self.settings = settings
        self._show_title()
        if "verify" in self.pages:
            self.verify.settings = settings
        if "sign" in self.pages:
            self.workspace.output_dir = settings.output_dir
            self.workspace.pin_every_time = settings.pin_every_time
        self.home.keep_login = not settings.pin_every_time
        if "platform" in self.pages:
            self.platform.keep_login = not settings.pin_every_time
        if settings.pin_every_time:
            self.service.log_out()

    def _signed(self, _outcome: FileOutcome) -> None:
        """The batch kept the records in the store: the list shows them, if it is built."""
        if "records" in self.pages:
            self.records.reload()

    def _key_status(self, snap: KeySnapshot) -> None:
        if snap.problem:
            text = "⚠ " + snap.problem
        elif not snap.tokens:
            text = "○ " + tr("gui.key_absent")
        else:
            t = snap.tokens[0]
            text = "● " + tr("gui.key_present", label=t.label, manufacturer=t.manufacturer)
            if t.pin.locked:
                text += " — " + tr("pin.locked")
        self.key_label.setText(text)

    def screenshot_after_snapshot(self, path: Path, *, then_close: bool = False) -> None:
        """Save the window as PNG shortly after the first key snapshot is shown (and close
        it then, when asked)."""
        self._screenshot = path
        self._close_after_screenshot = then_close
        self.service.snapshot.connect(self._take_screenshot)

    def _take_screenshot(self, _snap: object) -> None:
        self.service.snapshot.disconnect(self._take_screenshot)

        def take() -> None:
            self.grab().save(str(self._screenshot))
            if self._close_after_screenshot:
                self.close()

        QTimer.singleShot(600, take)

    def closeEvent(self, event: QCloseEvent) -> None:
        window_state().setValue("main/geometry", self.saveGeometry())
        for page in self.pages.values():
            shutdown = getattr(page, "shutdown", None)
            if shutdown is not None:
                shutdown()
        super().closeEvent(event)
