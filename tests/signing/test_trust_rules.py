"""One trust rule for PDF and OFD: who made the seal, when the certificates were valid, what they
may sign, and what the demo's roots vouch for. Each case is made the way an attacker or a wrong
clock would make it: a maker certificate from OpenSSL, files signed under libfaketime."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from asn1crypto import pem

from sealdesk.app.demo import DemoKey
from sealdesk.signing.anchors import DemoTrust
from sealdesk.signing.jobs import Placement, SealPicture, SignOptions, verify_document
from sealdesk.signing.ofd.sign import sign_ofd
from sealdesk.signing.ofd.verify import verify_ofd
from sealdesk.signing.seal_image import SealStyle, generate_official_seal
from sealdesk.signing.seals import build_seal
from sealdesk.signing.softkey import SoftKeySigner, load_certificate
from tests.conftest import require, run_cli
from tests.ofd_factory import make_ofd

FAKE_SEAL = "国家税务总局上海市税务局发票专用章"
DISTID = "distid:1234567812345678"


def _codes(report: object) -> set[str]:
    return {r.code for s in report.signatures for r in s.reasons}  # type: ignore[attr-defined]


def _der(path: Path) -> bytes:
    data = path.read_bytes()
    return pem.unarmor(data)[2] if pem.detect(data) else data


@pytest.fixture(scope="module")
def fake_maker(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed SM2 "seal maker" made with OpenSSL, as anyone can make one."""
    require(shutil.which("openssl") is not None, "openssl 3")
    folder = tmp_path_factory.mktemp("fake-maker")
    key, cert = folder / "maker.key", folder / "maker.pem"
    subprocess.run(["openssl", "genpkey", "-algorithm", "SM2", "-out", key], check=True)
    subprocess.run(
        [
            "openssl", "req", "-new", "-x509", "-key", key, "-sm3", "-sigopt", DISTID,
            "-subj", "/C=CN/O=国家税务总局/CN=电子印章制作中心", "-days", "365",
            "-addext", "keyUsage=critical,digitalSignature,nonRepudiation", "-out", cert,
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return key, cert


@pytest.fixture(scope="module")
def forged_ofd(demo_key: DemoKey, fake_maker: tuple[Path, Path]) -> bytes:
    """A seal of any name from the fake maker, naming the demo unit's SM2 certificate, applied
    by that unit: the signer chains to a trusted root, the maker to nothing."""
    unit = SoftKeySigner.from_files(demo_key.unit_sm2_key, demo_key.unit_sm2_cert)
    maker = SoftKeySigner.from_files(*fake_maker)
    image = generate_official_seal(style=SealStyle.OFFICIAL, name="国家税务总局上海市税务局")
    import datetime as dt

    now = dt.datetime.now(dt.UTC)
    seal = build_seal(
        maker=maker,
        name=FAKE_SEAL,
        seal_type=1,
        picture=image.png,
        picture_type="png",
        width_mm=42,
        height_mm=42,
        signer_certs=[unit.certificate],
        valid_from=now,
        valid_to=now + dt.timedelta(days=365),
    )
    picture = SealPicture(image.png, 42, 42, FAKE_SEAL, seal)
    options = SignOptions(placements=[Placement(1, 80, 120)], seal=picture)
    return sign_ofd(make_ofd(1), signer=unit, options=options)


def test_a_seal_from_an_untrusted_maker_is_not_valid(
    forged_ofd: bytes, demo_key: DemoKey, fake_maker: tuple[Path, Path], tmp_path: Path
) -> None:
    sm2_root = (demo_key.pki / "sm2-root-ca.pem").read_bytes()
    (sig,) = verify_ofd(forged_ofd, trust_roots=[sm2_root]).signatures
    assert sig.trusted and sig.signature_valid and sig.intact  # the signer is genuine
    assert sig.verdict == "indeterminate" and sig.maker_trusted is False
    reason = next(r for r in sig.reasons if r.code == "maker_untrusted")
    assert "制章者不受信任" in reason.zh
    # a configured seal maker (制章机构) is trusted for seals, and for nothing else
    (sig,) = verify_ofd(
        forged_ofd, trust_roots=[sm2_root], seal_makers=[fake_maker[1].read_bytes()]
    ).signatures
    assert sig.verdict == "valid" and sig.maker_trusted is True
    (sig,) = verify_ofd(forged_ofd, seal_makers=[fake_maker[1].read_bytes()]).signatures
    assert sig.verdict == "indeterminate" and "untrusted" in {r.code for r in sig.reasons}

    # the command line says the same, and `seal show` says the maker is not trusted
    path = tmp_path / "forged.ofd"
    path.write_bytes(forged_ofd)
    env = {"SOFTHSM2_CONF": os.environ["SOFTHSM2_CONF"], "SEALDESK_DEMO": "1"}
    verified = run_cli("verify", str(path), "--json", env=env)
    assert verified.code == 8, verified.stdout
    assert not verified.json["signatures"][0]["maker_trusted"]
    value = tmp_path / "SignedValue.dat"
    import zipfile

    with zipfile.ZipFile(path) as z:
        value.write_bytes(z.read("Doc_0/Signs/Sign_0/SignedValue.dat"))
    shown = run_cli("seal", "show", str(value), "--json", env=env)
    assert shown.code == 7 and shown.json["ok"] is False
    maker = next(c for c in shown.json["checks"] if c["name"] == "maker_trusted")
    assert maker["status"] != "ok" and "制章者不受信任" in maker["message"]


def _world_at(offset: str, tmp_path: Path, *extra: str) -> Path:
    """tests.pki's certificates, seal and signed files, made with the clock moved by
    ``offset`` (libfaketime), as a signer who sets the clock back or forward would."""
    faketime = shutil.which("faketime")
    require(faketime is not None, "faketime (Debian package faketime)")
    out = tmp_path / "world"
    subprocess.run(
        [faketime, "-f", offset, sys.executable, "-m", "tests.pki", str(out), *extra],
        check=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
    )
    return out


def test_expired_certificate_and_seal_signed_under_a_set_back_clock(tmp_path: Path) -> None:
    world = _world_at("-400d", tmp_path)  # everything was valid for a year, 400 days ago
    roots = [(world / "root.pem").read_bytes()]
    ofd = verify_document((world / "signed.ofd").read_bytes(), trust_roots=roots)
    pdf = verify_document((world / "signed.pdf").read_bytes(), trust_roots=roots)
    assert ofd.verdict == pdf.verdict == "indeterminate"
    assert {"expired", "seal_expired", "maker_expired"} <= _codes(ofd)
    assert "expired" in _codes(pdf)
    for path in ("signed.ofd", "signed.pdf"):
        cli = run_cli("verify", str(world / path), "--trust", str(world / "root.pem"), "--json")
        assert cli.code == 8, cli.stdout


def test_a_claimed_time_in_the_future_is_reported(tmp_path: Path) -> None:
    world = _world_at("+30d", tmp_path)
    roots = [(world / "root.pem").read_bytes()]
    for name in ("signed.ofd", "signed.pdf"):
        report = verify_document((world / name).read_bytes(), trust_roots=roots)
        assert report.verdict == "indeterminate", name
        assert "claimed_time_future" in _codes(report), name


@pytest.mark.parametrize("usage", ["key_encipherment", "key_agreement"])
def test_a_certificate_not_meant_for_signing(usage: str, tmp_path: Path) -> None:
    world = _world_at("+0d", tmp_path, "--usage", usage)
    roots = [(world / "root.pem").read_bytes()]
    for name in ("signed.ofd", "signed.pdf"):
        report = verify_document((world / name).read_bytes(), trust_roots=roots)
        assert report.verdict == "indeterminate", name
        assert "key_usage" in _codes(report), name


def test_the_same_world_at_the_right_time_is_valid(tmp_path: Path) -> None:
    """The cases above fail for their reason only: made now, everything is valid."""
    world = _world_at("+0d", tmp_path)
    roots = [(world / "root.pem").read_bytes()]
    for name in ("signed.ofd", "signed.pdf"):
        report = verify_document((world / name).read_bytes(), trust_roots=roots)
        assert report.verdict == "valid", (name, _codes(report))


def test_demo_roots_vouch_only_for_the_demos_own_certificates(tmp_path: Path) -> None:
    world = _world_at("+0d", tmp_path)
    root = _der(world / "root.pem")
    signer = load_certificate((world / "signer.pem").read_bytes())
    maker = load_certificate((world / "maker.pem").read_bytes())
    pdf = (world / "signed.pdf").read_bytes()
    ofd = (world / "signed.ofd").read_bytes()
    foreign = DemoTrust(roots=(root,), certificates=frozenset())
    for data in (pdf, ofd):
        report = verify_document(data, demo=foreign)
        assert report.verdict == "indeterminate" and "demo_foreign" in _codes(report)
    own = DemoTrust(
        roots=(root,),
        certificates=frozenset(hashlib.sha256(c).digest() for c in (signer, maker)),
    )
    for data in (pdf, ofd):
        report = verify_document(data, demo=own)
        assert report.verdict == "valid" and "demo_root" in _codes(report)
        said = next(r for s in report.signatures for r in s.reasons if r.code == "demo_root")
        assert "演示根证书" in said.zh


def test_demo_mode_is_a_choice(demo_key: DemoKey, tmp_path: Path) -> None:
    """The demo roots count only with SEALDESK_DEMO=1 (or the setting), and their private keys
    are nowhere in the demo folder."""
    assert not list(demo_key.pki.glob("*root*.key"))
    from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_USER_PIN

    signed = tmp_path / "signed.pdf"
    source = tmp_path / "in.pdf"
    from tests.signing.pdf_attacks import make_pdf

    source.write_bytes(make_pdf())
    pin = {"SEALDESK_PIN": DEMO_USER_PIN}
    made = run_cli("sign", str(source), "-o", str(signed), "--seal", DEMO_SEAL_NAME, env=pin)
    assert made.code == 0, made.stdout + made.stderr
    chosen = run_cli("verify", str(signed), "--json", env={"SEALDESK_DEMO": "1"})
    assert chosen.code == 0 and any(
        "演示根证书" in r["message"] and r["code"] == "demo_root"
        for r in chosen.json["signatures"][0]["reasons"]
    )
    assert run_cli("verify", str(signed), "--json", env={"SEALDESK_DEMO": None}).code == 8
    assert run_cli("verify", str(signed), "--json", env={"SEALDESK_DEMO": "0"}).code == 8
