"""Seal structures against the interop corpus, and seals we build and check ourselves."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from sealdesk.signing import sm2
from sealdesk.signing.demo_pki import make_root_ca
from sealdesk.signing.seals import build_seal, check_seal, check_signature
from sealdesk.signing.ses import (
    SealFormatError,
    load_seal_asn1,
    load_signature_asn1,
    parse_seal,
    parse_signature,
)
from sealdesk.signing.softkey import SoftKeySigner
from tests.conftest import interop_dir


def _members(name: str) -> dict[str, bytes]:
    with zipfile.ZipFile(interop_dir("ofd") / name) as z:
        return {n: z.read(n) for n in z.namelist() if n.endswith((".esl", "SignedValue.dat"))}


ALL = ["SESV4SignDoc.ofd", "999.ofd", "keyword.ofd", "n.ofd", "h.ofd", "DigitalSign.ofd"]


@pytest.mark.parametrize("ofd", ALL)
def test_parse_then_reencode_gives_the_same_bytes(ofd: str) -> None:
    seen = 0
    for name, der in _members(ofd).items():
        if name.endswith(".esl"):
            assert load_seal_asn1(der).dump(force=True) == der
            parse_seal(der)
            seen += 1
            continue
        if ofd in ("DigitalSign.ofd", "keyword.ofd") and name.endswith(
            ("Sign_0/SignedValue.dat", "Sign_3/SignedValue.dat")
        ):
            # Type=Sign files hold other kinds of signature
            with pytest.raises(SealFormatError, match="not an electronic seal"):
                load_signature_asn1(der)
            continue
        structure = load_signature_asn1(der)
        assert structure.dump(force=True) == der
        parse_signature(der)
        seen += 1
    if ofd != "DigitalSign.ofd":
        assert seen


def _signature(ofd: str, sign: str = "Sign_0") -> bytes:
    return _members(ofd)[f"Doc_0/Signs/{sign}/SignedValue.dat"]


def test_v4_signature_checks() -> None:
    report = check_signature(_signature("999.ofd"))
    assert report.ok, [c.en for c in report.failed]
    sig = parse_signature(_signature("999.ofd"))
    assert sig.seal.picture_type == "ofd"  # a tax invoice seal is a nested OFD
    assert sig.property_info == "/Doc_0/Signs/Sign_0/Signature.xml"


def test_v4_raw_rs_signature_and_lenient_certificate() -> None:
    sig = parse_signature(_signature("keyword.ofd", "Sign_1"))
    assert len(sig.signature) == 64  # raw r || s
    report = check_signature(sig.der)
    assert {c.name: c.status for c in report.checks}["signer_signature"] == "ok"


def test_v1_seal_and_its_quirks() -> None:
    sig = parse_signature(_signature("n.ofd"))
    assert sig.version == 1 and sig.seal.version == 1
    assert sig.time_info.startswith("2020-01-25")
    status = {c.name: c.status for c in check_signature(sig.der).checks}
    assert status["maker_signature"] == "ok"
    # dms360 signs e = dataHash only: valid math, but time and seal are not covered by it
    assert status["signer_signature"] == "unknown"
    # this seal's certList holds the text "1", not a certificate: a correct verifier says so
    assert status["signer_in_seal"] == "failed"


def test_expired_test_seal_is_reported_at_signing_time() -> None:
    report = check_signature(_signature("SESV4SignDoc.ofd"))
    failed = {c.name for c in report.failed}
    assert failed == {"seal_validity", "signer_validity"}
    assert "已过期" in next(c.zh for c in report.failed if c.name == "seal_validity")


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGBA", (64, 64), (230, 0, 18, 255)).save(buf, "PNG")
    return buf.getvalue()


def _small_seal(maker: SoftKeySigner, *, name: str = "章", picture: bytes | None = None) -> bytes:
    now = dt.datetime.now(dt.UTC)
    return build_seal(
        maker=maker,
        name=name,
        seal_type=1,
        picture=picture or _png(),
        picture_type="png",
        width_mm=40,
        height_mm=40,
        signer_certs=[b"cert"],
        valid_from=now,
        valid_to=now + dt.timedelta(days=1),
    )


@pytest.fixture
def sm2_maker(tmp_path: Path) -> SoftKeySigner:
    """A maker with an SM2 soft key (self-signed certificate made with asn1crypto)."""
    from tests.ukey.test_sm2_vendor import _sm2_certificate

    key = sm2.generate_key()
    return SoftKeySigner(key=key, certificate=_sm2_certificate(key))


def test_build_and_check_our_seal(sm2_maker: SoftKeySigner) -> None:
    ca = make_root_ca("unit")
    now = dt.datetime.now(dt.UTC)
    der = build_seal(
        maker=sm2_maker,
        name="上海示例科技有限公司合同专用章",
        seal_type=1,
        picture=_png(),
        picture_type="png",
        width_mm=42,
        height_mm=42,
        signer_certs=[ca.certificate_der],
        valid_from=now - dt.timedelta(days=1),
        valid_to=now + dt.timedelta(days=365),
    )
    seal = parse_seal(der)
    assert seal.version == 4 and seal.cert_list == (ca.certificate_der,)
    assert load_seal_asn1(der).dump(force=True) == der
    report = check_seal(der)
    assert report.ok, [c.en for c in report.failed]
    # one flipped byte in the name: the maker's signature no longer holds
    tampered = der.replace("合同".encode(), "合伺".encode(), 1)
    assert {c.name for c in check_seal(tampered).failed} == {"maker_signature"}
    # digests instead of certificates (certListType 2)
    digested = parse_seal(
        build_seal(
            maker=sm2_maker,
            name="x",
            seal_type=2,
            picture=_png(),
            picture_type="png",
            width_mm=20,
            height_mm=20,
            signer_certs=[ca.certificate_der],
            cert_list_type=2,
            valid_from=now,
            valid_to=now + dt.timedelta(days=1),
        )
    )
    assert digested.cert_list_type == 2 and digested.cert_digest_algorithms == ("sm3",)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda d: d[: len(d) // 2],  # truncated
        lambda d: b"\x31" + d[1:],  # wrong outer tag
        lambda d: d[:1] + b"\x84\x7f\xff\xff\xff" + d[4:],  # length past the end
        lambda d: b"",
        lambda d: b"\x30\x03\x02\x01\x09",  # one member
    ],
)
def test_malformed_seals_are_refused_with_a_reason(sm2_maker: SoftKeySigner, mangle) -> None:  # type: ignore[no-untyped-def]
    der = _small_seal(sm2_maker)
    with pytest.raises(SealFormatError):
        parse_seal(mangle(der))


def test_unknown_version_and_huge_picture(sm2_maker: SoftKeySigner) -> None:
    der = _small_seal(sm2_maker)
    # header {IA5 "ES", INTEGER 4, ...}: make the version 9
    marker = b"\x16\x02ES\x02\x01\x04"
    assert marker in der
    with pytest.raises(SealFormatError, match="unknown seal version 9"):
        parse_seal(der.replace(marker, b"\x16\x02ES\x02\x01\x09", 1))
    big = b"\x89PNG" + b"\0" * (10 * 1024 * 1024)
    der = _small_seal(sm2_maker, name="大图", picture=big)
    assert {c.name for c in check_seal(der).failed} == {"picture"}
