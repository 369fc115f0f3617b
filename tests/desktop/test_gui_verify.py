"""The verification page: a panel per signature for a valid, a tampered and an untrusted file;
the PDF report. Qt offscreen, the demo key signs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pymupdf
import pytest

from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_USER_PIN
from sealdesk.app.settings import Settings
from sealdesk.desktop import i18n
from sealdesk.desktop.gui.verify_page import VerifyPage
from sealdesk.signing.jobs import Placement, SealPicture, SignOptions
from sealdesk.signing.pdf.sign import sign_pdf
from sealdesk.signing.ses import parse_seal
from sealdesk.ukey import Token, TokenSigner
from tests.signing.test_pdf_sign import make_pdf


@pytest.fixture
def signed(token: Token, tmp_path: Path) -> Path:
    source = make_pdf(tmp_path / "in.pdf", pages=1)
    with token.session(DEMO_USER_PIN) as session:
        s = parse_seal(session.read_data(DEMO_SEAL_NAME))
        data = sign_pdf(
            source.read_bytes(),
            signer=TokenSigner.from_session(session),
            options=SignOptions(
                placements=[Placement(1, 30, 40)],
                seal=SealPicture(s.picture, s.picture_width_mm, s.picture_height_mm, s.name),
            ),
        )
    out = tmp_path / "signed.pdf"
    out.write_bytes(data)
    return out


def _verify(qtbot, page: VerifyPage, path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.verified, timeout=60000):
        page.verify_files([path])


def test_valid_tampered_and_untrusted(
    qtbot, signed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language("zh")
    page = VerifyPage(Settings())
    qtbot.addWidget(page)
    page.show()

    _verify(qtbot, page, signed)
    cards = page.cards_shown()
    assert [c.verdict for c in cards] == ["valid"]
    assert "1 个签名全部有效" in page.summary.text()
    text = " ".join(label.text() for label in cards[0].findChildren(type(page.summary)))
    assert DEMO_SEAL_NAME in text and "91310115MA1K3YJ12G" in text
    assert "由演示根证书签发" in text
    assert any(
        label.pixmap() is not None and not label.pixmap().isNull()
        for label in cards[0].findChildren(type(page.summary))
    )  # the seal picture

    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(signed.read_bytes())
    doc = pymupdf.open(tampered)
    doc[0].insert_text((100, 700), "incremental edit", fontname="helv")
    doc.saveIncr()
    doc.close()
    _verify(qtbot, page, tampered)
    assert [c.verdict for c in page.cards_shown()] == ["invalid"]
    assert "无效" in page.summary.text()

    monkeypatch.delenv("SOFTHSM2_CONF")  # no demo mode: the demo root is not trusted
    untrusted = tmp_path / "untrusted.pdf"
    untrusted.write_bytes(signed.read_bytes())
    _verify(qtbot, page, untrusted)
    assert [c.verdict for c in page.cards_shown()] == ["indeterminate"]
    assert "无法确定" in page.summary.text()

    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"not a pdf at all")
    _verify(qtbot, page, garbage)
    assert page.cards_shown() == [] and "garbage.pdf" in page.summary.text()
    assert "Traceback" not in page.summary.text()

    assert page.files.count() == 4
    page.files.setCurrentRow(0)
    report = tmp_path / "report.pdf"
    page.export_report(report)
    qtbot.waitUntil(report.is_file, timeout=30000)
    with pymupdf.open(report) as doc:
        assert doc.page_count >= 2
    page.shutdown()


@pytest.mark.parametrize("kind", ["pdf-rot90-crop", "ofd"])
def test_click_a_signature_to_see_its_seal_on_the_page(
    qtbot, token: Token, tmp_path: Path, kind: str
) -> None:  # type: ignore[no-untyped-def]
    """Two signatures at known places; a click on the second panel shows its page with a
    frame around its seal, and the frame holds the seal's red pixels."""
    from PySide6.QtCore import Qt

    from sealdesk.signing.jobs import sign_document

    i18n.set_language("zh")
    if kind == "ofd":
        from tests.ofd_factory import make_ofd

        data = make_ofd(3)
    else:
        data = make_pdf(tmp_path / "in.pdf", pages=3, rotation=90, crop=True).read_bytes()
    with token.session(DEMO_USER_PIN) as session:
        s = parse_seal(session.read_data(DEMO_SEAL_NAME))
        seal = SealPicture(s.picture, s.picture_width_mm, s.picture_height_mm, s.name, s.der)
        signer = TokenSigner.from_session(session)
        for place in (Placement(1, 20, 30), Placement(2, 60, 90)):
            data = sign_document(
                data, signer=signer, options=SignOptions(placements=[place], seal=seal)
            )
    path = tmp_path / f"two.{kind[:3]}"
    path.write_bytes(data)

    page = VerifyPage(Settings())
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    _verify(qtbot, page, path)
    cards = page.cards_shown()
    assert len(cards) == 2
    qtbot.waitUntil(lambda: page.shown_seal is not None, timeout=20000)  # the first, at once
    assert page.shown_seal[1] == 0
    qtbot.mouseClick(cards[1], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.shown_seal is not None and page.shown_seal[0] == cards[1].key, timeout=20000
    )
    _key, index, (x, y, w, h) = page.shown_seal
    assert index == 1 and "第 2 页" in page.preview_label.text()
    assert (x, y) == pytest.approx((60, 90), abs=1.0)
    assert (w, h) == pytest.approx((s.picture_width_mm, s.picture_height_mm), abs=1.0)
    # what the person sees: red seal pixels inside the blue frame in the preview
    frame = page.preview.mapFromScene(page.seal_frame.sceneBoundingRect()).boundingRect()
    image = page.preview.viewport().grab().toImage()
    red = 0
    for py in range(max(frame.top(), 0), min(frame.bottom(), image.height()), 2):
        for px in range(max(frame.left(), 0), min(frame.right(), image.width()), 2):
            c = image.pixelColor(px, py)
            red += c.red() > 180 and c.green() < 90
    assert red > 20, "no seal inside the frame"
    page.shutdown()


def test_an_encrypted_pdf_asks_for_its_password(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """No command-line hint in the window: it asks for the password, as a viewer does, and a
    wrong one asks again with the reason."""
    from tests.conftest import interop_dir
    from tests.signing import pdf_attacks as attacks

    identity = attacks.make_identity()
    source = (interop_dir("pdf") / "minimal-aes256.pdf").read_bytes()
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(attacks.sign(source, identity, password="usersecret"))
    i18n.set_language("zh")
    page = VerifyPage(Settings())
    qtbot.addWidget(page)
    page.show()
    _verify(qtbot, page, locked)
    dialog = page.password_dialog
    assert dialog.isVisible() and "locked.pdf" in dialog.labelText()
    assert "SEALDESK_PDF_PASSWORD" not in dialog.labelText()
    with qtbot.waitSignal(page.verified, timeout=60000):
        dialog.setTextValue("wrong")
        dialog.accept()
    again = page.password_dialog
    assert again is not dialog and again.isVisible() and "密码不正确" in again.labelText()
    with qtbot.waitSignal(page.verified, timeout=60000):
        again.setTextValue("usersecret")
        again.accept()
    (card,) = page.cards_shown()
    assert card.verdict in ("valid", "indeterminate")  # the test root is not trusted here
    assert page.results[str(locked)].report.signatures[0].intact


def _card_text(card) -> str:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    return "\n".join(label.text() for label in card.findChildren(QLabel))


def _click_file(qtbot, page: VerifyPage, name: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    row = next(r for r in range(page.files.count()) if page.files.item(r).text().endswith(name))
    rect = page.files.visualItemRect(page.files.item(row))
    qtbot.mouseClick(page.files.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.files.currentRow() == row


@pytest.fixture
def shanghai(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_cards_say_one_verdict_and_agree_with_it(
    qtbot, token: Token, signed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A file changed in place: the sentence on top says invalid and why, and no row says
    'no changes'; a later signature of our own is no form filling; no internal ids on top.
    The report is exported from the button, for the file shown, named after it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    i18n.set_language("zh")
    data = signed.read_bytes()
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(data.replace(b"% Written by MuPDF", b"% Written by MuPDG", 1))
    with token.session(DEMO_USER_PIN) as session:
        s = parse_seal(session.read_data(DEMO_SEAL_NAME))
        twice = sign_pdf(
            data,
            signer=TokenSigner.from_session(session),
            options=SignOptions(
                placements=[Placement(1, 100, 40)],
                seal=SealPicture(s.picture, s.picture_width_mm, s.picture_height_mm, s.name),
            ),
        )
    second = tmp_path / "twice.pdf"
    second.write_bytes(twice)

    page = VerifyPage(Settings())
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    _verify(qtbot, page, changed)
    _verify(qtbot, page, second)

    _click_file(qtbot, page, "changed.pdf")
    (card,) = page.cards_shown()
    assert card.headline.text().startswith("签名 1 · 无效：签署之后，签名所覆盖的内容被改动了")
    text = _card_text(card)
    assert "签署之后被改动" in text and "签署之后没有改动" not in text
    assert "SealDesk1" not in card.headline.text() and "SealDesk1" in text  # in the details
    assert "无效：签名 1" in page.summary.text()

    _click_file(qtbot, page, "twice.pdf")
    first, last = page.cards_shown()
    assert first.headline.text().startswith("签名 1 · 有效：签署之后只追加了其他签名")
    assert last.headline.text().startswith("签名 2 · 有效：签署之后文件没有被改动")
    for words in ("填写了表单", "只覆盖文档的一部分", "（SealDesk1）"):
        assert words not in _card_text(first)
    assert "签署之后只追加了签名" in _card_text(first)

    asked: list[str] = []

    def save_as(_parent, _title, suggested, _filter):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return suggested, "PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    report = tmp_path / "twice_验证报告.pdf"
    assert asked == [str(report)]
    qtbot.waitUntil(report.is_file, timeout=30000)
    with pymupdf.open(report) as doc:
        text = "".join(p.get_text() for p in doc)
    assert "文件：twice.pdf" in text and "changed.pdf" not in text
    assert (
        hashlib.sha256(twice).hexdigest() in text and hashlib.new("sm3", twice).hexdigest() in text
    )
    assert "验证时间：" in text and "信任的根证书：" in text and "签名 2（共 2）" in text
    page.shutdown()


def test_an_ofd_time_reads_the_same_in_the_window_the_command_line_and_the_report(
    qtbot, shanghai: None, token: Token, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from sealdesk.signing.jobs import sign_document
    from tests.conftest import run_cli
    from tests.ofd_factory import make_ofd

    i18n.set_language("zh")
    with token.session(DEMO_USER_PIN) as session:
        s = parse_seal(session.read_data(DEMO_SEAL_NAME))
        data = sign_document(
            make_ofd(1),
            signer=TokenSigner.from_session(session),
            options=SignOptions(
                placements=[Placement(1, 30, 40)],
                seal=SealPicture(s.picture, s.picture_width_mm, s.picture_height_mm, s.name, s.der),
            ),
        )
    path = tmp_path / "signed.ofd"
    path.write_bytes(data)
    page = VerifyPage(Settings())
    qtbot.addWidget(page)
    page.show()
    _verify(qtbot, page, path)
    (card,) = page.cards_shown()
    when = page.results[str(path)].report.signatures[0].signing_time
    shown = f"{when.astimezone():%Y-%m-%d %H:%M:%S} UTC+08:00"
    assert shown in _card_text(card)
    cli = run_cli("verify", str(path), env={"TZ": "Asia/Shanghai"})
    assert shown in cli.stdout
    report = tmp_path / "report.pdf"
    page.export_report(report)
    qtbot.waitUntil(report.is_file, timeout=30000)
    with pymupdf.open(report) as doc:
        text = "".join(p.get_text() for p in doc)
    assert shown in text and f"{when:%H:%M:%S} UTC\n" not in text
    page.shutdown()
