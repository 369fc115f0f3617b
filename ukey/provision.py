"""Writing key pairs and certificates into a key (admin and demo use)."""

from __future__ import annotations

from typing import Literal

from asn1crypto import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass
from pkcs11.util.ec import encode_named_curve_parameters

from sealdesk.ukey.token import TokenSession

KeyKind = Literal["rsa2048", "ec-p256"]


def generate_key_pair(session: TokenSession, kind: KeyKind, *, key_id: bytes, label: str) -> bytes:
    """Generate a non-extractable signing key pair on the key; return its SubjectPublicKeyInfo.

    :raises NotSupported: the key cannot generate this kind.
    :raises NotLoggedIn: the session has no PIN.
    """
    token = session.token
    with token.lock, token.translated():
        private_template = {
            Attribute.SENSITIVE: True,
            Attribute.EXTRACTABLE: False,
            Attribute.SIGN: True,
        }
        if kind == "rsa2048":
            public, _private = session.p11.generate_keypair(
                KeyType.RSA,
                2048,
                id=key_id,
                label=label,
                store=True,
                private_template=private_template,
            )
            public_key: rsa.RSAPublicKey | ec.EllipticCurvePublicKey = rsa.RSAPublicNumbers(
                int.from_bytes(public[Attribute.PUBLIC_EXPONENT], "big"),
                int.from_bytes(public[Attribute.MODULUS], "big"),
            ).public_key()
        else:
            params = session.p11.create_domain_parameters(
                KeyType.EC,
                {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")},
                local=True,
            )
            public, _private = params.generate_keypair(
                id=key_id, label=label, store=True, private_template=private_template
            )
            # CKA_EC_POINT is a DER OCTET STRING around the uncompressed point
            point = bytes(public[Attribute.EC_POINT])[2:]
            public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    return public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def store_certificate(session: TokenSession, der: bytes, *, key_id: bytes, label: str) -> None:
    """Store an X.509 certificate on the key, tied to the key pair with the same CKA_ID."""
    cert = x509.Certificate.load(der)
    token = session.token
    with token.lock, token.translated():
        session.p11.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.PRIVATE: False,
                Attribute.ID: key_id,
                Attribute.LABEL: label,
                Attribute.SUBJECT: cert.subject.dump(),
                Attribute.ISSUER: cert.issuer.dump(),
                Attribute.SERIAL_NUMBER: cert["tbs_certificate"]["serial_number"].dump(),
                Attribute.VALUE: der,
            }
        )
