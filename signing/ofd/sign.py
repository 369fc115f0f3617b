"""Signing OFD documents: GB/T 38540 seal signatures (Type="Seal") and GB/T 35275 digital
signatures (Type="Sign"), placed, cross-page or next to a keyword.

The package is never re-serialised: every existing member keeps its bytes, except OFD.xml (which
gains a Signatures entry on the first signature) and Signatures.xml (which every signature
extends). As in ofdrw's "continue sign" mode, a signature protects every file of the package but
Signatures.xml and its own Signature.xml / SignedValue.dat, so later signatures leave it intact.
What is signed is SM3 of the exact Signature.xml bytes written (OFD-NOTES §1).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from sealdesk.signing.errors import OfdSignError
from sealdesk.signing.gmcms import signed_data
from sealdesk.signing.ofd.annotate import add_picture_annotations
from sealdesk.signing.ofd.document import OfdDocument, OfdPage, numbers_text, page_text
from sealdesk.signing.ofd.package import OFD_NS, OfdInputError, OfdPackage, children, local
from sealdesk.signing.options import (
    CrossPage,
    CrossPageGroup,
    Placement,
    SealPicture,
    SignOptions,
    cross_page_groups,
    cross_page_strip,
    keyword_not_found,
    seal_box,
)
from sealdesk.signing.seals import SealSignerMismatch, build_signature
from sealdesk.signing.ses import SealFormatError
from sealdesk.signing.signer import SignatureAlgorithm, Signer
from sealdesk.signing.tsp import TimestampError, request_timestamp

OID_SM3 = "1.2.156.10197.1.401"
SIGNATURE_METHODS = {
    SignatureAlgorithm.SM2_SM3: "1.2.156.10197.1.501",
    SignatureAlgorithm.RSA_PKCS1_SHA256: "1.2.840.113549.1.1.11",
    SignatureAlgorithm.ECDSA_P256_SHA256: "1.2.840.10045.4.3.2",
}
PROVIDER = '<ofd:Provider ProviderName="SealDesk" Company="SealDesk" Version="0.1"/>'


@dataclass(frozen=True)
class StampAnnot:
    """One appearance of a signature: the whole seal's box on a page (mm, page space) and,
    for a cross-page strip, the part of it shown (box-local)."""

    page: OfdPage
    boundary: tuple[float, float, float, float]
    clip: tuple[float, float, float, float] | None = None


def _page(doc: OfdDocument, number: int) -> OfdPage:
    if not 1 <= number <= len(doc.pages):
        raise OfdSignError(
            "page",
            f"第 {number} 页不存在（共 {len(doc.pages)} 页）。",
            f"Page {number} does not exist ({len(doc.pages)} pages).",
        )
    return doc.pages[number - 1]


def placed_stamps(
    doc: OfdDocument, placements: Sequence[Placement], seal: SealPicture
) -> list[StampAnnot]:
    """One StampAnnot per placement, at the seal's true size (or the size asked)."""
    stamps = []
    for p in placements:
        page = _page(doc, p.page)
        x0, y0, page_w, page_h = page.physical_box
        x, y, w, h = seal_box(p, seal, (page_w, page_h), OfdSignError)
        stamps.append(StampAnnot(page, (x0 + x, y0 + y, w, h)))
    return stamps


def cross_page_stamps(
    doc: OfdDocument, spec: CrossPage, seal: SealPicture, groups: Sequence[CrossPageGroup]
) -> list[StampAnnot]:
    """One StampAnnot per page of each group (:func:`.options.cross_page_groups`), each showing its
    strip of the group's whole seal at the edge, laid out as the PDF cross-page seal is."""
    size = (seal.width_mm, seal.height_mm)
    stamps = []
    for group in groups:
        count = len(group.pages)
        for i, page_ix in enumerate(group.pages):
            page = doc.pages[page_ix]
            px, py, pw, ph = page.physical_box
            (x, y), (cx, cy, cw, ch) = cross_page_strip(spec, i, count, size, (pw, ph), spec.pos_mm)
            # the StampAnnot's Clip is in its own box's coordinates
            stamps.append(StampAnnot(page, (px + x, py + y, *size), (cx - x, cy - y, cw, ch)))
    return stamps


def keyword_placements(
    doc: OfdDocument,
    keyword: str,
    *,
    seal: SealPicture,
    occurrence: str = "first",
    offset_mm: tuple[float, float] = (0.0, 0.0),
) -> list[Placement]:
    """Placements centring the seal on each occurrence of ``keyword`` in the page text.

    Producers split text into runs anywhere (one TextCode per character is common), so the
    runs of a page are joined, each character with its own box.

    :raises OfdSignError: (reason ``keyword``) the text does not occur.
    """
    hits: list[Placement] = []
    for page in doc.pages:
        chars: list[tuple[float, float, float, float]] = []
        text = ""
        for run in page_text(doc, page):
            if not run.text:
                continue
            if len(run.chars) == len(run.text):
                chars += run.chars
            else:  # no per-character positions: each character gets its share of the run
                x, y, w, h = run.box
                step = w / len(run.text)
                chars += [(x + k * step, y, step, h) for k in range(len(run.text))]
            text += run.text
        for match in re.finditer(re.escape(keyword), text):
            boxes = chars[match.start() : match.end()]
            x0 = min(b[0] for b in boxes) - page.physical_box[0]
            y0 = min(b[1] for b in boxes) - page.physical_box[1]
            x1 = max(b[0] + b[2] for b in boxes) - page.physical_box[0]
            y1 = max(b[1] + b[3] for b in boxes) - page.physical_box[1]
            cx = (x0 + x1) / 2 + offset_mm[0]
            cy = (y0 + y1) / 2 + offset_mm[1]
            hits.append(Placement(page.index + 1, cx - seal.width_mm / 2, cy - seal.height_mm / 2))
    if not hits:
        raise keyword_not_found(keyword, OfdSignError)
    return {"all": hits, "first": hits[:1], "last": hits[-1:]}[occurrence]


@dataclass
class _SignatureList:
    """Signatures.xml as entries (attributes kept as written) and the last ID handed out."""

    entries: list[dict[str, str]]
    last_id: int
    prefix: str  # "s" when the producer writes IDs as s001, "" for plain numbers

    @classmethod
    def read(cls, package: OfdPackage, path: str | None) -> _SignatureList:
        if path is None or path not in package.members:
            return cls([], 0, "s")
        root = package.xml(path)
        entries = [dict(e.attrib) for e in children(root, "Signature")]
        ids = [e.get("ID", "") for e in entries]
        ids += [(m.text or "") for m in root if local(m.tag) == "MaxSignId"]
        numbers = [int(d) for i in ids for d in re.findall(r"\d+", i)[-1:]]
        prefix = "s" if not ids or any(i.strip().startswith("s") for i in ids) else ""
        return cls(entries, max(numbers, default=0), prefix)

    def next_id(self) -> str:
        self.last_id += 1
        return f"s{self.last_id:03d}" if self.prefix else str(self.last_id)

    def xml(self) -> bytes:
        items = "".join(
            "<ofd:Signature" + "".join(f" {k}={quoteattr(v)}" for k, v in e.items()) + "/>"
            for e in self.entries
        )
        max_id = f"s{self.last_id:03d}" if self.prefix else str(self.last_id)
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Signatures xmlns:ofd="{OFD_NS}">'
            f"<ofd:MaxSignId>{max_id}</ofd:MaxSignId>{items}</ofd:Signatures>"
        ).encode()


def _with_signatures_entry(ofd_xml: bytes, location: str) -> bytes:
    """OFD.xml with a DocBody/Signatures entry added, every other byte kept."""
    match = re.search(rb"</(\w+:)?DocBody\s*>", ofd_xml)
    if match is None:
        raise OfdInputError("structure", "OFD.xml 缺少 DocBody。", "OFD.xml has no DocBody.")
    prefix = (match.group(1) or b"").decode()
    entry = f"<{prefix}Signatures>{location}</{prefix}Signatures>".encode()
    return ofd_xml[: match.start()] + entry + ofd_xml[match.start() :]


def _signature_xml(
    *,
    method: str,
    when: str,
    seal_loc: str | None,
    stamps: Sequence[tuple[str, StampAnnot]],
    references: Sequence[tuple[str, bytes]],
    value_loc: str,
) -> bytes:
    seal = f"<ofd:Seal><ofd:BaseLoc>{seal_loc}</ofd:BaseLoc></ofd:Seal>" if seal_loc else ""
    annots = "".join(
        f'<ofd:StampAnnot ID="{sid}" PageRef="{s.page.id}" Boundary="{numbers_text(s.boundary)}"'
        + (f' Clip="{numbers_text(s.clip)}"' if s.clip else "")
        + "/>"
        for sid, s in stamps
    )
    refs = "".join(
        f"<ofd:Reference FileRef={quoteattr(name)}><ofd:CheckValue>"
        f"{base64.b64encode(digest).decode()}</ofd:CheckValue></ofd:Reference>"
        for name, digest in references
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Signature xmlns:ofd="{OFD_NS}">'
        f"<ofd:SignedInfo>{PROVIDER}<ofd:SignatureMethod>{method}</ofd:SignatureMethod>"
        f"<ofd:SignatureDateTime>{when}</ofd:SignatureDateTime>"
        f'<ofd:References CheckMethod="{OID_SM3}">{refs}</ofd:References>'
        f"{annots}{seal}</ofd:SignedInfo>"
        f"<ofd:SignedValue>{value_loc}</ofd:SignedValue></ofd:Signature>"
    ).encode()


def _free_sign_dir(members: dict[str, bytes], signs_dir: str) -> str:
    n = 0
    while any(m.startswith(f"{signs_dir}/Sign_{n}/") for m in members):
        n += 1
    return f"{signs_dir}/Sign_{n}"


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _seal_der(seal: SealPicture | None) -> bytes | None:
    return seal.seal_der if seal is not None else None


def _stamps(
    doc: OfdDocument,
    options: SignOptions,
    on_cross_page: Callable[[list[CrossPageGroup]], None] | None,
) -> list[StampAnnot]:
    seal = options.seal
    wants_picture = options.placements or options.keyword or options.cross_page
    if seal is None:
        if wants_picture:
            raise OfdSignError(
                "placement",
                "放置印章需要印章（--seal）或图片（--image）。",
                "Placing a seal needs the seal (--seal) or a picture (--image).",
            )
        return []
    placements = list(options.placements)
    if options.keyword:
        placements += keyword_placements(
            doc,
            options.keyword,
            seal=seal,
            occurrence=options.occurrence,
            offset_mm=options.keyword_offset_mm,
        )
    stamps = placed_stamps(doc, placements, seal)
    if options.cross_page is not None:
        spec = options.cross_page
        size = (seal.width_mm, seal.height_mm)
        groups = cross_page_groups(spec, len(doc.pages), size, OfdSignError)
        stamps += cross_page_stamps(doc, spec, seal, groups)
        if on_cross_page is not None:
            on_cross_page(groups)
    return stamps


def sign_ofd(
    data: bytes,
    *,
    signer: Signer,
    options: SignOptions,
    on_cross_page: Callable[[list[CrossPageGroup]], None] | None = None,
) -> bytes:
    """One signature over the OFD package ``data``: a seal signature when the options carry a
    seal (``SealPicture.seal_der``), a digital signature otherwise; its appearances are the
    placements, keyword hits and cross-page strips of the options (StampAnnots showing the
    seal's picture, or for a picture without a seal, page annotations the signature covers);
    ``on_cross_page`` hears the groups the cross-page seal was stamped in.

    :raises OfdSignError: cannot sign as asked (seal not for this signer, page out of range,
        keyword absent, algorithm the seal cannot use).
    :raises OfdInputError: the package is unreadable or hostile.
    :raises UKeyError: (or another signer's error) when the key fails.
    """
    package = OfdPackage.read(data)
    doc = OfdDocument.load(package)
    stamps = _stamps(doc, options, on_cross_page)
    seal_der = _seal_der(options.seal)
    _refuse_pdf_only(options)
    if options.tsa_url and seal_der is None:
        raise OfdSignError(
            "tsa_needs_seal",
            "OFD 时间戳目前只能加在电子印章签章上（--seal）。",
            "An OFD timestamp can only be added to a seal signature (--seal) for now.",
        )
    pictures = [] if seal_der is not None else stamps  # drawn as annotations, not StampAnnots
    if pictures:
        _check_picture_only(doc, options)
    members = dict(package.members)
    if pictures and options.seal is not None:
        add_picture_annotations(
            members, doc, [(p.page, p.boundary) for p in pictures], options.seal.png
        )
        stamps = []
    signatures_path = doc.signatures_path
    if signatures_path is None:
        signatures_path = posixpath.join(
            posixpath.dirname(doc.document_path), "Signs/Signatures.xml"
        )
        members["OFD.xml"] = _with_signatures_entry(members["OFD.xml"], "/" + signatures_path)
    sig_list = _SignatureList.read(package, signatures_path)
    sign_dir = _free_sign_dir(members, posixpath.dirname(signatures_path))
    signature_path = f"{sign_dir}/Signature.xml"
    value_path = f"{sign_dir}/SignedValue.dat"
    kind = "Seal" if seal_der is not None else "Sign"
    sig_list.entries.append(
        {"ID": sig_list.next_id(), "Type": kind, "BaseLoc": "/" + signature_path}
    )
    stamp_ids = [(sig_list.next_id(), s) for s in stamps]
    seal_loc = None
    if seal_der is not None:
        members[f"{sign_dir}/Seal.esl"] = seal_der
        seal_loc = f"/{sign_dir}/Seal.esl"
    members[signatures_path] = sig_list.xml()
    references = [
        ("/" + name, hashlib.new("sm3", content).digest())
        for name, content in members.items()
        if name != signatures_path
    ]
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    signature_xml = _signature_xml(
        method=SIGNATURE_METHODS[signer.algorithm],
        when=now.strftime("%Y%m%d%H%M%SZ"),
        seal_loc=seal_loc,
        stamps=stamp_ids,
        references=references,
        value_loc="/" + value_path,
    )
    digest = hashlib.new("sm3", signature_xml).digest()
    if seal_der is not None:
        stamp = _timestamper(options.tsa_url) if options.tsa_url else None
        value = _seal_signature(seal_der, signer, digest, "/" + signature_path, now, stamp)
    else:
        value = signed_data(signer, digest)
    members[signature_path] = signature_xml
    members[value_path] = value
    return _zip(members)


def _refuse_pdf_only(options: SignOptions) -> None:
    """Options OFD signatures have no place for are refused, not silently dropped.

    :raises OfdSignError: an anti-counterfeit QR, embedded CRLs or a reason was asked for.
    """
    asked = [
        (options.qr is not None, "防伪二维码（--qr）", "an anti-counterfeit QR code (--qr)"),
        (bool(options.crls), "吊销列表（--crl）", "revocation lists (--crl)"),
        (bool(options.reason), "签署理由（--reason）", "a reason (--reason)"),
    ]
    for wanted, zh, en in asked:
        if wanted:
            raise OfdSignError(
                "pdf_only",
                f"OFD 签章不支持{zh}，它只用于 PDF。",
                f"OFD signatures have no place for {en}; it is for PDF only.",
            )


def _check_picture_only(doc: OfdDocument, options: SignOptions) -> None:
    """A picture without a seal is drawn as page annotations; that rewrites files earlier
    signatures protect, and a cross-page seal is a seal.

    :raises OfdSignError: the document is signed already, or a cross-page picture is asked.
    """
    if options.cross_page is not None:
        raise OfdSignError(
            "cross_page_needs_seal",
            "OFD 骑缝章需要电子印章（--seal），不能只用图片。",
            "An OFD cross-page seal needs an electronic seal (--seal), not only a picture.",
        )
    if doc.signatures:
        raise OfdSignError(
            "image_on_signed",
            "该 OFD 已有签名：只用图片的签名外观会改动已签名保护的文件，请改用电子印章（--seal）。",
            "The OFD is signed already: a picture-only appearance would change files the "
            "earlier signature protects; use an electronic seal (--seal).",
        )


def _timestamper(url: str) -> Callable[[bytes], bytes]:
    def stamp(value: bytes) -> bytes:
        try:
            return request_timestamp(url, value)
        except TimestampError as e:
            raise OfdSignError(e.reason, e.message_zh, e.message_en) from e

    return stamp


def _seal_signature(
    seal_der: bytes,
    signer: Signer,
    digest: bytes,
    property_info: str,
    at: dt.datetime,
    timestamp: Callable[[bytes], bytes] | None,
) -> bytes:
    try:
        return build_signature(
            seal_der=seal_der,
            signer=signer,
            data_hash=digest,
            property_info=property_info,
            at=at,
            timestamp=timestamp,
        )
    except SealSignerMismatch as e:
        raise OfdSignError(
            "seal_signer",
            f"印章“{e}”的授权证书中没有当前签章人的证书，不能用此证书签章。",
            f"The seal '{e}' does not name the signer's certificate: it cannot sign with it.",
        ) from e
    except SealFormatError as e:
        raise OfdSignError(
            "seal", f"印章无法用于签章：{e}", f"The seal cannot be used to sign: {e}"
        ) from e
