"""PDF verification: what the signature dictionary and its appearance show a person — the seal's
name, the signer's identity, the seal picture the appearance draws."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.sign.validation import EmbeddedPdfSignature

from sealdesk.signing.certinfo import CertificateError, certificate_info
from sealdesk.signing.mupdf import serialised
from sealdesk.signing.pdf.reasons import seal_name_from_reason
from sealdesk.signing.verdicts import SealPicture

MAX_PICTURE_PIXELS = 16_000_000

log = logging.getLogger(__name__)


SEAL_NAME_KEY = "/SealDesk.SealName"


@dataclass(frozen=True)
class DictionaryFacts:
    seal_name: str | None
    reason: str | None
    name: str | None


def _text(value: Any) -> str | None:
    if isinstance(value, (generic.TextStringObject, generic.ByteStringObject, str)):
        text = str(value).strip()
        return text or None
    if isinstance(value, generic.NameObject):
        return str(value)[1:] or None
    return None


def dictionary_facts(sig_object: generic.DictionaryObject) -> DictionaryFacts:
    def get(key: str) -> str | None:
        try:
            return _text(sig_object.get(key))
        except Exception:
            return None

    name = get("/Name")
    reason = get("/Reason")
    # /Name is the signer (a person), never a seal: a seal is named only where the file says
    seal_name = get(SEAL_NAME_KEY) or seal_name_from_reason(reason)
    return DictionaryFacts(seal_name=seal_name, reason=reason, name=name)


def identity_of(embedded: EmbeddedPdfSignature) -> tuple[str | None, str | None, str | None]:
    try:
        der = embedded.signer_cert.dump()
    except Exception:
        return None, None, None
    try:
        info = certificate_info(der)
        return info.subject_cn or info.subject or None, info.organization or None, info.credit_code
    except CertificateError:
        try:
            return str(embedded.signer_cert.subject.human_friendly), None, None
        except Exception:
            return None, None, None


def _image_xrefs(
    appearance: Any, depth: int = 0, seen: set[int] | None = None
) -> Iterator[tuple[int, int, Any]]:
    """(object number, pixel area, dictionary) of the image XObjects an appearance stream
    draws, following nested form XObjects a few levels deep."""
    seen = seen if seen is not None else set()
    if depth > 4:
        return
    try:
        resources = appearance.get_object().get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        if xobjects is None:
            return
        xobjects = xobjects.get_object()
        for key in list(xobjects.keys())[:64]:
            ref = xobjects.raw_get(key)
            if not isinstance(ref, generic.IndirectObject) or ref.idnum in seen:
                continue
            seen.add(ref.idnum)
            obj = ref.get_object()
            subtype = obj.get("/Subtype")
            if subtype == "/Image":
                yield ref.idnum, int(obj.get("/Width", 0)) * int(obj.get("/Height", 0)), obj
            elif subtype == "/Form":
                yield from _image_xrefs(ref, depth + 1, seen)
    except Exception as e:
        log.debug("appearance not walkable: %s", e)


def seal_picture_of(data: bytes, password: str | None, sig_field: Any) -> SealPicture | None:
    """The largest image the signature widget's normal appearance draws, if any."""
    try:
        widget = sig_field
        if "/AP" not in widget and "/Kids" in widget:
            widget = widget["/Kids"][0].get_object()
        normal = widget["/AP"]["/N"]
        if not isinstance(normal.get_object(), generic.StreamObject):
            return None
        candidates = sorted(_image_xrefs(normal), key=lambda c: c[1], reverse=True)
        if not candidates or not 0 < candidates[0][1] <= MAX_PICTURE_PIXELS:
            return None
        xref, _area, image = candidates[0]
        filters = image.get("/Filter")
        names = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)]
        jpeg = names == ["/DCTDecode"] and "/SMask" not in image
        width, height = int(image["/Width"]), int(image["/Height"])
    except Exception:
        return None
    return SealPicture(
        "jpeg" if jpeg else "png",
        width,
        height,
        functools.partial(_extract_image, data, password, xref),
    )


@serialised
def _extract_image(data: bytes, password: str | None, xref: int) -> bytes | None:
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:
        return None
    try:
        if doc.needs_pass and not doc.authenticate(password or ""):
            return None
        info = doc.extract_image(xref)
        if not info:
            return None
        smask = int(info.get("smask") or 0)
        if info.get("ext") in ("jpeg", "jpg") and not smask:
            return bytes(info["image"])
        pix = pymupdf.Pixmap(doc, xref)
        if smask:
            pix = pymupdf.Pixmap(pix, pymupdf.Pixmap(doc, smask))
        if pix.colorspace is not None and pix.colorspace.n not in (1, 3):
            pix = pymupdf.Pixmap(pymupdf.csRGB, pix)
        return bytes(pix.tobytes("png"))
    except Exception as e:
        log.debug("seal picture not extracted: %s", e)
        return None
    finally:
        doc.close()
