"""The document model of an OFD package (GB/T 33190): OFD.xml → DocBody → Document.xml →
pages, templates, resources, annotations, attachments, custom tags and signatures.

Everything is read through `OfdPackage` (limits, defusedxml). Paths are resolved as producers
write them: absolute, or relative to the file that names them; member names that differ only
in case (``DOC_0/Res`` for ``Doc_0/Res``, seen in WPS output) are matched too. Pages are
parsed on first use, so opening a 400-page document reads only OFD.xml and Document.xml.

Over 600 lines because it is the whole model of the standard's document structure, one
dataclass per element kind, read in one place.
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from xml.etree.ElementTree import Element

from sealdesk.signing.ofd.package import (
    OfdInputError,
    OfdPackage,
    child,
    children,
    local,
    normalise,
    text_of,
)

Box = tuple[float, float, float, float]  # x, y, width, height in mm, y down
Matrix = tuple[float, float, float, float, float, float]  # a b c d e f, as in PDF
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

MAX_NUMBERS = 2_000_000  # numbers in one attribute (DeltaX, AbbreviatedData)
MAX_NESTING = 64  # PageBlock / CompositeObject depth
MAX_TEXT_RUNS = 500_000  # TextCodes on one page (with its templates)


def structure_error(zh: str, en: str) -> OfdInputError:
    return OfdInputError(
        "structure", f"OFD 文档结构错误：{zh}", f"Bad OFD document structure: {en}"
    )


def numbers(text: str | None, *, what: str = "") -> list[float]:
    """The numbers of an attribute written as a space-separated list.

    :raises OfdInputError: not numbers, not finite, or too many.
    """
    if not text:
        return []
    parts = text.replace(",", " ").split()
    if len(parts) > MAX_NUMBERS:
        raise OfdInputError(
            "too_large", f"OFD 数值列表过长：{what}", f"A list of numbers is too long: {what}"
        )
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise structure_error(
            f"不是数字：{what}={text[:80]}", f"not numbers: {what}={text[:80]}"
        ) from None
    if not all(math.isfinite(v) for v in values):
        raise structure_error(f"数值无效：{what}", f"numbers out of range: {what}")
    return values


def numbers_text(values: Sequence[float]) -> str:
    """Numbers as an attribute value (``numbers`` read back): millimetres to 0.001."""
    return " ".join(f"{v:.3f}".rstrip("0").rstrip(".") for v in values)


def box_of(text: str | None, *, what: str = "Boundary") -> Box | None:
    """A ``x y w h`` box, or None when absent.

    :raises OfdInputError: not four finite numbers.
    """
    if text is None or not text.strip():
        return None
    values = numbers(text, what=what)
    if len(values) != 4:
        raise structure_error(f"{what} 应为 4 个数：{text[:80]}", f"{what} needs 4 numbers")
    return values[0], values[1], values[2], values[3]


def matrix_of(text: str | None) -> Matrix:
    """A CTM attribute (``a b c d e f``), identity when absent.

    :raises OfdInputError: not six finite numbers.
    """
    values = numbers(text, what="CTM")
    if not values:
        return IDENTITY
    if len(values) != 6:
        raise structure_error(f"CTM 应为 6 个数：{text}", f"CTM needs 6 numbers: {text}")
    return values[0], values[1], values[2], values[3], values[4], values[5]


def multiply(first: Matrix, then: Matrix) -> Matrix:
    """The matrix that applies ``first`` and then ``then`` (row vectors, as PDF's ``cm``)."""
    a, b, c, d, e, f = first
    A, B, C, D, E, F = then
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _int(value: str | None, what: str) -> int:
    try:
        return int((value or "").strip())
    except ValueError:
        raise structure_error(
            f"{what} 不是整数：{value}", f"{what} is not an integer: {value}"
        ) from None


def _optional_int(value: str | None) -> int | None:
    try:
        return int(value) if value and value.strip() else None
    except ValueError:
        return None


def _folder(path: str) -> str:
    return posixpath.dirname(path)


def _flag(value: str | None, default: bool) -> bool:
    return default if value is None else value.strip().lower() in ("true", "1")


# ----------------------------------------------------------------------------- resources


@dataclass(frozen=True)
class OfdFont:
    id: int
    name: str
    family: str
    bold: bool
    italic: bool
    serif: bool
    file: str | None  # member name of the embedded font program, when there is one


@dataclass(frozen=True)
class OfdMedia:
    id: int
    type: str  # Image, Audio, Video
    format: str  # as declared (often empty): the bytes decide
    file: str


@dataclass(frozen=True)
class OfdColorSpace:
    id: int
    type: str  # GRAY, RGB, CMYK
    bits: int
    palette: tuple[str, ...]  # CV values for indexed colours


@dataclass(frozen=True)
class OfdDrawParam:
    """A DrawParam resource: defaults that objects (and Relative draw params) inherit."""

    id: int
    relative: int | None
    element: Element


@dataclass
class OfdResources:
    """Resources by ID; IDs are unique in a document, so public, document and page
    resources share one table per page."""

    fonts: dict[int, OfdFont] = field(default_factory=dict)
    media: dict[int, OfdMedia] = field(default_factory=dict)
    color_spaces: dict[int, OfdColorSpace] = field(default_factory=dict)
    draw_params: dict[int, OfdDrawParam] = field(default_factory=dict)
    composite_units: dict[int, Element] = field(default_factory=dict)

    def merged(self, other: OfdResources) -> OfdResources:
        return OfdResources(
            {**self.fonts, **other.fonts},
            {**self.media, **other.media},
            {**self.color_spaces, **other.color_spaces},
            {**self.draw_params, **other.draw_params},
            {**self.composite_units, **other.composite_units},
        )


# ----------------------------------------------------------------------------- parts


@dataclass(frozen=True)
class OfdTemplate:
    id: int
    name: str
    zorder: str  # Background | Foreground
    path: str


@dataclass(frozen=True)
class TemplateUse:
    template: OfdTemplate
    zorder: str


@dataclass(frozen=True)
class OfdAttachment:
    id: str
    name: str
    format: str
    path: str
    visible: bool


@dataclass(frozen=True)
class OfdCustomTag:
    type_id: str
    path: str
    schema: str | None


@dataclass(frozen=True)
class StampAnnot:
    id: str
    page_ref: int | None
    boundary: Box
    clip: Box | None


@dataclass(frozen=True)
class OfdSignatureEntry:
    """One entry of Signatures.xml; `stamps` and `value_path` read its Signature.xml."""

    id: str
    type: str  # Seal | Sign
    path: str


@dataclass(frozen=True)
class TextRun:
    """One TextCode as a person reads it: text and where it is on the page (mm, y down).

    ``chars`` holds one box per character, in order, for finding a keyword inside a run.
    """

    text: str
    box: Box
    chars: tuple[Box, ...] = ()


# ----------------------------------------------------------------------------- pages


@dataclass(eq=False)
class OfdPage:
    """A page; its Content.xml is parsed on first use."""

    id: int
    index: int
    path: str
    document: OfdDocument = field(repr=False)

    @cached_property
    def root(self) -> Element:
        return self.document.xml(self.path)

    @cached_property
    def physical_box(self) -> Box:
        area = child(self.root, "Area")
        own = box_of(text_of(child(area, "PhysicalBox")), what="PhysicalBox") if area else None
        return own or self.document.physical_box

    @cached_property
    def templates(self) -> list[TemplateUse]:
        """The templates of this page, in drawing order, with their effective ZOrder."""
        uses = []
        for ref in children(self.root, "Template"):
            template = self.document.templates.get(_int(ref.get("TemplateID"), "TemplateID"))
            if template is not None:
                uses.append(TemplateUse(template, ref.get("ZOrder") or template.zorder))
        return uses

    @cached_property
    def resources(self) -> OfdResources:
        """Document resources plus this page's own PageRes."""
        own = OfdResources()
        for res in children(self.root, "PageRes"):
            location = text_of(res)
            if location:
                own = own.merged(self.document.read_resources(location, _folder(self.path)))
        return self.document.resources.merged(own)

    @cached_property
    def annotation_paths(self) -> list[str]:
        return self.document.annotation_files.get(self.id, [])


# ----------------------------------------------------------------------------- document


@dataclass(eq=False)
class OfdDocument:
    package: OfdPackage
    document_path: str
    root: Element
    pages: list[OfdPage]
    max_unit_id: int
    physical_box: Box
    templates: dict[int, OfdTemplate]
    resources: OfdResources
    signatures_path: str | None
    signatures: list[OfdSignatureEntry]
    annotations_path: str | None
    attachments_path: str | None
    custom_tags_path: str | None
    _folded: dict[str, str] = field(default_factory=dict, repr=False)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (zh, en), said once each

    def locate(self, member: str) -> str | None:
        """A member a resource names, or the one file of that name elsewhere in the
        document's folder when the resource names a wrong folder (producers write Res/ for the
        page's own resource folder and the other way round); None when there is none."""
        if member in self.package.members:
            return member
        name = member.rsplit("/", 1)[-1].lower()
        root = self.document_path.rsplit("/", 1)[0] + "/" if "/" in self.document_path else ""
        found = [
            m
            for m in self.package.members
            if m.startswith(root) and m.rsplit("/", 1)[-1].lower() == name
        ]
        return found[0] if len(found) == 1 else None

    def warn(self, zh: str, en: str) -> None:
        """Something drawn without a missing part: said, not fatal."""
        if (zh, en) not in self.warnings:
            self.warnings.append((zh, en))

    @classmethod
    def load(cls, package: OfdPackage, doc_index: int = 0) -> OfdDocument:
        """The ``doc_index``-th document of the package (almost always the only one).

        :raises OfdInputError: OFD.xml or Document.xml missing or malformed.
        """
        ofd = package.xml("OFD.xml")
        if local(ofd.tag) != "OFD":
            raise structure_error("OFD.xml 的根元素不是 OFD", "the root of OFD.xml is not OFD")
        bodies = children(ofd, "DocBody")
        if doc_index >= len(bodies):
            raise structure_error("没有文档（DocBody）", "no document (DocBody)")
        body = bodies[doc_index]
        root_loc = text_of(child(body, "DocRoot"))
        if not root_loc:
            raise structure_error("缺少 DocRoot", "no DocRoot")
        folded = {name.lower(): name for name in package.members}
        document_path = _resolve(package, folded, root_loc, "")
        root = package.xml(document_path)
        base = _folder(document_path)
        common = child(root, "CommonData")
        if common is None:
            raise structure_error("缺少 CommonData", "no CommonData")
        area = child(common, "PageArea")
        physical = box_of(text_of(child(area, "PhysicalBox")), what="PhysicalBox") if area else None
        signatures_loc = text_of(child(body, "Signatures"))
        signatures_path = _resolve(package, folded, signatures_loc, "") if signatures_loc else None

        def located(name: str) -> str | None:
            loc = text_of(child(root, name))
            return _resolve(package, folded, loc, base) if loc else None

        doc = cls(
            package=package,
            document_path=document_path,
            root=root,
            pages=[],
            max_unit_id=_optional_int(text_of(child(common, "MaxUnitID"))) or 0,
            physical_box=physical or (0.0, 0.0, 210.0, 297.0),
            templates={},
            resources=OfdResources(),
            signatures_path=signatures_path,
            signatures=[],
            annotations_path=located("Annotations"),
            attachments_path=located("Attachments"),
            custom_tags_path=located("CustomTags"),
            _folded=folded,
        )
        for tpl in children(common, "TemplatePage"):
            tid = _int(tpl.get("ID"), "TemplatePage ID")
            doc.templates[tid] = OfdTemplate(
                id=tid,
                name=tpl.get("Name", ""),
                zorder=tpl.get("ZOrder") or "Background",
                path=doc.resolve(tpl.get("BaseLoc", ""), base),
            )
        for kind in ("PublicRes", "DocumentRes"):
            for res in children(common, kind):
                if text_of(res):
                    doc.resources = doc.resources.merged(doc.read_resources(text_of(res), base))
        pages = child(root, "Pages")
        for i, page in enumerate(children(pages, "Page") if pages is not None else []):
            doc.pages.append(
                OfdPage(
                    id=_int(page.get("ID"), "Page ID"),
                    index=i,
                    path=doc.resolve(page.get("BaseLoc", ""), base),
                    document=doc,
                )
            )
        if signatures_path is not None and signatures_path in package.members:
            listing = package.xml(signatures_path)
            folder = _folder(signatures_path)
            for i, entry in enumerate(children(listing, "Signature")):
                doc.signatures.append(
                    OfdSignatureEntry(
                        id=entry.get("ID", str(i + 1)),
                        type=entry.get("Type") or "Seal",
                        path=doc.resolve(entry.get("BaseLoc", ""), folder),
                    )
                )
        return doc

    # -- paths

    def resolve(self, name: str, base: str) -> str:
        """The member a path names (absolute, or relative to ``base``).

        :raises OfdInputError: the path leaves the package.
        """
        return _resolve(self.package, self._folded, name, base)

    def xml(self, name: str) -> Element:
        return self.package.xml(name)

    # -- resources

    def read_resources(self, location: str, base: str) -> OfdResources:
        """One resource file (PublicRes, DocumentRes or PageRes); empty when missing.

        :raises OfdInputError: malformed.
        """
        path = self.resolve(location, base)
        if path not in self.package.members:
            return OfdResources()  # producers list resource files they never wrote
        res = self.xml(path)
        res_base = _folder(path)
        if res.get("BaseLoc"):
            res_base = self.resolve(res.get("BaseLoc", ""), res_base)
        out = OfdResources()
        for font in _grandchildren(res, "Fonts", "Font"):
            file_loc = text_of(child(font, "FontFile"))
            fid = _int(font.get("ID"), "Font ID")
            out.fonts[fid] = OfdFont(
                id=fid,
                name=font.get("FontName", ""),
                family=font.get("FamilyName", ""),
                bold=_flag(font.get("Bold"), False),
                italic=_flag(font.get("Italic"), False),
                serif=_flag(font.get("Serif"), False),
                file=self.resolve(file_loc, res_base) if file_loc else None,
            )
        for media in _grandchildren(res, "MultiMedias", "MultiMedia"):
            mid = _int(media.get("ID"), "MultiMedia ID")
            file_loc = text_of(child(media, "MediaFile"))
            if file_loc:
                out.media[mid] = OfdMedia(
                    id=mid,
                    type=media.get("Type", "Image"),
                    format=media.get("Format", ""),
                    file=self.resolve(file_loc, res_base),
                )
        for cs in _grandchildren(res, "ColorSpaces", "ColorSpace"):
            cid = _int(cs.get("ID"), "ColorSpace ID")
            palette = child(cs, "Palette")
            out.color_spaces[cid] = OfdColorSpace(
                id=cid,
                type=(cs.get("Type") or "RGB").upper(),
                bits=_optional_int(cs.get("BitsPerComponent")) or 8,
                palette=tuple(
                    c.get("Value", "") for c in (children(palette, "CV") if palette else [])
                ),
            )
        for dp in _grandchildren(res, "DrawParams", "DrawParam"):
            did = _int(dp.get("ID"), "DrawParam ID")
            out.draw_params[did] = OfdDrawParam(did, _optional_int(dp.get("Relative")), dp)
        for unit in _grandchildren(res, "CompositeGraphicUnits", "CompositeGraphicUnit"):
            out.composite_units[_int(unit.get("ID"), "CompositeGraphicUnit ID")] = unit
        return out

    # -- annotations, attachments, tags

    @cached_property
    def annotation_files(self) -> dict[int, list[str]]:
        """Page ID → its annotation files (PageAnnot), from Annotations.xml."""
        out: dict[int, list[str]] = {}
        if self.annotations_path is None or self.annotations_path not in self.package.members:
            return out
        listing = self.xml(self.annotations_path)
        base = _folder(self.annotations_path)
        for page in children(listing, "Page"):
            loc = text_of(child(page, "FileLoc"))
            page_id = _optional_int(page.get("PageID"))
            if loc and page_id is not None:
                out.setdefault(page_id, []).append(self.resolve(loc, base))
        return out

    @cached_property
    def attachments(self) -> list[OfdAttachment]:
        if self.attachments_path is None or self.attachments_path not in self.package.members:
            return []
        base = _folder(self.attachments_path)
        return [
            OfdAttachment(
                id=a.get("ID", ""),
                name=a.get("Name", ""),
                format=a.get("Format", ""),
                path=self.resolve(text_of(child(a, "FileLoc")), base),
                visible=_flag(a.get("Visible"), True),
            )
            for a in children(self.xml(self.attachments_path), "Attachment")
            if text_of(child(a, "FileLoc"))
        ]

    @cached_property
    def custom_tags(self) -> list[OfdCustomTag]:
        if self.custom_tags_path is None or self.custom_tags_path not in self.package.members:
            return []
        base = _folder(self.custom_tags_path)
        out = []
        for tag in children(self.xml(self.custom_tags_path), "CustomTag"):
            loc = text_of(child(tag, "FileLoc"))
            schema = text_of(child(tag, "SchemaLoc"))
            if loc:
                out.append(
                    OfdCustomTag(
                        type_id=tag.get("TypeID", ""),
                        path=self.resolve(loc, base),
                        schema=self.resolve(schema, base) if schema else None,
                    )
                )
        return out

    # -- signatures

    def signature_value_path(self, entry: OfdSignatureEntry) -> str | None:
        """Where the signature's SignedValue.dat is, as its Signature.xml says."""
        loc = text_of(child(self.xml(entry.path), "SignedValue"))
        return self.resolve(loc, _folder(entry.path)) if loc else None

    def stamps(self, entry: OfdSignatureEntry) -> list[StampAnnot]:
        """The StampAnnots (visible appearances) of one signature."""
        info = child(self.xml(entry.path), "SignedInfo")
        out = []
        for stamp in children(info, "StampAnnot") if info is not None else []:
            boundary = box_of(stamp.get("Boundary"))
            if boundary is not None:
                out.append(
                    StampAnnot(
                        id=stamp.get("ID", ""),
                        page_ref=_optional_int(stamp.get("PageRef")),
                        boundary=boundary,
                        clip=box_of(stamp.get("Clip"), what="Clip"),
                    )
                )
        return out


def _resolve(package: OfdPackage, folded: dict[str, str], name: str, base: str) -> str:
    canonical = normalise(name, base)
    if canonical in package.members:
        return canonical
    return folded.get(canonical.lower(), canonical)


def _grandchildren(element: Element, group: str, name: str) -> Iterator[Element]:
    for g in children(element, group):
        yield from children(g, name)


# ----------------------------------------------------------------------------- text


def expand_deltas(text: str | None, count: int, *, what: str) -> list[float | None]:
    """DeltaX / DeltaY with the ``g N value`` repeat syntax, as ``count`` gaps (None where the
    list ends). Expansion stops at ``count``, so ``g 1e9 1`` costs nothing.

    :raises OfdInputError: not numbers.
    """
    out: list[float | None] = []
    tokens = (text or "").replace(",", " ").split()
    i = 0
    try:
        while i < len(tokens) and len(out) < count:
            if tokens[i] == "g":
                repeat, value = int(float(tokens[i + 1])), float(tokens[i + 2])
                out.extend([value] * max(0, min(repeat, count - len(out))))
                i += 3
            else:
                out.append(float(tokens[i]))
                i += 1
    except (ValueError, IndexError, OverflowError):
        raise structure_error(
            f"{what} 无法读取：{text[:80] if text else ''}", f"bad {what}"
        ) from None
    if not all(v is None or math.isfinite(v) for v in out):
        raise structure_error(f"{what} 数值无效", f"{what} out of range")
    return out + [None] * (count - len(out))


def layout_text_code(
    code: Element, *, default_advance: Callable[[str], float], x: float = 0.0, y: float = 0.0
) -> tuple[list[tuple[str, float, float]], float, float]:
    """The characters of one TextCode with their origins (object space), and the pen position
    after it. X/Y start a new position; without them the previous TextCode's pen continues.
    Gaps missing from DeltaX use ``default_advance`` (the font's advance, or the size).

    :raises OfdInputError: bad numbers.
    """
    text = code.text or ""
    if code.get("X") is not None:
        x = numbers(code.get("X"), what="X")[0] if code.get("X", "").strip() else x
    if code.get("Y") is not None:
        y = numbers(code.get("Y"), what="Y")[0] if code.get("Y", "").strip() else y
    gaps = max(len(text) - 1, 0)
    dx = expand_deltas(code.get("DeltaX"), gaps, what="DeltaX")
    dy = expand_deltas(code.get("DeltaY"), gaps, what="DeltaY")
    # vertical text gives DeltaY only: its characters stay in one column
    vertical = not code.get("DeltaX", "").strip() and bool(code.get("DeltaY", "").strip())
    out = []
    for i, ch in enumerate(text):
        out.append((ch, x, y))
        if i < gaps:
            step = dx[i]
            x += (0.0 if vertical else default_advance(ch)) if step is None else step
            y += dy[i] or 0.0
    if text:
        x += default_advance(text[-1])
    return out, x, y


_LAYER_ORDER = {"Background": 0, "Body": 1, "Custom": 1, "Foreground": 2}


def layers_of(content_root: Element) -> list[Element]:
    """The Layers of a page or template, Background first and Foreground last."""
    content = child(content_root, "Content")
    layers = children(content, "Layer") if content is not None else []
    return sorted(layers, key=lambda layer: _LAYER_ORDER.get(layer.get("Type") or "Body", 1))


def page_layer_sources(page: OfdPage) -> list[Element]:
    """What is drawn on a page, in order: background templates, the page, foreground ones."""
    doc = page.document
    back = [u for u in page.templates if u.zorder != "Foreground"]
    front = [u for u in page.templates if u.zorder == "Foreground"]
    return (
        [doc.xml(u.template.path) for u in back]
        + [page.root]
        + [doc.xml(u.template.path) for u in front]
    )


def _text_objects(element: Element, depth: int, origin: Matrix) -> Iterator[tuple[Element, Matrix]]:
    """TextObjects under a layer or PageBlock, each with the matrix of its block."""
    if depth > MAX_NESTING:
        raise OfdInputError(
            "too_deep", "OFD 页面对象嵌套过深。", "Page objects are nested too deeply."
        )
    for obj in element:
        name = local(obj.tag)
        if name == "TextObject":
            yield obj, origin
        elif name == "PageBlock":
            yield from _text_objects(obj, depth + 1, origin)


def object_matrix(obj: Element, boundary: Box, outer: Matrix = IDENTITY) -> Matrix:
    """Object space → page: the object's CTM, then its Boundary's offset, then ``outer``."""
    placed = multiply(matrix_of(obj.get("CTM")), (1, 0, 0, 1, boundary[0], boundary[1]))
    return multiply(placed, outer)


def page_text(doc: OfdDocument, page: OfdPage) -> list[TextRun]:
    """The text of a page (templates included), one run per TextCode, for keyword search.

    :raises OfdInputError: the page cannot be read.
    """
    del doc  # the page knows its document; the parameter keeps the signing code's call shape
    runs: list[TextRun] = []
    for source in page_layer_sources(page):
        for layer in layers_of(source):
            for obj, outer in _text_objects(layer, 0, IDENTITY):
                boundary = box_of(obj.get("Boundary")) or (0.0, 0.0, 0.0, 0.0)
                size = (numbers(obj.get("Size"), what="Size") or [3.5])[0]
                matrix = object_matrix(obj, boundary, outer)
                x = y = 0.0
                for code in children(obj, "TextCode"):
                    if len(runs) >= MAX_TEXT_RUNS:
                        raise OfdInputError(
                            "too_large",
                            "OFD 页面文字过多。",
                            "Too much text on an OFD page.",
                        )
                    glyphs, x, y = layout_text_code(code, default_advance=_constant(size), x=x, y=y)
                    if not glyphs:
                        continue
                    boxes = tuple(
                        _char_box(matrix, gx, gy, _advance(glyphs, i, size), size)
                        for i, (_ch, gx, gy) in enumerate(glyphs)
                    )
                    runs.append(TextRun("".join(g[0] for g in glyphs), _union(boxes), boxes))
    return runs


def _constant(value: float) -> Callable[[str], float]:
    return lambda _ch: value


def _advance(glyphs: list[tuple[str, float, float]], i: int, size: float) -> float:
    """A character's width: the gap to the next one on the same line, else a CJK-ish guess."""
    ch, x, y = glyphs[i]
    if i + 1 < len(glyphs) and glyphs[i + 1][2] == y and glyphs[i + 1][1] > x:
        return glyphs[i + 1][1] - x
    return size if ord(ch) > 0x2E7F else size * 0.55


def _char_box(m: Matrix, x: float, y: float, width: float, size: float) -> Box:
    # ascent ~0.88 and descent ~0.12 of the size, as CJK fonts have
    corners = [
        apply(m, cx, cy) for cx in (x, x + width) for cy in (y - 0.88 * size, y + 0.12 * size)
    ]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def _union(boxes: tuple[Box, ...]) -> Box:
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return x0, y0, x1 - x0, y1 - y0
