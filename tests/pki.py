"""A little PKI for trust tests: a root, a seal maker, signers with chosen key usage and validity,
a seal, and a signed OFD and PDF, all made at whatever time the process's clock says (run it under
libfaketime to make them "in the past" or "in the future").

    python -m tests.pki OUT_DIR [--usage key_encipherment] [--days 365]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sealdesk.signing.demo_pki import _key_usage
from sealdesk.signing.jobs import Placement, SealPicture, SignOptions
from sealdesk.signing.seal_image import SealStyle, generate_official_seal
from sealdesk.signing.seals import build_seal
from sealdesk.signing.softkey import SoftKeySigner
from tests.ofd_factory import make_ofd

PEM = serialization.Encoding.PEM
DER = serialization.Encoding.DER
SIGNING = ("digital_signature", "content_commitment")


def _name(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "SealDesk Test"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def certificate(
    *,
    cn: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[ec.EllipticCurvePrivateKey, x509.Name] | None,
    usage: tuple[str, ...],
    days: int,
    ca: bool = False,
) -> x509.Certificate:
    """An EC certificate valid from a day ago for ``days`` by this process's clock."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    issuer_key, issuer_name = issuer or (key, _name(cn))
    return (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(_key_usage(*usage), critical=True)
        .sign(issuer_key, hashes.SHA256())
    )


def make_world(out: Path, *, usage: tuple[str, ...] = SIGNING, days: int = 365) -> None:
    """root.pem, maker.pem, signer.{key,pem}, seal.esl, signed.ofd, signed.pdf in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = certificate(
        cn="Test Root",
        key=root_key,
        issuer=None,
        usage=("key_cert_sign", "crl_sign"),
        days=3650,
        ca=True,
    )
    issuer = (root_key, root.subject)
    maker_key = ec.generate_private_key(ec.SECP256R1())
    maker = certificate(
        cn="Test Seal Maker", key=maker_key, issuer=issuer, usage=SIGNING, days=days
    )
    signer_key = ec.generate_private_key(ec.SECP256R1())
    signer_cert = certificate(cn="Test Unit", key=signer_key, issuer=issuer, usage=usage, days=days)
    (out / "root.pem").write_bytes(root.public_bytes(PEM))
    (out / "maker.pem").write_bytes(maker.public_bytes(PEM))
    (out / "signer.pem").write_bytes(signer_cert.public_bytes(PEM))
    (out / "signer.key").write_bytes(
        signer_key.private_bytes(
            PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    image = generate_official_seal(style=SealStyle.OFFICIAL, name="测试单位", code="1")
    now = dt.datetime.now(dt.UTC)
    seal = build_seal(
        maker=SoftKeySigner(key=maker_key, certificate=maker.public_bytes(DER)),
        name="测试单位合同专用章",
        seal_type=1,
        picture=image.png,
        picture_type="png",
        width_mm=round(image.width_mm),
        height_mm=round(image.height_mm),
        signer_certs=[signer_cert.public_bytes(DER)],
        valid_from=now,
        valid_to=now + dt.timedelta(days=days),
    )
    (out / "seal.esl").write_bytes(seal)
    signer = SoftKeySigner(key=signer_key, certificate=signer_cert.public_bytes(DER))
    picture = SealPicture(image.png, image.width_mm, image.height_mm, "测试单位合同专用章", seal)
    options = SignOptions(placements=[Placement(1, 100, 150)], seal=picture)
    from sealdesk.signing.ofd.sign import sign_ofd
    from sealdesk.signing.pdf.sign import sign_pdf
    from tests.signing.pdf_attacks import make_pdf

    (out / "signed.ofd").write_bytes(sign_ofd(make_ofd(1), signer=signer, options=options))
    (out / "signed.pdf").write_bytes(sign_pdf(make_pdf(), signer=signer, options=options))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--usage", action="append")
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    make_world(args.out, usage=tuple(args.usage) if args.usage else SIGNING, days=args.days)
