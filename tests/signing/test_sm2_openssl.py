"""SM2 interop with OpenSSL 3 in both directions, and soft keys (软证书) as signers."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from tongsuopy.crypto import serialization as tserial

from sealdesk.signing import SignatureAlgorithm, sm2
from sealdesk.signing.certinfo import certificate_info
from sealdesk.signing.certverify import check_signature, public_point_of
from sealdesk.signing.demo_pki import make_root_ca
from sealdesk.signing.softkey import SoftKeyError, SoftKeySigner
from tests.conftest import require

DISTID = "distid:1234567812345678"


def _openssl(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, check=False)


def _openssl_verifies(cwd: Path, public_pem: str, signature: str, message: str) -> bool:
    result = _openssl(
        "dgst",
        "-sm3",
        "-verify",
        public_pem,
        "-sigopt",
        DISTID,
        "-signature",
        signature,
        message,
        cwd=cwd,
    )
    return result.returncode == 0 and b"Verified OK" in result.stdout


@pytest.fixture
def openssl_sm2(tmp_path: Path) -> Path:
    """An SM2 key and self-signed SM3 certificate made by `openssl req -x509`."""
    require(shutil.which("openssl") is not None, "openssl 3")
    made = _openssl(
        "req",
        "-x509",
        "-newkey",
        "sm2",
        "-nodes",
        "-keyout",
        "key.pem",
        "-out",
        "cert.pem",
        "-sm3",
        "-sigopt",
        DISTID,
        "-days",
        "30",
        "-subj",
        "/C=CN/O=测试单位/CN=OpenSSL SM2",
        "-utf8",
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr.decode()
    return tmp_path


def test_openssl_verifies_our_sm2_signature(tmp_path: Path) -> None:
    key = sm2.generate_key()
    message = "电子印章 SM2 互通".encode() * 100
    (tmp_path / "msg").write_bytes(message)
    (tmp_path / "sig").write_bytes(sm2.sign(key, message))
    (tmp_path / "pub.pem").write_bytes(
        key.public_key().public_bytes(
            tserial.Encoding.PEM, tserial.PublicFormat.SubjectPublicKeyInfo
        )
    )
    assert _openssl_verifies(tmp_path, "pub.pem", "sig", "msg")
    (tmp_path / "msg").write_bytes(message + b"!")
    assert not _openssl_verifies(tmp_path, "pub.pem", "sig", "msg")


def test_we_verify_openssl_sm2_signatures_and_certificates(openssl_sm2: Path) -> None:
    d = openssl_sm2
    message = b"signed by openssl"
    (d / "msg").write_bytes(message)
    signed = _openssl(
        "dgst", "-sm3", "-sign", "key.pem", "-sigopt", DISTID, "-out", "sig", "msg", cwd=d
    )
    assert signed.returncode == 0, signed.stderr
    cert_der = x509.load_pem_x509_certificate((d / "cert.pem").read_bytes()).public_bytes(
        serialization.Encoding.DER
    )
    point = public_point_of(cert_der)
    signature = (d / "sig").read_bytes()
    assert sm2.verify(point, signature, message)
    assert not sm2.verify(point, signature, message + b"x")
    # the certificate: SM2 key, parsed, its SM3-with-SM2 self-signature checks out
    info = certificate_info(cert_der)
    assert info.key_algorithm == "SM2" and info.organization == "测试单位"
    assert check_signature(cert_der, cert_der)
    tampered = bytearray(cert_der)
    tampered[-5] ^= 0x01
    assert not check_signature(bytes(tampered), cert_der)
    # and the key file works as a soft signer whose signatures OpenSSL accepts
    signer = SoftKeySigner.from_files(d / "key.pem", d / "cert.pem")
    assert signer.algorithm is SignatureAlgorithm.SM2_SM3
    (d / "sig2").write_bytes(signer.sign(message))
    ok = _openssl("x509", "-in", "cert.pem", "-pubkey", "-noout", "-out", "pub.pem", cwd=d)
    assert ok.returncode == 0
    assert _openssl_verifies(d, "pub.pem", "sig2", "msg")
    # the same key as a PKCS#12 (.pfx) file, as 软证书 are often handed out
    exported = _openssl(
        "pkcs12",
        "-export",
        "-inkey",
        "key.pem",
        "-in",
        "cert.pem",
        "-out",
        "soft.p12",
        "-passout",
        "pass:口令123",
        cwd=d,
    )
    assert exported.returncode == 0, exported.stderr
    from_p12 = SoftKeySigner.from_files(d / "soft.p12", None, "口令123")
    assert from_p12.algorithm is SignatureAlgorithm.SM2_SM3
    assert from_p12.certificate == cert_der
    assert sm2.verify(point, from_p12.sign(message), message)
    with pytest.raises(SoftKeyError) as wrong:
        SoftKeySigner.from_files(d / "soft.p12", None, "wrong")
    assert wrong.value.reason == "password"


def test_other_distinguishing_ids() -> None:
    key = sm2.generate_key()
    signature = sm2.sign(key, b"m", sm2_id=b"ALICE123@YAHOO.COM")
    assert sm2.verify(key.public_key(), signature, b"m", sm2_id=b"ALICE123@YAHOO.COM")
    assert not sm2.verify(key.public_key(), signature, b"m")


def test_rsa_and_ec_soft_keys_pem_and_pkcs12(tmp_path: Path) -> None:
    ca = make_root_ca("Soft CA")
    for key in (
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
        ec.generate_private_key(ec.SECP256R1()),
    ):
        cert = (
            x509.CertificateBuilder()
            .subject_name(ca.certificate.subject)
            .issuer_name(ca.certificate.subject)
            .public_key(key.public_key())
            .serial_number(7)
            .not_valid_before(ca.certificate.not_valid_before_utc)
            .not_valid_after(ca.certificate.not_valid_after_utc)
            .sign(ca.key, hashes.SHA256())
        )
        (tmp_path / "k.pem").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.BestAvailableEncryption(b"secret"),
            )
        )
        (tmp_path / "c.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        (tmp_path / "k.p12").write_bytes(
            pkcs12.serialize_key_and_certificates(
                b"k", key, cert, [ca.certificate], serialization.BestAvailableEncryption(b"secret")
            )
        )
        for signer in (
            SoftKeySigner.from_files(tmp_path / "k.pem", tmp_path / "c.pem", "secret"),
            SoftKeySigner.from_files(tmp_path / "k.p12", None, "secret"),
        ):
            sig = signer.sign(b"data")
            if isinstance(key, rsa.RSAPrivateKey):
                key.public_key().verify(sig, b"data", padding.PKCS1v15(), hashes.SHA256())
            else:
                key.public_key().verify(sig, b"data", ec.ECDSA(hashes.SHA256()))
        with pytest.raises(SoftKeyError) as err:
            SoftKeySigner.from_files(tmp_path / "k.pem", tmp_path / "c.pem", "wrong")
        assert err.value.reason in ("password", "unreadable")
    # a certificate that is not the key's
    other = ec.generate_private_key(ec.SECP256R1())
    (tmp_path / "o.pem").write_bytes(
        other.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with pytest.raises(SoftKeyError) as mismatch:
        SoftKeySigner.from_files(tmp_path / "o.pem", tmp_path / "c.pem")
    assert mismatch.value.reason == "mismatch"


def test_openssl_accepts_our_sm2_certificates(tmp_path: Path) -> None:
    """Certificates we issue with SM2 (the demo maker and unit ones) verify in OpenSSL."""
    from sealdesk.signing.demo_pki import issue_sm2_certificate, make_sm2_ca

    root = make_sm2_ca("SM2 根 CA")
    leaf_key = sm2.generate_key()
    leaf = issue_sm2_certificate(
        issuer_key=root.key,
        issuer_name=root.name,
        subject={"country_name": "CN", "common_name": "制章人"},
        public_key_der=sm2.public_key_der(leaf_key),
        is_ca=False,
    )
    for name, der in (("root", root.certificate), ("leaf", leaf)):
        (tmp_path / f"{name}.der").write_bytes(der)
        assert (
            _openssl(
                "x509", "-inform", "DER", "-in", f"{name}.der", "-out", f"{name}.pem", cwd=tmp_path
            ).returncode
            == 0
        )
    verified = _openssl(
        "verify", "-vfyopt", DISTID, "-CAfile", "root.pem", "leaf.pem", cwd=tmp_path
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert check_signature(leaf, root.certificate)
