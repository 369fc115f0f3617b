"""文件标识 of a 用印申请 (S3, WAVE2-NOTES §B5): the document's 69 barcode (an EAN-13 of
China's GS1 prefix 690–699: 13 digits, the last a check digit) or the text of its QR code
(at most 200 characters, no control characters). One check for the platform and the client,
so a wrong check digit is refused alike on both sides, with the digit it should be."""

from __future__ import annotations

import re

MAX_QR = 200
_BARCODE = re.compile(r"69[0-9]{11}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class FileCodeError(ValueError):
    """``reason``: check_digit (``expected`` holds the right digit), too_long, control."""

    def __init__(self, reason: str, message: str, expected: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.expected = expected


def ean13_check_digit(first12: str) -> int:
    """The EAN-13 check digit of 12 digits (weights 1, 3, 1, 3 … from the left)."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


def kind_of(code: str) -> str:
    """``barcode`` (13 digits starting 69), ``qr`` (any other text) or "" (none)."""
    if not code:
        return ""
    return "barcode" if _BARCODE.fullmatch(code) else "qr"


def check_file_code(text: str) -> str:
    """The 文件标识 trimmed ("" for none).

    :raises FileCodeError: a 69 barcode whose check digit is wrong; a QR text over 200
        characters or with control characters (a tab, a line break).
    """
    code = text.strip()
    if kind_of(code) == "barcode":
        expected = ean13_check_digit(code[:12])
        if int(code[12]) != expected:
            raise FileCodeError(
                "check_digit",
                f"the EAN-13 barcode {code} has check digit {code[12]}, it should be {expected}",
                expected,
            )
        return code
    if len(code) > MAX_QR:
        raise FileCodeError("too_long", f"a QR text is at most {MAX_QR} characters")
    if _CONTROL.search(code):
        raise FileCodeError("control", "control characters are not allowed")
    return code
