"""Files as an applicant's computer has them, for 文件图片 / 文件附件 tests: what their bytes
are is all the platform looks at (a renamed program is caught by them)."""

from __future__ import annotations

import io
import zipfile

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)
JPEG = b"\xff\xd8\xff\xe0" + bytes(28) + b"\xff\xd9"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
EXE = b"MZ\x90\x00\x03" + bytes(59) + b"PE\x00\x00"
TEXT = "这不是图片\n".encode()


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def numbered_png(n: int) -> bytes:
    """A distinct PNG (its bytes differ by ``n``)."""
    return PNG + n.to_bytes(4, "big")
