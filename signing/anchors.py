"""What a verification is given to trust, read and checked: certificates, CRLs, the demo.

Light on purpose (asn1crypto only): the fronts check a user's trust files before any document
is opened, without loading the validator of `signing.trust`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509

from sealdesk.signing.errors import WordedError
from sealdesk.signing.pemder import der_blobs


class TrustInputError(WordedError):
    """A trust root or CRL given to a verification cannot be read; ``index`` counts from 1 in
    the list it came from, ``what`` is ``root``, ``seal_maker`` or ``crl``."""

    def __init__(self, what: str, index: int, detail: str) -> None:
        words = {"root": ("根证书", "trust root"), "seal_maker": ("制章机构证书", "seal maker")}
        zh, en = words.get(what, ("CRL", "CRL"))
        super().__init__(
            f"{what}_unreadable",
            f"第 {index} 个{zh}无法读取（不是{'证书' if what != 'crl' else 'CRL'}）：{detail}",
            f"{en} {index} is not readable (not a {'certificate' if what != 'crl' else 'CRL'}): "
            f"{detail}",
        )
        self.what = what
        self.index = index


@dataclass(frozen=True)
class DemoTrust:
    """The demo's roots and the SHA-256 digests of the certificates it issued: the roots vouch
    for those only, so a certificate minted later with a demo root's key is not trusted."""

    roots: tuple[bytes, ...]
    certificates: frozenset[bytes]


def load_certificates(items: Sequence[bytes], what: str = "root") -> list[asn1_x509.Certificate]:
    """Certificates given as DER, PEM or PEM bundles, parsed now (not later inside validation).

    :raises TrustInputError: an item holds something that is not a certificate.
    """
    certs = []
    for n, item in enumerate(items, 1):
        try:
            blobs = der_blobs(item)
            if not blobs:
                raise ValueError("no certificate in it")
            for der in blobs:
                cert = asn1_x509.Certificate.load(der)
                cert.native  # noqa: B018 - parse every field now
                certs.append(cert)
        except (ValueError, TypeError, KeyError) as e:
            raise TrustInputError(what, n, str(e) or type(e).__name__) from e
    return certs


def load_crls(items: Sequence[bytes]) -> list[asn1_crl.CertificateList]:
    """CRLs given as DER or PEM.

    :raises TrustInputError: an item is not a CRL.
    """
    crls = []
    for n, item in enumerate(items, 1):
        try:
            blobs = der_blobs(item)
            if not blobs:
                raise ValueError("no CRL in it")
            for der in blobs:
                crl = asn1_crl.CertificateList.load(der)
                crl.native  # noqa: B018
                crls.append(crl)
        except (ValueError, TypeError, KeyError) as e:
            raise TrustInputError("crl", n, str(e) or type(e).__name__) from e
    return crls
