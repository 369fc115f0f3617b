"""What the command line must never do: delete a user's folder, write over its own input, take
gigabytes for a hostile file, leave half-written files, or answer with an internal error (70)
where words are due. Each case runs `sealdesk` in its own process, as a user would."""

from __future__ import annotations

import io
import os
import signal
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_USER_PIN, DemoKey
from sealdesk.signing.seal_image import SealStyle, generate_official_seal
from tests.conftest import CliResult, run_cli, seal_sign
from tests.ofd_factory import make_ofd, ofd_members
from tests.signing.pdf_attacks import make_pdf

PIN = {"SEALDESK_PIN": DEMO_USER_PIN}
MB = 1024 * 1024


def _peak_run(*args: str, env: dict[str, str] | None = None) -> tuple[CliResult, float, float]:
    """Run `sealdesk ARGS` in a fresh wrapper process; the exit, wall seconds and the peak
    resident memory of the command in MB (the wrapper's only child)."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.monotonic()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True,\n"
        "                   stdin=subprocess.DEVNULL)\n"
        "w = time.monotonic() - t\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "sys.stdout.write(f'{p.returncode} {w} {peak}\\n' + p.stdout)\n"
        "sys.stderr.write(p.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", wrapper, sys.executable, "-m", "sealdesk.desktop", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )
    head, _, stdout = proc.stdout.partition("\n")
    code, wall, peak = head.split()
    return CliResult(int(code), stdout, proc.stderr), float(wall), float(peak)


# --- demo init never deletes what it did not make ------------------------------------------


def test_demo_init_refuses_a_folder_it_did_not_make(demo_key: DemoKey, tmp_path: Path) -> None:
    folder = tmp_path / "my documents"
    folder.mkdir()
    (folder / "合同.pdf").write_bytes(b"%PDF-1.7 precious")
    (folder / "sub").mkdir()
    (folder / "sub" / "notes.txt").write_text("keep me")
    for extra in ((), ("--force",)):
        result = run_cli("demo", "init", "--dir", str(folder), "--json", *extra)
        assert result.code == 2, result.stdout
        assert result.json["error"]["kind"] == "demo_folder"
        assert (folder / "合同.pdf").read_bytes() == b"%PDF-1.7 precious"
        assert (folder / "sub" / "notes.txt").read_text() == "keep me"
    # a demo.json of someone else's does not make a folder ours either
    (folder / "demo.json").write_text("{}")
    assert run_cli("demo", "init", "--dir", str(folder), "--force").code == 2
    assert (folder / "合同.pdf").exists()
    # a file is not a folder
    assert run_cli("demo", "init", "--dir", str(folder / "合同.pdf")).code == 2


def test_demo_init_force_remakes_only_its_own_folder(demo_key: DemoKey, tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    made = run_cli("demo", "init", "--dir", str(folder), "--json")
    assert made.code == 0 and made.json["created"], made.stdout
    again = run_cli("demo", "init", "--dir", str(folder), "--json")
    assert again.code == 0 and not again.json["created"]  # kept as it is
    remade = run_cli("demo", "init", "--dir", str(folder), "--force", "--json")
    assert remade.code == 0 and remade.json["created"]
    # a file the user put into the demo folder stops --force: it is not the demo's
    (folder / "mine.txt").write_text("mine")
    assert run_cli("demo", "init", "--dir", str(folder), "--force").code == 2
    assert (folder / "mine.txt").read_text() == "mine"


# --- outputs never replace inputs ------------------------------------------------------------


def test_outputs_never_replace_inputs_or_existing_files(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "in.pdf"
    source.write_bytes(make_pdf())
    signed = tmp_path / "signed.pdf"
    assert seal_sign(source, signed, "--place", "1:20,20").code == 0
    before = signed.read_bytes()
    report = cli("verify", str(signed), "--report", str(signed), "--json")
    assert report.code == 2 and report.json["error"]["kind"] == "output_is_input"
    assert signed.read_bytes() == before
    esl = tmp_path / "seal.esl"
    assert cli("seal", "read", DEMO_SEAL_NAME, "-o", str(esl)).code == 0
    seal = esl.read_bytes()
    shown = cli("seal", "show", str(esl), "--picture", str(esl), "--json")
    assert shown.code == 2 and shown.json["error"]["kind"] == "output_is_input"
    assert esl.read_bytes() == seal
    # an existing file only with --overwrite, for every command that writes
    existing = tmp_path / "existing.pdf"
    existing.write_bytes(b"mine")
    assert cli("verify", str(signed), "--report", str(existing)).code == 2
    assert existing.read_bytes() == b"mine"
    assert cli("seal", "show", str(esl), "--picture", str(existing)).code == 2
    ofd = tmp_path / "in.ofd"
    ofd.write_bytes(make_ofd(1))
    rendered = cli("ofd", "render", str(ofd), "-o", str(ofd), "--overwrite", "--json")
    assert rendered.code == 2 and rendered.json["error"]["kind"] == "output_is_input"
    assert cli("ofd", "to-pdf", str(ofd), "-o", str(existing)).code == 2
    assert existing.read_bytes() == b"mine"
    replaced = cli("verify", str(signed), "--report", str(existing), "--overwrite")
    assert replaced.code in (0, 8) and existing.read_bytes().startswith(b"%PDF")


# --- resource limits ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def inflating_ofd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid-looking OFD of ~9 MB whose five members inflate to 199 MB each (each one's
    ratio ~100, under the per-member limit): the whole is a bomb."""
    path = tmp_path_factory.mktemp("bomb") / "five.ofd"
    members = ofd_members(["<ofd:TextObject ID='9' Boundary='0 0 10 10'/>"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in members.items():
            z.writestr(name, data)
        for n in range(5):
            with z.open(f"Doc_0/Res/big{n}.bin", "w", force_zip64=True) as f:
                f.write(os.urandom(MB + MB // 2))
                zeros = bytes(MB)
                for _ in range(197):
                    f.write(zeros)
    return path


def _bomb_png(width: int, height: int) -> bytes:
    """A PNG of ``width`` x ``height`` black RGB pixels, written row by row (never whole)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    packer = zlib.compressobj(9)
    row = bytes(1 + 3 * width)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def test_an_inflating_ofd_is_refused_early(
    demo_key: DemoKey, inflating_ofd: Path, tmp_path: Path
) -> None:
    assert inflating_ofd.stat().st_size < 12 * MB
    for args in (
        ("verify", str(inflating_ofd), "--json"),
        ("ofd", "render", str(inflating_ofd), "-o", str(tmp_path / "p.png"), "--json"),
        (
            "sign", str(inflating_ofd), "-o", str(tmp_path / "s.ofd"), "--key-file",
            str(demo_key.unit_sm2_key), "--cert-file", str(demo_key.unit_sm2_cert), "--json",
        ),
    ):  # fmt: skip
        result, wall, peak = _peak_run(*args)
        assert result.code == 9, (args, result.stdout, result.stderr)
        assert result.json["error"]["kind"] == "ofd_too_large" if "error" in result.json else True
        assert peak < 300, f"{args[0]}: peak {peak:.0f} MB"
        print(f"{args[0]}: refused in {wall:.2f} s, peak {peak:.0f} MB")
    assert not (tmp_path / "s.ofd").exists() and not (tmp_path / "p.png").exists()


def test_a_huge_picture_is_refused_early(demo_key: DemoKey, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_bomb_png(13000, 13000))
    assert bomb.stat().st_size < 2 * MB
    source = tmp_path / "in.pdf"
    source.write_bytes(make_pdf())
    key = ("--key-file", str(demo_key.unit_sm2_key), "--cert-file", str(demo_key.unit_sm2_cert))
    for args in (
        ("sign", str(source), "-o", str(tmp_path / "o.pdf"), *key, "--image", str(bomb),
         "--place", "1:20,20", "--json"),
        ("seal", "build", "--image", str(bomb), "--name", "测试", "--type", "unit",
         "--maker-key", str(demo_key.maker_key), "--maker-cert", str(demo_key.maker_cert),
         "--signer-cert", str(demo_key.unit_sm2_cert), "-o", str(tmp_path / "x.esl"), "--json"),
    ):  # fmt: skip
        result, wall, peak = _peak_run(*args)
        assert result.code == 9, (args[0], result.stdout, result.stderr)
        assert result.json["error"]["kind"] == "image_picture_too_large"
        assert peak < 300, f"{args[0]}: peak {peak:.0f} MB"
        print(f"{args[0]}: refused in {wall:.2f} s, peak {peak:.0f} MB")


# --- worded errors, not exit 70 ----------------------------------------------------------------


def _damaged_png() -> bytes:
    png = generate_official_seal(style=SealStyle.OFFICIAL, name="测试单位").png
    return png[: len(png) // 2] + bytes(64) + png[len(png) // 2 + 64 :]


def test_damaged_pictures_are_said_in_words(demo_key: DemoKey, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.png"
    damaged.write_bytes(_damaged_png())
    source = tmp_path / "in.pdf"
    source.write_bytes(make_pdf())
    key = ("--key-file", str(demo_key.unit_sm2_key), "--cert-file", str(demo_key.unit_sm2_cert))
    signed = run_cli(
        "sign", str(source), "-o", str(tmp_path / "o.pdf"), *key, "--image", str(damaged),
        "--place", "1:20,20", "--json",
    )  # fmt: skip
    assert signed.code == 9 and signed.json["error"]["kind"] == "image_corrupt", signed.stdout
    built = run_cli(
        "seal", "build", "--image", str(damaged), "--name", "测试", "--type", "unit",
        "--maker-key", str(demo_key.maker_key), "--maker-cert", str(demo_key.maker_cert),
        "--signer-cert", str(demo_key.unit_sm2_cert), "-o", str(tmp_path / "x.esl"), "--json",
    )  # fmt: skip
    assert built.code == 9 and built.json["error"]["kind"] == "image_corrupt", built.stdout
    assert not (tmp_path / "o.pdf").exists() and not (tmp_path / "x.esl").exists()


def test_a_seal_with_a_damaged_picture_is_refused_before_signing(
    demo_key: DemoKey, tmp_path: Path
) -> None:
    import datetime as dt

    from sealdesk.signing.seals import build_seal
    from sealdesk.signing.softkey import SoftKeySigner

    unit = SoftKeySigner.from_files(demo_key.unit_sm2_key, demo_key.unit_sm2_cert)
    now = dt.datetime.now(dt.UTC)
    esl = tmp_path / "damaged.esl"
    esl.write_bytes(
        build_seal(
            maker=SoftKeySigner.from_files(demo_key.maker_key, demo_key.maker_cert),
            name="图片损坏的印章",
            seal_type=1,
            picture=_damaged_png(),
            picture_type="png",
            width_mm=42,
            height_mm=42,
            signer_certs=[unit.certificate],
            valid_from=now,
            valid_to=now + dt.timedelta(days=30),
        )
    )
    source = tmp_path / "in.pdf"
    source.write_bytes(make_pdf())
    result = run_cli(
        "sign", str(source), "-o", str(tmp_path / "o.pdf"), "--key-file",
        str(demo_key.unit_sm2_key), "--cert-file", str(demo_key.unit_sm2_cert), "--seal",
        str(esl), "--place", "1:20,20", "--json",
    )  # fmt: skip
    assert result.code == 9 and result.json["error"]["kind"] == "image_corrupt", result.stdout


def _ofd_with(member_change: str) -> bytes:
    """A one-page OFD whose page content is deflate-damaged or flagged encrypted."""
    data = bytearray(make_ofd(1))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("Doc_0/Pages/Page_0/Content.xml")
    offset = info.header_offset
    if member_change == "encrypted":
        flags = struct.unpack_from("<H", data, offset + 6)[0]
        struct.pack_into("<H", data, offset + 6, flags | 1)
        central = data.rfind(b"PK\x01\x02" + b"", 0)
        while central >= 0:  # the central directory's copy of the flag too
            name_len = struct.unpack_from("<H", data, central + 28)[0]
            if data[central + 46 : central + 46 + name_len] == info.filename.encode():
                flags = struct.unpack_from("<H", data, central + 8)[0]
                struct.pack_into("<H", data, central + 8, flags | 1)
                break
            central = data.rfind(b"PK\x01\x02", 0, central)
    else:
        name_len, extra_len = struct.unpack_from("<HH", data, offset + 26)
        start = offset + 30 + name_len + extra_len
        for i in range(start, start + min(info.compress_size, 40)):
            data[i] ^= 0xA5
    return bytes(data)


@pytest.mark.parametrize("damage", ["deflate", "encrypted"])
def test_a_damaged_ofd_member_is_said_in_words(
    damage: str, demo_key: DemoKey, tmp_path: Path
) -> None:
    path = tmp_path / f"{damage}.ofd"
    path.write_bytes(_ofd_with(damage))
    key = ("--key-file", str(demo_key.unit_sm2_key), "--cert-file", str(demo_key.unit_sm2_cert))
    for args in (
        ("verify", str(path), "--json"),
        ("sign", str(path), "-o", str(tmp_path / "s.ofd"), *key, "--json"),
        ("ofd", "render", str(path), "-o", str(tmp_path / "p.png"), "--json"),
        ("ofd", "to-pdf", str(path), "-o", str(tmp_path / "p.pdf"), "--json"),
    ):
        result = run_cli(*args)
        assert result.code == 9, (args[0], result.code, result.stdout, result.stderr)
        doc = result.json
        error = doc["error"] if "error" in doc else doc.get("files", [{}])[0]
        assert error and "Traceback" not in result.stderr


def test_trust_files_that_are_not_certificates(tmp_path: Path) -> None:
    source = tmp_path / "in.pdf"
    source.write_bytes(make_pdf())
    junk = tmp_path / "root.txt"
    junk.write_text("this is no certificate")
    trust = run_cli("verify", str(source), "--trust", str(junk), "--json")
    assert trust.code == 2 and str(junk) in trust.json["error"]["message"], trust.stdout
    crl = run_cli("verify", str(source), "--crl", str(junk), "--json")
    assert crl.code == 2 and str(junk) in crl.json["error"]["message"], crl.stdout
    missing = run_cli("verify", str(source), "--trust", str(tmp_path / "nope.pem"), "--json")
    assert missing.code == 2 and "nope.pem" in missing.json["error"]["message"]


# --- sign refuses what cannot verify ---------------------------------------------------------


def test_sign_refuses_an_expired_certificate_and_an_expired_seal(tmp_path: Path) -> None:
    import shutil

    from tests.conftest import require

    require(shutil.which("faketime") is not None, "faketime")
    world = tmp_path / "world"
    subprocess.run(
        ["faketime", "-f", "-400d", sys.executable, "-m", "tests.pki", str(world)],
        check=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
    )
    source = tmp_path / "in.pdf"
    source.write_bytes(make_pdf())
    key = ("--key-file", str(world / "signer.key"), "--cert-file", str(world / "signer.pem"))
    expired = run_cli("sign", str(source), "-o", str(tmp_path / "o.pdf"), *key, "--json")
    assert expired.code == 2 and expired.json["error"]["kind"] == "sign_certificate_validity"
    assert "已过期" in expired.json["error"]["message"]
    # a seal that expired, with a certificate that is fine (made now)
    fresh = tmp_path / "fresh"
    subprocess.run(
        [sys.executable, "-m", "tests.pki", str(fresh)],
        check=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
    )
    key = ("--key-file", str(fresh / "signer.key"), "--cert-file", str(fresh / "signer.pem"))
    old_seal = run_cli(
        "sign", str(source), "-o", str(tmp_path / "o.pdf"), *key, "--seal",
        str(world / "seal.esl"), "--place", "1:20,20", "--json",
    )  # fmt: skip
    assert old_seal.code == 7 and old_seal.json["error"]["kind"] == "sign_seal", old_seal.stdout
    assert not (tmp_path / "o.pdf").exists()


def test_seal_write_refuses_a_seal_whose_maker_signature_fails(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    esl = tmp_path / "seal.esl"
    assert cli("seal", "read", DEMO_SEAL_NAME, "-o", str(esl)).code == 0
    data = bytearray(esl.read_bytes())
    data[-5] ^= 0x01  # inside the maker's signature value
    tampered = tmp_path / "tampered.esl"
    tampered.write_bytes(bytes(data))
    result = cli("seal", "write", str(tampered), "--label", "篡改的印章", "--json", env=PIN)
    assert result.code == 7 and result.json["error"]["kind"] == "seal_unusable", result.stdout
    labels = [s["label"] for s in cli("seal", "list", "--json").json["seals"]]
    assert "篡改的印章" not in labels


# --- half-written files and long names ---------------------------------------------------------


def test_a_killed_writer_leaves_nothing_the_next_run_keeps(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # a part of a writer that died, as kill -9 leaves it
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    stale = tmp_path / f".sealdesk-{dead.stdout.strip()}-0badc0de.part"
    stale.write_bytes(bytes(1024))
    alive = tmp_path / f".sealdesk-{os.getpid()}-0badc0de.part"  # a writer still at work
    alive.write_bytes(b"busy")
    source = tmp_path / "in.pdf"
    source.write_bytes(make_pdf())
    assert seal_sign(source, tmp_path / "out.pdf", "--place", "1:20,20").code == 0
    assert not stale.exists() and alive.exists()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_stop_a_batch_like_ctrl_c(cli, stop: int, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sources = []
    for n in range(12):
        path = tmp_path / f"in{n:02}.pdf"
        path.write_bytes(make_pdf(pages=30))
        sources.append(str(path))
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sealdesk.desktop", "sign", *sources, "--out-dir", str(out),
         "--seal", DEMO_SEAL_NAME, "--cross-page", "right", "--json"],
        env={**os.environ, **PIN},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.is_dir() and any(out.glob("*.pdf"))):
        time.sleep(0.05)
    proc.send_signal(stop)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stdout + stderr
    assert "Traceback" not in stderr
    done = sorted(out.glob("*.pdf"))
    assert 0 < len(done) < len(sources)
    assert not list(out.glob(".*.part"))
    for path in done:  # every file written is whole
        assert cli("verify", str(path), "--json").code == 0


def test_a_long_output_name_fits(tmp_path: Path) -> None:
    name = "合" * 80 + ".pdf"  # 244 bytes in UTF-8: fits, with no room for a long temporary name
    assert len(name.encode()) <= 255
    source = tmp_path / "in.pdf"
    source.write_bytes(make_pdf())
    result = seal_sign(source, tmp_path / name, "--place", "1:20,20", "--json")
    assert result.code == 0, result.stdout
    assert (tmp_path / name).is_file()


def test_a_fresh_seal_signs_valid_at_once(cli, demo_key: DemoKey, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A seal built this second (its validity starts now) is used at once: valid, in OFD too."""
    image = tmp_path / "seal.png"
    image.write_bytes(generate_official_seal(style=SealStyle.OFFICIAL, name="测试单位").png)
    esl = tmp_path / "fresh.esl"
    built = cli(
        "seal", "build", "--image", str(image), "--name", "测试单位公章", "--type", "unit",
        "--maker-key", str(demo_key.maker_key), "--maker-cert", str(demo_key.maker_cert),
        "--signer-cert", str(demo_key.unit_sm2_cert), "-o", str(esl),
    )  # fmt: skip
    assert built.code == 0, built.stdout + built.stderr
    for suffix, data in ((".ofd", make_ofd(1)), (".pdf", make_pdf())):
        source = tmp_path / f"in{suffix}"
        source.write_bytes(data)
        out = tmp_path / f"out{suffix}"
        signed = cli(
            "sign", str(source), "-o", str(out), "--key-file", str(demo_key.unit_sm2_key),
            "--cert-file", str(demo_key.unit_sm2_cert), "--seal", str(esl), "--place", "1:20,20",
        )  # fmt: skip
        assert signed.code == 0, signed.stdout + signed.stderr
        verified = cli("verify", str(out), "--json")
        assert verified.code == 0, verified.stdout
