"""PDF verification: the revocation data a file carries (its DSS, the CMS's own) and what the
chain outcome says about revocation."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.general import find_cms_attribute_iter
from pyhanko.sign.validation import DocumentSecurityStore, EmbeddedPdfSignature
from pyhanko_certvalidator.util import get_declared_revinfo

from sealdesk.signing.trust import Chain
from sealdesk.signing.verdicts import Revocation

log = logging.getLogger(__name__)


def revocation_of(chain: Chain, status: Any) -> Revocation:
    if chain.kind == "revoked" or getattr(status, "revocation_details", None) is not None:
        return "revoked"
    if chain.kind != "ok" or chain.path is None:
        return "unknown"
    declared = False
    for cert in chain.path.iter_certs(include_root=False):
        has_crl, has_ocsp = get_declared_revinfo(cert)
        declared = declared or has_crl or has_ocsp
    return "good" if declared else "unknown"


@dataclass(frozen=True)
class RevInfo:
    certs: tuple[asn1_x509.Certificate, ...] = ()
    crls: tuple[asn1_crl.CertificateList, ...] = ()
    ocsps: tuple[asn1_ocsp.OCSPResponse, ...] = ()

    def merged(self, other: RevInfo) -> RevInfo:
        return RevInfo(
            certs=(*self.certs, *other.certs),
            crls=(*self.crls, *other.crls),
            ocsps=(*self.ocsps, *other.ocsps),
        )


def embedded_revocation_info(reader: PdfFileReader) -> RevInfo:
    """Certificates, CRLs and OCSP responses in the document security store (/DSS)."""
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except Exception:
        return RevInfo()
    certs: list[asn1_x509.Certificate] = []
    crls: list[asn1_crl.CertificateList] = []
    ocsps: list[asn1_ocsp.OCSPResponse] = []
    try:
        certs.extend(dss.load_certs())
    except Exception as e:
        log.info("DSS certificates unreadable: %s", e)
    for refs, kind, out in (
        (dss.crls, asn1_crl.CertificateList, crls),
        (dss.ocsps, asn1_ocsp.OCSPResponse, ocsps),
    ):
        for ref in refs:
            try:
                item = kind.load(ref.get_object().data)
                item.native  # noqa: B018
                out.append(item)
            except Exception as e:
                log.info("DSS entry unreadable: %s", e)
    return RevInfo(certs=tuple(certs), crls=tuple(crls), ocsps=tuple(ocsps))


def cms_revocation_info(embedded: EmbeddedPdfSignature) -> RevInfo:
    """CRLs and OCSP responses in the signature's Adobe revocation-info attribute and the
    CMS ``crls`` field."""
    crls: list[asn1_crl.CertificateList] = []
    ocsps: list[asn1_ocsp.OCSPResponse] = []
    try:
        for value in find_cms_attribute_iter(
            embedded.signer_info["signed_attrs"], "adobe_revocation_info_archival"
        ):
            crls.extend(value["crl"] or [])
            ocsps.extend(value["ocsp"] or [])
    except Exception as e:
        log.debug("no readable revocation-info attribute: %s", e)
    try:
        for choice in embedded.signed_data["crls"] or []:
            if choice.name == "crl":
                crls.append(choice.chosen)
    except Exception as e:
        log.debug("no readable CMS crls: %s", e)
    return RevInfo(crls=tuple(crls), ocsps=tuple(ocsps))
