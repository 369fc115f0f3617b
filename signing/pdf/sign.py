"""Signing PDFs with seals: PAdES (ETSI.CAdES.detached) through pyHanko, incremental updates.

Each placement is one signature whose widget shows the seal picture at true size, upright and
where a person looking at the page asked, whatever the page's /Rotate and CropBox. Any
:class:`~sealdesk.signing.Signer` signs (USB key, soft key); one login serves all placements
and all files of a batch.

Just over 600 lines: the appearance (placed seals, cross-page strips, QR code) has to be
written into the same incremental revision the signature covers, so it lives with it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hashlib
import io
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

import requests
from asn1crypto import algos
from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from PIL import Image
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.crypt import AuthStatus, PubKeySecurityHandler, StandardSecurityHandler
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_cms import Signer as PyHankoSigner
from pyhanko.sign.timestamps import TimestampRequestError
from pyhanko.sign.timestamps.requests_client import HTTPTimeStamper
from pyhanko.sign.validation import read_certification_data
from pyhanko.stamp import BaseStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from sealdesk.signing.errors import PdfSignError
from sealdesk.signing.mupdf import serialised
from sealdesk.signing.options import (
    CrossPage,
    CrossPageGroup,
    Placement,
    QrSpec,
    SealPicture,
    SignOptions,
    cross_page_groups,
    cross_page_strip,
    keyword_not_found,
    seal_box,
)
from sealdesk.signing.pdf.fastread import PlainDictionaries
from sealdesk.signing.pdf.reasons import seal_reason
from sealdesk.signing.signer import SignatureAlgorithm, Signer
from sealdesk.signing.sm2_cms import SM2_AWARE_VALIDATOR, sm2_mechanism
from sealdesk.signing.tsp import tsa_failed
from sealdesk.signing.units import mm_to_pt, pt_to_mm

_MECHANISMS = {
    SignatureAlgorithm.RSA_PKCS1_SHA256: algos.SignedDigestAlgorithm({"algorithm": "sha256_rsa"}),
    SignatureAlgorithm.ECDSA_P256_SHA256: algos.SignedDigestAlgorithm(
        {"algorithm": "sha256_ecdsa"}
    ),
    SignatureAlgorithm.SM2_SM3: sm2_mechanism(),
}


def _encrypted() -> PdfSignError:
    return PdfSignError(
        "encrypted",
        "PDF 已加密，需要正确的打开密码才能签章。",
        "The PDF is encrypted: the right password is needed to sign it.",
    )


@dataclass(frozen=True)
class PageGeometry:
    """What is needed to map displayed millimetres to PDF user space."""

    crop: tuple[float, float, float, float]  # x0, y0, x1, y1 in user space
    rotation: int  # 0, 90, 180, 270 (clockwise, as displayed)

    @property
    def displayed_size(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.crop
        w, h = x1 - x0, y1 - y0
        return (h, w) if self.rotation in (90, 270) else (w, h)

    def display_matrix(self) -> tuple[float, float, float, float, float, float]:
        """PDF matrix from displayed coordinates (pt from the top-left, y down) to user space."""
        x0, y0, x1, y1 = self.crop
        return {
            0: (1.0, 0.0, 0.0, -1.0, x0, y1),
            90: (0.0, 1.0, 1.0, 0.0, x0, y0),
            180: (-1.0, 0.0, 0.0, 1.0, x1, y0),
            270: (0.0, -1.0, -1.0, 0.0, x1, y1),
        }[self.rotation]

    def to_user(self, dx: float, dy: float) -> tuple[float, float]:
        """A point given from the displayed page's top-left (pt, y down) in user space."""
        a, b, c, d, e, f = self.display_matrix()
        return a * dx + c * dy + e, b * dx + d * dy + f

    def user_rect(
        self, x_mm: float, y_mm: float, w_mm: float, h_mm: float
    ) -> tuple[float, float, float, float]:
        """The user-space rectangle of a displayed box."""
        dx, dy, dw, dh = (mm_to_pt(v) for v in (x_mm, y_mm, w_mm, h_mm))
        corners = [self.to_user(dx, dy), self.to_user(dx + dw, dy + dh)]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        return min(xs), min(ys), max(xs), max(ys)


def _inherited(page: Any, key: str) -> Any:
    """A page attribute, looked up the page tree as PDF inheritance says (loops guarded)."""
    node, depth = page, 0
    while node is not None and depth < 64:
        if key in node:
            return node[key]
        node = node.get("/Parent")
        node = node.get_object() if node is not None else None
        depth += 1
    return None


class DocumentPages:
    """Page count and displayed geometry. The page tree is walked once for all pages:
    pyHanko walks it again for every page it looks up, quadratic over a 300-page document."""

    def __init__(self, reader: Any, *, source: bytes | None = None) -> None:
        """``source``: the bytes ``reader`` reads, given when every page will be changed: the
        page tree is then indexed at once and its dictionaries read by :mod:`.fastread`."""
        self._reader = reader
        self._plain = PlainDictionaries(reader, source) if source else None
        self._count = int(reader.root["/Pages"]["/Count"])
        self._located: list[tuple[Any, Any]] | None = self._walk() if source else None

    def __len__(self) -> int:
        return self._count

    def locate(self, page_ix: int) -> tuple[Any, Any]:
        """(page reference, inherited resources), as pyHanko's find_page_for_modification."""
        if self._located is None:  # a few pages: walk to each, no need to index them all
            return self._reader.find_page_for_modification(page_ix)  # type: ignore[no-any-return]
        if not 0 <= page_ix < len(self._located):
            raise PdfError("Page index out of range")
        return self._located[page_ix]

    def resolve(self, ref: Any) -> Any:
        """The object ``ref`` (an indirect reference) points to."""
        if self._plain is not None:
            found = self._plain.read(ref.reference)
            if found is not None:
                return found
        return ref.get_object()

    def _walk(self) -> list[tuple[Any, Any]]:
        root_ref = self._reader.root.raw_get("/Pages")
        root = root_ref.get_object()
        located: list[tuple[Any, Any]] = []
        seen: set[Any] = set()
        stack = [(root_ref, root.get("/Resources", generic.DictionaryObject()))]
        while stack:
            node_ref, resources = stack.pop()
            if node_ref.reference in seen:
                raise PdfError("Circular reference in page tree")
            seen.add(node_ref.reference)
            node = self.resolve(node_ref)
            if "/Resources" in node:
                resources = node.raw_get("/Resources")
            if node.get("/Type") == "/Pages":
                kids = node["/Kids"]
                # raw_get, not iteration: in an encrypted file that yields undecrypted proxies
                stack.extend((kids.raw_get(i), resources) for i in reversed(range(len(kids))))
            else:
                located.append((node_ref, resources))
        return located

    def __getitem__(self, page_ix: int) -> PageGeometry:
        ref, _resources = self.locate(page_ix)
        page = ref.get_object()
        box = _inherited(page, "/CropBox") or _inherited(page, "/MediaBox")
        x0, y0, x1, y1 = (float(v) for v in box)
        rotation = int(_inherited(page, "/Rotate") or 0) % 360
        return PageGeometry(
            (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)),
            rotation if rotation in (0, 90, 180, 270) else 0,
        )


def _open_writer(data: bytes, password: str | None) -> IncrementalPdfFileWriter:
    """An incremental writer over ``data``, decrypted with ``password`` when needed.

    :raises PdfSignError: unreadable, or encrypted and the password does not open it.
    """
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        if writer.prev.encrypted:
            if isinstance(writer.prev.security_handler, PubKeySecurityHandler):
                raise PdfSignError(
                    "pubkey",
                    "PDF 以证书（公钥）加密，只有收件人的私钥能打开，不能签章；"
                    "请让发件人提供未加密或用密码加密的文件。",
                    "The PDF is encrypted for certificate holders (public-key encryption) and "
                    "cannot be signed; ask the sender for an unencrypted or password-protected "
                    "copy.",
                )
            if not isinstance(writer.prev.security_handler, StandardSecurityHandler):
                raise _unreadable()
            if writer.encrypt(password or "").status == AuthStatus.FAILED:
                raise _encrypted()
        _refuse_locked(writer.prev)
        return writer
    except PdfSignError:
        raise
    except _READ_ERRORS as e:
        raise _unreadable() from e


# what pyHanko raises on a damaged file (it checks some structures with assert)
_READ_ERRORS = (
    PdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    AssertionError,
    RecursionError,
)


def _unreadable() -> PdfSignError:
    # pyHanko's messages ("'/Pages'", "'NoneType' object is not iterable") say nothing to a
    # person; the cause stays in the exception chain for the debug log
    return PdfSignError(
        "unreadable",
        "PDF 文件结构损坏或不受支持（例如缺少页面树），无法签章。",
        "The PDF's structure is damaged or not supported (for example its page tree is "
        "missing); it cannot be signed.",
    )


def _refuse_locked(reader: PdfFileReader) -> None:
    """A file whose author certified it with 'no changes' is refused: any signature added
    would break the author's certification."""
    try:
        certification = read_certification_data(reader)
    except _READ_ERRORS:
        return  # a damaged certification is the verifier's to judge
    if certification is not None and certification.permission == MDPPerm.NO_CHANGES:
        raise PdfSignError(
            "locked",
            "此 PDF 已由作者认证并锁定（不允许任何更改），再签章会使作者的认证失效，因此不能签章。",
            "The PDF is certified by its author and locked (no changes allowed); another "
            "signature would break the certification, so it cannot be signed.",
        )


@functools.lru_cache(maxsize=8)
def _encoded_image(png: bytes) -> tuple[tuple[int, int], bytes, bytes]:
    """(size, deflated RGB, deflated alpha) of a seal picture: a batch compresses it once."""
    with Image.open(io.BytesIO(png)) as img:
        rgba = img.convert("RGBA")
    alpha = rgba.getchannel("A")
    return rgba.size, zlib.compress(rgba.convert("RGB").tobytes()), zlib.compress(alpha.tobytes())


class SealImageStore:
    """The seal picture as one image XObject (with its alpha as /SMask) for a whole signing
    run: written once, in the first revision that needs it, referenced from every later stamp
    and revision."""

    def __init__(self, png: bytes) -> None:
        self.png = png
        self._object: tuple[int, int] | None = None

    def ref(self, writer: Any) -> Any:
        if self._object is not None:
            return generic.IndirectObject(*self._object, writer)
        (width, height), rgb, alpha = _encoded_image(self.png)

        def image(data: bytes, colour_space: str, **extra: Any) -> Any:
            return writer.add_object(
                generic.StreamObject(
                    {
                        pdf_name("/Type"): pdf_name("/XObject"),
                        pdf_name("/Subtype"): pdf_name("/Image"),
                        pdf_name("/Width"): generic.NumberObject(width),
                        pdf_name("/Height"): generic.NumberObject(height),
                        pdf_name("/ColorSpace"): pdf_name(colour_space),
                        pdf_name("/BitsPerComponent"): generic.NumberObject(8),
                        pdf_name("/Filter"): pdf_name("/FlateDecode"),
                        **{pdf_name(k): v for k, v in extra.items()},
                    },
                    encoded_data=data,
                )
            )

        ref = image(rgb, "/DeviceRGB", **{"/SMask": image(alpha, "/DeviceGray")})
        self._object = (ref.idnum, ref.generation)
        return ref


class _SealStamp:
    """The widget appearance: the seal picture filling the box, counter-rotated so that it
    stands upright on a rotated page."""

    def __init__(self, writer: Any, style: SealStampStyle, box: BoxConstraints) -> None:
        self.writer = writer
        self.style = style
        self.box = box

    def apply_appearance(self, annot: generic.DictionaryObject) -> None:
        w, h = float(self.box.width), float(self.box.height)
        rotation = self.style.rotation
        # BBox is the upright seal; /Matrix turns it against the page's display rotation
        bw, bh = (h, w) if rotation in (90, 270) else (w, h)
        matrix = {0: [1, 0, 0, 1], 90: [0, 1, -1, 0], 180: [-1, 0, 0, -1], 270: [0, -1, 1, 0]}
        image_ref = self.style.image_ref(self.writer)
        content = f"q {bw:.4f} 0 0 {bh:.4f} 0 0 cm /Seal Do Q".encode()
        stream = generic.StreamObject(
            {
                pdf_name("/Type"): pdf_name("/XObject"),
                pdf_name("/Subtype"): pdf_name("/Form"),
                pdf_name("/BBox"): generic.ArrayObject(
                    [
                        generic.FloatObject(0),
                        generic.FloatObject(0),
                        generic.FloatObject(bw),
                        generic.FloatObject(bh),
                    ]
                ),
                pdf_name("/Matrix"): generic.ArrayObject(
                    [generic.NumberObject(v) for v in matrix[rotation]]
                    + [generic.NumberObject(0), generic.NumberObject(0)]
                ),
                pdf_name("/Resources"): generic.DictionaryObject(
                    {pdf_name("/XObject"): generic.DictionaryObject({pdf_name("/Seal"): image_ref})}
                ),
            },
            stream_data=content,
        )
        ap = self.writer.add_object(stream)
        annot[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): ap})


@dataclass(frozen=True)
class SealStampStyle(BaseStampStyle):
    """pyHanko stamp style drawing a seal picture (see :class:`_SealStamp`)."""

    images: SealImageStore | None = None
    rotation: int = 0

    def image_ref(self, writer: Any) -> Any:
        if self.images is None:
            raise ValueError("SealStampStyle needs its image store")
        return self.images.ref(writer)

    def create_stamp(self, writer: Any, box: BoxConstraints, text_params: dict[str, Any]) -> Any:
        return _SealStamp(writer, self, box)


class _PyHankoAdapter(PyHankoSigner):
    """Our Signer as pyHanko's: pyHanko computes the CMS, our signer signs the attributes
    (for SM2: over SM3(Z || DER signed attributes), the value a DER SEQUENCE {r, s})."""

    def __init__(self, signer: Signer) -> None:
        self._signer = signer
        super().__init__(
            signing_cert=asn1_x509.Certificate.load(signer.certificate),
            cert_registry=SimpleCertificateStore.from_certs(
                [asn1_x509.Certificate.load(c) for c in signer.chain]
            ),
            signature_mechanism=_MECHANISMS[signer.algorithm],
        )

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        if dry_run:
            return bytes(512)
        return self._signer.sign(data)


def _stamp(
    writer: Any, pages: DocumentPages, page_ix: int, content: bytes, xobjects: dict[str, Any]
) -> None:
    """Draw ``content`` on a page in this revision, isolated from the page's own state.

    The page's /Contents becomes a direct array [shared "q", its own streams, "Q" + content]:
    one rewritten page and one new stream per page (pyHanko's add_stream_to_page, called twice,
    also writes a new /Contents array object per page).
    """
    page_ref, resources = pages.locate(page_ix)
    page = page_ref.get_object()
    own = page.raw_get("/Contents") if "/Contents" in page else generic.ArrayObject()
    if isinstance(own, generic.IndirectObject) and isinstance(
        own.get_object(), generic.ArrayObject
    ):
        own = own.get_object()
    streams = list(own) if isinstance(own, generic.ArrayObject) else [own]
    before = writer.__dict__.get("_sealdesk_q")
    if before is None:
        before = writer.__dict__["_sealdesk_q"] = writer.add_object(
            generic.StreamObject(stream_data=b"q\n")
        )
    after = writer.add_object(generic.StreamObject(stream_data=b"\nQ\n" + content))
    page[pdf_name("/Contents")] = generic.ArrayObject([before, *streams, after])
    writer.mark_update(page_ref)
    if not xobjects:
        return
    # our names go into a fresh /XObject dictionary: one shared with other pages or
    # inherited is never changed, and pages sharing resources get the same names again
    if isinstance(resources, generic.IndirectObject):
        target = pages.resolve(resources)
        writer.mark_update(resources)
    else:  # direct (maybe inherited): the page gets its own copy
        target = page[pdf_name("/Resources")] = generic.DictionaryObject(resources or {})
    named = generic.DictionaryObject(target.get("/XObject") or {})
    for name, ref in xobjects.items():
        named[pdf_name(f"/{name}")] = ref
    target[pdf_name("/XObject")] = named


def _matrix(m: Sequence[float]) -> str:
    return " ".join(f"{v:.4f}" for v in m) + " cm"


def _stamp_cross_page(
    writer: Any,
    geometry: DocumentPages,
    spec: CrossPage,
    seal: SealPicture,
    images: SealImageStore,
) -> list[CrossPageGroup]:
    groups = cross_page_groups(spec, len(geometry), (seal.width_mm, seal.height_mm), PdfSignError)
    w, h = mm_to_pt(seal.width_mm), mm_to_pt(seal.height_mm)
    pos = mm_to_pt(spec.pos_mm) if spec.pos_mm is not None else None
    image = images.ref(writer)  # stored once, every strip clips it
    for group in groups:
        for i, page_ix in enumerate(group.pages):
            page = geometry[page_ix]
            (x, y), clip = cross_page_strip(
                spec, i, len(group.pages), (w, h), page.displayed_size, pos
            )
            content = (
                f"q {_matrix(page.display_matrix())} "
                f"{clip[0]:.4f} {clip[1]:.4f} {clip[2]:.4f} {clip[3]:.4f} re W n "
                f"{_matrix((w, 0, 0, -h, x, y + h))} /SealDeskCP Do Q\n"
            ).encode()
            _stamp(writer, geometry, page_ix, content, {"SealDeskCP": image})
    return groups


def qr_text(*, document_digest: str, signer: Signer, signing_time: str) -> str:
    """What the anti-counterfeit QR says: enough to match a scan against a verify report."""
    from sealdesk.signing.certinfo import certificate_info

    info = certificate_info(signer.certificate)
    return (
        f"SEALDESK1;DOC={document_digest[:32]};SIGNER={info.subject_cn};"
        f"CODE={info.credit_code or ''};TIME={signing_time};CERT={info.sha256_fingerprint[:16]}"
    )


def _stamp_qr(writer: Any, geometry: DocumentPages, spec: QrSpec, text: str) -> None:
    import segno

    page_ix = (spec.page or len(geometry)) - 1
    if not 0 <= page_ix < len(geometry):
        raise PdfSignError(
            "page",
            f"二维码页码 {page_ix + 1} 超出范围。",
            f"QR page {page_ix + 1} is out of range.",
        )
    page = geometry[page_ix]
    qr = segno.make(text, error="m", micro=False)
    modules = qr.matrix
    n = len(modules) + 8  # 4-module quiet zone each side
    size = mm_to_pt(spec.size_mm)
    cell = size / n
    _pw, ph = page.displayed_size
    x = mm_to_pt(spec.x_mm)
    y = mm_to_pt(spec.y_mm) if spec.y_mm is not None else ph - size - mm_to_pt(15)
    rects = [
        f"{x + (c + 4) * cell:.3f} {y + (r + 4) * cell:.3f} {cell:.3f} {cell:.3f} re"
        for r, row in enumerate(modules)
        for c, dark in enumerate(row)
        if dark
    ]
    content = (
        f"q {_matrix(page.display_matrix())} 1 1 1 rg {x:.3f} {y:.3f} {size:.3f} "
        f"{size:.3f} re f 0 0 0 rg " + " ".join(rects) + " f Q\n"
    ).encode()
    _stamp(writer, geometry, page_ix, content, {})


def _revocation_settings(signer: Signer, options: SignOptions) -> dict[str, Any]:
    """PAdES LT: with CRLs at hand, pyHanko validates the chain now and embeds what it used."""
    if not options.crls:
        return {}
    roots = [asn1_x509.Certificate.load(r) for r in options.trust_roots]
    chain = [asn1_x509.Certificate.load(c) for c in signer.chain]
    roots += [c for c in chain if c.self_signed == "maybe" or c.self_signed == "yes"]
    context = ValidationContext(
        trust_roots=roots,
        other_certs=chain,
        crls=[asn1_crl.CertificateList.load(c) for c in options.crls],
        allow_fetching=False,
        revocation_mode="hard-fail",
        signature_validator=SM2_AWARE_VALIDATOR,
    )
    return {"embed_validation_info": True, "validation_context": context}


def _field_name(writer: Any) -> str:
    existing = {name for name, _value, _ref in fields.enumerate_sig_fields(writer)}
    n = 1
    while f"SealDesk{n}" in existing:
        n += 1
    return f"SealDesk{n}"


def sign_pdf(
    data: bytes,
    *,
    signer: Signer,
    options: SignOptions,
    on_cross_page: Callable[[list[CrossPageGroup]], None] | None = None,
) -> bytes:
    """Sign ``data`` once per placement (one invisible signature when there is none);
    ``on_cross_page`` hears the groups the cross-page seal was stamped in.

    :raises PdfSignError: unreadable or encrypted PDF, page out of range, seal missing.
    :raises UKeyError: (or another signer's error) when the key fails.
    """
    adapter = _PyHankoAdapter(signer)
    reason = seal_reason(options.seal.name if options.seal else None, options.reason)
    if options.cross_page is not None and options.seal is None:
        raise PdfSignError(
            "placement",
            "骑缝章需要印章图片（--seal 或 --image）。",
            "A cross-page seal needs its picture (--seal or --image).",
        )
    timestamper = HTTPTimeStamper(options.tsa_url, timeout=20) if options.tsa_url else None
    images = SealImageStore(options.seal.png if options.seal else b"")
    placements = list(options.placements)
    if options.keyword and options.seal is not None:
        placements += keyword_placements(
            data,
            options.keyword,
            seal=options.seal,
            occurrence=options.occurrence,
            offset_mm=options.keyword_offset_mm,
            password=options.password,
        )
    targets: list[Placement | None] = list(placements) or [None]
    for n, placement in enumerate(targets):
        writer = _open_writer(data, options.password)
        try:
            bulk = n == 0 and options.cross_page is not None
            geometry = DocumentPages(writer.prev, source=data if bulk else None)
            if bulk:
                # pyHanko walks the page tree for every page it changes; give it the index
                writer.find_page_for_modification = geometry.locate  # type: ignore[method-assign]
            if n == 0:
                # stamped in the first signature's revision, so that signature covers them
                if options.cross_page is not None and options.seal is not None:
                    groups = _stamp_cross_page(
                        writer, geometry, options.cross_page, options.seal, images
                    )
                    if on_cross_page is not None:
                        on_cross_page(groups)
                if options.qr is not None:
                    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                    digest = hashlib.sha256(data).hexdigest()
                    text = qr_text(document_digest=digest, signer=signer, signing_time=now)
                    _stamp_qr(writer, geometry, options.qr, text)
            name = _field_name(writer)
            style: BaseStampStyle | None = None
            spec = fields.SigFieldSpec(sig_field_name=name)
            if placement is not None:
                if options.seal is None:
                    raise PdfSignError(
                        "placement",
                        "放置印章需要印章图片（--seal 或 --image）。",
                        "Placing a seal needs its picture (--seal or --image).",
                    )
                if not 1 <= placement.page <= len(geometry):
                    raise PdfSignError(
                        "page",
                        f"页码 {placement.page} 超出范围（共 {len(geometry)} 页）。",
                        f"Page {placement.page} is out of range ({len(geometry)} pages).",
                    )
                page = geometry[placement.page - 1]
                shown_w, shown_h = page.displayed_size
                box = seal_box(
                    placement, options.seal, (pt_to_mm(shown_w), pt_to_mm(shown_h)), PdfSignError
                )
                rect = page.user_rect(*box)
                # pyHanko annotates the box as ints but writes floats as they are
                spec = fields.SigFieldSpec(
                    sig_field_name=name, on_page=placement.page - 1, box=cast(Any, rect)
                )
                style = SealStampStyle(images=images, rotation=page.rotation, border_width=0)
            meta = signers.PdfSignatureMetadata(
                field_name=name,
                md_algorithm=signer.algorithm.digest_name,
                reason=reason,
                location=options.location,
                subfilter=fields.SigSeedSubFilter.PADES,
                **_revocation_settings(signer, options),
            )
            pdf_signer = signers.PdfSigner(
                meta,
                signer=adapter,
                stamp_style=style,
                new_field_spec=spec,
                timestamper=timestamper,
            )
            out = io.BytesIO()
            asyncio.run(pdf_signer.async_sign_pdf(writer, output=out))
            data = out.getvalue()
        except PdfSignError:
            raise
        except SigningError as e:
            if not options.crls:
                raise _unreadable() from e
            raise PdfSignError(
                "revocation",
                "无法为签名附上吊销信息：证书链或 CRL 与签章证书不符。",
                "Cannot embed revocation data: the chain or CRL does not fit the signing "
                "certificate.",
            ) from e
        except (TimestampRequestError, requests.RequestException) as e:
            raise PdfSignError("tsa", *tsa_failed(options.tsa_url or "", e)) from e
        except _READ_ERRORS as e:
            raise _unreadable() from e
    return data


@serialised
def keyword_placements(
    data: bytes,
    keyword: str,
    *,
    seal: SealPicture,
    occurrence: Literal["all", "first", "last"] = "first",
    offset_mm: tuple[float, float] = (0.0, 0.0),
    password: str | None = None,
) -> list[Placement]:
    """Placements centring the seal on ``keyword`` (PyMuPDF text search), in reading order.

    :raises PdfSignError: (reason ``keyword``) the text does not occur.
    :raises PdfSignError: the PDF cannot be read.
    """
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except (RuntimeError, ValueError) as e:
        raise _unreadable() from e
    with doc:
        if doc.needs_pass and not doc.authenticate(password or ""):
            raise _encrypted()
        hits: list[Placement] = []
        for number in range(doc.page_count):
            page = doc[number]
            for rect in page.search_for(keyword):
                # search results are in unrotated page space; the rotation matrix turns them
                # into what a person sees (origin at the visible top-left, y down)
                shown = rect * page.rotation_matrix
                cx = (shown.x0 + shown.x1) / 2 * 25.4 / 72 + offset_mm[0]
                cy = (shown.y0 + shown.y1) / 2 * 25.4 / 72 + offset_mm[1]
                hits.append(
                    Placement(page.number + 1, cx - seal.width_mm / 2, cy - seal.height_mm / 2)
                )
    if not hits:
        raise keyword_not_found(keyword, PdfSignError)
    return {"all": hits, "first": hits[:1], "last": hits[-1:]}[occurrence]
