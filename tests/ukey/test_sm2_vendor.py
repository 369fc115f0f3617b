"""SM2-with-SM3 through vendor profiles (SoftHSM2 has no SM2: a vendor key double signs).

Every signature is checked by tongsuopy (OpenSSL's SM2 with the default ID), which also
cross-checks our Z computation when the double signs e with gmssl.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from asn1crypto import algos, keys, x509
from tongsuopy.crypto import hashes, serialization
from tongsuopy.crypto.asymciphers import ec

from sealdesk.signing import SignatureAlgorithm
from sealdesk.ukey import TokenSigner
from sealdesk.ukey._translate import vendor_member
from sealdesk.ukey.profiles import load_profiles
from tests.ukey.doubles import FakeSm2Key


def _sm2_certificate(private_key: Any) -> bytes:
    """A self-signed SM2 certificate (SM2 key OID 1.2.156.10197.1.301, sig 1.2.156.10197.1.501)."""
    point = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    name = x509.Name.build({"common_name": "SM2 测试", "organization_name": "SealDesk"})
    spki = keys.PublicKeyInfo(
        {
            "algorithm": {
                "algorithm": "ec",
                "parameters": keys.ECDomainParameters("named", "1.2.156.10197.1.301"),
            },
            "public_key": point,
        }
    )
    sig_alg = algos.SignedDigestAlgorithm({"algorithm": "1.2.156.10197.1.501"})
    now = dt.datetime.now(dt.UTC)
    tbs = x509.TbsCertificate(
        {
            "version": "v3",
            "serial_number": 1,
            "signature": sig_alg,
            "issuer": name,
            "validity": {
                "not_before": x509.Time({"utc_time": now}),
                "not_after": x509.Time({"utc_time": now + dt.timedelta(days=30)}),
            },
            "subject": name,
            "subject_public_key_info": spki,
        }
    )
    signature = private_key.sign(tbs.dump(), ec.ECDSA(hashes.SM3()))
    return bytes(
        x509.Certificate(
            {"tbs_certificate": tbs, "signature_algorithm": sig_alg, "signature_value": signature}
        ).dump()
    )


class _Token:
    def __init__(self, profile: Any, mechanisms: set[int]) -> None:
        import threading

        self.profile = profile
        self.lock = threading.RLock()
        self._mechanisms = mechanisms

    def mechanisms(self) -> set[int]:
        return self._mechanisms

    def translated(self) -> Any:
        from sealdesk.ukey._translate import Translator

        return Translator()


class _Session:
    def __init__(self, token: _Token) -> None:
        self.token = token


@pytest.mark.parametrize("vendor", ["sansec", "tass", "koal", "ibm-ep11"])
def test_sm2_signature_through_vendor_profile(vendor: str) -> None:
    profile = next(p for p in load_profiles() if p.id == vendor)
    assert profile.sm2 is not None
    mechanisms = {profile.sm2.sign_mechanism}
    if profile.sm2.sm3_sm2_mechanism:
        mechanisms.add(profile.sm2.sm3_sm2_mechanism)
    private_key = ec.generate_private_key(ec.SM2())
    cert = _sm2_certificate(private_key)
    key = FakeSm2Key(
        key_type=vendor_member(__import__("pkcs11").KeyType, profile.sm2.key_type),
        private_key=private_key,
        encoding=profile.sm2.signature_encoding,
    )
    signer = TokenSigner(_Session(_Token(profile, mechanisms)), key=key, certificate=cert)  # type: ignore[arg-type]
    assert signer.algorithm is SignatureAlgorithm.SM2_SM3
    message = "电子印章签名原文".encode() * 50
    signature = signer.sign(message)
    private_key.public_key().verify(signature, message, ec.ECDSA(hashes.SM3()))
    mechanism, length = key.calls[-1]
    if profile.sm2.hashes_with_z:
        assert (mechanism, length) == (profile.sm2.sm3_sm2_mechanism, len(message))
    else:
        assert (mechanism, length) == (profile.sm2.sign_mechanism, 32)  # e computed by us


def test_sm2_profile_without_the_mechanism_is_refused() -> None:
    from sealdesk.ukey import NotSupported

    profile = next(p for p in load_profiles() if p.id == "tass")
    assert profile.sm2 is not None
    profile = replace(profile, sm2=replace(profile.sm2, hashes_with_z=False))
    private_key = ec.generate_private_key(ec.SM2())
    key = FakeSm2Key(
        key_type=vendor_member(__import__("pkcs11").KeyType, profile.sm2.key_type),
        private_key=private_key,
        encoding="der",
    )
    with pytest.raises(NotSupported):
        TokenSigner(
            _Session(_Token(profile, set())),
            key=key,  # type: ignore[arg-type]
            certificate=_sm2_certificate(private_key),
        )
