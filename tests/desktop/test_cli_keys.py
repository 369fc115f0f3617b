"""Which key signs, and which secret opens what: the key's certificate the seal names and that
may sign, whatever order the token lists its objects in; the PIN for the key, a password of its
own for a key file."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from sealdesk.app.demo import DEMO_SEAL_NAME, DEMO_TOKEN_LABEL, DEMO_USER_PIN, DemoKey
from sealdesk.signing.demo_pki import _key_usage, make_root_ca
from tests.conftest import run_cli
from tests.signing.pdf_attacks import make_pdf

_ADD_ENCRYPTION_KEY = """
import sys
from sealdesk.app.keys import key_session, open_module
from sealdesk.app.settings import Settings
from sealdesk.ukey.provision import generate_key_pair, store_certificate
from tests.desktop.test_cli_keys import encryption_certificate
module, _ = open_module(sys.argv[1], Settings())
with key_session(module, sys.argv[2], lambda _info: sys.argv[3], rw=True) as session:
    spki = generate_key_pair(session, "rsa2048", key_id=b"\\x00", label="unit-encryption")
    store_certificate(session, encryption_certificate(spki), key_id=b"\\x00",
                      label="unit-encryption")
"""


def encryption_certificate(spki: bytes) -> bytes:
    """The encryption certificate a 法人一证通 key also holds: keyEncipherment only."""
    ca = make_root_ca("Encryption CA")
    subject = x509.Name(
        [x509.NameAttribute(x509.NameOID.COMMON_NAME, "上海示例科技有限公司 (加密)")]
    )

    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(serialization.load_der_public_key(spki))  # type: ignore[arg-type]
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(_key_usage("key_encipherment"), critical=True)
        .sign(ca.key, hashes.SHA256())
        .public_bytes(serialization.Encoding.DER)
    )


def test_the_signing_key_is_chosen_the_same_way_every_time(
    token_copy: DemoKey, tmp_path: Path
) -> None:
    env = {"SOFTHSM2_CONF": str(token_copy.softhsm_conf), "SEALDESK_PIN": DEMO_USER_PIN}
    subprocess.run(
        [sys.executable, "-c", _ADD_ENCRYPTION_KEY, token_copy.module_path, DEMO_TOKEN_LABEL,
         DEMO_USER_PIN],
        env={**os.environ, **env},
        cwd=Path(__file__).resolve().parents[2],
        check=True,
    )  # fmt: skip
    source = tmp_path / "in.pdf"
    source.write_bytes(make_pdf(pages=2))
    used = set()
    for n, how in enumerate((["--place", "1:20,20"], ["--cross-page", "right"], [])):
        out = tmp_path / f"out{n}.pdf"
        seal = ["--seal", DEMO_SEAL_NAME] if how else []
        result = run_cli("sign", str(source), "-o", str(out), *seal, *how, "--json", env=env)
        assert result.code == 0, result.stdout + result.stderr
        used.add(result.json["certificate"]["subject_cn"])
    # the encryption certificate (CKA_ID 00, listed first) never signs; one certificate always
    assert used == {"上海示例科技有限公司 (unit-rsa)"}
    said = run_cli("sign", str(source), "-o", str(tmp_path / "said.pdf"), env=env)
    assert "用证书签署：上海示例科技有限公司 (unit-rsa)" in said.stderr


def test_the_pin_is_for_the_key_and_a_key_file_has_its_own_password(
    demo_key: DemoKey, tmp_path: Path
) -> None:
    source = tmp_path / "in.pdf"
    source.write_bytes(make_pdf())
    key = ["--key-file", str(demo_key.unit_sm2_key), "--cert-file", str(demo_key.unit_sm2_cert)]
    # SEALDESK_PIN set for scripts, as the README advises, does not get in a key file's way
    plain = run_cli("sign", str(source), "-o", str(tmp_path / "a.pdf"), *key,
                    env={"SEALDESK_PIN": DEMO_USER_PIN})  # fmt: skip
    assert plain.code == 0, plain.stdout + plain.stderr
    # an encrypted key file takes SEALDESK_KEY_PASSWORD
    from sealdesk.signing import sm2

    encrypted = tmp_path / "unit.key"
    pem = sm2.private_key_pem(sm2.load_private_key(demo_key.unit_sm2_key.read_bytes(), None),
                              password=b"file-secret")  # fmt: skip
    encrypted.write_bytes(pem)
    key = ["--key-file", str(encrypted), "--cert-file", str(demo_key.unit_sm2_cert)]
    both = {"SEALDESK_KEY_PASSWORD": "file-secret", "SEALDESK_PIN": "123456"}
    right = run_cli("sign", str(source), "-o", str(tmp_path / "b.pdf"), *key, env=both)
    assert right.code == 0, right.stdout + right.stderr
    wrong = run_cli("sign", str(source), "-o", str(tmp_path / "c.pdf"), *key, "--json",
                    env={"SEALDESK_KEY_PASSWORD": "nope"})  # fmt: skip
    assert wrong.code == 3 and wrong.json["error"]["kind"] == "key_password"
    none = run_cli("sign", str(source), "-o", str(tmp_path / "d.pdf"), *key, "--json",
                   env={"SEALDESK_KEY_PASSWORD": None})  # fmt: skip
    assert none.code == 2 and none.json["error"]["kind"] == "pin_missing"
