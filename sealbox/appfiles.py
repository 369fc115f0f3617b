"""文件图片 and 文件附件 of a 用印申请 (S3:296-297): which files an application takes, checked by
their bytes, not their names. One check for the platform and the client, so a file is refused
alike on both sides, before anything is sent.

- images (图片): JPEG, PNG or GIF, named .jpg/.jpeg/.png/.gif (a PNG named .jpg is fine: the
  bytes decide what it is);
- attachments (附件): PDF, OFD, Word/Excel/PowerPoint (97-2003 and 2007+), WPS, ZIP, RAR, 7z,
  each named by an extension its bytes match (an .exe renamed .pdf is refused).

A file is at most :data:`MAX_FILE` bytes (its base64 fits the platform's 1 MiB request); an
application holds at most :data:`MAX_IMAGES` images and :data:`MAX_ATTACHMENTS` attachments.
A name keeps no folder ("../../x.pdf" is "x.pdf") and no character a file system refuses.
"""

from __future__ import annotations

import io
import re
import zipfile

MAX_FILE = 700 * 1024  # bytes: base64 makes 956 kB, under the server's 1 MiB a request
MAX_IMAGES = 9
MAX_ATTACHMENTS = 5
MAX_NAME = 100  # characters
KINDS = ("image", "attachment")

IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "gif")
# a format found in the bytes → the extensions a file of it may have
_ATTACHMENT_FORMATS: dict[str, tuple[str, ...]] = {
    "pdf": ("pdf",),
    "ofd": ("ofd", "zip"),
    "docx": ("docx", "zip"),
    "xlsx": ("xlsx", "zip"),
    "pptx": ("pptx", "zip"),
    "ole2": ("doc", "xls", "ppt", "wps", "et", "dps"),  # Office 97-2003 and WPS files
    "zip": ("zip",),
    "rar": ("rar",),
    "7z": ("7z",),
}
ATTACHMENT_EXTENSIONS = tuple(sorted({e for exts in _ATTACHMENT_FORMATS.values() for e in exts}))
MEDIA_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "pdf": "application/pdf",
    "ofd": "application/ofd",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "wps": "application/vnd.ms-works",
    "et": "application/vnd.ms-excel",
    "dps": "application/vnd.ms-powerpoint",
    "zip": "application/zip",
    "rar": "application/vnd.rar",
    "7z": "application/x-7z-compressed",
}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"/\\|?*]')


class AppFileError(ValueError):
    """A file an application does not take. ``reason``: empty (no bytes), too_large (over
    :data:`MAX_FILE`), name (nothing left of the name), type (an extension not on the list
    of its kind), not_image (an image whose bytes are no JPEG, PNG or GIF), content (an
    attachment whose bytes are not what its extension says); on the client also unreadable
    (no such file, or not a file), too_many (over :data:`MAX_IMAGES` images or
    :data:`MAX_ATTACHMENTS` attachments) and corrupt (a download whose bytes are not the
    SHA-256 the platform gave). ``name``: the file's name (or path) as given."""

    def __init__(self, reason: str, name: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.reason = reason
        self.name = name


def clean_name(name: str) -> str:
    """The name without folders or characters a file system refuses, trimmed of spaces and
    dots at its ends, at most :data:`MAX_NAME` characters (its extension kept); "" when
    nothing is left."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (JSON can carry one): not a name
        return ""
    base = re.split(r"[/\\]", name)[-1]
    base = _UNSAFE.sub("_", base).strip(" .")
    if len(base) > MAX_NAME:
        _stem, dot, ext = base.rpartition(".")
        keep = f"{dot}{ext}" if dot and len(ext) <= 10 else ""
        base = base[: MAX_NAME - len(keep)].rstrip(" .") + keep
    return "" if set(base) <= {"_"} else base


def extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def _zip_format(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        return None
    if "OFD.xml" in names:
        return "ofd"
    if "[Content_Types].xml" in names:
        for prefix, found in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
            if any(n.startswith(prefix) for n in names):
                return found
    return "zip"


def sniff(data: bytes) -> str | None:
    """The format the bytes are (jpeg, png, gif, pdf, ofd, docx, xlsx, pptx, ole2, zip, rar,
    7z), or None: none this module takes."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole2"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_format(data)
    if data.startswith((b"Rar!\x1a\x07\x00", b"Rar!\x1a\x07\x01\x00")):
        return "rar"
    if data.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    return None


def check_file(kind: str, name: str, data: bytes) -> tuple[str, str]:
    """The file's clean name and its type (jpeg, png, gif for images; pdf, ofd, docx, xlsx,
    pptx, doc, xls, ppt, wps, et, dps, zip, rar, 7z for attachments) once it passes.

    :raises AppFileError: see its ``reason``.
    :raises ValueError: ``kind`` is neither image nor attachment.
    """
    if kind not in KINDS:
        raise ValueError(kind)
    clean = clean_name(name)
    if not clean:
        raise AppFileError("name", name)
    if not data:
        raise AppFileError("empty", name)
    if len(data) > MAX_FILE:
        raise AppFileError("too_large", name)
    ext = extension(clean)
    found = sniff(data)
    if kind == "image":
        if ext not in IMAGE_EXTENSIONS:
            raise AppFileError("type", name)
        if found not in ("jpeg", "png", "gif"):
            raise AppFileError("not_image", name)
        return clean, found
    if ext not in ATTACHMENT_EXTENSIONS:
        raise AppFileError("type", name)
    if found is None or ext not in _ATTACHMENT_FORMATS.get(found, ()):
        raise AppFileError("content", name)
    return clean, ext if found == "ole2" else found


def media_type(file_type: str) -> str:
    return MEDIA_TYPES.get(file_type, "application/octet-stream")
