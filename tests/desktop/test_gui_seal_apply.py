"""The 平台 page's 印章 tab (印章申请, seed 004 S4:391-450) driven with the mouse and keys against
a real server process (over PostgreSQL), logged in with the SoftHSM2 demo key: before the unit's
申请数字证书 the platform's refusal is said in the form, still open, with 申请数字证书… that
opens the certificate's form; after it the generated seal is applied and listed 待审核 with its
picture; bad values and a text file named .png are said under their field, nothing sent; an
uploaded picture reaches the platform byte for byte, read off the GUI thread (a big one on a
slow drive then a small one: the small one shown and sent; a damaged or vanished one said, the
last good one kept; the form closed while one is read: no thread left); a USB KEY seal asks
the key's PIN (a wrong one asked again, tries said); the filters and the search change the
list; offline the list says so and 申请印章 is disabled; anyone but the unit's UKey user is
told why a USB KEY seal is not for them."""

from __future__ import annotations

import base64
import io
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox

from sealdesk.app import platform_seals as seals_app
from sealdesk.app.demo import DEMO_USER_PIN
from sealdesk.app.settings import Settings
from sealdesk.desktop.gui.main_window import MainWindow
from sealdesk.desktop.gui.platform_seal_form import SealApplyDialog
from sealdesk.desktop.gui.platform_seals import SealsTab
from tests.desktop.test_gui_platform import (
    ID_NUMBER,
    LEFT,
    _own_config,
    api,
    choose_tab,
    click,
    column,
    idle,
    open_platform,
    press,
    server,
    type_into,
    ukey_login,
    visible,
    window,
)
from tests.desktop.test_gui_sealbox_files import choose_file
from tests.platform_env import postgres

__all__ = ["_own_config", "postgres", "server", "window"]

OK = QDialogButtonBox.StandardButton.Ok
CANCEL = QDialogButtonBox.StandardButton.Cancel
SHOTS = Path("/tmp/seal-apply")


class SlowDrive:
    """Pictures named big*: read (by the application layer's own check) only once the test
    lets them, as from a slow network drive; the others at once."""

    def __init__(self) -> None:
        self.gate = threading.Event()

    def check_picture(self, path: Path) -> Any:
        if path.name.startswith("big"):
            assert self.gate.wait(30)
        return REAL_CHECK(path)


REAL_CHECK = seals_app.check_picture


@pytest.fixture
def drive(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowDrive]:
    slow = SlowDrive()
    monkeypatch.setattr(seals_app, "check_picture", slow.check_picture)
    yield slow
    slow.gate.set()


def no_reader_left(qtbot: Any) -> None:
    """No thread reading a picture is left."""
    qtbot.waitUntil(
        lambda: not any(t.name.startswith("sealdesk-seal-picture") for t in threading.enumerate()),
        timeout=10000,
    )


def upload(qtbot: Any, form: SealApplyDialog, path: Path) -> None:
    """上传图片… clicked and ``path`` chosen in the file dialog (its reading starts)."""
    click(qtbot, form.upload_button)
    choose_file(qtbot, form, path)


def loaded(qtbot: Any, form: SealApplyDialog) -> None:
    qtbot.waitUntil(lambda: not form.loading, timeout=10000)


def pick(qtbot: Any, combo: QComboBox, text: str) -> None:
    """A choice in a combo box: its list opened with the mouse, the item reached with the
    arrow keys and Enter (the list ignores a click that comes as soon as it opened)."""
    click(qtbot, combo)
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=5000)
    row = next(i for i in range(combo.count()) if combo.itemText(i) == text)
    qtbot.keyClick(view, Qt.Key.Key_Home)
    for _ in range(row):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=5000)
    assert combo.currentText() == text


def open_form(qtbot: Any, tab: SealsTab) -> SealApplyDialog:
    before = tab.dialog
    click(qtbot, tab.apply_button)
    qtbot.waitUntil(lambda: tab.dialog is not before and visible(lambda: tab.dialog))
    assert tab.dialog is not None
    return tab.dialog


def fill(qtbot: Any, form: SealApplyDialog, name: str, phone: str = "13812345678") -> None:
    type_into(qtbot, form.name, name)
    type_into(qtbot, form.handler_name, "张三")
    type_into(qtbot, form.handler_phone, phone)
    type_into(qtbot, form.handler_id, ID_NUMBER)


def generate(qtbot: Any, tab: SealsTab, form: SealApplyDialog, style: str) -> None:
    pick(qtbot, form.style_box, style)
    click(qtbot, form.generate_button)
    idle(qtbot, tab.page)
    assert form.picture_note.text() == f"自动生成：{style}（平台按本单位名称绘制）"
    assert not form.preview.pixmap().isNull()


def submitted(qtbot: Any, tab: SealsTab, form: SealApplyDialog) -> None:
    """The form closed by the platform's answer, the list read again."""
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=20000)
    idle(qtbot, tab.page)


def applications(server: Any) -> list[dict[str, Any]]:
    return list(api(server, "/seals/applications")["applications"])


def seal_png(path: Path, side: int = 240) -> bytes:
    image = Image.new("RGB", (side, side), "white")
    edge = side // 24
    ImageDraw.Draw(image).ellipse(
        (edge, edge, side - edge, side - edge), outline=(230, 0, 18), width=side // 20
    )
    out = io.BytesIO()
    image.save(out, "PNG")
    path.write_bytes(out.getvalue())
    return out.getvalue()


def test_apply_for_seals_in_the_window(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, server, tmp_path, monkeypatch, drive
):
    SHOTS.mkdir(exist_ok=True)
    home = tmp_path / "home"  # where the file dialog opens, with something for it to list
    (home / "docs").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    page = open_platform(qtbot, window)
    ukey_login(qtbot, page, server, DEMO_USER_PIN)
    window._settings_saved(Settings(pin_every_time=True))  # the PIN asked at 提交申请
    choose_tab(qtbot, page.tabs, "印章")
    idle(qtbot, page)
    tab = page.seals
    assert tab.guard.currentWidget() is tab.guard.content
    assert tab.table.rowCount() == 0 and tab.note.text() == "没有印章申请。"

    # a generated seal, refused by the platform until the unit's 申请数字证书
    form = open_form(qtbot, tab)
    assert form.cloud.isChecked() and form.ukey.isEnabled()  # the unit's UKey user
    assert form.size_edit.text() == "42×42"
    fill(qtbot, form, "云端公章")
    generate(qtbot, tab, form, "普通公章")
    press(qtbot, form.buttons, OK)
    idle(qtbot, page)
    assert form.isVisible() and form.cert_button.isVisible() and form.cert_button.isEnabled()
    assert "尚未申请数字证书" in form.problem.text(), form.problem.text()
    assert applications(server) == []
    form.grab().save(str(SHOTS / "refused.png"))

    # 申请数字证书… opens the certificate's form over it; once requested, 提交申请 again
    click(qtbot, form.cert_button)
    certificate = page.certificate
    qtbot.waitUntil(lambda: visible(lambda: certificate.dialog), timeout=5000)
    cert = certificate.dialog
    assert cert is not None and cert.parent() is form
    type_into(qtbot, cert.name, "张三")
    type_into(qtbot, cert.id_number, ID_NUMBER)
    type_into(qtbot, cert.phone, "13812345678")
    type_into(qtbot, cert.email, "zs@example.com")
    qtbot.mouseClick(cert.agree, LEFT, pos=QPoint(8, cert.agree.height() // 2))
    press(qtbot, cert.buttons, OK)
    signing = certificate.signing
    assert signing is not None
    qtbot.waitUntil(lambda: visible(lambda: signing.pin_dialog), timeout=5000)
    assert signing.pin_dialog is not None
    qtbot.keyClicks(signing.pin_dialog.edit, DEMO_USER_PIN)
    qtbot.keyClick(signing.pin_dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not cert.isVisible(), timeout=20000)
    idle(qtbot, page)
    assert form.isVisible() and not form.cert_button.isVisible()
    assert form.problem.text() == "数字证书已申请：点击【提交申请】提交印章申请。"
    press(qtbot, form.buttons, OK)
    submitted(qtbot, tab, form)
    assert page.feedback.text().startswith("已提交印章申请“云端公章”（云端印章，42×42 mm）")
    assert column(tab.table, 0) == ["云端公章"] and column(tab.table, 1) == ["待审核"]
    assert tab.values["platform.seal_state"].text() == "待审核"
    assert not tab.thumb.pixmap().isNull()  # its picture, read from the platform
    [cloud] = applications(server)
    assert (cloud["state"], cloud["style"], cloud["type"]) == ("pending", "official", "cloud")

    # an uploaded picture: a text file named .png, a blank name and a bad phone said under
    # their field, nothing sent; then the picture reaches the platform as it is
    form = open_form(qtbot, tab)
    fake = tmp_path / "seal.png"  # QTest types ASCII only
    fake.write_text("这不是图片\n", "utf-8")
    upload(qtbot, form, fake)
    loaded(qtbot, form)
    assert "seal.png" in form.said("picture") and form.preview.pixmap().isNull()
    assert form.preview.text() == "无图片" and form.image_path is None
    press(qtbot, form.buttons, OK)
    assert form.said("name") == "请填写印章名称。" and form.isVisible()
    fill(qtbot, form, "合同专用章", phone="1381234567")
    press(qtbot, form.buttons, OK)
    assert form.said("handler_phone") == "手机号应为 11 位数字，以 13–19 开头。"
    assert not form.said("name")
    type_into(qtbot, form.handler_phone, "13812345678")
    press(qtbot, form.buttons, OK)
    assert form.said("picture") == "请上传印章图片，或选择样式后自动生成。"
    # a big picture from a slow drive, then at once a small one: the small one is what shows
    # and what is sent, whenever the big one's read returns
    seal_png(tmp_path / "big.png", 2400)
    picture = seal_png(tmp_path / "contract.png")
    upload(qtbot, form, tmp_path / "big.png")
    assert form.loading and form.preview.text() == "正在读取图片…"
    assert form.picture_note.text().startswith("正在读取并检查：big.png")
    assert not form.ok.isEnabled() and form.upload_button.isEnabled()
    form.grab().save(str(SHOTS / "loading.png"))
    upload(qtbot, form, tmp_path / "contract.png")
    loaded(qtbot, form)
    drive.gate.set()
    no_reader_left(qtbot)
    assert not form.said("picture") and not form.preview.pixmap().isNull()
    assert form.picture_note.text().startswith("上传：contract.png（PNG，")
    assert form.image_path == tmp_path / "contract.png" and form.ok.isEnabled()
    form.grab().save(str(SHOTS / "preview.png"))
    # a damaged picture, then one gone before it was read: said, the small one kept
    (tmp_path / "broken.png").write_bytes(picture[: len(picture) // 2])
    upload(qtbot, form, tmp_path / "broken.png")
    loaded(qtbot, form)
    assert "损坏" in form.said("picture"), form.said("picture")
    drive.gate.clear()
    gone = tmp_path / "big-gone.png"
    gone.write_bytes(picture)
    upload(qtbot, form, gone)
    assert form.loading
    gone.unlink()
    drive.gate.set()
    loaded(qtbot, form)
    assert form.said("picture") == f"无法读取文件“{gone}”。", form.said("picture")
    assert form.picture_note.text().startswith("上传：contract.png（PNG，")
    assert not form.preview.pixmap().isNull() and form.image_path == tmp_path / "contract.png"
    type_into(qtbot, form.size_edit, "40x40")
    assert len(applications(server)) == 1  # nothing sent yet
    form.grab().save(str(SHOTS / "form.png"))
    press(qtbot, form.buttons, OK)
    submitted(qtbot, tab, form)
    assert column(tab.table, 0) == ["合同专用章", "云端公章"]
    assert tab.values["platform.seal_name"].text() == "合同专用章"  # the new one chosen
    assert tab.values["platform.seal_size"].text() == "40×40 mm"
    uploaded = next(a for a in applications(server) if a["name"] == "合同专用章")
    whole = api(server, f"/seals/applications/{uploaded['id']}")["application"]
    assert base64.b64decode(whole["image"]) == picture

    # the form closed while a picture is read: nothing kept, no thread left once the read ends
    drive.gate.clear()
    form = open_form(qtbot, tab)
    upload(qtbot, form, tmp_path / "big.png")
    assert form.loading
    press(qtbot, form.buttons, CANCEL)
    assert not form.isVisible() and not form.loading and form.image_path is None
    drive.gate.set()
    no_reader_left(qtbot)
    assert len(applications(server)) == 2 and not page.busy

    # a USB KEY seal: signed with the key, a wrong PIN asked again with the tries said
    form = open_form(qtbot, tab)
    fill(qtbot, form, "UKey公章")
    click(qtbot, form.ukey, QPoint(8, form.ukey.height() // 2))
    assert form.ukey.isChecked()
    generate(qtbot, tab, form, "党纪委公章")
    press(qtbot, form.buttons, OK)
    signing = tab.signing
    assert signing is not None
    qtbot.waitUntil(lambda: visible(lambda: signing.pin_dialog), timeout=5000)
    pin = signing.pin_dialog
    assert pin is not None and pin.windowTitle() == "申请电子印章"
    qtbot.keyClicks(pin.edit, "000000")
    qtbot.keyClick(pin.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: signing.pin_dialog is not pin and visible(lambda: signing.pin_dialog),
        timeout=20000,
    )
    pin = signing.pin_dialog
    assert pin is not None and "PIN 码错误" in pin.problem.text(), pin.problem.text()
    assert len(applications(server)) == 2 and form.isVisible()
    qtbot.keyClicks(pin.edit, DEMO_USER_PIN)
    qtbot.keyClick(pin.edit, Qt.Key.Key_Return)
    submitted(qtbot, tab, form)
    assert column(tab.table, 0) == ["UKey公章", "合同专用章", "云端公章"]
    assert column(tab.table, 2)[0] == "USB KEY 印章"
    ukey = next(a for a in applications(server) if a["name"] == "UKey公章")
    assert ukey["key_entity_id"] and ukey["style"] == "party"
    window.grab().save(str(SHOTS / "page.png"))

    # the filters and the search: the platform's answer each time
    pick(qtbot, tab.type_box, "云端印章")
    idle(qtbot, page)
    assert column(tab.table, 0) == ["合同专用章", "云端公章"]
    pick(qtbot, tab.state_box, "已否决")
    idle(qtbot, page)
    assert tab.table.rowCount() == 0 and tab.note.text() == "没有印章申请。"
    pick(qtbot, tab.state_box, "待审核")
    type_into(qtbot, tab.search, "合同")
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    idle(qtbot, page)
    assert column(tab.table, 0) == ["合同专用章"] and tab.note.text() == "共 1 个印章申请"

    # offline: the list says so, nothing to apply with
    server.stop()
    click(qtbot, tab.refresh_button)
    idle(qtbot, page)
    assert tab.table.rowCount() == 0
    assert "无法连接平台" in tab.note.text() and "只保存在平台上" in tab.note.text()
    assert page.banner.isVisible() and not tab.apply_button.isEnabled()
    assert "申请不会在本机排队" in tab.apply_button.toolTip()


def test_a_usb_key_seal_is_the_unit_ukey_users_only(qtbot):  # type: ignore[no-untyped-def]
    """Anyone else is offered the cloud seal, told why not the USB KEY one; a size a generated
    seal cannot have is said under 规格 before anything is drawn."""
    form = SealApplyDialog(None, key_holder=False)
    qtbot.addWidget(form)
    form.show()
    assert form.cloud.isChecked() and not form.ukey.isEnabled()
    assert "只能由单位 UKey 用户" in form.ukey.toolTip()
    fill(qtbot, form, "工会章")
    type_into(qtbot, form.size_edit, "50x50")
    form.style_key = "union"  # as 自动生成 leaves it
    press(qtbot, form.buttons, OK)
    assert form.said("size").startswith("自动生成的印章是圆形公章，规格须为 38–45 毫米见方")
    assert form.focusWidget() is form.size_edit and form.ok.isEnabled()
