"""The files of an OFD package in a reader's words: ``Doc_0/Pages/Page_0/Content.xml`` is
"第 1 页的内容". Verification reasons name parts this way; the paths stay in the result."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from sealdesk.signing.ofd.package import OfdInputError, OfdPackage, child, children, normalise

_IMAGES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".jb2")
_FONTS = (".ttf", ".otf", ".ttc", ".woff")


@dataclass(frozen=True)
class PartNames:
    """Which page each page folder of the package holds (1-based), to word a path."""

    pages: dict[str, int]  # page folder → page number
    contents: frozenset[str]  # the pages' content files

    @classmethod
    def read(cls, package: OfdPackage, doc_roots: set[str]) -> PartNames:
        """From each document's page list; a list that cannot be read words no page."""
        pages: dict[str, int] = {}
        contents: set[str] = set()
        for root in sorted(doc_roots):
            try:
                listing = child(package.xml(root), "Pages")
            except (OfdInputError, KeyError):
                continue
            folder = posixpath.dirname(root)
            entries = children(listing, "Page") if listing is not None else []
            for number, page in enumerate(entries, 1):
                try:
                    path = normalise(page.get("BaseLoc", ""), folder)
                except OfdInputError:
                    continue
                contents.add(path)
                pages.setdefault(posixpath.dirname(path), number)
        return cls(pages, frozenset(contents))

    def word(self, path: str) -> tuple[str, str]:
        """One package path as (zh, en) words."""
        name = posixpath.basename(path)
        lower = name.lower()
        page = next((n for folder, n in self.pages.items() if path.startswith(folder + "/")), None)
        if path in self.contents and page is not None:
            return f"第 {page} 页的内容", f"the content of page {page}"
        if "annot" in lower:
            return "批注", "annotations"
        if page is not None:
            return f"第 {page} 页的资源", f"resources of page {page}"
        if lower.endswith(_IMAGES):
            return f"图片 {name}", f"the image {name}"
        if lower.endswith(_FONTS):
            return f"字体 {name}", f"the font {name}"
        if lower == "document.xml":
            return "文档的页面列表", "the document's page list"
        if lower in ("publicres.xml", "documentres.xml"):
            return "文档的公共资源（字体、颜色等）", "shared resources (fonts, colours)"
        if lower == "signatures.xml":
            return "签名列表", "the list of signatures"
        if lower == "ofd.xml":
            return "文档入口（OFD.xml）", "the document entry (OFD.xml)"
        if "/tpls/" in f"/{path.lower()}":
            return "模板页", "a template page"
        if "attach" in path.lower():
            return "附件", "attachments"
        return f"文件 {name}", f"the file {name}"

    def words(self, paths: list[str]) -> tuple[str, str]:
        """Several paths as one list of words, each said once, in the paths' order."""
        said = list(dict.fromkeys(self.word(p) for p in paths))
        return "、".join(z for z, _ in said), ", ".join(e for _, e in said)
