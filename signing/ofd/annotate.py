"""A picture shown on pages as OFD annotations (GB/T 33190 §15): the appearance of a digital
signature (Type="Sign"), which has no seal whose picture a reader could draw.

Document.xml, the resource file and the annotation files are rewritten, so this is only for
documents that carry no signature yet: an earlier signature protects those files.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Sequence
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

from sealdesk.signing.ofd.document import Box, OfdDocument, OfdPage, numbers_text
from sealdesk.signing.ofd.package import OFD_NS, child, children, normalise, text_of

register_namespace("ofd", OFD_NS)


class _Xml:
    """Elements made in the namespace (or none) the producer used for a file's root."""

    def __init__(self, root: Element) -> None:
        self.ns = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""

    def tag(self, name: str) -> str:
        return f"{{{self.ns}}}{name}" if self.ns else name

    def sub(self, parent: Element, name: str, text: str | None = None, **attrs: str) -> Element:
        element = SubElement(parent, self.tag(name), attrs)
        element.text = text
        return element

    def insert_before(
        self, parent: Element, name: str, text: str, followers: Sequence[str]
    ) -> Element:
        """A new child placed before the first of ``followers`` (schema order), else last."""
        element = Element(self.tag(name))
        element.text = text
        names = [c.tag.rsplit("}", 1)[-1] for c in parent]
        at = next((i for i, n in enumerate(names) if n in followers), len(names))
        parent.insert(at, element)
        return element


def _bytes(root: Element) -> bytes:
    return bytes(tostring(root, encoding="UTF-8", xml_declaration=True))


def _free(members: dict[str, bytes], path: str) -> str:
    stem, ext = posixpath.splitext(path)
    n, candidate = 1, path
    while candidate in members:
        candidate = f"{stem}_{n}{ext}"
        n += 1
    return candidate


def add_picture_annotations(
    members: dict[str, bytes],
    doc: OfdDocument,
    stamps: Sequence[tuple[OfdPage, Box]],
    png: bytes,
) -> None:
    """Show ``png`` in each (page, boundary in mm) as a Stamp annotation; ``members`` (the
    package being written) gains the picture and the changed XML files."""
    package = doc.package
    base = posixpath.dirname(doc.document_path)
    document = package.xml(doc.document_path)
    dx = _Xml(document)
    common = child(document, "CommonData")
    assert common is not None  # noqa: S101 (OfdDocument.load refused a document without it)
    last_id = doc.max_unit_id

    def new_id() -> str:
        nonlocal last_id
        last_id += 1
        return str(last_id)

    # the picture: a MultiMedia of the document's resource file (made when there is none)
    entries = children(common, "DocumentRes")
    if entries:
        res_path = doc.resolve(text_of(entries[0]), base)
    else:
        res_path = _free(members, posixpath.join(base, "DocumentRes.xml"))
        dx.insert_before(common, "DocumentRes", "/" + res_path, ("TemplatePage", "DefaultCS"))
    res = package.xml(res_path) if res_path in members else Element(dx.tag("Res"), BaseLoc="Res")
    rx = _Xml(res)
    res_base = normalise(res.get("BaseLoc", ""), posixpath.dirname(res_path))
    media_id = new_id()
    image_path = _free(members, posixpath.join(res_base, f"SealDesk_{media_id}.png"))
    members[image_path] = png
    medias = child(res, "MultiMedias")
    if medias is None:
        medias = rx.sub(res, "MultiMedias")
    media = rx.sub(medias, "MultiMedia", ID=media_id, Type="Image", Format="PNG")
    rx.sub(media, "MediaFile", "/" + image_path)
    members[res_path] = _bytes(res)

    # the annotation list, and one annotation file per page
    location = child(document, "Annotations")
    if location is not None and text_of(location):
        annots_path = doc.resolve(text_of(location), base)
    else:
        annots_path = _free(members, posixpath.join(base, "Annots/Annotations.xml"))
        dx.insert_before(
            document, "Annotations", "/" + annots_path, ("Attachments", "CustomTags", "Extensions")
        )
    annots = package.xml(annots_path) if annots_path in members else Element(dx.tag("Annotations"))
    ax = _Xml(annots)
    annots_folder = posixpath.dirname(annots_path)
    today = dt.date.today().isoformat()
    page_files: dict[str, Element] = {}  # the annotation files of this call, by member name
    for page, boundary in stamps:
        entry = next((e for e in children(annots, "Page") if e.get("PageID") == str(page.id)), None)
        if entry is not None:
            page_path = normalise(text_of(child(entry, "FileLoc")), annots_folder)
        else:
            page_path = _free(
                members, posixpath.join(annots_folder, f"Page_{page.index}/Annotation.xml")
            )
            entry = ax.sub(annots, "Page", PageID=str(page.id))
            ax.sub(entry, "FileLoc", "/" + page_path)
        page_annots = page_files.get(page_path)
        if page_annots is None:
            page_annots = (
                package.xml(page_path)
                if page_path in package.members
                else Element(ax.tag("PageAnnot"))
            )
            page_files[page_path] = page_annots
        px = _Xml(page_annots)
        annot = px.sub(
            page_annots, "Annot", ID=new_id(), Type="Stamp", Creator="SealDesk", LastModDate=today
        )
        appearance = px.sub(annot, "Appearance", Boundary=numbers_text(boundary))
        w, h = boundary[2], boundary[3]
        px.sub(
            appearance,
            "ImageObject",
            ID=new_id(),
            ResourceID=media_id,
            Boundary=numbers_text((0, 0, w, h)),
            CTM=numbers_text((w, 0, 0, h, 0, 0)),
        )
    for page_path, page_annots in page_files.items():
        members[page_path] = _bytes(page_annots)
    members[annots_path] = _bytes(annots)

    max_id = child(common, "MaxUnitID")
    if max_id is None:
        max_id = dx.insert_before(common, "MaxUnitID", "", ("PageArea",))
    max_id.text = str(last_id)
    members[doc.document_path] = _bytes(document)
