"""The ukey layer against a real SoftHSM2 token."""

from __future__ import annotations

import threading

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from sealdesk.app.demo import DEMO_TOKEN_LABEL, DEMO_UNIT, DEMO_USER_PIN
from sealdesk.signing import SignatureAlgorithm
from sealdesk.ukey import (
    ObjectNotFound,
    PinIncorrect,
    Pkcs11Module,
    Token,
    TokenNotFound,
    TokenSigner,
    UKeyError,
)
from sealdesk.ukey.token import PENDING_SUFFIX, SEALDESK_APPLICATION


def test_lists_the_demo_token(module: Pkcs11Module) -> None:
    tokens = module.tokens()
    assert [t.label for t in tokens] == [DEMO_TOKEN_LABEL]
    t = tokens[0]
    assert t.manufacturer == "SoftHSM project"
    assert t.model == "SoftHSM v2"
    assert len(t.serial) == 16
    assert t.login_required
    assert not t.pin.locked
    assert module.profile.id == "softhsm2"


def test_unknown_label_names_the_present_ones(module: Pkcs11Module) -> None:
    with pytest.raises(TokenNotFound) as err:
        module.open("不存在的Key")
    assert err.value.available == (DEMO_TOKEN_LABEL,)


def test_certificates_carry_the_unit_identity(token: Token) -> None:
    with token.session() as session:  # public objects: no PIN needed
        certs = {c.label: c for c in session.certificates()}
    assert set(certs) == {"demo-root-ca", "unit-rsa", "unit-ec"}
    for label, algorithm in (("unit-rsa", "RSA-2048"), ("unit-ec", "EC P-256")):
        info = certs[label].info
        assert info is not None
        assert info.credit_code == DEMO_UNIT.credit_code
        assert info.credit_code_source == "1.2.156.112570.11.210"
        assert info.entity_id == DEMO_UNIT.entity_id
        assert info.device_id == DEMO_UNIT.device_id
        assert info.organization == DEMO_UNIT.name
        assert info.key_algorithm == algorithm
        assert "SealDesk" in info.issuer_cn
    root = certs["demo-root-ca"].info
    assert root is not None and root.is_ca


def test_wrong_pin_then_right_pin(token: Token) -> None:
    with pytest.raises(PinIncorrect) as err:
        token.session("000000")
    # SoftHSM2 sets COUNT_LOW but gives no count: "unknown" is the honest answer
    assert err.value.tries_left is None
    assert err.value.count_low
    with token.session(DEMO_USER_PIN) as session:
        assert session.logged_in
    assert not token.pin_status().count_low  # a good login resets the counter


@pytest.mark.parametrize(
    ("key_id", "algorithm"),
    [
        (b"\x01", SignatureAlgorithm.RSA_PKCS1_SHA256),
        (b"\x02", SignatureAlgorithm.ECDSA_P256_SHA256),
    ],
)
def test_signatures_verify_with_cryptography(
    token: Token, key_id: bytes, algorithm: SignatureAlgorithm
) -> None:
    data = "合同正文 contract body".encode() * 100
    with token.session(DEMO_USER_PIN) as session:
        signer = TokenSigner.from_session(session, key_id)
        assert signer.algorithm is algorithm
        signature = signer.sign(data)
        # the chain reaches the demo root stored on the key
        assert len(signer.chain) == 1
        public_key = x509.load_der_x509_certificate(signer.certificate).public_key()
    if isinstance(public_key, rsa.RSAPublicKey):
        public_key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
    else:
        assert isinstance(public_key, ec.EllipticCurvePublicKey)
        public_key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        with pytest.raises(InvalidSignature):
            public_key.verify(signature, data + b"x", ec.ECDSA(hashes.SHA256()))


def test_signing_from_many_threads(token: Token) -> None:
    """One operation at a time per token: concurrent callers all get valid signatures."""
    with token.session(DEMO_USER_PIN) as session:
        signer = TokenSigner.from_session(session, b"\x02")
        public_key = x509.load_der_x509_certificate(signer.certificate).public_key()
        assert isinstance(public_key, ec.EllipticCurvePublicKey)
        failures: list[BaseException] = []

        def work(n: int) -> None:
            try:
                for i in range(20):
                    data = f"{n}-{i}".encode()
                    public_key.verify(signer.sign(data), data, ec.ECDSA(hashes.SHA256()))
            except BaseException as e:
                failures.append(e)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert failures == []


def test_data_objects_write_read_replace_delete(token: Token) -> None:
    seal = "电子印章".encode() + bytes(range(256)) * 40
    with token.session(DEMO_USER_PIN, rw=True) as session:
        session.write_data("合同专用章", seal)
        assert session.read_data("合同专用章") == seal
        session.write_data("合同专用章", seal[::-1])  # replace
        assert session.read_data("合同专用章") == seal[::-1]
        listed = [o for o in session.list_data() if o.label == "合同专用章"]
        assert len(listed) == 1 and listed[0].size == len(seal)
        session.delete_data("合同专用章")
        assert all(o.label != "合同专用章" for o in session.list_data())
        with pytest.raises(ObjectNotFound):
            session.read_data("合同专用章")
    # readable without a PIN (seals are public), and objects persist across sessions
    with token.session(DEMO_USER_PIN, rw=True) as session:
        session.write_data("公章", b"v1")
    with token.session() as session:
        assert session.read_data("公章") == b"v1"
    with token.session(DEMO_USER_PIN, rw=True) as session:
        session.delete_data("公章")


def test_an_interrupted_replace_keeps_a_complete_copy(token: Token) -> None:
    """A key pulled after the old object was destroyed leaves only the pending copy."""
    with token.session(DEMO_USER_PIN, rw=True) as session:
        session._create_data(SEALDESK_APPLICATION + PENDING_SUFFIX, "财务章", b"new", False)
        assert session.read_data("财务章") == b"new"
        assert [o.label for o in session.list_data() if o.label == "财务章"] == ["财务章"]
        session.write_data("财务章", b"newer")  # the next write cleans up
        assert session.read_data("财务章") == b"newer"
        assert session._data_objects(SEALDESK_APPLICATION + PENDING_SUFFIX, "财务章") == []
        session.delete_data("财务章")


def test_change_pin_and_back(token: Token) -> None:
    token.change_pin(DEMO_USER_PIN, "654321")
    try:
        with pytest.raises(PinIncorrect):
            token.session(DEMO_USER_PIN)
        with token.session("654321") as session:
            assert session.logged_in
    finally:
        token.change_pin("654321", DEMO_USER_PIN)
    with token.session(DEMO_USER_PIN):
        pass


def test_concurrent_writes_of_one_label_do_not_destroy_each_other(token: Token) -> None:
    with token.session(DEMO_USER_PIN, rw=True) as session:
        errors: list[BaseException] = []

        def work(n: int) -> None:
            try:
                for i in range(10):
                    session.write_data("并发章", f"{n}-{i}".encode())
            except BaseException as e:
                errors.append(e)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert len([o for o in session.list_data() if o.label == "并发章"]) == 1
        session.delete_data("并发章")


def test_a_lone_pending_copy_survives_the_next_write(token: Token) -> None:
    """Old value already gone, only the pending copy left: the next write must not lose it
    before its own value is safely written."""
    with token.session(DEMO_USER_PIN, rw=True) as session:
        session._create_data(SEALDESK_APPLICATION + PENDING_SUFFIX, "孤章", b"only-copy", False)
        session.write_data("孤章", b"next")
        assert session.read_data("孤章") == b"next"
        assert session._data_objects(SEALDESK_APPLICATION + PENDING_SUFFIX, "孤章") == []
        session.delete_data("孤章")


def test_every_pin_entry_is_checked_even_while_logged_in(token: Token) -> None:
    """C_Login on a token this process is logged in to answers "already logged in" without
    looking at the PIN: a wrong PIN must still be refused, and nothing stays logged in."""
    with token.session(DEMO_USER_PIN) as first:
        assert TokenSigner.from_session(first, b"\x02").sign(b"x")
        with pytest.raises(PinIncorrect):
            token.session("000000")
    # the wrong entry left the process logged out: a session without a PIN cannot sign
    with token.session() as anonymous, pytest.raises(UKeyError):
        TokenSigner.from_session(anonymous, b"\x02").sign(b"x")
    with token.session(DEMO_USER_PIN) as again:
        assert TokenSigner.from_session(again, b"\x02").sign(b"x")
