"""The platform's seal maker (制章人): the SM2 key and certificate that sign the seals the CA
approves (`sealdesk server seal review --approve`), and those seals.

The key is made once, at the first approval, into the server's data folder as one file
(``seal-maker.pem``: the key, then its self-signed certificate; readable by its owner only),
or given as files (``--maker-key``/``--maker-cert``); its certificate is then recorded in the
database (server.admin), and a review with another maker is refused. Verifiers trust the
seals it makes with its certificate (`sealdesk server maker-cert`) as a seal maker or root."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509

from sealdesk.signing.signer import Signer

MAKER_FILE = "seal-maker.pem"
SUBJECT = {
    "country_name": "CN",
    "organization_name": "SealDesk",
    "common_name": "SealDesk 平台制章 (Platform Seal Maker)",
}
SEAL_YEARS = 10  # the seed's sample: a seal 有效期 of 10 years (S4:430-568)
UNIT_SEAL = 1  # GB/T 38540 type 1: 单位印章


class MakerError(Exception):
    """The maker's key file cannot be read or made (the message says which and why)."""


def _generate(path: Path) -> None:
    """A new SM2 key and its self-signed certificate into ``path``, unless one is there (two
    first approvals at once: the file of the first one written stays)."""
    from sealdesk.signing import sm2
    from sealdesk.signing.demo_pki import issue_sm2_certificate

    key = sm2.generate_key()
    cert = issue_sm2_certificate(
        issuer_key=key,
        issuer_name=asn1_x509.Name.build(SUBJECT),
        subject=SUBJECT,
        public_key_der=sm2.public_key_der(key),
        is_ca=False,
        years=20,  # a UTCTime: before 2050
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(sm2.private_key_pem(key) + pem.armor("CERTIFICATE", cert))
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(FileExistsError):  # never over a maker already made
            os.link(draft, path)
    finally:
        draft.unlink(missing_ok=True)


def _load(path: Path) -> Signer:
    from sealdesk.signing import sm2
    from sealdesk.signing.softkey import SoftKeyError, SoftKeySigner

    try:
        blocks = {kind: der for kind, _h, der in pem.unarmor(path.read_bytes(), multiple=True)}
        key = sm2.load_private_key(blocks["PRIVATE KEY"])
        return SoftKeySigner(key=key, certificate=blocks["CERTIFICATE"])
    except (OSError, KeyError, ValueError, SoftKeyError) as e:
        raise MakerError(f"{path}: {e}") from e


def platform_maker(folder: Path, *, make: bool = True) -> Signer:
    """The maker kept in ``folder`` (the server's data folder), made there at first need
    (``make``; without it, a missing file is an error).

    :raises MakerError: the file cannot be read or written.
    """
    path = folder / MAKER_FILE
    if not path.exists() and not make:
        raise MakerError(
            f"{path}: not here (the platform's seal maker is recorded in its database: copy "
            f"its {MAKER_FILE} here, or give --maker-key/--maker-cert)"
        )
    if not path.exists():
        try:
            _generate(path)
        except OSError as e:
            raise MakerError(f"{path}: {e}") from e
    return _load(path)


def maker_from_files(key: Path, cert: Path) -> Signer:
    """The maker given as a key file and its certificate (``--maker-key``/``--maker-cert``).

    :raises MakerError: unreadable, not a pair.
    """
    from sealdesk.signing.softkey import SoftKeyError, SoftKeySigner

    try:
        return SoftKeySigner.from_files(key, cert)
    except (SoftKeyError, ValueError) as e:
        raise MakerError(f"{key}: {e}") from e


def certificate_pem(maker: Signer) -> str:
    return bytes(pem.armor("CERTIFICATE", maker.certificate)).decode()


@dataclass(frozen=True)
class MadeSeal:
    der: bytes
    valid_from: dt.datetime
    valid_to: dt.datetime


def png_of(picture: bytes, picture_type: str) -> bytes:
    """The application's picture as PNG (a seal's picture here is PNG): a JPEG or GIF is
    converted, its first frame."""
    if picture_type == "png":
        return picture
    from PIL import Image

    with Image.open(io.BytesIO(picture)) as image:
        out = io.BytesIO()
        image.convert("RGBA").save(out, "PNG")
        return out.getvalue()


def make_unit_seal(
    *,
    maker: Signer,
    name: str,
    picture: bytes,
    picture_type: str,
    width_mm: int,
    height_mm: int,
    certificate: bytes,
    now: dt.datetime | None = None,
) -> MadeSeal:
    """The unit's seal (GB/T 38540, type 单位印章) naming ``certificate`` (the unit key's),
    valid from now for :data:`SEAL_YEARS`, never past the certificate's expiry.

    :raises SealPeriodError: the certificate has expired (the seal would end before it starts).
    """
    from sealdesk.signing.seal_validity import seal_validity
    from sealdesk.signing.seals import build_seal

    validity = seal_validity([certificate], years=SEAL_YEARS, now=now)
    der = build_seal(
        maker=maker,
        name=name,
        seal_type=UNIT_SEAL,
        picture=png_of(picture, picture_type),
        picture_type="png",
        width_mm=width_mm,
        height_mm=height_mm,
        signer_certs=[certificate],
        valid_from=validity.valid_from,
        valid_to=validity.valid_to,
    )
    return MadeSeal(der, validity.valid_from, validity.valid_to)
