"""功能配置 on the 印控 page (S3:1158-1213): the 主管理员's dialog (手动配置 unticks every item,
批量配置 ticks every one, then items one by one), the 申请用印 and 下发授权 dialogs showing only
the items ticked (the others are not sent: the platform's default), and 直接使用, taking a free
box while nothing is ticked (no application, no grant by a keeper)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QRadioButton,
    QSizePolicy,
    QWidget,
)

from sealdesk.app import sealbox_features
from sealdesk.app.sealbox import BoxPending, Keeper
from sealdesk.app.sealbox_features import ALL, ITEMS, Features
from sealdesk.app.sealbox_view import ApplyValues, GrantValues
from sealdesk.desktop.gui.platform_dialogs import FormDialog
from sealdesk.desktop.gui.sealbox_common import MUTED
from sealdesk.desktop.gui.sealbox_dialogs import GrantDialog, local_minutes
from sealdesk.desktop.gui.sealbox_forms import ApplyDialog
from sealdesk.desktop.i18n import tr

if TYPE_CHECKING:
    from sealdesk.desktop.gui.sealbox_page import SealboxPage

Json = dict[str, Any]


def features_of(page: SealboxPage) -> Features:
    """The unit's 功能配置 as the page's last refresh had it (every item until then)."""
    data = page.view.features if page.view is not None else None
    return Features.from_json(data) if data else ALL


def _hide(dialog: QWidget, widgets: list[QWidget]) -> None:
    """The form rows of ``widgets`` hidden (a widget in no form row is hidden itself)."""
    forms = dialog.findChildren(QFormLayout)
    for widget in widgets:
        for form in forms:
            row, _role = form.getWidgetPosition(widget)
            if row >= 0:
                form.setRowVisible(row, False)
                break
        else:
            widget.setVisible(False)


class FeaturedApplyDialog(ApplyDialog):
    """申请用印 with the items 功能配置 does not tick left out."""

    def __init__(self, parent: QWidget | None, features: Features, *args: Any) -> None:
        super().__init__(parent, *args)
        self.features = features
        widgets = {
            "photo_required": self.photo_required,
            "department": self.department,
            "count": self.count,
            "start": self.start,
            "end": self.end,
            "area": self.area,
            "note": self.note,
            "file_code": self.file_code,
        }
        _hide(self, [w for item, w in widgets.items() if not features.on(item)])

    def values(self) -> ApplyValues:
        return sealbox_features.limit_apply(super().values(), self.features)


class FeaturedGrantDialog(GrantDialog):
    """下发授权 with the items 功能配置 does not tick left out (预先授权: direct only)."""

    def __init__(self, parent: QWidget | None, features: Features, *args: Any) -> None:
        super().__init__(parent, *args)
        self.features = features
        widgets = {
            "count": self.count,
            "start": self.start,
            "end": self.end,
            "area": self.area,
            "photo": self.photo,
            "fingerprint": self.fingerprint,
            "force_upload": self.force_upload,
            "sms": self.notify,
            "preauthorize": self.mode,
        }
        if not features.on("preauthorize"):
            self.mode.setCurrentIndex(0)
        _hide(self, [w for item, w in widgets.items() if not features.on(item)])

    def values(self) -> GrantValues:
        return sealbox_features.limit_grant(super().values(), self.features)


class FeaturesDialog(FormDialog):
    """功能配置 (主管理员): 手动配置 / 批量配置 tick none / all, then each item by itself."""

    def __init__(self, parent: QWidget | None, features: Features) -> None:
        super().__init__(parent, tr("gui.sb_features_title"))
        hint = QLabel(tr("gui.sb_features_hint"))
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {MUTED};")
        self.manual = QRadioButton(tr("sb.features_manual"))
        self.batch = QRadioButton(tr("sb.features_batch"))
        for radio in (self.manual, self.batch):  # a click beside its words is not on it
            radio.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        (self.batch if features.mode == "batch" else self.manual).setChecked(True)
        self.items: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        grid.addWidget(self.manual, 0, 0)
        grid.addWidget(self.batch, 0, 1)
        for n, item in enumerate(ITEMS):
            box = QCheckBox(tr(f"sb.feature_{item}"))
            box.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            box.setChecked(features.on(item))
            box.setAccessibleName(tr(f"sb.feature_{item}"))
            self.items[item] = box
            grid.addWidget(box, 1 + n // 2, n % 2)
        self.manual.clicked.connect(lambda: self._all(False))
        self.batch.clicked.connect(lambda: self._all(True))
        self.body.addWidget(hint)
        self.body.addLayout(grid)
        self.ok.setText(tr("gui.save"))
        self.setMinimumWidth(520)
        self.finish(self.batch if features.mode == "batch" else self.manual)

    def _all(self, on: bool) -> None:
        for box in self.items.values():
            box.setChecked(on)

    def values(self) -> tuple[str, list[str], list[str]]:
        """The mode, the items ticked and those not."""
        mode = "batch" if self.batch.isChecked() else "manual"
        on = [i for i, box in self.items.items() if box.isChecked()]
        return mode, on, [i for i in self.items if i not in on]

    def check(self) -> str:
        return ""


def open_features(page: SealboxPage) -> None:
    dialog = FeaturesDialog(page, features_of(page))

    def send() -> None:
        mode, on, off = dialog.values()

        async def work(k: Keeper) -> Features:
            return await sealbox_features.set_features(k, mode, on, off)

        def done(result: Features) -> None:
            dialog.accept()
            page.say(tr("gui.sb_features_saved", count=len(result.ticked)))
            page.refresh(scan=False)

        page.keeper(work, done, text=tr("gui.sb_features_saving"), failed=page.in_dialog(dialog))

    dialog.submitted.connect(send)
    page.open_dialog(dialog)


def use_box(page: SealboxPage) -> None:
    """直接使用 the chosen box (nothing ticked): the platform's grant, carried to the box."""
    box = page.selected_box()
    if box is None:
        return

    async def work(k: Keeper) -> Json:
        return await k.use(box["id"])

    def done(result: Json) -> None:
        g = result["grant"]
        page.say(tr("gui.sb_used", box=g["box_name"], end=local_minutes(g["not_after"])))
        page.refresh(scan=False)

    def failed(e: BaseException) -> None:
        if isinstance(e, BoxPending):
            done(e.result)
        page.problem(e)

    page.keeper(work, done, text=tr("gui.sb_using"), failed=failed)
