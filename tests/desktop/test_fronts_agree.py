"""The command line and the window are two fronts on one application layer: for the same files
they give the same verdicts and reason codes, and keep the same records."""

from __future__ import annotations

from pathlib import Path

import pytest

from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_UNIT, DEMO_USER_PIN, DemoKey
from sealdesk.app.settings import Settings
from sealdesk.app.store import shared_store
from sealdesk.desktop import i18n
from sealdesk.desktop.gui.verify_page import VerifyPage
from tests.conftest import run_cli, seal_sign
from tests.desktop.gui_steps import sign_window
from tests.desktop.test_gui_batch import _demo_seal, _open_batch, _sign_with_pin
from tests.ofd_factory import make_ofd
from tests.signing import pdf_attacks as attacks

PIN = {"SEALDESK_PIN": DEMO_USER_PIN}


@pytest.fixture(scope="module")
def documents(demo_key: DemoKey, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A signed PDF and OFD, a PDF changed after signing, an unsigned one, a damaged one."""
    folder = tmp_path_factory.mktemp("fronts")
    pdf, ofd = folder / "in.pdf", folder / "in.ofd"
    pdf.write_bytes(attacks.make_pdf())
    ofd.write_bytes(make_ofd(1))
    files = {"signed_pdf": folder / "signed.pdf", "signed_ofd": folder / "signed.ofd"}
    for source, out in ((pdf, files["signed_pdf"]), (ofd, files["signed_ofd"])):
        assert seal_sign(source, out, "--place", "1:20,20").code == 0
    changed = folder / "changed.pdf"
    changed.write_bytes(attacks.incremental_content_change(files["signed_pdf"].read_bytes()))
    damaged = folder / "damaged.pdf"
    damaged.write_bytes(files["signed_pdf"].read_bytes()[:4000])
    return {**files, "changed_pdf": changed, "unsigned_pdf": pdf, "damaged_pdf": damaged}


def _codes(signatures: list[list[str]]) -> list[list[str]]:
    return [sorted(codes) for codes in signatures]


@pytest.mark.parametrize(
    "name", ["signed_pdf", "signed_ofd", "changed_pdf", "unsigned_pdf", "damaged_pdf"]
)
@pytest.mark.parametrize("demo", ["1", "0"])
def test_same_verdict_and_codes_in_both_fronts(
    qtbot, documents: dict[str, Path], name: str, demo: str, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    path = documents[name]
    cli = run_cli("verify", str(path), "--json", env={"SEALDESK_DEMO": demo})
    doc = cli.json

    monkeypatch.setenv("SEALDESK_DEMO", demo)
    i18n.set_language("zh")
    page = VerifyPage(Settings())
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.verified, timeout=60000):
        page.verify_files([path])
    checked = page.results[str(path)]
    if "error" in doc:  # unreadable: both say so, in the same words
        assert checked.report is None and checked.error == doc["error"]["message"]
        return
    report = checked.report
    assert report.verdict == doc["verdict"]
    assert _codes([[r.code for r in s.reasons] for s in report.signatures]) == _codes(
        [[r["code"] for r in s["reasons"]] for s in doc["signatures"]]
    )


def test_same_records_from_both_fronts(qtbot, demo_key: DemoKey, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A file signed from the command line and one signed in the window are recorded alike."""
    by_cli, by_window = tmp_path / "命令行.pdf", tmp_path / "窗口.pdf"
    for path in (by_cli, by_window):
        path.write_bytes(attacks.make_pdf())
    assert seal_sign(by_cli, tmp_path / "命令行_signed.pdf", "--place", "1:20,20").code == 0

    window = sign_window(qtbot, demo_key.module_path)
    try:
        ws = window.workspace
        _open_batch(qtbot, ws, [by_window])
        ws.place_seal(_demo_seal(ws), 0, 20, 20)
        assert _sign_with_pin(qtbot, window).ok
        qtbot.waitUntil(lambda: len(window.records.records) == 2, timeout=10000)
        shown = [window.records.table.item(i, 0).text() for i in range(2)]
        assert shown == ["窗口_signed.pdf", "命令行_signed.pdf"]
    finally:
        window.close()
        window.service.shutdown()
    window_record, cli_record = shared_store().records()
    for record, source in ((window_record, by_window), (cli_record, by_cli)):
        assert record.source == str(source.resolve())
        assert record.output == str(source.with_name(f"{source.stem}_signed.pdf").resolve())
        assert (record.signer, record.seals) == (DEMO_UNIT.name, DEMO_SEAL_NAME)


def test_the_window_and_the_platforms_export_name_a_cause_alike() -> None:
    """An abnormal record's cause: the window's words (i18n, translated by Qt) and those of
    the platform's 导出记录 (which cannot import the desktop) are one text, for every cause."""
    from sealdesk.sealbox.protocol.messages import CAUSE_WORDS, Cause

    causes = [c for c in Cause if c is not Cause.NONE]  # a normal stamp has none
    window = {c: i18n.MESSAGES.get(f"gui.sb_cause_{c.name.lower()}") for c in causes}
    assert window == CAUSE_WORDS
