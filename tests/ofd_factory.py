"""OFD packages built by hand, so tests know where everything must be, and the 400-page
document of bench/ofd.py (``make_ofd``)."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any

from PIL import Image

NS = "http://www.ofdspec.org/2016"


def zip_package(members: Mapping[str, bytes | str]) -> bytes:
    """A zip of the members (text is UTF-8), deflated like producers do."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data.encode() if isinstance(data, str) else data)
    return out.getvalue()


def png(width: int, height: int, colour: tuple[int, ...], mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), colour).save(out, "PNG")
    return out.getvalue()


def jpeg(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG", quality=95)
    return out.getvalue()


def ofd_members(
    pages: Sequence[str],
    *,
    box: str = "0 0 210 297",
    public_res: str = "",
    document_res: str = "",
    templates: Mapping[int, str] | None = None,
    page_head: Sequence[str] = (),
    document_extra: str = "",
    body_extra: str = "",
    files: Mapping[str, bytes | str] | None = None,
    prefix: str = "ofd:",
) -> dict[str, bytes | str]:
    """The members of a one-document package. ``pages`` are the objects of each page's one
    layer; ``templates`` maps template IDs (used by ``page_head`` entries, e.g.
    ``<ofd:Template TemplateID="90"/>``) to their objects. ``prefix`` "" writes no namespace
    prefix (the default namespace instead), as some producers do."""
    p = prefix
    xmlns = f'xmlns:ofd="{NS}"' if p else f'xmlns="{NS}"'

    def fix(xml: str) -> str:
        return xml.replace("ofd:", p)

    templates = templates or {}
    members: dict[str, bytes | str] = {
        "OFD.xml": fix(
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {xmlns} Version="1.1" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>test</ofd:DocID></ofd:DocInfo>"
            f"<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>{body_extra}</ofd:DocBody></ofd:OFD>"
        ),
        "Doc_0/PublicRes.xml": fix(f'<ofd:Res {xmlns} BaseLoc="Res">{public_res}</ofd:Res>'),
        "Doc_0/DocumentRes.xml": fix(f'<ofd:Res {xmlns} BaseLoc="Res">{document_res}</ofd:Res>'),
    }
    page_refs = "".join(
        f'<ofd:Page ID="{100 + i}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
        for i in range(len(pages))
    )
    tpl_refs = "".join(
        f'<ofd:TemplatePage ID="{tid}" BaseLoc="Tpls/Tpl_{tid}/Content.xml"/>' for tid in templates
    )
    members["Doc_0/Document.xml"] = fix(
        f"<ofd:Document {xmlns}><ofd:CommonData><ofd:MaxUnitID>{1000 + len(pages)}</ofd:MaxUnitID>"
        f"<ofd:PageArea><ofd:PhysicalBox>{box}</ofd:PhysicalBox></ofd:PageArea>"
        "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
        f"<ofd:DocumentRes>/Doc_0/DocumentRes.xml</ofd:DocumentRes>{tpl_refs}</ofd:CommonData>"
        f"<ofd:Pages>{page_refs}</ofd:Pages>{document_extra}</ofd:Document>"
    )
    for i, objects in enumerate(pages):
        head = page_head[i] if i < len(page_head) else ""
        members[f"Doc_0/Pages/Page_{i}/Content.xml"] = fix(
            f'<ofd:Page {xmlns}>{head}<ofd:Content><ofd:Layer ID="{10 + i}">{objects}'
            "</ofd:Layer></ofd:Content></ofd:Page>"
        )
    for tid, objects in templates.items():
        members[f"Doc_0/Tpls/Tpl_{tid}/Content.xml"] = fix(
            f'<ofd:Page {xmlns}><ofd:Content><ofd:Layer ID="{tid + 1}">{objects}'
            "</ofd:Layer></ofd:Content></ofd:Page>"
        )
    members.update(files or {})
    return members


def ofd_bytes(pages: Sequence[str], **options: Any) -> bytes:
    """``ofd_members`` zipped."""
    return zip_package(ofd_members(pages, **options))


def make_ofd(pages: int, *, seed: int = 1) -> bytes:
    """A ``pages``-page A4 document like a scanned-and-typed report: a title and ten lines of
    CJK and Latin text, a table of paths, and on every page its own 96×96 picture."""
    rng = random.Random(seed)  # noqa: S311 (reproducible noise, not secrets)
    media = []
    files: dict[str, bytes | str] = {}
    contents = []
    for i in range(pages):
        picture = Image.frombytes("RGB", (96, 96), rng.randbytes(96 * 96 * 3))
        out = io.BytesIO()
        picture.save(out, "PNG")
        files[f"Doc_0/Res/image_{i}.png"] = out.getvalue()
        media.append(
            f'<ofd:MultiMedia ID="{10_000 + i}" Type="Image" Format="PNG">'
            f"<ofd:MediaFile>image_{i}.png</ofd:MediaFile></ofd:MultiMedia>"
        )
        lines = "".join(
            f'<ofd:TextObject ID="{i}{j}" Boundary="20 {40 + 8 * j} 170 6" Font="1" Size="4.2">'
            f'<ofd:TextCode X="0" Y="4.5" DeltaX="g 29 4.2">第{i + 1}页第{j + 1}行 '
            f"SealDesk OFD benchmark text 电子印章</ofd:TextCode></ofd:TextObject>"
            for j in range(10)
        )
        table = "".join(
            f'<ofd:PathObject ID="{i}{j}9" Boundary="20 {130 + 10 * j} 170 10" LineWidth="0.3">'
            "<ofd:AbbreviatedData>M 0 0 L 170 0 L 170 10 L 0 10 C</ofd:AbbreviatedData>"
            "</ofd:PathObject>"
            for j in range(8)
        )
        contents.append(
            '<ofd:TextObject ID="1" Boundary="20 15 170 12" Font="1" Size="8">'
            f'<ofd:TextCode X="0" Y="9" DeltaX="g 12 8">报告 Report {i + 1:04d}</ofd:TextCode>'
            "</ofd:TextObject>"
            + lines
            + table
            + f'<ofd:ImageObject ID="2" Boundary="130 220 60 60" CTM="60 0 0 60 0 0" '
            f'ResourceID="{10_000 + i}"/>'
        )
    return ofd_bytes(
        contents,
        public_res='<ofd:Fonts><ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts>',
        document_res=f"<ofd:MultiMedias>{''.join(media)}</ofd:MultiMedias>",
        files=files,
    )
