"""Certificate identity fields and the SM2 helpers, against independent implementations."""

from __future__ import annotations

import pytest
from gmssl import sm2 as gmssl_sm2
from tongsuopy.crypto import hashes, serialization
from tongsuopy.crypto.asymciphers import ec

from sealdesk.signing.certinfo import CertificateError, certificate_info, is_credit_code
from sealdesk.signing.demo_pki import UnitIdentity, issue_unit_certificate, make_root_ca
from sealdesk.signing.gm import der_to_raw_signature, raw_to_der_signature, sm2_digest


def test_credit_code_check_character() -> None:
    assert is_credit_code("91440300708461136T")  # a published code
    assert is_credit_code("91310000132149237G")
    assert not is_credit_code("91440300708461136A")
    assert not is_credit_code("9144030070846113")
    assert not is_credit_code("91440300708461136O")  # O is not in the alphabet


def test_unit_certificate_fields() -> None:
    ca = make_root_ca("Test CA")
    from cryptography.hazmat.primitives import serialization as cs
    from cryptography.hazmat.primitives.asymmetric import ec as cec

    key = cec.generate_private_key(cec.SECP256R1())
    spki = key.public_key().public_bytes(cs.Encoding.DER, cs.PublicFormat.SubjectPublicKeyInfo)
    unit = UnitIdentity(
        name="测试单位", credit_code="91440300708461136T", entity_id="E1", device_id="D1"
    )
    info = certificate_info(
        issue_unit_certificate(ca, public_key_der=spki, unit=unit, key_label="k")
    )
    assert (info.credit_code, info.credit_code_source) == (
        "91440300708461136T",
        "1.2.156.112570.11.210",
    )
    assert (info.entity_id, info.device_id, info.organization) == ("E1", "D1", "测试单位")
    assert "O=测试单位" in info.subject and info.issuer_cn == "Test CA"


def test_credit_code_from_subject_when_no_extension() -> None:
    ca = make_root_ca("统一社会信用代码:91310000132149237G")
    info = certificate_info(ca.certificate_der)
    assert info.credit_code == "91310000132149237G"
    assert info.credit_code_source == "subject"


@pytest.mark.parametrize("data", [b"", b"\x30\x03\x02\x01", b"not a cert" * 10])
def test_malformed_certificates(data: bytes) -> None:
    with pytest.raises(CertificateError):
        certificate_info(data)


def test_sm2_digest_matches_openssl_and_gmssl() -> None:
    """tongsuopy (OpenSSL) signs with its own Z; gmssl verifies over our e = SM3(Z || M)."""
    key = ec.generate_private_key(ec.SM2())
    point = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    message = "国密 SM2 签名".encode()
    raw = der_to_raw_signature(key.sign(message, ec.ECDSA(hashes.SM3())))
    verifier = gmssl_sm2.CryptSM2(private_key="", public_key="", mode=1)
    # set after construction: gmssl lstrip("04")s a key given as "04…", eating an X that
    # itself starts with 0 or 4 (1 key in 256 broke this test)
    verifier.public_key = point[1:].hex()
    assert verifier.verify(raw.hex(), sm2_digest(point, message))
    assert not verifier.verify(raw.hex(), sm2_digest(point, message + b"!"))
    assert der_to_raw_signature(raw_to_der_signature(raw)) == raw
