"""`sealdesk seal …` as a user runs it: show, build, and seals in the demo key."""

from __future__ import annotations

import base64
import zipfile
from pathlib import Path

from PIL import Image

from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_USER_PIN, DemoKey
from sealdesk.signing.ses import parse_seal, parse_signature
from tests.conftest import interop_dir, run_cli

PIN = {"SEALDESK_PIN": DEMO_USER_PIN}


def _signed_value(tmp_path: Path, ofd: str, sign: str = "Sign_0") -> Path:
    with zipfile.ZipFile(interop_dir("ofd") / ofd) as z:
        data = z.read(f"Doc_0/Signs/{sign}/SignedValue.dat")
    path = tmp_path / f"{ofd}.dat"
    path.write_bytes(data)
    return path


def test_show_a_third_party_signature(tmp_path: Path) -> None:
    signed_value = _signed_value(tmp_path, "999.ofd")
    result = run_cli("seal", "show", str(signed_value), "--json")
    # every check holds but one: nothing here says who the maker is
    assert result.code == 7, result.stdout + result.stderr
    doc = result.json
    assert doc["kind"] == "signature" and doc["ok"] is False
    assert doc["seal"]["picture"]["type"] == "ofd"
    assert [c["name"] for c in doc["checks"] if c["status"] != "ok"] == ["maker_trusted"]
    assert (
        "制章者不受信任"
        in next(c for c in doc["checks"] if c["name"] == "maker_trusted")["message"]
    )
    # trusting the maker (its certificate as the anchor) makes every check hold
    maker = tmp_path / "maker.der"
    maker.write_bytes(parse_signature(signed_value.read_bytes()).seal.maker_cert)
    trusted = run_cli("seal", "show", str(signed_value), "--trust", str(maker), "--json")
    assert trusted.code == 0, trusted.stdout
    assert all(c["status"] == "ok" for c in trusted.json["checks"])


def test_show_failing_and_malformed_exit_7(tmp_path: Path) -> None:
    expired = run_cli(
        "seal", "show", str(_signed_value(tmp_path, "SESV4SignDoc.ofd")), "--lang", "en"
    )
    assert expired.code == 7 and "had expired" in expired.stdout
    path = _signed_value(tmp_path, "999.ofd")
    data = bytearray(path.read_bytes())
    data[-10] ^= 0x40  # inside the signer's signature value
    flipped = tmp_path / "flipped.dat"
    flipped.write_bytes(bytes(data))
    result = run_cli("seal", "show", str(flipped), "--json")
    assert result.code == 7
    failed = [c["name"] for c in result.json["checks"] if c["status"] != "ok"]
    assert failed == ["signer_signature", "maker_trusted"]
    truncated = tmp_path / "truncated.dat"
    truncated.write_bytes(bytes(data[:300]))
    bad = run_cli("seal", "show", str(truncated), "--json")
    assert bad.code == 7 and bad.json["error"]["kind"] == "seal_malformed"
    assert "Traceback" not in bad.stderr


def test_demo_key_holds_a_valid_seal(cli, demo_key: DemoKey, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    listed = cli("seal", "list", "--json")
    assert listed.code == 0
    assert [s["label"] for s in listed.json["seals"]] == [DEMO_SEAL_NAME]
    out = tmp_path / "demo.esl"
    assert cli("seal", "read", DEMO_SEAL_NAME, "-o", str(out)).code == 0
    picture = tmp_path / "seal.png"
    shown = cli("seal", "show", str(out), "--picture", str(picture), "--json")
    assert shown.code == 0 and shown.json["ok"], shown.stdout
    with Image.open(picture) as image:
        assert image.width >= 992  # 42 mm at 600 dpi
    # the seal names the unit's certificates on the key
    names = {c["subject_cn"] for c in shown.json["signer_certificates"]}
    assert any("unit-rsa" in n for n in names) and any("unit-sm2" in n for n in names)
    # reading again refuses to overwrite
    assert cli("seal", "read", DEMO_SEAL_NAME, "-o", str(out)).code == 2


def test_build_write_read_delete(cli, demo_key: DemoKey, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    image = tmp_path / "seal.png"
    from sealdesk.signing.seal_image import SealStyle, generate_official_seal

    image.write_bytes(generate_official_seal(style=SealStyle.OFFICIAL, name="测试单位").png)
    esl = tmp_path / "contract.esl"
    built = cli(
        "seal",
        "build",
        "--image",
        str(image),
        "--name",
        "测试单位合同专用章",
        "--type",
        "unit",
        "--maker-key",
        str(demo_key.maker_key),
        "--maker-cert",
        str(demo_key.maker_cert),
        "--signer-cert",
        str(demo_key.unit_sm2_cert),
        "-o",
        str(esl),
        "--json",
    )
    assert built.code == 0, built.stdout + built.stderr
    seal = parse_seal(esl.read_bytes())
    assert seal.name == "测试单位合同专用章" and seal.picture_width_mm == 42
    assert cli("seal", "write", str(esl), "--json", env=PIN).code == 0
    labels = [s["label"] for s in cli("seal", "list", "--json").json["seals"]]
    assert "测试单位合同专用章" in labels
    back = tmp_path / "back.esl"
    assert cli("seal", "read", "测试单位合同专用章", "-o", str(back)).code == 0
    assert back.read_bytes() == esl.read_bytes()
    assert cli("seal", "delete", "测试单位合同专用章", env=PIN).code == 0
    assert cli("seal", "read", "测试单位合同专用章", "-o", str(tmp_path / "x.esl")).code == 5
    # a file that is not a seal is never written into the key
    junk = tmp_path / "junk.esl"
    junk.write_bytes(base64.b64encode(b"not a seal"))
    refused = cli("seal", "write", str(junk), "--json", env=PIN)
    assert refused.code == 7
    # the maker's key file must match its certificate
    wrong = cli(
        "seal",
        "build",
        "--image",
        str(image),
        "--name",
        "x",
        "--type",
        "1",
        "--maker-key",
        str(demo_key.unit_sm2_key),
        "--maker-cert",
        str(demo_key.maker_cert),
        "--signer-cert",
        str(demo_key.unit_sm2_cert),
        "-o",
        str(tmp_path / "w.esl"),
        "--json",
    )
    assert wrong.code == 2 and wrong.json["error"]["kind"] == "key_file_mismatch"


def test_build_refuses_a_non_certificate_and_handles_29_february(
    cli, demo_key: DemoKey, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from sealdesk.signing.seal_image import SealStyle, generate_official_seal

    image = tmp_path / "seal.png"
    image.write_bytes(generate_official_seal(style=SealStyle.OFFICIAL, name="测试单位").png)
    junk = tmp_path / "junk.pem"
    junk.write_text("-----BEGIN CERTIFICATE-----\nnot base64 !!\n-----END CERTIFICATE-----\n")
    common = [
        "seal",
        "build",
        "--image",
        str(image),
        "--name",
        "章",
        "--type",
        "1",
        "--maker-key",
        str(demo_key.maker_key),
        "--maker-cert",
        str(demo_key.maker_cert),
    ]
    bad = cli(*common, "--signer-cert", str(junk), "-o", str(tmp_path / "a.esl"), "--json")
    assert bad.code == 2 and "Traceback" not in bad.stderr
    text = tmp_path / "text.der"
    text.write_bytes(b"hello, not DER")
    assert cli(*common, "--signer-cert", str(text), "-o", str(tmp_path / "b.esl")).code == 2
    leap = cli(
        *common,
        "--signer-cert",
        str(demo_key.unit_sm2_cert),
        "--valid-from",
        "2028-02-29",
        "-o",
        str(tmp_path / "c.esl"),
        "--json",
    )
    assert leap.code == 0, leap.stdout
    # five years on would be 2033-02-28, past the certificate: the seal ends with it, and says so
    from sealdesk.signing.certinfo import certificate_info
    from sealdesk.signing.softkey import load_certificate

    cert = certificate_info(load_certificate(demo_key.unit_sm2_cert.read_bytes()))
    assert leap.json["valid_to"] == cert.not_after.isoformat()
    assert leap.json["capped_by"] == cert.subject_cn
