"""GB/T 35275 SignedData: the digital signature (Type="Sign") of OFD documents.

The signed content is a digest carried inside the structure (OFD: SM3 of Signature.xml), signed
directly (SM2 with Z over those bytes) or through PKCS#9 authenticated attributes, as ofdrw
writes both (OFD-NOTES §3). RSA and ECDSA signers get the PKCS#7 OIDs with the same layout.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

# asn1crypto.tsp adds 'tst_info' to ContentType's map when imported, but the reverse map is
# built once, at the first use of a content type: using one here before tsp is imported would
# leave timestamp tokens unbuildable for the rest of the process
from asn1crypto import cms, core, x509
from asn1crypto import tsp as _tsp  # noqa: F401

from sealdesk.signing import sm2
from sealdesk.signing.certverify import verify_with_certificate
from sealdesk.signing.signer import SignatureAlgorithm, Signer

OID_GM_DATA = "1.2.156.10197.6.1.4.2.1"
OID_GM_SIGNED_DATA = "1.2.156.10197.6.1.4.2.2"
OID_PKCS7_DATA = "1.2.840.113549.1.7.1"
OID_PKCS7_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_SM3 = "1.2.156.10197.1.401"
OID_SHA256 = "2.16.840.1.101.3.4.2.1"
OID_SM2_1 = "1.2.156.10197.1.301.1"  # "SM2 signature" as some producers name the algorithm

_ALGORITHMS = {
    SignatureAlgorithm.SM2_SM3: (OID_SM3, sm2.OID_SM2_SM3),
    SignatureAlgorithm.RSA_PKCS1_SHA256: (OID_SHA256, "1.2.840.113549.1.1.11"),
    SignatureAlgorithm.ECDSA_P256_SHA256: (OID_SHA256, "1.2.840.10045.4.3.2"),
}
_DIGESTS = {OID_SM3: "sm3", OID_SHA256: "sha256", "1.3.14.3.2.26": "sha1"}


class _ContentInfo(core.Sequence):
    # asn1crypto's ContentInfo knows no GM content types; the layout is the same
    _fields = [
        ("content_type", core.ObjectIdentifier),
        ("content", cms.SignedData, {"explicit": 0}),
    ]


def signed_data(signer: Signer, content: bytes, *, pkcs9: bool = False) -> bytes:
    """A DER ContentInfo holding ``content`` and ``signer``'s signature over it.

    ``pkcs9``: the other form the standard's producers write (ofdrw's
    GBT35275PKCS9DSContainer): ``content`` is already the document's digest, carried as the
    messageDigest attribute of PKCS#9 signed attributes, which are what is signed; the content
    itself is left out (detached).
    """
    digest_oid, signature_oid = _ALGORITHMS[signer.algorithm]
    gm = signer.algorithm is SignatureAlgorithm.SM2_SM3
    cert = x509.Certificate.load(signer.certificate)
    digest_algorithm = {"algorithm": digest_oid}
    data_type = OID_GM_DATA if gm else OID_PKCS7_DATA
    signer_info: dict[str, object] = {
        "version": "v1",
        "sid": cms.SignerIdentifier(
            name="issuer_and_serial_number",
            value={"issuer": cert.issuer, "serial_number": cert.serial_number},
        ),
        "digest_algorithm": digest_algorithm,
        "signature_algorithm": {"algorithm": signature_oid},
    }
    if pkcs9:
        attrs = cms.CMSAttributes(
            [
                {"type": "content_type", "values": [data_type]},
                {"type": "message_digest", "values": [content]},
            ]
        )
        signer_info["signed_attrs"] = attrs
        signer_info["signature"] = signer.sign(attrs.dump())  # DER SET, not the [0] stored
        encap: dict[str, object] = {"content_type": data_type}
    else:
        signer_info["signature"] = signer.sign(content)
        # an OCTET STRING whatever the content type: asn1crypto types only its own
        encap = {
            "content_type": data_type,
            "content": core.OctetString(content, explicit=0) if gm else content,
        }
    info = cms.SignedData(
        {
            "version": "v1",
            "digest_algorithms": [digest_algorithm],
            "encap_content_info": encap,
            "certificates": [cert],
            "signer_infos": [signer_info],
        }
    )
    return bytes(
        _ContentInfo(
            {"content_type": OID_GM_SIGNED_DATA if gm else OID_PKCS7_SIGNED_DATA, "content": info}
        ).dump()
    )


class SignedDataError(ValueError):
    """The bytes are not a SignedData this module can read."""


@dataclass(frozen=True)
class SignedDataCheck:
    """What a SignedData says and whether it holds."""

    content: bytes | None  # the encapsulated content (None when detached)
    signer_cert: bytes | None
    signature_valid: bool
    content_matches: bool  # the content (or messageDigest) is the expected one


def _signature_oid(oid: str) -> str:
    return sm2.OID_SM2_SM3 if oid == OID_SM2_1 else oid


def check_signed_data(der: bytes, expected: bytes) -> SignedDataCheck:
    """Check a SignedData whose content should be ``expected``.

    :raises SignedDataError: not a readable SignedData.
    """
    try:
        info = _ContentInfo.load(der, strict=True)
        data: cms.SignedData = info["content"]
        signer_info = data["signer_infos"][0]
        certificates = [c.chosen.dump() for c in data["certificates"] or []]
        content = _content(data["encap_content_info"]["content"])
        sid = signer_info["sid"].chosen
        signature = signer_info["signature"].native
        signature_oid = _signature_oid(signer_info["signature_algorithm"]["algorithm"].dotted)
        digest_name = _DIGESTS.get(signer_info["digest_algorithm"]["algorithm"].dotted)
        attrs = signer_info["signed_attrs"]
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as e:
        raise SignedDataError(f"not a SignedData: {e}") from e
    signer_cert = _find_signer(certificates, sid)
    if attrs:
        digests = [a["values"][0].native for a in attrs if a["type"].native == "message_digest"]
        digested = hashlib.new(digest_name, expected).digest() if digest_name else None
        # both forms producers write: messageDigest is the document's digest itself (PKCS#9,
        # content detached: ofdrw, common e-seal products), or the digest of the carried
        # content, which is the document's digest; either binds the signature to it
        content_matches = (
            bool(digests)
            and digests[0] in (expected, digested)
            and (content is None or content == expected)
        )
        signed = attrs.untag().dump()  # signed as a DER SET, not the [0] IMPLICIT stored
    else:
        content_matches = content is None or content == expected
        signed = content if content is not None else expected
    valid = signer_cert is not None and verify_with_certificate(
        signer_cert, signature_oid, signature, signed
    )
    return SignedDataCheck(content, signer_cert, valid, content_matches)


def _content(value: core.Asn1Value) -> bytes | None:
    """The encapsulated content's bytes: asn1crypto leaves GM content types unparsed."""
    if isinstance(value, core.Void):
        return None
    if isinstance(value, core.Any):
        return bytes(value.parse(core.OctetString).native)
    return bytes(value.native)


def _find_signer(certificates: list[bytes], sid: object) -> bytes | None:
    """The certificate the signer identifier names (the only one when it names none).

    Names are compared as bytes: certificates in the wild carry strings asn1crypto cannot
    normalise (OFD-NOTES §5)."""
    for der in certificates:
        try:
            cert = x509.Certificate.load(der)
            if isinstance(sid, cms.IssuerAndSerialNumber):
                if (
                    cert["tbs_certificate"]["issuer"].dump() == sid["issuer"].dump()
                    and cert.serial_number == sid["serial_number"].native
                ):
                    return der
            elif cert.key_identifier == getattr(sid, "native", None):
                return der
        except (ValueError, TypeError, KeyError):
            continue
    return certificates[0] if len(certificates) == 1 else None
