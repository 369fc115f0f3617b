"""`sealdesk verify` as a civil servant runs it: verdicts, exit codes, JSON and the PDF report."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pymupdf

from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_USER_PIN, DemoKey
from tests.conftest import interop_dir
from tests.signing.test_pdf_sign import make_pdf

PIN = {"SEALDESK_PIN": DEMO_USER_PIN}


def _signed(cli, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path / "signed.pdf"
    result = cli(
        "sign",
        str(make_pdf(tmp_path / "in.pdf")),
        "-o",
        str(out),
        "--seal",
        DEMO_SEAL_NAME,
        "--place",
        "1:30,40",
        env=PIN,
    )
    assert result.code == 0, result.stdout + result.stderr
    return out


def test_valid_in_demo_mode_indeterminate_without_trust(
    cli, demo_key: DemoKey, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    signed = _signed(cli, tmp_path)
    ok = cli("verify", str(signed), "--json")
    assert ok.code == 0, ok.stdout
    sig = ok.json["signatures"][0]
    assert ok.json["verdict"] == "valid" and sig["seal_name"] == DEMO_SEAL_NAME
    assert sig["credit_code"] == "91310115MA1K3YJ12G" and sig["intact"] and sig["trusted"]
    untrusted = cli("verify", str(signed), "--json", "--lang", "en", env={"SOFTHSM2_CONF": None})  # type: ignore[dict-item]
    assert untrusted.code == 8
    assert "Traceback" not in untrusted.stderr
    trusted = cli(
        "verify", str(signed), "--trust", str(demo_key.root_ca_pem), env={"SOFTHSM2_CONF": None}
    )  # type: ignore[dict-item]
    assert trusted.code == 0


def test_tampered_after_signing_is_invalid(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    signed = _signed(cli, tmp_path)
    appended = tmp_path / "appended.pdf"
    appended.write_bytes(signed.read_bytes())
    doc = pymupdf.open(appended)
    doc[0].insert_text((100, 700), "incremental edit", fontname="helv")
    doc.saveIncr()
    doc.close()
    result = cli("verify", str(appended), "--json")
    assert result.code == 1 and result.json["verdict"] == "invalid"


def test_several_files_an_array_and_the_worst_exit(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    signed = _signed(cli, tmp_path)
    unsigned = make_pdf(tmp_path / "plain.pdf")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf at all")
    result = cli("verify", str(signed), str(unsigned), str(broken), "--json")
    assert result.code == 9
    docs = result.json
    assert [d.get("verdict") for d in docs] == ["valid", "unsigned", None]
    assert docs[2]["error"]["code"] == 9


def test_interop_corpus_verdicts(cli) -> None:  # type: ignore[no-untyped-def]
    pdf = interop_dir("pdf")
    twice = cli(
        "verify",
        str(pdf / "minimal-signed-twice-both-created.pdf"),
        "--trust",
        str(pdf / "pyhanko-test-root.pem"),
        "--json",
        env={"SOFTHSM2_CONF": None},
    )  # type: ignore[dict-item]
    assert twice.code == 8 and twice.json["verdict"] == "indeterminate"
    first, second = twice.json["signatures"]
    assert first["intact"] and second["intact"]
    assert first["modifications"] == "signatures"
    encrypted = cli("verify", str(pdf / "minimal-aes256.pdf"), "--json")
    assert encrypted.code == 9 and encrypted.json["error"]["kind"] == "pdf_encrypted"
    opened = cli(
        "verify",
        str(pdf / "minimal-aes256.pdf"),
        "--json",
        env={"SEALDESK_PDF_PASSWORD": "usersecret"},
    )
    assert opened.code == 8 and opened.json["verdict"] == "unsigned"
    for name in (
        "broken-objstream1.pdf",
        "circular-page-tree.pdf",
        "minimal-startxref-hopeless.pdf",
        "malformed-encrypt-dict1.pdf",
        "minimal-pubkey-aes256.pdf",
    ):
        result = cli("verify", str(pdf / name), "--json", timeout=30)
        assert result.code in (8, 9), (name, result.stdout)
        assert "Traceback" not in result.stderr


def test_report_pdf_has_a_page_per_signature(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    signed = _signed(cli, tmp_path)
    report = tmp_path / "report.pdf"
    assert cli("verify", str(signed), "--report", str(report)).code == 0
    doc = pymupdf.open(report)
    assert doc.page_count == 2  # cover + one signature
    text = doc[1].get_text()
    assert "统一社会信用代码" in text and DEMO_SEAL_NAME in text and "有效" in text
    assert doc[1].get_images()  # the seal picture is shown
    check = subprocess.run(["qpdf", "--check", str(report)], capture_output=True, check=False)
    assert check.returncode == 0


def test_a_file_with_hybrid_references_is_signed_with_a_warning_and_verifies_indeterminate(
    cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from tests.signing.pdf_attacks import hybrid_xref

    source = tmp_path / "word.pdf"
    source.write_bytes(hybrid_xref(make_pdf(tmp_path / "in.pdf").read_bytes()))
    out = tmp_path / "signed.pdf"
    args = ("sign", str(source), "-o", str(out), "--seal", DEMO_SEAL_NAME, "--place", "1:30,40")
    said = cli(*args, env=PIN)
    assert said.code == 0 and f"! {source}: 文件使用混合交叉引用表" in said.stderr, said.stderr
    as_json = cli(*args, "--json", "--overwrite", env=PIN)
    assert as_json.json["files"][0]["warnings"][0]["code"] == "hybrid_xref", as_json.stdout
    verified = cli("verify", str(out), "--json")
    assert verified.json["verdict"] == "indeterminate"
    assert "hybrid_xref" in [r["code"] for r in verified.json["signatures"][0]["reasons"]]


def test_sign_warns_before_the_pin_about_signatures_it_cannot_mend(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Run without a PIN and without a terminal: the warnings come before sign stops for the
    PIN (exit 2), so a person sees them before typing it."""
    signed = _signed(cli, tmp_path).read_bytes()
    tampered = tmp_path / "tampered.pdf"
    at = signed.index(b"stream") + 12  # a byte of the first page's content, signed
    tampered.write_bytes(signed[:at] + bytes([signed[at] ^ 0x20]) + signed[at + 1 :])
    pristine = tmp_path / "pristine.pdf"
    pristine.write_bytes(signed)
    cases = {
        tampered: ["文件中已有的签名无效"],
        interop_dir("ofd") / "keyword.ofd": ["文件中已有的签名无效", "保护了签名列表"],
        interop_dir("ofd") / "h.ofd": ["保护了签名列表（Signatures.xml）"],
        pristine: [],
    }
    for source, expected in cases.items():
        said = cli("sign", str(source), "-o", str(tmp_path / f"out-{source.name}"))
        assert said.code == 2, said.stdout + said.stderr  # stopped at the PIN
        warnings = [line for line in said.stderr.splitlines() if line.startswith("! ")]
        assert len(warnings) == len(expected), said.stderr
        for line, words in zip(warnings, expected, strict=True):
            assert line.startswith(f"! {source}: ") and words in line
        assert said.stderr.index(warnings[0]) < said.stderr.index("PIN") if warnings else True
