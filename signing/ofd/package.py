"""An OFD package read defensively: it is a zip from anywhere.

Entry names are normalised and confined (no `..`, no absolute paths, no backslash tricks, no
duplicates), entry count, sizes and compression ratio are limited, everything stays in memory,
and XML goes through defusedxml (no entities, no external references).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from sealdesk.signing.errors import OfdInputError

MAX_ENTRIES = 10_000
MAX_ENTRY_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for entries over 1 MB
FREE_TOTAL_BYTES = 64 * 1024 * 1024
MAX_TOTAL_RATIO = 20
"""Over FREE_TOTAL_BYTES, everything inflated may be at most MAX_TOTAL_RATIO times the package:
XML compresses about 10x, pictures hardly at all, so only a bomb goes beyond. Checked on the
sizes the central directory declares, before anything is inflated (each entry is then read to
its declared size and no further)."""
OFD_NS = "http://www.ofdspec.org/2016"
__all__ = ["OfdInputError", "OfdPackage", "child", "children", "local", "normalise", "text_of"]


def normalise(name: str, base: str = "") -> str:
    """A package path as producers write it (absolute, relative to ``base``, backslashes)
    turned into a canonical member name.

    :raises OfdInputError: the path leaves the package.
    """
    raw = name.strip().replace("\\", "/")
    joined = raw.lstrip("/") if raw.startswith("/") else posixpath.join(base, raw)
    parts: list[str] = []
    for part in joined.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                raise OfdInputError(
                    "hostile", f"包内路径越界：{name}", f"Path leaves the package: {name}"
                )
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def local(tag: str) -> str:
    """An element's name without its namespace (producers write OFD with and without it)."""
    return tag.rsplit("}", 1)[-1]


def child(element: Element, name: str) -> Element | None:
    return next((c for c in element if local(c.tag) == name), None)


def children(element: Element, name: str) -> list[Element]:
    return [c for c in element if local(c.tag) == name]


def text_of(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _declared_entries(data: bytes) -> int | None:
    """The entry count the end-of-central-directory record (or its Zip64 twin, which a zip of
    over 65,535 entries needs) declares; None when not found (zipfile then counts)."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        return None
    total = int.from_bytes(data[at + 10 : at + 12], "little")
    if total != 0xFFFF:
        return total
    locator = at - 20
    if locator < 0 or data[locator : locator + 4] != b"PK\x06\x07":
        return None
    record = int.from_bytes(data[locator + 8 : locator + 16], "little")
    if data[record : record + 4] != b"PK\x06\x06":
        return None
    return int.from_bytes(data[record + 32 : record + 40], "little")


def _too_many(count: int) -> OfdInputError:
    return OfdInputError(
        "too_large",
        f"OFD 包内文件过多（{count} 个）。",
        f"Too many entries in the OFD package ({count}).",
    )


@dataclass
class OfdPackage:
    """The members of an OFD zip, in memory, by canonical name."""

    members: dict[str, bytes]

    @classmethod
    def read(cls, data: bytes) -> OfdPackage:
        """Read and check a whole package.

        :raises OfdInputError: not a zip, hostile names, or over the limits.
        """
        declared = _declared_entries(data)
        if declared is not None and declared > MAX_ENTRIES:  # before parsing 100k entries
            raise _too_many(declared)
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            infos = archive.infolist()
        except (zipfile.BadZipFile, ValueError, OSError, EOFError) as e:
            raise OfdInputError(
                "not_zip",
                "这不是 OFD 文件（不是有效的 zip 包）。",
                "Not an OFD file (not a valid zip package).",
            ) from e
        if len(infos) > MAX_ENTRIES:
            raise _too_many(len(infos))
        declared_total = sum(info.file_size for info in infos)
        if declared_total > MAX_TOTAL_BYTES or (
            declared_total > FREE_TOTAL_BYTES and declared_total > MAX_TOTAL_RATIO * len(data)
        ):
            mb = declared_total // (1024 * 1024)
            raise OfdInputError(
                "too_large",
                f"OFD 包解压后共 {mb} MB，是文件大小的 {declared_total // max(len(data), 1)} 倍，"
                "超出限制（疑似压缩炸弹），未解压。",
                f"The OFD package inflates to {mb} MB, "
                f"{declared_total // max(len(data), 1)} times its size, over the limit (a zip "
                "bomb?); nothing was inflated.",
            )
        members: dict[str, bytes] = {}
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            name = normalise(info.filename)
            if name in members:
                raise OfdInputError(
                    "hostile",
                    f"OFD 包内有重名文件：{name}",
                    f"Duplicate entry in the OFD package: {name}",
                )
            ratio_bad = info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            )
            if (
                info.file_size > MAX_ENTRY_BYTES
                or ratio_bad
                or total + info.file_size > MAX_TOTAL_BYTES
            ):
                raise OfdInputError(
                    "too_large",
                    f"OFD 包内文件过大或压缩比异常（疑似压缩炸弹）：{name}",
                    f"An entry is too large or too compressed (zip bomb?): {name}",
                )
            if info.flag_bits & 0x1:
                raise OfdInputError(
                    "encrypted",
                    f"OFD 包内文件被加密（zip 密码），无法读取：{name}",
                    f"An entry of the OFD package is encrypted (zip password): {name}",
                )
            try:
                with archive.open(info) as f:
                    content = f.read(info.file_size + 1)  # never more than declared + 1
            except (
                zipfile.BadZipFile,
                zlib.error,  # a damaged deflate stream
                RuntimeError,  # zipfile's word for encryption it found itself
                ValueError,
                OSError,
                EOFError,
                NotImplementedError,  # a compression method zipfile does not know
            ) as e:
                raise OfdInputError(
                    "not_zip",
                    f"OFD 包内文件损坏：{name}",
                    f"A damaged entry in the OFD package: {name}",
                ) from e
            if len(content) > info.file_size:
                raise OfdInputError(
                    "hostile",
                    f"OFD 包内文件大小与声明不符：{name}",
                    f"An entry is larger than declared: {name}",
                )
            total += len(content)
            members[name] = content
        return cls(members)

    def get(self, name: str) -> bytes:
        """A member's bytes.

        :raises OfdInputError: no such member.
        """
        try:
            return self.members[name]
        except KeyError:
            raise OfdInputError(
                "missing", f"OFD 包内缺少文件：{name}", f"Missing from the OFD package: {name}"
            ) from None

    def xml(self, name: str) -> Element:
        """A member parsed as XML, safely.

        :raises OfdInputError: missing, malformed, or using entities / external references.
        """
        data = self.get(name)
        try:
            root: Any = SafeET.fromstring(data)
            return root  # type: ignore[no-any-return]
        except (SafeET.ParseError, DefusedXmlException, ValueError, LookupError) as e:
            # LookupError: an encoding declaration naming no encoding there is
            raise OfdInputError(
                "xml",
                f"OFD 包内 XML 无法读取或不安全：{name}",
                f"Unreadable or unsafe XML in the package: {name}",
            ) from e
