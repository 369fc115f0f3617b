"""SM2 PDF signatures (CMS with GM/T 0010 OIDs): soft keys and vendor keys sign through
pyHanko, our verifier checks them, and OpenSSL checks the signature value on its own."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import cms
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from tongsuopy.crypto.asymciphers import ec

from sealdesk.app.demo import DemoKey
from sealdesk.signing.jobs import SignOptions
from sealdesk.signing.pdf.sign import sign_pdf
from sealdesk.signing.pdf.verify import SignatureResult, verify_pdf
from sealdesk.signing.signer import SignatureAlgorithm
from sealdesk.signing.softkey import SoftKeySigner
from sealdesk.ukey import TokenSigner
from sealdesk.ukey._translate import vendor_member
from sealdesk.ukey.profiles import load_profiles
from tests.conftest import require
from tests.signing import pdf_attacks as attacks
from tests.ukey.doubles import FakeSm2Key
from tests.ukey.test_sm2_vendor import _Session, _sm2_certificate, _Token

OID_SM3 = "1.2.156.10197.1.401"
OID_SM2_SM3 = "1.2.156.10197.1.501"
OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"


def _verdict(sig: SignatureResult) -> tuple[str, bool, bool, bool]:
    return sig.verdict, sig.intact, sig.signature_valid, sig.trusted


def _sm2_root(demo_key: DemoKey) -> bytes:
    return (demo_key.pki / "sm2-root-ca.pem").read_bytes()


@pytest.fixture(scope="module")
def sm2_signed(demo_key: DemoKey) -> bytes:
    signer = SoftKeySigner.from_files(demo_key.unit_sm2_key, demo_key.unit_sm2_cert)
    assert signer.algorithm is SignatureAlgorithm.SM2_SM3
    return sign_pdf(attacks.make_pdf(pages=2), signer=signer, options=SignOptions())


def test_sm2_soft_key_signature_is_valid_and_trusted(sm2_signed: bytes, demo_key: DemoKey) -> None:
    report = verify_pdf(sm2_signed, trust_roots=[_sm2_root(demo_key)])
    (sig,) = report.signatures
    assert _verdict(sig) == ("valid", True, True, True)
    assert sig.signer is not None and "unit-sm2" in sig.signer
    assert "Demo SM2 Root" in " ".join(r.message("en") for r in sig.reasons)
    untrusted = verify_pdf(sm2_signed).signatures[0]
    assert _verdict(untrusted) == ("indeterminate", True, True, False)


def test_sm2_changed_byte_is_invalid(sm2_signed: bytes, demo_key: DemoKey) -> None:
    box = b"/MediaBox[0 0 595 842]"
    assert sm2_signed.count(box) == 2  # the covered revision holds them
    tampered = sm2_signed.replace(box, b"/MediaBox[0 0 596 842]", 1)
    (sig,) = verify_pdf(tampered, trust_roots=[_sm2_root(demo_key)]).signatures
    assert _verdict(sig)[:3] == ("invalid", False, False)
    assert "not_intact" in {r.code for r in sig.reasons}


def _cms(signed: bytes) -> tuple[cms.ContentInfo, bytes]:
    """The CMS in the last /Contents and the bytes its ByteRange covers, read with no pyHanko."""
    _s, _e, lt, gt = attacks._last_sig_positions(signed)
    a, b, c, d = attacks._byte_range(signed)
    assert (a, a + b, c) == (0, lt, gt)  # the range is everything but <Contents>
    info = cms.ContentInfo.load(bytes.fromhex(signed[lt + 1 : gt - 1].decode()))
    return info, signed[a : a + b] + signed[c : c + d]


def test_sm2_forged_signature_value_is_invalid(sm2_signed: bytes, demo_key: DemoKey) -> None:
    """Digest intact, signature value made over other bytes: SM2 itself is checked."""
    info, _covered = _cms(sm2_signed)
    signer = SoftKeySigner.from_files(demo_key.unit_sm2_key, demo_key.unit_sm2_cert)
    info["content"]["signer_infos"][0]["signature"] = signer.sign(b"other bytes")
    forged = attacks._set_contents_hex(sm2_signed, info.dump(force=True).hex().encode())
    (sig,) = verify_pdf(forged, trust_roots=[_sm2_root(demo_key)]).signatures
    assert _verdict(sig)[:3] == ("invalid", True, False)
    assert "bad_signature" in {r.code for r in sig.reasons}


def test_openssl_checks_the_sm2_signature_and_digest(
    sm2_signed: bytes, demo_key: DemoKey, tmp_path: Path
) -> None:
    """Independent of pyHanko and of our SM2 code: OpenSSL 3 verifies the value over the DER
    signed attributes with the default ID, and the messageDigest is SM3 of the ByteRange."""
    require(shutil.which("openssl") is not None, "openssl 3")
    info, covered = _cms(sm2_signed)
    signer_info = info["content"]["signer_infos"][0]
    assert signer_info["digest_algorithm"]["algorithm"].dotted == OID_SM3
    assert signer_info["signature_algorithm"]["algorithm"].dotted == OID_SM2_SM3
    (covered_path := tmp_path / "covered.bin").write_bytes(covered)
    sm3 = subprocess.run(
        ["openssl", "dgst", "-sm3", "-binary", str(covered_path)],
        capture_output=True,
        check=True,
    ).stdout
    attrs = signer_info["signed_attrs"]
    (digest,) = [a["values"][0].native for a in attrs if a["type"].dotted == OID_MESSAGE_DIGEST]
    assert digest == sm3 == hashlib.new("sm3", covered).digest()

    signature = signer_info["signature"].native
    r, s = decode_dss_signature(signature)  # DER SEQUENCE {r, s}
    assert r > 0 and s > 0
    (tmp_path / "attrs.der").write_bytes(attrs.untag().dump())
    (tmp_path / "sig.der").write_bytes(signature)
    public = subprocess.run(
        ["openssl", "x509", "-in", str(demo_key.unit_sm2_cert), "-pubkey", "-noout"],
        capture_output=True,
        check=True,
    ).stdout
    (tmp_path / "pub.pem").write_bytes(public)

    def openssl_verifies(distid: str) -> bool:
        result = subprocess.run(
            [
                *("openssl", "pkeyutl", "-verify", "-rawin", "-digest", "sm3"),
                *("-pubin", "-inkey", str(tmp_path / "pub.pem")),
                *("-pkeyopt", f"distid:{distid}"),
                *("-in", str(tmp_path / "attrs.der"), "-sigfile", str(tmp_path / "sig.der")),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        return result.returncode == 0 and "Signature Verified Successfully" in result.stdout

    assert openssl_verifies("1234567812345678")
    assert not openssl_verifies("1234567812345679")  # the check is real: Z depends on the ID


@pytest.mark.parametrize("vendor", ["sansec", "tass"])
def test_sm2_token_signer_through_a_vendor_profile(vendor: str) -> None:
    """A UKey's SM2 key (vendor mechanism numbers, raw or DER, Z on the key or by us)."""
    profile = next(p for p in load_profiles() if p.id == vendor)
    assert profile.sm2 is not None
    mechanisms = {profile.sm2.sign_mechanism, profile.sm2.sm3_sm2_mechanism or 0}
    private_key: Any = ec.generate_private_key(ec.SM2())
    cert = _sm2_certificate(private_key)
    key = FakeSm2Key(
        key_type=vendor_member(__import__("pkcs11").KeyType, profile.sm2.key_type),
        private_key=private_key,
        encoding=profile.sm2.signature_encoding,
    )
    signer = TokenSigner(_Session(_Token(profile, mechanisms)), key=key, certificate=cert)  # type: ignore[arg-type]
    signed = sign_pdf(attacks.make_pdf(), signer=signer, options=SignOptions())
    (sig,) = verify_pdf(signed, trust_roots=[cert]).signatures
    assert _verdict(sig) == ("valid", True, True, True)
    assert key.calls  # the key signed, not a soft copy
