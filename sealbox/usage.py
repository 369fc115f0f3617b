"""A grant's 使用模式 (物理印章模式 / 电子印章模式) and 用印区域 (seed 003, S3:395-407, WAVE2-NOTES
§B6). One check for the platform and the client, so a wrong value is refused alike on both sides.

Neither goes into the box's signed command: the box stamps the same way in both modes (the
electronic mode is the platform's own use of the seal) and has no position to compare an area
with; they are kept with the grant and shown with it."""

from __future__ import annotations

import re

USAGE_MODES = ("physical", "electronic")  # 物理印章模式, 电子印章模式
MAX_AREA = 50
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class UsageError(ValueError):
    """``field``: usage_mode or area; ``reason``: unknown (a mode not of the two), too_long
    (an area over 50 characters), control (a tab or line break in the area)."""

    def __init__(self, field: str, reason: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.reason = reason


def check_usage(mode: str, area: str) -> tuple[str, str]:
    """The mode and the area trimmed ("" for none).

    :raises UsageError: a mode not physical or electronic, an area over 50 characters or with
        a control character.
    """
    if mode not in USAGE_MODES:
        raise UsageError("usage_mode", "unknown", f"usage mode {mode[:20]!r}: physical|electronic")
    area = area.strip()
    if len(area) > MAX_AREA:
        raise UsageError("area", "too_long", f"area of {len(area)} characters (at most {MAX_AREA})")
    if _CONTROL.search(area):
        raise UsageError("area", "control", "the area has a control character")
    return mode, area
