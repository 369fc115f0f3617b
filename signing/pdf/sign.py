"""Signing PDFs with seals: PAdES (ETSI.CAdES.detached) through pyHanko, incremental updates.

Each placement is one signature whose widget shows the seal picture at true size, upright and
where a person looking at the page asked, whatever the page's /Rotate and CropBox. Any
:class:`~sealdesk.signing.Signer` signs (USB key, soft key); one login serves all placements
and all files of a batch.
"""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from asn1crypto import algos
from asn1crypto import x509 as asn1_x509
from PIL import Image
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.images import pil_image
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_cms import Signer as PyHankoSigner
from pyhanko.stamp import BaseStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pypdf import PdfReader
from pypdf.errors import PdfReadError as PypdfReadError

from sealdesk.signing.fileio import write_atomic
from sealdesk.signing.signer import SignatureAlgorithm, Signer
from sealdesk.signing.units import mm_to_pt

_MECHANISMS = {
    SignatureAlgorithm.RSA_PKCS1_SHA256: "sha256_rsa",
    SignatureAlgorithm.ECDSA_P256_SHA256: "sha256_ecdsa",
}
Progress = Callable[[float, str], None]


class PdfSignError(Exception):
    """A PDF could not be signed; ``reason`` is stable, the messages are for people."""

    def __init__(self, reason: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.reason = reason  # "unreadable" | "encrypted" | "page" | "placement" | "algorithm"
        self.message_zh = message_zh
        self.message_en = message_en

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


class Cancelled(Exception):
    """The user cancelled; nothing unfinished was written."""


@dataclass(frozen=True)
class Placement:
    """Where one seal goes: page (1-based) and the seal's top-left corner in mm from the
    top-left of the page as displayed; ``size_mm`` overrides the seal's own width."""

    page: int
    x_mm: float
    y_mm: float
    size_mm: float | None = None


@dataclass(frozen=True)
class SealPicture:
    """The picture of the seal and its true size."""

    png: bytes
    width_mm: float
    height_mm: float
    name: str | None = None


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

    def to_user(self, dx: float, dy: float) -> tuple[float, float]:
        """A point given from the displayed page's top-left (pt, y down) in user space."""
        x0, y0, x1, y1 = self.crop
        return {
            0: (x0 + dx, y1 - dy),
            90: (x0 + dy, y0 + dx),
            180: (x1 - dx, y0 + dy),
            270: (x1 - dy, y1 - dx),
        }[self.rotation]

    def user_rect(
        self, x_mm: float, y_mm: float, w_mm: float, h_mm: float
    ) -> tuple[float, float, float, float]:
        """The user-space rectangle of a displayed box."""
        dx, dy, dw, dh = (mm_to_pt(v) for v in (x_mm, y_mm, w_mm, h_mm))
        corners = [self.to_user(dx, dy), self.to_user(dx + dw, dy + dh)]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        return min(xs), min(ys), max(xs), max(ys)


def page_geometry(data: bytes, password: str | None = None) -> list[PageGeometry]:
    """Crop box and rotation of every page (inherited values resolved).

    :raises PdfSignError: unreadable or encrypted without the password.
    """
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(password or ""):
            raise PdfSignError(
                "encrypted",
                "PDF 已加密，需要密码才能签章（SEALDESK_PDF_PASSWORD）。",
                "The PDF is encrypted: a password is needed (SEALDESK_PDF_PASSWORD).",
            )
        pages = []
        for page in reader.pages:
            box = page.cropbox
            rotation = int(page.get("/Rotate", 0) or 0) % 360
            pages.append(
                PageGeometry(
                    (float(box.left), float(box.bottom), float(box.right), float(box.top)),
                    rotation if rotation in (0, 90, 180, 270) else 0,
                )
            )
        return pages
    except PdfSignError:
        raise
    except (PypdfReadError, ValueError, KeyError, TypeError, RecursionError) as e:
        raise PdfSignError(
            "unreadable", f"无法读取 PDF 文件：{e}", f"Cannot read the PDF: {e}"
        ) from e


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

    picture: bytes = b""
    rotation: int = 0

    def image_ref(self, writer: Any) -> Any:
        # one image XObject per revision, shared by every use in it
        cache = writer.__dict__.setdefault("_sealdesk_images", {})
        key = hash(self.picture)
        if key not in cache:
            with Image.open(io.BytesIO(self.picture)) as img:
                cache[key] = pil_image(img.convert("RGBA"), writer)
        return cache[key]

    def create_stamp(self, writer: Any, box: BoxConstraints, text_params: dict[str, Any]) -> Any:
        return _SealStamp(writer, self, box)


class _PyHankoAdapter(PyHankoSigner):
    """Our Signer as pyHanko's: pyHanko computes the CMS, our signer signs the attributes."""

    def __init__(self, signer: Signer) -> None:
        mechanism = _MECHANISMS.get(signer.algorithm)
        if mechanism is None:
            raise PdfSignError(
                "algorithm",
                "SM2 PDF 签名尚未支持，请使用 RSA 或 ECDSA 证书。",
                "SM2 PDF signatures are not supported yet; use an RSA or ECDSA certificate.",
            )
        self._signer = signer
        super().__init__(
            signing_cert=asn1_x509.Certificate.load(signer.certificate),
            cert_registry=SimpleCertificateStore.from_certs(
                [asn1_x509.Certificate.load(c) for c in signer.chain]
            ),
            signature_mechanism=algos.SignedDigestAlgorithm({"algorithm": mechanism}),
        )

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        if dry_run:
            return bytes(512)
        return self._signer.sign(data)


@dataclass(frozen=True, kw_only=True)
class SignOptions:
    """What a signing run does to each file."""

    placements: Sequence[Placement] = ()
    seal: SealPicture | None = None
    reason: str | None = None
    location: str | None = None
    password: str | None = None


def _field_name(writer: Any) -> str:
    existing = {name for name, _value, _ref in fields.enumerate_sig_fields(writer)}
    n = 1
    while f"SealDesk{n}" in existing:
        n += 1
    return f"SealDesk{n}"


def sign_pdf(data: bytes, *, signer: Signer, options: SignOptions) -> bytes:
    """Sign ``data`` once per placement (one invisible signature when there is none).

    :raises PdfSignError: unreadable or encrypted PDF, page out of range, seal missing.
    :raises UKeyError: (or another signer's error) when the key fails.
    """
    geometry = page_geometry(data, options.password)
    adapter = _PyHankoAdapter(signer)
    reason = options.reason or (
        f"加盖电子印章：{options.seal.name}" if options.seal and options.seal.name else None
    )
    targets: list[Placement | None] = list(options.placements) or [None]
    for placement in targets:
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
            if writer.prev.encrypted:
                writer.encrypt(options.password or "")
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
                w = placement.size_mm or options.seal.width_mm
                h = w * options.seal.height_mm / options.seal.width_mm
                rect = page.user_rect(placement.x_mm, placement.y_mm, w, h)
                # pyHanko annotates the box as ints but writes floats as they are
                spec = fields.SigFieldSpec(
                    sig_field_name=name, on_page=placement.page - 1, box=cast(Any, rect)
                )
                style = SealStampStyle(
                    picture=options.seal.png, rotation=page.rotation, border_width=0
                )
            meta = signers.PdfSignatureMetadata(
                field_name=name,
                md_algorithm="sha256",
                reason=reason,
                location=options.location,
                subfilter=fields.SigSeedSubFilter.PADES,
            )
            pdf_signer = signers.PdfSigner(
                meta, signer=adapter, stamp_style=style, new_field_spec=spec
            )
            out = io.BytesIO()
            asyncio.run(pdf_signer.async_sign_pdf(writer, output=out))
            data = out.getvalue()
        except PdfSignError:
            raise
        except (PdfError, ValueError, KeyError, TypeError, RecursionError) as e:
            raise PdfSignError(
                "unreadable", f"无法签署此 PDF：{e}", f"Cannot sign this PDF: {e}"
            ) from e
    return data


@dataclass(frozen=True)
class FileResult:
    """How one file of a batch went."""

    source: Path
    output: Path | None
    ok: bool
    error: Exception | None = None


def sign_files(
    jobs: Sequence[tuple[Path, Path]],
    *,
    signer: Signer,
    options: SignOptions,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> list[FileResult]:
    """Sign each (input, output) pair; a bad file is reported and the rest go on.

    :raises PdfSignError: the signer's algorithm cannot sign PDFs (before any file).

    Outputs are written atomically; inputs are only read. ``cancel`` stops after the current
    file (finished outputs stay).
    """
    report = progress or (lambda _f, _m: None)
    _PyHankoAdapter(signer)  # a signer PDF cannot use fails the batch, not each file
    results: list[FileResult] = []
    for i, (source, target) in enumerate(jobs):
        if cancel is not None and cancel.is_set():
            break
        report(i / max(len(jobs), 1), str(source))
        try:
            if target.exists() and not overwrite:
                raise FileExistsError(str(target))
            signed = sign_pdf(source.read_bytes(), signer=signer, options=options)
            write_atomic(target, signed, overwrite=overwrite)
            results.append(FileResult(source, target, True))
        except (PdfSignError, OSError) as e:
            results.append(FileResult(source, None, False, e))
    report(1.0, "done")
    return results
