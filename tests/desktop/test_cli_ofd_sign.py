"""`sealdesk sign` and `sealdesk verify` on OFD files, with the demo USB key."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_USER_PIN, DemoKey
from tests.conftest import require, seal_sign
from tests.ofd_factory import make_ofd

PIN = {"SEALDESK_PIN": DEMO_USER_PIN}


def test_sign_ofd_with_the_key_and_its_seal(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "公文.ofd"
    source.write_bytes(make_ofd(3))
    out = tmp_path / "公文_signed.ofd"
    signed = seal_sign(source, out, "--place", "1:120,200", "--cross-page", "right", "--json")
    assert signed.code == 0, signed.stdout + signed.stderr
    verified = cli("verify", str(out), "--json")
    assert verified.code == 0, verified.stdout
    doc = verified.json
    assert doc["format"] == "ofd" and doc["verdict"] == "valid"
    (sig,) = doc["signatures"]
    assert sig["seal_name"] == DEMO_SEAL_NAME and sig["intact"] and sig["trusted"]
    # a second run signs the signed copy again; both stay valid
    twice = tmp_path / "twice.ofd"
    again = seal_sign(out, twice, "--keyword", "第1页第2行")
    assert again.code == 0, again.stderr
    both = cli("verify", str(twice), "--json")
    assert both.code == 0 and [s["verdict"] for s in both.json["signatures"]] == ["valid"] * 2


def test_sm2_soft_key_signs_ofd_with_a_seal_file(cli, demo_key: DemoKey, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "in.ofd"
    source.write_bytes(make_ofd(2))
    seal_file = tmp_path / "seal.esl"
    read = cli("seal", "read", DEMO_SEAL_NAME, "-o", str(seal_file))
    assert read.code == 0, read.stderr
    out = tmp_path / "out.ofd"
    signed = cli(
        "sign",
        str(source),
        "-o",
        str(out),
        "--key-file",
        str(demo_key.unit_sm2_key),
        "--cert-file",
        str(demo_key.unit_sm2_cert),
        "--seal",
        str(seal_file),
        "--place",
        "2:20,30",
    )
    assert signed.code == 0, signed.stdout + signed.stderr
    assert cli("verify", str(out), "--json").json["verdict"] == "valid"


def test_wrong_pin_and_keyword_absent_leave_no_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "in.ofd"
    source.write_bytes(make_ofd(1))
    out = tmp_path / "out.ofd"
    wrong = seal_sign(source, out, "--place", "1:10,10", "--json", env={"SEALDESK_PIN": "000000"})
    assert wrong.code == 3 and not out.exists()
    absent = seal_sign(source, out, "--keyword", "无此文字", "--json")
    assert absent.code == 5 and "无此文字" in absent.stdout and not out.exists()


def test_hostile_ofd_gives_exit_9_json(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.ofd"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = cli("verify", str(bad), "--json")
    assert result.code == 9 and "error" in result.json


def test_report_for_an_ofd(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pymupdf

    source = tmp_path / "in.ofd"
    source.write_bytes(make_ofd(1))
    out = tmp_path / "out.ofd"
    signed = seal_sign(source, out, "--place", "1:10,10")
    assert signed.code == 0, signed.stderr
    report = tmp_path / "report.pdf"
    verified = cli("verify", str(out), "--report", str(report), "--json")
    assert verified.code == 0
    assert verified.json["signatures"][0]["signing_time"].startswith("20")  # ISO 8601
    with pymupdf.open(report) as doc:
        assert doc.page_count == 2  # the cover and one page for the signature
        text = doc[1].get_text()
        assert DEMO_SEAL_NAME in text and "有效" in text
        assert doc[1].get_images(), "the seal picture is on the signature's page"


def test_signing_a_hostile_ofd_gives_exit_9_and_no_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import io
    import zipfile

    bad = tmp_path / "slip.ofd"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD/>")
        z.writestr("../../etc/evil.xml", "<x/>")
    bad.write_bytes(buffer.getvalue())
    out = tmp_path / "out.ofd"
    result = seal_sign(bad, out, "--place", "1:10,10", "--json")
    assert result.code == 9 and result.json["error"]["kind"] == "ofd_hostile"
    assert not out.exists() and not list(tmp_path.glob("out.ofd*"))


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real file system of 64 KB (tmpfs; needs root, as CI runs), nearly full: a file of
    60 KB is on it already."""
    folder = tmp_path / "full"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    require(mounted.returncode == 0, "root, to mount a small tmpfs")
    (folder / "filler").write_bytes(bytes(60 * 1024))
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@pytest.mark.parametrize("kind", ["ofd", "pdf"])
def test_a_full_disk_is_said_and_leaves_nothing(
    cli, full_disk: Path, tmp_path: Path, kind: str
) -> None:  # type: ignore[no-untyped-def]
    from tests.signing.test_pdf_sign import make_pdf

    source = tmp_path / f"in.{kind}"
    if kind == "ofd":
        source.write_bytes(make_ofd(3))
    else:
        make_pdf(source, pages=3)
    result = seal_sign(source, full_disk / f"out.{kind}", "--place", "1:20,20", "--json")
    assert result.code == 2 and result.json["error"]["kind"] == "disk_full", result.stdout
    assert "磁盘空间不足" in result.json["error"]["message"]
    assert [p.name for p in full_disk.iterdir()] == ["filler"]  # not even a .part
