"""设置: the PKCS#11 module (detected or chosen, with a test), trust roots, language, the
output folder. Stored with platformdirs (desktop.settings); never a secret."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sealdesk.app.settings import Settings, save_settings, settings_path
from sealdesk.desktop import i18n
from sealdesk.desktop.gui.key_service import KeyService
from sealdesk.desktop.gui.worker import Worker, message_of
from sealdesk.desktop.i18n import tr


class SettingsPage(QWidget):
    """Edits a copy of the settings; 保存 writes them and applies what can be applied now."""

    saved = Signal(object)  # Settings

    def __init__(self, service: KeyService, settings: Settings) -> None:
        super().__init__()
        self.service = service
        self.settings = settings
        self.worker = Worker("sealdesk-settings", self)
        self.module = QLineEdit(settings.pkcs11_module or "")
        self.module.setPlaceholderText(tr("gui.module_auto"))
        browse = QPushButton(tr("gui.browse"))
        browse.clicked.connect(self._choose_module)
        self.test_button = QPushButton(tr("gui.test_module"))
        self.test_button.clicked.connect(self.test_module)
        module_row = QHBoxLayout()
        module_row.addWidget(self.module, 1)
        module_row.addWidget(browse)
        module_row.addWidget(self.test_button)

        self.roots, roots_row = self._certificate_list(settings.trust_roots, "gui.set_roots")
        self.makers, makers_row = self._certificate_list(settings.seal_makers, "gui.set_makers")
        makers_note = QLabel(tr("gui.makers_note"))
        makers_note.setWordWrap(True)
        makers_note.setStyleSheet("color: #666;")
        makers_box = QVBoxLayout()
        makers_box.addLayout(makers_row)
        makers_box.addWidget(makers_note)
        self.demo_mode = QCheckBox(tr("gui.demo_mode"))
        self.demo_mode.setChecked(settings.demo_mode)
        self.demo_mode.setAccessibleName(tr("gui.demo_mode"))
        demo_note = QLabel(tr("gui.demo_note"))
        demo_note.setWordWrap(True)
        demo_note.setStyleSheet("color: #666;")
        demo_box = QVBoxLayout()
        demo_box.addWidget(self.demo_mode)
        demo_box.addWidget(demo_note)

        self.language = QComboBox()
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(1 if (settings.language or i18n.language()) == "en" else 0)

        self.output = QLineEdit(settings.output_dir or "")
        self.output.setPlaceholderText(tr("gui.output_beside"))
        choose_output = QPushButton(tr("gui.browse"))
        choose_output.clicked.connect(self._choose_output)
        output_row = QHBoxLayout()
        output_row.addWidget(self.output, 1)
        output_row.addWidget(choose_output)

        form = QFormLayout()
        form.addRow(tr("gui.set_module"), module_row)
        form.addRow(tr("gui.set_roots"), roots_row)
        form.addRow(tr("gui.set_makers"), makers_box)
        form.addRow(tr("gui.set_demo"), demo_box)
        form.addRow(tr("gui.set_language"), self.language)
        form.addRow(tr("gui.set_output"), output_row)
        self.pin_every_time = QCheckBox(tr("gui.pin_every_time"))
        self.pin_every_time.setChecked(settings.pin_every_time)
        pin_note = QLabel(tr("gui.pin_policy_note"))
        pin_note.setWordWrap(True)
        pin_note.setStyleSheet("color: #666;")
        pin_box = QVBoxLayout()
        pin_box.addWidget(self.pin_every_time)
        pin_box.addWidget(pin_note)
        form.addRow(tr("gui.set_pin_policy"), pin_box)

        save = QPushButton(tr("gui.save"))
        save.clicked.connect(self.save)
        self.feedback = QLabel("")
        self.feedback.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(save)
        bottom.addWidget(self.feedback, 1)
        path = str(settings_path())
        # a path has no spaces to wrap at: a zero-width space after each separator lets a long
        # one wrap instead of keeping the window wide; the tooltip has it as it is
        wrappable = path.replace("/", "/\u200b").replace("\\", "\\\u200b")
        where = QLabel(tr("gui.settings_file", path=wrappable))
        where.setWordWrap(True)
        where.setToolTip(path)
        where.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(bottom)
        layout.addStretch(1)
        layout.addWidget(where)

    def current(self) -> Settings:
        return dataclasses.replace(
            self.settings,
            pkcs11_module=self.module.text().strip() or None,
            trust_roots=tuple(self.roots.item(i).text() for i in range(self.roots.count())),
            seal_makers=tuple(self.makers.item(i).text() for i in range(self.makers.count())),
            demo_mode=self.demo_mode.isChecked(),
            language=self.language.currentData(),
            output_dir=self.output.text().strip() or None,
            pin_every_time=self.pin_every_time.isChecked(),
        )

    def _choose_module(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("gui.set_module"))
        if name:
            self.module.setText(name)

    def _choose_output(self) -> None:
        name = QFileDialog.getExistingDirectory(self, tr("gui.set_output"))
        if name:
            self.output.setText(name)

    def _certificate_list(
        self, files: tuple[str, ...], title: str
    ) -> tuple[QListWidget, QHBoxLayout]:
        """A list of certificate files with 添加 / 移除 beside it."""
        listing = QListWidget()
        listing.addItems(list(files))
        listing.setMaximumHeight(90)
        listing.setAccessibleName(tr(title))
        add = QPushButton(tr("gui.add"))

        def choose() -> None:
            names, _ = QFileDialog.getOpenFileNames(
                self, tr(title), "", tr("gui.cert_filter") + " (*.pem *.crt *.cer *.der)"
            )
            listing.addItems(names)

        add.clicked.connect(choose)
        remove = QPushButton(tr("gui.remove"))
        remove.clicked.connect(lambda: listing.takeItem(listing.currentRow()))
        buttons = QVBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(listing, 1)
        row.addLayout(buttons)
        return listing, row

    def test_module(self) -> None:
        """Load the module typed here on the key worker and say what it finds; the running
        module changes only when the settings are saved."""
        settings = self.current()
        self.feedback.setStyleSheet("color: #1a5fb4;")
        self.feedback.setText(tr("gui.module_testing"))
        # a bound method: the call is queued to the GUI thread
        self.service.module_tested.connect(self._tested)
        self.service.test_module(settings.pkcs11_module, settings)

    def _tested(self, found: str, problem: str) -> None:
        self.service.module_tested.disconnect(self._tested)
        self.feedback.setStyleSheet(f"color: {'#c62828' if problem else '#1a7f37'};")
        self.feedback.setText(problem or found)

    def save(self) -> None:
        settings = self.current()

        def done(_r: object) -> None:
            language_changed = settings.language != self.settings.language
            self.settings = settings
            self.feedback.setStyleSheet("color: #1a7f37;")
            self.feedback.setText(
                tr("gui.saved") + (" " + tr("gui.restart_for_language") if language_changed else "")
            )
            self.saved.emit(settings)

        def failed(e: BaseException) -> None:
            self.feedback.setStyleSheet("color: #c62828;")
            self.feedback.setText(message_of(e))

        self.worker.submit(lambda: save_settings(settings), done, failed)

    def shutdown(self) -> None:
        self.worker.shutdown(wait=True)
