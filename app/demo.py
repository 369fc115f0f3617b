"""The demo USB key: a SoftHSM2 token in a private folder, provisioned like a 法人一证通 key.

Used by `sealdesk demo init`, the README's first command, and the tests' fixture. The seal
drawing and the soft keys are imported when a demo is made, not when this module is (the error
table imports it for its exceptions).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sealdesk.app.errors import DemoError, DemoFolderRefused
from sealdesk.signing import sm2
from sealdesk.signing.certinfo import OID_SHECA_CREDIT_CODE, OID_SHECA_ENTITY_ID
from sealdesk.signing.demo_pki import (
    UnitIdentity,
    issue_sm2_certificate,
    issue_unit_certificate,
    make_root_ca,
    make_sm2_ca,
)
from sealdesk.ukey.errors import ModuleMissing
from sealdesk.ukey.module import ENV_MODULE, ModuleChoice
from sealdesk.ukey.profiles import load_profiles
from sealdesk.ukey.provision import KeyKind, generate_key_pair, store_certificate
from sealdesk.ukey.token import Pkcs11Module

DEMO_TOKEN_LABEL = "SealDesk Demo"  # noqa: S105 (a label, not a secret)
DEMO_USER_PIN = "123456"
DEMO_SO_PIN = "12345678"
DEMO_UNIT = UnitIdentity(
    name="上海示例科技有限公司",
    credit_code="91310115MA1K3YJ12G",
    entity_id="SH0000000000012345",
    device_id="SDK-DEMO-0001",
)
DEMO_SEAL_NAME = f"{DEMO_UNIT.name}公章"
DEMO_KEYS: tuple[tuple[KeyKind, bytes, str], ...] = (
    ("rsa2048", b"\x01", "unit-rsa"),
    ("ec-p256", b"\x02", "unit-ec"),
)
_MARKER = "demo.json"


@dataclass(frozen=True)
class DemoKey:
    """Where the demo key lives and how to point SealDesk at it."""

    folder: Path
    module_path: str
    created: bool

    @property
    def softhsm_conf(self) -> Path:
        return self.folder / "softhsm2.conf"

    @property
    def root_ca_pem(self) -> Path:
        return self.folder / "pki" / "root-ca.pem"

    @property
    def pki(self) -> Path:
        return self.folder / "pki"

    @property
    def maker_key(self) -> Path:
        """The demo seal maker's SM2 key (PEM), with ``maker_cert``."""
        return self.pki / "maker-sm2.key"

    @property
    def maker_cert(self) -> Path:
        return self.pki / "maker-sm2.pem"

    @property
    def unit_sm2_key(self) -> Path:
        """The unit's SM2 signing key: a soft key, since SoftHSM2 has no SM2."""
        return self.pki / "unit-sm2.key"

    @property
    def unit_sm2_cert(self) -> Path:
        return self.pki / "unit-sm2.pem"

    @property
    def issued_sm2(self) -> tuple[Path, Path]:
        """The SM2 certificates the demo root issued (maker, unit)."""
        return self.maker_cert, self.unit_sm2_cert

    @property
    def environment(self) -> dict[str, str]:
        # SEALDESK_DEMO=1 is the choice of demo mode: the demo roots are trusted only with it
        return {
            "SOFTHSM2_CONF": str(self.softhsm_conf),
            ENV_MODULE: self.module_path,
            "SEALDESK_DEMO": "1",
        }


def softhsm_module_path() -> str:
    """The installed SoftHSM2 module.

    :raises ModuleMissing: SoftHSM2 is not installed.
    """
    softhsm = next(p for p in load_profiles() if p.id == "softhsm2")
    for candidate in softhsm.module_candidates():
        if Path(candidate).is_file():
            return candidate
    raise ModuleMissing("libsofthsm2.so")


def _init_token(conf: Path) -> None:
    util = shutil.which("softhsm2-util")
    if util is None:
        raise DemoError("softhsm2-util not found: install the softhsm2 package")
    # the demo's PINs are fixed and printed by `demo init` itself, so seeing them in `ps` for
    # the moment softhsm2-util runs shows nothing secret; real PINs never go on a command line
    result = subprocess.run(
        [
            util,
            "--init-token",
            "--free",
            "--label",
            DEMO_TOKEN_LABEL,
            "--so-pin",
            DEMO_SO_PIN,
            "--pin",
            DEMO_USER_PIN,
        ],
        env={**os.environ, "SOFTHSM2_CONF": str(conf)},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise DemoError(f"softhsm2-util failed: {result.stderr.strip() or result.stdout.strip()}")


def _pem(der: bytes) -> bytes:
    body = base64.encodebytes(der).replace(b"\n", b"")
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return b"-----BEGIN CERTIFICATE-----\n" + b"\n".join(lines) + b"\n-----END CERTIFICATE-----\n"


def _make_sm2_pki(demo: DemoKey) -> None:
    """SM2 root, the seal maker (制章人) and the unit's SM2 signing certificate, as files."""
    root = make_sm2_ca("SealDesk 演示 SM2 根 CA (Demo SM2 Root)")
    (demo.pki / "sm2-root-ca.pem").write_bytes(_pem(root.certificate))
    for key_path, cert_path, subject, extensions in (
        (
            demo.maker_key,
            demo.maker_cert,
            {
                "country_name": "CN",
                "organization_name": "SealDesk Demo",
                "common_name": "SealDesk 演示制章中心 (Demo Seal Maker)",
            },
            (),
        ),
        (
            demo.unit_sm2_key,
            demo.unit_sm2_cert,
            {
                "country_name": "CN",
                "organization_name": DEMO_UNIT.name,
                "organizational_unit_name": DEMO_UNIT.credit_code,
                "common_name": f"{DEMO_UNIT.name} (unit-sm2)",
            },
            (
                (OID_SHECA_CREDIT_CODE, DEMO_UNIT.credit_code),
                (OID_SHECA_ENTITY_ID, DEMO_UNIT.entity_id),
            ),
        ),
    ):
        key = sm2.generate_key()
        cert = issue_sm2_certificate(
            issuer_key=root.key,
            issuer_name=root.name,
            subject=subject,
            public_key_der=sm2.public_key_der(key),
            is_ca=False,
            extensions=extensions,
        )
        key_path.write_bytes(sm2.private_key_pem(key))
        key_path.chmod(0o600)
        cert_path.write_bytes(_pem(cert))


def _make_demo_seal(demo: DemoKey, token_certs: list[bytes]) -> bytes:
    """The unit's official seal, made by the demo maker, usable with every unit certificate."""
    from sealdesk.signing.seal_image import SealStyle, generate_official_seal
    from sealdesk.signing.seals import build_seal
    from sealdesk.signing.softkey import SoftKeySigner, load_certificate

    image = generate_official_seal(
        style=SealStyle.OFFICIAL, name=DEMO_UNIT.name, code="3101150012345"
    )
    maker = SoftKeySigner.from_files(demo.maker_key, demo.maker_cert)
    unit_sm2 = load_certificate(demo.unit_sm2_cert.read_bytes())
    now = dt.datetime.now(dt.UTC)
    return build_seal(
        maker=maker,
        name=DEMO_SEAL_NAME,
        seal_type=1,
        picture=image.png,
        picture_type="png",
        width_mm=round(image.width_mm),
        height_mm=round(image.height_mm),
        signer_certs=[unit_sm2, *token_certs],
        valid_from=now - dt.timedelta(days=1),
        valid_to=now + dt.timedelta(days=365 * 3),
    )


_OWNED = ".sealdesk-demo"  # written first: a folder holding it is one the demo made
_OWNED_TEXT = "This folder is SealDesk's demo USB key; `sealdesk demo init --force` remakes it.\n"
_CREATED = ("tokens", "pki", "softhsm2.conf", _MARKER, _OWNED)


def _ours(folder: Path) -> bool:
    try:
        return (folder / _OWNED).read_text("utf-8") == _OWNED_TEXT
    except (OSError, UnicodeDecodeError):
        return False


def _clear(folder: Path) -> None:
    """Make ``folder`` an empty folder for the demo, deleting only what the demo made there.

    :raises DemoFolderRefused: ``folder`` is a file, or holds anything the demo did not make
        (nothing is touched then).
    """
    if folder.exists() and not folder.is_dir():
        raise DemoFolderRefused(folder, "not_a_folder")
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
        return
    entries = list(folder.iterdir())
    if not entries:
        return
    if not _ours(folder) or any(e.name not in _CREATED for e in entries):
        raise DemoFolderRefused(folder, "not_empty")
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def init_demo(
    folder: Path, *, force: bool = False, progress: Callable[[float, str], None] | None = None
) -> DemoKey:
    """Provision the demo key in ``folder`` (idempotent: an existing complete one is kept).

    ``folder`` must be missing, empty, or a demo folder made here before (``force`` remakes
    that one); a folder with anything else in it is refused and left as it is.
    Sets SOFTHSM2_CONF in this process, since SoftHSM2 reads it when the module initialises.

    :raises DemoFolderRefused: the folder is not empty and not a demo folder, or is a file.
    :raises DemoError: softhsm2-util missing or failing.
    :raises ModuleMissing: SoftHSM2 not installed.
    """
    report = progress or (lambda _f, _m: None)
    module_path = softhsm_module_path()
    folder = folder.resolve()
    demo = DemoKey(folder=folder, module_path=module_path, created=False)
    if (folder / _MARKER).is_file() and _ours(folder) and not force:
        os.environ["SOFTHSM2_CONF"] = str(demo.softhsm_conf)
        return demo
    _clear(folder)  # an incomplete earlier run of ours, or --force on a demo folder
    os.environ["SOFTHSM2_CONF"] = str(demo.softhsm_conf)
    (folder / _OWNED).write_text(_OWNED_TEXT, encoding="utf-8")
    (folder / "tokens").mkdir(mode=0o700)
    (folder / "pki").mkdir(mode=0o700)
    demo.softhsm_conf.write_text(
        f"directories.tokendir = {folder / 'tokens'}\n"
        "objectstore.backend = file\nlog.level = ERROR\nslots.removable = true\n",
        encoding="utf-8",
    )
    report(0.1, "init-token")
    _init_token(demo.softhsm_conf)
    report(0.3, "root-ca")
    ca = make_root_ca("SealDesk 演示根 CA (Demo Root CA)")
    # the roots' private keys are never written: nothing can mint a certificate under them later
    demo.root_ca_pem.write_bytes(ca.certificate_pem)

    module = Pkcs11Module.load(
        ModuleChoice(module_path, "option", next(p for p in load_profiles() if p.id == "softhsm2"))
    )
    module.lib.reinitialize()  # SoftHSM2 sees tokens made after C_Initialize only after a re-init
    token = module.open(DEMO_TOKEN_LABEL)
    with token.session(DEMO_USER_PIN, rw=True) as session:
        store_certificate(session, ca.certificate_der, key_id=b"\xca", label="demo-root-ca")
        for i, (kind, key_id, label) in enumerate(DEMO_KEYS):
            report(0.4 + 0.25 * i, f"key:{label}")
            spki = generate_key_pair(session, kind, key_id=key_id, label=label)
            cert = issue_unit_certificate(ca, public_key_der=spki, unit=DEMO_UNIT, key_label=label)
            store_certificate(session, cert, key_id=key_id, label=label)
        report(0.85, "seal")
        unit_certs = [c.der for c in session.certificates() if c.label in ("unit-rsa", "unit-ec")]
        _make_sm2_pki(demo)
        session.write_data(DEMO_SEAL_NAME, _make_demo_seal(demo, unit_certs))
    # the demo roots vouch for these certificates only (see sealdesk.app.verification)
    from sealdesk.signing.softkey import load_certificate

    issued = [*unit_certs, *(load_certificate(p.read_bytes()) for p in demo.issued_sm2)]
    (folder / _MARKER).write_text(
        json.dumps(
            {
                "token": DEMO_TOKEN_LABEL,
                "unit": DEMO_UNIT.name,
                "certificates": [hashlib.sha256(c).hexdigest() for c in issued],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    report(1.0, "done")
    return DemoKey(folder=folder, module_path=module_path, created=True)
